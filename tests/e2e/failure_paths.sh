#!/bin/sh
# failure_paths.sh: what the binary does when the world fails under it.
#
#   - standard output on a full disk (/dev/full): exit 5, one message
#   - a reader that goes away (| head -1): no "Broken pipe" noise, the
#     verdict's exit status stands (SIGPIPE is ignored, EPIPE on a pipe is
#     not an error: git does the same, without dying of the signal)
#   - an --output directory we may not write: exit 5, old file untouched,
#     no temporary file left
#   - a disk that fills up or fails during the atomic write (write, fsync,
#     close or rename failing: LD_PRELOAD shim tests/shim/failwrite.c):
#     exit 5, old file untouched, no temporary file left; interrupted
#     (EINTR) and short writes are retried and the file is complete
#   - allocation failure at any point (LD_PRELOAD shim
#     tests/shim/failalloc.c): exit 5, "out of memory", nothing on standard
#     output, no report file
#   - SIGINT during a fetch (tests/fault/server.py stalling the body):
#     prompt exit (< 2 s) by the signal (status 130 in the shell), no
#     partial file, the old file untouched
#
# The shims need a C compiler; they are skipped (with a note) for
# sanitizer builds, whose runtime must come first and owns malloc.
. "$(dirname "$0")/lib.sh"

ex=$DRIFT_TOP/fixtures/example
: >"$tmp/empty"
CC=${CC:-cc}
case $(basename "$CC") in *clang*|*gcc*|cc) ;; *) CC=cc ;; esac

sanitized=0
if nm -D "$DRIFT_BIN" 2>/dev/null | grep -q '__asan_\|__ubsan_' ||
    nm "$DRIFT_BIN" 2>/dev/null | grep -q '__asan_\|__ubsan_'; then
	sanitized=1
fi

# lsdir DIR: its entries, one line
lsdir() { ls -A "$1" | tr '\n' ' '; }

# expect_dir DIR WANT WHAT: exactly these entries (no temporary file)
expect_dir() {
	checks=$((checks + 1))
	[ "$(lsdir "$1")" = "$2" ] || fail "$3: directory holds: $(lsdir "$1")"
}

# expect_grep PATTERN FILE WHAT
expect_grep() {
	checks=$((checks + 1))
	grep -q -- "$1" "$2" || { fail "$3: no '$1' in:"; cat "$2"; }
}

# --- 1. standard output on a full disk -------------------------------
for fmt in text json; do
	rc=0
	drift diff --format "$fmt" "$ex/schema.yaml" "$ex/live.yaml" \
	    >/dev/full 2>"$tmp/err" || rc=$?
	expect_rc 5 "$rc" "$fmt report to /dev/full"
	printf '%s\n' "directus-drift: cannot write to standard output: No space left on device" >"$tmp/want"
	expect_file "$tmp/want" "$tmp/err" "$fmt report to /dev/full: message"
done

# --- 2. a reader that goes away early --------------------------------
# 4000 fields, half removed: a report far larger than a pipe's buffer
python3 - "$tmp" <<'EOF' || { echo "python3 is needed"; exit 1; }
import sys
def gen(n, path, drop):
    with open(path, "w") as f:
        f.write("version: 1\ndirectus: 11.17.4\nvendor: postgres\n"
                "collections:\n  - collection: c0\n    meta:\n"
                "      note: null\n    schema:\n      name: c0\nfields:\n")
        for i in range(n):
            if drop and i % 2:
                continue
            f.write("  - collection: c0\n    field: f%d\n    type: string\n"
                    "    meta:\n      note: null\n    schema:\n"
                    "      name: f%d\n      table: c0\n"
                    "      data_type: text\n      is_nullable: true\n"
                    % (i, i))
        f.write("relations: []\n")
