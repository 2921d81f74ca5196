// Package exec is loopdb's SQL layer: it parses statements (TiDB's
// parser), plans and runs them over storage, and keeps each connection's
// session state (variables, transactions, prepared statements, cursors).
//
// It knows nothing of packets. A statement's output goes to a
// ResultWriter as columns, rows of Values and completions (affected rows,
// status flags, warnings); the protocol side (server/protocol) implements
// it and decides how they are encoded. MySQL's shared vocabulary (type
// codes, flags, error numbers) comes from mysqldef; exec never imports
// codec, nor a storage backend. What a table is on disk (catalog, key
// layout, row codec, the row writer) is exec/table's; exec decides what
// to read and write and holds the locks that make it safe.
//
// Statements are parsed and dispatched by the Session; SELECTs (and the
// reads of multi-table DML, INSERT ... SELECT and subqueries) are planned
// and run by its planner, package exec/plan, which reaches the session only
// through the plan.Env interface (plannerEnv here implements it).
//
// Transactions (txn.go, txn_mode.go, savepoint.go) hold row locks through
// storage until they end; under lock thrashing new ones wait for admission
// before they start (txn_gate.go).
//
// The engine also owns the server's SQL-side counters: Engine.GlobalStatus
// is SHOW GLOBAL STATUS (status.go; Com_* by statement kind in
// status_com.go; Handler_* counted per session and added up per command in
// status_handler.go), and the metrics endpoint reads the same function. The
// process list (processlist.go) and the slow query log (slowlog.go) read
// what each session publishes as its commands begin and end.
//
// Views are defined and read here (ddl_view.go): a view's SELECT is kept
// as text in the catalog and run, in the view's database and against its
// definer's privileges, whenever a statement reads the view. EXPLAIN's
// dispatch is explain.go; the rows come from the plan.
//
// Stored procedures (sp_*.go): CREATE PROCEDURE is read by the session's
// own procedure reader (sp_parse.go), since the TiDB parser's procedure
// grammar is partial; the text is kept in the catalog (table.Routine) and
// read again at each CALL, whose interpreter (sp_exec.go) runs every
// statement of the body as a statement of the session, with the
// procedure's variables bound to it as typed parameters. Cursors,
// handlers and conditions are read by sp_handler_parse.go and run by
// sp_handler.go (a cursor materialised at OPEN; an error or warning of a
// statement offered to the handlers of the blocks around it); SIGNAL is
// sp_signal.go. Grants on one procedure (GRANT ... ON PROCEDURE,
// mysql.procs_priv) are in grant_routines.go.
//
// Virtual tables are built in memory per statement from what the engine
// already knows: information_schema's from the catalog (infoschema*.go),
// MySQL's grant tables (mysql.user, db, tables_priv, ...) from the accounts'
// grants (grant_tables.go); the grant tables are read-only.
//
// Temporary tables (temptable.go, temptable_stmt.go) are the session's: the
// descriptor in its memory, the rows in the store under ids from the
// reserved range at table.TempIDBase, deleted when the table or the session
// ends and, after a crash, by NewEngine before the first session.
package exec
