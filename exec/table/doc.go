// Package table owns what a table is on disk: the catalog of databases
// and table descriptors, the key layout of rows and index entries, the row
// value encoding, the coercion of a value into a column for storage, and
// the writer that changes a row together with its index entries and
// enforces the table's constraints: foreign keys (checks, locks and
// cascades, fkcheck.go) and CHECK constraints (check.go, evaluated with
// expressions exec compiles); it also computes generated columns before a
// row is written (generated.go, again with expressions exec compiles). Everything goes through storage
// transactions; the package never sees a backend.
//
// # Keys
//
// All keys are order-preserving (storage's key primitives). A table's data
// lives under TablePrefix(id) = 't' + id (8 bytes, big-endian):
//
//	rows:    't' id 'r' pk                        -> row value
//	indexes: 't' id 'i' ixid(4) vals              -> pk   (unique index, no NULL among vals)
//	         't' id 'i' ixid(4) vals pk           -> pk   (otherwise)
//
// Ids from TempIDBase (2^63) up belong to temporary tables: their
// descriptors live in a session's memory (exec), never in the catalog, and
// their counters in memory (Table.Temporary).
//
// pk is the primary key's values in key encoding (expr.AppendKeyValue), or
// the hidden row id (8 bytes, big-endian) of a table without a primary key.
// An index entry's value is that pk suffix, so an index lookup finds the
// row key without parsing the index key. A unique index entry with a NULL
// among its values carries the pk in its key too: NULLs never conflict.
// A key part with a prefix length (Index.Prefix, Table.PKPrefix; 0 or
// absent is the whole column) encodes only the value's first N characters
// (bytes for a binary string), so the key is lossy: a unique key makes the
// prefix unique, and readers re-check the rows they find (keyprefix.go).
//
// Text key parts hold the collation's weights (expr.AppendKeyValue), so
// the meta key ("format", "text_keys") records which weights a store's
// keys use; a store from an older build is rewritten once when it opens
// (textkeys.go).
//
// CheckKeyspace (keyspace_check.go) walks every table key against the
// catalog and reports what breaks this layout: keys of dropped tables or
// indexes, rows missing an index entry, index entries without their row
// (`loopdb check --datadir`, the crash-point test).
//
// The catalog uses storage.MetaKey ('m', then escaped self-delimiting
// strings):
//
//	("db", name)                          -> 1 | collation a database (1: utf8mb4_0900_ai_ci)
//	("table", db, name)                   -> JSON        a table descriptor (Table)
//	("routine", db, lower(name))          -> JSON        a stored procedure (Routine, routine.go)
//	("format", "text_keys")               -> "2"         text keys are UCA primary weights (textkeys.go)
//	("seq", "table_id")                   -> uint64 BE   last table id handed out
//	("seq", "autoinc" | "rowid", id)      -> uint64 BE   durable high-water mark of a counter
//	("seq", "autoinc_exact" | "rowid_exact", id) -> uint64 BE   next value, saved by a clean shutdown
//
// The counters are made durable a step (idReserveStep) ahead of use, so
// after a crash ids continue above anything possibly handed out; after a
// clean shutdown the exact value is used once, so there is no gap.
//
// # Row values
//
// A row value is a format byte (rowFormatV1), then for each column its id
// (uvarint), its kind (one byte, expr.Kind) and the payload; a NULL is the
// kind alone. Payloads: int and time as zigzag varints; uint, date and
// datetime as uvarints; float as 8 bytes little-endian; temporal kinds and
// float are followed by an fsp byte; decimal (as its text), string and
// bytes as a uvarint length and the bytes. A value carries its column's id
// rather than its position, so a dropped column's id is skipped on read
// and a column added later is absent and reads as its added default: ADD
// and DROP COLUMN need no rewrite. The format byte is the only version a
// row carries: it does not record the descriptor's Version (which Clone
// bumps on every DDL), because column ids make a row readable under every
// later descriptor.
//
// Decoding copies a row's text and byte values out of the storage value
// (an iterator reuses its buffer), into one allocation per row, or, for a
// scan whose rows go straight to the client, into a StringArena whose
// blocks many rows share (arena.go); a value Get already copied is decoded
// in place. Columns are found by id through a dense offset table when the
// table's ids are compact (they are, short of thousands of ADD/DROP
// COLUMN), else through a map.
//
// A BIT(M) column holds a uint (its bits), in rows and index keys alike, so
// keys order numerically; its constant default is kept as b'...' text
// (coerce_bit.go). Clients receive it as bytes: that is the protocol's job.
//
// A TIMESTAMP column holds UTC, in rows and index keys alike, and so does
// every in-memory row this package handles: Coerce converts from the
// session zone (expr.TimestampToUTC, with TIMESTAMP's range and DST-gap
// checks), and reading back into the session zone is the expression
// layer's job (expr.ScopeColumn.UTC). A constant TIMESTAMP default's text
// is kept in UTC too, so its added default is in storage form.
//
// # What needs a rewrite
//
// Existing rows are re-encoded (in the ALTER's transaction) only when what
// they would read changes: a column added with a non-constant default
// (CURRENT_TIMESTAMP) or with the implicit default of a NOT NULL column
// without one, and a changed constant default of an existing column (rows
// written before the column existed must keep the value they read). A type
// change that would change the stored form is refused. New indexes are
// built from the rows; dropped ones are deleted by prefix.
//
// # Foreign keys
//
// A constraint lives on its child's descriptor (ForeignKeys) and names its
// parent by database, table and column names. The catalog keeps a derived
// index from each parent to the constraints naming it (ReferencedBy),
// rebuilt whenever a descriptor is published, created or dropped. Rows are
// found on either side through the primary key or an index starting with
// the constraint's columns (DDL guarantees one on each side).
//
// # Not here
//
// Sessions, statements and plans stay in exec: metadata locks and LOCK
// TABLES are taken there (Shared only holds their state), the lock waits
// of a Writer run through a Locker exec passes in, and DDL decides what a
// new descriptor looks like and publishes it through the Catalog. Values,
// their key encoding and conversions belong to exec/expr.
package table
