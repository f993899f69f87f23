#ifndef IMGREG_AHEAD_H
#define IMGREG_AHEAD_H

#include <stdbool.h>
#include <stddef.h>

/*
 * Parsing ahead: a large input is parsed on a second thread while the caller's thread runs
 * the work handed over from it (yaml.c hands over each finished document). The work runs on
 * the caller's thread, one job at a time and in the order handed over, so what it calls
 * needs no locks and its messages come out in the same order as without the thread.
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
 * The parsing side: runs on the second thread, hands work over with ir_ahead_put() and
 * ir_ahead_call(), and returns its result.
 */
typedef int (*ir_ahead_fn)(struct ir_ahead *q, void *arg);

/*
 * Runs produce(q, arg) on a second thread and the jobs it hands over on this one. Sets *rc
 * to the value of the first job that returned nonzero (then *stopped is true, and the jobs
 * after it are dropped without running), else to produce's value. Returns false, having run
 * nothing, when no thread could be started.
 */
bool ir_ahead_run(ir_ahead_fn produce, void *arg, int *rc, bool *stopped);

/*
 * Hands over a job made with malloc: it runs after the jobs before it, and is then dropped.
 * Waits while the queued jobs weigh too much. Returns true when the caller's side has
 * stopped: the parse should end (the job is dropped unrun).
 */
bool ir_ahead_put(struct ir_ahead *q, struct ir_ahead_job *job);

/*
 * Runs job on the caller's thread after the jobs before it, and waits for it: the parsing
 * side may change what the job reads once this returns. Returns the job's value (after a
 * stop, the value that stopped the caller, without running the job). The job stays the
 * parsing side's.
 */
int ir_ahead_call(struct ir_ahead *q, struct ir_ahead_job *job);

/* True when the caller's side has stopped: the parse may end early. */
bool ir_ahead_stopped(struct ir_ahead *q);

#endif
