package expr

import (
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/cockroachdb/apd/v3"
	"github.com/loopdb/loopdb/mysqldef"
	"github.com/pingcap/tidb/pkg/parser/ast"
)

// Aggregates are lifted out of the SELECT's expressions: each aggregate
// call is replaced by a reference to a synthetic column `__agg__`.aN, whose
// value the grouping step computes; the rest of the expression then
// evaluates over [representative row of the group..., aggregate values...].
const AggTable = "__agg__"

// AggSpec is one aggregate call.
type AggSpec struct {
	fn       string // count, sum, avg, min, max, group_concat, bit_and, bit_or, bit_xor
	args     []Expr
	distinct bool
	sep      string
	typ      ColumnType
	order    []Expr // GROUP_CONCAT ... ORDER BY: sort keys, over the source row
	desc     []bool
	json     bool // JSON_ARRAYAGG, JSON_OBJECTAGG: NULL arguments count
	// countRows: COUNT of a constant that is not NULL (COUNT(*) is
	// COUNT(1)): Add counts the row without evaluating anything.
	countRows bool
}

// Type is the aggregate's result type.
func (a *AggSpec) Type() ColumnType { return a.typ }

// LiftAggregates rewrites e, appending the aggregates it finds to specs
// (their argument ASTs are returned for compilation in the source scope).
func LiftAggregates(e ast.ExprNode, calls *[]*ast.AggregateFuncExpr) ast.ExprNode {
	if e == nil {
		return nil
	}
	n, _ := e.Accept(&aggLifter{calls: calls})
	return n.(ast.ExprNode)
}

type aggLifter struct{ calls *[]*ast.AggregateFuncExpr }

func (l *aggLifter) Enter(n ast.Node) (ast.Node, bool) {
	switch n.(type) {
	case *ast.AggregateFuncExpr:
		return n, true // do not descend into an aggregate's arguments
	case *ast.SubqueryExpr:
		return n, true // a subquery's aggregates are its own
	}
	return n, false
}

func (l *aggLifter) Leave(n ast.Node) (ast.Node, bool) {
	a, ok := n.(*ast.AggregateFuncExpr)
	if !ok {
		return n, true
	}
	name := SyntheticName("a" + strconv.Itoa(len(*l.calls)))
	*l.calls = append(*l.calls, a)
	return &ast.ColumnNameExpr{Name: &ast.ColumnName{Table: ast.NewCIStr(AggTable), Name: ast.NewCIStr(name)}}, true
}

// HasAggregate reports whether e contains an aggregate call.
func HasAggregate(e ast.ExprNode) bool {
	if e == nil {
		return false
	}
	f := &aggFinder{}
	e.Accept(f)
	return f.found
}

type aggFinder struct{ found bool }

func (f *aggFinder) Enter(n ast.Node) (ast.Node, bool) {
	switch n.(type) {
	case *ast.AggregateFuncExpr:
		f.found = true
	case *ast.SubqueryExpr:
		return n, true // a subquery's aggregates are its own
	}
	return n, f.found
}

func (f *aggFinder) Leave(n ast.Node) (ast.Node, bool) { return n, true }

// CompileAgg compiles an aggregate call's arguments in the source scope.
func CompileAgg(a *ast.AggregateFuncExpr, scope *Scope) (*AggSpec, error) {
	spec := &AggSpec{fn: strings.ToLower(a.F), distinct: a.Distinct, sep: ","}
	args := a.Args
	switch spec.fn {
	case "count", "sum", "avg", "min", "max", "bit_and", "bit_or", "bit_xor":
	case "json_arrayagg", "json_objectagg":
		if err := checkJSONAggArgs(spec, args); err != nil {
			return nil, err
		}
	case "group_concat":
		if len(args) > 1 { // the parser passes the separator last
			if v, err := Compile(args[len(args)-1], nil); err == nil {
				if sv, err := v.Eval(&EvalCtx{}, nil); err == nil {
					spec.sep = TextOf(sv)
				}
			}
			args = args[:len(args)-1]
		}
		if a.Order != nil {
			for _, it := range a.Order.Items {
				e := it.Expr
				// ORDER BY n names the n-th concatenated expression.
				if pos, ok := e.(*ast.PositionExpr); ok {
					if pos.N < 1 || pos.N > len(args) {
						return nil, mysqldef.NewError(mysqldef.ErrBadField, "Unknown column '%d' in 'order clause'", pos.N)
					}
					e = args[pos.N-1]
				}
				x, err := Compile(e, scope)
				if err != nil {
					return nil, err
				}
				spec.order = append(spec.order, x)
				spec.desc = append(spec.desc, it.Desc)
			}
		}
	default:
		return nil, Unsupported("aggregate function " + strings.ToUpper(a.F))
	}
	for _, arg := range args {
		x, err := Compile(arg, scope)
		if err != nil {
			return nil, err
		}
		if strings.HasPrefix(spec.fn, "bit_") {
			x = numericContext(x) // a hex literal is its number here
		}
		spec.args = append(spec.args, x)
	}
	if len(spec.args) == 0 {
		return nil, mysqldef.NewError(mysqldef.ErrWrongParamcountToNativeFct, "Incorrect parameter count in the call to native function '%s'", a.F)
	}
	spec.typ = aggType(spec)
	if spec.fn == "count" && !spec.distinct && len(spec.args) == 1 {
		if k, ok := spec.args[0].(*constExpr); ok && k.v.k != KindNull {
			spec.countRows = true // COUNT(*), COUNT(1): every row counts
		}
	}
	return spec, nil
}

