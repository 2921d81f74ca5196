package exec

import (
	"testing"

	"github.com/loopdb/loopdb/mysqldef"
)

// windowSession holds a small table with two partitions, peers on v, a
// NULL v and an empty-string group key.
func windowSession(t *testing.T) *Session {
	t.Helper()
	s := tableSession(t)
	mustExec(t, s, "CREATE TABLE w (id INT PRIMARY KEY, g VARCHAR(5), v INT, d DECIMAL(6,2))",
		"INSERT INTO w VALUES (1,'a',10,1.50),(2,'a',20,2.00),(3,'a',20,3.25),(4,'a',NULL,4.00),"+
			"(5,'b',5,5.00),(6,'b',7,NULL),(7,'b',9,7.75)")
	return s
}

func TestWindowRanking(t *testing.T) {
	s := windowSession(t)
	cases := []struct{ sql, want string }{
		{"SELECT id, ROW_NUMBER() OVER (ORDER BY id) FROM w", "1,1;2,2;3,3;4,4;5,5;6,6;7,7"},
		// NULL sorts first ascending; 20 and 20 are peers.
		{"SELECT id, RANK() OVER w, DENSE_RANK() OVER w FROM w WHERE g = 'a' WINDOW w AS (ORDER BY v) ORDER BY id",
			"1,2,2;2,3,3;3,3,3;4,1,1"},
		{"SELECT id, PERCENT_RANK() OVER (PARTITION BY g ORDER BY v), CUME_DIST() OVER (PARTITION BY g ORDER BY v) FROM w ORDER BY id",
			"1,0.3333333333333333,0.5;2,0.6666666666666666,1;3,0.6666666666666666,1;4,0,0.25;5,0,0.3333333333333333;6,0.5,0.6666666666666666;7,1,1"},
		{"SELECT id, NTILE(3) OVER (ORDER BY id) FROM w ORDER BY id", "1,1;2,1;3,1;4,2;5,2;6,3;7,3"},
		{"SELECT id, NTILE(10) OVER (PARTITION BY g ORDER BY id) FROM w ORDER BY id", "1,1;2,2;3,3;4,4;5,1;6,2;7,3"},
		// Without ORDER BY every row is a peer of every other.
		{"SELECT id, RANK() OVER (), CUME_DIST() OVER (PARTITION BY g) FROM w WHERE id < 3", "1,1,1;2,1,1"},
		// Ranking ignores the frame.
		{"SELECT id, ROW_NUMBER() OVER (ORDER BY id ROWS BETWEEN 1 FOLLOWING AND 2 FOLLOWING) FROM w WHERE id < 4", "1,1;2,2;3,3"},
		// An empty input gives no rows.
		{"SELECT ROW_NUMBER() OVER () FROM w WHERE id > 100", ""},
	}
	for _, c := range cases {
		if got := rowsOf(t, s, c.sql); got != c.want {
			t.Errorf("%s:\n got %q\nwant %q", c.sql, got, c.want)
		}
	}
	r := one(t, s, "SELECT ROW_NUMBER() OVER () AS rn, CUME_DIST() OVER () AS cd, LAG(v) OVER () AS l FROM w LIMIT 1")
	if r.cols[0].Type != mysqldef.TypeLongLong || r.cols[0].Flags&mysqldef.FlagUnsigned == 0 || r.cols[1].Type != mysqldef.TypeDouble || r.cols[2].Type != mysqldef.TypeLong {
		t.Errorf("column types %+v %+v %+v", r.cols[0], r.cols[1], r.cols[2])
	}
}

