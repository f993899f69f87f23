/* imgreg-entrypoint: give Argo the command it cannot look up in a private registry. */
#include <stdlib.h>

#include "imgreg/buf.h"
#include "imgreg/cli.h"
#include "imgreg/entrypoint.h"
#include "imgreg/eptable.h"
#include "imgreg/exit.h"
#include "imgreg/io.h"
#include "imgreg/msg.h"
#include "imgreg/process.h"

enum { OPT_ALWAYS = 1000, OPT_ENTRYPOINTS, OPT_CONFIGMAP, OPT_STRICT };

static const struct option options[] = {
	{ "always", no_argument, NULL, OPT_ALWAYS },
	{ "entrypoints", required_argument, NULL, OPT_ENTRYPOINTS },
	{ "configmap", no_argument, NULL, OPT_CONFIGMAP },
	{ "strict", no_argument, NULL, OPT_STRICT },
	{ NULL, 0, NULL, 0 },
};

/* The filter's own options, as parsed. */
struct opts {
	struct ir_entrypoint ep;
	const char **files;	/* --entrypoints, in order */
	size_t nfiles;
};

/* Handles the filter's own options. */
static int
option(int opt, const char *arg, void *ctx)
{
	struct opts *o = ctx;

	switch (opt) {
	case OPT_ALWAYS:
		o->ep.always = true;
		return 0;
	case OPT_ENTRYPOINTS:
		o->files = ir_xrealloc(o->files, (o->nfiles + 1) * sizeof(*o->files));
		o->files[o->nfiles++] = arg;
		return 0;
	case OPT_CONFIGMAP:
		o->ep.collect = true;
		return 0;
	case OPT_STRICT:
		o->ep.strict = true;
		return 0;
	default:
		return IR_EXIT_USAGE;
	}
}

/* Builds the table: the built-in file, the settings' entries, then each --entrypoints file. */
static int
load_table(struct ir_eptable *t, const struct ir_settings *eff, const struct opts *o)
{
	size_t i;
	int rc;

	if ((rc = ir_eptable_add_builtin(t)) != 0)
		return rc;
	ir_eptable_add_settings(t, eff);
	for (i = 0; i < o->nfiles; i++)
		if ((rc = ir_eptable_add_file(t, o->files[i])) != 0)
			return rc;
	return 0;
}

/* Writes the workflow-controller-configmap fragment after a clean --configmap run. */
static int
write_configmap(const struct ir_entrypoint *ep)
{
	struct ir_buf b = IR_BUF_INIT;
	int rc;

	ir_entrypoint_configmap(ep, &b);
	if (b.len == 0)
		ir_msg(IR_MSG_INFO, NULL, 0, 0, "no image needs its entrypoint in the index");
	rc = b.len ? ir_output_write(b.data, b.len) : 0;
	ir_buf_free(&b);
	if (ir_output_close() != 0 && rc == 0)
		rc = IR_EXIT_IO;
	return rc;
}

/* Prints the -v summary of the run. */
static void
summary(const struct ir_entrypoint *ep)
{
	ir_msg(IR_MSG_INFO, NULL, 0, 0, "%lu command%s %s, %lu container%s with a command, %lu "
	    "left to the registry lookup, %lu templated, %lu unknown", ep->inserted,
	    ep->inserted == 1 ? "" : "s", ep->collect ? "listed" : "inserted", ep->present,
	    ep->present == 1 ? "" : "s", ep->lookup, ep->templated, ep->unknown);
}

int
main(int argc, char **argv)
{
	struct ir_cli cli = {
		.prog = "imgreg-entrypoint",
		.usage = "imgreg-entrypoint [-c FILE] [--server HOST[:PORT]] [--account PATH] "
		    "[--internal] [--always] [--entrypoints FILE]... [--configmap] [--strict] "
		    "[-i | --check | --diff] [-q | -v] [FILE...]",
	};
	struct opts o = { .ep = { 0 } };
	struct ir_eptable table = { 0 };
	struct ir_settings eff = { 0 };	/* released whatever happens */
	struct ir_filter f = { .doc_fn = ir_entrypoint_doc, .ctx = &o.ep, .embedded = true,
	    .embedded_needs = IR_HOLDS_TEMPLATES, .items = true };
	int rc;

	ir_cli_parse(&cli, argc, argv, options, option, &o);
	if (o.ep.collect && (cli.in_place || cli.check || cli.diff)) {
		ir_msg(IR_MSG_ERROR, NULL, 0, 0, "--configmap excludes -i, --check and --diff");
		rc = IR_EXIT_USAGE;
	} else if ((rc = ir_cli_settings(&cli, &eff)) == 0)
		rc = load_table(&table, &eff, &o);
	if (rc == 0) {
		o.ep.settings = &eff;
		o.ep.table = &table;
		f.verify = cli.verify;
		if (o.ep.collect)
			cli.check = true;	/* --configmap: a run that writes nothing */
		rc = ir_cli_run(&cli, &f);
		if (rc == 0 && o.ep.collect)
			rc = write_configmap(&o.ep);
		if (rc == 0 || rc == IR_EXIT_FOUND)
			summary(&o.ep);
	}
	ir_entrypoint_release(&o.ep);
	ir_eptable_release(&table);
	ir_settings_release(&eff);
	ir_cli_release(&cli);
	free(o.files);
	return rc;
}
