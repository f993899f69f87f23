#ifndef IMGREG_GOYAML_H
#define IMGREG_GOYAML_H
#include <stdbool.h>
/*
 * How the YAML encoder that kubectl prints with (go-yaml v2, through sigs.k8s.io/yaml) writes a
 * string: plain, unless plain it would read back as something else (a bool, null, a number, a
 * timestamp), in which case it is double-quoted. imgreg-secret uses this to print what
 * `kubectl create secret ... -o yaml` prints, byte for byte.
 */

/*
 * True when go-yaml v2 writes the one-line string s double-quoted: "" and ~, the YAML 1.1
 * words (y, yes, on, true, null... in their three cases), numbers as Go's strconv reads them
 * after '_' is dropped ("123", "0x1f", "0o17", "0b101", "1e3", "1.5"; not "1e999", which
 * overflows), dates such as "2024-1-2" that exist. Only strings whose characters need no
 * other quoting are judged this way: letters, digits, '.', '-', '+', '/', '=' and '_'.
 */
bool ir_goyaml_quotes(const char *s);
#endif
