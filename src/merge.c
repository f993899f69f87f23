/* The scope merge of spec/settings.md: choosing the target's chain and applying it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "imgreg/buf.h"
#include "imgreg/exit.h"
#include "imgreg/merge.h"
#include "imgreg/msg.h"

static const char *const level_names[IR_LEVELS] = {
	"account", "organization", "project", "infrastructure",
};
static const char *const level_flags[IR_LEVELS] = {
	"--account-id", "--org", "--project", "--infra",
};

/* The fields "isDefault: true" resets to the preset's. */
static const unsigned reset_fields = IR_F_SERVER | IR_F_ACCOUNT | IR_F_PRIVATE | IR_F_SECRET |
    IR_F_USE_CUSTOM | IR_F_CUSTOM;

/* The interned strings: never freed, so that origins may point at them for good. */
static char **interned;
static size_t ninterned;

const char *
ir_scope_intern(const char *s)
{
	size_t i;

	for (i = 0; i < ninterned; i++)
		if (strcmp(interned[i], s) == 0)
			return interned[i];
	interned = ir_xrealloc(interned, (ninterned + 1) * sizeof(*interned));
	interned[ninterned] = ir_xstrndup(s, strlen(s));
	return interned[ninterned++];
}

/* Returns s, or NULL when s is NULL or empty (an empty identifier names nothing). */
static const char *
given(const char *s)
{
	return s && *s ? s : NULL;
}

int
ir_scope_of(const struct ir_settings *doc, const char *ids[IR_LEVELS])
{
	int l;

	ids[IR_LEVEL_ACCOUNT] = given(doc->account_id);
	ids[IR_LEVEL_ORG] = given(doc->org_id);
	ids[IR_LEVEL_PROJECT] = given(doc->project_id);
	ids[IR_LEVEL_INFRA] = given(doc->infra_id);
	for (l = IR_LEVEL_INFRA; l >= IR_LEVEL_ACCOUNT; l--)
		if (ids[l])
			return l;
	return IR_LEVEL_NONE;
}

const char *
ir_scope_name(int level, const char *const ids[IR_LEVELS])
{
	struct ir_buf b = IR_BUF_INIT;
	const char *name;
	int l, first = level;

	if (level == IR_LEVEL_NONE)
		return ir_scope_intern("unscoped settings");
	for (l = level; l >= 0; l--)
		if (ids[l])
			first = l;
	ir_buf_addf(&b, "%s ", level_names[level]);
	for (l = first; l <= level; l++)
		ir_buf_addf(&b, "%s%s", l > first ? "/" : "", ids[l] ? ids[l] : "*");
	name = ir_scope_intern(b.data);
	ir_buf_free(&b);
	return name;
}

const char *
ir_preset_scope(enum ir_preset preset)
{
	return preset == IR_PRESET_LITMUS ? "preset litmus" : "preset hce";
}

/* True when a and b are both NULL or equal strings. */
static bool
same(const char *a, const char *b)
{
	return a == b || (a && b && strcmp(a, b) == 0);
}

/* Formats a document's position as "file:line:col" into buf. */
static const char *
pos_str(char *buf, size_t size, const struct ir_origin *o)
{
	snprintf(buf, size, "%s:%lu:%lu", o->file ? o->file : "<settings>", o->line, o->col);
	return buf;
}

/* Reports two documents for one scope, at the second, naming both positions. */
static int
duplicate(const struct ir_settings *a, const struct ir_settings *b, const char *scope)
{
	char pa[300], pb[300];

	ir_msg(IR_MSG_ERROR, b->doc_at.file, b->doc_at.line, b->doc_at.col,
	    "two documents for %s: %s and %s", scope, pos_str(pa, sizeof(pa), &a->doc_at),
	    pos_str(pb, sizeof(pb), &b->doc_at));
	return IR_EXIT_USAGE;
}

/* Rejects two enabled documents naming exactly the same scope anywhere in the stream. */
static int
check_duplicates(const struct ir_settings *docs, size_t n)
{
	const char *a[IR_LEVELS], *b[IR_LEVELS];
	size_t i, j;
	int la, l;

	for (j = 0; j < n; j++) {
		if (docs[j].disabled)
			continue;
		la = ir_scope_of(&docs[j], b);
		for (i = 0; i < j; i++) {
			if (docs[i].disabled || ir_scope_of(&docs[i], a) != la)
				continue;
			for (l = 0; l < IR_LEVELS && same(a[l], b[l]); l++)
				;
			if (l == IR_LEVELS)
				return duplicate(&docs[i], &docs[j], ir_scope_name(la, b));
		}
	}
	return 0;
}

