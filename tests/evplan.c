/* Expected event lists after an edit, and an independent resolver of plain scalars. */
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "evlist.h"
#include "imgreg/edit.h"

/* Plain scalars that YAML 1.1 (go-yaml, kubectl) or 1.2 (core schema) read as other types. */
static const char *const not_string[] = {
	"^(~|null|Null|NULL)?$",
	"^(y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$",
	"^[-+]?(0b[01_]+|0o?[0-7_]+|0x[0-9a-fA-F_]+|[0-9][0-9_]*|[1-9][0-9_]*(:[0-5]?[0-9])+)$",
	"^[-+]?([0-9][0-9_]*)?\\.[0-9_]*([eE][-+]?[0-9]+)?$",
	"^[-+]?[0-9][0-9_]*[eE][-+]?[0-9]+$",
	"^[-+]?[0-9][0-9_]*(:[0-5]?[0-9])+\\.[0-9_]*$",
	"^[-+]?\\.(inf|Inf|INF)$",
	"^\\.(nan|NaN|NAN)$",
	"^[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?([Tt ].*)?$",
	"^(<<|=)$",
};

bool
ir_ev_plain_is_string(const char *text, size_t len)
{
	static regex_t re[sizeof(not_string) / sizeof(not_string[0])];
	static int compiled;
	char *s;
	size_t i;
	bool str = true;

	if (!compiled) {
		for (i = 0; i < sizeof(re) / sizeof(re[0]); i++)
			if (regcomp(&re[i], not_string[i], REG_EXTENDED | REG_NOSUB) != 0)
				abort();
		compiled = 1;
	}
	if (memchr(text, '\0', len))
		return true;
	if ((s = malloc(len + 1)) == NULL)
		abort();
	memcpy(s, text, len);
	s[len] = '\0';
	for (i = 0; str && i < sizeof(re) / sizeof(re[0]); i++)
		str = regexec(&re[i], s, 0, NULL, 0) != 0;
	free(s);
	return str;
}

/* Returns a new, empty change at the end of the plan. */
static struct ir_evchange *
plan_add(struct ir_evplan *p, size_t at)
{
	struct ir_evchange *c;

	if (p->n == p->cap) {
		p->cap = p->cap ? p->cap * 2 : 8;
		if ((p->c = realloc(p->c, p->cap * sizeof(*p->c))) == NULL)
			abort();
	}
	c = &p->c[p->n++];
	memset(c, 0, sizeof(*c));
	c->at = at;
	return c;
}

void
ir_evplan_replace(struct ir_evplan *p, size_t at, const char *text, size_t len)
{
	struct ir_evchange *c = plan_add(p, at);

	c->replace = true;
	if ((c->text = malloc(len + 1)) == NULL)
		abort();
	memcpy(c->text, text, len);
	c->text[len] = '\0';
	c->len = len;
}

void
ir_evplan_insert(struct ir_evplan *p, size_t at, const char *const *ins, size_t n)
{
	struct ir_evchange *c = plan_add(p, at);
	size_t i;

	if ((c->ins = calloc(n ? n : 1, sizeof(*c->ins))) == NULL)
		abort();
	for (i = 0; i < n; i++)
		c->ins[i] = strdup(ins[i]);
	c->nins = n;
}

void
ir_evplan_free(struct ir_evplan *p)
{
	size_t i, j;

	for (i = 0; i < p->n; i++) {
		free(p->c[i].text);
		for (j = 0; j < p->c[i].nins; j++)
			free(p->c[i].ins[j]);
		free(p->c[i].ins);
	}
	free(p->c);
	memset(p, 0, sizeof(*p));
}

/* True when the escaped text s holds nothing but line breaks. */
static bool
only_newlines(const char *s)
{
	while (s[0] == '\\' && s[1] == 'n')
		s += 2;
	return *s == '\0';
}

/* True when the value of a replaced scalar (escaped) is the new value: exactly, or for a
 * block scalar followed by the old value's final line breaks (its chomping is kept). */
static bool
value_ok(const char *got, const char *want, const char *old, bool block)
{
	size_t n = strlen(want);
	const char *rest = got + n;

	if (strncmp(got, want, n) != 0)
		return false;
	if (*rest == '\0')
		return true;
	return block && only_newlines(rest) && strlen(rest) <= strlen(old) &&
	    strcmp(old + strlen(old) - strlen(rest), rest) == 0;
}

/*
 * Checks a scalar event got against the wanted head (=VAL, anchor, tag: hlen bytes of head)
 * and value (escaped). Any style will do, plain only when the value reads as a string; old,
 * when given, is the escaped value of a block scalar whose final line breaks may stay.
 */