gen(4000, sys.argv[1] + "/old.yaml", False)
gen(4000, sys.argv[1] + "/new.yaml", True)
EOF
for fmt in text json sarif junit markdown; do
	( rc=0; drift diff --format "$fmt" "$tmp/old.yaml" "$tmp/new.yaml" \
	    2>"$tmp/err" || rc=$?; echo "$rc" >"$tmp/rc" ) | head -1 \
	    >"$tmp/first"
	expect_rc 1 "$(cat "$tmp/rc")" "$fmt | head -1 keeps the verdict"
	expect_file "$tmp/empty" "$tmp/err" "$fmt | head -1 is silent"
	checks=$((checks + 1))
	[ -s "$tmp/first" ] || fail "$fmt | head -1: no first line"
done

# --- 3. an --output directory we may not write -----------------------
mkdir "$tmp/ro"
printf 'the previous report\n' >"$tmp/ro/report.txt"
cp "$tmp/ro/report.txt" "$tmp/before"
chmod 555 "$tmp/ro"
if [ "$(id -u)" = 0 ]; then
	# root writes anywhere: run as nobody (the tree must be readable)
	chmod 755 "$tmp"
	as_user="setpriv --reuid=65534 --regid=65534 --clear-groups"
	command -v setpriv >/dev/null 2>&1 || as_user=""
else
	as_user="env"
fi
if [ -n "$as_user" ]; then
	rc=0
	$as_user "$DRIFT_BIN" diff -o "$tmp/ro/report.txt" "$ex/schema.yaml" \
	    "$ex/live.yaml" 2>"$tmp/err" || rc=$?
	expect_rc 5 "$rc" "unwritable --output directory"
	printf '%s\n' "directus-drift: cannot create a temporary file for report '$tmp/ro/report.txt': Permission denied" >"$tmp/want"
	expect_file "$tmp/want" "$tmp/err" "unwritable directory: message"
	expect_file "$tmp/before" "$tmp/ro/report.txt" \
	    "unwritable directory: old file untouched"
	expect_dir "$tmp/ro" "report.txt " "unwritable directory"
else
	echo "note: root without setpriv: unwritable directory case skipped"
fi
chmod 755 "$tmp/ro"
chmod 700 "$tmp"

# --- 4. a disk that fills up or fails during the atomic write --------
shims=1
if [ "$sanitized" = 1 ]; then
	echo "note: sanitizer build: LD_PRELOAD shim cases skipped"
	shims=0
elif ! "$CC" -shared -fPIC -o "$tmp/failwrite.so" \
    "$DRIFT_TOP/tests/shim/failwrite.c" -ldl 2>"$tmp/cc.err" ||
    ! "$CC" -shared -fPIC -o "$tmp/failalloc.so" \
    "$DRIFT_TOP/tests/shim/failalloc.c" 2>>"$tmp/cc.err"; then
	echo "note: cannot build the shims: shim cases skipped"
	cat "$tmp/cc.err"
	shims=0
fi

