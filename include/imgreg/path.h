#ifndef IMGREG_PATH_H
#define IMGREG_PATH_H
#include "imgreg/buf.h"
#include "imgreg/yaml.h"
/*
 * The field path of a node: the keys and sequence indexes from its document's root down to it,
 * as users write them for kubectl and yq: "spec.template.spec.containers[0].image". The path
 * follows the node's place in the text, so a node reached through an alias has the path of
 * its anchor's place.
 */

/*
 * Appends the path of node id to out. A key that is not made of letters, digits, '_' and '-'
 * is written in brackets and double quotes (metadata.annotations["kubesphere.io/x"]); a key
 * that is not a scalar is written "[?]". The root itself appends nothing.
 */
void ir_node_path(const struct ir_doc *doc, ir_id id, struct ir_buf *out);
#endif
