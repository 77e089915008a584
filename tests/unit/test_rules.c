/* The rule vocabulary (kinds same, different, contains, overlap, gap, table,
 * preference; effects score, forbid, require; when/unless; wildcards;
 * number bands and aliases; several columns feeding one multi field;
 * identity by id; history; min_score; mentor_min) checked against
 * independent computations:
 *   1. small hand-worked cases (the computation is in the comments);
 *   2. a second implementation of the semantics written here, working from
 *      the raw cell text, compared with score_pair (rule by rule) and
 *      score_build_edges on random instances with random profiles;
 *   3. the optimum of the match on such instances against GLPK (capacity
 *      mode, rounds mode's first round, capacity mode with mentor_min). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <glpk.h>

#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "mentormatch/dataset.h"
#include "mentormatch/score.h"
#include "mentormatch/session.h"
#include "mentormatch/text.h"

/* ---- helpers -------------------------------------------------------------- */

static void print_diag(const struct diag *d)
{
	for (size_t i = 0; i < d->n; i++) {
		char buf[768];
		diag_format(&d->items[i], buf, sizeof buf);
		print_message("  %s\n", buf);
	}
}

/* A profile and two in-memory files, built into a dataset. */
struct fx {
	struct profile p;
	struct table t[SIDE_COUNT];
	struct dataset ds;
	struct diag d;
};

static void fx_open(struct fx *f, const char *prof, const char *mentors, const char *mentees)
{
	memset(f, 0, sizeof *f);
	if (profile_load_string(&f->p, "p.ini", prof, &f->d) != 0 ||
	    table_load_mem(&f->t[SIDE_MENTOR], "mentors.csv", mentors, strlen(mentors), 0, &f->d) != 0 ||
	    table_load_mem(&f->t[SIDE_MENTEE], "mentees.csv", mentees, strlen(mentees), 0, &f->d) != 0 ||
	    dataset_build(&f->ds, &f->p, &f->t[SIDE_MENTOR], &f->t[SIDE_MENTEE], &f->d) != 0) {
		print_diag(&f->d);
		fail();
	}
}

static void fx_close(struct fx *f)
{
	dataset_free(&f->ds);
	table_free(&f->t[SIDE_MENTOR]);
	table_free(&f->t[SIDE_MENTEE]);
	profile_free(&f->p);
	diag_free(&f->d);
}

/* score_pair's score; *ok its verdict.  Also checks that the breakdown
 * sums to the score and that some part forbids exactly when not allowed. */
static long sc(const struct fx *f, size_t i, size_t j, int *ok)
{
	struct score_part parts[64];
	size_t n = 0;
	long s = LONG_MIN, sum = 0;
	int forbids = 0;
	assert_true(SCORE_MAX_PARTS(&f->p) <= 64);
	*ok = score_pair(&f->ds, i, j, &s, parts, &n);
	for (size_t k = 0; k < n; k++) {
		sum += parts[k].points;
		forbids |= parts[k].forbids;
		if (parts[k].forbids || parts[k].not_applied)
			assert_int_equal(parts[k].points, 0);
	}
	assert_int_equal(sum, s);
	assert_int_equal(forbids, !*ok);
	return s;
}

#define ASSERT_PAIR(f, i, j, want_score, want_ok) do {                  \
		int ok_;                                                    \
		long s_ = sc((f), (i), (j), &ok_);                          \
		assert_int_equal(s_, (want_score));                         \
		assert_int_equal(ok_, (want_ok));                           \
	} while (0)

/* The part of rule r (an index into the rules, or SCORE_RULE_*) for the
 * pair, described into buf; returns 0 when the pair has no such part. */
static int part_of(const struct fx *f, size_t i, size_t j, size_t r, struct score_part *out,
		   char *buf, size_t len)
{
	struct score_part parts[64];
	size_t n = 0;
	long s;
	score_pair(&f->ds, i, j, &s, parts, &n);
	for (size_t k = 0; k < n; k++)
		if (parts[k].rule == r) {
			if (out)
				*out = parts[k];
			if (buf)
				score_describe(&f->ds, &parts[k], buf, len);
			return 1;
		}
	if (buf && len)
		buf[0] = '\0';
	return 0;
}

/* The points rule r gives the pair (0 when it has no part). */
static long pts(const struct fx *f, size_t i, size_t j, size_t r)
{
	struct score_part p;
	return part_of(f, i, j, r, &p, NULL, 0) ? p.points : 0;
}

static void assert_describe(const struct fx *f, size_t i, size_t j, size_t r, const char *want)
{
	char buf[256];
	if (!part_of(f, i, j, r, NULL, buf, sizeof buf)) {
		print_message("pair %zu-%zu has no part for rule %zu (want \"%s\")\n", i, j, r, want);
		fail();
	}
	assert_string_equal(buf, want);
}

/* The participant of side whose identity key is that of id. */
static size_t who(const struct fx *f, enum side side, const char *id)
{
	for (size_t i = 0; i < f->ds.side[side].n; i++)
		if (text_same(dataset_identity(&f->ds, side, i), id) == 1)
			return i;
	print_message("nobody with identity %s\n", id);
	fail();
	return 0;
}

/* score_build_edges equals score_pair, pair by pair: with the class rows
 * kept whole between its passes, and (every other call) with only their
 * allowed entries kept, as for large data. */
static void check_edges(const struct dataset *ds)
{
	static unsigned calls;
	struct edges e;
	size_t nm = ds->side[SIDE_MENTOR].n, ne = ds->side[SIDE_MENTEE].n, k = 0;
	score_set_row_cache_limit(calls++ % 2 ? 0 : (size_t)1 << 24);
	assert_int_equal(score_build_edges(ds, &e), 0);
	score_set_row_cache_limit((size_t)1 << 24);
	assert_int_equal(e.nmentors, nm);
	assert_int_equal(e.nmentees, ne);
	for (size_t i = 0; i < nm; i++) {
		assert_int_equal(e.start[i], k);
		for (size_t j = 0; j < ne; j++) {
			long s;
			if (!score_pair(ds, i, j, &s, NULL, NULL))
				continue;
			assert_true(k < e.start[i + 1]);
			assert_int_equal(e.mentee[k], j);
			assert_int_equal(e.score[k], s);
			k++;
		}
		assert_int_equal(e.start[i + 1], k);
	}
	edges_free(&e);
}

/* The first diag item of level lv whose message contains every one of the
 * NULL-terminated fragments, or NULL. */
static const struct diag_item *find_diag(const struct diag *d, enum diag_level lv, ...)
{
	for (size_t k = 0; k < d->n; k++) {
		va_list ap;
		const char *frag;
		int all = d->items[k].level == lv;
		va_start(ap, lv);
		while (all && (frag = va_arg(ap, const char *)) != NULL)
			all = strstr(d->items[k].msg, frag) != NULL;
		va_end(ap);
		if (all)
			return &d->items[k];
	}
	return NULL;
}

#define HEAD "[profile]\nformat = 1\n[field.email]\ntype = email\n"

/* ---- 1. hand-worked cases ------------------------------------------------- */

/* same, different and contains on categories and multi sets; values compared
 * as category keys (case, surrounding white space incl. U+00A0, inner runs,
 * Latin-1 capitals).  Weights are powers of two, so a total tells which rules
 * held. */
static void test_same_different_contains(void **state)
{
	static const char prof[] = HEAD
		"[field.org]\ntype = category\n"
		"[field.langs]\nlabel = languages\ntype = multi\nseparator = \", \"\n"
		"[field.lang]\ntype = category\n"
		"[columns.mentors]\nemail = email\norg = org\nlangs = langs\n"
		"[columns.mentees]\nemail = email\norg = org\nlangs = langs\nlang = lang\n"
		"[rule.same_org]\nkind = same\nfield = org\nweight = 4\n"
		"[rule.diff_org]\nlabel = other org\nkind = different\nfield = org\nweight = 2\n"
		"[rule.same_langs]\nkind = same\nfield = langs\nweight = 8\n"
		"[rule.speaks]\nlabel = speaks\nkind = contains\nmentor_field = langs\nmentee_field = lang\nweight = 16\n";
	static const char m[] = "email,org,langs\n"
		"m0@x,Home Office,\"French, German\"\n"
		"m1@x,\" home  office\xc2\xa0\",\"german, FRENCH\"\n"
		"m2@x,,\n"
		"m3@x,D\xc3\xa9""fense,Spanish\n";
	static const char e[] = "email,org,langs,lang\n"
		"e0@x,HOME OFFICE,\"French, German\",german\n"
		"e1@x,D\xc3\x89""FENSE,French,Spanish\n"
		"e2@x,,,\n";
	struct fx f;
	(void)state;
	fx_open(&f, prof, m, e);
	/* m0-e0: same org 4 + {french, german} = {french, german} 8 + german in
	 * the mentor's set 16 = 28; different does not hold */
	ASSERT_PAIR(&f, 0, 0, 28, 1);
	/* m0-e1: orgs differ 2; {fr, de} != {fr}; spanish not in {fr, de} */
	ASSERT_PAIR(&f, 0, 1, 2, 1);
	/* e2 is blank everywhere: same, different and contains all need values */
	for (size_t i = 0; i < 4; i++)
		ASSERT_PAIR(&f, i, 2, 0, 1);
	/* m1: " home  office<NBSP>" has the key "home office"; the set in
	 * another order and case is equal: 4 + 8 + 16 */
	ASSERT_PAIR(&f, 1, 0, 28, 1);
	ASSERT_PAIR(&f, 1, 1, 2, 1);
	/* m2 blank: nothing */
	ASSERT_PAIR(&f, 2, 0, 0, 1);
	ASSERT_PAIR(&f, 2, 1, 0, 1);
	/* m3 "Défense" = "DÉFENSE" (Latin-1 capital folded): 4; {spanish} !=
	 * {french}; spanish in {spanish}: 16 -> 20 */
	ASSERT_PAIR(&f, 3, 1, 20, 1);
	/* m3-e0: different 2 only */
	ASSERT_PAIR(&f, 3, 0, 2, 1);
	assert_describe(&f, 0, 0, 0, "+4 same_org");
	assert_describe(&f, 0, 0, 3, "+16 speaks");
	assert_describe(&f, 0, 1, 1, "+2 other org");
	check_edges(&f.ds);

	/* forbid: same org now forbids; the score keeps the other points */
	f.p.rules[0].effect = EFFECT_FORBID;
	ASSERT_PAIR(&f, 0, 0, 24, 0);
	assert_describe(&f, 0, 0, 0, "not allowed: same_org");
	ASSERT_PAIR(&f, 0, 1, 2, 1);
	/* require: contains must hold */
	f.p.rules[3].effect = EFFECT_REQUIRE;
	ASSERT_PAIR(&f, 0, 1, 2, 0);          /* spanish not in {fr, de} */
	assert_describe(&f, 0, 1, 3, "not allowed: needs speaks");
	ASSERT_PAIR(&f, 3, 1, 0, 0);          /* same org forbids; speaks holds: 0 points */
	ASSERT_PAIR(&f, 3, 0, 2, 0);          /* german not in {spanish} */
	ASSERT_PAIR(&f, 0, 2, 0, 0);          /* blank: contains does not hold */
	/* different as forbid: m0-e1 (orgs differ) not allowed */
	f.p.rules[0].effect = EFFECT_SCORE;
	f.p.rules[1].effect = EFFECT_FORBID;
	f.p.rules[3].effect = EFFECT_SCORE;
	ASSERT_PAIR(&f, 0, 1, 0, 0);
	ASSERT_PAIR(&f, 0, 2, 0, 1);          /* blank: different does not hold */
	ASSERT_PAIR(&f, 0, 0, 28, 1);
	check_edges(&f.ds);
	fx_close(&f);
}

/* same, different and contains between fields of different types compare
 * the values like categories: an ordinal value by its scale text (two
 * ordinal fields with different scales: "B" is "B" whatever its place), a
 * number by its value written as a number. */
static void test_same_across_types(void **state)
{
	static const char prof[] = HEAD
		"[field.g1]\ntype = ordinal\nscale = A | B | C\n"
		"[field.g2]\ntype = ordinal\nscale = B | C\n"
		"[field.c]\ntype = category\n"
		"[field.n]\ntype = number\n"
		"[field.m]\ntype = multi\nseparator = \", \"\n"
		"[columns.mentors]\nemail = email\ng1 = g\nm = m\nn = n\n"
		"[columns.mentees]\nemail = email\ng2 = g\nc = c\n"
		"[rule.gg]\nkind = same\nmentor_field = g1\nmentee_field = g2\nweight = 1\n"
		"[rule.gc]\nkind = same\nmentor_field = g1\nmentee_field = c\nweight = 2\n"
		"[rule.mg]\nkind = contains\nmentor_field = m\nmentee_field = g2\nweight = 4\n"
		"[rule.dg]\nkind = different\nmentor_field = g1\nmentee_field = g2\nweight = 8\n"
		"[rule.nc]\nkind = same\nmentor_field = n\nmentee_field = c\nweight = 16\n";
	static const char m[] = "email,g,m,n\n"
		"m0@x,B,\"C, x\",2.50\n"
		"m1@x,C,b,1\n";
	static const char e[] = "email,g,c\n"
		"e0@x,B,b\n"
		"e1@x,C,2.5\n";
	/* m0-e0: B = B 1, B = b 2, B not in {c, x}, not different, 2.5 != b: 3
	 * m0-e1: B != C (8), B != 2.5, C in {c, x} 4, 2.5 = 2.5 16: 28
	 * m1-e0: C != B (8), C != b, B in {b} 4, 1 != b: 12
	 * m1-e1: C = C 1; C != 2.5; C not in {b}; 1 != 2.5: 1 */
	static const long want[2][2] = { { 3, 28 }, { 12, 1 } };
	struct fx f;
	(void)state;
	fx_open(&f, prof, m, e);
	for (size_t i = 0; i < 2; i++)
		for (size_t j = 0; j < 2; j++)
			ASSERT_PAIR(&f, i, j, want[i][j], 1);
	check_edges(&f.ds);
	fx_close(&f);
}

/* overlap: shared = |A & B|, union = |A| + |B| - shared; any -> weight,
 * count -> weight x shared, share -> weight x shared / union rounded half
 * away from zero; at_least; 0 points when it does not hold. */
static void test_overlap_measures(void **state)
{
	static const char prof[] = HEAD
		"[field.skills]\ntype = multi\nseparator = \", \"\n"
		"[field.area]\ntype = category\n"
		"[columns.mentors]\nemail = email\nskills = skills\narea = area\n"
		"[columns.mentees]\nemail = email\nskills = skills\n"
		"[rule.any]\nkind = overlap\nfield = skills\nmeasure = any\nweight = 7\n"
		"[rule.count]\nkind = overlap\nfield = skills\nmeasure = count\nweight = 3\n"
		"[rule.share]\nkind = overlap\nfield = skills\nmeasure = share\nweight = 5\n"
		"[rule.neg]\nkind = overlap\nfield = skills\nmeasure = share\nweight = -5\n"
		"[rule.ten]\nkind = overlap\nfield = skills\nmeasure = share\nweight = 10\n"
		"[rule.three]\nkind = overlap\nfield = skills\nmeasure = any\nat_least = 3\nweight = 100\n"
		"[rule.two]\nkind = overlap\nfield = skills\nmeasure = count\nat_least = 2\nweight = 1\n"
		"[rule.cat]\nkind = overlap\nmentor_field = area\nmentee_field = skills\nmeasure = share\nweight = 9\n";
	static const char m[] = "email,skills,area\n"
		"m0@x,\"a, b, c\",b\n"
		"m1@x,,\n"
		"m2@x,\"c, q\",q\n";
	static const char e[] = "email,skills\n"
		"e0@x,\"b, c, d\"\n"
		"e1@x,c\n"
		"e2@x,\"x, y\"\n"
		"e3@x,\"A, B, C\"\n";
	/* per pair: any, count, share 5, share -5, share 10, at_least 3,
	 * count at_least 2, category-vs-multi share 9 */
	static const struct { size_t i, j; long p[8]; } want[] = {
		/* {a,b,c} & {b,c,d}: shared 2, union 4: 7, 6, 5*2/4 = 2.5 -> 3,
		 * -2.5 -> -3, 5, (2 < 3) 0, 2; area b & {b,c,d}: 1 of 3, 9/3 = 3 */
		{ 0, 0, { 7, 6, 3, -3, 5, 0, 2, 3 } },
		/* {a,b,c} & {c}: 1 of 3: 7, 3, 5/3 = 1.67 -> 2, -2, 10/3 = 3.33 -> 3,
		 * 0, 0; b & {c}: 0 */
		{ 0, 1, { 7, 3, 2, -2, 3, 0, 0, 0 } },
		/* nothing shared: 0 everywhere */
		{ 0, 2, { 0, 0, 0, 0, 0, 0, 0, 0 } },
		/* {a,b,c} & {A,B,C}: 3 of 3: 7, 9, 5, -5, 10, 100, 3; b: 1 of 3 */
		{ 0, 3, { 7, 9, 5, -5, 10, 100, 3, 3 } },
		/* blank mentor: nothing */
		{ 1, 0, { 0, 0, 0, 0, 0, 0, 0, 0 } },
		/* {c,q} & {c}: 1 of 2: 7, 3, 2.5 -> 3, -2.5 -> -3, 5, 0, 0;
		 * q & {c}: 0 */
		{ 2, 1, { 7, 3, 3, -3, 5, 0, 0, 0 } },
		/* {c,q} & {b,c,d}: 1 of 4: 7, 3, 1.25 -> 1, -1, 2.5 -> 3, 0, 0 */
		{ 2, 0, { 7, 3, 1, -1, 3, 0, 0, 0 } },
	};
	struct fx f;
	(void)state;
	fx_open(&f, prof, m, e);
	for (size_t k = 0; k < sizeof want / sizeof *want; k++) {
		long total = 0;
		for (size_t r = 0; r < 8; r++) {
			long got = pts(&f, want[k].i, want[k].j, r);
			if (got != want[k].p[r])
				print_message("pair %zu-%zu rule %zu: %ld, want %ld\n", want[k].i,
					      want[k].j, r, got, want[k].p[r]);
			assert_int_equal(got, want[k].p[r]);
			total += want[k].p[r];
		}
		ASSERT_PAIR(&f, want[k].i, want[k].j, total, 1);
	}
	assert_describe(&f, 0, 0, 1, "+6 count: 2 shared");
	assert_describe(&f, 0, 0, 2, "+3 share: 2 of 4 shared");
	assert_describe(&f, 0, 0, 3, "-3 neg: 2 of 4 shared");
	check_edges(&f.ds);
	/* require at_least 2: 1 shared is not enough */
	f.p.rules[6].effect = EFFECT_REQUIRE;
	ASSERT_PAIR(&f, 0, 1, 7 + 3 + 2 - 2 + 3, 0);
	assert_describe(&f, 0, 1, 6, "not allowed: two (1 shared, needs 2)");
	ASSERT_PAIR(&f, 0, 0, 7 + 6 + 3 - 3 + 5 + 3, 1);   /* holds: no points (require) */
	/* forbid: 2 shared forbids */
	f.p.rules[6].effect = EFFECT_FORBID;
	ASSERT_PAIR(&f, 0, 1, 7 + 3 + 2 - 2 + 3, 1);
	ASSERT_PAIR(&f, 0, 0, 7 + 6 + 3 - 3 + 5 + 3, 0);
	assert_describe(&f, 0, 0, 6, "not allowed: two (2 shared)");
	check_edges(&f.ds);
	fx_close(&f);
}

