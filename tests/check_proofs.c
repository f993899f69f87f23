/* Tests of the answers kept for proofs made by parsing a text alone (src/proofs.c). */
#include <check.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "check_suites.h"
#include "../src/internal.h"

/* An answer is given back for the same bytes and wanted hash only, false ones too. */
START_TEST(test_proofs_same_text_and_hash)
{
	static const char a[] = "imagePullSecrets:\n- name: regcred\n";
	static const char b[] = "imagePullSecrets:\n- name: regcreD\n";
	bool ok = true;

	ck_assert(!ir_proof_known(a, strlen(a), 7, &ok));
	ir_proof_keep(a, strlen(a), 7, true);
	ir_proof_keep(b, strlen(b), 7, false);
	ck_assert(ir_proof_known(a, strlen(a), 7, &ok));
	ck_assert(ok);
	ck_assert(ir_proof_known(b, strlen(b), 7, &ok));
	ck_assert(!ok);
	ck_assert(!ir_proof_known(a, strlen(a), 8, &ok));
	ck_assert(!ir_proof_known(a, strlen(a) - 1, 7, &ok));
	/* no empty text is kept: an empty slot is never taken for it */
	ir_proof_keep("", 0, 0, true);
	ck_assert(!ir_proof_known("", 0, 0, &ok));
}
END_TEST

/* Long texts are not kept; the oldest answer gives way when all slots are taken. */
START_TEST(test_proofs_bounded)
{
	char text[600], key[16];
	bool ok;
	int i;

	memset(text, 'x', sizeof(text));
	ir_proof_keep(text, sizeof(text), 1, true);
	ck_assert(!ir_proof_known(text, sizeof(text), 1, &ok));
	/* 240 bytes are kept, 241 are not */
	ir_proof_keep(text, 241, 1, true);
	ck_assert(!ir_proof_known(text, 241, 1, &ok));
	ir_proof_keep(text, 240, 1, true);
	ck_assert(ir_proof_known(text, 240, 1, &ok));
	for (i = 0; i < 100; i++) {
		snprintf(key, sizeof(key), "k%d: v\n", i);
		ir_proof_keep(key, strlen(key), 2, true);
	}
	ck_assert(ir_proof_known(key, strlen(key), 2, &ok));
	ck_assert(!ir_proof_known("k0: v\n", 6, 2, &ok));
}
END_TEST

static void *
look(void *arg)
{
	bool ok;

	return ir_proof_known(arg, strlen(arg), 3, &ok) ? arg : NULL;
}

/* Each thread keeps its own answers. */
START_TEST(test_proofs_per_thread)
{
	static char text[] = "command: [/bin/sh]\n";
	pthread_t t;
	void *seen = text;
	bool ok;

	ir_proof_keep(text, strlen(text), 3, true);
	ck_assert(ir_proof_known(text, strlen(text), 3, &ok));
	ck_assert_int_eq(pthread_create(&t, NULL, look, text), 0);
	ck_assert_int_eq(pthread_join(t, &seen), 0);
	ck_assert_ptr_null(seen);
}
END_TEST

Suite *
proofs_suite(void)
{
	Suite *s = suite_create("proofs");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_proofs_same_text_and_hash);
	tcase_add_test(tc, test_proofs_bounded);
	tcase_add_test(tc, test_proofs_per_thread);
	suite_add_tcase(s, tc);
	return s;
}
