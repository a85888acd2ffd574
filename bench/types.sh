#!/usr/bin/env bash
# bench/types.sh: "directus-drift types" side by side with
# directus-typeforge (pinned 0.19.2, from npm; it reads a snapshot JSON
# file with -i), on the bench's generated schema and on real corpus
# snapshots, with the ratios.  Run by bench/run.sh (BENCH_TYPES=0 skips it)
# or alone.
#
# directus-sdk-typegen is not run: it only reads a live instance
# (/collections, /fields, /relations), so a side-by-side run needs the same
# schema applied to a running Directus first; "directus schema apply" of
# the 200,000-field schema takes far longer than the whole bench, and the
# time it then measures is mostly HTTP and the instance, not generation.
#
# Environment:
#   BENCH_TYPES_SIZE=200000  fields in the generated schema (bench/gen.py)
#   BENCH_RUNS=5             runs per contender (median reported)
#   BENCH_SLOW=10            a contender whose first run takes longer than
#                            this many seconds is run only once
#   BENCH_TYPES_CORPUS       corpus snapshots (JSON: typeforge reads only
#                            JSON), default the largest ones in
#                            ../shared/corpus
#   DD_TYPES_CACHE           npm cache root (/var/cache/directus-drift/
#                            npm-types), typeforge goes to typeforge-0.19.2
#   BENCH_TYPES_TIMEOUT=900  seconds before a typeforge run is stopped
#   DRIFT_BIN                the binary (default ./directus-drift)
# Prints a Markdown table on stdout; exit 0, or 1 when directus-drift
# failed (typeforge failing is reported, not fatal).
set -euo pipefail
export LC_ALL=C

top=$(cd "$(dirname "$0")/.." && pwd)
work=$top/bench/work
drift=${DRIFT_BIN:-$top/directus-drift}
size=${BENCH_TYPES_SIZE:-200000}
runs=${BENCH_RUNS:-5}
slow=${BENCH_SLOW:-10}
corpus_dir=${DRIFT_CORPUS:-$top/../shared/corpus}
corpus=${BENCH_TYPES_CORPUS:-"$corpus_dir/agencyos@56e2317.json $corpus_dir/starters-cms-i18n-v12.json"}
cache=${DD_TYPES_CACHE:-/var/cache/directus-drift/npm-types}
tf_version=0.19.2
tf_dir=$cache/typeforge-$tf_version
tf=$tf_dir/node_modules/.bin/directus-typeforge
tf_timeout=${BENCH_TYPES_TIMEOUT:-900}
failed=0

say() { printf 'bench/types: %s\n' "$*" >&2; }

install_typeforge() {
	[ -f "$tf_dir/.dd-types-ok" ] && [ -x "$tf" ] && return 0
	command -v npm >/dev/null || { say "npm missing"; return 1; }
	mkdir -p "$cache"
	local tmp
	tmp=$(mktemp -d "$cache/.tmp-typeforge.XXXXXX")
	echo '{ "name": "dd-typeforge", "private": true }' >"$tmp/package.json"
	if ! (cd "$tmp" && timeout 600 npm install --no-audit --no-fund \
	    --loglevel=error --save-exact "directus-typeforge@$tf_version" \
	    >/dev/null 2>&1); then
		say "npm install directus-typeforge@$tf_version failed"
		rm -rf "$tmp"
		return 1
	fi
	echo "directus-typeforge@$tf_version" >"$tmp/.dd-types-ok"
	rm -rf "$tf_dir"
	mv "$tmp" "$tf_dir"
}

now_us() { local t=$EPOCHREALTIME; echo "${t/./}"; }
median() { sort -n | awk '{a[NR]=$1} END {
	if (NR == 0) print ""; else if (NR % 2) print a[(NR+1)/2];
	else print int((a[NR/2] + a[NR/2+1]) / 2) }'; }

