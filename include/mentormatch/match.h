/* match.h - the whole match: rounds of exact one-to-one assignment.
 *
 * Rounds work as in the original Mentor Matcher: in each round every mentor
 * gets at most one new mentee and every mentee at most one new mentor; a pair
 * matched in an earlier round is not allowed again; an allowed pair gains the
 * unmatched bonus when the mentor or the mentee has no match yet.  Each round
 * is an exact maximum-weight assignment (assign_solve) over allowed pairs.
 */
#ifndef MENTORMATCH_MATCH_H
#define MENTORMATCH_MATCH_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include "mentormatch/score.h"
#include "mentormatch/profile.h"

#define MATCH_MAX_ROUNDS 9

struct pair {
	uint32_t mentor, mentee;  /* participant indices */
	int round;                /* 1-based */
	long score;               /* rule score plus the bonus below */
	long bonus;               /* unmatched bonus received in its round */
};

struct match_result {
	size_t npairs;
	struct pair *pairs;       /* ordered by round, then mentor index; owned */
	int nrounds;
	long round_total[MATCH_MAX_ROUNDS];   /* sum of pair scores per round */
	size_t round_pairs[MATCH_MAX_ROUNDS]; /* pairs made per round */
	size_t nmentors, nmentees;
	unsigned *count[SIDE_COUNT]; /* matches per participant, owned */
};

/* Optional control of a long solve, from another thread.  cancel: when it
 * becomes non-zero the solve stops soon and match_run returns -2.
 * progress: called from the solving thread with a rough fraction done (0..1)
 * and a short description ("round 2 of 3"). */
struct match_control {
	const atomic_int *cancel;
	void (*progress)(void *arg, double fraction, const char *what);
	void *arg;
};

/* Runs the match of s over the allowed pairs e.  cap[SIDE_MENTOR] (nmentors
 * entries) and cap[SIDE_MENTEE] (nmentees) give each person's capacity, the
 * most matches they may have; a NULL array means no limit.
 *   MODE_ROUNDS: s->rounds rounds of one-to-one assignment (assign_solve)
 *     with the unmatched bonus; a person at capacity takes no part in later
 *     rounds.
 *   MODE_CAPACITY: one exact maximum-weight b-matching (bmatch_solve) with
 *     the capacities and s->objective; every pair has round 1 and its rule
 *     score (no bonus).
 * ctl may be NULL.  Returns 0; -1 on out-of-memory or input too large for
 * the exact solver; -2 when cancelled.  On any failure r is left empty. */
int match_run(const struct edges *e, const struct solve_settings *s,
	      const long *const cap[SIDE_COUNT], const struct match_control *ctl,
	      struct match_result *r);

/* match_run with the people renumbered: rank[side][i] is the position of
 * person i of that side in an order chosen by the caller (a permutation of
 * 0..n-1), e.g. sorted by email.  The solvers break ties by position, so
 * with an order that does not depend on the rows' order in the files, the
 * whole result (every round, every pair) does not depend on it either.
 * The result uses the original numbering.  Costs two passes over the
 * allowed pairs and a copy of them.  Returns as match_run. */
int match_run_ordered(const struct edges *e, const struct solve_settings *s,
		      const long *const cap[SIDE_COUNT], const uint32_t *const rank[SIDE_COUNT],
		      const struct match_control *ctl, struct match_result *r);

/* histogram[k] = participants on that side with exactly k matches, for
 * k < nbins; the last bin counts nbins-1 or more. */
void match_histogram(const struct match_result *r, enum side side,
		     size_t *histogram, size_t nbins);

/* Index of the pair (mentor, mentee) in r->pairs, or -1. */
long match_find(const struct match_result *r, size_t mentor, size_t mentee);

/* Frees everything and zeroes the struct. */
void match_free(struct match_result *r);

#endif
