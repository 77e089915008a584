/* Column mapping (mapping.c): normalising headers, finding columns and
 * suggesting which column feeds each profile field, on the real-world cases
 * in tests/data/cases and on inline text. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mentormatch/mapping.h"

#define CASES "tests/data/cases/"

/* ---- helpers ---------------------------------------------------------------- */

struct fdef {
	const char *name, *label;
	enum field_type type;
};

/* The fields that the brief's synonym list knows, as a profile would name them. */
static const struct fdef common_fields[] = {
	{ "first_name", "first name", FIELD_TEXT },           /* 0 */
	{ "last_name", "last name", FIELD_TEXT },             /* 1 */
	{ "email", "email", FIELD_EMAIL },                    /* 2 */
	{ "organisation", "organisation", FIELD_CATEGORY },   /* 3 */
	{ "grade", "grade", FIELD_ORDINAL },                  /* 4 */
	{ "profession", "profession", FIELD_CATEGORY },       /* 5 */
	{ "characteristics", "characteristics", FIELD_MULTI },/* 6 */
	{ "capacity", "capacity", FIELD_NUMBER },             /* 7 */
};
#define NCOMMON (sizeof common_fields / sizeof common_fields[0])

/* The fields of config/civil-service.ini. */
static const struct fdef civil_fields[] = {
	{ "first_name", "first name", FIELD_TEXT },
	{ "last_name", "last name", FIELD_TEXT },
	{ "email", "email", FIELD_EMAIL },
	{ "both", "both mentor and mentee", FIELD_TEXT },
	{ "job_title", "job title", FIELD_TEXT },
	{ "grade", "grade", FIELD_ORDINAL },
	{ "organisation", "organisation", FIELD_CATEGORY },
	{ "profession", "profession", FIELD_CATEGORY },
	{ "characteristics", "characteristics", FIELD_MULTI },
	{ "match_identity", "match with similar identity", FIELD_TEXT },
	{ "identity", "identity to match", FIELD_CATEGORY },
	{ "biography", "biography", FIELD_TEXT },
};
#define NCIVIL (sizeof civil_fields / sizeof civil_fields[0])

/* A profile with just these fields and nothing mapped; free with profile_free. */
static void make_profile(struct profile *p, const struct fdef *defs, size_t n)
{
	memset(p, 0, sizeof *p);
	p->nfields = n;
	p->fields = calloc(n, sizeof *p->fields);
	assert_non_null(p->fields);
	for (size_t i = 0; i < n; i++) {
		p->fields[i].name = strdup(defs[i].name);
		p->fields[i].label = strdup(defs[i].label);
		p->fields[i].type = defs[i].type;
		assert_non_null(p->fields[i].name);
		assert_non_null(p->fields[i].label);
	}
	for (int s = 0; s < SIDE_COUNT; s++) {
		p->columns[s] = calloc(n, sizeof *p->columns[s]);
		assert_non_null(p->columns[s]);
	}
}

static void load_case(struct table *t, const char *file)
{
	struct diag d = { 0 };
	char path[256];

	snprintf(path, sizeof path, CASES "%s", file);
	assert_int_equal(table_load(t, path, TABLE_DELIM_AUTO, &d), 0);
	diag_free(&d);
}

static void load_text(struct table *t, const char *text)
{
	struct diag d = { 0 };

	assert_int_equal(table_load_mem(t, "inline.csv", text, strlen(text), TABLE_DELIM_AUTO, &d), 0);
	assert_int_equal(d.n, 0);
	diag_free(&d);
}

static int suggest(const struct fdef *def, const struct table *t, const unsigned char *used)
{
	struct profile p;
	int col;

	make_profile(&p, def, 1);
	col = mapping_suggest_field(&p, 0, t, used);
	profile_free(&p);
	return col;
}

/* ---- mapping_normalise ---------------------------------------------------------- */

