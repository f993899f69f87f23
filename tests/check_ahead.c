/*
 * Parsing ahead (ahead.h, yaml.c, yaml_parse.c): the parse runs on a second thread and hands its work to
 * the caller's thread. The work must run there, in order, each call after everything handed
 * over before it; a failing job stops the rest; and a parse must give the callbacks the same
 * documents, items, warnings and errors with the thread as without it.
 */
#include <check.h>
#include <ftw.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "imgreg/ahead.h"
#include "imgreg/buf.h"
#include "imgreg/msg.h"
#include "imgreg/stream.h"
#include "imgreg/text.h"
#include "imgreg/yaml.h"

#include "check_suites.h"
#include "../src/internal.h"

/* The queue's side of the test: what ran, where, and in which order. */
static struct {
	pthread_t caller;
	bool elsewhere;		/* a job ran on another thread */
	int ran[64];		/* the numbers of the jobs run, in order */
	int nran;
	atomic_int dropped;	/* parsing threads drop jobs too */
	int fail_at;		/* the job that returns 7, or -1 */
} q_seen;

/* Starts a test of the queue: nothing seen yet, job fail_at (or none: -1) to return 7. */
static void
seen_reset(int fail_at)
{
	memset(&q_seen, 0, sizeof(q_seen));
	q_seen.caller = pthread_self();
	q_seen.fail_at = fail_at;
}

struct num_job {
	struct ir_ahead_job job;
	int num;
	int before;		/* how many jobs had run before it, or -1 */
};

static int
num_run(struct ir_ahead_job *job)
{
	struct num_job *j = (struct num_job *)job;

	if (!pthread_equal(pthread_self(), q_seen.caller))
		q_seen.elsewhere = true;
	j->before = q_seen.nran;
	q_seen.ran[q_seen.nran++] = j->num;
	return j->num == q_seen.fail_at ? 7 : 0;
}

static void
num_drop(struct ir_ahead_job *job)
{
	q_seen.dropped++;
	free(job);
}

/* Hands over job num, weighing weight bytes; returns ir_ahead_put()'s value. */
static bool
put(struct ir_ahead *q, int num, size_t weight)
{
	struct num_job *j = calloc(1, sizeof(*j));

	j->job.run = num_run;
	j->job.drop = num_drop;
	j->job.weight = weight;
	j->num = num;
	return ir_ahead_put(q, &j->job);
}

/* Makes call num; returns its value and, in *before, how many jobs had run before it (-1:
 * it did not run). */
static int
call(struct ir_ahead *q, int num, int *before)
{
	struct num_job j = { .job.run = num_run, .num = num, .before = -1 };
	int rc = ir_ahead_call(q, &j.job);

	*before = j.before;
	return rc;
}

/* Puts light jobs 0-9, one heavier than the whole queue may be (11), and calls between. */
static int
produce_mixed(struct ir_ahead *q, void *arg, size_t part)
{
	int i, before[3];

	(void)arg;
	ck_assert_uint_eq(part, 0);
	for (i = 0; i < 5; i++)
		put(q, i, 100);
	ck_assert_int_eq(call(q, 5, &before[0]), 0);
	for (i = 6; i < 10; i++)
		put(q, i, 1000);
	put(q, 10, 100);
	put(q, 11, (size_t)64 << 20);	/* waits for the ones before to be taken */
	ck_assert_int_eq(call(q, 12, &before[1]), 0);
	put(q, 13, 1);
	ck_assert_int_eq(before[0], 5);
	ck_assert_int_eq(before[1], 12);
	return 42;
}

/* Every job runs on the caller's thread in the order handed over; the parse's value comes
 * back. */
START_TEST(test_ahead_order)
{
	struct ir_ahead_end end = { .stopped = true };
	int i;

	seen_reset(-1);
	ck_assert(ir_ahead_run(produce_mixed, NULL, 1, &end));
	ck_assert_int_eq(end.rc, 42);
	ck_assert(!end.stopped);
	ck_assert_uint_eq(end.part, 0);
	ck_assert(!q_seen.elsewhere);
	ck_assert_int_eq(q_seen.nran, 14);
	for (i = 0; i < 14; i++)
		ck_assert_int_eq(q_seen.ran[i], i);
	ck_assert_int_eq(q_seen.dropped, 12);	/* not the two calls */
}
END_TEST

/* Puts jobs until it is told the caller stopped, then makes a call. */
static int
produce_until_stopped(struct ir_ahead *q, void *arg, size_t part)
{
	int i, before;
	bool told = false;

	(void)part;
	for (i = 0; i < 40 && !told; i++)
		told = put(q, i, (size_t)2 << 20);	/* two fill the queue */
	ck_assert(told);
	ck_assert(ir_ahead_stopped(q));
	*(int *)arg = i + 1;
	ck_assert(put(q, 50, 1));
	/* a call after the stop is not made: it gives the value that stopped the caller */
	ck_assert_int_eq(call(q, 99, &before), 7);
	ck_assert_int_eq(before, -1);
	return 0;
}

/* A job that fails stops the caller: the jobs after it are dropped unrun, the parsing side
 * learns it, and the failing job's value is the result. */
START_TEST(test_ahead_stop)
{
	struct ir_ahead_end end = { .rc = 0 };
	int i, puts = 0;

	seen_reset(3);
	ck_assert(ir_ahead_run(produce_until_stopped, &puts, 1, &end));
	ck_assert_int_eq(end.rc, 7);
	ck_assert(end.stopped);
	ck_assert_int_eq(q_seen.nran, 4);
	for (i = 0; i < 4; i++)
		ck_assert_int_eq(q_seen.ran[i], i);
	/* the ones handed over after the stop too, unrun */
	ck_assert_int_gt(puts, 4);
	ck_assert_int_eq(q_seen.dropped, puts);
}
END_TEST

static atomic_int parts_put;	/* jobs handed over by every part */
static atomic_int parts_produced;	/* parts whose produce ran */

/*
 * Part p hands over jobs 10p, 10p + 1 (a call) and 10p + 2, light ones; part 1 names part 3
 * as the one after it (part 2 is passed over), part 4 ends the run with 9.
 */