/* Wildcards: when both have a value and either is a wildcard, same,
 * contains and table hold, different never does, overlap counts 1 of 1;
 * never with a missing value. */
static void test_wildcards(void **state)
{
	static const char prof[] = HEAD
		"[field.region]\ntype = category\nwildcard = No preference | Flexible\n"
		"[field.topics]\ntype = multi\nseparator = \", \"\nwildcard = Anything\n"
		"[columns.mentors]\nemail = email\nregion = region\ntopics = topics\n"
		"[columns.mentees]\nemail = email\nregion = region\ntopics = topics\n"
		"[rule.same]\nkind = same\nfield = region\nweight = 1\n"
		"[rule.diff]\nkind = different\nfield = region\nweight = 2\n"
		"[rule.table]\nkind = table\nfield = region\nweight = 8\npairs = South => North\n"
		"[rule.ov]\nlabel = topics\nkind = overlap\nfield = topics\nmeasure = share\nweight = 12\n"
		"[rule.has]\nkind = contains\nfield = topics\nweight = 4\n"
		"[rule.same_topics]\nkind = same\nfield = topics\nweight = 32\n"
		"[rule.diff_topics]\nkind = different\nfield = topics\nweight = 64\n";
	static const char m[] = "email,region,topics\n"
		"m0@x,North,\"Data, Policy\"\n"
		"m1@x,no PREFERENCE,\"Anything, Data\"\n"
		"m2@x,,\n"
		"m3@x,Flexible ,Policy\n";
	static const char e[] = "email,region,topics\n"
		"e0@x,South,Data\n"
		"e1@x,Flexible,anything\n"
		"e2@x,,\n"
		"e3@x,North,Finance\n";
	/* rules: same, diff, table, ov, has, same_topics, diff_topics */
	static const struct { size_t i, j; long p[7]; } want[] = {
		/* North/South: different 2, South => North 8; {data, policy} &
		 * {data}: 1 of 2 -> 12/2 = 6, data in the set 4, sets differ 64 */
		{ 0, 0, { 0, 2, 8, 6, 4, 0, 64 } },
		/* e1 wildcard region: same 1, not different, table 8; e1's set
		 * {anything} is a wildcard: 1 of 1 -> 12, contains 4, same 32 */
		{ 0, 1, { 1, 0, 8, 12, 4, 32, 0 } },
		/* e2 blank: nothing, wildcard or not */
		{ 0, 2, { 0, 0, 0, 0, 0, 0, 0 } },
		{ 1, 2, { 0, 0, 0, 0, 0, 0, 0 } },
		{ 2, 1, { 0, 0, 0, 0, 0, 0, 0 } },
		/* m1 wildcard ("no PREFERENCE") with North: 1, 0, 8; its set holds
		 * Anything: 12, 4, 32, 0 */
		{ 1, 3, { 1, 0, 8, 12, 4, 32, 0 } },
		/* m3 "Flexible " with North: 1, 0, 8; {policy} & {finance}: 0,
		 * different 64 */
		{ 3, 3, { 1, 0, 8, 0, 0, 0, 64 } },
		/* North/North: same 1; North => North is not listed; topics
		 * share nothing: different 64 */
		{ 0, 3, { 1, 0, 0, 0, 0, 0, 64 } },
		/* both wildcards */
		{ 1, 1, { 1, 0, 8, 12, 4, 32, 0 } },
	};
	struct fx f;
	(void)state;
	fx_open(&f, prof, m, e);
	assert_false(dataset_wild(&f.ds, SIDE_MENTOR, 0, 1));
	assert_true(dataset_wild(&f.ds, SIDE_MENTOR, 1, 1));
	assert_true(dataset_wild(&f.ds, SIDE_MENTOR, 1, 2));
	assert_true(dataset_wild(&f.ds, SIDE_MENTOR, 3, 1));
	assert_false(dataset_wild(&f.ds, SIDE_MENTOR, 3, 2));
	assert_true(dataset_wild(&f.ds, SIDE_MENTEE, 1, 1));
	assert_false(dataset_wild(&f.ds, SIDE_MENTEE, 2, 1));
	for (size_t k = 0; k < sizeof want / sizeof *want; k++) {
		long total = 0;
		for (size_t r = 0; r < 7; r++) {
			long got = pts(&f, want[k].i, want[k].j, r);
			if (got != want[k].p[r])
				print_message("pair %zu-%zu rule %zu: %ld, want %ld\n", want[k].i,
					      want[k].j, r, got, want[k].p[r]);
			assert_int_equal(got, want[k].p[r]);
			total += want[k].p[r];
		}
		ASSERT_PAIR(&f, want[k].i, want[k].j, total, 1);
	}
	assert_describe(&f, 0, 1, 3, "+12 topics: 1 of 1 shared");
	check_edges(&f.ds);
	/* require same region: a wildcard satisfies it, a blank never does */
	f.p.rules[0].effect = EFFECT_REQUIRE;
	ASSERT_PAIR(&f, 1, 3, 8 + 12 + 4 + 32, 1);
	ASSERT_PAIR(&f, 1, 2, 0, 0);
	ASSERT_PAIR(&f, 0, 0, 2 + 8 + 6 + 4 + 64, 0);
	/* forbid different: a wildcard never differs */
	f.p.rules[0].effect = EFFECT_SCORE;
	f.p.rules[1].effect = EFFECT_FORBID;
	ASSERT_PAIR(&f, 0, 0, 8 + 6 + 4 + 64, 0);
	ASSERT_PAIR(&f, 0, 1, 1 + 8 + 12 + 4 + 32, 1);
	ASSERT_PAIR(&f, 0, 2, 0, 1);
	check_edges(&f.ds);
	fx_close(&f);
}

/* gap on decimal numbers: d = mentor's - mentee's; bands D, A..B (inclusive),
 * A.., ..B; otherwise points, or forbid; a missing value forbids. */
static void test_gap_numbers(void **state)
{
	static const char prof[] = HEAD
		"[field.years]\ntype = number\n"
		"[columns.mentors]\nemail = email\nyears = years\n"
		"[columns.mentees]\nemail = email\nyears = years\n"
		"[rule.yg]\nlabel = experience gap\nkind = gap\nfield = years\n"
		"band.-1..0.5 = 10\nband.0.75..2 = 5\nband.2.25.. = 1\nband...-1.5 = -4\n"
		"otherwise = -2\n";
	static const char m[] = "email,years\n"
		"m0@x,5.5\n"
		"m1@x,+9\n"
		"m2@x,-3\n"
		"m3@x,\n"
		"m4@x,abc\n";
	static const char e[] = "email,years\n"
		"e0@x,5\n" "e1@x,6.5\n" "e2@x,4.75\n" "e3@x,3.25\n" "e4@x,7\n"
		"e5@x,12\n" "e6@x,4.9\n" "e7@x,6.75\n" "e8@x,3.4\n" "e9@x,\n" "e10@x,6\n";
	/* m0 = 5.5 against each mentee: d and its band */
	static const long m0[] = {
		10,   /* 5: 0.5, in -1..0.5 (inclusive) */
		10,   /* 6.5: -1, in -1..0.5 */
		5,    /* 4.75: 0.75, in 0.75..2 */
		1,    /* 3.25: 2.25, in 2.25.. */
		-4,   /* 7: -1.5, in ..-1.5 */
		-4,   /* 12: -6.5 */
		-2,   /* 4.9: 0.6, between bands: otherwise */
		-2,   /* 6.75: -1.25, between bands */
		-2,   /* 3.4: 2.1, between bands */
		0,    /* blank: not allowed */
		10,   /* 6: -0.5 */
	};
	/* m1 = +9: 4, 2.5, 4.25, 5.75, 2, -3, 4.1, 2.25, 5.6, -, 3 */
	static const long m1[] = { 1, 1, 1, 1, 5, -4, 1, 1, 1, 0, 1 };
	struct fx f;
	struct score_part part;
	(void)state;
	fx_open(&f, prof, m, e);
	assert_non_null(find_diag(&f.d, DIAG_WARNING, "\"abc\" is not a number", NULL));
	for (size_t j = 0; j < 11; j++) {
		ASSERT_PAIR(&f, 0, j, m0[j], j != 9);
		ASSERT_PAIR(&f, 1, j, m1[j], j != 9);
		ASSERT_PAIR(&f, 3, j, 0, 0);   /* blank */
		ASSERT_PAIR(&f, 4, j, 0, 0);   /* not a number: missing */
	}
	ASSERT_PAIR(&f, 2, 0, -4, 1);      /* -3 - 5 = -8 */
	assert_describe(&f, 0, 0, 0, "+10 experience gap 0.5");
	assert_describe(&f, 0, 6, 0, "-2 experience gap 0.6");
	assert_describe(&f, 0, 5, 0, "-4 experience gap -6.5");
	assert_describe(&f, 0, 9, 0, "not allowed: experience gap (years missing or not on the scale)");
	assert_describe(&f, 4, 0, 0, "not allowed: experience gap (years missing or not on the scale)");
	assert_true(part_of(&f, 0, 7, 0, &part, NULL, 0));
	assert_int_equal(part.detail, -1250000);   /* 5.5 - 6.75 in millionths */
	check_edges(&f.ds);
	/* otherwise = forbid */
	f.p.rules[0].otherwise_forbid = 1;
	for (size_t j = 0; j < 11; j++)
		ASSERT_PAIR(&f, 0, j, m0[j] == -2 ? 0 : m0[j], j != 9 && m0[j] != -2);
	assert_describe(&f, 0, 6, 0, "not allowed: experience gap 0.6");
	check_edges(&f.ds);
	fx_close(&f);
}

/* The line (1-based) of the first occurrence of needle in text. */
static unsigned long line_of(const char *text, const char *needle)
{
	const char *at = strstr(text, needle);
	unsigned long line = 1;
	assert_non_null(at);
	for (const char *c = text; c < at; c++)
		line += *c == '\n';
	return line;
}

/* Overlapping bands (ends inclusive, decimals, open ends) are a load error
 * naming both lines; bands that only touch between representable values
 * are not. */
static void test_gap_band_overlap(void **state)
{
	static const char *const pairs[][2] = {
		{ "band.0..1.5 = 1\n", "band.1.5.. = 2\n" },
		{ "band.2 = 1\n", "band.1..3 = 2\n" },
		{ "band...0 = 1\n", "band.0 = 3\n" },
		{ "band.-0.25..0.25 = 1\n", "band...-0.25 = 3\n" },
		{ "band.4.. = 1\n", "band.10.5 = 3\n" },
	};
	(void)state;
	for (size_t k = 0; k < sizeof pairs / sizeof *pairs; k++) {
		char text[1024], a[64], b[64];
		struct profile p;
		struct diag d = { 0 };
		snprintf(text, sizeof text, HEAD "[field.n]\ntype = number\n"
			 "[columns.mentors]\nemail = email\nn = n\n"
			 "[columns.mentees]\nemail = email\nn = n\n"
			 "[rule.g]\nkind = gap\nfield = n\n%slabel = g\n%s", pairs[k][0], pairs[k][1]);
		assert_int_equal(profile_load_string(&p, "g.ini", text, &d), -1);
		/* "band.B overlaps band.A (line LA)" on line LB */
		snprintf(a, sizeof a, "%.*s", (int)(strchr(pairs[k][0], ' ') - pairs[k][0]), pairs[k][0]);
		snprintf(b, sizeof b, "%.*s", (int)(strchr(pairs[k][1], ' ') - pairs[k][1]), pairs[k][1]);
		char lines[32];
		snprintf(lines, sizeof lines, "(line %lu)", line_of(text, pairs[k][0]));
		const struct diag_item *it = find_diag(&d, DIAG_ERROR, "overlaps", lines, NULL);
		if (!it) {
			print_diag(&d);
			fail();
		}
		assert_int_equal(it->line, line_of(text, pairs[k][1]));
		profile_free(&p);
		diag_free(&d);
	}
	/* touching only: ..-0.5, 0 (a point), 0.000001.. */
	{
		struct profile p;
		struct diag d = { 0 };
		const char *text = HEAD "[field.n]\ntype = number\n"
			"[columns.mentors]\nemail = email\nn = n\n[columns.mentees]\nemail = email\nn = n\n"
			"[rule.g]\nkind = gap\nfield = n\nband...-0.5 = 1\nband.0 = 2\nband.0.000001.. = 3\n";
		if (profile_load_string(&p, "g.ini", text, &d) != 0) {
			print_diag(&d);
			fail();
		}
		assert_int_equal(p.rules[0].nbands, 3);
		assert_true(p.rules[0].bands[0].lo == GAP_OPEN_LO);
		assert_true(p.rules[0].bands[0].hi == -500000);
		assert_true(p.rules[0].bands[2].lo == 1);
		assert_true(p.rules[0].bands[2].hi == GAP_OPEN_HI);
		profile_free(&p);
		diag_free(&d);
	}
}

/* gap on an ordinal field: d in scale positions; aliases read as their
 * scale value; a value not on the scale is missing. */
static void test_gap_ordinal(void **state)
{
	static const char prof[] = HEAD
		"[field.grade]\ntype = ordinal\nscale = AO | EO | HEO | SEO\n"
		"aliases = H.E.O. => HEO | Senior => SEO\n"
		"[columns.mentors]\nemail = email\ngrade = grade\n"
		"[columns.mentees]\nemail = email\ngrade = grade\n"
		"[rule.gg]\nlabel = grade gap\nkind = gap\nfield = grade\nband.1 = 7\nband.2..3 = 3\nband...0 = -1\n";
	static const char m[] = "email,grade\nm0@x,SEO\nm1@x,h.e.o.\nm2@x,Grade 9\n";
	static const char e[] = "email,grade\ne0@x,AO\ne1@x,heo \ne2@x,senior\n";
	struct fx f;
	(void)state;
	fx_open(&f, prof, m, e);
	ASSERT_PAIR(&f, 0, 0, 3, 1);    /* SEO 3 - AO 0 = 3: band 2..3 */
	ASSERT_PAIR(&f, 0, 1, 7, 1);    /* 3 - 2 = 1 */
	ASSERT_PAIR(&f, 0, 2, -1, 1);   /* 3 - 3 (senior = SEO) = 0: ..0 */
	ASSERT_PAIR(&f, 1, 0, 3, 1);    /* h.e.o. = HEO 2 - 0 = 2 */
	ASSERT_PAIR(&f, 1, 1, -1, 1);   /* 0 */
	ASSERT_PAIR(&f, 1, 2, -1, 1);   /* -1 */
	for (size_t j = 0; j < 3; j++)
		ASSERT_PAIR(&f, 2, j, 0, 0);   /* not on the scale */
	assert_non_null(find_diag(&f.d, DIAG_WARNING, "\"Grade 9\" is not on the scale", NULL));
	assert_describe(&f, 0, 1, 0, "+7 grade gap 1");
	assert_describe(&f, 2, 0, 0, "not allowed: grade gap (grade missing or not on the scale)");
	check_edges(&f.ds);
	fx_close(&f);
}

/* table: pairs = mentee value => mentor value; holds when a listed pair has
 * the mentee's value (any of a set) and the mentor's (any of a set). */
static void test_table(void **state)
{
	static const char prof[] = HEAD
		"[field.want]\ntype = multi\nseparator = \"; \"\n"
		"[field.offer]\ntype = multi\nseparator = \", \"\n"
		"[field.dept]\ntype = category\n"
		"[columns.mentors]\nemail = email\noffer = offer\n"
		"[columns.mentees]\nemail = email\nwant = want\ndept = dept\n"
		"[rule.t]\nkind = table\nmentor_field = offer\nmentee_field = want\nweight = 5\n"
		"pairs = Data => Analysis | Data => DDaT | Policy => Strategy\n"
		"[rule.d]\nkind = table\nmentor_field = offer\nmentee_field = dept\nweight = 100\n"
		"pairs = HR => HR | Finance => DDaT\n";
	static const char m[] = "email,offer\n"
		"m0@x,\"DDaT, HR\"\n" "m1@x,strategy\n" "m2@x,\"analysis, strategy\"\n"
		"m3@x,\n" "m4@x,Data\n";
	static const char e[] = "email,want,dept\n"
		"e0@x,Data,Finance\n" "e1@x,Policy; HR,hr\n" "e2@x,HR,\n" "e3@x,,\n" "e4@x,Analysis,\n";
	/* rule t (5): Data => DDaT (m0-e0), Policy => Strategy (m1-e1, m2-e1),
	 * Data => Analysis (m2-e0); m4 "Data" with e4 "Analysis" is the pair
	 * the other way round: no.  Rule d (100): Finance => DDaT (m0-e0),
	 * hr => HR (m0-e1). */
	static const long want[5][5] = {
		{ 105, 100, 0, 0, 0 },
		{ 0, 5, 0, 0, 0 },
		{ 5, 5, 0, 0, 0 },
		{ 0, 0, 0, 0, 0 },
		{ 0, 0, 0, 0, 0 },
	};
	struct fx f;
	(void)state;
	fx_open(&f, prof, m, e);
	for (size_t i = 0; i < 5; i++)
		for (size_t j = 0; j < 5; j++)
			ASSERT_PAIR(&f, i, j, want[i][j], 1);
	assert_describe(&f, 0, 0, 0, "+5 t");
	check_edges(&f.ds);
	f.p.rules[0].effect = EFFECT_REQUIRE;
	for (size_t i = 0; i < 5; i++)
		for (size_t j = 0; j < 5; j++)
			ASSERT_PAIR(&f, i, j, want[i][j] >= 100 ? 100 : 0, want[i][j] % 100 != 0);
	assert_describe(&f, 1, 0, 0, "not allowed: needs t");
	check_edges(&f.ds);
	fx_close(&f);
}

