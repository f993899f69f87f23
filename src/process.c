/* Running a filter over a stream, its documents and the manifests embedded in them. */
#include <stdio.h>
#include <string.h>

#include "imgreg/edit.h"
#include "imgreg/embed.h"
#include "imgreg/exit.h"
#include "imgreg/locate.h"
#include "imgreg/msg.h"
#include "imgreg/process.h"
#include "imgreg/stream.h"
#include "imgreg/verify.h"

/* Embedded manifests nest at most this deep (a manifest in a manifest in ...). */
#define MAX_DEPTH 8

/* The state of one ir_process() call. */
struct run {
	const struct ir_filter *f;
	int rc;
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

/* Edits one document, then its embedded manifests, then records what it must read back as. */
static int
on_doc(struct ir_doc *doc, void *arg)
{
	struct run *r = arg;
	int rc;

	if ((rc = r->f->doc_fn(doc, r->f->ctx)) != 0)
		return rc;
	if (r->f->embedded && (rc = ir_locate_embedded(doc, embedded, r)) != 0)
		return rc;
	ir_edits_doc_done(doc);
	return 0;
}

/* Parses the edited text again and compares it with what the edits intended. */
static int
verify(struct ir_stream *s, const struct ir_buf *out)
{
	struct ir_stream again;
	char err[300];
	long bad;

	/* masked in place as the input was, and given back by the release */
	ir_stream_init(&again, s->name, out->data, out->len, s->nmasks > 0);
	bad = ir_verify_text(s, again.data, again.len, err, sizeof(err));
	ir_stream_release(&again);
	if (bad == 0)
		return 0;
	if (bad == -1)
		ir_msg(IR_MSG_ERROR, s->name, 0, 0, "internal error: the edited text is not valid "
		    "YAML (%s); nothing written", err);
	else if (bad == -2)
		ir_msg(IR_MSG_ERROR, s->name, 0, 0, "internal error: the edited text has another "
		    "number of documents; nothing written");
	else
		ir_msg(IR_MSG_ERROR, s->name, 0, 0, "internal error: document %ld does not read "
		    "back as intended after editing; nothing written", bad);
	return IR_EXIT_INPUT;
}

int
ir_process(struct ir_stream *s, const struct ir_filter *f, struct ir_buf *out,
    struct ir_result *res)
{
	struct run r = { .f = f };
	int rc;

	memset(res, 0, sizeof(*res));
	s->no_verify = !f->verify;
	rc = ir_yaml_parse(s, on_doc, &r, &res->err_off, res->err, sizeof(res->err));
	if (rc < 0) {
		res->parse_error = true;
		return IR_EXIT_INPUT;
	}
	if (rc != 0)
		return rc;
	ir_stream_unmask(s);
	res->nedits = ir_edits_count(s->edits);
	if (res->nedits == 0)
		return 0;
	if (ir_edits_apply(s->edits, out) != 0) {
		ir_msg(IR_MSG_ERROR, s->name, 0, 0, "internal error: overlapping edits");
		return IR_EXIT_INPUT;
	}
	res->changed = out->len != s->len || memcmp(out->data, s->orig, s->len) != 0;
	if (f->verify && res->changed && (rc = verify(s, out)) != 0)
		return rc;
	return 0;
}