func TestWindowValueFunctions(t *testing.T) {
	s := windowSession(t)
	cases := []struct{ sql, want string }{
		{"SELECT id, LAG(v) OVER w, LEAD(v) OVER w FROM w WHERE g = 'b' WINDOW w AS (ORDER BY id) ORDER BY id",
			"5,NULL,7;6,5,9;7,7,NULL"},
		// Offsets past the partition give the default, evaluated on the current row.
		{"SELECT id, LAG(v, 2, -id) OVER (PARTITION BY g ORDER BY id), LEAD(v, 0) OVER (ORDER BY id) FROM w WHERE g = 'b' ORDER BY id",
			"5,-5,5;6,-6,7;7,5,9"},
		{"SELECT id, LEAD(v, 100, 0) OVER (ORDER BY id) FROM w WHERE id < 3", "1,0;2,0"},
		// Default frame with ORDER BY ends at the current row's last peer.
		{"SELECT id, FIRST_VALUE(id) OVER w, LAST_VALUE(id) OVER w, NTH_VALUE(id, 2) OVER w FROM w WHERE g = 'a' WINDOW w AS (ORDER BY v) ORDER BY id",
			"1,4,1,1;2,4,3,1;3,4,3,1;4,4,4,NULL"},
		{"SELECT id, LAST_VALUE(id) OVER (PARTITION BY g ORDER BY id ROWS BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING) FROM w ORDER BY id",
			"1,4;2,4;3,4;4,4;5,7;6,7;7,7"},
		// An empty frame gives NULL.
		{"SELECT id, FIRST_VALUE(id) OVER (ORDER BY id ROWS BETWEEN 5 FOLLOWING AND 6 FOLLOWING) FROM w ORDER BY id",
			"1,6;2,7;3,NULL;4,NULL;5,NULL;6,NULL;7,NULL"},
	}
	for _, c := range cases {
		if got := rowsOf(t, s, c.sql); got != c.want {
			t.Errorf("%s:\n got %q\nwant %q", c.sql, got, c.want)
		}
	}
}

func TestWindowAggregatesAndFrames(t *testing.T) {
	s := windowSession(t)
	cases := []struct{ sql, want string }{
		{"SELECT id, SUM(v) OVER (), COUNT(*) OVER (), COUNT(v) OVER () FROM w WHERE g = 'a' ORDER BY id",
			"1,50,4,3;2,50,4,3;3,50,4,3;4,50,4,3"},
		// Running sum with peers included (RANGE ... CURRENT ROW by default).
		{"SELECT id, SUM(v) OVER (PARTITION BY g ORDER BY v) FROM w ORDER BY id", "1,10;2,50;3,50;4,NULL;5,5;6,12;7,21"},
		{"SELECT id, SUM(v) OVER (PARTITION BY g ORDER BY v ROWS UNBOUNDED PRECEDING) FROM w ORDER BY id", "1,10;2,30;3,50;4,NULL;5,5;6,12;7,21"},
		{"SELECT id, SUM(id) OVER (ORDER BY id ROWS BETWEEN 1 PRECEDING AND 1 FOLLOWING), AVG(id) OVER (ORDER BY id ROWS 2 PRECEDING) FROM w ORDER BY id",
			"1,3,1.0000;2,6,1.5000;3,9,2.0000;4,12,3.0000;5,15,4.0000;6,18,5.0000;7,13,6.0000"},
		{"SELECT id, MIN(v) OVER (ORDER BY id ROWS BETWEEN CURRENT ROW AND 2 FOLLOWING), MAX(d) OVER (PARTITION BY g) FROM w ORDER BY id",
			"1,10,4.00;2,20,4.00;3,5,4.00;4,5,4.00;5,5,7.75;6,7,7.75;7,9,7.75"},
		// RANGE with numeric offsets, ascending and descending; NULL's frame is the NULLs.
		{"SELECT id, SUM(id) OVER (ORDER BY v RANGE BETWEEN 5 PRECEDING AND 5 FOLLOWING) FROM w ORDER BY id",
			"1,19;2,5;3,5;4,4;5,19;6,19;7,19"},
		{"SELECT id, COUNT(*) OVER (ORDER BY v DESC RANGE BETWEEN 2 PRECEDING AND CURRENT ROW) FROM w ORDER BY id",
			"1,1;2,2;3,2;4,1;5,2;6,2;7,2"},
		{"SELECT id, SUM(v) OVER (ORDER BY d RANGE BETWEEN 1 FOLLOWING AND UNBOUNDED FOLLOWING) FROM w ORDER BY id",
			"1,34;2,34;3,14;4,14;5,9;6,71;7,NULL"},
		// Frame start after its end: empty.
		{"SELECT id, COUNT(v) OVER (ORDER BY id ROWS BETWEEN CURRENT ROW AND 1 PRECEDING) FROM w WHERE id < 3", "1,0;2,0"},
	}
	for _, c := range cases {
		if got := rowsOf(t, s, c.sql); got != c.want {
			t.Errorf("%s:\n got %q\nwant %q", c.sql, got, c.want)
		}
	}
}

