/* profile_guess.c - proposing fields from the spreadsheets' columns (see
 * profile_guess.h for the rules). */
#define _GNU_SOURCE
#include "mentormatch/profile_guess.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mentormatch/profile_keys.h"
#include "mentormatch/text.h"

#define MAX_CATEGORIES 30   /* distinct values a category may have */
#define LONG_TEXT 60        /* average length above which text is free text */

/* ---- small helpers ------------------------------------------------------ */

static int word_in(const char *w, const char *const *list)
{
	for (; *list; list++)
		if (!strcmp(w, *list))
			return 1;
	return 0;
}

/* The ASCII words of the first line of s, lower case, into words (each up
 * to 31 bytes); returns how many (at most max). */
static size_t header_words(const char *s, char words[][32], size_t max)
{
	size_t n = 0, k = 0;
	for (;; s++) {
		unsigned char c = (unsigned char)*s;
		int in = c < 0x80 && isalnum(c);
		if (in && k < 31) {
			words[n][k++] = (char)tolower(c);
		} else if (!in && k > 0) {
			words[n][k] = '\0';
			k = 0;
			if (++n == max)
				return n;
		}
		if (!c || c == '\n' || c == '\r')
			break;
	}
	return n;
}

static int has_word(char words[][32], size_t n, const char *w)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(words[i], w))
			return 1;
	return 0;
}

static const char *const filler[] = {
	"what", "whats", "s", "is", "are", "your", "you", "do", "does", "how", "which", "please",
	"select", "the", "a", "an", "of", "to", "would", "like", "want", "describe", "any", "there",
	"in", "for", "with", "be", "being", "have", "has", "that", "this", "at", "on", "we", "our",
	"i", "my", "me", "us", "many", "much", "often", "where", "when", "who", "tell", "about",
	"can", "could", "will", "if", "or", "and", "all", "apply", "that", "re", "ve", "d", "ll",
	NULL
};

/* Joins words[0..n) that pass (skip_filler: those not filler words), at
 * most 3, by '_' into buf, within 32 bytes; returns the length. */
static size_t join_words(char words[][32], size_t n, int skip_filler, char *buf, size_t len)
{
	size_t o = 0, used = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < n && used < 3; i++) {
		if (skip_filler && word_in(words[i], filler))
			continue;
		size_t wl = strlen(words[i]);
		if (o + (o > 0) + wl >= len || o + (o > 0) + wl > 32)
			break;
		if (o > 0)
			buf[o++] = '_';
		memcpy(buf + o, words[i], wl);
		o += wl;
		buf[o] = '\0';
		used++;
	}
	return o;
}

void profile_guess_name(const char *header, char *buf, size_t len)
{
	char words[24][32];
	size_t n = header_words(header, words, 24), o;

	if (len == 0)
		return;
	o = join_words(words, n, 1, buf, len);
	if (o == 0)   /* only filler words: keep them rather than say nothing */
		o = join_words(words, n, 0, buf, len);
	if (o == 0)
		snprintf(buf, len, "field");
	else if (isdigit((unsigned char)buf[0]) && o + 2 < len) {
		memmove(buf + 2, buf, o + 1);
		buf[0] = 'f';
		buf[1] = '_';
	}
}

/* The label: the header's first line without surrounding space, emoji or a
 * final '?', cut at a word boundary to at most 48 bytes ("..." added). */
static char *make_label(const char *header)
{
	const char *b = header, *e;
	char out[64];
	size_t o = 0;

	/* skip leading symbols (emoji) and space */
	while (*b && !(isalnum((unsigned char)*b) || ((unsigned char)*b >= 0xC0 &&
							  (unsigned char)*b < 0xF0)))
		b++;
	e = b;
	while (*e && *e != '\n' && *e != '\r')
		e++;
	while (e > b && (e[-1] == ' ' || e[-1] == '?' || e[-1] == ':'))
		e--;
	if ((size_t)(e - b) <= 48) {
		o = (size_t)(e - b);
		memcpy(out, b, o);
	} else {
		const char *cut = b + 45;
		while (cut > b + 20 && *cut != ' ')
			cut--;
		if (*cut != ' ')
			while (cut > b && ((unsigned char)*cut & 0xC0) == 0x80)
				cut--;
		o = (size_t)(cut - b);
		memcpy(out, b, o);
		memcpy(out + o, "...", 3);
		o += 3;
	}
	out[o] = '\0';
	for (size_t i = 0; i < o; i++)
		if (out[i] == '_')
			out[i] = ' ';
	if (o == 0) {
		/* no letters ("#"): the header itself */
		snprintf(out, sizeof out, "%.40s", header);
		for (char *q = out; *q; q++)
			if (*q == '\n' || *q == '\r')
				*q = ' ';
		return strdup(out[0] ? out : "(no header)");
	}
	return strdup(out);
}

/* ---- counting values ---------------------------------------------------- */

struct vcount {
	char *key;
	const char *text;  /* first spelling seen (points into the table) */
	size_t textlen;
	size_t n;
};

struct counts {
	struct vcount *v;
	size_t n, cap;
};

static int cmp_key(const void *a, const void *b)
{
	return strcmp(((const struct vcount *)a)->key, ((const struct vcount *)b)->key);
}

static int cmp_count(const void *a, const void *b)
{
	const struct vcount *x = a, *y = b;
	if (x->n != y->n)
		return x->n < y->n ? 1 : -1;
	return strcmp(x->key, y->key);
}

static int counts_add_n(struct counts *c, const char *s, size_t len, size_t weight)
{
	char *key = malloc(len + 1);
	if (!key)
		return -1;
	if (text_key(s, len, key) == 0) {
		free(key);
		return 0;
	}
	if (c->n == c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 64;
		struct vcount *v = realloc(c->v, cap * sizeof *v);
		if (!v) {
			free(key);
			return -1;
		}
		c->v = v;
		c->cap = cap;
	}
	const char *b = s, *e = s + len;
	text_trim_span(&b, &e);
	c->v[c->n++] = (struct vcount){ key, b, (size_t)(e - b), weight };
	return 0;
}

static int counts_add(struct counts *c, const char *s, size_t len)
{
	return counts_add_n(c, s, len, 1);
}

/* Sorts and merges equal keys; then orders by count, most first. */
static void counts_finish(struct counts *c)
{
	size_t o = 0;
	if (c->n == 0)
		return;
	qsort(c->v, c->n, sizeof *c->v, cmp_key);
	for (size_t i = 1; i < c->n; i++) {
		if (!strcmp(c->v[i].key, c->v[o].key)) {
			c->v[o].n += c->v[i].n;
			free(c->v[i].key);
		} else {
			c->v[++o] = c->v[i];
		}
	}
	c->n = o + 1;
	qsort(c->v, c->n, sizeof *c->v, cmp_count);
}

static void counts_free(struct counts *c)
{
	for (size_t i = 0; i < c->n; i++)
		free(c->v[i].key);
	free(c->v);
	memset(c, 0, sizeof *c);
}

/* ---- what a cell looks like --------------------------------------------- */

static int looks_email(const char *s)
{
	const char *at = strchr(s, '@');
	if (!at || at == s || strchr(at + 1, '@'))
		return 0;
	const char *dot = strchr(at + 1, '.');
	if (!dot || dot == at + 1 || !dot[1])
		return 0;
	for (const char *p = s; *p; p++)
		if (*p == ' ' || *p == ',' || *p == ';')
			return 0;
	return 1;
}

