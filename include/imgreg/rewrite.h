#ifndef IMGREG_REWRITE_H
#define IMGREG_REWRITE_H
#include <stdbool.h>

#include "imgreg/settings.h"
#include "imgreg/yaml.h"
/* The rewrite step: every image the rules select, pointed at the target registry. */

struct ir_rewrite {
	const struct ir_settings *settings;	/* borrowed */
	bool strict;			/* an invalid reference is an error, not a warning */
	unsigned long rewritten;	/* counts, for -v and the conformance script */
	unsigned long unchanged;	/* already under the target or not selected */
	unsigned long templated;	/* holding {{...}} */
	unsigned long invalid;
};

/* Rewrites the images of one document; ctx is a struct ir_rewrite. Returns 0 or an exit
 * status (IR_EXIT_INPUT for an invalid reference with strict). */
int ir_rewrite_doc(struct ir_doc *doc, void *ctx);
#endif