static void test_normalise(void **state)
{
	char out[64];
	(void)state;

	mapping_normalise("First name ", out, sizeof out);
	assert_string_equal(out, "first name");
	mapping_normalise("  First \t  Name? ", out, sizeof out);
	assert_string_equal(out, "first name");
	mapping_normalise("What is your work email address?", out, sizeof out);
	assert_string_equal(out, "what is your work email address");
	mapping_normalise("\xC2\xA0" "Email\xC2\xA0:", out, sizeof out);
	assert_string_equal(out, "email");
	mapping_normalise("*Grade*.", out, sizeof out);
	assert_string_equal(out, "grade");
	mapping_normalise("Organisation / team  ", out, sizeof out);
	assert_string_equal(out, "organisation team");
	mapping_normalise("\xC3\x89" "COLE \xC3\x89t\xC3\xA9 \xC3\x9C" "BER", out, sizeof out); /* ÉCOLE Été ÜBER */
	assert_string_equal(out, "\xC3\xA9" "cole \xC3\xA9t\xC3\xA9 \xC3\xBC" "ber");
	mapping_normalise("A\xC3\x97" "B", out, sizeof out); /* × is a symbol */
	assert_string_equal(out, "a b");
	mapping_normalise("Line\xC2\xA0\xC2\xA0" "manager\xE2\x80\x99s email\xE2\x80\xA6", out, sizeof out);
	assert_string_equal(out, "line managers email"); /* … is punctuation, ’ dropped */
	mapping_normalise("first_name", out, sizeof out);
	assert_string_equal(out, "first name"); /* inner punctuation separates words */

	/* Unicode punctuation and symbols as ASCII punctuation: the apostrophes
	 * are dropped, dashes, quotes, the ellipsis, symbols and emoji separate
	 * words, invisible characters are not there */
	static const char *const same[][4] = {
		{ "What's your role?", "What\xE2\x80\x99s your role", "Whats your role \xE2\x80\xA6",
		  "whats your role" },
		{ "Work-life balance & wellbeing", "Work\xE2\x80\x93life balance \xE2\x80\x94 wellbeing",
		  "\xE2\x80\x9CWork life\xE2\x80\x9D balance/wellbeing", "work life balance wellbeing" },
		/* 🤝 U+1F91D; ❤️ U+2764 U+FE0F; 👩‍💻 U+1F469 U+200D U+1F4BB */
		{ "\xF0\x9F\xA4\x9D Mentoring Style\n\nWhat kind?", "Mentoring Style What kind",
		  "\xE2\x9D\xA4\xEF\xB8\x8F Mentoring \xF0\x9F\x91\xA9\xE2\x80\x8D\xF0\x9F\x92\xBB Style: What kind",
		  "mentoring style what kind" },
		{ "Pro\xC2\xADgramme\xE2\x80\x8B \xC2\xA9 2025", "Programme (2025)", "programme \xC2\xB0 2025",
		  "programme 2025" },
	};
	for (size_t i = 0; i < sizeof same / sizeof *same; i++)
		for (size_t j = 0; j < 3; j++) {
			mapping_normalise(same[i][j], out, sizeof out);
			assert_string_equal(out, same[i][3]);
		}
	/* letters and digits stay: an accented or Greek letter, ª, ², ½ */
	mapping_normalise("\xC3\x89t\xC3\xA9 \xCE\xB1\xC2\xAA \xC2\xB2\xC2\xBD", out, sizeof out);
	assert_string_equal(out, "\xC3\xA9t\xC3\xA9 \xCE\xB1\xC2\xAA \xC2\xB2\xC2\xBD");
	mapping_normalise("?!", out, sizeof out);
	assert_string_equal(out, "");
	mapping_normalise(NULL, out, sizeof out);
	assert_string_equal(out, "");

	/* truncation: at most len bytes with the NUL, never half a character */
	mapping_normalise("Zo\xC3\xAB Example", out, 6);
	assert_string_equal(out, "zo\xC3\xAB");
	mapping_normalise("\xC3\x89\xC3\x89\xC3\x89", out, 4);
	assert_string_equal(out, "\xC3\xA9");
	out[0] = 'x';
	mapping_normalise("abc", out, 1);
	assert_string_equal(out, "");
	out[0] = 'x';
	mapping_normalise("abc", out, 0);
	assert_int_equal(out[0], 'x');
}

