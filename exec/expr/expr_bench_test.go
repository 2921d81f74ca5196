package expr

import (
	"testing"

	"github.com/pingcap/tidb/pkg/parser"
	"github.com/pingcap/tidb/pkg/parser/ast"
)

const benchSQL = "SELECT (a + 1) * 2 > 10 AND b LIKE 'ab%'"

func benchScope() *Scope {
	return &Scope{Columns: []ScopeColumn{{Name: "a", Type: intType(11, true)}, {Name: "b", Type: stringType(10, true)}}}
}

// BenchmarkCompileAndEval pays parse-free compile plus one evaluation,
// the cost of an unprepared statement's expression.
func BenchmarkCompileAndEval(b *testing.B) {
	stmt, err := parser.New().ParseOneStmt(benchSQL, "", "")
	if err != nil {
		b.Fatal(err)
	}
	node := stmt.(*ast.SelectStmt).Fields.Fields[0].Expr
	scope := benchScope()
	ctx := NewEvalCtx(newTestEnv(), testNow, nil)
	row := []Value{IntValue(7), StringValue("abc")}
	b.ReportAllocs()
	for b.Loop() {
		e, err := Compile(node, scope)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := e.Eval(ctx, row); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkEvalPrecompiled is the per-row cost of a compiled expression.
func BenchmarkEvalPrecompiled(b *testing.B) {
	stmt, err := parser.New().ParseOneStmt(benchSQL, "", "")
	if err != nil {
		b.Fatal(err)
	}
	e, err := Compile(stmt.(*ast.SelectStmt).Fields.Fields[0].Expr, benchScope())
	if err != nil {
		b.Fatal(err)
	}
	ctx := NewEvalCtx(newTestEnv(), testNow, nil)
	row := []Value{IntValue(7), StringValue("abc")}
	b.ReportAllocs()
	for b.Loop() {
		v, err := e.Eval(ctx, row)
		if err != nil || v.Int() != 1 {
			b.Fatal(v, err)
		}
	}
}

// BenchmarkEvalFunctions exercises the function-call path (argument stack).
func BenchmarkEvalFunctions(b *testing.B) {
	stmt, err := parser.New().ParseOneStmt("SELECT CONCAT(UPPER(b), LENGTH(b)) = 'ABC3'", "", "")
	if err != nil {
		b.Fatal(err)
	}
	e, err := Compile(stmt.(*ast.SelectStmt).Fields.Fields[0].Expr, benchScope())
	if err != nil {
		b.Fatal(err)
	}
	ctx := NewEvalCtx(newTestEnv(), testNow, nil)
	row := []Value{IntValue(7), StringValue("abc")}
	b.ReportAllocs()
	for b.Loop() {
		if v, err := e.Eval(ctx, row); err != nil || v.Int() != 1 {
			b.Fatal(v, err)
		}
	}
}
