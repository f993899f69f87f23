/*
 * suite-edit: edits one YAML file through the editing core and checks the result with parsers
 * that share no code with it. scripts/suite runs it over the YAML test suite.
 *	suite-edit FILE
 * Seven edits are made, each alone on a fresh copy of the input: a scalar replaced by a plain
 * value and by one that needs quotes, a key added to a mapping with a scalar and with a nested
 * value, an item appended to a sequence as a scalar and as a mapping, and a value (not a key)
 * replaced by an image reference. Each goes to the first node in document order that takes
 * it. The last is often inert (edit.h, ir_edits_inert()): the driver then skips its own check
 * and says so ("inert" at the end of the line), and only the parsers here check it. The output must read, with libfyaml and (where it
 * reads the input as libfyaml does) libyaml, as the input's events with exactly that change.
 * Prints one line per edit: "<edit> pass <parsers>", "<edit> n/a <why>" or
 * "<edit> FAIL <why>". Exits 0, 1 when an edit failed, 2 when the file cannot be read.
 * With -d EDIT, makes only that edit without the driver's verification and prints the edited
 * text before the line, for finding out what went wrong.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "evlist.h"
#include "imgreg/buf.h"
#include "imgreg/edit.h"
#include "imgreg/io.h"
#include "imgreg/msg.h"
#include "imgreg/process.h"
#include "imgreg/stream.h"
#include "imgreg/text.h"

enum op { REPLACE, REPLACE_QUOTED, ADD_KEY, ADD_NESTED, APPEND, APPEND_MAP, REPLACE_VALUE,
	NOPS };

static const char *const op_names[] = {
	"replace", "replace-quoted", "add-key", "add-nested", "append", "append-map",
	"replace-value",
};

/* The text each replacement writes. */
static const char *const replacement[] = {
	[REPLACE] = "imgreg-edited",
	[REPLACE_QUOTED] = "it's: #1",
	[REPLACE_VALUE] = "reg.io:5000/imgreg/edited@sha256:0a1b",
};

static const struct ir_val v_value = { IR_SCALAR, "value", NULL, 0 };
static const struct ir_val v_ab[] = { { IR_SCALAR, "a", NULL, 0 }, { IR_SCALAR, "b", NULL, 0 } };
static const struct ir_val v_nested_items[] = {
	{ IR_SCALAR, "name", NULL, 0 }, { IR_SCALAR, "imgreg", NULL, 0 },
	{ IR_SCALAR, "args", NULL, 0 }, { IR_SEQ, NULL, v_ab, 2 },
};
static const struct ir_val v_nested = { IR_MAP, NULL, v_nested_items, 4 };
static const struct ir_val v_item = { IR_SCALAR, "imgreg-item", NULL, 0 };
static const struct ir_val v_item_map_items[] = {
	{ IR_SCALAR, "name", NULL, 0 }, { IR_SCALAR, "x", NULL, 0 },
	{ IR_SCALAR, "image", NULL, 0 }, { IR_SCALAR, "busybox:1.36", NULL, 0 },
};
static const struct ir_val v_item_map = { IR_MAP, NULL, v_item_map_items, 4 };

/* With -d OP: the edit whose unverified output is printed instead of checked. */
static int dump = -1;

/* The edit being made and where it went. */
struct edit {
	enum op op;
	size_t seen;		/* nodes in the documents before the current one */
	long ord;		/* the edited node's number in the stream, -1 until made */
};

/* Tries the edit on node id; returns 0 when the core took it. */
static int
try_node(struct ir_doc *doc, ir_id id, enum op op)
{
	const struct ir_node *n = &doc->nodes[id], *p = ir_node(doc, n->parent);
	const char *text = replacement[op];

	switch (op) {
	case REPLACE_VALUE:
		if (p == NULL || (p->kind == IR_MAP && n->index % 2 == 0))
			return -1;
		/* FALLTHROUGH */
	case REPLACE:
	case REPLACE_QUOTED:
		return n->kind == IR_SCALAR ? ir_edit_replace(doc, id, text, strlen(text)) : -1;
	case ADD_KEY:
	case ADD_NESTED:
		return n->kind == IR_MAP ? ir_edit_map_insert(doc, id, 0, "imgreg-added",
		    op == ADD_KEY ? &v_value : &v_nested) : -1;
	default:
		return n->kind == IR_SEQ ? ir_edit_seq_append(doc, id,
		    op == APPEND ? &v_item : &v_item_map) : -1;
	}
}

