/* Guessing the fields of a new profile from the spreadsheets' columns
 * (profile_guess.h), on invented look-alikes of six public sign-up data
 * sets (tests/data/guess/README.md).  Each expectation was worked out by
 * reading the fixture: which columns are e-mails, ids, names, numbers,
 * multi-selects (and their separator), scales (and their order), tick-box
 * groups, and which columns of the two files are one question.  Then the
 * profile made from the proposals is checked, written, read back equal, and
 * used for a match with no errors. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "mentormatch/profile_guess.h"
#include "mentormatch/profile_keys.h"
#include "mentormatch/session.h"

#define DIR "tests/data/guess/"

struct fixture {
	struct table t[SIDE_COUNT];
	const struct table *tab[SIDE_COUNT];
	struct profile_guess g;
	struct diag d;
};

static void print_diag(const struct diag *d)
{
	for (size_t i = 0; i < d->n; i++) {
		char buf[512];
		diag_format(&d->items[i], buf, sizeof buf);
		print_message("  %s\n", buf);
	}
}

/* Loads mentors (and mentees, or the same sheet when mentees is NULL and
 * sheet is set) and guesses. */
static void load(struct fixture *f, const char *mentors, const char *mentees, int sheet)
{
	memset(f, 0, sizeof *f);
	assert_int_equal(table_load(&f->t[0], mentors, TABLE_DELIM_AUTO, &f->d), 0);
	f->tab[SIDE_MENTOR] = &f->t[0];
	if (mentees) {
		assert_int_equal(table_load(&f->t[1], mentees, TABLE_DELIM_AUTO, &f->d), 0);
		f->tab[SIDE_MENTEE] = &f->t[1];
	} else if (sheet) {
		f->tab[SIDE_MENTEE] = &f->t[0];
	}
	assert_int_equal(profile_guess(&f->g, f->tab), 0);
}

static void unload(struct fixture *f)
{
	profile_guess_free(&f->g);
	table_free(&f->t[0]);
	table_free(&f->t[1]);
	diag_free(&f->d);
}

static const struct field_guess *find(const struct fixture *f, const char *name)
{
	for (size_t i = 0; i < f->g.n; i++)
		if (!strcmp(f->g.f[i].name, name))
			return &f->g.f[i];
	print_message("no proposal named %s; there are:", name);
	for (size_t i = 0; i < f->g.n; i++)
		print_message(" %s", f->g.f[i].name);
	print_message("\n");
	fail();
	return NULL;
}

/* The header of the column feeding g on side (its first column). */
static const char *col(const struct fixture *f, const struct field_guess *g, enum side side)
{
	assert_true(g->ncols[side] > 0);
	return f->tab[side]->headers[g->cols[side][0]];
}

static void expect(const struct fixture *f, const char *name, enum field_type type, int use,
		   const char *mentor_col, const char *mentee_col)
{
	const struct field_guess *g = find(f, name);
	if (g->type != type || g->use != use)
		print_message("%s: type %d use %d (%s)\n", name, g->type, g->use, g->why);
	assert_int_equal(g->type, type);
	assert_int_equal(g->use, use);
	if (mentor_col)
		assert_string_equal(col(f, g, SIDE_MENTOR), mentor_col);
	else
		assert_int_equal(g->ncols[SIDE_MENTOR], 0);
	if (mentee_col)
		assert_string_equal(col(f, g, SIDE_MENTEE), mentee_col);
	else
		assert_int_equal(g->ncols[SIDE_MENTEE], 0);
}

static void expect_scale(const struct fixture *f, const char *name, const char *const *scale,
			 size_t n)
{
	const struct field_guess *g = find(f, name);
	assert_int_equal(g->nscale, n);
	for (size_t i = 0; i < n; i++)
		assert_string_equal(g->scale[i], scale[i]);
}

/* The profile made from the proposals: no errors from profile_check, and
 * written and read back it is the same; a match on the fixture's files
 * runs with no errors and finds allowed pairs.  Returns nothing; asserts. */
