package expr

import (
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/loopdb/loopdb/mysqldef"
	"github.com/pingcap/tidb/pkg/parser/ast"
)

// The REGEXP_* family: REGEXP_LIKE, REGEXP_INSTR, REGEXP_SUBSTR and
// REGEXP_REPLACE.
//
// The REGEXP_* functions use Go's RE2 engine rather than MySQL's ICU: the
// common syntax is the same, but back-references and look-around are not
// supported (they fail with error 3685 like any invalid pattern).

func init() {
	register("regexp_like", funcSpec{min: 2, max: 3, build: regexpBuilder(regexpLike)})
	register("regexp_instr", funcSpec{min: 2, max: 6, build: regexpBuilder(regexpInstr)})
	register("regexp_substr", funcSpec{min: 2, max: 5, build: regexpBuilder(regexpSubstr)})
	register("regexp_replace", funcSpec{min: 3, max: 6, build: regexpBuilder(regexpReplace)})
}

type regexpKind int

const (
	regexpLike regexpKind = iota
	regexpInstr
	regexpSubstr
	regexpReplace
)

var regexpNames = [...]string{"regexp_like", "regexp_instr", "regexp_substr", "regexp_replace"}

// regexpFlags turns MySQL's match_type into RE2 flags; fold is the default
// from the arguments' collation.
func regexpFlags(match string, fold bool, fn string) (string, error) {
	dotAll, multi := false, false
	for _, c := range match {
		switch c {
		case 'c':
			fold = false
		case 'i':
			fold = true
		case 'm':
			multi = true
		case 'n':
			dotAll = true
		case 'u':
		default:
			return "", mysqldef.NewError(mysqldef.ErrWrongArguments, "Incorrect arguments to %s", fn)
		}
	}
	f := ""
	if fold {
		f += "i"
	}
	if multi {
		f += "m"
	}
	if dotAll {
		f += "s"
	}
	if f == "" {
		return "", nil
	}
	return "(?" + f + ")", nil
}

