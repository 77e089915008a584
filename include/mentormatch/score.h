/* score.h - the score of one mentor-mentee pair under the profile's rules, and
 * the sparse list of all allowed pairs.
 */
#ifndef MENTORMATCH_SCORE_H
#define MENTORMATCH_SCORE_H

#include <limits.h>
#include <stddef.h>
#include <stdint.h>
#include "mentormatch/dataset.h"

/* Index used in struct score_part.rule for the built-in "same person" check
 * (one person on both sides: dataset_same_person). */
#define SCORE_RULE_SAME_PERSON ((size_t)-1)

/* Index used in struct score_part.rule when the pair's score is below the
 * profile's min_score (detail holds the score). */
#define SCORE_RULE_MIN_SCORE ((size_t)-2)

/* Index used in struct score_part.rule for a pair from a history file
 * (dataset_set_history): detail is how many files name it, detail2 the
 * index of the first. */
#define SCORE_RULE_HISTORY ((size_t)-3)

/* Room needed in the parts array of score_pair for profile p. */
#define SCORE_MAX_PARTS(p) ((p)->nrules + 3)

/* One rule's contribution to a pair's score. */
struct score_part {
	size_t rule;       /* index into profile.rules, or SCORE_RULE_* */
	long points;       /* points added (0 when it forbids or does not apply) */
	int forbids;       /* 1: this part makes the pair not allowed */
	int not_applied;   /* 1: the rule's when/unless condition kept it from
			      applying (no points, no forbid) */
	/* What the rule saw:
	 *   gap: d = mentor's - mentee's value in units of 1/NUMBER_SCALE
	 *     (text.h), or SCORE_GAP_MISSING;
	 *   overlap: the values shared (detail) and all values (detail2);
	 *   preference: the mentor's place in the mentee's list (detail) and
	 *     the mentee's in the mentor's (detail2), 0 when not named;
	 *   not_applied: 0 when "when" did not hold, 1 when "unless" did;
	 *   min_score: the score; history: see SCORE_RULE_HISTORY. */
	long long detail;
	long detail2;
	uint32_t mentor, mentee;
};

/* score_part.detail of a gap rule when either value is missing or not on the scale. */
#define SCORE_GAP_MISSING LLONG_MIN

/* Scores the pair (mentor, mentee).  Writes the contribution of each rule
 * that applied (points != 0 or forbids) and of each rule that a condition
 * kept from applying (not_applied) to parts (room for SCORE_MAX_PARTS
 * entries), their number to *nparts (parts and nparts may be NULL), and the
 * sum of points to *score: every rule's points, also when the pair is not
 * allowed (the sum of the breakdown in parts; a pair below min_score keeps
 * its points).  score may be NULL too: with neither score nor parts it
 * stops at the first rule that forbids.  Returns 1 when the pair is
 * allowed, 0 when any rule forbids it.  Disabled rules are skipped.
 * Needs the rules resolved (dataset_resolve_rules; dataset_build does it). */
int score_pair(const struct dataset *ds, size_t mentor, size_t mentee,
	       long *score, struct score_part *parts, size_t *nparts);

/* Describes one part in words, e.g. "+12 grade gap 2", "+10 same profession",
 * "+6 skills: 2 shared", "+10 preferred mentor: mentee's 1st choice",
 * "not allowed: same organisation", "not allowed: needs same domain" (a
 * require rule that does not hold), "not applied: shared identity (mentee's
 * match on identity is No)", into buf (NUL-terminated). */
void score_describe(const struct dataset *ds, const struct score_part *part,
		    char *buf, size_t len);

/* All allowed pairs, in compressed rows by mentor (CSR):
 * the allowed mentees of mentor i are mentee[start[i] .. start[i+1]), in
 * increasing mentee order, with their scores (without any unmatched bonus). */
struct edges {
	size_t nmentors, nmentees;
	size_t *start;       /* nmentors + 1 */
	uint32_t *mentee;    /* start[nmentors] */
	int32_t *score;      /* start[nmentors] */
};

/* Scores every pair and builds the allowed-pair list.  Returns 0, or -1 on
 * out-of-memory (e left empty).  Time O(mentors * mentees * rules) at worst;
 * people whose values agree on every field the rules read are scored once
 * (classes), and the pairs a preference or a history file names, and those
 * of one person on both sides, are scored one by one. */
int score_build_edges(const struct dataset *ds, struct edges *e);

/* Frees everything and zeroes the struct. */
void edges_free(struct edges *e);

/* How many class-row entries (mentor classes x mentee classes) score_build_edges
 * keeps whole between its two passes (default 2^24, 64 MB); beyond that it
 * keeps only the allowed entries of each row.  Either way gives the same
 * edges; tests set 0 to run the second way on small data.  Not thread-safe:
 * set it before scoring. */
void score_set_row_cache_limit(size_t entries);

#endif
