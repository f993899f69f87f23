/* Unit tests for the JSON reader (json.h) and the pull secret step's decisions (pullsecret.h). */
#include <check.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "imgreg/buf.h"
#include "imgreg/edit.h"
#include "imgreg/embed.h"
#include "imgreg/json.h"
#include "imgreg/process.h"
#include "imgreg/pullsecret.h"
#include "imgreg/settings.h"
#include "imgreg/stream.h"
#include "imgreg/verify.h"
#include "imgreg/yaml.h"

#include "check_suites.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

/* Valid JSON objects: the keys of their members, '|'-separated, and string values. */
static const struct {
	const char *text;
	const char *keys;
	const char *strs;	/* '|'-separated; "-" for a member whose value is not a string */
	bool colon_space, comma_space;
} valid[] = {
	{ "{}", "", "", false, false },
	{ " \t\r\n{ }\n", "", "", false, false },
	{ "{\"a\":\"s\"}", "a", "s", false, false },
	{ "{\"a\": \"s\", \"b\": \"t\"}", "a|b", "s|t", true, true },
	{ "{\"a\":1,\"b\":-0.5e+3,\"c\":true,\"d\":null,\"e\":false}", "a|b|c|d|e", "-|-|-|-|-",
	    false, false },
	{ "{\"a\":[1,[2,{}],{\"x\":[]}],\"b\":{\"c\":{\"d\":\"e\"}}}", "a|b", "-|-", false,
	    false },
	{ "{\"\\u00e9t\\u00E9\":\"\\\"q\\\" \\\\ \\/ \\b\\f\\n\\r\\t\"}", "\xc3\xa9t\xc3\xa9",
	    "\"q\" \\ / \b\f\n\r\t", false, false },
	{ "{\"\\ud83d\\ude00\":\"\\ud800x\"}", "\xf0\x9f\x98\x80", "\xef\xbf\xbdx", false, false },
	{ "{\"a\":\"x\",\"a\":\"y\"}", "a|a", "x|y", false, false },
	{ "{\"caf\xc3\xa9\":\"\"}", "caf\xc3\xa9", "", false, false },
	{ "{\"n\":0,\"m\":10,\"f\":1.25,\"g\":1E2}", "n|m|f|g", "-|-|-|-", false, false },
};

/* Invalid JSON: the offset of the error and a word of its message. */
static const struct {
	const char *text;
	size_t off;
	const char *why;
} invalid[] = {
	{ "", 0, "empty" },
	{ "   ", 3, "empty" },
	{ "[]", 0, "JSON object" },
	{ "\"a\"", 0, "JSON object" },
	{ "{", 1, "string key" },
	{ "{\"a\"}", 4, "':'" },
	{ "{\"a\":}", 5, "value" },
	{ "{\"a\":1,}", 7, "string key" },
	{ "{\"a\":1 \"b\":2}", 7, "',' or '}'" },
	{ "{'a':1}", 1, "string key" },
	{ "{a:1}", 1, "string key" },
	{ "{\"a\":\"x}", 5, "unterminated" },
	{ "{\"a\":\"x\ny\"}", 7, "control character" },
	{ "{\"a\":\"\\x41\"}", 6, "invalid escape" },
	{ "{\"a\":\"\\u12g4\"}", 6, "\\u escape" },
	{ "{\"a\":01}", 5, "number" },
	{ "{\"a\":1.}", 5, "number" },
	{ "{\"a\":-}", 5, "number" },
	{ "{\"a\":1e}", 5, "number" },
	{ "{\"a\":tru}", 5, "value" },
	{ "{\"a\":[1,]}", 8, "value" },
	{ "{\"a\":[1 2]}", 8, "']'" },
	{ "{\"a\":1}}", 7, "after the JSON object" },
	{ "{\"a\":1} x", 8, "after the JSON object" },
	{ "{\"a\":{\"b\":1,}}", 12, "string key" },
};