/* True when a document with identifiers ids contradicts no identifier of the target t. */
static bool
agrees(const char *const ids[IR_LEVELS], const char *const t[IR_LEVELS])
{
	int l;

	for (l = 0; l < IR_LEVELS; l++)
		if (ids[l] && t[l] && strcmp(ids[l], t[l]) != 0)
			return false;
	return true;
}

/* True when a document at level dl with identifiers ids is on the chain of target t at tl. */
static bool
on_chain(int dl, const char *const ids[IR_LEVELS], const char *const t[IR_LEVELS], int tl)
{
	int l;

	if (dl > tl)
		return false;
	for (l = 0; l <= dl; l++)
		if (ids[l] && (t[l] == NULL || strcmp(ids[l], t[l]) != 0))
			return false;
	return true;
}

/* The distinct values one level takes among candidate documents. */
struct values {
	const char *v[2];
	size_t n;
};

/* Adds s to vals unless present (two distinct values are enough to know). */
static void
values_add(struct values *vals, const char *s)
{
	if (s == NULL || (vals->n > 0 && same(vals->v[0], s)) ||
	    (vals->n > 1 && same(vals->v[1], s)))
		return;
	if (vals->n < 2)
		vals->v[vals->n] = s;
	vals->n++;
}

/*
 * Collects the identifiers level k of the target may have: first from documents of the
 * target's own scope or below (which name t[tl]), else from documents between k and tl.
 */
static void
candidates(const struct ir_settings *docs, size_t n, const char *t[IR_LEVELS], int tl,
    int k, struct values *vals)
{
	const char *ids[IR_LEVELS];
	size_t i;
	int dl, pass;

	for (pass = 0; pass < 2 && vals->n == 0; pass++)
		for (i = 0; i < n; i++) {
			dl = ir_scope_of(&docs[i], ids);
			if (!agrees(ids, t) || ids[k] == NULL)
				continue;
			if (pass == 0 && dl >= tl && ids[tl])
				values_add(vals, ids[k]);
			else if (pass == 1 && dl >= k && dl < tl)
				values_add(vals, ids[k]);
		}
}

/* Fills the target's levels above tl that were not given, where the documents tell. */
static int
infer(const struct ir_settings *docs, size_t n, const char *t[IR_LEVELS], int tl)
{
	struct values vals;
	int k;

	for (k = 0; k < tl; k++) {
		if (t[k])
			continue;
		memset(&vals, 0, sizeof(vals));
		candidates(docs, n, t, tl, k, &vals);
		if (vals.n > 1) {
			ir_msg(IR_MSG_ERROR, NULL, 0, 0, "cannot tell the %s of %s '%s': '%s' and '%s' "
			    "both fit; name one with %s", level_names[k], level_names[tl], t[tl],
			    vals.v[0], vals.v[1], level_flags[k]);
			return IR_EXIT_USAGE;
		}
		if (vals.n == 1)
			t[k] = vals.v[0];
	}
	return 0;
}

/* True when a document before docs[i] names the same scope as it. */
static bool
seen_before(const struct ir_settings *docs, size_t i, int level, const char *name)
{
	const char *ids[IR_LEVELS];
	size_t j;

	for (j = 0; j < i; j++)
		if (ir_scope_of(&docs[j], ids) == level && ir_scope_name(level, ids) == name)
			return true;
	return false;
}

/* Fills the identifiers t lacks from ids (a document that agrees with t). */
static void
widen(const char *t[IR_LEVELS], const char *const ids[IR_LEVELS])
{
	int l;

	for (l = 0; l < IR_LEVELS; l++)
		if (t[l] == NULL)
			t[l] = ids[l];
}

/*
 * Chooses the deepest scope the documents name when there is exactly one. Documents that
 * agree (a LitmusChaos project_id beside the Harness identifier of the same project) name one.
 */
static int
default_target(const struct ir_settings *docs, size_t n, const char *t[IR_LEVELS], int *tl)
{
	struct ir_buf list = IR_BUF_INIT;
	const char *ids[IR_LEVELS], *name;
	bool conflict = false;
	size_t i, count = 0;
	int dl;

	*tl = IR_LEVEL_NONE;
	for (i = 0; i < n; i++)
		if ((dl = ir_scope_of(&docs[i], ids)) > *tl)
			*tl = dl;
	for (i = 0; i < n && *tl != IR_LEVEL_NONE; i++) {
		if (ir_scope_of(&docs[i], ids) != *tl)
			continue;
		name = ir_scope_name(*tl, ids);
		if (!seen_before(docs, i, *tl, name))
			ir_buf_addf(&list, "%s'%s'", count++ ? ", " : "", name);
		if (agrees(ids, t))
			widen(t, ids);
		else
			conflict = true;
	}
	if (conflict)
		ir_msg(IR_MSG_ERROR, NULL, 0, 0, "no target given and the input names several "
		    "scopes: %s; choose one with --account-id, --org, --project or --infra",
		    list.data);
	ir_buf_free(&list);
	return conflict ? IR_EXIT_USAGE : 0;
}

