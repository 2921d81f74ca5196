package expr

import (
	"encoding/base64"
	"hash/crc32"
	"math/bits"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/loopdb/loopdb/mysqldef"
	"github.com/pingcap/tidb/pkg/parser/ast"
)

// String functions over lists, codes and number bases: SUBSTRING_INDEX,
// FIELD, FIND_IN_SET, ELT, MAKE_SET, EXPORT_SET, INSERT, QUOTE, SOUNDEX,
// TO_BASE64/FROM_BASE64, BIN/OCT/CONV, STRCMP, ORD, BIT_LENGTH, BIT_COUNT
// and CRC32.

// textEqual compares two strings as '=' does: bytewise if either is
// binary, else with the case-insensitive collation.
func textEqual(a, b Value) bool {
	if a.k == KindBytes || b.k == KindBytes {
		return a.s == b.s
	}
	return CollateCompare(a.s, b.s) == 0
}

// asText returns v as a string Value (numbers in their text form).
func asText(v Value) Value {
	if v.IsStringKind() {
		return v
	}
	return StringValue(TextOf(v))
}

func init() {
	simple("substring_index", 3, 3, true, sameString, func(ctx *EvalCtx, a []Value) (Value, error) {
		s, delim := TextOf(a[0]), TextOf(a[1])
		bin := isBin(a[0]) || isBin(a[1])
		n := ToInt(ctx, a[2])
		if delim == "" || n == 0 {
			return strResult("", bin), nil
		}
		if n > 0 {
			idx := 0
			for i := int64(0); i < n; i++ {
				j := strings.Index(s[idx:], delim)
				if j < 0 {
					return strResult(s, bin), nil
				}
				idx += j + len(delim)
			}
			return strResult(s[:idx-len(delim)], bin), nil
		}
		end := len(s)
		for i := uint64(0); i < uint64(-n); i++ { // uint64: -MinInt64 stays positive
			j := strings.LastIndex(s[:end], delim)
			if j < 0 {
				return strResult(s, bin), nil
			}
			end = j
		}
		return strResult(s[end+len(delim):], bin), nil
	})
	simple("crc32", 1, 1, true, func(args []Expr) ColumnType { return uintType(10, anyNullable(args)) }, func(_ *EvalCtx, a []Value) (Value, error) {
		return UintValue(uint64(crc32.ChecksumIEEE([]byte(TextOf(a[0]))))), nil
	})
	register("field", funcSpec{min: 2, max: -1, build: func(_ *compiler, _ *ast.FuncCallExpr, args []Expr) (Expr, error) {
		// all string arguments compare as strings, otherwise as numbers
		allStrings := true
		for _, e := range args {
			t := e.Type()
			if !t.isStringType() && t.Type != mysqldef.TypeNull {
				allStrings = false
			}
		}
		return &funcExpr{args: args, typ: intType(3, false), fn: func(ctx *EvalCtx, a []Value) (Value, error) {
			if a[0].k == KindNull {
				return IntValue(0), nil
			}
			for i, v := range a[1:] {
				if v.k == KindNull {
					continue
				}
				var eq bool
				if allStrings {
					eq = textEqual(asText(a[0]), asText(v))
				} else {
					eq = ToFloat(ctx, a[0]) == ToFloat(ctx, v)
				}
				if eq {
					return IntValue(int64(i + 1)), nil
				}
			}
			return IntValue(0), nil
		}}, nil
	}})
	simple("find_in_set", 2, 2, true, intOf(3), func(_ *EvalCtx, a []Value) (Value, error) {
		needle := asText(a[0])
		if strings.Contains(needle.s, ",") {
			return IntValue(0), nil
		}
		list := asText(a[1])
		if list.s == "" {
			return IntValue(0), nil
		}
		for i, item := range strings.Split(list.s, ",") {
			it := Value{k: list.k, s: item}
			if textEqual(needle, it) {
				return IntValue(int64(i + 1)), nil
			}
		}
		return IntValue(0), nil
	})
	register("elt", funcSpec{min: 2, max: -1, build: func(_ *compiler, _ *ast.FuncCallExpr, args []Expr) (Expr, error) {
		n := 0
		for _, e := range args[1:] {
			n = max(n, castLength(e.Type()))
		}
		return &funcExpr{args: args, typ: strOf(args[1:], n, true), fn: func(ctx *EvalCtx, a []Value) (Value, error) {
			if a[0].k == KindNull {
				return Value{}, nil
			}
			i := ToInt(ctx, a[0])
			if i < 1 || i >= int64(len(a)) {
				return Value{}, nil
			}
			v := a[i]
			if v.k == KindNull {
				return Value{}, nil
			}
			return strResult(TextOf(v), isBin(v)), nil
		}}, nil
	}})
	simple("insert_func", 4, 4, true, func(args []Expr) ColumnType {
		return strOf([]Expr{args[0], args[3]}, castLength(args[0].Type())+castLength(args[3].Type()), anyNullable(args))
	}, func(ctx *EvalCtx, a []Value) (Value, error) {
		bin := isBin(a[0]) || isBin(a[3])
		s, repl := TextOf(a[0]), TextOf(a[3])
		pos, n := ToInt(ctx, a[1]), ToInt(ctx, a[2])
		l := int64(charLen(a[0]))
		if bin {
			l = int64(len(s))
		}
		if pos < 1 || pos > l {
			return strResult(s, bin), nil
		}
		if n < 0 || n > l-pos+1 {
			n = l - pos + 1
		}
		head := substrChars(s, bin, 0, int(pos-1))
		tail := substrChars(s, bin, int(pos-1+n), int(l))
		if len(head)+len(repl)+len(tail) > maxStringResult {
			return tooBig(ctx, "insert"), nil
		}
		return strResult(head+repl+tail, bin), nil
	})
	simple("quote", 1, 1, false, func(args []Expr) ColumnType {
		return strOf(args, castLength(args[0].Type())*2+2, false)
	}, func(_ *EvalCtx, a []Value) (Value, error) {
		if a[0].k == KindNull {
			return StringValue("NULL"), nil
		}
		s := TextOf(a[0])
		var b strings.Builder
		b.Grow(len(s) + 2)
		b.WriteByte('\'')
		for i := 0; i < len(s); i++ {
			switch c := s[i]; c {
			case '\\', '\'':
				b.WriteByte('\\')
				b.WriteByte(c)
			case 0:
				b.WriteString("\\0")
			case 0x1a:
				b.WriteString("\\Z")
			default:
				b.WriteByte(c)
			}
		}
		b.WriteByte('\'')
		return strResult(b.String(), isBin(a[0])), nil
	})
	simple("soundex", 1, 1, true, func(args []Expr) ColumnType {
		return strOf(args, max(castLength(args[0].Type()), 4), anyNullable(args))
	}, func(_ *EvalCtx, a []Value) (Value, error) {
		return strResult(soundex(TextOf(a[0])), isBin(a[0])), nil
	})
	simple("to_base64", 1, 1, true, func(args []Expr) ColumnType {
		n := (castLength(args[0].Type()) + 2) / 3 * 4
		return stringType(n+n/76, anyNullable(args))
	}, func(_ *EvalCtx, a []Value) (Value, error) {
		enc := base64.StdEncoding.EncodeToString([]byte(TextOf(a[0])))
		if len(enc) <= 76 {
			return StringValue(enc), nil
		}
		var b strings.Builder
		for len(enc) > 76 {
			b.WriteString(enc[:76])
			b.WriteByte('\n')
			enc = enc[76:]
		}
		b.WriteString(enc)
		return StringValue(b.String()), nil
	})
	simple("from_base64", 1, 1, true, func(args []Expr) ColumnType {
		return binaryType(castLength(args[0].Type())*3/4+1, true)
	}, func(_ *EvalCtx, a []Value) (Value, error) {
		s := strings.Map(func(r rune) rune {
			if r == ' ' || r == '\t' || r == '\n' || r == '\r' {
				return -1
			}
			return r
		}, TextOf(a[0]))
		b, err := base64.StdEncoding.DecodeString(s)
		if err != nil {
			if b, err = base64.RawStdEncoding.DecodeString(s); err != nil {
				return Value{}, nil
			}
		}
		return BytesValue(b), nil
	})
	simple("conv", 3, 3, true, func(args []Expr) ColumnType { return stringType(64, true) }, func(ctx *EvalCtx, a []Value) (Value, error) {
		return conv(ctx, a[0], ToInt(ctx, a[1]), ToInt(ctx, a[2])), nil
	})
	simple("bin", 1, 1, true, func(args []Expr) ColumnType { return stringType(64, anyNullable(args)) }, func(ctx *EvalCtx, a []Value) (Value, error) {
		return StringValue(strconv.FormatUint(intArgBits(ctx, a[0]), 2)), nil
	})
	simple("oct", 1, 1, true, func(args []Expr) ColumnType { return stringType(64, anyNullable(args)) }, func(ctx *EvalCtx, a []Value) (Value, error) {
		return StringValue(strconv.FormatUint(intArgBits(ctx, a[0]), 8)), nil
	})
	simple("strcmp", 2, 2, true, intOf(2), func(ctx *EvalCtx, a []Value) (Value, error) {
		x, y := asText(a[0]), asText(a[1])
		var c int
		if x.k == KindBytes || y.k == KindBytes {
			c = strings.Compare(x.s, y.s)
		} else {
			c = CollateCompare(x.s, y.s)
		}
		return IntValue(int64(min(max(c, -1), 1))), nil
	})
	simple("ord", 1, 1, true, intOf(21), func(_ *EvalCtx, a []Value) (Value, error) {
		s := TextOf(a[0])
		if s == "" {
			return IntValue(0), nil
		}
		n := 1
		if !isBin(a[0]) {
			if _, size := utf8.DecodeRuneInString(s); size > 1 {
				n = size
			}
		}
		var code int64
		for i := 0; i < n; i++ {
			code = code<<8 | int64(s[i])
		}
		return IntValue(code), nil
	})
	simple("bit_length", 1, 1, true, intOf(10), func(_ *EvalCtx, a []Value) (Value, error) {
		return IntValue(int64(len(TextOf(a[0]))) * 8), nil
	})
	register("make_set", funcSpec{min: 2, max: -1, build: func(_ *compiler, _ *ast.FuncCallExpr, args []Expr) (Expr, error) {
		n := 0
		for _, e := range args[1:] {
			n += castLength(e.Type()) + 1
		}
		return &funcExpr{args: args, typ: strOf(args[1:], n, true), fn: func(ctx *EvalCtx, a []Value) (Value, error) {
			if a[0].k == KindNull {
				return Value{}, nil
			}
			bitsV := ToUint(ctx, a[0])
			var parts []string
			bin := false
			for i, v := range a[1:] {
				if i < 64 && bitsV&(1<<uint(i)) != 0 && v.k != KindNull {
					parts = append(parts, TextOf(v))
					bin = bin || isBin(v)
				}
			}
			return strResult(strings.Join(parts, ","), bin), nil
		}}, nil
	}})
	simple("export_set", 3, 5, true, func(args []Expr) ColumnType { return stringType(0, true) }, func(ctx *EvalCtx, a []Value) (Value, error) {
		bitsV := ToUint(ctx, a[0])
		on, off := TextOf(a[1]), TextOf(a[2])
		sep := ","
		if len(a) > 3 {
			sep = TextOf(a[3])
		}
		n := int64(64)
		if len(a) > 4 {
			if n = ToInt(ctx, a[4]); n < 0 || n > 64 {
				n = 64
			}
		}
		var b strings.Builder
		for i := int64(0); i < n; i++ {
			if i > 0 {
				b.WriteString(sep)
			}
			if bitsV&(1<<uint(i)) != 0 {
				b.WriteString(on)
			} else {
				b.WriteString(off)
			}
		}
		return StringValue(b.String()), nil
	})
	simple("bit_count", 1, 1, true, intNull(2), func(ctx *EvalCtx, a []Value) (Value, error) {
		return IntValue(int64(bits.OnesCount64(intArgBits(ctx, a[0])))), nil
	})
}

