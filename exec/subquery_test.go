package exec

import (
	"testing"

	"github.com/loopdb/loopdb/mysqldef"
)

func subquerySession(t *testing.T) *Session {
	s := tableSession(t)
	mustExec(t, s,
		"CREATE TABLE dept (id INT PRIMARY KEY, name VARCHAR(20))",
		"CREATE TABLE emp (id INT PRIMARY KEY, name VARCHAR(20), dept_id INT, salary INT, KEY (dept_id))",
		"INSERT INTO dept VALUES (1, 'eng'), (2, 'ops'), (3, 'empty')",
		"INSERT INTO emp VALUES (1, 'ann', 1, 100), (2, 'bob', 1, 200), (3, 'cid', 2, 50), (4, 'dan', NULL, 70), (5, 'eve', 2, 90), (6, 'fay', 9, 10)")
	return s
}

func TestCorrelatedSubqueries(t *testing.T) {
	s := subquerySession(t)
	cases := []struct{ sql, want string }{
		{"SELECT id, (SELECT name FROM dept d WHERE d.id = e.dept_id) AS dept FROM emp e ORDER BY id",
			"1,eng;2,eng;3,ops;4,NULL;5,ops;6,NULL"},
		{"SELECT e.id, (SELECT COUNT(*) FROM emp e2 WHERE e2.dept_id = e.dept_id) FROM emp e ORDER BY e.id",
			"1,2;2,2;3,2;4,0;5,2;6,1"},
		// scalar in WHERE
		{"SELECT e.name FROM emp e WHERE e.salary > (SELECT AVG(e2.salary) FROM emp e2 WHERE e2.dept_id = e.dept_id) ORDER BY e.name",
			"bob;eve"},
		// EXISTS / NOT EXISTS
		{"SELECT d.name FROM dept d WHERE EXISTS (SELECT 1 FROM emp e WHERE e.dept_id = d.id AND e.salary > 60) ORDER BY d.id",
			"eng;ops"},
		{"SELECT d.name FROM dept d WHERE NOT EXISTS (SELECT * FROM emp e WHERE e.dept_id = d.id) ORDER BY d.id",
			"empty"},
		{"SELECT d.name, EXISTS (SELECT 1 FROM emp e WHERE e.dept_id = d.id) FROM dept d ORDER BY d.id",
			"eng,1;ops,1;empty,0"},
		// IN / NOT IN, correlated
		{"SELECT d.name FROM dept d WHERE 200 IN (SELECT salary FROM emp e WHERE e.dept_id = d.id)", "eng"},
		{"SELECT d.name FROM dept d WHERE 200 NOT IN (SELECT salary FROM emp e WHERE e.dept_id = d.id) ORDER BY d.id", "ops;empty"},
		// outer column on the left and in the subquery
		{"SELECT e.name FROM emp e WHERE e.dept_id IN (SELECT d.id FROM dept d WHERE d.name = CONCAT(LEFT(e.name, 0), 'ops')) ORDER BY e.id", "cid;eve"},
		// correlated subquery in the ON of a join and under an aggregate query
		{"SELECT d.name, COUNT(*) FROM dept d JOIN emp e ON e.dept_id = d.id WHERE e.salary >= (SELECT MAX(salary) FROM emp x WHERE x.dept_id = d.id) GROUP BY d.name ORDER BY d.name",
			"eng,1;ops,1"},
		// HAVING
		{"SELECT dept_id, SUM(salary) FROM emp e GROUP BY dept_id HAVING SUM(salary) > (SELECT COUNT(*) * 100 FROM emp x WHERE x.dept_id = e.dept_id) ORDER BY dept_id",
			"NULL,70;1,300"},
		// nested: the inner subquery names the outermost query
		{"SELECT d.name FROM dept d WHERE EXISTS (SELECT 1 FROM emp e WHERE e.dept_id = d.id AND e.salary = (SELECT MAX(x.salary) FROM emp x WHERE x.dept_id = d.id) AND e.salary > 100)",
			"eng"},
		// nested: the inner subquery is correlated to the middle one
		{"SELECT d.name FROM dept d WHERE EXISTS (SELECT 1 FROM emp e WHERE e.dept_id = d.id AND EXISTS (SELECT 1 FROM emp x WHERE x.salary > e.salary AND x.dept_id = e.dept_id)) ORDER BY d.id",
			"eng;ops"},
		// a subquery without FROM naming an outer column
		{"SELECT id, (SELECT e.salary * 2) FROM emp e WHERE id < 3 ORDER BY id", "1,200;2,400"},
		// uncorrelated subqueries inside a correlated one
		{"SELECT d.name FROM dept d WHERE EXISTS (SELECT 1 FROM emp e WHERE e.dept_id = d.id AND e.salary = (SELECT MAX(salary) FROM emp)) ", "eng"},
		// ANY / ALL
		{"SELECT d.name FROM dept d WHERE 60 < ALL (SELECT salary FROM emp e WHERE e.dept_id = d.id) ORDER BY d.id", "eng;empty"},
		{"SELECT d.name FROM dept d WHERE 60 > ANY (SELECT salary FROM emp e WHERE e.dept_id = d.id) ORDER BY d.id", "ops"},
		{"SELECT name FROM emp WHERE salary > ALL (SELECT salary FROM emp WHERE dept_id = 2) ORDER BY id", "ann;bob"},
		{"SELECT name FROM emp WHERE salary < ANY (SELECT salary FROM emp WHERE dept_id = 2) ORDER BY id", "cid;dan;fay"},
		// derived table inside a correlated subquery
		{"SELECT d.name FROM dept d WHERE (SELECT SUM(x.s) FROM (SELECT dept_id, salary AS s FROM emp) x WHERE x.dept_id = d.id) > 200", "eng"},
		// inner alias shadows the outer one
		{"SELECT COUNT(*) FROM emp e WHERE EXISTS (SELECT 1 FROM emp e WHERE e.id = 1)", "6"},
		// ORDER BY a correlated subquery; ORDER BY ... LIMIT inside one
		{"SELECT d.name FROM dept d ORDER BY (SELECT COUNT(*) FROM emp e WHERE e.dept_id = d.id) DESC, d.id DESC", "ops;eng;empty"},
		{"SELECT d.name, (SELECT e.name FROM emp e WHERE e.dept_id = d.id ORDER BY e.salary DESC LIMIT 1) FROM dept d ORDER BY d.id",
			"eng,bob;ops,eve;empty,NULL"},
		// outer table named by its table name
		{"SELECT (SELECT COUNT(*) FROM emp WHERE emp.dept_id = dept.id) AS c FROM dept ORDER BY id", "2;2;0"},
		// a running total
		{"SELECT id, (SELECT SUM(salary) FROM emp x WHERE x.id <= e.id) FROM emp e ORDER BY id", "1,100;2,300;3,350;4,420;5,510;6,520"},
		// information_schema, as ORMs query it
		{"SELECT t.TABLE_NAME FROM information_schema.TABLES t WHERE t.TABLE_SCHEMA = 'd' AND EXISTS (SELECT 1 FROM information_schema.COLUMNS c WHERE c.TABLE_SCHEMA = t.TABLE_SCHEMA AND c.TABLE_NAME = t.TABLE_NAME AND c.COLUMN_NAME = 'salary')", "emp"},
		// the private copy keeps literals exactly (quotes, backslashes)
		{`SELECT (SELECT CONCAT(d.name, '\\', 'it''s') FROM dept d WHERE d.id = e.dept_id) FROM emp e WHERE e.id = 1`, `eng\it's`},
		// GROUP_CONCAT ordered by a correlated subquery
		{"SELECT GROUP_CONCAT(name ORDER BY (SELECT d.name FROM dept d WHERE d.id = e.dept_id), name) FROM emp e", "dan,fay,ann,bob,cid,eve"},
	}
	for _, c := range cases {
		if got := rowsOf(t, s, c.sql); got != c.want {
			t.Errorf("%s\n got %q\nwant %q", c.sql, got, c.want)
		}
	}
}

