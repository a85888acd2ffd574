#!/usr/bin/env bash
# run.sh: directus-drift against a real Directus 11.17.4 (make check-live).
#
#   install (exit 77: skipped) -> up (mktemp dir under /tmp) -> model ->
#   snapshot: byte-equal to GET /schema/snapshot?export=yaml|json and to
#   Directus's own CLI `schema snapshot` -> check: no changes ->
#   for each mutation of mutate.sh: apply, check (exit status per --fail-on
#   level, the exact set of changes pinned in expected/NAME.txt), revert,
#   check (exit 0, zero changes) -> non-admin token: exit 4 with the 403
#   message and hint, --least-privilege report pinned in
#   expected/least-privilege.txt -> no token in any output -> check vs curl
#   timing -> down.  Ends with "live: N passed, N failed".
#
# Env: DRIFT_BIN          the binary (default: ./directus-drift of the repo)
#      DD_KEEP=1          keep the instance dir (the instance is stopped)
#      DD_UPDATE_EXPECTED=1  write expected/*.txt from this run (then review
#                         them by hand: they are the test's verdicts)
#      DD_UPDATE_RESULTS=1   write the timings to tests/live/RESULTS.md
#      DD_TIMING_RUNS=N   runs of each timed command (default 11)
set -euo pipefail
. "$(dirname "$0")/lib.sh"

top=$(cd "$DD_LIVE_DIR/../.." && pwd)
DRIFT_BIN=${DRIFT_BIN:-$top/directus-drift}
[[ -x $DRIFT_BIN ]] || dd_die "DRIFT_BIN $DRIFT_BIN is not an executable (run make)"
expected_dir=$DD_LIVE_DIR/expected
t_all=$(dd_now_ms)
timings=()
timed() {
	local label=$1 t rc=0
	shift
	t=$(dd_now_ms)
	"$@" || rc=$?
	timings+=("$(printf '%-30s %s' "$label" "$(dd_elapsed "$t")")")
	return "$rc"
}

rc=0
timed "install (cached)" "$DD_LIVE_DIR/directus-install.sh" || rc=$?
if [[ $rc == 77 ]]; then
	echo "live: skipped: npm registry unreachable, Directus not installed"
	exit 77
elif [[ $rc != 0 ]]; then
	dd_die "directus-install.sh failed (exit $rc)"
fi

dir=$(mktemp -d /tmp/dd-live.XXXXXX)
finish() {
	"$DD_LIVE_DIR/directus-down.sh" "$dir" || true
	if [[ ${DD_KEEP:-0} != 1 ]]; then rm -rf "$dir"; else echo "kept $dir"; fi
}
dd_on_exit finish

timed "up" "$DD_LIVE_DIR/directus-up.sh" "$dir" >/dev/null
dd_load_env "$dir"
timed "model" "$DD_LIVE_DIR/model.sh"

# Every output of directus-drift and of the harness lands in $out, which
# is searched for the tokens at the end.
out=$dir/out
mkdir -p "$out"
cd "$out"
# The admin token, from its file, in the environment only.
DIRECTUS_TOKEN=$(<"$DD_ADMIN_TOKEN_FILE")
export DIRECTUS_TOKEN DIRECTUS_URL

pass=0 fail=0
ok() { pass=$((pass + 1)); printf 'ok   %s\n' "$*"; }
ko() { fail=$((fail + 1)); printf 'FAIL %s\n' "$*"; }
# check_ok DESC COND...: ok when the command succeeds.
check_ok() {
	local desc=$1
	shift
	if "$@"; then ok "$desc"; else ko "$desc"; fi
}
# show FILE: print a file indented (for failures).
show() { sed 's/^/       | /' "$1" | head -n 40; }

