#!/bin/sh
# git:REV:PATH sources, in a scratch repository.
. "$(dirname "$0")/lib.sh"

command -v git >/dev/null 2>&1 || { echo "git: not installed"; exit 77; }
repo=$tmp/repo
mkdir "$repo"
cp "$DRIFT_TOP/fixtures/example/schema.yaml" "$repo/schema.yaml"
(
	cd "$repo"
	git init -q .
	git add schema.yaml
	git -c user.name=t -c user.email=t@example.com commit -qm one
	cp "$DRIFT_TOP/fixtures/example/live.yaml" schema.yaml
) || { fail "cannot set up the repository"; finish; }

cd "$repo"
rc=0
drift diff git:HEAD:schema.yaml schema.yaml >"$tmp/out" 2>"$tmp/err" || rc=$?
expect_rc 1 "$rc" "committed vs working tree"
checks=$((checks + 1))
head -n 1 "$tmp/out" >"$tmp/first"
printf '%s\n' "git:HEAD:schema.yaml (Directus 11.17.4, postgres) -> schema.yaml (Directus 11.17.4, postgres)" >"$tmp/want"
expect_file "$tmp/want" "$tmp/first" "origin names the revision"
grep -q '(git:HEAD:schema.yaml:307:5, field-removed)$' "$tmp/out" ||
    fail "locations point into the git source"
: >"$tmp/empty"
expect_file "$tmp/empty" "$tmp/err" "no messages"

rc=0
drift diff git:HEAD:schema.yaml git:HEAD:schema.yaml >"$tmp/out" 2>&1 || rc=$?
expect_rc 0 "$rc" "same revision twice"

rc=0
drift diff git:nosuchrev:schema.yaml schema.yaml >"$tmp/out" 2>"$tmp/err" || rc=$?
expect_rc 3 "$rc" "unknown revision"
checks=$((checks + 1))
grep -q "^directus-drift: cannot read 'git:nosuchrev:schema.yaml': .*nosuchrev" \
    "$tmp/err" || { fail "unknown revision message"; cat "$tmp/err"; }
expect_file "$tmp/empty" "$tmp/out" "no report on error"

rc=0
drift diff git:HEAD:absent.yaml schema.yaml >"$tmp/out" 2>"$tmp/err" || rc=$?
expect_rc 3 "$rc" "path absent at the revision"
grep -q "absent.yaml" "$tmp/err" || fail "absent path message"

rc=0
drift diff "git:-p:schema.yaml" schema.yaml >"$tmp/out" 2>"$tmp/err" || rc=$?
expect_rc 2 "$rc" "revision that looks like an option"
finish