// Windows over grouped rows, named windows inheriting one another, window
// values in ORDER BY and through aliases, inside derived tables and CTEs.
func TestWindowPlacement(t *testing.T) {
	s := windowSession(t)
	cases := []struct{ sql, want string }{
		{"SELECT g, SUM(v), SUM(SUM(v)) OVER (), RANK() OVER (ORDER BY COUNT(*) DESC) FROM w GROUP BY g ORDER BY g", "a,50,71,1;b,21,71,2"},
		{"SELECT g, ROW_NUMBER() OVER w2 FROM w GROUP BY g HAVING COUNT(*) > 1 WINDOW w1 AS (ORDER BY g DESC), w2 AS (w1) ORDER BY g", "a,2;b,1"},
		{"SELECT id, SUM(id) OVER (w ORDER BY id) FROM w WINDOW w AS (PARTITION BY g) ORDER BY id", "1,1;2,3;3,6;4,10;5,5;6,11;7,18"},
		{"SELECT id, ROW_NUMBER() OVER (ORDER BY id DESC) AS rn FROM w ORDER BY rn LIMIT 2", "7,1;6,2"},
		{"SELECT DISTINCT g, COUNT(*) OVER (PARTITION BY g) FROM w ORDER BY g", "a,4;b,3"},
		{"SELECT id FROM w ORDER BY ROW_NUMBER() OVER (ORDER BY v DESC, id) LIMIT 3", "2;3;1"},
		{"SELECT id, rn FROM (SELECT id, ROW_NUMBER() OVER (PARTITION BY g ORDER BY id DESC) AS rn FROM w) d WHERE rn = 1 ORDER BY id", "4,1;7,1"},
		{"WITH c AS (SELECT g, v, LAG(v) OVER (PARTITION BY g ORDER BY id) AS p FROM w) SELECT g, v - p FROM c WHERE p IS NOT NULL ORDER BY g, 2", "a,NULL;a,0;a,10;b,2;b,2"},
		{"SELECT id, 1 + ROW_NUMBER() OVER (ORDER BY id), ROW_NUMBER() OVER (ORDER BY id) * 10 FROM w WHERE id = 1", "1,2,10"},
		{"SELECT *, ROW_NUMBER() OVER () FROM w WHERE id = 1", "1,a,10,1.50,1"},
		{"SELECT a.id, b.id, RANK() OVER (PARTITION BY a.id ORDER BY b.v) FROM w a JOIN w b ON b.g = a.g AND b.id <> a.id WHERE a.id = 5 ORDER BY b.id", "5,6,1;5,7,2"},
		{"SELECT g, COUNT(*) OVER () FROM w GROUP BY g ORDER BY g", "a,2;b,2"},
		// HAVING over an alias without a window function, beside one with.
		{"SELECT g, COUNT(*) AS c, ROW_NUMBER() OVER () AS rn FROM w GROUP BY g HAVING c > 3", "a,4,1"},
		{"SELECT g FROM w GROUP BY g ORDER BY RANK() OVER (ORDER BY COUNT(*))", "b;a"},
	}
	for _, c := range cases {
		if got := rowsOf(t, s, c.sql); got != c.want {
			t.Errorf("%s:\n got %q\nwant %q", c.sql, got, c.want)
		}
	}
}

