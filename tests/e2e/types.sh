#!/bin/sh
# e2e: "directus-drift types" (issue 13): the output for fixtures/types
# against its golden files, every kind of source, -o atomicity, --check
# (fresh, reformatted, stale by one field, stale by a type change), the
# package.json SDK detection, usage and input errors with their exit codes,
# and the policy key "types" (rule types-stale in check/diff reports).
. "$(dirname "$0")/lib.sh"
GIT_CEILING_DIRECTORIES=$(dirname "$tmp")
export GIT_CEILING_DIRECTORIES
fx=$DRIFT_TOP/fixtures/types
d3=$fx/d3.yaml
cd "$tmp"

# golden comparison without the tool version (line 2 of the header)
expect_golden() {
	sed '2s/directus-drift [0-9][^ ]* from/directus-drift VERSION from/' \
	    "$1" >"$tmp/golden.want"
	sed '2s/directus-drift [0-9][^ ]* from/directus-drift VERSION from/' \
	    "$2" >"$tmp/golden.got"
	expect_file "$tmp/golden.want" "$tmp/golden.got" "$3"
}

# contains FILE TEXT WHAT
contains() {
	checks=$((checks + 1))
	grep -F -q -- "$2" "$1" || {
		fail "$3: '$2' not in $(basename "$1")"
		sed 's/^/    /' "$1"
	}
}

lacks() {
	checks=$((checks + 1))
	if grep -F -q -- "$2" "$1"; then
		fail "$3: '$2' in $(basename "$1")"
	fi
}

# --- output and sources -------------------------------------------------
rc=0
drift types --sdk 26 "$d3" >out.ts 2>err || rc=$?
expect_rc 0 "$rc" "types FILE"
expect_golden "$fx/d3.expected.ts" out.ts "types FILE (golden)"
expect_file /dev/null err "types FILE: nothing on stderr"
rc=0
drift types --sdk 17 "$d3" >out17.ts 2>err || rc=$?
expect_rc 0 "$rc" "types --sdk 17"
expect_golden "$fx/d3.sdk17.expected.ts" out17.ts "types --sdk 17 (golden)"
rc=0
drift types --sdk 26 - <"$d3" >stdin.ts 2>err || rc=$?
expect_rc 0 "$rc" "types -"
expect_file out.ts stdin.ts "types - gives the same output"
# JSON and YAML of one schema give the same types
python3 -c 'import json,sys,yaml' 2>/dev/null && {
	python3 -c 'import json,sys,yaml; json.dump(yaml.safe_load(open(sys.argv[1])), open(sys.argv[2], "w"))' "$d3" d3.json
	rc=0
	drift types --sdk 26 d3.json >json.ts 2>err || rc=$?
	expect_rc 0 "$rc" "types FILE.json"
	expect_file out.ts json.ts "JSON and YAML give the same types"
}
mkdir repo
(
	cd repo && git init -q && cp "$d3" schema.yaml && git add schema.yaml &&
	    git -c user.name=t -c user.email=t@t commit -qm x
)
rc=0
(cd repo && drift types --sdk 26 git:HEAD:schema.yaml) >git.ts 2>err || rc=$?
expect_rc 0 "$rc" "types git:REV:PATH"
expect_file out.ts git.ts "types git:REV:PATH gives the same output"
# deterministic: a second run is byte-identical
drift types --sdk 26 "$d3" >again.ts
expect_file out.ts again.ts "deterministic"

# --- -o: atomic -----------------------------------------------------------
echo old >target.ts
rc=0
drift types --sdk 26 "$d3" -o target.ts >stdout 2>err || rc=$?
expect_rc 0 "$rc" "-o FILE"
expect_file out.ts target.ts "-o FILE holds the types"
expect_file /dev/null stdout "-o FILE: nothing on stdout"
ln -s target.ts link.ts
cp target.ts target.before
rc=0
drift types --sdk 26 "$d3" -o link.ts >stdout 2>err || rc=$?
# a symbolic link in place of the file is refused, never written through
expect_rc 5 "$rc" "-o onto a symbolic link"
contains err "symbolic link" "-o onto a link says why"
checks=$((checks + 1))
[ -L link.ts ] || fail "-o onto a symbolic link replaced the link"
expect_file target.before target.ts "-o onto a link leaves its target alone"
mkdir ro && echo keep >ro/x.ts && chmod 555 ro
if [ "$(id -u)" != 0 ]; then
	rc=0
	drift types "$d3" -o ro/x.ts >stdout 2>err || rc=$?
	expect_rc 5 "$rc" "-o into a read-only directory"
	contains err "ro/x.ts" "-o error names the file"
	checks=$((checks + 1))
	[ "$(cat ro/x.ts)" = keep ] || fail "-o failure changed the old file"
