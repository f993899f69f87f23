/* The policy checks of imgreg-verify: registries, tags, digests, pull secrets, commands. */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "imgreg/entrypoint.h"
#include "imgreg/jsonw.h"
#include "imgreg/locate.h"
#include "imgreg/msg.h"
#include "imgreg/path.h"
#include "imgreg/pullsecret.h"
#include "imgreg/rules.h"
#include "imgreg/verify_policy.h"

/* One finding, kept until all inputs are read. */
struct ir_finding {
	const char *file;	/* borrowed from the input */
	unsigned long nfile, line, col;
	size_t seq;		/* the order it was found in */
	enum ir_policy_rule rule;
	char *message;
	char *json;		/* its JSON line */
};

/* A place of pull secrets of the current object: the mapping the list is (or would be) in. */
struct ir_policy_site {
	ir_id scope;		/* the mapping holding the list; it covers the images below it */
	ir_id last;		/* the last node inside scope */
	const char *key;	/* the list's key */
};

static const char *const rule_names[] = {
	"allow", "deny-latest", "require-digest", "require-pull-secret", "require-command",
};

const char *
ir_policy_rule_name(enum ir_policy_rule r)
{
	return rule_names[r];
}

/* Lowers the case of the domain of a normalised name: host names compare without case. */
static void
lower_domain(char *name)
{
	for (; *name && *name != '/'; name++)
		*name = (char)tolower((unsigned char)*name);
}

int
ir_policy_allow(struct ir_policy *p, const char *arg, const char **why)
{
	char norm[IR_REF_NAME_SIZE];
	const char *s = arg, *comma;
	size_t len;

	for (; *s; s = comma ? comma + 1 : s + len) {
		comma = strchr(s, ',');
		len = comma ? (size_t)(comma - s) : strlen(s);
		if (ir_ref_normalize_prefix(s, len, norm, sizeof(norm), why) != 0)
			return -1;
		lower_domain(norm);
		p->allow.items = ir_xrealloc(p->allow.items, (p->allow.n + 1) * sizeof(char *));
		p->allow.items[p->allow.n++] = ir_xstrndup(norm, strlen(norm));
	}
	return 0;
}

/* Writes a finding's JSON line into out. */
static void
finding_json(struct ir_buf *out, const struct ir_finding *f, const struct ir_occurrence *o)
{
	struct ir_jsonw w;

	ir_jsonw_open(&w, out, 0);
	ir_jsonw_str(&w, "file", f->file);
	ir_jsonw_num(&w, "line", f->line);
	ir_jsonw_num(&w, "column", f->col);
	ir_jsonw_str(&w, "rule", ir_policy_rule_name(f->rule));
	ir_jsonw_str(&w, "message", f->message);
	ir_jsonw_str(&w, "reference", o->text.data);
	ir_jsonw_str(&w, "kind", o->kind);
	ir_jsonw_str(&w, "name", o->name.data);
	ir_jsonw_str(&w, "field", o->path.data);
	ir_jsonw_close(&w);
	ir_buf_addc(out, '\n');
}

/* Records a finding about occurrence o, placing it first. */
static void __attribute__((format(printf, 4, 5)))
finding(struct ir_policy *p, struct ir_occurrence *o, enum ir_policy_rule rule,
    const char *fmt, ...)
{
	struct ir_buf msg = IR_BUF_INIT, json = IR_BUF_INIT;
	struct ir_finding *f;
	va_list ap;
	int n;

	ir_occurrence_place(o);
	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	ir_buf_grow(&msg, n > 0 ? (size_t)n : 0);
	va_start(ap, fmt);
	vsnprintf(msg.data, (size_t)n + 1, fmt, ap);
	va_end(ap);
	if (o->file != p->file) {
		p->file = o->file;
		p->nfile++;
	}
	if (p->nfindings == p->capfindings) {
		p->capfindings = p->capfindings ? p->capfindings * 2 : 16;
		p->findings = ir_xrealloc(p->findings, p->capfindings * sizeof(*p->findings));
	}
	f = &p->findings[p->nfindings];
	*f = (struct ir_finding){ .file = o->file, .nfile = p->nfile, .line = o->line,
	    .col = o->col, .seq = p->nfindings, .rule = rule, .message = msg.data };
	finding_json(&json, f, o);
	f->json = json.data;
	p->nfindings++;
	if (p->immediate)
		ir_msg(IR_MSG_ERROR, f->file, f->line, f->col, "%s [%s]", f->message,
		    ir_policy_rule_name(f->rule));
}

/* Joins the allowed prefixes for a message: 'a', 'b'. */
static void
join_allowed(const struct ir_list *l, struct ir_buf *out)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		ir_buf_addf(out, "%s'%s'", i ? ", " : "", l->items[i]);
}

/* The allow rule: the image is under an allowed prefix, or, without --allow, the settings'
 * rules leave it where it is (the target registry, a mirror's destination, a custom image,
 * or not selected by only/exclude). */
