/* report.h - the import report: for each file, what was read, what was left
 * out and why, and which values the rules cannot use.
 *
 * Built from a session (its tables, profile and, once prepared, its
 * dataset), so that the terminal interface can show it on a screen and batch
 * mode can print it before the match summary.  It gathers in one place what
 * the diagnostics report line by line:
 *   - rows loaded; rows not loaded (more fields than the header, a quoted
 *     value that never closes) and rows with fewer fields (loaded, padded),
 *     with their line numbers (struct table.issues);
 *   - mapped columns that the file lacks (and an email field not mapped);
 *   - duplicate sign-ups (the same email, without case, twice in one file):
 *     the last one is used and the earlier ones are left out (dataset.h);
 *   - people without an email;
 *   - people whose capacity is 0 (they take part in no match);
 *   - people on both sides (the same email in both files; never matched
 *     with themselves);
 *   - with one combined sign-up sheet (session_load_signups): its rows and
 *     how many are on each side, and the rows not used (a role answer that
 *     is in neither answer list, or blank), grouped by answer;
 *   - values the profile's rules and wildcards name that nobody answered
 *     (dataset_unanswered), with the profile's line;
 *   - for each field that an enabled rule reads on a side: the people whose
 *     value is empty, values that cannot be used (not on an ordinal scale,
 *     not a whole number) with their counts, and multi-select cells with
 *     text that is none of the known options.
 * Every list of lines holds all the lines; report_print shows the first few.
 */
#ifndef MENTORMATCH_REPORT_H
#define MENTORMATCH_REPORT_H

#include <stddef.h>
#include <stdio.h>
#include "mentormatch/session.h"

/* Physical line numbers in a file (the header is line 1), increasing. */
struct report_lines {
	unsigned long *line;      /* n lines, owned; NULL when n is 0 */
	size_t n;
};

/* One distinct value that cannot be used (values compared as categories:
 * without case and surrounding white space). */
struct report_value {
	char *text;               /* the first cell's spelling, trimmed; owned */
	struct report_lines lines;/* the people who have it */
};

/* A field that an enabled rule reads on this side. */
struct report_field {
	size_t field;             /* index into profile.fields */
	int unmapped;             /* no column feeds it on this side: every
				     value is empty and the rules never hold */
	struct report_lines empty;/* people whose value is empty (a multi-select:
				     no value and no other text) */
	/* Values that count as missing though the cell is not empty: for an
	 * ordinal field, not on the scale; for a number field, not a whole
	 * number.  The most frequent first, ties by first line. */
	struct report_value *bad;
	size_t nbad;
	struct report_lines other;/* multi-select: people with other text (none
				     of the field's known options) */
};

/* A person who signed up more than once in one file. */
struct report_dup {
	char *email;              /* the email of the sign-up used; owned */
	unsigned long kept_line;  /* the sign-up used: the last one */
	struct report_lines dropped; /* the earlier sign-ups, left out */
};

/* A mapped column that the file lacks. */
struct report_missing {
	size_t field;             /* index into profile.fields */
	char *header;             /* the header the profile names (owned), or NULL:
				     the email field is not mapped at all */
};

struct report_file {
	char *path;               /* owned; NULL when the file is not loaded */
	size_t rows;              /* data rows loaded */
	size_t people;            /* participants: rows less duplicates (0
				     without a dataset) */
	struct report_lines too_many;  /* not loaded: more fields than the header */
	struct report_lines unclosed;  /* not loaded: a quoted value never closes */
	struct report_lines too_few;   /* loaded, padded with empty cells */
	struct report_missing *missing;
	size_t nmissing;
	struct report_lines no_email;  /* people without an email address */
	struct report_lines no_capacity; /* people whose capacity is 0
					    (dataset_capacity): in no match */
	struct report_dup *dups;  /* in the order of their first sign-up */
	size_t ndups;
	struct report_field *fields; /* fields read by enabled rules, in profile order */
	size_t nfields;
};

