#ifndef IMGREG_IMAGES_H
#define IMGREG_IMAGES_H
#include <stdbool.h>
#include <stddef.h>

#include "imgreg/buf.h"
#include "imgreg/occurrence.h"
#include "imgreg/settings.h"
#include "imgreg/yaml.h"
/*
 * The images step: every image reference of the input listed, one line per occurrence or once
 * each, as text, JSON lines, source/destination pairs for mirroring, or a shell script of copy
 * commands. Templated and invalid references are reported on standard error and left out.
 *
 * Ownership: a struct ir_images borrows its settings and owns its output and the references
 * it collects; ir_images_release() frees them.
 */

enum ir_images_format {
	IR_IMAGES_TEXT,		/* file:line:col kind/name field-path reference */
	IR_IMAGES_JSON,		/* one JSON object per line */
	IR_IMAGES_MIRROR,	/* source TAB destination */
	IR_IMAGES_SKOPEO,	/* a sh script of skopeo copy commands */
	IR_IMAGES_CRANE,	/* a sh script of crane copy commands */
};

struct ir_imgent;
struct ir_imgline;

struct ir_images {
	const struct ir_settings *settings;	/* borrowed: the rules giving destinations */
	enum ir_images_format format;
	bool unique;			/* once each, sorted (-u; always for mirror plans) */
	bool required;			/* --required was given: JSON says which images it added */
	struct ir_buf out;		/* what the run writes to standard output */
	struct ir_imgline *lines;	/* one per occurrence, sorted by position at the end */
	size_t nlines, caplines;
	const char *file;		/* the input being read, and its place among them */
	unsigned long nfile;
	struct ir_imgent *ents;		/* collected references (unique output) */
	size_t n, cap;
	struct ir_seen seen;		/* fields reported in the current document */
	unsigned long listed, templated, invalid;	/* for -v */
};

/* Returns the format named name, or -1. */
int ir_images_format(const char *name);
/* Lists or collects the images of one document; ctx is a struct ir_images. Returns 0. */
int ir_images_doc(struct ir_doc *doc, void *ctx);
/* Adds a reference an infrastructure requires. Returns 0, or -1 when it is invalid. */
int ir_images_add_required(struct ir_images *im, const char *ref);
/* Writes what was collected into im->out in the chosen format: the occurrences in the order
 * of their positions (inputs in order, then line and column), or the references sorted. */
void ir_images_finish(struct ir_images *im);
/* Frees what im owns (not its settings). */
void ir_images_release(struct ir_images *im);
/* Appends s as one word for POSIX sh: in single quotes, each ' written as '\''. */
void ir_sh_quote(struct ir_buf *out, const char *s);
#endif
