/*
 * Verification in parts (process.c): a large stream is checked part by part on a second
 * thread. The output must be exactly what one check of the whole gives, a failure must name
 * the stream's document, and streams whose documents may not parse alone stay one part.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "imgreg/buf.h"
#include "imgreg/edit.h"
#include "imgreg/exit.h"
#include "imgreg/msg.h"
#include "imgreg/process.h"
#include "imgreg/stream.h"

#include "check_suites.h"

/* Documents in a generated stream: about 1.2 KB each, so several 256 KB parts. */
#define NDOCS 800

/* Which documents the test filter edits, and how. */
struct plan {
	bool (*edit)(unsigned i);	/* edit document i */
	unsigned wrong;			/* 1-based document whose edit is made not to read back */
	bool inner_image;		/* an embedded manifest's image is replaced as images
					 * are, else made not to read back */
};

static bool
every_third(unsigned i)
{
	return i % 3 == 0;
}

static bool
every(unsigned i)
{
	return true;
}

/* Only the first and last hundred: the parts between are left as they were. */
static bool
ends_only(unsigned i)
{
	return i < 100 || i >= NDOCS - 100;
}

/*
 * The registry edited images point at; a long one makes the output outgrow the room the
 * driver first gives it (an eighth more than the input). With a '~' the new images are not
 * inert text (edit.h, ir_edits_inert()), so the parts are parsed again; without, no part
 * needs to be.
 */
#define CHECKED "reg.acme.io/chaos~lab"
static const char *registry = CHECKED;

/* The value of a generated document's image, as written and after the edit. */
static void
image_of(struct ir_buf *b, unsigned i, bool edited)
{
	ir_buf_addf(b, "%s/app-%u:1.%u", edited ? registry : "docker.io/library", i, i % 7);
}

/*
 * Writes document i: a Deployment-like mapping with a template, a block scalar, a quoted
 * and a plain image, and comments. start is how the document begins ("---\n", or "" when
 * the previous one ended with "...").
 */
static void
document(struct ir_buf *b, unsigned i, const char *start, bool edited)
{
	ir_buf_addf(b, "%s# document %u\nkind: Deployment\nmetadata:\n  name: app-%u\n"
	    "  annotations:\n    note: \"{{workflow.name}}-%u\"\nspec:\n  template:\n    spec:\n"
	    "      containers:\n      - name: main\n        image: ", start, i, i, i);
	image_of(b, i, edited);
	ir_buf_addf(b, "\n        args:\n        - |\n          echo %u\n          sleep 1\n"
	    "        env:\n        - {name: MODE, value: 'fast'}\n", i);
	for (unsigned k = 0; k < 12; k++)
		ir_buf_addf(b, "      # padding line %u of a comment that makes the document longer\n",
		    k);
}

/* The whole stream; edit says which documents are written as edited. */
static void
stream_text(struct ir_buf *b, const char *head, const char *sep, bool (*edit)(unsigned),
    bool edited)
{
	ir_buf_adds(b, head);
	for (unsigned i = 0; i < NDOCS; i++)
		document(b, i, i == 0 ? "" : sep, edited && edit(i));
}

static const struct plan *the_plan;

/* Keeps the node a walk found. */
static int
found(struct ir_doc *doc, ir_id id, void *arg)
{
	*(ir_id *)arg = id;
	return 0;
}

/* The filter: replaces the image of the planned documents. */
static int
edit_doc(struct ir_doc *doc, void *ctx)
{
	unsigned i = doc->index;
	ir_id id = 0;
	struct ir_buf v = IR_BUF_INIT;

	if (doc->stream->depth > 0) {
		/* an embedded manifest: its image, replaced, or made not to read back */
		ir_walk(doc, doc->root, "spec.image", found, &id);
		ck_assert_uint_ne(id, 0);
		if (the_plan->inner_image)
			ck_assert_int_eq(ir_edit_replace(doc, id, "reg.io/a", 8), 0);
		else {
			ir_edit_splice(doc->stream, doc->nodes[id].start, doc->nodes[id].end, "b",
			    1);
			ir_edit_expect(doc, id, "c", 1, true);
		}
		return 0;
	}

	ir_walk(doc, doc->root, "spec.template.spec.containers.[].image", found, &id);
	if (id == 0 || !the_plan->edit(i)) {
		ir_buf_free(&v);
		return 0;
	}
	image_of(&v, i, true);
	if (i + 1 == the_plan->wrong) {
		/* the bytes say one thing, the intended value another */
		struct ir_node *n = &doc->nodes[id];

		ir_edit_splice(doc->stream, n->start, n->end, v.data, v.len);
		ir_edit_expect(doc, id, "something-else", 14, true);
	} else
		ck_assert_int_eq(ir_edit_replace(doc, id, v.data, v.len), 0);
	ir_buf_free(&v);
	return 0;
}

