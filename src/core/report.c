/* report.c - the import report: what was read from each file, and what was not. */
#include "mentormatch/report.h"
#include "mentormatch/text.h"
#include "mentormatch/utf8.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "mentormatch/mapping.h"

/* ---- building ------------------------------------------------------------ */

/* Appends a line; the capacity is implicit (4, then powers of two). */
static int push_line(struct report_lines *l, unsigned long line)
{
	size_t n = l->n;
	if (n == 0 || (n >= 4 && (n & (n - 1)) == 0)) {
		unsigned long *p = realloc(l->line, (n == 0 ? 4 : 2 * n) * sizeof *p);
		if (!p)
			return -1;
		l->line = p;
	}
	l->line[l->n++] = line;
	return 0;
}

static void lines_free(struct report_lines *l)
{
	free(l->line);
	l->line = NULL;
	l->n = 0;
}

/* A copy of s without surrounding white space, or NULL (OOM). */
static char *dup_trim(const char *s)
{
	size_t k, n;
	char *r;
	while ((k = utf8_space_len(s)) != 0)
		s += k;
	n = strlen(s);
	while (n > 0) {
		unsigned char c = (unsigned char)s[n - 1];
		if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f')
			n--;
		else if (n >= 2 && (unsigned char)s[n - 2] == 0xC2 && c == 0xA0)
			n -= 2;
		else
			break;
	}
	if (!(r = malloc(n + 1)))
		return NULL;
	memcpy(r, s, n);
	r[n] = '\0';
	return r;
}

/* Does an enabled rule read field f on this side (a text field is never
 * compared)? */
static int field_read(const struct profile *p, enum side side, size_t f)
{
	return p->fields[f].type != FIELD_TEXT && profile_field_used(p, side, f);
}

static int table_part(const struct session *s, enum side side, struct report_file *rf)
{
	const struct table *t = &s->tab[side];
	const struct profile *p = &s->prof;

	if (!(rf->path = strdup(t->path ? t->path : "")))
		return -1;
	rf->rows = t->nrows;
	for (size_t k = 0; k < t->nissues; k++) {
		const struct table_row_issue *is = &t->issues[k];
		struct report_lines *l = is->what == TABLE_ROW_TOO_MANY ? &rf->too_many :
			is->what == TABLE_ROW_UNCLOSED_QUOTE ? &rf->unclosed : &rf->too_few;
		if (push_line(l, is->line) < 0)
			return -1;
	}
	if (!s->have_profile)
		return 0;
	int idf = profile_identity_field(p);
	for (size_t f = 0; f < p->nfields; f++) {
		const char *h = p->columns[side] ? p->columns[side][f] : NULL;
		const struct column_list *cl = profile_numbered(p, side, f);
		if (cl) {
			/* several columns: the first the file lacks */
			h = NULL;
			for (size_t k = 0; k < cl->n && !h; k++)
				if (mapping_find_column_at(t, cl->header[k], cl->at[k]) < 0)
					h = cl->header[k];
			if (!h)
				continue;
		} else if (h ? mapping_field_column(p, side, f, t) >= 0 :
			   /* unmapped: only an e-mail that tells people apart is missed
			    * (an id field may be left out: rows are people) */
			   !((long)f == idf && p->fields[f].type == FIELD_EMAIL)) {
			continue;
		}
		struct report_missing *m = realloc(rf->missing, (rf->nmissing + 1) * sizeof *m);
		if (!m)
			return -1;
		rf->missing = m;
		m[rf->nmissing].field = f;
		m[rf->nmissing].header = NULL;
		rf->nmissing++;
		if (h && !(m[rf->nmissing - 1].header = strdup(h)))
			return -1;
	}
	return 0;
}

/* A value that cannot be used, while collecting them. */
struct bad_cell {
	char *key;
	const char *cell;
	unsigned long line;
};

static int cmp_bad_cell(const void *a, const void *b)
{
	const struct bad_cell *x = a, *y = b;
	int c = strcmp(x->key, y->key);
	if (c)
		return c;
	return (x->line > y->line) - (x->line < y->line);
}

static int cmp_report_value(const void *a, const void *b)
{
	const struct report_value *x = a, *y = b;
	if (x->lines.n != y->lines.n)
		return x->lines.n > y->lines.n ? -1 : 1;
	return (x->lines.line[0] > y->lines.line[0]) - (x->lines.line[0] < y->lines.line[0]);
}

