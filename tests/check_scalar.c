/* Unit tests for writing scalars and choosing their style (include/imgreg/edit.h). */
#include <check.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "imgreg/buf.h"
#include "imgreg/edit.h"
#include "imgreg/stream.h"
#include "imgreg/yaml.h"

#include "check_suites.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

/* Line breaks that YAML 1.1 readers (go-yaml, PyYAML) break lines at, as UTF-8. */
#define NEL	"\xc2\x85"
#define LS	"\xe2\x80\xa8"
#define PS	"\xe2\x80\xa9"

/* What ir_scalar_plain_ok() must say in block and in flow context. */
enum want {
	NO,		/* must be quoted */
	OK,		/* may stay plain */
	ANY,		/* not asserted: both answers are safe */
};

struct plain_case {
	const char *text;
	size_t len;		/* 0: strlen(text) */
	enum want block, flow;
};

static const struct plain_case plains[] = {
	/* ordinary image text */
	{ "nginx", 0, OK, OK },
	{ "reg.acme.io/chaos/nginx", 0, OK, OK },
	{ "docker.io/library/nginx:1.25", 0, OK, ANY },
	{ "a b", 0, OK, OK },
	{ "caf\xc3\xa9", 0, OK, OK },
	{ "it's", 0, OK, OK },
	{ "say \"hi\"", 0, OK, OK },
	{ "http://x.io/a", 0, OK, ANY },
	/* YAML 1.1 booleans, both spellings of case, and the one-letter forms */
	{ "yes", 0, NO, NO },
	{ "Yes", 0, NO, NO },
	{ "YES", 0, NO, NO },
	{ "no", 0, NO, NO },
	{ "No", 0, NO, NO },
	{ "NO", 0, NO, NO },
	{ "on", 0, NO, NO },
	{ "On", 0, NO, NO },
	{ "ON", 0, NO, NO },
	{ "off", 0, NO, NO },
	{ "Off", 0, NO, NO },
	{ "OFF", 0, NO, NO },
	{ "y", 0, NO, NO },
	{ "Y", 0, NO, NO },
	{ "n", 0, NO, NO },
	{ "N", 0, NO, NO },
	/* YAML 1.2 core booleans and nulls */
	{ "true", 0, NO, NO },
	{ "True", 0, NO, NO },
	{ "TRUE", 0, NO, NO },
	{ "false", 0, NO, NO },
	{ "False", 0, NO, NO },
	{ "FALSE", 0, NO, NO },
	{ "null", 0, NO, NO },
	{ "Null", 0, NO, NO },
	{ "NULL", 0, NO, NO },
	{ "~", 0, NO, NO },
	{ "", 0, NO, NO },
	/* special floats */
	{ ".inf", 0, NO, NO },
	{ ".Inf", 0, NO, NO },
	{ ".INF", 0, NO, NO },
	{ "+.inf", 0, NO, NO },
	{ "-.inf", 0, NO, NO },
	{ "-.INF", 0, NO, NO },
	{ ".nan", 0, NO, NO },
	{ ".NaN", 0, NO, NO },
	{ ".NAN", 0, NO, NO },
	/* YAML 1.1 merge and value keys */
	{ "<<", 0, NO, NO },
	{ "=", 0, NO, NO },
	/* near misses that every resolver reads as strings */
	{ "yess", 0, OK, OK },
	{ "YeS", 0, OK, OK },
	{ "nul", 0, OK, OK },
	{ "tru", 0, OK, OK },
	{ "inf", 0, OK, OK },
	{ "NaN", 0, OK, OK },
	{ ".info", 0, OK, OK },
	{ "<<<", 0, OK, OK },
	{ "==", 0, OK, OK },
	/* numbers: 1.2 core, 1.1 octal, hex, binary, underscores, exponents */
	{ "0", 0, NO, NO },
	{ "42", 0, NO, NO },
	{ "-1", 0, NO, NO },
	{ "+1", 0, NO, NO },
	{ "3.14", 0, NO, NO },
	{ "1.25", 0, NO, NO },
	{ ".5", 0, NO, NO },
	{ "-.5", 0, NO, NO },
	{ "+.5", 0, NO, NO },
	{ "1e3", 0, NO, NO },
	{ "1E3", 0, NO, NO },
	{ "1.5e-3", 0, NO, NO },
	{ "0755", 0, NO, NO },
	{ "0o755", 0, NO, NO },
	{ "0x1F", 0, NO, NO },
	{ "0b1010", 0, NO, NO },
	{ "1_000", 0, NO, NO },
	/* YAML 1.1 sexagesimal numbers, dates and timestamps */
	{ "1:20", 0, NO, NO },
	{ "190:20:30", 0, NO, NO },
	{ "-1:20", 0, NO, NO },
	{ "2001-12-14", 0, NO, NO },
	{ "2001-12-14t21:59:43.10-05:00", 0, NO, NO },
	{ "2001-12-14 21:59:43.10 -5", 0, NO, NO },
	/* indicators at the start */
	{ "-", 0, NO, NO },
	{ "- a", 0, NO, NO },
	{ "-a", 0, OK, ANY },
	{ "--flag", 0, OK, ANY },
	{ "?", 0, NO, NO },
	{ "? a", 0, NO, NO },
	{ "?a", 0, OK, ANY },
	{ ":", 0, NO, NO },
	{ ": a", 0, NO, NO },
	{ ":a", 0, OK, ANY },
	{ ",a", 0, NO, NO },
	{ "[a", 0, NO, NO },
	{ "]a", 0, NO, NO },
	{ "{a", 0, NO, NO },
	{ "}a", 0, NO, NO },
	{ "#a", 0, NO, NO },
	{ "&a", 0, NO, NO },
	{ "*a", 0, NO, NO },
	{ "!a", 0, NO, NO },
	{ "|a", 0, NO, NO },
	{ ">a", 0, NO, NO },
	{ "'a", 0, NO, NO },
	{ "\"a", 0, NO, NO },
	{ "%a", 0, NO, NO },
	{ "@a", 0, NO, NO },
	{ "`a", 0, NO, NO },
	/* document markers read at column 0 (a root key or a root scalar) */
	{ "---", 0, NO, NO },
	{ "--- a", 0, NO, NO },
	{ "...", 0, NO, NO },
	{ "... a", 0, NO, NO },
	/* mapping values and comments inside */
	{ "a: b", 0, NO, NO },
	{ "a:", 0, NO, NO },
	{ "a:b", 0, OK, ANY },
	{ "a #b", 0, NO, NO },
	{ "a #", 0, NO, NO },
	{ "a#b", 0, OK, OK },
	/* flow indicators: fine in block context, not in flow context */
	{ "a,b", 0, OK, NO },
	{ "a[0]", 0, OK, NO },
	{ "a]", 0, OK, NO },
	{ "a{b}", 0, OK, NO },
	{ "a}", 0, OK, NO },
	{ "a:,b", 0, OK, NO },
	{ "a:]", 0, OK, NO },
	/* go-yaml and libyaml end a plain scalar at '?' in flow context */
	{ "a?b", 0, OK, NO },
	/* leading and trailing blanks */
	{ " a", 0, NO, NO },
	{ "a ", 0, NO, NO },
	{ "\ta", 0, NO, NO },
	{ "a\t", 0, NO, NO },
	/* control characters and line breaks */
	{ "a\nb", 0, NO, NO },
	{ "a\rb", 0, NO, NO },
	{ "a\tb", 0, NO, NO },
	{ "a\x01" "b", 0, NO, NO },
	{ "a\x7f" "b", 0, NO, NO },
	{ "a\0b", 3, NO, NO },
	/* NEL, LS and PS are line breaks to YAML 1.1 readers */
	{ "a" NEL "b", 0, NO, NO },
	{ "a" LS "b", 0, NO, NO },
	{ "a" PS "b", 0, NO, NO },
};

