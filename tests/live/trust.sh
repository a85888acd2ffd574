# shellcheck shell=bash
# trust.sh: issue 10 items 11 and 13 against the real instance.  Sourced
# by run.sh after the snapshot checks (it uses $out, $snapfile, $dir, $top,
# drift, expect_rc, ok, ko, show).
#
#   item 11: the instance's own YAML export ($out/api.yaml) cut at every
#   line break and at 40 random bytes never loads as a file except at the
#   two places the content cannot tell (between whole entries of the last
#   list, before a relation's optional schema), and served close-delimited
#   (the fault server replays the instance's YAML and JSON exports) it is
#   never written by snapshot -o: the old file stays byte-identical.
#
#   item 13: Directus 11.17.4 answers 200 with {"errors": [...]} on
#   GraphQL (GET /graphql/system?query={users(limit:-5){id}}: INVALID_QUERY).
#   No REST request directus-drift makes gets such an answer from this
#   version, so that real body is recorded here with curl and replayed by
#   the fault server as the /schema/snapshot answer: check must show
#   Directus's own message and code, exit 4.

trust_fix=$dir/trust-fixtures
mkdir -p "$trust_fix"
cp "$out/api.yaml" "$trust_fix/snapshot.yaml"
code=$(dd_http GET '/schema/snapshot' "" "$trust_fix/snapshot.json")
[[ $code == 200 ]] || ko "GET /schema/snapshot -> $code"
q='%7Busers(limit%3A-5)%7Bid%7D%7D'
code=$(dd_http GET "/graphql/system?query=$q" "" "$trust_fix/graphql-errors.json")
if [[ $code == 200 ]] && grep -q '"errors"' "$trust_fix/graphql-errors.json"; then
	ok "Directus 11.17.4 answers GraphQL {users(limit:-5)} with 200 and errors"
else
	ko "GraphQL {users(limit:-5)}: HTTP $code, not 200 with errors"
	show "$trust_fix/graphql-errors.json"
fi

DRIFT_TOP=$top
# shellcheck disable=SC1091
. "$top/tests/fault/start.sh"
rm -rf "$dir/trust-fault"
fault_start "$dir/trust-fault" 300 --fixtures "$trust_fix"
trust_pid=$last
F="http://127.0.0.1:$(cat "$dir/trust-fault/port")"

# --- item 13 ---------------------------------------------------------------
drift trust-200-errors check --snapshot "$snapfile" \
    --url "$F/s/replay,file=graphql-errors.json"
expect_rc trust-200-errors 4 "a real Directus 200 with errors: check"
want=$("$DD_PY" -c 'import json,sys; e=json.load(open(sys.argv[1]))["errors"][0]
print("HTTP 200 OK: %s (%s)" % (e["message"], e["extensions"]["code"]))' \
    "$trust_fix/graphql-errors.json")
check_ok "stderr has Directus's own message and code: $want" \
	grep -qF -e "$want" "$out/trust-200-errors.err"
check_ok "no 'no collections list' for a 200 with errors" \
	eval '! grep -q "no \"collections\" list" "$out/trust-200-errors.err"'

# --- item 11: the live export cut, as a file ---------------------------------
src=$trust_fix/snapshot.yaml
size=$(wc -c <"$src")
cuts=$(awk '{ off += length($0) + 1; print off }' "$src" | sed '$d')
cuts="$cuts $(awk -v n="$size" 'BEGIN { srand(11); for (i = 0; i < 40; i++)
	print int(rand() * (n - 1)) + 1 }')"
nfile=0 floaded=0 fbad=0
for c in $cuts; do
	nfile=$((nfile + 1))
	head -c "$c" "$src" >"$dir/cut.yaml"
	R=0
	"$DRIFT_BIN" diff "$dir/cut.yaml" "$snapfile" >/dev/null 2>&1 || R=$?
	[[ $R == 3 ]] && continue
	floaded=$((floaded + 1))
	# the only cuts the content cannot tell: the next line opens an entry
	# of the last list, or a relation's (optional) schema
	next=$(tail -c +"$((c + 1))" "$src" 2>/dev/null | head -n 1 || true)
	if [[ $next != "  - "* && $next != "    schema:"* ]]; then
		fbad=$((fbad + 1))
		[[ $fbad -le 3 ]] && ko "live export cut at byte $c loads (exit $R; next line: $next)"
	fi
done
check_ok "live export: $nfile cut files, $floaded load, all at an entry boundary of the last list" \
	test "$fbad" = 0

# --- item 11: the live export cut, as a close-delimited body ------------------
printf 'not replaced\n' >"$dir/keep.yaml"
cp "$dir/keep.yaml" "$dir/target.yaml"
nbody=0 bbad=0
for c in 0 $cuts; do
	nbody=$((nbody + 1))
	R=0
	"$DRIFT_BIN" snapshot --url "$F/s/close-delimited,cut=$c" \
	    -o "$dir/target.yaml" >/dev/null 2>"$out/trust-cut.err" || R=$?
	if [[ $R != 4 ]] || ! cmp -s "$dir/target.yaml" "$dir/keep.yaml"; then
		bbad=$((bbad + 1))
		[[ $bbad -le 3 ]] && { ko "live export cut at byte $c, close-delimited: exit $R"; show "$out/trust-cut.err"; }
		cp "$dir/keep.yaml" "$dir/target.yaml"
	fi
done
check_ok "live export: $nbody close-delimited cut bodies, snapshot -o refused each and left the file byte-identical" \
	test "$bbad" = 0
drift trust-whole snapshot --url "$F/s/close-delimited" -o "$dir/target.yaml"
expect_rc trust-whole 0 "the whole live export, close-delimited, HTTP/1.0"
check_ok "the whole close-delimited export is written byte for byte" \
	cmp "$dir/target.yaml" "$out/api.yaml"

kill "$trust_pid" 2>/dev/null || true
