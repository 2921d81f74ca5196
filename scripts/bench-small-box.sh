#!/usr/bin/env bash
# bench-small-box.sh measures loopdb's peak memory (VmHWM) under a write-heavy
# then read-heavy sysbench run, for each of several flag sets: what a
# 256-512 MB gateway needs. Loopback only; bounded by TIME per workload.
#
#   scripts/bench-small-box.sh
#   CONFIGS="--cache-size=16M --memtable-size=4M|" TABLES=4 TABLE_SIZE=50000 TIME=20 scripts/bench-small-box.sh
#
# CONFIGS: flag sets separated by '|' (an empty one is the defaults).
# GOMEMLIMIT, if set, is passed to the server (the Go heap's soft limit).
set -euo pipefail
cd "$(dirname "$0")/.."
CONFIGS=${CONFIGS:-"|--cache-size=32M --memtable-size=8M|--cache-size=16M --memtable-size=4M"}
TABLES=${TABLES:-4}
TABLE_SIZE=${TABLE_SIZE:-50000}
THREADS=${THREADS:-16}
TIME=${TIME:-20}
[[ -x bin/loopdb ]] || CGO_ENABLED=0 go build -o bin/loopdb ./cmd/loopdb
work=$(mktemp -d /tmp/loopdb-smallbox.XXXXXX)
pid=""
trap '[[ -n $pid ]] && kill -9 $pid 2>/dev/null; rm -rf "$work"' EXIT
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
sb() {
	sysbench "$1" --db-driver=mysql --mysql-host=127.0.0.1 --mysql-port="$port" --mysql-user=root \
		--mysql-db=sbtest --tables="$TABLES" --table-size="$TABLE_SIZE" --threads="$THREADS" \
		--time="$TIME" --mysql-ignore-errors=1213,1205 "$2" >"$work/sb.log" 2>&1 || { cat "$work/sb.log"; exit 1; }
}
kb() { awk -v k="$1:" '$1 == k {print $2}' /proc/"$pid"/status; }
printf '%-42s %10s %10s %12s %8s\n' "flags" "peak MB" "after MB" "tps r/w" "data MB"
IFS='|' read -ra sets <<<"$CONFIGS"
for flags in "${sets[@]}"; do
	rm -rf "$work/data"
	# shellcheck disable=SC2086
	bin/loopdb --datadir="$work/data" --port="$port" --socket= --admin-address= --log-level=warn $flags >"$work/server.log" 2>&1 &
	pid=$!
	for _ in $(seq 1 100); do mariadb -h127.0.0.1 -P"$port" -uroot -e 'SELECT 1' >/dev/null 2>&1 && break; sleep 0.2; done
	mariadb -h127.0.0.1 -P"$port" -uroot -e 'CREATE DATABASE sbtest'
	sb oltp_read_write prepare
	sb oltp_insert run
	sb oltp_read_write run
	tps=$(awk '/transactions:/ {gsub(/\(/,"",$3); print $3}' "$work/sb.log")
	sb oltp_read_only run
	peak=$(kb VmHWM) now=$(kb VmRSS)
	data=$(du -sm "$work/data" | cut -f1)
	printf '%-42s %10d %10d %12s %8s\n' "${flags:-(defaults)}" $((peak / 1024)) $((now / 1024)) "$tps" "$data"
	kill -TERM "$pid"; wait "$pid" 2>/dev/null || true; pid=""
done