static int
check_scalar(const char *head, size_t hlen, const char *value, const char *old,
    const char *got, char *why, size_t whysize)
{
	size_t gs;

	if (strncmp(got, "=VAL", 4) != 0 || (gs = ir_ev_style_at(got)) != hlen ||
	    strncmp(head, got, hlen) != 0 || !strchr(":'\"|>", got[gs]))
		snprintf(why, whysize, "scalar '%.*s%s' read back as '%s'", (int)hlen, head, value,
		    got);
	else if (got[gs] == ':' && !ir_ev_plain_is_string(value, strlen(value)))
		snprintf(why, whysize, "scalar '%s' is plain but does not read as a string", got);
	else if (!value_ok(got + gs + 1, value, old ? old : "", old != NULL))
		snprintf(why, whysize, "scalar '%s', expected value '%s'", got, value);
	else
		return 0;
	return -1;
}

/* Checks a replaced scalar event got against the original event and the change. */
static int
check_replaced(const char *orig, const char *got, const struct ir_evchange *c, char *why,
    size_t whysize)
{
	size_t os = ir_ev_style_at(orig);
	char *want = ir_ev_scalar(NULL, NULL, '?', c->text, c->len);
	int rc;

	rc = check_scalar(orig, os, want + 6, strchr("|>", orig[os]) ? orig + os + 1 : NULL, got,
	    why, whysize);
	free(want);
	return rc;
}

/* Checks event got against the wanted event want: an inserted scalar of any style ('?'),
 * or exactly. */
static int
check_event(const char *want, const char *got, size_t i, char *why, size_t whysize)
{
	if (strncmp(want, "=VAL ?", 6) == 0)
		return check_scalar(want, 5, want + 6, NULL, got, why, whysize);
	if (strcmp(want, got) == 0)
		return 0;
	snprintf(why, whysize, "event %zu is '%s', expected '%s'", i + 1, got, want);
	return -1;
}

/* An expected event: an original one, or an inserted one. */
struct want {
	const char *ev;
	const struct ir_evchange *repl;
};

/* Builds the expected events: the original list with the plan's changes. */
static struct want *
plan_apply(const struct ir_evplan *p, const struct ir_evlist *orig, size_t *nw)
{
	size_t i, j, k, n = orig->n;
	struct want *w;

	for (j = 0; j < p->n; j++)
		n += p->c[j].nins;
	if ((w = calloc(n + 1, sizeof(*w))) == NULL)
		abort();
	*nw = 0;
	for (i = 0; i < orig->n; i++) {
		const struct ir_evchange *r = NULL;

		for (j = 0; j < p->n; j++) {
			for (k = 0; k < p->c[j].nins && p->c[j].at == i; k++)
				w[(*nw)++].ev = p->c[j].ins[k];
			if (p->c[j].replace && p->c[j].at == i)
				r = &p->c[j];
		}
		w[*nw].ev = orig->ev[i];
		w[(*nw)++].repl = r;
	}
	return w;
}

int
ir_evplan_check(const struct ir_evplan *p, const struct ir_evlist *orig,
    const struct ir_evlist *got, char *why, size_t whysize)
{
	size_t nw, i;
	struct want *w = plan_apply(p, orig, &nw);
	int rc = 0;

	for (i = 0; rc == 0 && i < nw && i < got->n; i++) {
		if (w[i].repl)
			rc = check_replaced(w[i].ev, got->ev[i], w[i].repl, why, whysize);
		else
			rc = check_event(w[i].ev, got->ev[i], i, why, whysize);
	}
	if (rc == 0 && nw != got->n) {
		snprintf(why, whysize, "%zu events, expected %zu (next: '%s')", got->n, nw,
		    i < got->n ? got->ev[i] : i < nw ? w[i].ev : "");
		rc = -1;
	}
	free(w);
	return rc;
}

void
ir_evlist_value(struct ir_evlist *l, const struct ir_val *v, bool flow)
{
	char *s;
	size_t i;

	if (v->kind == IR_SCALAR) {
		s = ir_ev_scalar(NULL, NULL, '?', v->text, strlen(v->text));
		ir_evlist_add(l, s);
		free(s);
		return;
	}
	/* empty collections are written in flow style anywhere */
	flow = flow || v->n == 0;
	if (v->kind == IR_MAP)
		ir_evlist_add(l, flow ? "+MAP {}" : "+MAP");
	else
		ir_evlist_add(l, flow ? "+SEQ []" : "+SEQ");
	for (i = 0; i < v->n; i++)
		ir_evlist_value(l, &v->items[i], flow);
	ir_evlist_add(l, v->kind == IR_MAP ? "-MAP" : "-SEQ");
}
