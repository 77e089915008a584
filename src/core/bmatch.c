/* bmatch.c - exact maximum-weight bipartite b-matching (see bmatch.h).
 *
 * Network.  s -> row i (capacity a_i; the first lo_i units cost -P, the
 * others 0), row i -> column j for each edge (capacity 1, cost
 * c(e) = -(w*L + 1)), column j -> t (capacity b_j; the first unit costs -M,
 * the others 0; 0 for every unit of a column flagged in col_covered).  A
 * minimum-cost flow of any value (not a maximum flow) is an optimal edge
 * set, of cost -(S*P + W*L + C*M + n) for S = sum_i min(deg_i, lo_i), total
 * weight W, C covered columns (not counting flagged ones) and n edges.
 * Row minimums: lo_i = min(row_min[i], a_i) (a_i clipped as below, which
 * changes no min(deg_i, lo_i)) for the rows with row_min[i] > 0, capacity
 * > 0 and an edge into a column of capacity > 0, else 0; P = 0 when every
 * lo_i is 0, and then nothing differs from a solve without row_min.  The
 * two arcs s -> row i have increasing costs (-P, then 0) and flow through
 * s only grows, so the cheap one fills first: one arc whose next unit
 * costs -P while the row has fewer than lo_i edges, as on the columns.
 *
 * Costs.  K = N + 1, N = the most edges any solution can have; C <= n <= N.
 *   quality:  L = K^2, M = K.  C*K + n <= N*K + N = K^2 - 1 < L, so
 *             W*K^2 + C*K + n orders sets by W, then C (n < K), then n.
 *             When Wmax*K^2 + 1 + K exceeds the bound below, L = K, M = 0
 *             instead: W*K + n orders by W, then n; for very large
 *             instances the coverage tie-break is skipped.
 *   coverage: L = K, M = N*(2*Wmax*K + 1) + 1, larger than the difference
 *             of W*K + n between any two sets: C first, then W, then n.
 *   minimums: P = N*(2*Wmax*L + 1 + M) + 1 (min_bonus): each of at most N
 *             edges adds w*L + 1 in [-Wmax*L + 1, Wmax*L + 1] and at most
 *             M of coverage, so W*L + C*M + n of two sets differ by less
 *             than P: S first, then the objective (for coverage P = K*M).
 *             In quality mode the tie-break is kept only when its P fits.
 * Negative edges are left out in quality mode (never worth taking: W comes
 * first) except at rows with lo_i > 0 (wmin_of), where dropping one may
 * lower S; at any other row dropping it keeps S and raises W.  Capacities
 * are clipped to the number of usable edges.
 *
 * Algorithm: the primal-dual form of successive shortest paths (Ahuja,
 * Magnanti, Orlin, "Network Flows", 1993, sections 9.7-9.8).  Node
 * potentials p keep every residual arc's reduced cost c + p(u) - p(v) >= 0.
 * Initially no edge is used and the graph is a DAG, so exact potentials come
 * from one pass (row i -P if lo_i > 0 else 0, column j the cheapest row
 * potential plus c(e) into it, t the cheapest column plus its terminal
 * cost).  Then each phase
 *   1. runs Dijkstra on reduced costs from all sources (rows with spare
 *      capacity) and stops as soon as t is settled, keeping only distances
 *      below the limit at which a path would no longer have negative cost
 *      (none below it: the flow is optimal, stop; so it is when no row or
 *      no column has spare capacity left);
 *   2. updates the potentials, p(v) += min(d(v), d(t)); done as
 *      p(v) += d(v) - d(t) on settled nodes only and p(s) -= d(t), which
 *      differs by a constant, so that unsettled nodes are not touched;
 *   3. augments along the arcs of reduced cost 0 (exactly the shortest
 *      paths) with one round of Dinic's method (AMO section 7.4): BFS
 *      levels, then a blocking flow by an iterative DFS with current-arc
 *      pointers.
 * While admissible paths remain, the next Dijkstra ends at distance 0
 * (leaving the potentials as they are; heap ties go deep first so that it
 * stops at the first such path) and another round follows: Dinic's maximum
 * flow on the admissible graph, except that finding no admissible path left
 * costs a Dijkstra that goes on into the next phase rather than a BFS
 * over everything reachable (measured: 10-25% faster overall).
 * Every augmenting path adds one edge and its cost is -(dW*L + 1) (minus M
 * when it covers a column, minus P when it starts at a row below its
 * minimum): the potentials move at most once per distinct value of
 * (minimum gain, coverage gain, weight gain), which is small for scores
 * taking few values, and each round augments many paths at once.
 * Flow through s and t only ever grows (a simple s-t path never leaves t or
 * re-enters s), so a node's terminal cost depends only on its current flow.
 *
 * Two directions.  The residual graph reversed, with potentials negated and
 * s and t swapped, has the same reduced costs, so a phase can search from
 * the columns with spare capacity towards the rows just as well.  That
 * needs a column-wise copy of the edges (12 bytes per edge), whose
 * scattered writes into fresh memory cost as much as 20 to 60 scans of the
 * edges; measured on 10000 x 10000 civil-service data (17.4M edges,
 * mentors of capacity 3) building it took 1.2 s while the whole solve
 * from the rows takes 0.17 s.  It pays off only over many phases (e.g.
 * 10000 x 10000, 1% density, random weights 0..999: 1.5 s from the rows,
 * 0.09 s from the columns, 0.19 s by the rule below; one-mentee mentees
 * leave few free columns while almost every mentor stays free).  So,
 * ski-rental style, the search starts from the rows and the copy is built
 * once that has scanned BUILD_FACTOR times the edges; from then on each
 * phase starts from the side whose free nodes at reduced distance 0 (which
 * Dijkstra is bound to settle, scanning all their edges) have fewer edges.
 * bmatch_problem.search can force a side (for tuning and for the tests,
 * which run every policy).
 *
 * Bounds.  Write X = M + P (the terminal bonuses) and C = Wmax*L + 1 (the
 * largest |c(e)|), and D for the sum of the phases' distances d(t): it is
 * the rise of p(t) - p(s), at most |initial p(t)| <= X + C.  Initially
 * p(v) - p(s) lies in [-(X + C), C]; in each phase p(v) - p(s) and
 * p(t) - p(v) both grow by between 0 and d(t), and p(s) itself moves by D
 * in all, so every |p| <= 2X + 3C; reduced costs, the Dijkstra limit and
 * tentative distances stay below 16 (X + C) <= 2^63 when X + C <= 2^59,
 * which bmatch_solve checks: quality takes L = K^2, M = K only when
 * Wmax*K^2 + 1 + K (+ P) <= 2^59 (K^2 itself checked first), else L = K,
 * M = 0 and needs Wmax*K + 1 (+ P) <= 2^59; coverage needs its
 * M + Wmax*K + 1 (+ P) <= 2^59 (P as above, 0 without minimums).
 *
 * Data.  The caller's CSR serves as the rows' adjacency and chosen[] as the
 * used flag of each edge.  Each node keeps its used edges in a small slot
 * list (at most its clipped capacity), which gives the backward arcs; the
 * number of slots is the node's flow.  Everything is iterative.
 */
