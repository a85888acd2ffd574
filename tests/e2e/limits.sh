#!/bin/sh
# limits.sh: the default limits through the binary (the limits themselves,
# just under and just over each, are unit-tested in test_limits.c).
#
#   - input size (1 GiB): a sparse file one byte over fails with exit 3
#     and the message before anything is read; a stream on standard input
#     one byte over fails the same way once the limit is reached (exactly
#     at the limit is unit-tested: test_limits.c, test_source.c)
#   - entities (1,000,000): one more fails with exit 3 at the first entry
#     past the limit; exactly 1,000,000 load
#   - the defaults take a generated 200,000-field snapshot comfortably
#
# The stream and the big generated cases are skipped under $VALGRIND, the
# big generated cases in sanitizer builds.
. "$(dirname "$0")/lib.sh"

ex=$DRIFT_TOP/fixtures/example
max=1073741824

# --- input size ------------------------------------------------------
# a sparse file one byte over: refused from its size, before reading
truncate -s $((max + 1)) "$tmp/over.yaml"
rc=0
drift diff "$tmp/over.yaml" "$ex/live.yaml" >"$tmp/out" 2>"$tmp/err" ||
    rc=$?
expect_rc 3 "$rc" "file one byte over the size limit"
printf '%s\n' "directus-drift: '$tmp/over.yaml' is larger than the 1024 MiB limit" \
    >"$tmp/want"
expect_file "$tmp/want" "$tmp/err" "size limit message"
rm -f "$tmp/over.yaml"

if [ -n "$VALGRIND" ]; then
	echo "note: under valgrind: the 1 GiB stream and the generated big" \
	    "snapshots are skipped"
	finish
	exit $?
fi

# a stream on standard input one byte over: read up to the limit (1 GiB
# of memory, a few seconds), then refused
rc=0
head -c $((max + 1)) /dev/zero | drift diff - "$ex/live.yaml" \
    >"$tmp/out" 2>"$tmp/err" || rc=$?
expect_rc 3 "$rc" "standard input one byte over the size limit"
printf '%s\n' "directus-drift: '<stdin>' is larger than the 1024 MiB limit" \
    >"$tmp/want"
expect_file "$tmp/want" "$tmp/err" "stdin size limit message"

command -v python3 >/dev/null 2>&1 || {
	echo "note: no python3: generated big snapshots skipped"
	finish
	exit $?
}
# sanitizer builds are 10 times slower on these; the plain build runs them
if nm -D "$DRIFT_BIN" 2>/dev/null | grep -q '__asan_\|__ubsan_' ||
    nm "$DRIFT_BIN" 2>/dev/null | grep -q '__asan_\|__ubsan_'; then
	echo "note: sanitizer build: generated big snapshots skipped"
	finish
	exit $?
fi

# --- entities --------------------------------------------------------
# N-1 fields plus one collection: N entities, in JSON, one entry a line
gen_entities() {
	python3 - "$1" "$2" <<'EOF'
import sys
n, path = int(sys.argv[1]), sys.argv[2]
with open(path, "w") as f:
    f.write('{"version":1,"directus":"11.17.4","vendor":"postgres",\n'
            '"collections":[\n{"collection":"c","meta":null,'
            '"schema":{"name":"c"}}\n],\n"fields":[\n')
    f.write(",\n".join('{"collection":"c","field":"f%d","type":"string",'
                       '"meta":null,"schema":{"name":"f%d"}}' % (i, i)
                       for i in range(n - 1)))
    f.write('\n],\n"relations":[]}\n')
EOF
}
gen_entities 1000001 "$tmp/over.json"
rc=0
drift diff "$tmp/over.json" "$ex/live.yaml" >"$tmp/out" 2>"$tmp/err" ||
    rc=$?
expect_rc 3 "$rc" "one entity over the limit"
# line 1 envelope, 2 "collections", 3 the collection, 4, 5 "fields", then
# field i on line 6 + i: the 1,000,000th field (i = 999999) is past it
printf '%s\n' "directus-drift: $tmp/over.json:1000005:1: too many entities: more than the limit of 1000000 collections, fields, relations and system fields" \
    >"$tmp/want"
expect_file "$tmp/want" "$tmp/err" "entity limit message"
rm -f "$tmp/over.json"

gen_entities 1000000 "$tmp/at.json"
rc=0
drift diff --format json "$tmp/at.json" "$tmp/at.json" >"$tmp/out" \
    2>"$tmp/err" || rc=$?
expect_rc 0 "$rc" "exactly at the entity limit"
rm -f "$tmp/at.json"

# --- a 200,000-field snapshot with the defaults ----------------------
# YAML as Directus (js-yaml) writes it: 2,000 collections, 200,000 fields;
# the second side reduces one max_length
python3 - "$tmp" <<'EOF'
import sys
nc, nf = 2000, 200000
def write(path, changed):
    with open(path, "w") as f:
        w = f.write
        w("version: 1\ndirectus: 11.17.4\nvendor: postgres\ncollections:\n")
        for i in range(nc):
            w("  - collection: c%d\n    meta:\n      collection: c%d\n"
              "      hidden: false\n      icon: box\n      note: null\n"
              "    schema:\n      name: c%d\n" % (i, i, i))
        w("fields:\n")
        for i in range(nf):
            c = "c%d" % (i % nc)
            ml = 100 if changed and i == 100 else 255
            w("  - collection: %s\n    field: f%d\n    type: string\n"
              "    meta:\n      collection: %s\n      field: f%d\n"
              "      interface: input\n      options: null\n"
              "      sort: %d\n      width: full\n      note: null\n"
              "    schema:\n      name: f%d\n      table: %s\n"
              "      data_type: character varying\n"
              "      default_value: null\n      max_length: %d\n"
              "      is_nullable: true\n      is_unique: false\n"
              "      is_primary_key: false\n"
              % (c, i, c, i, i, i, c, ml))
        w("relations: []\n")
write(sys.argv[1] + "/big.yaml", False)
write(sys.argv[1] + "/big2.yaml", True)
EOF
rc=0
t0=$(date +%s%N)
drift diff --format json --fail-on dangerous "$tmp/big.yaml" \
    "$tmp/big2.yaml" >"$tmp/out" \
    2>"$tmp/err" || rc=$?
ms=$(( ($(date +%s%N) - t0) / 1000000 ))
expect_rc 1 "$rc" "200,000 fields with the defaults"
checks=$((checks + 1))
grep -q '"field-max-length-reduced"' "$tmp/out" ||
    fail "200,000 fields: the change was not found"
echo "note: 200,000 fields ($(($(wc -c <"$tmp/big.yaml") / 1048576)) MiB each side) diffed in $ms ms"
finish
