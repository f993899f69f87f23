/* Unit tests for the rewrite rules (include/imgreg/rules.h). */
#include <check.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "imgreg/buf.h"
#include "imgreg/ref.h"
#include "imgreg/rules.h"
#include "imgreg/settings.h"

#include "check_suites.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

#define HEX64	"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
#define DIGEST	"sha256:" HEX64

/* The server and account of most cases, and where they send an image. */
#define SERVER	"reg.acme.io:5000"
#define ACCOUNT	"chaos"
#define REG	SERVER "/" ACCOUNT

/* Mirror lists (from=to, space separated, normalised as the settings reader leaves them). */
#define GHCR	"ghcr.io=" SERVER "/ghcr ghcr.io/acme=" SERVER "/acme"
#define GHCR_REV	"ghcr.io/acme=" SERVER "/acme ghcr.io=" SERVER "/ghcr"
#define HUB	"docker.io=mirror.io/hub"

/* Custom images (key=value, space separated; "key=" is a key removed by a merge). */
#define HCE	"litmus-checker=reg.io/c/litmus-checker:3.4.0 " \
		"logWatcher=reg.io/c/chaos-log-watcher:1.47.0 " \
		"ddcr=reg.io/c/chaos-ddcr:1.47.0 " \
		"ddcrFault=reg.io/c/chaos-ddcr-faults:1.47.0"

struct rule_case {
	const char *image;
	enum ir_path_mode mode;
	const char *mirrors;
	const char *only, *exclude;	/* prefixes, space separated */
	const char *custom;		/* useCustomImages is on when given */
	enum ir_rule rule;
	const char *want;		/* "" for IR_RULE_TARGET and IR_RULE_UNSELECTED */
};