#include "mentormatch/bmatch.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#define UNSEEN  (-1)
#define DEAD    (-2)
#define SETTLED UINT32_MAX
#define NOLEVEL INT32_MAX
#define COST_LIMIT ((uint64_t)1 << 59)
/* Build the column copy once searching from the rows has scanned this many
 * times the usable edges (about what building it costs: a scattered copy
 * into fresh memory). */
#define BUILD_FACTOR 24

/* A used edge as seen from one endpoint. */
struct slot {
	uint32_t e;       /* edge index */
	uint32_t other;   /* the other endpoint (index on the other side) */
	int32_t w;        /* its weight */
};

/* One side of the bipartite graph: rows (0) or columns (1). */
struct side {
	size_t n;
	uint32_t off;           /* global id of node 0 */
	/* adjacency: the usable and unusable edges of node v are positions
	 * [start[v], start[v+1]) with neighbour adj[], weight w[]; the edge
	 * index is eid[p], or p itself when eid is NULL */
	const size_t *start;
	const uint32_t *adj;
	const int32_t *w;
	const uint32_t *eid;
	int32_t *cap;           /* capacity clipped to the usable degree */
	uint32_t *udeg;         /* usable degree */
	size_t *ustart;         /* n + 1: slot lists */
	struct slot *us;
	int32_t *flow;          /* used edges = slots in use */
	int64_t bonus;          /* 0, or the bonus of the first units to the
				   terminal (cost -bonus): M on the columns,
				   P on the rows */
	/* which units get the bonus: lo[v] first units when lo is set (rows
	 * with minimums), else the first unit unless covered[v] (columns) */
	int32_t *lo;            /* NULL, or n counts (owned) */
	const unsigned char *covered; /* NULL, or n flags: no -M (covered already) */
	int32_t wmin;           /* edges with w < wmin are unusable, except
				   at a node with lo[v] > 0 (all usable) */
};

/* Heap entries order by distance, then tie (B nodes 0, A nodes reached
 * through a used edge 1, sources 2: at equal distance the search goes deep
 * first, so that a search that ends at distance 0, which happens while
 * admissible paths remain, stops at the first one), then global id. */
struct hnode {
	int64_t key;
	uint32_t tie;
	uint32_t id;
};

#define TIE_B    0u
#define TIE_A    1u
#define TIE_SRC  2u

struct solver {
	const struct bmatch_problem *pb;
	struct side side[2];
	int dir;                /* A = side[dir] (sources), B = side[1-dir] */
	int64_t L;              /* weight multiplier */
	int32_t wmin;           /* edges with w < wmin are unusable, except
				   at rows with a minimum */
	unsigned char *chosen;
	size_t nnodes;

	/* per global node (rows, then columns) */
	int64_t *pot;           /* potentials, in the current direction */
	int64_t *dist;
	uint32_t *seen;         /* Dijkstra stamp */
	uint32_t *hpos;         /* heap position or SETTLED */
	int32_t *level;         /* BFS level, UNSEEN or DEAD */
	size_t *cur;            /* current arc */
	uint32_t *queue;        /* BFS queue */
	uint32_t *stack;        /* DFS path */
	uint32_t *settled;
	struct hnode *heap;
	size_t hsize, nsettled;
	uint32_t stamp;
	int64_t pS, pT;         /* potentials of the source and sink terminal */

	/* the column-wise copy (side[1]'s adjacency), built on demand */
	size_t *rstart;
	uint32_t *rrow, *redge;
	int32_t *rw;

	size_t flow, bound;
	uint64_t musable;       /* usable edges */
	uint64_t work;          /* adjacency entries scanned on the A side */
	unsigned long phase;
	const atomic_int *cancel;
	unsigned tick;
};

static int cancelled(const struct solver *s)
{
	return s->cancel && atomic_load_explicit(s->cancel, memory_order_relaxed);
}

/* Linear passes over the edges poll the flag after this many edges. */
#define POLL_EDGES ((size_t)1 << 16)

/* Cheap periodic poll: true every 256th call when cancelled. */
static int poll_cancel(struct solver *s)
{
	return (++s->tick & 255u) == 0 && cancelled(s);
}

static int is_free(const struct side *x, uint32_t v)
{
	return x->flow[v] < x->cap[v];
}

/* Cost of the next unit between node v of side x and its terminal.  (Small
 * and inline: it is called inside the edge loops.) */
static inline int64_t term_cost(const struct side *x, uint32_t v)
{
	if (!x->bonus)
		return 0;
	if (x->lo)
		return x->flow[v] < x->lo[v] ? -x->bonus : 0;
	return x->flow[v] == 0 && !(x->covered && x->covered[v]) ? -x->bonus : 0;
}

/* Edges of node v of side x with w < this are unusable. */
static inline int32_t wmin_of(const struct side *x, uint32_t v)
{
	return x->lo && x->lo[v] > 0 ? INT32_MIN : x->wmin;
}

