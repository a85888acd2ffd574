#!/bin/sh
# e2e: "directus-drift types --lang graphql" (issue 13 item 3): the SDL
# Directus serves for a snapshot, with the types header; -o; determinism;
# --check fresh, reformatted (prettier-like: indentation, arguments one a
# line, definitions reordered, the spec's scalars left out), stale by one
# field, stale by a type change, not SDL, missing; field names GraphQL
# cannot have; and the body is the
# pinned fixtures/graphql/zoo.graphql (checked against a real Directus by
# tests/live/graphql_sdl.sh).
. "$(dirname "$0")/lib.sh"
zoo=$DRIFT_TOP/fixtures/graphql/zoo.yaml
cd "$tmp"

rc=0
drift types --lang graphql "$zoo" >out.graphql 2>err || rc=$?
expect_rc 0 "$rc" "types --lang graphql"
checks=$((checks + 1))
head -n 1 out.graphql | grep -q '^# directus-drift:types v1 lang=graphql sha256=[0-9a-f]\{64\}$' ||
    fail "the first line is the marker: $(head -n 1 out.graphql)"
tail -n +6 out.graphql >body.graphql
# the body is the pinned SDL (plus the final newline a file gets)
{ cat "$DRIFT_TOP/fixtures/graphql/zoo.graphql"; printf '\n'; } >want.graphql
expect_file want.graphql body.graphql "the SDL body is the pinned one"
rc=0
drift types --lang graphql "$zoo" >again.graphql || rc=$?
expect_file out.graphql again.graphql "deterministic"
rc=0
drift types --lang graphql -o file.graphql "$zoo" >stdout 2>err || rc=$?
expect_rc 0 "$rc" "-o FILE"
expect_file out.graphql file.graphql "-o FILE holds the SDL"
expect_file /dev/null stdout "-o: nothing on standard output"
# from standard input, as any source
rc=0
drift types --lang graphql - <"$zoo" >stdin.graphql 2>err || rc=$?
expect_rc 0 "$rc" "a snapshot on standard input"
expect_file out.graphql stdin.graphql "standard input gives the same SDL"

# --check: fresh
rc=0
drift types --lang graphql "$zoo" --check out.graphql >chk 2>&1 || rc=$?
expect_rc 0 "$rc" "--check: fresh"
# reformatted: CRLF, other indentation, the first argument on a line of
# its own, the marker kept (test_sdl_check covers reordering)
sed -e 's/^  /    /' -e 's/(\([a-z]*: [^,)]*\), /(\n      \1,\n      /' \
    out.graphql |
    awk '{ printf "%s\r\n", $0 }' >pretty.graphql
rc=0
drift types --lang graphql "$zoo" --check pretty.graphql >chk 2>&1 || rc=$?
expect_rc 0 "$rc" "--check: reformatted"
checks=$((checks + 1))
grep -q 'reformatted' chk || { fail "--check says reformatted"; cat chk; }
# stale by one field
grep -v '^  pin: Hash$' out.graphql >nofield.graphql
rc=0
drift types --lang graphql "$zoo" --check nofield.graphql >chk 2>&1 || rc=$?
expect_rc 1 "$rc" "--check: stale by one field"
checks=$((checks + 1))
grep -q '^  + posts.pin: Hash$' chk || { fail "the summary names the field"; cat chk; }
checks=$((checks + 1))
grep -q "regenerate with: directus-drift types .*zoo.yaml --lang graphql -o nofield.graphql" chk ||
    { fail "the summary gives the command"; cat chk; }
# stale by a type change
sed 's/^  views: GraphQLBigInt!$/  views: Int/' out.graphql >type.graphql
rc=0
drift types --lang graphql "$zoo" --check type.graphql >chk 2>&1 || rc=$?
expect_rc 1 "$rc" "--check: stale by a type change"
checks=$((checks + 1))
grep -q '^  ~ posts.views: Int -> GraphQLBigInt!$' chk || { fail "the summary names the change"; cat chk; }
# not SDL at all, and missing
printf 'query { posts { id } }\n' >query.graphql
rc=0
drift types --lang graphql "$zoo" --check query.graphql >chk 2>&1 || rc=$?
expect_rc 1 "$rc" "--check: not SDL"
checks=$((checks + 1))
grep -q "not GraphQL SDL: 1:1: 'query' is not a type-system definition" chk ||
    { fail "--check says where it is not SDL"; cat chk; }
rc=0
drift types --lang graphql "$zoo" --check missing.graphql >chk 2>&1 || rc=$?
expect_rc 3 "$rc" "--check: missing file"
# field names GraphQL cannot have (as a live Directus 11.17.4 does):
# starting with __, every /graphql request fails: no SDL, exit 3 at the
# field, -o left alone; another (n!me): left out with a warning, exit 0;
# TypeScript is emitted for both
bad=$DRIFT_TOP/fixtures/graphql/invalid-dunder-field.yaml
odd=$DRIFT_TOP/fixtures/graphql/invalid-field-name.yaml
printf 'kept\n' >kept.graphql
rc=0
drift types --lang graphql "$bad" -o kept.graphql >chk 2>&1 || rc=$?
expect_rc 3 "$rc" "a field name starting with __"
checks=$((checks + 1))
grep -q "invalid-dunder-field.yaml:14:5: field authors.__x starts with __" chk ||
    { fail "the error names the field and where it is"; cat chk; }
checks=$((checks + 1))
[ "$(cat kept.graphql)" = kept ] || fail "-o FILE is not touched on the error"
rc=0
drift types --lang graphql "$bad" --check out.graphql >chk 2>&1 || rc=$?
expect_rc 3 "$rc" "--check with a field name starting with __"
rc=0
drift types --lang graphql "$odd" >odd.graphql 2>chk || rc=$?
expect_rc 0 "$rc" "a field name that is not a GraphQL name"
checks=$((checks + 1))
grep -q "invalid-field-name.yaml:14:5: field authors.n!me is left out of the SDL" chk ||
    { fail "the warning names the field and where it is"; cat chk; }
checks=$((checks + 1))
if grep -q 'n!me' odd.graphql || ! grep -q '^type authors {$' odd.graphql; then
	fail "the field is left out, the collection stays"
fi
for f in "$bad" "$odd"; do
	rc=0
	drift types "$f" >bad.ts 2>chk || rc=$?
	expect_rc 0 "$rc" "--lang ts with $(basename "$f")"
done
rc=0
drift types --lang cobol "$zoo" >chk 2>&1 || rc=$?
expect_rc 2 "$rc" "--lang cobol"
checks=$((checks + 1))
grep -q "supported languages are ts, graphql" chk || { fail "--lang lists the languages"; cat chk; }

finish
