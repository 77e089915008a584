/* Loading CSV files (table.c) on the real-world cases in tests/data/cases and
 * on inline text, and the diagnostics they produce (diag.c). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "mentormatch/diag.h"
#include "mentormatch/table.h"

#define CASES "tests/data/cases/"

/* ---- helpers ---------------------------------------------------------------- */

/* Is s valid UTF-8 (no overlongs, surrogates or code points past U+10FFFF)? */
static int valid_utf8(const char *str)
{
	const unsigned char *s = (const unsigned char *)str;

	while (*s) {
		unsigned long cp;
		int len;
		if (*s < 0x80) {
			s++;
			continue;
		}
		if (*s >= 0xC2 && *s <= 0xDF)
			len = 2, cp = *s & 0x1Fu;
		else if (*s >= 0xE0 && *s <= 0xEF)
			len = 3, cp = *s & 0x0Fu;
		else if (*s >= 0xF0 && *s <= 0xF4)
			len = 4, cp = *s & 0x07u;
		else
			return 0;
		for (int i = 1; i < len; i++) {
			if ((s[i] & 0xC0) != 0x80)
				return 0;
			cp = (cp << 6) | (s[i] & 0x3Fu);
		}
		if ((len == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) ||
		    (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)))
			return 0;
		s += len;
	}
	return 1;
}

/* The item at level on line whose message contains all of the words
 * (NULL-terminated), or NULL. */
static const struct diag_item *find_item(const struct diag *d, enum diag_level level,
					 unsigned long line, ...)
{
	for (size_t i = 0; i < d->n; i++) {
		const struct diag_item *it = &d->items[i];
		va_list ap;
		const char *w;
		int ok = it->level == level && it->line == line;
		va_start(ap, line);
		while (ok && (w = va_arg(ap, const char *)) != NULL)
			ok = strstr(it->msg, w) != NULL;
		va_end(ap);
		if (ok)
			return it;
	}
	return NULL;
}

static const char *cell(const struct table *t, size_t row, const char *header)
{
	for (size_t c = 0; c < t->ncols; c++)
		if (strcmp(t->headers[c], header) == 0)
			return table_cell(t, row, c);
	fail_msg("no column \"%s\"", header);
	return NULL;
}

static void assert_all_cells_utf8(const struct table *t)
{
	for (size_t c = 0; c < t->ncols; c++)
		assert_true(valid_utf8(t->headers[c]));
	for (size_t r = 0; r < t->nrows; r++)
		for (size_t c = 0; c < t->ncols; c++)
			assert_true(valid_utf8(table_cell(t, r, c)));
}

static int load_text(struct table *t, const char *text, int delim, struct diag *d)
{
	return table_load_mem(t, "inline.csv", text, strlen(text), delim, d);
}

/* ---- the real-world cases ------------------------------------------------------ */

/* C01: Excel "CSV UTF-8": BOM and CR LF. */
static void test_c01_bom_crlf(void **state)
{
	struct table t;
	struct diag d = { 0 };
	(void)state;

	assert_int_equal(table_load(&t, CASES "C01_excel_bom_crlf.csv", TABLE_DELIM_AUTO, &d), 0);
	assert_int_equal(d.n, 0);
	assert_int_equal(t.delim, ',');
	assert_int_equal(t.ncols, 7);
	assert_string_equal(t.headers[0], "First name"); /* no EF BB BF prefix */
	assert_string_equal(t.headers[6], "Capacity");
	assert_int_equal(t.nrows, 3);
	assert_string_equal(t.path, CASES "C01_excel_bom_crlf.csv");
	assert_string_equal(cell(&t, 0, "Capacity"), "2");
	assert_string_equal(cell(&t, 1, "Capacity"), "1");
	assert_string_equal(cell(&t, 2, "Capacity"), "3");
	assert_memory_equal(cell(&t, 0, "First name"), "Zo\xC3\xAB", 5);
	assert_string_equal(cell(&t, 2, "Profession"), "Operational delivery");
	for (size_t r = 0; r < t.nrows; r++)
		for (size_t c = 0; c < t.ncols; c++)
			assert_null(strchr(table_cell(&t, r, c), '\r'));
	assert_int_equal(t.line[0], 2);
	assert_int_equal(t.line[1], 3);
	assert_int_equal(t.line[2], 4);
	assert_int_equal(t.skipped, 0);
	table_free(&t);
	assert_null(t.cells);
	assert_int_equal(t.nrows, 0);

	/* a BOM before a quoted first header (Microsoft Forms saved by Excel) */
	assert_int_equal(load_text(&t, "\xEF\xBB\xBF\"ID\",\"Name\"\r\n1,Ann\r\n", TABLE_DELIM_AUTO, &d), 0);
	assert_int_equal(d.n, 0);
	assert_string_equal(t.headers[0], "ID");
	assert_string_equal(table_cell(&t, 0, 1), "Ann");
	table_free(&t);
	diag_free(&d);
}

