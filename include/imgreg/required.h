#ifndef IMGREG_REQUIRED_H
#define IMGREG_REQUIRED_H
#include "imgreg/settings.h"
/*
 * The images a Harness chaos infrastructure pulls, by kind of infrastructure ("ddcr",
 * "dedicated"), from the data file installed beside the entrypoint table: what an air-gapped
 * install must mirror before its first experiment.
 *
 * Ownership: the references appended to a list are copies the caller frees (ir_list_clear()).
 */

/* The file name of the list inside a data folder. */
#define IR_REQUIRED_FILE "required-images.yaml"
/* What stands for the version in the file's references. */
#define IR_REQUIRED_VERSION "{version}"

/*
 * Appends to *out the references that the data file at path (NULL: found as the entrypoint
 * table is found, see eptable.h) lists for infrastructure kind, with version put in for
 * IR_REQUIRED_VERSION. Returns 0, or an exit status after a message: IR_EXIT_USAGE for an
 * unknown kind, a version that makes a reference invalid, or a malformed file; IR_EXIT_IO for
 * a file that cannot be read.
 */
int ir_required_images(const char *path, const char *kind, const char *version,
    struct ir_list *out);
/* Frees the items of l and empties it. */
void ir_list_clear(struct ir_list *l);
#endif
