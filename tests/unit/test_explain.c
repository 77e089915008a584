/* Explanations (explain.c, rank.c): ranked candidates with their breakdown
 * and share of the best on the example data, why-unmatched on small
 * constructed cases, what changed between two hand-built results, the
 * summary against independent counts, and [output] group_by in the profile
 * reader and writer. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "mentormatch/explain.h"
#include "mentormatch/text.h"
#include "mentormatch/rank.h"
#include "mentormatch/score.h"
#include "mentormatch/session.h"

#define CIVIL "config/civil-service.ini"
#define EXAMPLE "tests/data/example/"

static void print_diag(const struct diag *d)
{
	for (size_t i = 0; i < d->n; i++) {
		char buf[512];
		diag_format(&d->items[i], buf, sizeof buf);
		print_message("  %s\n", buf);
	}
}

/* The example (50 a side) under the Civil Service profile, matched. */
static void open_example(struct session *s)
{
	struct diag d = { 0 };
	session_init(s);
	s->strict_columns = 1;
	if (session_load_profile(s, CIVIL, &d) != 0 ||
	    session_load_file(s, SIDE_MENTOR, EXAMPLE "mentors.csv", &d) != 0 ||
	    session_load_file(s, SIDE_MENTEE, EXAMPLE "mentees.csv", &d) != 0 ||
	    session_match(s, &d) != 0) {
		print_diag(&d);
		fail();
	}
	assert_int_equal(s->ds.side[SIDE_MENTOR].n, 50);
	assert_int_equal(s->ds.side[SIDE_MENTEE].n, 50);
	diag_free(&d);
}

/* A session on inline files written to a temporary folder (removed again),
 * prepared (dataset and allowed pairs), not matched. */
static void open_inline(struct session *s, const char *profile, const char *mentors,
			const char *mentees)
{
	char dir[] = "/tmp/mmtest-explain-XXXXXX";
	const char *names[3] = { "p.ini", "m.csv", "e.csv" };
	const char *texts[3] = { profile, mentors, mentees };
	char path[3][128];
	struct diag d = { 0 };

	assert_non_null(mkdtemp(dir));
	for (int i = 0; i < 3; i++) {
		snprintf(path[i], sizeof path[i], "%s/%s", dir, names[i]);
		FILE *f = fopen(path[i], "w");
		assert_non_null(f);
		assert_int_equal(fputs(texts[i], f) >= 0, 1);
		assert_int_equal(fclose(f), 0);
	}
	session_init(s);
	s->strict_columns = 1;
	int rc = session_load_profile(s, path[0], &d);
	if (rc == 0)
		rc = session_load_file(s, SIDE_MENTOR, path[1], &d);
	if (rc == 0)
		rc = session_load_file(s, SIDE_MENTEE, path[2], &d);
	if (rc == 0)
		rc = session_prepare(s, &d);
	for (int i = 0; i < 3; i++)
		unlink(path[i]);
	rmdir(dir);
	if (rc != 0) {
		print_diag(&d);
		fail();
	}
	diag_free(&d);
}

static void match_or_fail(struct session *s)
{
	struct diag d = { 0 };
	if (session_match(s, &d) != 0) {
		print_diag(&d);
		fail();
	}
	diag_free(&d);
}

/* ---- share -------------------------------------------------------------- */

static void test_share(void **state)
{
	(void)state;
	assert_int_equal(explain_share(10, 10), 100);
	assert_int_equal(explain_share(9, 10), 90);
	assert_int_equal(explain_share(2, 3), 66);     /* rounded down */
	assert_int_equal(explain_share(0, 21), 0);
	assert_int_equal(explain_share(-5, 21), 0);
	assert_int_equal(explain_share(30, 21), 100);  /* kept within 0..100 */
	assert_int_equal(explain_share(5, 0), -1);
	assert_int_equal(explain_share(5, -3), -1);
	assert_int_equal(explain_share(5, EXPLAIN_NO_BEST), -1);
	assert_int_equal(explain_share(LONG_MAX - 1, LONG_MAX), 99);
}

/* ---- ranked candidates on the example ----------------------------------- */

static void test_candidates_example(void **state)
{
	struct session s;
	struct explain_best best;
	(void)state;

	open_example(&s);
	const struct dataset *ds = &s.ds;
	assert_int_equal(explain_best_build(&s.edges, &best), 0);
	struct score_part *parts = malloc(SCORE_MAX_PARTS(&s.prof) * sizeof *parts);
	struct candidate *c = malloc(50 * sizeof *c);
	assert_non_null(parts);
	assert_non_null(c);
	size_t nshare100 = 0, nallowed = 0;

	for (int side = 0; side < SIDE_COUNT; side++) {
		enum side other = side == SIDE_MENTOR ? SIDE_MENTEE : SIDE_MENTOR;
		for (size_t person = 0; person < 50; person++) {
			/* the best, independently: the highest allowed score */
			long want_best = EXPLAIN_NO_BEST;
			for (size_t k = 0; k < 50; k++) {
				long sc;
				size_t mentor = side == SIDE_MENTOR ? person : k;
				size_t mentee = side == SIDE_MENTOR ? k : person;
				if (score_pair(ds, mentor, mentee, &sc, NULL, NULL) && sc > want_best)
					want_best = sc;
			}
			assert_int_equal(best.best[side][person], want_best);

			size_t n = rank_candidates(ds, &s.res, &best, &s.pins, (enum side)side,
						   person, c);
			assert_int_equal(n, ds->side[other].n);
			unsigned char seen[50] = { 0 };
			for (size_t q = 0; q < n; q++) {
				size_t k = c[q].person;
				assert_true(k < 50);
				assert_false(seen[k]);
				seen[k] = 1;
				size_t mentor = side == SIDE_MENTOR ? person : k;
				size_t mentee = side == SIDE_MENTOR ? k : person;
				/* the breakdown sums to the score */
				size_t np = 0;
				long sc = 12345, sum = 0;
				int allowed = score_pair(ds, mentor, mentee, &sc, parts, &np);
				for (size_t i = 0; i < np; i++) {
					sum += parts[i].points;
					if (parts[i].forbids)
						assert_int_equal(parts[i].points, 0);
				}
				assert_int_equal(sum, sc);
				assert_int_equal(c[q].score, sc);
				assert_int_equal(c[q].allowed, allowed);
				/* a pair is not allowed exactly when some part forbids it */
				int forbids = 0;
				for (size_t i = 0; i < np; i++)
					forbids |= parts[i].forbids;
				assert_int_equal(forbids, !allowed);
				/* the share is consistent with the best */
				if (allowed) {
					nallowed++;
					assert_true(want_best != EXPLAIN_NO_BEST);
					assert_true(sc <= want_best);
					if (want_best > 0) {
						assert_int_equal(c[q].share, (int)(sc > 0 ? sc * 100 / want_best : 0));
						nshare100 += sc == want_best;
						if (sc == want_best)
							assert_int_equal(c[q].share, 100);
					} else {
						assert_int_equal(c[q].share, -1);
					}
				} else {
					assert_int_equal(c[q].share, -1);
				}
				/* assigned exactly when the pair is in the result */
				long at = match_find(&s.res, mentor, mentee);
				assert_int_equal(c[q].round != 0, at >= 0);
				if (at >= 0) {
					assert_int_equal(c[q].round, s.res.pairs[at].round);
					assert_int_equal(c[q].assigned_score, s.res.pairs[at].score);
				}
				assert_int_equal(c[q].pin, PIN_NONE);
				/* the order: allowed first, then higher score */
				if (q > 0) {
					assert_true(c[q - 1].allowed >= c[q].allowed);
					if (c[q - 1].allowed == c[q].allowed)
						assert_true(c[q - 1].score >= c[q].score);
				}
			}
			/* the first allowed candidate scores the best */
			if (want_best != EXPLAIN_NO_BEST) {
				assert_true(c[0].allowed);
				assert_int_equal(c[0].score, want_best);
			}
		}
	}
	assert_true(nallowed > 100);
	assert_true(nshare100 >= 50);
	/* without a best table every share is -1 */
	rank_candidates(ds, NULL, NULL, NULL, SIDE_MENTEE, 0, c);
	for (size_t q = 0; q < 50; q++) {
		assert_int_equal(c[q].share, -1);
		assert_int_equal(c[q].round, 0);
	}
	free(parts);
	free(c);
	explain_best_free(&best);
	explain_best_free(&best);  /* a freed table can be freed again */
	session_free(&s);
}