/* Groups the collected cells by key into rf->bad.  Frees the keys. */
static int group_bad(struct bad_cell *bc, size_t n, struct report_field *rf)
{
	int rc = 0;
	if (n == 0)
		return 0;
	qsort(bc, n, sizeof *bc, cmp_bad_cell);
	size_t groups = 0;
	for (size_t i = 0; i < n; i++)
		if (i == 0 || strcmp(bc[i].key, bc[i - 1].key) != 0)
			groups++;
	if (!(rf->bad = calloc(groups, sizeof *rf->bad)))
		rc = -1;
	for (size_t i = 0; i < n && rc == 0; i++) {
		if (i == 0 || strcmp(bc[i].key, bc[i - 1].key) != 0) {
			struct report_value *v = &rf->bad[rf->nbad++];
			if (!(v->text = dup_trim(bc[i].cell)))
				rc = -1;
		}
		if (rc == 0 && push_line(&rf->bad[rf->nbad - 1].lines, bc[i].line) < 0)
			rc = -1;
	}
	/* within a group the lines are increasing (sorted above) */
	if (rc == 0 && rf->nbad > 1)
		qsort(rf->bad, rf->nbad, sizeof *rf->bad, cmp_report_value);
	for (size_t i = 0; i < n; i++)
		free(bc[i].key);
	return rc;
}

static int field_part(const struct dataset *ds, enum side side, size_t f, struct report_field *rf)
{
	const struct profile *p = ds->prof;
	const struct side_data *sd = &ds->side[side];
	const struct field_def *fd = &p->fields[f];
	size_t nf = p->nfields, nbc = 0, keycap = 0;
	struct bad_cell *bc = NULL;
	char *key = NULL;
	int rc = -1;

	rf->field = f;
	if (sd->col[f] < 0 && !sd->cols[f]) {
		rf->unmapped = 1;
		return 0;
	}
	for (size_t i = 0; i < sd->n; i++) {
		size_t at = i * nf + f;
		unsigned long line = dataset_line(ds, side, i);
		const char *cell = dataset_text(ds, side, i, f);
		if (fd->type == FIELD_MULTI) {
			if (dataset_other_text(ds, side, i, f)) {
				if (push_line(&rf->other, line) < 0)
					goto out;
			} else if (sd->set_start[at] == sd->set_start[at + 1] &&
				   push_line(&rf->empty, line) < 0) {
				goto out;
			}
			continue;
		}
		if (sd->val[at] != VALUE_NONE)
			continue;
		size_t len = strlen(cell);
		if (len + 1 > keycap) {
			char *k = realloc(key, len + 1);
			if (!k)
				goto out;
			key = k;
			keycap = len + 1;
		}
		if (text_key(cell, len, key) == 0 ||
		    (fd->type != FIELD_ORDINAL && fd->type != FIELD_NUMBER)) {
			if (push_line(&rf->empty, line) < 0)
				goto out;
			continue;
		}
		if (!bc && !(bc = malloc(sd->n * sizeof *bc)))
			goto out;
		if (!(bc[nbc].key = strdup(key)))
			goto out;
		bc[nbc].cell = cell;
		bc[nbc].line = line;
		nbc++;
	}
	rc = group_bad(bc, nbc, rf);
	nbc = 0;
out:
	for (size_t i = 0; i < nbc; i++)
		free(bc[i].key);
	free(bc);
	free(key);
	return rc;
}

/* Duplicates ordered by the sign-up kept, then by row. */
static int cmp_dup(const void *a, const void *b)
{
	const struct dataset_dup *x = a, *y = b;
	if (x->kept != y->kept)
		return x->kept < y->kept ? -1 : 1;
	return (x->row > y->row) - (x->row < y->row);
}

static int cmp_report_dup(const void *a, const void *b)
{
	const struct report_dup *x = a, *y = b;
	unsigned long lx = x->dropped.line[0], ly = y->dropped.line[0];
	return (lx > ly) - (lx < ly);
}

