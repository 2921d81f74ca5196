package exec

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestNormalizeLiterals(t *testing.T) {
	cases := []struct {
		sql  string
		key  string // "" : not a candidate
		args string // the values bound, as text, | between
	}{
		// sysbench's statements, text mode
		{"SELECT c FROM sbtest1 WHERE id=5023", "SELECT c FROM sbtest1 WHERE id=?", "5023"},
		{"SELECT c FROM sbtest1 WHERE id BETWEEN 10 AND 109", "SELECT c FROM sbtest1 WHERE id BETWEEN ? AND ?", "10|109"},
		{"SELECT SUM(k) FROM sbtest1 WHERE id BETWEEN 1 AND 100", "SELECT SUM(k) FROM sbtest1 WHERE id BETWEEN ? AND ?", "1|100"},
		{"SELECT DISTINCT c FROM sbtest1 WHERE id BETWEEN 1 AND 100 ORDER BY c", "SELECT DISTINCT c FROM sbtest1 WHERE id BETWEEN ? AND ? ORDER BY c", "1|100"},
		{"UPDATE sbtest1 SET k=k+1 WHERE id=42", "UPDATE sbtest1 SET k=k+1 WHERE id=?", "42"},
		{"UPDATE sbtest1 SET c='abc-12' WHERE id=42", "UPDATE sbtest1 SET c=? WHERE id=?", "abc-12|42"},
		{"DELETE FROM sbtest1 WHERE id=7", "DELETE FROM sbtest1 WHERE id=?", "7"},
		{"INSERT INTO sbtest1 (id, k, c, pad) VALUES (7, 8, 'x', 'y')", "INSERT INTO sbtest1 (id, k, c, pad) VALUES (?, ?, ?, ?)", "7|8|x|y"},
		// rows, IN lists, numbers of each kind
		{"INSERT INTO t VALUES (1,'a'),(2,'b');", "INSERT INTO t VALUES (?,?),(?,?);", "1|a|2|b"},
		{"DELETE FROM t WHERE id IN (1, 2, 3) AND k > 2.50", "DELETE FROM t WHERE id IN (?, ?, ?) AND k > ?", "1|2|3|2.50"},
		{"SELECT a FROM t WHERE f = 1e3 OR u = 18446744073709551615", "SELECT a FROM t WHERE f = ? OR u = ?", "1000|18446744073709551615"},
		{"REPLACE INTO t (a) VALUES (5) ", "REPLACE INTO t (a) VALUES (?) ", "5"},
		{"SELECT a FROM t WHERE b <=> 3 FOR UPDATE", "SELECT a FROM t WHERE b <=> ? FOR UPDATE", "3"},
		// constants whose text matters stay as written
		{"SELECT 1, 'a', b = 2 FROM t WHERE id = 3", "SELECT 1, 'a', b = 2 FROM t WHERE id = ?", "3"},
		{"SELECT a FROM t WHERE id = 3 ORDER BY 1 LIMIT 10", "SELECT a FROM t WHERE id = ? ORDER BY 1 LIMIT 10", "3"},
		{"SELECT a FROM t WHERE d > NOW() - INTERVAL 1 DAY", "SELECT a FROM t WHERE d > NOW() - INTERVAL 1 DAY", ""},
		{"SELECT a FROM t WHERE c = 'x' COLLATE utf8mb4_bin", "SELECT a FROM t WHERE c = 'x' COLLATE utf8mb4_bin", ""},
		{"SELECT a FROM t WHERE a = 1 + 2", "SELECT a FROM t WHERE a = 1 + 2", ""},
		{"SELECT a FROM t WHERE a = -5", "SELECT a FROM t WHERE a = -5", ""},
		{"SELECT a FROM t WHERE j->'$.x' = 5 AND j->>'$.y'", "SELECT a FROM t WHERE j->'$.x' = ? AND j->>'$.y'", "5"},
		{"SELECT a FROM t WHERE LEFT(c, 2) = 'ab' AND IFNULL(b, 0) = 1", "SELECT a FROM t WHERE LEFT(c, 2) = ? AND IFNULL(b, 0) = ?", "ab|1"},
		{"SELECT a FROM t WHERE c = 'it''s' AND d = 'a\\'b'", "SELECT a FROM t WHERE c = 'it''s' AND d = 'a\\'b'", ""},
		{"SELECT a FROM t WHERE c = \"dq\"", "SELECT a FROM t WHERE c = \"dq\"", ""},
		{"SELECT a FROM t WHERE c = 0x41 AND d = 1abc", "SELECT a FROM t WHERE c = 0x41 AND d = 1abc", ""},
		{"SELECT a FROM t WHERE CASE WHEN a = 1 THEN 2 END", "SELECT a FROM t WHERE CASE WHEN a = 1 THEN 2 END", ""},
		{"SELECT TRIM(LEADING 'x' FROM c) FROM t WHERE id = 1", "SELECT TRIM(LEADING 'x' FROM c) FROM t WHERE id = ?", "1"},
		{"UPDATE `t``q` SET `c`='v' WHERE id=1", "UPDATE `t``q` SET `c`=? WHERE id=?", "v|1"},
		// transaction statements: nothing to replace, cached by their text
		{"BEGIN", "BEGIN", ""},
		{"START TRANSACTION READ ONLY", "START TRANSACTION READ ONLY", ""},
		{"COMMIT", "COMMIT", ""},
		{"ROLLBACK TO SAVEPOINT s1", "ROLLBACK TO SAVEPOINT s1", ""},
		// not candidates
		{"SELECT a FROM t WHERE id = ?", "", ""},
		{"SELECT /*+ MAX_EXECUTION_TIME(1) */ a FROM t", "", ""},
		{"SELECT a FROM t WHERE id = 1 -- x", "", ""},
		{"SELECT a FROM t # x", "", ""},
		{"SELECT a FROM t WHERE id = 1; SELECT 2", "", ""},
		{"SELECT a FROM t WHERE id IN (SELECT b FROM u)", "", ""},
		{"SELECT a INTO @x FROM t WHERE id = 1", "", ""},
		{"INSERT INTO t SELECT * FROM u", "", ""},
		{"SELECT a FROM t WHERE c = 'open", "", ""},
		{"SELECT a FROM t WHERE c = N'x'", "", ""},
		{"SELECT a FROM t WHERE c = _utf8mb4'x'", "", ""},
		{"SELECT a FROM t WHERE (id = 1", "", ""},
		{"SET @a = 1", "", ""},
		{"SHOW TABLES", "", ""},
		{"", "", ""},
	}
	var n textNormalizer
	for _, c := range cases {
		ok := n.normalize("db", c.sql)
		if c.key == "" {
			if ok {
				t.Errorf("%q: normalized to %q, want not a candidate", c.sql, n.key)
			}
			continue
		}
		if !ok {
			t.Errorf("%q: not a candidate, want %q", c.sql, c.key)
			continue
		}
		if got, want := string(n.key), "db\x00"+c.key; got != want {
			t.Errorf("%q: key %q, want %q", c.sql, got, want)
		}
		var args []string
		for _, v := range n.args {
			args = append(args, v.String())
		}
		if got := strings.Join(args, "|"); got != c.args {
			t.Errorf("%q: args %q, want %q", c.sql, got, c.args)
		}
	}
}

