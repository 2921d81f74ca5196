package exec

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/loopdb/loopdb/mysqldef"
	"github.com/pingcap/tidb/pkg/parser"
	"github.com/pingcap/tidb/pkg/parser/ast"
)

// rowsOf runs a query and renders its rows as "a,b;c,d".
func rowsOf(t *testing.T, s *Session, sql string) string {
	t.Helper()
	r := one(t, s, sql)
	parts := make([]string, len(r.rows))
	for i, row := range r.rows {
		parts[i] = strings.Join(row, ",")
	}
	return strings.Join(parts, ";")
}

func mustExec(t *testing.T, s *Session, sqls ...string) {
	t.Helper()
	for _, q := range sqls {
		one(t, s, q)
	}
}

func tableSession(t *testing.T) *Session {
	s := newTestSession(t)
	mustExec(t, s, "CREATE DATABASE d", "USE d")
	return s
}

func TestTableBasics(t *testing.T) {
	s := tableSession(t)
	mustExec(t, s,
		"CREATE TABLE t (id INT NOT NULL AUTO_INCREMENT, k INT DEFAULT '0' NOT NULL, c CHAR(20) DEFAULT '' NOT NULL, PRIMARY KEY (id), KEY k_1 (k))",
		"INSERT INTO t (k, c) VALUES (5, 'a'), (3, 'b'), (5, 'c')")
	cases := []struct{ sql, want string }{
		{"SELECT * FROM t", "1,5,a;2,3,b;3,5,c"},
		{"SELECT c FROM t WHERE id = 2", "b"},
		{"SELECT c FROM t WHERE id = '2'", "b"},
		{"SELECT c FROM t WHERE id BETWEEN 2 AND 3 ORDER BY c DESC", "c;b"},
		{"SELECT id FROM t WHERE k = 5", "1;3"},
		{"SELECT id FROM t WHERE k IN (3, 5) ORDER BY id DESC LIMIT 2", "3;2"},
		{"SELECT SUM(k), COUNT(*), AVG(k), MIN(c), MAX(id) FROM t", "13,3,4.3333,a,3"},
		{"SELECT k, COUNT(*) FROM t GROUP BY k ORDER BY k", "3,1;5,2"},
		{"SELECT k, COUNT(*) AS n FROM t GROUP BY k HAVING n > 1", "5,2"},
		{"SELECT DISTINCT k FROM t ORDER BY k DESC", "5;3"},
		{"SELECT id FROM t ORDER BY id LIMIT 1, 1", "2"},
		{"SELECT COUNT(*) FROM t WHERE id > 100", "0"},
		{"SELECT SUM(k) FROM t WHERE id > 100", "NULL"},
		{"SELECT id FROM t WHERE id = 1.5", ""},
		{"SELECT id FROM t WHERE c = 'A'", "1"}, // case-insensitive collation
		{"SELECT GROUP_CONCAT(c) FROM t", "a,b,c"},
		{"SELECT id FROM t WHERE id IN (SELECT id FROM t WHERE k = 5) ORDER BY id", "1;3"},
		{"SELECT (SELECT MAX(k) FROM t) + 1", "6"},
	}
	for _, c := range cases {
		if got := rowsOf(t, s, c.sql); got != c.want {
			t.Errorf("%s: got %q want %q", c.sql, got, c.want)
		}
	}
	if r := one(t, s, "SELECT LAST_INSERT_ID()"); r.rows[0][0] != "1" {
		t.Errorf("LAST_INSERT_ID after a 3-row insert: %v (MySQL gives the first id)", r.rows)
	}
	r := one(t, s, "SELECT id, c FROM t LIMIT 1")
	if r.cols[0].Type != mysqldef.TypeLong || r.cols[0].Flags&mysqldef.FlagNotNull == 0 ||
		r.cols[1].Type != mysqldef.TypeString || r.cols[0].OrgTable != "t" || r.cols[1].OrgName != "c" {
		t.Errorf("column metadata: %+v %+v", r.cols[0], r.cols[1])
	}
}