static int dup_part(const struct dataset *ds, enum side side, struct report_file *rf)
{
	const struct side_data *sd = &ds->side[side];
	struct dataset_dup *u;
	int rc = -1;

	if (sd->ndup == 0)
		return 0;
	if (!(u = malloc(sd->ndup * sizeof *u)))
		return -1;
	memcpy(u, sd->dup, sd->ndup * sizeof *u);
	qsort(u, sd->ndup, sizeof *u, cmp_dup);
	if (!(rf->dups = calloc(sd->ndup, sizeof *rf->dups)))
		goto out;
	for (size_t k = 0; k < sd->ndup; k++) {
		if (k == 0 || u[k].kept != u[k - 1].kept) {
			struct report_dup *g = &rf->dups[rf->ndups++];
			g->kept_line = dataset_line(ds, side, u[k].kept);
			if (!(g->email = dup_trim(dataset_identity(ds, side, u[k].kept))))
				goto out;
		}
		if (push_line(&rf->dups[rf->ndups - 1].dropped, sd->tab->line[u[k].row]) < 0)
			goto out;
	}
	if (rf->ndups > 1)
		qsort(rf->dups, rf->ndups, sizeof *rf->dups, cmp_report_dup);
	rc = 0;
out:
	free(u);
	return rc;
}

static int person_part(const struct dataset *ds, enum side side, struct report_file *rf)
{
	const struct profile *p = ds->prof;
	const struct side_data *sd = &ds->side[side];

	rf->people = sd->n;
	if (sd->id_field >= 0 && sd->col[sd->id_field] >= 0)
		for (size_t i = 0; i < sd->n; i++)
			if (sd->val[i * p->nfields + (size_t)sd->id_field] == VALUE_NONE &&
			    push_line(&rf->no_email, dataset_line(ds, side, i)) < 0)
				return -1;
	for (size_t i = 0; i < sd->n; i++)
		if (dataset_capacity(ds, side, i) == 0 &&
		    push_line(&rf->no_capacity, dataset_line(ds, side, i)) < 0)
			return -1;
	if (dup_part(ds, side, rf) < 0)
		return -1;
	size_t n = 0;
	for (size_t f = 0; f < p->nfields; f++)
		n += (size_t)field_read(p, side, f);
	if (n == 0)
		return 0;
	if (!(rf->fields = calloc(n, sizeof *rf->fields)))
		return -1;
	for (size_t f = 0; f < p->nfields; f++)
		if (field_read(p, side, f) && field_part(ds, side, f, &rf->fields[rf->nfields++]) < 0)
			return -1;
	return 0;
}

static int both_part(const struct dataset *ds, struct import_report *r)
{
	if (!ds->nsame)
		return 0;
	if (!(r->both = calloc(ds->nsame, sizeof *r->both)))
		return -1;
	/* one person on both sides (dataset_find_same_people), by mentor */
	for (size_t k = 0; k < ds->nsame; k++) {
		struct report_both *b = &r->both[r->nboth++];
		char name[256];
		b->person[SIDE_MENTOR] = ds->same[k][0];
		b->person[SIDE_MENTEE] = ds->same[k][1];
		dataset_name(ds, SIDE_MENTOR, b->person[SIDE_MENTOR], name, sizeof name);
		for (int s = 0; s < SIDE_COUNT; s++) {
			b->line[s] = dataset_line(ds, (enum side)s, b->person[s]);
			if (!(b->email[s] = dup_trim(dataset_identity(ds, (enum side)s, b->person[s]))))
				return -1;
		}
		if (!(b->name = dup_trim(name)))
			return -1;
	}
	return 0;
}

/* The rows of a combined sheet on neither side, grouped by answer. */
static int sheet_part(const struct session *s, struct import_report *r)
{
	if (!(r->sheet = strdup(s->sheet.path ? s->sheet.path : "")))
		return -1;
	r->sheet_rows = s->sheet.nrows;
	r->sheet_both = s->signup_both;
	for (size_t i = 0; i < s->nunused; i++) {
		const char *a = s->unused[i].answer;
		size_t len = strlen(a), k;
		char *key = malloc(len + 1), *k2;
		if (!key)
			return -1;
		text_key(a, len, key);
		for (k = 0; k < r->nunused; k++) {
			size_t l2 = strlen(r->unused[k].text);
			if (!(k2 = malloc(l2 + 1))) {
				free(key);
				return -1;
			}
			text_key(r->unused[k].text, l2, k2);
			int same = strcmp(key, k2) == 0;
			free(k2);
			if (same)
				break;
		}
		free(key);
		if (k == r->nunused) {
			struct report_value *v = realloc(r->unused, (k + 1) * sizeof *v);
			if (!v)
				return -1;
			r->unused = v;
			memset(&v[k], 0, sizeof v[k]);
			r->nunused++;
			if (!(v[k].text = dup_trim(a)))
				return -1;
		}
		if (push_line(&r->unused[k].lines, s->unused[i].line) < 0)
			return -1;
	}
	return 0;
}

