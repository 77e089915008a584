/* profile_keys.c - the key table (profile_keys.def) and setting a key from
 * its value: the one place where a key's syntax and limits are checked. */
#include "profile_int.h"
#include "mentormatch/text.h"

#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define W(...) ((const char *const[]){ __VA_ARGS__, NULL })

const struct profile_key_info profile_keys[PK_COUNT] = {
#define PKEY(id, sec, name, val, store, off, coff, dflt, lo, hi, words, applies, flags, change, \
	     cli, label, help) \
	[PK_##id] = { sec, name, val, store, off, coff, dflt, lo, hi, words, applies, flags, change, \
		      cli, label, help },
#include "mentormatch/profile_keys.def"
#undef PKEY
};

/* The value a KV_INT_WORD key's word stands for. */
static long special_of(enum profile_key k)
{
	switch (k) {
	case PK_SOLVE_MIN_SCORE:
		return MIN_SCORE_NONE;
	case PK_SOLVE_MENTOR_CAPACITY:
	case PK_SOLVE_MENTEE_CAPACITY:
		return CAPACITY_UNSET;
	default:
		return LONG_MIN;
	}
}

static const char *const section_names[PSEC_COUNT] = {
	"profile", "solve", "field.NAME", "columns.SIDE", "rule.ID", "output", "signups", "history"
};

const char *profile_section_name(enum profile_section sec)
{
	return (size_t)sec < PSEC_COUNT ? section_names[sec] : "?";
}

enum profile_key profile_key_find(enum profile_section sec, const char *name)
{
	if (sec == PSEC_RULE && !strncmp(name, "band.", 5))
		return PK_RULE_BAND;
	if (sec == PSEC_COLUMNS) {
		const char *dot = strrchr(name, '.');
		if (!strcmp(name, "delimiter"))
			return PK_COLUMNS_DELIMITER;
		if (dot && dot[1] && strspn(dot + 1, "0123456789") == strlen(dot + 1))
			return PK_COLUMNS_NUMBERED;
		return PK_COLUMNS_FIELD;
	}
	for (size_t k = 0; k < PK_COUNT; k++)
		if (profile_keys[k].section == sec && !(profile_keys[k].flags & KF_PATTERN) &&
		    !strcmp(profile_keys[k].name, name))
			return (enum profile_key)k;
	return PK_COUNT;
}

int profile_key_applies(const struct profile *p, enum profile_key k, size_t obj)
{
	const struct profile_key_info *ki = &profile_keys[k];
	if (ki->section == PSEC_FIELD && obj < p->nfields)
		return (ki->applies >> p->fields[obj].type) & 1u;
	if (ki->section == PSEC_RULE && obj < p->nrules) {
		const struct rule *r = &p->rules[obj];
		if ((ki->flags & KF_SCORE_ONLY) && (r->kind == RULE_GAP || r->effect != EFFECT_SCORE))
			return 0;
		return (ki->applies >> r->kind) & 1u;
	}
	return 1;
}

void profile_key_words(enum profile_key k, char *buf, size_t len)
{
	struct sb b = { 0 };
	const char *const *w = profile_keys[k].words;
	size_t n = 0;

	while (w && w[n])
		n++;
	for (size_t i = 0; i < n; i++) {
		sb_add(&b, i == 0 ? "" : i + 1 == n ? " or " : ", ");
		sb_add(&b, w[i]);
	}
	snprintf(buf, len, "%s", sb_str(&b));
	free(b.s);
}

/* ---- values ---------------------------------------------------------------- */

#define FAIL(...) do { snprintf(err, len, __VA_ARGS__); goto fail; } while (0)
#define OOM() do { snprintf(err, len, "out of memory"); goto fail; } while (0)

static int is_ws(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}

static unsigned char mark_at(const struct profile_value *v, size_t i)
{
	return v->mark ? v->mark[i] : PV_LIT;
}

/* Bytes [a, b) of v without unescaped white space at either end, as a new
 * string; NULL on out-of-memory. */
static char *span(const struct profile_value *v, size_t a, size_t b)
{
	char *r;
	while (a < b && mark_at(v, a) == PV_LIT && is_ws((unsigned char)v->s[a]))
		a++;
	while (b > a && mark_at(v, b - 1) == PV_LIT && is_ws((unsigned char)v->s[b - 1]))
		b--;
	if (!(r = malloc(b - a + 1)))
		return NULL;
	memcpy(r, v->s + a, b - a);
	r[b - a] = '\0';
	return r;
}

/* The items [i, j) of v between separators: *out[*n] spans.  Returns the
 * number of items, 0 for a value of only white space, (size_t)-1 on an
 * empty item, (size_t)-2 on out-of-memory. */
struct item { size_t a, b; };

