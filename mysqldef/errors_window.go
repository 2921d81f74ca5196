package mysqldef

// Errors of window functions (OVER, WINDOW). Their SQLSTATE is MySQL's
// HY000, which SQLState answers for codes it has no entry for.
const (
	ErrWindowNoSuchWindow          uint16 = 3579 // OVER w / (w ...) names no window of the WINDOW clause
	ErrWindowCircularity           uint16 = 3580 // WINDOW w1 AS (w2), w2 AS (w1)
	ErrWindowNoChildPartitioning   uint16 = 3581 // a window inheriting another defines PARTITION BY
	ErrWindowNoInheritFrame        uint16 = 3582 // the inherited window has a frame
	ErrWindowNoRedefineOrderBy     uint16 = 3583 // both windows have ORDER BY
	ErrWindowFrameStartIllegal     uint16 = 3584 // frame start UNBOUNDED FOLLOWING
	ErrWindowFrameEndIllegal       uint16 = 3585 // frame end UNBOUNDED PRECEDING
	ErrWindowFrameIllegal          uint16 = 3586 // a negative, NULL or non-integral offset
	ErrWindowRangeFrameOrderType   uint16 = 3587 // RANGE n PRECEDING needs one numeric/temporal ORDER BY key
	ErrWindowRangeFrameTemporal    uint16 = 3588 // RANGE over a temporal key needs INTERVAL
	ErrWindowRangeFrameNumeric     uint16 = 3589 // RANGE over a numeric key takes no INTERVAL
	ErrWindowRangeBoundNotConstant uint16 = 3590 // a frame offset that is not a constant
	ErrWindowDuplicateName         uint16 = 3591 // WINDOW w AS (), w AS ()
	ErrWindowIllegalOrderBy        uint16 = 3592 // PARTITION BY / ORDER BY 1 (a position)
	ErrWindowInvalidFuncUse        uint16 = 3593 // a window function in WHERE, GROUP BY, HAVING or nested
	ErrWindowInvalidFuncAliasUse   uint16 = 3594 // the alias of a windowed expression in HAVING / GROUP BY
	ErrWindowNestedInSpec          uint16 = 3595 // a window function inside PARTITION BY / ORDER BY of a window
	ErrWindowRowsIntervalUse       uint16 = 3596 // ROWS INTERVAL ... PRECEDING
)