struct style_case {
	const char *text;
	size_t len;		/* 0: strlen(text) */
	enum ir_style asked;
	bool flow;
	enum ir_style want;
};

static const struct style_case styles[] = {
	{ "nginx", 0, IR_PLAIN, false, IR_PLAIN },
	{ "nginx", 0, IR_PLAIN, true, IR_PLAIN },
	{ "nginx", 0, IR_SINGLE, false, IR_SINGLE },
	{ "nginx", 0, IR_DOUBLE, false, IR_DOUBLE },
	{ "yes", 0, IR_PLAIN, false, IR_SINGLE },
	{ "yes", 0, IR_SINGLE, false, IR_SINGLE },
	{ "yes", 0, IR_DOUBLE, false, IR_DOUBLE },
	{ "0755", 0, IR_PLAIN, false, IR_SINGLE },
	{ "", 0, IR_PLAIN, false, IR_SINGLE },
	{ "a: b", 0, IR_PLAIN, false, IR_SINGLE },
	{ "a,b", 0, IR_PLAIN, false, IR_PLAIN },
	{ "a,b", 0, IR_PLAIN, true, IR_SINGLE },
	{ "it's", 0, IR_PLAIN, false, IR_PLAIN },
	{ "'a", 0, IR_PLAIN, false, IR_SINGLE },
	{ "a\nb", 0, IR_PLAIN, false, IR_DOUBLE },
	{ "a\nb", 0, IR_SINGLE, false, IR_DOUBLE },
	{ "a\tb", 0, IR_SINGLE, true, IR_DOUBLE },
	{ "a\x01", 0, IR_PLAIN, false, IR_DOUBLE },
	{ "a\0b", 3, IR_SINGLE, false, IR_DOUBLE },
	{ "a" NEL "b", 0, IR_PLAIN, false, IR_DOUBLE },
	{ "a" LS "b", 0, IR_SINGLE, false, IR_DOUBLE },
};