/* Finds the target: the flags given, else the default; then infers the levels not given. */
static int
resolve_target(const struct ir_settings *docs, size_t n, const struct ir_target *target,
    const char *t[IR_LEVELS], int *tl)
{
	int rc, l;

	t[IR_LEVEL_ACCOUNT] = target ? given(target->account) : NULL;
	t[IR_LEVEL_ORG] = target ? given(target->org) : NULL;
	t[IR_LEVEL_PROJECT] = target ? given(target->project) : NULL;
	t[IR_LEVEL_INFRA] = target ? given(target->infra) : NULL;
	*tl = IR_LEVEL_NONE;
	for (l = 0; l < IR_LEVELS; l++)
		if (t[l])
			*tl = l;
	if (*tl == IR_LEVEL_NONE && (rc = default_target(docs, n, t, tl)) != 0)
		return rc;
	return infer(docs, n, t, *tl);
}

/* True when some document names the target's own scope. */
static bool
target_named(const struct ir_settings *docs, size_t n, const char *const t[IR_LEVELS], int tl)
{
	const char *ids[IR_LEVELS];
	size_t i;

	for (i = 0; i < n; i++)
		if (ir_scope_of(&docs[i], ids) >= tl && same(ids[tl], t[tl]) && agrees(ids, t))
			return true;
	return false;
}

/* Appends a step for doc to the report. */
static void
add_step(struct ir_merge_report *rep, const struct ir_settings *doc, const char *scope,
    enum ir_step_state state)
{
	struct ir_merge_step *st;

	rep->steps = ir_xrealloc(rep->steps, (rep->n + 1) * sizeof(*rep->steps));
	st = &rep->steps[rep->n++];
	memset(st, 0, sizeof(*st));
	st->doc = doc;
	st->scope = scope;
	st->state = state;
}

/* Puts the documents of the target's chain into the report, top down, one per level. */
static int
build_chain(const struct ir_settings *docs, size_t n, const char *const t[IR_LEVELS], int tl,
    struct ir_merge_report *rep)
{
	const struct ir_settings *here;
	const char *ids[IR_LEVELS];
	size_t i;
	int l;

	for (l = IR_LEVEL_NONE; l <= tl; l++) {
		here = NULL;
		for (i = 0; i < n; i++) {
			if (ir_scope_of(&docs[i], ids) != l || !on_chain(l, ids, t, tl))
				continue;
			if (!docs[i].disabled && here)
				return duplicate(here, &docs[i], ir_scope_name(l, t));
			if (!docs[i].disabled)
				here = &docs[i];
			add_step(rep, &docs[i], ir_scope_name(l, ids),
			    docs[i].disabled ? IR_STEP_IGNORED : IR_STEP_APPLIED);
		}
	}
	return 0;
}

/* Gives every origin that doc's application left without a scope the scope name. */
static void
fill_scopes(struct ir_settings *eff, unsigned set, const char *scope)
{
	size_t i;
	int f;

	for (f = 0; f < IR_F_COUNT; f++)
		if ((set & (1u << f)) && eff->origin[f].scope == NULL)
			eff->origin[f].scope = scope;
	for (i = 0; i < eff->ncustom; i++)
		if (eff->custom[i].at.scope == NULL)
			eff->custom[i].at.scope = scope;
	for (i = 0; i < eff->nmirrors; i++)
		if (eff->mirrors[i].at.scope == NULL)
			eff->mirrors[i].at.scope = scope;
	for (i = 0; i < eff->nentrypoints; i++)
		if (eff->entrypoints[i].at.scope == NULL)
			eff->entrypoints[i].at.scope = scope;
}

/* Index of the bit f in enum ir_field. */
static int
bit(unsigned f)
{
	int i = 0;

	while ((1u << i) != f)
		i++;
	return i;
}

/* Applies one document of the chain (merge step 3), recording where each field came from. */
static void
apply_doc(struct ir_settings *eff, const struct ir_settings *doc, const char *scope,
    enum ir_preset preset)
{
	struct ir_origin at;
	int f;

