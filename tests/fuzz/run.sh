#!/bin/sh
# Runs the libFuzzer harnesses at the same time (one process each, so one per
# core with two cores), each for SECONDS, then prints the executions and the
# crashes of each.  Called by `make fuzz`; run from the top of the repository.
#
#   sh tests/fuzz/run.sh SECONDS BUILD_DIR HARNESS...
#
# For a harness BUILD_DIR/fuzz_NAME:
#   seeds      BUILD_DIR/seeds/NAME      (copied from tests/data, config and
#                                          tests/data/fuzz-regressions; never written)
#   corpus     BUILD_DIR/corpus/NAME     (new inputs; kept from run to run)
#   artifacts  BUILD_DIR/artifacts/NAME/ (crash-*, leak-*, timeout-*, oom-*)
#   log        BUILD_DIR/logs/NAME.log
# Fork mode (-fork=1 -ignore_crashes=1 ...) keeps fuzzing after a crash, so
# one run finds more than the first bug.  Reproduce or minimise one with
#   BUILD_DIR/fuzz_NAME ARTIFACT
#   BUILD_DIR/fuzz_NAME -minimize_crash=1 -runs=5000 -artifact_prefix=DIR/ ARTIFACT
# (the minimiser keeps any crash, not only the first one: run the smallest
# result and check that it still fails the same way).
set -u
secs=$1
out=$2
shift 2

seed() {
	# seed NAME: fill $out/seeds/NAME
	dir=$out/seeds/$1
	rm -rf "$dir"
	mkdir -p "$dir"
	case $1 in
	csv)
		find tests/data tests/tui -name '*.csv' -type f -size -64k | while read -r f; do
			cp "$f" "$dir/$(echo "$f" | tr '/' '_')"
		done ;;
	profile)
		find config tests/data -name '*.ini' -type f | while read -r f; do
			cp "$f" "$dir/$(echo "$f" | tr '/' '_')"
		done ;;
	esac
}

pids=
for bin in "$@"; do
	name=${bin##*/fuzz_}
	seed "$name"
	mkdir -p "$out/corpus/$name" "$out/artifacts/$name" "$out/logs"
	dict=
	maxlen=16384
	[ "$name" = csv ] && maxlen=4096
	[ -f "tests/fuzz/$name.dict" ] && dict=-dict=tests/fuzz/$name.dict
	echo "  FUZZ    $name for ${secs}s (log: $out/logs/$name.log)"
	"$bin" -fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1 \
		-max_total_time="$secs" -timeout=20 -rss_limit_mb=2048 -max_len=$maxlen \
		-print_final_stats=1 $dict \
		-artifact_prefix="$out/artifacts/$name/" \
		"$out/corpus/$name" "$out/seeds/$name" >"$out/logs/$name.log" 2>&1 &
	pids="$pids $!"
done
status=0
for p in $pids; do
	wait "$p" || status=1
done

echo
printf '%-10s %14s %8s %9s %6s %10s\n' harness executions crashes timeouts ooms artifacts
for bin in "$@"; do
	name=${bin##*/fuzz_}
	log=$out/logs/$name.log
	# fork mode's status lines: "#RUNS: cov: ... oom/timeout/crash: O/T/C time: ..."
	last=$(grep -E '^#[0-9]+: cov:' "$log" | tail -n 1)
	runs=$(echo "$last" | sed -n 's/^#\([0-9]*\):.*/\1/p')
	otc=$(echo "$last" | sed -n 's|.*oom/timeout/crash: \([0-9]*/[0-9]*/[0-9]*\).*|\1|p')
	ooms=${otc%%/*}
	crashes=${otc##*/}
	timeouts=${otc#*/}
	timeouts=${timeouts%/*}
	arts=$(find "$out/artifacts/$name" -type f | wc -l)
	printf '%-10s %14s %8s %9s %6s %10s\n' "$name" "${runs:-?}" "${crashes:-?}" \
		"${timeouts:-?}" "${ooms:-?}" "$arts"
	if [ "$arts" -gt 0 ]; then
		find "$out/artifacts/$name" -type f | sed 's/^/    /'
		status=1
	fi
done
exit $status
