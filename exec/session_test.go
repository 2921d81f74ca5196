package exec

import (
	"fmt"
	"strings"
	"testing"

	"github.com/loopdb/loopdb/exec/table"
	"github.com/loopdb/loopdb/mysqldef"
	"github.com/loopdb/loopdb/storage"
)

func newTestSession(t testing.TB) *Session {
	t.Helper()
	store := openTestStore(t)
	eng, err := NewEngine(Config{Version: "8.0.40-loopdb-test", Globals: map[string]string{"max_connections": "77"}}, store, nil)
	if err != nil {
		t.Fatal(err)
	}
	s := eng.NewSession(7, "localhost", nil, nil)
	s.Login("root", "localhost", ClientOptions{MultiStatements: true}, "")
	return s
}

// rootSessionOn starts an engine on store and logs root in (session id 1).
func rootSessionOn(t testing.TB, store storage.Engine) *Session {
	t.Helper()
	eng, err := NewEngine(Config{Version: "8.0.40-loopdb-test"}, store, nil)
	if err != nil {
		t.Fatal(err)
	}
	s := eng.NewSession(1, "localhost", nil, nil)
	s.Login("root", "localhost", ClientOptions{MultiStatements: true}, "")
	return s
}

func query(t *testing.T, s *Session, sql string) []result {
	t.Helper()
	return runQuery(s, sql, &recorder{})
}

// one runs sql and returns its only result, failing on an error.
func one(t *testing.T, s *Session, sql string) result {
	t.Helper()
	rs := query(t, s, sql)
	if len(rs) != 1 {
		t.Fatalf("%s: %d results", sql, len(rs))
	}
	if rs[0].err != nil {
		t.Fatalf("%s: %v", sql, rs[0].err)
	}
	return rs[0]
}

func wantErr(t *testing.T, s *Session, sql string, code uint16, msgPart string) {
	t.Helper()
	rs := query(t, s, sql)
	last := rs[len(rs)-1]
	if last.err == nil || last.err.Code != code || !strings.Contains(last.err.Message, msgPart) {
		t.Fatalf("%s: got %+v, want error %d containing %q", sql, last.err, code, msgPart)
	}
}

func TestConnectQueries(t *testing.T) {
	s := newTestSession(t)
	r := one(t, s, "SELECT 1+1, @@version, CONNECTION_ID()")
	if got := fmt.Sprint(r.rows); got != "[[2 8.0.40-loopdb-test 7]]" {
		t.Fatalf("rows %s", got)
	}
	if r.cols[0].Name != "1+1" || r.cols[1].Name != "@@version" || r.cols[2].Name != "CONNECTION_ID()" {
		t.Fatalf("names %q %q %q", r.cols[0].Name, r.cols[1].Name, r.cols[2].Name)
	}
	if r.cols[0].Type != mysqldef.TypeLongLong {
		t.Fatalf("1+1 type %d", r.cols[0].Type)
	}
	r = one(t, s, "select @@version_comment limit 1")
	if len(r.rows) != 1 || !strings.Contains(r.rows[0][0], "loopdb") {
		t.Fatal(r.rows)
	}
	if r := one(t, s, "SELECT 1 LIMIT 0"); len(r.rows) != 0 {
		t.Fatal("LIMIT 0 returned a row")
	}
	if r := one(t, s, "SELECT 5 AS five FROM DUAL WHERE 1 = 0"); len(r.rows) != 0 || r.cols[0].Name != "five" {
		t.Fatal(r)
	}
}