/* A date or time: 8 to 30 bytes of digits with at least two of - / . :
 * and at most a few letters (T, AM, PM, UTC). */
static int looks_date(const char *s)
{
	size_t len = strlen(s), digits = 0, seps = 0, letters = 0;
	if (len < 8 || len > 30)
		return 0;
	for (const char *p = s; *p; p++) {
		unsigned char c = (unsigned char)*p;
		if (isdigit(c))
			digits++;
		else if (c == '-' || c == '/' || c == ':' || c == '.')
			seps++;
		else if (isalpha(c))
			letters++;
		else if (c != ' ' && c != '+')
			return 0;
	}
	return digits >= 6 && seps >= 2 && letters <= 3;
}

/* Short, no space, letters and digits mixed ("M0001", "6agfilxrjz1s"). */
static int looks_id(const char *s)
{
	size_t len = strlen(s);
	int letter = 0, digit = 0;
	if (len == 0 || len > 40)
		return 0;
	for (const char *p = s; *p; p++) {
		unsigned char c = (unsigned char)*p;
		if (isdigit(c))
			digit = 1;
		else if (isalpha(c))
			letter = 1;
		else if (c != '-' && c != '_')
			return 0;
	}
	return letter && digit;
}

/* The first number in a value (for ordering a scale): "10+" 10, "6–10" 6,
 * "Year 2" 2, "1st year" 1; -1 when none. */
static long first_number(const char *s)
{
	while (*s && !isdigit((unsigned char)*s))
		s++;
	if (!*s)
		return -1;
	long v = 0;
	while (isdigit((unsigned char)*s) && v < 100000000)
		v = v * 10 + (*s++ - '0');
	return v;
}

/* Known scales, lowest first, as keys. */
static const char *const scales[][8] = {
	{ "beginner", "novice", "intermediate", "advanced", "expert", NULL },
	{ "entry", "junior", "mid", "senior", "lead", "principal", NULL },
	{ "entry level", "junior", "mid level", "mid-level", "senior", "executive", NULL },
	{ "low", "medium", "high", "very high", NULL },
	{ "never", "rarely", "sometimes", "often", "always", NULL },
	{ "strongly disagree", "disagree", "neutral", "agree", "strongly agree", NULL },
	{ "not confident", "somewhat", "neutral", "confident", "very confident", NULL },
	{ "not possible", "inconvenient", "convenient", NULL },
	{ "none", "basic", "some", "good", "excellent", NULL },
	{ "early-career", "mid-level", "senior stretch role", NULL },
	{ "freshman", "sophomore", "junior", "senior", NULL },
	{ "undergraduate", "masters", "phd", NULL },
};

/* Position of key in scale s, or -1. */
static int scale_pos(size_t s, const char *key)
{
	for (int i = 0; scales[s][i]; i++)
		if (!strcmp(scales[s][i], key))
			return i;
	return -1;
}

struct order_item {
	long rank;
	size_t i;
};

static int cmp_order(const void *a, const void *b)
{
	const struct order_item *x = a, *y = b;
	if (x->rank != y->rank)
		return x->rank < y->rank ? -1 : 1;
	return x->i < y->i ? -1 : x->i > y->i;
}

/* Whether the distinct values of c have an order; on yes, order[] gets the
 * indices into c->v lowest first. */
static int find_order(const struct counts *c, size_t *order)
{
	struct order_item it[MAX_CATEGORIES];
	int found = 0;

	if (c->n < 2 || c->n > 12)
		return 0;
	/* every value starts with (or holds) a number, all different */
	int numbered = 1;
	for (size_t i = 0; i < c->n && numbered; i++) {
		long v = first_number(c->v[i].key);
		if (v < 0)
			numbered = 0;
		it[i] = (struct order_item){ v, i };
	}
	if (numbered) {
		qsort(it, c->n, sizeof *it, cmp_order);
		found = 1;
		for (size_t i = 1; i < c->n; i++)
			if (it[i].rank == it[i - 1].rank)
				found = 0;
	}
	/* or every value is on one known scale */
	for (size_t s = 0; !found && s < sizeof scales / sizeof *scales; s++) {
		size_t i;
		for (i = 0; i < c->n; i++) {
			int p = scale_pos(s, c->v[i].key);
			if (p < 0)
				break;
			it[i] = (struct order_item){ p, i };
		}
		if (i == c->n) {
			qsort(it, c->n, sizeof *it, cmp_order);
			found = 1;
		}
	}
	if (found)
		for (size_t i = 0; i < c->n; i++)
			order[i] = it[i].i;
	return found;
}

/* ---- one column (or a pair of columns) ---------------------------------- */

struct cells {
	const char **v;
	size_t n;
};

static const char *const seps[] = { "\n", "; ", ";", " | ", "|", ", ", ",", NULL };

/* Splits every distinct cell of c at sep and counts the parts (weighted by
 * the cells' counts) into parts; returns 1 when they look like options of a
 * multiple choice: at least a tenth of the filled cells hold sep, the parts
 * repeat (half as many distinct as in all), are short, and some part comes
 * in two different cells ("A, B" and "B" or "B, C"), which a sentence with
 * a comma does not.  *with gets the filled cells holding sep. */
static int try_separator(const struct counts *c, size_t filled, const char *sep,
			 struct counts *parts, size_t *with)
{
	size_t sl = strlen(sep), total = 0, longest = 0, sumlen = 0, spread_max = 0;
	struct counts spread = {0};
	int r = 0;

	*with = 0;
	for (size_t i = 0; i < c->n; i++) {
		const char *s = c->v[i].text, *end = s + c->v[i].textlen, *p;
		size_t k = 0, w = c->v[i].n;
		if (memmem(s, (size_t)(end - s), sep, sl))
			*with += w;
		for (;;) {
			p = memmem(s, (size_t)(end - s), sep, sl);
			size_t len = p ? (size_t)(p - s) : (size_t)(end - s);
			if (counts_add_n(parts, s, len, w) < 0 || counts_add(&spread, s, len) < 0)
				goto oom;
			total += w;
			k++;
			sumlen += len * w;
			if (!p)
				break;
			s = p + sl;
		}
		if (k > longest)
			longest = k;
	}
	if (*with < 2 || *with * 10 < filled || total == 0)
		goto done;
	counts_finish(parts);
	counts_finish(&spread);
	spread_max = spread.n ? spread.v[0].n : 0;
	/* parts repeat: half as many distinct as in all, or (few rows) three
	 * quarters with a third of the cells listing several */
	r = sumlen / total <= 40 && longest <= 40 && spread_max >= 2 &&
	    (parts->n * 2 <= total || (parts->n * 4 <= total * 3 && *with * 10 >= filled * 3));
done:
	counts_free(&spread);
	return r;
oom:
	counts_free(&spread);
	return -1;
}

/* A header that asks for free text ("Comments", "Anything else?"). */
static int free_text_header(char words[][32], size_t nw)
{
	static const char *const free_words[] = {
		"comment", "comments", "notes", "note", "remarks", "anything", "bio", "biography",
		"describe", "description", "why", "explain", "tell", NULL
	};
	for (size_t i = 0; i < nw; i++)
		if (word_in(words[i], free_words))
			return 1;
	return 0;
}

