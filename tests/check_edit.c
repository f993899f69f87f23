/* Unit tests for the splice operations (include/imgreg/edit.h) and their verification. */
#include <check.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "imgreg/buf.h"
#include "imgreg/edit.h"
#include "imgreg/stream.h"
#include "imgreg/verify.h"
#include "imgreg/yaml.h"

#include "check_suites.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

/* Values to insert. */
static const struct ir_val s_x = { IR_SCALAR, "x", NULL, 0 };
static const struct ir_val s_no = { IR_SCALAR, "no", NULL, 0 };
static const struct ir_val s_comma = { IR_SCALAR, "a,b", NULL, 0 };
static const struct ir_val m_empty = { IR_MAP, NULL, NULL, 0 };
static const struct ir_val q_empty = { IR_SEQ, NULL, NULL, 0 };
static const struct ir_val secret_items[] = {
	{ IR_SCALAR, "name", NULL, 0 },
	{ IR_SCALAR, "regcred", NULL, 0 },
};
static const struct ir_val m_secret = { IR_MAP, NULL, secret_items, 2 };
static const struct ir_val q_secrets = { IR_SEQ, NULL, &m_secret, 1 };
static const struct ir_val ann_items[] = {
	{ IR_SCALAR, "team", NULL, 0 },
	{ IR_SCALAR, "chaos", NULL, 0 },
};
static const struct ir_val m_ann = { IR_MAP, NULL, ann_items, 2 };
static const struct ir_val container_items[] = {
	{ IR_SCALAR, "name", NULL, 0 },
	{ IR_SCALAR, "c", NULL, 0 },
	{ IR_SCALAR, "image", NULL, 0 },
	{ IR_SCALAR, "d", NULL, 0 },
};
static const struct ir_val m_container = { IR_MAP, NULL, container_items, 4 };
static const struct ir_val q_x = { IR_SEQ, NULL, &s_x, 1 };

enum op {
	REPLACE,	/* ir_edit_replace(node, text) */
	INSERT,		/* ir_edit_map_insert(node, before, text, val) */
	APPEND,		/* ir_edit_seq_append(node, val) */
};

struct edit_case {
	const char *name;
	const char *in;
	enum op op;
	const char *path;	/* ir_walk() path of the node edited, in every document */
	const char *before;	/* INSERT: the key to insert before; NULL: after the last pair */
	const char *text;	/* REPLACE: the new value; INSERT: the new key */
	const struct ir_val *val;
	const char *want;
};

