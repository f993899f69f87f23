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
 * one runs the callbacks; below it, starting the threads costs more than it gains.
 * Not when the first document is a List read item by item (kubectl get -o yaml): each item
 * would wait for its call on the other thread. For the tests, IMGREG_TEST_PARSE_AHEAD=1 in
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

/* A key given twice in a mapping, warned about before the callback that covers it. */
struct dup {
	size_t first, again;	/* where the two keys start */
	const char *key;	/* in the document's arena */
};

/* Strings copied out of events live in chunks freed with their document. */
#define ARENA_CHUNK ((size_t)65536)

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
	size_t next_cut;	/* the first of them after this part's start not yet passed */
	struct ir_doc doc;
	ir_doc_fn cb;		/* hands over each document */
	ir_doc_fn unit_cb;	/* hands over List items one by one (yaml.h), or NULL */
	void *arg;
	bool units;		/* the current document's items go to unit_cb */
	bool guessed;		/* ... because a "kind:" line ahead said it is a List */
	size_t kind_at;		/* where that line is */
	bool anchored;		/* the document has an anchor: items are no longer handed over */
	struct arena_mark item_mark;	/* the arena before the current item's strings */
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

/*
 * Calls made and dropped, kept with their documents' room for the next ones to reuse; and,
 * parsing ahead, how many documents the caller's thread has had (each part's parse counts
 * its own from 0).
 */
