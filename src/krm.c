/* KRM function mode: a ResourceList on standard input, edited in place, with results. */
#include <stdlib.h>
#include <string.h>

#include "imgreg/buf.h"
#include "imgreg/exit.h"
#include "imgreg/krm.h"
#include "imgreg/msg.h"
#include "imgreg/stream.h"
#include "imgreg/text.h"
#include "krm_internal.h"

/* The apiVersions of a KRM ResourceList. */
static const char *const versions[] = {
	"config.kubernetes.io/v1",
	"config.kubernetes.io/v1beta1",
};

/* The state collecting messages now, or NULL. */
static struct ir_krm *collecting;

/* Makes k collect the messages from now on; NULL prints them. */
static void
collect_by(struct ir_krm *k)
{
	collecting = k;
	ir_msg_set_sink(k ? ir_krm_collect : NULL, k);
}

/* Keeps warnings and -v notes from standard error; errors pass. */
static int
drop(enum ir_level level, const char *file, unsigned long line, unsigned long col,
    const char *text, void *arg)
{
	(void)file, (void)line, (void)col, (void)text, (void)arg;
	return level != IR_MSG_ERROR;
}

void
ir_krm_quiet(bool on)
{
	if (on)
		ir_msg_set_sink(drop, NULL);
	else
		collect_by(collecting);
}

/* The state of a parse made by ir_krm_parse(). */
struct one_doc {
	int (*fn)(struct ir_doc *, void *);
	void *arg;
	int rc;
	unsigned ndocs;
};

/* Hands the first document to the caller's function and counts the documents. */
static int
first_doc(struct ir_doc *doc, void *arg)
{
	struct one_doc *o = arg;

	if (o->ndocs++ == 0)
		o->rc = o->fn(doc, o->arg);
	return 0;
}

int
ir_krm_parse(const char *text, size_t len, int (*fn)(struct ir_doc *, void *), void *arg)
{
	struct one_doc o = { fn, arg, 0, 0 };
	struct ir_stream s;
	char *copy = ir_xmalloc(len + 1), err[300];
	size_t off;
	int rc;

	memcpy(copy, text, len);
	copy[len] = '\0';
	ir_stream_init(&s, "<stdin>", copy, len, true);
	s.no_verify = true;
	ir_krm_quiet(true);
	rc = ir_yaml_parse(&s, first_doc, &o, &off, err, sizeof(err));
	ir_krm_quiet(false);
	ir_stream_release(&s);
	free(copy);
	if (rc < 0)
		return -1;
	return o.ndocs == 1 ? o.rc : -2;
}

char *
ir_krm_str(const struct ir_doc *doc, ir_id map, const char *key)
{
	const char *t;

	if (map == 0 || doc->nodes[map].kind != IR_MAP)
		return NULL;
	t = ir_scalar(doc, ir_resolve(doc, ir_map_get(doc, map, key)));
	return t ? ir_xstrndup(t, strlen(t)) : NULL;
}

/* Returns 1 when the document is a ResourceList of a KRM apiVersion. */
static int
is_resource_list(struct ir_doc *doc, void *arg)
{
	const char *api = ir_doc_field(doc, "apiVersion");
	size_t i;

	(void)arg;
	if (strcmp(ir_doc_field(doc, "kind"), "ResourceList") != 0)
		return 0;
	for (i = 0; i < sizeof(versions) / sizeof(versions[0]); i++)
		if (strcmp(api, versions[i]) == 0)
			return 1;
	return 0;
}

/* True when the input is one ResourceList document. */
static bool
detect(const struct ir_input *in)
{
	const char *why;
	size_t bad;

	if (memmem(in->data, in->len, "ResourceList", 12) == NULL ||
	    ir_text_check(in->data, in->len, &bad, &why) != 0)
		return false;
	return ir_krm_parse(in->data, in->len, is_resource_list, NULL) == 1;
}

int
ir_krm_attach(struct ir_cli *cli)
{
	struct ir_input in;
	int rc;

	if (cli->krm == NULL) {
		if (cli->nfiles > 1 || (cli->nfiles == 1 && strcmp(cli->files[0], "-") != 0) ||
		    cli->in_place || cli->check || cli->diff)
			return 0;
		if ((rc = ir_input_read(NULL, &in)) != 0)
			return rc;
		cli->krm = ir_xcalloc(1, sizeof(*cli->krm));
		cli->krm->name = in.name;
		cli->krm->active = detect(&in);
		ir_input_unread(&in);
	}
	if (cli->krm->active)
		collect_by(cli->krm);
	return 0;
}

