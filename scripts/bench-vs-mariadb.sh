#!/usr/bin/env bash
# Side-by-side sysbench: loopdb and MariaDB on this machine, in one run, with the same data
# and the same sysbench, alternating which server goes first so both see the same machine noise.
# Prints one row per pass, workload and thread count: both servers' transactions/s and their
# ratio (loopdb/MariaDB), both p95 latencies, and both servers' CPU per transaction (user+system
# time of the server process from /proc over the run, divided by the transactions sysbench
# counted: the client shares the cores, so throughput alone flatters whoever leaves it more),
# how many transactions each had to retry after a deadlock or lock wait timeout, and sysbench's
# own CPU per transaction against each (once the cores are saturated, throughput is about
# cores / (server + client CPU per transaction), which bounds the ratio a cheaper server can
# reach).
#
#   scripts/bench-vs-mariadb.sh
#   TABLES=1 TABLE_SIZE=100000 PS_MODE=auto THREADS_LIST="16 1024" PASSES=2 \
#     WORKLOADS="oltp_point_select oltp_read_write oltp_read_only oltp_insert" scripts/bench-vs-mariadb.sh
#
# Workloads run in the order given, on one data set per server that is never reloaded: put a
# read workload after a write workload to measure reads after writes, not only fresh data.
#
# Environment: TABLES (10), TABLE_SIZE (10000), TIME seconds per run (10), THREADS_LIST
# ("16 64 256"), WORKLOADS (oltp_point_select oltp_read_only oltp_read_write oltp_insert),
# PASSES (1), PS_MODE (disable | auto: sysbench's prepared statements), SSL (off | on: sysbench
# --mysql-ssl=on against both servers, MariaDB given the certificates loopdb generated),
# LOOPDB_ARGS (extra loopdb flags), MARIADB_EXTRA_ARGS (see scripts/mariadb-sandbox.sh; this
# script adds --max-connections=4000 --thread-handling=pool-of-threads, MariaDB's event-driven
# mode, the fair comparison at high thread counts). Durable commits on both sides: loopdb fsyncs
# every commit by default; the sandbox runs MariaDB with innodb_flush_log_at_trx_commit=1 (its
# default).
set -euo pipefail
cd "$(dirname "$0")/.."

TABLES="${TABLES:-10}"
TABLE_SIZE="${TABLE_SIZE:-10000}"
TIME="${TIME:-10}"
THREADS_LIST="${THREADS_LIST:-16 64 256}"
WORKLOADS="${WORKLOADS:-oltp_point_select oltp_read_only oltp_read_write oltp_insert}"
PS_MODE="${PS_MODE:-disable}"
SSL="${SSL:-off}"
PASSES="${PASSES:-1}"

. scripts/lib/side-by-side.sh
side_by_side_init vs

echo "building bin/loopdb..."
CGO_ENABLED=0 go build -o bin/loopdb ./cmd/loopdb
# shellcheck disable=SC2086 # LOOPDB_ARGS is a list of flags
start_loopdb --max-connections=2000 ${LOOPDB_ARGS:-}
# sysbench 1.0's --mysql-ssl=on reads cacert.pem, client-cert.pem and client-key.pem from its
# working directory.
mkdir -p "$work/ssl"
cp "$work/loopdb/ca.pem" "$work/ssl/cacert.pem"
cp "$work/loopdb/client-cert.pem" "$work/loopdb/client-key.pem" "$work/ssl/"
if [ "$SSL" = on ]; then
	MARIADB_EXTRA_ARGS="--ssl-ca=$work/loopdb/ca.pem --ssl-cert=$work/loopdb/server-cert.pem --ssl-key=$work/loopdb/server-key.pem ${MARIADB_EXTRA_ARGS:-}"
	export MARIADB_EXTRA_ARGS
fi
MARIADB_EXTRA_ARGS="--max-connections=4000 --thread-handling=pool-of-threads ${MARIADB_EXTRA_ARGS:-}"
export MARIADB_EXTRA_ARGS
start_mariadb
echo "loopdb on $lport, MariaDB $(mariadb -h127.0.0.1 -P"$mport" -uroot -N -e 'SELECT VERSION()') on $mport"

