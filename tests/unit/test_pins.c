/* Pins and bans: the pins file (round trip, bad rows, BOM and CR LF, any
 * column order), the solver in rounds and capacity mode (every pin kept,
 * no ban, capacities kept, the rest optimal: checked against a brute force
 * written here on small random instances), the issues, and the session. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "mentormatch/bmatch.h"
#include "mentormatch/explain.h"
#include "mentormatch/match.h"
#include "mentormatch/pins.h"

static const char *const email_headers[2] = { "mentor email", "mentee email" };
#include "mentormatch/session.h"

/* ---- helpers -------------------------------------------------------------- */

static char tmpdir[64];

static int setup_dir(void **state)
{
	(void)state;
	snprintf(tmpdir, sizeof tmpdir, "/tmp/mm-pins-XXXXXX");
	return mkdtemp(tmpdir) ? 0 : -1;
}

static int remove_dir(void **state)
{
	char cmd[128];
	(void)state;
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
	return system(cmd) == 0 ? 0 : -1;
}

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(text, 1, strlen(text), f), strlen(text));
	assert_int_equal(fclose(f), 0);
}

/* The first diag item at level with this line whose message contains
 * text, or NULL. */
static const struct diag_item *find_diag(const struct diag *d, enum diag_level level,
					 unsigned long line, const char *text)
{
	for (size_t i = 0; i < d->n; i++)
		if (d->items[i].level == level && d->items[i].line == line &&
		    strstr(d->items[i].msg, text))
			return &d->items[i];
	return NULL;
}

/* ---- the set ------------------------------------------------------------- */

static void test_set_get(void **state)
{
	struct pin_set p;
	(void)state;
	pins_init(&p);
	assert_int_equal(pins_set(&p, "Ann@X.org", "bob@y.org", PIN_PIN), 0);
	assert_int_equal(pins_set(&p, "ann@x.org", "cat@y.org", PIN_BAN), 0);
	assert_int_equal(p.n, 2);
	/* without case and surrounding blanks */
	assert_int_equal(pins_get(&p, " ANN@x.org ", "Bob@Y.org"), PIN_PIN);
	assert_int_equal(pins_get(&p, "ann@x.org", "cat@y.org"), PIN_BAN);
	assert_int_equal(pins_get(&p, "cat@y.org", "ann@x.org"), PIN_NONE);
	/* replacing keeps one item for the pair */
	assert_int_equal(pins_set(&p, "ann@x.org", "BOB@y.org", PIN_BAN), 0);
	assert_int_equal(p.n, 2);
	assert_int_equal(pins_get(&p, "ann@x.org", "bob@y.org"), PIN_BAN);
	assert_int_equal(pins_count(&p, PIN_BAN), 2);
	assert_int_equal(pins_count(&p, PIN_PIN), 0);
	/* removing */
	assert_int_equal(pins_set(&p, "ann@x.org", "bob@y.org", PIN_NONE), 0);
	assert_int_equal(p.n, 1);
	assert_int_equal(pins_get(&p, "ann@x.org", "bob@y.org"), PIN_NONE);
	assert_int_equal(pins_find(&p, "ann@x.org", "cat@y.org"), 0);
	/* a blank email is refused */
	assert_int_equal(pins_set(&p, " ", "bob@y.org", PIN_PIN), -1);
	assert_int_equal(p.n, 1);
	pins_free(&p);
	assert_int_equal(p.n, 0);
}

/* ---- the file ------------------------------------------------------------ */

static void test_file_round_trip(void **state)
{
	struct pin_set p, q;
	struct diag d = {0};
	char path[128];
	struct stat st;
	(void)state;

	pins_init(&p);
	pins_init(&q);
	assert_int_equal(pins_set(&p, "ann@x.org", "bob@y.org", PIN_PIN), 0);
	assert_int_equal(pins_set(&p, "\"quoted\", odd@x.org", "Zoë@y.org", PIN_BAN), 0);
	assert_int_equal(pins_set(&p, "cat@x.org", "dan@y.org", PIN_PIN), 0);
	snprintf(path, sizeof path, "%s/%s", tmpdir, PINS_FILE_NAME);
	assert_int_equal(pins_save(&p, path, email_headers, &d), 0);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	assert_int_equal(pins_load(&q, path, &d), 0);
	assert_int_equal(diag_count(&d, DIAG_WARNING) + diag_count(&d, DIAG_ERROR), 0);
	assert_int_equal(q.n, p.n);
	for (size_t i = 0; i < p.n; i++) {
		assert_string_equal(q.items[i].mentor_email, p.items[i].mentor_email);
		assert_string_equal(q.items[i].mentee_email, p.items[i].mentee_email);
		assert_int_equal(q.items[i].action, p.items[i].action);
		assert_int_equal(q.items[i].line, i + 2);
	}
	/* saving again replaces the file whole, still 0600, and nothing is
	 * left behind in the folder */
	assert_int_equal(pins_set(&q, "ann@x.org", "bob@y.org", PIN_NONE), 0);
	assert_int_equal(pins_save(&q, path, email_headers, &d), 0);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	pins_free(&p);
	assert_int_equal(pins_load(&p, path, &d), 0);
	assert_int_equal(p.n, 2);
	assert_int_equal(pins_get(&p, "ann@x.org", "bob@y.org"), PIN_NONE);
	assert_int_equal(pins_get(&p, "cat@x.org", "dan@y.org"), PIN_PIN);
	char cmd[160];
	snprintf(cmd, sizeof cmd, "test $(ls -A '%s' | wc -l) = 1", tmpdir);
	assert_int_equal(system(cmd), 0);
	/* a folder that does not exist: an error naming the file */
	snprintf(path, sizeof path, "%s/nosuch/pins.csv", tmpdir);
	diag_clear(&d);
	assert_int_equal(pins_save(&p, path, email_headers, &d), -1);
	assert_int_equal(diag_count(&d, DIAG_ERROR), 1);
	assert_string_equal(d.items[0].file, path);
	pins_free(&p);
	pins_free(&q);
	diag_free(&d);
}

