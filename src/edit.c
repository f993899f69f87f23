/* The edit list: splices on a stream's bytes and the node overlays they imply. */
#include <stdlib.h>
#include <string.h>

#include "imgreg/edit.h"
#include "imgreg/stream.h"
#include "imgreg/text.h"
#include "imgreg/verify.h"
#include "internal.h"

/* A scalar's new value, for verification. */
struct repl {
	ir_id id;
	bool plain;
	size_t len;
	char *text;
};

/* An inserted pair or item, for verification: before child `before` (0: at the end). */
struct ins {
	ir_id parent, before;
	bool flow;
	size_t seq;
	char *key;		/* NULL for a sequence item */
	struct ir_val *val;
};

struct ir_edits {
	struct ir_stream *s;
	struct ir_splice *sp;
	size_t *order;		/* insertion order of each splice, for a stable sort */
	size_t n, cap;
	bool sorted;
	struct repl *repl;
	size_t nrepl, caprepl;
	struct ins *ins;
	size_t nins, capins;
	size_t doc_first;	/* the first splice of the current document */
	size_t item_first;	/* ... and of the List item handed over now (yaml.h, units) */
	struct ir_range *dirty;	/* the splices being hashed, sorted, for touched() */
	size_t ndirty;
	uint64_t *item_hashes;	/* a List read item by item: each item's hash, by index */
	size_t nitem_hashes, capitem_hashes;
	size_t part_first;	/* the first splice of the part being checked alone */
	bool part_hashed;	/* a document of the part is hashed: the ones after it are too */
};

struct ir_edits *
ir_edits_new(struct ir_stream *s)
{
	struct ir_edits *ed = ir_xcalloc(1, sizeof(*ed));

	ed->s = s;
	return ed;
}

/* Frees what a value copied by val_copy() holds, not the value itself. */
static void
val_clear(struct ir_val *v)
{
	size_t i;

	for (i = 0; i < v->n; i++)
		val_clear((struct ir_val *)&v->items[i]);
	free((struct ir_val *)v->items);
	free((char *)v->text);
}

/* Frees a deep copy made by val_copy(). */
static void
val_free(struct ir_val *v)
{
	if (v == NULL)
		return;
	val_clear(v);
	free(v);
}

/* Makes a deep copy of a value the caller may free. */
static struct ir_val *
val_copy(const struct ir_val *v)
{
	struct ir_val *c = ir_xcalloc(1, sizeof(*c)), *items;
	size_t i;

	c->kind = v->kind;
	c->n = v->n;
	if (v->text)
		c->text = ir_xstrndup(v->text, strlen(v->text));
	if (v->n) {
		items = ir_xcalloc(v->n, sizeof(*items));
		for (i = 0; i < v->n; i++) {
			struct ir_val *sub = val_copy(&v->items[i]);

			items[i] = *sub;
			free(sub);
		}
		c->items = items;
	}
	return c;
}

/* Forgets the overlays of the current document. */
static void
overlays_clear(struct ir_edits *ed)
{
	size_t i;

	for (i = 0; i < ed->nrepl; i++)
		free(ed->repl[i].text);
	for (i = 0; i < ed->nins; i++) {
		free(ed->ins[i].key);
		val_free(ed->ins[i].val);
	}
	ed->nrepl = ed->nins = 0;
}

void
ir_edits_free(struct ir_edits *ed)
{
	size_t i;

	if (ed == NULL)
		return;
	overlays_clear(ed);
	for (i = 0; i < ed->n; i++)
		free((char *)ed->sp[i].text);
	free(ed->sp);
	free(ed->order);
	free(ed->repl);
	free(ed->ins);
	free(ed->dirty);
	free(ed->item_hashes);
	free(ed);
}

size_t
ir_edits_count(const struct ir_edits *ed)
{
	return ed->n;
}

void
ir_edit_splice(struct ir_stream *s, size_t start, size_t end, const char *text, size_t len)
{
	struct ir_edits *ed = s->edits;

	if (ed->n == ed->cap) {
		ed->cap = ed->cap ? ed->cap * 2 : 16;
		ed->sp = ir_xrealloc(ed->sp, ed->cap * sizeof(*ed->sp));
		ed->order = ir_xrealloc(ed->order, ed->cap * sizeof(*ed->order));
	}
	ed->sp[ed->n].start = start;
	ed->sp[ed->n].end = end;
	ed->sp[ed->n].text = ir_xstrndup(text, len);
	ed->sp[ed->n].len = len;
	ed->sp[ed->n].inert = false;
	ed->order[ed->n] = ed->n;
	ed->n++;
	ed->sorted = false;
}