// intArgBits is an argument's 64-bit pattern for BIN, OCT and BIT_COUNT:
// negative numbers in two's complement, strings by their numeric prefix.
func intArgBits(ctx *EvalCtx, v Value) uint64 {
	switch v.k {
	case KindUint:
		return v.n
	case KindInt:
		return v.n
	}
	n := toNumber(ctx, v)
	if n.k == KindUint {
		return n.n
	}
	if n.k == KindFloat && n.Float() >= 9223372036854775807 {
		return ToUint(ctx, n)
	}
	if n.k == KindDecimal && !n.d.Negative {
		return ToUint(ctx, n)
	}
	return uint64(ToInt(ctx, n))
}

// soundex is MySQL's SOUNDEX: the first letter, then the codes of the
// following letters with vowels dropped and repeats merged, padded with
// zeros to at least four characters (MySQL does not cut longer codes).
func soundex(s string) string {
	const codes = "01230120022455012623010202"
	code := func(c byte) byte {
		if c >= 'a' && c <= 'z' {
			c -= 'a' - 'A'
		}
		if c >= 'A' && c <= 'Z' {
			return codes[c-'A']
		}
		return 0
	}
	var out []byte
	var last byte
	for i := 0; i < len(s); i++ {
		ch := code(s[i])
		if ch == 0 {
			continue
		}
		if out == nil {
			c := s[i]
			if c >= 'a' && c <= 'z' {
				c -= 'a' - 'A'
			}
			out = append(out, c)
			last = ch
			continue
		}
		if ch != '0' && ch != last {
			out = append(out, ch)
			last = ch
		}
	}
	if out == nil {
		return ""
	}
	for len(out) < 4 {
		out = append(out, '0')
	}
	return string(out)
}