/* The values nobody answered (dataset_unanswered). */
static int unanswered_part(const struct dataset *ds, struct import_report *r)
{
	struct dataset_unanswered *u;
	size_t n = dataset_unanswered(ds, &u);
	if (n == (size_t)-1)
		return -1;
	if (n && !(r->unanswered = calloc(n, sizeof *r->unanswered))) {
		free(u);
		return -1;
	}
	for (size_t k = 0; k < n; k++) {
		struct report_unanswered *a = &r->unanswered[r->nunanswered++];
		const char *who = u[k].rule ? u[k].rule : ds->prof->fields[u[k].field].name;
		size_t len = strlen(who) + strlen(u[k].key) + 16;
		a->field = u[k].field;
		a->line = u[k].line;
		if (!(a->what = malloc(len)) || !(a->value = dup_trim(u[k].value))) {
			free(u);
			return -1;
		}
		snprintf(a->what, len, "%s %s, %s", u[k].rule ? "rule" : "field", who, u[k].key);
	}
	free(u);
	return 0;
}

int report_build(const struct session *s, struct import_report *r)
{
	memset(r, 0, sizeof *r);
	r->have_profile = s->have_profile;
	r->prof = s->have_profile ? &s->prof : NULL;
	if (s->have_sheet && sheet_part(s, r) < 0)
		goto oom;
	for (int side = 0; side < SIDE_COUNT; side++)
		if (s->have_table[side] && table_part(s, (enum side)side, &r->file[side]) < 0)
			goto oom;
	if (s->have_profile && s->have_dataset) {
		r->have_dataset = 1;
		for (int side = 0; side < SIDE_COUNT; side++)
			if (person_part(&s->ds, (enum side)side, &r->file[side]) < 0)
				goto oom;
		if (both_part(&s->ds, r) < 0 || unanswered_part(&s->ds, r) < 0)
			goto oom;
	}
	return 0;
oom:
	report_free(r);
	return -1;
}

int report_untrustworthy(const struct import_report *r)
{
	int why = 0;
	if (!r->have_profile)
		why |= REPORT_NOT_LOADED;
	for (int side = 0; side < SIDE_COUNT; side++) {
		const struct report_file *f = &r->file[side];
		if (!f->path)
			why |= REPORT_NOT_LOADED;
		if (f->too_many.n || f->unclosed.n)
			why |= REPORT_ROWS_SKIPPED;
		if (f->nmissing)
			why |= REPORT_COLUMN_MISSING;
		if (f->no_email.n)
			why |= REPORT_NO_EMAIL;
	}
	/* loaded, nothing missing, and still no participants: out of memory */
	if (!why && !r->have_dataset)
		why |= REPORT_NOT_LOADED;
	return why;
}

void report_free(struct import_report *r)
{
	for (int side = 0; side < SIDE_COUNT; side++) {
		struct report_file *f = &r->file[side];
		free(f->path);
		lines_free(&f->too_many);
		lines_free(&f->unclosed);
		lines_free(&f->too_few);
		for (size_t k = 0; k < f->nmissing; k++)
			free(f->missing[k].header);
		free(f->missing);
		lines_free(&f->no_email);
		lines_free(&f->no_capacity);
		for (size_t k = 0; k < f->ndups; k++) {
			free(f->dups[k].email);
			lines_free(&f->dups[k].dropped);
		}
		free(f->dups);
		for (size_t k = 0; k < f->nfields; k++) {
			struct report_field *rf = &f->fields[k];
			lines_free(&rf->empty);
			lines_free(&rf->other);
			for (size_t v = 0; v < rf->nbad; v++) {
				free(rf->bad[v].text);
				lines_free(&rf->bad[v].lines);
			}
			free(rf->bad);
		}
		free(f->fields);
	}
	for (size_t k = 0; k < r->nboth; k++) {
		free(r->both[k].name);
		free(r->both[k].email[0]);
		free(r->both[k].email[1]);
	}
	free(r->both);
	free(r->sheet);
	for (size_t k = 0; k < r->nunused; k++) {
		free(r->unused[k].text);
		lines_free(&r->unused[k].lines);
	}
	free(r->unused);
	for (size_t k = 0; k < r->nunanswered; k++) {
		free(r->unanswered[k].what);
		free(r->unanswered[k].value);
	}
	free(r->unanswered);
	memset(r, 0, sizeof *r);
}