static void test_file_bad_rows(void **state)
{
	struct pin_set p;
	struct diag d = {0};
	char path[128];
	(void)state;

	pins_init(&p);
	snprintf(path, sizeof path, "%s/bad.csv", tmpdir);
	/* BOM, CR LF, columns in another order with another spelling, an
	 * extra column */
	write_file(path,
		   "\xEF\xBB\xBF" "Action,Note, Mentee_Email ,MENTOR EMAIL\r\n"
		   "pin,first,bob@y.org,ann@x.org\r\n"          /* 2 */
		   ",blank action,cat@y.org,ann@x.org\r\n"      /* 3 */
		   "keep,unknown,dan@y.org,ann@x.org\r\n"       /* 4 */
		   "ban,no mentor,dan@y.org,\r\n"               /* 5 */
		   "BAN,again,BOB@y.org,Ann@x.org\r\n"          /* 6: replaces 2 */
		   "\r\n"
		   " Pin ,,eve@y.org,ann@x.org\r\n");           /* 8 */
	assert_int_equal(pins_load(&p, path, &d), 0);
	assert_int_equal(diag_count(&d, DIAG_ERROR), 0);
	assert_non_null(find_diag(&d, DIAG_WARNING, 3, "neither pin nor ban"));
	assert_non_null(find_diag(&d, DIAG_WARNING, 4, "\"keep\""));
	assert_non_null(find_diag(&d, DIAG_WARNING, 5, "mentor email is blank"));
	assert_non_null(find_diag(&d, DIAG_WARNING, 6, "line 2"));
	assert_int_equal(diag_count(&d, DIAG_WARNING), 4);
	for (size_t i = 0; i < d.n; i++)
		assert_string_equal(d.items[i].file, path);
	assert_int_equal(p.n, 2);
	assert_int_equal(pins_get(&p, "ann@x.org", "bob@y.org"), PIN_BAN);
	assert_int_equal(pins_get(&p, "ann@x.org", "eve@y.org"), PIN_PIN);
	assert_int_equal(p.items[pins_find(&p, "ann@x.org", "bob@y.org")].line, 6);
	assert_int_equal(p.items[pins_find(&p, "ann@x.org", "eve@y.org")].line, 8);

	/* no action column: an error, the set unchanged */
	diag_clear(&d);
	write_file(path, "mentor email,mentee email\nann@x.org,zed@y.org\n");
	assert_int_equal(pins_load(&p, path, &d), -1);
	assert_non_null(find_diag(&d, DIAG_ERROR, 1, "\"action\""));
	assert_int_equal(p.n, 2);
	/* no file */
	diag_clear(&d);
	snprintf(path, sizeof path, "%s/nosuch.csv", tmpdir);
	assert_int_equal(pins_load(&p, path, &d), -1);
	assert_int_equal(diag_count(&d, DIAG_ERROR), 1);
	assert_int_equal(p.n, 2);
	pins_free(&p);
	diag_free(&d);
}

/* ---- the solver: random small instances, checked by brute force --------- */

static unsigned long rng_state;

static unsigned rnd(unsigned n)
{
	rng_state = rng_state * 6364136223846793005UL + 1442695040888963407UL;
	return (unsigned)((rng_state >> 33) % n);
}

#define MAXN 5

struct inst {
	size_t nm, ne;
	int allowed[MAXN][MAXN];
	int32_t score[MAXN][MAXN];   /* every pair, allowed or not */
	long cap[SIDE_COUNT][MAXN];
	struct edges e;
	struct match_pin pins[8];
	size_t npins;
};

static void build_edges(struct inst *g)
{
	size_t m = 0;
	g->e.nmentors = g->nm;
	g->e.nmentees = g->ne;
	g->e.start = malloc((g->nm + 1) * sizeof *g->e.start);
	g->e.mentee = malloc(MAXN * MAXN * sizeof *g->e.mentee);
	g->e.score = malloc(MAXN * MAXN * sizeof *g->e.score);
	for (size_t i = 0; i < g->nm; i++) {
		g->e.start[i] = m;
		for (size_t j = 0; j < g->ne; j++)
			if (g->allowed[i][j]) {
				g->e.mentee[m] = (uint32_t)j;
				g->e.score[m++] = g->score[i][j];
			}
	}
	g->e.start[g->nm] = m;
}

/* A random instance: about half the pairs allowed (at most 14), weights
 * from lo to 9, capacities 0..2, up to 3 pins (some not allowed) and up to
 * 3 bans, each pair at most once. */
static void random_inst(struct inst *g, int lo)
{
	memset(g, 0, sizeof *g);
	g->nm = 1 + rnd(MAXN);
	g->ne = 1 + rnd(MAXN);
	size_t m = 0;
	for (size_t i = 0; i < g->nm; i++)
		for (size_t j = 0; j < g->ne; j++) {
			g->score[i][j] = lo + (int32_t)rnd((unsigned)(10 - lo));
			g->allowed[i][j] = m < 14 && rnd(2);
			m += (size_t)g->allowed[i][j];
		}
	for (int side = 0; side < SIDE_COUNT; side++)
		for (size_t i = 0; i < MAXN; i++)
			g->cap[side][i] = rnd(3);
	build_edges(g);
	int used[MAXN][MAXN] = {{0}};
	size_t np = rnd(4), nb = rnd(4);
	for (size_t k = 0; k < np + nb; k++) {
		uint32_t i = rnd((unsigned)g->nm), j = rnd((unsigned)g->ne);
		if (used[i][j] || (k >= np && !g->allowed[i][j]))
			continue;
		used[i][j] = 1;
		g->pins[g->npins++] = (struct match_pin){ i, j, k < np ? PIN_PIN : PIN_BAN,
							 g->score[i][j], g->allowed[i][j] };
	}
}

static void free_inst(struct inst *g)
{
	edges_free(&g->e);
}

static enum pin_action action_of(const struct inst *g, size_t i, size_t j)
{
	for (size_t k = 0; k < g->npins; k++)
		if (g->pins[k].mentor == i && g->pins[k].mentee == j)
			return g->pins[k].action;
	return PIN_NONE;
}

static size_t pins_of(const struct inst *g, int side, size_t who)
{
	size_t n = 0;
	for (size_t k = 0; k < g->npins; k++)
		n += g->pins[k].action == PIN_PIN &&
			(side == SIDE_MENTOR ? g->pins[k].mentor : g->pins[k].mentee) == who;
	return n;
}

static int has_issue(const struct match_result *r, enum pin_issue_kind kind, size_t pin)
{
	for (size_t q = 0; q < r->nissues; q++)
		if (r->issues[q].kind == kind && r->issues[q].pin == pin)
			return 1;
	return 0;
}

/* A candidate edge for the brute force. */
struct bedge {
	size_t i, j;
	long w;
};

/* The best value by enumeration: lexicographic (newly covered columns when
 * coverage, total weight, number of edges), edges chosen within the row and
 * column capacities; covered[j]: already covered. */
struct value {
	long cov, w, n;
};

