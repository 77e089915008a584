/* dataset.h - the participants of both sides, read from two tables through the
 * profile's column mapping, with values parsed by field type.
 *
 * Categorical values (category, ordinal, multi-select pieces, ids, emails)
 * are interned in one vocabulary shared by all fields and both sides, keyed
 * by the normalised spelling (text_key: case folded, surrounding white space
 * including U+00A0 removed), so that a rule can compare ids across sides and
 * fields.  The displayed spelling of a value (ds->vocab[id]) is its most
 * frequent spelling in the participants' cells, with surrounding white space
 * removed; between spellings equally frequent, the first seen (mentors' file
 * first, in row order; within a row, in field order).  Numbers are interned
 * too (ds->num), so that equal numbers have one id.
 *
 * Aliases (field_def.aliases): a category, ordinal or number cell whose key
 * equals an alias spelling's key is read as the alias's value (for an
 * ordinal field, that value's place on the scale; for a number field, that
 * number).
 *
 * Wildcards (field_def.wildcards): a category or multi value whose key is a
 * wildcard's key keeps its id and marks the person's value of that field as
 * a wildcard (dataset_wild), which rules read as "fits anyone".
 *
 * Columns are found with mapping_field_column (header text and position).
 * A multi field fed by several columns (profile_numbered) takes from each
 * column: nothing when the cell is blank or a no-word (0, no, false, n), the
 * column's header when it is a yes-word (1, yes, true, y, x), else the
 * cell's own text (text_yes_no; a number equal to 1 or 0, such as 1.0, is a
 * yes or a no).  A column whose cells hold other numbers (2, 0.5) is
 * reported once, with the first line and the count.
 *
 * Identity: the profile's identity field (profile_identity_field: the id
 * field, else the email field).  Rows of one file with the same identity
 * (compared without case and surrounding white space) are one person.
 * Forms append each answer as a new row, so the LAST such row is the
 * person's most recent answer: it is the one kept as a participant, and the
 * earlier rows are left out (listed in side_data.dup and reported).  Rows
 * without an identity are all kept.  When the identity field is not mapped
 * on a side, every row of that side is a person of its own (reported).
 *
 * Multi-select cells are split on the field's separator; empty pieces (as
 * after a trailing separator) are dropped.  When the field lists its known
 * options (field_def.options), the cell is read as known options matched
 * whole, longest first, at separator boundaries (so an option may contain
 * the separator: "Parent, carer or guardian, Neurodivergent" gives the two
 * options); any other text is kept as "other text" (dataset_other_text),
 * reported as a note, and is not made a category.  Without a separator a
 * cell is one value.
 *
 * The rules' own data (dataset_resolve_rules) and the pairs of earlier
 * cohorts (dataset_set_history) are kept here too, resolved to value ids and
 * participant indices, for score.c.
 */
#ifndef MENTORMATCH_DATASET_H
#define MENTORMATCH_DATASET_H

#include <stddef.h>
#include <stdint.h>
#include "mentormatch/profile.h"
#include "mentormatch/table.h"
#include "mentormatch/diag.h"

#define VALUE_NONE (-1)   /* empty cell, unmapped field, or not on the scale */

/* A sign-up left out because the same identity signs up again later in the file. */
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
	int *col;                 /* nfields: table column of each field, or -1 (also
				     for a field fed by several columns) */
	int **cols;               /* nfields: the columns of a field fed by several
				     columns (ncols[f] of them), else NULL */
	size_t *ncols;
	/* n * nfields: for category, email and id fields the vocabulary id; for
	 * ordinal fields the scale index; for number fields the id of the
	 * number in ds->num; VALUE_NONE when empty. */
	int32_t *val;
	/* Multi-select sets: for participant i and field f, the ids are
	 * set_pool[set_start[i*nfields+f] .. set_start[i*nfields+f+1]) (sorted,
	 * distinct), and the same ids in the order the person gave them (cell
	 * order, then column order) in ord_pool at the same offsets.  Other
	 * field types have empty ranges. */
	size_t *set_start;        /* n*nfields + 1 */
	int32_t *set_pool;
	int32_t *ord_pool;
	unsigned char *wild;      /* n * nfields: 1 when the value is a wildcard */
	int id_field;             /* the identity field (profile_identity_field), or -1 */
	int email_field;          /* the email field (a contact), or -1 */
	struct dataset_dup *dup;  /* ndup sign-ups left out, in file order; owned */
	size_t ndup;
	struct dataset_other *other; /* nother, by person then field; owned */
	size_t nother;
};

