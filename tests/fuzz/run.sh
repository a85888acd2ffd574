#!/bin/sh
# Runs each fuzz target given for $FUZZ_SECONDS seconds, seeded from
# fixtures/, tests/fuzz/seeds/<target>/ and ../shared/corpus, then replays
# every kept reproducer in tests/fuzz/regress/<target>/.  Fails on the first
# crash, leak, timeout or out-of-memory.
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
secs=${FUZZ_SECONDS:-60}
status=0
for bin in "$@"; do
	name=$(basename "$bin")
	work="$top/build/fuzz/work/$name"
	mkdir -p "$work/corpus" "$work/artifacts"
	seeds=""
	for d in "$top/tests/fuzz/seeds/$name" "$top/fixtures" \
	    "$top/../shared/corpus"; do
		[ -d "$d" ] && seeds="$seeds $d"
	done
	if [ -d "$top/tests/fuzz/regress/$name" ]; then
		echo "::: $name: replaying regressions"
		# shellcheck disable=SC2046
		"$bin" -runs=0 $(find "$top/tests/fuzz/regress/$name" -type f) ||
		    status=1
	fi
	echo "::: $name: fuzzing for $secs s"
	# shellcheck disable=SC2086
	if ! "$bin" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 \
	    -max_len=1048576 -print_final_stats=1 \
	    -artifact_prefix="$work/artifacts/" "$work/corpus" $seeds \
	    2>"$work/log"; then
		tail -40 "$work/log"
		echo "::: $name: FAILED (artifacts in $work/artifacts)"
		status=1
	else
		grep -E 'stat::number_of_executed_units|Done ' "$work/log" || true
	fi
done
exit $status
