/* The pull secret step: the registry's secret added wherever it is read and missing. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "imgreg/edit.h"
#include "imgreg/embed.h"
#include "imgreg/exit.h"
#include "imgreg/locate.h"
#include "imgreg/msg.h"
#include "imgreg/pullsecret.h"
#include "imgreg/stream.h"

/* Embedded manifests are scanned at most this deep, as deep as the driver descends. */
#define MAX_DEPTH 8
/* Keys created above a list or an annotation at most (components.runner). */
#define MAX_LEVELS 4
/* Where KubeSphere's annotation lives in an object. */
#define ANNOTATIONS "metadata.annotations"

/* A top-level object: its nodes and bytes, and whether it pulls from the server. */
struct ir_ps_unit {
	ir_id first, last;
	size_t start, end;
	bool pulls;
};

enum act_op {
	ACT_INSERT,		/* a new key (and the mappings missing above it) */
	ACT_APPEND,		/* an item appended to an existing list */
	ACT_REPLACE,		/* an annotation's new JSON text */
};

/* An edit planned on the current document. */
struct ir_ps_action {
	enum act_op op;
	ir_id target;		/* the mapping, sequence or scalar edited */
	ir_id before;		/* ACT_INSERT: the key to insert before, or 0 */
	const char *missing;	/* ACT_INSERT: mappings to create, '.'-separated */
	const char *key;	/* ACT_INSERT: the key of the list or annotation */
	char *text;		/* the annotation's JSON text (owned); NULL for a list */
	size_t seq;		/* the order it was planned in */
};

const char *
ir_pullsecret_init(struct ir_pullsecret *ps)
{
	const struct ir_settings *s = ps->settings;
	const char *server = s->server ? s->server : "", *why;

	ps->active = false;
	if (!s->is_private && s->secret_name && *s->secret_name)
		return "the registry is public (isPrivate is false): its secret is not added, "
		    "nothing changes";
	if (!s->is_private)
		return "the registry is public and names no pull secret: nothing changes";
	if (s->secret_name == NULL || *s->secret_name == '\0')
		return "the registry names no pull secret: nothing changes";
	if (ir_ref_normalize_prefix(server, strlen(server), ps->server, sizeof(ps->server),
	    &why) != 0)
		snprintf(ps->server, sizeof(ps->server), "%s", server);
	ps->active = true;
	return NULL;
}

/* Frees the planned actions of the current document. */
static void
clear_actions(struct ir_pullsecret *ps)
{
	size_t i;

	for (i = 0; i < ps->nacts; i++)
		free(ps->acts[i].text);
	ps->nacts = 0;
}

void
ir_pullsecret_release(struct ir_pullsecret *ps)
{
	clear_actions(ps);
	free(ps->acts);
	free(ps->units);
	ps->acts = NULL;
	ps->units = NULL;
	ps->capacts = ps->capunits = ps->nunits = 0;
}

bool
ir_pullsecret_pulls_from(const char *image, size_t len, const char *server)
{
	struct ir_ref ref;
	const char *why;

	if (memmem(image, len, "{{", 2) || ir_ref_parse(image, len, &ref, &why) != 0)
		return false;
	return strcasecmp(ref.domain, server) == 0;
}

bool
ir_pullsecret_listed(const struct ir_doc *doc, ir_id seq, const char *secret)
{
	const struct ir_node *q = ir_node(doc, seq);
	ir_id c, item;

	if (q == NULL || q->kind != IR_SEQ)
		return false;
	for (c = q->first; c; c = doc->nodes[c].next) {
		item = ir_resolve(doc, c);
		if (ir_scalar_is(doc, item, secret) ||
		    ir_scalar_is(doc, ir_resolve(doc, ir_map_get(doc, item, "name")), secret))
			return true;
	}
	return false;
}

/* True when an image occurrence pulls from the server (masked templates never do). */
static bool
image_pulls(const struct ir_doc *doc, const struct ir_image *img, const char *server)
{
	const struct ir_node *n = &doc->nodes[img->node];

	return n->has_text && !ir_stream_templated(doc->stream, n->start, n->end) &&
	    ir_pullsecret_pulls_from(n->text, n->text_len, server);
}

