/* Running a filter over a stream, its documents and the manifests embedded in them. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "imgreg/edit.h"
#include "imgreg/embed.h"
#include "imgreg/exit.h"
#include "imgreg/locate.h"
#include "imgreg/msg.h"
#include "imgreg/process.h"
#include "imgreg/stream.h"
#include "imgreg/verifier.h"
#include "imgreg/verify.h"

/* Embedded manifests nest at most this deep (a manifest in a manifest in ...). */
#define MAX_DEPTH 8

/*
 * An input stream is verified in parts of at least this many bytes, each parsed again on a
 * second thread while the next is edited; a smaller input is one part, checked at the end.
 */
#define PART_SIZE (256 * 1024)

/* The state of one ir_process() call. */
struct run {
	const struct ir_filter *f;
	struct ir_stream *s;
	struct ir_verifier *v;	/* for an input stream that is verified, else NULL */
	struct ir_buf *out;	/* verified in parts: the output, written part by part */
	size_t copied;		/* out holds the edited text of the input up to here */
	size_t nparts;
	size_t next_start;	/* the part not finished yet: where it starts, */
	size_t next_doc;	/* its first document, */
	size_t next_splice;	/* and its first splice */
};

/* True when a string looks like it was meant to hold a Kubernetes manifest. */
static bool
looks_like_manifest(const struct ir_node *n)
{
	return strstr(n->text, "kind:") && strstr(n->text, "apiVersion:");
}

/* Warns that an embedded manifest at node id is left unchanged. */
static void
embedded_warning(struct ir_doc *doc, ir_id id, const char *why)
{
	const char *file;
	unsigned long line, col;

	ir_stream_pos(doc->stream, doc->nodes[id].start, &file, &line, &col);
	ir_msg(IR_MSG_WARNING, file, line, col, "embedded manifest left unchanged: %s", why);
}

/* Processes the manifest embedded in scalar id. */
static int
embedded(struct ir_doc *doc, ir_id id, void *arg)
{
	struct run *r = arg;
	struct ir_node *n = &doc->nodes[id];
	struct ir_stream inner;
	struct ir_result res;
	struct ir_buf out = IR_BUF_INIT;
	const char *why;
	char msg[400];
	int rc;

	if (n->kind != IR_SCALAR || !looks_like_manifest(n) || doc->stream->depth >= MAX_DEPTH)
		return 0;
	if (ir_embed_open(doc, id, &inner, &why) != 0) {
		embedded_warning(doc, id, why);
		return 0;
	}
	rc = ir_process(&inner, r->f, &out, &res);
	if (res.parse_error) {
		const char *file;
		unsigned long line, col;

		ir_stream_pos(&inner, res.err_off, &file, &line, &col);
		snprintf(msg, sizeof(msg), "not valid YAML at %lu:%lu: %s", line, col, res.err);
		embedded_warning(doc, id, msg);
		rc = 0;
	} else if (rc == 0 && res.changed && ir_embed_close(doc, id, &inner, &why) != 0)
		embedded_warning(doc, id, why);
	ir_buf_free(&out);
	ir_stream_release(&inner);
	return rc;
}

/*
 * Makes room for n more bytes in the output. The checks queued so far read their text in
 * place there, so before the buffer moves to grow they are waited for. It is first sized for
 * the input and an eighth more, which edits rarely outgrow.
 */
static void
out_reserve(struct run *r, size_t n)
{
	struct ir_buf *out = r->out;
	size_t first = r->s->len + r->s->len / 8;

	if (out->cap == 0)
		ir_buf_grow(out, first > n ? first : n);
	else if (out->cap - out->len <= n) {
		ir_verifier_wait(r->v);
		ir_buf_grow(out, n);
	}
}

/* Appends n bytes to the output. */
static void
out_add(struct run *r, const char *p, size_t n)
{
	out_reserve(r, n);
	ir_buf_add(r->out, p, n);
}

/*
 * Ends the current part at end, before document ndocs. When it changed, writes its edited
 * text to the output (after the unchanged bytes before it) and has it checked there. Returns
 * 0, 1 when a splice lies beyond end (the part goes on), or -1 for overlapping edits.
 */
