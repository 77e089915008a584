/* test_bmatch.c - bmatch_solve against hand-checked optima, exhaustive search
 * on tiny random instances, GLPK on larger ones (an independent
 * lexicographic integer program) and on the original's large sample,
 * assign_solve when every capacity is 1, and determinism; the same for row
 * minimums (row_min: the total shortfall first), and bmatch_shortfall. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <math.h>
#include <signal.h>
#include <sys/time.h>
#include <time.h>
#include <cmocka.h>
#include <glpk.h>

#include "mentormatch/assign.h"
#include "mentormatch/bmatch.h"
#include "mentormatch/match.h"
#include "mentormatch/session.h"

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

/* An instance in the CSR form bmatch_solve takes.  covered: NULL, or
 * ncols flags passed as col_covered (columns covered already: not counted
 * in score.covered).  rmin: NULL, or nrows minimums passed as row_min. */
struct inst {
	size_t nrows, ncols, nedges;
	size_t *start;
	uint32_t *col;
	int32_t *weight;
	int32_t *rcap, *ccap;
	unsigned char *covered;
	int32_t *rmin;
};

static void inst_init(struct inst *g, size_t nrows, size_t ncols, size_t cap)
{
	memset(g, 0, sizeof *g);
	g->nrows = nrows;
	g->ncols = ncols;
	g->start = calloc(nrows + 1, sizeof *g->start);
	g->col = malloc((cap ? cap : 1) * sizeof *g->col);
	g->weight = malloc((cap ? cap : 1) * sizeof *g->weight);
	g->rcap = calloc(nrows ? nrows : 1, sizeof *g->rcap);
	g->ccap = calloc(ncols ? ncols : 1, sizeof *g->ccap);
	assert_true(g->start && g->col && g->weight && g->rcap && g->ccap);
}

static void inst_free(struct inst *g)
{
	free(g->start);
	free(g->col);
	free(g->weight);
	free(g->rcap);
	free(g->ccap);
	free(g->covered);
	free(g->rmin);
}

/* Gives each row a random minimum in 0..max (NULL first if any). */
static void random_min(struct inst *g, int32_t max)
{
	free(g->rmin);
	g->rmin = calloc(g->nrows ? g->nrows : 1, sizeof *g->rmin);
	assert_non_null(g->rmin);
	for (size_t i = 0; i < g->nrows; i++)
		g->rmin[i] = (int32_t)rng_below((unsigned)max + 1);
}

/* min(row_min, row_cap) of row i: what it should reach. */
static int32_t row_lo(const struct inst *g, size_t i)
{
	if (!g->rmin)
		return 0;
	return g->rmin[i] < g->rcap[i] ? g->rmin[i] : g->rcap[i];
}

/* Flags each column as covered already with probability percent. */
static void random_covered(struct inst *g, unsigned percent)
{
	g->covered = calloc(g->ncols ? g->ncols : 1, 1);
	assert_non_null(g->covered);
	for (size_t j = 0; j < g->ncols; j++)
		g->covered[j] = rng_below(100) < percent;
}

/* From a dense table m[i*ncols+j] (NOEDGE: no edge) and capacities. */
#define NOEDGE INT32_MIN

static void inst_dense(struct inst *g, size_t nrows, size_t ncols,
		       const int32_t *m, const int32_t *rcap,
		       const int32_t *ccap)
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
		g->rcap[i] = rcap[i];
	}
	for (size_t j = 0; j < ncols; j++)
		g->ccap[j] = ccap[j];
}

/* Random instance: density in percent, weights lo..hi, capacities
 * 0..capmax on each side (capmin..capmax). */
static void random_inst(struct inst *g, size_t nrows, size_t ncols,
			unsigned density, int32_t lo, int32_t hi,
			int32_t rcmin, int32_t rcmax, int32_t ccmin,
			int32_t ccmax)
{
	inst_init(g, nrows, ncols, nrows * ncols);
	for (size_t i = 0; i < nrows; i++) {
		for (size_t j = 0; j < ncols; j++) {
			if (rng_below(100) >= density)
				continue;
			g->col[g->nedges] = (uint32_t)j;
			g->weight[g->nedges] =
				lo + (int32_t)rng_below((unsigned)(hi - lo + 1));
			g->nedges++;
		}
		g->start[i + 1] = g->nedges;
		g->rcap[i] = rcmin + (int32_t)rng_below((unsigned)(rcmax - rcmin + 1));
	}
	for (size_t j = 0; j < ncols; j++)
		g->ccap[j] = ccmin + (int32_t)rng_below((unsigned)(ccmax - ccmin + 1));
}

static struct bmatch_problem problem(const struct inst *g,
				     enum bmatch_objective obj)
{
	struct bmatch_problem pb = {
		.nrows = g->nrows, .ncols = g->ncols, .start = g->start,
		.col = g->col, .weight = g->weight, .row_cap = g->rcap,
		.col_cap = g->ccap, .objective = obj, .col_covered = g->covered,
		.row_min = g->rmin,
	};
	return pb;
}

static const enum bmatch_search searches[] = {
	BMATCH_SEARCH_AUTO, BMATCH_SEARCH_ROWS, BMATCH_SEARCH_COLUMNS,
	BMATCH_SEARCH_ALTERNATE,
};
#define NSEARCH (sizeof searches / sizeof searches[0])

/* What an answer scores: covered counts the columns with a chosen edge that
 * are not flagged as covered already; shortfall is the total shortfall of
 * the row minimums (0 without). */
struct score {
	long count;
	int64_t total;
	long covered;
	long shortfall;
};

/* Solves with one search policy and checks the answer: flags are 0 or 1,
 * capacities hold, the returned count and total agree with the flags; a
 * negative edge only at a row with a minimum that has at most its minimum
 * (both objectives) or, in coverage, as the single edge of a column;
 * bmatch_shortfall agrees with the shortfall counted here.  Returns the
 * score; chosen (may be NULL) receives the flags. */
static struct score solve_one(const struct inst *g, enum bmatch_objective obj,
			      enum bmatch_search search,
			      unsigned char *chosen_out)
{
	struct bmatch_problem pb = problem(g, obj);
	pb.search = search;
	unsigned char *chosen = malloc(g->nedges ? g->nedges : 1);
	long *rc = calloc(g->nrows ? g->nrows : 1, sizeof *rc);
	long *cc = calloc(g->ncols ? g->ncols : 1, sizeof *cc);
	assert_true(chosen && rc && cc);
	memset(chosen, 0xAA, g->nedges);
	int64_t total = -12345;
	long n = bmatch_solve(&pb, chosen, &total, NULL);
	assert_true(n >= 0);
	struct score sc = {0, 0, 0, 0};
	for (size_t i = 0; i < g->nrows; i++)
		for (size_t e = g->start[i]; e < g->start[i + 1]; e++) {
			assert_true(chosen[e] <= 1);
			if (!chosen[e])
				continue;
			rc[i]++;
			cc[g->col[e]]++;
			sc.count++;
			sc.total += g->weight[e];
		}
	for (size_t i = 0; i < g->nrows; i++)
		assert_true(rc[i] <= g->rcap[i]);
	for (size_t j = 0; j < g->ncols; j++) {
		assert_true(cc[j] <= g->ccap[j]);
		sc.covered += cc[j] > 0 && !(g->covered && g->covered[j]);
	}
	for (size_t i = 0; i < g->nrows; i++)
		for (size_t e = g->start[i]; e < g->start[i + 1]; e++)
			if (chosen[e] && g->weight[e] < 0)
				assert_true(rc[i] <= row_lo(g, i) ||
					    (obj == BMATCH_COVERAGE &&
					     cc[g->col[e]] == 1));
	int32_t *sh = malloc((g->nrows ? g->nrows : 1) * sizeof *sh);
	assert_non_null(sh);
	for (size_t i = 0; i < g->nrows; i++)
		if (rc[i] < row_lo(g, i))
			sc.shortfall += row_lo(g, i) - rc[i];
	assert_true(bmatch_shortfall(&pb, chosen, sh) == sc.shortfall);
	for (size_t i = 0; i < g->nrows; i++)
		assert_int_equal(sh[i], rc[i] < row_lo(g, i) ?
				 row_lo(g, i) - rc[i] : 0);
	free(sh);
	assert_int_equal(n, sc.count);
	assert_true(total == sc.total);
	if (chosen_out)
		memcpy(chosen_out, chosen, g->nedges);
	free(chosen);
	free(rc);
	free(cc);
	return sc;
}

static void assert_score_equal(struct score got, struct score want,
			       enum bmatch_objective obj);

/* Solves with every search policy (each checked as above), which must all
 * reach the same optimum; returns the default policy's score and flags. */
static struct score solve_checked(const struct inst *g,
				  enum bmatch_objective obj,
				  unsigned char *chosen_out)
{
	struct score sc = solve_one(g, obj, BMATCH_SEARCH_AUTO, chosen_out);
	for (size_t k = 1; k < NSEARCH; k++) {
		struct score other = solve_one(g, obj, searches[k], NULL);
		assert_score_equal(other, sc, obj);
	}
	return sc;
}

/* Lexicographic comparison in the objective's order, > 0 if a is better:
 * the least shortfall first, then quality (total, covered, count),
 * coverage (covered, total, count). */
static int better(enum bmatch_objective obj, struct score a, struct score b)
{
	if (a.shortfall != b.shortfall)
		return a.shortfall < b.shortfall ? 1 : -1;
	if (obj == BMATCH_COVERAGE && a.covered != b.covered)
		return a.covered > b.covered ? 1 : -1;
	if (a.total != b.total)
		return a.total > b.total ? 1 : -1;
	if (obj == BMATCH_QUALITY && a.covered != b.covered)
		return a.covered > b.covered ? 1 : -1;
	if (a.count != b.count)
		return a.count > b.count ? 1 : -1;
	return 0;
}

/* All four keys agree (for both objectives: every key is optimised). */
static void assert_score_equal(struct score got, struct score want,
			       enum bmatch_objective obj)
{
	(void)obj;
	assert_int_equal(got.shortfall, want.shortfall);
	assert_true(got.total == want.total);
	assert_int_equal(got.count, want.count);
	assert_int_equal(got.covered, want.covered);
}

/* ---- exhaustive search -------------------------------------------------- */

struct brute {
	const struct inst *g;
	uint32_t *erow;
	long rc[8], cc[8];
	struct score cur, best[2];
};

/* Every subset of edges e.. within the capacities (include or not). */
static void brute_rec(struct brute *b, size_t e)
{
	const struct inst *g = b->g;
	if (e == g->nedges) {
		struct score s = b->cur;
		s.covered = 0;
		for (size_t j = 0; j < g->ncols; j++)
			s.covered += b->cc[j] > 0 &&
				     !(g->covered && g->covered[j]);
		s.shortfall = 0;
		for (size_t i = 0; i < g->nrows; i++)
			if (b->rc[i] < row_lo(g, i))
				s.shortfall += row_lo(g, i) - b->rc[i];
		for (int o = 0; o < 2; o++)
			if (better((enum bmatch_objective)o, s, b->best[o]) > 0)
				b->best[o] = s;
		return;
	}
	brute_rec(b, e + 1);
	uint32_t i = b->erow[e], j = g->col[e];
	if (b->rc[i] < g->rcap[i] && b->cc[j] < g->ccap[j]) {
		b->rc[i]++;
		b->cc[j]++;
		b->cur.count++;
		b->cur.total += g->weight[e];
		brute_rec(b, e + 1);
		b->rc[i]--;
		b->cc[j]--;
		b->cur.count--;
		b->cur.total -= g->weight[e];
	}
}