/* C02: quoted multi-line bios with bare LF inside and CR LF between rows. */
static void test_c02_multiline(void **state)
{
	struct table t;
	struct diag d = { 0 };
	(void)state;

	assert_int_equal(table_load(&t, CASES "C02_multiline_bio.csv", TABLE_DELIM_AUTO, &d), 0);
	assert_int_equal(d.n, 0);
	assert_int_equal(t.ncols, 5);
	assert_int_equal(t.nrows, 4);
	assert_string_equal(t.headers[4], "About you");
	assert_string_equal(cell(&t, 0, "First name"), "Robin");
	assert_string_equal(cell(&t, 0, "About you"),
			    "Line one of my bio.\nLine two, with a comma.\n\nNew paragraph after a blank line.");
	assert_string_equal(cell(&t, 1, "First name"), "Jamie");
	assert_string_equal(cell(&t, 1, "About you"),
			    "I am told I am a \"people person\", apparently.");
	assert_string_equal(cell(&t, 2, "First name"), "Casey");
	assert_string_equal(cell(&t, 2, "About you"), "Ends with a line break\n");
	assert_string_equal(cell(&t, 3, "First name"), "Drew");
	assert_string_equal(cell(&t, 3, "About you"), "No bio given");
	assert_string_equal(cell(&t, 3, "Profession"), "Legal");
	/* the physical line where each row starts */
	assert_int_equal(t.line[0], 2);
	assert_int_equal(t.line[1], 6);
	assert_int_equal(t.line[2], 7);
	assert_int_equal(t.line[3], 9);
	table_free(&t);
	diag_free(&d);
}

/* C03: German Excel, ';' between fields and ',' inside values. */
static void test_c03_semicolon(void **state)
{
	struct table t;
	struct diag d = { 0 };
	(void)state;

	assert_int_equal(table_load(&t, CASES "C03_semicolon_excel.csv", TABLE_DELIM_AUTO, &d), 0);
	assert_int_equal(d.n, 0);
	assert_int_equal(t.delim, ';');
	assert_int_equal(t.ncols, 8);
	assert_int_equal(t.nrows, 3);
	assert_string_equal(t.headers[6], "Hours per month");
	assert_string_equal(cell(&t, 0, "First name"), "J\xC3\xB6rg");
	assert_string_equal(cell(&t, 0, "Organisation"), "Beispiel GmbH, Abteilung 3");
	assert_string_equal(cell(&t, 0, "Hours per month"), "1,5");
	assert_string_equal(cell(&t, 0, "Capacity"), "2");
	assert_string_equal(cell(&t, 1, "Organisation"), "Soci\xC3\xA9t\xC3\xA9 Test; Paris");
	assert_string_equal(cell(&t, 1, "Hours per month"), "2,0");
	assert_string_equal(cell(&t, 2, "Hours per month"), "0,5");
	assert_string_equal(cell(&t, 2, "Capacity"), "1");
	table_free(&t);

	/* given explicitly: the same */
	assert_int_equal(table_load(&t, CASES "C03_semicolon_excel.csv", ';', &d), 0);
	assert_int_equal(d.n, 0);
	assert_int_equal(t.ncols, 8);
	assert_int_equal(t.nrows, 3);
	table_free(&t);

	/* the wrong delimiter given: never silently one column */
	assert_int_equal(table_load(&t, CASES "C03_semicolon_excel.csv", ',', &d), 0);
	assert_int_equal(t.delim, ',');
	assert_non_null(find_item(&d, DIAG_ERROR, 1, "no commas", "7 semicolons", NULL));
	table_free(&t);
	diag_free(&d);
}

/* C05: Microsoft Forms export: headers with trailing spaces, ';' lists. */
static void test_c05_headers_trimmed(void **state)
{
	struct table t;
	struct diag d = { 0 };
	(void)state;

	assert_int_equal(table_load(&t, CASES "C05_msforms_export.csv", TABLE_DELIM_AUTO, &d), 0);
	assert_int_equal(d.n, 0);
	assert_int_equal(t.ncols, 12);
	assert_int_equal(t.nrows, 3);
	assert_string_equal(t.headers[3], "Email");
	assert_string_equal(t.headers[5], "First name");
	assert_string_equal(t.headers[6], "Last name");
	assert_string_equal(t.headers[7], "What is your work email address?");
	assert_string_equal(t.headers[8], "Organisation / team");
	assert_string_equal(t.headers[10], "Which of the following apply to you?");
	assert_string_equal(table_cell(&t, 0, 3), "anonymous");
	assert_string_equal(table_cell(&t, 0, 4), "");
	assert_string_equal(table_cell(&t, 0, 10), "Carer;LGBTQ+;");
	assert_string_equal(table_cell(&t, 1, 10), "Disabled;");
	assert_string_equal(table_cell(&t, 2, 10), "");
	assert_string_equal(table_cell(&t, 2, 11), "0");
	assert_int_equal(t.line[2], 4);
	table_free(&t);
	diag_free(&d);
}

