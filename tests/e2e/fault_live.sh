#!/bin/sh
# fault_live.sh: check, snapshot and diff against tests/fault/server.py
# (127.0.0.1 only).  Asserts exit codes, messages, attempts, and that the
# token shows up in no output.  Skips (77) without python3.
set -u
LC_ALL=C
export LC_ALL
top=${DRIFT_TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
bin=${DRIFT_BIN:-$top/directus-drift}
command -v python3 >/dev/null 2>&1 || {
	echo "python3 not found: skipping the fault-injection tests"
	exit 77
}
tmp=$(mktemp -d)
spid=""
tpid=""
cleanup() {
	[ -n "$spid" ] && kill "$spid" 2>/dev/null
	[ -n "$tpid" ] && kill "$tpid" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' INT TERM
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY ALL_PROXY all_proxy \
	DIRECTUS_URL DIRECTUS_TOKEN

DRIFT_TOP=$top
. "$top/tests/fault/start.sh"
start() { # dir [--tls cert key]
	_d=$1
	shift
	fault_start "$_d" 120 "$@"
}
start "$tmp/plain"
spid=$last
B="http://127.0.0.1:$(cat "$tmp/plain/port")"
SECRET=s3cr3t-e2e-T0KEN
export DIRECTUS_TOKEN=$SECRET
cp "$top/fixtures/live/snapshot.yaml" "$tmp/schema.yaml"

fails=0
n=0
out=$tmp/out
err=$tmp/err
# run EXPECTED_RC ARGS...: runs the tool, checks the exit status and that
# the token is nowhere in its output
run() {
	want=$1
	shift
	n=$((n + 1))
	"$bin" "$@" >"$out" 2>"$err"
	rc=$?
	if [ "$rc" -ne "$want" ]; then
		echo "FAIL [$n] $*: exit $rc, expected $want"
		sed 's/^/  stderr: /' "$err" | head -5
		fails=$((fails + 1))
	fi
	if grep -q "s3cr3t" "$out" "$err"; then
		echo "FAIL [$n] $*: the token appears in the output"
		fails=$((fails + 1))
	fi
}
expect_err() { # fixed string expected on stderr
	if ! grep -qF -- "$1" "$err"; then
		echo "FAIL [$n]: stderr lacks '$1'"
		sed 's/^/  stderr: /' "$err" | head -5
		fails=$((fails + 1))
	fi
}
expect_out() {
	if ! grep -qF -- "$1" "$out"; then
		echo "FAIL [$n]: stdout lacks '$1'"
		fails=$((fails + 1))
	fi
}
attempts() { # scenario expected-count
	got=$(grep -c "\"scenario\": \"$1\"" "$tmp/plain/requests.log")
	if [ "$got" -ne "$2" ]; then
		echo "FAIL [$n]: $got requests for $1, expected $2"
		fails=$((fails + 1))
	fi
}

S=$tmp/schema.yaml
run 0 check --snapshot "$S" --url "$B/s/ok"
expect_out "no changes"
run 1 check --snapshot "$S" --url "$B/s/ok,file=snapshot-drifted.json"
expect_out "field articles.title was removed"
run 1 check --snapshot "$S" --url "$B/s/ok,file=snapshot-drifted.json" \
	--format json
expect_out '"origin": "http://127.0.0.1:'

# defaults: schema.yaml in the working directory and $DIRECTUS_URL
(cd "$tmp" && DIRECTUS_URL="$B/s/ok,tag=env" "$bin" check >"$out" 2>"$err")
[ $? -eq 0 ] || { echo "FAIL: check with the defaults"; fails=$((fails+1)); }
attempts "ok,tag=env" 1
run 2 check --snapshot "$S"
expect_err "no Directus instance: use --url URL or set DIRECTUS_URL"
run 2 check --snapshot "$S" --url "$B/s/ok" extra
run 2 check --snapshot "$S" --url "$B/s/ok" --token "$SECRET"
expect_err "there is no --token option"
run 2 check --snapshot "$S" --url "http://user:$SECRET@127.0.0.1:1/"
expect_err "contains a user name or password"
run 2 check --snapshot "$S" --url "$B/s/ok?access_token=$SECRET"
expect_err "has a query or fragment"

# HTTP statuses
run 4 check --snapshot "$S" --url "$B/s/ok,admin=0"
expect_err "/s/ok,admin=0/schema/snapshot: HTTP 403 Forbidden: You don't have permission to access this. (FORBIDDEN)"
expect_err "--least-privilege"
run 0 check --snapshot "$S" --url "$B/s/ok,admin=0" --least-privilege \
	--format json
expect_out '"filtered": true'
expect_out "does not reveal the database vendor"
if grep -qF "before Directus 9.23" "$out"; then
	echo "FAIL [$n]: a filtered live side is said to predate Directus 9.23"
	fails=$((fails + 1))
fi
run 4 check --snapshot "$S" --url "$B/s/401"
expect_err "HTTP 401 Unauthorized: Invalid user credentials. (INVALID_CREDENTIALS)"
expect_err "hint: the token is invalid or expired"
run 4 check --snapshot "$S" --url "$B/s/401,code=TOKEN_EXPIRED"
expect_err "the token has expired"
run 4 check --snapshot "$S" --url "$B/s/404"
expect_err "HTTP 404 Not Found"
expect_err "older than 9.23"
run 4 check --snapshot "$S" --url "$B/s/echo-token"
expect_err "Bad token Bearer [token]."
run 4 check --snapshot "$S" --url "$B/s/html"
expect_err "expected JSON, got an HTML page (Content-Type text/html"
run 4 check --snapshot "$S" --url "$B/s/badjson"
expect_err "/s/badjson:3:19: the instance sent an invalid snapshot"

# retries
run 0 check -v --snapshot "$S" --url "$B/s/503,n=1"
expect_err "/s/503,n=1/schema/snapshot -> 503, retrying in "
expect_err "(attempt 2 of 4)"
attempts "503,n=1" 2
run 4 check --snapshot "$S" --url "$B/s/503,n=99" --retries 1
expect_err "HTTP 503 Service Unavailable after 2 attempts"
attempts "503,n=99" 2
run 0 check --snapshot "$S" --url "$B/s/429,n=1,ra=1"
attempts "429,n=1,ra=1" 2
run 4 check --snapshot "$S" --url "$B/s/429,n=1,ra=600"
expect_err "asks to retry after 600 s, beyond the limit of 60 s of waiting"
attempts "429,n=1,ra=600" 1

# transport
run 4 check --snapshot "$S" --url "$B/s/truncated" --retries 0
expect_err "response body was truncated: got "
run 4 check --snapshot "$S" --url "$B/s/slow-headers,d=3" --timeout 1 \
	--retries 0
expect_err "no response from 127.0.0.1:"
run 4 check --snapshot "$S" --url "$B/s/oversized"
expect_err "response body exceeds the limit of 1073741824 bytes"
run 4 check --snapshot "$S" --url "http://127.0.0.1:9/" --retries 0
expect_err "cannot connect to 127.0.0.1:9"

# redirects
run 0 check --snapshot "$S" --url "$B/s/redirect-same"
run 4 check --snapshot "$S" --url "$B/s/redirect-other-host"
expect_err "refusing to follow a redirect from $B/s/redirect-other-host/schema/snapshot to http://localhost:"
expect_err "the token would leave the instance"
if grep -q '"host": "localhost' "$tmp/plain/requests.log"; then
	echo "FAIL: a request reached another host"
	fails=$((fails + 1))
fi
run 4 check --snapshot "$S" --url "$B/s/redirect-loop"
expect_err "too many redirects"

# tokens
unset DIRECTUS_TOKEN
run 2 check --snapshot "$S" --url "$B/s/ok"
expect_err "no token for the live instance"
printf '%s\n' "$SECRET" >"$tmp/tok"
chmod 600 "$tmp/tok"
run 0 check --snapshot "$S" --url "$B/s/ok,tag=tf" --token-file "$tmp/tok"
if grep -q "Bearer $SECRET\"" "$tmp/plain/requests.log"; then :; else
	echo "FAIL: the token file's token was not sent"
	fails=$((fails + 1))
fi
chmod 644 "$tmp/tok"
run 0 check --snapshot "$S" --url "$B/s/ok" --token-file "$tmp/tok"
expect_err "warning: token file \"$tmp/tok\" is readable by other users (mode 0644); chmod 600 it"
: >"$tmp/empty"
run 3 check --snapshot "$S" --url "$B/s/ok" --token-file "$tmp/empty"
expect_err "is empty"
export DIRECTUS_TOKEN=$SECRET

# snapshot
run 0 snapshot --url "$B/s/ok" -o "$tmp/snap.yaml"
cmp -s "$tmp/snap.yaml" "$top/fixtures/live/snapshot.yaml" || {
	echo "FAIL: snapshot -o is not the export byte for byte"
	fails=$((fails + 1))
}
cp "$tmp/snap.yaml" "$tmp/keep.yaml"
run 4 snapshot --url "$B/s/html" -o "$tmp/snap.yaml"
cmp -s "$tmp/snap.yaml" "$tmp/keep.yaml" || {
	echo "FAIL: a failed snapshot changed the output file"
	fails=$((fails + 1))
}
run 4 snapshot --url "$B/s/ok,yaml=server-info.json" -o "$tmp/snap.yaml"
expect_err "the instance sent an invalid snapshot"
cmp -s "$tmp/snap.yaml" "$tmp/keep.yaml" || {
	echo "FAIL: an invalid snapshot replaced the output file"
	fails=$((fails + 1))
}
run 0 snapshot --url "$B/s/ok" --format json
expect_out '	"directus": "11.13.0",'
run 2 snapshot --url "$B/s/ok" --format sarif
run 2 snapshot --url "$B/s/ok" --least-privilege

# diff of two live instances
run 1 diff "$B/s/ok" "$B/s/ok,file=snapshot-drifted.json"
expect_out "field articles.title was removed"

# TLS with a certificate made now
if command -v openssl >/dev/null 2>&1 && openssl req -x509 -newkey ec \
    -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 1 \
    -subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1 \
    -keyout "$tmp/key.pem" -out "$tmp/cert.pem" >/dev/null 2>&1; then
	start "$tmp/tls" --tls "$tmp/cert.pem" "$tmp/key.pem"
	tpid=$last
	T="https://127.0.0.1:$(cat "$tmp/tls/port")"
	run 4 check --snapshot "$S" --url "$T/s/ok"
	expect_err "TLS certificate of 127.0.0.1 is not trusted: "
	expect_err "hint: use --cacert FILE for a private CA"
	run 0 check --snapshot "$S" --url "$T/s/ok" --cacert "$tmp/cert.pem"
	run 4 check --snapshot "$S" --url "$T/s/redirect-downgrade" \
		--cacert "$tmp/cert.pem"
	expect_err "it would downgrade https to http"
else
	echo "openssl not usable: TLS cases skipped"
fi

echo "fault_live: $n runs, $fails failures"
[ "$fails" -eq 0 ]
