/* dialog.c - modal dialogs: pager (help, alerts), the messages (grouped),
 * yes/no question, text input and a pick list.  Each is a struct ui_dialog with its own ops;
 * the loop in app.c sends it the keys and draws it over the current step.
 */
#include "tui.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "mentormatch/diag.h"

static char *xstrdup(const char *s)
{
	size_t n = strlen(s ? s : "") + 1;
	char *p = malloc(n);
	if (p)
		memcpy(p, s ? s : "", n);
	return p;
}

/* ---- pager: a scrollable list of lines in a box ---------------------------- */

struct pager {
	struct ui_dialog base;
	char *title;
	size_t n, cap;
	char **lines;
	enum ui_role *roles;
	int *indent;       /* where a line's wrapped rest starts */
	int full;          /* use (almost) the whole screen */
	size_t top;        /* first display line shown */
	size_t ndisplay;   /* display lines at the last draw */
	int page;          /* lines visible at the last draw */
};

/* Adds a line whose wrapped rest starts indent cells in (under its text,
 * not at the box's edge). */
static void pager_add_hanging(struct pager *pg, enum ui_role role, const char *text,
			      int indent)
{
	if (pg->n == pg->cap) {
		size_t cap = pg->cap ? pg->cap * 2 : 16;
		char **l = realloc(pg->lines, cap * sizeof *l);
		if (!l)
			return;
		pg->lines = l;
		enum ui_role *r = realloc(pg->roles, cap * sizeof *r);
		if (!r)
			return;
		pg->roles = r;
		int *ind = realloc(pg->indent, cap * sizeof *ind);
		if (!ind)
			return;
		pg->indent = ind;
		pg->cap = cap;
	}
	char *c = xstrdup(text);
	if (!c)
		return;
	pg->lines[pg->n] = c;
	pg->roles[pg->n] = role;
	pg->indent[pg->n] = indent;
	pg->n++;
}

/* A line; wrapped, its rest lines up with its first character (after the
 * leading spaces, and after a "+ ", "- " or "! " marker). */
static void pager_add(struct pager *pg, enum ui_role role, const char *text)
{
	int ind = 0;
	while (text[ind] == ' ')
		ind++;
	if (ind && strchr("+-!*", text[ind]) && text[ind] && text[ind + 1] == ' ')
		ind += 2;
	pager_add_hanging(pg, role, text, ind);
}

/* Counts (draw == 0) or draws the wrapped lines; returns the display lines. */
static size_t pager_layout(struct pager *pg, struct ui_rect in, int draw)
{
	size_t row = 0;
	for (size_t i = 0; i < pg->n; i++) {
		const char *s = pg->lines[i];
		int first = 1;
		int ind = pg->indent[i] <= in.w / 2 ? pg->indent[i] : 0;
		do {
			int x = first ? 0 : ind;
			if (!first && *s == ' ')
				s++;
			size_t len = ui_wrap_next(s, in.w - x, NULL);
			if (draw && row >= pg->top && row < pg->top + (size_t)in.h) {
				char piece[1024];
				if (len >= sizeof piece)
					len = sizeof piece - 1;
				memcpy(piece, s, len);
				piece[len] = '\0';
				ui_text(in.y + (int)(row - pg->top), in.x + x, in.w - x,
					ui_attr(pg->roles[i]), piece, 0);
			}
			row++;
			s += len;
			first = 0;
		} while (*s && !(*s == ' ' && s[1] == '\0'));
	}
	return row;
}

static int pager_width(const struct pager *pg)
{
	int w = ui_text_width(pg->title) + 6;
	for (size_t i = 0; i < pg->n; i++) {
		int lw = ui_text_width(pg->lines[i]) + 4;
		if (lw > w)
			w = lw;
	}
	return w;
}

static void pager_draw(struct ui_app *app, struct ui_dialog *dlg)
{
	struct pager *pg = (struct pager *)dlg;
	(void)app;
	struct ui_rect r;
	int maxw = COLS - 4 > 20 ? COLS - 4 : COLS;
	int maxh = LINES - 2 > 6 ? LINES - 2 : LINES;
	if (pg->full) {
		r = ui_centre(maxh, maxw);
	} else {
		int w = pager_width(pg);
		if (w < 40)
			w = 40;
		if (w > maxw)
			w = maxw;
		/* height from the wrapped text */
		struct ui_rect probe = { 0, 0, 1 << 20, w - 4 };
		size_t lines = pager_layout(pg, probe, 0);
		int h = (int)lines + 3;
		if (h > maxh)
			h = maxh;
		r = ui_centre(h, w);
	}
	struct ui_rect in = ui_box(r, pg->title);
	in.h -= 1;                         /* footer line */
	if (in.h < 1 || in.w < 1)
		return;
	pg->ndisplay = pager_layout(pg, in, 0);
	pg->page = in.h;
	if (pg->ndisplay <= (size_t)in.h)
		pg->top = 0;
	else if (pg->top > pg->ndisplay - (size_t)in.h)
		pg->top = pg->ndisplay - (size_t)in.h;
	pager_layout(pg, in, 1);

	/* the footer: the longest form that fits */
	char foot[128];
	if (pg->ndisplay > (size_t)in.h) {
		size_t a = pg->top + 1, b = pg->top + (size_t)in.h, n = pg->ndisplay;
		snprintf(foot, sizeof foot, "j/k PgUp/PgDn scroll (%zu-%zu of %zu)   Esc close",
			 a, b, n);
		if (ui_text_width(foot) > in.w)
			snprintf(foot, sizeof foot, "j/k scroll (%zu-%zu of %zu)  Esc close", a, b, n);
		if (ui_text_width(foot) > in.w)
			snprintf(foot, sizeof foot, "j/k %zu-%zu/%zu  Esc close", a, b, n);
	} else {
		snprintf(foot, sizeof foot, "Esc or Enter: close");
	}
	ui_text(in.y + in.h, in.x, in.w, ui_attr(UI_ROLE_DIM), foot, 0);
}

static int pager_key(struct ui_app *app, struct ui_dialog *dlg, int key)
{
	struct pager *pg = (struct pager *)dlg;
	enum ui_action act = ui_action_for_key(key);
	(void)app;
	size_t max = pg->ndisplay > (size_t)pg->page ? pg->ndisplay - (size_t)pg->page : 0;
	size_t page = pg->page > 1 ? (size_t)pg->page - 1 : 1;
	switch (act) {
	case UI_ACT_UP:
		if (pg->top > 0)
			pg->top--;
		return UI_HANDLED;
	case UI_ACT_DOWN:
		if (pg->top < max)
			pg->top++;
		return UI_HANDLED;
	case UI_ACT_PAGE_UP:
		pg->top = pg->top > page ? pg->top - page : 0;
		return UI_HANDLED;
	case UI_ACT_PAGE_DOWN:
	case UI_ACT_TOGGLE:
		pg->top = pg->top + page < max ? pg->top + page : max;
		return UI_HANDLED;
	case UI_ACT_HOME:
		pg->top = 0;
		return UI_HANDLED;
	case UI_ACT_END:
		pg->top = max;
		return UI_HANDLED;
	case UI_ACT_CANCEL:
	case UI_ACT_SELECT:
	case UI_ACT_QUIT:
	case UI_ACT_HELP:
	case UI_ACT_MESSAGES:
	case UI_ACT_BACK:
		return UI_HANDLED | UI_CLOSE;
	default:
		return UI_HANDLED;
	}
}

static void pager_destroy(struct ui_dialog *dlg)
{
	struct pager *pg = (struct pager *)dlg;
	for (size_t i = 0; i < pg->n; i++)
		free(pg->lines[i]);
	free(pg->lines);
	free(pg->roles);
	free(pg->indent);
	free(pg->title);
	free(pg);
}

static const struct ui_dialog_ops pager_ops = {
	.draw = pager_draw,
	.key = pager_key,
	.destroy = pager_destroy,
};

static struct pager *pager_new(const char *title, int full)
{
	struct pager *pg = calloc(1, sizeof *pg);
	if (!pg)
		return NULL;
	pg->base.ops = &pager_ops;
	pg->title = xstrdup(title);
	pg->full = full;
	return pg;
}

/* ---- messages: one line per kind, a group opened with Enter ------------------
 * The diagnostics from an index on, grouped by diag_group: repeated messages
 * of one kind are one line ("2000 rows: ... (lines 2-2001)"); Enter on it
 * lists every one of them under it (Enter again folds them).  j/k move the
 * highlight over the lines shown. */

struct msg_row {
	size_t group;
	size_t member;          /* (size_t)-1: the group's own line */
};

struct msglist {
	struct ui_dialog base;
	char *title;
	struct diag_group *g;
	size_t ng;
	char **head;            /* ng: the group's line (diag_group_format) */
	char ***member;         /* ng: its items' lines, made when first opened */
	unsigned char *open;    /* ng */
	enum ui_role *role;     /* ng */
	struct msg_row *rows;   /* the lines listed: heads and opened members */
	size_t nrows;
	size_t sel;             /* in rows */
	size_t top;             /* first display line shown */
	size_t *start;          /* nrows + 1: each row's first display line */
	int page;
	int at_end;             /* first draw: show the newest at the bottom */
};

static const char *msg_text(const struct msglist *ml, const struct msg_row *r)
{
	if (r->member == (size_t)-1)
		return ml->head[r->group];
	return ml->member[r->group] ? ml->member[r->group][r->member] : "";
}

/* Lists the heads and the members of the open groups again; the highlight
 * stays on keep (a row), or its group's line. */