static const struct edit_case cases[] = {
	/* replacing scalars in their own style */
	{ "replace plain", "image: nginx:1.25\n", REPLACE, "image", NULL,
	    "reg.io/acme/nginx:1.25", NULL,
	    "image: reg.io/acme/nginx:1.25\n" },
	{ "replace single-quoted", "image: 'nginx'\n", REPLACE, "image", NULL,
	    "reg.io/acme/nginx", NULL,
	    "image: 'reg.io/acme/nginx'\n" },
	{ "replace double-quoted", "image: \"nginx\"  # pinned\n", REPLACE, "image", NULL,
	    "reg.io/acme/nginx", NULL,
	    "image: \"reg.io/acme/nginx\"  # pinned\n" },
	{ "replace plain, comment kept", "image: nginx # pinned\nnext: 1\n", REPLACE, "image",
	    NULL, "reg.io/acme/nginx", NULL,
	    "image: reg.io/acme/nginx # pinned\nnext: 1\n" },
	{ "replace plain with a 1.1 boolean", "flag: on-call\n", REPLACE, "flag", NULL,
	    "on", NULL,
	    "flag: 'on'\n" },
	{ "replace plain with a number", "tag: latest\n", REPLACE, "tag", NULL, "1.25", NULL,
	    "tag: '1.25'\n" },
	{ "replace plain with ': ' inside", "cmd: echo\n", REPLACE, "cmd", NULL, "echo a: b",
	    NULL,
	    "cmd: 'echo a: b'\n" },
	{ "replace single-quoted with a quote", "msg: 'hi'\n", REPLACE, "msg", NULL, "it's",
	    NULL,
	    "msg: 'it''s'\n" },
	{ "replace double-quoted with escapes", "msg: \"hi\"\n", REPLACE, "msg", NULL,
	    "say \"hi\" \\o/", NULL,
	    "msg: \"say \\\"hi\\\" \\\\o/\"\n" },
	{ "replace plain with a line break", "msg: hi\n", REPLACE, "msg", NULL, "a\nb", NULL,
	    "msg: \"a\\nb\"\n" },
	{ "replace in a flow mapping", "c: {image: nginx}\n", REPLACE, "c.image", NULL,
	    "a,b", NULL,
	    "c: {image: 'a,b'}\n" },
	{ "replace every item of a flow sequence", "images: [nginx, 'busybox']\n", REPLACE,
	    "images.[]", NULL, "reg.io/x", NULL,
	    "images: [reg.io/x, 'reg.io/x']\n" },
	{ "replace every item of a block sequence", "images:\n- nginx\n- \"busybox\"\n",
	    REPLACE, "images.[]", NULL, "reg.io/x", NULL,
	    "images:\n- reg.io/x\n- \"reg.io/x\"\n" },
	{ "replace with CRLF", "a: 1\r\nimage: nginx\r\n", REPLACE, "image", NULL,
	    "reg.io/acme/nginx", NULL,
	    "a: 1\r\nimage: reg.io/acme/nginx\r\n" },
	{ "replace in the second document", "kind: A\n---\nimage: b\n", REPLACE, "image", NULL,
	    "reg.io/x", NULL,
	    "kind: A\n---\nimage: reg.io/x\n" },
	{ "replace a plain scalar on two lines", "msg: a\n  b\nnext: 1\n", REPLACE, "msg",
	    NULL, "x", NULL,
	    "msg: x\nnext: 1\n" },
	{ "replace after a byte order mark", "\xef\xbb\xbfimage: nginx\n", REPLACE, "image",
	    NULL, "reg.io/x", NULL,
	    "\xef\xbb\xbfimage: reg.io/x\n" },
	{ "replace without final newline", "image: nginx", REPLACE, "image", NULL, "reg.io/x",
	    NULL,
	    "image: reg.io/x" },

	/* block mappings */
	{ "insert after the last pair", "spec:\n  a: 1\nnext: 2\n", INSERT, "spec", NULL, "b",
	    &s_x,
	    "spec:\n  a: 1\n  b: x\nnext: 2\n" },
	{ "insert into the root mapping", "a: 1\nb: 2\n", INSERT, "", NULL, "c", &s_x,
	    "a: 1\nb: 2\nc: x\n" },
	{ "insert before a key that starts its line", "spec:\n  a: 1\n  c: 3\n", INSERT,
	    "spec", "c", "b", &s_x,
	    "spec:\n  a: 1\n  b: x\n  c: 3\n" },
	{ "insert before a key after '- '", "items:\n- name: n\n  image: i\n", INSERT,
	    "items.[]", "name", "k", &s_x,
	    "items:\n- k: x\n  name: n\n  image: i\n" },
	{ "insert before a key after indented '- '", "items:\n  - name: n\n", INSERT,
	    "items.[]", "name", "k", &s_x,
	    "items:\n  - k: x\n    name: n\n" },
	{ "insert into a mapping in a sequence item", "items:\n- name: n\n  image: i\nnext: 1\n",
	    INSERT, "items.[]", NULL, "k", &s_x,
	    "items:\n- name: n\n  image: i\n  k: x\nnext: 1\n" },
	{ "insert a key and value that need quotes", "spec:\n  a: 1\n", INSERT, "spec", NULL,
	    "yes", &s_no,
	    "spec:\n  a: 1\n  'yes': 'no'\n" },
	{ "insert a nested mapping", "metadata:\n  name: w\n", INSERT, "metadata", NULL,
	    "annotations", &m_ann,
	    "metadata:\n  name: w\n  annotations:\n    team: chaos\n" },
	{ "insert empty collections", "spec:\n  a: 1\n", INSERT, "spec", NULL, "m", &m_empty,
	    "spec:\n  a: 1\n  m: {}\n" },
	{ "insert an empty sequence", "spec:\n  a: 1\n", INSERT, "spec", NULL, "q", &q_empty,
	    "spec:\n  a: 1\n  q: []\n" },
	{ "imagePullSecrets, indentation 4, indented sequences",
	    "spec:\n    containers:\n        - name: a\n          image: b\n", INSERT, "spec",
	    NULL, "imagePullSecrets", &q_secrets,
	    "spec:\n    containers:\n        - name: a\n          image: b\n"
	    "    imagePullSecrets:\n        - name: regcred\n" },
	{ "imagePullSecrets, indentless sequences",
	    "spec:\n  containers:\n  - name: a\n    image: b\n", INSERT, "spec", NULL,
	    "imagePullSecrets", &q_secrets,
	    "spec:\n  containers:\n  - name: a\n    image: b\n"
	    "  imagePullSecrets:\n  - name: regcred\n" },
	{ "imagePullSecrets, three spaces after the dash",
	    "spec:\n  containers:\n    -   name: a\n        image: b\n", INSERT, "spec", NULL,
	    "imagePullSecrets", &q_secrets,
	    "spec:\n  containers:\n    -   name: a\n        image: b\n"
	    "  imagePullSecrets:\n    -   name: regcred\n" },
	{ "imagePullSecrets before a key", "spec:\n  containers:\n  - name: a\n  x: 1\n", INSERT,
	    "spec", "x", "imagePullSecrets", &q_secrets,
	    "spec:\n  containers:\n  - name: a\n  imagePullSecrets:\n  - name: regcred\n"
	    "  x: 1\n" },
	{ "insert with CRLF", "spec:\r\n  a: 1\r\n", INSERT, "spec", NULL, "b", &s_x,
	    "spec:\r\n  a: 1\r\n  b: x\r\n" },
	{ "insert a sequence with CRLF", "spec:\r\n  a: 1\r\n", INSERT, "spec", NULL,
	    "imagePullSecrets", &q_secrets,
	    "spec:\r\n  a: 1\r\n  imagePullSecrets:\r\n    - name: regcred\r\n" },
	{ "insert without final newline", "spec:\n  a: 1", INSERT, "spec", NULL, "b", &s_x,
	    "spec:\n  a: 1\n  b: x" },
	{ "insert after a literal block scalar", "spec:\n  script: |\n    echo hi\n\nnext: 1\n",
	    INSERT, "spec", NULL, "b", &s_x,
	    "spec:\n  script: |\n    echo hi\n  b: x\n\nnext: 1\n" },
	{ "insert after a kept block scalar", "spec:\n  script: |+\n    echo hi\n\nnext: 1\n",
	    INSERT, "spec", NULL, "b", &s_x,
	    "spec:\n  script: |+\n    echo hi\n\n  b: x\nnext: 1\n" },
	{ "insert after a folded block scalar", "spec:\n  msg: >-\n    a\n    b\nnext: 1\n",
	    INSERT, "spec", NULL, "k", &s_x,
	    "spec:\n  msg: >-\n    a\n    b\n  k: x\nnext: 1\n" },
	{ "insert after a comment on the last value",
	    "spec:\n  a: 1 # one\n  # tail\nnext: 2\n", INSERT, "spec", NULL, "b", &s_x,
	    "spec:\n  a: 1 # one\n  b: x\n  # tail\nnext: 2\n" },
	{ "insert into an anchored mapping", "base: &b\n  a: 1\nother: *b\n", INSERT, "base",
	    NULL, "b", &s_x,
	    "base: &b\n  a: 1\n  b: x\nother: *b\n" },
	{ "insert into a tagged mapping", "spec: !!map\n  a: 1\n", INSERT, "spec", NULL, "b",
	    &s_x,
	    "spec: !!map\n  a: 1\n  b: x\n" },
	{ "insert after an empty value", "spec:\n  a:\nnext: 1\n", INSERT, "spec", NULL, "b",
	    &s_x,
	    "spec:\n  a:\n  b: x\nnext: 1\n" },
	{ "insert after a flow value on two lines", "spec:\n  args: [a,\n    b]\nnext: 1\n",
	    INSERT, "spec", NULL, "k", &s_x,
	    "spec:\n  args: [a,\n    b]\n  k: x\nnext: 1\n" },
	{ "insert after a byte order mark", "\xef\xbb\xbfspec:\n  a: 1\n", INSERT, "spec",
	    NULL, "b", &s_x,
	    "\xef\xbb\xbfspec:\n  a: 1\n  b: x\n" },
	{ "insert before a document end marker", "---\nspec:\n  a: 1\n...\n", INSERT, "spec",
	    NULL, "b", &s_x,
	    "---\nspec:\n  a: 1\n  b: x\n...\n" },
	{ "insert before the next document", "a: 1\n---\nb: 2", INSERT, "", NULL, "c", &s_x,
	    "a: 1\nc: x\n---\nb: 2\nc: x" },
	{ "insert into every document", "spec:\n  a: 1\n---\nspec:\n    a: 1\n", INSERT, "spec",
	    NULL, "b", &s_x,
	    "spec:\n  a: 1\n  b: x\n---\nspec:\n    a: 1\n    b: x\n" },

	/* flow mappings */
	{ "insert into {}", "spec: {}\n", INSERT, "spec", NULL, "b", &s_x,
	    "spec: {b: x}\n" },
	{ "insert into {a: 1}", "spec: {a: 1}\n", INSERT, "spec", NULL, "b", &s_x,
	    "spec: {a: 1, b: x}\n" },
	{ "insert into {a: 1,}", "spec: {a: 1,}\n", INSERT, "spec", NULL, "b", &s_x,
	    "spec: {a: 1, b: x}\n" },
	{ "insert into { }", "spec: { }\n", INSERT, "spec", NULL, "b", &s_x,
	    "spec: {b: x }\n" },
	{ "insert before a key of a flow mapping", "spec: {a: 1, c: 3}\n", INSERT, "spec", "c",
	    "b", &s_x,
	    "spec: {a: 1, b: x, c: 3}\n" },
	{ "insert a sequence into a flow mapping", "spec: {a: 1}\n", INSERT, "spec", NULL,
	    "imagePullSecrets", &q_secrets,
	    "spec: {a: 1, imagePullSecrets: [{name: regcred}]}\n" },
	{ "insert a key that needs quotes in flow", "spec: {a: 1}\n", INSERT, "spec", NULL,
	    "a,b", &s_x,
	    "spec: {a: 1, 'a,b': x}\n" },
	{ "insert into mappings inside a flow sequence", "list: [{name: a}, {name: b}]\n",
	    INSERT, "list.[]", NULL, "k", &s_x,
	    "list: [{name: a, k: x}, {name: b, k: x}]\n" },
	{ "insert into a flow mapping in a block sequence", "- {a: 1}\n", INSERT, "[]", NULL,
	    "b", &s_x,
	    "- {a: 1, b: x}\n" },
	{ "insert into a flow mapping ending in a comment", "spec: {\n  a: 1, # one\n}\n",
	    INSERT, "spec", NULL, "b", &s_x,
	    "spec: {\n  a: 1, b: x # one\n}\n" },

	/* block sequences */
	{ "append to an indentless sequence", "containers:\n- a\nnext: 1\n", APPEND,
	    "containers", NULL, NULL, &s_x,
	    "containers:\n- a\n- x\nnext: 1\n" },
	{ "append to an indented sequence", "containers:\n  - a\n", APPEND, "containers", NULL,
	    NULL, &s_x,
	    "containers:\n  - a\n  - x\n" },
	{ "append after a dash and three spaces", "containers:\n-   a\n", APPEND, "containers",
	    NULL, NULL, &s_x,
	    "containers:\n-   a\n-   x\n" },
	{ "append a mapping item", "containers:\n  - name: a\n    image: b\n", APPEND,
	    "containers", NULL, NULL, &m_container,
	    "containers:\n  - name: a\n    image: b\n  - name: c\n    image: d\n" },
	{ "append a mapping item after a dash and three spaces",
	    "c:\n-   name: a\n    image: b\n", APPEND, "c", NULL, NULL, &m_container,
	    "c:\n-   name: a\n    image: b\n-   name: c\n    image: d\n" },
	{ "append to the root sequence", "- a\n- b\n", APPEND, "", NULL, NULL, &s_x,
	    "- a\n- b\n- x\n" },
	{ "append to a nested sequence", "matrix:\n- - a\n  - b\n", APPEND, "matrix.[]", NULL,
	    NULL, &s_x,
	    "matrix:\n- - a\n  - b\n  - x\n" },
	{ "append a sequence to a sequence", "matrix:\n- - a\n", APPEND, "matrix", NULL, NULL,
	    &q_x,
	    "matrix:\n- - a\n- - x\n" },
	{ "append a mapping to a nested sequence", "steps:\n- - name: a\n", APPEND, "steps.[]",
	    NULL, NULL, &m_secret,
	    "steps:\n- - name: a\n  - name: regcred\n" },
	{ "append a scalar with flow indicators", "args:\n- a\n", APPEND, "args", NULL, NULL,
	    &s_comma,
	    "args:\n- a\n- a,b\n" },
	{ "append with CRLF", "args:\r\n- a\r\n", APPEND, "args", NULL, NULL, &s_x,
	    "args:\r\n- a\r\n- x\r\n" },
	{ "append without final newline", "args:\n- a", APPEND, "args", NULL, NULL, &s_x,
	    "args:\n- a\n- x" },
	{ "append after a block scalar item", "cmd:\n- |\n  echo hi\n\nnext: 1\n", APPEND,
	    "cmd", NULL, NULL, &s_x,
	    "cmd:\n- |\n  echo hi\n- x\n\nnext: 1\n" },
	{ "append after a comment", "args:\n- a # first\n# tail\nnext: 1\n", APPEND, "args",
	    NULL, NULL, &s_x,
	    "args:\n- a # first\n- x\n# tail\nnext: 1\n" },
	{ "append after an anchored first item", "args:\n- &f a\n- b\n", APPEND, "args", NULL,
	    NULL, &s_x,
	    "args:\n- &f a\n- b\n- x\n" },

	/* flow sequences */
	{ "append to []", "args: []\n", APPEND, "args", NULL, NULL, &s_x,
	    "args: [x]\n" },
	{ "append to [a]", "args: [a]\n", APPEND, "args", NULL, NULL, &s_x,
	    "args: [a, x]\n" },
	{ "append to [a,]", "args: [a,]\n", APPEND, "args", NULL, NULL, &s_x,
	    "args: [a, x]\n" },
	{ "append a quoted item to a flow sequence", "args: [a]\n", APPEND, "args", NULL, NULL,
	    &s_comma,
	    "args: [a, 'a,b']\n" },
	{ "append a mapping to a flow sequence", "args: [a]\n", APPEND, "args", NULL, NULL,
	    &m_secret,
	    "args: [a, {name: regcred}]\n" },
	{ "append to a flow sequence in a flow mapping", "spec: {args: [a]}\n", APPEND,
	    "spec.args", NULL, NULL, &s_x,
	    "spec: {args: [a, x]}\n" },
	{ "append to a flow sequence ending in a comment", "args: [\n  a, # first\n]\n", APPEND,
	    "args", NULL, NULL, &s_x,
	    "args: [\n  a, x # first\n]\n" },
	{ "append in every document", "args: [a]\n---\nargs:\n- a\n", APPEND, "args", NULL,
	    NULL, &s_x,
	    "args: [a, x]\n---\nargs:\n- a\n- x\n" },
};

