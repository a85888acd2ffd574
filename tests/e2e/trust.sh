#!/bin/sh
# Reports that never break on real text and never drive a terminal, files
# that are replaced and not written through, and policy edits that lose
# nothing (issue 10: items 1, 17, 18, 19, 20; issue 11: 11, 17, 18).
. "$(dirname "$0")/lib.sh"

ex=$DRIFT_TOP/fixtures/example
formats="text json sarif junit github gitlab markdown"

# valid_utf8 FILE WHAT
valid_utf8() {
	checks=$((checks + 1))
	iconv -f UTF-8 -t UTF-8 "$1" >/dev/null 2>&1 ||
	    fail "$2: not valid UTF-8"
}

# a long French note: the message cuts the value, never inside a character
for pre in x xx; do
	note=$(printf '%s' "$pre"; i=0; while [ $i -lt 60 ]; do printf 'é'; i=$((i + 1)); done)
	sed "67s/note: .*/note: \"$note\"/" "$ex/schema.yaml" >"$tmp/fr.yaml"
	for f in $formats; do
		rc=0
		drift diff --fail-on never --format "$f" "$ex/schema.yaml" \
		    "$tmp/fr.yaml" >"$tmp/out" 2>"$tmp/err" || rc=$?
		expect_rc 0 "$rc" "long multi-byte note ($pre), $f"
		valid_utf8 "$tmp/out" "long multi-byte note ($pre), $f"
	done
done
checks=$((checks + 1))
drift diff --fail-on never --format json "$ex/schema.yaml" "$tmp/fr.yaml" |
    grep -q 'to \\"xxé\(é\)*\.\.\."' ||
    fail "the cut note keeps whole characters"

# terminal controls from a snapshot: shown, never sent as they are
esc=$(printf '\033')
osc="$esc]0;pwned$(printf '\007')"
c1=$(printf '\302\233')      # U+009B CSI
bidi=$(printf '\342\200\256') # U+202E RIGHT-TO-LEFT OVERRIDE
sed '67s/note: .*/note: "a\\x9b31m b\\u202ec"/' "$ex/schema.yaml" >"$tmp/ctl.yaml"
for f in $formats; do
	rc=0
	drift diff --fail-on never --verbose --format "$f" "$ex/schema.yaml" \
	    "$tmp/ctl.yaml" >"$tmp/out" 2>"$tmp/err" || rc=$?
	expect_rc 0 "$rc" "C1 and bidi controls, $f"
	checks=$((checks + 1))
	if grep -q "$c1\|$bidi" "$tmp/out"; then
		fail "C1 or bidi control in the $f report"
	fi
done
checks=$((checks + 1))
drift diff --fail-on never --verbose "$ex/schema.yaml" "$tmp/ctl.yaml" |
    grep -q 'a\\u009b31m b\\u202ec' || fail "text report shows \\u009b and \\u202e"
checks=$((checks + 1))
drift diff --fail-on never --format json "$ex/schema.yaml" "$tmp/ctl.yaml" |
    python3 -c 'import json,sys
d=json.load(sys.stdin)
assert any(c["new"] == "a\u009b31m b\u202ec" for c in d["changes"]), "value kept"' ||
    fail "JSON keeps the value (escaped, not changed)"

# a collection name with a line feed cannot start a workflow command line
# when the JUnit report is printed in a CI log
sed 's/^  - collection: articles$/  - collection: "articles\\n::error::pwned"/' \
    "$ex/live.yaml" >"$tmp/nl.yaml"
for f in $formats; do
	rc=0
	drift diff --format "$f" "$ex/schema.yaml" "$tmp/nl.yaml" \
	    >"$tmp/out" 2>"$tmp/err" || rc=$?
	checks=$((checks + 1))
	if grep -q '^ *::error::pwned' "$tmp/out"; then
		fail "a snapshot name starts a log line in the $f report"
	fi
done

# stderr: an OSC sequence (and C1, bidi) from a committed file is shown
# escaped in the message that quotes it
printf 'fail-on: "x\\e]0;pwned\\a\\u009b\\u202e"\n' >"$tmp/osc.yaml"
rc=0
drift diff --config "$tmp/osc.yaml" "$ex/schema.yaml" "$ex/schema.yaml" \
    >"$tmp/out" 2>"$tmp/err" || rc=$?
