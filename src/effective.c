/* Effective settings: presets, applying a scope document, validation, copies. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "imgreg/buf.h"
#include "imgreg/exit.h"
#include "imgreg/msg.h"
#include "imgreg/ref.h"
#include "imgreg/settings.h"

/* Replaces the string *dst with a copy of src (NULL allowed). */
static void
set_str(char **dst, const char *src)
{
	free(*dst);
	*dst = src ? ir_xstrndup(src, strlen(src)) : NULL;
}

/* Frees a list of strings. */
static void
list_free(struct ir_list *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		free(l->items[i]);
	free(l->items);
	l->items = NULL;
	l->n = 0;
}

/* Copies a list of strings. */
static void
list_copy(struct ir_list *dst, const struct ir_list *src)
{
	size_t i;

	list_free(dst);
	dst->items = ir_xcalloc(src->n + 1, sizeof(*dst->items));
	for (i = 0; i < src->n; i++)
		dst->items[i] = ir_xstrndup(src->items[i], strlen(src->items[i]));
	dst->n = src->n;
}

/* Frees an array of pairs. */
static void
pairs_free(struct ir_pair **p, size_t *n)
{
	size_t i;

	for (i = 0; i < *n; i++) {
		free((*p)[i].key);
		free((*p)[i].value);
	}
	free(*p);
	*p = NULL;
	*n = 0;
}

/* Sets key to value in an array of pairs (value NULL removes it). */
static void
pairs_set(struct ir_pair **p, size_t *n, const struct ir_pair *src)
{
	size_t i;

	for (i = 0; i < *n; i++)
		if (strcmp((*p)[i].key, src->key) == 0)
			break;
	if (i == *n && src->value == NULL)
		return;
	if (src->value == NULL) {
		free((*p)[i].key);
		free((*p)[i].value);
		memmove(&(*p)[i], &(*p)[i + 1], (*n - i - 1) * sizeof(**p));
		(*n)--;
		return;
	}
	if (i == *n) {
		*p = ir_xrealloc(*p, (*n + 1) * sizeof(**p));
		(*p)[i].key = ir_xstrndup(src->key, strlen(src->key));
		(*p)[i].value = NULL;
		(*n)++;
	}
	set_str(&(*p)[i].value, src->value);
	(*p)[i].at = src->at;
}

/* Copies an array of pairs. */
static void
pairs_copy(struct ir_pair **dst, size_t *ndst, const struct ir_pair *src, size_t n)
{
	size_t i;

	pairs_free(dst, ndst);
	for (i = 0; i < n; i++)
		pairs_set(dst, ndst, &src[i]);
}

/* Frees the entry point table. */
static void
entries_free(struct ir_settings *s)
{
	size_t i;

	for (i = 0; i < s->nentrypoints; i++) {
		free(s->entrypoints[i].image);
		free(s->entrypoints[i].tag_pattern);
		list_free(&s->entrypoints[i].argv);
	}
	free(s->entrypoints);
	s->entrypoints = NULL;
	s->nentrypoints = 0;
}

/* Copies the entry point table. */
static void
entries_copy(struct ir_settings *dst, const struct ir_settings *src)
{
	size_t i;

	entries_free(dst);
	dst->entrypoints = ir_xcalloc(src->nentrypoints + 1, sizeof(*dst->entrypoints));
	for (i = 0; i < src->nentrypoints; i++) {
		struct ir_entry *d = &dst->entrypoints[i];
		const struct ir_entry *e = &src->entrypoints[i];

		set_str(&d->image, e->image);
		set_str(&d->tag_pattern, e->tag_pattern);
		list_copy(&d->argv, &e->argv);
		d->at = e->at;
	}
	dst->nentrypoints = src->nentrypoints;
}

void
ir_settings_release(struct ir_settings *s)
{
	free(s->server);
	free(s->account);
	free(s->secret_name);
	free(s->secret_namespace);
	free(s->account_id);
	free(s->org_id);
	free(s->project_id);
	free(s->infra_id);
	free(s->name);
	pairs_free(&s->custom, &s->ncustom);
	pairs_free(&s->mirrors, &s->nmirrors);
	list_free(&s->only);
	list_free(&s->exclude);
	entries_free(s);
	memset(s, 0, sizeof(*s));
}

