/*
 * Regression tests for the bugs the reliability work found (docs/reliability.md): edits the
 * YAML test suite and the fuzzers showed wrong, the nesting limit, single-quoted scalars
 * decoded without libfyaml, duplicate settings keys, and replacing files in place.
 */
#include <check.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "imgreg/edit.h"
#include "imgreg/exit.h"
#include "imgreg/io.h"
#include "imgreg/msg.h"
#include "imgreg/process.h"
#include "imgreg/settings.h"
#include "imgreg/stream.h"
#include "imgreg/text.h"
#include "../src/internal.h"

#include "check_suites.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

enum op { NONE, REPLACE, INSERT, APPEND };

/* One edit: at the node ir_walk() finds at path, in every document. */
struct op_spec {
	enum op op;
	const char *path;
	const char *text;	/* REPLACE: the new value; INSERT: the key */
	const char *before;	/* INSERT: the key to insert before, NULL at the end */
};

struct edit_case {
	const char *name;
	const char *in;
	struct op_spec ops[3];
	const char *want;	/* NULL: the driver must refuse the edits */
};

static const struct ir_val v_v = { IR_SCALAR, "v", NULL, 0 };
static const struct ir_val v_y = { IR_SCALAR, "z", NULL, 0 };

static const struct edit_case cases[] = {
	/* fuzz_edit, seed 108: a pair added to a mapping that ends with a sequence, and an item
	 * appended to that sequence, at the same place: the item goes first */
	{ "nested-insert-indentless", "a:\n  b:\n  - x\n",
	    { { INSERT, "a", "k", NULL }, { APPEND, "a.b", NULL, NULL } },
	    "a:\n  b:\n  - x\n  - z\n  k: v\n" },
	{ "nested-insert-indented", "a:\n  b:\n    - x\n",
	    { { INSERT, "a", "k", NULL }, { APPEND, "a.b", NULL, NULL } },
	    "a:\n  b:\n    - x\n    - z\n  k: v\n" },
	{ "nested-insert-two-levels", "a:\n  b:\n    c: 1\n",
	    { { INSERT, "a", "k", NULL }, { INSERT, "a.b", "j", NULL } },
	    "a:\n  b:\n    c: 1\n    j: v\n  k: v\n" },
	/* fuzz_edit, seed 192: a byte order mark is not indentation */
	{ "bom-insert-before", "\xef\xbb\xbf" "a: 1\nb: 2\n",
	    { { INSERT, "", "k", "a" } }, "\xef\xbb\xbf" "k: v\na: 1\nb: 2\n" },
	{ "bom-insert-end", "\xef\xbb\xbf" "a: 1\n",
	    { { INSERT, "", "k", NULL } }, "\xef\xbb\xbf" "a: 1\nk: v\n" },
	/* yaml-test-suite 4ABK, C2DT, DFF7: a flow mapping whose last value is empty */
	{ "flow-empty-last-value", "m: {a: 1, b:}\n",
	    { { INSERT, "m", "k", NULL } }, "m: {a: 1, b: , k: v}\n" },
	{ "flow-empty-explicit-key", "m: {a: 1,\n?\n}\n",
	    { { INSERT, "m", "k", NULL } }, "m: {a: 1,\n? , k: v\n}\n" },
	{ "flow-trailing-comma", "m: {a: 1, }\n",
	    { { INSERT, "m", "k", NULL } }, "m: {a: 1, k: v }\n" },
	/* yaml-test-suite LE5A, FH7J, PW8X: an empty scalar sits after its tag or anchor */
	{ "empty-tagged-last-item", "s:\n- a\n- !!str\n",
	    { { APPEND, "s", NULL, NULL } }, "s:\n- a\n- !!str\n- z\n" },
	{ "empty-anchored-last-value", "m:\n  a: 1\n  b: &x\nn: 1\n",
	    { { INSERT, "m", "k", NULL } }, "m:\n  a: 1\n  b: &x\n  k: v\nn: 1\n" },
	/* yaml-test-suite JEF9: a kept block scalar without content is replaced whole */
	{ "keep-block-without-content", "- |+\n\n\n",
	    { { REPLACE, "[]", "x", NULL } }, "- x\n" },
	/* fuzz_rewrite: a lone CR (an old Mac line break) ends a folded scalar's line */
	{ "folded-lone-cr", "a: >-\n    ghcr.io/x\rb: 1\n",
	    { { REPLACE, "a", "r.io/x", NULL } }, "a: >-\n    r.io/x\rb: 1\n" },
	/* fuzz_edit: a kept block scalar that ends the input without a line break gains one
	 * when a line follows it: its value changes, so the driver refuses */
	{ "keep-block-at-eof", "a: >+\n \n\n   \n ",
	    { { INSERT, "", "k", NULL } }, NULL },
	/* fuzz_edit: libfyaml reads a block scalar's lines at its key's column, so a key added
	 * after it would be read into it: not proven, and refused */
	{ "block-at-key-column", "m:\n  k: |\n  - a\n",
	    { { INSERT, "m", "x", NULL } }, NULL },
	{ "value-at-key-column", "m:\n  a:\n    k:\n    d\n",
	    { { INSERT, "m", "x", NULL } }, NULL },
	/* fuzz_edit: a block scalar without a line of text takes the new lines' indentation */
	{ "empty-block-then-key", "s:\n- k: |\n\n",
	    { { INSERT, "s.[]", "x", NULL } }, NULL },
	/* fuzz_edit: libfyaml reads "?" then a line without ':' where the mapping ends (YAML and
	 * libyaml do not), not with a pair after it: not proven, and refused */
	{ "explicit-key-then-line", "m:\n  a: 1\n  ?\n  b\n",
	    { { INSERT, "", "k", NULL } }, NULL },
	{ "explicit-key-in-item", "m:\n  n:\n    - ? # c\n      b\n",
	    { { INSERT, "", "k", NULL } }, NULL },
	/* and a '?' that starts a plain scalar, or in a value, is no explicit key */
	{ "question-mark-scalar", "m:\n  a: ?b\n  c: x ? y\n",
	    { { INSERT, "", "k", NULL } }, "m:\n  a: ?b\n  c: x ? y\nk: v\n" },
};

