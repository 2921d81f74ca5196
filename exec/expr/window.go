package expr

import (
	"strings"

	"github.com/loopdb/loopdb/mysqldef"
	"github.com/pingcap/tidb/pkg/parser/ast"
)

// Window functions. The planner (exec/plan, window*.go) sorts a
// statement's rows into partitions and works out each row's peers and
// frame; the definitions here turn one partition into each row's value.
// A window function never changes how many rows there are: it reads the
// partition and writes one value per row.

// WindowFunc is one compiled window function call (its OVER clause is the
// planner's business).
type WindowFunc struct {
	Name string // lower case: row_number, rank, ..., or an aggregate's name
	args []Expr // over the pre-window row
	agg  *AggSpec
	typ  ColumnType
}

// ErrWindowMisuse is MySQL's 3593 for a window function where none may be:
// WHERE, GROUP BY, HAVING, or inside another window function's arguments.
// (MySQL's message has the stray quote at its end.)
func ErrWindowMisuse(name string) error {
	return mysqldef.NewError(mysqldef.ErrWindowInvalidFuncUse, "You cannot use the window function '%s' in this context.'", strings.ToLower(name))
}

// wrongArgs is 1210, what MySQL answers for NTILE(0), LAG(x, -1),
// NTH_VALUE(x, 0) and their NULL or non-integral arguments.
func wrongArgs(name string) error {
	return mysqldef.NewError(mysqldef.ErrWrongArguments, "Incorrect arguments to %s", strings.ToLower(name))
}

// IsFraming reports whether the function reads the window's frame:
// aggregates and FIRST/LAST/NTH_VALUE do; ranking functions, NTILE,
// LAG and LEAD read the whole partition whatever the frame says.
func (f *WindowFunc) IsFraming() bool {
	switch f.Name {
	case "row_number", "rank", "dense_rank", "percent_rank", "cume_dist", "ntile", "lag", "lead":
		return false
	}
	return true
}

// Type is the function's result type, as MySQL reports it.
func (f *WindowFunc) Type() ColumnType { return f.typ }

// CompileWindowFunc compiles a window function's arguments over scope
// (the rows the window reads: after WHERE, or the groups after GROUP BY).
func CompileWindowFunc(w *ast.WindowFuncExpr, scope *Scope) (*WindowFunc, error) {
	f := &WindowFunc{Name: strings.ToLower(w.Name)}
	if w.IgnoreNull {
		return nil, Unsupported("IGNORE NULLS")
	}
	if w.FromLast {
		return nil, Unsupported("FROM LAST")
	}
	if w.Distinct {
		// MySQL 8 has no DISTINCT in a windowed aggregate either.
		return nil, mysqldef.NewError(mysqldef.ErrNotSupportedYet, "This version of MySQL doesn't yet support '<window function>(DISTINCT ..)'")
	}
	for _, a := range w.Args {
		if HasWindowCall(a) {
			return nil, ErrWindowMisuse(nestedWindowName(a))
		}
	}
	switch f.Name {
	case "row_number", "rank", "dense_rank":
		f.typ = uintType(21, false)
	case "percent_rank", "cume_dist":
		f.typ = doubleType(0, false)
	case "ntile":
		f.typ = uintType(21, true)
	case "lag", "lead", "first_value", "last_value", "nth_value":
		f.typ = ColumnType{}
	case "count", "sum", "avg", "min", "max", "bit_and", "bit_or", "bit_xor":
		spec, err := CompileAgg(&ast.AggregateFuncExpr{F: f.Name, Args: w.Args}, scope)
		if err != nil {
			return nil, err
		}
		f.agg, f.typ = spec, spec.Type()
		return f, nil
	default:
		return nil, Unsupported("window function " + strings.ToUpper(w.Name))
	}
	for i, a := range w.Args {
		x, err := Compile(a, scope)
		if constantArg(f.Name, i) {
			// NTILE's n, LAG/LEAD's offset and NTH_VALUE's n are constants
			// (a parameter marker included): they are evaluated once, on
			// no row, so a column there is MySQL's 1210.
			var env SessionEnv
			if scope != nil {
				env = scope.Env
			}
			x, err = Compile(a, &Scope{Env: env})
			if err != nil {
				return nil, wrongArgs(f.Name)
			}
		}
		if err != nil {
			return nil, err
		}
		f.args = append(f.args, x)
	}
	args := f.args
	if len(args) > 0 && f.typ.Type == 0 {
		// LAG/LEAD/FIRST_VALUE/...: the argument's type, NULL when out of
		// reach or past the frame.
		f.typ = args[0].Type().withNull(true)
		f.typ.Flags &^= mysqldef.FlagPriKey | mysqldef.FlagUniqueKey | mysqldef.FlagMultipleKey | mysqldef.FlagAutoIncrement
	}
	return f, nil
}

