package exec

import (
	"strings"
	"testing"

	"github.com/loopdb/loopdb/mysqldef"
)

// EXPLAIN reports the access path the planner chose for each relation:
// const, eq_ref, ref, range, ALL, with the key, key_len, ref and the rows
// counted along the path.
func TestExplain(t *testing.T) {
	s := tableSession(t)
	mustExec(t, s,
		"CREATE TABLE a (id INT PRIMARY KEY, k INT NOT NULL, name VARCHAR(10), KEY kk (k), UNIQUE KEY un (name))",
		"CREATE TABLE b (id BIGINT PRIMARY KEY, aid INT, w DECIMAL(8,2), KEY ba (aid))",
		"INSERT INTO a VALUES (1,10,'x'),(2,10,'y'),(3,20,'z'),(4,30,NULL)",
		"INSERT INTO b VALUES (10,1,5),(11,3,6),(12,3,7),(13,9,8)")
	// Columns: id,select_type,table,partitions,type,possible_keys,key,key_len,ref,rows,filtered,Extra
	cases := []struct{ sql, want string }{
		{"EXPLAIN SELECT * FROM a WHERE id = 2", "1,SIMPLE,a,NULL,const,PRIMARY,PRIMARY,4,const,1,100.00,NULL"},
		{"EXPLAIN SELECT * FROM a WHERE id IN (1, 3)", "1,SIMPLE,a,NULL,range,PRIMARY,PRIMARY,4,NULL,2,100.00,Using where"},
		{"EXPLAIN SELECT * FROM a WHERE id > 1", "1,SIMPLE,a,NULL,range,PRIMARY,PRIMARY,4,NULL,3,100.00,Using where"},
		{"EXPLAIN SELECT * FROM a WHERE k = 10", "1,SIMPLE,a,NULL,ref,kk,kk,4,const,2,100.00,NULL"},
		{"EXPLAIN SELECT * FROM a WHERE name = 'y'", "1,SIMPLE,a,NULL,const,un,un,43,const,1,100.00,NULL"},
		{"EXPLAIN SELECT * FROM a WHERE k = 10 AND name LIKE 'x%'", "1,SIMPLE,a,NULL,ref,kk,kk,4,const,2,100.00,Using where"},
		{"EXPLAIN SELECT * FROM a", "1,SIMPLE,a,NULL,ALL,NULL,NULL,NULL,NULL,4,100.00,NULL"},
		{"EXPLAIN SELECT name FROM a WHERE name IS NOT NULL ORDER BY k", "1,SIMPLE,a,NULL,ALL,NULL,NULL,NULL,NULL,4,100.00,Using where; Using filesort"},
		// Every column read is in KEY kk: the index alone, grouped along its order
		// (MySQL 8 says the same).
		{"EXPLAIN SELECT k, COUNT(*) FROM a GROUP BY k", "1,SIMPLE,a,NULL,index,NULL,kk,4,NULL,4,100.00,Using index"},
		// ORDER BY NULL asks for no order: nothing to sort.
		{"EXPLAIN SELECT k, COUNT(*) FROM a GROUP BY k ORDER BY NULL", "1,SIMPLE,a,NULL,index,NULL,kk,4,NULL,4,100.00,Using index"},
		{"EXPLAIN SELECT * FROM a WHERE id = 1 AND id = 2", "1,SIMPLE,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,Impossible WHERE"},
		{"EXPLAIN SELECT 1", "1,SIMPLE,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,No tables used"},
		// Joins: the inner relation is read by a key lookup per outer row.
		{"EXPLAIN SELECT * FROM b JOIN a ON a.id = b.aid",
			"1,SIMPLE,b,NULL,ALL,NULL,NULL,NULL,NULL,4,100.00,NULL;1,SIMPLE,a,NULL,eq_ref,PRIMARY,PRIMARY,4,d.b.aid,1,100.00,NULL"},
		{"EXPLAIN SELECT * FROM a JOIN b ON b.aid = a.id WHERE a.k = 10",
			"1,SIMPLE,a,NULL,ref,kk,kk,4,const,2,100.00,NULL;1,SIMPLE,b,NULL,ref,ba,ba,5,d.a.id,2,100.00,NULL"},
		{"EXPLAIN SELECT * FROM a LEFT JOIN b ON b.w > a.k",
			"1,SIMPLE,a,NULL,ALL,NULL,NULL,NULL,NULL,4,100.00,NULL;1,SIMPLE,b,NULL,ALL,NULL,NULL,NULL,NULL,4,100.00,Using where"},
		// Materialised relations are scanned whole.
		{"EXPLAIN SELECT * FROM (SELECT id FROM a WHERE id < 3) d WHERE d.id = 1", "1,SIMPLE,d,NULL,ALL,NULL,NULL,NULL,NULL,2,100.00,Using where"},
		{"EXPLAIN WITH c AS (SELECT 1 AS x UNION ALL SELECT 2) SELECT * FROM c", "1,SIMPLE,c,NULL,ALL,NULL,NULL,NULL,NULL,2,100.00,NULL"},
		{"EXPLAIN SELECT * FROM a WHERE id IN (SELECT aid FROM b)", "1,PRIMARY,a,NULL,range,PRIMARY,PRIMARY,4,NULL,2,100.00,Using where"},
	}
	for _, c := range cases {
		if got := rowsOf(t, s, c.sql); got != c.want {
			t.Errorf("%s:\n got %q\nwant %q", c.sql, got, c.want)
		}
	}
	r := one(t, s, "EXPLAIN SELECT * FROM a")
	var names []string
	for _, c := range r.cols {
		names = append(names, c.Name)
	}
	if got := strings.Join(names, ","); got != "id,select_type,table,partitions,type,possible_keys,key,key_len,ref,rows,filtered,Extra" {
		t.Errorf("columns: %s", got)
	}
	wantErr(t, s, "EXPLAIN FORMAT=JSON SELECT * FROM a", mysqldef.ErrNotSupportedYet, "FORMAT=JSON")
	// UPDATE and DELETE find their rows as a SELECT would.
	for _, c := range []struct{ sql, want string }{
		{"EXPLAIN UPDATE a SET k = 1 WHERE id = 2", "1,UPDATE,a,NULL,const,PRIMARY,PRIMARY,4,const,1,100.00,NULL"},
		{"EXPLAIN DELETE FROM a WHERE k > 10", "1,DELETE,a,NULL,range,kk,kk,4,NULL,2,100.00,Using where"},
		// ORDER BY a unique key's column with a LIMIT and no WHERE: the index in order,
		// no sort (MySQL 8: type index on the key).
		{"EXPLAIN UPDATE a SET k = 1 ORDER BY name LIMIT 1", "1,UPDATE,a,NULL,index,NULL,un,43,NULL,4,100.00,NULL"},
	} {
		if got := rowsOf(t, s, c.sql); got != c.want {
			t.Errorf("%s:\n got %q\nwant %q", c.sql, got, c.want)
		}
	}
	if got := rowsOf(t, s, "SELECT k FROM a WHERE id = 2"); got != "10" {
		t.Errorf("EXPLAIN UPDATE changed a row: %q", got)
	}
	wantErr(t, s, "EXPLAIN UPDATE a, b SET a.k = 1 WHERE a.id = b.aid", mysqldef.ErrNotSupportedYet, "multi-table UPDATE")
	// A UNION: each SELECT under its id, and UNION RESULT for DISTINCT.
	for _, c := range []struct{ sql, want string }{
		{"EXPLAIN SELECT id FROM a WHERE id = 1 UNION ALL SELECT id FROM b",
			"1,PRIMARY,a,NULL,const,PRIMARY,PRIMARY,4,const,1,100.00,NULL;2,UNION,b,NULL,index,NULL,ba,5,NULL,4,100.00,Using index"},
		{"EXPLAIN SELECT k FROM a WHERE k = 10 UNION SELECT 1",
			"1,PRIMARY,a,NULL,ref,kk,kk,4,const,2,100.00,Using index;2,UNION,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,No tables used;" +
				"NULL,UNION RESULT,<union1,2>,NULL,ALL,NULL,NULL,NULL,NULL,NULL,NULL,Using temporary"},
	} {
		if got := rowsOf(t, s, c.sql); got != c.want {
			t.Errorf("%s:\n got %q\nwant %q", c.sql, got, c.want)
		}
	}
	wantErr(t, s, "EXPLAIN INSERT INTO a VALUES (9, 9, 'q')", mysqldef.ErrNotSupportedYet, "EXPLAIN of INSERT")
	wantErr(t, s, "EXPLAIN SELECT * FROM nosuch", mysqldef.ErrNoSuchTable, "nosuch")
}
