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
#include "mentormatch/profile_keys.h"
#include "mentormatch/table.h"
#include "mentormatch/dataset.h"
#include "mentormatch/score.h"
#include "mentormatch/match.h"
#include "mentormatch/pins.h"
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
	/* Pins and bans, by email; kept across loads (resolved again at each
	 * match) until session_free or session_load_pins. */
	struct pin_set pins;
	int pins_unsaved;  /* a pin or ban changed since they were loaded or written */
	char *pins_path;   /* the file the pins were last loaded from or saved to (owned), or NULL */
	/* The result before the current one, for what-if: a result moves here
	 * when a new match replaces it or session_invalidate drops it (a rule
	 * or weight change), and stays until the next successful match
	 * replaces it.  Dropped when the people change (a file, sheet or
	 * profile loaded, or a match whose participants are not the same
	 * rows of the same tables).  Same numbering as res. */
	struct match_result prev;
	int have_prev;
	size_t *prev_row[SIDE_COUNT];  /* private: table row of each of prev's people */
	/* History files (session_load_history): the results of earlier
	 * cohorts, whose pairs the profile's [history] forbids or scores. */
	struct table *hist;
	size_t nhist;
	/* private: the dataset is built (have_dataset: and scored); the
	 * history is resolved into it */
	int ds_valid;
	int hist_resolved;
	/* The profile before each of the last changes (session_edit_begin),
	 * oldest first, for session_undo; and as last loaded or saved. */
	struct profile *undo;
	size_t nundo;
	struct profile saved;
	int have_saved;
};

#define SESSION_UNDO_MAX 20   /* changes session_undo can take back */

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

/* Loads the mentors file and the mentees file (path[SIDE_MENTOR],
 * path[SIDE_MENTEE]) as two calls of session_load_file would, reading the
 * two at the same time in two threads.  Messages come in side order (the
 * mentors file's first).  When either cannot be read, neither replaces the
 * current tables (both files' errors are reported).  Returns 0 or -1 with
 * messages in d. */
int session_load_files(struct session *s, const char *const path[SIDE_COUNT], struct diag *d);

/* Loads one combined sign-up sheet (delimiter from the profile's [signups]),
 * replacing the current sheet or files (kept when the sheet cannot be read).
 * When the profile names a role column, then derives the two tables
 * (session_split_signups); otherwise (also without a profile: the
 * delimiter is then detected) no table is loaded yet (choose the role
 * column, then call session_split_signups).
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

/* The first part of session_prepare: builds the dataset from the mapping
 * (its warnings about the people and their values go to d; when it is built
 * already, only the rules' data is resolved again) and resolves the history
 * files, without scoring the pairs.  Returns 0 or -1 with messages in d. */
int session_prepare_people(struct session *s, struct diag *d);

/* Builds the dataset from the mapping (session_prepare_people) and scores
 * all pairs.  Returns 0 or -1 with messages in d. */
int session_prepare(struct session *s, struct diag *d);

/* Runs the match (session_prepare first when needed).  Returns 0 or -1. */
int session_match(struct session *s, struct diag *d);

/* Same, with a control for a long solve (match_control; may be NULL).  The
 * new result replaces the old one only on success: when the solve fails or
 * is cancelled (returns -2) the previous result, if any, stays as it was.
 * The pins and bans of s->pins are resolved by email first (an email in
 * neither file: PIN_ISSUE_UNKNOWN_PERSON, left out of the solve, kept in
 * s->pins); every pin issue of the new result is reported as a warning in
 * d (session_describe_pin_issue), in the pins file's line order (pins set
 * by hand, without a line, after them in s->pins order).  On success the
 * replaced result becomes s->prev. */
int session_match_ctl(struct session *s, struct diag *d, const struct match_control *ctl);

/* Writes the result files into dir, and dir/pins.csv (PINS_FILE_NAME, mode
 * 0600) when there is at least one pin or ban (an existing pins.csv is
 * replaced only with overwrite).  Returns 0 or -1 with messages in d. */
int session_save(struct session *s, const char *dir, int overwrite, struct diag *d);

/* Pins, bans or frees (PIN_NONE) the pair (mentor, mentee) by participant
 * index (needs the dataset: session_prepare); stores the two emails in
 * s->pins.  Does not re-solve: call session_match_ctl for that.  Returns 0,
 * -1 on out-of-memory or an index out of range, -2 when either person has
 * no email (a pin is kept by email), -3 when a is PIN_PIN and the two are the
 * same person (dataset_same_person: never matched with themselves; a pins file's such pin is reported as PIN_ISSUE_SAME_PERSON
 * and left out of the solve). */
int session_set_pin(struct session *s, size_t mentor, size_t mentee, enum pin_action a);

/* The pin or ban of the pair (mentor, mentee) by participant index, or
 * PIN_NONE (also without a dataset). */
enum pin_action session_pin_of(const struct session *s, size_t mentor, size_t mentee);

/* Resolves s->pins to participant indices by email (needs the dataset;
 * emails compared without case).  *out receives a malloc'ed array of the
 * pins and bans whose two people are both known, in s->pins order, with
 * score and allowed from score_pair (score: the sum of every rule's points,
 * also for a pair the rules or min_score forbid, so that a pinned pair the
 * rules forbid keeps the sum of its rule points as its score); when item
 * is not NULL, *item receives
 * a malloc'ed array with the index in s->pins.items of each.  Both are
 * NULL when the count is 0; the caller frees them.  Returns the count, or
 * (size_t)-1 on out-of-memory or without a dataset. */
