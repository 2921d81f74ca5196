package expr

import (
	"github.com/loopdb/loopdb/exec/charset"
	"math"
	"strconv"
	"strings"

	"github.com/loopdb/loopdb/mysqldef"
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
	BlobLen       = 65535
	mediumBlobLen = 16777215
	longBlobLen   = 4294967295
	// longBlobFlen is longBlobLen as a column length in an int: on 32-bit
	// targets the largest int stands for it.
	longBlobFlen = min(longBlobLen, math.MaxInt)
)

// MaxBitWidth is the widest BIT column, BIT(64).
const MaxBitWidth = 64

// SQLTypeFromField converts the parser's field type of a column definition
// (colName names the column in errors).
func SQLTypeFromField(ft *types.FieldType, colName string) (SQLType, error) {
	t := SQLType{Tp: ft.GetType(), Flen: ft.GetFlen(), Decimal: ft.GetDecimal(),
		Unsigned: mysql.HasUnsignedFlag(ft.GetFlag())}
	if t.Decimal == types.UnspecifiedLength {
		t.Decimal = 0
	}
	cs, coll := ft.GetCharset(), ft.GetCollate()
	t.Binary = cs == "binary" || mysql.HasBinaryFlag(ft.GetFlag()) && (t.Tp == mysqldef.TypeString || t.Tp == mysqldef.TypeVarchar)
	switch t.Tp {
	case mysqldef.TypeTiny, mysqldef.TypeShort, mysqldef.TypeInt24, mysqldef.TypeLong, mysqldef.TypeLongLong:
		if t.Flen <= 0 {
			t.Flen = defaultIntWidth(t.Tp, t.Unsigned)
		}
	case mysqldef.TypeNewDecimal, mysqldef.TypeDecimal:
		t.Tp = mysqldef.TypeNewDecimal
		if t.Flen <= 0 {
			t.Flen = 10
		}
		if t.Flen > 65 {
			return t, mysqldef.NewError(mysqldef.ErrTooBigPrecision, "Too-big precision %d specified. Maximum is 65.", t.Flen)
		}
		if t.Decimal > 30 {
			return t, mysqldef.NewError(mysqldef.ErrTooBigScale, "Too big scale %d specified. Maximum is 30.", t.Decimal)
		}
		if t.Decimal > t.Flen {
			return t, mysqldef.NewError(mysqldef.ErrMBiggerThanD, "For float(M,D), double(M,D) or decimal(M,D), M must be >= D.")
		}
	case mysqldef.TypeFloat, mysqldef.TypeDouble:
		t.Flen, t.Decimal = 0, 0
	case mysqldef.TypeString, mysqldef.TypeVarchar:
		if t.Flen < 0 {
			t.Flen = 1
		}
	case mysqldef.TypeTinyBlob, mysqldef.TypeBlob, mysqldef.TypeMediumBlob, mysqldef.TypeLongBlob:
		// TEXT and BLOB are stored under one type with their byte limit.
		switch t.Tp {
		case mysqldef.TypeTinyBlob:
			t.Flen = tinyBlobLen
		case mysqldef.TypeMediumBlob:
			t.Flen = mediumBlobLen
		case mysqldef.TypeLongBlob:
			t.Flen = longBlobFlen
		default:
			if t.Flen <= 0 || t.Flen > BlobLen {
				t.Flen = BlobLen
			}
		}
		t.Tp = mysqldef.TypeBlob
	case mysqldef.TypeDatetime, mysqldef.TypeTimestamp, mysqldef.TypeTime:
		if t.Decimal > 6 {
			return t, mysqldef.NewError(mysqldef.ErrTooBigPrecision, "Too-big precision %d specified. Maximum is 6.", t.Decimal)
		}
	case mysqldef.TypeDate, mysqldef.TypeYear, mysqldef.TypeJSON:
		t.Flen, t.Decimal = 0, 0
	case mysqldef.TypeEnum:
		t.Elems = append([]string(nil), ft.GetElems()...)
	case mysqldef.TypeBit:
		// BIT is BIT(1); MySQL 8 refuses BIT(0) and anything over 64 bits.
		t.Decimal, t.Unsigned, t.Binary = 0, false, false
		switch {
		case t.Flen < 0:
			t.Flen = 1
		case t.Flen == 0:
			return t, mysqldef.NewError(mysqldef.ErrInvalidFieldSize, "Invalid size for column '%s'.", colName)
		case t.Flen > MaxBitWidth:
			return t, mysqldef.NewError(mysqldef.ErrTooBigDisplaywidth, "Display width out of range for column '%s' (max = %d)", colName, MaxBitWidth)
		}
	default:
		return t, mysqldef.NewError(mysqldef.ErrNotSupportedYet, "This version of loopdb doesn't yet support 'columns of type %s'", types.TypeToStr(ft.GetType(), cs))
	}
	if t.IsText() {
		c, err := ResolveCollation(cs, coll)
		if err != nil {
			return t, err
		}
		t.Collation = c
	}
	return t, nil
}