/* The state of a read-only scan of an embedded manifest. */
struct scan {
	const char *server;
	bool found;
};

static int scan_doc(struct ir_doc *doc, void *arg);

/*
 * True when text may hold an image from the server: it names the server (in any case, as
 * domains compare), or spells something with an escape, or the server is Docker Hub's, whose
 * images need not name it (ref.h). Otherwise no image in it pulls from the server.
 */
static bool
may_name(const char *text, size_t len, const char *server)
{
	size_t n = strlen(server), i;

	if (strcasecmp(server, "docker.io") == 0 || memchr(text, '\\', len))
		return true;
	for (i = 0; n > 0 && i + n <= len; i++)
		if (tolower((unsigned char)text[i]) == tolower((unsigned char)server[0]) &&
		    strncasecmp(text + i, server, n) == 0)
			return true;
	return false;
}

/* True when the manifest embedded in scalar id pulls from the server (read-only). */
static bool
embedded_pulls(const char *server, struct ir_doc *doc, ir_id id)
{
	struct scan sc = { server, false };
	struct ir_stream inner;
	const char *why;
	char err[300];
	size_t off;

	if (doc->nodes[id].kind != IR_SCALAR || doc->stream->depth >= MAX_DEPTH ||
	    ir_embed_open(doc, id, &inner, &why) != 0)
		return false;
	/* a manifest that is not YAML pulls nothing; the driver warns about it */
	if (may_name(inner.data, inner.len, server))
		ir_yaml_parse(&inner, scan_doc, &sc, &off, err, sizeof(err));
	ir_stream_release(&inner);
	return sc.found;
}

/* Stops a scan at the first image from the server. */
static int
scan_image(struct ir_doc *doc, const struct ir_image *img, void *arg)
{
	struct scan *sc = arg;

	sc->found = image_pulls(doc, img, sc->server);
	return sc->found;
}

/* Stops a scan at the first embedded manifest that pulls from the server. */
static int
scan_embedded(struct ir_doc *doc, ir_id id, void *arg)
{
	struct scan *sc = arg;

	sc->found = embedded_pulls(sc->server, doc, id);
	return sc->found;
}

/* Scans one document for an image from the server, its embedded manifests included. */
static int
scan_doc(struct ir_doc *doc, void *arg)
{
	if (ir_locate_images(doc, scan_image, arg) != 0)
		return 1;
	return ir_locate_embedded(doc, scan_embedded, arg) != 0;
}

/* Records a top-level object as a unit that pulls nothing yet. */
static int
add_unit(struct ir_doc *doc, ir_id object, void *arg)
{
	struct ir_pullsecret *ps = arg;
	struct ir_ps_unit *u;
	ir_id last = object;

	while (doc->nodes[last].last)
		last = doc->nodes[last].last;
	if (ps->nunits == ps->capunits) {
		ps->capunits = ps->capunits ? ps->capunits * 2 : 8;
		ps->units = ir_xrealloc(ps->units, ps->capunits * sizeof(*ps->units));
	}
	u = &ps->units[ps->nunits++];
	u->first = object;
	u->last = last;
	u->start = doc->nodes[object].start;
	u->end = doc->nodes[object].end;
	u->pulls = false;
	return 0;
}

/* Returns the unit whose object holds node id (units are in document order), or NULL. */
static struct ir_ps_unit *
unit_of(struct ir_pullsecret *ps, ir_id id)
{
	size_t lo = 0, hi = ps->nunits, mid;

	while (lo < hi) {
		mid = (lo + hi) / 2;
		if (ps->units[mid].last < id)
			lo = mid + 1;
		else if (ps->units[mid].first > id)
			hi = mid;
		else
			return &ps->units[mid];
	}
	return NULL;
}

/* Marks the unit of an image from the server. */
static int
mark_image(struct ir_doc *doc, const struct ir_image *img, void *arg)
{
	struct ir_pullsecret *ps = arg;
	struct ir_ps_unit *u = unit_of(ps, img->object);

	if (u && !u->pulls && image_pulls(doc, img, ps->server))
		u->pulls = true;
	return 0;
}

