package exec

import (
	"testing"

	"github.com/loopdb/loopdb/exec/table"
	"github.com/loopdb/loopdb/storage"
)

// tempKeys counts the keys in the temporary tables' id range.
func tempKeys(t *testing.T, store storage.Engine) int {
	t.Helper()
	it, err := store.NewIter(table.TablePrefix(table.TempIDBase), storage.PrefixEnd([]byte{storage.TablePrefix}))
	if err != nil {
		t.Fatal(err)
	}
	defer it.Close()
	n := 0
	for ok := it.First(); ok; ok = it.Next() {
		n++
	}
	return n
}

// A temporary table shadows a base table for its session only, is not
// listed, and goes with its session, its keys with it.
func TestTempTableShadowsAndGoes(t *testing.T) {
	s := tableSession(t)
	mustExec(t, s, "CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(10))", "INSERT INTO t VALUES (1, 'base')")
	other := s.eng.NewSession(8, "localhost", nil, nil)
	other.Login("root", "localhost", ClientOptions{}, "d")

	mustExec(t, s, "CREATE TEMPORARY TABLE t (id INT PRIMARY KEY AUTO_INCREMENT, v VARCHAR(10), KEY v (v))",
		"INSERT INTO t (v) VALUES ('tmp'), ('tmp2')")
	if got := rowsOf(t, s, "SELECT id, v FROM t WHERE v = 'tmp2'"); got != "2,tmp2" {
		t.Fatalf("temporary rows: %s", got)
	}
	if got := rowsOf(t, other, "SELECT v FROM t"); got != "base" {
		t.Fatalf("other session sees %s", got)
	}
	if got := rowsOf(t, s, "SHOW TABLES"); got != "t" {
		t.Fatalf("SHOW TABLES: %s", got)
	}
	if got := rowsOf(t, s, "SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = 'd'"); got != "1" {
		t.Fatalf("information_schema.TABLES: %s", got)
	}
	wantErr(t, s, "CREATE TEMPORARY TABLE t (a INT)", 1050, "already exists")
	wantErr(t, s, "SELECT * FROM t JOIN t AS t2", 1137, "Can't reopen table: 't'")
	wantErr(t, s, "SELECT * FROM t WHERE id IN (SELECT id FROM t)", 1137, "Can't reopen table")
	if tempKeys(t, s.eng.store) == 0 {
		t.Fatal("no keys in the temporary range")
	}
	// DROP TABLE drops the temporary table first, then the base one.
	mustExec(t, s, "DROP TABLE t")
	if got := rowsOf(t, s, "SELECT v FROM t"); got != "base" {
		t.Fatalf("after DROP: %s", got)
	}
	if n := tempKeys(t, s.eng.store); n != 0 {
		t.Fatalf("%d keys left after DROP", n)
	}
	wantErr(t, s, "DROP TEMPORARY TABLE t", 1051, "Unknown table 'd.t'")
	mustExec(t, s, "DROP TEMPORARY TABLE IF EXISTS t", "CREATE TEMPORARY TABLE x (a INT)", "INSERT INTO x VALUES (1)")
	s.Close()
	if n := tempKeys(t, other.eng.store); n != 0 {
		t.Fatalf("%d keys left after the session closed", n)
	}
	wantErr(t, other, "SELECT * FROM x", 1146, "doesn't exist")
}

// ROLLBACK undoes a temporary table's rows but not its creation, and
// CREATE TEMPORARY TABLE neither commits the transaction nor is refused in
// a READ ONLY one.
func TestTempTableTransactions(t *testing.T) {
	s := tableSession(t)
	mustExec(t, s, "CREATE TABLE b (a INT)",
		"BEGIN", "INSERT INTO b VALUES (1)",
		"CREATE TEMPORARY TABLE x (a INT)", "INSERT INTO x VALUES (1)", "ROLLBACK")
	if got := rowsOf(t, s, "SELECT COUNT(*) FROM b"); got != "0" {
		t.Fatalf("CREATE TEMPORARY TABLE committed: %s", got)
	}
	if got := rowsOf(t, s, "SELECT COUNT(*) FROM x"); got != "0" {
		t.Fatalf("ROLLBACK kept temporary rows: %s", got)
	}
	mustExec(t, s, "START TRANSACTION READ ONLY", "CREATE TEMPORARY TABLE y (a INT)", "INSERT INTO y VALUES (5)")
	wantErr(t, s, "INSERT INTO b VALUES (1)", 1792, "READ ONLY")
	mustExec(t, s, "COMMIT")
	if got := rowsOf(t, s, "SELECT a FROM y"); got != "5" {
		t.Fatalf("read-only temporary insert: %s", got)
	}
}

