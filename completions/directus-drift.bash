# bash completion for directus-drift                     -*- shell-script -*-
#
# Installed by "make install" as
# $(DATADIR)/bash-completion/completions/directus-drift, where the
# bash-completion package loads it on demand; or source it from ~/.bashrc.
# Completes commands, the options of each command, the values of --format
# (per command), --fail-on and --color, file names, command names for
# "help", and rule ids for "rules" (asked from the program itself:
# "directus-drift rules" lists one rule per line, its id first).
#
# The option lists below are those of "directus-drift help COMMAND";
# tests/e2e/completion.sh checks that each command is offered exactly the
# options the program accepts, so edit them together with src/cli.c.

_directus_drift_rules()
{
	command "$1" rules 2>/dev/null |
	    while read -r id _; do
		case $id in
		[a-z]*[a-z0-9]) printf '%s\n' "$id" ;;
		esac
	done
}

# the options of command $1, one word list
_directus_drift_options()
{
	local live="--cacert --retries --timeout --token-file --url"
	local report="--annotate --color --config --fail-on --format --label -q --quiet
	    -o --output -v --verbose"
	case $1 in
	accept) echo "--config --expires -h --help --reason" ;;
	check) echo "$report $live --jobs --least-privilege --snapshot --usage
	    -h --help" ;;
	diff) echo "$report $live --jobs --least-privilege --usage -h --help" ;;
	help) echo "-h --help" ;;
	rules) echo "--format -h --help" ;;
	snapshot) echo "$live --config --format -o --output -v --verbose
	    -h --help" ;;
	usage) echo "$live --config --format --jobs -o --output -q --quiet
	    -v --verbose -h --help" ;;
	types) echo "$live --bigint --check --choices --core-collections
	    --decimal --lang --name -o --output --sdk -v --verbose -h --help" ;;
	esac
}

_directus_drift()
{
	local cur prev cmd i w
	local commands="diff check snapshot types usage accept rules help"

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
		case $cmd in
		snapshot) COMPREPLY=($(compgen -W "yaml json" -- "$cur")) ;;
		rules|usage) COMPREPLY=($(compgen -W "text json" -- "$cur")) ;;
		*) COMPREPLY=($(compgen -W "text json sarif junit github gitlab
		    markdown" -- "$cur")) ;;
		esac
		return 0 ;;
	--fail-on|--annotate)
		COMPREPLY=($(compgen -W "breaking dangerous safe cosmetic any never" \
		    -- "$cur"))
		return 0 ;;
	--lang)
		COMPREPLY=($(compgen -W "ts graphql" -- "$cur"))
		return 0 ;;
	--bigint|--decimal)
		COMPREPLY=($(compgen -W "string number" -- "$cur"))
		return 0 ;;
	--choices)
		COMPREPLY=($(compgen -W "literal string" -- "$cur"))
		return 0 ;;
	--core-collections)
		COMPREPLY=($(compgen -W "array singular" -- "$cur"))
		return 0 ;;
	--color)
		COMPREPLY=($(compgen -W "auto always never" -- "$cur"))
		return 0 ;;
	--output|-o|--snapshot|--token-file|--cacert|--config|--check|--usage)
		COMPREPLY=($(compgen -f -- "$cur"))
		return 0 ;;
	--url)
		[ -n "${DIRECTUS_URL:-}" ] &&
		    COMPREPLY=($(compgen -W "$DIRECTUS_URL" -- "$cur"))
		return 0 ;;
	--timeout|--retries|--label|--reason|--expires|--jobs)
		return 0 ;;
	esac

	if [ -z "$cmd" ]; then
		COMPREPLY=($(compgen -W "$commands --help -h --version -V" \
		    -- "$cur"))
		return 0
	fi
	if [[ $cur == -* ]]; then
		COMPREPLY=($(compgen -W "$(_directus_drift_options "$cmd")" \
		    -- "$cur"))
		return 0
	fi
	case $cmd in
	diff|types|usage)
		COMPREPLY=($(compgen -f -- "$cur")) ;;
	help)
		COMPREPLY=($(compgen -W "$commands" -- "$cur")) ;;
	rules)
		COMPREPLY=($(compgen -W "$(_directus_drift_rules \
		    "${COMP_WORDS[0]}")" -- "$cur")) ;;
	esac
	return 0
}

complete -o filenames -F _directus_drift directus-drift
