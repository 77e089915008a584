/* test_assign.c - assign_solve against hand-checked optima, brute force on
 * tiny random instances, and an independent dense Hungarian algorithm. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "mentormatch/assign.h"

/* ---- helpers ---------------------------------------------------------- */

static uint64_t rng_state;

static void rng_seed(uint64_t seed)
{
	rng_state = seed * 0x9E3779B97F4A7C15u + 1;
}

/* xorshift64* */
static uint64_t rng_next(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545F4914F6CDD1Du;
}

static unsigned rng_below(unsigned n)
{
	return (unsigned)((rng_next() >> 11) % n);
}

/* A sparse instance in the CSR form assign_solve takes. */
struct inst {
	size_t nrows, ncols, nedges;
	size_t *start;
	uint32_t *col;
	int64_t *weight;
};

static void inst_init(struct inst *g, size_t nrows, size_t ncols, size_t cap)
{
	g->nrows = nrows;
	g->ncols = ncols;
	g->nedges = 0;
	g->start = calloc(nrows + 1, sizeof *g->start);
	g->col = malloc((cap ? cap : 1) * sizeof *g->col);
	g->weight = malloc((cap ? cap : 1) * sizeof *g->weight);
	assert_non_null(g->start);
	assert_non_null(g->col);
	assert_non_null(g->weight);
}

static void inst_free(struct inst *g)
{
	free(g->start);
	free(g->col);
	free(g->weight);
}

/* Builds from a dense table: m[i*ncols+j] is the weight, or NOEDGE. */
#define NOEDGE INT64_MIN

static void inst_from_dense(struct inst *g, size_t nrows, size_t ncols,
			    const int64_t *m)
{
	inst_init(g, nrows, ncols, nrows * ncols);
	for (size_t i = 0; i < nrows; i++) {
		for (size_t j = 0; j < ncols; j++) {
			if (m[i * ncols + j] == NOEDGE)
				continue;
			g->col[g->nedges] = (uint32_t)j;
			g->weight[g->nedges] = m[i * ncols + j];
			g->nedges++;
		}
		g->start[i + 1] = g->nedges;
	}
}

static int64_t dense_weight(const struct inst *g, size_t i, size_t j)
{
	for (size_t e = g->start[i]; e < g->start[i + 1]; e++)
		if (g->col[e] == j)
			return g->weight[e];
	return NOEDGE;
}

/* Solves and checks the answer is a valid matching of listed, non-negative
 * edges whose weights add up to *total.  Returns the matched count. */
static long solve_checked(const struct inst *g, long *rm, int64_t *total)
{
	long n = assign_solve(g->nrows, g->ncols, g->start, g->col, g->weight,
			      rm, total);
	assert_true(n >= 0);
	char *used = calloc(g->ncols ? g->ncols : 1, 1);
	assert_non_null(used);
	long count = 0;
	int64_t sum = 0;
	for (size_t i = 0; i < g->nrows; i++) {
		if (rm[i] < 0) {
			assert_int_equal(rm[i], -1);
			continue;
		}
		assert_true((size_t)rm[i] < g->ncols);
		assert_false(used[rm[i]]);
		used[rm[i]] = 1;
		int64_t w = dense_weight(g, i, (size_t)rm[i]);
		assert_true(w != NOEDGE);     /* only listed edges */
		assert_true(w >= 0);          /* never a negative edge */
		sum += w;
		count++;
	}
	assert_int_equal(count, n);
	assert_true(sum == *total);
	free(used);
	return n;
}

/* Brute force over every matching: best total, then most pairs. */
static void brute_rec(const struct inst *g, size_t i, char *used,
		      int64_t sum, long cnt, int64_t *best, long *bestcnt)
{
	if (i == g->nrows) {
		if (sum > *best || (sum == *best && cnt > *bestcnt)) {
			*best = sum;
			*bestcnt = cnt;
		}
		return;
	}
	brute_rec(g, i + 1, used, sum, cnt, best, bestcnt);
	for (size_t e = g->start[i]; e < g->start[i + 1]; e++) {
		uint32_t j = g->col[e];
		if (used[j])
			continue;
		used[j] = 1;
		brute_rec(g, i + 1, used, sum + g->weight[e], cnt + 1, best,
			  bestcnt);
		used[j] = 0;
	}
}

static void brute(const struct inst *g, int64_t *best, long *bestcnt)
{
	char used[64] = {0};
	*best = 0;
	*bestcnt = 0;
	brute_rec(g, 0, used, 0, 0, best, bestcnt);
}

