#!/usr/bin/env bash
# smoke.sh: end-to-end check of the live harness against a real Directus.
#   install (exit 77 when the npm registry is unreachable) -> up -> model ->
#   snapshot + content checks -> non-admin user + facts/samples -> for each
#   mutation: apply, snapshot, check the expected change, revert, check the
#   snapshot equals the original -> down.  Prints timings and a closing line
#   "smoke: N passed, N failed".
# Env: DD_SMOKE_DIR=DIR   use DIR instead of a fresh mktemp dir
#      DD_KEEP=1          keep the instance dir (instance is stopped anyway)
#      DD_UPDATE_EXAMPLES=1  copy the fresh samples into tests/live/examples
#                            (otherwise they are only compared with it)
set -euo pipefail
. "$(dirname "$0")/lib.sh"

t_all=$(dd_now_ms)
timings=()
# timed LABEL CMD...: run CMD, record its wall time.
timed() {
	local label=$1 t rc=0
	shift
	t=$(dd_now_ms)
	"$@" || rc=$?
	timings+=("$(printf '%-34s %s' "$label" "$(dd_elapsed "$t")")")
	return "$rc"
}

rc=0
timed "install" "$DD_LIVE_DIR/directus-install.sh" || rc=$?
if [[ $rc == 77 ]]; then
	echo "smoke: skipped: npm registry unreachable, Directus not installed"
	exit 77
elif [[ $rc != 0 ]]; then
	dd_die "directus-install.sh failed (exit $rc)"
fi

if [[ -n ${DD_SMOKE_DIR:-} ]]; then
	dir=$DD_SMOKE_DIR
	mkdir -p "$dir"
else
	dir=$(mktemp -d "${TMPDIR:-/tmp}/dd-smoke.XXXXXX")
fi
finish() {
	"$DD_LIVE_DIR/directus-down.sh" "$dir" || true
	if [[ ${DD_KEEP:-0} != 1 ]]; then rm -rf "$dir"; fi
}
dd_on_exit finish

timed "up (initdb+bootstrap+start)" "$DD_LIVE_DIR/directus-up.sh" "$dir" >/dev/null
dd_load_env "$dir"
timed "model" "$DD_LIVE_DIR/model.sh"

pass=0 fail=0
ok() { pass=$((pass + 1)); printf 'ok   %s\n' "$*"; }
ko() { fail=$((fail + 1)); printf 'FAIL %s\n' "$*"; }

base=$dir/base.json
timed "GET /schema/snapshot" dd_snapshot "$base"
if "$DD_PY" - "$base" <<'EOF'; then ok "snapshot has the model's collections, fields and relations"; else ko "snapshot content"; fi
import json, sys
d = json.load(open(sys.argv[1]))
want_c = {"content", "authors", "articles", "comments", "tags", "articles_tags",
          "languages", "articles_translations", "settings"}
have_c = {c["collection"]: c for c in d["collections"]}
missing = want_c - set(have_c)
f = {(x["collection"], x["field"]): x for x in d["fields"]}
r = {(x["collection"], x["field"]): x for x in d["relations"]}
checks = [
    (not missing, "collections missing: %s" % missing),
    ("schema" not in have_c.get("content", {}) or have_c["content"]["schema"] is None, "folder has a schema"),
    (have_c["settings"]["meta"]["singleton"] is True, "settings not singleton"),
    (have_c["articles"]["meta"]["group"] == "content", "articles not in folder"),
    (f[("articles", "title")]["schema"]["max_length"] == 255 and f[("articles", "title")]["meta"]["required"], "title"),
    (f[("articles", "title")]["schema"]["is_nullable"] is False, "title nullable"),
    (f[("articles", "views")]["type"] == "integer", "views"),
    (f[("articles", "price")]["schema"]["numeric_scale"] == 2, "price"),
    (f[("articles", "status")]["meta"]["options"]["choices"][0]["value"] == "published", "status choices"),
    (f[("articles", "comments")]["type"] == "alias" and f[("articles", "comments")]["meta"]["special"] == ["o2m"], "o2m alias"),
    (f[("articles", "topics")]["meta"]["special"] == ["m2m"], "m2m alias"),
    (f[("articles", "translations")]["meta"]["special"] == ["translations"], "translations alias"),
    (f[("articles", "image")]["meta"]["special"] == ["file"], "file field"),
    (r[("articles", "author")]["related_collection"] == "authors" and r[("articles", "author")]["schema"]["on_delete"] == "SET NULL", "m2o author"),
    (r[("articles", "image")]["related_collection"] == "directus_files", "image relation"),
    (r[("comments", "article")]["meta"]["one_field"] == "comments", "o2m relation"),
    (r[("articles_tags", "articles_id")]["meta"]["junction_field"] == "tags_id", "m2m junction"),
    (r[("articles_translations", "languages_code")]["related_collection"] == "languages", "translations relation"),
]
bad = [msg for good, msg in checks if not good]
if bad:
    print("snapshot checks failed: %s" % bad, file=sys.stderr)
    sys.exit(1)