size_t session_resolve_pins(const struct session *s, struct match_pin **out, size_t **item);

/* Replaces s->pins by the pins file at path (pins_load; kept on failure).
 * Does not re-solve.  Returns 0 or -1 with messages in d. */
int session_load_pins(struct session *s, const char *path, struct diag *d);

/* Writes s->pins to path (pins_save, mode 0600).  Returns 0 or -1 with
 * messages in d. */
int session_save_pins(struct session *s, const char *path, struct diag *d);

/* One pin issue of s->res (s->res.issues[k]) in words into buf, e.g.
 * "pin of ann@x.org with bob@y.org (pins.csv:3): the rules do not allow
 * this pair (same organisation); kept".  Needs the dataset for the names of
 * the rules. */
void session_describe_pin_issue(const struct session *s, const struct pin_issue *is, char *buf, size_t len);

/* Drops the dataset and result (call after changing the profile); the
 * result is kept as s->prev (see above).  Pins are kept. */
void session_invalidate(struct session *s);

/* Makes stale what a change of the profile of that kind affects
 * (profile_keys.h): PCHANGE_SOLVE drops the result (kept as s->prev),
 * PCHANGE_SCORE the scores too (the next session_prepare scores again, the
 * participants' values are kept), PCHANGE_DATA the dataset
 * (session_invalidate); PCHANGE_NONE nothing. */
void session_changed(struct session *s, enum profile_change c);

/* Sets key k of object obj of the profile from text (profile_key_set_text:
 * checked as when read from a profile) and makes stale what depends on it
 * (session_changed with the key's change).  The one call through which the
 * terminal's editors and the command line change a setting.  Returns 0, or
 * -1 with a message in err (len bytes); nothing changes then. */
int session_set_key(struct session *s, enum profile_key k, size_t obj, const char *text,
		    char *err, size_t len);

/* session_set_key from a value built by the editors (profile_value_buf):
 * the same checks, undo and invalidation. */
int session_set_key_value(struct session *s, enum profile_key k, size_t obj,
			  const struct profile_value *v, char *err, size_t len);

/* Replaces the profile by edited (a changed copy of it, or a new profile:
 * taken over, zeroed here), keeping the old one for session_undo, and
 * makes stale what change c affects.  The profile's file name is kept
 * unless edited has one.  Returns 0, or -1 on out-of-memory (edited is
 * freed, nothing changes). */
int session_commit_profile(struct session *s, struct profile *edited, enum profile_change c);

/* Sets the points of band b of gap rule r (checked as the profile's band
 * values are) and makes the scores stale (PCHANGE_SCORE).  Returns 0, or
 * -1 with a message in err. */
int session_set_band_weight(struct session *s, size_t r, size_t b, long points, char *err,
			    size_t len);

/* ---- changing the profile, with undo ------------------------------------------
 * A change of the profile's structure is made between session_edit_begin
 * and session_edit_done (or session_edit_cancel when it failed):
 *     if (session_edit_begin(s) == 0) {
 *             if (profile_add_field(&s->prof, ...) >= 0)
 *                     session_edit_done(s, PCHANGE_DATA);
 *             else
 *                     session_edit_cancel(s);
 *     }
 * session_set_key does the same for a key's value. */

/* Keeps a copy of the profile for session_undo (at most SESSION_UNDO_MAX;
 * the oldest goes).  Returns 0, or -1 on out-of-memory or without a
 * profile (then make no change). */
int session_edit_begin(struct session *s);

/* After a change made since session_edit_begin: makes stale what it
 * affects (session_changed). */
void session_edit_done(struct session *s, enum profile_change c);

/* Drops the copy session_edit_begin kept (the change was not made). */
void session_edit_cancel(struct session *s);

/* Takes back the last change (the profile as before it; what depends on
 * the profile is dropped).  Returns 0, or -1 when there is none. */
int session_undo(struct session *s);

/* Starts a new, empty profile named name (profile_new) in place of the
 * current one (which can be taken back with session_undo).  The loaded
 * files stay.  Returns 0 or -1 (OOM). */
int session_new_profile(struct session *s, const char *name);

/* 1 when the profile differs from the one last loaded or saved (or was
 * never saved), else 0. */
int session_profile_unsaved(const struct session *s);

/* Writes the profile to path (profile_save) and remembers it as saved and
 * as its path.  Returns 0 or -1 with an error in d. */
int session_save_profile(struct session *s, const char *path, struct diag *d);

/* Adds a history file (a CSV of an earlier cohort's pairs, such as its
 * pairs.csv): read with table_load; its pairs are forbidden or scored by
 * the profile's [history] at the next session_prepare.  With a profile
 * loaded, the file is checked at once (dataset_history_check: the identity
 * mapped on both sides, the identity columns present) and refused when it
 * fails.  Returns 0, or -1 with messages in d (nothing added). */
int session_load_history(struct session *s, const char *path, struct diag *d);

/* Forgets every history file. */
void session_clear_history(struct session *s);

/* Frees everything. */
void session_free(struct session *s);

#endif
