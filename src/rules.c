/* Rewrite rules: custom images, mirrors, then the server/account rule. */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "imgreg/rules.h"

/* Harness component keys and the image names they stand for. */
static const struct {
	const char *key, *image;
} components[] = {
	{ "logWatcher", "chaos-log-watcher" },
	{ "ddcr", "chaos-ddcr" },
	{ "ddcrFault", "chaos-ddcr-faults" },
	{ "ddcrLib", "chaos-ddcr-faults" },
};

const char *
ir_component_image(const char *key, const char *value)
{
	static char own[IR_REF_NAME_SIZE];
	struct ir_ref ref;
	const char *why;
	size_t i;

	/* ddcrLib names the library image faults run: its own reference says which */
	if (strcmp(key, "ddcrLib") == 0 && value &&
	    ir_ref_parse(value, strlen(value), &ref, &why) == 0) {
		snprintf(own, sizeof(own), "%s", ir_ref_basename(&ref));
		return own;
	}
	for (i = 0; i < sizeof(components) / sizeof(components[0]); i++)
		if (strcmp(components[i].key, key) == 0)
			return components[i].image;
	return key;
}

const char *
ir_rule_name(enum ir_rule r)
{
	static const char *const names[] = {
		"custom image", "mirror", "registry", "already under the target", "not selected",
	};

	return names[r];
}

/*
 * Writes the strings given, up to a NULL, one after another into out (size bytes, size > 0)
 * after its first n bytes, cutting them short as snprintf() would; returns the length of out.
 * Every image rewritten builds its reference here: snprintf() cost ten times as much.
 */
static size_t
join(char *out, size_t size, size_t n, ...)
{
	const char *part;
	size_t len;
	va_list ap;

	va_start(ap, n);
	while ((part = va_arg(ap, const char *)) != NULL && n + 1 < size) {
		len = strlen(part);
		if (len > size - 1 - n)
			len = size - 1 - n;
		memcpy(out + n, part, len);
		n += len;
	}
	va_end(ap);
	out[n] = '\0';
	return n;
}

/* Appends ":tag" and "@digest" of ref to out. */
static void
add_suffix(char *out, size_t size, const struct ir_ref *ref)
{
	size_t n = strlen(out);

	if (ref->tag[0])
		n = join(out, size, n, ":", ref->tag, NULL);
	if (ref->digest[0])
		join(out, size, n, "@", ref->digest, NULL);
}

/*
 * True when name is under one of the prefixes. A one-word Docker Hub prefix ("nginx", read as
 * docker.io/nginx) also names the official image docker.io/library/nginx, which is what a
 * user writing --only nginx means.
 */
static bool
under_any(const char *name, const struct ir_list *l)
{
	static const char hub[] = "docker.io/", lib[] = "docker.io/library/";
	size_t i;

	for (i = 0; i < l->n; i++) {
		const char *p = l->items[i];

		if (ir_ref_has_prefix(name, p))
			return true;
		if (strncmp(p, hub, sizeof(hub) - 1) == 0 && !strchr(p + sizeof(hub) - 1, '/') &&
		    strncmp(name, lib, sizeof(lib) - 1) == 0 &&
		    strcmp(name + sizeof(lib) - 1, p + sizeof(hub) - 1) == 0)
			return true;
	}
	return false;
}

/* Finds the custom image for ref: an exact image-name key first, then component keys. */
static const struct ir_pair *
custom_for(const struct ir_settings *s, const struct ir_ref *ref)
{
	const char *base = ir_ref_basename(ref);
	size_t i;

	for (i = 0; i < s->ncustom; i++)
		if (s->custom[i].value && strcmp(s->custom[i].key, base) == 0)
			return &s->custom[i];
	for (i = 0; i < s->ncustom; i++)
		if (s->custom[i].value &&
		    strcmp(ir_component_image(s->custom[i].key, s->custom[i].value), base) == 0)
			return &s->custom[i];
	return NULL;
}

