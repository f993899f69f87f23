/* Where a stream of documents may be cut into parts that parse on their own (internal.h). */
#include <string.h>

#include "imgreg/buf.h"
#include "imgreg/text.h"
#include "internal.h"

/* Returns the first line at or after from (1 or more) that is a document start marker, or
 * len for none. */
static size_t
next_marker(const char *d, size_t len, size_t from)
{
	const char *p;
	size_t line;

	for (; from <= len; from = line + 1) {
		if ((p = memmem(d + from - 1, len - from + 1, "\n---", 4)) == NULL)
			break;
		line = (size_t)(p - d) + 1;
		if (ir_text_marker(d, len, line) == '-')
			return line;
	}
	return len;
}

size_t
ir_yaml_cuts(const char *d, size_t len, size_t every, size_t **cuts)
{
	size_t n = 1, cap = 8, at = 0;

	*cuts = ir_xmalloc(cap * sizeof(**cuts));
	(*cuts)[0] = 0;
	while ((at = next_marker(d, len, at + (every ? every : 1))) < len) {
		if (n == cap) {
			cap *= 2;
			*cuts = ir_xrealloc(*cuts, cap * sizeof(**cuts));
		}
		(*cuts)[n++] = at;
	}
	return n;
}
