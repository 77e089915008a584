/* mapping.c - suggest which spreadsheet column feeds each profile field.
 *
 * A header is compared, as a key (mapping_normalise: punctuation and
 * symbols read as spaces, '_' too), with the field's name and label, then with the usual wordings of
 * well-known fields (the synonyms below), then searched for any of those as
 * whole words.  The column's values then have a say: a column that holds only
 * a placeholder such as "anonymous", or an email field's column whose values
 * mostly lack an '@', is never suggested (Microsoft Forms puts "anonymous" in
 * its own "Email" column next to the real question).
 */
#include "mentormatch/mapping.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* ---- normalisation ------------------------------------------------------ */

#define NOT_UTF8 0xFFFFFFFFul

/* Decodes the code point at s (n > 0 bytes available) into *cp and returns
 * its length; a byte that does not start valid UTF-8 gives NOT_UTF8, length 1. */
static size_t decode(const unsigned char *s, size_t n, unsigned long *cp)
{
	unsigned char c = s[0];
	size_t len;
	unsigned long v;

	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xC2 && c <= 0xDF) {
		len = 2;
		v = c & 0x1Fu;
	} else if (c >= 0xE0 && c <= 0xEF) {
		len = 3;
		v = c & 0x0Fu;
	} else if (c >= 0xF0 && c <= 0xF4) {
		len = 4;
		v = c & 0x07u;
	} else {
		*cp = NOT_UTF8;
		return 1;
	}
	if (len > n) {
		*cp = NOT_UTF8;
		return 1;
	}
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80) {
			*cp = NOT_UTF8;
			return 1;
		}
		v = (v << 6) | (s[i] & 0x3Fu);
	}
	if ((len == 3 && (v < 0x800 || (v >= 0xD800 && v <= 0xDFFF))) ||
	    (len == 4 && (v < 0x10000 || v > 0x10FFFF))) {
		*cp = NOT_UTF8;
		return 1;
	}
	*cp = v;
	return len;
}

