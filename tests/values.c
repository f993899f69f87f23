/*
 * test-values: prints the images, container commands and pull secrets of YAML streams (files,
 * or standard input) and of the manifests embedded in them, one line each, sorted:
 * "KIND/NAMESPACE/NAME image REF", "... command REF: ARG..." and "... secret PLACE NAME".
 * tests/integration compares the outputs of kustomize, kpt and the plain pipeline with it: by
 * value, whatever layout each tool writes. A ResourceList counts by its items; documents that
 * do not parse are an error (exit 3).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "imgreg/buf.h"
#include "imgreg/io.h"
#include "imgreg/locate.h"
#include "imgreg/stream.h"
#include "imgreg/yaml.h"

/* The lines found so far. */
struct lines {
	char **v;
	size_t n, cap;
};

/* Appends "object what text" to l. */
static void
add(struct lines *l, const char *object, const char *what, const char *text)
{
	struct ir_buf b = IR_BUF_INIT;

	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 64;
		l->v = ir_xrealloc(l->v, l->cap * sizeof(*l->v));
	}
	ir_buf_addf(&b, "%s %s %s", object, what, text);
	l->v[l->n++] = ir_buf_detach(&b, NULL);
}

/* Writes "kind/namespace/name" of object into buf. */
static void
object_name(const struct ir_doc *doc, ir_id object, char *buf, size_t size)
{
	ir_id meta = ir_resolve(doc, ir_map_get(doc, object, "metadata"));
	const char *ns = NULL, *name = NULL;

	if (meta && doc->nodes[meta].kind == IR_MAP) {
		ns = ir_scalar(doc, ir_resolve(doc, ir_map_get(doc, meta, "namespace")));
		name = ir_scalar(doc, ir_resolve(doc, ir_map_get(doc, meta, "name")));
		if (name == NULL)
			name = ir_scalar(doc, ir_resolve(doc, ir_map_get(doc, meta, "generateName")));
	}
	snprintf(buf, size, "%s/%s/%s", ir_object_kind(doc, object), ns ? ns : "",
	    name ? name : "");
}

/* Records one image, and the command of its container when it has one. */
static int
image(struct ir_doc *doc, const struct ir_image *img, void *arg)
{
	ir_id cmd = ir_resolve(doc, ir_map_get(doc, img->holder, "command")), c;
	struct ir_buf b = IR_BUF_INIT;
	char name[512];

	object_name(doc, img->object, name, sizeof(name));
	add(arg, name, "image", doc->nodes[img->node].text);
	if (img->site != IR_SITE_CONTAINER || cmd == 0 || doc->nodes[cmd].kind != IR_SEQ)
		return 0;
	ir_buf_addf(&b, "%s:", doc->nodes[img->node].text);
	for (c = doc->nodes[cmd].first; c; c = doc->nodes[c].next)
		ir_buf_addf(&b, " %s", ir_scalar(doc, ir_resolve(doc, c)) ? ir_scalar(doc,
		    ir_resolve(doc, c)) : "?");
	add(arg, name, "command", b.data);
	ir_buf_free(&b);
	return 0;
}

/* Records the secret names of one place of pull secrets, when its list exists. */
static int
secret_site(struct ir_doc *doc, const struct ir_secret_site *site, void *arg)
{
	char name[512], place[300], seg[256], text[600];
	const char *p = site->create, *dot;
	ir_id m = site->base, list, it;
	size_t len;

	for (; m && *p; p = *dot ? dot + 1 : dot) {
		dot = p + strcspn(p, ".");
		len = (size_t)(dot - p) < sizeof(seg) ? (size_t)(dot - p) : sizeof(seg) - 1;
		memcpy(seg, p, len);
		seg[len] = '\0';
		m = ir_resolve(doc, ir_map_get(doc, m, seg));
	}
	list = m && doc->nodes[m].kind == IR_MAP ? ir_resolve(doc, ir_map_get(doc, m, site->key)) : 0;
	if (list == 0 || doc->nodes[list].kind != IR_SEQ)
		return 0;
	object_name(doc, site->object, name, sizeof(name));
	snprintf(place, sizeof(place), "%d:%s%s%s", (int)site->place, site->create,
	    *site->create ? "." : "", site->key);
	for (it = doc->nodes[list].first; it; it = doc->nodes[it].next) {
		ir_id n = ir_resolve(doc, it);
		const char *s = doc->nodes[n].kind == IR_MAP ?
		    ir_scalar(doc, ir_resolve(doc, ir_map_get(doc, n, "name"))) : ir_scalar(doc, n);

		snprintf(text, sizeof(text), "%s %s", place, s ? s : "?");
		add(arg, name, "secret", text);
	}
	return 0;
}

/* Records the pull secrets of one object. */
static int
object(struct ir_doc *doc, ir_id id, void *arg)
{
	return ir_locate_pull_secrets(doc, id, false, secret_site, arg);
}

static int document(struct ir_doc *doc, void *arg);

/* Records the images and pull secrets of the manifest embedded in string id. */
static int
embedded(struct ir_doc *doc, ir_id id, void *arg)
{
	const struct ir_node *n = &doc->nodes[id];
	char *copy, err[300];
	struct ir_stream s;
	size_t off;

	if (n->kind != IR_SCALAR || doc->stream->depth >= 4)
		return 0;
	copy = ir_xstrndup(n->text, n->text_len);
	ir_stream_init(&s, "embedded", copy, n->text_len, true);
	s.no_verify = true;
	s.depth = doc->stream->depth + 1;
	ir_yaml_parse(&s, document, arg, &off, err, sizeof(err));
	ir_stream_release(&s);
	free(copy);
	return 0;
}

/* Records the images, commands and pull secrets of one document and what it embeds. */
static int
document(struct ir_doc *doc, void *arg)
{
	ir_locate_images(doc, image, arg);
	ir_locate_objects(doc, object, arg);
	ir_locate_embedded(doc, embedded, arg);
	return 0;
}

/* Orders lines as strcmp does. */
static int
cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Reads and records one input; returns 0 or an exit status. */
static int
one(const char *path, struct lines *l)
{
	struct ir_input in;
	struct ir_stream s;
	char err[300];
	size_t off;
	int rc;

	if ((rc = ir_input_read(path, &in)) != 0)
		return rc;
	ir_stream_init(&s, in.name, in.data, in.len, true);
	s.no_verify = true;
	if ((rc = ir_yaml_parse(&s, document, l, &off, err, sizeof(err))) < 0)
		fprintf(stderr, "test-values: %s: offset %zu: %s\n", in.name, off, err);
	ir_stream_release(&s);
	ir_input_release(&in);
	return rc < 0 ? 3 : 0;
}

int
main(int argc, char **argv)
{
	struct lines l = { 0 };
	int i, rc = 0;
	size_t j;

	for (i = 1; i < argc && rc == 0; i++)
		rc = one(argv[i], &l);
	if (argc == 1)
		rc = one(NULL, &l);
	qsort(l.v, l.n, sizeof(*l.v), cmp);
	for (j = 0; j < l.n; j++) {
		puts(l.v[j]);
		free(l.v[j]);
	}
	free(l.v);
	return rc;
}
