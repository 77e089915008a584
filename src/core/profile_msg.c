/* profile_msg.c - text for the profile's messages: a user's value quoted
 * safely, "did you mean", lists of names, and the small parsers that every
 * part of the profile code shares. */
#include "profile_int.h"
#include "mentormatch/utf8.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

void sb_addn(struct sb *b, const char *s, size_t n)
{
	if (b->oom)
		return;
	if (b->n + n + 1 > b->cap) {
		size_t ncap = b->cap ? b->cap : 64;
		char *ns;
		while (ncap < b->n + n + 1)
			ncap *= 2;
		ns = realloc(b->s, ncap);
		if (!ns) {
			b->oom = 1;
			return;
		}
		b->s = ns;
		b->cap = ncap;
	}
	memcpy(b->s + b->n, s, n);
	b->n += n;
	b->s[b->n] = '\0';
}

void sb_add(struct sb *b, const char *s)
{
	sb_addn(b, s, strlen(s));
}

void sb_addf(struct sb *b, const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	if (n > 0)
		sb_addn(b, buf, (size_t)n < sizeof buf ? (size_t)n : sizeof buf - 1);
}

const char *sb_str(const struct sb *b)
{
	return b->s && !b->oom ? b->s : "";
}

int pi_utf8_nonprinting(const unsigned char *s, size_t len)
{
	if (len == 2 && s[0] == 0xC2 && s[1] < 0xA0)
		return 1;
	if (len == 3 && s[0] == 0xE2 && s[1] == 0x80 && (s[2] == 0xA8 || s[2] == 0xA9))
		return 1;
	return 0;
}

const char *pi_show(struct shown *sh, const char *s)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t n = strlen(s), i = 0, o = 0;

	sh->buf[o++] = '\'';
	while (i < n) {
		size_t k = utf8_seq_len(u + i, n - i);
		if (i >= SHOW_MAX) {
			memcpy(sh->buf + o, "...", 3);
			o += 3;
			break;
		}
		if (k == 0 || (k == 1 && (u[i] < 0x20 || u[i] == 0x7F)) ||
		    pi_utf8_nonprinting(u + i, k)) {
			snprintf(sh->buf + o, 5, "\\x%02X", u[i]);
			o += 4;
			i++;
		} else {
			memcpy(sh->buf + o, s + i, k);
			o += k;
			i += k;
		}
	}
	sh->buf[o++] = '\'';
	sh->buf[o] = '\0';
	return sh->buf;
}

/* Edit distance, for "did you mean"; long words are not compared. */
static size_t edit_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), row[65];

	if (la > 64 || lb > 64)
		return (size_t)-1;
	for (size_t j = 0; j <= lb; j++)
		row[j] = j;
	for (size_t i = 1; i <= la; i++) {
		size_t diag = row[0];
		row[0] = i;
		for (size_t j = 1; j <= lb; j++) {
			size_t up = row[j];
			size_t best = diag + (a[i - 1] == b[j - 1] ? 0 : 1);
			if (up + 1 < best)
				best = up + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			diag = up;
		}
	}
	return row[lb];
}

int pi_close_enough(const char *word, const char *cand, size_t *best)
{
	size_t dist = edit_distance(word, cand);
	size_t limit = strlen(word) <= 4 ? 1 : 2;

	if (dist <= limit && dist < *best) {
		*best = dist;
		return 1;
	}
	return 0;
}

void pi_describe_fields(struct sb *b, const struct profile *p, const char *word)
{
	size_t best = (size_t)-1;
	const char *sugg = NULL;

	if (p->nfields == 0) {
		sb_add(b, "no fields are defined; add a [field.NAME] section");
		return;
	}
	for (size_t i = 0; i < p->nfields; i++)
		if (word && pi_close_enough(word, p->fields[i].name, &best))
			sugg = p->fields[i].name;
	if (sugg)
		sb_addf(b, "did you mean %s? ", sugg);
	sb_add(b, "the fields are: ");
	for (size_t i = 0; i < p->nfields && i < LIST_MAX_NAMES; i++) {
		if (i)
			sb_add(b, ", ");
		sb_add(b, p->fields[i].name);
	}
	if (p->nfields > LIST_MAX_NAMES)
		sb_add(b, ", ...");
}

int pi_is_ident(const char *s)
{
	if (!*s)
		return 0;
	for (; *s; s++)
		if (!(isalnum((unsigned char)*s) && (unsigned char)*s < 0x80) && *s != '_')
			return 0;
	return 1;
}

int pi_parse_long(const char *s, long lo, long hi, long *out)
{
	const char *q = s;
	char *end;
	long v;

	if (*q == '+' || *q == '-')
		q++;
	if (!*q)
		return -1;
	for (; *q; q++)
		if (*q < '0' || *q > '9')
			return -1;
	errno = 0;
	v = strtol(s, &end, 10);
	if (*end)
		return -1;
	if (errno == ERANGE || v < lo || v > hi)
		return -2;
	*out = v;
	return 0;
}

int pi_word_index(const char *s, const char *const *words)
{
	for (size_t i = 0; words && words[i]; i++)
		if (strcasecmp(s, words[i]) == 0)
			return (int)i;
	return -1;
}

const char *pi_type_name(enum field_type t)
{
	const char *const *w = profile_keys[PK_FIELD_TYPE].words;
	return (size_t)t < FIELD_TYPE_COUNT ? w[t] : "?";
}

const char *pi_kind_name(enum rule_kind k)
{
	const char *const *w = profile_keys[PK_RULE_KIND].words;
	return (size_t)k < RULE_KIND_COUNT ? w[k] : "?";
}

void pi_mask_names(struct sb *b, unsigned mask, int kinds)
{
	size_t n = kinds ? RULE_KIND_COUNT : FIELD_TYPE_COUNT, count = 0, k = 0;

	for (size_t i = 0; i < n; i++)
		count += (mask >> i) & 1u;
	for (size_t i = 0; i < n; i++) {
		if (!((mask >> i) & 1u))
			continue;
		if (k)
			sb_add(b, k + 1 == count ? " or " : ", ");
		sb_add(b, kinds ? pi_kind_name((enum rule_kind)i) : pi_type_name((enum field_type)i));
		k++;
	}
}

const char *field_type_name(enum field_type t)
{
	return pi_type_name(t);
}

const char *rule_kind_name(enum rule_kind k)
{
	return pi_kind_name(k);
}
