/*
 * Tests of the input check (ir_text_check()): named cases, then faults put at every offset
 * around the 64-byte blocks the check reads at a time, against a byte-by-byte reference; and
 * of offsets from lines and columns.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_suites.h"
#include "imgreg/text.h"

/* The first bad byte by the definition: a NUL, or the start of a sequence that is not
 * shortest-form UTF-8 of a scalar value; -1 when none. */
static long
reference(const unsigned char *p, size_t len, const char **why)
{
	size_t i = 0, n, k;
	unsigned long cp;

	while (i < len) {
		if (p[i] == 0) {
			*why = "NUL byte in input";
			return (long)i;
		}
		if (p[i] < 0x80) {
			i++;
			continue;
		}
		n = p[i] >= 0xc2 && p[i] <= 0xdf ? 2 : p[i] >= 0xe0 && p[i] <= 0xef ? 3 :
		    p[i] >= 0xf0 && p[i] <= 0xf4 ? 4 : 0;
		cp = p[i] & (n == 2 ? 0x1f : n == 3 ? 0x0f : 0x07);
		for (k = 1; n && k < n; k++) {
			if (i + k >= len || (p[i + k] & 0xc0) != 0x80) {
				n = 0;
				break;
			}
			cp = cp << 6 | (p[i + k] & 0x3f);
		}
		if (n == 0 || (n == 3 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) ||
		    (n == 4 && (cp < 0x10000 || cp > 0x10ffff))) {
			*why = "invalid UTF-8";
			return (long)i;
		}
		i += n;
	}
	return -1;
}

/* Checks text against the reference; names the case in a failure. */
static void
same_as_reference(const char *text, size_t len, const char *name)
{
	const char *why = NULL, *want_why = NULL;
	long want = reference((const unsigned char *)text, len, &want_why);
	size_t bad = (size_t)-1;
	int rc = ir_text_check(text, len, &bad, &why);

	ck_assert_msg(rc == (want < 0 ? 0 : -1), "%s: returned %d", name, rc);
	if (want >= 0) {
		ck_assert_msg(bad == (size_t)want, "%s: bad byte at %zu, not %ld", name, bad, want);
		ck_assert_msg(strcmp(why, want_why) == 0, "%s: '%s', not '%s'", name, why, want_why);
	}
}

/* A string literal and its length, NUL bytes inside counted. */
#define T(s) s, sizeof(s) - 1

START_TEST(test_text_named)
{
	static const struct {
		const char *text;
		size_t len;
		long bad;	/* -1: accepted */
		const char *why;
	} cases[] = {
		{ T(""), -1, NULL },
		{ T("a: 1\n"), -1, NULL },
		{ T("k: \xc3\xa9t\xc3\xa9\n"), -1, NULL },		/* two-byte */
		{ T("k: \xe2\x82\xac\n"), -1, NULL },			/* three-byte */
		{ T("k: \xf0\x9f\x90\xb3\n"), -1, NULL },		/* four-byte */
		{ T("\xef\xbb\xbf" "a: 1\n"), -1, NULL },		/* a byte order mark */
		{ T("a: \x80\n"), 3, "invalid UTF-8" },		/* a lone continuation */
		{ T("a: \xc0\xaf\n"), 3, "invalid UTF-8" },		/* overlong */
		{ T("a: \xe0\x80\xaf\n"), 3, "invalid UTF-8" },	/* overlong, three bytes */
		{ T("a: \xed\xa0\x80\n"), 3, "invalid UTF-8" },	/* a surrogate */
		{ T("a: \xf4\x90\x80\x80\n"), 3, "invalid UTF-8" },	/* above U+10FFFF */
		{ T("a: \xe2\x82"), 3, "invalid UTF-8" },		/* cut at the end */
		{ T("a: 1\0b: 2\n"), 4, "NUL byte in input" },
		{ T("a: \xe2\0\xac\n"), 3, "invalid UTF-8" },		/* a NUL inside a sequence */
		{ T("a: \0\xff\n"), 3, "NUL byte in input" },		/* the first fault wins */
		{ T("a: \xff\0\n"), 3, "invalid UTF-8" },
	};
	size_t i, bad;
	const char *why;
	int rc;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		bad = (size_t)-1;
		why = NULL;
		rc = ir_text_check(cases[i].text, cases[i].len, &bad, &why);
		if (cases[i].bad < 0) {
			ck_assert_msg(rc == 0, "case %zu refused at %zu", i, bad);
			continue;
		}
		ck_assert_msg(rc == -1, "case %zu accepted", i);
		ck_assert_msg(bad == (size_t)cases[i].bad, "case %zu: at %zu", i, bad);
		ck_assert_str_eq(why, cases[i].why);
		same_as_reference(cases[i].text, cases[i].len, "named");
	}
}
END_TEST

