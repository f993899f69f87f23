/* Running an editing filter over its inputs: standard output, -i, --check and --diff. */
#include <stdlib.h>
#include <string.h>

#include "imgreg/buf.h"
#include "imgreg/cli.h"
#include "imgreg/diff.h"
#include "imgreg/exit.h"
#include "imgreg/io.h"
#include "imgreg/krm.h"
#include "imgreg/msg.h"
#include "imgreg/stream.h"
#include "imgreg/text.h"

/* One input and what the filter made of it. */
struct job {
	struct ir_input in;
	struct ir_stream s;
	struct ir_buf out;
	struct ir_result res;
};

/* Reads, checks and processes one input. Returns 0 or an exit status (after a message). */
static int
process_one(const char *path, const struct ir_filter *f, struct job *j)
{
	unsigned long line, col;
	const char *why;
	size_t bad;
	int rc;

	if ((rc = ir_input_read(path, &j->in)) != 0)
		return rc;
	if (ir_text_check(j->in.data, j->in.len, &bad, &why) != 0) {
		ir_text_pos(j->in.data, j->in.len, bad, &line, &col);
		ir_msg(IR_MSG_ERROR, j->in.name, line, col, "%s", why);
		return IR_EXIT_INPUT;
	}
	ir_stream_init(&j->s, j->in.name, j->in.data, j->in.len, true);
	rc = ir_process(&j->s, f, &j->out, &j->res);
	if (j->res.parse_error) {
		ir_text_pos(j->in.data, j->in.len, j->res.err_off, &line, &col);
		ir_msg(IR_MSG_ERROR, j->in.name, line, col, "%s", j->res.err);
	}
	if (rc == 0)
		ir_msg(IR_MSG_INFO, j->in.name, 0, 0, "%zu edit%s%s", j->res.nedits,
		    j->res.nedits == 1 ? "" : "s", j->res.changed ? "" : ", unchanged");
	return rc;
}

/* Returns the text a job writes: the edited text, or the input unchanged. */
static const char *
result(const struct job *j, size_t *len)
{
	*len = j->res.changed ? j->out.len : j->in.len;
	return j->res.changed ? j->out.data : j->in.data;
}

/* True when text starts with a "---" document marker line (after a BOM). */
static bool
starts_with_marker(const char *t, size_t len)
{
	if (len >= 3 && memcmp(t, "\xef\xbb\xbf", 3) == 0) {
		t += 3;
		len -= 3;
	}
	return ir_text_marker(t, len, 0) == '-';
}

/* Writes every result to standard output as one stream, files kept apart by "---". */
static int
write_stdout(struct job *jobs, int n)
{
	struct ir_buf all = IR_BUF_INIT;
	const char *t;
	size_t len;
	int i, rc;

	for (i = 0; i < n; i++) {
		t = result(&jobs[i], &len);
		if (i > 0) {
			if (all.len && all.data[all.len - 1] != '\n')
				ir_buf_adds(&all, jobs[i - 1].s.eol);
			if (!starts_with_marker(t, len))
				ir_buf_adds(&all, "---\n");
		}
		if (n == 1) {
			rc = ir_output_write(t, len);
			ir_buf_free(&all);
			return rc;
		}
		ir_buf_add(&all, t, len);
	}
	rc = ir_output_write(all.data ? all.data : "", all.len);
	ir_buf_free(&all);
	return rc;
}

/* Replaces every file that changed, all of them or none (io.h). */
static int
replace_files(struct job *jobs, int n)
{
	struct ir_replace *r = ir_replace_new();
	int i, rc = 0;

	for (i = 0; rc == 0 && i < n; i++)
		if (jobs[i].res.changed)
			rc = ir_replace_add(r, &jobs[i].in, jobs[i].out.data, jobs[i].out.len);
	if (rc == 0)
		rc = ir_replace_commit(r);
	ir_replace_free(r);
	return rc;
}

/* Writes the results in the mode the options chose. */
static int
deliver(struct ir_cli *cli, struct job *jobs, int n)
{
	struct ir_buf diff = IR_BUF_INIT;
	int i, rc = 0;

	if (!cli->check && !cli->diff && !cli->in_place)
		return write_stdout(jobs, n);
	if (cli->in_place)
		return replace_files(jobs, n);
	for (i = 0; i < n; i++) {
		if (!jobs[i].res.changed)
			continue;
		if (cli->check) {
			ir_msg(IR_MSG_ERROR, jobs[i].in.name, 0, 0, "would change");
			rc = IR_EXIT_FOUND;
		} else
			ir_diff(&diff, jobs[i].in.name, jobs[i].in.data, jobs[i].in.len,
			    jobs[i].s.edits);
	}
	if (cli->diff && diff.len)
		rc = ir_output_write(diff.data, diff.len);
	ir_buf_free(&diff);
	return rc;
}

/* Runs the filter as a KRM function over the ResourceList read from standard input. */
static int
run_krm(struct ir_cli *cli, const struct ir_filter *f)
{
	int rc = ir_krm_run(cli->krm, f);

	if (ir_output_close() != 0 && rc == 0)
		rc = IR_EXIT_IO;
	return rc;
}

int
ir_cli_run(struct ir_cli *cli, const struct ir_filter *f)
{
	int n = cli->nfiles ? cli->nfiles : 1, i, rc = 0, jrc;
	struct job *jobs;

	if ((rc = ir_krm_attach(cli)) != 0)
		return rc;
	if (ir_krm_active(cli->krm))
		return run_krm(cli, f);
	jobs = ir_xcalloc((size_t)n, sizeof(*jobs));
	for (i = 0; i < n; i++) {
		jrc = process_one(cli->nfiles ? cli->files[i] : NULL, f, &jobs[i]);
		if (jrc != 0 && (rc == 0 || jrc > rc))
			rc = jrc;
	}
	if (rc == 0)
		rc = deliver(cli, jobs, n);
	else
		ir_msg(IR_MSG_INFO, NULL, 0, 0, "nothing written");
	for (i = 0; i < n; i++) {
		ir_stream_release(&jobs[i].s);
		ir_buf_free(&jobs[i].out);
		ir_input_release(&jobs[i].in);
	}
	free(jobs);
	if (ir_output_close() != 0 && rc == 0)
		rc = IR_EXIT_IO;
	return rc;
}
