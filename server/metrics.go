package server

import (
	"time"

	pebbledb "github.com/cockroachdb/pebble/v2"
	"github.com/loopdb/loopdb/exec/workpool"
	"github.com/loopdb/loopdb/server/admin"
)

// metricSources wires the admin endpoint to the counters SHOW GLOBAL STATUS
// reads (the engine's, with the reactor's through ExtraStatus), the global
// variables, the loops, the worker pool and Pebble.
func (s *Server) metricSources() admin.Sources {
	src := admin.Sources{
		Version:   s.version,
		Status:    s.sql.GlobalStatus,
		Variables: s.sql.GlobalVariables,
		Loops: func() admin.LoopStats {
			st := s.loops.Stats()
			return admin.LoopStats{
				Loops:           s.loops.EventLoops(),
				Wakeups:         st.LoopWakeups.Load(),
				Busy:            time.Duration(st.LoopBusyNanos.Load()),
				Accepted:        st.Accepted.Load(),
				Refused:         st.Refused.Load(),
				ConnectionsOpen: s.loops.Connections(),
			}
		},
		Pool: func() admin.PoolStats {
			st := s.pool.Stats()
			return admin.PoolStats{Workers: st.Workers, Queued: st.Queued, Blocked: st.Blocked,
				Started: st.Started, WaitTotal: st.WaitTotal, WaitBounds: workpool.WaitBounds[:], Waits: st.Waits[:]}
		},
	}
	if s.pebble != nil { // TiKV's own metrics live in the cluster's monitoring
		src.Storage = func() *pebbledb.Metrics { return s.pebble.Metrics() }
	}
	return src
}