/* White space, including U+00A0 and the other Unicode spaces. */
static int is_space(unsigned long cp)
{
	return cp == ' ' || (cp >= '\t' && cp <= '\r') || cp == 0xA0 || cp == 0x1680 ||
	       (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 || cp == 0x2029 ||
	       cp == 0x202F || cp == 0x205F || cp == 0x3000;
}

/* Characters a header is compared without, as if they were not there:
 * apostrophes (What's, What’s and Whats are one header) and invisible ones
 * (zero-width space and joiners, word joiner, soft hyphen, byte-order mark,
 * variation selectors, the tags and combining marks of emoji sequences). */
static int is_dropped(unsigned long cp)
{
	return cp == '\'' || cp == 0x2018 || cp == 0x2019 || cp == 0x201B || cp == 0x02BC ||
	       cp == 0x2032 || cp == 0xAD || (cp >= 0x200B && cp <= 0x200D) || cp == 0x2060 ||
	       cp == 0xFEFF || (cp >= 0xFE00 && cp <= 0xFE0F) || (cp >= 0x20D0 && cp <= 0x20FF) ||
	       (cp >= 0xE0000 && cp <= 0xE007F) || (cp >= 0xE0100 && cp <= 0xE01EF);
}

/* Symbols: the Latin-1 signs (© ° ± × ÷ ...), currency, arrows, technical,
 * geometric shapes, dingbats and the emoji. */
static int is_symbol(unsigned long cp)
{
	return (cp >= 0xA2 && cp <= 0xBF && cp != 0xAA && cp != 0xB2 && cp != 0xB3 &&
		cp != 0xB5 && cp != 0xB9 && cp != 0xBA && (cp < 0xBC || cp > 0xBE)) ||
	       cp == 0xD7 || cp == 0xF7 || (cp >= 0x20A0 && cp <= 0x20CF) ||
	       cp == 0x2122 || (cp >= 0x2190 && cp <= 0x21FF) || (cp >= 0x2300 && cp <= 0x23FF) ||
	       (cp >= 0x2500 && cp <= 0x27BF) || (cp >= 0x2900 && cp <= 0x2BFF) ||
	       (cp >= 0x1F000 && cp <= 0x1FAFF);
}

/* ASCII punctuation and the common Unicode punctuation (quotes, dashes,
 * ellipsis, inverted marks, full-width marks). */
static int is_punct(unsigned long cp)
{
	return (cp >= 0x21 && cp <= 0x2F) || (cp >= 0x3A && cp <= 0x40) ||
	       (cp >= 0x5B && cp <= 0x60) || (cp >= 0x7B && cp <= 0x7E) ||
	       cp == 0xA1 || cp == 0xA7 || cp == 0xAB || cp == 0xB6 || cp == 0xB7 ||
	       cp == 0xBB || cp == 0xBF || (cp >= 0x2010 && cp <= 0x2027) ||
	       (cp >= 0x2030 && cp <= 0x205E) || (cp >= 0x3001 && cp <= 0x3003) ||
	       (cp >= 0x3008 && cp <= 0x3011) || (cp >= 0xFF01 && cp <= 0xFF0F) ||
	       (cp >= 0xFF1A && cp <= 0xFF20) || (cp >= 0xFF3B && cp <= 0xFF40) ||
	       (cp >= 0xFF5B && cp <= 0xFF65);
}

void mapping_normalise(const char *in, char *out, size_t len)
{
	const unsigned char *s = (const unsigned char *)in;
	size_t n, i, o = 0;
	unsigned long cp;
	int pending = 0;

	if (!out || len == 0)
		return;
	out[0] = '\0';
	if (!in)
		return;
	n = strlen(in);

	for (i = 0; i < n;) {
		size_t k = decode(s + i, n - i, &cp);
		if (cp != NOT_UTF8 && is_dropped(cp)) {
			i += k;
			continue;
		}
		if (cp != NOT_UTF8 && (is_space(cp) || is_punct(cp) || is_symbol(cp))) {
			/* a separator, as white space; none at either end */
			pending = o > 0;
			i += k;
			continue;
		}
		if (o + pending + k > len - 1)
			break;
		if (pending)
			out[o++] = ' ';
		pending = 0;
		memcpy(out + o, s + i, k);
		if (cp >= 'A' && cp <= 'Z')
			out[o] = (char)(cp + ('a' - 'A'));
		else if (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7)
			out[o + 1] = (char)(s[i + 1] + 0x20); /* À..Þ -> à..þ */
		o += k;
		i += k;
	}
	out[o] = '\0';
}

/* mapping_normalise into a new string (never longer than s), or NULL when
 * out of memory. */
static char *normalised_dup(const char *s)
{
	size_t n = strlen(s);
	char *k = malloc(n + 1);

	if (k)
		mapping_normalise(s, k, n + 1);
	return k;
}

/* The comparison key of s, newly allocated: mapping_normalise with '_' read
 * as a space ("first_name" == "First name").  NULL when out of memory. */
static char *make_key(const char *s)
{
	size_t o = 0;
	char *k = normalised_dup(s);

	if (!k)
		return NULL;
	for (size_t i = 0; k[i]; i++) {
		char c = k[i] == '_' ? ' ' : k[i];
		if (c == ' ' && (o == 0 || k[o - 1] == ' '))
			continue;
		k[o++] = c;
	}
	while (o > 0 && k[o - 1] == ' ')
		o--;
	k[o] = '\0';
	return k;
}

/* ---- the usual names of well-known fields -------------------------------- */

struct synonyms {
	const char *field;          /* a field name as profiles usually spell it */
	const char *const *words;   /* keys (already normalised), NULL-terminated */
};

static const char *const syn_first_name[] = {
	"first name", "firstname", "forename", "given name", "what is your first name", NULL
};
static const char *const syn_last_name[] = {
	"last name", "lastname", "surname", "family name", "what is your last name",
	"what is your surname", NULL
};
static const char *const syn_email[] = {
	"email", "e mail", "email address", "e mail address", "work email",
	"work email address", "what is your work email address",
	"what is your email address", NULL
};
static const char *const syn_organisation[] = {
	"organisation", "organization", "department", "employer", "company", NULL
};
static const char *const syn_grade[] = {
	"grade", "level", "band", "your grade", "what is your grade", NULL
};
static const char *const syn_profession[] = {
	"profession", "job family", "function", NULL
};
static const char *const syn_job_title[] = {
	"job title", "role", "position", NULL
};
static const char *const syn_characteristics[] = {
	"characteristics", NULL
};
static const char *const syn_identity[] = {
	"identity to match", "identity", NULL
};
static const char *const syn_biography[] = {
	"biography", "bio", "about you", "about me", NULL
};
static const char *const syn_capacity[] = {
	"capacity", "number of mentees", "how many mentees", "max mentees",
	"maximum mentees", NULL
};

/* Words that make a header about someone else: "Line manager's email
 * address" is not the person's own email. */
static const char *const other_person[] = {
	"manager", "managers", "supervisor", "referee", "sponsor", "assistant",
	"colleague", "partner", "emergency", NULL
};

static const struct synonyms synonym_table[] = {
	{ "first_name", syn_first_name },
	{ "last_name", syn_last_name },
	{ "email", syn_email },
	{ "organisation", syn_organisation },
	{ "grade", syn_grade },
	{ "profession", syn_profession },
	{ "job_title", syn_job_title },
	{ "characteristics", syn_characteristics },
	{ "identity", syn_identity },
	{ "biography", syn_biography },
	{ "capacity", syn_capacity },
};

/* The synonyms of a field whose name is a well-known one, or whose label is
 * one of a well-known field's wordings; NULL when there are none. */
static const char *const *find_synonyms(const char *name_key, const char *label_key)
{
	for (size_t g = 0; g < sizeof synonym_table / sizeof synonym_table[0]; g++) {
		const struct synonyms *sy = &synonym_table[g];
		char gkey[32];
		size_t i;
		for (i = 0; sy->field[i] && i + 1 < sizeof gkey; i++)
			gkey[i] = sy->field[i] == '_' ? ' ' : sy->field[i];
		gkey[i] = '\0';
		if (strcmp(name_key, gkey) == 0)
			return sy->words;
		for (const char *const *w = sy->words; *w; w++)
			if (*label_key && strcmp(label_key, *w) == 0)
				return sy->words;
	}
	return NULL;
}

/* ---- scoring ---------------------------------------------------------------- */

#define SCORE_EXACT    1000  /* the header is the field's name or label */
#define SCORE_SYNONYM   800  /* the header is a usual wording of the field */
#define SCORE_CONTAINS  300  /* the header contains one as whole words */

/* What a field is compared with. */
struct wanted {
	char *name_key;
	char *label_key;
	const char *const *syn; /* may be NULL */
	enum field_type type;
};

static int wanted_init(struct wanted *w, const struct field_def *f)
{
	w->name_key = make_key(f->name ? f->name : "");
	w->label_key = make_key(f->label ? f->label : "");
	w->type = f->type;
	if (!w->name_key || !w->label_key) {
		free(w->name_key);
		free(w->label_key);
		return -1;
	}
	w->syn = find_synonyms(w->name_key, w->label_key);
	return 0;
}

static void wanted_free(struct wanted *w)
{
	free(w->name_key);
	free(w->label_key);
}

/* Is there a word boundary before p (start is the start of the key)?  Any
 * ASCII character other than a letter or digit is one, and so are the
 * typographic apostrophes U+2018 and U+2019 ("manager’s"). */
static int boundary_before(const char *start, const char *p)
{
	const unsigned char *u = (const unsigned char *)p;

	if (p == start)
		return 1;
	if (u[-1] < 0x80)
		return !((u[-1] >= '0' && u[-1] <= '9') || (u[-1] >= 'a' && u[-1] <= 'z') ||
			 (u[-1] >= 'A' && u[-1] <= 'Z'));
	return p - start >= 3 && u[-3] == 0xE2 && u[-2] == 0x80 && (u[-1] == 0x98 || u[-1] == 0x99);
}

/* Is there a word boundary at p (the end of the key is one)? */
static int boundary_at(const char *p)
{
	const unsigned char *u = (const unsigned char *)p;

	if (u[0] < 0x80)
		return !((u[0] >= '0' && u[0] <= '9') || (u[0] >= 'a' && u[0] <= 'z') ||
			 (u[0] >= 'A' && u[0] <= 'Z'));
	return u[0] == 0xE2 && u[1] == 0x80 && (u[2] == 0x98 || u[2] == 0x99);
}

/* Does key hk contain phrase as whole words? */
static int contains_words(const char *hk, const char *phrase)
{
	size_t plen = strlen(phrase);

	if (plen == 0)
		return 0;
	for (const char *p = strstr(hk, phrase); p; p = strstr(p + 1, phrase))
		if (boundary_before(hk, p) && boundary_at(p + plen))
			return 1;
	return 0;
}

/* Score of the phrase found in hk: longer phrases (more specific) score more,
 * and so do headers with fewer other words around it. */
static long contains_score(const char *hk, const char *phrase)
{
	long plen = (long)strlen(phrase), extra = (long)strlen(hk) - plen;
	long s = SCORE_CONTAINS + 4 * plen - extra / 4;
	return s < 1 ? 1 : s;
}

/* Score of header key hk for the field (0: no match); *exact is set when the
 * header is the field's name or label. */
static long header_score(const char *hk, const struct wanted *w, int *exact)
{
	long best = 0;

	*exact = 0;
	if (!*hk)
		return 0;
	if (strcmp(hk, w->name_key) == 0 || (*w->label_key && strcmp(hk, w->label_key) == 0)) {
		*exact = 1;
		return SCORE_EXACT;
	}
	if (w->syn)
		for (const char *const *s = w->syn; *s; s++)
			if (strcmp(hk, *s) == 0)
				return SCORE_SYNONYM;
	if (contains_words(hk, w->name_key))
		best = contains_score(hk, w->name_key);
	if (contains_words(hk, w->label_key) && contains_score(hk, w->label_key) > best)
		best = contains_score(hk, w->label_key);
	if (w->syn)
		for (const char *const *s = w->syn; *s; s++)
			if (contains_words(hk, *s) && contains_score(hk, *s) > best)
				best = contains_score(hk, *s);
	if (best > 0)
		for (const char *const *o = other_person; *o; o++)
			if (contains_words(hk, *o))
				return best / 2;
	return best;
}

#define REJECT (-1L)

/* Length of the white-space character that ends the n bytes at s, or 0. */
static size_t space_at_end(const unsigned char *s, size_t n)
{
	unsigned long cp;

	for (size_t k = 1; k <= 4 && k <= n; k++)
		if (decode(s + n - k, k, &cp) == k && cp != NOT_UTF8 && is_space(cp))
			return k;
	return 0;
}

/* Is the cell, without surrounding white space, equal to word (ASCII case
 * ignored)?  *empty is set when the cell is only white space. */
static int cell_is(const char *cell, const char *word, int *empty)
{
	const unsigned char *s = (const unsigned char *)cell;
	size_t n = strlen(cell), wl = strlen(word);
	unsigned long cp;

	while (n > 0) {
		size_t k = decode(s, n, &cp);
		if (cp == NOT_UTF8 || !is_space(cp))
			break;
		s += k;
		n -= k;
	}
	while (n > 0) {
		size_t k = space_at_end(s, n);
		if (k == 0)
			break;
		n -= k;
	}
	*empty = n == 0;
	if (n != wl)
		return 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char a = s[i], b = (unsigned char)word[i];
		if (a >= 'A' && a <= 'Z')
			a = (unsigned char)(a + 32);
		if (a != b)
			return 0;
	}
	return 1;
}

