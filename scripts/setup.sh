#!/usr/bin/env bash
# Installs what the test suite and benchmarks need on a fresh Debian 12 machine, and fetches the
# Go modules. Idempotent: apt runs only when a package is missing. Works as root or via sudo.
set -euo pipefail
cd "$(dirname "$0")/.."

export DEBIAN_FRONTEND=noninteractive

# Debian packages: real clients for the end-to-end tests (mariadb CLI, PyMySQL + cryptography for
# caching_sha2 RSA, mysqlclient), a reference server and sysbench for comparisons, tmux for manual sessions,
# qemu-user-static to run the ARM builds (scripts/edge-smoke.sh), pt-query-digest (percona-toolkit)
# to check that the slow query log parses.
PKGS=(mariadb-client mariadb-server sysbench python3-pymysql python3-cryptography python3-mysqldb tmux
	libmariadb-java qemu-user-static percona-toolkit)

# node and npm for the node mysql2 test, unless a node is already installed (nvm, NodeSource).
if ! command -v node >/dev/null 2>&1; then
	PKGS+=(nodejs npm)
fi

# gcc and libc headers for the race detector (go test -race needs cgo; the shipped binary does not).
PKGS+=(gcc libc6-dev)

SUDO=()
if [ "$(id -u)" -ne 0 ]; then
	SUDO=(sudo -E)
fi

missing=()
for p in "${PKGS[@]}"; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
		missing+=("$p")
	fi
done

if [ "${#missing[@]}" -gt 0 ]; then
	echo "setup: installing ${missing[*]}"
	"${SUDO[@]}" apt-get update -q
	# Do not let package scripts start services (mariadb-server would start a system mysqld
	# that the tests do not want); policy-rc.d exit code 101 = "action forbidden".
	policy=/usr/sbin/policy-rc.d
	created_policy=0
	if [ ! -e "$policy" ]; then
		printf '#!/bin/sh\nexit 101\n' | "${SUDO[@]}" tee "$policy" >/dev/null
		"${SUDO[@]}" chmod +x "$policy"
		created_policy=1
	fi
	rc=0
	"${SUDO[@]}" apt-get install -y -q --no-install-recommends \
		-o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold "${missing[@]}" || rc=$?
	if [ "$created_policy" = 1 ]; then
		"${SUDO[@]}" rm -f "$policy"
	fi
	[ "$rc" = 0 ] || { echo "setup: apt-get install failed ($rc)" >&2; exit "$rc"; }
else
	echo "setup: Debian packages present (${PKGS[*]})"
fi

if ! command -v go >/dev/null 2>&1; then
	echo "setup: 'go' not found in PATH; install Go $(sed -n 's/^go //p' go.mod) first" >&2
	exit 1
fi
go mod download

# node mysql2 for e2e/e2e_node_test.go, at the versions package-lock.json pins.
if [ ! -d e2e/testdata/node/node_modules/mysql2 ]; then
	echo "setup: npm ci in e2e/testdata/node"
	(cd e2e/testdata/node && npm ci --no-audit --no-fund)
fi
echo "setup: done ($(go version))"
