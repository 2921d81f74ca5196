package exec

import (
	"strings"
	"testing"

	"github.com/loopdb/loopdb/exec/table"
	"github.com/loopdb/loopdb/mysqldef"
)

// TestKeyPartLengthErrors: MySQL 8's 1089, 1071 and 1170 for key lengths.
func TestKeyPartLengthErrors(t *testing.T) {
	s := setupDB(t)
	wantErr(t, s, "CREATE TABLE e1 (a INT, KEY (a(2)))", mysqldef.ErrWrongSubKey, "Incorrect prefix key")
	wantErr(t, s, "CREATE TABLE e2 (d DATE, KEY (d(2)))", mysqldef.ErrWrongSubKey, "Incorrect prefix key")
	wantErr(t, s, "CREATE TABLE e3 (v VARCHAR(10), KEY (v(20)))", mysqldef.ErrWrongSubKey, "Incorrect prefix key")
	wantErr(t, s, "CREATE TABLE e4 (b TEXT, KEY (b))", mysqldef.ErrBlobKeyNoLength, "BLOB/TEXT column 'b' used in key specification without a key length")
	wantErr(t, s, "CREATE TABLE e5 (v VARCHAR(1000), KEY (v))", mysqldef.ErrTooLongKey, "Specified key was too long; max key length is 3072 bytes")
	wantErr(t, s, "CREATE TABLE e6 (v VARCHAR(500), w VARCHAR(500), KEY (v, w))", mysqldef.ErrTooLongKey, "max key length is 3072 bytes")
	wantErr(t, s, "CREATE TABLE e7 (b TEXT, PRIMARY KEY (b(769)))", mysqldef.ErrTooLongKey, "max key length is 3072 bytes")
	// At the limit: 768 utf8mb4 characters, 3072 binary bytes.
	one(t, s, "CREATE TABLE ok1 (v VARCHAR(768), KEY (v))")
	one(t, s, "CREATE TABLE ok2 (v VARBINARY(3072), KEY (v))")
	wantErr(t, s, "CREATE TABLE e8 (v VARBINARY(3073), KEY (v))", mysqldef.ErrTooLongKey, "max key length")
	// A length covering the whole column is the plain column.
	one(t, s, "CREATE TABLE ok3 (v VARCHAR(10), KEY kv (v(10)))")
	one(t, s, "CREATE TABLE ok4 (d DATE, a INT, KEY (d(3)), KEY (a(4)))") // a fixed-size type's own key length
	if got := rowsOf(t, s, "SHOW CREATE TABLE ok3"); !strings.Contains(got, "KEY `kv` (`v`)") {
		t.Fatalf("SHOW CREATE TABLE: %s", got)
	}
	wantErr(t, s, "ALTER TABLE ok3 ADD INDEX (v(11))", mysqldef.ErrWrongSubKey, "Incorrect prefix key")
	// MODIFY re-checks the keys using the column.
	one(t, s, "ALTER TABLE ok1 MODIFY v VARCHAR(768) NOT NULL")
	wantErr(t, s, "ALTER TABLE ok1 MODIFY v VARCHAR(769)", mysqldef.ErrTooLongKey, "max key length is 3072 bytes")
	one(t, s, "CREATE TABLE ok5 (v VARCHAR(10), KEY (v(5)))")
	one(t, s, "ALTER TABLE ok5 MODIFY v VARCHAR(20)")
	if got := rowsOf(t, s, "SHOW CREATE TABLE ok5"); !strings.Contains(got, "KEY `v` (`v`(5))") {
		t.Fatalf("SHOW CREATE TABLE after MODIFY: %s", got)
	}
}

// TestCreateTableLikeView: MySQL 8 copies only base tables (1347).
func TestCreateTableLikeView(t *testing.T) {
	s := setupDB(t)
	one(t, s, "CREATE TABLE b (a INT)")
	one(t, s, "CREATE VIEW v AS SELECT a FROM b")
	wantErr(t, s, "CREATE TABLE t2 LIKE v", mysqldef.ErrWrongObject, "'d.v' is not BASE TABLE")
	wantErr(t, s, "CREATE TEMPORARY TABLE t3 LIKE d.v", mysqldef.ErrWrongObject, "'d.v' is not BASE TABLE")
	wantErr(t, s, "SELECT * FROM t2", mysqldef.ErrNoSuchTable, "doesn't exist")
	one(t, s, "CREATE TABLE t4 LIKE b")
}

