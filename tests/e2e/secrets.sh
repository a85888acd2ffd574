#!/bin/sh
# secrets.sh: the token never shows.  Runs every command that can touch a
# live instance (check, snapshot, diff with URL sources) and the others
# (diff of files, rules, help, accept, --version) with a known random token
# in DIRECTUS_TOKEN and in --token-file, in every report format the binary
# lists, with and without --verbose, on success and on each failure the
# fault server (tests/fault/server.py, 127.0.0.1 only) can produce, and
# asserts that neither the token nor any 12 consecutive characters of it
# appear in standard output, standard error or any file written.  Also: a
# redirect to another host never carries the token, a redirect whose
# Location carries the token (path and query) never shows it, and the
# token file's mode warning (group- or world-readable: warning; 0600:
# none).
#
# The binary runs directly, not under $VALGRIND: a few hundred runs.
# Skips (77) without python3.
. "$(dirname "$0")/lib.sh"

command -v python3 >/dev/null 2>&1 || {
	echo "python3 not found: skipping the secrets sweep"
	exit 77
}
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY ALL_PROXY all_proxy

SECRET=drift-$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')
export DIRECTUS_TOKEN=$SECRET
printf '%s\n' "$SECRET" >"$tmp/token"
chmod 600 "$tmp/token"

spid="" tpid=""
trap '[ -z "$spid" ] || kill "$spid" 2>/dev/null || true
    [ -z "$tpid" ] || kill "$tpid" 2>/dev/null || true
    rm -rf "$tmp"' EXIT

. "$DRIFT_TOP/tests/fault/start.sh"
start() { # dir [--tls cert key]
	_d=$1
	shift
	fault_start "$_d" 300 "$@"
}
start "$tmp/plain"
spid=$last
B="http://127.0.0.1:$(cat "$tmp/plain/port")"

T=""
if command -v openssl >/dev/null 2>&1 && openssl req -x509 -newkey ec \
    -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 1 \
    -subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1 \
    -keyout "$tmp/key.pem" -out "$tmp/cert.pem" >/dev/null 2>&1; then
	start "$tmp/tls" --tls "$tmp/cert.pem" "$tmp/key.pem"
	tpid=$last
	T="https://127.0.0.1:$(cat "$tmp/tls/port")"
else
	echo "note: openssl not usable: TLS cases skipped"
fi

cp "$DRIFT_TOP/fixtures/live/snapshot.yaml" "$tmp/schema.yaml"
ex=$DRIFT_TOP/fixtures/example

# the report formats, from the binary's own list
"$DRIFT_BIN" diff --format '?' "$ex/schema.yaml" "$ex/live.yaml" \
    >/dev/null 2>"$tmp/fmts" || true
formats=$(sed -n 's/.*supported formats are //p' "$tmp/fmts" | tr -d ',')
checks=$((checks + 1))
case " $formats " in
*" text "*) ;;
*) fail "no format list from the binary: $(cat "$tmp/fmts")" ;;
esac

# the token and every 12 characters of it
half1=$(printf '%s' "$SECRET" | cut -c1-12)
half2=$(printf '%s' "$SECRET" | cut -c12-23)
half3=$(printf '%s' "$SECRET" | cut -c18-)
runs=0

# leak_check WHAT FILE...: the token is in none of the files
leak_check() {
	what=$1
	shift
	checks=$((checks + 1))
	for f in "$@"; do
		[ -f "$f" ] || continue
		if grep -qF -e "$SECRET" -e "$half1" -e "$half2" -e "$half3" \
		    "$f"; then
			fail "$what: the token appears in $(basename "$f"):"
			grep -F -e "$half1" -e "$half2" -e "$half3" "$f" |
			    head -3
		fi
	done
}

# sweep WHAT ARGS...: runs the binary, checks stdout, stderr and -o file
sweep() {
	what=$1
	shift
	rm -f "$tmp/o/"*
	"$DRIFT_BIN" "$@" >"$tmp/out" 2>"$tmp/err" </dev/null || true
	runs=$((runs + 1))
	leak_check "$what" "$tmp/out" "$tmp/err" "$tmp/o/"*
}
mkdir "$tmp/o"

scenarios="ok ok,file=snapshot-drifted.json ok,admin=0 401
401,code=TOKEN_EXPIRED 403 404 500 429,n=99,ra=0 503,n=1 html badjson
truncated redirect-same redirect-other-host redirect-loop echo-token
closed,n=99 oversized,bytes=300000000,mode=declared
redirect-token,to=same redirect-token,to=other 200-errors
close-delimited,cut=4000 chunked-nofinal"

