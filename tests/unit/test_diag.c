/* diag: grouping repeated messages of one kind, the grouped line, printing
 * grouped, and appending only the items not held already.  Expected lines
 * are written out by hand. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "mentormatch/diag.h"

#define EMAIL_MSG "\"%s\" is not an e-mail address; check which column is mapped to the email field"

/* Formats group k of groups g into a static buffer. */
static const char *fmt(const struct diag *d, const struct diag_group *g, size_t k)
{
	static char buf[1024];
	diag_group_format(d, &g[k], buf, sizeof buf);
	return buf;
}

static void test_values_differ(void **state)
{
	struct diag d = { 0 };
	struct diag_group *g;
	(void)state;
	diag_add(&d, DIAG_WARNING, "m.csv", 2, EMAIL_MSG, "n/a");
	diag_add(&d, DIAG_NOTE, "m.csv", 0, "10 rows loaded");
	diag_add(&d, DIAG_WARNING, "m.csv", 3, EMAIL_MSG, "anonymous");
	diag_add(&d, DIAG_WARNING, "m.csv", 4, EMAIL_MSG, "");
	diag_add(&d, DIAG_WARNING, "m.csv", 5, EMAIL_MSG, "x y");
	diag_add(&d, DIAG_WARNING, "m.csv", 7, "grade \"G7\" is not on the scale");
	size_t ng = diag_group(&d, 0, d.n, &g);
	assert_int_equal(ng, 3);
	/* in the order of their first items */
	assert_int_equal(g[0].first, 0);
	assert_int_equal(g[0].n, 4);
	assert_int_equal(g[0].items[0], 0);
	assert_int_equal(g[0].items[1], 2);
	assert_int_equal(g[0].items[2], 3);
	assert_int_equal(g[0].items[3], 4);
	assert_int_equal(g[1].first, 1);
	assert_int_equal(g[1].n, 1);
	assert_int_equal(g[2].first, 5);
	assert_string_equal(fmt(&d, g, 0), "m.csv: warning: 4 rows: \"...\" is not an e-mail "
			    "address; check which column is mapped to the email field (lines 2-5)");
	/* a group of one is its item */
	assert_string_equal(fmt(&d, g, 1), "m.csv: note: 10 rows loaded");
	assert_string_equal(fmt(&d, g, 2), "m.csv:7: warning: grade \"G7\" is not on the scale");
	diag_groups_free(g, ng);
	diag_free(&d);
}

static void test_same_value_kept(void **state)
{
	struct diag d = { 0 };
	struct diag_group *g;
	(void)state;
	diag_add(&d, DIAG_WARNING, "e.csv", 2, EMAIL_MSG, "anonymous");
	diag_add(&d, DIAG_WARNING, "e.csv", 3, EMAIL_MSG, "anonymous");
	diag_add(&d, DIAG_WARNING, "e.csv", 5, EMAIL_MSG, "anonymous");
	size_t ng = diag_group(&d, 0, d.n, &g);
	assert_int_equal(ng, 1);
	assert_string_equal(fmt(&d, g, 0), "e.csv: warning: 3 rows: \"anonymous\" is not an e-mail "
			    "address; check which column is mapped to the email field (lines 2-3, 5)");
	diag_groups_free(g, ng);
	diag_free(&d);
}

/* Level and file are part of the kind. */
static void test_level_and_file_apart(void **state)
{
	struct diag d = { 0 };
	struct diag_group *g;
	(void)state;
	diag_add(&d, DIAG_WARNING, "a.csv", 2, "grade \"x\" is not on the scale");
	diag_add(&d, DIAG_WARNING, "b.csv", 2, "grade \"y\" is not on the scale");
	diag_add(&d, DIAG_ERROR, "a.csv", 3, "grade \"z\" is not on the scale");
	diag_add(&d, DIAG_WARNING, NULL, 4, "grade \"w\" is not on the scale");
	diag_add(&d, DIAG_WARNING, "a.csv", 9, "grade \"v\" is not on the scale");
	size_t ng = diag_group(&d, 0, d.n, &g);
	assert_int_equal(ng, 4);
	assert_int_equal(g[0].n, 2);      /* a.csv, warnings: lines 2 and 9 */
	assert_int_equal(g[0].items[1], 4);
	assert_string_equal(fmt(&d, g, 0),
			    "a.csv: warning: 2 rows: grade \"...\" is not on the scale (lines 2, 9)");
	assert_int_equal(g[1].first, 1);
	assert_int_equal(g[2].first, 2);
	assert_int_equal(g[3].first, 3);
	diag_groups_free(g, ng);
	diag_free(&d);
}

/* Digits inside a word (an address, SCS1) are part of the message's words:
 * different people's repeated sign-ups stay apart. */
