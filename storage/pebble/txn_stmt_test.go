package pebble

import (
	"reflect"
	"testing"
)

func TestStatementRollbackRestoresPriorState(t *testing.T) {
	eng, m := newTxnTest(t, false)
	commit(t, eng, func(b Batch) {
		_ = b.Set([]byte("set-existing"), []byte("c0"))
		_ = b.Set([]byte("del-existing"), []byte("d0"))
		_ = b.Set([]byte("multi"), []byte("m0"))
	})
	tx := m.Begin()
	defer tx.Rollback()
	// A txn write before the statement: the statement must restore it, not
	// the committed value.
	mustSet(t, tx, "txn-write", "t0")
	before := collect(t, tx, "", "")

	tx.BeginStatement()
	mustSet(t, tx, "set-existing", "c1")
	mustSet(t, tx, "set-absent", "a1")
	mustDelete(t, tx, "del-existing")
	mustDelete(t, tx, "del-absent")
	mustSet(t, tx, "multi", "m1")
	mustDelete(t, tx, "multi")
	mustSet(t, tx, "multi", "m2")
	mustSet(t, tx, "txn-write", "t1")
	mustDelete(t, tx, "txn-write")
	if err := tx.RollbackStatement(); err != nil {
		t.Fatal(err)
	}
	if got := collect(t, tx, "", ""); !reflect.DeepEqual(got, before) {
		t.Fatalf("after statement rollback\n got %v\nwant %v", got, before)
	}
	if !tx.Dirty() {
		t.Fatal("the write before the statement was forgotten")
	}
	mustCommit(t, tx)
	if got := collect(t, eng, "", ""); !reflect.DeepEqual(got, before) {
		t.Fatalf("committed\n got %v\nwant %v", got, before)
	}
}

func TestStatementEndKeepsAndLaterRollbackIsolated(t *testing.T) {
	eng, m := newTxnTest(t, false)
	tx := m.Begin()

	tx.BeginStatement()
	mustSet(t, tx, "a", "1")
	mustSet(t, tx, "b", "1")
	tx.EndStatement()

	tx.BeginStatement()
	mustSet(t, tx, "a", "2")
	mustDelete(t, tx, "b")
	mustSet(t, tx, "c", "2")
	if err := tx.RollbackStatement(); err != nil {
		t.Fatal(err)
	}
	want := []string{"a=1", "b=1"}
	if got := collect(t, tx, "", ""); !reflect.DeepEqual(got, want) {
		t.Fatalf("got %v want %v", got, want)
	}

	// A rollback without an open statement undoes nothing.
	if err := tx.RollbackStatement(); err != nil {
		t.Fatal(err)
	}
	// Writes outside a statement are not undone by a later statement.
	mustSet(t, tx, "d", "3")
	tx.BeginStatement()
	mustSet(t, tx, "e", "4")
	tx.BeginStatement() // implicit end: e is kept
	mustSet(t, tx, "f", "5")
	if err := tx.RollbackStatement(); err != nil {
		t.Fatal(err)
	}
	mustCommit(t, tx)
	want = []string{"a=1", "b=1", "d=3", "e=4"}
	if got := collect(t, eng, "", ""); !reflect.DeepEqual(got, want) {
		t.Fatalf("committed %v want %v", got, want)
	}
}

// A key the txn has not written is undone to the engine's value, read at
// rollback; a key under the txn's own range deletion is undone to absent,
// not to the committed value the range hides.
func TestStatementRollbackOverRangeDeletionAndCommitted(t *testing.T) {
	eng, m := newTxnTest(t, false)
	commit(t, eng, func(b Batch) {
		_ = b.Set([]byte("k1"), []byte("v1"))
		_ = b.Set([]byte("k2"), []byte("v2"))
		_ = b.Set([]byte("z9"), []byte("z"))
	})
	tx := m.Begin()
	defer tx.Rollback()
	if err := tx.DeleteRange([]byte("k"), []byte("l")); err != nil {
		t.Fatal(err)
	}
	tx.BeginStatement()
	mustSet(t, tx, "k1", "new")
	mustSet(t, tx, "z9", "new")
	mustDelete(t, tx, "z9")
	if err := tx.RollbackStatement(); err != nil {
		t.Fatal(err)
	}
	want := []string{"z9=z"}
	if got := collect(t, tx, "", ""); !reflect.DeepEqual(got, want) {
		t.Fatalf("after statement rollback got %v want %v", got, want)
	}
	mustCommit(t, tx)
	if got := collect(t, eng, "", ""); !reflect.DeepEqual(got, want) {
		t.Fatalf("committed %v want %v", got, want)
	}
}
