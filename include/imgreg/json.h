#ifndef IMGREG_JSON_H
#define IMGREG_JSON_H
#include <stdbool.h>
#include <stddef.h>

#include "imgreg/buf.h"
/*
 * A small, strict JSON reader (RFC 8259) for the JSON objects the filters merge into, such as
 * KubeSphere's annotation '{"container":"secret"}': the whole text is checked, and the members
 * of the top-level object are reported with their keys and where they are, so that new members
 * can be spliced in without rewriting the old ones.
 *
 * Ownership: ir_json_object_release() frees everything ir_json_parse_object() allocated.
 */

/* One member of the top-level object. */
struct ir_json_member {
	char *key;		/* decoded, NUL-terminated (key_len counts an escaped NUL) */
	size_t key_len;
	char *str;		/* the value decoded when it is a string, NULL otherwise */
	size_t str_len;
	size_t start;		/* offset of the key's opening quote */
	size_t end;		/* offset just past the value */
};

/* The top-level object of a JSON text. */
struct ir_json_object {
	struct ir_json_member *members;
	size_t n;
	size_t open;		/* offset of '{' */
	size_t close;		/* offset of '}' */
	bool colon_space;	/* the first member writes ": " (a space after its colon) */
	bool comma_space;	/* the first ',' between members is followed by a space */
};

/*
 * Parses the len bytes at text, which must be one JSON object (whitespace around it allowed).
 * Returns 0 and fills *obj, or -1 with *err_off at the offending byte and *why a static
 * lower-case message ("expected ':' after an object key", "unterminated string"...); obj
 * then holds nothing to release.
 */
int ir_json_parse_object(const char *text, size_t len, struct ir_json_object *obj,
    size_t *err_off, const char **why);
/* Frees what ir_json_parse_object() allocated and zeroes obj. */
void ir_json_object_release(struct ir_json_object *obj);
/* Returns the member whose key is the len bytes at key, or NULL (the first when repeated). */
const struct ir_json_member *ir_json_object_get(const struct ir_json_object *obj,
    const char *key, size_t len);
/* Appends the len bytes at s as a JSON string: quoted, with '"', '\\' and controls escaped. */
void ir_json_write_string(struct ir_buf *out, const char *s, size_t len);
#endif
