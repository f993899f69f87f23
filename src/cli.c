/* Options shared by every editing filter, and settings from -c and flags. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "imgreg/buf.h"
#include "imgreg/cli.h"
#include "imgreg/exit.h"
#include "imgreg/io.h"
#include "imgreg/krm.h"
#include "imgreg/msg.h"
#include "imgreg/ref.h"

#ifndef IMGREG_VERSION
#define IMGREG_VERSION "0.0.0"
#endif

enum {
	OPT_CHECK = 256, OPT_DIFF, OPT_NO_VERIFY, OPT_ACCOUNT_ID, OPT_ORG, OPT_PROJECT,
	OPT_INFRA, OPT_PRESET, OPT_SERVER, OPT_ACCOUNT, OPT_PATH_MODE, OPT_MIRROR, OPT_ONLY,
	OPT_EXCLUDE, OPT_CUSTOM, OPT_SECRET, OPT_INTERNAL,
};

static const struct option common[] = {
	{ "config", required_argument, NULL, 'c' },
	{ "in-place", no_argument, NULL, 'i' },
	{ "check", no_argument, NULL, OPT_CHECK },
	{ "diff", no_argument, NULL, OPT_DIFF },
	{ "quiet", no_argument, NULL, 'q' },
	{ "verbose", no_argument, NULL, 'v' },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ "no-verify", no_argument, NULL, OPT_NO_VERIFY },
	{ "account-id", required_argument, NULL, OPT_ACCOUNT_ID },
	{ "org", required_argument, NULL, OPT_ORG },
	{ "project", required_argument, NULL, OPT_PROJECT },
	{ "infra", required_argument, NULL, OPT_INFRA },
	{ "preset", required_argument, NULL, OPT_PRESET },
	{ "server", required_argument, NULL, OPT_SERVER },
	{ "account", required_argument, NULL, OPT_ACCOUNT },
	{ "path-mode", required_argument, NULL, OPT_PATH_MODE },
	{ "mirror", required_argument, NULL, OPT_MIRROR },
	{ "only", required_argument, NULL, OPT_ONLY },
	{ "exclude", required_argument, NULL, OPT_EXCLUDE },
	{ "custom", required_argument, NULL, OPT_CUSTOM },
	{ "secret", required_argument, NULL, OPT_SECRET },
	{ "internal", no_argument, NULL, OPT_INTERNAL },
};

/* Prints the usage to stream fp. */
static void
print_usage(const struct ir_cli *cli, FILE *fp)
{
	fprintf(fp, "usage: %s\n", cli->usage);
	if (fp == stdout)
		fprintf(fp, "See %s(1) for every option.\n", cli->prog);
}

/* Reports a usage error and exits 2. */
static void __attribute__((noreturn))
usage_error(const struct ir_cli *cli, const char *fmt, const char *arg)
{
	ir_msg(IR_MSG_ERROR, NULL, 0, 0, fmt, arg);
	print_usage(cli, stderr);
	exit(IR_EXIT_USAGE);
}

/* Marks field f as given on the command line. */
static void
flag_set(struct ir_cli *cli, enum ir_field f)
{
	int i = 0;

	while ((1u << i) != (unsigned)f)
		i++;
	cli->flags.set |= f;
	cli->flags.origin[i].file = NULL;
	cli->flags.origin[i].scope = "command line";
}

/* Appends the normalised prefixes of a comma-separated list to l. */
static void
add_prefixes(struct ir_cli *cli, struct ir_list *l, const char *arg, const char *opt)
{
	char norm[IR_REF_NAME_SIZE];
	const char *p = arg, *comma, *why;
	size_t len;

	for (; *p; p = comma ? comma + 1 : p + len) {
		comma = strchr(p, ',');
		len = comma ? (size_t)(comma - p) : strlen(p);
		if (ir_ref_normalize_prefix(p, len, norm, sizeof(norm), &why) != 0)
			usage_error(cli, opt, arg);
		l->items = ir_xrealloc(l->items, (l->n + 2) * sizeof(*l->items));
		l->items[l->n++] = ir_xstrndup(norm, strlen(norm));
		l->items[l->n] = NULL;
	}
}

/* Splits "A=B" into two copies; exits with a usage error when there is no '='. */
static void
split_pair(struct ir_cli *cli, const char *arg, const char *opt, struct ir_pair *p)
{
	const char *eq = strchr(arg, '=');

	if (eq == NULL || eq == arg || eq[1] == '\0')
		usage_error(cli, opt, arg);
	p->key = ir_xstrndup(arg, (size_t)(eq - arg));
	p->value = ir_xstrndup(eq + 1, strlen(eq + 1));
	p->at.scope = "command line";
}

