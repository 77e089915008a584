/* explain.c - best reachable scores, why unmatched, what changed, summary. */
#include "mentormatch/explain.h"
#include "mentormatch/text.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mentormatch/utf8.h"

static enum side other_side(enum side side)
{
	return side == SIDE_MENTOR ? SIDE_MENTEE : SIDE_MENTOR;
}

/* ---- best reachable score ------------------------------------------------ */

int explain_best_build(const struct edges *e, struct explain_best *out)
{
	memset(out, 0, sizeof *out);
	size_t nm = e->nmentors, ne = e->nmentees;
	out->best[SIDE_MENTOR] = malloc((nm ? nm : 1) * sizeof *out->best[SIDE_MENTOR]);
	out->best[SIDE_MENTEE] = malloc((ne ? ne : 1) * sizeof *out->best[SIDE_MENTEE]);
	if (!out->best[SIDE_MENTOR] || !out->best[SIDE_MENTEE]) {
		explain_best_free(out);
		return -1;
	}
	out->n[SIDE_MENTOR] = nm;
	out->n[SIDE_MENTEE] = ne;
	long *bm = out->best[SIDE_MENTOR], *be = out->best[SIDE_MENTEE];
	for (size_t j = 0; j < ne; j++)
		be[j] = EXPLAIN_NO_BEST;
	for (size_t i = 0; i < nm; i++) {
		long b = EXPLAIN_NO_BEST;
		for (size_t k = e->start[i]; k < e->start[i + 1]; k++) {
			long sc = e->score[k];
			uint32_t j = e->mentee[k];
			if (sc > b)
				b = sc;
			if (j < ne && sc > be[j])
				be[j] = sc;
		}
		bm[i] = b;
	}
	return 0;
}

void explain_best_free(struct explain_best *b)
{
	if (!b)
		return;
	free(b->best[SIDE_MENTOR]);
	free(b->best[SIDE_MENTEE]);
	memset(b, 0, sizeof *b);
}

int explain_share(long score, long best)
{
	if (best == EXPLAIN_NO_BEST || best <= 0)
		return -1;
	if (score <= 0)
		return 0;
	if (score >= best)
		return 100;
	/* 0 < score < best here */
	if (score <= LONG_MAX / 100)
		return (int)(score * 100 / best);
	/* two decimal digits of score / best by long division, without
	 * overflow: acc and score stay below best < 2^63 */
	unsigned long b = (unsigned long)best, r = (unsigned long)score;
	int pct = 0;
	for (int digit = 0; digit < 2; digit++) {
		unsigned long acc = 0;
		int q = 0;
		for (int i = 0; i < 10; i++) {
			acc += r;
			if (acc >= b) {
				acc -= b;
				q++;
			}
		}
		pct = pct * 10 + q;
		r = acc;
	}
	return pct;
}

/* ---- pins of one person -------------------------------------------------- */

/* s without surrounding white space: start in *a, length returned. */
static size_t trimmed(const char *s, const char **a)
{
	size_t k, n;
	if (!s)
		s = "";
	while ((k = utf8_space_len(s)) != 0)
		s += k;
	n = strlen(s);
	for (;;) {
		if (n >= 1 && utf8_space_len(s + n - 1) == 1) {
			n--;
		} else if (n >= 2 && (unsigned char)s[n - 2] == 0xC2 && (unsigned char)s[n - 1] == 0xA0) {
			n -= 2;
		} else {
			break;
		}
	}
	*a = s;
	return n;
}


/* explain_pins_of without memory to spare: one pass over the counterparts
 * for each pin of the person. */
static size_t pins_of_slow(const struct dataset *ds, const struct pin_set *pins, enum side side,
			   const char *me, enum pin_action *act)
{
	enum side other = other_side(side);
	size_t n = ds->side[other].n, found = 0;
	for (size_t i = 0; i < pins->n; i++) {
		const struct pin *p = &pins->items[i];
		char b1[256], b2[256], *o1, *o2;
		const char *mine = text_key_in(side == SIDE_MENTOR ? p->mentor_email : p->mentee_email,
				       b1, sizeof b1, &o1);
		const char *theirs = text_key_in(side == SIDE_MENTOR ? p->mentee_email : p->mentor_email,
					 b2, sizeof b2, &o2);
		if (p->action != PIN_NONE && mine && theirs && *theirs && !strcmp(mine, me)) {
			for (size_t k = 0; k < n; k++) {
				char b3[256], *o3;
				const char *key = text_key_in(dataset_identity(ds, other, k), b3, sizeof b3, &o3);
				int same = key && !strcmp(key, theirs);
				free(o3);
				if (same) {
					if (act[k] == PIN_NONE)
						found++;
					act[k] = p->action;
					break;
				}
			}
		}
		free(o1);
		free(o2);
	}
	return found;
}

