package e2e

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// Window functions through go-sql-driver's prepared statements (binary
// protocol): one statement executed with different parameters, in WHERE,
// in a frame offset and as LAG's offset, so a cached plan must pick the
// new values up each time.
func TestWindowPreparedStatements(t *testing.T) {
	t.Parallel()
	s := startServer(t)
	db := openDB(t, s.dsnTCP("root", "", ""))
	db.SetMaxIdleConns(1)
	ctx := ctxT(t, 60*time.Second)
	for _, q := range []string{
		"CREATE DATABASE wdb",
		"CREATE TABLE wdb.t (id INT PRIMARY KEY, g CHAR(1), v INT)",
		"INSERT INTO wdb.t VALUES (1,'a',10),(2,'a',20),(3,'a',30),(4,'b',1),(5,'b',2)",
	} {
		if _, err := db.ExecContext(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	stmt, err := db.PrepareContext(ctx, "SELECT id, ROW_NUMBER() OVER w, SUM(v) OVER (w ROWS ? PRECEDING), LAG(v, ?) OVER w "+
		"FROM wdb.t WHERE id >= ? WINDOW w AS (PARTITION BY g ORDER BY id) ORDER BY id")
	if err != nil {
		t.Fatal(err)
	}
	defer stmt.Close()
	cases := []struct {
		frame, lag, from int
		want             string
	}{
		{1, 1, 1, "1,1,10,NULL;2,2,30,10;3,3,50,20;4,1,1,NULL;5,2,3,1"},
		{0, 2, 1, "1,1,10,NULL;2,2,20,NULL;3,3,30,10;4,1,1,NULL;5,2,2,NULL"},
		{5, 1, 2, "2,1,20,NULL;3,2,50,20;4,1,1,NULL;5,2,3,1"},
	}
	for _, c := range cases {
		rows, err := stmt.QueryContext(ctx, c.frame, c.lag, c.from)
		if err != nil {
			t.Fatalf("%+v: %v", c, err)
		}
		var got []string
		for rows.Next() {
			var id, rn, sum int64
			var lag *int64
			if err := rows.Scan(&id, &rn, &sum, &lag); err != nil {
				t.Fatal(err)
			}
			l := "NULL"
			if lag != nil {
				l = fmt.Sprint(*lag)
			}
			got = append(got, fmt.Sprintf("%d,%d,%d,%s", id, rn, sum, l))
		}
		rows.Close()
		if g := strings.Join(got, ";"); g != c.want {
			t.Errorf("frame %d lag %d from %d: got %s want %s", c.frame, c.lag, c.from, g, c.want)
		}
	}
	// A negative frame offset is found at execution: 3586.
	if _, err := stmt.QueryContext(ctx, -1, 1, 1); myErrNumber(err) != 3586 {
		t.Errorf("negative frame offset: %v, want 3586", err)
	}
	if _, err := db.ExecContext(ctx, "SELECT id FROM wdb.t WHERE ROW_NUMBER() OVER () = ?", 1); myErrNumber(err) != 3593 {
		t.Errorf("window function in WHERE: %v, want 3593", err)
	}
}
