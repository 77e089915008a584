/* text.c - the category key (see text.h). */
#include "mentormatch/text.h"
#include "mentormatch/utf8.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The code point of the valid UTF-8 sequence of k (2 to 4) bytes at s. */
static unsigned long code_point(const unsigned char *s, size_t k)
{
	unsigned long cp = s[0] & (k == 2 ? 0x1Fu : k == 3 ? 0x0Fu : 0x07u);
	for (size_t i = 1; i < k; i++)
		cp = cp << 6 | (s[i] & 0x3Fu);
	return cp;
}

/* What the key makes of code point cp: the ASCII text it stands for
 * (typographic quotes, dashes and the ellipsis), "" for an invisible
 * character that is dropped (zero-width space, joiners, variation
 * selectors, soft hyphen, byte-order mark), or NULL: kept as it is. */
static const char *fold(unsigned long cp)
{
	switch (cp) {
	case 0x2010: case 0x2011: case 0x2012: case 0x2013: case 0x2014: case 0x2015:
	case 0x2212:
		return "-";
	case 0x2018: case 0x2019: case 0x201A: case 0x201B: case 0x2032: case 0x02BC:
		return "'";
	case 0x201C: case 0x201D: case 0x201E: case 0x201F: case 0x2033:
		return "\"";
	case 0x2026:
		return "...";
	case 0x00AD: case 0x200B: case 0x200C: case 0x200D: case 0x2060: case 0xFEFF:
		return "";
	default:
		if ((cp >= 0xFE00 && cp <= 0xFE0F) || (cp >= 0xE0100 && cp <= 0xE01EF))
			return "";
		return NULL;
	}
}

size_t text_key(const char *s, size_t len, char *out)
{
	const char *end = s + len;
	size_t n = 0, k;
	int pending_space = 0;

	while (s < end) {
		if ((k = utf8_space_len(s)) != 0 && s + k <= end) {
			pending_space = n > 0;
			s += k;
			continue;
		}
		unsigned char c = (unsigned char)*s;
		const char *f = NULL;
		if (c >= 0xC2 && (k = utf8_seq_len((const unsigned char *)s, (size_t)(end - s))) > 1)
			f = fold(code_point((const unsigned char *)s, k));
		if (f && !*f) {
			s += k;   /* invisible: as if not there */
			continue;
		}
		if (pending_space) {
			out[n++] = ' ';
			pending_space = 0;
		}
		if (f) {
			/* never longer than the k bytes it replaces */
			memcpy(out + n, f, strlen(f));
			n += strlen(f);
			s += k;
		} else if (c >= 'A' && c <= 'Z') {
			out[n++] = (char)(c + 32);
			s++;
		} else if (c == 0xC3 && s + 1 < end && (unsigned char)s[1] >= 0x80 &&
			   (unsigned char)s[1] <= 0x9E && (unsigned char)s[1] != 0x97) {
			out[n++] = (char)c;
			out[n++] = (char)((unsigned char)s[1] + 0x20);
			s += 2;
		} else {
			out[n++] = (char)c;
			s++;
		}
	}
	out[n] = '\0';
	return n;
}

char *text_key_dup(const char *s)
{
	size_t len = strlen(s ? s : "");
	char *k = malloc(len + 1);
	if (k)
		text_key(s ? s : "", len, k);
	return k;
}

const char *text_key_in(const char *s, char *buf, size_t cap, char **heap)
{
	size_t len = strlen(s ? s : "");
	char *out = buf;
	*heap = NULL;
	if (len + 1 > cap && !(out = *heap = malloc(len + 1)))
		return NULL;
	text_key(s ? s : "", len, out);
	return out;
}

int text_same(const char *a, const char *b)
{
	char ba[128], bb[128], *ha, *hb;
	const char *ka = text_key_in(a, ba, sizeof ba, &ha);
	const char *kb = text_key_in(b, bb, sizeof bb, &hb);
	int r = ka && kb ? strcmp(ka, kb) == 0 : -1;
	free(ha);
	free(hb);
	return r;
}

void text_trim_span(const char **b, const char **e)
{
	size_t k;
	while (*b < *e && (k = utf8_space_len(*b)) != 0 && *b + k <= *e)
		*b += k;
	while (*e > *b) {
		unsigned char c = (unsigned char)(*e)[-1];
		if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f')
			(*e)--;
		else if (*e - *b >= 2 && (unsigned char)(*e)[-2] == 0xC2 && c == 0xA0)
			*e -= 2;
		else
			break;
	}
}

int text_yes_no(const char *cell)
{
	static const char *const yes[] = { "1", "yes", "true", "y", "x" };
	static const char *const no[] = { "0", "no", "false", "n" };
	char buf[16], *heap;
	const char *k;
	int r = -1;

	long long x;

	/* a tick-box column exported as numbers: 1.0, 0.00, " 1 " */
	if (text_number(cell, &x) == 0 && (x == 0 || x == NUMBER_SCALE))
		return x ? 1 : 0;
	if (strlen(cell) >= 64)
		return -1;
	k = text_key_in(cell, buf, sizeof buf, &heap);
	if (!k)
		return -1;
	for (size_t i = 0; i < sizeof yes / sizeof *yes && r < 0; i++)
		if (!strcmp(k, yes[i]))
			r = 1;
	for (size_t i = 0; i < sizeof no / sizeof *no && r < 0; i++)
		if (!strcmp(k, no[i]))
			r = 0;
	free(heap);
	return r;
}

int text_number(const char *s, long long *out)
{
	const char *b = s, *e = s + strlen(s);
	long long whole = 0, frac = 0;
	int neg = 0, digits = 0, decimals = 0, too_fine = 0, too_big = 0;

	text_trim_span(&b, &e);
	if (b < e && (*b == '+' || *b == '-'))
		neg = *b++ == '-';
	for (; b < e && *b >= '0' && *b <= '9'; b++, digits++) {
		if (whole >= NUMBER_MAX_WHOLE)
			too_big = 1;
		else
			whole = whole * 10 + (*b - '0');
	}
	if (b < e && *b == '.') {
		for (b++; b < e && *b >= '0' && *b <= '9'; b++, digits++) {
			if (decimals < NUMBER_DECIMALS) {
				frac = frac * 10 + (*b - '0');
				decimals++;
			} else if (*b != '0') {
				too_fine = 1;   /* a digit that cannot be kept */
			}
		}
	}
	if (b != e || digits == 0)
		return -1;
	if (too_big || too_fine || whole >= NUMBER_MAX_WHOLE)
		return -2;
	for (; decimals < NUMBER_DECIMALS; decimals++)
		frac *= 10;
	*out = (whole * NUMBER_SCALE + frac) * (neg ? -1 : 1);
	return 0;
}

void text_number_format(long long v, char *buf, size_t len)
{
	unsigned long long a = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
	unsigned long long whole = a / NUMBER_SCALE, frac = a % NUMBER_SCALE;
	char f[NUMBER_DECIMALS + 2];
	int n = NUMBER_DECIMALS;

	if (!len)
		return;
	if (!frac) {
		snprintf(buf, len, "%s%llu", v < 0 ? "-" : "", whole);
		return;
	}
	snprintf(f, sizeof f, "%0*llu", NUMBER_DECIMALS, frac);
	while (n > 0 && f[n - 1] == '0')
		f[--n] = '\0';
	snprintf(buf, len, "%s%llu.%s", v < 0 ? "-" : "", whole, f);
}