func TestSetAndShowVariables(t *testing.T) {
	s := newTestSession(t)
	one(t, s, "SET NAMES utf8mb4 COLLATE utf8mb4_unicode_ci")
	r := one(t, s, "SELECT @@character_set_client, @@collation_connection, @@session.character_set_results")
	if got := fmt.Sprint(r.rows); got != "[[utf8mb4 utf8mb4_unicode_ci utf8mb4]]" {
		t.Fatal(got)
	}
	one(t, s, "SET autocommit = 0")
	if r := one(t, s, "SELECT @@autocommit"); r.rows[0][0] != "0" || r.status&mysqldef.StatusAutocommit != 0 {
		t.Fatalf("autocommit %v status %x", r.rows, r.status)
	}
	one(t, s, "SET autocommit = ON, @x = 41 + 1, SESSION wait_timeout = 5")
	if r := one(t, s, "SELECT @@autocommit, @x, @@wait_timeout, @@global.wait_timeout"); fmt.Sprint(r.rows) != "[[1 42 5 28800]]" {
		t.Fatal(r.rows)
	}
	if d, ok := s.WaitTimeout(); !ok || d.Seconds() != 5 {
		t.Fatal("wait_timeout change not reported", d, ok)
	}
	r = one(t, s, "SHOW VARIABLES LIKE 'max_%'")
	got := map[string]string{}
	for _, row := range r.rows {
		got[row[0]] = row[1]
	}
	if got["max_connections"] != "77" || got["max_allowed_packet"] != "67108864" || len(r.cols) != 2 {
		t.Fatal(got)
	}
	if _, ok := got["wait_timeout"]; ok {
		t.Fatal("LIKE did not filter")
	}
	r = one(t, s, "SHOW SESSION VARIABLES WHERE Variable_name = 'autocommit'")
	if fmt.Sprint(r.rows) != "[[autocommit ON]]" {
		t.Fatal(r.rows)
	}
	wantErr(t, s, "SET @@nosuch = 1", mysqldef.ErrUnknownSystemVariable, "Unknown system variable 'nosuch'")
	wantErr(t, s, "SELECT @@nosuch", mysqldef.ErrUnknownSystemVariable, "Unknown system variable 'nosuch'")
	wantErr(t, s, "SET autocommit = 7", mysqldef.ErrWrongValueForVar, "can't be set to the value of '7'")
	wantErr(t, s, "SET GLOBAL version = 'x'", mysqldef.ErrIncorrectGlobalLocalVar, "read only")
	wantErr(t, s, "SET max_connections = 5", mysqldef.ErrGlobalVariable, "GLOBAL variable")
	wantErr(t, s, "SET NAMES klingon", mysqldef.ErrUnknownCharacterSet, "Unknown character set")
	// A failing SET changes nothing, not even its valid assignments.
	wantErr(t, s, "SET @y = 1, autocommit = 9", mysqldef.ErrWrongValueForVar, "autocommit")
	if r := one(t, s, "SELECT @y"); r.rows[0][0] != "NULL" {
		t.Fatal("partial SET applied")
	}
	one(t, s, "SET GLOBAL max_connections = 200")
	if r := one(t, s, "SELECT @@global.max_connections, @@max_connections"); fmt.Sprint(r.rows) != "[[200 200]]" {
		t.Fatal(r.rows)
	}
	// A SET variable: members normalised to definition order; unknown
	// members and the empty set are refused.
	one(t, s, "SET GLOBAL protocol_compression_algorithms = ' Uncompressed,ZSTD'")
	if r := one(t, s, "SELECT @@global.protocol_compression_algorithms"); fmt.Sprint(r.rows) != "[[zstd,uncompressed]]" {
		t.Fatal(r.rows)
	}
	wantErr(t, s, "SET GLOBAL protocol_compression_algorithms = 'zlib,lz4'", mysqldef.ErrWrongValueForVar, "lz4")
	wantErr(t, s, "SET GLOBAL protocol_compression_algorithms = ''", mysqldef.ErrWrongValueForVar, "protocol_compression_algorithms")
	one(t, s, "SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED")
	if r := one(t, s, "SELECT @@transaction_isolation, @@tx_isolation"); fmt.Sprint(r.rows) != "[[READ-COMMITTED READ-COMMITTED]]" {
		t.Fatal(r.rows)
	}
}

func TestMultiStatementsAndErrors(t *testing.T) {
	s := newTestSession(t)
	rs := query(t, s, "SELECT 1; SELECT 2; SELECT nosuchfunc(); SELECT 3")
	if len(rs) != 3 || rs[0].status&mysqldef.StatusMoreResultsExists == 0 || rs[1].rows[0][0] != "2" || rs[2].err == nil {
		t.Fatalf("%+v", rs)
	}
	wantErr(t, s, "SELECT * FORM t", mysqldef.ErrParse,
		"You have an error in your SQL syntax; check the manual that corresponds to your MySQL server version for the right syntax to use near 'FORM t' at line 1")
	wantErr(t, s, "   ", mysqldef.ErrEmptyQuery, "Query was empty")
	s.multiStatements = false
	wantErr(t, s, "SELECT 1; SELECT 2", mysqldef.ErrParse, "near 'SELECT 2' at line 1")
	wantErr(t, s, "SELECT * FROM t", mysqldef.ErrNoDB, "No database selected")
	wantErr(t, s, "SELECT *", mysqldef.ErrNoTablesUsed, "No tables used")
}