/* The state of one case's parse. */
struct run {
	const struct edit_case *c;
	int edited;
};

/* Applies the case's edit to node id. */
static int
edit_node(struct ir_doc *doc, ir_id id, void *arg)
{
	struct run *r = arg;
	const struct edit_case *c = r->c;
	ir_id before = 0;

	switch (c->op) {
	case REPLACE:
		ck_assert_int_eq(ir_edit_replace(doc, id, c->text, strlen(c->text)), 0);
		ck_assert(ir_edit_replaced(doc, id));
		break;
	case INSERT:
		if (c->before) {
			before = ir_map_key_of(doc, ir_map_get(doc, id, c->before));
			ck_assert_msg(before != 0, "%s: no key '%s'", c->name, c->before);
		}
		ck_assert_int_eq(ir_edit_map_insert(doc, id, before, c->text, c->val), 0);
		break;
	case APPEND:
		ck_assert_int_eq(ir_edit_seq_append(doc, id, c->val), 0);
		break;
	}
	r->edited++;
	return 0;
}

/* Edits each document at the case's path, then ends the document. */
static int
edit_doc(struct ir_doc *doc, void *arg)
{
	struct run *r = arg;

	ir_walk(doc, doc->root, r->c->path, edit_node, r);
	ir_edits_doc_done(doc);
	return 0;
}