static const struct rule_case cases[] = {
	/* path mode last: the last path component, tag and digest kept */
	{ "nginx", IR_PATH_LAST, NULL, NULL, NULL, NULL, IR_RULE_REGISTRY,
	    REG "/nginx" },
	{ "nginx:1.25", IR_PATH_LAST, NULL, NULL, NULL, NULL, IR_RULE_REGISTRY,
	    REG "/nginx:1.25" },
	{ "docker.io/library/nginx:1.25", IR_PATH_LAST, NULL, NULL, NULL, NULL,
	    IR_RULE_REGISTRY, REG "/nginx:1.25" },
	{ "index.docker.io/nginx", IR_PATH_LAST, NULL, NULL, NULL, NULL, IR_RULE_REGISTRY,
	    REG "/nginx" },
	{ "ghcr.io/a/b/c:1", IR_PATH_LAST, NULL, NULL, NULL, NULL, IR_RULE_REGISTRY,
	    REG "/c:1" },
	{ "nginx@" DIGEST, IR_PATH_LAST, NULL, NULL, NULL, NULL, IR_RULE_REGISTRY,
	    REG "/nginx@" DIGEST },
	{ "nginx:1.25@" DIGEST, IR_PATH_LAST, NULL, NULL, NULL, NULL, IR_RULE_REGISTRY,
	    REG "/nginx:1.25@" DIGEST },
	/* path mode keep: the whole normalised path, library/ included */
	{ "nginx", IR_PATH_KEEP, NULL, NULL, NULL, NULL, IR_RULE_REGISTRY,
	    REG "/library/nginx" },
	{ "docker.io/nginx:1.25", IR_PATH_KEEP, NULL, NULL, NULL, NULL, IR_RULE_REGISTRY,
	    REG "/library/nginx:1.25" },
	{ "litmuschaos/go-runner:3.0.0", IR_PATH_KEEP, NULL, NULL, NULL, NULL,
	    IR_RULE_REGISTRY, REG "/litmuschaos/go-runner:3.0.0" },
	{ "ghcr.io/a/b/c:1@" DIGEST, IR_PATH_KEEP, NULL, NULL, NULL, NULL, IR_RULE_REGISTRY,
	    REG "/a/b/c:1@" DIGEST },
	/* path mode full: the normalised domain and path */
	{ "nginx", IR_PATH_FULL, NULL, NULL, NULL, NULL, IR_RULE_REGISTRY,
	    REG "/docker.io/library/nginx" },
	{ "index.docker.io/nginx:1", IR_PATH_FULL, NULL, NULL, NULL, NULL, IR_RULE_REGISTRY,
	    REG "/docker.io/library/nginx:1" },
	{ "ghcr.io/a/b:1@" DIGEST, IR_PATH_FULL, NULL, NULL, NULL, NULL, IR_RULE_REGISTRY,
	    REG "/ghcr.io/a/b:1@" DIGEST },
	/* mirrors: the longest prefix wins, whatever the order, at a component boundary */
	{ "ghcr.io/acme/tool:1", IR_PATH_LAST, GHCR, NULL, NULL, NULL, IR_RULE_MIRROR,
	    SERVER "/acme/tool:1" },
	{ "ghcr.io/acme/tool:1", IR_PATH_LAST, GHCR_REV, NULL, NULL, NULL, IR_RULE_MIRROR,
	    SERVER "/acme/tool:1" },
	{ "ghcr.io/other/x:2", IR_PATH_LAST, GHCR, NULL, NULL, NULL, IR_RULE_MIRROR,
	    SERVER "/ghcr/other/x:2" },
	{ "ghcr.io/acmex/tool", IR_PATH_LAST, GHCR, NULL, NULL, NULL, IR_RULE_MIRROR,
	    SERVER "/ghcr/acmex/tool" },
	{ "ghcr.io/acme", IR_PATH_LAST, GHCR, NULL, NULL, NULL, IR_RULE_MIRROR,
	    SERVER "/acme" },
	{ "ghcr.io/acme/tool:1@" DIGEST, IR_PATH_KEEP, GHCR, NULL, NULL, NULL, IR_RULE_MIRROR,
	    SERVER "/acme/tool:1@" DIGEST },
	{ "quay.io/x/y:1", IR_PATH_LAST, GHCR, NULL, NULL, NULL, IR_RULE_REGISTRY,
	    REG "/y:1" },
	/* mirrors from a bare domain, docker.io normalised on the way */
	{ "nginx:1", IR_PATH_LAST, HUB, NULL, NULL, NULL, IR_RULE_MIRROR,
	    "mirror.io/hub/library/nginx:1" },
	{ "litmuschaos/go-runner:3.0.0", IR_PATH_LAST, HUB, NULL, NULL, NULL, IR_RULE_MIRROR,
	    "mirror.io/hub/litmuschaos/go-runner:3.0.0" },
	{ "busybox@" DIGEST, IR_PATH_LAST, "docker.io/library=mirror.io/lib", NULL, NULL, NULL,
	    IR_RULE_MIRROR, "mirror.io/lib/busybox@" DIGEST },
	{ "quay.io/prometheus/node-exporter:v1.7.0", IR_PATH_LAST,
	    "quay.io=" SERVER "/quay", NULL, NULL, NULL, IR_RULE_MIRROR,
	    SERVER "/quay/prometheus/node-exporter:v1.7.0" },
	{ "localhost:5000/app:1", IR_PATH_LAST, "localhost:5000=" SERVER "/local", NULL, NULL,
	    NULL, IR_RULE_MIRROR, SERVER "/local/app:1" },
	{ "localhost:5000/app:1", IR_PATH_LAST, "localhost=" SERVER "/local", NULL, NULL, NULL,
	    IR_RULE_REGISTRY, REG "/app:1" },
	/* only and exclude */
	{ "ghcr.io/x/y:1", IR_PATH_LAST, NULL, "docker.io/litmuschaos", NULL, NULL,
	    IR_RULE_UNSELECTED, "" },
	{ "litmuschaos/go-runner:3.0.0", IR_PATH_LAST, NULL, "docker.io/litmuschaos", NULL,
	    NULL, IR_RULE_REGISTRY, REG "/go-runner:3.0.0" },
	{ "chaosnative/chaos-runner:1", IR_PATH_LAST, NULL,
	    "docker.io/litmuschaos docker.io/chaosnative", NULL, NULL, IR_RULE_REGISTRY,
	    REG "/chaos-runner:1" },
	{ "docker.io/litmuschaosx/go-runner", IR_PATH_LAST, NULL, "docker.io/litmuschaos",
	    NULL, NULL, IR_RULE_UNSELECTED, "" },
	{ "ghcr.io/a/b", IR_PATH_LAST, NULL, "ghcr.io", NULL, NULL, IR_RULE_REGISTRY,
	    REG "/b" },
	{ "quay.io/a/b", IR_PATH_LAST, NULL, "ghcr.io", NULL, NULL, IR_RULE_UNSELECTED, "" },
	{ "registry.k8s.io/pause:3.9", IR_PATH_LAST, NULL, NULL, "registry.k8s.io/pause", NULL,
	    IR_RULE_UNSELECTED, "" },
	{ "registry.k8s.io/pausex:3.9", IR_PATH_LAST, NULL, NULL, "registry.k8s.io/pause",
	    NULL, IR_RULE_REGISTRY, REG "/pausex:3.9" },
	{ "nginx", IR_PATH_LAST, NULL, "docker.io", "docker.io/library", NULL,
	    IR_RULE_UNSELECTED, "" },
	{ "litmuschaos/litmus-checker:3.0.0", IR_PATH_LAST, NULL, NULL,
	    "docker.io/litmuschaos", HCE, IR_RULE_UNSELECTED, "" },
	{ "ghcr.io/acme/tool", IR_PATH_LAST, GHCR, NULL, "ghcr.io/acme", NULL,
	    IR_RULE_UNSELECTED, "" },
	/* already under the target, or under a mirror's destination */
	{ REG "/nginx:1", IR_PATH_LAST, NULL, NULL, NULL, NULL, IR_RULE_TARGET, "" },
	{ REG "/sub/x@" DIGEST, IR_PATH_KEEP, NULL, NULL, NULL, NULL, IR_RULE_TARGET, "" },
	{ REG "/docker.io/library/nginx", IR_PATH_FULL, NULL, NULL, NULL, NULL,
	    IR_RULE_TARGET, "" },
	{ REG, IR_PATH_LAST, NULL, NULL, NULL, NULL, IR_RULE_TARGET, "" },
	{ SERVER "/chaosx/nginx", IR_PATH_LAST, NULL, NULL, NULL, NULL, IR_RULE_REGISTRY,
	    REG "/nginx" },
	{ "reg.acme.io/chaos/nginx", IR_PATH_LAST, NULL, NULL, NULL, NULL, IR_RULE_REGISTRY,
	    REG "/nginx" },
	{ SERVER "/ghcr/other/x:2", IR_PATH_LAST, GHCR, NULL, NULL, NULL, IR_RULE_TARGET, "" },
	{ "mirror.io/hub/library/nginx", IR_PATH_LAST, HUB, NULL, NULL, NULL, IR_RULE_TARGET,
	    "" },
	/* custom images by image name and by component key */
	{ "litmuschaos/litmus-checker:3.0.0", IR_PATH_LAST, NULL, NULL, NULL, HCE,
	    IR_RULE_CUSTOM, "reg.io/c/litmus-checker:3.4.0" },
	{ "harness/chaos-log-watcher:1.40.0", IR_PATH_LAST, NULL, NULL, NULL, HCE,
	    IR_RULE_CUSTOM, "reg.io/c/chaos-log-watcher:1.47.0" },
	{ "harness/chaos-ddcr:1.40.0", IR_PATH_LAST, NULL, NULL, NULL, HCE, IR_RULE_CUSTOM,
	    "reg.io/c/chaos-ddcr:1.47.0" },
	{ "harness/chaos-ddcr-faults:1.40.0", IR_PATH_LAST, NULL, NULL, NULL, HCE,
	    IR_RULE_CUSTOM, "reg.io/c/chaos-ddcr-faults:1.47.0" },
	{ "chaosnative/chaos-log-watcher", IR_PATH_LAST, NULL, NULL, NULL,
	    "chaos-log-watcher=reg.io/c/lw:2", IR_RULE_CUSTOM, "reg.io/c/lw:2" },
	{ "litmuschaos/go-runner:3.0.0", IR_PATH_LAST, NULL, NULL, NULL, HCE,
	    IR_RULE_REGISTRY, REG "/go-runner:3.0.0" },
	{ "ghcr.io/acme/litmus-checker:1", IR_PATH_LAST, GHCR, NULL, NULL, HCE,
	    IR_RULE_CUSTOM, "reg.io/c/litmus-checker:3.4.0" },
	/* ddcrLib: the image its own reference names */
	{ "harness/chaos-ddcr-lib:1.0", IR_PATH_LAST, NULL, NULL, NULL,
	    "ddcrLib=reg.io/c/chaos-ddcr-lib:2.0", IR_RULE_CUSTOM, "reg.io/c/chaos-ddcr-lib:2.0" },
	{ "harness/chaos-ddcr-faults:1.0", IR_PATH_LAST, NULL, NULL, NULL,
	    "ddcrLib=reg.io/c/chaos-ddcr-lib:2.0", IR_RULE_REGISTRY,
	    REG "/chaos-ddcr-faults:1.0" },
	{ "harness/chaos-ddcr-faults:1.0", IR_PATH_LAST, NULL, NULL, NULL,
	    "ddcrLib=reg.io/c/chaos-ddcr-faults:2.0", IR_RULE_CUSTOM,
	    "reg.io/c/chaos-ddcr-faults:2.0" },
	/* a custom image without tag keeps the original tag and digest */
	{ "harness/chaos-log-watcher:1.47.0", IR_PATH_LAST, NULL, NULL, NULL,
	    "logWatcher=reg.io/c/chaos-log-watcher", IR_RULE_CUSTOM,
	    "reg.io/c/chaos-log-watcher:1.47.0" },
	{ "harness/chaos-log-watcher:1.47.0@" DIGEST, IR_PATH_LAST, NULL, NULL, NULL,
	    "logWatcher=reg.io/c/chaos-log-watcher", IR_RULE_CUSTOM,
	    "reg.io/c/chaos-log-watcher:1.47.0@" DIGEST },
	{ "harness/chaos-log-watcher", IR_PATH_LAST, NULL, NULL, NULL,
	    "logWatcher=reg.io/c/chaos-log-watcher", IR_RULE_CUSTOM,
	    "reg.io/c/chaos-log-watcher" },
	{ "harness/chaos-log-watcher:1.0", IR_PATH_LAST, NULL, NULL, NULL,
	    "logWatcher=reg.io/c/chaos-log-watcher@" DIGEST, IR_RULE_CUSTOM,
	    "reg.io/c/chaos-log-watcher@" DIGEST },
	/* a key removed by a merge is no custom image */
	{ "harness/chaos-log-watcher:1.0", IR_PATH_LAST, NULL, NULL, NULL, "logWatcher=",
	    IR_RULE_REGISTRY, REG "/chaos-log-watcher:1.0" },
};

