# bash completion for directus-drift                     -*- shell-script -*-
#
# Installed by "make install" as
# $(DATADIR)/bash-completion/completions/directus-drift, where the
# bash-completion package loads it on demand; or source it from ~/.bashrc.
# Completes commands, the options of each command, the values of --format,
# --fail-on and --color, file names, and rule ids for "rules" (asked from
# the program itself: "directus-drift rules" lists one rule per line, its
# id first).

_directus_drift_rules()
{
	command "$1" rules 2>/dev/null |
	    while read -r id _; do
		case $id in
		[a-z]*[a-z0-9]) printf '%s\n' "$id" ;;
		esac
	done
}

_directus_drift()
{
	local cur prev cmd i w
	local report="--format --output -o --fail-on --config --color --quiet -q
	    --verbose -v --help -h"
	local live="--url --token-file --timeout --retries --cacert"

	COMPREPLY=()
	cur=${COMP_WORDS[COMP_CWORD]}
	prev=""
	[ "$COMP_CWORD" -gt 0 ] && prev=${COMP_WORDS[COMP_CWORD-1]}

	# the command: the first word after the program that is not an option
	cmd=""
	for ((i = 1; i < COMP_CWORD; i++)); do
		w=${COMP_WORDS[i]}
		case $w in
		-*) ;;
		*) cmd=$w; break ;;
		esac
	done

	case $prev in
	--format)
		COMPREPLY=($(compgen -W "text json sarif junit github gitlab
		    markdown" -- "$cur"))
		return 0 ;;
	--fail-on)
		COMPREPLY=($(compgen -W "breaking dangerous safe any never" \
		    -- "$cur"))
		return 0 ;;
	--color)
		COMPREPLY=($(compgen -W "auto always never" -- "$cur"))
		return 0 ;;
	--output|-o|--snapshot|--token-file|--cacert|--config)
		COMPREPLY=($(compgen -f -- "$cur"))
		return 0 ;;
	--usage)
		COMPREPLY=($(compgen -d -- "$cur") $(compgen -f -- "$cur"))
		return 0 ;;
	--url)
		[ -n "${DIRECTUS_URL:-}" ] &&
		    COMPREPLY=($(compgen -W "$DIRECTUS_URL" -- "$cur"))
		return 0 ;;
	--timeout|--retries)
		return 0 ;;
	esac

	case $cmd in
	"")
		COMPREPLY=($(compgen -W "check diff snapshot usage rules help
		    --help --version" -- "$cur")) ;;
	check)
		COMPREPLY=($(compgen -W "$report $live --snapshot --usage" \
		    -- "$cur")) ;;
	diff)
		if [[ $cur == -* ]]; then
			COMPREPLY=($(compgen -W "$report --usage" -- "$cur"))
		else
			COMPREPLY=($(compgen -f -- "$cur"))
		fi ;;
	snapshot)
		COMPREPLY=($(compgen -W "$live --output -o --config --help -h" \
		    -- "$cur")) ;;
	usage)
		if [[ $cur == -* ]]; then
			COMPREPLY=($(compgen -W "--format --output -o --config
			    --quiet -q --help -h" -- "$cur"))
		else
			COMPREPLY=($(compgen -f -- "$cur"))
		fi ;;
	rules)
		if [[ $cur == -* ]]; then
			COMPREPLY=($(compgen -W "--help -h" -- "$cur"))
		else
			COMPREPLY=($(compgen -W "$(_directus_drift_rules \
			    "${COMP_WORDS[0]}")" -- "$cur"))
		fi ;;
	esac
	return 0
}

complete -o filenames -F _directus_drift directus-drift
