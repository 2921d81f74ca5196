#!/usr/bin/env bash
# Two builds of loopdb side by side in one run: a git revision ("before", default the parent of
# HEAD) against the working tree ("after"). Same sysbench, same data, runs alternating (and the
# order swapped on the second pass) so both see the same machine noise. For each workload and
# thread count it prints both servers' transactions/s, the ratio after/before, and the server CPU
# per transaction of each (utime+stime of the server process from /proc, in microseconds).
#
#   scripts/bench-before-after.sh                 # HEAD~1 vs the working tree
#   REF=6fc4b4a PASSES=2 scripts/bench-before-after.sh
#
# Environment: REF (git revision, default HEAD~1), AFTER (a git revision instead of the working
# tree), TABLES (1), TABLE_SIZE (100000), TIME seconds
# per run (10), THREADS_LIST ("16 256"), PASSES (2), PS_MODE (auto: sysbench's default prepared
# statements | disable: text protocol), WORKLOADS (oltp_point_select oltp_read_only
# oltp_read_write oltp_read_only oltp_insert: read_only runs again after the writes, on purpose).
set -euo pipefail
cd "$(dirname "$0")/.."

REF="${REF:-HEAD~1}"
AFTER="${AFTER:-}"
TABLES="${TABLES:-1}"
TABLE_SIZE="${TABLE_SIZE:-100000}"
TIME="${TIME:-10}"
THREADS_LIST="${THREADS_LIST:-16 256}"
PASSES="${PASSES:-2}"
PS_MODE="${PS_MODE:-auto}"
WORKLOADS="${WORKLOADS:-oltp_point_select oltp_read_only oltp_read_write oltp_read_only oltp_insert}"

. scripts/lib/build-revision.sh
work="$(mktemp -d /tmp/loopdb-before-after.XXXXXX)"
pids=()
cleanup() {
	for p in "${pids[@]}"; do kill "$p" 2>/dev/null && wait "$p" 2>/dev/null || true; done
	rm -rf "$work"
	prune_build_worktrees
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

echo "building before ($REF) and after (${AFTER:-working tree})..."
build_loopdb_at "$work/before" "$REF"
build_loopdb_at "$work/after" "${AFTER:-}"

declare -A port pid
for side in before after; do
	port[$side]="$(free_port)"
	# Builds from before the metrics endpoint have no --admin-address; the
	# others must not both take its default port.
	admin=()
	# (Help text captured first: grep -q closing the pipe early would fail it under pipefail.)
	help="$("$work/$side" --help 2>&1 || true)"
	if grep -q -- admin-address <<<"$help"; then admin=(--admin-address=); fi
	"$work/$side" --port="${port[$side]}" --socket= --datadir="$work/data-$side" "${admin[@]}" --max-connections=2000 \
		>"$work/$side.log" 2>&1 &
	pid[$side]=$!
	pids+=("$!")
	for _ in $(seq 1 100); do
		mariadb -h127.0.0.1 -P"${port[$side]}" -uroot -e 'SELECT 1' >/dev/null 2>&1 && break
		sleep 0.1
	done
done

sb() { # sb PORT WORKLOAD COMMAND THREADS
	timeout $((TIME + 120)) sysbench "$2" --db-driver=mysql --mysql-host=127.0.0.1 --mysql-port="$1" \
		--mysql-user=root --mysql-db=sbtest --tables="$TABLES" --table-size="$TABLE_SIZE" \
		--threads="$4" --time="$TIME" --report-interval=0 --db-ps-mode="$PS_MODE" \
		--mysql-ssl=off --mysql-ignore-errors=1213,1205 "$3"
}

for side in before after; do
	mariadb -h127.0.0.1 -P"${port[$side]}" -uroot -e 'DROP DATABASE IF EXISTS sbtest; CREATE DATABASE sbtest'
	sb "${port[$side]}" oltp_common prepare 16 >/dev/null
done

cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
hz="$(getconf CLK_TCK)"

# run SIDE WORKLOAD THREADS: prints "tps cpu_us_per_txn"
run() {
	local c0 c1 out tps txn
	c0="$(cpu_ticks "${pid[$1]}")"
	out="$(sb "${port[$1]}" "$2" run "$3")"
	c1="$(cpu_ticks "${pid[$1]}")"
	tps="$(awk '/transactions:/ { gsub(/[()]/, "", $3); print $3 }' <<<"$out")"
	txn="$(awk '/transactions:/ { print $2 }' <<<"$out")"
	awk -v t="${tps:-0}" -v n="${txn:-0}" -v c=$((c1 - c0)) -v hz="$hz" \
		'BEGIN { printf "%s %s", t, (n > 0 ? sprintf("%.0f", c * 1e6 / hz / n) : "n/a") }'
}

printf '\n%-5s %-18s %7s %11s %11s %6s %12s %12s\n' pass workload threads before_tps after_tps ratio before_us/tx after_us/tx
for pass in $(seq 1 "$PASSES"); do
	for w in $WORKLOADS; do
		for t in $THREADS_LIST; do
			if [ $((pass % 2)) = 1 ]; then
				read -r bt bc <<<"$(run before "$w" "$t")"
				read -r at ac <<<"$(run after "$w" "$t")"
			else
				read -r at ac <<<"$(run after "$w" "$t")"
				read -r bt bc <<<"$(run before "$w" "$t")"
			fi
			ratio="$(awk -v a="${at:-0}" -v b="${bt:-0}" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }')"
			printf '%-5s %-18s %7s %11s %11s %6s %12s %12s\n' "$pass" "$w" "$t" "$bt" "$at" "$ratio" "$bc" "$ac"
		done
	done
done
echo
after_name="working tree"
[ -n "$AFTER" ] && after_name="$(git rev-parse --short "$AFTER")"
echo "before=$(git rev-parse --short "$REF") after=$after_name; sysbench $(sysbench --version | awk '{print $2}'), tables=$TABLES table_size=$TABLE_SIZE time=${TIME}s ps-mode=$PS_MODE, $(nproc) cores"