func TestWindowErrors(t *testing.T) {
	s := windowSession(t)
	cases := []struct {
		sql  string
		code uint16
		msg  string
	}{
		{"SELECT id FROM w WHERE ROW_NUMBER() OVER () > 1", mysqldef.ErrWindowInvalidFuncUse, "window function 'row_number'"},
		{"SELECT g FROM w GROUP BY ROW_NUMBER() OVER ()", mysqldef.ErrWindowInvalidFuncUse, "this context"},
		{"SELECT g FROM w GROUP BY g HAVING RANK() OVER () > 1", mysqldef.ErrWindowInvalidFuncUse, "rank"},
		{"SELECT id, ROW_NUMBER() OVER () AS rn FROM w GROUP BY id HAVING rn > 1", mysqldef.ErrWindowInvalidFuncAliasUse, "alias 'rn'"},
		{"SELECT SUM(ROW_NUMBER() OVER ()) OVER () FROM w", mysqldef.ErrWindowInvalidFuncUse, "row_number"},
		{"SELECT ROW_NUMBER() OVER x FROM w", mysqldef.ErrWindowNoSuchWindow, "Window name 'x' is not defined."},
		{"SELECT ROW_NUMBER() OVER (x ORDER BY id) FROM w WINDOW y AS ()", mysqldef.ErrWindowNoSuchWindow, "'x'"},
		{"SELECT 1 FROM w WINDOW a AS (), a AS ()", mysqldef.ErrWindowDuplicateName, "Window 'a' is defined twice."},
		{"SELECT 1 FROM w WINDOW a AS (b), b AS (a)", mysqldef.ErrWindowCircularity, "circularity"},
		{"SELECT SUM(v) OVER (a PARTITION BY g) FROM w WINDOW a AS ()", mysqldef.ErrWindowNoChildPartitioning, "cannot define partitioning"},
		{"SELECT SUM(v) OVER (a ORDER BY id) FROM w WINDOW a AS (ORDER BY v)", mysqldef.ErrWindowNoRedefineOrderBy, "cannot inherit 'a'"},
		{"SELECT SUM(v) OVER (a) FROM w WINDOW a AS (ROWS 1 PRECEDING)", mysqldef.ErrWindowNoInheritFrame, "Window 'a' has a frame definition"},
		{"SELECT SUM(v) OVER (ROWS BETWEEN UNBOUNDED FOLLOWING AND CURRENT ROW) FROM w", mysqldef.ErrWindowFrameStartIllegal, "<unnamed window>"},
		{"SELECT SUM(v) OVER (ROWS BETWEEN CURRENT ROW AND UNBOUNDED PRECEDING) FROM w", mysqldef.ErrWindowFrameEndIllegal, "frame end"},
		{"SELECT SUM(v) OVER (ORDER BY v, id RANGE 1 PRECEDING) FROM w", mysqldef.ErrWindowRangeFrameOrderType, "exactly one ORDER BY"},
		{"SELECT SUM(v) OVER (ORDER BY g RANGE 1 PRECEDING) FROM w", mysqldef.ErrWindowRangeFrameOrderType, "numeric or temporal"},
		{"SELECT SUM(v) OVER (ROWS 1.5 PRECEDING) FROM w", mysqldef.ErrWindowFrameIllegal, "non-integral"},
		{"SELECT SUM(v) OVER (PARTITION BY ROW_NUMBER() OVER ()) FROM w", mysqldef.ErrWindowNestedInSpec, "nest a window function"},
		{"SELECT NTILE(0) OVER () FROM w", mysqldef.ErrWrongArguments, "Incorrect arguments to ntile"},
		{"SELECT NTILE(v) OVER () FROM w", mysqldef.ErrWrongArguments, "ntile"},
		{"SELECT NTH_VALUE(v, 0) OVER () FROM w", mysqldef.ErrWrongArguments, "nth_value"},
		{"SELECT SUM(DISTINCT v) OVER () FROM w", mysqldef.ErrNotSupportedYet, "DISTINCT"},
	}
	for _, c := range cases {
		wantErr(t, s, c.sql, c.code, c.msg)
	}
}

// A large partition is held within tmp_table_size (1114 past it).
func TestWindowMemoryBound(t *testing.T) {
	s := windowSession(t)
	mustExec(t, s, "SET tmp_table_size = 1024")
	wantErr(t, s, "SELECT a.id, ROW_NUMBER() OVER () FROM w a, w b, w c", mysqldef.ErrRecordFileFull, "is full")
}