struct write_case {
	const char *text;
	size_t len;		/* 0: strlen(text) */
	enum ir_style style;
	bool flow;
	const char *want;
};

static const struct write_case writes[] = {
	{ "nginx", 0, IR_PLAIN, false, "nginx" },
	{ "nginx", 0, IR_SINGLE, false, "'nginx'" },
	{ "nginx", 0, IR_DOUBLE, false, "\"nginx\"" },
	{ "yes", 0, IR_PLAIN, false, "'yes'" },
	{ "~", 0, IR_PLAIN, false, "'~'" },
	{ "0755", 0, IR_PLAIN, false, "'0755'" },
	{ "1e3", 0, IR_PLAIN, true, "'1e3'" },
	{ "", 0, IR_PLAIN, false, "''" },
	{ "", 0, IR_DOUBLE, false, "\"\"" },
	{ "a: b", 0, IR_PLAIN, false, "'a: b'" },
	{ "a #b", 0, IR_PLAIN, false, "'a #b'" },
	{ "a,b", 0, IR_PLAIN, false, "a,b" },
	{ "a,b", 0, IR_PLAIN, true, "'a,b'" },
	{ " a ", 0, IR_PLAIN, false, "' a '" },
	/* single quotes: every quote doubled, nothing else escaped */
	{ "it's", 0, IR_PLAIN, false, "it's" },
	{ "it's", 0, IR_SINGLE, false, "'it''s'" },
	{ "'a", 0, IR_PLAIN, false, "'''a'" },
	{ "''", 0, IR_SINGLE, false, "''''''" },
	{ "a\\b", 0, IR_SINGLE, false, "'a\\b'" },
	{ "\"q\"", 0, IR_SINGLE, false, "'\"q\"'" },
	/* double quotes: backslash and quote escaped */
	{ "a\"b", 0, IR_DOUBLE, false, "\"a\\\"b\"" },
	{ "a\\b", 0, IR_DOUBLE, false, "\"a\\\\b\"" },
	{ "it's", 0, IR_DOUBLE, false, "\"it's\"" },
	{ "caf\xc3\xa9", 0, IR_DOUBLE, false, "\"caf\xc3\xa9\"" },
	/* control characters force double quotes with escapes */
	{ "a\nb", 0, IR_PLAIN, false, "\"a\\nb\"" },
	{ "a\nb", 0, IR_SINGLE, false, "\"a\\nb\"" },
	{ "a\tb", 0, IR_PLAIN, false, "\"a\\tb\"" },
	{ "a\rb", 0, IR_SINGLE, false, "\"a\\rb\"" },
	{ "\x01", 0, IR_PLAIN, false, "\"\\x01\"" },
	{ "\x1b[0m", 0, IR_PLAIN, false, "\"\\x1b[0m\"" },
	{ "\x7f", 0, IR_PLAIN, false, "\"\\x7f\"" },
	{ "a\0b", 3, IR_SINGLE, false, "\"a\\x00b\"" },
	{ "\"a\"\n", 0, IR_SINGLE, false, "\"\\\"a\\\"\\n\"" },
};