static void
check_allow(struct ir_policy *p, struct ir_occurrence *o, const struct ir_ref *ref)
{
	const struct ir_settings *s = p->settings;
	char name[IR_REF_NAME_SIZE], dst[IR_REF_SIZE];
	struct ir_buf list = IR_BUF_INIT;
	enum ir_rule rule;
	size_t i;

	if (p->allow.n) {
		ir_ref_format_name(ref, name, sizeof(name));
		lower_domain(name);
		for (i = 0; i < p->allow.n; i++)
			if (ir_ref_has_prefix(name, p->allow.items[i]))
				return;
		join_allowed(&p->allow, &list);
		finding(p, o, IR_POLICY_ALLOW, "image '%s' is not under an allowed prefix (%s)",
		    o->text.data, list.data);
		ir_buf_free(&list);
		return;
	}
	rule = ir_rule_apply(s, ref, dst, sizeof(dst));
	if (rule == IR_RULE_TARGET || rule == IR_RULE_UNSELECTED)
		return;
	finding(p, o, IR_POLICY_ALLOW, "image '%s' is not from the registry '%s/%s'%s; "
	    "imgreg-rewrite would make it '%s'", o->text.data, s->server, s->account,
	    s->nmirrors ? " or a mirror's destination" : "", dst);
}

/* The deny-latest rule: a tag, and not 'latest' (a digest alone pins the image too). */
static void
check_latest(struct ir_policy *p, struct ir_occurrence *o, const struct ir_ref *ref)
{
	if (strcmp(ref->tag, "latest") == 0)
		finding(p, o, IR_POLICY_DENY_LATEST, "image '%s' has the tag 'latest'",
		    o->text.data);
	else if (!ref->tag[0] && !ref->digest[0])
		finding(p, o, IR_POLICY_DENY_LATEST, "image '%s' has no tag, which means 'latest'",
		    o->text.data);
}

/* The require-digest rule. */
static void
check_digest(struct ir_policy *p, struct ir_occurrence *o, const struct ir_ref *ref)
{
	if (!ref->digest[0])
		finding(p, o, IR_POLICY_REQUIRE_DIGEST, "image '%s' has no digest", o->text.data);
}

/* Stores the first node a walk reaches. */
static int
first_node(struct ir_doc *doc, ir_id id, void *arg)
{
	(void)doc;
	*(ir_id *)arg = id;
	return 1;
}

/* Returns the last node id inside the subtree of id (ids are in document order). */
static ir_id
subtree_end(const struct ir_doc *doc, ir_id id)
{
	while (doc->nodes[id].last)
		id = doc->nodes[id].last;
	return id;
}

/* Records one place of pull secrets of the current object, when its mapping exists. */
static int
add_site(struct ir_doc *doc, const struct ir_secret_site *site, void *arg)
{
	struct ir_policy *p = arg;
	ir_id scope = site->base;

	/* a ServiceAccount's list covers pods that name it: not seen from here */
	if (site->place == IR_SECRET_ACCOUNT || site->place == IR_SECRET_CONTAINER)
		return 0;
	if (site->create[0]) {
		scope = 0;
		ir_walk(doc, site->base, site->create, first_node, &scope);
		if (scope == 0 || doc->nodes[scope].kind != IR_MAP)
			return 0;	/* no mapping there: no image below it either */
	}
	if (p->nsites == p->capsites) {
		p->capsites = p->capsites ? p->capsites * 2 : 8;
		p->sites = ir_xrealloc(p->sites, p->capsites * sizeof(*p->sites));
	}
	p->sites[p->nsites].scope = scope;
	p->sites[p->nsites].last = subtree_end(doc, scope);
	p->sites[p->nsites++].key = site->key;
	return 0;
}

/* Returns the innermost place of pull secrets whose mapping holds node id, or NULL. */
static const struct ir_policy_site *
site_of(struct ir_doc *doc, struct ir_policy *p, ir_id object, ir_id id)
{
	const struct ir_policy_site *best = NULL;
	size_t i;

	if (p->object != object) {
		p->object = object;
		p->nsites = 0;
		ir_locate_pull_secrets(doc, object, false, add_site, p);
	}
	for (i = 0; i < p->nsites; i++)
		if (p->sites[i].scope <= id && id <= p->sites[i].last &&
		    (best == NULL || p->sites[i].scope > best->scope))
			best = &p->sites[i];
	return best;
}

/* The require-pull-secret rule: an image from the private registry is covered by a list of
 * pull secrets naming the registry's secret (images in objects with no such place, such as
 * a ChaosExperiment's, get their secret from elsewhere and are not checked). */
static void
check_secret(struct ir_policy *p, struct ir_doc *doc, const struct ir_image *img,
    struct ir_occurrence *o)
{
	const struct ir_settings *s = p->settings;
	const struct ir_policy_site *site;
	char server[IR_REF_NAME_SIZE];
	struct ir_buf where = IR_BUF_INIT;
	const char *why;
	ir_id list;