if [ "$shims" = 1 ]; then
	mkdir "$tmp/out"
	# op errno after: what fails, and the message's strerror
	for c in "write ENOSPC 0 No space left on device" \
	    "write ENOSPC 100 No space left on device" \
	    "write EIO 1000 Input/output error" \
	    "write EDQUOT 1 Disk quota exceeded" \
	    "fsync EIO 0 Input/output error" \
	    "close EIO 0 Input/output error" \
	    "rename ENOSPC 0 No space left on device"; do
		set -- $c
		op=$1 en=$2 after=$3
		shift 3
		why=$*
		for fmt in text json; do
			printf 'the previous report\n' >"$tmp/out/report.$fmt"
			cp "$tmp/out/report.$fmt" "$tmp/before"
			rc=0
			FAILWRITE_MATCH="$tmp/out/" FAILWRITE_OP=$op \
			    FAILWRITE_ERRNO=$en FAILWRITE_AFTER=$after \
			    LD_PRELOAD="$tmp/failwrite.so" "$DRIFT_BIN" diff \
			    --format "$fmt" -o "$tmp/out/report.$fmt" \
			    "$ex/schema.yaml" "$ex/live.yaml" >"$tmp/out.txt" \
			    2>"$tmp/err" || rc=$?
			what="$op $en after $after ($fmt)"
			expect_rc 5 "$rc" "$what"
			expect_grep "^directus-drift: cannot write report '$tmp/out/report.$fmt': $why\$" \
			    "$tmp/err" "$what: message"
			expect_file "$tmp/before" "$tmp/out/report.$fmt" \
			    "$what: old file untouched"
			expect_file "$tmp/empty" "$tmp/out.txt" "$what: stdout"
			expect_dir "$tmp/out" "report.$fmt " "$what"
			rm -f "$tmp/out/report.$fmt"
		done
	done
	# interrupted and short writes are retried: the file is complete
	for fmt in text json; do
		"$DRIFT_BIN" diff --format "$fmt" -o "$tmp/want.$fmt" \
		    "$ex/schema.yaml" "$ex/live.yaml" 2>/dev/null || true
		rc=0
		FAILWRITE_MATCH="$tmp/out/" FAILWRITE_ERRNO=EINTR \
		    LD_PRELOAD="$tmp/failwrite.so" "$DRIFT_BIN" diff \
		    --format "$fmt" -o "$tmp/out/report.$fmt" \
		    "$ex/schema.yaml" "$ex/live.yaml" 2>"$tmp/err" || rc=$?
		expect_rc 1 "$rc" "EINTR and short writes ($fmt)"
		expect_file "$tmp/want.$fmt" "$tmp/out/report.$fmt" \
		    "EINTR and short writes ($fmt): complete"
		expect_file "$tmp/empty" "$tmp/err" \
		    "EINTR and short writes ($fmt): stderr"
		rm -f "$tmp/out/report.$fmt"
	done
	# the shim is not the cause when nothing fails
	rc=0
	FAILWRITE_MATCH="$tmp/nowhere/" LD_PRELOAD="$tmp/failwrite.so" \
	    "$DRIFT_BIN" diff -o "$tmp/out/ok.txt" "$ex/schema.yaml" \
	    "$ex/live.yaml" 2>"$tmp/err" || rc=$?
	expect_rc 1 "$rc" "shim loaded, nothing failing"
	expect_dir "$tmp/out" "ok.txt " "shim loaded, nothing failing"
	rm -f "$tmp/out/ok.txt"
fi

# --- 5. allocation failure at any point ------------------------------
# Every allocation, one at a time, at 100 points spread over a run: the
# run stops with exit 5 and an out-of-memory message, writes nothing to
# standard output and leaves no report file.
if [ "$shims" = 1 ]; then
	for fmt in text json sarif; do
		FAILALLOC_COUNT="$tmp/count" LD_PRELOAD="$tmp/failalloc.so" \
		    "$DRIFT_BIN" diff --format "$fmt" "$ex/schema.yaml" \
		    "$ex/live.yaml" >/dev/null 2>&1 || true
		total=$(cat "$tmp/count")
		step=$((total / 100 + 1))
		n=1
		bad=0
		while [ "$n" -le "$total" ]; do
			rc=0
			FAILALLOC_AFTER=$n LD_PRELOAD="$tmp/failalloc.so" \
			    "$DRIFT_BIN" diff --format "$fmt" \
			    -o "$tmp/out/oom.$fmt" "$ex/schema.yaml" \
			    "$ex/live.yaml" >"$tmp/out.txt" 2>"$tmp/err" ||
			    rc=$?
			if [ "$rc" != 5 ] || [ -s "$tmp/out.txt" ] ||
			    [ -e "$tmp/out/oom.$fmt" ] ||
			    ! grep -q "^directus-drift: .*out of memory" \
			    "$tmp/err"; then
				bad=$((bad + 1))
				[ "$bad" -le 3 ] && fail "allocation $n of" \
				    "$total fails ($fmt): exit $rc," \
				    "$(head -c 300 "$tmp/err")"
			fi
			rm -f "$tmp/out/oom.$fmt"
			n=$((n + step))
		done
		checks=$((checks + 1))
		# and to standard output: nothing partial there either
		rc=0
		FAILALLOC_AFTER=$((total - 5)) LD_PRELOAD="$tmp/failalloc.so" \
		    "$DRIFT_BIN" diff --format "$fmt" "$ex/schema.yaml" \
		    "$ex/live.yaml" >"$tmp/out.txt" 2>"$tmp/err" || rc=$?
		expect_rc 5 "$rc" "late allocation failure ($fmt)"
		expect_file "$tmp/empty" "$tmp/out.txt" \
		    "late allocation failure ($fmt): stdout"
	done
	rc=0
	FAILALLOC_AFTER=1 LD_PRELOAD="$tmp/failalloc.so" "$DRIFT_BIN" rules \
	    >"$tmp/out.txt" 2>"$tmp/err" || rc=$?
	expect_rc 5 "$rc" "rules, first allocation fails"
	printf '%s\n' "directus-drift: out of memory" >"$tmp/want"
	expect_file "$tmp/want" "$tmp/err" "rules out of memory: message"
