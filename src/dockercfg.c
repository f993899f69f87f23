/* The registry credential Secret, as kubectl writes it. */
#include <ctype.h>
#include <string.h>

#include "imgreg/base64.h"
#include "imgreg/dockercfg.h"
#include "imgreg/goyaml.h"
#include "imgreg/json.h"
#include "imgreg/jsonw.h"
#include "imgreg/settings.h"

const char *
ir_dockercfg_check_server(const char *server)
{
	const char *p = server, *why;
	char host[300];
	size_t n;

	if (strncmp(p, "https://", 8) == 0)
		p += 8;
	else if (strncmp(p, "http://", 7) == 0)
		p += 7;
	else if (strstr(p, "://"))
		return "the scheme may only be http:// or https://";
	n = strcspn(p, "/");
	if (n >= sizeof(host))
		return "registry server is too long";
	memcpy(host, p, n);
	host[n] = '\0';
	if ((why = ir_check_server(host)) != NULL)
		return why;
	for (p += n; *p; p++)
		if (!isalnum((unsigned char)*p) && !strchr("/._~-", *p))
			return "the path after the server may only hold letters, digits and '/._~-'";
	return NULL;
}

const char *
ir_dockercfg_check_username(const char *username)
{
	if (*username == '\0')
		return "the username must not be empty";
	if (strchr(username, ':'))
		return "the username must not hold ':' (the auth string 'user:password' could not "
		    "be split)";
	return NULL;
}

const char *
ir_dockercfg_check_namespace(const char *ns)
{
	const char *why = ir_check_dns1123(ns);

	if (why == NULL && (strchr(ns, '.') || strlen(ns) > 63))
		why = "must be a DNS-1123 label (at most 63 lowercase letters, digits and '-', "
		    "starting and ending with a letter or digit)";
	return why;
}

int
ir_dockercfg_check_config(const char *text, size_t len, size_t *err_off, const char **why)
{
	const struct ir_json_member *auths;
	struct ir_json_object obj;

	if (ir_json_parse_object(text, len, &obj, err_off, why) != 0)
		return -1;
	auths = ir_json_object_get(&obj, "auths", 5);
	/* the whole text is valid JSON, so a value that ends in '}' is an object */
	if (auths == NULL || text[auths->end - 1] != '}') {
		*err_off = auths ? auths->start : obj.open;
		*why = auths ? "\"auths\" must be an object of registries" :
		    "no \"auths\" object: not a docker config.json";
		ir_json_object_release(&obj);
		return -1;
	}
	ir_json_object_release(&obj);
	return 0;
}

size_t
ir_dockercfg_password_len(const char *text, size_t len)
{
	if (len > 0 && text[len - 1] == '\n')
		len--;
	if (len > 0 && text[len - 1] == '\r')
		len--;
	return len;
}

void
ir_dockercfg_json(struct ir_buf *out, const struct ir_dockercfg *c)
{
	struct ir_buf auth = IR_BUF_INIT, pair = IR_BUF_INIT;
	struct ir_jsonw w;
	size_t ul;

	if (c->config) {
		ir_buf_add(out, c->config, c->config_len);
		return;
	}
	ul = strlen(c->username);
	/* sized once, so that no copy of the secret is left behind by a reallocation */
	ir_buf_grow(&pair, ul + 1 + c->password_len);
	ir_buf_add(&pair, c->username, ul);
	ir_buf_addc(&pair, ':');
	ir_buf_add(&pair, c->password, c->password_len);
	ir_buf_grow(&auth, ir_base64_len(pair.len));
	ir_base64_encode(&auth, pair.data, pair.len);
	ir_jsonw_open(&w, out, IR_JSONW_HTML);
	ir_jsonw_object(&w, "auths");
	ir_jsonw_object(&w, c->server);
	ir_jsonw_str(&w, "username", c->username);
	ir_jsonw_strn(&w, "password", c->password, c->password_len);
	if (c->email && *c->email)
		ir_jsonw_str(&w, "email", c->email);
	ir_jsonw_strn(&w, "auth", auth.data, auth.len);
	ir_jsonw_close(&w);
	ir_jsonw_close(&w);
	ir_jsonw_close(&w);
	ir_buf_wipe(&pair);
	ir_buf_wipe(&auth);
}

/* Returns the size the .dockerconfigjson of c can take at most: room for an escape of every
 * byte, so that no copy of the secret is left behind by a reallocation. */
static size_t
json_room(const struct ir_dockercfg *c)
{
	size_t ul = c->username ? strlen(c->username) : 0;

	if (c->config)
		return c->config_len;
	return 6 * (ul + c->password_len + strlen(c->server) + (c->email ? strlen(c->email) :
	    0)) + ir_base64_len(ul + 1 + c->password_len) + 128;
}

/* Appends "key: value" at indent, the value quoted as go-yaml v2 would quote it. */
static void
yaml_pair(struct ir_buf *out, int indent, const char *key, const char *value)
{
	const char *q = ir_goyaml_quotes(value) ? "\"" : "";

	ir_buf_addf(out, "%*s%s: %s%s%s\n", indent, "", key, q, value, q);
}

void
ir_dockercfg_secret(struct ir_buf *out, const struct ir_dockercfg *c)
{
	struct ir_buf json = IR_BUF_INIT, b64 = IR_BUF_INIT;

	ir_buf_grow(&json, json_room(c));
	ir_dockercfg_json(&json, c);
	ir_buf_grow(&b64, ir_base64_len(json.len));
	ir_base64_encode(&b64, json.data, json.len);
	ir_buf_grow(out, b64.len + 256);
	ir_buf_adds(out, "apiVersion: v1\ndata:\n");
	yaml_pair(out, 2, IR_DOCKERCFG_KEY, b64.data);
	ir_buf_adds(out, "kind: Secret\nmetadata:\n  creationTimestamp: null\n");
	yaml_pair(out, 2, "name", c->name);
	if (c->ns)
		yaml_pair(out, 2, "namespace", c->ns);
	yaml_pair(out, 0, "type", IR_DOCKERCFG_TYPE);
	ir_buf_wipe(&json);
	ir_buf_wipe(&b64);
}

void
ir_buf_wipe(struct ir_buf *b)
{
	if (b->data)
		explicit_bzero(b->data, b->cap);
	ir_buf_free(b);
}