size_t explain_pins_of(const struct dataset *ds, const struct pin_set *pins, enum side side,
		       size_t person, enum pin_action *act)
{
	enum side other = other_side(side);
	size_t n = ds->side[other].n, found = 0, nmine = 0, left;
	char mebuf[256], *meown;
	const char *me;
	char **theirs = NULL;      /* counterpart email keys of this person's pins */
	size_t *which = NULL;      /* their pins */
	for (size_t k = 0; k < n; k++)
		act[k] = PIN_NONE;
	if (!pins || pins->n == 0 || person >= ds->side[side].n)
		return 0;
	me = text_key_in(dataset_identity(ds, side, person), mebuf, sizeof mebuf, &meown);
	if (!me || !*me)
		goto out;
	theirs = malloc(pins->n * sizeof *theirs);
	which = malloc(pins->n * sizeof *which);
	if (!theirs || !which)
		goto slow;
	/* the pins of this person, by one pass over the pins */
	for (size_t i = 0; i < pins->n; i++) {
		const struct pin *p = &pins->items[i];
		char b1[256], *o1;
		const char *mine = text_key_in(side == SIDE_MENTOR ? p->mentor_email : p->mentee_email,
				       b1, sizeof b1, &o1);
		int same = mine && !strcmp(mine, me);
		free(o1);
		if (!mine)
			goto slow;
		if (!same || p->action == PIN_NONE)
			continue;
		const char *t = side == SIDE_MENTOR ? p->mentee_email : p->mentor_email;
		char *key = malloc(strlen(t ? t : "") + 1);
		if (!key)
			goto slow;
		text_key(t ? t : "", strlen(t ? t : ""), key);
		if (!*key) {
			free(key);
			continue;
		}
		theirs[nmine] = key;
		which[nmine++] = i;
	}
	/* then one pass over the counterparts: each email's key once */
	left = nmine;
	for (size_t k = 0; k < n && left > 0; k++) {
		char b3[256], *o3;
		const char *key = text_key_in(dataset_identity(ds, other, k), b3, sizeof b3, &o3);
		if (!key) {
			for (size_t j = 0; j < nmine; j++)
				free(theirs[j]);
			nmine = 0;
			for (size_t kk = 0; kk < n; kk++)
				act[kk] = PIN_NONE;
			found = 0;
			goto slow;
		}
		for (size_t j = 0; *key && j < nmine; j++) {
			if (!theirs[j] || strcmp(theirs[j], key) != 0)
				continue;
			/* emails are unique on a side (duplicate sign-ups are merged) */
			if (act[k] == PIN_NONE)
				found++;
			act[k] = pins->items[which[j]].action;
			free(theirs[j]);
			theirs[j] = NULL;
			left--;
		}
		free(o3);
	}
	goto out;
slow:
	found = pins_of_slow(ds, pins, side, me, act);
out:
	for (size_t j = 0; j < nmine; j++)
		free(theirs[j]);
	free(theirs);
	free(which);
	free(meown);
	return found;
}

/* ---- why unmatched ------------------------------------------------------- */

void explain_unmatched_free(struct unmatched_explanation *ex)
{
	if (!ex)
		return;
	free(ex->excluded);
	free(ex->only);
	memset(ex, 0, sizeof *ex);
}

/* Is the result r for the people of ds (same counts on both sides)? */
static int result_fits(const struct session *s)
{
	return s->have_result && s->res.nmentors == s->ds.side[SIDE_MENTOR].n &&
	       s->res.nmentees == s->ds.side[SIDE_MENTEE].n &&
	       s->res.count[SIDE_MENTOR] && s->res.count[SIDE_MENTEE];
}

int explain_unmatched(const struct session *s, enum side side, size_t person,
		      struct unmatched_explanation *out)
{
	memset(out, 0, sizeof *out);
	if (!s || !s->have_dataset || (side != SIDE_MENTOR && side != SIDE_MENTEE) ||
	    person >= s->ds.side[side].n)
		return -1;
	const struct dataset *ds = &s->ds;
	const struct profile *p = ds->prof;
	enum side other = other_side(side);
	size_t n = ds->side[other].n;
	int have_res = result_fits(s);
	const struct match_result *r = have_res ? &s->res : NULL;
	struct score_part *parts = malloc(SCORE_MAX_PARTS(p) * sizeof *parts);
	enum pin_action *act = malloc((n ? n : 1) * sizeof *act);
	long *worst = NULL;   /* lowest rule score among each counterpart's pairs */
	int rc = -1;

	out->side = side;
	out->person = person;
	out->nrules = p->nrules + 2;
	out->excluded = calloc(out->nrules, sizeof *out->excluded);
	out->only = calloc(out->nrules, sizeof *out->only);
	out->capacity = dataset_capacity(ds, side, person);
	out->ncounterparts = n;
	out->best_score = EXPLAIN_NO_BEST;
	out->best_room_score = EXPLAIN_NO_BEST;
	out->best_person = (size_t)-1;
	if (!parts || !act || !out->excluded || !out->only)
		goto out;
	if (r) {
		out->matches = r->count[side][person];
		worst = malloc((n ? n : 1) * sizeof *worst);
		if (!worst)
			goto out;
		for (size_t k = 0; k < n; k++)
			worst[k] = LONG_MAX;
		for (size_t q = 0; q < r->npairs; q++) {
			const struct pair *pr = &r->pairs[q];
			size_t them = other == SIDE_MENTOR ? pr->mentor : pr->mentee;
			long rs = pr->score - pr->bonus;
			if (them < n && rs < worst[them])
				worst[them] = rs;
		}
	}
	explain_pins_of(ds, &s->pins, side, person, act);