/* preference by identity and by full name, in both directions; unknown and
 * ambiguous names are ignored (and reported) but keep their place in the
 * list; a rank beyond the weights gives 0 points but still names. */
static void test_preference(void **state)
{
	static const char prof[] = HEAD
		"[field.name]\ntype = text\n"
		"[field.choices]\ntype = multi\nseparator = \";\"\n"
		"[field.picks]\ntype = multi\nseparator = \";\"\n"
		"[columns.mentors]\nemail = email\nname = name\npicks = picks\n"
		"[columns.mentees]\nemail = email\nname = name\nchoices = choices\n"
		"[rule.pref]\nlabel = preferred\nkind = preference\nmentee_field = choices\n"
		"mentor_field = picks\nweights = 10 | 6 | 3\n";
	static const char m[] = "email,name,picks\n"
		"ann@x,Ann Lee,\n"                           /* line 2 */
		"bob@x,Bob Stone,Eve Park; nobody here\n"    /* 3 */
		"cat@x,Cat Wu,\n"                            /* 4 */
		"cat2@x,Cat Wu,\n"                           /* 5: the same name */
		"dan@x,Dan Moe,E3@X; Fay Ng\n";              /* 6 */
	static const char e[] = "email,name,choices\n"
		"e0@x,Eve Park,ANN@x ; bob stone; cat wu;Dan  Moe\n"  /* line 2 */
		"e1@x,Fay Ng,Zed Unknown; dan@x\n"                     /* 3 */
		"e2@x,Gus Ray,\n"                                      /* 4 */
		"e3@x,Hal Fox,bob@x\n";                                /* 5 */
	/* e0: ann (by email, case) 1st -> 10, Bob Stone (by name) 2nd -> 6, Cat
	 * Wu matches two mentors (ignored, 3rd place), Dan Moe (inner spaces
	 * collapsed) 4th -> beyond the weights, 0.  e1: Zed unknown (1st),
	 * dan 2nd -> 6.  e3: bob 1st -> 10.  Mentors: bob names Eve Park
	 * (e0) 1st -> 10; dan names e3 1st -> 10 and Fay Ng (e1) 2nd -> 6. */
	static const long want[5][4] = {
		{ 10, 0, 0, 0 },
		{ 6 + 10, 0, 0, 10 },
		{ 0, 0, 0, 0 },
		{ 0, 0, 0, 0 },
		{ 0, 6 + 6, 0, 10 },
	};
	/* named by either side (rank given, maybe beyond the weights) */
	static const int named[5][4] = {
		{ 1, 0, 0, 0 },
		{ 1, 0, 0, 1 },
		{ 0, 0, 0, 0 },
		{ 0, 0, 0, 0 },
		{ 1, 1, 0, 1 },
	};
	struct fx f;
	struct score_part part;
	const struct diag_item *it;
	(void)state;
	fx_open(&f, prof, m, e);
	for (size_t i = 0; i < 5; i++)
		for (size_t j = 0; j < 4; j++)
			ASSERT_PAIR(&f, i, j, want[i][j], 1);
	assert_describe(&f, 0, 0, 0, "+10 preferred: mentee's 1st choice");
	assert_describe(&f, 1, 0, 0, "+16 preferred: mentee's 2nd choice, mentor's 1st choice");
	assert_describe(&f, 4, 1, 0, "+12 preferred: mentee's 2nd choice, mentor's 2nd choice");
	assert_describe(&f, 4, 3, 0, "+10 preferred: mentor's 1st choice");
	/* the unknown and ambiguous names, with the file and line of who wrote them */
	it = find_diag(&f.d, DIAG_WARNING, "rule pref: 2 names in choices match no mentor or more "
		       "than one", "line 2: \"cat wu\" (several)", "line 3: \"Zed Unknown\"", NULL);
	if (!it)
		print_diag(&f.d);
	assert_non_null(it);
	assert_string_equal(it->file, "mentees.csv");
	it = find_diag(&f.d, DIAG_WARNING, "rule pref: 1 name in picks matches no mentee",
		       "line 3: \"nobody here\"", NULL);
	assert_non_null(it);
	assert_string_equal(it->file, "mentors.csv");
	check_edges(&f.ds);

	/* require: allowed only when named, by either side */
	f.p.rules[0].effect = EFFECT_REQUIRE;
	for (size_t i = 0; i < 5; i++)
		for (size_t j = 0; j < 4; j++)
			ASSERT_PAIR(&f, i, j, 0, named[i][j]);
	assert_describe(&f, 2, 0, 0, "not allowed: preferred (not named)");
	check_edges(&f.ds);
	/* forbid: not allowed when named */
	f.p.rules[0].effect = EFFECT_FORBID;
	for (size_t i = 0; i < 5; i++)
		for (size_t j = 0; j < 4; j++)
			ASSERT_PAIR(&f, i, j, 0, !named[i][j]);
	assert_describe(&f, 0, 0, 0, "not allowed: preferred (mentee's 1st choice)");
	assert_true(part_of(&f, 4, 0, 0, &part, NULL, 0));
	assert_int_equal(part.detail, 4);      /* Dan Moe was e0's 4th name */
	assert_int_equal(part.detail2, 0);
	check_edges(&f.ds);
	fx_close(&f);
}

/* preference with an id field (names are matched to the id, not the email)
 * and full names from first_name + last_name; one side only, a category
 * field. */
static void test_preference_id_and_full_name(void **state)
{
	static const char prof[] = "[profile]\nformat = 1\n"
		"[field.pid]\ntype = id\n[field.email]\ntype = email\n"
		"[field.first_name]\ntype = text\n[field.last_name]\ntype = text\n"
		"[field.wish]\ntype = category\n"
		"[columns.mentors]\npid = pid\nemail = email\nfirst_name = first\nlast_name = last\n"
		"[columns.mentees]\npid = pid\nemail = email\nwish = wish\n"
		"[rule.p]\nkind = preference\nmentee_field = wish\nweights = 5 | 1\n";
	static const char m[] = "pid,email,first,last\n"
		"M1,a@x,Ann,Lee\n" "M2,b@x,Bo,Kim\n" "M3,c@x,,Solo\n";
	static const char e[] = "pid,email,wish\n"
		"E1,p@x,m2\n"              /* by id, without case */
		"E2,q@x,ann   lee\n"       /* by first + last name */
		"E3,r@x,a@x\n"             /* an email is not the identity here */
		"E4,s@x,Solo\n";           /* no first name: " Solo" is "solo" */
	struct fx f;
	(void)state;
	fx_open(&f, prof, m, e);
	static const long want[3][4] = { { 0, 5, 0, 0 }, { 5, 0, 0, 0 }, { 0, 0, 0, 5 } };
	for (size_t i = 0; i < 3; i++)
		for (size_t j = 0; j < 4; j++)
			ASSERT_PAIR(&f, i, j, want[i][j], 1);
	assert_non_null(find_diag(&f.d, DIAG_WARNING, "1 name in wish matches no mentor",
				  "line 4: \"a@x\"", NULL));
	check_edges(&f.ds);
	fx_close(&f);
}

/* A preference rule whose lists name nobody: no pair is named; with
 * require, no pair is allowed; the unknown names are reported. */
static void test_preference_names_nobody(void **state)
{
	static const char prof[] = HEAD
		"[field.name]\ntype = text\n[field.choices]\ntype = multi\nseparator = \";\"\n"
		"[columns.mentors]\nemail = email\nname = name\n"
		"[columns.mentees]\nemail = email\nname = name\nchoices = choices\n"
		"[rule.p]\nkind = preference\nmentee_field = choices\nweights = 4\n";
	static const char m[] = "email,name\na@x,Ann\nb@x,Bob\n";
	static const char e[] = "email,name,choices\nc@x,Cy,Zed; e@x\nd@x,Di,\n";
	struct fx f;
	(void)state;
	fx_open(&f, prof, m, e);
	assert_non_null(find_diag(&f.d, DIAG_WARNING, "2 names in choices match no mentor", NULL));
	for (size_t i = 0; i < 2; i++)
		for (size_t j = 0; j < 2; j++)
			ASSERT_PAIR(&f, i, j, 0, 1);
	check_edges(&f.ds);
	f.p.rules[0].effect = EFFECT_REQUIRE;
	for (size_t i = 0; i < 2; i++)
		for (size_t j = 0; j < 2; j++)
			ASSERT_PAIR(&f, i, j, 0, 0);
	check_edges(&f.ds);
	fx_close(&f);
}

/* A preference list fed by several columns: the rank is the column's
 * order among the columns that add a name (a blank or no-word adds
 * nothing); a yes-word adds the column's header, a name of nobody. */
static void test_preference_numbered_columns(void **state)
{
	static const char prof[] = HEAD
		"[field.name]\ntype = text\n[field.choices]\ntype = multi\n"
		"[columns.mentors]\nemail = email\nname = name\n"
		"[columns.mentees]\nemail = email\nchoices.1 = First choice\nchoices.2 = Second choice\n"
		"choices.3 = Third choice\n"
		"[rule.p]\nkind = preference\nmentee_field = choices\nweights = 10 | 6 | 3\n";
	static const char m[] = "email,name\nann@x,Ann Lee\nbob@x,Bob Stone\n";
	static const char e[] = "email,First choice,Second choice,Third choice\n"
		"e0@x,,Bob Stone,ann lee\n"      /* Bob 1st, Ann 2nd */
		"e1@x,yes,Ann Lee,no\n"          /* "First choice" (nobody) 1st, Ann 2nd */
		"e2@x,BOB@X,0,\n";               /* bob 1st */
	static const long want[2][3] = { { 6, 6, 0 }, { 10, 0, 10 } };
	struct fx f;
	(void)state;
	fx_open(&f, prof, m, e);
	for (size_t i = 0; i < 2; i++)
		for (size_t j = 0; j < 3; j++)
			ASSERT_PAIR(&f, i, j, want[i][j], 1);
	assert_describe(&f, 0, 1, 0, "+6 p: mentee's 2nd choice");
	assert_non_null(find_diag(&f.d, DIAG_WARNING, "1 name in choices matches no mentor",
				  "line 3: \"First choice\"", NULL));
	check_edges(&f.ds);
	fx_close(&f);
}

/* A category alias whose value is a wildcard makes a wildcard. */
static void test_wildcard_by_alias(void **state)
{
	static const char prof[] = HEAD
		"[field.region]\ntype = category\naliases = NP => No preference\nwildcard = No preference\n"
		"[columns.mentors]\nemail = email\nregion = region\n"
		"[columns.mentees]\nemail = email\nregion = region\n"
		"[rule.s]\nkind = same\nfield = region\nweight = 3\n"
		"[rule.d]\nkind = different\nfield = region\nweight = 5\n";
	static const char m[] = "email,region\na@x,North\nb@x,South\n";
	static const char e[] = "email,region\nc@x,np\nd@x,North\n";
	struct fx f;
	(void)state;
	fx_open(&f, prof, m, e);
	assert_true(dataset_wild(&f.ds, SIDE_MENTEE, 0, 1));
	ASSERT_PAIR(&f, 0, 0, 3, 1);    /* "np" is No preference: same holds, different not */
	ASSERT_PAIR(&f, 1, 0, 3, 1);
	ASSERT_PAIR(&f, 0, 1, 3, 1);    /* North = North */
	ASSERT_PAIR(&f, 1, 1, 5, 1);    /* South != North */
	check_edges(&f.ds);
	fx_close(&f);
}

/* when / unless on a multi field (contains one), an ordinal (by scale value,
 * an alias too), a number (numerically) and blank values (when does not
 * apply, unless does); a rule that does not apply adds nothing and forbids
 * nothing, and is listed as not applied.  Every rule is "same org" (all
 * share org A) with its own power-of-two weight. */
static void test_conditions(void **state)
{
	static const char prof[] = HEAD
		"[field.org]\ntype = category\n"
		"[field.traits]\nlabel = characteristics\ntype = multi\nseparator = \", \"\n"
		"[field.grade]\ntype = ordinal\nscale = AO | EO | HEO\naliases = H.E.O. => HEO\n"
		"[field.age]\ntype = number\n"
		"[columns.mentors]\nemail = email\norg = org\ngrade = grade\n"
		"[columns.mentees]\nemail = email\norg = org\ntraits = traits\nage = age\n"
		"[rule.w_multi]\nkind = same\nfield = org\nweight = 1\nwhen = mentee.traits = Carer | Parent\n"
		"[rule.w_ord]\nkind = same\nfield = org\nweight = 2\nwhen = mentor.grade = H.E.O.\n"
		"[rule.w_num]\nkind = same\nfield = org\nweight = 4\nwhen = mentee.age = 30 | 40.5\n"
		"[rule.u_multi]\nkind = same\nfield = org\nweight = 8\nunless = mentee.traits = Carer\n"
		"[rule.u_num]\nkind = same\nfield = org\nweight = 16\nunless = mentee.age = 30\n"
		"[rule.ban]\nkind = same\nfield = org\neffect = forbid\nwhen = mentee.traits = Disabled\n";
	static const char m[] = "email,org,grade\nm0@x,A,HEO\nm1@x,A,EO\nm2@x,A,\n";
	static const char e[] = "email,org,traits,age\n"
		"e0@x,A,\"Parent, Disabled\",30.0\n"
		"e1@x,A,,\n"
		"e2@x,A,carer,40.50\n"
		"e3@x,A,Other,31\n";
	/* m0-e0: 1 (Parent) + 2 (HEO) + 4 (30.0 = 30) + 8 (no Carer); u_num
	 *   not applied (30); ban applies (Disabled): 15, not allowed.
	 * m0-e1: blanks: w_multi, w_num and ban do not apply, the unless
	 *   rules do: 2 + 8 + 16 = 26.
	 * m0-e2: 1 (carer) + 2 + 4 (40.50 = 40.5) + 16 = 23 (u_multi not applied).
	 * m0-e3: 2 + 8 + 16 = 26.
	 * m1 (EO): as m0 without 2.  m2 (blank grade): the same. */
	static const long want[3][4] = {
		{ 15, 26, 23, 26 },
		{ 13, 24, 21, 24 },
		{ 13, 24, 21, 24 },
	};
	struct fx f;
	struct score_part part;
	(void)state;
	fx_open(&f, prof, m, e);
	for (size_t i = 0; i < 3; i++)
		for (size_t j = 0; j < 4; j++)
			ASSERT_PAIR(&f, i, j, want[i][j], j != 0);
	assert_describe(&f, 1, 0, 1, "not applied: w_ord (mentor's grade is EO)");
	assert_describe(&f, 2, 0, 1, "not applied: w_ord (mentor's grade is blank)");
	assert_describe(&f, 0, 1, 0, "not applied: w_multi (mentee's characteristics is blank)");
	assert_describe(&f, 0, 2, 3, "not applied: u_multi (mentee's characteristics is carer)");
	assert_describe(&f, 0, 0, 4, "not applied: u_num (mentee's age is 30.0)");
	assert_describe(&f, 0, 3, 2, "not applied: w_num (mentee's age is 31)");
	assert_describe(&f, 0, 3, 5, "not applied: ban (mentee's characteristics is Other)");
	assert_describe(&f, 0, 0, 5, "not allowed: ban");
	assert_true(part_of(&f, 0, 2, 3, &part, NULL, 0));
	assert_int_equal(part.not_applied, 1);
	assert_int_equal(part.detail, 1);              /* unless held */
	assert_int_equal(part.points, 0);
	assert_int_equal(part.forbids, 0);
	assert_true(part_of(&f, 1, 0, 1, &part, NULL, 0));
	assert_int_equal(part.not_applied, 1);
	assert_int_equal(part.detail, 0);              /* when did not hold */
	assert_true(part_of(&f, 0, 1, 4, &part, NULL, 0));   /* blank: unless applies */
	assert_int_equal(part.not_applied, 0);
	assert_int_equal(part.points, 16);
	check_edges(&f.ds);
	fx_close(&f);
}

/* Several columns feeding one multi field: blank or a no-word adds nothing,
 * a yes-word adds the column's header, anything else the cell's own text. */
static void test_numbered_columns(void **state)
{
	static const char prof[] = HEAD
		"[field.skills]\ntype = multi\nseparator = \", \"\n"
		"[columns.mentors]\nemail = email\nskills = skills\n"
		"[columns.mentees]\nemail = email\nskills.1 = Python\nskills.2 = SQL\nskills.3 = Other skill\n"
		"[rule.ov]\nkind = overlap\nfield = skills\nmeasure = count\nweight = 1\n"
		"[rule.eq]\nkind = same\nfield = skills\nweight = 100\n";
	static const char m[] = "email,skills\n"
		"m0@x,\"Python, SQL, R, maybe\"\n"
		"m1@x,Other skill\n"
		"m2@x,\"sql, python\"\n";
	static const char e[] = "email,Python,SQL,Other skill\n"
		"e0@x,Yes,no,\n"          /* {Python} */
		"e1@x,x,TRUE,R\n"         /* {Python, SQL, R} */
		"e2@x,0,N,FALSE\n"        /* {} */
		"e3@x,maybe,y,sql\n"      /* {maybe, SQL} (sql again: once) */
		"e4@x, 1 ,,  \n"          /* {Python} */
		"e5@x,,NO,yes\n"          /* {Other skill} */
		"e6@x,Y,1,\n";            /* {Python, SQL} */
	/* overlap counts with m0 {python, sql, r, maybe}, m1 {other skill},
	 * m2 {sql, python}; same adds 100 when the sets are equal */
	static const long want[3][7] = {
		{ 1, 3, 0, 2, 1, 0, 2 },
		{ 0, 0, 0, 0, 0, 101, 0 },
		{ 1, 2, 0, 1, 1, 0, 102 },
	};
	static const char *const text[7] = {
		"Python", "Python, SQL, R", "", "maybe, SQL", "Python", "Other skill", "Python, SQL"
	};
	struct fx f;
	char buf[128];
	(void)state;
	fx_open(&f, prof, m, e);
	for (size_t i = 0; i < 3; i++)
		for (size_t j = 0; j < 7; j++)
			ASSERT_PAIR(&f, i, j, want[i][j], 1);
	for (size_t j = 0; j < 7; j++)
		assert_string_equal(dataset_value_text(&f.ds, SIDE_MENTEE, j, 1, buf, sizeof buf), text[j]);
	check_edges(&f.ds);
	fx_close(&f);
}

