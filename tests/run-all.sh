#!/bin/sh
# Runs every test layer and prints one closing line:
#   check: N passed, N failed, N skipped
# A suite that exits 77 is skipped (it must say why); any other non-zero
# exit is a failure.  DRIFT_ONLY=unit|e2e|corpus|types|man runs one layer.
set -u
LC_ALL=C
export LC_ALL
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
: "${DRIFT_BIN:=$top/directus-drift}"
: "${DRIFT_UNIT_DIR:=$top/build/cc/tests}"
: "${DRIFT_ONLY:=}"
export DRIFT_BIN DRIFT_TOP="$top"
# the goldens are uncolored: a CI runner's own settings must not color them
unset FORCE_COLOR CLICOLOR_FORCE GITHUB_ACTIONS GITLAB_CI 2>/dev/null || true
pass=0 fail=0 skip=0 failed=""

run_suite() {
	name=$1
	shift
	printf '=== %s\n' "$name"
	"$@"
	rc=$?
	case $rc in
	0) pass=$((pass + 1)) ;;
	77) skip=$((skip + 1)); printf -- '--- skipped: %s\n' "$name" ;;
	*) fail=$((fail + 1)); failed="$failed $name"
	   printf -- '--- FAILED: %s (exit %s)\n' "$name" "$rc" ;;
	esac
}

want() { [ -z "$DRIFT_ONLY" ] || [ "$DRIFT_ONLY" = "$1" ]; }

if want unit; then
	for t in "$DRIFT_UNIT_DIR"/test_*; do
		[ -x "$t" ] || continue
		run_suite "unit/$(basename "$t")" "$t"
	done
fi
if want e2e; then
	for t in "$here"/e2e/*.sh; do
		[ -f "$t" ] || continue
		run_suite "e2e/$(basename "$t" .sh)" sh "$t"
	done
fi
if want corpus; then
	for t in "$here"/corpus/*.sh; do
		[ -f "$t" ] || continue
		run_suite "corpus/$(basename "$t" .sh)" sh "$t"
	done
fi
if want types; then
	# tsc over the generated types (skips, exit 77, without npm)
	run_suite "types/tsc" sh "$here/types/run.sh"
fi
if want man; then
	for m in "$top"/man/*.[1-9]; do
		[ -f "$m" ] || continue
		run_suite "man/lint $(basename "$m")" mandoc -Tlint -Wwarning "$m"
	done
fi

printf '\n'
[ -n "$failed" ] && printf 'failed suites:%s\n' "$failed"
printf 'check: %d passed, %d failed, %d skipped\n' "$pass" "$fail" "$skip"
[ "$fail" -eq 0 ]
