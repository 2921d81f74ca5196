#!/usr/bin/env bash
# Bulk out and in over the compressed protocol, side by side: a full-table
# SELECT of sysbench's sbtest1 (ROWS rows, ~190 bytes each) streamed by
# bench/compressload, then a LOAD DATA LOCAL INFILE of the same rows (as
# the tab-separated file `mariadb -B` writes) into an empty copy of the
# table; over plain, zlib and zstd (levels 3 and 1) to loopdb, and plain and
# zlib to MariaDB (which has no zstd), in one run on this machine. Prints
# per run: seconds, bytes on the wire, server and client CPU seconds. zstd
# frames are made by compressload itself, one coder per connection as
# MySQL's client does (go-mysql's builds one per packet: -zstd-client).
#
#   scripts/bench-compress.sh
#   ROWS=100000 REPEAT=3 scripts/bench-compress.sh
#   THROTTLE=10mbit ROWS=100000 scripts/bench-compress.sh   # a slow link (root)
#   PHASES=select MODES=plain THROTTLE=10mbit ROWS=100000 REPEAT=2 scripts/bench-compress.sh
#
# PHASES (default "select load") and MODES (default: every mode) pick a
# subset of the runs.
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
PHASES="${PHASES:-select load}"
MODES="${MODES:-}"

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
start_loopdb --local-infile ${LOOPDB_EXTRA_ARGS:-}
MARIADB_EXTRA_ARGS="--local-infile=1 ${MARIADB_EXTRA_ARGS:-}" start_mariadb

for port in "$lport" "$mport"; do
	mariadb -h127.0.0.1 -P"$port" -uroot -e 'DROP DATABASE IF EXISTS sbtest; CREATE DATABASE sbtest'
	timeout 1800 sysbench oltp_common --db-driver=mysql --mysql-host=127.0.0.1 --mysql-port="$port" \
		--mysql-user=root --mysql-db=sbtest --tables=1 --table-size="$ROWS" prepare >/dev/null
done

# The file LOAD DATA reads: the rows as `mariadb -B` prints them, which is
# LOAD DATA's default format (tab-separated, backslash escapes).
mariadb -h127.0.0.1 -P"$lport" -uroot -N -B -e 'SELECT * FROM sbtest.sbtest1' >"$work/sbtest1.tsv"
for port in "$lport" "$mport"; do
	mariadb -h127.0.0.1 -P"$port" -uroot -e 'CREATE TABLE sbtest.loaded (id INT NOT NULL AUTO_INCREMENT,
		k INT NOT NULL DEFAULT 0, c CHAR(120) NOT NULL DEFAULT "", pad CHAR(60) NOT NULL DEFAULT "",
		PRIMARY KEY (id), KEY k_1 (k))'
done

hz="$(getconf CLK_TCK)"
# run PHASE: one line per server and mode; PHASE is select or load.
run() {
	local phase="$1" name port pid modes mode plain_bytes before after line rows secs bytes ratio cpu ccpu
	local -a flags
	printf '\n%-7s %-8s %-6s %9s %8s %14s %8s %9s %9s\n' phase server mode rows seconds wire_bytes ratio server_cpu_s client_cpu_s
	for target in "loopdb:$lport:$loopdb_pid:plain zlib zstd zstd1" "mariadb:$mport:$mpid:plain zlib"; do
		IFS=: read -r name port pid modes <<<"$target"
		plain_bytes=""
		for mode in $modes; do
			if [ -n "$MODES" ] && ! [[ " $MODES " == *" $mode "* ]]; then
				continue
			fi
			flags=(-mode "$mode")
			[ "$mode" = zstd1 ] && flags=(-mode zstd -zstd-level 1)
			if [ "$phase" = load ]; then
				mariadb -h127.0.0.1 -P"$port" -uroot -e 'TRUNCATE TABLE sbtest.loaded'
				flags+=(-query "LOAD DATA LOCAL INFILE '$work/sbtest1.tsv' INTO TABLE sbtest.loaded")
			else
				flags+=(-query 'SELECT * FROM sbtest.sbtest1')
			fi
			before="$(cpu_ticks "$pid")"
			line="$("$work/compressload" -addr "127.0.0.1:$port" "${flags[@]}")"
			after="$(cpu_ticks "$pid")"
			rows="$(sed -n 's/.*rows=\([0-9]*\).*/\1/p' <<<"$line")"
			secs="$(sed -n 's/.*seconds=\([0-9.]*\).*/\1/p' <<<"$line")"
			if [ "$phase" = load ]; then
				bytes="$(sed -n 's/.*wire_bytes_out=\([0-9]*\).*/\1/p' <<<"$line")"
			else
				bytes="$(sed -n 's/.*wire_bytes_in=\([0-9]*\).*/\1/p' <<<"$line")"
			fi
			[ "$mode" = plain ] && plain_bytes="$bytes"
			ratio="$(awk -v a="$bytes" -v b="$plain_bytes" 'BEGIN { printf "%.3f", a / b }')"
			cpu="$(awk -v t=$((after - before)) -v hz="$hz" 'BEGIN { printf "%.2f", t / hz }')"
			ccpu="$(sed -n 's/.*client_cpu_s=\([0-9.]*\).*/\1/p' <<<"$line")"
			printf '%-7s %-8s %-6s %9s %8s %14s %8s %9s %9s\n' "$phase" "$name" "$mode" "$rows" "$secs" "$bytes" "$ratio" "$cpu" "$ccpu"
		done
	done
}
for _ in $(seq 1 "$REPEAT"); do
	for phase in $PHASES; do
		run "$phase"
	done
done
echo
echo "select: bytes the client read; load: bytes it wrote (the file as it crossed the wire)"
echo "ROWS=$ROWS, link: ${THROTTLE:-unthrottled}, sysbench sbtest1 rows, MariaDB $(mariadb -h127.0.0.1 -P"$mport" -uroot -N -e 'SELECT VERSION()'), $(nproc) cores, loopback"
