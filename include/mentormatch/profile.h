/* profile.h - the matching profile: fields, column mapping, rules, solve settings.
 *
 * A profile is an INI file (read with inih, written by profile_write) that a
 * coordinator keeps and reuses from one cohort to the next.  It holds no
 * personal data.  The format is documented in config/README.md; every key,
 * its default, its limits and its help text are in one table,
 * profile_keys.def (see profile_keys.h), which the reader, the checker, the
 * writer, the command line and the terminal's editors all use.
 *
 * The code is split by job: profile.c (this model: free, copy, compare,
 * setters), profile_keys.c (the key table and setting a key from text),
 * profile_read.c (reading), profile_check.c (checking a whole profile),
 * profile_write.c (writing and saving).
 *
 * Ownership: every string and array inside struct profile is owned by it and
 * freed by profile_free.  Use the profile_set_* helpers (or strdup'ed
 * strings) when changing it.
 */
#ifndef MENTORMATCH_PROFILE_H
#define MENTORMATCH_PROFILE_H

#include <limits.h>
#include <stddef.h>
#include <stdio.h>
#include "mentormatch/diag.h"

#define PROFILE_FORMAT 1  /* value of [profile] format that this build writes */

enum side { SIDE_MENTOR = 0, SIDE_MENTEE = 1 };
#define SIDE_COUNT 2

enum field_type {
	FIELD_TEXT,     /* shown and exported, never scored */
	FIELD_EMAIL,    /* an e-mail address: trimmed, compared without case; the
			   identity of a person unless an id field is given */
	FIELD_CATEGORY, /* compared without case or surrounding space */
	FIELD_ORDINAL,  /* a category with an order: scale[0] is lowest */
	FIELD_MULTI,    /* a set of categories joined by separator, or fed by
			   several columns (numbered column mapping) */
	FIELD_NUMBER,   /* a decimal number (text.h: units of 1/NUMBER_SCALE) */
	FIELD_ID,       /* a person's identity that is not an e-mail address
			   (employee number, response id): compared like a category */
	FIELD_TYPE_COUNT
};

/* One alias of a category, ordinal or number field: cells spelt like
 * spelling are read as value.  Both strings are owned by the profile. */
struct field_alias {
	char *spelling;
	char *value;
};

struct field_def {
	char *name;        /* identifier used in the profile, e.g. "grade" */
	char *label;       /* human name used in screens and output headers, e.g. "grade" */
	enum field_type type;
	char **scale;      /* FIELD_ORDINAL: nscale values, lowest first */
	size_t nscale;
	char *separator;   /* FIELD_MULTI: e.g. ", " (never empty) */
	/* FIELD_MULTI, optional: the known options of the question (noptions,
	 * distinct without case; NULL and 0 when not given).  With them a cell
	 * is read as known options matched whole at separator boundaries, so an
	 * option may contain the separator (see dataset.h). */
	char **options;
	size_t noptions;
	/* FIELD_CATEGORY, FIELD_ORDINAL and FIELD_NUMBER, optional: other
	 * spellings of values (profile key aliases = spelling => value | ...).
	 * A cell whose comparison key (text_key) equals a spelling's key is read
	 * as its value; for an ordinal field the value is on the scale, for a
	 * number field it is a number.  Spellings differ by key and are not
	 * scale values.  NULL and 0 when none. */
	struct field_alias *aliases;
	size_t naliases;
	/* FIELD_CATEGORY and FIELD_MULTI, optional: answers that mean "anyone"
	 * ("No preference", "Flexible"): a person whose value is one of them
	 * satisfies same, contains, overlap and table conditions with anyone
	 * who has a value (as one shared value), never with a missing value,
	 * and never satisfies different.  Distinct without case; NULL and 0 when
	 * none. */
	char **wildcards;
	size_t nwildcards;
	unsigned long wildcards_line; /* the profile line of wildcard (for
					 messages), 0 when not read from a file */
};