/* Fills the type, separator, scale, evidence and samples of g from the
 * cells of its columns; header is the (first) header, for the id/name
 * words. */
static int classify(struct field_guess *g, const struct cells *cl, const char *header, int tickbox,
		    size_t ncols)
{
	char words[24][32];
	size_t nw = header_words(header, words, 24);
	size_t filled = 0, email = 0, number = 0, date = 0, idlike = 0, sumlen = 0;
	long long lo = 0, hi = 0;
	struct counts c = {0};

	for (size_t i = 0; i < cl->n; i++) {
		const char *s = cl->v[i];
		const char *b = s, *e = s + strlen(s);
		long long v;
		text_trim_span(&b, &e);
		if (b == e)
			continue;
		filled++;
		sumlen += (size_t)(e - b);
		if (counts_add(&c, s, strlen(s)) < 0)
			goto oom;
		email += looks_email(b) && !tickbox;
		date += looks_date(b);
		idlike += looks_id(b);
		if (text_number(s, &v) == 0) {
			if (number == 0 || v < lo)
				lo = v;
			if (number == 0 || v > hi)
				hi = v;
			number++;
		}
	}
	counts_finish(&c);
	g->filled = filled;
	g->distinct = c.n;
	for (size_t i = 0; i < c.n && i < GUESS_SAMPLES; i++) {
		if (!(g->sample[i] = strndup(c.v[i].text, c.v[i].textlen)))
			goto oom;
		g->sample_n[i] = c.v[i].n;
		g->nsample = i + 1;
	}

	int id_header = has_word(words, nw, "id") || (nw == 0 && strchr(header, '#')) ||
			has_word(words, nw, "identifier") ||
			(has_word(words, nw, "response") && has_word(words, nw, "id"));
	int name_header = 0;
	static const char *const first_names[] = { "first", "forename", "given", "firstname", NULL };
	static const char *const last_names[] = { "last", "surname", "family", "lastname", NULL };
	for (size_t i = 0; i < nw; i++) {
		if (word_in(words[i], first_names))
			name_header = GUESS_FIRST_NAME;
		else if (word_in(words[i], last_names))
			name_header = GUESS_LAST_NAME;
	}
	if (!name_header && (has_word(words, nw, "name") || has_word(words, nw, "fullname")) &&
	    !has_word(words, nw, "team") && !has_word(words, nw, "company") &&
	    !has_word(words, nw, "organisation") && !has_word(words, nw, "organization"))
		name_header = GUESS_NAME;
	if (name_header && !has_word(words, nw, "name") && nw > 2)
		name_header = 0;  /* "first choice of course" is not a name */

	if (tickbox) {
		g->type = ncols > 1 ? FIELD_MULTI : FIELD_CATEGORY;
		g->role |= ncols > 1 ? GUESS_TICKBOX : 0;
		if (ncols > 1)
			snprintf(g->why, sizeof g->why, "%zu tick-box columns; %zu of %zu rows tick one "
				 "or more", ncols, filled, cl->n);
		else
			snprintf(g->why, sizeof g->why, "yes/no answers in %zu of %zu rows", filled, cl->n);
	} else if (filled == 0) {
		g->type = FIELD_TEXT;
		g->use = 0;
		snprintf(g->why, sizeof g->why, "no values in %zu rows", cl->n);
	} else if (has_word(words, nw, "timestamp") || has_word(words, nw, "date") ||
		   (has_word(words, nw, "time") && (has_word(words, nw, "start") ||
						    has_word(words, nw, "completion") ||
						    has_word(words, nw, "submitted"))) ||
		   has_word(words, nw, "submitted") || date * 10 >= filled * 9) {
		g->type = FIELD_TEXT;
		g->use = 0;
		g->role |= GUESS_TIME;
		snprintf(g->why, sizeof g->why, "dates or times (%zu of %zu rows)", filled, cl->n);
	} else if (email * 10 >= filled * 9) {
		g->type = FIELD_EMAIL;
		g->role |= GUESS_EMAIL;
		snprintf(g->why, sizeof g->why, "e-mail addresses in %zu of %zu rows", email, cl->n);
	} else if ((id_header || (idlike == filled && filled >= 3)) && c.n == filled && filled >= 2) {
		g->type = FIELD_ID;
		g->role |= GUESS_ID;
		snprintf(g->why, sizeof g->why, "every value different (%zu of %zu rows)", filled, cl->n);
	} else if (number * 10 >= filled * 9 && !name_header) {
		char a[32], b[32];
		g->type = FIELD_NUMBER;
		text_number_format(lo, a, sizeof a);
		text_number_format(hi, b, sizeof b);
		snprintf(g->why, sizeof g->why, "numbers in %zu of %zu rows, %s to %s", number, cl->n,
			 a, b);
		if (has_word(words, nw, "capacity") || has_word(words, nw, "max") ||
		    has_word(words, nw, "maximum") ||
		    (has_word(words, nw, "how") && has_word(words, nw, "many") &&
		     (has_word(words, nw, "mentees") || has_word(words, nw, "people") ||
		      has_word(words, nw, "mentors"))))
			g->role |= GUESS_CAPACITY;
	} else if (name_header) {
		g->type = FIELD_TEXT;
		g->role |= (unsigned)name_header;
		snprintf(g->why, sizeof g->why, "names (%zu of %zu rows)", filled, cl->n);
	} else {
		/* a multi: parts joined by a separator that repeat */
		const char *sep = NULL;
		size_t best = 0, partn = 0;
		struct counts bestparts = {0};
		for (size_t k = 0; seps[k]; k++) {
			struct counts parts = {0};
			size_t with;
			int r = try_separator(&c, filled, seps[k], &parts, &with);
			if (r < 0) {
				counts_free(&parts);
				counts_free(&bestparts);
				goto oom;
			}
			if (r == 1 && with > best) {
				best = with;
				sep = seps[k];
				partn = 0;
				for (size_t i = 0; i < parts.n; i++)
					partn += parts.v[i].n;
				counts_free(&bestparts);
				bestparts = parts;
			} else {
				counts_free(&parts);
			}
		}
		if (sep) {
			/* the samples: the most common parts */
			for (size_t i = 0; i < g->nsample; i++)
				free(g->sample[i]);
			g->nsample = 0;
			for (size_t i = 0; i < bestparts.n && i < GUESS_SAMPLES; i++) {
				g->sample[i] = strndup(bestparts.v[i].text, bestparts.v[i].textlen);
				g->sample_n[i] = bestparts.v[i].n;
				g->nsample = i + 1;
				if (!g->sample[i]) {
					counts_free(&bestparts);
					goto oom;
				}
			}
			g->distinct = bestparts.n;
		}
		counts_free(&bestparts);
		size_t order[MAX_CATEGORIES];
		if (sep) {
			g->type = FIELD_MULTI;
			if (!(g->separator = strdup(sep)))
				goto oom;
			snprintf(g->why, sizeof g->why, "%zu of %zu rows list several, joined by \"%s\": "
				 "%zu distinct in %zu", best, cl->n, !strcmp(sep, "\n") ? "a line break" :
				 sep, g->distinct, partn);
		} else if (c.n <= MAX_CATEGORIES && (c.n * 2 <= filled || sumlen / filled <= 30) &&
			   find_order(&c, order)) {
			g->type = FIELD_ORDINAL;
			if (!(g->scale = calloc(c.n, sizeof *g->scale)))
				goto oom;
			for (size_t i = 0; i < c.n; i++) {
				const struct vcount *vc = &c.v[order[i]];
				if (!(g->scale[i] = strndup(vc->text, vc->textlen)))
					goto oom;
				g->nscale = i + 1;
			}
			snprintf(g->why, sizeof g->why, "%zu values in an order, in %zu of %zu rows", c.n,
				 filled, cl->n);
		} else if (c.n <= MAX_CATEGORIES && (c.n * 2 <= filled || sumlen / filled <= 30) &&
			   sumlen / filled <= 40 && !free_text_header(words, nw)) {
			g->type = FIELD_CATEGORY;
			snprintf(g->why, sizeof g->why, "%zu distinct values in %zu of %zu rows", c.n,
				 filled, cl->n);
		} else {
			g->type = FIELD_TEXT;
			if (sumlen / filled > LONG_TEXT)
				g->use = 0;
			snprintf(g->why, sizeof g->why, "%s: %zu distinct in %zu of %zu rows",
				 sumlen / filled > LONG_TEXT ? "long free text" : "free text", c.n, filled,
				 cl->n);
		}
	}
	counts_free(&c);
	return 0;
oom:
	counts_free(&c);
	return -1;
}