// DDL on a temporary table: ALTER (an index, a rename), CREATE INDEX,
// TRUNCATE, SHOW CREATE TABLE, DESCRIBE, LIKE, AS SELECT; foreign keys
// are refused.
func TestTempTableDDL(t *testing.T) {
	s := tableSession(t)
	mustExec(t, s, "CREATE TABLE p (id INT PRIMARY KEY)",
		"CREATE TEMPORARY TABLE x (id INT PRIMARY KEY AUTO_INCREMENT, v INT)",
		"INSERT INTO x (v) VALUES (10), (20)",
		"ALTER TABLE x ADD INDEX iv (v)", "CREATE INDEX iv2 ON x (v, id)")
	if got := rowsOf(t, s, "SHOW CREATE TABLE x"); got != "x,CREATE TEMPORARY TABLE `x` (\n  `id` int NOT NULL AUTO_INCREMENT,\n  `v` int DEFAULT NULL,\n  PRIMARY KEY (`id`),\n  KEY `iv` (`v`),\n  KEY `iv2` (`v`,`id`)\n) ENGINE=InnoDB AUTO_INCREMENT=3 DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_0900_ai_ci" {
		t.Fatalf("SHOW CREATE TABLE: %q", got)
	}
	if got := rowsOf(t, s, "SELECT id FROM x WHERE v = 20"); got != "2" {
		t.Fatalf("index lookup: %s", got)
	}
	mustExec(t, s, "ALTER TABLE x RENAME TO y", "RENAME TABLE y TO y0", "RENAME TABLE y0 TO y")
	wantErr(t, s, "SELECT * FROM x", 1146, "doesn't exist")
	wantErr(t, s, "SELECT * FROM y0", 1146, "doesn't exist")
	if got := rowsOf(t, s, "DESCRIBE y"); got != "id,int,NO,PRI,NULL,auto_increment;v,int,YES,MUL,NULL," {
		t.Fatalf("DESCRIBE: %s", got)
	}
	mustExec(t, s, "TRUNCATE TABLE y", "INSERT INTO y (v) VALUES (1)")
	if got := rowsOf(t, s, "SELECT id, v FROM y"); got != "1,1" {
		t.Fatalf("after TRUNCATE: %s", got)
	}
	mustExec(t, s, "CREATE TEMPORARY TABLE z LIKE y", "CREATE TEMPORARY TABLE w AS SELECT id * 2 AS d, v FROM y")
	if got := rowsOf(t, s, "SELECT d, v FROM w"); got != "2,1" {
		t.Fatalf("AS SELECT: %s", got)
	}
	if got := rowsOf(t, s, "SELECT COUNT(*) FROM z JOIN p ON z.id = p.id"); got != "0" {
		t.Fatalf("join with a base table: %s", got)
	}
	wantErr(t, s, "CREATE TEMPORARY TABLE f (a INT, FOREIGN KEY (a) REFERENCES p (id))", 1215, "foreign key")
	wantErr(t, s, "ALTER TABLE y ADD FOREIGN KEY (v) REFERENCES p (id)", 1215, "foreign key")
	wantErr(t, s, "CREATE VIEW vy AS SELECT * FROM y", 1352, "temporary table")
}

