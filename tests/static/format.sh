#!/bin/sh
# format.sh: every C file of src/, include/, tests/unit, tests/fuzz and
# tests/shim is as clang-format (with the committed .clang-format) would
# write it.  Fix with: clang-format -i FILE...
# Exits 0 clean, 1 with the files that differ, 77 without clang-format.
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top"
cf=${CLANG_FORMAT:-clang-format}
command -v "$cf" >/dev/null 2>&1 || {
	echo "$cf not found: skipping"
	exit 77
}
files=$(find src include tests/unit tests/fuzz tests/shim -name '*.[ch]' \
    | LC_ALL=C sort)
bad=0
for f in $files; do
	if ! "$cf" --dry-run -Werror "$f" >/dev/null 2>&1; then
		echo "not clang-format clean: $f"
		bad=$((bad + 1))
	fi
done
echo "format: $(echo "$files" | wc -l) files, $bad not clean"
[ "$bad" -eq 0 ]
