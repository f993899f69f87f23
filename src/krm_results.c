/* KRM results: messages collected, placed on their item and field, appended to `results`. */
#include <stdlib.h>
#include <string.h>

#include "imgreg/buf.h"
#include "imgreg/edit.h"
#include "imgreg/exit.h"
#include "imgreg/msg.h"
#include "imgreg/process.h"
#include "imgreg/stream.h"
#include "imgreg/text.h"
#include "krm_internal.h"

/* The prefix of the annotations a KRM orchestrator keeps for itself. */
#define INTERNAL "internal.config.kubernetes.io/"

/* Returns a copy of s, or NULL for NULL. */
static char *
dup(const char *s)
{
	return s ? ir_xstrndup(s, strlen(s)) : NULL;
}

int
ir_krm_collect(enum ir_level level, const char *file, unsigned long line, unsigned long col,
    const char *text, void *arg)
{
	struct ir_krm *k = arg;
	struct ir_krm_msg *m;

	if (level == IR_MSG_INFO)
		return 0;
	if (level == IR_MSG_WARNING && ir_verbosity < 0)
		return 1;
	if (k->nmsgs == k->capmsgs) {
		k->capmsgs = k->capmsgs ? k->capmsgs * 2 : 8;
		k->msgs = ir_xrealloc(k->msgs, k->capmsgs * sizeof(*k->msgs));
	}
	m = &k->msgs[k->nmsgs++];
	memset(m, 0, sizeof(*m));
	m->level = level;
	m->text = dup(text);
	if (file && strcmp(file, ir_krm_fc_name) == 0 && line >= 1 && line <= k->nfc) {
		/* the generated settings text of a ConfigMap: back to where its data stands */
		const struct ir_krm_origin *o = &k->fc[line - 1];

		file = k->name;
		line = col <= 1 ? o->key_line : o->val_line;
		col = col <= 1 ? o->key_col : o->val_col;
	}
	m->file = dup(file);
	m->line = line;
	m->col = col;
	return 1;
}

void
ir_krm_msgs_free(struct ir_krm *k)
{
	size_t i, j;

	for (i = 0; i < k->nmsgs; i++) {
		free(k->msgs[i].text);
		free(k->msgs[i].file);
		for (j = 0; j < 4; j++)
			free(k->msgs[i].ref[j]);
		free(k->msgs[i].field);
		free(k->msgs[i].path);
		free(k->msgs[i].index);
	}
	free(k->msgs);
	k->msgs = NULL;
	k->nmsgs = k->capmsgs = 0;
}

/* True when offset off lies in the span from node from's start to node to's end. */
static bool
spans(const struct ir_doc *doc, ir_id from, ir_id to, size_t off)
{
	size_t start = doc->nodes[from].start, end = doc->nodes[to].end;

	return off == start || (off > start && off < end);
}

/* Appends to b the path from node id down to the deepest node holding offset off. */
static void
field_path(const struct ir_doc *doc, ir_id id, size_t off, struct ir_buf *b)
{
	const struct ir_node *n;
	const char *key;
	ir_id c, v = 0;
	size_t i;

	while ((n = ir_node(doc, id)) != NULL && (n->kind == IR_MAP || n->kind == IR_SEQ)) {
		for (c = n->first, i = 0; c; c = doc->nodes[v].next, i++) {
			v = n->kind == IR_MAP ? doc->nodes[c].next : c;
			if (v == 0 || spans(doc, c, v, off))
				break;
		}
		if (c == 0 || v == 0)
			return;
		if (n->kind == IR_SEQ) {
			ir_buf_addf(b, "[%zu]", i);
		} else {
			key = ir_scalar(doc, c);
			ir_buf_addf(b, "%s%s", b->len ? "." : "", key ? key : "?");
			if (spans(doc, c, c, off))
				return;
		}
		id = v;
	}
}