static void test_digits_in_words(void **state)
{
	struct diag d = { 0 };
	struct diag_group *g;
	(void)state;
	diag_add(&d, DIAG_WARNING, "m.csv", 2, "mentor.00@example.org signed up again on line 5");
	diag_add(&d, DIAG_WARNING, "m.csv", 3, "mentor.01@example.org signed up again on line 7");
	diag_add(&d, DIAG_WARNING, "m.csv", 4, "mentor.00@example.org signed up again on line 5");
	diag_add(&d, DIAG_WARNING, "m.csv", 8, "grade SCS1 is too high");
	diag_add(&d, DIAG_WARNING, "m.csv", 9, "grade SCS2 is too high");
	size_t ng = diag_group(&d, 0, d.n, &g);
	assert_int_equal(ng, 4);
	assert_int_equal(g[0].n, 2);
	assert_string_equal(fmt(&d, g, 0), "m.csv: warning: 2 rows: mentor.00@example.org signed "
			    "up again on line 5 (lines 2, 4)");
	assert_int_equal(g[1].n, 1);
	assert_int_equal(g[2].n, 1);
	assert_int_equal(g[3].n, 1);
	diag_groups_free(g, ng);
	diag_free(&d);
}

/* Numbers that differ become "..."; those that agree stay. */
static void test_numbers(void **state)
{
	struct diag d = { 0 };
	struct diag_group *g;
	(void)state;
	diag_add(&d, DIAG_WARNING, "c.csv", 4, "row has 8 fields but the header has 10; the last 2 are left empty");
	diag_add(&d, DIAG_WARNING, "c.csv", 7, "row has 9 fields but the header has 10; the last 1 is left empty");
	diag_add(&d, DIAG_WARNING, "c.csv", 9, "row has 8 fields but the header has 10; the last 2 are left empty");
	diag_add(&d, DIAG_WARNING, "c.csv", 12, "row has 7 fields but the header has 10; the last 3 are left empty");
	diag_add(&d, DIAG_WARNING, "c.csv", 13, "score 2.5 is below 3");
	diag_add(&d, DIAG_WARNING, "c.csv", 14, "score 1.25 is below 3");
	size_t ng = diag_group(&d, 0, d.n, &g);
	assert_int_equal(ng, 3);
	assert_string_equal(fmt(&d, g, 0), "c.csv: warning: 3 rows: row has ... fields but the "
			    "header has 10; the last ... are left empty (lines 4, 9, 12)");
	assert_string_equal(fmt(&d, g, 1), "c.csv:7: warning: row has 9 fields but the header has "
			    "10; the last 1 is left empty");
	assert_string_equal(fmt(&d, g, 2), "c.csv: warning: 2 rows: score ... is below 3 (lines 13-14)");
	diag_groups_free(g, ng);
	diag_free(&d);
}

static void test_many_lines(void **state)
{
	struct diag d = { 0 };
	struct diag_group *g;
	(void)state;
	for (unsigned long line = 2; line <= 20; line += 2)
		diag_add(&d, DIAG_WARNING, "m.csv", line, "capacity \"%lu\" is blank", line);
	size_t ng = diag_group(&d, 0, d.n, &g);
	assert_int_equal(ng, 1);
	assert_int_equal(g[0].n, 10);
	assert_string_equal(fmt(&d, g, 0), "m.csv: warning: 10 rows: capacity \"...\" is blank "
			    "(lines 2, 4, 6, 8, 10, 12 and 4 more)");
	diag_groups_free(g, ng);
	diag_free(&d);

	/* 2000 rows in a row: one range */
	for (unsigned long line = 2; line <= 2001; line++)
		diag_add(&d, DIAG_WARNING, "big.csv", line, EMAIL_MSG, line % 2 ? "a" : "b");
	ng = diag_group(&d, 0, d.n, &g);
	assert_int_equal(ng, 1);
	assert_int_equal(g[0].n, 2000);
	for (size_t i = 0; i < 2000; i++)
		assert_int_equal(g[0].items[i], i);
	assert_string_equal(fmt(&d, g, 0), "big.csv: warning: 2000 rows: \"...\" is not an e-mail "
			    "address; check which column is mapped to the email field (lines 2-2001)");
	diag_groups_free(g, ng);
	diag_free(&d);
}

