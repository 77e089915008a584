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

/* score_build_edges equals score_pair, pair by pair. */
static void check_edges(const struct dataset *ds)
{
	struct edges e;
	size_t nm = ds->side[SIDE_MENTOR].n, ne = ds->side[SIDE_MENTEE].n, k = 0;
	assert_int_equal(score_build_edges(ds, &e), 0);
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
 * same id on both sides is the same person (never allowed), whatever the
 * emails; the email alone does not make people the same. */
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
		"p2,q@x,B\n"      /* the mentor p2 (another email) */
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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_same_different_contains),
		cmocka_unit_test(test_overlap_measures),
		cmocka_unit_test(test_wildcards),
		cmocka_unit_test(test_gap_numbers),
		cmocka_unit_test(test_gap_band_overlap),
		cmocka_unit_test(test_gap_ordinal),
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_preference),
		cmocka_unit_test(test_preference_id_and_full_name),
		cmocka_unit_test(test_conditions),
		cmocka_unit_test(test_numbered_columns),
		cmocka_unit_test(test_number_aliases),
		cmocka_unit_test(test_id_identity),
		cmocka_unit_test(test_history),
		cmocka_unit_test(test_mentor_min),
	};
	return cmocka_run_group_tests_name("rules", tests, NULL, NULL);
}
