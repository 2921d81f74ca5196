#!/usr/bin/env bash
# A throwaway MariaDB server for differential tests and side-by-side benchmarks: its own
# datadir, socket, pid file and log under DIR, TCP on 127.0.0.1 only, a free port, running as
# the current user. Needs Debian's mariadb-server (scripts/setup.sh installs it with the
# system service disabled; this script never touches the system instance or /etc/mysql).
#
#   scripts/mariadb-sandbox.sh start DIR   # init DIR if empty, start, wait until ready; prints the port
#   scripts/mariadb-sandbox.sh stop DIR    # clean shutdown (SIGTERM, bounded; SIGKILL as last resort)
#   scripts/mariadb-sandbox.sh status DIR  # exit 0 and print the port if running
#   scripts/mariadb-sandbox.sh kill DIR    # SIGKILL (a crash), wait until the process is gone
#
# `start` on a DIR that holds a stopped (or kill -9'ed) server restarts it on the same data, on
# a fresh port: crash recovery tests use that. root@localhost, root@127.0.0.1 have no password.
# Files in DIR: data/, tmp/, mysqld.sock, mysqld.pid, mysqld.err, port.
#
# Environment: MARIADB_SANDBOX_OWNER_PID (stop the server when that process exits; the Go tests
# set it to themselves), MARIADB_EXTRA_ARGS (more mariadbd options, e.g. "--innodb-buffer-pool-size=1G"),
# MARIADB_START_TIMEOUT (seconds, default 60), MARIADB_STOP_TIMEOUT (seconds, default 60).
set -euo pipefail

die() {
	echo "mariadb-sandbox: $*" >&2
	exit 1
}

find_bin() { # first of the names found in PATH or the usual sbin dirs
	local n d
	for n in "$@"; do
		if command -v "$n" >/dev/null 2>&1; then
			command -v "$n"
			return 0
		fi
		for d in /usr/sbin /usr/local/sbin /usr/bin; do
			if [ -x "$d/$n" ]; then
				echo "$d/$n"
				return 0
			fi
		done
	done
	return 1
}

# A port nobody listens on. The kernel's choice when python3 is there; otherwise a random one
# that `ss` does not show. Start retries on a bind failure anyway, so a race only costs a retry.
pick_port() {
	local p
	if command -v python3 >/dev/null 2>&1; then
		python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
		return
	fi
	while :; do
		p=$((20000 + RANDOM % 30000))
		if ! ss -Htln "sport = :$p" 2>/dev/null | grep -q .; then
			echo "$p"
			return
		fi
	done
}

# alive = exists and is not a zombie waiting for its (re)parent to reap it
pid_alive() {
	[ -n "${1:-}" ] && kill -0 "$1" 2>/dev/null || return 1
	! grep -q '^State:[[:space:]]*Z' "/proc/$1/status" 2>/dev/null
}

read_pid() { [ -s "$DIR/mysqld.pid" ] && cat "$DIR/mysqld.pid" || true; }

# Our own child PID is recorded in $DIR/launcher.pid by start (mariadbd writes mysqld.pid a bit
# later, and not at all if it fails early).
server_pid() {
	local p
	p=$(read_pid)
	if pid_alive "$p"; then
		echo "$p"
		return
	fi
	p=$(cat "$DIR/launcher.pid" 2>/dev/null || true)
	if pid_alive "$p" && grep -qa mariadbd "/proc/$p/cmdline" 2>/dev/null && grep -qa -- "$DIR" "/proc/$p/cmdline" 2>/dev/null; then
		echo "$p"
	fi
}

# With MARIADB_SANDBOX_OWNER_PID set, a detached watcher stops the server once that process is
# gone: a test binary killed before its cleanup ran does not leave a mariadbd behind.
start_owner_watch() {
	local pid="$1" owner="${MARIADB_SANDBOX_OWNER_PID:-}"
	[ -n "$owner" ] || return 0
	setsid bash -c '
		owner=$1 pid=$2
		while kill -0 "$owner" 2>/dev/null && kill -0 "$pid" 2>/dev/null; do sleep 1; done
		kill -0 "$pid" 2>/dev/null || exit 0
		kill -TERM "$pid" 2>/dev/null
		for i in $(seq 60); do kill -0 "$pid" 2>/dev/null || exit 0; sleep 1; done
		kill -KILL "$pid" 2>/dev/null' watcher "$owner" "$pid" </dev/null >/dev/null 2>&1 &
}