/* Marks the unit of an embedded manifest that pulls from the server. */
static int
mark_embedded(struct ir_doc *doc, ir_id id, void *arg)
{
	struct ir_pullsecret *ps = arg;
	struct ir_ps_unit *u = unit_of(ps, id);

	if (u && !u->pulls && embedded_pulls(ps->server, doc, id))
		u->pulls = true;
	return 0;
}

/* Decides, for each object of a top-level document, whether it pulls from the server: a
 * workflow counts as a whole, the manifests embedded in it included. */
static void
decide_units(struct ir_pullsecret *ps, struct ir_doc *doc)
{
	ps->nunits = 0;
	ir_locate_objects(doc, add_unit, ps);
	ir_locate_images(doc, mark_image, ps);
	ir_locate_embedded(doc, mark_embedded, ps);
}

/* True when the object, or the top-level object an embedded manifest sits in, pulls from the
 * server. */
static bool
object_pulls(struct ir_pullsecret *ps, const struct ir_doc *doc, ir_id object)
{
	const struct ir_stream *s = doc->stream;
	const struct ir_ps_unit *u;
	size_t off = doc->nodes[object].start, i;

	if (s->depth == 0)
		return (u = unit_of(ps, object)) != NULL && u->pulls;
	while (s->parent) {
		off = ir_offmap_start(&s->map, off);
		s = s->parent;
	}
	for (i = 0; i < ps->nunits; i++)
		if (ps->units[i].start <= off && off < ps->units[i].end)
			return ps->units[i].pulls;
	return false;
}

/* Prints a message at node id of doc. */
static void
node_msg(enum ir_level level, const struct ir_doc *doc, ir_id id, const char *fmt,
    const char *a, const char *b)
{
	const char *file;
	unsigned long line, col;

	ir_stream_pos(doc->stream, doc->nodes[id].start, &file, &line, &col);
	ir_msg(level, file, line, col, fmt, a, b);
}

/* True when value id is empty or null: there is nothing to insert into. */
static bool
null_value(const struct ir_doc *doc, ir_id id)
{
	static const char *const nulls[] = { "~", "null", "Null", "NULL" };
	const struct ir_node *n = &doc->nodes[id];
	size_t i;

	if (n->kind != IR_SCALAR || !n->has_text)
		return n->kind == IR_SCALAR;
	for (i = 0; n->style == IR_PLAIN && i < sizeof(nulls) / sizeof(nulls[0]); i++)
		if (strcmp(n->text, nulls[i]) == 0)
			return true;
	return false;
}

/*
 * Reports value id of key, which is not the `what` the secret must go in. An empty value
 * is a limit of the editing core (it cannot turn one into a collection yet), said as such.
 */
static int
in_the_way(const struct ir_doc *doc, ir_id id, const char *key, const char *what,
    const char *empty)
{
	ir_id at = ir_map_key_of(doc, id);
	char fix[160];

	if (null_value(doc, id)) {
		snprintf(fix, sizeof(fix), "%s: %s", key, empty);
		node_msg(IR_MSG_ERROR, doc, at ? at : id, "'%s' is empty: the editor cannot "
		    "fill an empty value yet (write '%s')", key, fix);
	} else
		node_msg(IR_MSG_ERROR, doc, at ? at : id, what, key, "");
	return IR_EXIT_INPUT;
}

/*
 * Follows the keys of path, then key, down from mapping base as far as they exist. Sets *at
 * to the last mapping reached and *rest to the keys of path still missing ("" when only key
 * is), or, when key exists, *at to its value (aliases resolved) and *rest to NULL. Returns 0
 * or an exit status for a value in the way.
 */
