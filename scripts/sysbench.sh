#!/usr/bin/env bash
# Runs the sysbench 1.0.20 OLTP workloads (prepare, run, cleanup each) against a server and
# fails on any error other than the deadlock / lock-wait-timeout errors sysbench retries.
#
#   scripts/sysbench.sh                          # a fresh bin/loopdb on a free port + temp datadir
#   scripts/sysbench.sh --target mariadb         # a throwaway MariaDB (scripts/mariadb-sandbox.sh)
#   scripts/sysbench.sh --host 127.0.0.1 --port 3306 --user root --password pw   # a running server
#   TABLES=4 TABLE_SIZE=2000 THREADS=16 TIME=3 scripts/sysbench.sh               # small (CI)
#
# Flags (each also an environment variable, flag wins):
#   --target loopdb|mariadb|external  TARGET      default: external if --port/DB_PORT is given, else loopdb
#   --host H                          DB_HOST     127.0.0.1
#   --port P                          DB_PORT     (started server's port)
#   --user U                          DB_USER     root
#   --password PW                     DB_PASSWORD ""
#   --db NAME                         DB_NAME     sbtest (dropped and re-created before each workload)
#   --ps-mode disable|auto            PS_MODE     disable (auto: sysbench uses server-side prepared statements)
#   --tables N                        TABLES      10 (select_random_* always use 1: sysbench requires it)
#   --table-size N                    TABLE_SIZE  10000
#   --threads N                       THREADS     64
#   --time S                          TIME        5 (seconds of `run` per workload)
#   --workloads "a b ..."             WORKLOADS   all eleven below
#   --loopdb-bin PATH                 LOOPDB_BIN  bin/loopdb (built with CGO_ENABLED=0 if missing)
#   --keep-going / --stop-on-fail     KEEP_GOING  1 (run every workload even after a failure)
#   --sysbench-args "..."             SYSBENCH_ARGS  extra options for every sysbench call
#                                     (e.g. "--create_secondary=off --rand-type=uniform")
# Timeouts (seconds, each sysbench invocation is killed past it): PREPARE_TIMEOUT (default
# 60 + TABLES*TABLE_SIZE/1000), RUN_TIMEOUT (TIME + 60), CLEANUP_TIMEOUT (60).
#
# Pass criteria per workload: prepare, run and cleanup exit 0 within their timeouts; sysbench
# printed no FATAL/ALERT/error line; no reconnects; at least one transaction. sysbench retries
# errors 1213 (deadlock) and 1205 (lock wait timeout): they are counted as "errors" in the
# summary and allowed. sysbench's own default retry list also has 1020 (MariaDB's "record has
# changed"); we pass --mysql-ignore-errors=1213,1205 so that anything else, 1020 included, is
# fatal and fails the run.
#
# Output: one summary line per workload and a final "sysbench: PASS" or "sysbench: FAIL";
# the exit status is 0 only on PASS.
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

WORKLOADS_ALL="oltp_read_write oltp_read_only oltp_write_only oltp_point_select oltp_update_index oltp_update_non_index oltp_delete oltp_insert select_random_points select_random_ranges bulk_insert"

TARGET="${TARGET:-}"
DB_HOST="${DB_HOST:-127.0.0.1}"
DB_PORT="${DB_PORT:-}"
DB_USER="${DB_USER:-root}"
DB_PASSWORD="${DB_PASSWORD:-}"
DB_NAME="${DB_NAME:-sbtest}"
PS_MODE="${PS_MODE:-disable}"
TABLES="${TABLES:-10}"
TABLE_SIZE="${TABLE_SIZE:-10000}"
THREADS="${THREADS:-64}"
TIME="${TIME:-5}"
WORKLOADS="${WORKLOADS:-$WORKLOADS_ALL}"
LOOPDB_BIN="${LOOPDB_BIN:-bin/loopdb}"
KEEP_GOING="${KEEP_GOING:-1}"
SYSBENCH_ARGS="${SYSBENCH_ARGS:-}"

usage() {
	sed -n '2,/^set -uo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'
	exit "${1:-2}"
}

while [ $# -gt 0 ]; do
	case "$1" in
	--target) TARGET="$2"; shift 2 ;;
	--host) DB_HOST="$2"; shift 2 ;;
	--port) DB_PORT="$2"; shift 2 ;;
	--user) DB_USER="$2"; shift 2 ;;
	--password) DB_PASSWORD="$2"; shift 2 ;;
	--db) DB_NAME="$2"; shift 2 ;;
	--ps-mode) PS_MODE="$2"; shift 2 ;;
	--tables) TABLES="$2"; shift 2 ;;
	--table-size) TABLE_SIZE="$2"; shift 2 ;;
	--threads) THREADS="$2"; shift 2 ;;
	--time) TIME="$2"; shift 2 ;;
	--workloads) WORKLOADS="$2"; shift 2 ;;
	--loopdb-bin) LOOPDB_BIN="$2"; shift 2 ;;
	--sysbench-args) SYSBENCH_ARGS="$2"; shift 2 ;;
	--keep-going) KEEP_GOING=1; shift ;;
	--stop-on-fail) KEEP_GOING=0; shift ;;
	-h | --help) usage 0 ;;
	*) echo "sysbench.sh: unknown argument $1" >&2; usage 2 ;;
	esac