/*
 * Parses text into s, running the case's edits; the caller releases s. With compared, an
 * empty edit that is not inert is made first, so that every document is hashed and compared
 * even when the case's edits are proven (edit.h).
 */
static void
edit_stream_as(struct ir_stream *s, const struct edit_case *c, const char *text, bool compared)
{
	struct run r = { c, 0 };
	char err[256];
	size_t off;

	ir_stream_init(s, "<test>", text, strlen(text), false);
	if (compared)
		ir_edit_splice(s, 0, 0, "", 0);
	ck_assert_msg(ir_yaml_parse(s, edit_doc, &r, &off, err, sizeof(err)) == 0,
	    "%s: %s at %zu", c->name, err, off);
	ck_assert_msg(r.edited > 0, "%s: path '%s' matched nothing", c->name, c->path);
}

/* Parses text into s, running the case's edits; the caller releases s. */
static void
edit_stream(struct ir_stream *s, const struct edit_case *c, const char *text)
{
	edit_stream_as(s, c, text, false);
}

/* Runs one case: the edited text is exact and reads back as the edit intended. */
/* Finds the single-pair mapping of "list: [a: 1]" and tries to insert into it. */
static int
single_pair(struct ir_doc *doc, void *arg)
{
	ir_id list = ir_map_get(doc, doc->root, "list");

	*(int *)arg = ir_edit_map_insert(doc, doc->nodes[list].first, 0, "k",
	    &(struct ir_val){ IR_SCALAR, "x", NULL, 0 });
	ir_edits_doc_done(doc);
	return 0;
}