static int
descend(const struct ir_doc *doc, ir_id base, const char *path, const char *key, ir_id *at,
    const char **rest)
{
	char seg[128];
	const char *p = path, *dot;
	size_t len;
	ir_id v;

	*at = base;
	for (; *p; p += len + (dot != NULL)) {
		dot = strchr(p, '.');
		len = dot ? (size_t)(dot - p) : strlen(p);
		snprintf(seg, sizeof(seg), "%.*s", (int)len, p);
		if ((v = ir_map_get(doc, *at, seg)) == 0) {
			*rest = p;
			return 0;
		}
		if (ir_resolve(doc, v) == 0 || doc->nodes[ir_resolve(doc, v)].kind != IR_MAP)
			return in_the_way(doc, v, seg, "'%s' is not a mapping%s", "{}");
		*at = ir_resolve(doc, v);
	}
	*rest = "";
	if ((v = ir_map_get(doc, *at, key)) == 0)
		return 0;
	*rest = NULL;
	if ((*at = ir_resolve(doc, v)) == 0)
		return in_the_way(doc, v, key, "'%s' is an alias of an unknown anchor%s", "[]");
	return 0;
}

/* Appends a planned action; text is handed over. */
static void
plan(struct ir_pullsecret *ps, enum act_op op, ir_id target, ir_id before,
    const char *missing, const char *key, char *text)
{
	struct ir_ps_action *a;

	if (ps->nacts == ps->capacts) {
		ps->capacts = ps->capacts ? ps->capacts * 2 : 8;
		ps->acts = ir_xrealloc(ps->acts, ps->capacts * sizeof(*ps->acts));
	}
	a = &ps->acts[ps->nacts];
	a->op = op;
	a->target = target;
	a->before = before;
	a->missing = missing;
	a->key = key;
	a->text = text;
	a->seq = ps->nacts++;
}

/* Returns the object's metadata.name (or generateName), or "". */
static const char *
object_name(const struct ir_doc *doc, ir_id object)
{
	ir_id meta = ir_resolve(doc, ir_map_get(doc, object, "metadata"));
	const char *name = ir_scalar(doc, ir_resolve(doc, ir_map_get(doc, meta, "name")));

	if (name == NULL)
		name = ir_scalar(doc, ir_resolve(doc, ir_map_get(doc, meta, "generateName")));
	return name ? name : "";
}

/* True when the object is a ServiceAccount named by --service-account. */
static bool
account_named(const struct ir_pullsecret *ps, const struct ir_doc *doc, ir_id object)
{
	const char *name = object_name(doc, object);
	size_t i;

	for (i = 0; i < ps->naccounts; i++)
		if (strcmp(ps->accounts[i], name) == 0)
			return true;
	return false;
}

/* Plans the secret's list at one place of an object. */
static int
plan_site(struct ir_doc *doc, const struct ir_secret_site *site, void *arg)
{
	struct ir_pullsecret *ps = arg;
	const char *rest;
	ir_id at, before = 0;
	int rc;

	if (site->place == IR_SECRET_ACCOUNT && !account_named(ps, doc, site->object))
		return 0;
	if ((rc = descend(doc, site->base, site->create, site->key, &at, &rest)) != 0)
		return rc;
	if (rest) {
		/* an insertion before a key of an embedded manifest loses the indentation
		 * of that key's line in the core (tests/check_pullsecret.c): embedded
		 * lists go last */
		if (*rest == '\0' && site->before && doc->stream->depth == 0)
			before = ir_map_key_of(doc, ir_map_get(doc, at, site->before));
		plan(ps, ACT_INSERT, at, before, rest, site->key, NULL);
		return 0;
	}
	if (doc->nodes[at].kind != IR_SEQ)
		return in_the_way(doc, at, site->key, "'%s' is not a list%s", "[]");
	if (ir_pullsecret_listed(doc, at, ps->settings->secret_name))
		ps->present++;
	else
		plan(ps, ACT_APPEND, at, 0, NULL, NULL, NULL);
	return 0;
}

/* A workload object's pod specs and container names, for KubeSphere's annotation. */
struct names {
	ir_id object;
	ir_id *specs;
	size_t nspecs;
	const char **v;
	size_t n;
};

/* Records a pod spec of the object. */
static int
add_spec(struct ir_doc *doc, ir_id spec, void *arg)
{
	struct names *nm = arg;

	(void)doc;
	nm->specs = ir_xrealloc(nm->specs, (nm->nspecs + 1) * sizeof(*nm->specs));
	nm->specs[nm->nspecs++] = spec;
	return 0;
}

