package expr

import (
	"crypto/md5"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/hex"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/loopdb/loopdb/mysqldef"
	"github.com/pingcap/tidb/pkg/parser/ast"
	"github.com/pingcap/tidb/pkg/parser/test_driver"
)

// maxStringResult stands in for max_allowed_packet: longer results of
// REPEAT, LPAD... become NULL with warning 1301, as in MySQL.
const maxStringResult = 64 << 20

func tooBig(ctx *EvalCtx, fn string) Value {
	ctx.Warn(mysqldef.ErrWarnAllowedPacketOverflowed, "Result of "+fn+"() was larger than max_allowed_packet ("+strconv.Itoa(maxStringResult)+") - truncated")
	return Value{}
}

// charLen is the string length in characters (bytes for binary strings).
func charLen(v Value) int {
	if v.k == KindBytes {
		return len(v.s)
	}
	return utf8.RuneCountInString(TextOf(v))
}

// sumChars adds the display lengths of the arguments.
func sumChars(args []Expr) int {
	n := 0
	for _, a := range args {
		n += castLength(a.Type())
	}
	return n
}

func isBin(v Value) bool { return v.k == KindBytes }

// substrChars returns characters [from, from+n) of s (0-based, clamped).
func substrChars(s string, binary bool, from, n int) string {
	if from < 0 || n <= 0 {
		return ""
	}
	if binary {
		if from >= len(s) {
			return ""
		}
		return s[from:min(len(s), from+n)]
	}
	start, i := -1, 0
	for pos := range s {
		if i == from {
			start = pos
		}
		if i == from+n {
			return s[start:pos]
		}
		i++
	}
	if start < 0 {
		return ""
	}
	return s[start:]
}

// indexFold finds sub in s (character positions, 1-based; 0 if absent),
// case-insensitively unless binary, starting at character start (0-based).
func indexFold(s, sub string, binary bool, start int) int {
	if binary {
		if start > len(s) {
			return 0
		}
		i := strings.Index(s[start:], sub)
		if i < 0 {
			return 0
		}
		return start + i + 1
	}
	hs := []rune(s)
	nd := []rune(sub)
	for i := start; i+len(nd) <= len(hs); i++ {
		match := true
		for j := range nd {
			if foldRune(hs[i+j]) != foldRune(nd[j]) {
				match = false
				break
			}
		}
		if match {
			return i + 1
		}
	}
	return 0
}

