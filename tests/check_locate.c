/*
 * Tests of the screen on embedded manifests (ir_locate_may_hold()): named texts with what it
 * must say of each, and for every one that parses, that it never says "cannot" of a text in
 * which the walks find an Argo template, a place for pull secrets or a pod spec.
 */
#include <check.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "check_suites.h"
#include "imgreg/locate.h"
#include "imgreg/stream.h"
#include "imgreg/yaml.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

struct screen_case {
	const char *name;
	const char *text;
	bool templates;		/* what ir_locate_may_hold() must say for IR_HOLDS_TEMPLATES */
	bool secrets;		/* ... and for IR_HOLDS_SECRET_PLACES */
};

static const struct screen_case screens[] = {
	{ "a ChaosExperiment",
	    "apiVersion: litmuschaos.io/v1alpha1\nkind: ChaosExperiment\nspec:\n  definition:\n"
	    "    image: litmuschaos/go-runner:3.0.0\n    env:\n    - name: LIB_IMAGE\n"
	    "      value: litmuschaos/go-runner:3.0.0\n", false, false },
	{ "a ConfigMap", "apiVersion: v1\nkind: ConfigMap\ndata:\n  image: nginx\n", false, false },
	{ "a Workflow", "kind: Workflow\nspec:\n  templates:\n  - name: a\n    container:\n"
	    "      image: a\n", true, true },
	{ "a WorkflowTemplate", "kind: WorkflowTemplate\nspec:\n  templates:\n  - name: a\n"
	    "    script:\n      image: a\n", true, true },
	{ "a ClusterWorkflowTemplate", "kind: ClusterWorkflowTemplate\nspec:\n  templates:\n"
	    "  - name: a\n    container: {image: a}\n", true, true },
	{ "a CronWorkflow", "kind: CronWorkflow\nspec:\n  workflowSpec:\n    templates:\n"
	    "    - name: a\n      container: {image: a}\n", true, true },
	{ "a List of Workflows", "kind: List\nitems:\n- kind: Workflow\n  spec:\n    templates:\n"
	    "    - name: a\n      container: {image: a}\n", true, true },
	{ "a Pod", "kind: Pod\nspec:\n  containers:\n  - image: a\n", false, true },
	{ "a Pod without containers", "kind: Pod\nspec: {}\n", false, true },
	{ "a ChaosEngine", "kind: ChaosEngine\nspec:\n  components:\n    runner:\n"
	    "      image: a\n", false, true },
	{ "a ServiceAccount", "kind: ServiceAccount\nmetadata:\n  name: litmus\n", false, true },
	{ "a Job, by its pod template", "kind: Job\nspec:\n  template:\n    spec:\n"
	    "      containers:\n      - image: a\n", false, true },
	{ "an operator's kind, by its pod template", "kind: TFJob\nspec:\n  tfReplicaSpecs:\n"
	    "    Worker:\n      template:\n        spec:\n          containers: [{image: a}]\n",
	    false, true },
	{ "a kind in an escape", "kind: \"Work\\x66low\"\nspec:\n  templates:\n  - name: a\n"
	    "    container: {image: a}\n", true, true },
	{ "a kind in a line joined by a backslash", "kind: \"Chaos\\\n  Engine\"\nspec:\n"
	    "  components:\n    runner: {image: a}\n", true, true },
	{ "a key in an escape", "kind: Job\nspec:\n  \"templat\\u0065\":\n    spec:\n"
	    "      containers: [{image: a}]\n", true, true },
	{ "a kind folded over two lines is not that kind", "kind: Work\n  flow\nspec:\n"
	    "  entrypoint: a\n", false, false },
	{ "a kind in another case is not that kind", "kind: pod\nspec:\n  containers:\n"
	    "  - image: a\n", false, false },
	{ "the key of templates", "kind: Workflow-ish\nspec:\n  templates:\n"
	    "  - container: {image: a}\n", true, true },
	{ "the key of templates alone", "kind: WorkSpace\nspec:\n  templates:\n"
	    "  - container: {image: a}\n", false, true },
	{ "a kind through an alias", "metadata:\n  labels: {k: &k Workflow}\nkind: *k\nspec:\n"
	    "  templates:\n  - container: {image: a}\n", true, true },
	{ "a kind in a block scalar", "kind: |-\n  Pod\nspec:\n  containers: [{image: a}]\n",
	    false, true },
	{ "a kind in a comment only", "# kind: Workflow\nkind: ConfigMap\n", true, true },
	{ "empty", "", false, false },
};

