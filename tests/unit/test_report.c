/* The import report (report.c) on tests/data/import (duplicates, both sides,
 * empty and off-scale values, short, long and unclosed rows, no email), on
 * missing columns, and on C13 (the same person in both files). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "mentormatch/mapping.h"
#include "mentormatch/report.h"
#include "mentormatch/score.h"

#define CIVIL "config/civil-service.ini"
#define IMPORT "tests/data/import/"
#define CASES "tests/data/cases/"

static void print_diag(const struct diag *d)
{
	for (size_t i = 0; i < d->n; i++) {
		char buf[512];
		diag_format(&d->items[i], buf, sizeof buf);
		print_message("  %s\n", buf);
	}
}

/* A session as batch mode makes it: the profile's mapping as it is. */
static void open_session(struct session *s, struct diag *d, const char *profile,
			 const char *mentors, const char *mentees)
{
	session_init(s);
	s->strict_columns = 1;
	if (session_load_profile(s, profile, d) != 0 ||
	    session_load_file(s, SIDE_MENTOR, mentors, d) != 0 ||
	    session_load_file(s, SIDE_MENTEE, mentees, d) != 0) {
		print_diag(d);
		fail();
	}
}

static void assert_lines(const struct report_lines *l, size_t n, const unsigned long *want)
{
	if (l->n != n) {
		print_message("%zu lines, expected %zu\n", l->n, n);
		fail();
	}
	for (size_t i = 0; i < n; i++)
		assert_int_equal(l->line[i], want[i]);
}

#define LINES(l, ...) \
	do { \
		static const unsigned long want_[] = { __VA_ARGS__ }; \
		assert_lines((l), sizeof want_ / sizeof want_[0], want_); \
	} while (0)

static const struct report_field *rfield(const struct import_report *r, enum side side,
					 const char *name)
{
	const struct report_file *f = &r->file[side];
	for (size_t k = 0; k < f->nfields; k++)
		if (!strcmp(r->prof->fields[f->fields[k].field].name, name))
			return &f->fields[k];
	print_message("no report of field %s\n", name);
	fail();
	return NULL;
}

/* Display columns of a line of UTF-8 (CJK counts 2). */
static size_t columns(const char *s, size_t n)
{
	size_t w = 0;
	for (size_t i = 0; i < n;) {
		unsigned char c = (unsigned char)s[i];
		size_t len = c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
		unsigned long cp = c;
		if (len == 3)
			cp = ((c & 0x0Fu) << 12) | (((unsigned char)s[i + 1] & 0x3Fu) << 6) |
			     ((unsigned char)s[i + 2] & 0x3Fu);
		w += cp >= 0x4E00 && cp <= 0x9FFF ? 2 : 1;
		i += len;
	}
	return w;
}

/* report_print into a string; every line fits 80 columns. */
static char *print_to_string(const struct import_report *r)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	assert_non_null(f);
	report_print(r, f);
	assert_int_equal(fclose(f), 0);
	for (const char *p = text; *p;) {
		const char *nl = strchr(p, '\n');
		assert_non_null(nl);  /* every line ends */
		if (columns(p, (size_t)(nl - p)) > 80) {
			print_message("line wider than 80 columns: %.*s\n", (int)(nl - p), p);
			fail();
		}
		p = nl + 1;
	}
	return text;
}

/* ---- the import fixture ------------------------------------------------------ */

