package pebble

import (
	"fmt"
	"testing"
)

// A batch is indexed on its first read (pebbleBatch): the writes made
// before it, a range deletion among them, are seen by that read and every
// later one; WrittenKeys positions handed out before the indexing stay
// valid after it; a batch never read commits as it is.
func TestBatchIndexedOnFirstRead(t *testing.T) {
	eng := openTest(t, t.TempDir())
	defer eng.Close()
	commit(t, eng, func(b Batch) {
		for _, k := range []string{"a1", "a2", "b1", "c1"} {
			b.Set([]byte(k), []byte("old"))
		}
	})

	b := eng.NewBatch()
	defer b.Close()
	b.Set([]byte("a1"), []byte("new"))
	b.DeleteRange([]byte("b"), []byte("c"))
	var before []string
	pos, err := b.WrittenKeys(0, func(k, end []byte) { before = append(before, string(k)+"-"+string(end)) })
	if err != nil {
		t.Fatal(err)
	}
	if pb := b.(*pebbleBatch); pb.indexed {
		t.Fatal("indexed before any read")
	}
	// The first read indexes what was written so far.
	if got := mustGet(t, b, "a1"); got != "new" {
		t.Fatalf("a1 = %q", got)
	}
	mustAbsent(t, b, "b1")
	if pb := b.(*pebbleBatch); !pb.indexed {
		t.Fatal("not indexed after a read")
	}
	// Writes after the indexing, and WrittenKeys resuming where it was.
	b.Set([]byte("d1"), []byte("added"))
	var after []string
	if _, err := b.WrittenKeys(pos, func(k, end []byte) { after = append(after, string(k)+"-"+string(end)) }); err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(before) != "[a1- b-c]" || fmt.Sprint(after) != "[d1-]" {
		t.Fatalf("written keys %v then %v", before, after)
	}
	want := "[a1=new a2=old c1=old d1=added]"
	if got := collect(t, b, "", ""); fmt.Sprint(got) != want {
		t.Fatalf("batch sees %v, want %s", got, want)
	}
	if err := b.Commit(true); err != nil {
		t.Fatal(err)
	}
	if got := collect(t, eng, "", ""); fmt.Sprint(got) != want {
		t.Fatalf("committed %v, want %s", got, want)
	}

	// Never read: committed unindexed, same result.
	w := eng.NewBatch()
	defer w.Close()
	w.Set([]byte("e1"), []byte("x"))
	w.DeleteRange([]byte("a"), []byte("b"))
	if err := w.Commit(true); err != nil {
		t.Fatal(err)
	}
	if pb := w.(*pebbleBatch); pb.indexed {
		t.Fatal("a batch never read was indexed")
	}
	if got := collect(t, eng, "", ""); fmt.Sprint(got) != "[c1=old d1=added e1=x]" {
		t.Fatalf("after the unread batch: %v", got)
	}
}