/* Fills message m with the identity and file annotations of item. */
static void
describe_item(const struct ir_doc *doc, ir_id item, struct ir_krm_msg *m)
{
	ir_id meta = ir_resolve(doc, ir_map_get(doc, item, "metadata"));
	ir_id ann = ir_resolve(doc, ir_map_get(doc, meta, "annotations"));

	m->ref[0] = ir_krm_str(doc, item, "apiVersion");
	m->ref[1] = ir_krm_str(doc, item, "kind");
	m->ref[2] = ir_krm_str(doc, meta, "name");
	m->ref[3] = ir_krm_str(doc, meta, "namespace");
	if ((m->path = ir_krm_str(doc, ann, INTERNAL "path")) == NULL)
		m->path = ir_krm_str(doc, ann, "config.kubernetes.io/path");
	if ((m->index = ir_krm_str(doc, ann, INTERNAL "index")) == NULL)
		m->index = ir_krm_str(doc, ann, "config.kubernetes.io/index");
}

/* The state of placing the messages on the ResourceList. */
struct place {
	struct ir_krm *k;
	const char *text;
	size_t len;
};

/* Places message m, which points into the ResourceList, on its item and field. */
static void
place_one(const struct ir_doc *doc, ir_id root, size_t off, struct ir_krm_msg *m)
{
	ir_id items = ir_resolve(doc, ir_map_get(doc, root, "items")), it, from = root;
	struct ir_buf b = IR_BUF_INIT;

	if (items && doc->nodes[items].kind == IR_SEQ)
		for (it = doc->nodes[items].first; it; it = doc->nodes[it].next)
			if (doc->nodes[ir_resolve(doc, it)].kind == IR_MAP &&
			    spans(doc, it, it, off)) {
				from = ir_resolve(doc, it);
				describe_item(doc, from, m);
				break;
			}
	field_path(doc, from, off, &b);
	m->field = b.len ? ir_buf_detach(&b, NULL) : NULL;
	ir_buf_free(&b);
}

/* Places every message about standard input. */
static int
place_all(struct ir_doc *doc, void *arg)
{
	struct place *p = arg;
	ir_id root = ir_resolve(doc, doc->root);
	struct ir_krm_msg *m;
	size_t i;

	if (root == 0 || doc->nodes[root].kind != IR_MAP)
		return 0;
	for (i = 0; i < p->k->nmsgs; i++) {
		m = &p->k->msgs[i];
		if (m->file && m->line && strcmp(m->file, p->k->name) == 0 && !m->field)
			place_one(doc, root, ir_text_offset(p->text, p->len, m->line, m->col), m);
	}
	return 0;
}

void
ir_krm_locate(struct ir_krm *k, const char *text, size_t len)
{
	struct place p = { k, text, len };

	ir_krm_parse(text, len, place_all, &p);
}

/* Appends the internal annotations of each item to the buffer arg, one line per item. */
static int
internal_of(struct ir_doc *doc, void *arg)
{
	struct ir_buf *b = arg;
	ir_id root = ir_resolve(doc, doc->root), items, it, meta, ann, key;
	const char *name, *value;

	items = ir_resolve(doc, ir_map_get(doc, root, "items"));
	for (it = items ? doc->nodes[items].first : 0; it; it = doc->nodes[it].next) {
		meta = ir_resolve(doc, ir_map_get(doc, ir_resolve(doc, it), "metadata"));
		ann = ir_resolve(doc, ir_map_get(doc, meta, "annotations"));
		key = ann && doc->nodes[ann].kind == IR_MAP ? doc->nodes[ann].first : 0;
		for (; key && doc->nodes[key].next; key = doc->nodes[doc->nodes[key].next].next) {
			name = ir_scalar(doc, key);
			value = ir_scalar(doc, ir_resolve(doc, doc->nodes[key].next));
			if (name && strncmp(name, INTERNAL, strlen(INTERNAL)) == 0)
				ir_buf_addf(b, "%s=%s;", name, value ? value : "~");
		}
		ir_buf_addc(b, '\n');
	}
	return 0;
}

int
ir_krm_check_internal(struct ir_krm *k, const char *before, size_t blen, const char *after,
    size_t alen)
{
	struct ir_buf a = IR_BUF_INIT, b = IR_BUF_INIT;
	int rc = 0;

	ir_krm_parse(before, blen, internal_of, &a);
	if (ir_krm_parse(after, alen, internal_of, &b) != 0 || a.len != b.len ||
	    (a.len && memcmp(a.data, b.data, a.len) != 0)) {
		ir_msg(IR_MSG_ERROR, k->name, 0, 0, "internal error: the edits would change "
		    "the items' " INTERNAL "* annotations; nothing changed");
		rc = -1;
	}
	ir_buf_free(&a);
	ir_buf_free(&b);
	return rc;
}
