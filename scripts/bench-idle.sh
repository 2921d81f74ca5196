#!/usr/bin/env bash
# Memory per idle, logged-in connection: loopdb and MariaDB side by side on this machine.
# For each server: RSS before, open CONNS connections that log in and sit idle (from a separate
# process, bench/idleconns), RSS after; prints KB per connection. LOOPDB_CONNS (default 10000)
# may exceed what MariaDB is given (MARIADB_CONNS, default 2000: one thread each).
set -euo pipefail
cd "$(dirname "$0")/.."

LOOPDB_CONNS="${LOOPDB_CONNS:-10000}"
MARIADB_CONNS="${MARIADB_CONNS:-2000}"
work="$(mktemp -d /tmp/loopdb-idle.XXXXXX)"
loopdb_pid=""
cleanup() {
	[ -n "$loopdb_pid" ] && kill "$loopdb_pid" 2>/dev/null && wait "$loopdb_pid" 2>/dev/null || true
	bash scripts/mariadb-sandbox.sh stop "$work/mariadb" >/dev/null 2>&1 || true
	rm -rf "$work"
}
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

CGO_ENABLED=0 go build -o bin/loopdb ./cmd/loopdb
go build -o bin/idleconns ./bench/idleconns
lport="$(free_port)"
bin/loopdb --port="$lport" --socket= --datadir="$work/loopdb" --max-connections=$((LOOPDB_CONNS + 100)) >"$work/loopdb.log" 2>&1 &
loopdb_pid=$!
for _ in $(seq 1 100); do
	mariadb -h127.0.0.1 -P"$lport" -uroot -e 'SELECT 1' >/dev/null 2>&1 && break
	sleep 0.1
done
echo "loopdb:  $(bin/idleconns -addr 127.0.0.1:"$lport" -pid "$loopdb_pid" -conns "$LOOPDB_CONNS")"

mport="$(MARIADB_EXTRA_ARGS="--max-connections=$((MARIADB_CONNS + 100)) ${MARIADB_EXTRA_ARGS:-}" bash scripts/mariadb-sandbox.sh start "$work/mariadb")"
mpid="$(cat "$work/mariadb/mysqld.pid")"
echo "mariadb: $(bin/idleconns -addr 127.0.0.1:"$mport" -pid "$mpid" -conns "$MARIADB_CONNS")"
