package expr

import (
	"errors"
	"strings"
	"testing"

	"github.com/loopdb/loopdb/mysqldef"
	"github.com/pingcap/tidb/pkg/parser"
	"github.com/pingcap/tidb/pkg/parser/ast"
)

// windowCall parses "SELECT <call>" and compiles the call over one INT column x.
func windowCall(t *testing.T, call string) (*WindowFunc, error) {
	t.Helper()
	stmt, err := parser.New().ParseOneStmt("SELECT "+call+" FROM t", "", "")
	if err != nil {
		t.Fatal(err)
	}
	w := stmt.(*ast.SelectStmt).Fields.Fields[0].Expr.(*ast.WindowFuncExpr)
	scope := &Scope{Env: newTestEnv(), Columns: []ScopeColumn{{Name: "x", Type: intType(11, true)}}}
	return CompileWindowFunc(w, scope)
}

// computeOver runs f over a partition of the given x values, every row its
// own peer group, with frame(i) as the frame.
func computeOver(t *testing.T, f *WindowFunc, xs []Value, frame func(i, n int) (int, int)) string {
	t.Helper()
	n := len(xs)
	p := &WindowPartition{Rows: make([][]Value, n), PeerStart: make([]int, n), PeerEnd: make([]int, n)}
	for i, x := range xs {
		p.Rows[i] = []Value{x}
		p.PeerStart[i], p.PeerEnd[i] = i, i+1
	}
	p.Frame = func(i int) (int, int) { return frame(i, n) }
	out := make([]string, n)
	err := f.Compute(&EvalCtx{Env: newTestEnv()}, p, func(i int, v Value) {
		if v.IsNull() {
			out[i] = "NULL"
		} else {
			out[i] = TextOf(v)
		}
	})
	if err != nil {
		return "error: " + err.Error()
	}
	return strings.Join(out, ",")
}

func TestWindowFuncCompute(t *testing.T) {
	whole := func(i, n int) (int, int) { return 0, n }
	running := func(i, n int) (int, int) { return 0, i + 1 }
	sliding := func(i, n int) (int, int) { return i - 1, i + 2 }
	empty := func(i, n int) (int, int) { return i + 1, i }
	xs := []Value{IntValue(3), {}, IntValue(5), IntValue(1)}
	cases := []struct {
		call  string
		frame func(i, n int) (int, int)
		vals  []Value
		want  string
	}{
		{"ROW_NUMBER() OVER ()", whole, xs, "1,2,3,4"},
		{"NTILE(3) OVER ()", whole, xs, "1,1,2,3"},
		{"NTILE(9) OVER ()", whole, xs, "1,2,3,4"},
		{"NTILE(2) OVER ()", whole, nil, ""},
		{"LAG(x) OVER ()", whole, xs, "NULL,3,NULL,5"},
		{"LEAD(x, 3, 0) OVER ()", whole, xs, "1,0,0,0"},
		{"SUM(x) OVER ()", running, xs, "3,3,8,9"},
		{"SUM(x) OVER ()", sliding, xs, "3,8,6,6"},
		{"COUNT(x) OVER ()", empty, xs, "0,0,0,0"},
		{"SUM(x) OVER ()", empty, xs, "NULL,NULL,NULL,NULL"},
		{"MAX(x) OVER ()", whole, xs, "5,5,5,5"},
		{"FIRST_VALUE(x) OVER ()", sliding, xs, "3,3,NULL,5"},
		{"NTH_VALUE(x, 3) OVER ()", running, xs, "NULL,NULL,5,5"},
		{"LAST_VALUE(x) OVER ()", empty, xs, "NULL,NULL,NULL,NULL"},
	}
	for _, c := range cases {
		f, err := windowCall(t, c.call)
		if err != nil {
			t.Fatalf("%s: %v", c.call, err)
		}
		if got := computeOver(t, f, c.vals, c.frame); got != c.want {
			t.Errorf("%s: got %s want %s", c.call, got, c.want)
		}
	}
}

func TestWindowFuncBadArguments(t *testing.T) {
	for _, call := range []string{"NTILE(x) OVER ()", "NTILE((x + 1)) OVER ()"} {
		if _, err := windowCall(t, call); !isCode(err, mysqldef.ErrWrongArguments) {
			t.Errorf("%s: %v, want 1210", call, err)
		}
	}
	for _, call := range []string{"NTILE(0) OVER ()", "NTILE(NULL) OVER ()", "NTILE(1.5) OVER ()", "NTH_VALUE(x, 0) OVER ()", "LAG(x, 1.5) OVER ()"} {
		f, err := windowCall(t, call)
		if err != nil {
			if !isCode(err, mysqldef.ErrWrongArguments) {
				t.Errorf("%s: %v", call, err)
			}
			continue
		}
		got := computeOver(t, f, []Value{IntValue(1)}, func(i, n int) (int, int) { return 0, n })
		if !strings.Contains(got, "Incorrect arguments") {
			t.Errorf("%s: %s, want 1210", call, got)
		}
	}
	if _, err := windowCall(t, "SUM(ROW_NUMBER() OVER ()) OVER ()"); !isCode(err, mysqldef.ErrWindowInvalidFuncUse) {
		t.Errorf("nested window function: %v, want 3593", err)
	}
}

func isCode(err error, code uint16) bool {
	var e *mysqldef.SQLError
	return errors.As(err, &e) && e.Code == code
}
