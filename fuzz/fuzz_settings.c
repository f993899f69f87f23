/*
 * Fuzzing the settings loader (ir_settings_read) and what follows it in every filter: each
 * document applied onto a preset and validated, and the merge of all of them for a target.
 * Properties: no crash, leak, hang or undefined behaviour whatever the file holds.
 */
#include "fuzz.h"
#include "imgreg/merge.h"
#include "imgreg/settings.h"

/* Applies each document alone onto the preset and validates the result. */
static void
apply_each(const struct ir_settings *docs, size_t n)
{
	struct ir_settings eff;
	size_t i;

	for (i = 0; i < n; i++) {
		ir_settings_preset(&eff, IR_PRESET_HCE);
		ir_settings_apply(&eff, &docs[i], IR_PRESET_HCE);
		(void)ir_settings_validate(&eff);
		ir_settings_release(&eff);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct ir_target targets[] = {
		{ NULL, NULL, NULL, NULL },
		{ "acme", "eng", "payments", "infra1" },
	};
	struct ir_settings *docs = NULL, eff;
	struct ir_merge_report rep;
	char *text = ir_fuzz_copy(data, size);
	size_t n = 0, i, t;

	ir_fuzz_quiet();
	if (ir_settings_read("settings.yaml", text, size, &docs, &n) == 0) {
		apply_each(docs, n);
		for (t = 0; t < sizeof(targets) / sizeof(targets[0]); t++) {
			memset(&rep, 0, sizeof(rep));
			memset(&eff, 0, sizeof(eff));
			if (ir_merge(docs, n, &targets[t], IR_PRESET_HCE, &eff, &rep) == 0)
				ir_settings_release(&eff);
			ir_merge_report_release(&rep);
		}
	}
	for (i = 0; i < n; i++)
		ir_settings_release(&docs[i]);
	free(docs);
	free(text);
	return 0;
}