func aggType(a *AggSpec) ColumnType {
	arg := a.args[0].Type()
	switch a.fn {
	case "count":
		return ColumnType{Type: mysqldef.TypeLongLong, Length: 21, Flags: mysqldef.FlagBinary | mysqldef.FlagNum | mysqldef.FlagNotNull, Collation: mysqldef.CollationBinary}
	case "sum", "avg":
		// JSON counts as a DOUBLE in a numeric context, as in MySQL: summed as decimals, a
		// JSON 1e308 needed 309 digits and failed with apd's "invalid operation" (1105).
		if arg.Type == mysqldef.TypeDouble || arg.Type == mysqldef.TypeFloat || arg.Type == mysqldef.TypeJSON || arg.isStringType() {
			return ColumnType{Type: mysqldef.TypeDouble, Length: 23, Decimals: notFixedDec, Flags: mysqldef.FlagBinary | mysqldef.FlagNum, Collation: mysqldef.CollationBinary}
		}
		dec := int(arg.Decimals)
		if dec == notFixedDec {
			dec = 0
		}
		if a.fn == "avg" {
			dec = min(dec+4, 30)
		}
		return ColumnType{Type: mysqldef.TypeNewDecimal, Length: uint32(min(65, int(arg.Length)+22)), Decimals: uint8(dec), Flags: mysqldef.FlagBinary | mysqldef.FlagNum, Collation: mysqldef.CollationBinary}
	case "group_concat":
		return ColumnType{Type: mysqldef.TypeBlob, Length: 1024 * 4, Flags: mysqldef.FlagBlob, Collation: mysqldef.CollationUTF8MB40900}
	case "json_arrayagg", "json_objectagg":
		return jsonTypeOf(true)
	case "bit_and", "bit_or", "bit_xor":
		return uintType(21, false) // never NULL: an empty group has the identity
	}
	arg.Flags &^= mysqldef.FlagNotNull | mysqldef.FlagPriKey | mysqldef.FlagUniqueKey | mysqldef.FlagMultipleKey | mysqldef.FlagAutoIncrement
	return arg // min, max
}

// AggState accumulates one aggregate over one group.
type AggState struct {
	spec  *AggSpec
	count int64
	sum   apd.Decimal
	isum  int64 // integers summed exactly ahead of sum (foldInts moves them in)
	fsum  float64
	float bool
	best  Value
	bits  uint64 // BIT_AND/OR/XOR so far
	text  strings.Builder
	seen  map[string]struct{}
	// seenInts is DISTINCT's set while every value has been one integer
	// argument that fits an int64 (the common COUNT(DISTINCT id)): a map
	// of integers costs less than one of their group keys. The first other
	// value moves them into seen (seenBefore).
	seenInts map[int64]struct{}
	notInts  bool
	// GROUP_CONCAT: with ORDER BY the pieces wait for the sort; without,
	// text collects them until group_concat_max_len is passed.
	pieces []gcPiece
	bytes  int
	limit  int // group_concat_max_len, read at the first row
	cut    bool
	// JSON_ARRAYAGG's elements, JSON_OBJECTAGG's members (aggregate_json.go)
	jsonArr []any
	jsonObj map[string]any

	args   []Value // one row's argument values, reused row to row
	keyBuf []byte  // DISTINCT: one row's key, reused row to row
}

// gcPiece is one row's GROUP_CONCAT text and sort keys.
type gcPiece struct {
	text string
	keys []Value
}

func NewAggStates(specs []*AggSpec) []*AggState {
	out := make([]*AggState, len(specs))
	for i, sp := range specs {
		out[i] = &AggState{spec: sp}
		if sp.distinct {
			out[i].seen = make(map[string]struct{})
		}
	}
	return out
}

