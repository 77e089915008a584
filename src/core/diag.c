/* diag.c - diagnostics: messages about input files, each with a file and line. */
#include "mentormatch/diag.h"
#include "mentormatch/utf8.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

static const char *level_name(enum diag_level level)
{
	switch (level) {
	case DIAG_NOTE:
		return "note";
	case DIAG_WARNING:
		return "warning";
	case DIAG_ERROR:
		return "error";
	}
	return "error";
}

/* Makes msg one line of valid UTF-8, in place: control characters become
 * spaces, bytes that are not UTF-8 become '?', trailing white space goes. */
static void sanitise(char *msg)
{
	unsigned char *s = (unsigned char *)msg;
	size_t n = strlen(msg), i = 0;

	while (i < n) {
		size_t k = utf8_seq_len(s + i, n - i);
		if (k == 0) {
			s[i++] = '?';
		} else if (k == 1 && (s[i] < 0x20 || s[i] == 0x7F)) {
			s[i++] = ' ';
		} else if (k == 2 && s[i] == 0xC2 && s[i + 1] < 0xA0) {
			/* C1 control character (U+0080..U+009F) */
			s[i] = ' ';
			s[i + 1] = ' ';
			i += 2;
		} else {
			i += k;
		}
	}
	while (n > 0 && s[n - 1] == ' ')
		s[--n] = '\0';
}

void diag_add(struct diag *d, enum diag_level level, const char *file,
	      unsigned long line, const char *fmt, ...)
{
	va_list ap;
	char *msg, *fcopy = NULL;
	int len;

	if (!d || !fmt)
		return;
	va_start(ap, fmt);
	len = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (len < 0)
		return;
	msg = malloc((size_t)len + 1);
	if (!msg)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, (size_t)len + 1, fmt, ap);
	va_end(ap);
	sanitise(msg);

	if (file && !(fcopy = strdup(file))) {
		free(msg);
		return;
	}
	if (d->n == d->cap) {
		size_t ncap = d->cap ? d->cap * 2 : 16;
		struct diag_item *ni = realloc(d->items, ncap * sizeof *ni);
		if (!ni) {
			free(msg);
			free(fcopy);
			return;
		}
		d->items = ni;
		d->cap = ncap;
	}
	d->items[d->n].level = level;
	d->items[d->n].file = fcopy;
	d->items[d->n].line = line;
	d->items[d->n].msg = msg;
	d->n++;
}

size_t diag_count(const struct diag *d, enum diag_level level)
{
	size_t count = 0;

	if (!d)
		return 0;
	for (size_t i = 0; i < d->n; i++)
		if (d->items[i].level == level)
			count++;
	return count;
}

/* snprintf of the whole item; returns the untruncated length or -1. */
static int item_snprintf(const struct diag_item *it, char *buf, size_t len)
{
	const char *msg = it->msg ? it->msg : "";

	if (it->file && it->line)
		return snprintf(buf, len, "%s:%lu: %s: %s", it->file, it->line,
				level_name(it->level), msg);
	if (it->file)
		return snprintf(buf, len, "%s: %s: %s", it->file,
				level_name(it->level), msg);
	if (it->line)
		return snprintf(buf, len, "line %lu: %s: %s", it->line,
				level_name(it->level), msg);
	return snprintf(buf, len, "%s: %s", level_name(it->level), msg);
}

void diag_format(const struct diag_item *it, char *buf, size_t len)
{
	int n;
	size_t kept, i, need;
	unsigned char lead;

	if (!buf || len == 0)
		return;
	if (!it) {
		buf[0] = '\0';
		return;
	}
	n = item_snprintf(it, buf, len);
	if (n < 0) {
		buf[0] = '\0';
		return;
	}
	if ((size_t)n < len)
		return;
	/* Truncated to len - 1 bytes: drop a character cut in the middle. */
	kept = len - 1;
	if (kept == 0)
		return;
	i = kept - 1;
	while (i > 0 && kept - i < 4 && ((unsigned char)buf[i] & 0xC0) == 0x80)
		i--;
	lead = (unsigned char)buf[i];
	if (lead >= 0xF0)
		need = 4;
	else if (lead >= 0xE0)
		need = 3;
	else if (lead >= 0xC0)
		need = 2;
	else
		need = 1;
	if (i + need > kept)
		buf[i] = '\0';
}

