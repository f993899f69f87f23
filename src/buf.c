/* Growable byte buffers and allocation helpers that exit on failure. */
#include <err.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "imgreg/buf.h"
#include "imgreg/exit.h"

void *
ir_xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (p == NULL)
		err(IR_EXIT_IO, "malloc");
	return p;
}

void *
ir_xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);

	if (p == NULL)
		err(IR_EXIT_IO, "calloc");
	return p;
}

void *
ir_xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (p == NULL)
		err(IR_EXIT_IO, "realloc");
	return p;
}

char *
ir_xstrndup(const char *s, size_t n)
{
	char *p = ir_xmalloc(n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

void
ir_buf_grow(struct ir_buf *b, size_t n)
{
	size_t want = b->len + n + 1;

	if (want < n)
		errx(IR_EXIT_IO, "buffer size overflow");
	if (want <= b->cap)
		return;
	if (b->cap * 2 > want)
		want = b->cap * 2;
	if (want < 64)
		want = 64;
	b->data = ir_xrealloc(b->data, want);
	b->cap = want;
}

void
ir_buf_add(struct ir_buf *b, const void *p, size_t n)
{
	ir_buf_grow(b, n);
	if (n)
		memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
}

void
ir_buf_adds(struct ir_buf *b, const char *s)
{
	ir_buf_add(b, s, strlen(s));
}

void
ir_buf_addc(struct ir_buf *b, char c)
{
	ir_buf_add(b, &c, 1);
}

void
ir_buf_addn(struct ir_buf *b, char c, size_t n)
{
	ir_buf_grow(b, n);
	memset(b->data + b->len, c, n);
	b->len += n;
	b->data[b->len] = '\0';
}

void
ir_buf_addf(struct ir_buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		errx(IR_EXIT_IO, "vsnprintf failed");
	ir_buf_grow(b, (size_t)n);
	va_start(ap, fmt);
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

void
ir_buf_reset(struct ir_buf *b)
{
	b->len = 0;
	if (b->data)
		b->data[0] = '\0';
}

void
ir_buf_free(struct ir_buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
}

char *
ir_buf_detach(struct ir_buf *b, size_t *len)
{
	char *p;

	if (b->data == NULL)
		ir_buf_grow(b, 0);
	p = b->data;
	if (len)
		*len = b->len;
	b->data = NULL;
	b->len = b->cap = 0;
	return p;
}