expect_rc 3 "$rc" "bad fail-on"
checks=$((checks + 1))
if grep -q "$esc\\|$c1\\|$bidi" "$tmp/err"; then
	fail "terminal control on stderr: $(cat -v "$tmp/err")"
fi
checks=$((checks + 1))
grep -q 'level "x\\x1b\]0;pwned\\x07\\u009b\\u202e"$' "$tmp/err" ||
    fail "escaped message: $(cat "$tmp/err")"
printf 'collections: []\nfields: []\nrelations: []\nversion: 1\ndirectus: "1\033]0;x\007"\n' >"$tmp/osc2.yaml"
cp "$tmp/osc2.yaml" "$tmp/o$esc]0;x.yaml"
rc=0
drift diff "$tmp/o$esc]0;x.yaml" "$tmp/missing$esc[2J.yaml" >"$tmp/out" 2>"$tmp/err" || rc=$?
expect_rc 3 "$rc" "missing snapshot"
checks=$((checks + 1))
if grep -q "$esc" "$tmp/err"; then
	fail "escape character on stderr (file name): $(cat -v "$tmp/err")"
fi

# -o FILE: a symbolic link at the destination is refused, never written
# through; the mode of a file being replaced is kept
mkdir "$tmp/o"
printf 'private\n' >"$tmp/o/secret"
chmod 600 "$tmp/o/secret"
ln -s secret "$tmp/o/report.json"
rc=0
drift diff --format json -o "$tmp/o/report.json" "$ex/schema.yaml" \
    "$ex/live.yaml" >"$tmp/out" 2>"$tmp/err" || rc=$?
expect_rc 5 "$rc" "-o through a symbolic link"
printf 'private\n' >"$tmp/want"
expect_file "$tmp/want" "$tmp/o/secret" "the link's target is untouched"
checks=$((checks + 1))
grep -q "^directus-drift: refusing to write report '$tmp/o/report.json': it is a symbolic link (to 'secret')$" \
    "$tmp/err" || fail "symbolic link message: $(cat "$tmp/err")"
checks=$((checks + 1))
[ -L "$tmp/o/report.json" ] || fail "the link stays"
rc=0
drift diff --format json -o "$tmp/o/secret" "$ex/schema.yaml" \
    "$ex/live.yaml" >"$tmp/out" 2>"$tmp/err" || rc=$?
expect_rc 1 "$rc" "-o over a 0600 file"
checks=$((checks + 1))
[ "$(stat -c %a "$tmp/o/secret")" = 600 ] ||
    fail "a 0600 report became $(stat -c %a "$tmp/o/secret")"
checks=$((checks + 1))
[ "$(ls -A "$tmp/o" | wc -l)" = 2 ] || fail "temporary files left: $(ls -A "$tmp/o")"
# /dev/stdout is a link too: written in place
rc=0
drift diff --format json -o /dev/stdout "$ex/schema.yaml" "$ex/live.yaml" \
    >"$tmp/out" 2>"$tmp/err" || rc=$?
expect_rc 1 "$rc" "-o /dev/stdout"
checks=$((checks + 1))
grep -q '"report_version"' "$tmp/out" || fail "-o /dev/stdout wrote nothing"

# -o - is standard output, not a file named "-"
mkdir "$tmp/dash"
rc=0
(cd "$tmp/dash" && exec "$DRIFT_BIN" diff --format json -o - \
    "$ex/schema.yaml" "$ex/live.yaml") >"$tmp/out" 2>"$tmp/err" || rc=$?
expect_rc 1 "$rc" "-o -"
checks=$((checks + 1))
[ ! -e "$tmp/dash/-" ] || fail "-o - wrote a file named -"
checks=$((checks + 1))
grep -q '"report_version"' "$tmp/out" || fail "-o - wrote nothing to standard output"
rc=0
drift diff --format json -o - --format sarif -o - "$ex/schema.yaml" \
    "$ex/live.yaml" >"$tmp/out" 2>"$tmp/err" || rc=$?