func TestWritesAndErrors(t *testing.T) {
	s := tableSession(t)
	mustExec(t, s, "CREATE TABLE u (id BIGINT PRIMARY KEY, email VARCHAR(20) NOT NULL, n INT, UNIQUE KEY (email))")
	mustExec(t, s, "INSERT INTO u VALUES (1, 'a@x', 1), (2, 'b@x', NULL)")
	wantErr(t, s, "INSERT INTO u VALUES (1, 'c@x', 0)", mysqldef.ErrDupEntry, "Duplicate entry '1' for key 'u.PRIMARY'")
	wantErr(t, s, "INSERT INTO u VALUES (3, 'A@x', 0)", mysqldef.ErrDupEntry, "for key 'u.email'")
	wantErr(t, s, "INSERT INTO u VALUES (3, NULL, 0)", mysqldef.ErrBadNull, "Column 'email' cannot be null")
	wantErr(t, s, "INSERT INTO u (id) VALUES (3)", 1364, "Field 'email' doesn't have a default value")
	wantErr(t, s, "INSERT INTO u VALUES (3, 'this-is-far-too-long-for-it', 0)", mysqldef.ErrDataTooLong, "Data too long for column 'email'")
	wantErr(t, s, "INSERT INTO u VALUES (3, 'c@x', 'abc')", 1366, "Incorrect integer value: 'abc' for column 'n'")
	wantErr(t, s, "INSERT INTO u VALUES (3, 'c@x', 99999999999)", mysqldef.ErrWarnDataOutOfRange, "Out of range value for column 'n'")
	// A failed multi-row insert leaves nothing behind.
	wantErr(t, s, "INSERT INTO u VALUES (7, 'g@x', 0), (1, 'h@x', 0)", mysqldef.ErrDupEntry, "PRIMARY")
	if got := rowsOf(t, s, "SELECT COUNT(*) FROM u"); got != "2" {
		t.Fatalf("statement not atomic: %s rows", got)
	}
	one(t, s, "INSERT IGNORE INTO u VALUES (1, 'z@x', 0), (3, 'c@x', 3)")
	if got := rowsOf(t, s, "SELECT id FROM u ORDER BY id"); got != "1;2;3" {
		t.Fatal(got)
	}
	r := one(t, s, "INSERT INTO u VALUES (3, 'c@x', 0) ON DUPLICATE KEY UPDATE n = n + VALUES(id)")
	if r.ok.AffectedRows != 2 || rowsOf(t, s, "SELECT n FROM u WHERE id = 3") != "6" {
		t.Fatalf("ON DUPLICATE KEY UPDATE: affected %d, n=%s", r.ok.AffectedRows, rowsOf(t, s, "SELECT n FROM u WHERE id = 3"))
	}
	r = one(t, s, "REPLACE INTO u VALUES (2, 'a@x', 9)") // conflicts with row 1 (email) and row 2 (id)
	if got := rowsOf(t, s, "SELECT id, email, n FROM u ORDER BY id"); got != "2,a@x,9;3,c@x,6" {
		t.Fatalf("REPLACE: %s (affected %d)", got, r.ok.AffectedRows)
	}
	r = one(t, s, "UPDATE u SET n = n + 1 WHERE id >= 2")
	if r.ok.AffectedRows != 2 || !strings.Contains(r.ok.Info, "Rows matched: 2") {
		t.Fatalf("UPDATE: %+v", r.ok)
	}
	wantErr(t, s, "UPDATE u SET email = 'c@x' WHERE id = 2", mysqldef.ErrDupEntry, "u.email")
	r = one(t, s, "DELETE FROM u WHERE n > 5 ORDER BY id DESC LIMIT 1")
	if r.ok.AffectedRows != 1 || rowsOf(t, s, "SELECT id FROM u") != "2" {
		t.Fatal("DELETE ... ORDER BY ... LIMIT")
	}
	// The unique entry of a deleted row is free again.
	mustExec(t, s, "INSERT INTO u VALUES (4, 'c@x', 0)")
}

