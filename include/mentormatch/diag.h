/* diag.h - diagnostics: messages about input files, each with a file and line.
 *
 * Every core module reports problems by appending to a struct diag instead of
 * printing, so that the terminal interface can show them in a list and batch
 * mode can print them to stderr.  Messages are plain UTF-8 text.
 */
#ifndef MENTORMATCH_DIAG_H
#define MENTORMATCH_DIAG_H

#include <stddef.h>
#include <stdio.h>

enum diag_level {
	DIAG_NOTE,    /* information: "3 rows loaded" */
	DIAG_WARNING, /* data was used but may not be what the user meant */
	DIAG_ERROR    /* the operation failed or the result cannot be trusted */
};

struct diag_item {
	enum diag_level level;
	char *file;          /* owned copy, or NULL when no file is involved */
	unsigned long line;  /* 1-based physical line; 0 when not applicable */
	char *msg;           /* owned, one line, no trailing newline */
};

struct diag {
	size_t n, cap;
	struct diag_item *items;
};

/* Appends a message (printf-style format).  file may be NULL, line may be 0.
 * Never fails visibly: on out-of-memory the message is dropped. */
void diag_add(struct diag *d, enum diag_level level, const char *file,
	      unsigned long line, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

/* Number of items at exactly the given level. */
size_t diag_count(const struct diag *d, enum diag_level level);

/* Formats one item as "file:line: error: msg" into buf (always NUL-terminated,
 * truncated to len bytes at a UTF-8 character boundary). */
void diag_format(const struct diag_item *it, char *buf, size_t len);

/* Prints every item, one per line, in the format of diag_format. */
void diag_print(const struct diag *d, FILE *out);

/* Appends a copy of every item of src to d, in order (e.g. the messages
 * of work done in another thread).  On out-of-memory items are dropped. */
void diag_append(struct diag *d, const struct diag *src);

/* Appends a copy of each item of src that d does not hold already, word for
 * word (level, file, line and message), in order: messages of work done
 * again (the same files read again) are not repeated.  On out-of-memory
 * items are dropped. */
void diag_append_new(struct diag *d, const struct diag *src);

/* ---- repeated messages of one kind --------------------------------------------
 * Messages of one kind differ only in their quoted values ("...") and their
 * numbers, such as '"n/a" is not an e-mail address; ...' on 2000 rows of a
 * file.  diag_group puts them together, so that a list shows one line for
 * them ("2000 rows: "..." is not an e-mail address; ... (lines 2-2001)")
 * while every item stays in d for whoever wants them all. */

struct diag_group {
	size_t first;        /* index in d->items of its first item */
	size_t n;            /* items in the group (1: a message on its own) */
	size_t *items;       /* the n indices into d->items, in d's order; owned */
};

/* Groups the items [from, to) of d (to is capped at d->n): items of the same
 * level, file and kind are one group; groups come in the order of their
 * first items.  *out receives a malloc'ed array (free it with
 * diag_groups_free), NULL when there are none.  Returns the number of
 * groups, or (size_t)-1 on out-of-memory (*out NULL). */
size_t diag_group(const struct diag *d, size_t from, size_t to, struct diag_group **out);

/* Formats group g of d as one line, as diag_format does an item (always
 * NUL-terminated, cut at a character boundary): a group of one is its item;
 * a larger one has the file but no line, then "N rows: " (lines of a .ini
 * file: "N lines: "), the message with each quoted value or number that is
 * not the same in every item shown as "..." (or ...), and the lines
 * ("(lines 2-2001)", "(lines 4, 7, 9-12 and 3 more)").  Items without a
 * line are counted as "(N times)". */
void diag_group_format(const struct diag *d, const struct diag_group *g, char *buf, size_t len);

/* Frees n groups from diag_group. */
void diag_groups_free(struct diag_group *g, size_t n);

/* Prints every item of d as diag_print does, but a group of repeated
 * messages (diag_group) as one line, in the place of its first item. */
void diag_print_grouped(const struct diag *d, FILE *out);

/* Removes all items; the struct can be reused. */
void diag_clear(struct diag *d);

/* Frees all memory; the struct is left empty and reusable. */
void diag_free(struct diag *d);

#endif
