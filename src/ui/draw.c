/* draw.c - colour roles and the one text-drawing helper.
 *
 * All text reaches the screen through ui_text, which converts UTF-8 to wide
 * characters, measures them in display cells (wcwidth) and cuts at a
 * character boundary, so that names in any script keep columns aligned and
 * nothing is ever split in the middle of a character.  What a cell may hold
 * that the terminal would act on never reaches it: line breaks show as ↵
 * (or a space), a tab as a space, and control characters (escape sequences,
 * C1 controls) and bidi controls (U+202E ...) as '?' (next_char).
 */
#include "tui.h"

#include <langinfo.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>
#include <wctype.h>

/* ---- colour roles ---------------------------------------------------------- */

static const struct {
	short fg, bg;
	attr_t colour_attr, mono_attr;
} role_def[UI_ROLE_COUNT] = {
#define UI_X_ROLE_DEF(id, f, b, ca, ma) \
	[UI_ROLE_##id] = { .fg = (f), .bg = (b), .colour_attr = (ca), .mono_attr = (ma) },
	UI_ROLES(UI_X_ROLE_DEF)
#undef UI_X_ROLE_DEF
};

static attr_t role_attr[UI_ROLE_COUNT];

void ui_colors_init(void)
{
	/* NO_COLOR set and not empty (https://no-color.org): the theme of
	 * attributes only, as on a terminal without colours */
	const char *no_color = getenv("NO_COLOR");
	int colour = !(no_color && *no_color) && has_colors() && start_color() == OK &&
		     COLORS >= 8 && COLOR_PAIRS > UI_ROLE_COUNT;
	int defaults = colour && use_default_colors() == OK;

	for (int r = 0; r < UI_ROLE_COUNT; r++) {
		if (!colour) {
			role_attr[r] = role_def[r].mono_attr;
			continue;
		}
		short fg = role_def[r].fg, bg = role_def[r].bg;
		if (fg < 0 && bg < 0) {
			role_attr[r] = role_def[r].colour_attr;
			continue;
		}
		if (!defaults) {
			if (fg < 0)
				fg = COLOR_WHITE;
			if (bg < 0)
				bg = COLOR_BLACK;
		}
		if (init_pair((short)(r + 1), fg, bg) == OK)
			role_attr[r] = (attr_t)COLOR_PAIR(r + 1) | role_def[r].colour_attr;
		else
			role_attr[r] = role_def[r].mono_attr;
	}
}

attr_t ui_attr(enum ui_role role)
{
	return role_attr[role];
}

/* ---- locale ---------------------------------------------------------------- */

static int utf8_locale;
static wchar_t nl_mark = L' ';      /* newline inside a cell */
static wchar_t cut_mark = L'~';     /* end of truncated text */
static wchar_t bad_mark = L'?';     /* invalid or unprintable */

void ui_locale_init(void)
{
	const char *cs = nl_langinfo(CODESET);
	utf8_locale = cs && (strcmp(cs, "UTF-8") == 0 || strcmp(cs, "utf8") == 0);
	nl_mark = L' ';
	cut_mark = L'~';
	bad_mark = L'?';
	if (utf8_locale) {
		if (wcwidth(0x21B5) == 1)
			nl_mark = (wchar_t)0x21B5;   /* ↵ */
		if (wcwidth(0x2026) == 1)
			cut_mark = (wchar_t)0x2026;  /* … */
	}
}

int ui_utf8_locale(void)
{
	return utf8_locale;
}

/* ---- decoding ---------------------------------------------------------------- */

/* Length of the UTF-8 sequence starting at p, or 0 when it is not valid. */
static size_t utf8_seq(const unsigned char *p, unsigned long *cp)
{
	unsigned long c;
	size_t n;
	if (p[0] < 0x80) {
		*cp = p[0];
		return 1;
	} else if (p[0] >= 0xC2 && p[0] <= 0xDF) {
		c = p[0] & 0x1F; n = 2;
	} else if (p[0] >= 0xE0 && p[0] <= 0xEF) {
		c = p[0] & 0x0F; n = 3;
	} else if (p[0] >= 0xF0 && p[0] <= 0xF4) {
		c = p[0] & 0x07; n = 4;
	} else {
		return 0;
	}
	for (size_t i = 1; i < n; i++) {
		if ((p[i] & 0xC0) != 0x80)
			return 0;
		c = (c << 6) | (p[i] & 0x3F);
	}
	if ((n == 3 && c < 0x800) || (n == 4 && (c < 0x10000 || c > 0x10FFFF)) ||
	    (c >= 0xD800 && c <= 0xDFFF))
		return 0;
	*cp = c;
	return n;
}

/* Next character of *pp as it will be shown: *wc and its width *w (0 for a
 * combining mark).  Returns 0 at the end of the string. */
static int next_char(const char **pp, wchar_t *wc, int *w)
{
	const unsigned char *p = (const unsigned char *)*pp;
	unsigned long cp;

	for (;;) {
		if (!*p)
			return 0;
		size_t n;
		if (utf8_locale) {
			/* the locale's own decoder (the C library's wide characters) */
			mbstate_t st;
			wchar_t w1;
			size_t lim = 0;
			memset(&st, 0, sizeof st);
			while (lim < MB_LEN_MAX && p[lim])
				lim++;
			n = mbrtowc(&w1, (const char *)p, lim, &st);
			if (n == (size_t)-1 || n == (size_t)-2)
				n = 0;
			else
				cp = (unsigned long)w1;
		} else {
			n = utf8_seq(p, &cp);   /* one '?' per character below */
		}
		if (n == 0) {
			/* invalid byte: one placeholder per byte */
			*wc = bad_mark;
			*w = 1;
			*pp = (const char *)(p + 1);
			return 1;
		}
		p += n;
		if (cp == '\r' && *p == '\n')
			continue;          /* CR LF inside a cell: one newline */
		*pp = (const char *)p;
		break;
	}
	if (cp == '\n' || cp == '\r' || cp == 0x2028 || cp == 0x2029) {
		*wc = nl_mark;
		*w = 1;
		return 1;
	}
	if (cp == '\t') {
		*wc = L' ';
		*w = 1;
		return 1;
	}
	/* Control characters (an escape sequence, a bell) and the marks that
	 * reorder text (bidi embeddings, overrides and isolates, such as
	 * U+202E) would act on the terminal instead of being shown: a
	 * placeholder stands for each.  The data keeps them. */
	if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0) || cp == 0x061C || cp == 0x200E ||
	    cp == 0x200F || (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069)) {
		*wc = bad_mark;
		*w = 1;
		return 1;
	}
	if (cp >= 0x80 && !utf8_locale) {
		*wc = bad_mark;
		*w = 1;
		return 1;
	}
	int cw = wcwidth((wchar_t)cp);
	if (cw < 0 || iswcntrl((wint_t)cp)) {
		*wc = bad_mark;
		*w = 1;
		return 1;
	}
	*wc = (wchar_t)cp;
	*w = cw;
	return 1;
}