/* ---- why unmatched ------------------------------------------------------ */

/* Fields email, org, grade (1..4), prof, cap; rules: same org forbids, a
 * grade gap of 1 or 2 scores 10 or 5 (others forbid), same profession +3.
 * %s: extra [solve] lines. */
#define SMALL_PROFILE(solve) \
	"[profile]\nformat = 1\nname = small\n" \
	"[solve]\n" solve \
	"[field.name]\ntype = text\n" \
	"[field.email]\ntype = email\n" \
	"[field.org]\ntype = category\n" \
	"[field.grade]\ntype = ordinal\nscale = 1 | 2 | 3 | 4\n" \
	"[field.prof]\ntype = category\n" \
	"[field.cap]\ntype = number\n" \
	"[columns.mentors]\nname = name\nemail = email\norg = org\ngrade = grade\nprof = prof\ncap = cap\n" \
	"[columns.mentees]\nname = name\nemail = email\norg = org\ngrade = grade\nprof = prof\ncap = cap\n" \
	"[rule.same_org]\nlabel = same organisation\nkind = same\nfield = org\neffect = forbid\n" \
	"[rule.gap]\nlabel = grade gap\nkind = gap\nfield = grade\nband.1 = 10\nband.2 = 5\notherwise = forbid\n" \
	"[rule.prof]\nlabel = same profession\nkind = same\nfield = prof\neffect = score\nweight = 3\n"

#define HEADER "name,email,org,grade,prof,cap\n"

/* Is some line of the text exactly want? */
static int has_line(char lines[][EXPLAIN_LINE_MAX], size_t n, const char *want)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(lines[i], want))
			return 1;
	print_message("no line \"%s\" in:\n", want);
	for (size_t i = 0; i < n; i++)
		print_message("  \"%s\"\n", lines[i]);
	return 0;
}

static void assert_sums(const struct unmatched_explanation *ex)
{
	assert_int_equal(ex->ncounterparts, ex->nexcluded + ex->nbelow_min + ex->nallowed);
	assert_int_equal(ex->nallowed, ex->nbanned + ex->navailable);
	assert_true(ex->nfull <= ex->navailable);
	assert_true(ex->nfull_better + ex->nno_capacity <= ex->nfull);
	assert_true(ex->nroom_negative <= ex->nnegative && ex->nnegative <= ex->navailable);
	assert_true(ex->nroom_negative <= ex->navailable - ex->nfull);
}

/* A mentee whose every mentor is in the same organisation. */
static void test_unmatched_no_allowed(void **state)
{
	static const char *const mentors =
		HEADER
		"M0,m0@x.org,A,3,X,\n"    /* gap 2 to Eve: only the organisation forbids */
		"M1,m1@x.org,A,4,X,\n"    /* gap 3: both */
		"M2,m2@x.org,a ,1,X,\n";  /* gap 0: both; "a " is the same organisation */
	static const char *const mentees =
		HEADER
		"Eve,eve@x.org,A,1,X,\n"
		"Fay,fay@x.org,B,2,X,\n";
	struct session s;
	struct unmatched_explanation ex;
	char lines[8][EXPLAIN_LINE_MAX];
	(void)state;

	open_inline(&s, SMALL_PROFILE("mode = capacity\n"), mentors, mentees);
	match_or_fail(&s);
	assert_int_equal(explain_unmatched(&s, SIDE_MENTEE, 0, &ex), 0);
	assert_int_equal(ex.reason, UNMATCHED_NO_ALLOWED);
	assert_int_equal(ex.ncounterparts, 3);
	assert_int_equal(ex.nexcluded, 3);
	assert_int_equal(ex.nallowed, 0);
	assert_int_equal(ex.nrules, s.prof.nrules + 2);
	/* independently: every mentor shares Eve's organisation */
	size_t org = (size_t)profile_field_index(&s.prof, "org");
	size_t same = 0;
	for (size_t i = 0; i < 3; i++) {
		char a[16], b[16];
		const char *ta = dataset_text(&s.ds, SIDE_MENTOR, i, org);
		const char *tb = dataset_text(&s.ds, SIDE_MENTEE, 0, org);
		text_key(ta, strlen(ta), a);
		text_key(tb, strlen(tb), b);
		same += !strcmp(a, b);
	}
	assert_int_equal(same, 3);
	assert_int_equal(ex.excluded[0], same);   /* same_org */
	assert_int_equal(ex.only[0], 1);          /* M0 */
	assert_int_equal(ex.excluded[1], 2);      /* grade gap: M1, M2 */
	assert_int_equal(ex.only[1], 0);
	assert_int_equal(ex.excluded[2], 0);      /* a scoring rule excludes nobody */
	assert_int_equal(ex.excluded[3], 0);      /* same person */
	assert_sums(&ex);
	size_t n = explain_unmatched_text(&s, &ex, lines, 8);
	assert_int_equal(n, 2);
	assert_string_equal(lines[0], "no allowed mentor: same organisation excludes 3 of 3 (1 only by it)");
	assert_string_equal(lines[1], "  grade gap excludes 2 of 3 (0 only by it)");
	/* one line asked: the most important */
	assert_int_equal(explain_unmatched_text(&s, &ex, lines, 1), 1);
	assert_string_equal(lines[0], "no allowed mentor: same organisation excludes 3 of 3 (1 only by it)");
	explain_unmatched_free(&ex);

	/* Fay has a match (M0: gap 1... M0 is grade 3, Fay 2) */
	assert_int_equal(explain_unmatched(&s, SIDE_MENTEE, 1, &ex), 0);
	assert_int_equal(ex.reason, UNMATCHED_HAS_MATCH);
	assert_int_equal(ex.matches, s.res.count[SIDE_MENTEE][1]);
	assert_sums(&ex);
	n = explain_unmatched_text(&s, &ex, lines, 8);
	assert_int_equal(n, 1);
	assert_string_equal(lines[0], "matched with 1 mentor");
	explain_unmatched_free(&ex);

	/* out of range */
	assert_int_equal(explain_unmatched(&s, SIDE_MENTEE, 2, &ex), -1);
	assert_null(ex.excluded);
	explain_unmatched_free(&ex);
	session_free(&s);
}