cmd_start() {
	local mariadbd install_db p pid port tries=0 deadline off
	mariadbd=$(find_bin mariadbd mysqld) || die "mariadbd not found: install mariadb-server (scripts/setup.sh)"
	install_db=$(find_bin mariadb-install-db mysql_install_db) || die "mariadb-install-db not found"
	mkdir -p "$DIR"
	DIR=$(cd "$DIR" && pwd)
	# unix socket paths must fit in sun_path (108 bytes)
	[ "${#DIR}" -lt 90 ] || die "DIR path too long for a unix socket: $DIR"
	if p=$(server_pid) && [ -n "$p" ]; then
		die "a server is already running in $DIR (pid $p)"
	fi

	# A private tmpdir: mariadbd deletes every "#sql*" file in its tmpdir when it starts, so
	# servers sharing /tmp break each other's temporary tables (seen with parallel tests).
	mkdir -p "$DIR/tmp"
	if [ ! -d "$DIR/data/mysql" ]; then
		rm -rf "$DIR/data"
		mkdir -p "$DIR/data"
		if ! TMPDIR="$DIR/tmp" "$install_db" --no-defaults --user="$(id -un)" --datadir="$DIR/data" \
			--auth-root-authentication-method=normal --skip-test-db \
			--skip-name-resolve --tmpdir="$DIR/tmp" >"$DIR/install.log" 2>&1; then
			cat "$DIR/install.log" >&2
			die "mariadb-install-db failed"
		fi
	fi

	local timeout_s="${MARIADB_START_TIMEOUT:-60}"
	while :; do
		tries=$((tries + 1))
		port=$(pick_port)
		rm -f "$DIR/mysqld.sock" "$DIR/mysqld.pid"
		# The log is appended to across restarts (a crash test wants the whole story); only
		# what this start wrote is looked at.
		off=$(stat -c %s "$DIR/mysqld.err" 2>/dev/null || echo 0)
		# --no-defaults: nothing from /etc/mysql. utf8mb4 like Debian's default config; the
		# rest keeps the server private and small.
		# shellcheck disable=SC2086
		setsid "$mariadbd" --no-defaults \
			--user="$(id -un)" \
			--datadir="$DIR/data" \
			--socket="$DIR/mysqld.sock" \
			--pid-file="$DIR/mysqld.pid" \
			--tmpdir="$DIR/tmp" \
			--log-error="$DIR/mysqld.err" \
			--port="$port" \
			--bind-address=127.0.0.1 \
			--skip-name-resolve \
			--character-set-server=utf8mb4 \
			--collation-server=utf8mb4_general_ci \
			--max-connections=1000 \
			--innodb-buffer-pool-size=256M \
			--skip-log-bin \
			${MARIADB_EXTRA_ARGS:-} \
			</dev/null >>"$DIR/mysqld.err" 2>&1 &
		pid=$!
		echo "$pid" >"$DIR/launcher.pid"
		deadline=$((SECONDS + timeout_s))
		while :; do
			if ! pid_alive "$pid"; then
				break
			fi
			if [ -S "$DIR/mysqld.sock" ] && tail -c +$((off + 1)) "$DIR/mysqld.err" 2>/dev/null | grep -q "ready for connections"; then
				echo "$port" >"$DIR/port"
				start_owner_watch "$pid"
				echo "$port"
				return 0
			fi
			if [ "$SECONDS" -ge "$deadline" ]; then
				kill -KILL "$pid" 2>/dev/null || true
				tail -n 40 "$DIR/mysqld.err" >&2
				die "mariadbd not ready within ${timeout_s}s"
			fi
			sleep 0.1
		done
		wait "$pid" 2>/dev/null || true
		if tail -c +$((off + 1)) "$DIR/mysqld.err" | grep -qiE "bind on tcp/ip port|address already in use" && [ "$tries" -lt 5 ]; then
			continue # someone took the port between pick and bind: try another
		fi
		tail -n 40 "$DIR/mysqld.err" >&2
		die "mariadbd exited during startup"
	done
}

cmd_stop() {
	local pid i bound="${MARIADB_STOP_TIMEOUT:-60}"
	[ -d "$DIR" ] || return 0
	pid=$(server_pid)
	if [ -z "$pid" ]; then
		rm -f "$DIR/port"
		return 0
	fi
	kill -TERM "$pid" 2>/dev/null || true
	for ((i = 0; i < bound * 10; i++)); do
		pid_alive "$pid" || break
		sleep 0.1
	done
	if pid_alive "$pid"; then
		kill -KILL "$pid" 2>/dev/null || true
		rm -f "$DIR/port"
		die "mariadbd (pid $pid) did not stop within ${bound}s of SIGTERM; killed"
	fi
	rm -f "$DIR/port"
}

cmd_kill() {
	local pid i
	[ -d "$DIR" ] || return 0
	pid=$(server_pid)
	rm -f "$DIR/port"
	[ -n "$pid" ] || return 0
	kill -KILL "$pid" 2>/dev/null || true
	for ((i = 0; i < 300; i++)); do
		pid_alive "$pid" || return 0
		sleep 0.05
	done
	die "mariadbd (pid $pid) still there 15s after SIGKILL"
}

cmd_status() {
	local pid
	pid=$(server_pid)
	[ -n "$pid" ] || return 1
	cat "$DIR/port"
}

[ $# -eq 2 ] || die "usage: $0 start|stop|kill|status DIR"
DIR="$2"
case "$1" in
start) cmd_start ;;
stop) cmd_stop ;;
kill) cmd_kill ;;
status) cmd_status ;;
*) die "usage: $0 start|stop|kill|status DIR" ;;
esac