/* best[BMATCH_QUALITY], best[BMATCH_COVERAGE] over all feasible sets. */
static void brute(const struct inst *g, struct score best[2])
{
	struct brute b;
	memset(&b, 0, sizeof b);
	assert_true(g->nrows <= 8 && g->ncols <= 8);
	b.g = g;
	b.best[0].shortfall = b.best[1].shortfall = LONG_MAX;   /* none yet */
	b.erow = malloc((g->nedges ? g->nedges : 1) * sizeof *b.erow);
	assert_non_null(b.erow);
	for (size_t i = 0; i < g->nrows; i++)
		for (size_t e = g->start[i]; e < g->start[i + 1]; e++)
			b.erow[e] = (uint32_t)i;
	brute_rec(&b, 0);
	best[0] = b.best[0];
	best[1] = b.best[1];
	free(b.erow);
}

/* ---- GLPK: the lexicographic integer program, stage by stage ------------- */

/* Maximises the objective currently set; returns its rounded value. */
static int64_t glpk_max(glp_prob *P)
{
	glp_iocp parm;
	glp_init_iocp(&parm);
	parm.presolve = GLP_ON;
	parm.msg_lev = GLP_MSG_OFF;
	int ret = glp_intopt(P, &parm);
	assert_int_equal(ret, 0);
	assert_int_equal(glp_mip_status(P), GLP_OPT);
	return (int64_t)llround(glp_mip_obj_val(P));
}

/* Adds the constraint "current objective >= value" as a new row. */
static void glpk_fix_objective(glp_prob *P, int64_t value)
{
	int n = glp_get_num_cols(P);
	int *ind = malloc((size_t)(n + 1) * sizeof *ind);
	double *val = malloc((size_t)(n + 1) * sizeof *val);
	assert_true(ind && val);
	int k = 0;
	for (int c = 1; c <= n; c++) {
		double coef = glp_get_obj_coef(P, c);
		if (coef != 0.0) {
			k++;
			ind[k] = c;
			val[k] = coef;
		}
	}
	int r = glp_add_rows(P, 1);
	glp_set_mat_row(P, r, k, ind, val);
	glp_set_row_bnds(P, r, GLP_LO, (double)value - 0.5, 0.0);
	free(ind);
	free(val);
}

/* The stages' objectives: the shortfall (only with minimums), the total
 * weight, the covered columns, the edges. */
enum glpk_key { KEY_SHORT, KEY_TOTAL, KEY_COVERED, KEY_COUNT };

/* Sets the objective to key: x_e are columns 1..ne, y_j the next nc; with
 * minimums, the nr columns from sfirst have coefficient ssign for
 * KEY_SHORT (0 otherwise); other columns keep 0. */
static void glpk_set_key(glp_prob *P, const struct inst *g, enum glpk_key key,
			 int sfirst, double ssign)
{
	int ne = (int)g->nedges, nc = (int)g->ncols, nr = (int)g->nrows;
	for (int e = 0; e < ne; e++)
		glp_set_obj_coef(P, 1 + e, key == KEY_TOTAL ? g->weight[e] :
				 key == KEY_COUNT ? 1.0 : 0.0);
	for (int j = 0; j < nc; j++)
		glp_set_obj_coef(P, 1 + ne + j, key == KEY_COVERED ? 1.0 : 0.0);
	if (g->rmin)
		for (int i = 0; i < nr; i++)
			glp_set_obj_coef(P, sfirst + i,
					 key == KEY_SHORT ? ssign : 0.0);
}

/* The order of the stages: with minimums the shortfall first (and then
 * four stages), else straight to the objective's three. */
static const enum glpk_key glpk_order[2][4] = {
	[BMATCH_QUALITY] = {KEY_SHORT, KEY_TOTAL, KEY_COVERED, KEY_COUNT},
	[BMATCH_COVERAGE] = {KEY_SHORT, KEY_COVERED, KEY_TOTAL, KEY_COUNT},
};

/* The sum over the rows of min(row_min, row_cap). */
static long sum_lo(const struct inst *g)
{
	long sum = 0;
	for (size_t i = 0; i < g->nrows; i++)
		sum += row_lo(g, i);
	return sum;
}

/* The optimum of g for obj by GLPK: binary x_e per edge, row and column
 * capacity rows, and y_j in [0, 1] with y_j <= sum of x_e at j (y_j = 0
 * for a column flagged as covered already); with minimums, an integer
 * short_i >= 0 per row with sum of x_e at i + short_i >= min(row_min,
 * row_cap).  Stages, each maximised and then fixed: with minimums first
 * -sum short; then quality sum w x, sum y, sum x; coverage sum y,
 * sum w x, sum x. */
static struct score glpk_optimum(const struct inst *g, enum bmatch_objective obj)
{
	struct score sc = {0, 0, 0, 0};
	if (g->nedges == 0) {
		sc.shortfall = sum_lo(g);
		return sc;
	}
	int ne = (int)g->nedges, nr = (int)g->nrows, nc = (int)g->ncols;
	int nshort = g->rmin ? nr : 0;
	glp_prob *P = glp_create_prob();
	glp_set_obj_dir(P, GLP_MAX);
	glp_add_rows(P, nr + 2 * nc + nshort);
	for (int i = 0; i < nr; i++)
		glp_set_row_bnds(P, 1 + i, GLP_UP, 0.0, g->rcap[i]);
	for (int j = 0; j < nc; j++) {
		glp_set_row_bnds(P, 1 + nr + j, GLP_UP, 0.0, g->ccap[j]);
		glp_set_row_bnds(P, 1 + nr + nc + j, GLP_UP, 0.0, 0.0);
	}
	for (int i = 0; i < nshort; i++)
		glp_set_row_bnds(P, 1 + nr + 2 * nc + i, GLP_LO,
				 row_lo(g, (size_t)i), 0.0);
	glp_add_cols(P, ne + nc + nshort);
	size_t cap = 4 * g->nedges + (size_t)nc + (size_t)nshort + 1;
	int *ia = malloc(cap * sizeof *ia), *ja = malloc(cap * sizeof *ja);
	double *ar = malloc(cap * sizeof *ar);
	assert_true(ia && ja && ar);
	int k = 0;
	for (int i = 0; i < nr; i++)
		for (size_t e = g->start[i]; e < g->start[i + 1]; e++) {
			int c = 1 + (int)e, j = (int)g->col[e];
			glp_set_col_kind(P, c, GLP_BV);
			k++; ia[k] = 1 + i; ja[k] = c; ar[k] = 1.0;
			k++; ia[k] = 1 + nr + j; ja[k] = c; ar[k] = 1.0;
			k++; ia[k] = 1 + nr + nc + j; ja[k] = c; ar[k] = -1.0;
			if (nshort) {
				k++; ia[k] = 1 + nr + 2 * nc + i; ja[k] = c;
				ar[k] = 1.0;
			}
		}
	for (int j = 0; j < nc; j++) {
		int c = 1 + ne + j;
		if (g->covered && g->covered[j])
			glp_set_col_bnds(P, c, GLP_FX, 0.0, 0.0);
		else
			glp_set_col_bnds(P, c, GLP_DB, 0.0, 1.0);
		k++; ia[k] = 1 + nr + nc + j; ja[k] = c; ar[k] = 1.0;
	}
	for (int i = 0; i < nshort; i++) {
		int c = 1 + ne + nc + i;
		glp_set_col_kind(P, c, GLP_IV);
		glp_set_col_bnds(P, c, GLP_LO, 0.0, 0.0);
		k++; ia[k] = 1 + nr + 2 * nc + i; ja[k] = c; ar[k] = 1.0;
	}
	glp_load_matrix(P, k, ia, ja, ar);

	for (int stage = nshort ? 0 : 1; stage < 4; stage++) {
		enum glpk_key key = glpk_order[obj][stage];
		glpk_set_key(P, g, key, 1 + ne + nc, -1.0);
		int64_t v = glpk_max(P);
		if (key == KEY_SHORT)
			sc.shortfall = (long)-v;
		else if (key == KEY_TOTAL)
			sc.total = v;
		else if (key == KEY_COVERED)
			sc.covered = (long)v;
		else
			sc.count = (long)v;
		if (stage < 3)
			glpk_fix_objective(P, v);
	}
	glp_delete_prob(P);
	free(ia);
	free(ja);
	free(ar);
	return sc;
}

/* ---- GLPK: the same, as a chain of linear programs on the flow network ---
 *
 * For larger instances (the integer program above can take minutes).
 * Variables x_e in [0, 1] per edge, and per column j y_j in [0, 1] (its
 * first unit; fixed at 0 when flagged) and z_j in [0, b_j - 1] (the
 * others), with sum x_e = y_j + z_j at j and sum x_e <= a_i at row i:
 * with the row constraints negated, an arc-node incidence matrix, totally
 * unimodular, so every basic solution is integral.  Each stage maximises
 * one key with the simplex method and then restricts the problem to its
 * optimal face without adding a row (which would break the structure):
 * by complementary slackness, the optimal solutions are exactly the
 * feasible ones that keep every variable of non-zero reduced cost at its
 * bound and every row of non-zero dual value at its bound, for any one
 * optimal dual; the data are integers and the basis unimodular, so the
 * reduced costs and duals are integers (tested as |d| > 0.5).  With
 * minimums, row i's capacity is split as on the solver's source arc:
 * sum x_e at i = u_i + v_i, u_i in [0, lo_i], v_i in [0, a_i - lo_i]
 * (lo_i = min(row_min, a_i)), still an incidence matrix; the first stage
 * maximises sum u_i = sum min(deg_i, lo_i), the total minus the
 * shortfall. */

/* Maximises with the simplex method; returns the objective, checked to be
 * an integer. */
static int64_t glpk_lp_max(glp_prob *P)
{
	glp_smcp parm;
	glp_init_smcp(&parm);
	parm.msg_lev = GLP_MSG_OFF;
	parm.presolve = GLP_OFF;        /* keep the duals of every row */
	assert_int_equal(glp_simplex(P, &parm), 0);
	assert_int_equal(glp_get_status(P), GLP_OPT);
	double v = glp_get_obj_val(P);
	assert_true(fabs(v - (double)llround(v)) < 1e-6);
	return (int64_t)llround(v);
}

/* Restricts P to the optimal face of the objective just maximised. */
static void glpk_lp_face(glp_prob *P)
{
	for (int c = 1; c <= glp_get_num_cols(P); c++) {
		double d = glp_get_col_dual(P, c);
		if (fabs(d) > 0.5) {
			double x = (double)llround(glp_get_col_prim(P, c));
			glp_set_col_bnds(P, c, GLP_FX, x, x);
		}
	}
	for (int r = 1; r <= glp_get_num_rows(P); r++) {
		double d = glp_get_row_dual(P, r);
		if (fabs(d) > 0.5) {
			double a = (double)llround(glp_get_row_prim(P, r));
			glp_set_row_bnds(P, r, GLP_FX, a, a);
		}
	}
}