# time_cmd LABEL CMD...: median wall time (us) of $runs runs (one when the
# first is slower than $slow s); sets T_US, T_RSS (KB of the last run),
# T_RUNS, T_OK
time_cmd() {
	local label=$1 i t0 t1 times="" rss rc
	shift
	T_OK=1
	T_TIMEOUT=0
	T_RUNS=0
	for ((i = 0; i < runs; i++)); do
		t0=$(now_us)
		rc=0
		/usr/bin/time -f '%M' -o "$work/types.rss" "$@" \
		    >/dev/null 2>"$work/types.err" || rc=$?
		if [ "$rc" -ne 0 ]; then
			[ "$rc" -eq 124 ] && T_TIMEOUT=1
			say "$label failed (exit $rc): $(tail -n 3 "$work/types.err")"
			T_OK=0
			break
		fi
		t1=$(now_us)
		times="$times$((t1 - t0))"$'\n'
		T_RUNS=$((T_RUNS + 1))
		[ $((t1 - t0)) -gt $((slow * 1000000)) ] && break
	done
	rss=$(tail -n 1 "$work/types.rss" 2>/dev/null || echo 0)
	T_RSS=$rss
	T_US=$(printf '%s' "$times" | median)
}

ms() { awk -v u="$1" 'BEGIN { printf "%.1f", u / 1000 }'; }

mkdir -p "$work"
gen_json=$work/snap-$size-new.json
if [ ! -s "$gen_json" ]; then
	say "generating a $size-field schema (bench/gen.py)"
	python3 "$top/bench/gen.py" --out "$work" "$size" >/dev/null
fi
have_tf=1
install_typeforge || { have_tf=0; say "typeforge not available: drift only"; }

printf '## types: directus-drift vs directus-typeforge %s\n\n' "$tf_version"
printf '%s runs each (median; a contender slower than %s s runs once), wall time.\n\n' "$runs" "$slow"
printf '| input | size | directus-drift types | RSS | directus-typeforge | RSS | ratio |\n'
printf '|---|---:|---:|---:|---:|---:|---:|\n'
for f in "$gen_json" $corpus; do
	[ -f "$f" ] || { say "missing: $f"; continue; }
	name=$(basename "$f")
	bytes=$(wc -c <"$f")
	time_cmd drift "$drift" types "$f" -o "$work/types-drift.ts"
	[ "$T_OK" = 1 ] || failed=1
	d_us=$T_US d_rss=$T_RSS d_ok=$T_OK
	t_cell="n/a" t_rss="" ratio="n/a"
	if [ "$have_tf" = 1 ]; then
		time_cmd typeforge timeout "$tf_timeout" "$tf" -i "$f" \
		    -o "$work/types-typeforge.ts" --logLevel error
		if [ "$T_OK" = 1 ]; then
			t_cell="$(ms "$T_US") ms"
			[ "$T_RUNS" -lt "$runs" ] && t_cell="$t_cell (1 run)"
			t_rss="$((T_RSS / 1024)) MB"
			[ "$d_ok" = 1 ] && ratio=$(awk -v a="$T_US" -v b="$d_us" \
			    'BEGIN { printf "%.0fx", a / b }')
		elif [ "$T_TIMEOUT" = 1 ]; then
			t_cell="> $tf_timeout s (timed out)"
			[ "$d_ok" = 1 ] && ratio=$(awk -v a="$tf_timeout" \
			    -v b="$d_us" 'BEGIN { printf "> %.0fx", a * 1e6 / b }')
		else
			t_cell="failed"
		fi
	fi
	printf '| %s | %s MB | %s ms | %s MB | %s | %s | %s |\n' "$name" \
	    "$(awk -v b="$bytes" 'BEGIN { printf "%.1f", b / 1048576 }')" \
	    "$( [ "$d_ok" = 1 ] && ms "$d_us" || echo failed)" \
	    "$((d_rss / 1024))" "$t_cell" "$t_rss" "$ratio"
done
printf '\nratio: directus-typeforge time / directus-drift time. directus-sdk-typegen: not run (live instance only, see bench/types.sh).\n'
exit $failed