/* ---- mapping_find_column ------------------------------------------------------------ */

static void test_find_column(void **state)
{
	struct table t;
	(void)state;

	load_case(&t, "C05_msforms_export.csv");
	assert_int_equal(mapping_find_column(&t, "First name"), 5);
	assert_int_equal(mapping_find_column(&t, "first name "), 5);
	assert_int_equal(mapping_find_column(&t, "FIRST NAME?"), 5);
	assert_int_equal(mapping_find_column(&t, "what is your work email address"), 7);
	assert_int_equal(mapping_find_column(&t, "Email"), 3);
	assert_int_equal(mapping_find_column(&t, "email:"), 3);
	assert_int_equal(mapping_find_column(&t, "organisation / team"), 8);
	assert_int_equal(mapping_find_column(&t, "Organisation \xE2\x80\x93 team"), 8);
	assert_int_equal(mapping_find_column(&t, "organisation"), -1); /* equality, not containment */
	assert_int_equal(mapping_find_column(&t, "work email"), -1);
	assert_int_equal(mapping_find_column(&t, ""), -1);
	assert_int_equal(mapping_find_column(&t, "?"), -1);
	assert_int_equal(mapping_find_column(&t, NULL), -1);
	table_free(&t);

	/* a header of punctuation only matches as written */
	load_text(&t, "#,Name\n1,Ann\n");
	assert_int_equal(mapping_find_column(&t, "#"), 0);
	assert_int_equal(mapping_find_column(&t, " # "), 0);
	assert_int_equal(mapping_find_column(&t, "?"), -1);
	assert_int_equal(mapping_find_column(&t, "name"), 1);
	table_free(&t);

	/* the headers of a Typeform export, named as typed on a keyboard */
	load_text(&t, "#,What\xE2\x80\x99s your role?,Work\xE2\x80\x93life balance,"
		  "\"\xF0\x9F\xA4\x9D Style\n\nWhich style?\"\n1,a,b,c\n");
	assert_int_equal(mapping_find_column(&t, "What's your role?"), 1);
	assert_int_equal(mapping_find_column(&t, "Work-life balance"), 2);
	assert_int_equal(mapping_find_column(&t, "Style Which style?"), 3);
	assert_int_equal(mapping_find_column(&t, "\xF0\x9F\xA4\x9D Style  Which style"), 3);
	assert_int_equal(mapping_find_column(&t, "Style"), -1);
	table_free(&t);
}

/* ---- mapping_suggest_field ------------------------------------------------------------ */

/* C05: trimmed headers, the question column for email, not the metadata one. */
static void test_suggest_c05(void **state)
{
	struct table t;
	struct profile p;
	unsigned char used[12] = { 0 };
	(void)state;

	load_case(&t, "C05_msforms_export.csv");
	make_profile(&p, common_fields, NCOMMON);
	assert_int_equal(mapping_suggest_field(&p, 0, &t, NULL), 5);  /* "First name " */
	assert_int_equal(mapping_suggest_field(&p, 1, &t, NULL), 6);  /* "Last name " */
	assert_int_equal(mapping_suggest_field(&p, 2, &t, NULL), 7);  /* the question, not "Email" */
	assert_int_equal(mapping_suggest_field(&p, 3, &t, NULL), 8);  /* "Organisation / team" */
	assert_int_equal(mapping_suggest_field(&p, 4, &t, NULL), 9);  /* "Grade" */
	assert_int_equal(mapping_suggest_field(&p, 5, &t, NULL), -1); /* no profession column */
	assert_int_equal(mapping_suggest_field(&p, 6, &t, NULL), -1); /* "Which of the following ..." */
	assert_int_equal(mapping_suggest_field(&p, 7, &t, NULL), 11); /* "How many mentees ..." */

	/* a used column is taken again only on an exact match */
	used[5] = 1;
	used[7] = 1;
	used[11] = 1;
	assert_int_equal(mapping_suggest_field(&p, 0, &t, used), 5);  /* "first name" is the label */
	assert_int_equal(mapping_suggest_field(&p, 2, &t, used), -1); /* and "Email" stays out */
	assert_int_equal(mapping_suggest_field(&p, 7, &t, used), -1);

	assert_int_equal(mapping_suggest_field(&p, NCOMMON, &t, NULL), -1); /* no such field */
	profile_free(&p);
	table_free(&t);
}

