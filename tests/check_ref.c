/* Unit tests for the image reference parser (include/imgreg/ref.h). */
#include <check.h>

#include "check_suites.h"
#include <stdbool.h>
#include <string.h>

#include "imgreg/ref.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

/* Long inputs, built from literals so that the tables stay plain data. */
#define A10	"aaaaaaaaaa"
#define A50	A10 A10 A10 A10 A10
#define A100	A50 A50
#define A247	A100 A100 A10 A10 A10 A10 "aaaaaaa"
#define A248	A247 "a"
#define A255	A248 "aaaaaaa"
#define A256	A255 "a"
#define T10	"tttttttttt"
#define T128	T10 T10 T10 T10 T10 T10 T10 T10 T10 T10 T10 T10 "tttttttt"
#define T129	T128 "t"
#define HEX64	"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
#define HEX63	"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b85"
#define HEX64UP	"E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855"
#define HEX96	"38b060a751ac96384cd9327eb1b1e36a21fdb71114be0743" \
		"4c0cc7bf63f6e1da274edebfe76f65fbd51ad2f14898b95b"
#define HEX128	"cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce" \
		"47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e"
#define NOTHEX64 "g3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

struct valid_case {
	const char *in;
	size_t len;		/* 0: strlen(in) */
	const char *domain;
	const char *path;
	const char *tag;
	const char *digest;
	bool explicit_domain;
	const char *norm;
};

