#!/usr/bin/env bash
# make bench: directus-drift side by side with the floor (libyaml's event
# scan, jansson's load), what Directus does (js-yaml or JSON.parse +
# deep-diff) and what a user would script (PyYAML CLoader + dict compare),
# on the same generated snapshot pairs; then scaling, startup, the largest
# corpus pair and instruction counts.  Writes bench/RESULTS.md.
#
# Environment:
#   BENCH_SIZES="1000 10000 50000 200000"  sizes in fields
#   BENCH_RUNS=5            runs per contender and size (median reported)
#   BENCH_SLOW=10           a contender whose first run takes longer than
#                           this many seconds is run only once
#   BENCH_PY_MAX=50000      largest size PyYAML is run at (it is ~20x slower)
#   BENCH_CALLGRIND=1       0 skips valgrind --tool=callgrind
#   BENCH_CALLGRIND_SIZE=   size for callgrind (default: the largest size
#                           run that is <= 50000)
#   BENCH_RESULTS=bench/RESULTS.md   where the report goes ("-" = stdout only)
#   BENCH_DIRECTUS_URL      a local Directus (http://127.0.0.1:8055) for the
#                           check-vs-curl timing; token from DIRECTUS_TOKEN
#   DRIFT_BIN               the binary (default ./directus-drift)
#   BENCH_TYPES=1           0 skips bench/types.sh ("types" against
#                           directus-typeforge; BENCH_TYPES_SIZE fields,
#                           default the largest of BENCH_SIZES)
#
# Exit status: 0 when every measurement ran (a binary that cannot diff yet
# is reported as n/a, not a failure), 1 when a contender failed.
set -euo pipefail
export LC_ALL=C

top=$(cd "$(dirname "$0")/.." && pwd)
bench=$top/bench
work=$bench/work
bin=$work/bin
sizes=${BENCH_SIZES:-"1000 10000 50000 200000"}
runs=${BENCH_RUNS:-5}
slow=${BENCH_SLOW:-10}
py_max=${BENCH_PY_MAX:-50000}
drift=${DRIFT_BIN:-$top/directus-drift}
corpus=${DRIFT_CORPUS:-$top/../shared/corpus}
results=${BENCH_RESULTS:-$bench/RESULTS.md}
raw=$work/raw.tsv
py=/usr/bin/python3
failed=0

say() { printf 'bench: %s\n' "$*" >&2; }

# ---------------------------------------------------------------- setup

need_pkgs() {
	local p missing=""
	for p in python3-yaml time valgrind libyaml-dev libjansson-dev \
	    pkg-config nodejs npm; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null |
		    grep -q 'install ok installed' || missing="$missing $p"
	done
	[ -z "$missing" ] && return 0
	# npm may come from elsewhere than Debian: accept a working one.
	if [ "$(echo $missing)" = "npm" ] && command -v npm >/dev/null; then
		return 0
	fi
	say "installing:$missing"
	local sudo=""
	[ "$(id -u)" -eq 0 ] || sudo=sudo
	DEBIAN_FRONTEND=noninteractive $sudo apt-get update -qq
	# shellcheck disable=SC2086
	DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq \
	    --no-install-recommends $missing
}

setup() {
	need_pkgs
	mkdir -p "$bin" "$bench/callgrind"
	local n pc
	for n in yaml jansson; do
		[ $n = yaml ] && pc=yaml-0.1 || pc=jansson
		if [ ! -x "$bin/floor_$n" ] ||
		    [ "$bench/floor_$n.c" -nt "$bin/floor_$n" ]; then
			# shellcheck disable=SC2046
			cc -O2 -o "$bin/floor_$n" "$bench/floor_$n.c" \
			    $(pkg-config --cflags --libs $pc)
		fi
	done
	if [ ! -d "$bench/node/node_modules/js-yaml" ] ||
	    [ ! -d "$bench/node/node_modules/deep-diff" ]; then
		say "npm ci in bench/node"
		(cd "$bench/node" && npm ci --no-audit --no-fund --loglevel=error)
	fi
	local missing=""
	for n in $sizes; do
		for f in old.yaml new.yaml old.json new.json manifest.json; do
			[ -s "$work/snap-$n-$f" ] || { missing="$missing $n"; break; }
		done
	done
	if [ -n "$missing" ]; then
		say "generating:$missing"
		$py "$bench/gen.py" --out "$work" $missing
	fi
}

