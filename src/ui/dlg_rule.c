/* dlg_rule.c - the rule editor (Enter on a rule on step 3) and adding a
 * rule (A).
 *
 * The editor lists every key of the rule that applies to its kind and
 * effect, one per line, in words: its name, kind, the field it reads on
 * each side (pickers offer only the fields the kind can read), effect,
 * points, bands of a gap, pairs of a table, the when/unless condition (the
 * values are picked from those in the files), on/off.  Below: the rule as a
 * sentence, the first problem the profile check finds in it, and live
 * figures (rule_figures.h): how many pairs it forbids, scores or leaves
 * alone, and how many people the rules leave with no allowed partner.
 * Every change goes through the session (undo: z) and the figures are
 * counted again; when there was a result, the match runs again when the
 * editor closes.
 */
#include "tui.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mentormatch/mapping.h"
#include "mentormatch/profile_guess.h"
#include "mentormatch/rule_figures.h"
#include "mentormatch/rule_text.h"
#include "mentormatch/session.h"
#include "mentormatch/text.h"

/* Pairs counted for the live figures; beyond, they are not shown. */
#define FIGURE_PAIRS_MAX 4000000

enum rrow {
	RR_LABEL, RR_KIND, RR_MENTOR_FIELD, RR_MENTEE_FIELD, RR_EFFECT, RR_MEASURE, RR_AT_LEAST,
	RR_WEIGHT, RR_WEIGHTS, RR_BAND, RR_ADD_BAND, RR_OTHERWISE, RR_PAIR, RR_ADD_PAIR,
	RR_WHEN, RR_UNLESS, RR_ENABLED
};

struct rrow_ref {
	enum rrow kind;
	size_t idx;
};

struct rule_dlg {
	struct ui_dialog base;
	size_t rule;
	struct rrow_ref rows[96];
	size_t n, sel, top;
	int page;
	int had;                 /* a result existed when the editor opened */
	int changed;
	unsigned long fig_gen;   /* app->gen the figures were counted at (+1) */
	int fig_state;           /* 1 counted, -1 too many pairs, -2 no data */
	struct rule_figures fig;
};

/* The editor open now, for the callbacks of its pickers and inputs. */
static struct rule_dlg *open_dlg;

static void rows_build(struct rule_dlg *rd, const struct profile *p)
{
	const struct rule *ru = &p->rules[rd->rule];
	size_t n = 0, cap = sizeof rd->rows / sizeof *rd->rows;
#define ROW(k, i) do { if (n < cap) rd->rows[n++] = (struct rrow_ref){ (k), (i) }; } while (0)
	ROW(RR_LABEL, 0);
	ROW(RR_KIND, 0);
	ROW(RR_MENTOR_FIELD, 0);
	ROW(RR_MENTEE_FIELD, 0);
	if (ru->kind != RULE_GAP)
		ROW(RR_EFFECT, 0);
	if (ru->kind == RULE_OVERLAP) {
		ROW(RR_MEASURE, 0);
		ROW(RR_AT_LEAST, 0);
	}
	if (ru->kind != RULE_GAP && ru->kind != RULE_PREFERENCE && ru->effect == EFFECT_SCORE)
		ROW(RR_WEIGHT, 0);
	if (ru->kind == RULE_PREFERENCE && ru->effect == EFFECT_SCORE)
		ROW(RR_WEIGHTS, 0);
	if (ru->kind == RULE_GAP) {
		for (size_t b = 0; b < ru->nbands; b++)
			ROW(RR_BAND, b);
		ROW(RR_ADD_BAND, 0);
		ROW(RR_OTHERWISE, 0);
	}
	if (ru->kind == RULE_TABLE) {
		for (size_t i = 0; i < ru->npairs; i++)
			ROW(RR_PAIR, i);
		ROW(RR_ADD_PAIR, 0);
	}
	ROW(RR_WHEN, 0);
	ROW(RR_UNLESS, 0);
	ROW(RR_ENABLED, 0);
#undef ROW
	rd->n = n;
}

static const char *fname(const struct profile *p, size_t f)
{
	return f == RULE_NO_FIELD ? "(none)" : f < p->nfields ? p->fields[f].label : "?";
}

static void cond_text(const struct profile *p, const struct rule_cond *c, char *buf, size_t len)
{
	size_t o = 0;
	if (!c->given) {
		snprintf(buf, len, "(none)");
		return;
	}
	o = (size_t)snprintf(buf, len, "the %s's %s is ", c->side == SIDE_MENTOR ? "mentor" : "mentee",
			     fname(p, c->field));
	for (size_t i = 0; i < c->nvalues && o < len; i++)
		o += (size_t)snprintf(buf + o, len - o, "%s%s", i == 0 ? "" :
				      i + 1 == c->nvalues ? " or " : ", ", c->values[i]);
}

/* The line of a row: what (left) and its value (right). */
static void row_text(const struct profile *p, size_t r, const struct rrow_ref *rw, char *what,
		     size_t wl, char *val, size_t vl)
{
	const struct rule *ru = &p->rules[r];
	char t[80];
	val[0] = '\0';
	switch (rw->kind) {
	case RR_LABEL:
		snprintf(what, wl, "Name");
		snprintf(val, vl, "%s  (%s in the profile)", ru->label, ru->id);
		break;
	case RR_KIND:
		snprintf(what, wl, "Kind");
		snprintf(val, vl, "%s: %s", rule_kind_name((enum rule_kind)(ru->kind)), rule_kind_words(ru->kind));
		break;
	case RR_MENTOR_FIELD:
		snprintf(what, wl, ru->kind == RULE_PREFERENCE ? "Mentors name mentees in" :
			 "Mentors' answer");
		snprintf(val, vl, "%s", fname(p, ru->mentor_field));
		break;
	case RR_MENTEE_FIELD:
		snprintf(what, wl, ru->kind == RULE_PREFERENCE ? "Mentees name mentors in" :
			 "Mentees' answer");
		snprintf(val, vl, "%s", fname(p, ru->mentee_field));
		break;
	case RR_EFFECT:
		snprintf(what, wl, "Effect");
		snprintf(val, vl, "%s", ru->effect == EFFECT_SCORE ? "score: points when it holds" :
			 ru->effect == EFFECT_FORBID ? "forbid: not allowed when it holds" :
			 "require: not allowed unless it holds");
		break;
	case RR_MEASURE:
		snprintf(what, wl, "Counted");
		snprintf(val, vl, "%s", ru->measure == MEASURE_ANY ? "any: once when they share" :
			 ru->measure == MEASURE_COUNT ? "count: per shared value" :
			 "share: by the share of values in common");
		break;
	case RR_AT_LEAST:
		snprintf(what, wl, "Values in common needed");
		snprintf(val, vl, "%ld", ru->at_least);
		break;
	case RR_WEIGHT:
		snprintf(what, wl, "Points");
		snprintf(val, vl, "%+ld", ru->weight);
		break;
	case RR_WEIGHTS: {
		size_t o = 0;
		snprintf(what, wl, "Points by choice");
		for (size_t k = 0; k < ru->nweights && o < vl; k++)
			o += (size_t)snprintf(val + o, vl - o, "%s%ld", k ? " | " : "", ru->weights[k]);
		if (!ru->nweights)
			snprintf(val, vl, "(none yet)");
		break;
	}
	case RR_BAND:
		profile_band_text(&ru->bands[rw->idx], t, sizeof t);
		snprintf(what, wl, "  gap %s", t);
		snprintf(val, vl, "%+ld", ru->bands[rw->idx].weight);
		break;
	case RR_ADD_BAND:
		snprintf(what, wl, "  + add a band");
		break;
	case RR_OTHERWISE:
		snprintf(what, wl, "  any other gap");
		if (ru->otherwise_forbid)
			snprintf(val, vl, "not allowed");
		else
			snprintf(val, vl, "%+ld", ru->otherwise_weight);
		break;
	case RR_PAIR:
		snprintf(what, wl, "  mentee %s", ru->pairs[rw->idx].mentee);
		snprintf(val, vl, "fits mentor %s", ru->pairs[rw->idx].mentor);
		break;
	case RR_ADD_PAIR:
		snprintf(what, wl, "  + add a pair");
		break;
	case RR_WHEN:
		snprintf(what, wl, "Only when");
		cond_text(p, &ru->when, val, vl);
		break;
	case RR_UNLESS:
		snprintf(what, wl, "Not when");
		cond_text(p, &ru->unless, val, vl);
		break;
	case RR_ENABLED:
		snprintf(what, wl, "On");
		snprintf(val, vl, "%s", ru->enabled ? "yes" : "no: the rule is ignored");
		break;
	}
}