for scen in $scenarios; do
	for v in "" -v; do
		for fmt in $formats; do
			sweep "check $scen $fmt $v" check $v --format "$fmt" \
			    --retries 0 --snapshot "$tmp/schema.yaml" \
			    --url "$B/s/$scen" -o "$tmp/o/report"
		done
		sweep "check $scen stdout $v" check $v --retries 0 \
		    --snapshot "$tmp/schema.yaml" --url "$B/s/$scen"
		sweep "check $scen token-file $v" env -u DIRECTUS_TOKEN \
		    "$DRIFT_BIN" check $v --retries 0 --token-file \
		    "$tmp/token" --snapshot "$tmp/schema.yaml" \
		    --url "$B/s/$scen"
		sweep "check --least-privilege $scen $v" check $v \
		    --least-privilege --retries 0 \
		    --snapshot "$tmp/schema.yaml" --url "$B/s/$scen"
		sweep "snapshot $scen $v" snapshot $v --retries 0 \
		    --url "$B/s/$scen" -o "$tmp/o/snap.yaml"
		sweep "snapshot json $scen $v" snapshot $v --retries 0 \
		    --format json --url "$B/s/$scen"
		sweep "diff url $scen $v" diff $v --format json \
		    "$tmp/schema.yaml" "$B/s/$scen" -o "$tmp/o/report.json"
	done
done
if [ -n "$T" ]; then
	for v in "" -v; do
		sweep "check untrusted TLS $v" check $v --retries 0 \
		    --snapshot "$tmp/schema.yaml" --url "$T/s/ok"
		sweep "check TLS downgrade $v" check $v --retries 0 \
		    --cacert "$tmp/cert.pem" --snapshot "$tmp/schema.yaml" \
		    --url "$T/s/redirect-downgrade"
		sweep "snapshot TLS $v" snapshot $v --cacert "$tmp/cert.pem" \
		    --url "$T/s/ok" -o "$tmp/o/snap.yaml"
	done
fi
# a slow instance and a timeout
sweep "check timeout" check -v --timeout 1 --retries 0 \
    --snapshot "$tmp/schema.yaml" --url "$B/s/slow-headers,d=3"
# usage errors that could echo an argument
sweep "token as an option" check --token "$SECRET" --url "$B/s/ok"
sweep "token in URL userinfo" check --url "http://u:$SECRET@127.0.0.1:1/"
sweep "token in URL query" check --url "$B/s/ok?access_token=$SECRET"
# the commands that never need a token still never show it
for fmt in $formats; do
	sweep "diff files $fmt" diff -v --format "$fmt" "$ex/schema.yaml" \
	    "$ex/live.yaml" -o "$tmp/o/report"
done
sweep "rules" rules
sweep "help" help
sweep "version" --version
(cd "$tmp/o" && "$DRIFT_BIN" accept --reason "x" 0123456789ab \
    >"$tmp/out" 2>"$tmp/err") || true
leak_check "accept" "$tmp/out" "$tmp/err" "$tmp/o/.directus-drift.yaml"

# no request to another host ever carried the token
checks=$((checks + 1))
if grep '"host": "localhost' "$tmp/plain/requests.log" | grep -qF "$SECRET"
then
	fail "the token was sent to another host"
fi
# and the server did receive it where it should (the sweep is not empty)
checks=$((checks + 1))
grep -qF "Bearer $SECRET" "$tmp/plain/requests.log" ||
    fail "the token never reached the instance"

# the token file's mode
for mode in 644 640 604 600 400; do
	chmod "$mode" "$tmp/token"
	rc=0
	env -u DIRECTUS_TOKEN "$DRIFT_BIN" check --token-file "$tmp/token" \
	    --snapshot "$tmp/schema.yaml" --url "$B/s/ok" >"$tmp/out" \
	    2>"$tmp/err" || rc=$?
	expect_rc 0 "$rc" "token file mode $mode"
	checks=$((checks + 1))
	case $mode in
	6[04]4|640|604)
		grep -qF "warning: token file \"$tmp/token\" is readable by other users (mode 0$mode); chmod 600 it" \
		    "$tmp/err" || { fail "mode $mode: no warning"; cat "$tmp/err"; }
		;;
	*)
		[ -s "$tmp/err" ] && { fail "mode $mode: a warning"; cat "$tmp/err"; }
		;;
	esac
	leak_check "token file mode $mode" "$tmp/out" "$tmp/err"
done

echo "secrets: $runs runs with the token $half1..."
finish
