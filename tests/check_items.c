/*
 * Lists read item by item (yaml.h, units; process.c): each item of a List is handed to the
 * filter as it ends and its nodes are dropped, so that a List is never held whole. The output
 * must be what the whole document gives, the hashes of both sides of the check must agree, and
 * whatever is not surely a List must be read whole.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "imgreg/buf.h"
#include "imgreg/edit.h"
#include "imgreg/exit.h"
#include "imgreg/locate.h"
#include "imgreg/msg.h"
#include "imgreg/process.h"
#include "imgreg/stream.h"
#include "imgreg/verifier.h"
#include "imgreg/verify.h"

#include "check_suites.h"

/* What the test filter saw. */
struct seen {
	unsigned items;		/* calls for one item */
	unsigned docs;		/* calls for a whole document */
	unsigned objects;	/* objects reached in all calls */
	unsigned items_done;	/* doc->items_done at the last document call */
	size_t max_nodes;	/* the most nodes a document held in any call */
	bool insert;		/* also add "pulled: ok" to each object's spec */
	const char *wrong;	/* the image whose edit is made not to read back */
	bool inert;		/* give "new/<old>", proven inert, but to the image tilde */
	const char *tilde;
};

static struct seen seen;

/*
 * Gives an object's image field the value "new~/<old>", and adds a key to its spec. The '~'
 * keeps the edit from being inert (edit.h, ir_edits_inert()), so that every part is parsed
 * again and the hashes of both sides are compared.
 */
static int
edit_object(struct ir_doc *doc, ir_id object, void *arg)
{
	ir_id image = ir_map_get(doc, object, "image"), spec;
	struct ir_val ok = { .kind = IR_SCALAR, .text = "ok" };
	char text[200];

	(void)arg;
	seen.objects++;
	if (image && doc->nodes[image].kind == IR_SCALAR && seen.wrong &&
	    strcmp(doc->nodes[image].text, seen.wrong) == 0)
		/* new bytes, but the old value expected */
		ir_edit_splice(doc->stream, doc->nodes[image].start, doc->nodes[image].end, "x", 1);
	else if (image && doc->nodes[image].kind == IR_SCALAR) {
		bool plain = seen.inert && !(seen.tilde &&
		    strcmp(doc->nodes[image].text, seen.tilde) == 0);

		snprintf(text, sizeof(text), "new%s/%s", plain ? "" : "~", doc->nodes[image].text);
		ir_edit_replace(doc, image, text, strlen(text));
	}
	spec = ir_resolve(doc, ir_map_get(doc, object, "spec"));
	if (seen.insert && spec && doc->nodes[spec].kind == IR_MAP)
		ir_edit_map_insert(doc, spec, 0, "pulled", &ok);
	return 0;
}

static int
edit_doc(struct ir_doc *doc, void *ctx)
{
	(void)ctx;
	if (doc->unit)
		seen.items++;
	else {
		seen.docs++;
		seen.items_done = doc->items_done;
	}
	if (doc->nnodes > seen.max_nodes)
		seen.max_nodes = doc->nnodes;
	return ir_locate_objects(doc, edit_object, NULL);
}

/* The messages of the last run. */
static struct ir_buf messages = IR_BUF_INIT;

static int
keep(enum ir_level level, const char *file, unsigned long line, unsigned long col,
    const char *text, void *arg)
{
	(void)level;
	(void)file;
	(void)arg;
	ir_buf_addf(&messages, "%lu:%lu: %s\n", line, col, text);
	return 1;
}

/* Runs the test filter over text, item by item or not; returns the exit status. */
static int
run(const char *text, bool items, struct ir_buf *out, struct ir_result *res)
{
	struct ir_filter f = { .doc_fn = edit_doc, .verify = true, .items = items };
	struct ir_stream s;
	char *copy = ir_xstrndup(text, strlen(text));
	int rc;

	seen.items = seen.docs = seen.objects = seen.items_done = 0;
	seen.max_nodes = 0;
	ir_buf_reset(&messages);
	ir_msg_set_sink(keep, NULL);
	ir_stream_init(&s, "<test>", copy, strlen(copy), true);
	rc = ir_process(&s, &f, out, res);
	ir_stream_release(&s);
	ir_msg_set_sink(NULL, NULL);
	free(copy);
	return rc;
}

