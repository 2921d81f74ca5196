package exec

import (
	"github.com/loopdb/loopdb/codec"
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

// notFixedDec is MySQL's Decimals value for types without a fixed scale.
const notFixedDec = 31

// Nullable reports whether the column may hold NULL.
func (t ColumnType) Nullable() bool { return t.Flags&codec.FlagNotNull == 0 }

func (t ColumnType) withNull(nullable bool) ColumnType {
	if nullable {
		t.Flags &^= codec.FlagNotNull
	} else {
		t.Flags |= codec.FlagNotNull
	}
	return t
}

func numFlags(nullable bool) uint16 {
	f := codec.FlagBinary | codec.FlagNum
	if !nullable {
		f |= codec.FlagNotNull
	}
	return f
}

// intType is BIGINT with display length n.
func intType(n int, nullable bool) ColumnType {
	return ColumnType{Type: codec.TypeLongLong, Flags: numFlags(nullable), Length: uint32(max(n, 1)), Collation: codec.CollationBinary}
}

func uintType(n int, nullable bool) ColumnType {
	t := intType(n, nullable)
	t.Flags |= codec.FlagUnsigned
	return t
}

// boolType is what comparisons and logic operators return.
func boolType(nullable bool) ColumnType { return intType(1, nullable) }

func doubleType(n int, nullable bool) ColumnType {
	if n <= 0 {
		n = 22
	}
	return ColumnType{Type: codec.TypeDouble, Flags: numFlags(nullable), Length: uint32(n), Decimals: notFixedDec, Collation: codec.CollationBinary}
}

// decimalType is DECIMAL(prec, scale); the length counts sign and point.
func decimalType(prec, scale int, nullable bool) ColumnType {
	prec = min(max(prec, 1), maxDecimalPrecision)
	scale = min(max(scale, 0), maxDecimalScale)
	n := prec + 1
	if scale > 0 {
		n++
	}
	return ColumnType{Type: codec.TypeNewDecimal, Flags: numFlags(nullable), Length: uint32(n), Decimals: uint8(scale), Collation: codec.CollationBinary}
}

// stringType is VARCHAR of chars characters in utf8mb4.
func stringType(chars int, nullable bool) ColumnType {
	t := ColumnType{Type: codec.TypeVarString, Length: uint32(max(chars, 0)) * 4, Collation: codec.CollationUTF8MB40900}
	return t.withNull(nullable)
}

// binaryType is VARBINARY of n bytes.
func binaryType(n int, nullable bool) ColumnType {
	t := ColumnType{Type: codec.TypeVarString, Flags: codec.FlagBinary, Length: uint32(max(n, 0)), Collation: codec.CollationBinary}
	return t.withNull(nullable)
}

// longTextType is what functions with unbounded results report (LONGTEXT).
func longTextType(nullable bool) ColumnType {
	t := ColumnType{Type: codec.TypeLongBlob, Flags: codec.FlagBlob, Length: 0xffffffff, Collation: codec.CollationUTF8MB40900}
	return t.withNull(nullable)
}

func nullType() ColumnType {
	return ColumnType{Type: codec.TypeNull, Flags: codec.FlagBinary, Collation: codec.CollationBinary}
}

func datetimeType(fsp int, nullable bool) ColumnType {
	n := 19
	if fsp > 0 {
		n += fsp + 1
	}
	t := ColumnType{Type: codec.TypeDatetime, Flags: codec.FlagBinary, Length: uint32(n), Decimals: uint8(fsp), Collation: codec.CollationBinary}
	return t.withNull(nullable)
}

func dateType(nullable bool) ColumnType {
	t := ColumnType{Type: codec.TypeDate, Flags: codec.FlagBinary, Length: 10, Collation: codec.CollationBinary}
	return t.withNull(nullable)
}

func timeType(fsp int, nullable bool) ColumnType {
	n := 10
	if fsp > 0 {
		n += fsp + 1
	}
	t := ColumnType{Type: codec.TypeTime, Flags: codec.FlagBinary, Length: uint32(n), Decimals: uint8(fsp), Collation: codec.CollationBinary}
	return t.withNull(nullable)
}

// isStringType reports whether t is a character or binary string column.
func (t ColumnType) isStringType() bool {
	switch t.Type {
	case codec.TypeVarString, codec.TypeString, codec.TypeVarchar, codec.TypeBlob,
		codec.TypeTinyBlob, codec.TypeMediumBlob, codec.TypeLongBlob:
		return true
	}
	return false
}

func (t ColumnType) isBinaryString() bool {
	return t.isStringType() && t.Collation == codec.CollationBinary
}

// chars is the character length of a string column.
func (t ColumnType) chars() int {
	if t.Collation == codec.CollationBinary {
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
