// Package server wires loopdb together and keeps the policy that is not
// SQL: configuration, the data directory, accounts and authentication,
// admission of connections, the SQL engine, the worker pool, the event
// loops and the server's lifecycle. The protocol side of a logged-in
// session (COM_* dispatch, result encoding) is server/protocol; the admin
// HTTP listener is server/admin.
//
// Where things are:
//
//	server.go            New/Run: what is built in which order, SET GLOBAL of limits
//	                     reaching the reactor (applyGlobal), shutdown
//	config.go, flags.go  Config, its defaults and checks; the flags (README's table is generated)
//	store*.go            the one place a storage backend is chosen (--store)
//	session.go           one connection from greeting to command phase: handshake,
//	                     TLS and compression negotiation, auth exchange, login outcome
//	auth_*.go, scramble.go, rsakey.go
//	                     caching_sha2_password and mysql_native_password exchanges,
//	                     the sha2 fast-auth cache, the RSA key pair for plaintext full auth
//	accounts*.go         the account store: records in storage, host matching, grants
//	                     snapshot, CREATE/ALTER/DROP USER for the SQL layer, validation
//	login_throttle.go    connection_control: delayed answers after failed logins, per
//	                     account and per address across accounts
//	host_cache.go        max_connect_errors: hosts blocked after abandoned handshakes
//	user_resources.go    per-account limits (MAX_QUERIES_PER_HOUR ..., max_user_connections):
//	                     atomic counters a session holds, checked per statement and at login;
//	                     password expiry (sandbox mode)
//	persisted_vars.go    SET PERSIST's file (mysqld-auto.cnf, MySQL's JSON layout)
//	tls.go               certificates: generated or loaded, reloaded on SIGHUP
//	metrics.go           what the admin endpoint reads
//	backup.go, check.go  online backup (BACKUP / loopdb backup) and the offline keyspace check
package server
