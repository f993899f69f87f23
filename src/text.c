/* UTF-8 validation and offset to position conversion. */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "imgreg/text.h"

/* Returns the length of the UTF-8 sequence at p (at most n bytes), or 0 when invalid. */
static size_t
utf8_len(const unsigned char *p, size_t n)
{
	unsigned char c = p[0];
	size_t len, i;
	unsigned long cp;

	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf) {
		len = 2;
		cp = c & 0x1f;
	} else if (c >= 0xe0 && c <= 0xef) {
		len = 3;
		cp = c & 0x0f;
	} else if (c >= 0xf0 && c <= 0xf4) {
		len = 4;
		cp = c & 0x07;
	} else
		return 0;
	if (len > n)
		return 0;
	for (i = 1; i < len; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (p[i] & 0x3f);
	}
	if ((len == 3 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) ||
	    (len == 4 && (cp < 0x10000 || cp > 0x10ffff)))
		return 0;
	return len;
}

/*
 * Returns how many bytes from p on are ASCII (NUL bytes included), looking at 64 at a time:
 * most inputs are all ASCII, and this is most of the check's work.
 */
static size_t
ascii_prefix(const unsigned char *p, size_t n)
{
	size_t i = 0;
	uint64_t w[8];

	for (; i + 64 <= n; i += 64) {
		memcpy(w, p + i, 64);
		if (((w[0] | w[1]) | (w[2] | w[3]) | (w[4] | w[5]) | (w[6] | w[7])) &
		    0x8080808080808080ULL)
			break;
	}
	while (i < n && p[i] < 0x80)
		i++;
	return i;
}

int
ir_text_check(const char *text, size_t len, size_t *bad, const char **why)
{
	const unsigned char *p = (const unsigned char *)text;
	const unsigned char *nul = memchr(p, '\0', len);
	size_t end = nul ? (size_t)(nul - p) : len, i = 0, n;

	/* the first fault wins: invalid UTF-8 before the first NUL byte, or that byte */
	while ((i += ascii_prefix(p + i, end - i)) < end) {
		n = utf8_len(p + i, len - i);
		if (n == 0) {
			*bad = i;
			*why = "invalid UTF-8";
			return -1;
		}
		i += n;
	}
	if (nul) {
		*bad = end;
		*why = "NUL byte in input";
		return -1;
	}
	return 0;
}

/*
 * The last position computed, so that positions asked near one another over one text (as
 * messages and listed occurrences are: mostly in increasing order, sometimes a little back
 * within a document) cost the distance between them, not a pass from the start each.
 */
static _Thread_local struct {
	const char *p;
	size_t off;
	unsigned long line, col;
} last;

/* The characters in [p, end): bytes but UTF-8 continuation bytes and CR. */
static unsigned long
chars(const char *p, const char *end)
{
	unsigned long c = 0;

	for (; p < end; p++)
		c += ((unsigned char)*p & 0xc0) != 0x80 && *p != '\r';
	return c;
}

/* The column of offset off: one more than the characters between its line's start and it. */
static unsigned long
column_of(const char *p, size_t off)
{
	return 1 + chars(p + ir_text_line_start(p, off), p + off);
}

void
ir_text_pos(const char *p, size_t len, size_t off, unsigned long *line, unsigned long *col)
{
	const char *q, *end, *nl;
	unsigned long l = 1, c = 1;
	size_t i = 0;

	if (off > len)
		off = len;
	if (last.p == p && last.off > off) {
		/* back: the lines between, then the column from the line's start */
		l = last.line;
		for (i = off; i < last.off; i++)
			l -= p[i] == '\n';
		c = column_of(p, off);
		i = off;
	} else if (last.p == p) {
		i = last.off;
		l = last.line;
		c = last.col;
	}
	/* forward: count the lines with memchr, then the characters after the last one */
	for (q = p + i, end = p + off; (nl = memchr(q, '\n', (size_t)(end - q))) != NULL;
	    q = nl + 1) {
		l++;
		c = 1;
	}
	c += chars(q, end);
	last.p = p;
	last.off = off;
	last.line = l;
	last.col = c;
	*line = l;
	*col = c;
}

void
ir_text_forget(const char *p)
{
	if (last.p == p)
		last.p = NULL;
}

/* True when p[i] breaks a line: LF, or, with cr, a CR not followed by LF. */
static bool
breaks_line(const char *p, size_t len, size_t i, bool cr)
{
	return p[i] == '\n' || (cr && p[i] == '\r' && (i + 1 == len || p[i + 1] != '\n'));
}

/* The offset of line and column (code points), lone CRs breaking lines when cr says so. */
static size_t
offset_of(const char *p, size_t len, unsigned long line, unsigned long col, bool cr)
{
	size_t i = 0;
	unsigned long l = 1, c = 1;

	while (i < len && l < line)
		if (breaks_line(p, len, i++, cr))
			l++;
	while (i < len && c < col && p[i] != '\n' && !(cr && p[i] == '\r')) {
		i++;
		while (i < len && ((unsigned char)p[i] & 0xc0) == 0x80)
			i++;
		c++;
	}
	return i;
}

size_t
ir_text_offset(const char *p, size_t len, unsigned long line, unsigned long col)
{
	return offset_of(p, len, line, col, false);
}

size_t
ir_text_offset_parsed(const char *p, size_t len, unsigned long line, unsigned long col)
{
	return offset_of(p, len, line, col, true);
}

const char *
ir_text_eol(const char *p, size_t len)
{
	const char *nl = memchr(p, '\n', len);

	return nl && nl > p && nl[-1] == '\r' ? "\r\n" : "\n";
}

size_t
ir_text_line_start(const char *p, size_t off)
{
	while (off > 0 && p[off - 1] != '\n')
		off--;
	return off;
}

size_t
ir_text_line_end(const char *p, size_t len, size_t off)
{
	const char *nl = off < len ? memchr(p + off, '\n', len - off) : NULL;

	if (nl == NULL)
		return len;
	if (nl > p + off && nl[-1] == '\r')
		return (size_t)(nl - p) - 1;
	return (size_t)(nl - p);
}

int
ir_text_marker(const char *p, size_t len, size_t off)
{
	if (off > len || len - off < 3 || (memcmp(p + off, "---", 3) != 0 &&
	    memcmp(p + off, "...", 3) != 0))
		return 0;
	return len - off == 3 || strchr(" \t\r\n", p[off + 3]) ? p[off] : 0;
}