static int
produce_parts(struct ir_ahead *q, void *arg, size_t part)
{
	int base = (int)part * 10, before, rc;

	(void)arg;
	atomic_fetch_add(&parts_produced, 1);
	put(q, base, 1);
	atomic_fetch_add(&parts_put, 1);
	rc = call(q, base + 1, &before);
	if (part == 2) {
		/* passed over: the call is answered without running */
		ck_assert_int_eq(rc, 1);
		ck_assert_int_eq(before, -1);
	} else {
		ck_assert_int_eq(rc, 0);
		ck_assert_int_eq(before, part == 0 ? 1 : part == 1 ? 4 : part == 3 ? 7 : 10);
	}
	put(q, base + 2, 1);
	atomic_fetch_add(&parts_put, 1);
	if (part == 1)
		ir_ahead_next(q, 3);
	return part == 4 ? 9 : 0;
}

/*
 * Parts parsed two at a time: each part's jobs run on the caller's thread after those of the
 * parts before it, a part passed over never runs a job, and the run ends with the value of
 * the part that ended it.
 */
START_TEST(test_ahead_parts)
{
	static const int want[] = { 0, 1, 2, 10, 11, 12, 30, 31, 32, 40, 41, 42 };
	struct ir_ahead_end end = { .rc = 0 };
	size_t i;

	seen_reset(-1);
	atomic_store(&parts_put, 0);
	atomic_store(&parts_produced, 0);
	ck_assert(ir_ahead_run(produce_parts, NULL, 5, &end));
	ck_assert_int_eq(end.rc, 9);
	ck_assert(!end.stopped);
	ck_assert_uint_eq(end.part, 4);
	ck_assert(!q_seen.elsewhere);
	ck_assert_int_eq(q_seen.nran, (int)(sizeof(want) / sizeof(want[0])));
	for (i = 0; i < sizeof(want) / sizeof(want[0]); i++)
		ck_assert_int_eq(q_seen.ran[i], want[i]);
	/* every job handed over was dropped once, run or not (part 2's, if it ran, unrun) */
	ck_assert_int_eq(q_seen.dropped, atomic_load(&parts_put));
	ck_assert_int_ge(atomic_load(&parts_produced), 4);
}
END_TEST

/* Part p hands over jobs 10p .. 10p + 4; part 1 fails with -1 at its end. */
static int
produce_failing_part(struct ir_ahead *q, void *arg, size_t part)
{
	int i;

	(void)arg;
	for (i = 0; i < 5; i++) {
		atomic_fetch_add(&parts_put, 1);
		if (put(q, (int)part * 10 + i, 1))
			break;
	}
	return part == 1 ? -1 : 0;
}

/*
 * A part that fails ends the run there: the parts after it run no job. A job that fails
 * stops the run: no job after it runs, in its part or a later one.
 */
START_TEST(test_ahead_parts_end)
{
	struct ir_ahead_end end = { .rc = 0 };
	int i;

	seen_reset(-1);
	atomic_store(&parts_put, 0);
	ck_assert(ir_ahead_run(produce_failing_part, NULL, 6, &end));
	ck_assert_int_eq(end.rc, -1);
	ck_assert(!end.stopped);
	ck_assert_uint_eq(end.part, 1);
	ck_assert_int_eq(q_seen.nran, 10);
	for (i = 0; i < 10; i++)
		ck_assert_int_eq(q_seen.ran[i], (i / 5) * 10 + i % 5);
	ck_assert_int_eq(q_seen.dropped, atomic_load(&parts_put));

	seen_reset(2);
	atomic_store(&parts_put, 0);
	ck_assert(ir_ahead_run(produce_failing_part, NULL, 6, &end));
	ck_assert_int_eq(end.rc, 7);
	ck_assert(end.stopped);
	ck_assert_int_eq(q_seen.nran, 3);
	ck_assert_int_eq(q_seen.dropped, atomic_load(&parts_put));
}
END_TEST

/* Part p hands over jobs 10p .. 10p + 9, each a call every third; with slow_jobs, each job
 * keeps the caller's thread busy for a while. */
static bool slow_jobs;

static int
slow_run(struct ir_ahead_job *job)
{
	struct timespec ms = { 0, 1000000 };

	if (slow_jobs)
		nanosleep(&ms, NULL);
	return num_run(job);
}

static int
produce_for_busy_caller(struct ir_ahead *q, void *arg, size_t part)
{
	struct num_job *j, c;
	int i;

	(void)arg;
	for (i = 0; i < 10; i++) {
		if (i % 3 == 2) {
			memset(&c, 0, sizeof(c));
			c.job.run = slow_run;
			c.num = (int)part * 10 + i;
			ck_assert_int_eq(ir_ahead_call(q, &c.job), 0);
			continue;
		}
		j = calloc(1, sizeof(*j));
		j->job.run = slow_run;
		j->job.drop = num_drop;
		j->job.weight = 1;
		j->num = (int)part * 10 + i;
		ck_assert(!ir_ahead_put(q, &j->job));
	}
	return 0;
}

/*
 * The caller's thread busy with its jobs (a parse waits while an earlier part is parsed) or
 * waiting for them (both parse): either way every job of every part runs, in order.
 */
START_TEST(test_ahead_parts_busy_caller)
{
	struct ir_ahead_end end = { .rc = 1 };
	int i, round;

	for (round = 0; round < 2; round++) {
		seen_reset(-1);
		slow_jobs = round == 0;
		ck_assert(ir_ahead_run(produce_for_busy_caller, NULL, 6, &end));
		ck_assert_int_eq(end.rc, 0);
		ck_assert_uint_eq(end.part, 5);
		ck_assert_int_eq(q_seen.nran, 60);
		for (i = 0; i < 60; i++)
			ck_assert_int_eq(q_seen.ran[i], i);
		ck_assert_int_eq(q_seen.dropped, 42);	/* the puts: 7 a part */
	}
	slow_jobs = false;
}
END_TEST

/* What the parse's callbacks saw, as text, warnings in their place. */
static struct ir_buf trace = IR_BUF_INIT;
static int fail_doc = -1;	/* the document whose callback returns 5 */

static int
trace_msg(enum ir_level level, const char *file, unsigned long line, unsigned long col,
    const char *text, void *arg)
{
	(void)level;
	(void)file;
	(void)arg;
	ir_buf_addf(&trace, "msg %lu:%lu %s\n", line, col, text);
	return 1;
}

static bool trace_nodes;	/* the trace shows every node of each document */
static int corpus_files;	/* test_ahead_parts_suite: the files it compared */

