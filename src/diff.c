/* Unified diffs built from splice positions. */
#include <stdlib.h>
#include <string.h>

#include "imgreg/diff.h"
#include "imgreg/edit.h"
#include "imgreg/text.h"

#define CONTEXT 3

/* A run of old lines [lo, hi) (0-based) and the text that replaces them. */
struct hunk {
	size_t lo, hi;
	struct ir_buf text;
};

/* Splits text into lines (pointers and lengths, line breaks included). */
struct lines {
	const char **p;
	size_t *len;
	size_t n;
};

static void
split(const char *t, size_t len, struct lines *l)
{
	size_t i, start = 0, cap = 16;

	l->n = 0;
	l->p = ir_xmalloc(cap * sizeof(*l->p));
	l->len = ir_xmalloc(cap * sizeof(*l->len));
	for (i = 0; i <= len; i++) {
		if (i < len && t[i] != '\n')
			continue;
		if (i == len && start == len)
			break;
		if (l->n == cap) {
			cap *= 2;
			l->p = ir_xrealloc(l->p, cap * sizeof(*l->p));
			l->len = ir_xrealloc(l->len, cap * sizeof(*l->len));
		}
		l->p[l->n] = t + start;
		l->len[l->n++] = (i < len ? i + 1 : i) - start;
		start = i + 1;
	}
}

/* Returns the 0-based line number of offset off, counting from line `from` at offset fo. */
static size_t
line_of(const char *t, size_t fo, size_t from, size_t off)
{
	size_t i;

	for (i = fo; i < off; i++)
		if (t[i] == '\n')
			from++;
	return from;
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

/* Writes one hunk: old lines [lo, hi) become the lines of nl; context from ol. */
static void
write_hunk(struct ir_buf *out, const struct lines *ol, size_t lo, size_t hi,
    const struct lines *nl, long *delta)
{
	size_t a = lo, b = hi, i, c0, c1, oc, nc, ns, na, nb;

	/* common leading and trailing lines are context, not change */
	while (a < b && a - lo < nl->n && ol->len[a] == nl->len[a - lo] &&
	    memcmp(ol->p[a], nl->p[a - lo], ol->len[a]) == 0)
		a++;
	na = a - lo;
	nb = nl->n;
	while (b > a && nb > na && ol->len[b - 1] == nl->len[nb - 1] &&
	    memcmp(ol->p[b - 1], nl->p[nb - 1], ol->len[b - 1]) == 0) {
		b--;
		nb--;
	}
	c0 = a > CONTEXT ? a - CONTEXT : 0;
	c1 = b + CONTEXT < ol->n ? b + CONTEXT : ol->n;
	oc = c1 - c0;
	nc = oc - (b - a) + (nb - na);
	ns = (size_t)((long)c0 + *delta);
	ir_buf_addf(out, "@@ -%zu,%zu +%zu,%zu @@\n", oc ? c0 + 1 : c0, oc, nc ? ns + 1 : ns, nc);
	for (i = c0; i < a; i++)
		emit(out, ' ', ol->p[i], ol->len[i]);
	for (i = a; i < b; i++)
		emit(out, '-', ol->p[i], ol->len[i]);
	for (i = na; i < nb; i++)
		emit(out, '+', nl->p[i], nl->len[i]);
	for (i = b; i < c1; i++)
		emit(out, ' ', ol->p[i], ol->len[i]);
	*delta += (long)(nb - na) - (long)(b - a);
}

void
ir_diff(struct ir_buf *out, const char *name, const char *old, size_t oldlen,
    struct ir_edits *ed)
{
	const struct ir_splice *sp;
	struct lines ol, nl;
	struct ir_buf text = IR_BUF_INIT;
	size_t n, i, j, start, end, at, lo, hi;
	long delta = 0;

	sp = ir_edits_splices(ed, &n);
	if (n == 0)
		return;
	split(old, oldlen, &ol);
	ir_buf_addf(out, "--- a/%s\n+++ b/%s\n", name, name);
	for (i = 0; i < n; i = j) {
		/* gather the splices whose lines lie within two contexts of each other */
		start = ir_text_line_start(old, sp[i].start);
		for (j = i + 1; j < n; j++) {
			size_t prev_end = ir_text_line_end(old, oldlen, sp[j - 1].end);

			if (line_of(old, prev_end, 0, sp[j].start) > 2 * CONTEXT)
				break;
		}
		end = ir_text_line_end(old, oldlen, sp[j - 1].end);
		if (end < oldlen)
			end = (const char *)memchr(old + end, '\n', oldlen - end) - old + 1;
		ir_buf_reset(&text);
		for (at = start, lo = i; lo < j; lo++) {
			ir_buf_add(&text, old + at, sp[lo].start - at);
			ir_buf_add(&text, sp[lo].text, sp[lo].len);
			at = sp[lo].end;
		}
		ir_buf_add(&text, old + at, end - at);
		lo = line_of(old, 0, 0, start);
		hi = lo + line_of(old, start, 0, end) + (end > 0 && old[end - 1] != '\n');
		split(text.data, text.len, &nl);
		write_hunk(out, &ol, lo, hi > ol.n ? ol.n : hi, &nl, &delta);
		free(nl.p);
		free(nl.len);
	}
	ir_buf_free(&text);
	free(ol.p);
	free(ol.len);
}