func TestTypesRoundTrip(t *testing.T) {
	s := tableSession(t)
	mustExec(t, s, `CREATE TABLE ty (id INT PRIMARY KEY, u BIGINT UNSIGNED, d DECIMAL(10,2), f FLOAT, db DOUBLE,
		dt DATETIME(6), da DATE, ti TIME, y YEAR, e ENUM('red','green'), j JSON, b VARBINARY(10), tx TEXT, bo BOOL,
		ts TIMESTAMP DEFAULT CURRENT_TIMESTAMP)`)
	mustExec(t, s, `INSERT INTO ty (id, u, d, f, db, dt, da, ti, y, e, j, b, tx, bo) VALUES
		(1, 18446744073709551615, 12.345, 1.1, 0.1, '2024-02-29 13:14:15.123456', '2024-02-29', '-12:00:01', 24, 'GREEN', '{"b": 1, "a": [1, 2.5]}', x'00ff', 'text', TRUE)`)
	got := rowsOf(t, s, "SELECT u, d, f, db, dt, da, ti, y, e, j, HEX(b), tx, bo FROM ty")
	want := `18446744073709551615,12.35,1.1,0.1,2024-02-29 13:14:15.123456,2024-02-29,-12:00:01,2024,green,{"a": [1, 2.5], "b": 1},00FF,text,1`
	if got != want {
		t.Fatalf("\ngot  %s\nwant %s", got, want)
	}
	if r := one(t, s, "SELECT ts IS NOT NULL FROM ty"); r.rows[0][0] != "1" {
		t.Fatal("DEFAULT CURRENT_TIMESTAMP")
	}
	wantErr(t, s, "INSERT INTO ty (id, e) VALUES (2, 'blue')", 1265, "Data truncated for column 'e'")
	wantErr(t, s, "INSERT INTO ty (id, j) VALUES (2, '{bad')", 3140, "Invalid JSON text")
	wantErr(t, s, "INSERT INTO ty (id, dt) VALUES (2, '2024-13-01')", mysqldef.ErrTruncatedWrongValue, "Incorrect datetime value")
	r := one(t, s, "SELECT d, dt FROM ty")
	if r.cols[0].Type != mysqldef.TypeNewDecimal || r.cols[0].Decimals != 2 || r.cols[1].Type != mysqldef.TypeDatetime || r.cols[1].Decimals != 6 {
		t.Fatalf("metadata %+v %+v", r.cols[0], r.cols[1])
	}
}

