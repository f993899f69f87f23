#ifndef IMGREG_JSONW_H
#define IMGREG_JSONW_H
#include <stdbool.h>
#include <stddef.h>

#include "imgreg/buf.h"
/*
 * Writing JSON the way Go's encoding/json does, byte for byte: the JSON lines of the read-only
 * filters, and the .dockerconfigjson that kubectl writes (whose bytes are base64-encoded into
 * a Secret, so every escape matters). Strings are escaped as json.Marshal escapes them:
 * '"' and '\\' with a backslash; \b \f \n \r \t by name; other control characters as \u00XX;
 * U+2028 and U+2029 as \u2028 and \u2029; with IR_JSONW_HTML also '<', '>' and '&' as \u003c,
 * \u003e and \u0026; each byte that is not part of valid UTF-8 as \ufffd. Everything else,
 * multi-byte UTF-8 included, is copied unchanged.
 *
 * Ownership: a writer borrows its buffer; nothing here allocates but the buffer's growth.
 */

/* Escape '<', '>' and '&' too, as json.Marshal does by default. */
#define IR_JSONW_HTML	1u

/* Objects nest at most this deep. */
#define IR_JSONW_DEPTH	8

/* A writer of one JSON value into a buffer. */
struct ir_jsonw {
	struct ir_buf *out;
	unsigned flags;
	int depth;			/* open objects */
	size_t members[IR_JSONW_DEPTH];	/* members written so far in each open object */
};

/* Appends the len bytes at s as a JSON string (with its quotes) to out. */
void ir_jsonw_string(struct ir_buf *out, const char *s, size_t len, unsigned flags);

/* Starts a writer on out and opens its top-level object. */
void ir_jsonw_open(struct ir_jsonw *w, struct ir_buf *out, unsigned flags);
/* Opens an object as the value of member key of the current object. */
void ir_jsonw_object(struct ir_jsonw *w, const char *key);
/* Closes the current object. */
void ir_jsonw_close(struct ir_jsonw *w);
/* Writes member key with the string value s (NUL-terminated), or null when s is NULL. */
void ir_jsonw_str(struct ir_jsonw *w, const char *key, const char *s);
/* Writes member key with the len bytes at s as a string value. */
void ir_jsonw_strn(struct ir_jsonw *w, const char *key, const char *s, size_t len);
/* Writes member key with an unsigned number value. */
void ir_jsonw_num(struct ir_jsonw *w, const char *key, unsigned long v);
/* Writes member key with a boolean value. */
void ir_jsonw_bool(struct ir_jsonw *w, const char *key, bool v);
#endif
