/* Whole-file input, checked output and atomic in-place replacement. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "imgreg/buf.h"
#include "imgreg/exit.h"
#include "imgreg/io.h"
#include "imgreg/msg.h"
#include "imgreg/text.h"

/* Standard input handed back by ir_input_unread(), returned by the next read of it. */
static struct ir_input pushed;

/* The temporary file being written, removed if a signal ends the program meanwhile. */
static volatile sig_atomic_t have_temp;
static char temp_path[4096];

/* Removes the temporary file and dies of the same signal. */
static void
on_signal(int sig)
{
	if (have_temp)
		unlink(temp_path);
	signal(sig, SIG_DFL);
	raise(sig);
}

/* Installs on_signal for the signals that end a run from outside, once. */
static void
guard_signals(void)
{
	static int done;
	const int sigs[] = { SIGINT, SIGTERM, SIGHUP, SIGPIPE, SIGXFSZ };
	size_t i;

	if (done++)
		return;
	struct sigaction old;

	for (i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		if (sigaction(sigs[i], NULL, &old) == 0 && old.sa_handler != SIG_IGN)
			signal(sigs[i], on_signal);
}

int
ir_input_read(const char *path, struct ir_input *in)
{
	struct ir_buf b = IR_BUF_INIT;
	int fd = 0;
	ssize_t n;
	struct stat st;

	in->name = path && strcmp(path, "-") != 0 ? path : "<stdin>";
	if ((path == NULL || strcmp(path, "-") == 0) && pushed.data) {
		*in = pushed;
		memset(&pushed, 0, sizeof(pushed));
		return 0;
	}
	if (path && strcmp(path, "-") != 0 && (fd = open(path, O_RDONLY)) < 0) {
		ir_msg(IR_MSG_ERROR, in->name, 0, 0, "cannot open: %s", strerror(errno));
		return IR_EXIT_IO;
	}
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0)
		ir_buf_grow(&b, (size_t)st.st_size);
	for (;;) {
		ir_buf_grow(&b, 65536);
		n = read(fd, b.data + b.len, b.cap - b.len - 1);
		if (n == 0)
			break;
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			ir_msg(IR_MSG_ERROR, in->name, 0, 0, "cannot read: %s", strerror(errno));
			if (fd)
				close(fd);
			ir_buf_free(&b);
			return IR_EXIT_IO;
		}
		b.len += (size_t)n;
	}
	if (fd)
		close(fd);
	b.data[b.len] = '\0';
	in->data = ir_buf_detach(&b, &in->len);
	return 0;
}

void
ir_input_unread(struct ir_input *in)
{
	ir_input_release(&pushed);
	pushed = *in;
	memset(in, 0, sizeof(*in));
}

void
ir_input_release(struct ir_input *in)
{
	ir_text_forget(in->data);
	free(in->data);
	in->data = NULL;
	in->len = 0;
}

/* Writes all of len bytes to fd. Returns 0 or -1 with errno. */
static int
write_all(int fd, const char *p, size_t len)
{
	ssize_t n;

	while (len > 0) {
		n = write(fd, p, len > (1u << 30) ? (1u << 30) : len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

int
ir_output_write(const char *data, size_t len)
{
	signal(SIGPIPE, SIG_IGN);
	if (fflush(stdout) != 0 || write_all(STDOUT_FILENO, data, len) != 0) {
		ir_msg(IR_MSG_ERROR, NULL, 0, 0, "cannot write standard output: %s",
		    strerror(errno));
		return IR_EXIT_IO;
	}
	return 0;
}

int
ir_output_close(void)
{
	if (fflush(stdout) != 0 || ferror(stdout)) {
		ir_msg(IR_MSG_ERROR, NULL, 0, 0, "cannot write standard output: %s",
		    strerror(errno));
		return IR_EXIT_IO;
	}
	return 0;
}

/* Fails a write_atomic step: reports, removes the temporary file. */
static int
atomic_fail(const char *path, const char *what, int fd)
{
	int e = errno;

	ir_msg(IR_MSG_ERROR, path, 0, 0, "%s: %s; the file is unchanged", what, strerror(e));
	if (fd >= 0)
		close(fd);
	if (have_temp) {
		unlink(temp_path);
		have_temp = 0;
	}
	return IR_EXIT_IO;
}

int
ir_write_atomic(const char *path, const char *data, size_t len)
{
	struct stat st;
	int fd;

	guard_signals();
	if (stat(path, &st) != 0)
		return atomic_fail(path, "cannot stat", -1);
	if ((size_t)snprintf(temp_path, sizeof(temp_path), "%s.imgreg-XXXXXX", path) >=
	    sizeof(temp_path)) {
		errno = ENAMETOOLONG;
		return atomic_fail(path, "cannot create a temporary file", -1);
	}
	if ((fd = mkstemp(temp_path)) < 0)
		return atomic_fail(path, "cannot create a temporary file", -1);
	have_temp = 1;
	if (fchmod(fd, st.st_mode & 07777) != 0)
		return atomic_fail(path, "cannot set the temporary file's mode", fd);
	if (write_all(fd, data, len) != 0)
		return atomic_fail(path, "cannot write", fd);
	if (fsync(fd) != 0)
		return atomic_fail(path, "cannot write", fd);
	if (close(fd) != 0)
		return atomic_fail(path, "cannot write", -1);
	if (rename(temp_path, path) != 0)
		return atomic_fail(path, "cannot replace", -1);
	have_temp = 0;
	return 0;
}
