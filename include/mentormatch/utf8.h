/* utf8.h - UTF-8 validation shared by the loaders and the diagnostics. */
#ifndef MENTORMATCH_UTF8_H
#define MENTORMATCH_UTF8_H

#include <stddef.h>

/* Length (1 to 4) of the valid UTF-8 sequence that starts at s, with n >= 1
 * bytes available, or 0 when the bytes there are not UTF-8: a stray
 * continuation byte, a truncated sequence, an overlong form, a surrogate
 * (U+D800..U+DFFF) or a code point above U+10FFFF (RFC 3629, section 4). */
size_t utf8_seq_len(const unsigned char *s, size_t n);

#endif
