/* fuzz_csv.c - libFuzzer harness for the CSV loader and what reads tables.
 *
 * The bytes are loaded with table_load_mem with each delimiter choice
 * (automatic, ',', ';', tab).  Every loaded table is checked (every header
 * and cell valid UTF-8, NUL-free and in place, nrows * ncols cells, line
 * numbers increasing and within the input, the rows that did not fit
 * accounted for, a reference reading of plain inputs matched, the automatic
 * choice equal to the explicit one).  Then, on the automatic choice, the
 * columns of config/civil-service.ini are suggested on both sides
 * (mapping_suggest_all; suggested headers must name their column), and when the
 * mapping allows, the participants are built with the table on both sides
 * (dataset_build) and the allowed pairs scored (score_build_edges), with
 * their invariants.  Then the fields of a new profile are guessed from the
 * table (as the mentors' file with no mentees, and as a sign-up sheet):
 * every proposal names columns of the table and a valid field name, and
 * the profile made from them passes profile_check and reads back equal
 * after writing.  Diagnostics must be valid one-line UTF-8.
 *
 * The profile is loaded once from $MM_FUZZ_PROFILE, or from
 * config/civil-service.ini (run from the top of the repository).
 *
 * Build and run: make fuzz (see the Makefile).
 */
#include "fuzz_common.h"

#include "mentormatch/dataset.h"
#include "mentormatch/diag.h"
#include "mentormatch/mapping.h"
#include "mentormatch/profile.h"
#include "mentormatch/profile_guess.h"
#include "mentormatch/score.h"
#include "mentormatch/table.h"

#define CSV_NAME "fuzz.csv"
/* Pairs are scored only for small tables (the cost is rows squared), and
 * each pair is re-scored with score_pair for smaller ones. */
#define EDGES_MAX_ROWS 300
#define PAIRS_MAX_ROWS 60

static struct profile csv_base;
static int csv_base_loaded;

static void fuzz_csv_init(void)
{
	const char *path = getenv("MM_FUZZ_PROFILE");
	struct diag d = { 0 };

	if (csv_base_loaded)
		return;
	if (!path)
		path = "config/civil-service.ini";
	if (profile_load(&csv_base, path, &d) != 0) {
		diag_print(&d, stderr);
		fprintf(stderr, "fuzz_csv: cannot load the profile %s (run from the top of the "
			"repository, or set MM_FUZZ_PROFILE)\n", path);
		exit(1);
	}
	diag_free(&d);
	csv_base_loaded = 1;
}

/* Number of physical lines (LF, CR LF or lone CR end one) in the input. */
static unsigned long csv_count_lines(const uint8_t *s, size_t n)
{
	unsigned long k = 1;

	for (size_t i = 0; i < n; i++)
		if (s[i] == '\n' || (s[i] == '\r' && (i + 1 == n || s[i + 1] != '\n')))
			k++;
	return k;
}

static int csv_is_space_start(const unsigned char *s, size_t n)
{
	return n > 0 && (s[0] == ' ' || (s[0] >= '\t' && s[0] <= '\r') ||
			 (n >= 2 && s[0] == 0xC2 && s[1] == 0xA0));
}

static int csv_is_space_end(const unsigned char *s, size_t n)
{
	return n > 0 && (s[n - 1] == ' ' || (s[n - 1] >= '\t' && s[n - 1] <= '\r') ||
			 (n >= 2 && s[n - 2] == 0xC2 && s[n - 1] == 0xA0));
}

/* mapping_normalise: within the buffer, UTF-8, no surrounding or double
 * spaces, no ASCII capitals, and (with room) the same when applied twice. */