/* Writes a List of n items in the order kubectl writes it (kind after the items). */
static void
list_text(struct ir_buf *b, unsigned n, bool kind_first)
{
	unsigned i;

	ir_buf_adds(b, kind_first ? "apiVersion: v1\nkind: List\nitems:\n" :
	    "apiVersion: v1\nitems:\n");
	for (i = 0; i < n; i++)
		ir_buf_addf(b, "- kind: Pod # item %u\n  image: 'app-%u:1'\n  spec:\n"
		    "    containers: [a, b, c]\n    note: |\n      kind: NotAList\n", i, i);
	if (!kind_first)
		ir_buf_adds(b, "kind: List\nmetadata:\n  resourceVersion: \"\"\n");
}

/* Runs text both ways; the outputs must be the same bytes, and changed. */
static void
same_both_ways(const char *text, struct ir_buf *out)
{
	struct ir_buf whole = IR_BUF_INIT;
	struct ir_result res;

	ck_assert_int_eq(run(text, false, &whole, &res), 0);
	ck_assert_msg(res.changed, "%s", messages.data ? messages.data : "");
	ck_assert_int_eq(run(text, true, out, &res), 0);
	ck_assert_msg(res.changed, "%s", messages.data ? messages.data : "");
	ck_assert_uint_eq(out->len, whole.len);
	ck_assert(memcmp(out->data, whole.data, whole.len) == 0);
	ir_buf_free(&whole);
}

/* kubectl's order: the kind is read ahead, each item goes alone, and few nodes are held. */
START_TEST(test_items_kubectl_order)
{
	struct ir_buf in = IR_BUF_INIT, out = IR_BUF_INIT;

	list_text(&in, 300, false);
	same_both_ways(in.data, &out);
	ck_assert_uint_eq(seen.items, 300);
	ck_assert_uint_eq(seen.docs, 1);
	ck_assert_uint_eq(seen.objects, 300);
	ck_assert_uint_eq(seen.items_done, 300);
	/* the root's nodes, one node per item left, and one item's nodes */
	ck_assert_uint_lt(seen.max_nodes, 300 + 40);
	ck_assert(strstr(out.data, "- kind: Pod # item 299\n  image: 'new~/app-299:1'\n") != NULL);
	ir_buf_free(&in);
	ir_buf_free(&out);
}
END_TEST

/* The kind first: known before the items, no reading ahead. */
START_TEST(test_items_kind_first)
{
	struct ir_buf in = IR_BUF_INIT, out = IR_BUF_INIT;

	list_text(&in, 50, true);
	same_both_ways(in.data, &out);
	ck_assert_uint_eq(seen.items, 50);
	ck_assert_uint_eq(seen.items_done, 50);
	ir_buf_free(&in);
	ir_buf_free(&out);
}
END_TEST

/* Insertions in items learn the document's layout from the first item that shows it, as
 * when the document is read whole; each item's hash covers its insertion. */
START_TEST(test_items_insert_layout)
{
	static const char text[] =
	    "apiVersion: v1\nitems:\n"
	    "-   kind: Pod\n    metadata:\n        name: a\n    spec:\n        image: a\n"
	    "-   kind: Pod\n    spec: {image: b}\n"
	    "-   kind: Pod\n    spec:\n      image: c\n"
	    "kind: List\n";
	struct ir_buf out = IR_BUF_INIT;

	seen.insert = true;
	same_both_ways(text, &out);
	seen.insert = false;
	ck_assert_uint_eq(seen.items, 3);
	ck_assert_msg(strstr(out.data, "        image: a\n        pulled: ok\n") != NULL, "%s",
	    out.data);
	ck_assert(strstr(out.data, "spec: {image: b, pulled: ok}") != NULL);
	ck_assert(strstr(out.data, "      image: c\n      pulled: ok\n") != NULL);
	ir_buf_free(&out);
}
END_TEST

