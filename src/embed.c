/* Decoding a scalar's source with an offset map, and writing edits back in its style. */
#include <stdlib.h>
#include <string.h>

#include "imgreg/buf.h"
#include "imgreg/edit.h"
#include "imgreg/embed.h"
#include "imgreg/offmap.h"
#include "imgreg/stream.h"
#include "imgreg/text.h"
#include "internal.h"

/* Decoded text and where each of its bytes came from in the source. */
struct decoded {
	struct ir_buf text;
	struct ir_offmap map;
	size_t indent;		/* block scalars: content indentation */
};

/* Appends n bytes of decoded text that all come from the source unit [at, end). */
static void
put_unit(struct decoded *d, const char *p, size_t n, size_t at, size_t end)
{
	ir_buf_add(&d->text, p, n);
	ir_offmap_unit(&d->map, n, at, end);
}

/* Appends n bytes of decoded text, all mapped to the source byte at. */
static void
put(struct decoded *d, const char *p, size_t n, size_t at)
{
	put_unit(d, p, n, at, at + 1);
}

/* Appends source bytes [from, to) as they are, each mapped to itself. */
static void
copy(struct decoded *d, const char *src, size_t from, size_t to)
{
	ir_buf_add(&d->text, src + from, to - from);
	ir_offmap_copy(&d->map, to - from, from);
}

/* Drops the last decoded byte. */
static void
drop_last(struct decoded *d)
{
	d->text.data[--d->text.len] = '\0';
	ir_offmap_truncate(&d->map, d->text.len);
}

/* Parses a block scalar header at h; returns the offset of its first content line. */
static size_t
block_header(const char *src, size_t len, size_t h, char *chomp, bool *explicit_indent)
{
	size_t p = ir_block_indicators(src, h, chomp, explicit_indent);

	p = ir_text_line_end(src, len, p);
	if (p < len && src[p] == '\r')
		p++;
	return p < len ? p + 1 : len;
}

/* Returns the indentation of the first non-blank line in [p, end). */
static size_t
first_indent(const char *src, size_t p, size_t end)
{
	while (p < end) {
		size_t sp = strspn(src + p, " ");

		if (src[p + sp] != '\n' && src[p + sp] != '\r')
			return sp;
		p = ir_text_line_end(src, end, p);
		p += src[p] == '\r' ? 2 : 1;
	}
	return 0;
}

/* Emits the line breaks between two content lines of a folded scalar. */
static void
fold_breaks(struct decoded *d, const size_t *brk, size_t nbrk, bool spaced)
{
	size_t i;

	if (nbrk == 0)
		return;
	if (spaced) {
		for (i = 0; i < nbrk; i++)
			put(d, "\n", 1, brk[i]);
	} else if (nbrk == 1)
		put(d, " ", 1, brk[0]);
	else
		for (i = 1; i < nbrk; i++)
			put(d, "\n", 1, brk[i]);
}

/*
 * True when the line [p, le) is not one the decoders handle: it holds a lone CR (a line break
 * to the parser, not to ir_text_line_end()), or it has text but less indentation than the
 * block's.
 */
static bool
odd_line(const char *src, size_t p, size_t le, size_t sp, size_t indent)
{
	return memchr(src + p, '\r', le - p) != NULL || (p + sp < le && sp < indent);
}

/* Decodes the lines of a literal block scalar, each with its line break; returns -1 when
 * its form is not handled. */
static int
decode_literal(const char *src, size_t len, size_t p, size_t end, struct decoded *d)
{
	size_t le, sp;

	while (p < end) {
		le = ir_text_line_end(src, len, p);
		sp = strspn(src + p, " ");
		if (odd_line(src, p, le, sp, d->indent))
			return -1;
		if ((p + sp < le || sp > d->indent) && le < len && src[le] == '\n')
			copy(d, src, p + d->indent, le + 1);	/* the line and its break, at once */
		else {
			if (p + sp < le || sp > d->indent)
				copy(d, src, p + d->indent, le);
			put(d, "\n", 1, le);
		}
		p = le < len ? le + (src[le] == '\r' ? 2 : 1) : len;
	}
	return 0;
}

