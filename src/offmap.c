/* Offset maps of decoded text, kept as runs. */
#include <stdlib.h>
#include <string.h>

#include "imgreg/buf.h"
#include "imgreg/offmap.h"

/* A copied run has srcend 0: a unit's range ends after its scalar's first byte, never at 0. */
static bool
is_copy(const struct ir_offrun *r)
{
	return r->srcend == 0;
}

/* Appends a run for the next n text bytes, or extends the last run when it continues it. */
static void
add(struct ir_offmap *m, size_t n, size_t src, size_t srcend)
{
	struct ir_offrun *last = m->nruns ? &m->runs[m->nruns - 1] : NULL;

	if (n == 0)
		return;
	if (last != NULL && (srcend == 0 ? is_copy(last) && last->src + (m->len - last->at) == src :
	    last->src == src && last->srcend == srcend)) {
		m->len += n;
		return;
	}
	if (m->nruns == m->cap) {
		m->cap = m->cap ? m->cap * 2 : 16;
		m->runs = ir_xrealloc(m->runs, m->cap * sizeof(*m->runs));
	}
	m->runs[m->nruns].at = m->len;
	m->runs[m->nruns].src = src;
	m->runs[m->nruns].srcend = srcend;
	m->nruns++;
	m->len += n;
}

void
ir_offmap_copy(struct ir_offmap *m, size_t n, size_t src)
{
	add(m, n, src, 0);
}

void
ir_offmap_unit(struct ir_offmap *m, size_t n, size_t src, size_t srcend)
{
	/* one byte from one source byte is a copy: it may continue the copy before it */
	if (n == 1 && srcend == src + 1)
		add(m, n, src, 0);
	else
		add(m, n, src, srcend);
}

void
ir_offmap_truncate(struct ir_offmap *m, size_t len)
{
	while (m->nruns > 0 && m->runs[m->nruns - 1].at >= len)
		m->nruns--;
	if (len < m->len)
		m->len = len;
}

/* Returns the run holding text byte off, clamped to the last byte; NULL for an empty map. */
static const struct ir_offrun *
run_of(const struct ir_offmap *m, size_t *off)
{
	size_t lo = 0, hi = m->nruns, mid;

	if (m->nruns == 0)
		return NULL;
	if (*off >= m->len)
		*off = m->len - 1;
	/* the last run whose first byte is at or before off */
	while (hi - lo > 1) {
		mid = lo + (hi - lo) / 2;
		if (m->runs[mid].at <= *off)
			lo = mid;
		else
			hi = mid;
	}
	return &m->runs[lo];
}

size_t
ir_offmap_start(const struct ir_offmap *m, size_t off)
{
	const struct ir_offrun *r = run_of(m, &off);

	if (r == NULL)
		return 0;
	return is_copy(r) ? r->src + (off - r->at) : r->src;
}

size_t
ir_offmap_end(const struct ir_offmap *m, size_t off)
{
	const struct ir_offrun *r = run_of(m, &off);

	if (r == NULL)
		return 0;
	return is_copy(r) ? r->src + (off - r->at) + 1 : r->srcend;
}

bool
ir_offmap_copied(const struct ir_offmap *m, size_t start, size_t end)
{
	const struct ir_offrun *r;
	size_t off = start, run_end;

	if (end <= start || end > m->len)
		return false;
	r = run_of(m, &off);
	if (r == NULL || !is_copy(r))
		return false;
	/* runs that continue each other are one run, so the range must lie in this one */
	run_end = r + 1 < m->runs + m->nruns ? r[1].at : m->len;
	return end <= run_end;
}

void
ir_offmap_free(struct ir_offmap *m)
{
	free(m->runs);
	memset(m, 0, sizeof(*m));
}
