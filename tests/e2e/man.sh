#!/bin/sh
# The manual: lint clean, lists every rule with its severity (the rule
# table is the source: a rule added to it must be added to the manual),
# and every command in EXAMPLES runs on fixtures/example.
. "$(dirname "$0")/lib.sh"

man=$DRIFT_TOP/man/directus-drift.1
command -v mandoc >/dev/null 2>&1 || { echo "mandoc: not installed"; exit 77; }

checks=$((checks + 1))
mandoc -Tlint -Wwarning "$man" >"$tmp/lint" 2>&1 || { fail "mandoc lint"; cat "$tmp/lint"; }

# every rule, with its severity, and no rule the table does not have
rc=0
drift rules >"$tmp/rules" || rc=$?
expect_rc 0 "$rc" "rules"
while read -r id sev _; do
	checks=$((checks + 1))
	grep -qx ".It Cm $id Pq $sev" "$man" || fail "manual lacks rule '$id' ($sev)"
done <"$tmp/rules"
sed -n 's/^\.It Cm \([a-z0-9-]*\) Pq \(cosmetic\|safe\|dangerous\|breaking\)$/\1/p' \
    "$man" >"$tmp/man-rules"
cut -d' ' -f1 "$tmp/rules" >"$tmp/table-rules"
expect_file "$tmp/table-rules" "$tmp/man-rules" "rules in the manual"

# every option of the help text is in the manual
drift --help >"$tmp/help"
for o in $(grep -o -- '--[a-z][a-z-]*' "$tmp/help" | sort -u); do
	checks=$((checks + 1))
	name=${o#--}
	grep -q -F -e "\\-$name" "$man" || fail "manual lacks option '$o'"
done

# EXAMPLES: each "$ directus-drift ..." line runs in a scratch git
# repository holding the example pair; it must compare (exit 0 or 1) or
# explain (exit 0) and must not print an error
ex=$tmp/examples
mkdir -p "$ex/bin" "$ex/src"
cp "$DRIFT_TOP/fixtures/example/schema.yaml" "$DRIFT_TOP/fixtures/example/live.yaml" "$ex/"
ln -s "$DRIFT_BIN" "$ex/bin/directus-drift"
(cd "$ex" && git init -q -b main . && git add schema.yaml &&
    git -c user.name=t -c user.email=t@example.com commit -qm example) ||
    { fail "cannot set up the examples repository"; finish; }
sed -n '/^\.Sh EXAMPLES/,/^\.Sh /s/^\$ //p' "$man" >"$tmp/example-cmds"
checks=$((checks + 1))
[ "$(wc -l <"$tmp/example-cmds")" -ge 4 ] || fail "too few examples found"
while IFS= read -r cmd; do
	checks=$((checks + 1))
	rc=0
	(cd "$ex" && PATH=$ex/bin:$PATH sh -c "$cmd") >"$tmp/ex.out" \
	    2>"$tmp/ex.err" </dev/null || rc=$?
	case $rc in
	0|1) [ -s "$tmp/ex.err" ] && fail "example printed errors: $cmd" ;;
	*) fail "example exits $rc: $cmd"; cat "$tmp/ex.err" ;;
	esac
done <"$tmp/example-cmds"
checks=$((checks + 1))
[ -s "$ex/report.json" ] || fail "the -o example wrote no report"
finish
