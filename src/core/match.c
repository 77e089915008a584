/* match.c - rounds of exact one-to-one assignment, as the original programme. */
#include "mentormatch/match.h"

#include <stdlib.h>
#include <string.h>

#include <stdio.h>

#include "mentormatch/assign.h"
#include "mentormatch/bmatch.h"

static int cmp_pair(const void *a, const void *b)
{
	const struct pair *x = a, *y = b;
	if (x->round != y->round)
		return x->round - y->round;
	if (x->mentor != y->mentor)
		return x->mentor < y->mentor ? -1 : 1;
	return (x->mentee > y->mentee) - (x->mentee < y->mentee);
}


/* ---- pins and bans ---------------------------------------------------- */

/* Edge index of (i, j) in e, or -1 (a row's mentees are increasing). */
static long find_edge(const struct edges *e, uint32_t i, uint32_t j)
{
	size_t lo = e->start[i], hi = e->start[i + 1];
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (e->mentee[mid] < j)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < e->start[i + 1] && e->mentee[lo] == j ? (long)lo : -1;
}

/* The pins of one solve, prepared. */
struct pin_work {
	const struct match_pin *pins;
	size_t *order;              /* the pins (action PIN_PIN), by (mentor, mentee, index) */
	size_t norder;
	unsigned *npinned[SIDE_COUNT];  /* pins per person */
	unsigned char *off;         /* per edge: 1 when pinned or banned (NULL: none) */
	struct pin_issue *issues;
	size_t nissues, icap;
};

static int add_issue(struct pin_work *w, enum pin_issue_kind kind, size_t pin)
{
	if (w->nissues == w->icap) {
		size_t c2 = w->icap ? w->icap * 2 : 8;
		struct pin_issue *n2 = realloc(w->issues, c2 * sizeof *n2);
		if (!n2)
			return -1;
		w->issues = n2;
		w->icap = c2;
	}
	w->issues[w->nissues++] = (struct pin_issue){ kind, pin };
	return 0;
}

struct pin_key {
	uint32_t mentor, mentee;
	size_t q;
};

static int cmp_pin_key(const void *a, const void *b)
{
	const struct pin_key *x = a, *y = b;
	if (x->mentor != y->mentor)
		return x->mentor < y->mentor ? -1 : 1;
	if (x->mentee != y->mentee)
		return x->mentee < y->mentee ? -1 : 1;
	return (x->q > y->q) - (x->q < y->q);
}

static int cmp_issue(const void *a, const void *b)
{
	const struct pin_issue *x = a, *y = b;
	if (x->pin != y->pin)
		return x->pin < y->pin ? -1 : 1;
	return (int)x->kind - (int)y->kind;
}

static void pin_work_free(struct pin_work *w)
{
	free(w->order);
	free(w->npinned[SIDE_MENTOR]);
	free(w->npinned[SIDE_MENTEE]);
	free(w->off);
	free(w->issues);
	memset(w, 0, sizeof *w);
}

/* Checks and orders the pins, marks the pinned and banned edges, counts
 * pins per person and finds the not-allowed and over-capacity pins (of a
 * person's pins in order, those beyond the capacity).  Returns 0, or -1 on
 * out-of-memory or a pin naming a person out of range. */
