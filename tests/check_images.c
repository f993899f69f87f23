/* Unit tests for the images step (include/imgreg/images.h, path.h, required.h). */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "imgreg/buf.h"
#include "imgreg/exit.h"
#include "imgreg/images.h"
#include "imgreg/msg.h"
#include "imgreg/occurrence.h"
#include "imgreg/path.h"
#include "imgreg/required.h"
#include "imgreg/settings.h"
#include "imgreg/stream.h"
#include "imgreg/yaml.h"

#include "check_suites.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

struct path_case {
	const char *yaml;
	const char *walk;	/* an ir_walk() path to the nodes */
	const char *want;	/* their field paths, ';'-separated */
};

static const struct path_case paths[] = {
	{ "spec:\n  containers:\n    - image: a\n    - image: b\n", "spec.containers.[].image",
	    "spec.containers[0].image;spec.containers[1].image" },
	{ "a: {b: [x, [y, z]]}\n", "a.b.[].[]", "a.b[1][0];a.b[1][1]" },
	{ "- - - deep\n", "[].[].[]", "[0][0][0]" },
	{ "metadata:\n  annotations:\n    kubesphere.io/x: v\n", "metadata.annotations.*",
	    "metadata.annotations[\"kubesphere.io/x\"]" },
	{ "\"a b\": {\"q\\\"\\\\\": 1}\n", "*.*", "[\"a b\"][\"q\\\"\\\\\"]" },
	{ "\"\": 1\n", "*", "[\"\"]" },
	{ "x_y-1: 2\n", "*", "x_y-1" },
	{ "k: v\n", "", "" },
	/* a node reached through an alias has its anchor's path */
	{ "base: &c {image: a}\nlist: [*c]\n", "list.[].image", "base.image" },
};

/* The state of one path case. */
struct path_run {
	const struct path_case *c;
	struct ir_buf got;
};

/* Appends the path of one node reached by the walk. */
static int
add_path(struct ir_doc *doc, ir_id id, void *arg)
{
	struct path_run *r = arg;

	if (r->got.len)
		ir_buf_addc(&r->got, ';');
	ir_node_path(doc, id, &r->got);
	ir_buf_addn(&r->got, '\0', 0);
	return 0;
}

/* Walks the case's path in the document. */
static int
path_doc(struct ir_doc *doc, void *arg)
{
	struct path_run *r = arg;

	return ir_walk(doc, doc->root, r->c->walk, add_path, r);
}

START_TEST(test_node_path)
{
	struct path_run r = { &paths[_i], IR_BUF_INIT };
	struct ir_stream s;
	char err[300];
	size_t off;

	ir_stream_init(&s, "<test>", r.c->yaml, strlen(r.c->yaml), false);
	ck_assert_int_eq(ir_yaml_parse(&s, path_doc, &r, &off, err, sizeof(err)), 0);
	ck_assert_str_eq(r.got.data ? r.got.data : "", r.c->want);
	ir_buf_free(&r.got);
	ir_stream_release(&s);
}
END_TEST

/* What test_occurrence_read_then_place saw of each image, ';'-separated. */
static int
occurrence_of(struct ir_doc *doc, const struct ir_image *img, void *arg)
{
	struct ir_buf *got = arg;
	struct ir_occurrence o;

	ir_occurrence_read(doc, img, &o);
	/* read alone: the text and the templated flag, nothing of where it is */
	ck_assert(!o.placed);
	ck_assert_ptr_null(o.file);
	ck_assert_str_eq(o.kind, "");
	ck_assert_uint_eq(o.name.len + o.path.len, 0);
	ir_occurrence_place(&o);
	ir_occurrence_place(&o);	/* a second time changes nothing */
	ir_buf_addf(got, "%s%s %lu:%lu %s/%s %s%s", got->len ? ";" : "", o.text.data, o.line,
	    o.col, o.kind, o.name.data, o.path.data, o.templated ? " templated" : "");
	ir_occurrence_release(&o);
	return 0;
}

/* Describes the images of one document in two steps. */
static int
occurrence_doc(struct ir_doc *doc, void *arg)
{
	return ir_locate_images(doc, occurrence_of, arg);
}