/* C07: a short row is padded, a long one is not loaded. */
static void test_c07_ragged(void **state)
{
	struct table t;
	struct diag d = { 0 };
	const struct diag_item *it;
	char buf[256];
	(void)state;

	assert_int_equal(table_load(&t, CASES "C07_ragged_rows.csv", TABLE_DELIM_AUTO, &d), 0);
	assert_int_equal(t.ncols, 8);
	assert_int_equal(t.nrows, 3);
	assert_int_equal(t.skipped, 1);

	assert_string_equal(cell(&t, 0, "First name"), "Ash");
	assert_string_equal(cell(&t, 0, "Capacity"), "2");
	assert_int_equal(t.line[0], 2);

	assert_string_equal(cell(&t, 1, "First name"), "Bo");
	assert_string_equal(cell(&t, 1, "Grade"), "SEO");
	assert_string_equal(cell(&t, 1, "Profession"), "");
	assert_string_equal(cell(&t, 1, "Characteristics"), "");
	assert_string_equal(cell(&t, 1, "Capacity"), "");
	assert_int_equal(t.line[1], 3);

	assert_string_equal(cell(&t, 2, "First name"), "Dee");
	assert_string_equal(cell(&t, 2, "Grade"), "HEO");
	assert_string_equal(cell(&t, 2, "Capacity"), "1");
	assert_int_equal(t.line[2], 5);

	/* Cam is nowhere, and London is never a grade */
	for (size_t r = 0; r < t.nrows; r++) {
		assert_string_not_equal(cell(&t, r, "First name"), "Cam");
		assert_null(strstr(cell(&t, r, "Grade"), "London"));
	}

	assert_int_equal(diag_count(&d, DIAG_WARNING), 1);
	assert_int_equal(diag_count(&d, DIAG_ERROR), 1);
	assert_non_null(find_item(&d, DIAG_WARNING, 3, "5 fields", "header has 8", NULL));
	it = find_item(&d, DIAG_ERROR, 4, "9 fields", "header has 8", "not loaded", NULL);
	assert_non_null(it);
	assert_string_equal(it->file, CASES "C07_ragged_rows.csv");
	diag_format(it, buf, sizeof buf);
	assert_non_null(strstr(buf, "C07_ragged_rows.csv:4: error: row has 9 fields"));

	/* the same two rows, kept for the import report, in file order */
	assert_int_equal(t.nissues, 2);
	assert_int_equal(t.issues[0].what, TABLE_ROW_TOO_FEW);
	assert_int_equal(t.issues[0].line, 3);
	assert_int_equal(t.issues[0].last_line, 3);
	assert_int_equal(t.issues[0].nfields, 5);
	assert_int_equal(t.issues[1].what, TABLE_ROW_TOO_MANY);
	assert_int_equal(t.issues[1].line, 4);
	assert_int_equal(t.issues[1].last_line, 4);
	assert_int_equal(t.issues[1].nfields, 9);
	table_free(&t);
	assert_null(t.issues);
	assert_int_equal(t.nissues, 0);
	diag_free(&d);
}

/* C08: UTF-8 and Windows-1252 rows in one file. */
static void test_c08_cp1252(void **state)
{
	struct table t;
	struct diag d = { 0 };
	(void)state;

	assert_int_equal(table_load(&t, CASES "C08_mixed_cp1252.csv", TABLE_DELIM_AUTO, &d), 0);
	assert_int_equal(t.ncols, 5);
	assert_int_equal(t.nrows, 5);
	/* valid UTF-8 rows untouched (no "ZoÃ«") */
	assert_string_equal(cell(&t, 0, "First name"), "Zo\xC3\xAB");
	assert_string_equal(cell(&t, 0, "Organisation"), "Caf\xC3\xA9 Example");
	assert_string_equal(cell(&t, 1, "First name"), "Chlo\xC3\xA9");
	/* Windows-1252 rows decoded */
	assert_string_equal(cell(&t, 2, "First name"), "Ren\xC3\xA9" "e");
	assert_string_equal(cell(&t, 2, "Organisation"), "Caf\xC3\xA9 Test");
	assert_string_equal(cell(&t, 2, "Email address"), "renee.exemple@example.fr");
	assert_string_equal(cell(&t, 3, "First name"), "J\xC3\xBCrgen");
	assert_string_equal(cell(&t, 3, "Last name"), "Gr\xC3\xBC\xC3\x9F");
	assert_string_equal(cell(&t, 3, "Organisation"), "Stra\xC3\x9F" "e Team");
	assert_string_equal(cell(&t, 4, "Last name"), "O\xE2\x80\x99" "Example");      /* ’ */
	assert_string_equal(cell(&t, 4, "Organisation"), "Example \xE2\x80\x93 Unit"); /* – */
	assert_all_cells_utf8(&t);
	/* reported by line: 4, 5 and 6, and nothing else */
	assert_int_equal(d.n, 3);
	assert_non_null(find_item(&d, DIAG_WARNING, 4, "UTF-8", "Windows-1252", "First name",
				  "Organisation", NULL));
	assert_non_null(find_item(&d, DIAG_WARNING, 5, "UTF-8", "Windows-1252", "Last name", NULL));
	assert_non_null(find_item(&d, DIAG_WARNING, 6, "UTF-8", "Windows-1252", NULL));
	assert_string_equal(d.items[0].file, CASES "C08_mixed_cp1252.csv");
	table_free(&t);
	diag_free(&d);
}

