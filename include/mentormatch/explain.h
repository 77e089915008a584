/* explain.h - what a coordinator needs to trust the match: each person's
 * best reachable score, why someone has no match, what changed between two
 * results, and the summary figures (matches per person, a score histogram,
 * counts per group).
 *
 * Everything here reads the session (or a result) and changes nothing; the
 * terminal interface and batch mode share it.  Scores are rule scores
 * (score_pair: without the unmatched bonus) except where a pair's score from
 * a result is meant (struct pair.score: rule score plus bonus).
 */
#ifndef MENTORMATCH_EXPLAIN_H
#define MENTORMATCH_EXPLAIN_H

#include <limits.h>
#include <stddef.h>
#include "mentormatch/dataset.h"
#include "mentormatch/match.h"
#include "mentormatch/pins.h"
#include "mentormatch/score.h"
#include "mentormatch/session.h"

/* ---- best reachable score ------------------------------------------------ */

#define EXPLAIN_NO_BEST LONG_MIN

/* best[side][i]: the highest rule score person i of that side has with any
 * allowed counterpart (a pair in the edges: allowed by every rule, the
 * same-person check and min_score; pins and bans are not considered), or
 * EXPLAIN_NO_BEST when i has no allowed pair.  n[side] entries each. */
struct explain_best {
	long *best[SIDE_COUNT];   /* owned; freed by explain_best_free */
	size_t n[SIDE_COUNT];
};

/* Fills out from the allowed pairs e in one pass over them (O(edges)); build
 * it once per scoring, not per look-up.  Returns 0, or -1 on out-of-memory
 * (out left empty, safe to free). */
int explain_best_build(const struct edges *e, struct explain_best *out);

/* Frees the arrays and zeroes the struct (a zeroed struct is fine). */
void explain_best_free(struct explain_best *b);

/* The share of best that score is, as a whole percentage rounded down and
 * kept within 0..100 (a score above best gives 100, a negative one 0), or -1
 * when not meaningful: best is EXPLAIN_NO_BEST or not above 0. */
int explain_share(long score, long best);

/* The pin or ban of every pair of one person: act[k] (room for every person
 * of the other side) is set to the action of the pair (person, k), PIN_NONE
 * for most.  Emails are compared as in pins.h (without case and surrounding
 * white space, text_key); a person without an email has no pins.
 * pins may be NULL.  One pass over the pins, then (only when the person has
 * a pin or ban) one over the counterparts' emails: O(pins + counterparts *
 * pins of this person); about 1.5 ms at 10000 counterparts with pins, ~0
 * without.  Out of memory only makes it slower.  Returns how many entries
 * are not PIN_NONE. */
size_t explain_pins_of(const struct dataset *ds, const struct pin_set *pins, enum side side,
		       size_t person, enum pin_action *act);

/* ---- why unmatched ------------------------------------------------------- */

/* Why a person has no match (the first that applies, in this order). */
enum unmatched_reason {
	UNMATCHED_HAS_MATCH,       /* not unmatched: the result gives them a match */
	UNMATCHED_NO_CAPACITY,     /* the person's own capacity is 0 */
	UNMATCHED_NOBODY,          /* the other side is empty */
	UNMATCHED_NO_ALLOWED,      /* the rules (or the same-person check) forbid every
				      counterpart; see excluded and only */
	UNMATCHED_BELOW_MIN_SCORE, /* some counterparts are allowed by the rules, but every
				      such pair scores below min_score */
	UNMATCHED_BANNED,          /* every allowed pair is banned */
	UNMATCHED_NOT_SOLVED,      /* allowed pairs exist but there is no result yet */
	UNMATCHED_TAKEN            /* every allowed, unbanned counterpart is at capacity
				      (nfull of them; nfull_better with pairs all scoring
				      at least as much) or the solve gave them others
				      (navailable - nfull) */
};

