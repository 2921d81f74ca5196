#!/usr/bin/env bash
# Many connections, few of them busy (the edge/IoT gateway shape): bench/manyconn against the
# client floor (bench/floorserver -mysql: canned answers, so its line is what the client itself
# costs), loopdb and a sandboxed MariaDB (pool-of-threads), in one run with the same parameters.
# Loads sbtest1 into both databases first (sysbench oltp_common prepare, one table). Prints one
# line per server: connections opened and failed (by error code), achieved rate, latency from
# each send's due time (p50/p99/p999/max), errors, the client's CPU and memory, and the server's
# CPU (connect phase and run phase) and peak RSS.
#
#   scripts/bench-manyconn.sh
#   CONNS=3000 BUSY=200 RATE=2 DURATION=5s scripts/bench-manyconn.sh
#
# Environment: CONNS (10000), BUSY (all of CONNS), RATE requests/s per busy connection (1),
# DURATION (30s), MODE (select | insert), TABLE_SIZE (100000), SERVERS ("floor loopdb mariadb"),
# LOOPDB_ARGS, MARIADB_EXTRA_ARGS (see scripts/mariadb-sandbox.sh), MANYCONN_ARGS (more
# bench/manyconn flags, e.g. "-procs 4"). manyconn splits itself into several processes when
# one process's open-files limit cannot hold CONNS sockets; the servers are limited the same
# way (ulimit -Hn), so beyond about that many connections their refusals show in fail=.
set -euo pipefail
cd "$(dirname "$0")/.."

CONNS="${CONNS:-10000}"
BUSY="${BUSY:-$CONNS}"
RATE="${RATE:-1}"
DURATION="${DURATION:-30s}"
MODE="${MODE:-select}"
TABLE_SIZE="${TABLE_SIZE:-100000}"
SERVERS="${SERVERS:-floor loopdb mariadb}"

. scripts/lib/side-by-side.sh
side_by_side_init manyconn
floor_pid=""
cleanup() {
	if [ -n "$floor_pid" ]; then
		kill "$floor_pid" 2>/dev/null || true
		wait "$floor_pid" 2>/dev/null || true
	fi
	side_by_side_cleanup
}
trap cleanup EXIT

ulimit -n "$(ulimit -Hn)" # the servers started below inherit it
if [ "$CONNS" -gt $(($(ulimit -n) - 200)) ]; then
	echo "note: open-files limit $(ulimit -n): the servers cannot hold $CONNS connections" >&2
fi

echo "building bin/loopdb, bin/manyconn, bin/floorserver..." >&2
CGO_ENABLED=0 go build -o bin/loopdb ./cmd/loopdb
go build -o bin/manyconn ./bench/manyconn
go build -o bin/floorserver ./bench/floorserver

# load PORT: a fresh sbtest with sbtest1 of TABLE_SIZE rows.
load() {
	mariadb -h127.0.0.1 -P"$1" -uroot -e 'DROP DATABASE IF EXISTS sbtest; CREATE DATABASE sbtest'
	timeout $((120 + TABLE_SIZE / 500)) sysbench oltp_common --db-driver=mysql --mysql-host=127.0.0.1 \
		--mysql-port="$1" --mysql-user=root --mysql-db=sbtest --tables=1 --table-size="$TABLE_SIZE" \
		prepare >/dev/null
}

# measure NAME PORT PID: one manyconn run, its line prefixed with the server's name.
measure() {
	local out
	# shellcheck disable=SC2086 # MANYCONN_ARGS is a list of flags
	out="$(timeout 3600 bin/manyconn -addr "127.0.0.1:$2" -server-pid "$3" -conns "$CONNS" -busy "$BUSY" \
		-rate "$RATE" -duration "$DURATION" -mode "$MODE" -table-size "$TABLE_SIZE" ${MANYCONN_ARGS:-})" ||
		out="manyconn failed (exit $?)"
	printf '%-8s %s\n' "$1" "$out"
}

results=()
for s in $SERVERS; do
	case "$s" in
	floor)
		fport="$(free_port)"
		bin/floorserver -addr "127.0.0.1:$fport" -mysql >"$work/floor.log" 2>&1 &
		floor_pid=$!
		for _ in $(seq 100); do (exec 3<>"/dev/tcp/127.0.0.1/$fport") 2>/dev/null && break; sleep 0.1; done
		results+=("$(measure floor "$fport" "$floor_pid")")
		kill "$floor_pid" && wait "$floor_pid" 2>/dev/null || true
		floor_pid=""
		;;
	loopdb)
		# shellcheck disable=SC2086 # LOOPDB_ARGS is a list of flags
		start_loopdb --max-connections=$((CONNS + 100)) ${LOOPDB_ARGS:-}
		load "$lport"
		results+=("$(measure loopdb "$lport" "$loopdb_pid")")
		kill "$loopdb_pid" && wait "$loopdb_pid" 2>/dev/null || true
		loopdb_pid=""
		;;
	mariadb)
		MARIADB_EXTRA_ARGS="--thread-handling=pool-of-threads --max-connections=$((CONNS + 100)) --open-files-limit=$(ulimit -n) ${MARIADB_EXTRA_ARGS:-}" start_mariadb
		load "$mport"
		results+=("$(measure mariadb "$mport" "$mpid")")
		bash scripts/mariadb-sandbox.sh stop "$work/mariadb" >/dev/null
		;;
	*)
		echo "unknown server $s (want floor, loopdb or mariadb)" >&2
		exit 2
		;;
	esac
done

echo
printf '%s\n' "${results[@]}"
echo "conns=$CONNS busy=$BUSY rate=$RATE/s duration=$DURATION mode=$MODE table_size=$TABLE_SIZE, $(nproc) cores, client and servers on the same machine"