/* What a row's keys do, for the help line. */
static const char *row_help(const struct rrow_ref *rw)
{
	switch (rw->kind) {
	case RR_LABEL: return "Enter: the name shown in explanations (R: its name in the profile)";
	case RR_KIND: return "Enter: another kind of rule";
	case RR_MENTOR_FIELD:
	case RR_MENTEE_FIELD: return "Enter: another field (only those this kind can read)";
	case RR_EFFECT: return "Enter: score, forbid or require";
	case RR_MEASURE: return "Enter: once, per shared value, or by share";
	case RR_AT_LEAST:
	case RR_WEIGHT: return "Enter types a number; + and - change it by 1";
	case RR_WEIGHTS: return "Enter: points for the 1st, 2nd, ... choice, as 10 | 6 | 3";
	case RR_BAND: return "Enter: points for this gap; + and -; D deletes the band";
	case RR_ADD_BAND: return "Enter: a gap (2), a range (1..3, 1.., ..-1) and its points";
	case RR_OTHERWISE: return "Enter: points, or forbid (not allowed)";
	case RR_PAIR: return "D deletes this pair";
	case RR_ADD_PAIR: return "Enter: a mentee's answer, then the mentor's answer that fits it";
	case RR_WHEN:
	case RR_UNLESS: return "Enter: a field and its answers; D removes the condition";
	case RR_ENABLED: return "Space (or Enter) switches the rule on or off";
	}
	return "";
}

/* ---- live figures -------------------------------------------------------- */

static void count_figures(struct ui_app *app, struct rule_dlg *rd)
{
	if (rd->fig_gen == app->gen + 1)
		return;
	rd->fig_gen = app->gen + 1;
	if (!ui_ensure_dataset(app) || !app->s->ds_valid) {
		rd->fig_state = -2;
		return;
	}
	rd->fig_state = rule_figures(&app->s->ds, rd->rule, FIGURE_PAIRS_MAX, &rd->fig) == 0 ? 1 :
		rd->fig.pairs > FIGURE_PAIRS_MAX ? -1 : -2;
}

/* The first problem profile_check finds in rule r, into buf ("" none). */
static void rule_problem(const struct profile *p, size_t r, char *buf, size_t len)
{
	struct diag d = {0};
	char a[80], b[80];
	buf[0] = '\0';
	profile_check(p, &d);
	snprintf(a, sizeof a, "rule %s", p->rules[r].id);
	snprintf(b, sizeof b, "[rule.%s]", p->rules[r].id);
	for (size_t i = 0; i < d.n && !buf[0]; i++) {
		const char *m = d.items[i].msg;
		const char *hit = strstr(m, a);
		if (hit && (hit[strlen(a)] == ':' || hit[strlen(a)] == ' ' || !hit[strlen(a)]))
			snprintf(buf, len, "%s", m);
		else if (strstr(m, b))
			snprintf(buf, len, "%s", m);
	}
	diag_free(&d);
}

static void rule_draw(struct ui_app *app, struct ui_dialog *dlg)
{
	struct rule_dlg *rd = (struct rule_dlg *)dlg;
	const struct profile *p = &app->s->prof;
	if (!app->s->have_profile || rd->rule >= p->nrules)
		return;
	rows_build(rd, p);
	char title[200];
	snprintf(title, sizeof title, "Rule %s", p->rules[rd->rule].label);
	struct ui_rect in = ui_box((struct ui_rect){ 1, 0, LINES - 3, COLS }, title);
	int foot = in.h >= 16 ? 7 : 5;
	int list_h = in.h - foot;
	if (list_h < 2)
		return;
	rd->page = list_h;
	ui_scroll_fix(rd->n, list_h, &rd->sel, &rd->top);
	int ww = in.w * 36 / 100;
	for (int r = 0; r < list_h && rd->top + (size_t)r < rd->n; r++) {
		size_t i = rd->top + (size_t)r;
		int cur = i == rd->sel;
		char what[200], val[600];
		row_text(p, rd->rule, &rd->rows[i], what, sizeof what, val, sizeof val);
		attr_t a = ui_attr(cur ? UI_ROLE_SELECTED : UI_ROLE_NORMAL);
		ui_fill(in.y + r, in.x, in.w, a);
		ui_text(in.y + r, in.x + 1, ww - 1, cur ? a : ui_attr(UI_ROLE_DIM), what, 0);
		ui_text(in.y + r, in.x + ww + 1, in.w - ww - 1, a, val, 0);
	}
	int y = in.y + list_h;
	attrset(ui_attr(UI_ROLE_DIM));
	mvhline_set(y, in.x, WACS_HLINE, in.w);
	attrset(A_NORMAL);
	char buf[1200];
	rule_sentence(p, rd->rule, buf, sizeof buf);
	int lines = ui_text_wrapped(y + 1, in.x, in.w, foot >= 6 ? 2 : 1, 2,
				    ui_attr(UI_ROLE_NORMAL), buf);
	y += 1 + lines;
	rule_problem(p, rd->rule, buf, sizeof buf);
	if (p->rules[rd->rule].kind == RULE_TABLE && p->rules[rd->rule].npairs == 0)
		snprintf(buf, sizeof buf, "No pairs yet: \"+ add a pair\" says which mentee's "
			 "answer fits which mentor's.");
	if (buf[0]) {
		ui_text(y++, in.x, in.w, ui_attr(UI_ROLE_ERROR), buf, 0);
	} else {
		count_figures(app, rd);
		const struct rule_figures *f = &rd->fig;
		if (rd->fig_state == 1) {
			char pts[64] = "", figs[600];
			if (f->scores)
				snprintf(pts, sizeof pts, f->min_points == f->max_points ? " (%+ld)" :
					 " (%+ld to %+ld)", f->min_points, f->max_points);
			snprintf(figs, sizeof figs, "Of %zu pairs it forbids %zu (%zu alone), scores "
				 "%zu%s, is off by its condition for %zu. All rules: %zu allowed; "
				 "nobody allowed for %zu mentor%s, %zu mentee%s.", f->pairs, f->forbids,
				 f->only_by, f->scores, pts, f->not_applied, f->allowed, f->alone[0],
				 f->alone[0] == 1 ? "" : "s", f->alone[1], f->alone[1] == 1 ? "" : "s");
			int room = in.y + in.h - 1 - y;
			if (room > 0)
				y += ui_text_wrapped(y, in.x, in.w, room, 0, ui_attr(f->alone[0] ||
						     f->alone[1] ? UI_ROLE_WARNING : UI_ROLE_NORMAL), figs);
		} else if (rd->fig_state == -1) {
			ui_textf(y++, in.x, in.w, ui_attr(UI_ROLE_DIM), 0, "%zu pairs: too many to "
				 "count at every change; m runs the match", f->pairs);
		} else {
			ui_text(y++, in.x, in.w, ui_attr(UI_ROLE_DIM), "Figures appear when both "
				"files are loaded and the profile has no problems (e shows them).", 0);
		}
	}
	if (rd->n)
		ui_text(in.y + in.h - 1, in.x, in.w, ui_attr(UI_ROLE_DIM),
			row_help(&rd->rows[rd->sel]), 0);
}

