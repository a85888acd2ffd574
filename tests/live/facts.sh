#!/usr/bin/env bash
# facts.sh DIR [OUTDIR]
# Record, from the instance of DIR (after model.sh), the facts the C
# implementation relies on, and save sample bodies to OUTDIR (default
# DIR/examples):
#   snapshot.yaml                GET /schema/snapshot?export=yaml, raw body
#   snapshot.json                GET /schema/snapshot, raw body ({"data":...})
#   http-errors.txt              status, Content-Type and body of the error
#                                cases (no token, invalid token, non-admin
#                                token, unknown route, ...)
#   nonadmin-collections.json    GET /collections with the non-admin token
#   nonadmin-relations.json      GET /relations   with the non-admin token
#   nonadmin-fields-articles.json GET /fields/articles with it
#   nonadmin-fields-summary.json (collection, field, type) of GET /fields with
#                                it (the raw body is ~200 KB of system fields)
#   facts.txt                    the summary printed on stdout
# Creates the non-admin user with nonadmin.sh when env.sh names none.
# Fails if a token would end up in OUTDIR.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

[[ $# -ge 1 && $# -le 2 ]] || { echo "usage: $0 DIR [OUTDIR]" >&2; exit 2; }
dd_load_env "$1"
out=${2:-$DD_DIR/examples}
mkdir -p "$out"
unset DD_TOKEN DD_TOKEN_FILE DD_NO_TOKEN
if [[ -z ${DD_NONADMIN_TOKEN_FILE:-} ]]; then
	"$DD_LIVE_DIR/nonadmin.sh" "$DD_DIR" >/dev/null
	dd_load_env "$DD_DIR"
fi
work=$DD_DIR/facts
mkdir -p "$work"
report=$work/facts.txt
: >"$report"
say() { printf '%s\n' "$*" | tee -a "$report"; }

# --- (a) API YAML export vs the CLI's `schema snapshot` -----------------------
code=$(dd_http GET '/schema/snapshot?export=yaml' "" "$out/snapshot.yaml")
[[ $code == 200 ]] || dd_die "GET /schema/snapshot?export=yaml -> $code"
code=$(dd_http GET /schema/snapshot "" "$out/snapshot.json")
[[ $code == 200 ]] || dd_die "GET /schema/snapshot -> $code"
code=$(dd_http GET '/schema/snapshot?export=json' "" "$work/export.json")
[[ $code == 200 ]] || dd_die "GET /schema/snapshot?export=json -> $code"

nb=$(dd_node_bindir)
cli=$(dd_directus_cli)
(
	cd "$DD_DIR/directus"
	PATH="$nb:$PATH" node "$cli" schema snapshot --yes "$work/cli.yaml" >"$work/cli.log" 2>&1
	PATH="$nb:$PATH" node "$cli" schema snapshot --yes --format json "$work/cli.json" >>"$work/cli.log" 2>&1
) || { cat "$work/cli.log" >&2; dd_die "directus schema snapshot failed"; }

describe_end() {
	# last bytes of a file, escaped
	tail -c 3 "$1" | od -An -c | tr -s ' ' | sed 's/^ //'
}
say "== (a) schema snapshot: API vs CLI (directus $DD_DIRECTUS_VERSION)"
if cmp -s "$out/snapshot.yaml" "$work/cli.yaml"; then
	say "GET /schema/snapshot?export=yaml is byte-identical to 'directus schema snapshot --yes FILE' ($(wc -c <"$work/cli.yaml") bytes; ends with: $(describe_end "$work/cli.yaml"))"
else
	say "GET /schema/snapshot?export=yaml DIFFERS from 'directus schema snapshot --yes FILE' (API $(wc -c <"$out/snapshot.yaml") bytes, CLI $(wc -c <"$work/cli.yaml") bytes)"
	diff "$out/snapshot.yaml" "$work/cli.yaml" | head -n 20 | tee -a "$report"
fi
"$DD_PY" - "$out/snapshot.json" "$work/cli.json" "$work/export.json" "$out/snapshot.yaml" <<'EOF' | tee -a "$report"
import json, sys
api_raw = open(sys.argv[1], "rb").read()
cli = open(sys.argv[2], "rb").read()
exp = open(sys.argv[3], "rb").read()
yml = open(sys.argv[4], "rb").read()
inner = api_raw[len(b'{"data":'):-1] if api_raw.startswith(b'{"data":') and api_raw.endswith(b"}") else None
print("CLI --format json (%d bytes, trailing newline: %s) == bytes of GET /schema/snapshot's \"data\" value: %s"
      % (len(cli), cli.endswith(b"\n"), inner == cli))
print("GET /schema/snapshot?export=json: %d bytes, tab-indented: %s, trailing newline: %s, same value as CLI json: %s"
      % (len(exp), exp.startswith(b'{\n\t"'), exp.endswith(b"\n"), json.loads(exp) == json.loads(cli)))
print("GET /schema/snapshot body: %d bytes, compact JSON, trailing newline: %s" % (len(api_raw), api_raw.endswith(b"\n")))
print("YAML: 2-space indent, sequences indented under their key ('  - collection: ...'), trailing newline: %s, CRLF: %s"
      % (yml.endswith(b"\n") and not yml.endswith(b"\n\n"), b"\r\n" in yml))
EOF

# --- (b) error statuses and bodies --------------------------------------------
errf=$out/http-errors.txt
: >"$errf"
probe() {
	local label=$1 path=$2 code ctype
	shift 2
	# shellcheck disable=SC2016 # expanded by the inner bash
	code=$(env "$@" DD_HEADERS_OUT="$work/h" bash -c '. "$1/lib.sh"; dd_http GET "$2" "" "$3"' _ "$DD_LIVE_DIR" "$path" "$work/b")
	ctype=$(tr -d '\r' <"$work/h" | sed -n 's/^[Cc]ontent-[Tt]ype: //p')
	{
		printf '### %s: GET %s\n' "$label" "$path"
		printf 'HTTP %s\nContent-Type: %s\n' "$code" "$ctype"
		cat "$work/b"
		printf '\n\n'
	} >>"$errf"
	say "$label: GET $path -> HTTP $code $(cat "$work/b")"
}
printf 'not-a-valid-token\n' >"$work/invalid.token"
chmod 600 "$work/invalid.token"
say "== (b) HTTP status and body"
probe "no token" /schema/snapshot DD_NO_TOKEN=1
probe "invalid token" /schema/snapshot DD_TOKEN_FILE="$work/invalid.token"
probe "non-admin token" /schema/snapshot DD_TOKEN_FILE="$DD_NONADMIN_TOKEN_FILE"
probe "non-admin token" '/schema/snapshot?export=yaml' DD_TOKEN_FILE="$DD_NONADMIN_TOKEN_FILE"
probe "admin token, unknown route" /no/such/route DD_TOKEN_FILE="$DD_ADMIN_TOKEN_FILE"
probe "no token, unknown route" /no/such/route DD_NO_TOKEN=1
probe "invalid token, unknown route" /no/such/route DD_TOKEN_FILE="$work/invalid.token"
probe "no token" /collections DD_NO_TOKEN=1
probe "no token" /server/health DD_NO_TOKEN=1
probe "admin token, unknown collection" /fields/no_such_collection DD_TOKEN_FILE="$DD_ADMIN_TOKEN_FILE"
probe "non-admin token, unreadable collection" /fields/comments DD_TOKEN_FILE="$DD_NONADMIN_TOKEN_FILE"

# --- (c) what the non-admin token sees -------------------------------------------
say "== (c) non-admin token (app_access, read on articles and authors)"
for p in collections relations; do
	code=$(DD_TOKEN_FILE=$DD_NONADMIN_TOKEN_FILE dd_http GET "/$p" "" "$out/nonadmin-$p.json")
	[[ $code == 200 ]] || dd_die "non-admin GET /$p -> $code"
done
code=$(DD_TOKEN_FILE=$DD_NONADMIN_TOKEN_FILE dd_http GET /fields/articles "" "$out/nonadmin-fields-articles.json")
[[ $code == 200 ]] || dd_die "non-admin GET /fields/articles -> $code"
code=$(DD_TOKEN_FILE=$DD_NONADMIN_TOKEN_FILE dd_http GET /fields "" "$work/nonadmin-fields.json")
[[ $code == 200 ]] || dd_die "non-admin GET /fields -> $code"
for p in collections fields relations; do
	code=$(dd_http GET "/$p" "" "$work/admin-$p.json")
	[[ $code == 200 ]] || dd_die "admin GET /$p -> $code"
done
"$DD_PY" - "$out" "$work" <<'EOF' | tee -a "$report"
import json, os, sys
out, work = sys.argv[1:3]
def load(p):
    with open(p) as f:
        return json.load(f)["data"]
na = {"collections": load(os.path.join(out, "nonadmin-collections.json")),
      "fields": load(os.path.join(work, "nonadmin-fields.json")),
      "relations": load(os.path.join(out, "nonadmin-relations.json"))}
ad = {k: load(os.path.join(work, "admin-%s.json" % k)) for k in na}
user = lambda c: not c.startswith("directus_")
summary = [[f["collection"], f["field"], f["type"]] for f in na["fields"]]
with open(os.path.join(out, "nonadmin-fields-summary.json"), "w") as f:
    json.dump({"note": "(collection, field, type) of every item of GET /fields with the non-admin token; the raw body is %d bytes" % os.path.getsize(os.path.join(work, "nonadmin-fields.json")),
               "fields": summary}, f, indent=1)
    f.write("\n")
for k in ("collections", "fields", "relations"):
    colls_na = sorted({i["collection"] for i in na[k]})
    colls_ad = sorted({i["collection"] for i in ad[k]})
    print("GET /%s: admin %d items (%d user-collection), non-admin %d items (%d user-collection)"
          % (k, len(ad[k]), sum(user(i["collection"]) for i in ad[k]), len(na[k]), sum(user(i["collection"]) for i in na[k])))
    print("  non-admin user collections: %s" % [c for c in colls_na if user(c)])
    print("  admin-only user collections: %s" % [c for c in colls_ad if user(c) and c not in colls_na])
nrel = [(r["collection"], r["field"], r["related_collection"]) for r in na["relations"] if user(r["collection"])]
print("  non-admin user relations: %s" % nrel)
arel = [(r["collection"], r["field"], r["related_collection"]) for r in ad["relations"] if user(r["collection"]) and (r["collection"], r["field"], r["related_collection"]) not in nrel]
print("  relations hidden from non-admin: %s" % arel)
# Are the visible items identical to the admin's?
def keyed(items):
    return {(i["collection"], i.get("field")): i for i in items}
for k in ("collections", "fields", "relations"):
    a, n = keyed(ad[k]), keyed(na[k])
    diff = [key for key in n if key in a and a[key] != n[key]]
    print("  %s visible to both but different: %d%s" % (k, len(diff), (" e.g. %s" % (diff[:3],)) if diff else ""))
EOF

# No token may end up in the samples.
for tf in "$DD_ADMIN_TOKEN_FILE" "$DD_NONADMIN_TOKEN_FILE"; do
	if grep -rqF -f "$tf" "$out"; then dd_die "a token leaked into $out"; fi
done
cp "$report" "$out/facts.txt"
dd_log "samples in $out"
