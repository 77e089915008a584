/* browser.c - the file browser dialog.
 *
 * Starts in the folder it is given (else the current folder).  Lists
 * folders, then the files whose names end with one of the wanted extensions,
 * then every other regular file, dimmed (a coordinator's export may be a
 * .txt or have no extension at all).  Enter opens a folder or picks a file,
 * Backspace (or '<', or the ".." line) goes up, : types a path (/ types one
 * from the root), Esc cancels.  The picked path is given relative to the
 * current folder when it lies inside it, so that messages name
 * "mentors.csv" rather than a long absolute path.
 */
#include "tui.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <pwd.h>
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
	int wanted;          /* a file with one of the extensions asked for */
	long long size;
};

struct browser {
	struct ui_dialog base;
	char *title, *exts;
	char cwd[PATH_MAX];     /* picked paths inside it are made relative */
	char dir[PATH_MAX];     /* folder shown (absolute, no symbolic links) */
	struct entry *e;
	size_t n, sel, top;
	int page;
	char error[PATH_MAX + 128];
	ui_browse_fn *fn;
	void *ctx;
};

int ui_expand_home(const char *path, char *out, size_t len)
{
	if (path[0] != '~') {
		if ((size_t)snprintf(out, len, "%s", path) >= len)
			return -1;
		return 0;
	}
	const char *rest = strchr(path, '/');
	size_t ulen = rest ? (size_t)(rest - path - 1) : strlen(path + 1);
	const char *home = NULL;
	if (ulen == 0) {
		home = getenv("HOME");
		if (!home || !*home) {
			struct passwd *pw = getpwuid(getuid());
			home = pw ? pw->pw_dir : NULL;
		}
	} else {
		char user[256];
		if (ulen >= sizeof user)
			return -1;
		memcpy(user, path + 1, ulen);
		user[ulen] = '\0';
		struct passwd *pw = getpwnam(user);
		home = pw ? pw->pw_dir : NULL;
	}
	if (!home)
		return -1;
	if ((size_t)snprintf(out, len, "%s%s", home, rest ? rest : "") >= len)
		return -1;
	return 0;
}

static void entries_free(struct browser *b)
{
	for (size_t i = 0; i < b->n; i++)
		free(b->e[i].name);
	free(b->e);
	b->e = NULL;
	b->n = b->sel = b->top = 0;
}

/* "..", then folders, then the wanted files, then the others. */
static int entry_rank(const struct entry *e)
{
	if (strcmp(e->name, "..") == 0)
		return 0;
	return e->is_dir ? 1 : e->wanted ? 2 : 3;
}

static int entry_cmp(const void *pa, const void *pb)
{
	const struct entry *a = pa, *b = pb;
	int ra = entry_rank(a), rb = entry_rank(b);
	if (ra != rb)
		return ra - rb;
	return strcmp(a->name, b->name);
}

/* Does name end with one of the space-separated extensions? */
static int has_ext(const char *name, const char *exts)
{
	size_t n = strlen(name);
	for (const char *p = exts; *p; ) {
		while (*p == ' ')
			p++;
		size_t k = strcspn(p, " ");
		if (k && n > k && strncasecmp(name + n - k, p, k) == 0)
			return 1;
		p += k;
	}
	return 0;
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
		snprintf(full, sizeof full, "%s/%s", root ? "" : b->dir, nm);
		struct stat st;
		if (stat(full, &st) != 0)
			continue;
		int is_dir = S_ISDIR(st.st_mode);
		if (!is_dir && !S_ISREG(st.st_mode))
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
		b->e[b->n].wanted = !is_dir && has_ext(nm, b->exts);
		b->e[b->n].size = (long long)st.st_size;
		b->n++;
	}
	closedir(dp);
	if (b->n > 1)
		qsort(b->e, b->n, sizeof *b->e, entry_cmp);
	/* the folder just left, else the first wanted file, else the first
	 * entry after ".." */
	b->sel = b->n > 1 && strcmp(b->e[0].name, "..") == 0 ? 1 : 0;
	for (size_t i = 0; i < b->n; i++)
		if (b->e[i].wanted) {
			b->sel = i;
			break;
		}
	if (select)
		for (size_t i = 0; i < b->n; i++)
			if (strcmp(b->e[i].name, select) == 0)
				b->sel = i;
	return 0;
}

/* Shows folder path (made absolute and canonical); keeps the old one on
 * failure. */
static int browser_go(struct browser *b, const char *path, const char *select)
{
	char real[PATH_MAX], old[PATH_MAX];
	if (!realpath(path, real)) {
		snprintf(b->error, sizeof b->error, "cannot open folder %s: %s", path,
			 strerror(errno));
		return -1;
	}
	memcpy(old, b->dir, sizeof old);
	snprintf(b->dir, sizeof b->dir, "%s", real);
	if (browser_read(b, select) != 0) {
		memcpy(b->dir, old, sizeof old);
		return -1;
	}
	return 0;
}

