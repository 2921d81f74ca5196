package exec

import (
	"errors"
	"fmt"
	"io"
	"math/rand"
	"strings"
	"testing"

	"github.com/loopdb/loopdb/exec/expr"
	"github.com/loopdb/loopdb/mysqldef"
)

// textSink is a ResultWriter that encodes rows as text into one reused
// buffer, the work a connection does, and keeps nothing.
type textSink struct {
	buf []byte
	err error
}

func (w *textSink) BeginResult([]Column) error { return nil }
func (w *textSink) EndResult(Completion) error { return nil }
func (w *textSink) OK(Completion) error        { return nil }
func (w *textSink) Error(e *mysqldef.SQLError) error {
	w.err = e
	return nil
}
func (w *textSink) RequestLocalFile(string) (io.ReadCloser, error) {
	return nil, errors.New("no files")
}
func (w *textSink) Row(vals []expr.Value) error {
	w.buf = w.buf[:0]
	for _, v := range vals {
		w.buf = v.AppendText(w.buf)
	}
	return nil
}

// BenchmarkSysbenchRanges runs oltp_read_only's four range queries (100
// rows each) over a sysbench-shaped table of 10,000 rows, in process: the
// planning, reading, sorting and deduplication a range costs without the
// network and the client, which on a shared 2-core machine drown
// differences of a few percent.
func BenchmarkSysbenchRanges(b *testing.B) {
	s := newTestSession(b)
	execTB(b, s, "CREATE DATABASE d")
	execTB(b, s, "USE d")
	execTB(b, s, "CREATE TABLE sbtest1 (id INT NOT NULL AUTO_INCREMENT, k INT DEFAULT '0' NOT NULL, c CHAR(120) DEFAULT '' NOT NULL, pad CHAR(60) DEFAULT '' NOT NULL, PRIMARY KEY (id), KEY k_1 (k))")
	rng := rand.New(rand.NewSource(1))
	digits := func(groups int) string {
		parts := make([]string, groups)
		for i := range parts {
			parts[i] = fmt.Sprintf("%011d", rng.Int63n(1e11))
		}
		return strings.Join(parts, "-")
	}
	const rows = 10000
	for i := 0; i < rows; i += 500 {
		var sb strings.Builder
		sb.WriteString("INSERT INTO sbtest1 (k, c, pad) VALUES ")
		for j := 0; j < 500; j++ {
			if j > 0 {
				sb.WriteByte(',')
			}
			fmt.Fprintf(&sb, "(%d, '%s', '%s')", rng.Intn(rows), digits(10), digits(5))
		}
		execTB(b, s, sb.String())
	}
	for _, q := range []struct{ name, sql string }{
		{"simple", "SELECT c FROM sbtest1 WHERE id BETWEEN %d AND %d"},
		{"sum", "SELECT SUM(k) FROM sbtest1 WHERE id BETWEEN %d AND %d"},
		{"order", "SELECT c FROM sbtest1 WHERE id BETWEEN %d AND %d ORDER BY c"},
		{"distinct", "SELECT DISTINCT c FROM sbtest1 WHERE id BETWEEN %d AND %d ORDER BY c"},
	} {
		var sink textSink
		b.Run(q.name, func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				lo := 1 + (i*97)%(rows-100)
				sink.err = nil
				s.BeginCommand()
				s.Query(fmt.Sprintf(q.sql, lo, lo+99), &sink)
				s.EndCommand()
				if sink.err != nil {
					b.Fatal(sink.err)
				}
			}
		})
	}
}
