/* KRM results written into the ResourceList through the editing core, so they are verified. */
#include <stdio.h>
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

/* The values of one result: its pairs, the mappings nested in them and their texts. */
struct result_vals {
	struct ir_val pairs[10];	/* message, severity, resourceRef, field, file */
	struct ir_val ref[8];
	struct ir_val field[2];
	struct ir_val file[4];
	char *message;
	char index[24];
};

static const char *const ref_keys[] = { "apiVersion", "kind", "name", "namespace" };

/* Adds "key: text" to the pairs at v, counting in *n; kind is IR_SCALAR or IR_VERBATIM. */
static void
pair(struct ir_val *v, size_t *n, const char *key, const char *text, enum ir_kind kind)
{
	v[*n] = (struct ir_val){ .kind = IR_SCALAR, .text = key };
	v[*n + 1] = (struct ir_val){ .kind = kind, .text = text };
	*n += 2;
}

/* Adds "key: {the nsub values at sub}" to the pairs at v. */
static void
sub_map(struct ir_val *v, size_t *n, const char *key, const struct ir_val *sub, size_t nsub)
{
	v[*n] = (struct ir_val){ .kind = IR_SCALAR, .text = key };
	v[*n + 1] = (struct ir_val){ .kind = IR_MAP, .items = sub, .n = nsub };
	*n += 2;
}

/* Returns the message text: prefixed with its position unless it is about standard input. */
static char *
message(const struct ir_krm_msg *m, const char *stdin_name)
{
	struct ir_buf b = IR_BUF_INIT;

	if (m->file && strcmp(m->file, stdin_name) != 0 && m->line)
		ir_buf_addf(&b, "%s:%lu:%lu: ", m->file, m->line, m->col);
	else if (m->file && strcmp(m->file, stdin_name) != 0)
		ir_buf_addf(&b, "%s: ", m->file);
	ir_buf_adds(&b, m->text);
	return ir_buf_detach(&b, NULL);
}

/* Writes the file index as a plain integer into r->index; false when it is not a number. */
static bool
index_of(struct result_vals *r, const char *index)
{
	char *end;
	unsigned long n;

	if (index == NULL || *index < '0' || *index > '9')
		return false;
	n = strtoul(index, &end, 10);
	if (*end != '\0')
		return false;
	snprintf(r->index, sizeof(r->index), "%lu", n);
	return true;
}

/* Fills r and the mapping *map with the result of message m. */
static void
build(struct result_vals *r, const struct ir_krm_msg *m, const char *stdin_name,
    struct ir_val *map)
{
	size_t n = 0, nref = 0, nfield = 0, nfile = 0, i;

	r->message = message(m, stdin_name);
	pair(r->pairs, &n, "message", r->message, IR_SCALAR);
	pair(r->pairs, &n, "severity", m->level == IR_MSG_ERROR ? "error" : "warning", IR_SCALAR);
	for (i = 0; m->ref[1] && i < 4; i++)
		if (m->ref[i])
			pair(r->ref, &nref, ref_keys[i], m->ref[i], IR_SCALAR);
	if (nref)
		sub_map(r->pairs, &n, "resourceRef", r->ref, nref);
	if (m->field) {
		pair(r->field, &nfield, "path", m->field, IR_SCALAR);
		sub_map(r->pairs, &n, "field", r->field, nfield);
	}
	if (m->path) {
		pair(r->file, &nfile, "path", m->path, IR_SCALAR);
		if (index_of(r, m->index))
			pair(r->file, &nfile, "index", r->index, IR_VERBATIM);
		sub_map(r->pairs, &n, "file", r->file, nfile);
	}
	*map = (struct ir_val){ .kind = IR_MAP, .items = r->pairs, .n = n };
}

/* Appends the results (ctx, a sequence value) to the ResourceList's `results` list. */
static int
insert(struct ir_doc *doc, void *ctx)
{
	const struct ir_val *list = ctx;
	ir_id root = ir_resolve(doc, doc->root), seq;
	size_t i;

	if (doc->stream->depth > 0 || doc->index > 0 || root == 0 ||
	    doc->nodes[root].kind != IR_MAP)
		return 0;
	if (ir_map_get(doc, root, "results") == 0) {
		if (ir_edit_map_insert(doc, root, 0, "results", list) == 0)
			return 0;
	} else if ((seq = ir_resolve(doc, ir_map_get(doc, root, "results"))) != 0 &&
	    doc->nodes[seq].kind == IR_SEQ) {
		for (i = 0; i < list->n; i++)
			ir_edit_seq_append(doc, seq, &list->items[i]);
		return 0;
	}
	ir_msg(IR_MSG_ERROR, doc->stream->name, 0, 0, "cannot add results: 'results' is not a "
	    "list");
	return IR_EXIT_INPUT;
}

int
ir_krm_add_results(struct ir_krm *k, const char *text, size_t len, struct ir_buf *out)
{
	struct result_vals *r = ir_xcalloc(k->nmsgs, sizeof(*r));
	struct ir_val *maps = ir_xcalloc(k->nmsgs, sizeof(*maps));
	struct ir_val list = { .kind = IR_SEQ, .items = maps, .n = k->nmsgs };
	struct ir_filter f = { .doc_fn = insert, .ctx = &list, .verify = true };
	char *copy = ir_xmalloc(len + 1);
	struct ir_result res;
	struct ir_stream s;
	size_t i;
	int rc;

	memcpy(copy, text, len);
	copy[len] = '\0';
	for (i = 0; i < k->nmsgs; i++)
		build(&r[i], &k->msgs[i], k->name, &maps[i]);
	ir_stream_init(&s, k->name, copy, len, true);
	ir_krm_quiet(true);
	rc = ir_process(&s, &f, out, &res);
	ir_krm_quiet(false);
	if (res.parse_error)
		ir_msg(IR_MSG_ERROR, k->name, 0, 0, "internal error: cannot add results: %s",
		    res.err);
	if (rc == 0 && !res.changed)
		ir_buf_add(out, text, len);
	ir_stream_release(&s);
	for (i = 0; i < k->nmsgs; i++)
		free(r[i].message);
	free(r);
	free(maps);
	free(copy);
	return rc;
}