int ui_text_width(const char *s)
{
	wchar_t wc;
	int w, total = 0;
	if (!s)
		return 0;
	while (next_char(&s, &wc, &w))
		total += w;
	return total;
}

/* ---- drawing ------------------------------------------------------------------ */

#define TEXT_MAX 1024   /* characters kept for one call; more are cut */

void ui_fill(int y, int x, int w, attr_t attr)
{
	if (y < 0 || y >= LINES || x < 0 || x >= COLS || w <= 0)
		return;
	if (x + w > COLS)
		w = COLS - x;
	attrset(attr);
	move(y, x);
	for (int i = 0; i < w; i++)
		addch(' ');
	attrset(A_NORMAL);
}

int ui_text(int y, int x, int w, attr_t attr, const char *s, unsigned flags)
{
	static wchar_t buf[TEXT_MAX + 2];
	static signed char cw[TEXT_MAX + 2];
	size_t n = 0;
	int width = 0, total = 0, cut = 0;
	wchar_t wc;
	int cwid;

	if (y < 0 || y >= LINES || x < 0 || x >= COLS || w <= 0)
		return 0;
	if (x + w > COLS)
		w = COLS - x;
	if (!s)
		s = "";

	/* Collect characters: all of them for UI_TAIL, else until w is passed. */
	while (next_char(&s, &wc, &cwid)) {
		if (cwid == 0 && n == 0)
			continue;       /* a combining mark with nothing to sit on */
		if (n >= TEXT_MAX) {
			cut = 1;
			break;
		}
		total += cwid;
		if (!(flags & UI_TAIL) && total > w) {
			cut = 1;
			break;
		}
		buf[n] = wc;
		cw[n] = (signed char)cwid;
		n++;
		width += cwid;
	}
	if (total > w)
		cut = 1;

	size_t start = 0;
	if (cut && (flags & UI_TAIL)) {
		/* keep the end: walk back whole characters (with their marks) */
		int keep = 0;
		size_t i = n;
		while (i > 0) {
			size_t j = i;
			while (j > 0 && cw[j - 1] == 0)
				j--;
			if (j == 0)
				break;
			j--;    /* the base character */
			if (keep + cw[j] > w - 1)
				break;
			keep += cw[j];
			i = j;
		}
		start = i;
		width = keep;
	} else if (cut) {
		/* drop whole characters from the end until the marker fits */
		while (n > 0 && width > w - 1) {
			while (n > 0 && cw[n - 1] == 0)
				n--;
			if (n > 0) {
				n--;
				width -= cw[n];
			}
		}
	}

	int used = width + (cut ? 1 : 0);
	int pad_left = 0;
	if ((flags & UI_RIGHT) && used < w)
		pad_left = w - used;

	attrset(attr);
	move(y, x);
	for (int i = 0; i < pad_left; i++)
		addch(' ');
	if (cut && (flags & UI_TAIL)) {
		addnwstr(&cut_mark, 1);
		if (n > start)
			addnwstr(buf + start, (int)(n - start));
	} else {
		if (n > 0)
			addnwstr(buf, (int)n);
		if (cut)
			addnwstr(&cut_mark, 1);
	}
	if (flags & UI_PAD)
		for (int i = pad_left + used; i < w; i++)
			addch(' ');
	attrset(A_NORMAL);
	return pad_left + used;
}

