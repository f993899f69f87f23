/* Creating libfyaml parsers with the project's flags and capturing their first error. */
#include <stdio.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "imgreg/buf.h"
#include "internal.h"

/*
 * libfyaml formats "<input>:LINE:COL: error: TEXT" and then source lines; keep the first
 * error's position and text.
 */
static void
capture(struct fy_diag *diag, void *user, const char *buf, size_t len)
{
	struct ir_parse_error *perr = user;
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

struct fy_parser *
ir_parser_open(const char *data, size_t len, struct ir_parse_error *perr)
{
	struct fy_diag_cfg dcfg;
	struct fy_parse_cfg cfg;
	struct fy_diag *diag;
	struct fy_parser *fyp;

	memset(perr, 0, sizeof(*perr));
	fy_diag_cfg_default(&dcfg);
	dcfg.fp = NULL;
	dcfg.output_fn = capture;
	dcfg.user = perr;
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
	if (fyp == NULL)
		return NULL;
	if (fy_parser_set_string(fyp, data, len) != 0) {
		fy_parser_destroy(fyp);
		return NULL;
	}
	return fyp;
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
ir_parser_close(struct fy_parser *fyp)
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
