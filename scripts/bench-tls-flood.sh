#!/usr/bin/env bash
# Established connections under a flood of TLS handshakes: sysbench oltp_point_select (16
# threads, plaintext) against loopdb, alone and while bench/idleconns opens FLOOD_CONNS TLS
# connections (FLOOD_PARALLEL at a time) in a loop for the whole run; once with the default
# handshake gate (--tls-handshakes: half the CPUs) and once with the gate opened to
# GATE_OPEN. Prints tps and p95 latency for each case.
#
#   scripts/bench-tls-flood.sh
#   TIME=10 FLOOD_PARALLEL=64 scripts/bench-tls-flood.sh
set -euo pipefail
cd "$(dirname "$0")/.."

TIME="${TIME:-10}"
FLOOD_CONNS="${FLOOD_CONNS:-2000}"
FLOOD_PARALLEL="${FLOOD_PARALLEL:-32}"
GATE_OPEN="${GATE_OPEN:-64}"

. scripts/lib/side-by-side.sh
side_by_side_init tlsflood

CGO_ENABLED=0 go build -o bin/loopdb ./cmd/loopdb
go build -o bin/idleconns ./bench/idleconns

sb() { # sb PORT COMMAND
	timeout $((TIME + 120)) sysbench oltp_point_select --db-driver=mysql --mysql-host=127.0.0.1 \
		--mysql-port="$1" --mysql-user=root --mysql-db=sbtest --tables=4 --table-size=10000 \
		--threads=16 --time="$TIME" --report-interval=0 "$2"
}

printf '%-28s %10s %8s %14s\n' case tps p95_ms handshakes
for gate in default "$GATE_OPEN"; do
	flags=(--max-connections=$((FLOOD_CONNS + 200)))
	[ "$gate" != default ] && flags+=(--tls-handshakes="$gate")
	start_loopdb "${flags[@]}"
	mariadb -h127.0.0.1 -P"$lport" -uroot -e 'CREATE DATABASE sbtest'
	sb "$lport" prepare >/dev/null
	for flood in off on; do
		fpid=""
		if [ "$flood" = on ]; then
			(
				end=$((SECONDS + TIME + 2))
				while [ "$SECONDS" -lt "$end" ]; do
					bin/idleconns -addr 127.0.0.1:"$lport" -pid "$loopdb_pid" -conns "$FLOOD_CONNS" \
						-parallel "$FLOOD_PARALLEL" -settle 0 -tls >>"$work/flood.out" 2>&1 || break
				done
			) &
			fpid=$!
			sleep 1
		fi
		before="$(mariadb -h127.0.0.1 -P"$lport" -uroot -N -e "SHOW GLOBAL STATUS LIKE 'Ssl_finished_accepts'" | awk '{print $2}')"
		out="$(sb "$lport" run)"
		after="$(mariadb -h127.0.0.1 -P"$lport" -uroot -N -e "SHOW GLOBAL STATUS LIKE 'Ssl_finished_accepts'" | awk '{print $2}')"
		[ -n "$fpid" ] && wait "$fpid"
		tps="$(awk '/transactions:/ { gsub(/[()]/, "", $3); print $3 }' <<<"$out")"
		p95="$(awk '/95th percentile:/ { print $3 }' <<<"$out")"
		printf '%-28s %10s %8s %14s\n' "gate=$gate flood=$flood" "$tps" "$p95" "$((after - before))"
	done
	kill "$loopdb_pid"
	wait "$loopdb_pid" 2>/dev/null || true
	loopdb_pid=""
	rm -rf "$work/loopdb"
done
echo
echo "sysbench oltp_point_select 16 threads ${TIME}s; flood: bench/idleconns -tls, $FLOOD_PARALLEL at a time; $(nproc) cores"
