#!/bin/sh
# e2e: front-end usage (issue 12) on the fixture front ends of
# fixtures/frontends/ (Nuxt, Next, SvelteKit, Astro styles) against the
# fixture snapshot pair fixtures/frontends/schema/ (written by a real
# Directus 11.17.4: tests/live/usage/).
#   - diff --usage in every report format: the verdicts of each change
#     and request (checked by hand, and live by tests/live/usage), the
#     sites and notes in every format;
#   - the usage command, text and JSON;
#   - every request of requests.json is found at its lines;
#   - node_modules and .next are not scanned;
#   - the JSON reports validate against schema/report.schema.json;
#   - --usage repeated, the policy's usage list, usage-downgrade false,
#     errors (a missing path, no paths, a format usage cannot write);
#   - --jobs: the same bytes on any number of threads.
. "$(dirname "$0")/lib.sh"

fe=$DRIFT_TOP/fixtures/frontends
base=schema/base.json
new=schema/drifted.json
cd "$fe"

# run NAME RC ARGS...: stdout to $tmp/NAME, nothing on stderr
run() {
	name=$1 want=$2
	shift 2
	rc=0
	drift "$@" >"$tmp/$name" 2>"$tmp/$name.err" || rc=$?
	expect_rc "$want" "$rc" "$name"
	checks=$((checks + 1))
	[ ! -s "$tmp/$name.err" ] || { fail "$name: stderr"; cat "$tmp/$name.err"; }
}
# has FILE TEXT WHAT: FILE contains the fixed string TEXT
has() {
	checks=$((checks + 1))
	grep -qF -- "$2" "$1" || { fail "$3: no '$2'"; sed 's/^/    | /' "$1" | head -40; }
}

# four roots, so that sites read nuxt/..., next/... whatever a walk of
# "." would print
u="--usage nuxt --usage next --usage sveltekit --usage astro"
run diff.txt 1 diff $u "$base" "$new"
run diff.json 1 diff $u --format json "$base" "$new"
run diff.sarif 1 diff $u --format sarif "$base" "$new"
run diff.md 1 diff $u --format markdown "$base" "$new"
run diff.github 1 diff $u --format github "$base" "$new"
run diff.gitlab.json 1 diff $u --format gitlab "$base" "$new"
run diff.junit.xml 1 diff $u --format junit "$base" "$new"
run usage.txt 1 usage "$new" nuxt next sveltekit astro
run usage.json 1 usage --format json "$new" nuxt next sveltekit astro

# the verdicts, checked by hand against reference 1.7 and, for the
# requests, by the live oracle (tests/live/usage): the requests the
# manifest expects Directus to reject or answer short are exactly those a
# breaking change or a finding touches; unused breaking changes are
# dangerous; every request is found at its lines; nothing from
# node_modules or .next
checks=$((checks + 1))
python3 - "$fe/requests.json" "$tmp/diff.json" "$tmp/usage.json" <<'PY' || fail "verdicts"
import json, os, sys
reqs = json.load(open(sys.argv[1]))["requests"]
rep = json.load(open(sys.argv[2]))
use = json.load(open(sys.argv[3]))
bad = 0
def within(r, f, l):
    return f is not None and os.path.normpath(f).endswith(r["file"]) and \
        r["lines"][0] <= (l or 0) <= r["lines"][1]
flagged = {}
for c in rep["changes"]:
    if c["status"] != "reported" or c["severity"] != "breaking":
        continue
    sites = [(s["file"], s["line"]) for s in (c.get("usage") or {}).get("sites", [])]
    if c["entity"] == "front-end":
        sites.append((c["location"]["file"], c["location"]["line"]))
    for r in reqs:
        if any(within(r, f, l) for f, l in sites):
            flagged.setdefault(r["id"], []).append(c["rule"])
for r in reqs:
    if (r["expect"] != "ok") != (r["id"] in flagged):
        print("%s: Directus %s, directus-drift %s" % (r["id"], r["expect"],
              flagged.get(r["id"], "untouched")))
        bad += 1