fi
chmod 755 ro
# a bad snapshot leaves the old file alone
printf 'collections: [\n' >bad.yaml
rc=0
drift types bad.yaml -o target.ts >stdout 2>err || rc=$?
expect_rc 3 "$rc" "bad snapshot"
contains err "bad.yaml:" "bad snapshot: file:line:column"
expect_file out.ts target.ts "bad snapshot: -o file untouched"
rc=0
drift types "$tmp/missing.yaml" >stdout 2>err || rc=$?
expect_rc 3 "$rc" "missing snapshot"

# --- --check ------------------------------------------------------------
rc=0
drift types --sdk 26 "$d3" --check out.ts >stdout 2>err || rc=$?
expect_rc 0 "$rc" "--check fresh"
printf 'out.ts: up to date\n' >want
expect_file want stdout "--check fresh: message"
# prettier-like: double quotes, 4-space indent, CRLF, trailing blanks,
# broken unions, no final newline
sed -e "s/'/\"/g" -e 's/^  /    /' -e 's/$/  \r/' \
    -e 's/^\(    [a-z_]*\): \(.*\) | null;/\1:\n        | \2\n        | null;/' \
    out.ts | head -c -1 >pretty.ts
rc=0
drift types --sdk 26 "$d3" --check pretty.ts >stdout 2>err || rc=$?
expect_rc 0 "$rc" "--check reformatted"
printf 'pretty.ts: up to date (reformatted)\n' >want
expect_file want stdout "--check reformatted: message"
# stale by one field: the snapshot gained articles.summary
sed 's/^fields:$/fields:\n  - {collection: articles, field: summary, type: text, meta: {}, schema: {is_nullable: true}}/' \
    "$d3" >plus.yaml
rc=0
drift types --sdk 26 plus.yaml --check out.ts >stdout 2>err || rc=$?
expect_rc 1 "$rc" "--check stale by one field"
cat >want <<'EOF'
out.ts: stale; what regenerating changes:
  + Articles.summary: string|null
regenerate with: directus-drift types plus.yaml --sdk 26 -o out.ts
EOF
expect_file want stdout "--check stale by one field: summary"
# the reformatted file is stale the same way
rc=0
drift types --sdk 26 plus.yaml --check pretty.ts >stdout 2>err || rc=$?
expect_rc 1 "$rc" "--check stale (reformatted file)"
contains stdout "  + Articles.summary: string|null" "stale reformatted: summary"
# stale by a type change: articles.rating float -> decimal
sed '/field: "rating"/,/schema:/s/type: float/type: decimal/' "$d3" >type.yaml
rc=0
drift types --sdk 26 type.yaml --check out.ts >stdout 2>err || rc=$?
expect_rc 1 "$rc" "--check stale by a type change"
contains stdout "  ~ Articles.rating: number|null -> string|null" \
    "stale by a type change: summary"
# the same file under another option is stale too
rc=0
drift types --sdk 26 --decimal number "$d3" --check out.ts >stdout 2>err ||
    rc=$?
expect_rc 1 "$rc" "--check with another --decimal"
contains stdout "  ~ Articles.price: string|null -> number|null" \
    "--decimal number: summary"
contains stdout "regenerate with: directus-drift types $d3 --sdk 26 --decimal number -o out.ts" \
    "--decimal number: the command keeps the options"
