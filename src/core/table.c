/* table.c - a spreadsheet (CSV file) loaded into memory, read with libcsv.
 *
 * Line numbers.  libcsv has no notion of lines, so the bytes are handed to it
 * one physical line at a time (a line ends after LF, CR LF or a lone CR) and
 * the loader counts the pieces.  A row ends only at an unquoted line break,
 * which is always the end of a piece, so a row starts on the first line,
 * after the previous row ended, that holds anything libcsv does not skip
 * between rows (line breaks, and spaces and tabs that are not the delimiter).
 *
 * Storage.  The field callback copies each field into a buffer for the
 * current row; the end-of-row callback checks the row against the header,
 * repairs its encoding and appends its cells to one arena of NUL-terminated
 * strings.  The arena starts with the header names, so t->headers[0] is the
 * start of the block that holds every string, and table_free frees it; the
 * pointer arrays t->headers and t->cells are separate allocations.
 *
 * libcsv options: CSV_APPEND_NULL, and CSV_STRICT only to find stray quotes:
 * at each place where strict mode stops, the loader notes the quote and
 * hands that one byte to libcsv without strict mode (parse_piece), so the
 * values are those of a lenient parse (real exports have stray quotes), and
 * libcsv's default trimming of spaces and tabs around unquoted values.
 */
#include "mentormatch/table.h"
#include "mentormatch/utf8.h"

#include <csv.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* ---- growing byte buffer ------------------------------------------------- */

struct buf {
	char *p;
	size_t len, cap;
};

/* Makes room for extra more bytes.  Returns 0 or -1 (out of memory). */
static int buf_reserve(struct buf *b, size_t extra)
{
	size_t need, ncap;
	char *np;

	if (extra > SIZE_MAX - b->len)
		return -1;
	need = b->len + extra;
	if (need <= b->cap)
		return 0;
	ncap = b->cap ? b->cap : 256;
	while (ncap < need)
		ncap = ncap > SIZE_MAX / 2 ? need : ncap * 2;
	np = realloc(b->p, ncap);
	if (!np)
		return -1;
	b->p = np;
	b->cap = ncap;
	return 0;
}

static int buf_append(struct buf *b, const void *s, size_t n)
{
	if (buf_reserve(b, n) != 0)
		return -1;
	if (n)
		memcpy(b->p + b->len, s, n);
	b->len += n;
	return 0;
}

/* Returns arr grown to hold at least need elements of size elem (updating
 * *cap), arr itself when it is big enough, or NULL when out of memory (arr
 * is then left as it was). */
static void *grow(void *arr, size_t *cap, size_t need, size_t elem)
{
	size_t ncap;
	void *np;

	if (need <= *cap)
		return arr;
	ncap = *cap ? *cap : 64;
	while (ncap < need) {
		if (ncap > SIZE_MAX / 2 / elem)
			return NULL;
		ncap *= 2;
	}
	np = realloc(arr, ncap * elem);
	if (np)
		*cap = ncap;
	return np;
}

/* ---- UTF-8 and Windows-1252 ---------------------------------------------- */

/* Offset of the first byte that is not valid UTF-8, or n when all are. */
static size_t utf8_invalid_at(const unsigned char *s, size_t n)
{
	size_t i = 0, k;

	while (i < n) {
		if (s[i] < 0x80) {
			i++;
			continue;
		}
		k = utf8_seq_len(s + i, n - i);
		if (k == 0)
			return i;
		i += k;
	}
	return n;
}

/* Appends code point cp as UTF-8 (cp < 0x10000 here). */
static size_t utf8_put(unsigned long cp, char *out)
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xC0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xE0 | (cp >> 12));
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		out[2] = (char)(0x80 | (cp & 0x3F));
		return 3;
	}
	out[0] = (char)(0xF0 | (cp >> 18));
	out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
	out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
	out[3] = (char)(0x80 | (cp & 0x3F));
	return 4;
}

/* Windows-1252 bytes 0x80..0x9F; the five undefined ones become U+FFFD. */
static const unsigned short cp1252_high[32] = {
	0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
	0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0xFFFD, 0x017D, 0xFFFD,
	0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
	0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0xFFFD, 0x017E, 0x0178
};

/* Decodes n Windows-1252 bytes into out (room for 3 * n bytes); returns the
 * number of bytes written. */
static size_t cp1252_decode(const unsigned char *s, size_t n, char *out)
{
	size_t o = 0;

	for (size_t i = 0; i < n; i++) {
		unsigned long cp = s[i];
		if (cp >= 0x80 && cp <= 0x9F)
			cp = cp1252_high[cp - 0x80];
		o += utf8_put(cp, out + o);
	}
	return o;
}

/* Length of a white-space character (ASCII, U+00A0, U+1680, the U+2000
 * spaces, U+2028, U+2029, U+202F, U+205F, U+3000, and the invisible U+200B
 * and U+FEFF) at the start of the n bytes at s, or 0.  mapping.c counts the
 * same characters as white space. */
