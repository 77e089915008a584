/* profile.h - the matching profile: fields, column mapping, rules, solve settings.
 *
 * A profile is an INI file (read with inih, written by profile_save) that a
 * coordinator keeps and reuses from one cohort to the next.  It holds no
 * personal data.  The format is documented in config/README.md.
 *
 * Ownership: every string and array inside struct profile is owned by it and
 * freed by profile_free.  Use the profile_set_* helpers or strdup'ed strings
 * when changing it.
 */
#ifndef MENTORMATCH_PROFILE_H
#define MENTORMATCH_PROFILE_H

#include <limits.h>
#include <stddef.h>
#include "mentormatch/diag.h"

#define PROFILE_FORMAT 1  /* value of [profile] format that this build writes */

enum side { SIDE_MENTOR = 0, SIDE_MENTEE = 1 };
#define SIDE_COUNT 2

enum field_type {
	FIELD_TEXT,     /* shown and exported, never scored */
	FIELD_EMAIL,    /* a person's identity: trimmed, compared without case */
	FIELD_CATEGORY, /* compared without case or surrounding space */
	FIELD_ORDINAL,  /* a category with an order: scale[0] is lowest */
	FIELD_MULTI,    /* a set of categories joined by separator */
	FIELD_NUMBER    /* an integer */
};

/* One alias of a category or ordinal field: cells spelt like spelling are
 * read as value.  Both strings are owned by the profile. */
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
	/* FIELD_CATEGORY and FIELD_ORDINAL, optional: other spellings of values
	 * (profile key aliases = spelling => value | ...).  A cell whose
	 * comparison key (text_key) equals a spelling's key is read as
	 * its value; for an ordinal field the value is on the scale.  Spellings
	 * differ by key and are not scale values.  NULL and 0 when none. */
	struct field_alias *aliases;
	size_t naliases;
};

enum rule_kind {
	RULE_SAME,      /* the mentor's and the mentee's values are equal (both non-empty) */
	RULE_DIFFERENT, /* both non-empty and not equal */
	RULE_CONTAINS,  /* the mentee's value is one of the mentor's set (or equal) */
	RULE_GAP        /* ordinal: d = mentor index - mentee index, scored by bands */
};

enum rule_effect {
	EFFECT_SCORE,   /* add the weight when the condition holds */
	EFFECT_FORBID   /* the pair is not allowed when the condition holds */
};

/* One band of a RULE_GAP rule: when d == gap, add weight (or forbid). */
struct gap_band {
	long gap;
	long weight;
};

struct rule {
	char *id;            /* section name after "rule.", e.g. "grade_gap" */
	char *label;         /* shown in explanations, e.g. "grade gap" */
	enum rule_kind kind;
	int enabled;         /* 0: the rule is ignored */
	size_t mentor_field; /* index into profile.fields */
	size_t mentee_field; /* index into profile.fields */
	enum rule_effect effect;  /* RULE_SAME, RULE_DIFFERENT, RULE_CONTAINS */
	long weight;              /* with EFFECT_SCORE */
	/* RULE_GAP only: */
	struct gap_band *bands;
	size_t nbands;
	int otherwise_forbid;     /* a gap with no band forbids the pair ... */
	long otherwise_weight;    /* ... or, when otherwise_forbid is 0, adds this */
	int empty_forbid;         /* RULE_GAP: a value missing or not on the scale forbids (default 1) */
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
};

/* The default capacity of a side under the settings (see struct solve_settings). */
long solve_default_capacity(const struct solve_settings *s, enum side side);

/* [signups]: one combined sign-up sheet with a role column, instead of a
 * mentors file and a mentees file (see session_load_signups).  Answers are
 * compared as categories (text_key: without case and surrounding
 * white space); an answer in both lists puts the person on both sides. */
struct signup_settings {
	char *role_column;            /* header of the role column, or NULL (not set) */
	char **answers[SIDE_COUNT];   /* mentor_answers, mentee_answers: nanswers[side]
					 non-empty strings, distinct without case */
	size_t nanswers[SIDE_COUNT];
	int delimiter;                /* of the sheet: ',', ';', '\t' or 0 (auto) */
};

struct profile {
	char *name;                   /* free text shown in the Rules step */
	size_t nfields;
	struct field_def *fields;
	/* columns[side][field]: header text of the spreadsheet column that feeds
	 * the field on that side, or NULL when the field is not mapped. */
	char **columns[SIDE_COUNT];
	/* column_at[side][field]: 1-based position of the column, given with
	 * the header (profile: field = header @N) to tell apart columns whose
	 * headers are the same; 0 when not given.  The array may be NULL (no
	 * positions); see mapping_field_column. */
	long *column_at[SIDE_COUNT];
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
 * profile_load to exactly the same settings, whatever the strings contain
 * (values are quoted and escaped where needed, and lines are kept within
 * inih's INI_MAX_LINE).  Returns 0, or -1 on a write error. */
int profile_write(const struct profile *p, FILE *out);

/* Writes the profile to path atomically (temporary file + rename), mode 0644
 * (a profile holds no personal data).  Returns 0, or -1 with an error in d. */
int profile_save(const struct profile *p, const char *path, struct diag *d);

/* Deep copy.  Returns 0, or -1 on out-of-memory (dst left empty). */
int profile_copy(struct profile *dst, const struct profile *src);

/* Index of the field with that name, or -1. */
int profile_field_index(const struct profile *p, const char *name);

/* Sets columns[side][field] to a copy of header (NULL or "" to unmap) with no
 * position (column_at 0).  Returns 0 or -1 (OOM). */
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

/* Adds (or, when the spelling is already an alias, retargets) the alias
 * spelling => value of field.  Returns 0 or -1 (OOM, bad arguments). */
int profile_set_alias(struct profile *p, size_t field, const char *spelling,
		      const char *value);

/* Removes alias number i of field (later ones move down). */
void profile_remove_alias(struct profile *p, size_t field, size_t i);

/* "mentors" or "mentees". */
const char *profile_side_name(enum side side);

/* Frees everything and zeroes the struct. */
void profile_free(struct profile *p);

#endif
