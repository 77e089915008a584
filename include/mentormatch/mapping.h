/* mapping.h - suggest which spreadsheet column feeds each profile field.
 *
 * Header names are compared without case, white space, punctuation and
 * symbols ("First name " == "first name" == "First Name?" == "first_name",
 * "What's" == "What’s", "Work-life" == "Work–life" == "Work life",
 * "🤝 Style" == "Style"), then against each field's usual synonyms and
 * question wordings ("What is your work email address?" -> email).
 */
#ifndef MENTORMATCH_MAPPING_H
#define MENTORMATCH_MAPPING_H

#include <stddef.h>
#include "mentormatch/profile.h"
#include "mentormatch/table.h"

/* Normalises a header for comparison: lower case (ASCII and Latin-1
 * letters); apostrophes (' ’ ‘ ʼ) and invisible characters (zero-width space
 * and joiners, soft hyphen, byte-order mark, variation selectors, emoji tags)
 * dropped; white space (including U+00A0), punctuation (ASCII and Unicode:
 * quotes, dashes, the ellipsis, ...) and symbols (© ° × € arrows, emoji)
 * read as separators: none at either end, each run of them one space inside
 * ("Work–life balance & wellbeing" -> "work life balance wellbeing").  Writes
 * at most len bytes (NUL-terminated) to out, never half a character. */
void mapping_normalise(const char *in, char *out, size_t len);

/* Column index in t whose header best matches the field, or -1.
 * A column already used by another field (used[col] != 0, used may be NULL)
 * is only chosen on an exact match. */
int mapping_suggest_field(const struct profile *p, size_t field,
			  const struct table *t, const unsigned char *used);

/* Index of the column whose header equals header (after mapping_normalise), or -1. */
int mapping_find_column(const struct table *t, const char *header);

/* How many columns of t have header (as mapping_find_column compares:
 * the very text, or the same after mapping_normalise); the first max of
 * them, in order, go to cols. */
size_t mapping_matching_columns(const struct table *t, const char *header, size_t *cols,
				size_t max);

/* For a header that t lacks: the column whose header is closest to it
 * (edit distance of the normalised headers), when close enough to be a
 * misspelling (at most 1 for up to 4 characters, 2 for up to 10, one in
 * five beyond); the first of equally close ones.  -1 when none is. */
int mapping_closest_column(const struct table *t, const char *header);

/* Index of the column of t at 1-based position at when its header equals
 * header (after mapping_normalise; "" matches an empty header); otherwise,
 * or when at is 0, mapping_find_column(t, header).  -1 when none. */
int mapping_find_column_at(const struct table *t, const char *header, long at);

/* The column of t that feeds field f on side under the profile's mapping
 * (header text with its position, see profile.h column_at), or -1 when the
 * field is unmapped or the column is not in t. */
int mapping_field_column(const struct profile *p, enum side side, size_t f,
			 const struct table *t);

/* For every field of the profile not yet mapped on this side, or mapped to a
 * header that t lacks, works out the best column (each column given to one
 * field, best matches first; columns the profile maps are taken): col[f]
 * (nfields entries) is its index in t, or -1 (mapped already, or no good
 * match).  Nothing is changed.  Returns how many fields got a column, or -1
 * on OOM. */
int mapping_suggest(const struct profile *p, enum side side, const struct table *t, int *col);

/* For every field of the profile not yet mapped on this side, or mapped to a
 * header that t lacks, fills in mapping_suggest's column (profile_set_column).  Fields with
 * no good match stay unmapped.  Returns the number of fields changed, or -1 on OOM. */
int mapping_suggest_all(struct profile *p, enum side side, const struct table *t);

#endif