/* ---- columns of one side ------------------------------------------------ */

/* Kinds of tick-box column. */
enum { TB_NONE, TB_HEADER, TB_GRID, TB_WORDS };

/* What kind of tick-box column col is: TB_HEADER when a ticked cell holds
 * the column's own header (Typeform, Microsoft Forms), TB_GRID when every
 * filled cell is 0, 1 or x (in any decimal form), TB_WORDS when they are
 * yes/no words (yes, no, true, false), TB_NONE otherwise or when empty;
 * -1 on out-of-memory.  *filled gets the filled cells. */
static int tickbox_kind(const struct table *t, size_t col, size_t *filled)
{
	const char *h = t->headers[col] ? t->headers[col] : "";
	int header = 0, words = 0;
	*filled = 0;
	for (size_t r = 0; r < t->nrows; r++) {
		const char *s = table_cell(t, r, col);
		const char *b = s, *e = s + strlen(s);
		long long v;
		text_trim_span(&b, &e);
		if (b == e)
			continue;
		(*filled)++;
		if (text_yes_no(s) >= 0) {
			if (text_number(s, &v) != 0 && !((e - b) == 1 && (*b == 'x' || *b == 'X')))
				words = 1;
			continue;
		}
		int same = text_same(s, h);
		if (same < 0)
			return -1;
		if (!same)
			return TB_NONE;
		header = 1;
	}
	if (*filled == 0)
		return TB_NONE;
	return header ? TB_HEADER : words ? TB_WORDS : TB_GRID;
}

/* An empty column that may sit among tick-box columns as an option nobody
 * ticked: a short header that is not a question. */
static int empty_option(const struct table *t, size_t col)
{
	const char *h = t->headers[col] ? t->headers[col] : "";
	size_t len = strlen(h);
	return len > 0 && len <= 60 && !strchr(h, '?') && !strchr(h, '\n');
}

/* Appends a and b to buf (len bytes, *o used) while they fit whole;
 * what does not fit is left out (buf stays NUL-terminated). */
static void append(char *buf, size_t len, size_t *o, const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	if (*o + la + lb + 1 > len)
		return;
	memcpy(buf + *o, a, la);
	memcpy(buf + *o + la, b, lb + 1);
	*o += la + lb;
}

/* The header's words without a trailing number, joined with ' ' into buf;
 * returns 1 when it had a trailing number. */
static int header_stem(const char *h, char *buf, size_t len)
{
	char words[24][32];
	size_t n = header_words(h, words, 24), o = 0;
	int numbered = 0;
	if (n > 0 && isdigit((unsigned char)words[n - 1][0])) {
		size_t k = 0;
		while (isdigit((unsigned char)words[n - 1][k]))
			k++;
		if (!words[n - 1][k]) {
			n--;
			numbered = 1;
		}
	}
	buf[0] = '\0';
	for (size_t i = 0; i < n; i++)
		append(buf, len, &o, i ? " " : "", words[i]);
	return numbered;
}

/* A proposal in the making: the columns of one side that feed it. */
struct part {
	size_t *cols;
	size_t ncols;
	int tickbox;
	char key[128];   /* for pairing with the other side */
	int paired;      /* 1 + index of the part it is paired with, or 0 */
	enum field_type type;  /* guessed from this side alone */
	unsigned role;
	size_t filled;
	char **vals;     /* category, ordinal, multi: the distinct value keys,
			    sorted (the parts, for a multi) */
	size_t nvals;
};

/* Side words dropped when pairing headers across the two files. */
static const char *const side_words[] = {
	"mentor", "mentee", "mentors", "mentees", "mentor_", NULL
};

static void pair_key(const char *h, char *buf, size_t len)
{
	char words[24][32];
	size_t n = header_words(h, words, 24), o = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < n; i++) {
		if (word_in(words[i], side_words))
			continue;
		append(buf, len, &o, o ? " " : "", words[i]);
	}
	if (o == 0 && h[0])
		snprintf(buf, len, "%s", h);
}

static void free_parts(struct part *p, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(p[i].cols);
		for (size_t k = 0; k < p[i].nvals; k++)
			free(p[i].vals[k]);
		free(p[i].vals);
	}
	free(p);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The distinct value keys of a part's cells (split at sep when not NULL),
 * sorted, into pt->vals.  Returns 0 or -1 (OOM). */
static int part_values(struct part *pt, const struct cells *cl, const char *sep)
{
	struct counts c = {0};
	for (size_t i = 0; i < cl->n; i++) {
		const char *s = cl->v[i], *p;
		if (!sep) {
			if (counts_add(&c, s, strlen(s)) < 0)
				goto oom;
			continue;
		}
		for (;;) {
			p = strstr(s, sep);
			if (counts_add(&c, s, p ? (size_t)(p - s) : strlen(s)) < 0)
				goto oom;
			if (!p)
				break;
			s = p + strlen(sep);
		}
	}
	counts_finish(&c);
	if (c.n && !(pt->vals = malloc(c.n * sizeof *pt->vals)))
		goto oom;
	for (size_t i = 0; i < c.n; i++) {
		pt->vals[i] = c.v[i].key;
		c.v[i].key = NULL;
	}
	pt->nvals = c.n;
	qsort(pt->vals, pt->nvals, sizeof *pt->vals, cmp_str);
	counts_free(&c);
	return 0;
oom:
	counts_free(&c);
	return -1;
}

/* Percent of the values of a and b that both have (of all the values of
 * either). */
static int shared_values(const struct part *a, const struct part *b)
{
	size_t i = 0, j = 0, both = 0;
	while (i < a->nvals && j < b->nvals) {
		int c = strcmp(a->vals[i], b->vals[j]);
		if (c == 0) {
			both++;
			i++;
			j++;
		} else if (c < 0) {
			i++;
		} else {
			j++;
		}
	}
	size_t all = a->nvals + b->nvals - both;
	return all ? (int)(both * 100 / all) : 0;
}

/* Splits the columns of t into parts, every column alone except tick-box
 * columns that belong together: a run of TB_HEADER columns (with empty
 * options among them), columns of one kind whose headers differ only in a
 * trailing number ("Avail 1", "Avail 2" ...), and runs of three or more
 * TB_GRID columns.  Yes/no words (TB_WORDS) side by side are separate
 * questions unless numbered. */