/* The driver's callback: makes the edit on the first node that takes it. */
static int
edit_doc(struct ir_doc *doc, void *arg)
{
	struct edit *e = arg;
	size_t id, n = doc->nnodes ? doc->nnodes - 1 : 0;

	for (id = 1; e->ord < 0 && id <= n; id++)
		if (try_node(doc, (ir_id)id, e->op) == 0)
			e->ord = (long)(e->seen + id - 1);
	e->seen += n;
	return 0;
}

/* Collects the driver's messages instead of printing them. */
static int
sink(enum ir_level level, const char *file, unsigned long line, unsigned long col,
    const char *text, void *arg)
{
	char *last = arg;

	(void)level;
	(void)file;
	(void)line;
	(void)col;
	snprintf(last, 300, "%s", text);
	return 1;
}

/* Plans the events the edit must add or change, from the input's events in. */
static int
plan_edit(const struct edit *e, const struct ir_evlist *in, struct ir_evplan *p)
{
	long at = ir_evlist_node(in, (size_t)e->ord);
	struct ir_evlist ins = { 0 };
	const struct ir_val *v;
	bool flow;

	if (at < 0)
		return -1;
	if (e->op == REPLACE || e->op == REPLACE_QUOTED || e->op == REPLACE_VALUE) {
		ir_evplan_replace(p, (size_t)at, replacement[e->op], strlen(replacement[e->op]));
		return 0;
	}
	flow = strncmp(in->ev[at] + 4, " {}", 3) == 0 || strncmp(in->ev[at] + 4, " []", 3) == 0;
	if (e->op == ADD_KEY || e->op == ADD_NESTED) {
		ir_evlist_value(&ins, &(struct ir_val){ IR_SCALAR, "imgreg-added", NULL, 0 }, flow);
		v = e->op == ADD_KEY ? &v_value : &v_nested;
	} else
		v = e->op == APPEND ? &v_item : &v_item_map;
	ir_evlist_value(&ins, v, flow);
	ir_evplan_insert(p, ir_evlist_node_end(in, (size_t)at), (const char *const *)ins.ev,
	    ins.n);
	ir_evlist_free(&ins);
	return 0;
}

/* Checks the edited text out against the plan with one parser (named name) reading input
 * and output; why then starts with the parser's name. */
static int
check_with(const char *name, int (*read)(const char *, size_t, struct ir_evlist *),
    const struct ir_evplan *p, const struct ir_evlist *in, const struct ir_buf *out, char *why,
    size_t whysize)
{
	struct ir_evlist got = { 0 };
	char detail[300];
	int rc;

	if (read(out->data, out->len, &got) != 0) {
		snprintf(detail, sizeof(detail), "the output does not parse");
		rc = -1;
	} else
		rc = ir_evplan_check(p, in, &got, detail, sizeof(detail));
	if (rc != 0)
		snprintf(why, whysize, "%s: %.250s", name, detail);
	ir_evlist_free(&got);
	return rc;
}

/* Makes edit op on a copy of the input through the driver into out, and says whether the
 * driver proved it instead of checking it. Returns 0, 1 when no node takes the edit, or -1
 * with why. */