/*
 * Puts each kind of byte sequence at every offset of a 300-byte ASCII text (so before, across
 * and after the 64-byte blocks), alone and followed by a later fault.
 */
START_TEST(test_text_blocks)
{
	static const char *const seqs[] = {
		"\xc3\xa9", "\xe2\x82\xac", "\xf0\x9f\x90\xb3", "\x80", "\xc3", "\xe2\x82",
		"\xf0\x9f\x90", "\xc0\xaf", "\xed\xa0\x80", "\xf5\x80\x80\x80", "\xff", "",
	};
	char text[320], name[64];
	size_t s, at, len, n, later;

	for (s = 0; s < sizeof(seqs) / sizeof(seqs[0]); s++) {
		n = strlen(seqs[s]);
		for (at = 0; at + n <= 300; at++) {
			for (later = 0; later < 3; later++) {
				memset(text, 'a', sizeof(text));
				len = 300;
				memcpy(text + at, seqs[s], n);
				if (n == 0)
					text[at] = '\0';	/* the empty sequence: a NUL there */
				if (later == 1)
					text[299] = '\0';
				else if (later == 2)
					text[len - 1] = (char)0x80;
				snprintf(name, sizeof(name), "sequence %zu at %zu, later %zu", s, at,
				    later);
				same_as_reference(text, len, name);
				/* the text cut just after the sequence, and at every length near it */
				same_as_reference(text, at + n, name);
				if (at + n > 0)
					same_as_reference(text, at + n - 1, name);
			}
		}
	}
}
END_TEST

/* Lines and columns as libfyaml counts them (a lone CR breaks a line), and as imgreg does. */
START_TEST(test_text_offsets)
{
	static const struct {
		const char *text;
		unsigned long line, col;
		size_t parsed, plain;
	} cases[] = {
		{ "a\rb\nc", 2, 1, 2, 4 },		/* a lone CR: a line break to the parser */
		{ "a\r\nb", 2, 1, 3, 3 },		/* CRLF: one line break to both */
		{ "a\rb\rc\nd", 3, 1, 4, 7 },	/* LF only: line 3 is past the end */
		{ "a\rbc", 1, 3, 1, 2 },		/* the column stops at the CR */
		{ "\xc3\xa9t\r\xc3\xa9x", 2, 2, 6, 7 },	/* columns in code points */
		{ "a\nb", 9, 1, 3, 3 },		/* past the end: the end */
	};
	size_t i, len;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		len = strlen(cases[i].text);
		ck_assert_msg(ir_text_offset_parsed(cases[i].text, len, cases[i].line,
		    cases[i].col) == cases[i].parsed, "case %zu, as parsed", i);
		ck_assert_msg(ir_text_offset(cases[i].text, len, cases[i].line, cases[i].col) ==
		    cases[i].plain, "case %zu, LF only", i);
	}
}
END_TEST

Suite *
text_suite(void)
{
	Suite *s = suite_create("text");
	TCase *tc = tcase_create("check");

	tcase_add_test(tc, test_text_named);
	tcase_add_test(tc, test_text_blocks);
	tcase_add_test(tc, test_text_offsets);
	suite_add_tcase(s, tc);
	return s;
}