/* Number aliases (PST => -8) in a gap and a same rule; a word that is no
 * alias is missing (reported). */
static void test_number_aliases(void **state)
{
	static const char prof[] = HEAD
		"[field.tz]\ntype = number\naliases = PST => -8 | EST => -5 | UTC => 0\n"
		"[columns.mentors]\nemail = email\ntz = tz\n"
		"[columns.mentees]\nemail = email\ntz = tz\n"
		"[rule.tzgap]\nkind = gap\nfield = tz\nband.-3..3 = 5\n"
		"[rule.same_tz]\nkind = same\nfield = tz\nweight = 100\n";
	static const char m[] = "email,tz\nm0@x,PST\nm1@x,est\nm2@x,+1\nm3@x,utc \nm4@x,-5.0\n";
	static const char e[] = "email,tz\ne0@x,-7.5\ne1@x,EST\ne2@x,gmt\n";
	struct fx f;
	(void)state;
	fx_open(&f, prof, m, e);
	ASSERT_PAIR(&f, 0, 0, 5, 1);     /* -8 - -7.5 = -0.5 */
	ASSERT_PAIR(&f, 0, 1, 5, 1);     /* -8 - -5 = -3 (inclusive) */
	ASSERT_PAIR(&f, 1, 1, 105, 1);   /* est = EST: 0, and the same number */
	ASSERT_PAIR(&f, 1, 0, 5, 1);     /* -5 - -7.5 = 2.5 */
	ASSERT_PAIR(&f, 2, 1, 0, 0);     /* 1 - -5 = 6: no band, forbid */
	ASSERT_PAIR(&f, 3, 1, 0, 0);     /* 0 - -5 = 5 */
	ASSERT_PAIR(&f, 3, 0, 0, 0);     /* 7.5 */
	ASSERT_PAIR(&f, 4, 1, 105, 1);   /* -5.0 and EST (-5): 0, same */
	for (size_t i = 0; i < 5; i++)
		ASSERT_PAIR(&f, i, 2, 0, 0);   /* gmt: missing */
	assert_non_null(find_diag(&f.d, DIAG_WARNING, "\"gmt\" is not a number", NULL));
	assert_describe(&f, 0, 0, 0, "+5 tzgap -0.5");
	check_edges(&f.ds);
	fx_close(&f);
}

/* Identity by an id field: the last of rows with one id is the person; the
 * same id on both sides is the same person (never allowed) when the emails
 * agree too; the email alone does not make people the same. */
static void test_id_identity(void **state)
{
	static const char prof[] = "[profile]\nformat = 1\n"
		"[field.pid]\ntype = id\n[field.email]\ntype = email\n[field.org]\ntype = category\n"
		"[columns.mentors]\npid = pid\nemail = email\norg = org\n"
		"[columns.mentees]\npid = pid\nemail = email\norg = org\n"
		"[rule.o]\nkind = same\nfield = org\nweight = 5\n";
	static const char m[] = "pid,email,org\n"
		"P1,a@x,A\n"      /* line 2: left out (P1 again on line 4) */
		"p2,b@x,B\n"      /* 3 */
		"P1 ,c@x,B\n"     /* 4: P1 */
		"P3,a@x,C\n";     /* 5: another person with a@x */
	static const char e[] = "pid,email,org\n"
		"E1,z@x,C\n"      /* left out */
		"p2,B@x,B\n"      /* the mentor p2 (the same email) */
		"e1,y@x,B\n";     /* E1 */
	struct fx f;
	(void)state;
	fx_open(&f, prof, m, e);
	assert_int_equal(f.ds.side[SIDE_MENTOR].n, 3);
	assert_int_equal(f.ds.side[SIDE_MENTOR].ndup, 1);
	assert_int_equal(f.ds.side[SIDE_MENTEE].n, 2);
	assert_int_equal(f.ds.side[SIDE_MENTEE].ndup, 1);
	size_t p1 = who(&f, SIDE_MENTOR, "p1"), p2 = who(&f, SIDE_MENTOR, "P2");
	size_t p3 = who(&f, SIDE_MENTOR, "P3"), e1 = who(&f, SIDE_MENTEE, "E1");
	size_t ep2 = who(&f, SIDE_MENTEE, "p2");
	assert_string_equal(dataset_contact_email(&f.ds, SIDE_MENTOR, p1), "c@x");
	assert_int_equal(dataset_line(&f.ds, SIDE_MENTEE, e1), 4);
	ASSERT_PAIR(&f, p1, e1, 5, 1);    /* the last rows: B and B (the first: A and C) */
	ASSERT_PAIR(&f, p2, ep2, 5, 0);   /* the same person: same org, but never */
	assert_describe(&f, p2, ep2, SCORE_RULE_SAME_PERSON, "not allowed: same person");
	ASSERT_PAIR(&f, p1, ep2, 5, 1);
	ASSERT_PAIR(&f, p2, e1, 5, 1);
	ASSERT_PAIR(&f, p3, e1, 0, 1);
	ASSERT_PAIR(&f, p3, ep2, 0, 1);
	const struct diag_item *it = find_diag(&f.d, DIAG_WARNING, "signed up again on line 4", NULL);
	assert_non_null(it);
	assert_int_equal(it->line, 2);
	assert_non_null(find_diag(&f.d, DIAG_NOTE, "is both a mentor", NULL));
	check_edges(&f.ds);
	fx_close(&f);
}

/* History files: a pair named by a history file is forbidden (default) or
 * gets the weight (weight alone means score); rows naming someone not
 * signed up are ignored (a note); the columns may be named; min_score
 * counts the history points. */
static void test_history(void **state)
{
	static const char body[] =
		"[field.org]\ntype = category\n"
		"[columns.mentors]\nemail = email\norg = org\n"
		"[columns.mentees]\nemail = email\norg = org\n"
		"[rule.o]\nkind = same\nfield = org\nweight = 10\n";
	static const char m[] = "email,org\na@x,A\nb@x,A\n";
	static const char e[] = "email,org\nc@x,A\nd@x,A\n";
	static const char h1[] = "mentor email,mentee email,round\n"
		"A@X ,c@x,1\n"           /* a-c */
		"b@x,zz@x,1\n"           /* nobody zz */
		"nobody@x,c@x,2\n"       /* nobody */
		"b@x,D@x,1\n";           /* b-d */
	static const char h2[] = "mentor email,mentee email\na@x,c@x\n";
	static const char h3[] = "Learner,Coach\nd@x,a@x\n";
	char prof[2048];
	struct fx f;
	struct table th[3];
	const struct table *tabs[3] = { &th[0], &th[1], &th[2] };
	struct diag d = { 0 };
	(void)state;
	assert_int_equal(table_load_mem(&th[0], "old/h1.csv", h1, strlen(h1), 0, &d), 0);
	assert_int_equal(table_load_mem(&th[1], "h2.csv", h2, strlen(h2), 0, &d), 0);
	assert_int_equal(table_load_mem(&th[2], "h3.csv", h3, strlen(h3), 0, &d), 0);

	/* default: forbid */
	snprintf(prof, sizeof prof, HEAD "%s", body);
	fx_open(&f, prof, m, e);
	assert_int_equal(dataset_set_history(&f.ds, tabs, 2, &f.d), 0);
	const struct diag_item *it = find_diag(&f.d, DIAG_NOTE, "2 rows name a mentor or mentee who "
					       "is not signed up now (lines 3, 4)", NULL);
	assert_non_null(it);
	assert_string_equal(it->file, "old/h1.csv");
	ASSERT_PAIR(&f, 0, 0, 10, 0);
	assert_describe(&f, 0, 0, SCORE_RULE_HISTORY, "not allowed: paired before (h1.csv and 1 more)");
	ASSERT_PAIR(&f, 1, 1, 10, 0);
	assert_describe(&f, 1, 1, SCORE_RULE_HISTORY, "not allowed: paired before (h1.csv)");
	ASSERT_PAIR(&f, 0, 1, 10, 1);
	ASSERT_PAIR(&f, 1, 0, 10, 1);
	check_edges(&f.ds);
	/* the default columns are missing from h3: an error, the history kept */
	assert_int_equal(dataset_set_history(&f.ds, &tabs[2], 1, &f.d), -1);
	assert_non_null(find_diag(&f.d, DIAG_ERROR, "no column \"mentor email\"", NULL));
	ASSERT_PAIR(&f, 0, 0, 10, 0);
	/* a file whose rows name nobody signed up (or a blank identity): no
	 * pair from it, every pair allowed again */
	{
		static const char h5[] = "mentor email,mentee email\nnobody@x,c@x\na@x,\n";
		struct table t5;
		const struct table *tab5 = &t5;
		assert_int_equal(table_load_mem(&t5, "h5.csv", h5, strlen(h5), 0, &d), 0);
		assert_int_equal(dataset_set_history(&f.ds, &tab5, 1, &f.d), 0);
		assert_int_equal(f.ds.nhist, 0);
		assert_non_null(find_diag(&f.d, DIAG_NOTE, "2 rows name a mentor or mentee who is not "
					  "signed up now (lines 2, 3)", NULL));
		for (size_t i = 0; i < 2; i++)
			for (size_t j = 0; j < 2; j++)
				ASSERT_PAIR(&f, i, j, 10, 1);
		check_edges(&f.ds);
		/* and no file at all */
		assert_int_equal(dataset_set_history(&f.ds, NULL, 0, &f.d), 0);
		assert_int_equal(f.ds.nhist, 0);
		ASSERT_PAIR(&f, 0, 0, 10, 1);
		table_free(&t5);
	}
	fx_close(&f);

	/* weight alone: score */
	snprintf(prof, sizeof prof, HEAD "%s[history]\nweight = -7\n", body);
	fx_open(&f, prof, m, e);
	assert_int_equal(f.p.history.forbid, 0);
	assert_int_equal(dataset_set_history(&f.ds, tabs, 2, &f.d), 0);
	ASSERT_PAIR(&f, 0, 0, 3, 1);            /* 10 - 7, once for two files */
	assert_describe(&f, 0, 0, SCORE_RULE_HISTORY, "-7 paired before (h1.csv and 1 more)");
	ASSERT_PAIR(&f, 1, 1, 3, 1);
	ASSERT_PAIR(&f, 0, 1, 10, 1);
	check_edges(&f.ds);
	/* min_score counts the history's points */
	f.p.solve.min_score = 5;
	ASSERT_PAIR(&f, 0, 0, 3, 0);
	assert_describe(&f, 0, 0, SCORE_RULE_MIN_SCORE, "not allowed: score 3 is below the minimum 5");
	ASSERT_PAIR(&f, 0, 1, 10, 1);
	f.p.solve.min_score = 10;
	ASSERT_PAIR(&f, 0, 1, 10, 1);           /* not below */
	check_edges(&f.ds);
	fx_close(&f);

	/* named columns, effect = score */
	snprintf(prof, sizeof prof, HEAD "%s[history]\neffect = score\nweight = 4\n"
		 "mentor_column = Coach\nmentee_column = Learner\n", body);
	fx_open(&f, prof, m, e);
	assert_int_equal(dataset_set_history(&f.ds, &tabs[2], 1, &f.d), 0);
	ASSERT_PAIR(&f, 0, 1, 14, 1);
	ASSERT_PAIR(&f, 0, 0, 10, 1);
	check_edges(&f.ds);
	fx_close(&f);

	/* with an id field the default columns are mentor id / mentee id */
	{
		static const char pid[] = "[profile]\nformat = 1\n[field.pid]\ntype = id\n"
			"[columns.mentors]\npid = id\n[columns.mentees]\npid = id\n"
			"[rule.o]\nkind = different\nfield = pid\nweight = 1\n";
		static const char hm[] = "id\nM1\nM2\n", he[] = "id\nE1\nE2\n";
		static const char hh[] = "mentor email,mentor id,mentee id\nM1,m2,e1\n";
		struct table t4;
		const struct table *tab4 = &t4;
		assert_int_equal(table_load_mem(&t4, "h4.csv", hh, strlen(hh), 0, &d), 0);
		fx_open(&f, pid, hm, he);
		assert_int_equal(dataset_set_history(&f.ds, &tab4, 1, &f.d), 0);
		ASSERT_PAIR(&f, 1, 0, 1, 0);
		ASSERT_PAIR(&f, 0, 0, 1, 1);
		check_edges(&f.ds);
		fx_close(&f);
		table_free(&t4);
	}
	for (int k = 0; k < 3; k++)
		table_free(&th[k]);
	diag_free(&d);
}

/* ---- sessions on temporary files ------------------------------------------ */

struct tmpfiles {
	char dir[64];
	char path[4][128];
	int n;
};

static void tmp_write(struct tmpfiles *t, const char *name, const char *text)
{
	if (!t->dir[0]) {
		snprintf(t->dir, sizeof t->dir, "/tmp/mmtest-rules-XXXXXX");
		assert_non_null(mkdtemp(t->dir));
	}
	assert_true(t->n < 4);
	char p[128];
	snprintf(p, sizeof p, "%s/%s", t->dir, name);
	memcpy(t->path[t->n++], p, sizeof p);
	FILE *f = fopen(p, "w");
	assert_non_null(f);
	assert_true(fputs(text, f) >= 0);
	assert_int_equal(fclose(f), 0);
}

static void tmp_remove(struct tmpfiles *t)
{
	for (int i = 0; i < t->n; i++)
		unlink(t->path[i]);
	if (t->dir[0])
		rmdir(t->dir);
	memset(t, 0, sizeof *t);
}

/* A session on the texts (hist may be NULL), prepared. */
static void sess_open(struct session *s, const char *prof, const char *m, const char *e,
		      const char *hist)
{
	struct tmpfiles t = { 0 };
	struct diag d = { 0 };
	int rc;
	tmp_write(&t, "p.ini", prof);
	tmp_write(&t, "m.csv", m);
	tmp_write(&t, "e.csv", e);
	if (hist)
		tmp_write(&t, "h.csv", hist);
	session_init(s);
	s->strict_columns = 1;
	rc = session_load_profile(s, t.path[0], &d);
	if (rc == 0)
		rc = session_load_file(s, SIDE_MENTOR, t.path[1], &d);
	if (rc == 0)
		rc = session_load_file(s, SIDE_MENTEE, t.path[2], &d);
	if (rc == 0 && hist)
		rc = session_load_history(s, t.path[3], &d);
	if (rc == 0)
		rc = session_prepare(s, &d);
	tmp_remove(&t);
	if (rc != 0) {
		print_diag(&d);
		fail();
	}
	diag_free(&d);
}

static void sess_match(struct session *s)
{
	struct diag d = { 0 };
	if (session_match(s, &d) != 0) {
		print_diag(&d);
		fail();
	}
	diag_free(&d);
}

static long total_shortfall(const struct match_result *r)
{
	long sum = 0;
	for (size_t i = 0; r->shortfall && i < r->nmentors; i++)
		sum += r->shortfall[i];
	return sum;
}

/* mentor_min in capacity mode: the least total shortfall first, then the
 * largest total.  Mentors m0 (team A, capacity 3), m1 (B, 2), m2 (C, 2, no
 * allowed mentee); mentees e0, e1 (A, B), e2, e3 (A).  Overlap of teams is
 * required; m0 scores 10 with anyone (when mentor.team = A), m1 1 with e0
 * and e1 (when mentor.team = B). */
static void test_mentor_min(void **state)
{
	static const char fmt[] = HEAD
		"[field.team]\ntype = multi\nseparator = \", \"\n"
		"[field.cap]\ntype = number\n[field.minf]\ntype = number\n"
		"[columns.mentors]\nemail = email\nteam = team\ncap = cap\nminf = minf\n"
		"[columns.mentees]\nemail = email\nteam = team\n"
		"[solve]\nmode = capacity\nmentor_capacity_field = cap\nmentor_min = 2\n%s"
		"[rule.req]\nkind = overlap\nfield = team\neffect = require\n"
		"[rule.a]\nkind = overlap\nfield = team\nweight = 10\nwhen = mentor.team = A\n"
		"[rule.b]\nkind = overlap\nfield = team\nweight = 1\nwhen = mentor.team = B\n";
	static const char m[] = "email,team,cap,minf\nm0@x,A,3,\nm1@x,B,2,1\nm2@x,C,2,\n";
	static const char e[] = "email,team\ne0@x,\"A, B\"\ne1@x,\"A, B\"\ne2@x,A\ne3@x,A\n";
	char prof[2048];
	struct session s;
	(void)state;
	snprintf(prof, sizeof prof, fmt, "");
	sess_open(&s, prof, m, e, NULL);
	assert_int_equal(s.edges.start[3], 6);    /* 4 + 2 + 0 allowed pairs */
	/* minimum 2: m1 takes e0 and e1 (2), m0 e2 and e3 (20); nobody short */
	sess_match(&s);
	assert_int_equal(s.res.round_total[0], 22);
	assert_int_equal(s.res.count[SIDE_MENTOR][1], 2);
	assert_int_equal(total_shortfall(&s.res), 0);
	assert_int_equal(s.res.nshort, 0);
	/* no minimum: m0 takes 3 (30), m1 1 (1) */
	s.prof.solve.mentor_min = 0;
	session_changed(&s, PCHANGE_SOLVE);
	sess_match(&s);
	assert_int_equal(s.res.round_total[0], 31);
	assert_null(s.res.shortfall);
	/* minimum 3, i.e. min(3, capacity) = 3 and 2: 5 wanted, 4 mentees: at
	 * least 1 short either way; m0 3 + m1 1 (31) beats m0 2 + m1 2 (22);
	 * m2 has no allowed pair and is not counted */
	s.prof.solve.mentor_min = 3;
	session_changed(&s, PCHANGE_SOLVE);
	sess_match(&s);
	assert_int_equal(s.res.round_total[0], 31);
	assert_int_equal(total_shortfall(&s.res), 1);
	assert_int_equal(s.res.nshort, 1);
	assert_int_equal(s.res.shortfall[1], 1);
	assert_int_equal(s.res.shortfall[2], 0);
	session_free(&s);

	/* mentor_min_field: m1's own minimum is 1, the others' mentor_min 2:
	 * m0 3 (at least 2) and m1 1: 31, nobody short */
	snprintf(prof, sizeof prof, fmt, "mentor_min_field = minf\n");
	sess_open(&s, prof, m, e, NULL);
	assert_int_equal(s.prof.solve.mentor_min_field, 3);
	assert_int_equal(dataset_mentor_min(&s.ds, 0), 2);
	assert_int_equal(dataset_mentor_min(&s.ds, 1), 1);
	sess_match(&s);
	assert_int_equal(s.res.round_total[0], 31);
	assert_int_equal(total_shortfall(&s.res), 0);
	assert_int_equal(s.res.nshort, 0);
	session_free(&s);
}

