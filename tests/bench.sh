#!/bin/sh
# Speed figures for the batch match: for each size N, invented data with N
# mentors and N mentees (gen-sample), the batch command run RUNS times; prints
# the median wall time and the largest peak resident memory of those runs.
#
# Usage: sh tests/bench.sh PROG TOOLDIR      (make bench does this)
# Settings from the environment:
#   SIZES   sizes to run            (default "500 2000 5000 10000")
#   MODES   modes to run            (default "rounds capacity-quality capacity-coverage")
#   CAPACITY, MENTEE_CAPACITY       capacities in capacity mode (default 2 and 1)
#   RUNS    runs per size           (default 5)
#   PROFILE profile for the match   (default config/civil-service.ini)
#   SEED    seed for gen-sample     (default 1)
#   KINDS   1: also every kind of rule (tests/data/bench/extended.ini on
#           gen-sample --extended data): the scoring alone (tools/bench-score)
#           for civil-service and every kind at KINDS_SIZE a side (default
#           10000), and the whole capacity-mode run with every kind; 0: not
#   BASELINE another mentormatch binary (e.g. an older build): the rounds
#           and capacity lines of the first size are run with it too, and
#           the ratio of the medians printed
#   REVIEW  1: also the review step (tools/bench-review: what-if after a
#           weight change at REVIEW_WHATIF a side, default 1000; list
#           movement and search at REVIEW_LIST a side, default 10000); 0: not
# Times and memory come from TOOLDIR/peakrss (fork, exec, wait4), so neither
# GNU time nor any other package is needed.
set -eu

if [ $# -ne 2 ]; then
	echo "usage: sh tests/bench.sh PROG TOOLDIR" >&2
	exit 2
fi
prog=$1
tools=$2
SIZES=${SIZES:-"500 2000 5000 10000"}
MODES=${MODES:-"rounds capacity-quality capacity-coverage"}
CAPACITY=${CAPACITY:-2}
MENTEE_CAPACITY=${MENTEE_CAPACITY:-1}
RUNS=${RUNS:-5}
PROFILE=${PROFILE:-config/civil-service.ini}
SEED=${SEED:-1}
LC_ALL=C
export LC_ALL

for f in "$prog" "$tools/gen-sample" "$tools/peakrss"; do
	if [ ! -x "$f" ]; then
		echo "bench: $f is missing (run: make bench)" >&2
		exit 1
	fi
done
case $RUNS in
'' | *[!0-9]* | 0) echo "bench: RUNS must be a positive number" >&2; exit 2 ;;
esac

tmp=$(mktemp -d "${TMPDIR:-/tmp}/mentormatch-bench.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM

echo "whole batch process (read, score, solve, write), $PROFILE, median of $RUNS runs"
echo "capacity mode: mentor capacity $CAPACITY, mentee capacity $MENTEE_CAPACITY"
printf '%-12s %-18s %10s %12s %14s\n' "size" "mode" "pairs" "median ms" "peak RSS KiB"
for n in $SIZES; do
	case $n in
	'' | *[!0-9]* | 0) echo "bench: bad size '$n' in SIZES" >&2; exit 2 ;;
	esac
	data=$tmp/data-$n
	"$tools/gen-sample" --count "$n" --seed "$SEED" --out "$data"
	for mode in $MODES; do
		case $mode in
		rounds) opts="--mode rounds" ;;
		capacity-quality) opts="--mode capacity --objective quality --capacity $CAPACITY --mentee-capacity $MENTEE_CAPACITY" ;;
		capacity-coverage) opts="--mode capacity --objective coverage --capacity $CAPACITY --mentee-capacity $MENTEE_CAPACITY" ;;
		*) echo "bench: bad mode '$mode' in MODES" >&2; exit 2 ;;
		esac
		: >"$tmp/runs"
		i=0
		while [ "$i" -lt "$RUNS" ]; do
			out=$tmp/out-$n-$i
			mkdir "$out"
			# shellcheck disable=SC2086
			if ! "$tools/peakrss" -o "$tmp/one" "$prog" --batch $opts \
				--profile "$PROFILE" --mentors "$data/mentors.csv" \
				--mentees "$data/mentees.csv" --out "$out" \
				>"$tmp/stdout" 2>"$tmp/stderr"; then
				echo "bench: size $n mode $mode run $((i + 1)) failed:" >&2
				cat "$tmp/stderr" >&2
				exit 1
			fi
			cat "$tmp/one" >>"$tmp/runs"
			rm -rf "$out"
			i=$((i + 1))
		done
		pairs=$(grep -E '^(round [0-9]+|1 exact solve)' "$tmp/stdout" | sed -E 's/.*: ([0-9]+) pairs?,.*/\1/' | awk '{ s += $1 } END { print s + 0 }')
		# Median of the wall times (mean of the middle two for an even
		# count); the largest peak RSS.
		median=$(cut -d' ' -f1 "$tmp/runs" | sort -n | awk '
			{ t[NR] = $1 }
			END {
				if (NR % 2) m = t[(NR + 1) / 2]
				else m = (t[NR / 2] + t[NR / 2 + 1]) / 2
				printf "%.1f", m
			}')
		rss=$(cut -d' ' -f2 "$tmp/runs" | sort -n | tail -n 1)
		printf '%-12s %-18s %10s %12s %14s\n' "${n}x${n}" "$mode" "$pairs" "$median" "$rss"
	done
done

# One batch run of a profile on a folder of data, RUNS times: prints the
# median wall time and the largest peak RSS as "median rss pairs".
run_median() {
	rm_prog=$1; shift
	rdata=$1; shift
	rprofile=$1; shift
	: >"$tmp/runs"
	i=0
	while [ "$i" -lt "$RUNS" ]; do
		out=$tmp/out-r-$i
		mkdir "$out"
		if ! "$tools/peakrss" -o "$tmp/one" "$rm_prog" --batch "$@" --profile "$rprofile" \
			--mentors "$rdata/mentors.csv" --mentees "$rdata/mentees.csv" --out "$out" \
			>"$tmp/stdout" 2>"$tmp/stderr"; then
			echo "bench: $rm_prog on $rdata failed:" >&2
			cat "$tmp/stderr" >&2
			exit 1
		fi
		cat "$tmp/one" >>"$tmp/runs"
		rm -rf "$out"
		i=$((i + 1))
	done
	rpairs=$(grep -E '^(round [0-9]+|1 exact solve)' "$tmp/stdout" | sed -E 's/.*: ([0-9]+) pairs?,.*/\1/' | awk '{ s += $1 } END { print s + 0 }')
	rmed=$(cut -d' ' -f1 "$tmp/runs" | sort -n | awk '
		{ t[NR] = $1 }
		END { if (NR % 2) m = t[(NR + 1) / 2]; else m = (t[NR / 2] + t[NR / 2 + 1]) / 2; printf "%.1f", m }')
	rrss=$(cut -d' ' -f2 "$tmp/runs" | sort -n | tail -n 1)
	echo "$rmed $rrss $rpairs"
}

# The same runs with another build, for a ratio measured in this run.
BASELINE=${BASELINE:-}
if [ -n "$BASELINE" ]; then
	n=$(echo "$SIZES" | awk '{ print $1 }')
	echo
	echo "against BASELINE=$BASELINE, ${n}x${n}, $PROFILE, median of $RUNS runs each (this build first)"
	printf '%-18s %12s %12s %8s\n' "mode" "this ms" "baseline ms" "ratio"
	for mode in rounds capacity-quality; do
		case $mode in
		rounds) opts="--mode rounds" ;;
		*) opts="--mode capacity --objective quality --capacity $CAPACITY --mentee-capacity $MENTEE_CAPACITY" ;;
		esac
		# shellcheck disable=SC2086
		set -- $(run_median "$prog" "$tmp/data-$n" "$PROFILE" $opts)
		this=$1
		# shellcheck disable=SC2086
		set -- $(run_median "$BASELINE" "$tmp/data-$n" "$PROFILE" $opts)
		base=$1
		printf '%-18s %12s %12s %8s\n' "$mode" "$this" "$base" \
			"$(awk -v a="$this" -v b="$base" 'BEGIN { printf "%.2f", a / b }')"
	done
