/* Inserting keys and sequence items in the layout of the surrounding YAML. */
#include <string.h>

#include "imgreg/edit.h"
#include "imgreg/stream.h"
#include "imgreg/text.h"
#include "imgreg/verify.h"
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

/*
 * Proving a pair inserted into a block mapping inert (edit.h, ir_edit_pair_inert()). The pair
 * goes on new lines right after the line where a value of the mapping ends, its key at the
 * column of that value's key, which starts its line after spaces and "- " only. Its lines are
 * then read as a new pair of that mapping: every collection open inside the value before is
 * deeper and closes, and the line that followed (the next key at the same column, or a line
 * indented less, or a document marker) reads as it read before. What the pair reads as is not
 * reasoned about but parsed: its text with the column taken off must read alone as the pair,
 * as edit.c hashes it (ir_edits_pair_hash()).
 */

/* True for bytes [from, to) of blanks, then nothing or a comment. */
static bool
only_comment(const char *d, size_t from, size_t to)
{
	size_t p = from;

	while (p < to && (d[p] == ' ' || d[p] == '\t'))
		p++;
	return p == to || (d[p] == '#' && p > from);
}

/* Returns the innermost last node of id: its last child's, down through block collections. */
static const struct ir_node *
deepest_last(const struct ir_doc *doc, ir_id id)
{
	const struct ir_node *n = &doc->nodes[id];

	while ((n->kind == IR_MAP || n->kind == IR_SEQ) && n->style == IR_BLOCK && n->last)
		n = &doc->nodes[n->last];
	return n;
}

/*
 * True when block scalar n, whose last line with text ends at pos, may have more of its value
 * after pos: it keeps its trailing line breaks ("|+"), gives its indentation ("|2", so that a
 * line of spaces after it may be text), or lines of spaces follow before the next line with
 * text (fuzz_edit found one read as the scalar's). Only empty lines are sure to be nothing.
 */
static bool
block_goes_on(const struct ir_stream *s, const struct ir_node *n, size_t pos)
{
	const char *d = s->data;
	bool explicit_indent;
	char chomp;

	ir_block_indicators(d, n->start, &chomp, &explicit_indent);
	if (chomp == '+' || explicit_indent)
		return true;
	while (pos < s->len) {
		pos += d[pos] == '\r' ? 2 : 1;
		if (pos < s->len && d[pos] != '\n' && d[pos] != '\r')
			return strchr(" \t", d[pos]) != NULL &&
			    strspn(d + pos, " \t") == ir_text_line_end(d, s->len, pos) - pos;
	}
	return false;
}

/*
 * True when the first line from off on that holds more than spaces or a comment is indented
 * less than col, or is a document marker, or there is none. A tab first on a line is not
 * looked into: not shown.
 */
static bool
next_line_closes(const struct ir_stream *s, size_t off, size_t col)
{
	const char *d = s->data;
	size_t sp;

	while (off < s->len) {
		for (sp = 0; off + sp < s->len && d[off + sp] == ' '; sp++)
			;
		if (off + sp == s->len)
			return true;
		if (d[off + sp] == '\t')
			return false;
		if (!strchr("\r\n#", d[off + sp]))
			return sp < col || (sp == 0 && ir_text_marker(s->data, s->len, off));
		off = ir_text_line_end(d, s->len, off + sp);
		off += off < s->len && d[off] == '\r' ? 2 : 1;
	}
	return true;
}

/* True when every scalar of v is one line without a template. */
static bool
one_line_val(const struct ir_val *v)
{
	size_t i;

	if (v->kind == IR_SCALAR || v->kind == IR_VERBATIM)
		return strpbrk(v->text, "\r\n") == NULL && strstr(v->text, "{{") == NULL;
	for (i = 0; i < v->n; i++)
		if (!one_line_val(&v->items[i]))
			return false;
	return true;
}

/*
 * True when text, lines whose first col bytes are spaces, reads alone with those bytes taken
 * off as the document "key: val".
 */
static bool
reads_as_pair(const char *text, size_t len, size_t col, const char *key,
    const struct ir_val *val, bool flow)
{
	struct ir_buf alone = IR_BUF_INIT;
	struct ir_range all;
	size_t p = 0, le;
	uint64_t want = ir_edits_pair_hash(key, val, flow);
	char err[64];
	bool ok;

	while (p < len) {
		if (len - p < col || strspn(text + p, " ") < col) {
			ir_buf_free(&alone);
			return false;
		}
		le = ir_text_line_end(text, len, p);
		le = le < len ? le + (text[le] == '\r' ? 2 : 1) : len;
		ir_buf_add(&alone, text + p + col, le - p - col);
		p = le;
	}
	if (!ir_proof_known(alone.data, alone.len, want, &ok)) {
		all.start = 0;
		all.end = alone.len;
		ok = ir_verify_check(alone.data, alone.len, &want, 1, &all, 1, err,
		    sizeof(err)) == 0;
		ir_proof_keep(alone.data, alone.len, want, ok);
	}
	ir_buf_free(&alone);
	return ok;
}

