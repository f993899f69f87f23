/* The table of places images live, and the walks over it. */
#include <string.h>

#include "imgreg/locate.h"

/* Scopes: mappings of an object that hold containers, by kind ("*": any kind). */
enum scope_type {
	SCOPE_POD,		/* a Kubernetes pod spec */
	SCOPE_ARGO,		/* an Argo Workflows template */
	SCOPE_SELF,		/* the scope itself is container-like */
};

struct scope {
	const char *kind;
	const char *path;
	enum scope_type type;
	const char *image_key;	/* SCOPE_SELF only */
};

static const struct scope scopes[] = {
	{ "Pod", "spec", SCOPE_POD, NULL },
	{ "ExecutorPlugin", "spec.sidecar.container", SCOPE_SELF, "image" },
	{ "ChaosExperiment", "spec.definition", SCOPE_SELF, "image" },
	{ "ChaosEngine", "spec.components.runner", SCOPE_SELF, "image" },
	{ "ChaosEngine", "spec.components.sidecar.[]", SCOPE_SELF, "image" },
	{ "ChaosEngine", "spec.experiments.[].spec.components", SCOPE_SELF, "experimentImage" },
	{ "ChaosEngine", "spec.experiments.[].spec.components.sidecar.[]", SCOPE_SELF, "image" },
	{ "ChaosEngine", "spec.experiments.[].spec.probe.[].cmdProbe/inputs.source", SCOPE_SELF,
	    "image" },
};

/* Argo's workflow kinds, and the path of the mapping holding each one's workflow spec. */
struct workflow_kind {
	const char *kind;
	const char *spec;
};

static const struct workflow_kind workflow_kinds[] = {
	{ "Workflow", "spec" },
	{ "WorkflowTemplate", "spec" },
	{ "ClusterWorkflowTemplate", "spec" },
	{ "CronWorkflow", "spec.workflowSpec" },
};

/* The key a pod template goes under, whatever the kind (pod_spec_shape()). */
#define POD_TEMPLATE_KEY "template"

/* Argo templates, below a workflow's spec (spec, or spec.workflowSpec of a CronWorkflow). */
static const char *const argo_templates[] = {
	"templates.[]",
	"templateDefaults",
	"templates.[].dag.tasks.[].inline",
	"templates.[].steps.[].[].inline",
};

/* Container-like mappings below a workflow's spec that are not in a template. */
static const struct scope argo_spec_sites[] = {
	{ "", "executorPlugins.[].spec.sidecar.container", SCOPE_SELF, "image" },
};

/* Container-like mappings inside a scope, and the key holding their image. */
struct site {
	enum scope_type in;
	const char *path;
	const char *image_key;
	enum ir_site site;
};

static const struct site sites[] = {
	{ SCOPE_POD, "containers.[]", "image", IR_SITE_CONTAINER },
	{ SCOPE_POD, "initContainers.[]", "image", IR_SITE_CONTAINER },
	{ SCOPE_POD, "ephemeralContainers.[]", "image", IR_SITE_CONTAINER },
	{ SCOPE_POD, "volumes.[].image", "reference", IR_SITE_VOLUME },
	{ SCOPE_ARGO, "container", "image", IR_SITE_CONTAINER },
	{ SCOPE_ARGO, "script", "image", IR_SITE_CONTAINER },
	{ SCOPE_ARGO, "containerSet.containers.[]", "image", IR_SITE_CONTAINER },
	{ SCOPE_ARGO, "initContainers.[]", "image", IR_SITE_CONTAINER },
	{ SCOPE_ARGO, "sidecars.[]", "image", IR_SITE_CONTAINER },
};

/* Strings inside an Argo template that hold whole manifests. */
static const char *const embedded[] = {
	"inputs.artifacts.[].raw.data",
	"resource.manifest",
};

/* The suffix that makes an env variable name an image reference. */
#define ENV_SUFFIX "_IMAGE"

const char *
ir_object_kind(const struct ir_doc *doc, ir_id object)
{
	const char *k = ir_scalar(doc, ir_map_get(doc, object, "kind"));

	return k ? k : "";
}