/* The same image under each preset, the server and account left as the preset says. */
struct preset_case {
	enum ir_preset preset;
	const char *image;
	enum ir_rule rule;
	const char *want;
};

static const struct preset_case presets[] = {
	{ IR_PRESET_HCE, "litmuschaos/go-runner:3.0.0", IR_RULE_REGISTRY,
	    "docker.io/chaosnative/go-runner:3.0.0" },
	{ IR_PRESET_HCE, "chaosnative/go-runner:3.0.0", IR_RULE_TARGET, "" },
	{ IR_PRESET_HCE, "index.docker.io/chaosnative/go-runner", IR_RULE_TARGET, "" },
	{ IR_PRESET_HCE, "nginx", IR_RULE_REGISTRY, "docker.io/chaosnative/nginx" },
	{ IR_PRESET_LITMUS, "chaosnative/go-runner:1", IR_RULE_REGISTRY,
	    "docker.io/litmuschaos/go-runner:1" },
	{ IR_PRESET_LITMUS, "docker.io/litmuschaos/go-runner:1", IR_RULE_TARGET, "" },
};

/* Images whose rewrite under the server/account rule must still be an image reference. */
struct valid_case {
	enum ir_path_mode mode;
	const char *image;
};

static const struct valid_case valids[] = {
	{ IR_PATH_LAST, "localhost:5000/app:1" },
	{ IR_PATH_KEEP, "localhost:5000/team/app:1" },
	{ IR_PATH_FULL, "ghcr.io/a/b:1" },
	{ IR_PATH_FULL, "localhost/app" },
	{ IR_PATH_FULL, "localhost:5000/app:1" },
	{ IR_PATH_FULL, "Registry.Example.com/app" },
	{ IR_PATH_FULL, "[::1]:5000/app" },
};