/* C11: quoted padding and U+00A0 reach the cells as they are. */
static void test_c11_values_exact(void **state)
{
	struct table t;
	struct diag d = { 0 };
	(void)state;

	assert_int_equal(table_load(&t, CASES "C11_category_variants.csv", TABLE_DELIM_AUTO, &d), 0);
	assert_int_equal(d.n, 0);
	assert_int_equal(t.ncols, 5);
	assert_int_equal(t.nrows, 7);
	assert_string_equal(t.headers[3], "Grade");
	assert_string_equal(t.headers[4], "Profession");
	assert_string_equal(cell(&t, 0, "Grade"), "HEO");
	assert_string_equal(cell(&t, 1, "Grade"), "HEO ");
	assert_string_equal(cell(&t, 1, "Profession"), "policy");
	assert_string_equal(cell(&t, 2, "Grade"), "heo");
	assert_string_equal(cell(&t, 2, "Profession"), "POLICY");
	assert_string_equal(cell(&t, 3, "Grade"), " Heo");
	assert_string_equal(cell(&t, 3, "Profession"), "Policy ");
	assert_string_equal(cell(&t, 4, "Grade"), "HEO\xC2\xA0");
	assert_int_equal(t.line[4], 6);
	assert_string_equal(cell(&t, 5, "Profession"), "digital  ");
	assert_string_equal(cell(&t, 6, "Grade"), "SEO");
	table_free(&t);
	diag_free(&d);
}

/* ---- inline text ---------------------------------------------------------------- */

static void test_tabs(void **state)
{
	struct table t;
	struct diag d = { 0 };
	(void)state;

	assert_int_equal(load_text(&t, "name\tnote, with comma\tgrade\nAnn\ta, b; c\tHEO\n"
				   "\t\t\nBen\t\tSEO\n", TABLE_DELIM_AUTO, &d), 0);
	assert_int_equal(d.n, 0);
	assert_int_equal(t.delim, '\t');
	assert_int_equal(t.ncols, 3);
	assert_string_equal(t.headers[1], "note, with comma");
	assert_int_equal(t.nrows, 2);
	assert_string_equal(table_cell(&t, 0, 1), "a, b; c");
	assert_string_equal(table_cell(&t, 1, 0), "Ben");
	assert_string_equal(table_cell(&t, 1, 1), "");
	assert_string_equal(table_cell(&t, 1, 2), "SEO");
	assert_int_equal(t.line[1], 4);
	table_free(&t);

	assert_int_equal(load_text(&t, "a\tb\n1\t2\n", '\t', &d), 0);
	assert_int_equal(t.ncols, 2);
	assert_string_equal(table_cell(&t, 0, 1), "2");
	table_free(&t);
	diag_free(&d);
}

static void test_empty_and_missing(void **state)
{
	struct table t;
	struct diag d = { 0 };
	char buf[512];
	(void)state;

	assert_int_equal(table_load_mem(&t, "empty.csv", "", 0, TABLE_DELIM_AUTO, &d), -1);
	assert_null(t.path);
	assert_null(t.headers);
	assert_int_equal(t.nrows, 0);
	assert_int_equal(d.n, 1);
	assert_int_equal(d.items[0].level, DIAG_ERROR);
	assert_string_equal(d.items[0].file, "empty.csv");
	assert_non_null(strstr(d.items[0].msg, "no header line"));
	table_free(&t); /* safe on the empty struct */
	diag_clear(&d);

	/* a BOM alone, or blank lines only, is no better */
	assert_int_equal(load_text(&t, "\xEF\xBB\xBF", TABLE_DELIM_AUTO, &d), -1);
	assert_int_equal(load_text(&t, "\r\n\n   \n", TABLE_DELIM_AUTO, &d), -1);
	assert_int_equal(d.n, 2);
	assert_non_null(strstr(d.items[1].msg, "no header line"));
	diag_clear(&d);

	assert_int_equal(table_load(&t, "tests/data/cases/no-such-file.csv", TABLE_DELIM_AUTO, &d), -1);
	assert_null(t.cells);
	assert_int_equal(d.n, 1);
	diag_format(&d.items[0], buf, sizeof buf);
	assert_non_null(strstr(buf, "no-such-file.csv"));
	assert_non_null(strstr(buf, "error"));
	assert_non_null(strstr(buf, "No such file or directory"));
	diag_clear(&d);

	/* a directory opens but cannot be read */
	assert_int_equal(table_load(&t, "tests", TABLE_DELIM_AUTO, &d), -1);
	assert_int_equal(diag_count(&d, DIAG_ERROR), 1);
	assert_string_equal(d.items[0].file, "tests");
	diag_clear(&d);

	/* an unsupported delimiter */
	assert_int_equal(load_text(&t, "a|b\n", '|', &d), -1);
	assert_int_equal(diag_count(&d, DIAG_ERROR), 1);
	diag_free(&d);
}