static void browser_up(struct browser *b)
{
	char up[PATH_MAX], name[PATH_MAX];
	if (strcmp(b->dir, "/") == 0)
		return;
	snprintf(up, sizeof up, "%s", b->dir);
	char *slash = strrchr(up, '/');
	snprintf(name, sizeof name, "%s", slash ? slash + 1 : "");
	if (slash == up)
		up[1] = '\0';
	else if (slash)
		*slash = '\0';
	browser_go(b, up, name);
}

static void browser_enter(struct browser *b, const char *name)
{
	char path[PATH_MAX * 2];
	snprintf(path, sizeof path, "%s/%s", strcmp(b->dir, "/") == 0 ? "" : b->dir, name);
	if (strlen(path) >= PATH_MAX) {
		snprintf(b->error, sizeof b->error, "folder name too long");
		return;
	}
	browser_go(b, path, NULL);
}

/* "512 B", "1.1 KB", "12 KB", "3.4 MB" */
static void size_text(long long n, char *buf, size_t len)
{
	static const char *const unit[] = { "KB", "MB", "GB", "TB" };
	if (n < 1024) {
		snprintf(buf, len, "%lld B", n);
		return;
	}
	double v = (double)n / 1024.0;
	int u = 0;
	while (v >= 1023.95 && u < 3) {
		v /= 1024.0;
		u++;
	}
	if (v < 9.95)
		snprintf(buf, len, "%.1f %s", v, unit[u]);
	else
		snprintf(buf, len, "%.0f %s", v, unit[u]);
}

/* The path handed to the caller: relative to the current folder when the
 * file lies inside it. */
static void picked_path(const struct browser *b, const char *dir, const char *name,
			char *out, size_t len)
{
	size_t cl = strlen(b->cwd);
	int root = strcmp(dir, "/") == 0;
	if (strcmp(dir, b->cwd) == 0)
		snprintf(out, len, "%s", name);
	else if (strcmp(b->cwd, "/") != 0 && strncmp(dir, b->cwd, cl) == 0 && dir[cl] == '/')
		snprintf(out, len, "%s/%s", dir + cl + 1, name);
	else
		snprintf(out, len, "%s/%s", root ? "" : dir, name);
}

/* Hands the file to the caller; returns the effects for the browser. */
static int browser_pick(struct ui_app *app, struct browser *b, const char *dir,
			const char *name)
{
	char path[PATH_MAX * 2];
	picked_path(b, dir, name, path, sizeof path);
	if (b->fn(app, b->ctx, path) == 0)
		return UI_HANDLED | UI_CLOSE;
	snprintf(b->error, sizeof b->error, "%s was not loaded: see the messages (e)", name);
	return UI_HANDLED;
}

/* ---- typing a path ---------------------------------------------------------- */

static void path_typed(struct ui_app *app, void *ctx, const char *text)
{
	struct browser *b = ctx;
	char exp[PATH_MAX], full[PATH_MAX * 2];
	if (!text)
		return;
	while (*text == ' ')
		text++;
	if (!*text)
		return;
	if (ui_expand_home(text, exp, sizeof exp) != 0) {
		snprintf(b->error, sizeof b->error, "cannot use %s: no such user, or too long", text);
		return;
	}
	if (exp[0] == '/')
		snprintf(full, sizeof full, "%s", exp);
	else
		snprintf(full, sizeof full, "%s/%s", strcmp(b->dir, "/") == 0 ? "" : b->dir, exp);
	struct stat sb;
	int found = strlen(full) < PATH_MAX && stat(full, &sb) == 0;
	int err = errno;
	/* not in the folder shown: a relative path may be meant from where
	 * the program was started, as on its command line */
	if (!found && exp[0] != '/' && b->cwd[0] && strlen(b->cwd) + strlen(exp) + 2 < PATH_MAX) {
		char alt[PATH_MAX * 2];
		snprintf(alt, sizeof alt, "%s/%s", strcmp(b->cwd, "/") == 0 ? "" : b->cwd, exp);
		if (stat(alt, &sb) == 0) {
			snprintf(full, sizeof full, "%s", alt);
			found = 1;
		}
	}
	if (!found) {
		snprintf(b->error, sizeof b->error, "%s: %s", text,
			 strlen(full) >= PATH_MAX ? "too long" : strerror(err));
		return;
	}
	if (S_ISDIR(sb.st_mode)) {
		browser_go(b, full, NULL);
		return;
	}
	if (!S_ISREG(sb.st_mode)) {
		snprintf(b->error, sizeof b->error, "%s is not a regular file", text);
		return;
	}
	/* the file's folder, made canonical like the folders shown */
	char *slash = strrchr(full, '/');
	char dir[PATH_MAX], name[PATH_MAX];
	snprintf(name, sizeof name, "%s", slash + 1);
	if (slash == full)
		snprintf(dir, sizeof dir, "/");
	else {
		*slash = '\0';
		if (!realpath(full, dir)) {
			snprintf(b->error, sizeof b->error, "%s: %s", text, strerror(errno));
			return;
		}
	}
	/* show where it is, so that a failed load leaves the browser there */
	browser_go(b, dir, name);
	if (browser_pick(app, b, dir, name) & UI_CLOSE)
		ui_dialog_close(&b->base);
}

