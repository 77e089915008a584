/* dlg_field.c - editing the profile's fields on step 2: add (A), rename
 * (R), change the type (T), delete (D), and the column picker (Enter) that
 * maps a field to one column, or a multi field to several tick-box columns
 * (Space marks them).  Every change is made on a copy of the profile and
 * committed with undo (ui_edit_commit).
 */
#include "tui.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mentormatch/mapping.h"
#include "mentormatch/profile_guess.h"
#include "mentormatch/rule_text.h"
#include "mentormatch/session.h"
#include "mentormatch/text.h"

/* What the open pickers and inputs act on (one at a time). */
static struct {
	size_t field;
	int side;
	size_t *sel;          /* the step's selection, set to a new field */
	char label[200];      /* a field being added: its label */
} cur;

/* The name made from a label, "job_title" from "Job title". */
static void name_from_label(const char *label, char *buf, size_t len)
{
	char *p;
	snprintf(buf, len, "%s", label);
	/* keep every word: a label is short */
	for (p = buf; *p; p++) {
		unsigned char c = (unsigned char)*p;
		if (c >= 'A' && c <= 'Z')
			*p = (char)(c - 'A' + 'a');
		else if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')))
			*p = '_';
	}
	/* squeeze and trim the underscores */
	char *o = buf;
	for (p = buf; *p; p++)
		if (*p != '_' || (o > buf && o[-1] != '_'))
			*o++ = *p;
	while (o > buf && o[-1] == '_')
		o--;
	*o = '\0';
	if (!buf[0])
		profile_guess_name(label, buf, len);
	if (buf[0] >= '0' && buf[0] <= '9' && strlen(buf) + 3 < len) {
		memmove(buf + 2, buf, strlen(buf) + 1);
		buf[0] = 'f';
		buf[1] = '_';
	}
	if (strlen(buf) > 40)
		buf[40] = '\0';
}

/* ---- add ------------------------------------------------------------------- */

static void add_type_chosen(struct ui_app *app, void *ctx, size_t index)
{
	(void)ctx;
	struct profile p;
	char name[64], err[400];
	if (index >= FIELD_TYPE_COUNT || ui_edit_begin(app, &p) != 0)
		return;
	name_from_label(cur.label, name, sizeof name);
	long f = profile_add_field(&p, name, (enum field_type)index, err, sizeof err);
	if (f < 0 || profile_key_set_text(&p, PK_FIELD_LABEL, (size_t)f, cur.label, err,
					  sizeof err) != 0) {
		ui_edit_cancel(&p);
		ui_status(app, UI_ROLE_ERROR, "%s", err);
		return;
	}
	if (index == FIELD_MULTI &&
	    profile_key_set_text(&p, PK_FIELD_SEPARATOR, (size_t)f, ",", err, sizeof err) != 0) {
		ui_edit_cancel(&p);
		ui_status(app, UI_ROLE_ERROR, "%s", err);
		return;
	}
	if (ui_edit_commit(app, &p, PCHANGE_DATA, "field %s (%s) added; Enter picks its column",
			   name, field_type_name((enum field_type)(index))) == 0 && cur.sel)
		*cur.sel = (size_t)f;
}

static void add_label_entered(struct ui_app *app, void *ctx, const char *text)
{
	(void)ctx;
	const char *items[FIELD_TYPE_COUNT], *notes[FIELD_TYPE_COUNT];
	if (!text)
		return;
	while (*text == ' ')
		text++;
	if (!*text) {
		ui_status(app, UI_ROLE_NOTE, "no name given; no field added");
		return;
	}
	snprintf(cur.label, sizeof cur.label, "%s", text);
	for (int t = 0; t < FIELD_TYPE_COUNT; t++) {
		items[t] = field_type_name((enum field_type)(t));
		notes[t] = field_type_words((enum field_type)(t));
	}
	ui_pick(app, "Type of the new field", items, notes, FIELD_TYPE_COUNT, FIELD_CATEGORY,
		add_type_chosen, NULL);
}

void ui_field_add(struct ui_app *app)
{
	struct ui_input_spec in = {
		.title = "Add a field",
		.prompt = "Name of the new field (e.g. Job title):",
		.help = "Next: its type. Then Enter picks the column that feeds it.",
		.done = add_label_entered,
	};
	if (!app->s->have_profile) {
		ui_status(app, UI_ROLE_NOTE, "no profile yet: ^N builds one from the files' columns");
		return;
	}
	ui_input(app, &in);
}

void ui_field_set_selection(size_t *sel)
{
	cur.sel = sel;
}

/* ---- rename ---------------------------------------------------------------- */