	long best_rules = EXPLAIN_NO_BEST;   /* among pairs allowed by the rules */
	size_t best_rules_person = (size_t)-1;
	for (size_t k = 0; k < n; k++) {
		size_t mentor = side == SIDE_MENTOR ? person : k;
		size_t mentee = side == SIDE_MENTOR ? k : person;
		size_t np = 0, nforbid = 0, last = 0;
		long sc;
		int allowed = score_pair(ds, mentor, mentee, &sc, parts, &np);
		int below_min = 0;
		for (size_t i = 0; i < np; i++) {
			if (!parts[i].forbids)
				continue;
			if (parts[i].rule == SCORE_RULE_MIN_SCORE) {
				below_min = 1;
				continue;
			}
			size_t idx = parts[i].rule == SCORE_RULE_SAME_PERSON ? p->nrules :
				parts[i].rule == SCORE_RULE_HISTORY ? p->nrules + 1 : parts[i].rule;
			if (idx < out->nrules) {
				out->excluded[idx]++;
				last = idx;
				nforbid++;
			}
		}
		if (nforbid == 1)
			out->only[last]++;
		if (!allowed && nforbid > 0) {
			out->nexcluded++;
			continue;
		}
		if (sc > best_rules) {
			best_rules = sc;
			best_rules_person = k;
		}
		if (!allowed || below_min) {
			out->nbelow_min++;
			continue;
		}
		out->nallowed++;
		if (act[k] == PIN_BAN) {
			out->nbanned++;
			continue;
		}
		out->navailable++;
		if (sc > out->best_score) {
			out->best_score = sc;
			out->best_person = k;
		}
		if (!r)
			continue;
		long cap = dataset_capacity(ds, other, k);
		/* a pair the solve leaves out rather than lose points */
		long w = sc + (p->solve.mode == MODE_ROUNDS ? p->solve.unmatched_bonus : 0);
		int lowers = w < 0 && (p->solve.mode == MODE_ROUNDS ||
				       p->solve.objective == OBJECTIVE_QUALITY ||
				       (side == SIDE_MENTOR && r->count[other][k] > 0));
		out->nnegative += lowers;
		if ((long)r->count[other][k] < cap) {
			if (lowers) {
				out->nroom_negative++;
				if (w > out->best_room_score)
					out->best_room_score = w;
			}
			continue;
		}
		out->nfull++;
		if (cap <= 0)
			out->nno_capacity++;
		else if (r->count[other][k] > 0 && worst[k] >= sc)
			out->nfull_better++;
	}
	if (out->navailable == 0 && out->nallowed == 0 && out->nbelow_min > 0) {
		out->best_score = best_rules;
		out->best_person = best_rules_person;
	}

	if (out->matches > 0)
		out->reason = UNMATCHED_HAS_MATCH;
	else if (out->capacity <= 0)
		out->reason = UNMATCHED_NO_CAPACITY;
	else if (n == 0)
		out->reason = UNMATCHED_NOBODY;
	else if (out->nexcluded == n)
		out->reason = UNMATCHED_NO_ALLOWED;
	else if (out->nallowed == 0)
		out->reason = UNMATCHED_BELOW_MIN_SCORE;
	else if (out->navailable == 0)
		out->reason = UNMATCHED_BANNED;
	else if (!r)
		out->reason = UNMATCHED_NOT_SOLVED;
	else
		out->reason = UNMATCHED_TAKEN;
	rc = 0;
out:
	free(parts);
	free(act);
	free(worst);
	if (rc != 0)
		explain_unmatched_free(out);
	return rc;
}

/* ---- why unmatched, in words --------------------------------------------- */

/* "mentor" or "mentors" (n != 1). */
static const char *noun(enum side side, size_t n)
{
	if (side == SIDE_MENTOR)
		return n == 1 ? "mentor" : "mentors";
	return n == 1 ? "mentee" : "mentees";
}

/* Copies s into buf (room for len >= 4 bytes), shortened to maxcols
 * characters (code points) and to whole characters that fit, with "..." at
 * the end when it is shortened. */
static void clip(const char *s, size_t maxcols, char *buf, size_t len)
{
	size_t i = 0, cols = 0, n = strlen(s), keep = 0;
	size_t room = maxcols > 3 ? maxcols - 3 : 0;
	while (i < n) {
		size_t k = utf8_seq_len((const unsigned char *)s + i, n - i);
		i += k ? k : 1;
		cols++;
		if (cols <= room && i + 4 <= len)
			keep = i;
	}
	if (cols <= maxcols && n < len)
		snprintf(buf, len, "%s", s);
	else
		snprintf(buf, len, "%.*s...", (int)keep, s);
}

