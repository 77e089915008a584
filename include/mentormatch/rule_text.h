/* rule_text.h - the rules in words, for the Rules step, the explanations
 * and the profile editors: what each kind does, and one sentence for a rule
 * of a profile ("+3 per skill both list", "not allowed unless both answered
 * the same domain", "... only when mentee's same gender is Yes"). */
#ifndef MENTORMATCH_RULE_TEXT_H
#define MENTORMATCH_RULE_TEXT_H

#include <stddef.h>
#include "mentormatch/profile.h"

/* What a kind of rule does, in a few words ("both answered the same",
 * "share values: points per shared value", ...), for a list to choose a
 * kind from.  A static string. */
const char *rule_kind_words(enum rule_kind k);

/* What a field of type t holds and how rules compare it, in a few words
 * ("one answer from a list: rules compare same or different"); "" out of
 * range. */
const char *field_type_words(enum field_type t);

/* What rule r of p looks at, without its points: "same profession",
 * "mentee's identity is among mentor's characteristics", "grade: mentor's
 * minus mentee's", "skills both list (at least 2)", "goal fits expertise
 * (3 pairs)", "mentee named the mentor", with its condition after it
 * ("; only when mentee's same gender is Yes").  Into buf (NUL-terminated,
 * cut to len - 1 bytes). */
void rule_condition_text(const struct profile *p, size_t r, char *buf, size_t len);

/* What rule r does to a pair, in one sentence: its effect and points and
 * its condition, e.g. "+10 when same profession", "+3 per value both list
 * in skills", "not allowed unless same domain", "grade gap: 1 +9, 2 +12,
 * otherwise not allowed", "10 | 6 | 3 for the mentee's 1st, 2nd, 3rd
 * choice".  Into buf. */
void rule_sentence(const struct profile *p, size_t r, char *buf, size_t len);

#endif