func TestCorrelatedSubqueryNulls(t *testing.T) {
	s := subquerySession(t)
	mustExec(t, s,
		"CREATE TABLE a (id INT PRIMARY KEY, v INT)",
		"CREATE TABLE b (id INT PRIMARY KEY, g INT, v INT)",
		"INSERT INTO a VALUES (1, 1), (2, 2), (3, NULL), (4, 5)",
		// group 1: {1, NULL}; group 2: {1, 2}; group 4: {} (no rows)
		"INSERT INTO b VALUES (1, 1, 1), (2, 1, NULL), (3, 2, 1), (4, 2, 2)")
	cases := []struct{ sql, want string }{
		// IN over a set with a NULL: true when found, else NULL
		{"SELECT a.id, a.v IN (SELECT b.v FROM b WHERE b.g = 1) FROM a ORDER BY a.id", "1,1;2,NULL;3,NULL;4,NULL"},
		{"SELECT a.id, a.v NOT IN (SELECT b.v FROM b WHERE b.g = 1) FROM a ORDER BY a.id", "1,0;2,NULL;3,NULL;4,NULL"},
		// correlated: the set depends on the row (a.id is the group)
		{"SELECT a.id, a.v IN (SELECT b.v FROM b WHERE b.g = a.id) FROM a ORDER BY a.id", "1,1;2,1;3,0;4,0"},
		{"SELECT a.id, a.v NOT IN (SELECT b.v FROM b WHERE b.g = a.id) FROM a ORDER BY a.id", "1,0;2,0;3,1;4,1"},
		// NULL left: NULL over a non-empty set, false (NOT IN: true) over an empty one
		{"SELECT a.id, NULL IN (SELECT b.v FROM b WHERE b.g = a.id), NULL NOT IN (SELECT b.v FROM b WHERE b.g = a.id) FROM a ORDER BY a.id",
			"1,NULL,NULL;2,NULL,NULL;3,0,1;4,0,1"},
		{"SELECT a.id FROM a WHERE 5 NOT IN (SELECT b.v FROM b WHERE b.g = a.id) ORDER BY a.id", "2;3;4"},
		{"SELECT a.id FROM a WHERE a.v NOT IN (SELECT b.v FROM b WHERE b.g = 1) ORDER BY a.id", ""},
		// NULL outer binding: b.g = NULL matches nothing
		{"SELECT a.id, (SELECT COUNT(*) FROM b WHERE b.g = a.v) FROM a ORDER BY a.id", "1,2;2,2;3,0;4,0"},
		// ALL over a set with NULL
		{"SELECT a.id, 5 > ALL (SELECT b.v FROM b WHERE b.g = a.id) FROM a ORDER BY a.id", "1,NULL;2,1;3,1;4,1"},
	}
	for _, c := range cases {
		if got := rowsOf(t, s, c.sql); got != c.want {
			t.Errorf("%s\n got %q\nwant %q", c.sql, got, c.want)
		}
	}
}

