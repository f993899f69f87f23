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
#include "internal.h"

/* Standard input handed back by ir_input_unread(), returned by the next read of it. */
static struct ir_input pushed;

int
ir_input_read(const char *path, struct ir_input *in)
{
	struct ir_buf b = IR_BUF_INIT;
	int fd = 0;
	ssize_t n;
	struct stat st;

	in->name = path && strcmp(path, "-") != 0 ? path : "<stdin>";
	in->is_file = false;
	if ((path == NULL || strcmp(path, "-") == 0) && pushed.data) {
		*in = pushed;
		memset(&pushed, 0, sizeof(pushed));
		return 0;
	}
	if (path && strcmp(path, "-") != 0 && (fd = open(path, O_RDONLY)) < 0) {
		ir_msg(IR_MSG_ERROR, in->name, 0, 0, "cannot open: %s", strerror(errno));
		return IR_EXIT_IO;
	}
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) {
		if (path && strcmp(path, "-") != 0) {
			in->is_file = true;
			in->dev = st.st_dev;
			in->ino = st.st_ino;
			in->size = st.st_size;
			in->mtime = st.st_mtim;
		}
		if (st.st_size > 0)
			ir_buf_grow(&b, (size_t)st.st_size);
	}
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

int
ir_write_all(int fd, const char *p, size_t len)
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
	if (fflush(stdout) != 0 || ir_write_all(STDOUT_FILENO, data, len) != 0) {
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

int
ir_write_atomic(const char *path, const char *data, size_t len)
{
	struct ir_input in = { .name = path };
	struct ir_replace *r = ir_replace_new();
	int rc;

	if ((rc = ir_replace_add(r, &in, data, len)) == 0)
		rc = ir_replace_commit(r);
	ir_replace_free(r);
	return rc;
}