/* Reduced costs of S -> a (a on side A) and b -> T (b on side B). */
static int64_t rc_src(const struct solver *s, const struct side *A, uint32_t a)
{
	return term_cost(A, a) + s->pS - s->pot[A->off + a];
}

static int64_t rc_sink(const struct solver *s, const struct side *B, uint32_t b)
{
	return term_cost(B, b) + s->pot[B->off + b] - s->pT;
}

/* ---- binary heap on (key, id) ----------------------------------------- */

static int hless(struct hnode a, struct hnode b)
{
	if (a.key != b.key)
		return a.key < b.key;
	if (a.tie != b.tie)
		return a.tie < b.tie;
	return a.id < b.id;
}

static void heap_up(struct solver *s, size_t pos)
{
	struct hnode c = s->heap[pos];
	while (pos > 0) {
		size_t parent = (pos - 1) / 2;
		if (!hless(c, s->heap[parent]))
			break;
		s->heap[pos] = s->heap[parent];
		s->hpos[s->heap[pos].id] = (uint32_t)pos;
		pos = parent;
	}
	s->heap[pos] = c;
	s->hpos[c.id] = (uint32_t)pos;
}

static void heap_down(struct solver *s, size_t pos)
{
	struct hnode c = s->heap[pos];
	for (;;) {
		size_t child = 2 * pos + 1;
		if (child >= s->hsize)
			break;
		if (child + 1 < s->hsize &&
		    hless(s->heap[child + 1], s->heap[child]))
			child++;
		if (!hless(s->heap[child], c))
			break;
		s->heap[pos] = s->heap[child];
		s->hpos[s->heap[pos].id] = (uint32_t)pos;
		pos = child;
	}
	s->heap[pos] = c;
	s->hpos[c.id] = (uint32_t)pos;
}

/* Offers distance nd to global node g. */
static void relax(struct solver *s, uint32_t g, int64_t nd, uint32_t tie)
{
	if (s->seen[g] != s->stamp) {
		s->seen[g] = s->stamp;
		s->dist[g] = nd;
		s->heap[s->hsize] = (struct hnode){nd, tie, g};
		s->hsize++;
		heap_up(s, s->hsize - 1);
	} else if (s->hpos[g] != SETTLED && nd < s->dist[g]) {
		s->dist[g] = nd;
		s->heap[s->hpos[g]].key = nd;
		s->heap[s->hpos[g]].tie = tie;
		heap_up(s, s->hpos[g]);
	}
}

/* ---- used-edge slots ---------------------------------------------------- */

static void slot_add(struct side *x, uint32_t v, uint32_t e, uint32_t other,
		     int32_t w)
{
	struct slot *sl = &x->us[x->ustart[v] + (size_t)x->flow[v]];
	sl->e = e;
	sl->other = other;
	sl->w = w;
	x->flow[v]++;
}

/* Removes slot k of node v (swapping the last one in). */
static void slot_del_at(struct side *x, uint32_t v, size_t k)
{
	size_t base = x->ustart[v];
	x->flow[v]--;
	x->us[base + k] = x->us[base + (size_t)x->flow[v]];
}

static void slot_del(struct side *x, uint32_t v, uint32_t e)
{
	size_t base = x->ustart[v];
	for (size_t k = 0;; k++)
		if (x->us[base + k].e == e) {
			slot_del_at(x, v, k);
			return;
		}
}

/* ---- Dijkstra ------------------------------------------------------------ */

/* Scans the unused edges of a (side A) settled at distance d; lowers *lim
 * (the best distance to T) when a free node of B is reached. */
static void scan_a(struct solver *s, const struct side *A, const struct side *B,
		   uint32_t a, int64_t d, int64_t *lim)
{
	const uint32_t *adj = A->adj, *eid = A->eid;
	const int32_t *wt = A->w;
	const int64_t *potb = s->pot + B->off;
	const unsigned char *chosen = s->chosen;
	int64_t L = s->L, best = *lim;
	int32_t wmin = wmin_of(A, a);
	int64_t base = d + s->pot[A->off + a] - 1;
	s->work += A->start[a + 1] - A->start[a];
	for (size_t p = A->start[a], end = A->start[a + 1]; p < end; p++) {
		int32_t w = wt[p];
		if (w < wmin)
			continue;
		uint32_t b = adj[p];
		int64_t nd = base - (int64_t)w * L - potb[b];
		if (nd >= best)
			continue;
		uint32_t g = B->off + b;
		if (s->seen[g] == s->stamp &&
		    (s->hpos[g] == SETTLED || nd >= s->dist[g]))
			continue;
		if (chosen[eid ? eid[p] : p])
			continue;       /* used: no forward arc */
		relax(s, g, nd, TIE_B);
		if (is_free(B, b)) {
			int64_t t = nd + rc_sink(s, B, b);
			if (t < best)
				best = t;
		}
	}
	*lim = best;
}

/* Scans the used edges of b (side B) settled at distance d. */
static void scan_b(struct solver *s, const struct side *A, const struct side *B,
		   uint32_t b, int64_t d, int64_t lim)
{
	const struct slot *sl = B->us + B->ustart[b];
	int64_t base = d + s->pot[B->off + b] + 1;
	for (int32_t k = 0; k < B->flow[b]; k++) {
		int64_t nd = base + (int64_t)sl[k].w * s->L -
			     s->pot[A->off + sl[k].other];
		if (nd < lim)
			relax(s, A->off + sl[k].other, nd, TIE_A);
	}
}

/* Shortest reduced distance from S to T, considering only distances below
 * lim; returns lim when there is none.  Settled nodes are in s->settled. */
