#!/bin/sh
# make demo: runs directus-drift on the bundled example (fixtures/example:
# a committed schema.yaml and the live.yaml of a drifted instance) and
# shows each command before its output.
#   sh scripts/demo.sh [path/to/directus-drift]
set -u
bin=${1:-./directus-drift}
top=$(cd "$(dirname "$0")/.." && pwd)
ex=fixtures/example
cd "$top" || exit 1
[ -x "$bin" ] || { echo "demo: '$bin' not found: run make first" >&2; exit 1; }

run() {
	printf '\n$ directus-drift %s\n' "$*"
	"$bin" "$@"
	printf '(exit status %d)\n' "$?"
}

run diff "$ex/schema.yaml" "$ex/live.yaml"
run diff --fail-on never --quiet "$ex/schema.yaml" "$ex/live.yaml"
run rules field-type-changed
printf '\n$ directus-drift diff --format json %s %s   (up to "changes")\n' \
    "$ex/schema.yaml" "$ex/live.yaml"
"$bin" diff --format json "$ex/schema.yaml" "$ex/live.yaml" |
    sed -n '1,/"changes"/p'
exit 0