fi

# --- 6. SIGINT during a fetch ----------------------------------------
if command -v python3 >/dev/null 2>&1; then
	unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY ALL_PROXY all_proxy
	mkdir "$tmp/srv" "$tmp/snap"
	python3 "$DRIFT_TOP/tests/fault/server.py" --dir "$tmp/srv" \
	    --lifetime 60 --fixtures "$DRIFT_TOP/fixtures/live" \
	    2>"$tmp/srv/stderr.log" &
	spid=$!
	trap 'kill "$spid" 2>/dev/null || true; rm -rf "$tmp"' EXIT
	i=0
	while [ ! -s "$tmp/srv/port" ] && [ $i -lt 200 ]; do
		sleep 0.05
		i=$((i + 1))
	done
	B="http://127.0.0.1:$(cat "$tmp/srv/port")"
	printf 'the previous snapshot\n' >"$tmp/snap/schema.yaml"
	cp "$tmp/snap/schema.yaml" "$tmp/before"
	for scen in "slow-body,d=30" "slow-headers,d=30"; do
		: >"$tmp/srv/requests.log"
		# a background job of a script ignores SIGINT: give it back
		DIRECTUS_TOKEN=sigint-test-token env --default-signal=INT \
		    "$DRIFT_BIN" snapshot --url "$B/s/$scen" \
		    -o "$tmp/snap/schema.yaml" >"$tmp/out.txt" 2>"$tmp/err" &
		cpid=$!
		i=0
		while ! grep -q snapshot "$tmp/srv/requests.log" 2>/dev/null &&
		    [ $i -lt 100 ]; do
			sleep 0.05
			i=$((i + 1))
		done
		sleep 0.3
		t0=$(date +%s%N)
		kill -INT "$cpid"
		rc=0
		wait "$cpid" || rc=$?
		ms=$(( ($(date +%s%N) - t0) / 1000000 ))
		expect_rc 130 "$rc" "SIGINT during $scen"
		checks=$((checks + 1))
		[ "$ms" -lt 2000 ] || fail "SIGINT during $scen: exit took $ms ms"
		expect_file "$tmp/before" "$tmp/snap/schema.yaml" \
		    "SIGINT during $scen: old file untouched"
		expect_dir "$tmp/snap" "schema.yaml " "SIGINT during $scen"
		expect_file "$tmp/empty" "$tmp/out.txt" "SIGINT during $scen: stdout"
	done
	kill "$spid" 2>/dev/null || true
else
	echo "note: no python3: SIGINT case skipped"
fi

finish
