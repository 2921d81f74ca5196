package exec

import (
	"testing"

	"github.com/loopdb/loopdb/mysqldef"
)

// JSON_ARRAYAGG and JSON_OBJECTAGG, as MySQL 8 answers them: NULL values
// kept as JSON null, a NULL key refused (3158), the last value of a repeated
// key kept, NULL for an empty group, JSON arguments nested rather than
// quoted, per group and over the whole table.
func TestJSONAggregates(t *testing.T) {
	s := tableSession(t)
	mustExec(t, s, "CREATE TABLE ja (id INT PRIMARY KEY, g INT, k VARCHAR(5), v DOUBLE, j JSON)",
		`INSERT INTO ja VALUES (1, 1, 'a', 1.5, '{"x": 1}'), (2, 1, 'b', NULL, NULL), (3, 2, 'a', 3, '[1, 2]'), (4, 2, 'a', 4, 'true')`)
	for _, c := range []struct{ sql, want string }{
		{"SELECT g, JSON_ARRAYAGG(v) FROM ja GROUP BY g ORDER BY g", "1,[1.5, null];2,[3.0, 4.0]"},
		{"SELECT g, JSON_OBJECTAGG(k, id) FROM ja GROUP BY g ORDER BY g", `1,{"a": 1, "b": 2};2,{"a": 4}`},
		{"SELECT JSON_ARRAYAGG(j) FROM ja WHERE id IN (1, 3, 4)", `[{"x": 1}, [1, 2], true]`},
		{"SELECT JSON_ARRAYAGG(id), JSON_OBJECTAGG(k, v) FROM ja WHERE id > 10", "NULL,NULL"},
		{"SELECT JSON_LENGTH(JSON_ARRAYAGG(k)) FROM ja", "4"},
		{"SELECT JSON_TYPE(JSON_OBJECTAGG(id, k)) FROM ja", "OBJECT"},
	} {
		if got := rowsOf(t, s, c.sql); got != c.want {
			t.Errorf("%s: %q, want %q", c.sql, got, c.want)
		}
	}
	mustExec(t, s, "INSERT INTO ja VALUES (5, 3, NULL, 1, NULL)")
	wantErr(t, s, "SELECT JSON_OBJECTAGG(k, v) FROM ja WHERE g = 3", mysqldef.ErrJSONDocumentNullKey, "NULL member names")
	wantErr(t, s, "SELECT JSON_OBJECTAGG(k) FROM ja", mysqldef.ErrParse, "near ') FROM ja'") // a grammar rule in MySQL too
}
