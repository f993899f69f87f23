#ifndef IMGREG_INTERNAL_H
#define IMGREG_INTERNAL_H
/* Declarations shared by the library's own files; not part of the public headers. */
#include <libfyaml.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The first error libfyaml reported while parsing, as 1-based line and column. */
struct ir_parse_error {
	int got;
	unsigned long line, col;
	char msg[256];
};

/*
 * Creates a parser over len bytes at data with the project's flags (duplicate keys allowed,
 * sloppy flow indentation, errors captured into *perr instead of printed). Returns NULL when
 * libfyaml cannot allocate one.
 */
struct fy_parser *ir_parser_open(const char *data, size_t len, struct ir_parse_error *perr);
/* Destroys the parser and the diagnostic object it was given. */
void ir_parser_close(struct fy_parser *fyp);

struct ir_doc;
struct ir_val;
/* Records that key (NULL for a sequence item) and val are inserted into parent before child
 * before (0: at the end), so that verification expects them. */
void ir_edits_note_insert(struct ir_doc *doc, uint32_t parent, uint32_t before, const char *key,
    const struct ir_val *val, bool flow);
#endif