/* True when node id lies inside one of the object's pod specs. */
static bool
in_spec(const struct ir_doc *doc, const struct names *nm, ir_id id)
{
	size_t i;

	for (; id && id != nm->object; id = doc->nodes[id].parent)
		for (i = 0; i < nm->nspecs; i++)
			if (nm->specs[i] == id)
				return true;
	return false;
}

/* Records the name of a container of the object's pod specs, once. */
static int
add_container(struct ir_doc *doc, const struct ir_image *img, void *arg)
{
	struct names *nm = arg;
	ir_id id;
	const char *name;
	size_t i;

	if (img->object != nm->object || img->site != IR_SITE_CONTAINER || img->argo ||
	    !in_spec(doc, nm, img->holder))
		return 0;
	id = ir_resolve(doc, ir_map_get(doc, ir_resolve(doc, img->holder), "name"));
	if ((name = ir_scalar(doc, id)) == NULL || *name == '\0' ||
	    ir_stream_templated(doc->stream, doc->nodes[id].start, doc->nodes[id].end))
		return 0;
	for (i = 0; i < nm->n; i++)
		if (strcmp(nm->v[i], name) == 0)
			return 0;
	nm->v = ir_xrealloc(nm->v, (nm->n + 1) * sizeof(*nm->v));
	nm->v[nm->n++] = name;
	return 0;
}

/* Reports invalid JSON at offset off of scalar id's value: at its place in the file when the
 * scalar's quoting can be mapped back, at the scalar otherwise. */
static int
json_error(struct ir_doc *doc, ir_id id, size_t off, const char *why)
{
	const struct ir_node *n = &doc->nodes[id];
	struct ir_stream inner;
	const char *file, *w;
	unsigned long line, col;

	if (n->style != IR_PLAIN && ir_embed_open(doc, id, &inner, &w) == 0) {
		ir_stream_pos(&inner, off, &file, &line, &col);
		ir_stream_release(&inner);
	} else if (n->style == IR_PLAIN && n->end - n->start == n->text_len &&
	    memcmp(doc->stream->data + n->start, n->text, n->text_len) == 0)
		ir_stream_pos(doc->stream, n->start + off, &file, &line, &col);
	else
		ir_stream_pos(doc->stream, n->start, &file, &line, &col);
	ir_msg(IR_MSG_ERROR, file, line, col, "invalid JSON in annotation '%s': %s",
	    IR_KUBESPHERE_ANNOTATION, why);
	return IR_EXIT_INPUT;
}

/* Plans the merge of the missing containers into an existing annotation value. */
static int
merge_annotation(struct ir_pullsecret *ps, struct ir_doc *doc, ir_id val,
    const struct names *nm)
{
	const struct ir_node *n = &doc->nodes[val];
	struct ir_buf out = IR_BUF_INIT;
	size_t added, off;
	const char *why;

	if (n->kind != IR_SCALAR || !n->has_text)
		return in_the_way(doc, val, IR_KUBESPHERE_ANNOTATION, "'%s' is not a string%s",
		    "\"{}\"");
	if (ir_stream_templated(doc->stream, n->start, n->end)) {
		node_msg(IR_MSG_WARNING, doc, val, "annotation '%s' holds a template: left "
		    "unchanged%s", IR_KUBESPHERE_ANNOTATION, "");
		return 0;
	}
	if (ir_kubesphere_merge(&out, n->text, n->text_len, nm->v, nm->n,
	    ps->settings->secret_name, &added, &off, &why) != 0)
		return json_error(doc, val, off, why);
	if (added == 0)
		ps->present++;
	else
		plan(ps, ACT_REPLACE, val, 0, NULL, NULL, ir_buf_detach(&out, NULL));
	ir_buf_free(&out);
	return 0;
}