	if ((doc->set & IR_F_DEFAULT) && doc->is_default) {
		at = doc->origin[bit(IR_F_DEFAULT)];
		at.scope = at.scope ? at.scope : scope;
		for (f = 0; f < IR_F_COUNT; f++)
			if (reset_fields & (1u << f))
				eff->origin[f] = at;
	}
	ir_settings_apply(eff, doc, preset);
	fill_scopes(eff, doc->set, scope);
	if (!(doc->set & IR_F_OVERRIDE)) {
		eff->override_allowed = false;
		eff->origin[bit(IR_F_OVERRIDE)] = doc->doc_at;
		eff->origin[bit(IR_F_OVERRIDE)].scope = scope;
	}
}

/* True when an applied document lets the scopes below it override its settings. */
static bool
allows(const struct ir_settings *doc)
{
	return (doc->set & IR_F_OVERRIDE) && doc->override_allowed;
}

/* Applies the chain top down, blocking what the nearest applied scope above forbids. */
static void
apply_chain(struct ir_settings *eff, struct ir_merge_report *rep, enum ir_preset preset)
{
	const struct ir_merge_step *above = NULL;
	struct ir_merge_step *st;
	size_t i;

	for (i = 0; i < rep->n; i++) {
		st = &rep->steps[i];
		if (st->state == IR_STEP_IGNORED)
			continue;
		if (above && !allows(above->doc)) {
			st->state = IR_STEP_BLOCKED;
			st->blocked_by = above->doc;
			st->blocked_scope = above->scope;
			continue;
		}
		apply_doc(eff, st->doc, st->scope, preset);
		above = st;
	}
}

/* Starts the effective settings from the preset, each field's origin naming it. */
static void
start(struct ir_settings *eff, enum ir_preset preset)
{
	int f;

	ir_settings_preset(eff, preset);
	for (f = 0; f < IR_F_COUNT; f++)
		eff->origin[f].scope = ir_scope_intern(ir_preset_scope(preset));
}

int
ir_merge(const struct ir_settings *docs, size_t n, const struct ir_target *target,
    enum ir_preset preset, struct ir_settings *eff, struct ir_merge_report *rep)
{
	const char *t[IR_LEVELS];
	int rc, tl, l;

	memset(rep, 0, sizeof(*rep));
	rep->level = IR_LEVEL_NONE;
	start(eff, preset);
	if ((rc = check_duplicates(docs, n)) != 0 ||
	    (rc = resolve_target(docs, n, target, t, &tl)) != 0 ||
	    (rc = build_chain(docs, n, t, tl, rep)) != 0) {
		ir_settings_release(eff);
		return rc;
	}
	rep->level = tl;
	for (l = 0; l <= tl; l++)
		rep->ids[l] = t[l] ? ir_xstrndup(t[l], strlen(t[l])) : NULL;
	if (tl != IR_LEVEL_NONE) {
		rep->target = ir_scope_name(tl, t);
		if (!target_named(docs, n, t, tl))
			ir_msg(IR_MSG_WARNING, NULL, 0, 0, "no settings document for %s; it gets the "
			    "settings of the scopes above it", rep->target);
	}
	apply_chain(eff, rep, preset);
	return 0;
}

/* Appends copies of the lines of src to dst. */
static void
list_append(struct ir_list *dst, const struct ir_list *src)
{
	size_t i;

	dst->items = ir_xrealloc(dst->items, (dst->n + src->n + 1) * sizeof(*dst->items));
	for (i = 0; i < src->n; i++)
		dst->items[dst->n++] = ir_xstrndup(src->items[i], strlen(src->items[i]));
	dst->items[dst->n] = NULL;
}

void
ir_merge_carry(struct ir_merge_report *rep, const struct ir_settings *docs,
    const struct ir_notes *notes)
{
	size_t i, k;

	for (i = 0; i < rep->n; i++) {
		if (rep->steps[i].state != IR_STEP_APPLIED)
			continue;
		k = (size_t)(rep->steps[i].doc - docs);
		list_append(&rep->carried.blocked, &notes[k].blocked);
		list_append(&rep->carried.ignored, &notes[k].ignored);
	}
}

/* Frees the lines of a list. */
static void
list_release(struct ir_list *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		free(l->items[i]);
	free(l->items);
	memset(l, 0, sizeof(*l));
}

void
ir_notes_release(struct ir_notes *notes)
{
	list_release(&notes->blocked);
	list_release(&notes->ignored);
}

void
ir_merge_report_release(struct ir_merge_report *rep)
{
	int l;

	free(rep->steps);
	for (l = 0; l < IR_LEVELS; l++)
		free(rep->ids[l]);
	ir_notes_release(&rep->carried);
	memset(rep, 0, sizeof(*rep));
	rep->level = IR_LEVEL_NONE;
}
