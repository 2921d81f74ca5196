//go:build !arm && !386

package table

import "testing"

// A burst of explicit ids raised one after the other (LOAD DATA with
// explicit ids) reserves in growing steps: a handful of durable commits,
// not one per thousand rows; the reservation never falls behind the ids
// handed out.
func TestIDReservationsGrowUnderBursts(t *testing.T) {
	a, _ := twoCatalogs(t)
	createTableDT(t, a)
	tab := a.Table("d", "t")
	alloc := &tab.shared.autoInc
	reservations := 0
	last := alloc.durable
	const rows = 300_000
	for id := uint64(1); id <= rows; id++ {
		if err := a.RaiseAutoInc(tab, id+1); err != nil {
			t.Fatal(err)
		}
		if alloc.durable != last {
			reservations++
			last = alloc.durable
		}
		if alloc.durable <= id {
			t.Fatalf("id %d handed out above the durable mark %d", id, alloc.durable)
		}
	}
	if reservations > 15 {
		t.Fatalf("%d reservations for %d ids", reservations, rows)
	}
	if alloc.step != maxIDReserveStep {
		t.Fatalf("step %d after the burst, want %d", alloc.step, maxIDReserveStep)
	}
}
