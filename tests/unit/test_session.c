/* test_session.c - session_load_files: both files read at once, as two
 * session_load_file calls would. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "mentormatch/session.h"

static const char *const SMALL[SIDE_COUNT] = {
	"tests/data/original-sample/small/mentors.csv",
	"tests/data/original-sample/small/mentees.csv",
};

static void same_table(const struct table *a, const struct table *b)
{
	assert_int_equal(a->nrows, b->nrows);
	assert_int_equal(a->ncols, b->ncols);
	for (size_t c = 0; c < a->ncols; c++)
		assert_string_equal(a->headers[c], b->headers[c]);
	for (size_t r = 0; r < a->nrows; r++)
		for (size_t c = 0; c < a->ncols; c++)
			assert_string_equal(table_cell(a, r, c), table_cell(b, r, c));
}

static void test_same_as_one_by_one(void **state)
{
	struct session one, two;
	struct diag d1 = { 0 }, d2 = { 0 };
	(void)state;
	session_init(&one);
	session_init(&two);
	assert_int_equal(session_load_profile(&one, "config/civil-service.ini", &d1), 0);
	assert_int_equal(session_load_profile(&two, "config/civil-service.ini", &d2), 0);
	for (int side = 0; side < SIDE_COUNT; side++)
		assert_int_equal(session_load_file(&one, (enum side)side, SMALL[side], &d1), 0);
	assert_int_equal(session_load_files(&two, SMALL, &d2), 0);
	for (int side = 0; side < SIDE_COUNT; side++) {
		assert_true(two.have_table[side]);
		same_table(&one.tab[side], &two.tab[side]);
	}
	/* the same messages, in the same order */
	assert_int_equal(d1.n, d2.n);
	for (size_t i = 0; i < d1.n; i++) {
		char a[512], b[512];
		diag_format(&d1.items[i], a, sizeof a);
		diag_format(&d2.items[i], b, sizeof b);
		assert_string_equal(a, b);
	}
	assert_int_equal(session_match(&one, &d1), 0);
	assert_int_equal(session_match(&two, &d2), 0);
	assert_int_equal(one.res.npairs, two.res.npairs);
	assert_int_equal(one.res.round_total[0], two.res.round_total[0]);
	diag_free(&d1);
	diag_free(&d2);
	session_free(&one);
	session_free(&two);
}

/* Both files missing: both named; a file already loaded stays. */
static void test_errors_of_both(void **state)
{
	struct session s;
	struct diag d = { 0 };
	const char *const bad[SIDE_COUNT] = { "/nonexistent/mentors.csv", "/nonexistent/mentees.csv" };
	const char *const half[SIDE_COUNT] = { SMALL[SIDE_MENTOR], "/nonexistent/mentees.csv" };
	(void)state;
	session_init(&s);
	assert_int_equal(session_load_profile(&s, "config/civil-service.ini", &d), 0);
	assert_int_equal(session_load_files(&s, SMALL, &d), 0);
	size_t rows = s.tab[SIDE_MENTEE].nrows;
	diag_clear(&d);
	assert_int_equal(session_load_files(&s, bad, &d), -1);
	assert_int_equal(diag_count(&d, DIAG_ERROR), 2);
	assert_string_equal(d.items[0].file, bad[SIDE_MENTOR]);
	assert_string_equal(d.items[1].file, bad[SIDE_MENTEE]);
	diag_clear(&d);
	assert_int_equal(session_load_files(&s, half, &d), -1);
	assert_int_equal(diag_count(&d, DIAG_ERROR), 1);
	assert_true(s.have_table[SIDE_MENTEE]);
	assert_int_equal(s.tab[SIDE_MENTEE].nrows, rows);
	diag_free(&d);
	session_free(&s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_same_as_one_by_one),
		cmocka_unit_test(test_errors_of_both),
	};
	return cmocka_run_group_tests_name("session", tests, NULL, NULL);
}