/* The op being applied, for the walk's callback. */
struct apply {
	const struct op_spec *op;
	int done;
};

/* Makes one op on node id. */
static int
apply_op(struct ir_doc *doc, ir_id id, void *arg)
{
	struct apply *a = arg;
	const struct op_spec *o = a->op;
	ir_id before = 0;

	if (o->op == REPLACE) {
		ck_assert_int_eq(ir_edit_replace(doc, id, o->text, strlen(o->text)), 0);
	} else if (o->op == INSERT) {
		if (o->before)
			before = ir_map_key_of(doc, ir_map_get(doc, id, o->before));
		ck_assert_int_eq(ir_edit_map_insert(doc, id, before, o->text, &v_v), 0);
	} else
		ck_assert_int_eq(ir_edit_seq_append(doc, id, &v_y), 0);
	a->done++;
	return 0;
}

/* The driver's callback: the case's ops in order. */
static int
apply_ops(struct ir_doc *doc, void *arg)
{
	const struct edit_case *c = arg;
	struct apply a;
	size_t i;

	for (i = 0; i < NELEM(c->ops) && c->ops[i].op != NONE; i++) {
		a.op = &c->ops[i];
		a.done = 0;
		ir_walk(doc, doc->root, c->ops[i].path, apply_op, &a);
		ck_assert_msg(a.done > 0, "%s: '%s' matched nothing", c->name, c->ops[i].path);
	}
	return 0;
}

/* Keeps the driver's messages (an internal error is expected of some cases) quiet. */
static int
quiet(enum ir_level level, const char *file, unsigned long line, unsigned long col,
    const char *text, void *arg)
{
	return 1;
}

/* Edits through the driver: the exact text wanted, verified, or a refusal. */
START_TEST(test_edit_regression)
{
	const struct edit_case *c = &cases[_i];
	struct ir_filter f = { .doc_fn = apply_ops, .ctx = (void *)c, .verify = true };
	struct ir_buf out = IR_BUF_INIT;
	char *text = strdup(c->in);
	struct ir_result res;
	struct ir_stream s;
	int rc;

	ir_msg_set_sink(quiet, NULL);
	ir_stream_init(&s, "t", text, strlen(text), true);
	rc = ir_process(&s, &f, &out, &res);
	ir_msg_set_sink(NULL, NULL);
	if (c->want == NULL)
		ck_assert_msg(rc == IR_EXIT_INPUT && !res.parse_error, "%s: not refused", c->name);
	else {
		ck_assert_msg(rc == 0, "%s: exit %d %s", c->name, rc, res.err);
		ck_assert_msg(out.data && strcmp(out.data, c->want) == 0,
		    "%s:\n--- got\n%s--- want\n%s", c->name, out.data ? out.data : "", c->want);
	}
	ir_buf_free(&out);
	ir_stream_release(&s);
	free(text);
}
END_TEST

