#ifndef IMGREG_KRM_H
#define IMGREG_KRM_H
#include <stdbool.h>

#include "imgreg/cli.h"
#include "imgreg/io.h"
#include "imgreg/process.h"
#include "imgreg/settings.h"
/*
 * KRM function mode (spec/cli.md, man imgreg(7)): when standard input holds one document of
 * kind ResourceList (apiVersion config.kubernetes.io/v1 or v1beta1), the filter edits its
 * items in place, byte for byte like any other input, reads its functionConfig as settings,
 * and writes the whole ResourceList back with its findings appended to `results`.
 *
 * Ownership: the state is made by ir_krm_attach(), kept in cli->krm and freed by
 * ir_cli_release() through ir_krm_free().
 */
struct ir_krm;

/*
 * For a run that reads standard input and writes to standard output (no -i, --check,
 * --diff), looks at standard input once (handing it back with ir_input_unread(), so that the
 * filter reads it as usual) and makes cli->krm. When it holds a ResourceList, KRM mode is on:
 * until ir_krm_pause(), every warning and error is collected as a result instead of being
 * printed. Called again, only resumes collecting. Returns 0 or IR_EXIT_IO.
 */
int ir_krm_attach(struct ir_cli *cli);
/* True when k is in KRM mode (false for NULL). */
bool ir_krm_active(const struct ir_krm *k);
/* Stops collecting messages for now (those between the settings and the run are printed). */
void ir_krm_pause(struct ir_krm *k);
/*
 * For a filter that reads its input itself: moves standard input, looked at by
 * ir_krm_attach(), into in and returns true; false (in untouched) when it was not looked at.
 * Reading standard input with ir_input_read() gives the same bytes.
 */
bool ir_krm_take_input(struct ir_krm *k, struct ir_input *in);
/*
 * Applies the functionConfig onto eff: an ImageRegistry document, or a ConfigMap whose data
 * holds the same fields as strings. Returns 0 or IR_EXIT_USAGE after messages.
 */
int ir_krm_settings(struct ir_krm *k, struct ir_settings *eff, enum ir_preset preset);
/*
 * Runs filter f over the items and writes the ResourceList with its results to standard
 * output. Returns 0, IR_EXIT_FOUND when the filter failed on an item (the items are then
 * written unchanged, with results of severity error), or IR_EXIT_IO.
 */
int ir_krm_run(struct ir_krm *k, const struct ir_filter *f);
/*
 * After the settings failed with status rc: writes the ResourceList unchanged with the
 * results collected so far, and checks the output. Returns rc, or IR_EXIT_IO.
 */
int ir_krm_fail(struct ir_krm *k, int rc);
/* Stops collecting messages, prints those collected but never written as results (a
 * filter that does not write a ResourceList), and frees k; NULL is allowed. */
void ir_krm_free(struct ir_krm *k);
#endif
