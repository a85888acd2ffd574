#!/bin/sh
# e2e: shell completion, tested against the program so that it cannot
# drift from the option table:
#   - for every command (from "directus-drift --help"), the options that
#     "directus-drift help COMMAND" lists, the options the parser accepts
#     (every option of the global help tried on the command: "does not
#     apply" means refused), the options bash completion offers after "-",
#     and the options of the zsh specs are one and the same set;
#   - the commands bash and zsh offer are those of the help;
#   - the values of --format per command are those the program accepts;
#   - spot checks: accept, --least-privilege, -V, snapshot without report
#     options, diff with the live options, values, files, rule ids.
# bash: the completion function, called with COMP_WORDS/COMP_CWORD set as
# bash sets them.  zsh: the file parses (zsh -n), loads through compinit,
# and its specs are expanded by zsh itself; skipped when zsh is missing.
set -u
top=${DRIFT_TOP:?}
bin=${DRIFT_BIN:?}
cd "$top" || exit 1
fails=0
checks=0
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
unset DIRECTUS_URL DIRECTUS_TOKEN 2>/dev/null || true

fail() {
	printf 'FAIL: %s\n' "$*"
	fails=$((fails + 1))
}

if ! command -v bash >/dev/null 2>&1; then
	echo "completion: skipped: bash is missing"
	exit 77
fi

# offers WORDS...: what bash completion offers, one per line, sorted; the
# last word is the one being completed
offers() {
	bash --noprofile --norc -c '
		. completions/directus-drift.bash
		COMP_WORDS=("$@")
		COMP_CWORD=$(($# - 1))
		_directus_drift
		printf "%s\n" "${COMPREPLY[@]}"' _ "$@" | sed '/^$/d' | sort -u
}

# same WHAT FILE1 FILE2: the two sorted lists are equal
same() {
	checks=$((checks + 1))
	if ! cmp -s "$2" "$3"; then
		fail "$1"
		diff -u "$2" "$3" | sed -n '3,$p' | sed 's/^/    /'
	fi
}

# check WANT... -- WORDS...: every wanted word is offered (!word: is not)
check() {
	want=""
	while [ "$1" != "--" ]; do
		want="$want $1"
		shift
	done
	shift
	got=$(offers "$@")
	for w in $want; do
		checks=$((checks + 1))
		case $w in
		!*)
			printf '%s\n' "$got" | grep -qx -- "${w#!}" &&
			    fail "'$*' offers ${w#!}" ;;
		*)
			printf '%s\n' "$got" | grep -qx -- "$w" ||
			    fail "'$*' does not offer $w (got: $(echo $got))" ;;
		esac
	done
}

"$bin" --help >"$tmp/help" || { fail "--help"; exit 1; }
# the commands: the "commands:" section of the help
sed -n '/^commands:$/,/^$/s/^  \([a-z][a-z-]*\) .*/\1/p' "$tmp/help" |
    sort >"$tmp/commands"
checks=$((checks + 1))
[ "$(wc -l <"$tmp/commands")" -ge 6 ] || fail "too few commands in the help"
# every option of the global help: -x and --name, and whether it takes
# a value (a word after it)
sed -n 's/^  \(-[a-zA-Z], \)\{0,1\}\(--[a-z][a-z-]*\)\( [A-Z][A-Z]*\)\{0,1\}  .*/\2\3/p;
    s/^  \(-[a-zA-Z], \)\{0,1\}\(--[a-z][a-z-]*\)\( [A-Z][A-Z]*\)\{0,1\}$/\2\3/p' \
    "$tmp/help" | sort -u >"$tmp/all-options"
checks=$((checks + 1))
[ "$(wc -l <"$tmp/all-options")" -ge 15 ] ||
    { fail "too few options in the help"; cat "$tmp/all-options"; }

# options of "help CMD": every -x and --name of its options section
help_options() {
	"$bin" help "$1" | sed -n '/^options:$/,/^$/p' |
	    grep -o -e '^  -[a-zA-Z]' -e '--[a-z][a-z-]*' | sed 's/^  //' |
	    sort -u
}

have_zsh=""
if command -v zsh >/dev/null 2>&1; then
	have_zsh=1
fi
# zsh_options CMD: the option names of the zsh specs of CMD
zsh_options() {
	zsh -f -c '
		eval "$(sed "\$d" completions/_directus-drift)"
		_directus-drift_specs "$1"
		print -rl -- $reply' _ "$1" |
	    sed -e 's/^([^)]*)//' -e 's/^\*//' -e 's/\[.*//' -e 's/[:=].*//' |
	    sort -u
}

