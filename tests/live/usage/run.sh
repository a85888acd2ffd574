#!/usr/bin/env bash
# usage/run.sh: the front-end oracle of issue 12 against a real Directus
# 11.17.4 (part of make check-live).  A private instance: model.sh and
# usage/model.sh, snapshot, every read of fixtures/frontends/requests.json
# (baseline), usage/drift.sh, snapshot, every request again (oracle.py
# observe), then directus-drift diff --usage and usage on the two
# snapshots, and oracle.py compare: the requests Directus rejects or
# answers short must be exactly those the report touches with a breaking
# change or a finding.  Ends with "usage-live: N passed, N failed".
# Env: DRIFT_BIN, DD_KEEP=1 as for run.sh.
set -euo pipefail
. "$(dirname "$0")/../lib.sh"

here=$DD_LIVE_DIR/usage
top=$(cd "$DD_LIVE_DIR/../.." && pwd)
DRIFT_BIN=${DRIFT_BIN:-$top/directus-drift}
[[ -x $DRIFT_BIN ]] || dd_die "DRIFT_BIN $DRIFT_BIN is not an executable"
rc=0
"$DD_LIVE_DIR/directus-install.sh" || rc=$?
if [[ $rc == 77 ]]; then
	echo "usage-live: skipped: Directus not installed"
	exit 77
elif [[ $rc != 0 ]]; then
	dd_die "directus-install.sh failed (exit $rc)"
fi
dir=$(mktemp -d /tmp/dd-usage.XXXXXX)
finish() {
	"$DD_LIVE_DIR/directus-down.sh" "$dir" || true
	if [[ ${DD_KEEP:-0} != 1 ]]; then rm -rf "$dir"; else echo "kept $dir"; fi
}
dd_on_exit finish
"$DD_LIVE_DIR/directus-up.sh" "$dir" >/dev/null
dd_load_env "$dir"
"$DD_LIVE_DIR/model.sh"
"$here/model.sh"
out=$dir/out
mkdir -p "$out"
dd_snapshot "$out/base.json"
"$DD_PY" "$here/oracle.py" baseline "$out/baseline.json"
"$here/drift.sh"
dd_snapshot "$out/drifted.json"
"$DD_PY" "$here/oracle.py" observe "$out/baseline.json" "$out/observed.json"

front=$top/fixtures/frontends
r=0
"$DRIFT_BIN" diff --usage "$front" --format json -o "$out/report.json" \
    "$out/base.json" "$out/drifted.json" 2>"$out/diff.err" || r=$?
[[ $r == 1 ]] || { cat "$out/diff.err"; dd_die "diff --usage exits $r, not 1"; }
r=0
"$DRIFT_BIN" usage --format json -o "$out/usage.json" "$out/drifted.json" \
    "$front" 2>"$out/usage.err" || r=$?
[[ $r == 1 ]] || { cat "$out/usage.err"; dd_die "usage exits $r, not 1"; }
r=0
"$DD_PY" "$here/oracle.py" compare "$out/observed.json" "$out/report.json" \
    "$out/usage.json" | tee "$out/compare.txt" || r=$?
# no token in any output
if grep -rqF -- "$(<"$DD_ADMIN_TOKEN_FILE")" "$out"; then
	echo "FAIL the admin token appears in an output"
	r=1
fi
passed=$(grep -c '^ok ' "$out/compare.txt" || true)
failed=$(grep -c '^FAIL' "$out/compare.txt" || true)
echo "usage-live: $passed passed, $failed failed"
exit "$r"
