/* Read-only runs over the inputs of a filter that reports instead of editing. */
#include <stdio.h>

#include "imgreg/buf.h"
#include "imgreg/exit.h"
#include "imgreg/io.h"
#include "imgreg/krm.h"
#include "imgreg/msg.h"
#include "imgreg/scan.h"
#include "imgreg/stream.h"
#include "imgreg/text.h"

/* Reads, checks and scans one input. Returns 0 or an exit status (after a message). */
static int
scan_one(const char *path, const struct ir_filter *f)
{
	struct ir_input in;
	struct ir_stream s;
	struct ir_buf out = IR_BUF_INIT;
	struct ir_result res;
	unsigned long line, col;
	const char *why;
	size_t bad;
	int rc;

	if ((rc = ir_input_read(path, &in)) != 0)
		return rc;
	if (ir_text_check(in.data, in.len, &bad, &why) != 0) {
		ir_text_pos(in.data, in.len, bad, &line, &col);
		ir_msg(IR_MSG_ERROR, in.name, line, col, "%s", why);
		ir_input_release(&in);
		return IR_EXIT_INPUT;
	}
	ir_stream_init(&s, in.name, in.data, in.len, true);
	rc = ir_process(&s, f, &out, &res);
	if (res.parse_error) {
		ir_text_pos(in.data, in.len, res.err_off, &line, &col);
		ir_msg(IR_MSG_ERROR, in.name, line, col, "%s", res.err);
	}
	ir_buf_free(&out);
	ir_stream_release(&s);
	ir_input_release(&in);
	return rc;
}

int
ir_scan_files(struct ir_cli *cli, const struct ir_filter *f)
{
	int i, rc = 0, frc;

	/* no ResourceList is written back: messages are printed, not collected as results */
	ir_krm_free(cli->krm);
	cli->krm = NULL;
	if (cli->nfiles == 0)
		return scan_one(NULL, f);
	for (i = 0; i < cli->nfiles; i++)
		if ((frc = scan_one(cli->files[i], f)) != 0 && frc > rc)
			rc = frc;
	return rc;
}

int
ir_scan_check_cli(const struct ir_cli *cli)
{
	const char *opt = cli->in_place ? "-i" : cli->check ? "--check" : "--diff";

	if (!cli->in_place && !cli->check && !cli->diff)
		return 0;
	ir_msg(IR_MSG_ERROR, NULL, 0, 0, "%s does not apply: %s only reads its input", opt,
	    cli->prog);
	fprintf(stderr, "usage: %s\n", cli->usage);
	return IR_EXIT_USAGE;
}
