/* Unit tests for the scope merge (include/imgreg/merge.h). */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "imgreg/buf.h"
#include "imgreg/exit.h"
#include "imgreg/merge.h"
#include "imgreg/msg.h"
#include "imgreg/settings.h"

#include "check_suites.h"

/* The documents of one test and what the merge made of them. */
struct fixture {
	struct ir_settings *docs;
	size_t n;
	struct ir_settings eff;
	struct ir_merge_report rep;
	int rc;
};

/* The last error message, captured instead of printed. */
static char last[1024];

/* Keeps the text of every error and warning in last; nothing reaches standard error. */
static int
capture(enum ir_level level, const char *file, unsigned long line, unsigned long col,
    const char *text, void *arg)
{
	(void)level, (void)arg;
	if (file && line)
		snprintf(last, sizeof(last), "%s:%lu:%lu: %s", file, line, col, text);
	else
		snprintf(last, sizeof(last), "%s", text);
	return 1;
}

/* Reads the documents of text and merges them for target t with the given preset. */
static void
run_preset(struct fixture *f, const char *text, const struct ir_target *t,
    enum ir_preset preset)
{
	memset(f, 0, sizeof(*f));
	last[0] = '\0';
	ir_msg_set_sink(capture, NULL);
	ck_assert_int_eq(ir_settings_read("in.yaml", text, strlen(text), &f->docs, &f->n), 0);
	f->rc = ir_merge(f->docs, f->n, t, preset, &f->eff, &f->rep);
}

/* Reads and merges with the hce preset. */
static void
run(struct fixture *f, const char *text, const struct ir_target *t)
{
	run_preset(f, text, t, IR_PRESET_HCE);
}

/* Frees a fixture. */
static void
done(struct fixture *f)
{
	size_t i;

	for (i = 0; i < f->n; i++)
		ir_settings_release(&f->docs[i]);
	free(f->docs);
	ir_settings_release(&f->eff);
	ir_merge_report_release(&f->rep);
	ir_msg_set_sink(NULL, NULL);
}

/* Returns the value of custom image key in s, or NULL. */
static const char *
custom(const struct ir_settings *s, const char *key)
{
	size_t i;

	for (i = 0; i < s->ncustom; i++)
		if (strcmp(s->custom[i].key, key) == 0)
			return s->custom[i].value;
	return NULL;
}

/* Returns the scope that set field f of s. */
static const char *
from(const struct ir_settings *s, enum ir_field f)
{
	int i = 0;

	while ((1u << i) != (unsigned)f)
		i++;
	return s->origin[i].scope;
}

#define ACCOUNT(extra)	"identifier: {accountIdentifier: acme}\n" extra "---\n"
#define ORG(o, extra)	"identifier: {accountIdentifier: acme, orgIdentifier: " o "}\n" \
			extra "---\n"
#define PROJECT(o, p, extra) "identifier: {accountIdentifier: acme, orgIdentifier: " o \
			", projectIdentifier: " p "}\n" extra "---\n"

static const struct ir_target none;

START_TEST(missing_level_inherits)
{
	struct fixture f;

	run(&f, ACCOUNT("registryServer: reg.acme.io\nregistryAccount: chaos\n"
	    "isOverrideAllowed: true\n") PROJECT("eng", "payments", "registryAccount: pay\n"),
	    &none);
	ck_assert_int_eq(f.rc, 0);
	ck_assert_str_eq(f.eff.server, "reg.acme.io");
	ck_assert_str_eq(f.eff.account, "pay");
	ck_assert_str_eq(f.rep.target, "project acme/eng/payments");
	ck_assert_str_eq(from(&f.eff, IR_F_SERVER), "account acme");
	ck_assert_str_eq(from(&f.eff, IR_F_ACCOUNT), "project acme/eng/payments");
	ck_assert_uint_eq(f.rep.n, 2);
	done(&f);
}
END_TEST