static int64_t dijkstra(struct solver *s, int64_t lim, int *stop)
{
	struct side *A = &s->side[s->dir], *B = &s->side[1 - s->dir];
	if (++s->stamp == 0) {
		memset(s->seen, 0, s->nnodes * sizeof *s->seen);
		s->stamp = 1;
	}
	s->hsize = 0;
	s->nsettled = 0;
	int64_t best = lim;
	for (uint32_t a = 0; a < A->n; a++) {
		if (!is_free(A, a))
			continue;
		int64_t d = rc_src(s, A, a);
		if (d < best)
			relax(s, A->off + a, d, TIE_SRC);
	}
	while (s->hsize > 0 && s->heap[0].key < best) {
		if (poll_cancel(s)) {
			*stop = 1;
			return lim;
		}
		struct hnode top = s->heap[0];
		s->hsize--;
		if (s->hsize > 0) {
			s->heap[0] = s->heap[s->hsize];
			heap_down(s, 0);
		}
		s->hpos[top.id] = SETTLED;
		s->settled[s->nsettled++] = top.id;
		if ((top.id >= A->off && top.id - A->off < A->n))
			scan_a(s, A, B, top.id - A->off, top.key, &best);
		else
			scan_b(s, A, B, top.id - B->off, top.key, best);
	}
	return best;
}

/* ---- maximum flow on the admissible (zero reduced cost) arcs ------------ */

static int is_a(const struct side *A, uint32_t g)
{
	return g >= A->off && g - A->off < A->n;
}

/* BFS levels from S; returns the level of T or NOLEVEL.  The labelled nodes
 * are s->queue[0 .. *nq); the sources (level 1) come first, *nsrc of them. */
static int32_t bfs(struct solver *s, size_t *nq, size_t *nsrc, int *stop)
{
	struct side *A = &s->side[s->dir], *B = &s->side[1 - s->dir];
	const unsigned char *chosen = s->chosen;
	int64_t L = s->L;
	int32_t lt = NOLEVEL;
	size_t head = 0, tail = 0;
	for (uint32_t a = 0; a < A->n; a++) {
		if (is_free(A, a) && rc_src(s, A, a) == 0) {
			uint32_t g = A->off + a;
			s->level[g] = 1;
			s->cur[g] = A->start[a];
			s->queue[tail++] = g;
		}
	}
	*nsrc = tail;
	while (head < tail) {
		uint32_t g = s->queue[head++];
		int32_t lv = s->level[g];
		if (lt != NOLEVEL && lv >= lt - 1)
			break;
		if (poll_cancel(s)) {
			*stop = 1;
			break;
		}
		if (is_a(A, g)) {
			uint32_t a = g - A->off;
			const int64_t *potb = s->pot + B->off;
			int64_t base = s->pot[g] - 1;
			int32_t wmin = wmin_of(A, a);
			const int32_t *wt = A->w;
			const uint32_t *adj = A->adj;
			s->work += A->start[a + 1] - A->start[a];
			for (size_t p = A->start[a]; p < A->start[a + 1]; p++) {
				int32_t w = wt[p];
				if (w < wmin)
					continue;
				uint32_t b = adj[p];
				if (base - (int64_t)w * L != potb[b])
					continue;
				uint32_t gb = B->off + b;
				if (s->level[gb] != UNSEEN ||
				    chosen[A->eid ? A->eid[p] : p])
					continue;
				s->level[gb] = lv + 1;
				s->cur[gb] = 0;
				s->queue[tail++] = gb;
				if (lt == NOLEVEL && is_free(B, b) &&
				    rc_sink(s, B, b) == 0)
					lt = lv + 2;
			}
		} else {
			uint32_t b = g - B->off;
			const struct slot *sl = B->us + B->ustart[b];
			int64_t base = s->pot[g] + 1;
			for (int32_t k = 0; k < B->flow[b]; k++) {
				uint32_t ga = A->off + sl[k].other;
				if (s->level[ga] != UNSEEN ||
				    base + (int64_t)sl[k].w * L != s->pot[ga])
					continue;
				s->level[ga] = lv + 1;
				s->cur[ga] = A->start[sl[k].other];
				s->queue[tail++] = ga;
			}
		}
	}
	*nq = tail;
	return lt;
}

/* Flips the path s->stack[0 .. len) (A, B, A, ..., B), each step taken
 * along its node's current arc. */
static void augment(struct solver *s, size_t len)
{
	struct side *A = &s->side[s->dir], *B = &s->side[1 - s->dir];
	/* Removals first, so that no slot list ever exceeds its capacity. */
	for (size_t k = 1; k + 1 < len; k += 2) {
		uint32_t b = s->stack[k] - B->off, a = s->stack[k + 1] - A->off;
		size_t at = s->cur[s->stack[k]] - 1;
		uint32_t e = B->us[B->ustart[b] + at].e;
		s->chosen[e] = 0;
		slot_del_at(B, b, at);
		slot_del(A, a, e);
	}
	for (size_t k = 0; k + 1 < len; k += 2) {
		uint32_t a = s->stack[k] - A->off, b = s->stack[k + 1] - B->off;
		size_t p = s->cur[s->stack[k]];
		uint32_t e = A->eid ? A->eid[p] : (uint32_t)p;
		int32_t w = A->w[p];
		s->chosen[e] = 1;
		slot_add(A, a, e, b, w);
		slot_add(B, b, e, a, w);
	}
	s->flow++;
}

/* Blocking flow on the level graph: DFS from each source with current-arc
 * pointers; a node with no way on is marked DEAD. */
