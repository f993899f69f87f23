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

/* Frees what a job owns but its result. */
static void
job_clear(struct ir_verify_job *job)
{
	if (!job->borrowed)
		free(job->text);
	job->text = NULL;
	free(job->hashes);
	job->hashes = NULL;
	free(job->changed);
	job->changed = NULL;
	free(job->run);
	job->run = NULL;
	free(job->stand_in);
	job->stand_in = NULL;
	free(job->runs);
	job->runs = NULL;
	free(job->whole_changed);
	job->whole_changed = NULL;
}

/* Parses text (masked in place as the input was) and compares it with x. */
static long
check(struct ir_verify_job *job, const char *text, size_t len,
    const struct ir_verify_expect *x, const struct ir_range *changed, size_t nchanged)
{
	struct ir_stream again;
	long bad;

	ir_stream_init(&again, "", text, len, job->mask);
	bad = ir_verify_expected(again.data, again.len, x, changed, nchanged, job->err,
	    sizeof(job->err));
	ir_stream_release(&again);
	return bad;
}

/* True when a run of items taken out of the job's text did not check out. */
static bool
run_failed(const struct ir_verify_job *job)
{
	size_t i;

	for (i = 0; i < job->nruns; i++)
		if (job->runs[i]->bad != 0)
			return true;
	return false;
}

/* Checks one job: a run of items, or a part (with runs taken out, unless one of them failed:
 * then the part's whole text); only the result is kept. */
static void
run_job(struct ir_verify_job *job)
{
	struct ir_verify_expect x = { .hashes = job->hashes, .ndocs = job->ndocs };

	if (job->run) {
		x.run = job->run;
		x.nrun = job->nrun;
	} else if (job->stand_in && !run_failed(job)) {
		x.stand_in = job->stand_in;
		x.nstand_in = job->nstand_in;
		x.stand_in_doc = job->stand_in_doc;
	} else if (job->whole) {
		job->bad = check(job, job->whole, job->whole_len, &x, job->whole_changed,
		    job->nwhole_changed);
		job_clear(job);
		return;
	}
	job->bad = check(job, job->text, job->len, &x, job->changed, job->nchanged);
	job_clear(job);
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
		/* a failure decides the run (that of a run of items does not): the later jobs
		 * need not be checked */
		if (job->bad != 0 && job->nrun == 0)
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
		if ((run_job(job), job->bad != 0 && job->nrun == 0))
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
		if (job->bad != 0 && job->nrun == 0)
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
		job_clear(job);
		free(job);
	}
	pthread_mutex_destroy(&v->lock);
	pthread_cond_destroy(&v->wake);
	pthread_cond_destroy(&v->idle);
	free(v);
}
