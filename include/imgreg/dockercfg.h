#ifndef IMGREG_DOCKERCFG_H
#define IMGREG_DOCKERCFG_H
#include <stdbool.h>
#include <stddef.h>

#include "imgreg/buf.h"
/*
 * The registry credential: a Secret of type kubernetes.io/dockerconfigjson, written byte for
 * byte as `kubectl create secret docker-registry NAME --docker-server=S --docker-username=U
 * --docker-password=P [--docker-email=E] [-n NS] --dry-run=client -o yaml` writes it (kubectl
 * 1.32), or wrapping an existing docker config.json as `--from-file=.dockerconfigjson=FILE`
 * does.
 *
 * Ownership: a struct ir_dockercfg borrows every string. The buffers written hold the password
 * (encoded); ir_buf_wipe() clears such a buffer before freeing it. No function here ever puts
 * the password or the auth string into a message.
 */

struct ir_dockercfg {
	const char *name;		/* metadata.name: a DNS-1123 subdomain */
	const char *ns;			/* metadata.namespace: a DNS-1123 label, or NULL */
	const char *server;		/* the key under "auths", as given */
	const char *username;
	const char *password;		/* len bytes, not NUL-terminated necessarily */
	size_t password_len;
	const char *email;		/* NULL or "": left out, as kubectl leaves it out */
	const char *config;		/* a whole config.json to wrap instead, or NULL */
	size_t config_len;
};

/* The Secret's type and data key. */
#define IR_DOCKERCFG_TYPE "kubernetes.io/dockerconfigjson"
#define IR_DOCKERCFG_KEY ".dockerconfigjson"

/* Checks a registry server as docker's config.json keys it: host[:port] (as the settings
 * want it), optionally after "http://" or "https://" and before a path ("/v1/"). Returns
 * NULL or a static reason. */
const char *ir_dockercfg_check_server(const char *server);
/* Checks a username: not empty, no ':' (the auth string "user:password" could not be split).
 * Returns NULL or a static reason. */
const char *ir_dockercfg_check_username(const char *username);
/* Checks a namespace: a DNS-1123 label. Returns NULL or a static reason. */
const char *ir_dockercfg_check_namespace(const char *ns);
/* Checks the text of a docker config.json: one JSON object with an "auths" object. Returns 0,
 * or -1 with *err_off (an offset into text) and *why (static). */
int ir_dockercfg_check_config(const char *text, size_t len, size_t *err_off, const char **why);
/* Returns the length of a password read from a file or standard input without its line end:
 * one trailing "\n", then one "\r", are dropped, as `docker login --password-stdin` does. */
size_t ir_dockercfg_password_len(const char *text, size_t len);
/* Appends the .dockerconfigjson text of c (server, username, password, email) to out, as
 * kubectl's json.Marshal writes it; with c->config, appends that text unchanged. */
void ir_dockercfg_json(struct ir_buf *out, const struct ir_dockercfg *c);
/* Appends the whole Secret manifest of c to out, as kubectl writes it. */
void ir_dockercfg_secret(struct ir_buf *out, const struct ir_dockercfg *c);
/* Overwrites the buffer's memory with zeros, then frees it. */
void ir_buf_wipe(struct ir_buf *b);
#endif