static void test_import_fixture(void **state)
{
	struct session s;
	struct diag d = { 0 };
	struct import_report r;
	(void)state;

	open_session(&s, &d, CIVIL, IMPORT "mentors.csv", IMPORT "mentees.csv");
	assert_int_equal(session_prepare(&s, &d), 0);
	assert_int_equal(report_build(&s, &r), 0);
	assert_true(r.have_profile);
	assert_true(r.have_dataset);
	assert_int_equal(report_untrustworthy(&r), 0);

	const struct report_file *m = &r.file[SIDE_MENTOR], *e = &r.file[SIDE_MENTEE];
	assert_string_equal(m->path, IMPORT "mentors.csv");
	assert_int_equal(m->rows, 6);
	assert_int_equal(m->people, 5);
	assert_int_equal(m->too_many.n, 0);
	assert_int_equal(m->unclosed.n, 0);
	LINES(&m->too_few, 7);
	assert_int_equal(m->nmissing, 0);
	assert_int_equal(m->no_email.n, 0);
	/* Ann signed up on lines 2 and 5 (ANN.A): the last one is used */
	assert_int_equal(m->ndups, 1);
	assert_string_equal(m->dups[0].email, "ANN.A@example.org");
	assert_int_equal(m->dups[0].kept_line, 5);
	LINES(&m->dups[0].dropped, 2);
	/* the mentors' fields read by the rules, in profile order */
	assert_int_equal(m->nfields, 4);
	const struct report_field *g = rfield(&r, SIDE_MENTOR, "grade");
	assert_false(g->unmapped);
	assert_int_equal(g->empty.n, 0);
	assert_int_equal(g->nbad, 1);
	assert_string_equal(g->bad[0].text, "Grade Seven");
	LINES(&g->bad[0].lines, 6);
	LINES(&rfield(&r, SIDE_MENTOR, "profession")->empty, 3);
	LINES(&rfield(&r, SIDE_MENTOR, "characteristics")->empty, 4, 6, 7);
	assert_int_equal(rfield(&r, SIDE_MENTOR, "organisation")->empty.n, 0);

	assert_int_equal(e->rows, 8);
	assert_int_equal(e->people, 6);
	assert_int_equal(e->too_few.n, 0);
	/* Fay signed up three times (lines 2, 5, 9; emails in two cases) */
	assert_int_equal(e->ndups, 1);
	assert_string_equal(e->dups[0].email, "fay.f@example.org");
	assert_int_equal(e->dups[0].kept_line, 9);
	LINES(&e->dups[0].dropped, 2, 5);
	assert_int_equal(e->nfields, 4);
	g = rfield(&r, SIDE_MENTEE, "grade");
	LINES(&g->empty, 4);
	assert_int_equal(g->nbad, 1);  /* "AO " and "eo" are on the scale */
	assert_string_equal(g->bad[0].text, "Higher Executive Officer");
	LINES(&g->bad[0].lines, 8);
	LINES(&rfield(&r, SIDE_MENTEE, "profession")->empty, 4);
	LINES(&rfield(&r, SIDE_MENTEE, "identity")->empty, 3, 4, 7, 8);

	/* Pat: Pat.Q@ in the mentors' file, pat.q@ in the mentees' */
	assert_int_equal(r.nboth, 1);
	assert_string_equal(r.both[0].name, "Pat Quinn");
	assert_string_equal(r.both[0].email[SIDE_MENTOR], "Pat.Q@example.org");
	assert_string_equal(r.both[0].email[SIDE_MENTEE], "pat.q@example.org");
	assert_int_equal(r.both[0].line[SIDE_MENTOR], 4);
	assert_int_equal(r.both[0].line[SIDE_MENTEE], 3);
	assert_int_equal(r.both[0].person[SIDE_MENTOR], 1);
	assert_int_equal(r.both[0].person[SIDE_MENTEE], 0);

	char *text = print_to_string(&r);
	static const char *const want[] = {
		"Import report\nmentors: tests/data/import/mentors.csv\n  6 rows loaded; 5 people\n",
		"\n  fewer fields than the header, the rest left empty: line 7\n",
		"\n  signed up more than once (the last sign-up is used): 1 person\n"
		"    ANN.A@example.org: line 2 left out, line 5 used\n",
		"\n  grade: 1 not on the scale, counted as missing: \"Grade Seven\" (line 6)\n",
		"\n  characteristics: 3 empty (lines 4, 6 and 7)\n",
		"\n    fay.f@example.org: lines 2 and 5 left out, line 9 used\n",
		"\n  identity to match: 4 empty (lines 3, 4, 7 and 8)\n",
		"\nin both files (never matched with themselves): 1 person\n"
		"  Pat Quinn <Pat.Q@example.org>: mentors line 4, mentees line 3\n",
	};
	for (size_t k = 0; k < sizeof want / sizeof want[0]; k++)
		if (!strstr(text, want[k])) {
			print_message("missing:\n%s\nin:\n%s", want[k], text);
			fail();
		}
	assert_null(strstr(text, "cannot be trusted"));
	assert_null(strstr(text, "organisation:"));   /* nothing to say about it */
	free(text);
	report_free(&r);
	assert_int_equal(r.nboth, 0);
	assert_null(r.file[0].path);
	report_free(&r);   /* twice is harmless */
	session_free(&s);
	diag_free(&d);
}

