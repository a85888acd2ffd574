#!/usr/bin/env bash
# graphql_sdl.sh: `directus-drift types --lang graphql` against the SDL a
# real Directus 11.17.4 serves for the same schema (issue 13).
#
# For each snapshot below: apply it to a private Directus on PostgreSQL
# (POST /schema/diff?force=true, POST /schema/apply), fetch the SDL
# Directus serves (GET /server/specs/graphql) and the snapshot it exports
# now (GET /schema/snapshot), generate the SDL from that snapshot with
# directus-drift, and compare the two with graphql-js (gql_compare.mjs:
# buildSchema on both, findBreakingChanges and findDangerousChanges empty
# both ways, printSchema(lexicographicSortSchema()) equal).  The original
# file is compared too, so a snapshot exported by another database
# (SQLite) gives the same SDL.
#
# A fixture named invalid-* holds a field name GraphQL cannot have: see
# unservable() for what Directus does with it, and directus-drift.
#
# Snapshots: an empty project, the fixtures in fixtures/graphql/, and the
# corpus files (../shared/corpus) that Directus 11.17.4 applies to
# PostgreSQL; corpus ones are skipped, with a line, when the corpus is
# absent.  graphql-js is the one installed with Directus (graphql 16, from
# npm, in the live cache); node is the live cache's Node 22.
#
# Exit 0 all equal, 1 any differs, 77 Directus not installable.
# Prints "graphql-sdl: N passed, N failed, N skipped".
set -euo pipefail
. "$(dirname "$0")/lib.sh"

top=$(cd "$DD_LIVE_DIR/../.." && pwd)
DRIFT_BIN=${DRIFT_BIN:-$top/directus-drift}
[[ -x $DRIFT_BIN ]] || dd_die "DRIFT_BIN $DRIFT_BIN is not an executable"
corpus=${DRIFT_CORPUS:-$top/../shared/corpus}

rc=0
"$DD_LIVE_DIR/directus-install.sh" || rc=$?
if [[ $rc == 77 ]]; then
	echo "graphql-sdl: skipped: npm registry unreachable, Directus not installed"
	exit 77
elif [[ $rc != 0 ]]; then
	dd_die "directus-install.sh failed (exit $rc)"
fi
node=$(dd_node_bindir)/node
export GRAPHQL_JS=$(dd_cache_dir)/node_modules/graphql
[[ -f $GRAPHQL_JS/package.json ]] || dd_die "no graphql-js in $GRAPHQL_JS"

dir=$(mktemp -d /tmp/dd-gql.XXXXXX)
finish() {
	"$DD_LIVE_DIR/directus-down.sh" "$dir" || true
	if [[ ${DD_KEEP:-0} != 1 ]]; then rm -rf "$dir"; else echo "kept $dir"; fi
}
dd_on_exit finish
"$DD_LIVE_DIR/directus-up.sh" "$dir" >/dev/null
dd_load_env "$dir"
out=$dir/out
mkdir -p "$out"

pass=0 fail=0 skip=0
ok() { pass=$((pass + 1)); printf 'ok   %s\n' "$*"; }
ko() { fail=$((fail + 1)); printf 'FAIL %s\n' "$*"; }
sk() { skip=$((skip + 1)); printf 'skip %s\n' "$*"; }
show() { sed 's/^/       | /' "$1" | head -n 30; }

# apply FILE: make the instance's schema that of FILE
apply() {
	local f=$1 code
	# POST /schema/diff takes the snapshot as a JSON body
	"$DD_PY" -c 'import json, sys, yaml
t = open(sys.argv[1]).read()
try:
    d = json.loads(t)
except ValueError:
    d = yaml.safe_load(t)
json.dump(d.get("data", d) if isinstance(d, dict) else d, open(sys.argv[2], "w"))' \
		"$f" "$out/in.json" || return 1
	code=$(dd_http POST '/schema/diff?force=true' "@$out/in.json" "$out/diff.json")
	if [[ $code == 204 ]]; then
		return 0 # nothing to change
	fi
	[[ $code == 200 ]] || { show "$out/diff.json"; return 1; }
	"$DD_PY" -c 'import json,sys; json.dump(json.load(open(sys.argv[1]))["data"], open(sys.argv[2], "w"))' \
		"$out/diff.json" "$out/diffdata.json"
	code=$(dd_http POST /schema/apply "@$out/diffdata.json" "$out/apply.out")
	[[ $code == 204 ]] || { show "$out/apply.out"; return 1; }
}

# same_sdl WHAT LIVE OURS: Directus's SDL and ours, equal for graphql-js
same_sdl() {
	if "$node" "$DD_LIVE_DIR/gql_compare.mjs" "$2" "$3" >"$out/cmp.out" 2>"$out/cmp.err"; then
		ok "$1: $(cat "$out/cmp.out")"
	else
		ko "$1: the SDL differs from Directus's"
		show "$out/cmp.err"
	fi
}

