/* Verification jobs, on a second thread while the driver edits on (verifier.h). */
#include <pthread.h>
#include <stdlib.h>

#include "imgreg/buf.h"
#include "imgreg/stream.h"
#include "imgreg/verifier.h"
#include "imgreg/verify.h"

struct ir_verifier {
	struct ir_verify_job *head, *tail;
	struct ir_verify_job *pending;	/* the first job not taken by the thread yet */
	bool threaded, started, closing, cancelled;
	bool busy;			/* the thread is running a job */
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t wake;		/* a job came, or the end */
	pthread_cond_t idle;		/* the thread has nothing left to run */
};

/* Checks one job's text, masked in place for the parse as the input was. */
static void
run_job(struct ir_verify_job *job)
{
	struct ir_stream again;

	ir_stream_init(&again, "", job->text, job->len, job->mask);
	job->bad = ir_verify_check(again.data, again.len, job->hashes, job->ndocs, job->changed,
	    job->nchanged, job->err, sizeof(job->err));
	ir_stream_release(&again);
	/* only the result is kept */
	if (!job->borrowed)
		free(job->text);
	job->text = NULL;
	free(job->hashes);
	job->hashes = NULL;
	free(job->changed);
	job->changed = NULL;
}

/* The thread: takes jobs in order until told to close and none is left. */
static void *
worker(void *arg)
{
	struct ir_verifier *v = arg;
	struct ir_verify_job *job;

	pthread_mutex_lock(&v->lock);
	for (;;) {
		while (v->pending == NULL && !v->closing) {
			pthread_cond_broadcast(&v->idle);
			pthread_cond_wait(&v->wake, &v->lock);
		}
		if (v->pending == NULL)
			break;
		job = v->pending;
		v->pending = job->next;
		if (v->cancelled)
			continue;
		v->busy = true;
		pthread_mutex_unlock(&v->lock);
		run_job(job);
		pthread_mutex_lock(&v->lock);
		v->busy = false;
		/* a failure decides the run: the later jobs need not be checked */
		if (job->bad != 0)
			v->cancelled = true;
	}
	pthread_cond_broadcast(&v->idle);
	pthread_mutex_unlock(&v->lock);
	return NULL;
}

struct ir_verifier *
ir_verifier_new(bool threaded)
{
	struct ir_verifier *v = ir_xcalloc(1, sizeof(*v));

	v->threaded = threaded;
	pthread_mutex_init(&v->lock, NULL);
	pthread_cond_init(&v->wake, NULL);
	pthread_cond_init(&v->idle, NULL);
	return v;
}

void
ir_verifier_add(struct ir_verifier *v, struct ir_verify_job *job)
{
	job->next = NULL;
	pthread_mutex_lock(&v->lock);
	if (v->tail)
		v->tail->next = job;
	else
		v->head = job;
	v->tail = job;
	if (v->pending == NULL)
		v->pending = job;
	if (v->threaded && !v->started) {
		/* without a thread (none can be made) the jobs run at the end */
		v->started = pthread_create(&v->thread, NULL, worker, v) == 0;
		v->threaded = v->started;
	}
	pthread_cond_signal(&v->wake);
	pthread_mutex_unlock(&v->lock);
}

/* Runs the jobs not run yet in the caller's thread, without one of its own. */
static void
run_pending(struct ir_verifier *v)
{
	struct ir_verify_job *job;

	for (job = v->pending; job && !v->cancelled; job = job->next)
		if ((run_job(job), job->bad != 0))
			v->cancelled = true;
	v->pending = NULL;
}

void
ir_verifier_wait(struct ir_verifier *v)
{
	if (!v->started) {
		run_pending(v);
		return;
	}
	pthread_mutex_lock(&v->lock);
	while (v->pending || v->busy)
		pthread_cond_wait(&v->idle, &v->lock);
	pthread_mutex_unlock(&v->lock);
}

void
ir_verifier_cancel(struct ir_verifier *v)
{
	pthread_mutex_lock(&v->lock);
	v->cancelled = true;
	pthread_mutex_unlock(&v->lock);
}

const struct ir_verify_job *
ir_verifier_finish(struct ir_verifier *v)
{
	struct ir_verify_job *job;

	if (v->started) {
		pthread_mutex_lock(&v->lock);
		v->closing = true;
		pthread_cond_signal(&v->wake);
		pthread_mutex_unlock(&v->lock);
		pthread_join(v->thread, NULL);
		v->started = false;
	} else
		run_pending(v);
	v->pending = NULL;
	for (job = v->head; job; job = job->next)
		if (job->bad != 0)
			return job;
	return NULL;
}

const struct ir_verify_job *
ir_verifier_jobs(const struct ir_verifier *v)
{
	return v->head;
}

void
ir_verifier_free(struct ir_verifier *v)
{
	struct ir_verify_job *job, *next;

	if (v == NULL)
		return;
	for (job = v->head; job; job = next) {
		next = job->next;
		if (!job->borrowed)
			free(job->text);
		free(job->hashes);
		free(job->changed);
		free(job);
	}
	pthread_mutex_destroy(&v->lock);
	pthread_cond_destroy(&v->wake);
	pthread_cond_destroy(&v->idle);
	free(v);
}