/* Rows not loaded and a person without an email: untrustworthy. */
static void test_untrustworthy(void **state)
{
	struct session s;
	struct diag d = { 0 };
	struct import_report r;
	(void)state;

	open_session(&s, &d, CIVIL, IMPORT "mentors.csv", IMPORT "mentees-bad.csv");
	assert_int_equal(session_prepare(&s, &d), 0);
	assert_int_equal(report_build(&s, &r), 0);
	const struct report_file *e = &r.file[SIDE_MENTEE];
	assert_int_equal(e->rows, 2);
	assert_int_equal(e->people, 2);
	LINES(&e->too_many, 4);     /* "Dept C, Leeds": 12 fields */
	LINES(&e->unclosed, 5);     /* "Says ""hi ... to the end */
	LINES(&e->no_email, 3);
	assert_int_equal(report_untrustworthy(&r), REPORT_ROWS_SKIPPED | REPORT_NO_EMAIL);
	char *text = print_to_string(&r);
	assert_non_null(strstr(text, "\n  2 rows loaded, 2 not loaded; 2 people\n"));
	assert_non_null(strstr(text, "\n  not loaded, a quoted value that never closes (a stray \"?): line 5\n"));
	assert_non_null(strstr(text, "\n  no email address: line 3\n"));
	assert_non_null(strstr(text, "\nThe match cannot be trusted: rows were not loaded; someone "
			       "has no email address.\n    Fix the file"));
	free(text);
	report_free(&r);
	session_free(&s);
	diag_free(&d);
}

/* A mapped header the file lacks, and an email field not mapped at all: the
 * participants cannot be read, the report still says why. */
static void test_missing_column(void **state)
{
	struct session s;
	struct diag d = { 0 };
	struct import_report r;
	(void)state;

	open_session(&s, &d, CIVIL, "tests/data/golden/mentors.csv", "tests/data/golden/mentees.csv");
	int grade = profile_field_index(&s.prof, "grade"), email = profile_field_index(&s.prof, "email");
	assert_int_equal(profile_set_column(&s.prof, SIDE_MENTEE, (size_t)grade, "level"), 0);
	assert_int_equal(profile_set_column(&s.prof, SIDE_MENTOR, (size_t)email, NULL), 0);
	session_invalidate(&s);
	assert_int_equal(session_prepare(&s, &d), -1);
	assert_int_equal(report_build(&s, &r), 0);
	assert_true(r.have_profile);
	assert_false(r.have_dataset);
	assert_int_equal(r.file[SIDE_MENTOR].rows, 6);
	assert_int_equal(r.file[SIDE_MENTOR].people, 0);
	assert_int_equal(r.file[SIDE_MENTOR].nmissing, 1);
	assert_int_equal(r.file[SIDE_MENTOR].missing[0].field, (size_t)email);
	assert_null(r.file[SIDE_MENTOR].missing[0].header);
	assert_int_equal(r.file[SIDE_MENTEE].nmissing, 1);
	assert_int_equal(r.file[SIDE_MENTEE].missing[0].field, (size_t)grade);
	assert_string_equal(r.file[SIDE_MENTEE].missing[0].header, "level");
	assert_int_equal(r.nboth, 0);
	assert_int_equal(report_untrustworthy(&r), REPORT_COLUMN_MISSING);
	char *text = print_to_string(&r);
	assert_non_null(strstr(text, "\n  missing column: \"level\" (for the field grade); nobody can "
			       "be read until it is\n    mapped\n"));
	assert_non_null(strstr(text, "\n  the field email is not mapped to any column"));
	assert_non_null(strstr(text, "\n  6 rows loaded\n"));   /* no people count */
	free(text);
	report_free(&r);
	session_free(&s);
	diag_free(&d);
}

