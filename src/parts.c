/* Writing an input's edited text part by part, each checked while the next is edited. */
#include <stdlib.h>
#include <string.h>

#include "imgreg/edit.h"
#include "imgreg/parts.h"
#include "imgreg/stream.h"
#include "imgreg/text.h"
#include "imgreg/verifier.h"
#include "imgreg/verify.h"

/* No offset: nothing of the current part is written yet, or an item is not at a line start. */
#define NONE ((size_t)-1)

/* The item that stands for the runs in a part's text (verify.h, stand_in). */
static const char stand_in_item[] = "- ~\n";

void
ir_parts_init(struct ir_parts *p, struct ir_stream *s, struct ir_verifier *v,
    struct ir_buf *out)
{
	memset(p, 0, sizeof(*p));
	p->s = s;
	p->v = v;
	p->out = out;
	p->part_out = NONE;
}

/*
 * Makes room for n more bytes in the output. The checks queued so far read their text in
 * place there, so before the buffer moves to grow they are waited for. It is first sized for
 * the input and an eighth more, which edits rarely outgrow.
 */
static void
out_reserve(struct ir_parts *p, size_t n)
{
	struct ir_buf *out = p->out;
	size_t first = p->s->len + p->s->len / 8;

	if (out->cap == 0)
		ir_buf_grow(out, first > n ? first : n);
	else if (out->cap - out->len <= n) {
		ir_verifier_wait(p->v);
		ir_buf_grow(out, n);
	}
}

/* Appends n bytes to the output. */
static void
out_add(struct ir_parts *p, const char *text, size_t n)
{
	out_reserve(p, n);
	ir_buf_add(p->out, text, n);
}

/* Starts writing the current part: the unchanged bytes before it go first. */
static void
part_begin(struct ir_parts *p)
{
	if (p->part_out != NONE)
		return;
	out_add(p, p->s->orig + p->copied, p->next_start - p->copied);
	p->copied = p->next_start;
	p->part_out = p->out->len;
}

/*
 * Writes the edited text of the input from p->copied to upto, made by the splices numbered
 * from p->written to last, and adds where they wrote to the part's ranges. Sets *changed to
 * those ranges from the text's start on (to free) when asked. Returns 0, -1 for overlapping
 * edits, or -2, writing nothing, when one of the splices lies beyond upto.
 */
static int
write_to(struct ir_parts *p, size_t upto, size_t last, struct ir_range **changed, size_t *n)
{
	struct ir_edits *ed = p->s->edits;
	const struct ir_splice *sp;
	struct ir_range *r;
	size_t nsp, at, i;
	int rc;

	ir_stream_unmask_to(p->s, upto);
	part_begin(p);
	out_reserve(p, upto - p->copied + ir_edits_added(ed, p->written, last));
	at = p->out->len;
	rc = ir_edits_apply_range(ed, p->written, last, p->copied, upto, p->out, &sp, &nsp);
	if (rc != 0)
		return rc;
	r = ir_verify_changed(sp, nsp, p->copied);
	if (p->nchanged + nsp > p->capchanged) {
		p->capchanged = (p->nchanged + nsp) * 2;
		p->changed = ir_xrealloc(p->changed, p->capchanged * sizeof(*p->changed));
	}
	for (i = 0; i < nsp; i++) {
		p->changed[p->nchanged].start = r[i].start + at - p->part_out;
		p->changed[p->nchanged++].end = r[i].end + at - p->part_out;
	}
	if (changed) {
		*changed = r;
		*n = nsp;
	} else
		free(r);
	p->copied = upto;
	p->written = last;
	return 0;
}

/* A new job for the text of out from at on, checked against what the stream says. */
static struct ir_verify_job *
new_job(struct ir_parts *p, size_t at, size_t doc0)
{
	struct ir_verify_job *job = ir_xcalloc(1, sizeof(*job));

	job->text = p->out->data + at;
	job->borrowed = true;
	job->len = p->out->len - at;
	job->mask = ir_stream_check_masked(p->s, job->text, job->len);
	job->doc0 = doc0;
	return job;
}

/*
 * Turns a part's job into one whose text has the runs taken out, one item standing for them,
 * and that checks the whole text only when a run failed.
 */
