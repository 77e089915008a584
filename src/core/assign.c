/* assign.c - exact maximum-weight bipartite matching on a sparse graph.
 *
 * Method: shortest augmenting paths with Dijkstra and dual potentials, as in
 *   R. Jonker and A. Volgenant, "A shortest augmenting path algorithm for
 *   dense and sparse linear assignment problems", Computing 38 (1987) 325-340;
 *   D. F. Crouse, "On implementing 2D rectangular assignment algorithms",
 *   IEEE Trans. Aerospace and Electronic Systems 52(4) (2016) 1679-1696.
 *
 * Formulation.  Every row i gets a private "unmatched" column u(i) of profit
 * 0, so each row is always assigned (to a real column or to u(i)) and the
 * problem becomes a rectangular assignment.  Edge profits are scaled,
 *   a = w * s + 1   with s = min(nrows, ncols) + 1,  for w >= 0,
 * so that a solution's scaled total is W * s + k (W = weight, k = pairs,
 * k < s): maximising it maximises W first and then the number of pairs.
 * Negative edges would lower W and are dropped.  Zero-weight edges have
 * profit 1 and so are taken whenever they add a pair.
 *
 * Duals.  Real columns carry prices p >= 0 (all 0 at first); the utility of
 * a matched row k on edge (k, m) is util(k) = a(k, m) - p(m).  Invariant for
 * matched rows: a(k, l) - p(l) <= util(k) for each edge (k, l), and
 * util(k) >= 0 (the free private column has price 0).  Hence the reduced cost
 * p(l) - a(k, l) + util(k) of leaving row k for column l is >= 0 and Dijkstra
 * applies.  A search from the free row i starts with distances
 * d(j) = p(j) - a(i, j) to its columns and 0 to u(i).  It takes columns in
 * the order (distance, kind, index), kind being: free real column, then
 * private column (the start row's own first, then the others by row), then
 * matched real column.  It ends at the first free real or private column
 * taken; a matched column taken is settled and its row's edges relaxed.
 * Ending as early as possible among equal distances matters: these scores
 * have few distinct values and so large plateaus of equal distance.
 * Prices of settled columns then rise by D - d(j) (D = distance of
 * the end), the usual shortest-path dual update, which keeps the invariant,
 * and the path is flipped (when the search ends at the start row's own
 * private column nothing changes and the update is skipped).  A private column is reachable only from its own row, so a row
 * that ends on it is never reached again and needs no further duals.
 *
 * Bounds.  Matched column prices are <= a(k, m) <= C (C = max profit) since
 * util >= 0, and utilities lie in [0, C]; distances kept lie in [-C, 0]
 * (heap keys 2d in [-2C, 0]) and intermediate sums within +-3C.  Requiring
 * C <= 2^61 keeps every int64 sum exact; with |w| <= 2^40 that holds
 * whenever min(nrows, ncols) < 2^21, and otherwise assign_solve checks C
 * against the actual largest weight and returns -1 if it does not fit.
 *
 * Cost per search: only columns it touches (generation stamps, no O(n)
 * reset).  The order above is total and rows are taken in index order, so
 * the result depends on the input alone (not even on the order of a row's
 * edges).  Memory: O(nrows + ncols) beyond the caller's edges.
 */
#include "mentormatch/assign.h"

#include <limits.h>
#include <stdlib.h>

#define NONE SIZE_MAX
#define WEIGHT_LIMIT ((int64_t)1 << 40)
#define PROFIT_LIMIT ((int64_t)1 << 61)

/* Heap entries carry their key, so that sifting touches only the heap:
 * key = 2 * distance + (1 if the column is matched), then column index.
 * That is the search order (distance, free before matched, index). */
struct hnode {
	int64_t key;
	uint32_t col;
};

struct solver {
	const size_t *start;
	const uint32_t *col;
	const int64_t *weight;
	int64_t scale;

	/* per row */
	size_t *redge;        /* matched edge index, or NONE */

	/* per real column */
	size_t *owner;        /* matched row, or NONE */
	int64_t *price;
	int64_t *dist;        /* valid when seen == stamp */
	size_t *seen;         /* search stamp */
	size_t *prow;         /* row the best path came from */
	size_t *pedge;        /* edge of that step */
	uint32_t *hpos;       /* heap position, or SETTLED */

	struct hnode *heap;   /* binary heap of columns */
	size_t hsize;
	uint32_t *settled;    /* columns settled in this search */
	size_t nsettled;
	size_t stamp;
};

#define SETTLED UINT32_MAX

static int64_t profit(const struct solver *s, size_t e)
{
	return s->weight[e] * s->scale + 1;
}

static int64_t heap_key(const struct solver *s, uint32_t l, int64_t d)
{
	return 2 * d + (s->owner[l] != NONE);
}

static int hnode_less(struct hnode a, struct hnode b)
{
	return a.key < b.key || (a.key == b.key && a.col < b.col);
}