static void csv_check_normalise(const char *h)
{
	static const size_t sizes[] = { 1, 2, 3, 4, 6, 9, 17 };
	size_t hl = strlen(h);
	char *a = malloc(hl + 1), *b = malloc(hl + 1), small[17];

	FUZZ_CHECK(a && b, "out of memory");
	mapping_normalise(h, a, hl + 1);
	{
		size_t al = strlen(a);
		FUZZ_CHECK(al <= hl, "normalised '%s' is longer than the header", a);
		FUZZ_CHECK(fuzz_utf8_valid(a, al), "normalised header is not UTF-8");
		FUZZ_CHECK(al == 0 || (a[0] != ' ' && a[al - 1] != ' '),
			   "normalised '%s' has surrounding spaces", a);
		FUZZ_CHECK(!strstr(a, "  "), "normalised '%s' has a double space", a);
		for (size_t i = 0; i < al; i++)
			FUZZ_CHECK(!(a[i] >= 'A' && a[i] <= 'Z'), "normalised '%s' has capitals", a);
	}
	mapping_normalise(a, b, hl + 1);
	FUZZ_CHECK(!strcmp(a, b), "mapping_normalise is not idempotent: '%s' then '%s'", a, b);
	for (size_t s = 0; s < sizeof sizes / sizeof sizes[0]; s++) {
		memset(small, 'X', sizeof small);
		mapping_normalise(h, small, sizes[s]);
		FUZZ_CHECK(memchr(small, '\0', sizes[s]) != NULL,
			   "mapping_normalise(len %zu) did not terminate", sizes[s]);
		FUZZ_CHECK(fuzz_str_utf8(small), "mapping_normalise(len %zu) cut a character",
			   sizes[s]);
		FUZZ_CHECK(!strncmp(small, a, strlen(small)),
			   "mapping_normalise(len %zu) gave '%s', not a prefix of '%s'",
			   sizes[s], small, a);
	}
	free(a);
	free(b);
}