bool
ir_krm_active(const struct ir_krm *k)
{
	return k && k->active;
}

void
ir_krm_pause(struct ir_krm *k)
{
	if (ir_krm_active(k))
		collect_by(NULL);
}

bool
ir_krm_take_input(struct ir_krm *k, struct ir_input *in)
{
	return k != NULL && ir_input_read(NULL, in) == 0;
}

/* True when an error has been collected. */
static bool
has_error(const struct ir_krm *k)
{
	size_t i;

	for (i = 0; i < k->nmsgs; i++)
		if (k->msgs[i].level == IR_MSG_ERROR)
			return true;
	return false;
}

/* Writes text with the collected results; messages from here on go to standard error. */
static int
emit(struct ir_krm *k, const char *text, size_t len)
{
	struct ir_buf out = IR_BUF_INIT;
	int rc;

	collect_by(NULL);
	ir_krm_locate(k, k->in.data, k->in.len);
	k->emitted = true;
	if (k->nmsgs == 0)
		return ir_output_write(text, len);
	if ((rc = ir_krm_add_results(k, text, len, &out)) == 0)
		rc = ir_output_write(out.data, out.len);
	ir_buf_free(&out);
	return rc;
}

/* Reports where the input stops being YAML. */
static void
parse_error(const struct ir_krm *k, const struct ir_result *res)
{
	unsigned long line, col;

	ir_text_pos(k->in.data, k->in.len, res->err_off, &line, &col);
	ir_msg(IR_MSG_ERROR, k->name, line, col, "%s", res->err);
}

/* Runs filter f over the ResourceList in k->in; returns 0 or the exit status of a failure. */
static int
process(struct ir_krm *k, const struct ir_filter *f, struct ir_buf *out, bool *changed)
{
	struct ir_result res;
	struct ir_stream s;
	int rc;

	ir_stream_init(&s, k->name, k->in.data, k->in.len, true);
	rc = ir_process(&s, f, out, &res);
	ir_stream_release(&s);
	if (res.parse_error)
		parse_error(k, &res);
	*changed = rc == 0 && res.changed;
	if (*changed && ir_krm_check_internal(k, k->in.data, k->in.len, out->data,
	    out->len) != 0) {
		*changed = false;
		rc = IR_EXIT_INPUT;
	}
	return rc;
}

int
ir_krm_run(struct ir_krm *k, const struct ir_filter *f)
{
	struct ir_buf out = IR_BUF_INIT;
	bool changed;
	int rc, wrc;

	if ((rc = ir_input_read(NULL, &k->in)) != 0)
		return rc;
	rc = process(k, f, &out, &changed);
	if (rc != 0 && !has_error(k))
		ir_msg(IR_MSG_ERROR, NULL, 0, 0, "the filter failed; items left unchanged");
	if (rc != 0)
		rc = IR_EXIT_FOUND;
	wrc = changed ? emit(k, out.data, out.len) : emit(k, k->in.data, k->in.len);
	ir_buf_free(&out);
	ir_input_release(&k->in);
	return wrc ? wrc : rc;
}

int
ir_krm_fail(struct ir_krm *k, int rc)
{
	int wrc;

	if ((wrc = ir_input_read(NULL, &k->in)) == 0) {
		wrc = emit(k, k->in.data, k->in.len);
		ir_input_release(&k->in);
	}
	if (ir_output_close() != 0 && wrc == 0)
		wrc = IR_EXIT_IO;
	return wrc ? wrc : rc;
}

/* Prints the messages collected but never written as results. */
static void
flush(struct ir_krm *k)
{
	const struct ir_krm_msg *m;
	size_t i;

	for (i = 0; i < k->nmsgs; i++) {
		m = &k->msgs[i];
		ir_msg(m->level, m->file, m->line, m->col, "%s", m->text);
	}
}

void
ir_krm_free(struct ir_krm *k)
{
	if (k == NULL)
		return;
	if (k->active)
		collect_by(NULL);
	if (!k->emitted)
		flush(k);
	ir_krm_msgs_free(k);
	free(k->fc);
	free(k);
}