enum rule_kind {
	RULE_SAME,       /* the mentor's and the mentee's values are equal (both non-empty) */
	RULE_DIFFERENT,  /* both non-empty and not equal */
	RULE_CONTAINS,   /* the mentee's value is one of the mentor's set (or equal) */
	RULE_GAP,        /* ordinal or number: d = mentor's - mentee's, scored by bands */
	RULE_OVERLAP,    /* the two sets share at least at_least values */
	RULE_TABLE,      /* one of the listed (mentee value, mentor value) pairs is present */
	RULE_PREFERENCE, /* the mentee named the mentor (mentee_field) and/or the
			    mentor named the mentee (mentor_field), by identity or
			    full name; points by the rank of the choice */
	RULE_KIND_COUNT
};

enum rule_effect {
	EFFECT_SCORE,   /* add the weight when the condition holds */
	EFFECT_FORBID,  /* the pair is not allowed when the condition holds */
	EFFECT_REQUIRE  /* the pair is not allowed unless the condition holds */
};

/* How an overlap rule scores the shared values. */
enum rule_measure {
	MEASURE_ANY,    /* weight once */
	MEASURE_COUNT,  /* weight x |shared| */
	MEASURE_SHARE   /* weight x |shared| / |union|, rounded half away from zero */
};

/* One band of a RULE_GAP rule: when lo <= d <= hi, add weight.  Ends are
 * numbers in units of 1/NUMBER_SCALE (text.h); GAP_OPEN_LO / GAP_OPEN_HI
 * for an open end.  A band written band.D has lo == hi == D. */
struct gap_band {
	long long lo, hi;
	long weight;
};
#define GAP_OPEN_LO LLONG_MIN
#define GAP_OPEN_HI LLONG_MAX

/* One item of a RULE_TABLE rule: a mentee value and a mentor value that
 * fit (compared like categories).  Owned. */
struct value_pair {
	char *mentee;
	char *mentor;
};

/* A condition on a rule (when = / unless = ): the rule applies only when
 * the person's value of field is one of values (for a multi field: the set
 * contains one of them); compared like categories; a blank value is never
 * one of them.  given 0: no condition. */
struct rule_cond {
	int given;
	enum side side;
	size_t field;
	char **values;
	size_t nvalues;
	unsigned long line;  /* the profile line of the key (for messages), 0 when
				not read from a file or set since */
};

/* A preference rule's side without a field. */
#define RULE_NO_FIELD ((size_t)-1)

struct rule {
	char *id;            /* section name after "rule.", e.g. "grade_gap" */
	char *label;         /* shown in explanations, e.g. "grade gap" */
	enum rule_kind kind;
	int enabled;         /* 0: the rule is ignored */
	/* indices into profile.fields; RULE_PREFERENCE: RULE_NO_FIELD for a
	 * side that names nobody (at least one side has a field) */
	size_t mentor_field;
	size_t mentee_field;
	enum rule_effect effect;  /* every kind but RULE_GAP */
	long weight;              /* EFFECT_SCORE (not RULE_GAP, RULE_PREFERENCE) */
	enum rule_measure measure;  /* RULE_OVERLAP */
	long at_least;              /* RULE_OVERLAP: shared values needed (>= 1) */
	/* RULE_GAP only: */
	struct gap_band *bands;   /* nbands, not overlapping, in the order given */
	size_t nbands;
	int otherwise_forbid;     /* a gap with no band forbids the pair ... */
	long otherwise_weight;    /* ... or, when otherwise_forbid is 0, adds this */
	int empty_forbid;         /* a value missing or not on the scale forbids (1) */
	/* RULE_TABLE: */
	struct value_pair *pairs;
	size_t npairs;
	unsigned long pairs_line; /* the profile line of pairs (for messages), 0
				     when not read from a file */
	/* RULE_PREFERENCE with EFFECT_SCORE: points for the 1st, 2nd, ... choice */
	long *weights;
	size_t nweights;
	struct rule_cond when;    /* applies only when this holds */
	struct rule_cond unless;  /* applies only when this does not hold */
};

enum solve_mode {
	MODE_ROUNDS,    /* rounds of one-to-one assignment, as the original programme */
	MODE_CAPACITY   /* one exact solve over all pairs, with capacities */
};

enum solve_objective {
	OBJECTIVE_QUALITY,  /* the largest total score */
	OBJECTIVE_COVERAGE  /* the most mentees with a mentor, then the largest total */
};

#define CAPACITY_UNSET (-1)   /* default capacity not given in the profile */
#define MIN_SCORE_NONE LONG_MIN