/* Plans KubeSphere's annotation on a workload object: each container name to the secret. */
static int
plan_annotation(struct ir_pullsecret *ps, struct ir_doc *doc, struct names *nm)
{
	struct ir_buf json = IR_BUF_INIT;
	const char *rest;
	ir_id at;
	int rc;

	ir_locate_images(doc, add_container, nm);
	if (nm->n == 0)
		return 0;
	rc = descend(doc, nm->object, ANNOTATIONS, IR_KUBESPHERE_ANNOTATION, &at, &rest);
	if (rc != 0)
		return rc;
	if (rest == NULL)
		return merge_annotation(ps, doc, at, nm);
	ir_kubesphere_new(&json, nm->v, nm->n, ps->settings->secret_name);
	plan(ps, ACT_INSERT, at, 0, rest, IR_KUBESPHERE_ANNOTATION, ir_buf_detach(&json, NULL));
	return 0;
}

/* How many places of an object take a list, and how many of them are ServiceAccounts. */
struct tally {
	const struct ir_pullsecret *ps;
	size_t sites, accounts;
};

/* Counts one place of an object (a ServiceAccount only when it is named). */
static int
count_site(struct ir_doc *doc, const struct ir_secret_site *site, void *arg)
{
	struct tally *t = arg;

	if (site->place == IR_SECRET_ACCOUNT) {
		if (!account_named(t->ps, doc, site->object))
			return 0;
		t->accounts++;
	}
	t->sites++;
	return 0;
}

/* Says, with -v, that an object is left alone because it pulls nothing from the server. */
static void
skipped(struct ir_pullsecret *ps, const struct ir_doc *doc, ir_id object)
{
	const char *file;
	unsigned long line, col;

	ps->skipped++;
	ir_stream_pos(doc->stream, doc->nodes[object].start, &file, &line, &col);
	ir_msg(IR_MSG_INFO, file, line, col, "%s '%s' %s no image from '%s': left unchanged",
	    ir_object_kind(doc, object), object_name(doc, object), doc->stream->depth ?
	    "is embedded in a workflow that pulls" : "pulls", ps->server);
}

/* Plans the edits of one object: its lists, then KubeSphere's annotation. */
static int
plan_object(struct ir_doc *doc, ir_id object, void *arg)
{
	struct ir_pullsecret *ps = arg;
	struct tally t = { ps, 0, 0 };
	struct names nm = { .object = object };
	bool named_only;
	int rc = 0;

	if (ps->kubesphere != IR_KUBESPHERE_ONLY)
		ir_locate_pull_secrets(doc, object, ps->hce, count_site, &t);
	if (ps->kubesphere != IR_KUBESPHERE_OFF)
		ir_locate_pod_specs(doc, object, add_spec, &nm);
	named_only = t.accounts > 0 && t.accounts == t.sites && nm.nspecs == 0;
	if ((t.sites || nm.nspecs) && !ps->all && !named_only &&
	    !object_pulls(ps, doc, object))
		skipped(ps, doc, object);
	else {
		if (t.sites)
			rc = ir_locate_pull_secrets(doc, object, ps->hce, plan_site, ps);
		if (rc == 0 && nm.nspecs)
			rc = plan_annotation(ps, doc, &nm);
	}
	free(nm.specs);
	free(nm.v);
	return rc;
}

/* The value a planned insertion writes, built on the stack. */
struct tree {
	struct ir_val name[2];		/* name: secret */
	struct ir_val entry;		/* {name: secret} */
	struct ir_val leaf;		/* [entry], or the annotation's text */
	struct ir_val pairs[MAX_LEVELS][2];
	struct ir_val maps[MAX_LEVELS];
	char keys[MAX_LEVELS][128];
};

/* Builds in t the item {name: secret}. */
static const struct ir_val *
build_entry(struct tree *t, const char *secret)
{
	t->name[0] = (struct ir_val){ IR_SCALAR, "name", NULL, 0 };
	t->name[1] = (struct ir_val){ IR_SCALAR, secret, NULL, 0 };
	t->entry = (struct ir_val){ IR_MAP, NULL, t->name, 2 };
	return &t->entry;
}

/* Builds in t the value of an insertion and sets *key to the key it goes under; returns NULL
 * when more mappings are missing than it can build. */
