#!/bin/sh
# e2e: front-end usage (issue 12) on the fixture front ends of
# fixtures/frontends/ (Nuxt, Next, SvelteKit, Astro styles) against the
# fixture snapshot pair fixtures/frontends/schema/ (written by a real
# Directus 11.17.4: tests/live/usage/).
#   - diff --usage in every report format, pinned in expected/ (checked by
#     hand: which change each site touches, the downgrades, the findings);
#   - the usage command, text and JSON, pinned;
#   - every request of requests.json is found at its lines;
#   - node_modules and .next are not scanned;
#   - the JSON reports validate against schema/report.schema.json;
#   - --usage repeated, the policy's usage list, usage-downgrade false,
#     errors (a missing path, no paths, a format usage cannot write).
# UPDATE_GOLDEN=1 rewrites expected/ (review the diff).
. "$(dirname "$0")/lib.sh"

fe=$DRIFT_TOP/fixtures/frontends
exp=$fe/expected
base=schema/base.json
new=schema/drifted.json
cd "$fe"

# golden NAME RC ARGS...: run, compare stdout with expected/NAME
golden() {
	name=$1 want=$2
	shift 2
	rc=0
	drift "$@" >"$tmp/$name" 2>"$tmp/$name.err" || rc=$?
	if [ -n "${UPDATE_GOLDEN:-}" ]; then
		cp "$tmp/$name" "$exp/$name"
	fi
	expect_rc "$want" "$rc" "$name"
	expect_file "$exp/$name" "$tmp/$name" "$name"
	checks=$((checks + 1))
	[ ! -s "$tmp/$name.err" ] || { fail "$name: stderr"; cat "$tmp/$name.err"; }
}

mkdir -p "$exp"
golden diff.txt 1 diff --usage . "$base" "$new"
golden diff.json 1 diff --usage . --format json "$base" "$new"
golden diff.sarif 1 diff --usage . --format sarif "$base" "$new"
golden diff.md 1 diff --usage . --format markdown "$base" "$new"
golden diff.github 1 diff --usage . --format github "$base" "$new"
golden diff.gitlab.json 1 diff --usage . --format gitlab "$base" "$new"
golden diff.junit.xml 1 diff --usage . --format junit "$base" "$new"
golden usage.txt 1 usage "$new" .
golden usage.json 1 usage --format json "$new" .
# the old side: what the front end uses of it has the stale query only
golden usage-base.txt 1 usage "$base" nuxt next sveltekit astro

# every request of the manifest has a reference in its lines; nothing
# from node_modules or .next
checks=$((checks + 1))
python3 - "$fe/requests.json" "$tmp/usage.json" <<'PY' || fail "manifest"
import json, sys
reqs = json.load(open(sys.argv[1]))["requests"]
use = json.load(open(sys.argv[2]))
sites = [(s["file"], s["line"]) for u in use["usage"] for s in u["sites"]]
bad = 0
for r in reqs:
    if not any(f.endswith(r["file"]) and r["lines"][0] <= (l or 0) <= r["lines"][1]
               for f, l in sites):
        print("no reference for %s in %s:%d-%d" % (r["id"], r["file"], *r["lines"]))
        bad += 1
for f, l in sites:
    if "node_modules" in f or ".next" in f:
        print("scanned %s" % f)
        bad += 1
sys.exit(1 if bad else 0)
PY

# the JSON reports validate
if python3 -c 'import jsonschema' 2>/dev/null; then
	checks=$((checks + 1))
	python3 - "$DRIFT_TOP/schema/report.schema.json" "$tmp/diff.json" <<'PY' ||
import json, sys
import jsonschema
v = jsonschema.Draft202012Validator(json.load(open(sys.argv[1])))
errs = list(v.iter_errors(json.load(open(sys.argv[2]))))
for e in errs:
    print("%s at %s" % (e.message, list(e.absolute_path)))
sys.exit(1 if errs else 0)
PY
	fail "diff.json does not validate"
fi

# --usage repeated: the same verdicts as the whole tree
rc=0
drift diff --usage nuxt --usage next --usage sveltekit --usage astro \
    --format json "$base" "$new" >"$tmp/rep.json" || rc=$?
expect_rc 1 "$rc" "--usage repeated"
checks=$((checks + 1))
python3 - "$tmp/rep.json" "$tmp/diff.json" <<'PY' || fail "--usage repeated differs"
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:3])
key = lambda r: [(c["id"], c["severity"], (c.get("usage") or {}).get("used")) for c in r["changes"]]
sys.exit(0 if key(a) == key(b) else 1)
PY

# the policy's usage list (relative to the file), usage-downgrade false
mkdir -p "$tmp/pol"
printf 'usage: [%s]\n' "$fe" >"$tmp/pol/.directus-drift.yaml"
rc=0
(cd "$tmp/pol" && drift diff --format json "$fe/$base" "$fe/$new") \
    >"$tmp/pol.json" || rc=$?
