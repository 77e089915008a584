#!/bin/sh
# Golden and command-line tests of batch mode: the output files of a fixed
# input are compared byte for byte with tests/expected/golden/, and bad input
# must give a non-zero exit with a message naming the file (and line).
# Usage: sh tests/golden.sh ./mentormatch   (from the repository root)
# Set UPDATE=1 to rewrite the expected files (then review them with git diff).
prog=${1:-./mentormatch}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "golden: FAIL: $*"; }

# 1. batch output equals the expected files, for each case:
#    NAME EXIT MENTORS MENTEES: tests/expected/NAME/ holds the expected
#    stdout (summary.txt), stderr (stderr.txt) and, when EXIT is 0, the
#    result files; when EXIT is not 0 no result file may be written.
#    PROFILE (optional) replaces config/civil-service.ini; PINS (optional)
#    is given with --pins, and the pins.csv written is compared too;
#    HISTORY (optional) is given with --history (PINS may be "").
run_case() {
	name=$1; want_rc=$2; mentors=$3; mentees=$4; profile=${5:-config/civil-service.ini}; pins=${6:-}
	history=${7:-}
	exp=tests/expected/$name
	out="$tmp/$name.out"
	mkdir "$out"
	# MENTEES "-": MENTORS is one combined sign-up sheet (--signups)
	if [ "$mentees" = - ]; then
		set -- --signups "$mentors"
	else
		set -- --mentors "$mentors" --mentees "$mentees"
	fi
	[ -n "$pins" ] && set -- "$@" --pins "$pins"
	[ -n "$history" ] && set -- "$@" --history "$history"
	"$prog" --batch --profile "$profile" "$@" \
		--out "$out" >"$tmp/summary.raw" 2>"$tmp/stderr.raw"
	rc=$?
	if [ "$rc" = "$want_rc" ]; then ok; else bad "$name: batch exited $rc, not $want_rc"; cat "$tmp/stderr.raw"; fi
	# the messages name the output folder, which differs each run
	sed "s|$out|OUT|g" "$tmp/summary.raw" >"$tmp/summary.txt"
	sed "s|$out|OUT|g" "$tmp/stderr.raw" >"$tmp/stderr.txt"
	files="summary.txt stderr.txt"
	[ "$want_rc" = 0 ] && files="pairs.csv mentors-list.csv mentees-list.csv $files"
	[ "$want_rc" = 0 ] && [ -n "$pins" ] && files="pins.csv $files"
	if [ "${UPDATE:-0}" = 1 ]; then
		mkdir -p "$exp"
		for f in $files; do
			if [ -f "$out/$f" ]; then cp "$out/$f" "$exp/"; else cp "$tmp/$f" "$exp/"; fi
		done
		echo "golden: $exp rewritten; review with git diff"
	fi
	for f in $files; do
		src="$out/$f"
		[ -f "$src" ] || src="$tmp/$f"
		if cmp -s "$src" "$exp/$f"; then ok; else bad "$name: $f differs from $exp/$f"; diff "$exp/$f" "$src" | head -20; fi
	done
	if [ "$want_rc" = 0 ]; then
		for f in pairs.csv mentors-list.csv mentees-list.csv ${pins:+pins.csv}; do
			m=$(stat -c %a "$out/$f" 2>/dev/null)
			if [ "$m" = 600 ]; then ok; else bad "$name: $f has mode $m, not 600"; fi
		done
	elif [ -z "$(ls -A "$out")" ]; then ok; else bad "$name: files written though the input cannot be trusted"; fi
}
run_case golden 0 tests/data/golden/mentors.csv tests/data/golden/mentees.csv
# the import report: duplicate sign-ups (the last is used), a person in both
# files (email in another case), empty values, values off the scale, a short row
run_case import 0 tests/data/import/mentors.csv tests/data/import/mentees.csv
# untrustworthy input (rows not loaded, no email): report on stderr, exit 1
run_case import-bad 1 tests/data/import/mentors.csv tests/data/import/mentees-bad.csv
# one combined sign-up sheet: Mentor / Mentee / Both (on both sides, never
# matched with themselves), a blank and "maybe" answer (rows not used)
run_case signups 0 tests/data/signups/signups.csv - tests/data/signups/signups.ini
# pins and bans (--pins): a ban of a round-1 pair, a pin the rules do not
# allow (scored by the sum of its rule points, plus round 1's bonus), a pin
# of the same person, an unknown email in a pin and in a ban (the ban not
# counted as applied), a row with a bad action, a last row replacing line 3
# (the warnings still in line order); pins.csv is written again beside the
# results
run_case pins 0 tests/data/golden/mentors.csv tests/data/golden/mentees.csv config/civil-service.ini \
	tests/data/golden/pins.csv
