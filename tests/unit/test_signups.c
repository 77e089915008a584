/* One combined sign-up sheet: the [signups] profile section (reading,
 * errors with lines, writing back), table_subset, session_load_signups
 * with a role column (Mentor / Mentee / Both / blank / "maybe") and with a
 * yes/no question, and the import report of it. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "mentormatch/report.h"
#include "mentormatch/session.h"

static void print_diag(const struct diag *d)
{
	for (size_t i = 0; i < d->n; i++) {
		char buf[512];
		diag_format(&d->items[i], buf, sizeof buf);
		print_message("  %s\n", buf);
	}
}

/* Index of the first message at that line containing text, or -1. */
static long find_diag(const struct diag *d, unsigned long line, const char *text)
{
	for (size_t i = 0; i < d->n; i++)
		if (d->items[i].line == line && strstr(d->items[i].msg, text))
			return (long)i;
	return -1;
}

/* Writes text to a new temporary file; returns its path (static buffer). */
static const char *temp_file(const char *text)
{
	static char path[64];
	snprintf(path, sizeof path, "/tmp/mm-signups-XXXXXX");
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	size_t n = strlen(text);
	assert_int_equal(write(fd, text, n), (ssize_t)n);
	close(fd);
	return path;
}

#define FIELDS \
	"[profile]\nformat = 1\n" \
	"[field.first_name]\ntype = text\n" \
	"[field.email]\ntype = email\n" \
	"[field.topic]\ntype = category\n" \
	"[rule.same_topic]\nkind = same\nfield = topic\nweight = 5\n"

static const char role_profile[] = FIELDS
	"[columns.mentors]\nfirst_name = Name\nemail = Email\ntopic = Topic\n"
	"[columns.mentees]\nfirst_name = Name\nemail = Email\ntopic = Topic\n"
	"[signups]\n"
	"role_column = How would you like to take part?\n"
	"mentor_answers = Mentor | Both\n"
	"mentee_answers = mentee | BOTH\n";

static const char role_sheet[] =
	"Name,Email,How would you like to take part?,Topic\n"
	"Ann,ann@example.org,Mentor,Data\n"        /* line 2 */
	"Bob,bob@example.org,Mentee,Data\n"        /* line 3 */
	"Cat,cat@example.org,Both,Data\n"          /* line 4 */
	"Dan,dan@example.org,,Data\n"              /* line 5: blank */
	"Eve,eve@example.org,maybe,Data\n"         /* line 6 */
	"Fay,fay@example.org,\" MENTEE \",Data\n"; /* line 7 */

static void load(struct session *s, struct diag *d, const char *profile, const char *sheet)
{
	const char *path = temp_file(sheet);
	session_init(s);
	s->strict_columns = 1;
	struct profile p;
	if (profile_load_string(&p, "test.ini", profile, d) != 0) {
		print_diag(d);
		fail();
	}
	s->prof = p;
	s->have_profile = 1;
	int rc = session_load_signups(s, path, d);
	unlink(path);
	if (rc != 0) {
		print_diag(d);
		fail();
	}
}

