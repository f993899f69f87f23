#ifndef IMGREG_BUILDER_H
#define IMGREG_BUILDER_H
/*
 * The state of a parse building documents from libfyaml's events, shared by src/yaml.c
 * (events to nodes), src/handover.c (handing documents and List items over) and
 * src/yaml_parse.c (the parses of a stream, whole or in parts, and where each part stops).
 * Not part of the public headers.
 */
#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "imgreg/ahead.h"
#include "imgreg/yaml.h"
#include "internal.h"

struct handover;
struct parse;

/* A key given twice in a mapping, warned about before the callback that covers it. */
/* A key given twice in a mapping, warned about before the callback that covers it. */
struct dup {
	size_t first, again;	/* where the two keys start */
	const char *key;	/* in the arena of the document it is handed over with */
};

/* A position in a document's arena, to free what was copied after it. */
struct arena_mark {
	struct ir_arena *chunk;
	size_t used;
};

/* The state of one parse: the document being built and its open collections. */
struct builder {
	struct ir_stream *s;
	size_t base;		/* where the part parsed starts in s->data (ahead.h) */
	const char *text;	/* ... s->data + base: the parser's positions count from here */
	const size_t *cuts;	/* where the stream's parts start (cuts.c) */
	size_t ncuts;
	size_t items, tail;	/* parts [items, tail) start at List items (struct ir_cuts) */
	size_t next_cut;	/* the first of them after this part's start not yet passed */
	struct parse *parse;	/* the parse it is a part of */
	bool publish;		/* the first List's start is to be given to its items' parts */
	size_t skip_before;	/* List items that start before this were handed over before */
	size_t handed;		/* where the items not handed over yet start (parse_alone()) */
	struct ir_doc doc;
	ir_doc_fn cb;		/* hands over each document */
	ir_doc_fn unit_cb;	/* hands over List items one by one (yaml.h), or NULL */
	void *arg;
	bool units;		/* the current document's items go to unit_cb */
	bool guessed;		/* ... because a "kind:" line ahead said it is a List */
	size_t kind_at;		/* where that line is */
	bool anchored;		/* the document has an anchor: items are no longer handed over */
	struct arena_mark item_mark;	/* the arena before the current item's strings */
	bool away;		/* parsing ahead, the List's items are handed away (item_begin()) */
	bool in_item;		/* ... and one is being built in doc, the List being in list */
	struct ir_doc list;
	struct ir_doc item_room;	/* the room the next item is built in */
	size_t last_amp;	/* where the stream's last '&' is, or (size_t)-1: no anchor after */
	bool small_away;	/* the test switch: small items are handed away too */
	ir_id *stack;
	size_t depth, stackcap;
	struct ir_span span;	/* where tokens end */
	ir_id *anchors;		/* open-addressing table of anchored nodes, by name */
	size_t nanchors, anchorcap;
	size_t err_off;		/* an error found while building (an undefined alias) */
	char err[160];
	bool directives;	/* a document so far had %YAML or %TAG directives */
	struct ir_ahead *ahead;	/* parsing ahead: callbacks run on the caller's thread */
	struct pool *pool;	/* ... on documents given away, whose room comes back here */
	struct dup *dups;	/* found since the last callback */
	size_t ndups, dupcap;
};

/* A document's layout as insert.c learns it, carried from one List item handed away to the
 * next and to the List. */
struct layout {
	int indent_step, seq_indent, dash_space;
	bool known;
};

/* What the List keeps of an item handed away: its node, without children. */
struct stub {
	uint8_t kind, style, has_text;
	size_t start, end, text_len;
	char *text, *tag;
};

/*
 * Calls made and dropped, kept with their documents' room for the next ones to reuse; and,
 * parsing ahead, on the caller's thread: how many documents it has had (each part's parse
 * counts its own from 0), and the items of a List handed away to it so far, with the
 * layout learnt from them.
 */
struct pool {
	pthread_mutex_t lock;
	struct handover *free;
	unsigned docs;
	struct stub *stubs;
	size_t nstubs, stubcap;
	struct layout layout;
};

/* Copies n bytes into the document's strings, NUL-terminated; returns the copy. */
const char *ir_build_copy(struct ir_doc *doc, const char *p, size_t n);

/* The memory a document's nodes and strings take, in the pages they touch. */
size_t ir_build_doc_weight(const struct ir_doc *doc);

/* Prints the warning for a duplicate key of a document of stream s. */
void ir_build_dup_warn(const struct ir_stream *s, const struct dup *d);

/* Handles one event; returns the callback's value at a document or item end, else 0. */
int ir_build_event(struct builder *b, struct fy_event *e);

/*
 * Calls fn (NULL: only warns) on the current document, with the duplicate keys found since
 * the last call; returns its value. Parsing ahead, it runs on the caller's thread: a
 * document that ended is given away to it (its place here starts empty) and the parse goes
 * on; otherwise (keep: an item of a List, which is cut short after its call) this waits.
 */
int ir_build_deliver(struct builder *b, ir_doc_fn fn, bool keep);

/*
 * Makes a document empty: its strings go, but one chunk of the usual size stays for the next
 * document's, as do the nodes' room (ir_build_doc_free() frees them).
 */
void ir_build_doc_clear(struct ir_doc *doc);
/* Frees what an empty document kept. */
void ir_build_doc_free(struct ir_doc *doc);

/*
 * Copies the nodes of List src up to its items sequence seq into empty document dst, with
 * their strings and ids, and what tells where the List starts: the start of an item handed
 * away (yaml.c, item_begin()), or of a part of the List parsed apart from its start
 * (yaml_parse.c, head_wait()). The sequence is left without items.
 */
void ir_build_head_copy(struct ir_doc *dst, const struct ir_doc *src, ir_id seq);

/* Gives the List's start to the parts of its items and tail when ok, else tells them the
 * List is not cut (yaml_parse.c). */
void ir_build_head_give(struct builder *b, bool ok);

/* True when document start event e has %YAML or %TAG directives. */
bool ir_build_directives(struct fy_event *e);

/*
 * Reads ahead in the text from offset from for the line at column 0 that gives a document's
 * kind, before the document ends; returns its offset when the kind ends in "List", else -1.
 * This reads lines, not YAML: the document's end confirms it (yaml.c, list_ahead()).
 */
size_t ir_build_kind_line(const char *d, size_t len, size_t from);

/* Frees the calls in the pool and what it kept of a List's items. */
void ir_build_pool_free(struct pool *pool);
#endif
