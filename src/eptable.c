/* The entrypoint table: loading its layers, finding the built-in file, matching images. */
#include <fnmatch.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "imgreg/buf.h"
#include "imgreg/eptable.h"
#include "imgreg/exit.h"
#include "imgreg/io.h"
#include "imgreg/msg.h"

#ifndef IMGREG_DATADIR
#define IMGREG_DATADIR "/usr/local/share/imgreg"
#endif

/* Returns a copy of name that lives as long as the table. */
static const char *
keep_name(struct ir_eptable *t, const char *name)
{
	t->files = ir_xrealloc(t->files, (t->nfiles + 1) * sizeof(*t->files));
	t->files[t->nfiles] = ir_xstrndup(name, strlen(name));
	return t->files[t->nfiles++];
}

/* Checks the entries of one layer: a bare image name and a command starting with a program. */
static int
check_layer(const struct ir_settings *s)
{
	const struct ir_entry *e;
	struct ir_ref ref;
	const char *why;
	size_t i;
	int rc = 0;

	for (i = 0; i < s->nentrypoints; i++) {
		e = &s->entrypoints[i];
		if (strchr(e->image, '/') || ir_ref_parse(e->image, strlen(e->image), &ref,
		    &why) != 0 || ref.tag[0] || ref.digest[0]) {
			ir_msg(IR_MSG_ERROR, e->at.file, e->at.line, e->at.col, "invalid entrypoint "
			    "image name '%s': expected the last path component of an image, such as "
			    "'litmus-checker'", e->image);
			rc = IR_EXIT_USAGE;
		} else if (e->argv.n == 0 || e->argv.items[0][0] == '\0') {
			ir_msg(IR_MSG_ERROR, e->at.file, e->at.line, e->at.col, "invalid entrypoint "
			    "for '%s': the command must start with a program", e->image);
			rc = IR_EXIT_USAGE;
		}
	}
	return rc;
}

int
ir_eptable_add_text(struct ir_eptable *t, const char *file, const char *text, size_t len)
{
	struct ir_settings *docs = NULL;
	size_t n = 0, i;
	int rc, crc;

	file = keep_name(t, file);
	rc = ir_settings_read(file, text, len, &docs, &n);
	for (i = 0; i < n; i++)		/* every bad entry is reported, not just the first */
		if ((crc = check_layer(&docs[i])) != 0 && rc == 0)
			rc = crc;
	if (rc == 0) {
		t->layers = ir_xrealloc(t->layers, (t->n + n) * sizeof(*t->layers));
		memcpy(t->layers + t->n, docs, n * sizeof(*docs));
		t->n += n;
	} else
		for (i = 0; i < n; i++)
			ir_settings_release(&docs[i]);
	free(docs);
	return rc;
}

int
ir_eptable_add_file(struct ir_eptable *t, const char *path)
{
	struct ir_input in;
	int rc;

	if ((rc = ir_input_read(path, &in)) != 0)
		return rc;
	rc = ir_eptable_add_text(t, in.name, in.data, in.len);
	ir_input_release(&in);
	return rc;
}

void
ir_eptable_add_settings(struct ir_eptable *t, const struct ir_settings *s)
{
	struct ir_settings *l;

	if (s->nentrypoints == 0)
		return;
	t->layers = ir_xrealloc(t->layers, (t->n + 1) * sizeof(*t->layers));
	l = &t->layers[t->n++];
	ir_settings_copy(l, s);
}

/* Writes dir/IR_EPTABLE_FILE into buf; returns true when that file exists. */
static bool
try_dir(char *buf, size_t size, const char *dir, const char *sub)
{
	snprintf(buf, size, "%s%s/%s", dir, sub, IR_EPTABLE_FILE);
	return access(buf, R_OK) == 0;
}

int
ir_eptable_find(char *buf, size_t size)
{
	const char *env = getenv("IMGREG_DATADIR");
	char exe[PATH_MAX];
	ssize_t n;
	char *slash;

	if (env && *env)
		return try_dir(buf, size, env, "") ? 0 : -1;
	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n > 0) {
		exe[n] = '\0';
		if ((slash = strrchr(exe, '/')) != NULL) {
			*slash = '\0';
			if (try_dir(buf, size, exe, "/../data") ||
			    try_dir(buf, size, exe, "/../share/imgreg"))
				return 0;
		}
	}
	return try_dir(buf, size, IMGREG_DATADIR, "") ? 0 : -1;
}

int
ir_eptable_add_builtin(struct ir_eptable *t)
{
	char path[PATH_MAX + 64];

	if (ir_eptable_find(path, sizeof(path)) != 0) {
		ir_msg(IR_MSG_ERROR, NULL, 0, 0, "cannot find the entrypoint table '%s' (set "
		    "IMGREG_DATADIR to the folder holding it)", path);
		return IR_EXIT_IO;
	}
	return ir_eptable_add_file(t, path);
}

/* Returns the entry of layer s for image name base and tag, or NULL. */
static const struct ir_entry *
layer_match(const struct ir_settings *s, const char *base, const char *tag)
{
	const struct ir_entry *bare = NULL, *pattern = NULL, *e;
	size_t i;

	for (i = 0; i < s->nentrypoints; i++) {
		e = &s->entrypoints[i];
		if (strcmp(e->image, base) != 0)
			continue;
		if (e->tag_pattern == NULL)
			bare = e;
		else if (tag && fnmatch(e->tag_pattern, tag, 0) == 0)
			pattern = e;
	}
	return pattern ? pattern : bare;
}

const struct ir_entry *
ir_eptable_match(const struct ir_eptable *t, const struct ir_ref *ref)
{
	const char *base = ir_ref_basename(ref), *tag = ref->tag;
	const struct ir_entry *e;
	size_t i;

	if (!tag[0])
		tag = ref->digest[0] ? NULL : "latest";
	for (i = t->n; i-- > 0;)
		if ((e = layer_match(&t->layers[i], base, tag)) != NULL)
			return e;
	return NULL;
}

void
ir_eptable_release(struct ir_eptable *t)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		ir_settings_release(&t->layers[i]);
	for (i = 0; i < t->nfiles; i++)
		free(t->files[i]);
	free(t->layers);
	free(t->files);
	memset(t, 0, sizeof(*t));
}