// resolveCollation is the collation of a text column declared with
// CHARACTER SET cs and COLLATE coll (either may be empty): the charset's
// default collation when only cs is given, utf8mb4_0900_ai_ci when
// neither is (a table's default then applies, see exec). utf8_* names are
// MySQL 8's utf8mb3_*.
func ResolveCollation(cs, coll string) (string, error) {
	coll = strings.ToLower(coll)
	if coll == "binary" {
		coll = ""
	}
	if cs == "" || strings.EqualFold(cs, "binary") {
		if coll == "" {
			return "utf8mb4_0900_ai_ci", nil
		}
		if c, ok := charset.ByCollationName(coll); ok {
			return c.Name, nil
		}
		return coll, nil
	}
	id, ok := charset.ByName(cs)
	if !ok {
		return "", mysqldef.NewError(mysqldef.ErrUnknownCharacterSet, "Unknown character set: '%s'", cs)
	}
	if coll == "" {
		return id.DefaultCollation(), nil
	}
	c, ok := charset.ByCollationName(coll)
	if !ok {
		if strings.HasPrefix(coll, id.Name()+"_") {
			return coll, nil // a collation loopdb compares as its nearest (see CaseSensitive)
		}
		return "", mysqldef.NewError(mysqldef.ErrCollationCharsetMismatch, "COLLATION '%s' is not valid for CHARACTER SET '%s'", coll, id.Name())
	}
	if c.Charset != id {
		return "", mysqldef.NewError(mysqldef.ErrCollationCharsetMismatch, "COLLATION '%s' is not valid for CHARACTER SET '%s'", c.Name, id.Name())
	}
	return c.Name, nil
}

// Charset is the character set a text column holds (its collation's);
// binary for binary strings and non-string types. Cheap: a prefix test.
func (t SQLType) Charset() charset.ID {
	if !t.IsText() {
		return charset.Binary
	}
	return CharsetOfCollation(t.Collation)
}

// CharsetOfCollation is the charset of a collation name (utf8mb4 when
// unknown or empty).
func CharsetOfCollation(coll string) charset.ID {
	switch {
	case strings.HasPrefix(coll, "utf8mb4_") || coll == "":
		return charset.UTF8MB4
	case strings.HasPrefix(coll, "latin1_"):
		return charset.Latin1
	case strings.HasPrefix(coll, "ascii_"):
		return charset.ASCII
	case strings.HasPrefix(coll, "utf8mb3_") || strings.HasPrefix(coll, "utf8_"):
		return charset.UTF8MB3
	}
	return charset.UTF8MB4
}

func defaultIntWidth(tp byte, unsigned bool) int {
	w := map[byte]int{mysqldef.TypeTiny: 4, mysqldef.TypeShort: 6, mysqldef.TypeInt24: 9, mysqldef.TypeLong: 11, mysqldef.TypeLongLong: 20}[tp]
	if unsigned && tp != mysqldef.TypeLongLong {
		w--
	}
	return w
}

func (t SQLType) IsInteger() bool {
	switch t.Tp {
	case mysqldef.TypeTiny, mysqldef.TypeShort, mysqldef.TypeInt24, mysqldef.TypeLong, mysqldef.TypeLongLong, mysqldef.TypeYear:
		return true
	}
	return false
}

// IsText reports a character (not binary) string type.
func (t SQLType) IsText() bool {
	switch t.Tp {
	case mysqldef.TypeString, mysqldef.TypeVarchar, mysqldef.TypeBlob:
		return !t.Binary
	case mysqldef.TypeEnum:
		return true
	}
	return false
}

// IsBit reports a BIT(M) column: an unsigned integer of M bits that
// clients receive as (M+7)/8 big-endian bytes.
func (t SQLType) IsBit() bool { return t.Tp == mysqldef.TypeBit }

// IsString reports any string type, text or binary.
func (t SQLType) IsString() bool {
	switch t.Tp {
	case mysqldef.TypeString, mysqldef.TypeVarchar, mysqldef.TypeBlob, mysqldef.TypeEnum:
		return true
	}
	return false
}

