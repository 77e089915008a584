/* browser.c - the file browser dialog: folders and files of one kind.
 *
 * Starts in the current folder.  Enter opens a folder or picks a file,
 * Backspace (or '<', or the ".." line) goes up, Esc cancels.  The picked
 * path is given relative to the starting folder when it lies inside it, so
 * that messages name "mentors.csv" rather than a long absolute path.
 */
#include "tui.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef PATH_MAX
#define PATH_MAX 4096
#endif

struct entry {
	char *name;
	int is_dir;
	long long size;
};

struct browser {
	struct ui_dialog base;
	char *title, *ext;
	char start[PATH_MAX];   /* folder the browser opened in */
	char dir[PATH_MAX];     /* folder shown */
	struct entry *e;
	size_t n, sel, top;
	int page;
	char error[PATH_MAX + 128];
	ui_browse_fn *fn;
	void *ctx;
};

static void entries_free(struct browser *b)
{
	for (size_t i = 0; i < b->n; i++)
		free(b->e[i].name);
	free(b->e);
	b->e = NULL;
	b->n = b->sel = b->top = 0;
}

static int entry_cmp(const void *pa, const void *pb)
{
	const struct entry *a = pa, *b = pb;
	if (strcmp(a->name, "..") == 0)
		return -1;
	if (strcmp(b->name, "..") == 0)
		return 1;
	if (a->is_dir != b->is_dir)
		return b->is_dir - a->is_dir;
	return strcmp(a->name, b->name);
}

static int has_ext(const char *name, const char *ext)
{
	size_t n = strlen(name), k = strlen(ext);
	return n > k && strcasecmp(name + n - k, ext) == 0;
}

/* Reads b->dir; on failure keeps the old list and sets b->error. */
static int browser_read(struct browser *b, const char *select)
{
	DIR *dp = opendir(b->dir);
	if (!dp) {
		snprintf(b->error, sizeof b->error, "cannot open folder %s: %s",
			 b->dir, strerror(errno));
		return -1;
	}
	entries_free(b);
	b->error[0] = '\0';
	size_t cap = 0;
	struct dirent *de;
	int root = strcmp(b->dir, "/") == 0;
	while ((de = readdir(dp)) != NULL) {
		const char *nm = de->d_name;
		if (strcmp(nm, ".") == 0 || (root && strcmp(nm, "..") == 0))
			continue;
		if (nm[0] == '.' && strcmp(nm, "..") != 0)
			continue;                       /* hidden files */
		char full[PATH_MAX * 2];
		snprintf(full, sizeof full, "%s/%s", b->dir, nm);
		struct stat st;
		if (stat(full, &st) != 0)
			continue;
		int is_dir = S_ISDIR(st.st_mode);
		if (!is_dir && !(S_ISREG(st.st_mode) && has_ext(nm, b->ext)))
			continue;
		if (b->n == cap) {
			size_t nc = cap ? cap * 2 : 32;
			struct entry *ne = realloc(b->e, nc * sizeof *ne);
			if (!ne)
				break;
			b->e = ne;
			cap = nc;
		}
		b->e[b->n].name = strdup(nm);
		if (!b->e[b->n].name)
			break;
		b->e[b->n].is_dir = is_dir;
		b->e[b->n].size = (long long)st.st_size;
		b->n++;
	}
	closedir(dp);
	if (b->n > 1)
		qsort(b->e, b->n, sizeof *b->e, entry_cmp);
	/* the folder just left, else the first entry after ".." */
	b->sel = b->n > 1 && strcmp(b->e[0].name, "..") == 0 ? 1 : 0;
	if (select)
		for (size_t i = 0; i < b->n; i++)
			if (strcmp(b->e[i].name, select) == 0)
				b->sel = i;
	return 0;
}

static void browser_up(struct browser *b)
{
	char old[PATH_MAX], name[PATH_MAX];
	if (strcmp(b->dir, "/") == 0)
		return;
	snprintf(old, sizeof old, "%s", b->dir);
	char *slash = strrchr(b->dir, '/');
	snprintf(name, sizeof name, "%s", slash ? slash + 1 : "");
	if (slash == b->dir)
		b->dir[1] = '\0';
	else if (slash)
		*slash = '\0';
	if (browser_read(b, name) != 0)
		snprintf(b->dir, sizeof b->dir, "%s", old);
}

static void browser_enter(struct browser *b, const char *name)
{
	char old[PATH_MAX];
	size_t len = strlen(b->dir), nl = strlen(name);
	int root = strcmp(b->dir, "/") == 0;
	if (len + 1 + nl + 1 > sizeof b->dir) {
		snprintf(b->error, sizeof b->error, "folder name too long");
		return;
	}
	memcpy(old, b->dir, len + 1);
	if (!root)
		b->dir[len++] = '/';
	memcpy(b->dir + len, name, nl + 1);
	if (browser_read(b, NULL) != 0)
		memcpy(b->dir, old, strlen(old) + 1);
}

static void size_text(long long n, char *buf, size_t len)
{
	if (n < 1024)
		snprintf(buf, len, "%lld B", n);
	else if (n < 1024 * 1024)
		snprintf(buf, len, "%lld KB", (n + 1023) / 1024);
	else
		snprintf(buf, len, "%.1f MB", (double)n / (1024.0 * 1024.0));
}