/* No profile, one file: only the rows are known. */
static void test_partial_session(void **state)
{
	struct session s;
	struct diag d = { 0 };
	struct import_report r;
	(void)state;

	session_init(&s);
	assert_int_equal(session_load_file(&s, SIDE_MENTOR, CASES "C07_ragged_rows.csv", &d), 0);
	assert_int_equal(report_build(&s, &r), 0);
	assert_false(r.have_profile);
	assert_false(r.have_dataset);
	assert_int_equal(r.file[SIDE_MENTOR].rows, 3);
	LINES(&r.file[SIDE_MENTOR].too_few, 3);
	LINES(&r.file[SIDE_MENTOR].too_many, 4);
	assert_null(r.file[SIDE_MENTEE].path);
	assert_int_equal(report_untrustworthy(&r), REPORT_NOT_LOADED | REPORT_ROWS_SKIPPED);
	char *text = print_to_string(&r);
	assert_non_null(strstr(text, "mentees: (no file loaded)\n"));
	free(text);
	report_free(&r);
	session_free(&s);
	diag_free(&d);
}

static void test_format_lines(void **state)
{
	unsigned long l[] = { 4, 9, 12, 15, 20, 31, 40, 41 };
	struct report_lines rl = { l, 0 };
	char buf[64];
	static const char *const want[] = {
		"", "line 4", "lines 4 and 9", "lines 4, 9 and 12", "lines 4, 9, 12 and 15",
		"lines 4, 9, 12 and 2 more", "lines 4, 9, 12 and 3 more",
		"lines 4, 9, 12 and 4 more", "lines 4, 9, 12 and 5 more",
	};
	(void)state;
	for (size_t n = 0; n <= 8; n++) {
		rl.n = n;
		report_format_lines(&rl, buf, sizeof buf);
		assert_string_equal(buf, want[n]);
	}
	/* truncated, still terminated */
	rl.n = 8;
	report_format_lines(&rl, buf, 10);
	assert_string_equal(buf, "lines 4, ");
	report_format_lines(&rl, buf, 0);   /* writes nothing */
}

/* Long paths, long values and many problems still fit 80 columns. */
static void test_print_fits(void **state)
{
	struct session s;
	struct diag d = { 0 };
	struct import_report r;
	char path[200];
	(void)state;

	session_init(&s);
	s.strict_columns = 1;
	assert_int_equal(session_load_profile(&s, CIVIL, &d), 0);
	memset(path, 'p', sizeof path - 1);
	path[sizeof path - 1] = '\0';
	memcpy(path + 20, " with spaces and/", 17);
	static const char mentors[] =
		"first name,last name,email address,grade,organisation,profession,characteristics\n"
		"A,A,a@x.org,Grade 70 with a very long explanation that nobody reads through,O,P,\n"
		"B,B,b@x.org,Chief,O,P,\n"
		"C,C,c@x.org,Chief,O,P,\n"
		"D,D,d@x.org,X1,O,P,\n"
		"E,E,e@x.org,X2,O,P,\n"
		"F,F,f@x.org,X3,O,P,\n"
		"G,G,g@x.org,X4,O,P,\n"
		"H,H,h@x.org,,O,P,\n"
		"I,I,i@x.org,,O,P,\n"
		"J,J,j@x.org,,O,P,\n"
		"K,K,k@x.org,,O,P,\n"
		"L,L,l@x.org,,O,P,\n"
		"王,小明,wang@x.org,SEO,O,P,\n";
	static const char mentees[] =
		"first name,last name,email address,grade,organisation,profession,identity to match\n"
		"王,小明,WANG@x.org,HEO,O,P,\n";
	assert_int_equal(table_load_mem(&s.tab[SIDE_MENTOR], path, mentors, strlen(mentors), 0, &d), 0);
	s.have_table[SIDE_MENTOR] = 1;
	assert_int_equal(table_load_mem(&s.tab[SIDE_MENTEE], "e.csv", mentees, strlen(mentees), 0, &d), 0);
	s.have_table[SIDE_MENTEE] = 1;
	/* the civil service profile maps more columns than these files have */
	for (size_t f = 0; f < s.prof.nfields; f++)
		for (int side = 0; side < SIDE_COUNT; side++)
			if (s.prof.columns[side][f] &&
			    mapping_find_column(&s.tab[side], s.prof.columns[side][f]) < 0)
				assert_int_equal(profile_set_column(&s.prof, (enum side)side, f, NULL), 0);
	assert_int_equal(session_prepare(&s, &d), 0);
	assert_int_equal(report_build(&s, &r), 0);
	const struct report_field *g = rfield(&r, SIDE_MENTOR, "grade");
	assert_int_equal(g->nbad, 6);
	assert_string_equal(g->bad[0].text, "Chief");          /* the most frequent first */
	LINES(&g->bad[0].lines, 3, 4);
	assert_string_equal(g->bad[1].text,
			    "Grade 70 with a very long explanation that nobody reads through");
	LINES(&g->empty, 9, 10, 11, 12, 13);
	assert_true(rfield(&r, SIDE_MENTEE, "identity")->empty.n == 1);
	char *text = print_to_string(&r);
	assert_non_null(strstr(text, "\"Grade 70 with a very long explanation...\"\n    (line 2)"));
	assert_non_null(strstr(text, "\nmentors: pppppppppppppppppppp with spaces\n    and/ppp"));
	assert_non_null(strstr(text, "5 empty (lines 9, 10, 11 and 2 more)"));
	assert_non_null(strstr(text, "and 1 more value\n"));
	assert_non_null(strstr(text, "\n  王 小明 <wang@x.org>: mentors line 14, mentees line 2\n"));
	free(text);
	report_free(&r);
	session_free(&s);
	diag_free(&d);
}