done

if [ -z "$TARGET" ]; then
	if [ -n "$DB_PORT" ]; then TARGET=external; else TARGET=loopdb; fi
fi
case "$TARGET" in loopdb | mariadb | external) ;; *) echo "sysbench.sh: bad target $TARGET" >&2; exit 2 ;; esac
case "$PS_MODE" in disable | auto) ;; *) echo "sysbench.sh: PS_MODE must be disable or auto" >&2; exit 2 ;; esac
for v in TABLES TABLE_SIZE THREADS TIME; do
	[[ "${!v}" =~ ^[1-9][0-9]*$ ]] || { echo "sysbench.sh: $v must be a positive integer (got '${!v}')" >&2; exit 2; }
done
if [ "$TARGET" = external ] && [ -z "$DB_PORT" ]; then
	echo "sysbench.sh: --target external needs --port" >&2
	exit 2
fi
for w in $WORKLOADS; do
	[[ " $WORKLOADS_ALL " == *" $w "* ]] || { echo "sysbench.sh: unknown workload $w" >&2; exit 2; }
done
for tool in sysbench mariadb timeout; do
	command -v "$tool" >/dev/null 2>&1 || { echo "sysbench.sh: $tool not found (run scripts/setup.sh)" >&2; exit 1; }
done

PREPARE_TIMEOUT="${PREPARE_TIMEOUT:-$((60 + TABLES * TABLE_SIZE / 1000))}"
RUN_TIMEOUT="${RUN_TIMEOUT:-$((TIME + 60))}"
CLEANUP_TIMEOUT="${CLEANUP_TIMEOUT:-60}"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/loopdb-sysbench.XXXXXX")
SERVER_PID=""
SANDBOX_DIR=""
server_failed=0

log() { echo "sysbench.sh: $*"; }

free_port() {
	python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])' 2>/dev/null ||
		echo $((20000 + RANDOM % 30000))
}

# sql STATEMENTS: run with the mariadb CLI against the target (bounded).
sql() {
	local pw=()
	[ -n "$DB_PASSWORD" ] && pw=("-p$DB_PASSWORD")
	timeout -k 5 60 mariadb --no-defaults --connect-timeout=5 -h"$DB_HOST" -P"$DB_PORT" -u"$DB_USER" "${pw[@]}" -e "$1"
}

start_loopdb() {
	local bin="$LOOPDB_BIN" i tries
	if [ ! -x "$bin" ]; then
		log "building $bin (CGO_ENABLED=0)"
		mkdir -p "$(dirname "$bin")"
		CGO_ENABLED=0 go build -o "$bin" ./cmd/loopdb || return 1
	fi
	for tries in 1 2 3; do
		DB_PORT=$(free_port)
		mkdir -p "$WORK/loopdb-data"
		# No --root-password: root@localhost without a password, reachable over loopback only.
		env -u LOOPDB_ROOT_PASSWORD "$bin" --port="$DB_PORT" --bind-address=127.0.0.1 \
			--socket="$WORK/loopdb.sock" --datadir="$WORK/loopdb-data" --admin-address= --log-level=info \
			</dev/null >>"$WORK/loopdb.log" 2>&1 &
		SERVER_PID=$!
		for ((i = 0; i < 200; i++)); do # 20 s
			if ! kill -0 "$SERVER_PID" 2>/dev/null; then break; fi
			if sql "SELECT 1" >/dev/null 2>&1; then
				log "loopdb pid $SERVER_PID on 127.0.0.1:$DB_PORT, datadir $WORK/loopdb-data"
				return 0
			fi
			sleep 0.1
		done
		if kill -0 "$SERVER_PID" 2>/dev/null; then
			kill -KILL "$SERVER_PID" 2>/dev/null
			wait "$SERVER_PID" 2>/dev/null
			SERVER_PID=""
			log "loopdb did not answer within 20s"
			tail -n 50 "$WORK/loopdb.log"
			return 1
		fi
		wait "$SERVER_PID" 2>/dev/null
		SERVER_PID=""
		grep -qi "address already in use" "$WORK/loopdb.log" || break
	done
	log "loopdb exited during startup"
	tail -n 50 "$WORK/loopdb.log"
	return 1
}