/* Returns field i of a '|'-separated list as a static copy. */
static const char *
field(const char *list, size_t i)
{
	static char buf[128];
	const char *p = list, *bar;

	while (i-- > 0)
		p = strchr(p, '|') + 1;
	bar = strchr(p, '|');
	snprintf(buf, sizeof(buf), "%.*s", (int)(bar ? (size_t)(bar - p) : strlen(p)), p);
	return buf;
}

START_TEST(test_json_valid)
{
	struct ir_json_object obj;
	const char *why = NULL, *k;
	size_t off = 0, i, n = *valid[_i].keys ? 1 : 0;

	for (k = valid[_i].keys; *k; k++)
		n += *k == '|';
	ck_assert_msg(ir_json_parse_object(valid[_i].text, strlen(valid[_i].text), &obj, &off,
	    &why) == 0, "'%s': %s at %zu", valid[_i].text, why, off);
	ck_assert_uint_eq(obj.n, n);
	for (i = 0; i < n; i++) {
		ck_assert_str_eq(obj.members[i].key, field(valid[_i].keys, i));
		if (strcmp(field(valid[_i].strs, i), "-") == 0)
			ck_assert_ptr_null(obj.members[i].str);
		else
			ck_assert_str_eq(obj.members[i].str, field(valid[_i].strs, i));
		ck_assert_int_eq(valid[_i].text[obj.members[i].start], '"');
	}
	ck_assert_int_eq(valid[_i].text[obj.open], '{');
	ck_assert_int_eq(valid[_i].text[obj.close], '}');
	ck_assert_int_eq(obj.colon_space, valid[_i].colon_space);
	ck_assert_int_eq(obj.comma_space, valid[_i].comma_space);
	ir_json_object_release(&obj);
}
END_TEST

START_TEST(test_json_invalid)
{
	struct ir_json_object obj;
	const char *why = NULL;
	size_t off = 99;

	ck_assert_int_eq(ir_json_parse_object(invalid[_i].text, strlen(invalid[_i].text), &obj,
	    &off, &why), -1);
	ck_assert_msg(off == invalid[_i].off, "'%s': error at %zu, want %zu (%s)",
	    invalid[_i].text, off, invalid[_i].off, why);
	ck_assert_msg(strstr(why, invalid[_i].why) != NULL, "'%s': '%s' lacks '%s'",
	    invalid[_i].text, why, invalid[_i].why);
	ck_assert_uint_eq(obj.n, 0);
}
END_TEST

/* Text is not NUL-terminated where len ends: bytes after it are never read. */
START_TEST(test_json_length)
{
	static const char text[] = "{\"a\":1}garbage";
	struct ir_json_object obj;
	const char *why;
	size_t off;

	ck_assert_int_eq(ir_json_parse_object(text, 7, &obj, &off, &why), 0);
	ck_assert_uint_eq(obj.n, 1);
	ir_json_object_release(&obj);
	ck_assert_int_eq(ir_json_parse_object(text, 6, &obj, &off, &why), -1);
	ck_assert_uint_eq(off, 6);
}
END_TEST

/* Nesting is bounded: a deep array is an error, not a stack overflow. */
START_TEST(test_json_deep)
{
	struct ir_buf b = IR_BUF_INIT;
	struct ir_json_object obj;
	const char *why;
	size_t off;

	ir_buf_adds(&b, "{\"a\":");
	ir_buf_addn(&b, '[', 100000);
	ck_assert_int_eq(ir_json_parse_object(b.data, b.len, &obj, &off, &why), -1);
	ck_assert_ptr_nonnull(strstr(why, "nested too deeply"));
	ir_buf_free(&b);
}
END_TEST

START_TEST(test_json_write)
{
	struct ir_buf b = IR_BUF_INIT;

	ir_json_write_string(&b, "a\"b\\c\n\x01", 7);
	ck_assert_str_eq(b.data, "\"a\\\"b\\\\c\\u000a\\u0001\"");
	ir_buf_free(&b);
}
END_TEST