START_TEST(blocked_org_and_below)
{
	struct fixture f;

	run(&f, ACCOUNT("registryServer: reg.acme.io\n") ORG("eng", "registryServer: x.io\n"
	    "isOverrideAllowed: true\n") PROJECT("eng", "payments", "registryAccount: pay\n"),
	    &none);
	ck_assert_int_eq(f.rc, 0);
	ck_assert_str_eq(f.eff.server, "reg.acme.io");
	ck_assert_str_eq(f.eff.account, "chaosnative");
	ck_assert_int_eq(f.rep.steps[1].state, IR_STEP_BLOCKED);
	ck_assert_int_eq(f.rep.steps[2].state, IR_STEP_BLOCKED);
	ck_assert_ptr_eq(f.rep.steps[2].blocked_by, &f.docs[0]);
	ck_assert_str_eq(f.rep.steps[2].blocked_scope, "account acme");
	done(&f);
}
END_TEST

START_TEST(allowed_org_blocks_project)
{
	struct fixture f;

	run(&f, ACCOUNT("isOverrideAllowed: true\n") ORG("eng", "registryServer: x.io\n")
	    PROJECT("eng", "payments", "registryServer: y.io\n"), &none);
	ck_assert_int_eq(f.rc, 0);
	ck_assert_str_eq(f.eff.server, "x.io");
	ck_assert_int_eq(f.rep.steps[1].state, IR_STEP_APPLIED);
	ck_assert_int_eq(f.rep.steps[2].state, IR_STEP_BLOCKED);
	ck_assert_str_eq(f.rep.steps[2].blocked_scope, "organization acme/eng");
	ck_assert(!f.eff.override_allowed);
	ck_assert_str_eq(from(&f.eff, IR_F_OVERRIDE), "organization acme/eng");
	done(&f);
}
END_TEST

START_TEST(fieldwise_override)
{
	struct fixture f;

	run(&f, ACCOUNT("registryServer: reg.acme.io\nregistryAccount: chaos\nisPrivate: true\n"
	    "secretName: cred\nisOverrideAllowed: true\n") ORG("eng", "secretName: eng-cred\n"),
	    &none);
	ck_assert_int_eq(f.rc, 0);
	ck_assert_str_eq(f.eff.server, "reg.acme.io");
	ck_assert_str_eq(f.eff.account, "chaos");
	ck_assert(f.eff.is_private);
	ck_assert_str_eq(f.eff.secret_name, "eng-cred");
	ck_assert_str_eq(from(&f.eff, IR_F_PRIVATE), "account acme");
	ck_assert_str_eq(from(&f.eff, IR_F_SECRET), "organization acme/eng");
	done(&f);
}
END_TEST

START_TEST(custom_key_by_key)
{
	struct fixture f;

	run(&f, ACCOUNT("useCustomImages: true\nisOverrideAllowed: true\ncustomImages:\n"
	    "  ddcr: r.io/a/chaos-ddcr:1\n  logWatcher: r.io/a/chaos-log-watcher:1\n")
	    ORG("eng", "customImages:\n  ddcr: null\n  ddcrLib: r.io/b/lib:2\n"), &none);
	ck_assert_int_eq(f.rc, 0);
	ck_assert_ptr_null(custom(&f.eff, "ddcr"));
	ck_assert_str_eq(custom(&f.eff, "logWatcher"), "r.io/a/chaos-log-watcher:1");
	ck_assert_str_eq(custom(&f.eff, "ddcrLib"), "r.io/b/lib:2");
	ck_assert_uint_eq(f.eff.ncustom, 2);
	ck_assert_str_eq(f.eff.custom[0].at.scope, "account acme");
	ck_assert_str_eq(f.eff.custom[1].at.scope, "organization acme/eng");
	done(&f);
}
END_TEST