/* Pairs the rules allow, but all below min_score; and the same person. */
static void test_unmatched_min_score(void **state)
{
	static const char *const mentors =
		HEADER
		"M0,m0@x.org,A,2,Y,\n"    /* Eve: 10 (below 11); Fay: 13 */
		"M1,m1@x.org,B,2,X,\n"    /* same organisation as both */
		"Eve,EVE@x.org ,C,2,X,\n"; /* Eve herself (and gap 1 to nobody) */
	static const char *const mentees =
		HEADER
		"Eve,eve@x.org,B,1,X,\n"
		"Fay,fay@x.org,B,1,Y,\n";
	struct session s;
	struct unmatched_explanation ex;
	char lines[8][EXPLAIN_LINE_MAX];
	(void)state;

	open_inline(&s, SMALL_PROFILE("mode = capacity\nmin_score = 11\n"), mentors, mentees);
	match_or_fail(&s);
	assert_int_equal(explain_unmatched(&s, SIDE_MENTEE, 0, &ex), 0);
	assert_int_equal(ex.reason, UNMATCHED_BELOW_MIN_SCORE);
	assert_int_equal(ex.nbelow_min, 1);
	assert_int_equal(ex.nexcluded, 2);
	assert_int_equal(ex.excluded[0], 1);              /* M1, same organisation */
	assert_int_equal(ex.excluded[s.prof.nrules], 1);  /* herself */
	assert_int_equal(ex.only[s.prof.nrules], 1);
	assert_int_equal(ex.best_score, 10);
	assert_int_equal(ex.best_person, 0);
	assert_sums(&ex);
	size_t n = explain_unmatched_text(&s, &ex, lines, 8);
	assert_true(n >= 2);
	assert_true(has_line(lines, n, "no match: the only pair the rules allow scores below min_score 11"));
	assert_true(has_line(lines, n, "  best pair scores 10, with 1 mentor allowed by the rules"));
	assert_true(has_line(lines, n, "  same person excludes 1 of 3 (1 only by it)"));
	explain_unmatched_free(&ex);
	session_free(&s);
}

/* Capacity 0, every allowed mentor taken, banned, not solved yet. */
static void test_unmatched_capacity_taken_banned(void **state)
{
	static const char *const mentors =
		HEADER
		"M0,m0@x.org,A,2,X,1\n";
	static const char *const mentees =
		HEADER
		"Eve,eve@x.org,B,1,X,1\n"   /* 13 with M0 */
		"Fay,fay@x.org,B,1,Y,1\n"   /* 10 with M0 */
		"Gil,gil@x.org,C,1,X,0\n";  /* 13, but capacity 0 */
	struct session s;
	struct unmatched_explanation ex;
	char lines[8][EXPLAIN_LINE_MAX];
	(void)state;

	open_inline(&s, SMALL_PROFILE("mode = capacity\nmentor_capacity_field = cap\n"
				      "mentee_capacity_field = cap\n"), mentors, mentees);
	/* before the match: allowed pairs exist, no result */
	assert_int_equal(explain_unmatched(&s, SIDE_MENTEE, 1, &ex), 0);
	assert_int_equal(ex.reason, UNMATCHED_NOT_SOLVED);
	assert_int_equal(ex.navailable, 1);
	assert_int_equal(ex.nfull, 0);
	explain_unmatched_free(&ex);

	match_or_fail(&s);
	assert_true(match_find(&s.res, 0, 0) >= 0);   /* the 13 beats the 10 */
	assert_int_equal(s.res.count[SIDE_MENTEE][1], 0);

	assert_int_equal(explain_unmatched(&s, SIDE_MENTEE, 2, &ex), 0);
	assert_int_equal(ex.reason, UNMATCHED_NO_CAPACITY);
	assert_int_equal(ex.capacity, 0);
	assert_int_equal(explain_unmatched_text(&s, &ex, lines, 8), 1);
	assert_string_equal(lines[0], "no match: this mentee's capacity is 0 (cap)");
	explain_unmatched_free(&ex);

	assert_int_equal(explain_unmatched(&s, SIDE_MENTEE, 1, &ex), 0);
	assert_int_equal(ex.reason, UNMATCHED_TAKEN);
	assert_int_equal(ex.navailable, 1);
	assert_int_equal(ex.nfull, 1);
	assert_int_equal(ex.nfull_better, 1);
	assert_int_equal(ex.best_score, 10);
	assert_int_equal(ex.best_person, 0);
	assert_sums(&ex);
	size_t n = explain_unmatched_text(&s, &ex, lines, 8);
	assert_true(has_line(lines, n, "no match: the only allowed mentor is taken"));
	assert_true(has_line(lines, n, "  1 at capacity with pairs scoring at least as much"));
	assert_true(has_line(lines, n, "  best allowed mentor: M0, score 10"));  /* the name field */
	explain_unmatched_free(&ex);

	/* the mentor side: M0 has a match */
	assert_int_equal(explain_unmatched(&s, SIDE_MENTOR, 0, &ex), 0);
	assert_int_equal(ex.reason, UNMATCHED_HAS_MATCH);
	assert_int_equal(ex.nallowed, 3);
	assert_int_equal(ex.nfull, 2);         /* Eve: capacity 1, matched; Gil: capacity 0 */
	assert_int_equal(ex.nfull_better, 1);  /* Eve's pair is this one */
	assert_int_equal(ex.nno_capacity, 1);  /* Gil */
	assert_sums(&ex);
	explain_unmatched_free(&ex);

	/* banned (by email, spelt differently): Fay's only pair */
	assert_int_equal(pins_set(&s.pins, " M0@X.org", "fay@x.org", PIN_BAN), 0);
	assert_int_equal(explain_unmatched(&s, SIDE_MENTEE, 1, &ex), 0);
	assert_int_equal(ex.reason, UNMATCHED_BANNED);
	assert_int_equal(ex.nallowed, 1);
	assert_int_equal(ex.nbanned, 1);
	assert_int_equal(ex.navailable, 0);
	assert_sums(&ex);
	assert_int_equal(explain_unmatched_text(&s, &ex, lines, 8), 1);
	assert_string_equal(lines[0], "no match: the only allowed mentor is banned for this mentee");
	explain_unmatched_free(&ex);

	/* the candidates show the ban and a pin */
	assert_int_equal(pins_set(&s.pins, "m0@x.org", "GIL@x.org", PIN_PIN), 0);
	struct candidate c[3];
	enum pin_action act[3];
	assert_int_equal(explain_pins_of(&s.ds, &s.pins, SIDE_MENTOR, 0, act), 2);
	assert_int_equal(act[0], PIN_NONE);
	assert_int_equal(act[1], PIN_BAN);
	assert_int_equal(act[2], PIN_PIN);
	assert_int_equal(rank_candidates(&s.ds, &s.res, NULL, &s.pins, SIDE_MENTOR, 0, c), 3);
	for (size_t q = 0; q < 3; q++)
		assert_int_equal(c[q].pin, act[c[q].person]);
	assert_int_equal(rank_candidates(&s.ds, &s.res, NULL, &s.pins, SIDE_MENTEE, 1, c), 1);
	assert_int_equal(c[0].pin, PIN_BAN);
	assert_int_equal(explain_pins_of(&s.ds, &s.pins, SIDE_MENTEE, 0, act), 0);
	assert_int_equal(act[0], PIN_NONE);
	session_free(&s);
}