START_TEST(test_occurrence_read_then_place)
{
	static const char yaml[] =
	    "kind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n  - image: nginx:1.25\n"
	    "  - image: \"{{inputs.parameters.image}}\"\n";
	struct ir_buf got = IR_BUF_INIT;
	struct ir_stream s;
	char err[300];
	size_t off;

	ir_stream_init(&s, "<test>", yaml, strlen(yaml), false);
	ck_assert_int_eq(ir_yaml_parse(&s, occurrence_doc, &got, &off, err, sizeof(err)), 0);
	ck_assert_str_eq(got.data, "nginx:1.25 6:12 Pod/web spec.containers[0].image;"
	    "{{inputs.parameters.image}} 7:12 Pod/web spec.containers[1].image templated");
	ck_assert_str_eq(s.name, "<test>");
	ir_buf_free(&got);
	ir_stream_release(&s);
}
END_TEST

struct quote_case {
	const char *in, *want;
};

static const struct quote_case quotes[] = {
	{ "", "''" },
	{ "docker://nginx:1.25", "'docker://nginx:1.25'" },
	{ "it's", "'it'\\''s'" },
	{ "''", "''\\'''\\'''" },
	{ "$(rm -rf /) `x` \"y\" \\ ;&|", "'$(rm -rf /) `x` \"y\" \\ ;&|'" },
	{ "a\nb", "'a\nb'" },
};

START_TEST(test_sh_quote)
{
	struct ir_buf out = IR_BUF_INIT;

	ir_sh_quote(&out, quotes[_i].in);
	ck_assert_str_eq(out.data, quotes[_i].want);
	ir_buf_free(&out);
}
END_TEST

/* The words the shell reads back from a quoted word are the word itself. */
START_TEST(test_sh_quote_roundtrip)
{
	static const char word[] = "a'b\"c$d`e\\f g'";
	struct ir_buf cmd = IR_BUF_INIT;
	char got[64] = "";
	FILE *p;

	ir_buf_adds(&cmd, "printf %s ");
	ir_sh_quote(&cmd, word);
	p = popen(cmd.data, "r");
	ck_assert_ptr_nonnull(p);
	ck_assert_ptr_nonnull(fgets(got, sizeof(got), p));
	pclose(p);
	ck_assert_str_eq(got, word);
	ir_buf_free(&cmd);
}
END_TEST

START_TEST(test_format_names)
{
	ck_assert_int_eq(ir_images_format("text"), IR_IMAGES_TEXT);
	ck_assert_int_eq(ir_images_format("json"), IR_IMAGES_JSON);
	ck_assert_int_eq(ir_images_format("mirror"), IR_IMAGES_MIRROR);
	ck_assert_int_eq(ir_images_format("skopeo"), IR_IMAGES_SKOPEO);
	ck_assert_int_eq(ir_images_format("crane"), IR_IMAGES_CRANE);
	ck_assert_int_eq(ir_images_format("yaml"), -1);
	ck_assert_int_eq(ir_images_format(""), -1);
}
END_TEST

/* Writes text into a temporary file whose path goes into path (PATH_MAX bytes). */
static void
temp_file(char *path, const char *text)
{
	int fd;

	strcpy(path, "/tmp/check_images.XXXXXX");
	fd = mkstemp(path);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, text, strlen(text)), (int)strlen(text));
	close(fd);
}

/* Keeps the messages of the error cases off the test's output. */
static int
swallow(enum ir_level level, const char *file, unsigned long line, unsigned long col,
    const char *text, void *arg)
{
	(void)level, (void)file, (void)line, (void)col, (void)text;
	++*(int *)arg;
	return 1;
}

