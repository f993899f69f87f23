/* Event lists in the yaml-test-suite's notation, and expected lists after an edit. */
#include <libfyaml.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "../src/internal.h"
#include "evlist.h"

/* Allocation failure ends the test program. */
static void *
xrealloc(void *p, size_t n)
{
	if ((p = realloc(p, n ? n : 1)) == NULL) {
		perror("evlist");
		exit(4);
	}
	return p;
}

/* Appends the suite's escaped form of len bytes of text to the string at *s (length *n). */
static void
escape(char **s, size_t *n, const char *text, size_t len)
{
	size_t i;

	*s = xrealloc(*s, *n + 4 * len + 1);
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)text[i];
		char *d = *s + *n;

		if (c == '\\' || c == '\n' || c == '\t' || c == '\r' || c == '\b') {
			d[0] = '\\';
			d[1] = c == '\\' ? '\\' : c == '\n' ? 'n' : c == '\t' ? 't' : c == '\r' ?
			    'r' : 'b';
			*n += 2;
		} else if (c < 0x20) {
			*n += (size_t)sprintf(d, "\\x%02x", c);
		} else
			(*s)[(*n)++] = (char)c;
	}
	(*s)[*n] = '\0';
}

char *
ir_ev_scalar(const char *anchor, const char *tag, char style, const char *text, size_t len)
{
	size_t n = 0;
	char *s = xrealloc(NULL, 16 + (anchor ? strlen(anchor) : 0) + (tag ? strlen(tag) : 0));

	n += (size_t)sprintf(s, "=VAL");
	if (anchor)
		n += (size_t)sprintf(s + n, " &%s", anchor);
	if (tag)
		n += (size_t)sprintf(s + n, " <%s>", tag);
	n += (size_t)sprintf(s + n, " %c", style);
	escape(&s, &n, text ? text : "", text ? len : 0);
	return s;
}

void
ir_evlist_add(struct ir_evlist *l, const char *ev)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 64;
		l->ev = xrealloc(l->ev, l->cap * sizeof(*l->ev));
	}
	l->ev[l->n++] = strdup(ev);
}

/* Appends ev, which the list takes over. */
static void
add_owned(struct ir_evlist *l, char *ev)
{
	ir_evlist_add(l, "");
	free(l->ev[l->n - 1]);
	l->ev[l->n - 1] = ev;
}

void
ir_evlist_free(struct ir_evlist *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		free(l->ev[i]);
	free(l->ev);
	memset(l, 0, sizeof(*l));
}

long
ir_evlist_diff(const struct ir_evlist *a, const struct ir_evlist *b)
{
	size_t i;

	for (i = 0; i < a->n && i < b->n; i++)
		if (strcmp(a->ev[i], b->ev[i]) != 0)
			return (long)i;
	return a->n == b->n ? -1 : (long)i;
}

/* Copies a libfyaml token's text into a new string, or returns NULL for no token. */
static char *
token_text(struct fy_token *t)
{
	const char *p;
	size_t n = 0;
	char *s;

	if (t == NULL)
		return NULL;
	p = fy_token_get_text(t, &n);
	s = xrealloc(NULL, n + 1);
	if (n)
		memcpy(s, p, n);
	s[n] = '\0';
	return s;
}

/* Formats a collection start: "+MAP {} &anchor <tag>". */
static char *
start_event(const char *what, bool flow, const char *anchor, const char *tag)
{
	char *s = xrealloc(NULL, 16 + (anchor ? strlen(anchor) : 0) + (tag ? strlen(tag) : 0));
	int n = sprintf(s, "%s%s", what, flow ? (what[1] == 'M' ? " {}" : " []") : "");

	if (anchor)
		n += sprintf(s + n, " &%s", anchor);
	if (tag)
		sprintf(s + n, " <%s>", tag);
	return s;
}

/* Maps libfyaml's scalar style to the suite's indicator. */
static char
fy_style(struct fy_token *t)
{
	switch (fy_token_scalar_style(t)) {
	case FYSS_SINGLE_QUOTED:
		return '\'';
	case FYSS_DOUBLE_QUOTED:
		return '"';
	case FYSS_LITERAL:
		return '|';
	case FYSS_FOLDED:
		return '>';
	default:
		return ':';
	}
}

/*
 * Formats a scalar event. libfyaml 0.7.12 leaks when it formats a single-quoted scalar with
 * '' escapes, and folds a CRLF line break before a last line of blanks into a line break
 * instead of a space (libyaml and the specification: a space): single-quoted scalars are
 * decoded by the library's ir_single_text(), which is checked against libfyaml on every one
 * that has neither.
 */
