/* imgreg-merge: the effective registry settings of one target from its scope documents. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "imgreg/buf.h"
#include "imgreg/exit.h"
#include "imgreg/io.h"
#include "imgreg/merge.h"
#include "imgreg/msg.h"
#include "imgreg/settings.h"

#ifndef IMGREG_VERSION
#define IMGREG_VERSION "0.0.0"
#endif

enum { OPT_ACCOUNT = 1000, OPT_EXPLAIN, OPT_INFRA, OPT_ORG, OPT_PRESET, OPT_PROJECT };

static const struct option options[] = {
	{ "account", required_argument, NULL, OPT_ACCOUNT },
	{ "account-id", required_argument, NULL, OPT_ACCOUNT },
	{ "explain", no_argument, NULL, OPT_EXPLAIN },
	{ "help", no_argument, NULL, 'h' },
	{ "infra", required_argument, NULL, OPT_INFRA },
	{ "org", required_argument, NULL, OPT_ORG },
	{ "preset", required_argument, NULL, OPT_PRESET },
	{ "project", required_argument, NULL, OPT_PROJECT },
	{ "quiet", no_argument, NULL, 'q' },
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 },
};

/* What the command line asks for. */
struct args {
	struct ir_target target;
	enum ir_preset preset;
	bool explain;
};

/* The documents of every input, with the notes of effective documents. */
struct inputs {
	struct ir_settings *docs;
	struct ir_notes *notes;
	size_t n;
};

/* Prints the synopsis to fp and exits with status. */
static void __attribute__((noreturn))
usage(FILE *fp, int status)
{
	fprintf(fp, "usage: imgreg-merge [--account ID] [--org ID] [--project ID] [--infra ID] "
	    "[--preset hce|litmus] [--explain] [-q] [FILE...]\n");
	if (fp == stdout)
		fprintf(fp, "See imgreg-merge(1) for the merge rules.\n");
	exit(status);
}

/* Stores a target identifier, refusing an empty one. */
static void
target_id(const char **dst, const char *arg, const char *opt)
{
	if (*arg == '\0') {
		ir_msg(IR_MSG_ERROR, NULL, 0, 0, "empty identifier for '%s'", opt);
		usage(stderr, IR_EXIT_USAGE);
	}
	*dst = arg;
}

/* Reports an option getopt_long() refused (opt is '?' or ':') and exits 2. */
static void __attribute__((noreturn))
bad_option(char **argv, int opt)
{
	char name[64] = { '-', (char)optopt, '\0' };

	if (optopt == 0 || optopt >= 256)
		snprintf(name, sizeof(name), "%.*s", (int)strcspn(argv[optind - 1], "="),
		    argv[optind - 1]);

	if (opt == ':')
		ir_msg(IR_MSG_ERROR, NULL, 0, 0, "option '%s' needs a value", name);
	else if (optopt >= 256)
		ir_msg(IR_MSG_ERROR, NULL, 0, 0, "option '%s' takes no value", name);
	else
		ir_msg(IR_MSG_ERROR, NULL, 0, 0, "unknown option '%s'", name);
	usage(stderr, IR_EXIT_USAGE);
}

/* Parses the options into a; returns the index of the first file argument. */
static int
parse(int argc, char **argv, struct args *a)
{
	int opt;

	opterr = 0;
	while ((opt = getopt_long(argc, argv, ":hqV", options, NULL)) != -1) {
		switch (opt) {
		case OPT_ACCOUNT:
			target_id(&a->target.account, optarg, "--account");
			break;
		case OPT_EXPLAIN:
			a->explain = true;
			break;
		case OPT_INFRA:
			target_id(&a->target.infra, optarg, "--infra");
			break;
		case OPT_ORG:
			target_id(&a->target.org, optarg, "--org");
			break;
		case OPT_PRESET:
			if (strcmp(optarg, "hce") != 0 && strcmp(optarg, "litmus") != 0) {
				ir_msg(IR_MSG_ERROR, NULL, 0, 0, "invalid --preset '%s': expected hce "
				    "or litmus", optarg);
				usage(stderr, IR_EXIT_USAGE);
			}
			a->preset = optarg[0] == 'h' ? IR_PRESET_HCE : IR_PRESET_LITMUS;
			break;
		case OPT_PROJECT:
			target_id(&a->target.project, optarg, "--project");
			break;
		case 'h':
			usage(stdout, IR_EXIT_OK);
		case 'q':
			ir_verbosity = -1;
			break;
		case 'V':
			printf("imgreg-merge %s\n", IMGREG_VERSION);
			exit(IR_EXIT_OK);
		default:
			bad_option(argv, opt);
		}
	}
	return optind;
}

/* Reads the settings documents of one file and appends them to in. */
static int
read_file(const char *path, struct inputs *in)
{
	struct ir_settings *docs = NULL;
	struct ir_input file;
	size_t n = 0, i;
	int rc;

	if ((rc = ir_input_read(path, &file)) != 0)
		return rc;
	rc = ir_settings_read(file.name, file.data, file.len, &docs, &n);
	in->docs = ir_xrealloc(in->docs, (in->n + n + 1) * sizeof(*in->docs));
	in->notes = ir_xrealloc(in->notes, (in->n + n + 1) * sizeof(*in->notes));
	for (i = 0; i < n; i++) {
		in->docs[in->n] = docs[i];
		memset(&in->notes[in->n], 0, sizeof(in->notes[in->n]));
		ir_effective_notes(&in->docs[in->n], file.data, file.len, &in->notes[in->n]);
		in->n++;
	}
	free(docs);
	ir_input_release(&file);
	return rc;
}

/* Frees what read_file() collected. */
static void
inputs_release(struct inputs *in)
{
	size_t i;

	for (i = 0; i < in->n; i++) {
		ir_settings_release(&in->docs[i]);
		ir_notes_release(&in->notes[i]);
	}
	free(in->docs);
	free(in->notes);
}

/* Merges, validates and writes the effective document; returns the exit status. */
static int
merge(const struct args *a, struct inputs *in)
{
	struct ir_merge_report rep;
	struct ir_settings eff;
	struct ir_buf out = IR_BUF_INIT;
	int rc;

	rc = ir_merge(in->docs, in->n, &a->target, a->preset, &eff, &rep);
	if (rc == 0) {
		ir_merge_carry(&rep, in->docs, in->notes);
		rc = ir_settings_validate(&eff);
		if (a->explain)
			ir_effective_explain(stderr, &eff, &rep, a->preset);
	}
	if (rc == 0) {
		ir_effective_write(&out, &eff, &rep, a->preset);
		rc = ir_output_write(out.data, out.len);
	}
	ir_buf_free(&out);
	ir_settings_release(&eff);
	ir_merge_report_release(&rep);
	return rc;
}

int
main(int argc, char **argv)
{
	struct args a = { .preset = IR_PRESET_HCE };
	struct inputs in = { 0 };
	int first, i, rc = 0, frc;

	ir_msg_prog("imgreg-merge");
	first = parse(argc, argv, &a);
	argc -= first;
	argv += first;
	for (i = 0; i < argc || (argc == 0 && i == 0); i++)
		if ((frc = read_file(argc ? argv[i] : NULL, &in)) != 0 && rc == 0)
			rc = frc;
	if (rc == 0)
		rc = merge(&a, &in);
	inputs_release(&in);
	if ((frc = ir_output_close()) != 0 && rc == 0)
		rc = frc;
	return rc;
}