/* True when bytes [from, to) are spaces and dashes that start sequence items ("- "). */
static bool
dashes_only(const char *d, size_t from, size_t to)
{
	for (; from < to; from++)
		if (d[from] != ' ' && (d[from] != '-' || d[from + 1] != ' '))
			return false;
	return true;
}

/*
 * True when no line at its key's column or less can go on with node n, the last before the
 * new lines. libfyaml is lenient and takes a value below its key at the key's own column, and
 * a block scalar's lines there too (fuzz_edit found keys added after such values read into
 * them), so: a sequence item is a plain scalar alone on its dash's line; a value in a mapping
 * starts on its key's line or on a line indented more, and an empty one is on its key's line
 * without a tag or anchor; a plain scalar's lines below its key are indented more than the
 * key, and so is a block scalar's first line with text (one without any is not closed).
 */
static bool
value_closed(const struct ir_doc *doc, const struct ir_node *n)
{
	const char *d = doc->stream->data;
	const struct ir_node *p = ir_node(doc, n->parent);
	size_t len = doc->stream->len, kline, kcol, at, le, sp;
	bool block = n->style == IR_LITERAL || n->style == IR_FOLDED;
	ir_id k;

	if (p == NULL || p->kind != IR_MAP || (k = ir_map_key_of(doc, (ir_id)(n - doc->nodes))) == 0) {
		at = ir_text_line_start(d, n->start);
		return p != NULL && p->kind == IR_SEQ && n->kind == IR_SCALAR &&
		    n->style == IR_PLAIN && n->end > n->start && !n->tag && !n->anchor &&
		    at == ir_text_line_start(d, n->end - 1) && dashes_only(d, at, n->start) &&
		    n->start >= at + 2 && d[n->start - 2] == '-';
	}
	kline = ir_text_line_start(d, doc->nodes[k].start);
	kcol = doc->nodes[k].start - kline;
	if (n->end <= n->start)
		return !n->tag && !n->anchor && ir_text_line_start(d, n->start) == kline;
	at = ir_text_line_start(d, n->start);
	if (at != kline && strspn(d + at, " ") <= kcol)
		return false;
	if (n->kind != IR_SCALAR || (n->style != IR_PLAIN && !block))
		return true;	/* an end of its own: a bracket, a quote, an alias's name */
	if (n->style == IR_PLAIN && ir_text_line_start(d, n->end - 1) == kline)
		return true;
	/* each line below the key's with text, up to the scalar's last (for a block scalar,
	 * its first: the lines after it are indented as much) */
	at = ir_text_line_end(d, len, kline);
	while (at < len && at < n->end) {
		at += d[at] == '\r' ? 2 : 1;
		le = ir_text_line_end(d, len, at);
		for (sp = 0; at + sp < le && d[at + sp] == ' '; sp++)
			;
		if (at + sp < le) {
			if (sp <= kcol)
				return false;
			if (block)
				return true;
		}
		at = le;
	}
	/* a block scalar without a line of text takes the indentation of the lines after it */
	return !block;
}

/*
 * True when bytes [from, to) hold a CR that is not followed by LF: a line break to YAML, not
 * to the line functions here (fuzz_edit found one).
 */
static bool
lone_cr(const struct ir_stream *s, size_t from, size_t to)
{
	const char *p = s->data + from, *end = s->data + to;

	while (p < end && (p = memchr(p, '\r', (size_t)(end - p))) != NULL) {
		if (p + 1 >= s->data + s->len || p[1] != '\n')
			return true;
		p += 2;
	}
	return false;
}

/*
 * True when key node k starts its line at column col, after nothing but spaces and "- ", and
 * is an implicit key: its ':' follows on its line (not the content of a "?" on the line
 * above, which fuzz_edit found).
 */
static bool
key_line_at(const struct ir_stream *s, const struct ir_node *k, size_t col)
{
	size_t ls = line_start(s, k->start), i = k->end;

	while (i < s->len && (s->data[i] == ' ' || s->data[i] == '\t'))
		i++;
	if (i >= s->len || s->data[i] != ':')
		return false;
	return k->start - ls == col && dashes_only(s->data, ls, k->start);
}

/*
 * True when a line in [from, to) starts, after spaces and "- ", with an explicit key: '?' and
 * a blank or the line's end. libfyaml 0.7.12 reads "?" then a line without ':' at its column
 * as a pair when the mapping ends there, which YAML (and libyaml, and kubectl) refuses, and
 * refuses it with a pair after it (fuzz_edit found a root key appended after one).
 */
static bool
explicit_key_in(const char *d, size_t from, size_t to)
{
	const char *q;
	size_t p;

	for (q = memchr(d + from, '?', to - from); q; q = memchr(q + 1, '?', (size_t)(d + to - q - 1))) {
		p = (size_t)(q - d);
		if ((p + 1 == to || strchr(" \t\r\n", d[p + 1])) &&
		    dashes_only(d, ir_text_line_start(d, p), p))
			return true;
	}
	return false;
}

