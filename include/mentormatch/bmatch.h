/* bmatch.h - exact maximum-weight bipartite b-matching with capacities on
 * both sides, for large sparse instances.
 *
 * Problem.  Rows (mentors) i < nrows with capacity row_cap[i] >= 0, columns
 * (mentees) j < ncols with capacity col_cap[j] >= 0, and edges (i, j) with
 * integer weights.  Choose a set of edges such that row i has at most
 * row_cap[i] and column j at most col_cap[j] chosen edges.  Each edge can be
 * chosen once; a pair that is not an edge can never be chosen.  Write
 * deg_i for the number of chosen edges of row i.
 *
 * Row minimums (optional, bmatch_problem.row_min): "every row (mentor) gets
 * at least row_min[i] edges where that is feasible".  With
 * lo_i = min(row_min[i], row_cap[i]), row i's shortfall is
 * short(i) = max(0, lo_i - deg_i).  The solver first MINIMISES the total
 * shortfall sum_i short(i) over all edge sets within the capacities
 * (equivalently, maximises sum_i min(deg_i, lo_i)); only among the sets of
 * least total shortfall does it apply the objective below.  So the
 * minimums come first, before coverage and before weight: when every row
 * can reach its minimum together, no row is short, whatever that costs in
 * coverage or weight.  Only the total counts: which rows stay short when
 * not all minimums can be met (one row short by 2, or two rows by 1) is
 * decided by the objective.  row_min NULL, all zero, or non-zero only at
 * rows that cannot take any edge (capacity 0, or no edge into a column of
 * capacity > 0) gives exactly the set chosen without minimums (the same
 * chosen[], not merely an equally good set).
 *
 * Then one of two objectives, both optimised exactly (integer arithmetic
 * only):
 *
 *   BMATCH_QUALITY   maximise the total weight; among sets of equal total,
 *                    one with the most covered columns (columns with at
 *                    least one chosen edge); then the most edges.  For
 *                    very large instances (see the limits below) the
 *                    coverage tie-break is skipped: total weight, then
 *                    edges.
 *   BMATCH_COVERAGE  maximise the number of covered columns (columns with
 *                    at least one chosen edge); among those, the total
 *                    weight; then the number of edges.
 *
 * Which edges can be chosen.  Any edge (i, j) with row_cap[i] > 0 and
 * col_cap[j] > 0, except that an edge of negative weight is in the answer
 * only where dropping it would lose a key that comes before the weight,
 * that is only if at least one of these holds:
 *   - its row has a minimum and at most lo_i chosen edges, itself
 *     included (dropping it would leave the row short; both objectives);
 *   - BMATCH_COVERAGE: it is the one chosen edge of its column, which it
 *     covers (and no better way to cover exists).
 * So without minimums BMATCH_QUALITY never chooses a negative edge
 * (dropping one always helps) and the solver leaves such edges out up
 * front; with minimums it keeps every edge of the rows with lo_i > 0, where
 * one may be needed, and still leaves out the negative edges of the
 * others.
 *
 * Tie-break.  When several edge sets are optimal for all the criteria
 * above, the one returned is fixed by the input alone: the solver visits
 * rows, columns and edges in index order and uses no randomness, clock or
 * threads, so the same input always gives the same output.  No further
 * preference (e.g. by index) is promised: listing a row's edges in another
 * order may give another, equally optimal, set.
 *
 * Method: minimum-cost flow, s -> row i (capacity a_i: a first lo_i units
 * at cost -P, the other a_i - lo_i at cost 0) -> column j (capacity 1 per
 * edge, cost -(w*L + 1)) -> t (capacity b_j: a first unit at cost -M, the
 * other b_j - 1 at cost 0), so that a set of total weight W covering C
 * columns with n edges and S = sum_i min(deg_i, lo_i) costs
 * -(S*P + W*L + C*M + n).  With K = N + 1 > (most edges any solution can
 * have, N): quality L = K^2, M = K (C*K + n < K^2; fallback L = K, M = 0);
 * coverage L = K and M > (the largest spread of W*K + n); with minimums
 * P = N*(2*Wmax*L + 1 + M) + 1 > (the largest spread of W*L + C*M + n),
 * else P = 0.  One scalar cost thus encodes the lexicographic objective.
 * The minimums are soft: not lower bounds on the flow (AMO section 6.7,
 * flows with lower bounds, which would make an instance whose minimums
 * cannot all be met infeasible) but the penalty or big-M method
 * (A. Charnes, "Optimality and degeneracy in linear programming",
 * Econometrica 20(2) (1952) 160-170), as a bonus on the first lo_i units
 * of each row, the same device as coverage's M.  The big-M is exact here,
 * not a heuristic: all costs are integers and one more unit of S gains P,
 * more than any difference in W*L + C*M + n between two edge sets can
 * lose, so the minimum cost has the largest S, and among those the best
 * objective.  Solved by the primal-dual form of successive
 * shortest paths: exact initial potentials from one pass (the network
 * starts as a DAG), then phases of one Dijkstra on reduced costs (stopped
 * as soon as the sink is settled), a potential update, and a round of
 * Dinic's blocking flow on the zero-reduced-cost subgraph, which augments
 * many shortest paths at once.  The potentials change at most once per
 * distinct gain (of minimum, of coverage, and of weight) an augmenting
 * path can have (few when scores take few values); in between,
 * phases whose search ends at distance 0 just add more rounds.
 * Searches start from the rows, or from the columns once that has become
 * worth building a column-wise copy of the edges (see enum bmatch_search
 * and bmatch.c).  Integer arithmetic only; nothing is recursive.  See
 *   R. K. Ahuja, T. L. Magnanti, J. B. Orlin, "Network Flows: Theory,
 *   Algorithms, and Applications", Prentice Hall 1993, sections 9.7
 *   (successive shortest paths) and 9.8 (primal-dual algorithm), 7.4
 *   (Dinic's algorithm);
 *   J. Edmonds, R. M. Karp, "Theoretical improvements in algorithmic
 *   efficiency for network flow problems", J. ACM 19(2) (1972) 248-264
 *   (reduced costs keep Dijkstra valid);
 *   A. Charnes (1952), above (big-M: the row minimums);
 *   E. A. Dinic, "Algorithm for solution of a problem of maximum flow in a
 *   network with power estimation", Soviet Math. Doklady 11 (1970) 1277-1280;
 *   J. E. Hopcroft, R. M. Karp, "An n^(5/2) algorithm for maximum matchings
 *   in bipartite graphs", SIAM J. Comput. 2(4) (1973) 225-231.
 */