expect_rc 2 "$rc" "two reports to -o -"

# accept: a symbolic link is refused; a 0600 policy stays 0600
mkdir "$tmp/acc"
printf 'fail-on: breaking\n' >"$tmp/acc/real.yaml"
chmod 600 "$tmp/acc/real.yaml"
ln -s real.yaml "$tmp/acc/link.yaml"
rc=0
drift accept --config "$tmp/acc/link.yaml" --reason ok 5f2c9a01b3d4 \
    >"$tmp/out" 2>"$tmp/err" || rc=$?
expect_rc 5 "$rc" "accept through a symbolic link"
printf 'fail-on: breaking\n' >"$tmp/want"
expect_file "$tmp/want" "$tmp/acc/real.yaml" "accept: the link's target is untouched"
rc=0
drift accept --config "$tmp/acc/real.yaml" --reason ok 5f2c9a01b3d4 \
    >"$tmp/out" 2>"$tmp/err" || rc=$?
expect_rc 0 "$rc" "accept into a 0600 file"
checks=$((checks + 1))
[ "$(stat -c %a "$tmp/acc/real.yaml")" = 600 ] ||
    fail "accept: a 0600 policy became $(stat -c %a "$tmp/acc/real.yaml")"

# twenty accepts at once: every entry is kept
mkdir "$tmp/many"
: >"$tmp/many/p.yaml"
i=0
while [ $i -lt 20 ]; do
	id=$(printf 'aaaaaaaaaa%02d' $i)
	drift accept --config "$tmp/many/p.yaml" --reason "run $i" "$id" \
	    >/dev/null 2>"$tmp/many/err.$i" &
	i=$((i + 1))
done
wait
i=0
while [ $i -lt 20 ]; do
	checks=$((checks + 1))
	grep -q "^  - id: \"$(printf 'aaaaaaaaaa%02d' $i)\"$" "$tmp/many/p.yaml" ||
	    fail "concurrent accept $i lost its entry"
	i=$((i + 1))