static const char *rule_label(const struct profile *p, size_t idx)
{
	if (idx == p->nrules + 1)
		return "paired before (history)";
	if (idx >= p->nrules)
		return "same person";
	const struct rule *ru = &p->rules[idx];
	return ru->label && *ru->label ? ru->label : ru->id ? ru->id : "rule";
}

struct text_out {
	char (*lines)[EXPLAIN_LINE_MAX];
	size_t n, max;
};

#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
static void say(struct text_out *t, const char *fmt, ...)
{
	va_list ap;
	if (t->n >= t->max)
		return;
	va_start(ap, fmt);
	vsnprintf(t->lines[t->n++], EXPLAIN_LINE_MAX, fmt, ap);
	va_end(ap);
}

/* Rule lines, the rule that excludes most first: "<lead><label> excludes
 * N of M (K only by it)"; the first line gets first_lead. */
static void say_rules(struct text_out *t, const struct profile *p,
		      const struct unmatched_explanation *ex, const char *first_lead,
		      const char *lead)
{
	size_t nr = ex->nrules, shown = 0;
	/* selection by largest excluded, ties by rule order; nr is small */
	unsigned char *done = calloc(nr ? nr : 1, 1);
	if (!done)
		return;
	for (;;) {
		size_t pick = (size_t)-1;
		for (size_t r = 0; r < nr; r++)
			if (!done[r] && ex->excluded[r] > 0 &&
			    (pick == (size_t)-1 || ex->excluded[r] > ex->excluded[pick]))
				pick = r;
		if (pick == (size_t)-1)
			break;
		done[pick] = 1;
		const char *l = shown ? lead : first_lead;
		char nums[96], label[EXPLAIN_LINE_MAX];
		snprintf(nums, sizeof nums, " excludes %zu of %zu (%zu only by it)",
			 ex->excluded[pick], ex->ncounterparts, ex->only[pick]);
		size_t used = strlen(l) + strlen(nums);
		clip(rule_label(p, pick), used + 12 < 76 ? 76 - used : 12, label,
		     used + 16 < EXPLAIN_LINE_MAX ? EXPLAIN_LINE_MAX - used : 16);
		say(t, "%s%s%s", l, label, nums);
		shown++;
	}
	free(done);
}

/* Why the solve leaves out a pair that scores below zero, and what would
 * match the person anyway (for the person of side). */
static void say_leaves_out(struct text_out *t, const struct profile *p, enum side side)
{
	if (p->solve.mode == MODE_ROUNDS)
		say(t, "  each round leaves a pair out rather than lose points;");
	else if (p->solve.objective == OBJECTIVE_QUALITY)
		say(t, "  quality mode leaves a pair out rather than lose points;");
	else
		say(t, "  a pair that covers no new mentee is left out rather than lose points;");
	if (side == SIDE_MENTOR)
		say(t, "  mentor_min = 1 (capacity mode) gives each mentor a mentee where feasible");
	else if (p->solve.mode == MODE_ROUNDS)
		say(t, "  mode = capacity, objective = coverage matches as many mentees as possible");
	else
		say(t, "  objective = coverage matches as many mentees as possible");
}

