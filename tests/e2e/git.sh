#!/bin/sh
# git:REV:PATH and git:A...B:PATH (merge-base) sources, in a scratch
# repository.
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

# ---- git:A...B:PATH: PATH at the merge-base of A and B ----
fx=$DRIFT_TOP/fixtures/formats
mb=$tmp/mb
mkdir "$mb"
(
	cd "$mb"
	export GIT_AUTHOR_NAME=t GIT_AUTHOR_EMAIL=t@example.com
	export GIT_COMMITTER_NAME=t GIT_COMMITTER_EMAIL=t@example.com
	git init -q -b main .
	cp "$fx/old.yaml" schema.yaml
	git add schema.yaml && git commit -qm base
	git checkout -qb feature
	echo docs >README && git add README && git commit -qm docs
	git checkout -q main
	# main moves on: a field removed there, after the branch point
	cp "$fx/new.yaml" schema.yaml && git commit -qam "main removes"
	git checkout -q feature
	git checkout -q --orphan lone && git commit -qm lone
	git checkout -q feature
) >/dev/null 2>&1 || { fail "cannot set up the merge-base repository"; finish; }
cd "$mb"
# the branch changed nothing: against the tip of main it would look
# like main's removal undone (an addition), against the merge-base it is
# nothing at all
rc=0
drift diff git:main...HEAD:schema.yaml schema.yaml >"$tmp/out" 2>"$tmp/err" || rc=$?
expect_rc 0 "$rc" "merge-base: a branch that changed nothing"
checks=$((checks + 1))
grep -qx 'no changes' "$tmp/out" || fail "merge-base: changes reported: $(cat "$tmp/out")"
head -n 1 "$tmp/out" >"$tmp/first"
printf '%s\n' "git:main...HEAD:schema.yaml (Directus 11.17.4, postgres) -> schema.yaml (Directus 11.17.4, postgres)" >"$tmp/want"
expect_file "$tmp/want" "$tmp/first" "merge-base: origin as given"
expect_file "$tmp/empty" "$tmp/err" "merge-base: no messages"
# the tip of main differs: a safe addition (views is back)
rc=0
drift diff --fail-on safe git:main:schema.yaml schema.yaml >"$tmp/out" 2>&1 || rc=$?
expect_rc 1 "$rc" "tip of main differs from the branch"
# an empty side is HEAD, as in git
rc=0
drift diff git:main...:schema.yaml schema.yaml >"$tmp/out" 2>&1 || rc=$?
expect_rc 0 "$rc" "merge-base: empty side is HEAD"
# a branch made after main removed the field sees it removed vs the base
git checkout -q main 2>/dev/null
rc=0
drift diff git:feature...main:schema.yaml schema.yaml >"$tmp/out" 2>&1 || rc=$?
expect_rc 1 "$rc" "merge-base: main's removal against the base"
checks=$((checks + 1))
grep -q 'field articles.views was removed (git:feature...main:schema.yaml:' "$tmp/out" ||
    fail "merge-base: location names the source as given: $(cat "$tmp/out")"
git checkout -q feature 2>/dev/null
# errors name the revisions
rc=0
drift diff git:nosuch...HEAD:schema.yaml schema.yaml >"$tmp/out" 2>"$tmp/err" || rc=$?
expect_rc 3 "$rc" "merge-base: unknown revision"
checks=$((checks + 1))
grep -q "^directus-drift: cannot read 'git:nosuch...HEAD:schema.yaml': no merge-base of 'nosuch' and 'HEAD': .*nosuch" \
    "$tmp/err" || fail "merge-base: unknown revision message: $(cat "$tmp/err")"
expect_file "$tmp/empty" "$tmp/out" "merge-base: no report on error"
rc=0
drift diff git:main...lone:schema.yaml schema.yaml >"$tmp/out" 2>"$tmp/err" || rc=$?
expect_rc 3 "$rc" "merge-base: unrelated histories"
checks=$((checks + 1))
grep -qx "directus-drift: cannot read 'git:main...lone:schema.yaml': 'main' and 'lone' have no common ancestor" \
    "$tmp/err" || fail "merge-base: no common ancestor message: $(cat "$tmp/err")"
rc=0
drift diff git:main...-p:schema.yaml schema.yaml >"$tmp/out" 2>"$tmp/err" || rc=$?
expect_rc 2 "$rc" "merge-base: B looks like an option"
rc=0
drift diff git:a...b...c:schema.yaml schema.yaml >"$tmp/out" 2>"$tmp/err" || rc=$?
expect_rc 2 "$rc" "merge-base: two '...'"
rc=0
drift diff git:main...HEAD:absent.yaml schema.yaml >"$tmp/out" 2>"$tmp/err" || rc=$?
expect_rc 3 "$rc" "merge-base: path absent at the base"
checks=$((checks + 1))
grep -q "git:main...HEAD:absent.yaml" "$tmp/err" || fail "merge-base: absent path message"

# a full object name is shown short (12 digits); a ref name as given
sha=$(git rev-parse HEAD)
rc=0
drift diff "git:$sha:schema.yaml" schema.yaml >"$tmp/out" 2>&1 || rc=$?
expect_rc 0 "$rc" "full sha source"
head -n 1 "$tmp/out" >"$tmp/first"
short=$(printf '%.12s' "$sha")
printf '%s\n' "git:$short:schema.yaml (Directus 11.17.4, postgres) -> schema.yaml (Directus 11.17.4, postgres)" >"$tmp/want"
expect_file "$tmp/want" "$tmp/first" "full sha shown short"
base=$(git merge-base main HEAD)
rc=0
drift diff --format json "git:$sha...main:schema.yaml" schema.yaml >"$tmp/out" 2>&1 || rc=$?
expect_rc 0 "$rc" "sha...ref source"
checks=$((checks + 1))
grep -q "\"git:$short...main:schema.yaml\"" "$tmp/out" || fail "sha...ref origin: $(head -c 300 "$tmp/out")"
finish
