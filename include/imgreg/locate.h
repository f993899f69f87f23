#ifndef IMGREG_LOCATE_H
#define IMGREG_LOCATE_H
#include <stdbool.h>
#include <stddef.h>

#include "imgreg/yaml.h"
/*
 * Where images live: one table (src/locate.c) of the places Kubernetes, Argo Workflows and
 * LitmusChaos read container images from, by kind. Every filter finds images, pod specs,
 * Argo templates and embedded manifests through these functions only.
 */

/* What kind of place an image was found in. */
enum ir_site {
	IR_SITE_CONTAINER,	/* a container-like mapping's image field */
	IR_SITE_VOLUME,		/* a pod's image volume: volumes[].image.reference */
	IR_SITE_ENV,		/* the value of an env variable whose name ends in _IMAGE */
};

/* One image occurrence. */
struct ir_image {
	ir_id object;		/* the Kubernetes object (the document root or a List item) */
	ir_id holder;		/* the mapping holding the field (container, env entry, volume) */
	ir_id node;		/* the scalar holding the reference, aliases resolved */
	ir_id field;		/* the node as written (an alias when the value is one) */
	enum ir_site site;
	bool argo;		/* inside an Argo template */
};

typedef int (*ir_image_fn)(struct ir_doc *doc, const struct ir_image *img, void *arg);

/* Calls fn for each object of the document: its root, or each item of a List kind. */
int ir_locate_objects(struct ir_doc *doc, ir_walk_fn fn, void *arg);
/* Returns the object's kind ("" when none). */
const char *ir_object_kind(const struct ir_doc *doc, ir_id object);
/* Calls fn for every image occurrence in the document, in document order of the table. */
int ir_locate_images(struct ir_doc *doc, ir_image_fn fn, void *arg);
/* Calls fn for every string holding an embedded manifest (Argo raw artifacts, resource
 * manifests). */
int ir_locate_embedded(struct ir_doc *doc, ir_walk_fn fn, void *arg);
/* Calls fn for every pod spec mapping of the object (Kubernetes workloads, any kind with
 * spec.template.spec). */
int ir_locate_pod_specs(struct ir_doc *doc, ir_id object, ir_walk_fn fn, void *arg);
/* Calls fn for every Argo template mapping of the object. */
int ir_locate_templates(struct ir_doc *doc, ir_id object, ir_walk_fn fn, void *arg);
/* Returns the path of the mapping or sequence holding an Argo workflow's spec-level fields
 * ("spec" or, for a CronWorkflow, "spec.workflowSpec"), or NULL when the object is not one. */
const char *ir_workflow_spec_path(const struct ir_doc *doc, ir_id object);
/* True when the object is a LitmusChaos ChaosEngine. */
bool ir_is_chaos_engine(const struct ir_doc *doc, ir_id object);

/* What a text must be able to hold for a filter to read it (ir_locate_may_hold()). */
enum ir_holds {
	IR_HOLDS_ANY,		/* anything: every text is read */
	IR_HOLDS_TEMPLATES,	/* Argo templates (ir_locate_templates()) */
	IR_HOLDS_SECRET_PLACES,	/* places of pull secrets and pod specs (ir_locate_pull_secrets(),
				 * ir_locate_pod_specs()) */
};

/*
 * True when YAML text may hold what `what` names; false when it cannot, so that a filter may
 * skip a manifest embedded in a string unread. The screen is on the text: a kind or key
 * compares with its name byte for byte, and YAML writes no scalar but with its characters in a
 * row, except with an escape ("\x57orkflow", or lines joined by a backslash in double quotes):
 * folded lines join with a space or keep the break, and aliases, merge keys and tags reuse text
 * written in the same stream. So a text without a backslash that names none of the kinds (and
 * keys) the walks look for holds none of their places.
 */
bool ir_locate_may_hold(const char *text, size_t len, enum ir_holds what);

/* What kind of place a list of pull secrets is read from. */
enum ir_secret_place {
	IR_SECRET_WORKFLOW,	/* an Argo workflow's spec (Argo and every pod it makes) */
	IR_SECRET_POD,		/* a Kubernetes pod spec */
	IR_SECRET_RUNNER,	/* a ChaosEngine's runner */
	IR_SECRET_EXPERIMENT,	/* a ChaosEngine experiment's components */
	IR_SECRET_PROBE,	/* a ChaosEngine cmdProbe's source that has an image */
	IR_SECRET_ACCOUNT,	/* a ServiceAccount */
	IR_SECRET_CONTAINER,	/* an Argo template's container (Harness' style, not read) */
};

/* One place for a list of pull secrets: the list `key` of the mapping that `create` names
 * below the existing mapping `base`. */
struct ir_secret_site {
	ir_id object;
	ir_id base;		/* an existing mapping, aliases resolved */
	const char *create;	/* keys below base, '.'-separated, that may be missing ("" none) */
	const char *key;	/* the list's key */
	const char *before;	/* a new list goes before this key of its mapping (NULL: last) */
	enum ir_secret_place place;
};

typedef int (*ir_secret_fn)(struct ir_doc *doc, const struct ir_secret_site *site, void *arg);

/* Calls fn for every place of the object where Kubernetes, Argo or LitmusChaos read pull
 * secrets, and with containers also for each Argo template's container. */
int ir_locate_pull_secrets(struct ir_doc *doc, ir_id object, bool containers, ir_secret_fn fn,
    void *arg);
#endif