server_alive() {
	[ -z "$SERVER_PID" ] || kill -0 "$SERVER_PID" 2>/dev/null
}

stop_servers() {
	local i rc
	if [ -n "$SERVER_PID" ]; then
		if kill -0 "$SERVER_PID" 2>/dev/null; then
			kill -TERM "$SERVER_PID" 2>/dev/null
			for ((i = 0; i < 300; i++)); do
				kill -0 "$SERVER_PID" 2>/dev/null || break
				sleep 0.1
			done
			if kill -0 "$SERVER_PID" 2>/dev/null; then
				log "loopdb did not stop within 30s of SIGTERM; killing it"
				kill -KILL "$SERVER_PID" 2>/dev/null
				server_failed=1
			fi
		else
			log "loopdb was no longer running at the end"
			server_failed=1
		fi
		wait "$SERVER_PID" 2>/dev/null
		rc=$?
		if [ "$rc" != 0 ]; then
			log "loopdb exit status $rc (want 0)"
			server_failed=1
		fi
		if grep -qE "panic|fatal error:" "$WORK/loopdb.log"; then
			log "loopdb log contains a panic / fatal error"
			server_failed=1
		fi
		if [ "$server_failed" = 1 ]; then
			echo "---- loopdb log (last 80 lines) ----"
			tail -n 80 "$WORK/loopdb.log"
			echo "---- end of loopdb log ----"
		fi
		SERVER_PID=""
	fi
	if [ -n "$SANDBOX_DIR" ]; then
		scripts/mariadb-sandbox.sh stop "$SANDBOX_DIR" || server_failed=1
		SANDBOX_DIR=""
	fi
}

on_exit() {
	stop_servers
	rm -rf "$WORK"
}
trap on_exit EXIT
trap 'exit 130' INT TERM

case "$TARGET" in
loopdb)
	start_loopdb || { echo "sysbench: FAIL (could not start loopdb)"; exit 1; }
	;;
mariadb)
	SANDBOX_DIR="$WORK/mariadb"
	DB_PORT=$(scripts/mariadb-sandbox.sh start "$SANDBOX_DIR") || { echo "sysbench: FAIL (could not start MariaDB)"; exit 1; }
	log "MariaDB sandbox on 127.0.0.1:$DB_PORT"
	;;
external)
	log "server at $DB_HOST:$DB_PORT (user $DB_USER)"
	;;
esac

SSL_DIR="$WORK/ssl"
mkdir -p "$SSL_DIR"
if [ -f "$WORK/loopdb-data/ca.pem" ]; then
	cp "$WORK/loopdb-data/ca.pem" "$SSL_DIR/cacert.pem"
	cp "$WORK/loopdb-data/client-cert.pem" "$WORK/loopdb-data/client-key.pem" "$SSL_DIR/"
fi

server_version=$(sql "SELECT VERSION()" 2>/dev/null | tail -n 1 || true)
log "server version: ${server_version:-?}; tables=$TABLES table_size=$TABLE_SIZE threads=$THREADS time=${TIME}s ps-mode=$PS_MODE"

# field FILE LABEL N: the N-th whitespace-separated word after "LABEL:" on its line (first match).
field() {
	awk -v label="$2" -v n="$3" '
		index($0, label ":") {
			s = substr($0, index($0, label ":") + length(label) + 1)
			gsub(/[()]/, " ", s)
			split(s, a, " ")
			print a[n]
			exit
		}' "$1"
}

# invoke PHASE TIMEOUT OUTFILE ARGS...: one bounded sysbench call. Non-zero on failure.
invoke() {
	local phase="$1" limit="$2" out="$3" rc
	shift 3
	# sysbench 1.0's --mysql-ssl=on reads cacert.pem, client-cert.pem and client-key.pem from
	# its working directory: run it where loopdb's generated ones were copied.
	(cd "$SSL_DIR" && timeout -k 10 "$limit" sysbench "$@" "$phase") >"$out" 2>&1
	rc=$?
	if [ "$rc" = 124 ] || [ "$rc" = 137 ]; then
		echo "    $phase: timed out after ${limit}s"
		return 1
	fi
	if [ "$rc" != 0 ]; then
		echo "    $phase: sysbench exit status $rc"
		return 1
	fi
	# sysbench 1.0.20 can exit 0 after a failed thread or a failed prepare step in some
	# paths; any FATAL/ALERT/error line fails the phase regardless.
	if grep -qiE "^(FATAL|ALERT)|error [0-9]+|\berror:" "$out"; then
		echo "    $phase: sysbench reported an error"
		return 1
	fi
	return 0
}

summaries=()
failed=0