// TestPrefixIndex: a prefix key part stores the value's first characters;
// reads through it re-check rows; UNIQUE makes the prefix unique.
func TestPrefixIndex(t *testing.T) {
	s := setupDB(t)
	mustExec(t, s,
		"CREATE TABLE p (id INT PRIMARY KEY, c TEXT, b BLOB, KEY kc (c(3)), UNIQUE KEY ub (b(2)))",
		"INSERT INTO p VALUES (1,'abcdef','x1'),(2,'abcxyz','y1'),(3,'abd','z1'),(4,NULL,NULL),(5,'ABCdef','w1')")
	if got := accessIndex(t, s, "p", "c = 'abcdef'"); got != "kc" {
		t.Fatalf("access index %q", got)
	}
	for q, want := range map[string]string{
		"SELECT id FROM p WHERE c = 'abcdef' ORDER BY id":                "1;5",
		"SELECT id FROM p WHERE c IN ('abcdef','abcxyz') ORDER BY id":    "1;2;5",
		"SELECT id FROM p WHERE c > 'abcdef' ORDER BY id":                "2;3",
		"SELECT id FROM p WHERE c >= 'abc' AND c < 'abd' ORDER BY id":    "1;2;5",
		"SELECT id FROM p WHERE c LIKE 'abc%' ORDER BY id":               "1;2;5",
		"SELECT id FROM p WHERE c BETWEEN 'abcd' AND 'abcz' ORDER BY id": "1;2;5",
		"SELECT id FROM p WHERE b = 'x1'":                                "1",
		"SELECT id FROM p WHERE b = 'x2'":                                "",
		"SELECT id FROM p WHERE c = 'abcxyz' OR c = 'abd' ORDER BY id":   "2;3",
		"SELECT id FROM p ORDER BY c, id":                                "4;1;5;2;3",
	} {
		if got := rowsOf(t, s, q); got != want {
			t.Errorf("%s: got %q want %q", q, got, want)
		}
	}
	// UNIQUE (b(2)): 'x1' and 'x1zz' share the prefix 'x1'.
	wantErr(t, s, "INSERT INTO p VALUES (6,'q','x1zz')", mysqldef.ErrDupEntry, "Duplicate entry 'x1' for key 'p.ub'")
	one(t, s, "UPDATE p SET b = 'x1q' WHERE id = 1") // same prefix, same row: no conflict
	wantErr(t, s, "UPDATE p SET b = 'y1q' WHERE id = 1", mysqldef.ErrDupEntry, "Duplicate entry 'y1' for key 'p.ub'")
	one(t, s, "UPDATE p SET c = 'abcqqq' WHERE id = 1")
	if got := rowsOf(t, s, "SELECT id FROM p WHERE c = 'abcqqq'"); got != "1" {
		t.Fatalf("after update: %q", got)
	}
	one(t, s, "DELETE FROM p WHERE c = 'abcxyz'")
	if got := rowsOf(t, s, "SELECT id FROM p WHERE c LIKE 'abc%' ORDER BY id"); got != "1;5" {
		t.Fatalf("after delete: %q", got)
	}
	// ALTER TABLE ADD INDEX with a prefix over existing rows.
	one(t, s, "ALTER TABLE p ADD UNIQUE INDEX uc (c(4))")
	wantErr(t, s, "INSERT INTO p VALUES (7,'abcq-other','k1')", mysqldef.ErrDupEntry, "Duplicate entry 'abcq' for key 'p.uc'")
	wantErr(t, s, "ALTER TABLE p ADD UNIQUE INDEX uc2 (c(2))", mysqldef.ErrDupEntry, "for key 'p.uc2'")
	got := rowsOf(t, s, "SHOW CREATE TABLE p")
	for _, want := range []string{"UNIQUE KEY `ub` (`b`(2))", "UNIQUE KEY `uc` (`c`(4))", "KEY `kc` (`c`(3))"} {
		if !strings.Contains(got, want) {
			t.Fatalf("SHOW CREATE TABLE lacks %s:\n%s", want, got)
		}
	}
	if got := rowsOf(t, s, "SELECT INDEX_NAME, COLUMN_NAME, SUB_PART FROM information_schema.STATISTICS WHERE TABLE_NAME = 'p' ORDER BY INDEX_NAME"); got != "kc,c,3;PRIMARY,id,NULL;ub,b,2;uc,c,4" {
		t.Fatalf("STATISTICS: %q", got)
	}
	if got := rowsOf(t, s, "SHOW INDEX FROM p WHERE Key_name = 'kc'"); !strings.Contains(got, "kc,1,c,A,") || !strings.Contains(got, ",3,NULL,YES,BTREE") {
		t.Fatalf("SHOW INDEX Sub_part: %q", got)
	}
	// EXPLAIN: key_len of a prefix part is its characters x 4 + 2 (+1 nullable);
	// the match is re-checked (Using where).
	if got := rowsOf(t, s, "EXPLAIN SELECT id FROM p WHERE c = 'abcqqq'"); got != "1,SIMPLE,p,NULL,const,kc,uc,uc,19,const,1,100.00,Using where" {
		t.Fatalf("EXPLAIN: %q", got)
	}
	// A prefix primary key: the prefix is the row key.
	mustExec(t, s, "CREATE TABLE pk (b TEXT, n INT, PRIMARY KEY (b(3)))", "INSERT INTO pk VALUES ('abcdef',1),('xyz',2)")
	wantErr(t, s, "INSERT INTO pk VALUES ('abcxyz',3)", mysqldef.ErrDupEntry, "Duplicate entry 'abc' for key 'pk.PRIMARY'")
	for q, want := range map[string]string{
		"SELECT n FROM pk WHERE b = 'abcdef'":                    "1",
		"SELECT n FROM pk WHERE b = 'abc'":                       "",
		"SELECT n FROM pk WHERE b > 'abcd' ORDER BY n":           "1;2",
		"SELECT n FROM pk ORDER BY b DESC":                       "2;1",
		"SELECT p.id FROM p JOIN pk ON pk.b = p.c ORDER BY p.id": "5", // 'ABCdef' = 'abcdef' (_ai_ci)
	} {
		if got := rowsOf(t, s, q); got != want {
			t.Errorf("%s: got %q want %q", q, got, want)
		}
	}
	// A temporary table's prefix keys work the same way.
	mustExec(t, s, "CREATE TEMPORARY TABLE tp (c TEXT, UNIQUE KEY (c(2)))", "INSERT INTO tp VALUES ('xy1')")
	wantErr(t, s, "INSERT INTO tp VALUES ('xy2')", mysqldef.ErrDupEntry, "Duplicate entry 'xy' for key 'tp.c'")
	mustExec(t, s, "CREATE TABLE tp_copy LIKE tp")
	if got := rowsOf(t, s, "SHOW CREATE TABLE tp_copy"); !strings.Contains(got, "UNIQUE KEY `c` (`c`(2))") {
		t.Fatalf("LIKE copies the prefix: %s", got)
	}
	// ORDER BY never takes a prefix key's order.
	mustExec(t, s, "CREATE TABLE pk2 (b VARCHAR(10), n INT, PRIMARY KEY (b(3), n))", "INSERT INTO pk2 VALUES ('abcz',0),('abca',1),('abcm',2)")
	if got := rowsOf(t, s, "SELECT b FROM pk2 ORDER BY b, n"); got != "abca;abcm;abcz" {
		t.Fatalf("ORDER BY over a prefix primary key: %q", got)
	}
	if got := rowsOf(t, s, "SELECT b FROM pk2 WHERE b = 'abcm'"); got != "abcm" {
		t.Fatalf("point on a prefix primary key part: %q", got)
	}
	one(t, s, "UPDATE pk SET b = 'abcqqq' WHERE n = 1")
	if got := rowsOf(t, s, "SELECT p.id, pk.n FROM p JOIN pk ON pk.b = p.c ORDER BY p.id"); got != "1,1" {
		t.Fatalf("join through the prefix primary key: %q", got)
	}
}

