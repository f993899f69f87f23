#ifndef IMGREG_EDIT_H
#define IMGREG_EDIT_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "imgreg/buf.h"
#include "imgreg/yaml.h"
/*
 * The editing core: edits are byte splices on a stream's original bytes, at spans from the
 * document index, written in the style of the surrounding YAML. Each edit also records what the
 * document must mean afterwards, so that the result can be parsed again and compared.
 *
 * Ownership: a stream owns its edit list (stream.h). Texts and values passed in are copied.
 */

struct ir_stream;
struct ir_edits;

/*
 * A value to insert: a scalar, or a mapping (items are key, value, key, value...) or sequence.
 * A scalar of kind IR_VERBATIM is written plain exactly as given, for text the caller knows
 * YAML reads as the type it means (an integer, true, false); IR_SCALAR text is quoted when
 * plain text would read back as anything but that string.
 */
struct ir_val {
	enum ir_kind kind;
	const char *text;		/* scalars */
	const struct ir_val *items;	/* collections */
	size_t n;
};

/* Creates the empty edit list of stream s. */
struct ir_edits *ir_edits_new(struct ir_stream *s);
/* Frees an edit list. */
void ir_edits_free(struct ir_edits *ed);
/* Returns the number of splices recorded on the stream. */
size_t ir_edits_count(const struct ir_edits *ed);

/*
 * Replaces the value of scalar id with text, keeping its quoting style where the text allows
 * (a plain scalar is quoted when plain text would read back as another string or type under
 * YAML 1.1 or 1.2). Returns 0, or -1 when the node was already replaced or is not a scalar.
 */
int ir_edit_replace(struct ir_doc *doc, ir_id id, const char *text, size_t len);
/*
 * Inserts key with value val into mapping map: before the pair whose key is before_key, or after
 * the last pair when before_key is 0. Block mappings get a new line in the indentation of their
 * keys; flow mappings get ", key: value". Returns 0.
 */
int ir_edit_map_insert(struct ir_doc *doc, ir_id map, ir_id before_key, const char *key,
    const struct ir_val *val);
/*
 * Appends item val to sequence seq, in the dash style of its items (block) or ", " (flow).
 * Both functions also fill an empty value (nothing, null or ~) of a block mapping key with a
 * new block collection holding the entry; they return -1 for a node they cannot edit.
 */
int ir_edit_seq_append(struct ir_doc *doc, ir_id seq, const struct ir_val *val);
/* True when node id already has a replacement. */
bool ir_edit_replaced(const struct ir_doc *doc, ir_id id);

/* Low level, for embedded manifests: a splice, and the value a scalar must read back as. */
void ir_edit_splice(struct ir_stream *s, size_t start, size_t end, const char *text, size_t len);
/* A splice its caller proved inert (ir_edits_inert()): an embedded manifest's inert splice
 * written back into its string byte for byte (embed.c). */
void ir_edit_splice_inert(struct ir_stream *s, size_t start, size_t end, const char *text,
    size_t len);
void ir_edit_expect(struct ir_doc *doc, ir_id id, const char *text, size_t len, bool plain);
/*
 * Returns the hash (verify.h) of a document that is the block mapping "key: val" alone, as
 * an insertion of that pair noted with flow (ir_edits_note_insert()) is hashed (insert.c
 * proves such insertions with it).
 */
uint64_t ir_edits_pair_hash(const char *key, const struct ir_val *val, bool flow);
/*
 * True when the splice of text (len bytes: a line break, then the pair "key: val" on lines
 * of their own, at the column of the mapping's keys) at pos, the end of the line where a value
 * of block mapping map ends, provably reads back as that pair inserted before key `before`
 * (0: after the last pair), noted with flow. Such a splice may be made with ir_edit_splice_inert() (insert.c
 * says why it holds).
 */
bool ir_edit_pair_inert(const struct ir_doc *doc, ir_id map, ir_id before, size_t pos,
    const char *text, size_t len, const char *key, const struct ir_val *val, bool flow);
/*
 * Splices pair (len bytes: "key: val" rendered for block mapping map at its keys' column, the
 * insertion noted with flow) in before key `before`: after the end of the line above when the
 * key starts its line (a splice that starts with its line break, as appends are, proven inert
 * when it can be), else right before the key.
 */