/* The column's values decide between headers that both fit. */
static void test_suggest_by_values(void **state)
{
	struct table t;
	const struct fdef email = { "email", "email", FIELD_EMAIL };
	const struct fdef capacity = { "capacity", "capacity", FIELD_NUMBER };
	const struct fdef org = { "organisation", "organisation", FIELD_CATEGORY };
	(void)state;

	/* a real "Email" column is an exact match and wins over the question */
	load_text(&t, "Email,What is your work email address?\na@example.org,b@example.org\n");
	assert_int_equal(suggest(&email, &t, NULL), 0);
	table_free(&t);

	/* placeholders never do, even with nothing else to choose */
	load_text(&t, "Email,Name\nanonymous,Ann\nAnonymous ,Ben\n,Cat\n");
	assert_int_equal(suggest(&email, &t, NULL), -1);
	table_free(&t);

	/* an email field's column must mostly hold addresses */
	load_text(&t, "Email,Contact email address\nyes,ann@example.org\nno,ben@example.org\n");
	assert_int_equal(suggest(&email, &t, NULL), 1);
	table_free(&t);

	/* with no rows there is nothing to judge by */
	load_text(&t, "Email,What is your work email address?\n");
	assert_int_equal(suggest(&email, &t, NULL), 0);
	table_free(&t);

	/* a number field prefers the column that holds numbers */
	load_text(&t, "Capacity,Number of mentees\nlots,2\nsome,1\n");
	assert_int_equal(suggest(&capacity, &t, NULL), 1);
	table_free(&t);

	/* someone else's address is a poorer match than the person's own */
	load_text(&t, "Line manager's email address,Your email\nm@example.org,a@example.org\n");
	assert_int_equal(suggest(&email, &t, NULL), 1);
	table_free(&t);
	load_text(&t, "Line manager\xE2\x80\x99s email address,Your email\nm@example.org,a@example.org\n");
	assert_int_equal(suggest(&email, &t, NULL), 1);
	table_free(&t);

	/* the longer wording is the more specific; whole words only */
	load_text(&t, "Company car,Which organisation or department do you work in?,Reorganisation\n"
		  "yes,Team A,no\n");
	assert_int_equal(suggest(&org, &t, NULL), 1);
	table_free(&t);
	load_text(&t, "Reorganisation,Disorganisation\nno,no\n");
	assert_int_equal(suggest(&org, &t, NULL), -1);
	table_free(&t);
}

/* Synonyms, and field names with underscores read as spaces. */
static void test_suggest_synonyms(void **state)
{
	struct table t;
	struct profile p;
	const struct fdef custom[] = {
		{ "given", "forename", FIELD_TEXT },      /* a label that is a synonym */
		{ "home_town", "town", FIELD_TEXT },      /* no synonyms: name and label only */
		{ "job_title", "job title", FIELD_TEXT },
		{ "biography", "bio", FIELD_TEXT },
	};
	(void)state;

	load_text(&t, "Surname,Given name,Home_Town,Your role,About me,E-mail\n"
		  "Ng,Ann,Leeds,Analyst,Hi,ann@example.org\n");
	make_profile(&p, common_fields, NCOMMON);
	assert_int_equal(mapping_suggest_field(&p, 0, &t, NULL), 1);
	assert_int_equal(mapping_suggest_field(&p, 1, &t, NULL), 0);
	assert_int_equal(mapping_suggest_field(&p, 2, &t, NULL), 5);
	profile_free(&p);
	make_profile(&p, custom, sizeof custom / sizeof custom[0]);
	assert_int_equal(mapping_suggest_field(&p, 0, &t, NULL), 1);
	assert_int_equal(mapping_suggest_field(&p, 1, &t, NULL), 2);
	assert_int_equal(mapping_suggest_field(&p, 2, &t, NULL), 3);
	assert_int_equal(mapping_suggest_field(&p, 3, &t, NULL), 4);
	profile_free(&p);
	table_free(&t);
}

