/*
 * Fuzzing the image reference parser. Properties: no crash, over-read or undefined
 * behaviour on any bytes (the input is not NUL-terminated); a parsed reference formats into
 * the documented buffer sizes and its normalised form parses back to the same reference; a
 * normalised prefix normalises to itself.
 */
#include "fuzz.h"
#include "imgreg/ref.h"

/* True when two parsed references name the same image. */
static int
same_ref(const struct ir_ref *a, const struct ir_ref *b)
{
	return strcmp(a->domain, b->domain) == 0 && strcmp(a->path, b->path) == 0 &&
	    strcmp(a->tag, b->tag) == 0 && strcmp(a->digest, b->digest) == 0;
}

/* Checks the properties of a reference that parsed. */
static void
check_parsed(const struct ir_ref *ref)
{
	char full[IR_REF_SIZE], name[IR_REF_NAME_SIZE];
	struct ir_ref again;
	const char *why;
	size_t n;

	if ((n = ir_ref_format(ref, full, sizeof(full))) >= sizeof(full))
		ir_fuzz_fail("ir_ref_format needs more than IR_REF_SIZE");
	if (ir_ref_parse(full, n, &again, &why) != 0 || !same_ref(ref, &again))
		ir_fuzz_fail("the normalised reference does not parse back to itself");
	if ((n = ir_ref_format_name(ref, name, sizeof(name))) >= sizeof(name))
		ir_fuzz_fail("ir_ref_format_name needs more than IR_REF_NAME_SIZE");
	if (!ir_ref_has_prefix(name, name))
		ir_fuzz_fail("a name is not under itself");
	if (strchr(ir_ref_basename(ref), '/'))
		ir_fuzz_fail("a basename holds '/'");
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char norm[IR_REF_NAME_SIZE], again[IR_REF_NAME_SIZE];
	struct ir_ref ref;
	const char *why;

	if (ir_ref_parse((const char *)data, size, &ref, &why) == 0)
		check_parsed(&ref);
	else if (why == NULL || *why == '\0')
		ir_fuzz_fail("a rejected reference has no reason");
	if (ir_ref_normalize_prefix((const char *)data, size, norm, sizeof(norm), &why) == 0) {
		if (ir_ref_normalize_prefix(norm, strlen(norm), again, sizeof(again), &why) != 0 ||
		    strcmp(norm, again) != 0)
			ir_fuzz_fail("a normalised prefix does not normalise to itself");
	}
	return 0;
}