struct component_case {
	const char *key, *value;
	const char *want;
};

static const struct component_case components[] = {
	{ "logWatcher", "reg.io/c/anything:1", "chaos-log-watcher" },
	{ "logWatcher", NULL, "chaos-log-watcher" },
	{ "ddcr", "reg.io/c/x:1", "chaos-ddcr" },
	{ "ddcrFault", NULL, "chaos-ddcr-faults" },
	{ "ddcrLib", NULL, "chaos-ddcr-faults" },
	{ "ddcrLib", "reg.io/c/chaos-ddcr-lib:2.0", "chaos-ddcr-lib" },
	{ "ddcrLib", "ghcr.io/a/b/faults-lib@" DIGEST, "faults-lib" },
	{ "ddcrLib", "Not A Reference", "chaos-ddcr-faults" },
	{ "litmus-checker", "reg.io/c/litmus-checker:3.4.0", "litmus-checker" },
	{ "LogWatcher", NULL, "LogWatcher" },
};

/* Splits s at spaces into a NULL-terminated array of copies (freed by free_words). */
static char **
words(const char *s)
{
	char **w = ir_xcalloc(strlen(s) + 2, sizeof(*w)), *copy, *tok, *save;
	size_t n = 0;

	copy = ir_xstrndup(s, strlen(s));
	for (tok = strtok_r(copy, " ", &save); tok; tok = strtok_r(NULL, " ", &save))
		w[n++] = ir_xstrndup(tok, strlen(tok));
	free(copy);
	return w;
}