// The plan caches never serve a plan built against the base table once a
// temporary table shadows it, nor the other way round.
func TestTempTablePlanCaches(t *testing.T) {
	s := tableSession(t)
	mustExec(t, s, "CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(10))", "INSERT INTO t VALUES (1, 'base')",
		"PREPARE st FROM 'SELECT v FROM t WHERE id = ?'", "SET @one = 1")
	for round := 0; round < 2; round++ {
		if got := rowsOf(t, s, "SELECT v FROM t WHERE id = 1"); got != "base" {
			t.Fatalf("round %d text: %s", round, got)
		}
		if got := rowsOf(t, s, "EXECUTE st USING @one"); got != "base" {
			t.Fatalf("round %d prepared: %s", round, got)
		}
		mustExec(t, s, "CREATE TEMPORARY TABLE t (id INT PRIMARY KEY, v VARCHAR(10))", "INSERT INTO t VALUES (1, 'tmp')")
		if got := rowsOf(t, s, "SELECT v FROM t WHERE id = 1"); got != "tmp" {
			t.Fatalf("round %d text after shadowing: %s", round, got)
		}
		if got := rowsOf(t, s, "EXECUTE st USING @one"); got != "tmp" {
			t.Fatalf("round %d prepared after shadowing: %s", round, got)
		}
		mustExec(t, s, "DROP TEMPORARY TABLE t")
	}
}

// A crash leaves temporary rows in the store: the next engine on it
// removes them before any session starts.
func TestTempTableStartupCleanup(t *testing.T) {
	s := tableSession(t)
	mustExec(t, s, "CREATE TEMPORARY TABLE x (a INT PRIMARY KEY, KEY (a))", "INSERT INTO x VALUES (1), (2)")
	if tempKeys(t, s.eng.store) == 0 {
		t.Fatal("no temporary keys written")
	}
	// No Close: as if the server died here.
	eng, err := NewEngine(Config{Version: "test"}, s.eng.store, nil)
	if err != nil {
		t.Fatal(err)
	}
	if n := tempKeys(t, eng.store); n != 0 {
		t.Fatalf("%d temporary keys survived a restart", n)
	}
}

// COM_RESET_CONNECTION (and COM_CHANGE_USER, which resets the same way)
// ends the session's temporary tables.
func TestTempTableReset(t *testing.T) {
	s := tableSession(t)
	mustExec(t, s, "CREATE TEMPORARY TABLE x (a INT)", "INSERT INTO x VALUES (1)")
	s.Reset()
	wantErr(t, s, "SELECT * FROM x", 1146, "doesn't exist")
	if n := tempKeys(t, s.eng.store); n != 0 {
		t.Fatalf("%d keys left after reset", n)
	}
}

// Creating a temporary table needs CREATE TEMPORARY TABLES on the
// database; using it needs no table privilege. A temporary table shadowing
// a base table the account may not read is readable; once it is dropped,
// the base table is denied again, also through a cached statement.
func TestTempTablePrivileges(t *testing.T) {
	root, app := privSessions(t)
	mustExec(t, root, "GRANT SELECT ON d.u TO app")
	wantErr(t, app, "CREATE TEMPORARY TABLE d.tmp (a INT)", 1044, "to database 'd'")
	mustExec(t, root, "GRANT CREATE TEMPORARY TABLES ON d.* TO app")
	mustExec(t, app, "USE d", "CREATE TEMPORARY TABLE tmp (a INT)", "INSERT INTO tmp VALUES (1)",
		"UPDATE tmp SET a = 2", "ALTER TABLE tmp ADD INDEX ia (a)", "TRUNCATE TABLE tmp",
		"INSERT INTO tmp VALUES (3)", "CREATE TEMPORARY TABLE t (id INT, v INT)", "INSERT INTO t VALUES (7, 70)")
	if got := rowsOf(t, app, "SELECT v FROM t WHERE id = 7"); got != "70" {
		t.Fatalf("shadowing temporary table: %s", got)
	}
	if got := rowsOf(t, app, "SELECT a FROM tmp JOIN u ON u.id = 1"); got != "3" {
		t.Fatalf("join with a granted base table: %s", got)
	}
	mustExec(t, app, "DROP TABLE t")
	wantErr(t, app, "SELECT v FROM t WHERE id = 7", 1142, "SELECT command denied")
	mustExec(t, app, "DROP TEMPORARY TABLE tmp")
}