static struct score glpk_optimum_lp(const struct inst *g,
				    enum bmatch_objective obj)
{
	struct score sc = {0, 0, 0, 0};
	if (g->nedges == 0) {
		sc.shortfall = sum_lo(g);
		return sc;
	}
	int ne = (int)g->nedges, nr = (int)g->nrows, nc = (int)g->ncols;
	int nsplit = g->rmin ? nr : 0;
	glp_prob *P = glp_create_prob();
	glp_set_obj_dir(P, GLP_MAX);
	glp_add_rows(P, nr + nc);
	for (int i = 0; i < nr; i++) {
		if (nsplit)
			glp_set_row_bnds(P, 1 + i, GLP_FX, 0.0, 0.0);
		else
			glp_set_row_bnds(P, 1 + i, GLP_LO,
					 -(double)g->rcap[i], 0.0);
	}
	for (int j = 0; j < nc; j++)
		glp_set_row_bnds(P, 1 + nr + j, GLP_FX, 0.0, 0.0);
	/* columns: x_e, then y_j, then z_j, then with minimums u_i, v_i */
	int ucol = 1 + ne + 2 * nc, vcol = ucol + nsplit;
	glp_add_cols(P, ne + 2 * nc + 2 * nsplit);
	size_t cap = 2 * g->nedges + 2 * (size_t)nc + 2 * (size_t)nsplit + 1;
	int *ia = malloc(cap * sizeof *ia), *ja = malloc(cap * sizeof *ja);
	double *ar = malloc(cap * sizeof *ar);
	assert_true(ia && ja && ar);
	int k = 0;
	for (int i = 0; i < nr; i++)
		for (size_t e = g->start[i]; e < g->start[i + 1]; e++) {
			int c = 1 + (int)e, j = (int)g->col[e];
			glp_set_col_bnds(P, c, GLP_DB, 0.0, 1.0);
			k++; ia[k] = 1 + i; ja[k] = c; ar[k] = -1.0;
			k++; ia[k] = 1 + nr + j; ja[k] = c; ar[k] = 1.0;
		}
	for (int j = 0; j < nc; j++) {
		int cy = 1 + ne + j, cz = 1 + ne + nc + j;
		double b = g->ccap[j];
		if (b == 0 || (g->covered && g->covered[j]))
			glp_set_col_bnds(P, cy, GLP_FX, 0.0, 0.0);
		else
			glp_set_col_bnds(P, cy, GLP_DB, 0.0, 1.0);
		/* a flagged column has all b_j units without credit */
		double zmax = g->covered && g->covered[j] ? b : b - 1;
		if (zmax <= 0)
			glp_set_col_bnds(P, cz, GLP_FX, 0.0, 0.0);
		else
			glp_set_col_bnds(P, cz, GLP_DB, 0.0, zmax);
		k++; ia[k] = 1 + nr + j; ja[k] = cy; ar[k] = -1.0;
		k++; ia[k] = 1 + nr + j; ja[k] = cz; ar[k] = -1.0;
	}
	for (int i = 0; i < nsplit; i++) {
		double lo = row_lo(g, (size_t)i), rest = g->rcap[i] - lo;
		if (lo == 0)
			glp_set_col_bnds(P, ucol + i, GLP_FX, 0.0, 0.0);
		else
			glp_set_col_bnds(P, ucol + i, GLP_DB, 0.0, lo);
		if (rest == 0)
			glp_set_col_bnds(P, vcol + i, GLP_FX, 0.0, 0.0);
		else
			glp_set_col_bnds(P, vcol + i, GLP_DB, 0.0, rest);
		k++; ia[k] = 1 + i; ja[k] = ucol + i; ar[k] = 1.0;
		k++; ia[k] = 1 + i; ja[k] = vcol + i; ar[k] = 1.0;
	}
	glp_load_matrix(P, k, ia, ja, ar);

	for (int stage = nsplit ? 0 : 1; stage < 4; stage++) {
		enum glpk_key key = glpk_order[obj][stage];
		/* sets x_e, y_j and u_i only */
		glpk_set_key(P, g, key, ucol, 1.0);
		int64_t v = glpk_lp_max(P);
		if (key == KEY_SHORT)
			sc.shortfall = sum_lo(g) - (long)v;
		else if (key == KEY_TOTAL)
			sc.total = v;
		else if (key == KEY_COVERED)
			sc.covered = (long)v;
		else
			sc.count = (long)v;
		if (stage < 3)
			glpk_lp_face(P);
	}
	/* the final solution is integral */
	for (int c = 1; c <= ne + 2 * nc + 2 * nsplit; c++) {
		double x = glp_get_col_prim(P, c);
		assert_true(fabs(x - (double)llround(x)) < 1e-6);
	}
	glp_delete_prob(P);
	free(ia);
	free(ja);
	free(ar);
	return sc;
}

/* ---- (a) hand-built instances ------------------------------------------ */

static struct score S(long count, int64_t total, long covered)
{
	struct score s = {count, total, covered, 0};
	return s;
}

/* The optimum of g must be want (and, when given, exactly the edges
 * want_chosen, unique here) whatever the search policy. */
static void expect(const struct inst *g, enum bmatch_objective obj,
		   struct score want, const unsigned char *want_chosen)
{
	unsigned char *ch = malloc(g->nedges ? g->nedges : 1);
	assert_non_null(ch);
	for (size_t k = 0; k < NSEARCH; k++) {
		struct score got = solve_one(g, obj, searches[k], ch);
		assert_score_equal(got, want, obj);
		if (want_chosen)
			assert_memory_equal(ch, want_chosen, g->nedges);
	}
	free(ch);
}

static void test_empty(void **state)
{
	(void)state;
	size_t start0[1] = {0};
	struct bmatch_problem pb = {.start = start0};
	int64_t total = 5;
	assert_int_equal(bmatch_solve(&pb, NULL, &total, NULL), 0);
	assert_true(total == 0);

	/* rows and columns, no edges; rows only; columns only */
	size_t start[4] = {0, 0, 0, 0};
	int32_t cap[3] = {1, 2, 3};
	struct bmatch_problem p2 = {
		.nrows = 3, .ncols = 3, .start = start, .row_cap = cap,
		.col_cap = cap, .objective = BMATCH_COVERAGE,
	};
	assert_int_equal(bmatch_solve(&p2, NULL, &total, NULL), 0);
	p2.ncols = 0;
	assert_int_equal(bmatch_solve(&p2, NULL, NULL, NULL), 0);
	p2.nrows = 0;
	p2.ncols = 3;
	assert_int_equal(bmatch_solve(&p2, NULL, NULL, NULL), 0);
}

static void test_capacities_zero(void **state)
{
	(void)state;
	const int32_t m[] = {
		5, 4, 3,
		6, NOEDGE, 2,
	};
	struct inst g;
	/* row 0 closed: row 1 takes its best */
	inst_dense(&g, 2, 3, m, (const int32_t[]){0, 1}, (const int32_t[]){1, 1, 1});
	for (int o = 0; o < 2; o++)
		expect(&g, (enum bmatch_objective)o, S(1, 6, 1),
		       (const unsigned char[]){0, 0, 0, 1, 0});
	inst_free(&g);
	/* column 0 closed: row 0 (capacity 2) takes 4 + 3 over 4 + row 1's 2 */
	inst_dense(&g, 2, 3, m, (const int32_t[]){2, 2}, (const int32_t[]){0, 1, 1});
	expect(&g, BMATCH_QUALITY, S(2, 7, 2), (const unsigned char[]){0, 1, 1, 0, 0});
	inst_free(&g);
	/* everything closed */
	inst_dense(&g, 2, 3, m, (const int32_t[]){0, 0}, (const int32_t[]){5, 5, 5});
	expect(&g, BMATCH_COVERAGE, S(0, 0, 0), (const unsigned char[]){0, 0, 0, 0, 0});
	inst_free(&g);
	/* rows with no edges around a live one */
	const int32_t m2[] = {
		NOEDGE, NOEDGE,
		7, 1,
		NOEDGE, NOEDGE,
	};
	inst_dense(&g, 3, 2, m2, (const int32_t[]){3, 3, 3}, (const int32_t[]){1, 1});
	expect(&g, BMATCH_QUALITY, S(2, 8, 2), NULL);
	inst_free(&g);
}

static void test_greedy_fails(void **state)
{
	(void)state;
	/* Greedy gives row 0 its 10 and leaves row 1 nothing; 9 + 9 wins. */
	const int32_t m[] = {
		10, 9,
		9,  NOEDGE,
	};
	struct inst g;
	inst_dense(&g, 2, 2, m, (const int32_t[]){1, 1}, (const int32_t[]){1, 1});
	expect(&g, BMATCH_QUALITY, S(2, 18, 2), (const unsigned char[]){0, 1, 1});
	inst_free(&g);

	/* With capacities: row 0 (cap 2) taking both 8s gives 16 with two
	 * edges; one 8, its 1 and the other column's 7 also give 16, with
	 * three edges, which wins. */
	const int32_t m2[] = {
		8, 8, 1,
		7, NOEDGE, NOEDGE,
		NOEDGE, 7, NOEDGE,
	};
	inst_dense(&g, 3, 3, m2, (const int32_t[]){2, 1, 1},
		   (const int32_t[]){1, 1, 1});
	expect(&g, BMATCH_QUALITY, S(3, 16, 3), NULL);
	inst_free(&g);

	/* An augmenting path through two capacities: row 0 holds columns 0
	 * and 1 (cap 2); row 1 only likes column 0. */
	const int32_t m3[] = {
		5, 5, 4,
		9, NOEDGE, NOEDGE,
	};
	inst_dense(&g, 2, 3, m3, (const int32_t[]){2, 1}, (const int32_t[]){1, 1, 1});
	expect(&g, BMATCH_QUALITY, S(3, 18, 3), (const unsigned char[]){0, 1, 1, 1});
	inst_free(&g);
}