static void
take_runs_out(struct ir_parts *p, struct ir_verify_job *job)
{
	size_t head = p->runs_at - p->part_out, tail = p->runs_end - p->part_out;
	size_t n = sizeof(stand_in_item) - 1, i;
	char *text = ir_xmalloc(job->len - (tail - head) + n + 1);

	job->whole = job->text;
	job->whole_len = job->len;
	job->whole_changed = job->changed;
	job->nwhole_changed = job->nchanged;
	memcpy(text, job->whole, head);
	memcpy(text + head, stand_in_item, n);
	memcpy(text + head + n, job->whole + tail, job->whole_len - tail);
	job->len = job->whole_len - (tail - head) + n;
	text[job->len] = '\0';
	job->text = text;
	job->borrowed = false;
	job->changed = ir_xmalloc((job->nwhole_changed + 1) * sizeof(*job->changed));
	job->nchanged = 0;
	for (i = 0; i < job->nwhole_changed; i++) {
		struct ir_range r = job->whole_changed[i];

		if (r.start >= tail) {
			r.start = r.start - tail + head + n;
			r.end = r.end - tail + head + n;
		} else if (r.end > head)
			continue;
		job->changed[job->nchanged++] = r;
	}
	job->stand_in = p->stand_in;
	job->nstand_in = p->nstand_in;
	job->stand_in_doc = p->list_doc - p->next_doc;
	job->runs = p->runs;
	job->nruns = p->nruns;
	p->stand_in = NULL;
	p->runs = NULL;
	p->nstand_in = p->capstand_in = p->nruns = p->capruns = 0;
}

/*
 * Ends the current part at end, before document ndocs. When it changed, writes its edited
 * text to the output and has it checked there. Returns 0, 1 when a splice lies beyond end (the
 * part goes on), or -1 for overlapping edits.
 */
static int
end_part(struct ir_parts *p, size_t end, size_t ndocs)
{
	struct ir_stream *s = p->s;
	struct ir_verify_job *job;
	size_t nedits = ir_edits_count(s->edits);
	int rc;

	if (nedits > p->next_splice) {
		if ((rc = write_to(p, end, nedits, NULL, NULL)) != 0)
			return rc == -2 ? 1 : -1;
		if (p->nruns == 0 && ir_edits_inert(s->edits, p->next_splice, nedits)) {
			/* parsing it again could find nothing wrong (edit.h); runs cut from it
			 * were proven too */
			free(p->changed);
			free(p->stand_in);
			p->stand_in = NULL;
			p->nstand_in = p->capstand_in = 0;
			p->nproven++;
		} else {
			job = new_job(p, p->part_out, p->next_doc);
			job->ndocs = ndocs - p->next_doc;
			job->hashes = ir_xmalloc((job->ndocs + 1) * sizeof(*job->hashes));
			memcpy(job->hashes, s->hashes + p->next_doc,
			    job->ndocs * sizeof(*job->hashes));
			job->changed = p->changed;
			job->nchanged = p->nchanged;
			if (p->nstand_in)
				take_runs_out(p, job);
			ir_verifier_add(p->v, job);
		}
		p->changed = NULL;
		p->nchanged = p->capchanged = 0;
	}
	p->nparts++;
	p->next_start = end;
	p->next_doc = ndocs;
	p->next_splice = nedits;
	ir_edits_part_begin(s->edits);
	p->part_out = NONE;
	p->cutting = false;
	return 0;
}

int
ir_parts_doc(struct ir_parts *p, const struct ir_doc *doc)
{
	if (p->v == NULL || !doc->alone || doc->start - p->next_start < IR_PART_SIZE)
		return 0;
	return end_part(p, doc->start, doc->stream->ndocs) < 0 ? -1 : 0;
}

/*
 * The offset of the line item starts on when that line starts with "-" and spaces up to it,
 * at column 0 (a List as kubectl writes it, whose runs of items parse alone); else NONE.
 */
static size_t
item_line(const struct ir_doc *doc, ir_id item)
{
	const char *d = doc->stream->data;
	size_t at = doc->nodes[item].start, i = at;

	/* back over the spaces to the dash, which must start its line: not a scan of the whole
	 * line, which a JSON List holds all its items on */
	while (i > 0 && d[i - 1] == ' ')
		i--;
	if (i == 0 || d[i - 1] != '-' || i == at)
		return NONE;
	i--;
	return i == 0 || d[i - 1] == '\n' ? i : NONE;
}

/* Appends to what the part's job stands in for, growing the arrays; job is NULL for a run
 * whose edits are proven. */
