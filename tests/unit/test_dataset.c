/* The participants (dataset.c) on the real-world cases: canonical spellings
 * and value counts (C11), multi-select known options (C04), trailing
 * separators (C05), duplicate sign-ups (the last is kept). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mentormatch/dataset.h"
#include "mentormatch/text.h"
#include "mentormatch/score.h"

#define CASES "tests/data/cases/"

/* ---- helpers ---------------------------------------------------------------- */

struct fx {
	struct profile p;
	struct table m, e;
	struct dataset ds;
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

static char *read_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	long n;
	assert_non_null(f);
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	n = ftell(f);
	assert_true(n >= 0);
	rewind(f);
	buf = malloc((size_t)n + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

/* Loads the profile text and the two tables (a path, or inline text when it
 * starts with "inline:"), and builds the dataset, which must succeed. */
static void load_table(struct table *t, const char *src, struct diag *d)
{
	if (!strncmp(src, "inline:", 7))
		assert_int_equal(table_load_mem(t, "inline.csv", src + 7, strlen(src + 7),
						TABLE_DELIM_AUTO, d), 0);
	else
		assert_int_equal(table_load(t, src, TABLE_DELIM_AUTO, d), 0);
}

static void fx_load(struct fx *f, const char *profile, const char *mentors, const char *mentees)
{
	memset(f, 0, sizeof *f);
	if (profile_load_string(&f->p, "test.ini", profile, &f->d) != 0) {
		print_diag(&f->d);
		fail();
	}
	load_table(&f->m, mentors, &f->d);
	load_table(&f->e, mentees, &f->d);
	if (dataset_build(&f->ds, &f->p, &f->m, &f->e, &f->d) != 0) {
		print_diag(&f->d);
		fail();
	}
}

static void fx_free(struct fx *f)
{
	dataset_free(&f->ds);
	table_free(&f->m);
	table_free(&f->e);
	profile_free(&f->p);
	diag_free(&f->d);
}

static size_t field(const struct fx *f, const char *name)
{
	int k = profile_field_index(&f->p, name);
	assert_true(k >= 0);
	return (size_t)k;
}

/* The display spellings of a participant's multi-select set, sorted and
 * joined by " | " ("" for the empty set). */
static void set_text(const struct fx *f, enum side side, size_t person, const char *fname,
		     char *buf, size_t len)
{
	const struct side_data *sd = &f->ds.side[side];
	size_t fi = field(f, fname), at = person * f->p.nfields + fi;
	const char *items[32];
	size_t n = 0;
	for (size_t k = sd->set_start[at]; k < sd->set_start[at + 1]; k++) {
		assert_true(n < 32);
		items[n++] = f->ds.vocab[sd->set_pool[k]];
	}
	for (size_t i = 1; i < n; i++)
		for (size_t j = i; j > 0 && strcmp(items[j - 1], items[j]) > 0; j--) {
			const char *t = items[j];
			items[j] = items[j - 1];
			items[j - 1] = t;
		}
	buf[0] = '\0';
	for (size_t i = 0; i < n; i++) {
		size_t used = strlen(buf);
		snprintf(buf + used, len - used, "%s%s", i ? " | " : "", items[i]);
	}
}

/* Participant index of the person with that first name, or fails. */
static size_t person(const struct fx *f, enum side side, const char *first)
{
	size_t fn = field(f, "first_name");
	for (size_t i = 0; i < f->ds.side[side].n; i++)
		if (!strcmp(dataset_text(&f->ds, side, i, fn), first))
			return i;
	print_message("no participant %s\n", first);
	fail();
	return 0;
}

/* No vocabulary value is empty, or any of the given keys. */
static void assert_no_vocab(const struct fx *f, const char *const *keys)
{
	for (size_t k = 0; k < f->ds.nvocab; k++) {
		assert_true(f->ds.vocab[k][0] != '\0');
		assert_true(f->ds.vocab_key[k][0] != '\0');
		for (size_t j = 0; keys && keys[j]; j++)
			if (!strcmp(f->ds.vocab_key[k], keys[j])) {
				print_message("phantom category '%s'\n", f->ds.vocab[k]);
				fail();
			}
	}
}

static const struct diag_item *find_diag(const struct diag *d, enum diag_level level,
					 unsigned long line, const char *text)
{
	for (size_t i = 0; i < d->n; i++)
		if (d->items[i].level == level && d->items[i].line == line &&
		    strstr(d->items[i].msg, text))
			return &d->items[i];
	return NULL;
}

/* ---- C11: canonical spellings and counts -------------------------------------- */

#define C11_COLUMNS(side) \
	"[columns." side "]\nfirst_name = First name\nemail = Email address\n" \
	"grade = Grade\nprofession = Profession\n"

static const char c11_profile[] =
	"[profile]\nformat = 1\n"
	"[field.first_name]\ntype = text\n"
	"[field.email]\ntype = email\n"
	"[field.grade]\ntype = category\n"
	"[field.profession]\ntype = category\n"
	C11_COLUMNS("mentors") C11_COLUMNS("mentees")
	"[rule.prof]\nlabel = same profession\nkind = same\nfield = profession\nweight = 10\n";

static const char c11_mentees[] =
	"inline:First name,Last name,Email address,Grade,Profession\n"
	"Zed,Z,zed@example.org,,digital\n";

static void test_c11_canonical_spelling(void **state)
{
	struct fx f;
	struct value_count *vc;
	(void)state;

	fx_load(&f, c11_profile, CASES "C11_category_variants.csv", c11_mentees);
	assert_int_equal(f.ds.side[SIDE_MENTOR].n, 7);

	/* Grade: HEO x5 (HEO, "HEO ", heo, " Heo", HEO+NBSP), SEO x2 (seo, SEO).
	 * HEO is the most frequent spelling of the first; seo and SEO tie, so
	 * the first seen (seo, line 7) is shown. */
	size_t n = dataset_value_counts(&f.ds, field(&f, "grade"), &vc);
	assert_int_equal(n, 2);
	assert_string_equal(vc[0].text, "HEO");
	assert_int_equal(vc[0].count[SIDE_MENTOR], 5);
	assert_int_equal(vc[0].count[SIDE_MENTEE], 0);
	assert_string_equal(vc[1].text, "seo");
	assert_int_equal(vc[1].count[SIDE_MENTOR], 2);
	assert_string_equal(f.ds.vocab[vc[0].value], "HEO");
	free(vc);

	/* Profession: Policy x4 (Policy, policy, POLICY, "Policy "), Digital x3
	 * (Digital, "digital  ", Digital) and the mentee's digital */
	n = dataset_value_counts(&f.ds, field(&f, "profession"), &vc);
	assert_int_equal(n, 2);
	assert_string_equal(vc[0].text, "Policy");
	assert_int_equal(vc[0].count[SIDE_MENTOR], 4);
	assert_int_equal(vc[0].count[SIDE_MENTEE], 0);
	assert_string_equal(vc[1].text, "Digital");
	assert_int_equal(vc[1].count[SIDE_MENTOR], 3);
	assert_int_equal(vc[1].count[SIDE_MENTEE], 1);
	free(vc);

	/* "same profession" treats Mo, Ned, Oli and Pip as equal */
	size_t pf = field(&f, "profession");
	const char *policy[] = { "Mo", "Ned", "Oli", "Pip" };
	int32_t id = f.ds.side[SIDE_MENTOR].val[person(&f, SIDE_MENTOR, "Mo") * f.p.nfields + pf];
	for (size_t k = 0; k < 4; k++)
		assert_int_equal(f.ds.side[SIDE_MENTOR].val[person(&f, SIDE_MENTOR, policy[k]) *
							     f.p.nfields + pf], id);
	/* Quin's digital-ness is shared with the mentee Zed */
	long sc;
	score_pair(&f.ds, person(&f, SIDE_MENTOR, "Quin"), 0, &sc, NULL, NULL);
	assert_int_equal(sc, 10);
	score_pair(&f.ds, person(&f, SIDE_MENTOR, "Mo"), 0, &sc, NULL, NULL);
	assert_int_equal(sc, 0);

	/* no values for text and email fields */
	struct value_count dummy;
	vc = &dummy;
	assert_int_equal(dataset_value_counts(&f.ds, field(&f, "first_name"), &vc), 0);
	assert_null(vc);
	assert_int_equal(dataset_value_counts(&f.ds, field(&f, "email"), &vc), 0);
	assert_int_equal(dataset_value_counts(&f.ds, 99, &vc), 0);
	assert_null(vc);
	fx_free(&f);
}

/* An ordinal grade: the scale's own spellings, every scale value listed. */
static void test_c11_ordinal_counts(void **state)
{
	static const char profile[] =
		"[profile]\nformat = 1\n"
		"[field.first_name]\ntype = text\n"
		"[field.email]\ntype = email\n"
		"[field.grade]\ntype = ordinal\nscale = EO | HEO | SEO | G7\n"
		"[field.profession]\ntype = category\n"
		C11_COLUMNS("mentors") C11_COLUMNS("mentees");
	struct fx f;
	struct value_count *vc;
	(void)state;

	fx_load(&f, profile, CASES "C11_category_variants.csv", c11_mentees);
	size_t n = dataset_value_counts(&f.ds, field(&f, "grade"), &vc);
	assert_int_equal(n, 4);
	const char *want[] = { "EO", "HEO", "SEO", "G7" };
	const size_t cnt[] = { 0, 5, 2, 0 };
	for (size_t k = 0; k < 4; k++) {
		assert_int_equal(vc[k].value, (int32_t)k);
		assert_string_equal(vc[k].text, want[k]);
		assert_int_equal(vc[k].count[SIDE_MENTOR], cnt[k]);
		assert_int_equal(vc[k].count[SIDE_MENTEE], 0);   /* Zed's grade is empty */
	}
	free(vc);
	/* every value is on the scale: no warning */
	assert_int_equal(diag_count(&f.d, DIAG_WARNING), 0);
	fx_free(&f);
}

/* Most frequent spelling wins; ties go to the first seen; spellings count on
 * both sides and across fields sharing a value. */
static void test_most_frequent_spelling(void **state)
{
	static const char profile[] =
		"[profile]\nformat = 1\n"
		"[field.first_name]\ntype = text\n"
		"[field.email]\ntype = email\n"
		"[field.org]\ntype = category\n"
		"[field.team]\ntype = category\n"
		"[columns.mentors]\nfirst_name = name\nemail = email\norg = org\nteam = team\n"
		"[columns.mentees]\nfirst_name = name\nemail = email\norg = org\nteam = team\n";
	struct fx f;
	(void)state;

	fx_load(&f, profile,
		"inline:name,email,org,team\n"
		"A,a@x.org,abc,x\n"
		"B,b@x.org,ABC,X\n"
		"C,c@x.org,\" ABC \",X\n",
		"inline:name,email,org,team\n"
		"D,d@x.org,abc,x\n"
		"E,e@x.org,Beta,x\n");
	size_t org = field(&f, "org"), team = field(&f, "team");
	const struct side_data *m = &f.ds.side[SIDE_MENTOR];
	/* abc x2, ABC x2 (one with spaces): a tie, the first seen wins */
	assert_string_equal(f.ds.vocab[m->val[0 * f.p.nfields + org]], "abc");
	/* x x3 (2 team cells of mentees, 1 of mentors), X x2 */
	assert_string_equal(f.ds.vocab[m->val[1 * f.p.nfields + team]], "x");
	/* value_key, exposed */
	char key[32];
	assert_int_equal(text_key("  HEO\xC2\xA0", 7, key), 3);
	assert_string_equal(key, "heo");
	assert_int_equal(text_key("Zo\xC3\x8B  Ann", 9, key), 8);
	assert_string_equal(key, "zo\xC3\xAB ann");
	assert_int_equal(text_key(" \xC2\xA0\t", 4, key), 0);
	assert_string_equal(key, "");
	fx_free(&f);
}

/* The key folds what word processors and phones type (curly quotes, dashes,
 * the ellipsis) to ASCII and drops invisible characters (joiners, variation
 * selectors), so that such spellings are one category; other punctuation,
 * symbols and emoji still tell answers apart. */
static void test_key_typography(void **state)
{
	static const char *const same[][2] = {
		{ "What\xE2\x80\x99s new", "what's NEW" },                 /* ’ */
		{ "\xE2\x80\x98quoted\xE2\x80\x99", "'quoted'" },          /* ‘ ’ */
		{ "\xE2\x80\x9CHi\xE2\x80\x9D", "\"hi\"" },                 /* “ ” */
		{ "Work\xE2\x80\x93life", "work-life" },                      /* – */
		{ "Work\xE2\x80\x94life", "Work-Life" },                      /* — */
		{ "\xE2\x88\x92" "3", "-3" },                                 /* − */
		{ "Wait\xE2\x80\xA6", "wait..." },                            /* … */
		{ "\xE2\x9D\xA4\xEF\xB8\x8F", "\xE2\x9D\xA4" },              /* ❤️ and ❤ */
		{ "Zo\xE2\x80\x8B\xC3\xAB", "zo\xC3\xAB" },                   /* zero-width space */
		{ "co\xC2\xAD" "operate", "cooperate" },                     /* soft hyphen */
		{ "a \xE2\x80\x8D b", "A B" },                                 /* joiner between spaces */
	};
	static const char *const differ[][2] = {
		{ "C++", "C" }, { "C#", "C" }, { "a.b@x.org", "ab@x.org" }, { "H.E.O", "HEO" },
		{ "\xF0\x9F\x91\x8D", "\xF0\x9F\x91\x8E" },   /* 👍 and 👎 */
		{ "\xF0\x9F\x90\xB6 Dogs", "Dogs" }, { "-3", "3" }, { "Work-life", "Work life" },
	};
	char key[64];
	(void)state;

	for (size_t i = 0; i < sizeof same / sizeof *same; i++)
		assert_int_equal(text_same(same[i][0], same[i][1]), 1);
	for (size_t i = 0; i < sizeof differ / sizeof *differ; i++)
		assert_int_equal(text_same(differ[i][0], differ[i][1]), 0);
	assert_int_equal(text_key("What\xE2\x80\x99s", 8, key), 6);
	assert_string_equal(key, "what's");
	assert_int_equal(text_key("\xE2\x80\x8B\xEF\xBB\xBF", 6, key), 0);   /* only invisible: empty */
	assert_int_equal(text_key("\xE2\x80\xA6", 3, key), 3);
	assert_string_equal(key, "...");
	assert_int_equal(text_key("\xE2\x80", 2, key), 2);   /* cut short: kept as bytes */

	/* in the participants: one value, shown in its most frequent spelling */
	struct fx f;
	fx_load(&f,
		"[profile]\nformat = 1\n[field.email]\ntype = email\n"
		"[field.topic]\ntype = category\n"
		"[columns.mentors]\nemail = email\ntopic = topic\n"
		"[columns.mentees]\nemail = email\ntopic = topic\n",
		"inline:email,topic\na@x,Work\xE2\x80\x93life\nb@x,work-life\nc@x,C++\n",
		"inline:email,topic\nd@x,Work-life\ne@x,Work-life\nf@x,C\n");
	size_t t = field(&f, "topic"), nf = f.p.nfields;
	const struct side_data *m = &f.ds.side[SIDE_MENTOR], *e = &f.ds.side[SIDE_MENTEE];
	assert_int_equal(m->val[0 * nf + t], m->val[1 * nf + t]);
	assert_int_equal(m->val[0 * nf + t], e->val[0 * nf + t]);
	assert_string_equal(f.ds.vocab[m->val[0 * nf + t]], "Work-life");
	assert_int_not_equal(m->val[2 * nf + t], e->val[2 * nf + t]);
	fx_free(&f);
}

/* A mapped header the file lacks: the error names the closest header when
 * it is close enough to be a misspelling (edit distance of the headers as
 * compared), on one line. */
static void test_missing_column_did_you_mean(void **state)
{
	static const char profile[] =
		"[profile]\nformat = 1\n[field.email]\ntype = email\n"
		"[field.style]\ntype = category\n[field.team]\ntype = category\n"
		"[field.days]\ntype = multi\n"
		"[columns.mentors]\nemail = Emial\nstyle = Mentorin style which one\n"
		"team = Department\ndays.1 = Mon\ndays.2 = Teu\n"
		"[columns.mentees]\nemail = email\n";
	struct profile p;
	struct table m, e;
	struct dataset ds;
	struct diag d = { 0 };
	static const char mcsv[] = "E-mail,\"\xF0\x9F\xA4\x9D Mentoring Style\n\nWhich one?\",Team,Mon,Tue\n"
		"a@x,b,c,1,0\n";
	(void)state;

	assert_int_equal(profile_load_string(&p, "t.ini", profile, &d), 0);
	assert_int_equal(table_load_mem(&m, "m.csv", mcsv, strlen(mcsv), 0, &d), 0);
	assert_int_equal(table_load_mem(&e, "e.csv", "email\nb@x\n", 10, 0, &d), 0);
	assert_int_equal(dataset_build(&ds, &p, &m, &e, &d), -1);
	assert_non_null(find_diag(&d, DIAG_ERROR, 1, "no column \"Emial\" for the field email "
				  "(did you mean \"E-mail\"?); map the field"));
	assert_non_null(find_diag(&d, DIAG_ERROR, 1, "(did you mean \"\xF0\x9F\xA4\x9D Mentoring "
				  "Style  Which one?\"?)"));
	assert_non_null(find_diag(&d, DIAG_ERROR, 1, "(days.2) (did you mean \"Tue\"?)"));
	/* Department is nothing like Team: no guess */
	const struct diag_item *it = find_diag(&d, DIAG_ERROR, 1, "no column \"Department\"");
	assert_non_null(it);
	assert_null(strstr(it->msg, "did you mean"));
	for (size_t i = 0; i < d.n; i++)
		assert_null(strchr(d.items[i].msg, '\n'));
	table_free(&m);
	table_free(&e);
	profile_free(&p);
	diag_free(&d);
}

/* A mapped header that more than one column has (as compared): a warning
 * naming the columns and the one used, unless the profile's position
 * chose it. */
static void test_same_header_twice(void **state)
{
	static const char *const profiles[] = {
		"email = Email\nname = Name\ndays.1 = Mon\ndays.2 = Tue\n",
		"email = Email @3\nname = Name\ndays.1 = Mon @5\ndays.2 = Tue\n",
		"email = email @9\nname = Name @2\ndays.1 = Mon @4\ndays.2 = Tue\n",
	};
	(void)state;

	for (size_t i = 0; i < 3; i++) {
		char prof[512];
		struct fx f;
		snprintf(prof, sizeof prof, "[profile]\nformat = 1\n[field.email]\ntype = email\n"
			 "[field.name]\ntype = text\n[field.days]\ntype = multi\n"
			 "[columns.mentors]\n%s[columns.mentees]\nemail = email\n", profiles[i]);
		fx_load(&f, prof, "inline:Email,Name,email,Mon,Mon,Tue\na@x,A,b@x,1,0,1\n",
			"inline:email\nc@x\n");
		const struct side_data *m = &f.ds.side[SIDE_MENTOR];
		if (i == 0) {
			/* the very text "Email" is column 1; "email" (3) is the same header */
			assert_int_equal(m->col[field(&f, "email")], 0);
			assert_non_null(find_diag(&f.d, DIAG_WARNING, 1, "2 columns have the header "
						  "\"Email\" (columns 1 and 3); column 1 is used for email; "
						  "to use another, give its position in [columns.mentors] of "
						  "the profile (email = email @3)"));
			assert_non_null(find_diag(&f.d, DIAG_WARNING, 1, "2 columns have the header "
						  "\"Mon\" (columns 4 and 5); column 4 is used for days.1; "
						  "to use another, give its position in [columns.mentors] of "
						  "the profile (days.1 = Mon @5)"));
			assert_int_equal(diag_count(&f.d, DIAG_WARNING), 2);
		} else if (i == 1) {
			/* the positions choose: nothing to say */
			assert_int_equal(m->col[field(&f, "email")], 2);
			assert_int_equal(m->cols[field(&f, "days")][0], 4);
			assert_int_equal(diag_count(&f.d, DIAG_WARNING), 0);
		} else {
			/* position 9 is no column: the first with the header, said;
			 * @4 chooses the first Mon */
			assert_int_equal(m->col[field(&f, "email")], 2);
			assert_non_null(find_diag(&f.d, DIAG_WARNING, 1, "(columns 1 and 3); column 3 "
						  "is used for email; to use another, give its position in "
						  "[columns.mentors] of the profile (email = Email @1)"));
			assert_int_equal(diag_count(&f.d, DIAG_WARNING), 1);
		}
		fx_free(&f);
	}
}

/* A capacity that is not a number says what is done with it (the default
 * is used), and the messages about one file come in line order, the
 * mentors' file first, whatever part of the reading found them. */
static void test_count_messages_in_line_order(void **state)
{
	static const char profile[] =
		"[profile]\nformat = 1\n[solve]\nmode = capacity\nmentor_capacity = 2\n"
		"mentor_capacity_field = cap\n"
		"[field.email]\ntype = email\n[field.cap]\ntype = number\n"
		"[field.grade]\ntype = ordinal\nscale = A | B\n"
		"[columns.mentors]\nemail = email\ncap = cap\ngrade = grade\n"
		"[columns.mentees]\nemail = email\ngrade = grade\n"
		"[rule.g]\nkind = same\nfield = grade\nweight = 1\n";
	struct fx f;
	(void)state;

	fx_load(&f, profile,
		"inline:email,cap,grade\n"
		"a@x,1,Z\n"          /* 2: grade not on the scale */
		"b@x,1e1,A\n"        /* 3: not a number */
		"c@x,,A\n"           /* 4: blank */
		"d@x,1.5,B\n"        /* 5: not whole */
		"e@x,0.0000001,A\n"  /* 6: too many decimals */
		"f@x,2,A\n"          /* 7: left out, f@x signs up again */
		"f@x,3,Z\n",         /* 8: grade not on the scale */
		"inline:email,grade\ng@x,A\n");
	/* read while building, then the sign-ups, then the capacities: in
	 * line order all the same */
	static const struct { unsigned long line; const char *text; } want[] = {
		{ 2, "grade \"Z\" is not on the scale" },
		{ 3, "cap \"1e1\" is not a number; the default 2 is used" },
		{ 4, "cap \"\" is blank; the default 2 is used" },
		{ 5, "cap \"1.5\" is not a whole number from 0 to 1000; the default 2 is used" },
		{ 6, "cap \"0.0000001\" has more than 6 decimals or is too large; the default 2 is used" },
		{ 7, "f@x signed up again on line 8" },
		{ 8, "grade \"Z\" is not on the scale" },
	};
	assert_int_equal(f.d.n, sizeof want / sizeof *want);
	for (size_t i = 0; i < f.d.n; i++) {
		assert_int_equal(f.d.items[i].line, want[i].line);
		assert_non_null(strstr(f.d.items[i].msg, want[i].text));
		assert_string_equal(f.d.items[i].file, "inline.csv");
	}
	/* "counts as missing" is said of nothing here: no rule reads cap */
	for (size_t i = 0; i < f.d.n; i++)
		assert_null(strstr(f.d.items[i].msg, "cap \"1e1\" is not a number; it counts as missing"));
	assert_int_equal(dataset_capacity(&f.ds, SIDE_MENTOR, 1), 2);
	fx_free(&f);
}

/* ---- C04: multi-select with known options ------------------------------------- */

/* The profile with C04's known options, read from C04_options.txt (one per
 * line) and written as a profile list. */
static char *c04_profile(int with_options)
{
	char *opts = read_file(CASES "C04_options.txt"), *line, *save = NULL;
	size_t cap = 4096, n;
	int first = 1;
	char *p = malloc(cap);
	assert_non_null(p);
	n = (size_t)snprintf(p, cap,
		"[profile]\nformat = 1\n"
		"[field.first_name]\ntype = text\n"
		"[field.email]\ntype = email\n"
		"[field.characteristics]\ntype = multi\nseparator = \", \"\n%s",
		with_options ? "options = " : "");
	for (line = strtok_r(opts, "\r\n", &save); with_options && line;
	     line = strtok_r(NULL, "\r\n", &save))
	{
		n += (size_t)snprintf(p + n, cap - n, "%s%s", first ? "" : " | ", line);
		first = 0;
	}
	snprintf(p + n, cap - n, "\n"
		 "[columns.mentors]\nfirst_name = First name\nemail = Email address\n"
		 "characteristics = Which of these describe you? (tick all that apply)\n"
		 "[columns.mentees]\nfirst_name = First name\nemail = Email address\n"
		 "characteristics = Which of these describe you? (tick all that apply)\n"
		 "[rule.shared]\nkind = contains\nfield = characteristics\nweight = 3\n");
	free(opts);
	return p;
}

static void test_c04_known_options(void **state)
{
	char *prof = c04_profile(1);
	struct fx f;
	char buf[256];
	(void)state;

	fx_load(&f, prof, CASES "C04_google_forms_multiselect.csv",
		"inline:First name,Email address,Which of these describe you? (tick all that apply)\n"
		"Uma,uma@example.org,\"neurodivergent, PARENT,  CARER OR GUARDIAN, \"\n"
		"Vic,vic@example.org,\"Parent, carer, Neurodivergent, Disabled\"\n");
	size_t ch = field(&f, "characteristics");
	assert_int_equal(f.p.fields[ch].noptions, 5);
	assert_string_equal(f.p.fields[ch].options[0], "Parent, carer or guardian");

	set_text(&f, SIDE_MENTOR, person(&f, SIDE_MENTOR, "Sky"), "characteristics", buf, sizeof buf);
	assert_string_equal(buf, "Neurodivergent | Parent, carer or guardian");
	set_text(&f, SIDE_MENTOR, person(&f, SIDE_MENTOR, "Lee"), "characteristics", buf, sizeof buf);
	assert_string_equal(buf, "Neurodivergent");
	size_t max = person(&f, SIDE_MENTOR, "Max");
	set_text(&f, SIDE_MENTOR, max, "characteristics", buf, sizeof buf);
	assert_string_equal(buf, "First in family to go to university | Parent, carer or guardian");
	assert_string_equal(dataset_other_text(&f.ds, SIDE_MENTOR, max, ch),
			    "I commute from a rural area");
	size_t ray = person(&f, SIDE_MENTOR, "Ray");
	set_text(&f, SIDE_MENTOR, ray, "characteristics", buf, sizeof buf);
	assert_string_equal(buf, "");
	assert_null(dataset_other_text(&f.ds, SIDE_MENTOR, ray, ch));
	for (const char *const *nm = (const char *const[]){ "Sky", "Lee", "Ray", NULL }; *nm; nm++)
		assert_null(dataset_other_text(&f.ds, SIDE_MENTOR, person(&f, SIDE_MENTOR, *nm), ch));
	assert_int_equal(f.ds.side[SIDE_MENTOR].nother, 1);

	/* the other text is reported, naming file and line, and is no category */
	const struct diag_item *it = find_diag(&f.d, DIAG_NOTE, 4, "I commute");
	assert_non_null(it);
	assert_string_equal(it->file, CASES "C04_google_forms_multiselect.csv");
	assert_string_equal(it->msg, "\"I commute from a rural area\" is not one of the known "
			    "options of characteristics; it is kept as other text and not used in rules");
	static const char *const phantoms[] = {
		"parent", "carer or guardian", "carer", "i commute from a rural area",
		"parent, carer", NULL
	};
	assert_no_vocab(&f, phantoms);

	/* case and spacing do not matter; the trailing separator adds nothing */
	set_text(&f, SIDE_MENTEE, person(&f, SIDE_MENTEE, "Uma"), "characteristics", buf, sizeof buf);
	assert_string_equal(buf, "Neurodivergent | Parent, carer or guardian");
	/* a piece of an option is not the option: other text, in its own words */
	size_t vic = person(&f, SIDE_MENTEE, "Vic");
	set_text(&f, SIDE_MENTEE, vic, "characteristics", buf, sizeof buf);
	assert_string_equal(buf, "Disabled | Neurodivergent");
	assert_string_equal(dataset_other_text(&f.ds, SIDE_MENTEE, vic, ch), "Parent, carer");

	/* counts: Parent.. x2 + Uma, Neurodivergent x2 + Uma + Vic, First x1 */
	struct value_count *vc;
	size_t n = dataset_value_counts(&f.ds, ch, &vc);
	assert_int_equal(n, 4);
	assert_string_equal(vc[0].text, "Neurodivergent");
	assert_int_equal(vc[0].count[SIDE_MENTOR], 2);
	assert_int_equal(vc[0].count[SIDE_MENTEE], 2);
	assert_string_equal(vc[1].text, "Parent, carer or guardian");
	assert_int_equal(vc[1].count[SIDE_MENTOR], 2);
	assert_int_equal(vc[1].count[SIDE_MENTEE], 1);
	assert_string_equal(vc[2].text, "First in family to go to university");
	assert_string_equal(vc[3].text, "Disabled");
	assert_int_equal(vc[3].count[SIDE_MENTOR], 0);
	assert_int_equal(vc[3].count[SIDE_MENTEE], 1);
	free(vc);

	/* the rule sees whole options: Sky (mentor) and Uma share two */
	long sc;
	score_pair(&f.ds, person(&f, SIDE_MENTOR, "Sky"), person(&f, SIDE_MENTEE, "Uma"), &sc,
		   NULL, NULL);
	assert_int_equal(sc, 3);
	fx_free(&f);
	free(prof);
}

/* Without the options, the cell is split on every separator (the behaviour
 * the options exist to fix), still with no empty category. */
static void test_c04_without_options(void **state)
{
	char *prof = c04_profile(0);
	struct fx f;
	char buf[256];
	(void)state;

	fx_load(&f, prof, CASES "C04_google_forms_multiselect.csv",
		CASES "C04_google_forms_multiselect.csv");
	set_text(&f, SIDE_MENTOR, person(&f, SIDE_MENTOR, "Sky"), "characteristics", buf, sizeof buf);
	assert_string_equal(buf, "Neurodivergent | Parent | carer or guardian");
	set_text(&f, SIDE_MENTOR, person(&f, SIDE_MENTOR, "Ray"), "characteristics", buf, sizeof buf);
	assert_string_equal(buf, "");
	assert_int_equal(f.ds.side[SIDE_MENTOR].nother, 0);
	assert_no_vocab(&f, NULL);
	fx_free(&f);
	free(prof);
}

/* ---- C05: Microsoft Forms, ';' after every option ----------------------------- */

static void test_c05_trailing_separator(void **state)
{
	static const char profile[] =
		"[profile]\nformat = 1\n"
		"[solve]\nmode = capacity\nmentor_capacity_field = capacity\n"
		"[field.first_name]\ntype = text\n"
		"[field.email]\ntype = email\n"
		"[field.traits]\ntype = multi\nseparator = \";\"\n"
		"[field.capacity]\ntype = number\n"
		"[columns.mentors]\nfirst_name = First name\n"
		"email = What is your work email address?\n"
		"traits = Which of the following apply to you?\n"
		"capacity = How many mentees could you support?\n"
		"[columns.mentees]\nfirst_name = First name\n"
		"email = What is your work email address?\n"
		"traits = Which of the following apply to you?\n";
	struct fx f;
	char buf[256];
	(void)state;

	fx_load(&f, profile, CASES "C05_msforms_export.csv", CASES "C05_msforms_export.csv");
	for (int side = 0; side < SIDE_COUNT; side++) {
		set_text(&f, (enum side)side, person(&f, (enum side)side, "Quinn"), "traits", buf, sizeof buf);
		assert_string_equal(buf, "Carer | LGBTQ+");
		set_text(&f, (enum side)side, person(&f, (enum side)side, "Avery"), "traits", buf, sizeof buf);
		assert_string_equal(buf, "Disabled");
		set_text(&f, (enum side)side, person(&f, (enum side)side, "Morgan"), "traits", buf, sizeof buf);
		assert_string_equal(buf, "");
	}
	assert_no_vocab(&f, NULL);
	assert_int_equal(dataset_capacity(&f.ds, SIDE_MENTOR, person(&f, SIDE_MENTOR, "Morgan")), 0);
	assert_int_equal(dataset_capacity(&f.ds, SIDE_MENTOR, person(&f, SIDE_MENTOR, "Quinn")), 2);
	fx_free(&f);
}

/* ---- duplicate sign-ups ---------------------------------------------------------- */

static const char dup_profile[] =
	"[profile]\nformat = 1\n"
	"[field.first_name]\ntype = text\n"
	"[field.email]\ntype = email\n"
	"[field.org]\ntype = category\n"
	"[columns.mentors]\nfirst_name = name\nemail = email\norg = org\n"
	"[columns.mentees]\nfirst_name = name\nemail = email\norg = org\n"
	"[rule.org]\nkind = different\nfield = org\nweight = 4\n";

static void test_duplicates_keep_last(void **state)
{
	struct fx f;
	(void)state;

	fx_load(&f, dup_profile,
		"inline:name,email,org\n"
		"Ann,ann@x.org,OnlyInDropped\n"   /* 2: left out for line 5 */
		"Bob,bob@x.org,B\n"               /* 3 */
		"Nil,,B\n"                        /* 4: no email, kept */
		"Ann2,ANN@X.org ,A\n"             /* 5: kept, same email in another case */
		"Ann3,Ann@x.org,A\n"              /* 6: oh, again: this one is kept */
		"Nul,,C\n",                       /* 7: no email, kept */
		"inline:name,email,org\n"
		"Cat,cat@x.org,C\n"
		"Ann,ann@x.org,C\n");
	const struct side_data *m = &f.ds.side[SIDE_MENTOR];
	assert_int_equal(m->n, 4);
	assert_int_equal(m->ndup, 2);
	/* the participants, in file order */
	static const char *const names[] = { "Bob", "Nil", "Ann3", "Nul" };
	static const unsigned long lines[] = { 3, 4, 6, 7 };
	for (size_t i = 0; i < 4; i++) {
		assert_string_equal(dataset_text(&f.ds, SIDE_MENTOR, i, 0), names[i]);
		assert_int_equal(dataset_line(&f.ds, SIDE_MENTOR, i), lines[i]);
	}
	/* rows 0 (line 2) and 3 (line 5) were left out for participant 2 (line 6) */
	assert_int_equal(m->dup[0].row, 0);
	assert_int_equal(m->dup[0].kept, 2);
	assert_int_equal(m->dup[1].row, 3);
	assert_int_equal(m->dup[1].kept, 2);
	assert_non_null(find_diag(&f.d, DIAG_WARNING, 2, "signed up again on line 6"));
	assert_non_null(find_diag(&f.d, DIAG_WARNING, 5, "signed up again on line 6"));
	assert_non_null(find_diag(&f.d, DIAG_WARNING, 4, "no email address"));
	assert_non_null(find_diag(&f.d, DIAG_WARNING, 7, "no email address"));
	/* Ann is on both sides: the kept row's line is named */
	assert_non_null(find_diag(&f.d, DIAG_NOTE, 3, "line 6) and a mentee"));
	/* the left-out rows count nowhere */
	struct value_count *vc;
	size_t n = dataset_value_counts(&f.ds, 2, &vc);
	assert_int_equal(n, 3);
	for (size_t k = 0; k < n; k++)
		assert_string_not_equal(vc[k].text, "OnlyInDropped");
	free(vc);
	/* and the kept Ann is never matched with the mentee Ann */
	long sc;
	assert_false(score_pair(&f.ds, 2, 1, &sc, NULL, NULL));
	struct edges e;
	assert_int_equal(score_build_edges(&f.ds, &e), 0);
	assert_int_equal(e.nmentors, 4);
	for (size_t k = e.start[2]; k < e.start[3]; k++)
		assert_int_not_equal(e.mentee[k], 1);
	edges_free(&e);
	fx_free(&f);
}

/* The email field must be mapped on both sides. */
static void test_email_must_be_mapped(void **state)
{
	static const char profile[] =
		"[profile]\nformat = 1\n"
		"[field.first_name]\ntype = text\n"
		"[field.email]\ntype = email\n"
		"[columns.mentors]\nfirst_name = name\n"
		"[columns.mentees]\nfirst_name = name\nemail = email\n";
	struct profile p;
	struct table m, e;
	struct dataset ds;
	struct diag d = { 0 };
	(void)state;

	assert_int_equal(profile_load_string(&p, "t.ini", profile, &d), 0);
	assert_int_equal(table_load_mem(&m, "m.csv", "name\nA\nA\n", 9, 0, &d), 0);
	assert_int_equal(table_load_mem(&e, "e.csv", "name,email\nB,b@x\n", 17, 0, &d), 0);
	/* the email is required: the build fails, with the reason */
	assert_int_equal(dataset_build(&ds, &p, &m, &e, &d), -1);
	assert_non_null(find_diag(&d, DIAG_ERROR, 1, "no column is mapped to the field email"));
	table_free(&m);
	table_free(&e);
	profile_free(&p);
	diag_free(&d);
}


/* A tick-box grid exported as numbers: any number equal to 1 or 0 is yes or
 * no; another number (2, 0.5) is read as the answer itself, as any other
 * text, and reported once per column with its first line and the count. */
static void test_tick_box_numbers(void **state)
{
	static const char profile[] =
		"[profile]\nformat = 1\n"
		"[field.email]\ntype = email\n"
		"[field.free]\ntype = multi\n"
		"[columns.mentors]\nemail = email\nfree.1 = Mon\nfree.2 = Tue\nfree.3 = Wed\n"
		"[columns.mentees]\nemail = email\nfree.1 = Mon\nfree.2 = Tue\nfree.3 = Wed\n";
	static const char *const want[] = {
		"Mon | Wed",   /* line 2: 1.0, 0.00, " 1 " */
		"",            /* line 3: -0, 0.0, +0.000 */
		"2 | Tue",     /* line 4: 2, 1.00, 0 */
		"0.5 | Mon",   /* line 5: +1, 0, 0.5 */
		"2 | Morning", /* line 6: Morning, 2, 1e1 is text, not a number */
	};
	struct fx f;
	char buf[128];
	(void)state;

	fx_load(&f, profile,
		"inline:email,Mon,Tue,Wed\nm@x,1,0,0\n",
		"inline:email,Mon,Tue,Wed\n"
		"a@x,1.0,0.00, 1 \n"
		"b@x,-0,0.0,+0.000\n"
		"c@x,2,1.00,0\n"
		"d@x,+1,0,0.5\n"
		"e@x,Morning,2,1e1\n");
	assert_int_equal(f.ds.side[SIDE_MENTEE].n, 5);
	for (size_t i = 0; i < 5; i++) {
		set_text(&f, SIDE_MENTEE, i, "free", buf, sizeof buf);
		if (i == 4)
			assert_string_equal(buf, "1e1 | 2 | Morning");
		else
			assert_string_equal(buf, want[i]);
	}
	/* one warning per column: Mon (line 4, 1 cell), Tue (line 6), Wed (line 5) */
	assert_non_null(find_diag(&f.d, DIAG_WARNING, 4, "the tick-box column \"Mon\" (free.1) holds "
				  "1 number that is neither 1 (yes) nor 0 (no), the first \"2\""));
	assert_non_null(find_diag(&f.d, DIAG_WARNING, 6, "column \"Tue\" (free.2) holds 1 number"));
	assert_non_null(find_diag(&f.d, DIAG_WARNING, 5, "column \"Wed\" (free.3) holds 1 number "
				  "that is neither 1 (yes) nor 0 (no), the first \"0.5\" on this line; it "
				  "is read as the answer \"0.5\" itself"));
	assert_int_equal(diag_count(&f.d, DIAG_WARNING), 3);
	fx_free(&f);

	/* several cells of one column: one warning with the count */
	fx_load(&f, profile, "inline:email,Mon,Tue,Wed\nm@x,1,0,0\n",
		"inline:email,Mon,Tue,Wed\na@x,1,,\nb@x,3,,\nc@x,0,,\nd@x,3,,\ne@x,-2,,\n");
	assert_int_equal(diag_count(&f.d, DIAG_WARNING), 1);
	assert_non_null(find_diag(&f.d, DIAG_WARNING, 3, "\"Mon\" (free.1) holds 3 numbers that are "
				  "neither 1 (yes) nor 0 (no), the first \"3\" on this line; each is read"));
	fx_free(&f);

	assert_int_equal(text_yes_no("1.0"), 1);
	assert_int_equal(text_yes_no(" 1.000000 "), 1);
	assert_int_equal(text_yes_no("0.00"), 0);
	assert_int_equal(text_yes_no("-0"), 0);
	assert_int_equal(text_yes_no("-1"), -1);
	assert_int_equal(text_yes_no("1.0000001"), -1);
	assert_int_equal(text_yes_no("10"), -1);
	assert_int_equal(text_yes_no("YES"), 1);
	assert_int_equal(text_yes_no(""), -1);
}

/* Random cells made of known options (in any case, with stray spaces), other
 * words and empty pieces: every option used is found whole, the other words
 * are other text, and nothing else becomes a category. */
static void test_options_random(void **state)
{
	static const char *const opts[] = {
		"Parent, carer or guardian", "Neurodivergent", "First in family, at last", "Disabled",
	};
	static const char *const spelled[] = {
		"Parent, carer or guardian", "neurodivergent", "FIRST IN FAMILY,  at last",
		" Disabled\xC2\xA0",
	};
	static const char *const others[] = { "Parent", "carer", "I walk", "at last", "x y" };
	static const char profile[] =
		"[profile]\nformat = 1\n"
		"[field.first_name]\ntype = text\n"
		"[field.email]\ntype = email\n"
		"[field.c]\ntype = multi\nseparator = \", \"\n"
		"options = Parent, carer or guardian | Neurodivergent | First in family, at last | Disabled\n"
		"[columns.mentors]\nfirst_name = name\nemail = email\nc = c\n"
		"[columns.mentees]\nfirst_name = name\nemail = email\nc = c\n";
	enum { N = 300 };
	static char csv[N * 200 + 64];
	unsigned used[N], had_other[N];
	uint32_t seed = 7;
	size_t len;
	(void)state;

	len = (size_t)snprintf(csv, sizeof csv, "inline:name,email,c\n");
	for (size_t i = 0; i < N; i++) {
		size_t k = 0, nitems;
		char cellbuf[256] = "";
		seed = seed * 1103515245u + 12345u;
		nitems = (seed >> 16) % 5;
		used[i] = 0;
		had_other[i] = 0;
		for (size_t j = 0; j < nitems; j++) {
			const char *item;
			seed = seed * 1103515245u + 12345u;
			unsigned r = (seed >> 16) % 10;
			if (r < 6) {
				item = spelled[r % 4];
				used[i] |= 1u << (r % 4);
			} else if (r < 9) {
				/* another word, never next to a piece it could complete */
				item = others[(seed >> 20) % 5];
				had_other[i] = 1;
			} else {
				item = "";
			}
			k += (size_t)snprintf(cellbuf + k, sizeof cellbuf - k, "%s%s", j ? ", " : "", item);
		}
		if ((seed >> 24) & 1)
			k += (size_t)snprintf(cellbuf + k, sizeof cellbuf - k, ", ");
		len += (size_t)snprintf(csv + len, sizeof csv - len, "P%zu,p%zu@x.org,\"%s\"\n", i, i, cellbuf);
	}
	struct fx f;
	fx_load(&f, profile, csv, "inline:name,email,c\n");
	size_t c = field(&f, "c");
	const struct side_data *sd = &f.ds.side[SIDE_MENTOR];
	assert_int_equal(sd->n, N);
	for (size_t i = 0; i < N; i++) {
		size_t at = i * f.p.nfields + c;
		unsigned got = 0;
		for (size_t k = sd->set_start[at]; k < sd->set_start[at + 1]; k++) {
			if (k > sd->set_start[at])
				assert_true(sd->set_pool[k] > sd->set_pool[k - 1]);
			size_t o;
			char key[64];
			for (o = 0; o < 4; o++) {
				text_key(opts[o], strlen(opts[o]), key);
				if (!strcmp(f.ds.vocab_key[sd->set_pool[k]], key))
					break;
			}
			if (o == 4) {
				print_message("row %zu: '%s' is no option\n", i, f.ds.vocab[sd->set_pool[k]]);
				fail();
			}
			got |= 1u << o;
		}
		const char *other = dataset_other_text(&f.ds, SIDE_MENTOR, i, c);
		/* (no other word can join a neighbouring piece into an option) */
		assert_int_equal(got, used[i]);
		assert_int_equal(other != NULL, had_other[i]);
		if (other)
			assert_true(other[0] != '\0' && other[0] != ' ');
	}
	assert_no_vocab(&f, NULL);
	assert_true(f.ds.nvocab <= N + 4);   /* the emails and the four options */
	fx_free(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_c11_canonical_spelling),
		cmocka_unit_test(test_c11_ordinal_counts),
		cmocka_unit_test(test_most_frequent_spelling),
		cmocka_unit_test(test_c04_known_options),
		cmocka_unit_test(test_c04_without_options),
		cmocka_unit_test(test_c05_trailing_separator),
		cmocka_unit_test(test_options_random),
		cmocka_unit_test(test_duplicates_keep_last),
		cmocka_unit_test(test_email_must_be_mapped),
		cmocka_unit_test(test_tick_box_numbers),
		cmocka_unit_test(test_key_typography),
		cmocka_unit_test(test_missing_column_did_you_mean),
		cmocka_unit_test(test_same_header_twice),
		cmocka_unit_test(test_count_messages_in_line_order),
	};
	return cmocka_run_group_tests_name("dataset", tests, NULL, NULL);
}
