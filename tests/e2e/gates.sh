#!/bin/sh
# e2e: the git gates of ci-examples/, in scratch repositories pushing to a
# local bare remote:
#   - pre-push: an existing branch (cosmetic passes, a removal is refused
#     and the remote keeps its commit); a new branch (compared with the
#     merge-base of the remote's default branch: refs/remotes/R/HEAD, else
#     main/master; a docs-only branch passes, one with a removal is
#     refused; no default branch: one line says so); the policy file's
#     fail-on and snapshot path; the hook's own settings winning over the
#     policy; a warning when the snapshot is in neither commit; the live
#     comparison only when asked and only when the push touches the
#     snapshot; a deleted branch;
#   - the pre-commit manifest (.pre-commit-hooks.yaml at the root): run by
#     the real pre-commit when it is installed (through "repo:" and "git
#     commit"), else emulated (entry relative to the hook repository,
#     args, then the staged file names matching "files"); the first commit
#     of schema.yaml, an empty repository, a removal, args, a snapshot in a
#     subdirectory, unstaged edits.
# Every push and commit that goes through must also have said something.
set -u
top=${DRIFT_TOP:?}
bin=${DRIFT_BIN:?}
ex=$top/ci-examples
fx=$top/fixtures/formats
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
fails=0
checks=0

fail() {
	printf 'FAIL: %s\n' "$*"
	fails=$((fails + 1))
}

if ! command -v git >/dev/null 2>&1; then
	echo "gates: skipped: git is missing"
	exit 77
fi

export GIT_AUTHOR_NAME=t GIT_AUTHOR_EMAIL=t@example.com
export GIT_COMMITTER_NAME=t GIT_COMMITTER_EMAIL=t@example.com
export GIT_CONFIG_NOSYSTEM=1 HOME="$tmp/home"
mkdir -p "$HOME"
git config --global init.defaultBranch main
git config --global advice.detachedHead false
unset DIRECTUS_URL DIRECTUS_TOKEN DIRECTUS_DRIFT_SNAPSHOT DIRECTUS_DRIFT_FAIL_ON \
    DIRECTUS_DRIFT_LIVE NO_COLOR FORCE_COLOR CLICOLOR_FORCE GITHUB_ACTIONS \
    GITLAB_CI 2>/dev/null || true
export DIRECTUS_DRIFT="$bin"

# variants of the fixture: cosmetic only (an icon), dangerous only (a
# shorter max length), and the fixture's new side (a removal, breaking)
sed 's/icon: person/icon: face/' "$fx/old.yaml" >"$tmp/cosmetic.yaml"
sed '63s/max_length: 255/max_length: 100/' "$fx/old.yaml" >"$tmp/dangerous.yaml"
cmp -s "$fx/old.yaml" "$tmp/dangerous.yaml" && fail "no dangerous variant"
removal=$fx/new.yaml

# repo NAME: a fresh repository with the hook and an empty bare remote
repo() {
	git init -q --bare "$tmp/$1.git"
	git init -q "$tmp/$1"
	cd "$tmp/$1" || exit 1
	cp "$ex/pre-push" .git/hooks/pre-push
	chmod +x .git/hooks/pre-push
	git remote add origin "$tmp/$1.git"
}

# push WANT WHAT ARGS...: git push ARGS, which must succeed (WANT ok) or
# be refused (WANT refused); the log is in $tmp/push.log.  A push that
# goes through must have said something (a report or a pre-push: line),
# unless quiet=1 (a deleted branch).
quiet=0
push() {
	want=$1
	what=$2
	shift 2
	checks=$((checks + 1))
	if git push "$@" >"$tmp/push.log" 2>&1; then
		got=ok
	else
		got=refused
	fi
	if [ "$got" != "$want" ]; then
		fail "pre-push: $what: $got, expected $want"
		sed 's/^/    /' "$tmp/push.log"
		return
	fi
	if [ "$got" = ok ] && [ "$quiet" != 1 ] &&
	    ! grep -q -e '^pre-push: ' -e '^passes' "$tmp/push.log"; then
		fail "pre-push: $what: went through silently"
		sed 's/^/    /' "$tmp/push.log"
	fi
}

# logged TEXT WHAT: the last push log has TEXT
logged() {
	checks=$((checks + 1))
	grep -q -F -- "$1" "$tmp/push.log" ||
	    { fail "pre-push: $2: log lacks '$1'"; sed 's/^/    /' "$tmp/push.log"; }
}
not_logged() {
	checks=$((checks + 1))
	! grep -q -F -- "$1" "$tmp/push.log" ||
	    { fail "pre-push: $2: log has '$1'"; sed 's/^/    /' "$tmp/push.log"; }
}

