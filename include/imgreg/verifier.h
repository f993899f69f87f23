#ifndef IMGREG_VERIFIER_H
#define IMGREG_VERIFIER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * Verification jobs: parts of an edited stream to parse again and compare (verify.h), run on
 * a second thread while the driver goes on editing the rest, or in the caller's thread at the
 * end. A job is the edited text of whole documents that parse alone as they do in the stream
 * (process.c cuts them), with copies of what it is compared with, so the driver's own state
 * may change under it. A List is also cut at lines that start an item: each run of items is
 * a job of its own, and the part's job has the runs taken out, one item standing for them.
 */
struct ir_verifier;

struct ir_verify_job {
	char *text;			/* the edited text, masked in place while checked */
	bool borrowed;			/* text is the caller's, else the job owns it */
	size_t len;
	bool mask;			/* mask {{...}} templates first, as the input was */
	uint64_t *hashes;		/* owned: what each document must hash to */
	size_t ndocs;
	struct ir_range *changed;	/* owned: where splices wrote, in text */
	size_t nchanged;
	size_t doc0;			/* the stream's number of the first document, from 0 */
	/* a run of List items: its failure is no verdict, it has its part checked whole */
	uint64_t *run;			/* owned: what each item must hash to */
	size_t nrun;
	/* a part with runs of items taken out */
	uint64_t *stand_in;		/* owned: the hashes of the items taken out (verify.h) */
	size_t nstand_in;
	size_t stand_in_doc;		/* the List's document, counted from doc0 */
	struct ir_verify_job **runs;	/* owned array: the runs' jobs, added before this one */
	size_t nruns;
	const char *whole;		/* borrowed: the part's whole text, checked instead when a
					 * run failed */
	size_t whole_len;
	struct ir_range *whole_changed;	/* owned: where splices wrote, in whole */
	size_t nwhole_changed;
	long bad;			/* the result: ir_verify_expected()'s value */
	char err[300];
	struct ir_verify_job *next;
};

/* Creates a verifier; with threaded, jobs run on a thread started at the first job. */
struct ir_verifier *ir_verifier_new(bool threaded);

/* Queues a job made with ir_xcalloc(); the verifier owns it from now on. */
void ir_verifier_add(struct ir_verifier *v, struct ir_verify_job *job);

/* Waits until every job added so far has run (unthreaded: runs them), so that the caller
 * may move their texts. */
void ir_verifier_wait(struct ir_verifier *v);

/* Tells the verifier to skip the jobs not started yet: their result no longer matters. */
void ir_verifier_cancel(struct ir_verifier *v);

/*
 * Waits for every job (or runs them, unthreaded). Returns the first job, in the order they were
 * added, whose bad is not 0, or NULL when all passed; jobs stay until ir_verifier_free().
 */
const struct ir_verify_job *ir_verifier_finish(struct ir_verifier *v);

/* The jobs in the order they were added, after ir_verifier_finish(). */
const struct ir_verify_job *ir_verifier_jobs(const struct ir_verifier *v);

/* Frees the verifier and its jobs, after ir_verifier_finish(). */
void ir_verifier_free(struct ir_verifier *v);

#endif
