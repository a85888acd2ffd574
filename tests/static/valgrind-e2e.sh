#!/bin/sh
# valgrind-e2e.sh: the end-to-end suites with every run of the binary under
# valgrind (tests/e2e/lib.sh's drift()): a memory error or a definite or
# indirect leak makes that run exit 99, which no expectation accepts.
# Suites that run the binary a few hundred times (secrets.sh) or on huge
# generated inputs (limits.sh) call it directly or skip those parts.
# Runs $JOBS suites at a time (default 2); exits 77 without valgrind.
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top"
command -v valgrind >/dev/null 2>&1 || {
	echo "valgrind not found: skipping"
	exit 77
}
make -j"${JOBS:-2}" build/cc/directus-drift >/dev/null
DRIFT_BIN=$top/build/cc/directus-drift
DRIFT_TOP=$top
VALGRIND="valgrind --errors-for-leak-kinds=definite,indirect"
export DRIFT_BIN DRIFT_TOP VALGRIND
log=$top/build/valgrind-e2e
rm -rf "$log"
mkdir -p "$log"
# one suite: its output in $log/NAME.log, its status in $log/NAME.rc
ls tests/e2e/*.sh | grep -v '/lib\.sh$' | xargs -P "${JOBS:-2}" -I{} \
    sh -c 'n=$(basename "$1" .sh); rc=0; sh "$1" >"$2/$n.log" 2>&1 ||
        rc=$?; echo "$rc" >"$2/$n.rc"' sh {} "$log"
fail=0
for rcf in "$log"/*.rc; do
	n=$(basename "$rcf" .rc)
	rc=$(cat "$rcf")
	case $rc in
	0) echo "ok: $n" ;;
	77) echo "skipped: $n" ;;
	*) echo "FAILED: $n (exit $rc)"; tail -20 "$log/$n.log"; fail=1 ;;
	esac
done
exit $fail