/* A mentor taken by pairs scoring less than the one with this mentee. */
static void test_unmatched_taken_lower(void **state)
{
	static const char *const mentors =
		HEADER
		"M0,m0@x.org,A,2,X,1\n";
	static const char *const mentees =
		HEADER
		"Eve,eve@x.org,B,1,Y,1\n"   /* 10 */
		"Fay,fay@x.org,B,1,X,1\n";  /* 13 */
	struct session s;
	struct unmatched_explanation ex;
	char lines[8][EXPLAIN_LINE_MAX];
	(void)state;

	open_inline(&s, SMALL_PROFILE("mode = capacity\nmentor_capacity_field = cap\n"), mentors, mentees);
	match_or_fail(&s);
	assert_true(match_find(&s.res, 0, 1) >= 0);
	/* the pin puts Eve with M0 (10), so Fay (13) is left out */
	assert_int_equal(pins_set(&s.pins, "m0@x.org", "eve@x.org", PIN_PIN), 0);
	match_or_fail(&s);
	assert_true(match_find(&s.res, 0, 0) >= 0);
	assert_int_equal(s.res.count[SIDE_MENTEE][1], 0);
	assert_int_equal(explain_unmatched(&s, SIDE_MENTEE, 1, &ex), 0);
	assert_int_equal(ex.reason, UNMATCHED_TAKEN);
	assert_int_equal(ex.nfull, 1);
	assert_int_equal(ex.nfull_better, 0);
	assert_sums(&ex);
	size_t n = explain_unmatched_text(&s, &ex, lines, 8);
	assert_true(has_line(lines, n, "  1 at capacity with a pair scoring less (a better total elsewhere)"));
	explain_unmatched_free(&ex);
	session_free(&s);
}

/* Long rule labels are shortened to keep lines within about 76 columns. */
/* Every allowed pair of a person scores below zero: the solve leaves it
 * out rather than lose points, and the explanation says that (not "all
 * allowed mentors are taken" while two have room).  By hand, with same org
 * +5 and same tag -8, one mentee each:
 *   A-X +5, B-X 0, C-X 0;  A-Y -8, B-Y -8, C-Y -8.
 * Quality: A-X (5), and Y has no mentor (every pair -8); A is at capacity
 * with a pair scoring at least -8, B and C have room.  Rounds mode with an
 * unmatched bonus of 3: the same (-8 + 3 = -5 < 0).  Coverage: Y gets B or C
 * (-8), so the suggestion holds. */
#define NEG_PROFILE(solve) \
	"[profile]\nformat = 1\n[solve]\n" solve \
	"[field.name]\ntype = text\n[field.email]\ntype = email\n" \
	"[field.org]\ntype = category\n[field.tag]\ntype = category\n" \
	"[columns.mentors]\nname = name\nemail = email\norg = org\ntag = tag\n" \
	"[columns.mentees]\nname = name\nemail = email\norg = org\ntag = tag\n" \
	"[rule.org]\nlabel = same org\nkind = same\nfield = org\nweight = 5\n" \
	"[rule.tag]\nlabel = same tag\nkind = same\nfield = tag\nweight = -8\n"

