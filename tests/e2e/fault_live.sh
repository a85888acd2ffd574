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

# issue 10 item 13: a 200 whose body is {"errors": [...]}
run 4 check --snapshot "$S" --url "$B/s/200-errors"
expect_err "/s/200-errors/schema/snapshot: HTTP 200 OK: You don't have permission to access collection \"directus_fields\". (FORBIDDEN)"
run 4 check --snapshot "$S" --url "$B/s/200-errors,code=INVALID_QUERY" \
	--least-privilege
expect_err "HTTP 200 OK: You don't have permission"
expect_err "(INVALID_QUERY)"

# item 16: a redirect carrying the token (path and query) is never shown
# with it: refused, followed then failing, and in the -v log (run() greps
# every output for the token)
run 4 check --snapshot "$S" --url "$B/s/redirect-token,to=other"
expect_err "to http://localhost:"
expect_err "/s/404/[token]/schema/snapshot: the token would leave"
run 4 check -v --snapshot "$S" --url "$B/s/redirect-token,to=same"
expect_err "following the redirect to $B/s/404/[token]/schema/snapshot"
expect_err "$B/s/404/[token]/schema/snapshot: HTTP 404 Not Found"
run 4 snapshot -v --url "$B/s/redirect-token,to=same"
expect_err "/s/404/[token]/schema/snapshot"

# item 14: a gzip bomb (1 GiB of spaces, about 1 MiB on the wire) is
# refused while it is decoded, long before 1 GiB is held
if [ -x /usr/bin/time ]; then
	n=$((n + 1))
	/usr/bin/time -f "%M" -o "$tmp/rss" "$bin" check --snapshot "$S" \
		--url "$B/s/gzip-bomb" >"$out" 2>"$err"
	rc=$?
	rss=$(tail -1 "$tmp/rss")
	if [ "$rc" -ne 4 ] || [ "$rss" -gt 200000 ]; then
		echo "FAIL [$n] gzip bomb: exit $rc, peak RSS ${rss} KiB"
		fails=$((fails + 1))
	fi
	expect_err "decodes to more than 200 times the"
	expect_err "(a compression bomb?)"
else
	run 4 check --snapshot "$S" --url "$B/s/gzip-bomb"
	expect_err "(a compression bomb?)"
fi

# item 11: bodies whose framing cannot prove their end.  A whole
# close-delimited export (HTTP/1.0 without a length, or HTTP/1.1 with
# Connection: close) is written once the JSON export agrees.
run 0 snapshot --url "$B/s/close-delimited" -o "$tmp/cd.yaml"
cmp -s "$tmp/cd.yaml" "$top/fixtures/live/snapshot.yaml" || {
	echo "FAIL: a whole close-delimited export was not written as is"
	fails=$((fails + 1))
}
run 0 snapshot --url "$B/s/close-delimited,v=1.1" -o "$tmp/cd.yaml"
run 0 check --snapshot "$S" --url "$B/s/close-delimited"
expect_out "no changes"
# chunked without the last chunk: truncated, nothing written
cp "$tmp/keep.yaml" "$tmp/snap.yaml"
run 4 snapshot --url "$B/s/chunked-nofinal" --retries 0 -o "$tmp/snap.yaml"
expect_err "response body was truncated after"
cmp -s "$tmp/snap.yaml" "$tmp/keep.yaml" || {
	echo "FAIL: a chunked body without its last chunk replaced the file"
	fails=$((fails + 1))
}
run 4 check --snapshot "$S" --url "$B/s/chunked-nofinal" --retries 0
# the YAML export cut at every line break and at 40 random bytes, sent
# close-delimited: snapshot -o fails (exit 4) and leaves the file as it was
size=$(wc -c <"$top/fixtures/live/snapshot.yaml")
cuts=$(awk '{ off += length($0) + 1; print off }' \
	"$top/fixtures/live/snapshot.yaml" | sed '$d')
cuts="0 $cuts $(awk -v n="$size" 'BEGIN { srand(10); for (i = 0; i < 40; i++)
	print int(rand() * (n - 1)) + 1 }')"
ncut=0
badcut=0
for c in $cuts; do
	ncut=$((ncut + 1))
	"$bin" snapshot --url "$B/s/close-delimited,cut=$c" -o "$tmp/snap.yaml" \
		>"$out" 2>"$err"
	rc=$?
	if [ "$rc" -ne 4 ] || ! cmp -s "$tmp/snap.yaml" "$tmp/keep.yaml" ||
	    grep -q "s3cr3t" "$out" "$err"; then
		[ "$badcut" -lt 5 ] && {
			echo "FAIL: a YAML export cut at byte $c: exit $rc"
			sed 's/^/  stderr: /' "$err" | head -3
		}
		badcut=$((badcut + 1))
	fi