# compare NAME FILE: what Directus serves for FILE's schema vs our SDL
compare() {
	local name=$1 f=$2 code
	# from an empty project: Directus cannot migrate every schema into
	# every other one (a primary key changing type, say)
	if [[ $f != "$out/empty.json" ]] && ! apply "$out/empty.json"; then
		ko "$name: Directus did not go back to an empty project"
		return
	fi
	if ! apply "$f"; then
		ko "$name: Directus did not apply it"
		return
	fi
	code=$(dd_http GET /server/specs/graphql "" "$out/live.graphql")
	[[ $code == 200 ]] || { ko "$name: GET /server/specs/graphql -> $code"; return; }
	if [[ $f == */fixtures/graphql/invalid-* ]]; then
		unservable "$name" "$f"
		return
	fi
	code=$(dd_http GET '/schema/snapshot?export=yaml' "" "$out/live.yaml")
	[[ $code == 200 ]] || { ko "$name: GET /schema/snapshot -> $code"; return; }
	for side in exported original; do
		local src=$out/live.yaml
		[[ $side == original ]] && src=$f
		if ! "$DRIFT_BIN" types --lang graphql "$src" >"$out/ours.graphql" 2>"$out/ours.err"; then
			ko "$name ($side snapshot): types --lang graphql failed"
			show "$out/ours.err"
			continue
		fi
		same_sdl "$name ($side snapshot)" "$out/live.graphql" "$out/ours.graphql"
	done
}

# unservable NAME FILE: a field name GraphQL cannot have
# (fixtures/graphql/invalid-*).  Starting with __ (invalid-dunder-*):
# Directus fails a GraphQL query, and directus-drift refuses the schema
# (exit 3).  Another (n!me): Directus answers queries, the SDL it serves
# is not SDL (graphql-js cannot parse it), and directus-drift's SDL, which
# leaves the field out with a warning, equals it without that field.
unservable() {
	local name=$1 f=$2 code rc bad answered=0
	code=$(dd_http POST /graphql '{"query":"{ __typename }"}' "$out/q.json")
	[[ $code == 200 ]] && ! grep -q '"errors"' "$out/q.json" && answered=1
	rc=0
	"$DRIFT_BIN" types --lang graphql "$f" >"$out/ours.graphql" 2>"$out/ours.err" || rc=$?
	if [[ $f == */invalid-dunder-* ]]; then
		if [[ $answered == 1 ]]; then
			ko "$name: Directus answered a GraphQL query ($code)"
		else
			ok "$name: Directus fails GraphQL queries (HTTP $code: $(head -c 120 "$out/q.json"))"
		fi
		if [[ $rc == 3 ]] && grep -q 'starts with __' "$out/ours.err"; then
			ok "$name: directus-drift refuses it (exit 3)"
		else
			ko "$name: directus-drift exit $rc, expected 3"
			show "$out/ours.err"
		fi
		return
	fi
	if [[ $answered == 1 ]]; then
		ok "$name: Directus answers GraphQL queries"
	else
		ko "$name: Directus fails a GraphQL query ($code)"
		show "$out/q.json"
	fi
	if "$node" -e 'const g = require(process.env.GRAPHQL_JS);
		g.buildSchema(require("fs").readFileSync(process.argv[1], "utf8"));' \
		"$out/live.graphql" 2>/dev/null; then
		ko "$name: graphql-js parses the SDL Directus serves"
	else
		ok "$name: the SDL Directus serves is not SDL"
	fi
	if [[ $rc != 0 ]] || ! grep -q 'is left out of the SDL' "$out/ours.err"; then
		ko "$name: directus-drift exit $rc, expected 0 and a warning"
		show "$out/ours.err"
		return
	fi
	# the field names of the fixture that are not GraphQL names, out of
	# Directus's SDL: then both are SDL, and equal
	bad=$(grep -o "field: .*" "$f" | sed 's/field: //' | grep -v '^[_A-Za-z][_0-9A-Za-z]*$' || true)
	cp "$out/live.graphql" "$out/live-ok.graphql"
	for n in $bad; do
		grep -vF "  $n" "$out/live-ok.graphql" >"$out/tmp.graphql" || true
		mv "$out/tmp.graphql" "$out/live-ok.graphql"
	done
	same_sdl "$name (Directus's without $bad)" "$out/live-ok.graphql" \
		"$out/ours.graphql"
}

printf '{"version":1,"directus":"%s","vendor":"postgres","collections":[],"fields":[],"relations":[]}\n' \
	"$DD_DIRECTUS_VERSION" >"$out/empty.json"
compare "empty project" "$out/empty.json"
for f in "$top"/fixtures/graphql/*.yaml "$top"/fixtures/graphql/*.json; do
	[[ -f $f ]] || continue
	compare "${f#"$top"/}" "$f"
done
# corpus files that Directus 11.17.4 applies to PostgreSQL as they are
for n in generated-11.17.4-sqlite-m2a-translations.yaml starters-simple-crm.json \
	starters-simple-ecommerce.json starters-help-center@a0d11a4.json \
	jaa@bca37a7.yaml purebhakti@da272a8.yaml; do
	if [[ ! -f $corpus/$n ]]; then
		sk "corpus/$n: no corpus at $corpus"
		continue
	fi
	compare "corpus/$n" "$corpus/$n"
done
printf 'graphql-sdl: %d passed, %d failed, %d skipped\n' "$pass" "$fail" "$skip"
[[ $fail == 0 ]]
