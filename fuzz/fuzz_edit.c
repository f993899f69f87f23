/*
 * Fuzzing the editing core: a random stream and random edits (a scalar replaced, a key
 * inserted at the end of a mapping or before one of its keys, an item appended to a
 * sequence) made through the API on every document, run through the driver, which parses
 * the edited text again and compares. An oracle that shares no code with the core
 * (tests/evlist.c: libfyaml's events in the yaml-test-suite notation) then checks that what
 * the driver accepted reads as the input's events with exactly those changes.
 * Input: a program of HEADER bytes (the number of edits, then op and node selector of each),
 * then the YAML. Properties: no crash, leak, hang or undefined behaviour; output the driver
 * accepts is what the edits meant, never silently different. With IMGREG_FUZZ_STRICT=1 an
 * edit the driver refuses (an internal error, nothing written) fails too, to find the
 * core's limits.
 */
#include "evlist.h"
#include "fuzz.h"
#include "imgreg/edit.h"

#define NEDITS 4
#define HEADER (1 + 3 * NEDITS)

enum op { REPLACE, INSERT_END, INSERT_BEFORE, APPEND };

static const char *const texts[16] = {
	"x", "", "a b", "it's", "say \"hi\"", "yes", "0755", "a: b", "- c", "#x",
	"multi\nline", " lead", "trail ", "\xc3\xa9 \xc3\xbc", "null", "k8s.gcr.io/pause:3.9",
};

static const struct ir_val v_ab[] = { { IR_SCALAR, "a", NULL, 0 }, { IR_SCALAR, "b", NULL, 0 } };
static const struct ir_val v_map_items[] = {
	{ IR_SCALAR, "name", NULL, 0 }, { IR_SCALAR, "x", NULL, 0 },
	{ IR_SCALAR, "args", NULL, 0 }, { IR_SEQ, NULL, v_ab, 2 },
};
static const struct ir_val v_kv[] = { { IR_SCALAR, "k", NULL, 0 }, { IR_SCALAR, "v", NULL, 0 } };
static const struct ir_val v_seq_items[] = {
	{ IR_SCALAR, "a", NULL, 0 }, { IR_MAP, NULL, v_kv, 2 },
};
static const struct ir_val v_map = { IR_MAP, NULL, v_map_items, 4 };
static const struct ir_val v_seq = { IR_SEQ, NULL, v_seq_items, 2 };
static const struct ir_val v_empty = { IR_MAP, NULL, NULL, 0 };

/* An edit the core took, by the stream-wide numbers of the nodes it names. */
struct made {
	enum op op;
	size_t ord;		/* the node edited (a scalar, mapping or sequence) */
	size_t before;		/* INSERT_BEFORE: the key the pair goes before */
	const char *key;	/* insertions into a mapping */
	struct ir_val val;	/* insertions; replace: val.text */
};

/* The edit program and what it made. */
struct prog {
	uint8_t op[NEDITS];
	uint16_t sel[NEDITS];
	size_t n;
	size_t seen;		/* nodes in the documents before the current one */
	struct made made[64];
	size_t nmade;
};

/* Returns the sel-th node (modulo their number) of kind in doc, or 0 when it has none. */
static ir_id
pick(const struct ir_doc *doc, enum ir_kind kind, unsigned sel)
{
	size_t id, count = 0;

	for (id = 1; id < doc->nnodes; id++)
		count += doc->nodes[id].kind == kind;
	if (count == 0)
		return 0;
	sel %= count;
	for (id = 1; id < doc->nnodes; id++)
		if (doc->nodes[id].kind == kind && sel-- == 0)
			return (ir_id)id;
	return 0;
}

/* Returns the value an insertion of op byte op writes. */
static struct ir_val
value_of(uint8_t op)
{
	static const struct ir_val *const vals[] = { NULL, &v_map, &v_seq, &v_empty };

	if (op >> 6)
		return *vals[op >> 6];
	return (struct ir_val){ IR_SCALAR, texts[((op >> 2) + 5) & 15], NULL, 0 };
}

/* Returns the key node of pair k (modulo their number) of mapping map, or 0. */
static ir_id
key_of(const struct ir_doc *doc, ir_id map, unsigned k)
{
	size_t pairs = doc->nodes[map].nchild / 2;
	ir_id c = doc->nodes[map].first;

	if (pairs == 0)
		return 0;
	for (k %= pairs; c && k > 0; k--)
		c = doc->nodes[c].next ? doc->nodes[doc->nodes[c].next].next : 0;
	return c;
}

/* Makes edit i of the program on doc; records it when the core takes it. */
static void
edit_one(struct ir_doc *doc, struct prog *p, size_t i)
{
	uint8_t op = p->op[i];
	struct made m = { .op = (enum op)(op & 3), .key = texts[(op >> 2) & 15] };
	ir_id id = 0, before = 0;
	int rc = -1;

	if (p->nmade == sizeof(p->made) / sizeof(p->made[0]))
		return;
	m.val = value_of(op);
	if (m.op == REPLACE && (id = pick(doc, IR_SCALAR, p->sel[i])) != 0) {
		m.val.text = texts[(op >> 2) & 15];
		rc = ir_edit_replace(doc, id, m.val.text, strlen(m.val.text));
	} else if ((m.op == INSERT_END || m.op == INSERT_BEFORE) &&
	    (id = pick(doc, IR_MAP, p->sel[i] & 0xff)) != 0) {
		if (m.op == INSERT_BEFORE && (before = key_of(doc, id, p->sel[i] >> 8)) == 0)
			return;
		rc = ir_edit_map_insert(doc, id, before, m.key, &m.val);
	} else if (m.op == APPEND && (id = pick(doc, IR_SEQ, p->sel[i])) != 0)
		rc = ir_edit_seq_append(doc, id, &m.val);
	if (rc != 0)
		return;
	m.ord = p->seen + id - 1;
	m.before = before ? p->seen + before - 1 : 0;
	p->made[p->nmade++] = m;
}