static size_t split_items(const struct profile_value *v, struct item **out)
{
	size_t count = 1, n = 0, i = 0;
	int only_ws = 1;

	*out = NULL;
	for (size_t k = 0; k < v->n; k++) {
		if (mark_at(v, k) == PV_SEP)
			count++;
		if (!(mark_at(v, k) == PV_LIT && is_ws((unsigned char)v->s[k])))
			only_ws = 0;
	}
	if (only_ws)
		return 0;
	if (!(*out = malloc(count * sizeof **out)))
		return (size_t)-2;
	while (i <= v->n) {
		size_t j = i, a, b;
		while (j < v->n && mark_at(v, j) != PV_SEP)
			j++;
		a = i;
		b = j;
		while (a < b && mark_at(v, a) == PV_LIT && is_ws((unsigned char)v->s[a]))
			a++;
		while (b > a && mark_at(v, b - 1) == PV_LIT && is_ws((unsigned char)v->s[b - 1]))
			b--;
		if (a == b) {
			free(*out);
			*out = NULL;
			return (size_t)-1;
		}
		(*out)[n++] = (struct item){ a, b };
		i = j + 1;
	}
	return n;
}

static const char empty_item_msg[] = "%s: the list has an empty item (two '|' in a row, or a "
	"'|' at one end); remove the extra '|', or write \\| inside quotes for a '|' that is "
	"part of an item";

/* A list of strings; with distinct, items must differ as categories. */
static int get_list(const struct profile_value *v, const char *key, int distinct, char ***items,
		    size_t *nitems, char *err, size_t len)
{
	struct item *it;
	size_t n = split_items(v, &it);
	char **r;
	struct shown a, b;

	*items = NULL;
	*nitems = 0;
	if (n == (size_t)-2) {
		snprintf(err, len, "out of memory");
		return -1;
	}
	if (n == (size_t)-1) {
		snprintf(err, len, empty_item_msg, key);
		return -1;
	}
	if (n == 0)
		return 0;
	if (!(r = calloc(n, sizeof *r))) {
		free(it);
		snprintf(err, len, "out of memory");
		return -1;
	}
	for (size_t i = 0; i < n; i++) {
		if (!(r[i] = span(v, it[i].a, it[i].b))) {
			snprintf(err, len, "out of memory");
			goto fail;
		}
		for (size_t j = 0; distinct && j < i; j++) {
			int same = text_same(r[i], r[j]);
			if (same < 0) {
				snprintf(err, len, "out of memory");
				goto fail;
			}
			if (same) {
				snprintf(err, len, "%s: %s is listed twice (%s and %s are the same: "
					 "case and surrounding white space are ignored); list each once",
					 key, pi_show(&b, r[i]), pi_show(&a, r[j]), pi_show(&b, r[i]));
				goto fail;
			}
		}
	}
	free(it);
	*items = r;
	*nitems = n;
	return 0;
fail:
	free(it);
	pi_free_strv(r, n);
	return -1;
}

/* Items "left => right" (the first unescaped "=>" splits): aliases and table
 * pairs.  Returns 0 with *nout items, or -1 with err. */
static int get_arrow_items(const struct profile_value *v, const char *key, const char *example,
			   const char *what, const char *lname, const char *rname,
			   char ***left, char ***right, size_t *nout, char *err, size_t len)
{
	struct item *it;
	size_t n = split_items(v, &it), k;
	struct shown sh;

	*left = *right = NULL;
	*nout = 0;
	if (n == (size_t)-2) {
		snprintf(err, len, "out of memory");
		return -1;
	}
	if (n == (size_t)-1) {
		snprintf(err, len, empty_item_msg, key);
		return -1;
	}
	if (n == 0)
		return 0;
	*left = calloc(n, sizeof **left);
	*right = calloc(n, sizeof **right);
	if (!*left || !*right) {
		snprintf(err, len, "out of memory");
		goto fail;
	}
	for (size_t i = 0; i < n; i++) {
		for (k = it[i].a; k + 1 < it[i].b; k++)
			if (mark_at(v, k) == PV_LIT && v->s[k] == '=' && mark_at(v, k + 1) == PV_LIT &&
			    v->s[k + 1] == '>')
				break;
		if (k + 1 >= it[i].b) {
			char *item = span(v, it[i].a, it[i].b);
			snprintf(err, len, "%s: %s has no '=>'; write each item as %s (inside quotes, "
				 "\\x3D> is a '=>' that belongs to the text)", key,
				 item ? pi_show(&sh, item) : "an item", example);
			free(item);
			goto fail;
		}
		(*left)[i] = span(v, it[i].a, k);
		(*right)[i] = span(v, k + 2, it[i].b);
		*nout = i + 1;
		if (!(*left)[i] || !(*right)[i]) {
			snprintf(err, len, "out of memory");
			goto fail;
		}
		if (!*(*left)[i] || !*(*right)[i]) {
			snprintf(err, len, "%s: %s has an empty %s; write %s", key, what,
				 *(*left)[i] ? rname : lname, example);
			goto fail;
		}
	}
	free(it);
	return 0;
fail:
	free(it);
	pi_free_strv(*left, n);
	pi_free_strv(*right, n);
	*left = *right = NULL;
	*nout = 0;
	return -1;
}

