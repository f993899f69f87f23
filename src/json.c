/* A strict JSON reader for one top-level object, and a JSON string writer. */
#include <stdlib.h>
#include <string.h>

#include "imgreg/buf.h"
#include "imgreg/json.h"

/* Arrays and objects nest at most this deep. */
#define MAX_DEPTH 512

/* The state of one parse. */
struct jp {
	const char *t;
	size_t len;
	size_t p;
	int depth;
	size_t err;
	const char *why;
};

/* Records the first error at offset off; returns -1. */
static int
fail(struct jp *j, size_t off, const char *why)
{
	j->err = off;
	j->why = why;
	return -1;
}

/* Skips JSON whitespace. */
static void
ws(struct jp *j)
{
	while (j->p < j->len && strchr(" \t\r\n", j->t[j->p]) && j->t[j->p] != '\0')
		j->p++;
}

/* True when the next byte is c (the text is not exhausted). */
static bool
at(const struct jp *j, char c)
{
	return j->p < j->len && j->t[j->p] == c;
}

/* Returns the value of the hex digit c, or -1. */
static int
hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if ((c | 0x20) >= 'a' && (c | 0x20) <= 'f')
		return (c | 0x20) - 'a' + 10;
	return -1;
}

/* Reads the 4 hex digits at offset p into *u; returns -1 when they are not 4 hex digits. */
static int
hex4(const struct jp *j, size_t p, unsigned long *u)
{
	int i, v;

	*u = 0;
	if (p + 4 > j->len)
		return -1;
	for (i = 0; i < 4; i++) {
		if ((v = hexval(j->t[p + (size_t)i])) < 0)
			return -1;
		*u = *u * 16 + (unsigned long)v;
	}
	return 0;
}

/* Appends code point cp as UTF-8. */
static void
put_utf8(struct ir_buf *out, unsigned long cp)
{
	if (cp < 0x80) {
		ir_buf_addc(out, (char)cp);
	} else if (cp < 0x800) {
		ir_buf_addc(out, (char)(0xc0 | cp >> 6));
		ir_buf_addc(out, (char)(0x80 | (cp & 0x3f)));
	} else if (cp < 0x10000) {
		ir_buf_addc(out, (char)(0xe0 | cp >> 12));
		ir_buf_addc(out, (char)(0x80 | ((cp >> 6) & 0x3f)));
		ir_buf_addc(out, (char)(0x80 | (cp & 0x3f)));
	} else {
		ir_buf_addc(out, (char)(0xf0 | cp >> 18));
		ir_buf_addc(out, (char)(0x80 | ((cp >> 12) & 0x3f)));
		ir_buf_addc(out, (char)(0x80 | ((cp >> 6) & 0x3f)));
		ir_buf_addc(out, (char)(0x80 | (cp & 0x3f)));
	}
}

/*
 * Decodes the \u escape at j->p (on the 'u'), pairing surrogates; an unpaired surrogate
 * becomes U+FFFD, as Go's encoding/json reads it. Returns 0 or -1.
 */
static int
unicode_escape(struct jp *j, struct ir_buf *out)
{
	unsigned long cp, lo;

	if (hex4(j, j->p + 1, &cp) != 0)
		return fail(j, j->p - 1, "invalid \\u escape in a string");
	j->p += 5;
	if (cp >= 0xd800 && cp < 0xdc00 && j->p + 1 < j->len && j->t[j->p] == '\\' &&
	    j->t[j->p + 1] == 'u' && hex4(j, j->p + 2, &lo) == 0 && lo >= 0xdc00 &&
	    lo < 0xe000) {
		cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
		j->p += 6;
	} else if (cp >= 0xd800 && cp < 0xe000)
		cp = 0xfffd;
	put_utf8(out, cp);
	return 0;
}

/* Decodes the escape at j->p (after the backslash) into out. Returns 0 or -1. */
static int
escape(struct jp *j, struct ir_buf *out)
{
	static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
	const char *e;

	if (j->p >= j->len)
		return fail(j, j->p - 1, "unterminated string");
	if (j->t[j->p] == 'u')
		return unicode_escape(j, out);
	if (j->t[j->p] == '\0' || (e = strchr(from, j->t[j->p])) == NULL)
		return fail(j, j->p - 1, "invalid escape in a string");
	ir_buf_addc(out, to[e - from]);
	j->p++;
	return 0;
}

