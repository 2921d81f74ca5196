package expr

import (
	"encoding/hex"
	"fmt"
	"math"
	"net/netip"
	"strconv"
	"strings"

	"github.com/loopdb/loopdb/mysqldef"
	"github.com/pingcap/tidb/pkg/parser/ast"
)

// Trigonometry, INET_* and IS_IPV*, UUID_TO_BIN/BIN_TO_UUID/IS_UUID and
// ANY_VALUE.

func init() {
	trig := func(name string, f func(float64) float64) {
		simple(name, 1, 1, true, doubleNull, func(ctx *EvalCtx, a []Value) (Value, error) {
			return FloatValue(f(ToFloat(ctx, a[0]))), nil
		})
	}
	trig("sin", math.Sin)
	trig("cos", math.Cos)
	trig("tan", math.Tan)
	trig("asin", math.Asin) // out of [-1, 1]: NaN, which is NULL
	trig("acos", math.Acos)
	trig("degrees", func(x float64) float64 { return x * 180 / math.Pi })
	trig("radians", func(x float64) float64 { return x * math.Pi / 180 })
	simple("atan", 1, 2, true, doubleNull, func(ctx *EvalCtx, a []Value) (Value, error) {
		if len(a) == 2 {
			return FloatValue(math.Atan2(ToFloat(ctx, a[0]), ToFloat(ctx, a[1]))), nil
		}
		return FloatValue(math.Atan(ToFloat(ctx, a[0]))), nil
	})
	simple("atan2", 2, 2, true, doubleNull, func(ctx *EvalCtx, a []Value) (Value, error) {
		return FloatValue(math.Atan2(ToFloat(ctx, a[0]), ToFloat(ctx, a[1]))), nil
	})
	register("cot", funcSpec{min: 1, max: 1, build: func(_ *compiler, x *ast.FuncCallExpr, args []Expr) (Expr, error) {
		desc := exprDesc{x}
		return &funcExpr{args: args, nullIn: true, typ: doubleNull(args), fn: func(ctx *EvalCtx, a []Value) (Value, error) {
			t := math.Tan(ToFloat(ctx, a[0]))
			if t == 0 {
				return Value{}, outOfRange("DOUBLE", desc.String())
			}
			return FloatValue(1 / t), nil
		}}, nil
	}})

	simple("inet_aton", 1, 1, true, func([]Expr) ColumnType { return uintType(21, true) }, func(_ *EvalCtx, a []Value) (Value, error) {
		u, ok := inetAton(TextOf(a[0]))
		if !ok {
			return Value{}, nil
		}
		return UintValue(u), nil
	})
	simple("inet_ntoa", 1, 1, true, func([]Expr) ColumnType { return stringType(15, true) }, func(ctx *EvalCtx, a []Value) (Value, error) {
		n := toNumber(ctx, a[0])
		if (n.k == KindInt && int64(n.n) < 0) || (n.k == KindFloat && n.Float() < 0) || (n.k == KindDecimal && n.d.Negative) {
			return Value{}, nil
		}
		u := ToUint(ctx, n)
		if u > math.MaxUint32 {
			return Value{}, nil
		}
		return StringValue(strconv.Itoa(int(u>>24)) + "." + strconv.Itoa(int(u>>16&255)) + "." + strconv.Itoa(int(u>>8&255)) + "." + strconv.Itoa(int(u&255))), nil
	})
	simple("inet6_aton", 1, 1, true, func([]Expr) ColumnType { return binaryType(16, true) }, func(_ *EvalCtx, a []Value) (Value, error) {
		s := TextOf(a[0])
		if b, ok := parseIPv4(s); ok {
			return BytesValue(b[:]), nil
		}
		if b, ok := parseIPv6(s); ok {
			return BytesValue(b[:]), nil
		}
		return Value{}, nil
	})
	simple("inet6_ntoa", 1, 1, true, func([]Expr) ColumnType { return stringType(39, true) }, func(_ *EvalCtx, a []Value) (Value, error) {
		if !isBin(a[0]) {
			return Value{}, nil
		}
		switch b := a[0].s; len(b) {
		case 4:
			return StringValue(netip.AddrFrom4([4]byte([]byte(b))).String()), nil
		case 16:
			return StringValue(formatIPv6([16]byte([]byte(b)))), nil
		}
		return Value{}, nil
	})
	simple("is_ipv4", 1, 1, false, intOf(1), func(_ *EvalCtx, a []Value) (Value, error) {
		if a[0].k == KindNull {
			return IntValue(0), nil
		}
		_, ok := parseIPv4(TextOf(a[0]))
		return BoolValue(ok), nil
	})
	simple("is_ipv6", 1, 1, false, intOf(1), func(_ *EvalCtx, a []Value) (Value, error) {
		if a[0].k == KindNull {
			return IntValue(0), nil
		}
		_, ok := parseIPv6(TextOf(a[0]))
		return BoolValue(ok), nil
	})
	simple("is_ipv4_compat", 1, 1, false, intOf(1), func(_ *EvalCtx, a []Value) (Value, error) {
		b := a[0].s
		return BoolValue(a[0].k == KindBytes && len(b) == 16 && strings.Count(b[:12], "\x00") == 12), nil
	})
	simple("is_ipv4_mapped", 1, 1, false, intOf(1), func(_ *EvalCtx, a []Value) (Value, error) {
		b := a[0].s
		return BoolValue(a[0].k == KindBytes && len(b) == 16 && b[:12] == "\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\xff\xff"), nil
	})

	simple("uuid_to_bin", 1, 2, true, func(args []Expr) ColumnType { return binaryType(16, anyNullable(args)) }, func(ctx *EvalCtx, a []Value) (Value, error) {
		s := TextOf(a[0])
		b, ok := parseUUID(s)
		if !ok {
			return Value{}, mysqldef.NewError(mysqldef.ErrWrongValueForType, "Incorrect string value: '%s' for function uuid_to_bin", s)
		}
		if len(a) == 2 && ToInt(ctx, a[1]) != 0 {
			var out [16]byte
			copy(out[0:2], b[6:8])
			copy(out[2:4], b[4:6])
			copy(out[4:8], b[0:4])
			copy(out[8:], b[8:])
			b = out
		}
		return BytesValue(b[:]), nil
	})
	simple("bin_to_uuid", 1, 2, true, func(args []Expr) ColumnType { return stringType(36, anyNullable(args)) }, func(ctx *EvalCtx, a []Value) (Value, error) {
		s := TextOf(a[0])
		if len(s) != 16 {
			return Value{}, mysqldef.NewError(mysqldef.ErrWrongValueForType, "Incorrect string value: '%s' for function bin_to_uuid", HexPrefix(s))
		}
		b := []byte(s)
		if len(a) == 2 && ToInt(ctx, a[1]) != 0 {
			out := make([]byte, 16)
			copy(out[0:4], b[4:8])
			copy(out[4:6], b[2:4])
			copy(out[6:8], b[0:2])
			copy(out[8:], b[8:])
			b = out
		}
		h := hex.EncodeToString(b)
		return StringValue(h[0:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:]), nil
	})
	simple("is_uuid", 1, 1, true, intOf(1), func(_ *EvalCtx, a []Value) (Value, error) {
		_, ok := parseUUID(TextOf(a[0]))
		return BoolValue(ok), nil
	})

	register("any_value", funcSpec{min: 1, max: 1, build: func(_ *compiler, _ *ast.FuncCallExpr, args []Expr) (Expr, error) {
		return args[0], nil
	}})
}

