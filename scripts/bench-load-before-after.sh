#!/usr/bin/env bash
# LOAD DATA LOCAL of sysbench-shaped rows into an empty data directory, two loopdb builds
# alternating (a git revision "before" against the working tree, or AFTER): each run starts the
# build on a fresh --datadir, creates the table, loads the file, and reads the server's
# utime+stime from /proc around the LOAD. The rows are generated once (ROWS of them, as sysbench's
# sbtest: id, k, c CHAR(120), pad CHAR(60)) and both builds load the same file.
#
#   REF=202124c scripts/bench-load-before-after.sh
#   REF=202124c AFTER=HEAD ROWS=300000 RUNS=3 scripts/bench-load-before-after.sh
#
# Environment: REF (default HEAD~1), AFTER (a revision instead of the working tree), ROWS
# (300000), RUNS (3 per build).
set -euo pipefail
cd "$(dirname "$0")/.."

REF="${REF:-HEAD~1}"
AFTER="${AFTER:-}"
ROWS="${ROWS:-300000}"
RUNS="${RUNS:-3}"

. scripts/lib/build-revision.sh
work="$(mktemp -d /tmp/loopdb-load-ba.XXXXXX)"
pid=""
cleanup() {
	[ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true
	rm -rf "$work"
	prune_build_worktrees
}
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

echo "building before ($REF) and after (${AFTER:-working tree})..."
build_loopdb_at "$work/before" "$REF"
build_loopdb_at "$work/after" "${AFTER:-}"

# sysbench's row shape: c is 11 groups of 11 digits, pad 5 groups, separated by '-'.
python3 - "$ROWS" >"$work/rows.tsv" <<'PY'
import random, sys
r = random.Random(42)
def groups(n):
    return "-".join("".join(str(r.randrange(10)) for _ in range(11)) for _ in range(n))
out = sys.stdout
for i in range(1, int(sys.argv[1]) + 1):
    out.write(f"{i}\t{r.randint(1, int(sys.argv[1]))}\t{groups(10)}\t{groups(5)}\n")
PY

hz="$(getconf CLK_TCK)"
one_load() {
	local bin="$1" port before after t0 t1
	rm -rf "$work/data"
	port="$(free_port)"
	"$bin" --port="$port" --socket= --datadir="$work/data" --admin-address= --local-infile >"$work/server.log" 2>&1 &
	pid=$!
	for _ in $(seq 1 100); do
		mariadb -h127.0.0.1 -P"$port" -uroot -e 'SELECT 1' >/dev/null 2>&1 && break
		sleep 0.1
	done
	mariadb -h127.0.0.1 -P"$port" -uroot -e 'SET GLOBAL local_infile = 1; CREATE DATABASE sbtest;
		CREATE TABLE sbtest.loaded (id INT NOT NULL AUTO_INCREMENT, k INT NOT NULL DEFAULT 0,
		c CHAR(120) NOT NULL DEFAULT "", pad CHAR(60) NOT NULL DEFAULT "", PRIMARY KEY (id), KEY k_1 (k))'
	before="$(awk '{ print $14 + $15 }' "/proc/$pid/stat")"
	t0="$(date +%s.%N)"
	mariadb --local-infile=1 -h127.0.0.1 -P"$port" -uroot -e "LOAD DATA LOCAL INFILE '$work/rows.tsv' INTO TABLE sbtest.loaded"
	t1="$(date +%s.%N)"
	after="$(awk '{ print $14 + $15 }' "/proc/$pid/stat")"
	kill "$pid" && wait "$pid" 2>/dev/null || true
	pid=""
	awk -v a="$t0" -v b="$t1" -v c="$((after - before))" -v hz="$hz" 'BEGIN { printf "%8.2f %12.2f", b - a, c / hz }'
}

printf '\n%-4s %-7s %8s %12s\n' run build seconds server_cpu_s
for run in $(seq 1 "$RUNS"); do
	for build in before after; do
		printf '%-4s %-7s %s\n' "$run" "$build" "$(one_load "$work/$build")"
	done
done
echo
echo "before=$REF after=${AFTER:-working tree}; ROWS=$ROWS, a fresh data directory per load, $(nproc) cores"
