#ifndef IMGREG_ENTRYPOINT_H
#define IMGREG_ENTRYPOINT_H
#include <stdbool.h>
#include <stddef.h>

#include "imgreg/buf.h"
#include "imgreg/eptable.h"
#include "imgreg/ref.h"
#include "imgreg/settings.h"
#include "imgreg/yaml.h"
/*
 * The entrypoint step: Argo Workflows v3.4+ needs the command of every container it runs and
 * looks it up in the image's registry when a template gives none; from a private registry
 * without the workflow's pull secret that fails. This step writes the command into the
 * template instead, from the entrypoint table (eptable.h).
 *
 * Ownership: a struct ir_entrypoint borrows its settings and table and owns what it collects;
 * release it with ir_entrypoint_release().
 */

/* An image whose command goes into the workflow-controller-configmap (--configmap). */
struct ir_epimage {
	char *image;			/* the reference exactly as written */
	const struct ir_entry *entry;	/* borrowed from the table */
};

/* The state of the step over a run. */
struct ir_entrypoint {
	const struct ir_settings *settings;	/* borrowed */
	const struct ir_eptable *table;		/* borrowed */
	bool always;		/* insert regardless of registry and pull secrets */
	bool strict;		/* an unknown image is an error (exit 1) */
	bool collect;		/* --configmap: collect images instead of editing */
	unsigned long inserted;	/* counts, for -v and the conformance script */
	unsigned long present;	/* containers that give a command already */
	unsigned long lookup;	/* containers left to the registry lookup */
	unsigned long templated;	/* images holding {{...}} */
	unsigned long unknown;	/* images the table does not know */
	struct ir_epimage *images;	/* --configmap: collected, sorted by image */
	size_t nimages;
	/* per document: the object being looked at, its templates, the mappings edited */
	ir_id object;
	ir_id spec;
	bool secrets;
	ir_id *tmpls, *done;
	size_t ntmpls, ndone;
};

/*
 * True when Argo's controller would fail to look up the entrypoint of ref: the image is in the
 * configured registry (under server/account, a mirror's destination, or a custom image), the
 * registry is private or internal, and the workflow has no pull secrets (has_secrets false).
 */
bool ir_entrypoint_lookup_fails(const struct ir_settings *s, const struct ir_ref *ref,
    bool has_secrets);
/*
 * Gives every container of the document's Argo templates that needs it the table's command;
 * ctx is a struct ir_entrypoint. Returns 0 or an exit status (IR_EXIT_FOUND for an unknown
 * image with strict, after an error message).
 */
int ir_entrypoint_doc(struct ir_doc *doc, void *ctx);
/* True when mapping c is an item of initContainers (Argo does not look those up). */
bool ir_entrypoint_is_init(const struct ir_doc *doc, ir_id c);
/* True when container c is a template's container or script and the templateDefaults of the
 * workflow spec `spec` give that a command, which Argo merges into every template. */
bool ir_entrypoint_inherits_command(struct ir_doc *doc, ir_id spec, ir_id c);
/*
 * Appends the workflow-controller-configmap document listing the collected images' commands
 * (data.images) to out; appends nothing when none was collected.
 */
void ir_entrypoint_configmap(const struct ir_entrypoint *ep, struct ir_buf *out);
/* Frees what the step collected. */
void ir_entrypoint_release(struct ir_entrypoint *ep);
#endif
