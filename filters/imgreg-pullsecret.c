/* imgreg-pullsecret: add the private registry's pull secret wherever it is read. */
#include <stdlib.h>
#include <string.h>

#include "imgreg/buf.h"
#include "imgreg/cli.h"
#include "imgreg/exit.h"
#include "imgreg/msg.h"
#include "imgreg/process.h"
#include "imgreg/pullsecret.h"

enum { OPT_ALL = 1000, OPT_SERVICE_ACCOUNT, OPT_KUBESPHERE, OPT_STYLE };

static const struct option options[] = {
	{ "all", no_argument, NULL, OPT_ALL },
	{ "service-account", required_argument, NULL, OPT_SERVICE_ACCOUNT },
	{ "kubesphere", optional_argument, NULL, OPT_KUBESPHERE },
	{ "style", required_argument, NULL, OPT_STYLE },
	{ NULL, 0, NULL, 0 },
};

/* The filter's own options, as parsed. */
struct opts {
	struct ir_pullsecret ps;
	char **accounts;
	size_t naccounts;
};

/* Reports a bad option argument; returns the usage exit status. */
static int
bad_arg(const char *fmt, const char *arg)
{
	ir_msg(IR_MSG_ERROR, NULL, 0, 0, fmt, arg);
	return IR_EXIT_USAGE;
}

/* Handles the pull secret step's own options. */
static int
option(int opt, const char *arg, void *ctx)
{
	struct opts *o = ctx;
	const char *why;

	switch (opt) {
	case OPT_ALL:
		o->ps.all = true;
		return 0;
	case OPT_SERVICE_ACCOUNT:
		if ((why = ir_check_dns1123(arg)) != NULL)
			return bad_arg("invalid --service-account '%s': must be a DNS-1123 "
			    "subdomain", arg);
		o->accounts = ir_xrealloc(o->accounts,
		    (o->naccounts + 1) * sizeof(*o->accounts));
		o->accounts[o->naccounts++] = ir_xstrndup(arg, strlen(arg));
		return 0;
	case OPT_KUBESPHERE:
		if (arg && strcmp(arg, "only") != 0)
			return bad_arg("invalid --kubesphere '%s': expected --kubesphere or "
			    "--kubesphere=only", arg);
		o->ps.kubesphere = arg ? IR_KUBESPHERE_ONLY : IR_KUBESPHERE_ALSO;
		return 0;
	case OPT_STYLE:
		if (strcmp(arg, "hce") != 0)
			return bad_arg("invalid --style '%s': expected hce", arg);
		o->ps.hce = true;
		return 0;
	default:
		return IR_EXIT_USAGE;
	}
}

/* Prints the -v summary of a run. */
static void
summary(const struct ir_pullsecret *ps)
{
	ir_msg(IR_MSG_INFO, NULL, 0, 0, "secret '%s' added to %lu list%s, %lu already held it, "
	    "%lu annotation%s written, %lu object%s left alone (no image from '%s')",
	    ps->settings->secret_name, ps->added, ps->added == 1 ? "" : "s", ps->present,
	    ps->annotated, ps->annotated == 1 ? "" : "s", ps->skipped,
	    ps->skipped == 1 ? "" : "s", ps->server);
}

int
main(int argc, char **argv)
{
	struct ir_cli cli = {
		.prog = "imgreg-pullsecret",
		.usage = "imgreg-pullsecret [-c FILE] [--secret NAME] [--server HOST[:PORT]] "
		    "[--all] [--service-account NAME]... [--kubesphere[=only]] [--style hce] "
		    "[-i | --check | --diff] [-q | -v] [FILE...]",
	};
	struct opts o = { 0 };
	struct ir_settings eff;
	struct ir_filter f = { .doc_fn = ir_pullsecret_doc, .ctx = &o.ps, .embedded = true,
	    .embedded_needs = IR_HOLDS_SECRET_PLACES, .items = true };
	const char *idle;
	size_t i;
	int rc;

	ir_cli_parse(&cli, argc, argv, options, option, &o);
	if ((rc = ir_cli_settings(&cli, &eff)) == 0) {
		o.ps.settings = &eff;
		o.ps.accounts = o.accounts;
		o.ps.naccounts = o.naccounts;
		if ((idle = ir_pullsecret_init(&o.ps)) != NULL)
			ir_msg(IR_MSG_INFO, NULL, 0, 0, "%s", idle);
		f.verify = cli.verify;
		rc = ir_cli_run(&cli, &f);
		if (o.ps.active && (rc == 0 || rc == IR_EXIT_FOUND))
			summary(&o.ps);
		ir_pullsecret_release(&o.ps);
		ir_settings_release(&eff);
	}
	for (i = 0; i < o.naccounts; i++)
		free(o.accounts[i]);
	free(o.accounts);
	ir_cli_release(&cli);
	return rc;
}
