/* pins.h - pinned and banned pairs, by email, and the small CSV file that keeps them.
 *
 * A pin says a mentor-mentee pair must be in the result; a ban says it must
 * not be.  Pairs are named by the two people's email addresses (compared
 * without case and surrounding white space), so that a pins file still
 * applies after the spreadsheets are loaded again, in another row order.
 *
 * The file (pins.csv beside the result files, mode 0600) has a header row
 * and the columns "mentor email", "mentee email" and "action" ("pin" or
 * "ban"); it is read and written with libcsv.
 */
#ifndef MENTORMATCH_PINS_H
#define MENTORMATCH_PINS_H

#include <stddef.h>
#include "mentormatch/diag.h"

enum pin_action { PIN_NONE = 0, PIN_PIN = 1, PIN_BAN = 2 };

struct pin {                 /* one pinned or banned pair, by email */
	char *mentor_email;      /* owned; as given (compared without case) */
	char *mentee_email;      /* owned */
	enum pin_action action;
	unsigned long line;      /* line in the pins file it came from, 0 when set by hand */
};

/* The pins and bans, in the order they were first set (or read). */
struct pin_set { struct pin *items; size_t n, cap; };

#define PINS_FILE_NAME "pins.csv"

/* Zeroes the set (an empty set). */
void pins_init(struct pin_set *p);

/* Frees every item and zeroes the set (reusable). */
void pins_free(struct pin_set *p);

/* Sets the action of the pair (mentor_email, mentee_email), replacing any
 * earlier one for the same pair (emails compared without case and
 * surrounding white space; the new spelling is kept); PIN_NONE removes it.
 * The emails are copied.  Returns 0, or -1 on out-of-memory or a blank
 * email (the set is then unchanged). */
int pins_set(struct pin_set *p, const char *mentor_email, const char *mentee_email, enum pin_action a);

/* The action of the pair (emails compared as in pins_set), or PIN_NONE. */
enum pin_action pins_get(const struct pin_set *p, const char *mentor_email, const char *mentee_email);

/* Index of the pair's item in p->items, or -1. */
long pins_find(const struct pin_set *p, const char *mentor_email, const char *mentee_email);

/* Number of items with action a. */
size_t pins_count(const struct pin_set *p, enum pin_action a);

/* Reads a pins CSV (libcsv through table_load: header row required, with
 * the columns "mentor id", "mentee id" and "action", or without those ids
 * "mentor email", "mentee email" and "action"; column
 * names matched without case and surrounding blanks, any column order,
 * extra columns ignored, BOM/CRLF/semicolon/tab ok).  A row with a blank or
 * unknown action, or a blank email, gives a warning naming file:line and is
 * skipped.  A later row for the same pair replaces the earlier one (warning
 * naming both lines).  Each item's line is its physical line.  Replaces *p
 * (freeing the old items) only on success; *p is unchanged on failure.
 * Returns 0, or -1 (unreadable, a required column missing, out of memory)
 * with messages in d. */
int pins_load(struct pin_set *p, const char *path, struct diag *d);

/* Names the people of every pin and ban by their identity, as pins.csv does:
 * a name (mentor_email, mentee_email) that is not the identity of one of
 * that side's participants but the email of exactly one of them (under a
 * profile whose identity is an id field: dataset_find_person) is replaced
 * by that person's identity, so that a pins file keyed by email applies
 * under such a profile (and is saved by id).  Said once as a note in d
 * (file path, may be NULL): how many names were replaced.  An email that
 * belongs to several participants is left as it is (it matches nobody)
 * and reported as a warning at the pin's line, naming the field the
 * profile names people by.  Two items that now name one pair: the later
 * replaces the earlier (a warning naming both lines).  Returns the number
 * of names replaced (0 on out-of-memory, with an error in d; p is then
 * unchanged). */
struct dataset;
size_t pins_rekey(struct pin_set *p, const struct dataset *ds, const char *path, struct diag *d);

/* Writes a header (header[0], header[1], "action": the identity columns,
 * "mentor email" and "mentee email" or, with an id field, "mentor id" and
 * "mentee id": profile_identity_column) then one row per item
 * (action "pin" or "ban") to path, mode 0600, through a temporary file in
 * the same folder (fsync, then rename: an existing file is replaced whole or
 * not at all).  Reports "path: N rows written" as a note.  Returns 0, or -1
 * with an error in d. */
int pins_save(const struct pin_set *p, const char *path, const char *const header[2],
	      struct diag *d);

/* "pin", "ban" or "none". */
const char *pins_action_name(enum pin_action a);

#endif
