/* table.h - a spreadsheet (CSV file) loaded into memory, read with libcsv.
 *
 * Loading handles the usual exports of Excel, Google Forms and Microsoft Forms:
 * a UTF-8 byte-order mark is stripped (a file with a UTF-16 byte-order mark is
 * converted to UTF-8, and so is UTF-16 without one), a file that is not text
 * (NULs and control characters: a workbook, a program) is refused with one
 * error, CR LF, LF and lone CR line ends are accepted, quoted
 * fields may span lines, the delimiter (comma, semicolon or tab) is detected
 * from the header line unless given.  Every field is stored as valid UTF-8: a
 * field that is not valid UTF-8 is decoded as Windows-1252 and the line is
 * reported (NUL bytes are removed and reported).  Surrounding white space
 * (including U+00A0) is removed from header names only; cell values are kept
 * byte-exact, except that libcsv drops spaces and tabs around a value that is
 * not in quotes (quoted values keep theirs, and U+00A0 is always kept).
 *
 * Rows are checked against the header: a row with fewer fields is padded with
 * empty strings and reported as a warning; a row with more fields is NOT loaded
 * (its values would land in the wrong columns) and is reported as an error with
 * its line and field count.  A row with a quoted value that never closes (it
 * runs to the end of the file) is not loaded either, and is reported.  A
 * stray quote (a " inside a quoted value that is neither doubled nor its
 * end, which libcsv keeps in the value) is reported: its row is loaded with
 * a warning when it is one line with the header's number of fields, and
 * otherwise (the value ran on to later lines, or the fields moved) it is not
 * loaded and is listed as TABLE_ROW_UNCLOSED_QUOTE; a stray quote in the
 * header over several lines makes the load fail.  A " inside a value that
 * is not quoted (5'10") is kept as typed, without a message.  A
 * header without commas but with semicolons or tabs (or the other way round)
 * when the delimiter is given is reported as an error.  Blank lines are
 * skipped.
 */
#ifndef MENTORMATCH_TABLE_H
#define MENTORMATCH_TABLE_H

#include <stddef.h>
#include "mentormatch/diag.h"

/* Delimiter choices: TABLE_DELIM_AUTO detects it from the header line. */
#define TABLE_DELIM_AUTO 0

/* A row that did not fit the header (see above). */
enum table_row_problem {
	TABLE_ROW_TOO_MANY,       /* more fields than the header: not loaded */
	TABLE_ROW_UNCLOSED_QUOTE, /* a quoted value never closes, or only after a
				     stray quote: not loaded */
	TABLE_ROW_TOO_FEW         /* fewer fields than the header: loaded, the
				     missing cells left empty */
};

struct table_row_issue {
	enum table_row_problem what;
	unsigned long line;       /* physical line where the row starts */
	unsigned long last_line;  /* physical line where it ends (an unclosed
				     quote runs to the end of the file) */
	size_t nfields;           /* fields the row had (TABLE_ROW_UNCLOSED_QUOTE:
				     those read before the end of the file) */
};

struct table {
	char *path;             /* file name as given (owned) */
	char delim;             /* delimiter actually used: ',', ';' or '\t' */
	size_t ncols;           /* number of header fields */
	char **headers;         /* ncols strings, trimmed, owned */
	size_t nrows;           /* number of data rows loaded */
	char **cells;           /* nrows * ncols strings, row-major, owned; "" when missing */
	unsigned long *line;    /* nrows: physical line where each row starts (header is line 1) */
	size_t skipped;         /* rows not loaded (too many fields, unclosed quote), each reported */
	/* Every row that did not fit the header, in file order: those not
	 * loaded (skipped of them) and those padded with empty cells.  Owned;
	 * NULL when nissues is 0. */
	struct table_row_issue *issues;
	size_t nissues;
};

/* Loads a CSV file.  delim is ',', ';', '\t' or TABLE_DELIM_AUTO.
 * Returns 0 on success (warnings may have been added to d), -1 on failure
 * (cannot open or read the file, no header line, out of memory), with an
 * error in d naming the file and, where it applies, the line.
 * On failure t is left empty (safe to table_free). */
int table_load(struct table *t, const char *path, int delim, struct diag *d);

/* Same as table_load but reads len bytes from buf; name is used in messages
 * and stored as the path. */
int table_load_mem(struct table *t, const char *name, const char *buf,
		   size_t len, int delim, struct diag *d);

/* The cell at (row, col); never NULL.  row < nrows, col < ncols. */
const char *table_cell(const struct table *t, size_t row, size_t col);

/* Makes dst a deep copy of src that holds only the n rows rows[0..n) of
 * src, in that order (each index < src->nrows), with their physical line
 * numbers, the same path, delimiter and headers.  The rows of src that were
 * not loaded stay in dst's issues and skipped; a padded row (too few
 * fields) is listed only when it is in the subset.  Returns 0, or -1 on
 * out-of-memory or a row index out of range (dst is then empty). */
int table_subset(struct table *dst, const struct table *src, const size_t *rows, size_t n);

/* Frees everything and zeroes the struct. */
void table_free(struct table *t);

#endif
