/* Unit tests for the registry credential (include/imgreg/dockercfg.h, goyaml.h). */
#include <check.h>
#include <stdbool.h>
#include <string.h>

#include "imgreg/buf.h"
#include "imgreg/dockercfg.h"
#include "imgreg/goyaml.h"

#include "check_suites.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

struct quote_case {
	const char *s;
	bool quoted;
};

/* What kubectl 1.32 printed for each as a Secret's name (quoted or plain). */
static const struct quote_case quotes[] = {
	{ "regcred", false }, { "nope", false }, { "1-2", false }, { "12.34.56", false },
	{ "0x", false }, { "1e999", false }, { "0x123456789abcdef01", false },
	{ "2024-02-30", false }, { "2023-02-29", false }, { "a.b-c", false },
	{ "123", true }, { "0123", true }, { "089", true }, { "0x1f", true }, { "0o17", true },
	{ "0b101", true }, { "1e3", true }, { "1e-3", true }, { "1.5", true }, { "1.e3", true },
	{ "0x00000000000000000001", true }, { "999999999999999999999999999999", true },
	{ "2024-1-2", true }, { "2024-02-29", true }, { "2000-02-29", true },
	{ "y", true }, { "n", true }, { "yes", true }, { "no", true }, { "on", true },
	{ "off", true }, { "true", true }, { "false", true }, { "null", true },
	/* the rest of go-yaml's rules, beyond what a DNS name can be */
	{ "", true }, { "~", true }, { "Yes", true }, { "NULL", true }, { ".inf", true },
	{ "-.Inf", true }, { ".5", true }, { "1_000", true }, { "-12", true }, { "+12", true },
	{ "-9223372036854775808", true }, { "-9223372036854775809", true },
	{ "18446744073709551615", true }, { "0x10000000000000000", false },
	{ "1900-02-29", false }, { "2024-13-01", false }, { "2024-001-02", false },
	{ "eyJhdXRocyI6e319Cg==", false }, { "Yess", false }, { ".", false },
};

START_TEST(test_goyaml_quotes)
{
	const struct quote_case *c = &quotes[_i];

	ck_assert_msg(ir_goyaml_quotes(c->s) == c->quoted, "'%s': expected %s", c->s,
	    c->quoted ? "quoted" : "plain");
}
END_TEST

struct check_case {
	const char *value;
	bool ok;
};

static const struct check_case servers[] = {
	{ "reg.acme.io", true }, { "reg.acme.io:5000", true }, { "localhost:5000", true },
	{ "10.0.0.7:5000", true }, { "[::1]:5000", true }, { "https://index.docker.io/v1/", true },
	{ "http://reg.acme.io:5000", true }, { "https://reg.acme.io/v2/team_a/", true },
	{ "", false }, { "reg", false }, { "ftp://reg.acme.io", false },
	{ "https://", false }, { "reg.acme.io:port", false }, { "reg.acme.io:99999", false },
	{ "bad server!", false }, { "https://reg.acme.io/a b", false },
	{ "https://user@reg.acme.io", false }, { "reg.acme.io/?q=1", false },
};

START_TEST(test_check_server)
{
	const struct check_case *c = &servers[_i];

	ck_assert_msg((ir_dockercfg_check_server(c->value) == NULL) == c->ok, "'%s'", c->value);
}
END_TEST

static const struct check_case namespaces[] = {
	{ "litmus", true }, { "a", true }, { "0x1f", true }, { "a-b-1", true },
	{ "", false }, { "Litmus", false }, { "a.b", false }, { "-a", false }, { "a-", false },
	{ "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", false },
};

START_TEST(test_check_namespace)
{
	const struct check_case *c = &namespaces[_i];

	ck_assert_msg((ir_dockercfg_check_namespace(c->value) == NULL) == c->ok, "'%s'",
	    c->value);
}
END_TEST

START_TEST(test_check_username)
{
	ck_assert_ptr_null(ir_dockercfg_check_username("bob"));
	ck_assert_ptr_null(ir_dockercfg_check_username("j\xc3\xb6rg <x@y>"));
	ck_assert_ptr_nonnull(ir_dockercfg_check_username(""));
	ck_assert_ptr_nonnull(ir_dockercfg_check_username("a:b"));
}
END_TEST

static const struct check_case configs[] = {
	{ "{\"auths\":{}}", true },
	{ "  {\n\t\"auths\": {\"r.io\": {\"auth\": \"dTpw\"}},\n\t\"credsStore\": \"x\"\n}\n", true },
	{ "{\"credHelpers\":{},\"auths\":{\"a\":{}}}", true },
	{ "", false }, { "[]", false }, { "{}", false }, { "{\"auths\":[]}", false },
	{ "{\"auths\":\"x\"}", false }, { "{\"auths\":{}", false }, { "{\"auths\":{}} x", false },
	{ "{\"Auths\":{}}", false }, { "{\"auths\":{\"a\":1,}}", false },
};

