/* imgreg-secret: write the registry credential Secret that kubectl would write. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "imgreg/buf.h"
#include "imgreg/dockercfg.h"
#include "imgreg/exit.h"
#include "imgreg/io.h"
#include "imgreg/msg.h"
#include "imgreg/settings.h"
#include "imgreg/text.h"

#ifndef IMGREG_VERSION
#define IMGREG_VERSION "0.0.0"
#endif

enum {
	OPT_NAME = 1000, OPT_SERVER, OPT_USERNAME, OPT_PASSWORD_STDIN, OPT_PASSWORD_FILE,
	OPT_EMAIL, OPT_FROM_CONFIG, OPT_PASSWORD,
};

static const struct option options[] = {
	{ "name", required_argument, NULL, OPT_NAME },
	{ "namespace", required_argument, NULL, 'n' },
	{ "server", required_argument, NULL, OPT_SERVER },
	{ "username", required_argument, NULL, OPT_USERNAME },
	{ "password-stdin", no_argument, NULL, OPT_PASSWORD_STDIN },
	{ "password-file", required_argument, NULL, OPT_PASSWORD_FILE },
	{ "email", required_argument, NULL, OPT_EMAIL },
	{ "from-docker-config", required_argument, NULL, OPT_FROM_CONFIG },
	{ "password", optional_argument, NULL, OPT_PASSWORD },
	{ "docker-password", optional_argument, NULL, OPT_PASSWORD },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 },
};

static const char usage[] = "imgreg-secret --name NAME [-n NAMESPACE] --server SERVER "
    "--username USER (--password-stdin | --password-file FILE) [--email EMAIL]\n"
    "       imgreg-secret --name NAME [-n NAMESPACE] --from-docker-config FILE";

/* What the command line asks for. */
struct args {
	struct ir_dockercfg cfg;
	bool password_stdin;
	const char *password_file;
	const char *config_file;
};

/* Prints a usage error and the usage; returns IR_EXIT_USAGE. */
static int
usage_error(const char *fmt, const char *a, const char *b)
{
	ir_msg(IR_MSG_ERROR, NULL, 0, 0, fmt, a, b);
	fprintf(stderr, "usage: %s\n", usage);
	return IR_EXIT_USAGE;
}

/* Names the option getopt could not take, without any value written after '=' (it may be a
 * password). */
static int
bad_option(char **argv)
{
	const char *arg = argv[optind - 1];
	char name[64];

	if (optopt && optopt < 256) {
		snprintf(name, sizeof(name), "-%c", optopt);
		return usage_error("invalid option '%s'%s", name, "");
	}
	snprintf(name, sizeof(name), "%.*s", (int)strcspn(arg, "="), arg);
	return usage_error("invalid option, or one missing its value: '%s'%s", name, "");
}

/* Handles one option; returns 0 or an exit status. */
static int
option(int opt, struct args *a)
{
	switch (opt) {
	case OPT_NAME:
		a->cfg.name = optarg;
		return 0;
	case 'n':
		a->cfg.ns = optarg;
		return 0;
	case OPT_SERVER:
		a->cfg.server = optarg;
		return 0;
	case OPT_USERNAME:
		a->cfg.username = optarg;
		return 0;
	case OPT_PASSWORD_STDIN:
		a->password_stdin = true;
		return 0;
	case OPT_PASSWORD_FILE:
		a->password_file = optarg;
		return 0;
	case OPT_EMAIL:
		a->cfg.email = optarg;
		return 0;
	case OPT_FROM_CONFIG:
		a->config_file = optarg;
		return 0;
	case OPT_PASSWORD:
		return usage_error("%s%s", "a password is never taken from the command line, where "
		    "other users see it (ps, /proc) and the shell history keeps it: use "
		    "--password-stdin or --password-file FILE", "");
	case 'h':
		printf("usage: %s\nSee imgreg-secret(1) for every option.\n", usage);
		exit(IR_EXIT_OK);
	case 'V':
		printf("imgreg-secret %s\n", IMGREG_VERSION);
		exit(IR_EXIT_OK);
	default:
		return IR_EXIT_USAGE;
	}
}

