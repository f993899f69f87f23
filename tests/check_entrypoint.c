/* Unit tests for the entrypoint table (include/imgreg/eptable.h) and the lookup rule. */
#include <check.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "imgreg/buf.h"
#include "imgreg/entrypoint.h"
#include "imgreg/eptable.h"
#include "imgreg/exit.h"
#include "imgreg/msg.h"
#include "imgreg/ref.h"
#include "imgreg/settings.h"

#include "check_suites.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

#define HEX64	"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

/* A table of three layers, as the filter builds it: built-in, settings, --entrypoints. */
static const char builtin[] =
    "entrypoints:\n"
    "  litmus-checker: [/var/run/checker]\n"
    "  litmus-app-deployer: [/var/run/deployer]\n"
    "  tool: [/bin/tool]\n"
    "  tool:1.*: [/old/tool, --legacy]\n"
    "  tool:1.9: [/bin/tool19]\n";
static const char user[] =
    "entrypoints:\n"
    "  litmus-checker:2.*: [./checker]\n"
    "  tool: [/usr/bin/tool]\n";

/* Messages go to a counter instead of standard error. */
static int nmsg;

static int
count_msg(enum ir_level level, const char *file, unsigned long line, unsigned long col,
    const char *text, void *arg)
{
	(void)level, (void)file, (void)line, (void)col, (void)text, (void)arg;
	nmsg++;
	return 1;
}

/* Loads layers from texts; fails the test when one does not load. */
static void
load(struct ir_eptable *t, const char *const *texts, size_t n)
{
	size_t i;

	memset(t, 0, sizeof(*t));
	for (i = 0; i < n; i++)
		ck_assert_int_eq(ir_eptable_add_text(t, "t.yaml", texts[i], strlen(texts[i])), 0);
}

/* Returns the command of image in table t joined by spaces, or "-" when it has none. */
static const char *
command_of(const struct ir_eptable *t, const char *image)
{
	static char buf[256];
	const struct ir_entry *e;
	struct ir_ref ref;
	const char *why;
	size_t i, n = 0;

	ck_assert_msg(ir_ref_parse(image, strlen(image), &ref, &why) == 0, "%s: %s", image, why);
	if ((e = ir_eptable_match(t, &ref)) == NULL)
		return "-";
	buf[0] = '\0';
	for (i = 0; i < e->argv.n; i++)
		n += (size_t)snprintf(buf + n, sizeof(buf) - n, "%s%s", i ? " " : "",
		    e->argv.items[i]);
	return buf;
}

struct match_case {
	int layers;		/* 1: built-in only, 2: built-in and user */
	const char *image, *want;
};

static const struct match_case matches[] = {
	{ 1, "litmuschaos/litmus-checker:3.9.0", "/var/run/checker" },
	{ 1, "litmuschaos/litmus-checker", "/var/run/checker" },
	{ 1, "chaosnative/litmus-checker:1.47.0", "/var/run/checker" },
	{ 1, "reg.acme.io:5000/team/chaos/litmus-checker:latest", "/var/run/checker" },
	{ 1, "litmuschaos/litmus-checker@sha256:" HEX64, "/var/run/checker" },
	{ 1, "litmuschaos/litmus-app-deployer:latest", "/var/run/deployer" },
	{ 1, "litmuschaos/litmus-checkers:1", "-" },
	{ 1, "litmuschaos/checker:1", "-" },
	{ 1, "litmus-checker/other:1", "-" },
	/* a pattern that matches beats the bare name; of two patterns the later one wins */
	{ 1, "x/tool:2.0", "/bin/tool" },
	{ 1, "x/tool:1.2", "/old/tool --legacy" },
	{ 1, "x/tool:1.9", "/bin/tool19" },
	{ 1, "x/tool", "/bin/tool" },
	{ 1, "x/tool@sha256:" HEX64, "/bin/tool" },
	/* a later layer wins for every tag it has an entry for */
	{ 2, "litmuschaos/litmus-checker:2.14.0", "./checker" },
	{ 2, "litmuschaos/litmus-checker:3.0.0", "/var/run/checker" },
	{ 2, "x/tool:1.9", "/usr/bin/tool" },
	{ 2, "x/tool", "/usr/bin/tool" },
	{ 2, "litmuschaos/litmus-app-deployer", "/var/run/deployer" },
};