static int is_integer(const char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	if (*s == '+' || *s == '-')
		s++;
	if (!(*s >= '0' && *s <= '9'))
		return 0;
	while (*s >= '0' && *s <= '9')
		s++;
	while (*s == ' ' || *s == '\t')
		s++;
	return *s == '\0';
}

/* What the column's values take off a header score: REJECT for a column of
 * placeholders ("anonymous") or, for an email field, of values mostly
 * without '@'; a little for an empty column; more for a number field whose
 * values are mostly not numbers. */
static long value_penalty(const struct wanted *w, const struct table *t, size_t col)
{
	size_t nonempty = 0, at = 0, num = 0, anon = 0;

	for (size_t r = 0; r < t->nrows; r++) {
		const char *v = table_cell(t, r, col);
		int empty;
		if (cell_is(v, "anonymous", &empty))
			anon++;
		if (empty)
			continue;
		nonempty++;
		if (strchr(v, '@'))
			at++;
		if (is_integer(v))
			num++;
	}
	if (nonempty == 0)
		return t->nrows > 0 ? 50 : 0;
	if (anon == nonempty)
		return REJECT;
	if (w->type == FIELD_EMAIL && at * 2 < nonempty)
		return REJECT;
	if (w->type == FIELD_NUMBER && num * 2 < nonempty)
		return 300;
	return 0;
}