static void test_unmatched_below_zero(void **state)
{
	static const char *const mentors = "name,email,org,tag\n"
		"A,a@x,o1,t\nB,b@x,o2,t\nC,c@x,o3,t\n";
	static const char *const mentees = "name,email,org,tag\n"
		"X,x@x,o1,u\nY,y@x,o9,t\n";
	struct session s;
	struct unmatched_explanation ex;
	char lines[10][EXPLAIN_LINE_MAX];
	size_t n;
	(void)state;

	open_inline(&s, NEG_PROFILE("mode = capacity\nmentor_capacity = 1\nmentee_capacity = 1\n"),
		    mentors, mentees);
	match_or_fail(&s);
	assert_int_equal(s.res.npairs, 1);
	assert_true(match_find(&s.res, 0, 0) >= 0);
	assert_int_equal(explain_unmatched(&s, SIDE_MENTEE, 1, &ex), 0);
	assert_int_equal(ex.reason, UNMATCHED_TAKEN);
	assert_int_equal(ex.navailable, 3);
	assert_int_equal(ex.nfull, 1);
	assert_int_equal(ex.nfull_better, 1);
	assert_int_equal(ex.nnegative, 3);
	assert_int_equal(ex.nroom_negative, 2);
	assert_int_equal(ex.best_score, -8);
	assert_int_equal(ex.best_room_score, -8);
	assert_sums(&ex);
	n = explain_unmatched_text(&s, &ex, lines, 10);
	assert_int_equal(n, 6);
	assert_string_equal(lines[0], "no match: every allowed pair scores below zero (best -8)");
	assert_string_equal(lines[1], "  quality mode leaves a pair out rather than lose points;");
	assert_string_equal(lines[2], "  objective = coverage matches as many mentees as possible");
	assert_string_equal(lines[3], "  1 at capacity with pairs scoring at least as much");
	assert_string_equal(lines[4], "  2 with room left");
	assert_string_equal(lines[5], "  best allowed mentor: A, score -8");
	for (size_t i = 0; i < n; i++)
		assert_null(strstr(lines[i], "taken"));
	explain_unmatched_free(&ex);
	session_free(&s);

	/* rounds mode: the bonus counts, and the way out is capacity mode */
	open_inline(&s, NEG_PROFILE("rounds = 1\nunmatched_bonus = 3\n"), mentors, mentees);
	match_or_fail(&s);
	assert_int_equal(s.res.npairs, 1);
	assert_int_equal(explain_unmatched(&s, SIDE_MENTEE, 1, &ex), 0);
	assert_int_equal(ex.nnegative, 3);
	assert_int_equal(ex.best_room_score, -5);
	n = explain_unmatched_text(&s, &ex, lines, 10);
	assert_true(has_line(lines, n, "no match: every allowed pair scores below zero (best -5 "
			     "with the unmatched bonus)"));
	assert_true(has_line(lines, n, "  each round leaves a pair out rather than lose points;"));
	assert_true(has_line(lines, n, "  mode = capacity, objective = coverage matches as many "
			     "mentees as possible"));
	explain_unmatched_free(&ex);
	session_free(&s);

	/* coverage: Y is matched, at -8 */
	open_inline(&s, NEG_PROFILE("mode = capacity\nobjective = coverage\nmentor_capacity = 1\n"
				    "mentee_capacity = 1\n"), mentors, mentees);
	match_or_fail(&s);
	assert_int_equal(s.res.npairs, 2);
	assert_int_equal(s.res.count[SIDE_MENTEE][1], 1);
	assert_int_equal(explain_unmatched(&s, SIDE_MENTEE, 1, &ex), 0);
	assert_int_equal(ex.reason, UNMATCHED_HAS_MATCH);
	explain_unmatched_free(&ex);
	session_free(&s);
}

static void test_unmatched_long_label(void **state)
{
	static const char *const mentors = HEADER "M0,m0@x.org,A,2,X,\n";
	static const char *const mentees = HEADER "Eve,eve@x.org,A,1,X,\n";
	struct session s;
	struct unmatched_explanation ex;
	char lines[4][EXPLAIN_LINE_MAX];
	(void)state;

	open_inline(&s, SMALL_PROFILE("mode = capacity\n"), mentors, mentees);
	free(s.prof.rules[0].label);
	s.prof.rules[0].label = strdup("same organisation, department, agency, arm's length body "
				       "or any other part of the same employer");
	assert_non_null(s.prof.rules[0].label);
	match_or_fail(&s);
	assert_int_equal(explain_unmatched(&s, SIDE_MENTEE, 0, &ex), 0);
	assert_int_equal(ex.reason, UNMATCHED_NO_ALLOWED);
	assert_int_equal(explain_unmatched_text(&s, &ex, lines, 4), 1);
	assert_true(strlen(lines[0]) <= 76);
	assert_non_null(strstr(lines[0], "..."));
	assert_non_null(strstr(lines[0], " excludes 1 of 1 (1 only by it)"));
	explain_unmatched_free(&ex);
	session_free(&s);
}

/* ---- what changed ------------------------------------------------------- */

static void set_result(struct match_result *r, size_t nm, size_t ne, struct pair *p, size_t n)
{
	memset(r, 0, sizeof *r);
	r->nmentors = nm;
	r->nmentees = ne;
	r->pairs = p;
	r->npairs = n;
}

static void test_diff(void **state)
{
	struct pair before[] = {
		{ .mentor = 0, .mentee = 0, .round = 1, .score = 10 },
		{ .mentor = 1, .mentee = 1, .round = 1, .score = 5 },
		{ .mentor = 2, .mentee = 2, .round = 2, .score = 7 },
	};
	struct pair after[] = {
		{ .mentor = 3, .mentee = 1, .round = 1, .score = 4 },
		{ .mentor = 1, .mentee = 2, .round = 1, .score = 6 },
		{ .mentor = 0, .mentee = 0, .round = 2, .score = 12, .bonus = 2 },  /* same people */
		{ .mentor = 3, .mentee = 2, .round = 2, .score = 1 },
	};
	struct match_result b, a, empty;
	struct match_diff d;
	(void)state;

	set_result(&b, 4, 4, before, 3);
	set_result(&a, 4, 4, after, 4);
	memset(&empty, 0, sizeof empty);
	assert_int_equal(match_diff(&b, &a, &d), 0);
	assert_int_equal(d.nkept, 1);
	assert_int_equal(d.nremoved, 2);
	assert_int_equal(d.removed[0].mentor, 1);
	assert_int_equal(d.removed[0].mentee, 1);
	assert_int_equal(d.removed[1].mentor, 2);
	assert_int_equal(d.removed[1].mentee, 2);
	assert_int_equal(d.nadded, 3);
	assert_int_equal(d.added[0].mentor, 1);   /* by mentor, then mentee */
	assert_int_equal(d.added[0].mentee, 2);
	assert_int_equal(d.added[1].mentor, 3);
	assert_int_equal(d.added[1].mentee, 1);
	assert_int_equal(d.added[2].mentor, 3);
	assert_int_equal(d.added[2].mentee, 2);
	assert_int_equal(d.added[2].score, 1);
	assert_int_equal(d.total[0], 22);
	assert_int_equal(d.total[1], 23);
	/* (0, 0) is kept with another score: 10 -> 12 */
	assert_int_equal(d.nchanged, 1);
	assert_int_equal(d.changed_delta, 2);
	assert_int_equal(d.total[1] - d.total[0], (4 + 6 + 1) - (5 + 7) + d.changed_delta);
	assert_int_equal(d.pairs[0], 3);
	assert_int_equal(d.pairs[1], 4);
	assert_int_equal(d.mentors_matched[0], 3);     /* 0 1 2 */
	assert_int_equal(d.mentors_unmatched[0], 1);
	assert_int_equal(d.mentors_matched[1], 3);     /* 0 1 3 */
	assert_int_equal(d.mentors_unmatched[1], 1);
	assert_int_equal(d.mentees_matched[0], 3);     /* 0 1 2 */
	assert_int_equal(d.mentees_unmatched[0], 1);
	assert_int_equal(d.mentees_matched[1], 3);     /* 0 1 2 */
	assert_int_equal(d.mentees_unmatched[1], 1);
	/* the inputs are left as they were */
	assert_int_equal(after[0].mentor, 3);
	match_diff_free(&d);

	/* the same result: nothing changed */
	assert_int_equal(match_diff(&a, &a, &d), 0);
	assert_int_equal(d.nadded + d.nremoved, 0);
	assert_int_equal(d.nkept, 4);
	assert_int_equal(d.nchanged, 0);
	assert_int_equal(d.changed_delta, 0);
	assert_int_equal(d.total[0], d.total[1]);
	match_diff_free(&d);

	/* from nothing */
	assert_int_equal(match_diff(&empty, &b, &d), 0);
	assert_int_equal(d.nadded, 3);
	assert_int_equal(d.nremoved, 0);
	assert_int_equal(d.total[0], 0);
	assert_int_equal(d.mentees_matched[0] + d.mentees_unmatched[0], 0);
	assert_int_equal(d.mentees_unmatched[1], 1);
	match_diff_free(&d);
	match_diff_free(&d);
}