static void apply_and_match(struct fixture *f, const char *mentors, const char *mentees,
			    const char *sheet)
{
	struct profile p, q;
	char err[256], path[] = "/tmp/mm-guess-XXXXXX";
	struct diag d = {0};

	assert_int_equal(profile_guess_apply(&f->g, f->tab, "guessed", &p, err, sizeof err), 0);
	size_t problems = profile_check(&p, &d);
	if (problems)
		print_diag(&d);
	assert_int_equal(problems, 0);
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	assert_int_equal(profile_save(&p, path, &d), 0);
	if (profile_load(&q, path, &d) != 0)
		print_diag(&d);
	assert_int_equal(diag_count(&d, DIAG_ERROR), 0);
	char why[256] = "";
	int same = profile_equal(&p, &q, why, sizeof why);
	if (!same)
		print_message("differs: %s\n", why);
	assert_true(same);
	profile_free(&q);

	struct session s;
	session_init(&s);
	assert_int_equal(session_load_profile(&s, path, &d), 0);
	if (sheet) {
		assert_int_equal(session_load_signups(&s, sheet, &d), 0);
	} else {
		const char *files[SIDE_COUNT] = { mentors, mentees };
		assert_int_equal(session_load_files(&s, files, &d), 0);
	}
	int r = session_match(&s, &d);
	if (r != 0 || diag_count(&d, DIAG_ERROR) > 0)
		print_diag(&d);
	assert_int_equal(r, 0);
	assert_int_equal(diag_count(&d, DIAG_ERROR), 0);
	assert_true(s.have_result);
	session_free(&s);
	unlink(path);
	profile_free(&p);
	diag_free(&d);
}

static void test_flat(void **state)
{
	(void)state;
	struct fixture f;
	load(&f, DIR "flat-mentors.csv", DIR "flat-mentees.csv", 0);
	/* mentor_id and mentee_id: one identity */
	expect(&f, "id", FIELD_ID, 1, "mentor_id", "mentee_id");
	assert_true(find(&f, "id")->role & GUESS_ID);
	expect(&f, "name", FIELD_TEXT, 1, "name", "name");
	assert_true(find(&f, "name")->role & GUESS_NAME);
	expect(&f, "email", FIELD_EMAIL, 1, "email", "email");
	expect(&f, "gender", FIELD_CATEGORY, 1, "gender", "gender");
	/* domain / domain_interest: the same three answers on both sides */
	expect(&f, "domain", FIELD_CATEGORY, 1, "domain", "domain_interest");
	assert_int_equal(find(&f, "domain")->distinct, 3);
	/* skills / current_skills: parts from one list, joined by ", " */
	expect(&f, "skills", FIELD_MULTI, 1, "skills", "current_skills");
	assert_string_equal(find(&f, "skills")->separator, ", ");
	assert_int_equal(find(&f, "skills")->distinct, 8);
	assert_string_equal(find(&f, "skills")->sample[0], "Python");
	assert_int_equal(find(&f, "skills")->sample_n[0], 5);
	expect(&f, "experience_years", FIELD_NUMBER, 1, "experience_years", NULL);
	/* a known scale, over both sides' values, lowest first */
	expect(&f, "expertise_level", FIELD_ORDINAL, 1, "expertise_level", "experience_level");
	static const char *const levels[] = { "Beginner", "Intermediate", "Advanced", "Expert" };
	expect_scale(&f, "expertise_level", levels, 4);
	expect(&f, "max_mentees", FIELD_NUMBER, 1, "max_mentees", NULL);
	assert_true(find(&f, "max_mentees")->role & GUESS_CAPACITY);
	/* long free text and dates: proposed, but skipped */
	expect(&f, "bio", FIELD_TEXT, 0, "bio", NULL);
	expect(&f, "joined_date", FIELD_TEXT, 0, "joined_date", "joined_date");
	assert_true(find(&f, "joined_date")->role & GUESS_TIME);
	expect(&f, "preferred_gender", FIELD_CATEGORY, 1, NULL, "preferred_gender");
	assert_int_equal(f.g.n, 12);
	apply_and_match(&f, DIR "flat-mentors.csv", DIR "flat-mentees.csv", NULL);
	unload(&f);
}