/* Final score of column col for the field, 0 when it is not a candidate. */
static long column_score(const struct wanted *w, const struct table *t, size_t col,
			 const char *hk, int *exact)
{
	long s = header_score(hk, w, exact), pen;

	if (s <= 0)
		return 0;
	pen = value_penalty(w, t, col);
	if (pen == REJECT || s - pen <= 0)
		return 0;
	return s - pen;
}

/* Can column col be named by its header text?  Not when an earlier column
 * has the very same header: mapping_find_column would find that one, so a
 * profile holding the header would read the wrong column. */
static int nameable(const struct table *t, size_t col)
{
	const char *h = t->headers[col] ? t->headers[col] : "";

	for (size_t c = 0; c < col; c++)
		if (strcmp(t->headers[c] ? t->headers[c] : "", h) == 0)
			return 0;
	return 1;
}

/* Keys of all headers of t, or NULL when out of memory. */
static char **header_keys(const struct table *t)
{
	char **k = calloc(t->ncols ? t->ncols : 1, sizeof *k);

	if (!k)
		return NULL;
	for (size_t c = 0; c < t->ncols; c++) {
		if (!(k[c] = make_key(t->headers[c] ? t->headers[c] : ""))) {
			for (size_t j = 0; j < c; j++)
				free(k[j]);
			free(k);
			return NULL;
		}
	}
	return k;
}