/* Two real results: a weight change on the example. */
static void test_diff_weight_change(void **state)
{
	struct session s;
	struct match_result first;
	struct match_diff d;
	struct diag dg = { 0 };
	(void)state;

	open_example(&s);
	/* keep a copy of the first result */
	first = s.res;
	first.pairs = malloc(s.res.npairs * sizeof *first.pairs);
	assert_non_null(first.pairs);
	memcpy(first.pairs, s.res.pairs, s.res.npairs * sizeof *first.pairs);
	first.count[0] = first.count[1] = NULL;
	first.issues = NULL;
	first.nissues = 0;
	/* profession worth much more */
	for (size_t r = 0; r < s.prof.nrules; r++)
		if (!strcmp(s.prof.rules[r].id, "same_profession"))
			s.prof.rules[r].weight = 40;
	session_invalidate(&s);
	if (session_match(&s, &dg) != 0) {
		print_diag(&dg);
		fail();
	}
	assert_int_equal(match_diff(&first, &s.res, &d), 0);
	/* independently: every pair of each side is either kept or listed */
	assert_int_equal(d.nkept + d.nremoved, first.npairs);
	assert_int_equal(d.nkept + d.nadded, s.res.npairs);
	for (size_t q = 0; q < d.nadded; q++)
		assert_true(match_find(&first, d.added[q].mentor, d.added[q].mentee) < 0);
	for (size_t q = 0; q < d.nremoved; q++)
		assert_true(match_find(&s.res, d.removed[q].mentor, d.removed[q].mentee) < 0);
	long t = 0;
	for (size_t q = 0; q < s.res.npairs; q++)
		t += s.res.pairs[q].score;
	assert_int_equal(d.total[1], t);
	size_t matched = 0;
	for (size_t j = 0; j < 50; j++)
		matched += s.res.count[SIDE_MENTEE][j] > 0;
	assert_int_equal(d.mentees_matched[1], matched);
	assert_int_equal(d.mentees_unmatched[1], 50 - matched);
	match_diff_free(&d);
	free(first.pairs);
	diag_free(&dg);
	session_free(&s);
}

/* What check_diff_identity saw over several re-solves. */
struct diff_seen {
	size_t changed;        /* kept pairs with another score, in all */
	size_t moved_only;     /* re-solves whose total moved with no pair added or removed */
	int nonzero_delta;     /* some changed_delta was not 0 */
};

/* Checks d = match_diff(before, after) against the two results, counted
 * here pair by pair: the kept pairs whose score differs and the sum of
 * their changes, and total[1] - total[0] == added - removed +
 * changed_delta exactly. */
static void check_diff_identity(const struct match_result *before,
				const struct match_result *after, struct diff_seen *seen)
{
	struct match_diff d;
	long t[2] = { 0, 0 }, added = 0, removed = 0, delta = 0;
	size_t changed = 0, kept = 0;
	assert_int_equal(match_diff(before, after, &d), 0);
	for (size_t q = 0; q < before->npairs; q++)
		t[0] += before->pairs[q].score;
	for (size_t q = 0; q < after->npairs; q++) {
		const struct pair *p = &after->pairs[q];
		long k = match_find(before, p->mentor, p->mentee);
		t[1] += p->score;
		if (k < 0)
			continue;
		kept++;
		if (before->pairs[k].score != p->score) {
			changed++;
			delta += p->score - before->pairs[k].score;
		}
	}
	for (size_t q = 0; q < d.nadded; q++)
		added += d.added[q].score;
	for (size_t q = 0; q < d.nremoved; q++)
		removed += d.removed[q].score;
	assert_int_equal(d.total[0], t[0]);
	assert_int_equal(d.total[1], t[1]);
	assert_int_equal(d.nkept, kept);
	assert_int_equal(d.nchanged, changed);
	assert_int_equal(d.changed_delta, delta);
	assert_int_equal(d.total[1] - d.total[0], added - removed + d.changed_delta);
	seen->changed += changed;
	seen->moved_only += d.nadded == 0 && d.nremoved == 0 && d.total[0] != d.total[1];
	seen->nonzero_delta |= d.changed_delta != 0;
	match_diff_free(&d);
}

/* The identity on real re-solves of the example: a weight change, a pin
 * (a pair of round 2 pinned: it moves to round 1, and others move), a ban
 * (of a round-1 pair); in rounds mode and capacity mode. */
static void test_diff_identity_resolves(void **state)
{
	struct session s;
	struct diff_seen seen = { 0, 0, 0 };
	(void)state;

	open_example(&s);
	for (int mode = 0; mode < 2; mode++) {
		if (mode == 1) {
			s.prof.solve.mode = MODE_CAPACITY;
			s.prof.solve.capacity[SIDE_MENTOR] = 2;
			session_invalidate(&s);
			match_or_fail(&s);
			assert_true(s.have_prev);
			check_diff_identity(&s.prev, &s.res, &seen);
		}
		/* a weight change */
		for (size_t r = 0; r < s.prof.nrules; r++)
			if (!strcmp(s.prof.rules[r].id, "same_profession"))
				s.prof.rules[r].weight += 25;
		session_invalidate(&s);
		match_or_fail(&s);
		assert_true(s.have_prev);
		check_diff_identity(&s.prev, &s.res, &seen);
		/* a pin: the last pair (the last round's in rounds mode) */
		const struct pair last = s.res.pairs[s.res.npairs - 1];
		assert_int_equal(session_set_pin(&s, last.mentor, last.mentee, PIN_PIN), 0);
		match_or_fail(&s);
		check_diff_identity(&s.prev, &s.res, &seen);
		/* a ban: the first unpinned pair */
		size_t q = 0;
		while (q < s.res.npairs && s.res.pairs[q].pinned)
			q++;
		assert_true(q < s.res.npairs);
		assert_int_equal(session_set_pin(&s, s.res.pairs[q].mentor, s.res.pairs[q].mentee,
						 PIN_BAN), 0);
		match_or_fail(&s);
		check_diff_identity(&s.prev, &s.res, &seen);
		/* and clearing them both again */
		pins_free(&s.pins);
		match_or_fail(&s);
		check_diff_identity(&s.prev, &s.res, &seen);
	}
	/* kept pairs did change score (else changed_delta went untested), and
	 * one re-solve (the weight change in capacity mode) moved the total
	 * with no pair added or removed: the case the identity needs
	 * changed_delta for */
	assert_true(seen.changed > 0);
	assert_true(seen.nonzero_delta);
	assert_true(seen.moved_only > 0);
	session_free(&s);
}