// ResultType is the column definition MySQL sends for a column of this
// type (flags about keys and NOT NULL are added by the column).
func (t SQLType) ResultType() ColumnType {
	ct := ColumnType{Type: t.Tp, Collation: mysqldef.CollationBinary}
	switch t.Tp {
	case mysqldef.TypeTiny, mysqldef.TypeShort, mysqldef.TypeInt24, mysqldef.TypeLong, mysqldef.TypeLongLong:
		ct.Length = uint32(t.Flen)
		ct.Flags = mysqldef.FlagNum | mysqldef.FlagBinary
		if t.Unsigned {
			ct.Flags |= mysqldef.FlagUnsigned
		}
	case mysqldef.TypeYear:
		ct.Length = 4
		ct.Flags = mysqldef.FlagNum | mysqldef.FlagUnsigned | mysqldef.FlagZerofill | mysqldef.FlagBinary
	case mysqldef.TypeBit:
		// As MySQL 8 sends it: length M bits, UNSIGNED, binary charset.
		ct.Length, ct.Flags = uint32(t.Flen), mysqldef.FlagUnsigned
	case mysqldef.TypeNewDecimal:
		n := t.Flen + 1 // sign
		if t.Decimal > 0 {
			n++ // point
		}
		if t.Unsigned {
			n--
		}
		ct.Length, ct.Decimals = uint32(n), uint8(t.Decimal)
		ct.Flags = mysqldef.FlagNum | mysqldef.FlagBinary
	case mysqldef.TypeFloat:
		ct.Length, ct.Decimals, ct.Flags = 12, notFixedDec, mysqldef.FlagNum|mysqldef.FlagBinary
	case mysqldef.TypeDouble:
		ct.Length, ct.Decimals, ct.Flags = 22, notFixedDec, mysqldef.FlagNum|mysqldef.FlagBinary
	case mysqldef.TypeString, mysqldef.TypeVarchar:
		if t.Tp == mysqldef.TypeVarchar {
			ct.Type = mysqldef.TypeVarString
		}
		if t.Binary {
			ct.Length, ct.Flags = uint32(t.Flen), mysqldef.FlagBinary
		} else {
			ct.Length, ct.Collation = uint32(t.Flen*t.Charset().MaxLen()), collationID(t.Collation)
		}
	case mysqldef.TypeBlob:
		ct.Flags = mysqldef.FlagBlob
		if t.Binary {
			ct.Length, ct.Flags = uint32(t.Flen), mysqldef.FlagBlob|mysqldef.FlagBinary
		} else {
			ct.Length, ct.Collation = uint32(min(uint64(t.Flen)*uint64(t.Charset().MaxLen()), longBlobLen)), collationID(t.Collation)
		}
	case mysqldef.TypeEnum:
		// Sent as a string column with the ENUM flag.
		ct.Type, ct.Flags, ct.Collation = mysqldef.TypeString, mysqldef.FlagEnum, collationID(t.Collation)
		longest := 0
		for _, e := range t.Elems {
			longest = max(longest, len([]rune(e)))
		}
		ct.Length = uint32(longest * t.Charset().MaxLen())
	case mysqldef.TypeDate:
		ct.Length, ct.Flags = 10, mysqldef.FlagBinary
	case mysqldef.TypeDatetime, mysqldef.TypeTimestamp:
		ct.Length, ct.Decimals, ct.Flags = uint32(19+fracWidth(t.Decimal)), uint8(t.Decimal), mysqldef.FlagBinary
		if t.Tp == mysqldef.TypeTimestamp {
			ct.Flags |= mysqldef.FlagTimestamp
		}
	case mysqldef.TypeTime:
		ct.Length, ct.Decimals, ct.Flags = uint32(10+fracWidth(t.Decimal)), uint8(t.Decimal), mysqldef.FlagBinary
	case mysqldef.TypeJSON:
		ct.Length, ct.Flags = longBlobLen, mysqldef.FlagBlob|mysqldef.FlagBinary
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
	case "utf8mb4_0900_ai_ci", "":
		return mysqldef.CollationUTF8MB40900
	case "utf8mb4_general_ci":
		return mysqldef.CollationUTF8MB4General
	case "utf8mb4_bin":
		return mysqldef.CollationUTF8MB4Bin
	case "binary":
		return mysqldef.CollationBinary
	}
	if c, ok := charset.ByCollationName(name); ok {
		return c.ID
	}
	return CharsetOfCollation(name).CollationID()
}

// CaseSensitive reports whether text of this type compares bytewise.
func (t SQLType) CaseSensitive() bool {
	return t.Binary || strings.HasSuffix(t.Collation, "_bin") || strings.HasSuffix(t.Collation, "_cs")
}

