/* rank.c - a participant's ranked candidate list. */
#include "mentormatch/rank.h"

#include <stdlib.h>

#include "mentormatch/score.h"

static int cmp_candidate(const void *a, const void *b)
{
	const struct candidate *x = a, *y = b;
	if (x->allowed != y->allowed)
		return y->allowed - x->allowed;
	if (x->score != y->score)
		return x->score > y->score ? -1 : 1;
	if ((x->round != 0) != (y->round != 0))
		return x->round ? -1 : 1;
	return (x->person > y->person) - (x->person < y->person);
}

size_t rank_candidates(const struct dataset *ds, const struct match_result *r,
		       const struct explain_best *best, const struct pin_set *pins,
		       enum side side, size_t person, struct candidate *out)
{
	enum side other = side == SIDE_MENTOR ? SIDE_MENTEE : SIDE_MENTOR;
	size_t n = ds->side[other].n;
	long mybest = EXPLAIN_NO_BEST;

	if (best && best->best[side] && person < best->n[side])
		mybest = best->best[side][person];
	for (size_t k = 0; k < n; k++) {
		size_t mentor = side == SIDE_MENTOR ? person : k;
		size_t mentee = side == SIDE_MENTOR ? k : person;
		out[k].person = k;
		/* score_pair adds up every rule even for a pair that is not
		 * allowed: the score is the sum of the breakdown */
		out[k].allowed = score_pair(ds, mentor, mentee, &out[k].score, NULL, NULL);
		out[k].round = 0;
		out[k].assigned_score = 0;
		out[k].share = out[k].allowed ? explain_share(out[k].score, mybest) : -1;
		out[k].pin = PIN_NONE;
	}
	if (r) {
		for (size_t q = 0; q < r->npairs; q++) {
			const struct pair *p = &r->pairs[q];
			size_t self = side == SIDE_MENTOR ? p->mentor : p->mentee;
			size_t them = side == SIDE_MENTOR ? p->mentee : p->mentor;
			if (self == person && them < n) {
				out[them].round = p->round;
				out[them].assigned_score = p->score;
			}
		}
	}
	if (pins && pins->n > 0) {
		enum pin_action *act = malloc((n ? n : 1) * sizeof *act);
		if (act) {
			if (explain_pins_of(ds, pins, side, person, act) > 0)
				for (size_t k = 0; k < n; k++)
					out[k].pin = act[k];
			free(act);
		} else {
			/* out of memory: the slow way, one look-up per pair */
			const char *me = dataset_identity(ds, side, person);
			for (size_t k = 0; k < n; k++) {
				const char *them = dataset_identity(ds, other, k);
				out[k].pin = side == SIDE_MENTOR ? pins_get(pins, me, them)
								  : pins_get(pins, them, me);
			}
		}
	}
	qsort(out, n, sizeof *out, cmp_candidate);
	return n;
}