START_TEST(is_default_resets)
{
	struct fixture f;

	run(&f, ACCOUNT("registryServer: reg.acme.io\nisPrivate: true\nsecretName: cred\n"
	    "useCustomImages: true\ncustomImages: {ddcr: r.io/a/chaos-ddcr:1}\n"
	    "pathMode: keep\nisOverrideAllowed: true\n")
	    ORG("eng", "isDefault: true\nisOverrideAllowed: true\n")
	    PROJECT("eng", "payments", "registryAccount: pay\n"), &none);
	ck_assert_int_eq(f.rc, 0);
	ck_assert_str_eq(f.eff.server, "docker.io");
	ck_assert_str_eq(f.eff.account, "pay");
	ck_assert(!f.eff.is_private);
	ck_assert_ptr_null(f.eff.secret_name);
	ck_assert(!f.eff.use_custom_images);
	ck_assert_uint_eq(f.eff.ncustom, 0);
	ck_assert_int_eq(f.eff.path_mode, IR_PATH_KEEP);
	ck_assert_str_eq(from(&f.eff, IR_F_SERVER), "organization acme/eng");
	ck_assert_str_eq(from(&f.eff, IR_F_PATH_MODE), "account acme");
	done(&f);
}
END_TEST

START_TEST(use_custom_false_hides)
{
	struct fixture f;

	run(&f, ACCOUNT("useCustomImages: true\nisOverrideAllowed: true\n"
	    "customImages: {ddcr: r.io/a/chaos-ddcr:1}\n")
	    ORG("eng", "useCustomImages: false\n"), &none);
	ck_assert_int_eq(f.rc, 0);
	ck_assert(!f.eff.use_custom_images);
	ck_assert_str_eq(custom(&f.eff, "ddcr"), "r.io/a/chaos-ddcr:1");
	done(&f);
}
END_TEST

/* An account, two organizations and three projects (two of them named payments). */
#define SEVERAL								\
    ACCOUNT("registryServer: reg.acme.io\nisOverrideAllowed: true\n")	\
    ORG("eng", "registryAccount: eng\nisOverrideAllowed: true\n")		\
    ORG("ops", "registryAccount: ops\nisOverrideAllowed: true\n")		\
    PROJECT("eng", "payments", "secretName: pay\n")			\
    PROJECT("ops", "billing", "secretName: bill\n")			\
    PROJECT("ops", "payments", "secretName: ops-pay\n")

START_TEST(several_chooses_chain)
{
	struct fixture f;
	struct ir_target t = { .project = "billing" };

	run(&f, SEVERAL, &t);
	ck_assert_int_eq(f.rc, 0);
	ck_assert_str_eq(f.eff.account, "ops");
	ck_assert_str_eq(f.eff.secret_name, "bill");
	ck_assert_str_eq(f.rep.ids[IR_LEVEL_ORG], "ops");
	ck_assert_uint_eq(f.rep.n, 3);
	done(&f);
}
END_TEST

START_TEST(several_with_org)
{
	struct fixture f;
	struct ir_target t = { .org = "eng", .project = "payments" };

	run(&f, SEVERAL, &t);
	ck_assert_int_eq(f.rc, 0);
	ck_assert_str_eq(f.eff.account, "eng");
	ck_assert_str_eq(f.eff.secret_name, "pay");
	done(&f);
}
END_TEST

START_TEST(several_ambiguous_project)
{
	struct fixture f;
	struct ir_target t = { .project = "payments" };

	run(&f, SEVERAL, &t);
	ck_assert_int_eq(f.rc, IR_EXIT_USAGE);
	ck_assert_str_eq(last, "cannot tell the organization of project 'payments': 'eng' and "
	    "'ops' both fit; name one with --org");
	done(&f);
}
END_TEST

START_TEST(several_no_target)
{
	struct fixture f;

	run(&f, SEVERAL, &none);
	ck_assert_int_eq(f.rc, IR_EXIT_USAGE);
	ck_assert_str_eq(last, "no target given and the input names several scopes: "
	    "'project acme/eng/payments', 'project acme/ops/billing', 'project acme/ops/payments'; "
	    "choose one with --account-id, --org, --project or --infra");
	done(&f);
}
END_TEST

