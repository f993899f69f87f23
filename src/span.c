/*
 * Byte spans of tokens from libfyaml's marks, computed the same way by the document index and
 * by verification: quoted scalars include their quotes, block scalars run from their header
 * to the end of their last content line, aliases include their '*'.
 */
#include <string.h>

#include "internal.h"

/* Returns the indentation of the first line of [p, end) holding more than spaces. */
static size_t
content_indent(const char *d, size_t p, size_t end)
{
	size_t sp;

	while (p < end) {
		sp = 0;
		while (p + sp < end && d[p + sp] == ' ')
			sp++;
		if (p + sp < end && d[p + sp] != '\n' && d[p + sp] != '\r')
			return sp;
		while (p < end && d[p] != '\n')
			p++;
		p++;
	}
	return 0;
}

/* True when the line [ls, le) holds nothing but at most indent spaces (and a CR). */
static bool
trailing_blank(const char *d, size_t ls, size_t le, size_t indent)
{
	size_t i = ls;

	while (i < le && d[i] == ' ')
		i++;
	return i - ls <= indent && (i == le || (d[i] == '\r' && i + 1 == le));
}

/*
 * Finds where a block scalar's content ends: libfyaml's end mark also covers trailing blank
 * lines and the next line's indentation. The result is the end of the last content line,
 * before its line break.
 */
static size_t
block_end(const char *d, size_t content, size_t mark, bool keep)
{
	size_t indent = content_indent(d, content, mark), e = mark, ls;

	ls = e;
	while (ls > content && d[ls - 1] != '\n')
		ls--;
	if (ls > content && trailing_blank(d, ls, e, indent))
		e = ls;		/* the next line's indentation */
	while (e > content && d[e - 1] == '\n') {
		ls = e - 1;
		while (ls > content && d[ls - 1] != '\n')
			ls--;
		/* with |+ trailing blank lines are content; otherwise they are not */
		if (!keep && ls > content && trailing_blank(d, ls, e - 1, indent)) {
			e = ls;
			continue;
		}
		e--;
		if (e > content && d[e - 1] == '\r')
			e--;
		break;
	}
	/* a lone CR (an old Mac line break) ends a line too, and is never content */
	while (e > content && d[e - 1] == '\r')
		e--;
	return e;
}

size_t
ir_block_indicators(const char *d, size_t h, char *chomp, bool *explicit_indent)
{
	size_t p;

	*chomp = 'c';
	if (explicit_indent)
		*explicit_indent = false;
	for (p = h + 1; d[p] && strchr("+-0123456789", d[p]); p++)
		if (d[p] == '+' || d[p] == '-')
			*chomp = d[p];
		else if (explicit_indent)
			*explicit_indent = true;
	return p;
}

/* True when the block scalar header at h has the keep indicator '+'. */
static bool
keep_chomping(const char *d, size_t h)
{
	char chomp;

	ir_block_indicators(d, h, &chomp, NULL);
	return chomp == '+';
}

/* Finds the '|' or '>' header of a block scalar between the last token and its content. */
static size_t
block_header(const char *d, size_t from, size_t content)
{
	size_t i;

	for (i = from; i < content; i++)
		if (d[i] == '|' || d[i] == '>')
			return i;
	return content;
}

/* Moves the last token's end past token t (a tag or an anchor), when t has marks. */
static void
props_end(struct ir_span *sp, struct fy_token *t)
{
	const struct fy_mark *m = t ? fy_token_end_mark(t) : NULL;

	if (m && m->input_pos > sp->last_end)
		sp->last_end = m->input_pos;
}

