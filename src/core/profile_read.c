/* profile_read.c - reading a profile: inih parses the lines, as they are;
 * the keys are then interpreted through the key table (profile_keys.c) and
 * the whole is checked (profile_check.c).
 *
 * inih is given each physical line by our reader callback, which counts the
 * lines and refuses lines inih could not hold (too long, with a NUL byte).
 * inih processes a line right after reading it, so when its handler is
 * called the current line is the one the key is on.  inih calls the handler
 * for every key = value and for every continuation line (an indented line
 * after a key, which continues its value), never for a section header; we
 * tell them apart, and find the headers' lines, from what inih reports:
 *   - a line whose first character (after white space) is '[' and for which
 *     the handler was not called is a section header (or a broken one, which
 *     inih reports as the error it returns);
 *   - the handler's call is a continuation when its line is indented, a key
 *     with a name was read before it and no section header came since (the
 *     rule inih applies).
 * The name of a section is the one inih passes to the handler; the header's
 * own line only serves to check that inih kept the whole name and that
 * nothing but a comment follows the ']'.  A section without any key is not
 * seen at all (it holds nothing).
 */
#include "profile_int.h"
#include "mentormatch/text.h"

#include <ctype.h>
#include <errno.h>
#include <ini.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define PROFILE_MAX_BYTES (1024 * 1024)  /* a profile is a few KiB */
#define MSG_MAX 100                      /* messages per file (a wrong file gives many) */
#define NO_SEC ((size_t)-1)

struct piece {
	char *raw;             /* the value as inih gave it */
	unsigned long line;
};

struct entry {
	size_t sec;            /* index into loader.secs, or NO_SEC */
	char *key;
	unsigned long line;
	struct piece *pc;      /* pc[0] from the key line, then continuation lines */
	size_t npc, cappc;
};

struct section {
	char *name;
	unsigned long line;
	enum profile_section kind;
	size_t index;          /* field, rule or side */
	int ignore;            /* unknown or given twice: its keys are not read */
};

/* A message kept until the end, so that they reach diag in line order. */
struct msg {
	unsigned long line;
	size_t seq;
	enum diag_level level;
	char *text;
};

struct loader {
	const char *path;
	struct diag *d;
	size_t nerr;
	int oom;
	struct msg *msgs;
	size_t nmsgs, capmsgs;
	/* input: a file or a string */
	FILE *f;
	const char *s;
	char *buf;
	size_t bufcap;
	size_t nread;                 /* bytes read from f so far */
	unsigned long lineno;
	/* what the current line looks like, and what inih made of the lines */
	int line_indented;            /* it starts with white space */
	int line_bracket;             /* its first character after white space is '[' */
	int line_handled;             /* the handler was called for it */
	char *bracket;                /* a copy of the last '[' line, when it was a header */
	unsigned long bracket_line;
	int header_pending;           /* a section header since the last key */
	int prev_name;                /* a key with a name was read, no header since */
	size_t cur;                   /* current section, or NO_SEC */
	struct section *secs;
	size_t nsecs, capsecs;
	struct entry *ents;
	size_t nents, capents;
	/* phase 2 */
	int newer;                    /* [profile] format is newer than this build */
	struct profile *p;
	struct profile_lines lines;
	int output_given, group_by_given, history_weight_given, history_effect_given;
};

static void vreport(struct loader *L, enum diag_level lvl, unsigned long line,
		    const char *fmt, va_list ap)
{
	va_list ap2;
	int n;
	char *text;

	if (lvl == DIAG_ERROR)
		L->nerr++;
	if (!L->d)
		return;
	va_copy(ap2, ap);
	n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (n < 0 || !(text = malloc((size_t)n + 1)))
		return;
	vsnprintf(text, (size_t)n + 1, fmt, ap);
	if (L->nmsgs == L->capmsgs) {
		size_t ncap = L->capmsgs ? L->capmsgs * 2 : 16;
		struct msg *nm = realloc(L->msgs, ncap * sizeof *nm);
		if (!nm) {
			free(text);
			return;
		}
		L->msgs = nm;
		L->capmsgs = ncap;
	}
	L->msgs[L->nmsgs] = (struct msg){ line, L->nmsgs, lvl, text };
	L->nmsgs++;
}