/* Decodes the lines of a folded block scalar; returns -1 when its form is not handled. */
static int
decode_folded(const char *src, size_t len, size_t p, size_t end, struct decoded *d)
{
	size_t le, sp, brk[64], nbrk = 0, i;
	bool prev_spaced = false, any = false, spaced;

	while (p < end) {
		le = ir_text_line_end(src, len, p);
		sp = strspn(src + p, " ");
		if (odd_line(src, p, le, sp, d->indent))
			return -1;
		if (p + sp >= le) {		/* a blank line */
			if (sp > d->indent || nbrk == sizeof(brk) / sizeof(brk[0]))
				return -1;
			brk[nbrk++] = le;
		} else {
			spaced = sp > d->indent || src[p + sp] == '\t';
			if (!any)
				for (i = 0; i < nbrk; i++)
					put(d, "\n", 1, brk[i]);
			else
				fold_breaks(d, brk, nbrk, spaced || prev_spaced);
			copy(d, src, p + d->indent, le);
			nbrk = 0;
			brk[nbrk++] = le;
			prev_spaced = spaced;
			any = true;
		}
		p = le < len ? le + (src[le] == '\r' ? 2 : 1) : len;
	}
	if (any)
		put(d, "\n", 1, brk[0]);
	return 0;
}

/* Decodes a literal or folded block scalar; returns -1 when its form is not handled. */
static int
decode_block(const struct ir_stream *s, const struct ir_node *n, struct decoded *d)
{
	const char *src = s->orig;
	size_t p;
	bool explicit_indent;
	char chomp;

	p = block_header(src, s->len, n->start, &chomp, &explicit_indent);
	if (explicit_indent || chomp == '+')
		return -1;
	d->indent = first_indent(src, p, n->end);
	if ((n->style == IR_LITERAL ? decode_literal(src, s->len, p, n->end, d) :
	    decode_folded(src, s->len, p, n->end, d)) != 0)
		return -1;
	if (chomp == '-' && d->text.len && d->text.data[d->text.len - 1] == '\n')
		drop_last(d);
	return 0;
}

/*
 * Appends the bytes of the escape at src[p] (after the backslash) to text; returns the
 * escape's length or 0.
 */
