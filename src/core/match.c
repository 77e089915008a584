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

static int run_rounds(const struct edges *e, const struct solve_settings *s,
		      const long *const cap[SIDE_COUNT], const struct match_control *ctl,
		      struct match_result *r)
{
	size_t nm = e->nmentors, m = e->start[nm];
	int rounds = s->rounds < 1 ? 1 : s->rounds > MATCH_MAX_ROUNDS ? MATCH_MAX_ROUNDS : s->rounds;
	unsigned char *used = calloc(m ? m : 1, 1);
	size_t *start = malloc((nm + 1) * sizeof *start);
	uint32_t *col = malloc((m ? m : 1) * sizeof *col);
	int64_t *w = malloc((m ? m : 1) * sizeof *w);
	size_t *edge_of = malloc((m ? m : 1) * sizeof *edge_of);
	long *row_match = malloc((nm ? nm : 1) * sizeof *row_match);
	size_t pcap = 0;

	memset(r, 0, sizeof *r);
	r->nmentors = nm;
	r->nmentees = e->nmentees;
	r->count[SIDE_MENTOR] = calloc(nm ? nm : 1, sizeof(unsigned));
	r->count[SIDE_MENTEE] = calloc(e->nmentees ? e->nmentees : 1, sizeof(unsigned));
	if (!used || !start || !col || !w || !edge_of || !row_match ||
	    !r->count[SIDE_MENTOR] || !r->count[SIDE_MENTEE])
		goto oom;

	for (int round = 1; round <= rounds; round++) {
		size_t n = 0;
		if (ctl && ctl->cancel && atomic_load(ctl->cancel)) {
			match_free(r);
			free(used);
			free(start);
			free(col);
			free(w);
			free(edge_of);
			free(row_match);
			return -2;
		}
		if (ctl && ctl->progress) {
			char what[64];
			snprintf(what, sizeof what, "round %d of %d", round, rounds);
			ctl->progress(ctl->arg, (double)(round - 1) / rounds, what);
		}
		/* The allowed pairs of this round: not matched before; the
		 * unmatched bonus when either person has no match yet. */
		for (size_t i = 0; i < nm; i++) {
			start[i] = n;
			if (cap && cap[SIDE_MENTOR] && r->count[SIDE_MENTOR][i] >= cap[SIDE_MENTOR][i])
				continue;
			for (size_t k = e->start[i]; k < e->start[i + 1]; k++) {
				if (used[k])
					continue;
				uint32_t j = e->mentee[k];
				if (cap && cap[SIDE_MENTEE] && r->count[SIDE_MENTEE][j] >= cap[SIDE_MENTEE][j])
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
		long made = assign_solve(nm, e->nmentees, start, col, w, row_match, &total);
		if (made < 0)
			goto oom;
		if (r->npairs + (size_t)made > pcap) {
			size_t c2 = pcap ? pcap * 2 : 256;
			while (c2 < r->npairs + (size_t)made)
				c2 *= 2;
			struct pair *p2 = realloc(r->pairs, c2 * sizeof *p2);
			if (!p2)
				goto oom;
			r->pairs = p2;
			pcap = c2;
		}
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
			used[edge_of[k]] = 1;
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
	free(used);
	free(start);
	free(col);
	free(w);
	free(edge_of);
	free(row_match);
	return 0;
oom:
	free(used);
	free(start);
	free(col);
	free(w);
	free(edge_of);
	free(row_match);
	match_free(r);
	return -1;
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
			const long *const cap[SIDE_COUNT], const struct match_control *ctl,
			struct match_result *r)
{
	size_t nm = e->nmentors, ne = e->nmentees, m = e->start[nm];
	int32_t *rc = malloc((nm ? nm : 1) * sizeof *rc);
	int32_t *cc = malloc((ne ? ne : 1) * sizeof *cc);
	unsigned char *chosen = malloc(m ? m : 1);
	int64_t total = 0;
	long got = -1;
	struct match_control relay = { 0 };

	if (ctl)
		relay = *ctl;
	memset(r, 0, sizeof *r);
	r->nmentors = nm;
	r->nmentees = ne;
	r->count[SIDE_MENTOR] = calloc(nm ? nm : 1, sizeof(unsigned));
	r->count[SIDE_MENTEE] = calloc(ne ? ne : 1, sizeof(unsigned));
	if (rc && cc && chosen && r->count[SIDE_MENTOR] && r->count[SIDE_MENTEE]) {
		for (size_t i = 0; i < nm; i++)
			rc[i] = cap && cap[SIDE_MENTOR] ? (int32_t)cap[SIDE_MENTOR][i]
				: (int32_t)(e->start[i + 1] - e->start[i]);
		for (size_t j = 0; j < ne; j++)
			cc[j] = cap && cap[SIDE_MENTEE] ? (int32_t)cap[SIDE_MENTEE][j] : INT32_MAX / 2;
		struct bmatch_problem pb = {
			.nrows = nm, .ncols = ne, .start = e->start, .col = e->mentee,
			.weight = e->score, .row_cap = rc, .col_cap = cc,
			.objective = s->objective == OBJECTIVE_COVERAGE ? BMATCH_COVERAGE : BMATCH_QUALITY,
			.progress = ctl && ctl->progress ? relay_progress : NULL,
			.progress_arg = &relay,
		};
		got = bmatch_solve(&pb, chosen, &total, ctl ? ctl->cancel : NULL);
	}
	if (got >= 0) {
		r->pairs = malloc((got ? (size_t)got : 1) * sizeof *r->pairs);
		if (!r->pairs)
			got = -1;
	}
	if (got >= 0) {
		for (size_t i = 0; i < nm; i++)
			for (size_t k = e->start[i]; k < e->start[i + 1]; k++) {
				if (!chosen[k])
					continue;
				struct pair *p = &r->pairs[r->npairs++];
				p->mentor = (uint32_t)i;
				p->mentee = e->mentee[k];
				p->round = 1;
				p->score = e->score[k];
				p->bonus = 0;
				r->count[SIDE_MENTOR][i]++;
				r->count[SIDE_MENTEE][p->mentee]++;
			}
		r->nrounds = 1;
		r->round_pairs[0] = r->npairs;
		r->round_total[0] = (long)total;
	}
	free(rc);
	free(cc);
	free(chosen);
	if (got < 0) {
		match_free(r);
		return got == BMATCH_ECANCELED ? -2 : -1;
	}
	return 0;
}

int match_run(const struct edges *e, const struct solve_settings *s,
	      const long *const cap[SIDE_COUNT], const struct match_control *ctl,
	      struct match_result *r)
{
	if (s->mode == MODE_CAPACITY)
		return run_capacity(e, s, cap, ctl, r);
	return run_rounds(e, s, cap, ctl, r);
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
		      const long *const cap[SIDE_COUNT], const uint32_t *const rank[SIDE_COUNT],
		      const struct match_control *ctl, struct match_result *r)
{
	size_t n[SIDE_COUNT] = { e->nmentors, e->nmentees };
	struct edges pe;
	long *pcap[SIDE_COUNT] = { NULL, NULL };
	uint32_t *back[SIDE_COUNT] = { NULL, NULL };
	int rc = -1;

	memset(r, 0, sizeof *r);
	if (permute_edges(e, rank[SIDE_MENTOR], rank[SIDE_MENTEE], &pe) < 0)
		return -1;
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
	rc = match_run(&pe, s, (const long *const *)pcap, ctl, r);
	if (rc != 0)
		goto done;
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
	memset(r, 0, sizeof *r);
}
