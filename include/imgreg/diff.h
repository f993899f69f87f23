#ifndef IMGREG_DIFF_H
#define IMGREG_DIFF_H
#include <stddef.h>

#include "imgreg/buf.h"
/* Unified diffs of an edit, made from the splice positions rather than by comparing texts. */
struct ir_edits;

/* Appends to out the unified diff (3 lines of context) that the stream's splices make to old,
 * labelled a/name and b/name. */
void ir_diff(struct ir_buf *out, const char *name, const char *old, size_t oldlen,
    struct ir_edits *ed);
#endif