/* Returns the value before key `before` of mapping m (its last value for 0), or 0: none. */
static ir_id
value_before(const struct ir_doc *doc, const struct ir_node *m, ir_id before)
{
	ir_id id, prev = 0;

	if (before == 0)
		return m->last;
	for (id = m->first; id && id != before; id = doc->nodes[id].next)
		prev = id;
	return id == before ? prev : 0;
}

bool
ir_edit_pair_inert(const struct ir_doc *doc, ir_id map, ir_id before, size_t pos,
    const char *text, size_t len, const char *key, const struct ir_val *val, bool flow)
{
	const struct ir_stream *s = doc->stream;
	const struct ir_node *m = &doc->nodes[map], *last;
	size_t eol = strlen(s->eol), col, next;
	ir_id prev, k;

	if (m->kind != IR_MAP || m->style != IR_BLOCK || m->anchor || m->tag ||
	    strpbrk(key, "\r\n{") != NULL || !one_line_val(val) || len < eol ||
	    memcmp(text, s->eol, eol) != 0 || (prev = value_before(doc, m, before)) == 0 ||
	    (k = ir_map_key_of(doc, prev)) == 0)
		return false;
	/* the key before starts its line at the column the new key is written at */
	col = column(s, doc->nodes[k].start);
	if (doc->nodes[k].end <= doc->nodes[k].start || !key_line_at(s, &doc->nodes[k], col) ||
	    len - eol <= col ||
	    strspn(text + eol, " ") != col)
		return false;
	/* the value before ends on the line the new lines follow; a block scalar's kept line
	 * breaks, or the break the new lines give one that ended the text without one, would be
	 * its value */
	last = deepest_last(doc, prev);
	if ((last->style == IR_LITERAL || last->style == IR_FOLDED) &&
	    (pos == s->len || block_goes_on(s, last, pos)))
		return false;
	if (!value_closed(doc, last))
		return false;
	if (after_line(s, last) != pos || !only_comment(s->data, last->end, pos) ||
	    explicit_key_in(s->data, line_start(s, doc->nodes[k].start), pos))
		return false;
	/* what follows is the key the pair goes before, or closes the mapping */
	next = pos < s->len ? pos + (s->data[pos] == '\r' ? 2 : 1) : pos;
	if (lone_cr(s, line_start(s, doc->nodes[k].start), ir_text_line_end(s->data, s->len, next)))
		return false;
	if (before ? doc->nodes[before].start != next + col ||
	    !key_line_at(s, &doc->nodes[before], col) : !next_line_closes(s, next, col))
		return false;
	return reads_as_pair(text + eol, len - eol, col, key, val, flow);
}

void
ir_edit_pair_before(struct ir_doc *doc, ir_id map, ir_id before, const char *pair, size_t len,
    const char *key, const struct ir_val *val, bool flow)
{
	struct ir_stream *s = doc->stream;
	struct ir_buf b = IR_BUF_INIT;
	size_t pos = doc->nodes[before].start, ls = line_start(s, pos);
	size_t col = column(s, doc->nodes[map].start);

	if (strspn(s->data + ls, " \t") < pos - ls) {
		/* the key does not start its line: the pair goes right before it */
		ir_buf_add(&b, pair, len);
		ir_buf_adds(&b, s->eol);
		ir_buf_addn(&b, ' ', col);
		ir_edit_splice(s, pos, pos, b.data, b.len);
	} else if (ls == 0 || s->data[ls - 1] != '\n') {
		/* the first line of the text */
		ir_buf_addn(&b, ' ', col);
		ir_buf_add(&b, pair, len);
		ir_buf_adds(&b, s->eol);
		ir_edit_splice(s, ls, ls, b.data, b.len);
	} else {
		/* after the line above: the splice starts with its line break, as appends do */
		pos = ls - 1;
		if (pos > 0 && s->data[pos - 1] == '\r')
			pos--;
		ir_buf_adds(&b, s->eol);
		ir_buf_addn(&b, ' ', col);
		ir_buf_add(&b, pair, len);
		if (ir_edit_pair_inert(doc, map, before, pos, b.data, b.len, key, val, flow))
			ir_edit_splice_inert(s, pos, pos, b.data, b.len);
		else
			ir_edit_splice(s, pos, pos, b.data, b.len);
	}
	ir_buf_free(&b);
}

int
ir_edit_map_insert(struct ir_doc *doc, ir_id map, ir_id before, const char *key,
    const struct ir_val *val)
{
	struct ir_stream *s = doc->stream;
	struct ir_node *m = &doc->nodes[map];
	struct ir_buf b = IR_BUF_INIT;
	size_t col, pos;

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
		render_block_pair(doc, &b, key, val, col);
		ir_edit_pair_before(doc, map, before, b.data, b.len, key, val, false);
		ir_buf_free(&b);
		return 0;
	} else {
		pos = after_line(s, &doc->nodes[m->last]);
		ir_buf_adds(&b, s->eol);
		ir_buf_addn(&b, ' ', col);
		render_block_pair(doc, &b, key, val, col);
		if (ir_edit_pair_inert(doc, map, 0, pos, b.data, b.len, key, val, false)) {
			ir_edit_splice_inert(s, pos, pos, b.data, b.len);
			ir_buf_free(&b);
			return 0;
		}
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
