#!/bin/sh
# tests/tui/run.sh - drives the real mentormatch binary in tmux and reads the screen.
#
#   sh tests/tui/run.sh ./mentormatch        (make test-tui)
#
# Every test runs the program in a detached tmux session on a private socket,
# sends keys, and polls capture-pane (up to about 5 s) for the expected text.
# Covered: the walk through all six steps on tests/data/example at 80x24 (save
# into a temporary folder, files with mode 600), help and Esc, going back,
# resizing down to 1x1 and back (shared/cases C17), the terminal matrix
# (shared/cases C16): no tty, TERM unset, unknown TERM, TERM=dumb, TERM=vt100,
# LANG=C; the solve settings on step 4 and capacity mode; rows not loaded
# (C07) on steps 1, 4 and 6, saving into a new nested folder; the file
# browser (start folder, other files, sizes, typed paths, a profile that
# fails to load); writing a profile; one combined sign-up sheet (choosing it,
# its role column and answers, --signups, the match on it); the delimiter
# override (C03 forced to comma, back to auto); Ctrl-C and SIGTERM; a long match on
# 10000 + 10000 generated people: the progress box, resizing it, cancel;
# the Values dialog (reorder, map a misspelt grade, match) and the column
# picker with duplicate headers (tests/data/values); the review on step 5:
# pin and ban with the re-solve keeping them, the what-if after a pin and
# after a weight change on step 3, the summary, search across both sides,
# pins.csv saved (mode 600) and loaded again (asking before replacing pins),
# Backspace back after Enter on a candidate, a check at 60x20; NO_COLOR;
# step 1 asking before a new file, a sheet or a delimiter drops an unsaved
# result; keys typed during a re-solve thrown away (a b after p never bans);
# polish: the hint line keeps each step's main keys at 60x20 and 80x24,
# dialogs hide the list's > marker, counts in the singular, a capacity from a
# column and people counted as the table counts them on step 4, the
# messages (the people's warnings from the start, repeated ones grouped and
# opened with Enter), a one-name-field form, n/N, / among the candidates,
# the people filter (F) and Esc after a search.
#
#   TUI_ONLY="review walk" sh tests/tui/run.sh ./mentormatch   runs only those
#   sections (walk resize terminals settings ragged browser values signups
#   scratch ctrlc review controls long identity polish).
#
# Prints "tui: N passed, M failed"; exits non-zero on any failure.

