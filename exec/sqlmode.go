package exec

import (
	"strconv"
	"strings"

	"github.com/loopdb/loopdb/exec/expr"
	"github.com/loopdb/loopdb/mysqldef"
)

// sql_mode values, as MySQL 8 reads and shows them.
//
// The variable is a set over the names below, each one bit in MySQL's
// numbering (so SET sql_mode = 2097152 is STRICT_TRANS_TABLES, as in
// MySQL). A value is validated, combination modes are expanded (ANSI and
// TRADITIONAL stand for several modes and are kept beside them), and the
// result is shown in bit order whatever order it was written in. A name
// MySQL 8 does not know (including those 8.0 removed, such as
// NO_AUTO_CREATE_USER, which MariaDB still accepts) is error 1231.

// sqlModeBits are the mode names by bit; "" marks bits MySQL 8 leaves
// unused, which cannot be set.
var sqlModeBits = [...]string{
	0:  "REAL_AS_FLOAT",
	1:  "PIPES_AS_CONCAT",
	2:  "ANSI_QUOTES",
	3:  "IGNORE_SPACE",
	5:  "ONLY_FULL_GROUP_BY",
	6:  "NO_UNSIGNED_SUBTRACTION",
	7:  "NO_DIR_IN_CREATE",
	18: "ANSI",
	19: "NO_AUTO_VALUE_ON_ZERO",
	20: "NO_BACKSLASH_ESCAPES",
	21: "STRICT_TRANS_TABLES",
	22: "STRICT_ALL_TABLES",
	23: "NO_ZERO_IN_DATE",
	24: "NO_ZERO_DATE",
	25: "ALLOW_INVALID_DATES",
	26: "ERROR_FOR_DIVISION_BY_ZERO",
	27: "TRADITIONAL",
	29: "HIGH_NOT_PRECEDENCE",
	30: "NO_ENGINE_SUBSTITUTION",
	31: "PAD_CHAR_TO_FULL_LENGTH",
	32: "TIME_TRUNCATE_FRACTIONAL",
}

// sqlModeMask is a set of modes, bit i being sqlModeBits[i].
type sqlModeMask uint64

// sqlModeAllowed is every bit that names a mode.
var sqlModeAllowed = func() sqlModeMask {
	var m sqlModeMask
	for i, name := range sqlModeBits {
		if name != "" {
			m |= 1 << i
		}
	}
	return m
}()

// sqlModeBit is the bit of a mode name given in upper case, 0 if unknown.
func sqlModeBit(name string) sqlModeMask {
	for i, n := range sqlModeBits {
		if n != "" && n == name {
			return 1 << i
		}
	}
	return 0
}

// The combination modes and what they stand for (MySQL 8's lists; the
// combination's own bit stays set, so @@sql_mode shows it too).
var (
	sqlModeANSIExpands = sqlModeBit("REAL_AS_FLOAT") | sqlModeBit("PIPES_AS_CONCAT") |
		sqlModeBit("ANSI_QUOTES") | sqlModeBit("IGNORE_SPACE") | sqlModeBit("ONLY_FULL_GROUP_BY")
	sqlModeTraditionalExpands = sqlModeBit("STRICT_TRANS_TABLES") | sqlModeBit("STRICT_ALL_TABLES") |
		sqlModeBit("NO_ZERO_IN_DATE") | sqlModeBit("NO_ZERO_DATE") |
		sqlModeBit("ERROR_FOR_DIVISION_BY_ZERO") | sqlModeBit("NO_ENGINE_SUBSTITUTION")
)

// expand adds what the combination modes in m stand for.
func (m sqlModeMask) expand() sqlModeMask {
	if m&sqlModeBit("ANSI") != 0 {
		m |= sqlModeANSIExpands
	}
	if m&sqlModeBit("TRADITIONAL") != 0 {
		m |= sqlModeTraditionalExpands
	}
	return m
}

// String is the comma-separated names in bit order, as @@sql_mode shows.
func (m sqlModeMask) String() string {
	var b strings.Builder
	for i, name := range sqlModeBits {
		if m&(1<<i) == 0 {
			continue
		}
		if b.Len() > 0 {
			b.WriteByte(',')
		}
		b.WriteString(name)
	}
	return b.String()
}

// coerceSQLMode validates and normalises a value for sql_mode: a string of
// comma-separated names (case-insensitive, spaces around names ignored, an
// empty string for no modes) or a number whose bits are the modes.
func coerceSQLMode(d *sysVarDef, v expr.Value) (expr.Value, error) {
	bad := func(shown string) error {
		return mysqldef.NewError(mysqldef.ErrWrongValueForVar, "Variable '%s' can't be set to the value of '%s'", d.name, shown)
	}
	var m sqlModeMask
	switch v.Kind() {
	case expr.KindNull:
		return expr.Value{}, bad("NULL")
	case expr.KindInt:
		if v.Int() < 0 {
			return expr.Value{}, bad(strconv.FormatInt(v.Int(), 10))
		}
		m = sqlModeMask(v.Int())
	case expr.KindUint:
		m = sqlModeMask(v.Uint())
	case expr.KindString, expr.KindBytes:
		for name := range strings.SplitSeq(v.Str(), ",") {
			name = strings.ToUpper(strings.TrimSpace(name))
			if name == "" {
				continue
			}
			bit := sqlModeBit(name)
			if bit == 0 {
				return expr.Value{}, bad(name)
			}
			m |= bit
		}
	default:
		return expr.Value{}, mysqldef.NewError(mysqldef.ErrWrongTypeForVar, "Incorrect argument type to variable '%s'", d.name)
	}
	if m&^sqlModeAllowed != 0 {
		return expr.Value{}, bad(varText(v))
	}
	return expr.StringValue(m.expand().String()), nil
}