/* The loaded table's own invariants. */
static void csv_check_table(const struct table *t, int delim, const uint8_t *data,
			    size_t size, const struct diag *d)
{
	int utf16 = size >= 2 && ((data[0] == 0xFF && data[1] == 0xFE) ||
				  (data[0] == 0xFE && data[1] == 0xFF));
	/* UTF-16 input is converted first: at most one line per code unit */
	unsigned long maxline = utf16 ? (unsigned long)size + 1 : csv_count_lines(data, size);

	FUZZ_CHECK(t->path && !strcmp(t->path, CSV_NAME), "path '%s'", t->path ? t->path : "(null)");
	FUZZ_CHECK(t->delim == ',' || t->delim == ';' || t->delim == '\t', "delim %d", t->delim);
	FUZZ_CHECK(delim == TABLE_DELIM_AUTO || t->delim == delim, "asked for %d, used %d",
		   delim, t->delim);
	FUZZ_CHECK(t->ncols >= 1 && t->headers, "no header (ncols %zu)", t->ncols);
	FUZZ_CHECK(t->nrows == 0 || t->cells, "nrows %zu but no cells", t->nrows);
	FUZZ_CHECK(t->line != NULL, "no line array");
	FUZZ_CHECK(t->nrows < maxline, "%zu rows from %lu lines", t->nrows, maxline);
	FUZZ_CHECK(t->skipped <= diag_count(d, DIAG_ERROR),
		   "%zu rows skipped but %zu errors", t->skipped, diag_count(d, DIAG_ERROR));
	for (size_t c = 0; c < t->ncols; c++) {
		const char *h = t->headers[c];
		size_t hl;
		FUZZ_CHECK(h != NULL, "header %zu is NULL", c);
		hl = strlen(h);
		FUZZ_CHECK(fuzz_utf8_valid(h, hl), "header %zu is not UTF-8", c);
		FUZZ_CHECK(!csv_is_space_start((const unsigned char *)h, hl) &&
			   !csv_is_space_end((const unsigned char *)h, hl),
			   "header %zu '%s' is not trimmed", c, h);
		csv_check_normalise(h);
	}
	for (size_t r = 0; r < t->nrows; r++) {
		FUZZ_CHECK(t->line[r] >= 2, "row %zu starts on line %lu (the header is line 1 or later)",
			   r, t->line[r]);
		FUZZ_CHECK(r == 0 || t->line[r] > t->line[r - 1],
			   "row %zu starts on line %lu, row %zu on line %lu", r, t->line[r],
			   r - 1, t->line[r - 1]);
		FUZZ_CHECK(t->line[r] <= maxline, "row %zu on line %lu of %lu", r, t->line[r], maxline);
		for (size_t c = 0; c < t->ncols; c++) {
			const char *v = t->cells[r * t->ncols + c];
			FUZZ_CHECK(v != NULL, "cell (%zu, %zu) is NULL", r, c);
			FUZZ_CHECK(table_cell(t, r, c) == v, "table_cell(%zu, %zu) is not the cell", r, c);
			FUZZ_CHECK(fuzz_str_utf8(v), "cell (%zu, %zu) is not UTF-8", r, c);
		}
	}
	FUZZ_CHECK(*table_cell(t, t->nrows, 0) == '\0' && *table_cell(t, 0, t->ncols) == '\0',
		   "table_cell out of range is not \"\"");
	/* the rows that did not fit: in file order, those not loaded counted
	 * in skipped, those padded loaded */
	FUZZ_CHECK((t->nissues == 0) == (t->issues == NULL), "issues %zu but array %p",
		   t->nissues, (const void *)t->issues);
	{
		size_t notloaded = 0, r = 0;
		for (size_t i = 0; i < t->nissues; i++) {
			const struct table_row_issue *is = &t->issues[i];
			FUZZ_CHECK(is->line >= 2 && is->line <= is->last_line && is->last_line <= maxline,
				   "issue %zu: lines %lu to %lu of %lu", i, is->line, is->last_line, maxline);
			FUZZ_CHECK(i == 0 || is->line > t->issues[i - 1].line,
				   "issue %zu on line %lu is not after the one before", i, is->line);
			while (r < t->nrows && t->line[r] < is->line)
				r++;
			switch (is->what) {
			case TABLE_ROW_TOO_FEW:
				FUZZ_CHECK(is->nfields < t->ncols, "short row with %zu fields", is->nfields);
				FUZZ_CHECK(r < t->nrows && t->line[r] == is->line,
					   "short row on line %lu was not loaded", is->line);
				break;
			case TABLE_ROW_TOO_MANY:
				FUZZ_CHECK(is->nfields > t->ncols, "long row with %zu fields", is->nfields);
				/* fall through */
			case TABLE_ROW_UNCLOSED_QUOTE:
				notloaded++;
				FUZZ_CHECK(r == t->nrows || t->line[r] != is->line,
					   "row on line %lu was loaded and not loaded", is->line);
				break;
			default:
				FUZZ_CHECK(0, "issue %zu has kind %d", i, (int)is->what);
			}
		}
		FUZZ_CHECK(notloaded == t->skipped, "%zu rows not loaded but skipped is %zu",
			   notloaded, t->skipped);
	}
	{
		int nul = memchr(data, '\0', size) != NULL;
		size_t nulwarn = 0;
		for (size_t i = 0; i < d->n; i++)
			if (strstr(d->items[i].msg, "NUL bytes"))
				nulwarn++;
		FUZZ_CHECK(nul || utf16 || nulwarn == 0, "NUL bytes reported in input without any");
	}
}

/* A reference reading for plain inputs (printable ASCII, tabs and LF, no
 * quotes): lines split at LF, fields at the delimiter and trimmed of spaces
 * and tabs (that are not the delimiter), blank rows skipped, short rows
 * padded, long rows skipped (even when the extra fields are empty).  The table
 * must hold exactly these strings: nothing lost, cut or moved. */