func TestTransactions(t *testing.T) {
	s := tableSession(t)
	mustExec(t, s, "CREATE TABLE a (id INT PRIMARY KEY, bal INT NOT NULL)", "INSERT INTO a VALUES (1, 100), (2, 100)")
	other := s.eng.NewSession(9, "localhost", nil, nil)
	other.Login("root", "localhost", ClientOptions{}, "d")

	mustExec(t, s, "BEGIN", "UPDATE a SET bal = bal - 10 WHERE id = 1")
	if got := rowsOf(t, other, "SELECT bal FROM a WHERE id = 1"); got != "100" {
		t.Fatalf("uncommitted write visible: %s", got)
	}
	if got := rowsOf(t, s, "SELECT bal FROM a WHERE id = 1"); got != "90" {
		t.Fatalf("own write not visible: %s", got)
	}
	mustExec(t, s, "ROLLBACK")
	if got := rowsOf(t, s, "SELECT bal FROM a WHERE id = 1"); got != "100" {
		t.Fatalf("rollback: %s", got)
	}
	// A failing statement inside a transaction undoes only itself.
	mustExec(t, s, "BEGIN", "UPDATE a SET bal = 1 WHERE id = 1")
	wantErr(t, s, "INSERT INTO a VALUES (3, 3), (2, 2)", mysqldef.ErrDupEntry, "PRIMARY")
	mustExec(t, s, "COMMIT")
	if got := rowsOf(t, s, "SELECT id, bal FROM a ORDER BY id"); got != "1,1;2,100" {
		t.Fatalf("statement rollback: %s", got)
	}
	// autocommit=0 keeps a transaction open until COMMIT.
	mustExec(t, s, "SET autocommit = 0", "UPDATE a SET bal = 7 WHERE id = 2")
	if got := rowsOf(t, other, "SELECT bal FROM a WHERE id = 2"); got != "100" {
		t.Fatal("autocommit=0 write visible before COMMIT")
	}
	mustExec(t, s, "COMMIT", "SET autocommit = 1")
	if got := rowsOf(t, other, "SELECT bal FROM a WHERE id = 2"); got != "7" {
		t.Fatal("COMMIT lost")
	}
	// A lock wait ends with 1205 after innodb_lock_wait_timeout.
	mustExec(t, s, "BEGIN", "SELECT * FROM a WHERE id = 1 FOR UPDATE")
	mustExec(t, other, "SET innodb_lock_wait_timeout = 1")
	wantErr(t, other, "UPDATE a SET bal = 0 WHERE id = 1", mysqldef.ErrLockWaitTimeout, "Lock wait timeout exceeded")
	mustExec(t, s, "COMMIT")
	mustExec(t, other, "UPDATE a SET bal = 0 WHERE id = 1")
}

func TestCatalogPersists(t *testing.T) {
	s := tableSession(t)
	mustExec(t, s, "CREATE TABLE p (id INT AUTO_INCREMENT PRIMARY KEY, v VARCHAR(5) DEFAULT 'dflt', KEY (v))", "INSERT INTO p (v) VALUES ('x'), ('y')")
	if err := s.eng.Close(); err != nil { // a clean shutdown keeps the exact counter
		t.Fatal(err)
	}
	eng, err := NewEngine(Config{Version: "test"}, s.eng.store, nil)
	if err != nil {
		t.Fatal(err)
	}
	s2 := eng.NewSession(2, "localhost", nil, nil)
	s2.Login("root", "localhost", ClientOptions{}, "d")
	mustExec(t, s2, "INSERT INTO p () VALUES ()")
	if got := rowsOf(t, s2, "SELECT id, v FROM p ORDER BY id"); got != "1,x;2,y;3,dflt" {
		t.Fatalf("after reopen: %s", got)
	}
	if got := rowsOf(t, s2, "SELECT id FROM p WHERE v = 'y'"); got != "2" {
		t.Fatal("index after reopen")
	}
	// Without a clean shutdown (a crash) ids continue above the reserved mark.
	eng3, err := NewEngine(Config{Version: "test"}, s.eng.store, nil)
	if err != nil {
		t.Fatal(err)
	}
	s3 := eng3.NewSession(3, "localhost", nil, nil)
	s3.Login("root", "localhost", ClientOptions{}, "d")
	r := one(t, s3, "INSERT INTO p () VALUES ()")
	if r.ok.LastInsertID <= 3 {
		t.Fatalf("after a crash an id was reused: %d", r.ok.LastInsertID)
	}
	mustExec(t, s2, "DROP TABLE p")
	wantErr(t, s2, "SELECT * FROM p", mysqldef.ErrNoSuchTable, "doesn't exist")
}