static void blocking_flow(struct solver *s, int32_t lt, size_t nsrc, int *stop)
{
	struct side *A = &s->side[s->dir], *B = &s->side[1 - s->dir];
	const unsigned char *chosen = s->chosen;
	int64_t L = s->L;
	for (size_t q = 0; q < nsrc; q++) {
		uint32_t src = s->queue[q];
		size_t len = 0;
		s->stack[len++] = src;
		while (len > 0) {
			if (poll_cancel(s)) {
				*stop = 1;
				return;
			}
			uint32_t g = s->stack[len - 1];
			int32_t lv = s->level[g];
			if (len == 1 && (!is_free(A, g - A->off) ||
					 rc_src(s, A, g - A->off) != 0))
				break;  /* source used up */
			uint32_t next = UINT32_MAX;
			if (is_a(A, g)) {
				uint32_t a = g - A->off;
				const int64_t *potb = s->pot + B->off;
				int64_t base = s->pot[g] - 1;
				int32_t wmin = wmin_of(A, a);
				size_t p = s->cur[g], p0 = p, end = A->start[a + 1];
				for (; p < end; p++) {
					int32_t w = A->w[p];
					if (w < wmin)
						continue;
					uint32_t b = A->adj[p];
					if (s->level[B->off + b] != lv + 1 ||
					    base - (int64_t)w * L != potb[b] ||
					    chosen[A->eid ? A->eid[p] : p])
						continue;
					next = B->off + b;
					break;
				}
				s->cur[g] = p;
				s->work += p - p0;
			} else {
				uint32_t b = g - B->off;
				size_t k = s->cur[g];
				if (k == 0) {
					if (lv + 1 == lt && is_free(B, b) &&
					    rc_sink(s, B, b) == 0) {
						augment(s, len);
						len = 1;
						continue;
					}
					k = 1;
				}
				const struct slot *sl = B->us + B->ustart[b];
				int64_t base = s->pot[g] + 1;
				for (; k <= (size_t)B->flow[b]; k++) {
					uint32_t ga = A->off + sl[k - 1].other;
					if (s->level[ga] != lv + 1 ||
					    base + (int64_t)sl[k - 1].w * L !=
					    s->pot[ga])
						continue;
					next = ga;
					break;
				}
				s->cur[g] = k;
			}
			if (next != UINT32_MAX && lv + 1 < lt) {
				s->stack[len++] = next;
			} else {
				s->level[g] = DEAD;
				len--;
			}
		}
	}
}

/* One round of Dinic's method: BFS levels, then a blocking flow along
 * the shortest admissible paths. */
static void dinic_round(struct solver *s, int *stop)
{
	size_t nq, nsrc;
	int32_t lt = bfs(s, &nq, &nsrc, stop);
	if (!*stop && lt != NOLEVEL)
		blocking_flow(s, lt, nsrc, stop);
	for (size_t q = 0; q < nq; q++)
		s->level[s->queue[q]] = UNSEEN;
}

/* ---- direction ------------------------------------------------------------ */

/* Does side x have a node with spare capacity? */
static int any_free(const struct side *x)
{
	for (uint32_t v = 0; v < x->n; v++)
		if (is_free(x, v))
			return 1;
	return 0;
}

/* Edges of the free nodes of x at reduced distance 0 from their terminal:
 * what a search from x would scan first. */
static uint64_t start_work(const struct solver *s, int x)
{
	const struct side *A = &s->side[x];
	int64_t pS = x == s->dir ? s->pS : -s->pT;
	int64_t sign = x == s->dir ? 1 : -1;
	uint64_t work = 0;
	for (uint32_t v = 0; v < A->n; v++)
		if (is_free(A, v) &&
		    term_cost(A, v) + pS - sign * s->pot[A->off + v] == 0)
			work += A->udeg[v] + 1;
	return work;
}

/* The column-wise copy of the usable edges (rows with capacity > 0, columns
 * with capacity > 0, weight >= the row's wmin_of), in row order within each
 * column. */
static int build_columns(struct solver *s, int *stop)
{
	const struct bmatch_problem *pb = s->pb;
	const struct side *R = &s->side[0];
	struct side *C = &s->side[1];
	size_t nc = pb->ncols, m = 0;
	for (size_t j = 0; j < nc; j++)
		m += C->udeg[j];
	s->rstart = malloc((nc + 1) * sizeof *s->rstart);
	s->rrow = malloc((m ? m : 1) * sizeof *s->rrow);
	s->redge = malloc((m ? m : 1) * sizeof *s->redge);
	s->rw = malloc((m ? m : 1) * sizeof *s->rw);
	size_t *pos = malloc((nc ? nc : 1) * sizeof *pos);
	if (!s->rstart || !s->rrow || !s->redge || !s->rw || !pos) {
		free(pos);
		return -1;
	}
	size_t at = 0;
	for (size_t j = 0; j < nc; j++) {
		s->rstart[j] = at;
		pos[j] = at;
		at += C->udeg[j];
	}
	s->rstart[nc] = at;
	size_t done = 0;
	for (size_t i = 0; i < pb->nrows; i++) {
		if (pb->row_cap[i] == 0)
			continue;
		done += pb->start[i + 1] - pb->start[i];
		if (done >= POLL_EDGES) {
			done = 0;
			if (cancelled(s)) {
				*stop = 1;
				break;
			}
		}
		int32_t wmin = wmin_of(R, (uint32_t)i);
		for (size_t e = pb->start[i]; e < pb->start[i + 1]; e++) {
			uint32_t j = pb->col[e];
			if (pb->weight[e] < wmin || pb->col_cap[j] == 0)
				continue;
			size_t k = pos[j]++;
			s->rrow[k] = (uint32_t)i;
			s->rw[k] = pb->weight[e];
			s->redge[k] = (uint32_t)e;
		}
	}
	free(pos);
	C->start = s->rstart;
	C->adj = s->rrow;
	C->w = s->rw;
	C->eid = s->redge;
	return 0;
}

/* Turns the view around: potentials negated, terminals swapped. */
static void flip_direction(struct solver *s)
{
	for (size_t g = 0; g < s->nnodes; g++)
		s->pot[g] = -s->pot[g];
	int64_t t = s->pS;
	s->pS = -s->pT;
	s->pT = -t;
	s->dir = 1 - s->dir;
}

/* ---- setup ------------------------------------------------------------------ */

/* a * b + c <= limit, all unsigned; 0 if it would exceed. */
static int fits(uint64_t a, uint64_t b, uint64_t c, uint64_t limit, uint64_t *r)
{
	if (c > limit || (a != 0 && b > (limit - c) / a))
		return 0;
	*r = a * b + c;
	return 1;
}

/* Does row i (capacity > 0) have an edge into a column of capacity > 0?
 * Columns out of range are skipped here (refused by the caller). */