struct solve_settings {
	enum solve_mode mode;
	int rounds;            /* 1..9: rounds of one-to-one assignment */
	long unmatched_bonus;  /* added to an allowed pair when mentor or mentee has no match yet */
	enum solve_objective objective;  /* capacity mode */
	long min_score;        /* a pair whose rule score is below this is not allowed;
				* MIN_SCORE_NONE for no limit */
	/* Default capacity of each side (matches a person may have), 0..1000,
	 * or CAPACITY_UNSET: then one match per round in rounds mode and 1 in
	 * capacity mode. */
	long capacity[SIDE_COUNT];
	/* Field (a number) giving each person's own capacity, or -1. */
	long capacity_field[SIDE_COUNT];
	/* Capacity mode: every mentor with an allowed partner gets at least
	 * this many mentees where feasible (0: no minimum), or the value of
	 * mentor_min_field (a number field, -1 for none) when given. */
	long mentor_min;
	long mentor_min_field;
};

/* The default capacity of a side under the settings (see struct solve_settings). */
long solve_default_capacity(const struct solve_settings *s, enum side side);

/* [signups]: one combined sign-up sheet with a role column, instead of a
 * mentors file and a mentees file (see session_load_signups).  Answers are
 * compared as categories (text_key: without case and surrounding white
 * space); an answer in both lists puts the person on both sides. */
struct signup_settings {
	char *role_column;            /* header of the role column, or NULL (not set) */
	char **answers[SIDE_COUNT];   /* mentor_answers, mentee_answers: nanswers[side]
					 non-empty strings, distinct without case */
	size_t nanswers[SIDE_COUNT];
	int delimiter;                /* of the sheet: ',', ';', '\t' or 0 (auto) */
};

/* [history]: what a pair from an earlier cohort's results (--history files)
 * gets: forbidden (weight unused) or weight points (negative: a penalty);
 * column[side] names the history files' column of each side's identity
 * (NULL: the identity columns of mentormatch's own pairs.csv). */
struct history_settings {
	int forbid;
	long weight;
	char *column[SIDE_COUNT];
};

/* Several columns feeding one multi field ([columns.SIDE] FIELD.1 = header,
 * FIELD.2 = ...): header[k] and at[k] (1-based position, 0 for none) of
 * the k-th column, n of them.  All owned. */
struct column_list {
	char **header;
	long *at;
	size_t n;
};

struct profile {
	char *name;                   /* free text shown in the Rules step */
	size_t nfields;
	struct field_def *fields;
	/* columns[side][field]: header text of the spreadsheet column that feeds
	 * the field on that side, or NULL when the field is not mapped (or is
	 * mapped to several columns, below). */
	char **columns[SIDE_COUNT];
	/* column_at[side][field]: 1-based position of the column, given with
	 * the header (profile: field = header @N) to tell apart columns whose
	 * headers are the same; 0 when not given.  The array may be NULL (no
	 * positions); see mapping_field_column. */
	long *column_at[SIDE_COUNT];
	/* numbered[side][field]: the columns of a multi field fed by several
	 * columns (n == 0 when not); the array may be NULL (none on that side). */
	struct column_list *numbered[SIDE_COUNT];
	int delimiter[SIDE_COUNT];    /* ',', ';', '\t' or 0 (auto) */
	size_t nrules;
	struct rule *rules;
	struct solve_settings solve;
	/* Fields written to the mail-merge lists, in order (indices into fields). */
	size_t *output_fields;
	size_t noutput;
	/* [output] group_by: the field by which the summary counts people and
	 * pairs (summary_build in explain.h), as an index into fields, or -1 for
	 * no grouping.  When the profile does not give it: the field named
	 * "organisation" if there is one, else -1; "group_by =" (empty) asks
	 * for no grouping. */
	long group_by;
	char *path;                   /* file it was loaded from or saved to, or NULL */
	struct signup_settings signups;  /* [signups]; all empty when not given */
	struct history_settings history; /* [history]; defaults when not given */
};

/* Loads a profile from an INI file.  Returns 0 on success, -1 on any error;
 * every error is added to d as "path:line: what is wrong" with a hint for the
 * fix.  Unknown sections or keys, non-numbers, duplicate keys, rules that name
 * unknown fields and values the program cannot represent are errors.
 * On failure p is left empty (safe to profile_free). */