static void test_equal_total_more_edges(void **state)
{
	(void)state;
	/* 4 alone or 2 + 2: the same total, more edges wins. */
	const int32_t m[] = {
		4, 2,
		2, NOEDGE,
	};
	struct inst g;
	inst_dense(&g, 2, 2, m, (const int32_t[]){1, 1}, (const int32_t[]){1, 1});
	expect(&g, BMATCH_QUALITY, S(2, 4, 2), (const unsigned char[]){0, 1, 1});
	inst_free(&g);
	/* With a mentor of capacity 2: 4 + 2 (two edges) or 2 + 2 + 2 when
	 * row 1 takes column 0 (three edges). */
	const int32_t m1[] = {
		4, 2, 2,
		2, NOEDGE, NOEDGE,
	};
	inst_dense(&g, 2, 3, m1, (const int32_t[]){2, 1}, (const int32_t[]){1, 1, 1});
	expect(&g, BMATCH_QUALITY, S(3, 6, 3), (const unsigned char[]){0, 1, 1, 1});
	inst_free(&g);
	const int32_t m2[] = {
		4, NOEDGE,
		2, 2,
	};
	inst_dense(&g, 2, 2, m2, (const int32_t[]){1, 1}, (const int32_t[]){1, 1});
	/* 4 + 2 = 6 with 2 edges, row 1 to column 1 */
	expect(&g, BMATCH_QUALITY, S(2, 6, 2), (const unsigned char[]){1, 0, 1});
	inst_free(&g);
	/* zero-weight edges are taken when they add edges */
	const int32_t m3[] = {
		3, 0,
		0, NOEDGE,
	};
	inst_dense(&g, 2, 2, m3, (const int32_t[]){2, 1}, (const int32_t[]){1, 1});
	expect(&g, BMATCH_QUALITY, S(2, 3, 2), (const unsigned char[]){1, 1, 0});
	inst_free(&g);
	/* Column 2 has capacity 2 and takes rows 1 and 2 (1 + 1) while row 0
	 * keeps its 4: 6 with three edges; moving row 0 to its 0 so that a
	 * row gets column 0's 2 would give only 3. */
	const int32_t m4[] = {
		4, 0, NOEDGE,
		2, NOEDGE, 1,
		2, NOEDGE, 1,
	};
	inst_dense(&g, 3, 3, m4, (const int32_t[]){1, 1, 1}, (const int32_t[]){1, 1, 2});
	expect(&g, BMATCH_QUALITY, S(3, 6, 2), (const unsigned char[]){1, 0, 0, 1, 0, 1});
	inst_free(&g);
}

/* Quality's second key: among sets of the best total, the most covered
 * columns (before the most edges). */
static void test_equal_total_more_covered(void **state)
{
	(void)state;
	/* Rows 0 and 1 (capacity 1); column 0 takes 2, column 1 one.  Row 1
	 * can only go to column 0; row 0 to either: 10 both ways, with two
	 * edges, but only row 0 -> column 1 covers both columns. */
	const int32_t m[] = {
		5, 5,
		5, NOEDGE,
	};
	struct inst g;
	inst_dense(&g, 2, 2, m, (const int32_t[]){1, 1}, (const int32_t[]){2, 1});
	expect(&g, BMATCH_QUALITY, S(2, 10, 2), (const unsigned char[]){0, 1, 1});
	expect(&g, BMATCH_COVERAGE, S(2, 10, 2), (const unsigned char[]){0, 1, 1});
	/* Column 0 covered already (a pin): no credit for it, column 1 still
	 * counts: the same unique answer. */
	g.covered = calloc(2, 1);
	assert_non_null(g.covered);
	g.covered[0] = 1;
	expect(&g, BMATCH_QUALITY, S(2, 10, 1), (const unsigned char[]){0, 1, 1});
	/* Column 1 covered already: both sets score (10, 1, 2). */
	g.covered[0] = 0;
	g.covered[1] = 1;
	expect(&g, BMATCH_QUALITY, S(2, 10, 1), NULL);
	inst_free(&g);

	/* Zero-weight edges: row 0's 0 goes where it covers a column. */
	const int32_t m2[] = {
		0, 0,
		7, NOEDGE,
	};
	inst_dense(&g, 2, 2, m2, (const int32_t[]){1, 1}, (const int32_t[]){2, 1});
	expect(&g, BMATCH_QUALITY, S(2, 7, 2), (const unsigned char[]){0, 1, 1});
	inst_free(&g);

	/* Mentors of capacity 2 and mentees of capacity 2, all scores 3:
	 * four pairs whichever way, and all three mentees can be covered. */
	const int32_t m3[] = {
		3, 3, 3,
		3, 3, NOEDGE,
	};
	inst_dense(&g, 2, 3, m3, (const int32_t[]){2, 2}, (const int32_t[]){2, 2, 2});
	expect(&g, BMATCH_QUALITY, S(4, 12, 3), NULL);
	inst_free(&g);

	/* The best total first: 10 + 9 on one column beats covering both
	 * columns with 10 + 1 (see also test_coverage_beats_quality). */
	const int32_t m4[] = {
		10, 1,
		9, NOEDGE,
	};
	inst_dense(&g, 2, 2, m4, (const int32_t[]){1, 1}, (const int32_t[]){2, 1});
	expect(&g, BMATCH_QUALITY, S(2, 19, 1), (const unsigned char[]){1, 0, 1});
	inst_free(&g);
}

static void test_coverage_beats_quality(void **state)
{
	(void)state;
	/* Mentor 0 (capacity 2) likes mentees A and B (10 each) and C (1);
	 * mentor 1 (capacity 1) only A (5).  The best total, 10 + 10, leaves
	 * C without a mentor; coverage gives A to mentor 1 and B, C to
	 * mentor 0: 16 with all three covered. */
	const int32_t m[] = {
		10, 10, 1,
		5, NOEDGE, NOEDGE,
	};
	struct inst g;
	inst_dense(&g, 2, 3, m, (const int32_t[]){2, 1}, (const int32_t[]){1, 1, 1});
	expect(&g, BMATCH_QUALITY, S(2, 20, 2), (const unsigned char[]){1, 1, 0, 0});
	expect(&g, BMATCH_COVERAGE, S(3, 16, 3), (const unsigned char[]){0, 1, 1, 1});
	inst_free(&g);

	/* A mentee of capacity 2: quality gives both mentors to it. */
	const int32_t m2[] = {
		10, 1,
		9,  NOEDGE,
	};
	inst_dense(&g, 2, 2, m2, (const int32_t[]){1, 1}, (const int32_t[]){2, 1});
	expect(&g, BMATCH_QUALITY, S(2, 19, 1), (const unsigned char[]){1, 0, 1});
	expect(&g, BMATCH_COVERAGE, S(2, 10, 2), (const unsigned char[]){0, 1, 1});
	inst_free(&g);

	/* Capacity 1 everywhere: 10 alone beats 0 + 9 on weight. */
	const int32_t m3[] = {
		10, 0,
		9,  NOEDGE,
	};
	inst_dense(&g, 2, 2, m3, (const int32_t[]){1, 1}, (const int32_t[]){1, 1});
	expect(&g, BMATCH_QUALITY, S(1, 10, 1), (const unsigned char[]){1, 0, 0});
	expect(&g, BMATCH_COVERAGE, S(2, 9, 2), (const unsigned char[]){0, 1, 1});
	inst_free(&g);
}

static void test_negative_weights(void **state)
{
	(void)state;
	const int32_t m[] = {
		-1, NOEDGE,
		NOEDGE, -7,
	};
	struct inst g;
	inst_dense(&g, 2, 2, m, (const int32_t[]){1, 1}, (const int32_t[]){1, 1});
	expect(&g, BMATCH_QUALITY, S(0, 0, 0), (const unsigned char[]){0, 0});
	/* coverage takes them: each covers a column */
	expect(&g, BMATCH_COVERAGE, S(2, -8, 2), (const unsigned char[]){1, 1});
	inst_free(&g);

	/* A negative edge into an already covered column: never. */
	const int32_t m2[] = {
		5, -1,
		-2, NOEDGE,
	};
	inst_dense(&g, 2, 2, m2, (const int32_t[]){2, 1}, (const int32_t[]){2, 1});
	expect(&g, BMATCH_QUALITY, S(1, 5, 1), (const unsigned char[]){1, 0, 0});
	expect(&g, BMATCH_COVERAGE, S(2, 4, 2), (const unsigned char[]){1, 1, 0});
	inst_free(&g);

	/* Cover with the least bad negative edge. */
	const int32_t m3[] = {
		-5, 3,
		-2, NOEDGE,
	};
	inst_dense(&g, 2, 2, m3, (const int32_t[]){2, 1}, (const int32_t[]){1, 1});
	expect(&g, BMATCH_COVERAGE, S(2, 1, 2), (const unsigned char[]){0, 1, 1});
	inst_free(&g);

	/* Coverage moves a positive edge to make room: row 0 (cap 1) can
	 * cover column 0 with 6 or column 1 with -3; row 1 only column 0
	 * with 1.  Best coverage 2: row 0 -> 1 (-3), row 1 -> 0 (1). */
	const int32_t m4[] = {
		6, -3,
		1, NOEDGE,
	};
	inst_dense(&g, 2, 2, m4, (const int32_t[]){1, 1}, (const int32_t[]){1, 1});
	expect(&g, BMATCH_QUALITY, S(1, 6, 1), (const unsigned char[]){1, 0, 0});
	expect(&g, BMATCH_COVERAGE, S(2, -2, 2), (const unsigned char[]){0, 1, 1});
	inst_free(&g);
}

static void test_extreme_weights(void **state)
{
	(void)state;
	const int32_t big = INT32_MAX, low = INT32_MIN + 1;
	const int32_t m[] = {
		big, big - 1,
		big, low,
	};
	struct inst g;
	inst_dense(&g, 2, 2, m, (const int32_t[]){1, 1}, (const int32_t[]){1, 1});
	expect(&g, BMATCH_QUALITY, S(2, 2 * (int64_t)big - 1, 2), NULL);
	expect(&g, BMATCH_COVERAGE, S(2, 2 * (int64_t)big - 1, 2), NULL);
	inst_free(&g);
	/* INT32_MIN itself is a valid weight */
	const int32_t m2[] = {INT32_MIN, NOEDGE, 3, NOEDGE};
	inst_dense(&g, 2, 2, m2, (const int32_t[]){1, 1}, (const int32_t[]){1, 1});
	expect(&g, BMATCH_QUALITY, S(1, 3, 1), NULL);
	expect(&g, BMATCH_COVERAGE, S(1, 3, 1), NULL);
	inst_free(&g);
}

static void test_bad_input(void **state)
{
	(void)state;
	unsigned char ch[4];
	int64_t total;
	size_t start[3] = {0, 1, 2};
	uint32_t col[2] = {0, 2};
	int32_t w[2] = {1, 1}, cap[2] = {1, 1};
	struct bmatch_problem pb = {
		.nrows = 2, .ncols = 2, .start = start, .col = col,
		.weight = w, .row_cap = cap, .col_cap = cap,
	};
	/* column out of range */
	assert_int_equal(bmatch_solve(&pb, ch, &total, NULL), BMATCH_EINVAL);
	/* the same column twice in a row */
	size_t start2[3] = {0, 2, 2};
	uint32_t col2[2] = {1, 1};
	pb.start = start2;
	pb.col = col2;
	assert_int_equal(bmatch_solve(&pb, ch, &total, NULL), BMATCH_EINVAL);
	/* the same column in two rows is fine */
	pb.start = start;
	assert_int_equal(bmatch_solve(&pb, ch, &total, NULL), 1);
	/* decreasing start (row 0 would reach past start[nrows]: must be
	 * refused before any edge is read), start[0] != 0 */
	size_t start3[3] = {0, 2, 1};
	uint32_t col3[2] = {0, 1};
	pb.start = start3;
	pb.col = col3;
	assert_int_equal(bmatch_solve(&pb, ch, &total, NULL), BMATCH_EINVAL);
	pb.col = col2;
	size_t start4[3] = {1, 1, 2};
	pb.start = start4;
	assert_int_equal(bmatch_solve(&pb, ch, &total, NULL), BMATCH_EINVAL);
	pb.start = start;
	/* negative capacity */
	int32_t neg[2] = {1, -1};
	pb.col_cap = neg;
	assert_int_equal(bmatch_solve(&pb, ch, &total, NULL), BMATCH_EINVAL);
	pb.col_cap = cap;
	/* NULL arrays, bad objective */
	pb.col = NULL;
	assert_int_equal(bmatch_solve(&pb, ch, &total, NULL), BMATCH_EINVAL);
	pb.col = col2;
	assert_int_equal(bmatch_solve(&pb, NULL, &total, NULL), BMATCH_EINVAL);
	pb.row_cap = NULL;
	assert_int_equal(bmatch_solve(&pb, ch, &total, NULL), BMATCH_EINVAL);
	pb.row_cap = cap;
	pb.objective = (enum bmatch_objective)7;
	assert_int_equal(bmatch_solve(&pb, ch, &total, NULL), BMATCH_EINVAL);
	pb.objective = BMATCH_QUALITY;
	pb.search = (enum bmatch_search)9;
	assert_int_equal(bmatch_solve(&pb, ch, &total, NULL), BMATCH_EINVAL);
	assert_int_equal(bmatch_solve(NULL, ch, &total, NULL), BMATCH_EINVAL);
}