static void keys_free(char **k, size_t n)
{
	if (!k)
		return;
	for (size_t i = 0; i < n; i++)
		free(k[i]);
	free(k);
}

int mapping_suggest_field(const struct profile *p, size_t field,
			  const struct table *t, const unsigned char *used)
{
	struct wanted w;
	char **hk;
	long best = 0;
	int best_col = -1;

	if (!p || !t || field >= p->nfields || t->ncols == 0)
		return -1;
	if (wanted_init(&w, &p->fields[field]) != 0)
		return -1;
	if (!(hk = header_keys(t))) {
		wanted_free(&w);
		return -1;
	}
	for (size_t c = 0; c < t->ncols; c++) {
		int exact;
		long s = column_score(&w, t, c, hk[c], &exact);
		if (s > 0 && used && used[c] && !exact)
			continue;
		if (s > best && !nameable(t, c))
			continue;
		if (s > best) {
			best = s;
			best_col = (int)c;
		}
	}
	keys_free(hk, t->ncols);
	wanted_free(&w);
	return best_col;
}

/* Does column c of t match header as mapping_find_column compares?  want
 * is header normalised. */
static int column_matches(const struct table *t, size_t c, const char *header, const char *want)
{
	const char *h = t->headers[c] ? t->headers[c] : "";
	char *have;
	int same;

	if (*header && strcmp(h, header) == 0)
		return 1;
	if (!*want) {
		/* a header of punctuation only ("#") must match as written */
		size_t n = strlen(header), b = 0;
		while (b < n && (header[b] == ' ' || header[b] == '\t'))
			b++;
		while (n > b && (header[n - 1] == ' ' || header[n - 1] == '\t'))
			n--;
		return n > b && strlen(h) == n - b && memcmp(h, header + b, n - b) == 0;
	}
	if (!(have = normalised_dup(h)))
		return 0;
	same = strcmp(want, have) == 0;
	free(have);
	return same;
}