# ---- an existing branch, then new branches ----
repo one
cp "$fx/old.yaml" schema.yaml
git add schema.yaml && git commit -q -m one
# the first push of main: nothing to compare with, and it says so
push ok "first push of main" origin main
logged "pre-push: main: no commits beyond the merge-base with" "first push"
cp "$tmp/cosmetic.yaml" schema.yaml
git commit -q -am cosmetic
push ok "cosmetic change" origin main
pushed=$(git rev-parse HEAD)
cp "$removal" schema.yaml
git commit -q -am removal
push refused "removal on main" origin main
logged "field articles.views was removed" "removal on main"
logged "push refused by directus-drift" "removal on main"
checks=$((checks + 1))
[ "$(git --git-dir="$tmp/one.git" rev-parse main)" = "$pushed" ] ||
    fail "pre-push: the remote moved"
# the hook's own fail-on: never lets it through
git config directus-drift.failOn never
push ok "failOn never (git config)" origin main
git config --unset directus-drift.failOn
git push -q --no-verify origin main
# a new feature branch that only touches docs: compared with the
# merge-base of origin/main, no changes
git checkout -q -b docs
echo "docs" >README
git add README && git commit -q -m docs
push ok "new docs-only branch" origin docs
logged "no changes" "new docs-only branch"
# a new feature branch with the schema change already in it: refused
git checkout -q -b feature main
cp "$fx/old.yaml" schema.yaml
git commit -q -am "back to old"
git push -q --no-verify origin feature:base-for-feature
cp "$removal" schema.yaml
git commit -q -am "feature removes"
git checkout -q -b feature2 HEAD~1
git checkout -q main
cp "$fx/old.yaml" schema.yaml
git commit -q -am "main back to old"
git push -q --no-verify origin main
git checkout -q -b newfeat
cp "$removal" schema.yaml
git commit -q -am "new branch removes a field"
push refused "new branch with a removal" origin newfeat
logged "field articles.views was removed" "new branch with a removal"
checks=$((checks + 1))
git --git-dir="$tmp/one.git" rev-parse -q --verify newfeat >/dev/null &&
    fail "pre-push: the new branch reached the remote"
# a deleted branch is not compared
quiet=1
push ok "deleting a branch" origin :docs
quiet=0
cd "$tmp" || exit 1

# ---- refs/remotes/origin/HEAD names the default branch ----
repo two
cp "$removal" schema.yaml
git add schema.yaml && git commit -q -m "main: without views"
git checkout -q -b develop
cp "$fx/old.yaml" schema.yaml
git commit -q -am "develop: with views"
git push -q --no-verify origin main develop
git remote set-head origin develop
git checkout -q -b topic
echo "x" >notes && git add notes && git commit -q -m notes
# against main the branch would "add" views; against develop: nothing
push ok "new branch off origin/HEAD (develop)" origin topic
logged "pre-push: topic: schema.yaml against the merge-base with origin/develop" "origin/HEAD"
cd "$tmp" || exit 1

# ---- no default branch at all: one line says so ----
repo three
git checkout -q -b trunk
cp "$fx/old.yaml" schema.yaml
git add schema.yaml && git commit -q -m trunk
push ok "no default branch" origin trunk
logged "pre-push: trunk: new branch, and no default branch to compare with" \
    "no default branch"
cd "$tmp" || exit 1

# ---- the policy file: fail-on, and the snapshot path ----
repo four
mkdir cms
cp "$fx/old.yaml" cms/schema.yaml
printf 'fail-on: dangerous\nsnapshot: cms/schema.yaml  # the committed one\n' \
    >.directus-drift.yaml
git add . && git commit -q -m one
git push -q origin main
cp "$tmp/dangerous.yaml" cms/schema.yaml
git commit -q -am dangerous
push refused "policy fail-on dangerous, snapshot cms/schema.yaml" origin main
logged "max length of articles.title was reduced" "policy snapshot path"
logged "fails --fail-on dangerous" "policy fail-on"
# the hook's own variable wins over the policy
export DIRECTUS_DRIFT_FAIL_ON=breaking
push ok "DIRECTUS_DRIFT_FAIL_ON over the policy" \
    origin main