# ---------------------------------------------------------------- timing

now_us() { local t=$EPOCHREALTIME; echo "${t/./}"; }

median() { sort -n | awk '{a[NR]=$1} END {
	if (NR == 0) print "";
	else if (NR % 2) print a[(NR + 1) / 2];
	else print int((a[NR / 2] + a[NR / 2 + 1]) / 2) }'; }

# set_cmd WHO FMT OLD NEW: the command line of a contender in CMD, its
# acceptable exit codes (a regex) in OK.
set_cmd() {
	OK=0
	case $1 in
	floor)	if [ "$2" = yaml ]; then CMD=("$bin/floor_yaml" "$3" "$4")
		else CMD=("$bin/floor_jansson" "$3" "$4"); fi ;;
	directus-drift)
		OK='0|1'
		CMD=("$drift" diff --format json "$3" "$4") ;;
	node)	CMD=(node --max-old-space-size=16384 "$bench/node/diff.js" \
		    "$2" "$3" "$4") ;;
	python)	CMD=("$py" "$bench/py_diff.py" "$2" "$3" "$4") ;;
	esac
}

# run_set SIZE FMT INPUT_BYTES CONTENDER...
# Runs the contenders round-robin, $runs rounds (so load from elsewhere on
# a shared machine hits them alike), each under /usr/bin/time with stdout
# to /dev/null.  A contender whose run took $slow seconds or more is not
# run in later rounds.  Appends per contender "size fmt contender
# median_us max_rss_kb input_bytes runs status" to $raw.
run_set() {
	local size=$1 fmt=$2 inb=$3
	shift 3
	local o=$work/snap-$size-old.$fmt w=$work/snap-$size-new.$fmt
	local -A times rss n status
	local who i t0 t1 rc r
	for who in "$@"; do
		times[$who]="" rss[$who]=0 n[$who]=0 status[$who]=ok
	done
	for ((i = 0; i < runs; i++)); do
		for who in "$@"; do
			[ "${status[$who]}" = ok ] || continue
			if [ "$i" -gt 0 ] && [ "${slowed[$who]:-0}" = 1 ]; then
				continue
			fi
			set_cmd "$who" "$fmt" "$o" "$w"
			t0=$(now_us)
			set +e
			/usr/bin/time -f '%M' -o "$work/time.out" "${CMD[@]}" \
			    >/dev/null 2>"$work/err.out"
			rc=$?
			set -e
			t1=$(now_us)
			if ! [[ $rc =~ ^($OK)$ ]]; then
				status[$who]="failed(exit $rc)"
				say "$who $fmt $size: exit $rc:" \
				    "$(head -c 300 "$work/err.out")"
				continue
			fi
			r=$(tail -n 1 "$work/time.out")
			[ "$r" -gt "${rss[$who]}" ] && rss[$who]=$r
			times[$who]="${times[$who]}$((t1 - t0))"$'\n'
			n[$who]=$((${n[$who]} + 1))
			[ $(((t1 - t0) / 1000000)) -ge "$slow" ] &&
			    slowed[$who]=1
		done
	done
	local med
	for who in "$@"; do
		med=""
		[ "${n[$who]}" -gt 0 ] &&
		    med=$(printf '%s' "${times[$who]}" | median)
		printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$size" "$fmt" \
		    "$who" "$med" "${rss[$who]}" "$inb" "${n[$who]}" \
		    "${status[$who]}" >>"$raw"
		say "$(printf '%-7s %-5s %-15s %10s us %8s KB  (%s runs) %s' \
		    "$size" "$fmt" "$who" "${med:--}" "${rss[$who]}" \
		    "${n[$who]}" "${status[$who]}")"
		[ "${status[$who]}" = ok ] || failed=1
	done
	slowed=()
}
declare -A slowed=()

na() {	# na SIZE FMT CONTENDER REASON
	printf '%s\t%s\t%s\t\t\t\t0\t%s\n' "$1" "$2" "$3" "$4" >>"$raw"
	say "$1 $2 $3: $4"
}

# repeat_ms N CMD...: median wall time in microseconds of N runs of CMD
repeat_us() {
	local n=$1 i t0 t1 times=""
	shift
	for ((i = 0; i < n; i++)); do
		t0=$(now_us)
		"$@" >/dev/null 2>&1 || true
		t1=$(now_us)
		times="$times$((t1 - t0))"$'\n'
	done
	printf '%s' "$times" | median
}