static const struct valid_case valid[] = {
	/* docker.io and its normalisation */
	{ "nginx", 0, "docker.io", "library/nginx", "", "", false,
	    "docker.io/library/nginx" },
	{ "nginx:1.25", 0, "docker.io", "library/nginx", "1.25", "", false,
	    "docker.io/library/nginx:1.25" },
	{ "library/nginx", 0, "docker.io", "library/nginx", "", "", false,
	    "docker.io/library/nginx" },
	{ "docker.io/nginx", 0, "docker.io", "library/nginx", "", "", true,
	    "docker.io/library/nginx" },
	{ "docker.io/library/nginx:latest", 0, "docker.io", "library/nginx",
	    "latest", "", true, "docker.io/library/nginx:latest" },
	{ "index.docker.io/nginx", 0, "docker.io", "library/nginx", "", "",
	    true, "docker.io/library/nginx" },
	{ "index.docker.io/litmuschaos/go-runner:3.0.0", 0, "docker.io",
	    "litmuschaos/go-runner", "3.0.0", "", true,
	    "docker.io/litmuschaos/go-runner:3.0.0" },
	{ "litmuschaos/go-runner:3.0.0", 0, "docker.io",
	    "litmuschaos/go-runner", "3.0.0", "", false,
	    "docker.io/litmuschaos/go-runner:3.0.0" },
	{ "myregistry/app", 0, "docker.io", "myregistry/app", "", "", false,
	    "docker.io/myregistry/app" },
	{ "5000/foo", 0, "docker.io", "5000/foo", "", "", false,
	    "docker.io/5000/foo" },
	{ "0/1", 0, "docker.io", "0/1", "", "", false, "docker.io/0/1" },
	{ "docker.io:443/nginx", 0, "docker.io:443", "nginx", "", "", true,
	    "docker.io:443/nginx" },
	{ "registry-1.docker.io/library/busybox", 0, "registry-1.docker.io",
	    "library/busybox", "", "", true,
	    "registry-1.docker.io/library/busybox" },
	/* a single component is never a domain */
	{ "a.b", 0, "docker.io", "library/a.b", "", "", false,
	    "docker.io/library/a.b" },
	{ "example.com", 0, "docker.io", "library/example.com", "", "", false,
	    "docker.io/library/example.com" },
	{ "localhost", 0, "docker.io", "library/localhost", "", "", false,
	    "docker.io/library/localhost" },
	{ "localhost:5000", 0, "docker.io", "library/localhost", "5000", "",
	    false, "docker.io/library/localhost:5000" },
	/* localhost, ports, IP addresses */
	{ "localhost/foo", 0, "localhost", "foo", "", "", true,
	    "localhost/foo" },
	{ "localhost:5000/foo", 0, "localhost:5000", "foo", "", "", true,
	    "localhost:5000/foo" },
	{ "localhost:5000/foo/bar:v1", 0, "localhost:5000", "foo/bar", "v1",
	    "", true, "localhost:5000/foo/bar:v1" },
	{ "[::1]:5000/foo", 0, "[::1]:5000", "foo", "", "", true,
	    "[::1]:5000/foo" },
	{ "[2001:db8::1]/foo", 0, "[2001:db8::1]", "foo", "", "", true,
	    "[2001:db8::1]/foo" },
	{ "[2001:DB8::1]:443/foo:tag", 0, "[2001:DB8::1]:443", "foo", "tag",
	    "", true, "[2001:DB8::1]:443/foo:tag" },
	{ "[::]/x", 0, "[::]", "x", "", "", true, "[::]/x" },
	{ "192.168.1.1:5000/a/b", 0, "192.168.1.1:5000", "a/b", "", "", true,
	    "192.168.1.1:5000/a/b" },
	{ "10.0.0.1/app", 0, "10.0.0.1", "app", "", "", true,
	    "10.0.0.1/app" },
	/* uppercase makes the first component a domain */
	{ "Foo.com/bar", 0, "Foo.com", "bar", "", "", true, "Foo.com/bar" },
	{ "FOO/bar", 0, "FOO", "bar", "", "", true, "FOO/bar" },
	{ "LOCALHOST/foo", 0, "LOCALHOST", "foo", "", "", true,
	    "LOCALHOST/foo" },
	/* domains and several components */
	{ "reg.acme.io:5000/team/app:1.0", 0, "reg.acme.io:5000", "team/app",
	    "1.0", "", true, "reg.acme.io:5000/team/app:1.0" },
	{ "my-reg.example.com:8080/x/y:tag", 0, "my-reg.example.com:8080",
	    "x/y", "tag", "", true, "my-reg.example.com:8080/x/y:tag" },
	{ "ghcr.io/acme/tools/cli:v2", 0, "ghcr.io", "acme/tools/cli", "v2",
	    "", true, "ghcr.io/acme/tools/cli:v2" },
	{ "a/b/c/d/e/f", 0, "docker.io", "a/b/c/d/e/f", "", "", false,
	    "docker.io/a/b/c/d/e/f" },
	{ "a.b.c.d.e.f.g/x", 0, "a.b.c.d.e.f.g", "x", "", "", true,
	    "a.b.c.d.e.f.g/x" },
	{ "a--b.example/x", 0, "a--b.example", "x", "", "", true,
	    "a--b.example/x" },
	{ "registry.k8s.io/pause:3.9", 0, "registry.k8s.io", "pause", "3.9",
	    "", true, "registry.k8s.io/pause:3.9" },
	/* separators in path components */
	{ "quay.io/a__b/c", 0, "quay.io", "a__b/c", "", "", true,
	    "quay.io/a__b/c" },
	{ "a_b/c", 0, "docker.io", "a_b/c", "", "", false,
	    "docker.io/a_b/c" },
	{ "a-b/c-d", 0, "docker.io", "a-b/c-d", "", "", false,
	    "docker.io/a-b/c-d" },
	{ "a--b/c---d", 0, "docker.io", "a--b/c---d", "", "", false,
	    "docker.io/a--b/c---d" },
	{ "foo/a.b-c_d__e--f", 0, "docker.io", "foo/a.b-c_d__e--f", "", "",
	    false, "docker.io/foo/a.b-c_d__e--f" },
	/* tags */
	{ "nginx:" T128, 0, "docker.io", "library/nginx", T128, "", false,
	    "docker.io/library/nginx:" T128 },
	{ "nginx:_private", 0, "docker.io", "library/nginx", "_private", "",
	    false, "docker.io/library/nginx:_private" },
	{ "nginx:V1.0-RC_2", 0, "docker.io", "library/nginx", "V1.0-RC_2", "",
	    false, "docker.io/library/nginx:V1.0-RC_2" },
	{ "nginx:a", 0, "docker.io", "library/nginx", "a", "", false,
	    "docker.io/library/nginx:a" },
	{ "a/b:1.0.0-alpha.1", 0, "docker.io", "a/b", "1.0.0-alpha.1", "",
	    false, "docker.io/a/b:1.0.0-alpha.1" },
	/* digests, with and without tags */
	{ "nginx:1.25@sha256:" HEX64, 0, "docker.io", "library/nginx", "1.25",
	    "sha256:" HEX64, false,
	    "docker.io/library/nginx:1.25@sha256:" HEX64 },
	{ "nginx@sha256:" HEX64, 0, "docker.io", "library/nginx", "",
	    "sha256:" HEX64, false, "docker.io/library/nginx@sha256:" HEX64 },
	{ "ghcr.io/a/b@sha384:" HEX96, 0, "ghcr.io", "a/b", "",
	    "sha384:" HEX96, true, "ghcr.io/a/b@sha384:" HEX96 },
	{ "ghcr.io/a/b:v1@sha512:" HEX128, 0, "ghcr.io", "a/b", "v1",
	    "sha512:" HEX128, true, "ghcr.io/a/b:v1@sha512:" HEX128 },
	{ "localhost:5000/foo@sha256:" HEX64, 0, "localhost:5000", "foo", "",
	    "sha256:" HEX64, true, "localhost:5000/foo@sha256:" HEX64 },
	/* lengths at the limit: library/ counts towards the path */
	{ "example.com/" A255, 0, "example.com", A255, "", "", true,
	    "example.com/" A255 },
	{ "docker.io/library/" A247, 0, "docker.io", "library/" A247, "", "",
	    true, "docker.io/library/" A247 },
	{ A247, 0, "docker.io", "library/" A247, "", "", false,
	    "docker.io/library/" A247 },
	/* only len bytes count */
	{ "nginx:1.0 and more", 9, "docker.io", "library/nginx", "1.0", "",
	    false, "docker.io/library/nginx:1.0" },
	{ "ghcr.io/a/b@sha256:" HEX64 "trailing", 19 + 64, "ghcr.io", "a/b",
	    "", "sha256:" HEX64, true, "ghcr.io/a/b@sha256:" HEX64 },
};