// wantLateErr expects an error found while rows are produced: it may
// follow the result's column definitions, as in MySQL.
func wantLateErr(t *testing.T, s *Session, sql string, code uint16) {
	t.Helper()
	rs := runQuery(s, sql, &recorder{})
	e := rs[len(rs)-1].err
	if e == nil {
		t.Fatalf("%s: no error", sql)
	}
	if e.Code != code {
		t.Fatalf("%s: got %v, want error %d", sql, e, code)
	}
}

func TestCorrelatedSubqueryErrors(t *testing.T) {
	s := subquerySession(t)
	wantLateErr(t, s, "SELECT id, (SELECT e2.id FROM emp e2 WHERE e2.dept_id = e.dept_id) FROM emp e", mysqldef.ErrSubqueryNo1Row)
	wantLateErr(t, s, "SELECT id FROM emp e WHERE e.salary = (SELECT e2.salary FROM emp e2 WHERE e2.dept_id = e.dept_id)", mysqldef.ErrSubqueryNo1Row)
	wantLateErr(t, s, "DELETE FROM emp WHERE salary = (SELECT e2.salary FROM emp e2 WHERE e2.dept_id = emp.dept_id)", mysqldef.ErrSubqueryNo1Row)
	wantErr(t, s, "SELECT id, (SELECT e2.id, e2.name FROM emp e2 WHERE e2.dept_id = e.dept_id) FROM emp e", mysqldef.ErrOperandColumns, "1 column")
	wantErr(t, s, "SELECT id FROM emp e WHERE e.dept_id IN (SELECT d.id, d.name FROM dept d WHERE d.id = e.dept_id)", mysqldef.ErrOperandColumns, "1 column")
	wantErr(t, s, "SELECT id FROM emp e WHERE EXISTS (SELECT 1 FROM dept d WHERE d.id = e.nosuch)", mysqldef.ErrBadField, "nosuch")
	wantErr(t, s, "SELECT id FROM emp e WHERE EXISTS (SELECT 1 FROM nosuch d WHERE d.id = e.dept_id)", mysqldef.ErrNoSuchTable, "nosuch")
	// A scalar subquery returning several rows only fails when evaluated
	// for a binding that has several.
	if got := rowsOf(t, s, "SELECT id, (SELECT e2.id FROM emp e2 WHERE e2.dept_id = e.dept_id) FROM emp e WHERE e.id IN (4, 6) ORDER BY id"); got != "4,NULL;6,6" {
		t.Errorf("got %q", got)
	}
}