expect_rc 1 "$rc" "policy usage"
checks=$((checks + 1))
grep -q '"affected_files"' "$tmp/pol.json" || fail "policy usage: no scan"
printf 'usage: [fe]\nusage-downgrade: false\n' >"$tmp/pol/.directus-drift.yaml"
ln -s "$fe" "$tmp/pol/fe"
rc=0
(cd "$tmp/pol" && drift diff "$fe/$base" "$fe/$new") >"$tmp/pol.txt" || rc=$?
expect_rc 1 "$rc" "usage-downgrade false"
checks=$((checks + 1))
grep -q '^  dangerous' "$tmp/pol.txt" && fail "usage-downgrade false: something was downgraded"
checks=$((checks + 1))
grep -q 'not used by the front end$' "$tmp/pol.txt" ||
    fail "usage-downgrade false: the unused note is missing"
rc=0
(cd "$tmp/pol" && drift usage "$fe/$new") >"$tmp/pol-usage.txt" || rc=$?
expect_rc 1 "$rc" "usage: paths from the policy"

# errors
rc=0
drift diff --usage no/such/dir "$base" "$new" >"$tmp/out" 2>"$tmp/err" || rc=$?
expect_rc 3 "$rc" "missing --usage path"
checks=$((checks + 1))
grep -q 'no/such/dir' "$tmp/err" || fail "missing path: not named"
checks=$((checks + 1))
[ ! -s "$tmp/out" ] || fail "missing path: a report was written"
rc=0
(cd "$tmp" && drift usage "$fe/$new") >/dev/null 2>"$tmp/err" || rc=$?
expect_rc 2 "$rc" "usage without paths"
rc=0
drift usage --format sarif "$new" . >/dev/null 2>"$tmp/err" || rc=$?
expect_rc 2 "$rc" "usage --format sarif"
rc=0
drift usage >/dev/null 2>"$tmp/err" || rc=$?
expect_rc 2 "$rc" "usage without a snapshot"
rc=0
drift rules --usage x >/dev/null 2>"$tmp/err" || rc=$?
expect_rc 2 "$rc" "--usage on rules"
rc=0
drift usage -o "$tmp/u.json" --format json "$new" . || rc=$?
expect_rc 1 "$rc" "usage -o"
checks=$((checks + 1))
cmp -s "$tmp/u.json" "$exp/usage.json" || fail "usage -o differs from stdout"
# a front end that uses nothing: every breaking change is downgraded
mkdir -p "$tmp/empty"
rc=0
drift diff --usage "$tmp/empty" "$base" "$new" >"$tmp/empty.txt" || rc=$?
expect_rc 0 "$rc" "empty front end"
checks=$((checks + 1))
grep -q '^0 breaking' "$tmp/empty.txt" || fail "empty front end: breaking left"

# the ci-examples of front-end usage: valid YAML whose directus-drift
# steps run here (DRIFT_COMMAND / DRIFT_SCHEMA point at the fixtures; the
# front end is the nuxt fixture): exit statuses per step
if python3 -c 'import yaml' 2>/dev/null; then
	mkdir -p "$tmp/ci/src" "$tmp/ci/frontend"
	cp -R "$fe/nuxt" "$tmp/ci/src/"
	ln -s ../src "$tmp/ci/frontend/src"
	cp "$fe/$base" "$tmp/ci/schema.yaml"
	for y in usage-monorepo:0,1 usage-split-repos:1,1; do
		name=${y%%:*}
		want=${y#*:}
		checks=$((checks + 1))
		python3 - "$DRIFT_TOP/ci-examples/$name.yml" "$tmp/$name" <<'PY' ||
import sys, yaml
doc = yaml.safe_load(open(sys.argv[1]))
n = 0
for job in doc["jobs"].values():
    for st in job["steps"]:
        run = st.get("run", "")
        if "directus-drift/directus-drift" in run:
            with open("%s.%d.sh" % (sys.argv[2], n), "w") as f:
                f.write(run.replace(".directus-drift/directus-drift", '"$DRIFT_BIN"'))
            n += 1
PY
		fail "$name: not YAML"
		got=""
		for f in "$tmp/$name".*.sh; do
			rc=0
			(cd "$tmp/ci" && DRIFT_SCHEMA=$fe/$new \
			    DRIFT_COMMAND="diff $fe/$base $fe/$new" \
			    DRIFT_BIN=$DRIFT_BIN sh -e "$f") >"$f.out" 2>&1 || rc=$?
			got=${got:+$got,}$rc
		done
		expect_rc "$want" "$got" "$name steps"
	done
fi
finish