START_TEST(duplicate_scope)
{
	struct fixture f;

	run(&f, ORG("eng", "") ACCOUNT("") ORG("eng", "registryServer: x.io\n"), &none);
	ck_assert_int_eq(f.rc, IR_EXIT_USAGE);
	ck_assert_str_eq(last, "in.yaml:5:1: two documents for organization acme/eng: "
	    "in.yaml:1:1 and in.yaml:5:1");
	done(&f);
}
END_TEST

START_TEST(duplicate_on_chain)
{
	struct fixture f;
	struct ir_target t = { .project = "payments" };

	run(&f, "project_id: payments\nimage_registry_name: r.io\n---\n"
	    PROJECT("eng", "payments", ""), &t);
	ck_assert_int_eq(f.rc, IR_EXIT_USAGE);
	ck_assert_str_eq(last, "in.yaml:4:1: two documents for project acme/eng/payments: "
	    "in.yaml:1:1 and in.yaml:4:1");
	done(&f);
}
END_TEST

START_TEST(litmus_dialect)
{
	struct fixture f;

	run_preset(&f, "project_id: p1\nimage_registry_name: reg.io:5000\nimage_repo_name: chaos\n"
	    "image_registry_type: private\nsecret_name: cred\nsecret_namespace: litmus\n"
	    "is_default: false\nenable_registry: true\n", &none, IR_PRESET_LITMUS);
	ck_assert_int_eq(f.rc, 0);
	ck_assert_str_eq(f.rep.target, "project p1");
	ck_assert_str_eq(f.eff.server, "reg.io:5000");
	ck_assert_str_eq(f.eff.account, "chaos");
	ck_assert(f.eff.is_private);
	ck_assert_str_eq(f.eff.secret_name, "cred");
	ck_assert_str_eq(f.eff.secret_namespace, "litmus");
	done(&f);
}
END_TEST

START_TEST(litmus_disabled)
{
	struct fixture f;

	run_preset(&f, "project_id: p1\nimage_registry_name: reg.io\nenable_registry: false\n",
	    &none, IR_PRESET_LITMUS);
	ck_assert_int_eq(f.rc, 0);
	ck_assert_str_eq(f.eff.server, "docker.io");
	ck_assert_str_eq(f.eff.account, "litmuschaos");
	ck_assert_str_eq(from(&f.eff, IR_F_SERVER), "preset litmus");
	ck_assert_uint_eq(f.rep.n, 1);
	ck_assert_int_eq(f.rep.steps[0].state, IR_STEP_IGNORED);
	done(&f);
}
END_TEST

START_TEST(infra_parents)
{
	struct fixture f;
	struct ir_target t = { .infra = "k8s" };

	run(&f, SEVERAL "identifier: {accountIdentifier: acme, orgIdentifier: ops, "
	    "projectIdentifier: billing}\ninfraID: k8s\nregistryAccount: k8s\n", &t);
	ck_assert_int_eq(f.rc, 0);
	ck_assert_str_eq(f.rep.target, "infrastructure acme/ops/billing/k8s");
	ck_assert_uint_eq(f.rep.n, 4);
	ck_assert_int_eq(f.rep.steps[2].state, IR_STEP_APPLIED);
	ck_assert_int_eq(f.rep.steps[3].state, IR_STEP_BLOCKED);
	ck_assert_str_eq(f.rep.steps[3].blocked_scope, "project acme/ops/billing");
	ck_assert_str_eq(f.eff.secret_name, "bill");
	done(&f);
}
END_TEST

START_TEST(unknown_target_warns)
{
	struct fixture f;
	struct ir_target t = { .org = "eng", .project = "nope" };

	run(&f, SEVERAL, &t);
	ck_assert_int_eq(f.rc, 0);
	ck_assert_str_eq(f.eff.account, "eng");
	ck_assert_str_eq(last, "no settings document for project acme/eng/nope; it gets the "
	    "settings of the scopes above it");
	done(&f);
}
END_TEST