EOF

tokfile=$("$DD_LIVE_DIR/nonadmin.sh")
if [[ $(stat -c %a "$tokfile") == 600 ]]; then ok "non-admin user + token file (mode 600)"; else ko "token file mode"; fi
dd_load_env "$dir"
timed "facts + samples" "$DD_LIVE_DIR/facts.sh" "$dir" "$dir/examples" >/dev/null
if grep -q 'is byte-identical' "$dir/examples/facts.txt"; then
	ok "API export=yaml is byte-identical to the CLI snapshot"
else
	ko "API export=yaml differs from the CLI snapshot"
fi
if [[ ${DD_UPDATE_EXAMPLES:-0} == 1 ]]; then
	mkdir -p "$DD_LIVE_DIR/examples"
	cp "$dir"/examples/* "$DD_LIVE_DIR/examples/"
	echo "examples: copied to $DD_LIVE_DIR/examples"
elif diff -r -q "$dir/examples" "$DD_LIVE_DIR/examples" >/dev/null 2>&1; then
	echo "examples: the committed samples are up to date"
else
	echo "examples: note: fresh samples differ from tests/live/examples (DD_UPDATE_EXAMPLES=1 to refresh)"
fi

# The change each mutation must show in the snapshot (a substring of a line
# of dd_snapshot_changes).
declare -A expect=(
	[remove-field]='- fields articles.views'
	[change-type]='type "integer" -> "string"'
	[add-required-field]='+ fields articles.subtitle'
	[tighten-nullability]='~ fields articles.body: schema.is_nullable true -> false'
	[narrow-length]='~ fields articles.title: schema.max_length 255 -> 100'
	[add-unique]='~ fields authors.email: schema.is_unique false -> true'
	[change-delete-rule]='~ relations articles.author: schema.on_delete "SET NULL" -> "CASCADE"'
	[remove-collection]='- collections comments'
	[add-collection]='+ collections events'
	[change-note]='~ fields articles.title: meta.note null -> "'
)

export DD_MUTATE_BASELINE=$base
mapfile -t names < <("$DD_LIVE_DIR/mutate.sh" --list)
for m in "${names[@]}"; do
	if ! timed "mutate $m" "$DD_LIVE_DIR/mutate.sh" "$m" 2>/dev/null; then
		ko "$m: apply"
		continue
	fi
	dd_snapshot "$dir/after-$m.json"
	changes=$(dd_snapshot_changes "$base" "$dir/after-$m.json")
	printf '%s\n' "$changes" | sed 's/^/       /'
	if [[ -n ${expect[$m]:-} && $changes == *"${expect[$m]}"* ]]; then
		ok "$m: snapshot shows the change"
	else
		ko "$m: expected a change like '${expect[$m]:-?}'"
	fi
	if ! timed "revert $m" "$DD_LIVE_DIR/mutate.sh" --revert "$m" 2>/dev/null; then
		ko "$m: revert"
		continue
	fi
	dd_snapshot "$dir/reverted-$m.json"
	if dd_same_snapshot "$base" "$dir/reverted-$m.json" 2>"$dir/revert-$m.diff"; then
		ok "$m: reverted snapshot equals the original"
	else
		ko "$m: reverted snapshot differs"
		head -n 40 "$dir/revert-$m.diff"
	fi
done

timed "down" "$DD_LIVE_DIR/directus-down.sh" "$dir"
if [[ -n $(cat "$dir/directus/pid" 2>/dev/null) || -f $dir/pg/data/postmaster.pid ]]; then
	ko "down left a process behind"
else
	ok "down stopped Directus and PostgreSQL"
fi

printf '\ntimings:\n'
printf '  %s\n' "${timings[@]}"
printf '  %-34s %s\n' "smoke total" "$(dd_elapsed "$t_all")"
printf 'smoke: %d passed, %d failed\n' "$pass" "$fail"
[[ $fail == 0 ]]
