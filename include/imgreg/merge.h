#ifndef IMGREG_MERGE_H
#define IMGREG_MERGE_H
#include <stddef.h>

#include "imgreg/settings.h"
/* The scope merge of spec/settings.md: effective settings of one target. */

/* The target: identifiers of its scopes, NULL where not given. */
struct ir_target {
	const char *account, *org, *project, *infra;
};

/* What the merge did with each document of the chain. */
struct ir_merge_step {
	const struct ir_settings *doc;
	const char *scope;		/* "account acme", "organization acme/eng", ... (owned) */
	const struct ir_settings *blocked_by;	/* NULL when applied */
	const char *blocked_scope;	/* owned */
};

struct ir_merge_report {
	struct ir_merge_step *steps;
	size_t n;
};

/*
 * Merges the documents of the target's chain over the preset into *eff (which the caller
 * releases). With every target field NULL, the target is the deepest scope the documents
 * name when there is exactly one. Prints errors; returns 0 or IR_EXIT_USAGE.
 */
int ir_merge(const struct ir_settings *docs, size_t n, const struct ir_target *target,
    enum ir_preset preset, struct ir_settings *eff, struct ir_merge_report *rep);
/* Frees a report. */
void ir_merge_report_release(struct ir_merge_report *rep);
#endif
