/* actions.c - the action table: key dispatch, key names for the help screen,
 * and the key-hint line (hints by rank). */
#include "tui.h"

#include <stdio.h>
#include <string.h>

#define UI_X_KEYS(id, global, hk, hl, help, ...) \
	static const int keys_##id[] = { __VA_ARGS__, -1 };
UI_ACTIONS(UI_X_KEYS)
#undef UI_X_KEYS

const struct ui_action_info ui_actions[UI_ACT_COUNT] = {
#define UI_X_INFO(id, gl, hk, hl, hp, ...) \
	[UI_ACT_##id] = { .global = gl, .hint_keys = hk, .hint_label = hl, \
			  .help = hp, .keys = keys_##id },
	UI_ACTIONS(UI_X_INFO)
#undef UI_X_INFO
};

enum ui_action ui_action_for_key(int key)
{
	for (int a = 1; a < UI_ACT_COUNT; a++)
		for (const int *k = ui_actions[a].keys; *k != -1; k++)
			if (*k == key)
				return (enum ui_action)a;
	return UI_ACT_NONE;
}

void ui_key_name(int key, char *buf, size_t len)
{
	static const struct { int key; const char *name; } names[] = {
		{ '\t', "Tab" }, { '\n', "Enter" }, { '\r', "Enter" },
		{ ' ', "Space" }, { UI_KEY_ESC, "Esc" }, { 127, "Backspace" },
		{ 8, "Backspace" },
		{ UI_FN(KEY_ENTER), "Enter" }, { UI_FN(KEY_BTAB), "Shift-Tab" },
		{ UI_FN(KEY_UP), "Up" }, { UI_FN(KEY_DOWN), "Down" },
		{ UI_FN(KEY_LEFT), "Left" }, { UI_FN(KEY_RIGHT), "Right" },
		{ UI_FN(KEY_PPAGE), "PgUp" }, { UI_FN(KEY_NPAGE), "PgDn" },
		{ UI_FN(KEY_HOME), "Home" }, { UI_FN(KEY_END), "End" },
		{ UI_FN(KEY_BACKSPACE), "Backspace" },
	};
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (names[i].key == key) {
			snprintf(buf, len, "%s", names[i].name);
			return;
		}
	if (key >= UI_FN(KEY_F(1)) && key <= UI_FN(KEY_F(63)))
		snprintf(buf, len, "F%d", key - UI_FN(KEY_F(0)));
	else if (key > 0 && key < 32)
		snprintf(buf, len, "Ctrl-%c", key + '@');
	else if (key >= 32 && key < 127)
		snprintf(buf, len, "%c", key);
	else
		snprintf(buf, len, "#%d", key);
}

/* ---- the key-hint line ---------------------------------------------------------- */

/* Ranks on the hint line; an action not listed here is UI_RANK_MORE. */
enum {
	UI_RANK_ALWAYS = 1,  /* ? help: the way to every other key */
	UI_RANK_MAIN,        /* what the step is for: pin, write, load, run ... */
	UI_RANK_GLOBAL,      /* quit, next step */
	UI_RANK_MORE,        /* useful, but found in ? help */
	UI_RANK_MOVE         /* moving: arrows and Tab-like keys everyone tries */
};

static const unsigned char hint_rank[UI_ACT_COUNT] = {
	[UI_ACT_HELP] = UI_RANK_ALWAYS,
	[UI_ACT_SELECT] = UI_RANK_MAIN,
	[UI_ACT_TOGGLE] = UI_RANK_MAIN,
	[UI_ACT_SUGGEST] = UI_RANK_MAIN,
	[UI_ACT_VALUES] = UI_RANK_MAIN,
	[UI_ACT_ADD] = UI_RANK_MAIN,
	[UI_ACT_LOAD_PROFILE] = UI_RANK_MAIN,
	[UI_ACT_WRITE_PROFILE] = UI_RANK_MAIN,
	[UI_ACT_PIN] = UI_RANK_MAIN,
	[UI_ACT_BAN] = UI_RANK_MAIN,
	[UI_ACT_SEARCH] = UI_RANK_MAIN,
	[UI_ACT_FILTER] = UI_RANK_MAIN,
	[UI_ACT_PEOPLE_FILTER] = UI_RANK_MAIN,
	[UI_ACT_SWITCH_SIDE] = UI_RANK_MAIN,
	[UI_ACT_RUN_MATCH] = UI_RANK_MAIN,
	[UI_ACT_SAVE_RESULTS] = UI_RANK_MAIN,
	[UI_ACT_EDIT_FOLDER] = UI_RANK_MAIN,
	[UI_ACT_STOP_MATCH] = UI_RANK_MAIN,
	[UI_ACT_QUIT] = UI_RANK_GLOBAL,
	[UI_ACT_NEXT_STEP] = UI_RANK_GLOBAL,
	[UI_ACT_UP] = UI_RANK_MOVE,
	[UI_ACT_DOWN] = UI_RANK_MOVE,
	[UI_ACT_LEFT] = UI_RANK_MOVE,
	[UI_ACT_RIGHT] = UI_RANK_MOVE,
	[UI_ACT_PAGE_UP] = UI_RANK_MOVE,
	[UI_ACT_PAGE_DOWN] = UI_RANK_MOVE,
	[UI_ACT_HOME] = UI_RANK_MOVE,
	[UI_ACT_END] = UI_RANK_MOVE,
	[UI_ACT_PREV_STEP] = UI_RANK_MOVE,
	[UI_ACT_GOTO_STEP] = UI_RANK_MOVE,
};

int ui_hint_rank(enum ui_action act)
{
	if ((int)act <= 0 || act >= UI_ACT_COUNT)
		return UI_RANK_MOVE;
	return hint_rank[act] ? hint_rank[act] : UI_RANK_MORE;
}

#define HINTS_MAX 32

static const char *hint_label(const struct ui_hint *h)
{
	return h->label ? h->label : ui_actions[h->act].hint_label;
}

/* Cells of "keys label", without the gap after it. */
static int hint_width(const struct ui_hint *h)
{
	return ui_text_width(ui_actions[h->act].hint_keys) + 1 + ui_text_width(hint_label(h));
}

static int draw_hint(int y, int x, const struct ui_hint *h)
{
	x += ui_text(y, x, COLS - x, ui_attr(UI_ROLE_KEY), ui_actions[h->act].hint_keys, 0);
	x += ui_text(y, x, COLS - x, ui_attr(UI_ROLE_NORMAL), " ", 0);
	x += ui_text(y, x, COLS - x, ui_attr(UI_ROLE_NORMAL), hint_label(h), 0);
	return x;
}

void ui_draw_hint_line(int y, const struct ui_hint *own, const struct ui_hint *global)
{
	const struct ui_hint *all[HINTS_MAX];
	int width[HINTS_MAX], is_global[HINTS_MAX], shown[HINTS_MAX] = { 0 }, order[HINTS_MAX];
	int n = 0;
	for (int pass = 0; pass < 2; pass++) {
		const struct ui_hint *h = pass ? global : own;
		for (int i = 0; h && h[i].act != UI_ACT_NONE && n < HINTS_MAX; i++) {
			all[n] = &h[i];
			width[n] = hint_width(&h[i]);
			is_global[n] = pass;
			order[n] = n;
			n++;
		}
	}
	/* by rank, then in line order (stable insertion sort: n is small) */
	for (int i = 1; i < n; i++) {
		int k = order[i], j = i;
		while (j > 0 && ui_hint_rank(all[order[j - 1]]->act) > ui_hint_rank(all[k]->act)) {
			order[j] = order[j - 1];
			j--;
		}
		order[j] = k;
	}
	/* take each while it fits: two spaces between hints, and between the
	 * step's and the global ones */
	int used = 0, count = 0;
	for (int i = 0; i < n; i++) {
		int k = order[i], add = width[k] + (count ? 2 : 0);
		if (used + add <= COLS) {
			shown[k] = 1;
			used += add;
			count++;
		}
	}
	int gw = 0, gcount = 0;
	for (int k = 0; k < n; k++)
		if (shown[k] && is_global[k]) {
			gw += width[k] + (gcount ? 2 : 0);
			gcount++;
		}
	int x = 0;
	for (int k = 0; k < n; k++)
		if (shown[k] && !is_global[k])
			x = draw_hint(y, x, all[k]) + 2;
	if (COLS - gw > x)
		x = COLS - gw;
	for (int k = 0; k < n; k++)
		if (shown[k] && is_global[k])
			x = draw_hint(y, x, all[k]) + 2;
}