/* ---- 2. a second implementation, from the raw cell text ------------------ */

static uint64_t rng;

static unsigned rnd(unsigned n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (unsigned)((rng >> 11) % n);
}

static int chance(unsigned percent)
{
	return rnd(100) < percent;
}

#define PICK(a) ((a)[rnd((unsigned)(sizeof (a) / sizeof *(a)))])

/* The category key, written again: surrounding white space (ASCII and
 * U+00A0) dropped, inner runs one space, ASCII and Latin-1 capitals
 * folded. */
static void mkey(const char *s, char *out)
{
	size_t n = 0;
	int space = 0;
	while (*s) {
		unsigned char c = (unsigned char)*s;
		if (c == ' ' || (c >= '\t' && c <= '\r')) {
			space = 1;
			s++;
			continue;
		}
		if (c == 0xC2 && (unsigned char)s[1] == 0xA0) {
			space = 1;
			s += 2;
			continue;
		}
		if (space && n)
			out[n++] = ' ';
		space = 0;
		if (c >= 'A' && c <= 'Z') {
			out[n++] = (char)(c + 32);
			s++;
		} else if (c == 0xC3 && (unsigned char)s[1] >= 0x80 && (unsigned char)s[1] <= 0x9E &&
			   (unsigned char)s[1] != 0x97) {
			out[n++] = (char)c;
			out[n++] = (char)(s[1] + 0x20);
			s += 2;
		} else {
			out[n++] = (char)c;
			s++;
		}
	}
	out[n] = '\0';
}

static int same_key(const char *a, const char *b)
{
	char ka[128], kb[128];
	mkey(a, ka);
	mkey(b, kb);
	return !strcmp(ka, kb);
}

/* A decimal number in millionths: [+-]digits[.digits], surrounding white
 * space allowed.  Returns 0, or -1 when it is not one. */
static int mnum(const char *s, long long *out)
{
	char k[128];
	const char *c = k;
	long long whole = 0, frac = 0, scale = 1000000;
	int neg = 0, digits = 0;
	mkey(s, k);
	if (*c == '+' || *c == '-')
		neg = *c++ == '-';
	for (; *c >= '0' && *c <= '9'; c++, digits++)
		whole = whole * 10 + (*c - '0');
	if (*c == '.')
		for (c++; *c >= '0' && *c <= '9'; c++, digits++) {
			scale /= 10;
			if (!scale)
				return -1;
			frac += (*c - '0') * scale;
		}
	if (*c || !digits)
		return -1;
	*out = (whole * 1000000 + frac) * (neg ? -1 : 1);
	return 0;
}

/* 1 yes-word, 0 no-word, -1 anything else */
static int myesno(const char *s)
{
	static const char *const yes[] = { "1", "yes", "true", "y", "x" };
	static const char *const no[] = { "0", "no", "false", "n" };
	char k[128];
	long long x;
	if (mnum(s, &x) == 0 && (x == 0 || x == 1000000))
		return x != 0;   /* 1.0, 0.00: a tick box exported as numbers */
	mkey(s, k);
	for (size_t i = 0; i < 5; i++)
		if (!strcmp(k, yes[i]))
			return 1;
	for (size_t i = 0; i < 4; i++)
		if (!strcmp(k, no[i]))
			return 0;
	return -1;
}

/* The instance: every side's file has all these columns. */
enum { C_EMAIL, C_PID, C_NAME, C_FIRST, C_LAST, C_CAT, C_CAT2, C_ORD, C_NUM, C_TAGS, C_TAGS2,
       C_PREF, C_NB1, C_NB2, C_NB3, C_NB4, C_CAP, C_MIN, NCOL };
static const char *const colname[NCOL] = {
	"email", "pid", "name", "first", "last", "cat", "cat2", "ord", "num", "tags", "tags2",
	"pref", "Data", "Policy", "Legal", "Other tags", "cap", "min"
};

/* The fields rules read (the model's numbering). */
enum { F_CAT, F_CAT2, F_ORD, F_NUM, F_TAGS, F_TAGS2, F_ORD2, F_CHOICES, F_PICKS, NF };
static const char *const fname[NF] = { "cat", "cat2", "ord", "num", "tags", "tags2", "ord2", "choices", "picks" };

/* Value pools (collisions, case, white space, aliases, wildcards, blanks). */
static const char *const pool_cat[] = {
	"Home Office", "home office ", "HOME  OFFICE", "Hm Office", "Education", "DfE", "dfe",
	"Treasury", "No preference", "any", "", "D\xc3\xa9""fense", "D\xc3\x89""FENSE", "\xc2\xa0Treasury"
};
static const char *const pool_cat2[] = { "North", "south", "South ", "East", "", "Home Office", "treasury", "HEO", "seo", "2.5", "-3" };
static const char *const pool_ord[] = { "AO", "eo", "HEO", "seo", "G7", "Grade 7", "H.E.O", "Unknown", "", " heo" };
static const char *const pool_num[] = { "1", "2.5", "-3", "+4", "0", "none", "ten", "2.50", "x", "", "10", "-0.5" };
static const char *const pool_tag[] = { "Data", "data ", "Policy", "HR", "Finance", "Anything", "Legal", "Treasury", "north" };
static const char *const pool_nb[] = { "yes", "No", "", "x", "0", "TRUE", "n", "Finance", "data", "Anything", "Y", " ",
					"1.0", "0.00", " +1 ", "2" };
static const char *const pool_tag2[] = { "Home Office", "Treasury", "North", "Education", "hr", "Data", "EO" };
/* the values a profile may name (conditions, tables): no surrounding space */
static const char *const val_cat[] = { "Home Office", "Hm Office", "Education", "DfE", "Treasury", "No preference", "D\xc3\xa9""fense", "North" };
static const char *const val_cat2[] = { "North", "South", "East", "Home Office", "Treasury", "HEO" };
static const char *const val_ord2[] = { "EO", "HEO", "SEO", "Director" };
static const char *const val_ord[] = { "AO", "EO", "HEO", "SEO", "G7", "Grade 7", "h.e.o" };
static const char *const val_num[] = { "1", "2.5", "-3", "0", "10", "4", "2.50", "-0.5" };
static const char *const val_tag[] = { "Data", "Policy", "HR", "Finance", "Anything", "Legal", "North" };
static const char *const val_tag2[] = { "Home Office", "Treasury", "North", "HR", "Data" };
static const char *const first_names[] = { "Ann", "Bob", "Cat" };
static const char *const last_names[] = { "Lee", "Wu" };

static const char *const *pool_of(int f, size_t *n)
{
	switch (f) {
	case F_CAT: *n = sizeof val_cat / sizeof *val_cat; return val_cat;
	case F_CAT2: *n = sizeof val_cat2 / sizeof *val_cat2; return val_cat2;
	case F_ORD: *n = sizeof val_ord / sizeof *val_ord; return val_ord;
	case F_NUM: *n = sizeof val_num / sizeof *val_num; return val_num;
	case F_TAGS: *n = sizeof val_tag / sizeof *val_tag; return val_tag;
	case F_ORD2: *n = sizeof val_ord2 / sizeof *val_ord2; return val_ord2;
	default: *n = sizeof val_tag2 / sizeof *val_tag2; return val_tag2;
	}
}

enum { K_SAME, K_DIFFERENT, K_CONTAINS, K_GAP, K_OVERLAP, K_TABLE, K_PREFERENCE };
static const char *const kind_word[] = { "same", "different", "contains", "gap", "overlap", "table", "preference" };

struct mcond {
	int given, side, field;
	size_t n;
	const char *v[3];
};

struct mrule {
	int kind, effect, measure, enabled;
	int fm, fe;                /* F_* of each side (preference: F_PICKS / F_CHOICES or -1) */
	long weight, at_least;
	size_t nb;                 /* gap */
	long long lo[4], hi[4];
	long bw[4];
	int oforbid;
	long ow;
	size_t np;                 /* table */
	const char *tme[4], *tmr[4];
	size_t nw;                 /* preference */
	long w[3];
	struct mcond cond[2];      /* when, unless */
};

#define MAXR 18
#define MAXV 8
#define MAXH 10

struct inst {
	int use_id, name_mode, numbered, picks_multi;
	size_t nrow[SIDE_COUNT];
	char cell[SIDE_COUNT][MAXR][NCOL][96];
	struct mrule rule[6];
	size_t nrule;
	int hist_on, hist_forbid, hist_custom;
	long hist_weight;
	char hrow[MAXH][2][96];
	size_t nhrow;
	long min_score;            /* MIN_SCORE_NONE: none */
	const char *solve;         /* extra [solve] lines */
	char prof[24576];
	size_t plen;
};

static void padd(struct inst *g, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int w = vsnprintf(g->prof + g->plen, sizeof g->prof - g->plen, fmt, ap);
	va_end(ap);
	assert_true(w >= 0 && (size_t)w < sizeof g->prof - g->plen);
	g->plen += (size_t)w;
}

/* An identity: p0..p13 on both sides (so some people are on both), in
 * random case; rarely blank. */
static void gen_identity(char *out, size_t len, int use_id, enum side side)
{
	unsigned k = side == SIDE_MENTOR ? rnd(11) : 4 + rnd(11);
	if (chance(4)) {
		out[0] = '\0';
		return;
	}
	if (use_id)
		snprintf(out, len, chance(50) ? "ID%u" : " id%u", k);
	else
		snprintf(out, len, chance(50) ? "p%u@x.org" : "P%u@X.org ", k);
}

static void gen_multi_cell(char *out, size_t len, const char *const *pool, size_t npool)
{
	size_t n = rnd(4), o = 0;
	out[0] = '\0';
	for (size_t k = 0; k < n; k++)
		o += (size_t)snprintf(out + o, len - o, "%s%s", k ? ", " : "", pool[rnd((unsigned)npool)]);
	if (n && chance(15))
		snprintf(out + o, len - o, ", ");
}

/* A name of someone of side (their identity or their full name, in another
 * case or spacing), or a name of nobody. */
static void gen_name_of(const struct inst *g, enum side side, char *out, size_t len)
{
	const size_t r = rnd((unsigned)g->nrow[side]);
	const char (*c)[96] = g->cell[side][r];
	unsigned how = rnd(10);
	if (how < 3) {
		snprintf(out, len, "%s", c[g->use_id ? C_PID : C_EMAIL]);
		if (how == 0)
			for (char *p = out; *p; p++)
				if (*p >= 'a' && *p <= 'z')
					*p = (char)(*p - 32);
	} else if (how < 8) {
		if (g->name_mode == 0)
			snprintf(out, len, "%s", c[C_NAME]);
		else
			snprintf(out, len, "%s %s", c[C_FIRST], c[C_LAST]);
		if (how == 7)
			for (char *p = out; *p; p++)
				if (*p >= 'A' && *p <= 'Z')
					*p = (char)(*p + 32);
	} else if (how == 8) {
		snprintf(out, len, "Zed Nobody");
	} else {
		snprintf(out, len, "%s", g->use_id ? g->cell[side][r][C_EMAIL] : "ghost@x.org");
	}
}

/* A preference list cell: up to 4 names of side, no two with one key. */
static void gen_list(const struct inst *g, enum side side, int multi, char *out, size_t len)
{
	char keys[4][128];
	size_t n = multi ? rnd(5) : rnd(2), have = 0, o = 0;
	out[0] = '\0';
	for (size_t k = 0; k < n; k++) {
		char name[96], key[128];
		int dup = 0;
		gen_name_of(g, side, name, sizeof name);
		mkey(name, key);
		if (!*key)
			continue;
		for (size_t q = 0; q < have; q++)
			dup |= !strcmp(keys[q], key);
		if (dup)
			continue;
		snprintf(keys[have++], sizeof keys[0], "%s", key);
		o += (size_t)snprintf(out + o, len - o, "%s%s", o ? (chance(50) ? ";" : "; ") : "", name);
	}
}

static void gen_cells(struct inst *g)
{
	for (int s = 0; s < SIDE_COUNT; s++) {
		g->nrow[s] = 6 + rnd(10);
		for (size_t r = 0; r < g->nrow[s]; r++) {
			char (*c)[96] = g->cell[s][r];
			memset(c, 0, sizeof g->cell[s][r]);
			gen_identity(c[g->use_id ? C_PID : C_EMAIL], 96, g->use_id, (enum side)s);
			if (g->use_id) {
				/* an email of the id's own (so that the same id on both
				 * sides is mostly one person), another, or none */
				unsigned how = rnd(10);
				char id[80];
				snprintf(id, sizeof id, "%.70s", c[C_PID] + strcspn(c[C_PID], "0123456789"));
				if (how < 6 && *id)
					snprintf(c[C_EMAIL], 96, "mail-%s@x.org", id);
				else if (how < 9)
					snprintf(c[C_EMAIL], 96, "mail%u@x.org", rnd(30));
			}
			snprintf(c[C_FIRST], 96, "%s", chance(8) ? "" : PICK(first_names));
			snprintf(c[C_LAST], 96, "%s", chance(8) ? "" : PICK(last_names));
			if (*c[C_FIRST] || *c[C_LAST])
				snprintf(c[C_NAME], 96, "%s%s%s", c[C_FIRST], chance(20) ? "  " : " ", c[C_LAST]);
			snprintf(c[C_CAT], 96, "%s", PICK(pool_cat));
			snprintf(c[C_CAT2], 96, "%s", PICK(pool_cat2));
			snprintf(c[C_ORD], 96, "%s", PICK(pool_ord));
			snprintf(c[C_NUM], 96, "%s", PICK(pool_num));
			gen_multi_cell(c[C_TAGS], 96, pool_tag, sizeof pool_tag / sizeof *pool_tag);
			gen_multi_cell(c[C_TAGS2], 96, pool_tag2, sizeof pool_tag2 / sizeof *pool_tag2);
			for (int k = C_NB1; k <= C_NB4; k++)
				snprintf(c[k], 96, "%s", PICK(pool_nb));
			static const char *const caps[] = { "0", "1", "2", "3", "", "x", "2.5", "1" };
			snprintf(c[C_CAP], 96, "%s", PICK(caps));
			static const char *const mins[] = { "0", "1", "2", "3", "" };
			snprintf(c[C_MIN], 96, "%s", PICK(mins));
		}
	}
	/* preference lists name the other side, so after both sides exist */
	for (int s = 0; s < SIDE_COUNT; s++)
		for (size_t r = 0; r < g->nrow[s]; r++)
			gen_list(g, s == SIDE_MENTOR ? SIDE_MENTEE : SIDE_MENTOR,
				 s == SIDE_MENTEE || g->picks_multi, g->cell[s][r][C_PREF], 96);
}

/* Writes a band end (half units) as a number. */
static void half_text(long long h, char *buf, size_t len)
{
	long long a = h < 0 ? -h : h;
	snprintf(buf, len, "%s%lld%s", h < 0 ? "-" : "", a / 2, a % 2 ? ".5" : "");
}

static void gen_cond(struct mcond *c)
{
	static const int fields[] = { F_CAT, F_CAT2, F_ORD, F_NUM, F_TAGS, F_TAGS2, F_ORD2 };
	size_t npool;
	const char *const *pool;
	c->given = 1;
	c->side = chance(50) ? SIDE_MENTOR : SIDE_MENTEE;
	c->field = PICK(fields);
	pool = pool_of(c->field, &npool);
	c->n = 1 + rnd(2);
	for (size_t k = 0; k < c->n; k++)
		c->v[k] = pool[rnd((unsigned)npool)];
	if (c->n == 2 && same_key(c->v[0], c->v[1]))
		c->n = 1;      /* a condition's values must differ */
	if (c->field == F_ORD && c->n == 2) {
		/* ... also as scale values (HEO and h.e.o are one) */
		char a[32], b[32];
		mkey(c->v[0], a);
		mkey(c->v[1], b);
		if ((!strcmp(a, "heo") || !strcmp(a, "h.e.o")) && (!strcmp(b, "heo") || !strcmp(b, "h.e.o")))
			c->n = 1;
		if ((!strcmp(a, "g7") || !strcmp(a, "grade 7")) && (!strcmp(b, "g7") || !strcmp(b, "grade 7")))
			c->n = 1;
	}
	if (c->field == F_NUM && c->n == 2) {
		long long x, y;
		if (mnum(c->v[0], &x) == 0 && mnum(c->v[1], &y) == 0 && x == y)
			c->n = 1;
	}
}

