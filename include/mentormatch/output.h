/* output.h - the result files: pairs.csv, mentors-list.csv, mentees-list.csv.
 *
 * Written with libcsv's writer (csv_write).  Each file is written to a
 * temporary file in the output folder (mkstemp), given mode 0600 (the files
 * hold personal data) and flushed; only when all three are written are they
 * renamed into place, so that a failure never leaves a half-written file.
 * Their writeback to disk is started but not waited for (no fsync): the
 * files are reproducible from the inputs and the profile, so a power cut in
 * the seconds after saving costs a re-run, not data (see output.c).
 *
 * pairs.csv: one row per match, ordered by round then mentor:
 *   mentor email, mentor first name, mentor last name, mentee email,
 *   mentee first name, mentee last name, round, score
 *   (score includes the unmatched bonus the pair received in its round);
 *   with an id field, "mentor id" first and the email after it; on a side
 *   whose identity is not mapped, "mentor line" (or "mentee line": the row's
 *   line in its file) after the identity.
 * mentors-list.csv / mentees-list.csv: one row per participant, in input
 *   order: the profile's output fields (their labels as headers), then
 *   "number of matches", then for N = 1 .. the most matches anyone has:
 *   "match N <label>" for each output field, then "match N score".
 */
#ifndef MENTORMATCH_OUTPUT_H
#define MENTORMATCH_OUTPUT_H

#include <stddef.h>
#include "mentormatch/dataset.h"
#include "mentormatch/match.h"
#include "mentormatch/diag.h"

#define OUTPUT_NFILES 3

/* The file names, in writing order. */
extern const char *const output_file_names[OUTPUT_NFILES];

/* Number of the result files that already exist in dir (0 .. OUTPUT_NFILES). */
int output_count_existing(const char *dir);

/* Whether files can be created in dir: creates a temporary file there
 * (mode 0600) and removes it again, as the result files are written, so
 * that the answer is right where access() is not (for root: a read-only
 * file system, /sys).  Returns 0, or the errno of the failure. */
int output_try_dir(const char *dir);

/* Writes the three files into dir (which must exist).  With overwrite == 0,
 * refuses (returns -1 with an error in d) when any of them exists.
 * Each written file is reported to d as a note "dir/name: N rows written".
 * Returns 0, or -1 with an error in d naming the file (one error naming
 * dir when no file can be created there: output_try_dir). */
int output_write_all(const struct dataset *ds, const struct match_result *r,
		     const char *dir, int overwrite, struct diag *d);

#endif
