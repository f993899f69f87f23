/* The entrypoint step: the command Argo cannot look up, written into the template. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "imgreg/edit.h"
#include "imgreg/entrypoint.h"
#include "imgreg/exit.h"
#include "imgreg/locate.h"
#include "imgreg/msg.h"
#include "imgreg/rules.h"
#include "imgreg/stream.h"
#include "imgreg/text.h"
#include "internal.h"

bool
ir_entrypoint_lookup_fails(const struct ir_settings *s, const struct ir_ref *ref,
    bool has_secrets)
{
	struct ir_settings all = *s;	/* --only and --exclude choose what to rewrite, not this */
	char out[IR_REF_SIZE];

	if (has_secrets || !(s->is_private || s->internal))
		return false;
	memset(&all.only, 0, sizeof(all.only));
	memset(&all.exclude, 0, sizeof(all.exclude));
	return ir_rule_apply(&all, ref, out, sizeof(out)) == IR_RULE_TARGET;
}

/* Stores the first node a walk reaches. */
static int
first_node(struct ir_doc *doc, ir_id id, void *arg)
{
	(void)doc;
	*(ir_id *)arg = id;
	return 1;
}

/* Appends an Argo template mapping to the step's list. */
static int
add_template(struct ir_doc *doc, ir_id id, void *arg)
{
	struct ir_entrypoint *ep = arg;

	(void)doc;
	ep->tmpls = ir_xrealloc(ep->tmpls, (ep->ntmpls + 1) * sizeof(*ep->tmpls));
	ep->tmpls[ep->ntmpls++] = id;
	return 0;
}

/* Learns the workflow spec, pull secrets and templates of object, once per object. */
static void
object_state(struct ir_doc *doc, struct ir_entrypoint *ep, ir_id object)
{
	const char *path = ir_workflow_spec_path(doc, object);
	const struct ir_node *secrets;
	ir_id id = 0;

	if (ep->object == object)
		return;
	ep->object = object;
	ep->spec = 0;
	ep->ntmpls = 0;
	if (path)
		ir_walk(doc, object, path, first_node, &ep->spec);
	if (ep->spec)
		ir_walk(doc, ep->spec, "imagePullSecrets", first_node, &id);
	secrets = ir_node(doc, id);
	ep->secrets = secrets && secrets->kind == IR_SEQ && secrets->nchild > 0;
	ir_locate_templates(doc, object, add_template, ep);
}

/* Returns the last node id inside the subtree of id (ids are in document order). */
static ir_id
subtree_end(const struct ir_doc *doc, ir_id id)
{
	while (doc->nodes[id].last)
		id = doc->nodes[id].last;
	return id;
}

/* Returns the innermost template holding node id, or 0. */
static ir_id
template_of(const struct ir_doc *doc, const struct ir_entrypoint *ep, ir_id id)
{
	ir_id best = 0, t;
	size_t i;

	for (i = 0; i < ep->ntmpls; i++) {
		t = ep->tmpls[i];
		if (t < id && id <= subtree_end(doc, t) && t > best)
			best = t;
	}
	return best;
}

/* Returns a template's name: its own, its task's for an inline one, or "templateDefaults". */
static const char *
template_name(const struct ir_doc *doc, ir_id t)
{
	const char *name = ir_scalar(doc, ir_map_get(doc, t, "name"));
	ir_id key = ir_map_key_of(doc, t);

	if (t == 0)
		return "";
	if (name)
		return name;
	if (ir_scalar_is(doc, key, "templateDefaults"))
		return "templateDefaults";
	if (ir_scalar_is(doc, key, "inline") &&
	    (name = ir_scalar(doc, ir_map_get(doc, doc->nodes[t].parent, "name"))) != NULL)
		return name;
	return "";
}

bool
ir_entrypoint_is_init(const struct ir_doc *doc, ir_id c)
{
	ir_id seq = doc->nodes[c].parent;

	return seq && doc->nodes[seq].kind == IR_SEQ &&
	    ir_scalar_is(doc, ir_map_key_of(doc, seq), "initContainers");
}

bool
ir_entrypoint_inherits_command(struct ir_doc *doc, ir_id spec, ir_id c)
{
	const char *key = ir_scalar(doc, ir_map_key_of(doc, c));
	char path[64];
	ir_id found = 0;

	if (spec == 0 || key == NULL || (strcmp(key, "container") && strcmp(key, "script")))
		return false;
	snprintf(path, sizeof(path), "templateDefaults.%s.command", key);
	ir_walk(doc, spec, path, first_node, &found);
	return found != 0;
}