static int msg_rows(struct msglist *ml, struct msg_row keep)
{
	size_t n = ml->ng;
	for (size_t i = 0; i < ml->ng; i++)
		if (ml->open[i])
			n += ml->g[i].n;
	struct msg_row *r = realloc(ml->rows, (n ? n : 1) * sizeof *r);
	size_t *st = realloc(ml->start, (n + 1) * sizeof *st);
	if (r)
		ml->rows = r;
	if (st)
		ml->start = st;
	if (!r || !st)
		return -1;
	ml->nrows = 0;
	ml->sel = 0;
	for (size_t i = 0; i < ml->ng; i++) {
		if (i == keep.group)
			ml->sel = ml->nrows;
		r[ml->nrows++] = (struct msg_row){ i, (size_t)-1 };
		for (size_t m = 0; ml->open[i] && m < ml->g[i].n; m++) {
			if (i == keep.group && m == keep.member)
				ml->sel = ml->nrows;
			r[ml->nrows++] = (struct msg_row){ i, m };
		}
	}
	return 0;
}

/* Opens or folds group i; its members' lines are made the first time. */
static void msg_toggle(struct ui_app *app, struct msglist *ml, size_t i)
{
	if (!ml->open[i] && !ml->member[i]) {
		char **lines = calloc(ml->g[i].n, sizeof *lines);
		if (!lines)
			return;
		for (size_t m = 0; m < ml->g[i].n; m++) {
			const struct diag_item *it = &app->d->items[ml->g[i].items[m]];
			char buf[1024];
			diag_format(it, buf, sizeof buf);
			if (!(lines[m] = xstrdup(buf))) {
				while (m--)
					free(lines[m]);
				free(lines);
				return;
			}
		}
		ml->member[i] = lines;
	}
	ml->open[i] = !ml->open[i];
	msg_rows(ml, (struct msg_row){ i, (size_t)-1 });
}

/* Display lines of every row in width w (start[]); returns their total. */
static size_t msg_layout(struct msglist *ml, int w)
{
	size_t line = 0;
	for (size_t k = 0; k < ml->nrows; k++) {
		int ind = ml->rows[k].member == (size_t)-1 ? 0 : 4;
		const char *s = msg_text(ml, &ml->rows[k]);
		ml->start[k] = line;
		int first = 1;
		do {
			int x = ind + (first ? 0 : 2);
			if (!first && *s == ' ')
				s++;
			s += ui_wrap_next(s, w - x > 4 ? w - x : 4, NULL);
			line++;
			first = 0;
		} while (*s && !(*s == ' ' && s[1] == '\0'));
	}
	ml->start[ml->nrows] = line;
	return line;
}

static void msg_draw(struct ui_app *app, struct ui_dialog *dlg)
{
	struct msglist *ml = (struct msglist *)dlg;
	(void)app;
	int maxw = COLS - 4 > 20 ? COLS - 4 : COLS;
	int maxh = LINES - 2 > 6 ? LINES - 2 : LINES;
	int w = ui_text_width(ml->title) + 6;
	for (size_t i = 0; i < ml->ng && w < maxw; i++)
		if (ui_text_width(ml->head[i]) + 4 > w)
			w = ui_text_width(ml->head[i]) + 4;
	if (w < 40)
		w = 40;
	if (w > maxw)
		w = maxw;
	size_t total = msg_layout(ml, w - 4);
	int h = (int)total + 3;
	if (h > maxh)
		h = maxh;
	struct ui_rect in = ui_box(ui_centre(h, w), ml->title);
	in.h -= 1;                         /* footer line */
	if (in.h < 1 || in.w < 1)
		return;
	ml->page = in.h;
	if (ml->nrows) {
		size_t a = ml->start[ml->sel], b = ml->start[ml->sel + 1];
		if (ml->at_end)
			ml->top = total > (size_t)in.h ? total - (size_t)in.h : 0;
		ml->at_end = 0;
		if (b > ml->top + (size_t)in.h)
			ml->top = b - (size_t)in.h;
		if (a < ml->top)
			ml->top = a;
	}
	if (total <= (size_t)in.h)
		ml->top = 0;
	else if (ml->top > total - (size_t)in.h)
		ml->top = total - (size_t)in.h;
	for (size_t k = 0; k < ml->nrows; k++) {
		if (ml->start[k + 1] <= ml->top)
			continue;
		if (ml->start[k] >= ml->top + (size_t)in.h)
			break;
		const struct msg_row *r = &ml->rows[k];
		int sel = k == ml->sel, ind = r->member == (size_t)-1 ? 0 : 4;
		attr_t a = ui_attr(sel ? UI_ROLE_SELECTED : r->member == (size_t)-1 ?
				   ml->role[r->group] : UI_ROLE_NORMAL);
		const char *s = msg_text(ml, r);
		size_t line = ml->start[k];
		int first = 1;
		do {
			int x = ind + (first ? 0 : 2);
			if (!first && *s == ' ')
				s++;
			size_t len = ui_wrap_next(s, in.w - x > 4 ? in.w - x : 4, NULL);
			if (line >= ml->top && line < ml->top + (size_t)in.h) {
				int y = in.y + (int)(line - ml->top);
				char piece[1024];
				if (len >= sizeof piece)
					len = sizeof piece - 1;
				memcpy(piece, s, len);
				piece[len] = '\0';
				if (sel)
					ui_fill(y, in.x, in.w, a);
				ui_text(y, in.x + x, in.w - x, a, piece, 0);
			}
			s += len;
			line++;
			first = 0;
		} while (*s && !(*s == ' ' && s[1] == '\0'));
	}

	/* the footer: what Enter does here, the longest form that fits */
	char foot[160], what[64] = "Esc close";
	const struct msg_row *r = ml->nrows ? &ml->rows[ml->sel] : NULL;
	if (r && ml->g[r->group].n > 1)
		snprintf(what, sizeof what, ml->open[r->group] ? "Enter fold   Esc close" :
			 "Enter: all %zu   Esc close", ml->g[r->group].n);
	else if (r)
		snprintf(what, sizeof what, "Esc or Enter: close");
	if (total > (size_t)in.h || ml->nrows > 1) {
		snprintf(foot, sizeof foot, "j/k move (%zu of %zu)   %s", ml->sel + 1, ml->nrows, what);
		if (ui_text_width(foot) > in.w)
			snprintf(foot, sizeof foot, "j/k %zu/%zu  %s", ml->sel + 1, ml->nrows, what);
	} else {
		snprintf(foot, sizeof foot, "%s", what);
	}
	ui_text(in.y + in.h, in.x, in.w, ui_attr(UI_ROLE_DIM), foot, 0);
}