static char *
fy_scalar_text(struct fy_event *e, const char *src, const char *anchor, const char *tag)
{
	const struct fy_mark *sm = fy_event_start_mark(e), *em = fy_event_end_mark(e);
	char style = fy_style(e->scalar.value), *buf, *s;
	const char *p;
	size_t n = 0, m;

	if (style != '\'' || sm == NULL || em == NULL) {
		p = fy_token_get_text(e->scalar.value, &n);
		return ir_ev_scalar(anchor, tag, style, p, p ? n : 0);
	}
	buf = xrealloc(NULL, em->input_pos - sm->input_pos + 3);
	m = ir_single_text(src, sm->input_pos - 1, em->input_pos + 1, buf);
	if (memmem(src + sm->input_pos, em->input_pos - sm->input_pos, "''", 2) == NULL &&
	    memchr(src + sm->input_pos, '\r', em->input_pos - sm->input_pos) == NULL) {
		p = fy_token_get_text(e->scalar.value, &n);
		if (n != m || (n && memcmp(p, buf, n) != 0)) {
			fprintf(stderr, "evlist: ir_single_text() disagrees with libfyaml\n");
			abort();
		}
	}
	s = ir_ev_scalar(anchor, tag, style, buf, m);
	free(buf);
	return s;
}

/* Formats one libfyaml event of text src, or returns NULL for stream events. */
static char *
fy_event_text(struct fy_event *e, const char *src)
{
	char *anchor = NULL, *tag = NULL, *s = NULL, *val;

	switch (e->type) {
	case FYET_DOCUMENT_START:
		return strdup("+DOC");
	case FYET_DOCUMENT_END:
		return strdup("-DOC");
	case FYET_MAPPING_END:
		return strdup("-MAP");
	case FYET_SEQUENCE_END:
		return strdup("-SEQ");
	case FYET_ALIAS:
		val = token_text(e->alias.anchor);
		s = xrealloc(NULL, strlen(val) + 8);
		sprintf(s, "=ALI *%s", val);
		free(val);
		return s;
	case FYET_MAPPING_START:
	case FYET_SEQUENCE_START:
		anchor = token_text(e->type == FYET_MAPPING_START ? e->mapping_start.anchor :
		    e->sequence_start.anchor);
		tag = token_text(e->type == FYET_MAPPING_START ? e->mapping_start.tag :
		    e->sequence_start.tag);
		s = start_event(e->type == FYET_MAPPING_START ? "+MAP" : "+SEQ",
		    fy_event_get_node_style(e) == FYNS_FLOW, anchor, tag);
		break;
	case FYET_SCALAR:
		anchor = token_text(e->scalar.anchor);
		tag = token_text(e->scalar.tag);
		s = fy_scalar_text(e, src, anchor, tag);
		break;
	default:
		return NULL;
	}
	free(anchor);
	free(tag);
	return s;
}

/* Drops libfyaml's diagnostics: a test says what failed itself. */
static void
no_output(struct fy_diag *diag, void *user, const char *buf, size_t len)
{
	(void)diag;
	(void)user;
	(void)buf;
	(void)len;
}

/* Creates a libfyaml parser with the project's leniency and no diagnostic output. */
static struct fy_parser *
fy_open(void)
{
	struct fy_diag_cfg dcfg;
	struct fy_parse_cfg cfg = {
		.flags = FYPCF_QUIET | FYPCF_SLOPPY_FLOW_INDENTATION |
		    FYPCF_ALLOW_DUPLICATE_KEYS | FYPCF_JSON_NONE,
	};
	struct fy_parser *fyp;

	fy_diag_cfg_default(&dcfg);
	dcfg.fp = NULL;
	dcfg.output_fn = no_output;
	if ((cfg.diag = fy_diag_create(&dcfg)) == NULL)
		return NULL;
	fyp = fy_parser_create(&cfg);
	fy_diag_unref(cfg.diag);
	return fyp;
}

int
ir_evlist_fyaml(const char *text, size_t len, struct ir_evlist *l)
{
	struct fy_parser *fyp = fy_open();
	struct fy_event *e;
	char *s;
	int rc;

	if (fyp == NULL || fy_parser_set_string(fyp, text, len) != 0) {
		fy_parser_destroy(fyp);
		return -1;
	}
	while ((e = fy_parser_parse(fyp)) != NULL) {
		if ((s = fy_event_text(e, text)) != NULL)
			add_owned(l, s);
		fy_parser_event_free(fyp, e);
	}
	rc = fy_parser_get_stream_error(fyp) ? -1 : 0;
	/* the library's way around libfyaml's crash destroying a parser after some errors */
	ir_parser_drop(fyp);
	return rc;
}

