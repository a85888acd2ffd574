#!/bin/sh
# e2e: --label NAME (and the policy's label:) names the live side in every
# report instead of its URL, which CI keeps as a secret: the URL appears in
# no format's output, whichever side is live; without a label it does (the
# check can fail).  Live-side locations name the entity
# ("production: fields.articles.title"), never a line and column of a body
# nobody sees.  Bad labels are refused.  The live instance is
# tests/fault/server.py on 127.0.0.1.
. "$(dirname "$0")/lib.sh"

command -v python3 >/dev/null 2>&1 || { echo "label: python3 missing"; exit 77; }
spid=""
trap 'rm -rf "$tmp"; [ -n "$spid" ] && kill "$spid" 2>/dev/null' EXIT
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY ALL_PROXY all_proxy
. "$DRIFT_TOP/tests/fault/start.sh"
fault_start "$tmp/server" 900  # valgrind-e2e runs it for minutes
spid=$last
port=$(cat "$tmp/server/port")
secret=s3cr3t-tenant-91c4
url="http://127.0.0.1:$port/s/ok,file=snapshot-drifted.json,tag=$secret"
same="http://127.0.0.1:$port/s/ok,tag=$secret"
committed=$DRIFT_TOP/fixtures/live/snapshot.yaml
drifted=$DRIFT_TOP/fixtures/live/snapshot-drifted.json
DIRECTUS_TOKEN=tok
export DIRECTUS_TOKEN

# leaks FILE: 0 when the URL (or its host and port, or the secret part)
# is in FILE
leaks() {
	grep -q -e "$secret" -e "127.0.0.1:$port" "$1"
}

for fmt in text json sarif junit github gitlab markdown; do
	# the live side new (a field removed), then old (a field added: safe)
	for pair in "$committed $url" "$url $committed" "$drifted $same"; do
		# shellcheck disable=SC2086
		set -- $pair
		rc=0
		drift diff --fail-on safe --label production --format "$fmt" "$1" "$2" \
		    >"$tmp/out" 2>"$tmp/err" || rc=$?
		expect_rc 1 "$rc" "$fmt --label ($pair)"
		checks=$((checks + 1))
		leaks "$tmp/out" && fail "$fmt --label: the URL is in the report ($1 -> $2)"
		# GitLab Code Quality names no side, only the committed file
		[ "$fmt" = gitlab ] && continue
		checks=$((checks + 1))
		grep -q production "$tmp/out" ||
		    fail "$fmt --label: the label is not in the report"
		# the control: without a label the URL is there
		rc=0
		drift diff --format "$fmt" "$1" "$2" >"$tmp/out" 2>"$tmp/err" || rc=$?
		checks=$((checks + 1))
		leaks "$tmp/out" || fail "$fmt without --label: no URL (control)"
	done
	# several reports in one run, files and standard output
	rc=0
	drift diff --fail-on safe --label production --format "$fmt" -o "$tmp/r1.$fmt" \
	    --format json -o "$tmp/r.json" "$committed" "$url" >"$tmp/out" \
	    2>"$tmp/err" || rc=$?
	expect_rc 1 "$rc" "$fmt --label to files"
	for f in "$tmp/r1.$fmt" "$tmp/r.json" "$tmp/out"; do
		checks=$((checks + 1))
		leaks "$f" && fail "$fmt --label to files: the URL is in $(basename "$f")"
	done
done

# the policy's label does the same; --label wins over it
mkdir "$tmp/p"
printf 'label: staging  # the instance\n' >"$tmp/p/.directus-drift.yaml"
rc=0
(cd "$tmp/p" && drift diff --format sarif "$committed" "$url") >"$tmp/out" \
    2>"$tmp/err" || rc=$?
expect_rc 1 "$rc" "policy label"
checks=$((checks + 1))
leaks "$tmp/out" && fail "policy label: the URL is in the SARIF"
checks=$((checks + 1))
grep -q staging "$tmp/out" || fail "policy label: not used"
rc=0
(cd "$tmp/p" && drift diff --fail-on safe --label prod "$committed" "$url") >"$tmp/out" \
    2>"$tmp/err" || rc=$?
checks=$((checks + 1))
grep -q -- '-> prod (' "$tmp/out" || fail "--label does not win over the policy"
printf 'label: ""\n' >"$tmp/p/.directus-drift.yaml"
rc=0
(cd "$tmp/p" && drift diff "$committed" "$url") >"$tmp/out" 2>"$tmp/err" || rc=$?
expect_rc 3 "$rc" "policy: empty label"
checks=$((checks + 1))
grep -q '^directus-drift: .*\.directus-drift\.yaml:1:8: "label" ' \
    "$tmp/err" || { fail "policy: empty label message"; cat "$tmp/err"; }

# bad --label values are usage errors
for bad in "" "$(printf 'a\nb')" \
    "0123456789012345678901234567890123456789012345678901234567890123456789"; do
	rc=0
	drift diff --fail-on safe --label "$bad" "$committed" "$committed" >"$tmp/out" \
	    2>"$tmp/err" || rc=$?
	expect_rc 2 "$rc" "--label '$bad'"
done
# --label applies to the comparing commands only
rc=0
drift snapshot --label x --url "$same" >"$tmp/out" 2>"$tmp/err" || rc=$?
expect_rc 2 "$rc" "snapshot --label"

# live-side locations: the entity, not line:column of the body
rc=0
drift diff --fail-on safe "$drifted" "$same" >"$tmp/out" 2>"$tmp/err" || rc=$?
expect_rc 1 "$rc" "live new side"
checks=$((checks + 1))
grep -q "(http://127.0.0.1:$port/s/ok,tag=$secret: fields.articles.title, field-added)\$" \
    "$tmp/out" || { fail "live location names the entity"; cat "$tmp/out"; }
rc=0
drift diff --fail-on safe --label production "$drifted" "$same" >"$tmp/out" 2>"$tmp/err" || rc=$?
checks=$((checks + 1))
grep -q "(production: fields.articles.title, field-added)\$" \
    "$tmp/out" || { fail "labelled live location"; cat "$tmp/out"; }
checks=$((checks + 1))
grep -q "$url:[0-9]" "$tmp/out" && fail "a live location has a line number"
# SARIF points a live-side change at the committed file, not at the label
rc=0
drift diff --fail-on safe --label production --format sarif "$drifted" "$same" \
    >"$tmp/out" 2>"$tmp/err" || rc=$?
checks=$((checks + 1))
grep -q '"uri": "production' "$tmp/out" && fail "SARIF takes the label for a file"
finish
