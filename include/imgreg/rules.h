#ifndef IMGREG_RULES_H
#define IMGREG_RULES_H
#include <stddef.h>

#include "imgreg/ref.h"
#include "imgreg/settings.h"
/* The rewrite rules: where an image goes under the effective settings. */

enum ir_rule {
	IR_RULE_CUSTOM,		/* replaced by a custom image */
	IR_RULE_MIRROR,		/* a mirror prefix rule */
	IR_RULE_REGISTRY,	/* server/account/... */
	IR_RULE_TARGET,		/* already under the target: left alone */
	IR_RULE_UNSELECTED,	/* not under --only, or under --exclude: left alone */
};

/*
 * Computes the destination of ref under s into out (IR_REF_SIZE bytes suffice). For
 * IR_RULE_TARGET and IR_RULE_UNSELECTED out is empty. Tag and digest are kept.
 */
enum ir_rule ir_rule_apply(const struct ir_settings *s, const struct ir_ref *ref, char *out,
    size_t size);
/* Returns a short lower-case name of a rule ("custom image", "mirror", ...). */
const char *ir_rule_name(enum ir_rule r);
/* Returns the image name a Harness component key stands for ("logWatcher" ->
 * "chaos-log-watcher"), or the key itself for any other key. */
const char *ir_component_image(const char *key, const char *value);
#endif