/* The value as one string (its escapes decoded). */
static char *whole(const struct profile_value *v)
{
	char *r = malloc(v->n + 1);
	if (r) {
		memcpy(r, v->s, v->n);
		r[v->n] = '\0';
	}
	return r;
}

static int number_error(const char *key, const char *s, long lo, long hi, int rc, char *err,
			size_t len)
{
	struct shown sh;
	if (rc == -1) {
		const char *hint = "";
		if (strchr(s, ';'))
			hint = " (a comment after a value needs white space before the ';')";
		else if (strchr(s, '#'))
			hint = " ('#' starts a comment only at the start of a line; after a "
			       "value, write ' ;')";
		snprintf(err, len, "%s: %s is not a number; write a whole number such as "
			 "%s = 2%s", key, pi_show(&sh, s), key, hint);
	} else {
		snprintf(err, len, "%s: %s is out of range; write a whole number from %ld to %ld",
			 key, pi_show(&sh, s), lo, hi);
	}
	return -1;
}

/* A field named by s: its index, or -1 with err. */
static long field_ref(const struct profile *p, const char *key, const char *s, char *err,
		      size_t len)
{
	long idx = profile_field_index(p, s);
	if (idx < 0) {
		struct sb b = { 0 };
		struct shown sh;
		pi_describe_fields(&b, p, s);
		snprintf(err, len, "%s: there is no field %s; %s", key, pi_show(&sh, s), sb_str(&b));
		free(b.s);
	}
	return idx;
}

static void *section_base(struct profile *p, enum profile_section sec, size_t obj)
{
	switch (sec) {
	case PSEC_PROFILE:
	case PSEC_OUTPUT:
	case PSEC_COLUMNS:
		return p;
	case PSEC_SOLVE:
		return &p->solve;
	case PSEC_FIELD:
		return obj < p->nfields ? (void *)&p->fields[obj] : NULL;
	case PSEC_RULE:
		return obj < p->nrules ? (void *)&p->rules[obj] : NULL;
	case PSEC_SIGNUPS:
		return &p->signups;
	case PSEC_HISTORY:
		return &p->history;
	case PSEC_COUNT:
		break;
	}
	return NULL;
}

static const int delimiter_chars[] = { 0, ',', ';', '\t' };

/* ---- the custom keys ---------------------------------------------------------- */

static int set_aliases(struct field_def *f, const struct profile_value *v, char *err, size_t len)
{
	char **l, **r;
	size_t n;
	struct field_alias *a;

	if (get_arrow_items(v, "aliases", "spelling => value, as in Grade7 => Grade 7", "an alias",
			    "spelling", "value", &l, &r, &n, err, len) < 0)
		return -1;
	if (n && !(a = calloc(n, sizeof *a))) {
		pi_free_strv(l, n);
		pi_free_strv(r, n);
		snprintf(err, len, "out of memory");
		return -1;
	}
	if (!n)
		a = NULL;
	for (size_t i = 0; i < n; i++)
		a[i] = (struct field_alias){ l[i], r[i] };
	free(l);
	free(r);
	for (size_t i = 0; i < f->naliases; i++) {
		free(f->aliases[i].spelling);
		free(f->aliases[i].value);
	}
	free(f->aliases);
	f->aliases = a;
	f->naliases = n;
	return 0;
}

static int set_pairs(struct rule *ru, const struct profile_value *v, char *err, size_t len)
{
	char **l, **r;
	size_t n;
	struct value_pair *pr = NULL;

	if (get_arrow_items(v, "pairs", "mentee value => mentor value, as in Data => Analysis",
			    "a pair", "mentee value", "mentor value", &l, &r, &n, err, len) < 0)
		return -1;
	if (n && !(pr = calloc(n, sizeof *pr))) {
		pi_free_strv(l, n);
		pi_free_strv(r, n);
		snprintf(err, len, "out of memory");
		return -1;
	}
	for (size_t i = 0; i < n; i++)
		pr[i] = (struct value_pair){ l[i], r[i] };
	free(l);
	free(r);
	for (size_t i = 0; i < ru->npairs; i++) {
		free(ru->pairs[i].mentee);
		free(ru->pairs[i].mentor);
	}
	free(ru->pairs);
	ru->pairs = pr;
	ru->npairs = n;
	return 0;
}