static size_t space_at(const unsigned char *s, size_t n)
{
	if (n >= 1 && (s[0] == ' ' || (s[0] >= '\t' && s[0] <= '\r')))
		return 1;
	if (n >= 2 && s[0] == 0xC2 && s[1] == 0xA0)
		return 2;
	if (n >= 3 && s[0] == 0xE2 && s[1] == 0x80 &&
	    (s[2] <= 0x8B || s[2] == 0xA8 || s[2] == 0xA9 || s[2] == 0xAF))
		return 3;
	if (n >= 3 && s[0] == 0xE1 && s[1] == 0x9A && s[2] == 0x80)
		return 3;
	if (n >= 3 && s[0] == 0xE2 && s[1] == 0x81 && s[2] == 0x9F)
		return 3;
	if (n >= 3 && s[0] == 0xE3 && s[1] == 0x80 && s[2] == 0x80)
		return 3;
	if (n >= 3 && s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF)
		return 3;
	return 0;
}

/* Length of a white-space character ending at s + n, or 0. */
static size_t space_before(const unsigned char *s, size_t n)
{
	for (size_t k = 1; k <= 3 && k <= n; k++)
		if (space_at(s + n - k, k) == k)
			return k;
	return 0;
}

/* ---- the loader ----------------------------------------------------------- */

struct span {
	size_t ofs, len;
};

struct loader {
	struct table *t;
	struct diag *d;
	const char *name;
	char delim;
	int failed;             /* out of memory: stop storing */
	int unterminated;       /* the current row ends at end of file inside quotes */
	unsigned long line;     /* physical line of the piece being parsed */
	int in_row;             /* a row has begun and not yet ended */
	unsigned long row_line; /* its first physical line */
	unsigned long field_line; /* line where the current field began */
	int bad_header;         /* the header ran on past a stray quote */

	/* the first " of the current row inside a quoted value that is not
	 * doubled and not its closing quote (libcsv keeps it in the value) */
	int stray;
	size_t stray_field;     /* the value's field */
	unsigned long stray_line;  /* line of the quote */
	unsigned long stray_open;  /* line where the value began */
	unsigned long stray_close; /* line where it ended */

	/* the current row: field i is row.p[f[i].ofs .. f[i].ofs + f[i].len) */
	struct buf row;
	struct span *f;
	size_t nf, fcap;

	/* every string of the table, NUL-terminated, in one arena: the headers
	 * first (so header 0 is at offset 0), then "" for padded cells, then
	 * the cells row by row */
	struct buf data;
	size_t *hofs;           /* ncols offsets of the headers */
	size_t ncols;           /* 0 until the header has been read */
	size_t empty;           /* offset of the shared "" */
	size_t *cell;           /* offsets of the cells */
	size_t ncell, cellcap;
	unsigned long *lines;
	size_t nrows, linecap;

	struct buf nonul;       /* a field without its NUL bytes */
	struct buf decoded;     /* a field decoded from Windows-1252 */
	size_t issuecap;        /* room in t->issues */
};

static const char *delim_name(char delim, int plural)
{
	switch (delim) {
	case ';':
		return plural ? "semicolons" : "semicolon";
	case '\t':
		return plural ? "tabs" : "tab";
	default:
		return plural ? "commas" : "comma";
	}
}

/* Number of line breaks (LF, CR LF or a lone CR) in the n bytes at s. */
static unsigned long count_breaks(const char *s, size_t n)
{
	unsigned long k = 0;

	for (size_t i = 0; i < n; i++)
		if (s[i] == '\n' || (s[i] == '\r' && (i + 1 == n || s[i + 1] != '\n')))
			k++;
	return k;
}

/* libcsv's field callback: keeps a copy of the field for the current row. */
static void on_field(void *s, size_t len, void *data)
{
	struct loader *L = data;
	struct span *nf;

	if (L->failed)
		return;
	nf = grow(L->f, &L->fcap, L->nf + 1, sizeof *L->f);
	if (!nf) {
		L->failed = 1;
		return;
	}
	L->f = nf;
	if (buf_append(&L->row, s, len) != 0) {
		L->failed = 1;
		return;
	}
	L->f[L->nf].ofs = L->row.len - len;
	L->f[L->nf].len = len;
	if (L->stray && L->stray_field == L->nf)
		L->stray_close = L->line;
	L->nf++;
	L->field_line = L->line;   /* the next field begins after the delimiter */
}

/* True when every field of the current row is empty or white space. */
static int row_is_blank(const struct loader *L)
{
	for (size_t i = 0; i < L->nf; i++) {
		const unsigned char *s;
		size_t n = L->f[i].len, k;
		/* row.p is still NULL while every field so far was empty */
		if (n == 0)
			continue;
		s = (const unsigned char *)L->row.p + L->f[i].ofs;
		while (n > 0 && (k = space_at(s, n)) != 0) {
			s += k;
			n -= k;
		}
		if (n > 0)
			return 0;
	}
	return 1;
}

/* What repair_field found in one field. */
enum { FIX_NUL = 1, FIX_CP1252 = 2 };

/* Makes field i of the current row valid UTF-8 without NUL bytes.  Sets *out
 * and *outlen to the result (the row buffer itself when nothing was wrong),
 * returns a mask of FIX_* and, for FIX_CP1252, the offset of the first
 * invalid byte in *bad.  Returns -1 when out of memory. */