static void rename_entered(struct ui_app *app, void *ctx, const char *text)
{
	(void)ctx;
	struct profile p;
	char name[64], err[400], old[64];
	if (!text || ui_edit_begin(app, &p) != 0)
		return;
	while (*text == ' ')
		text++;
	if (!*text || cur.field >= p.nfields) {
		ui_edit_cancel(&p);
		return;
	}
	name_from_label(text, name, sizeof name);
	snprintf(old, sizeof old, "%s", p.fields[cur.field].name);
	if ((strcmp(name, old) && profile_rename_field(&p, cur.field, name, err, sizeof err) != 0) ||
	    profile_key_set_text(&p, PK_FIELD_LABEL, cur.field, text, err, sizeof err) != 0) {
		ui_edit_cancel(&p);
		ui_status(app, UI_ROLE_ERROR, "%s", err);
		return;
	}
	/* a new name changes no answer: the result stays */
	ui_edit_commit(app, &p, PCHANGE_NONE, "field %s is now \"%s\" (%s in the profile)", old,
		       text, name);
}

void ui_field_rename(struct ui_app *app, size_t f)
{
	const struct profile *p = &app->s->prof;
	if (!app->s->have_profile || f >= p->nfields)
		return;
	cur.field = f;
	struct ui_input_spec in = {
		.title = "Rename field",
		.prompt = "The field's name as shown (its name in the profile follows):",
		.initial = p->fields[f].label,
		.done = rename_entered,
	};
	ui_input(app, &in);
}

/* ---- type ------------------------------------------------------------------ */

/* The distinct values of the field's mapped columns, in file order, as a
 * scale list (at most 30), into the profile; 0 or -1 (err). */
static int scale_from_values(struct ui_app *app, struct profile *p, size_t f, char *err,
			     size_t len)
{
	struct profile_value_buf b = {0};
	char *keys[30];
	size_t n = 0;
	for (int side = 0; side < SIDE_COUNT && n < 30; side++) {
		const struct table *t = &app->s->tab[side];
		int c = app->s->have_table[side] ? mapping_field_column(p, (enum side)side, f, t) : -1;
		for (size_t r = 0; c >= 0 && r < t->nrows && n < 30; r++) {
			const char *v = table_cell(t, r, (size_t)c);
			char *k = text_key_dup(v);
			int seen = !k || !*k;
			for (size_t i = 0; i < n && !seen; i++)
				seen = !strcmp(keys[i], k);
			if (seen) {
				free(k);
				continue;
			}
			keys[n++] = k;
			if (n > 1)
				profile_value_buf_sep(&b);
			const char *s = v, *e = v + strlen(v);
			text_trim_span(&s, &e);
			char *one = strndup(s, (size_t)(e - s));
			profile_value_buf_text(&b, one ? one : "", 1);
			free(one);
		}
	}
	for (size_t i = 0; i < n; i++)
		free(keys[i]);
	if (n == 0) {
		profile_value_buf_free(&b);
		snprintf(err, len, "an ordinal field needs a scale, and its columns have no values "
			 "to make one from; map its columns first");
		return -1;
	}
	struct profile_value v = profile_value_buf_value(&b, NULL, PK_FIELD_SCALE);
	int r = b.oom ? (snprintf(err, len, "out of memory"), -1) :
		profile_key_set(p, PK_FIELD_SCALE, f, &v, err, len);
	profile_value_buf_free(&b);
	return r;
}

static void type_chosen(struct ui_app *app, void *ctx, size_t index)
{
	(void)ctx;
	struct profile p;
	char err[600];
	struct diag d = {0};
	if (index >= FIELD_TYPE_COUNT || ui_edit_begin(app, &p) != 0)
		return;
	size_t f = cur.field;
	if (f >= p.nfields || p.fields[f].type == (enum field_type)index) {
		ui_edit_cancel(&p);
		return;
	}
	const char *was = field_type_name(p.fields[f].type);
	if (profile_key_set_text(&p, PK_FIELD_TYPE, f, field_type_name((enum field_type)index), err,
				 sizeof err) != 0 ||
	    (index == FIELD_ORDINAL && p.fields[f].nscale == 0 &&
	     scale_from_values(app, &p, f, err, sizeof err) != 0) ||
	    (index == FIELD_MULTI && !p.fields[f].separator &&
	     profile_key_set_text(&p, PK_FIELD_SEPARATOR, f, ",", err, sizeof err) != 0)) {
		ui_edit_cancel(&p);
		ui_status(app, UI_ROLE_ERROR, "%s", err);
		return;
	}
	char name[64];
	snprintf(name, sizeof name, "%s", p.fields[f].name);
	/* a rule that no longer fits is said at once; the change stays (z
	 * takes it back) */
	profile_check(&p, &d);
	char problem[600] = "";
	for (size_t i = 0; i < d.n && !problem[0]; i++)
		if (d.items[i].level == DIAG_ERROR)
			snprintf(problem, sizeof problem, "%s", d.items[i].msg);
	diag_free(&d);
	if (ui_edit_commit(app, &p, PCHANGE_DATA, "%s: %s, was %s%s", name,
			   field_type_name((enum field_type)index), was,
			   index == FIELD_ORDINAL ? "; v puts the scale in order" : "") == 0 &&
	    problem[0])
		ui_status(app, UI_ROLE_WARNING, "%s is now %s, but: %s (z takes it back)", name,
			  field_type_name((enum field_type)(index)), problem);
}