/* Runs the ops of case c over text through the driver; returns the status, fills res and
 * out. */
static int
run_case(const struct edit_case *c, const char *text, struct ir_buf *out,
    struct ir_result *res)
{
	struct ir_filter f = { .doc_fn = apply_ops, .ctx = (void *)c, .verify = true };
	struct ir_stream s;
	char *copy = strdup(text);
	int rc;

	ir_stream_init(&s, "t", copy, strlen(copy), false);
	rc = ir_process(&s, &f, out, res);
	ir_stream_release(&s);
	free(copy);
	return rc;
}

/* Parses text through the driver with no edit; returns the status and fills res. */
static int
parse_only(const char *text, struct ir_result *res)
{
	static const struct edit_case none = { "none", "", { { NONE, NULL, NULL, NULL } }, "" };
	struct ir_buf out = IR_BUF_INIT;
	int rc = run_case(&none, text, &out, res);

	ir_buf_free(&out);
	return rc;
}

/* Writes n copies of s after prefix into a new string. */
static char *
repeat(const char *prefix, const char *s, size_t n, const char *suffix)
{
	size_t pl = strlen(prefix), sl = strlen(s), i;
	char *p = malloc(pl + sl * n + strlen(suffix) + 1);

	memcpy(p, prefix, pl);
	for (i = 0; i < n; i++)
		memcpy(p + pl + i * sl, s, sl);
	strcpy(p + pl + n * sl, suffix);
	return p;
}

/* Nesting: 10,000 levels read (kubectl's limit), the 10,001st is a parse error there. */
START_TEST(test_nesting_limit)
{
	char *open = repeat("", "[", 10000, ""), *close = repeat("", "]", 10000, "\n");
	char *ok = repeat(open, "", 0, close), *deep = repeat("[", open, 1, close);
	struct ir_result res;

	ck_assert_int_eq(parse_only(ok, &res), 0);
	ck_assert_int_eq(parse_only(deep, &res), IR_EXIT_INPUT);
	ck_assert(res.parse_error);
	ck_assert_uint_eq(res.err_off, 10000);
	ck_assert_str_eq(res.err, "collections nested deeper than 10000 levels");
	free(open);
	free(close);
	free(ok);
	free(deep);
}
END_TEST

/* An edit in a document nesting 9,990 deep: verification hashes the tree without recursion. */
START_TEST(test_deep_edit)
{
	static const struct edit_case c = { "deep", "", { { REPLACE, "a", "z", NULL } }, "" };
	char *open = repeat("a: x\nd: ", "[", 9990, ""), *text = repeat(open, "]", 9990, "\n");
	struct ir_buf out = IR_BUF_INIT;
	struct ir_result res;

	ck_assert_int_eq(run_case(&c, text, &out, &res), 0);
	ck_assert(res.changed);
	ck_assert_msg(strncmp(out.data, "a: z\nd: [[", 10) == 0, "%.20s", out.data);
	ir_buf_free(&out);
	free(open);
	free(text);
}
END_TEST

/* Single-quoted scalars, decoded without libfyaml (which leaks on '' escapes). */
START_TEST(test_single_quoted)
{
	static const struct {
		const char *in, *want;
	} t[] = {
		{ "''", "" },
		{ "'it''s'", "it's" },
		{ "''", "" },
		{ "'a  \n  b'", "a b" },
		{ "'a\n\n  b'", "a\nb" },
		{ "'a\n\n\nb'", "a\n\nb" },
		{ "'a\n  '", "a " },
		{ "'a\r\n '", "a " },
		{ "'a\r\n\r\nb'", "a\nb" },
		{ "' lead and trail '", " lead and trail " },
		{ "'tab\t\n\tnext'", "tab next" },
	};
	char out[64];
	size_t i, n;

	for (i = 0; i < NELEM(t); i++) {
		n = ir_single_text(t[i].in, 0, strlen(t[i].in), out);
		ck_assert_msg(n == strlen(t[i].want) && memcmp(out, t[i].want, n) == 0,
		    "'%s' read as '%.*s', want '%s'", t[i].in, (int)n, out, t[i].want);
	}
}
END_TEST