size_t mapping_matching_columns(const struct table *t, const char *header, size_t *cols,
				size_t max)
{
	char *want;
	size_t n = 0;

	if (!t || !header || !(want = normalised_dup(header)))
		return 0;
	for (size_t c = 0; c < t->ncols; c++)
		if (column_matches(t, c, header, want)) {
			if (n < max)
				cols[n] = c;
			n++;
		}
	free(want);
	return n;
}

int mapping_find_column(const struct table *t, const char *header)
{
	char *want;
	int found = -1;

	if (!t || !header)
		return -1;
	/* The header exactly as a column has it names that column, even when
	 * an earlier header normalises the same ("Email" and "email"). */
	for (size_t c = 0; *header && c < t->ncols; c++)
		if (t->headers[c] && strcmp(t->headers[c], header) == 0)
			return (int)c;
	if (!(want = normalised_dup(header)))
		return -1;
	for (size_t c = 0; c < t->ncols && found < 0; c++)
		if (column_matches(t, c, header, want))
			found = (int)c;
	free(want);
	return found;
}

/* Edit distance of a and b (bytes; an insertion, a deletion, a change or
 * two neighbours swapped count 1 each), or limit + 1 when it is above limit. */
static size_t distance_within(const char *a, const char *b, size_t limit)
{
	size_t la = strlen(a), lb = strlen(b), *m, *prev2, *prev, *row, best;

	if ((la > lb ? la - lb : lb - la) > limit || lb > SIZE_MAX / 3 / sizeof *m - 1 ||
	    !(m = malloc(3 * (lb + 1) * sizeof *m)))
		return limit + 1;
	prev2 = m;
	prev = m + lb + 1;
	row = m + 2 * (lb + 1);
	for (size_t j = 0; j <= lb; j++)
		prev[j] = j;
	for (size_t i = 1; i <= la; i++) {
		size_t low = row[0] = i;
		for (size_t j = 1; j <= lb; j++) {
			size_t d = prev[j - 1] + (a[i - 1] != b[j - 1]);
			if (prev[j] + 1 < d)
				d = prev[j] + 1;
			if (row[j - 1] + 1 < d)
				d = row[j - 1] + 1;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
			    prev2[j - 2] + 1 < d)
				d = prev2[j - 2] + 1;
			row[j] = d;
			if (d < low)
				low = d;
		}
		if (low > limit) {
			free(m);
			return limit + 1;   /* it only grows from here */
		}
		size_t *t = prev2;
		prev2 = prev;
		prev = row;
		row = t;
	}
	best = prev[lb];
	free(m);
	return best;
}

int mapping_closest_column(const struct table *t, const char *header)
{
	char *want, *have;
	size_t limit, best;
	int found = -1;

	if (!t || !header || !(want = normalised_dup(header)))
		return -1;
	limit = strlen(want) <= 4 ? 1 : strlen(want) <= 10 ? 2 : strlen(want) / 5;
	best = limit + 1;
	for (size_t c = 0; c < t->ncols && *want && best > 0; c++) {
		size_t d;
		if (!(have = normalised_dup(t->headers[c] ? t->headers[c] : "")))
			break;
		d = *have ? distance_within(want, have, best - 1) : best;
		if (d < best) {
			best = d;
			found = (int)c;
		}
		free(have);
	}
	free(want);
	return found;
}

