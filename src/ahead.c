/* Parsing ahead on other threads, the work running on the caller's (ahead.h). */
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <time.h>

#include "imgreg/ahead.h"
#include "imgreg/buf.h"

/*
 * The current part's queued jobs weigh at most this much (handover.c: the pages a document's
 * nodes and strings take), unless one job alone weighs more, and each later part's at most
 * a quarter of it (a part of Deployments weighs about 400 KB): this bounds what is parsed
 * ahead of the caller, which a stream of tiny documents, thousands to a part, would
 * otherwise make ten times its size (tests/pathological, documents-1000000).
 */
#define MAX_WEIGHT ((size_t)2 << 20)

/*
 * The caller's thread wakes for jobs weighing this much together (or a call, or the part's
 * end), and then takes them all: waking it for every small document cost more than the parse.
 */
#define BATCH_WEIGHT (MAX_WEIGHT / 4)

/*
 * Threads parsing parts; with the caller's, one more than these machines' two cores. The
 * second starts only once the parse is behind: from part DECIDE_PARTS on, when the caller's
 * thread has spent more than half of the time since part WARMUP_PARTS waiting for jobs
 * (before that part it waits whatever the pace, and a few parts may wait by chance). Where
 * the caller's work is the larger or about as large (imgreg-rewrite, -pullsecret, -verify on
 * workflows with embedded manifests), it waits 2-25% of the time, and a third thread would
 * only take turns with it; where the parse is the larger (imgreg-entrypoint there, every
 * filter on Deployments and Lists), it waits 75-90% of the time. Counting its waits instead,
 * as before, started the thread by chance after a few early ones.
 */
#define PRODUCERS 2
#define WARMUP_PARTS 2
#define DECIDE_PARTS 10

/*
 * Parts are taken for parsing no further than this many from the one whose work runs: with
 * two parsing threads, three keep both busy while the caller's thread finishes a part (two
 * left one waiting half the time), and bound what is parsed ahead.
 */
#define WINDOW 3

struct runner;
static void *producer(void *arg);

/* One part: its queue of jobs and how its parse ended. */
struct ir_ahead {
	struct runner *r;
	size_t index;
	struct ir_ahead_job *head, *tail;
	size_t weight;			/* of the queued jobs */
	bool call;			/* one of them is a call (the parsing side waits for it) */
	bool full;			/* the parsing side waits for room */
	bool busy;			/* a parsing thread is in produce for it */
	bool ended;			/* produce has returned, or never will run */
	bool dropped;			/* the part's work will not run */
	int result;			/* produce's value */
	size_t next;			/* the part after it (ir_ahead_next()) */
};

/* A run: its parts, its threads' shared state, and how the caller's side stands. */
struct runner {
	ir_ahead_fn produce;
	void *arg;
	struct ir_ahead *parts;
	size_t nparts;
	size_t untaken;			/* the next part for a parsing thread */
	size_t current;			/* the part whose work runs */
	pthread_t threads[PRODUCERS];
	size_t started;			/* of the threads */
	uint64_t since, waited;		/* when part WARMUP_PARTS was first taken, and how long
					 * the caller's thread has waited for jobs since */
	bool starved;			/* the caller's thread waited for the current part */
	bool finished;			/* the caller's side wants no more */
	pthread_mutex_t lock;		/* guards all of the above and the parts */
	pthread_cond_t more;		/* the current part: a batch, a call, its end */
	pthread_cond_t room;		/* jobs taken, a call run, the window moved, a drop */
	atomic_bool stopped;		/* a job returned nonzero: run no more */
	int stop_rc;			/* ... this value */
};

/* True when the caller's thread has a reason to take q's jobs; under the lock. */
static bool
ready(const struct ir_ahead *q)
{
	return q->ended || (q->head && (q->call || q->full || q->weight >= BATCH_WEIGHT));
}

/* Wakes the caller's thread when q is the part it waits for; under the lock. */
static void
wake_caller(struct ir_ahead *q)
{
	if (q->index == q->r->current)
		pthread_cond_signal(&q->r->more);
}

/* True when q's work will not run: a job stopped the caller, or q is dropped. */
static bool
gone(struct ir_ahead *q)
{
	return q->dropped || atomic_load_explicit(&q->r->stopped, memory_order_relaxed);
}

/*
 * True when the parse of part q should wait for the caller's thread to need it: that thread
 * is busy with work it has (it did not wait for the last part it took), and a part before q
 * is being parsed. Three threads share two cores: the caller's, on the critical path, then
 * keeps one to itself. Under the lock.
 */
static bool
yields(const struct ir_ahead *q)
{
	const struct runner *r = q->r;
	size_t j;

	if (r->starved)
		return false;
	for (j = r->current; j < q->index; j++)
		if (r->parts[j].busy)
			return true;
	return false;
}

/*
 * Queues job, waiting first for room (unless it is a call) and for the caller to need it;
 * under the lock. Returns false, having queued nothing, when q's work will not run.
 */