static int
trace_doc(struct ir_doc *doc, void *arg)
{
	const struct ir_node *n;
	size_t i;

	(void)arg;
	ir_buf_addf(&trace, "doc %u at %zu: %zu nodes, kind '%s', %u items before, alone %d\n",
	    doc->index, doc->start, doc->nnodes, ir_doc_field(doc, "kind"), doc->items_done,
	    doc->alone);
	for (i = 1; trace_nodes && i < doc->nnodes; i++) {
		n = &doc->nodes[i];
		ir_buf_addf(&trace, "  %zu: kind %d style %d parent %u [%zu, %zu) '%s' &%s !%s\n",
		    i, n->kind, n->style, n->parent, n->start, n->end, n->text ? n->text : "",
		    n->anchor ? n->anchor : "", n->tag ? n->tag : "");
	}
	return (int)doc->index == fail_doc ? 5 : 0;
}

/* Adds node id of doc and those below it to the trace, with their depth below the item. */
static void
trace_subtree(const struct ir_doc *doc, ir_id id, int depth)
{
	const struct ir_node *n = &doc->nodes[id];
	ir_id c;

	ir_buf_addf(&trace, "  %*s%u: kind %d style %d [%zu, %zu) '%s' !%s\n", depth * 2, "",
	    n->index, n->kind, n->style, n->start, n->end, n->text ? n->text : "",
	    n->tag ? n->tag : "");
	for (c = n->first; c; c = doc->nodes[c].next)
		trace_subtree(doc, c, depth + 1);
}

static int
trace_item(struct ir_doc *doc, void *arg)
{
	const struct ir_node *n = &doc->nodes[doc->unit];

	(void)arg;
	ir_buf_addf(&trace, "item %u of doc %u: '%s'\n", doc->items_done, doc->index,
	    ir_scalar(doc, ir_map_get(doc, doc->unit, "name")));
	if (trace_nodes) {
		/* where it is: its index, its sequence's and the root's; the document's start */
		ir_buf_addf(&trace, "  at %u under %u (%zu keys before), doc at %zu alone %d\n",
		    n->index, doc->nodes[n->parent].index, (size_t)doc->nodes[doc->root].nchild,
		    doc->start, doc->alone);
		trace_subtree(doc, doc->unit, 0);
	}
	return 0;
}

/*
 * Parses text with IMGREG_TEST_PARSE_AHEAD set to mode ("1": with the thread, "0": without,
 * NULL: unset, by the input's size); returns the trace, with the result at its end.
 */
static char *
parse_trace(const char *text, const char *mode, bool items)
{
	struct ir_stream s;
	char *copy = strdup(text), err[300] = "";
	size_t err_off = 0;
	int rc;

	if (mode)
		setenv("IMGREG_TEST_PARSE_AHEAD", mode, 1);
	else
		unsetenv("IMGREG_TEST_PARSE_AHEAD");
	ir_buf_reset(&trace);
	ir_msg_set_sink(trace_msg, NULL);
	ir_stream_init(&s, "<test>", copy, strlen(copy), true);
	rc = ir_yaml_parse_units(&s, trace_doc, items ? trace_item : NULL, NULL, &err_off, err,
	    sizeof(err));
	ir_buf_addf(&trace, "rc %d", rc);
	if (rc == -1)
		ir_buf_addf(&trace, ", error at %zu: %s", err_off, err);
	ir_stream_release(&s);
	ir_msg_set_sink(NULL, NULL);
	unsetenv("IMGREG_TEST_PARSE_AHEAD");
	free(copy);
	return ir_xstrndup(trace.data, trace.len);
}

/* Fails, showing the first line that differs, unless trace got is want. */
static void
same_text(const char *got, const char *want, const char *how, const char *input)
{
	size_t i = 0, line = 1, start = 0;

	while (got[i] && got[i] == want[i])
		if (got[i++] == '\n') {
			line++;
			start = i;
		}
	ck_assert_msg(got[i] == want[i], "the trace %s differs at its line %zu:\n%.200s\n"
	    "instead of\n%.200s\ninput (its end):\n%s", how, line, got + start, want + start,
	    input + (strlen(input) > 300 ? strlen(input) - 300 : 0));
}

/*
 * The trace with the threads must be the one without them, and so must the trace of the
 * input cut at every document start and parsed two parts at a time; returns it (to free).
 */
static char *
same_trace(const char *text, bool items)
{
	char *alone = parse_trace(text, "0", items), *ahead = parse_trace(text, "1", items);
	char *parts = parse_trace(text, "p", items);

	same_text(ahead, alone, "ahead", text);
	same_text(parts, alone, "in parts", text);
	free(alone);
	free(parts);
	return ahead;
}

/* Documents with duplicate keys: each warning comes before its document's callback. */
static void
many_docs(struct ir_buf *b, unsigned n)
{
	unsigned i;

	for (i = 0; i < n; i++)
		ir_buf_addf(b, "---\nkind: Pod\nmetadata: {name: p%u}\n%s", i,
		    i % 7 == 3 ? "spec: {a: 1, a: 2}\nkind: Again\n" : "spec: {}\n");
}

START_TEST(test_ahead_same_callbacks)
{
	struct ir_buf in = IR_BUF_INIT;
	char *t;

	many_docs(&in, 300);
	t = same_trace(in.data, false);
	ck_assert_ptr_nonnull(strstr(t, "doc 299 at "));
	ck_assert_ptr_nonnull(strstr(t, "msg 16:14 duplicate key 'a' (first at 16:8)\n"
	    "msg 17:1 duplicate key 'kind' (first at 14:1)\ndoc 3 at"));
	ck_assert_ptr_nonnull(strstr(t, "rc 0"));
	free(t);
	ir_buf_free(&in);
}
END_TEST

/* Duplicate keys are found in mappings of every size: a few keys (compared pairwise), more
 * (sorted), up to the 32 keys' room kept without an allocation (31 keys: 30 and the
 * duplicate) and past it; each is warned about once. */
