/* rank.h - a participant's ranked candidate list: every counterpart, best
 * first, with its score, its share of the best score the participant could
 * reach, whether it is allowed, assigned, pinned or banned.
 */
#ifndef MENTORMATCH_RANK_H
#define MENTORMATCH_RANK_H

#include <stddef.h>
#include "mentormatch/dataset.h"
#include "mentormatch/explain.h"
#include "mentormatch/match.h"
#include "mentormatch/pins.h"

struct candidate {
	size_t person;    /* index on the other side */
	long score;       /* rule score, without the unmatched bonus: the sum of the points of
			     every rule (score_pair's parts), also when the pair is not allowed */
	int allowed;      /* 0: some rule (or the same-person check, or min_score) forbids the pair */
	int round;        /* round in which the pair was assigned, 0 when not */
	long assigned_score; /* score in its round (with bonus) when assigned */
	int share;        /* explain_share(score, the participant's best): 0..100, or -1 when
			     not meaningful (no best, best <= 0) or the pair is not allowed */
	enum pin_action pin;  /* the pair's pin or ban (PIN_NONE) */
};

/* Fills out (room for every participant of the other side) with the
 * candidates of participant person on side side, ordered: allowed before
 * not allowed, then higher score first, then assigned first, then input
 * order.  r may be NULL (no match yet).  best: the best-score table of the
 * same dataset (explain_best_build over its edges), or NULL (every share is
 * then -1).  pins: the pins and bans (by email, as the session's), or NULL.
 * Time: one score_pair per counterpart, one pass over r's pairs and over
 * the pins, and a sort; nothing proportional to the allowed pairs (about
 * 2 ms for 10000 counterparts).  Returns the number written. */
size_t rank_candidates(const struct dataset *ds, const struct match_result *r,
		       const struct explain_best *best, const struct pin_set *pins,
		       enum side side, size_t person, struct candidate *out);

#endif