static void browser_draw(struct ui_app *app, struct ui_dialog *dlg)
{
	struct browser *b = (struct browser *)dlg;
	(void)app;
	int w = COLS - 4 > 76 ? 76 : COLS - 4;
	if (w < 10)
		w = COLS;
	int h = LINES - 2 > 6 ? LINES - 2 : LINES;
	struct ui_rect in = ui_box(ui_centre(h, w), b->title);
	if (in.h < 4 || in.w < 4)
		return;
	int x = in.x;
	x += ui_text(in.y, x, in.w, ui_attr(UI_ROLE_DIM), "Folder: ", 0);
	ui_text(in.y, x, in.w - (x - in.x), ui_attr(UI_ROLE_NORMAL), b->dir, UI_TAIL);

	int list_y = in.y + 1, list_h = in.h - 3;
	if (list_h < 1)
		list_h = 1;
	b->page = list_h;
	ui_scroll_fix(b->n, list_h, &b->sel, &b->top);
	if (b->n == 0)
		ui_textf(list_y, in.x + 1, in.w - 1, ui_attr(UI_ROLE_DIM), 0,
			 "(no folders or %s files here)", b->ext);
	for (int r = 0; r < list_h && b->top + (size_t)r < b->n; r++) {
		size_t i = b->top + (size_t)r;
		const struct entry *e = &b->e[i];
		int sel = i == b->sel;
		attr_t a = ui_attr(sel ? UI_ROLE_SELECTED : UI_ROLE_NORMAL);
		ui_fill(list_y + r, in.x, in.w, a);
		char name[PATH_MAX + 32];
		if (strcmp(e->name, "..") == 0)
			snprintf(name, sizeof name, "../  (up one folder)");
		else
			snprintf(name, sizeof name, "%s%s", e->name, e->is_dir ? "/" : "");
		int sizew = e->is_dir ? 0 : 10;
		ui_text(list_y + r, in.x + 1, in.w - 2 - sizew, a, name, 0);
		if (!e->is_dir) {
			char sz[32];
			size_text(e->size, sz, sizeof sz);
			ui_text(list_y + r, in.x + in.w - sizew, sizew, a, sz, UI_RIGHT);
		}
	}
	if (b->error[0])
		ui_text(in.y + in.h - 2, in.x, in.w, ui_attr(UI_ROLE_ERROR), b->error, 0);
	ui_text(in.y + in.h - 1, in.x, in.w, ui_attr(UI_ROLE_DIM),
		"Enter open/choose   Backspace up   Esc cancel", 0);
}

static int browser_key(struct ui_app *app, struct ui_dialog *dlg, int key)
{
	struct browser *b = (struct browser *)dlg;
	enum ui_action act = ui_action_for_key(key);

	if (ui_list_move(act, b->n, b->page, &b->sel))
		return UI_HANDLED;
	switch (act) {
	case UI_ACT_CANCEL:
	case UI_ACT_QUIT:
		return UI_HANDLED | UI_CLOSE;
	case UI_ACT_BACK:
	case UI_ACT_LEFT:
		browser_up(b);
		return UI_HANDLED;
	case UI_ACT_SELECT:
	case UI_ACT_RIGHT: {
		if (b->n == 0)
			return UI_HANDLED;
		const struct entry *e = &b->e[b->sel];
		if (strcmp(e->name, "..") == 0) {
			browser_up(b);
			return UI_HANDLED;
		}
		if (e->is_dir) {
			char name[PATH_MAX];
			snprintf(name, sizeof name, "%s", e->name);
			browser_enter(b, name);
			return UI_HANDLED;
		}
		if (act == UI_ACT_RIGHT)
			return UI_HANDLED;
		char path[PATH_MAX * 2];
		size_t sl = strlen(b->start);
		if (strcmp(b->dir, b->start) == 0)
			snprintf(path, sizeof path, "%s", e->name);
		else if (strncmp(b->dir, b->start, sl) == 0 && b->dir[sl] == '/' &&
			 strcmp(b->start, "/") != 0)
			snprintf(path, sizeof path, "%s/%s", b->dir + sl + 1, e->name);
		else if (strcmp(b->dir, "/") == 0)
			snprintf(path, sizeof path, "/%s", e->name);
		else
			snprintf(path, sizeof path, "%s/%s", b->dir, e->name);
		b->fn(app, b->ctx, path);
		return UI_HANDLED | UI_CLOSE;
	}
	default:
		return UI_HANDLED;
	}
}

static void browser_destroy(struct ui_dialog *dlg)
{
	struct browser *b = (struct browser *)dlg;
	entries_free(b);
	free(b->title);
	free(b->ext);
	free(b);
}

static const struct ui_dialog_ops browser_ops = {
	.draw = browser_draw,
	.key = browser_key,
	.destroy = browser_destroy,
};

void ui_browse(struct ui_app *app, const char *title, const char *ext,
	       ui_browse_fn *fn, void *ctx)
{
	struct browser *b = calloc(1, sizeof *b);
	if (!b)
		return;
	b->base.ops = &browser_ops;
	b->title = strdup(title);
	b->ext = strdup(ext);
	b->fn = fn;
	b->ctx = ctx;
	if (!b->title || !b->ext) {
		browser_destroy(&b->base);
		return;
	}
	if (!getcwd(b->start, sizeof b->start))
		snprintf(b->start, sizeof b->start, ".");
	snprintf(b->dir, sizeof b->dir, "%s", b->start);
	if (browser_read(b, NULL) != 0 && b->n == 0) {
		/* the current folder cannot be read: still show the message */
		b->e = NULL;
	}
	ui_dialog_push(app, &b->base);
}