func regexpBuilder(kind regexpKind) func(*compiler, *ast.FuncCallExpr, []Expr) (Expr, error) {
	return func(_ *compiler, x *ast.FuncCallExpr, args []Expr) (Expr, error) {
		fn := regexpNames[kind]
		var typ ColumnType
		switch kind {
		case regexpLike:
			typ = BoolType(anyNullable(args))
		case regexpInstr:
			typ = intType(21, anyNullable(args))
		case regexpSubstr:
			typ = strOf(args[:1], castLength(args[0].Type()), true)
		case regexpReplace:
			typ = longTextType(anyNullable(args))
			if anyBinary(args[:1]) {
				typ.Collation = mysqldef.CollationBinary
				typ.Flags |= mysqldef.FlagBinary
			}
		}
		// the match_type argument's position
		mtPos := map[regexpKind]int{regexpLike: 2, regexpInstr: 5, regexpSubstr: 4, regexpReplace: 5}[kind]
		// a constant pattern (and match type) compiles once, in both the
		// case-folding and the exact variant
		var fixed [2]*regexp.Regexp
		var fixedErr error
		constant := isConstArg(args, 1) && (len(args) <= mtPos || isConstArg(args, mtPos))
		if constant {
			match := ""
			if len(args) > mtPos {
				match = TextOf(args[mtPos].(*constExpr).v)
			}
			pat := TextOf(args[1].(*constExpr).v)
			for i, fold := range []bool{false, true} {
				fixed[i], fixedErr = compileRegexp(pat, match, fold, fn)
				if fixedErr != nil {
					break
				}
			}
		}
		return &funcExpr{args: args, nullIn: true, typ: typ, fn: func(ctx *EvalCtx, a []Value) (Value, error) {
			binary := isBin(a[0]) || isBin(a[1])
			var re *regexp.Regexp
			if constant {
				if fixedErr != nil {
					return Value{}, fixedErr
				}
				re = fixed[0]
				if !binary {
					re = fixed[1]
				}
			} else {
				match := ""
				if len(a) > mtPos {
					match = TextOf(a[mtPos])
				}
				var err error
				if re, err = compileRegexp(TextOf(a[1]), match, !binary, fn); err != nil {
					return Value{}, err
				}
			}
			s := TextOf(a[0])
			if kind == regexpLike {
				return BoolValue(re.MatchString(s)), nil
			}
			// pos (characters, 1-based) is argument 3, or 4 for REGEXP_REPLACE
			posArg := 2
			if kind == regexpReplace {
				posArg = 3
			}
			pos := int64(1)
			if len(a) > posArg {
				pos = ToInt(ctx, a[posArg])
			}
			nChars := int64(utf8.RuneCountInString(s))
			if binary {
				nChars = int64(len(s))
			}
			if pos < 1 || pos > nChars+1 {
				return Value{}, mysqldef.NewError(mysqldef.ErrRegexpIndexOutOfBounds, "Index out of bounds in regular expression search.")
			}
			start := len(substrChars(s, binary, 0, int(pos-1)))
			occ := int64(1)
			if kind == regexpReplace {
				occ = 0
			}
			if len(a) > posArg+1 {
				occ = ToInt(ctx, a[posArg+1])
			}
			switch kind {
			case regexpInstr, regexpSubstr:
				if occ < 1 {
					occ = 1
				}
				retEnd := false
				if kind == regexpInstr && len(a) > 4 {
					switch ToInt(ctx, a[4]) {
					case 0:
					case 1:
						retEnd = true
					default:
						return Value{}, mysqldef.NewError(mysqldef.ErrWrongArguments, "Incorrect arguments to regexp_instr: return_option must be 1 or 0.")
					}
				}
				m := nthMatch(re, s, start, occ)
				if m == nil {
					if kind == regexpSubstr {
						return Value{}, nil
					}
					return IntValue(0), nil
				}
				if kind == regexpSubstr {
					return strResult(s[m[0]:m[1]], binary), nil
				}
				at := m[0]
				if retEnd {
					at = m[1]
				}
				if binary {
					return IntValue(int64(at) + 1), nil
				}
				return IntValue(int64(utf8.RuneCountInString(s[:at])) + 1), nil
			}
			repl := TextOf(a[2])
			var b strings.Builder
			b.WriteString(s[:start])
			last := start
			n := int64(0)
			for _, m := range re.FindAllStringSubmatchIndex(s[start:], -1) {
				n++
				if occ > 0 && n != occ {
					continue
				}
				b.WriteString(s[last : start+m[0]])
				expandReplacement(&b, repl, s, start, m)
				last = start + m[1]
			}
			b.WriteString(s[last:])
			if b.Len() > maxStringResult {
				return tooBig(ctx, fn), nil
			}
			return strResult(b.String(), binary || isBin(a[2])), nil
		}}, nil
	}
}

// isConstArg reports whether argument i is a non-NULL constant.
func isConstArg(args []Expr, i int) bool {
	k, ok := args[i].(*constExpr)
	return ok && k.v.k != KindNull
}

func compileRegexp(pat, match string, fold bool, fn string) (*regexp.Regexp, error) {
	prefix, err := regexpFlags(match, fold, fn)
	if err != nil {
		return nil, err
	}
	re, err := regexp.Compile(prefix + pat)
	if err != nil {
		return nil, mysqldef.NewError(mysqldef.ErrRegexpIllegal, "Illegal argument to a regular expression.")
	}
	return re, nil
}

// nthMatch finds the occ-th match at or after byte offset start.
func nthMatch(re *regexp.Regexp, s string, start int, occ int64) []int {
	for _, m := range re.FindAllStringIndex(s[start:], -1) {
		occ--
		if occ == 0 {
			return []int{m[0] + start, m[1] + start}
		}
	}
	return nil
}

// expandReplacement writes ICU-style replacement text: $n inserts group n,
// a backslash quotes the next character.
func expandReplacement(b *strings.Builder, repl, s string, base int, m []int) {
	groups := len(m)/2 - 1
	for i := 0; i < len(repl); i++ {
		c := repl[i]
		switch {
		case c == '\\' && i+1 < len(repl):
			i++
			b.WriteByte(repl[i])
		case c == '$' && i+1 < len(repl) && isDigit(repl[i+1]):
			g := int(repl[i+1] - '0')
			i++
			for i+1 < len(repl) && isDigit(repl[i+1]) && g*10+int(repl[i+1]-'0') <= groups {
				g = g*10 + int(repl[i+1]-'0')
				i++
			}
			if g <= groups && m[2*g] >= 0 {
				b.WriteString(s[base+m[2*g] : base+m[2*g+1]])
			}
		default:
			b.WriteByte(c)
		}
	}
}
