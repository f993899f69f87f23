/* Inserting keys and sequence items in the layout of the surrounding YAML. */
#include <string.h>

#include "imgreg/edit.h"
#include "imgreg/stream.h"
#include "imgreg/text.h"
#include "internal.h"

/* Returns the column (in bytes) of offset off on its line. */
static size_t
column(const struct ir_stream *s, size_t off)
{
	return off - ir_text_line_start(s->data, off);
}

/* Learns the document's indentation step, sequence indentation and dash spacing once. */
static void
learn_layout(struct ir_doc *doc)
{
	const struct ir_stream *s = doc->stream;
	size_t i, kcol, ccol;
	ir_id key;

	if (doc->indent_step > 0)
		return;
	for (i = 1; i < doc->nnodes; i++) {
		const struct ir_node *n = &doc->nodes[i];
		size_t sp;

		if (n->style != IR_BLOCK || (key = ir_map_key_of(doc, (ir_id)i)) == 0)
			continue;
		kcol = column(s, doc->nodes[key].start);
		ccol = column(s, n->start);
		if (n->kind == IR_MAP && doc->indent_step <= 0 && ccol > kcol)
			doc->indent_step = (int)(ccol - kcol);
		if (n->kind == IR_SEQ && doc->seq_indent < 0 && ccol >= kcol) {
			doc->seq_indent = (int)(ccol - kcol);
			sp = strspn(s->data + n->start + 1, " ");
			if (sp > 0 && !strchr("\r\n#", s->data[n->start + 1 + sp]))
				doc->dash_space = (int)sp;
		}
		if (doc->indent_step > 0 && doc->seq_indent >= 0)
			break;
	}
	if (doc->indent_step <= 0)
		doc->indent_step = 2;
	if (doc->seq_indent < 0)
		doc->seq_indent = doc->indent_step;
	if (doc->dash_space < 1)
		doc->dash_space = 1;
}

static void render_block_item(struct ir_doc *doc, struct ir_buf *b, const struct ir_val *v,
    size_t col, int dash_space);

/* Appends a value in flow style. */
static void
render_flow(struct ir_buf *b, const struct ir_val *v)
{
	size_t i;

	if (v->kind == IR_SCALAR) {
		ir_scalar_write(b, v->text, strlen(v->text), IR_PLAIN, true);
		return;
	}
	ir_buf_addc(b, v->kind == IR_MAP ? '{' : '[');
	for (i = 0; i < v->n; i++) {
		if (i)
			ir_buf_adds(b, v->kind == IR_MAP && i % 2 ? ": " : ", ");
		render_flow(b, &v->items[i]);
	}
	ir_buf_addc(b, v->kind == IR_MAP ? '}' : ']');
}

/* Appends "key:" and its value in block style, the key being at column col. */
static void
render_block_pair(struct ir_doc *doc, struct ir_buf *b, const char *key,
    const struct ir_val *v, size_t col)
{
	const char *eol = doc->stream->eol;
	size_t i, sub;

	ir_scalar_write(b, key, strlen(key), IR_PLAIN, false);
	ir_buf_addc(b, ':');
	if (v->kind == IR_SCALAR || v->n == 0) {
		ir_buf_addc(b, ' ');
		if (v->kind == IR_SCALAR)
			ir_scalar_write(b, v->text, strlen(v->text), IR_PLAIN, false);
		else
			ir_buf_adds(b, v->kind == IR_MAP ? "{}" : "[]");
		return;
	}
	if (v->kind == IR_MAP) {
		sub = col + (size_t)doc->indent_step;
		for (i = 0; i + 1 < v->n; i += 2) {
			ir_buf_adds(b, eol);
			ir_buf_addn(b, ' ', sub);
			render_block_pair(doc, b, v->items[i].text, &v->items[i + 1], sub);
		}
		return;
	}
	sub = col + (size_t)doc->seq_indent;
	for (i = 0; i < v->n; i++) {
		ir_buf_adds(b, eol);
		ir_buf_addn(b, ' ', sub);
		render_block_item(doc, b, &v->items[i], sub, doc->dash_space);
	}
}

/* Appends "- item" in block style, the dash being at column col. */
static void
render_block_item(struct ir_doc *doc, struct ir_buf *b, const struct ir_val *v, size_t col,
    int dash_space)
{
	size_t i, sub = col + 1 + (size_t)dash_space;

	ir_buf_addc(b, '-');
	ir_buf_addn(b, ' ', (size_t)dash_space);
	if (v->kind == IR_SCALAR) {
		ir_scalar_write(b, v->text, strlen(v->text), IR_PLAIN, false);
		return;
	}
	if (v->n == 0) {
		render_flow(b, v);
		return;
	}
	for (i = 0; i < v->n; i++) {
		if (i) {
			ir_buf_adds(b, doc->stream->eol);
			ir_buf_addn(b, ' ', sub);
		}
		if (v->kind == IR_MAP) {
			render_block_pair(doc, b, v->items[i].text, &v->items[i + 1], sub);
			i++;
		} else
			render_block_item(doc, b, &v->items[i], sub, dash_space);
	}
}