/* A preference named in the sign-ups: mentee_rank is the place (1 = first)
 * of the mentor in the mentee's list of the rule's mentee_field (0: not
 * named), mentor_rank the place of the mentee in the mentor's list. */
struct pref_link {
	uint32_t mentor, mentee;
	uint16_t mentee_rank, mentor_rank;
};

/* What dataset_resolve_rules keeps for one rule. */
struct rule_data {
	/* when / unless: the ids (vocabulary ids, scale indices or number ids,
	 * as the condition's field keeps them) that the condition accepts,
	 * sorted */
	int32_t *cond[2];
	size_t ncond[2];
	/* table: (mentee id, mentor id) pairs, sorted */
	int32_t (*tpair)[2];
	size_t ntpair;
	/* preference: the named pairs, sorted by (mentor, mentee) */
	struct pref_link *link;
	size_t nlink;
};

/* A pair of an earlier cohort (dataset_set_history). */
struct history_link {
	uint32_t mentor, mentee;
	uint32_t file;            /* index of the history file */
};

struct dataset {
	const struct profile *prof;  /* borrowed; must outlive the dataset */
	size_t nfields;              /* the profile's fields when built */
	struct side_data side[SIDE_COUNT];
	size_t nvocab;
	char **vocab;                /* nvocab display spellings, owned */
	char **vocab_key;            /* nvocab normalised keys, owned */
	int32_t *vslot;              /* hash of the keys (id + 1, 0 empty), nvslot */
	size_t nvslot;
	long long *num;              /* nnum distinct numbers (units of 1/NUMBER_SCALE) */
	size_t nnum;
	struct rule_data *rd;        /* nrd = profile rules when resolved, owned */
	size_t nrd;
	struct history_link *hist;   /* nhist, sorted by (mentor, mentee, file) */
	size_t nhist;
	char **hist_name;            /* the history files' names, nhist_name */
	size_t nhist_name;
	uint32_t (*same)[2];         /* nsame (mentor, mentee): one person on both
					sides (dataset_find_same_people), sorted */
	size_t nsame;
};

/* One value of a field and how many participants of each side have it. */
struct value_count {
	int32_t value;            /* vocabulary id, or for an ordinal field the
				     scale index */
	const char *text;         /* display spelling (ds->vocab or the scale),
				     borrowed: valid while ds and its profile are */
	size_t count[SIDE_COUNT]; /* participants with the value, per side */
};

/* Builds the dataset from the two tables, and resolves the rules
 * (dataset_resolve_rules).  Columns are looked up by the profile's header
 * names (mapping_find_column).  Reports to d, with file and line: mapped
 * headers missing from a table (error), ordinal values not on the scale
 * (warning; the value counts as missing, never as 0), numbers that do not
 * parse (warning), empty identities (warning; the row is kept), duplicate
 * sign-ups (warning on each row left out, naming the line kept), people
 * present on both sides (note), multi-select text that is not a known option
 * (note), capacity values that are blank, not numbers, not whole numbers or
 * out of 0..1000 (warning; the default is used); with an id field, e-mails
 * that are missing or malformed (one warning per file, with a count and the
 * first lines); a mapped header that names several columns (warning) or none
 * (error, with the closest header); tick-box columns holding other numbers
 * than 1 and 0 (one warning per column).  The messages it adds come in line
 * order within each file, the mentors' file first (a file-wide message
 * first).
 * Returns 0, or -1 on an error that makes matching impossible (a missing
 * mapped column, out of memory).  On failure ds is left empty. */
