/* scr_columns.c - step 2: which spreadsheet column feeds each profile field.
 *
 * One line per field of the profile: its label, the mapped header in the
 * mentors file and in the mentees file, and a sample value.  The cursor is
 * on one cell (field x side); Enter opens a list of that file's headers
 * (with a sample of each and the suggestion marked).  Below the table, the
 * highlighted field in full: type, which rules and outputs use it, and the
 * first values of the mapped columns.
 */
#include "tui.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mentormatch/mapping.h"
#include "mentormatch/session.h"

/* This step's state, owned by the app (ui_step_state). */
struct columns_state {
	size_t sel, top;
	int side;
	int page;
};
#define ST ((struct columns_state *)ui_step_state(UI_STEP_COLUMNS))

/* Column index of field f on side, or -1 (unmapped or missing). */
static int field_col(const struct session *s, int side, size_t f)
{
	if (!s->have_table[side])
		return -1;
	return mapping_field_column(&s->prof, (enum side)side, f, &s->tab[side]);
}

/* Does the profile map field f on this side to a header the file lacks?
 * Then *was gets the profile's header. */
static int profile_header_missing(const struct ui_app *app, int side, size_t f,
				  char *was, size_t len)
{
	const struct session *s = app->s;
	const char *h;

	if (!s->have_table[side] || f >= s->prof.nfields)
		return 0;
	h = s->prof.columns[side][f];
	if (!h || field_col(s, side, f) >= 0)
		return 0;
	snprintf(was, len, "%s", h);
	return 1;
}

/* The column that key s would map field f to on this side, or -1. */
static int suggestion(const struct session *s, int side, size_t f)
{
	int *col, c = -1;
	if (!s->have_table[side] || f >= s->prof.nfields || !(col = malloc(s->prof.nfields * sizeof *col)))
		return -1;
	if (mapping_suggest(&s->prof, (enum side)side, &s->tab[side], col) >= 0)
		c = col[f];
	free(col);
	return c;
}

/* Does a rule or the output use field f on this side, or does it tell
 * people apart? */
static int field_needed(const struct profile *p, int side, size_t f)
{
	if (profile_field_used(p, (enum side)side, f))
		return 1;
	for (size_t i = 0; i < p->noutput; i++)
		if (p->output_fields[i] == f)
			return 1;
	return (long)f == profile_identity_field(p);
}

/* "rules: grade gap; output" */
static void used_by(const struct profile *p, size_t f, char *buf, size_t len)
{
	size_t o = 0;
	buf[0] = '\0';
	for (size_t r = 0; r < p->nrules; r++) {
		const struct rule *ru = &p->rules[r];
		if (ru->mentor_field != f && ru->mentee_field != f)
			continue;
		const char *who = ru->mentor_field == f && ru->mentee_field == f ? "" :
				  ru->mentor_field == f ? " (mentor)" : " (mentee)";
		int k = snprintf(buf + o, len - o, "%srule %s%s%s", o ? ", " : "",
				 ru->label, who, ru->enabled ? "" : " [off]");
		if (k < 0 || (size_t)k >= len - o)
			return;
		o += (size_t)k;
	}
	for (size_t i = 0; i < p->noutput; i++)
		if (p->output_fields[i] == f) {
			snprintf(buf + o, len - o, "%sthe output lists", o ? ", " : "");
			return;
		}
	if (o == 0)
		snprintf(buf, len, "%s", p->fields[f].type == FIELD_EMAIL ?
			 "identity (never matched with themselves)" :
			 "nothing (shown only)");
}

/* The first non-empty value of a column. */
static const char *first_value(const struct table *t, int col)
{
	if (col < 0)
		return "";
	for (size_t r = 0; r < t->nrows && r < 50; r++) {
		const char *v = table_cell(t, r, (size_t)col);
		if (*v)
			return v;
	}
	return "";
}

/* Up to four distinct non-empty values, joined by " | ". */
static void some_values(const struct table *t, int col, char *buf, size_t len)
{
	const char *seen[4];
	size_t nseen = 0, o = 0;
	buf[0] = '\0';
	for (size_t r = 0; r < t->nrows && nseen < 4; r++) {
		const char *v = table_cell(t, r, (size_t)col);
		int dup = !*v;
		for (size_t i = 0; i < nseen && !dup; i++)
			dup = strcmp(seen[i], v) == 0;
		if (dup)
			continue;
		seen[nseen++] = v;
		int k = snprintf(buf + o, len - o, "%s%s", o ? " | " : "", v);
		if (k < 0 || (size_t)k >= len - o)
			return;
		o += (size_t)k;
	}
	if (!nseen)
		snprintf(buf, len, "(all empty)");
}