START_TEST(test_ahead_duplicates_by_size)
{
	static const unsigned sizes[] = { 4, 20, 30, 31, 100 };
	struct ir_buf in = IR_BUF_INIT, want = IR_BUF_INIT;
	unsigned i, k, line = 1, found = 0;
	const char *p;
	char *t;

	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		ir_buf_addf(&in, "---\n");
		line++;
		for (k = 0; k < sizes[i]; k++)
			ir_buf_addf(&in, "k%u: v\n", k);
		ir_buf_addf(&in, "k%u: again\n", sizes[i] / 2);
		ir_buf_reset(&want);
		ir_buf_addf(&want, "msg %u:1 duplicate key 'k%u' (first at %u:1)\n",
		    line + sizes[i], sizes[i] / 2, line + sizes[i] / 2);
		line += sizes[i] + 1;
		t = parse_trace(in.data, "0", false);
		ck_assert_msg(strstr(t, want.data) != NULL, "%s", want.data);
		free(t);
	}
	t = parse_trace(in.data, "0", false);
	for (p = t; (p = strstr(p, "duplicate key")) != NULL; p++)
		found++;
	ck_assert_uint_eq(found, sizeof(sizes) / sizeof(sizes[0]));
	free(t);
	ir_buf_free(&in);
	ir_buf_free(&want);
}
END_TEST

/* A syntax error after many documents: the ones before are handed over, the broken one's
 * duplicate keys are still warned about, and the error is the same. */
START_TEST(test_ahead_same_error)
{
	struct ir_buf in = IR_BUF_INIT;
	char *t;

	many_docs(&in, 100);
	ir_buf_adds(&in, "---\nm: {a: 1, a: 2}\nb: [unclosed\n");
	t = same_trace(in.data, false);
	ck_assert_ptr_nonnull(strstr(t, "doc 99 at "));
	ck_assert_ptr_null(strstr(t, "doc 100 at "));
	ck_assert_ptr_nonnull(strstr(t, "duplicate key 'a' (first at 416:5)"));
	ck_assert_ptr_nonnull(strstr(t, "rc -1, error at"));
	free(t);
	ir_buf_free(&in);
}
END_TEST

/*
 * libfyaml 0.7.12 refuses an empty item of a sequence at its key's indentation; the error
 * names the item's line, past blank and comment lines, in every mode and after documents
 * parsed in parts. Other errors of the same text from libfyaml get no such words.
 */
START_TEST(test_ahead_empty_item_error)
{
	static const struct {
		const char *text;
		long line;	/* of the empty item in text; 0: the error has no hint */
	} cases[] = {
		{ "k:\n- a\n-\n- b\n", 3 },
		{ "k:\n- a\n- \t# none\n\n# c\n- b\n", 3 },
		{ "a:\n  k:\n  - a\n  -\n  - b\n", 4 },
		{ "items:\n- a\n-\nkind: List\n", 3 },
		{ "k:\n- a\n- x: [\n- b\n", 0 },		/* an unclosed flow sequence */
		{ "k: [a,\n-\n- b\n", 0 },		/* a dash inside a flow sequence */
	};
	struct ir_buf in = IR_BUF_INIT;
	char want[80], *t;
	long before;
	size_t i, k;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		ir_buf_reset(&in);
		many_docs(&in, 20);
		ir_buf_adds(&in, "---\n");
		for (before = 0, k = 0; k < in.len; k++)
			before += in.data[k] == '\n';
		ir_buf_adds(&in, cases[i].text);
		t = same_trace(in.data, false);
		snprintf(want, sizeof(want), "node content: the empty item at line %ld,",
		    before + cases[i].line);
		ck_assert_msg(strstr(t, "rc -1, error at") != NULL, "case %zu: %s", i, t);
		if (cases[i].line)
			ck_assert_msg(strstr(t, want) != NULL, "case %zu, no '%s': %s", i, want, t);
		else
			ck_assert_msg(strstr(t, "the empty item") == NULL, "case %zu: %s", i, t);
		free(t);
	}
	ir_buf_free(&in);
}
END_TEST

/* A callback that fails stops the parse: no later document is handed over, and its value
 * is the result, not an error of a later document. */
START_TEST(test_ahead_callback_stops)
{
	struct ir_buf in = IR_BUF_INIT;
	char *t;

	many_docs(&in, 200);
	ir_buf_adds(&in, "---\nb: [unclosed\n");
	fail_doc = 10;
	t = same_trace(in.data, false);
	fail_doc = -1;
	ck_assert_ptr_nonnull(strstr(t, "doc 10 at "));
	ck_assert_ptr_null(strstr(t, "doc 11 at "));
	ck_assert(strcmp(t + strlen(t) - 4, "rc 5") == 0);
	free(t);
	ir_buf_free(&in);
}
END_TEST

/*
 * Parsers are reset and used again (parser.c): each parse reports its own error at its own
 * position, whatever the parser read before, and one stopped early is not used again.
 */
START_TEST(test_parser_used_again)
{
	const char *ok = "kind: Pod\nmetadata: {name: a}\n";
	const char *bad = "kind: Pod\nspec: [unclosed\n";
	char *first, *t;
	int i;

	first = parse_trace(ok, "0", false);
	ck_assert_str_eq(first, "doc 0 at 0: 8 nodes, kind 'Pod', 0 items before, alone 0\nrc 0");
	for (i = 0; i < 3; i++) {
		t = parse_trace(bad, "0", false);
		ck_assert_str_eq(t, "rc -1, error at 26: flow sequence without a closing bracket");
		free(t);
		t = parse_trace(ok, "0", false);
		ck_assert_str_eq(t, first);
		free(t);
	}
	fail_doc = 0;
	t = parse_trace("kind: Pod\n---\nkind: Pod\n", "0", false);
	fail_doc = -1;
	ck_assert_str_eq(t, "doc 0 at 0: 4 nodes, kind 'Pod', 0 items before, alone 0\nrc 5");
	free(t);
	t = parse_trace(ok, "0", false);
	ck_assert_str_eq(t, first);
	free(t);
	free(first);
}
END_TEST

/* A List read item by item among other documents: each item's call waits for the documents
 * before it, and the List's own call comes after its items. */
START_TEST(test_ahead_items)
{
	struct ir_buf in = IR_BUF_INIT;
	unsigned i;
	char *t;

	many_docs(&in, 50);
	ir_buf_adds(&in, "---\napiVersion: v1\nitems:\n");
	for (i = 0; i < 500; i++)
		ir_buf_addf(&in, "- name: item-%u\n  spec: {x: 1, x: 2}\n", i);
	ir_buf_adds(&in, "kind: List\n");
	many_docs(&in, 50);
	trace_nodes = true;
	t = same_trace(in.data, true);
	trace_nodes = false;
	ck_assert_ptr_nonnull(strstr(t, "item 499 of doc 50: 'item-499'\n"));
	ck_assert_ptr_nonnull(strstr(t, "kind 'List', 500 items before"));
	ck_assert_ptr_nonnull(strstr(t, "doc 100 at "));
	free(t);
	ir_buf_free(&in);
}
END_TEST