void diag_print(const struct diag *d, FILE *out)
{
	char small[512];

	if (!d || !out)
		return;
	for (size_t i = 0; i < d->n; i++) {
		int n = item_snprintf(&d->items[i], small, sizeof small);
		if (n < 0)
			continue;
		if ((size_t)n < sizeof small) {
			fprintf(out, "%s\n", small);
		} else {
			char *big = malloc((size_t)n + 1);
			if (big) {
				item_snprintf(&d->items[i], big, (size_t)n + 1);
				fprintf(out, "%s\n", big);
				free(big);
			} else {
				diag_format(&d->items[i], small, sizeof small);
				fprintf(out, "%s\n", small);
			}
		}
	}
}

void diag_clear(struct diag *d)
{
	if (!d)
		return;
	for (size_t i = 0; i < d->n; i++) {
		free(d->items[i].file);
		free(d->items[i].msg);
	}
	d->n = 0;
}

void diag_free(struct diag *d)
{
	if (!d)
		return;
	diag_clear(d);
	free(d->items);
	d->items = NULL;
	d->n = 0;
	d->cap = 0;
}

void diag_append(struct diag *d, const struct diag *src)
{
	for (size_t i = 0; i < src->n; i++) {
		const struct diag_item *it = &src->items[i];
		diag_add(d, it->level, it->file, it->line, "%s", it->msg);
	}
}

/* ---- items held already ---------------------------------------------------------- */

/* "level line file msg" of an item, for comparing items word for word. */
static char *item_key(const struct diag_item *it)
{
	const char *file = it->file ? it->file : "", *msg = it->msg ? it->msg : "";
	size_t len = strlen(file) + strlen(msg) + 48;
	char *k = malloc(len);
	if (k)
		snprintf(k, len, "%d %lu %c%s\x1f%s", (int)it->level, it->line, it->file ? 'f' : '-',
			 file, msg);
	return k;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

void diag_append_new(struct diag *d, const struct diag *src)
{
	size_t before = d->n;
	char **keys = malloc((before ? before : 1) * sizeof *keys);
	size_t nk = 0;
	if (!keys)
		return;
	for (size_t i = 0; i < before; i++)
		if ((keys[nk] = item_key(&d->items[i])) != NULL)
			nk++;
	qsort(keys, nk, sizeof *keys, cmp_str);
	for (size_t i = 0; i < src->n; i++) {
		const struct diag_item *it = &src->items[i];
		char *k = item_key(it);
		if (!k)
			continue;
		if (!bsearch(&k, keys, nk, sizeof *keys, cmp_str))
			diag_add(d, it->level, it->file, it->line, "%s", it->msg);
		free(k);
	}
	for (size_t i = 0; i < nk; i++)
		free(keys[i]);
	free(keys);
}

/* ---- repeated messages of one kind ------------------------------------------------ */

/* A variable part of a message: a quoted value or a number. */
struct token {
	size_t at, len;      /* bytes of the message (a quoted value with its quotes) */
	int quoted;
};

static int word_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '_' || c == '@' || (unsigned char)c >= 0x80;
}

/* Finds the next token of msg at or after *pos; returns 0 when there is
 * none.  A number is a run of digits (with one decimal part) that is not
 * part of a word ("line 4", "has 8 fields"; not "SCS1", "mentor.00@x"); a
 * quoted value runs from a '"' to the next. */
static int next_token(const char *msg, size_t *pos, struct token *t)
{
	for (size_t i = *pos; msg[i]; i++) {
		char c = msg[i];
		if (c == '"') {
			const char *end = strchr(msg + i + 1, '"');
			if (!end)
				return 0;
			*t = (struct token){ i, (size_t)(end - (msg + i)) + 1, 1 };
			*pos = i + t->len;
			return 1;
		}
		if (c >= '0' && c <= '9' && (i == 0 || (!word_char(msg[i - 1]) && msg[i - 1] != '.'))) {
			size_t j = i;
			while (msg[j] >= '0' && msg[j] <= '9')
				j++;
			if (msg[j] == '.' && msg[j + 1] >= '0' && msg[j + 1] <= '9')
				for (j++; msg[j] >= '0' && msg[j] <= '9'; j++)
					;
			if (word_char(msg[j]) || (msg[j] == '.' && word_char(msg[j + 1]))) {
				i = j;      /* part of a word: skip it */
				while (msg[i + 1] && word_char(msg[i + 1]))
					i++;
				continue;
			}
			*t = (struct token){ i, j - i, 0 };
			*pos = j;
			return 1;
		}
		if (word_char(c))      /* a word: its digits are not a number */
			while (msg[i + 1] && (word_char(msg[i + 1]) ||
			       (msg[i + 1] == '.' && word_char(msg[i + 2]))))
				i++;
	}
	return 0;
}