/* ---- changes --------------------------------------------------------------- */

static void changed(struct ui_app *app, struct rule_dlg *rd, const char *what)
{
	rd->changed = 1;
	app->gen++;
	ui_status(app, UI_ROLE_NOTE, "%s (z undoes it)", what);
}

static void set_key(struct ui_app *app, enum profile_key k, const char *text)
{
	struct rule_dlg *rd = open_dlg;
	char err[600], what[700];
	if (!rd)
		return;
	if (session_set_key(app->s, k, rd->rule, text, err, sizeof err) != 0) {
		ui_status(app, UI_ROLE_ERROR, "%s", err);
		return;
	}
	snprintf(what, sizeof what, "%s: %s = %s", app->s->prof.rules[rd->rule].label,
		 profile_keys[k].name, text);
	changed(app, rd, what);
}

/* Commits an edited copy made from the rule dialog. */
static void commit(struct ui_app *app, struct profile *p, const char *what)
{
	struct rule_dlg *rd = open_dlg;
	if (session_commit_profile(app->s, p, PCHANGE_SCORE) != 0) {
		ui_status(app, UI_ROLE_ERROR, "out of memory: not changed");
		return;
	}
	if (rd)
		changed(app, rd, what);
}

/* The values a field takes on a side, for the pickers: the scale, the
 * options, the tick-box headers, or the distinct answers in the file (split
 * at the separator for a multi field), at most 300; *out malloc'ed. */
static size_t field_values(struct ui_app *app, int side, size_t f, char ***out)
{
	const struct session *s = app->s;
	const struct profile *p = &s->prof;
	const struct field_def *fd = &p->fields[f];
	char **v = NULL, **keys = NULL;
	size_t n = 0, cap = 300;

	*out = NULL;
	if (!(v = calloc(cap, sizeof *v)) || !(keys = calloc(cap, sizeof *keys)))
		goto done;
#define ADD(str, slen) do { \
		char *k_ = NULL, *t_ = strndup((str), (slen)); \
		if (t_ && (k_ = text_key_dup(t_)) && *k_) { \
			int seen_ = 0; \
			for (size_t i_ = 0; i_ < n && !seen_; i_++) \
				seen_ = !strcmp(keys[i_], k_); \
			if (!seen_ && n < cap) { v[n] = t_; keys[n++] = k_; t_ = k_ = NULL; } \
		} \
		free(t_); free(k_); \
	} while (0)
	if (fd->type == FIELD_ORDINAL)
		for (size_t i = 0; i < fd->nscale; i++)
			ADD(fd->scale[i], strlen(fd->scale[i]));
	for (size_t i = 0; i < fd->noptions; i++)
		ADD(fd->options[i], strlen(fd->options[i]));
	const struct column_list *cl = profile_numbered(p, (enum side)side, f);
	for (size_t i = 0; cl && i < cl->n; i++)
		ADD(cl->header[i], strlen(cl->header[i]));
	if (s->have_table[side] && !cl && fd->type != FIELD_ORDINAL && !fd->noptions) {
		const struct table *t = &s->tab[side];
		int c = mapping_field_column(p, (enum side)side, f, t);
		const char *sep = fd->type == FIELD_MULTI && fd->separator ? fd->separator : NULL;
		for (size_t r = 0; c >= 0 && r < t->nrows && n < cap; r++) {
			const char *x = table_cell(t, r, (size_t)c), *q;
			for (;;) {
				q = sep ? strstr(x, sep) : NULL;
				size_t len = q ? (size_t)(q - x) : strlen(x);
				const char *b = x, *e = x + len;
				text_trim_span(&b, &e);
				if (e > b)
					ADD(b, (size_t)(e - b));
				if (!q)
					break;
				x = q + strlen(sep);
			}
		}
	}
	for (size_t i = 0; i < fd->nwildcards; i++)
		ADD(fd->wildcards[i], strlen(fd->wildcards[i]));
#undef ADD
done:
	if (keys)
		for (size_t i = 0; i < n; i++)
			free(keys[i]);
	free(keys);
	if (n == 0) {
		free(v);
		return 0;
	}
	*out = v;
	return n;
}

