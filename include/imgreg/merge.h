#ifndef IMGREG_MERGE_H
#define IMGREG_MERGE_H
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "imgreg/buf.h"
#include "imgreg/settings.h"
/*
 * The scope merge of spec/settings.md: the effective settings of one target from the account,
 * organization, project and infrastructure documents of a stream, and the effective document
 * imgreg-merge writes.
 *
 * Ownership: a report owns its arrays and the target identifiers; release it with
 * ir_merge_report_release(). Scope names ("project acme/eng/payments") are interned: they live
 * until the program ends, so the origin.scope pointers the merge stores in the effective
 * settings stay valid after the report and the documents are released.
 */

/* Scope levels, top down; IR_LEVEL_NONE is a document without any identifier. */
enum ir_scope_level {
	IR_LEVEL_NONE = -1,
	IR_LEVEL_ACCOUNT,
	IR_LEVEL_ORG,
	IR_LEVEL_PROJECT,
	IR_LEVEL_INFRA,
};
#define IR_LEVELS 4

/* The target: identifiers of its scopes, NULL where not given. */
struct ir_target {
	const char *account, *org, *project, *infra;
};

/* What an effective document lists in its comments: one line per document not applied. */
struct ir_notes {
	struct ir_list blocked;		/* "organization acme/ops (in.yaml:5:1), blocked by ..." */
	struct ir_list ignored;
};

/* What the merge did with one document of the chain. */
enum ir_step_state {
	IR_STEP_APPLIED,
	IR_STEP_BLOCKED,	/* the nearest applied scope above forbids overrides */
	IR_STEP_IGNORED,	/* LitmusChaos enable_registry: false */
};

struct ir_merge_step {
	const struct ir_settings *doc;	/* borrowed from the caller's array */
	const char *scope;		/* "organization acme/eng" (interned) */
	enum ir_step_state state;
	const struct ir_settings *blocked_by;	/* the blocking document, NULL when none */
	const char *blocked_scope;	/* its scope (interned), NULL when none */
};

struct ir_merge_report {
	struct ir_merge_step *steps;	/* the chain, top down */
	size_t n;
	char *ids[IR_LEVELS];		/* the resolved target, NULL where unknown (owned) */
	int level;			/* the target's level, IR_LEVEL_NONE without a target */
	const char *target;		/* the target's scope name, NULL without one (interned) */
	struct ir_notes carried;	/* notes of applied effective documents (owned) */
};

/*
 * Merges the documents of the target's chain over the preset into *eff (which the caller
 * releases) and describes the chain in *rep (which the caller releases, also on error). Target
 * fields left NULL are inferred from the documents; with every target field NULL, the target
 * is the deepest scope the documents name when there is exactly one. Prints errors; returns 0
 * or IR_EXIT_USAGE (and then *eff is empty, releasing it is harmless). Does not validate: call
 * ir_settings_validate() after adding flags.
 */
int ir_merge(const struct ir_settings *docs, size_t n, const struct ir_target *target,
    enum ir_preset preset, struct ir_settings *eff, struct ir_merge_report *rep);
/* Frees a report. */
void ir_merge_report_release(struct ir_merge_report *rep);
/* Carries into rep->carried the notes of every applied document (notes[i] is docs[i]'s). */
void ir_merge_carry(struct ir_merge_report *rep, const struct ir_settings *docs,
    const struct ir_notes *notes);

/* Returns a copy of s that lives until the program ends; equal strings share one copy. */
const char *ir_scope_intern(const char *s);
/* Returns the level of a document and points ids at its identifiers (NULL where absent). */
int ir_scope_of(const struct ir_settings *doc, const char *ids[IR_LEVELS]);
/* Returns the interned name of the scope at level with identifiers ids ("account acme"). */
const char *ir_scope_name(int level, const char *const ids[IR_LEVELS]);
/* Returns "preset hce" or "preset litmus". */
const char *ir_preset_scope(enum ir_preset preset);

/*
 * The effective document (src/settings_write.c). ir_effective_notes() reads what an effective
 * document carries in its comments (the scope of each field, the blocked and ignored
 * documents) so that merging it alone gives it back: it sets the origin scopes of doc from
 * "# from SCOPE" comments and fills *notes (which the caller releases). text is the file doc
 * was read from. Returns true when doc is an effective document; false leaves both alone.
 */
bool ir_effective_notes(struct ir_settings *doc, const char *text, size_t len,
    struct ir_notes *notes);
/* Frees the lines of notes. */
void ir_notes_release(struct ir_notes *notes);
/* Appends the effective document of eff and rep to out. */
void ir_effective_write(struct ir_buf *out, const struct ir_settings *eff,
    const struct ir_merge_report *rep, enum ir_preset preset);
/* Prints the same as a table to fp (--explain). */
void ir_effective_explain(FILE *fp, const struct ir_settings *eff,
    const struct ir_merge_report *rep, enum ir_preset preset);
#endif
