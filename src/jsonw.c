/* A JSON writer that escapes strings as Go's encoding/json does. */
#include <string.h>

#include "imgreg/jsonw.h"

static const char hex[] = "0123456789abcdef";

/* Returns the length of the valid UTF-8 sequence at s (at most n bytes), or 0 when the bytes
 * there are not one: overlong forms, surrogates and code points past U+10FFFF are invalid. */
static size_t
utf8_len(const unsigned char *s, size_t n, unsigned long *cp)
{
	size_t len, i;

	if (s[0] < 0x80)
		len = 1, *cp = s[0];
	else if (s[0] >= 0xc2 && s[0] <= 0xdf)
		len = 2, *cp = s[0] & 0x1f;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		len = 3, *cp = s[0] & 0x0f;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		len = 4, *cp = s[0] & 0x07;
	else
		return 0;
	if (len > n)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		*cp = *cp << 6 | (s[i] & 0x3f);
	}
	if ((len == 3 && (*cp < 0x800 || (*cp >= 0xd800 && *cp < 0xe000))) ||
	    (len == 4 && (*cp < 0x10000 || *cp > 0x10ffff)))
		return 0;
	return len;
}

/* Appends the escape of ASCII byte c, or returns false when c is written as it is. */
static bool
escape_ascii(struct ir_buf *out, unsigned char c, unsigned flags)
{
	static const char named[] = "\b\f\n\r\t", names[] = "bfnrt";
	const char *p;

	if (c == '"' || c == '\\') {
		ir_buf_addc(out, '\\');
		ir_buf_addc(out, (char)c);
	} else if (c != '\0' && (p = strchr(named, c)) != NULL) {
		ir_buf_addc(out, '\\');
		ir_buf_addc(out, names[p - named]);
	} else if (c < 0x20 || ((flags & IR_JSONW_HTML) && (c == '<' || c == '>' || c == '&'))) {
		ir_buf_adds(out, "\\u00");
		ir_buf_addc(out, hex[c >> 4]);
		ir_buf_addc(out, hex[c & 15]);
	} else
		return false;
	return true;
}

void
ir_jsonw_string(struct ir_buf *out, const char *s, size_t len, unsigned flags)
{
	const unsigned char *u = (const unsigned char *)s;
	unsigned long cp;
	size_t i = 0, n;

	ir_buf_addc(out, '"');
	while (i < len) {
		if (u[i] < 0x80) {
			if (!escape_ascii(out, u[i], flags))
				ir_buf_addc(out, (char)u[i]);
			i++;
			continue;
		}
		if ((n = utf8_len(u + i, len - i, &cp)) == 0) {
			ir_buf_adds(out, "\\ufffd");
			i++;
		} else if (cp == 0x2028 || cp == 0x2029) {
			ir_buf_adds(out, cp == 0x2028 ? "\\u2028" : "\\u2029");
			i += n;
		} else {
			ir_buf_add(out, s + i, n);
			i += n;
		}
	}
	ir_buf_addc(out, '"');
}

void
ir_jsonw_open(struct ir_jsonw *w, struct ir_buf *out, unsigned flags)
{
	memset(w, 0, sizeof(*w));
	w->out = out;
	w->flags = flags;
	ir_buf_addc(out, '{');
	w->depth = 1;
}

/* Writes the separator and the key of a new member of the current object. */
static void
member(struct ir_jsonw *w, const char *key)
{
	if (w->members[w->depth - 1]++ > 0)
		ir_buf_addc(w->out, ',');
	ir_jsonw_string(w->out, key, strlen(key), w->flags);
	ir_buf_addc(w->out, ':');
}

void
ir_jsonw_object(struct ir_jsonw *w, const char *key)
{
	if (w->depth >= IR_JSONW_DEPTH)
		return;
	member(w, key);
	ir_buf_addc(w->out, '{');
	w->members[w->depth++] = 0;
}

void
ir_jsonw_close(struct ir_jsonw *w)
{
	if (w->depth == 0)
		return;
	ir_buf_addc(w->out, '}');
	w->depth--;
}

void
ir_jsonw_str(struct ir_jsonw *w, const char *key, const char *s)
{
	if (s == NULL) {
		member(w, key);
		ir_buf_adds(w->out, "null");
	} else
		ir_jsonw_strn(w, key, s, strlen(s));
}

void
ir_jsonw_strn(struct ir_jsonw *w, const char *key, const char *s, size_t len)
{
	member(w, key);
	ir_jsonw_string(w->out, s, len, w->flags);
}

void
ir_jsonw_num(struct ir_jsonw *w, const char *key, unsigned long v)
{
	member(w, key);
	ir_buf_addf(w->out, "%lu", v);
}

void
ir_jsonw_bool(struct ir_jsonw *w, const char *key, bool v)
{
	member(w, key);
	ir_buf_adds(w->out, v ? "true" : "false");
}
