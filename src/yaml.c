/* Building the light index of each document from libfyaml's events. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "imgreg/ahead.h"
#include "imgreg/buf.h"
#include "imgreg/msg.h"
#include "imgreg/stream.h"
#include "imgreg/text.h"
#include "imgreg/yaml.h"
#include "internal.h"

/*
 * Collections nest at most this deep: the limit of the YAML library kubectl reads with
 * (go-yaml's max depth), so that whatever kubectl accepts is accepted here too.
 */
#define IR_MAX_NESTING 10000

/*
 * An input of this many bytes or more is parsed ahead on other threads (ahead.h) while this
 * one runs the callbacks; below it, starting the threads costs more than it gains. A List
 * read item by item is parsed ahead too, its items handed away as documents of their own
 * (item_begin()), but not when its text may hold an anchor: then items are kept whole after
 * it, and each item before it would wait for its call on the other thread. For the tests, IMGREG_TEST_PARSE_AHEAD=1 in
 * the environment parses every input ahead, IMGREG_TEST_PARSE_AHEAD=p also cuts it at every
 * document start, and IMGREG_TEST_PARSE_AHEAD=0 parses none ahead.
 */
#define IR_AHEAD_MIN ((size_t)256 * 1024)

/*
 * Parsing ahead, a stream of documents is cut into parts of about this many bytes at
 * document starts (cuts.c), and up to two parts are parsed at a time (ahead.h): one
 * parsing thread alone kept the caller's thread waiting on most streams (Deployments: the
 * parse is most of the work). Small parts keep little parsed ahead (ahead.c's WINDOW parts): a
 * document's nodes take about eight times its text.
 */
#define IR_PART_BYTES ((size_t)32 << 10)

/*
 * A List that starts the stream is cut at its items about this many bytes apart: half as far
 * as documents, since the List's filter work is small and each part parsed ahead holds its
 * items until the filter's thread takes them (10 MB of Deployments in a List: 1.3 MB less
 * peak memory than with 32 KB, at about the same speed).
 */
#define IR_ITEM_PART_BYTES (IR_PART_BYTES / 2)

/* A key given twice in a mapping, warned about before the callback that covers it. */
struct dup {
	size_t first, again;	/* where the two keys start */
	const char *key;	/* in the document's arena */
};

/*
 * Strings copied out of events live in chunks freed with their document; a List item handed
 * away (item_begin()) starts with a small one: a hundred of them may wait for the caller's
 * thread, and their room is kept for the next.
 */
#define ARENA_CHUNK ((size_t)65536)
#define ITEM_CHUNK ((size_t)4096)

