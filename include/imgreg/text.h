#ifndef IMGREG_TEXT_H
#define IMGREG_TEXT_H
#include <stdbool.h>
#include <stddef.h>
/* Checks of raw input bytes and conversion of byte offsets to line and column. */

/*
 * Checks that the len bytes at p are UTF-8 without NUL bytes. Returns 0, or -1 with *bad set
 * to the offset of the first bad byte and *why to a static message.
 */
int ir_text_check(const char *p, size_t len, size_t *bad, const char **why);
/* Computes the 1-based line and column (in code points, a tab counts 1) of offset off. */
void ir_text_pos(const char *p, size_t len, size_t off, unsigned long *line, unsigned long *col);
/* Forgets what ir_text_pos() remembers of text p: call it before p is freed or reused. */
void ir_text_forget(const char *p);
/* Returns the offset of 1-based line and column (code points), clamped to len. */
size_t ir_text_offset(const char *p, size_t len, unsigned long line, unsigned long col);
/*
 * The same for a line and column as libfyaml counts them: a lone CR (an old Mac line break)
 * breaks a line there too, where ir_text_pos() and ir_text_offset() count LF only.
 */
size_t ir_text_offset_parsed(const char *p, size_t len, unsigned long line, unsigned long col);
/* Returns "\r\n" when the first line break of the text is CRLF, "\n" otherwise. */
const char *ir_text_eol(const char *p, size_t len);
/* Returns the offset of the start of the line holding off. */
size_t ir_text_line_start(const char *p, size_t off);
/* Returns the offset of the line break ending the line holding off (len when none). */
size_t ir_text_line_end(const char *p, size_t len, size_t off);
/*
 * Returns '-' when a document start marker ("---" then a blank, a line break or the end) is
 * at off, '.' for a document end marker ("..." the same way), else 0.
 */
int ir_text_marker(const char *p, size_t len, size_t off);
#endif
