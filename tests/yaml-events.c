/*
 * yaml-events: prints the events libyaml reads from standard input, one per line, in the
 * yaml-test-suite notation (+DOC, =VAL :text, ...), or only checks that it parses with -c.
 * A test tool: the conformance script uses it as the second parser next to libfyaml.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

/* Prints a scalar's value with the suite's escapes. */
static void
print_value(const unsigned char *p, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++) {
		if (p[i] == '\n')
			fputs("\\n", stdout);
		else if (p[i] == '\t')
			fputs("\\t", stdout);
		else if (p[i] == '\\')
			fputs("\\\\", stdout);
		else
			putchar(p[i]);
	}
}

/* Prints one event. */
static void
print_event(const yaml_event_t *e)
{
	static const char *const names[] = {
		"", "+STR", "-STR", "+DOC", "-DOC", "=ALI", "=VAL", "+SEQ", "-SEQ", "+MAP", "-MAP",
	};

	fputs(names[e->type], stdout);
	if (e->type == YAML_ALIAS_EVENT)
		printf(" *%s", e->data.alias.anchor);
	if (e->type == YAML_SCALAR_EVENT) {
		if (e->data.scalar.anchor)
			printf(" &%s", e->data.scalar.anchor);
		if (e->data.scalar.tag)
			printf(" <%s>", e->data.scalar.tag);
		fputs(e->data.scalar.style == YAML_PLAIN_SCALAR_STYLE ? " :" : " '", stdout);
		print_value(e->data.scalar.value, e->data.scalar.length);
	}
	if (e->type == YAML_MAPPING_START_EVENT && e->data.mapping_start.anchor)
		printf(" &%s", e->data.mapping_start.anchor);
	if (e->type == YAML_SEQUENCE_START_EVENT && e->data.sequence_start.anchor)
		printf(" &%s", e->data.sequence_start.anchor);
	putchar('\n');
}

int
main(int argc, char **argv)
{
	yaml_parser_t parser;
	yaml_event_t e;
	int quiet = argc > 1 && strcmp(argv[1], "-c") == 0, done = 0;

	yaml_parser_initialize(&parser);
	yaml_parser_set_input_file(&parser, stdin);
	while (!done) {
		if (!yaml_parser_parse(&parser, &e)) {
			fprintf(stderr, "yaml-events: %zu:%zu: %s\n", parser.problem_mark.line + 1,
			    parser.problem_mark.column + 1, parser.problem ? parser.problem : "error");
			yaml_parser_delete(&parser);
			return 1;
		}
		if (!quiet)
			print_event(&e);
		done = e.type == YAML_STREAM_END_EVENT;
		yaml_event_delete(&e);
	}
	yaml_parser_delete(&parser);
	return 0;
}