/* Marks mapping c as handled in this document; returns false when it already was. */
static bool
first_visit(struct ir_entrypoint *ep, ir_id c)
{
	size_t i;

	for (i = 0; i < ep->ndone; i++)
		if (ep->done[i] == c)
			return false;
	ep->done = ir_xrealloc(ep->done, (ep->ndone + 1) * sizeof(*ep->done));
	ep->done[ep->ndone++] = c;
	return true;
}

/* Appends "command: [...]" in flow style to b. */
static void
render_flow(struct ir_buf *b, const struct ir_val *val)
{
	size_t i;

	ir_buf_adds(b, "command: [");
	for (i = 0; i < val->n; i++) {
		if (i)
			ir_buf_adds(b, ", ");
		ir_scalar_write(b, val->items[i].text, strlen(val->items[i].text), IR_PLAIN, true);
	}
	ir_buf_addc(b, ']');
}

/* Appends "command:" and its items to b in the layout of block sequence args: the same
 * dash column and the same spaces after each dash. */
static void
render_block(const struct ir_doc *doc, struct ir_buf *b, const struct ir_node *args,
    const struct ir_val *val)
{
	const struct ir_stream *s = doc->stream;
	size_t col = args->start - ir_text_line_start(s->data, args->start);
	size_t sp = strspn(s->data + args->start + 1, " "), i;

	if (sp == 0 || strchr("\r\n#", s->data[args->start + 1 + sp]))
		sp = 1;
	ir_buf_adds(b, "command:");
	for (i = 0; i < val->n; i++) {
		ir_buf_adds(b, s->eol);
		ir_buf_addn(b, ' ', col);
		ir_buf_addc(b, '-');
		ir_buf_addn(b, ' ', sp);
		ir_scalar_write(b, val->items[i].text, strlen(val->items[i].text), IR_PLAIN, false);
	}
}

/*
 * Inserts the command of entry e into container mapping c: just before its args, in their
 * style (flow next to flow args, block in the args' own layout otherwise), or at the end of
 * the mapping when it has no args. Returns 0, or -1 when the mapping cannot take a key.
 */
static int
insert_command(struct ir_doc *doc, ir_id c, const struct ir_entry *e)
{
	struct ir_val *items = ir_xcalloc(e->argv.n, sizeof(*items));
	struct ir_val val = { .kind = IR_SEQ, .items = items, .n = e->argv.n };
	ir_id args = ir_map_get(doc, c, "args");
	const struct ir_node *a = ir_node(doc, ir_resolve(doc, args));
	struct ir_buf pair = IR_BUF_INIT;
	bool flow;
	size_t i;
	int rc = 0;

	for (i = 0; i < e->argv.n; i++) {
		items[i].kind = IR_SCALAR;
		items[i].text = e->argv.items[i];
	}
	/* the core's insertion where the layout cannot be copied: a flow mapping, no args,
	 * args that are not a sequence or are an alias to one written elsewhere */
	if (args == 0 || doc->nodes[c].style != IR_BLOCK || a == NULL || a->kind != IR_SEQ ||
	    doc->nodes[args].kind == IR_ALIAS)
		rc = ir_edit_map_insert(doc, c, args ? ir_map_key_of(doc, args) : 0, "command",
		    &val);
	else {
		flow = a->style == IR_FLOW;
		ir_edits_note_insert(doc, c, ir_map_key_of(doc, args), "command", &val, flow);
		if (flow)
			render_flow(&pair, &val);
		else
			render_block(doc, &pair, a, &val);
		ir_edit_pair_before(doc, c, ir_map_key_of(doc, args), pair.data, pair.len,
		    "command", &val, flow);
		ir_buf_free(&pair);
	}
	free(items);
	return rc;
}

/* Reports a container whose command is needed but unknown; an error with strict. */
static void
unknown(struct ir_doc *doc, struct ir_entrypoint *ep, const struct ir_image *img)
{
	const struct ir_node *n = &doc->nodes[img->node];
	const char *file;
	unsigned long line, col;

	ep->unknown++;
	ir_stream_pos(doc->stream, n->start, &file, &line, &col);
	ir_msg(ep->strict ? IR_MSG_ERROR : IR_MSG_WARNING, file, line, col,
	    "template '%s': image '%s' has no command and its entrypoint cannot be looked up; "
	    "add it to the entrypoint table", template_name(doc, template_of(doc, ep,
	    img->holder)), n->text);
}

