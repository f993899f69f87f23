#ifndef IMGREG_SETTINGS_H
#define IMGREG_SETTINGS_H
#include <stdbool.h>
#include <stddef.h>
/*
 * Registry settings (spec/settings.md): what one scope document says, and the effective
 * settings every filter uses. Ownership: a struct ir_settings owns every string and array in
 * it; ir_settings_release() frees them.
 */

enum ir_path_mode {
	IR_PATH_LAST,		/* server/account/<last path component> */
	IR_PATH_KEEP,		/* server/account/<whole path> */
	IR_PATH_FULL,		/* server/account/<domain>/<whole path> */
};

enum ir_preset {
	IR_PRESET_HCE,		/* docker.io/chaosnative */
	IR_PRESET_LITMUS,	/* docker.io/litmuschaos */
};

/* Where a setting came from, for messages and the merge's comments. */
struct ir_origin {
	const char *file;	/* NULL for the preset or the command line */
	unsigned long line, col;
	const char *scope;	/* "account acme", "project acme/eng/payments", "flag"... */
};

struct ir_pair {
	char *key;
	char *value;
	struct ir_origin at;
};

struct ir_list {
	char **items;
	size_t n;
};

/* Entry points: image name -> command (argv). */
struct ir_entry {
	char *image;
	char *tag_pattern;	/* NULL: any tag */
	struct ir_list argv;
	struct ir_origin at;
};

/* Fields, as bits of ir_settings.set: which ones a document gives. */
enum ir_field {
	IR_F_SERVER = 1 << 0,
	IR_F_ACCOUNT = 1 << 1,
	IR_F_PRIVATE = 1 << 2,
	IR_F_SECRET = 1 << 3,
	IR_F_DEFAULT = 1 << 4,
	IR_F_OVERRIDE = 1 << 5,
	IR_F_USE_CUSTOM = 1 << 6,
	IR_F_CUSTOM = 1 << 7,
	IR_F_PATH_MODE = 1 << 8,
	IR_F_MIRRORS = 1 << 9,
	IR_F_ONLY = 1 << 10,
	IR_F_EXCLUDE = 1 << 11,
	IR_F_ENTRYPOINTS = 1 << 12,
	IR_F_INTERNAL = 1 << 13,
	IR_F_SECRET_NS = 1 << 14,
};
#define IR_F_COUNT 15

struct ir_settings {
	unsigned set;			/* enum ir_field bits given */
	char *server;			/* host[:port] */
	char *account;			/* path under the server, may hold '/' */
	bool is_private;
	char *secret_name;
	char *secret_namespace;
	bool is_default;
	bool override_allowed;
	bool use_custom_images;
	bool internal;
	enum ir_path_mode path_mode;
	struct ir_pair *custom;		/* key -> full reference; value NULL removes (merge) */
	size_t ncustom;
	struct ir_pair *mirrors;	/* from -> to, normalised */
	size_t nmirrors;
	struct ir_list only, exclude;	/* normalised prefixes */
	struct ir_entry *entrypoints;
	size_t nentrypoints;
	struct ir_origin origin[IR_F_COUNT];	/* where each field was set */
	/* the scope a document belongs to (empty strings when not given) */
	char *account_id, *org_id, *project_id, *infra_id;
	char *name;
	struct ir_origin doc_at;	/* where the document starts */
	bool disabled;			/* LitmusChaos enable_registry: false */
};

/* Fills s with the preset's effective settings (overrides allowed, public, no custom images). */
void ir_settings_preset(struct ir_settings *s, enum ir_preset preset);
/* Frees everything s owns and zeroes it. */
void ir_settings_release(struct ir_settings *s);
/* Copies src into dst (deep). */
void ir_settings_copy(struct ir_settings *dst, const struct ir_settings *src);
/* Returns the field's name as the settings document spells it. */
const char *ir_field_name(enum ir_field f);

/*
 * Reads every settings document in the len bytes at text (file names messages) into an array
 * of documents (*docs, *ndocs; the caller releases each and frees the array). Unknown fields,
 * wrong types and malformed values are reported with their position. Returns 0 or an exit
 * status (IR_EXIT_USAGE for bad settings).
 */
int ir_settings_read(const char *file, const char *text, size_t len,
    struct ir_settings **docs, size_t *ndocs);

/* Applies every field that doc gives onto eff (spec/settings.md, merge step 3). */
void ir_settings_apply(struct ir_settings *eff, const struct ir_settings *doc,
    enum ir_preset preset);
/* Checks the effective settings (merge step 4); prints errors and returns IR_EXIT_USAGE or 0. */
int ir_settings_validate(const struct ir_settings *s);

/* Validators shared with the command line; each returns NULL or a static reason. */
const char *ir_check_server(const char *server);
const char *ir_check_account(const char *account);
const char *ir_check_dns1123(const char *name);
#endif