static int repair_field(struct loader *L, size_t i, const char **out,
			size_t *outlen, size_t *bad)
{
	const char *s = L->row.p + L->f[i].ofs;
	size_t n = L->f[i].len, at;
	int fixes = 0;

	if (memchr(s, '\0', n)) {
		size_t o = 0;
		L->nonul.len = 0;
		if (buf_reserve(&L->nonul, n) != 0)
			return -1;
		for (size_t j = 0; j < n; j++)
			if (s[j] != '\0')
				L->nonul.p[o++] = s[j];
		s = L->nonul.p;
		n = o;
		fixes |= FIX_NUL;
	}
	at = utf8_invalid_at((const unsigned char *)s, n);
	if (at < n) {
		L->decoded.len = 0;
		if (n > SIZE_MAX / 3 || buf_reserve(&L->decoded, 3 * n) != 0)
			return -1;
		n = cp1252_decode((const unsigned char *)s, n, L->decoded.p);
		s = L->decoded.p;
		*bad = at;
		fixes |= FIX_CP1252;
	}
	*out = s;
	*outlen = n;
	return fixes;
}

/* Appends the name of column col (or its number while the header is being
 * read) to the message in out. */
static void append_column(const struct loader *L, size_t col, char *out, size_t size)
{
	size_t used = strlen(out);
	const char *sep = used ? ", " : "";

	if (used >= size)
		return;
	if (L->ncols) {
		const char *h = L->data.p + L->hofs[col];
		int hl = (int)strlen(h), cut = hl > 40;
		if (cut) {
			hl = 40;
			while (hl > 0 && ((unsigned char)h[hl] & 0xC0) == 0x80)
				hl--;
		}
		snprintf(out + used, size - used, "%s\"%.*s%s\"", sep, hl, h, cut ? "..." : "");
	} else {
		snprintf(out + used, size - used, "%scolumn %zu", sep, col + 1);
	}
}

/* Appends the repaired fields of the current row, NUL-terminated, to the
 * arena, recording their offsets in ofs; header names (trim != 0) lose
 * their surrounding white space.  Reports the repairs.  Returns 0 or -1
 * (out of memory). */
static int store_fields(struct loader *L, size_t *ofs, int trim)
{
	int fixes = 0;
	size_t ncp = 0;
	unsigned long bad_line = L->row_line;
	char cols[160] = "";

	for (size_t i = 0; i < L->nf; i++) {
		const char *s;
		size_t n, bad = 0, k;
		int r = repair_field(L, i, &s, &n, &bad);
		if (r < 0)
			return -1;
		if (r & FIX_CP1252) {
			if (ncp++ == 0) {
				/* the physical line of the first invalid byte */
				unsigned long before = 0;
				for (size_t j = 0; j < i; j++)
					before += count_breaks(L->row.p + L->f[j].ofs, L->f[j].len);
				/* bad counts bytes without NULs: near enough */
				before += count_breaks(L->row.p + L->f[i].ofs,
						       bad < L->f[i].len ? bad : L->f[i].len);
				bad_line = L->row_line + before;
			}
			if (ncp <= 3)
				append_column(L, i, cols, sizeof cols);
		}
		fixes |= r;
		if (trim) {
			const unsigned char *u = (const unsigned char *)s;
			while (n > 0 && (k = space_at(u, n)) != 0) {
				u += k;
				n -= k;
			}
			while (n > 0 && (k = space_before(u, n)) != 0)
				n -= k;
			s = (const char *)u;
		}
		ofs[i] = L->data.len;
		if (buf_append(&L->data, s, n) != 0 || buf_append(&L->data, "", 1) != 0)
			return -1;
	}
	if (fixes & FIX_NUL)
		diag_add(L->d, DIAG_WARNING, L->name, L->row_line,
			 "the row contains NUL bytes, which were removed "
			 "(is this a spreadsheet saved as UTF-16, or not text at all?)");
	if (fixes & FIX_CP1252)
		diag_add(L->d, DIAG_WARNING, L->name, bad_line,
			 "%s%s%s%s: not valid UTF-8, read as Windows-1252 (check the "
			 "accents; saving the file as \"CSV UTF-8\" avoids this)",
			 L->ncols ? "" : "header ", cols, ncp > 3 ? " and more" : "",
			 L->ncols ? (ncp > 1 ? " columns" : " column") : "");
	return 0;
}

/* Turns the current row into the header: the trimmed names go first in the
 * arena, followed by the "" that padded cells share. */
static int take_header(struct loader *L)
{
	if (L->nf > SIZE_MAX / sizeof *L->hofs ||
	    !(L->hofs = malloc(L->nf * sizeof *L->hofs)))
		return -1;
	if (store_fields(L, L->hofs, 1) != 0)
		return -1;
	L->ncols = L->nf;
	L->empty = L->data.len;
	return buf_append(&L->data, "", 1);
}

/* Records a row that does not fit the header in t->issues.  Returns 0 or -1
 * (out of memory). */
static int add_issue(struct loader *L, enum table_row_problem what, unsigned long last_line)
{
	struct table *t = L->t;
	struct table_row_issue *ni = grow(t->issues, &L->issuecap, t->nissues + 1, sizeof *ni);

	if (!ni)
		return -1;
	t->issues = ni;
	ni[t->nissues++] = (struct table_row_issue){ what, L->row_line, last_line, L->nf };
	return 0;
}