static const char *type_name(const struct field_def *fd)
{
	switch (fd->type) {
	case FIELD_TEXT: return "text";
	case FIELD_EMAIL: return "email";
	case FIELD_CATEGORY: return "category";
	case FIELD_ORDINAL: return "ordered category";
	case FIELD_MULTI: return "several categories";
	case FIELD_NUMBER: return "number";
	case FIELD_ID: return "id";
	case FIELD_TYPE_COUNT: break;
	}
	return "";
}

static void draw_cell(const struct ui_app *app, int y, int x, int w, int side,
		      size_t f, int cursor)
{
	const struct session *s = app->s;
	const char *h = s->prof.columns[side][f];
	attr_t sel = ui_attr(UI_ROLE_SELECTED);
	char was[300], shown[600];
	long at = profile_column_at(&s->prof, (enum side)side, f);
	if (cursor)
		ui_fill(y, x, w, sel);
	if (h && at > 0) {
		snprintf(shown, sizeof shown, "%s @%ld", *h ? h : "(empty)", at);
		h = shown;
	}
	const struct column_list *cl = profile_numbered(&s->prof, (enum side)side, f);
	if (cl) {
		char t[700];
		snprintf(t, sizeof t, "%s +%zu more", cl->header[0], cl->n - 1);
		ui_text(y, x, w, cursor ? sel : ui_attr(UI_ROLE_NORMAL), t, 0);
	} else if (profile_header_missing(app, side, f, was, sizeof was)) {
		int used = ui_text(y, x, w, cursor ? sel : ui_attr(UI_ROLE_WARNING), "! ", 0);
		ui_text(y, x + used, w - used, cursor ? sel : ui_attr(UI_ROLE_WARNING),
			h ? h : "(not mapped)", 0);
	} else if (!s->have_table[side]) {
		ui_text(y, x, w, cursor ? sel : ui_attr(UI_ROLE_DIM),
			h ? h : "-", 0);
	} else if (!h) {
		int need = field_needed(&s->prof, side, f);
		ui_text(y, x, w, cursor ? sel : ui_attr(need ? UI_ROLE_WARNING : UI_ROLE_DIM),
			"(not mapped)", 0);
	} else if (field_col(s, side, f) < 0) {
		char t[700];
		snprintf(t, sizeof t, "%s (missing)", h);
		ui_text(y, x, w, cursor ? sel : ui_attr(UI_ROLE_ERROR), t, 0);
	} else {
		ui_text(y, x, w, cursor ? sel : ui_attr(UI_ROLE_NORMAL), h, 0);
	}
}

