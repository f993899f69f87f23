/* The images a chaos infrastructure needs, read from the installed data file. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "imgreg/buf.h"
#include "imgreg/eptable.h"
#include "imgreg/exit.h"
#include "imgreg/io.h"
#include "imgreg/msg.h"
#include "imgreg/ref.h"
#include "imgreg/required.h"
#include "imgreg/stream.h"
#include "imgreg/yaml.h"

/* The state of reading the file. */
struct req {
	const char *kind, *version;
	struct ir_list *out;
	struct ir_buf kinds;	/* the kinds the file lists, for the message on an unknown one */
	bool found;
	int rc;
};

void
ir_list_clear(struct ir_list *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		free(l->items[i]);
	free(l->items);
	l->items = NULL;
	l->n = 0;
}

/* Appends text with every IR_REQUIRED_VERSION replaced by version to out. */
static void
put_version(struct ir_buf *out, const char *text, const char *version)
{
	const char *p;
	size_t vl = strlen(IR_REQUIRED_VERSION);

	while ((p = strstr(text, IR_REQUIRED_VERSION)) != NULL) {
		ir_buf_add(out, text, (size_t)(p - text));
		ir_buf_adds(out, version);
		text = p + vl;
	}
	ir_buf_adds(out, text);
}

/* Reports a problem at node id of the data file; returns the status. */
static int
file_error(struct ir_doc *doc, ir_id id, int rc, const char *fmt, const char *a, const char *b)
{
	unsigned long line, col;

	ir_node_pos(doc, id, &line, &col);
	ir_msg(IR_MSG_ERROR, doc->stream->name, line, col, fmt, a, b);
	return rc;
}

/* Appends one listed reference, the version put in and the result checked. */
static int
add_item(struct ir_doc *doc, ir_id id, struct req *r)
{
	const char *text = ir_scalar(doc, id), *why;
	struct ir_buf ref = IR_BUF_INIT;
	struct ir_ref parsed;
	int rc = 0;

	if (text == NULL)
		return file_error(doc, id, IR_EXIT_USAGE, "expected an image reference%s%s", "", "");
	put_version(&ref, text, r->version);
	if (ir_ref_parse(ref.data, ref.len, &parsed, &why) != 0) {
		if (strstr(text, IR_REQUIRED_VERSION))
			ir_msg(IR_MSG_ERROR, NULL, 0, 0, "invalid --version '%s': it makes the image "
			    "reference '%s' (%s)", r->version, ref.data, why);
		else
			file_error(doc, id, 0, "invalid image reference '%s': %s", ref.data, why);
		rc = IR_EXIT_USAGE;
	} else {
		r->out->items = ir_xrealloc(r->out->items, (r->out->n + 1) * sizeof(char *));
		r->out->items[r->out->n++] = ir_buf_detach(&ref, NULL);
	}
	ir_buf_free(&ref);
	return rc;
}

/* Reads the list of the wanted kind from one document of the file. */
static int
on_doc(struct ir_doc *doc, void *arg)
{
	struct req *r = arg;
	const struct ir_node *m = ir_node(doc, ir_resolve(doc, doc->root)), *list;
	ir_id k, c;

	if (m == NULL || m->kind != IR_MAP)
		return r->rc = file_error(doc, doc->root, IR_EXIT_USAGE, "expected a mapping of "
		    "infrastructure kinds to lists of images%s%s", "", "");
	for (k = m->first; k && doc->nodes[k].next; k = doc->nodes[doc->nodes[k].next].next) {
		ir_buf_addf(&r->kinds, "%s%s", r->kinds.len ? ", " : "", ir_scalar(doc, k) ?
		    ir_scalar(doc, k) : "?");
		if (!ir_scalar_is(doc, k, r->kind) || r->found)
			continue;
		r->found = true;
		list = ir_node(doc, ir_resolve(doc, doc->nodes[k].next));
		if (list->kind != IR_SEQ)
			return r->rc = file_error(doc, doc->nodes[k].next, IR_EXIT_USAGE,
			    "'%s' must be a list of image references%s", r->kind, "");
		for (c = list->first; c; c = doc->nodes[c].next)
			if (add_item(doc, ir_resolve(doc, c), r) != 0)
				r->rc = IR_EXIT_USAGE;
	}
	return 0;
}

/* Parses the text of the data file. Returns 0 or an exit status after a message. */
static int
parse_file(struct ir_input *in, struct req *r)
{
	struct ir_stream s;
	unsigned long line, col;
	const char *file;
	char err[300];
	size_t off;
	int rc;

	ir_stream_init(&s, in->name, in->data, in->len, false);
	rc = ir_yaml_parse(&s, on_doc, r, &off, err, sizeof(err));
	if (rc < 0) {
		ir_stream_pos(&s, off, &file, &line, &col);
		ir_msg(IR_MSG_ERROR, file, line, col, "%s", err);
		rc = IR_EXIT_USAGE;
	}
	ir_stream_release(&s);
	return rc ? rc : r->rc;
}

int
ir_required_images(const char *path, const char *kind, const char *version,
    struct ir_list *out)
{
	struct req r = { .kind = kind, .version = version, .out = out };
	char found[PATH_MAX + 64], *slash;
	struct ir_input in;
	int rc;

	if (path == NULL) {
		/* the list is installed in the folder that holds the entrypoint table */
		ir_eptable_find(found, sizeof(found));
		if ((slash = strrchr(found, '/')) != NULL)
			snprintf(slash + 1, sizeof(found) - (size_t)(slash + 1 - found), "%s",
			    IR_REQUIRED_FILE);
		path = found;
	}
	if ((rc = ir_input_read(path, &in)) != 0)
		return rc;
	rc = parse_file(&in, &r);
	if (rc == 0 && !r.found) {
		ir_msg(IR_MSG_ERROR, NULL, 0, 0, "unknown infrastructure kind '%s': expected one of "
		    "%s", kind, r.kinds.len ? r.kinds.data : "none (the list of images is empty)");
		rc = IR_EXIT_USAGE;
	}
	ir_buf_free(&r.kinds);
	ir_input_release(&in);
	return rc;
}