# config/company.ini on tests/data/company (BOM, CRLF, stray spaces, a
# capacity in words and one blank, "no preference" in lower case, a blank
# answer) with last year's pairs (--history: three pairs banned, a row naming
# someone not signed up now).  Checked by hand against the rules:
# - Sofia Lindqvist (Product, Berlin) with Sofia Silva (Legal, Paris, wants
#   the same gender): 2 same time zone + 3 x 2 skills (Excel, Copywriting)
#   + 8 (Leadership => People management) = 16, and both women;
# - Mateo Horvat ("berlin (cet)", "SQL ,  Python") with Viktor Mensah:
#   2 + 3 (SQL) + 8 (Networking) = 13;
# - Wei Papadopoulos (San Francisco) with Hiro Usman (New York, 3 hours
#   apart: allowed, wants a man): 0;
# - Emeka Vargas with Maya Bauer (last year's pair) is not allowed; Maya has
#   Emeka Zhang (Athens, 2 hours): 3 (Recruiting) + 8 = 11;
# - Olga Papadopoulos ("Two") has 2 mentees, Nikhil Fischer (blank) 1; Grace
#   Novak, Sofia Yilmaz and Kai Novak (Americas, same gender asked for) have
#   no mentor: the mentors within 3 hours are full or of another gender.
run_case company 0 tests/data/company/mentors.csv tests/data/company/mentees.csv config/company.ini \
	"" tests/data/company/history.csv
# two separate forms that each number their rows 1 to 5 (tests/data/identity):
# the same id on both sides is one person only when the emails agree too.
# Four of the five ids have different emails, so the ids are per-form numbers
# (one warning naming them); Cal Moss (id 3, one email in another case) is on
# both sides and never matched with himself.  By hand: same city +10, one
# mentee each: Ann-Fay (Leeds), Bob-Gus (York), Dee-Hal (Bath), Eve-Ivy
# (Kent), 40 in all; 24 allowed pairs (25 less Cal with Cal); Cal has nobody
# left (the old rule forbade all five 1-1 pairs: total 0)
run_case identity 0 tests/data/identity/mentors.csv tests/data/identity/mentees.csv \
	tests/data/identity/identity.ini
# config/university.ini on tests/data/university (BOM on one file, course and
# year abbreviations, grid cells 1/x/yes/blank, a wildcard interest, names
# typed in any case, a misspelt name and two that are no mentor: warnings).
# Checked by hand against the rules:
# - Jack Brown (Law, Year 3) with Will Murray (Law, Year 2, 1st choice Jack):
#   6 (one year ahead) + 10 (course) + 2 (Study skills) + 2 (Tue am, Thu am)
#   + 12 (1st choice) = 32;
# - Leo Young ("Comp Sci", Masters) with Rhys Kaur (Year 2, grid "yes"):
#   2 (three years ahead) + 10 + 2 + 1 (Fri am) + 12 = 27;
# - Callum Campbell (grid "x") with Fern Hughes ("CS", "2nd year", 2nd
#   choice Callum after "  leo YOUNG "): 6 + 10 + 1 (Wed pm) + 8 = 25;
# - Owen Taylor with Lily Walker (interests "No preference"): 6 + 2 (the
#   wildcard counts as one shared interest) + 1 (Wed pm) = 9.  mentor_min = 1
#   gives Owen this mentee: with --mentor-min 0 Lily goes to Ewan Clarke (10)
#   and Owen has none (total 605 instead of 604).
# (The report's "free half-days: no column is mapped to it" lines are wrong:
# the import report does not see fields fed by several columns; the rules
# do hold, as the scores show.  To be rewritten when the report is fixed.)
run_case university 0 tests/data/university/mentors.csv tests/data/university/mentees.csv \
	config/university.ini