static void test_survey(void **state)
{
	(void)state;
	struct fixture f;
	load(&f, DIR "survey-mentors.csv", DIR "survey-mentees.csv", 0);
	/* "#" with every value different: the identity */
	expect(&f, "id", FIELD_ID, 1, "#", "#");
	assert_string_equal(find(&f, "id")->label, "#");
	/* a header-style tick-box run, with an option nobody ticked (Returning
	 * from leave) inside it: one multi fed by five columns a side */
	const struct field_guess *c = find(&f, "choices");
	assert_int_equal(c->type, FIELD_MULTI);
	assert_true(c->role & GUESS_TICKBOX);
	assert_int_equal(c->ncols[SIDE_MENTOR], 5);
	assert_int_equal(c->ncols[SIDE_MENTEE], 5);
	assert_string_equal(col(&f, c, SIDE_MENTOR), "Career change");
	assert_string_equal(f.tab[0]->headers[c->cols[SIDE_MENTOR][1]], "Returning from leave");
	assert_string_equal(f.tab[0]->headers[c->cols[SIDE_MENTOR][4]], "Other (please specify)");
	/* the question after the options is free text ("tell us more"), not an
	 * option */
	expect(&f, "picked_other_more", FIELD_TEXT, 1,
	       "You picked Other - tell us more. What would you add?",
	       "You picked Other - tell us more. What would you add?");
	/* ranges with en dashes ordered by their first number */
	static const char *const years[] = { "0–2", "3–5", "6–10", "10+" };
	expect(&f, "years_work_experience", FIELD_ORDINAL, 1,
	       "How many years of work experience do you have?",
	       "How many years of work experience do you have?");
	expect_scale(&f, "years_work_experience", years, 4);
	/* a single 0/1 question: a category */
	expect(&f, "mentored_before", FIELD_CATEGORY, 1, "Have you mentored before?", NULL);
	expect(&f, "current_team", FIELD_CATEGORY, 1, "What’s your current team?",
	       "What’s your current team?");
	apply_and_match(&f, DIR "survey-mentors.csv", DIR "survey-mentees.csv", NULL);
	unload(&f);
}

static void test_hangul(void **state)
{
	(void)state;
	struct fixture f;
	load(&f, DIR "hangul-mentors.csv", DIR "hangul-mentees.csv", 0);
	/* the mentors' "id" holds repeated names: not an id; the mentees' ids
	 * are all different, on one side only, and there is no e-mail: they
	 * are the identity (the mentors are people by line) */
	expect(&f, "mentor_id", FIELD_CATEGORY, 1, "mentor_id", NULL);
	assert_false(find(&f, "mentor_id")->role & GUESS_ID);
	expect(&f, "id", FIELD_ID, 1, NULL, "mentee_id");
	assert_true(find(&f, "id")->role & GUESS_ID);
	expect(&f, "categories", FIELD_MULTI, 1, "categories", "categories");
	assert_int_equal(find(&f, "categories")->distinct, 7);
	/* "남자, 여자" and "여자, 남자": a multi of two options */
	expect(&f, "gender", FIELD_MULTI, 1, "gender", "gender");
	assert_int_equal(find(&f, "gender")->distinct, 2);
	expect(&f, "environment", FIELD_MULTI, 1, "environment", "environment");
	apply_and_match(&f, DIR "hangul-mentors.csv", DIR "hangul-mentees.csv", NULL);
	unload(&f);
}

static void test_flags(void **state)
{
	(void)state;
	struct fixture f;
	load(&f, DIR "flags-mentors.csv", DIR "flags-mentees.csv", 0);
	expect(&f, "id", FIELD_ID, 1, "id", "id");
	expect(&f, "name", FIELD_TEXT, 1, "full_name", "full_name");
	assert_string_equal(find(&f, "name")->label, "full name");
	expect(&f, "email", FIELD_EMAIL, 1, "contact_email", "contact_email");
	expect(&f, "locations", FIELD_MULTI, 1, "locations", "locations");
	assert_string_equal(find(&f, "locations")->separator, "; ");
	expect(&f, "capacity", FIELD_NUMBER, 1, "capacity", NULL);
	assert_true(find(&f, "capacity")->role & GUESS_CAPACITY);
	/* True/False side by side are two questions, not one tick-box group */
	expect(&f, "gender_preference", FIELD_CATEGORY, 1, "gender_preference",
	       "gender_preference");
	expect(&f, "prefers_from_origin", FIELD_CATEGORY, 1, NULL, "prefers_from_origin");
	struct profile p;
	char err[256];
	assert_int_equal(profile_guess_apply(&f.g, f.tab, "flags", &p, err, sizeof err), 0);
	/* the capacity column gives the mentors' capacities */
	assert_int_equal(p.solve.capacity_field[SIDE_MENTOR], profile_field_index(&p, "capacity"));
	assert_int_equal(p.solve.mode, MODE_CAPACITY);
	assert_int_equal(profile_identity_field(&p), profile_field_index(&p, "id"));
	profile_free(&p);
	apply_and_match(&f, DIR "flags-mentors.csv", DIR "flags-mentees.csv", NULL);
	unload(&f);
}