int profile_load(struct profile *p, const char *path, struct diag *d);

/* Same, from a NUL-terminated string; name is used in messages. */
int profile_load_string(struct profile *p, const char *name, const char *text,
			struct diag *d);

/* Writes the profile as INI text to out.  The text loads back with
 * profile_load to exactly the same settings (profile_equal), whatever the
 * strings contain (values are quoted and escaped where needed, and lines are
 * kept within inih's INI_MAX_LINE).  Returns 0, or -1 on a write error. */
int profile_write(const struct profile *p, FILE *out);

/* Writes the profile to path atomically (temporary file + rename), mode 0644
 * (a profile holds no personal data).  Returns 0, or -1 with an error in d. */
int profile_save(const struct profile *p, const char *path, struct diag *d);

/* Checks a profile as a whole (the checks the reader makes after reading
 * every key: field types that fit each rule, required keys, the identity
 * field, overlapping bands, ...), reporting each problem to d as an error
 * (file: p->path or "(profile)", line 0).  For a profile built or edited in
 * memory.  Returns the number of errors (0: the profile is usable). */
size_t profile_check(const struct profile *p, struct diag *d);

/* Deep copy.  Returns 0, or -1 on out-of-memory (dst left empty). */
int profile_copy(struct profile *dst, const struct profile *src);

/* 1 when a and b hold the same settings (every field, mapping, rule, solve
 * setting, [signups], [history] and [output]; the path is not compared), 0
 * when not; then, when why is not NULL, a short description of the first
 * difference is written there (len bytes, NUL-terminated). */
int profile_equal(const struct profile *a, const struct profile *b, char *why, size_t len);

/* Index of the field with that name, or -1. */
int profile_field_index(const struct profile *p, const char *name);

/* The identity field: the FIELD_ID field if there is one, else the
 * FIELD_EMAIL field; -1 when neither. */
int profile_identity_field(const struct profile *p);

/* The header of a side's identity column in pairs.csv and pins.csv:
 * "mentor email" / "mentee email", or with an id field "mentor id" /
 * "mentee id" (static strings). */
const char *profile_identity_column(const struct profile *p, enum side side);

/* The FIELD_EMAIL field, or -1. */
int profile_email_field(const struct profile *p);

/* 1 when rule r reads field f of side (its field on that side, or its
 * condition's field), else 0. */
int rule_reads(const struct rule *r, enum side side, size_t f);

/* 1 when an enabled rule reads field f of side (rule_reads), else 0. */
int profile_field_used(const struct profile *p, enum side side, size_t f);

/* Sets columns[side][field] to a copy of header (NULL or "" to unmap) with no
 * position (column_at 0), dropping any numbered columns of the field.
 * Returns 0 or -1 (OOM). */
int profile_set_column(struct profile *p, enum side side, size_t field, const char *header);

/* Replaces the answers of a side with copies of the n strings in answers
 * (empty strings and repeats, compared as categories, are left out).
 * Returns 0, or -1 on out-of-memory (the old answers are kept). */
int profile_set_signup_answers(struct profile *p, enum side side,
			       const char *const *answers, size_t n);

/* Sets columns[side][field] to a copy of header and column_at to at
 * (1-based position, or 0 for none).  With at > 0 the header may be ""
 * (a column with an empty header).  header NULL unmaps the field.
 * Returns 0 or -1 (OOM, bad arguments). */
int profile_set_column_at(struct profile *p, enum side side, size_t field,
			  const char *header, long at);

/* The position given with the column of field on side (1-based), or 0. */
long profile_column_at(const struct profile *p, enum side side, size_t field);

/* Appends a column to the numbered columns of field on side (FIELD.N =
 * header [@at]), unmapping its single column.  Returns 0 or -1 (OOM, bad
 * arguments). */
int profile_add_numbered_column(struct profile *p, enum side side, size_t field,
				const char *header, long at);

/* The numbered columns of field on side (NULL when there are none). */
const struct column_list *profile_numbered(const struct profile *p, enum side side,
					   size_t field);

/* Whether field is mapped on side (one column or numbered columns). */
int profile_field_mapped(const struct profile *p, enum side side, size_t field);