/* Documents that are not Lists, or not surely, are read whole; and give the same output. */
static const char *const whole_cases[] = {
	/* another kind after the items */
	"apiVersion: v1\nitems:\n- image: a\nkind: Inventory\n",
	/* another kind before them */
	"kind: Inventory\nitems:\n- image: a\n",
	/* no kind at all */
	"items:\n- image: a\n",
	/* a document marker comes before the "kind: List" line: that is the next document's */
	"items:\n- image: a\n---\nkind: List\nitems: []\n",
	/* the value goes on in an indented line: "List more" */
	"items:\n- image: a\nkind: List\n  more\n",
	/* a '#' without a space before it is part of the value */
	"items:\n- image: a\nkind: FooList#x\n",
	/* the root mapping is flow (JSON) */
	"{\"items\": [{\"image\": \"a\"}], \"kind\": \"List\"}\n",
	/* the items are not the root mapping's */
	"spec:\n  items:\n  - image: a\nkind: List\n",
	/* the first "items" key is not a sequence */
	"items: none\nkind: List\n",
};

START_TEST(test_items_read_whole)
{
	struct ir_buf out = IR_BUF_INIT;
	struct ir_result res;

	ck_assert_int_eq(run(whole_cases[_i], true, &out, &res), 0);
	ck_assert_msg(seen.items == 0, "%s", whole_cases[_i]);
	ck_assert_uint_eq(seen.items_done, 0);
	ir_buf_free(&out);
}
END_TEST

/* A quoted "kind: List" with quotes and a comment is read ahead as it reads. */
START_TEST(test_items_kind_quoted)
{
	struct ir_buf out = IR_BUF_INIT;

	same_both_ways("items:\n- image: a\n- image: b\nkind: \"ConfigMapList\"  # all\n", &out);
	ck_assert_uint_eq(seen.items, 2);
	ir_buf_free(&out);
}
END_TEST

/*
 * After the first anchor, items stay whole for the document's call: an edit through an alias
 * may reach into another item. The items before it went alone.
 */
START_TEST(test_items_anchor_stops)
{
	static const char text[] =
	    "items:\n- image: a\n- image: b\n  spec: &s {x: 1}\n- image: c\n  spec: *s\n"
	    "- image: d\nkind: List\n";
	struct ir_buf out = IR_BUF_INIT;

	seen.insert = true;
	same_both_ways(text, &out);
	seen.insert = false;
	ck_assert_uint_eq(seen.items, 1);
	ck_assert_uint_eq(seen.items_done, 1);
	ck_assert_uint_eq(seen.objects, 4);
	ir_buf_free(&out);
}
END_TEST

/*
 * A "kind: List" line at column 0 inside a multi-line quoted value (libfyaml accepts it) is
 * read ahead as the kind; when the document ends as something else, it is refused at that
 * line and nothing is written.
 */
START_TEST(test_items_wrong_guess_refused)
{
	static const char text[] = "items:\n- image: \"a\nkind: List\nb\"\nkind: Foo\n";
	struct ir_buf out = IR_BUF_INIT;
	struct ir_result res;

	ck_assert_int_eq(run(text, true, &out, &res), IR_EXIT_INPUT);
	ck_assert(res.parse_error);
	ck_assert_uint_eq(res.err_off, strlen("items:\n- image: \"a\n"));
	ck_assert(strstr(res.err, "read ahead as the kind of a List") != NULL);
	ck_assert_uint_eq(out.len, 0);
	/* read whole (an embedded manifest, a filter without items), it is fine */
	ck_assert_int_eq(run(text, false, &out, &res), 0);
	ir_buf_free(&out);
}
END_TEST

/* Several documents: a List between others, each read its own way. */
START_TEST(test_items_in_stream)
{
	struct ir_buf in = IR_BUF_INIT, out = IR_BUF_INIT;

	ir_buf_adds(&in, "image: first\n---\n");
	list_text(&in, 20, false);
	ir_buf_adds(&in, "---\nitems:\n- image: x\nkind: Other\n---\n");
	list_text(&in, 10, true);
	same_both_ways(in.data, &out);
	ck_assert_uint_eq(seen.items, 30);
	ck_assert_uint_eq(seen.docs, 4);
	ck_assert_uint_eq(seen.objects, 32);
	ir_buf_free(&in);
	ir_buf_free(&out);
}
END_TEST

/*
 * A List of more than a part cut into runs of items, each checked alone while the next is
 * edited, with the part's check standing one item in for them: the same bytes as a whole
 * read, among other documents. After "---" a new part starts before the next List, which is
 * cut too; after "..." (the next document does not parse alone) the part goes on, and a
 * second List in it is read whole.
 */