/* True when kind ends in "List" and the object has items (kubectl get -o yaml). */
static bool
is_list(const struct ir_doc *doc, ir_id object)
{
	return ir_kind_is_list(ir_object_kind(doc, object)) && ir_map_get(doc, object, "items");
}

/* Calls fn for each item of a List from the first not handed over alone (yaml.h, units). */
static int
items_left(struct ir_doc *doc, ir_walk_fn fn, void *arg)
{
	ir_id item, obj;
	int rc;

	for (item = doc->nodes[doc->unit_seq].first; item; item = doc->nodes[item].next)
		if (doc->nodes[item].index >= doc->items_done &&
		    (obj = ir_resolve(doc, item)) != 0 && (rc = fn(doc, obj, arg)) != 0)
			return rc;
	return 0;
}

int
ir_locate_objects(struct ir_doc *doc, ir_walk_fn fn, void *arg)
{
	ir_id root = ir_resolve(doc, doc->root), obj;

	if (doc->unit)
		return (obj = ir_resolve(doc, doc->unit)) != 0 ? fn(doc, obj, arg) : 0;
	if (root == 0 || doc->nodes[root].kind != IR_MAP)
		return 0;
	if (is_list(doc, root))
		return doc->items_done ? items_left(doc, fn, arg) :
		    ir_walk(doc, root, "items.[]", fn, arg);
	return fn(doc, root, arg);
}

/* The state of a walk over the table. */
struct walk {
	ir_id object;
	const struct scope *scope;
	const struct site *site;
	ir_image_fn image_fn;
	ir_walk_fn node_fn;
	void *arg;
};

/* Stores the first node a walk reaches. */
static int
first_match(struct ir_doc *doc, ir_id id, void *arg)
{
	(void)doc;
	*(ir_id *)arg = id;
	return 1;
}

/* Reports an image field of a container-like mapping, when it holds a scalar. */
static int
report(struct ir_doc *doc, struct walk *w, ir_id holder, ir_id field, enum ir_site site)
{
	struct ir_image img;

	img.node = ir_resolve(doc, field);
	if (img.node == 0 || doc->nodes[img.node].kind != IR_SCALAR)
		return 0;
	img.object = w->object;
	img.holder = holder;
	img.field = field;
	img.site = site;
	img.argo = w->scope->type == SCOPE_ARGO;
	return w->image_fn(doc, &img, w->arg);
}

/* Reports env variables named *_IMAGE of one env list entry. */
static int
env_entry(struct ir_doc *doc, ir_id entry, void *arg)
{
	const char *name = ir_scalar(doc, ir_map_get(doc, entry, "name"));
	size_t n = name ? strlen(name) : 0, sl = strlen(ENV_SUFFIX);
	ir_id value = ir_map_get(doc, entry, "value");

	if (n <= sl || strcmp(name + n - sl, ENV_SUFFIX) != 0 || value == 0)
		return 0;
	return report(doc, arg, entry, value, IR_SITE_ENV);
}

/* Reports the image and image env variables of one container-like mapping. */
static int
container(struct ir_doc *doc, ir_id c, void *arg)
{
	struct walk *w = arg;
	const char *key = w->site ? w->site->image_key : w->scope->image_key;
	enum ir_site site = w->site ? w->site->site : IR_SITE_CONTAINER;
	const struct ir_node *m = ir_node(doc, ir_resolve(doc, c));
	ir_id k;
	int rc;

	if (m == NULL || m->kind != IR_MAP)
		return 0;
	/* every value of a key given twice: the last one is what Kubernetes reads */
	for (k = m->first; k && doc->nodes[k].next; k = doc->nodes[doc->nodes[k].next].next)
		if (ir_scalar_is(doc, k, key) &&
		    (rc = report(doc, w, c, doc->nodes[k].next, site)) != 0)
			return rc;
	if (site == IR_SITE_VOLUME)
		return 0;
	return ir_walk(doc, c, "env.[]", env_entry, w);
}