/* ---- C13: the same person in both files ------------------------------------- */

/* Pat signs up as a mentor (pat.example@) and as a mentee (Pat.Example@).
 * Pat with Pat scores highest, as every answer is the same, and must never
 * be matched; the only result that places all four people is Chris (mentor)
 * with Pat (mentee) and Pat (mentor) with Robin. */
static void check_c13_match(struct session *s, struct diag *d)
{
	assert_int_equal(session_match(s, d), 0);
	assert_int_equal(s->res.npairs, 2);
	/* mentors: 0 Pat, 1 Chris; mentees: 0 Pat, 1 Robin */
	assert_true(match_find(&s->res, 0, 1) >= 0);   /* Pat (mentor) - Robin */
	assert_true(match_find(&s->res, 1, 0) >= 0);   /* Chris - Pat (mentee) */
	assert_true(match_find(&s->res, 0, 0) < 0);
}

static void test_c13_both_sides(void **state)
{
	struct session s;
	struct diag d = { 0 };
	struct import_report r;
	char name[64];
	(void)state;

	open_session(&s, &d, "tests/data/profiles/c13.ini", CASES "C13_mentors.csv",
		     CASES "C13_mentees.csv");
	assert_int_equal(session_prepare(&s, &d), 0);
	const struct dataset *ds = &s.ds;
	assert_int_equal(ds->side[SIDE_MENTOR].n, 2);
	assert_int_equal(ds->side[SIDE_MENTEE].n, 2);
	dataset_name(ds, SIDE_MENTOR, 0, name, sizeof name);
	assert_string_equal(name, "Pat Example");
	dataset_name(ds, SIDE_MENTOR, 1, name, sizeof name);
	assert_string_equal(name, "Chris Sample");
	dataset_name(ds, SIDE_MENTEE, 1, name, sizeof name);
	assert_string_equal(name, "Robin Test");
	assert_int_equal(dataset_capacity(ds, SIDE_MENTOR, 1), 1);

	/* the user is told: a note, and the report */
	int noted = 0;
	for (size_t k = 0; k < d.n; k++)
		if (d.items[k].level == DIAG_NOTE && d.items[k].line == 2 &&
		    strstr(d.items[k].msg, "is both a mentor") && strstr(d.items[k].msg, "line 2"))
			noted = 1;
	assert_true(noted);
	assert_int_equal(report_build(&s, &r), 0);
	assert_int_equal(report_untrustworthy(&r), 0);
	assert_int_equal(r.nboth, 1);
	assert_string_equal(r.both[0].name, "Pat Example");
	assert_string_equal(r.both[0].email[SIDE_MENTOR], "pat.example@example.org");
	assert_string_equal(r.both[0].email[SIDE_MENTEE], "Pat.Example@example.org");
	assert_int_equal(r.both[0].line[SIDE_MENTOR], 2);
	assert_int_equal(r.both[0].line[SIDE_MENTEE], 2);
	char *text = print_to_string(&r);
	assert_non_null(strstr(text, "in both files (never matched with themselves): 1 person\n"
			       "  Pat Example <pat.example@example.org>: mentors line 2, mentees line 2\n"));
	free(text);
	report_free(&r);

	/* Pat with Pat: the highest rule score, not allowed (same person) */
	struct score_part parts[8];
	size_t np;
	long sc, best = 0;
	assert_false(score_pair(ds, 0, 0, &sc, parts, &np));
	assert_int_equal(sc, 21);   /* same profession 10, grade 5, characteristic 6 */
	assert_int_equal(parts[0].rule, SCORE_RULE_SAME_PERSON);
	for (size_t i = 0; i < 2; i++)
		for (size_t j = 0; j < 2; j++) {
			long x;
			int ok = score_pair(ds, i, j, &x, NULL, NULL);
			if (i == 0 && j == 0)
				continue;
			assert_true(ok);
			assert_true(x < 21);
			if (x > best)
				best = x;
		}
	assert_int_equal(best, 16);
	/* the allowed pairs never include Pat with Pat */
	for (size_t k = s.edges.start[0]; k < s.edges.start[1]; k++)
		assert_int_not_equal(s.edges.mentee[k], 0);

	/* every way of pairing them (capacity 1 each): only one places everyone */
	int placing_all = 0;
	for (unsigned mask = 0; mask < 16; mask++) {
		/* bit 2i+j: mentor i with mentee j */
		unsigned deg_m[2] = { 0, 0 }, deg_e[2] = { 0, 0 };
		int ok = 1;
		for (unsigned b = 0; b < 4; b++)
			if (mask & (1u << b)) {
				long x;
				ok &= score_pair(ds, b / 2, b % 2, &x, NULL, NULL);
				deg_m[b / 2]++;
				deg_e[b % 2]++;
			}
		if (!ok || deg_m[0] > 1 || deg_m[1] > 1 || deg_e[0] > 1 || deg_e[1] > 1)
			continue;
		if (deg_m[0] && deg_m[1] && deg_e[0] && deg_e[1]) {
			placing_all++;
			assert_int_equal(mask, (1u << 1) | (1u << 2));  /* Pat-Robin, Chris-Pat */
		}
	}
	assert_int_equal(placing_all, 1);

	/* the solver finds it: capacity mode, both objectives, and rounds */
	check_c13_match(&s, &d);
	s.prof.solve.objective = OBJECTIVE_QUALITY;
	check_c13_match(&s, &d);
	s.prof.solve.mode = MODE_ROUNDS;
	s.prof.solve.rounds = 1;
	check_c13_match(&s, &d);
	assert_int_equal(diag_count(&d, DIAG_ERROR), 0);
	session_free(&s);
	diag_free(&d);
}

