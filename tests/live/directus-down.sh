#!/usr/bin/env bash
# directus-down.sh DIR
# Stop the Directus and PostgreSQL that directus-up.sh started under DIR.
# Safe to call twice, on a half-started DIR, or on a DIR that is gone.
# Only processes recorded under DIR are signalled, after checking that the
# recorded pid still is that program.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

[[ $# -eq 1 ]] || { echo "usage: $0 DIR" >&2; exit 2; }
[[ -d $1 ]] || exit 0
DIR=$(cd "$1" && pwd)
cd "$DIR"

# pid_is PID WORD: the process exists and its command line mentions WORD.
pid_is() {
	local pid=$1 word=$2 cmd
	[[ $pid =~ ^[0-9]+$ ]] || return 1
	cmd=$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null) || return 1
	[[ $cmd == *"$word"* ]]
}

# wait_gone PID SECONDS
wait_gone() {
	local pid=$1 n=$(( $2 * 10 ))
	while kill -0 "$pid" 2>/dev/null && ((n-- > 0)); do sleep 0.1; done
	! kill -0 "$pid" 2>/dev/null
}

rc=0

# --- Directus (a session leader: its pid is its process group) --------------
pidf=$DIR/directus/pid
if [[ -f $pidf ]]; then
	pid=$(head -n1 "$pidf")
	if pid_is "$pid" directus; then
		kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
		if ! wait_gone "$pid" 15; then
			kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
			wait_gone "$pid" 5 || { dd_log "directus pid $pid survives SIGKILL"; rc=1; }
		fi
	fi
	[[ $rc != 0 ]] || rm -f "$pidf"
fi

# --- PostgreSQL -----------------------------------------------------------------
data=$DIR/pg/data
if [[ -f $data/postmaster.pid ]]; then
	pg_pid=$(head -n1 "$data/postmaster.pid")
	if [[ $(id -u) == 0 ]]; then as_pg() { runuser -u postgres -- "$@"; }; else as_pg() { "$@"; }; fi
	if ! as_pg "$DD_PG_BIN/pg_ctl" -D "$data" -m fast -w -t 30 stop >/dev/null 2>&1; then
		if pid_is "$pg_pid" postgres; then
			kill -QUIT "$pg_pid" 2>/dev/null || true
			wait_gone "$pg_pid" 10 || { dd_log "postgres pid $pg_pid still running"; rc=1; }
		fi
	fi
fi
exit "$rc"
