#ifndef IMGREG_PARTS_H
#define IMGREG_PARTS_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "imgreg/buf.h"
#include "imgreg/yaml.h"
/*
 * Verification in parts (src/parts.c): the driver (process.c) writes an input stream's edited
 * text into the output part by part, and each part is checked on the verifier's thread while
 * the next is edited. Parts end before a document that parses alone as in the stream; a List
 * is also cut into runs of items, checked alone (verifier.h).
 */
/*
 * A part, or a run of List items, holds at least this many bytes of input; a smaller input is
 * one part, checked at the end (without a thread).
 */
#define IR_PART_SIZE (256 * 1024)

struct ir_stream;
struct ir_verifier;
struct ir_verify_job;
struct ir_range;

struct ir_parts {
	struct ir_stream *s;
	struct ir_verifier *v;
	struct ir_buf *out;	/* the output, written part by part */
	size_t copied;		/* out holds the edited text of the input up to here */
	size_t written;		/* and the splices numbered below this */
	size_t nparts;
	size_t nproven;		/* parts not checked: every edit provably reads back */
	size_t nruns_all;	/* runs of items cut, in all parts */
	size_t nruns_proven;	/* those of them not checked: every edit provably reads back */
	size_t next_start;	/* the part not finished yet: where it starts, */
	size_t next_doc;	/* its first document, */
	size_t next_splice;	/* and its first splice */
	size_t part_out;	/* where its text starts in out, or -1 while none is written */
	struct ir_range *changed;	/* where its splices wrote, from part_out on */
	size_t nchanged, capchanged;
	/* a List of the part cut into runs of items */
	bool cutting;		/* the current document's items are cut */
	size_t list_doc;	/* its number in the stream */
	size_t run_start;	/* the run not cut yet: where it starts, */
	size_t run_splice;	/* its first splice, */
	size_t run_item;	/* and its first item */
	size_t runs_at;		/* in out, where the first run starts, */
	size_t runs_end;	/* and where the last ends */
	uint64_t *stand_in;	/* the hashes of the items in runs */
	size_t nstand_in, capstand_in;
	struct ir_verify_job **runs;	/* the jobs of those not proven */
	size_t nruns, capruns;
};

/* Starts the parts of stream s, checked by v, written to out. */
void ir_parts_init(struct ir_parts *p, struct ir_stream *s, struct ir_verifier *v,
    struct ir_buf *out);

/* Before document doc is edited: ends a part there when it is due. Returns 0, or -1 for
 * overlapping edits. */
int ir_parts_doc(struct ir_parts *p, const struct ir_doc *doc);

/* Before a List item handed over alone (doc->unit) is edited: ends a run of items there when
 * it is due. Returns 0, or -1 for overlapping edits. */
int ir_parts_item(struct ir_parts *p, const struct ir_doc *doc);

/*
 * Ends the last part and waits for every check; then the output is complete. Returns 0 and
 * sets *bad to the first check that failed (NULL when none), or -1 for overlapping edits.
 */
int ir_parts_finish(struct ir_parts *p, const struct ir_verify_job **bad);

/* Frees what the parts hold (not the verifier). */
void ir_parts_free(struct ir_parts *p);
#endif