static void test_line_ends_and_blank_lines(void **state)
{
	struct table t;
	struct diag d = { 0 };
	(void)state;

	/* blank lines (empty, spaces only, empty fields only) are skipped and
	 * the lines still counted; the last row has no line break */
	assert_int_equal(load_text(&t, "\na,b\n\n1,2\n   \n3,4\n,\n\"\",\"\"\r\n5,6",
				   TABLE_DELIM_AUTO, &d), 0);
	assert_int_equal(d.n, 0);
	assert_int_equal(t.ncols, 2);
	assert_string_equal(t.headers[0], "a");
	assert_int_equal(t.nrows, 3);
	assert_int_equal(t.line[0], 4);
	assert_int_equal(t.line[1], 6);
	assert_int_equal(t.line[2], 9);
	assert_string_equal(table_cell(&t, 2, 1), "6");
	table_free(&t);

	/* old Mac line ends (lone CR) */
	assert_int_equal(load_text(&t, "a,b\r1,2\r3,4\r", TABLE_DELIM_AUTO, &d), 0);
	assert_int_equal(t.nrows, 2);
	assert_int_equal(t.line[1], 3);
	assert_string_equal(table_cell(&t, 1, 1), "4");
	table_free(&t);

	/* CR LF inside quotes is kept, and counted as one line */
	assert_int_equal(load_text(&t, "a,b\r\n\"x\r\ny\",2\r\n3,4\r\n", TABLE_DELIM_AUTO, &d), 0);
	assert_int_equal(t.nrows, 2);
	assert_string_equal(table_cell(&t, 0, 0), "x\r\ny");
	assert_int_equal(t.line[0], 2);
	assert_int_equal(t.line[1], 4);
	table_free(&t);
	diag_free(&d);
}

static void test_quotes_and_spaces(void **state)
{
	struct table t;
	struct diag d = { 0 };
	(void)state;

	assert_int_equal(load_text(&t, " \xC2\xA0Name\xC2\xA0 ,\"  E-mail \"\n"
				   "\"x\"\"y\", \" padded \" \n"
				   "  bare  ,5'10\"\n",
				   TABLE_DELIM_AUTO, &d), 0);
	assert_int_equal(d.n, 0);
	assert_string_equal(t.headers[0], "Name");
	assert_string_equal(t.headers[1], "E-mail");
	assert_int_equal(t.nrows, 2);
	assert_string_equal(table_cell(&t, 0, 0), "x\"y");
	assert_string_equal(table_cell(&t, 0, 1), " padded ");
	/* libcsv drops spaces around unquoted values; a stray quote is kept */
	assert_string_equal(table_cell(&t, 1, 0), "bare");
	assert_string_equal(table_cell(&t, 1, 1), "5'10\"");
	table_free(&t);
	diag_free(&d);
}

static void test_unterminated_quote(void **state)
{
	struct table t;
	struct diag d = { 0 };
	(void)state;

	assert_int_equal(load_text(&t, "a,b\n1,2\n3,\"open\n4,5\n6,7\n", TABLE_DELIM_AUTO, &d), 0);
	assert_int_equal(t.nrows, 1);
	assert_int_equal(t.skipped, 1);
	assert_non_null(find_item(&d, DIAG_ERROR, 3, "no closing quote", "lines 3 to 5", NULL));
	assert_int_equal(t.nissues, 1);
	assert_int_equal(t.issues[0].what, TABLE_ROW_UNCLOSED_QUOTE);
	assert_int_equal(t.issues[0].line, 3);
	assert_int_equal(t.issues[0].last_line, 5);
	table_free(&t);
	diag_clear(&d);

	/* the same without a final line break */
	assert_int_equal(load_text(&t, "a,b\n1,2\n3,\"open", TABLE_DELIM_AUTO, &d), 0);
	assert_int_equal(t.nrows, 1);
	assert_int_equal(t.skipped, 1);
	assert_non_null(find_item(&d, DIAG_ERROR, 3, "no closing quote", NULL));
	assert_int_equal(t.nissues, 1);
	assert_int_equal(t.issues[0].what, TABLE_ROW_UNCLOSED_QUOTE);
	assert_int_equal(t.issues[0].line, 3);
	assert_int_equal(t.issues[0].last_line, 3);
	table_free(&t);
	diag_clear(&d);

	/* in the header: nothing can be loaded */
	assert_int_equal(load_text(&t, "\"a,b\n1,2\n", TABLE_DELIM_AUTO, &d), -1);
	assert_int_equal(diag_count(&d, DIAG_ERROR), 1);
	assert_non_null(strstr(d.items[0].msg, "no closing quote"));
	diag_free(&d);
}

/* A " inside a quoted value that is neither doubled nor its end (a stray
 * quote): libcsv keeps it in the value.  When the row still has the header's
 * fields on one line, it is loaded with a warning; when the value runs on
 * to later lines or the row's fields no longer fit the header, its values
 * would be in the wrong columns: the row is not loaded, and reported. */
