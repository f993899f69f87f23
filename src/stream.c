/* Streams: the bytes being edited, their template masks and their place in an outer stream. */
#include <stdlib.h>
#include <string.h>

#include "imgreg/buf.h"
#include "imgreg/edit.h"
#include "imgreg/stream.h"
#include "imgreg/text.h"

/*
 * Finds the next {{...}} that opens and closes on one line in [p, end); returns its start and
 * sets *close past its end, or returns NULL.
 */
static const char *
next_template(const char *p, const char *end, const char **close)
{
	const char *open, *nl, *c;

	while ((open = memchr(p, '{', (size_t)(end - p))) != NULL) {
		if (open + 1 >= end || open[1] != '{') {
			p = open + 1;
			continue;
		}
		nl = memchr(open, '\n', (size_t)(end - open));
		c = memmem(open + 2, (size_t)((nl ? nl : end) - open - 2), "}}", 2);
		if (c) {
			*close = c + 2;
			return open;
		}
		p = open + 2;
	}
	return NULL;
}

void
ir_mask_templates(char *text, size_t len)
{
	const char *open, *close, *p = text;

	while ((open = next_template(p, text + len, &close)) != NULL) {
		memset(text + (open - text), 'x', (size_t)(close - open));
		p = close;
	}
}

/* Records every template of the stream, keeps its bytes, and masks it in place. */
static void
mask_templates(struct ir_stream *s)
{
	const char *p = s->orig, *end = s->orig + s->len, *open, *close;
	struct ir_buf saved = IR_BUF_INIT;
	size_t cap = 0;

	/* as ir_mask_templates() masks them, in one pass */
	while ((open = next_template(p, end, &close)) != NULL) {
		if (s->nmasks == cap) {
			cap = cap ? cap * 2 : 8;
			s->masks = ir_xrealloc(s->masks, cap * sizeof(*s->masks));
			s->saved_at = ir_xrealloc(s->saved_at, cap * sizeof(*s->saved_at));
		}
		s->masks[s->nmasks].start = (size_t)(open - s->orig);
		s->masks[s->nmasks].end = (size_t)(close - s->orig);
		s->saved_at[s->nmasks++] = saved.len;
		ir_buf_add(&saved, open, (size_t)(close - open));
		memset((char *)open, 'x', (size_t)(close - open));
		p = close;
	}
	s->saved = saved.data;
	s->masked = s->nmasks > 0;
}

bool
ir_stream_check_masked(const struct ir_stream *s, const char *text, size_t len)
{
	return s->nmasks > 0 || memmem(text, len, "{{", 2) != NULL;
}

void
ir_stream_init(struct ir_stream *s, const char *name, const char *text, size_t len,
    bool templates)
{
	memset(s, 0, sizeof(*s));
	s->name = name;
	s->orig = s->data = text;
	s->len = len;
	s->eol = ir_text_eol(text, len);
	s->edits = ir_edits_new(s);
	if (templates)
		mask_templates(s);
}

void
ir_stream_unmask_to(struct ir_stream *s, size_t off)
{
	size_t n;

	if (!s->masked)
		return;
	for (; s->unmasked < s->nmasks && s->masks[s->unmasked].start < off; s->unmasked++) {
		n = s->masks[s->unmasked].end - s->masks[s->unmasked].start;
		memcpy((char *)s->orig + s->masks[s->unmasked].start,
		    s->saved + s->saved_at[s->unmasked], n);
	}
}

void
ir_stream_unmask(struct ir_stream *s)
{
	ir_stream_unmask_to(s, s->len + 1);
	s->masked = false;
}

size_t
ir_stream_mask_after(const struct ir_stream *s, size_t off)
{
	size_t lo = 0, hi = s->nmasks, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (s->masks[mid].end <= off)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

char
ir_stream_orig_byte(const struct ir_stream *s, size_t off)
{
	size_t lo;

	if (!s->masked)
		return s->orig[off];
	lo = ir_stream_mask_after(s, off);
	if (lo == s->nmasks || s->masks[lo].start > off)
		return s->orig[off];
	return s->saved[s->saved_at[lo] + off - s->masks[lo].start];
}

void
ir_stream_release(struct ir_stream *s)
{
	ir_stream_unmask(s);
	ir_text_forget(s->orig);
	free(s->saved);
	free(s->saved_at);
	free(s->masks);
	free(s->owned);
	ir_offmap_free(&s->map);
	free(s->hashes);
	ir_edits_free(s->edits);
	memset(s, 0, sizeof(*s));
}

bool
ir_stream_templated(const struct ir_stream *s, size_t start, size_t end)
{
	size_t lo = 0, hi = s->nmasks, mid;

	while (lo < hi) {
		mid = (lo + hi) / 2;
		if (s->masks[mid].end <= start)
			lo = mid + 1;
		else if (s->masks[mid].start >= end)
			hi = mid;
		else
			return true;
	}
	return false;
}

void
ir_stream_pos(const struct ir_stream *s, size_t off, const char **file, unsigned long *line,
    unsigned long *col)
{
	while (s->parent) {
		off = ir_offmap_start(&s->map, off);
		s = s->parent;
	}
	*file = s->name;
	ir_text_pos(s->data, s->len, off, line, col);
}