done
n=$((n + 1))
[ "$badcut" -eq 0 ] || fails=$((fails + 1))
echo "fault_live: $ncut cut exports refused, $badcut accepted"
# the JSON envelope that check reads cannot be cut and still parse
run 4 check --snapshot "$S" --url "$B/s/close-delimited,cut=5000,json=1"
expect_err "the instance sent an invalid snapshot"

# item 15: the token goes only to the instance (--url, DIRECTUS_URL, the
# policy's url); a snapshot: URL elsewhere is fetched without it
L="http://localhost:$(cat "$tmp/plain/port")"
mkdir -p "$tmp/pol"
printf 'url: %s\nsnapshot: %s\n' "$B/s/ok,tag=inst" "$L/s/ok,tag=polsnap" \
	>"$tmp/pol/.directus-drift.yaml"
(cd "$tmp/pol" && "$bin" check >"$out" 2>"$err")
rc=$?
n=$((n + 1))
[ "$rc" -eq 0 ] || { echo "FAIL [$n] policy snapshot: URL: exit $rc"; fails=$((fails + 1)); }
expect_err "warning: not sending the token to $L/s/ok,tag=polsnap: it is not the instance the token is for ($B/s/ok,tag=inst)"
# authorization: what the server saw, per scenario
auth_of() {
	grep "\"scenario\": \"$1\"" "$tmp/plain/requests.log" |
		sed 's/.*"authorization": \([^,]*\),.*/\1/' | sort -u
}
[ "$(auth_of "ok,tag=polsnap")" = "null" ] || {
	echo "FAIL: the token went to the policy's snapshot: URL"
	fails=$((fails + 1))
}
[ "$(auth_of "ok,tag=inst")" = "\"Bearer $SECRET\"" ] || {
	echo "FAIL: the instance did not get the token"
	fails=$((fails + 1))
}
# --url and DIRECTUS_URL win over the policy's url: then the policy's
# url is just another origin
(cd "$tmp/pol" && DIRECTUS_URL="$L/s/ok,tag=envinst" "$bin" check \
	>"$out" 2>"$err")
[ "$(auth_of "ok,tag=envinst")" = "\"Bearer $SECRET\"" ] || {
	echo "FAIL: DIRECTUS_URL did not get the token"
	fails=$((fails + 1))
}
# a 401 from such a URL says why
run 4 check --snapshot "$L/s/401" --url "$B/s/ok"
expect_err "not sending the token to $L/s/401: "
expect_err "hint: the token was not sent to this URL"
# same origin (scheme, host, port): the token goes with it
run 0 check --snapshot "$B/s/ok,tag=samesnap" --url "$B/s/ok"
[ "$(auth_of "ok,tag=samesnap")" = "\"Bearer $SECRET\"" ] || {
	echo "FAIL: a snapshot URL on the instance's origin got no token"
	fails=$((fails + 1))
}
# diff URL URL: the operand on another origin than --url gets no token
run 0 diff --url "$B/s/ok" "$B/s/ok,tag=d1" "$L/s/ok,tag=d2"
expect_err "not sending the token to $L/s/ok,tag=d2: "
[ "$(auth_of "ok,tag=d1")" = "\"Bearer $SECRET\"" ] &&
    [ "$(auth_of "ok,tag=d2")" = "null" ] || {
	echo "FAIL: diff --url A A B sent the token to B (or not to A)"
	fails=$((fails + 1))
}
export DIRECTUS_URL="$L/s/ok"
run 0 diff "$B/s/ok,tag=d3" "$L/s/ok,tag=d4"
unset DIRECTUS_URL
[ "$(auth_of "ok,tag=d3")" = "null" ] &&
    [ "$(auth_of "ok,tag=d4")" = "\"Bearer $SECRET\"" ] || {
	echo "FAIL: DIRECTUS_URL=B diff A B sent the token to A (or not to B)"
	fails=$((fails + 1))
}
# no instance named: the command line's own operands get it
run 0 diff "$B/s/ok,tag=d5" "$L/s/ok,tag=d6"
[ "$(auth_of "ok,tag=d5")" = "\"Bearer $SECRET\"" ] &&
    [ "$(auth_of "ok,tag=d6")" = "\"Bearer $SECRET\"" ] || {
	echo "FAIL: diff A B without an instance did not send the token"
	fails=$((fails + 1))
}

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
