/* Inserting keys and sequence items in the layout of the surrounding YAML. */
#include <string.h>

#include "imgreg/edit.h"
#include "imgreg/stream.h"
#include "imgreg/text.h"
#include "internal.h"

/* Returns where the line holding off starts, after a byte order mark (not indentation). */
static size_t
line_start(const struct ir_stream *s, size_t off)
{
	size_t ls = ir_text_line_start(s->data, off);

	if (off - ls >= 3 && memcmp(s->data + ls, "\xef\xbb\xbf", 3) == 0)
		ls += 3;
	return ls;
}

/* Returns the column (in bytes) of offset off on its line. */
static size_t
column(const struct ir_stream *s, size_t off)
{
	return off - line_start(s, off);
}

/*
 * Looks for the document's indentation step, sequence indentation and dash spacing in the
 * nodes not looked at yet (in document order: the first block mapping and sequence under a
 * key decide).
 */
static void
layout_scan(struct ir_doc *doc)
{
	const struct ir_stream *s = doc->stream;
	size_t i, kcol, ccol;
	ir_id key;

	for (i = doc->layout_from ? doc->layout_from : 1; i < doc->nnodes; i++) {
		const struct ir_node *n = &doc->nodes[i];
		size_t sp;

		if (doc->indent_step > 0 && doc->seq_indent >= 0)
			break;
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
	}
	doc->layout_from = i;
}

void
ir_edit_layout_note(struct ir_doc *doc)
{
	if (!doc->layout_known)
		layout_scan(doc);
}

/* Learns the document's layout once, with defaults for what it does not show. */
static void
learn_layout(struct ir_doc *doc)
{
	if (doc->layout_known)
		return;
	layout_scan(doc);
	doc->layout_known = true;
	if (doc->indent_step <= 0)
		doc->indent_step = 2;
	if (doc->seq_indent < 0)
		doc->seq_indent = doc->indent_step;
	if (doc->dash_space < 1)
		doc->dash_space = 1;
}

static void render_block_item(struct ir_doc *doc, struct ir_buf *b, const struct ir_val *v,
    size_t col, int dash_space);

/* True when an inserted value is a scalar (quoted as needed, or verbatim). */
static bool
is_scalar(const struct ir_val *v)
{
	return v->kind == IR_SCALAR || v->kind == IR_VERBATIM;
}

/* Appends a scalar value: verbatim text as it is, other text quoted when plain would not do. */
static void
write_scalar(struct ir_buf *b, const struct ir_val *v, bool flow)
{
	if (v->kind == IR_VERBATIM)
		ir_buf_adds(b, v->text);
	else
		ir_scalar_write(b, v->text, strlen(v->text), IR_PLAIN, flow);
}

/* Appends a value in flow style. */
static void
render_flow(struct ir_buf *b, const struct ir_val *v)
{
	size_t i;

	if (is_scalar(v)) {
		write_scalar(b, v, true);
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
	if (is_scalar(v) || v->n == 0) {
		ir_buf_addc(b, ' ');
		if (is_scalar(v))
			write_scalar(b, v, false);
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
	if (is_scalar(v)) {
		write_scalar(b, v, false);
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
 * Finds where a new entry goes after the last entry of a flow collection, which ends at from:
 * past the ':' or '?' an empty value leaves behind and past a trailing comma, before comments
 * and the closing bracket. Appends the separator the new entry needs to b.
 */
static size_t
flow_entry_end(const struct ir_stream *s, size_t from, struct ir_buf *b)
{
	const char *d = s->data;
	size_t p = from, at = from;
	char last = 0;

	while (p < s->len) {
		if (strchr(" \t\r\n", d[p]))
			p++;
		else if (d[p] == '#' && p > 0 && strchr(" \t\r\n", d[p - 1]))
			p = ir_text_line_end(d, s->len, p);
		else if (d[p] == ':' || d[p] == '?' || d[p] == ',') {
			last = d[p];
			at = ++p;
		} else
			break;
	}
	/* a trailing comma: the new entry goes after it */
	ir_buf_adds(b, last == ',' ? " " : last ? " , " : ", ");
	return at;
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

	if (c->last)
		pos = flow_entry_end(s, pos, &b);
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

/* True when node id is an empty value: nothing, "null" or "~" written plain. */
static bool
empty_value(const struct ir_doc *doc, ir_id id)
{
	const struct ir_node *n = &doc->nodes[id];

	return n->kind == IR_SCALAR && n->style == IR_PLAIN && !n->anchor && !n->tag &&
	    (!n->has_text || strcmp(n->text, "null") == 0 || strcmp(n->text, "~") == 0 ||
	    strcmp(n->text, "Null") == 0 || strcmp(n->text, "NULL") == 0);
}

/*
 * Fills the empty value id of a block mapping key with a block mapping holding key: val, or
 * (key NULL) a block sequence holding val, on new lines below its key. Returns -1 when the
 * value is not one that can be filled so.
 */
static int
fill_empty(struct ir_doc *doc, ir_id id, const char *key, const struct ir_val *val)
{
	struct ir_stream *s = doc->stream;
	const struct ir_node *n = &doc->nodes[id];
	ir_id k = ir_map_key_of(doc, id);
	struct ir_buf b = IR_BUF_INIT;
	size_t colon, col;

	if (k == 0 || doc->nodes[n->parent].style != IR_BLOCK)
		return -1;
	colon = doc->nodes[k].end + strspn(s->data + doc->nodes[k].end, " \t");
	if (s->data[colon] != ':' || (n->has_text && n->start < colon))
		return -1;
	learn_layout(doc);
	col = column(s, doc->nodes[k].start) +
	    (size_t)(key ? doc->indent_step : doc->seq_indent);
	ir_edits_note_insert(doc, id, 0, key, val, false);
	ir_buf_adds(&b, s->eol);
	ir_buf_addn(&b, ' ', col);
	if (key)
		render_block_pair(doc, &b, key, val, col);
	else
		render_block_item(doc, &b, val, col, doc->dash_space);
	ir_edit_splice(s, colon + 1, n->has_text ? n->end : colon + 1, b.data, b.len);
	ir_buf_free(&b);
	return 0;
}

int
ir_edit_map_insert(struct ir_doc *doc, ir_id map, ir_id before, const char *key,
    const struct ir_val *val)
{
	struct ir_stream *s = doc->stream;
	struct ir_node *m = &doc->nodes[map];
	struct ir_buf b = IR_BUF_INIT;
	size_t col, pos, ls;

	if (empty_value(doc, map))
		return fill_empty(doc, map, key, val);
	if (m->kind != IR_MAP)
		return -1;
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
		ls = line_start(s, pos);
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

	if (empty_value(doc, seq))
		return fill_empty(doc, seq, NULL, val);
	if (q->kind != IR_SEQ)
		return -1;
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
