/* The rewrite step over the images of a document. */
#include <stdio.h>
#include <string.h>

#include "imgreg/edit.h"
#include "imgreg/exit.h"
#include "imgreg/locate.h"
#include "imgreg/msg.h"
#include "imgreg/ref.h"
#include "imgreg/rewrite.h"
#include "imgreg/rules.h"
#include "imgreg/stream.h"

/* Reports an invalid reference at node id; an error with strict. */
static int
invalid(struct ir_doc *doc, ir_id id, struct ir_rewrite *rw, const char *why)
{
	const char *file;
	unsigned long line, col;

	ir_stream_pos(doc->stream, doc->nodes[id].start, &file, &line, &col);
	rw->invalid++;
	ir_msg(rw->strict ? IR_MSG_ERROR : IR_MSG_WARNING, file, line, col,
	    "invalid image reference '%s': %s%s", doc->nodes[id].text, why,
	    rw->strict ? "" : "; left unchanged");
	return rw->strict ? IR_EXIT_INPUT : 0;
}

/* Rewrites one image occurrence. */
static int
image(struct ir_doc *doc, const struct ir_image *img, void *arg)
{
	struct ir_rewrite *rw = arg;
	const struct ir_node *n = &doc->nodes[img->node];
	char out[IR_REF_SIZE];
	struct ir_ref ref;
	const char *why;
	enum ir_rule rule;

	if (ir_edit_replaced(doc, img->node) || !n->has_text)
		return 0;
	if (strstr(n->text, "{{") || ir_stream_templated(doc->stream, n->start, n->end)) {
		rw->templated++;
		return 0;
	}
	if (ir_ref_parse(n->text, n->text_len, &ref, &why) != 0) {
		/* an env variable named *_IMAGE may hold something else: not our business */
		return img->site == IR_SITE_ENV ? 0 : invalid(doc, img->node, rw, why);
	}
	rule = ir_rule_apply(rw->settings, &ref, out, sizeof(out));
	if (rule == IR_RULE_TARGET || rule == IR_RULE_UNSELECTED || strcmp(out, n->text) == 0) {
		rw->unchanged++;
		return 0;
	}
	if (ir_ref_parse(out, strlen(out), &ref, &why) != 0) {
		char msg[IR_REF_SIZE + 64];

		snprintf(msg, sizeof(msg), "its %s would be '%s' (%s)", ir_rule_name(rule), out, why);
		return invalid(doc, img->node, rw, msg);
	}
	if (ir_edit_replace(doc, img->node, out, strlen(out)) == 0)
		rw->rewritten++;
	return 0;
}

int
ir_rewrite_doc(struct ir_doc *doc, void *ctx)
{
	return ir_locate_images(doc, image, ctx);
}
