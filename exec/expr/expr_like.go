package expr

import (
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/loopdb/loopdb/mysqldef"
	"github.com/pingcap/tidb/pkg/parser/ast"
)

// mysqldef.ErrRegexpIllegal is ER_REGEXP_ILLEGAL_ARGUMENT (codec does not name it).

// likeToken is one compiled LIKE pattern element.
type likeToken struct {
	kind byte // 'c' literal rune, '_' one rune, '%' any run
	r    rune
}

// CompileLikePattern splits a pattern at % and _, honouring escape.
func CompileLikePattern(p string, escape rune) []likeToken {
	toks := make([]likeToken, 0, len(p))
	for i := 0; i < len(p); {
		r, n := utf8.DecodeRuneInString(p[i:])
		i += n
		switch {
		case r == escape && i < len(p):
			r2, n2 := utf8.DecodeRuneInString(p[i:])
			i += n2
			toks = append(toks, likeToken{kind: 'c', r: r2})
		case r == '%':
			if len(toks) == 0 || toks[len(toks)-1].kind != '%' {
				toks = append(toks, likeToken{kind: '%'})
			}
		case r == '_':
			toks = append(toks, likeToken{kind: '_'})
		default:
			toks = append(toks, likeToken{kind: 'c', r: r})
		}
	}
	return toks
}

// LikeMatch matches s against toks; fold selects the case- and
// accent-insensitive collation, else bytes (runes) compare exactly. It
// backtracks only to the last %, so it runs in O(len(s)*len(toks)).
func LikeMatch(s string, toks []likeToken, fold bool) bool {
	si, ti := 0, 0
	starT, starS := -1, 0
	for si < len(s) {
		if ti < len(toks) {
			t := toks[ti]
			switch t.kind {
			case '%':
				starT, starS = ti, si
				ti++
				continue
			case '_':
				_, n := decodeRune(s[si:])
				si += n
				ti++
				continue
			default:
				r, n := decodeRune(s[si:])
				if r == t.r || (fold && foldRune(r) == foldRune(t.r)) {
					si += n
					ti++
					continue
				}
			}
		}
		if starT < 0 {
			return false
		}
		_, n := decodeRune(s[starS:])
		starS += n
		si = starS
		ti = starT + 1
	}
	for ti < len(toks) && toks[ti].kind == '%' {
		ti++
	}
	return ti == len(toks)
}

type likeExpr struct {
	arg, pat Expr
	escape   rune
	not      bool
	constPat []likeToken // precompiled when the pattern is a constant
	hasConst bool
	lit      *likeLiteral // the constant pattern is one literal (likeLiteral), or nil
}

func (c *compiler) compileLike(x *ast.PatternLikeOrIlikeExpr) (Expr, error) {
	arg, err := c.compile(x.Expr)
	if err != nil {
		return nil, err
	}
	pat, err := c.compile(x.Pattern)
	if err != nil {
		return nil, err
	}
	esc := rune(x.Escape)
	if esc == 0 {
		esc = '\\'
	}
	e := &likeExpr{arg: arg, pat: pat, escape: esc, not: x.Not}
	if k, ok := pat.(*constExpr); ok && k.v.k != KindNull {
		e.constPat = CompileLikePattern(TextOf(k.v), esc)
		e.hasConst = true
		if l, ok := likeLiteralOf(e.constPat); ok {
			e.lit = &l
		}
	}
	// ILIKE (x.IsLike false) is case-insensitive, which our text LIKE already is.
	return e, nil
}

func (e *likeExpr) Type() ColumnType {
	return BoolType(e.arg.Type().Nullable() || e.pat.Type().Nullable())
}