/* Walks the sites of one scope mapping. */
static int
scope_sites(struct ir_doc *doc, ir_id scope, void *arg)
{
	struct walk *w = arg;
	size_t i;
	int rc;

	if (w->node_fn)
		return w->node_fn(doc, scope, w->arg);
	if (w->scope->type == SCOPE_SELF) {
		w->site = NULL;
		return container(doc, scope, w);
	}
	for (i = 0; i < sizeof(sites) / sizeof(sites[0]); i++) {
		if (sites[i].in != w->scope->type)
			continue;
		w->site = &sites[i];
		if ((rc = ir_walk(doc, scope, sites[i].path, container, w)) != 0)
			return rc;
	}
	return 0;
}

/* Returns the last node id inside the subtree of id (ids are given in document order). */
static ir_id
subtree_end(const struct ir_doc *doc, ir_id id)
{
	while (doc->nodes[id].last)
		id = doc->nodes[id].last;
	return id;
}

/* Returns the pod spec of mapping id's "template" key by shape, "template: {spec: {containers:
 * [...]}}", or 0. */
static ir_id
pod_spec_shape(const struct ir_doc *doc, ir_id id)
{
	const struct ir_node *n = &doc->nodes[id];
	ir_id k, spec;

	if (n->kind != IR_MAP)
		return 0;
	for (k = n->first; k && doc->nodes[k].next; k = doc->nodes[doc->nodes[k].next].next) {
		if (!ir_scalar_is(doc, k, POD_TEMPLATE_KEY))
			continue;
		spec = ir_map_get(doc, doc->nodes[k].next, "spec");
		if (spec && doc->nodes[spec].kind == IR_MAP && (ir_map_get(doc, spec, "containers") ||
		    ir_map_get(doc, spec, "initContainers")))
			return spec;
	}
	return 0;
}

/*
 * Walks the pod specs of an object that has no row of its own: every "template.spec" holding
 * containers, at any depth (Deployment, Job, CronJob, PodTemplate, and operators' kinds such
 * as Kubeflow's TFJob with spec.tfReplicaSpecs.*.template.spec).
 */
static int
pod_specs_by_shape(struct ir_doc *doc, ir_id object, struct walk *w)
{
	static const struct scope shape = { "*", "", SCOPE_POD, NULL };
	ir_id id, last = subtree_end(doc, object);
	ir_id spec;
	int rc;

	w->scope = &shape;
	for (id = object; id <= last; id++)
		if ((spec = pod_spec_shape(doc, id)) != 0 && (rc = scope_sites(doc, spec, w)) != 0)
			return rc;
	return 0;
}

/* Walks the Argo templates of a workflow object, and containers below its spec. */
static int
argo_scopes(struct ir_doc *doc, ir_id object, struct walk *w, int type)
{
	static const struct scope tmpl = { "", "", SCOPE_ARGO, NULL };
	const char *spec_path = ir_workflow_spec_path(doc, object);
	ir_id spec;
	size_t i;
	int rc;

	if (spec_path == NULL || (type >= 0 && type != SCOPE_ARGO && type != SCOPE_SELF))
		return 0;
	spec = 0;
	ir_walk(doc, object, spec_path, first_match, &spec);
	if (spec == 0)
		return 0;
	w->scope = &tmpl;
	for (i = 0; type != SCOPE_SELF && i < sizeof(argo_templates) / sizeof(argo_templates[0]);
	    i++)
		if ((rc = ir_walk(doc, spec, argo_templates[i], scope_sites, w)) != 0)
			return rc;
	for (i = 0; type != SCOPE_ARGO && i < sizeof(argo_spec_sites) /
	    sizeof(argo_spec_sites[0]); i++) {
		w->scope = &argo_spec_sites[i];
		if ((rc = ir_walk(doc, spec, argo_spec_sites[i].path, scope_sites, w)) != 0)
			return rc;
	}
	return 0;
}

/* Walks every scope of one object of type `type` (or every type when type < 0). */
static int
object_scopes(struct ir_doc *doc, ir_id object, struct walk *w, int type)
{
	const char *kind = ir_object_kind(doc, object);
	bool own_pod = false;
	size_t i;
	int rc;

	w->object = object;
	for (i = 0; i < sizeof(scopes) / sizeof(scopes[0]); i++) {
		if (strcmp(scopes[i].kind, kind) != 0)
			continue;
		own_pod |= scopes[i].type == SCOPE_POD;
		if (type >= 0 && scopes[i].type != (enum scope_type)type)
			continue;
		w->scope = &scopes[i];
		if ((rc = ir_walk(doc, object, scopes[i].path, scope_sites, w)) != 0)
			return rc;
	}
	if ((rc = argo_scopes(doc, object, w, type)) != 0)
		return rc;
	if (!own_pod && (type < 0 || type == SCOPE_POD))
		return pod_specs_by_shape(doc, object, w);
	return 0;
}