struct invalid_case {
	const char *in;
	size_t len;		/* 0: strlen(in) */
	const char *why;
};

#define E_FORMAT	"invalid reference format"
#define E_UPPER		"repository name must be lowercase"
#define E_TAG		"invalid tag"
#define E_DOMAIN	"invalid domain"
#define E_DLEN		"invalid digest length"
#define E_DFMT		"invalid digest format"
#define E_LONG		"repository name must not be more than 255 characters"
#define E_SCHEME	"reference must not have a scheme"

static const struct invalid_case invalid[] = {
	{ "", 0, "empty reference" },
	{ HEX64, 0,
	    "repository name must not be a 64-character hexadecimal string" },
	/* uppercase in the path */
	{ "Nginx", 0, E_UPPER },
	{ "Nginx:1.2", 0, E_UPPER },
	{ "nginx/Foo", 0, E_UPPER },
	{ "docker.io/Nginx", 0, E_UPPER },
	{ "ghcr.io/Acme/app", 0, E_UPPER },
	/* empty or misplaced components */
	{ "nginx/", 0, E_FORMAT },
	{ "/nginx", 0, E_FORMAT },
	{ "foo//bar", 0, E_FORMAT },
	{ "ghcr.io//bar", 0, E_FORMAT },
	{ "docker.io/", 0, E_FORMAT },
	{ ":tag", 0, E_FORMAT },
	{ "@sha256:" HEX64, 0, E_FORMAT },
	/* separators */
	{ "-nginx", 0, E_FORMAT },
	{ "foo/-bar", 0, E_FORMAT },
	{ "foo-/bar", 0, E_FORMAT },
	{ "foo_", 0, E_FORMAT },
	{ "foo..bar", 0, E_FORMAT },
	{ "foo___bar", 0, E_FORMAT },
	{ "foo._bar", 0, E_FORMAT },
	{ "foo.-bar", 0, E_FORMAT },
	{ "foo-_bar", 0, E_FORMAT },
	/* tags */
	{ "nginx:", 0, E_TAG },
	{ "nginx:" T129, 0, "tag must not be more than 128 characters" },
	{ "nginx:.tag", 0, E_TAG },
	{ "nginx:-tag", 0, E_TAG },
	{ "nginx:1.0:2", 0, E_TAG },
	{ "a/b:c/d", 0, E_TAG },
	{ "nginx:v+1", 0, E_TAG },
	/* digests */
	{ "nginx@", 0, E_DFMT },
	{ "nginx:1.0@", 0, E_DFMT },
	{ "nginx@sha256", 0, E_DFMT },
	{ "nginx@sha256:", 0, E_DFMT },
	{ "nginx@:" HEX64, 0, E_DFMT },
	{ "nginx@sha256:abc", 0, E_DLEN },
	{ "nginx@sha256:" HEX63, 0, E_DLEN },
	{ "nginx@sha256:" HEX64 "0", 0, E_DLEN },
	{ "nginx@sha384:" HEX64, 0, E_DLEN },
	{ "nginx@sha512:" HEX96, 0, E_DLEN },
	{ "nginx@sha256:" HEX64UP, 0, E_DFMT },
	{ "nginx@sha256:" NOTHEX64, 0, E_DFMT },
	{ "nginx@SHA256:" HEX64, 0, E_DFMT },
	{ "nginx@sha256!:" HEX64, 0, E_DFMT },
	{ "nginx@md5:d41d8cd98f00b204e9800998ecf8427e", 0,
	    "unsupported digest algorithm" },
	{ "nginx@sha256+b64:LCa0a2j_xo_5m0U8HTBBNBNCLXBkg7-g-YpeiGJm564", 0,
	    "unsupported digest algorithm" },
	{ "nginx@md5:d41d8cd98f00b204e9800998ecf8427e!", 0, E_DFMT },
	/* schemes, blanks, control characters and other bytes */
	{ "https://docker.io/nginx", 0, E_SCHEME },
	{ "http://localhost:5000/x", 0, E_SCHEME },
	{ " nginx", 0, E_FORMAT },
	{ "nginx ", 0, E_FORMAT },
	{ "ngi nx", 0, E_FORMAT },
	{ "nginx:1.0 ", 0, E_TAG },
	{ "nginx\t", 0, E_FORMAT },
	{ "nginx\n", 0, E_FORMAT },
	{ "ngi\0nx", 6, E_FORMAT },
	{ "nginx\0", 6, E_FORMAT },
	{ "caf\xc3\xa9", 0, E_FORMAT },
	{ "\"nginx\"", 0, E_FORMAT },
	/* path length; library/ counts */
	{ "example.com/" A256, 0, E_LONG },
	{ A248, 0, E_LONG },
	{ "docker.io/library/" A248, 0, E_LONG },
	/* domains, ports, IPv6 */
	{ "localhost:abc/x", 0, E_DOMAIN },
	{ "localhost:/x", 0, E_DOMAIN },
	{ "nginx:a/b", 0, E_DOMAIN },
	{ "reg.io:5000:6000/x", 0, E_DOMAIN },
	{ "reg.io:-1/x", 0, E_DOMAIN },
	{ "[::1/foo", 0, E_DOMAIN },
	{ "[]/foo", 0, E_FORMAT },		/* no ".", ":": not a domain */
	{ "[]:5000/foo", 0, E_DOMAIN },
	{ "::1/foo", 0, E_DOMAIN },
	{ "[::1]x/foo", 0, E_DOMAIN },
	{ "[::1]]/foo", 0, E_DOMAIN },
	{ "[fe80::1%25eth0]/foo", 0, E_DOMAIN },
	{ "[::g]/foo", 0, E_DOMAIN },
	{ "-reg.io/x", 0, E_DOMAIN },
	{ "reg-.io/x", 0, E_DOMAIN },
	{ "reg..io/x", 0, E_DOMAIN },
	{ ".io/x", 0, E_DOMAIN },
	{ "reg.io./x", 0, E_DOMAIN },
	{ "reg_io.com/x", 0, E_DOMAIN },
	{ "Foo_Bar/x", 0, E_DOMAIN },
};

