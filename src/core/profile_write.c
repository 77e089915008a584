/* profile_write.c - writing a profile: plain, commented INI that loads back
 * to exactly the same settings (profile_equal), whatever its strings hold.
 * Simple keys are written from the key table (profile_keys.def) with their
 * help as comments; values are quoted and escaped only where needed, and long
 * values are wrapped into quoted continuation pieces, so that every line stays
 * within inih's INI_MAX_LINE. */
#include "profile_int.h"
#include "mentormatch/text.h"
#include "mentormatch/utf8.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <ini.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

/* inih keeps at most INI_MAX_LINE - 1 bytes of a line, newline included. */
#define LINE_MAX_BYTES (INI_MAX_LINE - 2)  /* bytes before the newline */
#define WRAP_WIDTH 100                     /* quoted pieces are wrapped here */
#define ONE_LINE_MAX 150                   /* longest unquoted key = value line */
#define COMMENT_WIDTH 96                   /* comments are wrapped here */
#define CONT_INDENT "    "

#if WRAP_WIDTH + 60 > LINE_MAX_BYTES || ONE_LINE_MAX > LINE_MAX_BYTES || COMMENT_WIDTH + 4 > LINE_MAX_BYTES
#error "profile lines must stay within inih's INI_MAX_LINE"
#endif

