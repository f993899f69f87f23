/* When go-yaml v2 quotes a string that plain would be read as something else. */
#include <ctype.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "imgreg/buf.h"
#include "imgreg/goyaml.h"

/* The words go-yaml v2 resolves to a bool, null or special float. */
static const char *const words[] = {
	"y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON",
	"n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF",
	"~", "null", "Null", "NULL", ".nan", ".NaN", ".NAN", ".inf", ".Inf", ".INF",
	"+.inf", "+.Inf", "+.INF", "-.inf", "-.Inf", "-.INF",
};

/* True when s is one of the words. */
static bool
is_word(const char *s)
{
	size_t i;

	for (i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (strcmp(words[i], s) == 0)
			return true;
	return false;
}

/* Returns the value of digit c in base (or -1). */
static int
digit(char c, int base)
{
	int v = isdigit((unsigned char)c) ? c - '0' : isalpha((unsigned char)c) ?
	    tolower((unsigned char)c) - 'a' + 10 : 99;

	return v < base ? v : -1;
}

/* True when Go's strconv.ParseInt(s, 0, 64) or ParseUint(s, 0, 64) accepts s. */
static bool
go_int(const char *s)
{
	uint64_t v = 0, max = UINT64_MAX;
	int base = 10, d;

	if (*s == '+' || *s == '-')
		max = *s++ == '-' ? (uint64_t)INT64_MAX + 1 : INT64_MAX;
	if (s[0] == '0' && s[1] && strchr("xXoObB", s[1])) {
		base = strchr("xX", s[1]) ? 16 : strchr("oO", s[1]) ? 8 : 2;
		s += 2;
	} else if (s[0] == '0' && s[1])
		base = 8;
	if (*s == '\0')
		return false;
	for (; *s; s++) {
		if ((d = digit(*s, base)) < 0 || v > (max - (uint64_t)d) / (uint64_t)base)
			return false;
		v = v * (uint64_t)base + (uint64_t)d;
	}
	return true;
}

/* Skips the digits at s; returns how many there were. */
static size_t
digits(const char **s)
{
	size_t n = strspn(*s, "0123456789");

	*s += n;
	return n;
}

/* True when s matches ^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$ and is a finite
 * double, as go-yaml's float pattern and strconv.ParseFloat read it. */
static bool
go_float(const char *s)
{
	const char *p = s;

	if (*p == '+' || *p == '-')
		p++;
	if (*p == '.') {
		p++;
		if (digits(&p) == 0)
			return false;
	} else {
		if (digits(&p) == 0)
			return false;
		if (*p == '.') {
			p++;
			digits(&p);
		}
	}
	if (*p == 'e' || *p == 'E') {
		p++;
		if (*p == '+' || *p == '-')
			p++;
		if (digits(&p) == 0)
			return false;
	}
	return *p == '\0' && isfinite(strtod(s, NULL));
}

/* Returns the days of month m (1-12) of year y. */
static int
month_days(int y, int m)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return days[m - 1];
}

/* True when s is a date Go's time.Parse("2006-1-2") accepts: four digits, a month and a day of
 * one or two digits each, a day that exists. */
static bool
go_date(const char *s)
{
	const char *p = s;
	size_t nm, nd;
	int y, m, d;

	if (digits(&p) != 4 || *p != '-')
		return false;
	p++;
	m = atoi(p);
	if ((nm = digits(&p)) < 1 || nm > 2 || *p != '-')
		return false;
	p++;
	d = atoi(p);
	if ((nd = digits(&p)) < 1 || nd > 2 || *p != '\0')
		return false;
	y = atoi(s);
	return m >= 1 && m <= 12 && d >= 1 && d <= month_days(y, m);
}

bool
ir_goyaml_quotes(const char *s)
{
	struct ir_buf plain = IR_BUF_INIT;
	bool number;

	if (*s == '\0' || is_word(s))
		return true;
	if (*s == '.')
		return go_float(s);
	if (!isdigit((unsigned char)*s) && *s != '+' && *s != '-')
		return false;
	if (go_date(s))
		return true;
	/* go-yaml drops every '_' before it reads a number */
	for (; *s; s++)
		if (*s != '_')
			ir_buf_addc(&plain, *s);
	number = plain.len && (go_int(plain.data) || go_float(plain.data));
	ir_buf_free(&plain);
	return number;
}