static void test_stray_quotes(void **state)
{
	struct table t;
	struct diag d = { 0 };
	(void)state;

	/* one line, the right number of fields: loaded, with a warning */
	assert_int_equal(load_text(&t, "id,city,n\n1,\"Syd\"ney\",2\n2,\"a \"\"b\"\" c\",3\n",
				   TABLE_DELIM_AUTO, &d), 0);
	assert_int_equal(t.nrows, 2);
	assert_int_equal(t.skipped, 0);
	assert_string_equal(table_cell(&t, 0, 1), "Syd\"ney");
	assert_string_equal(table_cell(&t, 0, 2), "2");
	assert_string_equal(table_cell(&t, 1, 1), "a \"b\" c");   /* doubled: fine */
	assert_int_equal(d.n, 1);
	assert_non_null(find_item(&d, DIAG_WARNING, 2, "column \"city\"", "not doubled",
				  "read as Syd\"ney", NULL));
	table_free(&t);
	diag_clear(&d);

	/* the quote before "Dr. Brown" closes nothing: the row has 3 fields
	 * instead of 5, and its values would move along; the next rows load */
	assert_int_equal(load_text(&t, "id,city,cap,intro,state\n"
				   "1,\"Perth\",1,\"Hi\",WA\n"
				   "2,\"Sydney,2,\"Dr. Brown here\",NSW\n"
				   "3,\"Hobart\",2,\"Hello\",TAS\n", TABLE_DELIM_AUTO, &d), 0);
	assert_int_equal(t.nrows, 2);
	assert_int_equal(t.skipped, 1);
	assert_string_equal(table_cell(&t, 1, 0), "3");
	assert_string_equal(table_cell(&t, 1, 2), "2");
	assert_int_equal(d.n, 1);
	assert_non_null(find_item(&d, DIAG_ERROR, 3, "column \"city\" is not closed where it should be",
				  "3 fields but the header has 5", "not loaded", NULL));
	assert_int_equal(t.nissues, 1);
	assert_int_equal(t.issues[0].what, TABLE_ROW_UNCLOSED_QUOTE);
	assert_int_equal(t.issues[0].line, 3);
	table_free(&t);
	diag_clear(&d);

	/* the value runs on to line 3 and takes that row in, with the right
	 * number of fields: neither row is loaded silently */
	assert_int_equal(load_text(&t, "a,b,c\n1,\"b,c\nd,\"e\",f\n4,5,6\n", TABLE_DELIM_AUTO, &d), 0);
	assert_int_equal(t.nrows, 1);
	assert_int_equal(t.line[0], 4);
	assert_int_equal(t.skipped, 1);
	assert_int_equal(d.n, 1);
	assert_non_null(find_item(&d, DIAG_ERROR, 2, "opened here (column \"b\") is never closed",
				  "line 3 is not doubled", "runs to line 3", "not loaded", NULL));
	assert_int_equal(t.issues[0].line, 2);
	assert_int_equal(t.issues[0].last_line, 3);
	table_free(&t);
	diag_clear(&d);

	/* a value over two lines with doubled quotes is fine */
	assert_int_equal(load_text(&t, "a,b\n1,\"say \"\"hi\"\"\nthen \"\"go\"\"\"\n", TABLE_DELIM_AUTO, &d), 0);
	assert_int_equal(d.n, 0);
	assert_int_equal(t.nrows, 1);
	assert_string_equal(table_cell(&t, 0, 1), "say \"hi\"\nthen \"go\"");
	table_free(&t);

	/* in the header, over two lines: nothing can be loaded */
	assert_int_equal(load_text(&t, "a,\"b\nx,\"y\",c\n1,2,3\n", TABLE_DELIM_AUTO, &d), -1);
	assert_int_equal(diag_count(&d, DIAG_ERROR), 1);
	assert_non_null(find_item(&d, DIAG_ERROR, 1, "the header", "never closed",
				  "up to line 2", NULL));
	diag_free(&d);
}

static void test_encodings(void **state)
{
	struct table t;
	struct diag d = { 0 };
	/* UTF-16LE with its BOM, as Excel's "Unicode Text" */
	static const char utf16[] = "\xFF\xFE" "a\0\t\0b\0\r\0\n\0" "1\0\t\0\xE9\0\r\0\n\0";
	(void)state;

	assert_int_equal(table_load_mem(&t, "u16.txt", utf16, sizeof utf16 - 1, TABLE_DELIM_AUTO, &d), 0);
	assert_int_equal(d.n, 0);
	assert_int_equal(t.delim, '\t');
	assert_int_equal(t.ncols, 2);
	assert_int_equal(t.nrows, 1);
	assert_string_equal(table_cell(&t, 0, 1), "\xC3\xA9");
	table_free(&t);

	/* a Windows-1252 header, a NUL byte, the line of a bad byte inside a
	 * multi-line value */
	assert_int_equal(table_load_mem(&t, "x.csv", "Pr\xE9nom,b\n1\0x,\"l1\nl2 \x80\"\n", 23,
					TABLE_DELIM_AUTO, &d), 0);
	assert_string_equal(t.headers[0], "Pr\xC3\xA9nom");
	assert_string_equal(table_cell(&t, 0, 0), "1x");
	assert_string_equal(table_cell(&t, 0, 1), "l1\nl2 \xE2\x82\xAC");
	assert_non_null(find_item(&d, DIAG_WARNING, 1, "header column 1", "Windows-1252", NULL));
	assert_non_null(find_item(&d, DIAG_WARNING, 2, "NUL", NULL));
	assert_non_null(find_item(&d, DIAG_WARNING, 3, "\"b\"", "Windows-1252", NULL));
	assert_all_cells_utf8(&t);
	table_free(&t);
	diag_free(&d);
}

/* A file that is not text is refused at once, with one message (not one per
 * line); UTF-16 without a byte-order mark is read; a few stray control
 * characters in a sheet are not enough to refuse it. */
