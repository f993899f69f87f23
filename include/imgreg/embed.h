#ifndef IMGREG_EMBED_H
#define IMGREG_EMBED_H
#include <stdbool.h>
#include <stddef.h>

#include "imgreg/yaml.h"
/*
 * Manifests embedded in a string (Argo inputs.artifacts[].raw.data, resource.manifest): the
 * scalar's source is decoded into text plus a map from each text offset to the source offset,
 * so that edits made on the text become splices on the source in the scalar's own style.
 */
struct ir_stream;

/*
 * Sets up *inner as a stream over the decoded value of scalar id of doc (templates masked).
 * Returns 0, or -1 when the scalar's style cannot be mapped back (the text is then untouched
 * and *why says why).
 */
int ir_embed_open(struct ir_doc *doc, ir_id id, struct ir_stream *inner, const char **why);
/*
 * Turns the inner stream's splices into splices of the outer document, written in the
 * scalar's style, and records the new value for verification. Returns 0, or -1 with *why when
 * a splice cannot be written in that style (nothing is then changed).
 */
int ir_embed_close(struct ir_doc *doc, ir_id id, struct ir_stream *inner, const char **why);
#endif
