/* The images step: references listed, collected, and turned into mirror plans. */
#include <stdlib.h>
#include <string.h>

#include "imgreg/images.h"
#include "imgreg/jsonw.h"
#include "imgreg/locate.h"
#include "imgreg/msg.h"
#include "imgreg/ref.h"
#include "imgreg/rules.h"

/* One collected reference. */
struct ir_imgent {
	char *norm;		/* the normalised form: the key it is sorted and merged by */
	struct ir_ref ref;
	unsigned long count;	/* occurrences in the input */
	bool required;		/* listed by --required */
};

/* One occurrence's line of output, and where it is. */
struct ir_imgline {
	unsigned long file, line, col;
	char *text;
};

static const char *const formats[] = { "text", "json", "mirror", "skopeo", "crane" };

int
ir_images_format(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(formats) / sizeof(formats[0]); i++)
		if (strcmp(formats[i], name) == 0)
			return (int)i;
	return -1;
}

void
ir_sh_quote(struct ir_buf *out, const char *s)
{
	ir_buf_addc(out, '\'');
	for (; *s; s++) {
		if (*s == '\'')
			ir_buf_adds(out, "'\\''");
		else
			ir_buf_addc(out, *s);
	}
	ir_buf_addc(out, '\'');
}

/* Appends a reference to the collection. */
static void
collect(struct ir_images *im, const struct ir_ref *ref, bool required)
{
	char norm[IR_REF_SIZE];
	struct ir_imgent *e;

	if (im->n == im->cap) {
		im->cap = im->cap ? im->cap * 2 : 32;
		im->ents = ir_xrealloc(im->ents, im->cap * sizeof(*im->ents));
	}
	ir_ref_format(ref, norm, sizeof(norm));
	e = &im->ents[im->n++];
	e->norm = ir_xstrndup(norm, strlen(norm));
	e->ref = *ref;
	e->count = required ? 0 : 1;
	e->required = required;
}

/* Writes the parsed parts of ref as JSON members. */
static void
json_parts(struct ir_jsonw *w, const struct ir_ref *ref, const char *norm)
{
	ir_jsonw_str(w, "domain", ref->domain);
	ir_jsonw_str(w, "path", ref->path);
	ir_jsonw_str(w, "tag", ref->tag[0] ? ref->tag : NULL);
	ir_jsonw_str(w, "digest", ref->digest[0] ? ref->digest : NULL);
	ir_jsonw_str(w, "normalized", norm);
}

/* Writes one occurrence as a line of text or JSON into out. */
static void
occurrence_line(struct ir_images *im, const struct ir_occurrence *o, const struct ir_ref *ref,
    struct ir_buf *out)
{
	char norm[IR_REF_SIZE];
	struct ir_jsonw w;

	if (im->format == IR_IMAGES_TEXT) {
		ir_buf_addf(out, "%s:%lu:%lu %s/%s %s %s\n", o->file, o->line, o->col,
		    o->kind[0] ? o->kind : "-", o->name.len ? o->name.data : "-", o->path.data,
		    o->text.data);
		return;
	}
	ir_ref_format(ref, norm, sizeof(norm));
	ir_jsonw_open(&w, out, 0);
	ir_jsonw_str(&w, "file", o->file);
	ir_jsonw_num(&w, "line", o->line);
	ir_jsonw_num(&w, "column", o->col);
	ir_jsonw_str(&w, "kind", o->kind);
	ir_jsonw_str(&w, "name", o->name.data);
	ir_jsonw_str(&w, "field", o->path.data);
	ir_jsonw_str(&w, "reference", o->text.data);
	json_parts(&w, ref, norm);
	ir_jsonw_close(&w);
	ir_buf_addc(out, '\n');
}

/* Keeps the line of one occurrence, to be written in the order of positions. */
static void
list_occurrence(struct ir_images *im, const struct ir_occurrence *o, const struct ir_ref *ref)
{
	struct ir_buf line = IR_BUF_INIT;
	struct ir_imgline *l;

	if (o->file != im->file) {
		im->file = o->file;
		im->nfile++;
	}
	occurrence_line(im, o, ref, &line);
	if (im->nlines == im->caplines) {
		im->caplines = im->caplines ? im->caplines * 2 : 32;
		im->lines = ir_xrealloc(im->lines, im->caplines * sizeof(*im->lines));
	}
	l = &im->lines[im->nlines++];
	l->file = im->nfile;
	l->line = o->line;
	l->col = o->col;
	l->text = ir_buf_detach(&line, NULL);
}