run_workload() {
	local w="$1" tables="$TABLES" pthreads rc=0 out common
	[ "$w" = select_random_points ] || [ "$w" = select_random_ranges ] && tables=1
	pthreads=$((THREADS < tables ? THREADS : tables))
	[ "$w" = bulk_insert ] && pthreads=$THREADS # its prepare/cleanup handle one table per thread
	common=(
		"$w" --db-driver=mysql --mysql-host="$DB_HOST" --mysql-port="$DB_PORT"
		--mysql-user="$DB_USER" --mysql-password="$DB_PASSWORD" --mysql-db="$DB_NAME"
		--mysql-ignore-errors=1213,1205 --db-ps-mode="$PS_MODE"
		--tables="$tables" --table-size="$TABLE_SIZE"
	)
	# shellcheck disable=SC2206 # word splitting of the extra options is intended
	local extra=($SYSBENCH_ARGS)
	common+=("${extra[@]}")
	echo "--- $w"
	if ! sql "DROP DATABASE IF EXISTS \`$DB_NAME\`; CREATE DATABASE \`$DB_NAME\`" >"$WORK/$w.db.out" 2>&1; then
		echo "    could not (re)create database $DB_NAME:"
		sed 's/^/    | /' "$WORK/$w.db.out"
		rc=1
	fi
	if [ "$rc" = 0 ] && ! invoke prepare "$PREPARE_TIMEOUT" "$WORK/$w.prepare.out" "${common[@]}" --threads="$pthreads"; then
		tail -n 20 "$WORK/$w.prepare.out" | sed 's/^/    | /'
		rc=1
	fi
	if [ "$rc" = 0 ]; then
		if ! invoke run "$RUN_TIMEOUT" "$WORK/$w.run.out" "${common[@]}" --threads="$THREADS" \
			--time="$TIME" --events=0 --report-interval=0 --percentile=95; then
			tail -n 40 "$WORK/$w.run.out" | sed 's/^/    | /'
			rc=1
		fi
	fi
	# Cleanup runs even after a failed run, so the next workload starts clean.
	if [ -s "$WORK/$w.prepare.out" ] && ! invoke cleanup "$CLEANUP_TIMEOUT" "$WORK/$w.cleanup.out" "${common[@]}" --threads="$pthreads"; then
		tail -n 20 "$WORK/$w.cleanup.out" | sed 's/^/    | /'
		rc=1
	fi

	local tps="-" qps="-" errs="-" reconn="-" p95="-" trx="-" f="$WORK/$w.run.out"
	if [ -s "$f" ]; then
		trx=$(field "$f" transactions 1)
		tps=$(field "$f" transactions 2)
		qps=$(field "$f" queries 2)
		errs=$(field "$f" "ignored errors" 1)
		reconn=$(field "$f" reconnects 1)
		p95=$(field "$f" "95th percentile" 1)
		if [ "$rc" = 0 ]; then
			if [ -z "$trx" ] || [ "$trx" = 0 ]; then
				echo "    run: no transactions completed"
				rc=1
			fi
			if [ -n "$reconn" ] && [ "$reconn" != 0 ]; then
				echo "    run: $reconn reconnects (a connection was lost)"
				rc=1
			fi
			if [ -z "$errs" ] || [ -z "$reconn" ]; then
				echo "    run: could not parse sysbench's statistics"
				rc=1
			fi
		fi
	fi
	if ! server_alive; then
		echo "    the server process is gone"
		rc=1
	fi
	local status=PASS
	if [ "$rc" != 0 ]; then
		status=FAIL
		failed=1
	fi
	local line
	line=$(printf '%-22s %s  tps=%-10s qps=%-11s errors=%-6s reconnects=%-4s p95_ms=%s' \
		"$w" "$status" "${tps:--}" "${qps:--}" "${errs:--}" "${reconn:--}" "${p95:--}")
	echo "    $line"
	summaries+=("$line")
	return "$rc"
}

t0=$SECONDS
for w in $WORKLOADS; do
	if ! run_workload "$w" && [ "$KEEP_GOING" != 1 ]; then
		break
	fi
	if ! server_alive; then
		log "server died; not running further workloads"
		break
	fi
done
sql "DROP DATABASE IF EXISTS \`$DB_NAME\`" >/dev/null 2>&1 || true
stop_servers
[ "$server_failed" = 0 ] || failed=1

echo
echo "==== sysbench $TARGET ($server_version) tables=$TABLES table_size=$TABLE_SIZE threads=$THREADS time=${TIME}s ps-mode=$PS_MODE, $((SECONDS - t0))s ===="
printf '%s\n' "${summaries[@]}"
ran=${#summaries[@]}
want=$(echo $WORKLOADS | wc -w)
if [ "$ran" -lt "$want" ]; then
	echo "only $ran of $want workloads ran"
	failed=1
fi
if [ "$failed" = 0 ]; then
	echo "sysbench: PASS"
else
	echo "sysbench: FAIL"
fi
exit "$failed"