static void free_strv(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

/* ---- a list to mark several values ------------------------------------------ */

typedef void many_fn(struct ui_app *app, char **chosen, size_t n);

struct many_dlg {
	struct ui_dialog base;
	char *title;
	char **items;
	unsigned char *mark;
	size_t n, sel, top;
	int page;
	many_fn *fn;
};

static void many_draw(struct ui_app *app, struct ui_dialog *dlg)
{
	struct many_dlg *md = (struct many_dlg *)dlg;
	(void)app;
	int h = (int)md->n + 4, w = COLS - 4 > 72 ? 72 : COLS - 4;
	if (h > LINES - 2)
		h = LINES - 2;
	struct ui_rect in = ui_box(ui_centre(h, w), md->title);
	in.h -= 1;
	if (in.h < 1)
		return;
	md->page = in.h;
	ui_scroll_fix(md->n, in.h, &md->sel, &md->top);
	for (int r = 0; r < in.h && md->top + (size_t)r < md->n; r++) {
		size_t i = md->top + (size_t)r;
		attr_t a = ui_attr(i == md->sel ? UI_ROLE_SELECTED : UI_ROLE_NORMAL);
		ui_fill(in.y + r, in.x, in.w, a);
		ui_textf(in.y + r, in.x + 1, in.w - 1, a, 0, "%s %s", md->mark[i] ? "[x]" : "[ ]",
			 md->items[i]);
	}
	ui_text(in.y + in.h, in.x, in.w, ui_attr(UI_ROLE_DIM),
		"Space marks  Enter done  Esc cancel", 0);
}

static int many_key(struct ui_app *app, struct ui_dialog *dlg, int key)
{
	struct many_dlg *md = (struct many_dlg *)dlg;
	enum ui_action act = ui_action_for_key(key);
	if (ui_list_move(act, md->n, md->page, &md->sel))
		return UI_HANDLED;
	if (act == UI_ACT_CANCEL || act == UI_ACT_QUIT)
		return UI_HANDLED | UI_CLOSE;
	if (act == UI_ACT_TOGGLE && md->n) {
		md->mark[md->sel] = !md->mark[md->sel];
		if (md->sel + 1 < md->n)
			md->sel++;
		return UI_HANDLED;
	}
	if (act == UI_ACT_SELECT) {
		char **chosen = calloc(md->n ? md->n : 1, sizeof *chosen);
		size_t k = 0, marked = 0;
		for (size_t i = 0; i < md->n; i++)
			marked += md->mark[i];
		/* nothing marked: Enter takes the highlighted value */
		for (size_t i = 0; chosen && i < md->n; i++)
			if (md->mark[i] || (!marked && i == md->sel))
				chosen[k++] = md->items[i];
		if (chosen)
			md->fn(app, chosen, k);
		free(chosen);
		return UI_HANDLED | UI_CLOSE;
	}
	return UI_HANDLED;
}

static void many_destroy(struct ui_dialog *dlg)
{
	struct many_dlg *md = (struct many_dlg *)dlg;
	free_strv(md->items, md->n);
	free(md->mark);
	free(md->title);
	free(md);
}

static const struct ui_dialog_ops many_ops = {
	.draw = many_draw, .key = many_key, .destroy = many_destroy,
};

/* Takes over items (n strings). */
static void pick_many(struct ui_app *app, const char *title, char **items, size_t n,
		      many_fn *fn)
{
	struct many_dlg *md = calloc(1, sizeof *md);
	if (!md) {
		free_strv(items, n);
		return;
	}
	md->base.ops = &many_ops;
	md->items = items;
	md->n = n;
	md->mark = calloc(n ? n : 1, 1);
	md->title = strdup(title);
	md->fn = fn;
	md->page = 10;
	if (!md->mark || !md->title) {
		many_destroy(&md->base);
		return;
	}
	ui_dialog_push(app, &md->base);
}

/* ---- the edits of each row ---------------------------------------------------- */

static struct {
	int unless;            /* the condition being edited */
	int side;
	size_t field;
	size_t fields[200];    /* the fields a picker offered */
	size_t nfields;
	size_t cond[400];      /* condition picker line - 1 -> field * 2 + side */
	size_t ncond;
	char band[80];         /* a band being added */
	char **pair_mentee;    /* pairs being added: the mentees' answers */
	size_t npair_mentee;
} ed;

static void cond_values_chosen(struct ui_app *app, char **chosen, size_t n)
{
	struct rule_dlg *rd = open_dlg;
	struct profile_value_buf b = {0};
	char err[600], head[120];
	if (!rd || n == 0)
		return;
	snprintf(head, sizeof head, "%s.%s = ", ed.side == SIDE_MENTOR ? "mentor" : "mentee",
		 app->s->prof.fields[ed.field].name);
	profile_value_buf_text(&b, head, 0);
	for (size_t i = 0; i < n; i++) {
		if (i)
			profile_value_buf_sep(&b);
		profile_value_buf_text(&b, chosen[i], 1);
	}
	enum profile_key k = ed.unless ? PK_RULE_UNLESS : PK_RULE_WHEN;
	struct profile_value v = profile_value_buf_value(&b, NULL, k);
	if (b.oom || session_set_key_value(app->s, k, rd->rule, &v, err, sizeof err) != 0)
		ui_status(app, UI_ROLE_ERROR, "%s", b.oom ? "out of memory" : err);
	else
		changed(app, rd, ed.unless ? "condition \"not when\" set" : "condition \"only when\" set");
	profile_value_buf_free(&b);
}

static void cond_field_chosen(struct ui_app *app, void *ctx, size_t index)
{
	(void)ctx;
	struct rule_dlg *rd = open_dlg;
	if (!rd)
		return;
	if (index == 0) {
		struct profile p;
		if (ui_edit_begin(app, &p) != 0)
			return;
		profile_clear_condition(&p, rd->rule, ed.unless);
		commit(app, &p, "condition removed");
		return;
	}
	index--;
	if (index >= ed.ncond)
		return;
	index = ed.cond[index];
	if (index >= ed.nfields * 2)
		return;
	ed.side = index % 2 ? SIDE_MENTEE : SIDE_MENTOR;
	ed.field = ed.fields[index / 2];
	char **vals;
	size_t n = field_values(app, ed.side, ed.field, &vals);
	if (n == 0) {
		ui_status(app, UI_ROLE_NOTE, "no answers of %s in the %s file to choose from; map it "
			  "on step 2 first", app->s->prof.fields[ed.field].label,
			  ed.side == SIDE_MENTOR ? "mentors" : "mentees");
		return;
	}
	char title[200];
	snprintf(title, sizeof title, "The %s's %s is one of", ed.side == SIDE_MENTOR ? "mentor" :
		 "mentee", app->s->prof.fields[ed.field].label);
	pick_many(app, title, vals, n, cond_values_chosen);
}

static void edit_condition(struct ui_app *app, int unless)
{
	const struct profile *p = &app->s->prof;
	const char **items = calloc(p->nfields * 2 + 1, sizeof *items);
	char **owned = calloc(p->nfields * 2 + 1, sizeof *owned);
	size_t n = 0;
	if (!items || !owned)
		goto done;
	ed.unless = unless;
	ed.nfields = 0;
	items[n++] = "(no condition)";
	for (size_t f = 0; f < p->nfields && ed.nfields < 200; f++) {
		enum field_type t = p->fields[f].type;
		if (t != FIELD_CATEGORY && t != FIELD_ORDINAL && t != FIELD_MULTI)
			continue;
		ed.fields[ed.nfields++] = f;
		for (int side = 0; side < SIDE_COUNT; side++) {
			char buf[200];
			if (!profile_field_mapped(p, (enum side)side, f)) {
				/* a side without the field: never offered, but its place
				 * is kept (index / 2 is the field) */
				items[n++] = NULL;
				continue;
			}
			snprintf(buf, sizeof buf, "the %s's %s", side == SIDE_MENTOR ? "mentor" : "mentee",
				 p->fields[f].label);
			owned[n] = strdup(buf);
			items[n] = owned[n] ? owned[n] : "?";
			n++;
		}
	}
	/* drop the sides that have no column for the field */
	size_t k = 1;
	ed.ncond = 0;
	for (size_t i = 1; i < n; i++)
		if (items[i]) {
			items[k++] = items[i];
			ed.cond[ed.ncond++] = i - 1;
		}
	ui_pick(app, unless ? "Not when: which answer?" : "Only when: which answer?", items, NULL,
		k, 0, cond_field_chosen, NULL);
done:
	for (size_t i = 0; owned && i < n; i++)
		free(owned[i]);
	free(owned);
	free(items);
}

static void pair_mentor_chosen(struct ui_app *app, char **chosen, size_t n)
{
	struct rule_dlg *rd = open_dlg;
	struct profile_value_buf b = {0};
	char err[600];
	if (!rd || n == 0)
		return;
	const struct rule *ru = &app->s->prof.rules[rd->rule];
	for (size_t i = 0; i < ru->npairs; i++) {
		if (i)
			profile_value_buf_sep(&b);
		profile_value_buf_text(&b, ru->pairs[i].mentee, 1);
		profile_value_buf_text(&b, " => ", 0);
		profile_value_buf_text(&b, ru->pairs[i].mentor, 1);
	}
	/* every mentee answer marked with every mentor answer marked */
	size_t added = 0;
	for (size_t m = 0; m < ed.npair_mentee; m++)
		for (size_t i = 0; i < n; i++) {
			if (ru->npairs || added++)
				profile_value_buf_sep(&b);
			profile_value_buf_text(&b, ed.pair_mentee[m], 1);
			profile_value_buf_text(&b, " => ", 0);
			profile_value_buf_text(&b, chosen[i], 1);
		}
	struct profile_value v = profile_value_buf_value(&b, NULL, PK_RULE_PAIRS);
	if (b.oom || session_set_key_value(app->s, PK_RULE_PAIRS, rd->rule, &v, err,
					   sizeof err) != 0)
		ui_status(app, UI_ROLE_ERROR, "%s", b.oom ? "out of memory" : err);
	else
		changed(app, rd, added == 1 ? "pair added" : "pairs added");
	profile_value_buf_free(&b);
}

static void pair_mentee_chosen(struct ui_app *app, char **chosen, size_t n)
{
	struct rule_dlg *rd = open_dlg;
	if (!rd || n == 0)
		return;
	const struct rule *ru = &app->s->prof.rules[rd->rule];
	for (size_t i = 0; i < ed.npair_mentee; i++)
		free(ed.pair_mentee[i]);
	free(ed.pair_mentee);
	ed.npair_mentee = 0;
	if (!(ed.pair_mentee = calloc(n, sizeof *ed.pair_mentee)))
		return;
	for (size_t i = 0; i < n; i++)
		if ((ed.pair_mentee[ed.npair_mentee] = strdup(chosen[i])))
			ed.npair_mentee++;
	char **vals;
	size_t nv = field_values(app, SIDE_MENTOR, ru->mentor_field, &vals);
	if (nv == 0) {
		ui_status(app, UI_ROLE_NOTE, "no mentors' answers to choose from; map the field on "
			  "step 2 first");
		return;
	}
	char title[600];
	if (ed.npair_mentee == 1)
		snprintf(title, sizeof title, "Mentors' answers that fit \"%s\"", ed.pair_mentee[0]);
	else
		snprintf(title, sizeof title, "Mentors' answers that fit the %zu marked",
			 ed.npair_mentee);
	pick_many(app, title, vals, nv, pair_mentor_chosen);
}

static void add_pair(struct ui_app *app, struct rule_dlg *rd)
{
	const struct rule *ru = &app->s->prof.rules[rd->rule];
	char **vals;
	if (ru->mentee_field == RULE_NO_FIELD || ru->mentor_field == RULE_NO_FIELD)
		return;
	size_t n = field_values(app, SIDE_MENTEE, ru->mentee_field, &vals);
	if (n == 0) {
		ui_status(app, UI_ROLE_NOTE, "no mentees' answers to choose from; map the field on "
			  "step 2 first");
		return;
	}
	pick_many(app, "Mentees' answers (Space marks several, Enter)", vals, n,
		  pair_mentee_chosen);
}

static void band_points_entered(struct ui_app *app, void *ctx, const char *text)
{
	(void)ctx;
	struct rule_dlg *rd = open_dlg;
	struct profile p;
	char err[600], key[100];
	if (!rd || !text || ui_edit_begin(app, &p) != 0)
		return;
	snprintf(key, sizeof key, "band.%s", ed.band);
	struct profile_value_buf b = {0};
	profile_value_buf_text(&b, text, 0);
	struct profile_value v = profile_value_buf_value(&b, key, PK_RULE_BAND);
	int rc = b.oom ? -1 : profile_key_set(&p, PK_RULE_BAND, rd->rule, &v, err, sizeof err);
	profile_value_buf_free(&b);
	if (rc != 0) {
		ui_edit_cancel(&p);
		ui_status(app, UI_ROLE_ERROR, "%s", err);
		return;
	}
	/* bands that overlap are refused now, not at the match */
	struct diag d = {0};
	char problem[600] = "";
	profile_check(&p, &d);
	for (size_t i = 0; i < d.n && !problem[0]; i++)
		if (d.items[i].level == DIAG_ERROR && strstr(d.items[i].msg, "band"))
			snprintf(problem, sizeof problem, "%s", d.items[i].msg);
	diag_free(&d);
	if (problem[0]) {
		ui_edit_cancel(&p);
		ui_status(app, UI_ROLE_ERROR, "%s", problem);
		return;
	}
	commit(app, &p, "band added");
}

static void band_entered(struct ui_app *app, void *ctx, const char *text)
{
	(void)ctx;
	if (!text)
		return;
	while (*text == ' ')
		text++;
	snprintf(ed.band, sizeof ed.band, "%s", text);
	size_t n = strlen(ed.band);
	while (n && ed.band[n - 1] == ' ')
		ed.band[--n] = '\0';
	char prompt[200];
	snprintf(prompt, sizeof prompt, "Points when the gap is %s:", ed.band);
	struct ui_input_spec in = { .title = "Add a band", .prompt = prompt, .initial = "1",
				    .select_initial = 1, .done = band_points_entered };
	ui_input(app, &in);
}

static void text_entered(struct ui_app *app, void *ctx, const char *text)
{
	struct rule_dlg *rd = open_dlg;
	if (!rd || !text)
		return;
	enum rrow kind = (enum rrow)(size_t)ctx;
	switch (kind) {
	case RR_LABEL: set_key(app, PK_RULE_LABEL, text); break;
	case RR_AT_LEAST: set_key(app, PK_RULE_AT_LEAST, text); break;
	case RR_WEIGHT: set_key(app, PK_RULE_WEIGHT, text); break;
	case RR_WEIGHTS: set_key(app, PK_RULE_WEIGHTS, text); break;
	case RR_OTHERWISE: set_key(app, PK_RULE_OTHERWISE, text); break;
	case RR_BAND: {
		long v;
		char err[400];
		if (ui_parse_long(text, -UI_NUM_LIMIT, UI_NUM_LIMIT, &v) != 0) {
			ui_status(app, UI_ROLE_ERROR, "points must be a whole number from %ld to %ld",
				  -UI_NUM_LIMIT, UI_NUM_LIMIT);
			return;
		}
		if (session_set_band_weight(app->s, rd->rule, rd->rows[rd->sel].idx, v, err,
					    sizeof err) != 0)
			ui_status(app, UI_ROLE_ERROR, "%s", err);
		else
			changed(app, rd, "band points set");
		break;
	}
	default:
		break;
	}
}

static void word_chosen(struct ui_app *app, void *ctx, size_t index)
{
	enum profile_key k = (enum profile_key)(size_t)ctx;
	const char *const *w = profile_keys[k].words;
	for (size_t i = 0; w && w[i]; i++)
		if (i == index) {
			set_key(app, k, w[i]);
			return;
		}
}

/* Working keys for a rule of a new kind (a gap needs a band, a preference
 * its points by choice) on p. */
static void kind_defaults(struct profile *p, size_t r)
{
	char err[200];
	struct rule *ru = &p->rules[r];
	if (ru->kind == RULE_GAP && ru->nbands == 0) {
		struct profile_value v = { "band.0", "1", NULL, 1 };
		profile_key_set(p, PK_RULE_BAND, r, &v, err, sizeof err);
		profile_key_set_text(p, PK_RULE_OTHERWISE, r, "0", err, sizeof err);
	}
	if (ru->kind == RULE_PREFERENCE && ru->nweights == 0)
		profile_key_set_text(p, PK_RULE_WEIGHTS, r, "3 | 2 | 1", err, sizeof err);
	if (ru->kind != RULE_GAP && ru->kind != RULE_PREFERENCE && ru->weight == 0 &&
	    ru->effect == EFFECT_SCORE)
		profile_key_set_text(p, PK_RULE_WEIGHT, r, "1", err, sizeof err);
}

static void kind_chosen(struct ui_app *app, void *ctx, size_t index)
{
	(void)ctx;
	struct rule_dlg *rd = open_dlg;
	struct profile p;
	char err[400], what[200];
	if (!rd || index >= RULE_KIND_COUNT || ui_edit_begin(app, &p) != 0)
		return;
	if (profile_key_set_text(&p, PK_RULE_KIND, rd->rule, rule_kind_name((enum rule_kind)(index)), err,
				 sizeof err) != 0) {
		ui_edit_cancel(&p);
		ui_status(app, UI_ROLE_ERROR, "%s", err);
		return;
	}
	kind_defaults(&p, rd->rule);
	snprintf(what, sizeof what, "kind: %s", rule_kind_name((enum rule_kind)(index)));
	commit(app, &p, what);
}

/* The fields a rule of kind k can read, into ed.fields; items and notes
 * point into the profile (valid until it changes). */
static size_t fitting_fields(const struct profile *p, enum rule_kind k, const char **items,
			     const char **notes, int none)
{
	unsigned ok = rule_kind_types(k);
	size_t n = 0;
	ed.nfields = 0;
	if (none) {
		items[n] = "(none)";
		notes[n++] = "this side names nobody";
	}
	for (size_t f = 0; f < p->nfields && ed.nfields < 200; f++) {
		if (!((ok >> p->fields[f].type) & 1u))
			continue;
		ed.fields[ed.nfields++] = f;
		items[n] = p->fields[f].label;
		notes[n++] = field_type_name(p->fields[f].type);
	}
	return n;
}

static void field_chosen(struct ui_app *app, void *ctx, size_t index)
{
	struct rule_dlg *rd = open_dlg;
	int side = (int)(size_t)ctx;
	struct profile p;
	char what[300];
	if (!rd || ui_edit_begin(app, &p) != 0)
		return;
	int none = p.rules[rd->rule].kind == RULE_PREFERENCE;
	size_t f;
	if (none && index == 0)
		f = RULE_NO_FIELD;
	else if (index - (size_t)none < ed.nfields)
		f = ed.fields[index - (size_t)none];
	else {
		ui_edit_cancel(&p);
		return;
	}
	profile_set_rule_side_field(&p, rd->rule, (enum side)side, f);
	snprintf(what, sizeof what, "%s' answer: %s", side == SIDE_MENTOR ? "mentors" : "mentees",
		 fname(&p, f));
	commit(app, &p, what);
}

static void edit_row(struct ui_app *app, struct rule_dlg *rd)
{
	const struct profile *p = &app->s->prof;
	const struct rule *ru = &p->rules[rd->rule];
	const struct rrow_ref *rw = &rd->rows[rd->sel];
	char what[200], val[600], prompt[300];
	row_text(p, rd->rule, rw, what, sizeof what, val, sizeof val);
	struct ui_input_spec in = { .title = "Change", .prompt = prompt, .initial = val,
				    .select_initial = 1, .done = text_entered,
				    .ctx = (void *)(size_t)rw->kind };
	snprintf(prompt, sizeof prompt, "%s:", what);
	switch (rw->kind) {
	case RR_LABEL:
		in.initial = ru->label;
		in.select_initial = 0;
		ui_input(app, &in);
		return;
	case RR_AT_LEAST:
	case RR_WEIGHT:
	case RR_WEIGHTS:
	case RR_BAND:
		ui_input(app, &in);
		return;
	case RR_OTHERWISE:
		in.initial = ru->otherwise_forbid ? "forbid" : val;
		in.help = "forbid: such pairs are not allowed";
		ui_input(app, &in);
		return;
	case RR_KIND: {
		const char *items[RULE_KIND_COUNT], *notes[RULE_KIND_COUNT];
		for (int k = 0; k < RULE_KIND_COUNT; k++) {
			items[k] = rule_kind_name((enum rule_kind)(k));
			notes[k] = rule_kind_words((enum rule_kind)k);
		}
		ui_pick(app, "Kind of rule", items, notes, RULE_KIND_COUNT, ru->kind, kind_chosen,
			NULL);
		return;
	}
	case RR_MENTOR_FIELD:
	case RR_MENTEE_FIELD: {
		const char **items = calloc(p->nfields + 1, sizeof *items);
		const char **notes = calloc(p->nfields + 1, sizeof *notes);
		int side = rw->kind == RR_MENTOR_FIELD ? SIDE_MENTOR : SIDE_MENTEE;
		if (items && notes) {
			size_t n = fitting_fields(p, ru->kind, items, notes,
						  ru->kind == RULE_PREFERENCE);
			if (n == 0)
				ui_status(app, UI_ROLE_NOTE, "no field fits a %s rule; add one on step 2",
					  rule_kind_name((enum rule_kind)(ru->kind)));
			else
				ui_pick(app, side == SIDE_MENTOR ? "Mentors' field" : "Mentees' field",
					items, notes, n, 0, field_chosen, (void *)(size_t)side);
		}
		free(items);
		free(notes);
		return;
	}
	case RR_EFFECT:
	case RR_MEASURE: {
		enum profile_key k = rw->kind == RR_EFFECT ? PK_RULE_EFFECT : PK_RULE_MEASURE;
		const char *const *w = profile_keys[k].words;
		size_t n = 0;
		while (w[n])
			n++;
		ui_pick(app, profile_keys[k].label, (const char *const *)w, NULL, n,
			rw->kind == RR_EFFECT ? (size_t)ru->effect : (size_t)ru->measure, word_chosen,
			(void *)(size_t)k);
		return;
	}
	case RR_ADD_BAND: {
		struct ui_input_spec bi = { .title = "Add a band", .prompt = "Which gaps (mentor's "
			"minus mentee's): 2, or 1..3, 1.. (1 and more), ..-1:", .done = band_entered };
		ui_input(app, &bi);
		return;
	}
	case RR_ADD_PAIR:
		add_pair(app, rd);
		return;
	case RR_WHEN:
	case RR_UNLESS:
		edit_condition(app, rw->kind == RR_UNLESS);
		return;
	case RR_ENABLED:
		set_key(app, PK_RULE_ENABLED, ru->enabled ? "no" : "yes");
		return;
	case RR_PAIR:
		ui_status(app, UI_ROLE_NOTE, "D deletes this pair; + add a pair adds another");
		return;
	}
}

static void delete_row(struct ui_app *app, struct rule_dlg *rd)
{
	const struct rrow_ref *rw = &rd->rows[rd->sel];
	struct profile p;
	int rc = -1;
	if (rw->kind != RR_BAND && rw->kind != RR_PAIR && rw->kind != RR_WHEN &&
	    rw->kind != RR_UNLESS) {
		ui_status(app, UI_ROLE_NOTE, "D deletes a band, a pair or a condition here; the "
			  "rule itself is deleted with D on step 3");
		return;
	}
	if (ui_edit_begin(app, &p) != 0)
		return;
	if (rw->kind == RR_BAND)
		rc = profile_remove_band(&p, rd->rule, rw->idx);
	else if (rw->kind == RR_PAIR)
		rc = profile_remove_pair(&p, rd->rule, rw->idx);
	else
		rc = profile_clear_condition(&p, rd->rule, rw->kind == RR_UNLESS);
	if (rc != 0) {
		ui_edit_cancel(&p);
		return;
	}
	commit(app, &p, rw->kind == RR_BAND ? "band deleted" : rw->kind == RR_PAIR ?
	       "pair deleted" : "condition removed");
}

static void step_row(struct ui_app *app, struct rule_dlg *rd, int delta)
{
	const struct rule *ru = &app->s->prof.rules[rd->rule];
	const struct rrow_ref *rw = &rd->rows[rd->sel];
	char t[32];
	switch (rw->kind) {
	case RR_WEIGHT:
		snprintf(t, sizeof t, "%ld", ru->weight + delta);
		set_key(app, PK_RULE_WEIGHT, t);
		return;
	case RR_AT_LEAST:
		snprintf(t, sizeof t, "%ld", ru->at_least + delta);
		set_key(app, PK_RULE_AT_LEAST, t);
		return;
	case RR_BAND:
		snprintf(t, sizeof t, "%ld", ru->bands[rw->idx].weight + delta);
		text_entered(app, (void *)(size_t)RR_BAND, t);
		return;
	default:
		ui_status(app, UI_ROLE_NOTE, "+ and - change a number; Enter edits this line");
	}
}

static void rename_entered(struct ui_app *app, void *ctx, const char *text)
{
	(void)ctx;
	struct rule_dlg *rd = open_dlg;
	struct profile p;
	char err[400];
	if (!rd || !text || ui_edit_begin(app, &p) != 0)
		return;
	if (profile_rename_rule(&p, rd->rule, text, err, sizeof err) != 0) {
		ui_edit_cancel(&p);
		ui_status(app, UI_ROLE_ERROR, "%s", err);
		return;
	}
	commit(app, &p, "rule renamed");
}

static int rule_key(struct ui_app *app, struct ui_dialog *dlg, int key)
{
	struct rule_dlg *rd = (struct rule_dlg *)dlg;
	enum ui_action act = ui_action_for_key(key);
	if (!app->s->have_profile || rd->rule >= app->s->prof.nrules)
		return UI_HANDLED | UI_CLOSE;
	rows_build(rd, &app->s->prof);
	if (ui_list_move(act, rd->n, rd->page, &rd->sel))
		return UI_HANDLED;
	switch (act) {
	case UI_ACT_CANCEL:
	case UI_ACT_QUIT:
	case UI_ACT_BACK:
		if (rd->changed) {
			char cause[300];
			snprintf(cause, sizeof cause, "rule %s changed",
				 app->s->prof.rules[rd->rule].label);
			ui_resolve(app, rd->had, cause);
		}
		return UI_HANDLED | UI_CLOSE;
	case UI_ACT_SELECT:
		edit_row(app, rd);
		return UI_HANDLED;
	case UI_ACT_TOGGLE:
		set_key(app, PK_RULE_ENABLED, app->s->prof.rules[rd->rule].enabled ? "no" : "yes");
		return UI_HANDLED;
	case UI_ACT_DELETE:
		delete_row(app, rd);
		return UI_HANDLED;
	case UI_ACT_INCREASE:
	case UI_ACT_DECREASE:
		step_row(app, rd, act == UI_ACT_INCREASE ? 1 : -1);
		return UI_HANDLED;
	case UI_ACT_RENAME: {
		struct ui_input_spec in = { .title = "Rule name in the profile", .prompt =
			"The rule's name in the profile (letters, digits and _):",
			.initial = app->s->prof.rules[rd->rule].id, .done = rename_entered };
		ui_input(app, &in);
		return UI_HANDLED;
	}
	case UI_ACT_UNDO:
		ui_undo(app);
		return UI_HANDLED;
	default:
		return UI_HANDLED;
	}
}

static void rule_destroy(struct ui_dialog *dlg)
{
	if (open_dlg == (struct rule_dlg *)dlg)
		open_dlg = NULL;
	free(dlg);
}

static const struct ui_dialog_ops rule_ops = {
	.draw = rule_draw, .key = rule_key, .destroy = rule_destroy,
};

void ui_rule_editor(struct ui_app *app, size_t r)
{
	struct rule_dlg *rd;
	if (!app->s->have_profile || r >= app->s->prof.nrules)
		return;
	if (!(rd = calloc(1, sizeof *rd)))
		return;
	rd->base.ops = &rule_ops;
	rd->rule = r;
	rd->had = app->s->have_result;
	rd->page = 10;
	open_dlg = rd;
	ui_dialog_push(app, &rd->base);
}

/* ---- adding a rule ------------------------------------------------------------ */

static struct {
	enum rule_kind kind;
	size_t mentor_field;
	size_t nfit;
	size_t fit[200];
} add;

static void make_rule(struct ui_app *app, size_t mentee_field)
{
	struct profile p;
	char err[400], label[200], id[64];
	if (ui_edit_begin(app, &p) != 0)
		return;
	long r = profile_add_rule(&p, NULL, add.kind, add.mentor_field, mentee_field, err,
				  sizeof err);
	if (r < 0) {
		ui_edit_cancel(&p);
		ui_status(app, UI_ROLE_ERROR, "%s", err);
		return;
	}
	size_t f = add.kind == RULE_PREFERENCE ? mentee_field : add.mentor_field;
	const char *fl = f != RULE_NO_FIELD ? p.fields[f].label : "";
	switch (add.kind) {
	case RULE_SAME: snprintf(label, sizeof label, "same %s", fl); break;
	case RULE_DIFFERENT: snprintf(label, sizeof label, "different %s", fl); break;
	case RULE_CONTAINS: snprintf(label, sizeof label, "%s among the mentor's", fl); break;
	case RULE_GAP: snprintf(label, sizeof label, "%s gap", fl); break;
	case RULE_OVERLAP: snprintf(label, sizeof label, "shared %s", fl); break;
	case RULE_TABLE: snprintf(label, sizeof label, "%s fits", fl); break;
	default: snprintf(label, sizeof label, "preferred"); break;
	}
	profile_key_set_text(&p, PK_RULE_LABEL, (size_t)r, label, err, sizeof err);
	/* its name in the profile from the label, when free */
	for (char *c = label, *o = id; ; c++) {
		/* keep every word of the label, as a name */
		if (!*c || o - id >= 40) {
			*o = '\0';
			break;
		}
		unsigned char ch = (unsigned char)*c;
		if ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9'))
			*o++ = (char)ch;
		else if (ch >= 'A' && ch <= 'Z')
			*o++ = (char)(ch - 'A' + 'a');
		else if (o > id && o[-1] != '_')
			*o++ = '_';
	}
	size_t il = strlen(id);
	while (il && id[il - 1] == '_')
		id[--il] = '\0';
	if (id[0] && !(id[0] >= '0' && id[0] <= '9'))
		profile_rename_rule(&p, (size_t)r, id, err, sizeof err);  /* taken: keeps rule_N */
	kind_defaults(&p, (size_t)r);
	if (session_commit_profile(app->s, &p, PCHANGE_SCORE) != 0) {
		ui_status(app, UI_ROLE_ERROR, "out of memory: no rule added");
		return;
	}
	app->gen++;
	ui_status(app, UI_ROLE_NOTE, "rule %s added%s (z undoes it)", label,
		  add.kind == RULE_TABLE ? ": add the pairs that fit" : "");
	ui_rule_editor(app, (size_t)r);
	if (open_dlg)
		open_dlg->changed = 1;
}

static void add_mentee_chosen(struct ui_app *app, void *ctx, size_t index)
{
	(void)ctx;
	int none = add.kind == RULE_PREFERENCE;
	size_t f;
	if (none && index == 0)
		f = RULE_NO_FIELD;
	else if (index - (size_t)none < add.nfit)
		f = add.fit[index - (size_t)none];
	else
		return;
	if (f == RULE_NO_FIELD && add.mentor_field == RULE_NO_FIELD) {
		ui_status(app, UI_ROLE_ERROR, "a preference rule needs a field on one side at least");
		return;
	}
	make_rule(app, f);
}

static void add_mentor_chosen(struct ui_app *app, void *ctx, size_t index)
{
	(void)ctx;
	const struct profile *p = &app->s->prof;
	int none = add.kind == RULE_PREFERENCE;
	if (none && index == 0)
		add.mentor_field = RULE_NO_FIELD;
	else if (index - (size_t)none < add.nfit)
		add.mentor_field = add.fit[index - (size_t)none];
	else
		return;
	const char **items = calloc(p->nfields + 1, sizeof *items);
	const char **notes = calloc(p->nfields + 1, sizeof *notes);
	if (items && notes) {
		size_t n = fitting_fields(p, add.kind, items, notes, none);
		size_t pre = 0;
		for (size_t i = 0; i < ed.nfields; i++)
			if (ed.fields[i] == add.mentor_field)
				pre = i + (size_t)none;
		ui_pick(app, add.kind == RULE_PREFERENCE ? "The mentees' field that names mentors" :
			"The mentees' answer it compares with", items, notes, n, pre,
			add_mentee_chosen, NULL);
	}
	free(items);
	free(notes);
}

static void add_kind_chosen(struct ui_app *app, void *ctx, size_t index)
{
	(void)ctx;
	const struct profile *p = &app->s->prof;
	if (index >= RULE_KIND_COUNT)
		return;
	add.kind = (enum rule_kind)index;
	const char **items = calloc(p->nfields + 1, sizeof *items);
	const char **notes = calloc(p->nfields + 1, sizeof *notes);
	if (items && notes) {
		size_t n = fitting_fields(p, add.kind, items, notes, add.kind == RULE_PREFERENCE);
		add.nfit = ed.nfields;
		memcpy(add.fit, ed.fields, ed.nfields * sizeof *ed.fields);
		if (n == (size_t)(add.kind == RULE_PREFERENCE))
			ui_status(app, UI_ROLE_NOTE, "no field fits a %s rule (it reads %s); add or "
				  "retype one on step 2", rule_kind_name((enum rule_kind)(add.kind)),
				  add.kind == RULE_GAP ? "ordinal or number fields" :
				  "category or multi fields");
		else
			ui_pick(app, add.kind == RULE_PREFERENCE ? "The mentors' field that names "
				"mentees" : "The mentors' answer it looks at", items, notes, n, 0,
				add_mentor_chosen, NULL);
	}
	free(items);
	free(notes);
}

void ui_add_rule(struct ui_app *app)
{
	const char *items[RULE_KIND_COUNT], *notes[RULE_KIND_COUNT];
	if (!app->s->have_profile) {
		ui_status(app, UI_ROLE_NOTE, "no profile yet: ^N builds one from the files' columns");
		return;
	}
	for (int k = 0; k < RULE_KIND_COUNT; k++) {
		items[k] = rule_kind_name((enum rule_kind)(k));
		notes[k] = rule_kind_words((enum rule_kind)k);
	}
	ui_pick(app, "Add a rule: what should it look at?", items, notes, RULE_KIND_COUNT, 0,
		add_kind_chosen, NULL);
}