/* A single pair in a flow sequence has no braces: the insert is refused, nothing changes. */
START_TEST(test_single_pair_refused)
{
	static const char text[] = "list: [a: 1]\n";
	struct ir_stream s;
	size_t off;
	char err[300];
	int rc = 0;

	ir_stream_init(&s, "t", text, sizeof(text) - 1, false);
	ck_assert_int_eq(ir_yaml_parse(&s, single_pair, &rc, &off, err, sizeof(err)), 0);
	ck_assert_int_eq(rc, -1);
	ck_assert_uint_eq(ir_edits_count(s.edits), 0);
	ir_stream_release(&s);
}
END_TEST

START_TEST(test_edit)
{
	const struct edit_case *c = &cases[_i];
	struct ir_buf out = IR_BUF_INIT;
	struct ir_stream s;
	char err[256] = "";
	long v;

	/* compared whether proven or not: the comparison checks the proofs too */
	edit_stream_as(&s, c, c->in, true);
	ck_assert_int_eq(ir_edits_apply(s.edits, &out), 0);
	ck_assert_msg(strcmp(out.data, c->want) == 0, "%s:\n--- got\n%s--- want\n%s",
	    c->name, out.data, c->want);
	v = ir_verify_text(&s, out.data, out.len, err, sizeof(err));
	ck_assert_msg(v == 0, "%s: verify says %ld %s", c->name, v, err);
	ir_buf_free(&out);
	ir_stream_release(&s);
}
END_TEST

/* The verification must also pass on the intended text, whatever the edit wrote. */
START_TEST(test_verify_want)
{
	const struct edit_case *c = &cases[_i];
	struct ir_stream s;
	char err[256] = "";
	long v;

	edit_stream_as(&s, c, c->in, true);
	v = ir_verify_text(&s, c->want, strlen(c->want), err, sizeof(err));
	ck_assert_msg(v == 0, "%s: verify of the expected text says %ld %s", c->name, v, err);
	ir_stream_release(&s);
}
END_TEST

/* Replacements that provably read back (ir_edits_inert()), and ones that must be checked. */
static const struct {
	const char *in, *path, *text;
	bool inert;
} inert_cases[] = {
	{ "image: nginx\n", "image", "reg.io:5000/acme/nginx:1.25", true },
	{ "image: 'nginx'\n", "image", "reg.io/acme/nginx@sha256:0a1b", true },
	{ "image: \"nginx\"  # pinned\n", "image", "reg.io/acme/nginx", true },
	{ "image: nginx # pinned\nnext: 1\n", "image", "reg.io/acme/nginx", true },
	{ "images:\n- nginx\n- redis\n", "images.[]", "reg.io/a_b/c-d+e", true },
	{ "a:\n  b:\n    image: nginx:1\n", "a.b.image", "reg.io/nginx:1", true },
	/* the new text is not inert: a space, a ':' at the end, an indicator first, empty */
	{ "image: nginx\n", "image", "reg.io/a b", false },
	{ "image: nginx\n", "image", "reg.io:", false },
	{ "image: nginx\n", "image", "-reg.io/a", false },
	{ "image: 'nginx'\n", "image", "", false },
	{ "image: nginx\n", "image", "reg.io/a#b", false },
	{ "image: nginx\n", "image", "reg.io/a~b", false },
	/* written in another style than the source's (a number must stay a string) */
	{ "tag: latest\n", "tag", "1.25", false },
	/* the old source is not its value, or not inert */
	{ "image: \"ngi\\x6ex\"\n", "image", "reg.io/nginx", false },
	{ "image: ngi\n  nx\n", "image", "reg.io/nginx", false },
	{ "image: 'it''s'\n", "image", "reg.io/nginx", false },
	{ "image: a b\n", "image", "reg.io/nginx", false },
	/* where it sits: a flow collection, a key, an anchor or a tag, a template, a block */
	{ "c: {image: nginx}\n", "c.image", "reg.io/nginx", false },
	{ "c: [nginx]\n", "c.[]", "reg.io/nginx", false },
	{ "image: &a nginx\nother: *a\n", "image", "reg.io/nginx", false },
	{ "image: !!str nginx\n", "image", "reg.io/nginx", false },
	{ "image: |\n  nginx\n", "image", "reg.io/nginx", false },
};

/* A replacement is inert exactly where the proof holds; an inert one reads back. */
START_TEST(test_inert)
{
	struct edit_case c = { "inert", inert_cases[_i].in, REPLACE, inert_cases[_i].path,
	    NULL, inert_cases[_i].text, NULL, NULL };
	struct ir_buf out = IR_BUF_INIT;
	struct ir_stream s;
	char err[256] = "";
	char *copy = ir_xstrndup(c.in, strlen(c.in));

	edit_stream(&s, &c, copy);
	ck_assert_msg(ir_edits_inert(s.edits, 0, ir_edits_count(s.edits)) == inert_cases[_i].inert,
	    "%s: %s -> %s", inert_cases[_i].inert ? "not inert" : "inert", c.in, c.text);
	ck_assert_int_eq(ir_edits_apply(s.edits, &out), 0);
	ck_assert_int_eq(ir_verify_text(&s, out.data, out.len, err, sizeof(err)), 0);
	ir_buf_free(&out);
	ir_stream_release(&s);
	free(copy);
}
END_TEST

