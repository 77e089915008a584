/* profile_guess.h - proposing the fields of a new profile from the columns
 * of the spreadsheets.
 *
 * For a form nobody has written a profile for, the coordinator starts from
 * the files: every column (or group of tick-box columns) gets a proposal of
 * a field (name, label, type) with the evidence (filled cells, distinct
 * values, the most common values, the separator seen, the order of a
 * scale), and the coordinator accepts, changes or skips each before
 * profile_guess_apply turns them into fields and a column mapping.
 *
 * How a column's type is guessed (the first that fits, over the filled
 * cells of that column on each side where it appears):
 *   - a header naming a time or date ("Timestamp", "joined_date"), or values
 *     that look like dates: text, skipped;
 *   - 90% or more look like e-mail addresses: email;
 *   - a run of two or more tick-box columns (each cell blank, a yes/no word
 *     or the column's own header, as Typeform and Microsoft Forms export a
 *     multiple-choice question): one multi field fed by those columns
 *     (columns whose headers differ only in a trailing number, "Avail 1" ...
 *     "Avail 168", form one group); a single tick-box column: a category;
 *   - a header that says id ("id", "mentor_id", "#", "Response ID") with
 *     every value different, or values that are all different, short, and
 *     mix letters and digits: id;
 *   - 90% or more are numbers: number;
 *   - a header of a person's name ("name", "full name", "first name",
 *     "surname", ...): text;
 *   - cells joined by a separator (", ", "; ", " | ", a line break) whose
 *     parts repeat across people: multi, with that separator;
 *   - few distinct values (30 or fewer, and at most half the filled cells)
 *     that have an order (each starts with a number or a range, "0-2",
 *     "10+", "Year 1", or all are words of a known scale such as Beginner,
 *     Intermediate, Advanced): ordinal, lowest first;
 *   - few distinct values: category;
 *   - anything else: text (long free text is proposed as skipped).
 * A column of the mentors' file and one of the mentees' file become one
 * field mapped on both sides, its type guessed from the cells of both,
 * when: their headers are the same apart from the words mentor/mentee,
 * case and punctuation; or they are tick-box groups with at least half
 * their options the same; or their answers come from one list (category,
 * ordinal or multi columns with three or more values, at least half of all
 * their values shared: "domain" and "domain_interest"); or they are the
 * only e-mail, name or id column of each side.  Columns whose types cannot
 * be one field (a number and words) stay apart.
 * This module is heuristics over the loaded tables; it does not read files.
 */
#ifndef MENTORMATCH_PROFILE_GUESS_H
#define MENTORMATCH_PROFILE_GUESS_H

#include <stddef.h>
#include "mentormatch/profile.h"
#include "mentormatch/table.h"

/* What a proposal is for, besides being a field (bits). */
#define GUESS_ID         0x01u  /* an identity column (type id) */
#define GUESS_EMAIL      0x02u  /* an e-mail address */
#define GUESS_NAME       0x04u  /* a person's full name */
#define GUESS_FIRST_NAME 0x08u
#define GUESS_LAST_NAME  0x10u
#define GUESS_CAPACITY   0x20u  /* how many partners a person can take */
#define GUESS_TIME       0x40u  /* a time stamp or date: not used */
#define GUESS_ROLE       0x80u  /* sign-up sheet: the mentor/mentee role column */
#define GUESS_TICKBOX   0x100u  /* a group of tick-box columns */

#define GUESS_SAMPLES 3  /* most common values kept per proposal */

/* One proposed field. */
struct field_guess {
	char *name;              /* field name: letters, digits, '_' (owned) */
	char *label;             /* label: the header, shortened (owned) */
	enum field_type type;
	int use;                 /* 1: make it a field; 0: skip it */
	unsigned role;           /* GUESS_* bits */
	char *separator;         /* FIELD_MULTI from one column: the separator
				    seen (owned), else NULL */
	char **scale;            /* FIELD_ORDINAL: nscale values lowest first
				    (owned), else NULL */
	size_t nscale;
	/* The columns (0-based, in that side's table) feeding it on each side;
	 * ncols[side] 0 when the side has none.  Owned. */
	size_t *cols[SIDE_COUNT];
	size_t ncols[SIDE_COUNT];
	size_t rows;             /* rows looked at, both sides */
	size_t filled;           /* of those, rows with a value */
	size_t distinct;         /* distinct values (parts, for a multi) */
	char *sample[GUESS_SAMPLES];   /* most common values, most first (owned) */
	size_t sample_n[GUESS_SAMPLES];
	size_t nsample;
	char why[160];           /* the evidence in words: "3 distinct values in 50 rows" */
};

/* All proposals, in the order of the mentors' columns, then the mentees'
 * columns that were not paired. */
struct profile_guess {
	struct field_guess *f;
	size_t n;
	/* sign-up sheet: the answers of the role column that mean mentor and
	 * mentee (owned, distinct), when one was found */
	char **answers[SIDE_COUNT];
	size_t nanswers[SIDE_COUNT];
};

/* Proposes fields for the columns of tab[SIDE_MENTOR] and tab[SIDE_MENTEE];
 * either may be NULL (that side not loaded).  When both point to the same
 * table it is a combined sign-up sheet: every column feeds both sides and
 * a role column (header with "role", or values "mentor"/"mentee") is
 * proposed as GUESS_ROLE (not a field) with its answers.  Returns 0, or -1
 * on out-of-memory (g then empty).  Free with profile_guess_free. */
int profile_guess(struct profile_guess *g, const struct table *const tab[SIDE_COUNT]);

/* Builds a new profile in p (profile_new, then every proposal with use set,
 * in order: the field with its label, type, separator and scale, mapped to
 * its columns; several columns become numbered columns), named name.
 * Settings: capacity mode; a GUESS_CAPACITY field gives the mentors'
 * capacities; a GUESS_ROLE proposal gives [signups].  Field names that clash
 * get _2, _3 ...  tab is what was given to profile_guess (for the headers).
 * Returns 0, or -1 with a message in err (p then empty). */
int profile_guess_apply(const struct profile_guess *g, const struct table *const tab[SIDE_COUNT],
			const char *name, struct profile *p, char *err, size_t len);

/* A field name made from a header: its first line's words in ASCII letters
 * and digits, without filler words ("what", "your", ...), the first three
 * joined by '_', lower case, at most 32 bytes; "field" when nothing is left.
 * Into buf (len bytes). */
void profile_guess_name(const char *header, char *buf, size_t len);

/* Frees everything and zeroes g. */
void profile_guess_free(struct profile_guess *g);

#endif
