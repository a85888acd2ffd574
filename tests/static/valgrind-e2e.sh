#!/bin/sh
# valgrind-e2e.sh: the end-to-end suites with every run of the binary under
# valgrind (tests/e2e/lib.sh's drift()): a memory error or a definite or
# indirect leak makes that run exit 99, which no expectation accepts.
# Suites that run the binary a few hundred times (secrets.sh) or on huge
# generated inputs (limits.sh) call it directly or skip those parts.
# Exits 77 without valgrind.
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top"
command -v valgrind >/dev/null 2>&1 || {
	echo "valgrind not found: skipping"
	exit 77
}
exec make -j"${JOBS:-2}" check-e2e VALGRIND="valgrind --error-exitcode=99 \
--leak-check=full --errors-for-leak-kinds=definite,indirect -q" "$@"
