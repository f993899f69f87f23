/*
 * Container image references after the grammar of distribution/reference:
 *
 *	reference	name [":" tag] ["@" digest]
 *	name		[domain "/"] component ("/" component)*
 *	domain		host [":" port], host a dotted name, IPv4 or "[" IPv6 "]"
 *	component	[a-z0-9]+ (("." | "_" | "__" | "-"+) [a-z0-9]+)*
 *	tag		[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}
 *	digest		algorithm ":" encoded
 *
 * The first of several components is a domain only when it holds '.' or ':', is "localhost"
 * or holds an uppercase letter; otherwise the domain is docker.io. Each part is checked by
 * one scan of its bytes, with no allocation and no regular expressions.
 */
#include <stdbool.h>
#include <stddef.h>
#include <string.h>

#include "imgreg/ref.h"

#define DEFAULT_DOMAIN	"docker.io"
#define LEGACY_DOMAIN	"index.docker.io"
#define OFFICIAL_PREFIX	"library/"
#define DOMAIN_MAX	255
#define PATH_MAX_LEN	255
#define TAG_MAX		128

static bool
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool
is_upper(char c)
{
	return c >= 'A' && c <= 'Z';
}

static bool
is_lower_alnum(char c)
{
	return (c >= 'a' && c <= 'z') || is_digit(c);
}

static bool
is_alnum(char c)
{
	return is_lower_alnum(c) || is_upper(c);
}

static bool
is_lower_hex(char c)
{
	return is_digit(c) || (c >= 'a' && c <= 'f');
}

static bool
is_word(char c)
{
	return is_alnum(c) || c == '_';
}

/* Stores msg in *why and returns -1. */
static int
fail(const char **why, const char *msg)
{
	if (why != NULL)
		*why = msg;
	return -1;
}

/* Tells whether the first of several name components names a registry. */
static bool
looks_like_domain(const char *s, size_t n)
{
	size_t i;

	if (n == sizeof("localhost") - 1 && memcmp(s, "localhost", n) == 0)
		return true;
	for (i = 0; i < n; i++)
		if (s[i] == '.' || s[i] == ':' || is_upper(s[i]))
			return true;
	return false;
}

/* Returns the length of the dotted host name that s starts with, 0 when there is none. */
static size_t
scan_host_name(const char *s, size_t n)
{
	size_t i = 0, label;

	for (;;) {
		label = i;
		while (i < n && (is_alnum(s[i]) || s[i] == '-'))
			i++;
		if (i == label || s[label] == '-' || s[i - 1] == '-')
			return 0;
		if (i == n || s[i] != '.')
			return i;
		i++;
	}
}

