/* imgreg-verify: check the container images of Kubernetes, Argo and LitmusChaos YAML. */
#include <stdlib.h>
#include <string.h>

#include "imgreg/buf.h"
#include "imgreg/cli.h"
#include "imgreg/exit.h"
#include "imgreg/io.h"
#include "imgreg/krm.h"
#include "imgreg/msg.h"
#include "imgreg/scan.h"
#include "imgreg/verify_policy.h"

enum {
	OPT_ALLOW = 1000, OPT_DENY_LATEST, OPT_REQUIRE_DIGEST, OPT_REQUIRE_PULL_SECRET,
	OPT_REQUIRE_COMMAND, OPT_FORMAT,
};

static const struct option options[] = {
	{ "allow", required_argument, NULL, OPT_ALLOW },
	{ "deny-latest", no_argument, NULL, OPT_DENY_LATEST },
	{ "require-digest", no_argument, NULL, OPT_REQUIRE_DIGEST },
	{ "require-pull-secret", no_argument, NULL, OPT_REQUIRE_PULL_SECRET },
	{ "require-command", no_argument, NULL, OPT_REQUIRE_COMMAND },
	{ "format", required_argument, NULL, OPT_FORMAT },
	{ NULL, 0, NULL, 0 },
};

static const char usage[] = "imgreg-verify [-c FILE] [--allow PREFIX]... [--deny-latest] "
    "[--require-digest] [--require-pull-secret] [--require-command] [--format text|json] "
    "[--server HOST[:PORT]] [--account PATH] [--secret NAME] [--internal] [-q | -v] [FILE...]";

/* The options of this filter (checked after the parse, which exits on a refusal without
 * freeing what it holds). */
struct opts {
	struct ir_policy *p;
	const char *format;
	const char **allow;
	int nallow;
};

/* Handles the filter's own options. */
static int
option(int opt, const char *arg, void *ctx)
{
	struct opts *o = ctx;
	struct ir_policy *p = o->p;

	switch (opt) {
	case OPT_ALLOW:
		o->allow[o->nallow++] = arg;
		return 0;
	case OPT_DENY_LATEST:
		p->deny_latest = true;
		return 0;
	case OPT_REQUIRE_DIGEST:
		p->require_digest = true;
		return 0;
	case OPT_REQUIRE_PULL_SECRET:
		p->require_pull_secret = true;
		return 0;
	case OPT_REQUIRE_COMMAND:
		p->require_command = true;
		return 0;
	case OPT_FORMAT:
		o->format = arg;
		return 0;
	default:
		return IR_EXIT_USAGE;
	}
}

/* Checks the values of the options; returns 0 or IR_EXIT_USAGE after a message. */
static int
check_options(const struct ir_cli *cli, struct opts *o)
{
	const char *why;
	int i;

	if (ir_scan_check_cli(cli) != 0)
		return IR_EXIT_USAGE;
	if (o->format && strcmp(o->format, "text") && strcmp(o->format, "json")) {
		ir_msg(IR_MSG_ERROR, NULL, 0, 0, "invalid --format '%s': expected text or json",
		    o->format);
		return IR_EXIT_USAGE;
	}
	o->p->json = o->format && strcmp(o->format, "json") == 0;
	for (i = 0; i < o->nallow; i++)
		if (ir_policy_allow(o->p, o->allow[i], &why) != 0) {
			ir_msg(IR_MSG_ERROR, NULL, 0, 0, "invalid --allow '%s': %s", o->allow[i], why);
			return IR_EXIT_USAGE;
		}
	return 0;
}

/* Checks the inputs and reports the findings. Returns the exit status. */
static int
run(struct ir_cli *cli, struct ir_policy *p)
{
	struct ir_filter f = { .doc_fn = ir_policy_doc, .ctx = p, .embedded = true,
	    .items = true };
	size_t n;
	int rc;

	if (ir_krm_active(cli->krm)) {
		/* a ResourceList: written back unchanged, the findings as its results */
		p->immediate = true;
		p->json = false;
		if ((rc = ir_krm_attach(cli)) == 0)
			rc = ir_krm_run(cli->krm, &f);
	} else
		rc = ir_scan_files(cli, &f);
	n = ir_policy_report(p);
	ir_msg(IR_MSG_INFO, NULL, 0, 0, "%lu image%s checked, %lu templated (not checked), %zu "
	    "finding%s", p->checked, p->checked == 1 ? "" : "s", p->templated, n,
	    n == 1 ? "" : "s");
	if (rc == 0 && p->json && p->out.len)
		rc = ir_output_write(p->out.data, p->out.len);
	if (ir_output_close() != 0 && rc == 0)
		rc = IR_EXIT_IO;
	return rc ? rc : n ? IR_EXIT_FOUND : IR_EXIT_OK;
}

int
main(int argc, char **argv)
{
	struct ir_cli cli = { .prog = "imgreg-verify", .usage = usage };
	struct ir_policy p = { 0 };
	struct opts o = { .p = &p };
	struct ir_settings eff;
	int rc;

	/* every --allow fits: there are fewer than argc */
	o.allow = ir_xcalloc((size_t)argc, sizeof(*o.allow));
	ir_cli_parse(&cli, argc, argv, options, option, &o);
	if ((rc = check_options(&cli, &o)) == 0 && (rc = ir_cli_settings(&cli, &eff)) == 0) {
		p.settings = &eff;
		rc = run(&cli, &p);
		ir_settings_release(&eff);
	}
	ir_policy_release(&p);
	ir_cli_release(&cli);
	free(o.allow);
	return rc;
}
