#ifndef IMGREG_PULLSECRET_H
#define IMGREG_PULLSECRET_H
#include <stdbool.h>
#include <stddef.h>

#include "imgreg/buf.h"
#include "imgreg/ref.h"
#include "imgreg/settings.h"
#include "imgreg/yaml.h"
/*
 * The pull secret step: the private registry's secret added to every list of pull secrets that
 * Kubernetes, Argo Workflows and LitmusChaos read (locate.h), only where it is missing, in the
 * style of the surrounding YAML; and, on request, KubeSphere's per-container annotation.
 *
 * Ownership: a struct ir_pullsecret borrows its settings and account names;
 * ir_pullsecret_release() frees what processing allocated in it.
 */

/* Where the KubeSphere annotation is written. */
enum ir_kubesphere {
	IR_KUBESPHERE_OFF,	/* never */
	IR_KUBESPHERE_ALSO,	/* on workload objects, besides the lists */
	IR_KUBESPHERE_ONLY,	/* on workload objects, instead of the lists */
};

/* The annotation KubeSphere reads: a JSON map from container name to secret name. */
#define IR_KUBESPHERE_ANNOTATION "kubesphere.io/imagepullsecrets"

struct ir_ps_unit;
struct ir_ps_action;

struct ir_pullsecret {
	const struct ir_settings *settings;	/* borrowed: server, isPrivate, secretName */
	bool all;			/* every object, not only those pulling from the server */
	bool hce;			/* also a list under each Argo template's container */
	enum ir_kubesphere kubesphere;
	char *const *accounts;		/* ServiceAccount names to edit (borrowed) */
	size_t naccounts;
	/* counts, for -v */
	unsigned long added;		/* lists created or appended to */
	unsigned long present;		/* lists or annotations already holding the secret */
	unsigned long annotated;	/* annotations created or merged into */
	unsigned long skipped;		/* objects left alone: they pull nothing from the server */
	/* set by ir_pullsecret_init() */
	bool active;			/* false: nothing is to change (a public registry) */
	char server[IR_REF_NAME_SIZE];	/* the registry server, normalised */
	/* the state of a run */
	struct ir_ps_unit *units;	/* top-level objects and whether they pull */
	size_t nunits, capunits;
	struct ir_ps_action *acts;	/* edits planned for the current document */
	size_t nacts, capacts;
};

/*
 * Prepares ps->server and ps->active from the settings. Returns NULL when there is work to do,
 * or a static sentence saying why nothing changes (a public registry, no secret) for -v.
 */
const char *ir_pullsecret_init(struct ir_pullsecret *ps);
/* Frees what processing allocated in ps (not the borrowed settings). */
void ir_pullsecret_release(struct ir_pullsecret *ps);
/* Adds the secret where it is missing in one document; ctx is a struct ir_pullsecret.
 * Returns 0 or an exit status (IR_EXIT_INPUT, after a message, for a value it cannot edit). */
int ir_pullsecret_doc(struct ir_doc *doc, void *ctx);

/* True when the len bytes at image are an image reference on registry server (normalised
 * host[:port], compared without case). Templates and invalid references pull from nowhere. */
bool ir_pullsecret_pulls_from(const char *image, size_t len, const char *server);
/* True when sequence seq of doc already names secret: an item {name: secret} (or the bare
 * string secret). */
bool ir_pullsecret_listed(const struct ir_doc *doc, ir_id seq, const char *secret);

/*
 * KubeSphere's annotation. ir_kubesphere_new() writes {"a":"S","b":"S"} for the n names.
 * ir_kubesphere_merge() parses the JSON object at json and appends "name":"secret" for each
 * name it lacks, after its last member, in its spacing; *added counts them (out is then the
 * whole new text; with none added out is left empty). Returns 0, or -1 for invalid JSON with
 * *err_off (an offset into json) and *why.
 */
void ir_kubesphere_new(struct ir_buf *out, const char *const *names, size_t n,
    const char *secret);
int ir_kubesphere_merge(struct ir_buf *out, const char *json, size_t len,
    const char *const *names, size_t n, const char *secret, size_t *added, size_t *err_off,
    const char **why);
#endif