/* Settings given twice in one document: the last wins, nothing leaks or overflows (fuzz
 * regressions overflow-duplicate-custom-images, leak-duplicate-metadata). */
START_TEST(test_settings_duplicates)
{
	static const char text[] =
	    "metadata: {name: a}\nmetadata: {name: b}\n"
	    "customImages: {x: r.io/x:1, y: r.io/y:1}\ncustomImages: {z: r.io/z:1}\n"
	    "mirrors: [{from: a.io, to: b.io}]\nmirrors: [{from: c.io, to: d.io}]\n"
	    "only: [a.io, b.io]\nonly: [c.io]\nentrypoints: {x: [a]}\nentrypoints: {y: [b]}\n";
	struct ir_settings *docs = NULL;
	size_t n = 0, i;

	ir_msg_set_sink(quiet, NULL);
	ir_settings_read("s.yaml", text, sizeof(text) - 1, &docs, &n);
	ir_msg_set_sink(NULL, NULL);
	ck_assert_uint_eq(n, 1);
	ck_assert_str_eq(docs[0].name, "b");
	ck_assert_uint_eq(docs[0].ncustom, 1);
	ck_assert_str_eq(docs[0].custom[0].key, "z");
	ck_assert_uint_eq(docs[0].nmirrors, 1);
	ck_assert_uint_eq(docs[0].only.n, 1);
	ck_assert_uint_eq(docs[0].nentrypoints, 1);
	for (i = 0; i < n; i++)
		ir_settings_release(&docs[i]);
	free(docs);
}
END_TEST

/* Writes text to a new file path; returns its input as ir_input_read() gives it. */
static struct ir_input
make_file(const char *path, const char *text)
{
	struct ir_input in;
	FILE *fp = fopen(path, "w");

	ck_assert_ptr_nonnull(fp);
	fputs(text, fp);
	fclose(fp);
	ck_assert_int_eq(ir_input_read(path, &in), 0);
	return in;
}

/* Replacing files: all or none; a file another program changed after it was read is not
 * replaced, and then no file is; no temporary file is left. */
START_TEST(test_replace_all_or_none)
{
	char dir[] = "/tmp/check-replace-XXXXXX", a[64], b[64], cmd[96];
	struct ir_input ia, ib;
	struct ir_replace *r;
	struct ir_input got;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(a, sizeof(a), "%s/a.yaml", dir);
	snprintf(b, sizeof(b), "%s/b.yaml", dir);
	ia = make_file(a, "a: 1\n");
	ib = make_file(b, "b: 1\n");
	/* another program rewrites b between read and write (a new inode) */
	ck_assert_int_eq(unlink(b), 0);
	ir_input_release(&ib);
	ib.data = NULL;
	got = make_file(b, "b: 2\n");
	ir_input_release(&got);
	ir_msg_set_sink(quiet, NULL);
	r = ir_replace_new();
	ck_assert_int_eq(ir_replace_add(r, &ia, "a: 9\n", 5), 0);
	ck_assert_int_eq(ir_replace_add(r, &ib, "b: 9\n", 5), IR_EXIT_IO);
	ir_replace_free(r);
	ir_msg_set_sink(NULL, NULL);
	ck_assert_int_eq(ir_input_read(a, &got), 0);
	ck_assert_str_eq(got.data, "a: 1\n");
	ir_input_release(&got);
	/* and with nothing changed, both are replaced */
	ir_input_release(&ia);
	ia = make_file(a, "a: 1\n");
	ib = make_file(b, "b: 1\n");
	r = ir_replace_new();
	ck_assert_int_eq(ir_replace_add(r, &ia, "a: 9\n", 5), 0);
	ck_assert_int_eq(ir_replace_add(r, &ib, "b: 9\n", 5), 0);
	ck_assert_int_eq(ir_replace_commit(r), 0);
	ir_replace_free(r);
	ck_assert_int_eq(ir_input_read(b, &got), 0);
	ck_assert_str_eq(got.data, "b: 9\n");
	ir_input_release(&got);
	ir_input_release(&ia);
	ir_input_release(&ib);
	snprintf(cmd, sizeof(cmd), "rm -r %s", dir);
	ck_assert_int_eq(system(cmd), 0);
}
END_TEST

