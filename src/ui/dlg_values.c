/* dlg_values.c - the Values dialog of step 2 (key v): the values of an
 * ordinal, category or multi field found in both files, with counts per side.
 *
 * Ordinal: the scale values in order (with the aliases that read as each),
 * then the spellings not on the scale.  K/J (or Shift-Up/Down) move a scale
 * value, Enter maps a spelling onto a scale value (an alias), a adds a
 * spelling to the scale, x removes an alias.  Category: the values, most
 * frequent first; Enter maps a value onto another one; w marks a value
 * that means "anyone" (a wildcard).  Multi: the answers found, w as for a
 * category, s sets the separator.  Every change edits the profile with
 * undo (z) and the dataset is rebuilt to show the new counts.  The profile
 * is saved with w on the Rules step.
 */
#include "tui.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mentormatch/dataset.h"
#include "mentormatch/text.h"
#include "mentormatch/profile_keys.h"
#include "mentormatch/session.h"

enum vkind { V_VALUE, V_ALIAS, V_UNKNOWN };

struct map_ctx;
struct add_ctx;
static void map_ctx_free(struct map_ctx *c);
static void add_ctx_free(struct add_ctx *c);

struct vrow {
	enum vkind kind;
	size_t idx;          /* V_VALUE: scale index (ordinal) or vocabulary id;
				V_ALIAS: alias index */
	char *text;          /* owned: the value, the alias spelling or the cell */
	char *note;          /* owned, may be NULL */
	size_t cnt[SIDE_COUNT];
};

struct values_dlg {
	struct ui_dialog base;
	size_t field;
	struct vrow *rows;
	size_t n, sel, top;
	int page;
	int no_data;         /* the dataset cannot be built */
	struct map_ctx *map; /* context of an open pick list, owned */
	struct add_ctx *add;
};

static char *xdup(const char *s)
{
	char *r = strdup(s ? s : "");
	return r;
}

static void clear_rows(struct values_dlg *v)
{
	for (size_t i = 0; i < v->n; i++) {
		free(v->rows[i].text);
		free(v->rows[i].note);
	}
	free(v->rows);
	v->rows = NULL;
	v->n = 0;
}

static struct vrow *add_row(struct values_dlg *v, enum vkind kind, size_t idx, const char *text)
{
	struct vrow *r = realloc(v->rows, (v->n + 1) * sizeof *r);
	if (!r)
		return NULL;
	v->rows = r;
	r = &v->rows[v->n];
	memset(r, 0, sizeof *r);
	r->kind = kind;
	r->idx = idx;
	if (!(r->text = xdup(text)))
		return NULL;
	v->n++;
	return r;
}


/* Index of the alias of fd whose spelling has key k, or -1. */
static long alias_for_key(const struct field_def *fd, const char *k)
{
	for (size_t a = 0; a < fd->naliases; a++) {
		char *ak = text_key_dup(fd->aliases[a].spelling);
		int same = ak && strcmp(ak, k) == 0;
		free(ak);
		if (same)
			return (long)a;
	}
	return -1;
}

/* A copy of s without surrounding spaces. */
static char *trimmed(const char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	size_t n = strlen(s);
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	char *r = malloc(n + 1);
	if (r) {
		memcpy(r, s, n);
		r[n] = '\0';
	}
	return r;
}