/* Lists or collects one image occurrence; templated and invalid ones are reported. */
static int
image(struct ir_doc *doc, const struct ir_image *img, void *arg)
{
	struct ir_images *im = arg;
	struct ir_occurrence o;
	struct ir_ref ref;
	const char *why;

	if (!doc->nodes[img->node].has_text || !ir_seen_first(&im->seen, img->field))
		return 0;
	ir_occurrence_read(doc, img, &o);
	if (o.templated) {
		im->templated++;
		ir_occurrence_place(&o);
		ir_msg(IR_MSG_WARNING, o.file, o.line, o.col, "image reference '%s' is templated; "
		    "left out", o.text.data);
	} else if (ir_ref_parse(o.text.data, o.text.len, &ref, &why) != 0) {
		/* an env variable named *_IMAGE may hold something else: not our business */
		if (img->site != IR_SITE_ENV) {
			im->invalid++;
			ir_occurrence_place(&o);
			ir_msg(IR_MSG_WARNING, o.file, o.line, o.col, "invalid image reference "
			    "'%s': %s; left out", o.text.data, why);
		}
	} else {
		im->listed++;
		if (im->unique || im->format > IR_IMAGES_JSON)
			collect(im, &ref, false);	/* no place needed: a list of references */
		else {
			ir_occurrence_place(&o);
			list_occurrence(im, &o, &ref);
		}
	}
	ir_occurrence_release(&o);
	return 0;
}

int
ir_images_doc(struct ir_doc *doc, void *ctx)
{
	struct ir_images *im = ctx;

	ir_seen_reset(&im->seen);
	return ir_locate_images(doc, image, im);
}

int
ir_images_add_required(struct ir_images *im, const char *text)
{
	struct ir_ref ref;
	const char *why;

	if (ir_ref_parse(text, strlen(text), &ref, &why) != 0)
		return -1;
	collect(im, &ref, true);
	return 0;
}

/* Orders occurrence lines by input, line and column. */
static int
by_position(const void *a, const void *b)
{
	const struct ir_imgline *x = a, *y = b;

	if (x->file != y->file)
		return x->file < y->file ? -1 : 1;
	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	return x->col < y->col ? -1 : x->col > y->col;
}

/* Writes the occurrence lines in the order of their positions. */
static void
write_lines(struct ir_images *im)
{
	size_t i;

	if (im->nlines > 0)
		qsort(im->lines, im->nlines, sizeof(*im->lines), by_position);
	for (i = 0; i < im->nlines; i++)
		ir_buf_adds(&im->out, im->lines[i].text);
}

/* Orders collected references by their normalised form. */
static int
by_norm(const void *a, const void *b)
{
	return strcmp(((const struct ir_imgent *)a)->norm, ((const struct ir_imgent *)b)->norm);
}

/* Sorts the collection and merges the entries of one reference. */
static void
merge_entries(struct ir_images *im)
{
	size_t i, j = 0;

	if (im->n > 0)
		qsort(im->ents, im->n, sizeof(*im->ents), by_norm);
	for (i = 0; i < im->n; i++) {
		if (j > 0 && strcmp(im->ents[j - 1].norm, im->ents[i].norm) == 0) {
			im->ents[j - 1].count += im->ents[i].count;
			im->ents[j - 1].required |= im->ents[i].required;
			free(im->ents[i].norm);
			continue;
		}
		im->ents[j++] = im->ents[i];
	}
	im->n = j;
}

/* Writes one unique reference as text or a JSON line. */
static void
list_unique(struct ir_images *im, const struct ir_imgent *e)
{
	struct ir_jsonw w;

	if (im->format == IR_IMAGES_TEXT) {
		ir_buf_addf(&im->out, "%s\n", e->norm);
		return;
	}
	ir_jsonw_open(&w, &im->out, 0);
	ir_jsonw_str(&w, "reference", e->norm);
	json_parts(&w, &e->ref, e->norm);
	ir_jsonw_num(&w, "count", e->count);
	if (im->required)
		ir_jsonw_bool(&w, "required", e->required);
	ir_jsonw_close(&w);
	ir_buf_addc(&im->out, '\n');
}

/* Computes where entry e is copied to into dst; returns false (after saying why, with -v
 * when nothing is wrong) when it is not copied. */