/*
 * Lines "---" inside what a part before them holds: a quoted scalar, a flow collection, a
 * block scalar at the root; an error in a part that other parts follow; a directive. Each
 * input gives the calls of the whole input parsed in one, node by node, and the same error
 * where there is one. (libfyaml 0.7.12 reads each such line as a document start or as an
 * error, as the spec asks: the check that passes over a part whose start the parse went
 * past guards against a parser that would not; test_ahead_parts tests what it does.)
 */
/*
 * Pieces of streams where a part may be cut wrong (a "---" line inside a value, after "...",
 * after a directive), that test_ahead_parts_cut_wrong and test_ahead_random_streams use.
 */
static const char *const stream_pieces[] = {
	"---\nk: \"a\n---\n b\"\n",
	"---\nk: 'a\n---\n b'\n",
	"---\nk: [a,\n---\n]\n",
	"--- |\nfoo\n---\nbar\n",
	"--- >\n  folded\n---\nnext: doc\n",
	"---\nplain\n---\nmore: x\n",
	"a: 1\n...\n---\nb: 2\n...\n# comment\n--- !!map\nc: 3\n",
	"---\n---\n--- \n---\t# empty ones\n---\r\nd: 4\r\n",
	"---\nk: [unclosed\n---\nz: 1\n",
	"---\nk: \"unclosed\n---\nz: 1\n",
	"---\nx: &a {y: 1}\n---\nz: *a\n",
	"%YAML 1.2\n---\na: 1\n---\nb: 2\n",
	"...\n%TAG !e! tag:example.com,2000:\n---\n!e!foo bar\n---\n!e!foo baz\n",
	"...\n%YAML 1.1\n---\na: yes\n---\nb: 2\n...\n---\nc: 3\n",
	"---\n----\n---x: 1\n--- a\n",
	/* a lone CR (a line break to libfyaml) before an error: the error is where it is */
	"---\nd: 4\r \n---\nk: 'a\n---\n b'\n",
};

START_TEST(test_ahead_parts_cut_wrong)
{
	struct ir_buf in = IR_BUF_INIT;
	size_t i;
	char *t;

	trace_nodes = true;
	for (i = 0; i < sizeof(stream_pieces) / sizeof(stream_pieces[0]); i++) {
		ir_buf_reset(&in);
		many_docs(&in, 3);
		ir_buf_adds(&in, stream_pieces[i]);
		many_docs(&in, 2);
		t = same_trace(in.data, false);
		ck_assert_msg(strstr(t, "doc 2 at ") || i == 11, "case %zu:\n%s", i, t);
		if (i == 12)	/* the tag handle of a directive before the part */
			ck_assert_ptr_nonnull(strstr(t, "!tag:example.com,2000:foo"));
		free(t);
		/* and as the stream's start */
		t = same_trace(stream_pieces[i], false);
		free(t);
	}
	trace_nodes = false;
	ir_buf_free(&in);
}
END_TEST

/*
 * A List at the stream's start, kind after its items as kubectl writes it, is cut at its
 * items and at its tail of keys: each part is parsed alone, its items handed away, or, where
 * a part does not parse alone as in the stream, again from the List's start. Whatever the
 * items hold, the calls are those of the List parsed in one, node by node (the List's own
 * call with its items as nodes without children), with the same warnings and errors.
 */
/*
 * Lines of List items, each kind of item a part may start or end at, and the tails (the
 * List's keys after its items, and what may follow the List) that test_ahead_list_parts and
 * test_ahead_random_lists put together.
 */
static const char *const list_items[] = {
	/* 0: plain items, comments and blank lines at column 0 between them */
	"- name: a\n  spec: {x: 1, x: 2}\n# between\n\n- name: b\n  image: nginx\n",
	/* 1: a quoted scalar and flow collections going on at column 0 (sloppy) */
	"- name: q\n  note: \"x\n- y\"\n- name: f\n  list: [a,\n- b]\n",
	"- name: s\n  note: 'x\n- y'\n- name: m\n  map: {a: 1,\n- b: 2}\n",
	/* 3: errors in an item: the same, at the same place */
	"- name: e\n  k: [unclosed\n- name: after\n",
	"- name: alias\n  k: *nothing\n- name: after\n",
	"- name: e\n  k: \"unclosed\n",
	/* 6: the last item's keep block before the tail; scalar and nested items */
	"- plain scalar\n- - nested\n  - seq\n- name: k\n  text: |+\n    kept\n\n\n",
	/* 7: tags, a flow item, an empty item */
	"- !!map\n  name: tagged\n- {name: flow}\n- \n- name: last\n",
	/* 8: a line "kind: List" at column 0 inside a value, taken for the tail's start */
	"- name: k\n  v: \"a\nkind: List\n\"\n",
	/* 9: an item whose node starts on the next line, and '-' lines that are no item */
	"-\n  name: next-line\n-   name: spaced\n-\tname: tab\n",
	/* 10: errors at the start of an item: the item before ends first, alone as in one */
	"- name: r\n  x: 1\n- @reserved\n",
	"- name: b\n  x: {a: 1}\n- `backquote\n",
	"- name: t\n  x: 1\n- name: u\n\t- tab\n",
	"- name: c\n  x: 1\n- name: v\n  : novalue\n",
	"- [a, b]\n- ]\n",
};
static const char *const list_tails[] = {
	"kind: List\nmetadata:\n  resourceVersion: \"\"\n",
	"kind: List\napiVersion: again\n---\nkind: Pod\nspec: {a: 1, a: 2}\n",
	"kind: List\nmetadata: {\n",
	"kind: List\n...\n---\n- a\n",
};

