#!/usr/bin/env bash
# COM_PING round trips/s: loopdb vs the protocol floor (bench/floorserver: raw gnet answering
# every packet with a canned OK). The ratio says how much of the floor loopdb's connection
# handling keeps. Both servers run at the same time on free ports and are measured alternately
# (twice each) so drift in the machine affects both.
#
# Environment: CONNS (default 64), DURATION (default 5s).
set -euo pipefail
cd "$(dirname "$0")/.."

CONNS="${CONNS:-64}"
DURATION="${DURATION:-5s}"
work=$(mktemp -d /tmp/bench-ping.XXXXXX)
pids=()
cleanup() {
	for p in "${pids[@]}"; do
		kill -TERM "$p" 2>/dev/null || true
	done
	for p in "${pids[@]}"; do
		# bounded wait, then force
		for _ in $(seq 50); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
		kill -KILL "$p" 2>/dev/null || true
	done
	rm -rf "$work"
}
trap cleanup EXIT

free_port() {
	# Bind port 0 and report what the kernel chose.
	python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

wait_port() { # wait_port PORT PID: until something accepts on PORT (max 20 s)
	for _ in $(seq 200); do
		if (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; then return 0; fi
		kill -0 "$2" 2>/dev/null || { echo "server (pid $2) exited during start-up" >&2; return 1; }
		sleep 0.1
	done
	echo "nothing listening on port $1 after 20s" >&2
	return 1
}

echo "building..."
CGO_ENABLED=0 go build -o "$work/loopdb" ./cmd/loopdb
go build -o "$work/floorserver" ./bench/floorserver
go build -o "$work/pingload" ./bench/pingload

lport=$(free_port)
fport=$(free_port)
while [ "$fport" = "$lport" ]; do fport=$(free_port); done

"$work/loopdb" --port="$lport" --bind-address=127.0.0.1 --socket="$work/l.sock" \
	--datadir="$work/data" --admin-address= --log-level=warn >"$work/loopdb.log" 2>&1 &
pids+=($!)
wait_port "$lport" "${pids[-1]}" || { cat "$work/loopdb.log"; exit 1; }
"$work/floorserver" -addr "127.0.0.1:$fport" >"$work/floor.log" 2>&1 &
pids+=($!)
wait_port "$fport" "${pids[-1]}" || { cat "$work/floor.log"; exit 1; }

run() { # run NAME ARGS...: prints the pings/s figure
	local out
	out=$(timeout 120 "$work/pingload" -conns "$CONNS" -duration "$DURATION" "$@") || {
		echo "pingload $* failed" >&2
		return 1
	}
	echo "$out" >&2
	echo "$out" | awk '/^pings\/s:/ {print $2}'
}

declare -a L F
for i in 1 2; do
	echo "round $i: loopdb" >&2
	L+=("$(run -addr "127.0.0.1:$lport" -user root)")
	echo "round $i: floor" >&2
	F+=("$(run -addr "127.0.0.1:$fport" -raw)")
done

awk -v l1="${L[0]}" -v l2="${L[1]}" -v f1="${F[0]}" -v f2="${F[1]}" -v c="$CONNS" -v d="$DURATION" 'BEGIN {
	l = (l1 + l2) / 2; f = (f1 + f2) / 2
	printf "loopdb: %.0f pings/s (runs %.0f, %.0f)\n", l, l1, l2
	printf "floor:  %.0f pings/s (runs %.0f, %.0f)\n", f, f1, f2
	printf "ratio loopdb/floor: %.2f  (conns=%d duration=%s, client and servers on the same %d-core machine)\n", l / f, c, d, '"$(nproc)"'
}'