static void test_role_column(void **state)
{
	(void)state;
	struct session s;
	struct diag d = { 0 };
	load(&s, &d, role_profile, role_sheet);

	assert_true(s.have_sheet);
	assert_int_equal(s.sheet.nrows, 6);
	const struct table *m = &s.tab[SIDE_MENTOR], *e = &s.tab[SIDE_MENTEE];
	assert_int_equal(m->nrows, 2);
	assert_string_equal(table_cell(m, 0, 0), "Ann");
	assert_string_equal(table_cell(m, 1, 0), "Cat");
	assert_int_equal(m->line[0], 2);
	assert_int_equal(m->line[1], 4);
	assert_int_equal(e->nrows, 3);
	assert_string_equal(table_cell(e, 0, 0), "Bob");
	assert_string_equal(table_cell(e, 1, 0), "Cat");
	assert_string_equal(table_cell(e, 2, 0), "Fay");
	assert_int_equal(e->line[2], 7);
	assert_int_equal(m->ncols, 4);
	assert_string_equal(e->headers[3], "Topic");
	assert_int_equal(s.signup_both, 1);

	/* the rows on neither side: reported with file, line and answer */
	assert_int_equal(s.nunused, 2);
	assert_int_equal(s.unused[0].line, 5);
	assert_string_equal(s.unused[0].answer, "");
	assert_int_equal(s.unused[1].line, 6);
	assert_string_equal(s.unused[1].answer, "maybe");
	long i5 = find_diag(&d, 5, "blank"), i6 = find_diag(&d, 6, "\"maybe\"");
	assert_true(i5 >= 0 && i6 >= 0);
	assert_int_equal(d.items[i6].level, DIAG_WARNING);
	assert_true(strstr(d.items[i6].file, "/tmp/mm-signups-") != NULL);
	assert_int_equal(diag_count(&d, DIAG_ERROR), 0);

	assert_int_equal(session_signup_role(&s.prof, "  both "), SIGNUP_MENTOR | SIGNUP_MENTEE);
	assert_int_equal(session_signup_role(&s.prof, "MENTOR"), SIGNUP_MENTOR);
	assert_int_equal(session_signup_role(&s.prof, ""), 0);

	/* Cat is on both sides and never matched with herself */
	assert_int_equal(session_match(&s, &d), 0);
	for (size_t k = 0; k < s.res.npairs; k++) {
		char a[128], b[128];
		dataset_name(&s.ds, SIDE_MENTOR, s.res.pairs[k].mentor, a, sizeof a);
		dataset_name(&s.ds, SIDE_MENTEE, s.res.pairs[k].mentee, b, sizeof b);
		assert_string_not_equal(a, b);
	}

	/* the import report lists the rows not used, by answer */
	struct import_report r;
	assert_int_equal(report_build(&s, &r), 0);
	assert_non_null(r.sheet);
	assert_int_equal(r.sheet_rows, 6);
	assert_int_equal(r.sheet_both, 1);
	assert_int_equal(r.nunused, 2);
	assert_string_equal(r.unused[0].text, "");
	assert_int_equal(r.unused[0].lines.line[0], 5);
	assert_string_equal(r.unused[1].text, "maybe");
	assert_int_equal(r.unused[1].lines.line[0], 6);
	assert_int_equal(r.nboth, 1);
	assert_int_equal(r.both[0].line[SIDE_MENTOR], 4);
	assert_int_equal(report_untrustworthy(&r), 0);
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	report_print(&r, f);
	fclose(f);
	assert_non_null(strstr(text, "6 rows loaded: 2 mentors, 3 mentees, 1 on both sides"));
	assert_non_null(strstr(text, "blank (line 5), \"maybe\" (line 6)"));
	free(text);
	report_free(&r);

	/* changing the answers and splitting again: "maybe" now means mentee */
	const char *const mentee[] = { "Mentee", "both", "Maybe", "maybe", "" };
	assert_int_equal(profile_set_signup_answers(&s.prof, SIDE_MENTEE, mentee, 5), 0);
	assert_int_equal(s.prof.signups.nanswers[SIDE_MENTEE], 3);
	assert_int_equal(session_split_signups(&s, &d), 0);
	assert_int_equal(s.tab[SIDE_MENTEE].nrows, 4);
	assert_int_equal(s.nunused, 1);

	/* loading a separate file drops the sheet and both its tables */
	const char *path = temp_file("Name,Email,Topic\nGus,gus@example.org,Data\n");
	assert_int_equal(session_load_file(&s, SIDE_MENTOR, path, &d), 0);
	unlink(path);
	assert_false(s.have_sheet);
	assert_false(s.have_table[SIDE_MENTEE]);
	assert_int_equal(s.nunused, 0);
	assert_int_equal(s.tab[SIDE_MENTOR].nrows, 1);
	session_free(&s);
	diag_free(&d);
}

/* A yes/no question, and different columns for the two sides. */
static void test_yes_no_question(void **state)
{
	(void)state;
	static const char profile[] = FIELDS
		"[columns.mentors]\nfirst_name = Name\nemail = Email\ntopic = What can you mentor on?\n"
		"[columns.mentees]\nfirst_name = Name\nemail = Email\ntopic = What would you like help with?\n"
		"[signups]\n"
		"role_column = Do you want to sign up as a mentor?\n"
		"mentor_answers = yes\n"
		"mentee_answers = no\n"
		"delimiter = semicolon\n";
	static const char sheet[] =
		"Name;Email;Do you want to sign up as a mentor?;What can you mentor on?;"
		"What would you like help with?\n"
		"Ann;ann@example.org;Yes;Data;\n"
		"Bob;bob@example.org;No;;Data\n"
		"Cat;cat@example.org;YES ;Design;\n"
		"Dan;dan@example.org;no;;Design\n";
	struct session s;
	struct diag d = { 0 };
	load(&s, &d, profile, sheet);
	assert_int_equal(s.sheet.delim, ';');
	assert_int_equal(s.tab[SIDE_MENTOR].nrows, 2);
	assert_int_equal(s.tab[SIDE_MENTEE].nrows, 2);
	assert_int_equal(s.nunused, 0);
	assert_int_equal(s.signup_both, 0);
	assert_int_equal(session_match(&s, &d), 0);
	/* same topic: Ann-Bob (Data) and Cat-Dan (Design), each +5 */
	assert_int_equal(s.res.npairs >= 2, 1);
	assert_int_equal(s.res.round_total[0], 10);
	session_free(&s);
	diag_free(&d);
}