START_TEST(match_by_name_tag_and_layer)
{
	const char *texts[] = { builtin, user };
	const struct match_case *c = &matches[_i];
	struct ir_eptable t;

	load(&t, texts, (size_t)c->layers);
	ck_assert_msg(strcmp(command_of(&t, c->image), c->want) == 0, "%s: got '%s', want '%s'",
	    c->image, command_of(&t, c->image), c->want);
	ir_eptable_release(&t);
}
END_TEST

START_TEST(settings_layer_overrides)
{
	const char *texts[] = { builtin };
	struct ir_settings s;
	struct ir_entry e = { .image = "litmus-checker" };
	char *argv[] = { "/checker", NULL };
	struct ir_eptable t;

	load(&t, texts, 1);
	ir_settings_preset(&s, IR_PRESET_HCE);
	ir_eptable_add_settings(&t, &s);
	ck_assert_uint_eq(t.n, 1);
	e.argv.items = argv;
	e.argv.n = 1;
	s.entrypoints = &e;
	s.nentrypoints = 1;
	ir_eptable_add_settings(&t, &s);
	s.entrypoints = NULL;
	s.nentrypoints = 0;
	ck_assert_uint_eq(t.n, 2);
	ck_assert_str_eq(command_of(&t, "litmuschaos/litmus-checker:3.9.0"), "/checker");
	ck_assert_str_eq(command_of(&t, "litmus-app-deployer"), "/var/run/deployer");
	ir_settings_release(&s);
	ir_eptable_release(&t);
}
END_TEST

/* Tables that must be rejected, each with at least one message. */
static const char *const bad_tables[] = {
	"entrypoints:\n  litmuschaos/litmus-checker: [/var/run/checker]\n",
	"entrypoints:\n  Litmus-Checker: [/var/run/checker]\n",
	"entrypoints:\n  litmus-checker: []\n",
	"entrypoints:\n  litmus-checker: ['', -x]\n",
	"entrypoints:\n  litmus-checker: /var/run/checker\n",
	"entrypoints: [litmus-checker]\n",
	"entrypoint:\n  litmus-checker: [/var/run/checker]\n",
	"entrypoints:\n  litmus-checker: [/var/run/checker\n",
};

START_TEST(bad_table_rejected)
{
	struct ir_eptable t = { 0 };
	const char *text = bad_tables[_i];

	nmsg = 0;
	ir_msg_set_sink(count_msg, NULL);
	ck_assert_int_ne(ir_eptable_add_text(&t, "bad.yaml", text, strlen(text)), 0);
	ir_msg_set_sink(NULL, NULL);
	ck_assert_msg(nmsg > 0, "no message for: %s", text);
	ck_assert_uint_eq(t.n, 0);
	ir_eptable_release(&t);
}
END_TEST

START_TEST(empty_table_matches_nothing)
{
	const char *texts[] = { "# nothing yet\nentrypoints: {}\n" };
	struct ir_eptable t;

	load(&t, texts, 1);
	ck_assert_str_eq(command_of(&t, "litmuschaos/litmus-checker"), "-");
	ir_eptable_release(&t);
}
END_TEST

START_TEST(find_in_datadir)
{
	char dir[] = "/tmp/check-eptable-XXXXXX", path[512], want[512];
	FILE *fp;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	setenv("IMGREG_DATADIR", dir, 1);
	ck_assert_int_eq(ir_eptable_find(path, sizeof(path)), -1);
	snprintf(want, sizeof(want), "%s/%s", dir, IR_EPTABLE_FILE);
	ck_assert_str_eq(path, want);
	ck_assert_ptr_nonnull(fp = fopen(want, "w"));
	fputs(builtin, fp);
	fclose(fp);
	ck_assert_int_eq(ir_eptable_find(path, sizeof(path)), 0);
	ck_assert_str_eq(path, want);
	unlink(want);
	rmdir(dir);
	unsetenv("IMGREG_DATADIR");
}
END_TEST