# the same data with its 0/1 grid exported as numbers (1.0, 1.00, " 1 ", +1,
# 0.0, 0.00, -0; the x and yes cells as they were): the very same result
# files as the university case (337 allowed pairs, total 604) and no warning
# about the grid
name=university-ticks
mkdir "$tmp/$name.out"
"$prog" --batch --profile config/university.ini --mentors tests/data/university-ticks/mentors.csv \
	--mentees tests/data/university-ticks/mentees.csv --out "$tmp/$name.out" >"$tmp/summary.raw" 2>"$tmp/stderr.raw"
rc=$?
if [ "$rc" = 0 ]; then ok; else bad "$name: batch exited $rc, not 0"; cat "$tmp/stderr.raw"; fi
for f in pairs.csv mentors-list.csv mentees-list.csv; do
	if cmp -s "$tmp/$name.out/$f" tests/expected/university/$f; then ok; else
		bad "$name: $f differs from tests/expected/university/$f"; diff tests/expected/university/$f "$tmp/$name.out/$f" | head -10; fi
done
if grep -q "^allowed pairs: 337$" "$tmp/summary.raw" && grep -q "total score 604$" "$tmp/summary.raw"; then ok; else
	bad "$name: not 337 allowed pairs and a total of 604"; cat "$tmp/summary.raw"; fi
if grep -q "tick-box" "$tmp/stderr.raw"; then bad "$name: a warning about the tick boxes"; grep "tick-box" "$tmp/stderr.raw"; else ok; fi
# a missing --out folder: refused before anything is read or matched (no
# report, no summary), with the way out (mkdir -p); the folder is not made
name=no-out
exp=tests/expected/$name
"$prog" --batch --profile config/civil-service.ini --mentors tests/data/golden/mentors.csv \
	--mentees tests/data/golden/mentees.csv --out "$tmp/results" >"$tmp/summary.raw" 2>"$tmp/stderr.raw"
rc=$?
if [ "$rc" = 1 ]; then ok; else bad "$name: batch exited $rc, not 1"; fi
if [ -e "$tmp/results" ]; then bad "$name: the folder was made"; else ok; fi
sed "s|$tmp/results|OUT|g" "$tmp/summary.raw" >"$tmp/summary.txt"
sed "s|$tmp/results|OUT|g" "$tmp/stderr.raw" >"$tmp/stderr.txt"
if [ "${UPDATE:-0}" = 1 ]; then
	mkdir -p "$exp"
	cp "$tmp/summary.txt" "$tmp/stderr.txt" "$exp/"
	echo "golden: $exp rewritten; review with git diff"
fi
for f in summary.txt stderr.txt; do
	if cmp -s "$tmp/$f" "$exp/$f"; then ok; else bad "$name: $f differs from $exp/$f"; diff "$exp/$f" "$tmp/$f" | head -20; fi
done

mkdir "$tmp/out"
cp "$tmp/golden.out/"* "$tmp/out/"

# 2. a second run refuses to overwrite (at once: no report printed), and
#    --overwrite replaces
if "$prog" --batch --profile config/civil-service.ini --mentors tests/data/golden/mentors.csv \
	--mentees tests/data/golden/mentees.csv --out "$tmp/out" >"$tmp/sout" 2>"$tmp/err"; then
	bad "overwrote without --overwrite"
