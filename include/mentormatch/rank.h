/* rank.h - a participant's ranked candidate list: every counterpart, best
 * first, with its score, whether it is allowed and whether it is assigned.
 */
#ifndef MENTORMATCH_RANK_H
#define MENTORMATCH_RANK_H

#include <stddef.h>
#include "mentormatch/dataset.h"
#include "mentormatch/match.h"

struct candidate {
	size_t person;    /* index on the other side */
	long score;       /* rule score, without the unmatched bonus */
	int allowed;      /* 0: some rule forbids the pair */
	int round;        /* round in which the pair was assigned, 0 when not */
	long assigned_score; /* score in its round (with bonus) when assigned */
};

/* Fills out (room for every participant of the other side) with the
 * candidates of participant person on side side, ordered: allowed before
 * not allowed, then higher score first, then assigned first, then input
 * order.  r may be NULL (no match yet).  Returns the number written. */
size_t rank_candidates(const struct dataset *ds, const struct match_result *r,
		       enum side side, size_t person, struct candidate *out);

#endif
