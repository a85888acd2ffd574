#!/usr/bin/env bash
# mutate.sh [-d DIR] NAME          apply one named schema change
# mutate.sh [-d DIR] --revert NAME put the schema back as it was before NAME
# mutate.sh [-d DIR] --restore FILE make the schema equal to snapshot FILE
# mutate.sh --list                 print the names, one a line
#
# Works on the instance of DIR (default: $DD_DIR of a sourced env.sh) as the
# admin, on the model that model.sh builds.  Every API call's HTTP status is
# checked; a failed call prints its body and exits 1.
#
# Before applying NAME the current schema snapshot is saved to
# DIR/mutate/NAME.before.json (or, when DD_MUTATE_BASELINE names a snapshot
# file you already took, that one is used and nothing is fetched);
# After applying, the snapshot is fetched again (DIR/mutate/NAME.after.json)
# and must differ from the baseline, else exit 1.
# --revert NAME applies the baseline back with Directus's own restore path
# (POST /schema/diff?force=true, then POST /schema/apply with the diff).
set -euo pipefail
. "$(dirname "$0")/lib.sh"

# name|description, in the order --list prints them.
MUTATIONS=(
	"remove-field|delete field articles.views"
	"change-type|articles.views integer -> string (PATCH type)"
	"add-required-field|add articles.subtitle string, required, NOT NULL, no default"
	"tighten-nullability|articles.body is_nullable true -> false (table empty)"
	"narrow-length|articles.title max_length 255 -> 100"
	"add-unique|authors.email is_unique false -> true"
	"change-delete-rule|relation articles.author on_delete SET NULL -> CASCADE"
	"remove-collection|delete collection comments (and its relation to articles)"
	"add-collection|add collection events (id, name, starts_at) in folder content"
	"change-note|change only meta.note of articles.title"
)

usage() {
	sed -n '2,6p' "$0" | sed 's/^# \{0,1\}//' >&2
	exit 2
}

dir=""
if [[ ${1:-} == -d ]]; then
	[[ $# -ge 2 ]] || usage
	dir=$2
	shift 2
fi
[[ $# -ge 1 ]] || usage

if [[ $1 == --list ]]; then
	for m in "${MUTATIONS[@]}"; do printf '%s\n' "${m%%|*}"; done
	exit 0
fi

if [[ -n $dir ]]; then dd_load_env "$dir"; fi
[[ -n ${DIRECTUS_URL:-} && -n ${DD_DIR:-} ]] || dd_die "no instance: pass -d DIR or source DIR/env.sh"
unset DD_TOKEN DD_TOKEN_FILE DD_NO_TOKEN
state=$DD_DIR/mutate
mkdir -p "$state"

known() {
	local m
	for m in "${MUTATIONS[@]}"; do [[ ${m%%|*} == "$1" ]] && return 0; done
	return 1
}

call() { dd_api_quiet "$1" "$2" -; }

apply() {
	case $1 in
	remove-field)
		dd_api_quiet DELETE /fields/articles/views ;;
	change-type)
		# Directus 11.17 alters the column in place (ALTER COLUMN ... TYPE).
		call PATCH /fields/articles/views <<'EOF'
{"type":"string","schema":{"max_length":255},"meta":{"interface":"input"}}
EOF
		;;
	add-required-field)
		call POST /fields/articles <<'EOF'
{"field":"subtitle","type":"string","meta":{"interface":"input","required":true,"width":"full"},"schema":{"is_nullable":false}}
EOF
		;;
	tighten-nullability)
		call PATCH /fields/articles/body <<'EOF'
{"schema":{"is_nullable":false}}
EOF
		;;
	narrow-length)
		call PATCH /fields/articles/title <<'EOF'
{"schema":{"max_length":100}}
EOF
		;;
	add-unique)
		call PATCH /fields/authors/email <<'EOF'
{"schema":{"is_unique":true}}
EOF
		;;
	change-delete-rule)
		# collection/field/related_collection must be sent too (11.17).
		call PATCH /relations/articles/author <<'EOF'
{"collection":"articles","field":"author","related_collection":"authors","schema":{"on_delete":"CASCADE"}}
EOF
		;;
	remove-collection)
		dd_api_quiet DELETE /collections/comments ;;
	add-collection)
		call POST /collections <<'EOF'
{"collection":"events","meta":{"icon":"event","group":"content","sort":8,"singleton":false},"schema":{},
 "fields":[{"field":"id","type":"integer","meta":{"hidden":true,"interface":"input","readonly":true},"schema":{"is_primary_key":true,"has_auto_increment":true}},
  {"field":"name","type":"string","meta":{"interface":"input","required":true},"schema":{"is_nullable":false}},
  {"field":"starts_at","type":"timestamp","meta":{"interface":"datetime"},"schema":{}}]}
EOF
		;;
	change-note)
		call PATCH /fields/articles/title <<'EOF'
{"meta":{"note":"Headline shown on the front page (changed by mutate.sh)"}}
EOF
		;;
	*) dd_die "unknown mutation '$1' (see --list)" ;;
	esac
}

case $1 in
--revert)
	[[ $# -eq 2 ]] || usage
	known "$2" || dd_die "unknown mutation '$2' (see --list)"
	base=${DD_MUTATE_BASELINE:-$state/$2.before.json}
	[[ -f $base ]] || dd_die "no baseline $base (was '$2' applied by this script?)"
	t=$(dd_now_ms)
	r=$(dd_restore "$base")
	dd_log "reverted $2 ($r, $(dd_elapsed "$t"))"
	;;
--restore)
	[[ $# -eq 2 && -f $2 ]] || usage
	t=$(dd_now_ms)
	r=$(dd_restore "$2")
	dd_log "restored $2 ($r, $(dd_elapsed "$t"))"
	;;
-*) usage ;;
*)
	[[ $# -eq 1 ]] || usage
	known "$1" || dd_die "unknown mutation '$1' (see --list)"
	# The baseline is kept only once the mutation succeeded, so a failed
	# or repeated run never replaces the state --revert goes back to.
	base=${DD_MUTATE_BASELINE:-$state/$1.before.json.new}
	if [[ -z ${DD_MUTATE_BASELINE:-} ]]; then
		dd_snapshot "$base"
		dd_on_exit "rm -f $(printf '%q' "$base")"
	fi
	t=$(dd_now_ms)
	apply "$1"
	t_apply=$(dd_elapsed "$t")
	# A 2xx is not proof: Directus answers DELETE /fields/C/F with 204 when
	# F does not exist, and PATCH /fields/C/F creates an alias field F.
	dd_snapshot "$state/$1.after.json"
	if dd_same_snapshot "$base" "$state/$1.after.json" 2>/dev/null; then
		dd_die "$1: the API calls succeeded but the schema snapshot did not change (already applied?)"
	fi
	if [[ -z ${DD_MUTATE_BASELINE:-} ]]; then mv "$base" "$state/$1.before.json"; fi
	dd_log "applied $1 ($t_apply; checked $(dd_elapsed "$t"))"
	;;
esac
