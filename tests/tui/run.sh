#!/bin/sh
# tests/tui/run.sh - drives the real mentormatch binary in tmux and reads the screen.
#
#   sh tests/tui/run.sh ./mentormatch        (make test-tui)
#
# Every test runs the program in a detached tmux session on a private socket,
# sends keys, and polls capture-pane (up to about 5 s) for the expected text.
# Covered: the walk through all six steps on tests/data/example at 80x24 (save
# into a temporary folder, files with mode 600), help and Esc, going back,
# resizing down to 1x1 and back (shared/cases C17), and the terminal matrix
# (shared/cases C16): no tty, TERM unset, unknown TERM, TERM=dumb, TERM=vt100,
# LANG=C.  Prints "tui: N passed, M failed"; exits non-zero on any failure.

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
	lim=${2:-50}
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
	lim=${2:-50}
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
	lim=${2:-50}
	while [ "$n" -lt "$lim" ]; do
		if screen | grep -qE -- "$1"; then
			return 0
		fi
		sleep 0.1
		n=$((n + 1))
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

# The program still runs in the pane (not ended, not crashed).
alive() {
	pid=$(tm list-panes -t "$SESSION" -F '#{pane_pid}' 2>/dev/null | head -n 1)
	[ -n "$pid" ] && ps -o comm= --ppid "$pid" 2>/dev/null | grep -q mentormatch &&
		! screen | grep -q '^EXIT='
}

# ---- 1. the six steps at 80x24 ------------------------------------------------

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
expect "step 2: Enter opens the list of headers" "Enter choose   Esc cancel"
keys Escape
wait_gone "Enter choose   Esc cancel" 20
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
expect "step 4 Match: title" "Match: pair everyone in rounds"
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
expect_re "step 5: an assigned pair is marked" "\\*[1-3] +\\+[0-9]+ +mentee"
expect_re "step 5: breakdown of the highlighted pair" "^ +\\+[0-9]+ grade gap [0-9]"
expect_re "step 5: a forbidden pair names its rule" "-- +mentee [0-9]+ no: "
keys /
typed "mentor 07"
keys Enter
expect "step 5: search by name" "Mentors 1 of 50"
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
expect "step 6: says what was written" "pairs.csv: note:"
expect "step 6: ... rows written" "rows written"
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
expect "q quits (results saved: no question)" "EXIT=0"

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

# ---- 2. resizing (shared/cases C17) ---------------------------------------------

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

# ---- 3. terminals (shared/cases C16) ----------------------------------------------

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

start "LANG=C LC_ALL=C TERM=xterm-256color" --profile "$PROFILE" "$WIDE" "$MENTEES"
expect "LANG=C runs" "Mentors preview"
expect "LANG=C: non-ASCII shown as placeholders" " ??          ?            xiaoming.wang@"
expect "LANG=C: truncation marker is ASCII" "Directorate for the Com~"
keys q
expect "LANG=C: quits cleanly" "EXIT=0"

echo "tui: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