void ui_field_retype(struct ui_app *app, size_t f)
{
	const struct profile *p = &app->s->prof;
	const char *items[FIELD_TYPE_COUNT], *notes[FIELD_TYPE_COUNT];
	char title[200];
	if (!app->s->have_profile || f >= p->nfields)
		return;
	cur.field = f;
	for (int t = 0; t < FIELD_TYPE_COUNT; t++) {
		items[t] = field_type_name((enum field_type)(t));
		notes[t] = field_type_words((enum field_type)(t));
	}
	snprintf(title, sizeof title, "Type of %s", p->fields[f].label);
	ui_pick(app, title, items, notes, FIELD_TYPE_COUNT, p->fields[f].type, type_chosen, NULL);
}

/* ---- delete ---------------------------------------------------------------- */

static void delete_answer(struct ui_app *app, void *ctx, int yes)
{
	(void)ctx;
	struct profile p;
	char err[600], name[64];
	if (!yes || ui_edit_begin(app, &p) != 0)
		return;
	if (cur.field >= p.nfields) {
		ui_edit_cancel(&p);
		return;
	}
	snprintf(name, sizeof name, "%s", p.fields[cur.field].name);
	if (profile_remove_field(&p, cur.field, err, sizeof err) != 0) {
		ui_edit_cancel(&p);
		ui_status(app, UI_ROLE_ERROR, "%s", err);
		return;
	}
	if (ui_edit_commit(app, &p, PCHANGE_DATA, "field %s deleted", name) == 0 && cur.sel &&
	    *cur.sel > 0 && *cur.sel >= app->s->prof.nfields)
		*cur.sel = app->s->prof.nfields - 1;
}

void ui_field_delete(struct ui_app *app, size_t f)
{
	const struct profile *p = &app->s->prof;
	char uses[400], q[800];
	if (!app->s->have_profile || f >= p->nfields)
		return;
	cur.field = f;
	for (size_t r = 0; r < p->nrules; r++)
		if (rule_reads(&p->rules[r], SIDE_MENTOR, f) || rule_reads(&p->rules[r], SIDE_MENTEE, f)) {
			ui_status(app, UI_ROLE_ERROR, "%s is read by rule %s: delete or change the rule "
				  "on step 3 first", p->fields[f].label, p->rules[r].label);
			return;
		}
	size_t n = profile_field_uses(p, f, uses, sizeof uses);
	snprintf(q, sizeof q, "Delete the field %s%s%s%s? z takes it back.", p->fields[f].label,
		 n ? " (used by " : "", n ? uses : "", n ? ")" : "");
	ui_confirm(app, "Delete field", q, delete_answer, NULL);
}

/* ---- the column picker ----------------------------------------------------- */

struct cols_dlg {
	struct ui_dialog base;
	size_t field;
	int side;
	size_t n, sel, top;    /* rows: 0 "(not mapped)", then the columns */
	unsigned char *mark;   /* per column */
	char **note;           /* per column: a sample value */
	int page;
	int multi;             /* the field takes several columns */
};

