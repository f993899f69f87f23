/* Replacing files in place, all of them or none: temporary files first, then renames. */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
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
#include "internal.h"

/* One file to replace. */
struct pending {
	const char *name;	/* as the user named it, for messages */
	char *path;		/* the file itself: a symbolic link is followed */
	char *temp;		/* its temporary file, NULL once renamed over it */
	struct ir_input id;	/* the identity it had when read (no data) */
};

struct ir_replace {
	struct pending *p;
	size_t n, cap;
};

/* The temporary files that exist now, for the signal handler, which may not allocate: the
 * table changes only while the signals below are blocked. */
static char **live;
static volatile sig_atomic_t nlive;
static size_t livecap;
static const int guarded[] = { SIGINT, SIGTERM, SIGHUP, SIGPIPE, SIGXFSZ };

/* Removes every temporary file and dies of the same signal. */
static void
on_signal(int sig)
{
	sig_atomic_t i;

	for (i = 0; i < nlive; i++)
		unlink(live[i]);
	signal(sig, SIG_DFL);
	raise(sig);
}

/* Installs on_signal, once, for the signals that end a run from outside and are not ignored
 * (an ignored SIGXFSZ turns a full file into a write error instead). */
static void
guard_signals(void)
{
	static int done;
	struct sigaction old;
	size_t i;

	if (done++)
		return;
	for (i = 0; i < sizeof(guarded) / sizeof(guarded[0]); i++)
		if (sigaction(guarded[i], NULL, &old) == 0 && old.sa_handler != SIG_IGN)
			signal(guarded[i], on_signal);
}

/* Blocks (how SIG_BLOCK) or restores (SIG_SETMASK) the guarded signals around a change of the
 * table. */
static void
mask_signals(int how, sigset_t *old)
{
	sigset_t set;
	size_t i;

	sigemptyset(&set);
	for (i = 0; i < sizeof(guarded) / sizeof(guarded[0]); i++)
		sigaddset(&set, guarded[i]);
	sigprocmask(how, how == SIG_BLOCK ? &set : old, how == SIG_BLOCK ? old : NULL);
}

/* Adds temp to the table of temporary files (add) or takes it out. */
static void
live_set(char *temp, bool add)
{
	sigset_t old;
	sig_atomic_t i;

	mask_signals(SIG_BLOCK, &old);
	if (add) {
		if ((size_t)nlive == livecap) {
			livecap = livecap ? livecap * 2 : 16;
			live = ir_xrealloc(live, livecap * sizeof(*live));
		}
		live[nlive] = temp;
		nlive = nlive + 1;
	} else {
		for (i = 0; i < nlive && live[i] != temp; i++)
			continue;
		if (i < nlive) {
			live[i] = live[nlive - 1];
			nlive = nlive - 1;
		}
	}
	mask_signals(SIG_SETMASK, &old);
}

struct ir_replace *
ir_replace_new(void)
{
	guard_signals();
	return ir_xcalloc(1, sizeof(struct ir_replace));
}

/* True when the file with status st is no longer the one in read (another program changed
 * or replaced it since). */
static bool
changed(const struct ir_input *in, const struct stat *st)
{
	return in->is_file && (st->st_dev != in->dev || st->st_ino != in->ino ||
	    st->st_size != in->size || st->st_mtim.tv_sec != in->mtime.tv_sec ||
	    st->st_mtim.tv_nsec != in->mtime.tv_nsec);
}

/* Reports a failure to replace file name and returns IR_EXIT_IO (errno says why, unless e is
 * a reason of its own). */
static int
fail(const char *name, const char *what, const char *e)
{
	ir_msg(IR_MSG_ERROR, name, 0, 0, "%s: %s; no file changed", what, e ? e : strerror(errno));
	return IR_EXIT_IO;
}