static int
end_part(struct run *r, size_t end, size_t ndocs)
{
	struct ir_stream *s = r->s;
	struct ir_verify_job *job;
	const struct ir_splice *sp;
	size_t nsp, at;
	int rc;

	ir_stream_unmask_to(s, end);
	if (ir_edits_count(s->edits) > r->next_splice) {
		/* the unchanged bytes before the part, then the part edited in place after them */
		out_reserve(r, end - r->copied + ir_edits_added(s->edits, r->next_splice));
		out_add(r, s->orig + r->copied, r->next_start - r->copied);
		r->copied = r->next_start;
		at = r->out->len;
		rc = ir_edits_apply_range(s->edits, r->next_splice, r->next_start, end, r->out,
		    &sp, &nsp);
		if (rc != 0)
			return rc == -2 ? 1 : -1;
		job = ir_xcalloc(1, sizeof(*job));
		job->len = r->out->len - at;
		job->mask = s->nmasks > 0;
		job->ndocs = ndocs - r->next_doc;
		job->hashes = ir_xmalloc((job->ndocs + 1) * sizeof(*job->hashes));
		memcpy(job->hashes, s->hashes + r->next_doc, job->ndocs * sizeof(*job->hashes));
		job->changed = ir_verify_changed(sp, nsp, r->next_start);
		job->nchanged = nsp;
		job->doc0 = r->next_doc;
		job->text = r->out->data + at;
		job->borrowed = true;
		ir_verifier_add(r->v, job);
		r->copied = end;
	}
	r->nparts++;
	r->next_start = end;
	r->next_doc = ndocs;
	r->next_splice = ir_edits_count(s->edits);
	return 0;
}

/* Has the filter edit a document or a List item, then the manifests embedded in it. */
static int
edit(struct run *r, struct ir_doc *doc)
{
	int rc;

	if ((rc = r->f->doc_fn(doc, r->f->ctx)) != 0)
		return rc;
	return r->f->embedded ? ir_locate_embedded(doc, embedded, r) : 0;
}

/* Edits an item of a List read item by item and records what it must read back as. */
static int
on_item(struct ir_doc *doc, void *arg)
{
	int rc;

	if ((rc = edit(arg, doc)) != 0)
		return rc;
	ir_edit_layout_note(doc);
	ir_edits_item_done(doc);
	return 0;
}

/* Edits one document, then its embedded manifests, then records what it must read back as. */
static int
on_doc(struct ir_doc *doc, void *arg)
{
	struct run *r = arg;
	int rc;

	/* the documents before this one are done: a part of enough of them can be checked */
	if (r->v && doc->alone && doc->start - r->next_start >= PART_SIZE &&
	    end_part(r, doc->start, doc->stream->ndocs) < 0) {
		ir_msg(IR_MSG_ERROR, doc->stream->name, 0, 0, "internal error: overlapping edits");
		return IR_EXIT_INPUT;
	}
	if ((rc = edit(r, doc)) != 0)
		return rc;
	ir_edits_doc_done(doc);
	return 0;
}

/* Reports a verification that failed; returns the exit status. */
static int
verify_failed(const struct ir_stream *s, const struct ir_verify_job *job)
{
	if (job->bad == -1)
		ir_msg(IR_MSG_ERROR, s->name, 0, 0, "internal error: the edited text is not valid "
		    "YAML (%s); nothing written", job->err);
	else if (job->bad == -2)
		ir_msg(IR_MSG_ERROR, s->name, 0, 0, "internal error: the edited text has another "
		    "number of documents; nothing written");
	else
		ir_msg(IR_MSG_ERROR, s->name, 0, 0, "internal error: document %zu does not read "
		    "back as intended after editing; nothing written", job->doc0 + (size_t)job->bad);
	return IR_EXIT_INPUT;
}

/* Ends the last part, waits for the parts' checks and completes the output. */
static int
verified_output(struct run *r, struct ir_result *res)
{
	const struct ir_verify_job *bad;
	int rc;

	rc = end_part(r, r->s->len, r->s->ndocs);
	if (rc != 0) {
		ir_verifier_cancel(r->v);
		ir_verifier_finish(r->v);
		ir_msg(IR_MSG_ERROR, r->s->name, 0, 0, "internal error: overlapping edits");
		return IR_EXIT_INPUT;
	}
	if ((bad = ir_verifier_finish(r->v)) != NULL)
		return verify_failed(r->s, bad);
	ir_stream_unmask(r->s);
	out_add(r, r->s->orig + r->copied, r->s->len - r->copied);
	res->parts = r->nparts;
	return 0;
}

