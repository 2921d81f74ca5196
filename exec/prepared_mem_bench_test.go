package exec

import (
	"runtime"
	"testing"

	"github.com/loopdb/loopdb/exec/expr"
)

// BenchmarkPreparedSelectRetained reports the heap a connection keeps for
// one prepared, executed point select (sysbench's and bench/manyconn's
// statement): the PreparedStmt, its cached plan and what of the parse the
// plan keeps. At 15,000 connections each KB here is 15 MB of heap
// (bench/RESULTS.md, many connections). Each iteration is one session.
//
//	go test -run '^$' -bench BenchmarkPreparedSelectRetained -benchtime 2000x ./exec
func BenchmarkPreparedSelectRetained(b *testing.B) {
	s := newTestSession(b)
	for _, q := range []string{"CREATE DATABASE sb",
		"CREATE TABLE sb.t (id INT PRIMARY KEY, k INT, c CHAR(120), pad CHAR(60), KEY k_1 (k))",
		"INSERT INTO sb.t VALUES (1, 1, 'c', 'pad')"} {
		if rs := runQuery(s, q, &recorder{}); rs[len(rs)-1].err != nil {
			b.Fatal(rs[len(rs)-1].err)
		}
	}
	sessions := make([]*Session, b.N)
	for i := range sessions {
		ss := s.eng.NewSession(uint32(100+i), "localhost", nil, nil)
		ss.Login("root", "localhost", ClientOptions{}, "")
		sessions[i] = ss
	}
	params := []expr.Value{expr.IntValue(1)}
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	b.ResetTimer()
	for _, ss := range sessions {
		st, err := ss.Prepare("SELECT c FROM sb.t WHERE id = ?")
		if err != nil {
			b.Fatal(err)
		}
		ss.Execute(st, params, false, &recorder{})
	}
	b.StopTimer()
	runtime.GC()
	runtime.ReadMemStats(&after)
	b.ReportMetric(float64(int64(after.HeapAlloc)-int64(before.HeapAlloc))/float64(b.N), "retained-B/conn")
	runtime.KeepAlive(sessions)
}
