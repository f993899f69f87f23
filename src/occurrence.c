/* Image occurrences described for the read-only filters' reports. */
#include <stdlib.h>
#include <string.h>

#include "imgreg/occurrence.h"
#include "imgreg/path.h"
#include "imgreg/stream.h"

/* Returns the scalar holding the object's metadata.name, else its generateName, or 0. */
static ir_id
name_node(const struct ir_doc *doc, ir_id object)
{
	ir_id meta = ir_resolve(doc, ir_map_get(doc, object, "metadata"));
	ir_id name = ir_resolve(doc, ir_map_get(doc, meta, "name"));

	if (ir_scalar(doc, name) == NULL)
		name = ir_resolve(doc, ir_map_get(doc, meta, "generateName"));
	return ir_scalar(doc, name) ? name : 0;
}

/* Appends the text of scalar n as written: masked templates are read back from the stream,
 * and a quoted scalar loses its quotes (its escapes stay as written). */
static void
written_text(const struct ir_doc *doc, const struct ir_node *n, struct ir_buf *out)
{
	size_t start = n->start, end = n->end;

	if (!ir_stream_templated(doc->stream, n->start, n->end)) {
		ir_buf_add(out, n->text, n->text_len);
		return;
	}
	if ((n->style == IR_SINGLE || n->style == IR_DOUBLE) && end - start >= 2) {
		start++;
		end--;
	}
	for (; start < end; start++)
		ir_buf_addc(out, ir_stream_orig_byte(doc->stream, start));
}

void
ir_occurrence_read(struct ir_doc *doc, const struct ir_image *img, struct ir_occurrence *o)
{
	const struct ir_node *n = &doc->nodes[img->node];

	memset(o, 0, sizeof(*o));
	o->doc = doc;
	o->img = img;
	o->kind = "";
	written_text(doc, n, &o->text);
	ir_buf_addn(&o->text, '\0', 0);	/* a string even when empty */
	o->templated = strstr(o->text.data, "{{") != NULL ||
	    ir_stream_templated(doc->stream, n->start, n->end);
}

void
ir_occurrence_place(struct ir_occurrence *o)
{
	struct ir_doc *doc = o->doc;
	const struct ir_image *img = o->img;
	ir_id name;

	if (o->placed)
		return;
	o->placed = true;
	ir_stream_pos(doc->stream, doc->nodes[img->field].start, &o->file, &o->line, &o->col);
	o->kind = ir_object_kind(doc, img->object);
	name = name_node(doc, img->object);
	if (name != 0)
		written_text(doc, &doc->nodes[name], &o->name);
	ir_node_path(doc, img->field, &o->path);
	/* adding nothing makes the buffers hold a string even when empty */
	ir_buf_addn(&o->name, '\0', 0);
	ir_buf_addn(&o->path, '\0', 0);
}

void
ir_occurrence_release(struct ir_occurrence *o)
{
	ir_buf_free(&o->name);
	ir_buf_free(&o->path);
	ir_buf_free(&o->text);
}

bool
ir_seen_first(struct ir_seen *s, ir_id id)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		if (s->ids[i] == id)
			return false;
	if (s->n == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 16;
		s->ids = ir_xrealloc(s->ids, s->cap * sizeof(*s->ids));
	}
	s->ids[s->n++] = id;
	return true;
}

void
ir_seen_reset(struct ir_seen *s)
{
	s->n = 0;
}

void
ir_seen_release(struct ir_seen *s)
{
	free(s->ids);
	memset(s, 0, sizeof(*s));
}