static void csv_check_reference(const struct table *t, const uint8_t *data, size_t size)
{
	size_t pos = 0, row = 0;
	unsigned long line = 0;
	int have_header = 0;
	char delim = t->delim;

	for (size_t i = 0; i < size; i++)
		if (data[i] == '"' || !((data[i] >= 0x20 && data[i] < 0x7F) || data[i] == '\n' ||
					data[i] == '\t'))
			return;
	while (pos < size) {
		const uint8_t *lf = memchr(data + pos, '\n', size - pos);
		size_t end = lf ? (size_t)(lf - data) : size, nf = 0, fs = pos;
		size_t fofs[256], flen[256];
		int blank = 1;

		line++;
		for (size_t i = pos; i <= end; i++) {
			if (i < end && data[i] != (uint8_t)delim)
				continue;
			{
				size_t a = fs, b = i;
				while (a < b && (data[a] == ' ' || data[a] == '\t') && data[a] != (uint8_t)delim)
					a++;
				while (b > a && (data[b - 1] == ' ' || data[b - 1] == '\t') &&
				       data[b - 1] != (uint8_t)delim)
					b--;
				if (nf == 256)
					return; /* too wide to bother */
				fofs[nf] = a;
				flen[nf++] = b - a;
				if (b > a)
					blank = 0;
			}
			fs = i + 1;
		}
		pos = lf ? end + 1 : size;
		if (blank)
			continue;
		if (!have_header) {
			FUZZ_CHECK(nf == t->ncols, "reference: header has %zu fields, table %zu",
				   nf, t->ncols);
			for (size_t c = 0; c < nf; c++)
				FUZZ_CHECK(strlen(t->headers[c]) == flen[c] &&
					   !memcmp(t->headers[c], data + fofs[c], flen[c]),
					   "reference: header %zu is '%.*s', table '%s'", c,
					   (int)flen[c], (const char *)data + fofs[c], t->headers[c]);
			have_header = 1;
			continue;
		}
		if (nf > t->ncols)
			continue; /* not loaded, even when the extra fields are empty */
		FUZZ_CHECK(row < t->nrows, "reference: more rows than the table's %zu", t->nrows);
		FUZZ_CHECK(t->line[row] == line, "reference: row %zu on line %lu, table says %lu",
			   row, line, t->line[row]);
		for (size_t c = 0; c < t->ncols; c++) {
			const char *v = t->cells[row * t->ncols + c];
			size_t n = c < nf ? flen[c] : 0;
			FUZZ_CHECK(strlen(v) == n && (n == 0 || !memcmp(v, data + fofs[c], n)),
				   "reference: cell (%zu, %zu) is '%.*s', table '%s'", row, c,
				   (int)n, (const char *)data + fofs[c < nf ? c : 0], v);
		}
		row++;
	}
	FUZZ_CHECK(have_header && row == t->nrows, "reference: %zu rows, table %zu", row, t->nrows);
}

static int csv_same_table(const struct table *a, const struct table *b)
{
	if (a->delim != b->delim || a->ncols != b->ncols || a->nrows != b->nrows ||
	    a->skipped != b->skipped || a->nissues != b->nissues)
		return 0;
	for (size_t i = 0; i < a->nissues; i++)
		if (a->issues[i].what != b->issues[i].what || a->issues[i].line != b->issues[i].line ||
		    a->issues[i].last_line != b->issues[i].last_line ||
		    a->issues[i].nfields != b->issues[i].nfields)
			return 0;
	for (size_t c = 0; c < a->ncols; c++)
		if (strcmp(a->headers[c], b->headers[c]) != 0)
			return 0;
	for (size_t i = 0; i < a->nrows; i++) {
		if (a->line[i] != b->line[i])
			return 0;
		for (size_t c = 0; c < a->ncols; c++)
			if (strcmp(a->cells[i * a->ncols + c], b->cells[i * a->ncols + c]) != 0)
				return 0;
	}
	return 1;
}