START_TEST(test_ahead_list_parts)
{
	/* whole Lists, each with what its trace must show */
	static const struct {
		const char *in, *want;
	} lists[] = {
		/* the kind before the items, a tail after them that is no mapping's */
		{ "apiVersion: v1\nkind: List\nitems:\n- name: a\n- name: b\npo\n",
		    "rc -1, error at 53: invalid value after mapping" },
		{ "kind: List\nitems:\n- name: a\n- name: b\nmetadata: {}\n",
		    "kind 'List', 2 items before" },
		/* a duplicate key before the items: warned about with the first item, handed away
		 * while the key's text is the List's, which a part may free before the item's call
		 * runs (found by fuzz_rewrite under ASan, =p: the key now goes with the item) */
		{ "apiVersion: v1\nmetadata: {a: 1, a: 2}\nitems:\n- name: a\n- name: b\n"
		    "kind: List\n", "duplicate key 'a' (first at 2:12)\nitem 0 of doc 0: 'a'" },
		/* no tail at all: not cut, its items handed away all the same */
		{ "kind: List\nitems:\n- name: a\n- name: b\n", "kind 'List', 2 items before" },
		/* a directive: the List is not cut */
		{ "%YAML 1.2\n---\napiVersion: v1\nitems:\n- name: a\n- name: b\nkind: List\n",
		    "item 1 of doc 0: 'b'\n" },
		/* a tail whose first line reads as no key: the parse in one stops at it before the
		 * last item ends, so the List is not cut there (cuts.c, plain_key_line()) */
		{ "apiVersion: v1\nitems:\n- name: a\n- name: b\n|\t- x\nkind: List\n",
		    "rc -1, error at 42: wrongly indented" },
		/* an item that ends alone, at column 0, where the parse in one errs first */
		{ "apiVersion: v1\nitems:\n- name: a\n- name: b\n- \n-x: 1\n- name: c\n"
		    "kind: List\n",
		    "rc -1, error at 47: did not find expected node content: the empty item at line 5" },
		/* an implicit document after the List starts at its first token, in one or not */
		{ "apiVersion: v1\nitems:\n- name: a\n- name: b\nkind: List\n...\n# c\nb: 1\n",
		    "doc 1 at 61:" },
	};
	struct ir_buf in = IR_BUF_INIT;
	size_t i, j, k;
	char *t;

	trace_nodes = true;
	for (i = 0; i < sizeof(list_items) / sizeof(list_items[0]); i++)
		for (j = 0; j < sizeof(list_tails) / sizeof(list_tails[0]); j++) {
			ir_buf_reset(&in);
			ir_buf_adds(&in, "apiVersion: v1\nitems:\n");
			for (k = 0; k < 3; k++)
				ir_buf_addf(&in, "- name: before-%zu\n  spec: {a: 1, a: 2}\n", k);
			ir_buf_adds(&in, list_items[i]);
			for (k = 0; k < 3; k++)
				ir_buf_addf(&in, "- name: after-%zu\n  x: 1\n", k);
			ir_buf_adds(&in, list_tails[j]);
			t = same_trace(in.data, true);
			ck_assert_msg(strstr(t, "item 2 of doc 0: 'before-2'\n") != NULL,
			    "case %zu/%zu:\n%s", i, j, t);
			free(t);
		}
	for (i = 0; i < sizeof(lists) / sizeof(lists[0]); i++) {
		t = same_trace(lists[i].in, true);
		ck_assert_msg(strstr(t, lists[i].want) != NULL, "list %zu:\n%s", i, t);
		free(t);
	}
	trace_nodes = false;
	ir_buf_free(&in);
}
END_TEST

/*
 * Checks that the cuts of text, every bytes apart (list: a List's items cut too), are the
 * offsets want lists: an item's marked "-", the List's tail "t".
 */
static void
cuts_list_are(const char *text, size_t every, bool list, const char *want)
{
	struct ir_buf got = IR_BUF_INIT;
	struct ir_cuts c;
	size_t i;

	ir_yaml_cuts(text, strlen(text), every, list, every, &c);
	for (i = 0; i < c.n; i++)
		ir_buf_addf(&got, "%s%s%zu", i ? " " : "", c.items && i >= c.items && i < c.tail ?
		    "-" : c.items && i == c.tail ? "t" : "", c.at[i]);
	ck_assert_str_eq(got.data, want);
	free(c.at);
	ir_buf_free(&got);
}

static void
cuts_are(const char *text, size_t every, const char *want)
{
	cuts_list_are(text, every, false, want);
}

/* Where a stream is cut: at "---" lines only, none with a directive, spaced as asked. */
/* Park-Miller, as scripts/bench-gen: the same numbers on every machine. */
static unsigned long
rnd(unsigned long *rs, unsigned long n)
{
	*rs = *rs * 16807 % 2147483647;
	return *rs % n;
}

/* One of the strings of array a, at random. */
#define ANY(a, rs) ((a)[rnd((rs), sizeof(a) / sizeof((a)[0]))])

/* The seed and count of a random test: RS=SEED and RN=COUNT in the environment, or these. */
static size_t
random_runs(unsigned long *rs, unsigned long seed, size_t count)
{
	*rs = getenv("RS") ? strtoul(getenv("RS"), NULL, 10) : seed;
	return getenv("RN") ? strtoul(getenv("RN"), NULL, 10) : count;
}

/*
 * Half the time, puts one byte in the text at random: a fault, a quote or a bracket that runs
 * on, an anchor that keeps the parse in one part, a marker's dash.
 */
static void
maybe_put_byte(struct ir_buf *in, unsigned long *rs)
{
	static const char bytes[] = "-: \n\t[]{}\"'#&*|>!%@`,?.";
	size_t at;

	if (rnd(rs, 2) == 0)
		return;
	at = rnd(rs, in->len + 1);
	ir_buf_addc(in, 0);	/* room for the byte; the text's end moves */
	memmove(in->data + at + 1, in->data + at, in->len - at - 1);
	in->data[at] = bytes[rnd(rs, sizeof(bytes) - 1)];
	in->data[in->len] = '\0';
}

/*
 * Lists put together at random from the item lines and tails above, some with a byte put in,
 * parse to the same trace in one part, ahead and cut at every item: the differential check
 * that found the item handed over twice, kept as a test (a fixed seed, so a failure names the
 * List that shows it; RS and RN run others: seeds 1 to 205, 2,000 each, pass). Its first run
 * found an item handed over before an error at the tail's first line ("|" at column 0), the
 * parse in one stopping before the item's end; then an item ended alone before an error
 * where the parse in one errs first; then an implicit document's start taken from the part's.
 */
