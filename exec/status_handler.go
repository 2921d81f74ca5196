package exec

import (
	"strconv"
	"sync/atomic"

	"github.com/loopdb/loopdb/exec/expr"
)

// MySQL's Handler_* status counters: the row operations statements asked
// of storage. Each session counts its own (expr.HandlerCounts, written
// only by its goroutine, through the EvalCtx its scans and writers use);
// when a command ends, its difference is added to the server-wide totals
// here. So SHOW SESSION STATUS shows the session's counts, SHOW GLOBAL
// STATUS and /metrics the server's, and the hot path does no atomic
// operation per row.
//
// What counts: a key lookup or the start of a key range Handler_read_key,
// each further row of a range or index scan Handler_read_next, the start
// of a full table scan Handler_read_first and each row of it
// Handler_read_rnd_next (as InnoDB reports a clustered-index scan),
// Handler_write/update/delete per row (foreign key cascades included),
// Handler_commit/rollback per transaction ended. Reads of internal
// temporary results are not counted (MySQL counts them too).

// handlerFields names each counted field as SHOW STATUS does; the
// server-wide totals keep one atomic per entry, in this order.
var handlerFields = [...]struct {
	name  string
	field func(*expr.HandlerCounts) *uint64
}{
	{"Handler_read_first", func(c *expr.HandlerCounts) *uint64 { return &c.ReadFirst }},
	{"Handler_read_key", func(c *expr.HandlerCounts) *uint64 { return &c.ReadKey }},
	{"Handler_read_next", func(c *expr.HandlerCounts) *uint64 { return &c.ReadNext }},
	{"Handler_read_rnd_next", func(c *expr.HandlerCounts) *uint64 { return &c.ReadRndNext }},
	{"Handler_write", func(c *expr.HandlerCounts) *uint64 { return &c.Write }},
	{"Handler_update", func(c *expr.HandlerCounts) *uint64 { return &c.Update }},
	{"Handler_delete", func(c *expr.HandlerCounts) *uint64 { return &c.Delete }},
	{"Handler_commit", func(c *expr.HandlerCounts) *uint64 { return &c.Commit }},
	{"Handler_rollback", func(c *expr.HandlerCounts) *uint64 { return &c.Rollback }},
}

// handlerZero are MySQL's Handler_* names loopdb has no equivalent of:
// reported as 0, so dashboards find them.
var handlerZero = []string{"Handler_read_last", "Handler_read_prev", "Handler_read_rnd",
	"Handler_prepare", "Handler_savepoint", "Handler_savepoint_rollback",
	"Handler_discover", "Handler_external_lock", "Handler_mrr_init"}

// handlerTotals are the server-wide Handler_* counters, by handlerFields.
type handlerTotals [len(handlerFields)]atomic.Uint64

// add adds what a session counted since it last reported.
func (t *handlerTotals) add(now, before *expr.HandlerCounts) {
	for i, f := range handlerFields {
		if d := *f.field(now) - *f.field(before); d != 0 {
			t[i].Add(d)
		}
	}
}

func (t *handlerTotals) counts() expr.HandlerCounts {
	var c expr.HandlerCounts
	for i, f := range handlerFields {
		*f.field(&c) = t[i].Load()
	}
	return c
}

// putHandlerStatus writes c under MySQL's names.
func putHandlerStatus(status map[string]string, c expr.HandlerCounts) {
	for _, f := range handlerFields {
		status[f.name] = strconv.FormatUint(*f.field(&c), 10)
	}
	for _, name := range handlerZero {
		status[name] = "0"
	}
}

// reportHandler adds the session's Handler_* counts since its last report
// to the server-wide totals (at the end of each command and of the session).
func (s *Session) reportHandler() {
	if s.c == nil && s.handler == (expr.HandlerCounts{}) {
		return // nothing counted yet: keep an idle session's cold state unallocated
	}
	s.eng.handler.add(&s.handler, &s.cold().handlerReported)
	s.cold().handlerReported = s.handler
}
