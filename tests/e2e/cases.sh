#!/bin/sh
# Every fixture case under fixtures/e2e/<case>/: args, expected.out,
# expected.err, expected.rc, and optional stdin, env, after.sh and inputs.
. "$(dirname "$0")/lib.sh"

for d in "$DRIFT_TOP"/fixtures/e2e/*/; do
	[ -f "$d/args" ] || continue
	run_case "${d%/}"
done
finish
