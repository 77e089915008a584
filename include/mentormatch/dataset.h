/* dataset.h - the participants of both sides, read from two tables through the
 * profile's column mapping, with values parsed by field type.
 *
 * Categorical values (category, ordinal, multi-select pieces) are interned in
 * one vocabulary shared by all fields and both sides, keyed by the normalised
 * spelling (case folded, surrounding white space including U+00A0 removed), so
 * that a rule can compare ids across sides and fields.  The displayed
 * spelling is the first one seen.
 */
#ifndef MENTORMATCH_DATASET_H
#define MENTORMATCH_DATASET_H

#include <stddef.h>
#include <stdint.h>
#include "mentormatch/profile.h"
#include "mentormatch/table.h"
#include "mentormatch/diag.h"

#define VALUE_NONE (-1)   /* empty cell, unmapped field, or not on the scale */

struct side_data {
	const struct table *tab;  /* borrowed */
	size_t n;                 /* participants on this side */
	size_t *row;              /* n: table row of each participant */
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
};

struct dataset {
	const struct profile *prof;  /* borrowed; must outlive the dataset */
	struct side_data side[SIDE_COUNT];
	size_t nvocab;
	char **vocab;                /* nvocab display spellings, owned */
	char **vocab_key;            /* nvocab normalised keys, owned */
};

/* Builds the dataset from the two tables.  Columns are looked up by the
 * profile's header names (mapping_find_column).  Reports to d, with file and
 * line: mapped headers missing from a table (error), ordinal values not on
 * the scale (warning; the value counts as missing, never as 0), numbers that
 * do not parse (warning), empty emails and duplicate emails within a side
 * (warning; both are kept), people present on both sides (note), capacity
 * values that are blank, not whole numbers or out of 0..1000 (warning; the
 * default is used).
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

/* Frees everything and zeroes the struct (the tables and profile are not freed). */
void dataset_free(struct dataset *ds);

#endif