static int row_reaches(const struct bmatch_problem *pb, size_t i)
{
	for (size_t e = pb->start[i]; e < pb->start[i + 1]; e++) {
		uint32_t j = pb->col[e];
		if (j < pb->ncols && pb->col_cap[j] > 0)
			return 1;
	}
	return 0;
}

/* The rows' minimum bonus P = N*(2*wl + 1 + m) + 1 (wl = Wmax*L, m = M):
 * larger than the spread of W*L + C*M + n over all edge sets (each of at
 * most N edges adds w*L + 1 in [-wl + 1, wl + 1] and at most M of
 * coverage).  0 if P + base (base = C + M) would exceed COST_LIMIT. */
static int min_bonus(uint64_t N, uint64_t wl, uint64_t m, uint64_t base,
		     uint64_t *p)
{
	uint64_t spread, bonus, t;
	if (!fits(2, wl, 1, COST_LIMIT, &spread) ||
	    !fits(1, spread, m, COST_LIMIT, &spread) ||
	    !fits(N, spread, 1, COST_LIMIT, &bonus) ||
	    !fits(1, bonus, base, COST_LIMIT, &t))
		return 0;
	*p = bonus;
	return 1;
}

/* Checks and counts the edges of row i (live: capacity > 0): marks its
 * columns in mark (a column listed twice: BMATCH_EINVAL), raises maxw[j]
 * to the largest weight >= wmin into column j and *wabs to the largest
 * such |weight| (if live), counts the columns' usable degrees; returns the
 * row's usable degree. */
static inline long count_row(struct solver *s, size_t i, int live,
			     uint32_t *mark, int32_t wmin, int64_t *maxw,
			     uint64_t *wabs)
{
	const struct bmatch_problem *pb = s->pb;
	struct side *C = &s->side[1];
	size_t nc = pb->ncols;
	uint32_t deg = 0;
	for (size_t e = pb->start[i]; e < pb->start[i + 1]; e++) {
		uint32_t j = pb->col[e];
		if (j >= nc || mark[j] == (uint32_t)i + 1)
			return BMATCH_EINVAL;
		mark[j] = (uint32_t)i + 1;
		int32_t w = pb->weight[e];
		if (w < wmin || !live)
			continue;
		/* Edges into columns of capacity 0 are never chosen but
		 * shape the column's potential: bounded too. */
		if (w > maxw[j])
			maxw[j] = w;
		uint64_t aw = w < 0 ? (uint64_t)(-(int64_t)w) : (uint64_t)w;
		if (aw > *wabs)
			*wabs = aw;
		if (pb->col_cap[j] == 0)
			continue;
		deg++;
		C->udeg[j]++;
	}
	return (long)deg;
}

/* Checks the input; fills the usable degrees, R->lo[i] = 1 for the rows
 * with a minimum (row_min > 0, capacity > 0 and an edge into a column of
 * capacity > 0; every edge of such a row is usable) when R->lo is set, the
 * largest usable weight per column from rows without (in pot) and with
 * (in dist) a minimum, temporarily, and the largest usable |weight|. */
static long check_and_count(struct solver *s, uint32_t *mark, uint64_t *wabs)
{
	const struct bmatch_problem *pb = s->pb;
	struct side *R = &s->side[0], *C = &s->side[1];
	size_t nr = pb->nrows, nc = pb->ncols;
	const int32_t *rmin = pb->row_min;
	*wabs = 0;
	for (size_t j = 0; j < nc; j++) {
		if (pb->col_cap[j] < 0)
			return BMATCH_EINVAL;
		mark[j] = 0;
		C->udeg[j] = 0;
		s->pot[nr + j] = INT64_MIN;     /* largest weight so far */
		s->dist[nr + j] = INT64_MIN;    /* the same from rows with a minimum */
	}
	/* all offsets first: no edge is read beyond start[nrows] */
	for (size_t i = 0; i < nr; i++)
		if (pb->row_cap[i] < 0 || pb->start[i + 1] < pb->start[i] ||
		    (rmin && rmin[i] < 0))
			return BMATCH_EINVAL;
	if (cancelled(s))
		return BMATCH_ECANCELED;
	size_t done = 0;
	for (size_t i = 0; i < nr; i++) {
		done += pb->start[i + 1] - pb->start[i];
		if (done >= POLL_EDGES) {
			done = 0;
			if (cancelled(s))
				return BMATCH_ECANCELED;
		}
		int live = pb->row_cap[i] > 0;
		int minrow = rmin && rmin[i] > 0 && live && row_reaches(pb, i);
		if (R->lo)
			R->lo[i] = minrow;
		/* two copies of the loop: the usual one stays as lean as
		 * without minimums */
		long deg = minrow ?
			count_row(s, i, live, mark, INT32_MIN, s->dist + nr, wabs) :
			count_row(s, i, live, mark, s->wmin, s->pot + nr, wabs);
		if (deg < 0)
			return deg;
		R->udeg[i] = (uint32_t)deg;
	}
	return 0;
}

static void free_solver(struct solver *s)
{
	for (int x = 0; x < 2; x++) {
		free(s->side[x].cap);
		free(s->side[x].udeg);
		free(s->side[x].ustart);
		free(s->side[x].us);
		free(s->side[x].flow);
		free(s->side[x].lo);
	}
	free(s->pot);
	free(s->dist);
	free(s->seen);
	free(s->hpos);
	free(s->level);
	free(s->cur);
	free(s->queue);
	free(s->stack);
	free(s->settled);
	free(s->heap);
	free(s->rstart);
	free(s->rrow);
	free(s->redge);
	free(s->rw);
}