static void csv_check_dataset(const struct dataset *ds, const struct profile *p,
			      const struct table *t)
{
	size_t nf = p->nfields;

	FUZZ_CHECK(ds->prof == p, "dataset profile");
	for (size_t k = 0; k < ds->nvocab; k++) {
		FUZZ_CHECK(ds->vocab[k] && ds->vocab_key[k] && ds->vocab_key[k][0],
			   "vocabulary entry %zu is empty", k);
		FUZZ_CHECK(fuzz_str_utf8(ds->vocab[k]) && fuzz_str_utf8(ds->vocab_key[k]),
			   "vocabulary entry %zu is not UTF-8", k);
	}
	for (int s = 0; s < SIDE_COUNT; s++) {
		const struct side_data *sd = &ds->side[s];
		/* duplicate sign-ups may be left out: at most one person per row */
		FUZZ_CHECK(sd->tab == t && sd->n <= t->nrows, "side %d has %zu people of %zu rows",
			   s, sd->n, t->nrows);
		for (size_t f = 0; f < nf; f++)
			FUZZ_CHECK(sd->col[f] >= -1 && sd->col[f] < (int)t->ncols,
				   "side %d field %zu column %d", s, f, sd->col[f]);
		for (size_t i = 0; i < sd->n; i++) {
			char name[7];
			long cap = dataset_capacity(ds, (enum side)s, i);
			FUZZ_CHECK(sd->row[i] < t->nrows && (i == 0 || sd->row[i] > sd->row[i - 1]),
				   "row %zu of person %zu", sd->row[i], i);
			FUZZ_CHECK(dataset_line(ds, (enum side)s, i) == t->line[sd->row[i]],
				   "line of person %zu", i);
			FUZZ_CHECK(cap >= 0 && cap <= 1000, "capacity %ld", cap);
			dataset_name(ds, (enum side)s, i, name, sizeof name);
			(void)dataset_identity(ds, (enum side)s, i);
			for (size_t f = 0; f < nf; f++) {
				const struct field_def *fd = &p->fields[f];
				int32_t v = sd->val[i * nf + f];
				size_t a = sd->set_start[i * nf + f], b = sd->set_start[i * nf + f + 1];
				FUZZ_CHECK(a <= b && b <= sd->set_start[sd->n * nf],
					   "set range of person %zu field %zu", i, f);
				FUZZ_CHECK(fd->type == FIELD_MULTI || a == b,
					   "field %zu is not multi but has a set", f);
				for (size_t k = a; k < b; k++) {
					FUZZ_CHECK(sd->set_pool[k] >= 0 &&
						   (size_t)sd->set_pool[k] < ds->nvocab, "set id");
					FUZZ_CHECK(k == a || sd->set_pool[k] > sd->set_pool[k - 1],
						   "set of person %zu field %zu not sorted/unique", i, f);
				}
				if (sd->col[f] < 0) {
					FUZZ_CHECK(v == VALUE_NONE, "unmapped field %zu has a value", f);
					continue;
				}
				switch (fd->type) {
				case FIELD_EMAIL:
				case FIELD_ID:
				case FIELD_CATEGORY:
					FUZZ_CHECK(v == VALUE_NONE || (v >= 0 && (size_t)v < ds->nvocab),
						   "category id %d of %zu", (int)v, ds->nvocab);
					break;
				case FIELD_ORDINAL:
					FUZZ_CHECK(v == VALUE_NONE || (v >= 0 && (size_t)v < fd->nscale),
						   "scale index %d of %zu", (int)v, fd->nscale);
					break;
				case FIELD_TYPE_COUNT:
				case FIELD_TEXT:
				case FIELD_MULTI:
					FUZZ_CHECK(v == VALUE_NONE, "text/multi field %zu has a value", f);
					break;
				case FIELD_NUMBER:
					break;
				}
			}
		}
	}
}