static const struct ir_val *
build_insert(struct tree *t, const struct ir_ps_action *a, const char *secret,
    const char **key)
{
	const char *names[MAX_LEVELS + 1], *p, *dot;
	const struct ir_val *v = &t->leaf;
	size_t n = 0, len;

	build_entry(t, secret);
	t->leaf = a->text ? (struct ir_val){ IR_SCALAR, a->text, NULL, 0 } :
	    (struct ir_val){ IR_SEQ, NULL, &t->entry, 1 };
	for (p = a->missing; *p; p += len + (dot != NULL)) {
		if (n == MAX_LEVELS)
			return NULL;
		dot = strchr(p, '.');
		len = dot ? (size_t)(dot - p) : strlen(p);
		snprintf(t->keys[n], sizeof(t->keys[n]), "%.*s", (int)len, p);
		names[n] = t->keys[n];
		n++;
	}
	names[n++] = a->key;
	for (; n > 1; n--) {
		t->pairs[n - 2][0] = (struct ir_val){ IR_SCALAR, names[n - 1], NULL, 0 };
		t->pairs[n - 2][1] = *v;
		t->maps[n - 2] = (struct ir_val){ IR_MAP, NULL, t->pairs[n - 2], 2 };
		v = &t->maps[n - 2];
	}
	*key = names[0];
	return v;
}

/* Makes one planned edit. */
static int
apply_one(struct ir_pullsecret *ps, struct ir_doc *doc, const struct ir_ps_action *a)
{
	const char *secret = ps->settings->secret_name, *key = "";
	const struct ir_val *v;
	struct tree t;
	int rc;

	if (a->op == ACT_APPEND)
		rc = ir_edit_seq_append(doc, a->target, build_entry(&t, secret));
	else if (a->op == ACT_REPLACE)
		rc = ir_edit_replace(doc, a->target, a->text, strlen(a->text));
	else if ((v = build_insert(&t, a, secret, &key)) == NULL)
		rc = -1;
	else
		rc = ir_edit_map_insert(doc, a->target, a->before, key, v);
	if (rc != 0) {
		node_msg(IR_MSG_ERROR, doc, a->target, "the pull secret cannot be added to "
		    "this %s%s", doc->nodes[a->target].kind == IR_MAP ? "mapping" : "value",
		    doc->nodes[a->target].style == IR_FLOW ? " written in a flow sequence" :
		    "");
		return IR_EXIT_INPUT;
	}
	if (a->text)
		ps->annotated++;
	else
		ps->added++;
	return 0;
}

/* Orders planned edits deepest node first, so that insertions at one place nest; then in the
 * order they were planned. */
static int
act_cmp(const void *a, const void *b)
{
	const struct ir_ps_action *x = a, *y = b;

	if (x->target != y->target)
		return x->target > y->target ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* True when an earlier action makes the same edit (a node reached twice, through an alias). */
static bool
repeated(const struct ir_pullsecret *ps, const struct ir_ps_action *a)
{
	const struct ir_ps_action *b;

	for (b = ps->acts; b < a; b++)
		if (b->op == a->op && b->target == a->target && (a->op != ACT_INSERT ||
		    (strcmp(b->key, a->key) == 0 && strcmp(b->missing, a->missing) == 0)))
			return true;
	return false;
}

int
ir_pullsecret_doc(struct ir_doc *doc, void *ctx)
{
	struct ir_pullsecret *ps = ctx;
	size_t i;
	int rc;

	if (!ps->active)
		return 0;
	if (doc->stream->depth == 0 && !ps->all)
		decide_units(ps, doc);
	clear_actions(ps);
	rc = ir_locate_objects(doc, plan_object, ps);
	if (rc == 0 && ps->nacts > 1)
		qsort(ps->acts, ps->nacts, sizeof(*ps->acts), act_cmp);
	for (i = 0; rc == 0 && i < ps->nacts; i++)
		if (!repeated(ps, &ps->acts[i]))
			rc = apply_one(ps, doc, &ps->acts[i]);
	clear_actions(ps);
	return rc;
}
