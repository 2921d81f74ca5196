package table

import (
	"github.com/loopdb/loopdb/exec/expr"
	"github.com/loopdb/loopdb/mysqldef"
)

// What a table column looks like in a result set's column definitions.

// KeyFlags are the column-definition flags MySQL sends for a column's
// part in keys: PRI_KEY, UNIQUE_KEY (single-column unique index),
// MULTIPLE_KEY (first column of a non-unique index).
func (t *Table) KeyFlags(off int) uint16 {
	var f uint16
	for _, p := range t.pk {
		if p == off {
			f |= mysqldef.FlagPriKey
		}
	}
	for _, ix := range t.Indexes {
		switch {
		case ix.Unique && len(ix.offsets) == 1 && ix.offsets[0] == off:
			f |= mysqldef.FlagUniqueKey
		case len(ix.offsets) > 0 && ix.offsets[0] == off && !(ix.Unique && len(ix.offsets) == 1):
			f |= mysqldef.FlagMultipleKey
		}
	}
	return f
}

// ResultType is the column's metadata with its NOT NULL and key flags.
func (c *TableColumn) ResultType() expr.ColumnType {
	if c.DerivedType != nil {
		return *c.DerivedType
	}
	ct := c.Type.ResultType()
	if c.NotNull {
		ct.Flags |= mysqldef.FlagNotNull
	}
	if c.AutoInc {
		ct.Flags |= mysqldef.FlagAutoIncrement
	}
	return ct
}
