/* profile.c - the matching profile: reading (inih), checking and writing.
 *
 * Reading has two phases.  First inih parses the text through our own line
 * reader, which counts physical lines, rejects lines inih could not hold and
 * mirrors inih's rule for continuation lines, so that the handler knows the
 * line of every key and which calls continue the previous value.  Every
 * key = value (with its continuation pieces) is collected.  Then the collected
 * entries are interpreted and checked against config/README.md, and every
 * problem is reported with its file and line.
 */
#include "mentormatch/profile.h"
#include "mentormatch/text.h"
#include "mentormatch/utf8.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <ini.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

/* inih keeps at most INI_MAX_LINE - 1 bytes of a line, newline included, and
 * 49 bytes of a section name (MAX_SECTION is 50 in ini.c). */
#define LINE_MAX_BYTES (INI_MAX_LINE - 2)  /* bytes before the newline */
#define SECTION_MAX_BYTES 49
#define PROFILE_MAX_BYTES (1024 * 1024)  /* a profile is a few KiB */
#define NUM_LIMIT 1000000L                 /* |weights|, bonus, min_score, band gaps */
#define WRAP_WIDTH 100                     /* quoted pieces are wrapped here */
#define ONE_LINE_MAX 150                   /* longest unquoted key = value line */
#define CONT_INDENT "    "
#define SHOW_MAX 48                        /* bytes of a value quoted in a message */
#define LIST_MAX_NAMES 12                  /* field names listed in a message */
#define MSG_MAX 100                        /* messages per file (a wrong file gives many) */
#define NO_SEC ((size_t)-1)

#if WRAP_WIDTH + 60 > LINE_MAX_BYTES || ONE_LINE_MAX > LINE_MAX_BYTES
#error "profile lines must stay within inih's INI_MAX_LINE"
#endif

static const char *const type_names[] = {
	"text", "email", "category", "ordinal", "multi", "number"
};
static const char *const kind_names[] = { "same", "different", "contains", "gap" };
static const char *const effect_names[] = { "score", "forbid" };
#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

static const char *const profile_keys[] = { "format", "name" };
static const char *const solve_keys[] = {
	"mode", "rounds", "unmatched_bonus", "objective", "min_score",
	"mentor_capacity", "mentee_capacity", "mentor_capacity_field", "mentee_capacity_field"
};
static const char *const field_keys[] = { "label", "type", "scale", "separator", "options",
	"aliases" };
static const char *const rule_keys[] = {
	"label", "kind", "field", "mentor_field", "mentee_field", "effect",
	"weight", "otherwise", "enabled"
};
static const char *const output_keys[] = { "fields", "group_by" };
static const char *const section_names[] = {
	"profile", "solve", "field.NAME", "columns.mentors", "columns.mentees",
	"rule.ID", "output", "signups"
};
static const char *const signups_keys[] = {
	"role_column", "mentor_answers", "mentee_answers", "delimiter"
};

/* ---- small helpers ------------------------------------------------------ */

static char *dupstr(const char *s)
{
	size_t n;
	char *r;

	if (!s)
		return NULL;
	n = strlen(s);
	r = malloc(n + 1);
	if (r)
		memcpy(r, s, n + 1);
	return r;
}

static int is_ws(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}

static int is_ident(const char *s)
{
	if (!*s)
		return 0;
	for (; *s; s++)
		if (!(isalnum((unsigned char)*s) && (unsigned char)*s < 0x80) && *s != '_')
			return 0;
	return 1;
}

/* A UTF-8 sequence that is valid but does not print: C1 controls and the
 * Unicode line and paragraph separators (editors may break lines there). */
static int utf8_nonprinting(const unsigned char *s, size_t len)
{
	if (len == 2 && s[0] == 0xC2 && s[1] < 0xA0)
		return 1;
	if (len == 3 && s[0] == 0xE2 && s[1] == 0x80 && (s[2] == 0xA8 || s[2] == 0xA9))
		return 1;
	return 0;
}

/* A growable string; on out-of-memory it stops growing and sets oom. */
struct sb {
	char *s;
	size_t n, cap;
	int oom;
};

static void sb_addn(struct sb *b, const char *s, size_t n)
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

static void sb_add(struct sb *b, const char *s)
{
	sb_addn(b, s, strlen(s));
}

static const char *sb_str(const struct sb *b)
{
	return b->s && !b->oom ? b->s : "";
}

/* A user's string made safe and short for a message: quoted, control bytes
 * and bytes that are not UTF-8 as \xHH, cut after SHOW_MAX bytes. */
struct shown {
	char buf[SHOW_MAX * 4 + 16];
};