START_TEST(test_items_runs)
{
	struct ir_buf in = IR_BUF_INIT, out = IR_BUF_INIT, again = IR_BUF_INIT;
	struct ir_result res;
	const char *sep = _i ? "...\n" : "---\n";

	ir_buf_adds(&in, "image: first\n---\n");
	list_text(&in, 10000, false);
	ir_buf_adds(&in, sep);
	list_text(&in, 3000, false);
	ck_assert_uint_gt(in.len, 4 * 256 * 1024);
	same_both_ways(in.data, &out);
	ck_assert_uint_eq(seen.items, 13000);
	ck_assert_int_eq(run(in.data, true, &again, &res), 0);
	ck_assert_uint_eq(res.runs, _i ? 4 : 5);
	ck_assert_uint_eq(res.parts, _i ? 1 : 2);
	ir_buf_free(&in);
	ir_buf_free(&out);
	ir_buf_free(&again);
}
END_TEST

/*
 * A template in the List's own text before its items keeps the List whole in its part's
 * check: writing a run gives the input's templates back up to there, and that text is still
 * to be hashed from the input. One after the items does not.
 */
START_TEST(test_items_runs_template)
{
	struct ir_buf in = IR_BUF_INIT, out = IR_BUF_INIT, again = IR_BUF_INIT;
	struct ir_result res;

	if (_i == 0)
		ir_buf_adds(&in, "note: \"{{workflow.name}}\"\n");
	list_text(&in, 10000, false);
	if (_i == 1)
		ir_buf_adds(&in, "note: \"{{workflow.name}}\"\n");
	same_both_ways(in.data, &out);
	ck_assert_int_eq(run(in.data, true, &again, &res), 0);
	if (_i == 0)
		ck_assert_uint_eq(res.runs, 0);
	else
		ck_assert_uint_ge(res.runs, 3);
	ir_buf_free(&in);
	ir_buf_free(&out);
	ir_buf_free(&again);
}
END_TEST

/* An edit that does not read back, in an item of a run, fails the run with its List named
 * (after the run's check, the part's whole text is checked), and nothing is written. */
START_TEST(test_items_run_failure)
{
	struct ir_buf in = IR_BUF_INIT, out = IR_BUF_INIT;
	struct ir_result res;

	ir_buf_adds(&in, "image: first\n---\n");
	list_text(&in, 6000, false);
	seen.wrong = "app-1234:1";
	ck_assert_int_eq(run(in.data, true, &out, &res), IR_EXIT_INPUT);
	seen.wrong = NULL;
	ck_assert_msg(messages.data && strstr(messages.data, "document 2 does not read back"),
	    "%s", messages.data ? messages.data : "(no message)");
	ck_assert_uint_eq(out.len, 0);
	ir_buf_free(&in);
	ir_buf_free(&out);
}
END_TEST

/*
 * Runs whose every edit is proven are not parsed again, but their items' hashes still stand
 * in for them in the part's check: (0) all edits proven: every run and part; (1) one item's
 * edit not proven: its run and its part are checked, the others not, and the output is that
 * of a whole read; (2) that edit does not read back: the failure is still found; (3) only the
 * edit of the document before the List is not proven: every run is, and the part is checked
 * with the runs' hashes standing in; (4) that edit does not read back.
 */
