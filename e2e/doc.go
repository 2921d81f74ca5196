// Package e2e is loopdb's end-to-end suite: every test runs the real loopdb binary as a child
// process and talks to it only over its TCP port and unix socket, the way a client on another
// host would. It owns no server code and imports none; it checks behaviour a client can see.
//
// What it covers: login over every auth path (caching_sha2 fast and full, RSA, native, TLS
// including a pipelined SSLRequest), malformed and oversized packets, connection limits and
// timeouts, the text and binary protocols (prepared statements, cursors, statement leaks),
// transactions, compression (zlib, zstd), LOAD DATA (server and LOCAL), crash recovery after
// SIGKILL, graceful shutdown, and real clients driving the server: go-sql-driver/mysql,
// go-mysql, the mariadb command-line client (batch and interactive on a pty), mariadb-dump,
// PyMySQL, mysqlclient (python3-mysqldb), node mysql2 and Connector/J. A differential test runs testdata/diff/*.sql on a throwaway MariaDB
// and on loopdb and compares every statement's outcome. TestTorture feeds one server
// malformed, lying, stalled and abandoned protocol input beside a normal client whose rows are
// checked afterwards (torture_*_test.go); TestSQLNeverPanics runs seeded random SQL from
// sqlGen (sqlgen_test.go). The harness fails any test whose server logged "session panicked"
// or, when it is a -race build, "WARNING: DATA RACE".
//
// How it starts servers: TestMain builds ../cmd/loopdb once (CGO_ENABLED=0, a static binary as
// shipped) unless LOOPDB_E2E_BIN names a binary to test instead; startServer then gives each
// test its own process, free port, unix socket and data directory, and fails the test if the
// process crashed or did not exit cleanly on SIGTERM. MariaDB is started, when installed, by
// scripts/mariadb-sandbox.sh in a directory of its own. Tests that need exact bytes on the wire
// speak through internal/myclient, a raw client independent of the server's codec.
//
// External clients (mariadb, mariadb-dump, python3 with PyMySQL and mysqlclient, java/javac,
// node with mysql2 in testdata/node) are installed by scripts/setup.sh; a missing one fails its
// test rather than skipping it, except node and its mysql2, which skip outside CI (CI unset) so
// a Go-only machine can run the suite. A missing MariaDB server skips the tests that need one.
//
// Environment:
//
//	CI                     set (as CI services do): a missing node or mysql2 fails TestNodeMySQL2
//	LOOPDB_E2E_BIN         test this binary instead of building ../cmd/loopdb
//	LOOPDB_E2E_TARGET      "mariadb": run the transaction, crash and differential tests against
//	                       a MariaDB sandbox instead of loopdb (a check of the tests themselves)
//	LOOPDB_E2E_1GB         "1": also run TestLoadData1GBCompressed (minutes; scripts/test.sh)
//	LOOPDB_CURSOR_ROWS     rows TestCursorFetchStreams streams (default 200000)
//	LOOPDB_PREPARE_CYCLES  prepare/close cycles of TestPrepareCloseDoesNotLeak (default 50000)
//	LOOPDB_TORTURE_SEED    replay TestTorture's random payloads (it logs the seed it used)
//	LOOPDB_TORTURE_CONNS   unfinished handshakes TestTorture holds open at once (default 2000)
//	LOOPDB_SQLFUZZ_TIME    how long TestSQLNeverPanics generates statements (default 50s)
//	LOOPDB_SQLFUZZ_SEED    replay TestSQLNeverPanics (its failure messages name the seed)
//
// Run one test:
//
//	go test -count=1 -run '^TestRawCachingSha2Paths$' -v ./e2e
package e2e
