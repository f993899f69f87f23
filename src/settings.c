/* Reading settings documents into struct ir_settings, field by field. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "imgreg/buf.h"
#include "imgreg/exit.h"
#include "imgreg/msg.h"
#include "imgreg/ref.h"
#include "imgreg/settings.h"
#include "imgreg/stream.h"
#include "imgreg/text.h"
#include "imgreg/yaml.h"

/* The state of reading one stream of settings documents. */
struct reader {
	const char *file;
	struct ir_settings *docs;
	size_t n, cap;
	int rc;
};

/* Reports a settings error at node id and remembers the failure. */
static void __attribute__((format(printf, 4, 5)))
bad(struct reader *r, struct ir_doc *doc, ir_id id, const char *fmt, ...)
{
	unsigned long line, col;
	va_list ap;
	char msg[512];

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	ir_node_pos(doc, id, &line, &col);
	ir_msg(IR_MSG_ERROR, r->file, line, col, "%s", msg);
	r->rc = IR_EXIT_USAGE;
}

/* Records where field f of s was set. */
static void
origin(struct reader *r, struct ir_doc *doc, ir_id id, struct ir_origin *o)
{
	o->file = r->file;
	ir_node_pos(doc, id, &o->line, &o->col);
	o->scope = NULL;
}

/* Reads a string scalar; returns NULL (after reporting) for anything else. */
static char *
get_string(struct reader *r, struct ir_doc *doc, ir_id v, const char *key)
{
	const struct ir_node *n = ir_node(doc, ir_resolve(doc, v));

	if (n == NULL || n->kind != IR_SCALAR || (n->style == IR_PLAIN && !n->has_text)) {
		bad(r, doc, v, "'%s' must be a string", key);
		return NULL;
	}
	return ir_xstrndup(n->text, n->text_len);
}

/* Reads a boolean (true/false, plain); returns -1 after reporting for anything else. */
static int
get_bool(struct reader *r, struct ir_doc *doc, ir_id v, const char *key)
{
	const struct ir_node *n = ir_node(doc, ir_resolve(doc, v));

	if (n && n->kind == IR_SCALAR && n->style == IR_PLAIN) {
		if (strcmp(n->text, "true") == 0 || strcmp(n->text, "True") == 0 ||
		    strcmp(n->text, "TRUE") == 0)
			return 1;
		if (strcmp(n->text, "false") == 0 || strcmp(n->text, "False") == 0 ||
		    strcmp(n->text, "FALSE") == 0)
			return 0;
	}
	bad(r, doc, v, "'%s' must be true or false", key);
	return -1;
}

/* Reads a sequence of strings, each a name prefix, normalised. */
static int
get_prefixes(struct reader *r, struct ir_doc *doc, ir_id v, const char *key,
    struct ir_list *out)
{
	const struct ir_node *n = ir_node(doc, ir_resolve(doc, v));
	char norm[IR_REF_NAME_SIZE];
	const char *why;
	ir_id c;

	if (n == NULL || n->kind != IR_SEQ) {
		bad(r, doc, v, "'%s' must be a list of image name prefixes", key);
		return -1;
	}
	/* a key given twice: the last list wins */
	while (out->n > 0)
		free(out->items[--out->n]);
	free(out->items);
	out->items = ir_xcalloc(n->nchild + 1, sizeof(*out->items));
	for (c = n->first; c; c = doc->nodes[c].next) {
		const char *t = ir_scalar(doc, c);

		if (t == NULL || ir_ref_normalize_prefix(t, strlen(t), norm, sizeof(norm),
		    &why) != 0) {
			bad(r, doc, c, "invalid image name prefix in '%s'", key);
			continue;
		}
		out->items[out->n++] = ir_xstrndup(norm, strlen(norm));
	}
	return 0;
}

/* A field handler reads value v of key into s; it returns -1 after reporting a problem. */
typedef int (*field_fn)(struct reader *r, struct ir_doc *doc, ir_id v, const char *key,
    struct ir_settings *s);

/* Stores a string field into the char * at offset off of s. */
#define STRING_FIELD(fn, member)						\
static int								\
fn(struct reader *r, struct ir_doc *doc, ir_id v, const char *key,	\
    struct ir_settings *s)						\
{									\
	char *t = get_string(r, doc, v, key);				\
									\
	if (t == NULL)							\
		return -1;						\
	free(s->member);						\
	s->member = t;							\
	return 0;							\
}