static bool
destination(const struct ir_imgent *e, const struct ir_settings *s, char *dst, size_t size)
{
	enum ir_rule rule = ir_rule_apply(s, &e->ref, dst, size);
	struct ir_ref check;
	const char *why;

	switch (rule) {
	case IR_RULE_MIRROR:
	case IR_RULE_REGISTRY:
		if (ir_ref_parse(dst, strlen(dst), &check, &why) == 0)
			return true;
		ir_msg(IR_MSG_WARNING, NULL, 0, 0, "image '%s' left out: its destination would be "
		    "'%s' (%s)", e->norm, dst, why);
		return false;
	case IR_RULE_CUSTOM:
		/* copying the original over the custom image would replace the user's own */
		ir_msg(IR_MSG_INFO, NULL, 0, 0, "image '%s' left out: the settings replace it by the "
		    "custom image '%s'", e->norm, dst);
		return false;
	case IR_RULE_UNSELECTED:
		ir_msg(IR_MSG_INFO, NULL, 0, 0, "image '%s' left out: not selected (only, "
		    "exclude)", e->norm);
		return false;
	default:
		ir_msg(IR_MSG_INFO, NULL, 0, 0, "image '%s' left out: already under the target "
		    "registry", e->norm);
		return false;
	}
}

/* Writes the start of a copy script. */
static void
script_header(struct ir_images *im)
{
	const char *login = im->format == IR_IMAGES_SKOPEO ? "skopeo login" : "crane auth login";

	ir_buf_adds(&im->out, "#!/bin/sh\n");
	ir_buf_adds(&im->out, "# Mirror plan written by imgreg-images: copies each image into the "
	    "private registry.\n");
	ir_buf_addf(&im->out, "# Log in to both registries first (%s).\n", login);
	ir_buf_adds(&im->out, "set -eu\n");
}

/*
 * Writes the name of ref with what a copy tool can take: skopeo refuses a reference with both
 * a tag and a digest, and crane drops the tag of one. The source is read by its digest when
 * it has one (what the runtime pulls); the destination keeps the tag when it has one, and
 * is written by digest otherwise (an index copied whole keeps its digest).
 */
static void
copy_ref(struct ir_buf *out, const char *prefix, const char *text, bool source)
{
	char name[IR_REF_NAME_SIZE];
	struct ir_ref ref;
	const char *why;

	if (ir_ref_parse(text, strlen(text), &ref, &why) != 0) {
		ir_buf_addf(out, "%s%s", prefix, text);
		return;
	}
	ir_ref_format_name(&ref, name, sizeof(name));
	ir_buf_addf(out, "%s%s", prefix, name);
	if (ref.digest[0] && (source || !ref.tag[0]))
		ir_buf_addf(out, "@%s", ref.digest);
	else if (ref.tag[0])
		ir_buf_addf(out, ":%s", ref.tag);
}

/* Writes one source/destination pair in the chosen format. */
static void
plan_line(struct ir_images *im, const char *src, const char *dst)
{
	const char *prefix = im->format == IR_IMAGES_SKOPEO ? "docker://" : "";
	struct ir_buf word = IR_BUF_INIT;

	if (im->format == IR_IMAGES_MIRROR) {
		ir_buf_addf(&im->out, "%s\t%s\n", src, dst);
		return;
	}
	ir_buf_adds(&im->out, im->format == IR_IMAGES_SKOPEO ? "skopeo copy --all " :
	    "crane copy ");
	copy_ref(&word, prefix, src, true);
	ir_sh_quote(&im->out, word.data);
	ir_buf_reset(&word);
	copy_ref(&word, prefix, dst, false);
	ir_buf_addc(&im->out, ' ');
	ir_sh_quote(&im->out, word.data);
	ir_buf_addc(&im->out, '\n');
	ir_buf_free(&word);
}

void
ir_images_finish(struct ir_images *im)
{
	char dst[IR_REF_SIZE];
	size_t i;

	if (!im->unique && im->format <= IR_IMAGES_JSON) {
		write_lines(im);
		return;
	}
	merge_entries(im);
	if (im->format <= IR_IMAGES_JSON) {
		for (i = 0; i < im->n; i++)
			list_unique(im, &im->ents[i]);
		return;
	}
	if (im->format != IR_IMAGES_MIRROR)
		script_header(im);
	for (i = 0; i < im->n; i++)
		if (destination(&im->ents[i], im->settings, dst, sizeof(dst)))
			plan_line(im, im->ents[i].norm, dst);
}

void
ir_images_release(struct ir_images *im)
{
	size_t i;

	for (i = 0; i < im->n; i++)
		free(im->ents[i].norm);
	free(im->ents);
	for (i = 0; i < im->nlines; i++)
		free(im->lines[i].text);
	free(im->lines);
	im->ents = NULL;
	im->lines = NULL;
	im->n = im->cap = im->nlines = im->caplines = 0;
	ir_seen_release(&im->seen);
	ir_buf_free(&im->out);
}