/* True when name is the image name of one of the custom references (a second run). */
static bool
is_custom_target(const struct ir_settings *s, const char *name)
{
	char cname[IR_REF_NAME_SIZE];
	struct ir_ref cref;
	const char *why;
	size_t i;

	for (i = 0; i < s->ncustom; i++) {
		if (s->custom[i].value == NULL ||
		    ir_ref_parse(s->custom[i].value, strlen(s->custom[i].value), &cref, &why) != 0)
			continue;
		ir_ref_format_name(&cref, cname, sizeof(cname));
		if (strcmp(cname, name) == 0)
			return true;
	}
	return false;
}

/*
 * Writes a registry domain as one path component for path mode full: lower case, brackets
 * dropped, ':' and anything else outside [a-z0-9.] as '-' ("localhost:5000" gives
 * "localhost-5000").
 */
static void
domain_component(const char *domain, char *out, size_t size)
{
	size_t n = 0;

	for (; *domain && n + 1 < size; domain++) {
		char c = (char)tolower((unsigned char)*domain);

		if (c == '[' || c == ']' || (n == 0 && !isalnum((unsigned char)c)))
			continue;
		out[n++] = (isalnum((unsigned char)c) || c == '.') ? c : '-';
	}
	while (n > 0 && !isalnum((unsigned char)out[n - 1]))
		n--;
	out[n] = '\0';
}

/* Writes the custom reference, with ref's tag and digest when it gives neither. */
static void
custom_ref(const struct ir_pair *c, const struct ir_ref *ref, char *out, size_t size)
{
	struct ir_ref cref;
	const char *why;

	join(out, size, 0, c->value, NULL);
	if (ir_ref_parse(c->value, strlen(c->value), &cref, &why) == 0 && !cref.tag[0] &&
	    !cref.digest[0])
		add_suffix(out, size, ref);
}

enum ir_rule
ir_rule_apply(const struct ir_settings *s, const struct ir_ref *ref, char *out, size_t size)
{
	char name[IR_REF_NAME_SIZE], target[IR_REF_NAME_SIZE];
	const struct ir_pair *c, *best = NULL;
	const char *why;
	size_t i, blen = 0;

	out[0] = '\0';
	ir_ref_format_name(ref, name, sizeof(name));
	if ((s->only.n && !under_any(name, &s->only)) || under_any(name, &s->exclude))
		return IR_RULE_UNSELECTED;
	if (s->use_custom_images && is_custom_target(s, name))
		return IR_RULE_TARGET;
	if (s->use_custom_images && (c = custom_for(s, ref)) != NULL) {
		custom_ref(c, ref, out, size);
		return IR_RULE_CUSTOM;
	}
	join(target, sizeof(target), 0, s->server, "/", s->account, NULL);
	if (ir_ref_normalize_prefix(target, strlen(target), target, sizeof(target), &why) == 0 &&
	    ir_ref_has_prefix(name, target))
		return IR_RULE_TARGET;
	for (i = 0; i < s->nmirrors; i++)
		if (ir_ref_has_prefix(name, s->mirrors[i].value))
			return IR_RULE_TARGET;
	for (i = 0; i < s->nmirrors; i++)
		if (ir_ref_has_prefix(name, s->mirrors[i].key) &&
		    strlen(s->mirrors[i].key) > blen) {
			best = &s->mirrors[i];
			blen = strlen(best->key);
		}
	if (best) {
		join(out, size, 0, best->value, name + blen, NULL);
		add_suffix(out, size, ref);
		return IR_RULE_MIRROR;
	}
	if (s->path_mode == IR_PATH_LAST)
		join(out, size, 0, s->server, "/", s->account, "/", ir_ref_basename(ref), NULL);
	else if (s->path_mode == IR_PATH_KEEP)
		join(out, size, 0, s->server, "/", s->account, "/", ref->path, NULL);
	else {
		domain_component(ref->domain, target, sizeof(target));
		join(out, size, 0, s->server, "/", s->account, "/", target, "/", ref->path, NULL);
	}
	add_suffix(out, size, ref);
	return IR_RULE_REGISTRY;
}
