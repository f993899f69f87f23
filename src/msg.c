/* The one function that formats messages for standard error. */
#include <stdarg.h>
#include <stdio.h>

#include "imgreg/buf.h"
#include "imgreg/msg.h"

int ir_verbosity;

static const char *prog = "imgreg";
static unsigned long nwarnings;
static ir_msg_sink sink;
static void *sink_arg;

void
ir_msg_prog(const char *name)
{
	prog = name;
}

const char *
ir_msg_progname(void)
{
	return prog;
}

unsigned long
ir_msg_warnings(void)
{
	return nwarnings;
}

void
ir_msg_set_sink(ir_msg_sink fn, void *arg)
{
	sink = fn;
	sink_arg = arg;
}

void
ir_msg(enum ir_level level, const char *file, unsigned long line, unsigned long col,
    const char *fmt, ...)
{
	struct ir_buf text = IR_BUF_INIT, all = IR_BUF_INIT;
	va_list ap;
	int n;

	if (level == IR_MSG_WARNING)
		nwarnings++;
	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	ir_buf_grow(&text, n > 0 ? (size_t)n : 0);
	va_start(ap, fmt);
	vsnprintf(text.data, (size_t)n + 1, fmt, ap);
	va_end(ap);
	text.len = (size_t)n;
	if (sink && sink(level, file, line, col, text.data, sink_arg)) {
		ir_buf_free(&text);
		return;
	}
	if ((level == IR_MSG_WARNING && ir_verbosity < 0) ||
	    (level == IR_MSG_INFO && ir_verbosity < 1)) {
		ir_buf_free(&text);
		return;
	}
	ir_buf_addf(&all, "%s: ", prog);
	if (file && line)
		ir_buf_addf(&all, "%s:%lu:%lu: ", file, line, col);
	else if (file)
		ir_buf_addf(&all, "%s: ", file);
	if (level == IR_MSG_WARNING)
		ir_buf_adds(&all, "warning: ");
	ir_buf_add(&all, text.data, text.len);
	ir_buf_addc(&all, '\n');
	fwrite(all.data, 1, all.len, stderr);
	ir_buf_free(&text);
	ir_buf_free(&all);
}
