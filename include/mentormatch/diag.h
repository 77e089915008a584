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

/* Removes all items; the struct can be reused. */
void diag_clear(struct diag *d);

/* Frees all memory; the struct is left empty and reusable. */
void diag_free(struct diag *d);

#endif
