package expr

import (
	"github.com/loopdb/loopdb/mysqldef"
	"github.com/pingcap/tidb/pkg/parser/ast"
	"github.com/pingcap/tidb/pkg/parser/test_driver"
)

// ColumnType is the metadata a result column carries in its column
// definition packet.
type ColumnType struct {
	Type      byte   // codec.Type*
	Flags     uint16 // codec.Flag*
	Length    uint32 // display length in bytes (chars*4 for utf8mb4)
	Decimals  uint8  // digits after the point; 31 = not fixed (DOUBLE)
	Collation uint16 // codec.Collation*
}

// Column is one result column: its name and type, and the table and
// column it comes from (empty for computed columns).
type Column struct {
	Name     string
	Type     ColumnType
	Table    string
	OrgTable string
	Schema   string
	OrgName  string
}

// notFixedDec is MySQL's Decimals value for types without a fixed scale.
const notFixedDec = 31

// Nullable reports whether the column may hold NULL.
func (t ColumnType) Nullable() bool { return t.Flags&mysqldef.FlagNotNull == 0 }

func (t ColumnType) withNull(nullable bool) ColumnType {
	if nullable {
		t.Flags &^= mysqldef.FlagNotNull
	} else {
		t.Flags |= mysqldef.FlagNotNull
	}
	return t
}

func numFlags(nullable bool) uint16 {
	f := mysqldef.FlagBinary | mysqldef.FlagNum
	if !nullable {
		f |= mysqldef.FlagNotNull
	}
	return f
}

// intType is BIGINT with display length n.
func intType(n int, nullable bool) ColumnType {
	return ColumnType{Type: mysqldef.TypeLongLong, Flags: numFlags(nullable), Length: uint32(max(n, 1)), Collation: mysqldef.CollationBinary}
}

func uintType(n int, nullable bool) ColumnType {
	t := intType(n, nullable)
	t.Flags |= mysqldef.FlagUnsigned
	return t
}

// BoolType is what comparisons and logic operators return.
func BoolType(nullable bool) ColumnType { return intType(1, nullable) }

func doubleType(n int, nullable bool) ColumnType {
	if n <= 0 {
		n = 22
	}
	return ColumnType{Type: mysqldef.TypeDouble, Flags: numFlags(nullable), Length: uint32(n), Decimals: notFixedDec, Collation: mysqldef.CollationBinary}
}

// decimalType is DECIMAL(prec, scale); the length counts sign and point.
func decimalType(prec, scale int, nullable bool) ColumnType {
	prec = min(max(prec, 1), MaxDecimalPrecision)
	scale = min(max(scale, 0), MaxDecimalScale)
	n := prec + 1
	if scale > 0 {
		n++
	}
	return ColumnType{Type: mysqldef.TypeNewDecimal, Flags: numFlags(nullable), Length: uint32(n), Decimals: uint8(scale), Collation: mysqldef.CollationBinary}
}

// stringType is VARCHAR of chars characters in utf8mb4.
func stringType(chars int, nullable bool) ColumnType {
	t := ColumnType{Type: mysqldef.TypeVarString, Length: uint32(max(chars, 0)) * 4, Collation: mysqldef.CollationUTF8MB40900}
	return t.withNull(nullable)
}

// binaryType is VARBINARY of n bytes.
func binaryType(n int, nullable bool) ColumnType {
	t := ColumnType{Type: mysqldef.TypeVarString, Flags: mysqldef.FlagBinary, Length: uint32(max(n, 0)), Collation: mysqldef.CollationBinary}
	return t.withNull(nullable)
}

// longTextType is what functions with unbounded results report (LONGTEXT).
func longTextType(nullable bool) ColumnType {
	t := ColumnType{Type: mysqldef.TypeLongBlob, Flags: mysqldef.FlagBlob, Length: 0xffffffff, Collation: mysqldef.CollationUTF8MB40900}
	return t.withNull(nullable)
}

func nullType() ColumnType {
	return ColumnType{Type: mysqldef.TypeNull, Flags: mysqldef.FlagBinary, Collation: mysqldef.CollationBinary}
}

func DatetimeType(fsp int, nullable bool) ColumnType {
	n := 19
	if fsp > 0 {
		n += fsp + 1
	}
	t := ColumnType{Type: mysqldef.TypeDatetime, Flags: mysqldef.FlagBinary, Length: uint32(n), Decimals: uint8(fsp), Collation: mysqldef.CollationBinary}
	return t.withNull(nullable)
}

func dateType(nullable bool) ColumnType {
	t := ColumnType{Type: mysqldef.TypeDate, Flags: mysqldef.FlagBinary, Length: 10, Collation: mysqldef.CollationBinary}
	return t.withNull(nullable)
}

func timeType(fsp int, nullable bool) ColumnType {
	n := 10
	if fsp > 0 {
		n += fsp + 1
	}
	t := ColumnType{Type: mysqldef.TypeTime, Flags: mysqldef.FlagBinary, Length: uint32(n), Decimals: uint8(fsp), Collation: mysqldef.CollationBinary}
	return t.withNull(nullable)
}

// isStringType reports whether t is a character or binary string column.
func (t ColumnType) isStringType() bool {
	switch t.Type {
	case mysqldef.TypeVarString, mysqldef.TypeString, mysqldef.TypeVarchar, mysqldef.TypeBlob,
		mysqldef.TypeTinyBlob, mysqldef.TypeMediumBlob, mysqldef.TypeLongBlob:
		return true
	}
	return false
}

func (t ColumnType) isBinaryString() bool {
	return t.isStringType() && t.Collation == mysqldef.CollationBinary
}

// chars is the character length of a string column.
func (t ColumnType) chars() int {
	if t.Collation == mysqldef.CollationBinary {
		return int(t.Length)
	}
	return int(t.Length / 4)
}

// ColumnName derives the name MySQL gives a select field: its alias, the
// value of a bare string literal, or else the expression text as written.
func ColumnName(f *ast.SelectField) string {
	if f == nil {
		return ""
	}
	if f.AsName.O != "" {
		return f.AsName.O
	}
	if f.Expr == nil {
		return "*"
	}
	if v, ok := f.Expr.(*test_driver.ValueExpr); ok && v.Kind() == test_driver.KindString {
		return v.GetString()
	}
	if c, ok := f.Expr.(*ast.ColumnNameExpr); ok && c.Name != nil {
		return c.Name.Name.O
	}
	name := f.Text()
	if name == "" {
		name = f.Expr.Text()
	}
	return name
}