/* The counts behind the reason, each over the counterparts (people of the
 * other side), whatever the reason:
 *   ncounterparts = nexcluded + nbelow_min + nallowed;
 *   nallowed = nbanned + navailable;  nfull <= navailable;
 *   nfull_better + nno_capacity <= nfull;
 *   nroom_negative <= nnegative <= navailable;
 *   nroom_negative <= navailable - nfull. */
struct unmatched_explanation {
	enum unmatched_reason reason;
	enum side side;            /* the person explained */
	size_t person;
	long capacity;             /* the person's own capacity (dataset_capacity) */
	unsigned matches;          /* the person's matches in the result (0 without one) */
	size_t ncounterparts;
	size_t nexcluded;          /* forbidden by at least one rule or the same-person check */
	size_t nbelow_min;         /* allowed by the rules, but the pair scores below min_score */
	size_t nallowed;           /* allowed pairs (as in the edges) */
	size_t nbanned;            /* allowed, but banned */
	size_t navailable;         /* allowed and not banned */
	size_t nfull;              /* available, and at capacity in the result */
	size_t nfull_better;       /* ... every pair they have scores (rule score) at least
				      as much as the pair with this person */
	size_t nno_capacity;       /* ... their capacity is 0 */
	/* Where the solve leaves out a pair that would lower the total (rounds
	 * mode: the score plus the unmatched bonus; capacity mode with the
	 * quality objective; with the coverage objective, a mentor's pair with
	 * a mentee who has a match already), the available counterparts whose
	 * pair scores below zero: nnegative of them, nroom_negative of those
	 * with room left in the result; both 0 where that does not apply. */
	size_t nnegative;
	size_t nroom_negative;
	long best_room_score;      /* highest such score (with the bonus in rounds
				      mode) among the available counterparts with room
				      left, or EXPLAIN_NO_BEST */
	long best_score;           /* highest rule score among available counterparts, or
				      EXPLAIN_NO_BEST; among those allowed by the rules
				      when none is allowed (nbelow_min > 0) */
	size_t best_person;        /* that counterpart, or (size_t)-1 */
	/* Per rule: excluded[r] counterparts that rule forbids (one counterpart
	 * may count under several rules), only[r] of them forbidden by that rule
	 * alone.  r < profile nrules: the profile's rule r (0 when disabled);
	 * r == nrules - 2: the built-in same-person check; r == nrules - 1:
	 * the history files (paired before).  Owned. */
	size_t nrules;             /* profile rules + 2 */
	size_t *excluded;
	size_t *only;
};

/* Explains person (of side) in s: needs the dataset (session_prepare); uses
 * the result, pins and capacities when there is a result.  A pinned pair
 * that the rules forbid still counts as a match.  Scores every counterpart
 * (O(counterparts * rules + pairs)).  Returns 0, or -1 on out-of-memory or
 * bad arguments (no dataset, person out of range); out is then zeroed.
 * Free with explain_unmatched_free. */
int explain_unmatched(const struct session *s, enum side side, size_t person,
		      struct unmatched_explanation *out);

/* Room of each line of explain_unmatched_text, with the NUL. */
#define EXPLAIN_LINE_MAX 160

/* The explanation in words, as lines of plain UTF-8 text of at most about
 * 76 columns (rule labels are shortened when longer), without newlines,
 * e.g. "no allowed mentor: same organisation excludes 12 of 50 (5 only by
 * it)", then one line per other rule that excludes anyone, largest first.
 * Writes at most maxlines lines (the most important first) and returns how
 * many it wrote. */
size_t explain_unmatched_text(const struct session *s, const struct unmatched_explanation *ex,
			      char lines[][EXPLAIN_LINE_MAX], size_t maxlines);

/* Frees the arrays and zeroes the struct (a zeroed struct is fine). */
void explain_unmatched_free(struct unmatched_explanation *ex);

/* ---- what changed -------------------------------------------------------- */