/* Adds a --mirror FROM=TO rule, both sides normalised. */
static void
add_mirror(struct ir_cli *cli, const char *arg)
{
	struct ir_settings *s = &cli->flags;
	char from[IR_REF_NAME_SIZE], to[IR_REF_NAME_SIZE];
	struct ir_pair p;
	const char *why;

	split_pair(cli, arg, "invalid --mirror '%s': expected FROM=TO image name prefixes", &p);
	if (ir_ref_normalize_prefix(p.key, strlen(p.key), from, sizeof(from), &why) != 0 ||
	    ir_ref_normalize_prefix(p.value, strlen(p.value), to, sizeof(to), &why) != 0)
		usage_error(cli, "invalid --mirror '%s': expected FROM=TO image name prefixes", arg);
	free(p.key);
	free(p.value);
	s->mirrors = ir_xrealloc(s->mirrors, (s->nmirrors + 1) * sizeof(*s->mirrors));
	memset(&s->mirrors[s->nmirrors], 0, sizeof(p));
	s->mirrors[s->nmirrors].key = ir_xstrndup(from, strlen(from));
	s->mirrors[s->nmirrors].value = ir_xstrndup(to, strlen(to));
	s->mirrors[s->nmirrors++].at.scope = "command line";
	flag_set(cli, IR_F_MIRRORS);
}

/* Handles a settings flag; returns 0 when opt is not one. */
static int
settings_flag(struct ir_cli *cli, int opt, const char *arg)
{
	struct ir_settings *s = &cli->flags;

	switch (opt) {
	case OPT_SERVER:
		free(s->server);
		s->server = ir_xstrndup(arg, strlen(arg));
		flag_set(cli, IR_F_SERVER);
		return 1;
	case OPT_ACCOUNT:
		free(s->account);
		s->account = ir_xstrndup(arg, strlen(arg));
		flag_set(cli, IR_F_ACCOUNT);
		return 1;
	case OPT_PATH_MODE:
		if (strcmp(arg, "last") && strcmp(arg, "keep") && strcmp(arg, "full"))
			usage_error(cli, "invalid --path-mode '%s': expected last, keep or full", arg);
		s->path_mode = arg[0] == 'l' ? IR_PATH_LAST : arg[0] == 'k' ? IR_PATH_KEEP :
		    IR_PATH_FULL;
		flag_set(cli, IR_F_PATH_MODE);
		return 1;
	case OPT_MIRROR:
		add_mirror(cli, arg);
		return 1;
	case OPT_ONLY:
	case OPT_EXCLUDE:
		add_prefixes(cli, opt == OPT_ONLY ? &s->only : &s->exclude, arg,
		    "invalid image name prefix '%s'");
		flag_set(cli, opt == OPT_ONLY ? IR_F_ONLY : IR_F_EXCLUDE);
		return 1;
	case OPT_CUSTOM:
		s->custom = ir_xrealloc(s->custom, (s->ncustom + 1) * sizeof(*s->custom));
		split_pair(cli, arg, "invalid --custom '%s': expected NAME=REFERENCE",
		    &s->custom[s->ncustom++]);
		s->use_custom_images = true;
		flag_set(cli, IR_F_CUSTOM);
		flag_set(cli, IR_F_USE_CUSTOM);
		return 1;
	case OPT_SECRET:
		free(s->secret_name);
		s->secret_name = ir_xstrndup(arg, strlen(arg));
		s->is_private = true;
		flag_set(cli, IR_F_SECRET);
		flag_set(cli, IR_F_PRIVATE);
		return 1;
	case OPT_INTERNAL:
		s->internal = true;
		flag_set(cli, IR_F_INTERNAL);
		return 1;
	default:
		return 0;
	}
}

/* Handles a common option; returns 0 when opt is not one. */
static int
common_flag(struct ir_cli *cli, int opt, const char *arg)
{
	switch (opt) {
	case 'c':
		cli->config = arg;
		return 1;
	case 'i':
		cli->in_place = true;
		return 1;
	case OPT_CHECK:
		cli->check = true;
		return 1;
	case OPT_DIFF:
		cli->diff = true;
		return 1;
	case 'q':
		ir_verbosity = -1;
		return 1;
	case 'v':
		ir_verbosity = 1;
		return 1;
	case OPT_NO_VERIFY:
		cli->verify = false;
		return 1;
	case OPT_ACCOUNT_ID:
		cli->target.account = arg;
		return 1;
	case OPT_ORG:
		cli->target.org = arg;
		return 1;
	case OPT_PROJECT:
		cli->target.project = arg;
		return 1;
	case OPT_INFRA:
		cli->target.infra = arg;
		return 1;
	case OPT_PRESET:
		if (strcmp(arg, "hce") && strcmp(arg, "litmus"))
			usage_error(cli, "invalid --preset '%s': expected hce or litmus", arg);
		cli->preset = arg[0] == 'h' ? IR_PRESET_HCE : IR_PRESET_LITMUS;
		return 1;
	default:
		return settings_flag(cli, opt, arg);
	}
}