STRING_FIELD(f_server, server)
STRING_FIELD(f_account, account)
STRING_FIELD(f_secret, secret_name)
STRING_FIELD(f_secret_ns, secret_namespace)
STRING_FIELD(f_infra, infra_id)
STRING_FIELD(f_project, project_id)

/* Stores a boolean field. */
#define BOOL_FIELD(fn, member)						\
static int								\
fn(struct reader *r, struct ir_doc *doc, ir_id v, const char *key,	\
    struct ir_settings *s)						\
{									\
	int b = get_bool(r, doc, v, key);				\
									\
	if (b < 0)							\
		return -1;						\
	s->member = b;							\
	return 0;							\
}

BOOL_FIELD(f_private, is_private)
BOOL_FIELD(f_default, is_default)
BOOL_FIELD(f_override, override_allowed)
BOOL_FIELD(f_use_custom, use_custom_images)
BOOL_FIELD(f_internal, internal)

/* LitmusChaos' image_registry_type: public or private. */
static int
f_registry_type(struct reader *r, struct ir_doc *doc, ir_id v, const char *key,
    struct ir_settings *s)
{
	const char *t = ir_scalar(doc, v);

	if (t && strcmp(t, "private") == 0)
		s->is_private = true;
	else if (t && strcmp(t, "public") == 0)
		s->is_private = false;
	else {
		bad(r, doc, v, "'%s' must be public or private", key);
		return -1;
	}
	return 0;
}

/* LitmusChaos' enable_registry: false makes the document ignored. */
static int
f_enable(struct reader *r, struct ir_doc *doc, ir_id v, const char *key,
    struct ir_settings *s)
{
	int b = get_bool(r, doc, v, key);

	if (b < 0)
		return -1;
	s->disabled = !b;
	return 0;
}

static int
f_path_mode(struct reader *r, struct ir_doc *doc, ir_id v, const char *key,
    struct ir_settings *s)
{
	const char *t = ir_scalar(doc, v);

	if (t && strcmp(t, "last") == 0)
		s->path_mode = IR_PATH_LAST;
	else if (t && strcmp(t, "keep") == 0)
		s->path_mode = IR_PATH_KEEP;
	else if (t && strcmp(t, "full") == 0)
		s->path_mode = IR_PATH_FULL;
	else {
		bad(r, doc, v, "'%s' must be last, keep or full", key);
		return -1;
	}
	return 0;
}

static int
f_only(struct reader *r, struct ir_doc *doc, ir_id v, const char *key, struct ir_settings *s)
{
	return get_prefixes(r, doc, v, key, &s->only);
}

static int
f_exclude(struct reader *r, struct ir_doc *doc, ir_id v, const char *key,
    struct ir_settings *s)
{
	return get_prefixes(r, doc, v, key, &s->exclude);
}

/*
 * Drops the lists an earlier occurrence of field f (customImages, mirrors or entrypoints)
 * left in s: a key given twice in a document, of which the last wins.
 */
static void
drop_lists(struct ir_settings *s, enum ir_field f)
{
	struct ir_settings old;

	memset(&old, 0, sizeof(old));
	if (f == IR_F_CUSTOM) {
		old.custom = s->custom;
		old.ncustom = s->ncustom;
		s->custom = NULL;
		s->ncustom = 0;
	} else if (f == IR_F_MIRRORS) {
		old.mirrors = s->mirrors;
		old.nmirrors = s->nmirrors;
		s->mirrors = NULL;
		s->nmirrors = 0;
	} else {
		old.entrypoints = s->entrypoints;
		old.nentrypoints = s->nentrypoints;
		s->entrypoints = NULL;
		s->nentrypoints = 0;
	}
	ir_settings_release(&old);
}

/* customImages: a mapping of component key or image name to a full reference (or null). */
static int
f_custom(struct reader *r, struct ir_doc *doc, ir_id v, const char *key,
    struct ir_settings *s)
{
	const struct ir_node *n = ir_node(doc, ir_resolve(doc, v));
	ir_id k;