/* Texts holding a YAML 1.1 line break: any escape will do, the raw bytes will not. */
static const char *const breaks[] = { "a" NEL "b", "a" LS "b", "a" PS "b" };

/* Writes text into buf with control and non-ASCII bytes as \xNN, for failure messages. */
static const char *
visible(const char *t, size_t len, char *buf, size_t size)
{
	size_t i, n = 0;

	for (i = 0; i < len && n + 5 < size; i++) {
		unsigned char c = (unsigned char)t[i];

		if (c < 0x20 || c >= 0x7f)
			n += (size_t)snprintf(buf + n, size - n, "\\x%02x", c);
		else
			buf[n++] = (char)c;
	}
	buf[n] = '\0';
	return buf;
}

/* Returns len, or strlen(text) when len is 0. */
static size_t
text_len(const char *text, size_t len)
{
	return len ? len : strlen(text);
}

/* Checks ir_scalar_plain_ok() in block and in flow context. */
START_TEST(test_plain_ok)
{
	const struct plain_case *c = &plains[_i];
	size_t len = text_len(c->text, c->len);
	char vis[128];

	visible(c->text, len, vis, sizeof(vis));
	if (c->block != ANY)
		ck_assert_msg(ir_scalar_plain_ok(c->text, len, false) == (c->block == OK),
		    "'%s' in block context: want %s", vis, c->block == OK ? "plain" : "quotes");
	if (c->flow != ANY)
		ck_assert_msg(ir_scalar_plain_ok(c->text, len, true) == (c->flow == OK),
		    "'%s' in flow context: want %s", vis, c->flow == OK ? "plain" : "quotes");
}
END_TEST

/* Checks the style ir_scalar_style_for() picks. */
START_TEST(test_style_for)
{
	const struct style_case *c = &styles[_i];
	size_t len = text_len(c->text, c->len);
	char vis[128];

	ck_assert_msg(ir_scalar_style_for(c->text, len, c->asked, c->flow) == c->want,
	    "'%s' asked %d flow %d: got %d, want %d", visible(c->text, len, vis, sizeof(vis)),
	    c->asked, c->flow,
	    ir_scalar_style_for(c->text, len, c->asked, c->flow), c->want);
}
END_TEST

/* Writes a scalar and compares the bytes; the written style is the one style_for names. */
START_TEST(test_write)
{
	const struct write_case *c = &writes[_i];
	size_t len = text_len(c->text, c->len);
	struct ir_buf b = IR_BUF_INIT;
	enum ir_style style;

	ir_buf_adds(&b, "<");
	ir_scalar_write(&b, c->text, len, c->style, c->flow);
	ck_assert_uint_eq(b.len, 1 + strlen(c->want));
	ck_assert_str_eq(b.data + 1, c->want);
	style = ir_scalar_style_for(c->text, len, c->style, c->flow);
	ck_assert_int_eq(c->want[0] == '\'' ? IR_SINGLE : c->want[0] == '"' ? IR_DOUBLE :
	    IR_PLAIN, style);
	ir_buf_free(&b);
}
END_TEST