/* What changed from before to after, two results over the same people (the
 * same numbering, as session's prev and res).  A pair is the two people:
 * the same (mentor, mentee) in both results is kept even when its round,
 * score or pinned flag differ; nchanged and changed_delta count the kept
 * pairs whose score differs (another round, so another unmatched bonus, or
 * a pin's bonus), so that always
 *   total[1] - total[0] == sum of added[].score - sum of removed[].score
 *                          + changed_delta.
 * A pair present twice in one result (it cannot be, but) is matched up
 * count for count (in round order).  [0] is before, [1] after. */
struct match_diff {
	struct pair *added;          /* nadded pairs of after not in before, owned */
	struct pair *removed;        /* nremoved pairs of before not in after, owned */
	size_t nadded, nremoved;
	size_t nkept;                /* pairs in both */
	size_t nchanged;             /* ... of them whose score differs */
	long changed_delta;          /* sum over those of (score after - score before) */
	long total[2];               /* sum of pair scores (with bonuses) */
	size_t pairs[2];
	size_t mentees_matched[2], mentees_unmatched[2];  /* people with 1+ / with 0 pairs */
	size_t mentors_matched[2], mentors_unmatched[2];
};

/* Compares two results; either may be an empty (zeroed) result.  added and
 * removed are ordered by mentor, then mentee.  Counts of people come from
 * each result's own nmentors/nmentees and pairs.  O(pairs log pairs).
 * Returns 0, or -1 on out-of-memory (out zeroed).  Free with match_diff_free. */
int match_diff(const struct match_result *before, const struct match_result *after,
	       struct match_diff *out);

/* Frees the arrays and zeroes the struct (a zeroed struct is fine). */
void match_diff_free(struct match_diff *d);

/* ---- summary ------------------------------------------------------------- */

/* One value of the grouping field ([output] group_by). */
struct summary_group {
	char *name;                  /* display spelling, owned; "(blank)" for no value */
	size_t people[SIDE_COUNT];   /* people with this value */
	size_t matched[SIDE_COUNT];  /* ... of them with at least one match */
	size_t pairs;                /* pairs with the mentor or the mentee (or both) in it,
					each pair once */
};

#define SUMMARY_MATCH_COLUMNS 4

struct summary {
	/* matches[side][k]: people of that side with exactly k matches, the
	 * last column 3 or more (the original's table). */
	size_t matches[SIDE_COUNT][SUMMARY_MATCH_COLUMNS];
	size_t people[SIDE_COUNT];
	size_t npairs;
	long total;                  /* sum of pair scores */
	/* Histogram of pair scores (struct pair.score: rule score plus bonus):
	 * bin k counts the pairs scoring bin_start + k*bin_width ..
	 * bin_start + (k+1)*bin_width - 1.  bin_width is 1, 2 or 5 times a
	 * power of ten, the smallest with nbins <= the max_bins asked; bin_start
	 * is a multiple of it, at or below score_min; the last bin holds
	 * score_max.  No pairs: nbins 0, bins NULL, the others 0. */
	long score_min, score_max;
	long bin_start, bin_width;
	size_t nbins, *bins;         /* owned */
	/* Counts per value of the grouping field (profile group_by), or none
	 * (group_field -1, groups NULL): most people (both sides) first, ties by
	 * name.  A multi-select field counts a person under each value. */
	long group_field;
	struct summary_group *groups;   /* owned */
	size_t ngroups;
};

/* The summary of s: needs the dataset; without a result every person has 0
 * matches and there are no pairs.  max_bins >= 1.  Time O(people + pairs
 * + groups log groups).  Returns 0, or -1 on out-of-memory or bad arguments
 * (out zeroed).  Free with summary_free. */
int summary_build(const struct session *s, size_t max_bins, struct summary *out);

/* Frees the arrays and zeroes the struct (a zeroed struct is fine). */
void summary_free(struct summary *sm);

#endif
