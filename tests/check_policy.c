/* Unit tests for the policy checks of imgreg-verify (include/imgreg/verify_policy.h). */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "imgreg/buf.h"
#include "imgreg/settings.h"
#include "imgreg/stream.h"
#include "imgreg/verify_policy.h"
#include "imgreg/yaml.h"

#include "check_suites.h"

START_TEST(test_rule_names)
{
	ck_assert_str_eq(ir_policy_rule_name(IR_POLICY_ALLOW), "allow");
	ck_assert_str_eq(ir_policy_rule_name(IR_POLICY_DENY_LATEST), "deny-latest");
	ck_assert_str_eq(ir_policy_rule_name(IR_POLICY_REQUIRE_DIGEST), "require-digest");
	ck_assert_str_eq(ir_policy_rule_name(IR_POLICY_PULL_SECRET), "require-pull-secret");
	ck_assert_str_eq(ir_policy_rule_name(IR_POLICY_COMMAND), "require-command");
}
END_TEST

/* --allow takes comma-separated prefixes and normalises them as the settings do. */
START_TEST(test_allow_prefixes)
{
	struct ir_policy p = { 0 };
	const char *why = NULL;

	ck_assert_int_eq(ir_policy_allow(&p, "litmuschaos,ghcr.io", &why), 0);
	ck_assert_int_eq(ir_policy_allow(&p, "index.docker.io/a/b", &why), 0);
	ck_assert_uint_eq(p.allow.n, 3);
	ck_assert_str_eq(p.allow.items[0], "docker.io/litmuschaos");
	ck_assert_str_eq(p.allow.items[1], "ghcr.io");
	ck_assert_str_eq(p.allow.items[2], "docker.io/a/b");
	ck_assert_int_eq(ir_policy_allow(&p, "Bad/Prefix", &why), -1);
	ck_assert_ptr_nonnull(why);
	ck_assert_int_eq(ir_policy_allow(&p, "a:tag", &why), -1);
	ir_policy_release(&p);
}
END_TEST

/* Runs policy p over text and returns the JSON lines of its findings (the caller frees). */
static char *
findings(struct ir_policy *p, const char *text)
{
	struct ir_stream s;
	char err[300], *copy = strdup(text), *out;
	size_t off;

	p->json = true;
	ir_stream_init(&s, "in.yaml", copy, strlen(copy), true);
	ck_assert_int_eq(ir_yaml_parse(&s, ir_policy_doc, p, &off, err, sizeof(err)), 0);
	ir_policy_report(p);
	out = strdup(p->out.data ? p->out.data : "");
	ir_stream_release(&s);
	free(copy);
	return out;
}

static const char deployment[] =
    "kind: Deployment\nmetadata: {name: web}\nspec:\n  template:\n    spec:\n"
    "      imagePullSecrets: [{name: regcred}]\n      containers:\n"
    "        - {name: a, image: reg.acme.io/chaos/a:1}\n"
    "        - {name: b, image: 'nginx'}\n"
    "        - {name: c, image: '{{x}}'}\n";

/* The default allow rule follows the settings; deny-latest flags a missing tag; the pull
 * secret listed in the pod spec satisfies require-pull-secret. */
START_TEST(test_findings)
{
	struct ir_policy p = { .deny_latest = true, .require_pull_secret = true };
	struct ir_settings s;
	char *got;

	ir_settings_preset(&s, IR_PRESET_HCE);
	free(s.server);
	free(s.account);
	s.server = strdup("reg.acme.io");
	s.account = strdup("chaos");
	s.is_private = true;
	s.secret_name = strdup("regcred");
	p.settings = &s;
	got = findings(&p, deployment);
	ck_assert_str_eq(got, "{\"file\":\"in.yaml\",\"line\":9,\"column\":28,\"rule\":\"allow\","
	    "\"message\":\"image 'nginx' is not from the registry 'reg.acme.io/chaos'; "
	    "imgreg-rewrite would make it 'reg.acme.io/chaos/nginx'\",\"reference\":\"nginx\","
	    "\"kind\":\"Deployment\",\"name\":\"web\",\"field\":"
	    "\"spec.template.spec.containers[1].image\"}\n"
	    "{\"file\":\"in.yaml\",\"line\":9,\"column\":28,\"rule\":\"deny-latest\","
	    "\"message\":\"image 'nginx' has no tag, which means 'latest'\",\"reference\":"
	    "\"nginx\",\"kind\":\"Deployment\",\"name\":\"web\",\"field\":"
	    "\"spec.template.spec.containers[1].image\"}\n");
	ck_assert_uint_eq(p.checked, 2);
	ck_assert_uint_eq(p.templated, 1);
	free(got);
	free(s.secret_name);
	s.secret_name = strdup("other");
	ir_policy_release(&p);
	p = (struct ir_policy){ .settings = &s, .require_pull_secret = true };
	ir_policy_allow(&p, "reg.acme.io,docker.io", NULL);
	got = findings(&p, deployment);
	ck_assert_ptr_nonnull(strstr(got, "\"rule\":\"require-pull-secret\",\"message\":\"image "
	    "'reg.acme.io/chaos/a:1' is pulled from the private registry 'reg.acme.io', but "
	    "spec.template.spec.imagePullSecrets does not list its pull secret 'other'\""));
	ck_assert_ptr_null(strstr(got, "\"rule\":\"allow\""));
	free(got);
	ir_policy_release(&p);
	ir_settings_release(&s);
}
END_TEST

Suite *
policy_suite(void)
{
	Suite *s = suite_create("policy");
	TCase *tc = tcase_create("policy");

	tcase_add_test(tc, test_rule_names);
	tcase_add_test(tc, test_allow_prefixes);
	tcase_add_test(tc, test_findings);
	suite_add_tcase(s, tc);
	return s;
}
