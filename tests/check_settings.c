/* Unit tests for the settings validators (include/imgreg/settings.h). */
#include <check.h>
#include <stddef.h>
#include <string.h>

#include "imgreg/settings.h"

#include "check_suites.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

#define HEX64	"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

/* Long names, built from literals so that the tables stay plain data. */
#define L10	"abcdefghij"
#define L60	L10 L10 L10 L10 L10 L10
#define L63	L60 "abc"
#define L64	L63 "d"
/* 63 + 1 + 63 + 1 + 63 + 1 + 61 = 253 */
#define N253	L63 "." L63 "." L63 "." L60 "a"
#define N254	N253 "b"
#define P250	L60 L60 L60 L60 L10
#define P256	P250 "/" "abcde"

/* The validators' reasons; ANY accepts any reason, NULL means valid. */
#define ANY		"*"
#define S_EMPTY		"registry server must not be empty"
#define S_SCHEME	"registry server must not have a scheme"
#define S_PATH		"registry server must not have a path"
#define S_HOST		"registry server must be host[:port]"
#define S_PORT		"registry server port must be a number"
#define A_EMPTY		"registry account must not be empty"
#define A_PATH		"registry account must be a repository path (lowercase components " \
			"separated by '/')"
#define D_LEN		"must be 1 to 253 characters"
#define D_NAME		"must be a DNS-1123 subdomain (lowercase letters, digits, '-' and '.', " \
			"starting and ending with a letter or digit)"

struct check_case {
	const char *in;
	const char *why;
};

static const struct check_case servers[] = {
	{ "reg.acme.io", NULL },
	{ "reg.acme.io:5000", NULL },
	{ "docker.io", NULL },
	{ "localhost", NULL },
	{ "localhost:5000", NULL },
	{ "Registry.Example.com", NULL },
	{ "a.b-c.d", NULL },
	{ "10.0.0.1:5000", NULL },
	{ "[::1]", NULL },
	{ "[::1]:5000", NULL },
	{ "[2001:db8::1]:443", NULL },
	{ "", S_EMPTY },
	{ "https://reg.acme.io", S_SCHEME },
	{ "oci://reg.acme.io", S_SCHEME },
	{ "reg.acme.io/team", S_PATH },
	{ "reg.acme.io:", S_PORT },
	{ "reg.acme.io:abc", S_PORT },
	{ "reg.acme.io:123456", S_PORT },
	{ "reg.acme.io:50:00", S_HOST },
	{ "-reg.acme.io", S_HOST },
	{ "reg-.acme.io", S_HOST },
	{ "reg..acme.io", S_HOST },
	{ ".reg.acme.io", S_HOST },
	{ "reg_acme.io", S_HOST },
	{ "reg acme.io", S_HOST },
	{ "[::1", S_HOST },
	{ "[::1]x", S_HOST },
	/* the reference grammar has no trailing dot, no empty brackets, no dots in IPv6 */
	{ "reg.acme.io.", S_HOST },
	{ "[]", S_HOST },
	{ "[::ffff:1.2.3.4]", S_HOST },
	/* docker reads "my-registry/chaos/x" as an image on docker.io */
	{ "my-registry", ANY },
};

static const struct check_case accounts[] = {
	{ "chaos", NULL },
	{ "team/chaos", NULL },
	{ "a-b_c.d", NULL },
	{ "a__b", NULL },
	{ "a--b", NULL },
	{ "0", NULL },
	{ "library", NULL },
	{ P250, NULL },
	{ "", A_EMPTY },
	{ "Chaos", A_PATH },
	{ "/chaos", A_PATH },
	{ "chaos/", A_PATH },
	{ "a//b", A_PATH },
	{ "chaos:1", A_PATH },
	{ "chaos@sha256:" HEX64, A_PATH },
	{ "a b", A_PATH },
	{ "-a", A_PATH },
	{ "a-", A_PATH },
	{ "_a", A_PATH },
	{ "a___b", A_PATH },
	{ "a..b", A_PATH },
	{ "reg.acme.io/chaos", NULL },
	{ P256, A_PATH },
};

static const struct check_case names[] = {
	{ "regcred", NULL },
	{ "acme-regcred", NULL },
	{ "a", NULL },
	{ "0", NULL },
	{ "1a", NULL },
	{ "a.b", NULL },
	{ "a-b.c-d", NULL },
	{ "a--b", NULL },
	{ L63, NULL },
	{ L63 ".x", NULL },
	{ N253, NULL },
	{ "", D_LEN },
	{ N254, D_LEN },
	{ L64, D_NAME },
	{ "x." L64, D_NAME },
	{ "-a", D_NAME },
	{ "a-", D_NAME },
	{ "A", D_NAME },
	{ "regCred", D_NAME },
	{ "a_b", D_NAME },
	{ "a b", D_NAME },
	{ "a..b", D_NAME },
	{ ".a", D_NAME },
	{ "a.", D_NAME },
	{ "a-.b", D_NAME },
	{ "a.-b", D_NAME },
};

/* Compares a validator's answer with the case's. */
static void
check(const char *what, const struct check_case *c, const char *got)
{
	if (c->why == NULL)
		ck_assert_msg(got == NULL, "%s '%s': rejected: %s", what, c->in, got);
	else if (strcmp(c->why, ANY) == 0)
		ck_assert_msg(got != NULL, "%s '%s': accepted", what, c->in);
	else {
		ck_assert_msg(got != NULL, "%s '%s': accepted, want: %s", what, c->in, c->why);
		ck_assert_str_eq(got, c->why);
	}
}

/* Checks the fixtures' lengths, so that length tests test what they say. */
START_TEST(test_fixtures)
{
	ck_assert_uint_eq(strlen(L63), 63);
	ck_assert_uint_eq(strlen(L64), 64);
	ck_assert_uint_eq(strlen(N253), 253);
	ck_assert_uint_eq(strlen(N254), 254);
	ck_assert_uint_eq(strlen(P250), 250);
	ck_assert_uint_eq(strlen(P256), 256);
}
END_TEST

/* A registry server is host[:port] as an image reference spells its domain. */
START_TEST(test_server)
{
	check("server", &servers[_i], ir_check_server(servers[_i].in));
}
END_TEST

/* A registry account is a repository path. */
START_TEST(test_account)
{
	check("account", &accounts[_i], ir_check_account(accounts[_i].in));
}
END_TEST

/* A secret name is a DNS-1123 subdomain. */
START_TEST(test_dns1123)
{
	check("name", &names[_i], ir_check_dns1123(names[_i].in));
}
END_TEST

Suite *
settings_suite(void)
{
	Suite *s = suite_create("settings");
	TCase *tc = tcase_create("validators");

	tcase_add_test(tc, test_fixtures);
	tcase_add_loop_test(tc, test_server, 0, NELEM(servers));
	tcase_add_loop_test(tc, test_account, 0, NELEM(accounts));
	tcase_add_loop_test(tc, test_dns1123, 0, NELEM(names));
	suite_add_tcase(s, tc);
	return s;
}