#ifndef MENTORMATCH_BMATCH_H
#define MENTORMATCH_BMATCH_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

enum bmatch_objective {
	BMATCH_QUALITY,
	BMATCH_COVERAGE
};

/* Which side the shortest-path searches start from.  Only the running time
 * depends on it, never the optimum (though another of several equally
 * optimal sets may come out). */
enum bmatch_search {
	BMATCH_SEARCH_AUTO,      /* default: from the rows; once that has
				    scanned about 24 times the edges (many
				    phases), the column copy is built and
				    each phase starts from the side whose free
				    nodes have fewer edges to scan */
	BMATCH_SEARCH_ROWS,      /* always from the rows: no column copy */
	BMATCH_SEARCH_COLUMNS,   /* always from the columns */
	BMATCH_SEARCH_ALTERNATE  /* switches every phase; for tests */
};

/* Passed to the optional progress callback once per phase (one shortest
 * path search and the round of augmentations that follows it).  chosen
 * never decreases; bound is an upper bound on the final number of edges
 * fixed at the start (the final count may stay below it), so chosen / bound
 * is a rough fraction done. */
struct bmatch_progress {
	unsigned long phase;   /* phases completed, from 1 */
	size_t chosen;         /* edges chosen so far */
	size_t bound;          /* upper bound on the final count */
};

/* The instance.  All arrays are read-only and owned by the caller; they must
 * stay valid and unchanged during bmatch_solve.
 *   start   nrows + 1 offsets, start[0] == 0, non-decreasing; the edges of
 *           row i are e in [start[i], start[i+1]), m = start[nrows] edges.
 *   col     m column indices, each < ncols; a row lists a column at most
 *           once.  Any order within a row.
 *   weight  m weights (any int32 value).
 *   row_cap nrows capacities >= 0; col_cap ncols capacities >= 0.
 *   search  BMATCH_SEARCH_AUTO (0) unless tuning or testing.
 *   progress, progress_arg: optional (NULL for none); called from the
 *           solving thread.
 *   col_covered: optional (NULL for none); ncols flags, non-zero for a
 *           column already covered by something outside the problem (a
 *           pinned pair): it gets no coverage credit (BMATCH_COVERAGE's
 *           first key, BMATCH_QUALITY's tie-break), so its edges count by
 *           weight and number only.
 *   row_min optional (NULL for none); nrows minimums >= 0, the first key
 *           (see "Row minimums" above).  They count the edges chosen in
 *           this problem only: a caller with pairs outside it (pins) that
 *           count towards a minimum passes what is left, as for row_cap.
 *           row_min[i] > row_cap[i] is allowed (the row can be short by
 *           at most row_cap[i]). */
struct bmatch_problem {
	size_t nrows, ncols;
	const size_t *start;
	const uint32_t *col;
	const int32_t *weight;
	const int32_t *row_cap;
	const int32_t *col_cap;
	enum bmatch_objective objective;
	enum bmatch_search search;
	void (*progress)(void *arg, const struct bmatch_progress *p);
	void *progress_arg;
	const unsigned char *col_covered;
	const int32_t *row_min;  /* optional (NULL: none); nrows values >= 0 */
};

