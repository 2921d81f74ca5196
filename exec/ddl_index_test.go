package exec

import (
	"fmt"
	"testing"

	"github.com/loopdb/loopdb/exec/table"
	"github.com/loopdb/loopdb/mysqldef"
	"github.com/loopdb/loopdb/storage"
	"github.com/pingcap/tidb/pkg/parser"
	"github.com/pingcap/tidb/pkg/parser/ast"
)

// countPrefix counts the keys stored under prefix.
func countPrefix(t *testing.T, s *Session, prefix []byte) int {
	t.Helper()
	it, err := s.eng.store.NewIter(prefix, storage.PrefixEnd(prefix))
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

// accessIndex is the index PlanAccess picks for a WHERE clause ("" for
// the primary key or a full scan).
func accessIndex(t *testing.T, s *Session, table, where string) string {
	t.Helper()
	stmt, err := parser.New().ParseOneStmt("SELECT * FROM "+table+" WHERE "+where, "", "")
	if err != nil {
		t.Fatal(err)
	}
	tbl := s.eng.catalog.Table(s.db, table)
	path := s.planner.PlanAccess(tbl, table, stmt.(*ast.SelectStmt).Where)
	if path.Index == nil {
		return ""
	}
	return path.Index.Name
}

func setupDB(t *testing.T) *Session {
	t.Helper()
	s := newTestSession(t)
	one(t, s, "CREATE DATABASE d")
	one(t, s, "USE d")
	return s
}

func TestCreateDropIndex(t *testing.T) {
	s := setupDB(t)
	one(t, s, "CREATE TABLE t (id INT PRIMARY KEY AUTO_INCREMENT, k INT NOT NULL DEFAULT 0, c VARCHAR(20))")
	one(t, s, "INSERT INTO t (k, c) VALUES (5,'a'),(7,'b'),(5,'c'),(9,NULL),(11,NULL)")
	r := one(t, s, "CREATE INDEX k_1 ON t (k)")
	if r.ok.Info != "Records: 0  Duplicates: 0  Warnings: 0" {
		t.Fatalf("info %q", r.ok.Info)
	}
	if got := accessIndex(t, s, "t", "k = 5"); got != "k_1" {
		t.Fatalf("planAccess chose %q", got)
	}
	if got := fmt.Sprint(one(t, s, "SELECT id, c FROM t WHERE k = 5 ORDER BY id").rows); got != "[[1 a] [3 c]]" {
		t.Fatal(got)
	}
	tbl := s.eng.catalog.Table("d", "t")
	ix := tbl.Index("k_1")
	if n := countPrefix(t, s, tbl.IndexPrefix(ix)); n != 5 {
		t.Fatalf("%d index entries", n)
	}
	// New writes maintain the built index.
	one(t, s, "INSERT INTO t (k, c) VALUES (5, 'd')")
	one(t, s, "UPDATE t SET k = 6 WHERE id = 1")
	if got := fmt.Sprint(one(t, s, "SELECT id FROM t WHERE k = 5 ORDER BY id").rows); got != "[[3] [6]]" {
		t.Fatal(got)
	}

	// UNIQUE: duplicates refuse the build; NULLs do not conflict.
	wantErr(t, s, "CREATE UNIQUE INDEX uk ON t (k)", mysqldef.ErrDupEntry, "Duplicate entry '5' for key 't.uk'")
	if s.eng.catalog.Table("d", "t").Index("uk") != nil {
		t.Fatal("failed build published")
	}
	one(t, s, "CREATE UNIQUE INDEX uc ON t (c)")
	wantErr(t, s, "INSERT INTO t (k, c) VALUES (1, 'a')", mysqldef.ErrDupEntry, "for key 't.uc'")
	one(t, s, "INSERT INTO t (k, c) VALUES (1, NULL)")
	if got := accessIndex(t, s, "t", "c = 'b'"); got != "uc" {
		t.Fatalf("planAccess chose %q", got)
	}
	if got := fmt.Sprint(one(t, s, "SELECT id FROM t WHERE c = 'b'").rows); got != "[[2]]" {
		t.Fatal(got)
	}

	wantErr(t, s, "CREATE INDEX k_1 ON t (c)", mysqldef.ErrDupKeyName, "Duplicate key name 'k_1'")
	wantErr(t, s, "CREATE INDEX k_2 ON t (nosuch)", mysqldef.ErrKeyColumnMissing, "Key column 'nosuch' doesn't exist in table")
	wantErr(t, s, "CREATE INDEX k_2 ON nosuch (k)", mysqldef.ErrNoSuchTable, "Table 'd.nosuch' doesn't exist")
	wantErr(t, s, "DROP INDEX nosuch ON t", mysqldef.ErrCantDropFieldOrKey, "Can't DROP 'nosuch'; check that column/key exists")

	// DROP INDEX deletes the entries.
	one(t, s, "DROP INDEX k_1 ON t")
	if n := countPrefix(t, s, tbl.IndexPrefix(ix)); n != 0 {
		t.Fatalf("%d entries left after DROP INDEX", n)
	}
	if got := accessIndex(t, s, "t", "k = 5"); got != "" {
		t.Fatalf("planAccess chose dropped %q", got)
	}
	// ALTER TABLE forms, several specs at once.
	one(t, s, "ALTER TABLE t ADD INDEX kc (k, c), ADD UNIQUE KEY (id, k), DROP INDEX uc")
	got := s.eng.catalog.Table("d", "t")
	if got.Index("kc") == nil || got.Index("id") == nil || got.Index("uc") != nil {
		t.Fatal("indexes", got.Indexes)
	}
	if got := fmt.Sprint(one(t, s, "SELECT id FROM t WHERE k = 5 AND c = 'c'").rows); got != "[[3]]" {
		t.Fatal(got)
	}
	one(t, s, "ALTER TABLE t DROP KEY kc")
	// What dumps wrap their INSERTs in: accepted, changing nothing.
	one(t, s, "/*!40000 ALTER TABLE t DISABLE KEYS */")
	one(t, s, "ALTER TABLE t ENABLE KEYS")
	one(t, s, "UNLOCK TABLES")
	one(t, s, "LOCK TABLES t READ")
	one(t, s, "UNLOCK TABLES")

	// The catalog keeps the indexes across a reopen.
	cat, err := table.OpenCatalog(s.eng.store)
	if err != nil {
		t.Fatal(err)
	}
	if re := cat.Table("d", "t"); re.Index("id") == nil || re.Index("kc") != nil {
		t.Fatal("indexes not persisted")
	}
}

func TestTruncateAndRename(t *testing.T) {
	s := setupDB(t)
	one(t, s, "CREATE TABLE t (id INT PRIMARY KEY AUTO_INCREMENT, k INT, KEY k (k))")
	one(t, s, "INSERT INTO t (k) VALUES (1),(2),(3)")
	old := s.eng.catalog.Table("d", "t")
	one(t, s, "TRUNCATE TABLE t")
	if n := countPrefix(t, s, table.TablePrefix(old.ID)); n != 0 {
		t.Fatalf("%d keys left after TRUNCATE", n)
	}
	one(t, s, "INSERT INTO t (k) VALUES (4)")
	if got := fmt.Sprint(one(t, s, "SELECT id, k FROM t WHERE k = 4").rows); got != "[[1 4]]" {
		t.Fatal("AUTO_INCREMENT not reset:", got)
	}
	one(t, s, "TRUNCATE t")
	wantErr(t, s, "TRUNCATE nosuch", mysqldef.ErrNoSuchTable, "Table 'd.nosuch' doesn't exist")

	one(t, s, "INSERT INTO t (k) VALUES (8)")
	one(t, s, "CREATE TABLE u (a INT)")
	one(t, s, "CREATE DATABASE e")
	wantErr(t, s, "RENAME TABLE t TO u", mysqldef.ErrTableExists, "Table 'u' already exists")
	wantErr(t, s, "RENAME TABLE nosuch TO v", mysqldef.ErrNoSuchTable, "Table 'd.nosuch' doesn't exist")
	wantErr(t, s, "RENAME TABLE t TO nodb.v", mysqldef.ErrBadDB, "Unknown database 'nodb'")
	// A swap through a temporary name.
	one(t, s, "RENAME TABLE t TO tmp, u TO t, tmp TO u")
	if r := one(t, s, "SELECT k FROM u"); fmt.Sprint(r.rows) != "[[8]]" {
		t.Fatal(r.rows)
	}
	one(t, s, "ALTER TABLE u RENAME TO e.moved")
	if r := one(t, s, "SELECT k FROM e.moved WHERE k = 8"); fmt.Sprint(r.rows) != "[[8]]" {
		t.Fatal(r.rows)
	}
	one(t, s, "ALTER TABLE e.moved RENAME d.back")
	wantErr(t, s, "SELECT * FROM e.moved", mysqldef.ErrNoSuchTable, "doesn't exist")
	cat, err := table.OpenCatalog(s.eng.store)
	if err != nil || cat.Table("d", "back") == nil || cat.Table("e", "moved") != nil {
		t.Fatal("rename not persisted", err)
	}
}

func TestAlterColumns(t *testing.T) {
	s := setupDB(t)
	one(t, s, "CREATE TABLE t (id INT PRIMARY KEY, a VARCHAR(10), b INT, KEY ab (a, b), KEY b (b))")
	one(t, s, "INSERT INTO t VALUES (1, 'x', 10), (2, NULL, 20)")
	one(t, s, "ALTER TABLE t ADD COLUMN c INT NOT NULL DEFAULT 7, ADD d VARCHAR(5) FIRST, ADD e INT NOT NULL AFTER id")
	r := one(t, s, "SELECT * FROM t ORDER BY id")
	if fmt.Sprint(r.rows) != "[[NULL 1 0 x 10 7] [NULL 2 0 NULL 20 7]]" {
		t.Fatal(r.rows)
	}
	if r.cols[0].Name != "d" || r.cols[2].Name != "e" {
		t.Fatal("column order")
	}
	// A changed default does not change what old rows hold.
	one(t, s, "ALTER TABLE t ALTER COLUMN c SET DEFAULT 8")
	one(t, s, "INSERT INTO t (id, e) VALUES (3, 1)")
	if r := one(t, s, "SELECT id, c FROM t ORDER BY id"); fmt.Sprint(r.rows) != "[[1 7] [2 7] [3 8]]" {
		t.Fatal(r.rows)
	}
	// DROP COLUMN: gone from the rows and from the indexes.
	one(t, s, "ALTER TABLE t DROP COLUMN b")
	tbl := s.eng.catalog.Table("d", "t")
	if tbl.Index("b") != nil || tbl.Index("ab") == nil || len(tbl.Index("ab").Columns) != 1 {
		t.Fatal("indexes after DROP COLUMN", tbl.Indexes)
	}
	if r := one(t, s, "SELECT * FROM t WHERE a = 'x'"); fmt.Sprint(r.rows) != "[[NULL 1 0 x 7]]" {
		t.Fatal(r.rows)
	}
	if got := accessIndex(t, s, "t", "a = 'x'"); got != "ab" {
		t.Fatal("planAccess", got)
	}
	wantErr(t, s, "ALTER TABLE t DROP COLUMN nosuch", mysqldef.ErrCantDropFieldOrKey, "Can't DROP 'nosuch'; check that column/key exists")
	wantErr(t, s, "ALTER TABLE t DROP COLUMN id", mysqldef.ErrNotSupportedYet, "PRIMARY KEY column")
	wantErr(t, s, "ALTER TABLE t ADD COLUMN a INT", mysqldef.ErrDupFieldName, "Duplicate column name 'a'")
	// MODIFY / CHANGE without rewriting rows.
	one(t, s, "ALTER TABLE t MODIFY a VARCHAR(20), CHANGE COLUMN c cc BIGINT NOT NULL DEFAULT 7")
	wantErr(t, s, "ALTER TABLE t MODIFY a INT", mysqldef.ErrNotSupportedYet, "this ALTER TABLE")
	wantErr(t, s, "ALTER TABLE t MODIFY a VARCHAR(5)", mysqldef.ErrNotSupportedYet, "this ALTER TABLE")
	wantErr(t, s, "ALTER TABLE t MODIFY a VARCHAR(20) NOT NULL", mysqldef.ErrInvalidUseOfNull, "Invalid use of NULL value")
	one(t, s, "UPDATE t SET a = '' WHERE a IS NULL")
	one(t, s, "ALTER TABLE t MODIFY a VARCHAR(20) NOT NULL, RENAME COLUMN d TO dd, ENGINE=InnoDB, COMMENT='hi'")
	wantErr(t, s, "INSERT INTO t (id, e, a) VALUES (9, 1, NULL)", mysqldef.ErrBadNull, "cannot be null")
	r = one(t, s, "SELECT dd, id, e, a, cc FROM t ORDER BY id")
	if fmt.Sprint(r.rows) != "[[NULL 1 0 x 7] [NULL 2 0  7] [NULL 3 1  8]]" {
		t.Fatal(r.rows)
	}
	wantErr(t, s, "ALTER TABLE t ENGINE=MyISAM", mysqldef.ErrNotSupportedYet, "MyISAM")
	// Reopened catalog reads the same rows.
	cat, err := table.OpenCatalog(s.eng.store)
	if err != nil {
		t.Fatal(err)
	}
	re := cat.Table("d", "t")
	if re.Comment != "hi" || re.Column("cc") < 0 || re.Column("b") >= 0 {
		t.Fatal("alter not persisted")
	}
}

// An index built while another session inserts ends up with an entry for
// every row: DML waits on the metadata lock while the build runs.
func TestIndexBuildConcurrentInserts(t *testing.T) {
	s := setupDB(t)
	one(t, s, "CREATE TABLE t (id INT PRIMARY KEY AUTO_INCREMENT, k INT)")
	one(t, s, "INSERT INTO t (k) VALUES (1),(2),(3)")
	other := s.eng.NewSession(8, "localhost", nil, nil)
	other.Login("root", "localhost", ClientOptions{}, "")
	one(t, other, "USE d")
	done := make(chan error)
	go func() {
		for i := 0; i < 200; i++ {
			rs := runQuery(other, fmt.Sprintf("INSERT INTO t (k) VALUES (%d)", i), &recorder{})
			if rs[0].ok == nil {
				done <- fmt.Errorf("insert %d failed: %v", i, rs[0].err)
				return
			}
		}
		done <- nil
	}()
	one(t, s, "CREATE INDEX k ON t (k)")
	one(t, s, "ALTER TABLE t ADD COLUMN extra INT DEFAULT 5, ADD INDEX ke (k, extra)")
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	tbl := s.eng.catalog.Table("d", "t")
	rows := countPrefix(t, s, tbl.RowPrefix())
	for _, ix := range tbl.Indexes {
		if n := countPrefix(t, s, tbl.IndexPrefix(ix)); n != rows {
			t.Fatalf("index %s: %d entries for %d rows", ix.Name, n, rows)
		}
	}
	if r := one(t, s, "SELECT COUNT(*) FROM t WHERE extra = 5"); r.rows[0][0] != fmt.Sprint(rows) {
		t.Fatal(r.rows, rows)
	}
}