static long solve(struct solver *s)
{
	const struct bmatch_problem *pb = s->pb;
	size_t nr = pb->nrows, nc = pb->ncols, n = nr + nc;
	struct side *R = &s->side[0], *C = &s->side[1];

	s->nnodes = n;
	R->n = nr;
	C->n = nc;
	R->off = 0;
	C->off = (uint32_t)nr;
	R->start = pb->start;
	R->adj = pb->col;
	R->w = pb->weight;
	R->eid = NULL;
	for (int x = 0; x < 2; x++) {
		size_t k = s->side[x].n ? s->side[x].n : 1;
		s->side[x].cap = malloc(k * sizeof(int32_t));
		s->side[x].udeg = malloc(k * sizeof(uint32_t));
		s->side[x].ustart = malloc((k + 1) * sizeof(size_t));
		s->side[x].flow = calloc(k, sizeof(int32_t));
		if (!s->side[x].cap || !s->side[x].udeg ||
		    !s->side[x].ustart || !s->side[x].flow)
			return BMATCH_ENOMEM;
	}
	size_t nn = n ? n : 1;
	s->pot = malloc(nn * sizeof *s->pot);
	s->dist = malloc(nn * sizeof *s->dist);
	s->seen = calloc(nn, sizeof *s->seen);
	s->hpos = malloc(nn * sizeof *s->hpos);
	s->level = malloc(nn * sizeof *s->level);
	s->cur = malloc(nn * sizeof *s->cur);
	s->queue = malloc(nn * sizeof *s->queue);
	s->stack = malloc((nn + 1) * sizeof *s->stack);
	s->settled = malloc(nn * sizeof *s->settled);
	s->heap = malloc(nn * sizeof *s->heap);
	if (!s->pot || !s->dist || !s->seen || !s->hpos || !s->level ||
	    !s->cur || !s->queue || !s->stack || !s->settled || !s->heap)
		return BMATCH_ENOMEM;

	for (size_t g = 0; g < n; g++)
		s->level[g] = UNSEEN;

	if (pb->row_min) {
		R->lo = malloc((nr ? nr : 1) * sizeof *R->lo);
		if (!R->lo)
			return BMATCH_ENOMEM;
	}
	R->wmin = s->wmin;
	C->wmin = INT32_MIN;    /* the column copy holds usable edges only */

	uint64_t wabs;
	long rc = check_and_count(s, s->hpos, &wabs);
	if (rc < 0)
		return rc;

	/* Clipped capacities, slot lists and the bound N. */
	uint64_t sum[2] = {0, 0};
	for (int x = 0; x < 2; x++) {
		struct side *X = &s->side[x];
		const int32_t *cap = x == 0 ? pb->row_cap : pb->col_cap;
		size_t at = 0;
		for (size_t v = 0; v < X->n; v++) {
			uint32_t c = (uint32_t)cap[v];
			X->cap[v] = (int32_t)(c < X->udeg[v] ? c : X->udeg[v]);
			X->ustart[v] = at;
			at += (size_t)X->cap[v];
		}
		X->ustart[X->n] = at;
		sum[x] = at;
		X->us = malloc((at ? at : 1) * sizeof *X->us);
		if (!X->us)
			return BMATCH_ENOMEM;
	}
	uint64_t N = sum[0] < sum[1] ? sum[0] : sum[1];
	for (size_t j = 0; j < nc; j++)
		s->musable += C->udeg[j];
	/* The rows' bonus units: min(row_min, clipped capacity), > 0 exactly
	 * for the rows flagged by check_and_count.  None at all: no bonus,
	 * and everything as without row_min. */
	int has_min = 0;
	if (R->lo) {
		for (size_t i = 0; i < nr; i++) {
			if (!R->lo[i])
				continue;
			int32_t lo = pb->row_min[i];
			R->lo[i] = lo < R->cap[i] ? lo : R->cap[i];
			has_min = 1;
		}
		if (!has_min) {
			free(R->lo);
			R->lo = NULL;
		}
	}
	s->bound = (size_t)N;
	if (N > (uint64_t)LONG_MAX)
		return BMATCH_ERANGE;
	if (N == 0)
		return 0;

	/* L, M, P and the overflow check (see "Costs" and "Bounds" above):
	 * C + M + P <= 2^59 with C = Wmax*L + 1. */
	uint64_t K = N + 1, L = K, wk, cst, m = 0, kk, tot, pbonus = 0;
	if (pb->objective == BMATCH_QUALITY) {
		/* L = K^2, M = K when C + M (+ P) = Wmax*K^2 + 1 + K (+ P)
		 * fits; else L = K, M = 0: no coverage tie-break */
		if (fits(K, K, 0, COST_LIMIT, &kk) &&
		    fits(wabs, kk, 0, COST_LIMIT, &wk) &&
		    fits(1, wk, 1 + K, COST_LIMIT, &tot) &&
		    (!has_min || min_bonus(N, wk, K, tot, &pbonus))) {
			L = kk;
			m = K;
		} else if (!fits(wabs, K, 0, COST_LIMIT, &wk) ||
			   !fits(1, wk, 1, COST_LIMIT, &cst) ||
			   (has_min && !min_bonus(N, wk, 0, cst, &pbonus))) {
			return BMATCH_ERANGE;
		}
	} else {
		uint64_t spread;
		if (!fits(wabs, K, 0, COST_LIMIT, &wk) ||
		    !fits(1, wk, 1, COST_LIMIT, &cst) ||
		    !fits(2, wk, 1, COST_LIMIT, &spread) ||
		    !fits(N, spread, 1, COST_LIMIT, &m) ||
		    !fits(1, m, cst, COST_LIMIT, &tot) ||
		    (has_min && !min_bonus(N, wk, m, tot, &pbonus)))
			return BMATCH_ERANGE;
	}
	s->L = (int64_t)L;
	C->bonus = (int64_t)m;
	C->covered = C->bonus ? pb->col_covered : NULL;
	R->bonus = (int64_t)pbonus;

	/* Exact initial potentials (shortest distances from s in the initial
	 * DAG): s 0, row i -P when it has a minimum, else 0, column j the
	 * cheapest row potential plus edge cost into it, t the cheapest
	 * column plus its terminal cost. */
	s->pS = 0;
	s->pT = INT64_MAX;
	for (size_t i = 0; i < nr; i++)
		s->pot[i] = term_cost(R, (uint32_t)i);
	for (size_t j = 0; j < nc; j++) {
		int64_t maxw = s->pot[nr + j], maxw1 = s->dist[nr + j];
		int64_t pj = maxw == INT64_MIN ? 0 : -(maxw * s->L + 1);
		if (maxw1 != INT64_MIN) {       /* from rows with a minimum */
			int64_t q = -R->bonus - (maxw1 * s->L + 1);
			if (maxw == INT64_MIN || q < pj)
				pj = q;
		}
		s->pot[nr + j] = pj;
		if (C->cap[j] > 0) {
			int64_t t = pj + term_cost(C, (uint32_t)j);
			if (t < s->pT)
				s->pT = t;
		}
	}
	s->dir = 0;

	int stop = 0;
	for (;;) {
		if (cancelled(s))
			return BMATCH_ECANCELED;
		/* every path starts at a free row and ends at a free column */
		if (!any_free(R) || !any_free(C))
			break;
		int want;
		switch (pb->search) {
		case BMATCH_SEARCH_ROWS:
			want = 0;
			break;
		case BMATCH_SEARCH_COLUMNS:
			want = 1;
			break;
		case BMATCH_SEARCH_ALTERNATE:
			want = (int)(s->phase & 1);
			break;
		default:
			/* Ski rental: search from the rows until that has cost
			 * about as much as building the column copy would. */
			want = start_work(s, 1) < start_work(s, 0) &&
			       (s->rstart || s->work >= BUILD_FACTOR * s->musable);
			break;
		}
		if (want && !s->rstart) {
			if (build_columns(s, &stop) < 0)
				return BMATCH_ENOMEM;
			if (stop)
				return BMATCH_ECANCELED;
		}
		if (want != s->dir)
			flip_direction(s);
		/* A path of reduced length d costs d - pS + pT; only negative
		 * costs improve the objective. */
		int64_t lim = s->pS - s->pT;
		if (lim <= 0)
			break;
		int64_t d = dijkstra(s, lim, &stop);
		if (stop)
			return BMATCH_ECANCELED;
		if (d >= lim)
			break;
		for (size_t q = 0; q < s->nsettled; q++) {
			uint32_t g = s->settled[q];
			s->pot[g] += s->dist[g] - d;
		}
		s->pS -= d;
		dinic_round(s, &stop);
		if (stop)
			return BMATCH_ECANCELED;
		s->phase++;
		if (pb->progress) {
			struct bmatch_progress p = {
				s->phase, s->flow, s->bound,
			};
			pb->progress(pb->progress_arg, &p);
		}
	}
	return (long)s->flow;
}

