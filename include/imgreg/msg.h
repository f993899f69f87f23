#ifndef IMGREG_MSG_H
#define IMGREG_MSG_H
/*
 * Messages on standard error, one format everywhere:
 *	prog: file:line:col: [warning: ]text
 * Positions are 1-based; a zero line leaves the position out, a NULL file leaves the file out.
 */
enum ir_level {
	IR_MSG_ERROR,
	IR_MSG_WARNING,
	IR_MSG_INFO,		/* printed only with -v */
};

/* -1 with -q (errors only), 0 by default, 1 with -v. */
extern int ir_verbosity;

/* Sets the program name printed before every message. */
void ir_msg_prog(const char *name);
/* Returns the program name. */
const char *ir_msg_progname(void);
/* Prints one message; the single place where messages are formatted. */
void ir_msg(enum ir_level level, const char *file, unsigned long line, unsigned long col,
    const char *fmt, ...) __attribute__((format(printf, 5, 6)));
/* Counts the warnings printed (or suppressed by -q) so far. */
unsigned long ir_msg_warnings(void);

/*
 * A sink sees every message before it is printed (KRM mode collects them as results);
 * returning nonzero keeps it from standard error.
 */
typedef int (*ir_msg_sink)(enum ir_level level, const char *file, unsigned long line,
    unsigned long col, const char *text, void *arg);
void ir_msg_set_sink(ir_msg_sink sink, void *arg);
#endif