# drift NAME ARGS...: run directus-drift, stdout to NAME.out, stderr to
# NAME.err, exit status in $R.
R=0
drift() {
	local name=$1
	shift
	R=0
	"$DRIFT_BIN" "$@" >"$out/$name.out" 2>"$out/$name.err" || R=$?
}
# expect_rc NAME WANT DESC: $R must be WANT, else show the outputs.
expect_rc() {
	if [[ $R == "$2" ]]; then
		ok "$3 (exit $R)"
	else
		ko "$3: exit $R, expected $2"
		show "$out/$1.out"
		show "$out/$1.err"
	fi
}

# changes FILE: the changes of a JSON report, one sorted line each:
# "severity rule collection field path" ("-" for null).
changes() {
	"$DD_PY" - "$1" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
rows = sorted(" ".join(x if x is not None else "-" for x in
              (c["severity"], c["rule"], c["collection"], c["field"], c["path"]))
              for c in d["changes"])
for r in rows:
    print(r)
EOF
}
# no_changes FILE: a JSON report with no change at all and zero counts.
no_changes() {
	"$DD_PY" - "$1" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
s = d["summary"]
bad = d["changes"] or any(s[k] for k in ("breaking", "dangerous", "safe", "cosmetic", "ignored", "accepted")) or d["failed"]
sys.exit(1 if bad else 0)
EOF
}
# pinned NAME REPORT: the changes of REPORT equal expected/NAME.txt.
pinned() {
	local name=$1 report=$2 want=$expected_dir/$1.txt
	changes "$report" >"$out/$name.changes"
	if [[ ${DD_UPDATE_EXPECTED:-0} == 1 ]]; then
		mkdir -p "$expected_dir"
		cp "$out/$name.changes" "$want"
		echo "     (wrote $want)"
	fi
	if [[ ! -f $want ]]; then
		ko "$name: no $want"
		show "$out/$name.changes"
	elif diff -u "$want" "$out/$name.changes" >"$out/$name.changes.diff"; then
		ok "$name: reports exactly the changes of expected/$name.txt"
		sed 's/^/       /' "$want"
	else
		ko "$name: the changes differ from expected/$name.txt"
		show "$out/$name.changes.diff"
	fi
}

# --- snapshot ------------------------------------------------------------
snapfile=$out/schema.yaml
timed "drift snapshot" drift snapshot snapshot -o "$snapfile"
expect_rc snapshot 0 "snapshot -o schema.yaml"
code=$(dd_http GET '/schema/snapshot?export=yaml' "" "$out/api.yaml")
[[ $code == 200 ]] || dd_die "GET /schema/snapshot?export=yaml -> $code"
check_ok "snapshot equals GET /schema/snapshot?export=yaml byte for byte ($(wc -c <"$out/api.yaml") bytes)" \
	cmp "$snapfile" "$out/api.yaml"

# Directus's own CLI on the instance's .env (see README: run.js, not cli.js).
cli_snapshot() {
	(
		cd "$DD_DIR/directus"
		PATH="$(dd_node_bindir):$PATH" node "$(dd_directus_cli)" \
		    schema snapshot --yes "$out/cli.yaml"
	) >"$out/cli.log" 2>&1
}
if timed "directus schema snapshot" cli_snapshot; then
	check_ok "snapshot equals 'directus schema snapshot --yes FILE' byte for byte" \
		cmp "$snapfile" "$out/cli.yaml"
else
	ko "directus schema snapshot failed"
	show "$out/cli.log"
fi

drift snapshot-stdout snapshot
if [[ $R == 0 ]] && cmp -s "$out/snapshot-stdout.out" "$snapfile"; then
	ok "snapshot to standard output equals the -o file"
else
	ko "snapshot to standard output (exit $R)"
fi

# JSON, with the token from --token-file instead of the environment.
R=0
env -u DIRECTUS_TOKEN "$DRIFT_BIN" snapshot --format json \
    --token-file "$DD_ADMIN_TOKEN_FILE" -o "$out/schema.json" \
    >"$out/snapshot-json.out" 2>"$out/snapshot-json.err" || R=$?