static int msg_key(struct ui_app *app, struct ui_dialog *dlg, int key)
{
	struct msglist *ml = (struct msglist *)dlg;
	enum ui_action act = ui_action_for_key(key);
	if (ui_list_move(act, ml->nrows, ml->page, &ml->sel))
		return UI_HANDLED;
	switch (act) {
	case UI_ACT_TOGGLE:
		ui_list_move(UI_ACT_PAGE_DOWN, ml->nrows, ml->page, &ml->sel);
		return UI_HANDLED;
	case UI_ACT_SELECT:
		if (ml->nrows && ml->g[ml->rows[ml->sel].group].n > 1) {
			msg_toggle(app, ml, ml->rows[ml->sel].group);
			return UI_HANDLED;
		}
		return UI_HANDLED | UI_CLOSE;
	case UI_ACT_CANCEL:
	case UI_ACT_QUIT:
	case UI_ACT_HELP:
	case UI_ACT_MESSAGES:
	case UI_ACT_BACK:
		return UI_HANDLED | UI_CLOSE;
	default:
		return UI_HANDLED;
	}
}

static void msg_destroy(struct ui_dialog *dlg)
{
	struct msglist *ml = (struct msglist *)dlg;
	for (size_t i = 0; i < ml->ng; i++) {
		if (ml->head)
			free(ml->head[i]);
		if (ml->member && ml->member[i]) {
			for (size_t m = 0; m < ml->g[i].n; m++)
				free(ml->member[i][m]);
			free(ml->member[i]);
		}
	}
	diag_groups_free(ml->g, ml->ng);
	free(ml->head);
	free(ml->member);
	free(ml->open);
	free(ml->role);
	free(ml->rows);
	free(ml->start);
	free(ml->title);
	free(ml);
}

static const struct ui_dialog_ops msg_ops = {
	.draw = msg_draw,
	.key = msg_key,
	.destroy = msg_destroy,
};

void ui_show_messages(struct ui_app *app, size_t from, const char *title)
{
	struct diag_group *g;
	size_t ng = diag_group(app->d, from, app->d->n, &g);
	if (ng == 0 || ng == (size_t)-1) {
		/* nothing to list (or no memory to group them): a box that says so */
		struct pager *pg = pager_new(title ? title : "Messages", 0);
		if (!pg)
			return;
		pager_add(pg, UI_ROLE_DIM, ng == 0 ? "No messages." :
			  "The messages cannot be shown: out of memory.");
		ui_dialog_push(app, &pg->base);
		return;
	}
	struct msglist *ml = calloc(1, sizeof *ml);
	if (!ml) {
		diag_groups_free(g, ng);
		return;
	}
	ml->base.ops = &msg_ops;
	ml->title = xstrdup(title ? title : "Messages");
	ml->g = g;
	ml->ng = ng;
	size_t n = ng;
	ml->head = calloc(n, sizeof *ml->head);
	ml->member = calloc(n, sizeof *ml->member);
	ml->open = calloc(n, 1);
	ml->role = calloc(n, sizeof *ml->role);
	int ok = ml->title && ml->head && ml->member && ml->open && ml->role;
	for (size_t i = 0; ok && i < ml->ng; i++) {
		const struct diag_item *it = &app->d->items[ml->g[i].first];
		char buf[1536];
		diag_group_format(app->d, &ml->g[i], buf, sizeof buf);
		ok = (ml->head[i] = xstrdup(buf)) != NULL;
		ml->role[i] = it->level == DIAG_ERROR ? UI_ROLE_ERROR :
			      it->level == DIAG_WARNING ? UI_ROLE_WARNING : UI_ROLE_NORMAL;
	}
	if (!ok || msg_rows(ml, (struct msg_row){ ml->ng - 1, (size_t)-1 }) != 0) {
		msg_destroy(&ml->base);
		return;
	}
	/* start at the end: the newest messages matter most */
	ml->at_end = 1;
	ui_dialog_push(app, &ml->base);
}