START_TEST(test_required)
{
	char path[64];
	struct ir_list l = { 0 };
	int messages = 0;

	temp_file(path, "# comment\nddcr:\n  - harness/a:{version}\n  - b.io/c:1.0\n"
	    "dedicated:\n  - x:{version}-{version}\n");
	ck_assert_int_eq(ir_required_images(path, "ddcr", "1.47.0", &l), 0);
	ck_assert_uint_eq(l.n, 2);
	ck_assert_str_eq(l.items[0], "harness/a:1.47.0");
	ck_assert_str_eq(l.items[1], "b.io/c:1.0");
	ck_assert_int_eq(ir_required_images(path, "dedicated", "2", &l), 0);
	ck_assert_uint_eq(l.n, 3);
	ck_assert_str_eq(l.items[2], "x:2-2");
	ir_list_clear(&l);
	ck_assert_uint_eq(l.n, 0);
	ir_msg_set_sink(swallow, &messages);
	ck_assert_int_eq(ir_required_images(path, "other", "1", &l), IR_EXIT_USAGE);
	ck_assert_int_eq(ir_required_images(path, "ddcr", "bad version!", &l), IR_EXIT_USAGE);
	ir_list_clear(&l);
	unlink(path);
	temp_file(path, "ddcr: harness/a\n");
	ck_assert_int_eq(ir_required_images(path, "ddcr", "1", &l), IR_EXIT_USAGE);
	unlink(path);
	ck_assert_int_eq(ir_required_images(path, "ddcr", "1", &l), IR_EXIT_IO);
	ck_assert_uint_eq(l.n, 0);
	ir_msg_set_sink(NULL, NULL);
	ck_assert_int_eq(messages, 4);
}
END_TEST

/* Mirror plans: sorted, once each, the destination by the settings' rules; images already in
 * place, not selected, or replaced by custom images are left out. */
START_TEST(test_mirror_plan)
{
	struct ir_settings s;
	struct ir_images im = { .format = IR_IMAGES_MIRROR };

	ir_settings_preset(&s, IR_PRESET_HCE);
	im.settings = &s;
	ck_assert_int_eq(ir_images_add_required(&im, "nginx:1.25"), 0);
	ck_assert_int_eq(ir_images_add_required(&im, "docker.io/library/nginx:1.25"), 0);
	ck_assert_int_eq(ir_images_add_required(&im, "ghcr.io/a/b@sha256:"
	    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"), 0);
	ck_assert_int_eq(ir_images_add_required(&im, "chaosnative/go-runner:1"), 0);
	ck_assert_int_eq(ir_images_add_required(&im, "Bad:ref"), -1);
	ir_images_finish(&im);
	ck_assert_str_eq(im.out.data, "docker.io/library/nginx:1.25\tdocker.io/chaosnative/"
	    "nginx:1.25\nghcr.io/a/b@sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca49"
	    "5991b7852b855\tdocker.io/chaosnative/b@sha256:e3b0c44298fc1c149afbf4c8996fb92427ae"
	    "41e4649b934ca495991b7852b855\n");
	ir_images_release(&im);
	ir_settings_release(&s);
}
END_TEST

/* A crane script: a shebang, set -eu, one quoted command per image. */
START_TEST(test_crane_script)
{
	struct ir_settings s;
	struct ir_images im = { .format = IR_IMAGES_CRANE };

	ir_settings_preset(&s, IR_PRESET_LITMUS);
	im.settings = &s;
	ir_images_add_required(&im, "quay.io/x/y:2");
	ir_images_finish(&im);
	ck_assert_ptr_nonnull(strstr(im.out.data, "#!/bin/sh\n"));
	ck_assert_ptr_nonnull(strstr(im.out.data, "\nset -eu\n"));
	ck_assert_ptr_nonnull(strstr(im.out.data, "\ncrane copy 'quay.io/x/y:2' "
	    "'docker.io/litmuschaos/y:2'\n"));
	ir_images_release(&im);
	ir_settings_release(&s);
}
END_TEST

Suite *
images_suite(void)
{
	Suite *s = suite_create("images");
	TCase *tc = tcase_create("images");

	tcase_add_loop_test(tc, test_node_path, 0, NELEM(paths));
	tcase_add_loop_test(tc, test_sh_quote, 0, NELEM(quotes));
	tcase_add_test(tc, test_sh_quote_roundtrip);
	tcase_add_test(tc, test_occurrence_read_then_place);
	tcase_add_test(tc, test_format_names);
	tcase_add_test(tc, test_required);
	tcase_add_test(tc, test_mirror_plan);
	tcase_add_test(tc, test_crane_script);
	suite_add_tcase(s, tc);
	return s;
}