/* A person in both files. */
struct report_both {
	char *name;               /* display name from the mentors' file; owned */
	char *email[SIDE_COUNT];  /* as written in each file, trimmed; owned */
	unsigned long line[SIDE_COUNT];
	size_t person[SIDE_COUNT];/* participant index on each side */
};

/* A value the profile names that nobody answered (dataset_unanswered). */
struct report_unanswered {
	char *what;               /* "rule situations, pairs" or "field
				     interests, wildcard"; owned */
	char *value;              /* as the profile writes it; owned */
	size_t field;             /* index into profile.fields */
	unsigned long line;       /* in the profile, 0 when unknown */
};

struct import_report {
	int have_profile;         /* 0: no profile, only row counts are known */
	int have_dataset;         /* 0: the participants could not be read (a
				     missing column): the per-person parts
				     (people, emails, duplicates, fields, both
				     sides) are empty */
	struct report_file file[SIDE_COUNT];
	struct report_both *both; /* in mentors' file order */
	size_t nboth;
	/* One combined sign-up sheet, or NULL and zeros with two files. */
	char *sheet;              /* its path; owned */
	size_t sheet_rows;        /* rows loaded from it */
	size_t sheet_both;        /* rows on both sides */
	/* Rows on neither side, grouped by answer (compared as categories; ""
	 * for a blank answer), in the order of their first line. */
	struct report_value *unused;
	size_t nunused;
	/* Values of the profile's rules (when, unless, table pairs) and
	 * wildcards that nobody answered, in profile order. */
	struct report_unanswered *unanswered;
	size_t nunanswered;
	/* The profile's field names and labels are borrowed from the session:
	 * report_print needs the session's profile unchanged. */
	const struct profile *prof;
};

/* Builds the report of s.  Per-person parts need s->have_dataset (call
 * session_prepare first); without it the report holds what the tables and
 * the profile tell (rows, skipped rows, missing columns).  Returns 0, or -1
 * on out-of-memory (r is then empty, safe to report_free). */
int report_build(const struct session *s, struct import_report *r);

/* Reasons why a match of this input cannot be trusted (bits of the result
 * of report_untrustworthy). */
#define REPORT_NOT_LOADED     1  /* a file or the profile is missing, or the
				    participants were not read (no
				    session_prepare before report_build) */
#define REPORT_ROWS_SKIPPED   2  /* a row was not loaded (too many fields,
				    a quoted value that never closes) */
#define REPORT_COLUMN_MISSING 4  /* a mapped column, or the email mapping, is
				    missing, so nobody can be read */
#define REPORT_NO_EMAIL       8  /* someone has no email address: they cannot
				    be told apart, de-duplicated or kept from
				    being matched with themselves */

/* The policy of batch mode: 0 when the input can be matched as it is, else
 * the REPORT_* reasons.  Duplicate sign-ups (resolved: the last is used),
 * people on both sides (never matched with themselves), rows with too few
 * fields (padded), empty values, values off the scale and other text are
 * reported but do not make the input untrustworthy. */
int report_untrustworthy(const struct import_report *r);

/* Prints the report as plain text, at most 80 columns wide (a longer word,
 * such as a long path, is broken), line numbers listed compactly ("lines 4,
 * 9, 12 and 5 more").  When report_untrustworthy holds, the last line says
 * why the match cannot be trusted. */
void report_print(const struct import_report *r, FILE *out);

/* Writes "line 4", "lines 4 and 9", "lines 4, 9 and 12", "lines 4, 9, 12 and
 * 15" or "lines 4, 9, 12 and 5 more" into buf (NUL-terminated, truncated to
 * len); "" when l is empty. */
void report_format_lines(const struct report_lines *l, char *buf, size_t len);

/* Frees everything and zeroes the struct. */
void report_free(struct import_report *r);

#endif