START_TEST(empty_stream)
{
	struct fixture f;

	run(&f, "", &none);
	ck_assert_int_eq(f.rc, 0);
	ck_assert_ptr_null(f.rep.target);
	ck_assert_int_eq(f.rep.level, IR_LEVEL_NONE);
	ck_assert_str_eq(f.eff.server, "docker.io");
	ck_assert_str_eq(f.eff.account, "chaosnative");
	ck_assert(f.eff.override_allowed);
	done(&f);
}
END_TEST

START_TEST(unscoped_document)
{
	struct fixture f;

	run(&f, "registryServer: reg.acme.io\nisOverrideAllowed: true\n---\n"
	    PROJECT("eng", "payments", "registryAccount: pay\n"), &none);
	ck_assert_int_eq(f.rc, 0);
	ck_assert_str_eq(f.eff.server, "reg.acme.io");
	ck_assert_str_eq(f.eff.account, "pay");
	ck_assert_str_eq(from(&f.eff, IR_F_SERVER), "unscoped settings");
	done(&f);
}
END_TEST

START_TEST(scope_names)
{
	const char *ids[IR_LEVELS] = { "acme", NULL, "payments", NULL };
	const char *litmus[IR_LEVELS] = { NULL, NULL, "p1", NULL };

	ck_assert_str_eq(ir_scope_name(IR_LEVEL_PROJECT, ids), "project acme/*/payments");
	ck_assert_str_eq(ir_scope_name(IR_LEVEL_ACCOUNT, ids), "account acme");
	ck_assert_str_eq(ir_scope_name(IR_LEVEL_PROJECT, litmus), "project p1");
	ck_assert_str_eq(ir_scope_name(IR_LEVEL_NONE, ids), "unscoped settings");
	ck_assert_ptr_eq(ir_scope_intern("x y"), ir_scope_intern("x y"));
	ck_assert_str_eq(ir_preset_scope(IR_PRESET_LITMUS), "preset litmus");
}
END_TEST

START_TEST(scopes_outlive_report)
{
	struct fixture f;
	struct ir_settings eff;
	const char *scope;

	run(&f, ACCOUNT("registryServer: reg.acme.io\n"), &none);
	ir_settings_copy(&eff, &f.eff);
	done(&f);
	scope = from(&eff, IR_F_SERVER);
	ck_assert_str_eq(scope, "account acme");
	ir_settings_release(&eff);
}
END_TEST

/* Reads text with the notes of effective documents, merges it for t and writes the result. */
static void
write_once(const char *text, const struct ir_target *t, struct ir_buf *out)
{
	struct ir_settings *docs, eff;
	struct ir_merge_report rep;
	struct ir_notes *notes;
	size_t n, i;

	ck_assert_int_eq(ir_settings_read("in.yaml", text, strlen(text), &docs, &n), 0);
	notes = calloc(n + 1, sizeof(*notes));
	for (i = 0; i < n; i++)
		ir_effective_notes(&docs[i], text, strlen(text), &notes[i]);
	ck_assert_int_eq(ir_merge(docs, n, t, IR_PRESET_HCE, &eff, &rep), 0);
	ir_merge_carry(&rep, docs, notes);
	ir_effective_write(out, &eff, &rep, IR_PRESET_HCE);
	for (i = 0; i < n; i++) {
		ir_notes_release(&notes[i]);
		ir_settings_release(&docs[i]);
	}
	free(notes);
	free(docs);
	ir_settings_release(&eff);
	ir_merge_report_release(&rep);
}