void ui_alert(struct ui_app *app, const char *title, const char *text)
{
	struct pager *pg = pager_new(title, 0);
	if (!pg)
		return;
	const char *s = text;
	while (s && *s) {
		const char *nl = strchr(s, '\n');
		size_t len = nl ? (size_t)(nl - s) : strlen(s);
		char line[1024];
		if (len >= sizeof line)
			len = sizeof line - 1;
		memcpy(line, s, len);
		line[len] = '\0';
		pager_add(pg, UI_ROLE_NORMAL, line);
		s = nl ? nl + 1 : NULL;
	}
	ui_dialog_push(app, &pg->base);
}

void ui_show_help(struct ui_app *app)
{
	static const struct ui_screen *const steps[UI_NSTEPS] = {
		&ui_scr_files, &ui_scr_columns, &ui_scr_rules,
		&ui_scr_match, &ui_scr_candidates, &ui_scr_save,
	};
	struct pager *pg = pager_new("Help", 1);
	if (!pg)
		return;
	pager_add(pg, UI_ROLE_NORMAL,
		  "mentormatch pairs mentors with mentees in six steps. Move between "
		  "them with Tab and [ (or Shift-Tab), or jump with 1 to 6.");
	for (int i = 0; i < UI_NSTEPS; i++) {
		char line[256];
		snprintf(line, sizeof line, "  %d  %s", i + 1, steps[i]->title);
		pager_add_hanging(pg, UI_ROLE_NORMAL, line, 5);
	}
	for (int pass = 1; pass >= 0; pass--) {
		pager_add(pg, UI_ROLE_NORMAL, "");
		pager_add(pg, UI_ROLE_HEADING, pass ? "Keys on every step" :
			  "Keys in the steps and dialogs (the bottom line shows which apply)");
		for (int a = 1; a < UI_ACT_COUNT; a++) {
			if (ui_actions[a].global != pass)
				continue;
			char keys[96] = "", name[32], line[320];
			for (const int *k = ui_actions[a].keys; *k != -1; k++) {
				ui_key_name(*k, name, sizeof name);
				if (strstr(keys, name) &&
				    (strlen(name) > 1 || strchr(keys, name[0])))
					continue;       /* Enter, Backspace twice */
				if (a == UI_ACT_GOTO_STEP) {
					snprintf(keys, sizeof keys, "1 ... 6");
					break;
				}
				if (*keys)
					strncat(keys, " ", sizeof keys - strlen(keys) - 1);
				strncat(keys, name, sizeof keys - strlen(keys) - 1);
			}
			snprintf(line, sizeof line, "  %-18s %s", keys, ui_actions[a].help);
			pager_add_hanging(pg, UI_ROLE_NORMAL, line, 21);
		}
	}
	pager_add(pg, UI_ROLE_NORMAL, "");
	pager_add(pg, UI_ROLE_HEADING, "Reviewing the match (step 5)");
	pager_add(pg, UI_ROLE_NORMAL,
		  "The candidates of the highlighted person, best first: Rd is the round of a "
		  "pair in the result (*), %best the share of the best score this person could "
		  "reach, [pinned] a pair kept in every result ([pinned!]: against a rule or a "
		  "capacity, see e), [banned] a pair never matched, \"no:\" the rule that forbids "
		  "the pair. Below: the pair's score rule by rule, and why a person has no match.");
	pager_add(pg, UI_ROLE_NORMAL,
		  "A pin or ban (step 5) or a changed weight or rule (step 3) runs the match again "
		  "at once when there is a result, and shows what changed: pairs added and "
		  "removed, the total score, who has a match, before and after (x: in full). "
		  "Step 6 saves the pins and bans to pins.csv beside the results; P loads them.");
	pager_add(pg, UI_ROLE_NORMAL, "");
	pager_add(pg, UI_ROLE_NORMAL,
		  "In a text field: type, Left/Right move, Backspace deletes, Ctrl-U "
		  "clears, Enter accepts, Esc cancels. Esc also closes every dialog.");
	pager_add(pg, UI_ROLE_NORMAL,
		  "Ctrl-C asks like q when the results are not saved; a second Ctrl-C "
		  "quits. While a match runs, c, Esc or Ctrl-C stop it; other keys typed "
		  "meanwhile are ignored.");
	ui_dialog_push(app, &pg->base);
}

/* ---- yes/no question --------------------------------------------------------- */

struct confirm {
	struct ui_dialog base;
	char *title, *question;
	ui_confirm_fn *fn;
	void *ctx;
};