static struct value brute(const struct bedge *be, size_t m, const long *rcap, const long *ccap,
			  int coverage, const int *covered)
{
	struct value best = { -1, 0, 0 };
	assert_true(m <= 16);
	for (unsigned long set = 0; set < (1UL << m); set++) {
		long rc[MAXN] = {0}, cc[MAXN] = {0};
		struct value v = { 0, 0, 0 };
		int ok = 1;
		for (size_t k = 0; k < m && ok; k++) {
			if (!(set >> k & 1))
				continue;
			if (++rc[be[k].i] > rcap[be[k].i] || ++cc[be[k].j] > ccap[be[k].j])
				ok = 0;
			v.w += be[k].w;
			v.n++;
		}
		if (!ok)
			continue;
		if (coverage)
			for (size_t j = 0; j < MAXN; j++)
				v.cov += cc[j] > 0 && !covered[j];
		if (v.cov > best.cov || (v.cov == best.cov && (v.w > best.w ||
		    (v.w == best.w && v.n > best.n))))
			best = v;
	}
	return best;
}

/* Checks shared by both modes: every pin in the result, pinned, with its
 * score plus its bonus (0 or bonus: 0 in capacity mode, in rounds mode the
 * replay checks which); no ban; no pair twice; not-allowed pins reported. */
static void check_pins_kept(const struct inst *g, const struct match_result *r, long bonus)
{
	for (size_t k = 0; k < g->npins; k++) {
		const struct match_pin *p = &g->pins[k];
		long q = match_find(r, p->mentor, p->mentee);
		if (p->action == PIN_BAN) {
			assert_int_equal(q, -1);
			continue;
		}
		assert_true(q >= 0);
		assert_int_equal(r->pairs[q].pinned, 1);
		assert_true(r->pairs[q].bonus == 0 || r->pairs[q].bonus == bonus);
		assert_int_equal(r->pairs[q].score, p->score + r->pairs[q].bonus);
		assert_int_equal(has_issue(r, PIN_ISSUE_NOT_ALLOWED, k), !p->allowed);
	}
	for (size_t q = 0; q < r->npairs; q++) {
		const struct pair *p = &r->pairs[q];
		assert_int_equal(p->pinned, action_of(g, p->mentor, p->mentee) == PIN_PIN);
		if (!p->pinned)
			assert_true(g->allowed[p->mentor][p->mentee]);
		for (size_t q2 = q + 1; q2 < r->npairs; q2++)
			assert_false(r->pairs[q2].mentor == p->mentor && r->pairs[q2].mentee == p->mentee);
	}
	for (size_t q = 1; q < r->nissues; q++)
		assert_true(r->issues[q - 1].pin < r->issues[q].pin ||
			    (r->issues[q - 1].pin == r->issues[q].pin &&
			     r->issues[q - 1].kind < r->issues[q].kind));
}

/* Capacities: a person without a capacity issue has at most cap matches;
 * with one (more pins than capacity), exactly their pins. */
static void check_capacities(const struct inst *g, const struct match_result *r)
{
	for (int side = 0; side < SIDE_COUNT; side++) {
		size_t n = side == SIDE_MENTOR ? g->nm : g->ne;
		for (size_t i = 0; i < n; i++) {
			size_t pins = pins_of(g, side, i);
			int over = 0;
			for (size_t k = 0; k < g->npins; k++)
				if ((side == SIDE_MENTOR ? g->pins[k].mentor : g->pins[k].mentee) == i)
					over |= has_issue(r, side == SIDE_MENTOR ? PIN_ISSUE_MENTOR_CAPACITY
							  : PIN_ISSUE_MENTEE_CAPACITY, k);
			assert_int_equal(over, (long)pins > g->cap[side][i]);
			if (over)
				assert_int_equal(r->count[side][i], pins);
			else
				assert_true(r->count[side][i] <= (unsigned long)g->cap[side][i]);
		}
	}
}

static void check_capacity_mode(const struct inst *g, enum solve_objective obj)
{
	struct solve_settings s = {0};
	struct match_result r;
	const long *const cap[SIDE_COUNT] = { g->cap[SIDE_MENTOR], g->cap[SIDE_MENTEE] };
	s.mode = MODE_CAPACITY;
	s.objective = obj;
	assert_int_equal(match_run(&g->e, &s, cap, NULL, g->pins, g->npins, NULL, &r), 0);
	check_pins_kept(g, &r, 0);
	check_capacities(g, &r);
	assert_int_equal(r.nrounds, 1);

	/* the reduced problem, built here: no pinned or banned pair,
	 * capacities less the pins, mentees with a pin already covered */
	struct bedge be[MAXN * MAXN];
	size_t m = 0;
	long rcap[MAXN] = {0}, ccap[MAXN] = {0};
	int covered[MAXN] = {0};
	for (size_t i = 0; i < g->nm; i++)
		for (size_t j = 0; j < g->ne; j++)
			if (g->allowed[i][j] && action_of(g, i, j) == PIN_NONE &&
			    (obj == OBJECTIVE_COVERAGE || g->score[i][j] >= 0))
				be[m++] = (struct bedge){ i, j, g->score[i][j] };
	for (size_t i = 0; i < g->nm; i++) {
		long c = g->cap[SIDE_MENTOR][i] - (long)pins_of(g, SIDE_MENTOR, i);
		rcap[i] = c < 0 ? 0 : c;
	}
	for (size_t j = 0; j < g->ne; j++) {
		long c = g->cap[SIDE_MENTEE][j] - (long)pins_of(g, SIDE_MENTEE, j);
		ccap[j] = c < 0 ? 0 : c;
		covered[j] = pins_of(g, SIDE_MENTEE, j) > 0;
	}
	struct value want = brute(be, m, rcap, ccap, obj == OBJECTIVE_COVERAGE, covered);
	struct value got = { 0, 0, 0 };
	int cov[MAXN] = {0};
	long total = 0;
	for (size_t q = 0; q < r.npairs; q++) {
		total += r.pairs[q].score;
		if (r.pairs[q].pinned)
			continue;
		got.w += r.pairs[q].score;
		got.n++;
		cov[r.pairs[q].mentee] = 1;
	}
	for (size_t j = 0; j < g->ne; j++)
		got.cov += cov[j] && !covered[j];
	if (obj != OBJECTIVE_COVERAGE)
		want.cov = got.cov = 0;
	assert_int_equal(got.cov, want.cov);
	assert_int_equal(got.w, want.w);
	assert_int_equal(got.n, want.n);
	assert_int_equal(r.round_total[0], total);
	assert_int_equal(r.round_pairs[0], r.npairs);
	match_free(&r);
}

static void test_capacity_quality_random(void **state)
{
	(void)state;
	rng_state = 11;
	for (int t = 0; t < 400; t++) {
		struct inst g;
		random_inst(&g, -3);
		check_capacity_mode(&g, OBJECTIVE_QUALITY);
		free_inst(&g);
	}
}