static void
stand_in_add(struct ir_parts *p, const uint64_t *hashes, size_t n, struct ir_verify_job *job)
{
	if (p->nstand_in + n > p->capstand_in) {
		p->capstand_in = (p->nstand_in + n) * 2;
		p->stand_in = ir_xrealloc(p->stand_in, p->capstand_in * sizeof(*p->stand_in));
	}
	memcpy(p->stand_in + p->nstand_in, hashes, n * sizeof(*hashes));
	p->nstand_in += n;
	if (job == NULL)
		return;
	if (p->nruns == p->capruns) {
		p->capruns = p->capruns ? p->capruns * 2 : 8;
		p->runs = ir_xrealloc(p->runs, p->capruns * sizeof(*p->runs));
	}
	p->runs[p->nruns++] = job;
}

/*
 * Ends the run of items before item number item, whose line starts at end: writes the part's
 * text before the first run, then the run's, and has the run checked alone unless its every
 * edit is proven (its items read as the edit list hashed them: those hashes stand in for it
 * all the same). Returns 0, or -1 for overlapping edits; when the run cannot be cut, the items
 * stay in the part's text.
 */
static int
cut_run(struct ir_parts *p, size_t end, size_t item)
{
	struct ir_edits *ed = p->s->edits;
	struct ir_verify_job *job;
	struct ir_range *changed;
	const uint64_t *hashes;
	size_t nhashes, nchanged, at;
	int rc;

	if (p->nstand_in == 0) {
		if ((rc = write_to(p, p->run_start, p->run_splice, NULL, NULL)) != 0) {
			p->cutting = false;
			return rc == -2 ? 0 : -1;
		}
		p->runs_at = p->out->len;
	}
	at = p->out->len;
	if ((rc = write_to(p, end, ir_edits_count(ed), &changed, &nchanged)) != 0) {
		p->cutting = false;
		return rc == -2 ? 0 : -1;
	}
	hashes = ir_edits_item_hashes(ed, &nhashes) + p->run_item;
	if (ir_edits_inert(ed, p->run_splice, p->written)) {
		free(changed);
		stand_in_add(p, hashes, item - p->run_item, NULL);
		p->nruns_proven++;
	} else {
		job = new_job(p, at, p->list_doc);
		job->changed = changed;
		job->nchanged = nchanged;
		job->nrun = item - p->run_item;
		job->run = ir_xmalloc(job->nrun * sizeof(*job->run));
		memcpy(job->run, hashes, job->nrun * sizeof(*job->run));
		stand_in_add(p, job->run, job->nrun, job);
		ir_verifier_add(p->v, job);
	}
	p->nruns_all++;
	p->runs_end = p->out->len;
	p->run_start = end;
	p->run_splice = p->written;
	p->run_item = item;
	return 0;
}

int
ir_parts_item(struct ir_parts *p, const struct ir_doc *doc)
{
	uint32_t item = doc->nodes[doc->unit].index;
	size_t line;

	if (p->v == NULL)
		return 0;
	line = item_line(doc, doc->unit);
	if (item == 0) {
		/* a part may end before the List, which has no edits yet */
		if (ir_parts_doc(p, doc) != 0)
			return -1;
		/*
		 * One List of a part is cut; its items must parse alone as in the stream. Writing
		 * a run gives the input's templates back up to its end, so none may lie in the
		 * List's text before its items: that is hashed, from the input, at its end.
		 */
		p->cutting = line != NONE && !doc->directives &&
		    !ir_stream_templated(doc->stream, doc->start, line);
		if (!p->cutting || p->nstand_in != 0) {
			p->cutting = false;
			return 0;
		}
		p->list_doc = doc->stream->ndocs;
		p->run_start = line;
		p->run_splice = ir_edits_count(p->s->edits);
		p->run_item = 0;
		return 0;
	}
	if (!p->cutting)
		return 0;
	if (line == NONE) {
		p->cutting = false;
		return 0;
	}
	if (line - p->run_start < IR_PART_SIZE || ir_edits_count(p->s->edits) == p->run_splice)
		return 0;
	return cut_run(p, line, item);
}

int
ir_parts_finish(struct ir_parts *p, const struct ir_verify_job **bad)
{
	*bad = NULL;
	if (end_part(p, p->s->len, p->s->ndocs) != 0) {
		ir_verifier_cancel(p->v);
		ir_verifier_finish(p->v);
		return -1;
	}
	*bad = ir_verifier_finish(p->v);
	if (*bad == NULL) {
		ir_stream_unmask(p->s);
		out_add(p, p->s->orig + p->copied, p->s->len - p->copied);
	}
	return 0;
}

void
ir_parts_free(struct ir_parts *p)
{
	free(p->changed);
	free(p->stand_in);
	free(p->runs);
	p->changed = NULL;
	p->stand_in = NULL;
	p->runs = NULL;
}
