/* Parsing a stream, whole or in parts on other threads, and where each part stops. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "imgreg/ahead.h"
#include "imgreg/buf.h"
#include "imgreg/stream.h"
#include "imgreg/text.h"
#include "imgreg/yaml.h"
#include "builder.h"
#include "internal.h"

/*
 * An input of this many bytes or more is parsed ahead on other threads (ahead.h) while this
 * one runs the callbacks; below it, starting the threads costs more than it gains. A List
 * read item by item is parsed ahead too, its items handed away as documents of their own
 * (yaml.c, item_begin()), but not when its text may hold an anchor: then items are kept
 * whole after it, and each item before it would wait for its call on the other thread. For
 * the tests, IMGREG_TEST_PARSE_AHEAD=1 in the environment parses every input ahead,
 * IMGREG_TEST_PARSE_AHEAD=p also cuts it at every document and List item start, and
 * IMGREG_TEST_PARSE_AHEAD=0 parses none ahead.
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
	bool small_away;	/* the test switch: a List's small items are handed away too */
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
	if (b->directives || ir_build_directives(e))
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

void
ir_build_head_give(struct builder *b, bool ok)
{
	struct head *h = &b->parse->head;

	b->publish = false;
	pthread_mutex_lock(&h->lock);
	h->state = ok ? 1 : -1;
	if (ok) {
		ir_build_head_copy(&h->doc, &b->doc, b->doc.unit_seq);
		h->guessed = b->guessed;
		h->kind_at = b->kind_at;
	}
	pthread_cond_broadcast(&h->known);
	pthread_mutex_unlock(&h->lock);
}

/*
 * Waits for the List's start (ir_build_head_give()) and, when its items are cut, starts b's document
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
	ir_build_head_copy(&b->doc, &h->doc, h->doc.unit_seq);
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
	b->small_away = p->small_away;
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
		ir_build_doc_clear(&b->doc);
		ir_build_doc_free(&b->doc);
		b->doc = b->list;
	}
	ir_build_doc_clear(&b->doc);
	ir_build_doc_free(&b->doc);
	ir_build_doc_clear(&b->item_room);
	ir_build_doc_free(&b->item_room);
	free(b->stack);
	free(b->anchors);
	free(b->dups);
}

/* True when line [p, end) holds a '-' after indent spaces, then only blanks or a comment. */
static bool
bare_dash(const char *d, size_t p, size_t end, size_t indent)
{
	if (end - p <= indent || strspn(d + p, " ") != indent || d[p + indent] != '-')
		return false;
	for (p += indent + 1; p < end && (d[p] == ' ' || d[p] == '\t' || d[p] == '\r'); p++)
		;
	return p == end || d[p] == '#';
}

/*
 * Returns the 1-based line of an empty item that libfyaml 0.7.12 fails on at off, or 0: it
 * refuses an empty item of a sequence written at its key's indentation ("k:\n- a\n-\n- b"),
 * which YAML allows and kubectl reads, with "did not find expected node content" at the next
 * line at that indentation. So the line before off's, blank and comment lines passed over,
 * is a bare '-' at the indentation of off's line.
 */
static unsigned long
empty_item_line(const char *d, size_t off)
{
	size_t ls = ir_text_line_start(d, off), indent = strspn(d + ls, " "), p = ls, s, e;
	const char *q, *nl;
	unsigned long line = 1;

	while (p > 0) {
		e = p - 1;		/* the line before ends at its '\n' */
		s = ir_text_line_start(d, e);
		p = s;
		s += strspn(d + s, " \t\r");
		if (s == e || d[s] == '#')
			continue;	/* blank, or only a comment */
		if (!bare_dash(d, p, e, indent))
			return 0;
		/* counted here: ir_text_pos() remembers, and this may run on a parsing thread */
		for (q = d; (nl = memchr(q, '\n', (size_t)(d + p - q))) != NULL; q = nl + 1)
			line++;
		return line;
	}
	return 0;
}