static size_t
decode_escape(struct ir_buf *text, const char *src, size_t p)
{
	static const char simple[] = "0\0a\ab\bt\tn\nv\vf\fr\re\033  \"\"//\\\\";
	const char *q;
	unsigned long cp = 0;
	size_t digits, i;
	char u[4];

	for (q = simple; q < simple + sizeof(simple) - 1; q += 2)
		if (q[0] == src[p]) {
			ir_buf_add(text, q + 1, 1);
			return 1;
		}
	digits = src[p] == 'x' ? 2 : src[p] == 'u' ? 4 : src[p] == 'U' ? 8 : 0;
	if (digits == 0)
		return 0;	/* \N \_ \L \P and others: not handled, the caller bails */
	for (i = 1; i <= digits; i++) {
		char c = src[p + i];

		if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')))
			return 0;
		cp = cp * 16 + (unsigned long)(c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10);
	}
	if (cp < 0x80) {
		u[0] = (char)cp;
		ir_buf_add(text, u, 1);
	} else if (cp < 0x800) {
		u[0] = (char)(0xc0 | cp >> 6);
		u[1] = (char)(0x80 | (cp & 0x3f));
		ir_buf_add(text, u, 2);
	} else if (cp < 0x10000) {
		u[0] = (char)(0xe0 | cp >> 12);
		u[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		u[2] = (char)(0x80 | (cp & 0x3f));
		ir_buf_add(text, u, 3);
	} else {
		u[0] = (char)(0xf0 | cp >> 18);
		u[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
		u[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
		u[3] = (char)(0x80 | (cp & 0x3f));
		ir_buf_add(text, u, 4);
	}
	return digits + 1;
}

/* Folds a line break inside a quoted scalar at src[p]; returns the offset after it. */
static size_t
fold_quoted(struct decoded *d, const char *src, size_t end, size_t p)
{
	size_t nbrk = 0, first = p;

	while (d->text.len > 0 && (d->text.data[d->text.len - 1] == ' ' ||
	    d->text.data[d->text.len - 1] == '\t') &&
	    strchr(" \t", src[ir_offmap_start(&d->map, d->text.len - 1)]))
		drop_last(d);
	while (p < end && strchr(" \t\r\n", src[p])) {
		if (src[p] == '\n')
			nbrk++;
		p++;
	}
	if (nbrk == 1)
		put(d, " ", 1, first);
	while (nbrk-- > 1)
		put(d, "\n", 1, first);
	return p;
}

/* Decodes a single- or double-quoted scalar; returns -1 when its form is not handled. */
static int
decode_quoted(const struct ir_stream *s, const struct ir_node *n, struct decoded *d)
{
	const char *src = s->orig;
	size_t p = n->start + 1, end = n->end - 1, k;
	bool dq = n->style == IR_DOUBLE;

	while (p < end) {
		if (src[p] == '\r' || src[p] == '\n') {
			p = fold_quoted(d, src, end, p);
		} else if (!dq && src[p] == '\'' && src[p + 1] == '\'') {
			put_unit(d, "'", 1, p, p + 2);
			p += 2;
		} else if (dq && src[p] == '\\' && (src[p + 1] == '\n' || src[p + 1] == '\r')) {
			p++;
			while (p < end && strchr(" \t\r\n", src[p]))
				p++;
		} else if (dq && src[p] == '\\') {
			size_t mark = d->text.len;

			if ((k = decode_escape(&d->text, src, p + 1)) == 0)
				return -1;
			ir_offmap_unit(&d->map, d->text.len - mark, p, p + k + 1);
			p += k + 1;
		} else {
			put(d, src + p, 1, p);
			p++;
		}
	}
	return 0;
}

/* True when decoded byte i comes from a masked template of s. */
static bool
templated_byte(const struct ir_stream *s, const struct ir_offmap *map, size_t i)
{
	size_t at = ir_offmap_start(map, i);

	return ir_stream_templated(s, at, at + 1);
}

/*
 * Checks the decoding against libfyaml's value of the scalar, which was read with templates
 * masked: the decoded bytes that come from a masked template are compared as masked.
 */
static bool
same_as_parsed(const struct ir_stream *s, const struct ir_node *n, const struct decoded *d)
{
	size_t i;

	if (d->text.len != n->text_len)
		return false;
	/* equal, masked templates and all, unless the templates were given back meanwhile */
	if (memcmp(d->text.data, n->text, n->text_len) == 0)
		return true;
	if (!ir_stream_templated(s, n->start, n->end))
		return false;
	for (i = 0; i < d->text.len; i++)
		if (d->text.data[i] != n->text[i] && !(n->text[i] == 'x' &&
		    templated_byte(s, &d->map, i)))
			return false;
	return true;
}

/*
 * Puts back the bytes of templates that the outer stream masks into the decoded text. A
 * template's bytes are always copied one for one (a mask lies on one line and its masked bytes
 * are all 'x'), so the copied runs and the masks are walked together, both in source order.
 */
static void
unmask_decoded(const struct ir_stream *s, const struct ir_node *n, struct decoded *d)
{
	const struct ir_offrun *r = d->map.runs, *last = r + d->map.nruns;
	size_t k, j, from, to, a, b;

	if (!s->masked || !ir_stream_templated(s, n->start, n->end))
		return;
	k = ir_stream_mask_after(s, n->start);
	for (; r < last && k < s->nmasks; r++) {
		if (r->srcend != 0)
			continue;	/* a unit: an escape or a line break, never a template */
		from = r->src;
		to = from + ((r + 1 < last ? r[1].at : d->map.len) - r->at);
		while (k < s->nmasks && s->masks[k].end <= from)
			k++;
		for (j = k; j < s->nmasks && s->masks[j].start < to; j++) {
			a = s->masks[j].start > from ? s->masks[j].start : from;
			b = s->masks[j].end < to ? s->masks[j].end : to;
			memcpy(d->text.data + r->at + (a - from),
			    s->saved + s->saved_at[j] + (a - s->masks[j].start), b - a);
		}
	}
}

int
ir_embed_open(struct ir_doc *doc, ir_id id, struct ir_stream *inner, const char **why)
{
	const struct ir_node *n = &doc->nodes[id];
	struct ir_stream *s = doc->stream;
	struct decoded d;
	int rc;

	memset(&d, 0, sizeof(d));
	/* decoding never lengthens the text by more than the line break a block may add */
	ir_buf_grow(&d.text, n->end - n->start + 2);
	switch (n->style) {
	case IR_LITERAL:
	case IR_FOLDED:
		rc = decode_block(s, n, &d);
		break;
	case IR_SINGLE:
	case IR_DOUBLE:
		rc = decode_quoted(s, n, &d);
		break;
	default:
		rc = -1;
		break;
	}
	ir_buf_add(&d.text, "", 0);
	if (rc != 0 || !same_as_parsed(s, n, &d)) {
		*why = "its quoting or indentation is not one the editor can map back";
		ir_buf_free(&d.text);
		ir_offmap_free(&d.map);
		return -1;
	}
	unmask_decoded(s, n, &d);
	/* the end of the text, where an insertion at the end goes, is the end of the scalar */
	ir_offmap_unit(&d.map, 1, n->end, n->end);
	ir_stream_init(inner, s->name, d.text.data ? d.text.data : "", d.text.len, true);
	inner->owned = d.text.data;
	inner->map = d.map;
	inner->parent = s;
	inner->depth = s->depth + 1;
	inner->indent = d.indent;
	return 0;
}

/* Writes replacement text r in the style of scalar n; returns -1 when it cannot. */
static int
encode(const struct ir_stream *s, const struct ir_node *n, size_t indent, const char *r,
    size_t len, struct ir_buf *out)
{
	struct ir_buf q = IR_BUF_INIT;
	const char *nl;
	size_t i;

	switch (n->style) {
	case IR_LITERAL:
		for (i = 0; i < len; i = (size_t)(nl - r) + 1) {
			if ((nl = memchr(r + i, '\n', len - i)) == NULL) {
				ir_buf_add(out, r + i, len - i);
				break;
			}
			ir_buf_add(out, r + i, (size_t)(nl - r) - i);
			ir_buf_adds(out, s->eol);
			/* a line that follows, inserted or the original one the splice ends
			 * before, gets the block's indentation; an empty line gets none */
			if (nl + 1 == r + len || nl[1] != '\n')
				ir_buf_addn(out, ' ', indent);
		}
		return 0;
	case IR_DOUBLE:
		ir_scalar_write(&q, r, len, IR_DOUBLE, false);
		ir_buf_add(out, q.data + 1, q.len - 2);
		ir_buf_free(&q);
		return 0;
	default:
		if (memchr(r, '\n', len))
			return -1;
		for (i = 0; i < len; i++) {
			if (r[i] == '\'' && n->style == IR_SINGLE)
				ir_buf_addc(out, '\'');
			ir_buf_addc(out, r[i]);
		}
		return 0;
	}
}

/*
 * True when splice sp of the inner stream, encoded as enc, is written over bytes that are
 * the value's bytes one for one, as they are: the string's value changes there exactly as
 * the inner text does, so an inert splice (edit.h) stays inert in the string (its line
 * breaks, indentation, quotes and escapes are all elsewhere).
 */
static bool
written_as_is(const struct ir_stream *s, const struct ir_stream *inner,
    const struct ir_splice *sp, const struct ir_buf *enc)
{
	size_t from = ir_offmap_start(&inner->map, sp->start);

	if (sp->end <= sp->start || enc->len != sp->len || memcmp(enc->data, sp->text, sp->len))
		return false;
	if (!ir_offmap_copied(&inner->map, sp->start, sp->end))
		return false;
	return memcmp(s->data + from, inner->data + sp->start, sp->end - sp->start) == 0 &&
	    !ir_stream_templated(s, from, from + (sp->end - sp->start));
}

/*
 * True when inert splice sp of the inner stream inserts whole lines into literal block n at
 * the end of one of its content lines (at, a line break in the outer stream): written there
 * with the block's indentation, they read back as those lines of the value, and nothing else
 * changes. The lines must have text (an empty one would not be indented, and one at the end
 * would be chomped), a line with text must come before them (the first one fixes the block's
 * indentation), and the block must not keep its trailing line breaks.
 */
static bool
lines_into_literal(const struct ir_stream *s, const struct ir_node *n,
    const struct ir_stream *inner, const struct ir_splice *sp, size_t at)
{
	const char *t = sp->text, *p;
	bool explicit_indent;
	char chomp;
	size_t i;

	if (n->style != IR_LITERAL || sp->start != sp->end || sp->len < 2 || t[0] != '\n' ||
	    t[sp->len - 1] == '\n' || memchr(t, '\r', sp->len) || at >= s->len ||
	    (s->data[at] != '\n' && s->data[at] != '\r') ||
	    (sp->start < inner->len && inner->data[sp->start] != '\n') ||
	    (sp->start == inner->len && inner->len > 0 && inner->data[inner->len - 1] == '\n'))
		return false;
	for (i = 1; i < sp->len; i++)
		if (t[i] == '\n' && t[i - 1] == '\n')
			return false;
	for (p = inner->data; p < inner->data + sp->start && (*p == ' ' || *p == '\n'); p++)
		;
	if (p == inner->data + sp->start)
		return false;
	ir_block_indicators(s->data, n->start, &chomp, &explicit_indent);
	return chomp != '+' && !explicit_indent;
}

int
ir_embed_close(struct ir_doc *doc, ir_id id, struct ir_stream *inner, const char **why)
{
	const struct ir_node *n = &doc->nodes[id];
	struct ir_buf enc = IR_BUF_INIT, value = IR_BUF_INIT;
	const struct ir_splice *sp;
	size_t nsp, i;

	sp = ir_edits_splices(inner->edits, &nsp);
	if (nsp == 0)
		return 0;
	for (i = 0; i < nsp; i++)
		if (encode(doc->stream, n, inner->indent, sp[i].text, sp[i].len, &enc) != 0) {
			*why = "a line cannot be inserted into a folded or single-quoted string";
			ir_buf_free(&enc);
			return -1;
		}
	ir_buf_reset(&enc);
	for (i = 0; i < nsp; i++) {
		size_t start = ir_offmap_start(&inner->map, sp[i].start), end = sp[i].end >
		    sp[i].start ? ir_offmap_end(&inner->map, sp[i].end - 1) : start;

		encode(doc->stream, n, inner->indent, sp[i].text, sp[i].len, &enc);
		if (sp[i].inert && (written_as_is(doc->stream, inner, &sp[i], &enc) ||
		    lines_into_literal(doc->stream, n, inner, &sp[i], start)))
			ir_edit_splice_inert(doc->stream, start, end, enc.data, enc.len);
		else
			ir_edit_splice(doc->stream, start, end, enc.data, enc.len);
		ir_buf_reset(&enc);
	}
	/*
	 * The value must read as the one the stream read, with the splices: its templates masked
	 * as a check masks them (ir_embed_open() made sure it is the inner text byte for byte
	 * but for those masks). A "{{...}}" that a line fold or an escape makes only in the
	 * decoded text is not one of the stream's templates, and stays as it reads.
	 */
	ir_edits_apply_over(inner->edits, n->text, &value);
	ir_edit_expect(doc, id, value.data, value.len, false);
	ir_buf_free(&enc);
	ir_buf_free(&value);
	return 0;
}