/* ---- summary ------------------------------------------------------------ */

static void test_summary_example(void **state)
{
	struct session s;
	struct summary sm;
	(void)state;

	open_example(&s);
	const struct match_result *r = &s.res;
	long org = profile_field_index(&s.prof, "organisation");
	assert_true(org >= 0);
	assert_int_equal(s.prof.group_by, org);   /* the default */

	assert_int_equal(summary_build(&s, 10, &sm), 0);
	/* matches per person, counted from the pairs */
	for (int side = 0; side < SIDE_COUNT; side++) {
		size_t cnt[50] = { 0 }, want[4] = { 0 };
		for (size_t q = 0; q < r->npairs; q++)
			cnt[side == SIDE_MENTOR ? r->pairs[q].mentor : r->pairs[q].mentee]++;
		for (size_t i = 0; i < 50; i++)
			want[cnt[i] < 3 ? cnt[i] : 3]++;
		for (int k = 0; k < 4; k++)
			assert_int_equal(sm.matches[side][k], want[k]);
		assert_int_equal(sm.people[side], 50);
	}
	assert_int_equal(sm.npairs, r->npairs);
	assert_true(sm.npairs > 0);

	/* the histogram */
	long lo = LONG_MAX, hi = LONG_MIN, total = 0;
	for (size_t q = 0; q < r->npairs; q++) {
		long v = r->pairs[q].score;
		lo = v < lo ? v : lo;
		hi = v > hi ? v : hi;
		total += v;
	}
	assert_int_equal(sm.total, total);
	assert_int_equal(sm.score_min, lo);
	assert_int_equal(sm.score_max, hi);
	assert_true(sm.nbins >= 1 && sm.nbins <= 10);
	assert_true(sm.bin_width >= 1);
	assert_int_equal(sm.bin_start % sm.bin_width, 0);
	assert_true(sm.bin_start <= lo);
	assert_true(sm.bin_start + sm.bin_width > lo);   /* the first bin is not empty */
	long last_lo = sm.bin_start + (long)(sm.nbins - 1) * sm.bin_width;
	assert_true(last_lo <= hi && hi < last_lo + sm.bin_width);
	size_t sum = 0;
	for (size_t k = 0; k < sm.nbins; k++) {
		size_t want = 0;
		long a = sm.bin_start + (long)k * sm.bin_width, b = a + sm.bin_width - 1;
		for (size_t q = 0; q < r->npairs; q++)
			want += r->pairs[q].score >= a && r->pairs[q].score <= b;
		assert_int_equal(sm.bins[k], want);
		sum += sm.bins[k];
	}
	assert_int_equal(sum, r->npairs);

	/* the groups: organisation, counted here from the cells */
	assert_int_equal(sm.group_field, org);
	assert_true(sm.ngroups > 1);
	size_t people[SIDE_COUNT] = { 0, 0 };
	for (size_t g = 0; g < sm.ngroups; g++) {
		const struct summary_group *gr = &sm.groups[g];
		char gk[256], ck[256];
		text_key(gr->name, strlen(gr->name), gk);
		size_t want_people[SIDE_COUNT] = { 0, 0 }, want_matched[SIDE_COUNT] = { 0, 0 };
		unsigned char in[SIDE_COUNT][50];
		for (int side = 0; side < SIDE_COUNT; side++)
			for (size_t i = 0; i < 50; i++) {
				const char *t = dataset_text(&s.ds, (enum side)side, i, (size_t)org);
				text_key(t, strlen(t), ck);
				in[side][i] = !strcmp(ck, gk);
				want_people[side] += in[side][i];
				want_matched[side] += in[side][i] && r->count[side][i] > 0;
			}
		size_t want_pairs = 0;
		for (size_t q = 0; q < r->npairs; q++)
			want_pairs += in[SIDE_MENTOR][r->pairs[q].mentor] || in[SIDE_MENTEE][r->pairs[q].mentee];
		for (int side = 0; side < SIDE_COUNT; side++) {
			assert_int_equal(gr->people[side], want_people[side]);
			assert_int_equal(gr->matched[side], want_matched[side]);
			people[side] += gr->people[side];
		}
		assert_int_equal(gr->pairs, want_pairs);
		if (g > 0)
			assert_true(sm.groups[g - 1].people[0] + sm.groups[g - 1].people[1] >=
				    gr->people[0] + gr->people[1]);
	}
	assert_int_equal(people[SIDE_MENTOR], 50);
	assert_int_equal(people[SIDE_MENTEE], 50);
	summary_free(&sm);
	summary_free(&sm);

	/* one bin */
	assert_int_equal(summary_build(&s, 1, &sm), 0);
	assert_int_equal(sm.nbins, 1);
	assert_int_equal(sm.bins[0], r->npairs);
	summary_free(&sm);

	/* by grade (an ordinal): every scale value someone has */
	s.prof.group_by = profile_field_index(&s.prof, "grade");
	assert_int_equal(summary_build(&s, 10, &sm), 0);
	for (size_t g = 0; g < sm.ngroups; g++) {
		int on_scale = 0;
		for (size_t k = 0; k < s.prof.fields[s.prof.group_by].nscale; k++)
			on_scale |= !strcmp(sm.groups[g].name, s.prof.fields[s.prof.group_by].scale[k]);
		assert_true(on_scale || !strcmp(sm.groups[g].name, "(blank)"));
	}
	summary_free(&sm);

	/* no grouping */
	s.prof.group_by = -1;
	assert_int_equal(summary_build(&s, 10, &sm), 0);
	assert_int_equal(sm.group_field, -1);
	assert_null(sm.groups);
	assert_int_equal(sm.ngroups, 0);
	summary_free(&sm);
	assert_int_equal(summary_build(&s, 0, &sm), -1);
	session_free(&s);
}