expect_rc snapshot-json 0 "snapshot --format json --token-file"
check_ok "--token-file (mode 600): nothing on stderr" test ! -s "$out/snapshot-json.err"
code=$(dd_http GET '/schema/snapshot?export=json' "" "$out/api.json")
[[ $code == 200 ]] || dd_die "GET /schema/snapshot?export=json -> $code"
check_ok "snapshot --format json equals GET /schema/snapshot?export=json byte for byte" \
	cmp "$out/schema.json" "$out/api.json"

# --- check without changes ------------------------------------------------
drift check-clean check --snapshot "$snapfile"
expect_rc check-clean 0 "check on the unchanged instance"
check_ok "check text report says 'no changes'" grep -qx 'no changes' "$out/check-clean.out"
drift check-clean-json check --format json --snapshot "$snapfile"
expect_rc check-clean-json 0 "check --format json on the unchanged instance"
check_ok "check --format json: zero changes" no_changes "$out/check-clean-json.out"
drift check-clean-yamljson check --format json --snapshot "$out/schema.json"
check_ok "check of the JSON snapshot: exit 0, zero changes" \
	eval '[[ $R == 0 ]] && no_changes "$out/check-clean-yamljson.out"'

# --- issue 10 items 11 and 13: cut exports, 200 with errors ---------------
. "$DD_LIVE_DIR/trust.sh"

# --- issue 13: types --lang graphql equals the SDL Directus serves --------
# (its own instance: it applies other schemas)
timed "graphql sdl" check_ok "types --lang graphql: the SDL of a real Directus for 8 schemas (tests/live/graphql_sdl.sh)" \
	env DRIFT_BIN="$DRIFT_BIN" bash "$DD_LIVE_DIR/graphql_sdl.sh"

# --- mutations ------------------------------------------------------------
# The lowest --fail-on level each mutation fails (its most severe change),
# checked against what mutate.sh really does:
#   remove-field         DELETE articles.views             field-removed
#   change-type          views integer -> string           field-type-changed
#   add-required-field   subtitle required, NOT NULL       field-added-required
#   tighten-nullability  body NOT NULL, no default         field-not-null-added
#   narrow-length        title 255 -> 100                  field-max-length-reduced
#   add-unique           authors.email unique              field-unique-added
#   change-delete-rule   articles.author SET NULL->CASCADE relation-on-delete-changed
#   remove-collection    DELETE comments                   collection-removed
#   add-collection       POST events                       collection-added
#   change-note          title meta.note                   field-meta-changed
declare -A level=(
	[remove-field]=breaking
	[change-type]=breaking
	[add-required-field]=breaking
	[tighten-nullability]=breaking
	[narrow-length]=dangerous
	[add-unique]=dangerous
	[change-delete-rule]=dangerous
	[remove-collection]=breaking
	[add-collection]=safe
	[change-note]=any
)
# The level just above each one: --fail-on there must pass.
declare -A above=([any]=safe [safe]=dangerous [dangerous]=breaking)

