package mysqldef

// Errors of common table expressions, views and temporary tables. Their SQLSTATE is MySQL's
// HY000, which SQLState answers for codes it has no entry for.
const (
	ErrNonUpdatableTable           uint16 = 1288 // the target of an UPDATE/DELETE is a view
	ErrNonInsertableTable          uint16 = 1471 // the target of an INSERT is a view
	ErrWrongObject                 uint16 = 1347 // 'db.t' is not VIEW / BASE TABLE
	ErrViewSelectVariable          uint16 = 1351 // a view's SELECT names a user variable or parameter
	ErrViewWrongList               uint16 = 1353 // column list and SELECT list differ in length
	ErrRecordFileFull              uint16 = 1114 // a recursive CTE outgrew tmp_table_size
	ErrForbidSchemaChange          uint16 = 1450 // RENAME TABLE of a view into another database
	ErrViewInvalid                 uint16 = 1356 // a view names a table or column that is gone
	ErrViewSelectTmptable          uint16 = 1352 // a view's SELECT names a temporary table
	ErrCantReopenTable             uint16 = 1137 // one query names the same temporary table twice
	ErrCTERecursiveRequiresUnion   uint16 = 3573
	ErrCTERecursiveNonRecursive1st uint16 = 3574
	ErrCTERecursiveAggregation     uint16 = 3575
	ErrCTEMaxRecursionDepth        uint16 = 3636
)