// String renders the type as SHOW CREATE TABLE does (MySQL 8: no display
// widths on integers).
func (t SQLType) String() string {
	var b strings.Builder
	switch t.Tp {
	case mysqldef.TypeTiny:
		b.WriteString("tinyint")
		if t.Flen == 1 && !t.Unsigned {
			b.WriteString("(1)") // BOOL keeps its width
		}
	case mysqldef.TypeShort:
		b.WriteString("smallint")
	case mysqldef.TypeInt24:
		b.WriteString("mediumint")
	case mysqldef.TypeLong:
		b.WriteString("int")
	case mysqldef.TypeLongLong:
		b.WriteString("bigint")
	case mysqldef.TypeYear:
		b.WriteString("year")
	case mysqldef.TypeBit:
		b.WriteString("bit(" + strconv.Itoa(t.Flen) + ")")
	case mysqldef.TypeNewDecimal:
		b.WriteString("decimal(" + strconv.Itoa(t.Flen) + "," + strconv.Itoa(t.Decimal) + ")")
	case mysqldef.TypeFloat:
		b.WriteString("float")
	case mysqldef.TypeDouble:
		b.WriteString("double")
	case mysqldef.TypeString:
		if t.Binary {
			b.WriteString("binary(" + strconv.Itoa(t.Flen) + ")")
		} else {
			b.WriteString("char(" + strconv.Itoa(t.Flen) + ")")
		}
	case mysqldef.TypeVarchar:
		if t.Binary {
			b.WriteString("varbinary(" + strconv.Itoa(t.Flen) + ")")
		} else {
			b.WriteString("varchar(" + strconv.Itoa(t.Flen) + ")")
		}
	case mysqldef.TypeBlob:
		prefix := map[int]string{tinyBlobLen: "tiny", mediumBlobLen: "medium", longBlobFlen: "long"}[t.Flen]
		if t.Binary {
			b.WriteString(prefix + "blob")
		} else {
			b.WriteString(prefix + "text")
		}
	case mysqldef.TypeEnum:
		b.WriteString("enum(")
		for i, e := range t.Elems {
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteString("'" + strings.ReplaceAll(e, "'", "''") + "'")
		}
		b.WriteByte(')')
	case mysqldef.TypeDate:
		b.WriteString("date")
	case mysqldef.TypeDatetime, mysqldef.TypeTimestamp, mysqldef.TypeTime:
		b.WriteString(map[byte]string{mysqldef.TypeDatetime: "datetime", mysqldef.TypeTimestamp: "timestamp", mysqldef.TypeTime: "time"}[t.Tp])
		if t.Decimal > 0 {
			b.WriteString("(" + strconv.Itoa(t.Decimal) + ")")
		}
	case mysqldef.TypeJSON:
		b.WriteString("json")
	}
	if t.Unsigned && t.Tp != mysqldef.TypeYear && t.Tp != mysqldef.TypeBit {
		b.WriteString(" unsigned")
	}
	return b.String()
}

// SQLTypeOfResult is the column type that holds a result column of type
// ct: a view's columns as SHOW COLUMNS shows them, a recursive CTE's
// columns as its recursive rows are narrowed to them.
func SQLTypeOfResult(ct ColumnType) SQLType {
	t := SQLType{Tp: ct.Type, Unsigned: ct.Flags&mysqldef.FlagUnsigned != 0, Decimal: int(ct.Decimals)}
	switch ct.Type {
	case mysqldef.TypeVarchar, mysqldef.TypeVarString, mysqldef.TypeString, mysqldef.TypeBlob,
		mysqldef.TypeTinyBlob, mysqldef.TypeMediumBlob, mysqldef.TypeLongBlob:
		t.Decimal = 0
		if ct.Collation == mysqldef.CollationBinary {
			t.Binary, t.Flen = true, int(ct.Length)
		} else {
			t.Flen = int(ct.Length) / 4
			t.Collation = "utf8mb4_0900_ai_ci"
		}
		if ct.Type == mysqldef.TypeVarString {
			t.Tp = mysqldef.TypeVarchar
		}
	case mysqldef.TypeNewDecimal:
		t.Flen = int(ct.Length) - 1
		if ct.Decimals > 0 {
			t.Flen--
		}
		if t.Unsigned {
			t.Flen++
		}
	case mysqldef.TypeFloat, mysqldef.TypeDouble:
		t.Decimal = 0
	case mysqldef.TypeDate, mysqldef.TypeYear, mysqldef.TypeJSON:
		t.Decimal = 0
	case mysqldef.TypeDatetime, mysqldef.TypeTimestamp, mysqldef.TypeTime:
	case mysqldef.TypeBit:
		t.Flen, t.Decimal, t.Unsigned = min(max(int(ct.Length), 1), MaxBitWidth), 0, false
	default:
		t.Flen, t.Decimal = int(ct.Length), 0
	}
	return t
}
