#!/usr/bin/env bash
# directus-up.sh DIR
# Start a fresh PostgreSQL cluster and a fresh Directus 11 instance whose
# whole state lives under DIR (created if missing; must be empty of a
# previous instance).  Both listen on free ports of 127.0.0.1 only.
#
# Writes DIR/env.sh (mode 600), to be sourced by tests:
#   DIRECTUS_URL        http://127.0.0.1:PORT
#   DD_ADMIN_TOKEN      static admin token (random)
#   DD_ADMIN_TOKEN_FILE DIR/admin.token, the same token, mode 600
#   DD_ADMIN_EMAIL      admin user's e-mail (password in DIR/admin.password)
#   DD_PG_PORT, DD_DIRECTUS_PORT, DD_PG_PID, DD_DIRECTUS_PID, DD_DIR
# Logs: DIR/directus/directus.log, DIR/directus/bootstrap.log, DIR/pg/pg.log.
# On failure everything started is stopped again and the exit code is 1.
# Stop with directus-down.sh DIR.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

[[ $# -eq 1 ]] || { echo "usage: $0 DIR" >&2; exit 2; }
mkdir -p "$1"
DIR=$(cd "$1" && pwd)
cd "$DIR"
[[ ! -e $DIR/env.sh && ! -e $DIR/pg ]] || dd_die "$DIR already holds an instance (directus-down.sh it, then use a fresh dir)"

cache=$(dd_cache_dir)
if [[ ${DD_UP_IGNORE_STAMP:-0} != 1 && ! -f $(dd_stamp_file) ]]; then
	dd_die "Directus not installed in $cache (run directus-install.sh)"
fi
node_bindir=$(dd_node_bindir)
export PATH="$node_bindir:$PATH"
cli=$(dd_directus_cli)
t0=$(dd_now_ms)

# Two distinct free ports, both asked of the kernel at once.
read -r pg_port dx_port < <("$DD_PY" -c '
import socket
a, b = socket.socket(), socket.socket()
a.bind(("127.0.0.1", 0)); b.bind(("127.0.0.1", 0))
print(a.getsockname()[1], b.getsockname()[1])
')

up_ok=0
cleanup_on_fail() {
	if [[ $up_ok != 1 ]]; then
		"$DD_LIVE_DIR/directus-down.sh" "$DIR" >/dev/null 2>&1 || true
	fi
}
dd_on_exit cleanup_on_fail

# --- PostgreSQL ------------------------------------------------------------
# Runs as `postgres` when we are root (initdb refuses root); DIR must then be
# traversable by it.
pg_user=$(id -un)
as_pg() { "$@"; }
if [[ $(id -u) == 0 ]]; then
	pg_user=postgres
	id postgres >/dev/null 2>&1 || dd_die "no postgres user (is postgresql-15 installed?)"
	as_pg() { runuser -u postgres -- "$@"; }
	chmod a+x "$DIR"
fi
mkdir -p "$DIR/pg"
chmod 700 "$DIR/pg"
chown "$pg_user" "$DIR/pg"
printf '%s\n' "$pg_port" >"$DIR/pg/port"
as_pg test -w "$DIR/pg" || dd_die "$pg_user cannot write $DIR/pg (a parent dir not traversable?)"

t=$(dd_now_ms)
as_pg "$DD_PG_BIN/initdb" -D "$DIR/pg/data" -A trust -U postgres -E UTF8 \
	--locale=C --no-sync >"$DIR/pg/initdb.log" 2>&1 ||
	{ cat "$DIR/pg/initdb.log" >&2; dd_die "initdb failed"; }
as_pg "$DD_PG_BIN/pg_ctl" -D "$DIR/pg/data" -l "$DIR/pg/pg.log" -w -t 60 \
	-o "-p $pg_port -k $DIR/pg -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
	start >/dev/null ||
	{ tail -n 20 "$DIR/pg/pg.log" >&2; dd_die "PostgreSQL did not start"; }
pg_pid=$(head -n1 "$DIR/pg/data/postmaster.pid")
"$DD_PG_BIN/createdb" -h 127.0.0.1 -p "$pg_port" -U postgres directus ||
	dd_die "createdb failed"
# geometry fields need PostGIS; without it Directus refuses them, and the
# tests that use them say so
if [[ -f /usr/share/postgresql/15/extension/postgis.control ]]; then
	"$DD_PG_BIN/psql" -q -h 127.0.0.1 -p "$pg_port" -U postgres -d directus \
		-c 'CREATE EXTENSION IF NOT EXISTS postgis' >/dev/null ||
		dd_die "CREATE EXTENSION postgis failed"
fi
dd_log "postgres up on 127.0.0.1:$pg_port pid $pg_pid ($(dd_elapsed "$t"))"

# --- Directus ----------------------------------------------------------------
dx=$DIR/directus
mkdir -p "$dx/uploads" "$dx/extensions"
# Directus looks for extensions in package.json of its working directory.
printf '{\n  "name": "directus-drift-live-instance",\n  "private": true\n}\n' >"$dx/package.json"
umask 077
admin_token=$(dd_random_hex 24)
admin_password=$(dd_random_hex 12)
secret=$(dd_random_hex 32)
admin_email=admin@example.com
printf '%s\n' "$admin_token" >"$DIR/admin.token"
printf '%s\n' "$admin_password" >"$DIR/admin.password"
cat >"$dx/.env" <<EOF
HOST=127.0.0.1
PORT=$dx_port
PUBLIC_URL=http://127.0.0.1:$dx_port
DB_CLIENT=pg
DB_HOST=127.0.0.1
DB_PORT=$pg_port
DB_DATABASE=directus
DB_USER=postgres
SECRET=$secret
ADMIN_EMAIL=$admin_email
ADMIN_PASSWORD=$admin_password
ADMIN_TOKEN=$admin_token
TELEMETRY=false
RATE_LIMITER_ENABLED=false
CACHE_ENABLED=false
CACHE_SCHEMA=false
WEBSOCKETS_ENABLED=false
STORAGE_LOCATIONS=local
STORAGE_LOCAL_ROOT=$dx/uploads
EXTENSIONS_PATH=$dx/extensions
EXTENSIONS_AUTO_RELOAD=false
MARKETPLACE_TRUST=sandbox
LOG_LEVEL=warn
LOG_STYLE=raw
EOF

t=$(dd_now_ms)
(cd "$dx" && node "$cli" bootstrap >"$dx/bootstrap.log" 2>&1) ||
	{ tail -n 30 "$dx/bootstrap.log" >&2; dd_die "directus bootstrap failed (log: $dx/bootstrap.log)"; }
dd_log "directus bootstrapped ($(dd_elapsed "$t"))"

t=$(dd_now_ms)
# setsid: its own session, so directus-down.sh can signal the whole group.
(cd "$dx" && exec setsid node "$cli" start >"$dx/directus.log" 2>&1 </dev/null) &
dx_pid=$!
printf '%s\n' "$dx_pid" >"$dx/pid"

cat >"$DIR/env.sh" <<EOF
# Written by directus-up.sh; source it.  Holds a secret: mode 600.
export DD_DIR='$DIR'
export DIRECTUS_URL='http://127.0.0.1:$dx_port'
export DD_DIRECTUS_PORT='$dx_port'
export DD_ADMIN_TOKEN='$admin_token'
export DD_ADMIN_TOKEN_FILE='$DIR/admin.token'
export DD_ADMIN_EMAIL='$admin_email'
export DD_ADMIN_PASSWORD_FILE='$DIR/admin.password'
export DD_PG_PORT='$pg_port'
export DD_PG_PID='$pg_pid'
export DD_DIRECTUS_PID='$dx_pid'
export DD_DIRECTUS_CACHE='$cache'
EOF

deadline=$(( $(date +%s) + ${DD_UP_TIMEOUT:-120} ))
while :; do
	if curl -fsS --max-time 2 "http://127.0.0.1:$dx_port/server/health" >/dev/null 2>&1; then
		break
	fi
	if ! kill -0 "$dx_pid" 2>/dev/null; then
		echo "--- tail of $dx/directus.log" >&2
		tail -n 40 "$dx/directus.log" >&2
		dd_die "directus exited before answering /server/health"
	fi
	if (( $(date +%s) >= deadline )); then
		echo "--- tail of $dx/directus.log" >&2
		tail -n 40 "$dx/directus.log" >&2
		dd_die "directus not healthy after ${DD_UP_TIMEOUT:-120} s on 127.0.0.1:$dx_port"
	fi
	sleep 0.25
done
dd_log "directus up on 127.0.0.1:$dx_port pid $dx_pid ($(dd_elapsed "$t"); total $(dd_elapsed "$t0"))"
up_ok=1
printf '%s\n' "$DIR/env.sh"