func (e *likeExpr) Eval(ctx *EvalCtx, row []Value) (Value, error) {
	v, err := e.arg.Eval(ctx, row)
	if err != nil || v.k == KindNull {
		return Value{}, err
	}
	p, err := e.pat.Eval(ctx, row)
	if err != nil || p.k == KindNull {
		return Value{}, err
	}
	toks := e.constPat
	if !e.hasConst {
		toks = CompileLikePattern(TextOf(p), e.escape)
	}
	fold := v.k != KindBytes && p.k != KindBytes
	s := TextOf(v)
	if e.lit != nil {
		if m, ok := e.lit.match(s, fold); ok {
			return BoolValue(m != e.not), nil
		}
	}
	return BoolValue(LikeMatch(s, toks, fold) != e.not), nil
}

// regexpExpr is REGEXP / RLIKE (Go's RE2 syntax, which covers the common
// ICU patterns); case-insensitive unless a side is binary.
type regexpExpr struct {
	arg, pat Expr
	not      bool
	constRe  [2]*regexp.Regexp // [fold, exact] for a constant pattern
}

func (c *compiler) compileRegexp(x *ast.PatternRegexpExpr) (Expr, error) {
	arg, err := c.compile(x.Expr)
	if err != nil {
		return nil, err
	}
	pat, err := c.compile(x.Pattern)
	if err != nil {
		return nil, err
	}
	e := &regexpExpr{arg: arg, pat: pat, not: x.Not}
	if k, ok := pat.(*constExpr); ok && k.v.k != KindNull {
		s := TextOf(k.v)
		re1, err1 := regexp.Compile("(?i)" + s)
		re2, err2 := regexp.Compile(s)
		if err1 != nil || err2 != nil {
			return nil, mysqldef.NewError(mysqldef.ErrRegexpIllegal, "Illegal argument to a regular expression.")
		}
		e.constRe = [2]*regexp.Regexp{re1, re2}
	}
	return e, nil
}

func (e *regexpExpr) Type() ColumnType {
	return BoolType(e.arg.Type().Nullable() || e.pat.Type().Nullable())
}

func (e *regexpExpr) Eval(ctx *EvalCtx, row []Value) (Value, error) {
	v, err := e.arg.Eval(ctx, row)
	if err != nil || v.k == KindNull {
		return Value{}, err
	}
	p, err := e.pat.Eval(ctx, row)
	if err != nil || p.k == KindNull {
		return Value{}, err
	}
	exact := v.k == KindBytes || p.k == KindBytes
	re := e.constRe[0]
	if exact {
		re = e.constRe[1]
	}
	if re == nil {
		src := TextOf(p)
		if !exact {
			src = "(?i)" + src
		}
		re, err = regexp.Compile(src)
		if err != nil {
			return Value{}, mysqldef.NewError(mysqldef.ErrRegexpIllegal, "Illegal argument to a regular expression.")
		}
	}
	return BoolValue(re.MatchString(TextOf(v)) != e.not), nil
}

// collateExpr is expr COLLATE name: a *_bin or binary collation makes the
// value compare exactly; other collations keep our default.
type collateExpr struct {
	arg   Expr
	exact bool
	typ   ColumnType
}

func (c *compiler) compileCollate(x *ast.SetCollationExpr) (Expr, error) {
	arg, err := c.compile(x.Expr)
	if err != nil {
		return nil, err
	}
	name := strings.ToLower(x.Collate)
	if !strings.HasPrefix(name, "utf8") && name != "binary" && !strings.HasPrefix(name, "latin1") && !strings.HasPrefix(name, "ascii") {
		return nil, mysqldef.NewError(mysqldef.ErrUnknownCollation, "Unknown collation: '%s'", x.Collate)
	}
	typ := arg.Type()
	exact := strings.HasSuffix(name, "_bin") || name == "binary"
	if typ.isStringType() && name == "utf8mb4_bin" {
		typ.Collation = mysqldef.CollationUTF8MB4Bin
	}
	return &collateExpr{arg: arg, exact: exact, typ: typ}, nil
}

func (e *collateExpr) Type() ColumnType { return e.typ }

func (e *collateExpr) Eval(ctx *EvalCtx, row []Value) (Value, error) {
	v, err := e.arg.Eval(ctx, row)
	if err != nil || !e.exact || v.k != KindString {
		return v, err
	}
	return BinaryStringValue(v.s), nil
}