/*
 * Inserts "item" or "key: value" into a flow collection: right after its last entry (before
 * any trailing comma or comment), or after the opening bracket when it is empty.
 */
static void
flow_append(struct ir_doc *doc, ir_id coll, const char *key, const struct ir_val *val)
{
	struct ir_stream *s = doc->stream;
	struct ir_buf b = IR_BUF_INIT;
	const struct ir_node *c = &doc->nodes[coll];
	size_t pos = c->last ? doc->nodes[c->last].end : c->start + 1;

	if (c->last) {
		size_t p = pos + strspn(s->data + pos, " \t");

		if (s->data[p] == ',') {	/* a trailing comma: the new entry goes after it */
			pos = p + 1;
			ir_buf_addc(&b, ' ');
		} else
			ir_buf_adds(&b, ", ");
	}
	if (key) {
		ir_scalar_write(&b, key, strlen(key), IR_PLAIN, true);
		ir_buf_adds(&b, ": ");
	}
	render_flow(&b, val);
	ir_edit_splice(s, pos, pos, b.data, b.len);
	ir_buf_free(&b);
}

/* Returns where a new line goes after node id: the end of the line holding its end. */
static size_t
after_line(const struct ir_stream *s, const struct ir_node *n)
{
	return ir_text_line_end(s->data, s->len, n->end);
}

int
ir_edit_map_insert(struct ir_doc *doc, ir_id map, ir_id before, const char *key,
    const struct ir_val *val)
{
	struct ir_stream *s = doc->stream;
	struct ir_node *m = &doc->nodes[map];
	struct ir_buf b = IR_BUF_INIT;
	size_t col, pos, ls;

	/* a single pair in a flow sequence ("[a: 1]") has no braces to insert into */
	if (m->style == IR_FLOW && s->data[m->start] != '{')
		return -1;
	ir_edits_note_insert(doc, map, before, key, val, m->style == IR_FLOW);
	if (m->style == IR_FLOW && before == 0) {
		flow_append(doc, map, key, val);
		return 0;
	}
	if (m->style == IR_FLOW) {
		ir_scalar_write(&b, key, strlen(key), IR_PLAIN, true);
		ir_buf_adds(&b, ": ");
		render_flow(&b, val);
		ir_buf_adds(&b, ", ");
		pos = doc->nodes[before].start;
		ir_edit_splice(s, pos, pos, b.data, b.len);
		ir_buf_free(&b);
		return 0;
	}
	learn_layout(doc);
	col = column(s, m->start);
	if (before) {
		pos = doc->nodes[before].start;
		ls = ir_text_line_start(s->data, pos);
		if (strspn(s->data + ls, " \t") >= pos - ls) {
			pos = ls;
			ir_buf_addn(&b, ' ', col);
			render_block_pair(doc, &b, key, val, col);
			ir_buf_adds(&b, s->eol);
		} else {
			render_block_pair(doc, &b, key, val, col);
			ir_buf_adds(&b, s->eol);
			ir_buf_addn(&b, ' ', col);
		}
	} else {
		pos = after_line(s, &doc->nodes[m->last]);
		ir_buf_adds(&b, s->eol);
		ir_buf_addn(&b, ' ', col);
		render_block_pair(doc, &b, key, val, col);
	}
	ir_edit_splice(s, pos, pos, b.data, b.len);
	ir_buf_free(&b);
	return 0;
}

int
ir_edit_seq_append(struct ir_doc *doc, ir_id seq, const struct ir_val *val)
{
	struct ir_stream *s = doc->stream;
	struct ir_node *q = &doc->nodes[seq];
	struct ir_buf b = IR_BUF_INIT;
	size_t col, pos;
	int dash_space = 1;

	ir_edits_note_insert(doc, seq, 0, NULL, val, q->style == IR_FLOW);
	if (q->style == IR_FLOW) {
		flow_append(doc, seq, NULL, val);
		return 0;
	}
	learn_layout(doc);
	col = column(s, q->start);
	dash_space = (int)strspn(s->data + q->start + 1, " ");
	if (dash_space < 1 || strchr("\r\n#", s->data[q->start + 1 + (size_t)dash_space]))
		dash_space = doc->dash_space;
	pos = after_line(s, &doc->nodes[q->last]);
	ir_buf_adds(&b, s->eol);
	ir_buf_addn(&b, ' ', col);
	render_block_item(doc, &b, val, col, dash_space);
	ir_edit_splice(s, pos, pos, b.data, b.len);
	ir_buf_free(&b);
	return 0;
}