/*
 * Positions asked in any order (forward, back within a line, back across lines, after
 * another text) agree with a count from the start: the remembered position is only a
 * shortcut. Columns count characters, so UTF-8 continuation bytes and CR do not add one.
 */
START_TEST(test_text_pos_any_order)
{
	static const char text[] = "a: 1\n\xc3\xa9t\xc3\xa9: \"x\"\r\n\n  - b\nlast";
	static const char other[] = "x\ny\n";
	static const size_t offs[] = { 12, 3, 20, 20, 0, 17, 16, 24, 5, 6, 9, 28, 1 };
	size_t len = sizeof(text) - 1;

	for (size_t k = 0; k < NELEM(offs); k++) {
		unsigned long l, c, want_l = 1, want_c = 1;

		for (size_t i = 0; i < offs[k]; i++) {
			if (text[i] == '\n') {
				want_l++;
				want_c = 1;
			} else if (((unsigned char)text[i] & 0xc0) != 0x80 && text[i] != '\r')
				want_c++;
		}
		ir_text_pos(text, len, offs[k], &l, &c);
		ck_assert_msg(l == want_l && c == want_c, "offset %zu: %lu:%lu, want %lu:%lu",
		    offs[k], l, c, want_l, want_c);
		if (k % 4 == 3) {
			ir_text_pos(other, sizeof(other) - 1, 3, &l, &c);
			ck_assert(l == 2 && c == 2);
		}
	}
	ir_text_forget(text);
	ir_text_forget(other);
}
END_TEST

/* ir_map_key_of() and the sibling index agree with a walk over the siblings, whatever the
 * keys are (scalars, collections, aliases, empty). */
static int
check_siblings(struct ir_doc *doc, void *arg)
{
	for (ir_id id = 1; id < doc->nnodes; id++) {
		const struct ir_node *n = &doc->nodes[id];
		uint32_t i = 0;

		if (n->kind != IR_MAP && n->kind != IR_SEQ)
			continue;
		for (ir_id c = n->first, prev = 0; c; prev = c, c = doc->nodes[c].next, i++) {
			ck_assert_uint_eq(doc->nodes[c].index, i);
			if (n->kind == IR_MAP)
				ck_assert_uint_eq(ir_map_key_of(doc, c), i % 2 ? prev : 0);
		}
	}
	(*(int *)arg)++;
	return 0;
}

START_TEST(test_map_key_of)
{
	static const char *const docs[] = {
		"? [a, [b, {c: d}]]\n: v\nk: w\n? {x: [y]}\n: [z]\n",
		"a: &x {b: 1}\n*x : 2\n? \n: 3\nlast:\n",
		"- {a: 1, [b]: 2, {c: 3}: [4, 5]}\n- [p, q]\n",
	};

	for (size_t k = 0; k < NELEM(docs); k++) {
		struct ir_stream s;
		char err[300];
		size_t off;
		int ndocs = 0;

		ir_stream_init(&s, "<test>", docs[k], strlen(docs[k]), false);
		ck_assert_int_eq(ir_yaml_parse(&s, check_siblings, &ndocs, &off, err, sizeof(err)), 0);
		ck_assert_int_eq(ndocs, 1);
		ir_stream_release(&s);
	}
}
END_TEST

Suite *
reliability_suite(void)
{
	Suite *s = suite_create("reliability");
	TCase *tc = tcase_create("core");

	tcase_add_loop_test(tc, test_edit_regression, 0, NELEM(cases));
	tcase_add_test(tc, test_nesting_limit);
	tcase_add_test(tc, test_deep_edit);
	tcase_add_test(tc, test_single_quoted);
	tcase_add_test(tc, test_settings_duplicates);
	tcase_add_test(tc, test_replace_all_or_none);
	tcase_add_test(tc, test_text_pos_any_order);
	tcase_add_test(tc, test_map_key_of);
	suite_add_tcase(s, tc);
	return s;
}