/* Adds (or, when the spelling is already an alias, retargets) the alias
 * spelling => value of field.  Returns 0 or -1 (OOM, bad arguments). */
int profile_set_alias(struct profile *p, size_t field, const char *spelling,
		      const char *value);

/* Removes alias number i of field (later ones move down). */
void profile_remove_alias(struct profile *p, size_t field, size_t i);

/* ---- editing the structure (profile_edit.c) ----------------------------------
 * These keep every index that points at fields and rules right.  A setting
 * changes through profile_key_set (profile_keys.h); session.h wraps both with
 * undo and with what a change makes stale. */

/* A new, empty profile (no fields, no rules, every setting at its default)
 * named name (may be NULL).  Returns 0 or -1 (OOM). */
int profile_new(struct profile *p, const char *name);

/* Adds a field called name (letters, digits, '_'; not taken) of type, with
 * its label = name, unmapped on both sides, at the end of the fields and of
 * the output list.  Returns its index, or -1 with a message in err. */
long profile_add_field(struct profile *p, const char *name, enum field_type type, char *err,
		       size_t len);

/* What uses field f ("rule same profession, the output lists, ..."), into
 * buf; returns how many uses. */
size_t profile_field_uses(const struct profile *p, size_t f, char *buf, size_t len);

/* Removes field f with its mapping and its place in the output list; the
 * summary's groups, capacity and minimum fields that named it become none.
 * Refused (-1, a message in err) while a rule reads it. */
int profile_remove_field(struct profile *p, size_t f, char *err, size_t len);

/* Renames field f (a name as for profile_add_field); a label that was the
 * old name becomes the new one.  Returns 0 or -1 (err). */
int profile_rename_field(struct profile *p, size_t f, const char *name, char *err, size_t len);

/* Adds a rule of kind reading mentor_field and mentee_field (indices, or
 * RULE_NO_FIELD) at the end, every key at its default, its label = its id;
 * id NULL makes a free one (rule_1, ...).  The rule may still need keys
 * (weight, bands, pairs, weights: profile_check says which).  Returns its
 * index, or -1 with a message in err. */
long profile_add_rule(struct profile *p, const char *id, enum rule_kind kind,
		      size_t mentor_field, size_t mentee_field, char *err, size_t len);

/* Removes rule r.  Returns 0, or -1 when there is no such rule. */
int profile_remove_rule(struct profile *p, size_t r);

/* Moves rule from to place to (the others keep their order).  Returns 0 or -1. */
int profile_move_rule(struct profile *p, size_t from, size_t to);

/* Renames rule r (its id); a label that was the old id becomes the new one.
 * Returns 0 or -1 (err). */
int profile_rename_rule(struct profile *p, size_t r, const char *id, char *err, size_t len);

/* The field types a rule of kind k can read, as a mask of 1u << type
 * (profile_check refuses the others). */
unsigned rule_kind_types(enum rule_kind k);

/* Removes band b of gap rule r, pair i of table rule r, or the when
 * (unless 0) or unless (1) condition of rule r.  Return 0, or -1 when there
 * is no such thing. */
int profile_remove_band(struct profile *p, size_t r, size_t b);
int profile_remove_pair(struct profile *p, size_t r, size_t i);
int profile_clear_condition(struct profile *p, size_t r, int unless);

/* Sets the field rule r reads on one side (an index, or RULE_NO_FIELD for a
 * preference rule's side that names nobody); the kind's fit is
 * profile_check's.  Returns 0 or -1 (no such rule or field). */
int profile_set_rule_side_field(struct profile *p, size_t r, enum side side, size_t f);

/* A field type's or a rule kind's name as the profile writes it ("multi",
 * "gap"), from the key table; "?" out of range. */
const char *field_type_name(enum field_type t);
const char *rule_kind_name(enum rule_kind k);

/* "mentors" or "mentees". */
const char *profile_side_name(enum side side);

/* The key suffix of a band: "1" (lo == hi), "-3..3", "1.." or "..-1" into
 * buf (room for 72 bytes). */
void profile_band_text(const struct gap_band *b, char *buf, size_t len);

/* Frees everything and zeroes the struct. */
void profile_free(struct profile *p);

#endif