/* Coverage with weights near 2^31 and ~12000 possible edges exceeds the
 * exact 64-bit range; quality and smaller weights do not. */
static void test_range(void **state)
{
	(void)state;
	const size_t n = 12000;
	struct inst g;
	inst_init(&g, n, n, n);
	for (size_t i = 0; i < n; i++) {
		g.col[i] = (uint32_t)i;
		g.weight[i] = INT32_MAX - (int32_t)(i % 7);
		g.start[i + 1] = i + 1;
		g.rcap[i] = 1;
		g.ccap[i] = 1;
	}
	g.nedges = n;
	unsigned char *ch = malloc(n);
	assert_non_null(ch);
	struct bmatch_problem pb = problem(&g, BMATCH_COVERAGE);
	int64_t total;
	assert_int_equal(bmatch_solve(&pb, ch, &total, NULL), BMATCH_ERANGE);
	pb.objective = BMATCH_QUALITY;
	assert_int_equal(bmatch_solve(&pb, ch, &total, NULL), (long)n);
	for (size_t i = 0; i < n; i++)
		g.weight[i] = 1000;
	pb.objective = BMATCH_COVERAGE;
	assert_int_equal(bmatch_solve(&pb, ch, &total, NULL), (long)n);
	assert_true(total == 1000 * (int64_t)n);
	free(ch);
	inst_free(&g);
}

/* Quality's coverage tie-break needs W*K^2 + 1 + K <= 2^59 (K = N + 1):
 * with weights INT32_MAX up to N = 16383 edges.  A gadget (rows 0 and 1 of
 * capacity 1, column 0 of capacity 2 and column 1 of capacity 1; row 0 to
 * both columns, row 1 to column 0) where two sets tie on total and count
 * and only one covers both columns, then a diagonal of filler pairs: at
 * N = 16383 the tie is broken towards coverage; at N = 16384 the
 * tie-break is skipped (no BMATCH_ERANGE; total and count still the best,
 * either set). */
static void test_range_tiebreak(void **state)
{
	(void)state;
	for (size_t fill = 16381; fill <= 16382; fill++) {
		size_t n = 2 + fill, m = 3 + fill;
		struct inst g;
		inst_init(&g, n, n, m);
		g.col[0] = 0;
		g.col[1] = 1;
		g.col[2] = 0;
		g.start[1] = 2;
		g.start[2] = 3;
		for (size_t k = 0; k < fill; k++) {
			g.col[3 + k] = (uint32_t)(2 + k);
			g.start[3 + k] = 4 + k;
		}
		g.nedges = m;
		for (size_t e = 0; e < m; e++)
			g.weight[e] = INT32_MAX;
		for (size_t v = 0; v < n; v++)
			g.rcap[v] = g.ccap[v] = 1;
		g.ccap[0] = 2;
		unsigned char *ch = malloc(m);
		assert_non_null(ch);
		struct score got = solve_checked(&g, BMATCH_QUALITY, ch);
		assert_int_equal(got.count, (long)n);
		assert_true(got.total == (int64_t)n * INT32_MAX);
		if (n <= 16383) {
			assert_int_equal(got.covered, (long)n);
			assert_true(!ch[0] && ch[1] && ch[2]);
		} else {
			assert_true(got.covered == (long)n ||
				    got.covered == (long)n - 1);
		}
		free(ch);
		inst_free(&g);
	}
}

/* ---- cancel and progress ------------------------------------------------- */

struct prog {
	unsigned long calls, last_phase;
	size_t last_chosen, bound;
	atomic_int *cancel_at_2;
};

static void on_progress(void *arg, const struct bmatch_progress *p)
{
	struct prog *pr = arg;
	pr->calls++;
	assert_int_equal(p->phase, pr->last_phase + 1);
	assert_true(p->chosen >= pr->last_chosen);
	assert_true(p->chosen <= p->bound);
	pr->last_phase = p->phase;
	pr->last_chosen = p->chosen;
	pr->bound = p->bound;
	if (pr->cancel_at_2 && p->phase == 2)
		atomic_store(pr->cancel_at_2, 1);
}

static void test_cancel_progress(void **state)
{
	(void)state;
	rng_seed(99);
	struct inst g;
	random_inst(&g, 60, 80, 30, 0, 20, 0, 3, 0, 2);
	unsigned char *ch = malloc(g.nedges);
	assert_non_null(ch);
	struct bmatch_problem pb = problem(&g, BMATCH_QUALITY);
	struct prog pr;
	memset(&pr, 0, sizeof pr);
	pb.progress = on_progress;
	pb.progress_arg = &pr;
	int64_t total;
	long n = bmatch_solve(&pb, ch, &total, NULL);
	int64_t want_total = total;
	assert_true(n > 0);
	assert_true(pr.calls >= 3);
	assert_true(pr.last_chosen == (size_t)n);
	assert_true(pr.bound >= (size_t)n);

	/* cancelled before the start, and from the callback mid-way */
	atomic_int flag = 1;
	assert_int_equal(bmatch_solve(&pb, ch, &total, &flag), BMATCH_ECANCELED);
	atomic_store(&flag, 0);
	memset(&pr, 0, sizeof pr);
	pr.cancel_at_2 = &flag;
	assert_int_equal(bmatch_solve(&pb, ch, &total, &flag), BMATCH_ECANCELED);
	assert_int_equal(pr.last_phase, 2);
	/* not cancelled: the same answer as without a flag */
	atomic_store(&flag, 0);
	pb.progress = NULL;
	int64_t t2;
	assert_int_equal(bmatch_solve(&pb, ch, &t2, &flag), n);
	assert_true(t2 == want_total);
	free(ch);
	inst_free(&g);
}

/* Cancelled by a signal handler at various moments of a long solve: the
 * solve returns BMATCH_ECANCELED once the flag is set (or, if it
 * finished first, the right answer). */
static atomic_int alarm_flag;

static void on_alarm(int sig)
{
	(void)sig;
	atomic_store(&alarm_flag, 1);
}

static void test_cancel_signal(void **state)
{
	(void)state;
	rng_seed(4711);
	struct inst g;
	random_inst(&g, 2500, 2500, 20, 0, 999, 3, 3, 1, 1);
	unsigned char *ch = malloc(g.nedges);
	assert_non_null(ch);
	struct sigaction sa, old;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_alarm;
	sigemptyset(&sa.sa_mask);
	assert_int_equal(sigaction(SIGALRM, &sa, &old), 0);
	static const long delays_us[] = {500, 2000, 8000, 30000};
	int cancelled = 0;
	for (int o = 0; o < 2; o++) {
		struct bmatch_problem pb = problem(&g, (enum bmatch_objective)o);
		int64_t want_total;
		long want = bmatch_solve(&pb, ch, &want_total, NULL);
		assert_true(want > 0);
		for (size_t k = 0; k < NSEARCH; k++) {
			pb.search = searches[k];
			for (size_t d = 0; d < 4; d++) {
				struct itimerval it;
				memset(&it, 0, sizeof it);
				it.it_value.tv_usec = delays_us[d];
				atomic_store(&alarm_flag, 0);
				assert_int_equal(setitimer(ITIMER_REAL, &it, NULL), 0);
				int64_t total;
				long n = bmatch_solve(&pb, ch, &total, &alarm_flag);
				memset(&it, 0, sizeof it);
				assert_int_equal(setitimer(ITIMER_REAL, &it, NULL), 0);
				if (n == BMATCH_ECANCELED) {
					cancelled++;
					/* returned because of the flag (how fast is for
					 * make bench, not a test) */
					assert_true(atomic_load(&alarm_flag));
				} else {
					assert_int_equal(n, want);
					assert_true(total == want_total);
				}
			}
		}
	}
	assert_true(cancelled > 0);
	assert_int_equal(sigaction(SIGALRM, &old, NULL), 0);
	free(ch);
	inst_free(&g);
}

/* ---- (b) exhaustive search on tiny random instances ---------------------- */

static void test_brute_force(void **state)
{
	(void)state;
	static const unsigned densities[] = {0, 20, 40, 60, 80, 100};
	rng_seed(4242);
	int tested = 0;
	while (tested < 1500) {
		size_t nr = 1 + rng_below(6), nc = 1 + rng_below(6);
		unsigned dens = densities[rng_below(6)];
		int32_t lo = 0, hi = 20;
		switch (rng_below(5)) {
		case 0: hi = 2; break;               /* many equal weights */
		case 1: lo = 3; hi = 3; break;       /* all equal */
		case 2: lo = -10; hi = 10; break;    /* negatives */
		case 3: lo = -3; hi = 1; break;      /* mostly negative */
		default: break;
		}
		struct inst g;
		random_inst(&g, nr, nc, dens, lo, hi, 0, 3, 0, 3);
		if (g.nedges > 20) {
			inst_free(&g);
			continue;
		}
		if (rng_below(3) == 0)
			random_covered(&g, 30);  /* some columns pinned */
		struct score best[2];
		brute(&g, best);
		for (int o = 0; o < 2; o++) {
			struct score got = solve_checked(&g, (enum bmatch_objective)o, NULL);
			assert_score_equal(got, best[o], (enum bmatch_objective)o);
		}
		inst_free(&g);
		tested++;
	}
}

/* ---- (c) GLPK on larger instances of many shapes ------------------------- */

static void check_glpk(struct inst *g)
{
	for (int o = 0; o < 2; o++) {
		enum bmatch_objective obj = (enum bmatch_objective)o;
		struct score want = glpk_optimum(g, obj);
		struct score got = solve_checked(g, obj, NULL);
		assert_score_equal(got, want, obj);
		/* the linear programs used on the large sample agree */
		assert_score_equal(glpk_optimum_lp(g, obj), want, obj);
	}
}