/* Checks the current row against the header and stores it. */
static int take_row(struct loader *L)
{
	size_t nf = L->nf, m = L->ncols;
	size_t *nc;
	unsigned long *nl;

	if (nf > m) {
		diag_add(L->d, DIAG_ERROR, L->name, L->row_line,
			 "row has %zu fields but the header has %zu; the row is not loaded "
			 "(an unquoted %s inside a value, or one at the end of the line?)",
			 nf, m, delim_name(L->delim, 0));
		L->t->skipped++;
		return add_issue(L, TABLE_ROW_TOO_MANY, L->line);
	}
	if (nf < m) {
		diag_add(L->d, DIAG_WARNING, L->name, L->row_line,
			 "row has %zu fields but the header has %zu; the last %zu %s left empty",
			 nf, m, m - nf, m - nf == 1 ? "is" : "are");
		if (add_issue(L, TABLE_ROW_TOO_FEW, L->line) != 0)
			return -1;
	}
	if (L->ncell > SIZE_MAX - m)
		return -1;
	if (!(nc = grow(L->cell, &L->cellcap, L->ncell + m, sizeof *L->cell)))
		return -1;
	L->cell = nc;
	if (!(nl = grow(L->lines, &L->linecap, L->nrows + 1, sizeof *L->lines)))
		return -1;
	L->lines = nl;
	if (store_fields(L, L->cell + L->ncell, 0) != 0)
		return -1;
	for (size_t i = nf; i < m; i++)
		L->cell[L->ncell + i] = L->empty;
	L->ncell += m;
	L->lines[L->nrows++] = L->row_line;
	return 0;
}

/* Up to 40 bytes of the n bytes at s, for a message: one line of valid
 * UTF-8 (line breaks and other control characters as spaces, bytes that are
 * not UTF-8 as '?'), with "..." when cut. */
static void snippet(const char *s, size_t n, char *out, size_t cap)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, o = 0;

	while (i < n && o + 4 < cap && i < 40) {
		size_t k = u[i] < 0x80 ? 1 : utf8_seq_len(u + i, n - i);
		if (k == 0) {
			out[o++] = '?';
			i++;
		} else if (k == 1) {
			out[o++] = u[i] < 0x20 || u[i] == 0x7F ? ' ' : (char)u[i];
			i++;
		} else if (k == 2 && u[i] == 0xC2 && u[i + 1] < 0xA0) {
			out[o++] = ' ';   /* a C1 control */
			i += 2;
		} else {
			if (o + k + 4 >= cap)
				break;
			memcpy(out + o, s + i, k);
			o += k;
			i += k;
		}
	}
	if (i < n && o + 3 < cap) {
		memcpy(out + o, "...", 3);
		o += 3;
	}
	out[o] = '\0';
}

/* A row with a stray quote (L->stray) whose values would be in the wrong
 * place: its quoted value ran on to a later line, or the row does not have
 * the header's number of fields.  Reports it; the row is not loaded.
 * Returns 0 or -1 (out of memory). */
static int refuse_stray(struct loader *L)
{
	char col[80] = "", val[64];
	const struct span *f = L->stray_field < L->nf ? &L->f[L->stray_field] : NULL;

	if (L->stray_field < L->ncols)
		append_column(L, L->stray_field, col, sizeof col);
	else
		snprintf(col, sizeof col, "%zu", L->stray_field + 1);
	snippet(f && f->len ? L->row.p + f->ofs : "", f ? f->len : 0, val, sizeof val);
	if (L->stray_close > L->stray_open) {
		char count[96] = "";
		if (L->nf != L->ncols)
			snprintf(count, sizeof count, ", and the row has %zu fields but the header "
				 "has %zu", L->nf, L->ncols);
		diag_add(L->d, DIAG_ERROR, L->name, L->stray_open,
			 "a quoted value opened here (column %s) is never closed: the \" on line "
			 "%lu is not doubled (\"\"), so the value runs to line %lu (\"%s\")%s; "
			 "the row is not loaded (fix the quotes: a \" inside a quoted value is "
			 "written \"\")", col, L->stray_line, L->stray_close, val, count);
	} else {
		diag_add(L->d, DIAG_ERROR, L->name, L->stray_open,
			 "a quoted value in column %s is not closed where it should be: a \" "
			 "inside it is not doubled (\"\"), so it reads \"%s\" and the row has %zu "
			 "fields but the header has %zu; the row is not loaded (fix the quotes: a "
			 "\" inside a quoted value is written \"\")",
			 col, val, L->nf, L->ncols);
	}
	L->t->skipped++;
	return add_issue(L, TABLE_ROW_UNCLOSED_QUOTE, L->line);
}

/* A stray quote in a row that is loaded anyway (one line, the header's
 * number of fields): the value keeps the quote; a warning. */
static void warn_stray(struct loader *L)
{
	char col[80] = "", val[64];
	const struct span *f = &L->f[L->stray_field];

	append_column(L, L->stray_field, col, sizeof col);
	snippet(f->len ? L->row.p + f->ofs : "", f->len, val, sizeof val);
	diag_add(L->d, DIAG_WARNING, L->name, L->stray_line,
		 "the quoted value in %s%s has a \" inside it that is not doubled (\"\"); it "
		 "is read as %s; check it (a \" inside a quoted value is written \"\")",
		 L->ncols ? "column " : "the header's ", col, val);
}

