#ifndef IMGREG_EXIT_H
#define IMGREG_EXIT_H
/* Exit statuses shared by every filter; the man pages list the same table. */
enum ir_exit {
	IR_EXIT_OK = 0,		/* success, warnings allowed */
	IR_EXIT_FOUND = 1,	/* --check found changes, or verify found violations */
	IR_EXIT_USAGE = 2,	/* bad flag or bad settings */
	IR_EXIT_INPUT = 3,	/* input not YAML, invalid UTF-8, a value that cannot be edited */
	IR_EXIT_IO = 4,		/* cannot read or write */
};
#endif