static void test_glpk_random(void **state)
{
	(void)state;
	glp_term_out(GLP_OFF);
	rng_seed(2024);
	for (int it = 0; it < 300; it++) {
		size_t nr, nc;
		switch (it % 5) {
		case 0:  nr = 5 + rng_below(30); nc = 5 + rng_below(30); break;
		case 1:  nr = 2 + rng_below(6); nc = 20 + rng_below(40); break;  /* wide */
		case 2:  nr = 20 + rng_below(40); nc = 2 + rng_below(6); break;  /* tall */
		case 3:  nr = 1 + rng_below(3); nc = 1 + rng_below(60); break;
		default: nr = 10 + rng_below(20); nc = 10 + rng_below(20); break;
		}
		unsigned dens = 1 + rng_below(100);
		int32_t lo = 0, hi = 30;
		switch (rng_below(6)) {
		case 0: lo = hi = 7; break;            /* all scores equal */
		case 1: hi = 2; break;
		case 2: lo = -20; hi = 20; break;
		case 3: lo = 9; hi = 34; break;        /* civil-service-like */
		case 4: lo = 0; hi = 1000; break;
		default: break;
		}
		int32_t rmax = (int32_t)rng_below(6), cmax = (int32_t)rng_below(6);
		int32_t rmin = (int32_t)rng_below((unsigned)rmax + 1);
		int32_t cmin = (int32_t)rng_below((unsigned)cmax + 1);
		struct inst g;
		random_inst(&g, nr, nc, dens, lo, hi, rmin, rmax, cmin, cmax);
		if (it % 4 == 3)
			random_covered(&g, 1 + rng_below(50));
		check_glpk(&g);
		inst_free(&g);
	}
}

static void test_glpk_shapes(void **state)
{
	(void)state;
	glp_term_out(GLP_OFF);
	rng_seed(77);
	struct inst g;
	/* no edges at all */
	random_inst(&g, 20, 30, 0, 0, 5, 1, 3, 1, 1);
	check_glpk(&g);
	inst_free(&g);
	/* complete, all scores equal, mentors capacity 2 */
	random_inst(&g, 30, 45, 100, 5, 5, 2, 2, 1, 1);
	check_glpk(&g);
	inst_free(&g);
	/* one side much larger, both ways */
	random_inst(&g, 4, 200, 30, 0, 25, 3, 5, 1, 1);
	check_glpk(&g);
	inst_free(&g);
	random_inst(&g, 200, 4, 30, 0, 25, 1, 1, 3, 5);
	check_glpk(&g);
	inst_free(&g);
	/* larger, civil-service-like scores, mentor capacity 3 */
	random_inst(&g, 80, 80, 20, 9, 28, 3, 3, 1, 1);
	check_glpk(&g);
	inst_free(&g);
	/* many negative and a few positive weights, capacities 0..5 */
	random_inst(&g, 60, 70, 15, -30, 5, 0, 5, 0, 5);
	check_glpk(&g);
	inst_free(&g);
}

/* The original's large sample, every capacity 3, scored through the session
 * as the programme does: quality reaches the largest total and, among sets
 * of that total, the most covered mentees, then the most pairs (all three
 * by GLPK); session_match gives the same figures.  (With the earlier
 * objective, total then pairs, 8 mentees were left without a mentor.) */
static void test_large_sample(void **state)
{
	(void)state;
	glp_term_out(GLP_OFF);
	struct session s;
	struct diag d = {0};
	session_init(&s);
	assert_int_equal(session_load_profile(&s, "config/civil-service.ini", &d), 0);
	assert_int_equal(session_load_file(&s, SIDE_MENTOR,
			 "tests/data/original-sample/large/mentors.csv", &d), 0);
	assert_int_equal(session_load_file(&s, SIDE_MENTEE,
			 "tests/data/original-sample/large/mentees.csv", &d), 0);
	assert_int_equal(session_prepare(&s, &d), 0);
	const struct edges *e = &s.edges;
	size_t m = e->start[e->nmentors];
	struct inst g;
	inst_init(&g, e->nmentors, e->nmentees, m);
	memcpy(g.start, e->start, (e->nmentors + 1) * sizeof *g.start);
	memcpy(g.col, e->mentee, m * sizeof *g.col);
	memcpy(g.weight, e->score, m * sizeof *g.weight);
	g.nedges = m;
	for (size_t i = 0; i < g.nrows; i++)
		g.rcap[i] = 3;
	for (size_t j = 0; j < g.ncols; j++)
		g.ccap[j] = 3;
	struct score want = glpk_optimum_lp(&g, BMATCH_QUALITY);
	struct score got = solve_checked(&g, BMATCH_QUALITY, NULL);
	assert_score_equal(got, want, BMATCH_QUALITY);
	struct score cov = solve_checked(&g, BMATCH_COVERAGE, NULL);
	assert_true(cov.covered >= got.covered);
	assert_true(cov.total <= got.total);

	s.prof.solve.mode = MODE_CAPACITY;
	s.prof.solve.objective = OBJECTIVE_QUALITY;
	s.prof.solve.capacity[SIDE_MENTOR] = 3;
	s.prof.solve.capacity[SIDE_MENTEE] = 3;
	assert_int_equal(session_match(&s, &d), 0);
	size_t hist[4];
	match_histogram(&s.res, SIDE_MENTEE, hist, 4);
	assert_true(s.res.round_total[0] == want.total);
	assert_int_equal(s.res.npairs, want.count);
	assert_int_equal(g.ncols - hist[0], want.covered);
	printf("  large sample, capacities 3/3: quality total %lld (GLPK best "
	       "%lld), %ld pairs, mentees with 0/1/2/3+ mentors "
	       "%zu/%zu/%zu/%zu; coverage total %lld, %ld covered\n",
	       (long long)got.total, (long long)want.total, got.count,
	       hist[0], hist[1], hist[2], hist[3], (long long)cov.total,
	       cov.covered);
	inst_free(&g);
	session_free(&s);
	diag_free(&d);
}

/* 100 mentors of capacity 2, 500 mentees of capacity 1: coverage reaches
 * the largest number of edges any solution can have (each chosen edge
 * covers a distinct mentee), computed by GLPK. */
static void test_coverage_bound(void **state)
{
	(void)state;
	glp_term_out(GLP_OFF);
	rng_seed(5);
	struct inst g;
	random_inst(&g, 100, 500, 3, 9, 28, 2, 2, 1, 1);
	struct score cov = solve_checked(&g, BMATCH_COVERAGE, NULL);
	/* the maximum cardinality, as a quality optimum of all-zero weights
	 * by GLPK */
	int32_t *w = g.weight;
	g.weight = calloc(g.nedges, sizeof *g.weight);
	assert_non_null(g.weight);
	struct score card = glpk_optimum(&g, BMATCH_QUALITY);
	free(g.weight);
	g.weight = w;
	assert_int_equal(cov.covered, card.count);
	assert_int_equal(cov.count, card.count);
	/* and weight second */
	struct score want = glpk_optimum(&g, BMATCH_COVERAGE);
	assert_score_equal(cov, want, BMATCH_COVERAGE);
	inst_free(&g);
}

/* ---- (d) determinism ------------------------------------------------------- */

static void shuffle_rows(struct inst *g)
{
	for (size_t i = 0; i < g->nrows; i++) {
		size_t s = g->start[i], len = g->start[i + 1] - s;
		for (size_t k = len; k > 1; k--) {
			size_t r = rng_below((unsigned)k);
			uint32_t tc = g->col[s + k - 1];
			int32_t tw = g->weight[s + k - 1];
			g->col[s + k - 1] = g->col[s + r];
			g->weight[s + k - 1] = g->weight[s + r];
			g->col[s + r] = tc;
			g->weight[s + r] = tw;
		}
	}
}

static void test_determinism(void **state)
{
	(void)state;
	rng_seed(777);
	struct inst g;
	/* few distinct weights: many equally good answers */
	random_inst(&g, 200, 180, 25, 0, 3, 1, 3, 1, 2);
	unsigned char *a = malloc(g.nedges), *b = malloc(g.nedges);
	assert_true(a && b);
	for (int o = 0; o < 2; o++) {
		enum bmatch_objective obj = (enum bmatch_objective)o;
		for (size_t k = 0; k < NSEARCH; k++) {
			struct score sa = solve_one(&g, obj, searches[k], a);
			struct score sb = solve_one(&g, obj, searches[k], b);
			assert_score_equal(sa, sb, obj);
			assert_memory_equal(a, b, g.nedges);
		}
	}
	struct score before[2], after[2];
	for (int o = 0; o < 2; o++)
		before[o] = solve_checked(&g, (enum bmatch_objective)o, NULL);
	shuffle_rows(&g);
	for (int o = 0; o < 2; o++) {
		after[o] = solve_checked(&g, (enum bmatch_objective)o, NULL);
		assert_score_equal(after[o], before[o], (enum bmatch_objective)o);
	}
	free(a);
	free(b);
	inst_free(&g);
}

/* ---- (e) all capacities 1: the same optimum as assign_solve --------------- */

static void test_assign_equivalence(void **state)
{
	(void)state;
	rng_seed(31337);
	for (int it = 0; it < 60; it++) {
		size_t nr = 1 + rng_below(150), nc = 1 + rng_below(150);
		unsigned dens = 1 + rng_below(60);
		int32_t lo = it % 3 == 0 ? -5 : 0, hi = it % 2 ? 3 : 40;
		struct inst g;
		random_inst(&g, nr, nc, dens, lo, hi, 1, 1, 1, 1);
		int64_t *w64 = malloc((g.nedges ? g.nedges : 1) * sizeof *w64);
		long *rm = malloc(nr * sizeof *rm);
		assert_true(w64 && rm);
		for (size_t e = 0; e < g.nedges; e++)
			w64[e] = g.weight[e];
		int64_t at;
		long an = assign_solve(nr, nc, g.start, g.col, w64, rm, &at);
		assert_true(an >= 0);
		struct score got = solve_checked(&g, BMATCH_QUALITY, NULL);
		assert_true(got.total == at);
		assert_int_equal(got.count, an);
		free(w64);
		free(rm);
		inst_free(&g);
	}
}

/* ---- (f) row minimums ------------------------------------------------------ */

static struct score SM(long count, int64_t total, long covered, long shortfall)
{
	struct score s = {count, total, covered, shortfall};
	return s;
}

/* Sets g->rmin to a copy of rmin (nrows values). */
static void set_min(struct inst *g, const int32_t *rmin)
{
	free(g->rmin);
	g->rmin = malloc((g->nrows ? g->nrows : 1) * sizeof *g->rmin);
	assert_non_null(g->rmin);
	memcpy(g->rmin, rmin, g->nrows * sizeof *g->rmin);
}

/* Worked by hand.  Mentors R0 (capacity 2, minimum 2), R1 (capacity 1,
 * minimum 1), R2 (capacity 1, no minimum); mentees A, B, C; edges
 *   e0 R0-A 10, e1 R0-B -4, e2 R1-A 6, e3 R2-A 9, e4 R2-C 2.
 * R0 can reach 2 only with its -4 to B, and R0 and R1 both need A. */