static const char *show(struct shown *sh, const char *s)
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
		    utf8_nonprinting(u + i, k)) {
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

static int close_enough(const char *word, const char *cand, size_t *best)
{
	size_t dist = edit_distance(word, cand);
	size_t limit = strlen(word) <= 4 ? 1 : 2;

	if (dist <= limit && dist < *best) {
		*best = dist;
		return 1;
	}
	return 0;
}

/* Strict whole number: optional sign, digits only, within lo..hi.
 * Returns 0, -1 when not a number, -2 when out of range. */
static int parse_num(const char *s, long lo, long hi, long *out)
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

static int word_index(const char *s, const char *const *words, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (strcasecmp(s, words[i]) == 0)
			return (int)i;
	return -1;
}

/* ---- the struct --------------------------------------------------------- */

static void free_strv(char **v, size_t n)
{
	if (!v)
		return;
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

static void free_aliases(struct field_alias *a, size_t n)
{
	if (!a)
		return;
	for (size_t i = 0; i < n; i++) {
		free(a[i].spelling);
		free(a[i].value);
	}
	free(a);
}

void profile_free(struct profile *p)
{
	if (!p)
		return;
	free(p->name);
	for (size_t i = 0; i < p->nfields && p->fields; i++) {
		struct field_def *f = &p->fields[i];
		free(f->name);
		free(f->label);
		free_strv(f->scale, f->nscale);
		free(f->separator);
		free_strv(f->options, f->noptions);
		free_aliases(f->aliases, f->naliases);
	}
	free(p->fields);
	for (int s = 0; s < SIDE_COUNT; s++) {
		free_strv(p->columns[s], p->nfields);
		free(p->column_at[s]);
	}
	for (size_t i = 0; i < p->nrules && p->rules; i++) {
		free(p->rules[i].id);
		free(p->rules[i].label);
		free(p->rules[i].bands);
	}
	free(p->rules);
	free(p->output_fields);
	free(p->path);
	free(p->signups.role_column);
	for (int s = 0; s < SIDE_COUNT; s++)
		free_strv(p->signups.answers[s], p->signups.nanswers[s]);
	memset(p, 0, sizeof *p);
}

int profile_field_index(const struct profile *p, const char *name)
{
	if (!p || !name)
		return -1;
	for (size_t i = 0; i < p->nfields; i++)
		if (p->fields[i].name && strcmp(p->fields[i].name, name) == 0)
			return i <= (size_t)INT32_MAX ? (int)i : -1;
	return -1;
}

int profile_set_column(struct profile *p, enum side side, size_t field, const char *header)
{
	char *copy = NULL;

	if (!p || (side != SIDE_MENTOR && side != SIDE_MENTEE) || field >= p->nfields ||
	    !p->columns[side])
		return -1;
	/* An empty header cannot be written to a profile: it means "not mapped". */
	if (header && *header && !(copy = dupstr(header)))
		return -1;
	free(p->columns[side][field]);
	p->columns[side][field] = copy;
	if (p->column_at[side])
		p->column_at[side][field] = 0;
	return 0;
}

int profile_set_column_at(struct profile *p, enum side side, size_t field,
			  const char *header, long at)
{
	char *copy;

	if (at <= 0 || !header)
		return profile_set_column(p, side, field, header);
	if (!p || (side != SIDE_MENTOR && side != SIDE_MENTEE) || field >= p->nfields ||
	    !p->columns[side])
		return -1;
	if (!p->column_at[side] &&
	    !(p->column_at[side] = calloc(p->nfields ? p->nfields : 1, sizeof *p->column_at[side])))
		return -1;
	if (!(copy = dupstr(header)))
		return -1;
	free(p->columns[side][field]);
	p->columns[side][field] = copy;
	p->column_at[side][field] = at;
	return 0;
}

long profile_column_at(const struct profile *p, enum side side, size_t field)
{
	if (!p || (side != SIDE_MENTOR && side != SIDE_MENTEE) || field >= p->nfields ||
	    !p->column_at[side] || !p->columns[side] || !p->columns[side][field])
		return 0;
	return p->column_at[side][field];
}

int profile_set_alias(struct profile *p, size_t field, const char *spelling,
		      const char *value)
{
	struct field_def *f;
	struct field_alias *na;
	char *sp, *va, *k1, *k2;
	size_t i, l1, l2;

	if (!p || field >= p->nfields || !spelling || !value)
		return -1;
	f = &p->fields[field];
	l1 = strlen(spelling);
	k1 = malloc(l1 + 1);
	if (!k1)
		return -1;
	text_key(spelling, l1, k1);
	for (i = 0; i < f->naliases; i++) {
		l2 = strlen(f->aliases[i].spelling);
		if (!(k2 = malloc(l2 + 1))) {
			free(k1);
			return -1;
		}
		text_key(f->aliases[i].spelling, l2, k2);
		int same = strcmp(k1, k2) == 0;
		free(k2);
		if (same)
			break;
	}
	free(k1);
	if (!(va = dupstr(value)))
		return -1;
	if (i < f->naliases) {
		free(f->aliases[i].value);
		f->aliases[i].value = va;
		return 0;
	}
	if (!(sp = dupstr(spelling))) {
		free(va);
		return -1;
	}
	na = realloc(f->aliases, (f->naliases + 1) * sizeof *na);
	if (!na) {
		free(sp);
		free(va);
		return -1;
	}
	f->aliases = na;
	f->aliases[f->naliases++] = (struct field_alias){ sp, va };
	return 0;
}

void profile_remove_alias(struct profile *p, size_t field, size_t i)
{
	struct field_def *f;

	if (!p || field >= p->nfields || i >= p->fields[field].naliases)
		return;
	f = &p->fields[field];
	free(f->aliases[i].spelling);
	free(f->aliases[i].value);
	memmove(&f->aliases[i], &f->aliases[i + 1], (f->naliases - i - 1) * sizeof *f->aliases);
	if (--f->naliases == 0) {
		free(f->aliases);
		f->aliases = NULL;
	}
}

long solve_default_capacity(const struct solve_settings *s, enum side side)
{
	if (s->capacity[side] != CAPACITY_UNSET)
		return s->capacity[side];
	return s->mode == MODE_ROUNDS ? s->rounds : 1;
}

const char *profile_side_name(enum side side)
{
	return side == SIDE_MENTEE ? "mentees" : "mentors";
}

static int copy_strv(char ***dst, char *const *src, size_t n)
{
	*dst = calloc(n ? n : 1, sizeof **dst);
	if (!*dst)
		return -1;
	for (size_t i = 0; i < n; i++)
		if (src[i] && !((*dst)[i] = dupstr(src[i])))
			return -1;
	return 0;
}

int profile_copy(struct profile *dst, const struct profile *src)
{
	memset(dst, 0, sizeof *dst);
	if (!src)
		return -1;
	dst->solve = src->solve;
	dst->group_by = src->group_by;
	dst->delimiter[0] = src->delimiter[0];
	dst->delimiter[1] = src->delimiter[1];
	if (src->name && !(dst->name = dupstr(src->name)))
		goto oom;
	if (src->path && !(dst->path = dupstr(src->path)))
		goto oom;
	dst->fields = calloc(src->nfields ? src->nfields : 1, sizeof *dst->fields);
	if (!dst->fields)
		goto oom;
	dst->nfields = src->nfields;
	for (size_t i = 0; i < src->nfields; i++) {
		const struct field_def *sf = &src->fields[i];
		struct field_def *df = &dst->fields[i];
		df->type = sf->type;
		if ((sf->name && !(df->name = dupstr(sf->name))) ||
		    (sf->label && !(df->label = dupstr(sf->label))) ||
		    (sf->separator && !(df->separator = dupstr(sf->separator))))
			goto oom;
		if (sf->scale) {
			df->nscale = sf->nscale;
			if (copy_strv(&df->scale, sf->scale, sf->nscale) < 0)
				goto oom;
		}
		if (sf->options) {
			df->noptions = sf->noptions;
			if (copy_strv(&df->options, sf->options, sf->noptions) < 0)
				goto oom;
		}
		if (sf->naliases) {
			if (!(df->aliases = calloc(sf->naliases, sizeof *df->aliases)))
				goto oom;
			df->naliases = sf->naliases;
			for (size_t a = 0; a < sf->naliases; a++)
				if (!(df->aliases[a].spelling = dupstr(sf->aliases[a].spelling)) ||
				    !(df->aliases[a].value = dupstr(sf->aliases[a].value)))
					goto oom;
		}
	}
	for (int s = 0; s < SIDE_COUNT; s++) {
		if (src->columns[s] && copy_strv(&dst->columns[s], src->columns[s], src->nfields) < 0)
			goto oom;
		if (src->column_at[s]) {
			dst->column_at[s] = calloc(src->nfields ? src->nfields : 1,
						   sizeof *dst->column_at[s]);
			if (!dst->column_at[s])
				goto oom;
			memcpy(dst->column_at[s], src->column_at[s],
			       src->nfields * sizeof *dst->column_at[s]);
		}
	}
	dst->rules = calloc(src->nrules ? src->nrules : 1, sizeof *dst->rules);
	if (!dst->rules)
		goto oom;
	dst->nrules = src->nrules;
	for (size_t i = 0; i < src->nrules; i++) {
		const struct rule *sr = &src->rules[i];
		struct rule *dr = &dst->rules[i];
		*dr = *sr;
		dr->id = NULL;
		dr->label = NULL;
		dr->bands = NULL;
		if ((sr->id && !(dr->id = dupstr(sr->id))) ||
		    (sr->label && !(dr->label = dupstr(sr->label))))
			goto oom;
		if (sr->nbands) {
			dr->bands = malloc(sr->nbands * sizeof *dr->bands);
			if (!dr->bands)
				goto oom;
			memcpy(dr->bands, sr->bands, sr->nbands * sizeof *dr->bands);
		}
	}
	dst->output_fields = malloc((src->noutput ? src->noutput : 1) * sizeof *dst->output_fields);
	if (!dst->output_fields)
		goto oom;
	dst->noutput = src->noutput;
	if (src->noutput)
		memcpy(dst->output_fields, src->output_fields, src->noutput * sizeof *dst->output_fields);
	dst->signups.delimiter = src->signups.delimiter;
	if (src->signups.role_column &&
	    !(dst->signups.role_column = dupstr(src->signups.role_column)))
		goto oom;
	for (int s = 0; s < SIDE_COUNT; s++) {
		if (!src->signups.nanswers[s])
			continue;
		if (copy_strv(&dst->signups.answers[s], src->signups.answers[s],
			      src->signups.nanswers[s]) < 0) {
			free_strv(dst->signups.answers[s], src->signups.nanswers[s]);
			dst->signups.answers[s] = NULL;
			goto oom;
		}
		dst->signups.nanswers[s] = src->signups.nanswers[s];
	}
	return 0;
oom:
	profile_free(dst);
	return -1;
}

/* ---- reading: phase 1, collecting key = value entries ------------------- */

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
	int skip;              /* reported (duplicate): not interpreted */
};

enum sec_kind {
	SEC_UNKNOWN, SEC_PROFILE, SEC_SOLVE, SEC_FIELD, SEC_COLUMNS, SEC_RULE,
	SEC_OUTPUT, SEC_SIGNUPS, SEC_IGNORE
};

struct section {
	char *name;
	unsigned long line;
	enum sec_kind kind;
	size_t index;          /* field, rule or side */
};

struct field_info {
	unsigned long type_line, scale_line, sep_line, label_line, options_line;
	unsigned long aliases_line;
	int scale_bad;         /* the scale was reported already */
};

struct rule_info {
	unsigned long kind_line, field_line, mentor_line, mentee_line;
	unsigned long effect_line, weight_line, otherwise_line, label_line, enabled_line;
	long field_idx, mentor_idx, mentee_idx;  /* -1: not given or unknown */
	unsigned long *band_lines;               /* parallel to rule.bands */
	size_t capbands;
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
	unsigned long capfield_line[SIDE_COUNT]; /* lines of [solve] *_capacity_field */
	unsigned long signups_role_line;         /* [signups] role_column */
	unsigned long signups_answers_line[SIDE_COUNT]; /* mentor_answers, mentee_answers */
	unsigned long lineno;
	unsigned long first_syntax;   /* first line we reported as not parseable */
	/* our copy of inih's state */
	int prev_set;                 /* inih has a previous key name */
	int cont;                     /* the current line continues that key */
	size_t cur;                   /* current section, or NO_SEC */
	struct section *secs;
	size_t nsecs, capsecs;
	struct entry *ents;
	size_t nents, capents;
	/* phase 2 */
	int newer;                    /* [profile] format is newer than this build */
	struct profile *p;
	struct field_info *fi;
	struct rule_info *ri;
	int output_given;
	int group_by_given;
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
	L->msgs[L->nmsgs].line = line;
	L->msgs[L->nmsgs].seq = L->nmsgs;
	L->msgs[L->nmsgs].level = lvl;
	L->msgs[L->nmsgs].text = text;
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

/* The same white-space and comment rules as ini.c (isspace, and ';' after
 * white space starts an inline comment). */
static char *ini_rstrip(char *s)
{
	char *p = s + strlen(s);
	while (p > s && isspace((unsigned char)p[-1]))
		*--p = '\0';
	return s;
}

static char *ini_lskip(char *s)
{
	while (*s && isspace((unsigned char)*s))
		s++;
	return s;
}

static char *ini_find_chars_or_comment(char *s, const char *chars)
{
	int was_space = 0;
	while (*s && (!chars || !strchr(chars, *s)) && !(was_space && *s == ';')) {
		was_space = isspace((unsigned char)*s);
		s++;
	}
	return s;
}

static size_t add_section(struct loader *L, const char *name, unsigned long line,
			  enum sec_kind kind)
{
	if (L->nsecs == L->capsecs) {
		size_t ncap = L->capsecs ? L->capsecs * 2 : 16;
		struct section *ns = realloc(L->secs, ncap * sizeof *ns);
		if (!ns) {
			L->oom = 1;
			return NO_SEC;
		}
		L->secs = ns;
		L->capsecs = ncap;
	}
	L->secs[L->nsecs].name = dupstr(name);
	if (!L->secs[L->nsecs].name) {
		L->oom = 1;
		return NO_SEC;
	}
	L->secs[L->nsecs].line = line;
	L->secs[L->nsecs].kind = kind;
	L->secs[L->nsecs].index = 0;
	return L->nsecs++;
}

static void syntax_error(struct loader *L, const char *what)
{
	if (!L->first_syntax)
		L->first_syntax = L->lineno;
	err(L, L->lineno, "%s", what);
}

/* Works out what inih will make of the line in L->buf (len bytes). */
static void classify(struct loader *L, size_t len)
{
	char *b = L->buf, *start = b, *end;

	if (L->lineno == 1 && len >= 3 && (unsigned char)b[0] == 0xEF &&
	    (unsigned char)b[1] == 0xBB && (unsigned char)b[2] == 0xBF)
		start += 3;
	start = ini_lskip(ini_rstrip(start));
	if (*start == '\0' || *start == ';' || *start == '#')
		return;
	if (L->prev_set && start > b) {
		L->cont = 1;
		return;
	}
	if (*start == '[') {
		char *rest;
		end = ini_find_chars_or_comment(start + 1, "]");
		if (*end != ']') {
			syntax_error(L, "this section header has no closing ']'; write it as [name]");
			return;
		}
		*end = '\0';
		rest = ini_lskip(end + 1);
		if (*rest && *rest != ';' && *rest != '#') {
			struct shown sh;
			err(L, L->lineno, "unexpected text %s after the section header; "
			    "remove it or make it a comment starting with ';'", show(&sh, rest));
		}
		if (strlen(start + 1) > SECTION_MAX_BYTES) {
			struct shown sh;
			err(L, L->lineno, "the section name %s is longer than %d bytes; "
			    "use a shorter name", show(&sh, start + 1), SECTION_MAX_BYTES);
			L->cur = add_section(L, start + 1, L->lineno, SEC_IGNORE);
		} else {
			L->cur = add_section(L, start + 1, L->lineno, SEC_UNKNOWN);
		}
		L->prev_set = 0;
		return;
	}
	end = ini_find_chars_or_comment(start, "=:");
	if (*end != '=' && *end != ':')
		syntax_error(L, "this line is not a [section] header, a key = value line or a "
			     "comment; write key = value, or start a comment with ';' or '#'");
}

static char *reader_cb(char *str, int num, void *stream)
{
	struct loader *L = stream;
	size_t len;

	if (L->oom || num < 3 || !next_line(L, &len))
		return NULL;
	L->lineno++;
	L->cont = 0;
	if (memchr(L->buf, '\0', len)) {
		err(L, L->lineno, "this line contains a NUL byte; save the file as plain UTF-8 text");
		strcpy(str, "\n");
		return str;
	}
	if (len > (size_t)num - 2) {
		err(L, L->lineno, "this line is %zu bytes long, more than the %d that the INI "
		    "reader takes; split a long value into quoted pieces on indented lines "
		    "(key = \"first part\" then    \"second part\")", len, num - 2);
		/* Keys after a lost section header must not land in the previous one. */
		if (*ini_lskip(L->buf) == '[')
			L->cur = add_section(L, "", L->lineno, SEC_IGNORE);
		strcpy(str, "\n");
		return str;
	}
	memcpy(str, L->buf, len);
	str[len] = '\n';
	str[len + 1] = '\0';
	classify(L, len);
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
	e->pc[e->npc].raw = dupstr(value);
	if (!e->pc[e->npc].raw)
		return -1;
	e->pc[e->npc].line = L->lineno;
	e->npc++;
	return 0;
}

static int handler_cb(void *user, const char *section, const char *name, const char *value)
{
	struct loader *L = user;
	struct entry *e;

	(void)section;  /* we track sections ourselves, with their lines */
	if (L->oom)
		return 1;
	if (!value)
		value = "";
	if (L->cont && L->nents > 0) {
		if (add_piece(L, &L->ents[L->nents - 1], value) < 0)
			L->oom = 1;
		return 1;
	}
	L->prev_set = name[0] != '\0';
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
	e->key = dupstr(name);
	L->nents++;
	if (!e->key || add_piece(L, e, value) < 0)
		L->oom = 1;
	return 1;
}

/* ---- reading: values ------------------------------------------------------ */

/* A decoded value: bytes, and for each byte whether it came from an escape
 * (never trimmed or split) or is an unescaped list separator. */
enum { M_LIT = 0, M_ESC = 1, M_SEP = 2 };

struct val {
	char *s;
	unsigned char *m;
	size_t n;
};

static void val_free(struct val *v)
{
	free(v->s);
	free(v->m);
	v->s = NULL;
	v->m = NULL;
	v->n = 0;
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
				v->m[v->n++] = M_ESC;
				r++;
				continue;
			case 'n':
				v->s[v->n] = '\n';
				v->m[v->n++] = M_ESC;
				r++;
				continue;
			case 't':
				v->s[v->n] = '\t';
				v->m[v->n++] = M_ESC;
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
				v->m[v->n++] = M_ESC;
				r += 3;
				continue;
			default: {
				char esc[3] = { '\\', *r, '\0' };
				err(L, pc->line, "%s: unknown escape %s inside quotes; the escapes "
				    "are \\\" \\\\ \\; \\| \\n \\t and \\xHH (write \\\\ for a "
				    "backslash)", e->key, show(&sh, *r ? esc : "\\"));
				return -1;
			}
			}
		}
		v->s[v->n] = (char)c;
		v->m[v->n++] = (list && c == '|') ? M_SEP : M_LIT;
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
			    "it as \\\"", e->key, show(&sh, after));
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
		const char *r = e->pc[0].raw;
		for (; *r; r++) {
			v->s[v->n] = *r;
			v->m[v->n++] = (list && *r == '|') ? M_SEP : M_LIT;
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

/* A scalar value as a new string, or NULL after reporting. */
static char *get_string(struct loader *L, const struct entry *e)
{
	struct val v;

	if (decode(L, e, 0, &v) < 0)
		return NULL;
	free(v.m);
	return v.s;
}

/* A list value: items split on separators and trimmed of unescaped white
 * space.  An empty value is an empty list.  Returns 0, or -1 after reporting. */
static int get_list(struct loader *L, const struct entry *e, char ***items, size_t *n)
{
	struct val v;
	size_t count = 1, i = 0;

	*items = NULL;
	*n = 0;
	if (decode(L, e, 1, &v) < 0)
		return -1;
	for (size_t k = 0; k < v.n; k++)
		if (v.m[k] == M_SEP)
			count++;
	*items = calloc(count, sizeof **items);
	if (!*items) {
		L->oom = 1;
		val_free(&v);
		return -1;
	}
	{
		int only_ws = 1;
		for (size_t k = 0; k < v.n; k++)
			if (!(v.m[k] == M_LIT && is_ws((unsigned char)v.s[k])))
				only_ws = 0;
		if (only_ws) {
			val_free(&v);
			return 0;
		}
	}
	while (i <= v.n) {
		size_t j = i, a, b;
		while (j < v.n && v.m[j] != M_SEP)
			j++;
		a = i;
		b = j;
		while (a < b && v.m[a] == M_LIT && is_ws((unsigned char)v.s[a]))
			a++;
		while (b > a && v.m[b - 1] == M_LIT && is_ws((unsigned char)v.s[b - 1]))
			b--;
		if (a == b) {
			err(L, e->line, "%s: the list has an empty item (two '|' in a row, or a "
			    "'|' at one end); remove the extra '|', or write \\| inside quotes "
			    "for a '|' that is part of an item", e->key);
			free_strv(*items, *n);
			*items = NULL;
			*n = 0;
			val_free(&v);
			return -1;
		}
		(*items)[*n] = malloc(b - a + 1);
		if (!(*items)[*n]) {
			L->oom = 1;
			free_strv(*items, *n);
			*items = NULL;
			*n = 0;
			val_free(&v);
			return -1;
		}
		memcpy((*items)[*n], v.s + a, b - a);
		(*items)[*n][b - a] = '\0';
		(*n)++;
		i = j + 1;
	}
	val_free(&v);
	return 0;
}

/* A whole number within lo..hi; returns 0, or -1 after reporting. */
static int get_number(struct loader *L, const struct entry *e, long lo, long hi, long *out)
{
	char *s = get_string(L, e);
	struct shown sh;
	int rc;

	if (!s)
		return -1;
	rc = parse_num(s, lo, hi, out);
	if (rc == -1) {
		const char *hint = "";
		if (strchr(s, ';'))
			hint = " (a comment after a value needs white space before the ';')";
		else if (strchr(s, '#'))
			hint = " ('#' starts a comment only at the start of a line; after a "
			       "value, write ' ;')";
		err(L, e->line, "%s: %s is not a number; write a whole number such as "
		    "%s = 2%s", e->key, show(&sh, s), e->key, hint);
	} else if (rc == -2) {
		err(L, e->line, "%s: %s is out of range; write a whole number from %ld to %ld",
		    e->key, show(&sh, s), lo, hi);
	}
	free(s);
	return rc == 0 ? 0 : -1;
}

/* One of the given words (case ignored); returns its index, or -1 after reporting. */
static int get_word(struct loader *L, const struct entry *e, const char *const *words,
		    size_t n)
{
	char *s = get_string(L, e);
	struct sb list = { 0 };
	struct shown sh;
	int idx;

	if (!s)
		return -1;
	idx = word_index(s, words, n);
	if (idx < 0) {
		for (size_t i = 0; i < n; i++) {
			sb_add(&list, i == 0 ? "" : i + 1 == n ? " or " : ", ");
			sb_add(&list, words[i]);
		}
		err(L, e->line, "%s: %s is not valid; write %s", e->key, show(&sh, s),
		    sb_str(&list));
		free(list.s);
	}
	free(s);
	return idx;
}

/* "fields: a, b, c" for messages, with a suggestion when word is close to one. */
static void describe_fields(struct sb *b, const struct profile *p, const char *word)
{
	size_t best = (size_t)-1;
	const char *sugg = NULL;

	if (p->nfields == 0) {
		sb_add(b, "no fields are defined; add a [field.NAME] section");
		return;
	}
	for (size_t i = 0; i < p->nfields; i++)
		if (word && close_enough(word, p->fields[i].name, &best))
			sugg = p->fields[i].name;
	if (sugg) {
		sb_add(b, "did you mean ");
		sb_add(b, sugg);
		sb_add(b, "? ");
	}
	sb_add(b, "the fields are: ");
	for (size_t i = 0; i < p->nfields && i < LIST_MAX_NAMES; i++) {
		if (i)
			sb_add(b, ", ");
		sb_add(b, p->fields[i].name);
	}
	if (p->nfields > LIST_MAX_NAMES)
		sb_add(b, ", ...");
}

/* A field named by a value; returns its index, or -1 after reporting. */
static long get_field_ref(struct loader *L, const struct entry *e, const char *what)
{
	char *s = get_string(L, e);
	long idx;

	if (!s)
		return -1;
	idx = profile_field_index(L->p, s);
	if (idx < 0) {
		struct sb b = { 0 };
		struct shown sh;
		describe_fields(&b, L->p, s);
		err(L, e->line, "%s: there is no field %s; %s", what, show(&sh, s), sb_str(&b));
		free(b.s);
	}
	free(s);
	return idx;
}

static void unknown_key(struct loader *L, const struct entry *e, const char *const *keys,
			size_t n, const char *extra)
{
	struct sb b = { 0 };
	struct shown sh;
	size_t best = (size_t)-1;
	const char *sugg = NULL;

	if (L->newer)
		return;
	for (size_t i = 0; i < n; i++)
		if (close_enough(e->key, keys[i], &best))
			sugg = keys[i];
	if (sugg) {
		sb_add(&b, "did you mean ");
		sb_add(&b, sugg);
		sb_add(&b, "? ");
	}
	sb_add(&b, "the keys here are: ");
	for (size_t i = 0; i < n; i++) {
		if (i)
			sb_add(&b, ", ");
		sb_add(&b, keys[i]);
	}
	if (extra)
		sb_add(&b, extra);
	err(L, e->line, "unknown key %s in [%s]; %s", show(&sh, e->key),
	    L->secs[e->sec].name, sb_str(&b));
	free(b.s);
}

/* ---- reading: phase 2, interpreting -------------------------------------- */

static void classify_sections(struct loader *L)
{
	size_t nfields = 0, nrules = 0;

	for (size_t i = 0; i < L->nsecs; i++) {
		struct section *s = &L->secs[i];
		struct shown sh;
		if (s->kind == SEC_IGNORE)
			continue;
		if (!strcmp(s->name, "profile")) {
			s->kind = SEC_PROFILE;
		} else if (!strcmp(s->name, "solve")) {
			s->kind = SEC_SOLVE;
		} else if (!strcmp(s->name, "output")) {
			s->kind = SEC_OUTPUT;
		} else if (!strcmp(s->name, "signups")) {
			s->kind = SEC_SIGNUPS;
		} else if (!strcmp(s->name, "columns.mentors")) {
			s->kind = SEC_COLUMNS;
			s->index = SIDE_MENTOR;
		} else if (!strcmp(s->name, "columns.mentees")) {
			s->kind = SEC_COLUMNS;
			s->index = SIDE_MENTEE;
		} else if (!strncmp(s->name, "field.", 6)) {
			const char *name = s->name + 6;
			if (!is_ident(name)) {
				err(L, s->line, "the field name %s must be a name made of letters, "
				    "digits and '_', as in [field.job_title]", show(&sh, name));
				s->kind = SEC_IGNORE;
			} else if (!strcmp(name, "delimiter")) {
				err(L, s->line, "a field cannot be called 'delimiter' (it is a key "
				    "of [columns.*]); choose another name");
				s->kind = SEC_IGNORE;
			} else {
				s->kind = SEC_FIELD;
			}
		} else if (!strncmp(s->name, "rule.", 5)) {
			if (!is_ident(s->name + 5)) {
				err(L, s->line, "the rule name %s must be a name made of letters, "
				    "digits and '_', as in [rule.same_profession]",
				    show(&sh, s->name + 5));
				s->kind = SEC_IGNORE;
			} else {
				s->kind = SEC_RULE;
			}
		} else {
			s->kind = SEC_IGNORE;
			if (!L->newer) {
				struct sb b = { 0 };
				size_t best = (size_t)-1;
				const char *sugg = NULL;
				for (size_t k = 0; k < NELEM(section_names); k++)
					if (close_enough(s->name, section_names[k], &best))
						sugg = section_names[k];
				if (!strcmp(s->name, "field") || !strcmp(s->name, "rule"))
					sb_add(&b, "it needs a name after a dot, as in [field.grade]; ");
				else if (!strncasecmp(s->name, "field.", 6) ||
					 !strncasecmp(s->name, "rule.", 5) ||
					 !strncasecmp(s->name, "columns.", 8) ||
					 word_index(s->name, section_names, NELEM(section_names)) >= 0)
					sb_add(&b, "section names are lower case; ");
				else if (sugg) {
					sb_add(&b, "did you mean [");
					sb_add(&b, sugg);
					sb_add(&b, "]? ");
				}
				sb_add(&b, "the sections are [profile], [solve], [field.NAME], "
				       "[columns.mentors], [columns.mentees], [rule.ID], [output] and [signups]");
				err(L, s->line, "unknown section [%s]; %s", s->name, sb_str(&b));
				free(b.s);
			}
			continue;
		}
		for (size_t j = 0; j < i; j++) {
			if (L->secs[j].kind != SEC_IGNORE && !strcmp(L->secs[j].name, s->name)) {
				err(L, s->line, "section [%s] appears again (first at line %lu); "
				    "put all its keys in one section", s->name, L->secs[j].line);
				s->kind = SEC_IGNORE;
				break;
			}
		}
		if (s->kind == SEC_FIELD)
			s->index = nfields++;
		else if (s->kind == SEC_RULE)
			s->index = nrules++;
	}
}

static int create_objects(struct loader *L)
{
	struct profile *p = L->p;
	size_t nf = 0, nr = 0;

	for (size_t i = 0; i < L->nsecs; i++) {
		if (L->secs[i].kind == SEC_FIELD)
			nf++;
		else if (L->secs[i].kind == SEC_RULE)
			nr++;
	}
	p->fields = calloc(nf ? nf : 1, sizeof *p->fields);
	p->rules = calloc(nr ? nr : 1, sizeof *p->rules);
	L->fi = calloc(nf ? nf : 1, sizeof *L->fi);
	L->ri = calloc(nr ? nr : 1, sizeof *L->ri);
	for (int s = 0; s < SIDE_COUNT; s++)
		p->columns[s] = calloc(nf ? nf : 1, sizeof *p->columns[s]);
	if (!p->fields || !p->rules || !L->fi || !L->ri || !p->columns[0] || !p->columns[1])
		return -1;
	for (size_t i = 0; i < L->nsecs; i++) {
		struct section *s = &L->secs[i];
		if (s->kind == SEC_FIELD) {
			struct field_def *f = &p->fields[s->index];
			if (!(f->name = dupstr(s->name + 6)))
				return -1;
			f->type = FIELD_TEXT;
			p->nfields++;
		} else if (s->kind == SEC_RULE) {
			struct rule *r = &p->rules[s->index];
			struct rule_info *ri = &L->ri[s->index];
			if (!(r->id = dupstr(s->name + 5)))
				return -1;
			r->enabled = 1;
			r->effect = EFFECT_SCORE;
			r->otherwise_forbid = 1;
			r->empty_forbid = 1;
			ri->field_idx = ri->mentor_idx = ri->mentee_idx = -1;
			p->nrules++;
		}
	}
	return 0;
}

/* [profile] format, looked at first: a newer file explains everything else. */
static void read_format(struct loader *L)
{
	for (size_t i = 0; i < L->nents; i++) {
		const struct entry *e = &L->ents[i];
		long v;
		if (e->sec == NO_SEC || strcmp(L->secs[e->sec].name, "profile") != 0 ||
		    strcmp(e->key, "format") != 0)
			continue;
		if (get_number(L, e, LONG_MIN, LONG_MAX, &v) < 0)
			return;
		if (v > PROFILE_FORMAT) {
			err(L, e->line, "this profile is format %ld, written by a newer mentormatch; "
			    "this build reads format %d: update mentormatch", v, PROFILE_FORMAT);
			L->newer = 1;
		} else if (v != PROFILE_FORMAT) {
			err(L, e->line, "format %ld is not a profile format; write format = %d",
			    v, PROFILE_FORMAT);
		}
		return;
	}
}

static void do_profile_key(struct loader *L, const struct entry *e)
{
	if (!strcmp(e->key, "format"))
		return;  /* read_format */
	if (!strcmp(e->key, "name")) {
		char *s = get_string(L, e);
		if (s) {
			free(L->p->name);
			L->p->name = s;
		}
		return;
	}
	unknown_key(L, e, profile_keys, NELEM(profile_keys), NULL);
}

static void do_solve_key(struct loader *L, const struct entry *e)
{
	struct solve_settings *sv = &L->p->solve;
	long v;

	if (!strcmp(e->key, "mode")) {
		static const char *const modes[] = { "rounds", "capacity" };
		int m = get_word(L, e, modes, NELEM(modes));
		if (m >= 0)
			sv->mode = m == 0 ? MODE_ROUNDS : MODE_CAPACITY;
	} else if (!strcmp(e->key, "objective")) {
		static const char *const objs[] = { "quality", "coverage" };
		int m = get_word(L, e, objs, NELEM(objs));
		if (m >= 0)
			sv->objective = m == 0 ? OBJECTIVE_QUALITY : OBJECTIVE_COVERAGE;
	} else if (!strcmp(e->key, "rounds")) {
		if (get_number(L, e, 1, 9, &v) == 0)
			sv->rounds = (int)v;
	} else if (!strcmp(e->key, "unmatched_bonus")) {
		if (get_number(L, e, -NUM_LIMIT, NUM_LIMIT, &v) == 0)
			sv->unmatched_bonus = v;
	} else if (!strcmp(e->key, "min_score")) {
		static const char *const none[] = { "none" };
		char *s = get_string(L, e);
		if (s && word_index(s, none, 1) == 0)
			sv->min_score = MIN_SCORE_NONE;
		else if (s && get_number(L, e, -NUM_LIMIT, NUM_LIMIT, &v) == 0)
			sv->min_score = v;
		free(s);
	} else if (!strcmp(e->key, "mentor_capacity") || !strcmp(e->key, "mentee_capacity")) {
		static const char *const unset[] = { "default" };
		int side = e->key[5] == 'r' ? SIDE_MENTOR : SIDE_MENTEE;
		char *s = get_string(L, e);
		if (s && word_index(s, unset, 1) == 0)
			sv->capacity[side] = CAPACITY_UNSET;
		else if (s && get_number(L, e, 0, 1000, &v) == 0)
			sv->capacity[side] = v;
		free(s);
	} else if (!strcmp(e->key, "mentor_capacity_field") || !strcmp(e->key, "mentee_capacity_field")) {
		int side = e->key[5] == 'r' ? SIDE_MENTOR : SIDE_MENTEE;
		char *s = get_string(L, e);
		if (s && !*s) {
			sv->capacity_field[side] = -1;
		} else if (s) {
			long f = get_field_ref(L, e, e->key);
			if (f >= 0) {
				sv->capacity_field[side] = f;
				L->capfield_line[side] = e->line;  /* its type is checked at the end */
			}
		}
		free(s);
	} else {
		unknown_key(L, e, solve_keys, NELEM(solve_keys), NULL);
	}
}

/* Bytes [a, b) of v without unescaped white space at either end, as a new
 * string; NULL on out-of-memory. */
static char *val_span(struct loader *L, const struct val *v, size_t a, size_t b)
{
	char *r;

	while (a < b && v->m[a] == M_LIT && is_ws((unsigned char)v->s[a]))
		a++;
	while (b > a && v->m[b - 1] == M_LIT && is_ws((unsigned char)v->s[b - 1]))
		b--;
	if (!(r = malloc(b - a + 1))) {
		L->oom = 1;
		return NULL;
	}
	memcpy(r, v->s + a, b - a);
	r[b - a] = '\0';
	return r;
}

/* aliases = spelling => value | ...: items split on unescaped '|', each on
 * its first unescaped "=>".  Returns 0, or -1 after reporting. */
static int get_aliases(struct loader *L, const struct entry *e, struct field_alias **out,
		       size_t *nout)
{
	struct val v;
	size_t count = 1, i = 0, n = 0;
	struct field_alias *a;
	int only_ws = 1;

	*out = NULL;
	*nout = 0;
	if (decode(L, e, 1, &v) < 0)
		return -1;
	for (size_t k = 0; k < v.n; k++) {
		if (v.m[k] == M_SEP)
			count++;
		if (!(v.m[k] == M_LIT && is_ws((unsigned char)v.s[k])))
			only_ws = 0;
	}
	if (only_ws) {
		val_free(&v);
		return 0;
	}
	if (!(a = calloc(count, sizeof *a))) {
		L->oom = 1;
		val_free(&v);
		return -1;
	}
	while (i <= v.n) {
		size_t j = i, k;
		struct shown sh;
		while (j < v.n && v.m[j] != M_SEP)
			j++;
		for (k = i; k + 1 < j; k++)
			if (v.m[k] == M_LIT && v.s[k] == '=' && v.m[k + 1] == M_LIT &&
			    v.s[k + 1] == '>')
				break;
		if (k + 1 >= j) {
			char *item = val_span(L, &v, i, j);
			if (item && !*item)
				err(L, e->line, "aliases: the list has an empty item (two '|' in a "
				    "row, or a '|' at one end); remove the extra '|'");
			else if (item)
				err(L, e->line, "aliases: %s has no '=>'; write each alias as "
				    "spelling => value, as in Grade7 => Grade 7 (inside quotes, "
				    "\\x3D> is a '=>' that belongs to the spelling)", show(&sh, item));
			free(item);
			goto fail;
		}
		a[n].spelling = val_span(L, &v, i, k);
		a[n].value = val_span(L, &v, k + 2, j);
		n++;
		if (!a[n - 1].spelling || !a[n - 1].value)
			goto fail;
		if (!*a[n - 1].spelling || !*a[n - 1].value) {
			err(L, e->line, "aliases: an alias has an empty %s; write spelling => value, "
			    "as in Grade7 => Grade 7", *a[n - 1].spelling ? "value" : "spelling");
			goto fail;
		}
		i = j + 1;
	}
	val_free(&v);
	*out = a;
	*nout = n;
	return 0;
fail:
	val_free(&v);
	free_aliases(a, n);
	return -1;
}

static void do_field_key(struct loader *L, const struct entry *e, size_t fidx)
{
	struct field_def *f = &L->p->fields[fidx];
	struct field_info *fi = &L->fi[fidx];

	if (!strcmp(e->key, "label")) {
		char *s = get_string(L, e);
		if (s) {
			free(f->label);
			f->label = s;
		}
		fi->label_line = e->line;
	} else if (!strcmp(e->key, "type")) {
		int t = get_word(L, e, type_names, NELEM(type_names));
		fi->type_line = e->line;
		if (t >= 0)
			f->type = (enum field_type)t;
	} else if (!strcmp(e->key, "scale")) {
		char **items;
		size_t n;
		fi->scale_line = e->line;
		fi->scale_bad = 1;
		if (get_list(L, e, &items, &n) < 0)
			return;
		for (size_t i = 0; i < n; i++) {
			for (size_t j = 0; j < i; j++) {
				if (strcasecmp(items[i], items[j]) == 0) {
					struct shown a, b;
					err(L, e->line, "scale: %s and %s are the same value (case is "
					    "ignored); each value must appear once",
					    show(&a, items[j]), show(&b, items[i]));
					free_strv(items, n);
					return;
				}
			}
		}
		fi->scale_bad = 0;
		free_strv(f->scale, f->nscale);
		f->scale = items;
		f->nscale = n;
	} else if (!strcmp(e->key, "options")) {
		char **items;
		size_t n;
		fi->options_line = e->line;
		if (get_list(L, e, &items, &n) < 0)
			return;
		for (size_t i = 0; i < n; i++) {
			for (size_t j = 0; j < i; j++) {
				if (strcasecmp(items[i], items[j]) == 0) {
					struct shown a, b;
					err(L, e->line, "options: %s and %s are the same option (case is "
					    "ignored); list each option once",
					    show(&a, items[j]), show(&b, items[i]));
					free_strv(items, n);
					return;
				}
			}
		}
		free_strv(f->options, f->noptions);
		f->options = n ? items : NULL;
		f->noptions = n;
		if (!n)
			free(items);
	} else if (!strcmp(e->key, "aliases")) {
		struct field_alias *a;
		size_t n;
		fi->aliases_line = e->line;
		if (get_aliases(L, e, &a, &n) < 0)
			return;
		free_aliases(f->aliases, f->naliases);
		f->aliases = a;
		f->naliases = n;
	} else if (!strcmp(e->key, "separator")) {
		char *s = get_string(L, e);
		fi->sep_line = e->line;
		if (!s)
			return;
		if (!*s) {
			err(L, e->line, "separator is empty (a ';' after white space starts a "
			    "comment); write the separator in double quotes, as in "
			    "separator = \", \" or separator = \";\"");
			free(s);
			return;
		}
		free(f->separator);
		f->separator = s;
	} else {
		unknown_key(L, e, field_keys, NELEM(field_keys), NULL);
	}
}

static void do_columns_key(struct loader *L, const struct entry *e, enum side side)
{
	long idx;
	char *s;
	struct shown sh;

	if (!strcmp(e->key, "delimiter")) {
		static const char *const words[] = { "auto", "comma", "semicolon", "tab" };
		static const int chars[] = { 0, ',', ';', '\t' };
		int w;
		s = get_string(L, e);
		if (!s)
			return;
		if (!*s) {
			err(L, e->line, "delimiter is empty: a ';' after white space starts a "
			    "comment, so 'delimiter = ;' reads as nothing; write "
			    "delimiter = semicolon (or auto, comma, tab)");
		} else if ((w = word_index(s, words, NELEM(words))) < 0) {
			err(L, e->line, "delimiter: %s is not valid; write auto, comma, semicolon "
			    "or tab (for example delimiter = semicolon)", show(&sh, s));
		} else {
			L->p->delimiter[side] = chars[w];
		}
		free(s);
		return;
	}
	idx = profile_field_index(L->p, e->key);
	if (idx < 0) {
		struct sb b = { 0 };
		if (!L->newer) {
			describe_fields(&b, L->p, e->key);
			err(L, e->line, "[%s]: %s is not a field or 'delimiter'; each line is "
			    "FIELD = header text; %s", L->secs[e->sec].name, show(&sh, e->key),
			    sb_str(&b));
		}
		free(b.s);
		return;
	}
	{
		/* header text, then maybe " @N": the column's position */
		struct val v;
		size_t k, hl;
		long at = 0;
		if (decode(L, e, 0, &v) < 0)
			return;
		k = hl = v.n;
		while (k > 0 && v.m[k - 1] == M_LIT && isdigit((unsigned char)v.s[k - 1]))
			k--;
		if (k < v.n && k > 0 && v.m[k - 1] == M_LIT && v.s[k - 1] == '@' &&
		    (k == 1 || (v.m[k - 2] == M_LIT && is_ws((unsigned char)v.s[k - 2])))) {
			if (v.n - k > 7 || parse_num(v.s + k, 1, NUM_LIMIT, &at) != 0) {
				err(L, e->line, "%s: the column position %s is not a number from 1 "
				    "to %ld; write header @N, as in Email @5 for the fifth column "
				    "(inside quotes, \\x40 is an '@' that belongs to the header)",
				    e->key, show(&sh, v.s + k - 1), NUM_LIMIT);
				val_free(&v);
				return;
			}
			hl = k - 1;
			while (hl > 0 && v.m[hl - 1] == M_LIT && is_ws((unsigned char)v.s[hl - 1]))
				hl--;
		}
		v.s[hl] = '\0';
		s = v.s;
		v.s = NULL;
		val_free(&v);
		if (!*s && !at) {
			err(L, e->line, "%s: the header text is empty; write the spreadsheet column's "
			    "header, or remove the line to leave %s unmapped for %s", e->key, e->key,
			    profile_side_name(side));
			free(s);
			return;
		}
		if (at && !L->p->column_at[side] &&
		    !(L->p->column_at[side] = calloc(L->p->nfields ? L->p->nfields : 1,
						     sizeof *L->p->column_at[side]))) {
			L->oom = 1;
			free(s);
			return;
		}
		free(L->p->columns[side][idx]);
		L->p->columns[side][idx] = s;
		if (L->p->column_at[side])
			L->p->column_at[side][idx] = at;
	}
}

static void do_band(struct loader *L, const struct entry *e, struct rule *r,
		    struct rule_info *ri)
{
	long gap, w;
	struct shown sh;

	if (parse_num(e->key + 5, -NUM_LIMIT, NUM_LIMIT, &gap) != 0) {
		err(L, e->line, "%s: the part after 'band.' must be a whole number, as in "
		    "band.1 or band.-1", show(&sh, e->key));
		return;
	}
	if (get_number(L, e, -NUM_LIMIT, NUM_LIMIT, &w) < 0)
		return;
	for (size_t i = 0; i < r->nbands; i++) {
		if (r->bands[i].gap == gap) {
			err(L, e->line, "band for d = %ld is given twice (first at line %lu); "
			    "keep one", gap, ri->band_lines[i]);
			return;
		}
	}
	if (r->nbands == ri->capbands) {
		size_t ncap = ri->capbands ? ri->capbands * 2 : 4;
		struct gap_band *nb = realloc(r->bands, ncap * sizeof *nb);
		unsigned long *nl;
		if (!nb) {
			L->oom = 1;
			return;
		}
		r->bands = nb;
		nl = realloc(ri->band_lines, ncap * sizeof *nl);
		if (!nl) {
			L->oom = 1;
			return;
		}
		ri->band_lines = nl;
		ri->capbands = ncap;
	}
	r->bands[r->nbands].gap = gap;
	r->bands[r->nbands].weight = w;
	ri->band_lines[r->nbands] = e->line;
	r->nbands++;
}

static void do_rule_key(struct loader *L, const struct entry *e, size_t ridx)
{
	struct rule *r = &L->p->rules[ridx];
	struct rule_info *ri = &L->ri[ridx];
	char what[80];
	long v;
	int w;

	snprintf(what, sizeof what, "rule %s, %s", r->id, e->key);
	if (!strcmp(e->key, "label")) {
		char *s = get_string(L, e);
		ri->label_line = e->line;
		if (s) {
			free(r->label);
			r->label = s;
		}
	} else if (!strcmp(e->key, "kind")) {
		ri->kind_line = e->line;
		if ((w = get_word(L, e, kind_names, NELEM(kind_names))) >= 0)
			r->kind = (enum rule_kind)w;
	} else if (!strcmp(e->key, "field")) {
		ri->field_line = e->line;
		ri->field_idx = get_field_ref(L, e, what);
	} else if (!strcmp(e->key, "mentor_field")) {
		ri->mentor_line = e->line;
		ri->mentor_idx = get_field_ref(L, e, what);
	} else if (!strcmp(e->key, "mentee_field")) {
		ri->mentee_line = e->line;
		ri->mentee_idx = get_field_ref(L, e, what);
	} else if (!strcmp(e->key, "effect")) {
		ri->effect_line = e->line;
		if ((w = get_word(L, e, effect_names, NELEM(effect_names))) >= 0)
			r->effect = (enum rule_effect)w;
	} else if (!strcmp(e->key, "weight")) {
		ri->weight_line = e->line;
		if (get_number(L, e, -NUM_LIMIT, NUM_LIMIT, &v) == 0)
			r->weight = v;
	} else if (!strcmp(e->key, "otherwise")) {
		char *s = get_string(L, e);
		ri->otherwise_line = e->line;
		if (!s)
			return;
		if (!strcasecmp(s, "forbid")) {
			r->otherwise_forbid = 1;
			r->otherwise_weight = 0;
		} else {
			int rc = parse_num(s, -NUM_LIMIT, NUM_LIMIT, &v);
			if (rc == 0) {
				r->otherwise_forbid = 0;
				r->otherwise_weight = v;
			} else {
				struct shown sh;
				err(L, e->line, "otherwise: %s is not valid; write forbid, or a whole "
				    "number of points from %ld to %ld", show(&sh, s), -NUM_LIMIT,
				    NUM_LIMIT);
			}
		}
		free(s);
	} else if (!strcmp(e->key, "enabled")) {
		static const char *const yesno[] = { "yes", "no" };
		ri->enabled_line = e->line;
		if ((w = get_word(L, e, yesno, NELEM(yesno))) >= 0)
			r->enabled = w == 0;
	} else if (!strncmp(e->key, "band.", 5)) {
		do_band(L, e, r, ri);
	} else {
		unknown_key(L, e, rule_keys, NELEM(rule_keys), ", band.D (D a whole number)");
	}
}

static void do_output_key(struct loader *L, const struct entry *e)
{
	char **items;
	size_t n, *idx;

	if (!strcmp(e->key, "group_by")) {
		char *s = get_string(L, e);
		L->group_by_given = 1;
		if (s && !*s) {
			L->p->group_by = -1;
		} else if (s) {
			long f = get_field_ref(L, e, e->key);
			if (f >= 0)
				L->p->group_by = f;
		}
		free(s);
		return;
	}
	if (strcmp(e->key, "fields") != 0) {
		unknown_key(L, e, output_keys, NELEM(output_keys), NULL);
		return;
	}
	L->output_given = 1;
	if (get_list(L, e, &items, &n) < 0)
		return;
	idx = malloc((n ? n : 1) * sizeof *idx);
	if (!idx) {
		L->oom = 1;
		free_strv(items, n);
		return;
	}
	for (size_t i = 0; i < n; i++) {
		long f = profile_field_index(L->p, items[i]);
		struct shown sh;
		if (f < 0) {
			struct sb b = { 0 };
			describe_fields(&b, L->p, items[i]);
			err(L, e->line, "fields: there is no field %s; %s", show(&sh, items[i]),
			    sb_str(&b));
			free(b.s);
			goto fail;
		}
		for (size_t j = 0; j < i; j++) {
			if (idx[j] == (size_t)f) {
				err(L, e->line, "fields: %s is listed twice; list each field once",
				    show(&sh, items[i]));
				goto fail;
			}
		}
		idx[i] = (size_t)f;
	}
	free_strv(items, n);
	free(L->p->output_fields);
	L->p->output_fields = idx;
	L->p->noutput = n;
	return;
fail:
	free(idx);
	free_strv(items, n);
}

/* ---- [signups]: one combined sign-up sheet ------------------------------- */


static void do_signups_key(struct loader *L, const struct entry *e)
{
	struct signup_settings *su = &L->p->signups;
	struct shown sh;

	if (!strcmp(e->key, "role_column")) {
		char *s = get_string(L, e);
		if (!s)
			return;
		if (!*s) {
			err(L, e->line, "role_column is empty; write the header of the sheet's "
			    "column that says who signs up as what, e.g. role_column = Role");
			free(s);
			return;
		}
		free(su->role_column);
		su->role_column = s;
		L->signups_role_line = e->line;
	} else if (!strcmp(e->key, "mentor_answers") || !strcmp(e->key, "mentee_answers")) {
		int side = e->key[4] == 'o' ? SIDE_MENTOR : SIDE_MENTEE;
		char **items;
		size_t n;
		if (get_list(L, e, &items, &n) < 0)
			return;
		for (size_t i = 0; i < n; i++)
			for (size_t j = 0; j < i; j++) {
				int r = text_same(items[i], items[j]);
				if (r < 0) {
					L->oom = 1;
				} else if (r) {
					err(L, e->line, "%s: %s is listed twice (answers are compared "
					    "without case and surrounding space); keep one", e->key,
					    show(&sh, items[i]));
				} else {
					continue;
				}
				free_strv(items, n);
				return;
			}
		free_strv(su->answers[side], su->nanswers[side]);
		su->answers[side] = items;
		su->nanswers[side] = n;
		L->signups_answers_line[side] = e->line;
	} else if (!strcmp(e->key, "delimiter")) {
		static const char *const words[] = { "auto", "comma", "semicolon", "tab" };
		static const int chars[] = { 0, ',', ';', '\t' };
		char *s = get_string(L, e);
		int w;
		if (!s)
			return;
		if ((w = word_index(s, words, NELEM(words))) < 0)
			err(L, e->line, "delimiter: %s is not valid; write auto, comma, semicolon "
			    "or tab (for example delimiter = semicolon)", show(&sh, s));
		else
			su->delimiter = chars[w];
		free(s);
	} else {
		unknown_key(L, e, signups_keys, NELEM(signups_keys), NULL);
	}
}

/* A role column needs both answer lists, and answers need a role column. */
static void check_signups(struct loader *L)
{
	const struct signup_settings *su = &L->p->signups;
	unsigned long sl = 0;
	for (size_t i = 0; i < L->nsecs; i++)
		if (L->secs[i].kind == SEC_SIGNUPS)
			sl = L->secs[i].line;
	if (!su->role_column) {
		for (int side = 0; side < SIDE_COUNT; side++)
			if (L->signups_answers_line[side]) {
				err(L, L->signups_answers_line[side], "%s_answers is given but "
				    "role_column is not; add role_column = the header of the "
				    "sheet's role column", side == SIDE_MENTOR ? "mentor" : "mentee");
				return;
			}
		return;
	}
	for (int side = 0; side < SIDE_COUNT; side++)
		if (su->nanswers[side] == 0)
			err(L, L->signups_answers_line[side] ? L->signups_answers_line[side] : sl,
			    "[signups] needs %s_answers: the answers in the role column that sign "
			    "a person up as a %s, separated by | (e.g. %s)",
			    side == SIDE_MENTOR ? "mentor" : "mentee",
			    side == SIDE_MENTOR ? "mentor" : "mentee",
			    side == SIDE_MENTOR ? "mentor_answers = Mentor | Both"
						: "mentee_answers = Mentee | Both");
}

int profile_set_signup_answers(struct profile *p, enum side side,
			       const char *const *answers, size_t n)
{
	char **v = calloc(n ? n : 1, sizeof *v);
	size_t k = 0;
	if (!v)
		return -1;
	for (size_t i = 0; i < n; i++) {
		int dup = 0;
		const char *a = answers[i] ? answers[i] : "";
		size_t len = strlen(a);
		char *key = malloc(len + 1);
		if (!key)
			goto oom;
		if (text_key(a, len, key) == 0)
			dup = 1;    /* an empty answer */
		free(key);
		for (size_t j = 0; j < k && !dup; j++) {
			int r = text_same(a, v[j]);
			if (r < 0)
				goto oom;
			dup = r;
		}
		if (!dup && !(v[k++] = dupstr(a)))
			goto oom;
	}
	free_strv(p->signups.answers[side], p->signups.nanswers[side]);
	p->signups.answers[side] = v;
	p->signups.nanswers[side] = k;
	return 0;
oom:
	free_strv(v, n);
	return -1;
}

static void do_entries(struct loader *L)
{
	for (size_t i = 0; i < L->nents && !L->oom; i++) {
		struct entry *e = &L->ents[i];
		const struct section *s;
		struct shown sh;

		if (e->sec == NO_SEC) {
			err(L, e->line, "%s is outside any section; put it under a section header "
			    "such as [profile]", show(&sh, e->key));
			continue;
		}
		s = &L->secs[e->sec];
		if (s->kind == SEC_IGNORE || s->kind == SEC_UNKNOWN)
			continue;
		if (!e->key[0]) {
			err(L, e->line, "this line has no key before the '='; write key = value");
			continue;
		}
		for (size_t j = 0; j < i; j++) {
			if (L->ents[j].sec == e->sec && !strcmp(L->ents[j].key, e->key)) {
				err(L, e->line, "%s is given twice in [%s] (lines %lu and %lu); "
				    "keep one", e->key, s->name, L->ents[j].line, e->line);
				e->skip = 1;
				break;
			}
		}
		if (e->skip)
			continue;
		switch (s->kind) {
		case SEC_PROFILE:
			do_profile_key(L, e);
			break;
		case SEC_SOLVE:
			do_solve_key(L, e);
			break;
		case SEC_FIELD:
			do_field_key(L, e, s->index);
			break;
		case SEC_COLUMNS:
			do_columns_key(L, e, (enum side)s->index);
			break;
		case SEC_RULE:
			do_rule_key(L, e, s->index);
			break;
		case SEC_OUTPUT:
			do_output_key(L, e);
			break;
		case SEC_SIGNUPS:
			do_signups_key(L, e);
			break;
		case SEC_UNKNOWN:
		case SEC_IGNORE:
			break;
		}
	}
}

static unsigned long section_line(const struct loader *L, enum sec_kind kind, size_t index)
{
	for (size_t i = 0; i < L->nsecs; i++)
		if (L->secs[i].kind == kind && L->secs[i].index == index)
			return L->secs[i].line;
	return 0;
}

/* The comparison key of s (text_key), malloc'ed; NULL on OOM. */
static char *alias_key(struct loader *L, const char *s)
{
	size_t n = strlen(s);
	char *k = malloc(n + 1);

	if (!k)
		L->oom = 1;
	else
		text_key(s, n, k);
	return k;
}

/* Aliases of an ordinal or category field: spellings distinct and never
 * empty, not on the scale; the value of an ordinal alias on the scale. */
static void check_aliases(struct loader *L, const struct field_def *f, unsigned long line)
{
	size_t na = f->naliases, ns = f->type == FIELD_ORDINAL ? f->nscale : 0;
	char **ak = calloc(na ? na : 1, sizeof *ak), **sk = calloc(ns ? ns : 1, sizeof *sk);
	struct shown a, b;

	if (!ak || !sk) {
		L->oom = 1;
		goto out;
	}
	for (size_t i = 0; i < ns; i++)
		if (!(sk[i] = alias_key(L, f->scale[i])))
			goto out;
	for (size_t i = 0; i < na; i++) {
		const struct field_alias *al = &f->aliases[i];
		char *vk;
		size_t j;
		if (!(ak[i] = alias_key(L, al->spelling)) || !(vk = alias_key(L, al->value)))
			goto out;
		if (!*ak[i] || !*vk) {
			err(L, line, "field %s: the alias %s => %s has an empty %s (only white "
			    "space); write spelling => value with some text on both sides", f->name,
			    show(&a, al->spelling), show(&b, al->value), *ak[i] ? "value" : "spelling");
			free(vk);
			continue;
		}
		for (j = 0; j < i; j++)
			if (ak[j] && !strcmp(ak[j], ak[i]))
				break;
		if (j < i)
			err(L, line, "field %s: the aliases %s and %s are the same spelling (case "
			    "and surrounding white space are ignored); give each spelling once",
			    f->name, show(&a, f->aliases[j].spelling), show(&b, al->spelling));
		for (j = 0; j < ns; j++)
			if (!strcmp(sk[j], ak[i]))
				break;
		if (j < ns)
			err(L, line, "field %s: the alias spelling %s is on the scale already (as "
			    "%s); remove the alias", f->name, show(&a, al->spelling),
			    show(&b, f->scale[j]));
		for (j = 0; j < ns; j++)
			if (!strcmp(sk[j], vk))
				break;
		if (f->type == FIELD_ORDINAL && ns > 0 && j == ns) {
			char list[160];
			size_t o = 0;
			list[0] = '\0';
			for (size_t s2 = 0; s2 < ns && o + 8 < sizeof list; s2++) {
				int w = snprintf(list + o, sizeof list - o, "%s%s", s2 ? " | " : "",
						 f->scale[s2]);
				if (w < 0 || (size_t)w >= sizeof list - o)
					break;
				o += (size_t)w;
			}
			err(L, line, "field %s: the alias %s => %s: %s is not on the scale (%s); "
			    "an alias must name a scale value", f->name, show(&a, al->spelling),
			    show(&b, al->value), al->value, list);
		}
		free(vk);
	}
out:
	for (size_t i = 0; ak && i < na; i++)
		free(ak[i]);
	for (size_t i = 0; sk && i < ns; i++)
		free(sk[i]);
	free(ak);
	free(sk);
}

static void check_fields(struct loader *L)
{
	struct profile *p = L->p;
	size_t email = (size_t)-1;

	if (p->nfields == 0 && !L->newer)
		err(L, 0, "the profile defines no fields; add [field.NAME] sections "
		    "(see config/civil-service.ini)");
	for (size_t i = 0; i < p->nfields; i++) {
		struct field_def *f = &p->fields[i];
		const struct field_info *fi = &L->fi[i];
		unsigned long sl = section_line(L, SEC_FIELD, i);

		if (!f->label && !(f->label = dupstr(f->name))) {
			L->oom = 1;
			return;
		}
		if (!fi->type_line) {
			err(L, sl, "[field.%s] has no type; add type = text, email, category, "
			    "ordinal, multi or number", f->name);
			continue;
		}
		if (f->type == FIELD_ORDINAL && f->nscale == 0 && !fi->scale_line)
			err(L, sl, "field %s is ordinal but has no scale; add scale = lowest | ... "
			    "| highest", f->name);
		else if (f->type == FIELD_ORDINAL && f->nscale == 0 && !fi->scale_bad)
			err(L, fi->scale_line, "field %s: the scale is empty; list the values, "
			    "lowest first, as in scale = low | mid | high", f->name);
		if (f->type != FIELD_ORDINAL && fi->scale_line)
			err(L, fi->scale_line, "field %s: scale is only for type = ordinal; "
			    "remove it or change the type", f->name);
		if (f->type == FIELD_MULTI && !f->separator && !fi->sep_line)
			err(L, sl, "field %s is multi but has no separator; add the text that "
			    "joins the values in a cell, as in separator = \", \"", f->name);
		if (f->type != FIELD_MULTI && fi->sep_line)
			err(L, fi->sep_line, "field %s: separator is only for type = multi; "
			    "remove it or change the type", f->name);
		if (f->type != FIELD_MULTI && fi->options_line)
			err(L, fi->options_line, "field %s: options is only for type = multi; "
			    "remove it or change the type", f->name);
		if (fi->aliases_line && f->type != FIELD_CATEGORY && f->type != FIELD_ORDINAL)
			err(L, fi->aliases_line, "field %s: aliases are only for type = category "
			    "or ordinal; remove them or change the type", f->name);
		else if (f->naliases)
			check_aliases(L, f, fi->aliases_line);
		if (f->type == FIELD_EMAIL) {
			if (email == (size_t)-1)
				email = i;
			else
				err(L, fi->type_line, "field %s is a second email field (the first is "
				    "%s, line %lu); exactly one field identifies people: change "
				    "one of them to type = text", f->name, p->fields[email].name,
				    L->fi[email].type_line);
		}
	}
	if (p->nfields > 0 && email == (size_t)-1 && !L->newer)
		err(L, 0, "no field has type = email; exactly one field must identify "
		    "people, as in [field.email] type = email");
}

static const char *type_name(enum field_type t)
{
	return (size_t)t < NELEM(type_names) ? type_names[t] : "?";
}

static void check_rule_field(struct loader *L, const struct rule *r, size_t f,
			     unsigned long line)
{
	const struct field_def *fd = &L->p->fields[f];

	if (fd->type == FIELD_TEXT)
		err(L, line, "rule %s: field %s is text, which is never scored; use a "
		    "category, ordinal, multi, number or email field, or change its type",
		    r->id, fd->name);
	else if (r->kind == RULE_GAP && fd->type != FIELD_ORDINAL)
		err(L, line, "rule %s: a gap rule needs ordinal fields (with a scale), but "
		    "%s is %s; use kind = same, different or contains, or make %s ordinal",
		    r->id, fd->name, type_name(fd->type), fd->name);
}

static void check_rules(struct loader *L)
{
	struct profile *p = L->p;

	/* with |weight| <= NUM_LIMIT, this keeps every score within 32 bits */
	if (p->nrules > 1000)
		err(L, section_line(L, SEC_RULE, 1000), "more than 1000 rules; a profile can have at most 1000");
	for (size_t i = 0; i < p->nrules; i++) {
		struct rule *r = &p->rules[i];
		struct rule_info *ri = &L->ri[i];
		unsigned long sl = section_line(L, SEC_RULE, i);
		int fields_ok = 0;

		if (!r->label && !(r->label = dupstr(r->id))) {
			L->oom = 1;
			return;
		}
		if (!ri->kind_line) {
			err(L, sl, "[rule.%s] has no kind; add kind = same, different, contains "
			    "or gap", r->id);
			continue;
		}
		if (ri->field_line && (ri->mentor_line || ri->mentee_line)) {
			err(L, ri->mentor_line > ri->mentee_line ? ri->mentor_line : ri->mentee_line,
			    "rule %s: give either field, or mentor_field and mentee_field, not "
			    "both (field is on line %lu)", r->id, ri->field_line);
		} else if (ri->field_line) {
			if (ri->field_idx >= 0) {
				r->mentor_field = r->mentee_field = (size_t)ri->field_idx;
				fields_ok = 1;
			}
		} else if (ri->mentor_line && ri->mentee_line) {
			if (ri->mentor_idx >= 0 && ri->mentee_idx >= 0) {
				r->mentor_field = (size_t)ri->mentor_idx;
				r->mentee_field = (size_t)ri->mentee_idx;
				fields_ok = 1;
			}
		} else if (ri->mentor_line || ri->mentee_line) {
			err(L, sl, "rule %s has %s but no %s; add it, or use field = NAME for the "
			    "same field on both sides", r->id,
			    ri->mentor_line ? "mentor_field" : "mentee_field",
			    ri->mentor_line ? "mentee_field" : "mentor_field");
		} else {
			err(L, sl, "rule %s names no field; add field = NAME (or mentor_field and "
			    "mentee_field)", r->id);
		}
		if (fields_ok) {
			check_rule_field(L, r, r->mentor_field,
					 ri->field_line ? ri->field_line : ri->mentor_line);
			if (r->mentee_field != r->mentor_field)
				check_rule_field(L, r, r->mentee_field, ri->mentee_line);
		}
		if (r->kind == RULE_GAP) {
			if (ri->effect_line)
				err(L, ri->effect_line, "rule %s: effect is not for kind = gap; give "
				    "bands (band.D = points) and otherwise = forbid or points", r->id);
			if (ri->weight_line)
				err(L, ri->weight_line, "rule %s: weight is not for kind = gap; give "
				    "the points per difference as bands (band.D = points)", r->id);
			if (r->nbands == 0)
				err(L, sl, "rule %s: a gap rule needs at least one band (band.D = points, "
				    "where D = mentor's position - mentee's position on the scale; "
				    "e.g. band.1 = 10)", r->id);
			if (fields_ok && p->fields[r->mentor_field].type == FIELD_ORDINAL &&
			    p->fields[r->mentee_field].type == FIELD_ORDINAL) {
				long hi = (long)p->fields[r->mentor_field].nscale - 1;
				long lo = -((long)p->fields[r->mentee_field].nscale - 1);
				for (size_t b = 0; b < r->nbands; b++)
					if (r->bands[b].gap > hi || r->bands[b].gap < lo)
						warn(L, ri->band_lines[b], "rule %s: band.%ld can never "
						     "apply, since d is between %ld and %ld on this scale",
						     r->id, r->bands[b].gap, lo, hi);
			}
		} else {
			for (size_t b = 0; b < r->nbands; b++)
				err(L, ri->band_lines[b], "rule %s: band.%ld is only for kind = gap",
				    r->id, r->bands[b].gap);
			if (ri->otherwise_line)
				err(L, ri->otherwise_line, "rule %s: otherwise is only for kind = gap",
				    r->id);
			if (r->effect == EFFECT_SCORE && !ri->weight_line)
				err(L, sl, "rule %s adds points but has no weight; add weight = "
				    "points (or effect = forbid)", r->id);
			if (r->effect == EFFECT_FORBID && ri->weight_line)
				err(L, ri->weight_line, "rule %s: weight does nothing with effect = "
				    "forbid; remove it, or write effect = score", r->id);
		}
	}
}

static int load_common(struct loader *L, struct profile *p)
{
	int ret;

	memset(p, 0, sizeof *p);
	L->p = p;
	L->cur = NO_SEC;
	ret = ini_parse_stream(reader_cb, L, handler_cb, L);
	if (ret > 0 && (unsigned long)ret != L->first_syntax && !L->oom)
		err(L, (unsigned long)ret, "the INI reader could not parse this line; write "
		    "key = value, [section] or a comment");
	else if (ret < 0 && !L->oom)
		L->oom = 1;

	p->solve.mode = MODE_ROUNDS;
	p->solve.rounds = 3;
	p->solve.unmatched_bonus = 0;
	p->solve.objective = OBJECTIVE_QUALITY;
	p->solve.min_score = MIN_SCORE_NONE;
	p->group_by = -1;
	for (int side = 0; side < SIDE_COUNT; side++) {
		p->solve.capacity[side] = CAPACITY_UNSET;
		p->solve.capacity_field[side] = -1;
	}
	if (!L->oom) {
		read_format(L);
		classify_sections(L);
		if (create_objects(L) < 0)
			L->oom = 1;
	}
	if (!L->oom)
		do_entries(L);
	if (!L->oom)
		check_fields(L);
	if (!L->oom)
		check_rules(L);
	if (!L->oom)
		check_signups(L);
	for (int side = 0; side < SIDE_COUNT && !L->oom; side++) {
		long f = p->solve.capacity_field[side];
		if (f >= 0 && p->fields[f].type != FIELD_NUMBER)
			err(L, L->capfield_line[side], "%s_capacity_field: the field %s is not a number; "
			    "give it type = number", side == SIDE_MENTOR ? "mentor" : "mentee", p->fields[f].name);
	}
	if (!L->oom && !p->name && !(p->name = dupstr("")))
		L->oom = 1;
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
	if (L->ri)
		for (size_t i = 0; i < p->nrules; i++)
			free(L->ri[i].band_lines);
	free(L->ri);
	free(L->fi);
	free(L->buf);

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
	if (rc == 0 && !(p->path = dupstr(path))) {
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

/* ---- writing ---------------------------------------------------------------- */

/* A token of a quoted value: one character, or one escape.  A line may be
 * broken after a token with brk set (a literal space). */
struct tok {
	char b[6];
	unsigned char len, brk;
};

struct toks {
	struct tok *t;
	size_t n, cap;
	int oom;
};

static void tok_add(struct toks *T, const char *b, size_t len, int brk)
{
	if (T->oom)
		return;
	if (T->n == T->cap) {
		size_t ncap = T->cap ? T->cap * 2 : 64;
		struct tok *nt = realloc(T->t, ncap * sizeof *nt);
		if (!nt) {
			T->oom = 1;
			return;
		}
		T->t = nt;
		T->cap = ncap;
	}
	memcpy(T->t[T->n].b, b, len);
	T->t[T->n].len = (unsigned char)len;
	T->t[T->n].brk = (unsigned char)brk;
	T->n++;
}

static void tok_hex(struct toks *T, unsigned char c)
{
	char b[5];
	snprintf(b, sizeof b, "\\x%02X", c);
	tok_add(T, b, 4, 0);
}

/* Tokens for s inside quotes.  In a list item, '|' is escaped and so is a
 * space at either end (unescaped white space around items is dropped). */
static void tokenize(struct toks *T, const char *s, int list_item)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t n = strlen(s), i = 0;

	while (i < n) {
		unsigned char c = u[i];
		size_t k;
		switch (c) {
		case '"':
			tok_add(T, "\\\"", 2, 0);
			i++;
			continue;
		case '\\':
			tok_add(T, "\\\\", 2, 0);
			i++;
			continue;
		case ';':
			tok_add(T, "\\;", 2, 0);
			i++;
			continue;
		case '\n':
			tok_add(T, "\\n", 2, 0);
			i++;
			continue;
		case '\t':
			tok_add(T, "\\t", 2, 0);
			i++;
			continue;
		case '|':
			if (list_item)
				tok_add(T, "\\|", 2, 0);
			else
				tok_add(T, "|", 1, 0);
			i++;
			continue;
		case ' ':
			if (list_item && (i == 0 || i == n - 1))
				tok_hex(T, c);
			else
				tok_add(T, " ", 1, 1);
			i++;
			continue;
		default:
			break;
		}
		if (c < 0x20 || c == 0x7F) {
			tok_hex(T, c);
			i++;
			continue;
		}
		k = utf8_seq_len(u + i, n - i);
		if (k == 0) {
			tok_hex(T, c);
			i++;
		} else if (utf8_nonprinting(u + i, k)) {
			for (size_t j = 0; j < k; j++)
				tok_hex(T, u[i + j]);
			i += k;
		} else {
			tok_add(T, s + i, k, 0);
			i += k;
		}
	}
}

/* Whether s can be written without quotes (list_item: as an item of an
 * unquoted list). */
static int plain_ok(const char *s, int list_item)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t n = strlen(s), i = 0;

	if (n == 0 || u[0] == '"' || isspace(u[0]) || isspace(u[n - 1]) ||
	    is_ws(u[0]) || is_ws(u[n - 1]) || u[0] >= 0x80 || u[n - 1] >= 0x80)
		return 0;
	while (i < n) {
		size_t k;
		if (u[i] == ';' || u[i] == '\\' || u[i] < 0x20 || u[i] == 0x7F ||
		    (list_item && u[i] == '|'))
			return 0;
		k = utf8_seq_len(u + i, n - i);
		if (k == 0 || utf8_nonprinting(u + i, k))
			return 0;
		i += k;
	}
	return 1;
}

/* Writes key = "tokens", wrapped into quoted continuation pieces. */
static void emit_quoted(FILE *out, const char *key, const struct toks *T)
{
	size_t col = strlen(key) + 4, on_line = 0, i = 0;

	fprintf(out, "%s = \"", key);
	while (i < T->n) {
		size_t j = i, glen = 0;
		while (j < T->n) {
			glen += T->t[j].len;
			if (T->t[j++].brk)
				break;
		}
		if (on_line > 0 && col + glen + 1 > WRAP_WIDTH) {
			fputs("\"\n" CONT_INDENT "\"", out);
			col = strlen(CONT_INDENT) + 1;
			on_line = 0;
		}
		for (; i < j; i++) {
			if (on_line > 0 && col + T->t[i].len + 1 > WRAP_WIDTH) {
				fputs("\"\n" CONT_INDENT "\"", out);
				col = strlen(CONT_INDENT) + 1;
				on_line = 0;
			}
			fwrite(T->t[i].b, 1, T->t[i].len, out);
			col += T->t[i].len;
			on_line++;
		}
	}
	fputs("\"\n", out);
}

static int write_string(FILE *out, const char *key, const char *value)
{
	struct toks T = { 0 };

	if (!value)
		value = "";
	if (plain_ok(value, 0) && strlen(key) + 3 + strlen(value) <= ONE_LINE_MAX) {
		fprintf(out, "%s = %s\n", key, value);
		return 0;
	}
	tokenize(&T, value, 0);
	if (!T.oom)
		emit_quoted(out, key, &T);
	free(T.t);
	return T.oom ? -1 : 0;
}

static int write_list(FILE *out, const char *key, const char *const *items, size_t n)
{
	struct toks T = { 0 };
	size_t len = strlen(key) + 3;
	int plain = 1;

	for (size_t i = 0; i < n; i++) {
		const char *it = items[i] ? items[i] : "";
		if (!plain_ok(it, 1))
			plain = 0;
		len += strlen(it) + (i ? 3 : 0);
	}
	if (plain && n > 0 && len <= ONE_LINE_MAX) {
		fprintf(out, "%s = ", key);
		for (size_t i = 0; i < n; i++)
			fprintf(out, "%s%s", i ? " | " : "", items[i]);
		fputc('\n', out);
		return 0;
	}
	for (size_t i = 0; i < n; i++) {
		if (i) {
			tok_add(&T, " ", 1, 1);
			tok_add(&T, "|", 1, 0);
			tok_add(&T, " ", 1, 1);
		}
		tokenize(&T, items[i] ? items[i] : "", 1);
	}
	if (!T.oom)
		emit_quoted(out, key, &T);
	free(T.t);
	return T.oom ? -1 : 0;
}

/* Tokens of one side of an alias: a list item in which the '=' of every
 * "=>" is written \x3D, so that it does not split the alias. */
static void tokenize_alias_part(struct toks *T, const char *s)
{
	char *copy = dupstr(s), *seg, *arrow;

	if (!copy) {
		T->oom = 1;
		return;
	}
	seg = copy;
	while ((arrow = strstr(seg, "=>")) != NULL) {
		*arrow = '\0';
		tokenize(T, seg, 1);
		tok_hex(T, '=');
		seg = arrow + 1;
	}
	tokenize(T, seg, 1);
	free(copy);
}

static int write_aliases(FILE *out, const struct field_alias *a, size_t n)
{
	struct toks T = { 0 };
	size_t len = strlen("aliases = ");
	int plain = 1;

	for (size_t i = 0; i < n; i++) {
		if (!plain_ok(a[i].spelling, 1) || !plain_ok(a[i].value, 1) ||
		    strstr(a[i].spelling, "=>") || strstr(a[i].value, "=>"))
			plain = 0;
		len += strlen(a[i].spelling) + strlen(a[i].value) + 7;
	}
	if (plain && len <= ONE_LINE_MAX) {
		fputs("aliases = ", out);
		for (size_t i = 0; i < n; i++)
			fprintf(out, "%s%s => %s", i ? " | " : "", a[i].spelling, a[i].value);
		fputc('\n', out);
		return 0;
	}
	for (size_t i = 0; i < n; i++) {
		if (i) {
			tok_add(&T, " ", 1, 1);
			tok_add(&T, "|", 1, 0);
			tok_add(&T, " ", 1, 1);
		}
		tokenize_alias_part(&T, a[i].spelling);
		tok_add(&T, " ", 1, 1);
		tok_add(&T, "=>", 2, 0);
		tok_add(&T, " ", 1, 1);
		tokenize_alias_part(&T, a[i].value);
	}
	if (!T.oom)
		emit_quoted(out, "aliases", &T);
	free(T.t);
	return T.oom ? -1 : 0;
}

/* Does h end like a column position (white space or nothing, '@', digits)? */
static int ends_like_position(const char *h)
{
	size_t n = strlen(h), k = n;

	while (k > 0 && isdigit((unsigned char)h[k - 1]))
		k--;
	return k < n && k > 0 && h[k - 1] == '@' && (k == 1 || is_ws((unsigned char)h[k - 2]));
}

/* key = header, or key = header @N with a position. */
static int write_column(FILE *out, const char *key, const char *header, long at)
{
	struct toks T = { 0 };
	int suffix = ends_like_position(header);
	char num[24];

	if (at <= 0 && !suffix)
		return write_string(out, key, header);
	if (!suffix && (!*header || plain_ok(header, 0)) &&
	    strlen(key) + strlen(header) + 16 <= ONE_LINE_MAX) {
		fprintf(out, "%s = %s%s@%ld\n", key, header, *header ? " " : "", at);
		return 0;
	}
	if (suffix) {
		/* the '@' of the header's own " @digits" is written \x40 */
		char *copy = dupstr(header);
		if (!copy)
			return -1;
		char *atc = strrchr(copy, '@');
		*atc = '\0';
		tokenize(&T, copy, at > 0);
		tok_hex(&T, '@');
		tokenize(&T, atc + 1, at > 0);
		free(copy);
	} else {
		tokenize(&T, header, 1);
	}
	if (at > 0) {
		snprintf(num, sizeof num, "@%ld", at);
		tok_add(&T, " ", 1, 1);
		tok_add(&T, num, strlen(num), 0);
	}
	if (!T.oom)
		emit_quoted(out, key, &T);
	free(T.t);
	return T.oom ? -1 : 0;
}

static const char *field_name_at(const struct profile *p, size_t f)
{
	return f < p->nfields && p->fields[f].name ? p->fields[f].name : "";
}

static int write_rule(FILE *out, const struct profile *p, const struct rule *r)
{
	int rc = 0;

	fprintf(out, "\n[rule.%s]\n", r->id ? r->id : "");
	rc |= write_string(out, "label", r->label ? r->label : (r->id ? r->id : ""));
	fprintf(out, "kind = %s\n",
		(size_t)r->kind < NELEM(kind_names) ? kind_names[r->kind] : "?");
	if (r->mentor_field == r->mentee_field) {
		rc |= write_string(out, "field", field_name_at(p, r->mentor_field));
	} else {
		rc |= write_string(out, "mentor_field", field_name_at(p, r->mentor_field));
		rc |= write_string(out, "mentee_field", field_name_at(p, r->mentee_field));
	}
	if (r->kind == RULE_GAP) {
		fputs("; d = mentor's position on the scale - mentee's position\n", out);
		for (size_t b = 0; b < r->nbands; b++)
			fprintf(out, "band.%ld = %ld\n", r->bands[b].gap, r->bands[b].weight);
		if (r->otherwise_forbid)
			fputs("otherwise = forbid\n", out);
		else
			fprintf(out, "otherwise = %ld\n", r->otherwise_weight);
	} else if (r->effect == EFFECT_FORBID) {
		fputs("effect = forbid\n", out);
	} else {
		fputs("effect = score\n", out);
		fprintf(out, "weight = %ld\n", r->weight);
	}
	fprintf(out, "enabled = %s\n", r->enabled ? "yes" : "no");
	return rc;
}

int profile_write(const struct profile *p, FILE *out)
{
	int rc = 0;

	if (!p || !out)
		return -1;
	fputs("; mentormatch profile: how to read the sign-up sheets and how to score and\n"
	      "; match people.  Format: see config/README.md.  A profile holds no personal data.\n"
	      "\n[profile]\n", out);
	fprintf(out, "format = %d\n", PROFILE_FORMAT);
	rc |= write_string(out, "name", p->name ? p->name : "");

	fputs("\n[solve]\n"
	      "; mode: rounds (one-to-one rounds, as the original) or capacity (one exact solve)\n"
	      "; rounds: 1 to 9; unmatched_bonus: points for an allowed pair whose mentor or\n"
	      "; mentee has no match yet from earlier rounds (rounds mode)\n"
	      "; objective: quality (largest total score) or coverage (most mentees matched,\n"
	      "; then largest total); min_score: none, or the lowest score a pair may have\n"
	      "; mentor_capacity, mentee_capacity: default, or matches a person may have\n", out);
	fprintf(out, "mode = %s\n", p->solve.mode == MODE_CAPACITY ? "capacity" : "rounds");
	fprintf(out, "rounds = %d\n", p->solve.rounds);
	fprintf(out, "unmatched_bonus = %ld\n", p->solve.unmatched_bonus);
	fprintf(out, "objective = %s\n", p->solve.objective == OBJECTIVE_COVERAGE ? "coverage" : "quality");
	if (p->solve.min_score == MIN_SCORE_NONE)
		fputs("min_score = none\n", out);
	else
		fprintf(out, "min_score = %ld\n", p->solve.min_score);
	for (int side = 0; side < SIDE_COUNT; side++) {
		const char *who = side == SIDE_MENTOR ? "mentor" : "mentee";
		if (p->solve.capacity[side] == CAPACITY_UNSET)
			fprintf(out, "%s_capacity = default\n", who);
		else
			fprintf(out, "%s_capacity = %ld\n", who, p->solve.capacity[side]);
		if (p->solve.capacity_field[side] >= 0 && (size_t)p->solve.capacity_field[side] < p->nfields)
			fprintf(out, "%s_capacity_field = %s\n", who,
				p->fields[p->solve.capacity_field[side]].name);
	}

	fputs("\n; ---- fields: the matching's own vocabulary -----------------------------------\n"
	      "; type: text, email, category, ordinal (with a scale), multi (with a separator)\n"
	      "; or number\n", out);
	for (size_t i = 0; i < p->nfields; i++) {
		const struct field_def *f = &p->fields[i];
		fprintf(out, "\n[field.%s]\n", f->name ? f->name : "");
		rc |= write_string(out, "label", f->label ? f->label : (f->name ? f->name : ""));
		fprintf(out, "type = %s\n", type_name(f->type));
		if (f->type == FIELD_ORDINAL) {
			fputs("; lowest first\n", out);
			rc |= write_list(out, "scale", (const char *const *)f->scale, f->nscale);
		}
		if (f->type == FIELD_MULTI)
			rc |= write_string(out, "separator", f->separator ? f->separator : "");
		if (f->type == FIELD_MULTI && f->noptions > 0) {
			fputs("; the known options, matched whole (they may contain the separator)\n", out);
			rc |= write_list(out, "options", (const char *const *)f->options, f->noptions);
		}
		if ((f->type == FIELD_CATEGORY || f->type == FIELD_ORDINAL) && f->naliases > 0) {
			fputs("; other spellings: spelling => value\n", out);
			rc |= write_aliases(out, f->aliases, f->naliases);
		}
	}

	fputs("\n; ---- column mapping: field = header text of the spreadsheet column ----------\n"
	      "; delimiter: auto, comma, semicolon or tab\n", out);
	for (int s = 0; s < SIDE_COUNT; s++) {
		int dch = p->delimiter[s];
		fprintf(out, "\n[columns.%s]\n", profile_side_name((enum side)s));
		fprintf(out, "delimiter = %s\n", dch == ',' ? "comma" : dch == ';' ? "semicolon" :
			dch == '\t' ? "tab" : "auto");
		for (size_t f = 0; f < p->nfields && p->columns[s]; f++) {
			long at = profile_column_at(p, (enum side)s, f);
			if (p->columns[s][f] && (p->columns[s][f][0] || at > 0))
				rc |= write_column(out, field_name_at(p, f), p->columns[s][f], at);
		}
	}

	if (p->signups.role_column || p->signups.delimiter) {
		int dch = p->signups.delimiter;
		fputs("\n; ---- one combined sign-up sheet: who signs up as what ----------------------\n"
		      "; role_column: header of the column with the role answer; an answer in both\n"
		      "; lists puts the person on both sides; delimiter: auto, comma, semicolon or tab\n"
		      "\n[signups]\n", out);
		if (p->signups.role_column)
			rc |= write_string(out, "role_column", p->signups.role_column);
		for (int s = 0; s < SIDE_COUNT; s++)
			if (p->signups.nanswers[s])
				rc |= write_list(out, s == SIDE_MENTOR ? "mentor_answers" : "mentee_answers",
						 (const char *const *)p->signups.answers[s],
						 p->signups.nanswers[s]);
		fprintf(out, "delimiter = %s\n", dch == ',' ? "comma" : dch == ';' ? "semicolon" :
			dch == '\t' ? "tab" : "auto");
	}

	fputs("\n; ---- rules -----------------------------------------------------------------\n"
	      "; kind: same, different, contains or gap; effect: score (add weight) or forbid\n"
	      "; (the pair is not allowed); enabled: yes or no\n", out);
	for (size_t i = 0; i < p->nrules; i++)
		rc |= write_rule(out, p, &p->rules[i]);

	fputs("\n; ---- output: the fields in the mail-merge lists, in order -------------------\n"
	      "\n[output]\n", out);
	{
		const char **names = malloc((p->noutput ? p->noutput : 1) * sizeof *names);
		if (!names) {
			rc = -1;
		} else {
			for (size_t i = 0; i < p->noutput; i++)
				names[i] = field_name_at(p, p->output_fields[i]);
			rc |= write_list(out, "fields", names, p->noutput);
			free(names);
		}
	}
	/* group_by: the field, or empty for none when the default (a field
	 * named organisation) would otherwise apply */
	if (p->group_by >= 0 && (size_t)p->group_by < p->nfields)
		fprintf(out, "; the summary counts people and pairs by this field (empty: none)\n"
			"group_by = %s\n", p->fields[p->group_by].name);
	else if (profile_field_index(p, "organisation") >= 0)
		fputs("; the summary counts people and pairs by this field (empty: none)\n"
		      "group_by =\n", out);
	if (fflush(out) != 0 || ferror(out))
		rc = -1;
	return rc ? -1 : 0;
}

/* fsync of the folder, so that the rename itself survives a crash; a
 * failure here loses nothing, so it is not reported. */
static void sync_dir(const char *path, size_t dirlen)
{
	char *dir = malloc(dirlen + 2);
	int dfd;

	if (!dir)
		return;
	if (dirlen) {
		memcpy(dir, path, dirlen);
		dir[dirlen] = '\0';
	} else {
		strcpy(dir, ".");
	}
	dfd = open(dir, O_RDONLY);
	if (dfd >= 0) {
		(void)fsync(dfd);
		close(dfd);
	}
	free(dir);
}

int profile_save(const struct profile *p, const char *path, struct diag *d)
{
	const char *slash, *what;
	char *tmp;
	size_t dirlen, cap;
	int fd, saved;
	FILE *out = NULL;

	if (!p || !path || !*path) {
		diag_add(d, DIAG_ERROR, path, 0, "cannot save the profile: no file name given");
		return -1;
	}
	slash = strrchr(path, '/');
	dirlen = slash ? (size_t)(slash - path) + 1 : 0;
	cap = strlen(path) + 16;
	tmp = malloc(cap);
	if (!tmp) {
		diag_add(d, DIAG_ERROR, path, 0, "cannot save the profile: out of memory");
		return -1;
	}
	/* A hidden temporary file in the same folder, so that rename is atomic. */
	memcpy(tmp, path, dirlen);
	snprintf(tmp + dirlen, cap - dirlen, ".%s.XXXXXX", path + dirlen);
	fd = mkstemp(tmp);
	if (fd < 0) {
		saved = errno;
		diag_add(d, DIAG_ERROR, path, 0, "cannot save the profile: cannot create a "
			 "temporary file in its folder: %s; check that the folder exists and "
			 "that you may write to it", strerror(saved));
		free(tmp);
		return -1;
	}
	what = "cannot write it";
	if (fchmod(fd, 0644) != 0 || !(out = fdopen(fd, "w"))) {
		saved = errno;
		close(fd);
		goto fail;
	}
	errno = 0;
	if (profile_write(p, out) != 0 || fsync(fileno(out)) != 0) {
		saved = errno ? errno : EIO;
		fclose(out);
		goto fail;
	}
	if (fclose(out) != 0) {
		saved = errno;
		goto fail;
	}
	what = "cannot replace it";
	if (rename(tmp, path) != 0) {
		saved = errno;
		goto fail;
	}
	sync_dir(path, dirlen);
	free(tmp);
	return 0;
fail:
	unlink(tmp);
	free(tmp);
	diag_add(d, DIAG_ERROR, path, 0, "cannot save the profile (%s): %s; check the free "
		 "space and that you may write to the folder", what, strerror(saved));
	return -1;
}