	if (n == NULL || n->kind != IR_MAP) {
		bad(r, doc, v, "'%s' must be a mapping of image names to references", key);
		return -1;
	}
	drop_lists(s, IR_F_CUSTOM);
	s->custom = ir_xcalloc(n->nchild / 2 + 1, sizeof(*s->custom));
	for (k = n->first; k && doc->nodes[k].next; k = doc->nodes[doc->nodes[k].next].next) {
		ir_id val = ir_resolve(doc, doc->nodes[k].next);
		const struct ir_node *vn = &doc->nodes[val];
		struct ir_pair *p = &s->custom[s->ncustom];

		if (ir_scalar(doc, k) == NULL || vn->kind != IR_SCALAR) {
			bad(r, doc, k, "'%s' entries must map a name to a reference", key);
			continue;
		}
		p->key = ir_xstrndup(ir_scalar(doc, k), strlen(ir_scalar(doc, k)));
		if (vn->style != IR_PLAIN || (vn->has_text && strcmp(vn->text, "null") &&
		    strcmp(vn->text, "~")))
			p->value = ir_xstrndup(vn->text, vn->text_len);
		origin(r, doc, val, &p->at);
		s->ncustom++;
	}
	return 0;
}

/* mirrors: a list of {from, to} prefix rules. */
static int
f_mirrors(struct reader *r, struct ir_doc *doc, ir_id v, const char *key,
    struct ir_settings *s)
{
	const struct ir_node *n = ir_node(doc, ir_resolve(doc, v));
	char from[IR_REF_NAME_SIZE], to[IR_REF_NAME_SIZE];
	const char *f, *t, *why;
	ir_id c;

	if (n == NULL || n->kind != IR_SEQ) {
		bad(r, doc, v, "'%s' must be a list of {from, to} rules", key);
		return -1;
	}
	drop_lists(s, IR_F_MIRRORS);
	s->mirrors = ir_xcalloc(n->nchild + 1, sizeof(*s->mirrors));
	for (c = n->first; c; c = doc->nodes[c].next) {
		f = ir_scalar(doc, ir_map_get(doc, ir_resolve(doc, c), "from"));
		t = ir_scalar(doc, ir_map_get(doc, ir_resolve(doc, c), "to"));
		if (f == NULL || t == NULL ||
		    ir_ref_normalize_prefix(f, strlen(f), from, sizeof(from), &why) != 0 ||
		    ir_ref_normalize_prefix(t, strlen(t), to, sizeof(to), &why) != 0) {
			bad(r, doc, c, "invalid mirror rule in '%s': 'from' and 'to' must be image "
			    "name prefixes", key);
			continue;
		}
		s->mirrors[s->nmirrors].key = ir_xstrndup(from, strlen(from));
		s->mirrors[s->nmirrors].value = ir_xstrndup(to, strlen(to));
		origin(r, doc, c, &s->mirrors[s->nmirrors].at);
		s->nmirrors++;
	}
	return 0;
}

/* entrypoints: image name (optionally name:tag-pattern) -> command list. */
static int
f_entrypoints(struct reader *r, struct ir_doc *doc, ir_id v, const char *key,
    struct ir_settings *s)
{
	const struct ir_node *n = ir_node(doc, ir_resolve(doc, v));
	ir_id k, c;

	if (n == NULL || n->kind != IR_MAP) {
		bad(r, doc, v, "'%s' must map image names to commands", key);
		return -1;
	}
	drop_lists(s, IR_F_ENTRYPOINTS);
	s->entrypoints = ir_xcalloc(n->nchild / 2 + 1, sizeof(*s->entrypoints));
	for (k = n->first; k && doc->nodes[k].next; k = doc->nodes[doc->nodes[k].next].next) {
		const struct ir_node *cmd = ir_node(doc, ir_resolve(doc, doc->nodes[k].next));
		struct ir_entry *e = &s->entrypoints[s->nentrypoints];
		const char *name = ir_scalar(doc, k), *colon;

		if (name == NULL || cmd->kind != IR_SEQ || cmd->nchild == 0) {
			bad(r, doc, k, "'%s' entries must map an image name to a command list", key);
			continue;
		}
		colon = strchr(name, ':');
		e->image = ir_xstrndup(name, colon ? (size_t)(colon - name) : strlen(name));
		e->tag_pattern = colon ? ir_xstrndup(colon + 1, strlen(colon + 1)) : NULL;
		e->argv.items = ir_xcalloc(cmd->nchild + 1, sizeof(char *));
		for (c = cmd->first; c; c = doc->nodes[c].next) {
			const char *arg = ir_scalar(doc, c);

			e->argv.items[e->argv.n++] = ir_xstrndup(arg ? arg : "", arg ? strlen(arg) : 0);
		}
		origin(r, doc, k, &e->at);
		s->nentrypoints++;
	}
	return 0;
}