while read -r cmd; do
	help_options "$cmd" >"$tmp/help-$cmd"
	checks=$((checks + 1))
	[ -s "$tmp/help-$cmd" ] || fail "'help $cmd' lists no options"
	# the options the parser accepts: each option of the global help, with
	# a value when it takes one; "does not apply" (or "unknown option":
	# --version after a command) is a refusal
	(
		mkdir -p "$tmp/run"
		while read -r opt arg; do
			if [ -n "$arg" ]; then o="$opt=x"; else o=$opt; fi
			(cd "$tmp/run" && "$bin" "$cmd" "$o" </dev/null \
			    >/dev/null 2>"$tmp/err")
			if ! grep -q -e "does not apply to" -e "unknown option" \
			    "$tmp/err"; then
				printf '%s\n' "$opt"
				grep -o -e "^  -[a-zA-Z], $opt\$" -e "^  -[a-zA-Z], $opt " \
				    "$tmp/help" | sed 's/^  \(-[a-zA-Z]\),.*/\1/'
			fi
		done <"$tmp/all-options" | sort -u
	) >"$tmp/accepted-$cmd"
	same "$cmd: 'help $cmd' (-) vs what the parser accepts (+)" \
	    "$tmp/help-$cmd" "$tmp/accepted-$cmd"
	offers "$bin" "$cmd" - >"$tmp/bash-$cmd"
	same "$cmd: the parser accepts (-) vs bash offers (+)" \
	    "$tmp/accepted-$cmd" "$tmp/bash-$cmd"
	if [ -n "$have_zsh" ]; then
		zsh_options "$cmd" >"$tmp/zsh-$cmd"
		same "$cmd: the parser accepts (-) vs zsh specs (+)" \
		    "$tmp/accepted-$cmd" "$tmp/zsh-$cmd"
	fi
done <"$tmp/commands"

# the commands offered
offers "$bin" "" | grep -v '^-' >"$tmp/bash-commands"
same "commands: the help (-) vs bash (+)" "$tmp/commands" "$tmp/bash-commands"
offers "$bin" help "" >"$tmp/bash-help-commands"
same "help COMMAND: the help (-) vs bash (+)" "$tmp/commands" \
    "$tmp/bash-help-commands"
if [ -n "$have_zsh" ]; then
	sed -n "/^	commands=(/,/^	)/s/^		'\([a-z-]*\):.*/\1/p" \
	    completions/_directus-drift | sort >"$tmp/zsh-commands"
	same "commands: the help (-) vs zsh (+)" "$tmp/commands" "$tmp/zsh-commands"
fi

# --format values per command: what the program accepts
"$bin" diff --format nope a b 2>&1 >/dev/null | head -n 1 |
    sed 's/.*supported formats are //' | tr -d ' ' | tr ',' '\n' |
    sort >"$tmp/formats"
offers "$bin" diff --format "" >"$tmp/bash-formats"
same "diff --format: the program (-) vs bash (+)" "$tmp/formats" "$tmp/bash-formats"
offers "$bin" check --format "" >"$tmp/bash-formats"
same "check --format: the program (-) vs bash (+)" "$tmp/formats" "$tmp/bash-formats"
for f in $(offers "$bin" snapshot --format ""); do
	checks=$((checks + 1))
	"$bin" snapshot --format "$f" --url nope 2>&1 | grep -q "invalid value" &&
	    fail "snapshot --format $f: offered but refused"
done
for f in $(offers "$bin" rules --format ""); do
	checks=$((checks + 1))
	"$bin" rules --format "$f" >/dev/null 2>&1 ||
	    fail "rules --format $f: offered but refused"
done

# spot checks (what the issue found missing or wrong)
check accept --help -h --version -V -- "$bin" ""
check diff !check -- "$bin" d
check --least-privilege --url --token-file --label -- "$bin" diff --
check --least-privilege --snapshot --label -- "$bin" check --
check --url --output --format --config !--fail-on !--color !--quiet \
    !--least-privilege !--label -- "$bin" snapshot --
check yaml json !sarif !text -- "$bin" snapshot --format ""
check --reason --expires --config !--format -- "$bin" accept --
check sarif !json -- "$bin" check --format s
check breaking dangerous safe cosmetic any never -- "$bin" check --fail-on ""
check auto always never -- "$bin" diff --color ""
check types -- "$bin" t
check --lang --sdk --check --decimal --core-collections --output !--format \
    !--fail-on -- "$bin" types --
check ts graphql -- "$bin" types --lang ""
check string number -- "$bin" types --bigint ""
check literal string -- "$bin" types --choices ""
check array singular -- "$bin" types --core-collections ""
check fixtures/types/d3.yaml -- "$bin" types fixtures/types/d3.y
check breaking dangerous safe cosmetic any never -- "$bin" diff --annotate ""
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

if [ -n "$have_zsh" ]; then
	checks=$((checks + 1))
	zsh -n completions/_directus-drift || fail "zsh -n"
	out=$(HOME=/nonexistent zsh -f -c '
		fpath=(completions $fpath)
		autoload -Uz compinit && compinit -u -D
		print -r -- ${_comps[directus-drift]}' 2>&1)
	checks=$((checks + 1))
	[ "$out" = "_directus-drift" ] || fail "zsh compinit: '$out'"
else
	echo "completion: zsh is missing: zsh checks skipped"
fi

[ "$fails" -eq 0 ] || { echo "completion: $fails failure(s) in $checks checks"; exit 1; }
echo "completion: ok ($checks checks)"
