/*
 * Building the light index of each document from libfyaml's events (src/handover.c hands
 * documents and List items over to the callbacks, src/yaml_parse.c runs the parses).
 */
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
#include "builder.h"
#include "internal.h"

/*
 * Collections nest at most this deep: the limit of the YAML library kubectl reads with
 * (go-yaml's max depth), so that whatever kubectl accepts is accepted here too.
 */
#define IR_MAX_NESTING 10000

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

const char *
ir_build_copy(struct ir_doc *doc, const char *p, size_t n)
{
	return arena_copy(doc, p, n);
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

size_t
ir_build_kind_line(const char *d, size_t len, size_t from)
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
	b->kind_at = ir_build_kind_line(b->s->data, b->s->len, doc->nodes[seq].start);
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
		    (b->last_amp == (size_t)-1 || b->last_amp < n->start) &&
		    (style == IR_FLOW || b->small_away ||
		    !ir_yaml_items_small(b->s->data, b->s->len, n->start));
		if (b->publish)
			ir_build_head_give(b, b->away && !b->directives);
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

void
ir_build_doc_clear(struct ir_doc *doc)
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

void
ir_build_doc_free(struct ir_doc *doc)
{
	free(doc->arena);
	doc->arena = NULL;
	free(doc->nodes);
	doc->nodes = NULL;
	doc->cap = 0;
}

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
size_t
ir_build_doc_weight(const struct ir_doc *doc)
{
	const struct ir_arena *a;
	size_t n = pages(doc->nnodes * sizeof(*doc->nodes));

	for (a = doc->arena; a; a = a->next)
		n += pages(sizeof(*a) + a->used);
	return n;
}

void
ir_build_head_copy(struct ir_doc *dst, const struct ir_doc *src, ir_id seq)
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
 * List its node (handover.c: item_number(), list_complete()).
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
	ir_build_doc_clear(doc);
	if (doc->arena == NULL)
		arena_grow(doc, ITEM_CHUNK);
	ir_build_head_copy(doc, &b->list, b->list.unit_seq);
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
		return ir_build_deliver(b, b->unit_cb, false);
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
	rc = ir_build_deliver(b, b->unit_cb, true);
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

bool
ir_build_directives(struct fy_event *e)
{
	struct fy_document_state *ds = e->document_start.document_state;

	return ds && (fy_document_state_version_explicit(ds) ||
	    fy_document_state_tags_explicit(ds));
}

/* A document's start not known yet: libfyaml marks no implicit document start. */
#define NO_START ((size_t)-1)

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

	if (ir_build_directives(e))
		b->directives = true;
	b->doc.start = m ? at : NO_START;	/* implicit: where its first token is */
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
	return ir_build_deliver(b, b->cb, false);
}

int
ir_build_event(struct builder *b, struct fy_event *e)
{
	size_t start = 0, end = 0;
	bool marked = ir_span_event(&b->span, b->text, e, &start, &end);
	ir_id id = 0;
	int rc = 0;

	start += b->base;
	end += b->base;

	switch (e->type) {
	case FYET_DOCUMENT_START:
		ir_build_doc_clear(&b->doc);
		doc_start(b, e);
		if (b->anchorcap)
			memset(b->anchors, 0, b->anchorcap * sizeof(*b->anchors));
		b->nanchors = 0;
		b->units = b->guessed = b->anchored = b->away = false;
		break;
	case FYET_DOCUMENT_END:
		if (b->doc.start == NO_START)	/* an empty document: where it ends */
			b->doc.start = b->base + (fy_event_start_mark(e) ?
			    fy_event_start_mark(e)->input_pos : 0);
		if (b->publish)
			ir_build_head_give(b, false);	/* the first document is no List */
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
	if (b->doc.start == NO_START && b->doc.root)
		b->doc.start = b->doc.nodes[b->doc.root].start;
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

void
ir_build_dup_warn(const struct ir_stream *s, const struct dup *d)
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