// WindowPartition is one partition, its rows in window order, as the
// window functions read it.
type WindowPartition struct {
	Rows [][]Value // the pre-window rows
	// PeerStart[i] and PeerEnd[i] bound row i's peers (rows equal on the
	// window's ORDER BY; without ORDER BY, the whole partition): [start, end).
	PeerStart, PeerEnd []int
	// Frame gives row i's frame [lo, hi) (empty when lo >= hi).
	Frame func(i int) (lo, hi int)
}

// Compute evaluates f for every row of part, handing each value to set.
func (f *WindowFunc) Compute(ctx *EvalCtx, part *WindowPartition, set func(i int, v Value)) error {
	n := len(part.Rows)
	switch f.Name {
	case "row_number":
		for i := 0; i < n; i++ {
			set(i, UintValue(uint64(i+1)))
		}
	case "rank":
		for i := 0; i < n; i++ {
			set(i, UintValue(uint64(part.PeerStart[i]+1)))
		}
	case "dense_rank":
		var r uint64
		for i := 0; i < n; i++ {
			if part.PeerStart[i] == i {
				r++
			}
			set(i, UintValue(r))
		}
	case "percent_rank":
		for i := 0; i < n; i++ {
			v := 0.0
			if n > 1 {
				v = float64(part.PeerStart[i]) / float64(n-1)
			}
			set(i, FloatValue(v))
		}
	case "cume_dist":
		for i := 0; i < n; i++ {
			set(i, FloatValue(float64(part.PeerEnd[i])/float64(n)))
		}
	case "ntile":
		return f.ntile(ctx, part, set)
	case "lag", "lead":
		return f.lagLead(ctx, part, set)
	case "first_value", "last_value", "nth_value":
		return f.frameValue(ctx, part, set)
	default:
		return f.aggregate(ctx, part, set)
	}
	return nil
}

// constantArg tells the arguments that must be constants.
func constantArg(name string, i int) bool {
	switch name {
	case "ntile":
		return i == 0
	case "lag", "lead", "nth_value":
		return i == 1
	}
	return false
}

// constArg evaluates argument i, which MySQL wants a non-negative integer
// constant (NTILE's bucket count, LAG's offset, NTH_VALUE's position).
func (f *WindowFunc) constArg(ctx *EvalCtx, i int, positive bool) (int64, error) {
	v, err := f.args[i].Eval(ctx, nil)
	if err != nil {
		return 0, err
	}
	switch v.Kind() {
	case KindInt, KindUint:
	default:
		return 0, wrongArgs(f.Name)
	}
	if v.Kind() == KindUint && v.Uint() > 1<<62 {
		return 0, wrongArgs(f.Name)
	}
	n := ToInt(ctx, v)
	if n < 0 || (positive && n == 0) {
		return 0, wrongArgs(f.Name)
	}
	return n, nil
}

// ntile deals the partition's rows into k buckets as evenly as possible,
// the first n mod k buckets one row larger.
func (f *WindowFunc) ntile(ctx *EvalCtx, part *WindowPartition, set func(int, Value)) error {
	k, err := f.constArg(ctx, 0, true)
	if err != nil {
		return err
	}
	n := int64(len(part.Rows))
	size, extra := n/k, n%k
	for i := int64(0); i < n; i++ {
		var bucket int64
		if i < extra*(size+1) {
			bucket = i / (size + 1)
		} else {
			bucket = extra + (i-extra*(size+1))/max(size, 1)
		}
		set(int(i), UintValue(uint64(bucket+1)))
	}
	return nil
}

