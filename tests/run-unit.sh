#!/bin/sh
# Runs each cmocka test binary given; fails if any fails.
fail=0
for t in "$@"; do
	"$t" || { echo "FAILED: $t"; fail=1; }
done
exit $fail
