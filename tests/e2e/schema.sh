#!/bin/sh
# Every JSON report among the fixture goldens, and a few fresh ones,
# validate against schema/report.schema.json (python3-jsonschema).
. "$(dirname "$0")/lib.sh"

python3 -c 'import jsonschema' 2>/dev/null ||
    { echo "python3-jsonschema: not installed"; exit 77; }
ex=$DRIFT_TOP/fixtures/example
n=0
for d in "$DRIFT_TOP"/fixtures/e2e/*/; do
	grep -q -- '--format[ =]json' "$d/args" 2>/dev/null || continue
	[ -s "$d/expected.out" ] || continue
	# the JSON report went to a file: standard output has the text one
	[ "$(head -c 1 "$d/expected.out")" = "{" ] || continue
	cp "$d/expected.out" "$tmp/report-$n.json"
	n=$((n + 1))
done
rc=0
drift diff --format json -v --fail-on any "$ex/schema.yaml" "$ex/live.yaml" \
    >"$tmp/report-$n.json" || rc=$?
expect_rc 1 "$rc" "fresh report"
n=$((n + 1))
for c in "$DRIFT_TOP"/../shared/corpus/jaa@09bc615.yaml; do
	[ -f "$c" ] || break
	rc=0
	drift diff --format json "$c" "$DRIFT_TOP/../shared/corpus/jaa@a62ec18.yaml" \
	    >"$tmp/report-$n.json" || rc=$?
	expect_rc 1 "$rc" "corpus report (notes, folded collections)"
	n=$((n + 1))
done
checks=$((checks + 1))
python3 - "$DRIFT_TOP/schema/report.schema.json" "$tmp"/report-*.json <<'PY' ||
import json, sys
import jsonschema
schema = json.load(open(sys.argv[1]))
jsonschema.Draft202012Validator.check_schema(schema)
v = jsonschema.Draft202012Validator(schema)
bad = 0
for path in sys.argv[2:]:
    for e in v.iter_errors(json.load(open(path))):
        print("%s: %s at %s" % (path, e.message, list(e.absolute_path)))
        bad += 1
sys.exit(1 if bad else 0)
PY
    fail "reports do not validate"
checks=$((checks + 1))
[ "$n" -ge 5 ] || fail "only $n reports validated"
finish
