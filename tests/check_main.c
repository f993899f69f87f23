/* The unit test runner: every module's suite, with Check's summary line. */
#include <check.h>
#include <stdlib.h>

#include "check_suites.h"

int
main(void)
{
	SRunner *sr = srunner_create(ref_suite());
	int failed;

	srunner_add_suite(sr, scalar_suite());
	srunner_add_suite(sr, edit_suite());
	srunner_add_suite(sr, rules_suite());
	srunner_add_suite(sr, settings_suite());
	srunner_add_suite(sr, merge_suite());
	srunner_add_suite(sr, pullsecret_suite());
	srunner_add_suite(sr, entrypoint_suite());
	srunner_add_suite(sr, base64_suite());
	srunner_add_suite(sr, jsonw_suite());
	srunner_add_suite(sr, dockercfg_suite());
	srunner_add_suite(sr, images_suite());
	srunner_add_suite(sr, policy_suite());
	srunner_add_suite(sr, reliability_suite());
	srunner_add_suite(sr, parts_suite());
	srunner_add_suite(sr, items_suite());
	srunner_add_suite(sr, ahead_suite());
	srunner_add_suite(sr, offmap_suite());
	srunner_add_suite(sr, proofs_suite());
	srunner_add_suite(sr, text_suite());
	srunner_add_suite(sr, locate_suite());
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