func TestCorrelatedSubqueryDML(t *testing.T) {
	s := subquerySession(t)
	one(t, s, "UPDATE emp e SET salary = salary + 1 WHERE EXISTS (SELECT 1 FROM dept d WHERE d.id = e.dept_id AND d.name = 'ops')")
	if got := rowsOf(t, s, "SELECT id, salary FROM emp WHERE dept_id = 2 ORDER BY id"); got != "3,51;5,91" {
		t.Errorf("after UPDATE: %q", got)
	}
	one(t, s, "UPDATE dept d SET name = (SELECT MAX(e.name) FROM emp e WHERE e.dept_id = d.id) WHERE d.id < 3")
	if got := rowsOf(t, s, "SELECT name FROM dept ORDER BY id"); got != "bob;eve;empty" {
		t.Errorf("after UPDATE SET: %q", got)
	}
	one(t, s, "DELETE FROM emp WHERE NOT EXISTS (SELECT 1 FROM dept d WHERE d.id = emp.dept_id)")
	if got := rowsOf(t, s, "SELECT id FROM emp ORDER BY id"); got != "1;2;3;5" {
		t.Errorf("after DELETE: %q", got)
	}
	// Inside a transaction: the subquery sees the transaction's writes, and
	// a failing statement still undoes all of its own writes.
	mustExec(t, s, "BEGIN", "INSERT INTO dept VALUES (4, 'new')", "INSERT INTO emp VALUES (7, 'gus', 4, 10)")
	if got := rowsOf(t, s, "SELECT e.name FROM emp e WHERE EXISTS (SELECT 1 FROM dept d WHERE d.id = e.dept_id AND d.name = 'new')"); got != "gus" {
		t.Errorf("own writes: %q", got)
	}
	wantErr(t, s, "UPDATE emp e SET id = 5 WHERE EXISTS (SELECT 1 FROM dept d WHERE d.id = e.dept_id) AND e.id IN (1, 7)", mysqldef.ErrDupEntry, "")
	mustExec(t, s, "COMMIT")
	if got := rowsOf(t, s, "SELECT id FROM emp ORDER BY id"); got != "1;2;3;5;7" {
		t.Errorf("after failed UPDATE: %q", got)
	}
	// DDL after correlated queries is not blocked by their locks.
	mustExec(t, s, "ALTER TABLE dept ADD COLUMN x INT", "DROP TABLE dept")
}

// Each distinct binding runs the subquery once; an uncorrelated subquery
// runs once per statement. A user-variable assignment counts the runs.
func TestSubqueryRunCounts(t *testing.T) {
	s := subquerySession(t)
	mustExec(t, s, "SET @n = 0")
	// dept_id values: 1, 1, 2, NULL, 2, 9 -> four distinct bindings
	if got := rowsOf(t, s, "SELECT id, (SELECT @n := @n + 1 FROM dept d WHERE d.id = e.dept_id) IS NULL FROM emp e ORDER BY id"); got != "1,0;2,0;3,0;4,1;5,0;6,1" {
		t.Errorf("got %q", got)
	}
	if got := rowsOf(t, s, "SELECT @n"); got != "2" {
		// only bindings 1 and 2 produce a row, so only they assign
		t.Errorf("correlated runs: @n = %s, want 2", got)
	}
	mustExec(t, s, "SET @m = 0")
	if got := rowsOf(t, s, "SELECT COUNT(*) FROM emp e WHERE e.salary > (SELECT @m := @m + 1 FROM dept WHERE id = 1)"); got != "6" {
		t.Errorf("got %q", got)
	}
	if got := rowsOf(t, s, "SELECT @m"); got != "1" {
		t.Errorf("uncorrelated runs: @m = %s, want 1", got)
	}
	// The join repeats keys; each distinct key runs once.
	mustExec(t, s, "SET @k = 0")
	if got := rowsOf(t, s, "SELECT COUNT(*) FROM emp a JOIN emp b ON a.dept_id = b.dept_id WHERE EXISTS (SELECT @k := @k + 1 FROM dept d WHERE d.id = a.dept_id)"); got != "8" {
		t.Errorf("got %q", got)
	}
	if got := rowsOf(t, s, "SELECT @k"); got != "2" {
		t.Errorf("join runs: @k = %s, want 2", got)
	}
}