START_TEST(test_items_runs_proven)
{
	struct ir_buf in = IR_BUF_INIT, out = IR_BUF_INIT;
	struct ir_result res;
	const char *which = _i < 3 ? "app-4321:1" : "first";

	ir_buf_adds(&in, "image: first\n---\n");
	list_text(&in, 10000, false);
	ir_buf_adds(&in, "---\n");
	list_text(&in, 3000, false);
	seen.inert = true;
	seen.tilde = _i == 1 || _i == 3 ? which : NULL;
	seen.wrong = _i == 2 || _i == 4 ? which : NULL;
	if (_i != 2 && _i != 4) {
		same_both_ways(in.data, &out);
		ck_assert(strstr(out.data, "  image: 'new/app-9999:1'\n") != NULL);
		ck_assert_int_eq(run(in.data, true, &out, &res), 0);
		ck_assert_uint_eq(res.runs, 5);
		ck_assert_uint_eq(res.runs_proven, _i == 1 ? 4 : 5);
		ck_assert_uint_eq(res.proven, _i == 0 ? 2 : 1);
		ck_assert_uint_eq(res.parts, 2);
	} else {
		ck_assert_int_eq(run(in.data, true, &out, &res), IR_EXIT_INPUT);
		ck_assert_msg(messages.data && strstr(messages.data, _i == 2 ?
		    "document 2 does not read back" : "document 1 does not read back"), "%s",
		    messages.data ? messages.data : "");
		ck_assert_uint_eq(out.len, 0);
	}
	seen.inert = false;
	seen.tilde = seen.wrong = NULL;
	ir_buf_free(&in);
	ir_buf_free(&out);
}
END_TEST

static int
hash_doc(struct ir_doc *doc, void *arg)
{
	(void)arg;
	ir_edits_doc_done(doc);
	return 0;
}

/*
 * The items of the root mapping's first "items" sequence are hashed on their own on both
 * sides, List or not, whatever their kind (mapping, sequence, scalar, alias); the text reads
 * back as itself and a changed item does not.
 */
START_TEST(test_items_hashed_alone)
{
	static const char text[] = "items:\n- a: 1\n- [b, c]\n- d\n- &x e\n- *x\nkind: Foo\n"
	    "items: [f]\n---\n- items:\n  - g\n";
	static const char changed[] = "items:\n- a: 1\n- [b, c]\n- d\n- &x e\n- *x\nkind: Foo\n"
	    "items: [f]\n---\n- items:\n  - h\n";
	struct ir_stream s;
	char *copy = ir_xstrndup(text, strlen(text));
	char err[200];
	size_t off;

	ir_stream_init(&s, "<test>", copy, strlen(copy), false);
	/* an edit not proven inert (an empty one): every document is hashed, none is proven */
	ir_edit_splice(&s, 0, 0, "", 0);
	ir_msg_set_sink(keep, NULL);	/* the duplicate key's warning */
	ck_assert_int_eq(ir_yaml_parse(&s, hash_doc, NULL, &off, err, sizeof(err)), 0);
	ir_msg_set_sink(NULL, NULL);
	ck_assert_uint_eq(s.ndocs, 2);
	ck_assert_int_eq(ir_verify_text(&s, text, strlen(text), err, sizeof(err)), 0);
	ck_assert_int_eq(ir_verify_text(&s, changed, strlen(changed), err, sizeof(err)), 2);
	ir_stream_release(&s);
	free(copy);
}
END_TEST

/* The hash of the document in text and those of its first items, as the edit list has them. */
static uint64_t item_hashes[8];

static int
keep_item_hashes(struct ir_doc *doc, void *arg)
{
	const uint64_t *h;
	size_t n;

	(void)arg;
	h = ir_edits_item_hashes(doc->stream->edits, &n);
	memcpy(item_hashes, h, (n < 8 ? n : 8) * sizeof(*h));
	ir_edits_doc_done(doc);
	return 0;
}

static int
item_done(struct ir_doc *doc, void *arg)
{
	(void)arg;
	ir_edits_item_done(doc);
	return 0;
}

static uint64_t
hashes_of(const char *text)
{
	struct ir_stream s;
	char *copy = ir_xstrndup(text, strlen(text));
	char err[200];
	size_t off;
	uint64_t h;

	ir_stream_init(&s, "<test>", copy, strlen(copy), false);
	ck_assert_int_eq(ir_yaml_parse_units(&s, keep_item_hashes, item_done, NULL, &off, err,
	    sizeof(err)), 0);
	h = s.hashes[0];
	ir_stream_release(&s);
	free(copy);
	return h;
}

/* Queues a run of the first two items, then the part with them taken out; returns what the
 * verifier finds. */