/* Rebuilds the rows from the profile and the (re)built dataset. */
static void rebuild_rows(struct ui_app *app, struct values_dlg *v)
{
	struct session *s = app->s;
	const struct profile *p = &s->prof;
	const struct field_def *fd = &p->fields[v->field];
	int ord = fd->type == FIELD_ORDINAL;
	struct value_count *vc = NULL;
	size_t nvc;

	clear_rows(v);
	v->no_data = !ui_ensure_dataset(app);
	if (v->no_data)
		return;
	const struct dataset *ds = &s->ds;
	nvc = dataset_value_counts(ds, v->field, &vc);
	if (nvc == (size_t)-1)
		return;
	unsigned char *alias_shown = calloc(fd->naliases + 1, 1);
	size_t *acnt = calloc((fd->naliases + 1) * SIDE_COUNT, sizeof *acnt);
	if (!alias_shown || !acnt)
		goto out;
	/* cells read through each alias, and the spellings not on the scale */
	size_t nf = p->nfields, nunk = 0;
	struct { char *key, *text; size_t cnt[SIDE_COUNT]; } *unk = NULL;
	for (int side = 0; side < SIDE_COUNT; side++) {
		const struct side_data *sd = &ds->side[side];
		if (!sd->col || sd->col[v->field] < 0)
			continue;
		for (size_t i = 0; i < sd->n; i++) {
			const char *cell = table_cell(sd->tab, sd->row[i], (size_t)sd->col[v->field]);
			char *k = text_key_dup(cell);
			if (!k)
				goto out_unk;
			long a = *k ? alias_for_key(fd, k) : -1;
			if (a >= 0)
				acnt[(size_t)a * SIDE_COUNT + (size_t)side]++;
			if (ord && *k && sd->val[i * nf + v->field] == VALUE_NONE) {
				size_t u;
				for (u = 0; u < nunk && strcmp(unk[u].key, k); u++)
					;
				if (u == nunk) {
					void *nu = realloc(unk, (nunk + 1) * sizeof *unk);
					char *t = trimmed(cell);
					if (!nu || !t) {
						free(t);
						if (nu)
							unk = nu;
						free(k);
						goto out_unk;
					}
					unk = nu;
					unk[u].key = k;
					unk[u].text = t;
					unk[u].cnt[0] = unk[u].cnt[1] = 0;
					nunk++;
					k = NULL;
				}
				unk[u].cnt[side]++;
			}
			free(k);
		}
	}
	for (size_t i = 0; i < nvc; i++) {
		struct vrow *r = add_row(v, V_VALUE, (size_t)vc[i].value, vc[i].text);
		if (!r)
			goto out_unk;
		r->cnt[0] = vc[i].count[0];
		r->cnt[1] = vc[i].count[1];
		for (size_t a = 0; a < fd->naliases; a++) {
			if (alias_shown[a] || text_same(fd->aliases[a].value, vc[i].text) != 1)
				continue;
			alias_shown[a] = 1;
			struct vrow *ar = add_row(v, V_ALIAS, a, fd->aliases[a].spelling);
			if (!ar)
				goto out_unk;
			ar->cnt[0] = acnt[a * SIDE_COUNT];
			ar->cnt[1] = acnt[a * SIDE_COUNT + 1];
		}
	}
	for (size_t a = 0; a < fd->naliases; a++) {
		if (alias_shown[a])
			continue;
		struct vrow *ar = add_row(v, V_ALIAS, a, fd->aliases[a].spelling);
		if (!ar)
			goto out_unk;
		ar->cnt[0] = acnt[a * SIDE_COUNT];
		ar->cnt[1] = acnt[a * SIDE_COUNT + 1];
	}
	for (size_t u = 0; u < nunk; u++) {
		struct vrow *r = add_row(v, V_UNKNOWN, u, unk[u].text);
		if (!r)
			goto out_unk;
		r->cnt[0] = unk[u].cnt[0];
		r->cnt[1] = unk[u].cnt[1];
	}
out_unk:
	for (size_t u = 0; u < nunk; u++) {
		free(unk[u].key);
		free(unk[u].text);
	}
	free(unk);
out:
	free(alias_shown);
	free(acnt);
	free(vc);
	if (v->sel >= v->n)
		v->sel = v->n ? v->n - 1 : 0;
}

/* Selects the row of kind and text (after a change moved it). */
static void select_row(struct values_dlg *v, enum vkind kind, const char *text)
{
	for (size_t i = 0; i < v->n; i++)
		if (v->rows[i].kind == kind && text_same(v->rows[i].text, text) == 1) {
			v->sel = i;
			return;
		}
}

static void changed(struct ui_app *app, struct values_dlg *v, enum vkind kind,
		    const char *text, const char *what)
{
	char *keep = xdup(text);
	/* the change was made after session_edit_begin: undo (z) takes it back */
	session_edit_done(app->s, PCHANGE_DATA);
	app->gen++;
	rebuild_rows(app, v);
	if (keep)
		select_row(v, kind, keep);
	free(keep);
	ui_status(app, UI_ROLE_NOTE, "%s (z undoes it; w on step 3 writes the profile)", what);
}

/* ---- Enter: map a spelling onto a value ---------------------------------------- */

struct map_ctx {
	struct values_dlg *v;
	char *spelling;
	char **targets;
	size_t n;
};

static void map_ctx_free(struct map_ctx *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < c->n; i++)
		free(c->targets[i]);
	free(c->targets);
	free(c->spelling);
	free(c);
}