// TestPrefixKeyspaceCheck: the keyspace checker agrees with the entries
// prefix keys write (inserts, updates past and within the prefix, deletes,
// an index built over existing rows, a prefix primary key).
func TestPrefixKeyspaceCheck(t *testing.T) {
	s := setupDB(t)
	mustExec(t, s,
		"CREATE TABLE k (id INT PRIMARY KEY, c TEXT, b VARBINARY(20), KEY (c(3)), UNIQUE KEY (b(2)))",
		"INSERT INTO k VALUES (1,'abcdef','x1'),(2,'abcxyz','y1'),(3,NULL,NULL),(4,'äöüx','z1')",
		"UPDATE k SET c = 'abcqqq' WHERE id = 1", "UPDATE k SET c = 'zzz' WHERE id = 2", "DELETE FROM k WHERE id = 3",
		"CREATE INDEX c2 ON k (c(1), b(1))",
		"CREATE TABLE kp (b TEXT, n INT, PRIMARY KEY (b(2), n))", "INSERT INTO kp VALUES ('abc',1),('abd',2)",
		"UPDATE kp SET b = 'abz' WHERE n = 1")
	problems, err := table.CheckKeyspace(s.eng.store, s.eng.catalog.AllTables(), 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(problems) != 0 {
		t.Fatalf("keyspace problems: %v", problems)
	}
}