func TestAccessPaths(t *testing.T) {
	s := tableSession(t)
	mustExec(t, s, "CREATE TABLE ap (a INT, b INT, c INT, PRIMARY KEY (a, b), UNIQUE KEY uc (c), KEY kb (b))")
	tbl := s.eng.catalog.Table("d", "ap")
	cases := []struct {
		where  string
		index  string // "" primary, "-" full scan
		points bool
	}{
		{"a = 1 AND b = 2", "", true},
		{"a = 1", "", false},
		{"a IN (1, 2) AND b = 3", "", true},
		{"c = 5", "uc", true},
		{"b > 3", "kb", false},
		{"a + 0 = 1", "-", false},
		{"c > 1 OR a = 2", "-", false},
	}
	for _, c := range cases {
		p := s.planner.PlanAccess(tbl, "ap", parseWhere(t, c.where))
		got := "-"
		if !p.Full {
			got = ""
			if p.Index != nil {
				got = p.Index.Name
			}
		}
		if got != c.index || p.Points != c.points {
			t.Errorf("%s: index %q points %v, want %q %v", c.where, got, p.Points, c.index, c.points)
		}
	}
	if p := s.planner.PlanAccess(tbl, "ap", parseWhere(t, "a > 5 AND a < 3")); !p.Empty {
		t.Error("contradiction not detected")
	}
}

func parseWhere(t *testing.T, where string) ast.ExprNode {
	t.Helper()
	stmt, err := parser.New().ParseOneStmt(fmt.Sprintf("SELECT 1 FROM x WHERE %s", where), "", "")
	if err != nil {
		t.Fatal(err)
	}
	return stmt.(*ast.SelectStmt).Where
}

func TestJoinsAndDerivedTables(t *testing.T) {
	s := tableSession(t)
	mustExec(t, s,
		"CREATE TABLE a (id INT PRIMARY KEY, v VARCHAR(10))",
		"CREATE TABLE b (id INT PRIMARY KEY, aid INT, w INT, KEY (aid))",
		"INSERT INTO a VALUES (1,'x'),(2,'y'),(3,'z')",
		"INSERT INTO b VALUES (10,1,5),(11,3,6),(12,3,7),(13,9,8)")
	cases := []struct{ sql, want string }{
		{"SELECT a.id, b.id FROM a JOIN b ON b.aid = a.id ORDER BY a.id, b.id", "1,10;3,11;3,12"},
		{"SELECT a.id, b.id FROM a LEFT JOIN b ON b.aid = a.id ORDER BY a.id, b.id", "1,10;2,NULL;3,11;3,12"},
		{"SELECT a.v, COUNT(b.id), SUM(b.w) FROM a LEFT JOIN b ON a.id = b.aid GROUP BY a.v ORDER BY a.v", "x,1,5;y,0,NULL;z,2,13"},
		{"SELECT b.id FROM a, b WHERE a.id = b.aid AND b.w > 5 ORDER BY b.id", "11;12"},
		{"SELECT b.id FROM b RIGHT JOIN a ON a.id = b.aid WHERE a.id = 2", "NULL"},
		{"SELECT x.v FROM (SELECT v, id FROM a WHERE id > 1) AS x ORDER BY x.v DESC", "z;y"},
		{"SELECT t.n FROM (SELECT COUNT(*) AS n FROM b) t", "4"},
		{"SELECT COUNT(*) FROM a JOIN b ON b.aid = a.id AND b.w = 7", "1"},
		{"SELECT a.id FROM a LEFT JOIN b ON b.aid = a.id WHERE b.id IS NULL", "2"},
		{"SELECT p.id, q.id FROM a p JOIN a q ON q.id = p.id + 1 ORDER BY p.id", "1,2;2,3"},
	}
	for _, c := range cases {
		if got := rowsOf(t, s, c.sql); got != c.want {
			t.Errorf("%s: got %q want %q", c.sql, got, c.want)
		}
	}
	wantErr(t, s, "SELECT id FROM a JOIN b ON a.id = b.aid", mysqldef.ErrNonUniq, "ambiguous")
	wantErr(t, s, "SELECT * FROM (SELECT 1) ", 1248, "Every derived table must have its own alias")
	// The inner side is read by key lookup when an equality covers its key.
	sel, _ := parser.New().ParseOneStmt("SELECT * FROM a JOIN b ON b.aid = a.id", "", "")
	rels, release, err := s.planner.RelationsOf(sel.(*ast.SelectStmt).From, false)
	if err != nil {
		t.Fatal(err)
	}
	defer release()
	if _, err := s.planner.PlanSelectRels(sel.(*ast.SelectStmt), rels); err != nil {
		t.Fatal(err)
	}
	if l := rels[1].Lookup; l == nil || l.Index == nil || l.Index.Name != "aid" {
		t.Fatalf("join lookup: %+v", rels[1].Lookup)
	}
}

