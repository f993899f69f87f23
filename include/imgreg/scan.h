#ifndef IMGREG_SCAN_H
#define IMGREG_SCAN_H
#include "imgreg/cli.h"
#include "imgreg/process.h"
/*
 * Running a read-only filter (imgreg-images, imgreg-verify) over its inputs: each file is read,
 * checked and parsed as the editing filters do, its documents and the manifests embedded in
 * them handed to the filter's doc_fn, and nothing is written back. The filter writes its own
 * output afterwards.
 */

/*
 * Scans the files named on cli's command line (none, or "-": standard input) with filter f,
 * whose doc_fn must make no edits. A KRM ResourceList is scanned as any other input (its
 * items are a List's) and messages are printed, not collected as results: a filter that
 * reports KRM results runs ir_krm_run() itself. A file that cannot be read or parsed is
 * reported and the others are still scanned. Returns 0 or the highest exit status met
 * (IR_EXIT_INPUT, IR_EXIT_IO, or a status doc_fn returned).
 */
int ir_scan_files(struct ir_cli *cli, const struct ir_filter *f);
/* Refuses -i, --check and --diff, which only editing filters take. Returns 0, or IR_EXIT_USAGE
 * after a message and the usage. */
int ir_scan_check_cli(const struct ir_cli *cli);
#endif