struct pool {
	pthread_mutex_t lock;
	struct handover *free;
	unsigned docs;		/* the caller's thread's */
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

/* Copies n bytes into the document's arena, NUL-terminated. */
static const char *
arena_copy(struct ir_doc *doc, const char *p, size_t n)
{
	struct ir_arena *a = doc->arena;
	char *dst;

	if (a == NULL || a->size - a->used < n + 1) {
		size_t size = n + 1 > ARENA_CHUNK ? n + 1 : ARENA_CHUNK;

		a = ir_xmalloc(sizeof(*a) + size);
		a->size = size;
		a->used = 0;
		a->next = doc->arena;
		doc->arena = a;
	}
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

/* Appends a node under the innermost open collection and returns its id. */
static ir_id
node_add(struct builder *b, enum ir_kind kind, enum ir_style style)
{
	struct ir_doc *doc = &b->doc;
	struct ir_node *n, *p;
	ir_id id, parent = b->depth ? b->stack[b->depth - 1] : 0;

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
		if (keep == NULL && a->size == ARENA_CHUNK) {
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

/*
 * Warns about the duplicate keys of a call, then makes it. Parsing ahead, the document's
 * index is the count of those the caller's thread had (a document given away is one).
 */
static int
handover_run(struct ir_ahead_job *job)
{
	struct handover *h = (struct handover *)job;
	size_t i;

	if (h->pool) {
		h->doc->index = h->pool->docs;
		if (h->job.drop)
			h->pool->docs++;
	}
	for (i = 0; i < h->ndups; i++)
		dup_warn(h->doc->stream, &h->dups[i]);
	return h->fn ? h->fn(h->doc, h->arg) : 0;
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
	h->own = b->doc;
	h->doc = &h->own;
	/* the next document is built in the room a dropped one left */
	b->doc.nodes = room.nodes;
	b->doc.cap = room.cap;
	b->doc.arena = room.arena;
	b->doc.nnodes = 0;
	return ir_ahead_put(b->ahead, &h->job) ? 1 : 0;
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
		b->units = b->guessed = b->anchored = false;
		break;
	case FYET_DOCUMENT_END:
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

/* A parse: what it hands over, the parts it is cut in, and the errors they end with. */
struct parse {
	struct ir_stream *s;
	ir_doc_fn cb, unit_cb;
	void *arg;
	struct pool pool;	/* parsing ahead */
	size_t *cuts;		/* where the parts start (cuts.c) */
	size_t ncuts;
	struct part_error *errors;	/* one a part */
};

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

/* Starts b on part of p's stream, run by q (NULL: on this thread). */
static void
builder_init(struct builder *b, struct parse *p, struct ir_ahead *q, size_t part)
{
	memset(b, 0, sizeof(*b));
	b->s = p->s;
	b->base = p->cuts[part];
	b->text = p->s->data + b->base;
	b->cuts = p->cuts;
	b->ncuts = p->ncuts;
	b->next_cut = part + 1;
	b->doc.stream = p->s;
	b->cb = p->cb;
	b->unit_cb = p->unit_cb;
	b->arg = p->arg;
	b->ahead = q;
	b->pool = &p->pool;
}

/*
 * Parses a part of p's stream, from its start to the next part's (or the end), running the
 * callbacks here or, with q, on the caller's thread: returns 0, a callback's nonzero value,
 * or -1 with the part's error set.
 */
static int
parse(struct ir_ahead *q, void *arg, size_t part)
{
	struct parse *p = arg;
	struct part_error *err = &p->errors[part];
	struct ir_parse_error perr;
	struct builder b;
	struct fy_parser *fyp;
	struct fy_event *e;
	unsigned events = 0;
	bool cut = false;
	int rc = 0;

	builder_init(&b, p, q, part);
	/* a part before the last stops inside its input: its parser cannot be used again */
	fyp = part + 1 < p->ncuts ? ir_parser_open_new(b.text, p->s->len - b.base, &perr) :
	    ir_parser_open(b.text, p->s->len - b.base, &perr);
	if (fyp == NULL) {
		snprintf(err->msg, sizeof(err->msg), "cannot create a YAML parser");
		err->off = 0;
		return -1;
	}
	while (rc == 0 && (e = fy_parser_parse(fyp)) != NULL) {
		if (e->type == FYET_DOCUMENT_START && b.next_cut < b.ncuts && at_cut(&b, q, e)) {
			fy_parser_event_free(fyp, e);
			cut = true;
			break;
		}
		rc = on_event(&b, e);
		fy_parser_event_free(fyp, e);
		if (b.err[0]) {
			snprintf(err->msg, sizeof(err->msg), "%s", b.err);
			err->off = b.err_off;
			rc = -1;
		} else if (rc == 0 && q && ++events % 1024 == 0 && ir_ahead_stopped(q))
			rc = 1;		/* inside a long document: the caller has stopped */
	}
	if (rc == 0 && !cut && fy_parser_get_stream_error(fyp)) {
		rc = -1;
		snprintf(err->msg, sizeof(err->msg), "%s", perr.got ? perr.msg : "invalid YAML");
		err->off = perr.got ? b.base + ir_text_offset(b.text, p->s->len - b.base,
		    perr.line, perr.col) : 0;
	}
	if (rc == 0 && !cut && q)
		ir_ahead_next(q, p->ncuts);	/* the stream's end: no part after this one */
	/* the duplicate keys of a document cut short by an error are warned about too */
	if (b.ndups)
		deliver(&b, NULL, true);
	/* reset and used again, a parser stopped inside its input may fail at once */
	ir_parser_close(fyp, rc == 0 && !cut);
	doc_clear(&b.doc);
	doc_free(&b.doc);
	free(b.stack);
	free(b.anchors);
	return rc;
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
	return s->len >= IR_AHEAD_MIN && !(units && kind_line(s->data, s->len, 0) != (size_t)-1);
}

int
ir_yaml_parse_units(struct ir_stream *s, ir_doc_fn cb, ir_doc_fn unit_cb, void *arg,
    size_t *err_off, char *err, size_t errsize)
{
	static size_t whole[1] = { 0 };
	struct parse p = { .s = s, .cb = cb, .unit_cb = unit_cb, .arg = arg };
	struct ir_ahead_end end = { .part = 0 };
	bool ahead = ir_yaml_ahead(s, unit_cb != NULL);

	pthread_mutex_init(&p.pool.lock, NULL);
	p.cuts = whole;
	p.ncuts = 1;
	if (ahead)
		p.ncuts = ir_yaml_cuts(s->data, s->len, part_bytes(), &p.cuts);
	p.errors = ir_xcalloc(p.ncuts, sizeof(*p.errors));
	if (!ahead || !ir_ahead_run(parse, &p, p.ncuts, &end)) {
		if (p.ncuts > 1) {	/* no thread: one part */
			free(p.cuts);
			p.cuts = whole;
			p.ncuts = 1;
		}
		end.rc = parse(NULL, &p, 0);
		end.stopped = false;
	}
	pool_free(&p.pool);
	if (end.rc == -1 && !end.stopped) {
		snprintf(err, errsize, "%s", p.errors[end.part].msg);
		*err_off = p.errors[end.part].off;
	}
	if (p.cuts != whole)
		free(p.cuts);
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