int ui_textf(int y, int x, int w, attr_t attr, unsigned flags, const char *fmt, ...)
{
	char buf[2048];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	return ui_text(y, x, w, attr, buf, flags);
}

struct ui_rect ui_centre(int h, int w)
{
	struct ui_rect r;
	if (h > LINES)
		h = LINES;
	if (w > COLS)
		w = COLS;
	r.h = h;
	r.w = w;
	r.y = (LINES - h) / 2;
	r.x = (COLS - w) / 2;
	return r;
}

struct ui_rect ui_box(struct ui_rect r, const char *title)
{
	attr_t a = ui_attr(UI_ROLE_NORMAL);
	/* the box's rows are cleared from edge to edge: what the screen drew
	 * beside the box (a list's > marker, a count at the right edge) would
	 * otherwise sit next to the box's own lines and seem to belong to them */
	for (int i = 0; i < r.h; i++)
		ui_fill(r.y + i, 0, COLS, a);
	if (r.h >= 2 && r.w >= 2) {
		attrset(a);
		mvadd_wch(r.y, r.x, WACS_ULCORNER);
		mvadd_wch(r.y, r.x + r.w - 1, WACS_URCORNER);
		mvadd_wch(r.y + r.h - 1, r.x, WACS_LLCORNER);
		mvadd_wch(r.y + r.h - 1, r.x + r.w - 1, WACS_LRCORNER);
		if (r.w > 2) {
			mvhline_set(r.y, r.x + 1, WACS_HLINE, r.w - 2);
			mvhline_set(r.y + r.h - 1, r.x + 1, WACS_HLINE, r.w - 2);
		}
		if (r.h > 2) {
			mvvline_set(r.y + 1, r.x, WACS_VLINE, r.h - 2);
			mvvline_set(r.y + 1, r.x + r.w - 1, WACS_VLINE, r.h - 2);
		}
		attrset(A_NORMAL);
		if (title && *title && r.w > 6) {
			char t[256];
			snprintf(t, sizeof t, " %s ", title);
			ui_text(r.y, r.x + 2, r.w - 4, ui_attr(UI_ROLE_TITLE), t, 0);
		}
	}
	struct ui_rect in = { r.y + 1, r.x + 2, r.h - 2, r.w - 4 };
	if (in.h < 0)
		in.h = 0;
	if (in.w < 0)
		in.w = 0;
	return in;
}

/* ---- text utilities ------------------------------------------------------------- */