static void cols_draw(struct ui_app *app, struct ui_dialog *dlg)
{
	struct cols_dlg *cd = (struct cols_dlg *)dlg;
	const struct table *t = &app->s->tab[cd->side];
	const struct profile *p = &app->s->prof;
	char title[300];
	size_t marked = 0;
	for (size_t c = 0; c < t->ncols; c++)
		marked += cd->mark[c];
	snprintf(title, sizeof title, "%s column%s for \"%s\"",
		 cd->side == SIDE_MENTOR ? "Mentors" : "Mentees", cd->multi ? "s" : "",
		 cd->field < p->nfields ? p->fields[cd->field].label : "");
	int h = (int)cd->n + 4, w = COLS - 4 > 90 ? 90 : COLS - 4;
	if (h > LINES - 2)
		h = LINES - 2;
	struct ui_rect in = ui_box(ui_centre(h, w), title);
	in.h -= 2;
	if (in.h < 1)
		return;
	cd->page = in.h;
	ui_scroll_fix(cd->n, in.h, &cd->sel, &cd->top);
	for (int r = 0; r < in.h && cd->top + (size_t)r < cd->n; r++) {
		size_t i = cd->top + (size_t)r;
		int sel = i == cd->sel;
		attr_t a = ui_attr(sel ? UI_ROLE_SELECTED : UI_ROLE_NORMAL);
		ui_fill(in.y + r, in.x, in.w, a);
		if (i == 0) {
			ui_text(in.y + r, in.x + 1, in.w - 1, a, "(not mapped)", 0);
			continue;
		}
		size_t c = i - 1;
		const char *hd = t->headers[c] && *t->headers[c] ? t->headers[c] : "(empty header)";
		/* the same header earlier: this is the 2nd, 3rd, ... */
		size_t nth = 1, ndup = 0;
		for (size_t c2 = 0; c2 < t->ncols && t->headers[c] && *t->headers[c]; c2++)
			if (c2 != c && t->headers[c2] && text_same(t->headers[c2], t->headers[c]) == 1) {
				ndup++;
				nth += c2 < c;
			}
		char which[24] = "";
		if (ndup)
			snprintf(which, sizeof which, " (%zu%s)", nth, nth == 1 ? "st" : nth == 2 ? "nd" :
				 nth == 3 ? "rd" : "th");
		int used = ui_textf(in.y + r, in.x + 1, in.w / 2, a, 0, "%s %zu: %s%s",
				    cd->mark[c] ? "[x]" : "[ ]", c + 1, hd, which);
		if (used < in.w / 2)
			used = in.w / 2;
		ui_text(in.y + r, in.x + 2 + used, in.w - used - 2, sel ? a : ui_attr(UI_ROLE_DIM),
			cd->note[c] ? cd->note[c] : "", 0);
	}
	ui_textf(in.y + in.h, in.x, in.w, ui_attr(UI_ROLE_DIM), 0, "%zu marked", marked);
	ui_text(in.y + in.h + 1, in.x, in.w, ui_attr(UI_ROLE_DIM), cd->multi ?
		"Space marks several (a ticked column adds its header)  Enter done  Esc cancel" :
		"Enter this column  Space marks several (multi fields only)  Esc cancel", 0);
}

/* Maps the field to the marked columns (none: unmapped). */
static void cols_apply(struct ui_app *app, struct cols_dlg *cd)
{
	struct profile p;
	const struct table *t = &app->s->tab[cd->side];
	size_t marked = 0, first = 0;
	char label[200];
	for (size_t c = 0; c < t->ncols; c++)
		if (cd->mark[c] && marked++ == 0)
			first = c;
	if (ui_edit_begin(app, &p) != 0)
		return;
	snprintf(label, sizeof label, "%s", p.fields[cd->field].label);
	enum side side = (enum side)cd->side;
	int rc = 0;
	if (marked <= 1) {
		const char *h = marked ? (t->headers[first] ? t->headers[first] : "") : NULL;
		long at = h && (!*h || mapping_find_column(t, h) != (int)first) ? (long)first + 1 : 0;
		rc = profile_set_column_at(&p, side, cd->field, h, at);
	} else {
		rc = profile_set_column(&p, side, cd->field, NULL);
		for (size_t c = 0; c < t->ncols && rc == 0; c++) {
			if (!cd->mark[c])
				continue;
			const char *h = t->headers[c] ? t->headers[c] : "";
			long at = !*h || mapping_find_column(t, h) != (int)c ? (long)c + 1 : 0;
			rc = profile_add_numbered_column(&p, side, cd->field, h, at);
		}
	}
	if (rc != 0) {
		ui_edit_cancel(&p);
		ui_status(app, UI_ROLE_ERROR, "out of memory");
		return;
	}
	if (profile_equal(&p, &app->s->prof, NULL, 0)) {
		ui_edit_cancel(&p);
		return;
	}
	if (marked == 0)
		ui_edit_commit(app, &p, PCHANGE_DATA, "%s: %s is no longer mapped",
			       profile_side_name(side), label);
	else if (marked == 1)
		ui_edit_commit(app, &p, PCHANGE_DATA, "%s: %s now comes from column %zu \"%s\"",
			       profile_side_name(side), label, first + 1,
			       t->headers[first] ? t->headers[first] : "");
	else
		ui_edit_commit(app, &p, PCHANGE_DATA, "%s: %s now comes from %zu columns",
			       profile_side_name(side), label, marked);
}