static int pins_prepare(const struct edges *e, const long *const cap[SIDE_COUNT],
			const struct match_pin *pins, size_t npins, struct pin_work *w)
{
	size_t nm = e->nmentors, ne = e->nmentees, m = e->start[nm];
	unsigned *seen[SIDE_COUNT] = { NULL, NULL };
	struct pin_key *key = NULL;
	int rc = -1;

	memset(w, 0, sizeof *w);
	w->pins = pins;
	if (npins == 0)
		return 0;
	w->order = malloc(npins * sizeof *w->order);
	w->npinned[SIDE_MENTOR] = calloc(nm ? nm : 1, sizeof(unsigned));
	w->npinned[SIDE_MENTEE] = calloc(ne ? ne : 1, sizeof(unsigned));
	w->off = calloc(m ? m : 1, 1);
	key = malloc(npins * sizeof *key);
	seen[SIDE_MENTOR] = calloc(nm ? nm : 1, sizeof(unsigned));
	seen[SIDE_MENTEE] = calloc(ne ? ne : 1, sizeof(unsigned));
	if (!w->order || !w->npinned[SIDE_MENTOR] || !w->npinned[SIDE_MENTEE] || !w->off || !key ||
	    !seen[SIDE_MENTOR] || !seen[SIDE_MENTEE])
		goto done;
	for (size_t q = 0; q < npins; q++) {
		const struct match_pin *p = &pins[q];
		if (p->mentor >= nm || p->mentee >= ne)
			goto done;
		if (p->action == PIN_NONE)
			continue;
		long k = find_edge(e, p->mentor, p->mentee);
		if (k >= 0)
			w->off[k] = 1;
		if (p->action != PIN_PIN)
			continue;
		key[w->norder++] = (struct pin_key){ p->mentor, p->mentee, q };
		w->npinned[SIDE_MENTOR][p->mentor]++;
		w->npinned[SIDE_MENTEE][p->mentee]++;
	}
	if (w->norder > 1)
		qsort(key, w->norder, sizeof *key, cmp_pin_key);
	for (size_t o = 0; o < w->norder; o++)
		w->order[o] = key[o].q;
	for (size_t o = 0; o < w->norder; o++) {
		size_t q = w->order[o];
		const struct match_pin *p = &pins[q];
		if (!p->allowed && add_issue(w, PIN_ISSUE_NOT_ALLOWED, q) < 0)
			goto done;
		if (cap && cap[SIDE_MENTOR] && ++seen[SIDE_MENTOR][p->mentor] >
		    (unsigned long)(cap[SIDE_MENTOR][p->mentor] < 0 ? 0 : cap[SIDE_MENTOR][p->mentor]) &&
		    add_issue(w, PIN_ISSUE_MENTOR_CAPACITY, q) < 0)
			goto done;
		if (cap && cap[SIDE_MENTEE] && ++seen[SIDE_MENTEE][p->mentee] >
		    (unsigned long)(cap[SIDE_MENTEE][p->mentee] < 0 ? 0 : cap[SIDE_MENTEE][p->mentee]) &&
		    add_issue(w, PIN_ISSUE_MENTEE_CAPACITY, q) < 0)
			goto done;
	}
	rc = 0;
done:
	free(key);
	free(seen[SIDE_MENTOR]);
	free(seen[SIDE_MENTEE]);
	if (rc)
		pin_work_free(w);
	return rc;
}

/* Hands the issues over to r, sorted by pin then kind. */
static void pins_finish(struct pin_work *w, struct match_result *r)
{
	if (w->nissues > 1)
		qsort(w->issues, w->nissues, sizeof *w->issues, cmp_issue);
	r->issues = w->issues;
	r->nissues = w->nissues;
	w->issues = NULL;
	w->nissues = w->icap = 0;
}

/* Capacity left for the solve: cap minus the person's pins, not below 0. */
static long cap_left(const long *const cap[SIDE_COUNT], const struct pin_work *w, int side, size_t i)
{
	long c = cap[side][i] - (w->npinned[side] ? (long)w->npinned[side][i] : 0);
	return c < 0 ? 0 : c;
}

/* Makes room for more pairs in r. */
static int reserve_pairs(struct match_result *r, size_t *pcap, size_t more)
{
	if (r->npairs + more <= *pcap)
		return 0;
	size_t c2 = *pcap ? *pcap * 2 : 256;
	while (c2 < r->npairs + more)
		c2 *= 2;
	struct pair *p2 = realloc(r->pairs, c2 * sizeof *p2);
	if (!p2)
		return -1;
	r->pairs = p2;
	*pcap = c2;
	return 0;
}

