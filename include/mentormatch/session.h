/* session.h - one coordinator's job: the profile, the two files, the match.
 *
 * The terminal interface and batch mode both drive the core through this
 * module, so that they do exactly the same thing.  Steps must be called in
 * order; each later step is invalidated when an earlier one changes
 * (session_load_file drops the dataset and the result, and so on).
 */
#ifndef MENTORMATCH_SESSION_H
#define MENTORMATCH_SESSION_H

#include "mentormatch/profile.h"
#include "mentormatch/table.h"
#include "mentormatch/dataset.h"
#include "mentormatch/score.h"
#include "mentormatch/match.h"
#include "mentormatch/diag.h"

/* A row of the combined sign-up sheet that is on neither side. */
struct signup_unused {
	unsigned long line;       /* physical line in the sheet */
	char *answer;             /* its role answer as written (owned; "" when blank) */
};

/* Bits of session_signup_role. */
#define SIGNUP_MENTOR 1
#define SIGNUP_MENTEE 2

struct session {
	struct profile prof;
	int have_profile;
	struct table tab[SIDE_COUNT];
	int have_table[SIDE_COUNT];
	struct dataset ds;
	int have_dataset;
	struct edges edges;
	struct match_result res;
	int have_result;
	/* Batch mode: the profile's column mapping is used as it is, with no
	 * suggestions; a mapped header that a file lacks is an error. */
	int strict_columns;
	/* One combined sign-up sheet (session_load_signups): when have_sheet,
	 * tab[] (when loaded) are derived from it by the profile's [signups]. */
	struct table sheet;
	int have_sheet;
	size_t signup_both;            /* rows of the sheet on both sides */
	struct signup_unused *unused;  /* rows on neither side, in file order */
	size_t nunused;
};

/* Zeroes the session. */
void session_init(struct session *s);

/* Loads a profile, replacing the current one (kept on failure).  With a
 * combined sign-up sheet loaded, its two tables are derived again by the
 * new profile's [signups] (dropped when it names no role column; problems
 * reported in d, the profile still loaded).
 * Returns 0 or -1 with messages in d. */
int session_load_profile(struct session *s, const char *path, struct diag *d);

/* Loads the mentors or mentees file (delimiter from the profile), replacing
 * the current one (kept on failure; a combined sheet and both its tables are
 * dropped on success), then (unless strict_columns) fills in
 * column suggestions for fields the profile does not map, or maps to a
 * header the file lacks (each such change is reported as a warning).  Returns 0 or -1 with messages in d. */
int session_load_file(struct session *s, enum side side, const char *path, struct diag *d);

/* Loads one combined sign-up sheet (delimiter from the profile's [signups]),
 * replacing the current sheet or files (kept when the sheet cannot be read).
 * When the profile names a role column, then derives the two tables
 * (session_split_signups); otherwise no table is loaded yet (choose the
 * role column, then call session_split_signups).  Needs a profile.
 * Returns 0 or -1 with messages in d. */
int session_load_signups(struct session *s, const char *path, struct diag *d);

/* Derives tab[SIDE_MENTOR] and tab[SIDE_MENTEE] from the loaded sheet by the
 * profile's [signups] (call again after changing it): each is a deep copy of
 * the rows whose role answer is in that side's answers (table_subset: the
 * rows keep their physical line numbers); a row in both lists is on both
 * sides (the same email on both sides is never matched with itself).  Rows
 * whose answer is in neither list (or blank) are left out, each reported as
 * a warning with file, line and answer, and kept in s->unused.  Then column
 * suggestions as session_load_file.  Errors: no sheet, no role column in the
 * profile or in the sheet, an empty answer list (the tables are then
 * dropped).  Returns 0 or -1 with messages in d. */
int session_split_signups(struct session *s, struct diag *d);

/* SIGNUP_MENTOR and/or SIGNUP_MENTEE for a role answer by the profile's
 * [signups] (compared as categories: without case and surrounding white
 * space), or 0 (also for a blank answer). */
unsigned session_signup_role(const struct profile *p, const char *answer);

/* Builds the dataset from the mapping and scores all pairs.
 * Returns 0 or -1 with messages in d. */
int session_prepare(struct session *s, struct diag *d);

/* Runs the match (session_prepare first when needed).  Returns 0 or -1. */
int session_match(struct session *s, struct diag *d);

/* Same, with a control for a long solve (match_control; may be NULL).  The
 * new result replaces the old one only on success: when the solve fails or
 * is cancelled (returns -2) the previous result, if any, stays as it was. */
int session_match_ctl(struct session *s, struct diag *d, const struct match_control *ctl);

/* Writes the result files into dir.  Returns 0 or -1 with messages in d. */
int session_save(struct session *s, const char *dir, int overwrite, struct diag *d);

/* Drops the dataset and result (call after changing the profile). */
void session_invalidate(struct session *s);

/* Frees everything. */
void session_free(struct session *s);

#endif
