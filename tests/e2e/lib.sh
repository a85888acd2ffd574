# tests/e2e/lib.sh: sourced by every end-to-end suite.
#
#   DRIFT_BIN   the binary under test (set by tests/run-all.sh)
#   DRIFT_TOP   the top of the repository
#   VALGRIND    when set (to the valgrind command), every run of the
#               binary goes through it; a memory error or leak makes the
#               run exit 99, which no golden expects
#   DRIFT_E2E_UPDATE=1  rewrite the golden files of fixture cases from
#               what the binary does now (review the diff before commit)
#
# Never pipe the tool's output; assert exact exit codes.
set -eu
LC_ALL=C
export LC_ALL
unset NO_COLOR DIRECTUS_URL DIRECTUS_TOKEN FORCE_COLOR CLICOLOR_FORCE \
    GITHUB_ACTIONS GITLAB_CI 2>/dev/null || true
TERM=dumb
export TERM

: "${DRIFT_TOP:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${DRIFT_BIN:=$DRIFT_TOP/directus-drift}"
: "${VALGRIND:=}"
: "${DRIFT_E2E_UPDATE:=}"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/drift-e2e.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM

failures=0
checks=0

# drift ARGS...: runs the binary (under $VALGRIND when set)
drift() {
	if [ -n "$VALGRIND" ]; then
		$VALGRIND -q --error-exitcode=99 --leak-check=full \
		    "$DRIFT_BIN" "$@"
	else
		"$DRIFT_BIN" "$@"
	fi
}

fail() {
	printf 'FAIL: %s\n' "$*"
	failures=$((failures + 1))
}

# expect_rc WANT GOT WHAT
expect_rc() {
	checks=$((checks + 1))
	[ "$1" = "$2" ] || fail "$3: exit status $2, expected $1"
}

# expect_file WANT-FILE GOT-FILE WHAT: exact comparison, diff on failure
expect_file() {
	checks=$((checks + 1))
	if ! cmp -s "$1" "$2"; then
		fail "$3: $(basename "$1") differs"
		diff -u "$1" "$2" || true
	fi
}

# run_case DIR: one fixture case (see fixtures/e2e/README)
run_case() {
	src=$1
	name=$(basename "$src")
	work=$tmp/cases/$name
	mkdir -p "$work"
	cp -R "$src"/. "$work"/
	[ -d "$tmp/cases/example" ] || cp -R "$DRIFT_TOP/fixtures/example" \
	    "$tmp/cases/example"
	[ -d "$tmp/cases/_shared" ] || cp -R "$DRIFT_TOP/fixtures/e2e/_shared" \
	    "$tmp/cases/_shared"
	in=/dev/null
	[ -f "$work/stdin" ] && in=$work/stdin
	args=$(cat "$work/args")
	rc=0
	(
		cd "$work"
		if [ -f env ]; then
			set -a
			. ./env
			set +a
		fi
		eval "set -- $args"
		drift "$@" <"$in" >"$work/.out" 2>"$work/.err"
	) || rc=$?
	if [ -n "$DRIFT_E2E_UPDATE" ]; then
		cp "$work/.out" "$src/expected.out"
		cp "$work/.err" "$src/expected.err"
		echo "$rc" >"$src/expected.rc"
		return 0
	fi
	expect_rc "$(cat "$src/expected.rc")" "$rc" "$name"
	expect_file "$src/expected.out" "$work/.out" "$name"
	expect_file "$src/expected.err" "$work/.err" "$name"
	if [ -f "$src/after.sh" ]; then
		checks=$((checks + 1))
		(cd "$work" && sh ./after.sh) || fail "$name: after.sh failed"
	fi
}

# finish: the suite's exit status
finish() {
	printf '%s: %d checks, %d failed\n' "$(basename "$0" .sh)" \
	    "$checks" "$failures"
	[ "$failures" -eq 0 ]
}