# the command it prints really regenerates the file
cp out.ts regen.ts
drift types --sdk 26 plus.yaml --check regen.ts >stdout 2>err || true
cmd=$(sed -n 's/^regenerate with: //p' stdout | sed 's/ -o out.ts/ -o regen.ts/;s/ -o regen.ts$/ -o regen.ts/')
sh -c "DRIFT_BIN_DIR=; $(printf '%s' "$cmd" | sed "s|^directus-drift|\"$DRIFT_BIN\"|")" 2>err
rc=0
drift types --sdk 26 plus.yaml --check regen.ts >stdout 2>err || rc=$?
expect_rc 0 "$rc" "the printed command regenerates the file"
# missing file: 3 with its path
rc=0
drift types "$d3" --check nowhere.ts >stdout 2>err || rc=$?
expect_rc 3 "$rc" "--check missing file"
contains err "nowhere.ts" "--check missing file: path"
# not ours
echo 'export interface Schema {}' >foreign.ts
rc=0
drift types "$d3" --check foreign.ts >stdout 2>err || rc=$?
expect_rc 1 "$rc" "--check on a file without the marker"
contains stdout 'no "directus-drift:types" marker line' "foreign file"

# --- usage errors ---------------------------------------------------------
usage() {
	want=$1
	shift
	rc=0
	drift "$@" >stdout 2>err || rc=$?
	expect_rc 2 "$rc" "usage: $*"
	contains err "$want" "usage: $*"
}
usage "unsupported language 'cobol' for --lang: supported languages are ts, graphql" \
    types --lang cobol "$d3"
usage "invalid value '16' for --sdk" types --sdk 16 "$d3"
usage "invalid value 'float' for --bigint: expected string or number" \
    types --bigint float "$d3"
usage "invalid value 'x' for --decimal" types --decimal x "$d3"
usage "invalid value 'enum' for --choices: expected literal or string" \
    types --choices enum "$d3"
usage "invalid value 'list' for --core-collections" \
    types --core-collections list "$d3"
usage "invalid value 'my-schema' for --name" types --name my-schema "$d3"
usage "--check and -o cannot be combined" types "$d3" --check a -o b
usage "'types' needs one snapshot source" types
usage "'types' needs one snapshot source" types "$d3" "$d3"
usage "option '--lang' does not apply to 'diff'" diff --lang ts a b
usage "option '--fail-on' does not apply to 'types'" types --fail-on any "$d3"

# --- --name, package.json -------------------------------------------------
drift types --sdk 26 --name Api "$d3" >api.ts
contains api.ts "export interface Api {" "--name Api"
contains api.ts "DirectusUser<Api>" "--name Api in SDK types"
mkdir -p web/src/types
printf '{ "dependencies": { "@directus/sdk": "^20.3.0" } }\n' >web/package.json
rc=0
drift types "$d3" -o web/src/types/directus.ts >stdout 2>err || rc=$?
expect_rc 0 "$rc" "package.json detection"
contains err '/web/package.json; --sdk overrides it)' \
    "package.json: says which file"
contains web/src/types/directus.ts "for @directus/sdk 20." "package.json: header"
contains web/src/types/directus.ts "publish_date: 'datetime' | null;" \
    "package.json: SDK 20 has no 'date' marker"
rc=0
drift types "$d3" --check web/src/types/directus.ts >stdout 2>err || rc=$?
expect_rc 0 "$rc" "package.json detection for --check"
rc=0
drift types --sdk 22 "$d3" --check web/src/types/directus.ts >stdout 2>err ||
    rc=$?
expect_rc 1 "$rc" "--sdk wins over package.json"
contains stdout "~ Articles.publish_date: 'datetime'|null -> 'date'|null" \
    "--sdk 22 summary"

# --- policy: types-stale in check and diff reports -----------------------
mkdir pol && cd pol
cp "$d3" old.yaml
cp "$tmp/plus.yaml" new.yaml
drift types --sdk 26 old.yaml -o types.ts
cat >.directus-drift.yaml <<'EOF'
types:
  - file: types.ts
    sdk: 26
EOF
rc=0
drift diff old.yaml old.yaml >out 2>err || rc=$?
expect_rc 0 "$rc" "policy types: fresh file, no finding"
lacks out types-stale "policy types: fresh file"
rc=0
drift diff --fail-on dangerous old.yaml new.yaml >out 2>err || rc=$?
expect_rc 1 "$rc" "policy types: stale file fails --fail-on dangerous"
contains out "the types file types.ts does not match the snapshot: + Articles.summary: string|null; regenerate with: directus-drift types new.yaml --sdk 26 -o types.ts (types.ts:1:1, types-stale)" \
    "policy types: text report"