void
ir_settings_copy(struct ir_settings *dst, const struct ir_settings *src)
{
	struct ir_settings tmp = *src;

	memset(dst, 0, sizeof(*dst));
	*dst = tmp;
	dst->server = dst->account = dst->secret_name = dst->secret_namespace = NULL;
	dst->account_id = dst->org_id = dst->project_id = dst->infra_id = dst->name = NULL;
	dst->custom = dst->mirrors = NULL;
	dst->ncustom = dst->nmirrors = 0;
	memset(&dst->only, 0, sizeof(dst->only));
	memset(&dst->exclude, 0, sizeof(dst->exclude));
	dst->entrypoints = NULL;
	dst->nentrypoints = 0;
	set_str(&dst->server, src->server);
	set_str(&dst->account, src->account);
	set_str(&dst->secret_name, src->secret_name);
	set_str(&dst->secret_namespace, src->secret_namespace);
	set_str(&dst->account_id, src->account_id);
	set_str(&dst->org_id, src->org_id);
	set_str(&dst->project_id, src->project_id);
	set_str(&dst->infra_id, src->infra_id);
	set_str(&dst->name, src->name);
	pairs_copy(&dst->custom, &dst->ncustom, src->custom, src->ncustom);
	pairs_copy(&dst->mirrors, &dst->nmirrors, src->mirrors, src->nmirrors);
	list_copy(&dst->only, &src->only);
	list_copy(&dst->exclude, &src->exclude);
	entries_copy(dst, src);
}

/* Sets the registry fields that "use default values" resets. */
static void
preset_registry(struct ir_settings *s, enum ir_preset preset)
{
	set_str(&s->server, "docker.io");
	set_str(&s->account, preset == IR_PRESET_LITMUS ? "litmuschaos" : "chaosnative");
	s->is_private = false;
	set_str(&s->secret_name, NULL);
	s->use_custom_images = false;
	pairs_free(&s->custom, &s->ncustom);
}

void
ir_settings_preset(struct ir_settings *s, enum ir_preset preset)
{
	memset(s, 0, sizeof(*s));
	preset_registry(s, preset);
	s->override_allowed = true;
	s->path_mode = IR_PATH_LAST;
}

void
ir_settings_apply(struct ir_settings *eff, const struct ir_settings *doc,
    enum ir_preset preset)
{
	size_t i;
	int f;

	if ((doc->set & IR_F_DEFAULT) && doc->is_default)
		preset_registry(eff, preset);
	if (doc->set & IR_F_SERVER)
		set_str(&eff->server, doc->server);
	if (doc->set & IR_F_ACCOUNT)
		set_str(&eff->account, doc->account);
	if (doc->set & IR_F_PRIVATE)
		eff->is_private = doc->is_private;
	if (doc->set & IR_F_SECRET)
		set_str(&eff->secret_name, doc->secret_name);
	if (doc->set & IR_F_SECRET_NS)
		set_str(&eff->secret_namespace, doc->secret_namespace);
	if (doc->set & IR_F_DEFAULT)
		eff->is_default = doc->is_default;
	if (doc->set & IR_F_OVERRIDE)
		eff->override_allowed = doc->override_allowed;
	if (doc->set & IR_F_USE_CUSTOM)
		eff->use_custom_images = doc->use_custom_images;
	if (doc->set & IR_F_INTERNAL)
		eff->internal = doc->internal;
	if (doc->set & IR_F_PATH_MODE)
		eff->path_mode = doc->path_mode;
	for (i = 0; i < doc->ncustom; i++)
		pairs_set(&eff->custom, &eff->ncustom, &doc->custom[i]);
	if (doc->set & IR_F_MIRRORS)
		pairs_copy(&eff->mirrors, &eff->nmirrors, doc->mirrors, doc->nmirrors);
	if (doc->set & IR_F_ONLY)
		list_copy(&eff->only, &doc->only);
	if (doc->set & IR_F_EXCLUDE)
		list_copy(&eff->exclude, &doc->exclude);
	if (doc->set & IR_F_ENTRYPOINTS)
		entries_copy(eff, doc);
	for (f = 0; f < IR_F_COUNT; f++)
		if (doc->set & (1u << f))
			eff->origin[f] = doc->origin[f];
	eff->set |= doc->set;
}
