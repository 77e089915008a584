#!/bin/sh
# Runs every profile of tests/data/public-profiles/ in batch mode on the
# public sign-up data sets that other mentoring projects published
# (../shared/data/public, next to the repository; see
# tests/data/public-profiles/README.md), and checks the exit status and a few
# figures of each run: people, allowed pairs, pairs and total score, and the
# number of rows of pairs.csv.  The data never enters the repository (but
# for the MIT-licensed hgpmatch files, whose derived copies are checked
# against the originals here).
#
# Usage: sh tests/public.sh ./mentormatch [DATA]    (make test-public)
# DATA defaults to ../shared/data/public (from the repository root); when it
# does not exist the script says so and exits 0: the project builds, runs
# and passes its own tests without it.
prog=${1:-./mentormatch}
data=${2:-../shared/data/public}
dir=tests/data/public-profiles
if [ ! -d "$data" ]; then
	echo "public: $data not found; the public data sets are not here, skipped"
	exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "public: FAIL: $*"; }

# the data sets are as published (SHA256SUMS lists every file)
if command -v sha256sum >/dev/null 2>&1 && [ -f "$data/SHA256SUMS" ]; then
	if (cd "$data" && sha256sum --quiet -c SHA256SUMS >/dev/null 2>&1); then ok; else
		bad "$data: files differ from its SHA256SUMS"; fi
fi

# run NAME PROFILE ARGS...: batch run into $tmp/NAME, exit status 0 wanted
run() {
	name=$1; profile=$2; shift 2
	mkdir "$tmp/$name"
	"$prog" --batch --profile "$dir/$profile" "$@" --out "$tmp/$name" \
		>"$tmp/$name.out" 2>"$tmp/$name.err"
	rc=$?
	if [ "$rc" = 0 ]; then ok; else bad "$name: batch exited $rc"; cat "$tmp/$name.err"; fi
}

# expect NAME TEXT: the summary has this line
expect() {
	if grep -qxF -- "$2" "$tmp/$1.out"; then ok; else
		bad "$1: no line '$2' in the summary"; grep -E 'allowed|solve|people' "$tmp/$1.out"; fi
}

# rows NAME N: pairs.csv has N pairs (and its header)
rows() {
	n=$(($(wc -l <"$tmp/$1/pairs.csv") - 1))
	if [ "$n" = "$2" ]; then ok; else bad "$1: pairs.csv has $n pairs, not $2"; fi
}

# 1. pioneers-availability: 168 hourly 0/1 columns, teams as mentees
d=$data/pioneers-availability
run pioneers pioneers-availability.ini --mentors "$d/mentors-example.csv" --mentees "$d/teams-example.csv"
expect pioneers "mentors: $d/mentors-example.csv, 28 people"
expect pioneers "mentees: $d/teams-example.csv, 15 people"
expect pioneers "allowed pairs: 262"
expect pioneers "1 exact solve (capacity mode, objective coverage): 26 pairs, total score 482720"
rows pioneers 26
# the one possible team of a mentor who must have Metagross (T Rqr)
if grep -q '^"Hitmonchan","Hitmonchan","Metagross",' "$tmp/pioneers/pairs.csv"; then ok; else
	bad "pioneers: Hitmonchan is not with Metagross"; fi

# 2. mentornet-capacity: capacities, budgets, past sessions as a history file
d=$data/mentornet-capacity
run mentornet mentornet-capacity.ini --mentors "$d/mentors.csv" --mentees "$d/mentees.csv" \
	--history "$d/sessions.csv"
expect mentornet "allowed pairs: 2216"
expect mentornet "1 exact solve (capacity mode, objective coverage): 393 pairs, total score 4588"
rows mentornet 393
# without the history file, the 19 otherwise allowed pairs that met before
# come back
run mentornet-nohist mentornet-capacity.ini --mentors "$d/mentors.csv" --mentees "$d/mentees.csv"
expect mentornet-nohist "allowed pairs: 2235"

# 3. mews-typeform: a column per checkbox, time-zone labels, ids only
d=$data/mews-typeform
run mews mews-typeform.ini --mentors "$d/mentor_extended.csv" --mentees "$d/mentee_extended.csv"
expect mews "allowed pairs: 35"
expect mews "1 exact solve (capacity mode, objective coverage): 10 pairs, total score 85"
rows mews 10
# ... and its derived combined sheet (Mentee / Mentor / Both)
run mews-combined mews-combined.ini --signups "$d/MewsMentor_Upload_Template.Upload-Template.derived.csv"
expect mews-combined "allowed pairs: 2"
expect mews-combined "1 exact solve (capacity mode, objective coverage): 1 pair, total score 20"
if grep -q '^"carlos.rodriguez@example.com","Carlos Rodriguez","jane.smith@example.com",' \
	"$tmp/mews-combined/pairs.csv"; then ok; else bad "mews-combined: not Carlos with Jane"; fi

# 4. hgpmatch-rankings (MIT): headerless ragged rankings and a capacities
#    file; the program reads the derived copies in the repository, which
#    must be the originals with a header row and the capacity joined
for set in good bad; do
	o=$data/hgpmatch-rankings/${set}_csv
	{ echo "mentee,choice 1,choice 2,choice 3"; cat "$o/mentee_rankings.csv"; } >"$tmp/$set-mentees.csv"
	{ echo "mentor,capacity,choice 1,choice 2,choice 3"
	  awk -F, 'NR == FNR { cap[$1] = $2; next }
		{ printf "%s,%s", $1, cap[$1]; for (i = 2; i <= NF; i++) printf ",%s", $i; printf "\n" }' \
		"$o/capacities.csv" "$o/mentor_rankings.csv"; } >"$tmp/$set-mentors.csv"
	for f in mentors mentees; do
		if cmp -s "$tmp/$set-$f.csv" "$dir/hgpmatch-rankings/$set/$f.csv"; then ok; else
			bad "hgpmatch $set: $dir/hgpmatch-rankings/$set/$f.csv is not derived from $o"; fi
	done
	run hgp-$set hgpmatch-rankings.ini --mentors "$dir/hgpmatch-rankings/$set/mentors.csv" \
		--mentees "$dir/hgpmatch-rankings/$set/mentees.csv"
	expect hgp-$set "allowed pairs: 4"
done
# good: the stable matching (M1-S1, M2-S2) scores 22, the other one 21
expect hgp-good "1 exact solve (capacity mode, objective coverage): 2 pairs, total score 22"
# bad: M1's capacity 0 keeps M1 out (upstream refuses the file instead)
expect hgp-bad "1 exact solve (capacity mode, objective coverage): 2 pairs, total score 17"

# 5. mentos-korean: Hangul, BOM, repeated mentor "ids", 1000 a side
d=$data/mentos-korean
run mentos mentos-korean.ini --mentors "$d/mentors_with_korean_name.csv" --mentees "$d/mentees.csv"
expect mentos "allowed pairs: 280967"
expect mentos "1 exact solve (capacity mode, objective coverage): 1000 pairs, total score 32380"
rows mentos 1000

# 6. momentum-conditional: rules switched on by True/False answers
d=$data/momentum-conditional
run momentum momentum-conditional.ini --mentors "$d/mentors.csv" --mentees "$d/mentees.csv"
expect momentum "allowed pairs: 25"
expect momentum "1 exact solve (capacity mode, objective coverage): 5 pairs, total score 18"
rows momentum 5

echo "public: $pass passed, $fail failed"
[ "$fail" = 0 ]
