#!/bin/sh
# Usage scan speed (issue 12): a generated front end (bench/gen_frontend.py,
# USAGE_FILES files of USAGE_SIZE bytes) scanned by usage_scan() (a
# bench-only driver linked against the library) against `cat` of the same
# files; peak RSS of both.  The Node contender (graphql-tag-pluck +
# graphql-js parse) is not wired yet.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
files=${USAGE_FILES:-5000}
size=${USAGE_SIZE:-10500}
work=$top/build/bench/usage
mkdir -p "$work"
cc=${CC:-cc}
make -C "$top" -s build/cc/libdrift.a
$cc -O2 -std=c11 -I"$top/include" -o "$work/usage_driver" \
    "$top/bench/usage_driver.c" "$top/build/cc/libdrift.a" \
    $(pkg-config --libs yaml-0.1 jansson) -ldl -lm
if [ ! -f "$work/tree-$files-$size.done" ]; then
	rm -rf "$work/tree"
	python3 "$top/bench/gen_frontend.py" "$work/tree" "$files" "$size"
	touch "$work/tree-$files-$size.done"
fi
bytes=$(find "$work/tree" -type f -exec cat {} + | wc -c)
echo "usage: $files files, $bytes bytes"
find "$work/tree" -type f -exec cat {} + >/dev/null # warm the cache
t() { /usr/bin/time -f "%e s %M KiB" "$@" 2>&1 >/dev/null | tail -1; }
c=$(t sh -c "find '$work/tree' -type f -exec cat {} + >/dev/null")
s=$(t "$work/usage_driver" "$top/fixtures/example/live.yaml" "$work/tree")
echo "  cat          $c"
echo "  usage_scan   $s"
"$work/usage_driver" "$top/fixtures/example/live.yaml" "$work/tree"
awk -v a="${c%% *}" -v b="${s%% *}" \
    'BEGIN { if (a > 0) printf "  ratio scan/cat %.2f\n", b / a }'