static void gen_rule(struct mrule *r)
{
	static const int same_fields[][2] = {
		{ F_CAT, F_CAT }, { F_CAT2, F_CAT2 }, { F_ORD, F_ORD }, { F_NUM, F_NUM },
		{ F_TAGS, F_TAGS }, { F_TAGS2, F_TAGS2 }, { F_CAT2, F_CAT }, { F_TAGS2, F_CAT2 },
		{ F_CAT, F_TAGS }, { F_ORD, F_ORD2 }, { F_ORD2, F_ORD }, { F_ORD, F_CAT2 },
		{ F_NUM, F_CAT2 }, { F_CAT2, F_ORD2 }, { F_ORD, F_NUM }, { F_TAGS2, F_ORD },
	};
	static const int contains_fields[][2] = {
		{ F_TAGS, F_TAGS }, { F_TAGS, F_CAT }, { F_TAGS2, F_CAT2 }, { F_CAT, F_CAT },
		{ F_CAT2, F_TAGS2 }, { F_ORD, F_ORD }, { F_TAGS2, F_ORD }, { F_ORD2, F_ORD },
		{ F_CAT2, F_ORD2 },
	};
	static const int overlap_fields[][2] = {
		{ F_TAGS, F_TAGS }, { F_TAGS2, F_CAT2 }, { F_CAT, F_CAT }, { F_CAT2, F_TAGS2 },
		{ F_TAGS, F_TAGS2 },
	};
	static const int table_fields[][2] = {
		{ F_TAGS, F_CAT }, { F_CAT, F_CAT }, { F_TAGS2, F_CAT2 }, { F_CAT2, F_TAGS },
	};
	memset(r, 0, sizeof *r);
	r->kind = (int)rnd(7);
	r->enabled = !chance(10);
	r->effect = chance(60) ? EFFECT_SCORE : chance(50) ? EFFECT_FORBID : EFFECT_REQUIRE;
	r->weight = (long)rnd(21) - 10;
	switch (r->kind) {
	case K_SAME:
	case K_DIFFERENT: {
		const int *f = same_fields[rnd(sizeof same_fields / sizeof *same_fields)];
		r->fm = f[0];
		r->fe = f[1];
		break;
	}
	case K_CONTAINS: {
		const int *f = contains_fields[rnd(sizeof contains_fields / sizeof *contains_fields)];
		r->fm = f[0];
		r->fe = f[1];
		break;
	}
	case K_OVERLAP: {
		const int *f = overlap_fields[rnd(sizeof overlap_fields / sizeof *overlap_fields)];
		r->fm = f[0];
		r->fe = f[1];
		r->measure = (int)rnd(3);
		r->at_least = chance(70) ? 1 : 2 + rnd(2);
		break;
	}
	case K_TABLE: {
		const int *f = table_fields[rnd(sizeof table_fields / sizeof *table_fields)];
		size_t nm, ne;
		const char *const *pm, *const *pe;
		r->fm = f[0];
		r->fe = f[1];
		pm = pool_of(r->fm, &nm);
		pe = pool_of(r->fe, &ne);
		r->np = 1 + rnd(4);
		for (size_t k = 0; k < r->np; k++) {
			r->tme[k] = pe[rnd((unsigned)ne)];
			r->tmr[k] = pm[rnd((unsigned)nm)];
		}
		break;
	}
	case K_GAP: {
		/* band ends in half units (whole units on the ordinal scale),
		 * sorted and distinct, so the bands never overlap */
		int ord = chance(50);
		long long pts[8];
		size_t np = 0;
		r->fm = r->fe = ord ? F_ORD : F_NUM;
		r->nb = 1 + rnd(3);
		while (np < 2 * r->nb) {
			long long v = ord ? 2 * ((long long)rnd(9) - 4) : (long long)rnd(17) - 8;
			int dup = 0;
			for (size_t k = 0; k < np; k++)
				dup |= pts[k] == v;
			if (!dup)
				pts[np++] = v;
		}
		for (size_t a = 1; a < np; a++)
			for (size_t b = a; b > 0 && pts[b - 1] > pts[b]; b--) {
				long long t = pts[b];
				pts[b] = pts[b - 1];
				pts[b - 1] = t;
			}
		for (size_t k = 0; k < r->nb; k++) {
			r->lo[k] = pts[2 * k];
			r->hi[k] = chance(30) ? pts[2 * k] : pts[2 * k + 1];
			r->bw[k] = (long)rnd(21) - 10;
		}
		if (chance(25))
			r->lo[0] = LLONG_MIN;
		if (chance(25) && r->lo[r->nb - 1] != LLONG_MIN)
			r->hi[r->nb - 1] = LLONG_MAX;
		r->oforbid = chance(50);
		r->ow = (long)rnd(21) - 10;
		r->effect = EFFECT_SCORE;
		break;
	}
	case K_PREFERENCE: {
		unsigned which = rnd(3);
		r->fe = which != 1 ? F_CHOICES : -1;
		r->fm = which != 0 ? F_PICKS : -1;
		r->nw = 1 + rnd(3);
		for (size_t k = 0; k < r->nw; k++)
			r->w[k] = (long)rnd(21) - 5;
		break;
	}
	}
	if (chance(30))
		gen_cond(&r->cond[0]);
	if (chance(25))
		gen_cond(&r->cond[1]);
}

static void write_rule(struct inst *g, const struct mrule *r, size_t idx)
{
	static const char *const effect_word[] = { "score", "forbid", "require" };
	static const char *const measure_word[] = { "any", "count", "share" };
	padd(g, "[rule.r%zu]\nkind = %s\n", idx, kind_word[r->kind]);
	if (r->kind == K_PREFERENCE) {
		if (r->fe >= 0)
			padd(g, "mentee_field = %s\n", fname[r->fe]);
		if (r->fm >= 0)
			padd(g, "mentor_field = %s\n", fname[r->fm]);
	} else if (r->fm == r->fe) {
		padd(g, "field = %s\n", fname[r->fm]);
	} else {
		padd(g, "mentor_field = %s\nmentee_field = %s\n", fname[r->fm], fname[r->fe]);
	}
	if (r->kind == K_GAP) {
		for (size_t k = 0; k < r->nb; k++) {
			char a[32] = "", b[32] = "";
			if (r->lo[k] != LLONG_MIN)
				half_text(r->lo[k], a, sizeof a);
			if (r->hi[k] != LLONG_MAX)
				half_text(r->hi[k], b, sizeof b);
			if (r->lo[k] == LLONG_MIN)
				padd(g, "band...%s = %ld\n", b, r->bw[k]);
			else if (r->hi[k] == LLONG_MAX)
				padd(g, "band.%s.. = %ld\n", a, r->bw[k]);
			else if (r->lo[k] == r->hi[k])
				padd(g, "band.%s = %ld\n", a, r->bw[k]);
			else
				padd(g, "band.%s..%s = %ld\n", a, b, r->bw[k]);
		}
		if (r->oforbid)
			padd(g, "otherwise = forbid\n");
		else
			padd(g, "otherwise = %ld\n", r->ow);
	} else {
		padd(g, "effect = %s\n", effect_word[r->effect]);
		if (r->effect == EFFECT_SCORE && r->kind == K_PREFERENCE) {
			padd(g, "weights = ");
			for (size_t k = 0; k < r->nw; k++)
				padd(g, "%s%ld", k ? " | " : "", r->w[k]);
			padd(g, "\n");
		} else if (r->effect == EFFECT_SCORE) {
			padd(g, "weight = %ld\n", r->weight);
		}
		if (r->kind == K_OVERLAP) {
			if (r->effect == EFFECT_SCORE)
				padd(g, "measure = %s\n", measure_word[r->measure]);
			padd(g, "at_least = %ld\n", r->at_least);
		}
		if (r->kind == K_TABLE) {
			padd(g, "pairs = ");
			for (size_t k = 0; k < r->np; k++)
				padd(g, "%s%s => %s", k ? " | " : "", r->tme[k], r->tmr[k]);
			padd(g, "\n");
		}
	}
	for (int c = 0; c < 2; c++) {
		const struct mcond *cd = &r->cond[c];
		if (!cd->given)
			continue;
		padd(g, "%s = %s.%s = ", c ? "unless" : "when", cd->side == SIDE_MENTOR ? "mentor" : "mentee",
		     fname[cd->field]);
		for (size_t k = 0; k < cd->n; k++)
			padd(g, "%s%s", k ? " | " : "", cd->v[k]);
		padd(g, "\n");
	}
	if (!r->enabled)
		padd(g, "enabled = no\n");
}

static void write_profile(struct inst *g)
{
	g->plen = 0;
	padd(g, "[profile]\nformat = 1\n[field.email]\ntype = email\n");
	if (g->use_id)
		padd(g, "[field.pid]\ntype = id\n");
	if (g->name_mode == 0)
		padd(g, "[field.name]\ntype = text\n");
	else
		padd(g, "[field.first_name]\ntype = text\n[field.last_name]\ntype = text\n");
	padd(g, "[field.cat]\ntype = category\naliases = Hm Office => Home Office | DfE => Education\n"
	     "wildcard = No preference | Any\n"
	     "[field.cat2]\ntype = category\n"
	     "[field.ord]\ntype = ordinal\nscale = AO | EO | HEO | SEO | G7\n"
	     "aliases = Grade 7 => G7 | H.E.O => HEO\n"
	     "[field.num]\ntype = number\naliases = none => 0 | ten => 10\n"
	     "[field.ord2]\ntype = ordinal\nscale = EO | HEO | SEO | Director\n"
	     "[field.tags]\ntype = multi\nseparator = \", \"\nwildcard = Anything\n"
	     "[field.tags2]\ntype = multi\nseparator = \", \"\n"
	     "[field.choices]\ntype = multi\nseparator = \";\"\n");
	if (g->picks_multi)
		padd(g, "[field.picks]\ntype = multi\nseparator = \";\"\n");
	else
		padd(g, "[field.picks]\ntype = category\n");
	padd(g, "[field.cap]\ntype = number\n[field.minf]\ntype = number\n");
	for (int s = 0; s < SIDE_COUNT; s++) {
		padd(g, "[columns.%s]\nemail = email\n", s == SIDE_MENTOR ? "mentors" : "mentees");
		if (g->use_id)
			padd(g, "pid = pid\n");
		if (g->name_mode == 0)
			padd(g, "name = name\n");
		else
			padd(g, "first_name = first\nlast_name = last\n");
		padd(g, "cat = cat\ncat2 = cat2\nord = ord\nord2 = ord\nnum = num\ntags2 = tags2\ncap = cap\n");
		if (s == SIDE_MENTEE && g->numbered)
			padd(g, "tags.1 = Data\ntags.2 = Policy\ntags.3 = Legal\ntags.4 = Other tags\n");
		else
			padd(g, "tags = tags\n");
		padd(g, s == SIDE_MENTOR ? "picks = pref\nminf = min\n" : "choices = pref\n");
	}
	padd(g, "[solve]\n");
	if (g->min_score != MIN_SCORE_NONE)
		padd(g, "min_score = %ld\n", g->min_score);
	if (g->solve)
		padd(g, "%s", g->solve);
	if (g->hist_on) {
		padd(g, "[history]\n");
		if (g->hist_forbid)
			padd(g, chance(50) ? "effect = forbid\n" : "");
		else
			padd(g, chance(50) ? "weight = %ld\n" : "effect = score\nweight = %ld\n", g->hist_weight);
		if (g->hist_custom)
			padd(g, "mentor_column = Coach\nmentee_column = Learner\n");
	}
	for (size_t k = 0; k < g->nrule; k++)
		write_rule(g, &g->rule[k], k);
}

/* side's file as CSV text (every cell quoted), malloc'ed */
static char *write_csv(const struct inst *g, enum side side)
{
	size_t cap = 256 + g->nrow[side] * NCOL * 100, o = 0;
	char *t = malloc(cap);
	assert_non_null(t);
	for (int c = 0; c < NCOL; c++)
		o += (size_t)snprintf(t + o, cap - o, "%s%s", c ? "," : "", colname[c]);
	o += (size_t)snprintf(t + o, cap - o, "\n");
	for (size_t r = 0; r < g->nrow[side]; r++) {
		for (int c = 0; c < NCOL; c++)
			o += (size_t)snprintf(t + o, cap - o, "%s\"%s\"", c ? "," : "", g->cell[side][r][c]);
		o += (size_t)snprintf(t + o, cap - o, "\n");
	}
	return t;
}

static char *write_history(const struct inst *g)
{
	size_t cap = 128 + g->nhrow * 160, o = 0;
	char *t = malloc(cap);
	assert_non_null(t);
	if (g->hist_custom)
		o += (size_t)snprintf(t + o, cap - o, "round,Learner,Coach\n");
	else if (g->use_id)
		o += (size_t)snprintf(t + o, cap - o, "round,mentee id,mentor id\n");
	else
		o += (size_t)snprintf(t + o, cap - o, "round,mentee email,mentor email\n");
	for (size_t k = 0; k < g->nhrow; k++)
		o += (size_t)snprintf(t + o, cap - o, "1,\"%s\",\"%s\"\n", g->hrow[k][1], g->hrow[k][0]);
	return t;
}

/* A random instance (cells, profile, history). */
static void gen_inst(struct inst *g, const char *solve)
{
	memset(g, 0, sizeof *g);
	g->use_id = chance(30);
	g->name_mode = (int)rnd(2);
	g->numbered = chance(50);
	g->picks_multi = chance(50);
	g->solve = solve;
	gen_cells(g);
	g->nrule = 1 + rnd(5);
	for (size_t k = 0; k < g->nrule; k++)
		gen_rule(&g->rule[k]);
	g->min_score = chance(20) ? (long)rnd(21) - 5 : MIN_SCORE_NONE;
	g->hist_on = chance(35);
	if (g->hist_on) {
		g->hist_forbid = chance(50);
		g->hist_weight = (long)rnd(21) - 10;
		g->hist_custom = chance(30);
		g->nhrow = 1 + rnd(MAXH);
		for (size_t k = 0; k < g->nhrow; k++)
			for (int s = 0; s < SIDE_COUNT; s++) {
				const char *id = g->cell[s][rnd((unsigned)g->nrow[s])][g->use_id ? C_PID : C_EMAIL];
				if (chance(15))
					id = "ghost@x.org";
				snprintf(g->hrow[k][s], 96, "%s", id);
				if (chance(30))
					for (char *p = g->hrow[k][s]; *p; p++)
						if (*p >= 'a' && *p <= 'z')
							*p = (char)(*p - 32);
			}
	}
	write_profile(g);
}

/* ---- the model -------------------------------------------------------------- */

struct mperson {
	size_t row;
	char id[128];              /* identity key ("" none) */
	char full[128];            /* full-name key */
	char mail[128];            /* email key, with an id field ("" none) */
	size_t nval[NF];
	char val[NF][MAXV][128];   /* keys of a category (one) or a set */
	int wild[NF];
	int ord;                   /* scale index, -1 missing */
	int ord2;                  /* the same on ord2's scale */
	int has_num;
	long long num;
	char list[MAXV][128];      /* preference list, in order (keys) */
	size_t nlist;
	long cap, min;
};

struct model {
	size_t n[SIDE_COUNT];
	struct mperson p[SIDE_COUNT][MAXR];
	unsigned rank_me[MAXR][MAXR];  /* [mentor][mentee]: place of the mentor in the mentee's list */
	unsigned rank_mr[MAXR][MAXR];  /* place of the mentee in the mentor's list */
	int hist[MAXR][MAXR];
	int same[MAXR][MAXR];          /* one person on both sides */
};

static void add_val(struct mperson *p, int f, const char *text)
{
	char k[128];
	mkey(text, k);
	if (!*k)
		return;
	for (size_t q = 0; q < p->nval[f]; q++)
		if (!strcmp(p->val[f][q], k))
			return;
	assert_true(p->nval[f] < MAXV);
	snprintf(p->val[f][p->nval[f]++], 128, "%s", k);
}

/* cell split on sep, each piece a value */
static void add_split(struct mperson *p, int f, const char *cell, const char *sep)
{
	char buf[128];
	const char *s = cell;
	for (;;) {
		const char *e = strstr(s, sep);
		size_t l = e ? (size_t)(e - s) : strlen(s);
		snprintf(buf, sizeof buf, "%.*s", (int)l, s);
		add_val(p, f, buf);
		if (!e)
			break;
		s = e + strlen(sep);
	}
}

static const char *const scale_ord[] = { "AO", "EO", "HEO", "SEO", "G7" };
static const char *const scale_ord2[] = { "EO", "HEO", "SEO", "Director" };

static int ord2_index(const char *text)
{
	for (int i = 0; i < 4; i++)
		if (same_key(text, scale_ord2[i]))
			return i;
	return -1;
}

static int ord_index(const char *text)
{
	static const char *const scale[] = { "ao", "eo", "heo", "seo", "g7" };
	char k[128];
	mkey(text, k);
	for (int i = 0; i < 5; i++)
		if (!strcmp(k, scale[i]))
			return i;
	if (!strcmp(k, "grade 7"))
		return 4;
	if (!strcmp(k, "h.e.o"))
		return 2;
	return -1;
}

static void model_person(const struct inst *g, enum side side, size_t row, struct mperson *p,
			 long cap_default, long min_default)
{
	const char (*c)[96] = g->cell[side][row];
	char k[128], full[192];
	memset(p, 0, sizeof *p);
	p->row = row;
	mkey(c[g->use_id ? C_PID : C_EMAIL], p->id);
	if (g->use_id)
		mkey(c[C_EMAIL], p->mail);
	if (g->name_mode == 0)
		snprintf(full, sizeof full, "%s", c[C_NAME]);
	else
		snprintf(full, sizeof full, "%s %s", c[C_FIRST], c[C_LAST]);
	mkey(full, p->full);
	/* cat: aliases, then wildcards */
	mkey(c[C_CAT], k);
	if (!strcmp(k, "hm office"))
		add_val(p, F_CAT, "Home Office");
	else if (!strcmp(k, "dfe"))
		add_val(p, F_CAT, "Education");
	else
		add_val(p, F_CAT, c[C_CAT]);
	p->wild[F_CAT] = p->nval[F_CAT] && (!strcmp(p->val[F_CAT][0], "no preference") ||
					    !strcmp(p->val[F_CAT][0], "any"));
	add_val(p, F_CAT2, c[C_CAT2]);
	p->ord = ord_index(c[C_ORD]);
	p->ord2 = ord2_index(c[C_ORD]);
	mkey(c[C_NUM], k);
	if (!strcmp(k, "none")) {
		p->has_num = 1;
		p->num = 0;
	} else if (!strcmp(k, "ten")) {
		p->has_num = 1;
		p->num = 10000000;
	} else {
		p->has_num = mnum(c[C_NUM], &p->num) == 0;
	}
	if (side == SIDE_MENTEE && g->numbered) {
		for (int col = C_NB1; col <= C_NB4; col++) {
			int yn = myesno(c[col]);
			if (yn == 1)
				add_val(p, F_TAGS, colname[col]);
			else if (yn < 0)
				add_val(p, F_TAGS, c[col]);   /* blank adds nothing */
		}
	} else {
		add_split(p, F_TAGS, c[C_TAGS], ", ");
	}
	for (size_t q = 0; q < p->nval[F_TAGS]; q++)
		p->wild[F_TAGS] |= !strcmp(p->val[F_TAGS][q], "anything");
	add_split(p, F_TAGS2, c[C_TAGS2], ", ");
	/* the preference list, in the order written */
	if (side == SIDE_MENTEE || g->picks_multi) {
		const char *s = c[C_PREF];
		for (;;) {
			const char *e = strchr(s, ';');
			char piece[128];
			snprintf(piece, sizeof piece, "%.*s", (int)(e ? (size_t)(e - s) : strlen(s)), s);
			mkey(piece, k);
			if (*k)
				snprintf(p->list[p->nlist++], 128, "%s", k);
			if (!e)
				break;
			s = e + 1;
		}
	} else {
		mkey(c[C_PREF], k);
		if (*k)
			snprintf(p->list[p->nlist++], 128, "%s", k);
	}
	/* capacity and minimum: a whole number 0..1000, else the default */
	long long x;
	p->cap = mnum(c[C_CAP], &x) == 0 && x % 1000000 == 0 && x >= 0 && x <= 1000000000 ?
		(long)(x / 1000000) : cap_default;
	p->min = mnum(c[C_MIN], &x) == 0 && x % 1000000 == 0 && x >= 0 && x <= 1000000000 ?
		(long)(x / 1000000) : min_default;
}