void
ir_edit_splice_inert(struct ir_stream *s, size_t start, size_t end, const char *text,
    size_t len)
{
	ir_edit_splice(s, start, end, text, len);
	s->edits->sp[s->edits->n - 1].inert = true;
}

void
ir_edit_expect(struct ir_doc *doc, ir_id id, const char *text, size_t len, bool plain)
{
	struct ir_edits *ed = doc->stream->edits;

	if (ed->nrepl == ed->caprepl) {
		ed->caprepl = ed->caprepl ? ed->caprepl * 2 : 16;
		ed->repl = ir_xrealloc(ed->repl, ed->caprepl * sizeof(*ed->repl));
	}
	ed->repl[ed->nrepl].id = id;
	ed->repl[ed->nrepl].text = ir_xstrndup(text, len);
	ed->repl[ed->nrepl].len = len;
	ed->repl[ed->nrepl].plain = plain;
	ed->nrepl++;
	doc->nodes[id].overlay |= 1;
}

bool
ir_edit_replaced(const struct ir_doc *doc, ir_id id)
{
	return (doc->nodes[id].overlay & 1) != 0;
}

/* True when node id sits inside a flow collection. */
static bool
in_flow(const struct ir_doc *doc, ir_id id)
{
	const struct ir_node *p = ir_node(doc, doc->nodes[id].parent);

	return p && p->style == IR_FLOW;
}

/* True when the len bytes at p hold a CR that is not followed by LF: a line break that the
 * line-based code here does not see. */
static bool
lone_cr(const char *p, size_t len)
{
	const char *cr;

	while ((cr = memchr(p, '\r', len)) != NULL) {
		if ((size_t)(cr - p) + 1 >= len || cr[1] != '\n')
			return true;
		len -= (size_t)(cr - p) + 2;
		p = cr + 2;
	}
	return false;
}

/*
 * Replaces the one content line of a literal or folded block scalar, keeping its header and
 * indentation. Returns -1 when the old or new value is not one line that the block can hold.
 */
static int
replace_block_line(struct ir_doc *doc, ir_id id, const char *text, size_t len)
{
	const struct ir_node *n = &doc->nodes[id];
	const char *d = doc->stream->data, *nl;
	size_t keep = 0, p;
	struct ir_buf v = IR_BUF_INIT;

	while (keep < n->text_len && n->text[n->text_len - 1 - keep] == '\n')
		keep++;
	if (memchr(n->text, '\n', n->text_len - keep) || len == 0 || memchr(text, '\n', len) ||
	    strchr(" \t#", text[0]) || text[len - 1] == ' ' || text[len - 1] == '\t' ||
	    lone_cr(d + n->start, n->end - n->start))
		return -1;
	nl = memchr(d + n->start, '\n', n->end - n->start);
	if (nl == NULL)
		return -1;
	p = (size_t)(nl - d) + 1;
	while (p < n->end && (d[p] == ' ' || d[p] == '\r' || d[p] == '\n'))
		p++;
	if (p >= n->end)
		return -1;	/* no content line: the block is replaced as a whole */
	ir_edit_splice(doc->stream, p, n->end, text, len);
	ir_buf_add(&v, text, len);
	ir_buf_add(&v, n->text + n->text_len - keep, keep);
	ir_edit_expect(doc, id, v.data, v.len, false);
	ir_buf_free(&v);
	return 0;
}