static void heap_up(struct solver *s, size_t pos)
{
	struct hnode c = s->heap[pos];
	while (pos > 0) {
		size_t parent = (pos - 1) / 2;
		struct hnode pn = s->heap[parent];
		if (!hnode_less(c, pn))
			break;
		s->heap[pos] = pn;
		s->hpos[pn.col] = (uint32_t)pos;
		pos = parent;
	}
	s->heap[pos] = c;
	s->hpos[c.col] = (uint32_t)pos;
}

static void heap_down(struct solver *s, size_t pos)
{
	struct hnode c = s->heap[pos];
	for (;;) {
		size_t child = 2 * pos + 1;
		if (child >= s->hsize)
			break;
		if (child + 1 < s->hsize &&
		    hnode_less(s->heap[child + 1], s->heap[child]))
			child++;
		struct hnode cn = s->heap[child];
		if (!hnode_less(cn, c))
			break;
		s->heap[pos] = cn;
		s->hpos[cn.col] = (uint32_t)pos;
		pos = child;
	}
	s->heap[pos] = c;
	s->hpos[c.col] = (uint32_t)pos;
}

static uint32_t heap_pop(struct solver *s)
{
	uint32_t top = s->heap[0].col;
	s->hsize--;
	if (s->hsize > 0) {
		s->heap[0] = s->heap[s->hsize];
		heap_down(s, 0);
	}
	return top;
}

/* Offers distance nd to column l, reached from row k by edge e.  Columns
 * that come after the nearest private column so far (distance best) can
 * never be taken in this search and are skipped. */
static void relax(struct solver *s, uint32_t l, int64_t nd, int64_t best,
		  size_t k, size_t e)
{
	if (nd > best || (nd == best && s->owner[l] != NONE))
		return;
	if (s->seen[l] != s->stamp) {
		s->seen[l] = s->stamp;
		s->dist[l] = nd;
		s->prow[l] = k;
		s->pedge[l] = e;
		s->heap[s->hsize].key = heap_key(s, l, nd);
		s->heap[s->hsize].col = l;
		s->hsize++;
		heap_up(s, s->hsize - 1);
	} else if (s->hpos[l] != SETTLED && nd < s->dist[l]) {
		s->dist[l] = nd;
		s->prow[l] = k;
		s->pedge[l] = e;
		s->heap[s->hpos[l]].key = heap_key(s, l, nd);
		heap_up(s, s->hpos[l]);
	}
}

/* Flips the path ending at real column j (whose step came from prow[j])
 * back to the search's start row i. */
static void flip(struct solver *s, size_t j, size_t i)
{
	for (;;) {
		size_t k = s->prow[j];
		size_t old = s->redge[k] == NONE ? NONE : s->col[s->redge[k]];
		s->owner[j] = k;
		s->redge[k] = s->pedge[j];
		if (k == i)
			break;
		j = old;
	}
}

/* One shortest augmenting path search from the free row i. */
static void augment(struct solver *s, size_t i)
{
	size_t e0 = s->start[i], e1 = s->start[i + 1];

	/* Fast path: the first column Dijkstra would settle is free. */
	int64_t bd = 0;
	size_t be = NONE;
	for (size_t e = e0; e < e1; e++) {
		if (s->weight[e] < 0)
			continue;
		uint32_t j = s->col[e];
		int64_t d = s->price[j] - profit(s, e);
		if (be == NONE ? d <= bd : d < bd || (d == bd &&
		    hnode_less((struct hnode){heap_key(s, j, d), j},
			       (struct hnode){heap_key(s, s->col[be], bd),
					      s->col[be]}))) {
			bd = d;
			be = e;
		}
	}
	if (be == NONE)
		return;                 /* no usable edge: stays unmatched */
	if (s->owner[s->col[be]] == NONE) {
		s->owner[s->col[be]] = i;
		s->redge[i] = be;
		return;
	}

	s->stamp++;
	s->hsize = 0;
	s->nsettled = 0;
	int64_t best = 0;               /* nearest private column so far */
	size_t best_row = i;
	for (size_t e = e0; e < e1; e++) {
		if (s->weight[e] < 0)
			continue;
		uint32_t j = s->col[e];
		relax(s, j, s->price[j] - profit(s, e), best, i, e);
	}

	size_t sink = NONE;             /* real end column, if any */
	int64_t D;
	for (;;) {
		if (s->hsize == 0) {
			D = best;
			break;
		}
		uint32_t m = s->heap[0].col;
		int64_t dm = s->dist[m];
		if (best < dm || (best == dm && s->owner[m] != NONE)) {
			/* a private column comes first */
			D = best;
			break;
		}
		heap_pop(s);
		s->hpos[m] = SETTLED;
		s->settled[s->nsettled++] = m;
		if (s->owner[m] == NONE) {
			sink = m;
			D = dm;
			break;
		}
		size_t k = s->owner[m];
		int64_t base = dm + profit(s, s->redge[k]) - s->price[m];
		if (base < best ||
		    (base == best && best_row != i && k < best_row)) {
			best = base;
			best_row = k;
		}
		/* Hot loop: most edges fail the bound, so test it first with
		 * everything in locals (nd <= best  <=>  p - a <= lim). */
		const uint32_t *col = s->col;
		const int64_t *weight = s->weight, *price = s->price;
		int64_t scale = s->scale, lim = best - base;
		for (size_t e = s->start[k], end = s->start[k + 1]; e < end;
		     e++) {
			int64_t w = weight[e];
			if (w < 0)
				continue;
			uint32_t l = col[e];
			int64_t r = price[l] - (w * scale + 1);
			if (r <= lim)
				relax(s, l, base + r, best, k, e);
		}
	}

	if (sink == NONE && best_row == i)
		return;                 /* i stays unmatched; nothing changes */

	for (size_t t = 0; t < s->nsettled; t++) {
		uint32_t j = s->settled[t];
		s->price[j] += D - s->dist[j];
	}

	if (sink != NONE) {
		flip(s, sink, i);
	} else {
		size_t r = best_row;    /* r leaves for its private column */
		size_t j = s->col[s->redge[r]];
		s->redge[r] = NONE;
		flip(s, j, i);
	}
}