struct prefix_case {
	const char *in;
	const char *out;	/* NULL: expect failure with why */
	const char *why;
};

static const struct prefix_case prefixes[] = {
	{ "docker.io/litmuschaos", "docker.io/litmuschaos", NULL },
	{ "litmuschaos", "docker.io/litmuschaos", NULL },
	{ "chaosnative/sub/team", "docker.io/chaosnative/sub/team", NULL },
	{ "library", "docker.io/library", NULL },
	{ "docker.io/library", "docker.io/library", NULL },
	{ "docker.io", "docker.io", NULL },
	{ "index.docker.io", "docker.io", NULL },
	{ "index.docker.io/litmuschaos", "docker.io/litmuschaos", NULL },
	{ "ghcr.io", "ghcr.io", NULL },
	{ "ghcr.io/acme", "ghcr.io/acme", NULL },
	{ "reg.acme.io:5000/team", "reg.acme.io:5000/team", NULL },
	{ "localhost", "localhost", NULL },
	{ "localhost:5000", "localhost:5000", NULL },
	{ "localhost/team", "localhost/team", NULL },
	{ "[::1]:5000/x", "[::1]:5000/x", NULL },
	{ "Registry.Example.com/team", "Registry.Example.com/team", NULL },
	{ "a__b/c-d", "docker.io/a__b/c-d", NULL },
	{ "", NULL, "empty prefix" },
	{ "litmuschaos/go-runner:3.0", NULL,
	    "prefix must not have a tag or digest" },
	{ "litmuschaos@sha256:" HEX64, NULL,
	    "prefix must not have a tag or digest" },
	{ "docker.io/", NULL, E_FORMAT },
	{ "litmuschaos/", NULL, E_FORMAT },
	{ "litmus//x", NULL, E_FORMAT },
	{ "/litmus", NULL, E_FORMAT },
	{ "docker.io/Litmus", NULL, E_UPPER },
	{ "https://ghcr.io", NULL, E_DOMAIN },
	{ "reg..io/x", NULL, E_DOMAIN },
	{ "litmus chaos", NULL, E_FORMAT },
	{ "example.com/" A256, NULL, E_LONG },
};