/* Maps libyaml's scalar style to the suite's indicator. */
static char
ly_style(yaml_scalar_style_t st)
{
	return st == YAML_SINGLE_QUOTED_SCALAR_STYLE ? '\'' : st == YAML_DOUBLE_QUOTED_SCALAR_STYLE ?
	    '"' : st == YAML_LITERAL_SCALAR_STYLE ? '|' : st == YAML_FOLDED_SCALAR_STYLE ? '>' :
	    ':';
}

/* Formats one libyaml event, or returns NULL for stream events. */
static char *
ly_event_text(const yaml_event_t *e)
{
	char *s;

	switch (e->type) {
	case YAML_DOCUMENT_START_EVENT:
		return strdup("+DOC");
	case YAML_DOCUMENT_END_EVENT:
		return strdup("-DOC");
	case YAML_MAPPING_END_EVENT:
		return strdup("-MAP");
	case YAML_SEQUENCE_END_EVENT:
		return strdup("-SEQ");
	case YAML_ALIAS_EVENT:
		s = xrealloc(NULL, strlen((char *)e->data.alias.anchor) + 8);
		sprintf(s, "=ALI *%s", (char *)e->data.alias.anchor);
		return s;
	case YAML_MAPPING_START_EVENT:
		return start_event("+MAP", e->data.mapping_start.style == YAML_FLOW_MAPPING_STYLE,
		    (char *)e->data.mapping_start.anchor, (char *)e->data.mapping_start.tag);
	case YAML_SEQUENCE_START_EVENT:
		return start_event("+SEQ",
		    e->data.sequence_start.style == YAML_FLOW_SEQUENCE_STYLE,
		    (char *)e->data.sequence_start.anchor, (char *)e->data.sequence_start.tag);
	case YAML_SCALAR_EVENT:
		return ir_ev_scalar((char *)e->data.scalar.anchor, (char *)e->data.scalar.tag,
		    ly_style(e->data.scalar.style), (char *)e->data.scalar.value,
		    e->data.scalar.length);
	default:
		return NULL;
	}
}

int
ir_evlist_libyaml(const char *text, size_t len, struct ir_evlist *l)
{
	yaml_parser_t parser;
	yaml_event_t e;
	int done = 0, rc = 0;
	char *s;

	yaml_parser_initialize(&parser);
	yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
	while (!done) {
		if (!yaml_parser_parse(&parser, &e)) {
			rc = -1;
			break;
		}
		if ((s = ly_event_text(&e)) != NULL)
			add_owned(l, s);
		done = e.type == YAML_STREAM_END_EVENT;
		yaml_event_delete(&e);
	}
	yaml_parser_delete(&parser);
	return rc;
}

bool
ir_ev_is_node(const char *ev)
{
	return strncmp(ev, "=VAL", 4) == 0 || strncmp(ev, "=ALI", 4) == 0 ||
	    strncmp(ev, "+MAP", 4) == 0 || strncmp(ev, "+SEQ", 4) == 0;
}

long
ir_evlist_node(const struct ir_evlist *l, size_t k)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (ir_ev_is_node(l->ev[i]) && k-- == 0)
			return (long)i;
	return -1;
}

size_t
ir_evlist_node_end(const struct ir_evlist *l, size_t i)
{
	size_t depth = 0;

	for (; i < l->n; i++) {
		if (l->ev[i][0] == '+')
			depth++;
		else if (l->ev[i][0] == '-')
			depth--;
		if (depth == 0)
			return i;
	}
	return l->n - 1;
}

size_t
ir_ev_style_at(const char *ev)
{
	const char *p = ev + 5;

	if (*p == '&')
		p = strchr(p, ' ') + 1;
	if (*p == '<')
		p = strstr(p, "> ") + 2;
	return (size_t)(p - ev);
}

bool
ir_evlist_known_bug(const struct ir_evlist *l)
{
	const char *ev;
	size_t i;

	for (i = 0; i < l->n; i++) {
		ev = l->ev[i];
		if (strncmp(ev, "=VAL", 4) == 0 && strchr("|>", ev[ir_ev_style_at(ev)]) &&
		    strstr(ev + ir_ev_style_at(ev), "\\x00"))
			return true;
	}
	return false;
}