static void test_min_hand(void **state)
{
	(void)state;
	const int32_t m[] = {
		10, -4, NOEDGE,
		6, NOEDGE, NOEDGE,
		9, NOEDGE, 2,
	};
	const int32_t rcap[] = {2, 1, 1}, rmin[] = {2, 1, 0};
	struct inst g;

	/* (1) Every mentee capacity 1: A goes to R0 or R1, so one unit
	 * short at least (total shortfall 1): either R0 gets A and B (R1
	 * short by 1) or R1 gets A and R0 only B (R0 short by 1).  With R2
	 * on C, the first gives 10 - 4 + 2 = 8, the second 6 - 4 + 2 = 4:
	 * {e0, e1, e4}, total 8, 3 edges, A B C covered, R1 short by 1, for
	 * both objectives.  Without minimums quality takes R0-A and R2-C
	 * (12, no negative edge) and coverage R0-A, R0-B, R2-C (8). */
	inst_dense(&g, 3, 3, m, rcap, (const int32_t[]){1, 1, 1});
	expect(&g, BMATCH_QUALITY, S(2, 12, 2),
	       (const unsigned char[]){1, 0, 0, 0, 1});
	expect(&g, BMATCH_COVERAGE, S(3, 8, 3),
	       (const unsigned char[]){1, 1, 0, 0, 1});
	set_min(&g, rmin);
	for (int o = 0; o < 2; o++)
		expect(&g, (enum bmatch_objective)o, SM(3, 8, 3, 1),
		       (const unsigned char[]){1, 1, 0, 0, 1});
	/* which row is short, as bmatch_shortfall reports it */
	{
		struct bmatch_problem pb = problem(&g, BMATCH_QUALITY);
		unsigned char ch[5];
		int32_t sh[3] = {-1, -1, -1};
		assert_int_equal(bmatch_solve(&pb, ch, NULL, NULL), 3);
		assert_true(bmatch_shortfall(&pb, ch, sh) == 1);
		assert_int_equal(sh[0], 0);
		assert_int_equal(sh[1], 1);
		assert_int_equal(sh[2], 0);
	}
	inst_free(&g);

	/* (2) A takes 2: without minimums quality gives A to R0 and R2,
	 * 10 + 9 = 19 (2 edges); with them every minimum can be met, so none
	 * is short: R0 A and B, R1 A, R2 C: 10 - 4 + 6 + 2 = 14, 4 edges,
	 * 3 covered; the minimums cost 5 of weight. */
	inst_dense(&g, 3, 3, m, rcap, (const int32_t[]){2, 1, 1});
	expect(&g, BMATCH_QUALITY, S(2, 19, 1),
	       (const unsigned char[]){1, 0, 0, 1, 0});
	set_min(&g, rmin);
	for (int o = 0; o < 2; o++)
		expect(&g, (enum bmatch_objective)o, SM(4, 14, 3, 0),
		       (const unsigned char[]){1, 1, 1, 0, 1});
	inst_free(&g);

	/* (3) A minimum above the capacity counts as the capacity; above the
	 * edges it stays short: R0 (capacity 1, minimum 5) and R1 (capacity
	 * 3, minimum 3) with one edge each, negative.  Both are taken (they
	 * lower the shortfall from 1 + 3 to 0 + 2), quality included. */
	const int32_t m3[] = {
		-7, NOEDGE,
		NOEDGE, -1,
	};
	inst_dense(&g, 2, 2, m3, (const int32_t[]){1, 3}, (const int32_t[]){1, 1});
	expect(&g, BMATCH_QUALITY, S(0, 0, 0), (const unsigned char[]){0, 0});
	set_min(&g, (const int32_t[]){5, 3});
	for (int o = 0; o < 2; o++)
		expect(&g, (enum bmatch_objective)o, SM(2, -8, 2, 2),
		       (const unsigned char[]){1, 1});
	/* R0 without its minimum: its negative edge is left again */
	g.rmin[0] = 0;
	expect(&g, BMATCH_QUALITY, SM(1, -1, 1, 2), (const unsigned char[]){0, 1});
	inst_free(&g);

	/* (4) A negative edge only up to the minimum: R0 (capacity 3, minimum
	 * 1) has 5 to A, -2 to B and -3 to C; A alone meets the minimum, so
	 * quality takes just A; coverage takes all three (each covers a
	 * column).  R1 (capacity 1, minimum 1) has only -9 to A, which
	 * has capacity 1: R1 then gets A (shortfall 0 beats 5 + 9 of
	 * weight) and R0 meets its minimum with its -2 to B (not -3):
	 * quality -9 - 2 = -11; coverage adds R0's -3 to C: -14. */
	const int32_t m4[] = {
		5, -2, -3,
		-9, NOEDGE, NOEDGE,
	};
	inst_dense(&g, 2, 3, m4, (const int32_t[]){3, 1}, (const int32_t[]){1, 1, 1});
	set_min(&g, (const int32_t[]){1, 0});
	expect(&g, BMATCH_QUALITY, SM(1, 5, 1, 0), (const unsigned char[]){1, 0, 0, 0});
	expect(&g, BMATCH_COVERAGE, SM(3, 0, 3, 0), (const unsigned char[]){1, 1, 1, 0});
	g.rmin[1] = 1;
	expect(&g, BMATCH_QUALITY, SM(2, -11, 2, 0), (const unsigned char[]){0, 1, 0, 1});
	expect(&g, BMATCH_COVERAGE, SM(3, -14, 3, 0), (const unsigned char[]){0, 1, 1, 1});
	inst_free(&g);
}

/* One unit of minimum against the largest loss of weight: R_0 (minimum
 * 1) has only -W to C_0; R_i (i = 1 .. k-1, minimum 1) W to C_{i-1} and
 * -W to C_i; R_k (no minimum) W to C_{k-1}; every capacity 1.  Leaving
 * R_0 short gives k*W; meeting every minimum needs the whole shift
 * R_0-C_0, R_i-C_i, R_k unmatched: -k*W, a loss of 2*k*W*L for one unit
 * of minimum, about what the bonus P = N*(2*W*L + 1 + M) + 1 (N = k)
 * must exceed.  Both objectives (k columns covered either way). */
static void test_min_chain(void **state)
{
	(void)state;
	const size_t k = 40;
	const int32_t W = 1000;
	struct inst g;
	inst_init(&g, k + 1, k, 2 * k);
	g.col[0] = 0;
	g.weight[0] = -W;
	g.start[1] = 1;
	for (size_t i = 1; i <= k; i++) {
		size_t e = g.start[i];
		g.col[e] = (uint32_t)(i - 1);
		g.weight[e++] = W;
		if (i < k) {
			g.col[e] = (uint32_t)i;
			g.weight[e++] = -W;
		}
		g.start[i + 1] = e;
	}
	g.nedges = g.start[k + 1];
	for (size_t i = 0; i <= k; i++)
		g.rcap[i] = 1;
	for (size_t j = 0; j < k; j++)
		g.ccap[j] = 1;
	unsigned char *want = calloc(g.nedges, 1);
	assert_non_null(want);
	/* without minimums: R_i-C_{i-1} for i = 1 .. k */
	for (size_t i = 1; i <= k; i++)
		want[g.start[i]] = 1;
	for (int o = 0; o < 2; o++)
		expect(&g, (enum bmatch_objective)o,
		       S((long)k, (int64_t)k * W, (long)k), want);
	/* with them: R_0-C_0, R_i-C_i for i = 1 .. k-1 */
	g.rmin = calloc(k + 1, sizeof *g.rmin);
	assert_non_null(g.rmin);
	for (size_t i = 0; i < k; i++)
		g.rmin[i] = 1;
	memset(want, 0, g.nedges);
	want[0] = 1;
	for (size_t i = 1; i < k; i++)
		want[g.start[i] + 1] = 1;
	for (int o = 0; o < 2; o++)
		expect(&g, (enum bmatch_objective)o,
		       SM((long)k, -(int64_t)k * W, (long)k, 0), want);
	free(want);
	inst_free(&g);
}

/* Exhaustive search with random minimums (0..4, so some above the
 * capacity or the edges of their row), negative weights, contention for
 * columns of capacity 0..2 and pinned columns: the tuple (shortfall, then
 * the objective's keys) must be the best of all edge subsets. */
static void test_min_brute_force(void **state)
{
	(void)state;
	static const unsigned densities[] = {20, 40, 60, 80, 100};
	rng_seed(8128);
	int tested = 0, short_seen = 0, neg_seen = 0;
	while (tested < 2500) {
		size_t nr = 1 + rng_below(6), nc = 1 + rng_below(6);
		unsigned dens = densities[rng_below(5)];
		int32_t lo = 0, hi = 20;
		switch (rng_below(5)) {
		case 0: hi = 2; break;
		case 1: lo = 3; hi = 3; break;
		case 2: lo = -10; hi = 10; break;
		case 3: lo = -3; hi = 1; break;
		default: break;
		}
		struct inst g;
		random_inst(&g, nr, nc, dens, lo, hi, 0, 3, 0, 2);
		if (g.nedges > 14) {
			inst_free(&g);
			continue;
		}
		random_min(&g, 4);
		if (rng_below(4) == 0)
			random_covered(&g, 30);
		struct score best[2];
		brute(&g, best);
		for (int o = 0; o < 2; o++) {
			enum bmatch_objective obj = (enum bmatch_objective)o;
			unsigned char ch[14];
			struct score got = solve_checked(&g, obj, ch);
			assert_score_equal(got, best[o], obj);
			short_seen += got.shortfall > 0;
			for (size_t e = 0; e < g.nedges; e++)
				neg_seen += ch[e] && g.weight[e] < 0 &&
					    obj == BMATCH_QUALITY;
		}
		inst_free(&g);
		tested++;
	}
	/* the instances did exercise both */
	assert_true(short_seen > 100);
	assert_true(neg_seen > 100);
}

/* GLPK on medium instances with minimums (integer program with short_i,
 * and the linear programs), lexicographically: the least shortfall, then
 * the objective's keys. */
static void test_min_glpk(void **state)
{
	(void)state;
	glp_term_out(GLP_OFF);
	rng_seed(6174);
	for (int it = 0; it < 60; it++) {
		size_t nr = 15 + rng_below(21), nc = 15 + rng_below(21);
		unsigned dens = 10 + rng_below(40);
		int32_t lo = 0, hi = 30;
		switch (rng_below(5)) {
		case 0: lo = hi = 7; break;
		case 1: lo = -20; hi = 20; break;
		case 2: lo = -30; hi = 5; break;
		case 3: lo = 9; hi = 34; break;
		default: lo = -1000; hi = 1000; break;
		}
		int32_t rmax = 1 + (int32_t)rng_below(5), cmax = 1 + (int32_t)rng_below(3);
		struct inst g;
		random_inst(&g, nr, nc, dens, lo, hi, 0, rmax, 0, cmax);
		random_min(&g, 1 + (int32_t)rng_below(5));
		if (it % 4 == 3)
			random_covered(&g, 1 + rng_below(50));
		check_glpk(&g);
		inst_free(&g);
	}
	/* 30 x 30, a few hundred edges, minimums 2 against mentee capacity 1
	 * and mentor capacity 3: contention everywhere */
	struct inst g;
	random_inst(&g, 30, 30, 35, -10, 30, 3, 3, 1, 1);
	int32_t two[30];
	for (size_t i = 0; i < 30; i++)
		two[i] = 2;
	set_min(&g, two);
	assert_true(g.nedges >= 200);
	check_glpk(&g);
	inst_free(&g);
}

