#!/usr/bin/env bash
# Memory per idle, logged-in connection: loopdb and MariaDB side by side on this machine.
# For each server: RSS before, open CONNS connections that log in and sit idle (from a separate
# process, bench/idleconns), RSS after; prints KB per connection. LOOPDB_CONNS (default 10000)
# may exceed what MariaDB is given (MARIADB_CONNS, default 2000: one thread each). TLS=on logs
# every connection in over TLS 1.3 (MariaDB gets the certificates loopdb generated); the printed
# connect_rate is then the TLS handshake + login rate.
set -euo pipefail
cd "$(dirname "$0")/.."

LOOPDB_CONNS="${LOOPDB_CONNS:-10000}"
TLS="${TLS:-off}"
tlsflag=""
[ "$TLS" = on ] && tlsflag="-tls"
MARIADB_CONNS="${MARIADB_CONNS:-2000}"
. scripts/lib/side-by-side.sh
side_by_side_init idle

CGO_ENABLED=0 go build -o bin/loopdb ./cmd/loopdb
go build -o bin/idleconns ./bench/idleconns
start_loopdb --max-connections=$((LOOPDB_CONNS + 100))
echo "loopdb  tls=$TLS: $(bin/idleconns -addr 127.0.0.1:"$lport" -pid "$loopdb_pid" -conns "$LOOPDB_CONNS" $tlsflag)"

ssl=""
[ "$TLS" = on ] && ssl="--ssl-ca=$work/loopdb/ca.pem --ssl-cert=$work/loopdb/server-cert.pem --ssl-key=$work/loopdb/server-key.pem"
MARIADB_EXTRA_ARGS="--max-connections=$((MARIADB_CONNS + 100)) $ssl ${MARIADB_EXTRA_ARGS:-}" start_mariadb
echo "mariadb tls=$TLS: $(bin/idleconns -addr 127.0.0.1:"$mport" -pid "$mpid" -conns "$MARIADB_CONNS" $tlsflag)"