/* Parses the string at j->p (on its '"') and decodes it into out. Returns 0 or -1. */
static int
string(struct jp *j, struct ir_buf *out)
{
	size_t open = j->p;
	unsigned char c;

	j->p++;
	for (;;) {
		if (j->p >= j->len)
			return fail(j, open, "unterminated string");
		c = (unsigned char)j->t[j->p];
		if (c == '"')
			break;
		if (c < 0x20)
			return fail(j, j->p, "control character in a string (write it as an "
			    "escape)");
		if (c == '\\') {
			j->p++;
			if (escape(j, out) != 0)
				return -1;
			continue;
		}
		ir_buf_addc(out, (char)c);
		j->p++;
	}
	j->p++;
	return 0;
}

/* Skips the digits at j->p; returns how many there were. */
static size_t
digits(struct jp *j)
{
	size_t n = 0;

	while (j->p < j->len && j->t[j->p] >= '0' && j->t[j->p] <= '9') {
		j->p++;
		n++;
	}
	return n;
}

/* Parses a number: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)? Returns 0 or -1. */
static int
number(struct jp *j)
{
	size_t start = j->p;

	if (at(j, '-'))
		j->p++;
	if (at(j, '0'))
		j->p++;
	else if (digits(j) == 0)
		return fail(j, start, "invalid number");
	if (at(j, '.')) {
		j->p++;
		if (digits(j) == 0)
			return fail(j, start, "invalid number");
	}
	if (at(j, 'e') || at(j, 'E')) {
		j->p++;
		if (at(j, '+') || at(j, '-'))
			j->p++;
		if (digits(j) == 0)
			return fail(j, start, "invalid number");
	}
	if (j->p < j->len && strchr("0123456789", j->t[j->p]) && j->t[j->p] != '\0')
		return fail(j, start, "invalid number (a leading zero)");
	return 0;
}

/* Parses true, false or null. Returns 0 or -1. */
static int
literal(struct jp *j)
{
	static const char *const words[] = { "true", "false", "null" };
	size_t i, n;

	for (i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
		n = strlen(words[i]);
		if (j->len - j->p >= n && memcmp(j->t + j->p, words[i], n) == 0) {
			j->p += n;
			return 0;
		}
	}
	return fail(j, j->p, "expected a value");
}

static int value(struct jp *j);

/* Parses an array at j->p (on its '['). Returns 0 or -1. */
static int
array(struct jp *j)
{
	j->p++;
	ws(j);
	if (at(j, ']')) {
		j->p++;
		return 0;
	}
	for (;;) {
		if (value(j) != 0)
			return -1;
		ws(j);
		if (at(j, ']')) {
			j->p++;
			return 0;
		}
		if (!at(j, ','))
			return fail(j, j->p, "expected ',' or ']' after an array item");
		j->p++;
		ws(j);
	}
}

/*
 * Parses one "key": value member of an object, decoding its key into key (may be NULL) and
 * storing where the value starts in *vstart (may be NULL).
 */
static int
member(struct jp *j, struct ir_buf *key, size_t *vstart)
{
	struct ir_buf skip = IR_BUF_INIT;
	int rc;

	if (!at(j, '"'))
		return fail(j, j->p, "expected a string key");
	rc = string(j, key ? key : &skip);
	ir_buf_free(&skip);
	if (rc != 0)
		return -1;
	ws(j);
	if (!at(j, ':'))
		return fail(j, j->p, "expected ':' after an object key");
	j->p++;
	ws(j);
	if (vstart)
		*vstart = j->p;
	return value(j);
}

/* Parses a nested object at j->p (on its '{'). Returns 0 or -1. */
static int
object(struct jp *j)
{
	j->p++;
	ws(j);
	if (at(j, '}')) {
		j->p++;
		return 0;
	}
	for (;;) {
		if (member(j, NULL, NULL) != 0)
			return -1;
		ws(j);
		if (at(j, '}')) {
			j->p++;
			return 0;
		}
		if (!at(j, ','))
			return fail(j, j->p, "expected ',' or '}' after an object member");
		j->p++;
		ws(j);
	}
}