/* Walks the images of one object. */
static int
object_images(struct ir_doc *doc, ir_id object, void *arg)
{
	return object_scopes(doc, object, arg, -1);
}

int
ir_locate_images(struct ir_doc *doc, ir_image_fn fn, void *arg)
{
	struct walk w = { .image_fn = fn, .arg = arg };

	return ir_locate_objects(doc, object_images, &w);
}

int
ir_locate_pod_specs(struct ir_doc *doc, ir_id object, ir_walk_fn fn, void *arg)
{
	struct walk w = { .node_fn = fn, .arg = arg };

	return object_scopes(doc, object, &w, SCOPE_POD);
}

int
ir_locate_templates(struct ir_doc *doc, ir_id object, ir_walk_fn fn, void *arg)
{
	struct walk w = { .node_fn = fn, .arg = arg };

	return object_scopes(doc, object, &w, SCOPE_ARGO);
}

/* Walks the embedded manifests of one Argo template. */
static int
template_embedded(struct ir_doc *doc, ir_id tmpl, void *arg)
{
	struct walk *w = arg;
	size_t i;
	int rc;

	for (i = 0; i < sizeof(embedded) / sizeof(embedded[0]); i++)
		if ((rc = ir_walk(doc, tmpl, embedded[i], w->node_fn, w->arg)) != 0)
			return rc;
	return 0;
}

/* Walks the embedded manifests of one object. */
static int
object_embedded(struct ir_doc *doc, ir_id object, void *arg)
{
	struct walk *outer = arg;

	return ir_locate_templates(doc, object, template_embedded, outer);
}

int
ir_locate_embedded(struct ir_doc *doc, ir_walk_fn fn, void *arg)
{
	struct walk w = { .node_fn = fn, .arg = arg };

	return ir_locate_objects(doc, object_embedded, &w);
}

const char *
ir_workflow_spec_path(const struct ir_doc *doc, ir_id object)
{
	const char *kind = ir_object_kind(doc, object);
	size_t i;

	for (i = 0; i < sizeof(workflow_kinds) / sizeof(workflow_kinds[0]); i++)
		if (strcmp(kind, workflow_kinds[i].kind) == 0)
			return workflow_kinds[i].spec;
	return NULL;
}

bool
ir_is_chaos_engine(const struct ir_doc *doc, ir_id object)
{
	return strcmp(ir_object_kind(doc, object), "ChaosEngine") == 0;
}

/*
 * Places of pull secret lists, by kind: below the object, each mapping at `base` ("" the object
 * itself), the mappings `create` below it (made when missing) and the list's key; `when`, when
 * set, is a key the base mapping must have. Workflows and pod specs are found as above.
 */
struct secret_row {
	const char *kind;
	const char *base;
	const char *create;
	const char *key;
	const char *when;
	enum ir_secret_place place;
};

static const struct secret_row secret_rows[] = {
	{ "ChaosEngine", "spec", "components.runner", "imagePullSecrets", NULL, IR_SECRET_RUNNER },
	{ "ChaosEngine", "spec.experiments.[]", "spec.components", "experimentImagePullSecrets",
	    NULL, IR_SECRET_EXPERIMENT },
	{ "ChaosEngine", "spec.experiments.[].spec.probe.[].cmdProbe/inputs.source", "",
	    "imagePullSecrets", "image", IR_SECRET_PROBE },
	{ "ServiceAccount", "", "", "imagePullSecrets", NULL, IR_SECRET_ACCOUNT },
};

/* Argo's workflow-level list goes before the templates, as Argo's own examples write it. */
#define WORKFLOW_SECRETS_BEFORE "templates"
/* Harness writes a list under each template's container (which Kubernetes drops). */
#define TEMPLATE_CONTAINER "container"