func TestGroupConcatOrderBy(t *testing.T) {
	s := tableSession(t)
	mustExec(t, s,
		"CREATE TABLE g (id INT PRIMARY KEY, k INT, c VARCHAR(10), o INT)",
		"INSERT INTO g VALUES (1, 1, 'b', 3), (2, 1, 'a', 1), (3, 1, 'c', NULL), (4, 2, 'x', 2), (5, 2, 'X', 1), (6, 1, 'a', 5)")
	cases := []struct{ sql, want string }{
		{"SELECT GROUP_CONCAT(c ORDER BY c) FROM g WHERE k = 1", "a,a,b,c"},
		{"SELECT GROUP_CONCAT(c ORDER BY c DESC SEPARATOR '|') FROM g WHERE k = 1", "c|b|a|a"},
		// ORDER BY another expression; NULL first ascending, last descending
		{"SELECT GROUP_CONCAT(c ORDER BY o) FROM g WHERE k = 1", "c,a,b,a"},
		{"SELECT GROUP_CONCAT(c ORDER BY o DESC) FROM g WHERE k = 1", "a,b,a,c"},
		{"SELECT GROUP_CONCAT(DISTINCT c ORDER BY c DESC) FROM g WHERE k = 1", "c,b,a"},
		{"SELECT GROUP_CONCAT(c, o ORDER BY 2) FROM g WHERE k = 1", "a1,b3,a5"},
		{"SELECT k, GROUP_CONCAT(id ORDER BY o, id SEPARATOR '') FROM g GROUP BY k ORDER BY k", "1,3216;2,54"},
		// DISTINCT compares by collation
		{"SELECT COUNT(DISTINCT c) FROM g WHERE k = 2", "1"},
		{"SELECT LENGTH(GROUP_CONCAT(DISTINCT c ORDER BY o)) FROM g WHERE k = 2", "1"},
		{"SELECT GROUP_CONCAT(c ORDER BY c) FROM g WHERE k = 3", "NULL"},
	}
	for _, c := range cases {
		if got := rowsOf(t, s, c.sql); got != c.want {
			t.Errorf("%s\n got %q\nwant %q", c.sql, got, c.want)
		}
	}
	mustExec(t, s, "SET SESSION group_concat_max_len = 5")
	r := one(t, s, "SELECT GROUP_CONCAT(c ORDER BY id DESC) FROM g WHERE k = 1")
	if got := r.rows[0][0]; got != "a,c,a" {
		t.Errorf("cut: got %q", got)
	}
	if got := rowsOf(t, s, "SHOW WARNINGS"); got != "Warning,1260,Row 1 was cut by GROUP_CONCAT()" {
		t.Errorf("warnings: %q", got)
	}
	if got := rowsOf(t, s, "SELECT GROUP_CONCAT(c) FROM g"); got != "b,a,c" {
		t.Errorf("cut without ORDER BY: got %q", got)
	}
}

func TestSubqueryTypesAndWrites(t *testing.T) {
	s := subquerySession(t)
	mustExec(t, s,
		"CREATE TABLE n (id INT PRIMARY KEY, v DECIMAL(6,2), b BIGINT)",
		"INSERT INTO n VALUES (1, 1.50, 9007199254740993)")
	cases := []struct{ sql, want string }{
		// an uncorrelated scalar keeps its DECIMAL / integer type
		{"SELECT (SELECT MAX(v) FROM n) - (SELECT MIN(v) FROM n), (SELECT MAX(b) FROM n) + 1", "0.00,9007199254740994"},
		{"SELECT id, (SELECT v FROM n WHERE n.id = emp.id) * 2 FROM emp ORDER BY id LIMIT 2", "1,3.00;2,NULL"},
	}
	for _, c := range cases {
		if got := rowsOf(t, s, c.sql); got != c.want {
			t.Errorf("%s\n got %q\nwant %q", c.sql, got, c.want)
		}
	}
	r := one(t, s, "SELECT (SELECT COUNT(*) FROM emp e WHERE e.dept_id = d.id) AS c, (SELECT v FROM n WHERE n.id = d.id) AS v FROM dept d LIMIT 1")
	if r.cols[0].Type != mysqldef.TypeLongLong || r.cols[1].Type != mysqldef.TypeNewDecimal {
		t.Errorf("column types %d, %d", r.cols[0].Type, r.cols[1].Type)
	}
	mustExec(t, s, "INSERT INTO n (id, v) SELECT id + 10, (SELECT COUNT(*) FROM emp e WHERE e.dept_id = d.id) FROM dept d")
	if got := rowsOf(t, s, "SELECT id, v FROM n ORDER BY id"); got != "1,1.50;11,2.00;12,2.00;13,0.00" {
		t.Errorf("INSERT ... SELECT: %q", got)
	}
}
