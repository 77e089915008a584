/* dataset.h - the participants of both sides, read from two tables through the
 * profile's column mapping, with values parsed by field type.
 *
 * Categorical values (category, ordinal, multi-select pieces) are interned in
 * one vocabulary shared by all fields and both sides, keyed by the normalised
 * spelling (case folded, surrounding white space including U+00A0 removed), so
 * that a rule can compare ids across sides and fields.  The displayed
 * spelling of a value (ds->vocab[id]) is its most frequent spelling in the
 * participants' cells, with surrounding white space removed; between
 * spellings equally frequent, the first seen (mentors' file first, in row
 * order; within a row, in field order).
 *
 * Aliases (field_def.aliases): a category or ordinal cell whose comparison
 * key (text_key) equals an alias spelling's key is read as the
 * alias's value (for an ordinal field, that value's place on the scale).
 *
 * Columns are found with mapping_field_column (header text and position).
 *
 * Duplicate sign-ups: rows of one file with the same email (compared
 * without case and surrounding white space) are one person.  Forms append
 * each answer as a new row, so the LAST such row is the person's most recent
 * answer: it is the one kept as a participant, and the earlier rows are left
 * out (listed in side_data.dup and reported).  Rows without an email are all
 * kept.
 *
 * Multi-select cells are split on the field's separator; empty pieces (as
 * after a trailing separator) are dropped.  When the field lists its known
 * options (field_def.options), the cell is read as known options matched
 * whole, longest first, at separator boundaries (so an option may contain
 * the separator: "Parent, carer or guardian, Neurodivergent" gives the two
 * options); any other text is kept as "other text" (dataset_other_text),
 * reported as a note, and is not made a category.
 */
#ifndef MENTORMATCH_DATASET_H
#define MENTORMATCH_DATASET_H

#include <stddef.h>
#include <stdint.h>
#include "mentormatch/profile.h"
#include "mentormatch/table.h"
#include "mentormatch/diag.h"

#define VALUE_NONE (-1)   /* empty cell, unmapped field, or not on the scale */

/* A sign-up left out because the same email signs up again later in the file. */
struct dataset_dup {
	size_t row;               /* table row of the earlier sign-up, left out */
	size_t kept;              /* participant index of the later one, kept */
};

/* Text of a multi-select cell that is none of the field's known options. */
struct dataset_other {
	size_t person;            /* participant index */
	size_t field;             /* index into profile.fields */
	char *text;               /* trimmed pieces joined by the separator, owned */
};

struct side_data {
	const struct table *tab;  /* borrowed */
	size_t n;                 /* participants on this side */
	size_t *row;              /* n: table row of each participant, increasing */
	int *col;                 /* nfields: table column of each field, or -1 */
	/* n * nfields: for category fields the vocabulary id; for ordinal fields
	 * the scale index; for number fields the value; VALUE_NONE when empty. */
	int32_t *val;
	/* Multi-select sets: for participant i and field f, the ids are
	 * set_pool[set_start[i*nfields+f] .. set_start[i*nfields+f+1]) (sorted).
	 * Other field types have empty ranges. */
	size_t *set_start;        /* n*nfields + 1 */
	int32_t *set_pool;
	int email_field;          /* index of the FIELD_EMAIL field, or -1 */
	struct dataset_dup *dup;  /* ndup sign-ups left out, in file order; owned */
	size_t ndup;
	struct dataset_other *other; /* nother, by person then field; owned */
	size_t nother;
};

struct dataset {
	const struct profile *prof;  /* borrowed; must outlive the dataset */
	struct side_data side[SIDE_COUNT];
	size_t nvocab;
	char **vocab;                /* nvocab display spellings, owned */
	char **vocab_key;            /* nvocab normalised keys, owned */
};

/* One value of a field and how many participants of each side have it. */
struct value_count {
	int32_t value;            /* vocabulary id, or for an ordinal field the
				     scale index */
	const char *text;         /* display spelling (ds->vocab or the scale),
				     borrowed: valid while ds and its profile are */
	size_t count[SIDE_COUNT]; /* participants with the value, per side */
};

/* Builds the dataset from the two tables.  Columns are looked up by the
 * profile's header names (mapping_find_column).  Reports to d, with file and
 * line: mapped headers missing from a table (error), ordinal values not on
 * the scale (warning; the value counts as missing, never as 0), numbers that
 * do not parse (warning), empty emails (warning; the row is kept), duplicate
 * sign-ups (warning on each row left out, naming the line kept), people
 * present on both sides (note), multi-select text that is not a known option
 * (note), capacity values that are blank, not whole numbers or out of
 * 0..1000 (warning; the default is used).
 * Returns 0, or -1 on an error that makes matching impossible (a missing
 * mapped column, out of memory).  On failure ds is left empty. */
int dataset_build(struct dataset *ds, const struct profile *p,
		  const struct table *mentors, const struct table *mentees,
		  struct diag *d);

/* The raw cell text of a field for a participant ("" when unmapped). */
const char *dataset_text(const struct dataset *ds, enum side side, size_t person, size_t field);

/* Display name "First Last" (or the email when names are unmapped) into buf. */
void dataset_name(const struct dataset *ds, enum side side, size_t person, char *buf, size_t len);

/* The email of a participant ("" when unmapped). */
const char *dataset_email(const struct dataset *ds, enum side side, size_t person);

/* Physical line in the source file of a participant's row. */
unsigned long dataset_line(const struct dataset *ds, enum side side, size_t person);

/* The capacity of a participant (how many matches they may have): the value
 * of the profile's capacity field for that side when it holds a whole number
 * from 0 to 1000, else the side's default (solve_default_capacity). */
long dataset_capacity(const struct dataset *ds, enum side side, size_t person);

/* The other text (not a known option) of a multi-select field for a
 * participant, or NULL when there is none. */
const char *dataset_other_text(const struct dataset *ds, enum side side, size_t person,
			       size_t field);

/* The values of field among the participants of both sides, with their
 * counts (a multi-select set counts once for each of its values).
 *   category, multi: every value some participant has, the most frequent
 *     (both sides together) first, ties in vocabulary order (first seen);
 *   ordinal: every scale value, lowest first, with its counts (maybe 0);
 *     values not on the scale are not listed (see report.h);
 *   text, email, number, or field out of range: none.
 * *out is set to a malloc'ed array (the caller frees it with free()), or to
 * NULL when there is none.  Returns the number of entries, or (size_t)-1 on
 * out-of-memory (*out is NULL). */
size_t dataset_value_counts(const struct dataset *ds, size_t field, struct value_count **out);

/* Frees everything and zeroes the struct (the tables and profile are not freed). */
void dataset_free(struct dataset *ds);

#endif