static void test_not_text(void **state)
{
	struct table t;
	struct diag d = { 0 };
	unsigned char zip[4096];
	char u16[64];
	size_t n = 0;
	unsigned x = 12345;
	(void)state;

	/* a zip file (an .xlsx): its header, then bytes as random as compressed data */
	memcpy(zip, "PK\x03\x04", 4);
	for (size_t i = 4; i < sizeof zip; i++) {
		x = x * 1103515245u + 12345u;
		zip[i] = (unsigned char)(x >> 16);
	}
	assert_int_equal(table_load_mem(&t, "book.xlsx", (const char *)zip, sizeof zip,
					TABLE_DELIM_AUTO, &d), -1);
	assert_int_equal(d.n, 1);
	assert_non_null(find_item(&d, DIAG_ERROR, 0, "not a text file", "Excel workbook (.xlsx)",
				  "CSV UTF-8", NULL));
	assert_int_equal(t.nrows, 0);
	diag_clear(&d);

	/* a program: ELF header, NULs */
	static const char elf[] = "\x7F" "ELF\x02\x01\x01\0\0\0\0\0\0\0\0\0\x02\0\x3E\0\x01\0\0\0"
		"\x40\x10\0\0\0\0\0\0,\n\0\0\0\0";
	assert_int_equal(table_load_mem(&t, "prog", elf, sizeof elf - 1, TABLE_DELIM_AUTO, &d), -1);
	assert_int_equal(d.n, 1);
	assert_non_null(find_item(&d, DIAG_ERROR, 0, "not a text file", NULL));
	diag_clear(&d);

	/* UTF-16LE without a byte-order mark: "a,b\r\n1,\xE9\r\n" */
	static const char txt[] = "a,b\r\n1,\xE9\r\n";
	for (size_t i = 0; i + 1 < sizeof txt; i++) {
		u16[n++] = txt[i];
		u16[n++] = '\0';
	}
	assert_int_equal(table_load_mem(&t, "u16.csv", u16, n, TABLE_DELIM_AUTO, &d), 0);
	assert_int_equal(d.n, 0);
	assert_int_equal(t.ncols, 2);
	assert_int_equal(t.nrows, 1);
	assert_string_equal(table_cell(&t, 0, 1), "\xC3\xA9");
	table_free(&t);
	/* and big-endian */
	for (size_t i = 0; i < n; i += 2) {
		u16[i + 1] = u16[i];
		u16[i] = '\0';
	}
	assert_int_equal(table_load_mem(&t, "u16be.csv", u16, n, TABLE_DELIM_AUTO, &d), 0);
	assert_int_equal(d.n, 0);
	assert_string_equal(table_cell(&t, 0, 0), "1");
	table_free(&t);

	/* escape codes and a bell in a few cells: a sheet all the same */
	static const char esc[] = "name,email\n\x1B[31mRed\x1B[0m \x07" "Ann,a@x\nBob,b@x\n";
	assert_int_equal(table_load_mem(&t, "esc.csv", esc, sizeof esc - 1, TABLE_DELIM_AUTO, &d), 0);
	assert_int_equal(t.nrows, 2);
	assert_string_equal(table_cell(&t, 0, 0), "\x1B[31mRed\x1B[0m \x07" "Ann");
	table_free(&t);
	diag_free(&d);
}

static void test_cell_bounds(void **state)
{
	struct table t;
	struct diag d = { 0 };
	(void)state;

	assert_int_equal(load_text(&t, "a,b,c\n1\n", TABLE_DELIM_AUTO, &d), 0);
	assert_int_equal(t.nrows, 1);
	assert_string_equal(table_cell(&t, 0, 0), "1");
	assert_string_equal(table_cell(&t, 0, 2), "");
	assert_non_null(find_item(&d, DIAG_WARNING, 2, "1 fields", "header has 3", NULL));
	/* out of range: "" rather than a crash */
	assert_string_equal(table_cell(&t, 1, 0), "");
	assert_string_equal(table_cell(&t, 0, 3), "");
	table_free(&t);
	diag_free(&d);
}

/* 10000 rows, each with a quoted two-line bio, load whole, with the right
 * line numbers.  (Speed is measured by make bench, not here.) */
static void test_large(void **state)
{
	const char *row = "Ann%05d,Example,ann.%d@example.org,Department of Examples,HEO,Policy,"
			  "\"Carer, Disabled\",\"First line of the bio, number %d.\nSecond line: Zo\xC3\xAB.\"\r\n";
	size_t cap = 10000 * 200 + 200, len = 0;
	char *buf = malloc(cap);
	struct table t;
	struct diag d = { 0 };
	(void)state;

	assert_non_null(buf);
	len += (size_t)snprintf(buf, cap, "First name,Last name,Email address,Organisation,Grade,"
				"Profession,Characteristics,About you\r\n");
	for (int i = 0; i < 10000; i++)
		len += (size_t)snprintf(buf + len, cap - len, row, i, i, i);
	assert_int_equal(table_load_mem(&t, "large.csv", buf, len, TABLE_DELIM_AUTO, &d), 0);
	assert_int_equal(t.nrows, 10000);
	assert_int_equal(t.ncols, 8);
	assert_int_equal(t.line[9999], 2 + 2 * 9999);
	assert_string_equal(table_cell(&t, 9999, 0), "Ann09999");
	assert_string_equal(table_cell(&t, 9999, 7),
			    "First line of the bio, number 9999.\nSecond line: Zo\xC3\xAB.");
	table_free(&t);
	assert_int_equal(d.n, 0);
	free(buf);
	diag_free(&d);
}

