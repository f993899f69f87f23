/* Checking server, account, secret names and custom images of effective settings. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "imgreg/exit.h"
#include "imgreg/msg.h"
#include "imgreg/ref.h"
#include "imgreg/settings.h"

const char *
ir_check_server(const char *server)
{
	const char *why, *colon;
	struct ir_ref ref;
	char buf[600];
	int n;

	if (*server == '\0')
		return "registry server must not be empty";
	if (strstr(server, "://"))
		return "registry server must not have a scheme";
	if (strchr(server, '/'))
		return "registry server must not have a path";
	if ((colon = strrchr(server, ':')) != NULL && colon > strrchr(server, ']') &&
	    (strspn(colon + 1, "0123456789") != strlen(colon + 1) || strlen(colon + 1) > 5 ||
	    atol(colon + 1) > 65535 || colon[1] == '\0'))
		return "registry server port must be a number";
	/* a server is what a reference's first component must be to be read as a registry */
	n = snprintf(buf, sizeof(buf), "%s/x", server);
	if (n < 0 || (size_t)n >= sizeof(buf) || ir_ref_parse(buf, (size_t)n, &ref, &why) != 0 ||
	    server[strlen(server) - 1] == '.')
		return "registry server must be host[:port]";
	if (!ref.explicit_domain)
		return "registry server must hold a '.' or a ':port', or be localhost, or images "
		    "would be read as docker.io paths";
	return NULL;
}

const char *
ir_check_account(const char *account)
{
	struct ir_ref ref;
	char buf[600];
	const char *why;
	int n;

	if (*account == '\0')
		return "registry account must not be empty";
	n = snprintf(buf, sizeof(buf), "example.invalid/%s", account);
	if (n < 0 || (size_t)n >= sizeof(buf) || strchr(account, ':') || strchr(account, '@') ||
	    ir_ref_parse(buf, (size_t)n, &ref, &why) != 0 || strcmp(ref.path, account) != 0)
		return "registry account must be a repository path (lowercase components separated "
		    "by '/')";
	return NULL;
}

const char *
ir_check_dns1123(const char *name)
{
	size_t len = strlen(name), label = 0, i;

	if (len == 0 || len > 253)
		return "must be 1 to 253 characters";
	for (i = 0; i < len; i++) {
		char c = name[i];

		if (c == '.') {
			if (label == 0 || name[i - 1] == '-')
				return "must be a DNS-1123 subdomain (lowercase letters, digits, '-' and "
				    "'.', starting and ending with a letter or digit)";
			label = 0;
			continue;
		}
		if (!(islower((unsigned char)c) || isdigit((unsigned char)c) || c == '-') ||
		    (label == 0 && c == '-') || ++label > 63)
			return "must be a DNS-1123 subdomain (lowercase letters, digits, '-' and '.', "
			    "starting and ending with a letter or digit)";
	}
	return name[len - 1] == '-' || name[len - 1] == '.' ? "must be a DNS-1123 subdomain (lowercase letters, digits, "
	    "'-' and '.', starting and ending with a letter or digit)" : NULL;
}

/* Prints a settings error at the place field f was set. */
static void
field_error(const struct ir_origin *o, const char *fmt, const char *a, const char *b)
{
	ir_msg(IR_MSG_ERROR, o->file, o->file ? o->line : 0, o->col, fmt, a, b);
}

int
ir_settings_validate(const struct ir_settings *s)
{
	const struct ir_origin *o = s->origin;
	struct ir_ref ref;
	const char *why;
	int rc = 0;
	size_t i;

	if ((why = ir_check_server(s->server ? s->server : "")) != NULL) {
		field_error(&o[0], "invalid registry server '%s': %s", s->server, why);
		rc = IR_EXIT_USAGE;
	}
	if ((why = ir_check_account(s->account ? s->account : "")) != NULL) {
		field_error(&o[1], "invalid registry account '%s': %s", s->account, why);
		rc = IR_EXIT_USAGE;
	}
	if (s->is_private && (s->secret_name == NULL || *s->secret_name == '\0')) {
		field_error(&o[2], "%s%s", "a private registry needs a secret name (secretName)", "");
		rc = IR_EXIT_USAGE;
	}
	if (s->secret_name && (why = ir_check_dns1123(s->secret_name)) != NULL) {
		field_error(&o[3], "invalid secret name '%s': %s", s->secret_name, why);
		rc = IR_EXIT_USAGE;
	}
	for (i = 0; i < s->ncustom; i++)
		if (ir_ref_parse(s->custom[i].value, strlen(s->custom[i].value), &ref, &why) != 0) {
			field_error(&s->custom[i].at, "invalid image reference '%s': %s",
			    s->custom[i].value, why);
			rc = IR_EXIT_USAGE;
		}
	return rc;
}