/* The messages of the last run. */
static struct ir_buf messages = IR_BUF_INIT;

static int
keep(enum ir_level level, const char *file, unsigned long line, unsigned long col,
    const char *text, void *arg)
{
	ir_buf_adds(&messages, text);
	ir_buf_addc(&messages, '\n');
	return 1;
}

/* Runs the test filter over text with plan p; returns the exit status. */
static int
run(const char *text, size_t len, const struct plan *p, bool verify, struct ir_buf *out,
    struct ir_result *res)
{
	struct ir_filter f = { .doc_fn = edit_doc, .verify = verify };
	struct ir_stream s;
	char *copy = ir_xstrndup(text, len);
	int rc;

	the_plan = p;
	ir_buf_reset(&messages);
	ir_msg_set_sink(keep, NULL);
	ir_stream_init(&s, "<test>", copy, len, true);
	rc = ir_process(&s, &f, out, res);
	ir_stream_release(&s);
	ir_msg_set_sink(NULL, NULL);
	free(copy);
	return rc;
}

/*
 * The edited stream, checked in parts, is the stream written edited, byte for byte. With
 * proven, every part with edits is proven to read back and none is parsed again; else all are.
 */
static void
check_same(const char *head, const char *sep, bool (*edit)(unsigned), bool parts, bool proven)
{
	struct ir_buf in = IR_BUF_INIT, want = IR_BUF_INIT, out = IR_BUF_INIT;
	struct ir_buf whole = IR_BUF_INIT;
	struct plan p = { edit, 0, false };
	struct ir_result res;

	stream_text(&in, head, sep, edit, false);
	stream_text(&want, head, sep, edit, true);
	if (strlen(registry) > 100)
		ck_assert_uint_gt(want.len, in.len + in.len / 8);
	ck_assert_int_eq(run(in.data, in.len, &p, true, &out, &res), 0);
	ck_assert_msg(res.changed, "%s", messages.data ? messages.data : "");
	ck_assert_uint_eq(out.len, want.len);
	ck_assert(memcmp(out.data, want.data, want.len) == 0);
	if (parts)
		ck_assert_uint_ge(res.parts, in.len / (256 * 1024));
	else
		ck_assert_uint_eq(res.parts, 1);
	if (!proven)
		ck_assert_uint_eq(res.proven, 0);
	else if (edit == ends_only)
		ck_assert(res.proven >= 2 && res.proven < res.parts);
	else
		ck_assert_uint_eq(res.proven, res.parts);
	/* and what --no-verify writes, in one piece */
	ck_assert_int_eq(run(in.data, in.len, &p, false, &whole, &res), 0);
	ck_assert_uint_eq(whole.len, out.len);
	ck_assert(memcmp(whole.data, out.data, out.len) == 0);
	ir_buf_free(&in);
	ir_buf_free(&want);
	ir_buf_free(&out);
	ir_buf_free(&whole);
}

/* The streams checked against what they must become. */
static const struct same_case {
	const char *head, *sep;
	bool (*edit)(unsigned);
	bool parts;		/* checked in several parts */
	const char *registry;
	bool proven;		/* no part needs parsing again */
} same_cases[] = {
	{ "", "---\n", every_third, true, CHECKED, false },
	/* the parts in the middle are left as they were, and not checked again */
	{ "", "---\n", ends_only, true, CHECKED, false },
	/* the output grows past its first room while parts are being checked in it */
	{ "", "---\n", every, true,
	    "registry.of.a.company.with.a.rather.long.name.example.com:5000/chaos-engineering/"
	    "experiments/and/a/deep/path/of/projects/teams/and/environments/to/reach/it/through/"
	    "many/more/levels/of/folders/than/anyone/would/want/to/type~x", false },
	/* after %YAML, documents might depend on what came before: one part */
	{ "%YAML 1.2\n---\n", "---\n", every_third, false, CHECKED, false },
	/* documents that start without "---" begin wherever the last one ended: one part */
	{ "", "...\n", every_third, false, CHECKED, false },
	/* inert images, plain and quoted: every part with edits is proven, none parsed again */
	{ "", "---\n", every_third, true, "reg.acme.io/chaos", true },
	{ "", "---\n", ends_only, true, "reg.acme.io/chaos", true },
	{ "", "...\n", every, false, "reg.acme.io:5000/chaos", true },
};