elif grep -q "already holds result files" "$tmp/err"; then ok; else bad "no overwrite message"; cat "$tmp/err"; fi
if [ -s "$tmp/sout" ]; then bad "the report was printed before refusing to overwrite"; else ok; fi
if "$prog" --batch --overwrite --profile config/civil-service.ini --mentors tests/data/golden/mentors.csv \
	--mentees tests/data/golden/mentees.csv --out "$tmp/out" >/dev/null 2>&1; then ok; else bad "--overwrite failed"; fi

# 3. bad input: non-zero exit, message names the file (and line)
expect_fail() { # name expected-text args...
	name=$1; want=$2; shift 2
	if "$prog" "$@" >"$tmp/o" 2>"$tmp/e"; then bad "$name: exit 0"; return; fi
	if grep -qF -- "$want" "$tmp/e"; then ok; else bad "$name: stderr lacks '$want'"; cat "$tmp/e"; fi
}
mkdir "$tmp/o2"
expect_fail "missing mentors file" "nosuch.csv" --batch --profile config/civil-service.ini \
	--mentors "$tmp/nosuch.csv" --mentees tests/data/golden/mentees.csv --out "$tmp/o2"
printf '[profile]\nformat = 1\n[solve]\nrounds = three\n' >"$tmp/bad.ini"
expect_fail "bad profile" "bad.ini:4" --batch --profile "$tmp/bad.ini" \
	--mentors tests/data/golden/mentors.csv --mentees tests/data/golden/mentees.csv --out "$tmp/o2"
printf 'first name,last name,email address,grade,organisation,profession\r\nA,B,a@example.org,SCS1,Dept, X,HR\r\n' >"$tmp/ragged.csv"
expect_fail "row with too many fields" "ragged.csv:2" --batch --profile config/civil-service.ini \
	--mentors "$tmp/ragged.csv" --mentees tests/data/golden/mentees.csv --out "$tmp/o2"
sed 's/^first name,last name,email address,both mentor and mentee,job title,grade,/first name,last name,email address,both mentor and mentee,job title,level,/' \
	tests/data/golden/mentees.csv >"$tmp/nograde.csv"
expect_fail "mapped column missing" "nograde.csv:1: error: no column \"grade\"" --batch --profile config/civil-service.ini \
	--mentors tests/data/golden/mentors.csv --mentees "$tmp/nograde.csv" --out "$tmp/o2"
sed 's/^first name,last name,email address,/first name,last name,e-mail,/' \
	tests/data/golden/mentees.csv >"$tmp/noemail.csv"
expect_fail "email not mapped" "noemail.csv:1: error: no column" --batch --profile config/civil-service.ini \
	--mentors tests/data/golden/mentors.csv --mentees "$tmp/noemail.csv" --out "$tmp/o2"
expect_fail "no output folder" "nosuchdir: error: the output folder does not exist; create it first (mkdir -p " --batch --profile config/civil-service.ini \
	--mentors tests/data/golden/mentors.csv --mentees tests/data/golden/mentees.csv --out "$tmp/nosuchdir"
expect_fail "unknown option" "unknown option" --frobnicate
expect_fail "signups without [signups]" "needs a [signups] section" --batch \
	--profile config/civil-service.ini --signups tests/data/signups/signups.csv --out "$tmp/o2"
expect_fail "signups and mentors" "replaces the mentors and mentees" --batch \
	--profile tests/data/signups/signups.ini --signups tests/data/signups/signups.csv \
	--mentors tests/data/golden/mentors.csv --out "$tmp/o2"
sed 's/^Timestamp,First name,Last name,Work email,How would you like to take part?,/Timestamp,First name,Last name,Work email,Role,/' \
	tests/data/signups/signups.csv >"$tmp/norole.csv"