/* True for an ASCII letter or digit. */
static bool
alnum(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

/* True for text that reads as itself as a plain scalar in block context, whatever the bytes
 * around it, and ends where the token ends (ir_edits_inert()). */
static bool
inert_text(const char *p, size_t len)
{
	size_t i;

	if (len == 0 || !alnum(p[0]) || p[len - 1] == ':')
		return false;
	for (i = 0; i < len; i++)
		if (!alnum(p[i]) && !(p[i] == '.' || p[i] == '_' || p[i] == '/' || p[i] == ':' ||
		    p[i] == '@' || p[i] == '+' || p[i] == '-'))
			return false;
	return true;
}

/*
 * True when writing w over scalar id, to be read as the value (text, len), provably reads
 * back as intended (ir_edits_inert()): a plain or quoted value (not a key, no anchor or tag,
 * no template) in a block collection whose source is its value, in quotes or not, as w is,
 * and both values inert text.
 */
static bool
inert_replacement(const struct ir_doc *doc, ir_id id, const char *w, size_t wlen,
    const char *text, size_t len)
{
	const struct ir_node *n = &doc->nodes[id], *p = ir_node(doc, n->parent);
	const char *src = doc->stream->data + n->start;
	size_t slen = n->end - n->start, q;

	if (n->style == IR_PLAIN)
		q = 0;
	else if (n->style == IR_SINGLE || n->style == IR_DOUBLE)
		q = 1;		/* the quotes, on both sides */
	else
		return false;
	return !n->anchor && !n->tag && p && p->style == IR_BLOCK &&
	    (p->kind == IR_SEQ || n->index % 2 == 1) &&
	    slen == n->text_len + 2 * q && memcmp(src + q, n->text, n->text_len) == 0 &&
	    wlen == len + 2 * q && memcmp(w + q, text, len) == 0 &&
	    (q == 0 || (w[0] == src[0] && w[wlen - 1] == src[0] && src[slen - 1] == src[0])) &&
	    !ir_stream_templated(doc->stream, n->start, n->end) &&
	    inert_text(n->text, n->text_len) && inert_text(text, len);
}

bool
ir_edits_inert(const struct ir_edits *ed, size_t first, size_t last)
{
	size_t i;

	for (i = first; i < last; i++)
		if (!ed->sp[i].inert)
			return false;
	return true;
}

int
ir_edit_replace(struct ir_doc *doc, ir_id id, const char *text, size_t len)
{
	struct ir_node *n = ir_node(doc, id);
	struct ir_edits *ed = doc->stream->edits;
	struct ir_buf b = IR_BUF_INIT;
	enum ir_style style;
	bool flow;

	if (n == NULL || n->kind != IR_SCALAR || !n->has_text || (n->overlay & 1))
		return -1;
	if ((n->style == IR_LITERAL || n->style == IR_FOLDED) &&
	    replace_block_line(doc, id, text, len) == 0)
		return 0;
	flow = in_flow(doc, id);
	style = n->style == IR_SINGLE || n->style == IR_DOUBLE ? n->style : IR_PLAIN;
	style = ir_scalar_style_for(text, len, style, flow);
	ir_scalar_write_as(&b, text, len, style);
	ir_edit_splice(doc->stream, n->start, n->end, b.data, b.len);
	ed->sp[ed->n - 1].inert = inert_replacement(doc, id, b.data, b.len, text, len);
	ir_edit_expect(doc, id, text, len, style == IR_PLAIN);
	ir_buf_free(&b);
	return 0;
}

void
ir_edits_note_insert(struct ir_doc *doc, ir_id parent, ir_id before, const char *key,
    const struct ir_val *val, bool flow)
{
	struct ir_edits *ed = doc->stream->edits;
	struct ins *in;

	if (ed->nins == ed->capins) {
		ed->capins = ed->capins ? ed->capins * 2 : 16;
		ed->ins = ir_xrealloc(ed->ins, ed->capins * sizeof(*ed->ins));
	}
	in = &ed->ins[ed->nins];
	in->parent = parent;
	in->before = before;
	in->flow = flow;
	in->seq = ed->nins++;
	in->key = key ? ir_xstrndup(key, strlen(key)) : NULL;
	in->val = val_copy(val);
	/* an empty scalar given entries becomes a collection (4); others gain entries (2) */
	doc->nodes[parent].overlay |= doc->nodes[parent].kind == IR_SCALAR ? 4 : 2;
}

/* Orders replacements by node id. */
static int
repl_cmp(const void *a, const void *b)
{
	const struct repl *x = a, *y = b;

	return x->id < y->id ? -1 : x->id > y->id;
}

/* Orders insertions by parent, then by the order they were made. */
static int
ins_cmp(const void *a, const void *b)
{
	const struct ins *x = a, *y = b;

	if (x->parent != y->parent)
		return x->parent < y->parent ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* Hashes an empty value filled by ir_edit_map_insert() or ir_edit_seq_append(): a mapping
 * or a sequence holding the inserted entries. */
static uint64_t hash_fill(const struct ir_edits *ed, uint64_t h, ir_id id);

/* Hashes an inserted value. */
static uint64_t
hash_val(uint64_t h, const struct ir_val *v, bool flow)
{
	size_t i;

	if (v->kind == IR_VERBATIM)
		return ir_hash_event(h, IR_HASH_SCALAR, NULL, NULL, true, v->text,
		    strlen(v->text));
	if (v->kind == IR_SCALAR)
		return ir_hash_event(h, IR_HASH_SCALAR, NULL, NULL,
		    ir_scalar_style_for(v->text, strlen(v->text), IR_PLAIN, flow) == IR_PLAIN,
		    v->text, strlen(v->text));
	h = ir_hash_event(h, v->kind == IR_MAP ? IR_HASH_MAP : IR_HASH_SEQ, NULL, NULL, false,
	    NULL, 0);
	for (i = 0; i < v->n; i++)
		h = hash_val(h, &v->items[i], flow || v->n == 0);
	return ir_hash_event(h, IR_HASH_END, NULL, NULL, false, NULL, 0);
}

uint64_t
ir_edits_pair_hash(const char *key, const struct ir_val *val, bool flow)
{
	uint64_t h = ir_hash_event(IR_HASH_SEED, IR_HASH_DOC, NULL, NULL, false, NULL, 0);

	h = ir_hash_event(h, IR_HASH_MAP, NULL, NULL, false, NULL, 0);
	/* as hash_inserts() hashes a pair inserted into a block mapping */
	h = ir_hash_event(h, IR_HASH_SCALAR, NULL, NULL, ir_scalar_plain_ok(key, strlen(key), flow),
	    key, strlen(key));
	h = hash_val(h, val, flow);
	h = ir_hash_event(h, IR_HASH_END, NULL, NULL, false, NULL, 0);
	return ir_hash_event(h, IR_HASH_END, NULL, NULL, false, NULL, 0);
}

/* Hashes the insertions into parent that go before child `before`. */
static uint64_t
hash_inserts(const struct ir_edits *ed, uint64_t h, ir_id parent, ir_id before)
{
	struct ins key = { .parent = parent };
	const struct ins *in;
	size_t lo = 0, hi = ed->nins, mid;

	while (lo < hi) {
		mid = (lo + hi) / 2;
		if (ed->ins[mid].parent < key.parent)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (in = ed->ins + lo; in < ed->ins + ed->nins && in->parent == parent; in++) {
		if (in->before != before)
			continue;
		if (in->key)
			h = ir_hash_event(h, IR_HASH_SCALAR, NULL, NULL,
			    ir_scalar_plain_ok(in->key, strlen(in->key), in->flow), in->key,
			    strlen(in->key));
		h = hash_val(h, in->val, in->flow);
	}
	return h;
}

/* Orders ranges by start. */
static int
range_cmp(const void *a, const void *b)
{
	const struct ir_range *x = a, *y = b;

	return x->start < y->start ? -1 : x->start > y->start;
}

/*
 * True when a splice of the current document touches node n's bytes: a replacement that
 * overlaps them, or an insertion strictly inside them (for a block scalar, up to just after
 * the line breaks that end it). Untouched scalars are compared by their bytes, which decide
 * their value; touched ones by value (verify.c does the same).
 */
static bool
touched(const struct ir_edits *ed, const struct ir_node *n)
{
	size_t lo = 0, hi = ed->ndirty, mid, end = n->end;

	/* a block scalar: a splice up to its last line break, or right after, touches it */
	if (n->style == IR_LITERAL || n->style == IR_FOLDED)
		end = ir_blank_end(ed->s->data, ed->s->len, n->end) + 1;

	/* the first splice that does not end before the node */
	while (lo < hi) {
		mid = (lo + hi) / 2;
		if (ed->dirty[mid].end < n->start ||
		    (ed->dirty[mid].end == n->start && ed->dirty[mid].start < n->start))
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < ed->ndirty && ed->dirty[lo].start <= end; lo++) {
		const struct ir_range *r = &ed->dirty[lo];

		if (r->end > r->start ? (r->start < end && n->start < r->end) :
		    (n->start < r->start && r->start < end))
			return true;
	}
	return false;
}

/* Collects the splices made since the one numbered from, sorted, for touched(). */
static void
collect_dirty(struct ir_edits *ed, size_t from)
{
	size_t i;

	ed->ndirty = ed->n - from;
	ed->dirty = ir_xrealloc(ed->dirty, (ed->ndirty + 1) * sizeof(*ed->dirty));
	for (i = 0; i < ed->ndirty; i++) {
		ed->dirty[i].start = ed->sp[from + i].start;
		ed->dirty[i].end = ed->sp[from + i].end;
	}
	if (ed->ndirty > 1)
		qsort(ed->dirty, ed->ndirty, sizeof(*ed->dirty), range_cmp);
}

static uint64_t
hash_fill(const struct ir_edits *ed, uint64_t h, ir_id id)
{
	const struct ins *in;
	bool map = false;

	for (in = ed->ins; in < ed->ins + ed->nins; in++)
		if (in->parent == id) {
			map = in->key != NULL;
			break;
		}
	h = ir_hash_event(h, map ? IR_HASH_MAP : IR_HASH_SEQ, NULL, NULL, false, NULL, 0);
	h = hash_inserts(ed, h, id, 0);
	return ir_hash_event(h, IR_HASH_END, NULL, NULL, false, NULL, 0);
}

/* Hashes a scalar or an alias as the edited document must read it. */
static uint64_t
hash_leaf(const struct ir_edits *ed, const struct ir_doc *doc, ir_id id, uint64_t h)
{
	const struct ir_node *n = &doc->nodes[id];
	const struct repl *r;
	struct repl key = { .id = id };

	if (n->kind == IR_ALIAS)
		return ir_hash_event(h, IR_HASH_ALIAS, NULL, NULL, false, n->text, n->text_len);
	if (n->overlay & 4)
		return hash_fill(ed, h, id);
	if ((n->overlay & 1) &&
	    (r = bsearch(&key, ed->repl, ed->nrepl, sizeof(*r), repl_cmp)) != NULL)
		return ir_hash_event(h, IR_HASH_SCALAR, n->tag, n->anchor, r->plain, r->text,
		    r->len);
	if (n->has_text && !touched(ed, n))
		return ir_hash_event(h, IR_HASH_RAW, n->tag, n->anchor, false,
		    doc->stream->data + n->start, n->end - n->start);
	return ir_hash_event(h, IR_HASH_SCALAR, n->tag, n->anchor, n->style == IR_PLAIN,
	    n->text, n->text_len);
}

/* Ends collection id: its insertions at the end, then the end event. */
static uint64_t
hash_close(const struct ir_edits *ed, const struct ir_doc *doc, ir_id id, uint64_t h)
{
	if (doc->nodes[id].overlay & 2)
		h = hash_inserts(ed, h, id, 0);
	return ir_hash_event(h, IR_HASH_END, NULL, NULL, false, NULL, 0);
}

/*
 * Hashes node root and everything below it as the edited document must read it. The walk is
 * iterative (a document may nest as deep as the parser allows) and keeps each open level's
 * child index, since insertions into a mapping go before keys only.
 */
static uint64_t hash_node(const struct ir_edits *ed, const struct ir_doc *doc, ir_id root,
    uint64_t h);

/* The hash of an item of the document's unit sequence: kept from when it was handed over
 * alone, or computed now. */
static uint64_t
item_hash(const struct ir_edits *ed, const struct ir_doc *doc, ir_id id)
{
	uint32_t i = doc->nodes[id].index;

	if (i < ed->nitem_hashes)
		return ed->item_hashes[i];
	return hash_node(ed, doc, id, IR_HASH_SEED);
}

static uint64_t
hash_node(const struct ir_edits *ed, const struct ir_doc *doc, ir_id root, uint64_t h)
{
	size_t *index = NULL, depth = 0, cap = 0;
	const struct ir_node *n, *p;
	ir_id id = root;

	for (;;) {
		n = &doc->nodes[id];
		p = depth ? &doc->nodes[n->parent] : NULL;
		if (p && (p->overlay & 2) && (p->kind == IR_SEQ || index[depth - 1] % 2 == 0))
			h = hash_inserts(ed, h, n->parent, id);
		if (depth && n->parent == doc->unit_seq)
			h = ir_hash_item(h, item_hash(ed, doc, id));
		else if (n->kind == IR_MAP || n->kind == IR_SEQ) {
			h = ir_hash_event(h, n->kind == IR_MAP ? IR_HASH_MAP : IR_HASH_SEQ, n->tag,
			    n->anchor, false, NULL, 0);
			if (n->first) {
				if (depth == cap) {
					cap = cap ? cap * 2 : 64;
					index = ir_xrealloc(index, cap * sizeof(*index));
				}
				index[depth++] = 0;
				id = n->first;
				continue;
			}
			h = hash_close(ed, doc, id, h);
		} else
			h = hash_leaf(ed, doc, id, h);
		while (id != root && doc->nodes[id].next == 0) {
			id = doc->nodes[id].parent;
			depth--;
			h = hash_close(ed, doc, id, h);
		}
		if (id == root)
			break;
		id = doc->nodes[id].next;
		index[depth - 1]++;
	}
	free(index);
	return h;
}

/* Sorts the overlays for lookups while hashing. */
static void
overlays_sort(struct ir_edits *ed)
{
	if (ed->nrepl > 1)
		qsort(ed->repl, ed->nrepl, sizeof(*ed->repl), repl_cmp);
	if (ed->nins > 1)
		qsort(ed->ins, ed->nins, sizeof(*ed->ins), ins_cmp);
}

void
ir_edits_item_done(struct ir_doc *doc)
{
	struct ir_stream *s = doc->stream;
	struct ir_edits *ed = s->edits;

	if (!s->no_verify) {
		collect_dirty(ed, ed->item_first);
		overlays_sort(ed);
		if (ed->nitem_hashes == ed->capitem_hashes) {
			ed->capitem_hashes = ed->capitem_hashes ? ed->capitem_hashes * 2 : 64;
			ed->item_hashes = ir_xrealloc(ed->item_hashes,
			    ed->capitem_hashes * sizeof(*ed->item_hashes));
		}
		ed->item_hashes[ed->nitem_hashes++] = hash_node(ed, doc, doc->unit, IR_HASH_SEED);
	}
	ed->item_first = ed->n;
	overlays_clear(ed);
}

const uint64_t *
ir_edits_item_hashes(const struct ir_edits *ed, size_t *n)
{
	*n = ed->nitem_hashes;
	return ed->item_hashes;
}

void
ir_edits_doc_done(struct ir_doc *doc)
{
	struct ir_stream *s = doc->stream;
	struct ir_edits *ed = s->edits;
	uint64_t h;

	if (s->no_verify) {
		overlays_clear(ed);
		return;
	}
	if (!ed->part_hashed && ed->nitem_hashes == 0 && ir_edits_inert(ed, ed->part_first, ed->n))
		h = IR_HASH_PROVEN;
	else {
		ed->part_hashed = true;
		collect_dirty(ed, ed->doc_first);
		overlays_sort(ed);
		h = ir_hash_event(IR_HASH_SEED, IR_HASH_DOC, NULL, NULL, false, NULL, 0);
		if (doc->root)
			h = hash_node(ed, doc, doc->root, h);
		h = ir_hash_event(h, IR_HASH_END, NULL, NULL, false, NULL, 0);
	}
	ed->doc_first = ed->item_first = ed->n;
	if (s->ndocs == s->hashcap) {
		s->hashcap = s->hashcap ? s->hashcap * 2 : 16;
		s->hashes = ir_xrealloc(s->hashes, s->hashcap * sizeof(*s->hashes));
	}
	s->hashes[s->ndocs++] = h;
	ed->nitem_hashes = 0;
	overlays_clear(ed);
}

void
ir_edits_part_begin(struct ir_edits *ed)
{
	ed->part_first = ed->n;
	ed->part_hashed = false;
}

/*
 * Ranks an insertion that starts a new line by how deeply its collection nests: twice the
 * indentation, plus one for a sequence item (an indentless sequence's dashes sit at the
 * indentation of its parent's keys). Returns -1 for other splices.
 */
static long
line_rank(const struct ir_splice *x)
{
	size_t i = x->len > 0 && x->text[0] == '\r', col = 0;

	if (x->start != x->end || i >= x->len || x->text[i++] != '\n')
		return -1;
	while (i < x->len && x->text[i] == ' ') {
		i++;
		col++;
	}
	return (long)(col * 2 + (i < x->len && x->text[i] == '-'));
}

/*
 * Orders splices by position. New lines inserted at the same place go innermost first (a
 * pair added to a mapping that ends with a sequence goes after an item appended to that
 * sequence); other same-place splices keep the order in which they were made.
 */
static struct ir_edits *sort_ed;

static int
splice_cmp(const void *a, const void *b)
{
	size_t i = *(const size_t *)a, j = *(const size_t *)b;
	const struct ir_splice *x = &sort_ed->sp[i], *y = &sort_ed->sp[j];
	long rx, ry;

	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	if (x->end != y->end)
		return x->end < y->end ? -1 : 1;
	rx = line_rank(x);
	ry = line_rank(y);
	if (rx >= 0 && ry >= 0 && rx != ry)
		return rx > ry ? -1 : 1;
	return i < j ? -1 : i > j;
}

const struct ir_splice *
ir_edits_splices(struct ir_edits *ed, size_t *n)
{
	struct ir_splice *sorted;
	size_t i;

	if (!ed->sorted && ed->n > 1) {
		for (i = 0; i < ed->n; i++)
			ed->order[i] = i;
		sort_ed = ed;
		qsort(ed->order, ed->n, sizeof(*ed->order), splice_cmp);
		sorted = ir_xmalloc(ed->n * sizeof(*sorted));
		for (i = 0; i < ed->n; i++)
			sorted[i] = ed->sp[ed->order[i]];
		free(ed->sp);
		ed->sp = sorted;
		ed->cap = ed->n;
		ed->order = ir_xrealloc(ed->order, ed->cap * sizeof(*ed->order));
	}
	ed->sorted = true;
	*n = ed->n;
	return ed->sp;
}

/* Writes bytes [start, end) of base (the stream's bytes, or a text of their length) with n
 * sorted splices applied to out; -1 when two overlap or one lies outside. */
static int
write_splices(const char *base, const struct ir_splice *sp, size_t n, size_t start,
    size_t end, struct ir_buf *out)
{
	size_t i, at = start;

	for (i = 0; i < n; i++) {
		if (sp[i].start < at || sp[i].end < sp[i].start || sp[i].end > end)
			return -1;
		ir_buf_add(out, base + at, sp[i].start - at);
		ir_buf_add(out, sp[i].text, sp[i].len);
		at = sp[i].end;
	}
	ir_buf_add(out, base + at, end - at);
	return 0;
}

size_t
ir_edits_added(const struct ir_edits *ed, size_t first, size_t last)
{
	size_t i, n = 0;

	for (i = first; i < last; i++)
		n += ed->sp[i].len;
	return n;
}

int
ir_edits_apply_range(struct ir_edits *ed, size_t first, size_t last, size_t start, size_t end,
    struct ir_buf *out, const struct ir_splice **done, size_t *n)
{
	struct ir_splice *sp = ed->sp + first, *tmp;
	size_t count = last - first, i;

	for (i = 0; i < count; i++)
		if (sp[i].start < start || sp[i].end > end || sp[i].end < sp[i].start)
			return -2;
	if (count > 1) {
		/* the same order as ir_edits_splices(), which later keeps it */
		for (i = 0; i < count; i++)
			ed->order[i] = first + i;
		sort_ed = ed;
		qsort(ed->order, count, sizeof(*ed->order), splice_cmp);
		tmp = ir_xmalloc(count * sizeof(*tmp));
		for (i = 0; i < count; i++)
			tmp[i] = ed->sp[ed->order[i]];
		memcpy(sp, tmp, count * sizeof(*tmp));
		free(tmp);
	}
	if (write_splices(ed->s->orig, sp, count, start, end, out) != 0)
		return -1;
	*done = sp;
	*n = count;
	return 0;
}

int
ir_edits_apply(const struct ir_edits *ed, struct ir_buf *out)
{
	return ir_edits_apply_over(ed, ed->s->orig, out);
}

int
ir_edits_apply_over(const struct ir_edits *ced, const char *base, struct ir_buf *out)
{
	struct ir_edits *ed = (struct ir_edits *)ced;
	const struct ir_splice *sp;
	size_t n, i, extra = 0;

	sp = ir_edits_splices(ed, &n);
	for (i = 0; i < n; i++)
		extra += sp[i].len;
	ir_buf_grow(out, ed->s->len + extra);
	return write_splices(base, sp, n, 0, ed->s->len, out);
}