/* Remembers image (as written) and its entry for --configmap, sorted, once each. */
static void
collect(struct ir_entrypoint *ep, const char *image, const struct ir_entry *e)
{
	size_t i;
	int cmp = 1;

	for (i = 0; i < ep->nimages; i++)
		if ((cmp = strcmp(ep->images[i].image, image)) >= 0)
			break;
	if (i < ep->nimages && cmp == 0)
		return;
	ep->images = ir_xrealloc(ep->images, (ep->nimages + 1) * sizeof(*ep->images));
	memmove(ep->images + i + 1, ep->images + i, (ep->nimages - i) * sizeof(*ep->images));
	ep->images[i].image = ir_xstrndup(image, strlen(image));
	ep->images[i].entry = e;
	ep->nimages++;
}

/* Gives one container the command it needs, when the table knows it. */
static int
container(struct ir_doc *doc, const struct ir_image *img, void *arg)
{
	struct ir_entrypoint *ep = arg;
	const struct ir_node *n = &doc->nodes[img->node];
	const struct ir_entry *e;
	struct ir_ref ref;
	const char *why;

	if (!img->argo || img->site != IR_SITE_CONTAINER || ir_entrypoint_is_init(doc, img->holder) ||
	    !n->has_text || !first_visit(ep, img->holder))
		return 0;
	object_state(doc, ep, img->object);
	if (ir_map_get(doc, img->holder, "command") || ir_entrypoint_inherits_command(doc, ep->spec, img->holder)) {
		ep->present++;
		return 0;
	}
	if (strstr(n->text, "{{") || ir_stream_templated(doc->stream, n->start, n->end)) {
		ep->templated++;
		return 0;
	}
	if (ir_ref_parse(n->text, n->text_len, &ref, &why) != 0)
		return 0;	/* imgreg-rewrite reports invalid references */
	if (!ep->always && !ir_entrypoint_lookup_fails(ep->settings, &ref, ep->secrets)) {
		ep->lookup++;
		return 0;
	}
	if ((e = ir_eptable_match(ep->table, &ref)) == NULL) {
		unknown(doc, ep, img);
		return 0;
	}
	if (ep->collect) {
		collect(ep, n->text, e);
		ep->inserted++;
	} else if (insert_command(doc, img->holder, e) == 0)
		ep->inserted++;
	return 0;
}

int
ir_entrypoint_doc(struct ir_doc *doc, void *ctx)
{
	struct ir_entrypoint *ep = ctx;
	unsigned long unknown_before = ep->unknown;
	int rc;

	ep->object = 0;
	ep->ndone = 0;
	if ((rc = ir_locate_images(doc, container, ep)) != 0)
		return rc;
	return ep->strict && ep->unknown > unknown_before ? IR_EXIT_FOUND : 0;
}

void
ir_entrypoint_configmap(const struct ir_entrypoint *ep, struct ir_buf *out)
{
	const struct ir_list *argv;
	size_t i, j;

	if (ep->nimages == 0)
		return;
	ir_buf_adds(out, "# Argo's image index: the entrypoint of each image, so that the workflow "
	    "controller\n# does not look it up in the registry (written by imgreg-entrypoint).\n"
	    "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: workflow-controller-configmap\n"
	    "data:\n  images: |\n");
	for (i = 0; i < ep->nimages; i++) {
		argv = &ep->images[i].entry->argv;
		ir_buf_adds(out, "    ");
		ir_scalar_write(out, ep->images[i].image, strlen(ep->images[i].image), IR_PLAIN,
		    false);
		ir_buf_adds(out, ":\n      entrypoint: [");
		for (j = 0; j < argv->n; j++) {
			if (j)
				ir_buf_adds(out, ", ");
			ir_scalar_write(out, argv->items[j], strlen(argv->items[j]), IR_PLAIN, true);
		}
		ir_buf_adds(out, "]\n");
	}
}

void
ir_entrypoint_release(struct ir_entrypoint *ep)
{
	size_t i;

	for (i = 0; i < ep->nimages; i++)
		free(ep->images[i].image);
	free(ep->images);
	free(ep->tmpls);
	free(ep->done);
	ep->images = NULL;
	ep->tmpls = ep->done = NULL;
	ep->nimages = ep->ntmpls = ep->ndone = 0;
}
