/*
 * Fuzzing imgreg-rewrite's whole run on one input, through the library as the filter calls
 * it: the UTF-8 check, templates, embedded manifests, the rewrite, the splices and the
 * verification. Properties: no crash, leak or undefined behaviour; the run succeeds or
 * reports a parse error, never an internal error; and a second run over its output changes
 * nothing (what is rewritten is under the target and stays there).
 */
#include "fuzz.h"
#include "imgreg/rewrite.h"
#include "imgreg/settings.h"

/* Builds the effective settings of variant v: preset, path mode, a mirror or not. */
static void
settings_for(unsigned v, struct ir_settings *eff)
{
	enum ir_preset preset = v & 1 ? IR_PRESET_LITMUS : IR_PRESET_HCE;
	struct ir_settings flags = { 0 };

	ir_settings_preset(eff, preset);
	flags.server = strdup("reg.example.test:5000");
	flags.account = strdup("chaos/team");
	flags.path_mode = (enum ir_path_mode)((v >> 1) % 3);
	flags.set = IR_F_SERVER | IR_F_ACCOUNT | IR_F_PATH_MODE;
	ir_settings_apply(eff, &flags, preset);
	ir_settings_release(&flags);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ir_settings eff;
	struct ir_rewrite rw = { 0 };
	struct ir_filter f = { .doc_fn = ir_rewrite_doc, .ctx = &rw, .verify = true,
	    .embedded = true, .items = true };
	struct ir_buf out = IR_BUF_INIT, again = IR_BUF_INIT;

	ir_fuzz_quiet();
	settings_for((unsigned)(size % 6), &eff);
	rw.settings = &eff;
	if (ir_fuzz_run(&f, (const char *)data, size, &out) == 0) {
		if (ir_fuzz_run(&f, out.data, out.len, &again) != 0)
			ir_fuzz_fail("the output of a run does not parse");
		if (again.len != out.len || memcmp(again.data, out.data, out.len) != 0)
			ir_fuzz_fail("a second run changes the output");
	}
	ir_buf_free(&out);
	ir_buf_free(&again);
	ir_settings_release(&eff);
	return 0;
}