/* People with capacity 0 take part in no match: the report lists them
 * (their own capacity 0, or the side's default 0 for a blank cell). */
static void test_capacity_zero(void **state)
{
	static const char *const text[3] = { NULL,
		"email,cap\na@x,0\nb@x,2\nc@x,0\nd@x,1\n",
		"email\ne@x\n" };
	char dir[] = "/tmp/mmtest-report-XXXXXX", path[3][128];
	struct session s;
	struct diag d = { 0 };
	struct import_report r;
	(void)state;
	assert_non_null(mkdtemp(dir));
	for (int i = 0; i < 3; i++) {
		snprintf(path[i], sizeof path[i], "%s/%d.%s", dir, i, i ? "csv" : "ini");
		FILE *f = fopen(path[i], "w");
		assert_non_null(f);
		fputs(i ? text[i] : "[profile]\nformat = 1\n"
		      "[solve]\nmode = capacity\nmentee_capacity = 0\nmentor_capacity_field = cap\n"
		      "[field.email]\ntype = email\n[field.cap]\ntype = number\n"
		      "[columns.mentors]\nemail = email\ncap = cap\n"
		      "[columns.mentees]\nemail = email\n", f);
		assert_int_equal(fclose(f), 0);
	}
	open_session(&s, &d, path[0], path[1], path[2]);
	assert_int_equal(session_prepare(&s, &d), 0);
	assert_int_equal(report_build(&s, &r), 0);
	LINES(&r.file[SIDE_MENTOR].no_capacity, 2, 4);
	LINES(&r.file[SIDE_MENTEE].no_capacity, 2);
	assert_int_equal(report_untrustworthy(&r), 0);
	char *out = print_to_string(&r);
	if (!strstr(out, "  capacity 0, so in no match: 2 people (lines 2 and 4)\n") ||
	    !strstr(out, "  capacity 0, so in no match: 1 person (line 2)\n")) {
		print_message("%s", out);
		fail();
	}
	free(out);
	report_free(&r);
	session_free(&s);
	diag_free(&d);
	for (int i = 0; i < 3; i++)
		unlink(path[i]);
	rmdir(dir);
}

