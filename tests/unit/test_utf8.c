/* UTF-8 validation: valid sequences of each length and the invalid kinds. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "mentormatch/utf8.h"

#define LEN(str, n) utf8_seq_len((const unsigned char *)(str), (n))

static void test_valid(void **state)
{
	(void)state;
	assert_int_equal(LEN("a", 1), 1);
	assert_int_equal(LEN("\xC3\xAB", 2), 2);            /* ë */
	assert_int_equal(LEN("\xE6\xB5\x8B", 3), 3);        /* 测 */
	assert_int_equal(LEN("\xF0\x9F\x98\x80", 4), 4);    /* U+1F600 */
	assert_int_equal(LEN("\xF4\x8F\xBF\xBF", 4), 4);    /* U+10FFFF */
}

static void test_invalid(void **state)
{
	(void)state;
	assert_int_equal(LEN("\x80", 1), 0);                /* stray continuation */
	assert_int_equal(LEN("\xC3", 1), 0);                /* truncated */
	assert_int_equal(LEN("\xC3\x41", 2), 0);            /* not a continuation */
	assert_int_equal(LEN("\xC0\xAF", 2), 0);            /* overlong '/' */
	assert_int_equal(LEN("\xE0\x80\xAF", 3), 0);        /* overlong */
	assert_int_equal(LEN("\xED\xA0\x80", 3), 0);        /* surrogate U+D800 */
	assert_int_equal(LEN("\xF4\x90\x80\x80", 4), 0);    /* above U+10FFFF */
	assert_int_equal(LEN("\xE9", 1), 0);                /* Windows-1252 é */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_valid),
		cmocka_unit_test(test_invalid),
	};
	return cmocka_run_group_tests_name("utf8", tests, NULL, NULL);
}