START_TEST(test_parts_same)
{
	const struct same_case *c = &same_cases[_i];

	registry = c->registry;
	check_same(c->head, c->sep, c->edit, c->parts, c->proven);
	registry = CHECKED;
}
END_TEST

/* A document in a late part that does not read back is named by its number in the stream,
 * and nothing is written; also among inert edits (its part is parsed again, as it is not). */
START_TEST(test_parts_failure_names_document)
{
	struct ir_buf in = IR_BUF_INIT, out = IR_BUF_INIT;
	struct plan p = { every_third, 601, false };
	struct ir_result res;
	char want[100];

	registry = _i ? "reg.acme.io/chaos" : CHECKED;
	stream_text(&in, "", "---\n", every_third, false);
	ck_assert_int_eq(run(in.data, in.len, &p, true, &out, &res), IR_EXIT_INPUT);
	snprintf(want, sizeof(want), "document %u does not read back", p.wrong);
	ck_assert_msg(messages.data && strstr(messages.data, want), "%s",
	    messages.data ? messages.data : "(no message)");
	ck_assert_uint_eq(out.len, 0);
	ir_buf_free(&in);
	ir_buf_free(&out);
	ir_buf_free(&messages);
	registry = CHECKED;
}
END_TEST

/* An embedded manifest's check is queued with the stream's; its failure fails the run. */
START_TEST(test_parts_embedded_failure)
{
	static const char wf[] = "kind: Workflow\napiVersion: argoproj.io/v1alpha1\nspec:\n"
	    "  templates:\n  - name: t\n    inputs:\n      artifacts:\n      - name: m\n"
	    "        raw:\n          data: |\n            apiVersion: v1\n"
	    "            kind: Pod\n            spec:\n              image: a\n";
	struct ir_filter f = { .doc_fn = edit_doc, .verify = true, .embedded = true };
	struct plan p = { every_third, 0, false };
	struct ir_buf out = IR_BUF_INIT;
	struct ir_result res;
	struct ir_stream s;
	char *copy = ir_xstrndup(wf, sizeof(wf) - 1);

	the_plan = &p;
	ir_buf_reset(&messages);
	ir_msg_set_sink(keep, NULL);
	ir_stream_init(&s, "<test>", copy, sizeof(wf) - 1, true);
	ck_assert_int_eq(ir_process(&s, &f, &out, &res), IR_EXIT_INPUT);
	ir_stream_release(&s);
	ir_msg_set_sink(NULL, NULL);
	ck_assert_msg(messages.data && strstr(messages.data, "does not read back"), "%s",
	    messages.data ? messages.data : "(no message)");
	ck_assert_uint_eq(out.len, 0);
	ir_buf_free(&out);
	free(copy);
	ir_buf_free(&messages);
}
END_TEST

/* Workflows carrying a manifest whose image is replaced: in a literal block, one that strips
 * its last line break, and a double-quoted string with escapes. */
static const char *const embedded_forms[][2] = {
	{ "data: |\n            apiVersion: v1\n            kind: Pod\n            spec:\n"
	  "              image: a\n",
	  "data: |\n            apiVersion: v1\n            kind: Pod\n            spec:\n"
	  "              image: reg.io/a\n" },
	{ "data: |-\n            apiVersion: v1\n            kind: Pod\n            spec:\n"
	  "              image: a # first\n",
	  "data: |-\n            apiVersion: v1\n            kind: Pod\n            spec:\n"
	  "              image: reg.io/a # first\n" },
	{ "data: \"apiVersion: v1\\nkind: Pod\\nspec:\\n  image: 'a'\\n\"\n",
	  "data: \"apiVersion: v1\\nkind: Pod\\nspec:\\n  image: 'reg.io/a'\\n\"\n" },
};

/*
 * An embedded manifest whose edits are inert is not parsed again, and neither is the
 * workflow, whose string changes byte for byte as the manifest does: the output is what
 * --no-verify writes.
 */
START_TEST(test_parts_embedded_proven)
{
	static const char head[] = "kind: Workflow\napiVersion: argoproj.io/v1alpha1\nspec:\n"
	    "  templates:\n  - name: t\n    inputs:\n      artifacts:\n      - name: m\n"
	    "        raw:\n          ";
	struct ir_filter f = { .doc_fn = edit_doc, .verify = true, .embedded = true };
	struct plan p = { every_third, 0, true };
	struct ir_buf in = IR_BUF_INIT, want = IR_BUF_INIT, out = IR_BUF_INIT;
	struct ir_result res;
	struct ir_stream s;

	ir_buf_adds(&in, head);
	ir_buf_adds(&in, embedded_forms[_i][0]);
	ir_buf_adds(&want, head);
	ir_buf_adds(&want, embedded_forms[_i][1]);
	the_plan = &p;
	ir_stream_init(&s, "<test>", in.data, in.len, true);
	ck_assert_int_eq(ir_process(&s, &f, &out, &res), 0);
	ir_stream_release(&s);
	ck_assert(res.changed);
	ck_assert_str_eq(out.data, want.data);
	ck_assert_uint_eq(res.parts, 1);
	ck_assert_uint_eq(res.proven, 1);
	ir_buf_free(&in);
	ir_buf_free(&want);
	ir_buf_free(&out);
}
END_TEST

