package exec

import (
	"fmt"
	"reflect"
	"testing"
)

// textCacheSession has databases a and b holding the same tables and rows:
// a statement runs through the text cache in a and parsed as before in b,
// and the two responses must be the same.
func textCacheSession(t *testing.T) *Session {
	s := tableSession(t)
	for _, db := range []string{"a", "b"} {
		mustExec(t, s, "CREATE DATABASE "+db, "USE "+db,
			"CREATE TABLE t (id INT PRIMARY KEY AUTO_INCREMENT, k INT NOT NULL, c CHAR(12), d DECIMAL(6,2), e ENUM('x','y'), dt DATE, KEY (k))",
			"INSERT INTO t (id, k, c, d, e, dt) VALUES (1, 10, 'a', 1.50, 'x', '2024-01-02'), (2, 20, 'b', 2.25, 'y', '2024-02-03'), (3, 20, 'c', NULL, 'x', NULL), (4, 40, '7', 9.99, 'y', '2024-12-31')",
		)
	}
	return s
}

// runIn runs sql in database db, through the cache or not.
func runIn(s *Session, db, sql string, cached bool) []result {
	s.db = db
	rec := &recorder{}
	s.BeginCommand()
	defer s.EndCommand()
	if cached {
		s.Query(sql, rec)
	} else {
		s.queryParsed(sql, rec)
	}
	return rec.results
}

func TestTextCacheMatchesParsedPath(t *testing.T) {
	s := textCacheSession(t)
	// Each shape runs with several constants, so later runs hit the cache;
	// among them are values that convert, truncate, fail or match nothing.
	shapes := []struct {
		sql  string
		args [][]any
	}{
		{"SELECT c FROM t WHERE id=%v", [][]any{{1}, {2}, {'9'}, {"'2'"}, {"'2abc'"}, {1.0}, {"NULL"}}},
		{"SELECT id, c FROM t WHERE k BETWEEN %v AND %v ORDER BY id", [][]any{{10, 20}, {"'15'", 40}, {20, 10}}},
		{"SELECT SUM(k), COUNT(*) FROM t WHERE id IN (%v, %v)", [][]any{{1, 2}, {3, 99}, {"'4'", 1}}},
		{"SELECT id FROM t WHERE c = %v", [][]any{{"'a'"}, {"'A'"}, {7}, {"'7'"}}},
		{"SELECT id FROM t WHERE d >= %v ORDER BY id", [][]any{{1.5}, {"2.250"}, {"'2'"}, {1e1}}},
		{"SELECT id FROM t WHERE e = %v ORDER BY id", [][]any{{"'x'"}, {2}, {"'z'"}}},
		{"SELECT id FROM t WHERE dt < %v ORDER BY id", [][]any{{"'2024-02-01'"}, {"'2024-13-01'"}, {20240301}}},
		{"SELECT id FROM t WHERE k = %v FOR UPDATE", [][]any{{20}, {30}}},
		{"UPDATE t SET k=k+1 WHERE id=%v", [][]any{{1}, {2}, {77}}},
		{"UPDATE t SET c=%v WHERE id=%v", [][]any{{"'zz'", 1}, {"'longer than twelve'", 2}, {5, 3}}},
		{"UPDATE t SET k=%v WHERE id=%v", [][]any{{"NULL", 1}, {"'x'", 2}, {int64(99999999999), 3}}},
		{"INSERT INTO t (id, k, c) VALUES (%v, %v, %v)", [][]any{{10, 1, "'n'"}, {10, 2, "'dup'"}, {11, "'3'", 4}, {"NULL", 5, "'auto'"}}},
		{"INSERT INTO t (k, c) VALUES (%v, %v), (%v, %v)", [][]any{{1, "'r1'", 2, "'r2'"}, {"NULL", "'bad'", 3, "'r3'"}}},
		{"INSERT INTO t (id, k) VALUES (%v, %v) ON DUPLICATE KEY UPDATE k=k+VALUES(k)", [][]any{{1, 5}, {1, 6}, {30, 1}}},
		{"REPLACE INTO t (id, k, c) VALUES (%v, %v, %v)", [][]any{{2, 8, "'rep'"}, {31, 9, "'new'"}}},
		{"DELETE FROM t WHERE id=%v", [][]any{{3}, {3}, {"'4'"}}},
		{"SELECT id, k, c, d, e, dt FROM t ORDER BY id", [][]any{{}}},
	}
	for _, sh := range shapes {
		for _, args := range sh.args {
			sql := fmt.Sprintf(sh.sql, args...)
			for pass := 0; pass < 2; pass++ { // the second pass runs from the cache
				got := runIn(s, "a", sql, true)
				want := runIn(s, "b", sql, false)
				if pass == 1 && shapeIsDML(sql) {
					continue // the data changed on both sides the same way; compare once
				}
				if !reflect.DeepEqual(withoutSchema(got), withoutSchema(want)) {
					t.Errorf("%s (pass %d):\n cached %s\n parsed %s", sql, pass, describeResults(got), describeResults(want))
				}
			}
		}
	}
	s.db = "a"
	if n := len(s.text.entries); n == 0 {
		t.Fatal("nothing was cached")
	}
	// The shapes above that can be cached were: a SELECT and an UPDATE
	// each hold one entry that is not the "not cacheable" nil.
	for _, key := range []string{"a\x00SELECT c FROM t WHERE id=?", "a\x00UPDATE t SET k=k+1 WHERE id=?", "a\x00INSERT INTO t (id, k, c) VALUES (?, ?, ?)"} {
		if s.text.entries[key] == nil {
			t.Errorf("%q not cached", key)
		}
	}
}

