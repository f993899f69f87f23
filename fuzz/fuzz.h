#ifndef IMGREG_FUZZ_H
#define IMGREG_FUZZ_H
/*
 * What the fuzzing harnesses share. Each harness defines LLVMFuzzerTestOneInput(); it is
 * linked with libFuzzer (make fuzz) or with replay.c, a plain main that runs saved inputs
 * (make fuzz-regress). A harness calls abort() when a property fails, so that both report it.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "evlist.h"
#include "imgreg/buf.h"
#include "imgreg/exit.h"
#include "imgreg/msg.h"
#include "imgreg/process.h"
#include "imgreg/stream.h"
#include "imgreg/text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Set when the library printed an internal error (its verification refused an edit). */
static int ir_fuzz_internal;

/* Keeps messages off standard error, noting internal errors. */
static inline int
ir_fuzz_sink(enum ir_level level, const char *file, unsigned long line, unsigned long col,
    const char *text, void *arg)
{
	(void)level;
	(void)file;
	(void)line;
	(void)col;
	(void)arg;
	if (strncmp(text, "internal error", 14) == 0)
		ir_fuzz_internal = 1;
	return 1;
}

/* Silences the library's messages for one input. */
static inline void
ir_fuzz_quiet(void)
{
	ir_msg_prog("fuzz");
	ir_msg_set_sink(ir_fuzz_sink, NULL);
	ir_fuzz_internal = 0;
}

/* Reports a failed property and aborts, so that libFuzzer saves the input. */
static inline void __attribute__((noreturn))
ir_fuzz_fail(const char *what)
{
	fprintf(stderr, "fuzz: property failed: %s\n", what);
	abort();
}

/* Returns a NUL-terminated copy of the input, as ir_input_read() hands inputs out. */
static inline char *
ir_fuzz_copy(const uint8_t *data, size_t size)
{
	char *p = malloc(size + 1);

	if (p == NULL)
		abort();
	if (size)
		memcpy(p, data, size);
	p[size] = '\0';
	return p;
}

/*
 * True when libfyaml and libyaml read text as the same events. Where they do not, libfyaml
 * 0.7.12 is known to read some inputs wrongly (docs/reliability.md), and the driver rightly
 * refuses edits its verification cannot confirm.
 */
static inline bool
ir_fuzz_parsers_agree(const char *text, size_t len)
{
	struct ir_evlist fy = { 0 }, ly = { 0 };
	bool same;

	same = ir_evlist_fyaml(text, len, &fy) == 0 && ir_evlist_libyaml(text, len, &ly) == 0 &&
	    ir_evlist_diff(&fy, &ly) < 0;
	ir_evlist_free(&fy);
	ir_evlist_free(&ly);
	return same;
}

/*
 * Runs filter f over len bytes of text as a filter's run does for standard input: the UTF-8
 * and NUL check, templates masked, the driver. Returns -1 for input the check rejects, else
 * the exit status, with the text to write in *out (the input when nothing changed). A run
 * may end in 0 or in a parse error (3) only: anything else fails the property, and so does
 * an internal error on input that libfyaml and libyaml read alike (on other input it is 3).
 */
static inline int
ir_fuzz_run(const struct ir_filter *f, const char *text, size_t len, struct ir_buf *out)
{
	struct ir_result res;
	struct ir_stream s;
	const char *why;
	char *copy;
	size_t bad;
	int rc;

	if (ir_text_check(text, len, &bad, &why) != 0)
		return -1;
	copy = ir_fuzz_copy((const uint8_t *)text, len);
	ir_stream_init(&s, "<stdin>", copy, len, true);
	rc = ir_process(&s, f, out, &res);
	ir_stream_release(&s);
	if (ir_fuzz_internal && ir_fuzz_parsers_agree(text, len))
		ir_fuzz_fail("the driver refused its own edits (internal error)");
	if (ir_fuzz_internal) {
		/* libfyaml reads this input unlike libyaml (kubectl): the refusal is right */
		ir_fuzz_internal = 0;
		free(copy);
		return IR_EXIT_INPUT;
	}
	if (rc != 0 && !(rc == IR_EXIT_INPUT && res.parse_error))
		ir_fuzz_fail("a run ended in neither success nor a parse error");
	if (rc == 0 && !res.changed) {
		ir_buf_reset(out);
		ir_buf_add(out, copy, len);
	}
	free(copy);
	return rc;
}
#endif
