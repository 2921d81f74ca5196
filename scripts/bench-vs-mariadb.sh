#!/usr/bin/env bash
# Side-by-side sysbench: loopdb and MariaDB on this machine, in one run, with the same data
# and the same sysbench, alternating runs so both see the same machine noise. Prints one row per
# workload and thread count with both servers' transactions/s and the ratio loopdb/MariaDB.
#
#   scripts/bench-vs-mariadb.sh
#   TIME=10 THREADS_LIST="16 64 256" WORKLOADS="oltp_point_select oltp_read_only" scripts/bench-vs-mariadb.sh
#
# Environment: TABLES (10), TABLE_SIZE (10000), TIME seconds per run (10), THREADS_LIST
# ("16 64 256"), WORKLOADS (oltp_point_select oltp_read_only oltp_read_write oltp_insert),
# PS_MODE (disable | auto), SSL (off | on: sysbench --mysql-ssl=on against both servers, MariaDB
# given the certificates loopdb generated), LOOPDB_ARGS (extra loopdb flags), MARIADB_EXTRA_ARGS
# (see scripts/mariadb-sandbox.sh). Durable commits on both sides: loopdb fsyncs every commit by
# default; the sandbox runs MariaDB with innodb_flush_log_at_trx_commit=1 (its default).
set -euo pipefail
cd "$(dirname "$0")/.."

TABLES="${TABLES:-10}"
TABLE_SIZE="${TABLE_SIZE:-10000}"
TIME="${TIME:-10}"
THREADS_LIST="${THREADS_LIST:-16 64 256}"
WORKLOADS="${WORKLOADS:-oltp_point_select oltp_read_only oltp_read_write oltp_insert}"
PS_MODE="${PS_MODE:-disable}"
SSL="${SSL:-off}"

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

tps() { awk '/transactions:/ { gsub(/[()]/, "", $3); print $3 }'; }

printf '\n%-20s %7s %12s %12s %8s\n' workload threads loopdb_tps mariadb_tps ratio
for w in $WORKLOADS; do
	for t in $THREADS_LIST; do
		a="$(sb "$lport" "$w" run "$t" | tps)"
		b="$(sb "$mport" "$w" run "$t" | tps)"
		ratio="$(awk -v a="${a:-0}" -v b="${b:-0}" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }')"
		printf '%-20s %7s %12s %12s %8s\n' "$w" "$t" "${a:-fail}" "${b:-fail}" "$ratio"
	done
done
echo
echo "sysbench $(sysbench --version | awk '{print $2}'), tables=$TABLES table_size=$TABLE_SIZE time=${TIME}s ps-mode=$PS_MODE ssl=$SSL, $(nproc) cores"