func init() {
	register("concat", funcSpec{min: 1, max: -1, build: func(_ *compiler, _ *ast.FuncCallExpr, args []Expr) (Expr, error) {
		return &funcExpr{args: args, nullIn: true, typ: strOf(args, sumChars(args), anyNullable(args)), fn: concatFn}, nil
	}})
	register("concat_ws", funcSpec{min: 2, max: -1, build: func(_ *compiler, _ *ast.FuncCallExpr, args []Expr) (Expr, error) {
		n := sumChars(args[1:]) + castLength(args[0].Type())*(len(args)-2)
		return &funcExpr{args: args, typ: strOf(args, n, args[0].Type().Nullable()), fn: concatWSFn}, nil
	}})
	simple("length", 1, 1, true, intOf(10), func(_ *EvalCtx, a []Value) (Value, error) {
		return IntValue(int64(len(TextOf(a[0])))), nil
	})
	alias("octet_length", "length")
	simple("char_length", 1, 1, true, intOf(10), func(_ *EvalCtx, a []Value) (Value, error) {
		return IntValue(int64(charLen(a[0]))), nil
	})
	alias("character_length", "char_length")
	simple("upper", 1, 1, true, sameString, func(_ *EvalCtx, a []Value) (Value, error) {
		if isBin(a[0]) {
			return a[0], nil
		}
		return StringValue(strings.ToUpper(TextOf(a[0]))), nil
	})
	alias("ucase", "upper")
	simple("lower", 1, 1, true, sameString, func(_ *EvalCtx, a []Value) (Value, error) {
		if isBin(a[0]) {
			return a[0], nil
		}
		return StringValue(strings.ToLower(TextOf(a[0]))), nil
	})
	alias("lcase", "lower")
	simple("substring", 2, 3, true, sameString, substringFn)
	alias("substr", "substring")
	alias("mid", "substring")
	simple("left", 2, 2, true, sameString, func(ctx *EvalCtx, a []Value) (Value, error) {
		n := ToInt(ctx, a[1])
		return strResult(substrChars(TextOf(a[0]), isBin(a[0]), 0, int(min(n, 1<<31))), isBin(a[0])), nil
	})
	simple("right", 2, 2, true, sameString, func(ctx *EvalCtx, a []Value) (Value, error) {
		n := ToInt(ctx, a[1])
		l := charLen(a[0])
		if n <= 0 {
			return strResult("", isBin(a[0])), nil
		}
		from := max(l-int(min(n, int64(l))), 0)
		return strResult(substrChars(TextOf(a[0]), isBin(a[0]), from, l), isBin(a[0])), nil
	})
	register("trim", funcSpec{min: 1, max: 3, raw: true, build: compileTrim})
	simple("ltrim", 1, 1, true, sameString, func(_ *EvalCtx, a []Value) (Value, error) {
		return strResult(strings.TrimLeft(TextOf(a[0]), " "), isBin(a[0])), nil
	})
	simple("rtrim", 1, 1, true, sameString, func(_ *EvalCtx, a []Value) (Value, error) {
		return strResult(strings.TrimRight(TextOf(a[0]), " "), isBin(a[0])), nil
	})
	simple("replace", 3, 3, true, func(args []Expr) ColumnType { return strOf(args, castLength(args[0].Type()), anyNullable(args)) }, func(_ *EvalCtx, a []Value) (Value, error) {
		from := TextOf(a[1])
		if from == "" {
			return strResult(TextOf(a[0]), isBin(a[0]) || isBin(a[1]) || isBin(a[2])), nil
		}
		return strResult(strings.ReplaceAll(TextOf(a[0]), from, TextOf(a[2])), isBin(a[0]) || isBin(a[1]) || isBin(a[2])), nil
	})
	simple("repeat", 2, 2, true, func(args []Expr) ColumnType { return strOf(args[:1], 0, true) }, func(ctx *EvalCtx, a []Value) (Value, error) {
		n := ToInt(ctx, a[1])
		s := TextOf(a[0])
		if n <= 0 || s == "" {
			return strResult("", isBin(a[0])), nil
		}
		if n > int64(maxStringResult/len(s)) {
			return tooBig(ctx, "repeat"), nil
		}
		return strResult(strings.Repeat(s, int(n)), isBin(a[0])), nil
	})
	simple("reverse", 1, 1, true, sameString, func(_ *EvalCtx, a []Value) (Value, error) {
		s := TextOf(a[0])
		if isBin(a[0]) {
			b := []byte(s)
			for i, j := 0, len(b)-1; i < j; i, j = i+1, j-1 {
				b[i], b[j] = b[j], b[i]
			}
			return BytesValue(b), nil
		}
		r := []rune(s)
		for i, j := 0, len(r)-1; i < j; i, j = i+1, j-1 {
			r[i], r[j] = r[j], r[i]
		}
		return StringValue(string(r)), nil
	})
	simple("lpad", 3, 3, true, padType, func(ctx *EvalCtx, a []Value) (Value, error) { return pad(ctx, a, true) })
	simple("rpad", 3, 3, true, padType, func(ctx *EvalCtx, a []Value) (Value, error) { return pad(ctx, a, false) })
	simple("instr", 2, 2, true, intOf(10), func(_ *EvalCtx, a []Value) (Value, error) {
		return IntValue(int64(indexFold(TextOf(a[0]), TextOf(a[1]), isBin(a[0]) || isBin(a[1]), 0))), nil
	})
	simple("locate", 2, 3, true, intOf(10), func(ctx *EvalCtx, a []Value) (Value, error) {
		start := int64(1)
		if len(a) == 3 {
			start = ToInt(ctx, a[2])
		}
		s := TextOf(a[1])
		bin := isBin(a[0]) || isBin(a[1])
		if start < 1 || start > int64(charLen(a[1]))+1 {
			return IntValue(0), nil
		}
		return IntValue(int64(indexFold(s, TextOf(a[0]), bin, int(start-1)))), nil
	})
	alias("position", "locate")
	simple("space", 1, 1, true, func([]Expr) ColumnType { return stringType(0, true) }, func(ctx *EvalCtx, a []Value) (Value, error) {
		n := ToInt(ctx, a[0])
		if n <= 0 {
			return StringValue(""), nil
		}
		if n > maxStringResult {
			return tooBig(ctx, "space"), nil
		}
		return StringValue(strings.Repeat(" ", int(n))), nil
	})
	simple("ascii", 1, 1, true, intOf(3), func(_ *EvalCtx, a []Value) (Value, error) {
		s := TextOf(a[0])
		if s == "" {
			return IntValue(0), nil
		}
		return IntValue(int64(s[0])), nil
	})
	register("char_func", funcSpec{min: 1, max: -1, raw: true, build: compileChar})
	simple("hex", 1, 1, true, func(args []Expr) ColumnType { return stringType(castLength(args[0].Type())*2, anyNullable(args)) }, hexFn)
	simple("unhex", 1, 1, true, func(args []Expr) ColumnType { return binaryType(castLength(args[0].Type())/2+1, true) }, func(_ *EvalCtx, a []Value) (Value, error) {
		s := TextOf(a[0])
		if len(s)%2 == 1 {
			s = "0" + s
		}
		b, err := hex.DecodeString(s)
		if err != nil {
			return Value{}, nil
		}
		return BytesValue(b), nil
	})
	simple("md5", 1, 1, true, func(args []Expr) ColumnType { return stringType(32, anyNullable(args)) }, func(_ *EvalCtx, a []Value) (Value, error) {
		h := md5.Sum([]byte(TextOf(a[0])))
		return StringValue(hex.EncodeToString(h[:])), nil
	})
	simple("sha1", 1, 1, true, func(args []Expr) ColumnType { return stringType(40, anyNullable(args)) }, func(_ *EvalCtx, a []Value) (Value, error) {
		h := sha1.Sum([]byte(TextOf(a[0])))
		return StringValue(hex.EncodeToString(h[:])), nil
	})
	alias("sha", "sha1")
	simple("sha2", 2, 2, true, func([]Expr) ColumnType { return stringType(128, true) }, sha2Fn)
	simple("format", 2, 3, false, func(args []Expr) ColumnType { return stringType(castLength(args[0].Type())+40, anyNullable(args[:2])) }, formatFn)
	register("convert", funcSpec{min: 2, max: 2, raw: true, build: compileConvertUsing})
}

