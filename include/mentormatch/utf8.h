/* utf8.h - UTF-8 helpers shared by the loaders, the diagnostics and the
 * comparisons of values and emails. */
#ifndef MENTORMATCH_UTF8_H
#define MENTORMATCH_UTF8_H

#include <stddef.h>

/* Length (1 to 4) of the valid UTF-8 sequence that starts at s, with n >= 1
 * bytes available, or 0 when the bytes there are not UTF-8: a stray
 * continuation byte, a truncated sequence, an overlong form, a surrogate
 * (U+D800..U+DFFF) or a code point above U+10FFFF (RFC 3629, section 4). */
size_t utf8_seq_len(const unsigned char *s, size_t n);

/* Length of the white-space character at s (NUL-terminated): 1 for an ASCII
 * space, tab, CR, LF, VT or FF, 2 for U+00A0 (no-break space, which
 * spreadsheets often leave in cells), 0 otherwise. */
size_t utf8_space_len(const char *s);

#endif
