#!/bin/sh
# e2e: the SARIF report validates against the official SARIF 2.1.0 JSON
# Schema (OASIS, final "rtm.5" revision, as published on SchemaStore).
#
# The schema is not kept in the repository: it is taken from the npm
# package @microsoft/jest-sarif (Microsoft's SARIF matchers, which ship it
# as lib/schemas/sarif-2.1.0-rtm.5.json), fetched with "npm pack" (no
# dependencies installed, no scripts run) into build/sarif-schema/ once and
# reused.  Skips (77) when npm, the registry or python3-jsonschema is not
# available.  A deliberately broken report must fail the validation, so a
# validator that accepts everything cannot pass this test.
set -u
top=${DRIFT_TOP:?}
bin=${DRIFT_BIN:?}
cd "$top" || exit 1
pkg=@microsoft/jest-sarif@1.0.0-beta.0
cache=build/sarif-schema
schema=$cache/sarif-2.1.0-rtm.5.json
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT

py=""
for p in /usr/bin/python3 python3; do
	if command -v "$p" >/dev/null 2>&1 &&
	    "$p" -c 'import jsonschema' 2>/dev/null; then
		py=$p
		break
	fi
done
if [ -z "$py" ]; then
	echo "sarif_schema: skipped: python3 with jsonschema is missing" \
	    "(Debian: python3-jsonschema)"
	exit 77
fi

if [ ! -s "$schema" ]; then
	if ! command -v npm >/dev/null 2>&1; then
		echo "sarif_schema: skipped: npm is missing, cannot fetch $pkg"
		exit 77
	fi
	mkdir -p "$cache" || exit 1
	if ! (cd "$tmp" && timeout 120 npm pack --silent "$pkg" \
	    >"$tmp/pack.log" 2>&1); then
		echo "sarif_schema: skipped: the npm registry is unreachable" \
		    "(npm pack $pkg failed):"
		tail -3 "$tmp/pack.log"
		exit 77
	fi
	tar -xzf "$tmp"/microsoft-jest-sarif-*.tgz -C "$tmp" \
	    package/lib/schemas/sarif-2.1.0-rtm.5.json || exit 1
	mv "$tmp/package/lib/schemas/sarif-2.1.0-rtm.5.json" "$schema" ||
	    exit 1
fi

dir=fixtures/formats
"$bin" diff --format sarif "$dir/old.yaml" "$dir/new.yaml" >"$tmp/a.sarif"
[ $? -eq 1 ] || { echo "FAIL: sarif: exit status not 1"; exit 1; }
"$bin" diff --format sarif "$dir/old.yaml" "$dir/old.yaml" >"$tmp/b.sarif"
[ $? -eq 0 ] || { echo "FAIL: sarif: exit status not 0"; exit 1; }
set --
corpus=../shared/corpus
if [ -f "$corpus/bcc-media-cms@709f5fa3.yaml" ] &&
    [ -f "$corpus/bcc-media-cms@d6419c72.yaml" ]; then
	"$bin" diff --format sarif "$corpus/bcc-media-cms@709f5fa3.yaml" \
	    "$corpus/bcc-media-cms@d6419c72.yaml" >"$tmp/c.sarif"
	rc=$?
	[ "$rc" -le 1 ] || { echo "FAIL: sarif on the corpus: exit $rc"; exit 1; }
	set -- "$tmp/c.sarif"
else
	echo "sarif_schema: corpus absent: validating the fixtures only"
fi

"$py" - "$schema" "$tmp/a.sarif" "$tmp/b.sarif" "$@" <<'EOF'
import copy, json, sys
import jsonschema

schema = json.load(open(sys.argv[1]))
v = jsonschema.Draft4Validator(schema)
bad = 0
for path in sys.argv[2:]:
    doc = json.load(open(path))
    errs = list(v.iter_errors(doc))
    for e in errs[:10]:
        print("FAIL: %s: %s: %s" % (path, "/".join(map(str, e.path)),
                                    e.message))
    bad += bool(errs)
    print("sarif_schema: %s: %d results, %s" % (
        path, len(doc["runs"][0]["results"]),
        "valid" if not errs else "INVALID"))
# the validator must see a broken report
doc = json.load(open(sys.argv[2]))
broken = copy.deepcopy(doc)
broken["runs"][0]["results"][0]["level"] = "fatal"
if not list(v.iter_errors(broken)):
    print("FAIL: the validator accepts a result with level 'fatal'")
    bad += 1
broken = copy.deepcopy(doc)
broken["runs"][0]["results"][0]["locations"][0]["physicalLocation"][
    "region"]["startLine"] = 0
if not list(v.iter_errors(broken)):
    print("FAIL: the validator accepts startLine 0")
    bad += 1
sys.exit(1 if bad else 0)
EOF
