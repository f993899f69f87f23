/* imgreg-images: list the container images of Kubernetes, Argo and LitmusChaos YAML. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "imgreg/cli.h"
#include "imgreg/exit.h"
#include "imgreg/images.h"
#include "imgreg/io.h"
#include "imgreg/msg.h"
#include "imgreg/required.h"
#include "imgreg/scan.h"

enum { OPT_FORMAT = 1000, OPT_UNIQUE, OPT_REQUIRED, OPT_INFRA_VERSION };

static const struct option options[] = {
	{ "format", required_argument, NULL, OPT_FORMAT },
	{ "unique", no_argument, NULL, OPT_UNIQUE },
	{ "required", required_argument, NULL, OPT_REQUIRED },
	{ "infra-version", required_argument, NULL, OPT_INFRA_VERSION },
	{ NULL, 0, NULL, 0 },
};

static const char usage[] = "imgreg-images [-c FILE] [--format text|json|mirror|skopeo|crane] "
    "[-u] [--required ddcr|dedicated --version V] [--server HOST[:PORT]] [--account PATH] "
    "[--mirror FROM=TO]... [-q | -v] [FILE...]";

/* The options of this filter (checked after the parse, which exits on a refusal without
 * freeing what it holds). */
struct opts {
	struct ir_images *im;
	const char *format;
	const char *required;
	const char *version;
};

/* Handles the filter's own options. */
static int
option(int opt, const char *arg, void *ctx)
{
	struct opts *o = ctx;

	switch (opt) {
	case OPT_FORMAT:
		o->format = arg;
		return 0;
	case OPT_UNIQUE:
		o->im->unique = true;
		return 0;
	case OPT_REQUIRED:
		o->required = arg;
		return 0;
	case OPT_INFRA_VERSION:
		o->version = arg;
		return 0;
	default:
		return IR_EXIT_USAGE;
	}
}

/* True when argv asks for --required before any "--". */
static bool
wants_required(int argc, char **argv)
{
	int i;

	for (i = 1; i < argc && strcmp(argv[i], "--") != 0; i++)
		if (strcmp(argv[i], "--required") == 0 || strncmp(argv[i], "--required=", 11) == 0)
			return true;
	return false;
}

/* A copy of argv with some options respelled, and the strings made for it. */
struct args {
	char **v;
	char **owned;
	int nowned;
};

/*
 * Copies argv into a, "-u" respelled "--unique" and "--version V" "--infra-version V" when
 * --required is given ("--version=V" always): the shared command line knows neither -u nor a
 * --version that takes a value.
 */
static void
translate(int argc, char **argv, struct args *a)
{
	bool required = wants_required(argc, argv), end = false;
	size_t len;
	int i;

	a->v = ir_xcalloc((size_t)argc + 1, sizeof(*a->v));
	a->owned = ir_xcalloc((size_t)argc + 1, sizeof(*a->owned));
	a->nowned = 0;
	for (i = 0; i < argc; i++) {
		a->v[i] = argv[i];
		if (i == 0 || end || (end = strcmp(argv[i], "--") == 0))
			continue;
		if (strcmp(argv[i], "-u") == 0) {
			a->v[i] = "--unique";
		} else if (strncmp(argv[i], "--version=", 10) == 0) {
			len = strlen(argv[i]) + sizeof("infra-");
			a->v[i] = a->owned[a->nowned++] = ir_xmalloc(len);
			snprintf(a->v[i], len, "--infra-%s", argv[i] + 2);
		} else if (required && strcmp(argv[i], "--version") == 0 && i + 1 < argc)
			a->v[i] = "--infra-version";
	}
}

/* Frees the copy. */
static void
args_release(struct args *a)
{
	int i;

	for (i = 0; i < a->nowned; i++)
		free(a->owned[i]);
	free(a->owned);
	free(a->v);
}

/* Reports a usage error and prints the usage; returns IR_EXIT_USAGE. */
static int
usage_error(const char *text)
{
	ir_msg(IR_MSG_ERROR, NULL, 0, 0, "%s", text);
	fprintf(stderr, "usage: %s\n", usage);
	return IR_EXIT_USAGE;
}

/* Checks the combinations of options; returns 0 or IR_EXIT_USAGE after a message. */
static int
check_options(const struct ir_cli *cli, struct opts *o)
{
	int format = o->format ? ir_images_format(o->format) : IR_IMAGES_TEXT;

	if (ir_scan_check_cli(cli) != 0)
		return IR_EXIT_USAGE;
	if (format < 0) {
		ir_msg(IR_MSG_ERROR, NULL, 0, 0, "invalid --format '%s': expected text, json, mirror, "
		    "skopeo or crane", o->format);
		return IR_EXIT_USAGE;
	}
	o->im->format = (enum ir_images_format)format;
	if (o->required && o->version == NULL)
		return usage_error("--required needs --version V, the version of the chaos "
		    "infrastructure");
	if (o->version && o->required == NULL)
		return usage_error("--version V goes with --required");
	if (o->required)
		o->im->unique = o->im->required = true;
	return 0;
}

/* Points standard input at /dev/null: with --required alone nothing is read, so the list
 * does not wait for a terminal (the shared settings step reads standard input early). */
static void
ignore_stdin(void)
{
	int fd = open("/dev/null", O_RDONLY);

	if (fd > 0) {
		dup2(fd, 0);
		close(fd);
	}
}

/* Adds the images an infrastructure of kind needs at version. Returns 0 or an exit status. */
static int
add_required(struct ir_images *im, const char *kind, const char *version)
{
	struct ir_list refs = { 0 };
	size_t i;
	int rc;

	rc = ir_required_images(NULL, kind, version, &refs);
	for (i = 0; rc == 0 && i < refs.n; i++)
		ir_images_add_required(im, refs.items[i]);
	ir_list_clear(&refs);
	return rc;
}

/* Lists the images of the inputs (and the required ones) into im->out. */
static int
run(struct ir_cli *cli, struct opts *o)
{
	struct ir_filter f = { .doc_fn = ir_images_doc, .ctx = o->im, .embedded = true,
	    .items = true };
	int rc = 0;

	if (o->required)
		rc = add_required(o->im, o->required, o->version);
	if (rc == 0 && (cli->nfiles > 0 || o->required == NULL))
		rc = ir_scan_files(cli, &f);
	if (rc == 0)
		ir_images_finish(o->im);
	ir_msg(IR_MSG_INFO, NULL, 0, 0, "%lu image%s listed, %lu templated, %lu invalid",
	    o->im->listed, o->im->listed == 1 ? "" : "s", o->im->templated, o->im->invalid);
	return rc;
}

int
main(int argc, char **argv)
{
	struct ir_cli cli = { .prog = "imgreg-images", .usage = usage };
	struct ir_images im = { 0 };
	struct opts o = { .im = &im };
	struct ir_settings eff;
	struct args a;
	int rc;

	translate(argc, argv, &a);
	ir_cli_parse(&cli, argc, a.v, options, option, &o);
	if ((rc = check_options(&cli, &o)) == 0 && o.required && cli.nfiles == 0)
		ignore_stdin();
	if (rc == 0 && (rc = ir_cli_settings(&cli, &eff)) == 0) {
		im.settings = &eff;
		if ((rc = run(&cli, &o)) == 0)
			rc = ir_output_write(im.out.data ? im.out.data : "", im.out.len);
		if (ir_output_close() != 0 && rc == 0)
			rc = IR_EXIT_IO;
		ir_settings_release(&eff);
	}
	ir_images_release(&im);
	ir_cli_release(&cli);
	args_release(&a);
	return rc;
}