/* Counts what the walks find in a document: templates, places of pull secrets, pod specs. */
struct found {
	size_t templates, secrets;
};

/* Counts a node a walk reaches in the size_t at arg. */
static int
count_node(struct ir_doc *doc, ir_id id, void *arg)
{
	(void)doc;
	(void)id;
	(*(size_t *)arg)++;
	return 0;
}

/* Counts a place of pull secrets. */
static int
count_site(struct ir_doc *doc, const struct ir_secret_site *site, void *arg)
{
	(void)doc;
	(void)site;
	((struct found *)arg)->secrets++;
	return 0;
}

/* Counts the templates, places of pull secrets and pod specs of one object. */
static int
count_object(struct ir_doc *doc, ir_id object, void *arg)
{
	struct found *f = arg;

	ir_locate_templates(doc, object, count_node, &f->templates);
	ir_locate_pull_secrets(doc, object, true, count_site, f);
	ir_locate_pod_specs(doc, object, count_node, &f->secrets);
	return 0;
}

/* Counts what the walks find in each object of a document. */
static int
count_doc(struct ir_doc *doc, void *arg)
{
	return ir_locate_objects(doc, count_object, arg);
}

/* Parses case c and counts what the walks find in it. */
static struct found
walk_case(const struct screen_case *c)
{
	struct found f = { 0, 0 };
	struct ir_stream s;
	char *copy = strdup(c->text), err[300];
	size_t off;

	ir_stream_init(&s, "<test>", copy, strlen(copy), false);
	ck_assert_msg(ir_yaml_parse(&s, count_doc, &f, &off, err, sizeof(err)) == 0,
	    "%s: %s", c->name, err);
	ir_stream_release(&s);
	free(copy);
	return f;
}

START_TEST(test_screen)
{
	const struct screen_case *c = &screens[_i];
	size_t len = strlen(c->text);
	struct found f = walk_case(c);

	ck_assert_msg(ir_locate_may_hold(c->text, len, IR_HOLDS_ANY), "%s: any", c->name);
	ck_assert_msg(ir_locate_may_hold(c->text, len, IR_HOLDS_TEMPLATES) == c->templates,
	    "%s: templates", c->name);
	ck_assert_msg(ir_locate_may_hold(c->text, len, IR_HOLDS_SECRET_PLACES) == c->secrets,
	    "%s: places of pull secrets", c->name);
	/* the screen against the walks themselves */
	ck_assert_msg(f.templates == 0 || c->templates, "%s: templates found", c->name);
	ck_assert_msg(f.secrets == 0 || c->secrets, "%s: places found", c->name);
}
END_TEST

/* The named texts must include ones the walks find something in, or the check above shows
 * nothing. */
START_TEST(test_screen_cases_find)
{
	size_t i, templates = 0, secrets = 0;
	struct found f;

	for (i = 0; i < NELEM(screens); i++) {
		f = walk_case(&screens[i]);
		templates += f.templates > 0;
		secrets += f.secrets > 0;
	}
	ck_assert_uint_eq(templates, 7);
	ck_assert_uint_eq(secrets, 16);
}
END_TEST

Suite *
locate_suite(void)
{
	Suite *s = suite_create("locate");
	TCase *tc = tcase_create("screen");

	tcase_add_loop_test(tc, test_screen, 0, NELEM(screens));
	tcase_add_test(tc, test_screen_cases_find);
	suite_add_tcase(s, tc);
	return s;
}