static struct part *side_parts(const struct table *t, size_t *np)
{
	size_t n = t->ncols, k = 0;
	struct part *p = calloc(n ? n : 1, sizeof *p);
	int *tb = calloc(n ? n : 1, sizeof *tb);
	size_t *filled = calloc(n ? n : 1, sizeof *filled);
	if (!p || !tb || !filled)
		goto oom;
	for (size_t c = 0; c < n; c++)
		if ((tb[c] = tickbox_kind(t, c, &filled[c])) < 0)
			goto oom;
	for (size_t c = 0; c < n;) {
		size_t g = c + 1;
		char stem[128], next[128];
		int numbered = header_stem(t->headers[c], stem, sizeof stem);

		if (numbered && (tb[c] != TB_NONE || filled[c] == 0)) {
			/* numbered columns of one stem */
			while (g < n && (tb[g] == tb[c] || filled[g] == 0 || tb[c] == TB_NONE) &&
			       (tb[g] != TB_NONE || filled[g] == 0) &&
			       header_stem(t->headers[g], next, sizeof next) && !strcmp(stem, next))
				g++;
		} else if (tb[c] == TB_HEADER || (filled[c] == 0 && empty_option(t, c))) {
			/* a run of header-style tick boxes, with empty options */
			size_t ticks = 0, last = c;
			for (g = c; g < n && (tb[g] == TB_HEADER ||
					      (filled[g] == 0 && empty_option(t, g))); g++)
				if (tb[g] == TB_HEADER) {
					ticks++;
					last = g;
				}
			g = ticks >= 2 ? last + 1 : c + 1;
		} else if (tb[c] == TB_GRID) {
			while (g < n && tb[g] == TB_GRID)
				g++;
			if (g - c < 3)
				g = c + 1;
		}
		size_t ticks = 0;
		for (size_t i = c; i < g; i++)
			ticks += tb[i] != TB_NONE;
		if (g > c + 1 && ticks < 2)
			g = c + 1;
		p[k].cols = malloc((g - c) * sizeof *p[k].cols);
		if (!p[k].cols)
			goto oom;
		for (size_t i = c; i < g; i++)
			p[k].cols[p[k].ncols++] = i;
		p[k].tickbox = g > c + 1 || tb[c] != TB_NONE;
		if (g == c + 1) {
			pair_key(t->headers[c] ? t->headers[c] : "", p[k].key, sizeof p[k].key);
		} else if (numbered) {
			snprintf(p[k].key, sizeof p[k].key, "%.120s #", stem);
		} else {
			size_t o = 0;
			for (size_t i = c; i < g; i++) {
				char pk[128];
				pair_key(t->headers[i], pk, sizeof pk);
				append(p[k].key, sizeof p[k].key, &o, pk, "|");
			}
		}
		k++;
		c = g;
	}
	free(tb);
	free(filled);
	*np = k;
	return p;
oom:
	free(tb);
	free(filled);
	if (p)
		free_parts(p, n);
	return NULL;
}

/* ---- the whole guess ---------------------------------------------------- */

static int push_cells(struct cells *cl, const struct table *t, const struct part *pt)
{
	size_t add = t->nrows * pt->ncols;
	const char **v = realloc(cl->v, (cl->n + add + 1) * sizeof *v);
	if (!v)
		return -1;
	cl->v = v;
	if (pt->tickbox && pt->ncols > 1) {
		/* a row's ticks as one cell: the rows with any tick are filled */
		for (size_t r = 0; r < t->nrows; r++) {
			const char *s = "";
			for (size_t i = 0; i < pt->ncols && !*s; i++) {
				const char *x = table_cell(t, r, pt->cols[i]);
				if (text_yes_no(x) != 0 && x[strspn(x, " \t")])
					s = t->headers[pt->cols[i]];
			}
			cl->v[cl->n++] = s;
		}
	} else {
		for (size_t r = 0; r < t->nrows; r++)
			cl->v[cl->n++] = table_cell(t, r, pt->cols[0]);
	}
	return 0;
}

static int set_cols(struct field_guess *g, enum side side, const struct part *pt)
{
	g->cols[side] = malloc(pt->ncols * sizeof *g->cols[side]);
	if (!g->cols[side])
		return -1;
	memcpy(g->cols[side], pt->cols, pt->ncols * sizeof *pt->cols);
	g->ncols[side] = pt->ncols;
	return 0;
}

/* The role column of a sign-up sheet: its answers that mean mentor, mentee
 * or both.  Returns 1 when column col is one. */
static int role_column(struct profile_guess *g, const struct table *t, size_t col)
{
	char words[24][32];
	size_t nw = header_words(t->headers[col], words, 24);
	struct counts c = {0};
	int mentor = 0, mentee = 0, r = 0;

	for (size_t i = 0; i < t->nrows; i++) {
		const char *s = table_cell(t, i, col);
		if (counts_add(&c, s, strlen(s)) < 0)
			goto oom;
	}
	counts_finish(&c);
	if (c.n == 0 || c.n > 6)
		goto done;
	for (size_t i = 0; i < c.n; i++) {
		mentor |= strstr(c.v[i].key, "mentor") != NULL;
		mentee |= strstr(c.v[i].key, "mentee") != NULL;
	}
	if (!(mentor && mentee) && !has_word(words, nw, "role"))
		goto done;
	for (size_t i = 0; i < c.n; i++) {
		const char *k = c.v[i].key;
		int both = strstr(k, "both") != NULL ||
			   (strstr(k, "mentor") && strstr(k, "mentee"));
		for (int side = 0; side < SIDE_COUNT; side++) {
			int yes = both || strstr(k, side == SIDE_MENTOR ? "mentor" : "mentee");
			if (!yes)
				continue;
			char **a = realloc(g->answers[side], (g->nanswers[side] + 1) * sizeof *a);
			if (!a)
				goto oom;
			g->answers[side] = a;
			if (!(a[g->nanswers[side]] = strndup(c.v[i].text, c.v[i].textlen)))
				goto oom;
			g->nanswers[side]++;
		}
	}
	r = g->nanswers[SIDE_MENTOR] > 0 && g->nanswers[SIDE_MENTEE] > 0;
	if (!r)
		for (int side = 0; side < SIDE_COUNT; side++) {
			for (size_t k = 0; k < g->nanswers[side]; k++)
				free(g->answers[side][k]);
			g->nanswers[side] = 0;
		}
done:
	counts_free(&c);
	return r;
oom:
	counts_free(&c);
	return -1;
}

static int add_guess(struct profile_guess *g, struct field_guess **out)
{
	struct field_guess *f = realloc(g->f, (g->n + 1) * sizeof *f);
	if (!f)
		return -1;
	g->f = f;
	*out = &f[g->n++];
	memset(*out, 0, sizeof **out);
	(*out)->use = 1;
	return 0;
}

