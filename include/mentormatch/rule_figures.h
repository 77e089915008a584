/* rule_figures.h - what one rule does to the pairs, for the rule editor's
 * live figures: how many pairs it forbids (and how many only it forbids),
 * scores and leaves alone because of its condition, and how many people
 * the rules together leave with no allowed partner.
 */
#ifndef MENTORMATCH_RULE_FIGURES_H
#define MENTORMATCH_RULE_FIGURES_H

#include <stddef.h>
#include "mentormatch/dataset.h"

struct rule_figures {
	size_t pairs;          /* mentor x mentee pairs counted */
	size_t allowed;        /* of them, allowed by every rule (and min_score, history) */
	size_t forbids;        /* pairs this rule makes not allowed */
	size_t only_by;        /* of those, pairs no other part forbids */
	size_t scores;         /* pairs it adds points to (points != 0) */
	long min_points, max_points;  /* over those (0 and 0 when none) */
	size_t not_applied;    /* pairs its when/unless kept it from applying */
	size_t alone[2];       /* mentors (0) and mentees (1) with no allowed partner */
};

/* Scores every pair of ds with score_pair and counts, for rule r (an index
 * into the profile's rules; a rule that is off counts nothing but the
 * totals), into f.  Needs the rules resolved (dataset_build).  Returns 0,
 * or -1 when there are more than max_pairs pairs (f zeroed but pairs set;
 * the count would take too long to redo on every key) or on out-of-memory.
 * Time O(mentors x mentees x rules). */
int rule_figures(const struct dataset *ds, size_t r, size_t max_pairs, struct rule_figures *f);

#endif
