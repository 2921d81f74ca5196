#!/usr/bin/env bash
# Planner-bound queries side by side: server CPU per query on loopdb and MariaDB over the same
# sysbench table (ROWS rows, `KEY k_1 (k)`), flushed to disk on both (loopdb: OPTIMIZE TABLE, so
# that its size estimates see the data; MariaDB: ANALYZE TABLE). For each query it runs it once
# (warm-up), then RUNS times, and prints utime+stime of each server from /proc per run, in ms.
# The queries are the shapes the planner decides on: wide and narrow secondary-index ranges,
# ORDER BY along a key with LIMIT; then a join through a secondary index, full scans that
# filter (LIKE), count distinct values, sort text or groups for a LIMIT, and aggregate.
#
#   scripts/bench-queries.sh
#   ROWS=300000 RUNS=5 scripts/bench-queries.sh
#
# Environment: ROWS (300000), RUNS (3), QUERIES (a file of queries, one per line; default: the
# list below), REF (a git revision to build loopdb from instead of the working tree: the same
# queries against an older build).
set -euo pipefail
cd "$(dirname "$0")/.."

ROWS="${ROWS:-300000}"
RUNS="${RUNS:-3}"

. scripts/lib/side-by-side.sh
. scripts/lib/build-revision.sh
side_by_side_init queries
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }

if [ -n "${REF:-}" ]; then
	echo "building bin/loopdb from $REF..."
	build_loopdb_at bin/loopdb "$REF"
else
	echo "building bin/loopdb..."
	CGO_ENABLED=0 go build -o bin/loopdb ./cmd/loopdb
fi
start_loopdb ${LOOPDB_EXTRA_ARGS:-}
start_mariadb

for port in "$lport" "$mport"; do
	mariadb -h127.0.0.1 -P"$port" -uroot -e 'DROP DATABASE IF EXISTS sbtest; CREATE DATABASE sbtest'
	timeout 1800 sysbench oltp_common --db-driver=mysql --mysql-host=127.0.0.1 --mysql-port="$port" \
		--mysql-user=root --mysql-db=sbtest --tables=1 --table-size="$ROWS" prepare >/dev/null
done
mariadb -h127.0.0.1 -P"$lport" -uroot -e 'OPTIMIZE TABLE sbtest.sbtest1' >/dev/null
mariadb -h127.0.0.1 -P"$mport" -uroot -e 'ANALYZE TABLE sbtest.sbtest1' >/dev/null

queries="$work/queries.txt"
if [ -n "${QUERIES:-}" ]; then
	cp "$QUERIES" "$queries"
else
	# k is random in sysbench's data: k > 0 is every row, k < lo 3 % of them.
	lo="$(mariadb -h127.0.0.1 -P"$lport" -uroot -N -e "SELECT k FROM sbtest.sbtest1 ORDER BY k LIMIT 1 OFFSET $((ROWS * 3 / 100))")"
	cat >"$queries" <<-Q
		SELECT COUNT(*) FROM sbtest.sbtest1 WHERE k > 0
		SELECT COUNT(*) FROM sbtest.sbtest1 WHERE k < $lo
		SELECT id FROM sbtest.sbtest1 ORDER BY k LIMIT 10
		SELECT id FROM sbtest.sbtest1 ORDER BY id DESC LIMIT 10
		SELECT id FROM sbtest.sbtest1 WHERE k > 0 ORDER BY k LIMIT 5
		SELECT id FROM sbtest.sbtest1 ORDER BY k DESC LIMIT 20 OFFSET 100
		SELECT SUM(LENGTH(c)) FROM sbtest.sbtest1
		SELECT COUNT(*) FROM sbtest.sbtest1 a JOIN sbtest.sbtest1 b ON a.id = b.k
		SELECT COUNT(*) FROM sbtest.sbtest1 WHERE c LIKE '%99999%'
		SELECT COUNT(DISTINCT k) FROM sbtest.sbtest1
		SELECT id, c FROM sbtest.sbtest1 ORDER BY c LIMIT 10
		SELECT k, COUNT(*) AS n FROM sbtest.sbtest1 GROUP BY k ORDER BY n DESC LIMIT 10
		SELECT AVG(k), MAX(c), MIN(pad) FROM sbtest.sbtest1
		SELECT DISTINCT k FROM sbtest.sbtest1 ORDER BY k LIMIT 5 OFFSET 1000
	Q
fi

hz="$(getconf CLK_TCK)"
printf '\n%12s %12s  %s\n' loopdb_ms mariadb_ms query
while IFS= read -r q; do
	[ -z "$q" ] && continue
	line=""
	for target in "$lport:$loopdb_pid" "$mport:$mpid"; do
		port="${target%%:*}" pid="${target##*:}"
		mariadb -h127.0.0.1 -P"$port" -uroot -N -e "$q" >/dev/null
		before="$(cpu_ticks "$pid")"
		for _ in $(seq "$RUNS"); do echo "$q;"; done | mariadb -h127.0.0.1 -P"$port" -uroot -N >/dev/null
		after="$(cpu_ticks "$pid")"
		line="$line$(awk -v d="$((after - before))" -v hz="$hz" -v n="$RUNS" 'BEGIN { printf "%12.1f ", d * 1000 / hz / n }')"
	done
	printf '%s %s\n' "$line" "$q"
done <"$queries"
echo
echo "loopdb ${REF:-working tree}, ROWS=$ROWS RUNS=$RUNS, sysbench sbtest1, $(mariadb -h127.0.0.1 -P"$mport" -uroot -N -e 'SELECT VERSION()'), $(nproc) cores, CPU per query (1 tick = $((1000 / hz)) ms)"