static void test_missing_role_column(void **state)
{
	(void)state;
	struct session s;
	struct diag d = { 0 };
	struct profile p;
	const char *path = temp_file("Name,Email,Role,Topic\nAnn,ann@example.org,Mentor,Data\n");
	session_init(&s);
	assert_int_equal(profile_load_string(&p, "test.ini", role_profile, &d), 0);
	s.prof = p;
	s.have_profile = 1;
	assert_int_equal(session_load_signups(&s, path, &d), -1);
	unlink(path);
	assert_true(find_diag(&d, 1, "no role column") >= 0);
	assert_false(s.have_table[SIDE_MENTOR] || s.have_table[SIDE_MENTEE]);
	assert_true(s.have_sheet);
	session_free(&s);
	diag_free(&d);
}

static char *write_profile(const struct profile *p)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	assert_int_equal(profile_write(p, f), 0);
	fclose(f);
	return text;
}

static void test_profile_round_trip(void **state)
{
	(void)state;
	static const char text[] = FIELDS
		"[signups]\n"
		"role_column = \"  Role; or not \"\n"
		"mentor_answers = \"Mentor \\| coach | Both\"\n"
		"mentee_answers = Mentee | Both\n"
		"delimiter = tab\n";
	struct profile p, q, c;
	struct diag d = { 0 };
	if (profile_load_string(&p, "t.ini", text, &d) != 0) {
		print_diag(&d);
		fail();
	}
	assert_string_equal(p.signups.role_column, "  Role; or not ");
	assert_int_equal(p.signups.nanswers[SIDE_MENTOR], 2);
	assert_string_equal(p.signups.answers[SIDE_MENTOR][0], "Mentor | coach");
	assert_int_equal(p.signups.delimiter, '\t');
	char *w1 = write_profile(&p);
	assert_non_null(strstr(w1, "[signups]"));
	assert_int_equal(profile_load_string(&q, "w1.ini", w1, &d), 0);
	char *w2 = write_profile(&q);
	assert_string_equal(w1, w2);
	assert_string_equal(q.signups.answers[SIDE_MENTOR][0], "Mentor | coach");
	assert_int_equal(profile_copy(&c, &q), 0);
	char *w3 = write_profile(&c);
	assert_string_equal(w1, w3);
	free(w1);
	free(w2);
	free(w3);
	profile_free(&c);
	profile_free(&q);
	/* no [signups]: none written */
	profile_free(&p);
	assert_int_equal(profile_load_string(&p, "t.ini", FIELDS, &d), 0);
	w1 = write_profile(&p);
	assert_null(strstr(w1, "[signups]"));
	free(w1);
	profile_free(&p);
	diag_free(&d);
}

static void expect_error(const char *signups, unsigned long line, const char *text)
{
	char buf[2048];
	struct profile p;
	struct diag d = { 0 };
	snprintf(buf, sizeof buf, "%s[signups]\n%s", FIELDS, signups);
	assert_int_equal(profile_load_string(&p, "t.ini", buf, &d), -1);
	if (find_diag(&d, line, text) < 0) {
		print_message("expected line %lu: %s\n", line, text);
		print_diag(&d);
		fail();
	}
	diag_free(&d);
}

static void test_profile_errors(void **state)
{
	(void)state;
	unsigned long base = 0;
	for (const char *c = FIELDS; *c; c++)
		base += *c == '\n';
	base += 2;   /* the first line after [signups] */
	expect_error("mentor_answers = yes\nmentee_answers = no\n", base, "role_column is not");
	expect_error("role_column = Role\nmentor_answers = yes\n", base - 1, "needs mentee_answers");
	expect_error("role_column = Role\nmentor_answers = yes | Yes \nmentee_answers = no\n",
		     base + 1, "listed twice");
	expect_error("role_column = Role\nmentor_answers = yes\nmentee_answers = no\nrole = x\n",
		     base + 3, "unknown key");
	expect_error("role_column =\nmentor_answers = yes\nmentee_answers = no\n", base,
		     "role_column is empty");
	expect_error("delimiter = pipe\n", base, "delimiter");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_role_column),
		cmocka_unit_test(test_yes_no_question),
		cmocka_unit_test(test_missing_role_column),
		cmocka_unit_test(test_profile_round_trip),
		cmocka_unit_test(test_profile_errors),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
