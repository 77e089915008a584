/* fuzz_common.h - shared by the libFuzzer harnesses (tests/fuzz/fuzz_*.c) and
 * by tests/unit/test_fuzz_regressions.c, which includes the harness sources
 * so that the saved inputs go through exactly the same code and checks.
 *
 * FUZZ_CHECK(cond, fmt, ...) reports a broken invariant: under libFuzzer it
 * prints the message and aborts (the input is saved as a crash); in the
 * cmocka build (FUZZ_REGRESSION_TEST defined) it fails the current test.
 */
#ifndef MENTORMATCH_FUZZ_COMMON_H
#define MENTORMATCH_FUZZ_COMMON_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mentormatch/diag.h"

#ifdef FUZZ_REGRESSION_TEST
/* cmocka.h is included by the test before this file. */
#define FUZZ_FAIL(msg) fail_msg("%s", (msg))
#else
#define FUZZ_FAIL(msg) (fputs((msg), stderr), fputc('\n', stderr), abort())
#endif

static void fuzz_failed(const char *file, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void fuzz_failed(const char *file, int line, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;
	int n = snprintf(msg, sizeof msg, "%s:%d: invariant failed: ", file, line);

	if (n < 0 || (size_t)n >= sizeof msg)
		n = 0;
	va_start(ap, fmt);
	vsnprintf(msg + n, sizeof msg - (size_t)n, fmt, ap);
	va_end(ap);
	FUZZ_FAIL(msg);
}

#define FUZZ_CHECK(cond, ...) \
	do { \
		if (!(cond)) \
			fuzz_failed(__FILE__, __LINE__, __VA_ARGS__); \
	} while (0)

/* Is the n bytes at str valid UTF-8 (no overlongs, surrogates or code
 * points past U+10FFFF)? */
static int fuzz_utf8_valid(const char *str, size_t n)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0;

	while (i < n) {
		unsigned long cp;
		size_t len;
		if (s[i] < 0x80) {
			i++;
			continue;
		}
		if (s[i] >= 0xC2 && s[i] <= 0xDF)
			len = 2, cp = s[i] & 0x1Fu;
		else if (s[i] >= 0xE0 && s[i] <= 0xEF)
			len = 3, cp = s[i] & 0x0Fu;
		else if (s[i] >= 0xF0 && s[i] <= 0xF4)
			len = 4, cp = s[i] & 0x07u;
		else
			return 0;
		if (len > n - i)
			return 0;
		for (size_t k = 1; k < len; k++) {
			if ((s[i + k] & 0xC0) != 0x80)
				return 0;
			cp = (cp << 6) | (s[i + k] & 0x3Fu);
		}
		if ((len == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) ||
		    (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)))
			return 0;
		i += len;
	}
	return 1;
}

static int fuzz_str_utf8(const char *s)
{
	return fuzz_utf8_valid(s, strlen(s));
}

/* Every message is one line of valid UTF-8 without control characters and
 * names the file (or no file); diag_format keeps whole characters whatever
 * the buffer size; diag_print works. */
static void fuzz_check_diag(const struct diag *d, const char *name)
{
	char buf[256];

	FUZZ_CHECK(d->n <= d->cap, "diag n %zu > cap %zu", d->n, d->cap);
	for (size_t i = 0; i < d->n; i++) {
		const struct diag_item *it = &d->items[i];
		const unsigned char *m = (const unsigned char *)it->msg;
		size_t n;
		FUZZ_CHECK(it->msg != NULL, "diag item %zu has no message", i);
		n = strlen(it->msg);
		FUZZ_CHECK(fuzz_utf8_valid(it->msg, n), "diag message %zu is not UTF-8", i);
		for (size_t k = 0; k < n; k++) {
			FUZZ_CHECK(m[k] >= 0x20 && m[k] != 0x7F,
				   "diag message %zu has control byte 0x%02X", i, m[k]);
			FUZZ_CHECK(!(m[k] == 0xC2 && k + 1 < n && m[k + 1] < 0xA0),
				   "diag message %zu has a C1 control", i);
		}
		FUZZ_CHECK(n == 0 || m[n - 1] != ' ', "diag message %zu ends with a space", i);
		FUZZ_CHECK(it->level == DIAG_NOTE || it->level == DIAG_WARNING ||
			   it->level == DIAG_ERROR, "diag item %zu has level %d", i, (int)it->level);
		FUZZ_CHECK(!it->file || !strcmp(it->file, name),
			   "diag item %zu names file '%s', not '%s'", i, it->file, name);
		/* buffer sizes: tiny ones, and two that cut the text somewhere
		 * (for the first items only: a bad file gives many) */
		for (size_t s = 0; i < 16 && s < 4; s++) {
			size_t full = strlen(it->file ? it->file : "") + n + 24;
			size_t len = s < 2 ? s + 1 : 1 + (i * 31 + s * 17 + n) % full;
			if (len > sizeof buf)
				len = sizeof buf;
			memset(buf, 'X', sizeof buf);
			diag_format(it, buf, len);
			FUZZ_CHECK(memchr(buf, '\0', len) != NULL,
				   "diag_format(len %zu) did not terminate", len);
			FUZZ_CHECK(fuzz_str_utf8(buf), "diag_format(len %zu) cut a character", len);
		}
	}
	if (d->n <= 32) {
		char *text = NULL;
		size_t tlen = 0;
		FILE *f = open_memstream(&text, &tlen);
		if (f) {
			diag_print(d, f);
			fclose(f);
			FUZZ_CHECK(fuzz_utf8_valid(text, tlen), "diag_print wrote invalid UTF-8");
			free(text);
		}
	}
}

#endif
