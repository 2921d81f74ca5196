package pebble

import (
	"errors"
	"reflect"
	"testing"

	"github.com/loopdb/loopdb/storage"
)

func newEngineTest(t *testing.T) *Engine {
	t.Helper()
	e := NewEngine(openTest(t, t.TempDir()), quietLogger())
	t.Cleanup(func() { _ = e.Close() })
	return e
}

func TestEngineBeginChoosesDurability(t *testing.T) {
	e := newEngineTest(t)
	durable := e.Begin(storage.TxnOptions{}).(*Txn)
	fast := e.Begin(storage.TxnOptions{NoSync: true}).(*Txn)
	if !durable.sync || fast.sync {
		t.Fatalf("sync: default %v, NoSync %v", durable.sync, fast.sync)
	}
	for _, tx := range []*Txn{durable, fast} {
		mustSet(t, tx, "k"+string(rune('0'+tx.ID())), "v")
		mustCommit(t, tx)
	}
	if got := collect(t, e, "", ""); !reflect.DeepEqual(got, []string{"k1=v", "k2=v"}) {
		t.Fatalf("committed %v", got)
	}
}

// rangeSetup commits a..e and returns a txn that also wrote "c2" and "x".
func rangeSetup(t *testing.T, e *Engine) storage.Txn {
	t.Helper()
	tx := e.Begin(storage.TxnOptions{})
	for _, k := range []string{"a", "b", "c", "d", "e"} {
		if err := tx.Set([]byte(k), []byte("1")); err != nil {
			t.Fatal(err)
		}
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	tx = e.Begin(storage.TxnOptions{})
	if err := tx.Set([]byte("c2"), []byte("2")); err != nil {
		t.Fatal(err)
	}
	if err := tx.Set([]byte("x"), []byte("2")); err != nil {
		t.Fatal(err)
	}
	return tx
}

// withoutRangeDeleter hides Txn.DeleteRange, as a backend without the
// capability would.
type withoutRangeDeleter struct{ storage.Txn }

func TestDeleteRangeNativeAndFallbackAgree(t *testing.T) {
	for name, wrap := range map[string]func(storage.Txn) storage.Txn{
		"native":   func(tx storage.Txn) storage.Txn { return tx },
		"fallback": func(tx storage.Txn) storage.Txn { return withoutRangeDeleter{tx} },
	} {
		t.Run(name, func(t *testing.T) {
			e := newEngineTest(t)
			tx := wrap(rangeSetup(t, e))
			if err := storage.DeleteRange(tx, []byte("b"), []byte("d")); err != nil {
				t.Fatal(err)
			}
			want := []string{"a=1", "d=1", "e=1", "x=2"}
			if got := collect(t, tx, "", ""); !reflect.DeepEqual(got, want) {
				t.Fatalf("in txn %v, want %v", got, want)
			}
			if got := collect(t, e, "", ""); len(got) != 5 {
				t.Fatalf("visible before commit: %v", got)
			}
			if err := tx.Commit(); err != nil {
				t.Fatal(err)
			}
			if got := collect(t, e, "", ""); !reflect.DeepEqual(got, want) {
				t.Fatalf("committed %v, want %v", got, want)
			}
		})
	}
}

func TestDeleteRangeRefusedInStatement(t *testing.T) {
	e := newEngineTest(t)
	tx := rangeSetup(t, e)
	defer tx.Rollback()
	tx.BeginStatement()
	if err := storage.DeleteRange(tx, []byte("a"), []byte("z")); !errors.Is(err, storage.ErrRangeInStatement) {
		t.Fatalf("got %v, want ErrRangeInStatement", err)
	}
	tx.EndStatement()
	if err := storage.DeleteRange(tx, []byte("a"), []byte("z")); err != nil {
		t.Fatal(err)
	}
	if got := collect(t, tx, "", ""); len(got) != 0 {
		t.Fatalf("left %v", got)
	}
}
