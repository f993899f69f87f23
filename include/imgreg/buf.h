#ifndef IMGREG_BUF_H
#define IMGREG_BUF_H
#include <stddef.h>
/*
 * A growable byte buffer. The buffer owns data; ir_buf_free() releases it. data is always
 * NUL-terminated after the len bytes, so it can be used as a C string when it holds text.
 * Allocation failure exits the program (as e-prefixed helpers do).
 */
struct ir_buf {
	char *data;
	size_t len;
	size_t cap;
};

#define IR_BUF_INIT { NULL, 0, 0 }

/* Makes room for n more bytes. */
void ir_buf_grow(struct ir_buf *b, size_t n);
/* Appends n bytes. */
void ir_buf_add(struct ir_buf *b, const void *p, size_t n);
/* Appends a NUL-terminated string. */
void ir_buf_adds(struct ir_buf *b, const char *s);
/* Appends one byte. */
void ir_buf_addc(struct ir_buf *b, char c);
/* Appends a formatted string. */
void ir_buf_addf(struct ir_buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Appends c n times. */
void ir_buf_addn(struct ir_buf *b, char c, size_t n);
/* Empties the buffer, keeping its memory. */
void ir_buf_reset(struct ir_buf *b);
/* Releases the memory; the buffer is empty and usable again. */
void ir_buf_free(struct ir_buf *b);
/* Hands the data to the caller (who frees it) and empties the buffer. */
char *ir_buf_detach(struct ir_buf *b, size_t *len);

/* malloc/realloc/strdup that exit with status 4 and a message on failure. */
void *ir_xmalloc(size_t n);
void *ir_xcalloc(size_t n, size_t size);
void *ir_xrealloc(void *p, size_t n);
char *ir_xstrndup(const char *s, size_t n);
#endif