// sameString types a function whose result is its first argument reshaped.
func sameString(args []Expr) ColumnType {
	return strOf(args[:1], castLength(args[0].Type()), anyNullable(args))
}

func padType(args []Expr) ColumnType {
	n := 0
	if l, ok := constInt(args[1]); ok && l > 0 && l < 1<<24 {
		n = int(l)
	}
	return strOf([]Expr{args[0], args[2]}, n, true)
}

func concatFn(_ *EvalCtx, a []Value) (Value, error) {
	bin := false
	n := 0
	for _, v := range a {
		bin = bin || isBin(v)
		n += len(TextOf(v))
	}
	if n > maxStringResult {
		return Value{}, nil
	}
	var b strings.Builder
	b.Grow(n)
	for _, v := range a {
		b.WriteString(TextOf(v))
	}
	return strResult(b.String(), bin), nil
}

func concatWSFn(_ *EvalCtx, a []Value) (Value, error) {
	if a[0].k == KindNull {
		return Value{}, nil
	}
	sep := TextOf(a[0])
	bin := isBin(a[0])
	var b strings.Builder
	first := true
	for _, v := range a[1:] {
		if v.k == KindNull {
			continue
		}
		if !first {
			b.WriteString(sep)
		}
		first = false
		bin = bin || isBin(v)
		b.WriteString(TextOf(v))
	}
	return strResult(b.String(), bin), nil
}

