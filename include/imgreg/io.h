#ifndef IMGREG_IO_H
#define IMGREG_IO_H
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>
#include <time.h>
/*
 * Reading whole inputs and writing results without losing anything: a write to standard output
 * is checked, an in-place write replaces the file atomically (temporary file in the same
 * folder, same mode, rename) and leaves no temporary file behind, even when interrupted.
 */

struct ir_input {
	const char *name;	/* for messages: the path, or "<stdin>" */
	char *data;		/* owned, NUL-terminated */
	size_t len;
	/* a regular file read by name: its identity then, to tell whether another program
	 * changed or replaced it before it is replaced in place */
	bool is_file;
	dev_t dev;
	ino_t ino;
	off_t size;
	struct timespec mtime;
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

/*
 * Replacing several files together (-i), all of them or none. ir_replace_add() writes a file's
 * new bytes to a temporary file in the file's folder, with its mode (and owner, where allowed),
 * and syncs it; ir_replace_commit() checks that no file changed since it was read, then
 * renames each temporary file over its file. A symbolic link is followed: the file it names is
 * replaced. Until the renames nothing is changed, and any error (a read-only folder, a full
 * disk, a file changed, replaced or removed by another program) leaves every file as it was;
 * SIGINT, SIGTERM, SIGHUP, SIGPIPE or SIGXFSZ at any point leaves each file old or new and
 * removes the temporary files. Each call returns 0 or IR_EXIT_IO after a message naming the
 * file. ir_replace_free() removes the temporary files not renamed and frees the set.
 */
struct ir_replace;
struct ir_replace *ir_replace_new(void);
int ir_replace_add(struct ir_replace *r, const struct ir_input *in, const char *data,
    size_t len);
int ir_replace_commit(struct ir_replace *r);
void ir_replace_free(struct ir_replace *r);
#endif
