#ifndef IMGREG_CLI_H
#define IMGREG_CLI_H
#include <getopt.h>
#include <stdbool.h>

#include "imgreg/merge.h"
#include "imgreg/process.h"
#include "imgreg/settings.h"
/*
 * The command line every editing filter shares (spec/cli.md): common options, settings from
 * -c and flags, and the run over files with -i, --check and --diff.
 */

struct ir_krm;

struct ir_cli {
	const char *prog;
	const char *usage;		/* the synopsis printed by -h and on usage errors */
	const char *config;		/* -c, or IMGREG_CONFIG */
	bool in_place, check, diff;
	bool verify;			/* false with --no-verify */
	struct ir_target target;
	enum ir_preset preset;
	struct ir_settings flags;	/* settings given as flags (flags.set says which) */
	char **files;
	int nfiles;
	struct ir_krm *krm;		/* standard input read early, KRM mode (krm.h) */
};

/* A filter's own option: called with the getopt value and argument; returns 0 or an exit
 * status (after a message). */
typedef int (*ir_opt_fn)(int opt, const char *arg, void *ctx);

/*
 * Parses argv into cli. extra lists the filter's own long options (terminated by a zero entry,
 * values >= 1000), handled by fn. Exits 0 after -h/-V and 2 after a usage error.
 */
void ir_cli_parse(struct ir_cli *cli, int argc, char **argv, const struct option *extra,
    ir_opt_fn fn, void *ctx);
/* Computes the effective settings: preset, -c documents merged for the target, a KRM
 * functionConfig (krm.h), then flags; validated. Returns 0, or IR_EXIT_USAGE after messages
 * (eff is then released; in KRM mode the ResourceList has been written with the errors). */
int ir_cli_settings(struct ir_cli *cli, struct ir_settings *eff);
/* Runs the filter over the inputs in the mode the options chose; returns the exit status. */
int ir_cli_run(struct ir_cli *cli, const struct ir_filter *f);
/* Frees what the parse and the run allocated. */
void ir_cli_release(struct ir_cli *cli);
#endif
