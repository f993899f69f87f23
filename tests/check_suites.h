#ifndef CHECK_SUITES_H
#define CHECK_SUITES_H
#include <check.h>
/* One suite per module; tests/check_<module>.c defines each. */
Suite *ref_suite(void);
Suite *scalar_suite(void);
Suite *edit_suite(void);
Suite *rules_suite(void);
Suite *settings_suite(void);
Suite *merge_suite(void);
#endif
