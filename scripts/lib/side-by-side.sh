# Sourced by the side-by-side benchmark scripts (bench-idle, bench-vs-mariadb,
# bench-compress): a work dir, a loopdb and a sandboxed MariaDB that are
# always cleaned up, on free loopback ports.
#
#   side_by_side_init NAME        # work=/tmp/loopdb-NAME.XXXXXX, cleanup on exit
#   start_loopdb [FLAGS...]       # bin/loopdb on a free port: sets lport, loopdb_pid
#   start_mariadb                 # MariaDB sandbox: sets mport, mpid (MARIADB_EXTRA_ARGS applies)

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

side_by_side_init() {
	work="$(mktemp -d "/tmp/loopdb-$1.XXXXXX")"
	loopdb_pid=""
	trap side_by_side_cleanup EXIT
}

side_by_side_cleanup() {
	[ -n "$loopdb_pid" ] && kill "$loopdb_pid" 2>/dev/null && wait "$loopdb_pid" 2>/dev/null || true
	bash scripts/mariadb-sandbox.sh stop "$work/mariadb" >/dev/null 2>&1 || true
	rm -rf "$work"
}

start_loopdb() {
	lport="$(free_port)"
	bin/loopdb --port="$lport" --socket= --datadir="$work/loopdb" --admin-address= "$@" >"$work/loopdb.log" 2>&1 &
	loopdb_pid=$!
	for _ in $(seq 1 100); do
		mariadb -h127.0.0.1 -P"$lport" -uroot -e 'SELECT 1' >/dev/null 2>&1 && return 0
		sleep 0.1
	done
	echo "loopdb did not start; its log:" >&2
	cat "$work/loopdb.log" >&2
	return 1
}

start_mariadb() {
	mport="$(bash scripts/mariadb-sandbox.sh start "$work/mariadb")"
	mpid="$(cat "$work/mariadb/mysqld.pid")"
}
