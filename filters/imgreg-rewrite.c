/* imgreg-rewrite: point every container image at a custom registry. */
#include <stdlib.h>

#include "imgreg/cli.h"
#include "imgreg/exit.h"
#include "imgreg/msg.h"
#include "imgreg/process.h"
#include "imgreg/rewrite.h"

enum { OPT_STRICT = 1000 };

static const struct option options[] = {
	{ "strict", no_argument, NULL, OPT_STRICT },
	{ NULL, 0, NULL, 0 },
};

/* Handles the rewrite's own options. */
static int
option(int opt, const char *arg, void *ctx)
{
	struct ir_rewrite *rw = ctx;

	(void)arg;
	if (opt != OPT_STRICT)
		return IR_EXIT_USAGE;
	rw->strict = true;
	return 0;
}

int
main(int argc, char **argv)
{
	struct ir_cli cli = {
		.prog = "imgreg-rewrite",
		.usage = "imgreg-rewrite [-c FILE] [--server HOST[:PORT]] [--account PATH] "
		    "[--path-mode last|keep|full] [--mirror FROM=TO]... [--only PREFIX]... "
		    "[--exclude PREFIX]... [--custom NAME=REF]... [--strict] [-i | --check | --diff] "
		    "[-q | -v] [FILE...]",
	};
	struct ir_rewrite rw = { 0 };
	struct ir_settings eff;
	struct ir_filter f = { .doc_fn = ir_rewrite_doc, .ctx = &rw, .embedded = true,
	    .items = true };
	int rc;

	ir_cli_parse(&cli, argc, argv, options, option, &rw);
	if ((rc = ir_cli_settings(&cli, &eff)) != 0)
		return rc;
	rw.settings = &eff;
	f.verify = cli.verify;
	rc = ir_cli_run(&cli, &f);
	if (rc == 0 || rc == IR_EXIT_FOUND)
		ir_msg(IR_MSG_INFO, NULL, 0, 0, "%lu image%s rewritten, %lu already in place or "
		    "not selected, %lu templated, %lu invalid", rw.rewritten,
		    rw.rewritten == 1 ? "" : "s", rw.unchanged, rw.templated, rw.invalid);
	ir_settings_release(&eff);
	ir_cli_release(&cli);
	return rc;
}