/* Frees what words() returned. */
static void
free_words(char **w)
{
	size_t i;

	for (i = 0; w[i]; i++)
		free(w[i]);
	free(w);
}

/* Fills a prefix list from a space-separated string. */
static void
set_list(struct ir_list *l, const char *s)
{
	char **w = words(s);

	for (l->n = 0; w[l->n]; l->n++)
		;
	l->items = (char **)w;
}

/* Fills key=value pairs from a space-separated string; "key=" gives a NULL value. */
static void
set_pairs(struct ir_pair **pairs, size_t *n, const char *s)
{
	char **w = words(s), *eq;
	size_t i;

	for (*n = 0; w[*n]; (*n)++)
		;
	*pairs = ir_xcalloc(*n + 1, sizeof(**pairs));
	for (i = 0; i < *n; i++) {
		eq = strchr(w[i], '=');
		ck_assert_ptr_nonnull(eq);
		*eq = '\0';
		(*pairs)[i].key = ir_xstrndup(w[i], strlen(w[i]));
		(*pairs)[i].value = eq[1] ? ir_xstrndup(eq + 1, strlen(eq + 1)) : NULL;
	}
	free_words(w);
}

/* Builds the settings a case names, on top of the HCE preset; release them after. */
static void
settings_for(struct ir_settings *s, const struct rule_case *c)
{
	ir_settings_preset(s, IR_PRESET_HCE);
	free(s->server);
	free(s->account);
	s->server = ir_xstrndup(SERVER, strlen(SERVER));
	s->account = ir_xstrndup(ACCOUNT, strlen(ACCOUNT));
	s->path_mode = c->mode;
	if (c->mirrors)
		set_pairs(&s->mirrors, &s->nmirrors, c->mirrors);
	if (c->only)
		set_list(&s->only, c->only);
	if (c->exclude)
		set_list(&s->exclude, c->exclude);
	if (c->custom) {
		set_pairs(&s->custom, &s->ncustom, c->custom);
		s->use_custom_images = true;
	}
}

/* Parses an image the test data holds; it must be valid. */
static void
parse(const char *image, struct ir_ref *ref)
{
	const char *why = "";

	ck_assert_msg(ir_ref_parse(image, strlen(image), ref, &why) == 0, "'%s': %s", image,
	    why);
}

/* Checks the rule and destination of each case. */
START_TEST(test_rule)
{
	const struct rule_case *c = &cases[_i];
	struct ir_settings s;
	struct ir_ref ref;
	char out[IR_REF_SIZE];
	enum ir_rule r;

	settings_for(&s, c);
	parse(c->image, &ref);
	memset(out, 'z', sizeof(out));
	r = ir_rule_apply(&s, &ref, out, sizeof(out));
	ck_assert_msg(r == c->rule, "'%s': rule %s, want %s", c->image, ir_rule_name(r),
	    ir_rule_name(c->rule));
	ck_assert_str_eq(out, c->want);
	ir_settings_release(&s);
}
END_TEST

