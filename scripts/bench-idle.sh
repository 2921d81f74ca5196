#!/usr/bin/env bash
# Memory per idle, logged-in connection: loopdb and MariaDB side by side on this machine.
# For each server: RSS before, open CONNS connections that log in and sit idle (from a separate
# process, bench/idleconns), RSS after; prints KB per connection. LOOPDB_CONNS (default 10000)
# may exceed what MariaDB is given (MARIADB_CONNS, default 2000: one thread each).
set -euo pipefail
cd "$(dirname "$0")/.."

LOOPDB_CONNS="${LOOPDB_CONNS:-10000}"
MARIADB_CONNS="${MARIADB_CONNS:-2000}"
. scripts/lib/side-by-side.sh
side_by_side_init idle

CGO_ENABLED=0 go build -o bin/loopdb ./cmd/loopdb
go build -o bin/idleconns ./bench/idleconns
start_loopdb --max-connections=$((LOOPDB_CONNS + 100))
echo "loopdb:  $(bin/idleconns -addr 127.0.0.1:"$lport" -pid "$loopdb_pid" -conns "$LOOPDB_CONNS")"

MARIADB_EXTRA_ARGS="--max-connections=$((MARIADB_CONNS + 100)) ${MARIADB_EXTRA_ARGS:-}" start_mariadb
echo "mariadb: $(bin/idleconns -addr 127.0.0.1:"$mport" -pid "$mpid" -conns "$MARIADB_CONNS")"
