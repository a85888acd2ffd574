#!/bin/sh
# Usage scan speed (issue 12): a generated front end (bench/gen_frontend.py,
# USAGE_FILES files of USAGE_SIZE bytes) scanned by usage_scan() (a
# bench-only driver linked against the library), side by side with `cat`
# of the same files (default threads and --jobs 1, USAGE_JOBS) and with
# the Node contender: @graphql-tools/
# graphql-tag-pluck plus graphql-js parse() over the same tree
# (bench/node/usage_pluck.js); wall time and peak RSS of each, and the
# ratios.  cat and the scans run interleaved, USAGE_RUNS rounds
# (bench/walltime.py: a high-resolution clock; min and median of each);
# the Node run once.  Targets: scan/cat <= 3 (on the medians), node/scan
# >= 10.
#
# The Node packages are a test-only tool, installed once from npm into
# ${DD_USAGE_CACHE:-/var/cache/directus-drift/npm-usage}/pluck-<versions>;
# without npm or the registry the Node run is skipped with a message
# (USAGE_NODE=0 skips it too: it takes minutes at the default size).
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
files=${USAGE_FILES:-5000}
size=${USAGE_SIZE:-10500}
runs=${USAGE_RUNS:-11}
work=$top/build/bench/usage
pluck_v=8.3.41
graphql_v=16.15.0
cache=${DD_USAGE_CACHE:-/var/cache/directus-drift/npm-usage}
pluck_dir=$cache/pluck-$pluck_v-graphql-$graphql_v
mkdir -p "$work"
cc=${CC:-cc}
make -C "$top" -s build/cc/libdrift.a
$cc -O2 -std=c11 -I"$top/include" -o "$work/usage_driver" \
    "$top/bench/usage_driver.c" "$top/build/cc/libdrift.a" \
    $(pkg-config --libs yaml-0.1 jansson) -ldl -lm -pthread
tree=$work/tree-$files-$size
if [ ! -f "$tree.done" ]; then
	rm -rf "$work/tree" "$work"/tree-* # one tree at a time
	python3 "$top/bench/gen_frontend.py" "$tree" "$files" "$size"
	touch "$tree.done"
fi

# install_pluck: 0 when the Node contender is ready, else 1 (a message)
install_pluck() {
	[ -f "$pluck_dir/.dd-usage-ok" ] && return 0
	if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1
	then
		echo "  node         skipped: node or npm is not installed"
		return 1
	fi
	if ! timeout 30 npm view --fetch-retries=1 --fetch-timeout=20000 \
	    "@graphql-tools/graphql-tag-pluck@$pluck_v" version >/dev/null 2>&1
	then
		echo "  node         skipped: the npm registry is unreachable"
		return 1
	fi
	mkdir -p "$cache"
	tmp=$(mktemp -d "$cache/.tmp-pluck.XXXXXX")
	echo '{ "name": "dd-usage-pluck", "private": true }' >"$tmp/package.json"
	if ! (cd "$tmp" && timeout 600 npm install --no-audit --no-fund \
	    --loglevel=error --save-exact \
	    "@graphql-tools/graphql-tag-pluck@$pluck_v" "graphql@$graphql_v" \
	    >"$tmp/.npm.log" 2>&1); then
		echo "  node         skipped: npm install failed:"
		sed 's/^/    /' "$tmp/.npm.log" | tail -5
		rm -rf "$tmp"
		return 1
	fi
	echo "graphql-tag-pluck@$pluck_v graphql@$graphql_v" >"$tmp/.dd-usage-ok"
	rm -rf "$pluck_dir"
	mv "$tmp" "$pluck_dir"
}

bytes=$(find "$tree" -type f -exec cat {} + | wc -c)
echo "usage: $files files, $bytes bytes, $runs interleaved rounds"
find "$tree" -type f -exec cat {} + >/dev/null # warm the cache
snap=$top/fixtures/example/live.yaml
python3 "$top/bench/walltime.py" "$runs" \
    "cat=find '$tree' -type f -exec cat {} + >/dev/null" \
    "scan='$work/usage_driver' '$snap' '$tree'" \
    "scan1=USAGE_JOBS=1 '$work/usage_driver' '$snap' '$tree'" \
    >"$work/wall.out"
# field FIELD NAME: min or median of NAME in wall.out
field() { awk -v n="$2" -v f="$1" '$1 == n { for (i = 2; i < NF; i += 2)
    if ($i == f) print $(i + 1) }' "$work/wall.out"; }
# rss CMD...: the peak RSS of one run, in KiB
rss() { /usr/bin/time -f "%M" "$@" 2>&1 >/dev/null | tail -1; }
# show NAME KIB
show() { printf "%.3f s (median %.3f s) %s KiB" "$(field min "$1")" \
    "$(field median "$1")" "$2"; }
ncpu=$(getconf _NPROCESSORS_ONLN 2>/dev/null || echo '?')
echo "  cat          $(show cat \
    "$(rss sh -c "find '$tree' -type f -exec cat {} + >/dev/null")")"
echo "  usage_scan   $(show scan "$(rss "$work/usage_driver" "$snap" \
    "$tree")") (default --jobs: $ncpu processors)"
echo "  usage_scan   $(show scan1 "$(rss env USAGE_JOBS=1 \
    "$work/usage_driver" "$snap" "$tree")") (--jobs 1)"
echo "  usage_scan:  $("$work/usage_driver" "$snap" "$tree")"
awk -v a="$(field median cat)" -v b="$(field median scan)" \
    -v b1="$(field median scan1)" -v am="$(field min cat)" \
    -v bm="$(field min scan)" 'BEGIN { if (a > 0 && am > 0) {
    printf "  ratio scan/cat %.2f on the medians (target <= 3), %.2f on" \
        " the minimums\n", b / a, bm / am
    printf "  ratio scan/cat %.2f with --jobs 1 (medians)\n", b1 / a } }'
s=$(field median scan)
if [ "${USAGE_NODE:-1}" = 0 ]; then
	echo "  node         skipped: USAGE_NODE=0"
elif install_pluck; then
	n=$(NODE_PATH=$pluck_dir/node_modules /usr/bin/time -f "%e s %M KiB" \
	    node --max-old-space-size=8192 "$top/bench/node/usage_pluck.js" \
	    "$tree" 2>&1 >"$work/node.out" | tail -1) || n=
	if [ -n "$n" ] && grep -q '^files ' "$work/node.out"; then
		echo "  node         $n (graphql-tag-pluck $pluck_v +" \
		    "graphql-js $graphql_v parse)"
		echo "  node:        $(cat "$work/node.out")"
		awk -v a="${n%% *}" -v b="$s" 'BEGIN { if (b > 0)
		    printf "  ratio node/scan %.1f (target >= 10)\n", a / b }'
	else
		echo "  node         failed: $n $(tail -3 "$work/node.out")"
	fi
fi
