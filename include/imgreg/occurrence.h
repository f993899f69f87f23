#ifndef IMGREG_OCCURRENCE_H
#define IMGREG_OCCURRENCE_H
#include <stdbool.h>
#include <stddef.h>

#include "imgreg/buf.h"
#include "imgreg/locate.h"
#include "imgreg/yaml.h"
/*
 * An image occurrence described for a report: where it is written (file:line:col through
 * embedding), the kind and name of its object, its field path, and its text as written,
 * {{...}} templates included. The read-only filters report occurrences in these terms.
 *
 * Ownership: an occurrence owns its buffers (ir_occurrence_release() frees them); file and
 * kind are borrowed from the stream and the document and live as long as the document.
 */
struct ir_occurrence {
	const char *file;	/* the outermost input's name */
	unsigned long line, col;
	const char *kind;	/* the object's kind, "" when none */
	struct ir_buf name;	/* metadata.name, else metadata.generateName, else "", as written */
	struct ir_buf path;	/* the field path of the image as written (an alias stays one) */
	struct ir_buf text;	/* the reference as written, templates included */
	bool templated;		/* the reference holds a {{...}} template */
	bool placed;		/* file to path are filled in */
	struct ir_doc *doc;	/* borrowed: the occurrence's document and image, for */
	const struct ir_image *img;	/* ir_occurrence_place() */
};

/*
 * Initialises *o with the text of image occurrence img and whether it is templated (kind "",
 * name and path empty), leaving where it is and what holds it to ir_occurrence_place():
 * finding the line and the field path costs more than checking the reference, and
 * imgreg-verify reports few of the occurrences it checks, imgreg-images --unique none. img
 * must live until then.
 */
void ir_occurrence_read(struct ir_doc *doc, const struct ir_image *img,
    struct ir_occurrence *o);
/* Fills in the file, line, column, kind, name and path of *o, once. */
void ir_occurrence_place(struct ir_occurrence *o);
/* Frees the buffers of *o. */
void ir_occurrence_release(struct ir_occurrence *o);

/* Remembers which image fields of the current document were reported: an alias of a whole
 * container reaches the same field twice. */
struct ir_seen {
	ir_id *ids;
	size_t n, cap;
};

/* True the first time field id is seen since the last ir_seen_reset(). */
bool ir_seen_first(struct ir_seen *s, ir_id id);
/* Forgets every field (at the start of each document). */
void ir_seen_reset(struct ir_seen *s);
/* Frees the memory of s. */
void ir_seen_release(struct ir_seen *s);
#endif
