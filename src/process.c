/* Running a filter over a stream, its documents and the manifests embedded in them. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "imgreg/edit.h"
#include "imgreg/embed.h"
#include "imgreg/exit.h"
#include "imgreg/locate.h"
#include "imgreg/msg.h"
#include "imgreg/parts.h"
#include "imgreg/process.h"
#include "imgreg/stream.h"
#include "imgreg/verifier.h"
#include "imgreg/verify.h"

/* Embedded manifests nest at most this deep (a manifest in a manifest in ...). */
#define MAX_DEPTH 8

/* The state of one ir_process() call. */
struct run {
	const struct ir_filter *f;
	struct ir_stream *s;
	struct ir_verifier *v;	/* for an input stream that is verified, else NULL */
	struct ir_parts parts;	/* and how its output is written and checked */
};

/* True when a string looks like it was meant to hold a Kubernetes manifest. */
static bool
looks_like_manifest(const struct ir_node *n)
{
	return strstr(n->text, "kind:") && strstr(n->text, "apiVersion:");
}

/* True when the filter must read the manifest embedded in string n: it may hold what the
 * filter acts on, or a test asks for every manifest to be read (tests/embedded-screen). */
static bool
needed(const struct ir_filter *f, const struct ir_node *n)
{
	return ir_locate_may_hold(n->text, n->text_len, f->embedded_needs) ||
	    getenv("IMGREG_TEST_EMBEDDED_ALL") != NULL;
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

	if (n->kind != IR_SCALAR || !looks_like_manifest(n) || doc->stream->depth >= MAX_DEPTH ||
	    !needed(r->f, n))
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

/* Has the filter edit a document or a List item, then the manifests embedded in it. */
static int
edit(struct run *r, struct ir_doc *doc)
{
	int rc;

	if ((rc = r->f->doc_fn(doc, r->f->ctx)) != 0)
		return rc;
	return r->f->embedded ? ir_locate_embedded(doc, embedded, r) : 0;
}

/* Reports edits that overlap, found while writing the output; returns the exit status. */
static int
overlapping(const struct ir_stream *s)
{
	ir_msg(IR_MSG_ERROR, s->name, 0, 0, "internal error: overlapping edits");
	return IR_EXIT_INPUT;
}

/* Edits an item of a List read item by item and records what it must read back as. */
static int
on_item(struct ir_doc *doc, void *arg)
{
	struct run *r = arg;
	int rc;

	if (r->v && ir_parts_item(&r->parts, doc) < 0)
		return overlapping(doc->stream);
	if ((rc = edit(r, doc)) != 0)
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
	if (r->v && ir_parts_doc(&r->parts, doc) < 0)
		return overlapping(doc->stream);
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

	if (ir_parts_finish(&r->parts, &bad) != 0)
		return overlapping(r->s);
	if (bad != NULL)
		return verify_failed(r->s, bad);
	res->parts = r->parts.nparts;
	res->runs = r->parts.nruns_all;
	res->runs_proven = r->parts.nruns_proven;
	res->proven = r->parts.nproven;
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
	job->mask = ir_stream_check_masked(s, job->text, job->len);
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
	ir_parts_free(&r->parts);
}

int
ir_process(struct ir_stream *s, const struct ir_filter *f, struct ir_buf *out,
    struct ir_result *res)
{
	struct run r = { .f = f, .s = s };
	int rc;

	memset(res, 0, sizeof(*res));
	s->no_verify = !f->verify;
	if (f->verify && s->depth == 0)
		r.v = s->verifier = ir_verifier_new(s->len > IR_PART_SIZE);
	ir_parts_init(&r.parts, s, r.v, out);
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
			rc = overlapping(s);
			goto done;
		}
	}
	res->changed = out->len != s->len || memcmp(out->data, s->orig, s->len) != 0;
	if (f->verify && !r.v && res->changed) {
		if (ir_edits_inert(s->edits, 0, res->nedits))
			res->proven = 1;	/* parsing it again could find nothing wrong */
		else
			rc = verify(s, out);
		res->parts = 1;
	}
done:
	run_free(&r);
	if (rc != 0)
		ir_buf_free(out);	/* nothing of a failed run is output */
	return rc;
}
