package exec

import (
	"strings"
	"testing"

	"github.com/loopdb/loopdb/mysqldef"
)

// TestKeyPartLengthErrors: MySQL 8's 1089, 1071 and 1170 for key lengths.
func TestKeyPartLengthErrors(t *testing.T) {
	s := setupDB(t)
	wantErr(t, s, "CREATE TABLE e1 (a INT, KEY (a(2)))", mysqldef.ErrWrongSubKey, "Incorrect prefix key")
	wantErr(t, s, "CREATE TABLE e2 (d DATE, KEY (d(3)))", mysqldef.ErrWrongSubKey, "Incorrect prefix key")
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
	if got := rowsOf(t, s, "SHOW CREATE TABLE ok3"); !strings.Contains(got, "KEY `kv` (`v`)") {
		t.Fatalf("SHOW CREATE TABLE: %s", got)
	}
	wantErr(t, s, "ALTER TABLE ok3 ADD INDEX (v(11))", mysqldef.ErrWrongSubKey, "Incorrect prefix key")
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