size_t explain_unmatched_text(const struct session *s, const struct unmatched_explanation *ex,
			      char lines[][EXPLAIN_LINE_MAX], size_t maxlines)
{
	struct text_out t = { lines, 0, maxlines };
	if (!s || !ex || !lines || maxlines == 0 || !s->have_dataset)
		return 0;
	const struct dataset *ds = &s->ds;
	const struct profile *p = ds->prof;
	enum side side = ex->side, other = other_side(side);
	size_t n = ex->ncounterparts;
	char lead[64], name[EXPLAIN_LINE_MAX];

	switch (ex->reason) {
	case UNMATCHED_HAS_MATCH:
		say(&t, "matched with %u %s", ex->matches, noun(other, ex->matches));
		break;
	case UNMATCHED_NO_CAPACITY:
		if (p->solve.capacity_field[side] >= 0 &&
		    (size_t)p->solve.capacity_field[side] < p->nfields &&
		    solve_default_capacity(&p->solve, side) != 0) {
			const struct field_def *f = &p->fields[p->solve.capacity_field[side]];
			clip(f->label ? f->label : f->name, 30, name, 80);
			say(&t, "no match: this %s's capacity is 0 (%s)", noun(side, 1), name);
		} else {
			say(&t, "no match: this %s's capacity is 0 (%s_capacity)", noun(side, 1),
			    noun(side, 1));
		}
		break;
	case UNMATCHED_NOBODY:
		say(&t, "no match: there are no %s", noun(other, 2));
		break;
	case UNMATCHED_NO_ALLOWED:
		snprintf(lead, sizeof lead, "no allowed %s: ", noun(other, 1));
		say_rules(&t, p, ex, lead, "  ");
		break;
	case UNMATCHED_BELOW_MIN_SCORE:
		if (ex->nbelow_min == 1)
			say(&t, "no match: the only pair the rules allow scores below min_score %ld",
			    p->solve.min_score);
		else
			say(&t, "no match: all %zu pairs the rules allow score below min_score %ld",
			    ex->nbelow_min, p->solve.min_score);
		if (ex->best_score != EXPLAIN_NO_BEST)
			say(&t, "  best pair scores %ld, with %zu %s allowed by the rules",
			    ex->best_score, ex->nbelow_min, noun(other, ex->nbelow_min));
		say_rules(&t, p, ex, "  ", "  ");
		break;
	case UNMATCHED_BANNED:
		if (ex->nbanned == 1)
			say(&t, "no match: the only allowed %s is banned for this %s", noun(other, 1),
			    noun(side, 1));
		else
			say(&t, "no match: all %zu allowed %s are banned for this %s", ex->nbanned,
			    noun(other, 2), noun(side, 1));
		break;
	case UNMATCHED_NOT_SOLVED:
		say(&t, "no match yet: %zu of %zu %s allowed; run the match", ex->navailable, n,
		    noun(other, n));
		break;
	case UNMATCHED_TAKEN: {
		size_t lower = ex->nfull - ex->nfull_better - ex->nno_capacity;
		size_t room = ex->navailable - ex->nfull;
		size_t room_other = room - ex->nroom_negative;
		if (ex->nnegative == ex->navailable && room) {
			/* every pair would lower the total: that, not the others, is why */
			long best = ex->best_score + (p->solve.mode == MODE_ROUNDS ?
						      p->solve.unmatched_bonus : 0);
			if (ex->navailable == 1)
				say(&t, "no match: the only allowed pair scores below zero (%ld%s)", best,
				    p->solve.mode == MODE_ROUNDS && p->solve.unmatched_bonus ?
				    " with the unmatched bonus" : "");
			else
				say(&t, "no match: every allowed pair scores below zero (best %ld%s)", best,
				    p->solve.mode == MODE_ROUNDS && p->solve.unmatched_bonus ?
				    " with the unmatched bonus" : "");
			say_leaves_out(&t, p, side);
		} else if (room == 0) {
			if (ex->navailable == 1)
				say(&t, "no match: the only allowed %s is taken", noun(other, 1));
			else
				say(&t, "no match: all %zu allowed %s are taken", ex->navailable,
				    noun(other, 2));
		} else {
			say(&t, "no match: %zu allowed %s, %zu at capacity", ex->navailable,
			    noun(other, ex->navailable), ex->nfull);
		}
		if (ex->nfull_better)
			say(&t, "  %zu at capacity with pairs scoring at least as much", ex->nfull_better);
		if (lower)
			say(&t, "  %zu at capacity with a pair scoring less (a better total elsewhere)",
			    lower);
		if (ex->nno_capacity)
			say(&t, "  %zu with capacity 0", ex->nno_capacity);
		if (ex->nroom_negative && ex->nnegative == ex->navailable)
			say(&t, "  %zu with room left", ex->nroom_negative);
		else if (ex->nroom_negative) {
			say(&t, "  %zu with room left, but the pair scores below zero (best %ld)",
			    ex->nroom_negative, ex->best_room_score);
			if (!room_other)
				say_leaves_out(&t, p, side);
		}
		if (room_other)
			say(&t, "  %zu with room left, not chosen: other pairs give a better total",
			    room_other);
		if (ex->best_person != (size_t)-1) {
			char nm[EXPLAIN_LINE_MAX];
			dataset_name(ds, other, ex->best_person, nm, sizeof nm);
			clip(nm, 40, name, 100);
			say(&t, "  best allowed %s: %s, score %ld", noun(other, 1), name, ex->best_score);
		}
		if (ex->nbanned)
			say(&t, "  %zu more allowed %s banned", ex->nbanned, ex->nbanned == 1 ? "is" : "are");
		break;
	}
	}
	return t.n;
}

/* ---- what changed -------------------------------------------------------- */

void match_diff_free(struct match_diff *d)
{
	if (!d)
		return;
	free(d->added);
	free(d->removed);
	memset(d, 0, sizeof *d);
}

static int cmp_pair_people(const void *a, const void *b)
{
	const struct pair *x = a, *y = b;
	if (x->mentor != y->mentor)
		return x->mentor < y->mentor ? -1 : 1;
	if (x->mentee != y->mentee)
		return x->mentee < y->mentee ? -1 : 1;
	return (x->round > y->round) - (x->round < y->round);
}

/* Pairs, people with and without a match, of one result into slot w. */
static int diff_counts(const struct match_result *r, struct match_diff *d, int w)
{
	unsigned char *m = calloc(r->nmentors ? r->nmentors : 1, 1);
	unsigned char *e = calloc(r->nmentees ? r->nmentees : 1, 1);
	if (!m || !e) {
		free(m);
		free(e);
		return -1;
	}
	d->pairs[w] = r->npairs;
	d->total[w] = 0;
	for (size_t q = 0; q < r->npairs; q++) {
		const struct pair *p = &r->pairs[q];
		d->total[w] += p->score;
		if (p->mentor < r->nmentors)
			m[p->mentor] = 1;
		if (p->mentee < r->nmentees)
			e[p->mentee] = 1;
	}
	size_t nm = 0, ne = 0;
	for (size_t i = 0; i < r->nmentors; i++)
		nm += m[i];
	for (size_t j = 0; j < r->nmentees; j++)
		ne += e[j];
	d->mentors_matched[w] = nm;
	d->mentors_unmatched[w] = r->nmentors - nm;
	d->mentees_matched[w] = ne;
	d->mentees_unmatched[w] = r->nmentees - ne;
	free(m);
	free(e);
	return 0;
}