/* A destination is a valid reference, and rewriting it again changes nothing. */
START_TEST(test_rule_again)
{
	const struct rule_case *c = &cases[_i];
	struct ir_settings s;
	struct ir_ref ref;
	char out[IR_REF_SIZE];
	enum ir_rule r;

	if (c->want[0] == '\0')
		return;
	settings_for(&s, c);
	parse(c->want, &ref);
	r = ir_rule_apply(&s, &ref, out, sizeof(out));
	ck_assert_msg(r == IR_RULE_TARGET || r == IR_RULE_UNSELECTED ||
	    (r == IR_RULE_CUSTOM && strcmp(out, c->want) == 0),
	    "'%s' again: %s '%s'", c->want, ir_rule_name(r), out);
	ir_settings_release(&s);
}
END_TEST

/* Each preset sends images to its own account on docker.io. */
START_TEST(test_preset)
{
	const struct preset_case *c = &presets[_i];
	struct ir_settings s;
	struct ir_ref ref;
	char out[IR_REF_SIZE];

	ir_settings_preset(&s, c->preset);
	ck_assert_int_eq(s.path_mode, IR_PATH_LAST);
	ck_assert(!s.use_custom_images);
	parse(c->image, &ref);
	ck_assert_int_eq(ir_rule_apply(&s, &ref, out, sizeof(out)), c->rule);
	ck_assert_str_eq(out, c->want);
	ir_settings_release(&s);
}
END_TEST

/* The server/account rule never writes something that is not an image reference. */
START_TEST(test_rule_valid)
{
	const struct valid_case *c = &valids[_i];
	struct rule_case rc = { c->image, c->mode, NULL, NULL, NULL, NULL, 0, NULL };
	struct ir_settings s;
	struct ir_ref ref;
	char out[IR_REF_SIZE];
	const char *why = "";

	settings_for(&s, &rc);
	parse(c->image, &ref);
	ck_assert_int_eq(ir_rule_apply(&s, &ref, out, sizeof(out)), IR_RULE_REGISTRY);
	ck_assert_msg(ir_ref_parse(out, strlen(out), &ref, &why) == 0,
	    "'%s' in mode %d gives '%s': %s", c->image, c->mode, out, why);
	ir_settings_release(&s);
}
END_TEST

/* Component keys name their images; ddcrLib names its own. */
START_TEST(test_component_image)
{
	const struct component_case *c = &components[_i];

	ck_assert_str_eq(ir_component_image(c->key, c->value), c->want);
}
END_TEST

/* Every rule has the name messages use. */
START_TEST(test_rule_names)
{
	ck_assert_str_eq(ir_rule_name(IR_RULE_CUSTOM), "custom image");
	ck_assert_str_eq(ir_rule_name(IR_RULE_MIRROR), "mirror");
	ck_assert_str_eq(ir_rule_name(IR_RULE_REGISTRY), "registry");
	ck_assert_str_eq(ir_rule_name(IR_RULE_TARGET), "already under the target");
	ck_assert_str_eq(ir_rule_name(IR_RULE_UNSELECTED), "not selected");
}
END_TEST

/* A small output buffer gets a truncated, NUL-terminated destination. */
START_TEST(test_rule_small_buffer)
{
	static const struct rule_case c = { "nginx:1.25@" DIGEST, IR_PATH_LAST, NULL, NULL,
	    NULL, NULL, IR_RULE_REGISTRY, NULL };
	struct ir_settings s;
	struct ir_ref ref;
	char out[32];
	size_t size;

	settings_for(&s, &c);
	parse(c.image, &ref);
	for (size = 1; size <= sizeof(out); size++) {
		memset(out, 'z', sizeof(out));
		ck_assert_int_eq(ir_rule_apply(&s, &ref, out, size), IR_RULE_REGISTRY);
		ck_assert_uint_eq(strlen(out), size - 1);
		ck_assert_mem_eq(out, REG "/nginx:1.25@" DIGEST, size - 1);
	}
	ir_settings_release(&s);
}
END_TEST

Suite *
rules_suite(void)
{
	Suite *s = suite_create("rules");
	TCase *tc = tcase_create("rules");

	tcase_add_loop_test(tc, test_rule, 0, NELEM(cases));
	tcase_add_loop_test(tc, test_rule_again, 0, NELEM(cases));
	tcase_add_loop_test(tc, test_preset, 0, NELEM(presets));
	tcase_add_loop_test(tc, test_rule_valid, 0, NELEM(valids));
	tcase_add_loop_test(tc, test_component_image, 0, NELEM(components));
	tcase_add_test(tc, test_rule_names);
	tcase_add_test(tc, test_rule_small_buffer);
	suite_add_tcase(s, tc);
	return s;
}