static void test_capacity_coverage_random(void **state)
{
	(void)state;
	rng_state = 12;
	for (int t = 0; t < 400; t++) {
		struct inst g;
		random_inst(&g, -3);
		check_capacity_mode(&g, OBJECTIVE_COVERAGE);
		free_inst(&g);
	}
}

/* Rounds mode, through match_run or (with a random order) match_run_ordered. */
static void check_rounds_mode(const struct inst *g, int rounds, int ordered)
{
	struct solve_settings s = {0};
	struct match_result r;
	const long *const cap[SIDE_COUNT] = { g->cap[SIDE_MENTOR], g->cap[SIDE_MENTEE] };
	s.mode = MODE_ROUNDS;
	s.rounds = rounds;
	s.unmatched_bonus = 6;
	if (ordered) {
		uint32_t rk[SIDE_COUNT][MAXN];
		const uint32_t *rank[SIDE_COUNT] = { rk[SIDE_MENTOR], rk[SIDE_MENTEE] };
		for (int side = 0; side < SIDE_COUNT; side++) {
			size_t n = side == SIDE_MENTOR ? g->nm : g->ne;
			for (size_t i = 0; i < n; i++)
				rk[side][i] = (uint32_t)i;
			for (size_t i = n; i > 1; i--) {
				size_t k = rnd((unsigned)i);
				uint32_t t = rk[side][i - 1];
				rk[side][i - 1] = rk[side][k];
				rk[side][k] = t;
			}
		}
		assert_int_equal(match_run_ordered(&g->e, &s, cap, NULL, rank, g->pins, g->npins, NULL, &r), 0);
	} else {
		assert_int_equal(match_run(&g->e, &s, cap, NULL, g->pins, g->npins, NULL, &r), 0);
	}
	check_pins_kept(g, &r, 6);
	check_capacities(g, &r);
	assert_int_equal(r.nrounds, rounds);

	/* the round of each pin: the earliest where neither person has another
	 * pin (else the last round, reported) */
	for (size_t k = 0; k < g->npins; k++) {
		const struct match_pin *p = &g->pins[k];
		if (p->action != PIN_PIN)
			continue;
		int rd = r.pairs[match_find(&r, p->mentor, p->mentee)].round;
		int late = has_issue(&r, PIN_ISSUE_ROUNDS, k);
		if (late)
			assert_int_equal(rd, rounds);
		for (int e = 1; e < (late ? rounds + 1 : rd); e++) {
			int taken = 0;
			for (size_t q = 0; q < r.npairs; q++)
				taken |= r.pairs[q].pinned && r.pairs[q].round == e &&
					(r.pairs[q].mentor == p->mentor || r.pairs[q].mentee == p->mentee) &&
					!(r.pairs[q].mentor == p->mentor && r.pairs[q].mentee == p->mentee);
			assert_true(taken);
		}
	}

	/* replay round by round: the solved (not pinned) pairs of each round
	 * are a best assignment of the pairs still open, with the bonus by
	 * the matches of earlier rounds (pins included); every pair of the
	 * round, pinned or not (allowed or not), has the bonus by that rule */
	unsigned cnt[SIDE_COUNT][MAXN] = {{0}};
	int done[MAXN][MAXN] = {{0}};
	for (int rd = 1; rd <= rounds; rd++) {
		int sit[SIDE_COUNT][MAXN] = {{0}};
		long left[SIDE_COUNT][MAXN] = {{0}};
		long total = 0;
		size_t npairs = 0;
		for (size_t q = 0; q < r.npairs; q++) {
			const struct pair *p = &r.pairs[q];
			if (p->pinned && p->round == rd) {
				sit[SIDE_MENTOR][p->mentor] = sit[SIDE_MENTEE][p->mentee] = 1;
			}
			if (p->pinned && p->round >= rd) {
				left[SIDE_MENTOR][p->mentor]++;
				left[SIDE_MENTEE][p->mentee]++;
			}
		}
		struct bedge be[MAXN * MAXN];
		size_t m = 0;
		long one[MAXN] = { 1, 1, 1, 1, 1 };
		int none[MAXN] = {0};
		for (size_t i = 0; i < g->nm; i++)
			for (size_t j = 0; j < g->ne; j++) {
				if (!g->allowed[i][j] || action_of(g, i, j) != PIN_NONE || done[i][j] ||
				    sit[SIDE_MENTOR][i] || sit[SIDE_MENTEE][j] ||
				    (long)cnt[SIDE_MENTOR][i] + left[SIDE_MENTOR][i] >= g->cap[SIDE_MENTOR][i] ||
				    (long)cnt[SIDE_MENTEE][j] + left[SIDE_MENTEE][j] >= g->cap[SIDE_MENTEE][j])
					continue;
				long bonus = cnt[SIDE_MENTOR][i] == 0 || cnt[SIDE_MENTEE][j] == 0 ? 6 : 0;
				be[m++] = (struct bedge){ i, j, g->score[i][j] + bonus };
			}
		struct value want = brute(be, m, one, one, 0, none);
		int seen_m[MAXN] = {0}, seen_e[MAXN] = {0};
		for (size_t q = 0; q < r.npairs; q++) {
			const struct pair *p = &r.pairs[q];
			if (p->round != rd)
				continue;
			long bonus = cnt[SIDE_MENTOR][p->mentor] == 0 || cnt[SIDE_MENTEE][p->mentee] == 0
				? 6 : 0;
			assert_int_equal(p->bonus, bonus);
			assert_int_equal(p->score, g->score[p->mentor][p->mentee] + bonus);
			if (!p->pinned) {
				/* one new match per person per round */
				assert_false(seen_m[p->mentor] || seen_e[p->mentee]);
				seen_m[p->mentor] = seen_e[p->mentee] = 1;
				total += p->score;
				npairs++;
			}
		}
		assert_int_equal(total, want.w);
		assert_int_equal((long)npairs, want.n);
		long rtotal = 0;
		size_t rpairs = 0;
		for (size_t q = 0; q < r.npairs; q++)
			if (r.pairs[q].round == rd) {
				cnt[SIDE_MENTOR][r.pairs[q].mentor]++;
				cnt[SIDE_MENTEE][r.pairs[q].mentee]++;
				done[r.pairs[q].mentor][r.pairs[q].mentee] = 1;
				rtotal += r.pairs[q].score;
				rpairs++;
			}
		assert_int_equal(r.round_total[rd - 1], rtotal);
		assert_int_equal(r.round_pairs[rd - 1], rpairs);
	}
	match_free(&r);
}