static void map_picked(struct ui_app *app, void *ctx, size_t index)
{
	struct map_ctx *c = ctx;
	struct values_dlg *v = c->v;
	struct profile *p = &app->s->prof;
	char msg[300];

	if (index < c->n) {
		if (session_edit_begin(app->s) != 0 ||
		    profile_set_alias(p, v->field, c->spelling, c->targets[index]) != 0) {
			ui_status(app, UI_ROLE_ERROR, "out of memory");
		} else {
			snprintf(msg, sizeof msg, "\"%s\" is now read as %s", c->spelling,
				 c->targets[index]);
			changed(app, v, V_ALIAS, c->spelling, msg);
		}
	}
	v->map = NULL;
	map_ctx_free(c);
}

static void open_map(struct ui_app *app, struct values_dlg *v, const char *spelling)
{
	const struct field_def *fd = &app->s->prof.fields[v->field];
	struct map_ctx *c = calloc(1, sizeof *c);
	size_t max = fd->type == FIELD_ORDINAL ? fd->nscale : v->n;

	map_ctx_free(v->map);
	v->map = NULL;
	if (!c || !(c->spelling = xdup(spelling)) ||
	    !(c->targets = calloc(max ? max : 1, sizeof *c->targets))) {
		if (c)
			map_ctx_free(c);
		return;
	}
	c->v = v;
	if (fd->type == FIELD_ORDINAL) {
		for (size_t i = 0; i < fd->nscale; i++)
			if ((c->targets[c->n] = xdup(fd->scale[i])))
				c->n++;
	} else {
		for (size_t i = 0; i < v->n; i++)
			if (v->rows[i].kind == V_VALUE && text_same(v->rows[i].text, spelling) != 1 &&
			    (c->targets[c->n] = xdup(v->rows[i].text)))
				c->n++;
	}
	if (c->n == 0) {
		ui_status(app, UI_ROLE_WARNING, "there is no other value to map \"%s\" onto",
			  spelling);
		map_ctx_free(c);
		return;
	}
	char title[200];
	snprintf(title, sizeof title, "Read \"%s\" as", spelling);
	v->map = c;
	ui_pick(app, title, (const char *const *)c->targets, NULL, c->n, 0, map_picked, c);
}

/* ---- a: add a spelling to the scale ------------------------------------------- */

struct add_ctx {
	struct values_dlg *v;
	char *value;
};

static void add_ctx_free(struct add_ctx *c)
{
	if (c)
		free(c->value);
	free(c);
}

static void add_picked(struct ui_app *app, void *ctx, size_t index)
{
	struct add_ctx *c = ctx;
	struct field_def *fd = &app->s->prof.fields[c->v->field];
	int kept = session_edit_begin(app->s) == 0;
	char **ns = kept ? realloc(fd->scale, (fd->nscale + 1) * sizeof *ns) : NULL;
	char msg[300];

	if (!ns) {
		if (kept)
			session_edit_cancel(app->s);
		ui_status(app, UI_ROLE_ERROR, "out of memory");
	} else {
		fd->scale = ns;
		if (index > fd->nscale)
			index = fd->nscale;
		memmove(&ns[index + 1], &ns[index], (fd->nscale - index) * sizeof *ns);
		ns[index] = c->value;
		c->value = NULL;
		fd->nscale++;
		snprintf(msg, sizeof msg, "%s added to the scale of %s", ns[index], fd->label);
		changed(app, c->v, V_VALUE, ns[index], msg);
	}
	c->v->add = NULL;
	add_ctx_free(c);
}

static void open_add(struct ui_app *app, struct values_dlg *v, const char *value)
{
	const struct field_def *fd = &app->s->prof.fields[v->field];
	size_t n = fd->nscale + 1;
	char **items = calloc(n, sizeof *items);
	struct add_ctx *c = calloc(1, sizeof *c);

	add_ctx_free(v->add);
	v->add = NULL;
	if (!items || !c || !(c->value = xdup(value))) {
		free(items);
		if (c)
			free(c->value);
		free(c);
		return;
	}
	c->v = v;
	for (size_t i = 0; i < n; i++) {
		char buf[300];
		if (i == 0)
			snprintf(buf, sizeof buf, "lowest, before %s", fd->scale[0]);
		else if (i == fd->nscale)
			snprintf(buf, sizeof buf, "highest, after %s", fd->scale[i - 1]);
		else
			snprintf(buf, sizeof buf, "between %s and %s", fd->scale[i - 1], fd->scale[i]);
		items[i] = xdup(buf);
		if (!items[i])
			items[i] = xdup("");
	}
	char title[200];
	snprintf(title, sizeof title, "Put \"%s\" on the scale", value);
	v->add = c;
	ui_pick(app, title, (const char *const *)items, NULL, n, n - 1, add_picked, c);
	for (size_t i = 0; i < n; i++)
		free(items[i]);
	free(items);
}