func TestOrRanges(t *testing.T) {
	s := tableSession(t)
	mustExec(t, s, "CREATE TABLE r (id INT PRIMARY KEY, k INT, KEY kk (k))",
		"INSERT INTO r VALUES (1,10),(2,20),(3,30),(4,40),(5,50),(6,60)")
	tbl := s.eng.catalog.Table("d", "r")
	p := s.planner.PlanAccess(tbl, "r", parseWhere(t, "k BETWEEN 10 AND 30 OR k BETWEEN 20 AND 40 OR k = 60"))
	if p.Full || p.Index == nil || p.Index.Name != "kk" || len(p.Ranges) != 2 {
		t.Fatalf("OR of ranges: %+v", p)
	}
	if got := rowsOf(t, s, "SELECT id FROM r WHERE k BETWEEN 10 AND 30 OR k BETWEEN 20 AND 40 OR k = 60 ORDER BY id"); got != "1;2;3;4;6" {
		t.Fatal(got)
	}
	if got := rowsOf(t, s, "SELECT COUNT(k) FROM r WHERE id = 1 OR id = 5 OR id = 1"); got != "2" {
		t.Fatal(got)
	}
}

func TestMultiTableDML(t *testing.T) {
	s := tableSession(t)
	mustExec(t, s, "CREATE TABLE item (id INT PRIMARY KEY, price DECIMAL(6,2), qty INT)",
		"CREATE TABLE pc (id INT PRIMARY KEY, new_price DECIMAL(6,2))",
		"INSERT INTO item VALUES (1, 1.00, 5), (2, 2.00, 5), (3, 3.00, 5)",
		"INSERT INTO pc VALUES (1, 9.50), (3, 3.00), (4, 1.00)")
	r := one(t, s, "UPDATE item i JOIN pc p ON p.id = i.id SET i.price = p.new_price, i.qty = i.qty + 1")
	if r.ok.AffectedRows != 2 || rowsOf(t, s, "SELECT id, price, qty FROM item ORDER BY id") != "1,9.50,6;2,2.00,5;3,3.00,6" {
		t.Fatalf("multi-table UPDATE: affected %d, %s", r.ok.AffectedRows, rowsOf(t, s, "SELECT id, price, qty FROM item ORDER BY id"))
	}
	r = one(t, s, "DELETE i FROM item i JOIN pc p ON p.id = i.id WHERE p.new_price > 5")
	if r.ok.AffectedRows != 1 || rowsOf(t, s, "SELECT id FROM item ORDER BY id") != "2;3" {
		t.Fatal("multi-table DELETE")
	}
	mustExec(t, s, "DELETE item, pc FROM item JOIN pc ON pc.id = item.id")
	if rowsOf(t, s, "SELECT COUNT(*) FROM item") != "1" || rowsOf(t, s, "SELECT COUNT(*) FROM pc") != "2" {
		t.Fatal("two-target DELETE")
	}
}

func TestSortMemoryBound(t *testing.T) {
	s := tableSession(t)
	mustExec(t, s, "CREATE TABLE m (id INT PRIMARY KEY, v VARCHAR(100))")
	for i := 0; i < 50; i++ {
		mustExec(t, s, fmt.Sprintf("INSERT INTO m VALUES (%d, REPEAT('x', 100))", i))
	}
	mustExec(t, s, "SET tmp_table_size = 2048")
	wantErr(t, s, "SELECT v FROM m ORDER BY v", 1038, "tmp_table_size")
	if got := rowsOf(t, s, "SELECT COUNT(*) FROM m"); got != "50" { // streaming needs no buffer
		t.Fatal(got)
	}
}

