/* Canonical event hashes, and parsing an edited text again to compare them. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "imgreg/buf.h"
#include "imgreg/edit.h"
#include "imgreg/stream.h"
#include "imgreg/text.h"
#include "imgreg/verify.h"
#include "internal.h"

/* Mixes a 64-bit word into h. */
static inline uint64_t
mix(uint64_t h, uint64_t w)
{
	h ^= w;
	h *= 0x9e3779b97f4a7c15ULL;
	h ^= h >> 32;
	return h;
}

/* Mixes len bytes and the length into h, eight bytes at a time. */
static uint64_t
mix_bytes(uint64_t h, const char *p, size_t len)
{
	uint64_t w;
	size_t i;

	for (i = 0; i + 8 <= len; i += 8) {
		memcpy(&w, p + i, 8);
		h = mix(h, w);
	}
	if (i < len) {
		w = 0;
		memcpy(&w, p + i, len - i);
		h = mix(h, w);
	}
	return mix(h, (uint64_t)len);
}

uint64_t
ir_hash_event(uint64_t h, enum ir_hash_event ev, const char *tag, const char *anchor,
    bool plain, const char *text, size_t len)
{
	h = mix(h, (uint64_t)ev << 8 | (uint64_t)plain);
	if (tag)
		h = mix_bytes(mix(h, 't'), tag, strlen(tag));
	if (anchor)
		h = mix_bytes(mix(h, 'a'), anchor, strlen(anchor));
	if (ev == IR_HASH_SCALAR || ev == IR_HASH_ALIAS || ev == IR_HASH_RAW)
		h = mix_bytes(h, text, len);
	return h;
}

uint64_t
ir_hash_item(uint64_t h, uint64_t item)
{
	return mix(mix(h, (uint64_t)IR_HASH_ITEM << 8), item);
}

/* Mixes a token's text (tag or anchor), when present, as ir_hash_event() does. */
static uint64_t
mix_token(uint64_t h, int what, struct fy_token *t)
{
	const char *p;
	size_t n;

	if (t == NULL)
		return h;
	p = fy_token_get_text(t, &n);
	return mix_bytes(mix(h, (uint64_t)what), p ? p : "", p ? n : 0);
}

/* The splices of the edited text, as ranges of the new text, and a cursor over them. */
struct changed {
	const struct ir_range *r;
	size_t n, at;
};

/* True when [start, end) of the edited text overlaps new text; tokens come in order. */
static bool
is_changed(struct changed *c, size_t start, size_t end)
{
	size_t i;

	while (c->at < c->n && c->r[c->at].end <= start)
		c->at++;
	for (i = c->at; i < c->n && c->r[i].start < end; i++)
		if (start < c->r[i].end)
			return true;
	return false;
}

/* Mixes the value of the single-quoted scalar at [start, end) of text into h, decoded here
 * (libfyaml leaks when formatting '' escapes). */
static uint64_t
mix_single(uint64_t h, const char *text, size_t start, size_t end)
{
	char *buf = ir_xmalloc(end - start + 1);

	h = mix_bytes(h, buf, ir_single_text(text, start, end, buf));
	free(buf);
	return h;
}

/* Mixes a scalar event into h: by its bytes when untouched, else by its value. */
static uint64_t
hash_scalar(uint64_t h, struct fy_event *e, const char *text, size_t len, bool marked,
    size_t start, size_t end, struct changed *c)
{
	enum fy_scalar_style style = fy_token_scalar_style(e->scalar.value);
	size_t n = 0, upto = end;
	const char *p;
	bool plain;

	/* a block scalar's value also depends on the line breaks after it (edit.c, touched) */
	if (style == FYSS_LITERAL || style == FYSS_FOLDED)
		upto = ir_blank_end(text, len, end) + 1;
	if (marked && !is_changed(c, start, upto)) {
		h = mix(h, (uint64_t)IR_HASH_RAW << 8);
		h = mix_token(h, 't', e->scalar.tag);
		h = mix_token(h, 'a', e->scalar.anchor);
		return mix_bytes(h, text + start, end - start);
	}
	plain = style == FYSS_PLAIN;
	h = mix(h, (uint64_t)IR_HASH_SCALAR << 8 | (uint64_t)plain);
	h = mix_token(h, 't', e->scalar.tag);
	h = mix_token(h, 'a', e->scalar.anchor);
	if (marked && style == FYSS_SINGLE_QUOTED)
		return mix_single(h, text, start, end);
	p = fy_token_get_text(e->scalar.value, &n);
	return mix_bytes(h, p ? p : "", p ? n : 0);
}

