#!/usr/bin/env bash
# edge-smoke.sh runs the ARM release binaries under qemu-user (Debian's
# qemu-user-static) on this machine: start on an empty data directory, log
# in, create a table, insert, select, restart, and check the data is still
# there, for linux/arm64 and linux/armv7. Gateways run these targets. On
# 32-bit ARM it also runs the unit tests of the packages that encode values,
# keys and rows and talk to Pebble (int is 32 bits there, and 64-bit atomics
# need alignment), compiled for armv7 and run under qemu.
#
#   scripts/edge-smoke.sh               # both
#   TARGETS="arm/7" scripts/edge-smoke.sh
#   UNIT_TESTS=0 scripts/edge-smoke.sh  # servers only
set -euo pipefail
cd "$(dirname "$0")/.."
targets=${TARGETS:-"arm64 arm/7"}
work=$(mktemp -d /tmp/loopdb-edge.XXXXXX)
pid=""
cleanup() {
	[[ -n $pid ]] && kill -9 "$pid" 2>/dev/null || true
	rm -rf "$work"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# start BIN QEMU DATADIR PORT LOG: start the server and wait (bounded) until
# it answers a query.
start() {
	"$2" "$1" --datadir="$3" --port="$4" --socket= --admin-address= >>"$5" 2>&1 &
	pid=$!
	for _ in $(seq 1 240); do
		if mariadb -h127.0.0.1 -P"$4" -uroot -e 'SELECT 1' >/dev/null 2>&1; then
			return 0
		fi
		if ! kill -0 "$pid" 2>/dev/null; then
			echo "edge-smoke: the server exited; its log:"; cat "$5"; return 1
		fi
		sleep 0.5
	done
	echo "edge-smoke: no answer within 120 s; its log:"; cat "$5"; return 1
}

stop() {
	kill -TERM "$pid"
	for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || { pid=""; return 0; }; sleep 0.5; done
	echo "edge-smoke: no clean shutdown within 30 s"; return 1
}

# unit_tests_armv7: the test binaries of the 32-bit-sensitive packages, run
# under qemu-arm from each package's directory (for its testdata).
unit_tests_armv7() {
	# The packages where a 32-bit int or a 64-bit atomic matters: values,
	# keys, rows, the wire format and Pebble (exec and reactor pass too, but
	# cost CI two minutes: UNIT_PKGS="..." adds them).
	for p in ${UNIT_PKGS:-internal/jsoncodec codec storage storage/pebble exec/expr exec/table}; do
		local tb="$work/$(echo "$p" | tr / _).test"
		CGO_ENABLED=0 GOOS=linux GOARCH=arm GOARM=7 go test -c -o "$tb" "./$p"
		(cd "$p" && qemu-arm-static "$tb" -test.short >"$tb.log" 2>&1) || { echo "edge-smoke: $p tests fail on armv7:"; tail -40 "$tb.log"; return 1; }
		echo "edge-smoke: $p tests pass on armv7"
	done
}

q() { mariadb -h127.0.0.1 -P"$port" -uroot --batch --skip-column-names -e "$1"; }

for t in $targets; do
	arch=${t%/*}
	arm=""
	qemu=qemu-aarch64-static
	if [[ $t == */* ]]; then arm=${t#*/}; qemu=qemu-arm-static; fi
	command -v "$qemu" >/dev/null || { echo "edge-smoke: $qemu missing (apt-get install qemu-user-static)"; exit 1; }
	bin="$work/loopdb-$arch$arm"
	CGO_ENABLED=0 GOOS=linux GOARCH=$arch GOARM=$arm go build -o "$bin" ./cmd/loopdb
	data="$work/data-$arch$arm" log="$work/log-$arch$arm" port=$(free_port)
	echo "edge-smoke: linux/$arch${arm:+ v$arm} under $qemu, port $port"
	version=$("$qemu" "$bin" --version)
	echo "$version"
	[[ $version == *" linux/$arch${arm:+v$arm} "* ]] || { echo "edge-smoke: --version does not name the target"; exit 1; }
	start "$bin" "$qemu" "$data" "$port" "$log"
	q "CREATE DATABASE edge; CREATE TABLE edge.readings (id BIGINT AUTO_INCREMENT PRIMARY KEY,
	   device VARCHAR(32) NOT NULL, at DATETIME(3), value DOUBLE, big BIGINT UNSIGNED, doc JSON, KEY (device));
	   INSERT INTO edge.readings (device, at, value, big, doc) VALUES
	   ('gw-1', '2026-12-05 10:00:00.125', 21.5, 18446744073709551615, '{\"ok\": true}'),
	   ('gw-2', '2026-12-05 10:00:01.250', -3.25, 4294967296, NULL)"
	got=$(q "SELECT id, device, at, value, big, doc FROM edge.readings WHERE device >= 'gw' ORDER BY id")
	want=$'1\tgw-1\t2026-12-05 10:00:00.125\t21.5\t18446744073709551615\t{"ok": true}\n2\tgw-2\t2026-12-05 10:00:01.250\t-3.25\t4294967296\tNULL'
	[[ $got == "$want" ]] || { echo "edge-smoke: before restart got:"; echo "$got"; exit 1; }
	# TLS and the zstd-compressed protocol on the emulated CPU as well.
	mariadb -h127.0.0.1 -P"$port" -uroot --ssl -e 'SELECT 1' >/dev/null
	mariadb -h127.0.0.1 -P"$port" -uroot --compress -e 'SELECT COUNT(*) FROM edge.readings' >/dev/null
	stop
	start "$bin" "$qemu" "$data" "$port" "$log"
	got=$(q "SELECT id, device, at, value, big, doc FROM edge.readings WHERE device >= 'gw' ORDER BY id")
	[[ $got == "$want" ]] || { echo "edge-smoke: after restart got:"; echo "$got"; exit 1; }
	q "INSERT INTO edge.readings (device) VALUES ('gw-3')"
	[[ $(q "SELECT MAX(id) FROM edge.readings") == 3 ]] || { echo "edge-smoke: AUTO_INCREMENT after restart"; exit 1; }
	stop
	echo "edge-smoke: linux/$arch${arm:+ v$arm} PASS"
	if [[ $arch == arm && ${UNIT_TESTS:-1} == 1 ]]; then
		unit_tests_armv7
	fi
done
