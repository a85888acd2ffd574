#!/bin/sh
# e2e: the terminal: per-command help ("CMD --help" and "help CMD" print
# the same, each command its own text listing only its options), the
# global help's command order, "help" errors; "rules --format json" for
# programs (the same rules as the text list); "snapshot" takes the policy
# file's url as "check" does and refuses the options it does not use.
. "$(dirname "$0")/lib.sh"

drift --help >"$tmp/global"
# the global help: commands in the order of use, every one listed
sed -n '/^commands:$/,/^$/s/^  \([a-z][a-z-]*\) .*/\1/p' "$tmp/global" \
    >"$tmp/order"
printf '%s\n' diff check snapshot types usage accept rules help >"$tmp/want"
# commands added later come after these
head -n 8 "$tmp/order" >"$tmp/first6"
expect_file "$tmp/want" "$tmp/first6" "global help: command order"

for cmd in $(cat "$tmp/order"); do
	rc=0
	drift "$cmd" --help >"$tmp/a" 2>"$tmp/err" || rc=$?
	expect_rc 0 "$rc" "$cmd --help"
	rc=0
	drift help "$cmd" >"$tmp/b" 2>>"$tmp/err" || rc=$?
	expect_rc 0 "$rc" "help $cmd"
	expect_file "$tmp/a" "$tmp/b" "'$cmd --help' is 'help $cmd'"
	checks=$((checks + 1))
	head -n 1 "$tmp/a" | grep -q "^usage: directus-drift $cmd" ||
	    fail "$cmd --help: first line: $(head -n 1 "$tmp/a")"
	checks=$((checks + 1))
	cmp -s "$tmp/a" "$tmp/global" && fail "$cmd --help is the global help"
	cp "$tmp/a" "$tmp/help-$cmd"
done
# each command's own options, not the others'
checks=$((checks + 1))
grep -q -- '--least-privilege' "$tmp/help-diff" || fail "diff --help lacks --least-privilege"
checks=$((checks + 1))
grep -q -- '--snapshot' "$tmp/help-diff" && fail "diff --help lists --snapshot"
checks=$((checks + 1))
grep -q -- '--fail-on' "$tmp/help-snapshot" && fail "snapshot --help lists --fail-on"
checks=$((checks + 1))
grep -q -- '--format FORMAT     yaml (default) or json' "$tmp/help-snapshot" ||
    fail "snapshot --help: its own --format"
checks=$((checks + 1))
grep -q -- '--reason TEXT' "$tmp/help-accept" || fail "accept --help lacks --reason"
# every option of every command is in the global help
for cmd in $(cat "$tmp/order"); do
	for o in $(grep -o -- '--[a-z][a-z-]*' "$tmp/help-$cmd" | sort -u); do
		checks=$((checks + 1))
		grep -q -- "  $o\\>\\|, $o\\>" "$tmp/global" ||
		    fail "global help lacks $o (of $cmd)"
	done
done

# a usage error names the command's help, and that help exists
for cmd in $(cat "$tmp/order"); do
	rc=0
	drift "$cmd" --no-such-option >"$tmp/out" 2>"$tmp/err" || rc=$?
	expect_rc 2 "$rc" "$cmd --no-such-option"
	checks=$((checks + 1))
	hint=$(sed -n "s/^directus-drift: try 'directus-drift \(help .*\)'\$/\1/p" "$tmp/err")
	[ "$hint" = "help $cmd" ] || fail "$cmd: usage hint: $(cat "$tmp/err")"
	rc=0
	# shellcheck disable=SC2086
	drift $hint >"$tmp/out" 2>"$tmp/err" || rc=$?
	expect_rc 0 "$rc" "the hint of $cmd ($hint)"
	expect_file "$tmp/help-$cmd" "$tmp/out" "'$hint' is '$cmd --help'"
done
# before a command is known: the global help
for a in --frob frobnicate "help dif"; do
	rc=0
	# shellcheck disable=SC2086
	drift $a >"$tmp/out" 2>"$tmp/err" || rc=$?
	expect_rc 2 "$rc" "$a"
	checks=$((checks + 1))
	tail -n 1 "$tmp/err" | grep -qx "directus-drift: try 'directus-drift help'" ||
	    fail "$a: usage hint: $(cat "$tmp/err")"
done

# help errors
rc=0
drift help dif >"$tmp/out" 2>"$tmp/err" || rc=$?
expect_rc 2 "$rc" "help dif"
checks=$((checks + 1))
grep -q "unknown command 'dif'; did you mean 'diff'?" "$tmp/err" ||
    fail "help dif: $(cat "$tmp/err")"
rc=0
drift help diff check >"$tmp/out" 2>"$tmp/err" || rc=$?
expect_rc 2 "$rc" "help with two commands"