// substringFn is SUBSTRING(s, pos[, len]): pos counts from 1, negative
// from the end; pos 0 gives ”.
func substringFn(ctx *EvalCtx, a []Value) (Value, error) {
	s := TextOf(a[0])
	bin := isBin(a[0])
	pos := ToInt(ctx, a[1])
	n := int64(1 << 40)
	if len(a) == 3 {
		n = ToInt(ctx, a[2])
	}
	l := int64(charLen(a[0]))
	if pos == 0 || n <= 0 || pos > l || -pos > l {
		return strResult("", bin), nil
	}
	from := pos - 1
	if pos < 0 {
		from = l + pos
	}
	return strResult(substrChars(s, bin, int(from), int(min(n, l))), bin), nil
}

// compileTrim handles TRIM([BOTH|LEADING|TRAILING] [remstr] FROM str),
// which the parser hands over as (str[, remstr[, direction]]).
func compileTrim(c *compiler, x *ast.FuncCallExpr, _ []Expr) (Expr, error) {
	if len(x.Args) < 1 || len(x.Args) > 3 {
		return nil, wrongArgCount(x.FnName.O)
	}
	dir := ast.TrimBothDefault
	nodes := x.Args
	if d, ok := nodes[len(nodes)-1].(*ast.TrimDirectionExpr); ok {
		dir = d.Direction
		nodes = nodes[:len(nodes)-1]
	}
	args, err := c.compileAll(nodes)
	if err != nil {
		return nil, err
	}
	return &funcExpr{args: args, nullIn: true, typ: sameString(args), fn: func(_ *EvalCtx, a []Value) (Value, error) {
		s := TextOf(a[0])
		rem := " "
		if len(a) > 1 {
			rem = TextOf(a[1])
		}
		if rem != "" {
			if dir != ast.TrimTrailing {
				for strings.HasPrefix(s, rem) {
					s = s[len(rem):]
				}
			}
			if dir != ast.TrimLeading {
				for strings.HasSuffix(s, rem) {
					s = s[:len(s)-len(rem)]
				}
			}
		}
		return strResult(s, isBin(a[0])), nil
	}}, nil
}

// pad is LPAD/RPAD: the result has exactly n characters; an empty pad
// string that is needed gives NULL.
func pad(ctx *EvalCtx, a []Value, left bool) (Value, error) {
	s := TextOf(a[0])
	n := ToInt(ctx, a[1])
	p := TextOf(a[2])
	bin := isBin(a[0]) || isBin(a[2])
	if n < 0 {
		return Value{}, nil
	}
	if n > maxStringResult {
		if left {
			return tooBig(ctx, "lpad"), nil
		}
		return tooBig(ctx, "rpad"), nil
	}
	l := int64(charLen(a[0]))
	if n <= l {
		return strResult(substrChars(s, bin, 0, int(n)), bin), nil
	}
	if p == "" {
		return Value{}, nil
	}
	need := int(n - l)
	pl := len(p)
	if !bin {
		pl = utf8.RuneCountInString(p)
	}
	f := substrChars(strings.Repeat(p, need/pl+1), bin, 0, need)
	if left {
		return strResult(f+s, bin), nil
	}
	return strResult(s+f, bin), nil
}

// compileChar is CHAR(n, ... [USING charset]): each integer becomes its
// big-endian bytes; NULLs are skipped. Without USING the result is binary.
func compileChar(c *compiler, x *ast.FuncCallExpr, _ []Expr) (Expr, error) {
	nodes := x.Args
	binary := true
	if len(nodes) > 0 {
		if v, ok := nodes[len(nodes)-1].(*test_driver.ValueExpr); ok && v.Kind() == test_driver.KindString && v.Type.GetCharset() == "" {
			binary = strings.EqualFold(v.GetString(), "binary")
			nodes = nodes[:len(nodes)-1]
		} else if ok && v.Kind() == test_driver.KindNull && v.Type.GetCharset() == "" {
			nodes = nodes[:len(nodes)-1]
		}
	}
	if len(nodes) == 0 {
		return nil, wrongArgCount(x.FnName.O)
	}
	args, err := c.compileAll(nodes)
	if err != nil {
		return nil, err
	}
	typ := binaryType(len(args)*4, false)
	if !binary {
		typ = stringType(len(args), true)
	}
	return &funcExpr{args: args, typ: typ, fn: func(ctx *EvalCtx, a []Value) (Value, error) {
		var b []byte
		for _, v := range a {
			if v.k == KindNull {
				continue
			}
			u := uint32(ToUint(ctx, v))
			switch {
			case u >= 1<<24:
				b = append(b, byte(u>>24), byte(u>>16), byte(u>>8), byte(u))
			case u >= 1<<16:
				b = append(b, byte(u>>16), byte(u>>8), byte(u))
			case u >= 1<<8:
				b = append(b, byte(u>>8), byte(u))
			default:
				b = append(b, byte(u))
			}
		}
		if !binary {
			if !utf8.Valid(b) {
				return Value{}, nil
			}
			return StringValue(string(b)), nil
		}
		return BytesValue(b), nil
	}}, nil
}