/* Independent check: dense O(n^3) Hungarian algorithm (potentials form,
 * rows 1..n, columns 1..m, n <= m) minimising cost[i][j].  Returns the
 * minimum total; ans[i] = column of row i (0-based). */
static int64_t hungarian(size_t n, size_t m, const int64_t *cost, size_t *ans)
{
	int64_t *u = calloc(n + 1, sizeof *u), *v = calloc(m + 1, sizeof *v);
	int64_t *minv = malloc((m + 1) * sizeof *minv);
	size_t *p = calloc(m + 1, sizeof *p), *way = calloc(m + 1, sizeof *way);
	char *usedc = malloc(m + 1);
	assert_true(u && v && minv && p && way && usedc);
	for (size_t i = 1; i <= n; i++) {
		p[0] = i;
		size_t j0 = 0;
		for (size_t j = 0; j <= m; j++) {
			minv[j] = INT64_MAX;
			usedc[j] = 0;
		}
		do {
			usedc[j0] = 1;
			size_t i0 = p[j0], j1 = 0;
			int64_t delta = INT64_MAX;
			for (size_t j = 1; j <= m; j++) {
				if (usedc[j])
					continue;
				int64_t cur = cost[(i0 - 1) * m + (j - 1)] -
					      u[i0] - v[j];
				if (cur < minv[j]) {
					minv[j] = cur;
					way[j] = j0;
				}
				if (minv[j] < delta) {
					delta = minv[j];
					j1 = j;
				}
			}
			for (size_t j = 0; j <= m; j++) {
				if (usedc[j]) {
					u[p[j]] += delta;
					v[j] -= delta;
				} else {
					minv[j] -= delta;
				}
			}
			j0 = j1;
		} while (p[j0] != 0);
		do {
			size_t j1 = way[j0];
			p[j0] = p[j1];
			j0 = j1;
		} while (j0);
	}
	int64_t total = 0;
	for (size_t j = 1; j <= m; j++) {
		if (p[j]) {
			ans[p[j] - 1] = j - 1;
			total += cost[(p[j] - 1) * m + (j - 1)];
		}
	}
	free(u);
	free(v);
	free(minv);
	free(p);
	free(way);
	free(usedc);
	return total;
}

/* Optimum of g by the dense Hungarian algorithm on a complete square
 * matrix: listed edges of weight w >= 0 get profit w*(n+1)+1, everything
 * else (missing pairs, negative edges, padding) profit 0.  The optimum is
 * W*(n+1) + k with W the best weight and k the most pairs at that weight. */
static void dense_optimum(const struct inst *g, int64_t *best, long *bestcnt)
{
	size_t n = g->nrows > g->ncols ? g->nrows : g->ncols;
	int64_t scale = (int64_t)n + 1;
	int64_t *cost = calloc(n * n, sizeof *cost);
	size_t *ans = malloc(n * sizeof *ans);
	assert_true(cost && ans);
	for (size_t i = 0; i < g->nrows; i++)
		for (size_t e = g->start[i]; e < g->start[i + 1]; e++)
			if (g->weight[e] >= 0)
				cost[i * n + g->col[e]] =
					-(g->weight[e] * scale + 1);
	int64_t t = -hungarian(n, n, cost, ans);
	*best = t / scale;
	*bestcnt = (long)(t % scale);
	free(cost);
	free(ans);
}

/* Random instance: density in percent, weights lo..hi. */
static void random_inst(struct inst *g, size_t nrows, size_t ncols,
			unsigned density, int64_t lo, int64_t hi)
{
	inst_init(g, nrows, ncols, nrows * ncols);
	for (size_t i = 0; i < nrows; i++) {
		for (size_t j = 0; j < ncols; j++) {
			if (rng_below(100) >= density)
				continue;
			g->col[g->nedges] = (uint32_t)j;
			g->weight[g->nedges] =
				lo + (int64_t)rng_below((unsigned)(hi - lo + 1));
			g->nedges++;
		}
		g->start[i + 1] = g->nedges;
	}
}

/* Checks g against an expected optimum; returns the row_match (owned). */
static long *expect(const struct inst *g, int64_t want_total, long want_count)
{
	long *rm = malloc((g->nrows ? g->nrows : 1) * sizeof *rm);
	assert_non_null(rm);
	int64_t total = -1;
	long n = solve_checked(g, rm, &total);
	assert_true(total == want_total);
	assert_int_equal(n, want_count);
	return rm;
}

/* ---- (a) hand-built instances ------------------------------------------ */

static void test_empty(void **state)
{
	(void)state;
	long rm[3] = {7, 7, 7};
	int64_t total = 5;
	size_t start0[1] = {0};
	assert_int_equal(assign_solve(0, 0, start0, NULL, NULL, rm, &total), 0);
	assert_true(total == 0);

	size_t start[4] = {0, 0, 0, 0};
	assert_int_equal(assign_solve(3, 3, start, NULL, NULL, rm, &total), 0);
	assert_true(total == 0);
	for (int i = 0; i < 3; i++)
		assert_int_equal(rm[i], -1);

	/* rows but no columns */
	assert_int_equal(assign_solve(3, 0, start, NULL, NULL, rm, NULL), 0);
	for (int i = 0; i < 3; i++)
		assert_int_equal(rm[i], -1);
}

static void test_one_edge(void **state)
{
	(void)state;
	const int64_t m[] = {
		NOEDGE, NOEDGE, NOEDGE,
		NOEDGE, NOEDGE, 4,
	};
	struct inst g;
	inst_from_dense(&g, 2, 3, m);
	long *rm = expect(&g, 4, 1);
	assert_int_equal(rm[0], -1);
	assert_int_equal(rm[1], 2);
	free(rm);
	inst_free(&g);
}

static void test_greedy_fails(void **state)
{
	(void)state;
	/* Greedy takes 10 (row 0 - col 0) and leaves row 1 with nothing;
	 * the optimum is 9 + 9. */
	const int64_t m[] = {
		10, 9,
		9,  NOEDGE,
	};
	struct inst g;
	inst_from_dense(&g, 2, 2, m);
	long *rm = expect(&g, 18, 2);
	assert_int_equal(rm[0], 1);
	assert_int_equal(rm[1], 0);
	free(rm);
	inst_free(&g);

	/* A longer chain: each row prefers the column the next one needs. */
	const int64_t m3[] = {
		5, 4,      NOEDGE,
		5, NOEDGE, 1,
		NOEDGE, NOEDGE, NOEDGE,
	};
	inst_from_dense(&g, 3, 3, m3);
	rm = expect(&g, 9, 2);
	assert_int_equal(rm[0], 1);
	assert_int_equal(rm[1], 0);
	assert_int_equal(rm[2], -1);
	free(rm);
	inst_free(&g);
}

static void test_rectangular(void **state)
{
	(void)state;
	/* 2 rows, 4 columns. */
	const int64_t wide[] = {
		3, 8, 1, NOEDGE,
		2, 7, NOEDGE, 6,
	};
	struct inst g;
	inst_from_dense(&g, 2, 4, wide);
	long *rm = expect(&g, 14, 2);
	assert_int_equal(rm[0], 1);
	assert_int_equal(rm[1], 3);
	free(rm);
	inst_free(&g);

	/* 4 rows, 2 columns: only two rows can be matched. */
	const int64_t tall[] = {
		3, 2,
		8, 7,
		1, NOEDGE,
		NOEDGE, 6,
	};
	inst_from_dense(&g, 4, 2, tall);
	rm = expect(&g, 14, 2);
	assert_int_equal(rm[0], -1);
	assert_int_equal(rm[1], 0);
	assert_int_equal(rm[2], -1);
	assert_int_equal(rm[3], 1);
	free(rm);
	inst_free(&g);
}

static void test_displaced_row(void **state)
{
	(void)state;
	/* Row 1 takes the column from row 0, which is left unmatched. */
	const int64_t m[] = {
		5,
		6,
	};
	struct inst g;
	inst_from_dense(&g, 2, 1, m);
	long *rm = expect(&g, 6, 1);
	assert_int_equal(rm[0], -1);
	assert_int_equal(rm[1], 0);
	free(rm);
	inst_free(&g);

	/* Row 2 takes column 0 from row 0, which is left unmatched. */
	const int64_t m2[] = {
		4, 3,      NOEDGE,
		5, 9,      NOEDGE,
		9, NOEDGE, NOEDGE,
	};
	inst_from_dense(&g, 3, 3, m2);
	rm = expect(&g, 18, 2);
	assert_int_equal(rm[0], -1);
	assert_int_equal(rm[1], 1);
	assert_int_equal(rm[2], 0);
	free(rm);
	inst_free(&g);
}

static void test_zero_weight(void **state)
{
	(void)state;
	/* Zero-weight edges are taken when they add pairs. */
	const int64_t m[] = {
		0, NOEDGE,
		NOEDGE, 0,
	};
	struct inst g;
	inst_from_dense(&g, 2, 2, m);
	long *rm = expect(&g, 0, 2);
	free(rm);
	inst_free(&g);

	/* Row 0 must give up column 0 (same weight elsewhere) so that row 1's
	 * zero edge can be used. */
	const int64_t m2[] = {
		3, 3,
		0, NOEDGE,
	};
	inst_from_dense(&g, 2, 2, m2);
	rm = expect(&g, 3, 2);
	assert_int_equal(rm[0], 1);
	assert_int_equal(rm[1], 0);
	free(rm);
	inst_free(&g);

	/* Never at the cost of weight: 3 + 0 beats 2 + 0 here, and 3 alone
	 * beats 0 alone below. */
	const int64_t m3[] = {
		3, 2,
		NOEDGE, 0,
	};
	const int64_t m4[] = {
		3, NOEDGE,
		0, NOEDGE,
	};
	inst_from_dense(&g, 2, 2, m3);
	rm = expect(&g, 3, 2);
	assert_int_equal(rm[0], 0);
	assert_int_equal(rm[1], 1);
	free(rm);
	inst_free(&g);
	inst_from_dense(&g, 2, 2, m4);
	rm = expect(&g, 3, 1);
	assert_int_equal(rm[0], 0);
	assert_int_equal(rm[1], -1);
	free(rm);
	inst_free(&g);

	/* Equal weights everywhere: a perfect matching is found. */
	const int64_t m5[] = {
		1, 1, 1,
		1, NOEDGE, NOEDGE,
		NOEDGE, 1, NOEDGE,
	};
	inst_from_dense(&g, 3, 3, m5);
	rm = expect(&g, 3, 3);
	assert_int_equal(rm[0], 2);
	free(rm);
	inst_free(&g);
}

static void test_negative_never_taken(void **state)
{
	(void)state;
	const int64_t m[] = {
		-1, NOEDGE,
		NOEDGE, -7,
	};
	struct inst g;
	inst_from_dense(&g, 2, 2, m);
	long *rm = expect(&g, 0, 0);
	assert_int_equal(rm[0], -1);
	assert_int_equal(rm[1], -1);
	free(rm);
	inst_free(&g);

	/* The best is row 1's 3 alone. */
	const int64_t m2[] = {
		-5, 2,
		-1, 3,
	};
	inst_from_dense(&g, 2, 2, m2);
	rm = expect(&g, 3, 1);
	assert_int_equal(rm[0], -1);
	assert_int_equal(rm[1], 1);
	free(rm);
	inst_free(&g);

	/* A negative edge would add a pair (5 - 1 with two pairs) but costs
	 * weight: not taken.  At equal value the earlier row keeps its pair. */
	const int64_t m3[] = {
		5, -1,
		5, NOEDGE,
	};
	inst_from_dense(&g, 2, 2, m3);
	rm = expect(&g, 5, 1);
	assert_int_equal(rm[0], 0);
	assert_int_equal(rm[1], -1);
	free(rm);
	inst_free(&g);
}

static void test_large_weights(void **state)
{
	(void)state;
	const int64_t big = (int64_t)1 << 40;
	const int64_t m[] = {
		big, big - 1,
		big, 0,
	};
	struct inst g;
	inst_from_dense(&g, 2, 2, m);
	long *rm = expect(&g, 2 * big - 1, 2);
	free(rm);
	inst_free(&g);
}

static void test_bad_input(void **state)
{
	(void)state;
	long rm[2];
	int64_t total;
	size_t start[3] = {0, 1, 2};
	uint32_t col[2] = {0, 2};
	int64_t w[2] = {1, 1};
	/* column out of range */
	assert_int_equal(assign_solve(2, 2, start, col, w, rm, &total), -1);
	/* the same column twice in a row */
	size_t start2[3] = {0, 2, 2};
	uint32_t col2[2] = {1, 1};
	assert_int_equal(assign_solve(2, 2, start2, col2, w, rm, &total), -1);
	/* weight too large */
	uint32_t col3[2] = {0, 1};
	int64_t w3[2] = {((int64_t)1 << 40) + 1, 1};
	assert_int_equal(assign_solve(2, 2, start, col3, w3, rm, &total), -1);
	int64_t w4[2] = {1, -((int64_t)1 << 40) - 1};
	assert_int_equal(assign_solve(2, 2, start, col3, w4, rm, &total), -1);
	/* decreasing start */
	size_t start5[3] = {0, 2, 1};
	assert_int_equal(assign_solve(2, 2, start5, col3, w, rm, &total), -1);
	/* the same column in two different rows is fine */
	size_t start6[3] = {0, 1, 2};
	uint32_t col6[2] = {1, 1};
	assert_int_equal(assign_solve(2, 2, start6, col6, w, rm, &total), 1);
}

/* ---- (b) brute force on tiny random instances --------------------------- */

