#ifndef IMGREG_KRM_INTERNAL_H
#define IMGREG_KRM_INTERNAL_H
/* Declarations shared by src/krm.c, src/krm_config.c and src/krm_results.c. */
#include <stdbool.h>
#include <stddef.h>

#include "imgreg/buf.h"
#include "imgreg/io.h"
#include "imgreg/msg.h"
#include "imgreg/yaml.h"

/* The name the generated settings text of a ConfigMap functionConfig is read under. */
extern const char ir_krm_fc_name[];

/* A message collected while in KRM mode, and the result it becomes. */
struct ir_krm_msg {
	enum ir_level level;
	char *text;
	char *file;		/* NULL when the message names no file */
	unsigned long line, col;
	/* filled by ir_krm_locate() for positions in standard input */
	char *ref[4];		/* apiVersion, kind, name, namespace of the item */
	char *field;		/* path of the field inside the item (or the ResourceList) */
	char *path, *index;	/* the item's file annotations */
};

/* Where each line of the generated ConfigMap settings text came from in standard input. */
struct ir_krm_origin {
	unsigned long key_line, key_col, val_line, val_col;
};

struct ir_krm {
	const char *name;		/* the name of standard input in messages */
	struct ir_input in;		/* standard input, while the run or the settings use it */
	bool active;			/* in KRM mode */
	bool emitted;			/* the messages have been written as results */
	struct ir_krm_msg *msgs;
	size_t nmsgs, capmsgs;
	struct ir_krm_origin *fc;	/* by line of the generated settings text */
	size_t nfc;
};

/* The message sink of KRM mode: keeps warnings and errors as results. */
int ir_krm_collect(enum ir_level level, const char *file, unsigned long line,
    unsigned long col, const char *text, void *arg);
/* Fills the item and field of each message about the len bytes at text (standard input). */
void ir_krm_locate(struct ir_krm *k, const char *text, size_t len);
/*
 * Checks that the internal.config.kubernetes.io annotations of every item of after are those
 * of before. Returns 0, or -1 after an error message.
 */
int ir_krm_check_internal(struct ir_krm *k, const char *before, size_t blen, const char *after,
    size_t alen);
/*
 * Writes the len bytes at text to out with the collected results appended to its `results`
 * list (made when missing), through the editing core. Returns 0 or an exit status.
 */
int ir_krm_add_results(struct ir_krm *k, const char *text, size_t len, struct ir_buf *out);
/*
 * With on, drops warnings (the parses made besides the run's own would repeat its warnings);
 * with off, messages go where they went before.
 */
void ir_krm_quiet(bool on);
/* Frees the collected messages. */
void ir_krm_msgs_free(struct ir_krm *k);

/*
 * Parses a copy of the len bytes at text (templates masked) and calls fn with the single
 * document. Returns fn's value, or -1 when the text does not parse.
 */
int ir_krm_parse(const char *text, size_t len, int (*fn)(struct ir_doc *, void *), void *arg);
/* Returns a copy of the scalar text of key in mapping map, or NULL. */
char *ir_krm_str(const struct ir_doc *doc, ir_id map, const char *key);
#endif
