/* KubeSphere's pull secret annotation: a JSON map from container name to secret name. */
#include <string.h>

#include "imgreg/buf.h"
#include "imgreg/json.h"
#include "imgreg/pullsecret.h"

/* Appends one "name":"secret" member, with a space after the colon when spaced. */
static void
add_member(struct ir_buf *out, const char *name, const char *secret, bool spaced)
{
	ir_json_write_string(out, name, strlen(name));
	ir_buf_adds(out, spaced ? ": " : ":");
	ir_json_write_string(out, secret, strlen(secret));
}

void
ir_kubesphere_new(struct ir_buf *out, const char *const *names, size_t n, const char *secret)
{
	size_t i;

	ir_buf_addc(out, '{');
	for (i = 0; i < n; i++) {
		if (i)
			ir_buf_addc(out, ',');
		add_member(out, names[i], secret, false);
	}
	ir_buf_addc(out, '}');
}

/* True when names[i] appeared earlier in names (each name is added once). */
static bool
seen_before(const char *const *names, size_t i)
{
	size_t k;

	for (k = 0; k < i; k++)
		if (strcmp(names[k], names[i]) == 0)
			return true;
	return false;
}

int
ir_kubesphere_merge(struct ir_buf *out, const char *json, size_t len,
    const char *const *names, size_t n, const char *secret, size_t *added, size_t *err_off,
    const char **why)
{
	struct ir_json_object obj;
	struct ir_buf add = IR_BUF_INIT;
	size_t i, at, count;
	bool comma_space;

	*added = 0;
	if (ir_json_parse_object(json, len, &obj, err_off, why) != 0)
		return -1;
	count = obj.n;
	/* with no comma to copy, a space after the colon says the text is spaced */
	comma_space = obj.n >= 2 ? obj.comma_space : obj.colon_space;
	for (i = 0; i < n; i++) {
		if (ir_json_object_get(&obj, names[i], strlen(names[i])) ||
		    seen_before(names, i))
			continue;
		if (count++ > 0)
			ir_buf_adds(&add, comma_space ? ", " : ",");
		add_member(&add, names[i], secret, obj.colon_space);
		(*added)++;
	}
	if (*added) {
		at = obj.n ? obj.members[obj.n - 1].end : obj.open + 1;
		ir_buf_add(out, json, at);
		ir_buf_add(out, add.data, add.len);
		ir_buf_add(out, json + at, len - at);
	}
	ir_buf_free(&add);
	ir_json_object_release(&obj);
	return 0;
}
