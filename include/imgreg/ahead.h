#ifndef IMGREG_AHEAD_H
#define IMGREG_AHEAD_H

#include <stdbool.h>
#include <stddef.h>

/*
 * Parsing ahead: a large input is parsed on other threads while the caller's thread runs
 * the work handed over from them (handover.c hands over each finished document). The input may
 * come in parts (yaml_parse.c cuts a stream of many documents at document starts), each parsed on
 * its own, up to two at a time; the work of a part runs after the work of the parts before
 * it. All work runs on the caller's thread, one job at a time and in that order, so what it
 * calls needs no locks and its messages come out in the same order as without the threads.
 */
struct ir_ahead;

/* A piece of work for the caller's thread; embed it first in a larger struct. */
struct ir_ahead_job {
	int (*run)(struct ir_ahead_job *job);	/* does the work; nonzero stops the caller */
	void (*drop)(struct ir_ahead_job *job);	/* frees a job given with ir_ahead_put() */
	size_t weight;		/* how much memory it holds, in any unit: bounds the queue */
	struct ir_ahead_job *next;
	bool done;		/* ir_ahead_call(): run has returned ... */
	int rc;			/* ... this */
};

/*
 * The parsing side of one part: runs on another thread, hands work over with ir_ahead_put()
 * and ir_ahead_call(), and returns its result (nonzero ends the run there).
 */
typedef int (*ir_ahead_fn)(struct ir_ahead *q, void *arg, size_t part);

/* How a run ended. */
struct ir_ahead_end {
	int rc;		/* the value of the first job that returned nonzero, else of the part */
	bool stopped;	/* a job returned nonzero (the jobs after it were dropped unrun) */
	size_t part;	/* not stopped: the last part whose work ran, which gave rc */
};

/*
 * Runs produce(q, arg, part) for part 0, then for the part each one names as next
 * (ir_ahead_next(), part + 1 unless it says otherwise), until one returns nonzero or the
 * next is nparts, on up to two other threads; the jobs they hand over run on this one, part
 * by part. Parts passed over are dropped: their jobs never run. Fills *end. Returns false,
 * having run nothing, when no thread could be started.
 */
bool ir_ahead_run(ir_ahead_fn produce, void *arg, size_t nparts, struct ir_ahead_end *end);

/*
 * The parsing side of a part names the part whose work comes after its own: one after it
 * unless this is called, nparts for none. The parts in between are dropped.
 */
void ir_ahead_next(struct ir_ahead *q, size_t part);

/*
 * Hands over a job made with malloc: it runs after the jobs before it, and is then dropped.
 * Waits while the part's queued jobs weigh too much. Returns true when the part's work will
 * not run (the caller's side stopped, or the part is dropped): the parse should end (the job
 * is dropped unrun).
 */
bool ir_ahead_put(struct ir_ahead *q, struct ir_ahead_job *job);

/*
 * Runs job on the caller's thread after the jobs before it, and waits for it: the parsing
 * side may change what the job reads once this returns. Returns the job's value (after a
 * stop, the value that stopped the caller, without running the job; 1 when the part is
 * dropped). The job stays the parsing side's.
 */
int ir_ahead_call(struct ir_ahead *q, struct ir_ahead_job *job);

/* True when the part's work will not run: its parse may end early. */
bool ir_ahead_stopped(struct ir_ahead *q);

#endif