func TestWarnings(t *testing.T) {
	s := newTestSession(t)
	r := one(t, s, "SELECT 1/0")
	if r.rows[0][0] != "NULL" {
		t.Fatal(r.rows)
	}
	r = one(t, s, "SHOW WARNINGS")
	if len(r.rows) != 1 || r.rows[0][0] != "Warning" || r.rows[0][1] != "1365" {
		t.Fatal(r.rows)
	}
	if r := one(t, s, "SELECT @@warning_count"); r.rows[0][0] != "1" {
		t.Fatal("warning_count", r.rows)
	}
	one(t, s, "SELECT 1")
	if r := one(t, s, "SHOW WARNINGS"); len(r.rows) != 0 {
		t.Fatal("warnings not cleared by the next statement")
	}
	query(t, s, "SELECT nosuch()")
	if r := one(t, s, "SHOW ERRORS"); len(r.rows) != 1 || r.rows[0][0] != "Error" {
		t.Fatal(r.rows)
	}
}

func TestDatabases(t *testing.T) {
	s := newTestSession(t)
	one(t, s, "CREATE DATABASE app")
	wantErr(t, s, "CREATE DATABASE app", mysqldef.ErrDBCreateExists, "database exists")
	one(t, s, "CREATE DATABASE IF NOT EXISTS app")
	one(t, s, "USE app")
	if r := one(t, s, "SELECT DATABASE()"); r.rows[0][0] != "app" {
		t.Fatal(r.rows)
	}
	r := one(t, s, "SHOW DATABASES")
	if fmt.Sprint(r.rows) != "[[app] [information_schema] [mysql] [performance_schema] [sys]]" {
		t.Fatal(r.rows)
	}
	if r := one(t, s, "SHOW DATABASES LIKE 'a%'"); fmt.Sprint(r.rows) != "[[app]]" {
		t.Fatal(r.rows)
	}
	if r := one(t, s, "SHOW TABLES"); len(r.rows) != 0 || r.cols[0].Name != "Tables_in_app" {
		t.Fatal(r)
	}
	wantErr(t, s, "SELECT * FROM t1", mysqldef.ErrNoSuchTable, "Table 'app.t1' doesn't exist")
	wantErr(t, s, "USE nosuch", mysqldef.ErrBadDB, "Unknown database 'nosuch'")
	one(t, s, "DROP DATABASE app")
	if r := one(t, s, "SELECT DATABASE()"); r.rows[0][0] != "NULL" {
		t.Fatal("dropped current database still selected")
	}
	wantErr(t, s, "DROP DATABASE app", mysqldef.ErrDBDropExists, "doesn't exist")
	// The catalog is durable: a new engine over the same store sees it.
	one(t, s, "CREATE DATABASE kept")
	cat, err := table.OpenCatalog(s.eng.store)
	if err != nil || !cat.HasDatabase("kept") || cat.HasDatabase("app") {
		t.Fatal("catalog not persisted", err)
	}
}

func TestKillQuery(t *testing.T) {
	s := newTestSession(t)
	other := s.eng.NewSession(8, "localhost", nil, nil)
	other.Login("root", "localhost", ClientOptions{}, "")
	done := make(chan []result)
	go func() { done <- query(t, other, "SELECT SLEEP(30)") }()
	// Wait until the sleep is running, then kill it.
	for {
		if c := other.command.Load(); c != nil && *c == cmdQuery {
			break
		}
	}
	one(t, s, "KILL QUERY 8")
	rs := <-done
	if len(rs) != 1 || rs[0].err != nil || rs[0].rows[0][0] != "1" {
		t.Fatalf("killed SLEEP: %+v", rs)
	}
	r := one(t, s, "SHOW PROCESSLIST")
	if len(r.rows) != 2 || r.cols[0].Name != "Id" {
		t.Fatal(r.rows)
	}
}