// Reset empties the state for another group of the same aggregate. It
// keeps only scratch space (the argument list, the DISTINCT key buffer and
// set): a result already taken (Result) shares nothing with it.
func (st *AggState) Reset() {
	seen, ints := st.seen, st.seenInts
	clear(seen)
	clear(ints)
	*st = AggState{spec: st.spec, seen: seen, seenInts: ints, args: st.args[:0], keyBuf: st.keyBuf[:0]}
}

// seenBefore reports whether DISTINCT has had vals already, and notes
// them if not. DISTINCT compares as SQL does ('a' and 'A' are one value
// under a case-insensitive collation): by group key, built in a reused
// buffer and looked up without a copy, so that only a new value's key is
// allocated; or, while every value is one integer, by the integer (an
// int64 and a uint64 below 2^63 of one value have one group key).
func (st *AggState) seenBefore(vals []Value) bool {
	if !st.notInts && len(vals) == 1 {
		if n, ok := int64Of(vals[0]); ok {
			if st.seenInts == nil {
				st.seenInts = map[int64]struct{}{}
			}
			if _, dup := st.seenInts[n]; dup {
				return true
			}
			st.seenInts[n] = struct{}{}
			return false
		}
	}
	if !st.notInts {
		// From here on, group keys only: the integers seen so far move.
		st.notInts = true
		for n := range st.seenInts {
			st.seen[string(AppendGroupKey(nil, []Value{IntValue(n)}))] = struct{}{}
		}
		st.seenInts = nil
	}
	st.keyBuf = AppendGroupKey(st.keyBuf[:0], vals)
	if _, dup := st.seen[string(st.keyBuf)]; dup {
		return true
	}
	st.seen[string(st.keyBuf)] = struct{}{}
	return false
}

// int64Of is v as an int64 when it is an integer that fits one.
func int64Of(v Value) (int64, bool) {
	switch {
	case v.k == KindInt:
		return int64(v.Bits()), true
	case v.k == KindUint && v.Bits() <= 1<<63-1:
		return int64(v.Bits()), true
	}
	return 0, false
}

// Add feeds one source row.
func (st *AggState) Add(ctx *EvalCtx, row []Value) error {
	if st.spec.countRows {
		st.count++
		return nil
	}
	var first Value
	if cap(st.args) < len(st.spec.args) {
		st.args = make([]Value, len(st.spec.args))
	}
	vals := st.args[:len(st.spec.args)]
	for i, a := range st.spec.args {
		v, err := a.Eval(ctx, row)
		if err != nil {
			return err
		}
		vals[i] = v
	}
	if st.spec.json {
		return st.addJSON(vals) // NULLs are JSON nulls here
	}
	for _, v := range vals {
		if v.IsNull() {
			return nil // aggregates skip NULLs (any NULL argument for COUNT(a, b))
		}
	}
	first = vals[0]
	if st.seen != nil && st.seenBefore(vals) {
		return nil
	}
	st.count++
	switch st.spec.fn {
	case "sum", "avg":
		if st.spec.typ.Type == mysqldef.TypeDouble {
			st.float = true
			st.fsum += ToFloat(ctx, first)
			return nil
		}
		if first.k == KindInt {
			// SUM over an integer column: exact int64 arithmetic, no
			// decimal per row, until it would overflow.
			if s, ok := addInt64(st.isum, first.Int()); ok {
				st.isum = s
				return nil
			}
			if err := st.foldInts(); err != nil {
				return err
			}
		}
		_, err := DecimalContext.Add(&st.sum, &st.sum, ToDecimal(ctx, first))
		return err
	case "min":
		if st.count == 1 || CompareValues(ctx, first, st.best) < 0 {
			st.best = first
		}
	case "max":
		if st.count == 1 || CompareValues(ctx, first, st.best) > 0 {
			st.best = first
		}
	case "group_concat":
		return st.addConcat(ctx, row, vals)
	case "bit_and":
		if u := ToUint(ctx, first); st.count == 1 {
			st.bits = u
		} else {
			st.bits &= u
		}
	case "bit_or":
		st.bits |= ToUint(ctx, first)
	case "bit_xor":
		st.bits ^= ToUint(ctx, first)
	}
	return nil
}

