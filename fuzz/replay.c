/*
 * A plain main for the fuzzing harnesses: runs LLVMFuzzerTestOneInput() on each file named,
 * or on each file in a folder named, so that saved inputs replay without libFuzzer (make
 * fuzz-regress, with any C compiler and under SANITIZE=1 or valgrind).
 *	replay FILE|DIR...
 * A folder's regular files are replayed, not its subfolders.
 * Prints "replayed N inputs"; a failing input aborts (fuzz/regress then finds which).
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "imgreg/io.h"
#include "imgreg/msg.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Replays one file; returns 0, or 1 when it cannot be read. */
static int
replay_file(const char *path)
{
	struct ir_input in;

	if (ir_input_read(path, &in) != 0)
		return 1;
	LLVMFuzzerTestOneInput((const uint8_t *)in.data, in.len);
	ir_input_release(&in);
	return 0;
}

/* Replays every regular file in folder dir, in name order. */
static int
replay_dir(const char *dir, size_t *n)
{
	struct dirent **list;
	struct stat st;
	char path[4096];
	int i, count, bad = 0;

	if ((count = scandir(dir, &list, NULL, alphasort)) < 0) {
		perror(dir);
		return 1;
	}
	for (i = 0; i < count; i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, list[i]->d_name);
		if (list[i]->d_name[0] != '.' && stat(path, &st) == 0 && S_ISREG(st.st_mode)) {
			bad |= replay_file(path);
			(*n)++;
		}
		free(list[i]);
	}
	free(list);
	return bad;
}

int
main(int argc, char **argv)
{
	struct stat st;
	size_t n = 0;
	int i, bad = 0;

	ir_msg_prog("replay");
	for (i = 1; i < argc; i++) {
		if (stat(argv[i], &st) == 0 && S_ISDIR(st.st_mode))
			bad |= replay_dir(argv[i], &n);
		else {
			bad |= replay_file(argv[i]);
			n++;
		}
	}
	printf("replayed %zu inputs\n", n);
	return bad ? 4 : 0;
}
