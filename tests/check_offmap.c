/* Tests of offset maps kept as runs, against a map of two offsets per byte. */
#include <check.h>
#include <stdlib.h>

#include "check_suites.h"
#include "imgreg/offmap.h"

/* The plain form the runs replace: a start and an end offset for every text byte. */
struct plain {
	size_t start[4096], end[4096];
	size_t len;
};

static void
plain_copy(struct plain *p, size_t n, size_t src)
{
	for (size_t i = 0; i < n; i++, p->len++) {
		p->start[p->len] = src + i;
		p->end[p->len] = src + i + 1;
	}
}

static void
plain_unit(struct plain *p, size_t n, size_t src, size_t srcend)
{
	for (size_t i = 0; i < n; i++, p->len++) {
		p->start[p->len] = src;
		p->end[p->len] = srcend;
	}
}

/* True when the plain map's bytes [start, end) come from consecutive source bytes. */
static bool
plain_copied(const struct plain *p, size_t start, size_t end)
{
	if (end <= start || end > p->len)
		return false;
	for (size_t i = start; i < end; i++)
		if (p->start[i] != p->start[start] + (i - start) || p->end[i] != p->start[i] + 1)
			return false;
	return true;
}

START_TEST(test_offmap_copies_merge)
{
	struct ir_offmap m = IR_OFFMAP_INIT;

	/* a literal block's line "image: x" at source 10, then its line break at 18 */
	ir_offmap_copy(&m, 8, 10);
	ir_offmap_unit(&m, 1, 18, 19);
	ck_assert_uint_eq(m.nruns, 1);
	ck_assert_uint_eq(m.len, 9);
	/* the next line starts after two spaces of indentation: a new run */
	ir_offmap_copy(&m, 4, 21);
	ck_assert_uint_eq(m.nruns, 2);
	ck_assert_uint_eq(ir_offmap_start(&m, 0), 10);
	ck_assert_uint_eq(ir_offmap_end(&m, 0), 11);
	ck_assert_uint_eq(ir_offmap_start(&m, 8), 18);
	ck_assert_uint_eq(ir_offmap_start(&m, 9), 21);
	ck_assert_uint_eq(ir_offmap_end(&m, 12), 25);
	ck_assert(ir_offmap_copied(&m, 0, 9));
	ck_assert(ir_offmap_copied(&m, 9, 13));
	ck_assert(!ir_offmap_copied(&m, 8, 10));
	ck_assert(!ir_offmap_copied(&m, 3, 3));
	ck_assert(!ir_offmap_copied(&m, 9, 14));
	ir_offmap_free(&m);
	ck_assert_uint_eq(m.nruns, 0);
	ck_assert_ptr_null(m.runs);
}
END_TEST

START_TEST(test_offmap_units)
{
	struct ir_offmap m = IR_OFFMAP_INIT;

	/* "a\u00e9b" in a double-quoted scalar at source 5: the escape is two bytes from six */
	ir_offmap_copy(&m, 1, 6);
	ir_offmap_unit(&m, 2, 7, 13);
	ir_offmap_copy(&m, 1, 13);
	ck_assert_uint_eq(m.nruns, 3);
	ck_assert_uint_eq(ir_offmap_start(&m, 1), 7);
	ck_assert_uint_eq(ir_offmap_start(&m, 2), 7);
	ck_assert_uint_eq(ir_offmap_end(&m, 2), 13);
	ck_assert_uint_eq(ir_offmap_start(&m, 3), 13);
	ck_assert(!ir_offmap_copied(&m, 1, 2));
	ck_assert(!ir_offmap_copied(&m, 0, 2));
	/* two units from the same range are one run; the end marker maps past the end */
	ir_offmap_unit(&m, 1, 20, 20);
	ir_offmap_unit(&m, 1, 20, 20);
	ck_assert_uint_eq(m.nruns, 4);
	ck_assert_uint_eq(ir_offmap_start(&m, 5), 20);
	ck_assert_uint_eq(ir_offmap_end(&m, 5), 20);
	/* offsets past the text read the last byte, as the end marker is read */
	ck_assert_uint_eq(ir_offmap_start(&m, 99), 20);
	ir_offmap_free(&m);
}
END_TEST

START_TEST(test_offmap_truncate)
{
	struct ir_offmap m = IR_OFFMAP_INIT;

	/* a quoted line "a  " folded: its trailing spaces are dropped again */
	ir_offmap_copy(&m, 3, 1);
	ir_offmap_unit(&m, 1, 4, 6);
	ir_offmap_truncate(&m, 3);
	ck_assert_uint_eq(m.nruns, 1);
	ir_offmap_truncate(&m, 1);
	ck_assert_uint_eq(m.len, 1);
	/* what follows continues the shortened copy only where the source does */
	ir_offmap_copy(&m, 1, 2);
	ck_assert_uint_eq(m.nruns, 1);
	ck_assert(ir_offmap_copied(&m, 0, 2));
	ir_offmap_unit(&m, 1, 7, 8);
	ck_assert_uint_eq(m.nruns, 2);
	ck_assert_uint_eq(ir_offmap_start(&m, 2), 7);
	ir_offmap_truncate(&m, 0);
	ck_assert_uint_eq(m.nruns, 0);
	ck_assert_uint_eq(ir_offmap_start(&m, 0), 0);
	ir_offmap_free(&m);
}
END_TEST

/* Random runs: every lookup agrees with the plain map of two offsets per byte. */
START_TEST(test_offmap_as_plain)
{
	static struct plain p;
	struct ir_offmap m = IR_OFFMAP_INIT;
	size_t src = 0, i, j;
	unsigned seed = 7;

	p.len = 0;
	while (p.len < 4000) {
		size_t n = (size_t)(rand_r(&seed) % 6), gap = (size_t)(rand_r(&seed) % 3);

		src += gap;
		switch (rand_r(&seed) % 4) {
		case 0:
		case 1:
			ir_offmap_copy(&m, n, src);
			plain_copy(&p, n, src);
			src += n;
			break;
		case 2:
			/* several bytes come from an escape, two source bytes at least */
			gap += n > 1;
			ir_offmap_unit(&m, n, src, src + 1 + gap);
			plain_unit(&p, n, src, src + 1 + gap);
			src += 1 + gap;
			break;
		default:
			n = n < p.len ? n : p.len;
			ir_offmap_truncate(&m, p.len - n);
			p.len -= n;
			break;
		}
		ck_assert_uint_eq(m.len, p.len);
	}
	for (i = 0; i < p.len; i++) {
		ck_assert_uint_eq(ir_offmap_start(&m, i), p.start[i]);
		ck_assert_uint_eq(ir_offmap_end(&m, i), p.end[i]);
	}
	for (i = 0; i < p.len; i += 7)
		for (j = i; j <= i + 12 && j <= p.len; j++)
			ck_assert_int_eq(ir_offmap_copied(&m, i, j), plain_copied(&p, i, j));
	ck_assert_uint_lt(m.nruns, p.len / 2);
	ir_offmap_free(&m);
}
END_TEST

Suite *
offmap_suite(void)
{
	Suite *s = suite_create("offmap");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_offmap_copies_merge);
	tcase_add_test(tc, test_offmap_units);
	tcase_add_test(tc, test_offmap_truncate);
	tcase_add_test(tc, test_offmap_as_plain);
	suite_add_tcase(s, tc);
	return s;
}