static void test_brute_force(void **state)
{
	(void)state;
	static const unsigned densities[] = {0, 15, 30, 50, 70, 85, 100};
	rng_seed(12345);
	int tested = 0;
	for (int it = 0; it < 1400; it++) {
		size_t nr = 1 + rng_below(6), nc = 1 + rng_below(6);
		unsigned dens = densities[rng_below(7)];
		int64_t lo = 0, hi = 30;
		switch (rng_below(4)) {
		case 0: hi = 3; break;          /* many equal weights */
		case 1: lo = 0; hi = 0; break;  /* all zero */
		case 2: lo = -10; hi = 30; break; /* some negative */
		default: break;
		}
		struct inst g;
		random_inst(&g, nr, nc, dens, lo, hi);
		int64_t best;
		long bestcnt;
		brute(&g, &best, &bestcnt);
		long rm[6];
		int64_t total = -1;
		long n = solve_checked(&g, rm, &total);
		assert_true(total == best);
		assert_int_equal(n, bestcnt);
		inst_free(&g);
		tested++;
	}
	assert_int_equal(tested, 1400);
}

/* ---- (c) determinism ----------------------------------------------------- */

static void test_determinism(void **state)
{
	(void)state;
	rng_seed(777);
	struct inst g;
	/* Few distinct weights: many equally good answers to choose from. */
	random_inst(&g, 200, 180, 25, 0, 3);
	long *a = malloc(g.nrows * sizeof *a), *b = malloc(g.nrows * sizeof *b);
	assert_true(a && b);
	int64_t ta, tb;
	long na = solve_checked(&g, a, &ta);
	long nb = solve_checked(&g, b, &tb);
	assert_int_equal(na, nb);
	assert_true(ta == tb);
	assert_memory_equal(a, b, g.nrows * sizeof *a);

	/* The order of a row's edges does not change the answer either. */
	for (size_t i = 0; i < g.nrows; i++) {
		size_t s = g.start[i], len = g.start[i + 1] - s;
		for (size_t k = len; k > 1; k--) {
			size_t r = rng_below((unsigned)k);
			uint32_t tc = g.col[s + k - 1];
			int64_t tw = g.weight[s + k - 1];
			g.col[s + k - 1] = g.col[s + r];
			g.weight[s + k - 1] = g.weight[s + r];
			g.col[s + r] = tc;
			g.weight[s + r] = tw;
		}
	}
	nb = solve_checked(&g, b, &tb);
	assert_int_equal(na, nb);
	assert_true(ta == tb);
	assert_memory_equal(a, b, g.nrows * sizeof *a);
	free(a);
	free(b);
	inst_free(&g);
}

/* ---- (d) larger instances against the dense Hungarian algorithm ---------- */

static void check_against_hungarian(size_t nr, size_t nc, unsigned dens,
				    int64_t lo, int64_t hi, uint64_t seed)
{
	rng_seed(seed);
	struct inst g;
	random_inst(&g, nr, nc, dens, lo, hi);
	int64_t best;
	long bestcnt;
	dense_optimum(&g, &best, &bestcnt);
	long *rm = malloc(nr * sizeof *rm);
	assert_non_null(rm);
	int64_t total = -1;
	long n = solve_checked(&g, rm, &total);
	assert_true(total == best);
	assert_int_equal(n, bestcnt);
	free(rm);
	inst_free(&g);
}

static void test_hungarian_300(void **state)
{
	(void)state;
	check_against_hungarian(300, 300, 20, 0, 1000, 1);
	/* Scores like the civil-service rules: few distinct values. */
	check_against_hungarian(300, 300, 20, 9, 34, 2);
	check_against_hungarian(300, 300, 20, -5, 30, 3);
}

static void test_hungarian_rectangular(void **state)
{
	(void)state;
	check_against_hungarian(250, 120, 10, 0, 40, 4);
	check_against_hungarian(120, 250, 10, 0, 40, 5);
	check_against_hungarian(200, 200, 2, 0, 5, 6);   /* very sparse */
	check_against_hungarian(150, 150, 90, 0, 2, 7);  /* dense, many ties */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_one_edge),
		cmocka_unit_test(test_greedy_fails),
		cmocka_unit_test(test_rectangular),
		cmocka_unit_test(test_displaced_row),
		cmocka_unit_test(test_zero_weight),
		cmocka_unit_test(test_negative_never_taken),
		cmocka_unit_test(test_large_weights),
		cmocka_unit_test(test_bad_input),
		cmocka_unit_test(test_brute_force),
		cmocka_unit_test(test_determinism),
		cmocka_unit_test(test_hungarian_300),
		cmocka_unit_test(test_hungarian_rectangular),
	};
	return cmocka_run_group_tests_name("assign", tests, NULL, NULL);
}
