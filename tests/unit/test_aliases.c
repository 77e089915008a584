/* Aliases of category and ordinal values (profile key aliases, read by
 * dataset.c) and column positions in the column mapping (field = header @N,
 * resolved by mapping_find_column_at / mapping_field_column). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mentormatch/dataset.h"
#include "mentormatch/mapping.h"

static void print_diag(const struct diag *d)
{
	for (size_t i = 0; i < d->n; i++) {
		char buf[512];
		diag_format(&d->items[i], buf, sizeof buf);
		print_message("  %s\n", buf);
	}
}

static void load_ok(struct profile *p, const char *text)
{
	struct diag d = { 0 };
	if (profile_load_string(p, "test.ini", text, &d) != 0) {
		print_diag(&d);
		fail();
	}
	diag_free(&d);
}

static char *write_to_string(const struct profile *p)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	assert_non_null(f);
	assert_int_equal(profile_write(p, f), 0);
	fclose(f);
	return buf;
}

/* Writes p, loads the text back into q; the text's lines fit inih. */
static char *roundtrip(const struct profile *p, struct profile *q)
{
	char *text = write_to_string(p);
	for (const char *l = text; *l;) {
		const char *e = strchr(l, '\n');
		assert_non_null(e);
		assert_true(e - l < 199);
		l = e + 1;
	}
	struct diag d = { 0 };
	if (profile_load_string(q, "rt.ini", text, &d) != 0) {
		print_message("%s", text);
		print_diag(&d);
		fail();
	}
	diag_free(&d);
	return text;
}

static const char base[] =
	"[profile]\nformat = 1\n"
	"[field.email]\ntype = email\n"
	"[field.first_name]\ntype = text\n"
	"[field.grade]\ntype = ordinal\nscale = AA | EO | HEO | Grade 7\n"
	"%s\n"
	"[field.org]\ntype = category\n"
	"%s\n"
	"[columns.mentors]\nemail = Email\nfirst_name = Name\ngrade = Grade\norg = Org\n"
	"[columns.mentees]\nemail = Email\nfirst_name = Name\ngrade = Grade\norg = Org\n"
	"[rule.gap]\nkind = gap\nfield = grade\nband.1 = 10\notherwise = 0\n";

static char *profile_text(const char *grade_extra, const char *org_extra)
{
	size_t n = sizeof base + strlen(grade_extra) + strlen(org_extra);
	char *s = malloc(n);
	assert_non_null(s);
	snprintf(s, n, base, grade_extra, org_extra);
	return s;
}

static void assert_same_aliases(const struct field_def *a, const struct field_def *b)
{
	assert_int_equal(a->naliases, b->naliases);
	for (size_t i = 0; i < a->naliases; i++) {
		assert_string_equal(a->aliases[i].spelling, b->aliases[i].spelling);
		assert_string_equal(a->aliases[i].value, b->aliases[i].value);
	}
}

/* ---- the profile ---------------------------------------------------------------- */

static void test_aliases_load(void **state)
{
	struct profile p;
	(void)state;
	char *t = profile_text("aliases = Grade7 => Grade 7 | G7 => Grade 7 | HEO (London) => HEO",
			       "aliases = \"  Dept\\x20 => Department \\| of X | a\\x3D>b => c=>d \"");
	load_ok(&p, t);
	const struct field_def *g = &p.fields[2], *o = &p.fields[3];
	assert_int_equal(g->naliases, 3);
	assert_string_equal(g->aliases[0].spelling, "Grade7");
	assert_string_equal(g->aliases[0].value, "Grade 7");
	assert_string_equal(g->aliases[2].spelling, "HEO (London)");
	assert_string_equal(g->aliases[2].value, "HEO");
	assert_int_equal(o->naliases, 2);
	assert_string_equal(o->aliases[0].spelling, "Dept ");
	assert_string_equal(o->aliases[0].value, "Department | of X");
	assert_string_equal(o->aliases[1].spelling, "a=>b");
	assert_string_equal(o->aliases[1].value, "c=>d");
	free(t);
	profile_free(&p);
}