// conv is CONV(n, from, to): n read as text in base |from| (signed when
// from is negative), printed in base |to| (signed when to is negative).
func conv(ctx *EvalCtx, v Value, from, to int64) Value {
	if from < 0 {
		from = -from
		if from < 2 || from > 36 {
			return Value{}
		}
		return convOut(uint64(parseSigned(TextOf(v), int(from))), to)
	}
	if from < 2 || from > 36 {
		return Value{}
	}
	s := TextOf(v)
	if v.IsNumeric() && from == 10 && v.k != KindFloat && v.k != KindDecimal {
		return convOut(intArgBits(ctx, v), to)
	}
	return convOut(parseUnsigned(s, int(from)), to)
}

func convOut(u uint64, to int64) Value {
	neg := to < 0
	if neg {
		to = -to
	}
	if to < 2 || to > 36 {
		return Value{}
	}
	if neg && int64(u) < 0 {
		return StringValue("-" + strings.ToUpper(strconv.FormatUint(uint64(-int64(u)), int(to))))
	}
	return StringValue(strings.ToUpper(strconv.FormatUint(u, int(to))))
}

// digitPrefix reads the leading digits of s valid in base (after spaces
// and an optional sign); overflow saturates.
func digitPrefix(s string, base int) (neg bool, u uint64, overflow bool) {
	s = strings.TrimLeft(s, " \t\n")
	if s != "" && (s[0] == '-' || s[0] == '+') {
		neg = s[0] == '-'
		s = s[1:]
	}
	for i := 0; i < len(s); i++ {
		d := hexVal(s[i])
		if c := s[i]; c >= 'g' && c <= 'z' {
			d = int(c-'a') + 10
		} else if c >= 'G' && c <= 'Z' {
			d = int(c-'A') + 10
		}
		if d < 0 || d >= base {
			break
		}
		hi, lo := bits.Mul64(u, uint64(base))
		sum, carry := bits.Add64(lo, uint64(d), 0)
		if hi != 0 || carry != 0 {
			overflow = true
			u = ^uint64(0)
			continue
		}
		u = sum
	}
	return neg, u, overflow
}

func parseUnsigned(s string, base int) uint64 {
	neg, u, overflow := digitPrefix(s, base)
	if overflow {
		return ^uint64(0)
	}
	if neg {
		return -u
	}
	return u
}

func parseSigned(s string, base int) int64 {
	neg, u, _ := digitPrefix(s, base)
	if neg {
		if u > 1<<63 {
			return -1 << 63
		}
		return -int64(u)
	}
	if u > 1<<63-1 {
		return 1<<63 - 1
	}
	return int64(u)
}
