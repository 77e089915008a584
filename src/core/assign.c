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
#define NONE32 UINT32_MAX
#define WEIGHT_LIMIT ((int64_t)1 << 40)
#define PROFIT_LIMIT ((int64_t)1 << 61)

/* Heap entries carry their key, so that sifting touches only the heap:
 * key = 2 * distance + (1 if the column is matched), then column index.
 * That is the search order (distance, free before matched, index). */
struct hnode {
	int64_t key;
	uint32_t col;
};

/* Everything a search reads about a real column, in one cache line. */
struct colstate {
	int64_t price;
	int64_t dist;         /* valid when stamp == the search's stamp */
	uint32_t stamp;       /* search stamp */
	uint32_t hpos;        /* heap position, or SETTLED */
	uint32_t owner;       /* matched row, or NONE32 */
	uint32_t prow;        /* row the best path came from */
};

struct solver {
	const size_t *start;  /* the caller's edges */
	const uint32_t *col;
	const int64_t *weight;
	int64_t scale;

	/* per row */
	size_t *redge;        /* matched edge, or NONE */

	/* per real column */
	struct colstate *cs;
	size_t *pedge;        /* edge of the best path's last step */

	struct hnode *heap;   /* binary heap of columns */
	size_t hsize;
	uint32_t *settled;    /* columns settled in this search */
	size_t nsettled;
	uint32_t stamp;
};

#define SETTLED UINT32_MAX

static int64_t heap_key(const struct solver *s, uint32_t l, int64_t d)
{
	return 2 * d + (s->cs[l].owner != NONE32);
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
		s->cs[pn.col].hpos = (uint32_t)pos;
		pos = parent;
	}
	s->heap[pos] = c;
	s->cs[c.col].hpos = (uint32_t)pos;
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
		s->cs[cn.col].hpos = (uint32_t)pos;
		pos = child;
	}
	s->heap[pos] = c;
	s->cs[c.col].hpos = (uint32_t)pos;
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
 * never be taken in this search and are skipped; so are columns already
 * reached at least as cheaply (settled ones among them: reduced costs are
 * non-negative). */
static inline void relax(struct solver *s, uint32_t l, int64_t nd, int64_t best,
			 size_t k, size_t e)
{
	struct colstate *c = &s->cs[l];
	if (c->stamp == s->stamp && (nd >= c->dist || c->hpos == SETTLED))
		return;
	if (nd > best || (nd == best && c->owner != NONE32))
		return;
	c->dist = nd;
	c->prow = (uint32_t)k;
	s->pedge[l] = e;
	if (c->stamp != s->stamp) {
		c->stamp = s->stamp;
		s->heap[s->hsize].key = heap_key(s, l, nd);
		s->heap[s->hsize].col = l;
		s->hsize++;
		heap_up(s, s->hsize - 1);
	} else {
		s->heap[c->hpos].key = heap_key(s, l, nd);
		heap_up(s, c->hpos);
	}
}

/* Flips the path ending at real column j (whose step came from prow[j])
 * back to the search's start row i. */