/* identifier: {accountIdentifier, orgIdentifier, projectIdentifier}. */
static int
f_identifier(struct reader *r, struct ir_doc *doc, ir_id v, const char *key,
    struct ir_settings *s)
{
	static const char *const names[] = {
		"accountIdentifier", "orgIdentifier", "projectIdentifier",
	};
	char **dst[] = { &s->account_id, &s->org_id, &s->project_id };
	const struct ir_node *n = ir_node(doc, ir_resolve(doc, v));
	ir_id k;
	size_t i;

	if (n == NULL || n->kind != IR_MAP) {
		bad(r, doc, v, "'%s' must be a mapping", key);
		return -1;
	}
	for (k = n->first; k && doc->nodes[k].next; k = doc->nodes[doc->nodes[k].next].next) {
		for (i = 0; i < 3; i++)
			if (ir_scalar_is(doc, k, names[i]))
				break;
		if (i == 3) {
			bad(r, doc, k, "unknown field '%s' in identifier", ir_scalar(doc, k) ?
			    ir_scalar(doc, k) : "?");
			continue;
		}
		free(*dst[i]);
		*dst[i] = get_string(r, doc, doc->nodes[k].next, names[i]);
	}
	return 0;
}

/* metadata: name is kept; labels and annotations are allowed and ignored. */
static int
f_metadata(struct reader *r, struct ir_doc *doc, ir_id v, const char *key,
    struct ir_settings *s)
{
	ir_id name = ir_map_get(doc, ir_resolve(doc, v), "name");
	const struct ir_node *n = ir_node(doc, ir_resolve(doc, v));

	if (n == NULL || n->kind != IR_MAP) {
		bad(r, doc, v, "'%s' must be a mapping", key);
		return -1;
	}
	if (name) {
		/* a second metadata mapping (a duplicate key) names the document again */
		free(s->name);
		s->name = get_string(r, doc, name, "name");
	}
	return 0;
}

/* apiVersion and kind: optional, and then exactly imgreg/v1 ImageRegistry. */
static int
f_type(struct reader *r, struct ir_doc *doc, ir_id v, const char *key, struct ir_settings *s)
{
	const char *want = strcmp(key, "kind") == 0 ? "ImageRegistry" : "imgreg/v1";

	(void)s;
	if (!ir_scalar_is(doc, ir_resolve(doc, v), want)) {
		bad(r, doc, v, "'%s' must be '%s'", key, want);
		return -1;
	}
	return 0;
}

/* Fields LitmusChaos stores beside its settings, accepted and ignored. */
static int
f_ignored(struct reader *r, struct ir_doc *doc, ir_id v, const char *key,
    struct ir_settings *s)
{
	(void)r, (void)doc, (void)v, (void)key, (void)s;
	return 0;
}

static const struct field {
	const char *name;
	unsigned bit;		/* enum ir_field, 0 for scope and document fields */
	field_fn fn;
} fields[] = {
	{ "apiVersion", 0, f_type },
	{ "kind", 0, f_type },
	{ "metadata", 0, f_metadata },
	{ "identifier", 0, f_identifier },
	{ "infraID", 0, f_infra },
	{ "registryServer", IR_F_SERVER, f_server },
	{ "registryAccount", IR_F_ACCOUNT, f_account },
	{ "isPrivate", IR_F_PRIVATE, f_private },
	{ "secretName", IR_F_SECRET, f_secret },
	{ "isDefault", IR_F_DEFAULT, f_default },
	{ "isOverrideAllowed", IR_F_OVERRIDE, f_override },
	{ "useCustomImages", IR_F_USE_CUSTOM, f_use_custom },
	{ "customImages", IR_F_CUSTOM, f_custom },
	{ "pathMode", IR_F_PATH_MODE, f_path_mode },
	{ "mirrors", IR_F_MIRRORS, f_mirrors },
	{ "only", IR_F_ONLY, f_only },
	{ "exclude", IR_F_EXCLUDE, f_exclude },
	{ "entrypoints", IR_F_ENTRYPOINTS, f_entrypoints },
	{ "internal", IR_F_INTERNAL, f_internal },
	/* LitmusChaos' stored project settings */
	{ "image_registry_name", IR_F_SERVER, f_server },
	{ "image_repo_name", IR_F_ACCOUNT, f_account },
	{ "image_registry_type", IR_F_PRIVATE, f_registry_type },
	{ "secret_name", IR_F_SECRET, f_secret },
	{ "secret_namespace", IR_F_SECRET_NS, f_secret_ns },
	{ "is_default", IR_F_DEFAULT, f_default },
	{ "enable_registry", 0, f_enable },
	{ "project_id", 0, f_project },
	{ "_id", 0, f_ignored },
	{ "image_registry_id", 0, f_ignored },
	{ "created_at", 0, f_ignored },
	{ "updated_at", 0, f_ignored },
	{ "created_by", 0, f_ignored },
	{ "updated_by", 0, f_ignored },
	{ "is_removed", 0, f_ignored },
};

