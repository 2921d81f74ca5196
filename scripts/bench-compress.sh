#!/usr/bin/env bash
# Bulk out over the compressed protocol, side by side: a full-table SELECT
# of sysbench's sbtest1 (ROWS rows, ~190 bytes each) streamed by
# bench/compressload over plain, zlib and zstd (level 3) from loopdb, and
# plain and zlib from MariaDB (which has no zstd), in one run on this
# machine. Prints per run: seconds, bytes on the wire, server CPU seconds.
#
#   scripts/bench-compress.sh
#   ROWS=100000 REPEAT=3 scripts/bench-compress.sh
#   THROTTLE=10mbit ROWS=100000 scripts/bench-compress.sh   # a slow link (root)
#
# Plain loopback is not a bottleneck, so that shows the CPU cost and the
# bytes saved. THROTTLE runs everything (both servers, sysbench, client) in
# a throwaway network namespace whose loopback is rate-limited by tc tbf:
# still loopback only, and the host's lo is untouched. Both directions
# share the limit, as they leave through the same lo.
set -euo pipefail
cd "$(dirname "$0")/.."

ROWS="${ROWS:-1000000}"
REPEAT="${REPEAT:-2}"

if [ -n "${THROTTLE:-}" ] && [ -z "${BENCH_COMPRESS_IN_NETNS:-}" ]; then
	ns="loopdb-bench-$$"
	ip netns add "$ns"
	trap 'ip netns del "$ns"' EXIT
	# tbf drops packets larger than its burst: give lo an ordinary MTU.
	ip netns exec "$ns" ip link set lo mtu 1500 up
	ip netns exec "$ns" tc qdisc add dev lo root tbf rate "$THROTTLE" burst 32kb latency 400ms
	BENCH_COMPRESS_IN_NETNS=1 ip netns exec "$ns" bash "$0"
	exit
fi

. scripts/lib/side-by-side.sh
side_by_side_init compress
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }

echo "building bin/loopdb and bench/compressload..."
CGO_ENABLED=0 go build -o bin/loopdb ./cmd/loopdb
go build -o "$work/compressload" ./bench/compressload
start_loopdb
start_mariadb

for port in "$lport" "$mport"; do
	mariadb -h127.0.0.1 -P"$port" -uroot -e 'DROP DATABASE IF EXISTS sbtest; CREATE DATABASE sbtest'
	timeout 1800 sysbench oltp_common --db-driver=mysql --mysql-host=127.0.0.1 --mysql-port="$port" \
		--mysql-user=root --mysql-db=sbtest --tables=1 --table-size="$ROWS" prepare >/dev/null
done

hz="$(getconf CLK_TCK)"
printf '\n%-8s %-6s %9s %8s %14s %8s %9s\n' server mode rows seconds wire_bytes_in ratio server_cpu_s
for _ in $(seq 1 "$REPEAT"); do
	for target in "loopdb:$lport:$loopdb_pid:plain zlib zstd" "mariadb:$mport:$mpid:plain zlib"; do
		IFS=: read -r name port pid modes <<<"$target"
		plain_bytes=""
		for mode in $modes; do
			before="$(cpu_ticks "$pid")"
			line="$("$work/compressload" -addr "127.0.0.1:$port" -mode "$mode" -query 'SELECT * FROM sbtest.sbtest1')"
			after="$(cpu_ticks "$pid")"
			rows="$(sed -n 's/.*rows=\([0-9]*\).*/\1/p' <<<"$line")"
			secs="$(sed -n 's/.*seconds=\([0-9.]*\).*/\1/p' <<<"$line")"
			bytes="$(sed -n 's/.*wire_bytes_in=\([0-9]*\).*/\1/p' <<<"$line")"
			[ "$mode" = plain ] && plain_bytes="$bytes"
			ratio="$(awk -v a="$bytes" -v b="$plain_bytes" 'BEGIN { printf "%.3f", a / b }')"
			cpu="$(awk -v t=$((after - before)) -v hz="$hz" 'BEGIN { printf "%.2f", t / hz }')"
			printf '%-8s %-6s %9s %8s %14s %8s %9s\n' "$name" "$mode" "$rows" "$secs" "$bytes" "$ratio" "$cpu"
		done
	done
done
echo
echo "ROWS=$ROWS, link: ${THROTTLE:-unthrottled}, sysbench sbtest1 rows, MariaDB $(mariadb -h127.0.0.1 -P"$mport" -uroot -N -e 'SELECT VERSION()'), $(nproc) cores, loopback"
