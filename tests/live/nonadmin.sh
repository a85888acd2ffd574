#!/usr/bin/env bash
# nonadmin.sh [DIR] [--read COLL,COLL...] [--no-app-access] [--print-token]
# Create (or reuse) a non-admin user with a static token on the instance of
# DIR (default: $DD_DIR of a sourced env.sh):
#   policy "drift-reader": admin_access false, app_access true (unless
#     --no-app-access), plus read permission on every field of each
#     collection of --read (default: articles,authors; "" for none)
#   role "drift-reader" holding that policy
#   user reader@example.com in that role, with a fresh random static token
# The token is written to DIR/nonadmin.token (mode 600), and
# DD_NONADMIN_TOKEN_FILE is added to DIR/env.sh.  Prints the token file's
# path on stdout; with --print-token prints the token itself instead (for
# `tok=$(...)`; never let it reach a log).
set -euo pipefail
. "$(dirname "$0")/lib.sh"

read_colls=articles,authors
app_access=true
print_token=0
dir=""
while [[ $# -gt 0 ]]; do
	case $1 in
	--read) [[ $# -ge 2 ]] || dd_die "--read needs a value"; read_colls=$2; shift 2 ;;
	--no-app-access) app_access=false; shift ;;
	--print-token) print_token=1; shift ;;
	-*) dd_die "unknown option $1" ;;
	*) dir=$1; shift ;;
	esac
done
if [[ -n $dir ]]; then dd_load_env "$dir"; fi
[[ -n ${DIRECTUS_URL:-} && -n ${DD_DIR:-} ]] || dd_die "no instance: pass DIR or source DIR/env.sh"
unset DD_TOKEN DD_TOKEN_FILE DD_NO_TOKEN
t0=$(dd_now_ms)

name=drift-reader
email=reader@example.com

# first_id PATH: id of the first item the GET returns, or nothing.
first_id() { dd_api GET "$1" | dd_json 'd["data"][0]["id"] if d["data"] else None'; }

policy=$(first_id "/policies?filter%5Bname%5D%5B_eq%5D=$name&fields=id")
if [[ -z $policy ]]; then
	policy=$(dd_api POST /policies - <<EOF | dd_json 'd["data"]["id"]'
{"name":"$name","icon":"badge","description":"directus-drift live tests: read-only schema access","admin_access":false,"app_access":$app_access,"enforce_tfa":false}
EOF
)
else
	dd_api_quiet PATCH "/policies/$policy" "{\"admin_access\":false,\"app_access\":$app_access}"
	# Start from no permissions, then grant the requested ones below.
	ids=$(dd_api GET "/permissions?filter%5Bpolicy%5D%5B_eq%5D=$policy&fields=id&limit=-1" |
		dd_json '[p["id"] for p in d["data"]]')
	if [[ $ids != "[]" ]]; then dd_api_quiet DELETE /permissions "$ids"; fi
fi

IFS=, read -r -a colls <<<"$read_colls"
for c in "${colls[@]}"; do
	[[ -n $c ]] || continue
	dd_api_quiet POST /permissions - <<EOF
{"policy":"$policy","collection":"$c","action":"read","fields":["*"],"permissions":{},"validation":{}}
EOF
done

role=$(first_id "/roles?filter%5Bname%5D%5B_eq%5D=$name&fields=id")
if [[ -z $role ]]; then
	role=$(dd_api POST /roles - <<EOF | dd_json 'd["data"]["id"]'
{"name":"$name","icon":"supervised_user_circle","description":"directus-drift live tests","policies":[{"policy":"$policy"}]}
EOF
)
fi

# Token and password go through a mode-600 temp file, never argv.
token=$(dd_random_hex 24)
password=$(dd_random_hex 12)
body=$(dd_mktemp)
user=$(first_id "/users?filter%5Bemail%5D%5B_eq%5D=$email&fields=id")
if [[ -z $user ]]; then
	printf '{"first_name":"Drift","last_name":"Reader","email":"%s","password":"%s","role":"%s","status":"active","token":"%s"}' \
		"$email" "$password" "$role" "$token" >"$body"
	user=$(dd_api POST /users "@$body" | dd_json 'd["data"]["id"]')
else
	printf '{"role":"%s","status":"active","token":"%s"}' "$role" "$token" >"$body"
	dd_api_quiet PATCH "/users/$user" "@$body"
fi
rm -f "$body"

tokfile=$DD_DIR/nonadmin.token
(umask 077 && printf '%s\n' "$token" >"$tokfile")
chmod 600 "$tokfile"

# The token must authenticate and must not be an admin's.
me=$(DD_TOKEN_FILE=$tokfile dd_api GET '/users/me?fields=id,email' | dd_json 'd["data"]["id"]')
[[ $me == "$user" ]] || dd_die "token of $email authenticates as '$me'"
code=$(DD_TOKEN_FILE=$tokfile dd_http GET /schema/snapshot)
[[ $code == 403 ]] || dd_die "non-admin token gets HTTP $code from /schema/snapshot (expected 403)"

if ! grep -q '^export DD_NONADMIN_TOKEN_FILE=' "$DD_DIR/env.sh"; then
	printf "export DD_NONADMIN_TOKEN_FILE='%s'\n" "$tokfile" >>"$DD_DIR/env.sh"
fi
dd_log "user $email (role $role, policy $policy, app_access $app_access, read: ${read_colls:-none}) ready ($(dd_elapsed "$t0"))"
if [[ $print_token == 1 ]]; then
	printf '%s\n' "$token"
else
	printf '%s\n' "$tokfile"
fi