static void confirm_draw(struct ui_app *app, struct ui_dialog *dlg)
{
	struct confirm *c = (struct confirm *)dlg;
	(void)app;
	int w = ui_text_width(c->question) + 6;
	if (w < 40)
		w = 40;
	if (w > COLS - 4)
		w = COLS - 4 > 20 ? COLS - 4 : COLS;
	int lines = 0;
	const char *s = c->question;
	while (*s) {
		if (*s == ' ')
			s++;
		s += ui_wrap_next(s, w - 4, NULL);
		lines++;
	}
	struct ui_rect in = ui_box(ui_centre(lines + 4, w), c->title);
	s = c->question;
	for (int i = 0; i < lines && i < in.h; i++) {
		if (*s == ' ')
			s++;
		size_t len = ui_wrap_next(s, in.w, NULL);
		char piece[1024];
		if (len >= sizeof piece)
			len = sizeof piece - 1;
		memcpy(piece, s, len);
		piece[len] = '\0';
		ui_text(in.y + i, in.x, in.w, ui_attr(UI_ROLE_NORMAL), piece, 0);
		s += len;
	}
	int y = in.y + in.h - 1;
	int x = in.x;
	x += ui_text(y, x, in.w, ui_attr(UI_ROLE_KEY), "y", 0);
	x += ui_text(y, x, in.w - (x - in.x), ui_attr(UI_ROLE_NORMAL), " yes    ", 0);
	x += ui_text(y, x, in.w - (x - in.x), ui_attr(UI_ROLE_KEY), "n", 0);
	ui_text(y, x, in.w - (x - in.x), ui_attr(UI_ROLE_NORMAL), " or Esc: no", 0);
}

static int confirm_key(struct ui_app *app, struct ui_dialog *dlg, int key)
{
	struct confirm *c = (struct confirm *)dlg;
	if (key == 'y' || key == 'Y') {
		c->fn(app, c->ctx, 1);
		return UI_HANDLED | UI_CLOSE;
	}
	if (key == 'n' || key == 'N' || key == UI_KEY_ESC || key == 'q') {
		c->fn(app, c->ctx, 0);
		return UI_HANDLED | UI_CLOSE;
	}
	return UI_HANDLED;
}

static void confirm_destroy(struct ui_dialog *dlg)
{
	struct confirm *c = (struct confirm *)dlg;
	free(c->title);
	free(c->question);
	free(c);
}

static const struct ui_dialog_ops confirm_ops = {
	.draw = confirm_draw,
	.key = confirm_key,
	.destroy = confirm_destroy,
};

void ui_confirm(struct ui_app *app, const char *title, const char *question,
		ui_confirm_fn *fn, void *ctx)
{
	struct confirm *c = calloc(1, sizeof *c);
	if (!c)
		return;
	c->base.ops = &confirm_ops;
	c->title = xstrdup(title);
	c->question = xstrdup(question);
	c->fn = fn;
	c->ctx = ctx;
	ui_dialog_push(app, &c->base);
}

/* ---- text input ----------------------------------------------------------------- */

#define INPUT_MAX 1024

struct input {
	struct ui_dialog base;
	char *title, *prompt, *help;
	ui_input_fn *done, *changed;
	void *ctx;
	int bottom;
	int fresh;        /* the initial text is selected: typing replaces it */
	wchar_t buf[INPUT_MAX];
	size_t len, cur, off;
};

static int wc_cells(wchar_t c)
{
	int w = wcwidth(c);
	if (!ui_utf8_locale() && c >= 0x80)
		return 1;
	return w < 0 ? 1 : w;
}

static wchar_t wc_shown(wchar_t c)
{
	if (c < 0x20 || c == 0x7F || (!ui_utf8_locale() && c >= 0x80) || wcwidth(c) < 0)
		return L'?';
	return c;
}

static void input_draw(struct ui_app *app, struct ui_dialog *dlg)
{
	struct input *in = (struct input *)dlg;
	int w = COLS - 4 > 72 ? 72 : COLS - 4;
	if (w < 10)
		w = COLS;
	struct ui_rect box = ui_centre(in->help ? 6 : 5, w);
	if (in->bottom && LINES - 2 - box.h >= 0)
		box.y = LINES - 2 - box.h;
	struct ui_rect r = ui_box(box, in->title);
	if (r.h < 2 || r.w < 2)
		return;
	ui_text(r.y, r.x, r.w, ui_attr(UI_ROLE_NORMAL), in->prompt, 0);
	if (in->help && r.h >= 4)
		ui_text(r.y + 3, r.x, r.w, ui_attr(UI_ROLE_DIM), in->help, 0);

	int fy = r.y + 1, fx = r.x, fw = r.w;
	/* keep the cursor visible: width from off to cur below fw */
	if (in->cur < in->off)
		in->off = in->cur;
	for (;;) {
		int cw = 0;
		for (size_t i = in->off; i < in->cur; i++)
			cw += wc_cells(in->buf[i]);
		if (cw < fw || in->off >= in->cur)
			break;
		in->off++;
	}
	ui_fill(fy, fx, fw, ui_attr(UI_ROLE_INPUT));
	attrset(ui_attr(in->fresh && in->len ? UI_ROLE_SELECTED : UI_ROLE_INPUT));
	int x = 0, cx = 0;
	for (size_t i = in->off; i <= in->len; i++) {
		if (i == in->cur)
			cx = x;
		if (i == in->len)
			break;
		int cw = wc_cells(in->buf[i]);
		if (x + cw > fw)
			break;
		wchar_t c = wc_shown(in->buf[i]);
		mvaddnwstr(fy, fx + x, &c, 1);
		x += cw;
	}
	attrset(A_NORMAL);
	app->cursor_on = 1;
	app->cursor_y = fy;
	app->cursor_x = fx + (cx < fw ? cx : fw - 1);
}