/* The lookup rule: settings as flags would give them, and the expected answer. */
struct rule_case {
	const char *image;
	bool is_private, internal, secrets;
	const char *mirror;	/* from=to, or NULL */
	const char *custom;	/* key=reference, or NULL */
	bool only;		/* --only docker.io/litmuschaos, which must not matter */
	bool fails;
};

static const struct rule_case rules[] = {
	{ "reg.acme.io:5000/chaos/litmus-checker:3.9.0", true, false, false, NULL, NULL, false,
	    true },
	{ "reg.acme.io:5000/chaos/litmus-checker:3.9.0", false, true, false, NULL, NULL, false,
	    true },
	{ "reg.acme.io:5000/chaos/litmus-checker:3.9.0", true, true, true, NULL, NULL, false,
	    false },
	{ "reg.acme.io:5000/chaos/litmus-checker:3.9.0", false, false, false, NULL, NULL, false,
	    false },
	{ "reg.acme.io:5000/chaos/sub/litmus-checker", true, false, false, NULL, NULL, false,
	    true },
	{ "litmuschaos/litmus-checker:3.9.0", true, true, false, NULL, NULL, false, false },
	{ "reg.acme.io:5000/chaosx/litmus-checker", true, false, false, NULL, NULL, false,
	    false },
	{ "reg.acme.io/chaos/litmus-checker", true, false, false, NULL, NULL, false, false },
	{ "reg.acme.io:5000/hub/litmus-checker", false, true, false,
	    "docker.io/litmuschaos=reg.acme.io:5000/hub", NULL, false, true },
	{ "mirror.io/c/litmus-checker:1", false, true, false, NULL,
	    "litmus-checker=mirror.io/c/litmus-checker:1", false, true },
	{ "reg.acme.io:5000/chaos/litmus-checker", false, true, false, NULL, NULL, true,
	    true },
};

/* Sets a pair list of one "a=b" entry. */
static void
one_pair(struct ir_pair **p, size_t *n, const char *spec)
{
	const char *eq = strchr(spec, '=');

	*p = ir_xcalloc(1, sizeof(**p));
	(*p)->key = ir_xstrndup(spec, (size_t)(eq - spec));
	(*p)->value = ir_xstrndup(eq + 1, strlen(eq + 1));
	*n = 1;
}

START_TEST(lookup_rule)
{
	const struct rule_case *c = &rules[_i];
	struct ir_settings s;
	struct ir_ref ref;
	const char *why;

	ir_settings_preset(&s, IR_PRESET_HCE);
	free(s.server);
	free(s.account);
	s.server = ir_xstrndup("reg.acme.io:5000", 16);
	s.account = ir_xstrndup("chaos", 5);
	s.is_private = c->is_private;
	s.internal = c->internal;
	if (c->mirror)
		one_pair(&s.mirrors, &s.nmirrors, c->mirror);
	if (c->custom) {
		one_pair(&s.custom, &s.ncustom, c->custom);
		s.use_custom_images = true;
	}
	if (c->only) {
		s.only.items = ir_xcalloc(2, sizeof(char *));
		s.only.items[0] = ir_xstrndup("docker.io/litmuschaos", 21);
		s.only.n = 1;
	}
	ck_assert_int_eq(ir_ref_parse(c->image, strlen(c->image), &ref, &why), 0);
	ck_assert_msg(ir_entrypoint_lookup_fails(&s, &ref, c->secrets) == c->fails,
	    "case %d: %s", _i, c->image);
	ir_settings_release(&s);
}
END_TEST

Suite *
entrypoint_suite(void)
{
	Suite *s = suite_create("entrypoint");
	TCase *table = tcase_create("table"), *rule = tcase_create("rule");

	tcase_add_loop_test(table, match_by_name_tag_and_layer, 0, (int)NELEM(matches));
	tcase_add_test(table, settings_layer_overrides);
	tcase_add_loop_test(table, bad_table_rejected, 0, (int)NELEM(bad_tables));
	tcase_add_test(table, empty_table_matches_nothing);
	tcase_add_test(table, find_in_datadir);
	tcase_add_loop_test(rule, lookup_rule, 0, (int)NELEM(rules));
	suite_add_tcase(s, table);
	suite_add_tcase(s, rule);
	return s;
}