static void columns_draw(struct ui_app *app, struct ui_rect b)
{
	const struct session *s = app->s;
	const char *miss = ui_missing_files(app);
	if (!s->have_profile) {
		ui_draw_empty(b, "No profile yet",
			      miss ? "A profile names the fields to compare. Load the files on "
			      "step 1; then ^N proposes a field for each column. Or load one on "
			      "step 3 with l." :
			      "A profile names the fields to compare. Press ^N: a field for each "
			      "column is proposed from the files' values. Or load one on step 3 "
			      "with l.");
		return;
	}
	if (miss) {
		char l2[256];
		snprintf(l2, sizeof l2, "Mapping columns needs both files. Go back to "
			 "step 1 (Files) and choose %s.", miss);
		char l1[200];
		snprintf(l1, sizeof l1, "Missing: %s", miss);
		ui_draw_empty(b, l1, l2);
		return;
	}
	const struct profile *p = &s->prof;
	int detail_h = b.h >= 18 ? 5 : 4;
	int list_y = b.y + 1, list_h = b.h - 1 - detail_h;
	ST->page = list_h;
	ui_scroll_fix(p->nfields, list_h, &ST->sel, &ST->top);

	int lw = (b.w - 4) * 26 / 100, cw = (b.w - 4) * 24 / 100;
	int x0 = 1, x1 = x0 + lw + 1, x2 = x1 + cw + 1, x3 = x2 + cw + 1;
	int sw = b.w - 1 - x3;
	attr_t hd = ui_attr(UI_ROLE_HEADING);
	ui_text(b.y, x0, lw, hd, "Field", 0);
	ui_text(b.y, x1, cw, hd, "Mentors column", 0);
	ui_text(b.y, x2, cw, hd, "Mentees column", 0);
	ui_text(b.y, x3, sw, hd, "Sample", 0);

	for (int r = 0; r < list_h && ST->top + (size_t)r < p->nfields; r++) {
		size_t f = ST->top + (size_t)r;
		int y = list_y + r, cur = f == ST->sel;
		ui_text(y, x0, lw, ui_attr(cur ? UI_ROLE_HEADING : UI_ROLE_NORMAL),
			p->fields[f].label, 0);
		if (cur)
			ui_text(y, 0, 1, ui_attr(UI_ROLE_KEY), ">", 0);
		draw_cell(app, y, x1, cw, SIDE_MENTOR, f, cur && ST->side == SIDE_MENTOR);
		draw_cell(app, y, x2, cw, SIDE_MENTEE, f, cur && ST->side == SIDE_MENTEE);
		int c = field_col(s, SIDE_MENTOR, f), side = SIDE_MENTOR;
		if (c < 0 || !*first_value(&s->tab[SIDE_MENTOR], c)) {
			int c2 = field_col(s, SIDE_MENTEE, f);
			if (c2 >= 0) {
				c = c2;
				side = SIDE_MENTEE;
			}
		}
		ui_text(y, x3, sw, ui_attr(UI_ROLE_DIM),
			c >= 0 ? first_value(&s->tab[side], c) : "", 0);
	}

	/* the highlighted field in full */
	if (p->nfields == 0)
		return;
	size_t f = ST->sel;
	const struct field_def *fd = &p->fields[f];
	int y = b.y + b.h - detail_h;
	char buf[1024];
	ui_fill(y, 0, b.w, ui_attr(UI_ROLE_NORMAL));
	attrset(ui_attr(UI_ROLE_DIM));
	mvhline_set(y, 0, WACS_HLINE, b.w);
	attrset(A_NORMAL);
	y++;
	if (fd->type == FIELD_ORDINAL) {
		size_t o = 0;
		buf[0] = '\0';
		for (size_t i = 0; i < fd->nscale; i++) {
			int k = snprintf(buf + o, sizeof buf - o, "%s%s", i ? " < " : "",
					 fd->scale[i]);
			if (k < 0 || (size_t)k >= sizeof buf - o)
				break;
			o += (size_t)k;
		}
		ui_textf(y, 1, b.w - 2, ui_attr(UI_ROLE_NORMAL), 0, "%s: %s, %s",
			 fd->label, type_name(fd), buf);
	} else {
		ui_textf(y, 1, b.w - 2, ui_attr(UI_ROLE_NORMAL), 0, "%s: %s (profile name %s)",
			 fd->label, type_name(fd), fd->name);
	}
	used_by(p, f, buf, sizeof buf);
	ui_textf(++y, 1, b.w - 2, ui_attr(UI_ROLE_NORMAL), 0, "Used by: %s", buf);
	for (int side = 0; side < SIDE_COUNT && y + 1 < b.y + b.h; side++) {
		int c = field_col(s, side, f);
		char vals[600], was[300];
		int x = 1;
		const struct column_list *cl = profile_numbered(p, (enum side)side, f);
		if (cl) {
			size_t o = 0;
			for (size_t k = 0; k < cl->n && o < sizeof vals; k++)
				o += (size_t)snprintf(vals + o, sizeof vals - o, "%s%s", k ? ", " : "",
						      cl->header[k]);
			x += ui_textf(++y, x, b.w - 2, ui_attr(UI_ROLE_DIM), 0, "%s: %zu columns: ",
				      side == SIDE_MENTOR ? "Mentors" : "Mentees", cl->n);
			ui_text(y, x, b.w - 1 - x, ui_attr(UI_ROLE_NORMAL), vals, 0);
			continue;
		}
		if (profile_header_missing(app, side, f, was, sizeof was)) {
			int sc = suggestion(s, side, f);
			char t[1000];
			snprintf(t, sizeof t, "! profile says '%s', not in this file; %s%s%s", was,
				 sc >= 0 ? "a maps '" : "pick a column (Enter), or a unmaps it",
				 sc >= 0 ? s->tab[side].headers[sc] : "", sc >= 0 ? "' instead" : "");
			x += ui_textf(++y, x, b.w - 2, ui_attr(UI_ROLE_DIM), 0, "%s: ",
				      side == SIDE_MENTOR ? "Mentors" : "Mentees");
			ui_text(y, x, b.w - 1 - x, ui_attr(UI_ROLE_WARNING), t, 0);
			continue;
		}
		if (c >= 0) {
			some_values(&s->tab[side], c, vals, sizeof vals);
		} else {
			int sc = s->prof.columns[side][f] ? -1 : suggestion(s, side, f);
			if (sc >= 0)
				snprintf(vals, sizeof vals, "(not mapped; a maps the suggestion '%s')",
					 s->tab[side].headers[sc]);
			else
				snprintf(vals, sizeof vals, "%s", s->prof.columns[side][f] ?
					 "(the mapped column is not in this file)" : "(not mapped)");
		}
		x += ui_textf(++y, x, b.w - 2, ui_attr(UI_ROLE_DIM), 0, "%s: ",
			      side == SIDE_MENTOR ? "Mentors" : "Mentees");
		ui_text(y, x, b.w - 1 - x, ui_attr(UI_ROLE_NORMAL), vals, 0);
	}
}