static int run_rounds(const struct edges *e, const struct solve_settings *s,
		      const long *const cap[SIDE_COUNT], const struct match_pin *pins, size_t npins,
		      const struct match_control *ctl, struct match_result *r)
{
	size_t nm = e->nmentors, ne = e->nmentees, m = e->start[nm];
	int rounds = s->rounds < 1 ? 1 : s->rounds > MATCH_MAX_ROUNDS ? MATCH_MAX_ROUNDS : s->rounds;
	unsigned char *used = calloc(m ? m : 1, 1);
	size_t *start = malloc((nm + 1) * sizeof *start);
	uint32_t *col = malloc((m ? m : 1) * sizeof *col);
	int64_t *w = malloc((m ? m : 1) * sizeof *w);
	size_t *edge_of = malloc((m ? m : 1) * sizeof *edge_of);
	long *row_match = malloc((nm ? nm : 1) * sizeof *row_match);
	/* pins: the round of each, the rounds in which a person has a pin
	 * (bit round-1), and each person's pins not placed yet */
	int *pin_round = malloc((npins ? npins : 1) * sizeof *pin_round);
	unsigned *mask[SIDE_COUNT], *left[SIDE_COUNT];
	size_t pcap = 0;
	struct pin_work pw;
	int rc = -1;

	mask[SIDE_MENTOR] = calloc(nm ? nm : 1, sizeof(unsigned));
	mask[SIDE_MENTEE] = calloc(ne ? ne : 1, sizeof(unsigned));
	left[SIDE_MENTOR] = calloc(nm ? nm : 1, sizeof(unsigned));
	left[SIDE_MENTEE] = calloc(ne ? ne : 1, sizeof(unsigned));
	memset(r, 0, sizeof *r);
	memset(&pw, 0, sizeof pw);
	r->nmentors = nm;
	r->nmentees = ne;
	r->count[SIDE_MENTOR] = calloc(nm ? nm : 1, sizeof(unsigned));
	r->count[SIDE_MENTEE] = calloc(ne ? ne : 1, sizeof(unsigned));
	if (!used || !start || !col || !w || !edge_of || !row_match || !pin_round ||
	    !mask[SIDE_MENTOR] || !mask[SIDE_MENTEE] || !left[SIDE_MENTOR] || !left[SIDE_MENTEE] ||
	    !r->count[SIDE_MENTOR] || !r->count[SIDE_MENTEE])
		goto out;
	if (pins_prepare(e, cap, pins, npins, &pw) < 0)
		goto out;
	/* a pinned or banned pair is never solved for */
	if (pw.off)
		memcpy(used, pw.off, m);
	/* each pin, in order, takes the earliest round where neither person
	 * has a pin yet; past the last round, the last round */
	for (size_t o = 0; o < pw.norder; o++) {
		size_t q = pw.order[o];
		unsigned both = mask[SIDE_MENTOR][pins[q].mentor] | mask[SIDE_MENTEE][pins[q].mentee];
		int rd = 1;
		while (rd <= rounds && (both >> (rd - 1) & 1u))
			rd++;
		if (rd > rounds) {
			rd = rounds;
			if (add_issue(&pw, PIN_ISSUE_ROUNDS, q) < 0)
				goto out;
		}
		pin_round[q] = rd;
		mask[SIDE_MENTOR][pins[q].mentor] |= 1u << (rd - 1);
		mask[SIDE_MENTEE][pins[q].mentee] |= 1u << (rd - 1);
		left[SIDE_MENTOR][pins[q].mentor]++;
		left[SIDE_MENTEE][pins[q].mentee]++;
	}

	for (int round = 1; round <= rounds; round++) {
		size_t n = 0;
		unsigned bit = 1u << (round - 1);
		if (ctl && ctl->cancel && atomic_load(ctl->cancel)) {
			rc = -2;
			goto out;
		}
		if (ctl && ctl->progress) {
			char what[64];
			snprintf(what, sizeof what, "round %d of %d", round, rounds);
			ctl->progress(ctl->arg, (double)(round - 1) / rounds, what);
		}
		/* The allowed pairs of this round: not matched before; the
		 * unmatched bonus when either person has no match yet.  People
		 * with a pin in this round sit it out; pins still to come count
		 * against the capacity. */
		for (size_t i = 0; i < nm; i++) {
			start[i] = n;
			if (mask[SIDE_MENTOR][i] & bit)
				continue;
			if (cap && cap[SIDE_MENTOR] &&
			    (long)(r->count[SIDE_MENTOR][i] + left[SIDE_MENTOR][i]) >= cap[SIDE_MENTOR][i])
				continue;
			for (size_t k = e->start[i]; k < e->start[i + 1]; k++) {
				if (used[k])
					continue;
				uint32_t j = e->mentee[k];
				if (mask[SIDE_MENTEE][j] & bit)
					continue;
				if (cap && cap[SIDE_MENTEE] &&
				    (long)(r->count[SIDE_MENTEE][j] + left[SIDE_MENTEE][j]) >= cap[SIDE_MENTEE][j])
					continue;
				long bonus = (r->count[SIDE_MENTOR][i] == 0 || r->count[SIDE_MENTEE][j] == 0)
					? s->unmatched_bonus : 0;
				col[n] = j;
				w[n] = (int64_t)e->score[k] + bonus;
				edge_of[n] = k;
				n++;
			}
		}
		start[nm] = n;
		int64_t total = 0;
		long made = assign_solve(nm, ne, start, col, w, row_match, &total);
		if (made < 0 || reserve_pairs(r, &pcap, (size_t)made + pw.norder) < 0)
			goto out;
		r->round_total[round - 1] = 0;
		r->round_pairs[round - 1] = 0;
		for (size_t i = 0; i < nm; i++) {
			if (row_match[i] < 0)
				continue;
			uint32_t j = (uint32_t)row_match[i];
			size_t k;
			for (k = start[i]; k < start[i + 1] && col[k] != j; k++)
				;
			struct pair *p = &r->pairs[r->npairs++];
			p->mentor = (uint32_t)i;
			p->mentee = j;
			p->round = round;
			p->score = (long)w[k];
			p->bonus = (long)w[k] - e->score[edge_of[k]];
			p->pinned = 0;
			used[edge_of[k]] = 1;
			r->round_total[round - 1] += p->score;
			r->round_pairs[round - 1]++;
		}
		/* the pins of this round: their rule score plus the unmatched
		 * bonus by the same rule as the solved pairs (either person
		 * without a match from an earlier round), so that pinning a
		 * pair the solve would make anyway changes no total */
		for (size_t o = 0; o < pw.norder; o++) {
			size_t q = pw.order[o];
			if (pin_round[q] != round)
				continue;
			struct pair *p = &r->pairs[r->npairs++];
			p->mentor = pins[q].mentor;
			p->mentee = pins[q].mentee;
			p->round = round;
			p->bonus = (r->count[SIDE_MENTOR][p->mentor] == 0 ||
				    r->count[SIDE_MENTEE][p->mentee] == 0) ? s->unmatched_bonus : 0;
			p->score = pins[q].score + p->bonus;
			p->pinned = 1;
			left[SIDE_MENTOR][p->mentor]--;
			left[SIDE_MENTEE][p->mentee]--;
			r->round_total[round - 1] += p->score;
			r->round_pairs[round - 1]++;
		}
		/* counts change only after the round: the bonus is decided by
		 * earlier rounds */
		for (size_t q = r->npairs - r->round_pairs[round - 1]; q < r->npairs; q++) {
			r->count[SIDE_MENTOR][r->pairs[q].mentor]++;
			r->count[SIDE_MENTEE][r->pairs[q].mentee]++;
		}
		r->nrounds = round;
	}
	if (r->npairs > 1)
		qsort(r->pairs, r->npairs, sizeof *r->pairs, cmp_pair);
	pins_finish(&pw, r);
	rc = 0;
out:
	free(used);
	free(start);
	free(col);
	free(w);
	free(edge_of);
	free(row_match);
	free(pin_round);
	for (int side = 0; side < SIDE_COUNT; side++) {
		free(mask[side]);
		free(left[side]);
	}
	pin_work_free(&pw);
	if (rc != 0)
		match_free(r);
	return rc;
}