static void test_rounds_random(void **state)
{
	(void)state;
	rng_state = 13;
	for (int t = 0; t < 600; t++) {
		struct inst g;
		random_inst(&g, 0);
		check_rounds_mode(&g, 1 + (int)rnd(3), (int)rnd(2));
		free_inst(&g);
	}
}

/* Rounds mode: pinning a pair that the unpinned solve makes in round 1
 * leaves round 1's total and number of pairs as they were, and the pinned
 * pair keeps its score and bonus.  Why it must: the pin takes round 1 (no
 * other pins), its two people sit round 1's solve out, and the pair itself
 * is not solved for; round 1 before was a best assignment A containing the
 * pair, so A less the pair is a best assignment of what is left (a better
 * one plus the pair would beat A), worth A's total less the pair's score,
 * bonus included.  The one-pair-per-person-per-round rule holds on both
 * sides, so it changes nothing.  Bans stay; capacities are random (a person
 * in round 1 has capacity 1 or more, so the pin exceeds none). */
static void test_rounds_pin_same_total(void **state)
{
	size_t checked = 0;
	(void)state;
	rng_state = 14;
	for (int t = 0; t < 400; t++) {
		struct inst g;
		struct solve_settings s = {0};
		struct match_result r0, r1;
		random_inst(&g, -2);
		/* no pins: only the bans */
		size_t nb = 0;
		for (size_t k = 0; k < g.npins; k++)
			if (g.pins[k].action == PIN_BAN)
				g.pins[nb++] = g.pins[k];
		g.npins = nb;
		const long *const cap[SIDE_COUNT] = { g.cap[SIDE_MENTOR], g.cap[SIDE_MENTEE] };
		s.mode = MODE_ROUNDS;
		s.rounds = 1 + (int)rnd(3);
		s.unmatched_bonus = 1 + (long)rnd(8);
		assert_int_equal(match_run(&g.e, &s, cap, NULL, g.pins, g.npins, NULL, &r0), 0);
		for (size_t q = 0; q < r0.npairs; q++) {
			const struct pair p0 = r0.pairs[q];
			if (p0.round != 1)
				continue;
			assert_int_equal(p0.bonus, s.unmatched_bonus);
			g.pins[g.npins] = (struct match_pin){ p0.mentor, p0.mentee, PIN_PIN,
							      g.score[p0.mentor][p0.mentee], 1 };
			assert_int_equal(match_run(&g.e, &s, cap, NULL, g.pins, g.npins + 1, NULL, &r1), 0);
			long k = match_find(&r1, p0.mentor, p0.mentee);
			assert_true(k >= 0);
			assert_int_equal(r1.pairs[k].pinned, 1);
			assert_int_equal(r1.pairs[k].round, 1);
			assert_int_equal(r1.pairs[k].bonus, p0.bonus);
			assert_int_equal(r1.pairs[k].score, p0.score);
			assert_int_equal(r1.round_total[0], r0.round_total[0]);
			assert_int_equal(r1.round_pairs[0], r0.round_pairs[0]);
			assert_int_equal(r1.nissues, 0);
			match_free(&r1);
			checked++;
		}
		match_free(&r0);
		free_inst(&g);
	}
	/* the instances did exercise it */
	assert_true(checked > 200);
}

/* The issues on a constructed case. */
static void test_issues(void **state)
{
	struct inst g;
	struct solve_settings s = {0};
	struct match_result r;
	(void)state;
	memset(&g, 0, sizeof g);
	g.nm = 2;
	g.ne = 4;
	for (size_t j = 0; j < 4; j++) {
		g.allowed[0][j] = 1;
		g.score[0][j] = 5;
	}
	g.allowed[1][0] = 1;
	g.score[1][0] = 7;
	g.score[1][3] = -4;   /* not allowed */
	build_edges(&g);
	for (size_t i = 0; i < 4; i++)
		g.cap[SIDE_MENTOR][i] = g.cap[SIDE_MENTEE][i] = 1;
	g.cap[SIDE_MENTOR][0] = 3;
	/* mentor 0: four pins, capacity 3, two rounds; mentor 1: a pin not
	 * allowed, with mentee 3 that mentor 0 is pinned with too */
	g.pins[g.npins++] = (struct match_pin){ 0, 2, PIN_PIN, 5, 1 };
	g.pins[g.npins++] = (struct match_pin){ 0, 0, PIN_PIN, 5, 1 };
	g.pins[g.npins++] = (struct match_pin){ 0, 3, PIN_PIN, 5, 1 };
	g.pins[g.npins++] = (struct match_pin){ 1, 3, PIN_PIN, -4, 0 };
	g.pins[g.npins++] = (struct match_pin){ 0, 1, PIN_PIN, 5, 1 };
	g.pins[g.npins++] = (struct match_pin){ 1, 0, PIN_BAN, 7, 1 };
	const long *const cap[SIDE_COUNT] = { g.cap[SIDE_MENTOR], g.cap[SIDE_MENTEE] };

	s.mode = MODE_ROUNDS;
	s.rounds = 2;
	s.unmatched_bonus = 6;
	assert_int_equal(match_run(&g.e, &s, cap, NULL, g.pins, g.npins, NULL, &r), 0);
	check_pins_kept(&g, &r, 6);
	/* by (mentor, mentee): (0,0) round 1, (0,1) round 2, (0,2) and (0,3)
	 * past the rounds; the fourth pin of mentor 0 is over capacity; (1,3)
	 * not allowed and over mentee 3's capacity */
	assert_int_equal(r.pairs[match_find(&r, 0, 0)].round, 1);
	assert_int_equal(r.pairs[match_find(&r, 0, 1)].round, 2);
	assert_int_equal(r.pairs[match_find(&r, 0, 2)].round, 2);
	assert_int_equal(r.pairs[match_find(&r, 0, 3)].round, 2);
	assert_int_equal(r.pairs[match_find(&r, 1, 3)].round, 1);
	assert_true(has_issue(&r, PIN_ISSUE_ROUNDS, 0));
	assert_true(has_issue(&r, PIN_ISSUE_ROUNDS, 2));
	assert_false(has_issue(&r, PIN_ISSUE_ROUNDS, 4));
	assert_true(has_issue(&r, PIN_ISSUE_MENTOR_CAPACITY, 2));
	assert_false(has_issue(&r, PIN_ISSUE_MENTOR_CAPACITY, 0));
	assert_true(has_issue(&r, PIN_ISSUE_NOT_ALLOWED, 3));
	assert_true(has_issue(&r, PIN_ISSUE_MENTEE_CAPACITY, 3));
	assert_false(has_issue(&r, PIN_ISSUE_MENTEE_CAPACITY, 2));
	assert_int_equal(r.nissues, 5);
	assert_int_equal(r.npairs, 5);   /* the ban leaves mentor 1 nothing else */
	/* the pins' bonus, by the matches of earlier rounds: in round 1
	 * nobody has one; in round 2 mentor 0 and mentee 3 have one (round 1's
	 * pins), mentees 1 and 2 none */
	static const struct { size_t i, j; long bonus, score; } want[] = {
		{ 0, 0, 6, 11 }, { 1, 3, 6, 2 },              /* round 1 */
		{ 0, 1, 6, 11 }, { 0, 2, 6, 11 }, { 0, 3, 0, 5 }, /* round 2 */
	};
	for (size_t k = 0; k < sizeof want / sizeof want[0]; k++) {
		long q = match_find(&r, want[k].i, want[k].j);
		assert_true(q >= 0);
		assert_int_equal(r.pairs[q].bonus, want[k].bonus);
		assert_int_equal(r.pairs[q].score, want[k].score);
	}
	assert_int_equal(r.round_total[0], 11 + 2);
	assert_int_equal(r.round_total[1], 11 + 11 + 5);
	match_free(&r);

	s.mode = MODE_CAPACITY;
	s.objective = OBJECTIVE_QUALITY;
	assert_int_equal(match_run(&g.e, &s, cap, NULL, g.pins, g.npins, NULL, &r), 0);
	check_pins_kept(&g, &r, 0);
	assert_true(has_issue(&r, PIN_ISSUE_MENTOR_CAPACITY, 2));
	assert_true(has_issue(&r, PIN_ISSUE_NOT_ALLOWED, 3));
	assert_true(has_issue(&r, PIN_ISSUE_MENTEE_CAPACITY, 3));
	assert_int_equal(r.nissues, 3);
	assert_int_equal(r.npairs, 5);
	assert_int_equal(r.round_total[0], 5 * 4 - 4);
	match_free(&r);

	/* a pin naming nobody is refused */
	g.pins[0].mentee = 9;
	assert_int_equal(match_run(&g.e, &s, cap, NULL, g.pins, g.npins, NULL, &r), -1);
	assert_int_equal(r.npairs, 0);
	free_inst(&g);
}

