//go:build !arm && !386

package exec

import (
	"fmt"
	"sort"
	"testing"

	"github.com/loopdb/loopdb/mysqldef"
	"github.com/loopdb/loopdb/storage/tikv"
	"github.com/loopdb/loopdb/storage/tikv/tikvmock"
)

// Two loopdb front ends over one TiKV cluster (client-go's in-process mock):
// two exec engines, each with its own catalog cache and its own client-go
// store, in one test process.

func newFrontEnds(t *testing.T) (*Session, *Session) {
	t.Helper()
	cluster := tikvmock.New(t)
	var out [2]*Session
	for i := range out {
		eng, err := NewEngine(Config{Version: "8.0.40-loopdb-test"}, cluster.Engine(tikv.Options{}), nil)
		if err != nil {
			t.Fatal(err)
		}
		s := eng.NewSession(uint32(i+1), "localhost", nil, nil)
		s.Login("root", "localhost", ClientOptions{MultiStatements: true}, "")
		out[i] = s
	}
	return out[0], out[1]
}

func rowsFmt(t *testing.T, s *Session, sql string) string {
	t.Helper()
	return fmt.Sprint(one(t, s, sql).rows)
}

func TestFrontEndsShareRowsAndSchema(t *testing.T) {
	a, b := newFrontEnds(t)
	one(t, a, "CREATE DATABASE shop")
	one(t, a, "CREATE TABLE shop.item (id INT PRIMARY KEY, name VARCHAR(20), qty INT)")
	// b learns the new database and table from the schema version.
	one(t, b, "INSERT INTO shop.item VALUES (1, 'pen', 10), (2, 'ink', 5)")
	if got := rowsFmt(t, a, "SELECT id, name, qty FROM shop.item ORDER BY id"); got != "[[1 pen 10] [2 ink 5]]" {
		t.Fatalf("a reads b's rows: %s", got)
	}
	// IN lists are read in one batch, own writes and deletes included.
	one(t, b, "CREATE UNIQUE INDEX by_name ON shop.item (name)")
	one(t, a, "BEGIN")
	one(t, a, "INSERT INTO shop.item VALUES (3, 'cap', 1)")
	one(t, a, "DELETE FROM shop.item WHERE id = 2")
	if got := rowsFmt(t, a, "SELECT id FROM shop.item WHERE id IN (1, 2, 3, 4) ORDER BY id"); got != "[[1] [3]]" {
		t.Fatalf("pk IN list over own writes: %s", got)
	}
	if got := rowsFmt(t, a, "SELECT id FROM shop.item WHERE name IN ('pen', 'ink', 'cap') ORDER BY id"); got != "[[1] [3]]" {
		t.Fatalf("unique index IN list over own writes: %s", got)
	}
	one(t, a, "UPDATE shop.item SET qty = qty + 1 WHERE id IN (1, 3)")
	one(t, a, "ROLLBACK")
	if got := rowsFmt(t, b, "SELECT id, qty FROM shop.item WHERE id IN (1, 2, 3) ORDER BY id"); got != "[[1 10] [2 5]]" {
		t.Fatalf("after a's rollback: %s", got)
	}
	one(t, b, "DROP INDEX by_name ON shop.item")
	// A cached statement on b is re-planned after a's ALTER.
	for range 2 {
		if got := rowsFmt(t, b, "SELECT qty FROM shop.item WHERE id = 1"); got != "[[10]]" {
			t.Fatalf("b before the ALTER: %s", got)
		}
	}
	one(t, a, "ALTER TABLE shop.item ADD COLUMN price INT NOT NULL DEFAULT 7, DROP COLUMN qty")
	wantErr(t, b, "SELECT qty FROM shop.item WHERE id = 1", mysqldef.ErrBadField, "qty")
	if got := rowsFmt(t, b, "SELECT id, price FROM shop.item ORDER BY id"); got != "[[1 7] [2 7]]" {
		t.Fatalf("b after a's ALTER: %s", got)
	}
	one(t, b, "UPDATE shop.item SET price = price * 2 WHERE id = 2")
	if got := rowsFmt(t, a, "SELECT price FROM shop.item WHERE id = 2"); got != "[[14]]" {
		t.Fatalf("a reads b's update: %s", got)
	}
	one(t, b, "DROP TABLE shop.item")
	wantErr(t, a, "SELECT * FROM shop.item", mysqldef.ErrNoSuchTable, "doesn't exist")
	one(t, a, "DROP DATABASE shop")
	wantErr(t, b, "USE shop", mysqldef.ErrBadDB, "shop")
}