static void test_aliases_roundtrip_nasty(void **state)
{
	static const char *const nasty[] = {
		"Grade7", " G 7 ", "a => b", "=>", "x=", ">y", "semi; colon", "pipe | bar",
		"quote \"q\"", "back\\slash", "tab\there", "new\nline", "Zoë ", "@5", "café =>=> ok",
		"=", "trailing =", "\x01" "ctl", "Email @5",
	};
	struct profile p, q, c;
	(void)state;
	char *t = profile_text("", "");
	load_ok(&p, t);
	free(t);
	size_t org = 3, grade = 2;
	for (size_t i = 0; i < sizeof nasty / sizeof *nasty; i++) {
		assert_int_equal(profile_set_alias(&p, org, nasty[i], nasty[(i + 3) %
				 (sizeof nasty / sizeof *nasty)]), 0);
	}
	assert_int_equal(profile_set_alias(&p, grade, "grade  seven", "Grade 7"), 0);
	assert_int_equal(profile_set_alias(&p, grade, "H.E.O.", "HEO"), 0);
	/* the same spelling again (case and spaces ignored) retargets it */
	assert_int_equal(profile_set_alias(&p, grade, " GRADE SEVEN", "EO"), 0);
	assert_int_equal(p.fields[grade].naliases, 2);
	assert_string_equal(p.fields[grade].aliases[0].value, "EO");
	char *text = roundtrip(&p, &q);
	for (size_t f = 0; f < p.nfields; f++)
		assert_same_aliases(&p.fields[f], &q.fields[f]);
	/* and once more: the written text is stable */
	struct profile r;
	char *text2 = roundtrip(&q, &r);
	assert_string_equal(text, text2);
	/* copy */
	assert_int_equal(profile_copy(&c, &p), 0);
	for (size_t f = 0; f < p.nfields; f++)
		assert_same_aliases(&p.fields[f], &c.fields[f]);
	profile_remove_alias(&c, grade, 0);
	assert_int_equal(c.fields[grade].naliases, 1);
	assert_string_equal(c.fields[grade].aliases[0].spelling, "H.E.O.");
	profile_remove_alias(&c, grade, 0);
	assert_int_equal(c.fields[grade].naliases, 0);
	assert_null(c.fields[grade].aliases);
	free(text);
	free(text2);
	profile_free(&p);
	profile_free(&q);
	profile_free(&r);
	profile_free(&c);
}

/* The first error of d, or NULL. */
static const struct diag_item *first_error(const struct diag *d)
{
	for (size_t i = 0; i < d->n; i++)
		if (d->items[i].level == DIAG_ERROR)
			return &d->items[i];
	return NULL;
}

static void expect_error(const char *grade_extra, const char *org_extra, unsigned long line,
			 const char *what)
{
	struct profile p;
	struct diag d = { 0 };
	char *t = profile_text(grade_extra, org_extra);
	assert_int_equal(profile_load_string(&p, "test.ini", t, &d), -1);
	const struct diag_item *it = first_error(&d);
	assert_non_null(it);
	if (it->line != line || !strstr(it->msg, what)) {
		print_diag(&d);
		fail();
	}
	free(t);
	diag_free(&d);
	profile_free(&p);
}

static void test_aliases_errors(void **state)
{
	(void)state;
	/* the grade's extra text is on line 10, the org's on 13 */
	expect_error("aliases = Grade7 => Grade 8", "", 10,
		     "Grade 8 is not on the scale (AA | EO | HEO | Grade 7)");
	expect_error("aliases = Grade7 => Grade 7 | GRADE7 => HEO", "", 10, "the same spelling");
	expect_error("aliases = heo => HEO", "", 10, "is on the scale already");
	expect_error("aliases = Grade7 Grade 7", "", 10, "has no '=>'");
	expect_error("aliases = => Grade 7", "", 10, "empty spelling");
	expect_error("aliases = Grade7 => Grade 7 || G7 => EO", "", 10, "empty item");
	expect_error("", "aliases = \"\\x20 => x\"", 13, "only white");
}