/* The kind of an item: level, file and the message with its tokens left
 * out (marked by \1 and \2, which sanitise keeps out of messages). */
static char *kind_key(const struct diag_item *it)
{
	const char *file = it->file ? it->file : "", *msg = it->msg ? it->msg : "";
	size_t flen = strlen(file), mlen = strlen(msg);
	char *k = malloc(flen + mlen + 8), *o;
	struct token t;
	size_t pos = 0, last = 0;
	if (!k)
		return NULL;
	o = k + sprintf(k, "%d%c", (int)it->level, it->file ? 'f' : '-');
	memcpy(o, file, flen);
	o += flen;
	*o++ = '\x1f';
	while (next_token(msg, &pos, &t)) {
		memcpy(o, msg + last, t.at - last);
		o += t.at - last;
		*o++ = t.quoted ? '\x01' : '\x02';
		last = t.at + t.len;
	}
	memcpy(o, msg + last, mlen - last + 1);
	return k;
}

struct keyed_item {
	char *key;
	size_t item;
};

static int cmp_keyed_item(const void *a, const void *b)
{
	const struct keyed_item *x = a, *y = b;
	int c = strcmp(x->key, y->key);
	if (c)
		return c;
	return (x->item > y->item) - (x->item < y->item);
}

static int cmp_group_first(const void *a, const void *b)
{
	const struct diag_group *x = a, *y = b;
	return (x->first > y->first) - (x->first < y->first);
}

void diag_groups_free(struct diag_group *g, size_t n)
{
	for (size_t i = 0; g && i < n; i++)
		free(g[i].items);
	free(g);
}

size_t diag_group(const struct diag *d, size_t from, size_t to, struct diag_group **out)
{
	struct keyed_item *k;
	struct diag_group *g;
	size_t n, ng = 0;

	*out = NULL;
	if (!d || to > d->n)
		to = d ? d->n : 0;
	if (from >= to)
		return 0;
	n = to - from;
	if (!(k = malloc(n * sizeof *k)))
		return (size_t)-1;
	for (size_t i = 0; i < n; i++) {
		k[i].item = from + i;
		if (!(k[i].key = kind_key(&d->items[from + i]))) {
			while (i--)
				free(k[i].key);
			free(k);
			return (size_t)-1;
		}
	}
	qsort(k, n, sizeof *k, cmp_keyed_item);
	g = calloc(n, sizeof *g);
	for (size_t i = 0; g && i < n; ) {
		size_t j = i + 1;
		while (j < n && strcmp(k[j].key, k[i].key) == 0)
			j++;
		if (!(g[ng].items = malloc((j - i) * sizeof *g[ng].items))) {
			diag_groups_free(g, ng);
			g = NULL;
			break;
		}
		g[ng].first = k[i].item;
		g[ng].n = j - i;
		for (size_t m = i; m < j; m++)
			g[ng].items[m - i] = k[m].item;
		ng++;
		i = j;
	}
	for (size_t i = 0; i < n; i++)
		free(k[i].key);
	free(k);
	if (!g)
		return (size_t)-1;
	qsort(g, ng, sizeof *g, cmp_group_first);
	*out = g;
	return ng;
}

static int cmp_ulong(const void *a, const void *b)
{
	unsigned long x = *(const unsigned long *)a, y = *(const unsigned long *)b;
	return (x > y) - (x < y);
}