/* libcsv's end-of-row callback. */
static void on_row_end(int c, void *data)
{
	struct loader *L = data;
	(void)c;

	L->in_row = 0;
	if (L->failed || L->bad_header) {
		/* nothing more is stored */
	} else if (L->unterminated) {
		if (!L->ncols) {
			diag_add(L->d, DIAG_ERROR, L->name, L->row_line,
				 "the header has a quoted value with no closing quote, so "
				 "everything up to line %lu was read as the header", L->line);
		} else if (L->line > L->row_line) {
			diag_add(L->d, DIAG_ERROR, L->name, L->row_line,
				 "this row has a quoted value with no closing quote, so lines "
				 "%lu to %lu were read as one row; the row is not loaded "
				 "(a stray \" character?)", L->row_line, L->line);
			L->t->skipped++;
			if (add_issue(L, TABLE_ROW_UNCLOSED_QUOTE, L->line) != 0)
				L->failed = 1;
		} else {
			diag_add(L->d, DIAG_ERROR, L->name, L->row_line,
				 "this row has a quoted value with no closing quote; the row "
				 "is not loaded (a stray \" character?)");
			L->t->skipped++;
			if (add_issue(L, TABLE_ROW_UNCLOSED_QUOTE, L->line) != 0)
				L->failed = 1;
		}
	} else if (L->stray && !L->ncols && L->stray_close > L->stray_open) {
		diag_add(L->d, DIAG_ERROR, L->name, L->stray_open,
			 "the header has a quoted value that is never closed: the \" on line %lu is "
			 "not doubled (\"\"), so everything up to line %lu was read as the header; "
			 "fix the quotes", L->stray_line, L->stray_close);
		L->bad_header = 1;
	} else if (L->stray && L->ncols && (L->nf != L->ncols || L->stray_close > L->stray_open)) {
		if (refuse_stray(L) != 0)
			L->failed = 1;
	} else if (!row_is_blank(L)) {
		if (L->stray)
			warn_stray(L);
		if ((L->ncols ? take_row(L) : take_header(L)) != 0)
			L->failed = 1;
	}
	L->nf = 0;
	L->row.len = 0;
	L->stray = 0;
}

/* Parses the n bytes at s (one physical line) in libcsv's strict mode, which
 * stops at a quote that is not where RFC 4180 allows it.  A quote inside a
 * quoted value that is neither doubled nor its end is noted (L->stray, the
 * first of the row); a quote inside a value that is not quoted is kept as
 * typed (5'10"), as Excel does.  Either way the byte is then handed to
 * libcsv without strict mode, which keeps it in the value, so the values
 * are exactly those of a parse without strict mode.  Returns 0, or -1 when
 * libcsv fails (out of memory). */
static int parse_piece(struct loader *L, struct csv_parser *p, const char *s, size_t n)
{
	size_t done = 0;

	while (done < n) {
		done += csv_parse(p, s + done, n - done, on_field, on_row_end, L);
		if (done == n)
			break;
		if (csv_error(p) != CSV_EPARSE)
			return -1;
		if (p->quoted && !L->stray) {
			L->stray = 1;
			L->stray_field = L->nf;
			L->stray_line = L->line;
			L->stray_open = L->field_line;
			L->stray_close = L->line;
		}
		p->status = 0;
		csv_set_opts(p, CSV_APPEND_NULL);
		if (csv_parse(p, s + done, 1, on_field, on_row_end, L) != 1)
			return -1;
		csv_set_opts(p, CSV_APPEND_NULL | CSV_STRICT);
		done++;
	}
	return 0;
}

/* ---- input preparation ---------------------------------------------------- */

/* Converts UTF-16 text (after its byte-order mark) to UTF-8.  Returns a new
 * buffer (free it) and its length in *outlen, or NULL when out of memory. */
static char *utf16_to_utf8(const unsigned char *s, size_t n, int big_endian,
			   size_t *outlen)
{
	size_t o = 0, i = 0;
	char *out;

	if (n / 2 > SIZE_MAX / 3 - 2 || !(out = malloc(n / 2 * 3 + 4)))
		return NULL;
	while (i + 1 < n) {
		unsigned long u = big_endian ? (unsigned long)s[i] << 8 | s[i + 1]
					     : (unsigned long)s[i + 1] << 8 | s[i];
		i += 2;
		if (u >= 0xD800 && u <= 0xDBFF && i + 1 < n) {
			unsigned long lo = big_endian ? (unsigned long)s[i] << 8 | s[i + 1]
						      : (unsigned long)s[i + 1] << 8 | s[i];
			if (lo >= 0xDC00 && lo <= 0xDFFF) {
				i += 2;
				u = 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00);
			} else {
				u = 0xFFFD;
			}
		} else if (u >= 0xD800 && u <= 0xDFFF) {
			u = 0xFFFD;
		}
		o += utf8_put(u, out + o);
	}
	*outlen = o;
	return out;
}

/* What the first bytes of a file look like (sniff). */
enum sniff { SNIFF_TEXT, SNIFF_BINARY, SNIFF_UTF16LE, SNIFF_UTF16BE };

#define SNIFF_BYTES 65536

/* Looks at the first SNIFF_BYTES of the n bytes at s: UTF-16 without a
 * byte-order mark (ASCII text in it has a NUL in every other byte), or not
 * text at all (at least 8 NULs or other control characters, more than one
 * byte in 20: real sheets have next to none, while compressed or program
 * files have about one byte in ten). *bad gets the number of such bytes. */