// withoutSchema blanks the column definitions' database names, the one
// thing that differs between a and b.
func withoutSchema(rs []result) []result {
	out := make([]result, len(rs))
	for i, r := range rs {
		out[i] = r
		out[i].cols = nil
		for _, c := range r.cols {
			cc := *c
			cc.Schema = ""
			out[i].cols = append(out[i].cols, &cc)
		}
	}
	return out
}

func shapeIsDML(sql string) bool {
	switch sql[:6] {
	case "UPDATE", "INSERT", "DELETE", "REPLAC":
		return true
	}
	return false
}

func describeResults(rs []result) string {
	out := ""
	for _, r := range rs {
		switch {
		case r.err != nil:
			out += fmt.Sprintf("[err %d %s]", r.err.Code, r.err.Message)
		case r.ok != nil:
			out += fmt.Sprintf("[ok %+v]", *r.ok)
		default:
			out += fmt.Sprintf("[%d cols %v status %d]", len(r.cols), r.rows, r.status)
		}
	}
	return out
}

// A cached plan must not survive a change of the table under it, and a
// cached statement follows USE and sql_mode.
func TestTextCacheFollowsSchemaAndSession(t *testing.T) {
	s := textCacheSession(t)
	s.db = "a"
	if r := one(t, s, "SELECT c FROM t WHERE id=1"); fmt.Sprint(r.rows) != "[[a]]" {
		t.Fatalf("rows %v", r.rows)
	}
	mustExec(t, s, "ALTER TABLE t ADD COLUMN z INT DEFAULT 5 FIRST", "UPDATE b.t SET c='from b' WHERE id=1")
	if r := one(t, s, "SELECT c, z FROM t WHERE id=1"); fmt.Sprint(r.rows) != "[[a 5]]" {
		t.Fatalf("after ALTER: rows %v", r.rows)
	}
	if r := one(t, s, "SELECT c FROM t WHERE id=1"); fmt.Sprint(r.rows) != "[[a]]" {
		t.Fatalf("after ALTER, cached shape: rows %v", r.rows)
	}
	mustExec(t, s, "USE b")
	if r := one(t, s, "SELECT c FROM t WHERE id=1"); fmt.Sprint(r.rows) != "[[from b]]" {
		t.Fatalf("after USE b: rows %v (the plan of a.t was reused)", r.rows)
	}
	mustExec(t, s, "DROP TABLE t", "CREATE TABLE t (id INT PRIMARY KEY, c VARCHAR(5))", "INSERT INTO t VALUES (1, 'new')")
	if r := one(t, s, "SELECT c FROM t WHERE id=1"); fmt.Sprint(r.rows) != "[[new]]" {
		t.Fatalf("after DROP/CREATE: rows %v", r.rows)
	}
	// Strict mode is read per run: the same cached INSERT fails, then warns.
	wantErr(t, s, "INSERT INTO t VALUES (2, 'too long')", 1406, "Data too long")
	mustExec(t, s, "SET sql_mode=''")
	if len(s.text.entries) != 0 {
		t.Fatalf("sql_mode change kept %d cached statements", len(s.text.entries))
	}
	if r := one(t, s, "INSERT INTO t VALUES (2, 'too long')"); r.ok == nil || r.ok.Warnings != 1 {
		t.Fatalf("non-strict insert: %s", describeResults([]result{r}))
	}
}

// Transaction statements are cached too: BEGIN, COMMIT and ROLLBACK run
// from their cached parse many times and keep their meaning (a rolled-back
// change is gone, a committed one stays, START TRANSACTION READ ONLY still
// refuses writes), exactly as the parsed path does in the other database.
func TestTextCacheTransactionStatements(t *testing.T) {
	s := textCacheSession(t)
	script := []string{
		"BEGIN", "UPDATE t SET k=k+1 WHERE id=1", "ROLLBACK",
		"START TRANSACTION", "UPDATE t SET k=k+10 WHERE id=2", "COMMIT",
		"START TRANSACTION READ ONLY", "UPDATE t SET k=0 WHERE id=4", "COMMIT",
		"SELECT id, k FROM t ORDER BY id",
	}
	for round := 0; round < 3; round++ {
		for _, sql := range script {
			got := runIn(s, "a", sql, true)
			want := runIn(s, "b", sql, false)
			if !reflect.DeepEqual(withoutSchema(got), withoutSchema(want)) {
				t.Fatalf("round %d, %s:\n cached %s\n parsed %s", round, sql, describeResults(got), describeResults(want))
			}
		}
	}
	if got := rowsOf(t, s, "SELECT k FROM a.t WHERE id IN (1, 2) ORDER BY id"); got != "10;50" {
		t.Errorf("after three rounds k = %s, want 10;50 (id 1 rolled back, id 2 committed)", got)
	}
	for _, key := range []string{"a\x00BEGIN", "a\x00COMMIT", "a\x00ROLLBACK", "a\x00START TRANSACTION READ ONLY"} {
		if st := s.text.entries[key]; st == nil || st.dml == nil {
			t.Errorf("%q: parse not kept for reuse", key)
		}
	}
}
