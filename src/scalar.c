/* Writing scalar text in a chosen quoting style, and deciding when plain is safe. */
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "imgreg/edit.h"

/* Words that YAML 1.1 or 1.2 reads as null, booleans or special floats, with their lengths
 * (every replaced image and added key is looked up here). */
#define W(s) { s, sizeof(s) - 1 }
static const struct {
	const char *w;
	size_t n;
} special[] = {
	W("~"), W("null"), W("Null"), W("NULL"), W("y"), W("Y"), W("yes"), W("Yes"), W("YES"),
	W("n"), W("N"), W("no"), W("No"), W("NO"), W("true"), W("True"), W("TRUE"), W("false"),
	W("False"), W("FALSE"), W("on"), W("On"), W("ON"), W("off"), W("Off"), W("OFF"),
	W(".inf"), W(".Inf"), W(".INF"), W("+.inf"), W("+.Inf"), W("+.INF"), W("-.inf"),
	W("-.Inf"), W("-.INF"), W(".nan"), W(".NaN"), W(".NAN"), W("="), W("<<"),
};
#undef W

/* Returns the length of a Unicode line break NEL, LS or PS at t (0 when none). */
static size_t
unicode_break(const char *t, size_t len)
{
	const unsigned char *u = (const unsigned char *)t;

	if (len >= 2 && u[0] == 0xc2 && u[1] == 0x85)
		return 2;
	if (len >= 3 && u[0] == 0xe2 && u[1] == 0x80 && (u[2] == 0xa8 || u[2] == 0xa9))
		return 3;
	return 0;
}

/* True when text needs double quotes: a control character or a line break of any kind
 * (YAML 1.1 readers, go-yaml among them, take NEL, LS and PS as line breaks). */
static bool
needs_escapes(const char *t, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)t[i];

		if (c < 0x20 || c == 0x7f)
			return true;
		/* NEL, LS and PS start with 0xc2 or 0xe2: other bytes need no closer look */
		if ((c == 0xc2 || c == 0xe2) && unicode_break(t + i, len - i))
			return true;
	}
	return false;
}

/* True when the len bytes at t are all in set. */
static bool
all_of(const char *t, size_t len, const char *set)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (strchr(set, t[i]) == NULL)
			return false;
	return true;
}

/*
 * True when text could be read as a number, a date or a time by a YAML 1.1 or 1.2 resolver:
 * integers in any base with '_' separators, floats (YAML 1.1 allows "1.2.3"), sexagesimal
 * "1:20", exponents, and timestamps starting "2001-12-14". Anything with another letter, a
 * '/' or a space is a string to both.
 */
static bool
numberish(const char *t, size_t len)
{
	if (len >= 10 && all_of(t, 4, "0123456789") && t[4] == '-' && isdigit((unsigned char)t[5]))
		return true;
	if (len > 0 && (t[0] == '+' || t[0] == '-')) {
		t++;
		len--;
	}
	if (len == 0)
		return false;
	if (len > 2 && t[0] == '0' && strchr("xXoObB", t[1]))
		return all_of(t + 2, len - 2, "0123456789abcdefABCDEF_");
	if (!isdigit((unsigned char)t[0]) && !(t[0] == '.' && len > 1 &&
	    isdigit((unsigned char)t[1])))
		return false;
	return all_of(t, len, "0123456789_.:eE+-");
}

bool
ir_scalar_plain_ok(const char *t, size_t len, bool flow)
{
	size_t i;

	if (len == 0 || numberish(t, len) || needs_escapes(t, len))
		return false;
	/* a document marker at the start of a line would end the document */
	if (len >= 3 && (memcmp(t, "---", 3) == 0 || memcmp(t, "...", 3) == 0))
		return false;
	for (i = 0; i < sizeof(special) / sizeof(special[0]); i++)
		if (special[i].n == len && memcmp(special[i].w, t, len) == 0)
			return false;
	if (strchr("-?:,[]{}#&*!|>'\"%@`", t[0]) && !((t[0] == '-' || t[0] == '?' ||
	    t[0] == ':') && len > 1 && !strchr(" \t,[]{}", t[1]) && !flow))
		return false;
	if (t[0] == ' ' || t[0] == '\t' || t[len - 1] == ' ' || t[len - 1] == '\t' ||
	    t[len - 1] == ':')
		return false;
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)t[i];

		if (c < 0x20 || c == 0x7f)
			return false;
		if (c == ':' && i + 1 < len && (t[i + 1] == ' ' || t[i + 1] == '\t'))
			return false;
		if (c == '#' && i > 0 && (t[i - 1] == ' ' || t[i - 1] == '\t'))
			return false;
		if (flow && strchr(",[]{}?", c))
			return false;
		if (flow && c == ':' && i + 1 < len && strchr(",[]{}", t[i + 1]))
			return false;
	}
	return true;
}

enum ir_style
ir_scalar_style_for(const char *t, size_t len, enum ir_style style, bool flow)
{
	if (needs_escapes(t, len))
		return IR_DOUBLE;
	if (style == IR_DOUBLE)
		return IR_DOUBLE;
	if (style == IR_PLAIN && ir_scalar_plain_ok(t, len, flow))
		return IR_PLAIN;
	return IR_SINGLE;
}

/* Appends text double-quoted with escapes. */
static void
write_double(struct ir_buf *out, const char *t, size_t len)
{
	static const char hex[] = "0123456789abcdef";
	size_t i, n;

	ir_buf_addc(out, '"');
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)t[i];

		if ((n = unicode_break(t + i, len - i)) != 0) {
			ir_buf_adds(out, n == 2 ? "\\N" : (unsigned char)t[i + 2] == 0xa8 ? "\\L" :
			    "\\P");
			i += n - 1;
		} else if (c == '"' || c == '\\') {
			ir_buf_addc(out, '\\');
			ir_buf_addc(out, (char)c);
		} else if (c == '\n')
			ir_buf_adds(out, "\\n");
		else if (c == '\t')
			ir_buf_adds(out, "\\t");
		else if (c == '\r')
			ir_buf_adds(out, "\\r");
		else if (c < 0x20 || c == 0x7f) {
			ir_buf_adds(out, "\\x");
			ir_buf_addc(out, hex[c >> 4]);
			ir_buf_addc(out, hex[c & 15]);
		} else
			ir_buf_addc(out, (char)c);
	}
	ir_buf_addc(out, '"');
}

void
ir_scalar_write(struct ir_buf *out, const char *t, size_t len, enum ir_style style, bool flow)
{
	ir_scalar_write_as(out, t, len, ir_scalar_style_for(t, len, style, flow));
}

void
ir_scalar_write_as(struct ir_buf *out, const char *t, size_t len, enum ir_style style)
{
	size_t i;

	switch (style) {
	case IR_PLAIN:
		ir_buf_add(out, t, len);
		break;
	case IR_DOUBLE:
		write_double(out, t, len);
		break;
	default:
		ir_buf_addc(out, '\'');
		for (i = 0; i < len; i++) {
			if (t[i] == '\'')
				ir_buf_addc(out, '\'');
			ir_buf_addc(out, t[i]);
		}
		ir_buf_addc(out, '\'');
		break;
	}
}
