#ifndef IMGREG_EPTABLE_H
#define IMGREG_EPTABLE_H
#include <stddef.h>

#include "imgreg/ref.h"
#include "imgreg/settings.h"
/*
 * The entrypoint table: image name[:tag pattern] -> command, from the data file installed with
 * the filters, the settings' `entrypoints:` and files given on the command line.
 *
 * Ownership: a table owns its layers, their entries and the file names they cite; release it
 * with ir_eptable_release(). Entries handed out stay valid until then.
 */

/* The entrypoint table: layers of entries, each later layer overriding the earlier ones. */
struct ir_eptable {
	struct ir_settings *layers;	/* only their entrypoints are used */
	size_t n;
	char **files;			/* file names the entries' origins point to */
	size_t nfiles;
};

/* The file name of the built-in table inside a data folder. */
#define IR_EPTABLE_FILE "entrypoints.yaml"

/*
 * Adds the entries of a settings-shaped text (a document with an `entrypoints:` mapping of
 * image name[:tag pattern] to a command list) as new layers, one per document; file names
 * messages. Returns 0 or an exit status after messages (IR_EXIT_USAGE for a bad table).
 */
int ir_eptable_add_text(struct ir_eptable *t, const char *file, const char *text, size_t len);
/* Reads the file at path and adds it as above. Returns 0 or an exit status after messages. */
int ir_eptable_add_file(struct ir_eptable *t, const char *path);
/* Adds the entrypoints of effective settings s as a new layer (nothing when it has none). */
void ir_eptable_add_settings(struct ir_eptable *t, const struct ir_settings *s);
/*
 * Finds the built-in table: in $IMGREG_DATADIR when it is set (and nowhere else), otherwise in
 * <folder of the executable>/../data (a source tree), <folder of the executable>/../share/imgreg
 * (a relocated install), then the data folder compiled in. Writes the path of the first that
 * exists into buf of size bytes and returns 0, or -1 when none does (buf then holds the last
 * path tried).
 */
int ir_eptable_find(char *buf, size_t size);
/* Finds and adds the built-in table. Returns 0 or an exit status after a message. */
int ir_eptable_add_builtin(struct ir_eptable *t);
/*
 * Returns the entry for image ref, or NULL: the last layer that has one wins; inside a layer an
 * entry whose tag pattern (fnmatch(3)) matches beats one without a pattern, and a later entry
 * beats an earlier one of the same kind. Names compare with the last path component; a
 * reference without tag and digest has the tag "latest".
 */
const struct ir_entry *ir_eptable_match(const struct ir_eptable *t, const struct ir_ref *ref);
/* Frees everything the table owns and empties it. */
void ir_eptable_release(struct ir_eptable *t);
#endif