static const struct ir_val s_checker = { IR_SCALAR, "/var/run/checker", NULL, 0 };
static const struct ir_val q_checker = { IR_SEQ, NULL, &s_checker, 1 };

/*
 * Pairs appended to a block mapping (insert.c, inert_append()): proven where the new lines
 * can only be read as the mapping's new last pair, checked where that is not shown.
 */
static const struct {
	const char *in, *path, *key;
	const struct ir_val *val;
	bool inert;
} append_cases[] = {
	{ "spec:\n  a: 1\n  b: 2\n", "spec", "imagePullSecrets", &q_secrets, true },
	{ "a: 1\nb: 2\n---\nc: 3\n", "", "imagePullSecrets", &q_secrets, true },
	/* a container whose last value is a flow sequence, then the next container */
	{ "c:\n- name: x\n  args: [\"-a\", \"-b\"]\n- name: y\n  image: z # last\n", "c.[]",
	  "command", &q_checker, true },
	/* comments after the value and on lines of their own, blank lines, CRLF */
	{ "spec:\n  a: 1   # one\n    # deeper\n\nnext: 2\r\n", "spec", "b", &s_x, true },
	{ "spec:\r\n  a: 1\r\n  b: 2\r\n", "spec", "c", &q_x, true },
	/* the last value ends lines below its key: a block scalar, a plain scalar, a list */
	{ "s:\n  a: 1\n  run: |\n    echo hi\n\n    echo bye\n\nnext: 2\n", "s", "b", &s_x, true },
	{ "s:\n  a: 1\n  run: >-\n    echo\n    hi\nnext: 2\n", "s", "b", &s_x, true },
	{ "s:\n  a: 1\n  msg: one\n    two\nnext: 2\n", "s", "b", &s_x, true },
	{ "s:\n  a: 1\n  l:\n  - x\n  - y: 1\n    z: 2\nnext: 2\n", "s", "b", &q_x, true },
	/* a key and a value that need quotes read back the same alone and in place */
	{ "spec:\n  a: 1\n", "spec", "x: y", &s_no, true },
	{ "spec:\n  a: 1\n", "spec", "k", &s_comma, true },
	/* kept line breaks would be cut off the block scalar, a last line without a line break
	 * would gain one (libfyaml reads the same value, other parsers need not): checked */
	{ "s:\n  a: 1\n  run: |+\n    echo\n\nnext: 2\n", "s", "b", &s_x, false },
	{ "s:\n  a: 1\n  run: |\n    echo", "s", "b", &s_x, false },
	/* the only key comes after a dash: its column is the mapping's */
	{ "c:\n- name: x\n", "c.[]", "command", &q_checker, true },
	/* values below their keys, indented more (check_reliability has them at the key's
	 * column, which libfyaml takes, and which are checked and refused) */
	{ "m:\n  k: |\n    x\n  j: 1\n", "m", "x", &s_x, true },
	{ "m:\n  k:\n    one\n    two\n", "m", "x", &s_x, true },
	/* a block scalar that gives its indentation, or is followed by a line of spaces: checked */
	{ "s:\n  a: 1\n  run: |2\n    echo\nnext: 2\n", "s", "b", &s_x, false },
	{ "s:\n  a: 1\n  run: |\n    echo\n  \nnext: 2\n", "s", "b", &s_x, false },
	/* a lone CR, a line break to YAML: checked */
	{ "spec:\n  a: 1\r  b: 2\n", "", "x", &s_x, false },
	{ "spec:\n  a: 1\r  b: 2\n", "spec", "x", &s_x, false },
	/* a complex key: checked (check_reliability has a block scalar at its key's column) */
	{ "m:\n  ? k\n  : v\n", "m", "x", &s_x, false },
	/* the mapping has an anchor or a tag: checked */
	{ "spec: &s\n  a: 1\n", "spec", "b", &s_x, false },
	{ "spec: !!map\n  a: 1\n", "spec", "b", &s_x, false },
	/* a template in the new value: checked */
	{ "spec:\n  a: 1\n", "spec", "b", &(struct ir_val){ IR_SCALAR, "{{x}}", NULL, 0 },
	  false },
	/* a flow mapping, an empty value filled: other insertions, checked */
	{ "spec: {a: 1}\n", "spec", "b", &s_x, false },
	{ "spec:\n", "spec", "b", &s_x, false },
};

/* Each appended pair is proven or not as the case says; both read back as intended. */
START_TEST(test_inert_append)
{
	struct edit_case c = { "append", append_cases[_i].in, INSERT, append_cases[_i].path,
	    NULL, append_cases[_i].key, append_cases[_i].val, NULL };
	struct ir_buf out = IR_BUF_INIT;
	struct ir_stream s;
	char err[256] = "";
	char *copy = ir_xstrndup(c.in, strlen(c.in));

	edit_stream_as(&s, &c, copy, true);
	ck_assert_msg(ir_edits_inert(s.edits, 1, ir_edits_count(s.edits)) ==
	    append_cases[_i].inert, "%s: %s", append_cases[_i].inert ? "not inert" : "inert", c.in);
	ck_assert_int_eq(ir_edits_apply(s.edits, &out), 0);
	ck_assert_msg(ir_verify_text(&s, out.data, out.len, err, sizeof(err)) == 0, "%s:\n%s",
	    err, out.data);
	ir_buf_free(&out);
	ir_stream_release(&s);
	free(copy);
}
END_TEST