func (st *AggState) addConcat(ctx *EvalCtx, row []Value, vals []Value) error {
	if st.limit == 0 {
		st.limit = groupConcatMaxLen(ctx)
	}
	if len(st.spec.order) == 0 {
		if st.text.Len() > st.limit {
			st.cut = true // already past the limit: the rest is cut anyway
			return nil
		}
		if st.count > 1 {
			st.text.WriteString(st.spec.sep)
		}
		for _, v := range vals {
			st.text.WriteString(TextOf(v))
		}
		return nil
	}
	var b strings.Builder
	for _, v := range vals {
		b.WriteString(TextOf(v))
	}
	p := gcPiece{text: b.String(), keys: make([]Value, len(st.spec.order))}
	for i, x := range st.spec.order {
		v, err := x.Eval(ctx, row)
		if err != nil {
			return err
		}
		p.keys[i] = v
	}
	st.bytes += len(p.text) + 48*len(p.keys)
	if st.bytes > MaxResultMemory {
		return mysqldef.NewError(mysqldef.ErrOutOfSortMemory, "Out of sort memory, consider increasing server sort buffer size (GROUP_CONCAT ... ORDER BY may buffer %d MB)", MaxResultMemory>>20)
	}
	st.pieces = append(st.pieces, p)
	return nil
}

// groupConcatMaxLen is the session's group_concat_max_len (default 1024).
func groupConcatMaxLen(ctx *EvalCtx) int {
	limit := 1024
	if ctx.Env != nil {
		if v, err := ctx.Env.SystemVar("group_concat_max_len", false); err == nil && !v.IsNull() {
			if n := ToInt(ctx, v); n > 0 {
				limit = int(min(n, int64(MaxResultMemory)))
			}
		}
	}
	return limit
}

// concatResult is the group's GROUP_CONCAT value: the pieces in ORDER BY
// order (NULL keys first ascending, last descending), cut to
// group_concat_max_len bytes at a character boundary with warning 1260.
func (st *AggState) concatResult(ctx *EvalCtx) Value {
	s := st.text.String()
	if len(st.spec.order) > 0 {
		sort.SliceStable(st.pieces, func(a, b int) bool {
			ka, kb := st.pieces[a].keys, st.pieces[b].keys
			for i := range ka {
				c := CompareForSort(ctx, ka[i], kb[i])
				if c != 0 {
					return (c < 0) != st.spec.desc[i]
				}
			}
			return false
		})
		var b strings.Builder
		for i, p := range st.pieces {
			if b.Len() > st.limit {
				break
			}
			if i > 0 {
				b.WriteString(st.spec.sep)
			}
			b.WriteString(p.text)
		}
		s = b.String()
	}
	if len(s) > st.limit || st.cut {
		if len(s) > st.limit {
			n := st.limit
			for n > 0 && !utf8.RuneStart(s[n]) {
				n-- // do not split a character
			}
			s = s[:n]
		}
		ctx.Warn(mysqldef.ErrCutValueGroupConcat, "Row 1 was cut by GROUP_CONCAT()")
	}
	return StringValue(s)
}

// Result is the aggregate's value for the group.
func (st *AggState) Result(ctx *EvalCtx) (Value, error) {
	switch st.spec.fn {
	case "count":
		return IntValue(st.count), nil
	case "min", "max":
		return st.best, nil
	case "bit_and":
		if st.count == 0 {
			return UintValue(^uint64(0)), nil // all bits set, as MySQL
		}
		return UintValue(st.bits), nil
	case "bit_or", "bit_xor":
		return UintValue(st.bits), nil
	case "group_concat":
		if st.count == 0 {
			return Value{}, nil
		}
		return st.concatResult(ctx), nil
	case "json_arrayagg", "json_objectagg":
		return st.jsonResult(), nil
	}
	if st.count == 0 {
		return Value{}, nil
	}
	if st.float {
		if st.spec.fn == "avg" {
			return FloatValue(st.fsum / float64(st.count)), nil
		}
		return FloatValue(st.fsum), nil
	}
	if err := st.foldInts(); err != nil {
		return Value{}, err
	}
	sum := new(apd.Decimal).Set(&st.sum)
	scale := int(st.spec.typ.Decimals)
	if st.spec.fn == "avg" {
		q := new(apd.Decimal)
		if _, err := DecimalContext.Quo(q, sum, apd.New(st.count, 0)); err != nil {
			return Value{}, err
		}
		sum = q
	}
	r, err := RoundDecimal(sum, scale)
	if err != nil {
		return Value{}, err
	}
	return DecimalValue(r), nil
}

// MaxResultMemory is tmp_table_size's default: what a statement may buffer
// for ORDER BY, GROUP BY and DISTINCT.
const MaxResultMemory = 256 << 20

// foldInts adds the integers summed so far to the decimal sum.
func (st *AggState) foldInts() error {
	if st.isum == 0 {
		return nil
	}
	_, err := DecimalContext.Add(&st.sum, &st.sum, apd.New(st.isum, 0))
	st.isum = 0
	return err
}

// addInt64 is a+b, and false when that overflows int64.
func addInt64(a, b int64) (int64, bool) {
	s := a + b
	if (s > a) != (b > 0) {
		return s, false
	}
	return s, true
}
