/* The effective document: writing it, explaining it, and reading its comments back. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "imgreg/buf.h"
#include "imgreg/edit.h"
#include "imgreg/merge.h"
#include "imgreg/text.h"

#define HEADER		"# imgreg-merge: effective settings"
#define BLOCKED		"# blocked documents:"
#define IGNORED		"# ignored documents:"
#define ITEM		"#   "
#define FROM		"  # from "

static const char *const path_modes[] = { "last", "keep", "full" };

/* Index of the bit f in enum ir_field. */
static int
bit(unsigned f)
{
	int i = 0;

	while ((1u << i) != f)
		i++;
	return i;
}

/* Returns the scope an origin names, the preset when it names none. */
static const char *
scope_of(const struct ir_origin *o, enum ir_preset preset)
{
	return o->scope ? o->scope : ir_preset_scope(preset);
}

/* Appends the comment naming where a value came from, and the line break. */
static void
from(struct ir_buf *b, const struct ir_origin *o, enum ir_preset preset)
{
	ir_buf_addf(b, "%s%s\n", FROM, scope_of(o, preset));
}

/* Appends a string as a plain scalar where it can be one, quoted otherwise. */
static void
scalar(struct ir_buf *b, const char *s, bool flow)
{
	ir_scalar_write(b, s, strlen(s), IR_PLAIN, flow);
}

/* Appends "key: value" for a string field with its origin. */
static void
str_field(struct ir_buf *b, const char *key, const char *value, const struct ir_origin *o,
    enum ir_preset preset)
{
	ir_buf_addf(b, "%s: ", key);
	scalar(b, value, false);
	from(b, o, preset);
}

/* Appends "key: true|false" with its origin. */
static void
bool_field(struct ir_buf *b, const char *key, bool value, const struct ir_origin *o,
    enum ir_preset preset)
{
	ir_buf_addf(b, "%s: %s", key, value ? "true" : "false");
	from(b, o, preset);
}

/* Formats a document's position as "file:line:col". */
static void
position(struct ir_buf *b, const struct ir_settings *doc)
{
	ir_buf_addf(b, "%s:%lu:%lu", doc->doc_at.file ? doc->doc_at.file : "<settings>",
	    doc->doc_at.line, doc->doc_at.col);
}

/* Collects the lines describing the documents the merge did not apply. */
static void
not_applied(const struct ir_merge_report *rep, enum ir_step_state state, struct ir_list *out)
{
	const struct ir_list *carried = state == IR_STEP_BLOCKED ? &rep->carried.blocked :
	    &rep->carried.ignored;
	struct ir_buf line = IR_BUF_INIT;
	size_t i;

	out->n = 0;
	out->items = ir_xcalloc(rep->n + carried->n + 1, sizeof(*out->items));
	for (i = 0; i < rep->n; i++) {
		if (rep->steps[i].state != state)
			continue;
		ir_buf_addf(&line, "%s (", rep->steps[i].scope);
		position(&line, rep->steps[i].doc);
		if (state == IR_STEP_BLOCKED)
			ir_buf_addf(&line, "), blocked by %s", rep->steps[i].blocked_scope);
		else
			ir_buf_adds(&line, "), enable_registry is false");
		out->items[out->n++] = ir_buf_detach(&line, NULL);
	}
	for (i = 0; i < carried->n; i++)
		out->items[out->n++] = ir_xstrndup(carried->items[i], strlen(carried->items[i]));
}

/* Frees a list built by not_applied(). */
static void
lines_free(struct ir_list *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		free(l->items[i]);
	free(l->items);
}

/* Appends the header: the target, the blocked and the ignored documents. */
static void
write_header(struct ir_buf *b, const struct ir_merge_report *rep, enum ir_preset preset)
{
	struct ir_list blocked, ignored;
	size_t i;

	ir_buf_addf(b, "%s%s%s (%s)\n", HEADER, rep->target ? " of " : "",
	    rep->target ? rep->target : "", ir_preset_scope(preset));
	not_applied(rep, IR_STEP_BLOCKED, &blocked);
	not_applied(rep, IR_STEP_IGNORED, &ignored);
	ir_buf_addf(b, "%s%s\n", BLOCKED, blocked.n ? "" : " none");
	for (i = 0; i < blocked.n; i++)
		ir_buf_addf(b, "%s%s\n", ITEM, blocked.items[i]);
	if (ignored.n)
		ir_buf_addf(b, "%s\n", IGNORED);
	for (i = 0; i < ignored.n; i++)
		ir_buf_addf(b, "%s%s\n", ITEM, ignored.items[i]);
	lines_free(&blocked);
	lines_free(&ignored);
}