/* Adds "pulled: ok" to the spec of each Pod, the way imgreg-pullsecret adds its key. */
static int
insert_pulled(struct ir_doc *doc, void *ctx)
{
	static const struct ir_val ok = { IR_SCALAR, "ok", NULL, 0 };
	ir_id spec = ir_map_get(doc, doc->root, "spec");

	(void)ctx;
	if (strcmp(ir_doc_field(doc, "kind"), "Pod") == 0 && spec)
		ck_assert_int_eq(ir_edit_map_insert(doc, spec, 0, "pulled", &ok), 0);
	return 0;
}

/*
 * Workflows carrying a manifest that gains a key, and whether that is proven: in a literal
 * block (lines added after a line with text: proven), one that strips its last line break,
 * and a double-quoted string (its "\n" escapes are not shown to read back: checked).
 */
static const struct {
	const char *in, *out;
	bool proven;
} embedded_inserts[] = {
	{ "data: |\n            apiVersion: v1\n            kind: Pod\n            spec:\n"
	  "              image: a\n\n          path: /tmp/p\n",
	  "data: |\n            apiVersion: v1\n            kind: Pod\n            spec:\n"
	  "              image: a\n              pulled: ok\n\n          path: /tmp/p\n", true },
	{ "data: |-\n            apiVersion: v1\n            kind: Pod\n            spec:\n"
	  "              image: a\r\n",
	  "data: |-\n            apiVersion: v1\n            kind: Pod\n            spec:\n"
	  "              image: a\n              pulled: ok\r\n", true },
	{ "data: \"apiVersion: v1\\nkind: Pod\\nspec:\\n  image: a\\n\"\n",
	  "data: \"apiVersion: v1\\nkind: Pod\\nspec:\\n  image: a\\n  pulled: ok\\n\"\n", false },
};

/* The output is exact, and proven (not parsed again at all) where the case says. */
START_TEST(test_parts_embedded_insert)
{
	static const char head[] = "kind: Workflow\napiVersion: argoproj.io/v1alpha1\nspec:\n"
	    "  templates:\n  - name: t\n    inputs:\n      artifacts:\n      - name: m\n"
	    "        raw:\n          ";
	struct ir_filter f = { .doc_fn = insert_pulled, .verify = true, .embedded = true };
	struct ir_buf in = IR_BUF_INIT, want = IR_BUF_INIT, out = IR_BUF_INIT;
	struct ir_result res;
	struct ir_stream s;

	ir_buf_adds(&in, head);
	ir_buf_adds(&in, embedded_inserts[_i].in);
	ir_buf_adds(&want, head);
	ir_buf_adds(&want, embedded_inserts[_i].out);
	ir_stream_init(&s, "<test>", in.data, in.len, true);
	ck_assert_int_eq(ir_process(&s, &f, &out, &res), 0);
	ir_stream_release(&s);
	ck_assert(res.changed);
	ck_assert_str_eq(out.data, want.data);
	ck_assert_uint_eq(res.proven, embedded_inserts[_i].proven);
	ir_buf_free(&in);
	ir_buf_free(&want);
	ir_buf_free(&out);
}
END_TEST

Suite *
parts_suite(void)
{
	Suite *s = suite_create("parts");
	TCase *tc = tcase_create("core");

	tcase_set_timeout(tc, 60);
	tcase_add_loop_test(tc, test_parts_same, 0, sizeof(same_cases) / sizeof(same_cases[0]));
	tcase_add_loop_test(tc, test_parts_failure_names_document, 0, 2);
	tcase_add_test(tc, test_parts_embedded_failure);
	tcase_add_loop_test(tc, test_parts_embedded_proven, 0,
	    sizeof(embedded_forms) / sizeof(embedded_forms[0]));
	tcase_add_loop_test(tc, test_parts_embedded_insert, 0,
	    sizeof(embedded_inserts) / sizeof(embedded_inserts[0]));
	suite_add_tcase(s, tc);
	return s;
}
