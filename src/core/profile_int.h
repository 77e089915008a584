/* profile_int.h - shared by the profile's source files (profile.c,
 * profile_keys.c, profile_msg.c, profile_read.c, profile_check.c,
 * profile_write.c); not part of the public interface. */
#ifndef MENTORMATCH_PROFILE_INT_H
#define MENTORMATCH_PROFILE_INT_H

#include <stddef.h>
#include "mentormatch/profile.h"
#include "mentormatch/profile_keys.h"

#define NUM_LIMIT 1000000L   /* |weights|, bonus, min_score: no sum of scores overflows */
#define SHOW_MAX 48          /* bytes of a value quoted in a message */
#define LIST_MAX_NAMES 12    /* names listed in a message */
#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* ---- profile.c: memory ---------------------------------------------------- */

/* strdup that takes NULL (giving NULL). */
char *pi_dupstr(const char *s);

/* Frees n strings and the array (v may be NULL). */
void pi_free_strv(char **v, size_t n);

/* Copies n strings into a new array (*dst; entries NULL stay NULL).
 * Returns 0 or -1 (OOM: *dst partly filled, freed by the caller). */
int pi_copy_strv(char ***dst, char *const *src, size_t n);

/* Frees the parts of a field or a rule (not the struct itself). */
void pi_free_field(struct field_def *f);
void pi_free_rule(struct rule *r);
void pi_free_cond(struct rule_cond *c);

/* ---- profile_msg.c: text for messages -------------------------------------- */

/* A growable string; on out-of-memory it stops growing and sets oom. */
struct sb {
	char *s;
	size_t n, cap;
	int oom;
};
void sb_addn(struct sb *b, const char *s, size_t n);
void sb_add(struct sb *b, const char *s);
void sb_addf(struct sb *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
const char *sb_str(const struct sb *b);

/* A user's string made safe and short for a message: quoted, control bytes
 * and bytes that are not UTF-8 as \xHH, cut after SHOW_MAX bytes. */
struct shown {
	char buf[SHOW_MAX * 4 + 16];
};
const char *pi_show(struct shown *sh, const char *s);

/* Is cand close to word (for "did you mean")?  Updates *best. */
int pi_close_enough(const char *word, const char *cand, size_t *best);

/* "did you mean X? the fields are: a, b, c" for a message about word. */
void pi_describe_fields(struct sb *b, const struct profile *p, const char *word);

/* Whether s is a name: letters, digits and '_' (ASCII), not empty. */
int pi_is_ident(const char *s);

/* Whether the UTF-8 sequence of len bytes at s is valid but does not print
 * (C1 controls, U+2028, U+2029). */
int pi_utf8_nonprinting(const unsigned char *s, size_t len);

/* Strict whole number: optional sign, digits only, within lo..hi.
 * Returns 0, -1 when not a number, -2 when out of range. */
int pi_parse_long(const char *s, long lo, long hi, long *out);

/* Index of s among the NULL-ended words (case ignored), or -1. */
int pi_word_index(const char *s, const char *const *words);

/* The names of the field types and rule kinds. */
const char *pi_type_name(enum field_type t);
const char *pi_kind_name(enum rule_kind k);

/* "ordinal or number" for a mask of FT() bits (or RK() bits with kinds). */
void pi_mask_names(struct sb *b, unsigned mask, int kinds);

/* ---- profile_read.c / profile_check.c: the lines of what was read --------- */

/* Where each key was read (0: not given), so that the checks can name the
 * line; NULL for a profile built in memory. */
struct profile_lines {
	unsigned long *field_sec;    /* nfields: line of each [field.NAME] */
	unsigned long *rule_sec;     /* nrules */
	unsigned long *field_key;    /* nfields * PK_COUNT */
	unsigned long *rule_key;     /* nrules * PK_COUNT */
	unsigned char *field_bad;    /* nfields * PK_COUNT: 1 when the key's value was
					refused (reported already) */
	unsigned char *rule_bad;     /* nrules * PK_COUNT */
	unsigned long other_key[PK_COUNT][SIDE_COUNT];  /* keys of the other sections
							   (columns: [side]) */
	unsigned long other_sec[PSEC_COUNT][SIDE_COUNT];
	unsigned char other_bad[PK_COUNT];   /* 1 when the key's value was refused */
	unsigned long **band;        /* nrules: line of each band */
	unsigned long **numbered[SIDE_COUNT];  /* nfields: line of each FIELD.N */
	unsigned long *column[SIDE_COUNT];     /* nfields: line of FIELD = header */
};

/* Reports a problem found by the checks (printf-like), at line (0: none). */
struct check_out {
	void (*report)(void *ctx, int error, unsigned long line, const char *msg);
	void *ctx;
	size_t nerr;
};

/* The checks of a whole profile (profile_check.c); lines may be NULL. */
void pi_check(const struct profile *p, const struct profile_lines *lines, struct check_out *out);

#endif