START_TEST(test_ahead_random_lists)
{
	struct ir_buf in = IR_BUF_INIT;
	unsigned long rs;
	size_t count = random_runs(&rs, 20261125, 300), n, k;

	for (n = 0; n < count; n++) {
		ir_buf_reset(&in);
		ir_buf_adds(&in, rnd(&rs, 4) == 0 ? "kind: List\nitems:\n" :
		    "apiVersion: v1\nitems:\n");
		for (k = rnd(&rs, 6) + 1; k > 0; k--)
			ir_buf_adds(&in, ANY(list_items, &rs));
		ir_buf_adds(&in, ANY(list_tails, &rs));
		maybe_put_byte(&in, &rs);
		free(same_trace(in.data, true));
	}
	ir_buf_free(&in);
}
END_TEST

/*
 * Streams of documents put together at random: the pieces where a cut may be wrong, Lists
 * of the item lines above, plain documents, some with a byte put in; read with and without
 * Lists item by item, the same trace in one part, ahead and cut at every document.
 */
START_TEST(test_ahead_random_streams)
{
	struct ir_buf in = IR_BUF_INIT;
	unsigned long rs;
	size_t count = random_runs(&rs, 11252026, 300), n, k;

	for (n = 0; n < count; n++) {
		ir_buf_reset(&in);
		for (k = rnd(&rs, 5) + 1; k > 0; k--) {
			switch (rnd(&rs, 4)) {
			case 0:
				many_docs(&in, (unsigned)rnd(&rs, 3) + 1);
				break;
			case 1:
				ir_buf_adds(&in, "---\napiVersion: v1\nitems:\n");
				ir_buf_adds(&in, ANY(list_items, &rs));
				ir_buf_adds(&in, "kind: List\n");
				break;
			default:
				ir_buf_adds(&in, ANY(stream_pieces, &rs));
				break;
			}
		}
		maybe_put_byte(&in, &rs);
		free(same_trace(in.data, rnd(&rs, 2) == 0));
	}
	ir_buf_free(&in);
}
END_TEST

START_TEST(test_yaml_cuts)
{
	const char *d = "a: 1\n---\nb: 2\n----\n--- x\n ---\n---\t\n---\r\n...\n---";

	cuts_are(d, 0, "0 5 19 30 35 44");
	/* every 10 bytes: the first marker at or after 10, then at or after 29, then 40 */
	cuts_are(d, 10, "0 19 30 44");
	cuts_are(d, 1000, "0");
	/* directives too: the parse does not stop at a cut after one (test_ahead_parts_cut_wrong) */
	cuts_are("---\na: 1\n%TAG ! tag:x,2000:\n---\nb: 2\n", 0, "0 28");
	cuts_are("%YAML 1.2\n---\na\n---\nb\n", 0, "0 10 16");
	cuts_are("---\na\n---\nb\n", 0, "0 6");
	cuts_are("", 0, "0");
	/* a List's items, its tail, and the documents after it */
	d = "apiVersion: v1\nitems:\n- a: 1\n  b: 2\n# c\n- x\n-\n  y: 1\n- - z\nkind: List\n"
	    "---\nz: 1\n";
	cuts_list_are(d, 0, true, "0 -22 -40 -53 t59 70");
	cuts_list_are(d, 20, true, "0 -22 -53 t59");
	cuts_list_are(d, 1000, true, "0");
	cuts_list_are(d, 0, false, "0 70");
	/* no tail, a marker for one, or no line "items:" before the document's end: no cuts */
	cuts_list_are("items:\n- a\n- b\n", 0, true, "0");
	cuts_list_are("items:\n- a\n- b\n---\nc\n", 0, true, "0 15");
	cuts_list_are("a: 1\n---\nitems:\n- a\nkind: List\n", 0, true, "0 5");
	cuts_list_are("items: # c\n- a\nkind: List\n", 0, true, "0 -11 t15");
	/* the marker test the cuts use, and insert.c, run.c and the List's kind line */
	ck_assert_int_eq(ir_text_marker("---", 3, 0), '-');
	ck_assert_int_eq(ir_text_marker("a\n... # end", 12, 2), '.');
	ck_assert_int_eq(ir_text_marker("---\r\n", 5, 0), '-');
	ck_assert_int_eq(ir_text_marker("----", 4, 0), 0);
	ck_assert_int_eq(ir_text_marker("--", 2, 0), 0);
	ck_assert_int_eq(ir_text_marker("---x", 4, 0), 0);
	ck_assert_int_eq(ir_text_marker("---", 3, 4), 0);
}
END_TEST

/* The corpus's YAML test suite: a file's trace, node by node, is the same in each mode. */
static int
corpus_case(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	struct ir_buf in = IR_BUF_INIT;
	FILE *f;
	char chunk[4096], *t;
	size_t n;

	(void)st;
	if (type != FTW_F || strcmp(path + ftw->base, "in.yaml") != 0)
		return 0;
	ck_assert_ptr_nonnull(f = fopen(path, "rb"));
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		ir_buf_add(&in, chunk, n);
	fclose(f);
	ir_buf_add(&in, "", 0);
	if (memchr(in.data, '\0', in.len) == NULL) {
		t = same_trace(in.data, false);
		free(t);
		corpus_files++;
	}
	ir_buf_free(&in);
	return 0;
}

START_TEST(test_ahead_parts_suite)
{
	const char *corpus = getenv("IMGREG_CORPUS");
	char dir[4096];

	snprintf(dir, sizeof(dir), "%s/yaml-test-suite", corpus ? corpus : "../shared/corpus");
	if (access(dir, R_OK) != 0) {
		printf("ahead: no YAML test suite at %s: the parts check over it skipped\n", dir);
		return;
	}
	trace_nodes = true;
	corpus_files = 0;
	ck_assert_int_eq(nftw(dir, corpus_case, 16, FTW_PHYS), 0);
	trace_nodes = false;
	ck_assert_int_gt(corpus_files, 300);
}
END_TEST

/* An input as large as parsing ahead asks for goes ahead without the test switch (which
 * forbids it with 0), and still gives the same calls. */
START_TEST(test_ahead_large_input)
{
	struct ir_buf in = IR_BUF_INIT;
	char *alone, *ahead;

	many_docs(&in, 6000);
	ck_assert_uint_gt(in.len, 256 * 1024);
	alone = parse_trace(in.data, "0", false);
	ahead = parse_trace(in.data, NULL, false);
	ck_assert_str_eq(alone, ahead);
	ck_assert_ptr_nonnull(strstr(alone, "doc 5999 at "));
	free(alone);
	free(ahead);
	ir_buf_free(&in);
}
END_TEST

