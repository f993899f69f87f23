#ifndef IMGREG_REF_H
#define IMGREG_REF_H
#include <stdbool.h>
#include <stddef.h>
/*
 * Container image references, parsed by the grammar of distribution/reference (the library
 * docker, containerd and Kubernetes use) and normalised the way docker does.
 *
 * Ownership: nothing here allocates. A struct ir_ref holds copies of its strings; output
 * buffers belong to the caller; every *why message is a static string, never freed.
 */

/* A parsed container image reference. All strings are NUL-terminated copies held in the struct
 * itself: no allocation, nothing to free. */
struct ir_ref {
	char domain[256];	/* registry host[:port], "docker.io" when the reference names none;
				 * "index.docker.io" normalises to "docker.io" */
	char path[256];		/* repository path; "library/" is prepended to a single-component
				 * docker.io path */
	char tag[129];		/* "" when absent */
	char digest[200];	/* "algorithm:hex", "" when absent */
	bool explicit_domain;	/* the reference wrote its domain */
};

/* Buffer sizes that always suffice for ir_ref_format_name() and ir_ref_normalize_prefix()
 * (domain "/" path NUL), and for ir_ref_format() (with ":" tag "@" digest). */
#define IR_REF_NAME_SIZE	(255 + 1 + 255 + 1)
#define IR_REF_SIZE		(IR_REF_NAME_SIZE + 1 + 128 + 1 + 199)

/* Parses the len bytes at s (not NUL-terminated necessarily). Returns 0, or -1 and sets *why to a
 * static lower-case message without full stop such as "repository name must be lowercase",
 * "invalid digest length", "invalid tag", "invalid reference format", "invalid domain",
 * "repository name must not be more than 255 characters", "empty reference". On error the
 * contents of *ref are unspecified. */
int ir_ref_parse(const char *s, size_t len, struct ir_ref *ref, const char **why);
/* Writes domain/path[:tag][@digest] (the normalised form) into buf of size bytes, NUL-terminated;
 * returns the length it needs (like snprintf). buf may be NULL when size is 0. */
size_t ir_ref_format(const struct ir_ref *ref, char *buf, size_t size);
/* Writes domain/path without tag and digest (the normalised name); same return as above. */
size_t ir_ref_format_name(const struct ir_ref *ref, char *buf, size_t size);
/* Returns the last path component of ref->path (a pointer into ref->path). */
const char *ir_ref_basename(const struct ir_ref *ref);
/* Parses a name prefix such as "docker.io/litmuschaos", "litmuschaos", "ghcr.io" or
 * "reg.acme.io:5000/team" (no tag or digest allowed) and writes its normalised form into buf
 * of size bytes (IR_REF_NAME_SIZE always suffices). A first component that is a domain (holds
 * '.' or ':', is "localhost", or holds uppercase) stays as written, except that
 * "index.docker.io" becomes "docker.io"; a bare domain stays a bare domain ("ghcr.io");
 * otherwise "docker.io/" goes in front ("litmuschaos" gives "docker.io/litmuschaos").
 * "library/" is never added. Returns 0, or -1 with *why (buf is then unspecified). */
int ir_ref_normalize_prefix(const char *s, size_t len, char *buf, size_t size, const char **why);
/* True when name (a normalised "domain/path") equals prefix or starts with prefix followed by '/'.
 * A prefix that is a bare domain ("ghcr.io") matches every name on that domain. */
bool ir_ref_has_prefix(const char *name, const char *prefix);
#endif