for f in json sarif junit github gitlab markdown; do
	rc=0
	drift diff --format "$f" old.yaml new.yaml >"out.$f" 2>err || rc=$?
	contains "out.$f" "types-stale" "policy types: $f report"
	contains "out.$f" "types.ts" "policy types: $f report names the file"
done
contains out.json '"entity": "snapshot"' "policy types: json entity"
# affected_collections lists collections, not the types file
if command -v python3 >/dev/null 2>&1; then
	checks=$((checks + 1))
	python3 -c '
import json, sys
got = json.load(open(sys.argv[1]))["affected_collections"]
sys.exit(0 if got == ["articles"] else "affected_collections: %s" % got)
' out.json || fail "policy types: affected_collections"
fi
# the severity can be raised, and the rule ignored, like any rule
cat >.directus-drift.yaml <<'EOF'
types:
  - {file: types.ts, sdk: 26}
severity:
  types-stale: breaking
EOF
rc=0
drift diff old.yaml new.yaml >out 2>err || rc=$?
expect_rc 1 "$rc" "policy types: severity breaking fails the default"
cat >.directus-drift.yaml <<'EOF'
types:
  - {file: gone.ts, sdk: 26}
EOF
rc=0
drift diff --fail-on dangerous old.yaml old.yaml >out 2>err || rc=$?
expect_rc 1 "$rc" "policy types: missing file is a finding"
contains out "the types file gone.ts cannot be read" "missing types file"
# check compares with the live side, which it cannot reach here: the
# policy is read before (bad entries are exit 3 at their position)
cat >.directus-drift.yaml <<'EOF'
types:
  - file: types.ts
    bigint: float
EOF
rc=0
drift diff old.yaml old.yaml >out 2>err || rc=$?
expect_rc 3 "$rc" "policy types: bad option"
contains err '.directus-drift.yaml:3:13: invalid bigint "float" in a types entry' \
    "policy types: bad option position"
cat >.directus-drift.yaml <<'EOF'
types:
  - lang: ts
EOF
rc=0
drift diff old.yaml old.yaml >out 2>err || rc=$?
expect_rc 3 "$rc" "policy types: no file"
contains err 'a types entry needs "file"' "policy types: no file message"
cat >.directus-drift.yaml <<'EOF'
types:
  - file: types.ts
    langs: ts
EOF
rc=0
drift diff old.yaml old.yaml >out 2>err || rc=$?
expect_rc 3 "$rc" "policy types: unknown key"
contains err 'unknown key "langs" in a types entry' "policy types: unknown key"
cd "$tmp"

# --- ci-examples/front-end-types.yml: its pre-build step, run for real ---
if python3 -c 'import yaml' 2>/dev/null; then
	python3 - "$DRIFT_TOP/ci-examples/front-end-types.yml" >step.sh <<'PY'
import sys, yaml
wf = yaml.safe_load(open(sys.argv[1]))
steps = {s.get("name"): s for s in wf["jobs"]["types"]["steps"]}
print(steps["Types are up to date"]["run"])
PY
	mkdir -p ci/.directus-drift ci/src && cd ci
	ln -s "$DRIFT_BIN" .directus-drift/directus-drift
	cp "$d3" schema.yaml
	drift types --sdk 26 schema.yaml -o src/directus.d.ts
	rc=0
	GITHUB_STEP_SUMMARY=$tmp/summary sh ../step.sh >out 2>err || rc=$?
	expect_rc 0 "$rc" "ci example: fresh types pass"
	cp "$tmp/plus.yaml" schema.yaml
	rc=0
	GITHUB_STEP_SUMMARY=$tmp/summary sh ../step.sh >out 2>err || rc=$?
	expect_rc 1 "$rc" "ci example: stale types fail"
	contains out "::error file=src/directus.d.ts" "ci example: annotation"
	contains "$tmp/summary" "+ Articles.summary: string|null" \
	    "ci example: job summary"
	cd "$tmp"
fi

finish