static int is_ws(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}

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
		} else if (pi_utf8_nonprinting(u + i, k)) {
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
		if (k == 0 || pi_utf8_nonprinting(u + i, k))
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

/* key = prefix item | item | ...; the prefix (a name and '=', for when and
 * unless) is written as it is. */
static int write_list_after(FILE *out, const char *key, const char *prefix,
			    const char *const *items, size_t n)
{
	struct toks T = { 0 };
	size_t len = strlen(key) + 3 + strlen(prefix);
	int plain = 1;

	for (size_t i = 0; i < n; i++) {
		const char *it = items[i] ? items[i] : "";
		if (!plain_ok(it, 1))
			plain = 0;
		len += strlen(it) + (i ? 3 : 0);
	}
	if (plain && n > 0 && len <= ONE_LINE_MAX) {
		fprintf(out, "%s = %s", key, prefix);
		for (size_t i = 0; i < n; i++)
			fprintf(out, "%s%s", i ? " | " : "", items[i]);
		fputc('\n', out);
		return 0;
	}
	for (const char *c = prefix; *c; c++)
		tok_add(&T, c, 1, *c == ' ');
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

static int write_list(FILE *out, const char *key, const char *const *items, size_t n)
{
	return write_list_after(out, key, "", items, n);
}

/* Tokens of one side of an alias: a list item in which the '=' of every
 * "=>" is written \x3D, so that it does not split the alias. */
static void tokenize_alias_part(struct toks *T, const char *s)
{
	char *copy = pi_dupstr(s), *seg, *arrow;

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

/* key = left => right | ... (aliases, table pairs). */
static int write_arrows(FILE *out, const char *key, const char *const *l,
			const char *const *r, size_t n)
{
	struct toks T = { 0 };
	size_t len = strlen(key) + 3;
	int plain = 1;

	for (size_t i = 0; i < n; i++) {
		if (!plain_ok(l[i], 1) || !plain_ok(r[i], 1) || strstr(l[i], "=>") ||
		    strstr(r[i], "=>"))
			plain = 0;
		len += strlen(l[i]) + strlen(r[i]) + 7;
	}
	if (plain && len <= ONE_LINE_MAX) {
		fprintf(out, "%s = ", key);
		for (size_t i = 0; i < n; i++)
			fprintf(out, "%s%s => %s", i ? " | " : "", l[i], r[i]);
		fputc('\n', out);
		return 0;
	}
	for (size_t i = 0; i < n; i++) {
		if (i) {
			tok_add(&T, " ", 1, 1);
			tok_add(&T, "|", 1, 0);
			tok_add(&T, " ", 1, 1);
		}
		tokenize_alias_part(&T, l[i]);
		tok_add(&T, " ", 1, 1);
		tok_add(&T, "=>", 2, 0);
		tok_add(&T, " ", 1, 1);
		tokenize_alias_part(&T, r[i]);
	}
	if (!T.oom)
		emit_quoted(out, key, &T);
	free(T.t);
	return T.oom ? -1 : 0;
}

static int write_aliases(FILE *out, const struct field_alias *a, size_t n)
{
	const char **l = malloc((n ? n : 1) * sizeof *l), **r = malloc((n ? n : 1) * sizeof *r);
	int rc = -1;
	if (l && r) {
		for (size_t i = 0; i < n; i++) {
			l[i] = a[i].spelling;
			r[i] = a[i].value;
		}
		rc = write_arrows(out, "aliases", l, r, n);
	}
	free(l);
	free(r);
	return rc;
}

static int write_pairs(FILE *out, const struct value_pair *a, size_t n)
{
	const char **l = malloc((n ? n : 1) * sizeof *l), **r = malloc((n ? n : 1) * sizeof *r);
	int rc = -1;
	if (l && r) {
		for (size_t i = 0; i < n; i++) {
			l[i] = a[i].mentee;
			r[i] = a[i].mentor;
		}
		rc = write_arrows(out, "pairs", l, r, n);
	}
	free(l);
	free(r);
	return rc;
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
		char *copy = pi_dupstr(header);
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

/* "; text" wrapped at COMMENT_WIDTH. */
static void write_comment(FILE *out, const char *text)
{
	const char *s = text;
	while (*s) {
		size_t n = strlen(s), cut = n;
		if (n > COMMENT_WIDTH) {
			cut = COMMENT_WIDTH;
			while (cut > 0 && s[cut] != ' ')
				cut--;
			if (cut == 0)
				cut = COMMENT_WIDTH;
		}
		fprintf(out, "; %.*s\n", (int)cut, s);
		s += cut;
		while (*s == ' ')
			s++;
	}
}

/* A key with one line of text (profile_key_get_text), with its help as a
 * comment when help is set. */
static int write_simple(FILE *out, const struct profile *p, enum profile_key k, size_t obj,
			int help)
{
	char buf[4096];
	const struct profile_key_info *ki = &profile_keys[k];

	if (profile_key_get_text(p, k, obj, buf, sizeof buf) < 0)
		return -1;
	if (help) {
		char c[512];
		snprintf(c, sizeof c, "%s: %s", ki->name, ki->help);
		write_comment(out, c);
	}
	if (ki->value == KV_STRING)
		return write_string(out, ki->name, buf);
	if (!*buf) {
		fprintf(out, "%s =\n", ki->name);
		return 0;
	}
	return write_string(out, ki->name, buf);
}

/* The keys of a section with one object, in table order: those written
 * always, and those with a value (a field named, a string given). */
static int write_section_keys(FILE *out, const struct profile *p, enum profile_section sec,
			      size_t obj, int help)
{
	int rc = 0;
	for (size_t k = 0; k < PK_COUNT; k++) {
		const struct profile_key_info *ki = &profile_keys[k];
		char buf[8];
		if (ki->section != sec || ki->value == KV_LIST || ki->value == KV_CUSTOM)
			continue;
		if (!(ki->flags & KF_ALWAYS)) {
			/* optional: written when it has a value */
			if (profile_key_get_text(p, (enum profile_key)k, obj, buf, sizeof buf) < 0 ||
			    !*buf)
				continue;
		}
		rc |= write_simple(out, p, (enum profile_key)k, obj, help);
	}
	return rc;
}

static int write_field(FILE *out, const struct profile *p, size_t i)
{
	const struct field_def *f = &p->fields[i];
	int rc = 0;

	fprintf(out, "\n[field.%s]\n", f->name ? f->name : "");
	rc |= write_string(out, "label", f->label ? f->label : (f->name ? f->name : ""));
	fprintf(out, "type = %s\n", pi_type_name(f->type));
	if (f->type == FIELD_ORDINAL) {
		fputs("; lowest first\n", out);
		rc |= write_list(out, "scale", (const char *const *)f->scale, f->nscale);
	}
	if (f->type == FIELD_MULTI && f->separator)
		rc |= write_string(out, "separator", f->separator);
	if (f->type == FIELD_MULTI && f->noptions > 0) {
		fputs("; the known options, matched whole (they may contain the separator)\n", out);
		rc |= write_list(out, "options", (const char *const *)f->options, f->noptions);
	}
	if (profile_key_applies(p, PK_FIELD_ALIASES, i) && f->naliases > 0) {
		fputs("; other spellings: spelling => value\n", out);
		rc |= write_aliases(out, f->aliases, f->naliases);
	}
	if (profile_key_applies(p, PK_FIELD_WILDCARD, i) && f->nwildcards > 0) {
		fputs("; answers that fit anyone\n", out);
		rc |= write_list(out, "wildcard", (const char *const *)f->wildcards, f->nwildcards);
	}
	return rc;
}

static int write_columns(FILE *out, const struct profile *p, enum side s)
{
	int rc = 0;
	fprintf(out, "\n[columns.%s]\n", profile_side_name(s));
	rc |= write_simple(out, p, PK_COLUMNS_DELIMITER, (size_t)s, 0);
	for (size_t f = 0; f < p->nfields && p->columns[s]; f++) {
		const struct column_list *c = profile_numbered(p, s, f);
		long at = profile_column_at(p, s, f);
		if (c) {
			for (size_t k = 0; k < c->n; k++) {
				char key[160];
				snprintf(key, sizeof key, "%s.%zu", field_name_at(p, f), k + 1);
				rc |= write_column(out, key, c->header[k], c->at[k]);
			}
		} else if (p->columns[s][f] && (p->columns[s][f][0] || at > 0)) {
			rc |= write_column(out, field_name_at(p, f), p->columns[s][f], at);
		}
	}
	return rc;
}

static int write_cond(FILE *out, const struct profile *p, const char *key,
		      const struct rule_cond *c)
{
	char prefix[160];
	if (!c->given)
		return 0;
	snprintf(prefix, sizeof prefix, "%s.%s = ", c->side == SIDE_MENTOR ? "mentor" : "mentee",
		 field_name_at(p, c->field));
	return write_list_after(out, key, prefix, (const char *const *)c->values, c->nvalues);
}

static int write_rule(FILE *out, const struct profile *p, size_t i)
{
	const struct rule *r = &p->rules[i];
	int rc = 0;

	fprintf(out, "\n[rule.%s]\n", r->id ? r->id : "");
	rc |= write_string(out, "label", r->label ? r->label : (r->id ? r->id : ""));
	fprintf(out, "kind = %s\n", pi_kind_name(r->kind));
	if (r->kind == RULE_PREFERENCE) {
		if (r->mentor_field != RULE_NO_FIELD)
			rc |= write_string(out, "mentor_field", field_name_at(p, r->mentor_field));
		if (r->mentee_field != RULE_NO_FIELD)
			rc |= write_string(out, "mentee_field", field_name_at(p, r->mentee_field));
	} else if (r->mentor_field == r->mentee_field) {
		rc |= write_string(out, "field", field_name_at(p, r->mentor_field));
	} else {
		rc |= write_string(out, "mentor_field", field_name_at(p, r->mentor_field));
		rc |= write_string(out, "mentee_field", field_name_at(p, r->mentee_field));
	}
	if (profile_key_applies(p, PK_RULE_EFFECT, i))
		rc |= write_simple(out, p, PK_RULE_EFFECT, i, 0);
	if (r->kind == RULE_OVERLAP) {
		rc |= write_simple(out, p, PK_RULE_MEASURE, i, 0);
		rc |= write_simple(out, p, PK_RULE_AT_LEAST, i, 0);
	}
	if (profile_key_applies(p, PK_RULE_WEIGHT, i))
		fprintf(out, "weight = %ld\n", r->weight);
	if (profile_key_applies(p, PK_RULE_WEIGHTS, i)) {
		fputs("weights =", out);
		for (size_t k = 0; k < r->nweights; k++)
			fprintf(out, "%s %ld", k ? " |" : "", r->weights[k]);
		fputc('\n', out);
	}
	if (r->kind == RULE_GAP) {
		fputs("; d = mentor's value - mentee's value (on an ordinal scale: positions)\n", out);
		for (size_t b = 0; b < r->nbands; b++) {
			char t[72];
			profile_band_text(&r->bands[b], t, sizeof t);
			fprintf(out, "band.%s = %ld\n", t, r->bands[b].weight);
		}
		rc |= write_simple(out, p, PK_RULE_OTHERWISE, i, 0);
	}
	if (r->kind == RULE_TABLE)
		rc |= write_pairs(out, r->pairs, r->npairs);
	rc |= write_cond(out, p, "when", &r->when);
	rc |= write_cond(out, p, "unless", &r->unless);
	rc |= write_simple(out, p, PK_RULE_ENABLED, i, 0);
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
	rc |= write_section_keys(out, p, PSEC_PROFILE, 0, 0);

	fputs("\n[solve]\n", out);
	rc |= write_section_keys(out, p, PSEC_SOLVE, 0, 1);

	fputs("\n; ---- fields: the matching's own vocabulary -----------------------------------\n"
	      "; type: text, email, category, ordinal (with a scale), multi (several answers),\n"
	      "; number or id\n", out);
	for (size_t i = 0; i < p->nfields; i++)
		rc |= write_field(out, p, i);

	fputs("\n; ---- column mapping: field = header text of the spreadsheet column ----------\n"
	      "; FIELD.1 = header, FIELD.2 = header, ...: several columns feed one multi field;\n"
	      "; delimiter: auto, comma, semicolon or tab\n", out);
	for (int s = 0; s < SIDE_COUNT; s++)
		rc |= write_columns(out, p, (enum side)s);

	if (p->signups.role_column || p->signups.delimiter || p->signups.nanswers[0] ||
	    p->signups.nanswers[1]) {
		fputs("\n; ---- one combined sign-up sheet: who signs up as what ----------------------\n"
		      "; an answer in both lists puts the person on both sides\n"
		      "\n[signups]\n", out);
		if (p->signups.role_column)
			rc |= write_string(out, "role_column", p->signups.role_column);
		for (int s = 0; s < SIDE_COUNT; s++)
			if (p->signups.nanswers[s])
				rc |= write_list(out, s == SIDE_MENTOR ? "mentor_answers" : "mentee_answers",
						 (const char *const *)p->signups.answers[s],
						 p->signups.nanswers[s]);
		rc |= write_simple(out, p, PK_SIGNUPS_DELIMITER, 0, 0);
	}

	fputs("\n; ---- rules -----------------------------------------------------------------\n"
	      "; kind: same, different, contains, gap, overlap, table or preference;\n"
	      "; effect: score (add weight), forbid (not allowed when it holds) or require\n"
	      "; (not allowed unless it holds); when/unless: the rule applies only when (not\n"
	      "; when) mentee.FIELD or mentor.FIELD is one of the values; enabled: yes or no\n", out);
	for (size_t i = 0; i < p->nrules; i++)
		rc |= write_rule(out, p, i);

	if (!p->history.forbid || p->history.column[0] || p->history.column[1]) {
		fputs("\n; ---- pairs from an earlier cohort (--history files) ------------------------\n"
		      "\n[history]\n", out);
		rc |= write_simple(out, p, PK_HISTORY_EFFECT, 0, 1);
		if (!p->history.forbid)
			fprintf(out, "weight = %ld\n", p->history.weight);
		for (int s = 0; s < SIDE_COUNT; s++)
			if (p->history.column[s])
				rc |= write_string(out, s == SIDE_MENTOR ? "mentor_column" : "mentee_column",
						   p->history.column[s]);
	}

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