/* Which inputs are parsed ahead: large ones, a List read item by item too unless it may hold
 * an anchor or its items are small (they would each wait for their call, or cost more handed
 * away than they gain); and what the test switch says. */
START_TEST(test_ahead_which)
{
	struct ir_buf docs = IR_BUF_INIT, list = IR_BUF_INIT, first = IR_BUF_INIT;
	struct ir_buf small = IR_BUF_INIT;
	struct ir_stream s;
	const char *t;
	unsigned i;

	many_docs(&docs, 6000);
	ir_buf_adds(&list, "# kubectl get -o yaml\napiVersion: v1\nitems:\n");
	ir_buf_adds(&first, "---\nkind: List\nitems:\n");
	ir_buf_adds(&small, "apiVersion: v1\nitems:\n");
	for (i = 0; i < 8000; i++) {
		ir_buf_addf(&list, "- name: item-%u\n  spec: {x: 1}\n  image: nginx:1.25\n"
		    "  labels: {app: web, tier: frontend}\n  command: [sh, -c, 'sleep 3600']\n"
		    "  annotations: {team: payments, owner: platform}\n", i);
		ir_buf_addf(&first, "- name: item-%u\n  spec: {x: 1}\n", i);
		ir_buf_addf(&small, "- name: item-%u\n  spec: {x: 1}\n", i);
	}
	ir_buf_adds(&small, "kind: List\n");
	ir_buf_adds(&list, "kind: List\nmetadata:\n  resourceVersion: \"\"\n");
	ck_assert_uint_gt(list.len, 256 * 1024);
	unsetenv("IMGREG_TEST_PARSE_AHEAD");
	ir_stream_init(&s, "<test>", docs.data, docs.len, false);
	ck_assert(ir_yaml_ahead(&s, true));
	s.len = 1000;
	ck_assert(!ir_yaml_ahead(&s, true));
	setenv("IMGREG_TEST_PARSE_AHEAD", "1", 1);
	ck_assert(ir_yaml_ahead(&s, true));
	unsetenv("IMGREG_TEST_PARSE_AHEAD");
	s.len = docs.len;
	ir_stream_release(&s);
	ir_stream_init(&s, "<test>", list.data, list.len, false);
	ck_assert(ir_yaml_ahead(&s, true));
	ck_assert(ir_yaml_ahead(&s, false));
	setenv("IMGREG_TEST_PARSE_AHEAD", "0", 1);
	ck_assert(!ir_yaml_ahead(&s, false));
	unsetenv("IMGREG_TEST_PARSE_AHEAD");
	ir_stream_release(&s);
	/* an '&' anywhere: the List's items might be kept whole after an anchor */
	list.data[list.len - 3] = '&';
	ir_stream_init(&s, "<test>", list.data, list.len, false);
	ck_assert(!ir_yaml_ahead(&s, true));
	ck_assert(ir_yaml_ahead(&s, false));
	ir_stream_release(&s);
	/* items of about 30 bytes: read on one thread, handed away only by the test switch */
	ir_stream_init(&s, "<test>", small.data, small.len, false);
	ck_assert(!ir_yaml_ahead(&s, true));
	ck_assert(ir_yaml_ahead(&s, false));
	ir_stream_release(&s);
	ck_assert_int_eq(small.data[22], '-');
	ck_assert(ir_yaml_items_small(small.data, small.len, 22));
	ck_assert_int_eq(list.data[44], '-');
	ck_assert(!ir_yaml_items_small(list.data, list.len, 44));
	ck_assert(!ir_yaml_items_small("items:\n- a\n", 12, 7));
	/* a sequence at column 2, its items counted at that column only, until it ends */
	t = "x:\n  - a\n  - - b\n\n  # c\n  - c\nkind: y\n";
	ck_assert(ir_yaml_items_small(t, strlen(t), 5));
	t = "x:\n  - a\nb:\n  - c\n  - d\n  - e\n";
	ck_assert(!ir_yaml_items_small(t, strlen(t), 5));
	/* nor past its document's end, though the next document is a sequence at column 0 */
	ir_buf_reset(&small);
	ir_buf_adds(&small, "x:\n- ");
	for (i = 0; i < 300; i++)
		ir_buf_adds(&small, "a");
	ir_buf_adds(&small, "\n---\n");
	for (i = 0; i < 100; i++)
		ir_buf_adds(&small, "- b\n");
	ck_assert(!ir_yaml_items_small(small.data, small.len, 3));
	first.data[first.len - 3] = '&';
	ir_stream_init(&s, "<test>", first.data + 4, first.len - 4, false);
	ck_assert(!ir_yaml_ahead(&s, true));
	ir_stream_release(&s);
	ir_stream_init(&s, "<test>", first.data, first.len, false);
	ck_assert(!ir_yaml_ahead(&s, true));
	ir_stream_release(&s);
	ir_buf_free(&docs);
	ir_buf_free(&list);
	ir_buf_free(&first);
	ir_buf_free(&small);
}
END_TEST

Suite *
ahead_suite(void)
{
	Suite *s = suite_create("ahead");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_ahead_order);
	tcase_add_test(tc, test_ahead_stop);
	tcase_add_test(tc, test_ahead_parts);
	tcase_add_test(tc, test_ahead_parts_end);
	tcase_add_test(tc, test_ahead_parts_busy_caller);
	tcase_add_test(tc, test_ahead_same_callbacks);
	tcase_add_test(tc, test_ahead_duplicates_by_size);
	tcase_add_test(tc, test_ahead_same_error);
	tcase_add_test(tc, test_ahead_empty_item_error);
	tcase_add_test(tc, test_ahead_callback_stops);
	tcase_add_test(tc, test_parser_used_again);
	tcase_add_test(tc, test_ahead_items);
	tcase_add_test(tc, test_ahead_large_input);
	tcase_add_test(tc, test_ahead_parts_cut_wrong);
	tcase_add_test(tc, test_ahead_list_parts);
	tcase_add_test(tc, test_ahead_random_lists);
	tcase_add_test(tc, test_ahead_random_streams);
	tcase_add_test(tc, test_yaml_cuts);
	tcase_add_test(tc, test_ahead_parts_suite);
	tcase_add_test(tc, test_ahead_which);
	suite_add_tcase(s, tc);
	return s;
}
