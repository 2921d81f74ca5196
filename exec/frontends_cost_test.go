//go:build !arm && !386

package exec

import (
	"testing"

	"github.com/loopdb/loopdb/storage/tikv"
	"github.com/loopdb/loopdb/storage/tikv/tikvmock"
)

// TestTiKVRequestsPerStatement counts what one statement asks of PD and
// TiKV (the figures in docs/tikv.md come from its log): a change here is a
// change in round trips per statement, so the test pins them.
func TestTiKVRequestsPerStatement(t *testing.T) {
	cluster := tikvmock.New(t)
	store := cluster.Engine(tikv.Options{})
	s := rootSessionOn(t, store)
	one(t, s, "CREATE DATABASE d")
	one(t, s, "CREATE TABLE d.t (id INT PRIMARY KEY, v INT)")
	one(t, s, "INSERT INTO d.t VALUES (1, 1), (2, 2)")
	st := store.Stats()
	type counts struct{ tso, gets, batches, scans, locks, commits uint64 }
	snap := func() counts {
		return counts{st.TSO.Load(), st.Gets.Load(), st.BatchGets.Load(), st.Scans.Load(), st.LockCalls.Load(), st.Commits.Load()}
	}
	for _, c := range []struct {
		sql  string
		want counts
	}{
		// Catalog check (TSO + Get of the schema version), then the
		// statement's snapshot (TSO) and the row (Get).
		{"SELECT v FROM d.t WHERE id = 1", counts{tso: 2, gets: 2}},
		// The catalog check; the primary-key point needs no read to be
		// found; the lock (one timestamp serves as start_ts and
		// for_update_ts); the row read once, under the lock (Get); the
		// commit (its commit_ts, or none with 1PC, is client-go's and not
		// counted).
		{"UPDATE d.t SET v = v + 1 WHERE id = 1", counts{tso: 2, gets: 2, locks: 1, commits: 1}},
		// The catalog check; one timestamp serves as start_ts and
		// for_update_ts of the primary key's lock; the duplicate check
		// reads the key under the lock (Get); the commit.
		{"INSERT INTO d.t VALUES (3, 3)", counts{tso: 2, gets: 2, locks: 1, commits: 1}},
		// Every command pays the catalog check (TSO + Get) ...
		{"BEGIN", counts{tso: 1, gets: 1}},
		// ... the first read of a REPEATABLE READ txn takes its snapshot ...
		{"SELECT v FROM d.t WHERE id = 1", counts{tso: 2, gets: 2}},
		// ... and later reads reuse it.
		{"SELECT v FROM d.t WHERE id = 2", counts{tso: 1, gets: 2}},
		// A read-only commit sends nothing.
		{"COMMIT", counts{tso: 1, gets: 1}},
		// A scan is one scanner (one Scan RPC per 256 keys, per region).
		{"SELECT COUNT(*) FROM d.t", counts{tso: 2, gets: 1, scans: 1}},
		// An IN list on the primary key is one batch, not a Get per value.
		{"SELECT v FROM d.t WHERE id IN (1, 2, 3, 4)", counts{tso: 2, gets: 1, batches: 1}},
	} {
		before := snap()
		one(t, s, c.sql)
		after := snap()
		got := counts{after.tso - before.tso, after.gets - before.gets, after.batches - before.batches,
			after.scans - before.scans, after.locks - before.locks, after.commits - before.commits}
		t.Logf("%s: %d TSO, %d Get, %d BatchGet, %d scan, %d lock, %d commit", c.sql, got.tso, got.gets, got.batches,
			got.scans, got.locks, got.commits)
		if got != c.want {
			t.Errorf("%s: %+v, want %+v", c.sql, got, c.want)
		}
	}
}