	if (!s->is_private || s->secret_name == NULL || s->server == NULL ||
	    ir_ref_normalize_prefix(s->server, strlen(s->server), server, sizeof(server),
	    &why) != 0 || !ir_pullsecret_pulls_from(o->text.data, o->text.len, server) ||
	    (site = site_of(doc, p, img->object, img->holder)) == NULL)
		return;
	list = ir_resolve(doc, ir_map_get(doc, site->scope, site->key));
	if (ir_pullsecret_listed(doc, list, s->secret_name))
		return;
	ir_node_path(doc, site->scope, &where);
	finding(p, o, IR_POLICY_PULL_SECRET, "image '%s' is pulled from the private registry "
	    "'%s', but %s%s%s does not list its pull secret '%s'", o->text.data, server,
	    where.len ? where.data : "", where.len ? "." : "", site->key, s->secret_name);
	ir_buf_free(&where);
}

/* The require-command rule: no Argo container leaves its entrypoint to a lookup that fails
 * (the image in the private or internal registry, the workflow without pull secrets). */
static void
check_command(struct ir_policy *p, struct ir_doc *doc, const struct ir_image *img,
    struct ir_occurrence *o, const struct ir_ref *ref)
{
	const char *path = ir_workflow_spec_path(doc, img->object);
	const struct ir_node *list;
	ir_id spec = 0, secrets = 0;

	if (!img->argo || img->site != IR_SITE_CONTAINER || path == NULL ||
	    ir_map_get(doc, img->holder, "command") || ir_entrypoint_is_init(doc, img->holder))
		return;
	ir_walk(doc, img->object, path, first_node, &spec);
	if (ir_entrypoint_inherits_command(doc, spec, img->holder))
		return;
	if (spec)
		ir_walk(doc, spec, "imagePullSecrets", first_node, &secrets);
	list = ir_node(doc, secrets);
	if (!ir_entrypoint_lookup_fails(p->settings, ref, list && list->kind == IR_SEQ &&
	    list->nchild > 0))
		return;
	finding(p, o, IR_POLICY_COMMAND, "image '%s' has no command, and Argo cannot look its "
	    "entrypoint up in the %s registry without the workflow's imagePullSecrets; give the "
	    "container a command (imgreg-entrypoint writes it)", o->text.data,
	    p->settings->is_private ? "private" : "internal");
}

/* Checks one image occurrence against every rule asked for. */
static int
image(struct ir_doc *doc, const struct ir_image *img, void *arg)
{
	struct ir_policy *p = arg;
	struct ir_occurrence o;
	struct ir_ref ref;
	const char *why;

	if (!doc->nodes[img->node].has_text || !ir_seen_first(&p->seen, img->field))
		return 0;
	ir_occurrence_read(doc, img, &o);
	if (o.templated) {
		p->templated++;
		ir_occurrence_place(&o);
		ir_msg(IR_MSG_INFO, o.file, o.line, o.col, "image reference '%s' is templated: not "
		    "checked", o.text.data);
	} else if (ir_ref_parse(o.text.data, o.text.len, &ref, &why) != 0) {
		/* an env variable named *_IMAGE may hold something else: not our business */
		if (img->site != IR_SITE_ENV)
			finding(p, &o, IR_POLICY_ALLOW, "invalid image reference '%s': %s",
			    o.text.data, why);
	} else {
		p->checked++;
		check_allow(p, &o, &ref);
		if (p->deny_latest)
			check_latest(p, &o, &ref);
		if (p->require_digest)
			check_digest(p, &o, &ref);
		if (p->require_pull_secret)
			check_secret(p, doc, img, &o);
		if (p->require_command)
			check_command(p, doc, img, &o, &ref);
	}
	ir_occurrence_release(&o);
	return 0;
}

int
ir_policy_doc(struct ir_doc *doc, void *ctx)
{
	struct ir_policy *p = ctx;

	ir_seen_reset(&p->seen);
	p->object = 0;
	p->nsites = 0;
	return ir_locate_images(doc, image, p);
}

/* Orders findings by input, line, column, then the order they were found in. */
static int
by_position(const void *a, const void *b)
{
	const struct ir_finding *x = a, *y = b;

	if (x->nfile != y->nfile)
		return x->nfile < y->nfile ? -1 : 1;
	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	if (x->col != y->col)
		return x->col < y->col ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

size_t
ir_policy_report(struct ir_policy *p)
{
	const struct ir_finding *f;
	size_t i;

	if (p->nfindings > 0)
		qsort(p->findings, p->nfindings, sizeof(*p->findings), by_position);
	for (i = 0; !p->immediate && i < p->nfindings; i++) {
		f = &p->findings[i];
		if (p->json)
			ir_buf_adds(&p->out, f->json);
		else
			ir_msg(IR_MSG_ERROR, f->file, f->line, f->col, "%s [%s]", f->message,
			    ir_policy_rule_name(f->rule));
	}
	return p->nfindings;
}

void
ir_policy_release(struct ir_policy *p)
{
	size_t i;

	for (i = 0; i < p->nfindings; i++) {
		free(p->findings[i].message);
		free(p->findings[i].json);
	}
	free(p->findings);
	for (i = 0; i < p->allow.n; i++)
		free(p->allow.items[i]);
	free(p->allow.items);
	free(p->sites);
	ir_seen_release(&p->seen);
	ir_buf_free(&p->out);
	memset(p, 0, sizeof(*p));
}