/* Returns the length of the bracketed IPv6 address that s starts with, 0 when there is none. */
static size_t
scan_ipv6(const char *s, size_t n)
{
	size_t i = 1;
	char c;

	if (n == 0 || s[0] != '[')
		return 0;
	while (i < n && (c = s[i], is_digit(c) || c == ':' ||
	    (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')))
		i++;
	if (i == 1 || i == n || s[i] != ']')
		return 0;
	return i + 1;
}

/* Checks that the n bytes at s are host[:port] and copies them, normalised, into out. */
static int
parse_domain(const char *s, size_t n, char *out, const char **why)
{
	size_t i, port;

	i = n > 0 && s[0] == '[' ? scan_ipv6(s, n) : scan_host_name(s, n);
	if (i == 0)
		return fail(why, "invalid domain");
	if (i < n) {
		if (s[i] != ':')
			return fail(why, "invalid domain");
		port = ++i;
		while (i < n && is_digit(s[i]))
			i++;
		if (i == port || i < n)
			return fail(why, "invalid domain");
	}
	if (n > DOMAIN_MAX)
		return fail(why, "domain must not be more than 255 characters");
	if (n == sizeof(LEGACY_DOMAIN) - 1 && memcmp(s, LEGACY_DOMAIN, n) == 0) {
		s = DEFAULT_DOMAIN;
		n = sizeof(DEFAULT_DOMAIN) - 1;
	}
	memcpy(out, s, n);
	out[n] = '\0';
	return 0;
}

/*
 * Scans path components from s up to n bytes or a ':'; returns their length, or 0 when they
 * break the grammar. Uppercase letters pass but set *upper; several components set *slash.
 */
static size_t
scan_path(const char *s, size_t n, bool *upper, bool *slash)
{
	size_t i = 0, run;

	*upper = *slash = false;
	for (;;) {
		for (run = i; i < n && is_alnum(s[i]); i++)
			if (is_upper(s[i]))
				*upper = true;
		if (i == run)
			return 0;
		if (i == n || s[i] == ':')
			return i;
		switch (s[i]) {
		case '/':
			*slash = true;
			/* FALLTHROUGH */
		case '.':
			i++;
			break;
		case '_':
			i += i + 1 < n && s[i + 1] == '_' ? 2 : 1;
			break;
		case '-':
			while (i < n && s[i] == '-')
				i++;
			break;
		default:
			return 0;
		}
	}
}

/* Checks the n bytes at s against the tag grammar and copies them into out. */
static int
parse_tag(const char *s, size_t n, char *out, const char **why)
{
	size_t i;

	if (n == 0 || !is_word(s[0]))
		return fail(why, "invalid tag");
	for (i = 1; i < n; i++)
		if (!is_word(s[i]) && s[i] != '.' && s[i] != '-')
			return fail(why, "invalid tag");
	if (n > TAG_MAX)
		return fail(why, "tag must not be more than 128 characters");
	memcpy(out, s, n);
	out[n] = '\0';
	return 0;
}

/* Tells whether s is a digest algorithm: [a-z0-9]+ ([+._-][a-z0-9]+)*. */
static bool
valid_algorithm(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (is_lower_alnum(s[i]))
			continue;
		if ((s[i] != '+' && s[i] != '.' && s[i] != '_' && s[i] != '-') ||
		    i == 0 || i + 1 == n || !is_lower_alnum(s[i + 1]))
			return false;
	}
	return n > 0;
}

/* Tells whether s is an encoded digest value: [a-zA-Z0-9=_-]+. */
static bool
valid_encoded(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!is_alnum(s[i]) && s[i] != '=' && s[i] != '_' && s[i] != '-')
			return false;
	return n > 0;
}

/* Returns the number of hex digits a supported algorithm's digest has, 0 for others. */
static size_t
digest_hex_len(const char *alg, size_t n)
{
	if (n != 6 || memcmp(alg, "sha", 3) != 0)
		return 0;
	if (memcmp(alg + 3, "256", 3) == 0)
		return 64;
	if (memcmp(alg + 3, "384", 3) == 0)
		return 96;
	if (memcmp(alg + 3, "512", 3) == 0)
		return 128;
	return 0;
}

/* Checks the n bytes at s as a digest of a supported algorithm and copies them into out. */
static int
parse_digest(const char *s, size_t n, char *out, const char **why)
{
	const char *colon, *enc;
	size_t alen, elen, want, i;

	colon = memchr(s, ':', n);
	if (colon == NULL || colon == s || colon + 1 == s + n)
		return fail(why, "invalid digest format");
	alen = (size_t)(colon - s);
	enc = colon + 1;
	elen = n - alen - 1;
	if ((want = digest_hex_len(s, alen)) == 0) {
		if (!valid_algorithm(s, alen) || !valid_encoded(enc, elen))
			return fail(why, "invalid digest format");
		return fail(why, "unsupported digest algorithm");
	}
	if (elen != want)
		return fail(why, "invalid digest length");
	for (i = 0; i < elen; i++)
		if (!is_lower_hex(enc[i]))
			return fail(why, "invalid digest format");
	memcpy(out, s, n);
	out[n] = '\0';
	return 0;
}

/* Parses path[:tag] from the n bytes at s into ref, whose domain is already set. */
static int
parse_remote(const char *s, size_t n, struct ir_ref *ref, const char **why)
{
	size_t plen, off = 0;
	bool upper, slash;

	if ((plen = scan_path(s, n, &upper, &slash)) == 0)
		return fail(why, "invalid reference format");
	if (upper)
		return fail(why, "repository name must be lowercase");
	if (!slash && strcmp(ref->domain, DEFAULT_DOMAIN) == 0)
		off = sizeof(OFFICIAL_PREFIX) - 1;
	if (off + plen > PATH_MAX_LEN)
		return fail(why,
		    "repository name must not be more than 255 characters");
	memcpy(ref->path, OFFICIAL_PREFIX, off);
	memcpy(ref->path + off, s, plen);
	ref->path[off + plen] = '\0';
	if (plen < n)
		return parse_tag(s + plen + 1, n - plen - 1, ref->tag, why);
	return 0;
}

/* Tells whether the len bytes at s are a bare 64-digit hex image identifier. */
static bool
is_identifier(const char *s, size_t len)
{
	size_t i;

	if (len != 64)
		return false;
	for (i = 0; i < len; i++)
		if (!is_lower_hex(s[i]))
			return false;
	return true;
}

/* Parses a whole reference: domain, path, tag and digest, in that order. */
int
ir_ref_parse(const char *s, size_t len, struct ir_ref *ref, const char **why)
{
	const char *at, *end, *slash, *p = s;

	if (len == 0)
		return fail(why, "empty reference");
	if (is_identifier(s, len))
		return fail(why, "repository name must not be a 64-character "
		    "hexadecimal string");
	ref->tag[0] = ref->digest[0] = '\0';
	at = memchr(s, '@', len);
	end = at != NULL ? at : s + len;
	slash = memchr(s, '/', (size_t)(end - s));
	ref->explicit_domain = slash != NULL &&
	    looks_like_domain(s, (size_t)(slash - s));
	if (ref->explicit_domain) {
		if (parse_domain(s, (size_t)(slash - s), ref->domain, why) == -1) {
			if (slash > s && slash[-1] == ':' && slash + 1 < end &&
			    slash[1] == '/')
				return fail(why, "reference must not have a scheme");
			return -1;
		}
		p = slash + 1;
	} else
		memcpy(ref->domain, DEFAULT_DOMAIN, sizeof(DEFAULT_DOMAIN));
	if (parse_remote(p, (size_t)(end - p), ref, why) == -1)
		return -1;
	if (at != NULL)
		return parse_digest(at + 1, (size_t)(s + len - at - 1),
		    ref->digest, why);
	return 0;
}

/* Appends n bytes of s to buf at *off as far as size allows; *off counts every byte. */
static void
put(char *buf, size_t size, size_t *off, const char *s, size_t n)
{
	size_t room;

	if (*off + 1 < size) {
		room = size - 1 - *off;
		memcpy(buf + *off, s, n < room ? n : room);
	}
	*off += n;
}

/* NUL-terminates what put() wrote and returns the length needed. */
static size_t
finish(char *buf, size_t size, size_t off)
{
	if (size > 0)
		buf[off < size ? off : size - 1] = '\0';
	return off;
}

/* Writes domain "/" path into buf. */
size_t
ir_ref_format_name(const struct ir_ref *ref, char *buf, size_t size)
{
	size_t off = 0;

	put(buf, size, &off, ref->domain, strlen(ref->domain));
	put(buf, size, &off, "/", 1);
	put(buf, size, &off, ref->path, strlen(ref->path));
	return finish(buf, size, off);
}

/* Writes the name, then ":" tag and "@" digest where present, into buf. */
size_t
ir_ref_format(const struct ir_ref *ref, char *buf, size_t size)
{
	size_t off;

	off = ir_ref_format_name(ref, buf, size);
	if (ref->tag[0] != '\0') {
		put(buf, size, &off, ":", 1);
		put(buf, size, &off, ref->tag, strlen(ref->tag));
	}
	if (ref->digest[0] != '\0') {
		put(buf, size, &off, "@", 1);
		put(buf, size, &off, ref->digest, strlen(ref->digest));
	}
	return finish(buf, size, off);
}

const char *
ir_ref_basename(const struct ir_ref *ref)
{
	const char *p = strrchr(ref->path, '/');

	return p != NULL ? p + 1 : ref->path;
}

/* Checks the path part of a name prefix: components only, lowercase, not too long. */
static int
check_prefix_path(const char *s, size_t n, const char **why)
{
	size_t plen;
	bool upper, slash;

	if ((plen = scan_path(s, n, &upper, &slash)) == 0)
		return fail(why, "invalid reference format");
	if (plen < n)
		return fail(why, "prefix must not have a tag or digest");
	if (upper)
		return fail(why, "repository name must be lowercase");
	if (plen > PATH_MAX_LEN)
		return fail(why,
		    "repository name must not be more than 255 characters");
	return 0;
}

/* Normalises a name prefix: an optional domain, then optional path components. */
int
ir_ref_normalize_prefix(const char *s, size_t len, char *buf, size_t size,
    const char **why)
{
	char domain[DOMAIN_MAX + 1];
	const char *slash, *p = s;
	size_t n, off = 0;

	if (len == 0)
		return fail(why, "empty prefix");
	if (memchr(s, '@', len) != NULL)
		return fail(why, "prefix must not have a tag or digest");
	slash = memchr(s, '/', len);
	n = slash != NULL ? (size_t)(slash - s) : len;
	if (looks_like_domain(s, n)) {
		if (parse_domain(s, n, domain, why) == -1)
			return -1;
		p = slash != NULL ? slash + 1 : s + len;
		if (slash != NULL && p == s + len)
			return fail(why, "invalid reference format");
	} else
		memcpy(domain, DEFAULT_DOMAIN, sizeof(DEFAULT_DOMAIN));
	n = (size_t)(s + len - p);
	if (n > 0 && check_prefix_path(p, n, why) == -1)
		return -1;
	put(buf, size, &off, domain, strlen(domain));
	if (n > 0) {
		put(buf, size, &off, "/", 1);
		put(buf, size, &off, p, n);
	}
	if (finish(buf, size, off) >= size)
		return fail(why, "prefix too long for its buffer");
	return 0;
}

bool
ir_ref_has_prefix(const char *name, const char *prefix)
{
	size_t n = strlen(prefix);

	return strncmp(name, prefix, n) == 0 &&
	    (name[n] == '\0' || name[n] == '/');
}
