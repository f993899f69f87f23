#ifndef IMGREG_STREAM_H
#define IMGREG_STREAM_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "imgreg/offmap.h"
/*
 * A stream is one YAML text being edited: a whole input file, or a manifest embedded in a
 * string of another stream. It borrows its bytes and owns its edit list, its template masks
 * and the intended hash of each document.
 */
struct ir_edits;
struct ir_verifier;

struct ir_range {
	size_t start, end;
};

struct ir_stream {
	const char *name;	/* file name for messages, "<stdin>" for standard input */
	const char *orig;	/* the bytes: as written, or with templates masked while parsing */
	const char *data;	/* the same pointer: the bytes the parser reads */
	size_t len;
	const char *eol;	/* "\n" or "\r\n", from the first line break */
	struct ir_stream *parent;	/* for an embedded manifest, the stream holding it */
	struct ir_offmap map;	/* embedded: offsets here -> offsets in parent->data (len + 1) */
	struct ir_range *masks;	/* {{...}} templates, sorted */
	size_t nmasks;
	char *saved;		/* the masked templates' own bytes, one after the other */
	size_t *saved_at;	/* where each template's bytes start in saved */
	bool masked;		/* the templates are masked in the bytes now */
	size_t unmasked;	/* masks[0..unmasked) are given back already */
	struct ir_edits *edits;
	uint64_t *hashes;	/* intended canonical hash of each document */
	size_t ndocs;
	size_t hashcap;
	int depth;		/* 0 for an input file, +1 per level of embedding */
	bool no_verify;		/* compute no intended hashes (--no-verify) */
	struct ir_verifier *verifier;	/* an input stream's checks while ir_process() runs */
	size_t indent;		/* embedded in a block scalar: its content indentation */
	char *owned;		/* embedded: the decoded text, owned by the stream */
};

/*
 * Sets up a stream over len bytes at text. With mask_templates, every {{...}} on one line is
 * replaced in place by as many 'x', so that it parses as YAML at the same offsets: the text
 * must then be writable, and it is given back as written by ir_stream_unmask() or
 * ir_stream_release().
 */
void ir_stream_init(struct ir_stream *s, const char *name, const char *text, size_t len,
    bool mask_templates);
/* Puts the masked templates' bytes back into the text. */
void ir_stream_unmask(struct ir_stream *s);
/* The same for the templates that start before off, in a part of the text parsed already. */
void ir_stream_unmask_to(struct ir_stream *s, size_t off);
/* Returns the index of the first template mask that ends after off (nmasks when none). */
size_t ir_stream_mask_after(const struct ir_stream *s, size_t off);
/* Returns the byte at off as written, masked or not. */
char ir_stream_orig_byte(const struct ir_stream *s, size_t off);
/* Masks every {{...}} on one line of text in place, as streams mask them. */
void ir_mask_templates(char *text, size_t len);
/*
 * True when an edited text must be read back with its templates masked: its input had some,
 * or the text holds "{{" (an edit may have closed one: the text reads differently masked,
 * as imgreg and Argo read it, and the check must see that).
 */
bool ir_stream_check_masked(const struct ir_stream *s, const char *text, size_t len);
/* Unmasks the text and frees what the stream owns (not the borrowed bytes). */
void ir_stream_release(struct ir_stream *s);
/* True when the byte range overlaps a masked {{...}} template. */
bool ir_stream_templated(const struct ir_stream *s, size_t start, size_t end);
/* Maps offset off to the outermost stream and computes its 1-based line and column there. */
void ir_stream_pos(const struct ir_stream *s, size_t off, const char **file,
    unsigned long *line, unsigned long *col);
#endif
