/* text.h - comparing what people typed: the category key.
 *
 * Two answers are the same category when their keys are equal: surrounding
 * white space (including U+00A0, which spreadsheets leave in cells) removed,
 * inner runs of it collapsed to one space, ASCII and Latin-1 capitals folded
 * to small letters, the typographic forms that word processors and phones
 * type folded to their ASCII ones (the quotes ‘ ’ ‚ ‛ ʼ ′ to ', “ ” „ ‟ ″ to ",
 * the dashes and minus ‐ ‑ ‒ – — ― − to -, … to ...), and invisible
 * characters dropped (zero-width space and joiners U+200B..U+200D, word
 * joiner U+2060, soft hyphen U+00AD, byte-order mark U+FEFF, variation
 * selectors U+FE00..U+FE0F and U+E0100..U+E01EF).  Other punctuation,
 * symbols and emoji are kept: "C++" and "C", or "👍" and "👎", are different
 * answers, and "a.b@x.org" is not "ab@x.org".  Categories, ordinal scale
 * values, aliases, wildcards, identities (emails and ids) and role answers
 * are all compared by this key (headers are compared more loosely, see
 * mapping.h).  This module sits below dataset and profile and uses neither.
 */
#ifndef MENTORMATCH_TEXT_H
#define MENTORMATCH_TEXT_H

#include <stddef.h>

/* Writes the key of the len bytes at s into out (room for len + 1 bytes,
 * NUL-terminated).  Returns the key length (0: the value is empty). */
size_t text_key(const char *s, size_t len, char *out);

/* The key of the NUL-terminated s, malloc'ed (the caller frees it), or NULL
 * on out-of-memory. */
char *text_key_dup(const char *s);

/* The key of s in buf (cap bytes) when it fits, else in a malloc'ed buffer
 * stored in *heap (the caller frees *heap; NULL when buf was used).  Returns
 * the key, or NULL on out-of-memory. */
const char *text_key_in(const char *s, char *buf, size_t cap, char **heap);

/* 1 when a and b are the same category (equal keys, also both empty), 0 when
 * not, -1 on out-of-memory. */
int text_same(const char *a, const char *b);

/* Narrows [*b, *e) to its bytes without surrounding white space (as the key
 * sees it: ASCII white space and U+00A0). */
void text_trim_span(const char **b, const char **e);

/* Whether the cell (NUL-terminated) is a yes-word (1, yes, true, y, x) or a
 * no-word (0, no, false, n), compared without case and surrounding white
 * space; any number equal to 1 or 0 (1.0, 0.00, +1, as spreadsheets export a
 * tick box) counts as 1 or 0.  Returns 1 for yes, 0 for no, -1 for anything
 * else (also blank, and other numbers such as 2 or 0.5). */
int text_yes_no(const char *cell);

/* ---- numbers ----------------------------------------------------------- */

/* Numbers (number fields, band ends of gap rules) are decimals held exactly
 * as whole multiples of 1/NUMBER_SCALE: 5.5 is 5500000.  At most
 * NUMBER_DECIMALS digits after the point, and |value| < NUMBER_MAX_WHOLE. */
#define NUMBER_SCALE 1000000LL
#define NUMBER_DECIMALS 6
#define NUMBER_MAX_WHOLE 1000000000000LL

/* Parses a decimal number ("5.5", "-3", "+9", " 12 ", "0.25", ".5"; no
 * exponent, no thousands separator) into *out in units of 1/NUMBER_SCALE.
 * Surrounding white space is ignored.  Returns 0; -1 when s is not a number
 * (also blank); -2 when it has more than NUMBER_DECIMALS decimals or its
 * size is NUMBER_MAX_WHOLE or more (*out unchanged). */
int text_number(const char *s, long long *out);

/* Writes v (units of 1/NUMBER_SCALE) as the shortest decimal that
 * text_number reads back to v: "5.5", "-3", "0.25".  buf needs 32 bytes. */
void text_number_format(long long v, char *buf, size_t len);

#endif