/* KubeSphere merges: the existing text kept, missing names appended in its spacing. */
static const struct {
	const char *json;
	const char *names;	/* '|'-separated */
	const char *want;	/* "" when nothing is added */
} merges[] = {
	{ "{}", "a", "{\"a\":\"regcred\"}" },
	{ "{ }", "a|b", "{\"a\":\"regcred\",\"b\":\"regcred\" }" },
	{ "{\"a\":\"old\"}", "a|b", "{\"a\":\"old\",\"b\":\"regcred\"}" },
	{ "{\"a\": \"old\"}", "b|c", "{\"a\": \"old\", \"b\": \"regcred\", \"c\": \"regcred\"}" },
	{ "{\"a\": \"x\",\"b\": \"y\"}", "c", "{\"a\": \"x\",\"b\": \"y\",\"c\": \"regcred\"}" },
	{ " {\"a\":\"x\"} \n", "b", " {\"a\":\"x\",\"b\":\"regcred\"} \n" },
	{ "{\"a\":\"x\",\"b\":{\"n\":[1]}}", "a|b", "" },
	{ "{\"a\":\"x\"}", "b|b", "{\"a\":\"x\",\"b\":\"regcred\"}" },
	{ "{\"q\\\"\":\"x\"}", "q\"", "" },
};

START_TEST(test_kubesphere_merge)
{
	const char *names[8], *why, *p;
	struct ir_buf out = IR_BUF_INIT;
	size_t n = 1, added, off, i;

	for (p = merges[_i].names; *p; p++)
		n += *p == '|';
	for (i = 0; i < n; i++)
		names[i] = strdup(field(merges[_i].names, i));
	ck_assert_int_eq(ir_kubesphere_merge(&out, merges[_i].json, strlen(merges[_i].json),
	    names, n, "regcred", &added, &off, &why), 0);
	ck_assert_str_eq(out.data ? out.data : "", merges[_i].want);
	ck_assert_int_eq(added > 0, *merges[_i].want != '\0');
	while (n > 0)
		free((char *)names[--n]);
	ir_buf_free(&out);
}
END_TEST

START_TEST(test_kubesphere_new)
{
	const char *names[] = { "web", "side\"car" };
	struct ir_buf out = IR_BUF_INIT;
	size_t added, off;
	const char *why;

	ir_kubesphere_new(&out, names, 2, "regcred");
	ck_assert_str_eq(out.data, "{\"web\":\"regcred\",\"side\\\"car\":\"regcred\"}");
	ir_buf_reset(&out);
	ck_assert_int_eq(ir_kubesphere_merge(&out, "{\"a\":", 5, names, 1, "s", &added, &off,
	    &why), -1);
	ck_assert_uint_eq(off, 5);
	ir_buf_free(&out);
}
END_TEST

/* Which references pull from the server. */
static const struct {
	const char *image;
	const char *server;
	bool pulls;
} pulls[] = {
	{ "reg.acme.io:5000/chaos/nginx:1.25", "reg.acme.io:5000", true },
	{ "REG.acme.io:5000/chaos/nginx", "reg.acme.io:5000", true },
	{ "reg.acme.io/chaos/nginx", "reg.acme.io:5000", false },
	{ "reg.acme.io:5000", "reg.acme.io:5000", false },
	{ "nginx", "docker.io", true },
	{ "index.docker.io/library/nginx", "docker.io", true },
	{ "litmuschaos/go-runner:3.0.0", "docker.io", true },
	{ "ghcr.io/acme/app", "docker.io", false },
	{ "{{inputs.parameters.image}}", "docker.io", false },
	{ "reg.acme.io:5000/{{x}}", "reg.acme.io:5000", false },
	{ "Nginx:1", "docker.io", false },
	{ "", "docker.io", false },
	{ "localhost:5000/a", "localhost:5000", true },
};