static bool
enqueue(struct ir_ahead *q, struct ir_ahead_job *job, bool call)
{
	while (!call && !gone(q)) {
		q->full = q->head && q->weight + job->weight >
		    (q->index == q->r->current ? MAX_WEIGHT : MAX_WEIGHT / 4);
		if (!q->full && !yields(q))
			break;
		if (q->full)
			wake_caller(q);
		pthread_cond_wait(&q->r->room, &q->r->lock);
	}
	if (gone(q))
		return false;
	q->full = false;
	job->next = NULL;
	if (q->tail)
		q->tail->next = job;
	else
		q->head = job;
	q->tail = job;
	q->weight += job->weight;
	q->call |= call;
	if (ready(q))
		wake_caller(q);
	return true;
}

/* The time of a monotonic clock in nanoseconds. */
static uint64_t
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* Starts another parsing thread when the parse is behind (PRODUCERS), as the caller's thread
 * starts to wait for part q at time t; under the lock. */
static void
maybe_start(struct runner *r, const struct ir_ahead *q, uint64_t t)
{
	if (q->index >= DECIDE_PARTS && r->waited * 2 > t - r->since &&
	    r->started < PRODUCERS && r->started < r->nparts &&
	    pthread_create(&r->threads[r->started], NULL, producer, r) == 0)
		r->started++;
}

/* Takes q's queued jobs, once there is a reason to; NULL when its parse has ended and
 * nothing is left. */
static struct ir_ahead_job *
take(struct ir_ahead *q)
{
	struct runner *r = q->r;
	struct ir_ahead_job *jobs;
	bool counted = q->index >= WARMUP_PARTS, waited = false;
	uint64_t from = 0;

	pthread_mutex_lock(&r->lock);
	if (counted && r->since == 0)
		r->since = now();
	while (!ready(q)) {
		if (!r->starved) {
			r->starved = true;	/* the parse is behind: every thread parses */
			pthread_cond_broadcast(&r->room);
		}
		if (!waited && counted)
			maybe_start(r, q, from = now());
		waited = true;
		pthread_cond_wait(&r->more, &r->lock);
	}
	if (from)
		r->waited += now() - from;
	if (!waited)
		r->starved = false;
	jobs = q->head;
	q->head = q->tail = NULL;
	q->weight = 0;
	q->call = false;
	q->full = false;
	pthread_cond_broadcast(&r->room);
	pthread_mutex_unlock(&r->lock);
	return jobs;
}

/* Marks a call as run with value rc, for the parsing side waiting on it; under the lock. */
static void
call_done(struct runner *r, struct ir_ahead_job *job, int rc)
{
	job->rc = rc;
	job->done = true;
	pthread_cond_broadcast(&r->room);
}

/*
 * Runs one job unless the caller has stopped (a job that fails stops it), then drops it, or
 * for a call gives its value back to the waiting parsing side.
 */
static void
run_job(struct runner *r, struct ir_ahead_job *job)
{
	bool stopped = atomic_load_explicit(&r->stopped, memory_order_relaxed);
	int rc = stopped ? r->stop_rc : job->run(job);

	if (rc != 0 && !stopped) {
		r->stop_rc = rc;
		atomic_store_explicit(&r->stopped, true, memory_order_release);
	}
	if (job->drop) {
		job->drop(job);
		return;
	}
	pthread_mutex_lock(&r->lock);
	call_done(r, job, rc);
	pthread_mutex_unlock(&r->lock);
}

/*
 * Drops part q: its queued jobs are dropped unrun, its calls answered, and its parse told
 * to end. Called on the caller's thread.
 */
static void
drop_part(struct ir_ahead *q)
{
	struct runner *r = q->r;
	struct ir_ahead_job *jobs, *job;
	int rc;

	pthread_mutex_lock(&r->lock);
	q->dropped = true;
	jobs = q->head;
	q->head = q->tail = NULL;
	q->weight = 0;
	rc = atomic_load(&r->stopped) ? r->stop_rc : 1;
	pthread_cond_broadcast(&r->room);
	pthread_mutex_unlock(&r->lock);
	while ((job = jobs) != NULL) {
		jobs = job->next;
		if (job->drop)
			job->drop(job);
		else {
			pthread_mutex_lock(&r->lock);
			call_done(r, job, rc);
			pthread_mutex_unlock(&r->lock);
		}
	}
}

/* The next part a parsing thread should parse, waiting for the window; NULL for none. */
static struct ir_ahead *
claim(struct runner *r)
{
	struct ir_ahead *q = NULL;

	pthread_mutex_lock(&r->lock);
	while (!r->finished && r->untaken < r->nparts) {
		q = &r->parts[r->untaken];
		if (q->dropped) {
			q->ended = true;
			r->untaken++;
		} else if (r->untaken < r->current + WINDOW) {
			r->untaken++;
			q->busy = true;
			break;
		} else
			pthread_cond_wait(&r->room, &r->lock);
		q = NULL;
	}
	pthread_mutex_unlock(&r->lock);
	return q;
}