sb() { # sb PORT WORKLOAD COMMAND THREADS
	(cd "$work/ssl" && timeout $((TIME + 120)) sysbench "$2" --db-driver=mysql --mysql-host=127.0.0.1 --mysql-port="$1" \
		--mysql-user=root --mysql-db=sbtest --tables="$TABLES" --table-size="$TABLE_SIZE" \
		--threads="$4" --time="$TIME" --report-interval=0 --db-ps-mode="$PS_MODE" \
		--mysql-ssl="$SSL" --mysql-ignore-errors=1213,1205 "$3")
}

for port in "$lport" "$mport"; do
	mariadb -h127.0.0.1 -P"$port" -uroot -e 'DROP DATABASE IF EXISTS sbtest; CREATE DATABASE sbtest'
	sb "$port" oltp_common prepare 16 >/dev/null
done

cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
hz="$(getconf CLK_TCK)"

# run PORT PID WORKLOAD THREADS: prints "tps p95_ms cpu_us_per_txn errors client_us_per_txn"
# ("fail" for what is missing; errors: deadlocks and lock wait timeouts, which sysbench counts
# and retries; client: sysbench's own CPU, from the shell's `times` for its finished children:
# run is always called in a subshell of its own, so they are this run's sysbench and awk)
run() {
	local c0 c1 out cli tf
	c0="$(cpu_ticks "$2")"
	out="$(sb "$1" "$3" run "$4" || true)"
	c1="$(cpu_ticks "$2")"
	# (`times` into a file: in a pipe or $(...) it would run forked, with no children yet)
	tf="$work/times.$BASHPID"
	times >"$tf"
	cli="$(awk 'NR == 2 { split($1, u, /[ms]/); split($2, s, /[ms]/); print u[1] * 60 + u[2] + s[1] * 60 + s[2] }' "$tf")"
	rm -f "$tf"
	awk -v c=$((c1 - c0)) -v hz="$hz" -v cli="$cli" '
		/transactions:/ { n = $2; t = $3; gsub(/[()]/, "", t) }
		/95th percentile:/ { p = $3 }
		/ignored errors:/ { e = $3 }
		END {
			printf "%s %s %s %s %s", (t != "" ? t : "fail"), (p != "" ? p : "fail"),
				(n > 0 ? sprintf("%.0f", c * 1e6 / hz / n) : "fail"), (e != "" ? e : "0"),
				(n > 0 ? sprintf("%.0f", cli * 1e6 / n) : "fail")
		}' <<<"$out"
}

printf '\n%-5s %-18s %7s %11s %11s %6s %9s %9s %9s %9s %7s %7s %9s %9s\n' pass workload threads loopdb_tps maria_tps ratio l_p95ms m_p95ms l_us/tx m_us/tx l_errs m_errs lc_us/tx mc_us/tx
for pass in $(seq 1 "$PASSES"); do
	for w in $WORKLOADS; do
		for t in $THREADS_LIST; do
			if [ $((pass % 2)) = 1 ]; then
				read -r at ap ac ae acl <<<"$(run "$lport" "$loopdb_pid" "$w" "$t")"
				read -r bt bp bc be bcl <<<"$(run "$mport" "$mpid" "$w" "$t")"
			else
				read -r bt bp bc be bcl <<<"$(run "$mport" "$mpid" "$w" "$t")"
				read -r at ap ac ae acl <<<"$(run "$lport" "$loopdb_pid" "$w" "$t")"
			fi
			ratio="$(awk -v a="$at" -v b="$bt" 'BEGIN { if (a + 0 > 0 && b + 0 > 0) printf "%.2f", a / b; else print "n/a" }')"
			printf '%-5s %-18s %7s %11s %11s %6s %9s %9s %9s %9s %7s %7s %9s %9s\n' "$pass" "$w" "$t" "$at" "$bt" "$ratio" "$ap" "$bp" "$ac" "$bc" "$ae" "$be" "$acl" "$bcl"
		done
	done
done
echo
echo "sysbench $(sysbench --version | awk '{print $2}'), tables=$TABLES table_size=$TABLE_SIZE time=${TIME}s passes=$PASSES ps-mode=$PS_MODE ssl=$SSL, $(nproc) cores; us/tx = server CPU per transaction, c_us/tx = sysbench's; errs = deadlocks and lock wait timeouts sysbench retried"