struct has_prefix_case {
	const char *name;
	const char *prefix;
	bool want;
};

static const struct has_prefix_case has_prefixes[] = {
	{ "docker.io/litmuschaos/go-runner", "docker.io/litmuschaos", true },
	{ "docker.io/litmuschaos", "docker.io/litmuschaos", true },
	{ "docker.io/litmuschaos/x", "docker.io/litmus", false },
	{ "docker.io/litmuschaosx", "docker.io/litmuschaos", false },
	{ "docker.io/litmuschaos", "docker.io/litmuschaos/go-runner", false },
	{ "ghcr.io/acme/tool", "ghcr.io", true },
	{ "ghcr.io/acme/tool", "ghcr.io/acme", true },
	{ "ghcr.io/acmex/tool", "ghcr.io/acme", false },
	{ "ghcr.io.evil.com/x", "ghcr.io", false },
	{ "Ghcr.io/x", "ghcr.io", false },
	{ "localhost:5000/foo", "localhost", false },
	{ "localhost:5000/foo", "localhost:5000", true },
	{ "docker.io/library/nginx", "docker.io/library", true },
	{ "docker.io/library/nginx", "docker.io", true },
	{ "quay.io/a/b", "docker.io", false },
	{ "reg.acme.io:5000/team/app", "reg.acme.io:5000/team", true },
	{ "reg.acme.io:5000/team/app", "reg.acme.io", false },
};

