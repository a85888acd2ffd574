#!/bin/sh
# cppcheck.sh: static analysis of src/ with zero findings allowed; every
# suppression is in tests/static/cppcheck.supp with its reason (or inline,
# "cppcheck-suppress id" on the line before, with a comment saying why).
# Exits 0 clean, 1 on findings, 77 when cppcheck is missing.
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top"
command -v cppcheck >/dev/null 2>&1 || {
	echo "cppcheck not found: skipping"
	exit 77
}
exec cppcheck --enable=warning,style,performance,portability \
    --error-exitcode=1 --inline-suppr --quiet --std=c11 -Iinclude \
    $(pkg-config --cflags-only-I yaml-0.1 jansson libcurl 2>/dev/null) \
    --suppress=missingIncludeSystem \
    --suppressions-list=tests/static/cppcheck.supp \
    --template='{file}:{line}:{column}: {severity}: {message} [{id}]' \
    -j "${JOBS:-2}" src/
