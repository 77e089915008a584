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
};

/* Zeroes the session. */
void session_init(struct session *s);

/* Loads a profile, replacing the current one (kept on failure).
 * Returns 0 or -1 with messages in d. */
int session_load_profile(struct session *s, const char *path, struct diag *d);

/* Loads the mentors or mentees file (delimiter from the profile), replacing
 * the current one (kept on failure), then (unless strict_columns) fills in
 * column suggestions for fields the profile does not map, or maps to a
 * header the file lacks (each such change is reported as a warning).  Returns 0 or -1 with messages in d. */
int session_load_file(struct session *s, enum side side, const char *path, struct diag *d);

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