/* Without lines: counted; in a profile: lines; on one line twice: times. */
static void test_times_and_lines(void **state)
{
	struct diag d = { 0 };
	struct diag_group *g;
	(void)state;
	diag_add(&d, DIAG_WARNING, "p.ini", 0, "rule when: nobody answered \"Atlantis\"");
	diag_add(&d, DIAG_WARNING, "p.ini", 0, "rule when: nobody answered \"Atlantis\"");
	diag_add(&d, DIAG_WARNING, "q.ini", 3, "unknown key \"colour\"");
	diag_add(&d, DIAG_WARNING, "q.ini", 8, "unknown key \"size\"");
	diag_add(&d, DIAG_NOTE, "m.csv", 5, "Pat is on both sides");
	diag_add(&d, DIAG_NOTE, "m.csv", 5, "Pat is on both sides");
	size_t ng = diag_group(&d, 0, d.n, &g);
	assert_int_equal(ng, 3);
	assert_string_equal(fmt(&d, g, 0), "p.ini: warning: rule when: nobody answered "
			    "\"Atlantis\" (2 times)");
	assert_string_equal(fmt(&d, g, 1), "q.ini: warning: 2 lines: unknown key \"...\" (lines 3, 8)");
	assert_string_equal(fmt(&d, g, 2), "m.csv: note: 2 times: Pat is on both sides (line 5)");
	diag_groups_free(g, ng);
	diag_free(&d);
}

/* Only the items [from, to) are grouped; a short buffer is cut. */
static void test_range_and_cut(void **state)
{
	struct diag d = { 0 };
	struct diag_group *g;
	char small[24];
	(void)state;
	for (unsigned long line = 2; line <= 6; line++)
		diag_add(&d, DIAG_WARNING, "m.csv", line, "grade \"%lu\" is not on the scale", line);
	size_t ng = diag_group(&d, 2, 4, &g);
	assert_int_equal(ng, 1);
	assert_int_equal(g[0].first, 2);
	assert_int_equal(g[0].n, 2);
	assert_string_equal(fmt(&d, g, 0),
			    "m.csv: warning: 2 rows: grade \"...\" is not on the scale (lines 4-5)");
	diag_group_format(&d, &g[0], small, sizeof small);
	assert_string_equal(small, "m.csv: warning: 2 rows:");
	diag_groups_free(g, ng);
	assert_int_equal(diag_group(&d, 4, 4, &g), 0);
	assert_null(g);
	assert_int_equal(diag_group(&d, 3, 99, &g), 1);   /* to is capped */
	assert_int_equal(g[0].n, 2);
	diag_groups_free(g, 1);
	diag_free(&d);
}

static void test_print_grouped(void **state)
{
	struct diag d = { 0 };
	char *text = NULL;
	size_t len = 0;
	(void)state;
	diag_add(&d, DIAG_WARNING, "m.csv", 2, EMAIL_MSG, "a");
	diag_add(&d, DIAG_ERROR, NULL, 0, "no profile");
	diag_add(&d, DIAG_WARNING, "m.csv", 3, EMAIL_MSG, "b");
	FILE *f = open_memstream(&text, &len);
	assert_non_null(f);
	diag_print_grouped(&d, f);
	fclose(f);
	assert_string_equal(text,
		"m.csv: warning: 2 rows: \"...\" is not an e-mail address; check which column is "
		"mapped to the email field (lines 2-3)\n"
		"error: no profile\n");
	free(text);
	diag_free(&d);
}

static void test_append_new(void **state)
{
	struct diag d = { 0 }, src = { 0 };
	(void)state;
	diag_add(&d, DIAG_WARNING, "m.csv", 2, "one");
	diag_add(&d, DIAG_NOTE, NULL, 0, "two");
	diag_add(&src, DIAG_WARNING, "m.csv", 2, "one");      /* held: left out */
	diag_add(&src, DIAG_WARNING, "m.csv", 3, "one");      /* another line */
	diag_add(&src, DIAG_NOTE, "two", 0, "two");           /* a file, not none */
	diag_add(&src, DIAG_NOTE, NULL, 0, "two");            /* held */
	diag_add(&src, DIAG_ERROR, "m.csv", 2, "one");        /* another level */
	diag_add(&src, DIAG_WARNING, "m.csv", 3, "one");      /* twice in src: both */
	diag_append_new(&d, &src);
	assert_int_equal(d.n, 6);
	assert_int_equal(d.items[2].line, 3);
	assert_string_equal(d.items[3].file, "two");
	assert_int_equal(d.items[4].level, DIAG_ERROR);
	assert_int_equal(d.items[5].line, 3);
	diag_free(&d);
	diag_free(&src);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_values_differ),
		cmocka_unit_test(test_same_value_kept),
		cmocka_unit_test(test_level_and_file_apart),
		cmocka_unit_test(test_digits_in_words),
		cmocka_unit_test(test_numbers),
		cmocka_unit_test(test_many_lines),
		cmocka_unit_test(test_times_and_lines),
		cmocka_unit_test(test_range_and_cut),
		cmocka_unit_test(test_print_grouped),
		cmocka_unit_test(test_append_new),
	};
	return cmocka_run_group_tests_name("diag", tests, NULL, NULL);
}