static int cols_key(struct ui_app *app, struct ui_dialog *dlg, int key)
{
	struct cols_dlg *cd = (struct cols_dlg *)dlg;
	const struct table *t = &app->s->tab[cd->side];
	enum ui_action act = ui_action_for_key(key);
	if (ui_list_move(act, cd->n, cd->page, &cd->sel))
		return UI_HANDLED;
	if (act == UI_ACT_CANCEL || act == UI_ACT_QUIT || act == UI_ACT_BACK)
		return UI_HANDLED | UI_CLOSE;
	if (!app->s->have_profile || cd->field >= app->s->prof.nfields ||
	    !app->s->have_table[cd->side])
		return UI_HANDLED | UI_CLOSE;
	if (act == UI_ACT_TOGGLE) {
		if (cd->sel == 0) {
			memset(cd->mark, 0, t->ncols);
			return UI_HANDLED;
		}
		if (!cd->multi) {
			ui_status(app, UI_ROLE_NOTE, "only a multi field takes several columns; T on "
				  "step 2 changes the type (Enter picks one column)");
			return UI_HANDLED;
		}
		cd->mark[cd->sel - 1] = !cd->mark[cd->sel - 1];
		if (cd->sel + 1 < cd->n)
			cd->sel++;
		return UI_HANDLED;
	}
	if (act == UI_ACT_SELECT) {
		size_t marked = 0;
		for (size_t c = 0; c < t->ncols; c++)
			marked += cd->mark[c];
		/* Enter on a column with none or one marked: that column alone */
		if (marked <= 1) {
			memset(cd->mark, 0, t->ncols);
			if (cd->sel > 0)
				cd->mark[cd->sel - 1] = 1;
		}
		cols_apply(app, cd);
		return UI_HANDLED | UI_CLOSE;
	}
	return UI_HANDLED;
}

static void cols_destroy(struct ui_dialog *dlg)
{
	struct cols_dlg *cd = (struct cols_dlg *)dlg;
	for (size_t c = 0; cd->note && c + 1 < cd->n; c++)
		free(cd->note[c]);
	free(cd->note);
	free(cd->mark);
	free(cd);
}

static const struct ui_dialog_ops cols_ops = {
	.draw = cols_draw,
	.key = cols_key,
	.destroy = cols_destroy,
};

void ui_field_pick_columns(struct ui_app *app, size_t f, int side)
{
	struct session *s = app->s;
	const struct profile *p = &s->prof;
	const struct table *t = &s->tab[side];
	struct cols_dlg *cd;
	if (!s->have_profile || f >= p->nfields || !s->have_table[side])
		return;
	if (!(cd = calloc(1, sizeof *cd)))
		return;
	cd->base.ops = &cols_ops;
	cd->field = f;
	cd->side = side;
	cd->n = t->ncols + 1;
	cd->multi = p->fields[f].type == FIELD_MULTI;
	cd->mark = calloc(t->ncols ? t->ncols : 1, 1);
	cd->note = calloc(t->ncols ? t->ncols : 1, sizeof *cd->note);
	if (!cd->mark || !cd->note) {
		cols_destroy(&cd->base);
		return;
	}
	int suggested = mapping_suggest_field(p, f, t, NULL);
	for (size_t c = 0; c < t->ncols; c++) {
		const char *v = "";
		for (size_t r = 0; r < t->nrows && r < 50 && !*v; r++)
			v = table_cell(t, r, c);
		char note[300];
		snprintf(note, sizeof note, "%s%s%.60s%s", (int)c == suggested ? "[suggested] " : "",
			 *v ? "e.g. \"" : "(empty)", v, *v ? "\"" : "");
		cd->note[c] = strdup(note);
	}
	/* what is mapped now is marked */
	const struct column_list *cl = profile_numbered(p, (enum side)side, f);
	size_t first = 0;
	int any = 0;
	if (cl) {
		for (size_t k = 0; k < cl->n; k++) {
			int c = cl->at[k] > 0 ? (int)cl->at[k] - 1 : mapping_find_column(t, cl->header[k]);
			if (c >= 0 && (size_t)c < t->ncols) {
				cd->mark[c] = 1;
				if (!any++)
					first = (size_t)c;
			}
		}
	} else {
		int c = mapping_field_column(p, (enum side)side, f, t);
		if (c >= 0) {
			cd->mark[c] = 1;
			first = (size_t)c;
			any = 1;
		}
	}
	cd->sel = any ? first + 1 : 0;
	cd->page = 10;
	ui_dialog_push(app, &cd->base);
}
