/* profile_keys.h - the profile's keys: one table (profile_keys.def) that the
 * reader, the checker, the writer, the command line and the terminal's
 * editors all use, and the one call that sets a key from its text.
 *
 * A key lives in a section; keys of [field.NAME] and [rule.ID] belong to
 * one field or rule, named by its index (obj); the other sections have one
 * object (obj 0), and [columns.SIDE] is obj SIDE.
 */
#ifndef MENTORMATCH_PROFILE_KEYS_H
#define MENTORMATCH_PROFILE_KEYS_H

#include <stddef.h>
#include "mentormatch/profile.h"

enum profile_section {
	PSEC_PROFILE, PSEC_SOLVE, PSEC_FIELD, PSEC_COLUMNS, PSEC_RULE, PSEC_OUTPUT,
	PSEC_SIGNUPS, PSEC_HISTORY, PSEC_COUNT
};

/* What a key's value is. */
enum key_value {
	KV_INT,       /* a whole number from lo to hi */
	KV_INT_WORD,  /* a whole number from lo to hi, or the key's one word */
	KV_WORD,      /* one of the key's words (case ignored) */
	KV_BOOL,      /* yes or no */
	KV_STRING,    /* text */
	KV_FIELD,     /* the name of a field */
	KV_LIST,      /* items separated by | */
	KV_CUSTOM     /* a syntax of its own (see config/README.md) */
};

/* How a key is kept in its section's struct (KS_NONE: by its own code). */
enum key_store { KS_NONE, KS_INT, KS_LONG, KS_STR, KS_STRV };

/* What a change of the key makes stale, least first (session_set_key). */
enum profile_change {
	PCHANGE_NONE,   /* nothing: a name, the output lists */
	PCHANGE_SOLVE,  /* the result: solve settings */
	PCHANGE_SCORE,  /* the scores and the result: rules, min_score, history */
	PCHANGE_DATA    /* the participants' values too: fields, columns */
};

/* Flags of a key. */
#define KF_REQUIRED   0x01u  /* must be given (for the types/kinds it applies to) */
#define KF_ALWAYS     0x02u  /* always written, also at its default */
#define KF_SCORE_ONLY 0x04u  /* a rule key that applies only with effect = score */
#define KF_PATTERN    0x08u  /* the name is a pattern (band.D, FIELD, FIELD.N) */
#define KF_EMPTY_OK   0x10u  /* an empty value means none */
#define KF_NOT_EMPTY  0x20u  /* an empty value is an error */
#define KF_DISTINCT   0x40u  /* list items must differ (as categories) */

/* Masks of field types and rule kinds for struct profile_key_info.applies. */
#define FT(t) (1u << FIELD_##t)
#define RK(k) (1u << RULE_##k)
#define ALL (~0u)
#define ALL_BUT(k) (~RK(k))

enum profile_key {
#define PKEY(id, ...) PK_##id,
#include "mentormatch/profile_keys.def"
#undef PKEY
	PK_COUNT
};

struct profile_key_info {
	enum profile_section section;
	const char *name;
	enum key_value value;
	enum key_store store;
	size_t offset, count_offset;
	const char *dflt;            /* default as text, or NULL */
	long lo, hi;
	const char *const *words;    /* NULL-ended, or NULL */
	unsigned applies;            /* FT()/RK() mask, or ALL */
	unsigned flags;              /* KF_* */
	enum profile_change change;
	const char *cli;             /* --cli VALUE, or NULL */
	const char *label;
	const char *help;
};

/* The table, PK_COUNT entries in profile_keys.def order. */
extern const struct profile_key_info profile_keys[PK_COUNT];

/* The section's name as written ("solve", "field.NAME", ...). */
const char *profile_section_name(enum profile_section sec);

/* The key of that name in the section, or PK_COUNT.  Pattern keys match
 * their patterns: in PSEC_RULE any "band.<text>" is PK_RULE_BAND; in
 * PSEC_COLUMNS "delimiter" is PK_COLUMNS_DELIMITER, "NAME.<digits>" is
 * PK_COLUMNS_NUMBERED and anything else PK_COLUMNS_FIELD. */
enum profile_key profile_key_find(enum profile_section sec, const char *name);

/* Whether key k applies to object obj of p (a field key to the field's type,
 * a rule key to the rule's kind and effect); 1 for keys of other sections. */
int profile_key_applies(const struct profile *p, enum profile_key k, size_t obj);

/* A key's value after decoding (profile_read.c): bytes s[0..n) (NUL at
 * s[n]) and, when mark is not NULL, for each byte whether it came from an
 * escape (PV_ESC: never trimmed or split) or is an unescaped list separator
 * '|' (PV_SEP).  key is the key as written (for pattern keys). */
enum { PV_LIT = 0, PV_ESC = 1, PV_SEP = 2 };
struct profile_value {
	const char *key;
	const char *s;
	const unsigned char *mark;
	size_t n;
};

/* Sets key k of object obj (see above) of p from its value v: checks the
 * value alone (its syntax, limits, the fields it names) and stores it;
 * checks that need the whole profile are profile_check's.  Returns 0, or -1
 * with a message in err (len bytes) that names the key and says how to
 * write it (the reader adds file and line).  On -1 the old value is kept.
 * Out of memory is reported as such ("out of memory"). */
int profile_key_set(struct profile *p, enum profile_key k, size_t obj,
		    const struct profile_value *v, char *err, size_t len);

/* profile_key_set from plain text without escapes (a '|' separates list
 * items): for the command line and the terminal's editors. */
int profile_key_set_text(struct profile *p, enum profile_key k, size_t obj,
			 const char *text, char *err, size_t len);

/* A value built piece by piece for the editors (freed by
 * profile_value_buf_free): literal text is read as in a profile file
 * (surrounding space trimmed; "=>" splits an alias or a table pair), whole
 * text is one answer kept as it is (it may hold '|' or "=>"), and a
 * separator ends a list item.  oom is set when an append failed. */
struct profile_value_buf {
	char *s;
	unsigned char *mark;
	size_t n, cap;
	int oom;
};
void profile_value_buf_text(struct profile_value_buf *b, const char *s, int whole);
void profile_value_buf_sep(struct profile_value_buf *b);
void profile_value_buf_free(struct profile_value_buf *b);
/* b as a profile_value of the key named key (a pattern key's own name, as
 * "band.1..3"; NULL: the table's name).  Valid while b is unchanged. */
struct profile_value profile_value_buf_value(const struct profile_value_buf *b, const char *key,
					     enum profile_key k);

/* The value of a key that has one line of plain text (KV_INT, KV_INT_WORD,
 * KV_WORD, KV_BOOL, KV_STRING, KV_FIELD and the [columns] delimiter, the
 * rule's otherwise, the history effect) into buf, as profile_key_set_text
 * reads it back.  Returns 0, or -1 for other keys (buf "").  */
int profile_key_get_text(const struct profile *p, enum profile_key k, size_t obj,
			 char *buf, size_t len);

/* Sets every key of the section that has a default to it, for object obj
 * (a new profile, field or rule starts this way).  Returns 0 or -1 (OOM). */
int profile_key_defaults(struct profile *p, enum profile_section sec, size_t obj);

/* The words a KV_WORD key takes, joined as "a, b or c", into buf. */
void profile_key_words(enum profile_key k, char *buf, size_t len);

#endif