int match_diff(const struct match_result *before, const struct match_result *after,
	       struct match_diff *out)
{
	memset(out, 0, sizeof *out);
	if (!before || !after)
		return -1;
	size_t nb = before->npairs, na = after->npairs;
	struct pair *b = malloc((nb ? nb : 1) * sizeof *b);
	struct pair *a = malloc((na ? na : 1) * sizeof *a);
	out->removed = malloc((nb ? nb : 1) * sizeof *out->removed);
	out->added = malloc((na ? na : 1) * sizeof *out->added);
	if (!b || !a || !out->removed || !out->added)
		goto oom;
	if (nb)
		memcpy(b, before->pairs, nb * sizeof *b);
	if (na)
		memcpy(a, after->pairs, na * sizeof *a);
	qsort(b, nb, sizeof *b, cmp_pair_people);
	qsort(a, na, sizeof *a, cmp_pair_people);
	size_t i = 0, j = 0;
	while (i < nb || j < na) {
		int c;
		if (i == nb)
			c = 1;
		else if (j == na)
			c = -1;
		else if (b[i].mentor != a[j].mentor)
			c = b[i].mentor < a[j].mentor ? -1 : 1;
		else if (b[i].mentee != a[j].mentee)
			c = b[i].mentee < a[j].mentee ? -1 : 1;
		else
			c = 0;
		if (c < 0) {
			out->removed[out->nremoved++] = b[i++];
		} else if (c > 0) {
			out->added[out->nadded++] = a[j++];
		} else {
			out->nkept++;
			if (a[j].score != b[i].score) {
				out->nchanged++;
				out->changed_delta += a[j].score - b[i].score;
			}
			i++;
			j++;
		}
	}
	if (diff_counts(before, out, 0) < 0 || diff_counts(after, out, 1) < 0)
		goto oom;
	free(a);
	free(b);
	return 0;
oom:
	free(a);
	free(b);
	match_diff_free(out);
	return -1;
}

/* ---- summary ------------------------------------------------------------- */

void summary_free(struct summary *sm)
{
	if (!sm)
		return;
	for (size_t g = 0; g < sm->ngroups; g++)
		free(sm->groups[g].name);
	free(sm->groups);
	free(sm->bins);
	memset(sm, 0, sizeof *sm);
}

/* Floor of a / b for b > 0. */
static long floor_div(long a, long b)
{
	long q = a / b;
	if ((a % b != 0) && (a < 0))
		q--;
	return q;
}

/* The histogram of the pair scores of r into sm. */
static int build_histogram(const struct match_result *r, size_t max_bins, struct summary *sm)
{
	if (r->npairs == 0)
		return 0;
	long lo = r->pairs[0].score, hi = lo;
	for (size_t q = 1; q < r->npairs; q++) {
		long v = r->pairs[q].score;
		if (v < lo)
			lo = v;
		if (v > hi)
			hi = v;
	}
	sm->score_min = lo;
	sm->score_max = hi;
	static const long steps[] = { 1, 2, 5 };
	long scale = 1, w = 1;
	for (;;) {
		int fit = 0;
		for (size_t k = 0; k < 3; k++) {
			w = steps[k] * scale;
			long nb = floor_div(hi, w) - floor_div(lo, w) + 1;
			if (nb >= 1 && (unsigned long)nb <= max_bins) {
				fit = 1;
				break;
			}
		}
		if (fit || scale > LONG_MAX / 100)
			break;
		scale *= 10;
	}
	sm->bin_width = w;
	sm->bin_start = floor_div(lo, w) * w;
	sm->nbins = (size_t)(floor_div(hi, w) - floor_div(lo, w) + 1);
	sm->bins = calloc(sm->nbins, sizeof *sm->bins);
	if (!sm->bins)
		return -1;
	for (size_t q = 0; q < r->npairs; q++) {
		long k = floor_div(r->pairs[q].score, w) - floor_div(lo, w);
		if (k >= 0 && (size_t)k < sm->nbins)
			sm->bins[k]++;
	}
	return 0;
}

/* Groups while they are being counted: a string key per value, hashed. */
struct grouper {
	struct summary_group *g;
	char **key;                  /* owned, per group */
	size_t n, cap;
	uint32_t *slot;              /* group + 1, 0 = empty */
	size_t nslots;
};

static uint64_t hash_str(const char *s)
{
	uint64_t h = 1469598103934665603ULL;
	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 1099511628211ULL;
	}
	return h ^ (h >> 29);
}