/* ---- the dialog ------------------------------------------------------------------ */

static void values_draw(struct ui_app *app, struct ui_dialog *dlg)
{
	struct values_dlg *v = (struct values_dlg *)dlg;
	const struct field_def *fd = &app->s->prof.fields[v->field];
	int ord = fd->type == FIELD_ORDINAL;
	/* the message line below stays visible: it says what a key did */
	int w = COLS - 2 < 78 ? COLS - 2 : 78, h = LINES - 4;
	char title[200];

	snprintf(title, sizeof title, "Values of %s (%s)", fd->label,
		 ord ? "ordered, lowest first" : fd->type == FIELD_MULTI ? "several answers" :
		 "category");
	struct ui_rect in = ui_box(ui_centre(h, w), title);
	if (in.h < 4 || in.w < 30)
		return;
	int list_h = in.h - 3;
	int cw = 9, xc2 = in.x + in.w - cw, xc1 = xc2 - cw, tw = xc1 - in.x - 2;
	attr_t hd = ui_attr(UI_ROLE_HEADING);
	ui_text(in.y, in.x + 1, tw, hd, ord ? "Value (scale first)" : "Value", 0);
	ui_text(in.y, xc1, cw, hd, "Mentors", UI_RIGHT);
	ui_text(in.y, xc2, cw - 1, hd, "Mentees", UI_RIGHT);
	v->page = list_h;
	if (v->no_data) {
		ui_text(in.y + 2, in.x + 1, in.w - 2, ui_attr(UI_ROLE_WARNING),
			"The files cannot be read with this mapping yet; see the messages (e).",
			0);
	} else if (v->n == 0) {
		ui_text(in.y + 2, in.x + 1, in.w - 2, ui_attr(UI_ROLE_DIM),
			"No values: the field is empty or not mapped.", 0);
	}
	ui_scroll_fix(v->n, list_h, &v->sel, &v->top);
	for (int r = 0; r < list_h && v->top + (size_t)r < v->n; r++) {
		size_t i = v->top + (size_t)r;
		const struct vrow *row = &v->rows[i];
		int y = in.y + 1 + r, sel = i == v->sel;
		attr_t a = ui_attr(sel ? UI_ROLE_SELECTED : UI_ROLE_NORMAL);
		char buf[600];
		if (sel)
			ui_fill(y, in.x, in.w, a);
		switch (row->kind) {
		case V_VALUE:
			if (ord)
				snprintf(buf, sizeof buf, "%zu. %s", row->idx + 1, row->text);
			else
				snprintf(buf, sizeof buf, "%s", row->text);
			for (size_t k = 0; k < fd->nwildcards; k++)
				if (text_same(fd->wildcards[k], row->text) == 1) {
					size_t o = strlen(buf);
					snprintf(buf + o, sizeof buf - o, "  (means anyone)");
				}
			ui_text(y, in.x + 1, tw, a, buf, 0);
			break;
		case V_ALIAS: {
			const struct field_alias *al = &fd->aliases[row->idx];
			snprintf(buf, sizeof buf, "   \"%s\" read as %s (alias)", al->spelling,
				 al->value);
			ui_text(y, in.x + 1, tw, sel ? a : ui_attr(UI_ROLE_DIM), buf, 0);
			break;
		}
		case V_UNKNOWN: {
			snprintf(buf, sizeof buf, "\"%s\"", row->text);
			int used = ui_text(y, in.x + 1, tw - 18 > 8 ? tw - 18 : tw, a, buf, 0);
			if (used + 2 < tw)
				ui_text(y, in.x + 1 + used + 1, tw - used - 1,
					sel ? a : ui_attr(UI_ROLE_WARNING), "not on the scale", 0);
			break;
		}
		}
		ui_textf(y, xc1, cw, a, UI_RIGHT, "%zu", row->cnt[SIDE_MENTOR]);
		ui_textf(y, xc2, cw - 1, a, UI_RIGHT, "%zu", row->cnt[SIDE_MENTEE]);
	}
	attr_t dim = ui_attr(UI_ROLE_DIM);
	ui_text(in.y + in.h - 2, in.x + 1, in.w - 2, dim, ord ?
		"K/J move value up/down  Enter map onto a scale value  a add to scale" :
		fd->type == FIELD_MULTI ? "w: means anyone (on/off)  s separator" :
		"Enter map onto another value  w: means anyone (on/off)", 0);
	ui_text(in.y + in.h - 1, in.x + 1, in.w - 2, dim, fd->type == FIELD_MULTI ?
		"Esc close  Save the profile with w on step 3 (Rules)" :
		"x remove alias  Esc close  Save the profile with w on step 3 (Rules)", 0);
}

