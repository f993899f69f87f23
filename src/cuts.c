/* Where a stream of documents may be cut into parts that parse on their own (internal.h). */
#include <ctype.h>
#include <stdbool.h>
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

/* Appends a cut at at. */
static void
cut_add(struct ir_cuts *c, size_t *cap, size_t at)
{
	if (c->n == *cap) {
		*cap = *cap ? *cap * 2 : 8;
		c->at = ir_xrealloc(c->at, *cap * sizeof(*c->at));
	}
	c->at[c->n++] = at;
}

/* Returns the offset of the line after the one at off (len at the end). */
static size_t
line_after(const char *d, size_t len, size_t off)
{
	const char *p = memchr(d + off, '\n', len - off);

	return p ? (size_t)(p - d) + 1 : len;
}

/* True when the line at off is "items:" at column 0, its value on the lines after. */
static bool
items_line(const char *d, size_t len, size_t off)
{
	size_t v = off + 6;

	if (len - off < 6 || memcmp(d + off, "items:", 6) != 0)
		return false;
	v += strspn(d + v, " \t");
	return v >= len || d[v] == '\n' || d[v] == '\r' || d[v] == '#';
}

/* Returns the offset of the first line "- " of a List's items in the first document (after
 * its line "items:" at column 0), or len when there is none. */
static size_t
first_item(const char *d, size_t len)
{
	size_t off = 0;

	while (off < len && !items_line(d, len, off)) {
		if (ir_text_marker(d, len, off) && off > 0)
			return len;
		off = line_after(d, len, off);
	}
	for (off = line_after(d, len, off); off < len; off = line_after(d, len, off))
		if (!strchr(" \t\r\n#", d[off]))
			return d[off] == '-' ? off : len;
	return len;
}

/*
 * True when the line at off starts with a plain key: a name of at most 128 letters, digits and
 * "_./-" (not first), then ':' and a blank or the line's end, as "kind: List" and "metadata:".
 * The parse of the stream in one ends the List's last item when it reads the tail's first
 * key, and a part parsed alone up to the tail ends it at the tail: the two agree only when
 * that key reads without an error (a tail from "|" on, a block scalar at column 0, made the
 * parse in one stop before the item's end, the part hand the item over).
 */
static bool
plain_key_line(const char *d, size_t len, size_t off)
{
	size_t n = 0;

	while (off + n < len && n <= 128 && (isalnum((unsigned char)d[off + n]) ||
	    (n > 0 && strchr("_./-", d[off + n]))))
		n++;
	return n > 0 && n <= 128 && off + n < len && d[off + n] == ':' &&
	    (off + n + 1 == len || strchr(" \t\r\n", d[off + n + 1]));
}

/*
 * Cuts the items of the List that starts the stream (at lines "- " at column 0 after its line
 * "items:", every bytes or more apart) and where its tail starts: the first line at column 0
 * after them that is not an item's, a comment or blank, which must start with a plain key
 * (plain_key_line()). Returns the offset of the tail, or 0 for no cut made.
 */
static size_t
item_cuts(const char *d, size_t len, size_t every, struct ir_cuts *c, size_t *cap)
{
	size_t off, last = 0, first = c->n;

	for (off = first_item(d, len); off < len; off = line_after(d, len, off)) {
		if (strchr(" \t\r\n#", d[off]))
			continue;
		if (d[off] != '-' || ir_text_marker(d, len, off))
			break;
		/* an item whose node starts on this line, as the parse can check */
		if (off >= last + (every ? every : 1) && off + 2 < len && d[off + 1] == ' ' &&
		    !strchr(" \t\r\n#", d[off + 1 + strspn(d + off + 1, " ")]))
			cut_add(c, cap, last = off);
	}
	if (c->n == first || off >= len || !plain_key_line(d, len, off)) {
		c->n = first;
		return 0;
	}
	return off;
}

/* The text of a List's items sampled to tell whether they are small. */
#define ITEM_SAMPLE ((size_t)64 << 10)

bool
ir_yaml_items_small(const char *d, size_t len, size_t from)
{
	size_t col = 0, end = len - from > ITEM_SAMPLE ? from + ITEM_SAMPLE : len, off, sp, n = 0;

	while (col < from && d[from - col - 1] != '\n')
		col++;
	for (off = from - col; off < end; off = line_after(d, len, off)) {
		sp = strspn(d + off, " ");
		if (off + sp >= len || strchr("\r\n#", d[off + sp]))
			continue;
		if (sp < col || (sp == col && (d[off + sp] != '-' || ir_text_marker(d, len, off))))
			break;	/* the sequence, or its document, has ended */
		n += sp == col;
	}
	return n > 1 && (off - from) / n < IR_ITEM_MIN_BYTES;
}

bool
ir_yaml_list_small(const char *d, size_t len)
{
	size_t at = first_item(d, len);

	return at < len && ir_yaml_items_small(d, len, at);
}

void
ir_yaml_cuts(const char *d, size_t len, size_t every, bool list, size_t every_item,
    struct ir_cuts *c)
{
	size_t cap = 0, at = 0;

	memset(c, 0, sizeof(*c));
	cut_add(c, &cap, 0);
	if (list && (at = item_cuts(d, len, every_item, c, &cap)) != 0) {
		c->items = 1;
		c->tail = c->n;
		cut_add(c, &cap, at);
	}
	while ((at = next_marker(d, len, at + (every ? every : 1))) < len)
		cut_add(c, &cap, at);
}
