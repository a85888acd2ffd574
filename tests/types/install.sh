#!/bin/sh
# Idempotent install of what the TS compile tests need: typescript and one
# @directus/sdk version per directory of the cache,
#   ${DD_TYPES_CACHE:-/var/cache/directus-drift/npm-types}/<sdk version>/
# Versions are pinned (below).  A stamp file (.dd-types-ok, holding the
# versions) is written only after a complete install; with it present the
# directory is used as is.  Each install goes to a temp dir beside the
# cache and is renamed into place, so an interrupted run leaves no half
# cache.
#
# Usage: install.sh SDK_VERSION...  (prints nothing on success)
# Exit: 0 installed; 77 npm missing or the registry unreachable; 1 else.
set -eu
TS_VERSION=5.9.3
root=${DD_TYPES_CACHE:-/var/cache/directus-drift/npm-types}

say() { printf 'types/install: %s\n' "$*" >&2; }

if ! command -v npm >/dev/null 2>&1; then
	say "npm is not installed"
	exit 77
fi
mkdir -p "$root" || { say "cannot create $root"; exit 1; }
for v in "$@"; do
	dir=$root/$v
	want="typescript@$TS_VERSION @directus/sdk@$v"
	if [ -f "$dir/.dd-types-ok" ] && [ "$(cat "$dir/.dd-types-ok")" = "$want" ]; then
		continue
	fi
	if ! timeout 30 npm view --fetch-retries=1 --fetch-timeout=20000 \
		"@directus/sdk@$v" version >/dev/null 2>&1; then
		say "the npm registry is unreachable (npm view @directus/sdk@$v)"
		exit 77
	fi
	tmp=$(mktemp -d "$root/.tmp-$v.XXXXXX")
	printf '{ "name": "dd-types-%s", "private": true }\n' "$v" >"$tmp/package.json"
	if ! (cd "$tmp" && timeout 600 npm install --no-audit --no-fund \
		--loglevel=error --save-exact "typescript@$TS_VERSION" \
		"@directus/sdk@$v" >"$tmp/.npm.log" 2>&1); then
		say "npm install $want failed:"
		cat "$tmp/.npm.log" >&2
		rm -rf "$tmp"
		exit 1
	fi
	printf '%s\n' "$want" >"$tmp/.dd-types-ok"
	rm -rf "$dir"
	mv "$tmp" "$dir"
done
