/* Unified diffs built from splice positions. */
#include <stdlib.h>
#include <string.h>

#include "imgreg/diff.h"
#include "imgreg/edit.h"
#include "imgreg/text.h"

#define CONTEXT 3

/* Lines of a text (pointers and lengths, line breaks included). */
struct lines {
	const char **p;
	size_t *len;
	size_t n;
};

/* One change: old lines [a, b) become the lines of `text` [na, nb). */
struct change {
	size_t a, b;
	struct ir_buf text;
	struct lines nl;
	size_t na, nb;
};

/* Splits text into lines. */
static void
split(const char *t, size_t len, struct lines *l)
{
	size_t i, start = 0, cap = 16;

	l->n = 0;
	l->p = ir_xmalloc(cap * sizeof(*l->p));
	l->len = ir_xmalloc(cap * sizeof(*l->len));
	for (i = 0; i < len; i++) {
		if (t[i] != '\n' && i + 1 < len)
			continue;
		if (l->n == cap) {
			cap *= 2;
			l->p = ir_xrealloc(l->p, cap * sizeof(*l->p));
			l->len = ir_xrealloc(l->len, cap * sizeof(*l->len));
		}
		l->p[l->n] = t + start;
		l->len[l->n++] = i + 1 - start;
		start = i + 1;
	}
}

/* Returns the 0-based number of the line holding offset off. */
static size_t
line_no(const char *t, size_t off)
{
	size_t i, n = 0;

	for (i = 0; i < off; i++)
		n += t[i] == '\n';
	return n;
}

/* True when old line i equals new line j. */
static bool
same(const struct lines *ol, size_t i, const struct lines *nl, size_t j)
{
	return ol->len[i] == nl->len[j] && memcmp(ol->p[i], nl->p[j], ol->len[i]) == 0;
}

/*
 * Makes the change of splices [i, j) that share lines: the whole old lines they touch, and
 * the new text of those lines, trimmed of lines that stay the same.
 */
static void
make_change(const char *old, size_t oldlen, const struct ir_splice *sp, size_t i, size_t j,
    const struct lines *ol, struct change *c)
{
	size_t start = ir_text_line_start(old, sp[i].start), end, at, k;

	end = ir_text_line_end(old, oldlen, sp[j - 1].end);
	end = end < oldlen ? (size_t)((const char *)memchr(old + end, '\n', oldlen - end) -
	    old) + 1 : oldlen;
	memset(&c->text, 0, sizeof(c->text));
	for (at = start, k = i; k < j; k++) {
		ir_buf_add(&c->text, old + at, sp[k].start - at);
		ir_buf_add(&c->text, sp[k].text, sp[k].len);
		at = sp[k].end;
	}
	ir_buf_add(&c->text, old + at, end - at);
	split(c->text.data, c->text.len, &c->nl);
	c->a = line_no(old, start);
	c->b = start == end ? c->a : line_no(old, end - 1) + 1;
	if (c->b > ol->n)
		c->b = ol->n;
	c->na = 0;
	c->nb = c->nl.n;
	while (c->a < c->b && c->na < c->nb && same(ol, c->a, &c->nl, c->na)) {
		c->a++;
		c->na++;
	}
	while (c->b > c->a && c->nb > c->na && same(ol, c->b - 1, &c->nl, c->nb - 1)) {
		c->b--;
		c->nb--;
	}
}

/* Appends one diff line with its marker, and a marker for a missing final newline. */
static void
emit(struct ir_buf *out, char mark, const char *p, size_t len)
{
	ir_buf_addc(out, mark);
	ir_buf_add(out, p, len);
	if (len == 0 || p[len - 1] != '\n')
		ir_buf_adds(out, "\n\\ No newline at end of file\n");
}

/* Writes the hunk of changes [first, last], adjusting *delta (new minus old lines). */
static void
write_hunk(struct ir_buf *out, const struct lines *ol, const struct change *c, size_t first,
    size_t last, long *delta)
{
	size_t c0 = c[first].a > CONTEXT ? c[first].a - CONTEXT : 0;
	size_t c1 = c[last].b + CONTEXT < ol->n ? c[last].b + CONTEXT : ol->n;
	size_t oc = c1 - c0, nc = oc, ns, i, k, at = c0;

	for (k = first; k <= last; k++)
		nc = nc - (c[k].b - c[k].a) + (c[k].nb - c[k].na);
	ns = (size_t)((long)c0 + *delta);
	ir_buf_addf(out, "@@ -%zu,%zu +%zu,%zu @@\n", oc ? c0 + 1 : c0, oc, nc ? ns + 1 : ns, nc);
	for (k = first; k <= last; k++) {
		for (i = at; i < c[k].a; i++)
			emit(out, ' ', ol->p[i], ol->len[i]);
		for (i = c[k].a; i < c[k].b; i++)
			emit(out, '-', ol->p[i], ol->len[i]);
		for (i = c[k].na; i < c[k].nb; i++)
			emit(out, '+', c[k].nl.p[i], c[k].nl.len[i]);
		at = c[k].b;
		*delta += (long)(c[k].nb - c[k].na) - (long)(c[k].b - c[k].a);
	}
	for (i = at; i < c1; i++)
		emit(out, ' ', ol->p[i], ol->len[i]);
}

void
ir_diff(struct ir_buf *out, const char *name, const char *old, size_t oldlen,
    struct ir_edits *ed)
{
	const struct ir_splice *sp;
	struct change *c;
	struct lines ol;
	size_t n, i, j, nc = 0, first;
	long delta = 0;

	sp = ir_edits_splices(ed, &n);
	if (n == 0)
		return;
	split(old, oldlen, &ol);
	c = ir_xcalloc(n, sizeof(*c));
	for (i = 0; i < n; i = j) {
		size_t line_end = ir_text_line_end(old, oldlen, sp[i].end);

		for (j = i + 1; j < n && sp[j].start <= line_end; j++)
			line_end = ir_text_line_end(old, oldlen, sp[j].end);
		make_change(old, oldlen, sp, i, j, &ol, &c[nc++]);
	}
	ir_buf_addf(out, "--- a/%s\n+++ b/%s\n", name, name);
	for (first = 0, i = 0; i < nc; i++)
		if (i + 1 == nc || c[i + 1].a > c[i].b + 2 * CONTEXT) {
			write_hunk(out, &ol, c, first, i, &delta);
			first = i + 1;
		}
	for (i = 0; i < nc; i++) {
		ir_buf_free(&c[i].text);
		free(c[i].nl.p);
		free(c[i].nl.len);
	}
	free(c);
	free(ol.p);
	free(ol.len);
}