static int set_weights(struct rule *ru, const struct profile_value *v, char *err, size_t len)
{
	char **items;
	size_t n;
	long *w;

	if (get_list(v, "weights", 0, &items, &n, err, len) < 0)
		return -1;
	if (!(w = malloc((n ? n : 1) * sizeof *w))) {
		pi_free_strv(items, n);
		snprintf(err, len, "out of memory");
		return -1;
	}
	for (size_t i = 0; i < n; i++) {
		int rc = pi_parse_long(items[i], -NUM_LIMIT, NUM_LIMIT, &w[i]);
		if (rc) {
			struct shown sh;
			snprintf(err, len, "weights: %s is not a whole number from %ld to %ld; write "
				 "the points for the 1st, 2nd, ... choice, as in weights = 10 | 6 | 3",
				 pi_show(&sh, items[i]), -NUM_LIMIT, NUM_LIMIT);
			free(w);
			pi_free_strv(items, n);
			return -1;
		}
	}
	pi_free_strv(items, n);
	free(ru->weights);
	ru->weights = n ? w : NULL;
	ru->nweights = n;
	if (!n)
		free(w);
	return 0;
}

/* band.SPEC = points: SPEC is D, A..B, A.. or ..B (numbers, maybe decimals). */
static int set_band(struct rule *ru, const struct profile_value *v, char *err, size_t len)
{
	const char *spec = v->key + 5;
	const char *dots = strstr(spec, "..");
	long long lo, hi;
	long w;
	struct shown sh;
	char *s;
	int rc;

	if (!dots) {
		if (!*spec || isspace((unsigned char)*spec))
			goto bad_spec;
		if ((rc = text_number(spec, &lo)) == -2)
			goto too_fine;
		if (rc != 0)
			goto bad_spec;
		hi = lo;
	} else {
		char a[64] = "", b[64] = "";
		size_t la = (size_t)(dots - spec), lb = strlen(dots + 2);
		if (la >= sizeof a || lb >= sizeof b)
			goto bad_spec;    /* band... (both ends open): any d */
		memcpy(a, spec, la);
		memcpy(b, dots + 2, lb + 1);
		lo = GAP_OPEN_LO;
		hi = GAP_OPEN_HI;
		int ra = la ? text_number(a, &lo) : 0, rb = lb ? text_number(b, &hi) : 0;
		if (ra == -2 || rb == -2)
			goto too_fine;
		if (ra != 0 || rb != 0)
			goto bad_spec;
		if (lo > hi) {
			snprintf(err, len, "%s: the band's start is above its end; write the lower "
				 "end first, as in band.-3..3", pi_show(&sh, v->key));
			return -1;
		}
	}
	if (!(s = whole(v))) {
		snprintf(err, len, "out of memory");
		return -1;
	}
	rc = pi_parse_long(s, -NUM_LIMIT, NUM_LIMIT, &w);
	if (rc) {
		number_error(v->key, s, -NUM_LIMIT, NUM_LIMIT, rc, err, len);
		free(s);
		return -1;
	}
	free(s);
	{
		struct gap_band *nb = realloc(ru->bands, (ru->nbands + 1) * sizeof *nb);
		if (!nb) {
			snprintf(err, len, "out of memory");
			return -1;
		}
		ru->bands = nb;
		ru->bands[ru->nbands++] = (struct gap_band){ lo, hi, w };
	}
	return 0;
too_fine:
	snprintf(err, len, "%s: a band's ends may have at most %d decimals and must be below "
		 "%lld in size (band.0.5, band.-0.25..1)", pi_show(&sh, v->key), NUMBER_DECIMALS,
		 NUMBER_MAX_WHOLE);
	return -1;
bad_spec:
	snprintf(err, len, "%s: the part after 'band.' must be a number (band.1, band.-1, "
		 "band.0.5) or a range of numbers (band.-3..3, band.1.., band...-1)",
		 pi_show(&sh, v->key));
	return -1;
}