/* Classifies the columns in cl of proposal f, named from header. */
static int finish_guess(struct field_guess *f, struct cells *cl, const char *header,
			const char *last_header, int tickbox, size_t ncols)
{
	char name[40];
	f->rows = cl->n;
	if (classify(f, cl, header, tickbox, ncols) < 0)
		return -1;
	if (tickbox && ncols > 1) {
		char stem[128], lab[160];
		if (header_stem(header, stem, sizeof stem) && stem[0]) {
			profile_guess_name(stem, name, sizeof name);
			f->label = make_label(stem);
		} else {
			snprintf(name, sizeof name, "choices");
			snprintf(lab, sizeof lab, "%.60s ... %.60s", header, last_header);
			f->label = make_label(lab);
		}
	} else if (f->role & GUESS_ID) {
		snprintf(name, sizeof name, "id");
		f->label = make_label(header);
	} else if (f->role & GUESS_EMAIL) {
		snprintf(name, sizeof name, "email");
		f->label = make_label(header);
	} else if (f->role & GUESS_NAME) {
		snprintf(name, sizeof name, "name");
		f->label = make_label(header);
	} else if (f->role & GUESS_FIRST_NAME) {
		snprintf(name, sizeof name, "first_name");
		f->label = make_label(header);
	} else if (f->role & GUESS_LAST_NAME) {
		snprintf(name, sizeof name, "last_name");
		f->label = make_label(header);
	} else {
		profile_guess_name(header, name, sizeof name);
		f->label = make_label(header);
	}
	f->name = strdup(name);
	return f->name && f->label ? 0 : -1;
}

/* Makes the names distinct: a repeated name gets _2, _3 ... */
static int distinct_names(struct profile_guess *g)
{
	for (size_t i = 1; i < g->n; i++) {
		for (int k = 2;; k++) {
			size_t j;
			for (j = 0; j < i; j++)
				if (!strcmp(g->f[j].name, g->f[i].name))
					break;
			if (j == i)
				break;
			char buf[48], base[40];
			snprintf(base, sizeof base, "%s", g->f[i].name);
			char *us = strrchr(base, '_');
			if (k > 2 && us && isdigit((unsigned char)us[1]))
				*us = '\0';
			snprintf(buf, sizeof buf, "%.36s_%d", base, k);
			char *dup = strdup(buf);
			if (!dup)
				return -1;
			free(g->f[i].name);
			g->f[i].name = dup;
		}
	}
	return 0;
}

static void free_guess(struct field_guess *f)
{
	free(f->name);
	free(f->label);
	free(f->separator);
	for (size_t k = 0; k < f->nscale; k++)
		free(f->scale[k]);
	free(f->scale);
	for (int side = 0; side < SIDE_COUNT; side++)
		free(f->cols[side]);
	for (size_t k = 0; k < f->nsample; k++)
		free(f->sample[k]);
	memset(f, 0, sizeof *f);
}

/* Whether columns guessed as types a and b may be one field. */
static int fits(const struct part *a, const struct part *b)
{
	enum field_type x = a->type, y = b->type;
	if (a->filled == 0 || b->filled == 0 || x == y)
		return 1;
	if ((x == FIELD_CATEGORY || x == FIELD_ORDINAL || x == FIELD_MULTI || x == FIELD_TEXT) &&
	    (y == FIELD_CATEGORY || y == FIELD_ORDINAL || y == FIELD_MULTI || y == FIELD_TEXT))
		return 1;
	return (x == FIELD_NUMBER && y == FIELD_ID) || (x == FIELD_ID && y == FIELD_NUMBER);
}

static void pair(struct part *a, size_t i, struct part *b, size_t j)
{
	a->paired = 1 + (int)j;
	b->paired = 1 + (int)i;
}

/* Share of the headers of two tick-box groups that are the same (keys
 * separated by '|'), in percent of the larger group. */
static int shared_options(const char *a, const char *b)
{
	size_t na = 0, nb = 0, same = 0;
	for (const char *p = a; *p; p++)
		na += *p == '|';
	for (const char *p = b; *p; p++)
		nb += *p == '|';
	/* every item ends with '|' (append leaves out what does not fit) */
	for (const char *p = a, *e; (e = strchr(p, '|')); p = e + 1) {
		size_t len = (size_t)(e - p);
		for (const char *q = b, *f; (f = strchr(q, '|')); q = f + 1)
			if ((size_t)(f - q) == len && !memcmp(p, q, len)) {
				same++;
				break;
			}
	}
	size_t most = na > nb ? na : nb;
	return most ? (int)(same * 100 / most) : 0;
}

/* Pairs the mentors' parts with the mentees': the same header key (apart
 * from mentor/mentee words), tick-box groups with at least half their
 * options the same, then the one e-mail, name or id column of each side. */
static void pair_parts(struct part *parts[SIDE_COUNT], const size_t nparts[SIDE_COUNT])
{
	static const unsigned roles[] = { GUESS_EMAIL, GUESS_NAME, GUESS_FIRST_NAME,
					  GUESS_LAST_NAME, GUESS_ID };
	struct part *m = parts[SIDE_MENTOR], *e = parts[SIDE_MENTEE];

	for (size_t i = 0; i < nparts[SIDE_MENTOR]; i++)
		for (size_t j = 0; j < nparts[SIDE_MENTEE] && !m[i].paired; j++)
			if (!e[j].paired && (m[i].ncols > 1) == (e[j].ncols > 1) &&
			    !strcmp(m[i].key, e[j].key) && fits(&m[i], &e[j]))
				pair(&m[i], i, &e[j], j);
	for (size_t i = 0; i < nparts[SIDE_MENTOR]; i++)
		for (size_t j = 0; j < nparts[SIDE_MENTEE] && !m[i].paired; j++)
			if (!e[j].paired && m[i].ncols > 1 && e[j].ncols > 1 &&
			    strchr(m[i].key, '|') && strchr(e[j].key, '|') &&
			    shared_options(m[i].key, e[j].key) >= 50)
				pair(&m[i], i, &e[j], j);
	/* answers from the same list ("domain" and "domain_interest"): the
	 * best match first, at least half the values shared */
	for (;;) {
		int best = 49;
		size_t bi = 0, bj = 0;
		for (size_t i = 0; i < nparts[SIDE_MENTOR]; i++)
			for (size_t j = 0; j < nparts[SIDE_MENTEE]; j++) {
				if (m[i].paired || e[j].paired || m[i].nvals < 3 || e[j].nvals < 3 ||
				    !fits(&m[i], &e[j]))
					continue;
				int sv = shared_values(&m[i], &e[j]);
				if (sv > best) {
					best = sv;
					bi = i;
					bj = j;
				}
			}
		if (best == 49)
			break;
		pair(&m[bi], bi, &e[bj], bj);
	}
	for (size_t r = 0; r < sizeof roles / sizeof *roles; r++) {
		long a = -1, b = -1;
		size_t na = 0, nb = 0;
		for (size_t i = 0; i < nparts[SIDE_MENTOR]; i++)
			if (!m[i].paired && (m[i].role & roles[r])) {
				a = (long)i;
				na++;
			}
		for (size_t j = 0; j < nparts[SIDE_MENTEE]; j++)
			if (!e[j].paired && (e[j].role & roles[r])) {
				b = (long)j;
				nb++;
			}
		if (na == 1 && nb == 1)
			pair(&m[a], (size_t)a, &e[b], (size_t)b);
	}
}