static enum sniff sniff(const unsigned char *s, size_t n, size_t *bad)
{
	size_t m = n < SNIFF_BYTES ? n : SNIFF_BYTES, nul[2] = { 0, 0 }, ctl = 0;

	for (size_t i = 0; i < m; i++) {
		if (s[i] == 0)
			nul[i & 1]++;
		else if ((s[i] < 0x20 && (s[i] < '\t' || s[i] > '\r')) || s[i] == 0x7F)
			ctl++;
	}
	*bad = nul[0] + nul[1] + ctl;
	if (m >= 4) {
		size_t half = m / 2;
		if (nul[1] * 10 >= half * 4 && nul[0] * 20 <= half && ctl * 20 <= half)
			return SNIFF_UTF16LE;
		if (nul[0] * 10 >= half * 4 && nul[1] * 20 <= half && ctl * 20 <= half)
			return SNIFF_UTF16BE;
	}
	return *bad >= 8 && *bad * 20 > m ? SNIFF_BINARY : SNIFF_TEXT;
}

/* The error for a file that is not text, with what it probably is. */
static void report_binary(struct diag *d, const char *name, const unsigned char *s, size_t n,
			  size_t bad)
{
	const char *what = "";
	size_t m = n < SNIFF_BYTES ? n : SNIFF_BYTES;

	if (n >= 4 && memcmp(s, "PK\x03\x04", 4) == 0)
		what = " It looks like an Excel workbook (.xlsx) or another zip file: open it in "
		       "the spreadsheet program and save it as \"CSV UTF-8\".";
	else if (n >= 8 && memcmp(s, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) == 0)
		what = " It looks like an old Excel workbook (.xls): open it in the spreadsheet "
		       "program and save it as \"CSV UTF-8\".";
	else if (n >= 5 && memcmp(s, "%PDF-", 5) == 0)
		what = " It is a PDF document.";
	diag_add(d, DIAG_ERROR, name, 0,
		 "this is not a text file (%zu of its first %zu bytes are NUL or other control "
		 "characters), so it cannot be a CSV sign-up sheet; check that this is the right "
		 "file.%s", bad, m, what);
}

/* Does byte c, between rows, begin one?  libcsv skips line breaks there, and
 * spaces and tabs unless they are the delimiter. */
static int starts_row(unsigned char c, char delim)
{
	if (c == '\n' || c == '\r')
		return 0;
	if ((c == ' ' || c == '\t') && c != (unsigned char)delim)
		return 0;
	return 1;
}

/* Counts the candidate delimiters outside double quotes on the first line
 * that is not blank, and picks the most frequent (',' on a tie or none).
 * counts[0..2] receive the numbers of ',', ';' and tabs. */
static char detect_delim(const char *s, size_t n, size_t counts[3])
{
	static const char cand[3] = { ',', ';', '\t' };
	size_t i = 0, best = 0;
	int quoted = 0;

	counts[0] = counts[1] = counts[2] = 0;
	while (i < n && (s[i] == '\n' || s[i] == '\r' || s[i] == ' '))
		i++;
	for (; i < n; i++) {
		char c = s[i];
		if (c == '"')
			quoted = !quoted;
		else if (quoted)
			continue;
		else if (c == '\n' || c == '\r')
			break;
		else if (c == ',')
			counts[0]++;
		else if (c == ';')
			counts[1]++;
		else if (c == '\t')
			counts[2]++;
	}
	for (size_t k = 1; k < 3; k++)
		if (counts[k] > counts[best])
			best = k;
	return cand[best];
}

static size_t delim_index(char delim)
{
	return delim == ',' ? 0 : delim == ';' ? 1 : 2;
}

static void loader_free(struct loader *L)
{
	free(L->row.p);
	free(L->f);
	free(L->data.p);
	free(L->hofs);
	free(L->cell);
	free(L->lines);
	free(L->nonul.p);
	free(L->decoded.p);
}

/* Hands the arena to the table and points its headers and cells into it. */
static int finish_table(struct loader *L)
{
	struct table *t = L->t;
	char **h, **c;
	unsigned long *lines = L->lines;

	if (L->ncell > SIZE_MAX / sizeof *c)
		return -1;
	h = malloc(L->ncols * sizeof *h);
	c = malloc((L->ncell ? L->ncell : 1) * sizeof *c);
	if (!lines)
		lines = malloc(sizeof *lines);
	if (!h || !c || !lines) {
		free(h);
		free(c);
		if (lines != L->lines)
			free(lines);
		return -1;
	}
	for (size_t i = 0; i < L->ncols; i++)
		h[i] = L->data.p + L->hofs[i];
	for (size_t i = 0; i < L->ncell; i++)
		c[i] = L->data.p + L->cell[i];
	t->headers = h;  /* h[0] is the start of the arena: table_free frees it */
	t->cells = c;
	t->line = lines;
	t->ncols = L->ncols;
	t->nrows = L->nrows;
	L->data.p = NULL;
	L->lines = NULL;
	return 0;
}

