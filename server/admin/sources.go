package admin

import (
	"time"

	pebbledb "github.com/cockroachdb/pebble/v2"
)

// Sources is what a scrape reads. Each function is called once per scrape
// from the HTTP goroutine; nil ones are skipped.
type Sources struct {
	// Version is the server version clients see (mysql_version_info).
	Version string
	// Status is SHOW GLOBAL STATUS as name -> value.
	Status func() map[string]string
	// Variables is SHOW GLOBAL VARIABLES as name -> value.
	Variables func() map[string]string
	// Loops reports the event loops' counters.
	Loops func() LoopStats
	// Pool reports the SQL worker pool.
	Pool func() PoolStats
	// Storage reports Pebble's metrics.
	Storage func() *pebbledb.Metrics
}

// LoopStats are the event loops' counters.
type LoopStats struct {
	Loops             int
	Wakeups           uint64        // OnTraffic calls
	Busy              time.Duration // time spent in them
	Accepted, Refused uint64        // connections accepted; refused at once
	ConnectionsOpen   int64         // open connections, logged in or not
}

// PoolStats is the worker pool's state.
type PoolStats struct {
	Workers, Queued, Blocked int
	Started                  uint64        // tasks taken off the queue
	WaitTotal                time.Duration // their summed time in the queue
	// WaitBounds and Waits are the queue-wait histogram: Waits[i] tasks
	// waited at most WaitBounds[i] (and more than the bound before); the
	// extra last entry counts longer waits.
	WaitBounds []time.Duration
	Waits      []uint64
}