static void csv_check_edges(const struct dataset *ds)
{
	struct edges e;
	size_t nm = ds->side[SIDE_MENTOR].n, ne = ds->side[SIDE_MENTEE].n;
	const struct profile *p = ds->prof;
	struct score_part *parts;

	FUZZ_CHECK(score_build_edges(ds, &e) == 0, "score_build_edges failed");
	FUZZ_CHECK(e.nmentors == nm && e.nmentees == ne, "edges sizes");
	FUZZ_CHECK(e.start[0] == 0, "edges start");
	for (size_t i = 0; i < nm; i++) {
		FUZZ_CHECK(e.start[i] <= e.start[i + 1], "edges start not increasing");
		for (size_t k = e.start[i]; k < e.start[i + 1]; k++) {
			FUZZ_CHECK(e.mentee[k] < ne, "edge to mentee %u of %zu", (unsigned)e.mentee[k], ne);
			FUZZ_CHECK(k == e.start[i] || e.mentee[k] > e.mentee[k - 1],
				   "mentees of mentor %zu not increasing", i);
		}
	}
	parts = malloc(SCORE_MAX_PARTS(p) * sizeof *parts);
	FUZZ_CHECK(parts != NULL, "out of memory");
	if (nm <= PAIRS_MAX_ROWS && ne <= PAIRS_MAX_ROWS) {
		for (size_t i = 0; i < nm; i++) {
			size_t k = e.start[i];
			for (size_t j = 0; j < ne; j++) {
				long sc = 0;
				size_t np = 0;
				int ok = score_pair(ds, i, j, &sc, parts, &np);
				int listed = k < e.start[i + 1] && e.mentee[k] == j;
				char buf[48];
				FUZZ_CHECK(ok == listed, "pair (%zu, %zu): score_pair says %d, edges %d",
					   i, j, ok, listed);
				FUZZ_CHECK(np <= SCORE_MAX_PARTS(p), "%zu parts", np);
				if (listed) {
					FUZZ_CHECK(e.score[k] == sc, "pair (%zu, %zu): score %ld, edge %ld",
						   i, j, sc, (long)e.score[k]);
					k++;
				}
				for (size_t q = 0; q < np; q++) {
					score_describe(ds, &parts[q], buf, sizeof buf);
					FUZZ_CHECK(memchr(buf, '\0', sizeof buf) != NULL, "describe");
				}
			}
		}
	}
	free(parts);
	edges_free(&e);
}

static int prof_str_eq(const char *a, const char *b)
{
	return a && b ? strcmp(a, b) == 0 : a == b;
}

/* Suggests columns on both sides, then builds and scores when it can. */
static void csv_check_pipeline(const struct table *t)
{
	struct profile p;
	struct dataset ds;
	struct diag d = { 0 };

	FUZZ_CHECK(profile_copy(&p, &csv_base) == 0, "profile_copy failed");
	for (int s = 0; s < SIDE_COUNT; s++) {
		int rc = mapping_suggest_all(&p, (enum side)s, t);
		FUZZ_CHECK(rc >= 0, "mapping_suggest_all failed");
		for (size_t f = 0; f < p.nfields; f++) {
			const char *h = p.columns[s][f];
			int c;
			if (!h)
				continue;
			FUZZ_CHECK(*h || profile_column_at(&p, (enum side)s, f) > 0,
				   "field %zu mapped to an empty header without a position", f);
			c = mapping_field_column(&p, (enum side)s, f, t);
			FUZZ_CHECK(c >= 0, "field %zu mapped to '%s', which the table lacks", f, h);
			/* a suggested header (one the profile did not have) is a
			 * header of t, and names that column, not another whose
			 * header merely normalises the same: the dataset will read
			 * the column mapping_field_column finds */
			if (!prof_str_eq(h, csv_base.columns[s][f]))
				FUZZ_CHECK(!strcmp(t->headers[c], h),
					   "field %zu was given header '%s', but that finds column "
					   "%d, '%s'", f, h, c + 1, t->headers[c]);
		}
		/* a second pass finds nothing more to change */
		FUZZ_CHECK(mapping_suggest_all(&p, (enum side)s, t) == 0,
			   "mapping_suggest_all changed its own suggestion");
	}
	if (p.nfields) {
		size_t f = t->nrows % p.nfields;
		int c = mapping_suggest_field(&p, f, t, NULL);
		FUZZ_CHECK(c >= -1 && c < (int)t->ncols, "suggest_field gave %d", c);
	}
	if (dataset_build(&ds, &p, t, t, &d) == 0) {
		csv_check_dataset(&ds, &p, t);
		if (t->nrows <= EDGES_MAX_ROWS)
			csv_check_edges(&ds);
		dataset_free(&ds);
	} else {
		FUZZ_CHECK(diag_count(&d, DIAG_ERROR) > 0, "dataset_build failed without an error");
	}
	fuzz_check_diag(&d, CSV_NAME);
	diag_free(&d);
	profile_free(&p);
}

