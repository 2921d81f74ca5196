package expr

import (
	"encoding/binary"

	"github.com/loopdb/loopdb/mysqldef"
)

// Some values read differently as numbers than as strings, and MySQL
// decides which by context: a hex or bit literal (0x41, X'41', b'1000001')
// is a binary string that is an unsigned integer in numeric context
// (0x41 + 0 = 65), and an ENUM value is its 1-based index there ('' is 0).
// The compiler rewrites such operands where the context is numeric:
// arithmetic, unary minus, bit operators, CAST to a number, and a
// comparison whose other side is a number.

// numericContext returns e as it reads in numeric context.
func numericContext(e Expr) Expr {
	switch x := e.(type) {
	case *constExpr:
		return hexAsNumber(x)
	case *columnExpr:
		if x.elems != nil {
			return newEnumIndex(x)
		}
	}
	return e
}

// hexAsNumber turns a hex/bit literal into its unsigned integer (the last
// 8 bytes when longer, as MySQL keeps the low-order bytes); anything else
// is returned as it is.
func hexAsNumber(e Expr) Expr {
	k, ok := e.(*constExpr)
	if !ok || !k.hex {
		return e
	}
	return &constExpr{v: UintValue(HexLiteralUint(k.v.s)), typ: uintType(min(len(k.v.s), 8)*3, false)}
}

// HexLiteralUint is a hex or bit literal's bytes as the unsigned integer
// it is in numeric context: big-endian, the last 8 bytes when longer.
func HexLiteralUint(s string) uint64 {
	b := []byte(s)
	if len(b) > 8 {
		b = b[len(b)-8:]
	}
	var buf [8]byte
	copy(buf[8-len(b):], b)
	return binary.BigEndian.Uint64(buf[:])
}

func isNumericType(t ColumnType) bool {
	switch t.Type {
	case mysqldef.TypeTiny, mysqldef.TypeShort, mysqldef.TypeLong, mysqldef.TypeLongLong, mysqldef.TypeInt24,
		mysqldef.TypeYear, mysqldef.TypeBit, mysqldef.TypeNewDecimal, mysqldef.TypeDecimal,
		mysqldef.TypeFloat, mysqldef.TypeDouble:
		return true
	}
	return false
}

// enumIndexExpr reads an ENUM column as its index.
type enumIndexExpr struct {
	col   *columnExpr
	index map[string]uint64 // value -> 1-based index
	typ   ColumnType
}

func newEnumIndex(col *columnExpr) *enumIndexExpr {
	m := make(map[string]uint64, len(col.elems))
	for i, v := range col.elems {
		m[v] = uint64(i + 1)
	}
	return &enumIndexExpr{col: col, index: m, typ: uintType(5, col.typ.Nullable())}
}

func (e *enumIndexExpr) Eval(ctx *EvalCtx, row []Value) (Value, error) {
	v, err := e.col.Eval(ctx, row)
	if err != nil || v.IsNull() {
		return v, err
	}
	// '' (the error value of a non-strict insert) and anything not a
	// member read as 0, as MySQL's index 0.
	return UintValue(e.index[v.s]), nil
}

func (e *enumIndexExpr) Type() ColumnType { return e.typ }

// A BIT value is an unsigned integer everywhere but where a string is
// read from it: there MySQL reads its (M+7)/8 big-endian bytes, the form
// clients receive (CONCAT(b), LENGTH(b), CAST(b AS CHAR)). The compiler
// rewrites BIT-typed arguments at those places.

// stringContext returns e as it reads where a string is wanted.
func stringContext(e Expr) Expr {
	t := e.Type()
	if t.Type != mysqldef.TypeBit {
		return e
	}
	n := bitByteLen(t)
	return &bitBytesExpr{arg: e, n: n, typ: binaryType(n, t.Nullable())}
}

// bitByteLen is how many bytes a value of BIT type t has: (M+7)/8.
func bitByteLen(t ColumnType) int { return int(min(max((t.Length+7)/8, 1), 8)) }

// bitStringFuncs are the functions that read their arguments as strings
// (every argument: true; else only the first), where a BIT argument is
// its bytes. Others (HEX, BIN, arithmetic, comparisons) read it as the
// number it is.
var bitStringFuncs = map[string]bool{
	"concat": true, "concat_ws": true,
	"length": false, "octet_length": false, "char_length": false, "character_length": false,
	"lower": false, "upper": false, "lcase": false, "ucase": false, "reverse": false,
	"left": false, "right": false, "substring": false, "substr": false, "mid": false,
	"lpad": false, "rpad": false, "repeat": false, "quote": false, "to_base64": false,
	"md5": false, "sha1": false, "sha": false, "sha2": false, "crc32": false,
}

// bitStringArgs rewrites the BIT arguments of function name that it reads
// as strings.
func bitStringArgs(name string, args []Expr) {
	all, ok := bitStringFuncs[name]
	if !ok || len(args) == 0 {
		return
	}
	if !all {
		args[0] = stringContext(args[0])
		return
	}
	for i := range args {
		args[i] = stringContext(args[i])
	}
}

// bitBytesExpr reads a BIT value as its n big-endian bytes.
type bitBytesExpr struct {
	arg Expr
	n   int
	typ ColumnType
}

func (e *bitBytesExpr) Eval(ctx *EvalCtx, row []Value) (Value, error) {
	v, err := e.arg.Eval(ctx, row)
	if err != nil {
		return v, err
	}
	return bitBytes(v, e.n), nil
}

// bitBytes is a BIT value as its n big-endian bytes; a value that is not
// a number is returned as it is.
func bitBytes(v Value, n int) Value {
	if v.k != KindUint && v.k != KindInt {
		return v
	}
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(v.n >> (8 * uint(n-1-i)))
	}
	return BytesValue(b)
}

func (e *bitBytesExpr) Type() ColumnType { return e.typ }