static int
make_edit(const char *text, size_t len, struct edit *e, struct ir_buf *out, char *why,
    bool *proven)
{
	struct ir_filter f = { .doc_fn = edit_doc, .ctx = e, .verify = dump < 0 };
	char *copy = ir_xstrndup(text, len);
	struct ir_stream s;
	struct ir_result res;
	int rc;

	why[0] = '\0';
	ir_msg_set_sink(sink, why);
	ir_stream_init(&s, "in.yaml", copy, len, true);
	rc = ir_process(&s, &f, out, &res);
	ir_stream_release(&s);
	free(copy);
	if (rc != 0) {
		if (res.parse_error)
			snprintf(why, 300, "the core does not parse the input: %.200s", res.err);
		else if (why[0] == '\0')
			snprintf(why, 300, "the driver exited %d", rc);
		return -1;
	}
	if (e->ord < 0)
		return 1;
	if (!res.changed) {
		snprintf(why, 300, "the edit changed nothing");
		return -1;
	}
	*proven = res.proven > 0;
	return 0;
}

/* Runs edit op on the input and prints its line. Returns 0, or 1 when it failed. */
static int
run_edit(const char *text, size_t len, enum op op, const struct ir_evlist *fy,
    const struct ir_evlist *ly, const char *ly_skip)
{
	struct edit e = { .op = op, .ord = -1 };
	struct ir_buf out = IR_BUF_INIT;
	struct ir_evplan plan = { 0 };
	char why[300];
	bool proven = false;
	int rc;

	rc = make_edit(text, len, &e, &out, why, &proven);
	if (dump >= 0)
		fwrite(out.data ? out.data : "", 1, out.len, stdout);
	if (rc == 1)
		printf("%s n/a no node takes it\n", op_names[op]);
	else if (rc == 0 && plan_edit(&e, fy, &plan) != 0) {
		snprintf(why, sizeof(why), "node %ld has no event", e.ord);
		rc = -1;
	}
	if (rc == 0 && check_with("libfyaml", ir_evlist_fyaml, &plan, fy, &out, why,
	    sizeof(why)) != 0)
		rc = -1;
	if (rc == 0 && ly_skip == NULL && check_with("libyaml", ir_evlist_libyaml, &plan, ly,
	    &out, why, sizeof(why)) != 0)
		rc = -1;
	if (rc == 0)
		printf("%s pass libfyaml%s%s%s\n", op_names[op], ly_skip ? "; libyaml skipped: " :
		    ", libyaml", ly_skip ? ly_skip : "", proven ? "; inert" : "");
	else if (rc < 0)
		printf("%s FAIL %s\n", op_names[op], why);
	ir_evplan_free(&plan);
	ir_buf_free(&out);
	return rc < 0;
}

int
main(int argc, char **argv)
{
	struct ir_evlist fy = { 0 }, ly = { 0 };
	const char *ly_skip = NULL;
	struct ir_input in;
	int op, failed = 0;

	if (argc == 4 && strcmp(argv[1], "-d") == 0) {
		for (op = 0; op < NOPS && strcmp(op_names[op], argv[2]) != 0; op++)
			continue;
		dump = op;
		argv += 2;
		argc -= 2;
	}
	if (argc != 2 || dump >= NOPS) {
		fprintf(stderr, "usage: suite-edit [-d EDIT] FILE\n");
		return 2;
	}
	ir_msg_prog("suite-edit");
	if (ir_input_read(argv[1], &in) != 0)
		return 2;
	if (ir_evlist_fyaml(in.data, in.len, &fy) != 0) {
		printf("all n/a libfyaml rejects the input\n");
		ir_input_release(&in);
		ir_evlist_free(&fy);
		return 0;
	}
	if (ir_evlist_libyaml(in.data, in.len, &ly) != 0)
		ly_skip = "it rejects the input";
	else if (ir_evlist_diff(&fy, &ly) >= 0)
		ly_skip = "it reads the input differently from libfyaml";
	for (op = 0; op < NOPS; op++)
		if (dump < 0 || op == dump)
			failed |= run_edit(in.data, in.len, (enum op)op, &fy, &ly, ly_skip);
	ir_evlist_free(&fy);
	ir_evlist_free(&ly);
	ir_input_release(&in);
	return failed;
}