int dataset_build(struct dataset *ds, const struct profile *p,
		  const struct table *mentors, const struct table *mentees,
		  struct diag *d);

/* Resolves what the profile's rules need from the values (again after a
 * rule changed): each condition's values, each table's pairs, and each
 * preference rule's named people (by identity, else by full name: compared
 * without case; a name that matches nobody, or more than one person, is
 * ignored and, when d is not NULL, reported with the file and line of the
 * person who wrote it: counted, the first few shown) and, when d is not
 * NULL, the values nobody answered (dataset_unanswered).  Returns 0, or -1
 * on out-of-memory (the old data is then freed, the rules unresolved). */
int dataset_resolve_rules(struct dataset *ds, struct diag *d);

/* A value the profile names that nobody's answer has (usually a typo). */
struct dataset_unanswered {
	const char *rule;         /* the rule's id, or NULL for a field's wildcard */
	const char *key;          /* "when", "unless", "pairs" or "wildcard" */
	size_t field;             /* the field the value is of */
	const char *value;        /* as the profile writes it */
	unsigned long line;       /* the key's line in the profile, 0 when unknown */
	/* the strings are borrowed from the profile */
};

/* The values of enabled rules' when, unless and table pairs, and of the
 * wildcards of fields some file feeds, that no participant's answer has
 * (compared as the rules compare them; each value of one key of one rule
 * once), in rule order then field order.  *out receives a malloc'ed array
 * (the caller frees it; NULL when there is none).  Returns how many, or
 * (size_t)-1 on out-of-memory.  dataset_resolve_rules reports each as a
 * warning with the profile's file and line. */
size_t dataset_unanswered(const struct dataset *ds, struct dataset_unanswered **out);

/* Replaces the pairs of earlier cohorts: for each of the n history tables,
 * the columns dataset_history_columns names are read, each row's two people
 * looked up among the participants (dataset_person_map: by identity, else
 * by a unique email; compared without case), and each pair found kept with
 * its file's index.  Rows naming someone who is not a participant are
 * counted and, when d is not NULL, reported once per file (with the first
 * lines; a warning showing the column's values beside the identities when
 * a column names nobody at all).  Errors: a missing column; a side whose
 * identity field has no column (the files cannot name anyone: said once,
 * naming the first file).  Returns 0, or -1 with an error in d (the old
 * history is kept). */
int dataset_set_history(struct dataset *ds, const struct table *const *tabs, size_t n,
			struct diag *d);

/* The columns of a history table t that name the mentors (col[SIDE_MENTOR])
 * and the mentees: [history] mentor_column and mentee_column, else those
 * pairs.csv writes (profile_identity_column); with an id field and no
 * [history] column, "mentor email" / "mentee email" when t lacks "mentor id"
 * / "mentee id" (an earlier cohort's pairs named by email).  A missing
 * column is an error in d (file t->path, line 1).  Returns 0 or -1. */
int dataset_history_columns(const struct profile *p, const struct table *t, int col[SIDE_COUNT],
			    struct diag *d);

/* The checks a history table t must pass before the files are matched, by
 * the profile alone (when a history file is added): the identity field is
 * mapped on both sides (else the file cannot name anyone: an error naming
 * the field and where to map it) and t has the columns
 * dataset_history_columns needs.  Returns 0, or -1 with an error in d. */
int dataset_history_check(const struct profile *p, const struct table *t, struct diag *d);

#define DATASET_NOBODY  (-1)   /* dataset_find_person: nobody has that name */
#define DATASET_SEVERAL (-2)   /* ... several people have that email */

/* The participant of side that text names (as pins and history files name
 * people): the one whose identity is text (compared without case and
 * surrounding white space), else, when the identity is an id field and the
 * email field is mapped on that side, the one whose email is text.
 * Returns the participant index, DATASET_NOBODY, or DATASET_SEVERAL when
 * that email belongs to more than one participant.  O(participants). */
long dataset_find_person(const struct dataset *ds, enum side side, const char *text);