/* Negative results of bmatch_solve. */
#define BMATCH_ENOMEM    (-1L)  /* out of memory */
#define BMATCH_ECANCELED (-2L)  /* *cancel became non-zero */
#define BMATCH_EINVAL    (-3L)  /* bad input: NULL array, start[0] != 0 or
				   decreasing, column out of range, a pair
				   listed twice, negative capacity or
				   minimum, unknown objective or search */
#define BMATCH_ERANGE    (-4L)  /* too large for the exact 64-bit costs:
				   see the limits below */

/* Solves pb exactly.
 * Output: chosen[e] = 1 for each chosen edge and 0 otherwise (m bytes,
 * caller-owned; may be NULL only when m == 0); *total = sum of the chosen
 * weights (total may be NULL).
 * Returns the number of chosen edges, or one of the negative values above;
 * on any negative result chosen and *total are unspecified.
 * cancel: NULL, or a flag another thread or a signal handler may set to
 * non-zero (atomic_int is lock-free on every supported platform, so a
 * handler may store to it); it is polled often and the solve then returns
 * BMATCH_ECANCELED within milliseconds.
 * Limits (else BMATCH_ERANGE): nrows + ncols < 2^31 - 1, m < 2^32, and with
 * N = the most edges any solution can have (at most
 * min(sum of row capacities, sum of column capacities, m)), K = N + 1,
 * W = the largest |weight| of a usable edge (from a row of capacity > 0;
 * quality: weight >= 0, or any weight at a row with lo_i > 0), and the
 * costs C = W*L + 1 (L: K^2 for quality's tie-break, else K), M (quality's
 * tie-break K, coverage N*(2*W*K + 1) + 1, else 0) and P (with minimums
 * N*(2*W*L + 1 + M) + 1, else 0), the bound is C + M + P <= 2^59:
 *   quality:  the bound must hold with L = K, M = 0 (without minimums
 *             that is C = W*K + 1 <= 2^59); the coverage tie-break needs it
 *             with L = K^2, M = K as well, and is skipped (total, then
 *             edges) when that fails.  Without minimums the tie-break
 *             holds for W <= 34 up to N ~ 1.3e8, W <= 1000 up to
 *             N ~ 2.4e7, any int32 weights up to N = 16383.  With minimums
 *             (P ~ 2*W*K^3 with the tie-break, ~ 2*W*K^2 without) the
 *             tie-break holds for W <= 34 up to N = 203900, W <= 1000 up
 *             to N = 66055, any int32 weights up to N = 511, and the solve
 *             (beyond those without the tie-break) for W <= 34 up to
 *             N ~ 9.2e7, W <= 1000 up to N ~ 1.7e7, any int32 weights up
 *             to N = 11584;
 *   coverage: without minimums it holds for W <= 1000 up to N ~ 1.7e7, and
 *             for any int32 weights up to N ~ 11000; with minimums
 *             (P = K*M ~ 2*W*K^3) for W <= 34 up to N = 203900, W <= 1000
 *             up to N = 66055, any int32 weights up to N = 511.
 * Memory, beyond the caller's arrays: about 90 bytes per row and column
 * (94 per row with row_min) plus 12 per unit of (clipped) capacity, and 12
 * bytes per usable edge once the column-wise copy is built
 * (BMATCH_SEARCH_COLUMNS or ALTERNATE, or AUTO after many phases).
 * Thread-safety: no global state; concurrent calls on distinct outputs are
 * fine. */
long bmatch_solve(const struct bmatch_problem *pb, unsigned char *chosen,
		  int64_t *total, const atomic_int *cancel);

/* The shortfalls of an edge set, e.g. to report which rows (mentors) got
 * fewer than their minimum after bmatch_solve.
 * Input: pb as for bmatch_solve (only nrows, start, row_cap and row_min are
 * read; row_min NULL means no minimums), chosen[e] non-zero for each chosen
 * edge (m bytes; may be NULL only when m == 0).  It need not come from
 * bmatch_solve and is not checked against the column capacities.
 * Output: when row_short is not NULL, row_short[i] = short(i) =
 * max(0, min(row_min[i], row_cap[i]) - chosen edges of row i) for each of
 * the nrows rows (caller-owned).
 * Returns the total shortfall sum_i short(i) >= 0 (0 when row_min is NULL),
 * or BMATCH_EINVAL (pb, start or row_cap NULL, chosen NULL with m > 0,
 * start[0] != 0 or decreasing, a negative capacity or minimum) or
 * BMATCH_ERANGE (nrows >= 2^31 - 1); on error row_short is unspecified.
 * After a successful bmatch_solve of the same pb the total is the least
 * possible.  Thread-safety: no global state. */
int64_t bmatch_shortfall(const struct bmatch_problem *pb,
			 const unsigned char *chosen, int32_t *row_short);

#endif