/* bmatch: a column flagged covered earns no coverage credit. */
static void test_bmatch_covered(void **state)
{
	size_t start[2] = { 0, 2 };
	uint32_t col[2] = { 0, 1 };
	int32_t w[2] = { 10, 1 };
	int32_t rcap[1] = { 1 }, ccap[2] = { 1, 1 };
	unsigned char chosen[2], covered[2] = { 1, 0 };
	int64_t total;
	struct bmatch_problem pb = {
		.nrows = 1, .ncols = 2, .start = start, .col = col, .weight = w,
		.row_cap = rcap, .col_cap = ccap, .objective = BMATCH_COVERAGE,
	};
	(void)state;
	assert_int_equal(bmatch_solve(&pb, chosen, &total, NULL), 1);
	assert_int_equal(chosen[0], 1);
	assert_int_equal(total, 10);
	pb.col_covered = covered;
	assert_int_equal(bmatch_solve(&pb, chosen, &total, NULL), 1);
	assert_int_equal(chosen[1], 1);
	assert_int_equal(total, 1);
	/* quality ignores it */
	pb.objective = BMATCH_QUALITY;
	assert_int_equal(bmatch_solve(&pb, chosen, &total, NULL), 1);
	assert_int_equal(chosen[0], 1);
}

/* ---- the session ----------------------------------------------------------- */

static void load_golden(struct session *s, struct diag *d)
{
	session_init(s);
	assert_int_equal(session_load_profile(s, "config/civil-service.ini", d), 0);
	assert_int_equal(session_load_file(s, SIDE_MENTOR, "tests/data/golden/mentors.csv", d), 0);
	assert_int_equal(session_load_file(s, SIDE_MENTEE, "tests/data/golden/mentees.csv", d), 0);
	assert_int_equal(session_prepare(s, d), 0);
}

static long person(const struct session *s, enum side side, const char *email)
{
	for (size_t i = 0; i < s->ds.side[side].n; i++)
		if (!strcasecmp(dataset_identity(&s->ds, side, i), email))
			return (long)i;
	return -1;
}

/* The first pair (by mentor, then mentee) that the rules forbid, of two
 * different people, with rule points above 0; asserts there is one. */
static void find_forbidden(const struct session *s, long *m, long *e)
{
	for (size_t i = 0; i < s->ds.side[SIDE_MENTOR].n; i++)
		for (size_t j = 0; j < s->ds.side[SIDE_MENTEE].n; j++) {
			long sc = 0;
			if (score_pair(&s->ds, i, j, &sc, NULL, NULL) || sc <= 0 ||
			    !strcasecmp(dataset_identity(&s->ds, SIDE_MENTOR, i),
					dataset_identity(&s->ds, SIDE_MENTEE, j)))
				continue;
			*m = (long)i;
			*e = (long)j;
			return;
		}
	fail_msg("no forbidden pair of two people in the golden data");
}

