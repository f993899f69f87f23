/* Unit tests for base64 encoding (include/imgreg/base64.h). */
#include <check.h>
#include <string.h>

#include "imgreg/base64.h"
#include "imgreg/buf.h"

#include "check_suites.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

struct b64_case {
	const char *in;
	size_t len;
	const char *want;
};

static const struct b64_case cases[] = {
	/* RFC 4648, section 10 */
	{ "", 0, "" },
	{ "f", 1, "Zg==" },
	{ "fo", 2, "Zm8=" },
	{ "foo", 3, "Zm9v" },
	{ "foob", 4, "Zm9vYg==" },
	{ "fooba", 5, "Zm9vYmE=" },
	{ "foobar", 6, "Zm9vYmFy" },
	/* every bit of the alphabet's ends: '+' is 62, '/' is 63 */
	{ "\xfb\xff\xbf", 3, "+/+/" },
	{ "\x00\x00\x00", 3, "AAAA" },
	{ "\xff", 1, "/w==" },
	{ "\xff\xff", 2, "//8=" },
	{ "\x00", 1, "AA==" },
	/* docker's auth string: base64("user:password") */
	{ "bob:pw", 6, "Ym9iOnB3" },
	{ "u:p", 3, "dTpw" },
	/* UTF-8 bytes are encoded as they are */
	{ "j\xc3\xb6rg", 5, "asO2cmc=" },
};

START_TEST(test_encode)
{
	const struct b64_case *c = &cases[_i];
	struct ir_buf out = IR_BUF_INIT;

	ir_base64_encode(&out, c->in, c->len);
	ck_assert_uint_eq(out.len, strlen(c->want));
	ck_assert_uint_eq(out.len, ir_base64_len(c->len));
	ck_assert_mem_eq(out.len ? out.data : "", c->want, out.len);
	ir_buf_free(&out);
}
END_TEST

/* Encoding appends: what the buffer held stays in front. */
START_TEST(test_append)
{
	struct ir_buf out = IR_BUF_INIT;

	ir_buf_adds(&out, "auth=");
	ir_base64_encode(&out, "foobar", 6);
	ir_base64_encode(&out, "f", 1);
	ck_assert_str_eq(out.data, "auth=Zm9vYmFyZg==");
	ir_buf_free(&out);
}
END_TEST

/* A long input: every length class, no line breaks (RFC 4648 section 3.1). */
START_TEST(test_long)
{
	struct ir_buf out = IR_BUF_INIT;
	char in[3001];
	size_t i;

	for (i = 0; i < sizeof(in); i++)
		in[i] = (char)(i * 7);
	ir_base64_encode(&out, in, sizeof(in));
	ck_assert_uint_eq(out.len, ir_base64_len(sizeof(in)));
	ck_assert_uint_eq(out.len, 4004);
	ck_assert_ptr_null(memchr(out.data, '\n', out.len));
	/* the last bytes, 7 * 2997..3000 mod 256, computed with Python's base64 module */
	ck_assert_str_eq(out.data + out.len - 8, "8/oBCA==");
	ir_buf_free(&out);
}
END_TEST

Suite *
base64_suite(void)
{
	Suite *s = suite_create("base64");
	TCase *tc = tcase_create("base64");

	tcase_add_loop_test(tc, test_encode, 0, NELEM(cases));
	tcase_add_test(tc, test_append);
	tcase_add_test(tc, test_long);
	suite_add_tcase(s, tc);
	return s;
}