PROG=${1:-./mentormatch}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
case $PROG in
/*) ;;
*) PROG=$(pwd)/$PROG ;;
esac
cd "$ROOT" || exit 1

if ! command -v tmux >/dev/null 2>&1; then
	echo "tui: tmux is not installed (make deps installs it); 0 passed, 1 failed"
	exit 1
fi
if [ ! -x "$PROG" ]; then
	echo "tui: $PROG is not an executable; 0 passed, 1 failed"
	exit 1
fi

SOCK=mmtest$$
SESSION=t
PROFILE=config/civil-service.ini
MENTORS=tests/data/example/mentors.csv
MENTEES=tests/data/example/mentees.csv
WIDE=tests/tui/wide-chars.csv
TMP=$(mktemp -d) || exit 1
passed=0
failed=0

tm() {
	tmux -u -L "$SOCK" -f /dev/null "$@"
}

cleanup() {
	tm kill-server >/dev/null 2>&1
	rm -f "${TMUX_TMPDIR:-/tmp}/tmux-$(id -u)/$SOCK"
	rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP PIPE

# start ENV-ASSIGNMENTS -- ARGS...: runs the program in a fresh 80x24 session;
# when it ends the pane shows EXIT=<status> and stays for a while.
start() {
	envs=$1
	shift
	args=
	for a in "$@"; do
		args="$args '$a'"
	done
	tm kill-server >/dev/null 2>&1
	sleep 0.2
	tm new-session -d -s "$SESSION" -x 80 -y 24 \
		"cd '$ROOT' && env -u LC_ALL -u LC_CTYPE -u LANGUAGE $envs '$PROG' $args; echo EXIT=\$?; sleep 120"
}

screen() {
	tm capture-pane -p -t "$SESSION" 2>/dev/null
}

keys() {
	tm send-keys -t "$SESSION" "$@"
}

# type TEXT literally (no key-name lookup)
typed() {
	tm send-keys -t "$SESSION" -l "$1"
}

# wait_for TEXT [TENTHS]: polls until TEXT (a fixed string) is on the screen.
wait_for() {
	n=0
	lim=${2:-150}
	while [ "$n" -lt "$lim" ]; do
		if screen | grep -qF -- "$1"; then
			return 0
		fi
		sleep 0.1
		n=$((n + 1))
	done
	return 1
}

# wait_gone TEXT [TENTHS]: polls until TEXT is no longer on the screen.
wait_gone() {
	n=0
	lim=${2:-150}
	while [ "$n" -lt "$lim" ]; do
		if ! screen | grep -qF -- "$1"; then
			return 0
		fi
		sleep 0.1
		n=$((n + 1))
	done
	return 1
}

# wait_re REGEX [TENTHS]: like wait_for with an extended regular expression.
wait_re() {
	n=0
	lim=${2:-150}
	while [ "$n" -lt "$lim" ]; do
		if screen | grep -qE -- "$1"; then
			return 0
		fi
		sleep 0.1
		n=$((n + 1))
	done
	return 1
}

# want SECTION: run the section unless TUI_ONLY names others
# (TUI_ONLY="review walk" runs only those; sections: walk resize terminals
# settings ragged browser values signups scratch ctrlc review controls long identity polish).
want() {
	[ -z "$TUI_ONLY" ] && return 0
	for w in $TUI_ONLY; do
		[ "$w" = "$1" ] && return 0
	done
	return 1
}

pass() {
	passed=$((passed + 1))
	echo "ok   $1"
}

fail() {
	failed=$((failed + 1))
	echo "FAIL $1"
	screen | sed 's/^/     | /'
}

# expect DESCRIPTION TEXT: the screen shows TEXT (within about 5 s).
expect() {
	if wait_for "$2"; then pass "$1"; else fail "$1 (wanted: $2)"; fi
}

expect_re() {
	if wait_re "$2"; then pass "$1"; else fail "$1 (wanted /$2/)"; fi
}

# expect_long DESCRIPTION TEXT TENTHS: like expect, waiting up to TENTHS/10 s.
expect_long() {
	if wait_for "$2" "$3"; then pass "$1"; else fail "$1 (wanted: $2)"; fi
}

# gone DESCRIPTION TEXT: TEXT leaves the screen (within about 3 s).
gone() {
	if wait_gone "$2" 30; then pass "$1"; else fail "$1 (still there: $2)"; fi
}

# The program's process id (a child of the pane's shell).
prog_pid() {
	pid=$(tm list-panes -t "$SESSION" -F '#{pane_pid}' 2>/dev/null | head -n 1)
	[ -n "$pid" ] && ps -o pid=,comm= --ppid "$pid" 2>/dev/null |
		awk '$2 == "mentormatch" { print $1; exit }'
}

# The program still runs in the pane (not ended, not crashed).
alive() {
	pid=$(tm list-panes -t "$SESSION" -F '#{pane_pid}' 2>/dev/null | head -n 1)
	[ -n "$pid" ] && ps -o comm= --ppid "$pid" 2>/dev/null | grep -q mentormatch &&
		! screen | grep -q '^EXIT='
}

# ---- 1. the six steps at 80x24 ------------------------------------------------

if want walk; then

echo "# walk through the six steps (80x24, LANG=C.UTF-8, TERM=xterm-256color)"
start "LANG=C.UTF-8 TERM=xterm-256color" --profile "$PROFILE" "$MENTORS" "$MENTEES"

expect "step 1 Files: title" "Files: the mentors and mentees spreadsheets"
expect "step bar lists the six steps" "1 Files  2 Columns  3 Rules  4 Match  5 Candidates  6 Save"
expect "step 1: mentors file with its row count" "50 rows, 10 columns"
expect "step 1: mentees file with its row count" "50 rows, 11 columns"
expect_re "step 1: headers of the preview" "first name +last name +email address"
expect "step 1: first rows of the preview" "mentor.00@example.org"
expect "key-hint line" "Tab next  ? help  q quit"
screen >"$TMP/step1.txt"

keys Tab
expect "step 2 Columns: title" "Columns: which spreadsheet column feeds each field"
expect_re "step 2: a mapped field with both headers" "email +email address +email address"
expect "step 2: detail of the highlighted field" "Used by:"
keys Enter
expect "step 2: Enter opens the list of headers" "Enter this column"
keys Escape
wait_gone "Enter this column" 20
screen >"$TMP/step2.txt"

keys Tab
expect "step 3 Rules: title" "Rules: how a pair scores"
expect_re "step 3: rule with its weight" "same profession +same profession +\\+10"
expect "step 3: gap rule band" "gap +2"
expect_re "step 3: rounds are shown" "Rounds +3 "
# rows: profile, file, rounds, bonus, same organisation, grade gap, +1, +2,
# otherwise, same profession
keys j j j j j j j j j
keys +
expect_re "step 3: + raises the weight" "same profession +same profession +\\+11"
keys -
expect_re "step 3: - lowers it again" "same profession +same profession +\\+10"
keys Space
expect "step 3: Space switches the rule off" "[ ] same profession"
keys Space
expect "step 3: and on again" "[x] same profession"
keys k k k
keys Enter
expect "step 3: Enter opens a number field for a band" "grade gap, gap +1: points"
keys C-u
typed 8
keys Enter
expect_re "step 3: typed weight kept" "gap \\+1 +\\+8"
screen >"$TMP/step3.txt"

keys Tab
expect "step 4 Match: title" "Match: how to pair people"
expect_re "step 4: the mode setting" "Mode +rounds +Min score +none"
expect_re "step 4: rounds shown in rounds mode" "Rounds +3 +Mentor capacity +default \\(3\\)"
expect_re "step 4: the bonus in rounds mode" "Unmatched bonus +6 +Mentee capacity +default \\(3\\)"
expect "step 4: nothing run yet" "No match yet"
keys m
expect "step 4: round totals" "Total score"
expect_re "step 4: round 1 line" "^ +1 +[0-9]+ +[0-9]+"
expect_re "step 4: the 0/1/2/3 table" "Matches +0 +1 +2 +3"
expect_re "step 4: mentors' row of the table" "Mentors( +[0-9]+){5}"
expect_re "step 4: mentees' row of the table" "Mentees( +[0-9]+){5}"
screen >"$TMP/step4.txt"

keys Tab
expect "step 5 Candidates: title" "Candidates: anyone's ranked list"
expect "step 5: the people list" "Mentors (50)"
expect "step 5: ranked list of the first mentor" "Mentees for mentor 00"
expect_re "step 5: an assigned pair is marked" "\\*[1-3] +\\+[0-9]+ +[0-9]+% +mentee"
expect_re "step 5: breakdown of the highlighted pair" "^ +\\+[0-9]+ grade gap [0-9]"
expect_re "step 5: a forbidden pair names its rule" "-- +mentee [0-9]+ no: "
keys /
typed "mentor 07"
keys Enter
expect "step 5: search by name" "\"mentor 07\": 1 found"
expect "step 5: ... and the list follows" "Mentees for mentor 07"
keys Escape
expect "step 5: Esc clears the search" "Mentors (50)"
keys t
expect "step 5: t switches to the mentees" "Mentees (50)"
keys /
typed "MENTEE.12@"
keys Enter
expect "step 5: search by email, any case" "Mentors for mentee 12"
keys Escape t
screen >"$TMP/step5.txt"

keys Tab
expect "step 6 Save: title" "Save: write the pairs"
keys o
expect "step 6: o asks for the folder" "Folder for pairs.csv"
keys C-u
typed "$TMP/out"
keys Enter
expect "step 6: the folder is shown" "$TMP/out"
keys s
expect "step 6: asks before creating the folder" "does not exist. Create it?"
keys y
expect_re "step 6: says what was written" "pairs\.csv: [0-9]+ rows written"
if screen | grep -q "note:"; then fail "step 6: no \"note:\" label in the list"; else pass "step 6: no \"note:\" label in the list"; fi
screen >"$TMP/step6.txt"
for f in pairs.csv mentors-list.csv mentees-list.csv; do
	if [ -f "$TMP/out/$f" ]; then
		pass "saved $f exists"
	else
		fail "saved $f exists"
		continue
	fi
	mode=$(ls -l "$TMP/out/$f" | cut -c1-10)
	if [ "$mode" = "-rw-------" ]; then
		pass "saved $f has mode 600"
	else
		fail "saved $f has mode 600 (is $mode)"
	fi
done
rows=$(wc -l <"$TMP/out/pairs.csv" 2>/dev/null || echo 0)
if [ "$rows" -gt 1 ]; then pass "pairs.csv has rows ($rows lines)"; else fail "pairs.csv has rows"; fi

keys s
expect "step 6: asks before overwriting" "Overwrite 3 existing files"
keys n
expect "step 6: n writes nothing" "nothing written"

keys '?'
expect "? opens the help screen" "Keys on every step"
expect "help lists the keys from the action table" "go to the next step"
keys Escape
if wait_gone "Keys on every step" 10; then
	pass "Esc closes the help within 1 s"
else
	fail "Esc closes the help within 1 s"
fi

keys '['
expect "[ goes back a step" "Candidates: anyone's ranked list"
keys 1
expect "1 jumps to step 1" "Files: the mentors and mentees spreadsheets"
keys q
expect "q quits (results saved): asks about the changed profile" "The changes to the profile have not been saved"
keys y
expect "q quits (results saved)" "EXIT=0"

# quitting with unsaved results asks first
start "LANG=C.UTF-8 TERM=xterm-256color" --profile "$PROFILE" "$MENTORS" "$MENTEES"
expect "second run starts" "Files: the mentors"
keys m
expect "m runs the match from any step" "Total score"
keys q
expect "q with unsaved results asks first" "have not been saved. Quit anyway?"
keys n
if wait_gone "Quit anyway?" 20 && alive; then pass "n keeps the program running"; else fail "n keeps the program running"; fi
keys q y
expect "y quits" "EXIT=0"
fi

# ---- 2. resizing (shared/cases C17) ---------------------------------------------

if want resize; then

echo "# resize down to 1x1 and back"
start "LANG=C.UTF-8 TERM=xterm-256color" --profile "$PROFILE" "$WIDE" "$MENTEES"
expect "wide-character file loads" "Mentors preview"
keys Escape
sleep 0.3
# display-cell alignment: CJK and full-width letters take two cells each
expect "CJK name aligned by display width" " 小明        王           xiaoming.wang@"
expect "full-width name aligned by display width" " ＡＬＥＸ    Sample       alex.fullwidth@"
# "Zoë" is written as e + U+0308 (combining diaeresis) in that file
expect "e + combining mark is one cell" "$(printf ' Zoe\314\210         Placeholder  zoe.placeholder@')"
expect "long value cut at a character boundary, with a marker" "Directorate for the Com…"
screen >"$TMP/resize-first.txt"
for size in 40x12 20x6 10x3 1x1; do
	w=${size%x*}
	h=${size#*x}
	tm resize-window -t "$SESSION" -x "$w" -y "$h"
	if [ "$w" -ge 10 ]; then
		expect "at $size the 'too small' notice" "too small"
	else
		sleep 0.5
	fi
	if alive; then pass "alive at $size"; else fail "alive at $size"; fi
done
tm resize-window -t "$SESSION" -x 80 -y 24
expect "back at 80x24 the step is drawn again" "Mentors preview"
sleep 0.3
screen >"$TMP/resize-last.txt"
if cmp -s "$TMP/resize-first.txt" "$TMP/resize-last.txt"; then
	pass "screen at 80x24 identical to before the resizes"
else
	fail "screen at 80x24 identical to before the resizes"
	diff "$TMP/resize-first.txt" "$TMP/resize-last.txt" | sed 's/^/     | /'
fi
keys Down Down Down
if alive; then pass "alive after moving through the list"; else fail "alive after moving"; fi
keys q
expect "quits after the resizes" "EXIT=0"
fi

# ---- 3. terminals (shared/cases C16) ----------------------------------------------

if want terminals; then

echo "# terminal matrix"
"$PROG" "$MENTORS" "$MENTEES" </dev/null >"$TMP/notty.out" 2>"$TMP/notty.err"
rc=$?
if [ "$rc" -ne 0 ]; then pass "no tty: non-zero exit ($rc)"; else fail "no tty: non-zero exit"; fi
if grep -q "interactive terminal" "$TMP/notty.err"; then
	pass "no tty: says it needs an interactive terminal"
else
	fail "no tty: says it needs an interactive terminal"
	sed 's/^/     | /' "$TMP/notty.err"
fi
if grep -q "$(printf '\033')" "$TMP/notty.out" "$TMP/notty.err"; then
	fail "no tty: no escape codes written"
else
	pass "no tty: no escape codes written"
fi

start "-u TERM LANG=C.UTF-8" --profile "$PROFILE" "$MENTORS" "$MENTEES"
expect "TERM unset: the program's own message" "TERM is not set"
expect "TERM unset: non-zero exit" "EXIT=1"

start "LANG=C.UTF-8 TERM=xterm-ghostty" --profile "$PROFILE" "$MENTORS" "$MENTEES"
expect "unknown TERM: named in the message" "TERM=xterm-ghostty is not a terminal type known"
expect "unknown TERM: suggests a fix" "TERM=xterm-256color"
expect "unknown TERM: non-zero exit" "EXIT=1"

start "LANG=C.UTF-8 TERM=dumb" --profile "$PROFILE" "$MENTORS" "$MENTEES"
expect "TERM=dumb: refused, no cursor addressing" "cannot move the cursor"
expect "TERM=dumb: non-zero exit" "EXIT=1"

start "LANG=C.UTF-8 TERM=vt100" --profile "$PROFILE" "$MENTORS" "$MENTEES"
expect "TERM=vt100 (no colours) runs" "Files: the mentors and mentees spreadsheets"
keys m
expect "TERM=vt100: the match runs" "Total score"
keys 5
expect "TERM=vt100: candidates" "Mentees for mentor 00"
keys q y
expect "TERM=vt100: quits cleanly" "EXIT=0"

# colour codes in the pane (foreground/background SGR; 39 and 49 only reset)
ESC=$(printf '\033')
colour_re="$ESC\\[([0-9;]*;)?(3[0-8]|4[0-8]|9[0-7]|10[0-7])[;m]"
start "LANG=C.UTF-8 TERM=xterm-256color" --profile "$PROFILE" "$MENTORS" "$MENTEES"
expect "colour run starts" "Files: the mentors and mentees spreadsheets"
if tm capture-pane -e -p -t "$SESSION" | grep -qE "$colour_re"; then
	pass "xterm-256color: colours are used"
else
	fail "xterm-256color: colours are used"
fi
keys q
expect "quits" "EXIT=0"
start "LANG=C.UTF-8 TERM=xterm-256color NO_COLOR=1" --profile "$PROFILE" "$MENTORS" "$MENTEES"
expect "NO_COLOR=1 runs" "Files: the mentors and mentees spreadsheets"
if tm capture-pane -e -p -t "$SESSION" | grep -qE "$colour_re"; then
	fail "NO_COLOR=1: no colour on the screen"
	tm capture-pane -e -p -t "$SESSION" | grep -E "$colour_re" | head -n 3 | cat -v | sed 's/^/     | /'
else
	pass "NO_COLOR=1: no colour on the screen"
fi
if tm capture-pane -e -p -t "$SESSION" | grep -q "$ESC\\[[0-9;]*7m"; then
	pass "NO_COLOR=1: the attributes-only theme (reverse video)"
else
	fail "NO_COLOR=1: the attributes-only theme (reverse video)"
fi
keys m
expect "NO_COLOR=1: the match runs" "match done:"
keys q y
expect "NO_COLOR=1: quits cleanly" "EXIT=0"

start "LANG=C LC_ALL=C TERM=xterm-256color" --profile "$PROFILE" "$WIDE" "$MENTEES"
expect "LANG=C runs" "Mentors preview"
expect "LANG=C: non-ASCII shown as placeholders" " ??          ?            xiaoming.wang@"
expect "LANG=C: truncation marker is ASCII" "Directorate for the Com~"
keys q
expect "LANG=C: quits cleanly" "EXIT=0"
fi

# ---- 4. the solve settings on step 4, capacity mode ---------------------------------

if want settings; then

echo "# match settings and capacity mode (80x24)"
start "LANG=C.UTF-8 TERM=xterm-256color" --profile "$PROFILE" "$MENTORS" "$MENTEES"
expect "settings run starts" "Files: the mentors"
keys 4
expect_re "step 4: settings block" "Mode +rounds"
expect "step 4: what the highlighted setting means" "Rounds: one-to-one rounds, as the original. Space: capacity"
keys Space
expect_re "Space switches to capacity mode" "Mode +capacity +Min score +none"
expect_re "capacity mode: the objective is shown" "Objective +quality +Mentor capacity +default \(1\)"
gone "capacity mode: no rounds or bonus lines" "Unmatched bonus"
expect "capacity mode: what it means" "Capacity: one exact solve over all pairs. Space: rounds"
keys m
expect_re "capacity mode: one summary line" "1 exact solve \(objective quality\): [0-9]+ pairs, total score [0-9]+"
expect_re "capacity mode: the 0/1/2/3 table" "Matches +0 +1 +2 +3"
expect_re "capacity mode: mentors' row" "Mentors( +[0-9]+){5}"
expect_re "capacity mode: the message line" "match done: [0-9]+ pairs, total score [0-9]+, in one exact solve"
if screen | grep -q "Round  *Pairs"; then fail "capacity mode: no rounds table"; else pass "capacity mode: no rounds table"; fi
keys j Enter
expect_re "Enter switches the objective" "Objective +coverage"
expect "a change clears the result" "No match yet"
expect "step 4 says what clears the result and what runs it again" "a rule changed on step 3"
expect_re "capacity mode: the mentors' minimum is shown" "Mentor minimum +0"
keys j j j +
expect_re "+ raises the mentor capacity from its default" "Mentor capacity +2"
keys Enter
expect "Enter edits the capacity" "Mentor capacity (0 to 1000, or default)"
keys C-u
typed "default"
keys Enter
expect_re "default restores the default capacity" "Mentor capacity +default \(1\)"
keys k Enter
expect "Enter edits the min score" "Min score (-1000000 to 1000000, or none)"
typed "20"
keys Enter
expect_re "typing replaces none (not none20)" "Min score +20 *$"
gone "... no error" "is not a number"
keys Enter
typed "none"
keys Enter
expect_re "none again" "Min score +none"
keys Enter C-u
typed "lots"
keys Enter
expect "a bad min score is refused" "min_score: 'lots' is not a number; write none, or a whole number"
keys Enter C-u
typed "5"
keys Enter
expect_re "min score set" "Min score +5"
gone "a valid edit clears the old error (task: stale status)" "is not a number"
keys m
expect_re "coverage run" "1 exact solve \(objective coverage\): [0-9]+ pairs"
keys 3
expect "step 3 in capacity mode: rounds marked unused" "not used: capacity mode solves once"
expect "step 3 in capacity mode: bonus marked unused" "not used in capacity mode"
keys 5
expect "step 5 in capacity mode: candidates" "Mentees for mentor 00"
keys 4 k k k k Space
expect_re "back to rounds mode" "Mode +rounds"
expect "rounds mode: rounds shown again" "Unmatched bonus"
keys q
expect "q quits (no unsaved result): asks about the changed profile" "The changes to the profile have not been saved"
keys y
expect "q quits (no unsaved result)" "EXIT=0"
fi

# ---- 5. rows not loaded: steps 1, 4 and 6; a nested output folder -------------------

if want ragged; then

echo "# rows not loaded (C07) and a nested output folder"
RAGGED=tests/data/cases/C07_ragged_rows.csv
start "LANG=C.UTF-8 TERM=xterm-256color" --profile "$PROFILE" "$MENTORS" "$RAGGED"
expect "problems pager at start" "─ Problem"
keys Escape
expect "step 1: the rows not loaded are counted" "3 rows (1 not loaded), 8 columns"
expect "step 1: the mentees file's problem shows its message, not its path" "C07_ragged_rows.csv, line 4: row has 9 fields but the header"
expect_re "step 1: how many more" "\(\+[0-9]+ more: e\)"
# the file lacks columns the profile maps: step 2 says so; s takes the
# suggestions with a (nothing is mapped without the user's key)
keys 2
expect "step 2: a header the file lacks is marked" "! both mentor and"
keys a
expect_re "a maps or unmaps what the file lacks" "fields? filled in from the header names"
keys m
expect "step 4: warning about the rows not loaded" "1 row of C07_ragged_rows.csv was not loaded (line 4): missing from the match"
keys 6
expect "step 6: warning line" "1 row of C07_ragged_rows.csv was not loaded (line 4); see e for messages"
keys o C-u
typed "$TMP/deep/er/out"
keys Enter s
expect "s asks before saving with rows missing" "Some rows were not loaded, so some people are missing from the results."
keys n
expect "n: nothing written" "nothing written"
keys s y
expect "asks to create the folder and those above it" "with the folders above it that are missing?"
keys y
expect "saved into the new nested folder" "rows written"
for d in deep deep/er deep/er/out; do
	mode=$(ls -ld "$TMP/$d" 2>/dev/null | cut -c1-10)
	if [ "$mode" = "drwx------" ]; then pass "created folder $d has mode 700"; else fail "created folder $d has mode 700 (is $mode)"; fi
done
if [ -f "$TMP/deep/er/out/pairs.csv" ]; then pass "pairs.csv in the nested folder"; else fail "pairs.csv in the nested folder"; fi
keys o C-u
typed "$ROOT/README.md/sub/folder/with/a/rather/long/name/that/does/not/fit/on/one/line/out"
keys Enter s y
expect "a folder error is shown in full, in a box" "Not written"
expect "... with its end" "Not a directory."
keys Escape q
expect "quits (results saved): asks about the changed profile" "The changes to the profile have not been saved"
keys y
expect "quits (results saved)" "EXIT=0"

# a header-only file
head -n 1 "$MENTEES" >"$TMP/header-only.csv"
start "LANG=C.UTF-8 TERM=xterm-256color" --profile "$PROFILE" "$MENTORS" "$TMP/header-only.csv"
expect "header-only file: no data rows" "no data rows, 11 columns"
keys j
expect "header-only file: the preview says so" "No data rows: the file has only the header line"
keys q
expect "quits" "EXIT=0"

# the import report (i): duplicates, short rows, values off the scale
start "LANG=C.UTF-8 TERM=xterm-256color" --profile "$PROFILE" tests/data/import/mentors.csv tests/data/import/mentees.csv
keys Escape i
expect "import report: the box" "Import report"
expect "import report: a duplicate sign-up, the kept line" "line 2 left out, line 5 used"
expect "import report: a value not on the scale" "\"Grade Seven\" (line 6)"
keys Escape q
expect "quits" "EXIT=0"
fi

# ---- 6. the file browser and profiles --------------------------------------------------

if want browser; then

echo "# file browser, profile loading and writing"
mkdir -p "$TMP/home/exports"
awk 'BEGIN { for (i = 0; i < 1126; i++) printf "x" }' >"$TMP/home/exports/size.txt"
cp "$MENTEES" "$TMP/home/exports/mentees-export.tsv.csv"
start "LANG=C.UTF-8 TERM=xterm-256color HOME=$TMP/home" --profile "$PROFILE" "$MENTORS"
expect "mentors only" "Mentees file"
keys Enter
expect "mentees browser starts in the mentors file's folder" "Folder: $ROOT/tests/data/example"
expect "other files are listed too" "README.md"
expect_re "sizes of 10 KB and more have no decimal" "mentees.csv +11 KB"
keys :
expect "a path can be typed" "A file or folder"
typed "../cases"
keys Enter
expect "typed relative path opens the folder" "Folder: $ROOT/tests/data/cases"
expect_re "csv files before other files" "C11_category_variants.csv"
keys :
typed "~/exports"
keys Enter
expect "~ is the home folder" "Folder: $TMP/home/exports"
expect_re "sizes below 10 KB have one decimal" "size.txt +1.1 KB"
keys :
typed "nothing-here.csv"
keys Enter
expect "a typed path that does not exist is reported" "nothing-here.csv: No such file or directory"
keys :
typed "tests/data/cases"
keys Enter
expect "a relative path not in the folder shown: from where the program started" "Folder: $ROOT/tests/data/cases"
keys :
typed "~/exports"
keys Enter
expect "... and back" "Folder: $TMP/home/exports"
keys :
typed "mentees-export.tsv.csv"
keys Enter
expect "a typed file name loads the file" "mentees: 50 rows loaded from"
keys 3 l
expect "l lists the profiles found" "Load a profile"
expect "... the examples beside the program" "University peer mentoring (example)"
expect "... then another file" "Another file..."
keys G k Enter
expect "profile browser starts in the profile's folder" "Folder: $ROOT/config"
keys :
typed "$ROOT/tests/data/cases/C14_config_traps.ini"
keys Enter
expect "a bad profile shows its problems" "unknown section [csv]"
keys Escape
expect "the browser stays open in that folder" "C14_config_traps.ini was not loaded: see the messages (e)"
expect "... showing that folder" "Folder: $ROOT/tests/data/cases"
keys Escape w C-u
typed "$TMP"
keys Enter
expect "writing a profile over a folder is refused" "is a folder, not a file name"
keys Escape w C-u
typed "$TMP/new/"
keys Enter
expect "a name ending in / is refused" "names a folder (it ends with /)"
keys Escape w C-u
typed "$TMP/myprofile"
keys Enter
expect ".ini is added, and said" "profile written to $TMP/myprofile.ini (.ini was added"
if [ -f "$TMP/myprofile.ini" ]; then pass "profile file written"; else fail "profile file written"; fi
keys q
expect "quits" "EXIT=0"
fi

# ---- values dialog and duplicate headers (tests/data/values) -----------------------

if want values; then
# mentors.csv has "email address" twice (columns 3 and 4), "role" instead of
# the profile's "job title", and Ada's grade spelt "Grade7"; mentees.csv has
# Cleo's grade as "heo " (the same value as HEO).

echo "# values dialog, duplicate headers, a header the file lacks"
VM=tests/data/values/mentors.csv
VE=tests/data/values/mentees.csv
start "LANG=C.UTF-8 TERM=xterm-256color" --profile "$PROFILE" "$VM" "$VE"
expect "values: files load" "Files: the mentors"
keys Tab
expect "values: step 2" "Columns: which spreadsheet column feeds each field"
expect "step 2: v is on the hint line" "v values"
expect "step 2: a header the file lacks is marked" "! job title"
keys j j j j
expect "step 2: the detail names the profile's header" "! profile says 'job title', not in this file; a maps 'role' instead"
keys a
expect_re "a takes the suggestion" "fields? filled in from the header names"
expect "... and the field shows its new column" "role"
keys j v
expect "v opens the values dialog" "Values of grade (ordered, lowest first)"
expect_re "scale values in order with counts" "4\\. HEO +0 +1"
expect_re "a spelling not on the scale is marked" "\"Grade7\" not on the scale +1 +0"
expect "the help line says how to save" "Save the profile with w on step 3 (Rules)"
keys j K
expect_re "K moves a scale value up" "1\\. AO +0 +0"
keys J
expect_re "J moves it back" "2\\. AO +0 +0"
keys G Enter
expect "Enter on the spelling asks for a scale value" "Read \"Grade7\" as"
keys j j j j j Enter
expect "the spelling is now an alias" "\"Grade7\" read as Grade 7 (alias)"
expect_re "... and counts as Grade 7" "6\\. Grade 7 +1 +0"
keys Escape
gone "Esc closes the values dialog" "Values of grade"
keys m
expect "values: the match runs" "match done:"
keys Tab
expect "Ada (Grade7) is allowed with both mentees" "Mentees for Ada Mentor: 2 allowed of 2"
expect_re "... and matched with Cleo (heo )" "\\*1 +\\+22 +[0-9]+% +Cleo Mentee"
keys 2
expect "back on step 2" "Columns: which spreadsheet column feeds each field"
keys g j j Enter
expect "the picker lists columns by position" "3: email address"
expect "... and marks the 2nd of a duplicate header" "4: email address (2nd)"
expect "... and the other columns" "6: role"
keys j Enter
expect "choosing the 2nd duplicate keeps its position" "email address @4"
expect "the detail shows the 2nd column's values" "ada@example.org"
keys q
expect "values: quits (the new mapping dropped the result): asks about the changed profile" "The changes to the profile have not been saved"
keys y
expect "values: quits (the new mapping dropped the result)" "EXIT=0"
fi

# ---- one combined sign-up sheet; the delimiter of a file ---------------------------

if want signups; then

echo "# one combined sign-up sheet, delimiter override"
SHEET=tests/data/signups/signups.csv
# the test profile without its [signups] section: the role column is chosen here
awk '/^\[signups\]/ { skip = 1; next } /^\[/ { skip = 0 } !skip' \
	tests/data/signups/signups.ini >"$TMP/nosignups.ini"
start "LANG=C.UTF-8 TERM=xterm-256color" --profile "$TMP/nosignups.ini"
expect "the Files step offers one sheet" "or one sheet"
keys G Enter
expect "the browser for the sheet" "Choose the combined sign-up sheet"
keys :
typed "$ROOT/$SHEET"
keys Enter
expect "then the role column picker" "Which column says who is a mentor?"
expect_re "... on the role question" "How would you like to take part\\? +Mentor, Mentee, Both"
keys Enter
expect "then the answers dialog" "Who is a mentor? Answers in the role column"
expect_re "... with a guess for each answer" "\\[both\\] +Both"
expect "... and the counts" "3 mentors, 4 mentees, 1 on both sides"
keys j j Space
expect "Space changes an answer's role" "2 mentors, 3 mentees, 0 on both sides"
keys Space Space Space
expect "... round to both again" "3 mentors, 4 mentees, 1 on both sides"
keys Enter
expect_re "the sheet line shows the counts" "signups.csv +3 mentors, 4 mentees, 1 on both sides"
expect_re "the mentors come from the sheet" "Mentors file +from the sign-up sheet +3 rows"
keys m
expect "the match runs on the sheet" "match done:"
keys 1 G r
expect "r opens the role column picker again" "Which column says who is a mentor?"
keys Escape q y
expect "quits" "EXIT=0"

start "LANG=C.UTF-8 TERM=xterm-256color" --profile tests/data/signups/signups.ini --signups "$SHEET"
expect "--signups with a profile's [signups]" "3 mentors, 4 mentees, 1 on both sides"
expect "the rows not used are reported" "the answer in \"How would you like to take part?\" is blank"
keys m
expect "... and matches" "match done:"
keys q y
expect "quits" "EXIT=0"

# a semicolon file forced to comma misparses; back to auto it loads right
start "LANG=C.UTF-8 TERM=xterm-256color" --profile "$PROFILE" tests/data/cases/C03_semicolon_excel.csv "$MENTEES"
expect "C03 loads with the delimiter detected" "Mentors preview (semicolon-separated, auto)"
keys d
expect "d: comma: reloaded, with problems" "Problems"
keys Escape
expect "... the misparse error on step 1" "the header has no commas but"
expect "... and its preview" "Mentors preview (comma-separated, set with d)"
keys d
expect "d: semicolon" "Mentors preview (semicolon-separated, set with d)"
keys d
expect "d: tab: an error again" "Problem"
keys Escape d
expect "d: auto again" "Mentors preview (semicolon-separated, auto)"
expect_re "... all rows loaded" "C03_semicolon_excel.csv +3 rows, 8 columns"
keys q
expect "quits" "EXIT=0"

# changing files with an unsaved result asks first, as q does
start "LANG=C.UTF-8 TERM=xterm-256color" --profile "$PROFILE" "$MENTORS" "$MENTEES"
expect "change-files run starts" "Files: the mentors"
keys m
expect "a result" "match done:"
keys 1 g Enter
expect "the mentors browser" "Choose the mentors file"
keys :
typed "$ROOT/$MENTORS"
keys Enter
expect "a new mentors file asks before dropping the result" "The results have not been saved. Load mentors.csv as the mentors file"
keys n
expect "n loads nothing" "nothing loaded; the results are kept"
keys 4
expect_re "... and the result is still there" "^ +All +[0-9]+ +[0-9]+"
keys 1 G Enter
expect "the sheet browser" "Choose the combined sign-up sheet"
keys :
typed "$ROOT/$SHEET"
keys Enter
expect "the sheet instead of the two files asks too" "instead of the mentors file and the mentees file (mentors.csv,"
keys Escape
expect "Esc loads nothing" "nothing loaded; the results are kept"
expect_re "... both files still there" "Mentees file +tests/data/example/mentees.csv"
keys g d
expect "d (read again with another delimiter) asks too" "Read mentors.csv again with the"
keys n
expect "n changes nothing" "delimiter not changed; the results are kept"
keys q y
expect "quits" "EXIT=0"

# without a result: after the mentors file the mentees line is highlighted;
# j and Enter there is the sheet, which would replace the file: it asks
start "LANG=C.UTF-8 TERM=xterm-256color" --profile "$PROFILE"
expect "no-files run starts" "Files: the mentors"
keys Enter :
typed "$ROOT/$MENTORS"
keys Enter
expect "the mentors file loads and the mentees line is next" "next: the mentees file (Enter)"
keys j Enter
expect "j Enter: the sheet browser" "Choose the combined sign-up sheet"
keys :
typed "$ROOT/$SHEET"
keys Enter
expect "the sheet would replace the mentors file: asked" "Use the sign-up sheet signups.csv instead of the mentors file"
keys n
expect "n keeps the mentors file" "nothing loaded; the files are kept"
expect_re "... still loaded" "Mentors file +tests/data/example/mentors.csv +50 rows"
keys q
expect "quits" "EXIT=0"
fi

# ---- the rule vocabulary: a company programme (config/company.ini) ----------------

if want vocabulary; then
echo "# every kind of rule on the Rules step, history, explanations"
CM=tests/data/company/mentors.csv
CE=tests/data/company/mentees.csv
start "LANG=C.UTF-8 TERM=xterm-256color" --profile config/company.ini "$CM" "$CE" \
	--history tests/data/company/history.csv
expect "vocabulary: files load" "Files: the mentors"
keys j j j
expect "step 1: the history file from the command line" "1 file of earlier pairs: history.csv"
expect "step 1: what history files do" "their pairs are not allowed (the profile's [history])"
keys 3
expect "step 3: an overlap counted per shared value" "+3 each"
expect "step 3: a gap on numbers, as a range" "gap -3..3"
expect "step 3: a table in words" "mentee's would like to work on fits men"
expect "step 3: a rule that requires" "required"
keys G
expect "step 3: the last rule's sentence with its condition" "not allowed unless same gender; only when mentee's prefers a mentor of the sa"
keys m
expect "vocabulary: the match runs" "match done:"
keys 5
expect "step 5: the first mentor" "Mentees for Sofia Lindqvist"
keys /
typed "Hana"
keys Enter
expect "search finds Hana Rossi" "Mentors for Hana Rossi: 11 allowed of 20"
keys ">"
expect "step 5: a rule whose condition does not hold says so" "not applied: same gender (asked for"
keys G
expect "step 5: a pair from the history file is not allowed, and why" "Sofia Lindqvist no: paired before"
keys k k k k k k k k
expect "... in the breakdown too" "not allowed: paired be"
keys q y
expect "vocabulary: quits" "EXIT"

# an unmapped field stays unmapped: the terminal and batch mode agree
grep -v '^skills = Skills$' config/company.ini >"$TMP/unmapped.ini"
start "LANG=C.UTF-8 TERM=xterm-256color" --profile "$TMP/unmapped.ini" "$CM" "$CE"
keys 2
expect "step 2: the field the profile leaves unmapped" "(not mapped)"
keys m
expect_re "unmapped: the terminal's total" "total score [0-9]+"
tui_total=$(screen | grep -o 'total score [0-9]*' | head -n 1)
mkdir -p "$TMP/unmapped-out"
"$PROG" --batch --profile "$TMP/unmapped.ini" --mentors "$CM" --mentees "$CE" \
	--out "$TMP/unmapped-out" >"$TMP/unmapped.txt" 2>&1
batch_total=$(grep -o 'total score [0-9]*' "$TMP/unmapped.txt" | head -n 1)
if [ -n "$tui_total" ] && [ "$tui_total" = "$batch_total" ]; then
	pass "terminal and batch give the same total ($tui_total)"
else
	fail "terminal ($tui_total) and batch ($batch_total) totals differ"
fi
keys q y
expect "unmapped: quits" "EXIT"
fi

# ---- a profile built from nothing: two files of a shape no shipped profile knows ----
# (tests/data/scratch), with no profile anywhere (empty HOME, empty folder):
# the fields proposed from the columns, a field added, retyped, renamed and
# deleted, a rule of every kind built with the keys, undo, the match, the
# profile written to ~/.config/mentormatch and the results saved; the saved
# profile in --batch gives a byte-identical pairs.csv.

if want scratch; then
	SD="$TMP/scratch"
	mkdir -p "$SD/home" "$SD/out" "$SD/batch"
	cp tests/data/scratch/mentors.csv tests/data/scratch/mentees.csv "$SD/"
	case "$PROG" in /*) P="$PROG" ;; *) P="$ROOT/$PROG" ;; esac
	tm kill-server >/dev/null 2>&1
	sleep 0.2
	tm new-session -d -s "$SESSION" -x 80 -y 24 \
		"cd '$SD' && env -u LC_ALL -u LC_CTYPE -u LANGUAGE -u XDG_CONFIG_HOME HOME='$SD/home' LANG=C.UTF-8 TERM=xterm-256color '$P' mentors.csv mentees.csv; echo EXIT=\$?; sleep 120"
	expect "scratch: starts without a profile and says what to do" "No profile given: ^N builds a new one"
	keys 3
	expect "scratch: step 3 offers a new profile" "^N builds a new one from the files' columns"
	keys C-n
	expect "scratch: N proposes a field for each column" "New profile: a field for each column"
	expect_re "scratch: the two files' ids are one identity field" "\\[x\\] id +id +identity +Participant ID +Participant ID"
	expect_re "scratch: a list joined by ; is a multi field of both sides" "languages_spoken +multi +Languages spoken +Language to prac"
	expect_re "scratch: a scale is found in the values" "seniority +ordinal +Seniority +Seniority"
	expect_re "scratch: the capacity column" "mentoring_capac.* +number +capacity +Mentoring capaci.* +- "
	expect_re "scratch: three tick-box columns are one field" "choices +multi +Leadership \\+2 +Leadership \\+2"
	keys j j j j j
	expect "scratch: the detail shows the order of the scale" "Order: Junior < Mid < Senior"
	keys G
	expect_re "scratch: a column of one side" "preferred_mentor +category +- +Preferred mentor"
	keys k Space
	expect_re "scratch: Space skips a field" "\\[ \\] comments"
	keys Enter
	expect "scratch: Enter makes the profile and goes to step 2" "Columns: which spreadsheet column feeds each field"
	expect "scratch: ... saying how many fields" "new profile with 11 fields"
	# the tick-box field gets a name of its own
	keys G k
	expect_re "scratch: the tick-box field on step 2" "Leadership \\.\\.\\. .* +Leadership \\+2 more"
	keys R C-u
	typed "topics"
	keys Enter
	expect "scratch: R renames a field" "field choices is now \"topics\""
	# a field added, retyped, deleted; undo
	keys A
	typed "Office"
	keys Enter
	expect "scratch: A asks for the type" "Type of the new field"
	keys Enter
	expect "scratch: a field is added" "field office (category) added"
	keys Enter
	expect "scratch: Enter opens the column picker" "Mentors column for \"Office\""
	keys Escape T
	expect "scratch: T offers the types" "Type of Office"
	keys g Enter
	expect "scratch: the type changes" "office: text, was category"
	keys D
	expect "scratch: D asks before deleting" "Delete the field Office (used by the output lists)?"
	keys y
	expect "scratch: the field is deleted" "field office deleted"
	keys z
	expect "scratch: z brings it back" "the last change to the profile was taken back"
	expect_re "scratch: ... the field is there again" "^.Office "
	keys G D y
	expect "scratch: deleted again" "field office deleted"
	# the values of a multi field: an answer that means anyone, undone
	keys g j j j j v
	expect "scratch: v shows a multi field's answers" "Values of Languages spoken / Language to practise (several answers)"
	expect_re "scratch: ... with counts per side" "English +4 +1"
	keys w
	expect "scratch: w marks an answer that means anyone" "now means anyone: it fits every answer"
	expect "scratch: ... shown in the list" "(means anyone)"
	keys Escape z
	expect "scratch: z takes it back" "taken back"
	# several columns: the mentees' topics from two of the three columns, then all three
	keys 'g'
	keys G k '>' Enter
	expect "scratch: the picker marks the mapped columns" "[x] 10: Leadership"
	keys Space
	expect "scratch: Space unmarks a column" "[ ] 10: Leadership"
	keys Enter
	expect "scratch: two columns now" "mentees: topics now comes from 2 columns"
	keys z
	expect "scratch: undone" "taken back"

	# ---- rules: one of every kind ----
	keys 3
	expect "scratch: no rules yet, and how to add one" "No rules yet: A adds one"
	# same: time zone +3
	keys A
	expect "scratch: A lists the kinds in words" "both answered the same"
	keys Enter
	expect "scratch: only the fields a same rule can read" "The mentors' answer it looks at"
	keys j j j j j j Enter Enter
	expect "scratch: the rule editor opens" "Rule same Time zone"
	expect "scratch: live figures of the rule" "Of 30 pairs it forbids 0 (0 alone), scores 12 (+1)"
	keys j j j j j + +
	expect_re "scratch: + raises the points" "Points +\\+3"
	keys Escape
	expect_re "scratch: the rule on step 3" "same Time zone +same Time zone +\\+3"
	# different department, required
	keys A j Enter j j Enter Enter
	expect "scratch: a different rule" "Rule different Department"
	keys j j j j Enter j j Enter
	expect "scratch: require" "require: not allowed unless it holds"
	expect "scratch: the figures follow" "forbids 8 (8 alone)"
	keys Escape
	# contains: the mentee's language among the mentor's
	keys A j j Enter j j j Enter Enter
	expect "scratch: a contains rule" "among the mentor's"
	expect "scratch: contains counts" "scores 12 (+1)"
	keys j j j j j +
	keys Escape
	# gap on seniority: 1.. = 3, the default band deleted
	keys A j j j Enter Enter Enter
	expect "scratch: a gap rule starts with a band" "gap 0"
	keys j j j j j Enter
	expect "scratch: a band is asked for" "Which gaps"
	typed "1.."
	keys Enter
	expect "scratch: then its points" "Points when the gap is 1..:"
	typed "3"
	keys Enter
	expect_re "scratch: the band is added" "gap 1\\.\\. +\\+3"
	keys k D
	expect "scratch: D deletes a band" "band deleted"
	expect "scratch: gap figures" "scores 22 (+3)"
	keys Escape
	# overlap on topics, counted per shared value
	keys A j j j j Enter j j j Enter Enter
	expect "scratch: an overlap rule" "Rule shared topics"
	keys j j j j j Enter j Enter
	expect "scratch: per shared value" "count: per shared value"
	expect "scratch: overlap figures" "scores 19 (+1 to +2)"
	keys Escape
	# table: which department fits which
	keys A j j j j j Enter Enter Enter
	expect "scratch: a table says it needs pairs" "No pairs yet: \"+ add a pair\""
	keys j j j j j j Enter
	expect "scratch: the mentees' answers" "Mentees' answers (Space marks several, Enter)"
	keys Space j j Space Enter
	expect "scratch: then the mentor's" "Mentors' answers that fit the 2 marked"
	keys Enter
	expect_re "scratch: a pair for each answer marked" "mentee Sales +fits mentor Marketing"
	expect_re "scratch: ... the second" "mentee Finance +fits mentor Marketing"
	keys j D
	expect "scratch: D deletes a pair" "pair deleted"
	gone "scratch: ... it is gone" "mentee Finance"
	keys Enter j j j Enter j j Enter
	expect_re "scratch: another pair" "mentee Finance +fits mentor Sales"
	expect "scratch: table figures" "scores 3 (+1)"
	keys Escape
	# preference: the mentees name a mentor by id; only for juniors
	keys A G Enter Enter G Enter
	expect "scratch: a preference rule" "Mentees name mentors in    Preferred mentor"
	expect "scratch: points by choice" "3 | 2 | 1"
	keys j j j j j j Enter
	expect "scratch: conditions offer only mapped sides" "the mentee's Seniority"
	gone "scratch: ... not the mentors' preferred mentor" "the mentor's Preferred mentor"
	keys j j j j j j Enter Space Enter
	expect "scratch: a condition" "the mentee's Seniority is Junior"
	expect "scratch: preference figures" "scores 3 (+3), is off by its condition"
	expect "scratch: ... for the 10 pairs of the two mid mentees" "for 10. All rules: 22 allowed"
	keys Escape
	# undo a deleted rule, move a rule
	keys G D
	expect "scratch: D asks before deleting a rule" "Delete the rule preferred?"
	keys y
	expect "scratch: the rule is deleted" "a rule deleted"
	keys z
	expect_re "scratch: z brings it back" "\\[x\\] preferred"
	keys g j j j j j K
	expect "scratch: K moves a rule up" "rule different Department moved up"
	keys J
	expect "scratch: J moves it back" "moved down"
	# the match, the profile, the results
	keys m
	expect_re "scratch: the match" "1 exact solve \\(objective coverage\\): 6 pairs, total score [0-9]+"
	keys 3 w
	expect "scratch: w proposes the profiles folder" "/home/.config/mentormatch/scratch-mentoring.ini"
	keys Enter
	expect "scratch: the profile is written" "profile written to $SD/home/.config/mentormatch/scrat"
	keys 6 o C-u
	typed "$SD/out"
	keys Enter s
	expect_re "scratch: the results are written" "[0-9] files written to"
	keys q
	expect "scratch: quits without a question (all saved)" "EXIT=0"
	if [ -f "$SD/home/.config/mentormatch/scratch-mentoring.ini" ] &&
		(cd "$SD" && "$P" --batch --profile home/.config/mentormatch/scratch-mentoring.ini \
			--mentors mentors.csv --mentees mentees.csv --out batch >"$SD/batch.log" 2>&1) &&
		cmp -s "$SD/out/pairs.csv" "$SD/batch/pairs.csv"; then
		pass "scratch: --batch with the saved profile gives the same pairs.csv"
	else
		fail "scratch: --batch with the saved profile gives the same pairs.csv"
		cat "$SD/batch.log" 2>/dev/null | sed 's/^/     | /'
	fi
	# every kind is in the saved file
	for k in same different contains gap overlap table preference; do
		if grep -q "^kind = $k\$" "$SD/home/.config/mentormatch/scratch-mentoring.ini"; then
			pass "scratch: the profile has a $k rule"
		else
			fail "scratch: the profile has a $k rule"
		fi
	done
	# hand-worked: Sam Hill (E-201) with Ines Moreau (P-101): same zone +3,
	# Spanish among hers +2, Senior over Junior +3, two topics in common +2,
	# Sales fits Marketing +1, his 1st choice (a junior) +3 = 14
	if grep -q '"P-101","ines@acme.test","Ines Moreau","E-201","sam@acme.test","Sam Hill","1","14"' "$SD/out/pairs.csv"; then
		pass "scratch: a pair's score as worked out by hand (14)"
	else
		fail "scratch: a pair's score as worked out by hand (14)"
		sed 's/^/     | /' "$SD/out/pairs.csv"
	fi
fi

# ---- 7. Ctrl-C -----------------------------------------------------------------------------

if want ctrlc; then

echo "# Ctrl-C and SIGTERM"
start "LANG=C.UTF-8 TERM=xterm-256color" --profile "$PROFILE" "$MENTORS" "$MENTEES"
expect "Ctrl-C run starts" "Files: the mentors"
keys m
expect "match run" "Total score"
keys C-c
expect "Ctrl-C with unsaved results asks" "Quit anyway? (Ctrl-C again"
keys n
if wait_gone "Quit anyway?" 20 && alive; then pass "n keeps running after Ctrl-C"; else fail "n keeps running after Ctrl-C"; fi
keys C-c
expect "Ctrl-C asks again" "Quit anyway?"
keys C-c
expect "a second Ctrl-C quits" "EXIT=130"

start "LANG=C.UTF-8 TERM=xterm-256color" --profile "$PROFILE" "$MENTORS" "$MENTEES"
expect "Ctrl-C run starts" "Files: the mentors"
keys C-c
expect "Ctrl-C without results quits at once" "EXIT=130"
fi

# ---- 9. review: pins, bans, what-if, summary, search across both sides -------------

if want review; then
# On tests/data/example: mentor 00's ranked list starts mentee 18 (+22, in the
# result), mentee 29 (+22, in the result), mentee 00 (+12, not in it).  The
# checks look at markers and words, never at how long a solve takes.

echo "# review: pin, ban, re-solve, what-if, summary, pins file (80x24, one check at 60x20)"
start "LANG=C.UTF-8 TERM=xterm-256color" --profile "$PROFILE" "$MENTORS" "$MENTEES"
expect "review run starts" "Files: the mentors"
keys m
expect "review: the match runs" "match done:"
keys 5
expect "step 5: the first mentor's candidates" "Mentees for mentor 00: 7 allowed of 50"
expect "step 5: the person's details above the list" "Mentor mentor 00 <mentor.00@example.org"
expect_re "step 5: the output fields of the person" "grade SCS2 +organisation Depart"
expect_re "step 5: share of the best score" "\\*[1-3] +\\+22 +100% mentee 18"
expect_re "step 5: a pair not in the result" "│ +3 {6}\\+12 +54% mentee 00 *$"
keys Enter j j
keys p
expect_re "p pins the pair; the match runs again and keeps it (assigned, pinned)" \
	"\\*[1-3] +\\+12 +54% mentee 00 \\[pinned\\]"
expect "... and says what changed" "pinned mentor 00 & mentee 00:"
expect "the what-if panel beside the pair" "What changed (x: all)"
expect_re "... with the total score before and after" "total score [0-9]+ → [0-9]+"
expect_re "... and the mentees matched before and after" "mentees matched [0-9]+ → [0-9]+"
expect "the pair's detail says pinned" "; pinned"
# leaving the step and coming back keeps the highlighted candidate, so that
# the next p or b acts on the pair that was on screen
before=$(screen | grep "── mentor")
keys 6
expect "step 6" "Save: write the pairs"
keys 5
expect "back on step 5" "Candidates: anyone's ranked list"
after=$(screen | grep "── mentor")
if [ -n "$before" ] && [ "$before" = "$after" ]; then pass "step 6 and back: the same candidate highlighted"
else fail "step 6 and back: the same candidate highlighted (was: $before; now: $after)"; fi
keys x
expect "x shows what changed in full" "After: pinned mentor 00 & mentee 00"
expect_re "... before and after" "Total score +[0-9]+ +[0-9]+"
expect_re "... the pairs added" "\\+ mentor 00 & mentee 00, score \\+[0-9]+, pinned"
keys Escape
gone "Esc closes it" "After: pinned mentor"
# mentee 18 is the first candidate and in the result: ban it
keys g
expect_re "the first candidate is in the result" "│ +1 \\*[1-3] +\\+22 +100% mentee 18"
keys b
expect_re "b bans it: the match runs again and the pair is gone" \
	"│ +[0-9]+ {6}\\+22 +100% mentee 18 \\[banned\\]"
expect "... and says so" "banned mentor 00 & mentee 18:"
expect_re "the pin is still kept" "\\*[1-3] +\\+12 +54% mentee 00 \\[pinned\\]"
keys f
expect_re "f lists the allowed only" "Name +allowed only *$"
gone "... no pair that is not allowed" "no: same organisation"
keys S
expect "S sorts by name" "allowed only, by name"
expect_re "... mentee 00 first" "│ +1 \\*[1-3] +\\+12 +54% mentee 00"
keys S f
gone "back to all, by score" "by name"
keys Escape
# search: from the mentors list, a mentee by email
keys /
typed "mentee.12@"
keys Enter
expect "search finds a mentee from the mentors list" "\"mentee.12@\": 1 found"
expect "... under a divider" "── mentees"
expect "... and shows that mentee's candidates" "Mentors for mentee 12"
keys Escape
expect "Esc clears the search: the mentee found stays, in the mentees' list" "Mentees (50)"
expect "... still mentee 12" "Mentors for mentee 12"
keys /
typed "mentor 07"
keys Enter
expect "a search for mentor 07" "\"mentor 07\": 1 found"
keys Escape
expect "Esc clears the search..." "Mentors (50)"
expect "... and mentor 07 stays highlighted" "Mentees for mentor 07"
keys Enter g Enter
expect_re "Enter on a candidate opens their list" "Mentors for mentee [0-9]+"
expect "... and says how to come back" "Backspace: back to mentor mentor 07"
keys BSpace
expect "Backspace goes back to the list it came from" "Mentees for mentor 07"
expect "... on the mentors' side" "Mentors (50)"
keys '<' g
expect "back to the first mentor" "Mentees for mentor 00"
tm resize-window -t "$SESSION" -x 60 -y 20
expect "60x20: step 5 drawn again" "Mentees for mentor 00"
expect_re "60x20: the pinned pair" "\\*[1-3] +\\+12 +54% mentee 00 \\[pinned\\]"
expect "60x20: pin and ban on the hint line" "p pin  b ban"
keys u
expect_re "60x20: the summary's 0/1/2/3 table" "Matches +0 +1 +2 +3"
keys Escape
tm resize-window -t "$SESSION" -x 80 -y 24
expect "back at 80x24" "Mentees for mentor 00: 7 allowed of 50"
screen >"$TMP/review-step5.txt"

# the summary
keys u
expect "u opens the summary" "─ Summary ─"
expect_re "summary: the 0/1/2/3 table" "Matches +0 +1 +2 +3\\+ +People"
expect_re "summary: mentors' row" "Mentors( +[0-9]+){5}"
expect_re "summary: mentees' row" "Mentees( +[0-9]+){5}"
expect_re "summary: the bar chart of pair scores" "[0-9]+\\.\\.[0-9]+ +[0-9]+ █"
expect "summary: counts per organisation" "Per organisation: matched / people"
expect_re "summary: an organisation's line" "Department of [A-Za-z]+ +[0-9]+/[0-9]+ +[0-9]+/[0-9]+ +[0-9]+"
screen >"$TMP/review-summary.txt"
keys Escape
gone "Esc closes the summary" "─ Summary ─"

# a weight on step 3: the match runs again, and what changed
keys 3
expect "step 3" "Rules: how a pair scores"
keys j j j j j j j j j +
expect_re "+ raises the weight" "same profession +same profession +\\+11"
expect "the what-if on step 3" "What changed: same profession +10 → +11"
expect_re "... pairs and total score before and after" "Pairs [0-9]+ → [0-9]+ .*Total score [0-9]+ → [0-9]+"
expect_re "... mentees with and without a match" "Mentees with a match [0-9]+ → [0-9]+, without [0-9]+ → [0-9]+"
expect_re "... the kept pairs whose score changed" "[0-9]+ kept pairs? changed score \\(round, bonus or weight\\): [-+][0-9]+"
screen >"$TMP/review-whatif.txt"
keys -
expect "- back: what changed again" "What changed: same profession +11 → +10"
keys l
expect "l with unsaved results asks before loading another profile" "Load another profile and drop them?"
keys n
expect "... n keeps them" "no profile loaded; the results are kept"

# save: pins.csv beside the results
keys 6 o C-u
typed "$TMP/review"
keys Enter
expect "step 6 lists pins.csv among the files" "mentees-list.csv, pins.csv"
expect "... and says what it holds" "pins.csv: your 1 pin and 1 ban"
keys s y
expect "saved with the pins" "4 files written"
if grep -q '"mentor.00@example.org",.*"mentee.00@example.org"' "$TMP/review/pairs.csv" 2>/dev/null; then
	pass "pairs.csv has the pinned pair"
else
	fail "pairs.csv has the pinned pair"
fi
if grep -q '"mentor.00@example.org",.*"mentee.18@example.org"' "$TMP/review/pairs.csv" 2>/dev/null; then
	fail "pairs.csv has not the banned pair"
else
	pass "pairs.csv has not the banned pair"
fi
mode=$(ls -l "$TMP/review/pins.csv" 2>/dev/null | cut -c1-10)
if [ "$mode" = "-rw-------" ]; then pass "pins.csv written with mode 600"; else fail "pins.csv written with mode 600 (is $mode)"; fi
if grep -qi 'mentor.00@example.org.*mentee.00@example.org.*pin' "$TMP/review/pins.csv" 2>/dev/null &&
   grep -qi 'mentor.00@example.org.*mentee.18@example.org.*ban' "$TMP/review/pins.csv" 2>/dev/null; then
	pass "pins.csv holds the pin and the ban"
else
	fail "pins.csv holds the pin and the ban"
	sed 's/^/     | /' "$TMP/review/pins.csv" 2>/dev/null
fi
keys q
expect "quits (saved)" "EXIT=0"

# load the pins file again in a new run: the match keeps the pin and the ban
start "LANG=C.UTF-8 TERM=xterm-256color" --profile "$PROFILE" "$MENTORS" "$MENTEES"
expect "pins run starts" "Files: the mentors"
keys m
expect "match" "match done:"
keys 6 o C-u
typed "$TMP/review"
keys Enter
expect "step 6 lists pins.csv when the folder holds one, even without pins" "mentees-list.csv, pins.csv"
expect "... and says what becomes of it" "pins.csv: no pins or bans; the one there is emptied"
keys 5 P
expect "P opens the browser for a pins file" "Load pins and bans (pins.csv)"
keys :
typed "$TMP/review/pins.csv"
keys Enter
expect "the pins file is loaded and the match runs again" "1 pin and 1 ban loaded from pins.csv:"
expect_re "the pinned pair is in the result" "\\*[1-3] +\\+12 +54% mentee 00 \\[pinned\\]"
expect_re "the banned pair is not" "│ +[0-9]+ {6}\\+22 +100% mentee 18 \\[banned\\]"
keys P
expect "P again" "Load pins and bans (pins.csv)"
keys :
typed "$TMP/review/pins.csv"
keys Enter
expect "with pins and bans set, P asks before replacing them" "Replace your 1 pin and 1 ban with those in pins.csv?"
keys n
expect "n keeps them" "pins file not loaded; your pins and bans are kept"
keys P :
typed "$TMP/review/pins.csv"
keys Enter
expect "asked again" "Replace your 1 pin and 1 ban"
keys y
expect "y replaces them and says how many" "1 pin and 1 ban loaded from pins.csv, replacing 2"
keys q y
expect "quits" "EXIT=0"

# a pin the rules forbid: kept, and said
start "LANG=C.UTF-8 TERM=xterm-256color" --profile "$PROFILE" "$MENTORS" "$MENTEES"
expect "forbidden-pin run starts" "Files: the mentors"
keys m
expect "match" "match done:"
keys 5 Enter G
expect_re "the last candidate is not allowed" "-- +mentee [0-9]+ no: "
keys p
expect_re "a pin of a pair the rules forbid: its score, marked" \
	"\\*[1-3] +[-+][0-9]+ +mentee [0-9]+ \\[pinned!\\] despite: "
expect "... said on the message line" "which the rules do not allow (kept)"
expect "... and in the detail, with the score it counts with" "counted in the total: pinned against"
keys g b
expect "a ban after it shows the ban's own result" "banned mentor 00 & mentee 18:"
if screen | grep -q "pin of mentor"; then
	fail "... not the pin's old warning"
else
	pass "... not the pin's old warning"
fi
keys e
expect "the pin's warning is in the messages (e)" "warning: pin of mentor.00@example.org with mentee."
keys Escape 6
expect "step 6" "Save: write the pairs"
gone "step 6: the message of step 5 is not kept" "banned mentor 00"
# capacity mode leaves people without a match: step 5 says why
keys 4 Space m
expect "capacity mode: the match" "1 exact solve (objective quality)"
keys 5 Escape
n=0
while [ "$n" -lt 50 ] && ! screen | grep -q "no match"; do
	keys j
	sleep 0.1
	n=$((n + 1))
done
expect_re "a person without a match: why" "^ no (allowed|match)[a-z ]*: "
keys Enter b
expect "a ban on their first candidate: the what-if beside the why" "What changed (x: all)"
expect_re "... the why still there" "^ no (allowed|match)[a-z ]*: "
if screen | grep -q "…  *│"; then
	fail "... wrapped, not cut, beside the what-if"
	screen | sed 's/^/     | /'
else
	pass "... wrapped, not cut, beside the what-if"
fi
keys q y
expect "quits" "EXIT=0"
fi

# ---- cells with control characters: shown as '?', never sent to the terminal -------

if want controls; then

echo "# control characters in cells (an escape sequence, a bell, U+202E)"
printf 'first name,last name,email address,grade,organisation,profession\n' >"$TMP/ctl.csv"
printf 'Ann\033[31mRed\033[0m\007,Lee,ann@example.org,HEO,Dept A,HR\n' >>"$TMP/ctl.csv"
printf 'Bob\342\200\256Kat,Wu,bob@example.org,SEO,Dept B,Policy\n' >>"$TMP/ctl.csv"
start "LANG=C.UTF-8 TERM=xterm-256color" --profile "$PROFILE" "$TMP/ctl.csv" "$MENTEES"
expect "the escape sequence and the bell are shown, as ?" "Ann?[31mRed?[0m?"
expect "U+202E is shown as ?" "Bob?Kat"
keys q
expect "quits" "EXIT=0"
fi

# ---- 8. a long match: progress box, resize, cancel, SIGTERM --------------------------

if want long; then

echo "# long match on 10000 + 10000 generated people"
# the same columns as tests/data/example, random grades, organisations, professions
gen() {
	awk -v who="$1" -v n="$2" -v seed="$3" 'BEGIN {
		srand(seed)
		split("AA AO EO HEO SEO G7 G6 SCS1 SCS2 SCS3 SCS4", gr, " ")
		gr[6] = "Grade 7"; gr[7] = "Grade 6"
		split("Truth Peace Love Plenty Virtue", org, " ")
		split("HR Policy Operations Finance DDaT Legal", pro, " ")
		if (who == "mentor")
			print "first name,last name,email address,both mentor and mentee,job title,grade,organisation,profession,characteristics,biography"
		else
			print "first name,last name,email address,both mentor and mentee,job title,grade,organisation,profession,match with similar identity,identity to match,biography"
		for (i = 0; i < n; i++) {
			g = gr[1 + int(rand() * 11)]; o = org[1 + int(rand() * 5)]; p = pro[1 + int(rand() * 6)]
			if (who == "mentor")
				printf "%s,%05d,%s.%05d@example.org,no,Some role,%s,Department of %s,%s,,\n", who, i, who, i, g, o, p
			else
				printf "%s,%05d,%s.%05d@example.org,no,Some role,%s,Department of %s,%s,no,,\n", who, i, who, i, g, o, p
		}
	}'
}
gen mentor 10000 3 >"$TMP/big-mentors.csv"
gen mentee 10000 4 >"$TMP/big-mentees.csv"
start "LANG=C.UTF-8 TERM=xterm-256color" --profile "$PROFILE" "$TMP/big-mentors.csv" "$TMP/big-mentees.csv"
expect_long "large files load" "10000 rows, 10 columns" 300
keys m
expect_long "the progress box appears" "press c or Esc to cancel" 200
expect "progress box: what it does" "10000 mentors, 10000 mentees, rounds mode"
expect_re "progress box: elapsed time" "elapsed [0-9]+\.[0-9] s"
expect "progress box: only the step bar around it" "c/Esc cancel"
if screen | grep -q "Mode  *rounds"; then fail "the step is not drawn during the match"; else pass "the step is not drawn during the match"; fi
tm resize-window -t "$SESSION" -x 60 -y 16
expect "the box is drawn again at 60x16" "press c or Esc to cancel"
tm resize-window -t "$SESSION" -x 80 -y 24
expect "and again at 80x24" "press c or Esc to cancel"
keys c
expect_long "c cancels" "match cancelled; there is no result yet" 600
if alive; then pass "alive after cancelling"; else fail "alive after cancelling"; fi
keys m
expect_long "a full run finishes" "match done: " 1800
expect_re "its rounds" "^ +3 +[0-9]+ +[0-9]+"
keys m
expect_long "second run: the box again" "press c or Esc to cancel" 200
keys Escape
expect_long "Esc cancels; the previous results stay" "match cancelled; the previous results are kept" 600
expect_re "... and are still shown" "^ +All +[0-9]+ +[0-9]+"
# keys typed while a re-solve runs are thrown away: p pins and runs the
# match again (seconds at 10000 a side); the b sent with it arrives while
# that match runs (or is still waiting when it ends) and must not ban
keys 5
expect_long "step 5 on the large files" "Mentees for mentor 00000" 300
keys Enter
expect "the candidates' list" "Mentees for mentor 00000"
keys p b
expect_long "p pins: the match runs again" "pinned mentor 00000 & mentee" 1800
sleep 1
if screen | grep -q "press c or Esc to cancel"; then fail "no second match after the pin"; else pass "no second match after the pin"; fi
if screen | grep -q "\\[banned\\]"; then fail "b typed during the match did not ban"; else pass "b typed during the match did not ban"; fi
if screen | tail -n 2 | grep -q "banned"; then
	fail "... and the message line says nothing of a ban"
else
	pass "... and the message line says nothing of a ban"
fi
expect_re "... it says the keys were ignored" "ignored"
keys 4
expect_re "back to step 4" "Mode +rounds"
keys Space
expect_re "capacity mode" "Mode +capacity"
keys m
# the scoring and the exact solve may end within the half second before the
# box is due (the box is checked above at length): then the result is there
if wait_for "capacity mode: one exact solve" 200; then
	pass "capacity mode: the box"
elif screen | grep -q "in one exact solve"; then
	pass "capacity mode: the box (the solve ended before it was due)"
else
	fail "capacity mode: the box (wanted: capacity mode: one exact solve)"
fi
expect_long "capacity mode: the solve finishes" "in one exact solve" 1800
# cancel while the capacity-mode solve runs at 10000 a side (a mode change
# keeps the scores, so m starts the solve at once; it takes far longer than
# the c that follows takes to arrive)
keys Space
expect_re "rounds mode" "Mode +rounds"
keys Space
expect_re "capacity mode once more" "Mode +capacity"
keys m c
expect_long "capacity mode: cancel" "match cancelled; there is no result yet" 600
# back to rounds mode: scoring again and three rounds at 10000 a side take
# seconds however fast the machine, so the box is there to be interrupted
keys Space
expect_re "rounds mode again" "Mode +rounds"
keys m
expect_long "the box once more" "press c or Esc to cancel" 200
pid=$(prog_pid)
if [ -n "$pid" ]; then
	kill -TERM "$pid"
	expect "SIGTERM during the match ends the program at once" "interrupted by signal 15 while matching"
	expect "... with status 143" "EXIT=143"
else
	fail "SIGTERM during the match (no process found)"
fi
fi

# ---- identity: a history file is checked when it is added ------------------------------

if want identity; then
echo "# identity: history files checked when added"
start "LANG=C.UTF-8 TERM=xterm-256color" --profile config/university.ini \
	tests/data/university/mentors.csv tests/data/university/mentees.csv
expect "identity: files load" "Files: the mentors"
keys j j j Enter
expect "identity: the history browser" "Add a history file"
keys :
typed "tests/data/university/mentors.csv"
keys Enter
expect "a history file without the identity columns is refused at once" \
	"error: no column \"mentor email\" in"
expect "... the browser says so" "mentors.csv was not loaded: see the messages (e)"
keys Escape Escape
expect "... and no history file is set" "No history files"
keys q
expect "identity: quits" "EXIT"
# one row, one column: the Files step's words are singular
printf 'email\na@x\n' >"$TMP/one-m.csv"
printf 'email\nb@x\n' >"$TMP/one-e.csv"
printf '[profile]\nformat = 1\n[field.email]\ntype = email\n[columns.mentors]\nemail = email\n[columns.mentees]\nemail = email\n' >"$TMP/one.ini"
start "LANG=C.UTF-8 TERM=xterm-256color" --profile "$TMP/one.ini" "$TMP/one-m.csv"
expect_re "identity: one row and one column" "one-m.csv +1 row, 1 column$"
keys Enter :
typed "$TMP/one-e.csv"
keys Enter
expect "identity: 1 row loaded" "mentees: 1 row loaded from"
keys q
expect "identity: quits again" "EXIT"
fi

# ---- polish: the hint line by rank, dialogs over lists, messages, step 5 filters --

if want polish; then

# hint_has DESCRIPTION TEXT...: the bottom line shows every TEXT (about 5 s).
hint_has() {
	d=$1
	shift
	n=0
	while [ "$n" -lt 50 ]; do
		line=$(screen | tail -n 1)
		ok=1
		for t in "$@"; do
			case $line in *"$t"*) ;; *) ok=0 ;; esac
		done
		if [ "$ok" -eq 1 ]; then pass "$d"; return; fi
		sleep 0.1
		n=$((n + 1))
	done
	fail "$d (wanted on the hint line: $*; it is: $line)"
}

for size in 60x20 80x24; do
	echo "# the hint line keeps each step's main keys ($size)"
	start "LANG=C.UTF-8 TERM=xterm-256color" --profile "$PROFILE" "$MENTORS" "$MENTEES"
	tm resize-window -t "$SESSION" -x "${size%x*}" -y "${size#*x}"
	expect "$size: step 1" "Mentors file"
	hint_has "$size: step 1 keys" "Enter choose file" "d delimiter" "? help"
	keys 2
	hint_has "$size: step 2 keys" "Enter column" "a suggest" "v values" "? help"
	keys 3
	hint_has "$size: step 3 keys" "Enter edit" "Space on/off" "l load" "w write" "? help"
	keys 4
	hint_has "$size: step 4 keys" "m run the match" "Enter edit" "? help"
	keys m
	expect "$size: the match runs" "match done"
	keys 5
	hint_has "$size: step 5 keys" "p pin" "b ban" "/ search" "t side" "f allowed" "F filter" \
		"? help"
	keys 6
	hint_has "$size: step 6 keys" "o change folder" "s write files" "? help"
	if [ "$size" = 80x24 ]; then
		hint_has "80x24: step 6 also moves and quits" "j/k move" "Tab next" "q quit"
		keys 5
		hint_has "80x24: step 5 also quits" "q quit"
	fi
done


# no_marker DESCRIPTION: no line starts with the list's > marker (a dialog is
# open over the list and must not show it beside its own lines)
no_marker() {
	sleep 0.3
	if screen | grep -q '^>'; then fail "$1 (a line starts with >)"; else pass "$1"; fi
}

echo "# dialogs over a list do not show the list's > marker"
start "LANG=C.UTF-8 TERM=xterm-256color" --profile "$PROFILE" tests/data/values/mentors.csv \
	tests/data/values/mentees.csv
expect "dialogs: files load" "Files: the mentors"
keys 2
expect "dialogs: step 2" "Columns: which spreadsheet column feeds each field"
keys j j j j a j
expect_re "dialogs: the > marker on the grade line" "^>grade"
keys v
expect "dialogs: the values dialog is open" "Values of grade"
no_marker "the values dialog hides the list's marker"
keys Escape
expect_re "dialogs: the marker is back after Esc" "^>grade"
keys Enter
expect "dialogs: the column picker is open" "Mentors column for \"grade\""
no_marker "the column picker hides the list's marker"
keys Escape
expect_re "dialogs: the marker is back after the picker" "^>grade"
keys e
expect "dialogs: the messages box" "Messages"
no_marker "the messages box hides the list's marker"
keys Escape

echo "# one mentor and one mentee: counts in the singular"
head -n 2 "$MENTORS" >"$TMP/one-mentor.csv"
{ head -n 1 "$MENTEES"; sed -n 20p "$MENTEES"; } >"$TMP/one-mentee.csv"
mkdir -p "$TMP/one-out"
start "LANG=C.UTF-8 TERM=xterm-256color" --profile "$PROFILE" "$TMP/one-mentor.csv" \
	"$TMP/one-mentee.csv"
expect "one each: files load" "Files: the mentors"
keys 4 m
expect "match done: 1 pair" "match done: 1 pair in 3 rounds"
expect "step 4: 1 mentor, 1 mentee" "1 mentor, 1 mentee."
expect "... none without a partner" "With no allowed partner: 0 mentors, 0 mentees."
expect "the summary line under the table" "1 pair. u: summary"
keys u
expect "the summary box: 1 pair" "1 pair, total score"
keys Escape
keys 6 o C-u
typed "$TMP/one-out"
keys Enter s
expect "step 6: Result: 1 pair" "Result: 1 pair in 3 rounds"
expect "step 6: 1 row written" "pairs.csv: 1 row written"

echo "# step 4: a capacity from a column; people counted as the table counts them"
start "LANG=C.UTF-8 TERM=xterm-256color" --profile config/company.ini tests/data/company/mentors.csv \
	tests/data/company/mentees.csv
expect "company: files load" "Files: the mentors"
keys 4
expect_re "step 4: the capacity comes from a column, 1 when blank" \
	"Mentor capacity +How many men…, else 1"
keys j j j j
expect "step 4: the help line names the column" \
	"1 when blank, else the capacity in column How many mentees can you take?"
start "LANG=C.UTF-8 TERM=xterm-256color" --profile "$PROFILE" tests/data/import/mentors.csv \
	tests/data/import/mentees.csv
expect "import: files load" "Files: the mentors"
keys 4 m
expect_re "step 4: the table counts 5 mentors" "Mentors( +[0-9]+){4} +5$"
expect_re "... and 6 mentees" "Mentees( +[0-9]+){4} +6$"
expect "... as the line above it does" "5 mentors, 6 mentees (3 repeated sign-ups left out)."

echo "# messages: the people's warnings from the start, repeated ones grouped"
sed 's/,mentor\.\([0-9]*\)@example\.org,/,nobody \1,/' "$MENTORS" >"$TMP/no-email.csv"
start "LANG=C.UTF-8 TERM=xterm-256color" --profile "$PROFILE" "$TMP/no-email.csv" "$MENTEES"
expect "messages: files load" "Files: the mentors"
expect "messages: the first warning on the message line at once" \
	"no-email.csv:2: warning: \"nobody 00\" is not an e-mail address"
keys e
expect "e: 50 warnings of one kind on one line, before any match" "50 rows: \"...\" is not an"
expect_re "... with their lines" "2-51\\)"
expect "... Enter lists them all" "Enter: all 50"
keys Enter
expect "Enter: each row's warning under it" "no-email.csv:2: warning: \"nobody 00\" is not"
expect "... and Enter folds them" "Enter fold"
keys G
expect "the last of them" "no-email.csv:51: warning: \"nobody 49\" is not"
keys Enter
gone "Enter on one of them folds the group" "no-email.csv:51: warning:"
keys Escape
keys 4
expect "step 4 before the match: people, not rows" "50 mentors, 50 mentees."
keys m
expect "the match runs" "match done"
keys e
expect "after the match: still one line for them" "50 rows: \"...\" is not an"
if screen | grep -c '50 rows: "\.\.\." is not an' | grep -qx 1; then
	pass "... once (reading the people again adds nothing)"
else
	fail "... once (reading the people again adds nothing)"
fi
keys Escape

echo "# one name field (tests/tui/name-field): people shown, found and saved by name"
NF=tests/tui/name-field
mkdir -p "$TMP/name-out"
start "LANG=C.UTF-8 TERM=xterm-256color" --profile "$NF/profile.ini" "$NF/mentors.csv" "$NF/mentees.csv"
expect "name field: files load" "Files: the mentors"
keys m
expect "name field: the match runs" "match done"
keys 5
expect_re "step 5: the people list by name" "^ Zoë Quill +1│"
expect "... the person by name, with the address" "Mentor Zoë Quill <zq@mentors.test>"
expect_re "... the details do not repeat the name" "│ topic Data *$"
expect_re "... candidates by name" "\\*1 +\\+5 +100% Ana Baptiste"
keys /
typed "ln@"
keys Enter
expect "search by e-mail finds the other side" "Mentee Lea Ng <ln@mentees.test>"
keys /
keys C-u
typed "yilmaz"
keys Enter
expect "search by name" "Mentee Tom Yilmaz <ty@mentees.test>"
keys Escape
keys 6 o C-u
typed "$TMP/name-out"
keys Enter s
expect "step 6: written" "pairs.csv: 2 rows written"
if grep -q '"zq@mentors.test","Zoë Quill","ab@mentees.test","Ana Baptiste"' "$TMP/name-out/pairs.csv"; then
	pass "pairs.csv: the names beside the addresses"
else
	fail "pairs.csv: the names beside the addresses"
fi
if grep -q '^.*"Zoë Quill","zq@mentors.test","Data","1","Ana Baptiste"' "$TMP/name-out/mentors-list.csv"; then
	pass "mentors-list.csv: by name"
else
	fail "mentors-list.csv: by name"
fi

echo "# step 5: n/N through search hits, the people filter, Esc after a search"
start "LANG=C.UTF-8 TERM=xterm-256color" --profile "$PROFILE" "$MENTORS" "$MENTEES"
expect "step 5 run: files load" "Files: the mentors"
keys m
expect "step 5 run: the match" "match done"
keys 5
expect "step 5" "Mentors (50)"
# a mentee found from the mentors' list stays highlighted after Esc
keys /
typed "mentee 12"
keys Enter
expect "search: a mentee from the mentors' list" "\"mentee 12\": 1 found"
keys Escape
expect "Esc: the mentees' list" "Mentees (50)"
expect_re "... with mentee 12 still highlighted" "^Mentees.*│ Mentee mentee 12 <mentee.12@example.org>"
# in the candidates' list: / finds a candidate, n and N the next and previous
keys Enter
expect "the candidates of mentee 12" "Mentors for mentee 12: 9 allowed of 50"
keys /
typed "mentor 3"
expect "/ in the candidates' list asks" "In mentee 12's list, the first whose name or email"
keys Enter
expect "... Enter: the first hit (2nd line)" "── mentor mentor 36 <mentor.36@example.org> and mentee mentee 12"
keys n
expect "n: the next hit" "── mentor mentor 38 <mentor.38@example.org> and mentee mentee 12"
keys n
expect "n: the one after" "── mentor mentor 31 <mentor.31@example.org> and mentee mentee 12"
keys N N
expect "N N: back two" "── mentor mentor 36 <mentor.36@example.org> and mentee mentee 12"
keys /
typed "nobody here"
keys Enter
expect "a search that finds nobody says so" "nobody in this list has \"nobody here\""
expect "... and the highlight stays" "── mentor mentor 36 <mentor.36@example.org> and mentee mentee 12"
# the people filter: without a match, below a score
keys Escape F
expect "F asks" "List only: u = without a match; a number = with a pair below it"
typed "15"
keys Enter
expect_re "the title says the filter" "^Mentees, pair < \\+15 \\(24\\)"
expect "... and mentee 12 stays highlighted" "│ Mentee mentee 12 <mentee.12@example.org>"
keys F
typed "u"
keys Enter
expect_re "u: nobody is without a match" "^Mentees, no match \\(0\\)"
expect "... and it says how to list everyone" "nobody; Esc lists"
keys Escape
expect "Esc lists everyone again" "Mentees (50)"
keys F
typed "x7"
keys Enter
expect "a filter it cannot read is refused" "\"x7\": type u for the people without a match"
fi

echo "tui: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
