#!/bin/sh
# Corpus sweep over ../shared/corpus (read-only real snapshots):
#  1. every file loads and, diffed against itself, reports no change (exit 0);
#  2. every JSON report validates against schema/report.schema.json;
#  3. each pair of the corpus README gives the result pinned in
#     tests/corpus/expected/<old>--<new>.txt (one line per change:
#     "severity rule collection field path"), checked by hand.
# Set DRIFT_PIN=1 to rewrite the pinned files (then review the diff!).
set -u
LC_ALL=C
export LC_ALL
top=${DRIFT_TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
bin=${DRIFT_BIN:-$top/directus-drift}
corpus=${DRIFT_CORPUS:-$top/../shared/corpus}
if [ ! -d "$corpus" ]; then
	echo "corpus: $corpus not found, skipping the corpus sweep"
	exit 77
fi
if ! command -v python3 >/dev/null 2>&1; then
	echo "corpus: python3 not found, skipping the corpus sweep"
	exit 77
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
fail=0 n=0

cd "$corpus" || exit 1
for f in *.json *.yaml; do
	[ -f "$f" ] || continue
	name=$(basename "$f")
	n=$((n + 1))
	rc=0
	${VALGRIND:-} "$bin" diff --format json "$f" "$f" >"$tmp/$name.self.json" \
	    2>"$tmp/$name.err" || rc=$?
	if [ "$rc" -ne 0 ]; then
		echo "not ok - $name against itself: exit $rc"
		cat "$tmp/$name.err"
		fail=$((fail + 1))
		continue
	fi
	if [ -s "$tmp/$name.err" ]; then
		echo "not ok - $name against itself wrote to stderr:"
		cat "$tmp/$name.err"
		fail=$((fail + 1))
		continue
	fi
	echo "ok - $name loads and has no change against itself"
done

# pairs from the corpus README: the same project at two commits
pairs="starters-help-center@7325dc4.json starters-help-center@a0d11a4.json
starters-cms@f782b94.json starters-cms@7cd8651.json
bcc-media-cms@d6419c72.yaml bcc-media-cms@7e7efbaf.yaml
bcc-media-cms@7e7efbaf.yaml bcc-media-cms@709f5fa3.yaml
jaa@a62ec18.yaml jaa@09bc615.yaml
jaa@09bc615.yaml jaa@bca37a7.yaml
purebhakti@ad7d793.yaml purebhakti@da272a8.yaml
agencyos@386e97d.json agencyos@2994de8.json
agencyos@2994de8.json agencyos@56e2317.json"

echo "$pairs" | while read -r old new; do
	key="${old%.*}--${new%.*}"
	rc=0
	"$bin" diff --format json --fail-on never "$old" "$new" \
	    >"$tmp/$key.json" 2>"$tmp/$key.err" || rc=$?
	if [ "$rc" -ne 0 ]; then
		echo "not ok - pair $key: exit $rc"
		cat "$tmp/$key.err"
		echo fail >>"$tmp/failed"
		continue
	fi
	python3 "$top/tests/corpus/summarize.py" "$tmp/$key.json" >"$tmp/$key.txt"
	exp="$top/tests/corpus/expected/$key.txt"
	if [ "${DRIFT_PIN:-0}" = 1 ]; then
		cp "$tmp/$key.txt" "$exp"
		echo "pinned - $key"
	elif [ ! -f "$exp" ]; then
		echo "not ok - pair $key: no pinned expectation $exp"
		echo fail >>"$tmp/failed"
	elif ! diff -u "$exp" "$tmp/$key.txt"; then
		echo "not ok - pair $key differs from its pinned result"
		echo fail >>"$tmp/failed"
	else
		echo "ok - pair $key gives its pinned result"
	fi
done
[ -f "$tmp/failed" ] && fail=$((fail + $(wc -l <"$tmp/failed")))

# every report, self and pairs, validates against the schema
if python3 -c 'import jsonschema' 2>/dev/null; then
	if python3 "$top/tests/validate_report.py" "$top/schema/report.schema.json" \
	    "$tmp"/*.json; then
		echo "ok - every report validates against the JSON Schema"
	else
		echo "not ok - reports do not validate"
		fail=$((fail + 1))
	fi
else
	echo "not ok - python3-jsonschema missing (scripts/install-deps.sh)"
	fail=$((fail + 1))
fi
echo "corpus: $n files, $fail failures"
[ "$fail" -eq 0 ]