/* when/unless = mentee.FIELD = V1 | V2 */
static int set_cond(const struct profile *p, struct rule_cond *c, const struct profile_value *v,
		    char *err, size_t len)
{
	const char *key = v->key;
	size_t eq;
	char *who = NULL;
	const char *dot;
	struct rule_cond nc = { 0 };
	struct profile_value rest;
	struct shown sh;
	long f;

	for (eq = 0; eq < v->n; eq++)
		if (mark_at(v, eq) == PV_LIT && v->s[eq] == '=')
			break;
	if (eq == v->n) {
		snprintf(err, len, "%s: write %s = mentee.FIELD = value | value (or mentor.FIELD), "
			 "as in %s = mentee.match_identity = Yes", key, key, key);
		return -1;
	}
	if (!(who = span(v, 0, eq))) {
		snprintf(err, len, "out of memory");
		return -1;
	}
	dot = strchr(who, '.');
	if (!dot || (strncmp(who, "mentee.", 7) && strncmp(who, "mentor.", 7))) {
		snprintf(err, len, "%s: %s must be mentee.FIELD or mentor.FIELD, as in "
			 "%s = mentee.match_identity = Yes", key, pi_show(&sh, who), key);
		free(who);
		return -1;
	}
	nc.side = who[5] == 'r' ? SIDE_MENTOR : SIDE_MENTEE;
	if ((f = field_ref(p, key, dot + 1, err, len)) < 0) {
		free(who);
		return -1;
	}
	free(who);
	nc.field = (size_t)f;
	rest = *v;
	rest.s = v->s + eq + 1;
	rest.mark = v->mark ? v->mark + eq + 1 : NULL;
	rest.n = v->n - eq - 1;
	if (get_list(&rest, key, 1, &nc.values, &nc.nvalues, err, len) < 0)
		return -1;
	if (nc.nvalues == 0) {
		snprintf(err, len, "%s: no values after the '='; list the answers, as in "
			 "%s = mentee.match_identity = Yes", key, key);
		return -1;
	}
	nc.given = 1;
	pi_free_cond(c);
	*c = nc;
	return 0;
}

/* FIELD = header text [@N] */
static int set_column(struct profile *p, enum side side, const struct profile_value *v,
		      int numbered, char *err, size_t len)
{
	char name[128];
	const char *key = v->key;
	size_t k, hl, nl;
	long at = 0, idx, num = 0;
	char *h;
	struct shown sh;

	nl = numbered ? (size_t)(strrchr(key, '.') - key) : strlen(key);
	if (nl >= sizeof name)
		nl = sizeof name - 1;
	memcpy(name, key, nl);
	name[nl] = '\0';
	idx = profile_field_index(p, name);
	if (idx < 0) {
		struct sb b = { 0 };
		pi_describe_fields(&b, p, name);
		snprintf(err, len, "[columns.%s]: %s is not a field or 'delimiter'; each line is "
			 "FIELD = header text (or FIELD.1 = header, FIELD.2 = header, ... for "
			 "several columns); %s", profile_side_name(side), pi_show(&sh, key), sb_str(&b));
		free(b.s);
		return -1;
	}
	if (numbered && (pi_parse_long(key + nl + 1, 1, 1000, &num) != 0)) {
		snprintf(err, len, "%s: the number after the field's name must be from 1 to 1000, "
			 "as in %s.1", pi_show(&sh, key), name);
		return -1;
	}
	/* header text, then maybe " @N": the column's position */
	k = hl = v->n;
	while (k > 0 && mark_at(v, k - 1) == PV_LIT && isdigit((unsigned char)v->s[k - 1]))
		k--;
	if (k < v->n && k > 0 && mark_at(v, k - 1) == PV_LIT && v->s[k - 1] == '@' &&
	    (k == 1 || (mark_at(v, k - 2) == PV_LIT && is_ws((unsigned char)v->s[k - 2])))) {
		if (v->n - k > 7 || pi_parse_long(v->s + k, 1, NUM_LIMIT, &at) != 0) {
			snprintf(err, len, "%s: the column position %s is not a number from 1 to %ld; "
				 "write header @N, as in Email @5 for the fifth column (inside quotes, "
				 "\\x40 is an '@' that belongs to the header)", key,
				 pi_show(&sh, v->s + k - 1), NUM_LIMIT);
			return -1;
		}
		hl = k - 1;
		while (hl > 0 && mark_at(v, hl - 1) == PV_LIT && is_ws((unsigned char)v->s[hl - 1]))
			hl--;
	}
	if (!(h = malloc(hl + 1))) {
		snprintf(err, len, "out of memory");
		return -1;
	}
	memcpy(h, v->s, hl);
	h[hl] = '\0';
	if (!*h && !at) {
		snprintf(err, len, "%s: the header text is empty; write the spreadsheet column's "
			 "header, or remove the line to leave %s unmapped for %s", key, name,
			 profile_side_name(side));
		free(h);
		return -1;
	}
	if (numbered) {
		/* numbered in order, so that the columns' order is the numbers' */
		const struct column_list *c = profile_numbered(p, side, (size_t)idx);
		size_t have = c ? c->n : 0;
		if ((size_t)num != have + 1) {
			snprintf(err, len, "%s: the columns of %s are numbered %s.1, %s.2, ... in "
				 "order; this one should be %s.%zu", key, name, name, name, name,
				 have + 1);
			free(h);
			return -1;
		}
		if (profile_add_numbered_column(p, side, (size_t)idx, h, at) < 0) {
			free(h);
			snprintf(err, len, "out of memory");
			return -1;
		}
		free(h);
		return 0;
	}
	if (profile_set_column_at(p, side, (size_t)idx, h, at) < 0) {
		free(h);
		snprintf(err, len, "out of memory");
		return -1;
	}
	free(h);
	return 0;
}

