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
Suite *pullsecret_suite(void);
Suite *entrypoint_suite(void);
Suite *base64_suite(void);
Suite *jsonw_suite(void);
Suite *dockercfg_suite(void);
Suite *images_suite(void);
Suite *policy_suite(void);
Suite *reliability_suite(void);
Suite *parts_suite(void);
Suite *items_suite(void);
Suite *ahead_suite(void);
Suite *offmap_suite(void);
Suite *proofs_suite(void);
Suite *text_suite(void);
Suite *locate_suite(void);
#endif