/* By line; messages about the whole file (line 0) last; otherwise as reported. */
static int msg_cmp(const void *a, const void *b)
{
	const struct msg *x = a, *y = b;
	unsigned long lx = x->line ? x->line : ULONG_MAX, ly = y->line ? y->line : ULONG_MAX;

	if (lx != ly)
		return lx < ly ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static void flush_msgs(struct loader *L)
{
	if (L->nmsgs)
		qsort(L->msgs, L->nmsgs, sizeof *L->msgs, msg_cmp);
	for (size_t i = 0; i < L->nmsgs; i++) {
		if (i < MSG_MAX)
			diag_add(L->d, L->msgs[i].level, L->path, L->msgs[i].line, "%s",
				 L->msgs[i].text);
		free(L->msgs[i].text);
	}
	if (L->nmsgs > MSG_MAX)
		diag_add(L->d, DIAG_ERROR, L->path, 0, "%zu more problems are not listed; is this "
			 "a mentormatch profile?", L->nmsgs - MSG_MAX);
	free(L->msgs);
	L->msgs = NULL;
	L->nmsgs = L->capmsgs = 0;
}

static void err(struct loader *L, unsigned long line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void err(struct loader *L, unsigned long line, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vreport(L, DIAG_ERROR, line, fmt, ap);
	va_end(ap);
}

static void warn(struct loader *L, unsigned long line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void warn(struct loader *L, unsigned long line, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vreport(L, DIAG_WARNING, line, fmt, ap);
	va_end(ap);
}

static void check_report(void *ctx, int error, unsigned long line, const char *msg)
{
	struct loader *L = ctx;
	if (error)
		err(L, line, "%s", msg);
	else
		warn(L, line, "%s", msg);
}

/* ---- phase 1: lines, and what inih makes of them ------------------------- */

/* Reads the next physical line into L->buf without its '\n'.  Returns 0 at
 * the end of the input. */
static int next_line(struct loader *L, size_t *len)
{
	if (L->f) {
		/* getc by getc, so that a file that never ends (/dev/zero) or has
		 * no line breaks cannot take all memory */
		size_t n = 0;
		int c;
		while ((c = getc(L->f)) != EOF) {
			if (++L->nread > PROFILE_MAX_BYTES) {
				err(L, L->lineno + 1, "the file is larger than %d KiB; is it really a profile?",
				    PROFILE_MAX_BYTES / 1024);
				return 0;
			}
			if (n + 2 > L->bufcap) {
				size_t cap = L->bufcap ? L->bufcap * 2 : 256;
				char *nb = realloc(L->buf, cap);
				if (!nb) {
					L->oom = 1;
					return 0;
				}
				L->buf = nb;
				L->bufcap = cap;
			}
			L->buf[n++] = (char)c;
			if (c == '\n')
				break;
		}
		if (n == 0) {
			if (ferror(L->f))
				err(L, L->lineno + 1, "cannot read the file: %s", strerror(errno));
			return 0;
		}
		if (L->buf[n - 1] == '\n')
			n--;
		L->buf[n] = '\0';
		*len = n;
		return 1;
	}
	if (!*L->s)
		return 0;
	{
		const char *nl = strchr(L->s, '\n');
		size_t n = nl ? (size_t)(nl - L->s) : strlen(L->s);
		if (n + 1 > L->bufcap) {
			char *nb = realloc(L->buf, n + 1);
			if (!nb) {
				L->oom = 1;
				return 0;
			}
			L->buf = nb;
			L->bufcap = n + 1;
		}
		memcpy(L->buf, L->s, n);
		L->buf[n] = '\0';
		L->s += n + (nl ? 1 : 0);
		*len = n;
		return 1;
	}
}

/* Called before the next line is read: a '[' line that inih did not pass
 * to the handler was a section header. */
static void finish_line(struct loader *L)
{
	if (L->line_bracket && !L->line_handled) {
		L->header_pending = 1;
		L->prev_name = 0;
	}
	L->line_bracket = 0;
}

static char *reader_cb(char *str, int num, void *stream)
{
	struct loader *L = stream;
	size_t len;
	const char *start;

	finish_line(L);
	if (L->oom || num < 3 || !next_line(L, &len))
		return NULL;
	L->lineno++;
	L->line_handled = 0;
	if (memchr(L->buf, '\0', len)) {
		err(L, L->lineno, "this line contains a NUL byte; save the file as plain UTF-8 text");
		strcpy(str, "\n");
		return str;
	}
	if (len > (size_t)num - 2) {
		err(L, L->lineno, "this line is %zu bytes long, more than the %d that the INI "
		    "reader takes; split a long value into quoted pieces on indented lines "
		    "(key = \"first part\" then    \"second part\")", len, num - 2);
		strcpy(str, "\n");
		return str;
	}
	memcpy(str, L->buf, len);
	str[len] = '\n';
	str[len + 1] = '\0';
	start = L->buf;
	if (L->lineno == 1 && !strncmp(start, "\xEF\xBB\xBF", 3))
		start += 3;
	L->line_indented = len > 0 && isspace((unsigned char)L->buf[0]);
	while (*start && isspace((unsigned char)*start))
		start++;
	L->line_bracket = *start == '[';
	if (L->line_bracket) {
		free(L->bracket);
		L->bracket = strdup(start);
		L->bracket_line = L->lineno;
		if (!L->bracket)
			L->oom = 1;
	}
	return str;
}

static int add_piece(struct loader *L, struct entry *e, const char *value)
{
	if (e->npc == e->cappc) {
		size_t ncap = e->cappc ? e->cappc * 2 : 2;
		struct piece *np = realloc(e->pc, ncap * sizeof *np);
		if (!np)
			return -1;
		e->pc = np;
		e->cappc = ncap;
	}
	e->pc[e->npc].raw = pi_dupstr(value);
	if (!e->pc[e->npc].raw)
		return -1;
	e->pc[e->npc].line = L->lineno;
	e->npc++;
	return 0;
}

/* A section begins (its first key is being read): checks the header line
 * against the name inih kept. */
static void begin_section(struct loader *L, const char *section)
{
	size_t n = strlen(section);
	struct shown sh;
	const char *h = L->bracket;

	if (L->nsecs == L->capsecs) {
		size_t ncap = L->capsecs ? L->capsecs * 2 : 16;
		struct section *ns = realloc(L->secs, ncap * sizeof *ns);
		if (!ns) {
			L->oom = 1;
			return;
		}
		L->secs = ns;
		L->capsecs = ncap;
	}
	L->secs[L->nsecs] = (struct section){ pi_dupstr(section), L->bracket_line, PSEC_COUNT, 0, 0 };
	if (!L->secs[L->nsecs].name) {
		L->oom = 1;
		return;
	}
	L->cur = L->nsecs++;
	if (!h)
		return;
	if (!strchr(h, ']')) {
		/* "[rule.state" without its ']': inih kept the section before, and
		 * its error names this line; the keys up to the next header are
		 * not that section's */
		L->secs[L->cur].ignore = 1;
	} else if (strncmp(h + 1, section, n) != 0 || h[1 + n] != ']') {
		err(L, L->bracket_line, "the section name %s is longer than %zu bytes (the INI "
		    "reader keeps no more); use a shorter name", pi_show(&sh, h), n);
		L->secs[L->cur].ignore = 1;
	} else {
		const char *rest = h + n + 2;
		while (*rest && isspace((unsigned char)*rest))
			rest++;
		if (*rest && *rest != ';' && *rest != '#')
			err(L, L->bracket_line, "unexpected text %s after the section header; "
			    "remove it or make it a comment starting with ';'", pi_show(&sh, rest));
	}
}

static int handler_cb(void *user, const char *section, const char *name, const char *value)
{
	struct loader *L = user;
	struct entry *e;

	if (L->oom)
		return 1;
	L->line_handled = 1;
	if (!value)
		value = "";
	if (L->line_indented && L->prev_name && !L->header_pending && L->nents > 0) {
		if (add_piece(L, &L->ents[L->nents - 1], value) < 0)
			L->oom = 1;
		return 1;
	}
	if (L->header_pending) {
		L->header_pending = 0;
		begin_section(L, section);
	}
	L->prev_name = name[0] != '\0';
	if (L->nents == L->capents) {
		size_t ncap = L->capents ? L->capents * 2 : 64;
		struct entry *ne = realloc(L->ents, ncap * sizeof *ne);
		if (!ne) {
			L->oom = 1;
			return 1;
		}
		L->ents = ne;
		L->capents = ncap;
	}
	e = &L->ents[L->nents];
	memset(e, 0, sizeof *e);
	e->sec = L->cur;
	e->line = L->lineno;
	e->key = pi_dupstr(name);
	L->nents++;
	if (!e->key || add_piece(L, e, value) < 0)
		L->oom = 1;
	return 1;
}

/* ---- values ------------------------------------------------------------------ */

/* A decoded value: bytes, and for each byte a mark (PV_*). */
struct val {
	char *s;
	unsigned char *m;
	size_t n;
};

static void val_free(struct val *v)
{
	free(v->s);
	free(v->m);
	memset(v, 0, sizeof *v);
}

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Decodes a quoted piece into v; returns 0, or -1 after reporting. */
static int decode_quoted(struct loader *L, const struct entry *e, const struct piece *pc,
			 int list, struct val *v)
{
	const char *r = pc->raw + 1;
	struct shown sh;

	for (;;) {
		unsigned char c = (unsigned char)*r;
		if (c == '\0') {
			err(L, pc->line, "%s: the closing double quote is missing (note that ' ;' "
			    "starts a comment even inside quotes: write \\; for a semicolon)", e->key);
			return -1;
		}
		if (c == '"')
			break;
		if (c == '\\') {
			int h1, h2;
			r++;
			switch (*r) {
			case '"': case '\\': case ';': case '|':
				v->s[v->n] = *r;
				v->m[v->n++] = PV_ESC;
				r++;
				continue;
			case 'n':
				v->s[v->n] = '\n';
				v->m[v->n++] = PV_ESC;
				r++;
				continue;
			case 't':
				v->s[v->n] = '\t';
				v->m[v->n++] = PV_ESC;
				r++;
				continue;
			case 'x':
				h1 = r[1] ? hexval((unsigned char)r[1]) : -1;
				h2 = h1 >= 0 && r[2] ? hexval((unsigned char)r[2]) : -1;
				if (h1 < 0 || h2 < 0) {
					err(L, pc->line, "%s: \\x must be followed by two hex digits, "
					    "as in \\x3B", e->key);
					return -1;
				}
				if (h1 == 0 && h2 == 0) {
					err(L, pc->line, "%s: \\x00 cannot be part of a value; remove it",
					    e->key);
					return -1;
				}
				v->s[v->n] = (char)(h1 * 16 + h2);
				v->m[v->n++] = PV_ESC;
				r += 3;
				continue;
			default: {
				char esc[3] = { '\\', *r, '\0' };
				err(L, pc->line, "%s: unknown escape %s inside quotes; the escapes "
				    "are \\\" \\\\ \\; \\| \\n \\t and \\xHH (write \\\\ for a "
				    "backslash)", e->key, pi_show(&sh, *r ? esc : "\\"));
				return -1;
			}
			}
		}
		v->s[v->n] = (char)c;
		v->m[v->n++] = (list && c == '|') ? PV_SEP : PV_LIT;
		r++;
	}
	/* After the closing quote: nothing, or a comment (inih r55 keeps
	 * inline comments on continuation lines). */
	{
		const char *after = r + 1, *q = after;
		while (*q && isspace((unsigned char)*q))
			q++;
		if (*q && !(q > after && *q == ';')) {
			err(L, pc->line, "%s: unexpected text %s after the closing quote; put the "
			    "whole value in one pair of double quotes and write a quote inside "
			    "it as \\\"", e->key, pi_show(&sh, after));
			return -1;
		}
	}
	return 0;
}

/* Decodes the value of an entry, joining continuation pieces.  In list mode
 * unescaped '|' are marked as separators.  Returns 0, or -1 after reporting. */
static int decode(struct loader *L, const struct entry *e, int list, struct val *v)
{
	size_t total = 1;

	memset(v, 0, sizeof *v);
	for (size_t i = 0; i < e->npc; i++)
		total += strlen(e->pc[i].raw);
	v->s = malloc(total);
	v->m = malloc(total);
	if (!v->s || !v->m) {
		L->oom = 1;
		val_free(v);
		return -1;
	}
	if (e->npc == 1 && e->pc[0].raw[0] != '"') {
		for (const char *r = e->pc[0].raw; *r; r++) {
			v->s[v->n] = *r;
			v->m[v->n++] = (list && *r == '|') ? PV_SEP : PV_LIT;
		}
		v->s[v->n] = '\0';
		return 0;
	}
	for (size_t i = 0; i < e->npc; i++) {
		const struct piece *pc = &e->pc[i];
		if (pc->raw[0] != '"') {
			if (i == 0)
				err(L, e->pc[1].line, "this line is indented, so it continues the "
				    "value of %s from line %lu, but that value is not in double "
				    "quotes; quote every piece (%s = \"...\" then \"...\"), or "
				    "remove the indentation", e->key, e->line, e->key);
			else
				err(L, pc->line, "this line is indented, so it continues the value "
				    "of %s from line %lu, but it is not a quoted string; quote it "
				    "(\"...\"), or remove the indentation if it is a key of its own",
				    e->key, e->line);
			val_free(v);
			return -1;
		}
		if (decode_quoted(L, e, pc, list, v) < 0) {
			val_free(v);
			return -1;
		}
	}
	v->s[v->n] = '\0';
	return 0;
}

/* Keys whose value is a list (an unescaped '|' separates items). */
static int is_list_key(enum profile_key k)
{
	switch (k) {
	case PK_FIELD_ALIASES:
	case PK_RULE_WEIGHTS:
	case PK_RULE_PAIRS:
	case PK_RULE_WHEN:
	case PK_RULE_UNLESS:
	case PK_OUTPUT_FIELDS:
		return 1;
	default:
		return profile_keys[k].value == KV_LIST;
	}
}

/* ---- phase 2: interpreting ---------------------------------------------------- */

static const char *const section_list = "the sections are [profile], [solve], [field.NAME], "
	"[columns.mentors], [columns.mentees], [rule.ID], [output], [signups] and [history]";

static void classify_sections(struct loader *L)
{
	static const struct { const char *name; enum profile_section kind; size_t index; } fixed[] = {
		{ "profile", PSEC_PROFILE, 0 }, { "solve", PSEC_SOLVE, 0 },
		{ "output", PSEC_OUTPUT, 0 }, { "signups", PSEC_SIGNUPS, 0 },
		{ "history", PSEC_HISTORY, 0 }, { "columns.mentors", PSEC_COLUMNS, SIDE_MENTOR },
		{ "columns.mentees", PSEC_COLUMNS, SIDE_MENTEE },
	};
	static const char *const suggest[] = {
		"profile", "solve", "output", "signups", "history", "columns.mentors",
		"columns.mentees", "field.NAME", "rule.ID", NULL
	};
	size_t nfields = 0, nrules = 0;

	for (size_t i = 0; i < L->nsecs; i++) {
		struct section *s = &L->secs[i];
		struct shown sh;
		size_t k;
		if (s->ignore)
			continue;
		for (k = 0; k < NELEM(fixed); k++)
			if (!strcmp(s->name, fixed[k].name)) {
				s->kind = fixed[k].kind;
				s->index = fixed[k].index;
				break;
			}
		if (k == NELEM(fixed)) {
			if (!strncmp(s->name, "field.", 6)) {
				const char *name = s->name + 6;
				if (!pi_is_ident(name)) {
					err(L, s->line, "the field name %s must be a name made of letters, "
					    "digits and '_', as in [field.job_title]", pi_show(&sh, name));
					s->ignore = 1;
				} else if (!strcmp(name, "delimiter")) {
					err(L, s->line, "a field cannot be called 'delimiter' (it is a key "
					    "of [columns.*]); choose another name");
					s->ignore = 1;
				} else {
					s->kind = PSEC_FIELD;
				}
			} else if (!strncmp(s->name, "rule.", 5)) {
				if (!pi_is_ident(s->name + 5)) {
					err(L, s->line, "the rule name %s must be a name made of letters, "
					    "digits and '_', as in [rule.same_profession]",
					    pi_show(&sh, s->name + 5));
					s->ignore = 1;
				} else {
					s->kind = PSEC_RULE;
				}
			} else {
				s->ignore = 1;
				if (!L->newer) {
					struct sb b = { 0 };
					size_t best = (size_t)-1;
					const char *sugg = NULL;
					for (size_t j = 0; suggest[j]; j++)
						if (pi_close_enough(s->name, suggest[j], &best))
							sugg = suggest[j];
					if (!strcmp(s->name, "field") || !strcmp(s->name, "rule"))
						sb_add(&b, "it needs a name after a dot, as in [field.grade]; ");
					else if (!strncasecmp(s->name, "field.", 6) ||
						 !strncasecmp(s->name, "rule.", 5) ||
						 !strncasecmp(s->name, "columns.", 8) ||
						 pi_word_index(s->name, suggest) >= 0)
						sb_add(&b, "section names are lower case; ");
					else if (sugg)
						sb_addf(&b, "did you mean [%s]? ", sugg);
					sb_add(&b, section_list);
					err(L, s->line, "unknown section [%s]; %s", s->name, sb_str(&b));
					free(b.s);
				}
				continue;
			}
		}
		if (s->ignore)
			continue;
		for (size_t j = 0; j < i; j++) {
			if (!L->secs[j].ignore && !strcmp(L->secs[j].name, s->name)) {
				err(L, s->line, "section [%s] appears again (first at line %lu); "
				    "put all its keys in one section", s->name, L->secs[j].line);
				s->ignore = 1;
				break;
			}
		}
		if (s->ignore)
			continue;
		if (s->kind == PSEC_FIELD)
			s->index = nfields++;
		else if (s->kind == PSEC_RULE)
			s->index = nrules++;
		if (s->kind != PSEC_FIELD && s->kind != PSEC_RULE)
			L->lines.other_sec[s->kind][s->kind == PSEC_COLUMNS ? s->index : 0] = s->line;
	}
}

static int create_objects(struct loader *L)
{
	struct profile *p = L->p;
	size_t nf = 0, nr = 0;
	struct profile_lines *ln = &L->lines;

	for (size_t i = 0; i < L->nsecs; i++) {
		if (L->secs[i].ignore)
			continue;
		nf += L->secs[i].kind == PSEC_FIELD;
		nr += L->secs[i].kind == PSEC_RULE;
	}
	p->fields = calloc(nf ? nf : 1, sizeof *p->fields);
	p->rules = calloc(nr ? nr : 1, sizeof *p->rules);
	ln->field_sec = calloc(nf ? nf : 1, sizeof *ln->field_sec);
	ln->rule_sec = calloc(nr ? nr : 1, sizeof *ln->rule_sec);
	ln->field_key = calloc((nf ? nf : 1) * PK_COUNT, sizeof *ln->field_key);
	ln->rule_key = calloc((nr ? nr : 1) * PK_COUNT, sizeof *ln->rule_key);
	ln->field_bad = calloc((nf ? nf : 1) * PK_COUNT, 1);
	ln->rule_bad = calloc((nr ? nr : 1) * PK_COUNT, 1);
	ln->band = calloc(nr ? nr : 1, sizeof *ln->band);
	for (int s = 0; s < SIDE_COUNT; s++) {
		p->columns[s] = calloc(nf ? nf : 1, sizeof *p->columns[s]);
		ln->numbered[s] = calloc(nf ? nf : 1, sizeof *ln->numbered[s]);
		ln->column[s] = calloc(nf ? nf : 1, sizeof *ln->column[s]);
		if (!p->columns[s] || !ln->numbered[s] || !ln->column[s])
			return -1;
	}
	if (!p->fields || !p->rules || !ln->field_sec || !ln->rule_sec || !ln->field_key ||
	    !ln->rule_key || !ln->band || !ln->field_bad || !ln->rule_bad)
		return -1;
	for (size_t i = 0; i < L->nsecs; i++) {
		struct section *s = &L->secs[i];
		if (s->ignore)
			continue;
		if (s->kind == PSEC_FIELD) {
			struct field_def *f = &p->fields[s->index];
			if (!(f->name = pi_dupstr(s->name + 6)) || !(f->label = pi_dupstr(f->name)))
				return -1;
			f->type = FIELD_TEXT;
			ln->field_sec[s->index] = s->line;
			p->nfields++;
		} else if (s->kind == PSEC_RULE) {
			struct rule *r = &p->rules[s->index];
			if (!(r->id = pi_dupstr(s->name + 5)) || !(r->label = pi_dupstr(r->id)))
				return -1;
			r->mentor_field = r->mentee_field = RULE_NO_FIELD;
			r->empty_forbid = 1;
			ln->rule_sec[s->index] = s->line;
			p->nrules++;
		}
	}
	for (size_t r = 0; r < p->nrules; r++)
		if (profile_key_defaults(p, PSEC_RULE, r) < 0)
			return -1;
	return 0;
}

/* [profile] format, looked at first: a newer file explains everything else. */
static void read_format(struct loader *L)
{
	for (size_t i = 0; i < L->nents; i++) {
		const struct entry *e = &L->ents[i];
		long v;
		if (e->sec == NO_SEC || strcmp(L->secs[e->sec].name, "profile") != 0 ||
		    strcmp(e->key, "format") != 0 || e->npc != 1)
			continue;
		if (pi_parse_long(e->pc[0].raw, LONG_MIN, LONG_MAX, &v) != 0)
			return;  /* reported with the other keys */
		if (v > PROFILE_FORMAT) {
			err(L, e->line, "this profile is format %ld, written by a newer mentormatch; "
			    "this build reads format %d: update mentormatch", v, PROFILE_FORMAT);
			L->newer = 1;
		}
		return;
	}
}

static void unknown_key(struct loader *L, const struct entry *e, enum profile_section kind)
{
	struct sb b = { 0 };
	struct shown sh;
	size_t best = (size_t)-1, n = 0;
	const char *sugg = NULL;

	if (L->newer)
		return;
	for (size_t k = 0; k < PK_COUNT; k++)
		if (profile_keys[k].section == kind &&
		    pi_close_enough(e->key, profile_keys[k].name, &best))
			sugg = profile_keys[k].name;
	if (sugg)
		sb_addf(&b, "did you mean %s? ", sugg);
	sb_add(&b, "the keys here are: ");
	for (size_t k = 0; k < PK_COUNT; k++) {
		if (profile_keys[k].section != kind)
			continue;
		sb_addf(&b, "%s%s", n++ ? ", " : "", profile_keys[k].name);
	}
	err(L, e->line, "unknown key %s in [%s]; %s", pi_show(&sh, e->key),
	    L->secs[e->sec].name, sb_str(&b));
	free(b.s);
}

/* Remembers where key k of the section's object was given. */
static void note_line(struct loader *L, const struct section *s, enum profile_key k,
		      const struct entry *e)
{
	struct profile_lines *ln = &L->lines;
	size_t i = s->index;

	switch (s->kind) {
	case PSEC_FIELD:
		ln->field_key[i * PK_COUNT + k] = e->line;
		break;
	case PSEC_RULE:
		if (k == PK_RULE_BAND) {
			const struct rule *r = &L->p->rules[i];
			unsigned long *nb = realloc(ln->band[i], (r->nbands + 1) * sizeof *nb);
			if (!nb) {
				L->oom = 1;
				return;
			}
			ln->band[i] = nb;
			nb[r->nbands] = e->line;   /* the band is appended next */
		}
		ln->rule_key[i * PK_COUNT + k] = e->line;
		break;
	case PSEC_COLUMNS: {
		if (k == PK_COLUMNS_FIELD || k == PK_COLUMNS_NUMBERED) {
			char name[128];
			size_t nl = strcspn(e->key, ".");
			long f;
			if (nl >= sizeof name)
				nl = sizeof name - 1;
			memcpy(name, e->key, nl);
			name[nl] = '\0';
			f = profile_field_index(L->p, name);
			if (f < 0)
				break;
			if (k == PK_COLUMNS_FIELD) {
				ln->column[i][f] = e->line;
			} else {
				const struct column_list *c = profile_numbered(L->p, (enum side)i,
									       (size_t)f);
				size_t n = c ? c->n : 0;
				unsigned long *nl2 = realloc(ln->numbered[i][f], (n + 1) * sizeof *nl2);
				if (!nl2) {
					L->oom = 1;
					return;
				}
				ln->numbered[i][f] = nl2;
				nl2[n] = e->line;
			}
		}
		ln->other_key[k][i] = e->line;
		break;
	}
	default:
		ln->other_key[k][0] = e->line;
		break;
	}
}

static void do_entries(struct loader *L)
{
	for (size_t i = 0; i < L->nents && !L->oom; i++) {
		struct entry *e = &L->ents[i];
		const struct section *s;
		struct shown sh;
		enum profile_key k;
		struct val v;
		struct profile_value pv;
		char msg[1024];
		int dup = 0;

		if (e->sec == NO_SEC) {
			err(L, e->line, "%s is outside any section; put it under a section header "
			    "such as [profile]", pi_show(&sh, e->key));
			continue;
		}
		s = &L->secs[e->sec];
		if (s->ignore || s->kind == PSEC_COUNT)
			continue;
		if (!e->key[0]) {
			err(L, e->line, "this line has no key before the '='; write key = value");
			continue;
		}
		for (size_t j = 0; j < i && !dup; j++)
			if (L->ents[j].sec == e->sec && !strcmp(L->ents[j].key, e->key)) {
				err(L, e->line, "%s is given twice in [%s] (lines %lu and %lu); "
				    "keep one", e->key, s->name, L->ents[j].line, e->line);
				dup = 1;
			}
		if (dup)
			continue;
		k = profile_key_find(s->kind, e->key);
		if (k == PK_COUNT) {
			unknown_key(L, e, s->kind);
			continue;
		}
		if (k == PK_PROFILE_FORMAT && L->newer)
			continue;
		note_line(L, s, k, e);
		if (decode(L, e, is_list_key(k), &v) < 0)
			continue;
		pv = (struct profile_value){ e->key, v.s, v.m, v.n };
		if (profile_key_set(L->p, k, s->index, &pv, msg, sizeof msg) < 0) {
			if (s->kind == PSEC_FIELD)
				L->lines.field_bad[s->index * PK_COUNT + k] = 1;
			else if (s->kind == PSEC_RULE)
				L->lines.rule_bad[s->index * PK_COUNT + k] = 1;
			else
				L->lines.other_bad[k] = 1;
			if (!strcmp(msg, "out of memory"))
				L->oom = 1;
			else if (!L->newer)
				err(L, e->line, "%s%s%s%s", s->kind == PSEC_RULE ? "rule " : "",
				    s->kind == PSEC_RULE ? L->p->rules[s->index].id : "",
				    s->kind == PSEC_RULE ? ", " : "", msg);
		}
		if (k == PK_HISTORY_WEIGHT)
			L->history_weight_given = 1;
		else if (k == PK_HISTORY_EFFECT)
			L->history_effect_given = 1;
		else if (k == PK_OUTPUT_FIELDS)
			L->output_given = 1;
		else if (k == PK_OUTPUT_GROUP_BY)
			L->group_by_given = 1;
		val_free(&v);
	}
}

static void free_lines(struct profile_lines *ln, size_t nfields, size_t nrules)
{
	for (size_t r = 0; ln->band && r < nrules; r++)
		free(ln->band[r]);
	for (int s = 0; s < SIDE_COUNT; s++) {
		for (size_t f = 0; ln->numbered[s] && f < nfields; f++)
			free(ln->numbered[s][f]);
		free(ln->numbered[s]);
		free(ln->column[s]);
	}
	free(ln->band);
	free(ln->field_sec);
	free(ln->rule_sec);
	free(ln->field_key);
	free(ln->rule_key);
	free(ln->field_bad);
	free(ln->rule_bad);
}

static int load_common(struct loader *L, struct profile *p)
{
	int ret;

	memset(p, 0, sizeof *p);
	L->p = p;
	L->cur = NO_SEC;
	ret = ini_parse_stream(reader_cb, L, handler_cb, L);
	if (ret > 0 && !L->oom)
		err(L, (unsigned long)ret, "the INI reader could not read this line: it is not a "
		    "[section] header (with its closing ']'), a key = value line or a comment "
		    "starting with ';' or '#'%s", L->nents == 0 ? "; is this a mentormatch "
		    "profile?" : "");
	else if (ret < 0 && !L->oom)
		L->oom = 1;

	p->group_by = -1;
	p->solve.capacity_field[0] = p->solve.capacity_field[1] = -1;
	p->solve.mentor_min_field = -1;
	if (!L->oom && (profile_key_defaults(p, PSEC_SOLVE, 0) < 0 ||
			profile_key_defaults(p, PSEC_HISTORY, 0) < 0 ||
			profile_key_defaults(p, PSEC_PROFILE, 0) < 0))
		L->oom = 1;
	if (!L->oom) {
		read_format(L);
		classify_sections(L);
		if (create_objects(L) < 0)
			L->oom = 1;
	}
	if (!L->oom && (profile_key_defaults(p, PSEC_COLUMNS, 0) < 0 ||
			profile_key_defaults(p, PSEC_SIGNUPS, 0) < 0))
		L->oom = 1;
	if (!L->oom)
		do_entries(L);
	if (!L->oom && L->history_weight_given && !L->history_effect_given)
		p->history.forbid = 0;   /* weight = -N alone: pairs are penalised */
	if (!L->oom && !L->output_given) {
		/* No [output] fields: every field, in order. */
		p->output_fields = malloc((p->nfields ? p->nfields : 1) * sizeof *p->output_fields);
		if (!p->output_fields)
			L->oom = 1;
		else
			for (size_t i = 0; i < p->nfields; i++)
				p->output_fields[p->noutput++] = i;
	}
	if (!L->group_by_given)
		p->group_by = profile_field_index(p, "organisation");
	if (!L->oom && !p->output_fields && !(p->output_fields = malloc(sizeof(size_t))))
		L->oom = 1;
	if (!L->oom && !L->newer) {
		struct check_out out = { check_report, L, 0 };
		pi_check(p, &L->lines, &out);
	}
	/* the lines of the values that messages about the data quote */
	for (size_t r = 0; !L->oom && L->lines.rule_key && r < p->nrules; r++) {
		p->rules[r].when.line = L->lines.rule_key[r * PK_COUNT + PK_RULE_WHEN];
		p->rules[r].unless.line = L->lines.rule_key[r * PK_COUNT + PK_RULE_UNLESS];
		p->rules[r].pairs_line = L->lines.rule_key[r * PK_COUNT + PK_RULE_PAIRS];
	}
	for (size_t f = 0; !L->oom && L->lines.field_key && f < p->nfields; f++)
		p->fields[f].wildcards_line = L->lines.field_key[f * PK_COUNT + PK_FIELD_WILDCARD];
	if (L->oom)
		err(L, 0, "out of memory while reading the profile");
	flush_msgs(L);

	/* The collected entries are no longer needed. */
	for (size_t i = 0; i < L->nents; i++) {
		for (size_t k = 0; k < L->ents[i].npc; k++)
			free(L->ents[i].pc[k].raw);
		free(L->ents[i].pc);
		free(L->ents[i].key);
	}
	free(L->ents);
	for (size_t i = 0; i < L->nsecs; i++)
		free(L->secs[i].name);
	free(L->secs);
	free_lines(&L->lines, p->nfields, p->nrules);
	free(L->buf);
	free(L->bracket);

	if (L->nerr > 0) {
		profile_free(p);
		return -1;
	}
	return 0;
}

int profile_load(struct profile *p, const char *path, struct diag *d)
{
	struct loader L = { 0 };
	int rc;

	memset(p, 0, sizeof *p);
	L.path = path ? path : "(profile)";
	L.d = d;
	L.f = path ? fopen(path, "r") : NULL;
	if (!L.f) {
		err(&L, 0, "cannot open the profile: %s; check the file name",
		    strerror(path ? errno : EINVAL));
		flush_msgs(&L);
		return -1;
	}
	rc = load_common(&L, p);
	fclose(L.f);
	if (rc == 0 && !(p->path = pi_dupstr(path))) {
		profile_free(p);
		if (d)
			diag_add(d, DIAG_ERROR, path, 0, "out of memory while reading the profile");
		return -1;
	}
	return rc;
}

int profile_load_string(struct profile *p, const char *name, const char *text,
			struct diag *d)
{
	struct loader L = { 0 };

	memset(p, 0, sizeof *p);
	L.path = name ? name : "(profile)";
	L.d = d;
	L.s = text ? text : "";
	return load_common(&L, p);
}