/* Sets a part's error from the builder's, or from its parser's. */
static void
part_error_set(struct part_error *err, const struct builder *b, const struct ir_parse_error *perr,
    size_t len)
{
	static const char content[] = "did not find expected node content";
	unsigned long empty;

	if (b->err[0]) {
		snprintf(err->msg, sizeof(err->msg), "%s", b->err);
		err->off = b->err_off;
		return;
	}
	snprintf(err->msg, sizeof(err->msg), "%s", perr->got ? perr->msg : "invalid YAML");
	err->off = perr->got ? b->base + ir_text_offset_parsed(b->text, len, perr->line,
	    perr->col) : 0;
	if (perr->got && strcmp(perr->msg, content) == 0 &&
	    (empty = empty_item_line(b->s->data, err->off)) != 0)
		snprintf(err->msg, sizeof(err->msg), "%s: the empty item at line %lu, in a sequence "
		    "at its key's indentation, is valid YAML that libfyaml 0.7.12 cannot read; "
		    "write '- null' there or indent the sequence", content, empty);
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
		    !ir_build_directives(e) ? 2 : 0;
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
		rc = ir_build_event(&b, e);
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
		ir_build_head_give(&b, false);
	/* the duplicate keys of a document cut short by an error are warned about too */
	if (b.ndups)
		ir_build_deliver(&b, NULL, true);
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
	struct fy_event *e, *next = NULL;
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
	for (e = fy_parser_parse(fyp); e != NULL; e = next ? next : fy_parser_parse(fyp)) {
		next = NULL;
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
		else if (!ended && (next = fy_parser_parse(fyp)) == NULL &&
		    fy_parser_get_stream_error(fyp)) {
			/*
			 * An event is built once the next one parses: alone, a part may end an item
			 * (or the List) where the parse in one stops at an error first ("- " then
			 * "-x: 1" at column 0: alone the item is the scalar "-x", in one it is an
			 * error), and the item must not be handed over. The part is parsed again in
			 * one, from that item on.
			 */
			part_error_set(err, &b, &perr, len);
			rc = AGAIN;
		} else {
			if (tail && e->type == FYET_DOCUMENT_END && !ended)
				ended = true;
			rc = ir_build_event(&b, e);
			if (b.err[0]) {
				part_error_set(err, &b, &perr, len);
				rc = ended ? -1 : AGAIN;
			} else if (rc == 0 && ++events % 1024 == 0 && ir_ahead_stopped(q))
				rc = 1;
		}
		fy_parser_event_free(fyp, e);
		if (cut || rc != 0)
			break;
	}
	if (next)
		fy_parser_event_free(fyp, next);
	if (rc == 0 && !cut && fy_parser_get_stream_error(fyp)) {
		part_error_set(err, &b, &perr, len);
		rc = tail && ended ? -1 : AGAIN;
	}
	if (rc == 0 && !cut)
		rc = !ended ? AGAIN : 0;
	if (rc == 0 && !cut)
		ir_ahead_next(q, tail ? p->cuts.n : p->cuts.tail);
	if (b.ndups && rc != AGAIN)
		ir_build_deliver(&b, NULL, true);
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
	return s->len >= IR_AHEAD_MIN && !(units &&
	    ir_build_kind_line(s->data, s->len, 0) != (size_t)-1 &&
	    (memchr(s->data, '&', s->len) || ir_yaml_list_small(s->data, s->len)));
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
	p.small_away = getenv("IMGREG_TEST_PARSE_AHEAD") != NULL;
	/* the items of a List that starts the stream are cut too, when it has no anchor */
	list = ahead && unit_cb && p.last_amp == (size_t)-1 &&
	    ir_build_kind_line(s->data, s->len, 0) != (size_t)-1;
	every = ahead ? part_bytes() : s->len + 1;
	ir_yaml_cuts(s->data, s->len, every, list, every ? IR_ITEM_PART_BYTES : 0, &p.cuts);
	p.errors = ir_xcalloc(p.cuts.n, sizeof(*p.errors));
	if (!ahead || !ir_ahead_run(parse, &p, p.cuts.n, &end)) {
		p.cuts.n = 1;	/* no thread: one part */
		p.cuts.items = 0;
		end.rc = parse(NULL, &p, 0);
		end.stopped = false;
	}
	ir_build_pool_free(&p.pool);
	if (end.rc == -1 && !end.stopped) {
		snprintf(err, errsize, "%s", p.errors[end.part].msg);
		*err_off = p.errors[end.part].off;
	}
	ir_build_doc_clear(&p.head.doc);
	ir_build_doc_free(&p.head.doc);
	pthread_cond_destroy(&p.head.known);
	pthread_mutex_destroy(&p.head.lock);
	free(p.cuts.at);
	free(p.errors);
	return end.rc;
}