static int load(struct table *t, const char *name, const char *buf, size_t len,
		int delim, struct diag *d)
{
	struct loader L;
	struct csv_parser p;
	char *converted = NULL;
	const char *s = buf;
	size_t n = len, pos = 0, counts[3];
	char found;
	int rc = -1;

	memset(t, 0, sizeof *t);
	memset(&L, 0, sizeof L);
	if (delim != TABLE_DELIM_AUTO && delim != ',' && delim != ';' && delim != '\t') {
		diag_add(d, DIAG_ERROR, name, 0,
			 "the delimiter must be a comma, a semicolon or a tab");
		return -1;
	}
	if (!(t->path = strdup(name)))
		goto oom;

	/* byte-order marks: UTF-8's is dropped, UTF-16 (Excel's "Unicode
	 * Text") is converted */
	if (n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0) {
		s += 3;
		n -= 3;
	} else if (n >= 2 && (((unsigned char)s[0] == 0xFF && (unsigned char)s[1] == 0xFE) ||
			      ((unsigned char)s[0] == 0xFE && (unsigned char)s[1] == 0xFF))) {
		size_t clen;
		converted = utf16_to_utf8((const unsigned char *)s + 2, n - 2,
					  (unsigned char)s[0] == 0xFE, &clen);
		if (!converted)
			goto oom;
		s = converted;
		n = clen;
	} else {
		size_t bad;
		enum sniff kind = sniff((const unsigned char *)s, n, &bad);
		if (kind == SNIFF_BINARY) {
			report_binary(d, name, (const unsigned char *)s, n, bad);
			goto fail;
		}
		if (kind == SNIFF_UTF16LE || kind == SNIFF_UTF16BE) {
			size_t clen;
			converted = utf16_to_utf8((const unsigned char *)s, n, kind == SNIFF_UTF16BE,
						  &clen);
			if (!converted)
				goto oom;
			s = converted;
			n = clen;
		}
	}

	found = detect_delim(s, n, counts);
	L.delim = delim == TABLE_DELIM_AUTO ? found : (char)delim;
	if (counts[delim_index(L.delim)] == 0 && counts[delim_index(found)] > 0) {
		size_t other = counts[delim_index(found)];
		diag_add(d, DIAG_ERROR, name, 1,
			 "the header has no %s but %zu %s, so the columns are probably "
			 "wrong; choose the delimiter %s (or automatic) instead of %s",
			 delim_name(L.delim, 1), other, delim_name(found, other != 1),
			 delim_name(found, 0), delim_name(L.delim, 0));
	}
	t->delim = L.delim;

	L.t = t;
	L.d = d;
	L.name = name;
	L.line = 1;
	/* The strings take at most the input's bytes (each NUL stands for a
	 * delimiter or line break) plus the shared "" and a final NUL. */
	if (buf_reserve(&L.data, n + 2) != 0)
		goto oom;

	if (csv_init(&p, CSV_APPEND_NULL | CSV_STRICT) != 0)
		goto oom;
	csv_set_delim(&p, (unsigned char)L.delim);
	csv_set_blk_size(&p, 4096);

	while (pos < n && !L.failed) {
		/* the piece is one physical line with its line break */
		const char *lf = memchr(s + pos, '\n', n - pos);
		size_t lim = lf ? (size_t)(lf - s) : n, end;
		const char *cr = memchr(s + pos, '\r', lim - pos);
		int brk = 1;
		if (cr && cr + 1 != lf)
			end = (size_t)(cr - s) + 1;   /* a lone CR */
		else if (lf)
			end = lim + 1;                /* LF or CR LF */
		else
			end = n, brk = 0;             /* the last line, no break */
		if (!L.in_row) {
			size_t i = pos;
			while (i < end && !starts_row((unsigned char)s[i], L.delim))
				i++;
			if (i < end) {
				L.in_row = 1;
				L.row_line = L.field_line = L.line;
			}
		}
		if (parse_piece(&L, &p, s + pos, end - pos) != 0)
			L.failed = 1;
		pos = end;
		if (brk)
			L.line++;
	}
	if (!L.failed && L.in_row) {
		/* The input ended inside a row.  Without a final line break that
		 * is normal; a line break that does not end the row means an open
		 * quote.  Feeding one line break tells the two apart. */
		int ended_with_break = s[n - 1] == '\n' || s[n - 1] == '\r';
		if (!ended_with_break)
			csv_parse(&p, "\n", 1, on_field, on_row_end, &L);
		if (L.in_row) {
			L.unterminated = 1;
			if (ended_with_break)
				L.line--; /* the last line, not the empty one after it */
		}
	}
	csv_fini(&p, on_field, on_row_end, &L);
	csv_free(&p);
	if (L.failed)
		goto oom;
	if (L.bad_header)
		goto fail;

	if (!L.ncols) {
		if (!L.unterminated)
			diag_add(d, DIAG_ERROR, name, 0, n == 0 ? "the file is empty: no header line"
				 : "no header line: the file has only blank lines");
		goto fail;
	}
	if (finish_table(&L) != 0)
		goto oom;
	rc = 0;
	goto done;
oom:
	diag_add(d, DIAG_ERROR, name, 0, "out of memory while reading the file");
fail:
	table_free(t);
done:
	loader_free(&L);
	free(converted);
	return rc;
}

int table_load_mem(struct table *t, const char *name, const char *buf,
		   size_t len, int delim, struct diag *d)
{
	if (!name)
		name = "(text)";
	if (!buf)
		len = 0;
	return load(t, name, buf ? buf : "", len, delim, d);
}

/* A sign-up sheet of 10000 people is a few MiB; this stops a wrong file
 * (or /dev/zero) from taking all memory. */
