#!/bin/sh
# e2e: README.md says what the program does: the commands of its Usage
# block are those of the help, its option table has every option of the
# help and no other, and its JSON sample has the keys (in order) and the
# values the JSON report of the bundled example has (placeholders "…"
# aside).
. "$(dirname "$0")/lib.sh"

readme=$DRIFT_TOP/README.md
command -v python3 >/dev/null 2>&1 || { echo "readme: python3 missing"; exit 77; }

drift --help >"$tmp/help"
rc=0
(cd "$DRIFT_TOP/fixtures/example" &&
    drift diff --format json schema.yaml live.yaml) >"$tmp/report.json" || rc=$?
expect_rc 1 "$rc" "the example's JSON report"
checks=$((checks + 1))
python3 - "$readme" "$tmp/help" "$tmp/report.json" <<'EOF' || failures=$((failures + 1))
import json, re, sys

readme, helpf, reportf = sys.argv[1:4]
text = open(readme).read()
help_text = open(helpf).read()
bad = []

def section(title):
    m = re.search(r"^#+ " + re.escape(title) + r"\n(.*?)(?=^#+ )", text,
                  re.S | re.M)
    return m.group(1) if m else ""

# the commands
usage = section("Usage")
block = re.search(r"```\n(.*?)```", usage, re.S)
readme_cmds = set(re.findall(r"^directus-drift (\w+)", block.group(1), re.M)
                  if block else [])
cmds = re.search(r"^commands:\n(.*?)\n\n", help_text, re.S | re.M)
help_cmds = set(re.findall(r"^  (\w+) ", cmds.group(1), re.M)) if cmds else set()
if readme_cmds != help_cmds:
    bad.append("Usage commands %s, the help has %s"
               % (sorted(readme_cmds), sorted(help_cmds)))

# the options: the first column of the Options table
opts_sec = section("Options")
readme_opts = set()
for row in re.findall(r"^\| (.*?) \|", opts_sec, re.M):
    readme_opts |= set(re.findall(r"`(--?[a-zA-Z][a-z-]*)", row))
readme_opts.discard("--")
help_opts = set()
osec = re.search(r"^options.*?:\n(.*?)\n\n", help_text, re.S | re.M)
for line in (osec.group(1) if osec else "").splitlines():
    m = re.match(r"  (?:(-[a-zA-Z]), )?(--[a-z][a-z-]*)", line)
    if m:
        help_opts |= {o for o in m.groups() if o}
if readme_opts != help_opts:
    bad.append("Options table: missing %s, not options %s"
               % (sorted(help_opts - readme_opts),
                  sorted(readme_opts - help_opts)))

# the JSON sample
js = section("The JSON report")
m = re.search(r"```json\n(.*?)```", js, re.S)
sample = json.loads(m.group(1)) if m else {}
report = json.load(open(reportf))

def compare(where, s, r):
    if s == "…" or s == {"…": "…"}:
        return
    if isinstance(s, dict):
        if not isinstance(r, dict) or list(s) != list(r):
            bad.append("%s: keys %s, the report has %s"
                       % (where, list(s), list(r) if isinstance(r, dict)
                          else type(r).__name__))
            return
        for k in s:
            compare(where + "." + k, s[k], r[k])
    elif isinstance(s, list) and where.endswith("changes"):
        for i, c in enumerate(s):
            ids = [x for x in r if x.get("id") == c.get("id")]
            if not ids:
                bad.append("%s: no change %s in the report" % (where, c.get("id")))
            else:
                compare("%s[%s]" % (where, c.get("id")), c, ids[0])
    elif s != r:
        bad.append("%s: %r, the report has %r" % (where, s, r))

compare("report", sample, report)
for b in bad:
    print("FAIL: README.md:", b)
sys.exit(1 if bad else 0)
EOF
finish
