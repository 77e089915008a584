/* match.h - the whole match: rounds of exact one-to-one assignment.
 *
 * Rounds work as in the original Mentor Matcher: in each round every mentor
 * gets at most one new mentee and every mentee at most one new mentor; a pair
 * matched in an earlier round is not allowed again; a pair (pins included)
 * gains the unmatched bonus when the mentor or the mentee has no match yet.  Each round
 * is an exact maximum-weight assignment (assign_solve) over allowed pairs.
 */
#ifndef MENTORMATCH_MATCH_H
#define MENTORMATCH_MATCH_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include "mentormatch/score.h"
#include "mentormatch/profile.h"
#include "mentormatch/pins.h"

#define MATCH_MAX_ROUNDS 9

struct pair {
	uint32_t mentor, mentee;  /* participant indices */
	int round;                /* 1-based */
	long score;               /* rule score plus the bonus below (a pin the rules
				     forbid: the sum of its rule points plus the bonus) */
	long bonus;               /* unmatched bonus received in its round (rounds
				     mode, pins too; 0 in capacity mode) */
	int pinned;               /* 1 for a pair forced by a pin */
};

/* A pin or ban resolved to participant indices, given to the solver.
 * score: the pair's rule score (score_pair, no bonus): the sum of the points
 * of every rule, also when the pair is not allowed (a pin the rules forbid
 * keeps the sum of its rule points as its score; one below min_score keeps
 * its points); allowed: 1 when the rules allow the pair (it is in the
 * edges), 0 when a hard rule, min_score or the same person forbids it.
 * Both are used for pins only. */
struct match_pin { uint32_t mentor, mentee; enum pin_action action; long score; int allowed; };

/* A pin the result could not honour as the rules ask (the pin is still in
 * the result, except PIN_ISSUE_UNKNOWN_PERSON, which names nobody, and
 * PIN_ISSUE_SAME_PERSON, which is never in a result). */
enum pin_issue_kind {
	PIN_ISSUE_NOT_ALLOWED,       /* the rules do not allow the pair */
	PIN_ISSUE_MENTOR_CAPACITY,   /* the mentor has more pins than capacity */
	PIN_ISSUE_MENTEE_CAPACITY,   /* the mentee has more pins than capacity */
	PIN_ISSUE_UNKNOWN_PERSON,    /* an email is in neither file (session only) */
	PIN_ISSUE_ROUNDS,            /* rounds mode: more pins for one person than
					rounds; put in the last round with another */
	PIN_ISSUE_SAME_PERSON        /* one person on both sides (dataset_same_person):
					nobody is matched with themselves, so the
					pin is left out of the solve (session only) */
};

/* pin: from match_run, the index into its pins array; from the session
 * (s->res.issues), the index into s->pins.items. */
struct pin_issue { enum pin_issue_kind kind; size_t pin; };

struct match_result {
	size_t npairs;
	struct pair *pairs;       /* ordered by round, then mentor index; owned */
	int nrounds;
	long round_total[MATCH_MAX_ROUNDS];   /* sum of pair scores per round (pins and
						 bonuses included) */
	size_t round_pairs[MATCH_MAX_ROUNDS]; /* pairs made per round */
	size_t nmentors, nmentees;
	unsigned *count[SIDE_COUNT]; /* matches per participant, owned */
	struct pin_issue *issues;    /* nissues, by pin then kind; owned (NULL when none) */
	size_t nissues;
	/* Capacity mode with mentor minimums: shortfall[i] is how many mentees
	 * mentor i has fewer than min(minimum, capacity), counted only for a
	 * mentor with at least one allowed pair (nshort such mentors); NULL
	 * without minimums.  Owned. */
	unsigned *shortfall;
	size_t nshort;
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
 *     score (no bonus).  With mentor_min (nmentors minimums, or NULL), the
 *     total shortfall of mentors below their minimum comes first: the
 *     fewest missing mentees, then the objective (bmatch.h row_min); a
 *     pinned pair counts towards its mentor's minimum; r->shortfall tells
 *     who is short.  Rounds mode does not use mentor_min.
 * Pins and bans (pins: npins entries, may be NULL when npins is 0; each
 * pair at most once; indices < nmentors / nmentees):
 *   a ban's pair is never in the result;
 *   a pin's pair is always in the result, with pinned = 1 and the pin's
 *     score (plus the bonus in rounds mode, below), even when not allowed
 *     (PIN_ISSUE_NOT_ALLOWED) or beyond a capacity
 *     (PIN_ISSUE_MENTOR/MENTEE_CAPACITY);
 *   MODE_ROUNDS: pins are taken in order of (mentor, mentee); each takes
 *     the earliest round in which neither of its people has a pin yet (past
 *     the last round: the last round, PIN_ISSUE_ROUNDS); its people sit that
 *     round's solve out, and the pair counts as a match for the unmatched
 *     bonus of later rounds and for capacities.  A pin in round r gains
 *     the unmatched bonus by the same rule as every pair of that round:
 *     when its mentor or its mentee has no match from rounds before r
 *     (earlier pins included).  So pinning a pair that the solve makes in
 *     the round the pin takes leaves that round's total as it was: the
 *     rest of the round is the same optimum less that pair (later rounds
 *     may differ when that round had several equally good answers);
 *   MODE_CAPACITY: capacities are reduced by the pins (not below 0) and the
 *     rest solved optimally; with the coverage objective a mentee with a pin
 *     is already covered (no second coverage credit).  No bonus.
 * The round totals include the pins.  r->issues lists the problems of the
 * pins (pin = index into pins).
 * ctl may be NULL.  Returns 0; -1 on out-of-memory or input too large for
 * the exact solver; -2 when cancelled.  On any failure r is left empty. */
int match_run(const struct edges *e, const struct solve_settings *s,
	      const long *const cap[SIDE_COUNT], const long *mentor_min,
	      const struct match_pin *pins, size_t npins,
	      const struct match_control *ctl, struct match_result *r);

/* match_run with the people renumbered: rank[side][i] is the position of
 * person i of that side in an order chosen by the caller (a permutation of
 * 0..n-1), e.g. sorted by email.  The solvers break ties by position (and
 * rounds mode places pins in that order), so with an order that does not
 * depend on the rows' order in the files, the whole result (every round,
 * every pair) does not depend on it either.  pins use the original
 * numbering, as does the result.  Costs two passes over the allowed pairs
 * and a copy of them.  Returns as match_run. */
int match_run_ordered(const struct edges *e, const struct solve_settings *s,
		      const long *const cap[SIDE_COUNT], const long *mentor_min,
		      const uint32_t *const rank[SIDE_COUNT],
		      const struct match_pin *pins, size_t npins,
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