/* Mixes one parse event into h the way the edit list hashes nodes. */
static uint64_t
hash_parse_event(uint64_t h, struct fy_event *e)
{
	const char *p;
	size_t n = 0;

	switch (e->type) {
	case FYET_ALIAS:
		h = mix(h, (uint64_t)IR_HASH_ALIAS << 8);
		p = fy_token_get_text(e->alias.anchor, &n);
		return mix_bytes(h, p ? p : "", p ? n : 0);
	case FYET_MAPPING_START:
		h = mix(h, (uint64_t)IR_HASH_MAP << 8);
		h = mix_token(h, 't', e->mapping_start.tag);
		return mix_token(h, 'a', e->mapping_start.anchor);
	case FYET_SEQUENCE_START:
		h = mix(h, (uint64_t)IR_HASH_SEQ << 8);
		h = mix_token(h, 't', e->sequence_start.tag);
		return mix_token(h, 'a', e->sequence_start.anchor);
	case FYET_MAPPING_END:
	case FYET_SEQUENCE_END:
	case FYET_DOCUMENT_END:
		return mix(h, (uint64_t)IR_HASH_END << 8);
	case FYET_DOCUMENT_START:
		return mix(IR_HASH_SEED, (uint64_t)IR_HASH_DOC << 8);
	default:
		return h;
	}
}

/*
 * Where a document's events are, to hash the items of its unit sequence (the root mapping's
 * first "items" value, when a sequence) on their own, as the edit list does; and what to do
 * with each item's hash (struct ir_verify_expect).
 */
struct units {
	const struct ir_verify_expect *x;
	size_t doc;		/* the document's number in the text */
	size_t item_depth;	/* how deep items start: 2, or 1 for a run of items alone */
	size_t depth;		/* open collections */
	size_t root_nodes;	/* nodes started directly in the root mapping */
	bool root_map;		/* the root is a mapping */
	bool items_key;		/* the last root key was the first "items" */
	bool items_seen;	/* that key has come */
	bool in_seq;		/* inside the unit sequence */
	bool in_item;		/* inside one of its items */
	size_t nitems;		/* its items so far */
	uint64_t outer;		/* the document's hash while an item is hashed */
	long bad_item;		/* a run of items: the first that differs, from 1 */
};

/* True when event e starts a node (a scalar, an alias or a collection). */
static bool
starts_node(const struct fy_event *e)
{
	return e->type == FYET_SCALAR || e->type == FYET_ALIAS ||
	    e->type == FYET_MAPPING_START || e->type == FYET_SEQUENCE_START;
}

/* Before event e is hashed: notes the root keys and starts an item's own hash. */
static uint64_t
units_before(struct units *u, struct fy_event *e, uint64_t h)
{
	const char *p;
	size_t n = 0;

	if (e->type == FYET_DOCUMENT_START) {
		u->depth = u->root_nodes = u->nitems = 0;
		u->root_map = u->items_key = u->items_seen = u->in_seq = u->in_item = false;
		return h;
	}
	if (!starts_node(e))
		return h;
	if (u->depth == 0) {
		u->root_map = e->type == FYET_MAPPING_START;
		u->in_seq = u->x->run && e->type == FYET_SEQUENCE_START;
	} else if (u->depth == 1 && u->root_map && u->root_nodes++ % 2 == 0) {
		p = e->type == FYET_SCALAR ? fy_token_get_text(e->scalar.value, &n) : NULL;
		u->items_key = !u->items_seen && p && n == 5 && memcmp(p, "items", 5) == 0;
		u->items_seen = u->items_seen || u->items_key;
	} else if (u->depth == 1 && u->items_key) {
		u->in_seq = e->type == FYET_SEQUENCE_START;
		u->items_key = false;
	} else if (u->depth == u->item_depth && u->in_seq) {
		u->in_item = true;
		u->outer = h;
		return IR_HASH_SEED;
	}
	return h;
}

/*
 * An item ended with hash h: mixes it into its document's hash (or, for the item standing
 * for items checked alone, theirs), or compares it, in a run of items alone.
 */