/* Appends the target's identifiers. */
static void
write_identifier(struct ir_buf *b, const struct ir_merge_report *rep)
{
	static const char *const keys[] = {
		"accountIdentifier", "orgIdentifier", "projectIdentifier",
	};
	bool any = false;
	int l;

	for (l = 0; l < 3; l++) {
		if (rep->ids[l] == NULL)
			continue;
		if (!any)
			ir_buf_adds(b, "identifier:\n");
		any = true;
		ir_buf_addf(b, "  %s: ", keys[l]);
		scalar(b, rep->ids[l], false);
		ir_buf_addc(b, '\n');
	}
	if (rep->ids[IR_LEVEL_INFRA]) {
		ir_buf_adds(b, "infraID: ");
		scalar(b, rep->ids[IR_LEVEL_INFRA], false);
		ir_buf_addc(b, '\n');
	}
}

/* Appends the registry fields, registryServer to useCustomImages. */
static void
write_registry(struct ir_buf *b, const struct ir_settings *s, enum ir_preset preset)
{
	const struct ir_origin *o = s->origin;

	str_field(b, "registryServer", s->server, &o[bit(IR_F_SERVER)], preset);
	str_field(b, "registryAccount", s->account, &o[bit(IR_F_ACCOUNT)], preset);
	bool_field(b, "isPrivate", s->is_private, &o[bit(IR_F_PRIVATE)], preset);
	if (s->secret_name)
		str_field(b, "secretName", s->secret_name, &o[bit(IR_F_SECRET)], preset);
	else
		ir_buf_addf(b, "# secretName: none, from %s\n",
		    scope_of(&o[bit(IR_F_SECRET)], preset));
	if (s->secret_namespace)
		str_field(b, "secret_namespace", s->secret_namespace, &o[bit(IR_F_SECRET_NS)],
		    preset);
	bool_field(b, "isDefault", s->is_default, &o[bit(IR_F_DEFAULT)], preset);
	bool_field(b, "isOverrideAllowed", s->override_allowed, &o[bit(IR_F_OVERRIDE)], preset);
	bool_field(b, "useCustomImages", s->use_custom_images, &o[bit(IR_F_USE_CUSTOM)], preset);
}

/* Appends customImages, one key a line with the scope that set it. */
static void
write_custom(struct ir_buf *b, const struct ir_settings *s, enum ir_preset preset)
{
	size_t i;

	if (s->ncustom == 0) {
		ir_buf_adds(b, "customImages: {}");
		from(b, &s->origin[bit(IR_F_CUSTOM)], preset);
		return;
	}
	ir_buf_addf(b, "customImages:%s\n", s->use_custom_images ? "" :
	    "  # not used: useCustomImages is false");
	for (i = 0; i < s->ncustom; i++) {
		ir_buf_adds(b, "  ");
		scalar(b, s->custom[i].key, false);
		ir_buf_adds(b, ": ");
		scalar(b, s->custom[i].value, false);
		from(b, &s->custom[i].at, preset);
	}
}

/* Appends a list of prefixes in flow style on one line. */
static void
write_list(struct ir_buf *b, const char *key, const struct ir_list *l,
    const struct ir_origin *o, enum ir_preset preset)
{
	size_t i;

	ir_buf_addf(b, "%s: [", key);
	for (i = 0; i < l->n; i++) {
		ir_buf_adds(b, i ? ", " : "");
		scalar(b, l->items[i], true);
	}
	ir_buf_adds(b, "]");
	from(b, o, preset);
}

/* Appends pathMode, mirrors, only and exclude. */
static void
write_rules(struct ir_buf *b, const struct ir_settings *s, enum ir_preset preset)
{
	const struct ir_origin *o = s->origin;
	size_t i;

	ir_buf_addf(b, "pathMode: %s", path_modes[s->path_mode]);
	from(b, &o[bit(IR_F_PATH_MODE)], preset);
	if (s->nmirrors == 0) {
		ir_buf_adds(b, "mirrors: []");
		from(b, &o[bit(IR_F_MIRRORS)], preset);
	} else
		ir_buf_adds(b, "mirrors:\n");
	for (i = 0; i < s->nmirrors; i++) {
		ir_buf_adds(b, "  - {from: ");
		scalar(b, s->mirrors[i].key, true);
		ir_buf_adds(b, ", to: ");
		scalar(b, s->mirrors[i].value, true);
		ir_buf_adds(b, "}");
		from(b, &o[bit(IR_F_MIRRORS)], preset);
	}
	write_list(b, "only", &s->only, &o[bit(IR_F_ONLY)], preset);
	write_list(b, "exclude", &s->exclude, &o[bit(IR_F_EXCLUDE)], preset);
}

