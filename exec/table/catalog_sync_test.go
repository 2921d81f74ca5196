//go:build !arm && !386

package table

import (
	"errors"
	"testing"

	"github.com/loopdb/loopdb/mysqldef"
	"github.com/loopdb/loopdb/storage/tikv"
	"github.com/loopdb/loopdb/storage/tikv/tikvmock"
)

// Two catalogs over one mock TiKV cluster, as two front ends hold them.
func twoCatalogs(t *testing.T) (*Catalog, *Catalog) {
	t.Helper()
	cluster := tikvmock.New(t)
	a, err := OpenCatalog(cluster.Engine(tikv.Options{}))
	if err != nil {
		t.Fatal(err)
	}
	b, err := OpenCatalog(cluster.Engine(tikv.Options{}))
	if err != nil {
		t.Fatal(err)
	}
	if !a.Shared() || !b.Shared() {
		t.Fatal("a TiKV-backed catalog does not know it is shared")
	}
	return a, b
}

func TestStaleCatalogRefusesDDL(t *testing.T) {
	a, b := twoCatalogs(t)
	if _, err := b.CreateDatabase("x", false); err != nil {
		t.Fatal(err)
	}
	// a has not synced: its change would be built on a catalog it has not
	// seen, so it is refused with 1412 and a reloads.
	_, err := a.CreateDatabase("y", false)
	var se *mysqldef.SQLError
	if !errors.As(err, &se) || se.Code != mysqldef.ErrTableDefChanged {
		t.Fatalf("stale DDL: %v, want 1412", err)
	}
	if !a.HasDatabase("x") {
		t.Fatal("the refused change did not reload the catalog")
	}
	if _, err := a.CreateDatabase("y", false); err != nil {
		t.Fatalf("retry after reload: %v", err)
	}
	if err := b.Sync(); err != nil {
		t.Fatal(err)
	}
	if !b.HasDatabase("y") {
		t.Fatal("Sync did not pick up a's database")
	}
}

// createTableDT creates database d and table d.t in c.
func createTableDT(t *testing.T, c *Catalog) {
	t.Helper()
	if _, err := c.CreateDatabase("d", false); err != nil {
		t.Fatal(err)
	}
	tab := &Table{DB: "d", Name: "t"}
	if err := c.Publish(tab, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := c.CreateTable(tab, false); err != nil {
		t.Fatal(err)
	}
}

func TestSharedIDRangesAreDisjoint(t *testing.T) {
	a, b := twoCatalogs(t)
	createTableDT(t, a)
	if err := b.Sync(); err != nil {
		t.Fatal(err)
	}
	ta, tb := a.Table("d", "t"), b.Table("d", "t")
	seen := map[uint64]string{}
	take := func(c *Catalog, tab *Table, who string, n uint64) {
		first, err := c.AllocAutoInc(tab, n)
		if err != nil {
			t.Fatal(err)
		}
		for id := first; id < first+n; id++ {
			if prev, dup := seen[id]; dup {
				t.Fatalf("id %d handed out to %s and %s", id, prev, who)
			}
			seen[id] = who
		}
	}
	// Ranges run out (idReserveStep) and are claimed again, interleaved.
	for i := 0; i < 5; i++ {
		take(a, ta, "a", 700)
		take(b, tb, "b", 300)
	}
	// A raise on one front end moves the shared mark: the other's next
	// claim past its reserved range (at most maxIDReserveStep ids, which
	// grows under bursts of claims) starts above it.
	if err := a.RaiseAutoInc(ta, 500_000); err != nil {
		t.Fatal(err)
	}
	take(b, tb, "b", maxIDReserveStep+2000)
	for id, who := range seen {
		if who == "b" && id >= 500_000 {
			return
		}
	}
	t.Fatal("b's claim after a's raise stayed below the raised value")
}
