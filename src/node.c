/* Reading the document index: lookups by key, aliases, paths. */
#include <string.h>

#include "imgreg/stream.h"
#include "imgreg/yaml.h"

bool
ir_scalar_is(const struct ir_doc *doc, ir_id id, const char *s)
{
	const struct ir_node *n = ir_node(doc, id);
	size_t len = strlen(s);

	return n && n->kind == IR_SCALAR && n->text_len == len && memcmp(n->text, s, len) == 0;
}

const char *
ir_scalar(const struct ir_doc *doc, ir_id id)
{
	const struct ir_node *n = ir_node(doc, ir_resolve(doc, id));

	return n && n->kind == IR_SCALAR ? n->text : NULL;
}

ir_id
ir_map_get(const struct ir_doc *doc, ir_id map, const char *key)
{
	const struct ir_node *m = ir_node(doc, map);
	ir_id k;

	if (m == NULL || m->kind != IR_MAP)
		return 0;
	for (k = m->first; k; k = doc->nodes[doc->nodes[k].next].next) {
		if (doc->nodes[k].next == 0)
			return 0;
		if (ir_scalar_is(doc, k, key))
			return doc->nodes[k].next;
	}
	return 0;
}

ir_id
ir_map_key_of(const struct ir_doc *doc, ir_id val)
{
	const struct ir_node *n = ir_node(doc, val), *p;
	ir_id k;

	if (n == NULL || (p = ir_node(doc, n->parent)) == NULL || p->kind != IR_MAP ||
	    n->index % 2 == 0)
		return 0;
	/* nodes are numbered in document order: the key's last node comes just before */
	for (k = val - 1; doc->nodes[k].parent != n->parent; k = doc->nodes[k].parent)
		;
	return k;
}

ir_id
ir_resolve(const struct ir_doc *doc, ir_id id)
{
	const struct ir_node *n = ir_node(doc, id);

	return n == NULL || n->kind != IR_ALIAS ? id : n->target;
}

bool
ir_kind_is_list(const char *kind)
{
	size_t n = kind ? strlen(kind) : 0;

	return n >= 4 && strcmp(kind + n - 4, "List") == 0;
}

const char *
ir_doc_field(const struct ir_doc *doc, const char *key)
{
	const char *s = ir_scalar(doc, ir_map_get(doc, doc->root, key));

	return s ? s : "";
}

void
ir_node_pos(const struct ir_doc *doc, ir_id id, unsigned long *line, unsigned long *col)
{
	const char *file;

	ir_stream_pos(doc->stream, doc->nodes[id].start, &file, line, col);
}

/* Calls fn for each node reached by the rest of path from node id. */
static int
walk(struct ir_doc *doc, ir_id id, const char *path, ir_walk_fn fn, void *arg)
{
	const struct ir_node *n;
	const char *dot;
	char key[128];
	size_t len;
	ir_id c;
	int rc;

	id = ir_resolve(doc, id);
	if (id == 0)
		return 0;
	if (*path == '\0')
		return fn(doc, id, arg);
	dot = strchr(path, '.');
	len = dot ? (size_t)(dot - path) : strlen(path);
	if (len >= sizeof(key))
		return 0;
	memcpy(key, path, len);
	key[len] = '\0';
	path += len + (dot != NULL);
	n = &doc->nodes[id];
	if (strcmp(key, "[]") == 0 || strcmp(key, "*") == 0) {
		if (n->kind != (key[0] == '*' ? IR_MAP : IR_SEQ))
			return 0;
		for (c = n->first; c; c = doc->nodes[c].next) {
			if (key[0] == '*' && (c = doc->nodes[c].next) == 0)
				break;
			if ((rc = walk(doc, c, path, fn, arg)) != 0)
				return rc;
		}
		return 0;
	}
	c = ir_map_get(doc, id, key);
	return c ? walk(doc, c, path, fn, arg) : 0;
}

int
ir_walk(struct ir_doc *doc, ir_id from, const char *path, ir_walk_fn fn, void *arg)
{
	return walk(doc, from, path, fn, arg);
}