unset DIRECTUS_DRIFT_FAIL_ON
logged "passes --fail-on breaking" "DIRECTUS_DRIFT_FAIL_ON"
# a removal in the policy's snapshot is refused
cp "$removal" cms/schema.yaml
git commit -q -am removal
push refused "removal in the policy's snapshot" origin main
git reset -q --hard HEAD~1
git push -q --no-verify origin main
# a snapshot named nowhere the hook looks: a warning, not silence
git commit -q --allow-empty -m empty
export DIRECTUS_DRIFT_SNAPSHOT=db/none.yaml
push ok "snapshot in neither commit" \
    origin main
unset DIRECTUS_DRIFT_SNAPSHOT
logged "warning: main: db/none.yaml is in neither" "snapshot in neither commit"
cd "$tmp" || exit 1

# ---- the live comparison: opt-in, and only when the snapshot changed ----
repo five
cp "$fx/old.yaml" schema.yaml
git add . && git commit -q -m one
git push -q origin main
# the "live instance" (a file standing in for it) lacks a field
DIRECTUS_URL=$removal
export DIRECTUS_URL
echo docs >README && git add README && git commit -q -m docs
push ok "DIRECTUS_URL exported, live not asked for" origin main
not_logged "against $removal" "live not asked for"
echo more >>README && git commit -q -am docs2
export DIRECTUS_DRIFT_LIVE=1
push ok "live asked for, docs-only push" origin main
unset DIRECTUS_DRIFT_LIVE
logged "schema.yaml unchanged: live instance not compared" "docs-only live"
cp "$tmp/cosmetic.yaml" schema.yaml
git commit -q -am cosmetic
export DIRECTUS_DRIFT_LIVE=1
push refused "live asked for, snapshot changed" origin main
unset DIRECTUS_DRIFT_LIVE
logged "main against $removal: drift at or above" "live comparison named"
git config directus-drift.live true
push refused "live from git config" origin main
git config --unset directus-drift.live
unset DIRECTUS_URL
export DIRECTUS_DRIFT_LIVE=1
push refused "live asked for without DIRECTUS_URL" origin main
unset DIRECTUS_DRIFT_LIVE
logged "the live comparison is on but DIRECTUS_URL is not set" "no URL"
push ok "cosmetic change without live" origin main
cd "$tmp" || exit 1

# ---- pre-commit ----
# the hook repository: what "repo:" clones (the manifest at its root)
hookrepo=$tmp/hookrepo
mkdir -p "$hookrepo/ci-examples"
cp "$top/.pre-commit-hooks.yaml" "$hookrepo/"
cp "$ex/pre-commit" "$hookrepo/ci-examples/"
(cd "$hookrepo" && git init -q . && git add . && git commit -q -m hooks) ||
    fail "pre-commit: cannot make the hook repository"
hookrev=$(git -C "$hookrepo" rev-parse HEAD)
checks=$((checks + 1))
[ -f "$top/ci-examples/.pre-commit-hooks.yaml" ] &&
    fail "pre-commit: a manifest left in ci-examples/ (pre-commit reads only the root)"