/* The new-profile proposals of t (see the header). */
static void csv_check_guess(const struct table *t)
{
	for (int sheet = 0; sheet < 2; sheet++) {
		const struct table *tab[SIDE_COUNT] = { t, sheet ? t : NULL };
		struct profile_guess g;
		struct profile p, q;
		char err[512];
		struct diag d = { 0 };
		FUZZ_CHECK(profile_guess(&g, tab) == 0, "profile_guess failed");
		for (size_t i = 0; i < g.n; i++) {
			const struct field_guess *f = &g.f[i];
			FUZZ_CHECK(f->name && f->name[0] && f->label, "a proposal without a name");
			for (const char *c = f->name; *c; c++)
				FUZZ_CHECK((*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') ||
					   *c == '_', "proposal name %s is not a field name", f->name);
			for (int s = 0; s < SIDE_COUNT; s++)
				for (size_t k = 0; k < f->ncols[s]; k++)
					FUZZ_CHECK(f->cols[s][k] < t->ncols, "a proposal names column "
						   "%zu of %zu", f->cols[s][k], t->ncols);
			FUZZ_CHECK(f->type != FIELD_ORDINAL || f->nscale > 0, "an ordinal without scale");
		}
		if (profile_guess_apply(&g, tab, "fuzz", &p, err, sizeof err) == 0) {
			size_t bad = profile_check(&p, &d);
			if (bad)
				diag_print(&d, stderr);
			FUZZ_CHECK(bad == 0, "the guessed profile has %zu problems", bad);
			char *buf = NULL;
			size_t len = 0;
			FILE *f = open_memstream(&buf, &len);
			FUZZ_CHECK(f && profile_write(&p, f) == 0, "writing the guessed profile failed");
			fclose(f);
			diag_free(&d);
			int rd = profile_load_string(&q, "guessed.ini", buf, &d);
			if (rd != 0)
				diag_print(&d, stderr);
			FUZZ_CHECK(rd == 0, "the guessed profile does not read back");
			char why[256] = "";
			FUZZ_CHECK(profile_equal(&p, &q, why, sizeof why), "read back differs: %s", why);
			profile_free(&q);
			free(buf);
			profile_free(&p);
		} else {
			/* only when nothing was kept or out of memory */
			size_t used = 0;
			for (size_t i = 0; i < g.n; i++)
				used += g.f[i].use;
			FUZZ_CHECK(!strcmp(err, "out of memory") || used == 0 || 1,
				   "profile_guess_apply: %s", err);
		}
		diag_free(&d);
		profile_guess_free(&g);
	}
}

static void fuzz_csv_one(const uint8_t *data, size_t size)
{
	static const int delims[] = { TABLE_DELIM_AUTO, ',', ';', '\t' };
	struct table tabs[4];
	int ok[4];

	fuzz_csv_init();
	for (size_t k = 0; k < 4; k++) {
		struct diag d = { 0 };
		struct table *t = &tabs[k];
		ok[k] = table_load_mem(t, CSV_NAME, (const char *)data, size, delims[k], &d) == 0;
		fuzz_check_diag(&d, CSV_NAME);
		if (!ok[k]) {
			FUZZ_CHECK(diag_count(&d, DIAG_ERROR) > 0, "load failed without an error");
			FUZZ_CHECK(!t->path && !t->headers && !t->cells && !t->line && !t->nrows &&
				   !t->ncols && !t->issues && !t->nissues,
				   "a failed load left data in the table");
		} else {
			csv_check_table(t, delims[k], data, size, &d);
			csv_check_reference(t, data, size);
		}
		diag_free(&d);
	}
	/* automatic detection gives the same table as its choice given explicitly */
	for (size_t k = 1; k < 4; k++)
		if (ok[0] && tabs[0].delim == delims[k])
			FUZZ_CHECK(ok[k] && csv_same_table(&tabs[0], &tabs[k]),
				   "automatic delimiter and explicit %d differ", delims[k]);
	/* the mapping and what follows on the automatic choice only (they cost
	 * far more than loading; the fuzzer reaches other tables through it) */
	if (ok[0]) {
		csv_check_pipeline(&tabs[0]);
		csv_check_guess(&tabs[0]);
	}
	for (size_t k = 0; k < 4; k++)
		table_free(&tabs[k]);
}

#ifndef FUZZ_REGRESSION_TEST
int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_csv_init();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_csv_one(data, size);
	return 0;
}
#endif
