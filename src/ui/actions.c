/* actions.c - the action table: key dispatch, key names for the help screen. */
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