static void relay_progress(void *arg, const struct bmatch_progress *p)
{
	const struct match_control *ctl = arg;
	char what[96];
	double f = p->bound ? (double)p->chosen / (double)p->bound : 0.0;
	snprintf(what, sizeof what, "phase %lu, %zu pairs so far", p->phase, p->chosen);
	ctl->progress(ctl->arg, f > 1.0 ? 1.0 : f, what);
}

static int run_capacity(const struct edges *e, const struct solve_settings *s,
			const long *const cap[SIDE_COUNT], const long *mentor_min,
			const struct match_pin *pins, size_t npins,
			const struct match_control *ctl, struct match_result *r)
{
	size_t nm = e->nmentors, ne = e->nmentees, m = e->start[nm];
	int32_t *rc = malloc((nm ? nm : 1) * sizeof *rc);
	int32_t *rmin = NULL;
	int32_t *cc = malloc((ne ? ne : 1) * sizeof *cc);
	unsigned char *chosen = malloc(m ? m : 1);
	int64_t total = 0;
	long got = -1;
	struct match_control relay = { 0 };
	struct pin_work pw;
	/* with pins or bans: the edges without the pinned and banned pairs */
	size_t *start2 = NULL;
	uint32_t *col2 = NULL;
	int32_t *w2 = NULL;
	unsigned char *covered = NULL;
	const size_t *st = e->start;
	const uint32_t *cl = e->mentee;
	const int32_t *wt = e->score;
	long pins_total = 0;

	if (ctl)
		relay = *ctl;
	memset(r, 0, sizeof *r);
	memset(&pw, 0, sizeof pw);
	r->nmentors = nm;
	r->nmentees = ne;
	r->count[SIDE_MENTOR] = calloc(nm ? nm : 1, sizeof(unsigned));
	r->count[SIDE_MENTEE] = calloc(ne ? ne : 1, sizeof(unsigned));
	if (!rc || !cc || !chosen || !r->count[SIDE_MENTOR] || !r->count[SIDE_MENTEE] ||
	    pins_prepare(e, cap, pins, npins, &pw) < 0)
		goto solved;
	if (pw.off) {
		start2 = malloc((nm + 1) * sizeof *start2);
		col2 = malloc((m ? m : 1) * sizeof *col2);
		w2 = malloc((m ? m : 1) * sizeof *w2);
		covered = calloc(ne ? ne : 1, 1);
		if (!start2 || !col2 || !w2 || !covered)
			goto solved;
		size_t n = 0;
		for (size_t i = 0; i < nm; i++) {
			start2[i] = n;
			for (size_t k = e->start[i]; k < e->start[i + 1]; k++)
				if (!pw.off[k]) {
					col2[n] = e->mentee[k];
					w2[n++] = e->score[k];
				}
		}
		start2[nm] = n;
		for (size_t o = 0; o < pw.norder; o++)
			covered[pins[pw.order[o]].mentee] = 1;
		st = start2;
		cl = col2;
		wt = w2;
	}
	for (size_t i = 0; i < nm; i++)
		rc[i] = cap && cap[SIDE_MENTOR] ? (int32_t)cap_left(cap, &pw, SIDE_MENTOR, i)
			: (int32_t)(st[i + 1] - st[i]);
	for (size_t j = 0; j < ne; j++)
		cc[j] = cap && cap[SIDE_MENTEE] ? (int32_t)cap_left(cap, &pw, SIDE_MENTEE, j) : INT32_MAX / 2;
	if (mentor_min) {
		/* a pinned pair counts towards its mentor's minimum */
		if (!(rmin = malloc((nm ? nm : 1) * sizeof *rmin)))
			goto solved;
		for (size_t i = 0; i < nm; i++) {
			long lo = mentor_min[i] - (pw.npinned[SIDE_MENTOR] ?
						   (long)pw.npinned[SIDE_MENTOR][i] : 0);
			rmin[i] = lo < 0 ? 0 : lo > INT32_MAX / 2 ? INT32_MAX / 2 : (int32_t)lo;
		}
	}
	struct bmatch_problem pb = {
		.nrows = nm, .ncols = ne, .start = st, .col = cl,
		.weight = wt, .row_cap = rc, .col_cap = cc,
		.objective = s->objective == OBJECTIVE_COVERAGE ? BMATCH_COVERAGE : BMATCH_QUALITY,
		.progress = ctl && ctl->progress ? relay_progress : NULL,
		.progress_arg = &relay,
		.col_covered = covered,
		.row_min = rmin,
	};
	got = bmatch_solve(&pb, chosen, &total, ctl ? ctl->cancel : NULL);
	if (got >= 0) {
		r->pairs = malloc(((size_t)got + pw.norder + 1) * sizeof *r->pairs);
		if (!r->pairs)
			got = -1;
	}
	if (got >= 0) {
		for (size_t i = 0; i < nm; i++)
			for (size_t k = st[i]; k < st[i + 1]; k++) {
				if (!chosen[k])
					continue;
				struct pair *p = &r->pairs[r->npairs++];
				p->mentor = (uint32_t)i;
				p->mentee = cl[k];
				p->round = 1;
				p->score = wt[k];
				p->bonus = 0;
				p->pinned = 0;
			}
		for (size_t o = 0; o < pw.norder; o++) {
			const struct match_pin *mp = &pins[pw.order[o]];
			struct pair *p = &r->pairs[r->npairs++];
			p->mentor = mp->mentor;
			p->mentee = mp->mentee;
			p->round = 1;
			p->score = mp->score;
			p->bonus = 0;
			p->pinned = 1;
			pins_total += mp->score;
		}
		for (size_t q = 0; q < r->npairs; q++) {
			r->count[SIDE_MENTOR][r->pairs[q].mentor]++;
			r->count[SIDE_MENTEE][r->pairs[q].mentee]++;
		}
		if (pw.norder && r->npairs > 1)
			qsort(r->pairs, r->npairs, sizeof *r->pairs, cmp_pair);
		r->nrounds = 1;
		r->round_pairs[0] = r->npairs;
		r->round_total[0] = (long)total + pins_total;
		pins_finish(&pw, r);
		if (mentor_min) {
			/* who is short of their minimum, with allowed pairs left */
			r->shortfall = calloc(nm ? nm : 1, sizeof *r->shortfall);
			if (!r->shortfall) {
				got = -1;
				goto solved;
			}
			for (size_t i = 0; i < nm; i++) {
				long want = mentor_min[i], c = cap && cap[SIDE_MENTOR] ? cap[SIDE_MENTOR][i] : want;
				if (want > c)
					want = c;
				if (want > (long)r->count[SIDE_MENTOR][i] && e->start[i + 1] > e->start[i]) {
					r->shortfall[i] = (unsigned)(want - (long)r->count[SIDE_MENTOR][i]);
					r->nshort++;
				}
			}
		}
	}
solved:
	free(rmin);
	free(rc);
	free(cc);
	free(chosen);
	free(start2);
	free(col2);
	free(w2);
	free(covered);
	pin_work_free(&pw);
	if (got < 0) {
		match_free(r);
		return got == BMATCH_ECANCELED ? -2 : -1;
	}
	return 0;
}

