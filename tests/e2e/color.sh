#!/bin/sh
# --color auto on a terminal (script(1) provides one): NO_COLOR and
# TERM=dumb turn color off; pipes and files never get color unless
# FORCE_COLOR / CLICOLOR_FORCE or a CI log that renders ANSI (GitHub
# Actions, GitLab CI) says so, and NO_COLOR wins over them.
. "$(dirname "$0")/lib.sh"

command -v script >/dev/null 2>&1 || { echo "script(1): not installed"; exit 77; }
ex=$DRIFT_TOP/fixtures/example
esc=$(printf '\033')

# on_tty ENV...: runs diff on a pseudo-terminal, output in $tmp/tty
on_tty() {
	env "$@" script -qec "\"$DRIFT_BIN\" diff \"$ex/schema.yaml\" \"$ex/live.yaml\"" \
	    /dev/null >"$tmp/tty" 2>&1 </dev/null || true
}

colored() { grep -q "$esc\[1;31mbreaking" "$tmp/tty"; }

on_tty TERM=xterm
checks=$((checks + 1))
colored || fail "a terminal gets color"
on_tty TERM=xterm NO_COLOR=1
checks=$((checks + 1))
colored && fail "NO_COLOR=1 disables color"
on_tty TERM=xterm NO_COLOR=
checks=$((checks + 1))
colored || fail "an empty NO_COLOR does not disable color"
on_tty TERM=dumb
checks=$((checks + 1))
colored && fail "TERM=dumb disables color"
checks=$((checks + 1))
grep -q "breaking" "$tmp/tty" || fail "the report still shows on a terminal"

# off a terminal: a pipe gets color only when the environment asks
# piped ENV...: runs diff with standard output a file, output in $tmp/tty
piped() {
	env "$@" "$DRIFT_BIN" diff "$ex/schema.yaml" "$ex/live.yaml" \
	    >"$tmp/tty" 2>&1 </dev/null || true
}
piped TERM=xterm
checks=$((checks + 1))
colored && fail "a file gets no color by default"
for e in FORCE_COLOR=1 FORCE_COLOR=true CLICOLOR_FORCE=1 GITHUB_ACTIONS=true \
    GITLAB_CI=true "GITHUB_ACTIONS=true TERM=dumb"; do
	# shellcheck disable=SC2086
	piped $e
	checks=$((checks + 1))
	colored || fail "$e colors a report on standard output"
	# shellcheck disable=SC2086
	piped $e NO_COLOR=1
	checks=$((checks + 1))
	colored && fail "NO_COLOR=1 wins over $e"
done
for e in FORCE_COLOR=0 FORCE_COLOR= CLICOLOR_FORCE=0 GITHUB_ACTIONS=false \
    GITLAB_CI=; do
	piped "$e"
	checks=$((checks + 1))
	colored && fail "$e does not color"
done
# --color never wins over everything; files stay plain; machine formats too
rc=0
env FORCE_COLOR=1 GITHUB_ACTIONS=true "$DRIFT_BIN" diff --color never \
    "$ex/schema.yaml" "$ex/live.yaml" >"$tmp/tty" 2>&1 || rc=$?
checks=$((checks + 1))
colored && fail "--color never wins over FORCE_COLOR"
env FORCE_COLOR=1 "$DRIFT_BIN" diff --format text -o "$tmp/r.txt" --format json \
    -o "$tmp/r.json" "$ex/schema.yaml" "$ex/live.yaml" >"$tmp/tty" 2>&1 || true
checks=$((checks + 1))
grep -q "$esc" "$tmp/r.txt" "$tmp/r.json" && fail "FORCE_COLOR colors a file"
checks=$((checks + 1))
colored || fail "the text log on standard output (reports in files) is colored under FORCE_COLOR"
finish
