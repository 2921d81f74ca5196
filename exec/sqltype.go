package exec

import (
	"strconv"
	"strings"

	"github.com/loopdb/loopdb/codec"
	"github.com/pingcap/tidb/pkg/parser/mysql"
	"github.com/pingcap/tidb/pkg/parser/types"
)

// SQLType is a column's declared type: MySQL's field type byte plus its
// attributes. It decides how values are coerced on write, how they are
// stored and what result metadata clients receive.
type SQLType struct {
	Tp        byte     `json:"tp"` // codec.Type*
	Unsigned  bool     `json:"unsigned,omitempty"`
	Flen      int      `json:"flen,omitempty"`    // display width, character length or precision
	Decimal   int      `json:"decimal,omitempty"` // scale or fractional-second precision
	Binary    bool     `json:"binary,omitempty"`  // binary string type (BINARY, VARBINARY, BLOB)
	Collation string   `json:"collation,omitempty"`
	Elems     []string `json:"elems,omitempty"` // ENUM values
}

// Storage byte lengths of the BLOB/TEXT family.
const (
	tinyBlobLen   = 255
	blobLen       = 65535
	mediumBlobLen = 16777215
	longBlobLen   = 4294967295
)

// sqlTypeFromField converts the parser's field type of a column definition.
func sqlTypeFromField(ft *types.FieldType) (SQLType, error) {
	t := SQLType{Tp: ft.GetType(), Flen: ft.GetFlen(), Decimal: ft.GetDecimal(),
		Unsigned: mysql.HasUnsignedFlag(ft.GetFlag())}
	if t.Decimal == types.UnspecifiedLength {
		t.Decimal = 0
	}
	cs, coll := ft.GetCharset(), ft.GetCollate()
	t.Binary = cs == "binary" || mysql.HasBinaryFlag(ft.GetFlag()) && (t.Tp == codec.TypeString || t.Tp == codec.TypeVarchar)
	switch t.Tp {
	case codec.TypeTiny, codec.TypeShort, codec.TypeInt24, codec.TypeLong, codec.TypeLongLong:
		if t.Flen <= 0 {
			t.Flen = defaultIntWidth(t.Tp, t.Unsigned)
		}
	case codec.TypeNewDecimal, codec.TypeDecimal:
		t.Tp = codec.TypeNewDecimal
		if t.Flen <= 0 {
			t.Flen = 10
		}
		if t.Flen > 65 {
			return t, codec.NewError(errTooBigPrecision, "Too-big precision %d specified. Maximum is 65.", t.Flen)
		}
		if t.Decimal > 30 {
			return t, codec.NewError(errTooBigScale, "Too big scale %d specified. Maximum is 30.", t.Decimal)
		}
		if t.Decimal > t.Flen {
			return t, codec.NewError(errMBiggerThanD, "For float(M,D), double(M,D) or decimal(M,D), M must be >= D.")
		}
	case codec.TypeFloat, codec.TypeDouble:
		t.Flen, t.Decimal = 0, 0
	case codec.TypeString, codec.TypeVarchar:
		if t.Flen < 0 {
			t.Flen = 1
		}
	case codec.TypeTinyBlob, codec.TypeBlob, codec.TypeMediumBlob, codec.TypeLongBlob:
		// TEXT and BLOB are stored under one type with their byte limit.
		switch t.Tp {
		case codec.TypeTinyBlob:
			t.Flen = tinyBlobLen
		case codec.TypeMediumBlob:
			t.Flen = mediumBlobLen
		case codec.TypeLongBlob:
			t.Flen = longBlobLen
		default:
			if t.Flen <= 0 || t.Flen > blobLen {
				t.Flen = blobLen
			}
		}
		t.Tp = codec.TypeBlob
	case codec.TypeDatetime, codec.TypeTimestamp, codec.TypeTime:
		if t.Decimal > 6 {
			return t, codec.NewError(errTooBigPrecision, "Too-big precision %d specified. Maximum is 6.", t.Decimal)
		}
	case codec.TypeDate, codec.TypeYear, codec.TypeJSON:
		t.Flen, t.Decimal = 0, 0
	case codec.TypeEnum:
		t.Elems = append([]string(nil), ft.GetElems()...)
	default:
		return t, codec.NewError(codec.ErrNotSupportedYet, "This version of loopdb doesn't yet support 'columns of type %s'", types.TypeToStr(ft.GetType(), cs))
	}
	if t.isText() {
		t.Collation = strings.ToLower(coll)
		if t.Collation == "" || t.Collation == "binary" {
			t.Collation = "utf8mb4_0900_ai_ci"
		}
	}
	return t, nil
}

