/* assign.h - exact maximum-weight bipartite matching on a sparse graph.
 *
 * Solves: choose a set of edges, no two sharing a row or a column, that
 * maximises the total weight; among all such sets, one with the most edges.
 * Rows and columns may stay unmatched; only the given edges can be chosen
 * (a pair that is not allowed is simply not an edge).
 *
 * Method: shortest augmenting paths with Dijkstra and dual potentials on the
 * sparse graph, each row having a private zero-cost "unmatched" column, as in
 *   R. Jonker and A. Volgenant, "A shortest augmenting path algorithm for
 *   dense and sparse linear assignment problems", Computing 38 (1987) 325-340;
 *   D. F. Crouse, "On implementing 2D rectangular assignment algorithms",
 *   IEEE Trans. Aerospace and Electronic Systems 52(4) (2016) 1679-1696.
 * Integer arithmetic throughout, so the optimum is exact.  Ties are broken
 * deterministically by row and column index: the same input always gives
 * the same output.
 */
#ifndef MENTORMATCH_ASSIGN_H
#define MENTORMATCH_ASSIGN_H

#include <stddef.h>
#include <stdint.h>

/* Solves the matching.  The edges of row i are col[start[i] .. start[i+1])
 * with weights weight[...] (any sign; negative edges are never worth taking
 * and so are never chosen).  Columns are < ncols; a row must not list the same
 * column twice.  Weights must satisfy |w| <= 2^40.
 * Output: row_match[i] = matched column or -1 (nrows entries, caller-owned),
 * *total = sum of chosen weights (may be NULL).
 * Returns the number of matched rows, or -1 on out-of-memory or bad input. */
long assign_solve(size_t nrows, size_t ncols, const size_t *start,
		  const uint32_t *col, const int64_t *weight,
		  long *row_match, int64_t *total);

#endif