static void flip(struct solver *s, size_t j, size_t i)
{
	for (;;) {
		size_t k = s->cs[j].prow;
		size_t old = s->redge[k] == NONE ? NONE : s->col[s->redge[k]];
		s->cs[j].owner = (uint32_t)k;
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
	const uint32_t *col = s->col;
	const int64_t *weight = s->weight;
	const int64_t scale = s->scale;
	struct colstate *cs = s->cs;

	/* Fast path: the first column Dijkstra would settle is free. */
	int64_t bd = 0;
	size_t be = NONE;
	for (size_t e = e0; e < e1; e++) {
		if (weight[e] < 0)
			continue;
		uint32_t j = col[e];
		int64_t d = cs[j].price - (weight[e] * scale + 1);
		if (be == NONE ? d <= bd : d < bd || (d == bd &&
		    hnode_less((struct hnode){heap_key(s, j, d), j},
			       (struct hnode){heap_key(s, col[be], bd),
					      col[be]}))) {
			bd = d;
			be = e;
		}
	}
	if (be == NONE)
		return;                 /* no usable edge: stays unmatched */
	if (cs[col[be]].owner == NONE32) {
		cs[col[be]].owner = (uint32_t)i;
		s->redge[i] = be;
		return;
	}

	s->stamp++;
	s->hsize = 0;
	s->nsettled = 0;
	int64_t best = 0;               /* nearest private column so far */
	size_t best_row = i;
	for (size_t e = e0; e < e1; e++) {
		if (weight[e] < 0)
			continue;
		uint32_t j = col[e];
		relax(s, j, cs[j].price - (weight[e] * scale + 1), best, i, e);
	}

	size_t sink = NONE;             /* real end column, if any */
	int64_t D;
	for (;;) {
		if (s->hsize == 0) {
			D = best;
			break;
		}
		uint32_t m = s->heap[0].col;
		int64_t dm = cs[m].dist;
		if (best < dm || (best == dm && cs[m].owner != NONE32)) {
			/* a private column comes first */
			D = best;
			break;
		}
		heap_pop(s);
		cs[m].hpos = SETTLED;
		s->settled[s->nsettled++] = m;
		if (cs[m].owner == NONE32) {
			sink = m;
			D = dm;
			break;
		}
		size_t k = cs[m].owner;
		int64_t base = dm + (weight[s->redge[k]] * scale + 1) - cs[m].price;
		if (base < best ||
		    (base == best && best_row != i && k < best_row)) {
			best = base;
			best_row = k;
		}
		/* Hot loop: most edges fail the bound or reach a column seen
		 * at least as cheaply; test both before anything else
		 * (nd <= best  <=>  price - a <= lim). */
		int64_t lim = best - base;
		uint32_t stamp = s->stamp;
		for (size_t e = s->start[k], end = s->start[k + 1]; e < end;
		     e++) {
			int64_t w = weight[e];
			uint32_t l = col[e];
			const struct colstate *c = &cs[l];
			int64_t r = c->price - (w * scale + 1);
			if (w < 0 || r > lim || (c->stamp == stamp && base + r >= c->dist))
				continue;
			relax(s, l, base + r, best, k, e);
		}
	}

	if (sink == NONE && best_row == i)
		return;                 /* i stays unmatched; nothing changes */

	for (size_t t = 0; t < s->nsettled; t++) {
		uint32_t j = s->settled[t];
		cs[j].price += D - cs[j].dist;
	}

	if (sink != NONE) {
		flip(s, sink, i);
	} else {
		size_t r = best_row;    /* r leaves for its private column */
		size_t j = col[s->redge[r]];
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
	if (nrows > (size_t)LONG_MAX || nrows >= (size_t)UINT32_MAX ||
	    ncols >= (size_t)UINT32_MAX || (nrows > 0 && (!start || !row_match)))
		return -1;
	if (nrows == 0)
		return 0;
	if (start[nrows] > start[0] && (!col || !weight))
		return -1;

	struct solver s = { 0 };
	size_t nc = ncols > 0 ? ncols : 1;
	size_t *mark = calloc(nc, sizeof *mark);
	s.redge = malloc(nrows * sizeof *s.redge);
	s.cs = malloc(nc * sizeof *s.cs);
	s.pedge = malloc(nc * sizeof *s.pedge);
	s.heap = malloc(nc * sizeof *s.heap);
	s.settled = malloc(nc * sizeof *s.settled);
	long result = -1;
	if (!mark || !s.redge || !s.cs || !s.pedge || !s.heap || !s.settled)
		goto out;

	int64_t maxw;
	if (check_input(nrows, ncols, start, col, weight, mark, &maxw) < 0)
		goto out;
	size_t smin = nrows < ncols ? nrows : ncols;
	if ((uint64_t)smin + 1 > (uint64_t)PROFIT_LIMIT)
		goto out;
	int64_t scale = (int64_t)smin + 1;
	if (maxw > 0 && maxw > (PROFIT_LIMIT - 1) / scale)
		goto out;               /* scaled profits would not fit */
	s.start = start;
	s.col = col;
	s.weight = weight;
	s.scale = scale;
	for (size_t j = 0; j < nc; j++)
		s.cs[j] = (struct colstate){ .owner = NONE32, .hpos = SETTLED };
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
	free(mark);
	free(s.redge);
	free(s.cs);
	free(s.pedge);
	free(s.heap);
	free(s.settled);
	return result;
}