int profile_guess(struct profile_guess *g, const struct table *const tab[SIDE_COUNT])
{
	struct part *parts[SIDE_COUNT] = {0};
	size_t nparts[SIDE_COUNT] = {0};
	int sheet = tab[SIDE_MENTOR] && tab[SIDE_MENTOR] == tab[SIDE_MENTEE];
	struct cells cl = {0};
	int have_role = 0;

	memset(g, 0, sizeof *g);
	for (int side = 0; side < SIDE_COUNT; side++) {
		if (!tab[side] || (sheet && side == SIDE_MENTEE))
			continue;
		if (!(parts[side] = side_parts(tab[side], &nparts[side])))
			goto oom;
	}
	/* each part alone, to pair only what fits */
	for (int side = 0; side < SIDE_COUNT; side++)
		for (size_t i = 0; i < nparts[side]; i++) {
			struct part *pt = &parts[side][i];
			struct field_guess tmp;
			memset(&tmp, 0, sizeof tmp);
			cl.n = 0;
			if (push_cells(&cl, tab[side], pt) < 0 ||
			    classify(&tmp, &cl, tab[side]->headers[pt->cols[0]], pt->tickbox,
				     pt->ncols) < 0) {
				free_guess(&tmp);
				goto oom;
			}
			pt->type = tmp.type;
			pt->role = tmp.role;
			pt->filled = tmp.filled;
			if ((tmp.type == FIELD_CATEGORY || tmp.type == FIELD_ORDINAL ||
			     tmp.type == FIELD_MULTI) && pt->ncols == 1 &&
			    part_values(pt, &cl, tmp.separator) < 0) {
				free_guess(&tmp);
				goto oom;
			}
			free_guess(&tmp);
		}
	if (!sheet && parts[SIDE_MENTOR] && parts[SIDE_MENTEE])
		pair_parts(parts, nparts);
	for (int side = 0; side < SIDE_COUNT; side++) {
		const struct table *t = tab[side];
		for (size_t i = 0; i < nparts[side]; i++) {
			struct part *pt = &parts[side][i];
			struct field_guess *f;
			if (side == SIDE_MENTEE && pt->paired)
				continue;  /* with its mentor column */
			if (add_guess(g, &f) < 0)
				goto oom;
			if (sheet && pt->ncols == 1 && !have_role) {
				int r = role_column(g, t, pt->cols[0]);
				if (r < 0)
					goto oom;
				if (r == 1) {
					f->role |= GUESS_ROLE;
					f->use = 0;
					have_role = 1;
				}
			}
			cl.n = 0;
			if (set_cols(f, (enum side)side, pt) < 0 || push_cells(&cl, t, pt) < 0)
				goto oom;
			if (sheet && set_cols(f, SIDE_MENTEE, pt) < 0)
				goto oom;
			if (pt->paired && side == SIDE_MENTOR) {
				const struct part *o = &parts[SIDE_MENTEE][pt->paired - 1];
				if (set_cols(f, SIDE_MENTEE, o) < 0 ||
				    push_cells(&cl, tab[SIDE_MENTEE], o) < 0)
					goto oom;
			}
			unsigned keep = f->role & GUESS_ROLE;
			int use = f->use;
			if (finish_guess(f, &cl, t->headers[pt->cols[0]],
					 t->headers[pt->cols[pt->ncols - 1]], pt->tickbox,
					 pt->ncols) < 0)
				goto oom;
			if (pt->paired && side == SIDE_MENTOR && pt->ncols == 1) {
				/* headers that differ ("mentor_id", "mentee_id"): a label
				 * for both */
				const struct part *o = &parts[SIDE_MENTEE][pt->paired - 1];
				const char *h1 = t->headers[pt->cols[0]];
				const char *h2 = tab[SIDE_MENTEE]->headers[o->cols[0]];
				int same = text_same(h1, h2);
				if (same < 0)
					goto oom;
				if (!same && !(f->role & (GUESS_NAME | GUESS_FIRST_NAME |
							   GUESS_LAST_NAME))) {
					/* the same question in other words ("mentor_id",
					 * "mentee_id"): the words both share; answers
					 * from one list: both headers */
					char both[300];
					snprintf(both, sizeof both, "%.120s / %.120s", h1, h2);
					char *l = make_label(f->role & GUESS_EMAIL ? "email" :
							     !strcmp(pt->key, o->key) ? pt->key : both);
					if (!l)
						goto oom;
					free(f->label);
					f->label = l;
				}
			}
			if (keep) {
				f->role = keep;
				f->use = use;
				f->type = FIELD_CATEGORY;
				snprintf(f->why, sizeof f->why, "the role: who signs up as what");
			}
		}
	}
	/* one e-mail field: the first of both sides (else the first); the
	 * others are kept as text */
	{
		long keep = -1;
		for (int pass = 0; pass < 2 && keep < 0; pass++)
			for (size_t i = 0; i < g->n && keep < 0; i++)
				if (g->f[i].type == FIELD_EMAIL && g->f[i].use &&
				    (pass || (g->f[i].ncols[SIDE_MENTOR] && g->f[i].ncols[SIDE_MENTEE])))
					keep = (long)i;
		for (size_t i = 0; i < g->n; i++)
			if (g->f[i].type == FIELD_EMAIL && (long)i != keep) {
				g->f[i].type = FIELD_TEXT;
				g->f[i].role &= ~GUESS_EMAIL;
				snprintf(g->f[i].why, sizeof g->f[i].why, "e-mail addresses, but another "
					 "column is the e-mail that tells people apart: shown only");
			}
	}
	/* at most one identity: the first id column on both sides; else, with
	 * no e-mail column, the first id of one side, names that are all
	 * different, or an id field left unmapped (rows are people by line) */
	{
		long id = -1, one_side = -1, names = -1;
		int email = 0;
		for (size_t i = 0; i < g->n; i++) {
			const struct field_guess *x = &g->f[i];
			email |= x->type == FIELD_EMAIL && x->use;
			if (!(x->role & GUESS_ID))
				continue;
			int both = x->ncols[SIDE_MENTOR] && x->ncols[SIDE_MENTEE];
			if (id < 0 && (both || sheet || !tab[SIDE_MENTOR] || !tab[SIDE_MENTEE]))
				id = (long)i;
			else if (one_side < 0 && !both)
				one_side = (long)i;
		}
		if (id < 0 && !email)
			id = one_side;
		for (size_t i = 0; i < g->n; i++) {
			struct field_guess *x = &g->f[i];
			if ((x->role & GUESS_NAME) && names < 0 && x->filled == x->rows &&
			    x->distinct == x->filled && x->ncols[SIDE_MENTOR] && x->ncols[SIDE_MENTEE])
				names = (long)i;
			if (!(x->role & GUESS_ID) || (long)i == id)
				continue;
			/* an id of one side only: a plain column */
			char nm[40], *dup;
			profile_guess_name(x->label, nm, sizeof nm);
			if (!(dup = strdup(nm)))
				goto oom;
			free(x->name);
			x->name = dup;
			x->role &= ~GUESS_ID;
			x->type = x->distinct > MAX_CATEGORIES ? FIELD_TEXT : FIELD_CATEGORY;
		}
		if (id < 0 && !email && names >= 0) {
			struct field_guess *x = &g->f[names];
			x->type = FIELD_ID;
			x->role |= GUESS_ID;
			snprintf(x->why, sizeof x->why, "names, all different (%zu of %zu rows): "
				 "they tell people apart", x->filled, x->rows);
		} else if (id < 0 && !email) {
			struct field_guess *x;
			char *nm, *lab;
			if (add_guess(g, &x) < 0)
				goto oom;
			nm = strdup("id");
			lab = strdup("id");
			x->name = nm;
			x->label = lab;
			if (!nm || !lab)
				goto oom;
			x->type = FIELD_ID;
			x->role = GUESS_ID;
			snprintf(x->why, sizeof x->why, "no column tells people apart: each row is a "
				 "person of its own (map an id column here if there is one)");
		}
	}
	if (distinct_names(g) < 0)
		goto oom;
	free(cl.v);
	for (int side = 0; side < SIDE_COUNT; side++)
		if (parts[side])
			free_parts(parts[side], nparts[side]);
	return 0;
oom:
	free(cl.v);
	for (int side = 0; side < SIDE_COUNT; side++)
		if (parts[side])
			free_parts(parts[side], nparts[side]);
	profile_guess_free(g);
	return -1;
}