struct basename_case {
	const char *in;
	const char *want;
};

static const struct basename_case basenames[] = {
	{ "nginx:1.25", "nginx" },
	{ "ghcr.io/a/b/c:1@sha256:" HEX64, "c" },
	{ "localhost/foo", "foo" },
	{ "litmuschaos/litmus-checker:3.0.0", "litmus-checker" },
};

/* Checks the test data's long literals, so that length tests test what they say. */
START_TEST(test_fixtures)
{
	ck_assert_uint_eq(strlen(A247), 247);
	ck_assert_uint_eq(strlen(A255), 255);
	ck_assert_uint_eq(strlen(A256), 256);
	ck_assert_uint_eq(strlen(T128), 128);
	ck_assert_uint_eq(strlen(HEX63), 63);
	ck_assert_uint_eq(strlen(HEX64UP), 64);
	ck_assert_uint_eq(strlen(NOTHEX64), 64);
	ck_assert_uint_eq(strlen(HEX96), 96);
	ck_assert_uint_eq(strlen(HEX128), 128);
}
END_TEST

/* Parses a valid reference, checks every field, and parses the normalised form again. */
START_TEST(test_valid)
{
	const struct valid_case *c = &valid[_i];
	size_t len = c->len ? c->len : strlen(c->in);
	struct ir_ref ref, again;
	char buf[IR_REF_SIZE];
	const char *why = "unset";

	ck_assert_msg(ir_ref_parse(c->in, len, &ref, &why) == 0,
	    "'%s': %s", c->in, why);
	ck_assert_str_eq(ref.domain, c->domain);
	ck_assert_str_eq(ref.path, c->path);
	ck_assert_str_eq(ref.tag, c->tag);
	ck_assert_str_eq(ref.digest, c->digest);
	ck_assert_int_eq(ref.explicit_domain, c->explicit_domain);
	ck_assert_uint_eq(ir_ref_format(&ref, buf, sizeof(buf)),
	    strlen(c->norm));
	ck_assert_str_eq(buf, c->norm);
	ck_assert_int_eq(ir_ref_parse(buf, strlen(buf), &again, &why), 0);
	ck_assert_str_eq(again.domain, ref.domain);
	ck_assert_str_eq(again.path, ref.path);
	ck_assert_str_eq(again.tag, ref.tag);
	ck_assert_str_eq(again.digest, ref.digest);
}
END_TEST

/* Rejects an invalid reference with the expected message. */
START_TEST(test_invalid)
{
	const struct invalid_case *c = &invalid[_i];
	size_t len = c->len ? c->len : strlen(c->in);
	struct ir_ref ref;
	const char *why = NULL;

	ck_assert_msg(ir_ref_parse(c->in, len, &ref, &why) == -1,
	    "'%s' was accepted", c->in);
	ck_assert_ptr_nonnull(why);
	ck_assert_msg(strcmp(why, c->why) == 0, "'%s': got '%s', want '%s'",
	    c->in, why, c->why);
}
END_TEST

/* Normalises a prefix, or rejects it with the expected message. */
START_TEST(test_prefix)
{
	const struct prefix_case *c = &prefixes[_i];
	char buf[IR_REF_NAME_SIZE];
	const char *why = NULL;
	int rv;

	rv = ir_ref_normalize_prefix(c->in, strlen(c->in), buf, sizeof(buf),
	    &why);
	if (c->out != NULL) {
		ck_assert_msg(rv == 0, "'%s': %s", c->in, why);
		ck_assert_str_eq(buf, c->out);
	} else {
		ck_assert_msg(rv == -1, "'%s' was accepted", c->in);
		ck_assert_str_eq(why, c->why);
	}
}
END_TEST

/* Matches a name against a prefix on component boundaries. */
START_TEST(test_has_prefix)
{
	const struct has_prefix_case *c = &has_prefixes[_i];

	ck_assert_msg(ir_ref_has_prefix(c->name, c->prefix) == c->want,
	    "'%s' against '%s'", c->name, c->prefix);
}
END_TEST