static void input_text(const struct input *in, char *out, size_t len)
{
	ui_wcs_to_utf8(in->buf, in->len, out, len);
}

static int input_key(struct ui_app *app, struct ui_dialog *dlg, int key)
{
	struct input *in = (struct input *)dlg;
	char text[INPUT_MAX * 4 + 1];
	int edited = 0;

	if (in->fresh) {
		/* the selected initial text: a character or a deletion replaces
		 * it, a movement keeps it */
		in->fresh = 0;
		int printable = key >= 0x20 && key != 0x7F && key < UI_FN(0);
		int deletion = key == UI_FN(KEY_BACKSPACE) || key == 127 || key == 8 ||
			       key == UI_FN(KEY_DC) || key == UI_CTRL('d');
		if (printable || deletion) {
			in->len = in->cur = in->off = 0;
			if (deletion) {
				if (in->changed) {
					in->changed(app, in->ctx, "");
				}
				return UI_HANDLED;
			}
		}
	}

	switch (key) {
	case '\n': case '\r': case UI_FN(KEY_ENTER):
		input_text(in, text, sizeof text);
		in->done(app, in->ctx, text);
		return UI_HANDLED | UI_CLOSE;
	case UI_KEY_ESC:
		in->done(app, in->ctx, NULL);
		return UI_HANDLED | UI_CLOSE;
	case UI_FN(KEY_LEFT): case UI_CTRL('b'):
		if (in->cur > 0)
			in->cur--;
		return UI_HANDLED;
	case UI_FN(KEY_RIGHT): case UI_CTRL('f'):
		if (in->cur < in->len)
			in->cur++;
		return UI_HANDLED;
	case UI_FN(KEY_HOME): case UI_CTRL('a'):
		in->cur = 0;
		return UI_HANDLED;
	case UI_FN(KEY_END): case UI_CTRL('e'):
		in->cur = in->len;
		return UI_HANDLED;
	case UI_FN(KEY_BACKSPACE): case 127: case 8:
		if (in->cur > 0) {
			memmove(in->buf + in->cur - 1, in->buf + in->cur,
				(in->len - in->cur) * sizeof in->buf[0]);
			in->cur--;
			in->len--;
			edited = 1;
		}
		break;
	case UI_FN(KEY_DC): case UI_CTRL('d'):
		if (in->cur < in->len) {
			memmove(in->buf + in->cur, in->buf + in->cur + 1,
				(in->len - in->cur - 1) * sizeof in->buf[0]);
			in->len--;
			edited = 1;
		}
		break;
	case UI_CTRL('u'):
		in->len = in->cur = in->off = 0;
		edited = 1;
		break;
	default:
		if (key >= 0x20 && key != 0x7F && key < UI_FN(0) && in->len < INPUT_MAX - 1) {
			memmove(in->buf + in->cur + 1, in->buf + in->cur,
				(in->len - in->cur) * sizeof in->buf[0]);
			in->buf[in->cur++] = (wchar_t)key;
			in->len++;
			edited = 1;
		}
		break;
	}
	if (edited && in->changed) {
		input_text(in, text, sizeof text);
		in->changed(app, in->ctx, text);
	}
	return UI_HANDLED;
}

static void input_destroy(struct ui_dialog *dlg)
{
	struct input *in = (struct input *)dlg;
	free(in->title);
	free(in->prompt);
	free(in->help);
	free(in);
}

static const struct ui_dialog_ops input_ops = {
	.draw = input_draw,
	.key = input_key,
	.destroy = input_destroy,
};

void ui_input(struct ui_app *app, const struct ui_input_spec *spec)
{
	struct input *in = calloc(1, sizeof *in);
	if (!in)
		return;
	in->base.ops = &input_ops;
	in->title = xstrdup(spec->title);
	in->prompt = xstrdup(spec->prompt);
	in->help = spec->help ? xstrdup(spec->help) : NULL;
	in->done = spec->done;
	in->changed = spec->changed;
	in->ctx = spec->ctx;
	in->bottom = spec->bottom;
	in->len = ui_utf8_to_wcs(spec->initial, in->buf, INPUT_MAX - 1);
	in->cur = in->len;
	in->fresh = spec->select_initial && in->len > 0;
	ui_dialog_push(app, &in->base);
}

/* ---- pick list ------------------------------------------------------------------- */

