#!/bin/sh
# e2e: the policy file (.directus-drift.yaml) and "directus-drift accept".
# Uses fixtures/e2e/policy-basic: old.yaml -> new.yaml has three changes:
#   b152997cd87f field-removed articles.views          (breaking)
#   42f95eb41fbe field-removed legacy_posts.body       (breaking)
#   dd375701a5e2 field-default-changed articles.status (dangerous)
set -u
top=${DRIFT_TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
bin=${DRIFT_BIN:-$top/directus-drift}
fx=$top/fixtures/e2e/policy-basic
tmp=$(mktemp -d "${TMPDIR:-/tmp}/drift-policy.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
# keep git from finding a repository above the temporary directory
GIT_CEILING_DIRECTORIES=$(dirname "$tmp")
export GIT_CEILING_DIRECTORIES
unset DIRECTUS_URL DIRECTUS_TOKEN
fails=0
n=0

fail() {
	printf 'not ok %d - %s\n' "$n" "$1"
	[ -f "$tmp/out" ] && sed 's/^/#   out: /' "$tmp/out"
	[ -f "$tmp/err" ] && sed 's/^/#   err: /' "$tmp/err"
	fails=$((fails + 1))
}

# run EXPECTED-STATUS DESCRIPTION -- ARGS...: runs the binary in $PWD
run() {
	want=$1 desc=$2
	shift 3
	n=$((n + 1))
	"$bin" "$@" >"$tmp/out" 2>"$tmp/err"
	got=$?
	if [ "$got" -ne "$want" ]; then
		fail "$desc: exit $got, expected $want"
		return 1
	fi
	printf 'ok %d - %s\n' "$n" "$desc"
}

has() { # has FILE TEXT DESCRIPTION
	n=$((n + 1))
	if grep -qF -- "$2" "$1"; then
		printf 'ok %d - %s\n' "$n" "$3"
	else
		fail "$3: \"$2\" not in $(basename "$1")"
	fi
}

lacks() { # lacks FILE TEXT DESCRIPTION
	n=$((n + 1))
	if grep -qF -- "$2" "$1"; then
		fail "$3: \"$2\" in $(basename "$1")"
	else
		printf 'ok %d - %s\n' "$n" "$3"
	fi
}

cd "$tmp" || exit 1
cp "$fx/old.yaml" "$fx/new.yaml" .

# without a policy: two breaking changes fail
run 1 "no policy" -- diff old.yaml new.yaml
has "$tmp/out" "2 breaking, 1 dangerous" "no policy: counts"

# --config: ignore, severity override, accept
run 0 "policy via --config" -- diff --config "$fx/policy.yaml" old.yaml new.yaml
has "$tmp/out" "0 breaking, 0 dangerous, 1 safe, 0 cosmetic, 1 ignored, 1 accepted" \
    "policy: summary counts ignored and accepted"
lacks "$tmp/out" "legacy_posts.body" "policy: ignored change hidden"
run 0 "policy --verbose" -- diff -v --config "$fx/policy.yaml" old.yaml new.yaml
has "$tmp/out" "legacy collections are frozen" "verbose: ignore reason"
has "$tmp/out" "views dropped on purpose; front end updated in #123" \
    "verbose: accept reason"

# JSON: summary and per-change status
run 0 "policy json" -- diff --format json --config "$fx/policy.yaml" \
    old.yaml new.yaml
has "$tmp/out" '"ignored": 1' "json: summary.ignored"
has "$tmp/out" '"accepted": 1' "json: summary.accepted"
has "$tmp/out" '"status": "accepted"' "json: accepted status"
has "$tmp/out" '"reason": "legacy collections are frozen"' "json: reason"

# discovery in the working directory; fail-on from the file
sed 's/^fail-on: dangerous/fail-on: safe/' "$fx/policy.yaml" \
    >.directus-drift.yaml
run 1 "discovered policy, fail-on safe from the file" -- diff old.yaml new.yaml
has "$tmp/out" "fails --fail-on safe" "fail-on from the policy file"
run 0 "--fail-on on the command line wins" -- diff --fail-on dangerous \
    old.yaml new.yaml
rm .directus-drift.yaml

# discovery at the git repository root, from a subdirectory
if git init -q "$tmp/repo" >/dev/null 2>&1; then
	mkdir -p "$tmp/repo/sub"
	cp "$fx/policy.yaml" "$tmp/repo/.directus-drift.yml"
	cd "$tmp/repo/sub" || exit 1
	run 0 "discovered at the repository root" -- diff ../../old.yaml \
	    ../../new.yaml
	has "$tmp/out" "1 ignored, 1 accepted" "repository root policy applied"
	cd "$tmp" || exit 1
else
	echo "# git unavailable: repository-root discovery not tested"
fi

# an expired acceptance fails whatever --fail-on says, and says so
sed 's/2099-12-31/2020-01-31/' "$fx/policy.yaml" >expired.yaml
run 1 "expired acceptance fails with --fail-on never" -- diff \
    --fail-on never --config expired.yaml old.yaml new.yaml
has "$tmp/err" "acceptance of b152997cd87f (field-removed articles.views) expired on 2020-01-31 (expired.yaml:10:5)" \
    "expired: named on stderr"
has "$tmp/out" "fails: an acceptance in the policy file expired" \
    "expired: verdict"

# an acceptance that matches nothing is a note
printf 'accept:\n  - id: "000000000000"\n    reason: gone\n' >stale.yaml
run 1 "stale acceptance" -- diff --config stale.yaml old.yaml new.yaml
has "$tmp/out" "accept entry 000000000000 (stale.yaml:2:5) matches no change; remove it" \
    "stale acceptance: note"

# errors: exit 3 with file:line:column
printf 'fail-on: breaking\nignore:\n  - rule: field-remove\n' >bad.yaml
run 3 "unknown rule id" -- diff --config bad.yaml old.yaml new.yaml
has "$tmp/err" 'bad.yaml:3:11: unknown rule "field-remove"' "unknown rule: position"
has "$tmp/err" 'did you mean "field-removed"?' "unknown rule: suggestion"
printf 'url: https://cms.example.com\ntoken: abc\n' >tok.yaml
run 3 "token in the policy" -- diff --config tok.yaml old.yaml new.yaml
has "$tmp/err" "tok.yaml:2:1: tokens do not belong in the policy file" \
    "token: message"
run 3 "--config missing" -- diff --config nope.yaml old.yaml new.yaml
has "$tmp/err" "nope.yaml: cannot read config" "--config missing: message"
printf 'accept:\n  - id: b152997cd87f\n    reason: x\n    expires: 2026-02-30\n' \
    >date.yaml
run 3 "impossible date" -- diff --config date.yaml old.yaml new.yaml
has "$tmp/err" 'date.yaml:4:14: invalid date "2026-02-30"' "date: position"

# accept: creates the file, then diff honours it
mkdir acc && cd acc || exit 1
run 0 "accept creates the policy" -- accept --reason 'dropped "views"' \
    --expires 2099-01-01 b152997cd87f
has .directus-drift.yaml 'reason: "dropped \"views\""' "accept: quoted reason"
run 0 "accept appends" -- accept --reason frozen 42f95eb41fbe
run 0 "accepted changes" -- diff ../old.yaml ../new.yaml
has "$tmp/out" "0 breaking, 1 dangerous, 0 safe, 0 cosmetic, 2 accepted" \
    "accept: both accepted"
cp .directus-drift.yaml before.yaml
run 3 "accept refuses a duplicate id" -- accept --reason again b152997cd87f
has "$tmp/err" 'is already accepted' "duplicate: message"
n=$((n + 1))
if cmp -s before.yaml .directus-drift.yaml; then
	printf 'ok %d - duplicate: file untouched\n' "$n"
else
	fail "duplicate: file changed"
fi
run 2 "accept: malformed id" -- accept --reason x B152997CD87F
run 2 "accept: no reason" -- accept b152997cd87f
run 2 "accept: impossible date" -- accept --reason x --expires 2026-02-30 \
    dd375701a5e2
printf 'accept: [{id: aaaaaaaaaaaa, reason: x}]\n' >flow.yaml
cp flow.yaml flow.before
run 3 "accept refuses a flow sequence" -- accept --config flow.yaml \
    --reason x dd375701a5e2
has "$tmp/err" 'flow.yaml:1:9: cannot add the accept entry' "flow: position"
n=$((n + 1))
if cmp -s flow.before flow.yaml; then
	printf 'ok %d - flow: file untouched\n' "$n"
else
	fail "flow: file changed"
fi
cd "$tmp" || exit 1

# check: snapshot and url defaults from the policy file
mkdir -p chk/cms && cd chk || exit 1
printf 'snapshot: cms/schema.yaml\nurl: http://127.0.0.1:1\n' >policy.yaml
cd "$tmp" || exit 1
run 3 "check: snapshot from the policy, relative to it" -- check \
    --config chk/policy.yaml
has "$tmp/err" "chk/cms/schema.yaml" "check: resolved snapshot path"
cp old.yaml chk/cms/schema.yaml
DIRECTUS_TOKEN=e2e-not-a-secret
export DIRECTUS_TOKEN
run 4 "check: url from the policy" -- check --config chk/policy.yaml \
    --retries 0 --timeout 2
has "$tmp/err" "http://127.0.0.1:1" "check: the policy url is used"
DIRECTUS_URL=http://127.0.0.1:2
export DIRECTUS_URL
run 4 "check: DIRECTUS_URL wins over the policy url" -- check \
    --config chk/policy.yaml --retries 0 --timeout 2
has "$tmp/err" "http://127.0.0.1:2" "check: DIRECTUS_URL used"
run 4 "check: --url wins over both" -- check --config chk/policy.yaml \
    --url http://127.0.0.1:3 --retries 0 --timeout 2
has "$tmp/err" "http://127.0.0.1:3" "check: --url used"
unset DIRECTUS_URL DIRECTUS_TOKEN

printf '1..%d\n' "$n"
[ "$fails" -eq 0 ]