START_TEST(output_idempotent)
{
	struct ir_buf a = IR_BUF_INIT, b = IR_BUF_INIT;
	struct ir_target t = { .infra = "k8s" };

	write_once(ACCOUNT("registryServer: reg.acme.io\nisOverrideAllowed: true\n")
	    ORG("ops", "registryAccount: ops\nisOverrideAllowed: true\n")
	    PROJECT("ops", "billing", "isPrivate: true\nsecretName: bill\n"
	    "isOverrideAllowed: true\ncustomImages: {ddcr: r.io/a/chaos-ddcr:1}\n")
	    "identifier: {accountIdentifier: acme, orgIdentifier: ops, "
	    "projectIdentifier: billing}\ninfraID: k8s\nregistryServer: k8s.io\n"
	    "only: [docker.io/litmuschaos]\nmirrors: [{from: ghcr.io/a, to: r.io/a}]\n"
	    "entrypoints: {litmus-checker: [/checker, -v]}\n", &t, &a);
	write_once(a.data, &(struct ir_target){ 0 }, &b);
	ck_assert_str_eq(a.data, b.data);
	ck_assert_ptr_nonnull(strstr(a.data, "registryAccount: ops  # from organization "
	    "acme/ops\n"));
	ck_assert_ptr_nonnull(strstr(a.data, "only: [docker.io/litmuschaos]  # from "
	    "infrastructure acme/ops/billing/k8s\n"));
	ir_buf_free(&a);
	ir_buf_free(&b);
}
END_TEST

START_TEST(blocked_list_carried)
{
	struct ir_buf a = IR_BUF_INIT, b = IR_BUF_INIT;

	write_once(ACCOUNT("registryServer: reg.acme.io\n") ORG("eng", "registryServer: x.io\n"),
	    &none, &a);
	ck_assert_ptr_nonnull(strstr(a.data, "# blocked documents:\n#   organization acme/eng "
	    "(in.yaml:4:1), blocked by account acme\n"));
	write_once(a.data, &none, &b);
	ck_assert_str_eq(a.data, b.data);
	ir_buf_free(&a);
	ir_buf_free(&b);
}
END_TEST

START_TEST(notes_need_header)
{
	const char *text = "registryServer: r.io  # from account acme\n";
	struct ir_settings *docs;
	struct ir_notes notes = { 0 };
	size_t n;

	ck_assert_int_eq(ir_settings_read("in.yaml", text, strlen(text), &docs, &n), 0);
	ck_assert(!ir_effective_notes(&docs[0], text, strlen(text), &notes));
	ck_assert_ptr_null(docs[0].origin[0].scope);
	ir_settings_release(&docs[0]);
	free(docs);
}
END_TEST

Suite *
merge_suite(void)
{
	Suite *s = suite_create("merge");
	TCase *chain = tcase_create("chain"), *target = tcase_create("target");
	TCase *doc = tcase_create("document");

	tcase_add_test(chain, missing_level_inherits);
	tcase_add_test(chain, blocked_org_and_below);
	tcase_add_test(chain, allowed_org_blocks_project);
	tcase_add_test(chain, fieldwise_override);
	tcase_add_test(chain, custom_key_by_key);
	tcase_add_test(chain, is_default_resets);
	tcase_add_test(chain, use_custom_false_hides);
	tcase_add_test(chain, litmus_dialect);
	tcase_add_test(chain, litmus_disabled);
	tcase_add_test(chain, unscoped_document);
	tcase_add_test(chain, empty_stream);
	tcase_add_test(target, several_chooses_chain);
	tcase_add_test(target, several_with_org);
	tcase_add_test(target, several_ambiguous_project);
	tcase_add_test(target, several_no_target);
	tcase_add_test(target, duplicate_scope);
	tcase_add_test(target, duplicate_on_chain);
	tcase_add_test(target, infra_parents);
	tcase_add_test(target, unknown_target_warns);
	tcase_add_test(doc, scope_names);
	tcase_add_test(doc, scopes_outlive_report);
	tcase_add_test(doc, output_idempotent);
	tcase_add_test(doc, blocked_list_carried);
	tcase_add_test(doc, notes_need_header);
	suite_add_tcase(s, chain);
	suite_add_tcase(s, target);
	suite_add_tcase(s, doc);
	return s;
}
