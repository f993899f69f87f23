/*
 * Handing documents and List items over to the callbacks: a call made here, or given to the
 * caller's thread when parsing ahead (ahead.h), with the room of documents given away kept in
 * a pool for the next; and, on the caller's thread, what a List keeps of the items handed
 * away from it (their numbers, their nodes, the layout learnt from them) to be completed.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "imgreg/ahead.h"
#include "imgreg/buf.h"
#include "imgreg/yaml.h"
#include "builder.h"
#include "internal.h"

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
		n->text = st->text ? ir_build_copy(doc, st->text, st->text_len) : NULL;
		n->tag = st->tag ? ir_build_copy(doc, st->tag, strlen(st->tag)) : NULL;
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
		ir_build_dup_warn(h->doc->stream, &h->dups[i]);
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

	ir_build_doc_clear(&h->own);
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

void
ir_build_pool_free(struct pool *pool)
{
	struct handover *h;

	while ((h = pool->free) != NULL) {
		pool->free = h->next;
		ir_build_doc_free(&h->own);
		free(h);
	}
	stubs_clear(pool);
	free(pool->stubs);
	pthread_mutex_destroy(&pool->lock);
}

int
ir_build_deliver(struct builder *b, ir_doc_fn fn, bool keep)
{
	struct handover local = { .fn = fn, .arg = b->arg, .doc = &b->doc }, *h;
	struct ir_doc room;
	size_t i;
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
	/* a List item's warnings may name keys of the List, which stays here: they go with it */
	for (i = 0; b->in_item && i < local.ndups; i++)
		local.dups[i].key = ir_build_copy(&b->doc, local.dups[i].key, strlen(local.dups[i].key));
	h = handover_new(b->pool);
	room = h->own;
	h->job = local.job;
	h->job.drop = handover_drop;
	h->job.weight = ir_build_doc_weight(&b->doc);
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