/* ---- printing ------------------------------------------------------------- */

#define REPORT_WIDTH 80
#define REPORT_SHOW_LINES 3     /* lines listed before "and N more" */
#define REPORT_SHOW_ITEMS 5     /* duplicates, values, people listed */
#define REPORT_VALUE_COLS 40    /* a value is cut to this many columns */

void report_format_lines(const struct report_lines *l, char *buf, size_t len)
{
	size_t n = l->n, show = n <= REPORT_SHOW_LINES + 1 ? n : REPORT_SHOW_LINES, used = 0;
	if (!len)
		return;
	buf[0] = '\0';
	if (n == 0)
		return;
	for (size_t i = 0; i < show && used < len; i++) {
		const char *sep = i == 0 ? (n == 1 ? "line " : "lines ") :
			i + 1 == show && show == n ? " and " : ", ";
		int w = snprintf(buf + used, len - used, "%s%lu", sep, l->line[i]);
		if (w < 0)
			return;
		used += (size_t)w;
	}
	if (show < n && used < len)
		snprintf(buf + used, len - used, " and %zu more", n - show);
}

/* Display columns of the code point. */
static int cp_width(unsigned long cp)
{
	if ((cp >= 0x300 && cp <= 0x36F) || (cp >= 0x200B && cp <= 0x200F) ||
	    (cp >= 0xFE00 && cp <= 0xFE0F))
		return 0;
	if ((cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF) ||
	    (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
	    (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
	    (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x1F300 && cp <= 0x1FAFF) ||
	    (cp >= 0x20000 && cp <= 0x3FFFD))
		return 2;
	return 1;
}

/* Bytes of the character at s (1 for a byte that is not UTF-8) and its width. */
static size_t char_at(const char *s, int *width)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t len = u[0] >= 0xF0 && u[0] <= 0xF4 ? 4 : u[0] >= 0xE0 ? 3 : u[0] >= 0xC2 ? 2 : 1;
	unsigned long cp = len == 1 ? u[0] : u[0] & (0x3Fu >> (len - 1));
	if (u[0] >= 0x80 && len == 1) {
		*width = 1;
		return 1;
	}
	for (size_t i = 1; i < len; i++) {
		if ((u[i] & 0xC0) != 0x80) {
			*width = 1;
			return 1;
		}
		cp = (cp << 6) | (u[i] & 0x3Fu);
	}
	*width = cp_width(cp);
	return len;
}

static size_t text_width(const char *s, size_t n)
{
	size_t w = 0;
	for (size_t i = 0; i < n;) {
		int cw;
		i += char_at(s + i, &cw);
		w += (size_t)cw;
	}
	return w;
}

/* A paragraph being written: its text, then wrapped to REPORT_WIDTH. */
struct para {
	FILE *out;
	char *s;
	size_t n, cap;
	int oom;
};

static void put(struct para *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void put(struct para *p, const char *fmt, ...)
{
	va_list ap;
	int w;
	if (p->oom)
		return;
	va_start(ap, fmt);
	w = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (w < 0)
		return;
	if (p->n + (size_t)w + 1 > p->cap) {
		size_t cap = p->cap ? p->cap : 256;
		while (cap < p->n + (size_t)w + 1)
			cap *= 2;
		char *s = realloc(p->s, cap);
		if (!s) {
			p->oom = 1;
			return;
		}
		p->s = s;
		p->cap = cap;
	}
	va_start(ap, fmt);
	vsnprintf(p->s + p->n, p->cap - p->n, fmt, ap);
	va_end(ap);
	p->n += (size_t)w;
}

/* A value in quotes, cut to REPORT_VALUE_COLS columns. */
static void put_value(struct para *p, const char *v)
{
	size_t i = 0, w = 0, total = text_width(v, strlen(v));
	while (v[i]) {
		int cw;
		size_t l = char_at(v + i, &cw);
		if (total > REPORT_VALUE_COLS && w + (size_t)cw > REPORT_VALUE_COLS - 3)
			break;
		w += (size_t)cw;
		i += l;
	}
	put(p, "\"%.*s%s\"", (int)i, v, v[i] ? "..." : "");
}

static void put_lines(struct para *p, const struct report_lines *l)
{
	char buf[128];
	report_format_lines(l, buf, sizeof buf);
	put(p, "%s", buf);
}

/* Writes the paragraph: words separated by white space, the first line
 * indented by indent columns and the others by hang; control characters
 * become spaces; a word wider than a line is broken. */
static void flush(struct para *p, size_t indent, size_t hang)
{
	size_t col = 0, i = 0, lead = indent;
	int first = 1;

	if (p->oom || !p->n) {
		p->n = 0;
		return;
	}
	for (size_t k = 0; k < p->n; k++)
		if ((unsigned char)p->s[k] < 0x20 || p->s[k] == 0x7F)
			p->s[k] = ' ';
	fprintf(p->out, "%*s", (int)indent, "");
	col = indent;
	while (i < p->n) {
		while (i < p->n && p->s[i] == ' ')
			i++;
		if (i >= p->n)
			break;
		size_t b = i;
		while (i < p->n && p->s[i] != ' ')
			i++;
		size_t w = text_width(p->s + b, i - b);
		if (!first && col + 1 + w > REPORT_WIDTH && col > lead) {
			fprintf(p->out, "\n%*s", (int)hang, "");
			col = lead = hang;
		} else if (!first) {
			fputc(' ', p->out);
			col++;
		}
		first = 0;
		for (size_t k = b; k < i;) {
			int cw;
			size_t l = char_at(p->s + k, &cw);
			if (col + (size_t)cw > REPORT_WIDTH && col > hang) {
				fprintf(p->out, "\n%*s", (int)hang, "");
				col = lead = hang;
			}
			fwrite(p->s + k, 1, l, p->out);
			col += (size_t)cw;
			k += l;
		}
	}
	fputc('\n', p->out);
	p->n = 0;
}

static const char *plural(size_t n, const char *one, const char *many)
{
	return n == 1 ? one : many;
}

static const char *field_label(const struct import_report *r, size_t f)
{
	const struct field_def *fd = &r->prof->fields[f];
	return fd->label && *fd->label ? fd->label : fd->name;
}

/* What a field no column feeds does to the enabled rules that read it on
 * side: a rule comparing it never holds (a required one, or a gap, then
 * allows no pair), a when on it never lets its rule apply, an unless on it
 * never stops its rule. */
static void put_unmapped(const struct import_report *r, enum side side, size_t f,
			 struct para *p)
{
	const struct profile *pr = r->prof;
	const char *blocks = NULL, *sep = "";
	int own = 0, when = 0, unless = 0;
	for (size_t k = 0; k < pr->nrules; k++) {
		const struct rule *ru = &pr->rules[k];
		if (!ru->enabled)
			continue;
		if ((side == SIDE_MENTOR ? ru->mentor_field : ru->mentee_field) == f) {
			own = 1;
			if (!blocks && (ru->effect == EFFECT_REQUIRE ||
					(ru->kind == RULE_GAP && ru->empty_forbid)))
				blocks = ru->label && *ru->label ? ru->label : ru->id;
		}
		when |= ru->when.given && ru->when.side == side && ru->when.field == f;
		unless |= ru->unless.given && ru->unless.side == side && ru->unless.field == f;
	}
	put(p, " no column is mapped to it, so");
	if (own) {
		put(p, " rules comparing it never hold");
		if (blocks)
			put(p, " (%s allows no pair)", blocks);
		sep = ";";
	}
	if (when) {
		put(p, "%s rules with when on it never apply", sep);
		sep = ";";
	}
	if (unless)
		put(p, "%s rules with unless on it always apply", sep);
}

static void print_field(const struct import_report *r, enum side side,
			const struct report_field *rf, struct para *p)
{
	const struct field_def *fd = &r->prof->fields[rf->field];
	const char *sep = "";

	if (!rf->unmapped && !rf->empty.n && !rf->nbad && !rf->other.n)
		return;
	put(p, "%s:", field_label(r, rf->field));
	if (rf->unmapped) {
		put_unmapped(r, side, rf->field, p);
		flush(p, 2, 4);
		return;
	}
	if (rf->empty.n) {
		put(p, " %zu empty (", rf->empty.n);
		put_lines(p, &rf->empty);
		put(p, ")");
		sep = ";";
	}
	if (rf->nbad) {
		size_t total = 0;
		for (size_t v = 0; v < rf->nbad; v++)
			total += rf->bad[v].lines.n;
		put(p, "%s %zu %s:", sep, total, fd->type == FIELD_ORDINAL ?
		    "not on the scale, counted as missing" : "not whole numbers, counted as missing");
		for (size_t v = 0; v < rf->nbad && v < REPORT_SHOW_ITEMS; v++) {
			put(p, "%s ", v ? "," : "");
			put_value(p, rf->bad[v].text);
			put(p, " (");
			put_lines(p, &rf->bad[v].lines);
			put(p, ")");
		}
		if (rf->nbad > REPORT_SHOW_ITEMS)
			put(p, " and %zu more %s", rf->nbad - REPORT_SHOW_ITEMS,
			    plural(rf->nbad - REPORT_SHOW_ITEMS, "value", "values"));
		sep = ";";
	}
	if (rf->other.n) {
		put(p, "%s %zu with text that is not a known option, not used in rules (", sep,
		    rf->other.n);
		put_lines(p, &rf->other);
		put(p, ")");
	}
	flush(p, 2, 4);
}

static void print_file(const struct import_report *r, enum side side, struct para *p)
{
	const struct report_file *f = &r->file[side];
	size_t skipped = f->too_many.n + f->unclosed.n;

	put(p, "%s: %s", profile_side_name(side), f->path ? f->path : "(no file loaded)");
	flush(p, 0, 4);
	if (!f->path)
		return;
	put(p, "%zu %s loaded", f->rows, plural(f->rows, "row", "rows"));
	if (skipped)
		put(p, ", %zu not loaded", skipped);
	if (r->have_dataset)
		put(p, "; %zu %s", f->people, plural(f->people, "person", "people"));
	flush(p, 2, 4);
	if (f->too_many.n) {
		put(p, "not loaded, more fields than the header (a delimiter inside an unquoted "
		    "value?): ");
		put_lines(p, &f->too_many);
		flush(p, 2, 4);
	}
	if (f->unclosed.n) {
		put(p, "not loaded, a quoted value that never closes (a stray \"?): ");
		put_lines(p, &f->unclosed);
		flush(p, 2, 4);
	}
	if (f->too_few.n) {
		put(p, "fewer fields than the header, the rest left empty: ");
		put_lines(p, &f->too_few);
		flush(p, 2, 4);
	}
	for (size_t k = 0; k < f->nmissing; k++) {
		const struct report_missing *m = &f->missing[k];
		if (m->header) {
			put(p, "missing column: ");
			put_value(p, m->header);
			put(p, " (for the field %s); nobody can be read until it is mapped",
			    r->prof->fields[m->field].name);
		} else {
			put(p, "the field %s is not mapped to any column; every person needs an "
			    "email address", r->prof->fields[m->field].name);
		}
		flush(p, 2, 4);
	}
	if (f->no_email.n) {
		int idf = profile_identity_field(r->prof);
		if (idf >= 0 && r->prof->fields[idf].type == FIELD_ID)
			put(p, "no %s (which tells people apart): ", r->prof->fields[idf].label ?
			    r->prof->fields[idf].label : r->prof->fields[idf].name);
		else
			put(p, "no email address: ");
		put_lines(p, &f->no_email);
		flush(p, 2, 4);
	}
	if (f->no_capacity.n) {
		put(p, "capacity 0, so in no match: %zu %s (", f->no_capacity.n,
		    plural(f->no_capacity.n, "person", "people"));
		put_lines(p, &f->no_capacity);
		put(p, ")");
		flush(p, 2, 4);
	}
	if (f->ndups) {
		put(p, "signed up more than once (the last sign-up is used): %zu %s", f->ndups,
		    plural(f->ndups, "person", "people"));
		flush(p, 2, 4);
		for (size_t k = 0; k < f->ndups && k < REPORT_SHOW_ITEMS; k++) {
			const struct report_dup *u = &f->dups[k];
			put(p, "%s: ", u->email);
			put_lines(p, &u->dropped);
			put(p, " left out, line %lu used", u->kept_line);
			flush(p, 4, 6);
		}
		if (f->ndups > REPORT_SHOW_ITEMS) {
			put(p, "and %zu more %s", f->ndups - REPORT_SHOW_ITEMS,
			    plural(f->ndups - REPORT_SHOW_ITEMS, "person", "people"));
			flush(p, 4, 6);
		}
	}
	for (size_t k = 0; k < f->nfields; k++)
		print_field(r, side, &f->fields[k], p);
}

void report_print(const struct import_report *r, FILE *out)
{
	struct para p = { out, NULL, 0, 0, 0 };
	int why = report_untrustworthy(r);

	fputs("Import report\n", out);
	if (r->sheet) {
		put(&p, "sign-up sheet: %s", r->sheet);
		flush(&p, 0, 4);
		put(&p, "%zu %s loaded: %zu %s, %zu %s, %zu on both sides", r->sheet_rows,
		    plural(r->sheet_rows, "row", "rows"), r->file[SIDE_MENTOR].rows,
		    plural(r->file[SIDE_MENTOR].rows, "mentor", "mentors"), r->file[SIDE_MENTEE].rows,
		    plural(r->file[SIDE_MENTEE].rows, "mentee", "mentees"), r->sheet_both);
		flush(&p, 2, 4);
		if (r->nunused) {
			size_t total = 0;
			for (size_t k = 0; k < r->nunused; k++)
				total += r->unused[k].lines.n;
			put(&p, "not used, the role answer is neither a mentor nor a mentee answer: "
			    "%zu %s:", total, plural(total, "row", "rows"));
			for (size_t k = 0; k < r->nunused && k < REPORT_SHOW_ITEMS; k++) {
				put(&p, "%s ", k ? "," : "");
				if (r->unused[k].text[0])
					put_value(&p, r->unused[k].text);
				else
					put(&p, "blank");
				put(&p, " (");
				put_lines(&p, &r->unused[k].lines);
				put(&p, ")");
			}
			if (r->nunused > REPORT_SHOW_ITEMS)
				put(&p, " and %zu more %s", r->nunused - REPORT_SHOW_ITEMS,
				    plural(r->nunused - REPORT_SHOW_ITEMS, "answer", "answers"));
			flush(&p, 2, 4);
		}
	}
	for (int side = 0; side < SIDE_COUNT; side++)
		print_file(r, (enum side)side, &p);
	if (r->nboth) {
		put(&p, "%s (never matched with themselves): %zu %s",
		    r->sheet ? "on both sides" : "in both files", r->nboth,
		    plural(r->nboth, "person", "people"));
		flush(&p, 0, 4);
		for (size_t k = 0; k < r->nboth && k < REPORT_SHOW_ITEMS; k++) {
			const struct report_both *b = &r->both[k];
			put(&p, "%s <%s>: mentors line %lu, mentees line %lu", b->name,
			    b->email[SIDE_MENTOR], b->line[SIDE_MENTOR], b->line[SIDE_MENTEE]);
			flush(&p, 2, 4);
		}
		if (r->nboth > REPORT_SHOW_ITEMS) {
			put(&p, "and %zu more", r->nboth - REPORT_SHOW_ITEMS);
			flush(&p, 2, 4);
		}
	}
	if (r->nunanswered) {
		put(&p, "profile: %s", r->prof && r->prof->path ? r->prof->path : "(not saved)");
		flush(&p, 0, 4);
		if (r->nunanswered == 1)
			put(&p, "a value nobody answered, so it never matches (check the spelling):");
		else
			put(&p, "%zu values nobody answered, so they never match (check the "
			    "spelling):", r->nunanswered);
		flush(&p, 2, 4);
		for (size_t k = 0; k < r->nunanswered && k < REPORT_SHOW_ITEMS; k++) {
			const struct report_unanswered *a = &r->unanswered[k];
			put(&p, "%s", a->what);
			if (a->line)
				put(&p, " (line %lu)", a->line);
			put(&p, ": ");
			put_value(&p, a->value);
			put(&p, " (%s)", field_label(r, a->field));
			flush(&p, 4, 6);
		}
		if (r->nunanswered > REPORT_SHOW_ITEMS) {
			put(&p, "and %zu more", r->nunanswered - REPORT_SHOW_ITEMS);
			flush(&p, 4, 6);
		}
	}
	if (why) {
		const char *sep = "";
		put(&p, "The match cannot be trusted:");
		if (why & REPORT_NOT_LOADED) {
			put(&p, " a file or the profile is not loaded");
			sep = ";";
		}
		if (why & REPORT_ROWS_SKIPPED) {
			put(&p, "%s rows were not loaded", sep);
			sep = ";";
		}
		if (why & REPORT_COLUMN_MISSING) {
			put(&p, "%s a mapped column is missing", sep);
			sep = ";";
		}
		if (why & REPORT_NO_EMAIL)
			put(&p, "%s someone has no email address", sep);
		put(&p, ". Fix the file or the column mapping, then load it again.");
		flush(&p, 0, 4);
	}
	free(p.s);
}