/* Checks the values and their combinations; returns 0 or IR_EXIT_USAGE after a message. */
static int
check_args(const struct args *a)
{
	const struct ir_dockercfg *c = &a->cfg;
	const char *why;

	if (c->name == NULL)
		return usage_error("%s%s", "--name is required", "");
	if ((why = ir_check_dns1123(c->name)) != NULL)
		return usage_error("invalid --name '%s': %s", c->name, why);
	if (c->ns && (why = ir_dockercfg_check_namespace(c->ns)) != NULL)
		return usage_error("invalid --namespace '%s': %s", c->ns, why);
	if (a->config_file) {
		if (c->server || c->username || c->email || a->password_stdin || a->password_file)
			return usage_error("%s%s", "--from-docker-config takes the whole credential "
			    "from the file: give no --server, --username, --email or password", "");
		return 0;
	}
	if (c->server == NULL || c->username == NULL)
		return usage_error("%s%s", "--server and --username are required (or "
		    "--from-docker-config FILE)", "");
	if ((why = ir_dockercfg_check_server(c->server)) != NULL)
		return usage_error("invalid --server '%s': %s", c->server, why);
	if ((why = ir_dockercfg_check_username(c->username)) != NULL)
		return usage_error("invalid --username: %s%s", why, "");
	if (a->password_stdin == (a->password_file != NULL))
		return usage_error("%s%s", "give the password with exactly one of --password-stdin "
		    "and --password-file FILE", "");
	return 0;
}

/* Reads the password, or the docker config to wrap, into *in and points the credential at
 * it. Returns 0 or an exit status after a message that never shows what was read. */
static int
read_secret(struct args *a, struct ir_input *in)
{
	unsigned long line, col;
	const char *why;
	size_t off;
	int rc;

	if (a->config_file) {
		if ((rc = ir_input_read(a->config_file, in)) != 0)
			return rc;
		if (ir_dockercfg_check_config(in->data, in->len, &off, &why) != 0) {
			ir_text_pos(in->data, in->len, off, &line, &col);
			ir_msg(IR_MSG_ERROR, in->name, line, col, "invalid docker config: %s", why);
			return IR_EXIT_USAGE;
		}
		a->cfg.config = in->data;
		a->cfg.config_len = in->len;
		return 0;
	}
	if ((rc = ir_input_read(a->password_stdin ? NULL : a->password_file, in)) != 0)
		return rc;
	a->cfg.password = in->data;
	a->cfg.password_len = ir_dockercfg_password_len(in->data, in->len);
	if (a->cfg.password_len == 0) {
		ir_msg(IR_MSG_ERROR, in->name, 0, 0, "the password is empty");
		return IR_EXIT_USAGE;
	}
	return 0;
}

/* Clears and frees what was read. */
static void
wipe_input(struct ir_input *in)
{
	if (in->data)
		explicit_bzero(in->data, in->len);
	ir_input_release(in);
}

int
main(int argc, char **argv)
{
	struct ir_buf out = IR_BUF_INIT;
	struct ir_input in = { 0 };
	struct args a = { 0 };
	int opt, rc = 0;

	ir_msg_prog("imgreg-secret");
	opterr = 0;
	while (rc == 0 && (opt = getopt_long(argc, argv, ":n:hV", options, NULL)) != -1)
		rc = opt == '?' || opt == ':' ? bad_option(argv) : option(opt, &a);
	if (rc == 0 && optind < argc)
		rc = usage_error("%s%s", "unexpected argument (not shown): imgreg-secret reads no "
		    "file; the password comes from --password-stdin or --password-file", "");
	if (rc == 0 && (rc = check_args(&a)) == 0 && (rc = read_secret(&a, &in)) == 0) {
		ir_dockercfg_secret(&out, &a.cfg);
		rc = ir_output_write(out.data, out.len);
		if (ir_output_close() != 0 && rc == 0)
			rc = IR_EXIT_IO;
	}
	ir_buf_wipe(&out);
	wipe_input(&in);
	return rc;
}