struct ir_arena {
	struct ir_arena *next;
	size_t used, size;
	char data[];
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

/*
 * A callback's call: on a document the builder gives away (own), or on the builder's own
 * document (an item of a List, read item by item: the builder waits for it).
 */
struct handover {
	struct ir_ahead_job job;	/* first: the queue's view of it */
	ir_doc_fn fn;		/* NULL: only the warnings */
	void *arg;
	struct ir_doc *doc;
	struct ir_doc own;
	struct dup *dups;	/* owned */
	size_t ndups;
	bool item;		/* doc is a List item handed away (item_begin()) */
	bool after_items;	/* doc is a List whose items were */
	struct pool *pool;	/* where it goes when dropped; NULL when not parsing ahead */
	struct handover *next;	/* in the pool */
};

/* Hashes a NUL-terminated name. */
static size_t
name_hash(const char *p)
{
	size_t h = 5381;

	while (*p)
		h = h * 33 + (unsigned char)*p++;
	return h;
}

/* Returns the slot of anchor name in the table (empty, or holding that name). */
static size_t
anchor_slot(const struct builder *b, const char *name)
{
	size_t mask = b->anchorcap - 1, i = name_hash(name) & mask;

	while (b->anchors[i] && strcmp(b->doc.nodes[b->anchors[i]].anchor, name) != 0)
		i = (i + 1) & mask;
	return i;
}

/* Records that node id holds an anchor; a later anchor of the same name takes over. */
static void
anchor_add(struct builder *b, ir_id id)
{
	ir_id *old = b->anchors;
	size_t i, oldcap = b->anchorcap;

	if ((b->nanchors + 1) * 2 > b->anchorcap) {
		b->anchorcap = oldcap ? oldcap * 2 : 16;
		b->anchors = ir_xcalloc(b->anchorcap, sizeof(*b->anchors));
		b->nanchors = 0;
		for (i = 0; i < oldcap; i++)
			if (old[i]) {
				b->anchors[anchor_slot(b, b->doc.nodes[old[i]].anchor)] = old[i];
				b->nanchors++;
			}
		free(old);
	}
	i = anchor_slot(b, b->doc.nodes[id].anchor);
	b->nanchors += b->anchors[i] == 0;
	b->anchors[i] = id;
	b->anchored = true;
}

/* Returns the node anchored as name so far, or 0. */
static ir_id
anchor_find(const struct builder *b, const char *name)
{
	return b->anchorcap ? b->anchors[anchor_slot(b, name)] : 0;
}

/* Gives the document's arena a new chunk of at least size bytes; returns it. */
static struct ir_arena *
arena_grow(struct ir_doc *doc, size_t size)
{
	struct ir_arena *a = ir_xmalloc(sizeof(*a) + size);

	a->size = size;
	a->used = 0;
	a->next = doc->arena;
	doc->arena = a;
	return a;
}

/* Copies n bytes into the document's arena, NUL-terminated. */
static const char *
arena_copy(struct ir_doc *doc, const char *p, size_t n)
{
	struct ir_arena *a = doc->arena;
	char *dst;

	if (a == NULL || a->size - a->used < n + 1)
		a = arena_grow(doc, n + 1 > ARENA_CHUNK ? n + 1 : ARENA_CHUNK);
	dst = a->data + a->used;
	if (n && p)
		memcpy(dst, p, n);
	dst[n] = '\0';
	a->used += n + 1;
	return dst;
}

/* Frees the arena's strings copied after mark. */
static void
arena_reset(struct ir_doc *doc, const struct arena_mark *mark)
{
	struct ir_arena *a;

	while ((a = doc->arena) != mark->chunk) {
		doc->arena = a->next;
		free(a);
	}
	if (a)
		a->used = mark->used;
}

/* Copies a token's text into the arena, or returns NULL for no token. */
static const char *
token_copy(struct ir_doc *doc, struct fy_token *t, size_t *lenp)
{
	const char *p;
	size_t n = 0;

	if (t == NULL)
		return NULL;
	p = fy_token_get_text(t, &n);
	if (lenp)
		*lenp = n;
	return arena_copy(doc, p ? p : "", p ? n : 0);
}

/* Decodes a literal block scalar into the arena (cheaper than libfyaml's formatting, which
 * is used for every other form); returns NULL when the form is not a simple one. */
static const char *
literal_copy(struct builder *b, size_t start, size_t end, size_t *lenp)
{
	char *dst = (char *)arena_copy(&b->doc, NULL, end - start);
	size_t n = ir_literal_text(b->s->data, start, end, dst);

	if (n == (size_t)-1)
		return NULL;
	*lenp = n;
	return dst;
}

/* Decodes a single-quoted scalar into the arena (libfyaml leaks formatting '' escapes). */
static const char *
single_copy(struct builder *b, size_t start, size_t end, size_t *lenp)
{
	char *dst = (char *)arena_copy(&b->doc, NULL, end - start);

	*lenp = ir_single_text(b->s->data, start, end, dst);
	return dst;
}

/*
 * Takes a scalar's value from its source bytes where they are the value: one line of plain
 * text, one line of single-quoted text without '', one line of double-quoted text without
 * escapes, and simple literal blocks. Returns NULL to leave the rest to libfyaml.
 */
static const char *
source_text(struct builder *b, enum ir_style style, size_t start, size_t end, size_t *lenp)
{
	const char *d = b->s->data, *p;
	size_t len;

	if (style == IR_LITERAL)
		return literal_copy(b, start, end, lenp);
	if (style == IR_SINGLE)
		return single_copy(b, start, end, lenp);
	if (style == IR_SINGLE || style == IR_DOUBLE) {
		start++;
		end--;
	} else if (style != IR_PLAIN)
		return NULL;
	p = d + start;
	len = end - start;
	if (memchr(p, '\n', len) || memchr(p, '\r', len) ||
	    (style == IR_DOUBLE && memchr(p, '\\', len)))
		return NULL;
	*lenp = len;
	return arena_copy(&b->doc, p, len);
}

static void item_begin(struct builder *b);
static void head_give(struct builder *b, bool ok);

/* Appends a node under parent (0: the root) of doc and returns its id. */
static ir_id
doc_node_add(struct ir_doc *doc, ir_id parent, enum ir_kind kind, enum ir_style style)
{
	struct ir_node *n, *p;
	ir_id id;

	if (doc->nnodes + 1 >= doc->cap) {
		doc->cap = doc->cap ? doc->cap * 2 : 256;
		doc->nodes = ir_xrealloc(doc->nodes, doc->cap * sizeof(*doc->nodes));
	}
	if (doc->nnodes == 0)
		doc->nnodes = 1;
	id = (ir_id)doc->nnodes++;
	n = &doc->nodes[id];
	memset(n, 0, sizeof(*n));
	n->kind = (uint8_t)kind;
	n->style = (uint8_t)style;
	n->parent = parent;
	if (parent) {
		p = &doc->nodes[parent];
		n->index = p->nchild;
		if (p->last)
			doc->nodes[p->last].next = id;
		else
			p->first = id;
		p->last = id;
		p->nchild++;
	} else
		doc->root = id;
	return id;
}

/* Appends a node under the innermost open collection and returns its id. */
static ir_id
node_add(struct builder *b, enum ir_kind kind, enum ir_style style)
{
	ir_id parent = b->depth ? b->stack[b->depth - 1] : 0;

	if (b->away && parent && parent == b->doc.unit_seq)
		item_begin(b);
	return doc_node_add(&b->doc, parent, kind, style);
}

/* Maps libfyaml's scalar style to ours. */
static enum ir_style
scalar_style(struct fy_token *t)
{
	switch (fy_token_scalar_style(t)) {
	case FYSS_SINGLE_QUOTED:
		return IR_SINGLE;
	case FYSS_DOUBLE_QUOTED:
		return IR_DOUBLE;
	case FYSS_LITERAL:
		return IR_LITERAL;
	case FYSS_FOLDED:
		return IR_FOLDED;
	default:
		return IR_PLAIN;
	}
}

/* Adds a scalar or alias node for event e, which spans [start, end) (empty when unmarked);
 * returns it. */
static ir_id
add_leaf(struct builder *b, struct fy_event *e, bool marked, size_t start, size_t end)
{
	struct ir_doc *doc = &b->doc;
	struct ir_node *n;
	ir_id id;

	if (e->type == FYET_ALIAS) {
		id = node_add(b, IR_ALIAS, IR_PLAIN);
		n = &doc->nodes[id];
		n->text = token_copy(doc, e->alias.anchor, &n->text_len);
		n->target = anchor_find(b, n->text);
		if (n->target == 0 && b->err[0] == '\0') {
			snprintf(b->err, sizeof(b->err), "undefined alias '%.100s'", n->text);
			b->err_off = start;
		}
	} else {
		id = node_add(b, IR_SCALAR, scalar_style(e->scalar.value));
		n = &doc->nodes[id];
		n->text = marked ? source_text(b, n->style, start, end, &n->text_len) : NULL;
		if (n->text == NULL)
			n->text = token_copy(doc, e->scalar.value, &n->text_len);
		if (n->text == NULL)
			n->text = "";
		n->anchor = token_copy(doc, e->scalar.anchor, NULL);
		n->tag = token_copy(doc, e->scalar.tag, NULL);
		if (n->anchor)
			anchor_add(b, id);
	}
	n->has_text = marked;
	n->start = start;
	n->end = end;
	return id;
}

/*
 * Reads ahead in the text from offset from for the line at column 0 that gives a document's
 * kind, before the document ends; returns its offset when the kind ends in "List", else -1.
 * This reads lines, not YAML: the document's end confirms it (list_ahead()).
 */
static size_t
kind_line(const char *d, size_t len, size_t from)
{
	const char *end = d + len, *p = d + from, *line, *v, *e, *m;
	char kind[128];
	size_t n;

	if (from == 0 && len >= 5 && memcmp(d, "kind:", 5) == 0)
		line = d;
	else if ((line = memmem(p, (size_t)(end - p), "\nkind:", 6)) != NULL)
		line++;
	else
		return (size_t)-1;
	for (m = p; line > m && (m = memchr(m, '\n', (size_t)(line - 1 - m))) != NULL; m++)
		if (ir_text_marker(d, len, (size_t)(m + 1 - d)))
			return (size_t)-1;
	v = line + 5;
	if (v < end && !strchr(" \t\r\n", *v))
		return (size_t)-1;
	v += strspn(v, " \t");
	for (e = v; e < end && *e != '\n' && *e != '\r' && !(*e == '#' && e > v &&
	    (e[-1] == ' ' || e[-1] == '\t')); e++)
		;
	/* a plain value might go on in the next non-empty line when that is indented */
	for (m = e; m < end && (m = memchr(m, '\n', (size_t)(end - m))) != NULL;)
		if (++m < end && *m != '\n' && *m != '\r') {
			if (*m == ' ' || *m == '\t')
				return (size_t)-1;
			break;
		}
	while (e > v && (e[-1] == ' ' || e[-1] == '\t'))
		e--;
	if (e - v >= 2 && (*v == '"' || *v == '\'') && e[-1] == *v) {
		v++;
		e--;
	}
	n = (size_t)(e - v);
	if (n >= sizeof(kind))
		return (size_t)-1;
	memcpy(kind, v, n);
	kind[n] = '\0';
	return ir_kind_is_list(kind) ? (size_t)(line - d) : (size_t)-1;
}

/*
 * Tells, when the root mapping's items sequence seq opens, whether the document is a List:
 * by its kind when that came first, else by reading ahead (kubectl writes the kind after
 * the items) in a block mapping at column 0. A guess is confirmed at the document's end.
 */
static bool
list_ahead(struct builder *b, ir_id root, ir_id seq)
{
	const struct ir_doc *doc = &b->doc;
	const struct ir_node *r = &doc->nodes[root];
	ir_id kind = ir_map_get(doc, root, "kind");

	if (kind)
		return ir_kind_is_list(ir_scalar(doc, kind));
	if (r->style != IR_BLOCK || (r->start > 0 && b->s->data[r->start - 1] != '\n'))
		return false;
	b->kind_at = kind_line(b->s->data, b->s->len, doc->nodes[seq].start);
	b->guessed = b->kind_at != (size_t)-1;
	return b->guessed;
}

/* Opens a mapping or sequence node for event e. */
static void
open_collection(struct builder *b, struct fy_event *e)
{
	struct ir_doc *doc = &b->doc;
	bool map = e->type == FYET_MAPPING_START;
	enum ir_style style = fy_event_get_node_style(e) == FYNS_FLOW ? IR_FLOW : IR_BLOCK;
	const struct fy_mark *sm = fy_event_start_mark(e);
	struct ir_node *n;
	ir_id id;

	id = node_add(b, map ? IR_MAP : IR_SEQ, style);
	n = &doc->nodes[id];
	n->anchor = token_copy(doc, map ? e->mapping_start.anchor : e->sequence_start.anchor, NULL);
	n->tag = token_copy(doc, map ? e->mapping_start.tag : e->sequence_start.tag, NULL);
	n->start = n->end = b->base + (sm ? sm->input_pos : b->span.last_end);
	if (b->depth >= IR_MAX_NESTING && b->err[0] == '\0') {
		snprintf(b->err, sizeof(b->err), "collections nested deeper than %d levels",
		    IR_MAX_NESTING);
		b->err_off = n->start;
	}
	if (b->depth == b->stackcap) {
		b->stackcap = b->stackcap ? b->stackcap * 2 : 64;
		b->stack = ir_xrealloc(b->stack, b->stackcap * sizeof(*b->stack));
	}
	b->stack[b->depth++] = id;
	if (n->anchor)
		anchor_add(b, id);
	if (n->parent && n->parent == doc->unit_seq) {
		b->item_mark.chunk = doc->arena;
		b->item_mark.used = doc->arena ? doc->arena->used : 0;
	} else if (!map && b->depth == 2 && doc->unit_seq == 0 &&
	    doc->nodes[n->parent].kind == IR_MAP && ir_map_get(doc, n->parent, "items") == id) {
		doc->unit_seq = id;
		b->units = b->unit_cb && list_ahead(b, n->parent, id);
		b->away = b->units && b->ahead && !b->anchored &&
		    (b->last_amp == (size_t)-1 || b->last_amp < n->start);
		if (b->publish)
			head_give(b, b->away && !b->directives);
	}
}

/* Closes the innermost collection, setting where it ends; returns it (0 when none). */
static ir_id
close_collection(struct builder *b, struct fy_event *e)
{
	struct ir_doc *doc = &b->doc;
	const struct fy_mark *em = fy_event_end_mark(e);
	struct ir_node *n;
	ir_id id;

	if (b->depth == 0)
		return 0;
	id = b->stack[--b->depth];
	n = &doc->nodes[id];
	if (n->style == IR_FLOW && em)
		n->end = b->base + em->input_pos;
	else if (n->last)
		n->end = doc->nodes[n->last].end;
	return id;
}

/*
 * Makes a document empty: its strings go, but one chunk of the usual size stays for the next
 * document's, as do the nodes' room (doc_free() frees them).
 */
static void
doc_clear(struct ir_doc *doc)
{
	struct ir_arena *a, *next, *keep = NULL;

	for (a = doc->arena; a; a = next) {
		next = a->next;
		if (keep == NULL && (a->size == ARENA_CHUNK || a->size == ITEM_CHUNK)) {
			keep = a;
			keep->used = 0;
			keep->next = NULL;
		} else
			free(a);
	}
	doc->arena = keep;
	doc->nnodes = 0;
	doc->root = 0;
	doc->indent_step = 0;
	doc->seq_indent = -1;
	doc->dash_space = -1;
	doc->layout_known = false;
	doc->layout_from = 0;
	doc->unit_seq = 0;
	doc->items_done = 0;
	doc->unit = 0;
	doc->user = NULL;
}

/* Frees what an empty document kept. */
static void
doc_free(struct ir_doc *doc)
{
	free(doc->arena);
	doc->arena = NULL;
	free(doc->nodes);
	doc->nodes = NULL;
	doc->cap = 0;
}

/* Prints the warning for a duplicate key. */
static void dup_warn(const struct ir_stream *s, const struct dup *d);

/* Rounds n bytes up to whole pages: memory is taken, and counted by the system, in pages. */
static size_t
pages(size_t n)
{
	return (n + 4095) & ~(size_t)4095;
}

/*
 * The memory a document's nodes and strings take: the pages they touch, not the room kept
 * for more (a recycled document's node array and its first arena chunk are often mostly
 * unused, and never touched there).
 */
static size_t
doc_weight(const struct ir_doc *doc)
{
	const struct ir_arena *a;
	size_t n = pages(doc->nnodes * sizeof(*doc->nodes));

	for (a = doc->arena; a; a = a->next)
		n += pages(sizeof(*a) + a->used);
	return n;
}

/* Gives a List item or the List the layout learnt from the items before. */
static void
layout_load(struct ir_doc *doc, const struct layout *l)
{
	doc->indent_step = l->indent_step;
	doc->seq_indent = l->seq_indent;
	doc->dash_space = l->dash_space;
	doc->layout_known = l->known;
	doc->layout_from = 0;
}

/* Keeps the layout learnt from a List item for the next. */
static void
layout_keep(struct layout *l, const struct ir_doc *doc)
{
	l->indent_step = doc->indent_step;
	l->seq_indent = doc->seq_indent;
	l->dash_space = doc->dash_space;
	l->known = doc->layout_known;
}

/*
 * Numbers a List item handed away (item_begin()) among those the caller's thread has had of
 * its List, whose parts may have been parsed apart, and keeps its node for the List.
 */
static void
item_number(struct pool *pool, struct ir_doc *doc)
{
	struct ir_node *n = &doc->nodes[doc->unit];
	struct stub *st;

	if (pool->nstubs == pool->stubcap) {
		pool->stubcap = pool->stubcap ? pool->stubcap * 2 : 64;
		pool->stubs = ir_xrealloc(pool->stubs, pool->stubcap * sizeof(*pool->stubs));
	}
	st = &pool->stubs[pool->nstubs];
	st->kind = n->kind;
	st->style = n->style;
	st->has_text = n->has_text;
	st->start = n->start;
	st->end = n->end;
	st->text_len = n->text_len;
	st->text = n->text ? ir_xstrndup(n->text, n->text_len) : NULL;
	st->tag = n->tag ? ir_xstrndup(n->tag, strlen(n->tag)) : NULL;
	n->index = (uint32_t)pool->nstubs;
	doc->nodes[doc->unit_seq].nchild = n->index + 1;
	doc->items_done = n->index;
	if (pool->nstubs++ > 0)
		layout_load(doc, &pool->layout);
}

/* Forgets the items kept for a List. */
static void
stubs_clear(struct pool *pool)
{
	size_t i;

	for (i = 0; i < pool->nstubs; i++) {
		free(pool->stubs[i].text);
		free(pool->stubs[i].tag);
	}
	pool->nstubs = 0;
}

/*
 * Completes a List whose items were handed away: its items sequence gets their nodes, without
 * children, as a List read item by item keeps them; the nodes after the sequence (the
 * List's tail) move up to make room, as if the items had been parsed in their place.
 */
static void
list_complete(struct pool *pool, struct ir_doc *doc)
{
	ir_id seq = doc->unit_seq, shift = (ir_id)pool->nstubs, *ids[5];
	struct ir_node *n;
	size_t i, k;

	if (doc->nnodes + shift >= doc->cap) {
		doc->cap = doc->nnodes + shift + 1;
		doc->nodes = ir_xrealloc(doc->nodes, doc->cap * sizeof(*doc->nodes));
	}
	memmove(&doc->nodes[seq + 1 + shift], &doc->nodes[seq + 1],
	    (doc->nnodes - seq - 1) * sizeof(*doc->nodes));
	doc->nnodes += shift;
	/* the nodes up to the sequence and those after the room made, not yet the items */
	for (i = 1; i < doc->nnodes; i = i == seq ? (size_t)seq + 1 + shift : i + 1) {
		n = &doc->nodes[i];
		ids[0] = &n->parent;
		ids[1] = &n->next;
		ids[2] = &n->first;
		ids[3] = &n->last;
		ids[4] = &n->target;
		for (k = 0; k < 5; k++)
			if (*ids[k] > seq)
				*ids[k] += shift;
	}
	for (i = 0; i < pool->nstubs; i++) {
		const struct stub *st = &pool->stubs[i];

		n = &doc->nodes[seq + 1 + i];
		memset(n, 0, sizeof(*n));
		n->kind = st->kind;
		n->style = st->style;
		n->has_text = st->has_text;
		n->start = st->start;
		n->end = st->end;
		n->text_len = st->text_len;
		n->text = st->text ? arena_copy(doc, st->text, st->text_len) : NULL;
		n->tag = st->tag ? arena_copy(doc, st->tag, strlen(st->tag)) : NULL;
		n->parent = seq;
		n->index = (uint32_t)i;
		n->next = i + 1 < pool->nstubs ? (ir_id)(seq + 2 + i) : 0;
	}
	n = &doc->nodes[seq];
	if (shift) {
		n->first = seq + 1;
		n->last = seq + shift;
		n->nchild = shift;
		if (n->style != IR_FLOW) {
			n->end = doc->nodes[n->last].end;
			/* a root mapping that ends with its items ends where they do */
			if (doc->nodes[n->parent].last == seq &&
			    doc->nodes[n->parent].style != IR_FLOW)
				doc->nodes[n->parent].end = n->end;
		}
		layout_load(doc, &pool->layout);
	}
	doc->items_done = shift;
	stubs_clear(pool);
}

/*
 * Warns about the duplicate keys of a call, then makes it. Parsing ahead, the document's
 * index is the count of those the caller's thread had (a document given away is one, a
 * List item handed away is not); the List items handed away are numbered and kept for their
 * List, and the layout learnt from them goes from each to the next and to the List, as if
 * they were one document.
 */
static int
handover_run(struct ir_ahead_job *job)
{
	struct handover *h = (struct handover *)job;
	size_t i;
	int rc;

	if (h->pool) {
		h->doc->index = h->pool->docs;
		if (h->item)
			item_number(h->pool, h->doc);
		else if (h->after_items)
			list_complete(h->pool, h->doc);
		if (h->job.drop && !h->item)
			h->pool->docs++;
	}
	for (i = 0; i < h->ndups; i++)
		dup_warn(h->doc->stream, &h->dups[i]);
	rc = h->fn ? h->fn(h->doc, h->arg) : 0;
	if (h->item)
		layout_keep(&h->pool->layout, h->doc);
	return rc;
}

/* Gives a call on a document given away back to the pool, with the document's room. */
static void
handover_drop(struct ir_ahead_job *job)
{
	struct handover *h = (struct handover *)job;

	doc_clear(&h->own);
	free(h->dups);
	h->dups = NULL;
	pthread_mutex_lock(&h->pool->lock);
	h->next = h->pool->free;
	h->pool->free = h;
	pthread_mutex_unlock(&h->pool->lock);
}

/* Takes a call from the pool, or makes one. */
static struct handover *
handover_new(struct pool *pool)
{
	struct handover *h;

	pthread_mutex_lock(&pool->lock);
	if ((h = pool->free) != NULL)
		pool->free = h->next;
	pthread_mutex_unlock(&pool->lock);
	if (h == NULL) {
		h = ir_xcalloc(1, sizeof(*h));
		h->pool = pool;
	}
	return h;
}

/* Frees the calls in the pool. */
static void
pool_free(struct pool *pool)
{
	struct handover *h;

	while ((h = pool->free) != NULL) {
		pool->free = h->next;
		doc_free(&h->own);
		free(h);
	}
	stubs_clear(pool);
	free(pool->stubs);
	pthread_mutex_destroy(&pool->lock);
}

/*
 * Calls fn (NULL: only warns) on the current document, with the duplicate keys found since
 * the last call; returns its value. Parsing ahead, it runs on the caller's thread: a
 * document that ended is given away to it (its place here starts empty) and the parse goes
 * on; otherwise (keep: an item of a List, which is cut short after its call) this waits.
 */
static int
deliver(struct builder *b, ir_doc_fn fn, bool keep)
{
	struct handover local = { .fn = fn, .arg = b->arg, .doc = &b->doc }, *h;
	struct ir_doc room;
	int rc;

	local.job.run = handover_run;
	local.pool = b->ahead ? b->pool : NULL;
	local.dups = b->dups;
	local.ndups = b->ndups;
	b->dups = NULL;
	b->ndups = b->dupcap = 0;
	if (b->ahead == NULL || keep) {
		rc = b->ahead ? ir_ahead_call(b->ahead, &local.job) : handover_run(&local.job);
		free(local.dups);
		return rc;
	}
	h = handover_new(b->pool);
	room = h->own;
	h->job = local.job;
	h->job.drop = handover_drop;
	h->job.weight = doc_weight(&b->doc);
	h->fn = fn;
	h->arg = b->arg;
	h->dups = local.dups;
	h->ndups = local.ndups;
	h->item = b->in_item;
	h->after_items = !b->in_item && b->away;
	h->own = b->doc;
	h->doc = &h->own;
	/* the next document, or List item, is built in the room a dropped one left */
	if (b->in_item) {
		b->item_room = room;
		b->doc = b->list;
		b->in_item = false;
	} else {
		b->doc.nodes = room.nodes;
		b->doc.cap = room.cap;
		b->doc.arena = room.arena;
		b->doc.nnodes = 0;
	}
	return ir_ahead_put(b->ahead, &h->job) ? 1 : 0;
}

/*
 * Copies the nodes of List src up to its items sequence seq into empty document dst, with
 * their strings and ids, and what tells where the List starts: the start of an item handed
 * away (item_begin()), or of a part of the List parsed apart from its start (head_wait()).
 * The sequence is left without items.
 */
static void
head_copy(struct ir_doc *dst, const struct ir_doc *src, ir_id seq)
{
	struct ir_node *n;
	ir_id i;

	dst->stream = src->stream;
	dst->start = src->start;
	dst->alone = src->alone;
	dst->directives = src->directives;
	dst->root = src->root;
	dst->unit_seq = seq;
	if (dst->cap < (size_t)seq + 2) {
		dst->cap = (size_t)seq + 256;
		dst->nodes = ir_xrealloc(dst->nodes, dst->cap * sizeof(*dst->nodes));
	}
	memcpy(dst->nodes, src->nodes, ((size_t)seq + 1) * sizeof(*dst->nodes));
	dst->nnodes = (size_t)seq + 1;
	for (i = 1; i <= seq; i++) {
		n = &dst->nodes[i];
		if (n->text)
			n->text = arena_copy(dst, n->text, n->text_len);
		if (n->tag)
			n->tag = arena_copy(dst, n->tag, strlen(n->tag));
	}
	n = &dst->nodes[seq];
	n->first = n->last = 0;
	n->nchild = 0;
}

/*
 * Starts building a List item to hand away (parsing ahead a List without anchors, b->away):
 * the caller's thread edits it while this one parses on, where an item read in the List's
 * own document would have to wait for its call. The item is built in a document of its own,
 * which starts with a copy of the List's nodes up to its items sequence, so that the item
 * has its place under the root as in the List; the caller's thread numbers it and gives the
 * List its node (item_number(), list_complete()).
 */
static void
item_begin(struct builder *b)
{
	struct ir_doc *doc = &b->doc;

	b->list = *doc;
	doc->nodes = b->item_room.nodes;
	doc->cap = b->item_room.cap;
	doc->arena = b->item_room.arena;
	memset(&b->item_room, 0, sizeof(b->item_room));	/* doc has it now */
	doc_clear(doc);
	if (doc->arena == NULL)
		arena_grow(doc, ITEM_CHUNK);
	head_copy(doc, &b->list, b->list.unit_seq);
	b->in_item = true;
}

/*
 * Hands a finished List item away (item_begin()), unless a part before handed it over (a
 * parse from the List's start after a part of it failed to parse alone: then the warnings
 * found since the last call, all before the item's end, were given too).
 */
static int
item_away(struct builder *b, ir_id item)
{
	if (b->doc.nodes[item].start >= b->skip_before) {
		b->doc.unit = item;
		b->handed = b->doc.nodes[item].end;
		return deliver(b, b->unit_cb, false);
	}
	b->ndups = 0;
	b->item_room = b->doc;
	b->doc = b->list;
	b->in_item = false;
	return 0;
}

/*
 * Hands a finished List item to the unit callback, then drops the nodes below it and the
 * strings they held. Once the document has an anchor, items stay whole for the document's
 * callback: an edit through an alias may reach into another item.
 */
static int
item_end(struct builder *b, ir_id item)
{
	struct ir_doc *doc = &b->doc;
	struct ir_node *n;
	int rc;

	if (b->in_item)
		return item_away(b, item);
	if (b->anchored) {
		b->units = false;
		return 0;
	}
	doc->unit = item;
	rc = deliver(b, b->unit_cb, true);
	doc->unit = 0;
	doc->items_done++;
	n = &doc->nodes[item];
	if (rc != 0 || n->first == 0)
		return rc;
	n->first = n->last = 0;
	n->nchild = 0;
	doc->nnodes = item + 1;
	if (doc->layout_from > doc->nnodes)
		doc->layout_from = doc->nnodes;
	arena_reset(doc, &b->item_mark);
	return 0;
}

/* Notes each key given twice in mapping id, to be warned about with both positions. */
static void dup_check(struct builder *b, ir_id id);

/* True when document start event e has %YAML or %TAG directives. */
static bool
has_directives(struct fy_event *e)
{
	struct fy_document_state *ds = e->document_start.document_state;

	return ds && (fy_document_state_version_explicit(ds) ||
	    fy_document_state_tags_explicit(ds));
}

/*
 * Notes where a document starts, and whether the text from there parses alone as it does in
 * the stream: it starts with "---" at the start of a line (so whatever came before ended
 * there) and no document of the stream so far had directives (which the parser might carry
 * on to later documents).
 */
static void
doc_start(struct builder *b, struct fy_event *e)
{
	const struct fy_mark *m = fy_event_start_mark(e);
	const char *d = b->s->data;
	size_t at = b->base + (m ? m->input_pos : 0);

	if (has_directives(e))
		b->directives = true;
	b->doc.start = at;
	b->doc.directives = b->directives;
	b->doc.alone = !b->directives && !e->document_start.implicit && m &&
	    at + 3 <= b->s->len && memcmp(d + at, "---", 3) == 0 && (at == 0 || d[at - 1] == '\n');
}

/*
 * Ends a document: a List read item by item must have proved one (else it is refused, at the
 * line taken for its kind); then the callback.
 */
static int
doc_end(struct builder *b)
{
	if (b->guessed && !ir_kind_is_list(ir_doc_field(&b->doc, "kind"))) {
		snprintf(b->err, sizeof(b->err), "this line, at column 0 inside a multi-line "
		    "value, was read ahead as the kind of a List (indent it, as YAML asks)");
		b->err_off = b->kind_at;
		return 0;
	}
	return deliver(b, b->cb, false);
}

/* Handles one event; returns the callback's value at a document or item end, else 0. */
static int
on_event(struct builder *b, struct fy_event *e)
{
	size_t start = 0, end = 0;
	bool marked = ir_span_event(&b->span, b->text, e, &start, &end);
	ir_id id = 0;
	int rc = 0;

	start += b->base;
	end += b->base;

	switch (e->type) {
	case FYET_DOCUMENT_START:
		doc_clear(&b->doc);
		doc_start(b, e);
		if (b->anchorcap)
			memset(b->anchors, 0, b->anchorcap * sizeof(*b->anchors));
		b->nanchors = 0;
		b->units = b->guessed = b->anchored = b->away = false;
		break;
	case FYET_DOCUMENT_END:
		if (b->publish)
			head_give(b, false);	/* the first document is no List */
		rc = doc_end(b);
		b->doc.index++;
		break;
	case FYET_MAPPING_START:
	case FYET_SEQUENCE_START:
		open_collection(b, e);
		break;
	case FYET_MAPPING_END:
		if (b->depth)
			dup_check(b, b->stack[b->depth - 1]);
		id = close_collection(b, e);
		break;
	case FYET_SEQUENCE_END:
		id = close_collection(b, e);
		break;
	case FYET_SCALAR:
	case FYET_ALIAS:
		id = add_leaf(b, e, marked, start, end);
		break;
	default:
		break;
	}
	if (id && b->units && b->doc.nodes[id].parent == b->doc.unit_seq && b->err[0] == '\0')
		rc = item_end(b, id);
	return rc;
}

int
ir_yaml_parse(struct ir_stream *s, ir_doc_fn cb, void *arg, size_t *err_off, char *err,
    size_t errsize)
{
	return ir_yaml_parse_units(s, cb, NULL, arg, err_off, err, errsize);
}

/* Where a part's parse ended in an error. */
struct part_error {
	size_t off;
	char msg[256];
};

/*
 * The start of the List whose items are cut into parts (struct ir_cuts): its nodes up to its
 * items sequence, given by the part that parses from the stream's start to those parsed
 * alone from an item or from the List's tail.
 */
struct head {
	pthread_mutex_t lock;
	pthread_cond_t known;
	int state;		/* 0: not known yet, 1: in doc, -1: the List is not cut */
	struct ir_doc doc;
	bool guessed;		/* the builder's, for the List's end */
	size_t kind_at;
};

/* A parse: what it hands over, the parts it is cut in, and the errors they end with. */
struct parse {
	struct ir_stream *s;
	ir_doc_fn cb, unit_cb;
	void *arg;
	struct pool pool;	/* parsing ahead */
	struct ir_cuts cuts;	/* where the parts start (cuts.c) */
	struct part_error *errors;	/* one a part */
	size_t last_amp;	/* where the stream's last '&' is, or (size_t)-1 */
	struct head head;
};

/* A part's parse that must be done again from the List's start (parse()). */
#define AGAIN (-2)

/*
 * Tells, at a document's start, whether it is where the next part starts: the part parsed
 * ends there (the next part, parsed on its own from there, gives the same events). A part
 * start the parse went past without a document starting there was no document's start:
 * that part is passed over and this parse goes on. After a directive no part starts (the
 * parser may carry it on to later documents, which a part parsed alone would not see).
 * Tells the queue which part comes next.
 */
static bool
at_cut(struct builder *b, struct ir_ahead *q, struct fy_event *e)
{
	const struct fy_mark *m = fy_event_start_mark(e);
	size_t at = b->base + (m ? m->input_pos : 0);

	while (b->next_cut < b->ncuts && b->cuts[b->next_cut] < at)
		b->next_cut++;
	if (b->directives || has_directives(e))
		return false;
	if (b->next_cut == b->ncuts || b->cuts[b->next_cut] != at)
		return false;
	ir_ahead_next(q, b->next_cut);
	return true;
}

/* Where the node of the item on a line "- " cut at starts. */
static size_t
item_start(const char *d, size_t cut)
{
	return cut + 1 + strspn(d + cut + 1, " ");
}

/* True for an empty plain scalar (which may have a tag). */
static bool
empty_scalar(struct fy_event *e)
{
	size_t len = 0;

	if (e->type != FYET_SCALAR || fy_token_scalar_style(e->scalar.value) != FYSS_PLAIN)
		return false;
	fy_token_get_text(e->scalar.value, &len);
	return len == 0;
}

/*
 * Tells, at node event e, whether it starts an item of a List handed away where the next part
 * starts (a line "- " cut at): the part parsed ends there, and the next, parsed alone from
 * there, gives the same events (a List item at column 0 is scanned as the item of a
 * sequence alone at column 0 is). Item cuts the parse went past are passed over. Tells the
 * queue which part comes next.
 */
static bool
at_item_cut(struct builder *b, struct ir_ahead *q, struct fy_event *e)
{
	const struct fy_mark *m = fy_event_start_mark(e);
	size_t at;

	if (!b->away || b->in_item || b->depth != 2 || b->stack[1] != b->doc.unit_seq || !m ||
	    b->next_cut >= b->tail || empty_scalar(e))
		return false;
	at = b->base + m->input_pos;
	while (b->next_cut < b->tail && item_start(b->s->data, b->cuts[b->next_cut]) < at)
		b->next_cut++;
	if (b->next_cut == b->tail || item_start(b->s->data, b->cuts[b->next_cut]) != at)
		return false;
	ir_ahead_next(q, b->next_cut);
	return true;
}

/* True for the events that open a node. */
static bool
node_event(const struct fy_event *e)
{
	return e->type == FYET_MAPPING_START || e->type == FYET_SEQUENCE_START ||
	    e->type == FYET_SCALAR || e->type == FYET_ALIAS;
}

/*
 * Gives the List's start to the parts of its items and tail when ok (this builder, parsing
 * from the stream's start, hands its items away), else tells them the List is not cut.
 */
static void
head_give(struct builder *b, bool ok)
{
	struct head *h = &b->parse->head;

	b->publish = false;
	pthread_mutex_lock(&h->lock);
	h->state = ok ? 1 : -1;
	if (ok) {
		head_copy(&h->doc, &b->doc, b->doc.unit_seq);
		h->guessed = b->guessed;
		h->kind_at = b->kind_at;
	}
	pthread_cond_broadcast(&h->known);
	pthread_mutex_unlock(&h->lock);
}

/*
 * Waits for the List's start (head_give()) and, when its items are cut, starts b's document
 * as the List holding what comes before its items; returns false when they are not.
 */
static bool
head_wait(struct builder *b)
{
	struct head *h = &b->parse->head;

	pthread_mutex_lock(&h->lock);
	while (h->state == 0)
		pthread_cond_wait(&h->known, &h->lock);
	pthread_mutex_unlock(&h->lock);
	if (h->state < 0)
		return false;
	head_copy(&b->doc, &h->doc, h->doc.unit_seq);
	b->guessed = h->guessed;
	b->kind_at = h->kind_at;
	b->units = b->away = true;
	return true;
}

/* Starts b on part of p's stream, run by q (NULL: on this thread). */
static void
builder_init(struct builder *b, struct parse *p, struct ir_ahead *q, size_t part)
{
	memset(b, 0, sizeof(*b));
	b->s = p->s;
	b->base = p->cuts.at[part];
	b->text = p->s->data + b->base;
	b->cuts = p->cuts.at;
	b->ncuts = p->cuts.n;
	b->items = p->cuts.items;
	b->tail = p->cuts.tail;
	b->next_cut = part + 1;
	b->parse = p;
	b->doc.stream = p->s;
	b->cb = p->cb;
	b->unit_cb = p->unit_cb;
	b->arg = p->arg;
	b->ahead = q;
	b->pool = &p->pool;
	b->last_amp = p->last_amp;
}

/* Opens the collection the builder is in (head_wait()). */
static void
stack_push(struct builder *b, ir_id id)
{
	if (b->depth == b->stackcap) {
		b->stackcap = b->stackcap ? b->stackcap * 2 : 64;
		b->stack = ir_xrealloc(b->stack, b->stackcap * sizeof(*b->stack));
	}
	b->stack[b->depth++] = id;
}

/* Frees what a part's builder holds. */
static void
builder_free(struct builder *b)
{
	if (b->in_item) {	/* an error inside a List item built to hand away */
		doc_clear(&b->doc);
		doc_free(&b->doc);
		b->doc = b->list;
	}
	doc_clear(&b->doc);
	doc_free(&b->doc);
	doc_clear(&b->item_room);
	doc_free(&b->item_room);
	free(b->stack);
	free(b->anchors);
	free(b->dups);
}

/* Sets a part's error from the builder's, or from its parser's. */
static void
part_error_set(struct part_error *err, const struct builder *b, const struct ir_parse_error *perr,
    size_t len)
{
	if (b->err[0]) {
		snprintf(err->msg, sizeof(err->msg), "%s", b->err);
		err->off = b->err_off;
		return;
	}
	snprintf(err->msg, sizeof(err->msg), "%s", perr->got ? perr->msg : "invalid YAML");
	err->off = perr->got ? b->base + ir_text_offset(b->text, len, perr->line, perr->col) : 0;
}

/*
 * The events that put a part parsed alone where the stream is at its start, for a part
 * from a List item: a sequence (the items') in a document, both starting there; for the
 * List's tail: a block mapping (the List's). Returns the number of them e is (1 to 3), 0
 * when e is none of them.
 */
static int
context_event(struct fy_event *e, bool tail, int seen)
{
	const struct fy_mark *m = fy_event_start_mark(e);
	bool at0 = m && m->input_pos == 0;

	if (seen == 0)
		return e->type == FYET_STREAM_START ? 1 : 0;
	if (seen == 1)
		return e->type == FYET_DOCUMENT_START && e->document_start.implicit &&
		    !has_directives(e) ? 2 : 0;
	if (tail)
		return e->type == FYET_MAPPING_START && at0 &&
		    fy_event_get_node_style(e) != FYNS_FLOW ? 3 : 0;
	return e->type == FYET_SEQUENCE_START && at0 &&
	    fy_event_get_node_style(e) != FYNS_FLOW ? 3 : 0;
}

/*
 * Parses a part of p's stream, running the callbacks here or, with q, on the caller's
 * thread: from its start to the next part's (or the end), or, with skip_before, from the
 * stream's start, handing over only the List items from skip_before on. Returns 0, a
 * callback's nonzero value, or -1 with the part's error set.
 */
static int
parse_from(struct ir_ahead *q, struct parse *p, size_t part, size_t skip_before)
{
	struct part_error *err = &p->errors[part];
	struct ir_parse_error perr;
	struct builder b;
	struct fy_parser *fyp;
	struct fy_event *e;
	unsigned events = 0;
	bool cut = false;
	int rc = 0;

	builder_init(&b, p, q, skip_before ? 0 : part);
	b.next_cut = part + 1;
	b.skip_before = skip_before;
	if (skip_before)
		b.tail = 0;	/* no more parts alone: each might be parsed again from the start */
	b.publish = part == 0 && p->cuts.items;
	/* a part before the last stops inside its input: its parser cannot be used again */
	fyp = part + 1 < p->cuts.n ? ir_parser_open_new(b.text, p->s->len - b.base, &perr) :
	    ir_parser_open(b.text, p->s->len - b.base, &perr);
	if (fyp == NULL) {
		snprintf(err->msg, sizeof(err->msg), "cannot create a YAML parser");
		err->off = 0;
		return -1;
	}
	while (rc == 0 && (e = fy_parser_parse(fyp)) != NULL) {
		if (q && ((e->type == FYET_DOCUMENT_START && b.next_cut < b.ncuts &&
		    at_cut(&b, q, e)) || (b.away && node_event(e) && at_item_cut(&b, q, e)))) {
			fy_parser_event_free(fyp, e);
			cut = true;
			break;
		}
		rc = on_event(&b, e);
		fy_parser_event_free(fyp, e);
		if (b.err[0]) {
			part_error_set(err, &b, &perr, p->s->len - b.base);
			rc = -1;
		} else if (rc == 0 && q && ++events % 1024 == 0 && ir_ahead_stopped(q))
			rc = 1;		/* inside a long document: the caller has stopped */
	}
	if (rc == 0 && !cut && fy_parser_get_stream_error(fyp)) {
		rc = -1;
		part_error_set(err, &b, &perr, p->s->len - b.base);
	}
	if (rc == 0 && !cut && q)
		ir_ahead_next(q, p->cuts.n);	/* the stream's end: no part after this one */
	if (b.publish)
		head_give(&b, false);
	/* the duplicate keys of a document cut short by an error are warned about too */
	if (b.ndups)
		deliver(&b, NULL, true);
	/* reset and used again, a parser stopped inside its input may fail at once */
	ir_parser_close(fyp, rc == 0 && !cut);
	builder_free(&b);
	return rc;
}

/*
 * Parses a part of the List that starts the stream alone, from an item (to the List's tail
 * at most) or from its tail (to the stream's end), running the callbacks with q on the
 * caller's thread. Returns as parse_from() does, or AGAIN when the part may not parse alone
 * as it does in the stream (an error in it before the List's end: the parse from the List's
 * start tells which, or none; or an empty item), with *handed set to where the items it did
 * not hand over start.
 */
static int
parse_alone(struct ir_ahead *q, struct parse *p, size_t part, size_t *handed)
{
	struct part_error *err = &p->errors[part];
	bool tail = part == p->cuts.tail;
	size_t len = tail ? p->s->len - p->cuts.at[part] : p->cuts.at[p->cuts.tail] -
	    p->cuts.at[part];
	struct ir_parse_error perr;
	struct builder b;
	struct fy_parser *fyp;
	struct fy_event *e;
	unsigned events = 0;
	int rc = 0, context = 0;
	bool cut = false, ended = false;	/* ended: the items, or the List */

	builder_init(&b, p, q, part);
	*handed = b.handed = b.base;
	if (!head_wait(&b)) {
		builder_free(&b);
		return 0;	/* the List is not cut: a part before parses on past this one */
	}
	stack_push(&b, b.doc.root);
	if (!tail)
		stack_push(&b, b.doc.unit_seq);
	if ((fyp = ir_parser_open_new(b.text, len, &perr)) == NULL) {
		builder_free(&b);
		return AGAIN;
	}
	while (rc == 0 && (e = fy_parser_parse(fyp)) != NULL) {
		if (context < 3) {
			context = context_event(e, tail, context);
			rc = context ? 0 : AGAIN;
		} else if (!tail && ended)
			rc = e->type == FYET_DOCUMENT_END || e->type == FYET_STREAM_END ? 0 : AGAIN;
		else if (!tail && e->type == FYET_SEQUENCE_END && b.depth == 2)
			ended = true;
		else if (!tail && b.depth == 2 && empty_scalar(e))
			rc = AGAIN;	/* libfyaml refuses some empty List items, but not alone */
		else if (node_event(e) && at_item_cut(&b, q, e))
			cut = true;
		else if (tail && ended && e->type == FYET_DOCUMENT_START && b.next_cut < b.ncuts &&
		    at_cut(&b, q, e))
			cut = true;
		else {
			if (tail && e->type == FYET_DOCUMENT_END && !ended)
				ended = true;
			rc = on_event(&b, e);
			if (b.err[0]) {
				part_error_set(err, &b, &perr, len);
				rc = ended ? -1 : AGAIN;
			} else if (rc == 0 && ++events % 1024 == 0 && ir_ahead_stopped(q))
				rc = 1;
		}
		fy_parser_event_free(fyp, e);
		if (cut)
			break;
	}
	if (rc == 0 && !cut && fy_parser_get_stream_error(fyp)) {
		part_error_set(err, &b, &perr, len);
		rc = tail && ended ? -1 : AGAIN;
	}
	if (rc == 0 && !cut)
		rc = !ended ? AGAIN : 0;
	if (rc == 0 && !cut)
		ir_ahead_next(q, tail ? p->cuts.n : p->cuts.tail);
	if (b.ndups && rc != AGAIN)
		deliver(&b, NULL, true);
	*handed = tail ? b.base : b.handed;
	ir_parser_close(fyp, false);
	builder_free(&b);
	return rc;
}

/*
 * Parses part of p's stream, running the callbacks here or, with q, on the caller's thread:
 * a part that starts at a List's item or tail is parsed alone, or, when it may not parse
 * alone as in the stream, from the List's start, the items it or the parts before handed
 * over not handed over again. Returns 0, a callback's nonzero value, or -1 with the part's
 * error set.
 */
static int
parse(struct ir_ahead *q, void *arg, size_t part)
{
	struct parse *p = arg;
	size_t handed;
	int rc;

	if (q == NULL || p->cuts.items == 0 || part < p->cuts.items || part > p->cuts.tail)
		return parse_from(q, p, part, 0);
	rc = parse_alone(q, p, part, &handed);
	return rc == AGAIN ? parse_from(q, p, part, handed) : rc;
}

/*
 * How far apart parts are cut when parsing ahead: 0 for at every document start (the test
 * switch IMGREG_TEST_PARSE_AHEAD=p), else IR_PART_BYTES.
 */
static size_t
part_bytes(void)
{
	const char *test = getenv("IMGREG_TEST_PARSE_AHEAD");

	return test && *test == 'p' ? 0 : IR_PART_BYTES;
}

bool
ir_yaml_ahead(const struct ir_stream *s, bool units)
{
	const char *test = getenv("IMGREG_TEST_PARSE_AHEAD");

	if (s->depth > 0)
		return false;
	if (test && (*test == '0' || *test == '1' || *test == 'p'))
		return *test != '0';
	return s->len >= IR_AHEAD_MIN && !(units && memchr(s->data, '&', s->len) &&
	    kind_line(s->data, s->len, 0) != (size_t)-1);
}

/* Where the last '&' of the stream is, or (size_t)-1: after it, no anchor can be. */
static size_t
last_amp(const struct ir_stream *s)
{
	const char *p = memrchr(s->data, '&', s->len);

	return p ? (size_t)(p - s->data) : (size_t)-1;
}

int
ir_yaml_parse_units(struct ir_stream *s, ir_doc_fn cb, ir_doc_fn unit_cb, void *arg,
    size_t *err_off, char *err, size_t errsize)
{
	struct parse p = { .s = s, .cb = cb, .unit_cb = unit_cb, .arg = arg };
	struct ir_ahead_end end = { .part = 0 };
	bool ahead = ir_yaml_ahead(s, unit_cb != NULL), list;
	size_t every;

	pthread_mutex_init(&p.pool.lock, NULL);
	pthread_mutex_init(&p.head.lock, NULL);
	pthread_cond_init(&p.head.known, NULL);
	p.last_amp = ahead ? last_amp(s) : (size_t)-1;
	/* the items of a List that starts the stream are cut too, when it has no anchor */
	list = ahead && unit_cb && p.last_amp == (size_t)-1 &&
	    kind_line(s->data, s->len, 0) != (size_t)-1;
	every = ahead ? part_bytes() : s->len + 1;
	ir_yaml_cuts(s->data, s->len, every, list, every ? IR_ITEM_PART_BYTES : 0, &p.cuts);
	p.errors = ir_xcalloc(p.cuts.n, sizeof(*p.errors));
	if (!ahead || !ir_ahead_run(parse, &p, p.cuts.n, &end)) {
		p.cuts.n = 1;	/* no thread: one part */
		p.cuts.items = 0;
		end.rc = parse(NULL, &p, 0);
		end.stopped = false;
	}
	pool_free(&p.pool);
	if (end.rc == -1 && !end.stopped) {
		snprintf(err, errsize, "%s", p.errors[end.part].msg);
		*err_off = p.errors[end.part].off;
	}
	doc_clear(&p.head.doc);
	doc_free(&p.head.doc);
	pthread_cond_destroy(&p.head.known);
	pthread_mutex_destroy(&p.head.lock);
	free(p.cuts.at);
	free(p.errors);
	return end.rc;
}

/* Orders key ids by their text in document arg, for finding duplicates in large mappings. */
static int
key_cmp(const void *a, const void *b, void *arg)
{
	const struct ir_doc *doc = arg;
	const struct ir_node *x = &doc->nodes[*(const ir_id *)a];
	const struct ir_node *y = &doc->nodes[*(const ir_id *)b];
	size_t n = x->text_len < y->text_len ? x->text_len : y->text_len;
	int c = memcmp(x->text, y->text, n);

	if (c)
		return c;
	if (x->text_len != y->text_len)
		return x->text_len < y->text_len ? -1 : 1;
	return *(const ir_id *)a < *(const ir_id *)b ? -1 : 1;
}

static void
dup_warn(const struct ir_stream *s, const struct dup *d)
{
	const char *file;
	unsigned long l1, c1, l2, c2;

	ir_stream_pos(s, d->first, &file, &l1, &c1);
	ir_stream_pos(s, d->again, &file, &l2, &c2);
	ir_msg(IR_MSG_WARNING, file, l2, c2, "duplicate key '%s' (first at %lu:%lu)", d->key,
	    l1, c1);
}

/* Notes that key again repeats key first. */
static void
dup_add(struct builder *b, ir_id first, ir_id again)
{
	struct dup *d;

	if (b->ndups == b->dupcap) {
		b->dupcap = b->dupcap ? b->dupcap * 2 : 8;
		b->dups = ir_xrealloc(b->dups, b->dupcap * sizeof(*b->dups));
	}
	d = &b->dups[b->ndups++];
	d->first = b->doc.nodes[first].start;
	d->again = b->doc.nodes[again].start;
	d->key = b->doc.nodes[again].text;
}

/* Tells whether two scalar nodes hold the same text. */
static bool
same_text(const struct ir_node *a, const struct ir_node *b)
{
	return a->kind == IR_SCALAR && b->kind == IR_SCALAR && a->text_len == b->text_len &&
	    memcmp(a->text, b->text, a->text_len) == 0;
}

static void
dup_check(struct builder *b, ir_id id)
{
	struct ir_doc *doc = &b->doc;
	const struct ir_node *m = &doc->nodes[id];
	ir_id *keys, k, few[32];
	size_t n = 0, i, j, cap = m->nchild / 2 + 1;

	if (m->kind != IR_MAP || m->nchild < 4)
		return;
	/* most mappings have a few keys: no allocation for them */
	keys = cap <= sizeof(few) / sizeof(few[0]) ? few : ir_xmalloc(cap * sizeof(*keys));
	for (k = m->first; k; k = doc->nodes[k].next ? doc->nodes[doc->nodes[k].next].next : 0)
		if (doc->nodes[k].kind == IR_SCALAR)
			keys[n++] = k;
	if (n <= 16) {
		for (i = 0; i < n; i++)
			for (j = i + 1; j < n; j++)
				if (same_text(&doc->nodes[keys[i]], &doc->nodes[keys[j]]))
					dup_add(b, keys[i], keys[j]);
	} else {
		qsort_r(keys, n, sizeof(*keys), key_cmp, doc);
		for (i = 1; i < n; i++)
			if (same_text(&doc->nodes[keys[i - 1]], &doc->nodes[keys[i]]))
				dup_add(b, keys[i - 1], keys[i]);
	}
	if (keys != few)
		free(keys);
}
