/* Parsing ahead on a second thread, the work running on the caller's (ahead.h). */
#include <pthread.h>
#include <stdatomic.h>

#include "imgreg/ahead.h"

/*
 * The queued jobs weigh at most this much (yaml.c: the bytes a document's nodes and strings
 * take), unless one job alone weighs more: a few MB ahead keeps both threads busy.
 */
#define MAX_WEIGHT ((size_t)4 << 20)

/*
 * The caller's thread wakes for jobs weighing this much together (or a call, or the end),
 * and then takes them all: waking it for every small document cost more than the parse.
 */
#define BATCH_WEIGHT (MAX_WEIGHT / 4)

struct ir_ahead {
	ir_ahead_fn produce;
	void *arg;
	int result;			/* produce's value */
	pthread_mutex_t lock;
	pthread_cond_t more;		/* a batch of jobs came, or a call, or the end */
	pthread_cond_t room;		/* the jobs were taken, or a call was run */
	struct ir_ahead_job *head, *tail;
	size_t weight;			/* of the queued jobs */
	bool call;			/* one of them is a call (the parsing side waits for it) */
	bool full;			/* the parsing side waits for room */
	bool ended;			/* produce has returned */
	atomic_bool stopped;		/* a job returned nonzero: run no more */
	int stop_rc;			/* ... this value */
};

/* The second thread: the parse, then the news that it ended. */
static void *
producer(void *arg)
{
	struct ir_ahead *q = arg;
	int result = q->produce(q, q->arg);

	pthread_mutex_lock(&q->lock);
	q->result = result;
	q->ended = true;
	pthread_cond_signal(&q->more);
	pthread_mutex_unlock(&q->lock);
	return NULL;
}

/* True when the caller's thread has a reason to take the queued jobs; under the lock. */
static bool
ready(const struct ir_ahead *q)
{
	return q->ended || (q->head && (q->call || q->full || q->weight >= BATCH_WEIGHT));
}

/* Queues job, waiting for room first unless it is a call; called with the lock held. */
static void
enqueue(struct ir_ahead *q, struct ir_ahead_job *job, bool call)
{
	while (!call && q->head && q->weight + job->weight > MAX_WEIGHT) {
		q->full = true;
		pthread_cond_signal(&q->more);
		pthread_cond_wait(&q->room, &q->lock);
	}
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
		pthread_cond_signal(&q->more);
}

/* Takes every queued job, once there is a reason to; NULL when the parsing side has ended
 * and nothing is left. */
static struct ir_ahead_job *
take(struct ir_ahead *q)
{
	struct ir_ahead_job *jobs;

	pthread_mutex_lock(&q->lock);
	while (!ready(q))
		pthread_cond_wait(&q->more, &q->lock);
	jobs = q->head;
	q->head = q->tail = NULL;
	q->weight = 0;
	q->call = false;
	q->full = false;
	pthread_cond_broadcast(&q->room);
	pthread_mutex_unlock(&q->lock);
	return jobs;
}

/*
 * Runs one job unless the caller has stopped (a job that fails stops it), then drops it, or
 * for a call gives its value back to the waiting parsing side.
 */
static void
run_job(struct ir_ahead *q, struct ir_ahead_job *job)
{
	bool stopped = atomic_load_explicit(&q->stopped, memory_order_relaxed);
	int rc = stopped ? q->stop_rc : job->run(job);

	if (rc != 0 && !stopped) {
		q->stop_rc = rc;
		atomic_store_explicit(&q->stopped, true, memory_order_relaxed);
	}
	if (job->drop) {
		job->drop(job);
		return;
	}
	pthread_mutex_lock(&q->lock);
	job->rc = rc;
	job->done = true;
	pthread_cond_broadcast(&q->room);
	pthread_mutex_unlock(&q->lock);
}

bool
ir_ahead_run(ir_ahead_fn produce, void *arg, int *rc, bool *stopped)
{
	struct ir_ahead q = { .produce = produce, .arg = arg };
	struct ir_ahead_job *jobs, *job;
	pthread_t thread;

	pthread_mutex_init(&q.lock, NULL);
	pthread_cond_init(&q.more, NULL);
	pthread_cond_init(&q.room, NULL);
	atomic_init(&q.stopped, false);
	if (pthread_create(&thread, NULL, producer, &q) != 0) {
		pthread_cond_destroy(&q.room);
		pthread_cond_destroy(&q.more);
		pthread_mutex_destroy(&q.lock);
		return false;
	}
	while ((jobs = take(&q)) != NULL)
		while ((job = jobs) != NULL) {
			jobs = job->next;	/* before the job is dropped */
			run_job(&q, job);
		}
	pthread_join(thread, NULL);
	*stopped = atomic_load(&q.stopped);
	*rc = *stopped ? q.stop_rc : q.result;
	pthread_cond_destroy(&q.room);
	pthread_cond_destroy(&q.more);
	pthread_mutex_destroy(&q.lock);
	return true;
}

bool
ir_ahead_put(struct ir_ahead *q, struct ir_ahead_job *job)
{
	pthread_mutex_lock(&q->lock);
	enqueue(q, job, false);
	pthread_mutex_unlock(&q->lock);
	return ir_ahead_stopped(q);
}

int
ir_ahead_call(struct ir_ahead *q, struct ir_ahead_job *job)
{
	int rc;

	job->drop = NULL;	/* marks a call */
	job->weight = 0;
	job->done = false;
	pthread_mutex_lock(&q->lock);
	enqueue(q, job, true);
	while (!job->done)
		pthread_cond_wait(&q->room, &q->lock);
	rc = job->rc;
	pthread_mutex_unlock(&q->lock);
	return rc;
}

bool
ir_ahead_stopped(struct ir_ahead *q)
{
	return atomic_load_explicit(&q->stopped, memory_order_relaxed);
}