/* A session on a profile and two files written to a temporary folder
 * (removed again), prepared. */
static void open_texts(struct session *s, struct diag *d, const char *profile,
		       const char *mentors, const char *mentees, char path[3][128])
{
	char dir[] = "/tmp/mmtest-report-XXXXXX";
	const char *text[3] = { profile, mentors, mentees };
	assert_non_null(mkdtemp(dir));
	for (int i = 0; i < 3; i++) {
		snprintf(path[i], 128, "%s/%d.%s", dir, i, i ? "csv" : "ini");
		FILE *f = fopen(path[i], "w");
		assert_non_null(f);
		assert_true(fputs(text[i], f) >= 0);
		assert_int_equal(fclose(f), 0);
	}
	open_session(s, d, path[0], path[1], path[2]);
	int rc = session_prepare(s, d);
	for (int i = 0; i < 3; i++)
		unlink(path[i]);
	rmdir(dir);
	if (rc != 0) {
		print_diag(d);
		fail();
	}
}

static const struct diag_item *find_msg(const struct diag *d, const char *text)
{
	for (size_t i = 0; i < d->n; i++)
		if (strstr(d->items[i].msg, text))
			return &d->items[i];
	print_message("no message with \"%s\" in:\n", text);
	print_diag(d);
	return NULL;
}

static size_t count_msg(const struct diag *d, const char *text)
{
	size_t n = 0;
	for (size_t i = 0; i < d->n; i++)
		n += strstr(d->items[i].msg, text) != NULL;
	return n;
}

/* Values the profile names that nobody answered: a when value, a table
 * value written the same on both sides (said once, not twice), a wildcard;
 * each with the profile's line, in the messages and in the report. */
static void test_unanswered_values(void **state)
{
	static const char profile[] =
		"[profile]\nformat = 1\n"                              /* 1-2 */
		"[field.email]\ntype = email\n"                        /* 3-4 */
		"[field.topic]\ntype = category\n"                     /* 5-6 */
		"wildcard = Anything | Atlantis\n"                     /* 7 */
		"[columns.mentors]\nemail = email\ntopic = topic\n"    /* 8-10 */
		"[columns.mentees]\nemail = email\ntopic = topic\n"    /* 11-13 */
		"[rule.t]\nkind = table\nfield = topic\n"              /* 14-16 */
		"pairs = Art => Art | Menopause => Menopause\n"        /* 17 */
		"weight = 5\n"                                         /* 18 */
		"when = mentee.topic = Art | Cooking\n";               /* 19 */
	struct session s;
	struct diag d = { 0 };
	struct import_report r;
	char path[3][128];
	(void)state;
	open_texts(&s, &d, profile, "email,topic\na@x,Art\nb@x,Anything\n",
		   "email,topic\nc@x,Art\n", path);
	const struct diag_item *it = find_msg(&d, "rule t, pairs: nobody answered \"Menopause\" "
					      "to topic, so that value never matches");
	assert_non_null(it);
	assert_string_equal(it->file, path[0]);
	assert_int_equal(it->line, 17);
	assert_int_equal(count_msg(&d, "\"Menopause\""), 1);
	it = find_msg(&d, "rule t, when: nobody answered \"Cooking\" to topic");
	assert_non_null(it);
	assert_int_equal(it->line, 19);
	it = find_msg(&d, "field topic, wildcard: nobody answered \"Atlantis\", so nobody is "
		      "read as fitting anyone by it (check its spelling)");
	assert_non_null(it);
	assert_int_equal(it->line, 7);
	assert_int_equal(count_msg(&d, "nobody answered"), 3);

	assert_int_equal(report_build(&s, &r), 0);
	assert_int_equal(r.nunanswered, 3);
	assert_string_equal(r.unanswered[0].what, "rule t, when");
	assert_string_equal(r.unanswered[0].value, "Cooking");
	assert_int_equal(r.unanswered[0].line, 19);
	assert_string_equal(r.unanswered[1].what, "rule t, pairs");
	assert_string_equal(r.unanswered[1].value, "Menopause");
	assert_int_equal(r.unanswered[1].line, 17);
	assert_string_equal(r.unanswered[2].what, "field topic, wildcard");
	assert_int_equal(r.unanswered[2].line, 7);
	char *out = print_to_string(&r);
	if (!strstr(out, "\n  3 values nobody answered, so they never match (check the "
		    "spelling):\n    rule t, when (line 19): \"Cooking\" (topic)\n") ||
	    !strstr(out, "    field topic, wildcard (line 7): \"Atlantis\" (topic)\n")) {
		print_message("%s", out);
		fail();
	}
	free(out);
	report_free(&r);
	session_free(&s);
	diag_free(&d);
}