START_TEST(test_pulls_from)
{
	ck_assert_msg(ir_pullsecret_pulls_from(pulls[_i].image, strlen(pulls[_i].image),
	    pulls[_i].server) == pulls[_i].pulls, "'%s' on '%s'", pulls[_i].image,
	    pulls[_i].server);
}
END_TEST

/* Whole documents through the driver: what is decided and written. */
struct run_case {
	const char *name;
	const char *in;
	bool all;
	const char *account;	/* --service-account, or NULL */
	const char *want;	/* NULL: unchanged */
};

#define WF_HEAD "apiVersion: argoproj.io/v1alpha1\nkind: Workflow\nmetadata:\n  name: w\n" \
	"spec:\n  entrypoint: main\n  templates:\n  - name: main\n"
#define WF_SECRET "apiVersion: argoproj.io/v1alpha1\nkind: Workflow\nmetadata:\n  name: w\n" \
	"spec:\n  entrypoint: main\n  imagePullSecrets:\n  - name: regcred\n  templates:\n" \
	"  - name: main\n"
#define RAW "    inputs:\n      artifacts:\n      - name: e\n        raw:\n          data: |\n" \
	"            apiVersion: v1\n            kind: Pod\n            metadata:\n" \
	"              name: p\n            spec:\n              containers:\n" \
	"              - name: c\n"

static const struct run_case runs[] = {
	{ "a workflow pulling from the server",
	    WF_HEAD "    container:\n      image: reg.io/chaos/a\n", false, NULL,
	    WF_SECRET "    container:\n      image: reg.io/chaos/a\n" },
	{ "a workflow pulling from elsewhere",
	    WF_HEAD "    container:\n      image: ghcr.io/chaos/a\n", false, NULL, NULL },
	{ "the same with --all",
	    WF_HEAD "    container:\n      image: ghcr.io/chaos/a\n", true, NULL,
	    WF_SECRET "    container:\n      image: ghcr.io/chaos/a\n" },
	{ "a workflow whose only image from the server is in an embedded manifest",
	    WF_HEAD RAW "                image: reg.io/chaos/b\n    container:\n"
	    "      image: ghcr.io/a\n", false, NULL,
	    WF_SECRET RAW "                image: reg.io/chaos/b\n"
	    "              imagePullSecrets:\n              - name: regcred\n"
	    "    container:\n      image: ghcr.io/a\n" },
	{ "an embedded manifest in a workflow that pulls from the server",
	    WF_HEAD RAW "                image: ghcr.io/b\n    container:\n"
	    "      image: reg.io/a\n", false, NULL,
	    WF_SECRET RAW "                image: ghcr.io/b\n"
	    "              imagePullSecrets:\n              - name: regcred\n"
	    "    container:\n      image: reg.io/a\n" },
	{ "a templated image pulls from nowhere",
	    WF_HEAD "    container:\n      image: \"{{inputs.parameters.image}}\"\n", false, NULL,
	    NULL },
	{ "a list that names the secret already",
	    "kind: Pod\nspec:\n  containers:\n  - image: reg.io/a\n  imagePullSecrets:\n"
	    "  - name: other\n  - {name: regcred}\n", false, NULL, NULL },
	{ "a list of other secrets",
	    "kind: Pod\nspec:\n  containers:\n  - image: reg.io/a\n  imagePullSecrets:\n"
	    "  - name: other\n", false, NULL,
	    "kind: Pod\nspec:\n  containers:\n  - image: reg.io/a\n  imagePullSecrets:\n"
	    "  - name: other\n  - name: regcred\n" },
	{ "List items decide one by one",
	    "kind: List\nitems:\n- kind: Pod\n  spec:\n    containers:\n    - image: ghcr.io/a\n"
	    "- kind: Pod\n  spec:\n    containers:\n    - image: reg.io/a\n", false, NULL,
	    "kind: List\nitems:\n- kind: Pod\n  spec:\n    containers:\n    - image: ghcr.io/a\n"
	    "- kind: Pod\n  spec:\n    containers:\n    - image: reg.io/a\n"
	    "    imagePullSecrets:\n    - name: regcred\n" },
	{ "a named ServiceAccount",
	    "kind: ServiceAccount\nmetadata:\n  name: litmus\n", false, "litmus",
	    "kind: ServiceAccount\nmetadata:\n  name: litmus\nimagePullSecrets:\n"
	    "  - name: regcred\n" },
	{ "a ServiceAccount not named",
	    "kind: ServiceAccount\nmetadata:\n  name: default\n", true, "litmus", NULL },
	{ "a ChaosEngine without images is left alone",
	    "kind: ChaosEngine\nspec:\n  experiments:\n  - name: pod-delete\n", false, NULL,
	    NULL },
	{ "a ChaosEngine with --all",
	    "kind: ChaosEngine\nspec:\n  experiments:\n  - name: pod-delete\n", true, NULL,
	    "kind: ChaosEngine\nspec:\n  experiments:\n  - name: pod-delete\n    spec:\n"
	    "      components:\n        experimentImagePullSecrets:\n        - name: regcred\n"
	    "  components:\n    runner:\n      imagePullSecrets:\n      - name: regcred\n" },
	{ "a ConfigMap has nowhere to take a secret",
	    "kind: ConfigMap\ndata:\n  image: reg.io/a\n", true, NULL, NULL },
};

