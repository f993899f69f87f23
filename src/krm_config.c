/* A KRM functionConfig as settings: an ImageRegistry document, or a ConfigMap of strings. */
#include <stdlib.h>
#include <string.h>

#include "imgreg/buf.h"
#include "imgreg/edit.h"
#include "imgreg/exit.h"
#include "imgreg/krm.h"
#include "imgreg/locate.h"
#include "imgreg/msg.h"
#include "krm_internal.h"

const char ir_krm_fc_name[] = "<functionConfig>";

/* How a ConfigMap string becomes the settings field of the same name. */
enum conv {
	CONV_STRING,		/* "text" */
	CONV_BOOL,		/* true or false */
	CONV_LIST,		/* a,b -> ["a", "b"] */
	CONV_MIRRORS,		/* FROM=TO,... -> [{from: "FROM", to: "TO"}, ...] */
	CONV_PAIRS,		/* NAME=REF,... -> {"NAME": "REF", ...} */
	CONV_ENTRYPOINTS,	/* NAME=CMD ARG...,... -> {"NAME": ["CMD", "ARG"...], ...} */
};

static const struct {
	const char *key;
	enum conv conv;
} convs[] = {
	{ "isPrivate", CONV_BOOL },
	{ "isDefault", CONV_BOOL },
	{ "isOverrideAllowed", CONV_BOOL },
	{ "useCustomImages", CONV_BOOL },
	{ "internal", CONV_BOOL },
	{ "is_default", CONV_BOOL },
	{ "enable_registry", CONV_BOOL },
	{ "only", CONV_LIST },
	{ "exclude", CONV_LIST },
	{ "mirrors", CONV_MIRRORS },
	{ "customImages", CONV_PAIRS },
	{ "entrypoints", CONV_ENTRYPOINTS },
};

/* The functionConfig being turned into settings text. */
struct fc {
	struct ir_krm *k;
	struct ir_buf gen;	/* the settings text to read */
	const char *name;	/* the file name its messages give */
	bool found;
	int rc;
};

/* Appends a string in double quotes, as flow YAML. */
static void
quoted(struct ir_buf *b, const char *t, size_t len)
{
	ir_scalar_write(b, t, len, IR_DOUBLE, true);
}

/* Appends item t (len bytes) of a comma-separated value, converted as conv says. */
static void
item(struct ir_buf *b, const char *t, size_t len, enum conv conv)
{
	const char *eq = memchr(t, '=', len), *p, *end = t + len, *sp;
	size_t klen = eq ? (size_t)(eq - t) : len;

	if (conv == CONV_LIST) {
		quoted(b, t, len);
		return;
	}
	ir_buf_adds(b, conv == CONV_MIRRORS ? "{from: " : "");
	quoted(b, t, klen);
	ir_buf_adds(b, conv == CONV_MIRRORS ? (eq ? ", to: " : "}") : ": ");
	if (conv == CONV_MIRRORS && eq) {
		quoted(b, eq + 1, (size_t)(end - eq - 1));
		ir_buf_addc(b, '}');
	} else if (conv == CONV_PAIRS) {
		quoted(b, eq ? eq + 1 : "", eq ? (size_t)(end - eq - 1) : 0);
	} else if (conv == CONV_ENTRYPOINTS) {
		ir_buf_addc(b, '[');
		for (p = eq ? eq + 1 : end; p < end; p = sp) {
			p += strspn(p, " ");
			if ((sp = memchr(p, ' ', (size_t)(end - p))) == NULL)
				sp = end;
			if (sp > p)
				ir_buf_adds(b, b->data[b->len - 1] == '[' ? "" : ", ");
			if (sp > p)
				quoted(b, p, (size_t)(sp - p));
		}
		ir_buf_addc(b, ']');
	}
}

/* Appends a comma-separated value as a flow list or mapping of its trimmed, non-empty items. */
static void
items(struct ir_buf *b, const char *t, enum conv conv)
{
	const char *comma, *end;
	bool first = true;

	ir_buf_addc(b, conv == CONV_LIST || conv == CONV_MIRRORS ? '[' : '{');
	for (; *t; t = *comma ? comma + 1 : comma) {
		comma = t + strcspn(t, ",");
		end = comma;
		t += strspn(t, " \t");
		while (end > t && (end[-1] == ' ' || end[-1] == '\t'))
			end--;
		if (end == t)
			continue;
		ir_buf_adds(b, first ? "" : ", ");
		item(b, t, (size_t)(end - t), conv);
		first = false;
	}
	ir_buf_addc(b, conv == CONV_LIST || conv == CONV_MIRRORS ? ']' : '}');
}

/* Returns how the value of ConfigMap key name converts. */
static enum conv
conv_of(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(convs) / sizeof(convs[0]); i++)
		if (strcmp(convs[i].key, name) == 0)
			return convs[i].conv;
	return CONV_STRING;
}