base=$dir/base.json
dd_snapshot "$base"
export DD_MUTATE_BASELINE=$base
mapfile -t names < <("$DD_LIVE_DIR/mutate.sh" --list)
[[ ${#names[@]} == 10 ]] || ko "mutate.sh --list gives ${#names[@]} names, expected 10"
for m in "${names[@]}"; do
	lv=${level[$m]:-}
	if [[ -z $lv ]]; then
		ko "$m: no expected level in run.sh"
		continue
	fi
	echo "---- $m (fails from --fail-on $lv)"
	if ! timed "mutate $m" "$DD_LIVE_DIR/mutate.sh" "$m" 2>"$out/mutate-$m.log"; then
		ko "$m: mutate.sh failed"
		show "$out/mutate-$m.log"
		continue
	fi
	drift "$m" check --format json --snapshot "$snapfile"
	if [[ $lv == breaking ]]; then
		expect_rc "$m" 1 "$m: check --format json"
	else
		expect_rc "$m" 0 "$m: check --format json (default --fail-on breaking)"
		drift "$m-at" check --fail-on "$lv" --snapshot "$snapfile"
		expect_rc "$m-at" 1 "$m: check --fail-on $lv"
		if [[ ${above[$lv]} != breaking ]]; then
			drift "$m-above" check --fail-on "${above[$lv]}" --snapshot "$snapfile"
			expect_rc "$m-above" 0 "$m: check --fail-on ${above[$lv]}"
		fi
	fi
	pinned "$m" "$out/$m.out"
	drift "$m-text" check --fail-on "$lv" --snapshot "$snapfile"
	check_ok "$m: text report fails --fail-on $lv" \
		grep -qx "fails --fail-on $lv" "$out/$m-text.out"

	if ! timed "revert $m" "$DD_LIVE_DIR/mutate.sh" --revert "$m" 2>>"$out/mutate-$m.log"; then
		ko "$m: mutate.sh --revert failed"
		show "$out/mutate-$m.log"
		continue
	fi
	drift "$m-reverted" check --format json --fail-on any --snapshot "$snapfile"
	expect_rc "$m-reverted" 0 "$m reverted: check --fail-on any"
	if no_changes "$out/$m-reverted.out"; then
		ok "$m reverted: zero changes"
	else
		ko "$m reverted: changes remain (noise after a revert?)"
		changes "$out/$m-reverted.out" | sed 's/^/       | /'
	fi
done

# --- meta.required is the Data Studio's only (issue 10 item 3) -------------
# articles.body is a nullable text column.  Turning meta.required on is
# rated safe, and the REST API proves why: a create without body succeeds,
# while one without title (NOT NULL, no default) is rejected.
echo "---- require-nullable (meta.required on a nullable column)"
dd_api_quiet PATCH /fields/articles/body '{"meta":{"required":true}}'
drift require-nullable check --format json --snapshot "$snapfile"
expect_rc require-nullable 0 "require-nullable: check --format json (default --fail-on breaking)"
pinned require-nullable "$out/require-nullable.out"
drift require-nullable-safe check --fail-on safe --snapshot "$snapfile"
expect_rc require-nullable-safe 1 "require-nullable: check --fail-on safe"
drift require-nullable-dangerous check --fail-on dangerous --snapshot "$snapfile"
expect_rc require-nullable-dangerous 0 "require-nullable: check --fail-on dangerous"
code=$(dd_http POST /items/articles '{"title":"Created without body"}' "$out/create-no-body.json")
if [[ $code == 200 ]]; then
	ok "require-nullable: POST /items/articles without the meta.required body -> 200"
else
	ko "require-nullable: POST /items/articles without body -> HTTP $code, expected 200"
	show "$out/create-no-body.json"
fi
code=$(dd_http POST /items/articles '{"body":"no title"}' "$out/create-no-title.json")
if [[ $code == 400 ]]; then
	ok "require-nullable: POST /items/articles without title (NOT NULL, no default) -> 400"
else
	ko "require-nullable: POST /items/articles without title -> HTTP $code, expected 400"
	show "$out/create-no-title.json"
fi
if ! "$DD_LIVE_DIR/mutate.sh" --restore "$base" 2>"$out/require-nullable-restore.log"; then
	ko "require-nullable: mutate.sh --restore failed"
	show "$out/require-nullable-restore.log"
fi
drift require-nullable-reverted check --format json --fail-on any --snapshot "$snapfile"
check_ok "require-nullable reverted: exit 0, zero changes" \
	eval '[[ $R == 0 ]] && no_changes "$out/require-nullable-reverted.out"'

# --- non-admin token ------------------------------------------------------
tokfile=$("$DD_LIVE_DIR/nonadmin.sh" 2>"$out/nonadmin.log")
dd_load_env "$dir"
R=0
DIRECTUS_TOKEN=$(<"$tokfile") "$DRIFT_BIN" check --snapshot "$snapfile" \
    >"$out/nonadmin.out" 2>"$out/nonadmin.err" || R=$?
expect_rc nonadmin 4 "non-admin token: check"
for want in "$DIRECTUS_URL/schema/snapshot" "HTTP 403" \
    "You don't have permission to access this." "--least-privilege"; do
	check_ok "non-admin token: stderr has '$want'" \
		grep -qF -e "$want" "$out/nonadmin.err"
done
check_ok "non-admin token: no report on stdout" test ! -s "$out/nonadmin.out"

# --least-privilege, with the token from --token-file this time.
R=0
env -u DIRECTUS_TOKEN "$DRIFT_BIN" check --least-privilege --format json \
    --token-file "$tokfile" --snapshot "$snapfile" \
    >"$out/least-privilege.out" 2>"$out/least-privilege.err" || R=$?
# What the token cannot read is one note, not a change (issue 10 item 9).
expect_rc least-privilege 0 "non-admin token: check --least-privilege"
pinned least-privilege "$out/least-privilege.out"
if "$DD_PY" - "$out/least-privilege.out" <<'EOF'; then
import json, sys
d = json.load(open(sys.argv[1]))
rules = {c["rule"] for c in d["changes"]}
bad = []
if rules & {"collection-removed", "field-removed", "relation-removed", "field-renamed"}:
    bad.append("removal rules on a filtered side: %s" % sorted(rules))
if any(c["severity"] == "breaking" for c in d["changes"]):
    bad.append("breaking changes on a filtered side: %s" % sorted(rules))
hidden = [n for n in d["notes"] if "not visible to this token" in n]
if len(hidden) != 1:
    bad.append("%d notes naming what the token cannot see, expected 1" % len(hidden))
elif not all(("collection " + c) in hidden[0] for c in ("comments", "tags", "settings")):
    bad.append("the note does not name the hidden collections: %s" % hidden[0])
if d["new"]["filtered"] is not True or d["old"]["filtered"] is not False:
    bad.append("filtered flags: old %s new %s" % (d["old"]["filtered"], d["new"]["filtered"]))
if not any("may not see everything" in n for n in d["notes"]):
    bad.append("no note that the live side may be filtered")
if any("before Directus 9.23" in n for n in d["notes"]):
    bad.append("a note claims the live side predates Directus 9.23")
for b in bad:
    print("       | " + b)
sys.exit(1 if bad else 0)
EOF
	ok "least-privilege: no breaking change, one note naming what is hidden, filtered flag"
else
	ko "least-privilege: report content"
fi
R=0
env -u DIRECTUS_TOKEN "$DRIFT_BIN" check --least-privilege \
    --token-file "$tokfile" --snapshot "$snapfile" \
    >"$out/least-privilege-text.out" 2>"$out/least-privilege-text.err" || R=$?
expect_rc least-privilege-text 0 "non-admin token: check --least-privilege (text)"
check_ok "least-privilege text: one note names what is not visible to this token" \
	grep -q 'not visible to this token on .*(removed, or hidden by its permissions; not reported as changes): collection ' \
	"$out/least-privilege-text.out"

# --- timing: check vs a bare curl of /schema/snapshot -------------------------
hdr=$dir/auth.header
(umask 077 && printf 'Authorization: Bearer %s\n' "$(<"$DD_ADMIN_TOKEN_FILE")" >"$hdr")
nruns=${DD_TIMING_RUNS:-11}
# Also curl --compressed: directus-drift accepts gzip (a win over a real
# network), which costs the server a little on 127.0.0.1.
t_check=() t_curl=() t_curlz=()
for ((i = 0; i < nruns; i++)); do
	t=$(date +%s%N)
	"$DRIFT_BIN" check --snapshot "$snapfile" >/dev/null 2>>"$out/timing.err" || true
	t_check+=($(( ($(date +%s%N) - t) / 1000 )))
	t=$(date +%s%N)
	curl -s -H "@$hdr" "$DIRECTUS_URL/schema/snapshot" -o /dev/null || true
	t_curl+=($(( ($(date +%s%N) - t) / 1000 )))
	t=$(date +%s%N)
	curl -s --compressed -H "@$hdr" "$DIRECTUS_URL/schema/snapshot" -o /dev/null || true
	t_curlz+=($(( ($(date +%s%N) - t) / 1000 )))
done
rm -f "$hdr"
median() { printf '%s\n' "$@" | sort -n | sed -n "$(( ($# + 1) / 2 ))p"; }
ms() { awk -v x="$1" 'BEGIN { printf "%.1f", x / 1000 }'; }
m_check=$(median "${t_check[@]}")
m_curl=$(median "${t_curl[@]}")
m_curlz=$(median "${t_curlz[@]}")
ratio=$(awk -v a="$m_check" -v b="$m_curl" 'BEGIN { printf "%.2f", a / b }')
ratioz=$(awk -v a="$m_check" -v b="$m_curlz" 'BEGIN { printf "%.2f", a / b }')
echo "timing: check $(ms "$m_check") ms, curl $(ms "$m_curl") ms, ratio $ratio;" \
    "curl --compressed $(ms "$m_curlz") ms, ratio $ratioz" \
    "(medians of $nruns, interleaved)"

# --- no token anywhere ----------------------------------------------------
leak=0
for f in "$DD_ADMIN_TOKEN_FILE" "$tokfile"; do
	if grep -rqF -f "$f" "$out"; then leak=1; fi
done
check_ok "no token in any stdout, stderr or report of these runs" test "$leak" = 0

timed "down" "$DD_LIVE_DIR/directus-down.sh" "$dir"
total=$(dd_elapsed "$t_all")

printf '\ntimings:\n'
printf '  %s\n' "${timings[@]}"
printf '  %-30s %s\n' "total" "$total"

if [[ ${DD_UPDATE_RESULTS:-0} == 1 ]]; then
	{
		echo "# tests/live: results of run.sh"
		echo
		echo "Written by \`DD_UPDATE_RESULTS=1 make check-live\` on $(date -u +%Y-%m-%d)"
		echo "($(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) at the end;"
		echo "Directus $DD_DIRECTUS_VERSION on PostgreSQL 15, 127.0.0.1)."
		echo
		echo "## check vs curl"
		echo
		echo "\`directus-drift check --snapshot schema.yaml\` against a bare"
		echo "\`curl -s -H @headerfile URL/schema/snapshot -o /dev/null\` on the"
		echo "same warm instance, $nruns runs each, interleaved; medians:"
		echo
		echo "| command | median | check / it |"
		echo "| --- | --- | --- |"
		echo "| \`directus-drift check --snapshot schema.yaml\` | $(ms "$m_check") ms | |"
		echo "| \`curl -s -H @headerfile URL/schema/snapshot -o /dev/null\` | $(ms "$m_curl") ms | $ratio |"
		echo "| the same with \`--compressed\` (directus-drift asks for gzip) | $(ms "$m_curlz") ms | $ratioz |"
		echo
		echo "All runs (microseconds): check ${t_check[*]}; curl ${t_curl[*]};"
		echo "curl --compressed ${t_curlz[*]}."
		echo
		echo "## Steps"
		echo
		echo "| step | wall time |"
		echo "| --- | --- |"
		for l in "${timings[@]}"; do
			printf '| %s | %s |\n' "$(sed 's/  *[0-9.]*s$//' <<<"$l")" "${l##* }"
		done
		echo "| total | $total |"
		echo
		echo "Result: $pass passed, $fail failed."
	} >"$DD_LIVE_DIR/RESULTS.md"
	echo "wrote $DD_LIVE_DIR/RESULTS.md"
fi
printf 'live: %d passed, %d failed\n' "$pass" "$fail"
[[ $fail == 0 ]]