func TestFullGroupBy(t *testing.T) {
	s := tableSession(t)
	mustExec(t, s, "CREATE TABLE g (id INT PRIMARY KEY, d INT, n VARCHAR(5))", "INSERT INTO g VALUES (1, 1, 'a'), (2, 1, 'b'), (3, 2, 'c')")
	wantErr(t, s, "SELECT d, n, COUNT(*) FROM g GROUP BY d", 1055, "nonaggregated column 'd.g.n'")
	wantErr(t, s, "SELECT n, COUNT(*) FROM g", 1140, "without GROUP BY")
	cases := []struct{ sql, want string }{
		{"SELECT id, n FROM g GROUP BY id ORDER BY id", "1,a;2,b;3,c"}, // n depends on the primary key
		{"SELECT d + 1, COUNT(*) FROM g GROUP BY d + 1 ORDER BY 1", "2,2;3,1"},
		{"SELECT d, (SELECT MAX(id) FROM g), COUNT(*) FROM g GROUP BY d ORDER BY d", "1,3,2;2,3,1"},
	}
	for _, c := range cases {
		if got := rowsOf(t, s, c.sql); got != c.want {
			t.Errorf("%s: got %q want %q", c.sql, got, c.want)
		}
	}
	mustExec(t, s, "SET sql_mode = ''")
	if got := rowsOf(t, s, "SELECT d, COUNT(*) FROM g GROUP BY d ORDER BY d"); got != "1,2;2,1" {
		t.Fatal(got)
	}
}

func TestLockTables(t *testing.T) {
	s := tableSession(t)
	mustExec(t, s, "CREATE TABLE lt (id INT PRIMARY KEY)", "CREATE TABLE other (id INT PRIMARY KEY)", "INSERT INTO lt VALUES (1)")
	o := s.eng.NewSession(12, "localhost", nil, nil)
	o.Login("root", "localhost", ClientOptions{}, "d")

	mustExec(t, s, "LOCK TABLES lt READ")
	if got := rowsOf(t, s, "SELECT COUNT(*) FROM lt"); got != "1" {
		t.Fatal(got)
	}
	wantErr(t, s, "INSERT INTO lt VALUES (2)", 1099, "locked with a READ lock")
	wantErr(t, s, "SELECT * FROM other", 1100, "was not locked with LOCK TABLES")
	if got := rowsOf(t, o, "SELECT COUNT(*) FROM lt"); got != "1" { // others may read
		t.Fatal(got)
	}
	mustExec(t, o, "SET lock_wait_timeout = 1")
	wantErr(t, o, "INSERT INTO lt VALUES (3)", mysqldef.ErrLockWaitTimeout, "Lock wait timeout") // but not write
	done := make(chan []result)
	go func() { done <- query(t, o, "INSERT INTO lt VALUES (4)") }()
	time.Sleep(100 * time.Millisecond)
	mustExec(t, s, "UNLOCK TABLES")
	if rs := <-done; rs[0].err != nil {
		t.Fatalf("writer after UNLOCK: %v", rs[0].err)
	}
	mustExec(t, s, "LOCK TABLES lt WRITE")
	mustExec(t, s, "INSERT INTO lt VALUES (5)")
	wantErr(t, o, "SELECT * FROM lt", mysqldef.ErrLockWaitTimeout, "Lock wait timeout") // WRITE excludes readers
	s.Close()                                                                           // a disconnect releases the locks
	if got := rowsOf(t, o, "SELECT COUNT(*) FROM lt"); got != "3" {
		t.Fatal(got)
	}
}