static const struct edit_case secret_case = {
	"pull secret", "spec:\n  a: 1\n---\nspec:\n  a: 1\n", INSERT, "spec", NULL,
	"imagePullSecrets", &q_secrets,
	"spec:\n  a: 1\n  imagePullSecrets:\n    - name: regcred\n---\n"
	"spec:\n  a: 1\n  imagePullSecrets:\n    - name: regcred\n",
};

/* Texts that do not read as the intended edit, and what the verification says of each. */
static const struct {
	const char *text;
	long want;
} mismatches[] = {
	/* the value was changed by hand in the first or the second document */
	{ "spec:\n  a: 1\n  imagePullSecrets:\n    - name: regcrex\n---\n"
	  "spec:\n  a: 1\n  imagePullSecrets:\n    - name: regcred\n", 1 },
	{ "spec:\n  a: 1\n  imagePullSecrets:\n    - name: regcred\n---\n"
	  "spec:\n  a: 1\n  imagePullSecrets:\n    - name: regcrex\n", 2 },
	/* the same text quoted: same string, but no longer plain */
	{ "spec:\n  a: 1\n  imagePullSecrets:\n    - name: 'regcred'\n---\n"
	  "spec:\n  a: 1\n  imagePullSecrets:\n    - name: regcred\n", 1 },
	/* the list became a mapping */
	{ "spec:\n  a: 1\n  imagePullSecrets:\n    name: regcred\n---\n"
	  "spec:\n  a: 1\n  imagePullSecrets:\n    - name: regcred\n", 1 },
	/* the input as it was: no edit at all */
	{ "spec:\n  a: 1\n---\nspec:\n  a: 1\n", 1 },
	/* a document too many, a document too few */
	{ "spec:\n  a: 1\n  imagePullSecrets:\n    - name: regcred\n---\n"
	  "spec:\n  a: 1\n  imagePullSecrets:\n    - name: regcred\n---\nx: 1\n", -2 },
	{ "spec:\n  a: 1\n  imagePullSecrets:\n    - name: regcred\n", -2 },
	/* not YAML */
	{ "spec: [a\n", -1 },
};

/* Applies the edit, checks the output, then verifies texts altered from it. */
START_TEST(test_verify_mismatch)
{
	struct ir_buf out = IR_BUF_INIT;
	struct ir_stream s;
	char err[256] = "";
	long v;

	/* the insertions are proven inert: compared all the same, to test the comparison */
	edit_stream_as(&s, &secret_case, secret_case.in, true);
	ck_assert(ir_edits_inert(s.edits, 1, ir_edits_count(s.edits)));
	ck_assert_int_eq(ir_edits_apply(s.edits, &out), 0);
	ck_assert_str_eq(out.data, secret_case.want);
	ck_assert_int_eq(ir_verify_text(&s, out.data, out.len, err, sizeof(err)), 0);
	v = ir_verify_text(&s, mismatches[_i].text, strlen(mismatches[_i].text), err,
	    sizeof(err));
	ck_assert_msg(v == mismatches[_i].want, "mismatch %d: got %ld, want %ld", _i, v,
	    mismatches[_i].want);
	ir_buf_free(&out);
	ir_stream_release(&s);
}
END_TEST

/* Replaces spec.a, then tries what ir_edit_replace() must refuse. */
static int
refuse_doc(struct ir_doc *doc, void *arg)
{
	ir_id spec = ir_map_get(doc, doc->root, "spec");
	ir_id a = ir_map_get(doc, spec, "a");
	ir_id empty = ir_map_get(doc, spec, "e");

	(void)arg;
	ck_assert_uint_ne(a, 0);
	ck_assert_uint_ne(empty, 0);
	ck_assert(!ir_edit_replaced(doc, a));
	ck_assert_int_eq(ir_edit_replace(doc, a, "2", 1), 0);
	ck_assert(ir_edit_replaced(doc, a));
	ck_assert_int_eq(ir_edit_replace(doc, a, "3", 1), -1);
	ck_assert_int_eq(ir_edit_replace(doc, spec, "x", 1), -1);
	ck_assert_int_eq(ir_edit_replace(doc, empty, "x", 1), -1);
	ck_assert_int_eq(ir_edit_replace(doc, 0, "x", 1), -1);
	ck_assert_uint_eq(ir_edits_count(doc->stream->edits), 1);
	ir_edits_doc_done(doc);
	return 0;
}

/* A node is replaced once; collections and empty values are not replaced. */
START_TEST(test_replace_refused)
{
	static const char in[] = "spec:\n  a: 1\n  e:\n";
	struct ir_buf out = IR_BUF_INIT;
	struct ir_stream s;
	char err[256];
	size_t off;

	ir_stream_init(&s, "<test>", in, strlen(in), false);
	ck_assert_int_eq(ir_yaml_parse(&s, refuse_doc, NULL, &off, err, sizeof(err)), 0);
	ck_assert_int_eq(ir_edits_apply(s.edits, &out), 0);
	ck_assert_str_eq(out.data, "spec:\n  a: '2'\n  e:\n");
	ck_assert_int_eq(ir_verify_text(&s, out.data, out.len, err, sizeof(err)), 0);
	ir_buf_free(&out);
	ir_stream_release(&s);
}
END_TEST

/* Inserts b and c after the last pair of spec, and d after the last pair of the root. */
static int
two_inserts(struct ir_doc *doc, void *arg)
{
	ir_id spec = ir_map_get(doc, doc->root, "spec");

	(void)arg;
	ck_assert_int_eq(ir_edit_map_insert(doc, spec, 0, "b", &s_x), 0);
	ck_assert_int_eq(ir_edit_map_insert(doc, spec, 0, "c", &s_x), 0);
	ck_assert_int_eq(ir_edit_map_insert(doc, doc->root, 0, "d", &s_x), 0);
	ir_edits_doc_done(doc);
	return 0;
}

