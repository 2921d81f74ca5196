package expr

import (
	"testing"

	"github.com/pingcap/tidb/pkg/parser"
	"github.com/pingcap/tidb/pkg/parser/ast"
)

func whereOf(t *testing.T, sql string) ast.ExprNode {
	t.Helper()
	stmt, err := parser.New().ParseOneStmt(sql, "", "")
	if err != nil {
		t.Fatal(err)
	}
	return stmt.(*ast.SelectStmt).Where
}

// TestStatementConstant pins down which condition operands are cached
// per statement: nothing that may change between two rows of one
// statement, and no bare literal (nothing to save).
func TestStatementConstant(t *testing.T) {
	for _, c := range []struct {
		where string
		want  bool
	}{
		{"'x1' = 0", true},
		{"CAST('12abc' AS SIGNED) = 12", true},
		{"? = 0", true},
		{"CONCAT('a', UPPER('b')) LIKE 'a%'", true},
		{"DATE_ADD('2020-01-01', INTERVAL 1 DAY) > NOW()", true},
		{"CASE WHEN 1 THEN 'a' ELSE 'b' END = 'a'", true},
		{"1 IN (1, 2, 3)", true},
		{"1", false},
		{"'abc'", false},
		{"?", false},
		{"a = 0", false},
		{"'x' = a", false},
		{"RAND() < 0.5", false},
		{"UUID() = 'x'", false},
		{"LAST_INSERT_ID() = 3", false},
		{"@v = 0", false},
		{"@@sql_mode = ''", false},
		{"(SELECT 1) = 1", false},
		{"EXISTS (SELECT 1)", false},
		{"1 IN (SELECT 1)", false},
		{"mydb.f(1) = 1", false},
		{"no_such_function(1) = 1", false},
	} {
		if got := StatementConstant(whereOf(t, "SELECT 1 FROM t WHERE "+c.where)); got != c.want {
			t.Errorf("%s: %v, want %v", c.where, got, c.want)
		}
	}
}

// TestConstantConditionEvaluatedOncePerStatement: the cached operand
// warns once however many rows ask, again after Reset (the next
// statement), and follows the new parameters; the row-dependent rest of
// the condition is evaluated per row.
func TestConstantConditionEvaluatedOncePerStatement(t *testing.T) {
	where := whereOf(t, "SELECT 1 FROM t WHERE a > 1 OR ? = 0")
	e, err := CompileCondition(where, benchScope())
	if err != nil {
		t.Fatal(err)
	}
	env := newTestEnv()
	ctx := NewEvalCtx(env, testNow, []Value{StringValue("x1")})
	for a := range int64(3) {
		v, err := e.Eval(ctx, []Value{IntValue(a), StringValue("")})
		if err != nil || v.Int() != 1 {
			t.Fatalf("a=%d: %v %v", a, v, err)
		}
	}
	if len(env.warnings) != 1 {
		t.Fatalf("one statement, three rows: warnings %q", env.warnings)
	}
	ctx.Reset(testNow, []Value{StringValue("y")})
	v, _ := e.Eval(ctx, []Value{IntValue(0), StringValue("")})
	if v.Int() != 1 || len(env.warnings) != 2 {
		t.Fatalf("next statement: %v, warnings %q", v, env.warnings)
	}
	ctx.Reset(testNow, []Value{IntValue(5)})
	if v, _ := e.Eval(ctx, []Value{IntValue(0), StringValue("")}); v.Int() != 0 {
		t.Fatalf("? = 5 and a = 0: %v", v)
	}
	if v, _ := e.Eval(ctx, []Value{IntValue(2), StringValue("")}); v.Int() != 1 {
		t.Fatalf("a = 2: %v", v)
	}
}

// TestConstantPredicateArgumentCached: a constant argument of a comparison
// with a column is computed once per statement; a constant nested deeper
// (inside arithmetic with a column) is not.
func TestConstantPredicateArgumentCached(t *testing.T) {
	for _, c := range []struct {
		where    string
		warnings int
	}{
		{"a > ? + 1", 1},
		{"a BETWEEN ? + 0 AND 10", 1},
		{"a IN (1, ? + 0)", 1},
		{"a + (? + 0) > 1", 3},
	} {
		e, err := CompileCondition(whereOf(t, "SELECT 1 FROM t WHERE "+c.where), benchScope())
		if err != nil {
			t.Fatal(err)
		}
		env := newTestEnv()
		ctx := NewEvalCtx(env, testNow, []Value{StringValue("x1")})
		for a := range int64(3) {
			if _, err := e.Eval(ctx, []Value{IntValue(a), StringValue("")}); err != nil {
				t.Fatal(err)
			}
		}
		if len(env.warnings) != c.warnings {
			t.Errorf("%s: %d warnings over three rows, want %d: %q", c.where, len(env.warnings), c.warnings, env.warnings)
		}
	}
}