/* Multi-select and text fields, blanks, and no result yet. */
static void test_summary_small(void **state)
{
	static const char *const mentors =
		HEADER
		"M0,m0@x.org,A,2,X,\n"
		"M1,m1@x.org,,3,Y,\n";    /* no organisation */
	static const char *const mentees =
		HEADER
		"Eve,eve@x.org,B,1,X,\n"
		"Fay,fay@x.org,b,2,Y,\n";
	struct session s;
	struct summary sm;
	(void)state;

	open_inline(&s, SMALL_PROFILE("mode = capacity\n") "[output]\ngroup_by = org\n", mentors, mentees);
	assert_int_equal(summary_build(&s, 5, &sm), 0);  /* not matched yet */
	assert_int_equal(sm.matches[SIDE_MENTOR][0], 2);
	assert_int_equal(sm.matches[SIDE_MENTEE][0], 2);
	assert_int_equal(sm.nbins, 0);
	assert_null(sm.bins);
	assert_int_equal(sm.ngroups, 3);                 /* B (2), A, (blank) */
	assert_string_equal(sm.groups[0].name, "B");
	assert_int_equal(sm.groups[0].people[SIDE_MENTEE], 2);
	assert_int_equal(sm.groups[0].people[SIDE_MENTOR], 0);
	assert_string_equal(sm.groups[1].name, "(blank)");
	assert_int_equal(sm.groups[1].people[SIDE_MENTOR], 1);
	assert_string_equal(sm.groups[2].name, "A");
	summary_free(&sm);

	match_or_fail(&s);
	assert_int_equal(summary_build(&s, 5, &sm), 0);
	size_t pairs_b = 0;
	for (size_t q = 0; q < s.res.npairs; q++)
		pairs_b++;   /* every mentee is in B */
	assert_string_equal(sm.groups[0].name, "B");
	assert_int_equal(sm.groups[0].pairs, pairs_b);
	assert_int_equal(sm.groups[0].matched[SIDE_MENTEE],
			 (size_t)(s.res.count[SIDE_MENTEE][0] > 0) + (s.res.count[SIDE_MENTEE][1] > 0));
	summary_free(&sm);

	/* grouped by a text field (the name): one group per distinct name */
	s.prof.group_by = profile_field_index(&s.prof, "name");
	assert_int_equal(summary_build(&s, 5, &sm), 0);
	assert_int_equal(sm.ngroups, 4);
	for (size_t g = 0; g < sm.ngroups; g++)
		assert_int_equal(sm.groups[g].people[0] + sm.groups[g].people[1], 1);
	summary_free(&sm);
	session_free(&s);
}

/* ---- [output] group_by in the profile ----------------------------------- */

static char *write_profile(const struct profile *p)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	assert_non_null(f);
	assert_int_equal(profile_write(p, f), 0);
	assert_int_equal(fclose(f), 0);
	return text;
}

/* Writes p, reads it back into q; the written text is returned (free it). */
static char *reload(const struct profile *p, struct profile *q)
{
	struct diag d = { 0 };
	char *text = write_profile(p);
	if (profile_load_string(q, "again.ini", text, &d) != 0) {
		print_diag(&d);
		print_message("%s", text);
		fail();
	}
	char *again = write_profile(q);
	assert_string_equal(text, again);
	free(again);
	diag_free(&d);
	return text;
}

static void test_group_by_profile(void **state)
{
	struct profile p, q;
	struct diag d = { 0 };
	char *text;
	(void)state;

	assert_int_equal(profile_load(&p, CIVIL, &d), 0);
	long org = profile_field_index(&p, "organisation");
	assert_true(org >= 0);
	assert_int_equal(p.group_by, org);        /* not given: organisation */
	text = reload(&p, &q);
	assert_non_null(strstr(text, "\ngroup_by = organisation\n"));
	assert_int_equal(q.group_by, org);
	free(text);
	profile_free(&q);

	p.group_by = profile_field_index(&p, "profession");
	text = reload(&p, &q);
	assert_non_null(strstr(text, "\ngroup_by = profession\n"));
	assert_int_equal(q.group_by, p.group_by);
	free(text);
	profile_free(&q);

	p.group_by = -1;                          /* none, though organisation exists */
	text = reload(&p, &q);
	assert_non_null(strstr(text, "\ngroup_by =\n"));
	assert_int_equal(q.group_by, -1);
	free(text);
	struct profile c;
	assert_int_equal(profile_copy(&c, &q), 0);
	assert_int_equal(c.group_by, -1);
	profile_free(&c);
	profile_free(&q);
	profile_free(&p);

	/* no organisation field: no grouping, and nothing written */
	static const char *const bare =
		"[profile]\nformat = 1\n[field.email]\ntype = email\n[field.org]\ntype = category\n"
		"[columns.mentors]\nemail = e\n[columns.mentees]\nemail = e\n";
	assert_int_equal(profile_load_string(&p, "bare.ini", bare, &d), 0);
	assert_int_equal(p.group_by, -1);
	text = reload(&p, &q);
	assert_null(strstr(text, "group_by"));
	free(text);
	profile_free(&q);
	p.group_by = 1;
	text = reload(&p, &q);
	assert_int_equal(q.group_by, 1);
	free(text);
	profile_free(&q);
	profile_free(&p);

	/* a field that does not exist is an error naming the line */
	static const char *const bad =
		"[profile]\nformat = 1\n[field.email]\ntype = email\n[field.org]\ntype = category\n"
		"[columns.mentors]\nemail = e\n[columns.mentees]\nemail = e\n[output]\ngroup_by = orgg\n";
	diag_free(&d);
	assert_int_equal(profile_load_string(&p, "bad.ini", bad, &d), -1);
	int saw = 0;
	for (size_t i = 0; i < d.n; i++)
		saw |= d.items[i].line == 12 && strstr(d.items[i].msg, "group_by: there is no field") != NULL;
	if (!saw)
		print_diag(&d);
	assert_true(saw);
	profile_free(&p);
	diag_free(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_share),
		cmocka_unit_test(test_candidates_example),
		cmocka_unit_test(test_unmatched_no_allowed),
		cmocka_unit_test(test_unmatched_min_score),
		cmocka_unit_test(test_unmatched_capacity_taken_banned),
		cmocka_unit_test(test_unmatched_taken_lower),
		cmocka_unit_test(test_unmatched_below_zero),
		cmocka_unit_test(test_unmatched_long_label),
		cmocka_unit_test(test_diff),
		cmocka_unit_test(test_diff_weight_change),
		cmocka_unit_test(test_diff_identity_resolves),
		cmocka_unit_test(test_summary_example),
		cmocka_unit_test(test_summary_small),
		cmocka_unit_test(test_group_by_profile),
	};
	return cmocka_run_group_tests_name("explain", tests, NULL, NULL);
}
