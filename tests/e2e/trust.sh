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
    grep -q 'to \\"xxéééééééééééééééééééééééééééééééééééééé\.\.\."' ||
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

finish
