package exec

import (
	"errors"
	"testing"

	"github.com/loopdb/loopdb/exec/expr"
	"github.com/loopdb/loopdb/exec/table"
	"github.com/loopdb/loopdb/mysqldef"
	"github.com/loopdb/loopdb/storage"
)

// A writer appending after the table's last key skips the duplicate
// lookup (table/writer_tail.go); a key committed by another transaction,
// or written by another writer of the same transaction, after the writer
// found the last key is still reported as a duplicate, and so is a key it
// wrote itself.
func TestAppendingWriterStillFindsDuplicates(t *testing.T) {
	s := tableSession(t)
	mustExec(t, s, "CREATE TABLE ap (id INT PRIMARY KEY, v INT)", "INSERT INTO ap VALUES (1, 1)")
	tb := s.eng.catalog.Table("d", "ap")
	row := func(id int64) []expr.Value { return []expr.Value{expr.IntValue(id), expr.IntValue(id)} }
	insert := func(w *table.Writer, id int64) error {
		_, err := w.Insert(row(id))
		return err
	}
	isDup := func(err error) bool {
		var d *table.DupKeyError
		return errors.As(err, &d)
	}
	txA := s.eng.store.Begin(storage.TxnOptions{})
	// Each writer looks for the last key at its second row; from then on
	// its rows are past the tail until something else is written.
	appendRows := func(w *table.Writer, from, to int64) {
		t.Helper()
		for id := from; id <= to; id++ {
			if err := insert(w, id); err != nil {
				t.Fatal(id, err)
			}
		}
	}
	wA := s.newTableWriter(tb, txA)
	appendRows(wA, 2, 5)
	// Another transaction commits 10 while A's writer is past the tail.
	txB := s.eng.store.Begin(storage.TxnOptions{})
	if err := insert(s.newTableWriter(tb, txB), 10); err != nil {
		t.Fatal(err)
	}
	if err := txB.Commit(); err != nil {
		t.Fatal(err)
	}
	if err := insert(wA, 10); !isDup(err) {
		t.Fatalf("a key another transaction committed: %v, want a duplicate", err)
	}
	// A second writer of the same transaction appends 20.
	wA = s.newTableWriter(tb, txA)
	appendRows(wA, 11, 13)
	if err := insert(s.newTableWriter(tb, txA), 20); err != nil {
		t.Fatal(err)
	}
	if err := insert(wA, 20); !isDup(err) {
		t.Fatalf("a key the same transaction wrote through another writer: %v, want a duplicate", err)
	}
	// The writer's own rows, before and at its tail.
	wA = s.newTableWriter(tb, txA)
	appendRows(wA, 21, 25)
	for _, id := range []int64{23, 25} {
		if err := insert(wA, id); !isDup(err) {
			t.Fatalf("the writer's own row %d: %v, want a duplicate", id, err)
		}
	}
	if err := txA.Commit(); err != nil {
		t.Fatal(err)
	}
	if got := rowsOf(t, s, "SELECT GROUP_CONCAT(id ORDER BY id) FROM ap"); got != "1,2,3,4,5,10,11,12,13,20,21,22,23,24,25" {
		t.Fatal(got)
	}
}

// Inside a snapshot transaction the writer reads the latest committed
// state (currentTxn) and appends past the tail there too: a row another
// transaction committed after the snapshot is still a duplicate.
func TestAppendingInSnapshotTransactionFindsCommittedRows(t *testing.T) {
	s := tableSession(t)
	mustExec(t, s, "CREATE TABLE ap (id INT PRIMARY KEY)", "INSERT INTO ap VALUES (1)")
	mustExec(t, s, "START TRANSACTION WITH CONSISTENT SNAPSHOT", "INSERT INTO ap VALUES (2), (3)")
	if got := rowsOf(t, s, "SELECT COUNT(*) FROM ap"); got != "3" {
		t.Fatal(got)
	}
	o := s.eng.store.Begin(storage.TxnOptions{})
	if _, err := s.newTableWriter(s.eng.catalog.Table("d", "ap"), o).Insert([]expr.Value{expr.IntValue(9)}); err != nil {
		t.Fatal(err)
	}
	if err := o.Commit(); err != nil {
		t.Fatal(err)
	}
	wantErr(t, s, "INSERT INTO ap VALUES (4), (5), (9)", mysqldef.ErrDupEntry, "Duplicate entry '9'")
	mustExec(t, s, "INSERT INTO ap VALUES (4), (5), (6)", "COMMIT")
	if got := rowsOf(t, s, "SELECT GROUP_CONCAT(id ORDER BY id) FROM ap"); got != "1,2,3,4,5,6,9" {
		t.Fatal(got)
	}
}