/* ---- mapping_suggest_all -------------------------------------------------------------- */

static void test_suggest_all_c05(void **state)
{
	struct table t;
	struct profile p;
	(void)state;

	load_case(&t, "C05_msforms_export.csv");
	make_profile(&p, common_fields, NCOMMON);
	assert_int_equal(mapping_suggest_all(&p, SIDE_MENTEE, &t), 6);
	assert_string_equal(p.columns[SIDE_MENTEE][0], "First name");
	assert_string_equal(p.columns[SIDE_MENTEE][1], "Last name");
	assert_string_equal(p.columns[SIDE_MENTEE][2], "What is your work email address?");
	assert_string_equal(p.columns[SIDE_MENTEE][3], "Organisation / team");
	assert_string_equal(p.columns[SIDE_MENTEE][4], "Grade");
	assert_null(p.columns[SIDE_MENTEE][5]);
	assert_null(p.columns[SIDE_MENTEE][6]);
	assert_string_equal(p.columns[SIDE_MENTEE][7], "How many mentees could you support?");
	for (size_t f = 0; f < NCOMMON; f++)
		assert_null(p.columns[SIDE_MENTOR][f]); /* the other side is untouched */

	/* nothing left to do */
	assert_int_equal(mapping_suggest_all(&p, SIDE_MENTEE, &t), 0);

	/* a mapping the file satisfies is kept, even if a suggestion differs */
	assert_int_equal(profile_set_column(&p, SIDE_MENTEE, 2, "email"), 0);
	assert_int_equal(mapping_suggest_all(&p, SIDE_MENTEE, &t), 0);
	assert_string_equal(p.columns[SIDE_MENTEE][2], "email");

	/* a header the file lacks is replaced by a suggestion, or unmapped */
	assert_int_equal(profile_set_column(&p, SIDE_MENTEE, 2, "Email address"), 0);
	assert_int_equal(profile_set_column(&p, SIDE_MENTEE, 5, "Profession"), 0);
	assert_int_equal(mapping_suggest_all(&p, SIDE_MENTEE, &t), 2);
	assert_string_equal(p.columns[SIDE_MENTEE][2], "What is your work email address?");
	assert_null(p.columns[SIDE_MENTEE][5]);
	profile_free(&p);
	table_free(&t);
}

/* An exact header goes to its own field even when an earlier field would
 * have found it inside a question. */
static void test_suggest_all_best_first(void **state)
{
	struct table t;
	struct profile p;
	(void)state;

	/* civil-service fields on the original programme's mentees headers */
	load_text(&t, "first name,last name,email address,both mentor and mentee,job title,grade,"
		  "organisation,profession,match with similar identity,identity to match,biography\n"
		  "mentee,00,mentee.00@gov.uk,yes,Some role,HEO,Department of Virtue,Security,yes,"
		  "Gay,My name is mentee 00.\n");
	make_profile(&p, civil_fields, NCIVIL);
	assert_int_equal(mapping_suggest_all(&p, SIDE_MENTEE, &t), (int)NCIVIL - 1);
	for (size_t f = 0; f < 8; f++)
		assert_string_equal(p.columns[SIDE_MENTEE][f], t.headers[f]);
	assert_string_equal(p.columns[SIDE_MENTEE][2], "email address");
	assert_null(p.columns[SIDE_MENTEE][8]); /* no characteristics column */
	assert_string_equal(p.columns[SIDE_MENTEE][9], "match with similar identity");
	assert_string_equal(p.columns[SIDE_MENTEE][10], "identity to match");
	assert_string_equal(p.columns[SIDE_MENTEE][11], "biography");
	profile_free(&p);
	table_free(&t);

	/* the mentors' file has no identity columns: those stay unmapped */
	load_text(&t, "first name,last name,email address,both mentor and mentee,job title,grade,"
		  "organisation,profession,characteristics,biography\n"
		  "mentor,00,mentor.00@gov.uk,yes,Some role,SCS4,Department of Joy,DDaT,,Hi\n");
	make_profile(&p, civil_fields, NCIVIL);
	assert_int_equal(mapping_suggest_all(&p, SIDE_MENTOR, &t), (int)NCIVIL - 2);
	assert_string_equal(p.columns[SIDE_MENTOR][8], "characteristics");
	assert_null(p.columns[SIDE_MENTOR][9]);
	assert_null(p.columns[SIDE_MENTOR][10]);
	profile_free(&p);
	table_free(&t);
}