static int set_output_fields(struct profile *p, const struct profile_value *v, char *err,
			     size_t len)
{
	char **items;
	size_t n, *idx;
	struct shown sh;

	if (get_list(v, "fields", 0, &items, &n, err, len) < 0)
		return -1;
	if (!(idx = malloc((n ? n : 1) * sizeof *idx))) {
		pi_free_strv(items, n);
		snprintf(err, len, "out of memory");
		return -1;
	}
	for (size_t i = 0; i < n; i++) {
		long f = field_ref(p, "fields", items[i], err, len);
		if (f < 0)
			goto fail;
		for (size_t j = 0; j < i; j++)
			if (idx[j] == (size_t)f) {
				snprintf(err, len, "fields: %s is listed twice; list each field once",
					 pi_show(&sh, items[i]));
				goto fail;
			}
		idx[i] = (size_t)f;
	}
	pi_free_strv(items, n);
	free(p->output_fields);
	p->output_fields = idx;
	p->noutput = n;
	return 0;
fail:
	free(idx);
	pi_free_strv(items, n);
	return -1;
}

static int set_rule_field(struct profile *p, struct rule *ru, enum profile_key k,
			  const struct profile_value *v, char *err, size_t len)
{
	char *s = whole(v);
	long f;

	if (!s) {
		snprintf(err, len, "out of memory");
		return -1;
	}
	f = field_ref(p, profile_keys[k].name, s, err, len);
	free(s);
	if (f < 0)
		return -1;
	if (k != PK_RULE_MENTEE_FIELD)
		ru->mentor_field = (size_t)f;
	if (k != PK_RULE_MENTOR_FIELD)
		ru->mentee_field = (size_t)f;
	return 0;
}

/* ---- profile_key_set ----------------------------------------------------------- */

