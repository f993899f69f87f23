/*
 * bench-parse: the baseline for scripts/bench. Reads standard input into memory and runs
 * libfyaml's event parser over it with the flags the filters use, doing nothing else.
 */
#include <stdio.h>
#include <stdlib.h>

#include "imgreg/buf.h"
#include "imgreg/io.h"
#include "../src/internal.h"

int
main(void)
{
	struct ir_parse_error perr;
	struct ir_input in;
	struct fy_parser *fyp;
	struct fy_event *e;
	unsigned long events = 0;

	if (ir_input_read(NULL, &in) != 0)
		return 4;
	fyp = ir_parser_open(in.data, in.len, &perr);
	if (fyp == NULL)
		return 4;
	while ((e = fy_parser_parse(fyp)) != NULL) {
		events++;
		fy_parser_event_free(fyp, e);
	}
	if (fy_parser_get_stream_error(fyp)) {
		fprintf(stderr, "bench-parse: %lu:%lu: %s\n", perr.line, perr.col, perr.msg);
		return 3;
	}
	ir_parser_close(fyp, true);
	fprintf(stderr, "bench-parse: %lu events\n", events);
	ir_input_release(&in);
	return 0;
}
