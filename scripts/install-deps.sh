#!/bin/sh
# Installs the Debian packages directus-drift needs to build and test,
# only those that are missing.  Needs root (or sudo) when anything is
# missing; does nothing (and needs nothing) otherwise.
#   scripts/install-deps.sh            build + test dependencies
#   scripts/install-deps.sh --build    build dependencies only
#   scripts/install-deps.sh --ci       build + test + what .ci/run adds
#                                      (clang and its fuzzer runtime,
#                                      cppcheck, clang-format, pre-commit
#                                      for the gates test, npm for the
#                                      official SARIF schema)
set -eu

build_pkgs="make gcc libc6-dev pkg-config libyaml-dev libjansson-dev libcurl4-openssl-dev"
test_pkgs="libcmocka-dev mandoc valgrind python3 python3-jsonschema python3-yaml
    zsh git curl ca-certificates openssl"

ci_pkgs="clang libclang-rt-14-dev cppcheck clang-format pre-commit"

pkgs=$build_pkgs
case "${1:-}" in
--build) ;;
--ci) pkgs="$pkgs $test_pkgs $ci_pkgs" ;;
"") pkgs="$pkgs $test_pkgs" ;;
*) echo "usage: install-deps.sh [--build | --ci]" >&2; exit 2 ;;
esac

missing=""
for p in $pkgs; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null |
	    grep -q 'install ok installed'; then
		missing="$missing $p"
	fi
done

if [ -z "$missing" ]; then
	echo "install-deps: all packages present"
	exit 0
fi

echo "install-deps: installing:$missing"
if [ "$(id -u)" -eq 0 ]; then
	SUDO=""
elif command -v sudo >/dev/null 2>&1; then
	SUDO="sudo"
else
	echo "install-deps: need root or sudo to install:$missing" >&2
	exit 1
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing
