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
 * Opens a parser (a kept one, or a new one) over len bytes at data with the project's flags (duplicate keys allowed,
 * sloppy flow indentation, errors captured into *perr instead of printed). Returns NULL when
 * libfyaml cannot allocate one.
 */
struct fy_parser *ir_parser_open(const char *data, size_t len, struct ir_parse_error *perr);
/*
 * The same, but always a new parser: for a parse that will likely stop inside its input
 * (which ir_parser_close() then destroys), so as not to use up the kept ones.
 */
struct fy_parser *ir_parser_open_new(const char *data, size_t len, struct ir_parse_error *perr);
/*
 * Closes a parser from ir_parser_open(). One that gave every event of its input (to_end) is
 * reset and kept for a later ir_parser_open(); others are dropped.
 */
void ir_parser_close(struct fy_parser *fyp, bool to_end);
/*
 * Destroys any libfyaml parser, except one that stopped on an error: that one is kept and
 * never used again (libfyaml 0.7.12 may crash destroying it: parser.c).
 */
void ir_parser_drop(struct fy_parser *fyp);

/* Where a stream is cut into parts (ir_yaml_cuts()). */
struct ir_cuts {
	size_t *at;		/* where the parts start, the first at 0 (to free) */
	size_t n;
	size_t items, tail;	/* parts [items, tail) start at items of a List, part tail */
				/* at the keys after them; items is 0 when none do */
};

/*
 * Finds where a stream of len bytes at d may be cut into parts parsed one by one on their
 * own: at lines "---" (a document start marker, which no scalar may hold), the first such
 * line every bytes or more after the last cut (at every one when every is 0). With list
 * (the stream starts with a List whose kind comes after its items, as kubectl writes it,
 * and holds no anchor), also at its items, every_item bytes apart in the same way: at lines
 * "- " at column 0 after its line "items:", and at the first other line at column 0 after
 * them (not a comment), where its tail of keys starts; the List is not cut when that line
 * starts with no plain key ("kind:"). A parse from a cut must still prove
 * that a document, an item or the tail starts there, and that no directive came before it
 * (yaml_parse.c).
 */
void ir_yaml_cuts(const char *d, size_t len, size_t every, bool list, size_t every_item,
    struct ir_cuts *c);

/*
 * A List's items smaller than this on average are read on one thread: handing an item to the
 * filter's thread costs about what parsing a hundred bytes does (10 MB of 100-byte items took
 * longer handed away, 250-byte items a third less).
 */
#define IR_ITEM_MIN_BYTES ((size_t)128)

/*
 * True when the items of the block sequence whose first '-' is at offset from of the len
 * bytes at d are small (IR_ITEM_MIN_BYTES), judged from the lines of its first 64 KB.
 */
bool ir_yaml_items_small(const char *d, size_t len, size_t from);
/* The same for the items of a List that starts the stream (its line "items:" at column 0). */
bool ir_yaml_list_small(const char *d, size_t len);

/* Where the last token ended, for placing unmarked (empty) scalars and finding block headers. */
struct ir_span {
	size_t last_end;
};

/*
 * Follows event e of text d: for a scalar or an alias, sets [*start, *end) to its byte span
 * and returns true (false for an empty scalar without marks, which gets an empty span at the
 * end of the previous token); for other events, notes where flow brackets end.
 */
bool ir_span_event(struct ir_span *sp, const char *d, struct fy_event *e, size_t *start,
    size_t *end);

/*
 * Decodes a literal block scalar whose header '|' or '|-' is at d[header] and whose content
 * ends at end (as ir_span_event() gives) into out, which has room for end - header + 1 bytes.
 * Returns the length, or (size_t)-1 for forms it leaves to libfyaml (keep chomping,
 * indentation indicators).
 */
size_t ir_literal_text(const char *d, size_t header, size_t end, char *out);

/*
 * Reads the indicators after the block scalar header '|' or '>' at d[h] (d NUL-terminated, as
 * stream texts are): *chomp is '+' (keep), '-' (strip) or 'c' (clip), *explicit_indent tells
 * whether an indentation digit is given (explicit_indent may be NULL). Returns the offset
 * after them.
 */
size_t ir_block_indicators(const char *d, size_t h, char *chomp, bool *explicit_indent);

/*
 * Proofs made by parsing a text alone against a wanted hash (proofs.c): true when text was
 * proven before in this thread, with the answer in *ok; ir_proof_keep() keeps an answer
 * (short texts only).
 */
bool ir_proof_known(const char *text, size_t len, uint64_t want, bool *ok);
void ir_proof_keep(const char *text, size_t len, uint64_t want, bool ok);

/*
 * Decodes the single-quoted scalar whose span, quotes included, is [start, end) of d into out
 * (room for end - start bytes): '' is a quote, line breaks fold as in every flow scalar.
 * libfyaml 0.7.12 leaks memory when it formats one with several '' escapes, so the library
 * never asks it to. Returns the length.
 */
size_t ir_single_text(const char *d, size_t start, size_t end, char *out);

/*
 * Returns the offset after the blanks and line breaks from off in the len bytes at d: where a
 * block scalar ending at off stops deciding its value (its chomping reads the line breaks
 * up to there, so a splice anywhere up to that point may change it).
 */
size_t ir_blank_end(const char *d, size_t len, size_t off);

/* Writes all of len bytes to fd (io.c). Returns 0, or -1 with errno. */
int ir_write_all(int fd, const char *p, size_t len);

struct ir_doc;
struct ir_val;
/* Records that key (NULL for a sequence item) and val are inserted into parent before child
 * before (0: at the end), so that verification expects them. */
void ir_edits_note_insert(struct ir_doc *doc, uint32_t parent, uint32_t before, const char *key,
    const struct ir_val *val, bool flow);
#endif