/* Writes data into a new temporary file next to p->path, with the file's mode and owner. */
static int
write_temp(struct pending *p, const struct stat *st, const char *data, size_t len)
{
	int fd;

	sigset_t old;

	p->temp = ir_xmalloc(strlen(p->path) + sizeof(".imgreg-XXXXXX"));
	sprintf(p->temp, "%s.imgreg-XXXXXX", p->path);
	/* no signal between creating the file and noting it for the handler */
	mask_signals(SIG_BLOCK, &old);
	if ((fd = mkstemp(p->temp)) >= 0)
		live_set(p->temp, true);
	mask_signals(SIG_SETMASK, &old);
	if (fd < 0) {
		free(p->temp);
		p->temp = NULL;
		return fail(p->name, "cannot create a temporary file", NULL);
	}
	/* an owner other than ours is kept where we may (as root); the mode always */
	if (fchown(fd, st->st_uid, st->st_gid) != 0 && errno != EPERM) {
		close(fd);
		return fail(p->name, "cannot set the temporary file's owner", NULL);
	}
	if (fchmod(fd, st->st_mode & 07777) != 0) {
		close(fd);
		return fail(p->name, "cannot set the temporary file's mode", NULL);
	}
	if (ir_write_all(fd, data, len) != 0 || fsync(fd) != 0) {
		close(fd);
		return fail(p->name, "cannot write", NULL);
	}
	if (close(fd) != 0)
		return fail(p->name, "cannot write", NULL);
	return 0;
}

int
ir_replace_add(struct ir_replace *r, const struct ir_input *in, const char *data, size_t len)
{
	struct pending *p;
	struct stat st;

	if (r->n == r->cap) {
		r->cap = r->cap ? r->cap * 2 : 8;
		r->p = ir_xrealloc(r->p, r->cap * sizeof(*r->p));
	}
	p = &r->p[r->n++];
	memset(p, 0, sizeof(*p));
	p->name = in->name;
	p->id = *in;
	p->id.data = NULL;
	if ((p->path = realpath(in->name, NULL)) == NULL || stat(p->path, &st) != 0)
		return fail(p->name, "cannot replace", NULL);
	if (!S_ISREG(st.st_mode))
		return fail(p->name, "cannot replace", "not a regular file");
	/* a file we may not write is not replaced either, though the rename would work */
	if (access(p->path, W_OK) != 0)
		return fail(p->name, "cannot replace", NULL);
	if (changed(in, &st))
		return fail(p->name, "cannot replace", "changed since it was read");
	return write_temp(p, &st, data, len);
}

/* Makes the renames in p's folder durable; a failure here loses nothing already renamed. */
static void
sync_folder(const char *path)
{
	char *copy = ir_xstrndup(path, strlen(path));
	int fd = open(dirname(copy), O_RDONLY | O_DIRECTORY);

	if (fd >= 0) {
		(void)fsync(fd);
		close(fd);
	}
	free(copy);
}

int
ir_replace_commit(struct ir_replace *r)
{
	struct stat st;
	size_t i;

	/* every file is still the one that was read, or none is replaced */
	for (i = 0; i < r->n; i++) {
		if (stat(r->p[i].path, &st) != 0)
			return fail(r->p[i].name, "cannot replace", NULL);
		if (changed(&r->p[i].id, &st))
			return fail(r->p[i].name, "cannot replace", "changed since it was read");
	}
	for (i = 0; i < r->n; i++) {
		if (rename(r->p[i].temp, r->p[i].path) != 0) {
			ir_msg(IR_MSG_ERROR, r->p[i].name, 0, 0, "cannot replace: %s; it is unchanged, "
			    "%zu file%s before it %s replaced", strerror(errno), i, i == 1 ? "" : "s",
			    i == 1 ? "was" : "were");
			return IR_EXIT_IO;
		}
		live_set(r->p[i].temp, false);
		free(r->p[i].temp);
		r->p[i].temp = NULL;
		sync_folder(r->p[i].path);
	}
	return 0;
}

void
ir_replace_free(struct ir_replace *r)
{
	size_t i;

	if (r == NULL)
		return;
	for (i = 0; i < r->n; i++) {
		if (r->p[i].temp) {
			unlink(r->p[i].temp);
			live_set(r->p[i].temp, false);
			free(r->p[i].temp);
		}
		free(r->p[i].path);
	}
	free(r->p);
	free(r);
}