long bmatch_solve(const struct bmatch_problem *pb, unsigned char *chosen,
		  int64_t *total, const atomic_int *cancel)
{
	if (total)
		*total = 0;
	if (!pb || !pb->start || (pb->nrows > 0 && !pb->row_cap) ||
	    (pb->ncols > 0 && !pb->col_cap) ||
	    (pb->objective != BMATCH_QUALITY &&
	     pb->objective != BMATCH_COVERAGE) ||
	    (pb->search != BMATCH_SEARCH_AUTO &&
	     pb->search != BMATCH_SEARCH_ROWS &&
	     pb->search != BMATCH_SEARCH_COLUMNS &&
	     pb->search != BMATCH_SEARCH_ALTERNATE) || pb->start[0] != 0)
		return BMATCH_EINVAL;
	size_t m = pb->start[pb->nrows];
	if (m > 0 && (!pb->col || !pb->weight || !chosen))
		return BMATCH_EINVAL;
	if (pb->nrows >= (size_t)INT32_MAX ||
	    pb->ncols >= (size_t)INT32_MAX - pb->nrows ||
	    m > (size_t)UINT32_MAX)
		return BMATCH_ERANGE;
	if (m > 0)
		memset(chosen, 0, m);

	struct solver s;
	memset(&s, 0, sizeof s);
	s.pb = pb;
	s.chosen = chosen;
	s.cancel = cancel;
	s.wmin = pb->objective == BMATCH_QUALITY ? 0 : INT32_MIN;
	long r = solve(&s);
	if (r > 0 && total) {
		/* the chosen edges are the rows' slots */
		const struct side *R = &s.side[0];
		int64_t sum = 0;
		for (size_t i = 0; i < R->n; i++)
			for (int32_t k = 0; k < R->flow[i]; k++)
				sum += R->us[R->ustart[i] + (size_t)k].w;
		*total = sum;
	}
	free_solver(&s);
	return r;
}

int64_t bmatch_shortfall(const struct bmatch_problem *pb,
			 const unsigned char *chosen, int32_t *row_short)
{
	if (!pb || !pb->start || (pb->nrows > 0 && !pb->row_cap) ||
	    pb->start[0] != 0)
		return BMATCH_EINVAL;
	size_t nr = pb->nrows;
	if (nr >= (size_t)INT32_MAX)
		return BMATCH_ERANGE;
	for (size_t i = 0; i < nr; i++)
		if (pb->start[i + 1] < pb->start[i] || pb->row_cap[i] < 0 ||
		    (pb->row_min && pb->row_min[i] < 0))
			return BMATCH_EINVAL;
	if (pb->start[nr] > 0 && !chosen)
		return BMATCH_EINVAL;
	int64_t sum = 0;
	for (size_t i = 0; i < nr; i++) {
		int32_t lo = 0;
		if (pb->row_min)
			lo = pb->row_min[i] < pb->row_cap[i] ? pb->row_min[i] :
			     pb->row_cap[i];
		int32_t sh = 0;
		if (lo > 0) {
			/* count up to lo chosen edges */
			size_t deg = 0;
			for (size_t e = pb->start[i];
			     e < pb->start[i + 1] && deg < (size_t)lo; e++)
				deg += chosen[e] != 0;
			sh = lo - (int32_t)deg;
		}
		if (row_short)
			row_short[i] = sh;
		sum += sh;
	}
	return sum;
}
