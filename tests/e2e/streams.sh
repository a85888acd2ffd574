#!/bin/sh
# Standard output failures, readers that go away, and atomic report files
# whose write fails half-way (RLIMIT_FSIZE: works even as root).
. "$(dirname "$0")/lib.sh"

ex=$DRIFT_TOP/fixtures/example
: >"$tmp/empty"

# a full disk on standard output: exit 5, one message
rc=0
drift --version >/dev/full 2>"$tmp/err" || rc=$?
expect_rc 5 "$rc" "--version to /dev/full"
printf '%s\n' "directus-drift: cannot write to standard output: No space left on device" >"$tmp/want"
expect_file "$tmp/want" "$tmp/err" "/dev/full message"
rc=0
drift diff "$ex/schema.yaml" "$ex/live.yaml" >/dev/full 2>"$tmp/err" || rc=$?
expect_rc 5 "$rc" "report to /dev/full"
expect_file "$tmp/want" "$tmp/err" "report /dev/full message"
rc=0
drift rules >/dev/full 2>"$tmp/err" || rc=$?
expect_rc 5 "$rc" "rules to /dev/full"

# a reader that goes away is not an error: the verdict stands
( rc=0; drift diff "$ex/schema.yaml" "$ex/live.yaml" 2>"$tmp/err" || rc=$?
  echo "$rc" >"$tmp/rc" ) | true
expect_rc 1 "$(cat "$tmp/rc")" "closed pipe keeps the verdict"
expect_file "$tmp/empty" "$tmp/err" "closed pipe is silent"

# --output whose write fails: the old file stays, nothing is left behind
mkdir "$tmp/out"
printf 'the previous report\n' >"$tmp/out/report.json"
cp "$tmp/out/report.json" "$tmp/before"
rc=0
(
	trap '' XFSZ
	ulimit -f 2
	exec "$DRIFT_BIN" diff --format json -o "$tmp/out/report.json" \
	    "$ex/schema.yaml" "$ex/live.yaml"
) 2>"$tmp/err" || rc=$?
expect_rc 5 "$rc" "write failure"
checks=$((checks + 1))
grep -q "^directus-drift: cannot write report '$tmp/out/report.json': File too large$" \
    "$tmp/err" || { fail "write failure message"; cat "$tmp/err"; }
expect_file "$tmp/before" "$tmp/out/report.json" "old report untouched"
checks=$((checks + 1))
[ "$(ls -A "$tmp/out")" = "report.json" ] || fail "temporary file left: $(ls -A "$tmp/out")"

# and when it works, the mode is that of a new file under the umask
rm "$tmp/out/report.json"
rc=0
(umask 022 && exec "$DRIFT_BIN" diff -o "$tmp/out/report.txt" \
    "$ex/schema.yaml" "$ex/live.yaml") || rc=$?
expect_rc 1 "$rc" "report file written"
checks=$((checks + 1))
[ "$(stat -c %a "$tmp/out/report.txt")" = 644 ] || fail "report mode"
finish