void profile_guess_free(struct profile_guess *g)
{
	for (size_t i = 0; i < g->n; i++)
		free_guess(&g->f[i]);
	free(g->f);
	for (int side = 0; side < SIDE_COUNT; side++) {
		for (size_t k = 0; k < g->nanswers[side]; k++)
			free(g->answers[side][k]);
		free(g->answers[side]);
	}
	memset(g, 0, sizeof *g);
}

/* ---- making the profile ------------------------------------------------- */

/* Sets a list key from items (each kept whole: no trimming, no splitting). */
static int set_list(struct profile *p, enum profile_key k, size_t obj, char *const *items,
		    size_t n, char *err, size_t len)
{
	struct profile_value_buf b = {0};
	int r;
	for (size_t i = 0; i < n; i++) {
		if (i > 0)
			profile_value_buf_sep(&b);
		profile_value_buf_text(&b, items[i], 1);
	}
	if (b.oom) {
		profile_value_buf_free(&b);
		snprintf(err, len, "out of memory");
		return -1;
	}
	struct profile_value v = profile_value_buf_value(&b, NULL, k);
	r = profile_key_set(p, k, obj, &v, err, len);
	profile_value_buf_free(&b);
	return r;
}

static int set_text(struct profile *p, enum profile_key k, size_t obj, const char *text,
		    char *err, size_t len)
{
	char *item = strdup(text);
	int r;
	if (!item) {
		snprintf(err, len, "out of memory");
		return -1;
	}
	r = set_list(p, k, obj, &item, 1, err, len);
	free(item);
	return r;
}

/* The position to give with column c's header (1-based), or 0 when the
 * header names the column alone: an empty header, or one that an earlier
 * column has too, needs it. */
static long column_at(const struct table *t, size_t c)
{
	const char *h = t->headers[c] ? t->headers[c] : "";
	if (!*h)
		return (long)c + 1;
	for (size_t j = 0; j < c; j++)
		if (text_same(t->headers[j] ? t->headers[j] : "", h) == 1)
			return (long)c + 1;
	return 0;
}

int profile_guess_apply(const struct profile_guess *g, const struct table *const tab[SIDE_COUNT],
			const char *name, struct profile *p, char *err, size_t len)
{
	int sheet = tab[SIDE_MENTOR] && tab[SIDE_MENTOR] == tab[SIDE_MENTEE];
	if (profile_new(p, name) != 0) {
		snprintf(err, len, "out of memory");
		return -1;
	}
	if (set_text(p, PK_SOLVE_MODE, 0, "capacity", err, len) != 0 ||
	    set_text(p, PK_SOLVE_OBJECTIVE, 0, "coverage", err, len) != 0)
		goto fail;
	for (size_t i = 0; i < g->n; i++) {
		const struct field_guess *f = &g->f[i];
		if (f->role & GUESS_ROLE) {
			const struct table *t = tab[SIDE_MENTOR];
			if (!f->use && t && f->ncols[SIDE_MENTOR] == 1 &&
			    (set_text(p, PK_SIGNUPS_ROLE_COLUMN, 0,
				      t->headers[f->cols[SIDE_MENTOR][0]], err, len) != 0 ||
			     set_list(p, PK_SIGNUPS_MENTOR_ANSWERS, 0, g->answers[SIDE_MENTOR],
				      g->nanswers[SIDE_MENTOR], err, len) != 0 ||
			     set_list(p, PK_SIGNUPS_MENTEE_ANSWERS, 0, g->answers[SIDE_MENTEE],
				      g->nanswers[SIDE_MENTEE], err, len) != 0))
				goto fail;
			if (!f->use)
				continue;
		}
		if (!f->use)
			continue;
		long fi = profile_add_field(p, f->name, f->type, err, len);
		if (fi < 0)
			goto fail;
		if (set_text(p, PK_FIELD_LABEL, (size_t)fi, f->label, err, len) != 0)
			goto fail;
		if (f->type == FIELD_MULTI && f->separator &&
		    set_text(p, PK_FIELD_SEPARATOR, (size_t)fi, f->separator, err, len) != 0)
			goto fail;
		if (f->type == FIELD_ORDINAL &&
		    set_list(p, PK_FIELD_SCALE, (size_t)fi, f->scale, f->nscale, err, len) != 0)
			goto fail;
		for (int side = 0; side < SIDE_COUNT; side++) {
			const struct table *t = tab[side];
			if (!t || f->ncols[side] == 0)
				continue;
			if (f->ncols[side] == 1 && !(f->role & GUESS_TICKBOX)) {
				size_t c = f->cols[side][0];
				if (profile_set_column_at(p, (enum side)side, (size_t)fi,
							  t->headers[c] ? t->headers[c] : "",
							  column_at(t, c)) != 0)
					goto oom;
			} else {
				for (size_t k = 0; k < f->ncols[side]; k++) {
					size_t c = f->cols[side][k];
					if (profile_add_numbered_column(p, (enum side)side, (size_t)fi,
									t->headers[c] ? t->headers[c] : "",
									column_at(t, c)) != 0)
						goto oom;
				}
			}
			if (sheet)
				break;
		}
		if (sheet && f->ncols[SIDE_MENTOR]) {
			/* the sheet's columns feed both sides */
			const struct table *t = tab[SIDE_MENTOR];
			if (f->ncols[SIDE_MENTOR] == 1 && !(f->role & GUESS_TICKBOX)) {
				if (profile_set_column(p, SIDE_MENTEE, (size_t)fi,
						       t->headers[f->cols[SIDE_MENTOR][0]]) != 0)
					goto oom;
				long at = profile_column_at(p, SIDE_MENTOR, (size_t)fi);
				if (at > 0 && profile_set_column_at(p, SIDE_MENTEE, (size_t)fi,
								    t->headers[at - 1], at) != 0)
					goto oom;
			} else {
				const struct column_list *cl = profile_numbered(p, SIDE_MENTOR, (size_t)fi);
				for (size_t k = 0; cl && k < cl->n; k++)
					if (profile_add_numbered_column(p, SIDE_MENTEE, (size_t)fi,
									cl->header[k], cl->at[k]) != 0)
						goto oom;
			}
		}
		if ((f->role & GUESS_CAPACITY) && f->ncols[SIDE_MENTOR] &&
		    p->solve.capacity_field[SIDE_MENTOR] < 0 &&
		    set_text(p, PK_SOLVE_MENTOR_CAPACITY_FIELD, 0, f->name, err, len) != 0)
			goto fail;
	}
	return 0;
oom:
	snprintf(err, len, "out of memory");
fail:
	profile_free(p);
	return -1;
}