func TestFrontEndsAutoIncrementRanges(t *testing.T) {
	a, b := newFrontEnds(t)
	one(t, a, "CREATE DATABASE d")
	one(t, a, "CREATE TABLE d.t (id BIGINT AUTO_INCREMENT PRIMARY KEY, who CHAR(1))")
	// Interleaved inserts from both front ends: every id is unique.
	for i := 0; i < 5; i++ {
		one(t, a, "INSERT INTO d.t (who) VALUES ('a'), ('a')")
		one(t, b, "INSERT INTO d.t (who) VALUES ('b')")
	}
	rs := one(t, a, "SELECT id, who FROM d.t").rows
	if len(rs) != 15 {
		t.Fatalf("%d rows, want 15: %v", len(rs), rs)
	}
	seen := map[string]string{}
	var aIDs, bIDs []string
	for _, r := range rs {
		if prev, dup := seen[r[0]]; dup {
			t.Fatalf("id %s handed out to %s and %s", r[0], prev, r[1])
		}
		seen[r[0]] = r[1]
		if r[1] == "a" {
			aIDs = append(aIDs, r[0])
		} else {
			bIDs = append(bIDs, r[0])
		}
	}
	sort.Strings(aIDs)
	// Each front end works in its own range: a's ids are 1..10 in order.
	if fmt.Sprint(aIDs) != "[1 10 2 3 4 5 6 7 8 9]" {
		t.Fatalf("a's ids %v", aIDs)
	}
	if len(bIDs) != 5 {
		t.Fatalf("b's ids %v", bIDs)
	}
}

func TestFrontEndsConflictingWrites(t *testing.T) {
	a, b := newFrontEnds(t)
	one(t, a, "CREATE DATABASE d")
	one(t, a, "CREATE TABLE d.t (id INT PRIMARY KEY, v INT)")
	one(t, a, "INSERT INTO d.t VALUES (1, 0), (2, 0)")

	// A row lock taken on a is seen on b: b's wait runs out (1205) and
	// only b's statement is rolled back.
	one(t, a, "BEGIN")
	one(t, a, "UPDATE d.t SET v = 1 WHERE id = 1")
	one(t, b, "SET innodb_lock_wait_timeout = 1")
	one(t, b, "BEGIN")
	one(t, b, "UPDATE d.t SET v = 2 WHERE id = 2")
	wantErr(t, b, "UPDATE d.t SET v = 2 WHERE id = 1", mysqldef.ErrLockWaitTimeout, "Lock wait timeout")
	if got := rowsFmt(t, b, "SELECT v FROM d.t WHERE id = 2"); got != "[[2]]" {
		t.Fatalf("b's earlier statement lost after 1205: %s", got)
	}

	// Each now holds one row and wants the other's: a deadlock, which
	// TiKV's detector breaks by refusing one of them with 1213.
	done := make(chan []result, 1)
	go func() { done <- query(t, a, "UPDATE d.t SET v = 1 WHERE id = 2") }()
	one(t, b, "SET innodb_lock_wait_timeout = 20")
	rb := query(t, b, "UPDATE d.t SET v = 2 WHERE id = 1")
	ra := <-done
	errA, errB := ra[len(ra)-1].err, rb[len(rb)-1].err
	var loser, winner *Session
	switch {
	case errB != nil && errB.Code == mysqldef.ErrDeadlock && errA == nil:
		loser, winner = b, a
	case errA != nil && errA.Code == mysqldef.ErrDeadlock && errB == nil:
		loser, winner = a, b
	default:
		t.Fatalf("want one 1213 and one success: a %v, b %v", errA, errB)
	}
	// 1213 rolled the loser's transaction back; the winner commits.
	one(t, loser, "ROLLBACK")
	one(t, winner, "COMMIT")
	want := "[[1 1] [2 1]]"
	if winner == b {
		want = "[[1 2] [2 2]]"
	}
	if got := rowsFmt(t, loser, "SELECT id, v FROM d.t ORDER BY id"); got != want {
		t.Fatalf("after the deadlock: %s, want %s", got, want)
	}
}