int match_run(const struct edges *e, const struct solve_settings *s,
	      const long *const cap[SIDE_COUNT], const long *mentor_min,
	      const struct match_pin *pins, size_t npins,
	      const struct match_control *ctl, struct match_result *r)
{
	if (s->mode == MODE_CAPACITY)
		return run_capacity(e, s, cap, mentor_min, pins, npins, ctl, r);
	return run_rounds(e, s, cap, pins, npins, ctl, r);
}

/* e with mentor i renumbered rm[i] and mentee j renumbered re[j]; each row
 * in increasing (new) mentee order.  Two bucket passes, no sorting. */
static int permute_edges(const struct edges *e, const uint32_t *rm, const uint32_t *re,
			 struct edges *out)
{
	size_t nm = e->nmentors, ne = e->nmentees, m = e->start[nm];
	uint32_t *pm = malloc((nm ? nm : 1) * sizeof *pm);      /* new -> old mentor */
	size_t *cstart = calloc(ne + 1, sizeof *cstart);       /* by new mentee */
	uint32_t *cmentor = malloc((m ? m : 1) * sizeof *cmentor);
	int32_t *cscore = malloc((m ? m : 1) * sizeof *cscore);
	int rc = -1;

	memset(out, 0, sizeof *out);
	out->nmentors = nm;
	out->nmentees = ne;
	out->start = calloc(nm + 1, sizeof *out->start);
	out->mentee = malloc((m ? m : 1) * sizeof *out->mentee);
	out->score = malloc((m ? m : 1) * sizeof *out->score);
	if (!pm || !cstart || !cmentor || !cscore || !out->start || !out->mentee || !out->score)
		goto done;
	for (size_t i = 0; i < nm; i++)
		pm[rm[i]] = (uint32_t)i;
	for (size_t k = 0; k < m; k++)
		cstart[re[e->mentee[k]] + 1]++;
	for (size_t j = 0; j < ne; j++)
		cstart[j + 1] += cstart[j];
	/* by mentee, mentors in new order */
	for (size_t ni = 0; ni < nm; ni++) {
		uint32_t i = pm[ni];
		for (size_t k = e->start[i]; k < e->start[i + 1]; k++) {
			size_t at = cstart[re[e->mentee[k]]]++;
			cmentor[at] = (uint32_t)ni;
			cscore[at] = e->score[k];
		}
	}
	/* cstart[j] now ends column j; back by mentor, mentees in new order */
	for (size_t k = 0; k < m; k++)
		out->start[cmentor[k] + 1]++;
	for (size_t i = 0; i < nm; i++)
		out->start[i + 1] += out->start[i];
	size_t *cur = malloc((nm ? nm : 1) * sizeof *cur);
	if (!cur)
		goto done;
	memcpy(cur, out->start, nm * sizeof *cur);
	size_t k = 0;
	for (size_t nj = 0; nj < ne; nj++)
		for (; k < cstart[nj]; k++) {
			size_t at = cur[cmentor[k]]++;
			out->mentee[at] = (uint32_t)nj;
			out->score[at] = cscore[k];
		}
	free(cur);
	rc = 0;
done:
	free(pm);
	free(cstart);
	free(cmentor);
	free(cscore);
	if (rc)
		edges_free(out);
	return rc;
}