/* Runs the pull secret step over text; returns the output (or NULL when unchanged). */
static char *
run_step(const char *text, bool all, const char *account, int *rc)
{
	struct ir_settings set;
	char *accounts[1] = { (char *)account };
	struct ir_pullsecret ps = { .settings = &set, .all = all, .accounts = accounts,
	    .naccounts = account ? 1 : 0 };
	struct ir_filter f = { .doc_fn = ir_pullsecret_doc, .ctx = &ps, .verify = true,
	    .embedded = true };
	struct ir_buf out = IR_BUF_INIT;
	struct ir_result res;
	struct ir_stream s;
	char *got = NULL, *copy = strdup(text);	/* a stream may mask templates in place */

	ir_settings_preset(&set, IR_PRESET_HCE);
	free(set.server);
	set.server = strdup("reg.io");
	set.secret_name = strdup("regcred");
	set.is_private = true;
	ck_assert_ptr_null(ir_pullsecret_init(&ps));
	ir_stream_init(&s, "<test>", copy, strlen(copy), true);
	*rc = ir_process(&s, &f, &out, &res);
	if (res.changed)
		got = ir_buf_detach(&out, NULL);
	ir_buf_free(&out);
	ir_stream_release(&s);
	free(copy);
	ir_pullsecret_release(&ps);
	ir_settings_release(&set);
	return got;
}

START_TEST(test_run)
{
	const struct run_case *c = &runs[_i];
	char *got, *again;
	int rc;

	got = run_step(c->in, c->all, c->account, &rc);
	ck_assert_msg(rc == 0, "%s: exit status %d", c->name, rc);
	if (c->want == NULL) {
		ck_assert_msg(got == NULL, "%s: changed:\n%s", c->name, got);
		return;
	}
	ck_assert_msg(got && strcmp(got, c->want) == 0, "%s:\n--- got\n%s--- want\n%s", c->name,
	    got ? got : "(unchanged)\n", c->want);
	again = run_step(got, c->all, c->account, &rc);
	ck_assert_msg(rc == 0 && again == NULL, "%s: a second pass changes it", c->name);
	free(got);
}
END_TEST