static void test_session(void **state)
{
	struct session s;
	struct diag d = {0};
	char buf[512], path[160];
	(void)state;

	load_golden(&s, &d);
	assert_int_equal(session_match(&s, &d), 0);
	assert_int_equal(s.res.nissues, 0);
	assert_false(s.have_prev);
	/* ban the first pair of round 1; pin a pair the rules forbid; a pin
	 * naming nobody; the same person (Wei, on both sides) with themselves
	 * is refused */
	const struct pair first = s.res.pairs[0];
	long wm = person(&s, SIDE_MENTOR, "wei.w@example.org");
	long we = person(&s, SIDE_MENTEE, "wei.w@example.org");
	assert_true(wm >= 0 && we >= 0);
	assert_int_equal(session_set_pin(&s, (size_t)wm, (size_t)we, PIN_PIN), -3);
	find_forbidden(&s, &wm, &we);
	assert_int_equal(session_set_pin(&s, first.mentor, first.mentee, PIN_BAN), 0);
	assert_int_equal(session_set_pin(&s, (size_t)wm, (size_t)we, PIN_PIN), 0);
	assert_int_equal(session_set_pin(&s, 99, 0, PIN_PIN), -1);
	assert_int_equal(pins_set(&s.pins, "nobody@example.org", "ian.i@example.org", PIN_PIN), 0);
	assert_int_equal(session_pin_of(&s, first.mentor, first.mentee), PIN_BAN);
	assert_int_equal(session_pin_of(&s, (size_t)wm, (size_t)we), PIN_PIN);
	for (size_t j = 0; j < s.ds.side[SIDE_MENTEE].n; j++)
		if (j != (size_t)we && !((size_t)wm == first.mentor && j == first.mentee))
			assert_int_equal(session_pin_of(&s, (size_t)wm, j), PIN_NONE);

	struct match_pin *mp;
	size_t *item;
	assert_int_equal(session_resolve_pins(&s, &mp, &item), 2);
	assert_int_equal(item[0], 0);
	assert_int_equal(item[1], 1);
	assert_int_equal(mp[1].allowed, 0);
	free(mp);
	free(item);

	diag_clear(&d);
	assert_int_equal(session_match(&s, &d), 0);
	assert_true(s.have_prev);
	assert_true(match_find(&s.prev, first.mentor, first.mentee) >= 0);
	assert_int_equal(match_find(&s.res, first.mentor, first.mentee), -1);
	long q = match_find(&s.res, (size_t)wm, (size_t)we);
	assert_true(q >= 0);
	assert_true(s.res.pairs[q].pinned);
	/* issues: the pin not allowed (index 1), the unknown person (index 2) */
	assert_int_equal(s.res.nissues, 2);
	assert_int_equal(s.res.issues[0].kind, PIN_ISSUE_NOT_ALLOWED);
	assert_int_equal(s.res.issues[0].pin, 1);
	assert_int_equal(s.res.issues[1].kind, PIN_ISSUE_UNKNOWN_PERSON);
	assert_int_equal(s.res.issues[1].pin, 2);
	session_describe_pin_issue(&s, &s.res.issues[0], buf, sizeof buf);
	assert_non_null(strstr(buf, "the rules do not allow this pair"));
	session_describe_pin_issue(&s, &s.res.issues[1], buf, sizeof buf);
	assert_non_null(strstr(buf, "nobody@example.org"));
	assert_non_null(strstr(buf, "not among the mentors"));
	assert_int_equal(diag_count(&d, DIAG_WARNING), 2);

	/* a weight change (session_invalidate) keeps the result as prev */
	struct match_result kept = s.res;
	size_t kept_pairs = kept.npairs;
	session_invalidate(&s);
	assert_false(s.have_result);
	assert_true(s.have_prev);
	assert_int_equal(s.prev.npairs, kept_pairs);
	assert_int_equal(session_match(&s, &d), 0);
	assert_true(s.have_prev);
	assert_int_equal(s.prev.npairs, kept_pairs);

	/* saving writes pins.csv (0600) beside the results; it loads back */
	struct stat st;
	assert_int_equal(session_save(&s, tmpdir, 1, &d), 0);
	snprintf(path, sizeof path, "%s/%s", tmpdir, PINS_FILE_NAME);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	struct pin_set back;
	pins_init(&back);
	assert_int_equal(pins_load(&back, path, &d), 0);
	assert_int_equal(back.n, 3);
	for (size_t i = 0; i < back.n; i++)
		assert_int_equal(pins_get(&s.pins, back.items[i].mentor_email, back.items[i].mentee_email),
				 back.items[i].action);
	pins_free(&back);

	/* loading another file drops prev; the pins stay */
	assert_int_equal(session_load_file(&s, SIDE_MENTEE, "tests/data/golden/mentees.csv", &d), 0);
	assert_false(s.have_prev);
	assert_int_equal(s.pins.n, 3);
	/* and load_pins replaces them */
	write_file(path, "mentor email,mentee email,action\nann@x.org,bob@y.org,ban\n");
	assert_int_equal(session_load_pins(&s, path, &d), 0);
	assert_int_equal(s.pins.n, 1);
	session_free(&s);
	diag_free(&d);
}

/* A pinned pair the rules forbid keeps the sum of its rule points as its
 * score (score_pair's *score, the sum of its breakdown): in the resolved
 * pin, in the result (plus the round's bonus in rounds mode, none in
 * capacity mode), in the summary and in pairs.csv; a pin below min_score
 * keeps its points too. */
static void test_session_forbidden_pin_score(void **state)
{
	struct session s;
	struct diag d = {0};
	(void)state;
	load_golden(&s, &d);
	long wm = -1, we = -1;
	find_forbidden(&s, &wm, &we);
	/* the breakdown: forbidden, some points */
	struct score_part parts[64];
	size_t np = 0;
	long sc = 0, points = 0;
	assert_true(SCORE_MAX_PARTS(&s.prof) <= 64);
	assert_false(score_pair(&s.ds, (size_t)wm, (size_t)we, &sc, parts, &np));
	for (size_t k = 0; k < np; k++)
		points += parts[k].points;
	assert_int_equal(sc, points);
	assert_true(points > 0);   /* else the test shows nothing */
	/* without the parts, the same sum (it once stopped at the first rule
	 * that forbids: 0 here, the same-person check coming first) */
	long sc2 = -1;
	assert_false(score_pair(&s.ds, (size_t)wm, (size_t)we, &sc2, NULL, NULL));
	assert_int_equal(sc2, points);

	assert_int_equal(session_set_pin(&s, (size_t)wm, (size_t)we, PIN_PIN), 0);
	struct match_pin *mp;
	assert_int_equal(session_resolve_pins(&s, &mp, NULL), 1);
	assert_int_equal(mp[0].allowed, 0);
	assert_int_equal(mp[0].score, points);
	free(mp);

	/* rounds mode: round 1, so with the unmatched bonus */
	assert_int_equal(session_match(&s, &d), 0);
	long q = match_find(&s.res, (size_t)wm, (size_t)we);
	assert_true(q >= 0);
	assert_int_equal(s.res.pairs[q].round, 1);
	assert_int_equal(s.res.pairs[q].bonus, s.prof.solve.unmatched_bonus);
	assert_int_equal(s.res.pairs[q].score, points + s.prof.solve.unmatched_bonus);
	struct summary sm;
	long total = 0;
	assert_int_equal(summary_build(&s, 10, &sm), 0);
	for (int k = 0; k < s.res.nrounds; k++)
		total += s.res.round_total[k];
	assert_int_equal(sm.total, total);
	assert_true(sm.score_max >= points + s.prof.solve.unmatched_bonus);
	summary_free(&sm);
	/* pairs.csv says the same */
	char dir[128], path[160], line[1024], want[128];
	int found = 0;
	snprintf(dir, sizeof dir, "%s/forbidden", tmpdir);
	assert_int_equal(mkdir(dir, 0700), 0);
	assert_int_equal(session_save(&s, dir, 0, &d), 0);
	snprintf(path, sizeof path, "%s/pairs.csv", dir);
	snprintf(want, sizeof want, ",\"1\",\"%ld\"\r\n", points + s.prof.solve.unmatched_bonus);
	char me[300], ee[300];
	snprintf(me, sizeof me, "\"%s\"", dataset_identity(&s.ds, SIDE_MENTOR, (size_t)wm));
	snprintf(ee, sizeof ee, "\"%s\"", dataset_identity(&s.ds, SIDE_MENTEE, (size_t)we));
	FILE *f = fopen(path, "r");
	assert_non_null(f);
	while (fgets(line, sizeof line, f))
		found += strstr(line, me) == line + (strncmp(line, "\xEF\xBB\xBF", 3) ? 0 : 3) &&
			 strstr(line, ee) && strstr(line, want);
	fclose(f);
	assert_int_equal(found, 1);

	/* capacity mode: no bonus, the points */
	s.prof.solve.mode = MODE_CAPACITY;
	assert_int_equal(session_match(&s, &d), 0);
	q = match_find(&s.res, (size_t)wm, (size_t)we);
	assert_true(q >= 0);
	assert_int_equal(s.res.pairs[q].bonus, 0);
	assert_int_equal(s.res.pairs[q].score, points);

	/* below min_score: forbidden by it, still its points */
	const struct pair other = s.res.pairs[q == 0 ? 1 : 0];
	assert_false(other.pinned);
	long rule_score = other.score - other.bonus;
	assert_int_equal(session_set_pin(&s, other.mentor, other.mentee, PIN_PIN), 0);
	s.prof.solve.min_score = rule_score + 1;
	session_invalidate(&s);
	assert_int_equal(session_match(&s, &d), 0);
	q = match_find(&s.res, other.mentor, other.mentee);
	assert_true(q >= 0);
	assert_int_equal(s.res.pairs[q].score, rule_score);
	assert_int_equal(s.res.nissues, 2);   /* both pins not allowed */
	assert_int_equal(s.res.issues[0].kind, PIN_ISSUE_NOT_ALLOWED);
	assert_int_equal(s.res.issues[1].kind, PIN_ISSUE_NOT_ALLOWED);
	session_free(&s);
	diag_free(&d);
}