int profile_key_set(struct profile *p, enum profile_key k, size_t obj,
		    const struct profile_value *v, char *err, size_t len)
{
	const struct profile_key_info *ki;
	void *base;
	char *s = NULL;
	struct shown sh;
	long num;
	int w, rc;

	if (len)
		err[0] = '\0';
	if (!p || (size_t)k >= PK_COUNT || !v) {
		snprintf(err, len, "no such key");
		return -1;
	}
	ki = &profile_keys[k];
	base = section_base(p, ki->section, obj);
	if (!base || (ki->section == PSEC_COLUMNS && obj >= SIDE_COUNT)) {
		snprintf(err, len, "%s: no such %s", ki->name, profile_section_name(ki->section));
		return -1;
	}
	/* keys with a syntax or a place of their own */
	switch (k) {
	case PK_FIELD_ALIASES:
		return set_aliases(base, v, err, len);
	case PK_COLUMNS_FIELD:
	case PK_COLUMNS_NUMBERED:
		return set_column(p, (enum side)obj, v, k == PK_COLUMNS_NUMBERED, err, len);
	case PK_RULE_FIELD:
	case PK_RULE_MENTOR_FIELD:
	case PK_RULE_MENTEE_FIELD:
		return set_rule_field(p, base, k, v, err, len);
	case PK_RULE_WEIGHTS:
		return set_weights(base, v, err, len);
	case PK_RULE_BAND:
		return set_band(base, v, err, len);
	case PK_RULE_PAIRS:
		return set_pairs(base, v, err, len);
	case PK_RULE_WHEN:
		return set_cond(p, &((struct rule *)base)->when, v, err, len);
	case PK_RULE_UNLESS:
		return set_cond(p, &((struct rule *)base)->unless, v, err, len);
	case PK_OUTPUT_FIELDS:
		return set_output_fields(p, v, err, len);
	default:
		break;
	}
	if (ki->value == KV_LIST) {
		char **items, ***slot = (char ***)((char *)base + ki->offset);
		size_t n, *count = (size_t *)((char *)base + ki->count_offset);
		if (get_list(v, ki->name, (ki->flags & KF_DISTINCT) != 0, &items, &n, err, len) < 0)
			return -1;
		pi_free_strv(*slot, *count);
		*slot = items;
		*count = n;
		return 0;
	}
	if (!(s = whole(v)))
		OOM();
	if ((ki->flags & KF_NOT_EMPTY) && !*s) {
		if (k == PK_FIELD_SEPARATOR)
			FAIL("separator is empty (a ';' after white space starts a comment); write "
			     "the separator in double quotes, as in separator = \", \" or separator = \";\"");
		FAIL("%s is empty; %s", ki->name, ki->help);
	}
	if (k == PK_PROFILE_FORMAT) {
		if (pi_parse_long(s, LONG_MIN, LONG_MAX, &num) != 0 || num != PROFILE_FORMAT)
			FAIL("format %s is not a profile format; write format = %d", pi_show(&sh, s),
			     PROFILE_FORMAT);
		free(s);
		return 0;
	}
	switch (ki->value) {
	case KV_INT:
	case KV_INT_WORD:
		if (ki->value == KV_INT_WORD && pi_word_index(s, ki->words) == 0) {
			num = special_of(k);
		} else if ((rc = pi_parse_long(s, ki->lo, ki->hi, &num)) != 0) {
			if (ki->value == KV_INT_WORD) {
				if (rc == -1)
					FAIL("%s: %s is not a number; write %s, or a whole number from "
					     "%ld to %ld", ki->name, pi_show(&sh, s), ki->words[0], ki->lo,
					     ki->hi);
				FAIL("%s: %s is out of range; write %s, or a whole number from %ld to "
				     "%ld", ki->name, pi_show(&sh, s), ki->words[0], ki->lo, ki->hi);
			}
			number_error(ki->name, s, ki->lo, ki->hi, rc, err, len);
			goto fail;
		}
		if (k == PK_PROFILE_FORMAT)
			break;
		if (k == PK_RULE_OTHERWISE) {
			struct rule *ru = base;
			ru->otherwise_forbid = num == LONG_MIN;
			ru->otherwise_weight = num == LONG_MIN ? 0 : num;
			break;
		}
		if (ki->store == KS_INT)
			*(int *)((char *)base + ki->offset) = (int)num;
		else if (ki->store == KS_LONG)
			*(long *)((char *)base + ki->offset) = num;
		break;
	case KV_WORD:
	case KV_BOOL:
		if ((w = pi_word_index(s, ki->words)) < 0) {
			char words[160];
			profile_key_words(k, words, sizeof words);
			if (!*s && (k == PK_COLUMNS_DELIMITER || k == PK_SIGNUPS_DELIMITER))
				FAIL("delimiter is empty: a ';' after white space starts a comment, so "
				     "'delimiter = ;' reads as nothing; write delimiter = semicolon (or "
				     "auto, comma, tab)");
			FAIL("%s: %s is not valid; write %s", ki->name, pi_show(&sh, s), words);
		}
		if (k == PK_COLUMNS_DELIMITER)
			p->delimiter[obj] = delimiter_chars[w];
		else if (k == PK_SIGNUPS_DELIMITER)
			p->signups.delimiter = delimiter_chars[w];
		else if (k == PK_HISTORY_EFFECT)
			p->history.forbid = w == 0;
		else if (ki->value == KV_BOOL)
			*(int *)((char *)base + ki->offset) = w == 0;
		else
			*(int *)((char *)base + ki->offset) = w;
		break;
	case KV_STRING: {
		char **slot = (char **)((char *)base + ki->offset);
		free(*slot);
		*slot = s;
		s = NULL;
		break;
	}
	case KV_FIELD: {
		long f = -1;
		if (*s || !(ki->flags & KF_EMPTY_OK)) {
			if ((f = field_ref(p, ki->name, s, err, len)) < 0)
				goto fail;
		}
		*(long *)((char *)base + ki->offset) = f;
		break;
	}
	case KV_LIST:
	case KV_CUSTOM:
		FAIL("%s cannot be set here", ki->name);
	}
	free(s);
	return 0;
fail:
	free(s);
	return -1;
}

int profile_key_set_text(struct profile *p, enum profile_key k, size_t obj,
			 const char *text, char *err, size_t len)
{
	struct profile_value v;
	unsigned char *mark;
	size_t n;
	int rc;

	if ((size_t)k >= PK_COUNT) {
		snprintf(err, len, "no such key");
		return -1;
	}
	/* surrounding white space goes, as in a profile file */
	text = text ? text : "";
	while (*text == ' ' || *text == '\t')
		text++;
	n = strlen(text);
	while (n > 0 && (text[n - 1] == ' ' || text[n - 1] == '\t'))
		n--;
	if (!(mark = malloc(n + 1))) {
		snprintf(err, len, "out of memory");
		return -1;
	}
	for (size_t i = 0; i < n; i++)
		mark[i] = text[i] == '|' ? PV_SEP : PV_LIT;
	{
		char *copy = malloc(n + 1);
		if (!copy) {
			free(mark);
			snprintf(err, len, "out of memory");
			return -1;
		}
		memcpy(copy, text, n);
		copy[n] = '\0';
		v.key = profile_keys[k].name;
		v.s = copy;
		v.mark = mark;
		v.n = n;
		rc = profile_key_set(p, k, obj, &v, err, len);
		free(copy);
	}
	free(mark);
	return rc;
}