# pc_config [ARGS-YAML]: .pre-commit-config.yaml using the hook repository
pc_config() {
	{
		printf 'repos:\n  - repo: %s\n    rev: %s\n    hooks:\n' \
		    "$hookrepo" "$hookrev"
		printf '      - id: directus-drift\n'
		[ $# -eq 0 ] || printf '        args: %s\n' "$1"
	} >.pre-commit-config.yaml
	git add .pre-commit-config.yaml
}

real_pc=""
if command -v pre-commit >/dev/null 2>&1 &&
    pre-commit --version >/dev/null 2>&1; then
	real_pc=$(command -v pre-commit)
	export PRE_COMMIT_HOME="$tmp/pc-home"
	echo "gates: pre-commit: the real one ($(pre-commit --version))"
else
	echo "gates: pre-commit is not installed: emulating it (the manifest's" \
	    "entry in the hook repository, args, the staged files matching" \
	    "files:)"
fi

# emulated pre-commit: read the manifest as pre-commit does and run the
# hook on the staged file names, unstaged changes set aside
pc_emulate() {
	python3 - "$hookrepo" <<'EOF'
import re, subprocess, sys, yaml
hookrepo = sys.argv[1]
hook = yaml.safe_load(open(hookrepo + "/.pre-commit-hooks.yaml"))[0]
cfg = yaml.safe_load(open(".pre-commit-config.yaml"))
args = cfg["repos"][0]["hooks"][0].get("args", [])
staged = subprocess.run(["git", "diff", "--staged", "--name-only",
                         "--diff-filter=ACMRTUXB", "-z"],
                        stdout=subprocess.PIPE, check=True).stdout
files = [f for f in staged.decode().split("\0")
         if f and re.search(hook.get("files", ""), f)]
if not files:
    sys.exit(0)
assert hook["language"] == "script"
entry = [hookrepo + "/" + hook["entry"].split()[0]] + hook["entry"].split()[1:]
cmd = entry + args + (files if hook.get("pass_filenames", True) else [])
# as pre-commit does: unstaged changes to tracked files are set aside,
# so the hook sees what is staged, and put back after it
patch = subprocess.run(["git", "diff", "--binary", "--no-color",
                        "--no-ext-diff"], stdout=subprocess.PIPE,
                       check=True).stdout
if patch:
    subprocess.run(["git", "checkout", "--", "."], check=True)
try:
    rc = subprocess.run(cmd).returncode
finally:
    if patch:
        subprocess.run(["git", "apply", "--whitespace=nowarn", "-"],
                       input=patch, check=True)
sys.exit(rc)
EOF
}

# commit WANT WHAT: "git commit" through the hook (real: the installed
# hook; emulated: the emulation, then the commit); the log in $tmp/pc.log
commit() {
	want=$1
	what=$2
	checks=$((checks + 1))
	if [ -n "$real_pc" ]; then
		# pre-commit shows a passing hook's output only with --verbose;
		# then the commit itself, through the installed hook
		if pre-commit run --verbose >"$tmp/pc.log" 2>&1; then got=ok; else got=refused; fi
		if git commit -q -m "$what" >>"$tmp/pc.log" 2>&1; then c=ok; else c=refused; fi
		[ "$c" = "$got" ] ||
		    fail "pre-commit: $what: 'pre-commit run' $got, 'git commit' $c"
	else
		if pc_emulate >"$tmp/pc.log" 2>&1; then
			git commit -q --no-verify -m "$what" >>"$tmp/pc.log" 2>&1
			got=ok
		else
			got=refused
		fi
	fi
	if [ "$got" != "$want" ]; then
		fail "pre-commit: $what: $got, expected $want"
		sed 's/^/    /' "$tmp/pc.log"
	fi
}
pc_logged() {
	checks=$((checks + 1))
	grep -q -F -- "$1" "$tmp/pc.log" ||
	    { fail "pre-commit: $2: log lacks '$1'"; sed 's/^/    /' "$tmp/pc.log"; }
}

# an empty repository: the very first commit adds schema.yaml
git init -q "$tmp/pc"
cd "$tmp/pc" || exit 1
if [ -n "$real_pc" ]; then
	pre-commit install >/dev/null || fail "pre-commit install"
fi
pc_config
cp "$fx/old.yaml" schema.yaml
git add schema.yaml
commit ok "the first commit of a repository (no HEAD)"
pc_logged "no commits yet" "empty repository"
cp "$tmp/cosmetic.yaml" schema.yaml
git add schema.yaml
commit ok "a cosmetic change"
cp "$removal" schema.yaml
git add schema.yaml
commit refused "a removal"
pc_logged "field articles.views was removed" "a removal"
checks=$((checks + 1))
[ "$(git log --oneline | wc -l)" -eq 2 ] || fail "pre-commit: the removal was committed"
# staged cosmetic, unstaged removal: what is staged is compared
git checkout -q -- schema.yaml
git reset -q
cp "$fx/old.yaml" schema.yaml
git add schema.yaml
cp "$removal" schema.yaml
commit ok "staged old, unstaged removal"
git checkout -q -- schema.yaml
# args from the config reach directus-drift
pc_config '[--fail-on, never]'
cp "$removal" schema.yaml
git add schema.yaml
commit ok "args: --fail-on never"
pc_config
git commit -q --no-verify -m config >/dev/null 2>&1 || true
# the first commit of a snapshot in a subdirectory, then its removal
mkdir cms
cp "$fx/old.yaml" cms/schema.yaml
git add cms/schema.yaml
commit ok "the first commit of cms/schema.yaml (not in HEAD)"
pc_logged "cms/schema.yaml: not in HEAD" "first commit of a snapshot"
cp "$removal" cms/schema.yaml
git add cms/schema.yaml
commit refused "a removal in cms/schema.yaml"
git checkout -q -- . 2>/dev/null
git reset -q --hard
# other files do not run the hook
echo notes >notes.txt
git add notes.txt
commit ok "a commit without a snapshot"
cd "$tmp" || exit 1

[ "$fails" -eq 0 ] || { echo "gates: $fails failure(s) in $checks checks"; exit 1; }
echo "gates: ok ($checks checks)"
