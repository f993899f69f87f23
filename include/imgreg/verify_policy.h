#ifndef IMGREG_VERIFY_POLICY_H
#define IMGREG_VERIFY_POLICY_H
#include <stdbool.h>
#include <stddef.h>

#include "imgreg/buf.h"
#include "imgreg/occurrence.h"
#include "imgreg/ref.h"
#include "imgreg/settings.h"
#include "imgreg/yaml.h"
/*
 * The policy checks of imgreg-verify over every image occurrence: allowed registries, no
 * 'latest', digests, pull secrets where pods pull from the private registry, and commands
 * where Argo would have to look an entrypoint up in it. (src/verify.c is something else: the
 * editing core's check that an edited text reads back as intended.)
 *
 * Ownership: a struct ir_policy borrows its settings and owns its allowed prefixes and the
 * findings it collects; ir_policy_release() frees them.
 */

enum ir_policy_rule {
	IR_POLICY_ALLOW,		/* "allow": the image's registry is allowed */
	IR_POLICY_DENY_LATEST,		/* "deny-latest": a tag other than latest */
	IR_POLICY_REQUIRE_DIGEST,	/* "require-digest": a digest */
	IR_POLICY_PULL_SECRET,		/* "require-pull-secret" */
	IR_POLICY_COMMAND,		/* "require-command" */
};

struct ir_finding;
struct ir_policy_site;

struct ir_policy {
	const struct ir_settings *settings;	/* borrowed */
	struct ir_list allow;		/* --allow prefixes, normalised; none: the settings */
	bool deny_latest, require_digest, require_pull_secret, require_command;
	bool json;			/* findings as JSON lines (into out) instead of messages */
	bool immediate;			/* messages as found (KRM mode collects them) */
	struct ir_buf out;		/* the JSON lines */
	unsigned long checked, templated;	/* for -v */
	/* collected findings, written in the order of their positions */
	struct ir_finding *findings;
	size_t nfindings, capfindings;
	const char *file;		/* the input being read, and its place among them */
	unsigned long nfile;
	/* the state of the current document */
	struct ir_seen seen;
	ir_id object;			/* the object whose places of pull secrets are known */
	struct ir_policy_site *sites;
	size_t nsites, capsites;
};

/* Returns the rule's name as findings show it ("deny-latest"). */
const char *ir_policy_rule_name(enum ir_policy_rule r);
/* Adds the comma-separated image name prefixes of arg to the allowed ones. Returns 0, or -1
 * with *why for a malformed prefix. */
int ir_policy_allow(struct ir_policy *p, const char *arg, const char **why);
/* Checks the images of one document; ctx is a struct ir_policy. Returns 0. */
int ir_policy_doc(struct ir_doc *doc, void *ctx);
/* Reports the findings in the order of their positions: as messages on standard error, or as
 * JSON lines into p->out (with immediate, they were printed as found). Returns how many there
 * are. */
size_t ir_policy_report(struct ir_policy *p);
/* Frees what p owns (not its settings). */
void ir_policy_release(struct ir_policy *p);
#endif