/* Returns the index of the lowest bit of f. */
static int
field_index(unsigned f)
{
	int i = 0;

	while (f > 1) {
		f >>= 1;
		i++;
	}
	return i;
}

const char *
ir_field_name(enum ir_field f)
{
	size_t i;

	for (i = 0; i < sizeof(fields) / sizeof(fields[0]); i++)
		if (fields[i].bit == (unsigned)f)
			return fields[i].name;
	return "?";
}

/* Reads one field of a settings document. */
static void
read_field(struct reader *r, struct ir_doc *doc, ir_id k, struct ir_settings *s)
{
	const char *key = ir_scalar(doc, k);
	size_t i;

	for (i = 0; key && i < sizeof(fields) / sizeof(fields[0]); i++) {
		if (strcmp(fields[i].name, key) != 0)
			continue;
		if (fields[i].fn(r, doc, doc->nodes[k].next, key, s) == 0 && fields[i].bit) {
			s->set |= fields[i].bit;
			origin(r, doc, doc->nodes[k].next, &s->origin[field_index(fields[i].bit)]);
		}
		return;
	}
	bad(r, doc, k, "unknown field '%s'", key ? key : "?");
}

/* Reads one settings document; an empty document is skipped. */
static int
read_doc(struct ir_doc *doc, void *arg)
{
	struct reader *r = arg;
	const struct ir_node *root = ir_node(doc, ir_resolve(doc, doc->root));
	struct ir_settings *s;
	ir_id k;

	if (root == NULL || (root->kind == IR_SCALAR && !root->has_text))
		return 0;
	if (root->kind != IR_MAP) {
		bad(r, doc, doc->root, "a settings document must be a mapping");
		return 0;
	}
	if (r->n == r->cap) {
		r->cap = r->cap ? r->cap * 2 : 4;
		r->docs = ir_xrealloc(r->docs, r->cap * sizeof(*r->docs));
	}
	s = &r->docs[r->n++];
	memset(s, 0, sizeof(*s));
	origin(r, doc, doc->root, &s->doc_at);
	for (k = root->first; k && doc->nodes[k].next; k = doc->nodes[doc->nodes[k].next].next)
		read_field(r, doc, k, s);
	return 0;
}

int
ir_settings_read(const char *file, const char *text, size_t len, struct ir_settings **docs,
    size_t *ndocs)
{
	struct reader r = { .file = file };
	struct ir_stream s;
	unsigned long line, col;
	char err[300];
	const char *why;
	size_t off;

	if (ir_text_check(text, len, &off, &why) != 0) {
		ir_text_pos(text, len, off, &line, &col);
		ir_msg(IR_MSG_ERROR, file, line, col, "%s", why);
		return IR_EXIT_USAGE;
	}
	ir_stream_init(&s, file, text, len, false);
	if (ir_yaml_parse(&s, read_doc, &r, &off, err, sizeof(err)) < 0) {
		ir_text_pos(text, len, off, &line, &col);
		ir_msg(IR_MSG_ERROR, file, line, col, "%s", err);
		r.rc = IR_EXIT_USAGE;
	}
	ir_stream_release(&s);
	*docs = r.docs;
	*ndocs = r.n;
	return r.rc;
}
