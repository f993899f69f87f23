/* Unit tests for the JSON writer (include/imgreg/jsonw.h): Go's encoding/json escapes. */
#include <check.h>
#include <string.h>

#include "imgreg/buf.h"
#include "imgreg/jsonw.h"

#include "check_suites.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

struct esc_case {
	const char *in;
	size_t len;		/* 0: strlen(in) */
	unsigned flags;
	const char *want;	/* with its quotes */
};

static const struct esc_case cases[] = {
	{ "", 0, 0, "\"\"" },
	{ "plain text", 0, 0, "\"plain text\"" },
	/* quotes and backslashes */
	{ "say \"hi\"", 0, 0, "\"say \\\"hi\\\"\"" },
	{ "C:\\dir\\", 0, 0, "\"C:\\\\dir\\\\\"" },
	{ "'single'", 0, 0, "\"'single'\"" },
	/* '/' is not escaped by Go */
	{ "a/b", 0, 0, "\"a/b\"" },
	/* control characters: five by name, the rest as \u00XX, DEL as it is */
	{ "\b\f\n\r\t", 0, 0, "\"\\b\\f\\n\\r\\t\"" },
	{ "\x01\x1f", 0, 0, "\"\\u0001\\u001f\"" },
	{ "a\x00z", 3, 0, "\"a\\u0000z\"" },
	{ "\x0b", 0, 0, "\"\\u000b\"" },
	{ "\x7f", 0, 0, "\"\x7f\"" },
	/* HTML characters: only with the flag, as json.Marshal does by default */
	{ "<a>&b", 0, 0, "\"<a>&b\"" },
	{ "<a>&b", 0, IR_JSONW_HTML, "\"\\u003ca\\u003e\\u0026b\"" },
	/* UTF-8 passes through unchanged */
	{ "j\xc3\xb6rg", 0, 0, "\"j\xc3\xb6rg\"" },
	{ "\xe5\xaf\x86\xe7\xa0\x81", 0, 0, "\"\xe5\xaf\x86\xe7\xa0\x81\"" },
	{ "\xf0\x9f\x94\x91", 0, 0, "\"\xf0\x9f\x94\x91\"" },
	{ "\xef\xbf\xbd", 0, 0, "\"\xef\xbf\xbd\"" },
	/* U+2028 and U+2029 are escaped always */
	{ "a\xe2\x80\xa8" "b\xe2\x80\xa9", 0, 0, "\"a\\u2028b\\u2029\"" },
	{ "\xe2\x80\xa7", 0, 0, "\"\xe2\x80\xa7\"" },
	/* each byte that is not valid UTF-8 becomes \ufffd */
	{ "a\xff" "b", 0, 0, "\"a\\ufffdb\"" },
	{ "\xc3", 0, 0, "\"\\ufffd\"" },
	{ "\xe2\x80", 0, 0, "\"\\ufffd\\ufffd\"" },
	{ "\xc0\xaf", 0, 0, "\"\\ufffd\\ufffd\"" },
	{ "\xed\xa0\x80", 0, 0, "\"\\ufffd\\ufffd\\ufffd\"" },
	{ "\xf4\x90\x80\x80", 0, 0, "\"\\ufffd\\ufffd\\ufffd\\ufffd\"" },
	{ "\x80x", 0, 0, "\"\\ufffdx\"" },
};

START_TEST(test_escape)
{
	const struct esc_case *c = &cases[_i];
	struct ir_buf out = IR_BUF_INIT;

	ir_jsonw_string(&out, c->in, c->len ? c->len : strlen(c->in), c->flags);
	ck_assert_str_eq(out.data, c->want);
	ir_buf_free(&out);
}
END_TEST

/* Objects: members separated by commas, nested objects, null, numbers and booleans. */
START_TEST(test_object)
{
	struct ir_buf out = IR_BUF_INIT;
	struct ir_jsonw w;

	ir_jsonw_open(&w, &out, 0);
	ir_jsonw_str(&w, "file", "in.yaml");
	ir_jsonw_num(&w, "line", 12);
	ir_jsonw_str(&w, "tag", NULL);
	ir_jsonw_bool(&w, "required", true);
	ir_jsonw_object(&w, "inner");
	ir_jsonw_object(&w, "deeper");
	ir_jsonw_close(&w);
	ir_jsonw_strn(&w, "n", "a\0b", 3);
	ir_jsonw_close(&w);
	ir_jsonw_bool(&w, "last", false);
	ir_jsonw_close(&w);
	ck_assert_str_eq(out.data, "{\"file\":\"in.yaml\",\"line\":12,\"tag\":null,"
	    "\"required\":true,\"inner\":{\"deeper\":{},\"n\":\"a\\u0000b\"},\"last\":false}");
	ir_buf_free(&out);
}
END_TEST

/* The .dockerconfigjson kubectl writes: keys escaped like values, with HTML escapes. */
START_TEST(test_keys_escaped)
{
	struct ir_buf out = IR_BUF_INIT;
	struct ir_jsonw w;

	ir_jsonw_open(&w, &out, IR_JSONW_HTML);
	ir_jsonw_object(&w, "auths");
	ir_jsonw_object(&w, "reg<1>\"x\"");
	ir_jsonw_str(&w, "auth", "Ym9iOnB3");
	ir_jsonw_close(&w);
	ir_jsonw_close(&w);
	ir_jsonw_close(&w);
	ck_assert_str_eq(out.data, "{\"auths\":{\"reg\\u003c1\\u003e\\\"x\\\"\":"
	    "{\"auth\":\"Ym9iOnB3\"}}}");
	ir_buf_free(&out);
}
END_TEST

/* Closing more than was opened writes nothing more. */
START_TEST(test_close_extra)
{
	struct ir_buf out = IR_BUF_INIT;
	struct ir_jsonw w;

	ir_jsonw_open(&w, &out, 0);
	ir_jsonw_close(&w);
	ir_jsonw_close(&w);
	ck_assert_str_eq(out.data, "{}");
	ir_buf_free(&out);
}
END_TEST

Suite *
jsonw_suite(void)
{
	Suite *s = suite_create("jsonw");
	TCase *tc = tcase_create("jsonw");

	tcase_add_loop_test(tc, test_escape, 0, NELEM(cases));
	tcase_add_test(tc, test_object);
	tcase_add_test(tc, test_keys_escaped);
	tcase_add_test(tc, test_close_extra);
	suite_add_tcase(s, tc);
	return s;
}
