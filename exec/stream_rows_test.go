package exec

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/loopdb/loopdb/storage/pebble"
)

// transientRecorder is the client's kind of ResultWriter: it reads each row
// during Row and keeps nothing of it, and says so, so that streamed results
// decode their strings into a shared arena or straight out of the storage
// iterator's buffer (plan.Transient).
type transientRecorder struct{ recorder }

func (*transientRecorder) RowsTransient() bool { return true }

// Rows streamed to a transient writer come from storage blocks that the
// iterator moves past: every row must still arrive intact, whether its
// strings were copied into an arena (a WHERE, an expression in the select
// list) or point into the iterator's buffer (no WHERE, plain columns), and
// whether it came from a memtable or, as most of these, from sstables
// flushed under a small memtable.
func TestStreamedRowsIntactAcrossStorageBlocks(t *testing.T) {
	dir := t.TempDir()
	db, err := pebble.Open(dir, pebble.Options{MemTableSize: 256 << 10})
	if err != nil {
		t.Fatal(err)
	}
	store := pebble.NewEngine(db, nil)
	t.Cleanup(func() { store.Close() })
	s := rootSessionOn(t, store)
	one(t, s, "CREATE DATABASE d")
	one(t, s, "USE d")
	one(t, s, "CREATE TABLE t (id INT PRIMARY KEY, c VARCHAR(300), n INT, b VARBINARY(40))")

	const rows = 12000 // ~3 MB: a dozen memtables' worth
	text := func(i int) string { return fmt.Sprintf("row-%d-", i) + strings.Repeat(string(rune('a'+i%26)), i%200) }
	bin := func(i int) string { return fmt.Sprintf("%08x", i*2654435761) }
	for lo := 0; lo < rows; lo += 500 {
		var sb strings.Builder
		sb.WriteString("INSERT INTO t VALUES ")
		for i := lo; i < lo+500; i++ {
			if i > lo {
				sb.WriteByte(',')
			}
			fmt.Fprintf(&sb, "(%d, '%s', %d, '%s')", i, text(i), i%7, bin(i))
		}
		one(t, s, sb.String())
	}

	// The point of the test: most rows are read from sstable blocks.
	if ssts, _ := filepath.Glob(filepath.Join(dir, "*.sst")); len(ssts) == 0 {
		t.Fatal("no sstables flushed: the rows all come from the memtable")
	}

	cases := []struct {
		sql  string
		want func(i int) []string // nil: the row is not in the result
	}{
		{"SELECT * FROM t", func(i int) []string { return []string{fmt.Sprint(i), text(i), fmt.Sprint(i % 7), bin(i)} }},
		{"SELECT b, c FROM t", func(i int) []string { return []string{bin(i), text(i)} }},
		{"SELECT id, c FROM t WHERE n = 3", func(i int) []string {
			if i%7 != 3 {
				return nil
			}
			return []string{fmt.Sprint(i), text(i)}
		}},
		{"SELECT CONCAT(c, '|'), id FROM t", func(i int) []string { return []string{text(i) + "|", fmt.Sprint(i)} }},
		{"SELECT c FROM t LIMIT 100 OFFSET 5000", func(i int) []string {
			if i < 5000 || i >= 5100 {
				return nil
			}
			return []string{text(i)}
		}},
	}
	for _, tc := range cases {
		rec := &transientRecorder{}
		s.BeginCommand()
		s.Query(tc.sql, rec)
		s.EndCommand()
		if len(rec.results) != 1 || rec.results[0].err != nil {
			t.Fatalf("%s: %+v", tc.sql, rec.results)
		}
		got := rec.results[0].rows
		n := 0
		for i := 0; i < rows; i++ {
			want := tc.want(i)
			if want == nil {
				continue
			}
			if n >= len(got) {
				t.Fatalf("%s: %d rows, want more", tc.sql, len(got))
			}
			if g := strings.Join(got[n], ","); g != strings.Join(want, ",") {
				t.Fatalf("%s: row %d = %q, want %q", tc.sql, n, g, strings.Join(want, ","))
			}
			n++
		}
		if n != len(got) {
			t.Fatalf("%s: %d rows, want %d", tc.sql, len(got), n)
		}
	}
}