# rules --format json: the rule table for programs
rc=0
drift rules --format json >"$tmp/rules.json" 2>"$tmp/err" || rc=$?
expect_rc 0 "$rc" "rules --format json"
drift rules | awk '{print $1}' >"$tmp/ids"
if command -v python3 >/dev/null 2>&1; then
	checks=$((checks + 1))
	python3 - "$tmp/rules.json" "$tmp/ids" <<'EOF' || fail "rules --format json"
import json, sys
d = json.load(open(sys.argv[1]))
ids = open(sys.argv[2]).read().split()
assert d["rules_version"] == 1, d.keys()
assert [r["id"] for r in d["rules"]] == ids, "ids differ from 'rules'"
for r in d["rules"]:
    assert list(r) == ["id", "severity", "entity", "watches", "summary",
                       "rationale", "example"], list(r)
    assert r["severity"] in ("cosmetic", "safe", "dangerous", "breaking")
    assert r["summary"] and r["rationale"], r["id"]
EOF
	rc=0
	drift rules --format json field-removed >"$tmp/one.json" 2>"$tmp/err" || rc=$?
	expect_rc 0 "$rc" "rules --format json RULE"
	checks=$((checks + 1))
	python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))
assert r["id"] == "field-removed" and r["severity"] == "breaking", r
' "$tmp/one.json" || fail "rules --format json field-removed"
fi
rc=0
drift rules --format sarif >"$tmp/out" 2>"$tmp/err" || rc=$?
expect_rc 2 "$rc" "rules --format sarif"
rc=0
drift rules --format json nope >"$tmp/out" 2>"$tmp/err" || rc=$?
expect_rc 2 "$rc" "rules --format json unknown"

# snapshot: the options it does not use are refused by name
for o in "--fail-on any" "--color always" -q "--format sarif" \
    --least-privilege "--label x" "--snapshot s.yaml"; do
	rc=0
	# shellcheck disable=SC2086
	drift snapshot $o --url http://127.0.0.1:9 >"$tmp/out" 2>"$tmp/err" || rc=$?
	expect_rc 2 "$rc" "snapshot $o"
done
checks=$((checks + 1))
grep -q "option '--snapshot' does not apply to 'snapshot'" "$tmp/err" ||
    fail "snapshot --snapshot: $(cat "$tmp/err")"

# snapshot takes the policy file's url, as check does; --url wins; a bad
# policy file is an input error as for check
if command -v python3 >/dev/null 2>&1; then
	spid=""
	trap 'rm -rf "$tmp"; [ -n "$spid" ] && kill "$spid" 2>/dev/null' EXIT
	unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY ALL_PROXY all_proxy
	. "$DRIFT_TOP/tests/fault/start.sh"
	fault_start "$tmp/server" 60
	spid=$last
	base="http://127.0.0.1:$(cat "$tmp/server/port")"
	mkdir "$tmp/p"
	printf 'url: %s/s/ok\n' "$base" >"$tmp/p/.directus-drift.yaml"
	rc=0
	(cd "$tmp/p" && DIRECTUS_TOKEN=tok drift snapshot -o s.yaml) \
	    >"$tmp/out" 2>"$tmp/err" || rc=$?
	expect_rc 0 "$rc" "snapshot with the policy's url"
	checks=$((checks + 1))
	grep -q '"/s/ok/schema/snapshot?export=yaml"' "$tmp/server/requests.log" ||
	    fail "snapshot did not ask the policy's url"
	expect_file "$DRIFT_TOP/fixtures/live/snapshot.yaml" "$tmp/p/s.yaml" \
	    "snapshot from the policy's url"
	rc=0
	(cd "$tmp" && DIRECTUS_TOKEN=tok drift snapshot \
	    --config p/.directus-drift.yaml) >"$tmp/out" 2>"$tmp/err" || rc=$?
	expect_rc 0 "$rc" "snapshot --config"
	rc=0
	(cd "$tmp/p" && DIRECTUS_TOKEN=tok drift snapshot \
	    --url "$base/s/ok,tag=other" -o s2.yaml) >"$tmp/out" 2>"$tmp/err" || rc=$?
	expect_rc 0 "$rc" "snapshot --url over the policy"
	checks=$((checks + 1))
	grep -q '"/s/ok,tag=other/schema/snapshot?export=yaml"' "$tmp/server/requests.log" ||
	    fail "--url does not win over the policy's url"
	printf 'url: ftp://x\n' >"$tmp/p/.directus-drift.yaml"
	rc=0
	(cd "$tmp/p" && drift snapshot) >"$tmp/out" 2>"$tmp/err" || rc=$?
	expect_rc 3 "$rc" "snapshot with a bad policy file"
fi
finish