want = {  # rule collection.field -> (severity, used)
    "field-removed articles.subtitle": ("dangerous", "no"),
    "field-required-added articles.body": ("safe", "no"),  # meta.required: safe
    "field-removed authors.email": ("breaking", "yes"),
    "field-type-changed articles.views": ("breaking", "yes"),
    "relation-removed articles.author": ("breaking", "yes"),
    "field-removed block_text.text": ("breaking", "yes"),
    "field-added-required subscribers.consent": ("breaking", "yes"),
}
for c in rep["changes"]:
    k = "%s %s.%s" % (c["rule"], c["collection"], c["field"])
    if k in want:
        got = (c["severity"], (c.get("usage") or {}).get("used"))
        if got != want.pop(k):
            print("%s: %s" % (k, got))
            bad += 1
for k in want:
    print("missing change %s" % k)
    bad += 1
finds = [c for c in rep["changes"] if c["entity"] == "front-end"]
# next/lib/preview.ts names articles.summary twice (through a cast, in
# one branch of a conditional filter); sveltekit's Legacy query headline
if [(c["rule"], c["field"]) for c in finds] != [
        ("usage-unknown-field", "summary"), ("usage-unknown-field", "summary"),
        ("usage-unknown-field", "headline")]:
    print("findings: %s" % [(c["rule"], c["field"]) for c in finds])
    bad += 1
sites = [(s["file"], s["line"]) for u in use["usage"] for s in u["sites"]]
for r in reqs:
    if not any(within(r, f, l) for f, l in sites):
        print("no reference for %s in %s:%d-%d" % (r["id"], r["file"], *r["lines"]))
        bad += 1
for f, l in sites:
    if "node_modules" in f or ".next" in f:
        print("scanned %s" % f)
        bad += 1
files = rep.get("affected_files")
if files is None or any("astro/src/components" in f for f in files):
    print("affected_files: %s" % files)
    bad += 1
sys.exit(1 if bad else 0)
PY

# every format says it: the used removal of authors.email with its site,
# the unused one, the finding at the front-end file
has "$tmp/diff.txt" "             used by next/app/authors/page.tsx:8 (+2 more)" text
has "$tmp/diff.txt" "not used by the front end (breaking by default, reported as dangerous)" text
has "$tmp/diff.txt" "(sveltekit/src/routes/blog/+page.svelte:23:" text
for f in diff.md diff.github diff.gitlab.json diff.junit.xml; do
	has "$tmp/$f" "nuxt/graphql/authors.graphql:6" "$f"
	has "$tmp/$f" "not used by the front end" "$f"
done
has "$tmp/diff.sarif" '"relatedLocations"' sarif
has "$tmp/diff.sarif" '"uri": "nuxt/graphql/authors.graphql"' sarif
has "$tmp/diff.github" "file=sveltekit/src/routes/blog/+page.svelte,line=23" github
has "$tmp/usage.txt" "authors.id" usage
has "$tmp/usage.txt" "  nuxt/graphql/authors.graphql:4:5  read  query Authors" usage
has "$tmp/usage.txt" "usage-unknown-field)" usage

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

# the whole tree at once: the same verdicts as the four roots
rc=0
drift diff --usage . --format json "$base" "$new" >"$tmp/rep.json" || rc=$?
expect_rc 1 "$rc" "--usage ."
checks=$((checks + 1))
python3 - "$tmp/rep.json" "$tmp/diff.json" <<'PY' || fail "--usage . differs"
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
drift usage --format sarif "$new" nuxt >/dev/null 2>"$tmp/err" || rc=$?
expect_rc 2 "$rc" "usage --format sarif"
# usage writes one report: a second --format or --output, and the report
# options of diff and check (ignored before), are usage errors, not a
# report that silently leaves something out
for args in "--format json --format text" "-o $tmp/a -o $tmp/b" \
    "--format json -o $tmp/a -o $tmp/b" "--fail-on any" "--annotate never" \
    "--label x" "--color never"; do
	rc=0
	# shellcheck disable=SC2086
	drift usage $args "$new" nuxt >"$tmp/out" 2>"$tmp/err" || rc=$?
	expect_rc 2 "$rc" "usage $args"
	checks=$((checks + 1))
	[ ! -s "$tmp/out" ] && [ ! -e "$tmp/a" ] && [ ! -e "$tmp/b" ] ||
	    fail "usage $args: wrote a report"