/* A parsing thread: parses parts in turn, then ends. */
static void *
producer(void *arg)
{
	struct runner *r = arg;
	struct ir_ahead *q;
	int result;

	while ((q = claim(r)) != NULL) {
		result = r->produce(q, r->arg, q->index);
		pthread_mutex_lock(&r->lock);
		q->result = result;
		q->ended = true;
		q->busy = false;
		wake_caller(q);
		pthread_cond_broadcast(&r->room);	/* a later part's parse may go on */
		pthread_mutex_unlock(&r->lock);
	}
	return NULL;
}

/* Runs part q's work as it comes, until its parse has ended and nothing is left. */
static void
run_part(struct runner *r, struct ir_ahead *q)
{
	struct ir_ahead_job *jobs, *job;

	while ((jobs = take(q)) != NULL)
		while ((job = jobs) != NULL) {
			jobs = job->next;	/* before the job is dropped */
			run_job(r, job);
		}
}

/* Makes part k the one whose work runs, dropping those from from up to it. */
static void
move_to(struct runner *r, size_t from, size_t k)
{
	for (; from < k && from < r->nparts; from++)
		drop_part(&r->parts[from]);
	pthread_mutex_lock(&r->lock);
	r->current = k;
	pthread_cond_broadcast(&r->room);
	pthread_mutex_unlock(&r->lock);
}

/* Runs the parts' work in order on the caller's thread; fills *end. */
static void
consume(struct runner *r, struct ir_ahead_end *end)
{
	struct ir_ahead *q;
	size_t k = 0, next;

	for (;;) {
		q = &r->parts[k];
		run_part(r, q);
		end->part = k;
		end->rc = q->result;
		next = q->next;
		if (atomic_load(&r->stopped) || q->result != 0 || next >= r->nparts)
			break;
		move_to(r, k + 1, next);
		k = next;
	}
	pthread_mutex_lock(&r->lock);
	r->finished = true;
	pthread_mutex_unlock(&r->lock);
	for (k = 0; k < r->nparts; k++)
		if (!r->parts[k].dropped)
			drop_part(&r->parts[k]);
	end->stopped = atomic_load(&r->stopped);
	if (end->stopped)
		end->rc = r->stop_rc;
}

bool
ir_ahead_run(ir_ahead_fn produce, void *arg, size_t nparts, struct ir_ahead_end *end)
{
	struct runner r = { .produce = produce, .arg = arg, .nparts = nparts };
	size_t i;

	if (nparts == 0)
		nparts = r.nparts = 1;
	r.parts = ir_xcalloc(nparts, sizeof(*r.parts));
	for (i = 0; i < nparts; i++) {
		r.parts[i].r = &r;
		r.parts[i].index = i;
		r.parts[i].next = i + 1;
	}
	pthread_mutex_init(&r.lock, NULL);
	pthread_cond_init(&r.more, NULL);
	pthread_cond_init(&r.room, NULL);
	atomic_init(&r.stopped, false);
	if (pthread_create(&r.threads[0], NULL, producer, &r) == 0) {
		r.started = 1;
		consume(&r, end);
	}
	for (i = 0; i < r.started; i++)
		pthread_join(r.threads[i], NULL);
	pthread_cond_destroy(&r.room);
	pthread_cond_destroy(&r.more);
	pthread_mutex_destroy(&r.lock);
	free(r.parts);
	return r.started > 0;
}

void
ir_ahead_next(struct ir_ahead *q, size_t part)
{
	q->next = part;
}

bool
ir_ahead_put(struct ir_ahead *q, struct ir_ahead_job *job)
{
	bool queued;

	pthread_mutex_lock(&q->r->lock);
	queued = enqueue(q, job, false);
	pthread_mutex_unlock(&q->r->lock);
	if (!queued)
		job->drop(job);
	return ir_ahead_stopped(q);
}

int
ir_ahead_call(struct ir_ahead *q, struct ir_ahead_job *job)
{
	struct runner *r = q->r;
	int rc;

	job->drop = NULL;	/* marks a call */
	job->weight = 0;
	job->done = false;
	pthread_mutex_lock(&r->lock);
	if (!enqueue(q, job, true))
		call_done(r, job, atomic_load(&r->stopped) ? r->stop_rc : 1);
	while (!job->done)
		pthread_cond_wait(&r->room, &r->lock);
	rc = job->rc;
	pthread_mutex_unlock(&r->lock);
	return rc;
}

bool
ir_ahead_stopped(struct ir_ahead *q)
{
	bool dropped;

	pthread_mutex_lock(&q->r->lock);
	dropped = q->dropped;
	pthread_mutex_unlock(&q->r->lock);
	return dropped || atomic_load_explicit(&q->r->stopped, memory_order_relaxed);
}