/* Finds the last path component. */
START_TEST(test_basename)
{
	const struct basename_case *c = &basenames[_i];
	struct ir_ref ref;
	const char *why;

	ck_assert_int_eq(ir_ref_parse(c->in, strlen(c->in), &ref, &why), 0);
	ck_assert_str_eq(ir_ref_basename(&ref), c->want);
}
END_TEST

/* Truncates output like snprintf and reports the length needed. */
START_TEST(test_format_truncates)
{
	struct ir_ref ref;
	char buf[12];
	const char *why;

	ck_assert_int_eq(ir_ref_parse("nginx:1.25", 10, &ref, &why), 0);
	ck_assert_uint_eq(ir_ref_format(&ref, NULL, 0), 28);
	ck_assert_uint_eq(ir_ref_format(&ref, buf, sizeof(buf)), 28);
	ck_assert_str_eq(buf, "docker.io/l");
	ck_assert_uint_eq(ir_ref_format(&ref, buf, 1), 28);
	ck_assert_str_eq(buf, "");
	ck_assert_uint_eq(ir_ref_format_name(&ref, buf, sizeof(buf)), 23);
	ck_assert_str_eq(buf, "docker.io/l");
}
END_TEST

/* Writes the name without tag and digest. */
START_TEST(test_format_name)
{
	struct ir_ref ref;
	char buf[IR_REF_NAME_SIZE];
	const char *in = "reg.acme.io:5000/team/app:1.0@sha256:" HEX64;
	const char *why;

	ck_assert_int_eq(ir_ref_parse(in, strlen(in), &ref, &why), 0);
	ck_assert_uint_eq(ir_ref_format_name(&ref, buf, sizeof(buf)), 25);
	ck_assert_str_eq(buf, "reg.acme.io:5000/team/app");
}
END_TEST

/* Fails when the prefix does not fit the caller's buffer. */
START_TEST(test_prefix_small_buffer)
{
	char buf[10];
	const char *why = NULL;

	ck_assert_int_eq(ir_ref_normalize_prefix("litmuschaos", 11, buf,
	    sizeof(buf), &why), -1);
	ck_assert_ptr_nonnull(why);
	ck_assert_int_eq(ir_ref_normalize_prefix("ghcr.io", 7, buf,
	    sizeof(buf), &why), 0);
	ck_assert_str_eq(buf, "ghcr.io");
}
END_TEST

/* A reference parses the same whatever the struct held before. */
START_TEST(test_reuse)
{
	struct ir_ref ref;
	const char *why;

	ck_assert_int_eq(ir_ref_parse("a/b:t@sha256:" HEX64, 13 + 64, &ref,
	    &why), 0);
	ck_assert_int_eq(ir_ref_parse("ghcr.io/c", 9, &ref, &why), 0);
	ck_assert_str_eq(ref.tag, "");
	ck_assert_str_eq(ref.digest, "");
	ck_assert_int_eq(ref.explicit_domain, true);
}
END_TEST

Suite *
ref_suite(void)
{
	Suite *s = suite_create("ref");
	TCase *tc = tcase_create("ref");

	tcase_add_test(tc, test_fixtures);
	tcase_add_loop_test(tc, test_valid, 0, NELEM(valid));
	tcase_add_loop_test(tc, test_invalid, 0, NELEM(invalid));
	tcase_add_loop_test(tc, test_prefix, 0, NELEM(prefixes));
	tcase_add_loop_test(tc, test_has_prefix, 0, NELEM(has_prefixes));
	tcase_add_loop_test(tc, test_basename, 0, NELEM(basenames));
	tcase_add_test(tc, test_format_truncates);
	tcase_add_test(tc, test_format_name);
	tcase_add_test(tc, test_prefix_small_buffer);
	tcase_add_test(tc, test_reuse);
	suite_add_tcase(s, tc);
	return s;
}