/* Appends entrypoints, one image a line, and internal when a document set it. */
static void
write_entrypoints(struct ir_buf *b, const struct ir_settings *s, enum ir_preset preset)
{
	const struct ir_origin *o = &s->origin[bit(IR_F_ENTRYPOINTS)];
	struct ir_buf key = IR_BUF_INIT;
	size_t i, j;

	ir_buf_adds(b, s->nentrypoints ? "entrypoints:\n" : "entrypoints: {}");
	if (s->nentrypoints == 0)
		from(b, o, preset);
	for (i = 0; i < s->nentrypoints; i++) {
		const struct ir_entry *e = &s->entrypoints[i];

		ir_buf_reset(&key);
		ir_buf_addf(&key, "%s%s%s", e->image, e->tag_pattern ? ":" : "",
		    e->tag_pattern ? e->tag_pattern : "");
		ir_buf_adds(b, "  ");
		scalar(b, key.data, false);
		ir_buf_adds(b, ": [");
		for (j = 0; j < e->argv.n; j++) {
			ir_buf_adds(b, j ? ", " : "");
			scalar(b, e->argv.items[j], true);
		}
		ir_buf_adds(b, "]");
		from(b, o, preset);
	}
	ir_buf_free(&key);
	if (s->set & IR_F_INTERNAL)
		bool_field(b, "internal", s->internal, &s->origin[bit(IR_F_INTERNAL)], preset);
}

void
ir_effective_write(struct ir_buf *out, const struct ir_settings *eff,
    const struct ir_merge_report *rep, enum ir_preset preset)
{
	write_header(out, rep, preset);
	ir_buf_adds(out, "apiVersion: imgreg/v1\nkind: ImageRegistry\n");
	write_identifier(out, rep);
	write_registry(out, eff, preset);
	write_custom(out, eff, preset);
	write_rules(out, eff, preset);
	write_entrypoints(out, eff, preset);
}

/* One line of the --explain table. */
struct row {
	char *field, *value, *from;
};

struct table {
	struct row *rows;
	size_t n;
	enum ir_preset preset;
};

/* Adds a row; value is copied, the origin is formatted as scope and position. */
static void
row(struct table *t, const char *field, const char *value, const struct ir_origin *o)
{
	struct ir_buf b = IR_BUF_INIT;
	struct row *r;

	t->rows = ir_xrealloc(t->rows, (t->n + 1) * sizeof(*t->rows));
	r = &t->rows[t->n++];
	r->field = ir_xstrndup(field, strlen(field));
	r->value = ir_xstrndup(value, strlen(value));
	ir_buf_adds(&b, scope_of(o, t->preset));
	if (o->file && o->line)
		ir_buf_addf(&b, ", %s:%lu:%lu", o->file, o->line, o->col);
	r->from = ir_buf_detach(&b, NULL);
}

/* Adds a row whose value is a list joined by ", ", or none when the list is empty. */
static void
list_row(struct table *t, const char *field, const struct ir_list *l,
    const struct ir_origin *o, const char *none)
{
	struct ir_buf b = IR_BUF_INIT;
	size_t i;

	for (i = 0; i < l->n; i++)
		ir_buf_addf(&b, "%s%s", i ? ", " : "", l->items[i]);
	row(t, field, l->n ? b.data : none, o);
	ir_buf_free(&b);
}

/* Adds the rows of the registry fields. */
static void
registry_rows(struct table *t, const struct ir_settings *s)
{
	const struct ir_origin *o = s->origin;

	row(t, "registryServer", s->server, &o[bit(IR_F_SERVER)]);
	row(t, "registryAccount", s->account, &o[bit(IR_F_ACCOUNT)]);
	row(t, "isPrivate", s->is_private ? "true" : "false", &o[bit(IR_F_PRIVATE)]);
	row(t, "secretName", s->secret_name ? s->secret_name : "(none)", &o[bit(IR_F_SECRET)]);
	if (s->secret_namespace)
		row(t, "secret_namespace", s->secret_namespace, &o[bit(IR_F_SECRET_NS)]);
	row(t, "isDefault", s->is_default ? "true" : "false", &o[bit(IR_F_DEFAULT)]);
	row(t, "isOverrideAllowed", s->override_allowed ? "true" : "false",
	    &o[bit(IR_F_OVERRIDE)]);
	row(t, "useCustomImages", s->use_custom_images ? "true" : "false",
	    &o[bit(IR_F_USE_CUSTOM)]);
}