done
checks=$((checks + 1))
[ "$(grep -c 'reason: "run' "$tmp/many/p.yaml")" = 20 ] ||
    fail "concurrent accepts: $(grep -c 'reason' "$tmp/many/p.yaml") of 20 entries"

# accept: a blank reason and a date already past are usage errors
rc=0
drift accept --config "$tmp/acc/real.yaml" --reason '  	 ' 5f2c9a01b3d5 \
    >"$tmp/out" 2>"$tmp/err" || rc=$?
expect_rc 2 "$rc" "accept --reason blanks"
checks=$((checks + 1))
grep -q "needs a reason, not blanks" "$tmp/err" || fail "blank reason message: $(cat "$tmp/err")"
rc=0
drift accept --config "$tmp/acc/real.yaml" --reason ok --expires 2020-01-01 \
    5f2c9a01b3d5 >"$tmp/out" 2>"$tmp/err" || rc=$?
expect_rc 2 "$rc" "accept --expires in the past"
checks=$((checks + 1))
grep -q "^directus-drift: --expires 2020-01-01 is in the past" "$tmp/err" ||
    fail "past date message: $(cat "$tmp/err")"
checks=$((checks + 1))
grep -q 5f2c9a01b3d5 "$tmp/acc/real.yaml" && fail "a refused accept was written"

# the policy file: 0x ids, blank reasons and invalid globs are errors
# with file:line:col, not silently something else
# policy_case TEXT WANT-MESSAGE
policy_case() {
	printf "$1" >"$tmp/pol.yaml"
	rc=0
	drift diff --config "$tmp/pol.yaml" "$ex/schema.yaml" "$ex/live.yaml" \
	    >"$tmp/out" 2>"$tmp/err" || rc=$?
	expect_rc 3 "$rc" "policy: $2"
	checks=$((checks + 1))
	grep -q "^directus-drift: $tmp/pol.yaml:$2" "$tmp/err" ||
	    fail "policy message: $(cat "$tmp/err"), expected $2"
}
policy_case 'accept:\n  - id: 0x5f2c9a01b3\n    reason: x\n' \
    '2:9: malformed change id: a number that is not 12 digits'
policy_case 'accept:\n  - id: 0o12345670123\n    reason: x\n' \
    '2:9: malformed change id'
policy_case 'accept:\n  - id: "5f2c9a01b3d4"\n    reason: "  "\n' \
    '3:13: "reason" is blank'
policy_case 'ignore:\n  - collection: "art[icles"\n' \
    "2:17: invalid pattern \"art\\[icles\": '\\[' is never closed by ']'"
policy_case 'ignore:\n  - field: "articles.x\\\\"\n' \
    '2:12: invalid pattern "articles.x\\": it ends with a lone backslash'
# a plain 12-digit id still reads as its digits
printf 'accept:\n  - id: 012345678901\n    reason: x\n' >"$tmp/pol.yaml"
rc=0
drift diff --config "$tmp/pol.yaml" "$ex/schema.yaml" "$ex/live.yaml" \
    >"$tmp/out" 2>"$tmp/err" || rc=$?
expect_rc 1 "$rc" "a 12-digit id"
checks=$((checks + 1))
grep -q "accept entry 012345678901 (.*) matches no change" "$tmp/out" ||
    fail "12-digit id: $(cat "$tmp/out")"

# a severity override shows in the text report with the policy's line; an
# expired acceptance has its own status in JSON and shows in text
printf 'fail-on: never\n# override\nseverity:\n  field-unique-added: breaking\naccept:\n  - id: "b152997cd87f"\n    reason: "views go"\n    expires: 2020-01-31\n' \
    >"$tmp/ovr.yaml"
rc=0
drift diff --config "$tmp/ovr.yaml" "$ex/schema.yaml" "$ex/live.yaml" \
    >"$tmp/out" 2>"$tmp/err" || rc=$?
expect_rc 1 "$rc" "override and expired acceptance"
checks=$((checks + 1))
grep -q "^  breaking   .*(.*field-unique-added) (dangerous -> breaking by $tmp/ovr.yaml:4)$" \
    "$tmp/out" || fail "override not shown: $(grep unique "$tmp/out")"
checks=$((checks + 1))
grep -q "^  breaking   .*field-removed) (acceptance expired on 2020-01-31, $tmp/ovr.yaml:6:5)$" \
    "$tmp/out" || fail "expired acceptance not shown: $(grep views "$tmp/out")"
rc=0
drift diff --config "$tmp/ovr.yaml" --format json "$ex/schema.yaml" \
    "$ex/live.yaml" >"$tmp/ovr.json" 2>"$tmp/err" || rc=$?
expect_rc 1 "$rc" "expired acceptance, JSON"
checks=$((checks + 1))
python3 - "$tmp/ovr.json" <<'PY' || fail "JSON: expired status"
import json, sys
d = json.load(open(sys.argv[1]))
c = [c for c in d["changes"] if c["id"] == "b152997cd87f"][0]
assert c["status"] == "expired", c["status"]
assert c["reason"].startswith("acceptance expired on 2020-01-31, "), c["reason"]
assert d["failed"] is True
PY

# the schema keeps its promise: a report with a key added at every level
# (tomorrow's report) validates against today's schema
if python3 -c 'import jsonschema' 2>/dev/null; then
	checks=$((checks + 1))
	python3 - "$DRIFT_TOP/schema/report.schema.json" "$tmp/ovr.json" <<'PY' ||
import json, sys
import jsonschema
schema = json.load(open(sys.argv[1]))
v = jsonschema.Draft202012Validator(schema)
doc = json.load(open(sys.argv[2]))
def grow(o, n=[0]):
    if isinstance(o, dict):
        for k in list(o):
            grow(o[k])
        n[0] += 1
        o["x_added_later_%d" % n[0]] = {"any": ["thing"]}
    elif isinstance(o, list):
        for e in o:
            grow(e)
    return n[0]
errs = list(v.iter_errors(doc))
assert not errs, errs[0].message
count = grow(doc)
assert count >= 20, count
errs = list(v.iter_errors(doc))
for e in errs[:5]:
    print("%s at %s" % (e.message, list(e.absolute_path)))
sys.exit(1 if errs else 0)
PY
	    fail "a report with added keys does not validate"
fi

# a vendor mismatch says what it turns off in the summary line (text and
# Markdown), not only in a note; with no change at all too
sed 's/^vendor: postgres$/vendor: sqlite/' "$ex/live.yaml" >"$tmp/sqlite.yaml"
sed 's/^vendor: postgres$/vendor: sqlite/' "$ex/schema.yaml" >"$tmp/sqlite-same.yaml"
rc=0
drift diff "$ex/schema.yaml" "$tmp/sqlite.yaml" >"$tmp/out" 2>"$tmp/err" || rc=$?
expect_rc 1 "$rc" "vendor mismatch"
checks=$((checks + 1))
grep -q '^3 breaking, .*; data types, defaults and lengths not compared: different database vendors (postgres and sqlite)$' \
    "$tmp/out" || fail "vendor mismatch not in the summary line: $(tail -3 "$tmp/out")"
rc=0
drift diff "$ex/schema.yaml" "$tmp/sqlite-same.yaml" >"$tmp/out" 2>"$tmp/err" || rc=$?
expect_rc 0 "$rc" "vendor mismatch, no changes"
checks=$((checks + 1))
grep -q '^data types, defaults and lengths not compared: different database vendors (postgres and sqlite)$' \
    "$tmp/out" || fail "vendor mismatch, no changes: $(cat "$tmp/out")"
rc=0
drift diff --format markdown "$ex/schema.yaml" "$tmp/sqlite.yaml" >"$tmp/out" 2>"$tmp/err" || rc=$?
expect_rc 1 "$rc" "vendor mismatch, Markdown"
checks=$((checks + 1))
grep -q '^:warning: \*\*Data types, defaults and lengths were not compared\*\*: the sides come from different database vendors (postgres and sqlite)\.$' \
    "$tmp/out" || fail "vendor mismatch not in the Markdown summary"
checks=$((checks + 1))
drift diff "$ex/schema.yaml" "$ex/live.yaml" | grep -q "not compared" &&
    fail "same vendors: nothing said"

# GitHub: the summary first; 10 annotations of a level at most, the last
# saying how many more are in the log; every change is still there
python3 - "$tmp/gh-old.json" "$tmp/gh-new.json" <<'PY'
import json, sys
def snap(nfields, vendor="postgres"):
    fields = [{"collection": "c", "field": "f%02d" % i, "type": "string",
               "meta": {"collection": "c", "field": "f%02d" % i,
                        "note": None},
               "schema": {"name": "f%02d" % i, "table": "c",
                          "data_type": "varchar", "max_length": 255,
                          "is_nullable": True}} for i in range(nfields)]
    return {"version": 1, "directus": "11.17.4", "vendor": vendor,
            "collections": [{"collection": "c",
                             "meta": {"collection": "c", "note": None},
                             "schema": {"name": "c"}}],
            "fields": fields, "systemFields": [], "relations": []}
json.dump(snap(25), open(sys.argv[1], "w"))
new = snap(25)
new["fields"] = new["fields"][:5]
for f in new["fields"]:
    f["schema"]["max_length"] = 10
json.dump(new, open(sys.argv[2], "w"))
PY
rc=0
drift diff --format github "$tmp/gh-old.json" "$tmp/gh-new.json" \
    >"$tmp/gh.out" 2>"$tmp/err" || rc=$?
expect_rc 1 "$rc" "github: many changes"
checks=$((checks + 1))
head -1 "$tmp/gh.out" | grep -q '^::notice title=directus-drift::.* 20 breaking, 5 dangerous' ||
    fail "github: the summary is not first: $(head -1 "$tmp/gh.out")"
checks=$((checks + 1))
[ "$(grep -c '^::error' "$tmp/gh.out")" = 10 ] ||
    fail "github: $(grep -c '^::error' "$tmp/gh.out") error annotations"
checks=$((checks + 1))
grep -q '^::error title=directus-drift::11 more breaking changes are not annotated' \
    "$tmp/gh.out" || fail "github: no line saying how many were left out"
checks=$((checks + 1))
[ "$(grep -c '^::warning' "$tmp/gh.out")" = 5 ] ||
    fail "github: $(grep -c '^::warning' "$tmp/gh.out") warnings, expected 5"
checks=$((checks + 1))
[ "$(grep -c '^directus-drift: field-removed (breaking): ' "$tmp/gh.out")" = 11 ] ||
    fail "github: the left-out changes are not in the log"
checks=$((checks + 1))
[ "$(grep -c '\[id [0-9a-f]*\]' "$tmp/gh.out")" = 25 ] ||
    fail "github: not every change is in the report"
# --annotate never: only the summary is a command; safe: notices too
rc=0
drift diff --format github --annotate never "$ex/schema.yaml" "$ex/live.yaml" \
    >"$tmp/gh.out" 2>"$tmp/err" || rc=$?
expect_rc 1 "$rc" "github --annotate never"
checks=$((checks + 1))
[ "$(grep -c '^::' "$tmp/gh.out")" = 1 ] || fail "--annotate never annotates"
rc=0
drift diff --format github --annotate safe "$ex/schema.yaml" "$ex/live.yaml" \
    >"$tmp/gh.out" 2>"$tmp/err" || rc=$?
checks=$((checks + 1))
[ "$(grep -c '^::notice file=.*(safe)::' "$tmp/gh.out")" = 5 ] ||
    fail "--annotate safe: $(grep -c '^::notice file=' "$tmp/gh.out") notices"
checks=$((checks + 1))
grep -q '^directus-drift: field-meta-changed (cosmetic)' "$tmp/gh.out" ||
    fail "--annotate safe: cosmetic changes are not in the log"
rc=0
drift diff --format github --annotate sometimes "$ex/schema.yaml" \
    "$ex/live.yaml" >"$tmp/gh.out" 2>"$tmp/err" || rc=$?
expect_rc 2 "$rc" "--annotate with a bad level"

# a report larger than REPORT_SPILL_AT (1 MiB) goes through a temporary
# file: the same bytes on standard output and in -o FILE, valid JSON
python3 - "$tmp/big-old.json" "$tmp/big-new.json" <<'PY'
import json, sys
def snap(n):
    return {"version": 1, "directus": "11.17.4", "vendor": "postgres",
            "collections": [{"collection": "c",
                             "meta": {"collection": "c", "note": None},
                             "schema": {"name": "c"}}],
            "fields": [{"collection": "c", "field": "f%05d" % i,
                        "type": "string",
                        "meta": {"collection": "c", "field": "f%05d" % i,
                                 "note": "n\u00e9" * 20},
                        "schema": {"name": "f%05d" % i, "table": "c",
                                   "data_type": "varchar",
                                   "max_length": 255, "is_nullable": True}}
                       for i in range(n)],
            "systemFields": [], "relations": []}
json.dump(snap(4000), open(sys.argv[1], "w"))
json.dump(snap(0), open(sys.argv[2], "w"))
PY
for f in json sarif gitlab; do
	rc=0
	drift diff --format "$f" "$tmp/big-old.json" "$tmp/big-new.json" \
	    >"$tmp/big.out" 2>"$tmp/err" || rc=$?
	expect_rc 1 "$rc" "large $f report"
	rc=0
	drift diff --format "$f" -o "$tmp/big.file" "$tmp/big-old.json" \
	    "$tmp/big-new.json" >"$tmp/out" 2>"$tmp/err" || rc=$?
	expect_rc 1 "$rc" "large $f report, -o"
	expect_file "$tmp/big.out" "$tmp/big.file" "large $f report, -o"
	checks=$((checks + 1))
	[ "$(stat -c %s "$tmp/big.file")" -gt 1048576 ] ||
	    fail "large $f report is only $(stat -c %s "$tmp/big.file") bytes"
	checks=$((checks + 1))
	python3 -c 'import json,sys; json.load(open(sys.argv[1]))' \
	    "$tmp/big.file" || fail "large $f report is not JSON"
done

finish