static void test_aliases_only_category_ordinal(void **state)
{
	struct profile p;
	struct diag d = { 0 };
	(void)state;
	const char *t =
		"[field.email]\ntype = email\naliases = a => b\n"
		"[columns.mentors]\nemail = Email\n";
	assert_int_equal(profile_load_string(&p, "x.ini", t, &d), -1);
	const struct diag_item *it = first_error(&d);
	assert_non_null(it);
	assert_int_equal(it->line, 3);
	assert_non_null(strstr(it->msg, "only for type = category, ordinal or number"));
	diag_free(&d);
	profile_free(&p);
}

/* ---- the dataset ------------------------------------------------------------------ */

static void test_aliases_dataset(void **state)
{
	struct profile p;
	struct table m, e;
	struct dataset ds;
	struct diag d = { 0 };
	(void)state;
	char *t = profile_text("aliases = Grade7 => Grade 7 | HEO (London) => HEO",
			       "aliases = Cabinet Office => CO");
	load_ok(&p, t);
	free(t);
	const char *mentors = "Email,Name,Grade,Org\n"
			      "a@x,A,grade7,cabinet office\n"
			      "b@x,B, GRADE 7 ,CO\n"
			      "c@x,C,Grade 8,HMT\n";
	const char *mentees = "Email,Name,Grade,Org\n"
			      "d@x,D,heo (london) ,Co\n"
			      "e@x,E,HEO,HMT\n";
	assert_int_equal(table_load_mem(&m, "m.csv", mentors, strlen(mentors), TABLE_DELIM_AUTO, &d), 0);
	assert_int_equal(table_load_mem(&e, "e.csv", mentees, strlen(mentees), TABLE_DELIM_AUTO, &d), 0);
	assert_int_equal(dataset_build(&ds, &p, &m, &e, &d), 0);
	size_t nf = p.nfields, g = 2, o = 3;
	assert_int_equal(ds.side[SIDE_MENTOR].val[0 * nf + g], 3);
	assert_int_equal(ds.side[SIDE_MENTOR].val[1 * nf + g], 3);
	/* not on the scale and no alias: missing and reported, never 0 */
	assert_int_equal(ds.side[SIDE_MENTOR].val[2 * nf + g], VALUE_NONE);
	int warned = 0;
	for (size_t i = 0; i < d.n; i++)
		if (strstr(d.items[i].msg, "\"Grade 8\" is not on the scale"))
			warned = 1;
	assert_true(warned);
	assert_int_equal(ds.side[SIDE_MENTEE].val[0 * nf + g], 2);
	assert_int_equal(ds.side[SIDE_MENTEE].val[1 * nf + g], 2);
	/* category: the alias reads as CO, one value with the others */
	int32_t co = ds.side[SIDE_MENTOR].val[0 * nf + o];
	assert_true(co >= 0);
	assert_int_equal(ds.side[SIDE_MENTOR].val[1 * nf + o], co);
	assert_int_equal(ds.side[SIDE_MENTEE].val[0 * nf + o], co);
	assert_string_equal(ds.vocab[co], "CO");
	struct value_count *vc;
	size_t n = dataset_value_counts(&ds, g, &vc);
	assert_int_equal(n, 4);
	assert_int_equal(vc[3].count[SIDE_MENTOR], 2);
	assert_int_equal(vc[2].count[SIDE_MENTEE], 2);
	free(vc);
	dataset_free(&ds);
	table_free(&m);
	table_free(&e);
	profile_free(&p);
	diag_free(&d);
}

/* ---- column positions --------------------------------------------------------------- */