bool
ir_span_event(struct ir_span *sp, const char *d, struct fy_event *e, size_t *start,
    size_t *end)
{
	const struct fy_mark *sm = fy_event_start_mark(e), *em = fy_event_end_mark(e);
	enum fy_scalar_style style;
	bool flow;

	if (e->type == FYET_MAPPING_START || e->type == FYET_SEQUENCE_START) {
		flow = fy_event_get_node_style(e) == FYNS_FLOW;
		if (flow && sm && sm->input_pos + 1 > sp->last_end)
			sp->last_end = sm->input_pos + 1;
		return false;
	}
	if (e->type == FYET_DOCUMENT_START) {
		/* past "---": what a document holds never reaches back into the one before */
		if (em && em->input_pos > sp->last_end)
			sp->last_end = em->input_pos;
		return false;
	}
	if (e->type == FYET_MAPPING_END || e->type == FYET_SEQUENCE_END) {
		/* a block collection's end mark is empty, at the next token: not an end */
		if (em && sm && em->input_pos > sm->input_pos && em->input_pos > sp->last_end)
			sp->last_end = em->input_pos;
		return false;
	}
	if (e->type != FYET_SCALAR && e->type != FYET_ALIAS)
		return false;
	if (sm == NULL || em == NULL) {
		/* an empty scalar sits after its tag and anchor, when it has them */
		if (e->type == FYET_SCALAR) {
			props_end(sp, e->scalar.tag);
			props_end(sp, e->scalar.anchor);
		}
		*start = *end = sp->last_end;
		return false;
	}
	*start = sm->input_pos;
	*end = em->input_pos;
	style = e->type == FYET_SCALAR ? fy_token_scalar_style(e->scalar.value) : FYSS_PLAIN;
	if (e->type == FYET_ALIAS)
		(*start)--;
	else if (style == FYSS_SINGLE_QUOTED || style == FYSS_DOUBLE_QUOTED) {
		(*start)--;
		(*end)++;
	} else if (style == FYSS_LITERAL || style == FYSS_FOLDED) {
		*start = block_header(d, sp->last_end, sm->input_pos);
		*end = block_end(d, sm->input_pos, em->input_pos, keep_chomping(d, *start));
		if (*end < *start + 1)
			*end = *start + 1;
	}
	if (*end > sp->last_end)
		sp->last_end = *end;
	return true;
}

/* Returns the offset after the line break ending at le (le itself at the end of the text). */
static size_t
next_line(const char *d, size_t le, size_t end)
{
	if (le < end && d[le] == '\r')
		le++;
	return le < end ? le + 1 : le;
}

/* Returns the offset of the first line break ('\n' or '\r') in [p, end), or end. */
static size_t
break_at(const char *d, size_t p, size_t end)
{
	const char *nl = memchr(d + p, '\n', end - p), *cr;
	size_t le = nl ? (size_t)(nl - d) : end;

	cr = memchr(d + p, '\r', le - p);
	return cr ? (size_t)(cr - d) : le;
}

size_t
ir_literal_text(const char *d, size_t header, size_t end, char *out)
{
	size_t p = header + 1, le, sp, indent, n = 0;
	bool strip = false;

	if (d[p] == '-') {
		strip = true;
		p++;
	}
	if (d[p] == '+' || (d[p] >= '0' && d[p] <= '9'))
		return (size_t)-1;
	while (p < end && d[p] != '\n')
		p++;
	p = p < end ? p + 1 : end;
	indent = content_indent(d, p, end);
	while (p < end) {
		le = break_at(d, p, end);
		for (sp = 0; p + sp < le && d[p + sp] == ' '; sp++)
			;
		if (sp < indent && p + sp < le)
			return (size_t)-1;	/* not a literal this simple reader knows */
		if (p + indent < le) {
			memcpy(out + n, d + p + indent, le - p - indent);
			n += le - p - indent;
		}
		out[n++] = '\n';
		p = next_line(d, le, end);
	}
	if (strip && n > 0)
		n--;
	out[n] = '\0';
	return n;
}

size_t
ir_blank_end(const char *d, size_t len, size_t off)
{
	while (off < len && strchr(" \t\r\n", d[off]) && d[off] != '\0')
		off++;
	return off;
}

size_t
ir_single_text(const char *d, size_t start, size_t end, char *out)
{
	size_t i = start + 1, stop = end - 1, n = 0, keep, breaks;

	for (;;) {
		/* a line's text, '' read as one quote; keep marks where trailing blanks start */
		for (keep = n; i < stop && d[i] != '\n' && d[i] != '\r'; i++) {
			out[n++] = d[i];
			i += d[i] == '\'';
			if (out[n - 1] != ' ' && out[n - 1] != '\t')
				keep = n;
		}
		if (i >= stop)
			break;
		/* a line break: blanks around it go, one break folds to a space, more to n - 1 */
		n = keep;
		for (breaks = 0; i < stop && strchr(" \t\r\n", d[i]); i++)
			breaks += d[i] == '\n' || (d[i] == '\r' && (i + 1 >= stop || d[i + 1] != '\n'));
		if (breaks == 1)
			out[n++] = ' ';
		while (breaks-- > 1)
			out[n++] = '\n';
	}
	out[n] = '\0';
	return n;
}