int mapping_suggest(const struct profile *p, enum side side, const struct table *t, int *col)
{
	size_t nf, nc;
	unsigned char *used = NULL, *need = NULL, *exact = NULL;
	long *score = NULL;
	char **hk = NULL;
	int changed = 0, rc = -1;

	if (!p || !t || (int)side < 0 || side >= SIDE_COUNT)
		return -1;
	nf = p->nfields;
	nc = t->ncols;
	if (nf == 0 || !p->columns[side])
		return 0;
	if (nc > 0 && nf > ((size_t)-1 / sizeof *score - 1) / nc)
		return -1;
	used = calloc(nc + 1, 1);
	need = calloc(nf, 1);
	exact = calloc(nf * nc + 1, 1);
	score = calloc(nf * nc + 1, sizeof *score);
	hk = header_keys(t);
	if (!used || !need || !exact || !score || !hk)
		goto out;

	/* Columns the profile already maps on this side are taken. */
	for (size_t f = 0; f < nf; f++) {
		const struct column_list *cl = profile_numbered(p, side, f);
		int c = mapping_field_column(p, side, f, t);
		col[f] = -1;
		if (cl) {
			for (size_t k = 0; k < cl->n; k++)
				if ((c = mapping_find_column_at(t, cl->header[k], cl->at[k])) >= 0)
					used[c] = 1;
		} else if (c >= 0) {
			used[c] = 1;
		} else {
			need[f] = 1;
		}
	}
	for (size_t f = 0; f < nf; f++) {
		struct wanted w;
		if (!need[f])
			continue;
		if (wanted_init(&w, &p->fields[f]) != 0)
			goto out;
		for (size_t c = 0; c < nc; c++) {
			int ex;
			long sc = column_score(&w, t, c, hk[c], &ex);
			score[f * nc + c] = sc > 0 && nameable(t, c) ? sc : 0;
			exact[f * nc + c] = (unsigned char)ex;
		}
		wanted_free(&w);
	}

	/* Best pairs first, so that an exact header is never lost to a field
	 * that would only have found it inside a question. */
	for (;;) {
		long best = 0;
		size_t bf = 0, bc = 0;
		for (size_t f = 0; f < nf; f++) {
			if (need[f] != 1)
				continue;
			for (size_t c = 0; c < nc; c++) {
				long s = score[f * nc + c];
				if (s > best && (!used[c] || exact[f * nc + c])) {
					best = s;
					bf = f;
					bc = c;
				}
			}
		}
		if (best == 0)
			break;
		col[bf] = (int)bc;
		used[bc] = 1;
		need[bf] = 2;
		changed++;
	}
	rc = changed;
out:
	keys_free(hk, nc);
	free(used);
	free(need);
	free(exact);
	free(score);
	return rc;
}

int mapping_find_column_at(const struct table *t, const char *header, long at)
{
	if (!t || !header)
		return -1;
	if (at > 0 && (size_t)at <= t->ncols) {
		const char *h = t->headers[at - 1] ? t->headers[at - 1] : "";
		if (strcmp(h, header) == 0)
			return (int)(at - 1);
		char *a = normalised_dup(h), *b = normalised_dup(header);
		int same = a && b && strcmp(a, b) == 0;
		free(a);
		free(b);
		if (same)
			return (int)(at - 1);
	}
	return *header || at <= 0 ? mapping_find_column(t, header) : -1;
}

int mapping_field_column(const struct profile *p, enum side side, size_t f,
			 const struct table *t)
{
	if (!p || !t || f >= p->nfields || !p->columns[side] || !p->columns[side][f])
		return -1;
	return mapping_find_column_at(t, p->columns[side][f], profile_column_at(p, side, f));
}

int mapping_suggest_all(struct profile *p, enum side side, const struct table *t)
{
	int *col, changed = 0;
	if (!p || !t || (int)side < 0 || side >= SIDE_COUNT)
		return -1;
	if (p->nfields == 0 || !p->columns[side])
		return 0;
	if (!(col = malloc(p->nfields * sizeof *col)))
		return -1;
	if (mapping_suggest(p, side, t, col) < 0) {
		free(col);
		return -1;
	}
	for (size_t f = 0; f < p->nfields; f++) {
		if (col[f] >= 0) {
			if (profile_set_column(p, side, f, t->headers[col[f]]) != 0)
				goto oom;
			changed++;
		} else if (p->columns[side][f] && mapping_field_column(p, side, f, t) < 0) {
			/* a header the file lacks, with nothing to replace it: unmapped */
			if (profile_set_column(p, side, f, NULL) != 0)
				goto oom;
			changed++;
		}
	}
	free(col);
	return changed;
oom:
	free(col);
	return -1;
}
