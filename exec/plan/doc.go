// Package plan is loopdb's query planner: it chooses and runs the plan of
// a SELECT (and of the reads inside UPDATE/DELETE over several tables,
// INSERT ... SELECT and subqueries) for one session.
//
// Where a plan is chosen. RelationsOf resolves the FROM clause into
// relations: tables, virtual tables (information_schema's and mysql's grant
// tables, rows built in memory; Env.VirtualTable says which) and
// derived tables (a subquery in FROM, run once and materialised into
// MemRows). PlanSelectRels compiles the select list, WHERE, grouping,
// HAVING, ordering and LIMIT into a SelectPlan. Each table's access path
// (PlanAccess, access.go) comes from the WHERE ranges: conjuncts that
// compare key columns with constants become point Gets (equalities and IN
// lists up to maxPoints keys) or key ranges, on whichever key (primary or
// secondary) they narrow best (pathFor scores each); failing that, an OR
// whose branches all narrow one key reads the union of their ranges;
// anything else is a full scan. Joins run in the order written (left to
// right, nested loops); for each inner relation planJoins picks a key
// lookup from the equalities with earlier relations when they cover a key
// prefix (planLookup), else a path from its constant conditions. The
// right side of a join may be a nest of several relations (`a LEFT JOIN
// (b JOIN c ON ...) ON ...`): its relations join in line with the others,
// the nest's ON is checked once its last relation is in place (it may
// name any of them), and a LEFT JOIN's nest no combination of which
// passed it is NULL-extended as a whole (Relation.nestEnd, descend). A conjunct no row can meet (`1 =
// 0`, FALSE, NULL) makes a path Empty: such a relation reads nothing, and
// outside a LEFT JOIN's inner side the join reads nothing at all. Every row
// a path reads is still filtered by WHERE, which is what lets a key part
// with a prefix length (KEY (c(10))) narrow the read: its bounds are cut to
// the prefix, and such a key never supplies an ORDER BY's order. Only the
// conjuncts a single table's ranges enforce exactly are not checked again
// (AccessPath.Exact: comparisons of a whole integer key column with
// constants that convert without loss). A secondary index range that
// covers much of its index (more than probeEntries entries and a fifth of
// the index's bytes on disk, storage.SizeEstimator) becomes a full scan:
// each index entry costs a row lookup (range_cost.go). An ORDER BY that a
// key yields (the primary key, forwards or backwards; a secondary index's
// range, or the whole index under a small LIMIT) is read along that key
// and not sorted (order_path.go). When an index of integer columns holds
// every column the statement reads, its entries are decoded instead of
// looking each row up (AccessPath.IndexOnly, table.IndexCovers), and a
// statement that would scan the table scans the narrowest such index.
// A GROUP BY that such an index (or the primary key) yields in order is
// grouped as the rows pass (accumulateInOrder), not in a map.
// Conditions' constant
// parts are evaluated once per statement (expr.CompileCondition; a false
// constant conjunct makes the path Empty).
//
// How it runs. SelectPlan.Run pulls rows through TableScans (iterators
// over the access path's ranges, one row buffer per scan, reused) and the
// join levels (join.go). A SELECT without grouping, DISTINCT or ORDER BY
// streams: each row goes to the RowSink as it is produced, and LIMIT stops
// the scan. Otherwise rows are buffered (grouped, deduplicated, sorted)
// within tmp_table_size bytes per statement, past which the statement
// fails with ER_OUT_OF_SORTMEMORY (1038) before any row is sent
// (collect.go: the collector, its stable killable sort and DISTINCT;
// group_run.go: GROUP BY groups; sort_keys.go: ORDER BY keys, text ones as
// collation weights in a per-statement arena). An ORDER BY that the
// primary-key scan already yields needs no buffer.
//
// CTEs and views (cte.go). EnterWith opens a WITH clause's scope for
// the statement or subquery it belongs to; a table name that matches a
// CTE in scope reads the CTE's rows, run once on first reference and
// materialised (a recursive CTE rounds over its working rows). A view is
// a catalog descriptor whose SELECT the session runs (Env.ViewRows) and
// the planner materialises like a derived table.
//
// Window functions (window.go, window_frame.go, window_run.go). The window
// calls of the select list and ORDER BY are resolved against the WINDOW clause
// and compiled over the rows they read (after WHERE, or the groups after
// HAVING); each becomes one more column of that row (expr.Scope.Windows). Run
// buffers those rows within tmp_table_size (1114 past it), sorts them once per
// distinct window, fills the window columns partition by partition, and only
// then projects, sorts and limits the result.
//
// EXPLAIN (explain.go) reads a SelectPlan back out: per relation, the
// access path chosen above, in MySQL's traditional columns.
//
// Subqueries. ResolveSubqueries runs uncorrelated subqueries once, before
// the outer statement, and replaces them with parameters; a correlated
// one is compiled into an expression (CompileSubquery) that plans its
// SELECT once, with the outer columns as placeholders, and runs it per
// distinct outer binding (memoised per statement).
//
// The plan cache. BuildCachedSelect keeps a prepared SELECT's compiled
// SelectPlan in a CachedSelect, with the only parts of its parse a run
// reads again (WHERE, LIMIT, a stub head), when planning left the AST as
// parsed; RunCachedSelect reuses it on EXECUTE and recomputes only what
// depends on the parameters (access paths and LIMIT). A plan whose table
// descriptors changed (DDL) is stale: the caller plans again.
//
// What it does not own: sessions, transactions, metadata and table locks,
// variables, the catalog and the client. It reaches all of them through
// Env, which package exec implements over its Session, one call per
// statement or subquery run, never per row. Package exec parses and
// dispatches statements and hands the rows a plan produces to the client;
// this package imports exec/expr, exec/table, storage and mysqldef, never
// exec or codec.
package plan