func defaultIntWidth(tp byte, unsigned bool) int {
	w := map[byte]int{codec.TypeTiny: 4, codec.TypeShort: 6, codec.TypeInt24: 9, codec.TypeLong: 11, codec.TypeLongLong: 20}[tp]
	if unsigned && tp != codec.TypeLongLong {
		w--
	}
	return w
}

func (t SQLType) isInteger() bool {
	switch t.Tp {
	case codec.TypeTiny, codec.TypeShort, codec.TypeInt24, codec.TypeLong, codec.TypeLongLong, codec.TypeYear:
		return true
	}
	return false
}

// isText reports a character (not binary) string type.
func (t SQLType) isText() bool {
	switch t.Tp {
	case codec.TypeString, codec.TypeVarchar, codec.TypeBlob:
		return !t.Binary
	case codec.TypeEnum:
		return true
	}
	return false
}

// isString reports any string type, text or binary.
func (t SQLType) isString() bool {
	switch t.Tp {
	case codec.TypeString, codec.TypeVarchar, codec.TypeBlob, codec.TypeEnum:
		return true
	}
	return false
}

// ResultType is the column definition MySQL sends for a column of this
// type (flags about keys and NOT NULL are added by the column).
func (t SQLType) ResultType() ColumnType {
	ct := ColumnType{Type: t.Tp, Collation: codec.CollationBinary}
	switch t.Tp {
	case codec.TypeTiny, codec.TypeShort, codec.TypeInt24, codec.TypeLong, codec.TypeLongLong:
		ct.Length = uint32(t.Flen)
		ct.Flags = codec.FlagNum | codec.FlagBinary
		if t.Unsigned {
			ct.Flags |= codec.FlagUnsigned
		}
	case codec.TypeYear:
		ct.Length = 4
		ct.Flags = codec.FlagNum | codec.FlagUnsigned | codec.FlagZerofill | codec.FlagBinary
	case codec.TypeNewDecimal:
		n := t.Flen + 1 // sign
		if t.Decimal > 0 {
			n++ // point
		}
		if t.Unsigned {
			n--
		}
		ct.Length, ct.Decimals = uint32(n), uint8(t.Decimal)
		ct.Flags = codec.FlagNum | codec.FlagBinary
	case codec.TypeFloat:
		ct.Length, ct.Decimals, ct.Flags = 12, notFixedDec, codec.FlagNum|codec.FlagBinary
	case codec.TypeDouble:
		ct.Length, ct.Decimals, ct.Flags = 22, notFixedDec, codec.FlagNum|codec.FlagBinary
	case codec.TypeString, codec.TypeVarchar:
		if t.Tp == codec.TypeVarchar {
			ct.Type = codec.TypeVarString
		}
		if t.Binary {
			ct.Length, ct.Flags = uint32(t.Flen), codec.FlagBinary
		} else {
			ct.Length, ct.Collation = uint32(t.Flen*4), collationID(t.Collation)
		}
	case codec.TypeBlob:
		ct.Flags = codec.FlagBlob
		if t.Binary {
			ct.Length, ct.Flags = uint32(t.Flen), codec.FlagBlob|codec.FlagBinary
		} else {
			ct.Length, ct.Collation = uint32(min(uint64(t.Flen)*4, longBlobLen)), collationID(t.Collation)
		}
	case codec.TypeEnum:
		// Sent as a string column with the ENUM flag.
		ct.Type, ct.Flags, ct.Collation = codec.TypeString, codec.FlagEnum, collationID(t.Collation)
		longest := 0
		for _, e := range t.Elems {
			longest = max(longest, len([]rune(e)))
		}
		ct.Length = uint32(longest * 4)
	case codec.TypeDate:
		ct.Length, ct.Flags = 10, codec.FlagBinary
	case codec.TypeDatetime, codec.TypeTimestamp:
		ct.Length, ct.Decimals, ct.Flags = uint32(19+fracWidth(t.Decimal)), uint8(t.Decimal), codec.FlagBinary
		if t.Tp == codec.TypeTimestamp {
			ct.Flags |= codec.FlagTimestamp
		}
	case codec.TypeTime:
		ct.Length, ct.Decimals, ct.Flags = uint32(10+fracWidth(t.Decimal)), uint8(t.Decimal), codec.FlagBinary
	case codec.TypeJSON:
		ct.Length, ct.Flags = longBlobLen, codec.FlagBlob|codec.FlagBinary
	}
	return ct
}