/* The checks of the input stream that s is or is embedded in, when it has them. */
static struct ir_verifier *
input_verifier(const struct ir_stream *s)
{
	while (s->parent)
		s = s->parent;
	return s->verifier;
}

/*
 * Has the whole edited text of embedded stream s checked: queued with the input stream's
 * checks (they run on their thread; a failure fails the run at its end), or now.
 */
static int
verify(struct ir_stream *s, const struct ir_buf *out)
{
	struct ir_verifier *v = input_verifier(s);
	struct ir_verify_job *job;
	const struct ir_splice *sp;
	struct ir_stream again;
	size_t n;
	int rc;

	job = ir_xcalloc(1, sizeof(*job));
	sp = ir_edits_splices(s->edits, &n);
	job->text = ir_xstrndup(out->data, out->len);
	job->len = out->len;
	job->mask = s->nmasks > 0;
	job->ndocs = s->ndocs;
	job->hashes = ir_xmalloc((s->ndocs + 1) * sizeof(*job->hashes));
	memcpy(job->hashes, s->hashes, s->ndocs * sizeof(*job->hashes));
	job->changed = ir_verify_changed(sp, n, 0);
	job->nchanged = n;
	if (v) {
		ir_verifier_add(v, job);
		return 0;
	}
	/* masked in place as the input was, and given back by the release */
	ir_stream_init(&again, s->name, job->text, job->len, job->mask);
	job->bad = ir_verify_check(again.data, again.len, job->hashes, job->ndocs, job->changed,
	    job->nchanged, job->err, sizeof(job->err));
	ir_stream_release(&again);
	rc = job->bad == 0 ? 0 : verify_failed(s, job);
	free(job->text);
	free(job->hashes);
	free(job->changed);
	free(job);
	return rc;
}

/* Ends a run: the verifier and the parts. */
static void
run_free(struct run *r)
{
	if (r->v) {
		ir_verifier_cancel(r->v);
		ir_verifier_finish(r->v);
		ir_verifier_free(r->v);
		r->s->verifier = NULL;
	}
}

int
ir_process(struct ir_stream *s, const struct ir_filter *f, struct ir_buf *out,
    struct ir_result *res)
{
	struct run r = { .f = f, .s = s, .out = out };
	int rc;

	memset(res, 0, sizeof(*res));
	s->no_verify = !f->verify;
	if (f->verify && s->depth == 0)
		r.v = s->verifier = ir_verifier_new(s->len > PART_SIZE);
	/* Lists of a top-level input item by item; embedded manifests are small, and a wrong
	 * guess of their kind must not cost the whole run (yaml.h) */
	rc = ir_yaml_parse_units(s, on_doc, f->items && s->depth == 0 ? on_item : NULL, &r,
	    &res->err_off, res->err, sizeof(res->err));
	if (rc < 0) {
		res->parse_error = true;
		rc = IR_EXIT_INPUT;
		goto done;
	}
	if (rc != 0)
		goto done;
	res->nedits = ir_edits_count(s->edits);
	if (res->nedits == 0) {
		ir_stream_unmask(s);
		goto done;
	}
	if (r.v) {
		if ((rc = verified_output(&r, res)) != 0)
			goto done;
	} else {
		ir_stream_unmask(s);
		if (ir_edits_apply(s->edits, out) != 0) {
			ir_msg(IR_MSG_ERROR, s->name, 0, 0, "internal error: overlapping edits");
			rc = IR_EXIT_INPUT;
			goto done;
		}
	}
	res->changed = out->len != s->len || memcmp(out->data, s->orig, s->len) != 0;
	if (f->verify && !r.v && res->changed) {
		rc = verify(s, out);
		res->parts = 1;
	}
done:
	run_free(&r);
	if (rc != 0)
		ir_buf_free(out);	/* nothing of a failed run is output */
	return rc;
}