/* Parses any value at j->p. Returns 0 or -1. */
static int
value(struct jp *j)
{
	struct ir_buf skip = IR_BUF_INIT;
	int rc;

	if (j->p >= j->len)
		return fail(j, j->p, "unexpected end of text, expected a value");
	switch (j->t[j->p]) {
	case '"':
		rc = string(j, &skip);
		ir_buf_free(&skip);
		return rc;
	case '{':
	case '[':
		if (++j->depth > MAX_DEPTH)
			return fail(j, j->p, "nested too deeply");
		rc = j->t[j->p] == '{' ? object(j) : array(j);
		j->depth--;
		return rc;
	case '-':
	case '0': case '1': case '2': case '3': case '4':
	case '5': case '6': case '7': case '8': case '9':
		return number(j);
	default:
		return literal(j);
	}
}

/* Parses one member of the top-level object and records it in obj. Returns 0 or -1. */
static int
top_member(struct jp *j, struct ir_json_object *obj)
{
	struct ir_buf key = IR_BUF_INIT, str = IR_BUF_INIT;
	struct ir_json_member *m;
	size_t start = j->p, vstart = 0;

	if (member(j, &key, &vstart) != 0) {
		ir_buf_free(&key);
		return -1;
	}
	obj->members = ir_xrealloc(obj->members, (obj->n + 1) * sizeof(*obj->members));
	m = &obj->members[obj->n++];
	memset(m, 0, sizeof(*m));
	m->key_len = key.len;
	m->key = key.data ? ir_buf_detach(&key, NULL) : ir_xstrndup("", 0);
	m->start = start;
	m->end = j->p;
	if (obj->n == 1)
		obj->colon_space = vstart > 0 && j->t[vstart - 1] != ':';
	if (j->t[vstart] == '"') {
		struct jp again = { .t = j->t, .len = j->len, .p = vstart };

		string(&again, &str);
		m->str_len = str.len;
		m->str = str.data ? ir_buf_detach(&str, NULL) : ir_xstrndup("", 0);
	}
	return 0;
}

/* Parses the members of the top-level object after its '{'. Returns 0 or -1. */
static int
top_members(struct jp *j, struct ir_json_object *obj)
{
	ws(j);
	if (at(j, '}'))
		return 0;
	for (;;) {
		if (top_member(j, obj) != 0)
			return -1;
		ws(j);
		if (at(j, '}'))
			return 0;
		if (!at(j, ','))
			return fail(j, j->p, "expected ',' or '}' after an object member");
		if (obj->n == 1)
			obj->comma_space = j->p + 1 < j->len &&
			    strchr(" \t\r\n", j->t[j->p + 1]) && j->t[j->p + 1] != '\0';
		j->p++;
		ws(j);
	}
}

int
ir_json_parse_object(const char *text, size_t len, struct ir_json_object *obj,
    size_t *err_off, const char **why)
{
	struct jp j = { .t = text, .len = len };

	memset(obj, 0, sizeof(*obj));
	ws(&j);
	if (j.p >= len)
		fail(&j, j.p, "empty text, expected a JSON object");
	else if (!at(&j, '{'))
		fail(&j, j.p, "expected a JSON object ('{')");
	else {
		obj->open = j.p++;
		j.depth = 1;
		if (top_members(&j, obj) == 0) {
			obj->close = j.p++;
			ws(&j);
			if (j.p < len)
				fail(&j, j.p, "unexpected text after the JSON object");
		}
	}
	if (j.why == NULL)
		return 0;
	ir_json_object_release(obj);
	*err_off = j.err;
	*why = j.why;
	return -1;
}

void
ir_json_object_release(struct ir_json_object *obj)
{
	size_t i;

	for (i = 0; i < obj->n; i++) {
		free(obj->members[i].key);
		free(obj->members[i].str);
	}
	free(obj->members);
	memset(obj, 0, sizeof(*obj));
}

const struct ir_json_member *
ir_json_object_get(const struct ir_json_object *obj, const char *key, size_t len)
{
	size_t i;

	for (i = 0; i < obj->n; i++)
		if (obj->members[i].key_len == len &&
		    memcmp(obj->members[i].key, key, len) == 0)
			return &obj->members[i];
	return NULL;
}

void
ir_json_write_string(struct ir_buf *out, const char *s, size_t len)
{
	static const char hex[] = "0123456789abcdef";
	size_t i;

	ir_buf_addc(out, '"');
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '"' || c == '\\') {
			ir_buf_addc(out, '\\');
			ir_buf_addc(out, (char)c);
		} else if (c < 0x20) {
			ir_buf_adds(out, "\\u00");
			ir_buf_addc(out, hex[c >> 4]);
			ir_buf_addc(out, hex[c & 15]);
		} else
			ir_buf_addc(out, (char)c);
	}
	ir_buf_addc(out, '"');
}