void
ir_cli_parse(struct ir_cli *cli, int argc, char **argv, const struct option *extra,
    ir_opt_fn fn, void *ctx)
{
	size_t nc = sizeof(common) / sizeof(common[0]), ne = 0;
	struct option *opts;
	int opt, rc;

	while (extra && extra[ne].name)
		ne++;
	opts = ir_xcalloc(nc + ne + 1, sizeof(*opts));
	memcpy(opts, common, sizeof(common));
	if (ne)
		memcpy(opts + nc, extra, ne * sizeof(*opts));
	ir_msg_prog(cli->prog);
	argv[0] = (char *)cli->prog;	/* getopt's own messages name the filter, not its path */
	cli->verify = true;
	while ((opt = getopt_long(argc, argv, "c:iqvhV", opts, NULL)) != -1) {
		if (opt == 'h') {
			print_usage(cli, stdout);
			exit(IR_EXIT_OK);
		} else if (opt == 'V') {
			printf("%s %s\n", cli->prog, IMGREG_VERSION);
			exit(IR_EXIT_OK);
		} else if (opt == '?') {
			print_usage(cli, stderr);
			exit(IR_EXIT_USAGE);
		} else if (common_flag(cli, opt, optarg)) {
			continue;
		} else if (fn == NULL || (rc = fn(opt, optarg, ctx)) != 0) {
			free(opts);
			exit(fn == NULL ? IR_EXIT_USAGE : rc);
		}
	}
	free(opts);
	cli->files = argv + optind;
	cli->nfiles = argc - optind;
	if ((cli->in_place != 0) + (cli->check != 0) + (cli->diff != 0) > 1)
		usage_error(cli, "%s", "-i, --check and --diff exclude each other");
	if (cli->in_place && cli->nfiles == 0)
		usage_error(cli, "%s", "-i needs file names");
	if (cli->config == NULL)
		cli->config = getenv("IMGREG_CONFIG");
	if (cli->config && *cli->config == '\0')
		cli->config = NULL;
}

/* Releases eff after settings error rc; in KRM mode writes the ResourceList with the errors. */
static int
settings_failed(struct ir_cli *cli, struct ir_settings *eff, int rc)
{
	ir_settings_release(eff);
	if (ir_krm_active(cli->krm))
		rc = ir_krm_fail(cli->krm, rc);
	/* the filter ends here: nothing of the run is needed any more */
	ir_krm_free(cli->krm);
	cli->krm = NULL;
	return rc;
}

int
ir_cli_settings(struct ir_cli *cli, struct ir_settings *eff)
{
	struct ir_settings *docs = NULL;
	struct ir_merge_report rep;
	struct ir_input in;
	size_t n = 0, i;
	int rc = 0;

	if ((rc = ir_krm_attach(cli)) != 0)
		return rc;
	ir_settings_preset(eff, cli->preset);
	if (cli->config) {
		if ((rc = ir_input_read(cli->config, &in)) != 0)
			return settings_failed(cli, eff, IR_EXIT_USAGE);
		rc = ir_settings_read(in.name, in.data, in.len, &docs, &n);
		if (rc == 0) {
			ir_settings_release(eff);
			rc = ir_merge(docs, n, &cli->target, cli->preset, eff, &rep);
			ir_merge_report_release(&rep);
		}
		for (i = 0; i < n; i++)
			ir_settings_release(&docs[i]);
		free(docs);
		ir_input_release(&in);
		if (rc != 0)
			return settings_failed(cli, eff, rc);
	}
	if (ir_krm_active(cli->krm) && (rc = ir_krm_settings(cli->krm, eff, cli->preset)) != 0)
		return settings_failed(cli, eff, rc);
	ir_settings_apply(eff, &cli->flags, cli->preset);
	if ((rc = ir_settings_validate(eff)) != 0)
		return settings_failed(cli, eff, rc);
	ir_krm_pause(cli->krm);
	return 0;
}

void
ir_cli_release(struct ir_cli *cli)
{
	ir_settings_release(&cli->flags);
	ir_krm_free(cli->krm);
	cli->krm = NULL;
}