// lagLead reads the argument n rows before (LAG) or after (LEAD) the
// current row, the default (evaluated on the current row) past the
// partition's edge.
func (f *WindowFunc) lagLead(ctx *EvalCtx, part *WindowPartition, set func(int, Value)) error {
	off := int64(1)
	if len(f.args) > 1 {
		var err error
		if off, err = f.constArg(ctx, 1, false); err != nil {
			return err
		}
	}
	if f.Name == "lag" {
		off = -off
	}
	n := int64(len(part.Rows))
	for i := int64(0); i < n; i++ {
		var v Value
		var err error
		if j := i + off; j >= 0 && j < n {
			v, err = f.args[0].Eval(ctx, part.Rows[j])
		} else if len(f.args) > 2 {
			v, err = f.args[2].Eval(ctx, part.Rows[i])
		}
		if err != nil {
			return err
		}
		set(int(i), v)
	}
	return nil
}

// frameValue is FIRST_VALUE, LAST_VALUE and NTH_VALUE: one row of the
// frame, NULL when the frame is empty or shorter than n.
func (f *WindowFunc) frameValue(ctx *EvalCtx, part *WindowPartition, set func(int, Value)) error {
	nth := int64(1)
	if f.Name == "nth_value" {
		var err error
		if nth, err = f.constArg(ctx, 1, true); err != nil {
			return err
		}
	}
	for i := range part.Rows {
		lo, hi := part.Frame(i)
		lo, hi = max(lo, 0), min(hi, len(part.Rows))
		j := -1
		switch {
		case lo >= hi:
		case f.Name == "last_value":
			j = hi - 1
		case int64(hi-lo) >= nth:
			j = lo + int(nth) - 1
		}
		var v Value
		if j >= 0 {
			var err error
			if v, err = f.args[0].Eval(ctx, part.Rows[j]); err != nil {
				return err
			}
		}
		set(i, v)
	}
	return nil
}

// aggregate computes SUM/COUNT/AVG/MIN/MAX over each row's frame. Frames
// that start at the partition's first row (the default ones) only grow, so
// one running state serves the whole partition; a sliding frame is
// aggregated afresh per row (cost: rows x frame width).
func (f *WindowFunc) aggregate(ctx *EvalCtx, part *WindowPartition, set func(int, Value)) error {
	n := len(part.Rows)
	running := true
	for i := 0; i < n && running; i++ {
		lo, _ := part.Frame(i)
		running = lo == 0
	}
	if running {
		st := NewAggStates([]*AggSpec{f.agg})[0]
		added := 0
		for i := 0; i < n; i++ {
			_, hi := part.Frame(i)
			for ; added < hi; added++ {
				if err := st.Add(ctx, part.Rows[added]); err != nil {
					return err
				}
			}
			v, err := st.Result(ctx)
			if err != nil {
				return err
			}
			set(i, v)
		}
		return nil
	}
	for i := 0; i < n; i++ {
		if i%1024 == 1023 && ctx.Env != nil && ctx.Env.Killed() {
			return mysqldef.NewError(mysqldef.ErrQueryInterrupted, "Query execution was interrupted")
		}
		lo, hi := part.Frame(i)
		st := NewAggStates([]*AggSpec{f.agg})[0]
		for j := max(lo, 0); j < min(hi, n); j++ {
			if err := st.Add(ctx, part.Rows[j]); err != nil {
				return err
			}
		}
		v, err := st.Result(ctx)
		if err != nil {
			return err
		}
		set(i, v)
	}
	return nil
}

// HasWindowCall reports a window function call in e (outside subqueries,
// whose window functions are their own).
func HasWindowCall(e ast.Node) bool { return nestedWindowName(e) != "" }

// nestedWindowName is the name of the first window function call in e, or "".
func nestedWindowName(e ast.Node) string {
	v := &windowCallFinder{}
	e.Accept(v)
	return v.name
}

type windowCallFinder struct{ name string }

func (v *windowCallFinder) Enter(n ast.Node) (ast.Node, bool) {
	switch x := n.(type) {
	case *ast.WindowFuncExpr:
		v.name = x.Name
	case *ast.SubqueryExpr, *ast.ExistsSubqueryExpr:
		return n, true
	}
	return n, v.name != ""
}

func (v *windowCallFinder) Leave(n ast.Node) (ast.Node, bool) { return n, true }