expect_fail "role column missing" "norole.csv:1: error: the sheet has no role column" --batch \
	--profile tests/data/signups/signups.ini --signups "$tmp/norole.csv" --out "$tmp/o2"
# an option given twice is refused (the first used to be dropped silently);
# a file name without an option where --mentors gave that file, and one too
# many, say which file is which
expect_fail "option given twice" "--out given twice: $tmp/o2 and $tmp/o3; give it once" --batch \
	--profile config/civil-service.ini --mentors tests/data/golden/mentors.csv \
	--mentees tests/data/golden/mentees.csv --out "$tmp/o2" --out "$tmp/o3"
expect_fail "setting given twice" "--capacity given twice: 2 and 3" --capacity 2 --capacity 3
expect_fail "a file name beside --mentors" "e.csv: a file name without an option stands for \
the mentors file, which --mentors already gives (m.csv); name it with --mentees" --mentors m.csv e.csv
expect_fail "a file name too many" "one file name too many: x.csv (the mentors file is m.csv, \
the mentees file e.csv)" m.csv e.csv x.csv
if [ -z "$(ls -A "$tmp/o2")" ]; then ok; else bad "files written after an error"; fi
# an output folder where no file can be made (/proc), for root too (whom
# access() lets write anywhere): refused at once, with one message and
# nothing read or matched (it used to match, then fail once per file)
if "$prog" --batch --profile config/civil-service.ini --mentors tests/data/golden/mentors.csv \
	--mentees tests/data/golden/mentees.csv --out /proc >"$tmp/o" 2>"$tmp/e"; then
	bad "--out /proc: exit 0"
elif [ "$(grep -c '^/proc: error: ' "$tmp/e")" = 1 ] && [ ! -s "$tmp/o" ]; then ok; else
	bad "--out /proc: not one error before anything is done"; cat "$tmp/o" "$tmp/e"; fi
# an option that the mode does not use is said
mkdir -p "$tmp/o4"
"$prog" --batch --profile config/civil-service.ini --mentors tests/data/golden/mentors.csv \
	--mentees tests/data/golden/mentees.csv --out "$tmp/o4" --objective coverage >"$tmp/o" 2>&1
if grep -qF -- "--objective coverage applies in capacity mode (--mode capacity); rounds mode does not use it" "$tmp/o"; then
	ok; else bad "--objective with rounds mode: no note"; cat "$tmp/o"; fi

# one mentor and one mentee: the summary's words are singular
printf 'email,org\na@x,A\n' >"$tmp/one-m.csv"
printf 'email,org\nb@x,B\n' >"$tmp/one-e.csv"
printf '[profile]\nformat = 1\n[field.email]\ntype = email\n[field.org]\ntype = category\n[columns.mentors]\nemail = email\norg = org\n[columns.mentees]\nemail = email\norg = org\n[rule.o]\nkind = same\nfield = org\neffect = forbid\n' >"$tmp/one.ini"
mkdir "$tmp/one"
"$prog" --batch --profile "$tmp/one.ini" --mentors "$tmp/one-m.csv" --mentees "$tmp/one-e.csv" \
	--out "$tmp/one" >"$tmp/o" 2>&1
if grep -q "one-m.csv, 1 person$" "$tmp/o" && grep -q "^round 1: 1 pair, total score 0$" "$tmp/o" &&
	grep -q "pairs.csv: 1 row written$" "$tmp/o" && ! grep -Eq "1 (people|pairs|rows)" "$tmp/o"; then ok; else
	bad "one mentor and one mentee: plural words"; cat "$tmp/o"; fi

# 4. --help and --version
if "$prog" --help | grep -q -- "--batch"; then ok; else bad "--help"; fi
if "$prog" --version | grep -q "^mentormatch [0-9]"; then ok; else bad "--version"; fi

echo "golden: $pass passed, $fail failed"
[ "$fail" = 0 ]