static void test_column_position(void **state)
{
	struct profile p, q;
	struct table t;
	struct diag d = { 0 };
	(void)state;
	char *text = profile_text("", "");
	load_ok(&p, text);
	free(text);
	/* Email twice (columns 1 and 4), an empty header (3) */
	const char *csv = "Email,Name,,email ,Grade,Org\n"
			  "old@x,A,zz,new@x,HEO,CO\n";
	assert_int_equal(table_load_mem(&t, "t.csv", csv, strlen(csv), TABLE_DELIM_AUTO, &d), 0);
	assert_int_equal(mapping_find_column_at(&t, "Email", 0), 0);
	assert_int_equal(mapping_find_column_at(&t, "Email", 4), 3);
	assert_int_equal(mapping_find_column_at(&t, "EMAIL", 4), 3);
	/* the position names another header: the text decides */
	assert_int_equal(mapping_find_column_at(&t, "Email", 2), 0);
	assert_int_equal(mapping_find_column_at(&t, "Org", 99), 5);
	assert_int_equal(mapping_find_column_at(&t, "", 3), 2);
	assert_int_equal(mapping_find_column_at(&t, "", 2), -1);

	size_t email = 0, name = 1, grade = 2;
	assert_int_equal(profile_set_column_at(&p, SIDE_MENTOR, email, "Email", 4), 0);
	assert_int_equal(profile_set_column_at(&p, SIDE_MENTEE, name, "", 3), 0);
	assert_int_equal(profile_set_column_at(&p, SIDE_MENTEE, grade, "Grade @2", 0), 0);
	assert_int_equal(profile_set_column_at(&p, SIDE_MENTOR, grade, " Odd @7 ", 5), 0);
	assert_int_equal(mapping_field_column(&p, SIDE_MENTOR, email, &t), 3);
	assert_int_equal(mapping_field_column(&p, SIDE_MENTEE, name, &t), 2);
	char *out = roundtrip(&p, &q);
	assert_non_null(strstr(out, "email = Email @4\n"));
	assert_non_null(strstr(out, "first_name = @3\n"));
	for (int s = 0; s < SIDE_COUNT; s++)
		for (size_t f = 0; f < p.nfields; f++) {
			const char *a = p.columns[s][f], *b = q.columns[s][f];
			assert_true((!a && !b) || (a && b && !strcmp(a, b)));
			assert_int_equal(profile_column_at(&p, (enum side)s, f),
					 profile_column_at(&q, (enum side)s, f));
		}
	assert_string_equal(q.columns[SIDE_MENTEE][grade], "Grade @2");
	assert_int_equal(profile_column_at(&q, SIDE_MENTEE, grade), 0);
	assert_string_equal(q.columns[SIDE_MENTOR][grade], " Odd @7 ");
	assert_int_equal(profile_column_at(&q, SIDE_MENTOR, grade), 5);
	assert_int_equal(mapping_field_column(&q, SIDE_MENTOR, email, &t), 3);
	/* profile_set_column drops the position */
	assert_int_equal(profile_set_column(&q, SIDE_MENTOR, email, "Email"), 0);
	assert_int_equal(profile_column_at(&q, SIDE_MENTOR, email), 0);
	assert_int_equal(mapping_field_column(&q, SIDE_MENTOR, email, &t), 0);
	free(out);
	profile_free(&q);

	/* a bad position is an error naming the line */
	struct diag d2 = { 0 };
	const char *bad = "[field.email]\ntype = email\n[columns.mentors]\nemail = Email @0\n";
	assert_int_equal(profile_load_string(&q, "b.ini", bad, &d2), -1);
	const struct diag_item *it = first_error(&d2);
	assert_non_null(it);
	assert_int_equal(it->line, 4);
	assert_non_null(strstr(it->msg, "column position"));
	diag_free(&d2);
	profile_free(&q);

	/* the dataset reads the second Email column */
	struct dataset ds;
	assert_int_equal(profile_set_column_at(&p, SIDE_MENTEE, email, "Email", 4), 0);
	for (size_t f = 1; f < p.nfields; f++) {
		profile_set_column(&p, SIDE_MENTOR, f, NULL);
		profile_set_column(&p, SIDE_MENTEE, f, NULL);
	}
	assert_int_equal(dataset_build(&ds, &p, &t, &t, &d), 0);
	assert_string_equal(dataset_identity(&ds, SIDE_MENTOR, 0), "new@x");
	dataset_free(&ds);
	table_free(&t);
	profile_free(&p);
	diag_free(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_aliases_load),
		cmocka_unit_test(test_aliases_roundtrip_nasty),
		cmocka_unit_test(test_aliases_errors),
		cmocka_unit_test(test_aliases_only_category_ordinal),
		cmocka_unit_test(test_aliases_dataset),
		cmocka_unit_test(test_column_position),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
