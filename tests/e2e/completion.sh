#!/bin/sh
# e2e: shell completion.  bash: the completion function, called with
# COMP_WORDS/COMP_CWORD set as bash sets them, offers the expected words
# (commands, options per command, values, files, rule ids asked from the
# program).  zsh: the function parses (zsh -n) and loads through compinit;
# skipped when zsh is not installed.
set -u
top=${DRIFT_TOP:?}
bin=${DRIFT_BIN:?}
cd "$top" || exit 1
fails=0

if ! command -v bash >/dev/null 2>&1; then
	echo "completion: skipped: bash is missing"
	exit 77
fi

# complete WANT_SUBSTRINGS... -- WORDS...: the last word is the one being
# completed; every wanted word must be offered
check() {
	want=""
	while [ "$1" != "--" ]; do
		want="$want $1"
		shift
	done
	shift
	got=$(bash --noprofile --norc -c '
		. completions/directus-drift.bash
		COMP_WORDS=("$@")
		COMP_CWORD=$(($# - 1))
		_directus_drift
		printf "%s\n" "${COMPREPLY[@]}"' _ "$@")
	for w in $want; do
		case $w in
		!*)
			printf '%s\n' "$got" | grep -qx -- "${w#!}" &&
			    { echo "FAIL: '$*' offers ${w#!}"; fails=$((fails + 1)); } ;;
		*)
			printf '%s\n' "$got" | grep -qx -- "$w" ||
			    { echo "FAIL: '$*' does not offer $w (got:" \
			    $got ")"; fails=$((fails + 1)); } ;;
		esac
	done
}

check check diff snapshot usage rules help --help --version -- "$bin" ""
check --usage -- "$bin" diff --us
check --usage -- "$bin" check --us
check --format --config -- "$bin" usage --
check diff !check -- "$bin" d
check --format --fail-on --output --color --quiet --verbose !--url -- \
    "$bin" diff --
check --url --token-file --snapshot --format -- "$bin" check --
check --url --output !--format -- "$bin" snapshot --
check text json sarif junit github gitlab markdown -- \
    "$bin" diff --format ""
check sarif !json -- "$bin" check --format s
check breaking dangerous safe any never -- "$bin" check --fail-on ""
check auto always never -- "$bin" --color ""
check fixtures/formats/old.yaml -- "$bin" diff fixtures/formats/ol
check fixtures/formats/new.yaml -- "$bin" diff -o x fixtures/formats/n
check fixtures/formats/expected.md -- "$bin" diff --output \
    fixtures/formats/expected.m
# rule ids, from the program itself: all of them, and by prefix
ids=$("$bin" rules | awk '{print $1}')
[ -n "$ids" ] || { echo "FAIL: no rule ids from '$bin rules'"; exit 1; }
# shellcheck disable=SC2086
check $ids -- "$bin" rules ""
check field-removed !collection-removed -- "$bin" rules field-rem

if command -v zsh >/dev/null 2>&1; then
	zsh -n completions/_directus-drift ||
	    { echo "FAIL: zsh -n"; fails=$((fails + 1)); }
	out=$(HOME=/nonexistent zsh -f -c '
		fpath=(completions $fpath)
		autoload -Uz compinit && compinit -u -D
		print -r -- ${_comps[directus-drift]}' 2>&1)
	[ "$out" = "_directus-drift" ] ||
	    { echo "FAIL: zsh compinit: '$out'"; fails=$((fails + 1)); }
else
	echo "completion: zsh is missing: zsh checks skipped"
fi

[ "$fails" -eq 0 ] || { echo "completion: $fails failure(s)"; exit 1; }
echo "completion: ok"