/* A public registry: nothing is active, and the reason is given. */
START_TEST(test_public)
{
	struct ir_settings set;
	struct ir_pullsecret ps = { .settings = &set };

	ir_settings_preset(&set, IR_PRESET_HCE);
	ck_assert_ptr_nonnull(strstr(ir_pullsecret_init(&ps), "public"));
	ck_assert(!ps.active);
	set.secret_name = strdup("regcred");
	ck_assert_ptr_nonnull(strstr(ir_pullsecret_init(&ps), "isPrivate is false"));
	set.is_private = true;
	ck_assert_ptr_null(ir_pullsecret_init(&ps));
	ck_assert(ps.active);
	ck_assert_str_eq(ps.server, "docker.io");
	ir_settings_release(&set);
}
END_TEST

/* Checks ir_pullsecret_listed() on each list of the document. */
static int
listed_doc(struct ir_doc *doc, void *arg)
{
	ir_id a = ir_map_get(doc, doc->root, "a"), b = ir_map_get(doc, doc->root, "b");
	ir_id c = ir_map_get(doc, doc->root, "c"), d = ir_map_get(doc, doc->root, "d");

	(void)arg;
	ck_assert(ir_pullsecret_listed(doc, a, "regcred"));
	ck_assert(ir_pullsecret_listed(doc, b, "regcred"));
	ck_assert(!ir_pullsecret_listed(doc, c, "regcred"));
	ck_assert(ir_pullsecret_listed(doc, ir_resolve(doc, d), "regcred"));
	ck_assert(!ir_pullsecret_listed(doc, doc->root, "regcred"));
	return 0;
}

START_TEST(test_listed)
{
	static const char text[] = "a: [{name: x}, {name: regcred}]\nb:\n- regcred\n"
	    "c:\n- name: regcred2\n- {other: regcred}\nd: &l [{name: regcred}]\ne: *l\n";
	struct ir_stream s;
	char err[300];
	size_t off;

	ir_stream_init(&s, "<test>", text, strlen(text), false);
	ck_assert_int_eq(ir_yaml_parse(&s, listed_doc, NULL, &off, err, sizeof(err)), 0);
	ir_stream_release(&s);
}
END_TEST

/*
 * A limit of the editing core, kept here until the core lifts it: a key whose value is empty
 * ("components:" with nothing after it) cannot receive a mapping. The pull secret step then
 * stops with an error; this test says what the core should write instead. It runs only with
 * IMGREG_TODO=1 in the environment, and fails until ir_edit_map_insert() (or a new call)
 * fills an empty value.
 */
static int
fill_empty(struct ir_doc *doc, void *arg)
{
	static const struct ir_val name[] = {
		{ IR_SCALAR, "name", NULL, 0 }, { IR_SCALAR, "regcred", NULL, 0 },
	};
	static const struct ir_val entry = { IR_MAP, NULL, name, 2 };
	static const struct ir_val list = { IR_SEQ, NULL, &entry, 1 };
	ir_id spec = ir_map_get(doc, doc->root, "spec");
	ir_id comp = ir_map_get(doc, spec, "components");

	*(int *)arg = ir_edit_map_insert(doc, comp, 0, "imagePullSecrets", &list);
	ir_edits_doc_done(doc);
	return 0;
}

START_TEST(test_todo_fill_empty_value)
{
	static const char in[] = "spec:\n  components:\n  engineState: active\n";
	static const char want[] = "spec:\n  components:\n    imagePullSecrets:\n"
	    "      - name: regcred\n  engineState: active\n";
	struct ir_buf out = IR_BUF_INIT;
	struct ir_stream s;
	char err[300] = "";
	size_t off;
	int rc = -1;

	ir_stream_init(&s, "<test>", in, strlen(in), false);
	ck_assert_int_eq(ir_yaml_parse(&s, fill_empty, &rc, &off, err, sizeof(err)), 0);
	ck_assert_int_eq(rc, 0);
	ck_assert_int_eq(ir_edits_apply(s.edits, &out), 0);
	ck_assert_str_eq(out.data ? out.data : "", want);
	ck_assert_int_eq(ir_verify_text(&s, out.data, out.len, err, sizeof(err)), 0);
	ir_buf_free(&out);
	ir_stream_release(&s);
}
END_TEST

