#!/bin/sh
# e2e: the CI report formats (sarif, junit, github, gitlab, markdown) on a
# small fixture pair: golden outputs, exit statuses, the same findings as
# the JSON report, and the shapes the consumers read (JUnit for GitLab and
# Jenkins, GitLab Code Quality).  The SARIF schema check is in
# sarif_schema.sh.  UPDATE_GOLDEN=1 rewrites the golden files.
set -u
top=${DRIFT_TOP:?}
bin=${DRIFT_BIN:?}
cd "$top" || exit 1
dir=fixtures/formats
old=$dir/old.yaml
new=$dir/new.yaml
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
fails=0

fail() {
	printf 'FAIL: %s\n' "$*"
	fails=$((fails + 1))
}

py=""
for p in /usr/bin/python3 python3; do
	if command -v "$p" >/dev/null 2>&1; then
		py=$p
		break
	fi
done

# golden outputs, and the exit status (1: a breaking change)
for f in sarif:sarif junit:junit.xml github:github gitlab:gitlab.json \
    markdown:md json:json; do
	fmt=${f%%:*}
	ext=${f#*:}
	"$bin" diff --format "$fmt" "$old" "$new" >"$tmp/out.$ext" \
	    2>"$tmp/err.$ext"
	rc=$?
	[ "$rc" -eq 1 ] || fail "$fmt: exit $rc, expected 1"
	[ -s "$tmp/err.$ext" ] && fail "$fmt: wrote to stderr: $(cat \
	    "$tmp/err.$ext")"
	[ "$fmt" = json ] && continue
	if [ "${UPDATE_GOLDEN:-}" = 1 ]; then
		cp "$tmp/out.$ext" "$dir/expected.$ext"
	elif ! cmp -s "$tmp/out.$ext" "$dir/expected.$ext"; then
		fail "$fmt: differs from $dir/expected.$ext"
		diff -u "$dir/expected.$ext" "$tmp/out.$ext" | head -40
	fi
	# --output writes the same bytes
	"$bin" diff --format "$fmt" --output "$tmp/file.$ext" "$old" "$new" \
	    >"$tmp/stdout" 2>&1
	[ $? -eq 1 ] || fail "$fmt --output: wrong exit status"
	# nothing else goes to standard output: the text report does (a CI
	# log is never empty)
	"$bin" diff "$old" "$new" >"$tmp/text" 2>/dev/null
	cmp -s "$tmp/stdout" "$tmp/text" ||
	    fail "$fmt --output: standard output is not the text report"
	cmp -s "$tmp/file.$ext" "$tmp/out.$ext" ||
	    fail "$fmt --output: differs from standard output"
done

# exit status follows --fail-on in every format, the report is complete
for fmt in sarif junit github gitlab markdown; do
	"$bin" diff --format "$fmt" --fail-on never "$old" "$new" \
	    >"$tmp/never" 2>&1
	[ $? -eq 0 ] || fail "$fmt --fail-on never: exit status not 0"
	"$bin" diff --format "$fmt" "$old" "$old" >"$tmp/same" 2>&1
	[ $? -eq 0 ] || fail "$fmt: identical sides: exit status not 0"
done
"$bin" diff --format junit --fail-on never "$old" "$new" >"$tmp/never.xml"
grep -q '<failure' "$tmp/never.xml" &&
    fail "junit --fail-on never: has a failure"
"$bin" diff --format junit "$old" "$old" >"$tmp/same.xml"
grep -q 'tests="1" failures="0"' "$tmp/same.xml" ||
    fail "junit: no changes: not one passing test case"
[ "$("$bin" diff --format gitlab "$old" "$old")" = "[]" ] ||
    fail "gitlab: no changes: not an empty array"
"$bin" diff --format nope "$old" "$new" >/dev/null 2>"$tmp/err"
[ $? -eq 2 ] || fail "unknown format: exit status not 2"
grep -q 'sarif, junit, github, gitlab, markdown' "$tmp/err" ||
    fail "unknown format: supported formats not listed"

# several reports in one run: each --format takes the --output after it
mkdir "$tmp/multi"
"$bin" diff --format json --output "$tmp/multi/r.json" --format sarif \
    --output "$tmp/multi/r.sarif" --format markdown "$old" "$new" \
    >"$tmp/multi/stdout" 2>"$tmp/multi/stderr"
[ $? -eq 1 ] || fail "several reports: exit status not 1"
cmp -s "$tmp/multi/r.json" "$tmp/out.json" || fail "several: json differs"
cmp -s "$tmp/multi/r.sarif" "$tmp/out.sarif" || fail "several: sarif differs"
cmp -s "$tmp/multi/stdout" "$tmp/out.md" || fail "several: stdout differs"
[ -s "$tmp/multi/stderr" ] && fail "several reports: wrote to stderr"
# -q: the files only
"$bin" diff -q --format gitlab --output "$tmp/multi/q.json" --format github \
    "$old" "$new" >"$tmp/multi/qout"
[ $? -eq 1 ] || fail "several reports -q: exit status not 1"
[ -s "$tmp/multi/qout" ] && fail "several reports -q: wrote to stdout"
cmp -s "$tmp/multi/q.json" "$tmp/out.gitlab.json" || fail "-q: gitlab differs"
# a report that cannot be written: exit 5, no report on stdout; the one
# written before it is complete, the one after it untouched
echo keep >"$tmp/multi/c.md"
"$bin" diff --format json --output "$tmp/multi/a.json" --format sarif \
    --output "$tmp/multi/missing/b.sarif" --format markdown \
    --output "$tmp/multi/c.md" --format github "$old" "$new" \
    >"$tmp/multi/fout" 2>"$tmp/multi/ferr"
rc=$?
[ "$rc" -eq 5 ] || fail "unwritable report: exit $rc, expected 5"
[ -s "$tmp/multi/fout" ] && fail "unwritable report: wrote to stdout"
grep -q "missing/b.sarif" "$tmp/multi/ferr" ||
    fail "unwritable report: the error does not name the file"
cmp -s "$tmp/multi/a.json" "$tmp/out.json" ||
    fail "unwritable report: the report before it is not complete"
[ "$(cat "$tmp/multi/c.md")" = keep ] ||
    fail "unwritable report: the report after it was touched"
[ -e "$tmp/multi/missing" ] && fail "unwritable report: created a directory"
ls -A "$tmp/multi" | grep -q '^\.' &&
    fail "unwritable report: left a temporary file"
# usage errors
"$bin" diff --format json --format sarif "$old" "$new" >/dev/null \
    2>"$tmp/err"
[ $? -eq 2 ] || fail "two reports on stdout: exit status not 2"
grep -q 'only one report can go to standard output' "$tmp/err" ||
    fail "two reports on stdout: message"
"$bin" diff --format json -o "$tmp/x" -o "$tmp/y" "$old" "$new" \
    >/dev/null 2>&1
[ $? -eq 2 ] || fail "two --output for one --format: exit status not 2"

if [ -z "$py" ]; then
	echo "formats: python3 missing: shape checks skipped"
else
	"$py" - "$tmp" <<'EOF' || fail "shape checks (see above)"
import json, re, sys
import xml.etree.ElementTree as ET

tmp = sys.argv[1]
bad = []
def check(cond, msg):
    if not cond:
        bad.append(msg)

report = json.load(open(tmp + "/out.json"))
ids = [c["id"] for c in report["changes"]]
check(len(ids) == 5, "fixture should give 5 changes, got %d" % len(ids))

# SARIF: one result per change, same ids, rules and levels
sarif = json.load(open(tmp + "/out.sarif"))
res = sarif["runs"][0]["results"]
rules = sarif["runs"][0]["tool"]["driver"]["rules"]
check(sorted(r["partialFingerprints"]["directusDriftChangeId/v1"]
             for r in res) == sorted(ids), "sarif: ids differ from json")
lv = {"breaking": "error", "dangerous": "warning", "safe": "note",
      "cosmetic": "note"}
byid = {c["id"]: c for c in report["changes"]}
for r in res:
    c = byid[r["partialFingerprints"]["directusDriftChangeId/v1"]]
    check(r["ruleId"] == c["rule"], "sarif: rule of " + c["id"])
    check(rules[r["ruleIndex"]]["id"] == r["ruleId"], "sarif: ruleIndex")
    check(r["level"] == lv[c["severity"]], "sarif: level of " + c["id"])
    check(r["message"]["text"] == c["message"], "sarif: message")
    loc = r["locations"][0]["physicalLocation"]
    check(loc["artifactLocation"]["uri"] == c["location"]["file"],
          "sarif: uri of " + c["id"])
    check(loc["region"]["startLine"] == c["location"]["line"],
          "sarif: line of " + c["id"])

# JUnit: well-formed, the shape GitLab and Jenkins read, counts consistent
root = ET.parse(tmp + "/out.junit.xml").getroot()
check(root.tag == "testsuites", "junit: root is not testsuites")
suites = root.findall("testsuite")
check(len(suites) == 1, "junit: one testsuite")
cases = suites[0].findall("testcase")
names = [c.get("name") for c in cases]
check(names == sorted(set(c["collection"] for c in report["changes"])),
      "junit: one test case per collection, sorted: %r" % names)
failures = [c for c in cases if c.find("failure") is not None]
for el in (root, suites[0]):
    check(el.get("tests") == str(len(cases)), "junit: tests count")
    check(el.get("failures") == str(len(failures)), "junit: failures")
    check(el.get("errors") == "0" and el.get("skipped") == "0",
          "junit: errors/skipped")
for c in cases:
    check(c.get("classname") and c.get("name"), "junit: testcase attrs")
    f = c.find("failure")
    if f is not None:
        check(f.get("message") and f.get("type"), "junit: failure attrs")
        check(f.get("type") in [x["rule"] for x in report["changes"]],
              "junit: failure type is not a rule id")
text = open(tmp + "/out.junit.xml").read()
for i in ids:
    check(text.count("id " + i) == 1, "junit: change %s not listed once" % i)
check([c.get("name") for c in failures] == ["articles"],
      "junit: only articles fails")

# GitHub: the summary first; one line per change: an annotation for
# breaking and dangerous ones (the default --annotate), with level, file
# and line, a plain log line (never a command) for the others
gh = open(tmp + "/out.github").read().splitlines()
ann = [l for l in gh if "[id " in l]
check(len(ann) == len(ids), "github: one line per change")
for c in report["changes"]:
    line = [l for l in ann if "[id %s]" % c["id"] in l]
    check(len(line) == 1, "github: change " + c["id"])
    if line and c["severity"] in ("breaking", "dangerous"):
        cmd = {"breaking": "error", "dangerous": "warning"}[c["severity"]]
        check(line[0].startswith("::%s file=%s,line=%d,col=%d,title=%s" %
              (cmd, c["location"]["file"], c["location"]["line"],
               c["location"]["column"], c["rule"])),
              "github: annotation of " + c["id"])
    elif line:
        check(line[0].startswith("directus-drift: %s (%s): " %
              (c["rule"], c["severity"])), "github: log line of " + c["id"])
check(gh[0].startswith("::notice title=directus-drift::"),
      "github: the summary does not come first")

# GitLab Code Quality: the documented fields, types and values
gl = json.load(open(tmp + "/out.gitlab.json"))
check(isinstance(gl, list) and len(gl) == len(ids), "gitlab: one per change")
fps = set()
for i in gl:
    for k in ("description", "check_name", "fingerprint", "severity"):
        check(isinstance(i.get(k), str) and i[k], "gitlab: " + k)
    check(i["severity"] in ("info", "minor", "major", "critical", "blocker"),
          "gitlab: severity")
    check(isinstance(i["location"]["path"], str), "gitlab: location.path")
    check(isinstance(i["location"]["lines"]["begin"], int) and
          i["location"]["lines"]["begin"] >= 1, "gitlab: lines.begin")
    check(re.fullmatch("[0-9a-f]{32}", i["fingerprint"]) is not None,
          "gitlab: fingerprint")
    fps.add(i["fingerprint"])
check(len(fps) == len(gl), "gitlab: fingerprints not unique")
check(sorted(re.search(r"\[id ([0-9a-f]{12})\]", i["description"]).group(1)
             for i in gl) == sorted(ids), "gitlab: ids differ from json")

# Markdown: every change once, the escaped pipe stays in its cell
md = open(tmp + "/out.md").read()
for i in ids:
    check(md.count("`%s`" % i) == 1, "markdown: change %s" % i)
for l in md.splitlines():
    if l.startswith("| articles | title | meta.note"):
        cells = re.split(r"(?<!\\)\|", l)
        check(len(cells) == 8, "markdown: escaped | split a cell: " + l)

for b in bad:
    print("FAIL:", b)
sys.exit(1 if bad else 0)
EOF
fi

[ "$fails" -eq 0 ] || { echo "formats: $fails failure(s)"; exit 1; }
echo "formats: ok"