done
checks=$((checks + 1))
drift usage --help | tr '\n' ' ' | grep -q 'SDK calls *and REST URLs' ||
    fail "usage --help does not name SDK calls and REST URLs"
rc=0
drift usage >/dev/null 2>"$tmp/err" || rc=$?
expect_rc 2 "$rc" "usage without a snapshot"
rc=0
drift rules --usage x >/dev/null 2>"$tmp/err" || rc=$?
expect_rc 2 "$rc" "--usage on rules"
rc=0
drift usage -o "$tmp/u.json" --format json "$new" nuxt next sveltekit astro ||
    rc=$?
expect_rc 1 "$rc" "usage -o"
checks=$((checks + 1))
cmp -s "$tmp/u.json" "$tmp/usage.json" || fail "usage -o differs from stdout"
# --jobs: the same report, byte for byte, on 1, 2 and 16 threads (and
# with diff --usage); 0 and 17 are usage errors
for j in 1 2 16; do
	rc=0
	drift usage --jobs "$j" --format json "$new" nuxt next sveltekit astro \
	    >"$tmp/u$j.json" 2>&1 || rc=$?
	expect_rc 1 "$rc" "usage --jobs $j"
	checks=$((checks + 1))
	cmp -s "$tmp/u$j.json" "$tmp/usage.json" ||
	    fail "usage --jobs $j differs from the default"
	rc=0
	drift diff --jobs "$j" --format json --usage . "$base" "$new" \
	    >"$tmp/d$j.json" 2>&1 || rc=$?
	expect_rc 1 "$rc" "diff --usage --jobs $j"
	checks=$((checks + 1))
	cmp -s "$tmp/d$j.json" "$tmp/d1.json" ||
	    fail "diff --jobs $j differs from --jobs 1"
done
for j in 0 17 x; do
	rc=0
	drift usage --jobs "$j" "$new" nuxt >/dev/null 2>"$tmp/err" || rc=$?
	expect_rc 2 "$rc" "usage --jobs $j"
	checks=$((checks + 1))
	grep -q "invalid value '$j' for --jobs" "$tmp/err" ||
	    { fail "--jobs $j: the message"; cat "$tmp/err"; }
done
# a front end that uses nothing: every breaking change is downgraded
mkdir -p "$tmp/empty"
rc=0
drift diff --usage "$tmp/empty" "$base" "$new" >"$tmp/empty.txt" || rc=$?
expect_rc 0 "$rc" "empty front end"
checks=$((checks + 1))
grep -q '^0 breaking' "$tmp/empty.txt" || fail "empty front end: breaking left"

# relation-removed with its column kept (articles.author): a front end
# that reads the raw key (written for NEW) does not use the relation; one
# that goes through it (written for OLD) does, at that site only
mkdir -p "$tmp/fk/raw" "$tmp/fk/both"
printf 'query Raw {\n  articles { id author }\n}\n' >"$tmp/fk/raw/raw.graphql"
cp "$tmp/fk/raw/raw.graphql" "$tmp/fk/both/"
printf 'query Deep {\n  articles { author { name } }\n}\n' \
    >"$tmp/fk/both/deep.graphql"
# (raw: every breaking change is unused, so none is left: exit 0)
for k in raw:0 both:1; do
	rc=0
	drift diff --usage "$tmp/fk/${k%:*}" --format json "$base" "$new" \
	    >"$tmp/fk-${k%:*}.json" || rc=$?
	expect_rc "${k#*:}" "$rc" "fk ${k%:*}"
done
checks=$((checks + 1))
python3 - "$tmp/fk-raw.json" "$tmp/fk-both.json" <<'PY' || fail "fk read vs traversal"
import json, os, sys
bad = 0
for path, want in zip(sys.argv[1:3], (("dangerous", "no", []),
                                      ("breaking", "yes", ["deep.graphql"]))):
    rep = json.load(open(path))
    for c in rep["changes"]:
        if c["collection"] != "articles" or c["field"] != "author":
            continue
        u = c.get("usage") or {}
        got = (c["severity"], u.get("used"),
               [os.path.basename(s["file"]) for s in u.get("sites", [])])
        if got != want:
            print("%s: %s %s: %s, want %s" % (os.path.basename(path),
                  c["rule"], c.get("path"), got, want))
            bad += 1
sys.exit(1 if bad else 0)
PY

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