/* A field no column feeds: the report says what it does to each kind of
 * rule that reads it (an unless then always lets its rule apply; a
 * required rule comparing it allows no pair). */
static void test_unmapped_field_words(void **state)
{
	static const char profile[] = "[profile]\nformat = 1\n"
		"[field.email]\ntype = email\n[field.org]\ntype = category\n"
		"[field.lang]\ntype = category\n"
		"[columns.mentors]\nemail = email\norg = org\n"
		"[columns.mentees]\nemail = email\norg = org\n"
		"[rule.o]\nkind = same\nfield = org\nweight = 4\nunless = mentee.lang = French\n"
		"[rule.l]\nlabel = same language\nkind = same\nfield = lang\neffect = require\n"
		"enabled = no\n";
	struct session s;
	struct diag d = { 0 };
	struct import_report r;
	char path[3][128];
	(void)state;
	open_texts(&s, &d, profile, "email,org\na@x,A\n", "email,org\nc@x,A\n", path);
	assert_int_equal(report_build(&s, &r), 0);
	char *out = print_to_string(&r);
	if (!strstr(out, "  lang: no column is mapped to it, so rules with unless on it always "
		    "apply\n")) {
		print_message("%s", out);
		fail();
	}
	assert_null(strstr(out, "never hold"));
	free(out);
	report_free(&r);
	session_free(&s);
	diag_free(&d);

	/* the required rule on: it compares lang, which nobody has */
	static const char on[] = "[profile]\nformat = 1\n"
		"[field.email]\ntype = email\n[field.org]\ntype = category\n"
		"[field.lang]\ntype = category\n"
		"[columns.mentors]\nemail = email\norg = org\n"
		"[columns.mentees]\nemail = email\norg = org\n"
		"[rule.o]\nkind = same\nfield = org\nweight = 4\nunless = mentee.lang = French\n"
		"[rule.l]\nlabel = same language\nkind = same\nfield = lang\neffect = require\n";
	open_texts(&s, &d, on, "email,org\na@x,A\n", "email,org\nc@x,A\n", path);
	assert_int_equal(report_build(&s, &r), 0);
	out = print_to_string(&r);
	if (!strstr(out, "  lang: no column is mapped to it, so rules comparing it never hold "
		    "(same\n    language allows no pair); rules with unless on it always apply\n")) {
		print_message("%s", out);
		fail();
	}
	free(out);
	report_free(&r);
	session_free(&s);
	diag_free(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_import_fixture),
		cmocka_unit_test(test_untrustworthy),
		cmocka_unit_test(test_missing_column),
		cmocka_unit_test(test_partial_session),
		cmocka_unit_test(test_format_lines),
		cmocka_unit_test(test_print_fits),
		cmocka_unit_test(test_c13_both_sides),
		cmocka_unit_test(test_capacity_zero),
		cmocka_unit_test(test_unanswered_values),
		cmocka_unit_test(test_unmapped_field_words),
	};
	return cmocka_run_group_tests_name("report", tests, NULL, NULL);
}