/* The person of side named by key (identity, else full name), or -1. */
static long model_find(const struct model *m, enum side side, const char *key)
{
	long hit = -1;
	size_t n = 0;
	for (size_t i = 0; i < m->n[side]; i++)
		if (*m->p[side][i].id && !strcmp(m->p[side][i].id, key)) {
			hit = (long)i;
			n++;
		}
	if (n == 1)
		return hit;
	assert_int_equal(n, 0);    /* identities are unique among participants */
	for (size_t i = 0; i < m->n[side]; i++)
		if (*m->p[side][i].full && !strcmp(m->p[side][i].full, key)) {
			hit = (long)i;
			n++;
		}
	return n == 1 ? hit : -1;
}

/* The participants (the last row of each identity; rows without one all
 * stay), their values, the preference ranks and the history pairs. */
static void model_build(const struct inst *g, struct model *m, long cap_default[SIDE_COUNT],
			long min_default)
{
	memset(m, 0, sizeof *m);
	for (int s = 0; s < SIDE_COUNT; s++)
		for (size_t r = 0; r < g->nrow[s]; r++) {
			char k[128], k2[128];
			int later = 0;
			mkey(g->cell[s][r][g->use_id ? C_PID : C_EMAIL], k);
			for (size_t q = r + 1; *k && q < g->nrow[s]; q++) {
				mkey(g->cell[s][q][g->use_id ? C_PID : C_EMAIL], k2);
				later |= !strcmp(k, k2);
			}
			if (!later)
				model_person(g, (enum side)s, r, &m->p[s][m->n[s]++], cap_default[s],
					     min_default);
		}
	/* one person on both sides (config/README.md, "Who is who"): the same
	 * identity; with an id, the emails (else the full names) agree where
	 * both have one; when they differ as often as they agree, only those
	 * that agree */
	{
		size_t agree = 0, clash = 0;
		int how[MAXR][MAXR];   /* 1 agree, 2 clash, 3 unknown */
		for (size_t i = 0; i < m->n[SIDE_MENTOR]; i++)
			for (size_t j = 0; j < m->n[SIDE_MENTEE]; j++) {
				const struct mperson *a = &m->p[SIDE_MENTOR][i], *b = &m->p[SIDE_MENTEE][j];
				how[i][j] = 0;
				if (!*a->id || strcmp(a->id, b->id))
					continue;
				if (!g->use_id)
					how[i][j] = 1;
				else if (*a->mail && *b->mail)
					how[i][j] = strcmp(a->mail, b->mail) ? 2 : 1;
				else if (*a->full && *b->full)
					how[i][j] = strcmp(a->full, b->full) ? 2 : 1;
				else
					how[i][j] = 3;
				agree += how[i][j] == 1;
				clash += how[i][j] == 2;
			}
		for (size_t i = 0; i < m->n[SIDE_MENTOR]; i++)
			for (size_t j = 0; j < m->n[SIDE_MENTEE]; j++)
				m->same[i][j] = how[i][j] == 1 ||
					(how[i][j] == 3 && !(clash > 0 && clash >= agree));
	}
	for (size_t j = 0; j < m->n[SIDE_MENTEE]; j++) {
		const struct mperson *e = &m->p[SIDE_MENTEE][j];
		for (size_t q = 0; q < e->nlist; q++) {
			long i = model_find(m, SIDE_MENTOR, e->list[q]);
			if (i >= 0 && !m->rank_me[i][j])
				m->rank_me[i][j] = (unsigned)q + 1;
		}
	}
	for (size_t i = 0; i < m->n[SIDE_MENTOR]; i++) {
		const struct mperson *a = &m->p[SIDE_MENTOR][i];
		for (size_t q = 0; q < a->nlist; q++) {
			long j = model_find(m, SIDE_MENTEE, a->list[q]);
			if (j >= 0 && !m->rank_mr[i][j])
				m->rank_mr[i][j] = (unsigned)q + 1;
		}
	}
	for (size_t k = 0; g->hist_on && k < g->nhrow; k++) {
		long who2[SIDE_COUNT] = { -1, -1 };
		for (int s = 0; s < SIDE_COUNT; s++) {
			char key[128];
			mkey(g->hrow[k][s], key);
			for (size_t i = 0; *key && i < m->n[s]; i++)
				if (!strcmp(m->p[s][i].id, key))
					who2[s] = (long)i;
		}
		if (who2[0] >= 0 && who2[1] >= 0)
			m->hist[who2[0]][who2[1]] = 1;
	}
}

static int in_set(const struct mperson *p, int f, const char *key)
{
	for (size_t q = 0; q < p->nval[f]; q++)
		if (!strcmp(p->val[f][q], key))
			return 1;
	return 0;
}

/* The key of a value a rule names for field f: an alias spelling of the
 * category field is read as its value (Hm Office => Home Office, DfE =>
 * Education), as in the cells. */
static void rule_value_key(int f, const char *text, char *key)
{
	mkey(text, key);
	if (f == F_CAT && !strcmp(key, "hm office"))
		strcpy(key, "home office");
	else if (f == F_CAT && !strcmp(key, "dfe"))
		strcpy(key, "education");
}

static int cond_model(const struct mcond *c, const struct mperson *p)
{
	for (size_t k = 0; k < c->n; k++) {
		char key[128];
		long long x;
		if (c->field == F_ORD) {
			if (p->ord >= 0 && p->ord == ord_index(c->v[k]))
				return 1;
		} else if (c->field == F_ORD2) {
			if (p->ord2 >= 0 && p->ord2 == ord2_index(c->v[k]))
				return 1;
		} else if (c->field == F_NUM) {
			assert_int_equal(mnum(c->v[k], &x), 0);
			if (p->has_num && p->num == x)
				return 1;
		} else {
			rule_value_key(c->field, c->v[k], key);
			if (in_set(p, c->field, key))
				return 1;
		}
	}
	return 0;
}

struct mres {
	int applies, which, forbid;
	long pts;
};

/* Rounds half away from zero: w * num / den. */
static long round_share(long w, long num, long den)
{
	double x = (double)w * (double)num / (double)den;
	return (long)(x < 0 ? -floor(-x + 0.5) : floor(x + 0.5));
}

/* The values of field f of p as keys of their text: a category or a set
 * as they are, an ordinal value its scale text, a number written as a
 * number ("2.5", "-3", "10").  Returns how many. */
static size_t text_values(const struct mperson *p, int f, char out[][128])
{
	char t[64];
	if (f == F_ORD || f == F_ORD2) {
		int k = f == F_ORD ? p->ord : p->ord2;
		if (k < 0)
			return 0;
		mkey(f == F_ORD ? scale_ord[k] : scale_ord2[k], out[0]);
		return 1;
	}
	if (f == F_NUM) {
		long long v = p->num, a = v < 0 ? -v : v;
		size_t n;
		if (!p->has_num)
			return 0;
		n = (size_t)snprintf(t, sizeof t, "%s%lld.%06lld", v < 0 ? "-" : "", a / 1000000, a % 1000000);
		while (t[n - 1] == '0')
			t[--n] = '\0';
		if (t[n - 1] == '.')
			t[--n] = '\0';
		mkey(t, out[0]);
		return 1;
	}
	for (size_t q = 0; q < p->nval[f]; q++)
		snprintf(out[q], 128, "%s", p->val[f][q]);
	return p->nval[f];
}

static void model_rule(const struct model *m, const struct mrule *r, size_t i, size_t j,
		       struct mres *out)
{
	const struct mperson *a = &m->p[SIDE_MENTOR][i], *b = &m->p[SIDE_MENTEE][j];
	int holds = 0;
	long pts = r->weight;
	memset(out, 0, sizeof *out);
	out->applies = 1;
	if (r->cond[0].given && !cond_model(&r->cond[0], r->cond[0].side == SIDE_MENTOR ? a : b)) {
		out->applies = 0;
		return;
	}
	if (r->cond[1].given && cond_model(&r->cond[1], r->cond[1].side == SIDE_MENTOR ? a : b)) {
		out->applies = 0;
		out->which = 1;
		return;
	}
	int fa = r->fm, fb = r->fe;
	int both = 0, wild = 0;
	if (r->kind != K_PREFERENCE) {
		if (fa == F_ORD)
			both = a->ord >= 0 && b->ord >= 0;
		else if (fa == F_NUM)
			both = a->has_num && b->has_num;
		else
			both = a->nval[fa] && b->nval[fb];
		wild = both && (a->wild[fa] || b->wild[fb]);
	}
	if (r->kind == K_SAME || r->kind == K_DIFFERENT || r->kind == K_CONTAINS) {
		/* every value as text (an ordinal's scale value, a number written
		 * as a number), compared by key */
		char ta[MAXV][128], tb[MAXV][128];
		size_t na = text_values(a, fa, ta), nb = text_values(b, fb, tb), in = 0, eq;
		both = na && nb;
		wild = both && (a->wild[fa] || b->wild[fb]);
		for (size_t q = 0; q < nb; q++) {
			size_t k = 0;
			while (k < na && strcmp(ta[k], tb[q]))
				k++;
			in += k < na;
		}
		eq = na == nb && in == nb;
		holds = r->kind == K_SAME ? both && (wild || eq) :
			r->kind == K_DIFFERENT ? both && !wild && !eq : both && (wild || in > 0);
	}
	switch (r->kind) {
	case K_SAME:
	case K_DIFFERENT:
	case K_CONTAINS:
		break;
	case K_OVERLAP: {
		long sh = 0, un;
		for (size_t q = 0; q < b->nval[fb]; q++)
			sh += in_set(a, fa, b->val[fb][q]);
		un = (long)a->nval[fa] + (long)b->nval[fb] - sh;
		if (wild)
			sh = un = 1;
		holds = both && sh >= r->at_least;
		pts = r->measure == 0 ? r->weight : r->measure == 1 ? r->weight * sh :
			round_share(r->weight, sh, un);
		break;
	}
	case K_TABLE:
		holds = both && wild;
		for (size_t k = 0; both && k < r->np; k++) {
			char ke[128], km[128];
			rule_value_key(fb, r->tme[k], ke);
			rule_value_key(fa, r->tmr[k], km);
			holds |= in_set(b, fb, ke) && in_set(a, fa, km);
		}
		break;
	case K_GAP: {
		long long d;
		size_t k;
		if (!both) {
			out->forbid = 1;
			return;
		}
		d = fa == F_ORD ? (long long)(a->ord - b->ord) * 1000000 : a->num - b->num;
		for (k = 0; k < r->nb; k++) {
			long long lo = r->lo[k] == LLONG_MIN ? LLONG_MIN : r->lo[k] * 500000;
			long long hi = r->hi[k] == LLONG_MAX ? LLONG_MAX : r->hi[k] * 500000;
			if (lo <= d && d <= hi)
				break;
		}
		if (k < r->nb)
			out->pts = r->bw[k];
		else if (r->oforbid)
			out->forbid = 1;
		else
			out->pts = r->ow;
		return;
	}
	case K_PREFERENCE: {
		unsigned me = r->fe >= 0 ? m->rank_me[i][j] : 0;
		unsigned mr = r->fm >= 0 ? m->rank_mr[i][j] : 0;
		holds = me || mr;
		pts = (me && me <= r->nw ? r->w[me - 1] : 0) + (mr && mr <= r->nw ? r->w[mr - 1] : 0);
		break;
	}
	}
	if (r->effect == EFFECT_SCORE)
		out->pts = holds ? pts : 0;
	else if (r->effect == EFFECT_FORBID)
		out->forbid = holds;
	else
		out->forbid = !holds;
}

/* The model's verdict on a pair: score and allowed. */
static long model_pair(const struct inst *g, const struct model *m, size_t i, size_t j, int *ok)
{
	long total = 0;
	*ok = 1;
	if (m->same[i][j])
		*ok = 0;
	for (size_t k = 0; k < g->nrule; k++) {
		struct mres x;
		if (!g->rule[k].enabled)
			continue;
		model_rule(m, &g->rule[k], i, j, &x);
		if (!x.applies)
			continue;
		if (x.forbid)
			*ok = 0;
		else
			total += x.pts;
	}
	if (g->hist_on && m->hist[i][j]) {
		if (g->hist_forbid)
			*ok = 0;
		else
			total += g->hist_weight;
	}
	if (*ok && g->min_score != MIN_SCORE_NONE && total < g->min_score)
		*ok = 0;
	return total;
}

static void dump_inst(const struct inst *g)
{
	char *mt = write_csv(g, SIDE_MENTOR), *et = write_csv(g, SIDE_MENTEE);
	fprintf(stderr, "---- profile\n%s---- mentors\n%s---- mentees\n%s", g->prof, mt, et);
	if (g->hist_on) {
		char *ht = write_history(g);
		fprintf(stderr, "---- history\n%s", ht);
		free(ht);
	}
	free(mt);
	free(et);
}

/* Compares the dataset ds (built from g) with the model, pair by pair and
 * rule by rule, and the allowed-pair list with score_pair.  Returns the
 * number of allowed pairs. */
static size_t compare_with_model(const struct inst *g, const struct model *m, const struct dataset *ds)
{
	const struct profile *p = ds->prof;
	size_t allowed = 0;
	assert_int_equal(ds->side[SIDE_MENTOR].n, m->n[SIDE_MENTOR]);
	assert_int_equal(ds->side[SIDE_MENTEE].n, m->n[SIDE_MENTEE]);
	for (int s = 0; s < SIDE_COUNT; s++)
		for (size_t i = 0; i < m->n[s]; i++)
			assert_int_equal(ds->side[s].row[i], m->p[s][i].row);
	assert_int_equal(p->nrules, g->nrule);
	for (size_t i = 0; i < m->n[SIDE_MENTOR]; i++)
		for (size_t j = 0; j < m->n[SIDE_MENTEE]; j++) {
			struct score_part parts[16];
			size_t np = 0;
			long s = LONG_MIN;
			int ok, want_ok;
			long want = model_pair(g, m, i, j, &want_ok);
			ok = score_pair(ds, i, j, &s, parts, &np);
			for (size_t k = 0; k < g->nrule; k++) {
				struct mres x;
				const struct score_part *pt = NULL;
				for (size_t q = 0; q < np; q++)
					if (parts[q].rule == k)
						pt = &parts[q];
				if (!g->rule[k].enabled) {
					assert_null(pt);
					continue;
				}
				model_rule(m, &g->rule[k], i, j, &x);
				int good = !x.applies ? pt && pt->not_applied && pt->detail == x.which &&
					!pt->points && !pt->forbids :
					x.forbid ? pt && pt->forbids && !pt->not_applied :
					x.pts ? pt && pt->points == x.pts && !pt->forbids && !pt->not_applied :
					pt == NULL;
				if (!good) {
					dump_inst(g);
					print_message("pair %zu-%zu (rows %zu, %zu), rule r%zu: model applies %d "
						      "forbid %d points %ld; library %s points %ld forbids %d "
						      "not_applied %d\n", i, j, m->p[0][i].row + 2,
						      m->p[1][j].row + 2, k, x.applies, x.forbid, x.pts,
						      pt ? "part" : "no part", pt ? pt->points : 0L,
						      pt ? pt->forbids : 0, pt ? pt->not_applied : 0);
					fail();
				}
			}
			if (s != want || ok != want_ok) {
				dump_inst(g);
				print_message("pair %zu-%zu (rows %zu, %zu): library %ld %s, model %ld %s\n",
					      i, j, m->p[0][i].row + 2, m->p[1][j].row + 2, s,
					      ok ? "allowed" : "not allowed", want,
					      want_ok ? "allowed" : "not allowed");
				fail();
			}
			allowed += (size_t)ok;
		}
	check_edges(ds);
	return allowed;
}

/* Several hundred random instances: every pair's score and verdict, and
 * each rule's part, as the model computes them from the cell text. */
static void test_random_against_model(void **state)
{
	static struct inst g;
	static struct model m;
	size_t pairs = 0, allowed = 0, hist = 0, kinds[7] = { 0 }, conds = 0;
	(void)state;
	rng = 0x9E3779B97F4A7C15ULL;
	for (int it = 0; it < 500; it++) {
		struct fx f;
		long capd[SIDE_COUNT] = { 1, 1 };
		gen_inst(&g, NULL);
		char *mt = write_csv(&g, SIDE_MENTOR), *et = write_csv(&g, SIDE_MENTEE);
		memset(&f, 0, sizeof f);
		if (profile_load_string(&f.p, "p.ini", g.prof, &f.d) != 0) {
			print_diag(&f.d);
			dump_inst(&g);
			fail();
		}
		fx_close(&f);
		fx_open(&f, g.prof, mt, et);
		if (g.hist_on) {
			char *ht = write_history(&g);
			struct table th;
			const struct table *tp = &th;
			assert_int_equal(table_load_mem(&th, "h.csv", ht, strlen(ht), 0, &f.d), 0);
			assert_int_equal(dataset_set_history(&f.ds, &tp, 1, &f.d), 0);
			hist += f.ds.nhist;
			table_free(&th);
			free(ht);
		}
		model_build(&g, &m, capd, 0);
		allowed += compare_with_model(&g, &m, &f.ds);
		pairs += m.n[0] * m.n[1];
		for (size_t k = 0; k < g.nrule; k++) {
			kinds[g.rule[k].kind]++;
			conds += (size_t)g.rule[k].cond[0].given + (size_t)g.rule[k].cond[1].given;
		}
		fx_close(&f);
		free(mt);
		free(et);
	}
	print_message("  500 instances, %zu pairs (%zu allowed), %zu history pairs, rules: "
		      "same %zu, different %zu, contains %zu, gap %zu, overlap %zu, table %zu, "
		      "preference %zu; %zu conditions\n", pairs, allowed, hist, kinds[0], kinds[1],
		      kinds[2], kinds[3], kinds[4], kinds[5], kinds[6], conds);
	/* the instances are not degenerate */
	assert_true(allowed > pairs / 10);
	assert_true(allowed < pairs - pairs / 10);
}

/* A large instance (600 a side, many distinct values, so that the
 * allowed-pair list scores its classes in two threads): the list equals
 * score_pair pair by pair. */
