// Package expr is loopdb's SQL value and expression layer: what a value is
// and how expressions over values are compiled and evaluated, with no idea
// where rows come from or where results go.
//
// It owns:
//   - values and their kinds (Value: 40 bytes, copied per row; Kind),
//     with conversion between kinds, text forms, decimals and temporal
//     values (value*.go);
//   - column types: ColumnType as results describe them (coltype.go) and
//     SQLType as table definitions declare them (sqltype.go);
//   - comparison and collation (CompareValues; utf8mb4_0900_ai_ci as UCA
//     primary weights in collation.go: CollateCompare, CollationKey), sort order with NULLs (CompareForSort), and keys that
//     identify values for grouping and DISTINCT (groupkey.go);
//   - the order-preserving key encoding of values for index keys
//     (keycodec.go);
//   - JSON documents: text parser and printer, paths, and the SQL JSON
//     functions (json_*.go, func_json.go);
//   - the expression compiler from the TiDB parser's AST (Compile, Scope)
//     and the compiled expressions (expr*.go), built-in functions (func*.go)
//     and aggregates (aggregate.go), window function definitions (window.go:
//     one partition in, one value per row out; exec/plan partitions and frames).
//
// It does not own tables, rows' storage encoding, storage, sessions or
// the wire protocol. What an expression needs from the session running it
// (current database, user and system variables, warnings, KILL) it asks
// through SessionEnv; subqueries it cannot run itself it hands to the
// session through SubqueryCompiler. Coercing a value into a table column
// on write (strict mode, INSERT IGNORE warnings) is exec's: it depends on
// table columns.
//
// Imports: mysqldef, the TiDB parser, and storage for nothing but its
// order-preserving key primitives (storage.AppendUint64, AppendBytes, ...),
// so index keys built from values and the rest of the keyspace share one
// encoding. Never exec or codec.
package expr