static int columns_handle(struct ui_app *app, enum ui_action act, int key)
{
	struct session *s = app->s;
	(void)key;
	if (act == UI_ACT_NEW_PROFILE) {
		ui_new_profile(app);
		return UI_HANDLED;
	}
	if (!s->have_profile || ui_missing_files(app))
		return UI_IGNORED;
	size_t n = s->prof.nfields;
	if (ui_list_move(act, n, ST->page, &ST->sel))
		return UI_HANDLED;
	switch (act) {
	case UI_ACT_ADD:
		ui_field_set_selection(&ST->sel);
		ui_field_add(app);
		return UI_HANDLED;
	case UI_ACT_RENAME:
		if (n > 0)
			ui_field_rename(app, ST->sel);
		return UI_HANDLED;
	case UI_ACT_RETYPE:
		if (n > 0)
			ui_field_retype(app, ST->sel);
		return UI_HANDLED;
	case UI_ACT_DELETE:
		ui_field_set_selection(&ST->sel);
		if (n > 0)
			ui_field_delete(app, ST->sel);
		return UI_HANDLED;
	case UI_ACT_LEFT:
		ST->side = SIDE_MENTOR;
		return UI_HANDLED;
	case UI_ACT_RIGHT:
		ST->side = SIDE_MENTEE;
		return UI_HANDLED;
	case UI_ACT_SELECT:
		if (n > 0)
			ui_field_pick_columns(app, ST->sel, ST->side);
		return UI_HANDLED;
	case UI_ACT_VALUES:
		if (n > 0)
			ui_values_dialog(app, ST->sel);
		return UI_HANDLED;
	case UI_ACT_SUGGEST: {
		int total = 0;
		struct profile p;
		if (ui_edit_begin(app, &p) != 0)
			return UI_HANDLED;
		for (int side = 0; side < SIDE_COUNT; side++) {
			int k = mapping_suggest_all(&p, (enum side)side, &s->tab[side]);
			if (k > 0)
				total += k;
		}
		if (total > 0)
			ui_edit_commit(app, &p, PCHANGE_DATA, "%d field%s filled in from the header "
				       "names", total, total == 1 ? "" : "s");
		else {
			ui_edit_cancel(&p);
			ui_status(app, UI_ROLE_NOTE,
				  "no header matches a field that is still unmapped");
		}
		return UI_HANDLED;
	}
	default:
		return UI_IGNORED;
	}
}

static const struct ui_hint columns_hints[] = {
	{ UI_ACT_SELECT, "column" },
	{ UI_ACT_LEFT, "side" },
	{ UI_ACT_VALUES, "values" },
	{ UI_ACT_ADD, "add" },
	{ UI_ACT_RETYPE, "type" },
	{ UI_ACT_RENAME, "rename" },
	{ UI_ACT_DELETE, "delete" },
	{ UI_ACT_SUGGEST, "suggest" },
	{ UI_ACT_UNDO, NULL },
	{ UI_ACT_NONE, NULL },
};

const struct ui_screen ui_scr_columns = {
	.state_size = sizeof(struct columns_state),
	.name = "Columns",
	.title = "Columns: which spreadsheet column feeds each field of the profile",
	.enter = NULL,
	.leave = NULL,
	.draw = columns_draw,
	.handle = columns_handle,
	.hints = columns_hints,
};