struct pick {
	struct ui_dialog base;
	char *title;
	char **items, **notes;
	size_t n, sel, top;
	ui_pick_fn *fn;
	void *ctx;
	int page;
};

static void pick_draw(struct ui_app *app, struct ui_dialog *dlg)
{
	struct pick *pk = (struct pick *)dlg;
	(void)app;
	int w = ui_text_width(pk->title) + 8;
	for (size_t i = 0; i < pk->n; i++) {
		int iw = ui_text_width(pk->items[i]) + 6;
		if (pk->notes[i])
			iw += 2 + ui_text_width(pk->notes[i]);
		if (iw > w)
			w = iw;
	}
	if (w < 40)
		w = 40;
	if (w > COLS - 4)
		w = COLS - 4 > 20 ? COLS - 4 : COLS;
	int h = (int)pk->n + 3;
	if (h > LINES - 2)
		h = LINES - 2 > 5 ? LINES - 2 : LINES;
	struct ui_rect in = ui_box(ui_centre(h, w), pk->title);
	in.h -= 1;
	if (in.h < 1)
		return;
	pk->page = in.h;
	ui_scroll_fix(pk->n, in.h, &pk->sel, &pk->top);
	int iw = 0;                        /* notes start in one column */
	for (size_t i = 0; i < pk->n; i++) {
		int k = ui_text_width(pk->items[i]);
		if (k > iw)
			iw = k;
	}
	if (iw > in.w / 2)
		iw = in.w / 2;
	for (int r = 0; r < in.h && pk->top + (size_t)r < pk->n; r++) {
		size_t i = pk->top + (size_t)r;
		int sel = i == pk->sel;
		attr_t a = ui_attr(sel ? UI_ROLE_SELECTED : UI_ROLE_NORMAL);
		ui_fill(in.y + r, in.x, in.w, a);
		int has_note = pk->notes[i] != NULL;
		int used = ui_text(in.y + r, in.x + 1, has_note ? iw : in.w - 1, a,
				   pk->items[i], 0);
		if (has_note && used < iw)
			used = iw;
		if (has_note && used + 3 < in.w)
			ui_text(in.y + r, in.x + used + 3, in.w - used - 3,
				sel ? a : ui_attr(UI_ROLE_DIM), pk->notes[i], 0);
	}
	ui_text(in.y + in.h, in.x, in.w, ui_attr(UI_ROLE_DIM),
		"j/k move   Enter choose   Esc cancel", 0);
}

static int pick_key(struct ui_app *app, struct ui_dialog *dlg, int key)
{
	struct pick *pk = (struct pick *)dlg;
	enum ui_action act = ui_action_for_key(key);
	if (ui_list_move(act, pk->n, pk->page, &pk->sel))
		return UI_HANDLED;
	if (act == UI_ACT_SELECT && pk->n > 0) {
		pk->fn(app, pk->ctx, pk->sel);
		return UI_HANDLED | UI_CLOSE;
	}
	if (act == UI_ACT_CANCEL || act == UI_ACT_BACK || act == UI_ACT_QUIT)
		return UI_HANDLED | UI_CLOSE;
	return UI_HANDLED;
}

static void pick_destroy(struct ui_dialog *dlg)
{
	struct pick *pk = (struct pick *)dlg;
	for (size_t i = 0; i < pk->n; i++) {
		free(pk->items[i]);
		free(pk->notes[i]);
	}
	free(pk->items);
	free(pk->notes);
	free(pk->title);
	free(pk);
}

static const struct ui_dialog_ops pick_ops = {
	.draw = pick_draw,
	.key = pick_key,
	.destroy = pick_destroy,
};

void ui_pick(struct ui_app *app, const char *title, const char *const *items,
	     const char *const *notes, size_t n, size_t selected,
	     ui_pick_fn *fn, void *ctx)
{
	struct pick *pk = calloc(1, sizeof *pk);
	if (!pk)
		return;
	pk->base.ops = &pick_ops;
	pk->items = calloc(n ? n : 1, sizeof *pk->items);
	pk->notes = calloc(n ? n : 1, sizeof *pk->notes);
	pk->title = xstrdup(title);
	if (!pk->items || !pk->notes || !pk->title) {
		pick_destroy(&pk->base);
		return;
	}
	for (size_t i = 0; i < n; i++) {
		pk->items[i] = xstrdup(items[i]);
		pk->notes[i] = notes && notes[i] ? xstrdup(notes[i]) : NULL;
	}
	pk->n = n;
	pk->sel = selected < n ? selected : 0;
	pk->fn = fn;
	pk->ctx = ctx;
	pk->page = 10;
	ui_dialog_push(app, &pk->base);
}

int ui_parse_long(const char *text, long lo, long hi, long *out)
{
	char *end;
	while (*text == ' ')
		text++;
	if (*text == '+')
		text++;
	errno = 0;
	long v = strtol(text, &end, 10);
	while (*end == ' ')
		end++;
	if (end == text || *end || errno || v < lo || v > hi)
		return -1;
	*out = v;
	return 0;
}