static void test_large_edges(void **state)
{
	static const char prof[] = HEAD
		"[field.name]\ntype = text\n"
		"[field.x]\ntype = number\n[field.y]\ntype = number\n"
		"[field.g]\ntype = ordinal\nscale = A | B | C | D\n"
		"[field.t]\ntype = multi\nseparator = \", \"\nwildcard = Any\n"
		"[field.c]\ntype = category\nwildcard = Flexible\n"
		"[field.pref]\ntype = multi\nseparator = \";\"\n"
		"[columns.mentors]\nemail = email\nname = name\nx = x\ny = y\ng = g\nt = t\nc = c\n"
		"[columns.mentees]\nemail = email\nname = name\nx = x\ny = y\ng = g\nt = t\nc = c\npref = pref\n"
		"[solve]\nmin_score = -3\n"
		"[rule.gx]\nkind = gap\nfield = x\nband.-2..2 = 4\nband.2.5.. = 1\notherwise = -2\n"
		"[rule.gy]\nkind = gap\nfield = y\nband...0 = 1\notherwise = forbid\nunless = mentee.c = Z\n"
		"[rule.ov]\nkind = overlap\nfield = t\nmeasure = share\nweight = 7\n"
		"[rule.d]\nkind = different\nfield = c\neffect = forbid\nwhen = mentor.g = A | C\n"
		"[rule.tb]\nkind = table\nmentor_field = t\nmentee_field = c\nweight = -3\npairs = X => p | Y => q\n"
		"[rule.p]\nkind = preference\nmentee_field = pref\nweights = 9 | 5\n";
	static const char *const tags[] = { "p", "q", "r", "s", "Any" };
	static const char *const cats[] = { "X", "Y", "Z", "Flexible", "" };
	static const char *const grades[] = { "A", "B", "C", "D", "" };
	const size_t n = 600;
	size_t cap = 64 + n * 160, o[SIDE_COUNT] = { 0, 0 };
	char *text[SIDE_COUNT];
	struct fx f;
	(void)state;
	rng = 0xC0FFEE123456789ULL;
	for (int s = 0; s < SIDE_COUNT; s++) {
		text[s] = malloc(cap);
		assert_non_null(text[s]);
		o[s] += (size_t)snprintf(text[s], cap, s ? "email,name,x,y,g,t,c,pref\n" :
					 "email,name,x,y,g,t,c\n");
		for (size_t r = 0; r < n; r++) {
			char t[64] = "";
			size_t k = rnd(3), to = 0;
			for (size_t q = 0; q < k; q++)
				to += (size_t)snprintf(t + to, sizeof t - to, "%s%s", q ? ", " : "", PICK(tags));
			o[s] += (size_t)snprintf(text[s] + o[s], cap - o[s], "%c%zu@x,N%zu,%u.%u,%u,%s,\"%s\",%s",
						 s ? 'e' : 'm', r, r % 400, rnd(40), rnd(10), rnd(9),
						 PICK(grades), t, PICK(cats));
			if (s)
				o[s] += (size_t)snprintf(text[s] + o[s], cap - o[s], ",m%u@x;N%u;m%u@x",
							 rnd(700), rnd(400), rnd(700));
			o[s] += (size_t)snprintf(text[s] + o[s], cap - o[s], "\n");
		}
	}
	fx_open(&f, prof, text[SIDE_MENTOR], text[SIDE_MENTEE]);
	check_edges(&f.ds);
	fx_close(&f);
	free(text[0]);
	free(text[1]);
}

/* ---- 3. the optimum, against GLPK ------------------------------------------- */

static int64_t glpk_max(glp_prob *P)
{
	glp_iocp parm;
	glp_init_iocp(&parm);
	parm.presolve = GLP_ON;
	parm.msg_lev = GLP_MSG_OFF;
	assert_int_equal(glp_intopt(P, &parm), 0);
	assert_int_equal(glp_mip_status(P), GLP_OPT);
	return (int64_t)llround(glp_mip_obj_val(P));
}

/* The optimum over the allowed pairs e with weight w[k] for pair k (binary
 * x_k), at most rcap[i] pairs per mentor and ccap[j] per mentee; with rlo
 * (NULL: none), first the least total shortfall sum of short_i, where
 * short_i >= 0 integer and sum of x_k at i + short_i >= rlo[i] for the
 * mentors with an allowed pair, then the largest total. */
static void glpk_opt(const struct edges *e, const long *w, const long *rcap, const long *ccap,
		     const long *rlo, long *shortfall, long *total)
{
	size_t nm = e->nmentors, ne = e->nmentees, m = e->start[nm];
	int nshort = rlo ? (int)nm : 0;
	*shortfall = 0;
	*total = 0;
	if (m == 0)
		return;
	glp_prob *P = glp_create_prob();
	glp_set_obj_dir(P, GLP_MAX);
	glp_add_rows(P, (int)(nm + ne) + nshort);
	for (size_t i = 0; i < nm; i++)
		glp_set_row_bnds(P, 1 + (int)i, GLP_UP, 0.0, (double)rcap[i]);
	for (size_t j = 0; j < ne; j++)
		glp_set_row_bnds(P, 1 + (int)(nm + j), GLP_UP, 0.0, (double)ccap[j]);
	for (int i = 0; i < nshort; i++) {
		int has = e->start[i + 1] > e->start[i];
		if (has)
			glp_set_row_bnds(P, 1 + (int)(nm + ne) + i, GLP_LO, (double)rlo[i], 0.0);
		else
			glp_set_row_bnds(P, 1 + (int)(nm + ne) + i, GLP_FR, 0.0, 0.0);
	}
	glp_add_cols(P, (int)m + nshort);
	size_t cap = 3 * m + (size_t)nshort + 1;
	int *ia = malloc(cap * sizeof *ia), *ja = malloc(cap * sizeof *ja);
	double *ar = malloc(cap * sizeof *ar);
	assert_true(ia && ja && ar);
	int k = 0;
	for (size_t i = 0; i < nm; i++)
		for (size_t q = e->start[i]; q < e->start[i + 1]; q++) {
			int c = 1 + (int)q;
			glp_set_col_kind(P, c, GLP_BV);
			glp_set_obj_coef(P, c, (double)w[q]);
			k++; ia[k] = 1 + (int)i; ja[k] = c; ar[k] = 1.0;
			k++; ia[k] = 1 + (int)(nm + e->mentee[q]); ja[k] = c; ar[k] = 1.0;
			if (nshort) {
				k++; ia[k] = 1 + (int)(nm + ne + i); ja[k] = c; ar[k] = 1.0;
			}
		}
	for (int i = 0; i < nshort; i++) {
		int c = 1 + (int)m + i;
		glp_set_col_kind(P, c, GLP_IV);
		if (e->start[i + 1] > e->start[i])
			glp_set_col_bnds(P, c, GLP_LO, 0.0, 0.0);
		else
			glp_set_col_bnds(P, c, GLP_FX, 0.0, 0.0);
		k++; ia[k] = 1 + (int)(nm + ne) + i; ja[k] = c; ar[k] = 1.0;
	}
	glp_load_matrix(P, k, ia, ja, ar);
	if (nshort) {
		/* stage 1: maximise -sum short, with the pairs' weights off */
		int *ind = malloc(((size_t)nshort + 1) * sizeof *ind);
		double *val = malloc(((size_t)nshort + 1) * sizeof *val);
		assert_true(ind && val);
		for (size_t q = 0; q < m; q++)
			glp_set_obj_coef(P, 1 + (int)q, 0.0);
		for (int i = 0; i < nshort; i++) {
			glp_set_obj_coef(P, 1 + (int)m + i, -1.0);
			ind[i + 1] = 1 + (int)m + i;
			val[i + 1] = 1.0;
		}
		*shortfall = (long)-glpk_max(P);
		/* then: sum short <= the least, and the largest total */
		int r = glp_add_rows(P, 1);
		glp_set_mat_row(P, r, nshort, ind, val);
		glp_set_row_bnds(P, r, GLP_UP, 0.0, (double)*shortfall + 0.5);
		for (int i = 0; i < nshort; i++)
			glp_set_obj_coef(P, 1 + (int)m + i, 0.0);
		for (size_t q = 0; q < m; q++)
			glp_set_obj_coef(P, 1 + (int)q, (double)w[q]);
		free(ind);
		free(val);
	}
	*total = (long)glpk_max(P);
	glp_delete_prob(P);
	free(ia);
	free(ja);
	free(ar);
}

/* The edge index of (i, j) in e, or -1. */
static long edge_of(const struct edges *e, size_t i, size_t j)
{
	for (size_t q = e->start[i]; q < e->start[i + 1]; q++)
		if (e->mentee[q] == j)
			return (long)q;
	return -1;
}

enum glpk_case { CASE_CAPACITY, CASE_ROUNDS, CASE_MIN };

/* One random instance of the case, matched by a session on files (history
 * through session_load_history), its allowed pairs checked against the
 * model, and its result against GLPK.  Returns the number of allowed pairs. */
static size_t glpk_instance(enum glpk_case which, long *shortsum, int *changed)
{
	static struct inst g;
	static struct model m;
	char solve[256];
	long def[SIDE_COUNT], mind = 0, bonus = 0, rounds = 1;
	int use_field[SIDE_COUNT], use_minf = 0;
	size_t o = 0;

	def[SIDE_MENTOR] = 1 + rnd(3);
	def[SIDE_MENTEE] = 1 + rnd(2);
	use_field[SIDE_MENTOR] = chance(40);
	use_field[SIDE_MENTEE] = chance(30);
	o += (size_t)snprintf(solve + o, sizeof solve - o, "mentor_capacity = %ld\nmentee_capacity = %ld\n",
			      def[SIDE_MENTOR], def[SIDE_MENTEE]);
	if (use_field[SIDE_MENTOR])
		o += (size_t)snprintf(solve + o, sizeof solve - o, "mentor_capacity_field = cap\n");
	if (use_field[SIDE_MENTEE])
		o += (size_t)snprintf(solve + o, sizeof solve - o, "mentee_capacity_field = cap\n");
	if (which == CASE_ROUNDS) {
		rounds = 1 + rnd(3);
		bonus = rnd(9);
		o += (size_t)snprintf(solve + o, sizeof solve - o, "mode = rounds\nrounds = %ld\n"
				      "unmatched_bonus = %ld\n", rounds, bonus);
	} else {
		o += (size_t)snprintf(solve + o, sizeof solve - o, "mode = capacity\n");
	}
	if (which == CASE_MIN) {
		mind = 1 + rnd(3);
		use_minf = chance(40);
		o += (size_t)snprintf(solve + o, sizeof solve - o, "mentor_min = %ld\n%s", mind,
				      use_minf ? "mentor_min_field = minf\n" : "");
	}
	gen_inst(&g, solve);
	/* fewer hard rules here, so that the solves have work to do */
	char *mt = write_csv(&g, SIDE_MENTOR), *et = write_csv(&g, SIDE_MENTEE);
	char *ht = g.hist_on ? write_history(&g) : NULL;
	struct session s;
	sess_open(&s, g.prof, mt, et, ht);
	free(mt);
	free(et);
	free(ht);
	model_build(&g, &m, def, mind);
	for (int sd = 0; sd < SIDE_COUNT; sd++)
		for (size_t i = 0; i < m.n[sd]; i++) {
			if (!use_field[sd])
				m.p[sd][i].cap = def[sd];
			assert_int_equal(dataset_capacity(&s.ds, (enum side)sd, i), m.p[sd][i].cap);
		}
	for (size_t i = 0; i < m.n[SIDE_MENTOR]; i++) {
		if (!use_minf)
			m.p[SIDE_MENTOR][i].min = mind;
		assert_int_equal(dataset_mentor_min(&s.ds, i), m.p[SIDE_MENTOR][i].min);
	}
	/* the session's allowed pairs are the model's */
	const struct edges *e = &s.edges;
	size_t nm = m.n[SIDE_MENTOR], ne = m.n[SIDE_MENTEE], q = 0;
	assert_int_equal(e->nmentors, nm);
	assert_int_equal(e->nmentees, ne);
	for (size_t i = 0; i < nm; i++)
		for (size_t j = 0; j < ne; j++) {
			int ok;
			long want = model_pair(&g, &m, i, j, &ok);
			if (!ok)
				continue;
			if (!(q < e->start[i + 1] && e->mentee[q] == j && e->score[q] == want)) {
				dump_inst(&g);
				print_message("pair %zu-%zu: model allows it with %ld\n", i, j, want);
				fail();
			}
			q++;
		}
	assert_int_equal(q, e->start[nm]);

	sess_match(&s);
	const struct match_result *r = &s.res;
	long *w = malloc((e->start[nm] + 1) * sizeof *w);
	long *rcap = malloc((nm + 1) * sizeof *rcap), *ccap = malloc((ne + 1) * sizeof *ccap);
	long *rlo = malloc((nm + 1) * sizeof *rlo);
	assert_true(w && rcap && ccap && rlo);
	for (size_t k = 0; k < e->start[nm]; k++)
		w[k] = e->score[k] + (which == CASE_ROUNDS ? bonus : 0);
	for (size_t i = 0; i < nm; i++) {
		long c = m.p[SIDE_MENTOR][i].cap, lo = m.p[SIDE_MENTOR][i].min;
		rcap[i] = which == CASE_ROUNDS && c > 1 ? 1 : c;
		rlo[i] = lo < c ? lo : c;
	}
	for (size_t j = 0; j < ne; j++) {
		long c = m.p[SIDE_MENTEE][j].cap;
		ccap[j] = which == CASE_ROUNDS && c > 1 ? 1 : c;
	}
	long want_short, want_total;
	glpk_opt(e, w, rcap, ccap, which == CASE_MIN ? rlo : NULL, &want_short, &want_total);

	/* the result keeps the rules and capacities, and its totals add up */
	unsigned cnt[SIDE_COUNT][MAXR] = { { 0 } };
	long sum = 0;
	for (size_t k = 0; k < r->npairs; k++) {
		const struct pair *pr = &r->pairs[k];
		long at = edge_of(e, pr->mentor, pr->mentee);
		assert_true(at >= 0);
		assert_false(pr->pinned);
		if (pr->round == 1) {
			assert_int_equal(pr->score, e->score[at] + (which == CASE_ROUNDS ? bonus : 0));
			sum += pr->score;
			cnt[SIDE_MENTOR][pr->mentor]++;
			cnt[SIDE_MENTEE][pr->mentee]++;
		}
	}
	for (size_t i = 0; i < nm; i++)
		assert_true(cnt[SIDE_MENTOR][i] <= rcap[i]);
	for (size_t j = 0; j < ne; j++)
		assert_true(cnt[SIDE_MENTEE][j] <= ccap[j]);
	assert_int_equal(sum, r->round_total[0]);
	if (r->round_total[0] != want_total) {
		dump_inst(&g);
		print_message("case %d: round 1 total %ld, GLPK %ld\n", (int)which, r->round_total[0],
			      want_total);
		fail();
	}
	if (which == CASE_MIN) {
		size_t nshort = 0;
		for (size_t i = 0; i < nm; i++) {
			long lack = rlo[i] - (long)cnt[SIDE_MENTOR][i];
			long want_i = e->start[i + 1] > e->start[i] && lack > 0 ? lack : 0;
			assert_non_null(r->shortfall);
			assert_int_equal(r->shortfall[i], want_i);
			nshort += want_i > 0;
		}
		assert_int_equal(r->nshort, nshort);
		if (total_shortfall(r) != want_short) {
			dump_inst(&g);
			print_message("shortfall %ld, GLPK %ld\n", total_shortfall(r), want_short);
			fail();
		}
		*shortsum += want_short;
		/* is the minimum binding (the best total without it differs)? */
		long free_short, free_total;
		glpk_opt(e, w, rcap, ccap, NULL, &free_short, &free_total);
		assert_true(free_total >= want_total);
		*changed += free_total != want_total;
	}
	size_t allowed = e->start[nm];
	free(w);
	free(rcap);
	free(ccap);
	free(rlo);
	session_free(&s);
	return allowed;
}

static void glpk_cases(enum glpk_case which, int n, const char *what)
{
	size_t allowed = 0;
	long shortsum = 0;
	int changed = 0;
	rng = 0x5DEECE66DULL + (uint64_t)which * 7919;
	for (int k = 0; k < n; k++)
		allowed += glpk_instance(which, &shortsum, &changed);
	print_message("  %s: %d instances, %zu allowed pairs%s", what, n, allowed,
		      which == CASE_MIN ? "" : "\n");
	if (which == CASE_MIN)
		print_message(", total least shortfall %ld; the minimums lower the best total in %d\n",
			      shortsum, changed);
	assert_true(allowed > 0);
}

/* (a) capacity mode, quality: the total is the MILP optimum. */
static void test_glpk_capacity(void **state)
{
	(void)state;
	glpk_cases(CASE_CAPACITY, 250, "capacity mode");
}

/* (b) rounds mode: round 1 is the best one-to-one assignment with the
 * unmatched bonus on every allowed pair. */
static void test_glpk_rounds(void **state)
{
	(void)state;
	glpk_cases(CASE_ROUNDS, 250, "rounds mode, round 1");
}

/* (c) capacity mode with mentor_min: the least total shortfall, then the
 * best total among those. */
static void test_glpk_mentor_min(void **state)
{
	(void)state;
	glpk_cases(CASE_MIN, 250, "capacity mode with mentor_min");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_same_different_contains),
		cmocka_unit_test(test_same_across_types),
		cmocka_unit_test(test_overlap_measures),
		cmocka_unit_test(test_wildcards),
		cmocka_unit_test(test_gap_numbers),
		cmocka_unit_test(test_gap_band_overlap),
		cmocka_unit_test(test_gap_ordinal),
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_preference),
		cmocka_unit_test(test_preference_id_and_full_name),
		cmocka_unit_test(test_preference_names_nobody),
		cmocka_unit_test(test_preference_numbered_columns),
		cmocka_unit_test(test_wildcard_by_alias),
		cmocka_unit_test(test_conditions),
		cmocka_unit_test(test_numbered_columns),
		cmocka_unit_test(test_number_aliases),
		cmocka_unit_test(test_id_identity),
		cmocka_unit_test(test_history),
		cmocka_unit_test(test_mentor_min),
		cmocka_unit_test(test_random_against_model),
		cmocka_unit_test(test_large_edges),
		cmocka_unit_test(test_glpk_capacity),
		cmocka_unit_test(test_glpk_rounds),
		cmocka_unit_test(test_glpk_mentor_min),
	};
	return cmocka_run_group_tests_name("rules", tests, NULL, NULL);
}
