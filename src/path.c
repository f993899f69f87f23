/* The field path of a node, from its document's root. */
#include <string.h>

#include "imgreg/path.h"

/* Path steps are collected leaf first, at most this many (deeper documents are cut short). */
#define MAX_STEPS 256

/* True when key can be written bare in a dotted path. */
static bool
bare_key(const char *key, size_t len)
{
	size_t i;

	if (len == 0)
		return false;
	for (i = 0; i < len; i++)
		if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-",
		    key[i]) || key[i] == '\0')
			return false;
	return true;
}

/* Appends key as one step of a path; first says whether it is the path's first step. */
static void
add_key(struct ir_buf *out, const struct ir_node *k, bool first)
{
	size_t i;

	if (k == NULL || k->kind != IR_SCALAR) {
		ir_buf_adds(out, "[?]");
		return;
	}
	if (bare_key(k->text, k->text_len)) {
		if (!first)
			ir_buf_addc(out, '.');
		ir_buf_add(out, k->text, k->text_len);
		return;
	}
	ir_buf_adds(out, "[\"");
	for (i = 0; i < k->text_len; i++) {
		if (k->text[i] == '"' || k->text[i] == '\\')
			ir_buf_addc(out, '\\');
		ir_buf_addc(out, k->text[i]);
	}
	ir_buf_adds(out, "\"]");
}

void
ir_node_path(const struct ir_doc *doc, ir_id id, struct ir_buf *out)
{
	ir_id steps[MAX_STEPS];
	const struct ir_node *p;
	size_t n = 0, i;

	for (; id && doc->nodes[id].parent && n < MAX_STEPS; id = doc->nodes[id].parent)
		steps[n++] = id;
	for (i = n; i-- > 0;) {
		p = &doc->nodes[doc->nodes[steps[i]].parent];
		if (p->kind == IR_SEQ)
			ir_buf_addf(out, "[%lu]", (unsigned long)doc->nodes[steps[i]].index);
		else
			add_key(out, ir_node(doc, ir_map_key_of(doc, steps[i])), i == n - 1);
	}
}