fsize() { stat -c %s "$1"; }

# ---------------------------------------------------------------- run

setup
: >"$raw"
meta=$work/meta.tsv
: >"$meta"
m() { printf '%s\t%s\n' "$1" "$2" >>"$meta"; }

# Can the binary diff at all yet?  Exit 0 or 1 means it compared.
drift_ok=0
if [ -x "$drift" ]; then
	first=${sizes%% *}
	set +e
	"$drift" diff --format json "$work/snap-$first-old.yaml" \
	    "$work/snap-$first-new.yaml" >/dev/null 2>"$work/err.out"
	rc=$?
	set -e
	if [ $rc -le 1 ]; then
		drift_ok=1
	else
		drift_why="cannot diff yet (exit $rc: $(head -n 1 "$work/err.out"))"
		say "directus-drift: $drift_why"
	fi
else
	drift_why="no binary at $drift"
fi
m drift_ok "$drift_ok"
m drift_why "${drift_why:-}"

for n in $sizes; do
	for fmt in yaml json; do
		o=$work/snap-$n-old.$fmt
		w=$work/snap-$n-new.$fmt
		inb=$(($(fsize "$o") + $(fsize "$w")))
		who="floor"
		if [ $drift_ok = 1 ]; then
			who="$who directus-drift"
		else
			na "$n" $fmt directus-drift "n/a"
		fi
		who="$who node"
		if [ "$n" -le "$py_max" ]; then
			who="$who python"
		else
			na "$n" $fmt python "skipped (BENCH_PY_MAX=$py_max)"
		fi
		# shellcheck disable=SC2086
		run_set "$n" $fmt "$inb" $who
		# What each one found (not timed).
		if [ $drift_ok = 1 ]; then
			set +e
			"$drift" diff --format json "$o" "$w" \
			    >"$work/report-$n-$fmt.json" 2>/dev/null
			set -e
		fi
		node --max-old-space-size=16384 "$bench/node/diff.js" $fmt \
		    "$o" "$w" >"$work/node-$n-$fmt.json" 2>/dev/null || true
	done
done

# Startup: --version and rules.
if [ -x "$drift" ]; then
	m version_us "$(repeat_us 51 "$drift" --version)"
	if "$drift" rules >/dev/null 2>&1; then
		m rules_us "$(repeat_us 51 "$drift" rules)"
	else
		m rules_us "n/a"
	fi
	m true_us "$(repeat_us 51 /bin/true)"
fi

# The largest corpus pair.
ag_old=$corpus/agencyos@2994de8.json
ag_new=$corpus/agencyos@56e2317.json
if [ -r "$ag_old" ] && [ -r "$ag_new" ] && [ $drift_ok = 1 ]; then
	set +e
	"$drift" diff --format json "$ag_old" "$ag_new" >/dev/null 2>&1
	rc=$?
	set -e
	m agencyos_rc "$rc"
	m agencyos_us "$(repeat_us 21 "$drift" diff --format json \
	    "$ag_old" "$ag_new")"
	m agencyos_bytes "$(($(fsize "$ag_old") + $(fsize "$ag_new")))"
elif [ ! -r "$ag_old" ]; then
	m agencyos_us "n/a (no corpus at $corpus)"
else
	m agencyos_us "n/a"
fi

# Instruction counts (deterministic, unlike wall time on a shared machine)
# for directus-drift on the YAML and JSON pairs, and for the floors on the
# same files.  Default size: the largest one run that is <= 50000 fields
# (callgrind runs ~50x slower than native).
cg_size=${BENCH_CALLGRIND_SIZE:-}
if [ -z "$cg_size" ]; then
	for n in $sizes; do
		[ "$n" -le 50000 ] && cg_size=$n
	done