/* dataset_find_person for every vocabulary id at once: a malloc'ed array of
 * ds->nvocab entries (the caller frees it), entry v being the participant
 * that value v names, DATASET_NOBODY or DATASET_SEVERAL; NULL on
 * out-of-memory.  O(vocabulary + participants). */
int32_t *dataset_person_map(const struct dataset *ds, enum side side);

/* Finds the people who are on both sides (one person never matched with
 * themselves), into ds->same, by the rule of config/README.md ("Who is
 * who"): a mentor and a mentee are one person when their identities are
 * equal (compared without case) and, with an id field, what else tells
 * them apart agrees where both rows have it: their emails (when the email
 * field is mapped on both sides and both are filled), else their full
 * names.  When at least as many of the ids on both sides belong to people
 * with different emails (or names) as to people with the same, the ids are
 * numbers each form gave its own rows: then only rows whose emails (or
 * names) agree too are one person.  Reports to d (may be NULL): a note for
 * each person on both sides (on the mentees file, at their line) and one
 * warning for the ids with different emails, naming the first few.  Called
 * by dataset_build.  Returns 0, or -1 on out-of-memory. */
int dataset_find_same_people(struct dataset *ds, struct diag *d);

/* Whether mentor and mentee are one person (in ds->same). O(log nsame). */
int dataset_same_person(const struct dataset *ds, size_t mentor, size_t mentee);

/* The history files that name the pair (mentor, mentee): writes their
 * indices (at most max) to files and returns how many name it. */
size_t dataset_history_of(const struct dataset *ds, size_t mentor, size_t mentee,
			  uint32_t *files, size_t max);

/* The raw cell text of a field for a participant ("" when unmapped or fed
 * by several columns). */
const char *dataset_text(const struct dataset *ds, enum side side, size_t person, size_t field);

/* The value of a field for a participant as text: the cell for a field of
 * one column, the values joined by ", " for a field of several columns.
 * Writes into buf (NUL-terminated) and returns buf. */
const char *dataset_value_text(const struct dataset *ds, enum side side, size_t person,
			       size_t field, char *buf, size_t len);

/* Display name: the field named "name", else "First Last" (first_name,
 * last_name), else the identity, else "line N" into buf. */
void dataset_name(const struct dataset *ds, enum side side, size_t person, char *buf, size_t len);

/* The identity of a participant (the id, else the email; "" when unmapped). */
const char *dataset_identity(const struct dataset *ds, enum side side, size_t person);

/* The e-mail address of a participant ("" when there is no email field or
 * it is unmapped). */
const char *dataset_contact_email(const struct dataset *ds, enum side side, size_t person);

/* Whether the participant's value of field is a wildcard (fits anyone). */
int dataset_wild(const struct dataset *ds, enum side side, size_t person, size_t field);

/* The vocabulary id of the value whose key equals text's, or VALUE_NONE. */
int32_t dataset_lookup(const struct dataset *ds, const char *text);

/* The number of number id v (units of 1/NUMBER_SCALE). */
long long dataset_number(const struct dataset *ds, int32_t v);

/* Physical line in the source file of a participant's row. */
unsigned long dataset_line(const struct dataset *ds, enum side side, size_t person);

/* The capacity of a participant (how many matches they may have): the value
 * of the profile's capacity field for that side when it holds a whole number
 * from 0 to 1000, else the side's default (solve_default_capacity). */
long dataset_capacity(const struct dataset *ds, enum side side, size_t person);

/* A mentor's minimum (capacity mode): the value of mentor_min_field when it
 * holds a whole number from 0 to 1000, else the profile's mentor_min. */
long dataset_mentor_min(const struct dataset *ds, size_t mentor);

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
 *   text, email, id, number, or field out of range: none.
 * *out is set to a malloc'ed array (the caller frees it with free()), or to
 * NULL when there is none.  Returns the number of entries, or (size_t)-1 on
 * out-of-memory (*out is NULL). */
size_t dataset_value_counts(const struct dataset *ds, size_t field, struct value_count **out);

/* Frees everything and zeroes the struct (the tables and profile are not freed). */
void dataset_free(struct dataset *ds);

#endif
