/* Creating libfyaml parsers with the project's flags and capturing their first error. */
#include <stdio.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "imgreg/buf.h"
#include "internal.h"

/*
 * Where a parser's errors go: the diagnostic object's user pointer is this holder, so that a
 * parser used again can capture into its new caller's struct.
 */
struct holder {
	struct ir_parse_error *perr;
};

/*
 * libfyaml formats "<input>:LINE:COL: error: TEXT" and then source lines; keep the first
 * error's position and text.
 */
static void
capture(struct fy_diag *diag, void *user, const char *buf, size_t len)
{
	struct ir_parse_error *perr = ((struct holder *)user)->perr;
	const char *p, *end = buf + len, *tag;
	unsigned long line, col;
	size_t n;

	(void)diag;
	if (perr->got)
		return;
	tag = memmem(buf, len, ": error: ", 9);
	if (tag == NULL)
		return;
	/* walk back over ":COL" and ":LINE" */
	p = tag;
	while (p > buf && p[-1] >= '0' && p[-1] <= '9')
		p--;
	if (p == buf || p[-1] != ':')
		return;
	col = strtoul(p, NULL, 10);
	p--;
	while (p > buf && p[-1] >= '0' && p[-1] <= '9')
		p--;
	line = strtoul(p, NULL, 10);
	tag += 9;
	n = (size_t)(end - tag);
	while (n > 0 && (tag[n - 1] == '\n' || tag[n - 1] == '\r' || tag[n - 1] == ' '))
		n--;
	if (n >= sizeof(perr->msg))
		n = sizeof(perr->msg) - 1;
	memcpy(perr->msg, tag, n);
	perr->msg[n] = '\0';
	perr->line = line;
	perr->col = col;
	perr->got = 1;
}

/* Returns the holder a parser's diagnostic object writes through. */
static struct holder *
holder_of(struct fy_parser *fyp)
{
	struct fy_diag *diag = fy_parser_get_diag(fyp);
	struct holder *h = fy_diag_get_cfg(diag)->user;

	fy_diag_unref(diag);
	return h;
}

/* Creates a parser with the project's flags, capturing its errors through h. */
static struct fy_parser *
create(struct holder *h)
{
	struct fy_diag_cfg dcfg;
	struct fy_parse_cfg cfg;
	struct fy_diag *diag;
	struct fy_parser *fyp;

	fy_diag_cfg_default(&dcfg);
	dcfg.fp = NULL;
	dcfg.output_fn = capture;
	dcfg.user = h;
	dcfg.colorize = false;
	dcfg.show_source = false;
	dcfg.level = FYET_ERROR;
	diag = fy_diag_create(&dcfg);
	if (diag == NULL)
		return NULL;
	memset(&cfg, 0, sizeof(cfg));
	cfg.flags = FYPCF_QUIET | FYPCF_SLOPPY_FLOW_INDENTATION | FYPCF_ALLOW_DUPLICATE_KEYS |
	    FYPCF_JSON_NONE;
	cfg.diag = diag;
	fyp = fy_parser_create(&cfg);
	fy_diag_unref(diag);
	return fyp;
}

/*
 * Parsers that finished without an error are reset and kept for the next ir_parser_open():
 * creating one costs as much as parsing a small embedded manifest, and a workflow may hold
 * hundreds. A few suffice: one per thread that parses, plus one per level of embedding.
 */
#define NSPARE 4
static struct fy_parser *spare[NSPARE];
static size_t nspare;
static pthread_mutex_t spare_lock = PTHREAD_MUTEX_INITIALIZER;

/* Takes a kept parser, or returns NULL when none is kept. */
static struct fy_parser *
take_spare(void)
{
	struct fy_parser *fyp = NULL;

	pthread_mutex_lock(&spare_lock);
	if (nspare > 0)
		fyp = spare[--nspare];
	pthread_mutex_unlock(&spare_lock);
	return fyp;
}

/* Keeps a reset parser for later; returns false when enough are kept already. */
static bool
keep_spare(struct fy_parser *fyp)
{
	bool kept = false;

	pthread_mutex_lock(&spare_lock);
	if (nspare < NSPARE) {
		spare[nspare++] = fyp;
		kept = true;
	}
	pthread_mutex_unlock(&spare_lock);
	return kept;
}

/* Opens fyp, a kept parser or NULL for a new one, over len bytes at data (internal.h). */
static struct fy_parser *
open_parser(struct fy_parser *fyp, const char *data, size_t len, struct ir_parse_error *perr)
{
	struct holder *h;

	memset(perr, 0, sizeof(*perr));
	if (fyp != NULL) {
		h = holder_of(fyp);
	} else {
		h = ir_xmalloc(sizeof(*h));
		if ((fyp = create(h)) == NULL) {
			free(h);
			return NULL;
		}
	}
	h->perr = perr;
	if (fy_parser_set_string(fyp, data, len) != 0) {
		fy_parser_destroy(fyp);
		free(h);
		return NULL;
	}
	return fyp;
}

struct fy_parser *
ir_parser_open(const char *data, size_t len, struct ir_parse_error *perr)
{
	return open_parser(take_spare(), data, len, perr);
}

struct fy_parser *
ir_parser_open_new(const char *data, size_t len, struct ir_parse_error *perr)
{
	return open_parser(NULL, data, len, perr);
}

/*
 * Parsers that stopped on an error are kept, not destroyed: after some errors libfyaml 0.7.12
 * frees a simple key twice when it destroys the parser, and crashes (input "? b:<TAB> ? c:",
 * error "cannot use tab for indentation of block entry"). They stay reachable from here until
 * the program exits, which it soon does after an input error.
 */
static struct fy_parser **kept;
static size_t nkept, capkept;
static pthread_mutex_t kept_lock = PTHREAD_MUTEX_INITIALIZER;	/* verifier.c's thread parses too */

void
ir_parser_drop(struct fy_parser *fyp)
{
	if (fyp == NULL)
		return;
	if (!fy_parser_get_stream_error(fyp)) {
		fy_parser_destroy(fyp);
		return;
	}
	pthread_mutex_lock(&kept_lock);
	if (nkept == capkept) {
		capkept = capkept ? capkept * 2 : 8;
		kept = ir_xrealloc(kept, capkept * sizeof(*kept));
	}
	kept[nkept++] = fyp;
	pthread_mutex_unlock(&kept_lock);
}

void
ir_parser_close(struct fy_parser *fyp, bool to_end)
{
	struct holder *h;

	if (fyp == NULL)
		return;
	/* a reset parser that had stopped inside its input would report an error at once */
	if (to_end && !fy_parser_get_stream_error(fyp) && fy_parser_reset(fyp) == 0 &&
	    keep_spare(fyp))
		return;
	h = holder_of(fyp);
	if (fy_parser_get_stream_error(fyp))
		h = NULL;	/* stays reachable from the kept parser's diagnostic object */
	ir_parser_drop(fyp);
	free(h);
}