fi
# callgrind_ir NAME CMD...: total Ir of CMD; the annotated summary goes to
# bench/callgrind/NAME.txt
callgrind_ir() {
	local name=$1 out=$work/callgrind-$1.out
	shift
	set +e
	valgrind --tool=callgrind --callgrind-out-file="$out" "$@" \
	    >/dev/null 2>"$work/cg.err"
	set -e
	{
		echo "# valgrind --tool=callgrind: $name"
		echo "# $(printf '%s ' "$@" | sed "s|$top/||g")"
		echo "# commit $(git -C "$top" rev-parse --short HEAD)," \
		    "$(date -u +%Y-%m-%dT%H:%MZ)"
		callgrind_annotate --inclusive=no "$out" 2>/dev/null |
		    sed -n '/^Ir/,$p' | sed -n '1,40p'
	} >"$bench/callgrind/$name.txt"
	grep -m1 -o 'Collected : [0-9]*' "$work/cg.err" | grep -o '[0-9]*$' ||
	    echo ""
}
if [ "${BENCH_CALLGRIND:-1}" = 1 ] && [ $drift_ok = 1 ] &&
    [ -n "$cg_size" ]; then
	for fmt in yaml json; do
		o=$work/snap-$cg_size-old.$fmt
		w=$work/snap-$cg_size-new.$fmt
		say "callgrind $cg_size $fmt"
		m "callgrind_${fmt}_ir" "$(callgrind_ir \
		    "drift-$cg_size-$fmt" "$drift" diff --format json "$o" "$w")"
		if [ $fmt = yaml ]; then
			m callgrind_yaml_floor_ir "$(callgrind_ir \
			    "floor-$cg_size-yaml" "$bin/floor_yaml" "$o" "$w")"
		else
			m callgrind_json_floor_ir "$(callgrind_ir \
			    "floor-$cg_size-json" "$bin/floor_jansson" "$o" "$w")"
		fi
	done
	m callgrind_size "$cg_size"
else
	m callgrind_size "n/a"
fi

# Check against a real Directus (optional, 127.0.0.1 only).
if [ -n "${BENCH_DIRECTUS_URL:-}" ] && [ $drift_ok = 1 ]; then
	case $BENCH_DIRECTUS_URL in
	http://127.0.0.1*|http://localhost*) ;;
	*) say "BENCH_DIRECTUS_URL must be local"; exit 2 ;;
	esac
	hdr=$work/auth.hdr
	(umask 077; printf 'Authorization: Bearer %s\n' \
	    "${DIRECTUS_TOKEN:-}" >"$hdr")
	curl -sf -H @"$hdr" "$BENCH_DIRECTUS_URL/schema/snapshot" \
	    -o "$work/live.json" || true
	m curl_us "$(repeat_us 11 curl -sf -H @"$hdr" -o /dev/null \
	    "$BENCH_DIRECTUS_URL/schema/snapshot")"
	m check_us "$(repeat_us 11 env DIRECTUS_URL="$BENCH_DIRECTUS_URL" \
	    "$drift" check --snapshot "$work/live.json" --format json)"
	rm -f "$hdr"
fi

# Machine, date, commit.
m date "$(date -u '+%Y-%m-%d %H:%M UTC')"
m commit "$(git -C "$top" rev-parse --short HEAD)$(git -C "$top" \
    diff --quiet HEAD -- src include 2>/dev/null || echo ' (dirty)')"
m nproc "$(nproc)"
m cpu "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //')"
m mem "$(awk '/MemTotal/ {printf "%.1f GB", $2 / 1048576}' /proc/meminfo)"
m load "$(cut -d' ' -f1-3 /proc/loadavg)"
m os "$(. /etc/os-release && echo "$PRETTY_NAME")"
m cc "$(cc --version | head -n 1)"
m node "$(node --version)"
m python "$($py --version 2>&1), PyYAML $($py -c \
    'import yaml; print(yaml.__version__)')"
m libyaml "$(pkg-config --modversion yaml-0.1)"
m jansson "$(pkg-config --modversion jansson)"
m runs "$runs"
m sizes "$sizes"

$py "$bench/report.py" "$work" "$results"

# "types" against directus-typeforge (bench/types.sh; BENCH_TYPES=0 skips)
if [ "${BENCH_TYPES:-1}" != 0 ]; then
	types_md=$work/types.md
	DRIFT_BIN=$drift BENCH_RUNS=$runs BENCH_SLOW=$slow \
	    BENCH_TYPES_SIZE=${BENCH_TYPES_SIZE:-$(echo $sizes | awk '{print $NF}')} \
	    bash "$bench/types.sh" >"$types_md" || failed=1
	if [ "$results" = - ]; then
		cat "$types_md"
	else
		{ echo; cat "$types_md"; } >>"$results"
	fi
fi
exit $failed