func fracWidth(fsp int) int {
	if fsp > 0 {
		return fsp + 1
	}
	return 0
}

// collationID maps a collation name to the id sent in column definitions.
func collationID(name string) uint16 {
	switch name {
	case "utf8mb4_general_ci":
		return codec.CollationUTF8MB4General
	case "utf8mb4_bin":
		return codec.CollationUTF8MB4Bin
	case "binary":
		return codec.CollationBinary
	}
	return codec.CollationUTF8MB40900
}

// caseSensitive reports whether text of this type compares bytewise.
func (t SQLType) caseSensitive() bool {
	return t.Binary || strings.HasSuffix(t.Collation, "_bin") || strings.HasSuffix(t.Collation, "_cs")
}

// String renders the type as SHOW CREATE TABLE does (MySQL 8: no display
// widths on integers).
func (t SQLType) String() string {
	var b strings.Builder
	switch t.Tp {
	case codec.TypeTiny:
		b.WriteString("tinyint")
		if t.Flen == 1 && !t.Unsigned {
			b.WriteString("(1)") // BOOL keeps its width
		}
	case codec.TypeShort:
		b.WriteString("smallint")
	case codec.TypeInt24:
		b.WriteString("mediumint")
	case codec.TypeLong:
		b.WriteString("int")
	case codec.TypeLongLong:
		b.WriteString("bigint")
	case codec.TypeYear:
		b.WriteString("year")
	case codec.TypeNewDecimal:
		b.WriteString("decimal(" + strconv.Itoa(t.Flen) + "," + strconv.Itoa(t.Decimal) + ")")
	case codec.TypeFloat:
		b.WriteString("float")
	case codec.TypeDouble:
		b.WriteString("double")
	case codec.TypeString:
		if t.Binary {
			b.WriteString("binary(" + strconv.Itoa(t.Flen) + ")")
		} else {
			b.WriteString("char(" + strconv.Itoa(t.Flen) + ")")
		}
	case codec.TypeVarchar:
		if t.Binary {
			b.WriteString("varbinary(" + strconv.Itoa(t.Flen) + ")")
		} else {
			b.WriteString("varchar(" + strconv.Itoa(t.Flen) + ")")
		}
	case codec.TypeBlob:
		prefix := map[int]string{tinyBlobLen: "tiny", mediumBlobLen: "medium", longBlobLen: "long"}[t.Flen]
		if t.Binary {
			b.WriteString(prefix + "blob")
		} else {
			b.WriteString(prefix + "text")
		}
	case codec.TypeEnum:
		b.WriteString("enum(")
		for i, e := range t.Elems {
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteString("'" + strings.ReplaceAll(e, "'", "''") + "'")
		}
		b.WriteByte(')')
	case codec.TypeDate:
		b.WriteString("date")
	case codec.TypeDatetime, codec.TypeTimestamp, codec.TypeTime:
		b.WriteString(map[byte]string{codec.TypeDatetime: "datetime", codec.TypeTimestamp: "timestamp", codec.TypeTime: "time"}[t.Tp])
		if t.Decimal > 0 {
			b.WriteString("(" + strconv.Itoa(t.Decimal) + ")")
		}
	case codec.TypeJSON:
		b.WriteString("json")
	}
	if t.Unsigned && t.Tp != codec.TypeYear {
		b.WriteString(" unsigned")
	}
	return b.String()
}
