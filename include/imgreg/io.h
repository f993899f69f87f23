#ifndef IMGREG_IO_H
#define IMGREG_IO_H
#include <stddef.h>
/*
 * Reading whole inputs and writing results without losing anything: a write to standard output
 * is checked, an in-place write replaces the file atomically (temporary file in the same
 * folder, same mode, rename) and leaves no temporary file behind, even when interrupted.
 */

struct ir_input {
	const char *name;	/* for messages: the path, or "<stdin>" */
	char *data;		/* owned, NUL-terminated */
	size_t len;
};

/* Reads path ("-" or NULL: standard input) into in. Returns 0 or IR_EXIT_IO after a message. */
int ir_input_read(const char *path, struct ir_input *in);
/*
 * Hands standard input, read into in, back: the next ir_input_read() of standard input
 * returns these bytes instead of reading (the bytes move there; in is emptied). Lets the
 * library look at standard input before the filter reads it (KRM mode, krm.h).
 */
void ir_input_unread(struct ir_input *in);
/* Frees the input's data. */
void ir_input_release(struct ir_input *in);
/* Writes len bytes to standard output. Returns 0 or IR_EXIT_IO after a message. */
int ir_output_write(const char *data, size_t len);
/* Flushes and checks standard output at exit. Returns 0 or IR_EXIT_IO after a message. */
int ir_output_close(void);
/* Replaces the file at path with len bytes atomically. Returns 0 or IR_EXIT_IO. */
int ir_write_atomic(const char *path, const char *data, size_t len);
#endif