/* Checks the input; sets *maxw to the largest non-negative weight, or -1. */
static int check_input(size_t nrows, size_t ncols, const size_t *start,
		       const uint32_t *col, const int64_t *weight,
		       size_t *mark, int64_t *maxw)
{
	*maxw = -1;
	for (size_t i = 0; i < nrows; i++) {
		if (start[i + 1] < start[i])
			return -1;
		for (size_t e = start[i]; e < start[i + 1]; e++) {
			uint32_t j = col[e];
			int64_t w = weight[e];
			if (j >= ncols || w > WEIGHT_LIMIT || w < -WEIGHT_LIMIT)
				return -1;
			if (mark[j] == i + 1)
				return -1;      /* column listed twice */
			mark[j] = i + 1;
			if (w > *maxw)
				*maxw = w;
		}
	}
	return 0;
}

long assign_solve(size_t nrows, size_t ncols, const size_t *start,
		  const uint32_t *col, const int64_t *weight,
		  long *row_match, int64_t *total)
{
	if (total)
		*total = 0;
	if (nrows > (size_t)LONG_MAX || ncols >= (size_t)UINT32_MAX ||
	    (nrows > 0 && (!start || !row_match)))
		return -1;
	if (nrows == 0)
		return 0;
	if (start[nrows] > start[0] && (!col || !weight))
		return -1;

	struct solver s = {
		.start = start, .col = col, .weight = weight,
	};
	size_t nc = ncols > 0 ? ncols : 1;
	s.redge = malloc(nrows * sizeof *s.redge);
	s.owner = malloc(nc * sizeof *s.owner);
	s.price = calloc(nc, sizeof *s.price);
	s.dist = malloc(nc * sizeof *s.dist);
	s.seen = calloc(nc, sizeof *s.seen);
	s.prow = malloc(nc * sizeof *s.prow);
	s.pedge = malloc(nc * sizeof *s.pedge);
	s.hpos = malloc(nc * sizeof *s.hpos);
	s.heap = malloc(nc * sizeof *s.heap);
	s.settled = malloc(nc * sizeof *s.settled);
	long result = -1;
	if (!s.redge || !s.owner || !s.price || !s.dist || !s.seen ||
	    !s.prow || !s.pedge || !s.hpos || !s.heap || !s.settled)
		goto out;

	/* s.seen doubles as the duplicate-column mark during the check. */
	int64_t maxw;
	if (check_input(nrows, ncols, start, col, weight, s.seen, &maxw) < 0)
		goto out;
	size_t smin = nrows < ncols ? nrows : ncols;
	if ((uint64_t)smin + 1 > (uint64_t)PROFIT_LIMIT)
		goto out;
	s.scale = (int64_t)smin + 1;
	if (maxw > 0 && maxw > (PROFIT_LIMIT - 1) / s.scale)
		goto out;               /* scaled profits would not fit */
	for (size_t j = 0; j < nc; j++) {
		s.seen[j] = 0;
		s.owner[j] = NONE;
	}
	for (size_t i = 0; i < nrows; i++)
		s.redge[i] = NONE;

	if (maxw >= 0 && ncols > 0)
		for (size_t i = 0; i < nrows; i++)
			augment(&s, i);

	result = 0;
	int64_t sum = 0;
	for (size_t i = 0; i < nrows; i++) {
		if (s.redge[i] == NONE) {
			row_match[i] = -1;
		} else {
			row_match[i] = (long)col[s.redge[i]];
			sum += weight[s.redge[i]];
			result++;
		}
	}
	if (total)
		*total = sum;
out:
	free(s.redge);
	free(s.owner);
	free(s.price);
	free(s.dist);
	free(s.seen);
	free(s.prow);
	free(s.pedge);
	free(s.hpos);
	free(s.heap);
	free(s.settled);
	return result;
}