/* What a parse callback saw: the first scalar value and its style. */
struct seen {
	char text[64];
	size_t len;
	int style;
	int found;
};

/* Records the scalar under key "v" (block) or the first item of "v" (flow). */
static int
record(struct ir_doc *doc, void *arg)
{
	struct seen *seen = arg;
	ir_id v = ir_map_get(doc, doc->root, "v");
	const struct ir_node *n = ir_node(doc, v);

	if (n && n->kind == IR_SEQ)
		n = ir_node(doc, n->first);
	if (n && n->kind == IR_SCALAR && n->text_len < sizeof(seen->text)) {
		memcpy(seen->text, n->text, n->text_len);
		seen->len = n->text_len;
		seen->style = n->style;
		seen->found = 1;
	}
	return 0;
}

/* Parses what ir_scalar_write() wrote, in its context, and gets the same text back. */
START_TEST(test_write_reads_back)
{
	const struct write_case *c = &writes[_i];
	size_t len = text_len(c->text, c->len), off;
	struct ir_buf b = IR_BUF_INIT;
	struct ir_stream s;
	struct seen seen = { .found = 0 };
	char err[256];

	ir_buf_adds(&b, c->flow ? "v: [" : "v: ");
	ir_scalar_write(&b, c->text, len, c->style, c->flow);
	ir_buf_adds(&b, c->flow ? "]\n" : "\n");
	ir_stream_init(&s, "<test>", b.data, b.len, false);
	ck_assert_msg(ir_yaml_parse(&s, record, &seen, &off, err, sizeof(err)) == 0,
	    "%s: %s", b.data, err);
	ck_assert_msg(seen.found, "no scalar in %s", b.data);
	ck_assert_uint_eq(seen.len, len);
	ck_assert_mem_eq(seen.text, c->text, len);
	ir_stream_release(&s);
	ir_buf_free(&b);
}
END_TEST

/* NEL, LS and PS are written double-quoted and escaped, never as raw bytes. */
START_TEST(test_write_breaks)
{
	const char *t = breaks[_i];
	struct ir_buf b = IR_BUF_INIT;
	enum ir_style asked;
	char vis[64], got[64];

	visible(t, strlen(t), vis, sizeof(vis));
	for (asked = IR_PLAIN; asked <= IR_DOUBLE; asked++) {
		ir_buf_reset(&b);
		ir_scalar_write(&b, t, strlen(t), asked, false);
		visible(b.data, b.len, got, sizeof(got));
		ck_assert_msg(b.data[0] == '"', "'%s' asked %d: wrote %s", vis, asked, got);
		ck_assert_msg(strstr(b.data, t + 1) == NULL,
		    "'%s' asked %d: line break written raw: %s", vis, asked, got);
	}
	ir_buf_free(&b);
}
END_TEST

/* A plain scalar must never be chosen for text that plain_ok rejects, in any context. */
START_TEST(test_plain_agrees)
{
	const struct plain_case *c = &plains[_i];
	size_t len = text_len(c->text, c->len);
	int flow;

	for (flow = 0; flow < 2; flow++)
		ck_assert_int_eq(ir_scalar_style_for(c->text, len, IR_PLAIN, flow) == IR_PLAIN,
		    ir_scalar_plain_ok(c->text, len, flow));
}
END_TEST

Suite *
scalar_suite(void)
{
	Suite *s = suite_create("scalar");
	TCase *tc = tcase_create("scalar");

	tcase_add_loop_test(tc, test_plain_ok, 0, NELEM(plains));
	tcase_add_loop_test(tc, test_plain_agrees, 0, NELEM(plains));
	tcase_add_loop_test(tc, test_style_for, 0, NELEM(styles));
	tcase_add_loop_test(tc, test_write, 0, NELEM(writes));
	tcase_add_loop_test(tc, test_write_reads_back, 0, NELEM(writes));
	tcase_add_loop_test(tc, test_write_breaks, 0, NELEM(breaks));
	suite_add_tcase(s, tc);
	return s;
}