/*
 * Edits for test_proven_docs, by document: an inert replacement, nothing, an insertion before
 * a key (not inert), an inert replacement; a new part starts at the fifth, replaced inertly
 * again.
 */
static int
proven_doc(struct ir_doc *doc, void *arg)
{
	ir_id v = ir_map_get(doc, doc->root, "image");

	(void)arg;
	if (doc->index == 4)
		ir_edits_part_begin(doc->stream->edits);
	if (doc->index == 2)	/* before a key: not proven */
		ck_assert_int_eq(ir_edit_map_insert(doc, doc->root, ir_map_key_of(doc, v), "b",
		    &s_x), 0);
	else if (doc->index != 1)
		ck_assert_int_eq(ir_edit_replace(doc, v, "reg.io/a", 8), 0);
	ir_edits_doc_done(doc);
	return 0;
}

/*
 * Documents whose part has only inert edits so far are not hashed; from the part's first
 * other edit on, every document is, until the next part. Checks compare the hashed ones.
 */
START_TEST(test_proven_docs)
{
	static const char in[] = "image: a\n---\nimage: a\n---\nimage: a\n---\nimage: a\n"
	    "---\nimage: a\n";
	static const struct {
		const char *from, *to;
		long want;
	} tampered[] = {
		{ "image: reg.io/a\n---\nimage: a\n---\nb: x\nimage: a", "", -2 },
		{ "b: x\nimage: a\n---\nimage: reg.io/a", "b: x\nimage: a\n---\nimage: reg.io/b", 4 },
		{ "b: x", "b: y", 3 },
		/* the first document is proven: its check was the proof */
		{ "image: reg.io/a\n---\nimage: a\n---\nb",
		  "image: reg.io/z\n---\nimage: a\n---\nb", 0 },
	};
	struct ir_buf out = IR_BUF_INIT;
	struct ir_stream s;
	char err[256], *text, *at;
	size_t off, i;

	ir_stream_init(&s, "<test>", in, strlen(in), false);
	ck_assert_int_eq(ir_yaml_parse(&s, proven_doc, NULL, &off, err, sizeof(err)), 0);
	ck_assert_uint_eq(s.ndocs, 5);
	ck_assert(s.hashes[0] == IR_HASH_PROVEN && s.hashes[1] == IR_HASH_PROVEN);
	ck_assert(s.hashes[2] != IR_HASH_PROVEN && s.hashes[3] != IR_HASH_PROVEN);
	ck_assert(s.hashes[4] == IR_HASH_PROVEN);
	ck_assert_int_eq(ir_edits_apply(s.edits, &out), 0);
	ck_assert_str_eq(out.data, "image: reg.io/a\n---\nimage: a\n---\nb: x\nimage: a\n---\n"
	    "image: reg.io/a\n---\nimage: reg.io/a\n");
	ck_assert_int_eq(ir_verify_text(&s, out.data, out.len, err, sizeof(err)), 0);
	for (i = 0; i < NELEM(tampered); i++) {
		ck_assert_ptr_nonnull(at = strstr(out.data, tampered[i].from));
		text = ir_xmalloc(out.len + strlen(tampered[i].to) + 1);
		sprintf(text, "%.*s%s%s", (int)(at - out.data), out.data, tampered[i].to,
		    at + strlen(tampered[i].from));
		ck_assert_int_eq(ir_verify_text(&s, text, strlen(text), err, sizeof(err)),
		    tampered[i].want);
		free(text);
	}
	ir_buf_free(&out);
	ir_stream_release(&s);
}
END_TEST

/* Insertions at one place keep their order, in the text and in the hash. */
START_TEST(test_insert_order)
{
	static const char in[] = "spec:\n  a: 1\n";
	struct ir_buf out = IR_BUF_INIT;
	struct ir_stream s;
	char err[256];
	size_t off;

	ir_stream_init(&s, "<test>", in, strlen(in), false);
	ck_assert_int_eq(ir_yaml_parse(&s, two_inserts, NULL, &off, err, sizeof(err)), 0);
	ck_assert_uint_eq(ir_edits_count(s.edits), 3);
	ck_assert_int_eq(ir_edits_apply(s.edits, &out), 0);
	ck_assert_str_eq(out.data, "spec:\n  a: 1\n  b: x\n  c: x\nd: x\n");
	ck_assert_int_eq(ir_verify_text(&s, out.data, out.len, err, sizeof(err)), 0);
	ir_buf_free(&out);
	ir_stream_release(&s);
}
END_TEST

Suite *
edit_suite(void)
{
	Suite *s = suite_create("edit");
	TCase *tc = tcase_create("edit");

	tcase_add_loop_test(tc, test_edit, 0, NELEM(cases));
	tcase_add_test(tc, test_single_pair_refused);
	tcase_add_loop_test(tc, test_verify_want, 0, NELEM(cases));
	tcase_add_loop_test(tc, test_verify_mismatch, 0, NELEM(mismatches));
	tcase_add_test(tc, test_replace_refused);
	tcase_add_test(tc, test_insert_order);
	tcase_add_loop_test(tc, test_inert, 0, NELEM(inert_cases));
	tcase_add_test(tc, test_proven_docs);
	tcase_add_loop_test(tc, test_inert_append, 0, NELEM(append_cases));
	suite_add_tcase(s, tc);
	return s;
}