/* Extra fields are never dropped, even empty ones: a row with an unquoted
 * delimiter inside a value and an empty last column would otherwise load
 * shifted by one column. */
static void test_extra_empty_fields(void **state)
{
	struct table t;
	struct diag d = { 0 };
	(void)state;
	assert_int_equal(load_text(&t, "a,b,c\n1,2,3\nDept, X,HR,\n5,6,7\n", TABLE_DELIM_AUTO, &d), 0);
	assert_int_equal(t.nrows, 2);
	assert_string_equal(table_cell(&t, 1, 0), "5");
	assert_int_equal(t.skipped, 1);
	assert_int_equal(diag_count(&d, DIAG_ERROR), 1);
	assert_int_equal(d.items[0].line, 3);
	table_free(&t);
	diag_free(&d);
}


/* ---- diagnostics ------------------------------------------------------------------ */

static void test_diag(void **state)
{
	struct diag d = { 0 };
	char buf[64];
	char *out = NULL;
	size_t outlen = 0;
	FILE *mem;
	(void)state;

	diag_add(&d, DIAG_ERROR, "m.csv", 4, "row has %d fields", 9);
	diag_add(&d, DIAG_WARNING, "m.csv", 0, "whole file");
	diag_add(&d, DIAG_NOTE, NULL, 0, "%zu rows loaded", (size_t)3);
	diag_add(&d, DIAG_WARNING, NULL, 0, "two\nlines\n");
	diag_add(NULL, DIAG_ERROR, NULL, 0, "ignored");
	assert_int_equal(d.n, 4);
	assert_int_equal(diag_count(&d, DIAG_ERROR), 1);
	assert_int_equal(diag_count(&d, DIAG_WARNING), 2);
	assert_int_equal(diag_count(&d, DIAG_NOTE), 1);

	diag_format(&d.items[0], buf, sizeof buf);
	assert_string_equal(buf, "m.csv:4: error: row has 9 fields");
	diag_format(&d.items[1], buf, sizeof buf);
	assert_string_equal(buf, "m.csv: warning: whole file");
	diag_format(&d.items[2], buf, sizeof buf);
	assert_string_equal(buf, "note: 3 rows loaded");
	assert_string_equal(d.items[3].msg, "two lines"); /* one line, no trailing newline */

	/* truncation never splits a UTF-8 character */
	diag_add(&d, DIAG_ERROR, "f", 1, "Zo\xC3\xAB");
	diag_format(&d.items[4], buf, 16); /* room for half of the ë: cut before it */
	assert_string_equal(buf, "f:1: error: Zo");
	diag_format(&d.items[4], buf, 17);
	assert_string_equal(buf, "f:1: error: Zo\xC3\xAB");
	diag_add(&d, DIAG_ERROR, "f", 1, "\xE2\x80\x93");
	diag_format(&d.items[5], buf, 15);
	assert_string_equal(buf, "f:1: error: ");
	diag_format(&d.items[5], buf, 1);
	assert_string_equal(buf, "");
	/* invalid UTF-8 in a message is not passed on */
	diag_add(&d, DIAG_NOTE, NULL, 0, "bad \xE9 byte");
	assert_string_equal(d.items[6].msg, "bad ? byte");

	mem = open_memstream(&out, &outlen);
	assert_non_null(mem);
	diag_print(&d, mem);
	fclose(mem);
	assert_non_null(strstr(out, "m.csv:4: error: row has 9 fields\nm.csv: warning: whole file\n"
				    "note: 3 rows loaded\nwarning: two lines\n"));
	free(out);

	diag_clear(&d);
	assert_int_equal(d.n, 0);
	diag_add(&d, DIAG_NOTE, NULL, 0, "again");
	assert_int_equal(d.n, 1);
	diag_free(&d);
	assert_int_equal(d.n, 0);
	assert_null(d.items);
	diag_free(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_c01_bom_crlf),
		cmocka_unit_test(test_c02_multiline),
		cmocka_unit_test(test_c03_semicolon),
		cmocka_unit_test(test_c05_headers_trimmed),
		cmocka_unit_test(test_c07_ragged),
		cmocka_unit_test(test_c08_cp1252),
		cmocka_unit_test(test_c11_values_exact),
		cmocka_unit_test(test_tabs),
		cmocka_unit_test(test_empty_and_missing),
		cmocka_unit_test(test_line_ends_and_blank_lines),
		cmocka_unit_test(test_quotes_and_spaces),
		cmocka_unit_test(test_unterminated_quote),
		cmocka_unit_test(test_stray_quotes),
		cmocka_unit_test(test_encodings),
		cmocka_unit_test(test_cell_bounds),
		cmocka_unit_test(test_not_text),
		cmocka_unit_test(test_large),
		cmocka_unit_test(test_extra_empty_fields),
		cmocka_unit_test(test_diag),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