void ir_edit_pair_before(struct ir_doc *doc, ir_id map, ir_id before, const char *pair,
    size_t len, const char *key, const struct ir_val *val, bool flow);

/*
 * Ends a document: records the canonical hash of what the document must read back as
 * (verify.h), and forgets the document's node overlays. Called by the driver. While every
 * splice of the current part (ir_edits_part_begin()) is inert, there is nothing to compare:
 * IR_HASH_PROVEN is recorded instead, and the documents after the part's first other splice
 * are hashed. A check of the part compares those only: an edit in a later document cannot
 * change how an earlier one reads.
 */
void ir_edits_doc_done(struct ir_doc *doc);
/* Starts a part of the stream, checked on its own, at the next splice (parts.h). */
void ir_edits_part_begin(struct ir_edits *ed);
/*
 * Ends a List item handed over alone (doc->unit, yaml.h): records its hash for the
 * document's and forgets its overlays, before its nodes go. Called by the driver.
 */
void ir_edits_item_done(struct ir_doc *doc);
/* Notes the document's layout for insertions from the nodes built so far, before a List
 * item's nodes go (they may be the first to show it). Called by the driver. */
void ir_edit_layout_note(struct ir_doc *doc);

/* Writes the stream's bytes with every splice applied to out. Returns 0, -1 on overlap. */
int ir_edits_apply(const struct ir_edits *ed, struct ir_buf *out);
/* The same over base, a text as long as the stream's in its place (another reading of it). */
int ir_edits_apply_over(const struct ir_edits *ed, const char *base, struct ir_buf *out);

/* A splice, as ir_edits_splices() hands them out in order. */
struct ir_splice {
	size_t start, end;
	const char *text;
	size_t len;
	bool inert;		/* provably reads back as intended: see ir_edits_inert() */
};
/* Returns the splices sorted by position and sets *n. */
const struct ir_splice *ir_edits_splices(struct ir_edits *ed, size_t *n);
/* The bytes of new text in the splices numbered first to last (not included). */
size_t ir_edits_added(const struct ir_edits *ed, size_t first, size_t last);
/*
 * True when every splice numbered first to last (not included) replaces a scalar with a
 * value that provably reads back as intended, so that parsing the text again could find
 * nothing (ir_edit_replace() proves it, edit.c). The scalar is a value of a block collection
 * on one line, plain or quoted (the new text in the same quotes), whose source is its value;
 * both the old value and the new are "inert": letters, digits and ._/:@+- only, starting with
 * a letter or digit and not ending in ':'. Such a token ends on the same byte as the old one
 * and reads as its own text, and nothing around it can read differently. The drivers skip
 * those checks (process.c, parts.c).
 */
bool ir_edits_inert(const struct ir_edits *ed, size_t first, size_t last);

/*
 * Writes bytes [start, end) of the stream with the splices numbered first to last (not
 * included) applied to out, for a part of the stream that is finished. Sorts those splices in
 * place, in the order ir_edits_splices() gives, and points *done at them and *n at their
 * number. Returns 0, -1 when two overlap, or -2, writing nothing, when one lies outside the
 * range.
 */
int ir_edits_apply_range(struct ir_edits *ed, size_t first, size_t last, size_t start,
    size_t end, struct ir_buf *out, const struct ir_splice **done, size_t *n);

/* The hashes of the current document's List items handed over so far (ir_edits_item_done),
 * by index; sets *n. */
const uint64_t *ir_edits_item_hashes(const struct ir_edits *ed, size_t *n);

/* Scalars: the YAML text of a value. */
/* True when text can be written as a plain scalar and read back as the same string under both
 * YAML 1.1 and 1.2 (in flow context when flow is set). */
bool ir_scalar_plain_ok(const char *text, size_t len, bool flow);
/* Appends text written in style (IR_PLAIN falls back to quotes when it must). */
void ir_scalar_write(struct ir_buf *out, const char *text, size_t len, enum ir_style style,
    bool flow);
/* Returns the style ir_scalar_write() uses for text asked in style. */
enum ir_style ir_scalar_style_for(const char *text, size_t len, enum ir_style style, bool flow);
/* Appends text in style, one ir_scalar_style_for() returned for it (not decided again). */
void ir_scalar_write_as(struct ir_buf *out, const char *text, size_t len, enum ir_style style);
#endif