/* Inserts k: x before key b of the manifest embedded in the outer document's "data". */
static int
insert_before_b(struct ir_doc *doc, void *arg)
{
	static const struct ir_val x = { IR_SCALAR, "x", NULL, 0 };

	(void)arg;
	ck_assert_int_eq(ir_edit_map_insert(doc, doc->root,
	    ir_map_key_of(doc, ir_map_get(doc, doc->root, "b")), "k", &x), 0);
	ir_edits_doc_done(doc);
	return 0;
}

/* Opens the manifest in "data", edits it, and writes it back into the outer document. */
static int
edit_embedded(struct ir_doc *doc, void *arg)
{
	ir_id data = ir_map_get(doc, doc->root, "data");
	struct ir_stream inner;
	const char *why = NULL;
	char err[300];
	size_t off;

	(void)arg;
	ck_assert_int_eq(ir_embed_open(doc, data, &inner, &why), 0);
	ck_assert_int_eq(ir_yaml_parse(&inner, insert_before_b, NULL, &off, err, sizeof(err)),
	    0);
	ck_assert_int_eq(ir_embed_close(doc, data, &inner, &why), 0);
	ir_stream_release(&inner);
	ir_edits_doc_done(doc);
	return 0;
}

/*
 * A limit of the editing core, kept here until the core lifts it: a key inserted before
 * another key of a manifest embedded in a literal block ends with a line break that is not
 * followed by the block's indentation, so the key it was inserted before moves out of the
 * block. The pull secret step therefore puts lists last in embedded manifests. Runs only with
 * IMGREG_TODO=1, and fails until ir_embed_close() indents after a line break it writes.
 */
START_TEST(test_todo_embedded_insert_before)
{
	static const char in[] = "data: |\n  a: 1\n  b: 2\nnext: 1\n";
	static const char want[] = "data: |\n  a: 1\n  k: x\n  b: 2\nnext: 1\n";
	struct ir_buf out = IR_BUF_INIT;
	struct ir_stream s;
	char *copy = strdup(in), err[300] = "";
	size_t off;

	ir_stream_init(&s, "<test>", copy, strlen(copy), true);
	ck_assert_int_eq(ir_yaml_parse(&s, edit_embedded, NULL, &off, err, sizeof(err)), 0);
	ck_assert_int_eq(ir_edits_apply(s.edits, &out), 0);
	ck_assert_str_eq(out.data ? out.data : "", want);
	ck_assert_int_eq(ir_verify_text(&s, out.data, out.len, err, sizeof(err)), 0);
	ir_buf_free(&out);
	ir_stream_release(&s);
	free(copy);
}
END_TEST

Suite *
pullsecret_suite(void)
{
	Suite *s = suite_create("pullsecret");
	TCase *tc = tcase_create("pullsecret");
	const char *todo = getenv("IMGREG_TODO");

	tcase_add_loop_test(tc, test_json_valid, 0, NELEM(valid));
	tcase_add_loop_test(tc, test_json_invalid, 0, NELEM(invalid));
	tcase_add_test(tc, test_json_length);
	tcase_add_test(tc, test_json_deep);
	tcase_add_test(tc, test_json_write);
	tcase_add_loop_test(tc, test_kubesphere_merge, 0, NELEM(merges));
	tcase_add_test(tc, test_kubesphere_new);
	tcase_add_loop_test(tc, test_pulls_from, 0, NELEM(pulls));
	tcase_add_loop_test(tc, test_run, 0, NELEM(runs));
	tcase_add_test(tc, test_public);
	tcase_add_test(tc, test_listed);
	if (todo && strcmp(todo, "1") == 0) {
		tcase_add_test(tc, test_todo_fill_empty_value);
		tcase_add_test(tc, test_todo_embedded_insert_before);
	}
	suite_add_tcase(s, tc);
	return s;
}