fi

# Every kind of rule (issue 9): the scoring alone, then the whole run.
KINDS=${KINDS:-1}
KINDS_SIZE=${KINDS_SIZE:-10000}
if [ "$KINDS" != 0 ]; then
	n=$KINDS_SIZE
	echo
	echo "scoring alone (values read, every pair scored: tools/bench-score), median of $RUNS runs"
	printf '%-10s %-28s %12s %10s %10s\n' "per side" "profile" "pairs" "values ms" "score ms"
	"$tools/gen-sample" --count "$n" --seed "$SEED" --out "$tmp/kinds-plain"
	"$tools/gen-sample" --count "$n" --seed "$SEED" --out "$tmp/kinds-ext" --extended
	"$tools/bench-score" --profile config/civil-service.ini --runs "$RUNS" \
		"$tmp/kinds-plain/mentors.csv" "$tmp/kinds-plain/mentees.csv"
	"$tools/bench-score" --profile tests/data/bench/extended.ini --runs "$RUNS" \
		"$tmp/kinds-ext/mentors.csv" "$tmp/kinds-ext/mentees.csv"
	echo
	echo "whole batch process with every kind of rule (tests/data/bench/extended.ini), median of $RUNS runs"
	printf '%-12s %-18s %10s %12s %14s\n' "size" "mode" "pairs" "median ms" "peak RSS KiB"
	set -- $(run_median "$prog" "$tmp/kinds-ext" tests/data/bench/extended.ini --mode capacity)
	printf '%-12s %-18s %10s %12s %14s\n' "${n}x${n}" "capacity-quality" "$3" "$1" "$2"
fi

# The review step (issue 5): the what-if after a weight change at
# REVIEW_WHATIF a side, list movement and search at REVIEW_LIST a side
# (tests/tools/bench-review.c).  REVIEW=0 skips it.
REVIEW=${REVIEW:-1}
REVIEW_WHATIF=${REVIEW_WHATIF:-1000}
REVIEW_LIST=${REVIEW_LIST:-10000}
if [ "$REVIEW" != 0 ]; then
	if [ ! -x "$tools/bench-review" ]; then
		echo "bench: $tools/bench-review is missing (run: make bench)" >&2
		exit 1
	fi
	echo
	"$tools/gen-sample" --count "$REVIEW_WHATIF" --seed "$SEED" --out "$tmp/review-whatif"
	"$tools/gen-sample" --count "$REVIEW_LIST" --seed "$SEED" --out "$tmp/review-list"
	"$tools/bench-review" --profile "$PROFILE" --runs "$RUNS" "$tmp/review-whatif" "$tmp/review-list"
fi