static void test_grid(void **state)
{
	(void)state;
	struct fixture f;
	load(&f, DIR "grid-mentors.csv", DIR "grid-teams.csv", 0);
	/* Avail 1 ... Avail 6 on both sides: one multi of six columns each */
	const struct field_guess *a = find(&f, "avail");
	assert_int_equal(a->type, FIELD_MULTI);
	assert_int_equal(a->ncols[SIDE_MENTOR], 6);
	assert_int_equal(a->ncols[SIDE_MENTEE], 6);
	assert_string_equal(f.tab[1]->headers[a->cols[SIDE_MENTEE][5]], "Avail 6");
	/* three 0/1 columns without numbers: a group; TT 1..3 a group of its own */
	expect(&f, "choices", FIELD_MULTI, 1, "Small Coach", NULL);
	assert_int_equal(find(&f, "choices")->ncols[SIDE_MENTOR], 3);
	expect(&f, "tt", FIELD_MULTI, 1, NULL, "TT 1");
	/* no e-mail or id: the names, all different, tell people apart */
	expect(&f, "name", FIELD_ID, 1, "Name", "Name");
	/* transit words for mentors, minutes for teams: not one field */
	static const char *const transit[] = { "Not possible", "Inconvenient", "Convenient" };
	expect(&f, "bus", FIELD_ORDINAL, 1, "Bus", NULL);
	expect_scale(&f, "bus", transit, 3);
	expect(&f, "bus_2", FIELD_NUMBER, 1, NULL, "Bus");
	static const char *const conf[] = { "Not Confident", "Somewhat", "Neutral", "Confident",
					    "Very Confident" };
	expect(&f, "mech", FIELD_ORDINAL, 1, "Mech", NULL);
	expect_scale(&f, "mech", conf, 5);
	struct profile p;
	char err[256];
	assert_int_equal(profile_guess_apply(&f.g, f.tab, "grid", &p, err, sizeof err), 0);
	long fi = profile_field_index(&p, "avail");
	const struct column_list *cl = profile_numbered(&p, SIDE_MENTEE, (size_t)fi);
	assert_non_null(cl);
	assert_int_equal(cl->n, 6);
	assert_string_equal(cl->header[0], "Avail 1");
	profile_free(&p);
	apply_and_match(&f, DIR "grid-mentors.csv", DIR "grid-teams.csv", NULL);
	unload(&f);
}

static void test_sheet(void **state)
{
	(void)state;
	struct fixture f;
	load(&f, DIR "sheet.csv", NULL, 1);
	const struct field_guess *r = find(&f, "take_part");
	assert_true(r->role & GUESS_ROLE);
	assert_int_equal(r->use, 0);
	/* Mentee / Mentor / Both (Mentee and Mentor) */
	assert_int_equal(f.g.nanswers[SIDE_MENTOR], 2);
	assert_int_equal(f.g.nanswers[SIDE_MENTEE], 2);
	expect(&f, "email", FIELD_EMAIL, 1, "Email", "Email");
	expect(&f, "team", FIELD_CATEGORY, 1, "Team", "Team");
	expect(&f, "years_role", FIELD_NUMBER, 1, "Years in role", "Years in role");
	struct profile p;
	char err[256];
	assert_int_equal(profile_guess_apply(&f.g, f.tab, "sheet", &p, err, sizeof err), 0);
	assert_string_equal(p.signups.role_column, "How would you like to take part?");
	profile_free(&p);
	apply_and_match(&f, NULL, NULL, DIR "sheet.csv");
	unload(&f);
}

static void test_names(void **state)
{
	(void)state;
	char buf[48];
	profile_guess_name("What’s your current role at Mews?", buf, sizeof buf);
	assert_string_equal(buf, "current_role_mews");
	profile_guess_name("🤝 Your mentoring style\n\nEvery mentor is unique", buf, sizeof buf);
	assert_string_equal(buf, "mentoring_style");
	profile_guess_name("2024 cohort", buf, sizeof buf);
	assert_string_equal(buf, "f_2024_cohort");
	profile_guess_name("???", buf, sizeof buf);
	assert_string_equal(buf, "field");
	profile_guess_name("How are you?", buf, sizeof buf);
	assert_string_equal(buf, "how_are_you");
}

/* One file only (the mentees not loaded yet): proposals for its columns,
 * the ids kept as the identity. */
static void test_one_side(void **state)
{
	(void)state;
	struct fixture f;
	load(&f, DIR "flat-mentors.csv", NULL, 0);
	expect(&f, "id", FIELD_ID, 1, "mentor_id", NULL);
	expect(&f, "skills", FIELD_MULTI, 1, "skills", NULL);
	unload(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_flat),
		cmocka_unit_test(test_survey),
		cmocka_unit_test(test_hangul),
		cmocka_unit_test(test_flags),
		cmocka_unit_test(test_grid),
		cmocka_unit_test(test_sheet),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_one_side),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