static uint64_t
item_done(struct units *u, uint64_t h)
{
	const struct ir_verify_expect *x = u->x;
	size_t i = u->nitems++, k;

	if (x->run) {
		if (u->bad_item == 0 && (i >= x->nrun || x->run[i] != h))
			u->bad_item = (long)i + 1;
		return u->outer;
	}
	if (x->stand_in && u->doc == x->stand_in_doc && i == 0) {
		for (k = 0; k < x->nstand_in; k++)
			u->outer = ir_hash_item(u->outer, x->stand_in[k]);
		return u->outer;
	}
	return ir_hash_item(u->outer, h);
}

/* After event e is hashed: keeps the depth and ends an item. */
static uint64_t
units_after(struct units *u, struct fy_event *e, uint64_t h)
{
	if (e->type == FYET_MAPPING_START || e->type == FYET_SEQUENCE_START)
		u->depth++;
	else if (e->type == FYET_MAPPING_END || e->type == FYET_SEQUENCE_END) {
		if (--u->depth == u->item_depth - 1)
			u->in_seq = false;
	} else if (e->type != FYET_SCALAR && e->type != FYET_ALIAS)
		return h;
	if (u->in_item && u->depth == u->item_depth) {
		u->in_item = false;
		return item_done(u, h);
	}
	return h;
}

long
ir_verify_expected(const char *text, size_t len, const struct ir_verify_expect *x,
    const struct ir_range *changed, size_t nchanged, char *err, size_t errsize)
{
	struct ir_parse_error perr;
	struct ir_span span = { 0 };
	struct changed c = { changed, nchanged, 0 };
	struct units u = { .x = x, .item_depth = x->run ? 1 : 2 };
	struct fy_parser *fyp;
	struct fy_event *e;
	uint64_t h = 0;
	size_t doc = 0, start = 0, end = 0;
	long bad = 0;
	bool marked;

	fyp = ir_parser_open(text, len, &perr);
	if (fyp == NULL) {
		snprintf(err, errsize, "cannot create a YAML parser");
		return -1;
	}
	while ((e = fy_parser_parse(fyp)) != NULL) {
		marked = ir_span_event(&span, text, e, &start, &end);
		u.doc = doc;
		h = units_before(&u, e, h);
		if (e->type == FYET_SCALAR)
			h = hash_scalar(h, e, text, len, marked, start, end, &c);
		else
			h = hash_parse_event(h, e);
		h = units_after(&u, e, h);
		if (e->type == FYET_DOCUMENT_END) {
			if (bad == 0 && !x->run && (doc >= x->ndocs ||
			    (x->hashes[doc] != h && x->hashes[doc] != IR_HASH_PROVEN)))
				bad = (long)doc + 1;
			doc++;
		}
		fy_parser_event_free(fyp, e);
	}
	if (fy_parser_get_stream_error(fyp)) {
		snprintf(err, errsize, "%lu:%lu: %s", perr.line, perr.col,
		    perr.got ? perr.msg : "invalid YAML");
		ir_parser_close(fyp, false);
		return -1;
	}
	ir_parser_close(fyp, true);
	if (x->run)
		return doc != 1 || u.nitems != x->nrun ? -2 : u.bad_item;
	if (doc != x->ndocs)
		return -2;
	return bad;
}

long
ir_verify_check(const char *text, size_t len, const uint64_t *hashes, size_t ndocs,
    const struct ir_range *changed, size_t nchanged, char *err, size_t errsize)
{
	struct ir_verify_expect x = { .hashes = hashes, .ndocs = ndocs };

	return ir_verify_expected(text, len, &x, changed, nchanged, err, errsize);
}

struct ir_range *
ir_verify_changed(const struct ir_splice *sp, size_t n, size_t base)
{
	struct ir_range *r = ir_xmalloc((n + 1) * sizeof(*r));
	long delta = -(long)base;
	size_t i;

	for (i = 0; i < n; i++) {
		r[i].start = (size_t)((long)sp[i].start + delta);
		r[i].end = r[i].start + sp[i].len;
		delta += (long)sp[i].len - (long)(sp[i].end - sp[i].start);
	}
	return r;
}

long
ir_verify_text(const struct ir_stream *s, const char *text, size_t len, char *err,
    size_t errsize)
{
	const struct ir_splice *sp;
	struct ir_range *changed;
	size_t n;
	long bad;

	sp = ir_edits_splices(s->edits, &n);
	changed = ir_verify_changed(sp, n, 0);
	bad = ir_verify_check(text, len, s->hashes, s->ndocs, changed, n, err, errsize);
	free(changed);
	return bad;
}