/* w: the value becomes one that means "anyone" (a wildcard), or stops
 * being one; through the session (undo). */
static void toggle_wildcard(struct ui_app *app, struct values_dlg *v, const char *value)
{
	const struct field_def *fd = &app->s->prof.fields[v->field];
	struct profile_value_buf b = {0};
	char err[400], msg[400], *keep = xdup(value);
	int was = 0;
	size_t n = 0;
	for (size_t i = 0; i < fd->nwildcards; i++) {
		if (text_same(fd->wildcards[i], value) == 1) {
			was = 1;
			continue;
		}
		if (n++)
			profile_value_buf_sep(&b);
		profile_value_buf_text(&b, fd->wildcards[i], 1);
	}
	if (!was) {
		if (n++)
			profile_value_buf_sep(&b);
		profile_value_buf_text(&b, value, 1);
	}
	struct profile_value pv = profile_value_buf_value(&b, NULL, PK_FIELD_WILDCARD);
	if (b.oom || !keep ||
	    session_set_key_value(app->s, PK_FIELD_WILDCARD, v->field, &pv, err, sizeof err) != 0) {
		ui_status(app, UI_ROLE_ERROR, "%s", b.oom || !keep ? "out of memory" : err);
	} else {
		app->gen++;
		rebuild_rows(app, v);
		select_row(v, V_VALUE, keep);
		snprintf(msg, sizeof msg, was ? "\"%s\" is an answer like the others again" :
			 "\"%s\" now means anyone: it fits every answer", keep);
		ui_status(app, UI_ROLE_NOTE, "%s (z undoes it)", msg);
	}
	free(keep);
	profile_value_buf_free(&b);
}

static void separator_entered(struct ui_app *app, void *ctx, const char *text)
{
	struct values_dlg *v = ctx;
	struct profile_value_buf b = {0};
	char err[400];
	if (!text || !*text)
		return;
	profile_value_buf_text(&b, text, 1);
	struct profile_value pv = profile_value_buf_value(&b, NULL, PK_FIELD_SEPARATOR);
	if (b.oom || session_set_key_value(app->s, PK_FIELD_SEPARATOR, v->field, &pv, err,
					   sizeof err) != 0) {
		ui_status(app, UI_ROLE_ERROR, "%s", b.oom ? "out of memory" : err);
	} else {
		app->gen++;
		rebuild_rows(app, v);
		ui_status(app, UI_ROLE_NOTE, "answers now split at \"%s\" (z undoes it)", text);
	}
	profile_value_buf_free(&b);
}