static int grouper_grow(struct grouper *gr)
{
	size_t ns = gr->nslots ? gr->nslots * 2 : 64;
	uint32_t *slot = calloc(ns, sizeof *slot);
	if (!slot)
		return -1;
	for (size_t g = 0; g < gr->n; g++) {
		size_t h = (size_t)hash_str(gr->key[g]) & (ns - 1);
		while (slot[h])
			h = (h + 1) & (ns - 1);
		slot[h] = (uint32_t)(g + 1);
	}
	free(gr->slot);
	gr->slot = slot;
	gr->nslots = ns;
	return 0;
}

/* The group of key (made with display name name when new), or -1 (OOM). */
static long grouper_get(struct grouper *gr, const char *key, const char *name)
{
	if (2 * (gr->n + 1) > gr->nslots && grouper_grow(gr) < 0)
		return -1;
	size_t h = (size_t)hash_str(key) & (gr->nslots - 1);
	while (gr->slot[h]) {
		size_t g = gr->slot[h] - 1;
		if (!strcmp(gr->key[g], key))
			return (long)g;
		h = (h + 1) & (gr->nslots - 1);
	}
	if (gr->n == gr->cap) {
		size_t cap = gr->cap ? gr->cap * 2 : 16;
		struct summary_group *g2 = realloc(gr->g, cap * sizeof *g2);
		if (!g2)
			return -1;
		gr->g = g2;
		char **k2 = realloc(gr->key, cap * sizeof *k2);
		if (!k2)
			return -1;
		gr->key = k2;
		gr->cap = cap;
	}
	struct summary_group *ng = &gr->g[gr->n];
	memset(ng, 0, sizeof *ng);
	ng->name = strdup(name);
	gr->key[gr->n] = strdup(key);
	if (!ng->name || !gr->key[gr->n]) {
		free(ng->name);
		free(gr->key[gr->n]);
		return -1;
	}
	gr->slot[h] = (uint32_t)(gr->n + 1);
	return (long)gr->n++;
}

static void grouper_free(struct grouper *gr, int keep_groups)
{
	for (size_t g = 0; g < gr->n; g++) {
		free(gr->key[g]);
		if (!keep_groups)
			free(gr->g[g].name);
	}
	free(gr->key);
	free(gr->slot);
	if (!keep_groups)
		free(gr->g);
	memset(gr, 0, sizeof *gr);
}

#define BLANK_GROUP "(blank)"

/* Memberships of the people of both sides: the groups of person i of side
 * are mem[side][start[side][i] .. start[side][i+1]). */
struct members {
	size_t *start[SIDE_COUNT];
	uint32_t *mem[SIDE_COUNT];
	size_t n[SIDE_COUNT], cap[SIDE_COUNT];
};

static int members_add(struct members *m, int side, long g)
{
	if (g < 0)
		return -1;
	if (m->n[side] == m->cap[side]) {
		size_t cap = m->cap[side] ? m->cap[side] * 2 : 64;
		uint32_t *p = realloc(m->mem[side], cap * sizeof *p);
		if (!p)
			return -1;
		m->mem[side] = p;
		m->cap[side] = cap;
	}
	m->mem[side][m->n[side]++] = (uint32_t)g;
	return 0;
}

/* The groups of one person: a value of the field f, as a key and a name. */
static int person_groups(const struct dataset *ds, struct grouper *gr, struct members *m,
			 int side, size_t i, size_t f)
{
	const struct profile *p = ds->prof;
	const struct field_def *fd = &p->fields[f];
	const struct side_data *sd = &ds->side[side];
	size_t at = i * p->nfields + f;
	char key[32];
	size_t before = m->n[side];

	switch (fd->type) {
	case FIELD_MULTI:
		for (size_t k = sd->set_start[at]; k < sd->set_start[at + 1]; k++) {
			int32_t id = sd->set_pool[k];
			snprintf(key, sizeof key, "v%ld", (long)id);
			if (id < 0 || (size_t)id >= ds->nvocab ||
			    members_add(m, side, grouper_get(gr, key, ds->vocab[id])) < 0)
				return -1;
		}
		break;
	case FIELD_CATEGORY:
	case FIELD_EMAIL:
	case FIELD_ID:
		if (sd->val[at] != VALUE_NONE && sd->val[at] >= 0 && (size_t)sd->val[at] < ds->nvocab) {
			int32_t id = sd->val[at];
			snprintf(key, sizeof key, "v%ld", (long)id);
			if (members_add(m, side, grouper_get(gr, key, ds->vocab[id])) < 0)
				return -1;
		}
		break;
	case FIELD_ORDINAL:
		if (sd->val[at] != VALUE_NONE && sd->val[at] >= 0 && (size_t)sd->val[at] < fd->nscale) {
			snprintf(key, sizeof key, "s%ld", (long)sd->val[at]);
			if (members_add(m, side, grouper_get(gr, key, fd->scale[sd->val[at]])) < 0)
				return -1;
		}
		break;
	case FIELD_NUMBER:
		if (sd->val[at] != VALUE_NONE) {
			snprintf(key, sizeof key, "n%ld", (long)sd->val[at]);
			if (members_add(m, side, grouper_get(gr, key, key + 1)) < 0)
				return -1;
		}
		break;
	case FIELD_TYPE_COUNT:
	case FIELD_TEXT: {
		const char *text = dataset_text(ds, side, i, f);
		size_t len = strlen(text);
		char *k = malloc(len + 2);
		if (!k)
			return -1;
		k[0] = 't';
		if (text_key(text, len, k + 1) > 0) {
			const char *a;
			size_t tn = trimmed(text, &a);
			char *nm = malloc(tn + 1);
			long g = -1;
			if (nm) {
				memcpy(nm, a, tn);
				nm[tn] = '\0';
				g = grouper_get(gr, k, nm);
			}
			free(nm);
			if (members_add(m, side, g) < 0) {
				free(k);
				return -1;
			}
		}
		free(k);
		break;
	}
	}
	if (m->n[side] == before &&
	    members_add(m, side, grouper_get(gr, "-", BLANK_GROUP)) < 0)
		return -1;
	return 0;
}