int match_run_ordered(const struct edges *e, const struct solve_settings *s,
		      const long *const cap[SIDE_COUNT], const long *mentor_min,
		      const uint32_t *const rank[SIDE_COUNT],
		      const struct match_pin *pins, size_t npins,
		      const struct match_control *ctl, struct match_result *r)
{
	size_t n[SIDE_COUNT] = { e->nmentors, e->nmentees };
	struct edges pe;
	long *pcap[SIDE_COUNT] = { NULL, NULL }, *pmin = NULL;
	uint32_t *back[SIDE_COUNT] = { NULL, NULL };
	struct match_pin *pp = NULL;
	int rc = -1;

	memset(r, 0, sizeof *r);
	for (size_t q = 0; q < npins; q++)
		if (pins[q].mentor >= n[SIDE_MENTOR] || pins[q].mentee >= n[SIDE_MENTEE])
			return -1;
	if (npins) {
		if (!(pp = malloc(npins * sizeof *pp)))
			return -1;
		for (size_t q = 0; q < npins; q++) {
			pp[q] = pins[q];
			pp[q].mentor = rank[SIDE_MENTOR][pins[q].mentor];
			pp[q].mentee = rank[SIDE_MENTEE][pins[q].mentee];
		}
	}
	if (permute_edges(e, rank[SIDE_MENTOR], rank[SIDE_MENTEE], &pe) < 0) {
		free(pp);
		return -1;
	}
	for (int side = 0; side < SIDE_COUNT; side++) {
		back[side] = malloc((n[side] ? n[side] : 1) * sizeof *back[side]);
		if (!back[side])
			goto done;
		for (size_t i = 0; i < n[side]; i++)
			back[side][rank[side][i]] = (uint32_t)i;
		if (cap && cap[side]) {
			if (!(pcap[side] = malloc((n[side] ? n[side] : 1) * sizeof *pcap[side])))
				goto done;
			for (size_t i = 0; i < n[side]; i++)
				pcap[side][rank[side][i]] = cap[side][i];
		}
	}
	if (mentor_min) {
		if (!(pmin = malloc((n[SIDE_MENTOR] ? n[SIDE_MENTOR] : 1) * sizeof *pmin)))
			goto done;
		for (size_t i = 0; i < n[SIDE_MENTOR]; i++)
			pmin[rank[SIDE_MENTOR][i]] = mentor_min[i];
	}
	rc = match_run(&pe, s, (const long *const *)pcap, pmin, pp, npins, ctl, r);
	if (rc != 0)
		goto done;
	if (r->shortfall) {
		/* back to the original numbering, as the counts below */
		unsigned *sf = malloc((n[SIDE_MENTOR] ? n[SIDE_MENTOR] : 1) * sizeof *sf);
		if (!sf) {
			match_free(r);
			rc = -1;
			goto done;
		}
		for (size_t i = 0; i < n[SIDE_MENTOR]; i++)
			sf[i] = r->shortfall[rank[SIDE_MENTOR][i]];
		free(r->shortfall);
		r->shortfall = sf;
	}
	/* back to the original numbering */
	for (size_t q = 0; q < r->npairs; q++) {
		r->pairs[q].mentor = back[SIDE_MENTOR][r->pairs[q].mentor];
		r->pairs[q].mentee = back[SIDE_MENTEE][r->pairs[q].mentee];
	}
	for (int side = 0; side < SIDE_COUNT; side++) {
		unsigned *c = r->count[side];
		for (size_t i = 0; i < n[side]; i++)
			c[i] = 0;
	}
	for (size_t q = 0; q < r->npairs; q++) {
		r->count[SIDE_MENTOR][r->pairs[q].mentor]++;
		r->count[SIDE_MENTEE][r->pairs[q].mentee]++;
	}
	if (r->npairs > 1)
		qsort(r->pairs, r->npairs, sizeof *r->pairs, cmp_pair);
done:
	free(pp);
	free(pmin);
	edges_free(&pe);
	for (int side = 0; side < SIDE_COUNT; side++) {
		free(pcap[side]);
		free(back[side]);
	}
	return rc;
}

void match_histogram(const struct match_result *r, enum side side,
		     size_t *histogram, size_t nbins)
{
	size_t n = side == SIDE_MENTOR ? r->nmentors : r->nmentees;
	if (!nbins)
		return;
	memset(histogram, 0, nbins * sizeof *histogram);
	for (size_t i = 0; i < n; i++) {
		unsigned c = r->count[side] ? r->count[side][i] : 0;
		histogram[c < nbins ? c : nbins - 1]++;
	}
}

long match_find(const struct match_result *r, size_t mentor, size_t mentee)
{
	for (size_t q = 0; q < r->npairs; q++)
		if (r->pairs[q].mentor == mentor && r->pairs[q].mentee == mentee)
			return (long)q;
	return -1;
}

void match_free(struct match_result *r)
{
	free(r->pairs);
	free(r->count[SIDE_MENTOR]);
	free(r->count[SIDE_MENTEE]);
	free(r->issues);
	free(r->shortfall);
	memset(r, 0, sizeof *r);
}