/* Appends printf-style text at *o of buf (len bytes), never past the end. */
static void put(char *buf, size_t len, size_t *o, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static void put(char *buf, size_t len, size_t *o, const char *fmt, ...)
{
	va_list ap;
	int n;
	if (*o + 1 >= len)
		return;
	va_start(ap, fmt);
	n = vsnprintf(buf + *o, len - *o, fmt, ap);
	va_end(ap);
	if (n > 0)
		*o = *o + (size_t)n < len ? *o + (size_t)n : len - 1;
}

#define GROUP_RANGES 6    /* ranges of lines shown before "and N more" */

/* The group's message: the first item's, with the tokens that differ
 * between the items as "...", into a malloc'ed string (NULL: out of
 * memory). */
static char *group_message(const struct diag *d, const struct diag_group *g)
{
	const char *msg = d->items[g->first].msg ? d->items[g->first].msg : "";
	size_t pos = 0, last = 0, o = 0, ntok = 0;
	struct token t;
	char *out;
	size_t *mpos;

	while (next_token(msg, &pos, &t))
		ntok++;
	/* "..." for a number of at least one digit, "\"...\"" for a quoted
	 * value of at least two quotes: each grows by less than 4 bytes */
	out = malloc(strlen(msg) + 4 * ntok + 1);
	mpos = calloc(g->n, sizeof *mpos);
	if (!out || !mpos) {
		free(out);
		free(mpos);
		return NULL;
	}
	pos = 0;
	while (next_token(msg, &pos, &t)) {
		int same = 1;
		/* the same token of every other item (of the same kind: as many) */
		for (size_t m = 1; m < g->n; m++) {
			const char *om = d->items[g->items[m]].msg;
			struct token u;
			if (!om || !next_token(om, &mpos[m], &u) || u.len != t.len ||
			    memcmp(om + u.at, msg + t.at, t.len) != 0)
				same = 0;
		}
		memcpy(out + o, msg + last, t.at - last);
		o += t.at - last;
		const char *put_text = same ? msg + t.at : t.quoted ? "\"...\"" : "...";
		size_t put_len = same ? t.len : strlen(put_text);
		memcpy(out + o, put_text, put_len);
		o += put_len;
		last = t.at + t.len;
	}
	memcpy(out + o, msg + last, strlen(msg + last) + 1);
	free(mpos);
	return out;
}

static int ends_with(const char *s, const char *tail)
{
	size_t n = strlen(s), t = strlen(tail);
	return n >= t && strcmp(s + n - t, tail) == 0;
}

void diag_group_format(const struct diag *d, const struct diag_group *g, char *buf, size_t len)
{
	const struct diag_item *first;
	unsigned long *lines;
	size_t nl = 0, nd = 0, o = 0;
	char *msg, *text;

	if (!buf || len == 0)
		return;
	buf[0] = '\0';
	if (!d || !g || g->n == 0 || g->first >= d->n)
		return;
	first = &d->items[g->first];
	if (g->n == 1) {
		diag_format(first, buf, len);
		return;
	}
	lines = malloc(g->n * sizeof *lines);
	msg = group_message(d, g);
	text = malloc(strlen(msg ? msg : "") + 64 * GROUP_RANGES + 128);
	if (!lines || !msg || !text) {
		free(lines);
		free(msg);
		free(text);
		diag_format(first, buf, len);     /* out of memory: the first one */
		return;
	}
	for (size_t m = 0; m < g->n; m++)
		if (d->items[g->items[m]].line)
			lines[nl++] = d->items[g->items[m]].line;
	qsort(lines, nl, sizeof *lines, cmp_ulong);
	for (size_t i = 0; i < nl; i++)
		if (i == 0 || lines[i] != lines[i - 1])
			lines[nd++] = lines[i];
	size_t tlen = strlen(msg) + 64 * GROUP_RANGES + 128;
	if (nl == 0) {
		put(text, tlen, &o, "%s (%zu times)", msg, g->n);
	} else {
		int rows = nl == g->n && nd == g->n;
		const char *noun = !rows ? "times" : first->file && ends_with(first->file, ".ini") ?
			"lines" : "rows";
		size_t shown = 0, k = 0;
		put(text, tlen, &o, "%zu %s: %s (line%s ", g->n, noun, msg, nd == 1 ? "" : "s");
		while (k < nd && shown < GROUP_RANGES) {
			size_t e = k;
			while (e + 1 < nd && lines[e + 1] == lines[e] + 1)
				e++;
			if (e == k)
				put(text, tlen, &o, "%s%lu", shown ? ", " : "", lines[k]);
			else
				put(text, tlen, &o, "%s%lu-%lu", shown ? ", " : "", lines[k], lines[e]);
			shown++;
			k = e + 1;
		}
		if (k < nd)
			put(text, tlen, &o, " and %zu more", nd - k);
		put(text, tlen, &o, ")");
	}
	struct diag_item shown_item = { first->level, first->file, 0, text };
	diag_format(&shown_item, buf, len);
	free(lines);
	free(msg);
	free(text);
}

void diag_print_grouped(const struct diag *d, FILE *out)
{
	struct diag_group *g;
	size_t ng;

	if (!d || !out)
		return;
	ng = diag_group(d, 0, d->n, &g);
	if (ng == (size_t)-1) {
		diag_print(d, out);
		return;
	}
	for (size_t i = 0; i < ng; i++) {
		const struct diag_item *it = &d->items[g[i].first];
		size_t len = strlen(it->msg ? it->msg : "") + strlen(it->file ? it->file : "") +
			     64 * GROUP_RANGES + 256;
		char *line = malloc(len);
		if (!line)
			continue;
		diag_group_format(d, &g[i], line, len);
		fprintf(out, "%s\n", line);
		free(line);
	}
	diag_groups_free(g, ng);
}
