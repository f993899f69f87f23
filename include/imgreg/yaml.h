#ifndef IMGREG_YAML_H
#define IMGREG_YAML_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
/*
 * The light index of a YAML stream: one document at a time is turned into a tree of nodes that
 * carry their kind, style and byte span in the stream's buffer. Nothing is re-emitted from it;
 * edits are byte splices at these spans (see edit.h).
 *
 * Ownership: a stream borrows its buffer (the caller keeps it alive and unchanged while the
 * stream is used). A document and everything it points to belongs to the parse call that hands
 * it to the callback and is freed when the callback returns.
 */

enum ir_kind {
	IR_SCALAR,
	IR_MAP,
	IR_SEQ,
	IR_ALIAS,
	IR_VERBATIM,		/* inserted values only (edit.h): a scalar written as given */
};

enum ir_style {
	IR_PLAIN,
	IR_SINGLE,
	IR_DOUBLE,
	IR_LITERAL,
	IR_FOLDED,
	IR_BLOCK,		/* a block collection */
	IR_FLOW,		/* a flow collection */
};

/* A node's index in its document; 0 is no node. */
typedef uint32_t ir_id;

struct ir_node {
	uint8_t kind;		/* enum ir_kind */
	uint8_t style;		/* enum ir_style */
	uint8_t has_text;	/* a scalar written with text (not an empty null) */
	uint8_t overlay;	/* edit.c: 1 replaced, 2 has insertions, 4 filled */
	ir_id parent;
	ir_id next;		/* next sibling: in a mapping keys and values alternate */
	ir_id first, last;	/* children */
	uint32_t nchild;
	size_t start;		/* byte span in the stream buffer: scalars include quotes and */
	size_t end;		/* block headers; collections end after their last content */
	size_t text_len;
	const char *text;	/* scalar value, or the alias' anchor name */
	ir_id target;		/* an alias: the node its anchor names */
	uint32_t index;		/* position among its parent's children (keys and values count) */
	const char *anchor;	/* NULL when none */
	const char *tag;	/* NULL when none */
};

struct ir_stream;

struct ir_doc {
	struct ir_stream *stream;
	struct ir_node *nodes;	/* nodes[0] is unused */
	size_t nnodes;
	size_t cap;
	ir_id root;
	unsigned index;		/* 0-based position of the document in its stream */
	size_t start;		/* where it starts: its "---", or its first token */
	bool alone;		/* the text from start parses alone as in the stream (yaml.c) */
	bool directives;	/* a document of the stream so far had %YAML or %TAG directives */
	struct ir_arena *arena;
	int indent_step;	/* detected mapping indentation, 0 until asked */
	int seq_indent;		/* dash column minus the parent key's column, -1 until asked */
	int dash_space;		/* spaces after '-' */
	bool layout_known;	/* insert.c: the three above are final */
	size_t layout_from;	/* insert.c: the first node not yet looked at for them */
	ir_id unit_seq;		/* the root mapping's first "items" value, when a sequence */
	uint32_t items_done;	/* how many of its items the unit callback had, one by one */
	ir_id unit;		/* during that callback: the item it is about */
	void *user;		/* for the caller's per-document state */
};

/* Parses the stream, handing each document to cb; cb returning nonzero stops the parse. */
typedef int (*ir_doc_fn)(struct ir_doc *doc, void *arg);

/*
 * Parses s->data and calls cb for each document. Returns 0, the callback's nonzero value, or
 * -1 for a parse error after storing its offset and text in *err_off and err (a buffer of
 * errsize bytes).
 */
int ir_yaml_parse(struct ir_stream *s, ir_doc_fn cb, void *arg, size_t *err_off,
    char *err, size_t errsize);

/*
 * The same, handing the items of each List document (a root mapping whose kind ends in
 * "List", see ir_kind_is_list()) to unit_cb one at a time as each item ends, with doc->unit
 * set, and then dropping the item's nodes: the item stays as a node without children, so
 * that a List is never held whole. The document callback then comes with doc->items_done
 * set to the number of items handed over. That stops at the first anchor of the document
 * (an alias may reach into another item): from that item on, items are kept whole and left
 * to the document callback. When the kind comes after the items (as kubectl writes it), it
 * is read ahead from the text; a document where that reading proves wrong (a "kind:" line
 * at column 0 inside a multi-line value) is refused as a parse error.
 */
int ir_yaml_parse_units(struct ir_stream *s, ir_doc_fn cb, ir_doc_fn unit_cb, void *arg,
    size_t *err_off, char *err, size_t errsize);

/*
 * True when a parse of s (with a unit callback or not) runs ahead on other threads
 * (ahead.h): an input of 256 KB or more, unless its first document is a List read item by
 * item and the input holds an '&' (an anchor would keep the items after it whole, and each
 * item before would wait for its call). Parsing ahead, a List's items are handed over as
 * documents of their own, each with a copy of the List's nodes above it, and a List that
 * starts the stream is cut into parts at its items too (internal.h, ir_yaml_cuts()); the
 * calls are the same. IMGREG_TEST_PARSE_AHEAD=1 or 0 in the environment forces it on or
 * off, for the tests; =p cuts at every document and item start.
 */
bool ir_yaml_ahead(const struct ir_stream *s, bool units);

/* Returns the node with id, or NULL for 0. */
static inline struct ir_node *
ir_node(const struct ir_doc *doc, ir_id id)
{
	return id ? &doc->nodes[id] : NULL;
}

/* Returns the value of key in mapping map (or 0); aliases are not followed. */
ir_id ir_map_get(const struct ir_doc *doc, ir_id map, const char *key);
/* Returns the key node whose value is val (or 0). */
ir_id ir_map_key_of(const struct ir_doc *doc, ir_id val);
/* Follows an alias to its anchored node; returns other nodes unchanged (0 when unknown). */
ir_id ir_resolve(const struct ir_doc *doc, ir_id id);
/* True when node id is a scalar whose text equals s. */
bool ir_scalar_is(const struct ir_doc *doc, ir_id id, const char *s);
/* Returns the text of scalar id as a NUL-terminated string, or NULL when not a scalar. */
const char *ir_scalar(const struct ir_doc *doc, ir_id id);
/* True when a kind names a list of objects (ends in "List", as kubectl's List does). */
bool ir_kind_is_list(const char *kind);
/* Returns the root mapping's scalar value of key ("kind", "apiVersion"), or "". */
const char *ir_doc_field(const struct ir_doc *doc, const char *key);
/* Computes the 1-based line and column of a node's first byte in the top-level input. */
void ir_node_pos(const struct ir_doc *doc, ir_id id, unsigned long *line, unsigned long *col);

/*
 * Walks the nodes named by path below node from: keys separated by '.', "[]" for every item
 * of a sequence, "*" for every value of a mapping. Calls fn with each match; a nonzero return
 * stops the walk and is returned. Aliases on the way are followed.
 */
typedef int (*ir_walk_fn)(struct ir_doc *doc, ir_id id, void *arg);
int ir_walk(struct ir_doc *doc, ir_id from, const char *path, ir_walk_fn fn, void *arg);
#endif