/* Adds the rows of customImages and the rewriting rules. */
static void
rule_rows(struct table *t, const struct ir_settings *s)
{
	const struct ir_origin *o = s->origin;
	struct ir_buf b = IR_BUF_INIT;
	size_t i;

	if (s->ncustom == 0)
		row(t, "customImages", "(none)", &o[bit(IR_F_CUSTOM)]);
	for (i = 0; i < s->ncustom; i++) {
		ir_buf_reset(&b);
		ir_buf_addf(&b, "customImages.%s", s->custom[i].key);
		row(t, b.data, s->custom[i].value, &s->custom[i].at);
	}
	row(t, "pathMode", path_modes[s->path_mode], &o[bit(IR_F_PATH_MODE)]);
	if (s->nmirrors == 0)
		row(t, "mirrors", "(none)", &o[bit(IR_F_MIRRORS)]);
	for (i = 0; i < s->nmirrors; i++) {
		ir_buf_reset(&b);
		ir_buf_addf(&b, "%s -> %s", s->mirrors[i].key, s->mirrors[i].value);
		row(t, "mirrors[]", b.data, &o[bit(IR_F_MIRRORS)]);
	}
	list_row(t, "only", &s->only, &o[bit(IR_F_ONLY)], "(every image)");
	list_row(t, "exclude", &s->exclude, &o[bit(IR_F_EXCLUDE)], "(none)");
	ir_buf_free(&b);
}

/* Adds the rows of entrypoints and internal. */
static void
entry_rows(struct table *t, const struct ir_settings *s)
{
	const struct ir_origin *o = &s->origin[bit(IR_F_ENTRYPOINTS)];
	struct ir_buf f = IR_BUF_INIT, v = IR_BUF_INIT;
	size_t i, j;

	if (s->nentrypoints == 0)
		row(t, "entrypoints", "(none)", o);
	for (i = 0; i < s->nentrypoints; i++) {
		const struct ir_entry *e = &s->entrypoints[i];

		ir_buf_reset(&f);
		ir_buf_reset(&v);
		ir_buf_addf(&f, "entrypoints.%s%s%s", e->image, e->tag_pattern ? ":" : "",
		    e->tag_pattern ? e->tag_pattern : "");
		for (j = 0; j < e->argv.n; j++)
			ir_buf_addf(&v, "%s%s", j ? " " : "", e->argv.items[j]);
		row(t, f.data, v.data ? v.data : "", o);
	}
	if (s->set & IR_F_INTERNAL)
		row(t, "internal", s->internal ? "true" : "false", &s->origin[bit(IR_F_INTERNAL)]);
	ir_buf_free(&f);
	ir_buf_free(&v);
}

/* Prints the rows in aligned columns and frees them. */
static void
print_table(FILE *fp, struct table *t)
{
	size_t i, wf = strlen("FIELD"), wv = strlen("VALUE");

	for (i = 0; i < t->n; i++) {
		wf = strlen(t->rows[i].field) > wf ? strlen(t->rows[i].field) : wf;
		wv = strlen(t->rows[i].value) > wv ? strlen(t->rows[i].value) : wv;
	}
	fprintf(fp, "%-*s  %-*s  %s\n", (int)wf, "FIELD", (int)wv, "VALUE", "FROM");
	for (i = 0; i < t->n; i++) {
		fprintf(fp, "%-*s  %-*s  %s\n", (int)wf, t->rows[i].field, (int)wv,
		    t->rows[i].value, t->rows[i].from);
		free(t->rows[i].field);
		free(t->rows[i].value);
		free(t->rows[i].from);
	}
	free(t->rows);
}