/* One column, two fields: the exact one gets it, the other one does not
 * reuse it through a synonym. */
static void test_suggest_all_no_reuse(void **state)
{
	const struct fdef defs[] = {
		{ "organisation", "organisation", FIELD_CATEGORY }, /* "department" is a synonym */
		{ "department", "department", FIELD_CATEGORY },
		{ "grade", "grade", FIELD_ORDINAL },
	};
	struct table t;
	struct profile p;
	(void)state;

	load_text(&t, "Department,Grade\nDigital,HEO\n");
	make_profile(&p, defs, 3);
	assert_int_equal(mapping_suggest_all(&p, SIDE_MENTOR, &t), 2);
	assert_null(p.columns[SIDE_MENTOR][0]);
	assert_string_equal(p.columns[SIDE_MENTOR][1], "Department");
	assert_string_equal(p.columns[SIDE_MENTOR][2], "Grade");
	profile_free(&p);

	/* a column the profile already uses is not suggested again either */
	make_profile(&p, defs, 3);
	assert_int_equal(profile_set_column(&p, SIDE_MENTOR, 2, "department"), 0);
	assert_int_equal(mapping_suggest_all(&p, SIDE_MENTOR, &t), 1);
	assert_null(p.columns[SIDE_MENTOR][0]);
	assert_string_equal(p.columns[SIDE_MENTOR][1], "Department"); /* exact: allowed */
	assert_string_equal(p.columns[SIDE_MENTOR][2], "department");
	profile_free(&p);
	table_free(&t);
}

/* C01 and C03: the Excel files map completely. */
static void test_suggest_all_excel(void **state)
{
	static const char *const c01[NCOMMON] = {
		"First name", "Last name", "Email address", "Organisation", "Grade",
		"Profession", NULL, "Capacity"
	};
	struct table t;
	struct profile p;
	(void)state;

	load_case(&t, "C01_excel_bom_crlf.csv");
	make_profile(&p, common_fields, NCOMMON);
	assert_int_equal(mapping_suggest_all(&p, SIDE_MENTOR, &t), 7);
	for (size_t f = 0; f < NCOMMON; f++) {
		if (c01[f])
			assert_string_equal(p.columns[SIDE_MENTOR][f], c01[f]);
		else
			assert_null(p.columns[SIDE_MENTOR][f]);
	}
	profile_free(&p);
	table_free(&t);

	load_case(&t, "C03_semicolon_excel.csv");
	make_profile(&p, common_fields, NCOMMON);
	assert_int_equal(mapping_suggest_all(&p, SIDE_MENTOR, &t), 7);
	assert_string_equal(p.columns[SIDE_MENTOR][7], "Capacity"); /* not "Hours per month" */
	assert_string_equal(p.columns[SIDE_MENTOR][2], "Email address");
	profile_free(&p);
	table_free(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_normalise),
		cmocka_unit_test(test_find_column),
		cmocka_unit_test(test_suggest_c05),
		cmocka_unit_test(test_suggest_by_values),
		cmocka_unit_test(test_suggest_synonyms),
		cmocka_unit_test(test_suggest_all_c05),
		cmocka_unit_test(test_suggest_all_best_first),
		cmocka_unit_test(test_suggest_all_no_reuse),
		cmocka_unit_test(test_suggest_all_excel),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
