#ifndef IMGREG_PROCESS_H
#define IMGREG_PROCESS_H
#include <stdbool.h>
#include <stddef.h>

#include "imgreg/buf.h"
#include "imgreg/locate.h"
#include "imgreg/yaml.h"
/*
 * The driver every editing filter shares: parse a stream, let the filter edit each document,
 * descend into embedded manifests, apply the splices, and parse the result again to check it.
 */
struct ir_stream;

struct ir_filter {
	/* Edits one document (top-level or embedded); returns 0 or an exit status. */
	int (*doc_fn)(struct ir_doc *doc, void *ctx);
	void *ctx;
	bool verify;		/* parse the edited text again and compare (default on) */
	bool embedded;		/* descend into embedded manifests */
	enum ir_holds embedded_needs;	/* only those that may hold these (ir_locate_may_hold()):
					 * doc_fn would change nothing and say nothing in others */
	bool items;		/* doc_fn finds objects with ir_locate_objects() only: a List is
				 * handed to it item by item (yaml.h, units), never held whole */
};

/* What processing one stream gave. */
struct ir_result {
	bool changed;		/* out holds the edited text */
	size_t nedits;		/* splices made, embedded ones counted once as their string */
	size_t parts;		/* parts the edited text was checked in (parts.h) */
	size_t runs;		/* runs of List items cut from them, each checked alone, */
	size_t runs_proven;	/* but those whose every edit provably reads back */
	size_t proven;		/* parts (or, embedded, the text) whose every edit provably
				 * reads back, not parsed again (ir_edits_inert()) */
	bool parse_error;	/* the text is not YAML: err_off and err say where and why */
	size_t err_off;
	char err[300];
};

/*
 * Processes stream s with filter f. On success (0) and res->changed, out holds the whole
 * edited text; on failure out is empty. Returns 0 or an exit status; on a parse error the
 * status is IR_EXIT_INPUT and res says where (nothing has been printed).
 */
int ir_process(struct ir_stream *s, const struct ir_filter *f, struct ir_buf *out,
    struct ir_result *res);
#endif