int profile_key_get_text(const struct profile *p, enum profile_key k, size_t obj,
			 char *buf, size_t len)
{
	const struct profile_key_info *ki;
	const void *base;

	if (len)
		buf[0] = '\0';
	if (!p || (size_t)k >= PK_COUNT)
		return -1;
	ki = &profile_keys[k];
	base = section_base((struct profile *)(uintptr_t)p, ki->section, obj);
	if (!base)
		return -1;
	switch (k) {
	case PK_PROFILE_FORMAT:
		snprintf(buf, len, "%d", PROFILE_FORMAT);
		return 0;
	case PK_COLUMNS_DELIMITER:
	case PK_SIGNUPS_DELIMITER: {
		int ch = k == PK_SIGNUPS_DELIMITER ? p->signups.delimiter :
			obj < SIDE_COUNT ? p->delimiter[obj] : 0;
		int w = 0;
		for (int i = 0; i < 4; i++)
			if (delimiter_chars[i] == ch)
				w = i;
		snprintf(buf, len, "%s", ki->words[w]);
		return 0;
	}
	case PK_HISTORY_EFFECT:
		snprintf(buf, len, "%s", ki->words[p->history.forbid ? 0 : 1]);
		return 0;
	case PK_RULE_OTHERWISE: {
		const struct rule *ru = base;
		if (ru->otherwise_forbid)
			snprintf(buf, len, "forbid");
		else
			snprintf(buf, len, "%ld", ru->otherwise_weight);
		return 0;
	}
	default:
		break;
	}
	switch (ki->value) {
	case KV_INT:
	case KV_INT_WORD: {
		long v = ki->store == KS_INT ? *(const int *)((const char *)base + ki->offset) :
			*(const long *)((const char *)base + ki->offset);
		if (ki->value == KV_INT_WORD && v == special_of(k))
			snprintf(buf, len, "%s", ki->words[0]);
		else
			snprintf(buf, len, "%ld", v);
		return 0;
	}
	case KV_WORD:
	case KV_BOOL: {
		int v = *(const int *)((const char *)base + ki->offset);
		if (ki->value == KV_BOOL)
			v = v ? 0 : 1;
		for (int i = 0; ki->words[i]; i++)
			if (i == v) {
				snprintf(buf, len, "%s", ki->words[i]);
				return 0;
			}
		return -1;
	}
	case KV_STRING: {
		const char *s = *(char *const *)((const char *)base + ki->offset);
		snprintf(buf, len, "%s", s ? s : "");
		return 0;
	}
	case KV_FIELD: {
		long f = *(const long *)((const char *)base + ki->offset);
		snprintf(buf, len, "%s", f >= 0 && (size_t)f < p->nfields ? p->fields[f].name : "");
		return 0;
	}
	default:
		return -1;
	}
}

int profile_key_defaults(struct profile *p, enum profile_section sec, size_t obj)
{
	char err[256];

	for (size_t k = 0; k < PK_COUNT; k++) {
		const struct profile_key_info *ki = &profile_keys[k];
		if (ki->section != sec || !ki->dflt || k == PK_PROFILE_FORMAT)
			continue;
		if (sec == PSEC_COLUMNS) {
			for (size_t s = 0; s < SIDE_COUNT; s++)
				if (profile_key_set_text(p, (enum profile_key)k, s, ki->dflt, err,
							 sizeof err) < 0)
					return -1;
			continue;
		}
		if (profile_key_set_text(p, (enum profile_key)k, obj, ki->dflt, err, sizeof err) < 0)
			return -1;
	}
	return 0;
}

/* ---- values built by the editors ----------------------------------------- */

static void pvb_push(struct profile_value_buf *b, const char *s, size_t n, unsigned char m)
{
	if (b->oom)
		return;
	if (b->n + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 64;
		while (cap < b->n + n + 1)
			cap *= 2;
		char *ns = realloc(b->s, cap);
		if (!ns) {
			b->oom = 1;
			return;
		}
		b->s = ns;
		unsigned char *nm = realloc(b->mark, cap);
		if (!nm) {
			b->oom = 1;
			return;
		}
		b->mark = nm;
		b->cap = cap;
	}
	memcpy(b->s + b->n, s, n);
	memset(b->mark + b->n, m, n);
	b->n += n;
	b->s[b->n] = '\0';
}

void profile_value_buf_text(struct profile_value_buf *b, const char *s, int whole)
{
	pvb_push(b, s, strlen(s), whole ? PV_ESC : PV_LIT);
}

void profile_value_buf_sep(struct profile_value_buf *b)
{
	pvb_push(b, "|", 1, PV_SEP);
}

void profile_value_buf_free(struct profile_value_buf *b)
{
	free(b->s);
	free(b->mark);
	memset(b, 0, sizeof *b);
}

struct profile_value profile_value_buf_value(const struct profile_value_buf *b, const char *key,
					     enum profile_key k)
{
	struct profile_value v = { key ? key : profile_keys[k].name, b->s ? b->s : "", b->mark, b->n };
	return v;
}
