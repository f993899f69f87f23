#ifndef IMGREG_TESTS_EVLIST_H
#define IMGREG_TESTS_EVLIST_H
/*
 * Event lists for tests: what libfyaml or libyaml reads from a text, one event a string in the
 * yaml-test-suite's notation (+DOC, +MAP {} &a <tag>, =VAL :text, =ALI *a, ...), and the
 * expected events after an edit, built from the input's events alone. The suite test and the
 * editing fuzzer use them as an oracle that shares no code with the editing core.
 *
 * Ownership: a list owns its strings; ir_evlist_free() frees them.
 */
#include <stdbool.h>
#include <stddef.h>

struct ir_evlist {
	char **ev;
	size_t n, cap;
};

/* Reads text with libfyaml (the project's leniency: duplicate keys, sloppy flow indentation)
 * into l. Returns 0, or -1 when the text does not parse (l then holds the events so far). */
int ir_evlist_fyaml(const char *text, size_t len, struct ir_evlist *l);
/* Reads text with libyaml into l. Returns 0, or -1 when libyaml rejects the text. */
int ir_evlist_libyaml(const char *text, size_t len, struct ir_evlist *l);
/* Appends a copy of ev. */
void ir_evlist_add(struct ir_evlist *l, const char *ev);
/* Frees the strings and empties the list. */
void ir_evlist_free(struct ir_evlist *l);
/* Returns the index of the first event where a and b differ, or -1 when they are equal. */
long ir_evlist_diff(const struct ir_evlist *a, const struct ir_evlist *b);

/*
 * True when libfyaml 0.7.12 read the list's text wrongly in a known way: a block scalar with
 * no content that ends the input on a line of spaces reads as a NUL character (libyaml, and
 * kubectl, read it as empty), and reads as empty once anything follows it.
 */
bool ir_evlist_known_bug(const struct ir_evlist *l);
/* Returns the offset of a scalar event's style indicator (after "=VAL", anchor and tag). */
size_t ir_ev_style_at(const char *ev);
/* True when event ev starts a node (a scalar, an alias, a mapping or a sequence). */
bool ir_ev_is_node(const char *ev);
/* Returns the index of the event starting the k-th node (0-based, over the whole stream),
 * or -1. */
long ir_evlist_node(const struct ir_evlist *l, size_t k);
/* Returns the index of the event ending the collection started at index i (i itself for a
 * scalar or an alias). */
size_t ir_evlist_node_end(const struct ir_evlist *l, size_t i);

/* Formats a scalar event into a new string: style is ':' (plain), '\'', '"', '|' or '>', or
 * '?' for an expected scalar that may have any style (plain only if it reads as a string). */
char *ir_ev_scalar(const char *anchor, const char *tag, char style, const char *text,
    size_t len);
/* True when a plain scalar with this text reads as a string under YAML 1.1 and 1.2 (an
 * independent, conservative resolver: null, booleans, numbers, timestamps, merge keys). */
bool ir_ev_plain_is_string(const char *text, size_t len);

struct ir_val;
/* Adds the events an inserted value (edit.h) must read as; flow: inside a flow collection. */
void ir_evlist_value(struct ir_evlist *l, const struct ir_val *v, bool flow);

/*
 * Planned changes to an event list, applied all at once: a scalar's new value, or events
 * inserted before the event at an index of the original list.
 */
struct ir_evchange {
	size_t at;		/* index in the original list */
	bool replace;		/* replace event `at` (a scalar) */
	char *text;		/* replace: the new value, with the suite's escapes undone */
	size_t len;
	char **ins;		/* insert: events to put before event `at` */
	size_t nins;
};

struct ir_evplan {
	struct ir_evchange *c;
	size_t n, cap;
};

/* Plans replacing the value of the scalar at index at with the len bytes of text. */
void ir_evplan_replace(struct ir_evplan *p, size_t at, const char *text, size_t len);
/* Plans inserting the n events ins (copied) before index at. */
void ir_evplan_insert(struct ir_evplan *p, size_t at, const char *const *ins, size_t n);
/* Frees a plan. */
void ir_evplan_free(struct ir_evplan *p);
/*
 * Compares got with want, the original list changed by the plan. A replaced scalar may
 * change from plain to quoted (never the reverse unless it reads as a string), keeps its
 * anchor and tag, and has exactly the new value (a block scalar may keep its trailing
 * newlines). Returns 0, or -1 with a description of the first difference in why.
 */
int ir_evplan_check(const struct ir_evplan *p, const struct ir_evlist *orig,
    const struct ir_evlist *got, char *why, size_t whysize);
#endif
