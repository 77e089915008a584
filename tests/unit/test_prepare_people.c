/* test_prepare_people.c - session_prepare_people: the people read (and their
 * messages given) before any scoring; session_prepare then only scores, and
 * says nothing again.  tests/data/import: 6 mentor rows, one a repeat
 * (ANN.A, lines 2 and 5), one grade off the scale (line 6); 8 mentee rows,
 * fay.f three times (lines 2, 5, 9), one grade off the scale (line 8), and
 * Pat.Q on both sides. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "mentormatch/session.h"

static const char *const IMPORT[SIDE_COUNT] = {
	"tests/data/import/mentors.csv",
	"tests/data/import/mentees.csv",
};

/* The item of d at file (ending with) and line, or NULL. */
static const struct diag_item *at(const struct diag *d, const char *file, unsigned long line)
{
	for (size_t i = 0; i < d->n; i++) {
		const char *f = d->items[i].file;
		if (f && strlen(f) >= strlen(file) && !strcmp(f + strlen(f) - strlen(file), file) &&
		    d->items[i].line == line)
			return &d->items[i];
	}
	return NULL;
}

static void test_people_first(void **state)
{
	struct session s;
	struct diag d = { 0 };
	(void)state;
	session_init(&s);
	assert_int_equal(session_load_profile(&s, "config/civil-service.ini", &d), 0);
	assert_int_equal(session_load_files(&s, IMPORT, &d), 0);
	diag_clear(&d);
	assert_int_equal(session_prepare_people(&s, &d), 0);
	assert_true(s.ds_valid);
	assert_false(s.have_dataset);          /* not scored yet */
	assert_int_equal(s.ds.side[SIDE_MENTOR].n, 5);
	assert_int_equal(s.ds.side[SIDE_MENTEE].n, 6);
	assert_int_equal(s.ds.side[SIDE_MENTOR].ndup, 1);
	assert_int_equal(s.ds.side[SIDE_MENTEE].ndup, 2);
	/* the people's messages, each once */
	assert_int_equal(diag_count(&d, DIAG_WARNING), 5);
	assert_int_equal(diag_count(&d, DIAG_NOTE), 1);
	assert_int_equal(diag_count(&d, DIAG_ERROR), 0);
	assert_non_null(at(&d, "mentors.csv", 6));        /* Grade Seven */
	assert_non_null(strstr(at(&d, "mentors.csv", 6)->msg, "\"Grade Seven\" is not on the scale"));
	assert_non_null(at(&d, "mentors.csv", 2));        /* ANN.A again on line 5 */
	assert_non_null(at(&d, "mentees.csv", 8));
	assert_non_null(at(&d, "mentees.csv", 2));
	assert_non_null(at(&d, "mentees.csv", 5));
	assert_non_null(strstr(at(&d, "mentees.csv", 3)->msg, "is both a mentor"));

	/* again: nothing new (the rules' data only) */
	diag_clear(&d);
	assert_int_equal(session_prepare_people(&s, &d), 0);
	assert_int_equal(d.n, 0);
	/* then session_prepare scores, and says nothing again either */
	assert_int_equal(session_prepare(&s, &d), 0);
	assert_true(s.have_dataset);
	assert_int_equal(d.n, 0);
	assert_int_equal(session_match(&s, &d), 0);
	assert_int_equal(s.res.nmentors, 5);
	assert_int_equal(s.res.nmentees, 6);
	diag_free(&d);
	session_free(&s);
}

/* Without both files: an error, nothing built. */
static void test_needs_both_files(void **state)
{
	struct session s;
	struct diag d = { 0 };
	(void)state;
	session_init(&s);
	assert_int_equal(session_load_profile(&s, "config/civil-service.ini", &d), 0);
	assert_int_equal(session_load_file(&s, SIDE_MENTOR, IMPORT[SIDE_MENTOR], &d), 0);
	diag_clear(&d);
	assert_int_equal(session_prepare_people(&s, &d), -1);
	assert_false(s.ds_valid);
	assert_int_equal(diag_count(&d, DIAG_ERROR), 1);
	assert_non_null(strstr(d.items[0].msg, "no mentees file loaded"));
	diag_free(&d);
	session_free(&s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_people_first),
		cmocka_unit_test(test_needs_both_files),
	};
	return cmocka_run_group_tests_name("prepare_people", tests, NULL, NULL);
}