static long
check_stand_in(bool threaded, const char *run, const char *whole, uint64_t doc_hash,
    long *run_bad)
{
	static const char taken_out[] = "apiVersion: v1\nitems:\n- ~\n- c\nkind: List\n";
	struct ir_verifier *v = ir_verifier_new(threaded);
	struct ir_verify_job *r = ir_xcalloc(1, sizeof(*r)), *part = ir_xcalloc(1, sizeof(*part));
	const struct ir_verify_job *bad;
	long rc;

	r->text = ir_xstrndup(run, strlen(run));
	r->len = strlen(run);
	r->nrun = 2;
	r->run = ir_xmalloc(2 * sizeof(*r->run));
	memcpy(r->run, item_hashes, 2 * sizeof(*r->run));
	r->changed = ir_xmalloc(sizeof(*r->changed));
	ir_verifier_add(v, r);
	part->text = ir_xstrndup(taken_out, strlen(taken_out));
	part->len = strlen(taken_out);
	part->ndocs = 1;
	part->hashes = ir_xmalloc(sizeof(*part->hashes));
	part->hashes[0] = doc_hash;
	part->changed = ir_xmalloc(sizeof(*part->changed));
	part->stand_in = ir_xmalloc(2 * sizeof(*part->stand_in));
	memcpy(part->stand_in, item_hashes, 2 * sizeof(*part->stand_in));
	part->nstand_in = 2;
	part->runs = ir_xmalloc(sizeof(*part->runs));
	part->runs[0] = r;
	part->nruns = 1;
	part->whole = whole;
	part->whole_len = strlen(whole);
	part->whole_changed = ir_xmalloc(sizeof(*part->whole_changed));
	ir_verifier_add(v, part);
	bad = ir_verifier_finish(v);
	ck_assert(bad == NULL || bad == part);
	rc = part->bad;
	*run_bad = r->bad;
	ir_verifier_free(v);
	return rc;
}

/*
 * The verifier takes the runs' word when they all check out (even a wrong whole text is not
 * read then), and reads the part's whole text when one did not: a run's failure alone is no
 * verdict. With and without the verifier's thread.
 */
START_TEST(test_items_stand_in)
{
	static const char good[] = "apiVersion: v1\nitems:\n- a\n- b\n- c\nkind: List\n";
	static const char wrong[] = "apiVersion: v1\nitems:\n- a\n- z\n- c\nkind: List\n";
	uint64_t h = hashes_of(good);
	long run_bad;

	ck_assert_int_eq(check_stand_in(_i, "- a\n- b\n", wrong, h, &run_bad), 0);
	ck_assert_int_eq(run_bad, 0);
	ck_assert_int_eq(check_stand_in(_i, "- a\n- z\n", good, h, &run_bad), 0);
	ck_assert_int_eq(run_bad, 2);
	ck_assert_int_eq(check_stand_in(_i, "- a\n- z\n", wrong, h, &run_bad), 1);
	/* a run that is not one sequence of as many items */
	ck_assert_int_eq(check_stand_in(_i, "- a\n- b\n- c\n", good, h, &run_bad), 0);
	ck_assert_int_eq(run_bad, -2);
	ck_assert_int_eq(check_stand_in(_i, "a: b\n", good, h, &run_bad), 0);
	ck_assert_int_eq(run_bad, -2);
}
END_TEST

Suite *
items_suite(void)
{
	Suite *s = suite_create("items");
	TCase *tc = tcase_create("core");

	/* Lists of 13,000 items, read three times per case: past Check's 4 s under ThreadSanitizer */
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_items_kubectl_order);
	tcase_add_test(tc, test_items_kind_first);
	tcase_add_test(tc, test_items_insert_layout);
	tcase_add_loop_test(tc, test_items_read_whole, 0,
	    sizeof(whole_cases) / sizeof(whole_cases[0]));
	tcase_add_test(tc, test_items_kind_quoted);
	tcase_add_test(tc, test_items_anchor_stops);
	tcase_add_test(tc, test_items_wrong_guess_refused);
	tcase_add_test(tc, test_items_in_stream);
	tcase_add_test(tc, test_items_hashed_alone);
	tcase_add_loop_test(tc, test_items_runs, 0, 2);
	tcase_add_loop_test(tc, test_items_runs_template, 0, 2);
	tcase_add_test(tc, test_items_run_failure);
	tcase_add_loop_test(tc, test_items_runs_proven, 0, 5);
	tcase_add_loop_test(tc, test_items_stand_in, 0, 2);
	suite_add_tcase(s, tc);
	return s;
}