START_TEST(test_check_config)
{
	const struct check_case *c = &configs[_i];
	const char *why = NULL;
	size_t off = 0;
	int rc;

	rc = ir_dockercfg_check_config(c->value, strlen(c->value), &off, &why);
	ck_assert_msg((rc == 0) == c->ok, "'%s'", c->value);
	if (rc != 0) {
		ck_assert_ptr_nonnull(why);
		ck_assert_uint_le(off, strlen(c->value));
	}
}
END_TEST

START_TEST(test_password_len)
{
	ck_assert_uint_eq(ir_dockercfg_password_len("pw\n", 3), 2);
	ck_assert_uint_eq(ir_dockercfg_password_len("pw\r\n", 4), 2);
	ck_assert_uint_eq(ir_dockercfg_password_len("pw", 2), 2);
	ck_assert_uint_eq(ir_dockercfg_password_len("pw\n\n", 4), 3);
	ck_assert_uint_eq(ir_dockercfg_password_len("pw\r", 3), 2);
	ck_assert_uint_eq(ir_dockercfg_password_len(" pw \n", 5), 4);
	ck_assert_uint_eq(ir_dockercfg_password_len("\n", 1), 0);
	ck_assert_uint_eq(ir_dockercfg_password_len("", 0), 0);
}
END_TEST

/* The JSON kubectl wrote for these values, decoded from its output. */
START_TEST(test_json)
{
	struct ir_dockercfg c = { .name = "s", .server = "reg.acme.io:5000", .username = "bob",
	    .password = "p\"w\\x", .password_len = 5 };
	struct ir_buf out = IR_BUF_INIT;

	ir_dockercfg_json(&out, &c);
	ck_assert_str_eq(out.data, "{\"auths\":{\"reg.acme.io:5000\":{\"username\":\"bob\","
	    "\"password\":\"p\\\"w\\\\x\",\"auth\":\"Ym9iOnAid1x4\"}}}");
	ir_buf_free(&out);
	c.server = "https://reg.acme.io:5000/v1/";
	c.password = "pw";
	c.password_len = 2;
	c.email = "a@b.c";
	ir_dockercfg_json(&out, &c);
	ck_assert_str_eq(out.data, "{\"auths\":{\"https://reg.acme.io:5000/v1/\":{\"username\":"
	    "\"bob\",\"password\":\"pw\",\"email\":\"a@b.c\",\"auth\":\"Ym9iOnB3\"}}}");
	ir_buf_free(&out);
}
END_TEST

/* The whole Secret, byte for byte as kubectl printed it. */
START_TEST(test_secret)
{
	struct ir_dockercfg c = { .name = "my-secret", .server = "reg.acme.io:5000",
	    .username = "bob", .password = "p\"w\\x", .password_len = 5 };
	struct ir_buf out = IR_BUF_INIT;

	ir_dockercfg_secret(&out, &c);
	ck_assert_str_eq(out.data, "apiVersion: v1\ndata:\n  .dockerconfigjson: "
	    "eyJhdXRocyI6eyJyZWcuYWNtZS5pbzo1MDAwIjp7InVzZXJuYW1lIjoiYm9iIiwicGFzc3dvcmQiOiJw"
	    "XCJ3XFx4IiwiYXV0aCI6IlltOWlPbkFpZDF4NCJ9fX0=\nkind: Secret\nmetadata:\n"
	    "  creationTimestamp: null\n  name: my-secret\ntype: kubernetes.io/dockerconfigjson\n");
	ir_buf_wipe(&out);
	c.name = "yes";
	c.ns = "0x1f";
	ir_dockercfg_secret(&out, &c);
	ck_assert_ptr_nonnull(strstr(out.data, "  name: \"yes\"\n  namespace: \"0x1f\"\ntype:"));
	ir_buf_wipe(&out);
}
END_TEST

/* A wrapped config.json is encoded as it is, whatever its layout. */
START_TEST(test_secret_from_config)
{
	struct ir_dockercfg c = { .name = "s", .config = "{\"auths\":{}}\n", .config_len = 13 };
	struct ir_buf out = IR_BUF_INIT;

	ir_dockercfg_secret(&out, &c);
	ck_assert_ptr_nonnull(strstr(out.data, "  .dockerconfigjson: eyJhdXRocyI6e319Cg==\n"));
	ir_buf_wipe(&out);
	ck_assert_ptr_null(out.data);
}
END_TEST

Suite *
dockercfg_suite(void)
{
	Suite *s = suite_create("dockercfg");
	TCase *tc = tcase_create("dockercfg");

	tcase_add_loop_test(tc, test_goyaml_quotes, 0, NELEM(quotes));
	tcase_add_loop_test(tc, test_check_server, 0, NELEM(servers));
	tcase_add_loop_test(tc, test_check_namespace, 0, NELEM(namespaces));
	tcase_add_test(tc, test_check_username);
	tcase_add_loop_test(tc, test_check_config, 0, NELEM(configs));
	tcase_add_test(tc, test_password_len);
	tcase_add_test(tc, test_json);
	tcase_add_test(tc, test_secret);
	tcase_add_test(tc, test_secret_from_config);
	suite_add_tcase(s, tc);
	return s;
}