/* row_min NULL, all zero, or positive only where it cannot apply (rows of
 * capacity 0, rows with no edge into an open column): the very same
 * chosen edges, for every objective and search policy. */
static void test_min_null_zero(void **state)
{
	(void)state;
	rng_seed(1729);
	for (int it = 0; it < 400; it++) {
		size_t nr = 1 + rng_below(it % 20 == 0 ? 300 : 40);
		size_t nc = 1 + rng_below(it % 20 == 0 ? 300 : 40);
		int32_t lo = it % 3 == 0 ? -20 : 0, hi = it % 2 ? 3 : 50;
		struct inst g;
		random_inst(&g, nr, nc, 1 + rng_below(80), lo, hi, 0, 3, 0, 2);
		if (it % 5 == 0)
			random_covered(&g, 30);
		int32_t *zero = calloc(nr, sizeof *zero);
		int32_t *idle = calloc(nr, sizeof *idle);
		unsigned char *a = malloc(g.nedges + 1), *b = malloc(g.nedges + 1);
		assert_true(zero && idle && a && b);
		for (size_t i = 0; i < nr; i++) {
			int open = 0;
			for (size_t e = g.start[i]; e < g.start[i + 1]; e++)
				open |= g.ccap[g.col[e]] > 0;
			if (g.rcap[i] == 0 || !open)
				idle[i] = 1 + (int32_t)rng_below(4);
		}
		for (int o = 0; o < 2; o++) {
			for (size_t k = 0; k < NSEARCH; k++) {
				struct bmatch_problem pb = problem(&g, (enum bmatch_objective)o);
				pb.search = searches[k];
				int64_t ta, tb;
				long na = bmatch_solve(&pb, a, &ta, NULL);
				assert_true(na >= 0);
				pb.row_min = zero;
				assert_int_equal(bmatch_solve(&pb, b, &tb, NULL), na);
				assert_true(ta == tb);
				assert_memory_equal(a, b, g.nedges);
				pb.row_min = idle;
				assert_int_equal(bmatch_solve(&pb, b, &tb, NULL), na);
				assert_true(ta == tb);
				assert_memory_equal(a, b, g.nedges);
			}
		}
		free(zero);
		free(idle);
		free(a);
		free(b);
		inst_free(&g);
	}
}

/* With minimums the bonus P ~ 2*W*K^3 (quality's tie-break, coverage) or
 * ~ 2*W*K^2 (quality without it): for weights of magnitude INT32_MAX,
 * coverage and the tie-break hold up to N = 511, quality's minimums up to
 * N = 11584 (bmatch.h).  A diagonal of n pairs (N = n), row 0 with a
 * minimum of 1 and only its edge of weight -INT32_MAX, the others
 * INT32_MAX. */
static void diagonal(struct inst *g, size_t n)
{
	inst_init(g, n, n, n);
	for (size_t i = 0; i < n; i++) {
		g->col[i] = (uint32_t)i;
		g->weight[i] = i == 0 ? -INT32_MAX : INT32_MAX;
		g->start[i + 1] = i + 1;
		g->rcap[i] = g->ccap[i] = 1;
	}
	g->nedges = n;
	g->rmin = calloc(n, sizeof *g->rmin);
	assert_non_null(g->rmin);
	g->rmin[0] = 1;
}

static void test_min_range(void **state)
{
	(void)state;
	static const size_t sizes[] = {511, 512, 11584, 11585};
	for (size_t k = 0; k < 4; k++) {
		size_t n = sizes[k];
		struct inst g;
		diagonal(&g, n);
		unsigned char *ch = malloc(n);
		assert_non_null(ch);
		int64_t total, want = (int64_t)(n - 2) * INT32_MAX;
		struct bmatch_problem pb = problem(&g, BMATCH_COVERAGE);
		long r = bmatch_solve(&pb, ch, &total, NULL);
		if (n <= 511) {
			assert_int_equal(r, (long)n);
			assert_true(total == want);
		} else {
			assert_int_equal(r, BMATCH_ERANGE);
		}
		pb.objective = BMATCH_QUALITY;
		r = bmatch_solve(&pb, ch, &total, NULL);
		if (n <= 11584) {
			/* the minimum wins: row 0's negative edge is taken */
			assert_int_equal(r, (long)n);
			assert_true(total == want);
			assert_int_equal(ch[0], 1);
		} else {
			assert_int_equal(r, BMATCH_ERANGE);
		}
		/* without the minimum: no BMATCH_ERANGE, row 0 left out */
		pb.row_min = NULL;
		assert_int_equal(bmatch_solve(&pb, ch, &total, NULL), (long)n - 1);
		assert_int_equal(ch[0], 0);
		if (n <= 11584) {
			pb.objective = BMATCH_COVERAGE;
			assert_int_equal(bmatch_solve(&pb, ch, &total, NULL), (long)n);
		}
		free(ch);
		inst_free(&g);
	}

	/* Quality's coverage tie-break with minimums, on the gadget of
	 * test_range_tiebreak (rows 0 and 1 tie on total and count, only
	 * row 0 -> column 1 covers both columns) plus a diagonal with a
	 * minimum on its last row: kept at N = 511, skipped at N = 512 (the
	 * minimums still met, total and count still the best). */
	for (size_t fill = 509; fill <= 510; fill++) {
		size_t n = 2 + fill, m = 3 + fill;
		struct inst g;
		inst_init(&g, n, n, m);
		g.col[0] = 0;
		g.col[1] = 1;
		g.col[2] = 0;
		g.start[1] = 2;
		g.start[2] = 3;
		for (size_t k = 0; k < fill; k++) {
			g.col[3 + k] = (uint32_t)(2 + k);
			g.start[3 + k] = 4 + k;
		}
		g.nedges = m;
		for (size_t e = 0; e < m; e++)
			g.weight[e] = INT32_MAX;
		g.weight[m - 1] = -INT32_MAX;
		for (size_t v = 0; v < n; v++)
			g.rcap[v] = g.ccap[v] = 1;
		g.ccap[0] = 2;
		g.rmin = calloc(n, sizeof *g.rmin);
		assert_non_null(g.rmin);
		g.rmin[n - 1] = 1;
		unsigned char *ch = malloc(m);
		assert_non_null(ch);
		struct score got = solve_checked(&g, BMATCH_QUALITY, ch);
		assert_int_equal(got.shortfall, 0);
		assert_int_equal(got.count, (long)n);
		assert_true(got.total == (int64_t)(n - 2) * INT32_MAX);
		assert_int_equal(ch[m - 1], 1);
		if (n <= 511) {
			assert_int_equal(got.covered, (long)n);
			assert_true(!ch[0] && ch[1] && ch[2]);
		} else {
			assert_true(got.covered == (long)n ||
				    got.covered == (long)n - 1);
		}
		free(ch);
		inst_free(&g);
	}
}

/* bmatch_shortfall on its own, and row_min in bmatch_solve's checks. */
static void test_shortfall(void **state)
{
	(void)state;
	size_t start[4] = {0, 2, 3, 3};
	uint32_t col[3] = {0, 1, 0};
	int32_t w[3] = {1, 1, 1}, rcap[3] = {2, 1, 4}, ccap[2] = {2, 1};
	int32_t rmin[3] = {3, 1, 2};
	struct bmatch_problem pb = {
		.nrows = 3, .ncols = 2, .start = start, .col = col,
		.weight = w, .row_cap = rcap, .col_cap = ccap, .row_min = rmin,
	};
	unsigned char ch[3] = {1, 0, 0};
	int32_t sh[3] = {-1, -1, -1};
	/* row 0: min(3, 2) - 1 = 1; row 1: 1 - 0; row 2: 2 - 0 (no edges) */
	assert_true(bmatch_shortfall(&pb, ch, sh) == 4);
	assert_int_equal(sh[0], 1);
	assert_int_equal(sh[1], 1);
	assert_int_equal(sh[2], 2);
	ch[1] = ch[2] = 1;
	assert_true(bmatch_shortfall(&pb, ch, NULL) == 2);
	/* the solve: all three edges, row 2 short by 2 */
	assert_int_equal(bmatch_solve(&pb, ch, NULL, NULL), 3);
	assert_true(bmatch_shortfall(&pb, ch, sh) == 2);
	assert_int_equal(sh[2], 2);
	/* no minimums */
	pb.row_min = NULL;
	assert_true(bmatch_shortfall(&pb, ch, sh) == 0);
	assert_int_equal(sh[0], 0);
	assert_int_equal(sh[2], 0);
	/* bad input, both functions */
	int32_t neg[3] = {0, -1, 0};
	pb.row_min = neg;
	assert_true(bmatch_shortfall(&pb, ch, sh) == BMATCH_EINVAL);
	assert_int_equal(bmatch_solve(&pb, ch, NULL, NULL), BMATCH_EINVAL);
	pb.row_min = rmin;
	assert_true(bmatch_shortfall(&pb, NULL, sh) == BMATCH_EINVAL);
	assert_true(bmatch_shortfall(NULL, ch, sh) == BMATCH_EINVAL);
	pb.row_cap = NULL;
	assert_true(bmatch_shortfall(&pb, ch, sh) == BMATCH_EINVAL);
	pb.row_cap = rcap;
	size_t bad[4] = {0, 2, 1, 3};
	pb.start = bad;
	assert_true(bmatch_shortfall(&pb, ch, sh) == BMATCH_EINVAL);
	/* no rows, no edges */
	size_t start0[1] = {0};
	struct bmatch_problem p0 = {.start = start0, .row_min = rmin};
	assert_true(bmatch_shortfall(&p0, NULL, NULL) == 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_capacities_zero),
		cmocka_unit_test(test_greedy_fails),
		cmocka_unit_test(test_equal_total_more_edges),
		cmocka_unit_test(test_equal_total_more_covered),
		cmocka_unit_test(test_coverage_beats_quality),
		cmocka_unit_test(test_negative_weights),
		cmocka_unit_test(test_extreme_weights),
		cmocka_unit_test(test_bad_input),
		cmocka_unit_test(test_range),
		cmocka_unit_test(test_range_tiebreak),
		cmocka_unit_test(test_cancel_progress),
		cmocka_unit_test(test_cancel_signal),
		cmocka_unit_test(test_brute_force),
		cmocka_unit_test(test_glpk_random),
		cmocka_unit_test(test_glpk_shapes),
		cmocka_unit_test(test_coverage_bound),
		cmocka_unit_test(test_large_sample),
		cmocka_unit_test(test_determinism),
		cmocka_unit_test(test_assign_equivalence),
		cmocka_unit_test(test_min_hand),
		cmocka_unit_test(test_min_chain),
		cmocka_unit_test(test_min_brute_force),
		cmocka_unit_test(test_min_glpk),
		cmocka_unit_test(test_min_null_zero),
		cmocka_unit_test(test_min_range),
		cmocka_unit_test(test_shortfall),
	};
	return cmocka_run_group_tests_name("bmatch", tests, NULL, NULL);
}