size_t ui_utf8_to_wcs(const char *s, wchar_t *out, size_t max)
{
	const unsigned char *p = (const unsigned char *)(s ? s : "");
	size_t n = 0;
	unsigned long cp;
	while (*p && n < max) {
		size_t k = utf8_seq(p, &cp);
		if (k == 0) {
			cp = *p;     /* a raw byte (non-UTF-8 locale input) */
			k = 1;
		}
		out[n++] = (wchar_t)cp;
		p += k;
	}
	return n;
}

void ui_wcs_to_utf8(const wchar_t *ws, size_t n, char *out, size_t len)
{
	size_t o = 0;
	if (len == 0)
		return;
	for (size_t i = 0; i < n; i++) {
		unsigned long c = (unsigned long)ws[i];
		unsigned char b[4];
		size_t k;
		if (c < 0x80) {
			b[0] = (unsigned char)c; k = 1;
		} else if (!utf8_locale && c < 0x100) {
			b[0] = (unsigned char)c; k = 1;   /* a byte typed in an 8-bit locale */
		} else if (c < 0x800) {
			b[0] = (unsigned char)(0xC0 | (c >> 6));
			b[1] = (unsigned char)(0x80 | (c & 0x3F)); k = 2;
		} else if (c < 0x10000) {
			if (c >= 0xD800 && c <= 0xDFFF)
				continue;
			b[0] = (unsigned char)(0xE0 | (c >> 12));
			b[1] = (unsigned char)(0x80 | ((c >> 6) & 0x3F));
			b[2] = (unsigned char)(0x80 | (c & 0x3F)); k = 3;
		} else if (c <= 0x10FFFF) {
			b[0] = (unsigned char)(0xF0 | (c >> 18));
			b[1] = (unsigned char)(0x80 | ((c >> 12) & 0x3F));
			b[2] = (unsigned char)(0x80 | ((c >> 6) & 0x3F));
			b[3] = (unsigned char)(0x80 | (c & 0x3F)); k = 4;
		} else {
			continue;
		}
		if (o + k >= len)
			break;
		memcpy(out + o, b, k);
		o += k;
	}
	out[o] = '\0';
}

static wchar_t fold(wchar_t c)
{
	if (c < 0x80)
		return (c >= 'A' && c <= 'Z') ? c + ('a' - 'A') : c;
	return utf8_locale ? (wchar_t)towlower((wint_t)c) : c;
}

int ui_icontains(const char *hay, const char *needle)
{
	wchar_t h[512], nd[128];
	size_t hn = ui_utf8_to_wcs(hay, h, 512);
	size_t nn = ui_utf8_to_wcs(needle, nd, 128);
	if (nn == 0)
		return 1;
	for (size_t i = 0; i < hn; i++)
		h[i] = fold(h[i]);
	for (size_t i = 0; i < nn; i++)
		nd[i] = fold(nd[i]);
	for (size_t i = 0; i + nn <= hn; i++) {
		size_t k = 0;
		while (k < nn && h[i + k] == nd[k])
			k++;
		if (k == nn)
			return 1;
	}
	return 0;
}

size_t ui_wrap_next(const char *s, int w, int *width)
{
	const char *p = s, *last_space = NULL;
	int used = 0, at_space = 0;
	wchar_t wc;
	int cw;

	if (w < 1)
		w = 1;
	for (;;) {
		const char *before = p;
		if (!next_char(&p, &wc, &cw))
			break;
		if (used + cw > w) {
			if (used == 0) {        /* one character wider than the line */
				used = cw;
				break;
			}
			p = before;
			if (last_space && *p != ' ') {
				if (width)
					*width = at_space;
				return (size_t)(last_space - s);
			}
			break;
		}
		used += cw;
		if (wc == L' ') {
			last_space = before;
			at_space = used - cw;
		}
	}
	if (width)
		*width = used;
	return (size_t)(p - s);
}

int ui_text_wrapped(int y, int x, int w, int maxlines, int indent, attr_t attr,
		    const char *s)
{
	int n = 0;
	while (*s && n < maxlines) {
		int dx = n ? indent : 0;
		if (n && *s == ' ')
			s++;
		size_t len = n + 1 == maxlines ? strlen(s) : ui_wrap_next(s, w - dx, NULL);
		char piece[1024];
		if (len == 0)
			break;
		if (len >= sizeof piece)
			len = sizeof piece - 1;
		memcpy(piece, s, len);
		piece[len] = '\0';
		ui_text(y + n, x + dx, w - dx, attr, piece, 0);
		s += len;
		n++;
	}
	return n;
}
