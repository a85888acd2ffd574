#!/bin/sh
# tests/types/run.sh: the generated TypeScript compiles against the real
# @directus/sdk (issue 13).  For each pinned SDK version (17.0.2, 20.3.0,
# 26.0.0; installed by install.sh into a cache beside tests/live's):
#   - types for every fixture schema (fixtures/types/*.yaml) and for every
#     corpus snapshot in ../shared/corpus (skipped with a message when the
#     corpus is absent) are generated with --sdk MAJOR;
#   - all of them, and the type assertions assert-*.ts (readItems on a
#     singleton fails, nested relational fields compile and type the
#     result, m2a output discriminated by collection, decimal a string,
#     ...), are compiled by one "tsc --noEmit --strict" per version.
# Assertions for newer SDKs only are in assert-*.vNN.ts: compiled for
# majors >= NN.  Exit 77 (skipped) when npm or the registry is missing.
# Env: DRIFT_BIN, DRIFT_TOP, DD_TYPES_CACHE, DD_CORPUS (default
# $DRIFT_TOP/../shared/corpus), TYPES_SDKS (the versions).
set -eu
LC_ALL=C
export LC_ALL
here=$(cd "$(dirname "$0")" && pwd)
: "${DRIFT_TOP:=$(cd "$here/../.." && pwd)}"
: "${DRIFT_BIN:=$DRIFT_TOP/directus-drift}"
: "${DD_CORPUS:=$DRIFT_TOP/../shared/corpus}"
: "${DD_TYPES_CACHE:=/var/cache/directus-drift/npm-types}"
: "${TYPES_SDKS:=17.0.2 20.3.0 26.0.0}"
export DD_TYPES_CACHE

rc=0
sh "$here/install.sh" $TYPES_SDKS || rc=$?
if [ "$rc" -eq 77 ]; then
	echo "types: skipped: npm or the npm registry is unreachable"
	exit 77
elif [ "$rc" -ne 0 ]; then
	echo "types: FAIL: installing typescript and @directus/sdk failed"
	exit 1
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/drift-types.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM

corpus=""
if [ -d "$DD_CORPUS" ]; then
	for f in "$DD_CORPUS"/*.yaml "$DD_CORPUS"/*.json; do
		[ -f "$f" ] && corpus="$corpus $f"
	done
else
	echo "types: no corpus at $DD_CORPUS: only the fixture schemas"
fi

failures=0
for v in $TYPES_SDKS; do
	major=${v%%.*}
	dir=$tmp/sdk-$v
	mkdir -p "$dir/gen"
	ln -s "$DD_TYPES_CACHE/$v/node_modules" "$dir/node_modules"
	n=0
	for f in "$DRIFT_TOP"/fixtures/types/*.yaml $corpus; do
		name=$(basename "$f")
		name=${name%.*}
		case $f in
		"$DRIFT_TOP"/fixtures/*) out=$dir/gen/$name.ts ;;
		*) out=$dir/gen/corpus-$(printf '%s' "$name" | tr -c 'A-Za-z0-9_\n-' _).ts ;;
		esac
		if ! "$DRIFT_BIN" types --sdk "$major" "$f" -o "$out" \
		    2>"$tmp/err"; then
			echo "types: FAIL: directus-drift types $f"
			cat "$tmp/err"
			failures=$((failures + 1))
		fi
		n=$((n + 1))
	done
	# the variants the assertions import
	"$DRIFT_BIN" types --sdk "$major" --decimal number --bigint number \
	    --choices string --core-collections singular --name MySchema \
	    "$DRIFT_TOP/fixtures/types/d3.yaml" -o "$dir/gen/d3-options.ts"
	for a in "$here"/assert-*.ts; do
		case $a in
		*.v[0-9][0-9].ts)
			need=${a%.ts}
			need=${need##*.v}
			[ "$major" -ge "$need" ] || continue
			;;
		esac
		cp "$a" "$dir/"
	done
	cat >"$dir/tsconfig.json" <<JSON
{
  "compilerOptions": {
    "strict": true,
    "noEmit": true,
    "target": "es2022",
    "module": "esnext",
    "moduleResolution": "bundler",
    "skipLibCheck": true,
    "types": [],
    "noUnusedLocals": false
  },
  "include": ["gen/*.ts", "*.ts"]
}
JSON
	t0=$(date +%s)
	if (cd "$dir" && ./node_modules/.bin/tsc -p . >"$tmp/tsc.out" 2>&1); then
		echo "types: ok: @directus/sdk $v: $n generated files and $(ls "$dir"/assert-*.ts | wc -l) assertion files compile ($(($(date +%s) - t0)) s)"
	else
		echo "types: FAIL: @directus/sdk $v: tsc --noEmit --strict:"
		sed "s|$dir/||" "$tmp/tsc.out" | head -60
		failures=$((failures + 1))
	fi
done
[ "$failures" -eq 0 ]