#define TABLE_MAX_BYTES (256 << 20)

int table_load(struct table *t, const char *path, int delim, struct diag *d)
{
	FILE *f;
	struct stat st;
	char *buf = NULL;
	size_t len = 0, cap;
	int rc;

	memset(t, 0, sizeof *t);
	f = fopen(path, "rb");
	if (!f) {
		diag_add(d, DIAG_ERROR, path, 0, "cannot open the file: %s", strerror(errno));
		return -1;
	}
	/* one read of the whole file; the loop only matters if it grows */
	cap = (fstat(fileno(f), &st) == 0 && st.st_size > 0 &&
	       (unsigned long long)st.st_size < SIZE_MAX / 2) ? (size_t)st.st_size + 1 : 65536;
	for (;;) {
		char *nb = realloc(buf, cap);
		size_t got;
		if (!nb) {
			diag_add(d, DIAG_ERROR, path, 0, "out of memory while reading the file");
			free(buf);
			fclose(f);
			return -1;
		}
		buf = nb;
		errno = 0;
		got = fread(buf + len, 1, cap - len, f);
		len += got;
		if (len < cap || cap > SIZE_MAX / 2)
			break;
		if (len >= TABLE_MAX_BYTES) {
			diag_add(d, DIAG_ERROR, path, 0,
				 "the file is larger than %d MiB; is it really a sign-up sheet?",
				 TABLE_MAX_BYTES >> 20);
			free(buf);
			fclose(f);
			return -1;
		}
		cap *= 2;
	}
	if (ferror(f)) {
		int e = errno;
		diag_add(d, DIAG_ERROR, path, 0, "cannot read the file: %s",
			 strerror(e ? e : EIO));
		free(buf);
		fclose(f);
		return -1;
	}
	fclose(f);
	rc = load(t, path, buf, len, delim, d);
	free(buf);
	return rc;
}

const char *table_cell(const struct table *t, size_t row, size_t col)
{
	if (!t || !t->cells || row >= t->nrows || col >= t->ncols)
		return "";
	return t->cells[row * t->ncols + col];
}

void table_free(struct table *t)
{
	if (!t)
		return;
	/* All the strings share one block, which starts with the first header. */
	if (t->headers && t->ncols)
		free(t->headers[0]);
	free(t->headers);
	free(t->cells);
	free(t->line);
	free(t->issues);
	free(t->path);
	memset(t, 0, sizeof *t);
}

int table_subset(struct table *dst, const struct table *src, const size_t *rows, size_t n)
{
	size_t total = 0, nissues = 0;
	char *block, *at;

	memset(dst, 0, sizeof *dst);
	for (size_t i = 0; i < n; i++)
		if (rows[i] >= src->nrows)
			return -1;
	for (size_t c = 0; c < src->ncols; c++)
		total += strlen(src->headers[c]) + 1;
	for (size_t i = 0; i < n; i++)
		for (size_t c = 0; c < src->ncols; c++)
			total += strlen(table_cell(src, rows[i], c)) + 1;
	/* the rows not loaded, and the padded rows that are in the subset */
	for (size_t k = 0; k < src->nissues; k++) {
		int keep = src->issues[k].what != TABLE_ROW_TOO_FEW;
		for (size_t i = 0; i < n && !keep; i++)
			keep = src->line[rows[i]] == src->issues[k].line;
		nissues += keep;
	}
	dst->path = strdup(src->path ? src->path : "");
	dst->headers = calloc(src->ncols ? src->ncols : 1, sizeof *dst->headers);
	dst->cells = calloc(n && src->ncols ? n * src->ncols : 1, sizeof *dst->cells);
	dst->line = malloc((n ? n : 1) * sizeof *dst->line);
	dst->issues = nissues ? malloc(nissues * sizeof *dst->issues) : NULL;
	block = malloc(total ? total : 1);
	if (!dst->path || !dst->headers || !dst->cells || !dst->line || !block ||
	    (nissues && !dst->issues)) {
		free(block);
		free(dst->path);
		free(dst->headers);
		free(dst->cells);
		free(dst->line);
		free(dst->issues);
		memset(dst, 0, sizeof *dst);
		return -1;
	}
	at = block;
	for (size_t c = 0; c < src->ncols; c++) {
		size_t len = strlen(src->headers[c]) + 1;
		dst->headers[c] = memcpy(at, src->headers[c], len);
		at += len;
	}
	for (size_t i = 0; i < n; i++) {
		for (size_t c = 0; c < src->ncols; c++) {
			const char *v = table_cell(src, rows[i], c);
			size_t len = strlen(v) + 1;
			dst->cells[i * src->ncols + c] = memcpy(at, v, len);
			at += len;
		}
		dst->line[i] = src->line[rows[i]];
	}
	if (src->ncols == 0)
		free(block);    /* nothing points into it (table_free frees headers[0]) */
	for (size_t k = 0; k < src->nissues; k++) {
		int keep = src->issues[k].what != TABLE_ROW_TOO_FEW;
		for (size_t i = 0; i < n && !keep; i++)
			keep = src->line[rows[i]] == src->issues[k].line;
		if (keep)
			dst->issues[dst->nissues++] = src->issues[k];
	}
	dst->delim = src->delim;
	dst->ncols = src->ncols;
	dst->nrows = n;
	dst->skipped = src->skipped;
	return 0;
}
