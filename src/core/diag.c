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