// FuzzNormalizeLiterals: any text either is refused or comes back as a key
// that, with each bound literal written back in its place, is the text
// itself (only literal tokens are ever replaced), with one value per marker.
func FuzzNormalizeLiterals(f *testing.F) {
	for _, s := range []string{
		"SELECT c FROM sbtest1 WHERE id=5023",
		"INSERT INTO t VALUES (1,'a'),(2,'b');",
		"DELETE FROM t WHERE id IN (1, 2, 3) AND k BETWEEN 2.50 AND 3e2",
		"UPDATE t SET c='x' WHERE id=1 ORDER BY id LIMIT 1",
		"SELECT `a``b` FROM t WHERE j->>'$.a' = 'x' AND c = 'it''s'",
		"SELECT a FROM t WHERE d = 1abc OR e = 0x41",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, sql string) {
		var n textNormalizer
		if !n.normalize("db", sql) {
			return
		}
		key := string(n.key)
		if !strings.HasPrefix(key, "db\x00") {
			t.Fatalf("key %q lacks the database prefix", key)
		}
		key = key[3:]
		// Rebuild sql from the key by putting each literal's text back.
		var b strings.Builder
		arg, i, j := 0, 0, 0
		for _, tok := range n.toks {
			if tok.kind != tokNumber && tok.kind != tokString {
				continue
			}
			// Copy the key up to this token's place; a replaced token shows as '?'.
			gap := tok.start - i
			if j+gap > len(key) {
				t.Fatalf("key %q shorter than %q", key, sql)
			}
			b.WriteString(key[j : j+gap])
			j += gap
			i = tok.start
			if key[j] == '?' && sql[i] != '?' {
				arg++
				b.WriteString(sql[tok.start:tok.end])
				j++
			} else {
				b.WriteString(key[j : j+tok.end-tok.start])
				j += tok.end - tok.start
			}
			i = tok.end
		}
		b.WriteString(key[j:])
		if b.String() != sql {
			t.Fatalf("key %q does not rebuild %q (got %q)", n.key, sql, b.String())
		}
		if arg != len(n.args) {
			t.Fatalf("%q: %d markers, %d values", sql, arg, len(n.args))
		}
		if utf8.ValidString(sql) && !utf8.ValidString(key) {
			t.Fatalf("key %q of valid UTF-8 %q is not", key, sql)
		}
	})
}