static int values_key(struct ui_app *app, struct ui_dialog *dlg, int key)
{
	struct values_dlg *v = (struct values_dlg *)dlg;
	struct field_def *fd = &app->s->prof.fields[v->field];
	int ord = fd->type == FIELD_ORDINAL;
	enum ui_action act = ui_action_for_key(key);
	const struct vrow *row = v->n ? &v->rows[v->sel] : NULL;

	if (key == 'K' || key == 'J' || key == UI_FN(KEY_SR) || key == UI_FN(KEY_SF)) {
		int up = key == 'K' || key == UI_FN(KEY_SR);
		if (!ord || !row || row->kind != V_VALUE) {
			ui_status(app, UI_ROLE_WARNING, "%s", ord ?
				  "K/J move a scale value: highlight one first" :
				  "a category has no order to change");
			return UI_HANDLED;
		}
		size_t i = row->idx, j = up ? i - 1 : i + 1;
		if ((up && i == 0) || (!up && i + 1 >= fd->nscale))
			return UI_HANDLED;
		if (session_edit_begin(app->s) != 0) {
			ui_status(app, UI_ROLE_ERROR, "out of memory");
			return UI_HANDLED;
		}
		char *t = fd->scale[i];
		fd->scale[i] = fd->scale[j];
		fd->scale[j] = t;
		char msg[300];
		snprintf(msg, sizeof msg, "%s is now number %zu of the scale", t, j + 1);
		changed(app, v, V_VALUE, t, msg);
		return UI_HANDLED;
	}
	if (ui_list_move(act, v->n, v->page, &v->sel))
		return UI_HANDLED;
	if (act == UI_ACT_CANCEL || act == UI_ACT_QUIT || act == UI_ACT_BACK)
		return UI_HANDLED | UI_CLOSE;
	if (!row)
		return UI_HANDLED;
	if (key == 'w' && fd->type != FIELD_ORDINAL) {
		if (row->kind != V_VALUE) {
			ui_status(app, UI_ROLE_WARNING, "w marks a value that means \"anyone\": "
				  "highlight one first");
			return UI_HANDLED;
		}
		toggle_wildcard(app, v, row->text);
		return UI_HANDLED;
	}
	if (key == 's' && fd->type == FIELD_MULTI) {
		struct ui_input_spec in = { .title = "Separator", .prompt = "What joins the answers "
			"in a cell (e.g. , or ; or |):", .initial = fd->separator ? fd->separator : ",",
			.help = "Cells are split at it; spaces around the answers are dropped.",
			.done = separator_entered, .ctx = v };
		ui_input(app, &in);
		return UI_HANDLED;
	}
	if (act == UI_ACT_SELECT && fd->type == FIELD_MULTI) {
		ui_status(app, UI_ROLE_NOTE, "a multi field's answers are kept as they are; w marks "
			  "one that means anyone, s sets the separator");
		return UI_HANDLED;
	}
	if (act == UI_ACT_SELECT) {
		if (row->kind == V_UNKNOWN || (!ord && row->kind == V_VALUE))
			open_map(app, v, row->text);
		else if (row->kind == V_ALIAS)
			open_map(app, v, fd->aliases[row->idx].spelling);
		else
			ui_status(app, UI_ROLE_NOTE, "%s is on the scale; K/J move it", row->text);
		return UI_HANDLED;
	}
	if (key == 'a' && ord) {
		if (row->kind == V_UNKNOWN)
			open_add(app, v, row->text);
		else
			ui_status(app, UI_ROLE_WARNING, "a adds a value that is not on the scale: "
				  "highlight one first");
		return UI_HANDLED;
	}
	if (key == 'x' || key == UI_FN(KEY_DC)) {
		if (row->kind != V_ALIAS) {
			ui_status(app, UI_ROLE_WARNING, "x removes an alias: highlight one first");
			return UI_HANDLED;
		}
		char *sp = xdup(fd->aliases[row->idx].spelling);
		if (session_edit_begin(app->s) != 0) {
			free(sp);
			ui_status(app, UI_ROLE_ERROR, "out of memory");
			return UI_HANDLED;
		}
		profile_remove_alias(&app->s->prof, v->field, row->idx);
		char msg[300];
		snprintf(msg, sizeof msg, "alias \"%s\" removed", sp ? sp : "");
		changed(app, v, V_UNKNOWN, sp ? sp : "", msg);
		free(sp);
		return UI_HANDLED;
	}
	return UI_HANDLED;
}

static void values_destroy(struct ui_dialog *dlg)
{
	struct values_dlg *v = (struct values_dlg *)dlg;
	clear_rows(v);
	map_ctx_free(v->map);
	add_ctx_free(v->add);
	free(v);
}

static const struct ui_dialog_ops values_ops = {
	.draw = values_draw,
	.key = values_key,
	.destroy = values_destroy,
};

void ui_values_dialog(struct ui_app *app, size_t field)
{
	const struct profile *p = &app->s->prof;
	if (field >= p->nfields)
		return;
	enum field_type t = p->fields[field].type;
	if (t != FIELD_ORDINAL && t != FIELD_CATEGORY && t != FIELD_MULTI) {
		ui_status(app, UI_ROLE_WARNING, "v shows the values of an ordered, category or "
			  "multi field; %s is none of these (T changes its type)",
			  p->fields[field].label);
		return;
	}
	struct values_dlg *v = calloc(1, sizeof *v);
	if (!v)
		return;
	v->base.ops = &values_ops;
	v->field = field;
	v->page = 10;
	rebuild_rows(app, v);
	ui_dialog_push(app, &v->base);
}
