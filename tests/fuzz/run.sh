#!/bin/sh
# Runs each fuzz target given for $FUZZ_SECONDS seconds, seeded from
# fixtures/, tests/fuzz/seeds/<target>/ and ../shared/corpus, then replays
# every kept reproducer in tests/fuzz/regress/<target>/.  Uses the dictionary
# tests/fuzz/<target without fuzz_>.dict when there is one.  FUZZ_MAX_LEN
# caps the input size (default 1 MiB).  Fails on the first crash, leak,
# timeout or out-of-memory.
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
	if [ "$name" = fuzz_diff ] && [ -d "$top/../shared/corpus" ]; then
		# pairs of successive real snapshots, OLD + separator + NEW
		mkdir -p "$work/pairs"
		prev=""
		for f in "$top"/../shared/corpus/*.yaml \
		    "$top"/../shared/corpus/*.json; do
			if [ -n "$prev" ] &&
			    [ "${prev%%@*}" = "${f%%@*}" ]; then
				{ cat "$prev"; printf '\n---8<---\n'; cat "$f"; } \
				    >"$work/pairs/$(basename "$f").txt"
			fi
			prev=$f
		done
		seeds="$seeds $work/pairs"
	fi
	if [ -d "$top/tests/fuzz/regress/$name" ]; then
		echo "::: $name: replaying regressions"
		# shellcheck disable=SC2046
		"$bin" -runs=0 $(find "$top/tests/fuzz/regress/$name" -type f) ||
		    status=1
	fi
	dict=""
	[ -f "$top/tests/fuzz/${name#fuzz_}.dict" ] &&
	    dict="-dict=$top/tests/fuzz/${name#fuzz_}.dict"
	echo "::: $name: fuzzing for $secs s"
	# shellcheck disable=SC2086
	if ! "$bin" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 \
	    -max_len="${FUZZ_MAX_LEN:-1048576}" -print_final_stats=1 $dict \
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
