#!/bin/sh
# --color auto on a terminal (script(1) provides one): NO_COLOR and
# TERM=dumb turn color off; pipes and files never get color.
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
finish