/* A pinned mentee counts as covered in the session's coverage solve too:
 * with every mentee of capacity 1 and pinned, no other pair is made. */
static void test_session_capacity(void **state)
{
	struct session s;
	struct diag d = {0};
	(void)state;
	load_golden(&s, &d);
	s.prof.solve.mode = MODE_CAPACITY;
	s.prof.solve.objective = OBJECTIVE_COVERAGE;
	s.prof.solve.capacity[SIDE_MENTOR] = 3;
	s.prof.solve.capacity[SIDE_MENTEE] = 2;
	assert_int_equal(session_match(&s, &d), 0);
	/* ban every pair of the result but pin the first */
	for (size_t q = 0; q < s.res.npairs; q++)
		assert_int_equal(session_set_pin(&s, s.res.pairs[q].mentor, s.res.pairs[q].mentee,
						 q == 0 ? PIN_PIN : PIN_BAN), 0);
	struct match_result before = s.res;
	size_t n_before = before.npairs;
	assert_int_equal(session_match(&s, &d), 0);
	assert_int_equal(s.prev.npairs, n_before);
	for (size_t q = 0; q < s.prev.npairs; q++) {
		long k = match_find(&s.res, s.prev.pairs[q].mentor, s.prev.pairs[q].mentee);
		if (q == 0)
			assert_true(k >= 0 && s.res.pairs[k].pinned);
		else
			assert_int_equal(k, -1);
	}
	assert_int_equal(s.res.nissues, 0);
	session_free(&s);
	diag_free(&d);
}

/* A person on both sides (one sign-up sheet) pinned with themselves: the
 * pin is never solved, it is reported as PIN_ISSUE_SAME_PERSON, and
 * session_set_pin refuses it. */
static void test_session_self_pin(void **state)
{
	struct session s;
	struct diag d = {0};
	char path[128];
	(void)state;
	session_init(&s);
	assert_int_equal(session_load_profile(&s, "tests/data/signups/signups.ini", &d), 0);
	assert_int_equal(session_load_signups(&s, "tests/data/signups/signups.csv", &d), 0);
	assert_int_equal(session_prepare(&s, &d), 0);
	snprintf(path, sizeof path, "%s/self.csv", tmpdir);
	write_file(path, "mentor email,mentee email,action\n"
		   "cleo.marsh@example.org, Cleo.Marsh@EXAMPLE.org ,pin\n");
	assert_int_equal(session_load_pins(&s, path, &d), 0);
	assert_int_equal(session_match(&s, &d), 0);
	size_t m = SIZE_MAX, e = SIZE_MAX;
	for (size_t i = 0; i < s.ds.side[SIDE_MENTOR].n; i++)
		if (!strcmp(dataset_identity(&s.ds, SIDE_MENTOR, i), "cleo.marsh@example.org"))
			m = i;
	for (size_t j = 0; j < s.ds.side[SIDE_MENTEE].n; j++)
		if (!strcmp(dataset_identity(&s.ds, SIDE_MENTEE, j), "cleo.marsh@example.org"))
			e = j;
	assert_true(m != SIZE_MAX && e != SIZE_MAX);
	assert_int_equal(match_find(&s.res, m, e), -1);
	for (size_t q = 0; q < s.res.npairs; q++)
		assert_int_equal(s.res.pairs[q].pinned, 0);
	assert_int_equal(s.res.nissues, 1);
	assert_int_equal(s.res.issues[0].kind, PIN_ISSUE_SAME_PERSON);
	char buf[512];
	session_describe_pin_issue(&s, &s.res.issues[0], buf, sizeof buf);
	assert_non_null(strstr(buf, "same person"));
	/* by hand: refused; a ban of the pair is harmless and accepted */
	assert_int_equal(session_set_pin(&s, m, e, PIN_PIN), -3);
	assert_int_equal(session_set_pin(&s, m, e, PIN_BAN), 0);
	session_free(&s);
	diag_free(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_set_get),
		cmocka_unit_test(test_file_round_trip),
		cmocka_unit_test(test_file_bad_rows),
		cmocka_unit_test(test_capacity_quality_random),
		cmocka_unit_test(test_capacity_coverage_random),
		cmocka_unit_test(test_rounds_random),
		cmocka_unit_test(test_rounds_pin_same_total),
		cmocka_unit_test(test_issues),
		cmocka_unit_test(test_bmatch_covered),
		cmocka_unit_test(test_session),
		cmocka_unit_test(test_session_capacity),
		cmocka_unit_test(test_session_forbidden_pin_score),
		cmocka_unit_test(test_session_self_pin),
	};
	return cmocka_run_group_tests(tests, setup_dir, remove_dir);
}