/* The state of a walk over the places of pull secrets. */
struct secret_walk {
	struct ir_secret_site site;
	const char *when;
	ir_secret_fn fn;
	void *arg;
};

/* Reports mapping id as the base of the walk's current place. */
static int
secret_base(struct ir_doc *doc, ir_id id, void *arg)
{
	struct secret_walk *sw = arg;

	id = ir_resolve(doc, id);
	if (id == 0 || doc->nodes[id].kind != IR_MAP ||
	    (sw->when && ir_map_get(doc, id, sw->when) == 0))
		return 0;
	sw->site.base = id;
	return sw->fn(doc, &sw->site, sw->arg);
}

/* Sets the walk's current place. */
static void
secret_place(struct secret_walk *sw, const char *create, const char *key, const char *before,
    const char *when, enum ir_secret_place place)
{
	sw->site.create = create;
	sw->site.key = key;
	sw->site.before = before;
	sw->site.place = place;
	sw->when = when;
}

/* Reports the container of one Argo template. */
static int
template_container(struct ir_doc *doc, ir_id tmpl, void *arg)
{
	return ir_walk(doc, tmpl, TEMPLATE_CONTAINER, secret_base, arg);
}

int
ir_locate_pull_secrets(struct ir_doc *doc, ir_id object, bool containers, ir_secret_fn fn,
    void *arg)
{
	struct secret_walk sw = { .site = { .object = object }, .fn = fn, .arg = arg };
	const char *kind = ir_object_kind(doc, object), *spec = ir_workflow_spec_path(doc, object);
	size_t i;
	int rc;

	secret_place(&sw, "", "imagePullSecrets", WORKFLOW_SECRETS_BEFORE, NULL,
	    IR_SECRET_WORKFLOW);
	if (spec && (rc = ir_walk(doc, object, spec, secret_base, &sw)) != 0)
		return rc;
	secret_place(&sw, "", "imagePullSecrets", NULL, NULL, IR_SECRET_POD);
	if ((rc = ir_locate_pod_specs(doc, object, secret_base, &sw)) != 0)
		return rc;
	for (i = 0; i < sizeof(secret_rows) / sizeof(secret_rows[0]); i++) {
		const struct secret_row *r = &secret_rows[i];

		if (strcmp(r->kind, kind) != 0)
			continue;
		secret_place(&sw, r->create, r->key, NULL, r->when, r->place);
		if ((rc = ir_walk(doc, object, r->base, secret_base, &sw)) != 0)
			return rc;
	}
	secret_place(&sw, "", "imagePullSecrets", NULL, NULL, IR_SECRET_CONTAINER);
	if (containers && (rc = ir_locate_templates(doc, object, template_container, &sw)) != 0)
		return rc;
	return 0;
}

/* True when text holds word. */
static bool
has_word(const char *text, size_t len, const char *word)
{
	return memmem(text, len, word, strlen(word)) != NULL;
}

/* True when text names one of the workflow kinds. */
static bool
names_workflow(const char *text, size_t len)
{
	size_t i;

	for (i = 0; i < sizeof(workflow_kinds) / sizeof(workflow_kinds[0]); i++)
		if (has_word(text, len, workflow_kinds[i].kind))
			return true;
	return false;
}

/* True when text names a kind with a pod spec or a list of pull secrets of its own, or the
 * key that makes a pod spec in any other kind. */
static bool
names_secret_place(const char *text, size_t len)
{
	size_t i;

	for (i = 0; i < sizeof(scopes) / sizeof(scopes[0]); i++)
		if (scopes[i].type == SCOPE_POD && has_word(text, len, scopes[i].kind))
			return true;
	for (i = 0; i < sizeof(secret_rows) / sizeof(secret_rows[0]); i++)
		if (has_word(text, len, secret_rows[i].kind))
			return true;
	return names_workflow(text, len) || has_word(text, len, POD_TEMPLATE_KEY);
}

bool
ir_locate_may_hold(const char *text, size_t len, enum ir_holds what)
{
	if (what == IR_HOLDS_ANY || memchr(text, '\\', len))
		return true;
	/* manifests embedded in a manifest sit in its Argo templates */
	if (what == IR_HOLDS_TEMPLATES)
		return names_workflow(text, len);
	return names_secret_place(text, len);
}