static int cmp_group(const void *a, const void *b)
{
	const struct summary_group *x = a, *y = b;
	size_t nx = x->people[0] + x->people[1], ny = y->people[0] + y->people[1];
	if (nx != ny)
		return nx > ny ? -1 : 1;
	return strcmp(x->name, y->name);
}

static int build_groups(const struct session *s, const struct match_result *r,
			struct summary *sm)
{
	const struct dataset *ds = &s->ds;
	size_t f = (size_t)sm->group_field;
	struct grouper gr = { 0 };
	struct members m = { 0 };
	size_t *stamp = NULL;
	int rc = -1;

	for (int side = 0; side < SIDE_COUNT; side++) {
		size_t n = ds->side[side].n;
		m.start[side] = malloc((n + 1) * sizeof *m.start[side]);
		if (!m.start[side])
			goto out;
		for (size_t i = 0; i < n; i++) {
			m.start[side][i] = m.n[side];
			if (person_groups(ds, &gr, &m, side, i, f) < 0)
				goto out;
		}
		m.start[side][n] = m.n[side];
	}
	for (int side = 0; side < SIDE_COUNT; side++) {
		size_t n = ds->side[side].n;
		for (size_t i = 0; i < n; i++) {
			int matched = r && r->count[side][i] > 0;
			for (size_t k = m.start[side][i]; k < m.start[side][i + 1]; k++) {
				gr.g[m.mem[side][k]].people[side]++;
				gr.g[m.mem[side][k]].matched[side] += (size_t)matched;
			}
		}
	}
	if (r && r->npairs) {
		stamp = calloc(gr.n ? gr.n : 1, sizeof *stamp);
		if (!stamp)
			goto out;
		for (size_t q = 0; q < r->npairs; q++) {
			size_t who[SIDE_COUNT] = { r->pairs[q].mentor, r->pairs[q].mentee };
			for (int side = 0; side < SIDE_COUNT; side++) {
				size_t i = who[side];
				if (i >= ds->side[side].n)
					continue;
				for (size_t k = m.start[side][i]; k < m.start[side][i + 1]; k++) {
					size_t g = m.mem[side][k];
					if (stamp[g] != q + 1) {
						stamp[g] = q + 1;
						gr.g[g].pairs++;
					}
				}
			}
		}
	}
	if (gr.n)
		qsort(gr.g, gr.n, sizeof *gr.g, cmp_group);
	sm->groups = gr.g;
	sm->ngroups = gr.n;
	rc = 0;
out:
	grouper_free(&gr, rc == 0);
	for (int side = 0; side < SIDE_COUNT; side++) {
		free(m.start[side]);
		free(m.mem[side]);
	}
	free(stamp);
	return rc;
}

int summary_build(const struct session *s, size_t max_bins, struct summary *out)
{
	memset(out, 0, sizeof *out);
	out->group_field = -1;
	if (!s || !s->have_dataset || max_bins == 0)
		return -1;
	const struct dataset *ds = &s->ds;
	const struct profile *p = ds->prof;
	const struct match_result *r = result_fits(s) ? &s->res : NULL;

	for (int side = 0; side < SIDE_COUNT; side++) {
		size_t n = ds->side[side].n;
		out->people[side] = n;
		for (size_t i = 0; i < n; i++) {
			unsigned c = r ? r->count[side][i] : 0;
			out->matches[side][c < SUMMARY_MATCH_COLUMNS ? c : SUMMARY_MATCH_COLUMNS - 1]++;
		}
	}
	if (r) {
		out->npairs = r->npairs;
		for (size_t q = 0; q < r->npairs; q++)
			out->total += r->pairs[q].score;
		if (build_histogram(r, max_bins, out) < 0)
			goto oom;
	}
	if (p->group_by >= 0 && (size_t)p->group_by < p->nfields) {
		out->group_field = p->group_by;
		if (build_groups(s, r, out) < 0)
			goto oom;
	}
	return 0;
oom:
	summary_free(out);
	out->group_field = -1;
	return -1;
}