// hexFn is HEX(): numbers print as hex of their 64-bit value, strings as
// the hex of their bytes, both upper case.
func hexFn(ctx *EvalCtx, a []Value) (Value, error) {
	v := a[0]
	if v.IsNumeric() {
		return StringValue(strings.ToUpper(strconv.FormatUint(ToUint(ctx, v), 16))), nil
	}
	return StringValue(strings.ToUpper(hex.EncodeToString([]byte(TextOf(v))))), nil
}

func sha2Fn(ctx *EvalCtx, a []Value) (Value, error) {
	b := []byte(TextOf(a[0]))
	switch ToInt(ctx, a[1]) {
	case 0, 256:
		h := sha256.Sum256(b)
		return StringValue(hex.EncodeToString(h[:])), nil
	case 224:
		h := sha256.Sum224(b)
		return StringValue(hex.EncodeToString(h[:])), nil
	case 384:
		h := sha512.Sum384(b)
		return StringValue(hex.EncodeToString(h[:])), nil
	case 512:
		h := sha512.Sum512(b)
		return StringValue(hex.EncodeToString(h[:])), nil
	}
	return Value{}, nil
}

// formatFn is FORMAT(x, d[, locale]): rounded half up to d decimals with
// thousands separators, en_US style (the locale is accepted and ignored).
func formatFn(ctx *EvalCtx, a []Value) (Value, error) {
	if a[0].k == KindNull || a[1].k == KindNull {
		return Value{}, nil
	}
	d := min(max(ToInt(ctx, a[1]), 0), MaxDecimalScale)
	n := toNumber(ctx, a[0])
	dec := ToDecimal(ctx, n)
	r, err := RoundDecimal(dec, int(d))
	if err != nil {
		return Value{}, nil
	}
	s := string(appendDecimal(nil, r))
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	intPart, frac, _ := strings.Cut(s, ".")
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	for i, ch := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(ch)
	}
	if d > 0 {
		b.WriteByte('.')
		b.WriteString(frac)
	}
	return StringValue(b.String()), nil
}

// compileConvertUsing is CONVERT(expr USING charset).
func compileConvertUsing(c *compiler, x *ast.FuncCallExpr, _ []Expr) (Expr, error) {
	if len(x.Args) != 2 {
		return nil, wrongArgCount(x.FnName.O)
	}
	cs, ok := x.Args[1].(*test_driver.ValueExpr)
	if !ok || cs.Kind() != test_driver.KindString {
		return nil, mysqldef.NewError(mysqldef.ErrUnknownCharacterSet, "Unknown character set: ''")
	}
	name := strings.ToLower(cs.GetString())
	switch name {
	case "utf8mb4", "utf8", "utf8mb3", "latin1", "ascii", "binary":
	default:
		return nil, mysqldef.NewError(mysqldef.ErrUnknownCharacterSet, "Unknown character set: '%s'", cs.GetString())
	}
	arg, err := c.compile(x.Args[0])
	if err != nil {
		return nil, err
	}
	binary := name == "binary"
	typ := stringType(castLength(arg.Type()), arg.Type().Nullable())
	if binary {
		typ = binaryType(castLength(arg.Type()), arg.Type().Nullable())
	}
	return &funcExpr{args: []Expr{arg}, nullIn: true, typ: typ, fn: func(_ *EvalCtx, a []Value) (Value, error) {
		return strResult(TextOf(a[0]), binary), nil
	}}, nil
}