void
ir_effective_explain(FILE *fp, const struct ir_settings *eff,
    const struct ir_merge_report *rep, enum ir_preset preset)
{
	struct table t = { .preset = preset };
	struct ir_list blocked, ignored;
	size_t i;

	fprintf(fp, "target: %s (%s)\n", rep->target ? rep->target : "none",
	    ir_preset_scope(preset));
	registry_rows(&t, eff);
	rule_rows(&t, eff);
	entry_rows(&t, eff);
	print_table(fp, &t);
	not_applied(rep, IR_STEP_BLOCKED, &blocked);
	not_applied(rep, IR_STEP_IGNORED, &ignored);
	for (i = 0; i < blocked.n; i++)
		fprintf(fp, "blocked: %s\n", blocked.items[i]);
	for (i = 0; i < ignored.n; i++)
		fprintf(fp, "ignored: %s\n", ignored.items[i]);
	lines_free(&blocked);
	lines_free(&ignored);
}

/* Returns the offset of the start of the line before the one starting at off, or off. */
static size_t
line_before(const char *text, size_t off)
{
	if (off == 0)
		return 0;
	return ir_text_line_start(text, off - 1);
}

/* Returns the offset of the line after the one holding off (len at the end). */
static size_t
line_after(const char *text, size_t len, size_t off)
{
	const char *nl = off < len ? memchr(text + off, '\n', len - off) : NULL;

	return nl ? (size_t)(nl - text) + 1 : len;
}

/* Copies the line starting at off without its line break and trailing blanks. */
static char *
line_at(const char *text, size_t len, size_t off)
{
	size_t end = ir_text_line_end(text, len, off);

	while (end > off && (text[end - 1] == '\r' || text[end - 1] == ' ' ||
	    text[end - 1] == '\t'))
		end--;
	return ir_xstrndup(text + off, end - off);
}

/* Adds a line to a list. */
static void
list_add(struct ir_list *l, const char *s)
{
	l->items = ir_xrealloc(l->items, (l->n + 2) * sizeof(*l->items));
	l->items[l->n++] = ir_xstrndup(s, strlen(s));
	l->items[l->n] = NULL;
}

/* Reads the comment lines above a document; returns true when they hold the header. */
static bool
read_header(const struct ir_settings *doc, const char *text, size_t len,
    struct ir_notes *notes)
{
	size_t root = ir_text_offset(text, len, doc->doc_at.line, 1), top = root, off;
	struct ir_list *into = NULL;
	bool found = false;
	char *line;

	while (top > 0 && (text[off = line_before(text, top)] == '#' || text[off] == '\n' ||
	    text[off] == '\r'))
		top = off;
	for (off = top; off < root; off = line_after(text, len, off)) {
		line = line_at(text, len, off);
		if (strncmp(line, HEADER, strlen(HEADER)) == 0)
			found = true;
		if (strncmp(line, BLOCKED, strlen(BLOCKED)) == 0)
			into = &notes->blocked;
		else if (strncmp(line, IGNORED, strlen(IGNORED)) == 0)
			into = &notes->ignored;
		else if (into && strncmp(line, ITEM, strlen(ITEM)) == 0)
			list_add(into, line + strlen(ITEM));
		else
			into = NULL;
		free(line);
	}
	return found;
}

/* Sets o->scope from a "# from SCOPE" comment ending the line o points at. */
static void
scope_from_comment(struct ir_origin *o, const char *text, size_t len)
{
	char *line, *p, *q;

	if (o->line == 0)
		return;
	line = line_at(text, len, ir_text_offset(text, len, o->line, 1));
	for (p = NULL, q = line; (q = strstr(q, FROM)) != NULL; q++)
		p = q;
	if (p && p[strlen(FROM)])
		o->scope = ir_scope_intern(p + strlen(FROM));
	free(line);
}

bool
ir_effective_notes(struct ir_settings *doc, const char *text, size_t len,
    struct ir_notes *notes)
{
	struct ir_notes found = { 0 };
	size_t i;
	int f;

	if (!read_header(doc, text, len, &found)) {
		ir_notes_release(&found);
		return false;
	}
	*notes = found;
	for (f = 0; f < IR_F_COUNT; f++)
		if (doc->set & (1u << f))
			scope_from_comment(&doc->origin[f], text, len);
	for (i = 0; i < doc->ncustom; i++)
		scope_from_comment(&doc->custom[i].at, text, len);
	for (i = 0; i < doc->nmirrors; i++)
		scope_from_comment(&doc->mirrors[i].at, text, len);
	for (i = 0; i < doc->nentrypoints; i++)
		scope_from_comment(&doc->entrypoints[i].at, text, len);
	return true;
}