// inetAton is MySQL's INET_ATON: dotted bytes, short forms allowed
// ('127.1' is 127.0.0.1).
func inetAton(s string) (uint64, bool) {
	if s == "" {
		return 0, false
	}
	var result, b uint64
	dots := 0
	var c byte
	for i := 0; i < len(s); i++ {
		c = s[i]
		switch {
		case c >= '0' && c <= '9':
			b = b*10 + uint64(c-'0')
			if b > 255 {
				return 0, false
			}
		case c == '.':
			dots++
			result = result<<8 + b
			b = 0
		default:
			return 0, false
		}
	}
	if c == '.' || dots > 3 {
		return 0, false
	}
	switch dots {
	case 1:
		result <<= 16
	case 2:
		result <<= 8
	}
	return result<<8 + b, true
}

// parseIPv4 accepts exactly four dotted decimal bytes.
func parseIPv4(s string) ([4]byte, bool) {
	var out [4]byte
	parts := strings.Split(s, ".")
	if len(parts) != 4 {
		return out, false
	}
	for i, p := range parts {
		if p == "" || len(p) > 3 || !allDigits(p) {
			return out, false
		}
		n, _ := strconv.Atoi(p)
		if n > 255 {
			return out, false
		}
		out[i] = byte(n)
	}
	return out, true
}

// parseIPv6 accepts IPv6 text (with an optional trailing dotted IPv4
// part), without zones.
func parseIPv6(s string) ([16]byte, bool) {
	if !strings.Contains(s, ":") || strings.Contains(s, "%") {
		return [16]byte{}, false
	}
	if i := strings.LastIndexByte(s, ':'); strings.Contains(s[i+1:], ".") {
		if _, ok := parseIPv4(s[i+1:]); !ok {
			return [16]byte{}, false
		}
	}
	addr, err := netip.ParseAddr(s)
	if err != nil || !addr.Is6() {
		return [16]byte{}, false
	}
	return addr.As16(), true
}

// formatIPv6 prints like MySQL's INET6_NTOA: IPv4-compatible and
// IPv4-mapped addresses end in dotted form.
func formatIPv6(b [16]byte) string {
	zero12 := true
	for _, c := range b[:10] {
		if c != 0 {
			zero12 = false
		}
	}
	v4 := strconv.Itoa(int(b[12])) + "." + strconv.Itoa(int(b[13])) + "." + strconv.Itoa(int(b[14])) + "." + strconv.Itoa(int(b[15]))
	if zero12 && b[10] == 0 && b[11] == 0 && (b[12] != 0 || b[13] != 0) {
		return "::" + v4
	}
	if zero12 && b[10] == 0xff && b[11] == 0xff {
		return "::ffff:" + v4
	}
	return netip.AddrFrom16(b).String()
}

// parseUUID accepts 32 hex digits, optionally dashed 8-4-4-4-12 and
// optionally in braces.
func parseUUID(s string) ([16]byte, bool) {
	var out [16]byte
	if len(s) == 38 && s[0] == '{' && s[37] == '}' {
		s = s[1:37]
	}
	if len(s) == 36 {
		if s[8] != '-' || s[13] != '-' || s[18] != '-' || s[23] != '-' {
			return out, false
		}
		s = s[0:8] + s[9:13] + s[14:18] + s[19:23] + s[24:]
	}
	if len(s) != 32 {
		return out, false
	}
	if _, err := hex.Decode(out[:], []byte(s)); err != nil {
		return out, false
	}
	return out, true
}

// HexPrefix shows the first bytes of a binary string in an error message.
func HexPrefix(s string) string {
	var b strings.Builder
	for i := 0; i < len(s) && i < 4; i++ {
		fmt.Fprintf(&b, "\\x%02X", s[i])
	}
	return b.String()
}