// What is not built answers 1235, never a wrong result.
func TestWindowNotSupported(t *testing.T) {
	s := windowSession(t)
	// (A window function in a SELECT without FROM works now: TestAggregatesWithoutFrom.)
	mustExec(t, s, "CREATE TABLE dt (id INT PRIMARY KEY, d DATE)")
	wantErr(t, s, "SELECT SUM(id) OVER (ORDER BY d RANGE INTERVAL 1 DAY PRECEDING) FROM dt", mysqldef.ErrNotSupportedYet, "INTERVAL")
	wantErr(t, s, "SELECT SUM(id) OVER (ORDER BY d RANGE 1 PRECEDING) FROM dt", mysqldef.ErrWindowRangeFrameTemporal, "Only INTERVAL")
	wantErr(t, s, "SELECT SUM(id) OVER (ORDER BY id RANGE INTERVAL 1 DAY PRECEDING) FROM dt", mysqldef.ErrWindowRangeFrameNumeric, "INTERVAL bound value not allowed")
	wantErr(t, s, "SELECT SUM(id) OVER (ORDER BY id ROWS INTERVAL 1 DAY PRECEDING) FROM dt", mysqldef.ErrWindowRowsIntervalUse, "INTERVAL can only be used with RANGE")
}

// Windows beside correlated subqueries, inside them, in views and in
// INSERT ... SELECT; a window function in UPDATE's SET is refused (3593).
func TestWindowWithSubqueriesAndViews(t *testing.T) {
	s := windowSession(t)
	mustExec(t, s, "CREATE VIEW wv AS SELECT id, g, RANK() OVER (PARTITION BY g ORDER BY v DESC) AS r FROM w",
		"CREATE TABLE ranks (id INT PRIMARY KEY, r INT)",
		"INSERT INTO ranks SELECT id, ROW_NUMBER() OVER (ORDER BY id DESC) FROM w")
	cases := []struct{ sql, want string }{
		{"SELECT id, ROW_NUMBER() OVER (ORDER BY id), (SELECT MAX(v) FROM w x WHERE x.g = w.g) FROM w WHERE id IN (1, 5) ORDER BY id", "1,1,20;5,2,9"},
		{"SELECT id, (SELECT COUNT(*) OVER () FROM w x WHERE x.g = w.g LIMIT 1) FROM w WHERE id IN (1, 5) ORDER BY id", "1,4;5,3"},
		{"SELECT id, r FROM wv WHERE g = 'b' ORDER BY id", "5,3;6,2;7,1"},
		{"SELECT id, r FROM ranks WHERE id < 3 ORDER BY id", "1,7;2,6"},
	}
	for _, c := range cases {
		if got := rowsOf(t, s, c.sql); got != c.want {
			t.Errorf("%s:\n got %q\nwant %q", c.sql, got, c.want)
		}
	}
	wantErr(t, s, "UPDATE w SET v = ROW_NUMBER() OVER ()", mysqldef.ErrWindowInvalidFuncUse, "row_number")
	if r := one(t, s, "EXPLAIN SELECT id, ROW_NUMBER() OVER (ORDER BY v) FROM w"); len(r.rows) != 1 {
		t.Errorf("EXPLAIN of a window query: %v", r.rows)
	}
}

// KILL QUERY stops a statement while its windows are computed (1317).
func TestWindowKillQuery(t *testing.T) {
	s := windowSession(t)
	other := s.eng.NewSession(8, "localhost", nil, nil)
	other.Login("root", "localhost", ClientOptions{}, "")
	done := make(chan []result)
	// Each partition's SUM sleeps a second: seven partitions would take seven.
	go func() { done <- query(t, other, "SELECT id, SUM(SLEEP(1)) OVER (PARTITION BY id) FROM d.w") }()
	for {
		if c := other.command.Load(); c != nil && *c == cmdQuery {
			break
		}
	}
	one(t, s, "KILL QUERY 8")
	rs := <-done
	if last := rs[len(rs)-1]; last.err == nil || last.err.Code != mysqldef.ErrQueryInterrupted {
		t.Fatalf("killed window query: %+v", last)
	}
}