/* The driver's callback: runs the program on every document. */
static int
edit_doc(struct ir_doc *doc, void *arg)
{
	struct prog *p = arg;
	size_t i;

	for (i = 0; i < p->n; i++)
		edit_one(doc, p, i);
	p->seen += doc->nnodes ? doc->nnodes - 1 : 0;
	return 0;
}

/* Plans the events one edit adds or changes in the input's events in. */
static void
plan_one(const struct made *m, const struct ir_evlist *in, struct ir_evplan *plan)
{
	struct ir_evlist ins = { 0 };
	long at = ir_evlist_node(in, m->ord);
	bool flow;

	if (at < 0)
		ir_fuzz_fail("the oracle has no event for an edited node");
	if (m->op == REPLACE) {
		ir_evplan_replace(plan, (size_t)at, m->val.text, strlen(m->val.text));
		return;
	}
	flow = strncmp(in->ev[at] + 4, " {}", 3) == 0 || strncmp(in->ev[at] + 4, " []", 3) == 0;
	if (m->op != APPEND)
		ir_evlist_value(&ins, &(struct ir_val){ IR_SCALAR, m->key, NULL, 0 }, flow);
	ir_evlist_value(&ins, &m->val, flow);
	if (m->op == INSERT_BEFORE)
		at = ir_evlist_node(in, m->before);
	else
		at = (long)ir_evlist_node_end(in, (size_t)at);
	ir_evplan_insert(plan, (size_t)at, (const char *const *)ins.ev, ins.n);
	ir_evlist_free(&ins);
}

/* Reads text, with its templates masked as the driver masks them, into l. */
static int
masked_events(const char *text, size_t len, struct ir_evlist *l)
{
	char *copy = ir_fuzz_copy((const uint8_t *)text, len);
	int rc;

	ir_mask_templates(copy, len);
	rc = ir_evlist_fyaml(copy, len, l);
	free(copy);
	return rc;
}

/* Checks that out reads as the input's events with exactly the edits made. */
static void
oracle(const struct prog *p, const char *in, size_t inlen, const struct ir_buf *out)
{
	struct ir_evlist before = { 0 }, after = { 0 };
	struct ir_evplan plan = { 0 };
	char why[600];
	size_t i;

	if (masked_events(in, inlen, &before) != 0)
		ir_fuzz_fail("the oracle's libfyaml rejects what the core parsed");
	if (ir_evlist_known_bug(&before)) {
		ir_evlist_free(&before);
		return;
	}
	if (masked_events(out->data, out->len, &after) != 0)
		ir_fuzz_fail("the driver accepted output that libfyaml rejects");
	for (i = 0; i < p->nmade; i++)
		plan_one(&p->made[i], &before, &plan);
	if (ir_evplan_check(&plan, &before, &after, why, sizeof(why)) != 0) {
		fprintf(stderr, "fuzz: %s\n", why);
		ir_fuzz_fail("the driver accepted output that does not read as the edits meant");
	}
	ir_evplan_free(&plan);
	ir_evlist_free(&before);
	ir_evlist_free(&after);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct prog p = { .n = 0 };
	struct ir_filter f = { .doc_fn = edit_doc, .ctx = &p, .verify = true };
	struct ir_buf out = IR_BUF_INIT;
	const char *text = (const char *)data + HEADER, *env, *why;
	size_t len = size - HEADER, i, bad;
	struct ir_result res;
	struct ir_stream s;
	char *copy;
	int rc;

	if (size < HEADER || ir_text_check(text, len, &bad, &why) != 0)
		return 0;
	ir_fuzz_quiet();
	p.n = 1 + data[0] % NEDITS;
	for (i = 0; i < NEDITS; i++) {
		p.op[i] = data[1 + 3 * i];
		p.sel[i] = (uint16_t)(data[2 + 3 * i] | data[3 + 3 * i] << 8);
	}
	copy = ir_fuzz_copy((const uint8_t *)text, len);
	ir_stream_init(&s, "<stdin>", copy, len, true);
	/* IMGREG_FUZZ_DUMP=1: write the unverified result, to see what an edit did */
	f.verify = (env = getenv("IMGREG_FUZZ_DUMP")) == NULL || strcmp(env, "1") != 0;
	rc = ir_process(&s, &f, &out, &res);
	ir_stream_release(&s);
	if (!f.verify)
		fwrite(out.data ? out.data : copy, 1, out.data ? out.len : len, stdout), fflush(stdout);
	env = getenv("IMGREG_FUZZ_STRICT");
	if (ir_fuzz_internal && env && strcmp(env, "1") == 0)
		ir_fuzz_fail("the driver refused an edit the API took (internal error)");
	if (rc != 0 && !ir_fuzz_internal && !res.parse_error)
		ir_fuzz_fail("the driver ended in an unexpected status");
	if (rc == 0 && p.nmade > 0) {
		if (!res.changed) {
			ir_buf_reset(&out);
			ir_buf_add(&out, copy, len);
		}
		oracle(&p, copy, len, &out);
	}
	ir_buf_free(&out);
	free(copy);
	return 0;
}