static void type_path(struct ui_app *app, struct browser *b, const char *initial)
{
	struct ui_input_spec in = {
		.title = "Type a path",
		.prompt = "A file or folder (/..., ~/..., or relative to this folder or to where you started):",
		.initial = initial,
		.help = "Enter opens the folder or chooses the file; Esc goes back.",
		.done = path_typed,
		.ctx = b,
	};
	ui_input(app, &in);
}

/* ---- the dialog ---------------------------------------------------------------- */

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
		ui_text(list_y, in.x + 1, in.w - 1, ui_attr(UI_ROLE_DIM),
			"(no folders or files here)", 0);
	for (int r = 0; r < list_h && b->top + (size_t)r < b->n; r++) {
		size_t i = b->top + (size_t)r;
		const struct entry *e = &b->e[i];
		int sel = i == b->sel;
		attr_t a = ui_attr(sel ? UI_ROLE_SELECTED : UI_ROLE_NORMAL);
		attr_t t = sel || e->is_dir || e->wanted ? a : ui_attr(UI_ROLE_DIM);
		ui_fill(list_y + r, in.x, in.w, a);
		char name[PATH_MAX + 32];
		if (strcmp(e->name, "..") == 0)
			snprintf(name, sizeof name, "../  (up one folder)");
		else
			snprintf(name, sizeof name, "%s%s", e->name, e->is_dir ? "/" : "");
		int sizew = e->is_dir ? 0 : 10;
		ui_text(list_y + r, in.x + 1, in.w - 2 - sizew, t, name, 0);
		if (!e->is_dir) {
			char sz[32];
			size_text(e->size, sz, sizeof sz);
			ui_text(list_y + r, in.x + in.w - sizew, sizew, t, sz, UI_RIGHT);
		}
	}
	if (b->error[0])
		ui_text(in.y + in.h - 2, in.x, in.w, ui_attr(UI_ROLE_ERROR), b->error, 0);
	const char *foot = in.w >= 66 ?
		"Enter open/choose   Backspace up   : type a path   Esc cancel" :
		"Enter choose  Bksp up  : type path  Esc cancel";
	ui_text(in.y + in.h - 1, in.x, in.w, ui_attr(UI_ROLE_DIM), foot, 0);
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
	case UI_ACT_TYPE_PATH:
		type_path(app, b, "");
		return UI_HANDLED;
	case UI_ACT_SEARCH:
		type_path(app, b, "/");
		return UI_HANDLED;
	case UI_ACT_MESSAGES:
		ui_show_messages(app, 0, "Messages");
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
		char name[PATH_MAX];
		snprintf(name, sizeof name, "%s", e->name);
		return browser_pick(app, b, b->dir, name);
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
	free(b->exts);
	free(b);
}

static const struct ui_dialog_ops browser_ops = {
	.draw = browser_draw,
	.key = browser_key,
	.destroy = browser_destroy,
};

void ui_browse(struct ui_app *app, const char *title, const char *exts,
	       const char *start, ui_browse_fn *fn, void *ctx)
{
	struct browser *b = calloc(1, sizeof *b);
	if (!b)
		return;
	b->base.ops = &browser_ops;
	b->title = strdup(title);
	b->exts = strdup(exts);
	b->fn = fn;
	b->ctx = ctx;
	if (!b->title || !b->exts) {
		browser_destroy(&b->base);
		return;
	}
	if (!getcwd(b->cwd, sizeof b->cwd))
		snprintf(b->cwd, sizeof b->cwd, ".");
	snprintf(b->dir, sizeof b->dir, "%s", b->cwd);
	/* the folder asked for; else (gone, unreadable) the current one, whose
	 * failure still shows as a message */
	if (!start || !*start || browser_go(b, start, NULL) != 0) {
		char why[sizeof b->error];
		snprintf(why, sizeof why, "%s", b->error);
		if (browser_read(b, NULL) == 0 && why[0])
			snprintf(b->error, sizeof b->error, "%s", why);
	}
	ui_dialog_push(app, &b->base);
}