/* True when t is a boolean as the settings spell it. */
static bool
is_bool(const char *t)
{
	static const char *const words[] = { "true", "True", "TRUE", "false", "False", "FALSE" };
	size_t i;

	for (i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (strcmp(t, words[i]) == 0)
			return true;
	return false;
}

/* Appends one line "key: value" of settings text for the ConfigMap pair key: val. */
static void
convert_pair(struct fc *c, struct ir_doc *doc, ir_id key, ir_id val)
{
	const char *name = ir_scalar(doc, key), *text = ir_scalar(doc, ir_resolve(doc, val));
	struct ir_krm_origin *o;
	enum conv conv;

	if (name == NULL || text == NULL) {
		unsigned long line, col;

		ir_node_pos(doc, name ? val : key, &line, &col);
		ir_msg(IR_MSG_ERROR, c->k->name, line, col, "functionConfig data must map "
		    "names to strings");
		c->rc = IR_EXIT_USAGE;
		return;
	}
	c->k->fc = ir_xrealloc(c->k->fc, (c->k->nfc + 1) * sizeof(*c->k->fc));
	o = &c->k->fc[c->k->nfc++];
	ir_node_pos(doc, key, &o->key_line, &o->key_col);
	ir_node_pos(doc, val, &o->val_line, &o->val_col);
	ir_scalar_write(&c->gen, name, strlen(name), IR_PLAIN, false);
	ir_buf_adds(&c->gen, ": ");
	conv = conv_of(name);
	if (conv == CONV_BOOL && is_bool(text))
		ir_buf_adds(&c->gen, text);
	else if (conv == CONV_STRING || conv == CONV_BOOL)
		quoted(&c->gen, text, strlen(text));
	else
		items(&c->gen, text, conv);
	ir_buf_addc(&c->gen, '\n');
}

/* Turns a ConfigMap's data into settings text, one line per key. */
static void
from_configmap(struct fc *c, struct ir_doc *doc, ir_id cm)
{
	ir_id data = ir_resolve(doc, ir_map_get(doc, cm, "data")), k;
	const struct ir_node *n = ir_node(doc, data);

	c->name = ir_krm_fc_name;
	free(c->k->fc);
	c->k->fc = NULL;
	c->k->nfc = 0;
	if (n == NULL || n->kind != IR_MAP)
		return;
	for (k = n->first; k && doc->nodes[k].next; k = doc->nodes[doc->nodes[k].next].next)
		convert_pair(c, doc, k, doc->nodes[k].next);
}

/* Keeps the bytes of [start, end) of standard input in place and blanks all others but line
 * breaks, so the document reads alone with the positions it has in standard input. */
static void
cut_out(struct fc *c, size_t start, size_t end)
{
	size_t i;

	c->name = c->k->name;
	ir_buf_add(&c->gen, c->k->in.data, c->k->in.len);
	for (i = 0; i < c->gen.len; i++)
		if ((i < start || i >= end) && c->gen.data[i] != '\n' && c->gen.data[i] != '\r')
			c->gen.data[i] = ' ';
}

/* Finds the functionConfig of the ResourceList and turns it into settings text. */
static int
on_resource_list(struct ir_doc *doc, void *arg)
{
	struct fc *c = arg;
	ir_id root = ir_resolve(doc, doc->root);
	ir_id fc = ir_resolve(doc, ir_map_get(doc, root, "functionConfig"));
	const struct ir_node *n = ir_node(doc, fc);

	if (n == NULL || (n->kind == IR_SCALAR && !n->has_text) ||
	    (n->kind == IR_MAP && n->nchild == 0))
		return 0;
	c->found = true;
	if (strcmp(ir_object_kind(doc, fc), "ConfigMap") == 0)
		from_configmap(c, doc, fc);
	else
		cut_out(c, n->start, n->end);
	return 0;
}

int
ir_krm_settings(struct ir_krm *k, struct ir_settings *eff, enum ir_preset preset)
{
	struct fc c = { .k = k };
	struct ir_settings *docs = NULL;
	size_t n = 0, i;
	int rc;

	if ((rc = ir_input_read(NULL, &k->in)) != 0)
		return rc;
	ir_krm_parse(k->in.data, k->in.len, on_resource_list, &c);
	ir_input_unread(&k->in);
	if (c.rc != 0 || !c.found) {
		ir_buf_free(&c.gen);
		return c.rc;
	}
	rc = ir_settings_read(c.name, c.gen.data ? c.gen.data : "", c.gen.len, &docs, &n);
	for (i = 0; i < n; i++) {
		if (rc == 0 && !docs[i].disabled)
			ir_settings_apply(eff, &docs[i], preset);
		ir_settings_release(&docs[i]);
	}
	free(docs);
	ir_buf_free(&c.gen);
	return rc;
}
