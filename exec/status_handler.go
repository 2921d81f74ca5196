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

// handlerTotals are the server-wide Handler_* counters.
type handlerTotals struct {
	readFirst, readKey, readNext, readRndNext atomic.Uint64
	write, update, delete                     atomic.Uint64
	commit, rollback                          atomic.Uint64
}

// add adds what a session counted since it last reported.
func (t *handlerTotals) add(now, before *expr.HandlerCounts) {
	addDiff := func(c *atomic.Uint64, now, before uint64) {
		if now != before {
			c.Add(now - before)
		}
	}
	addDiff(&t.readFirst, now.ReadFirst, before.ReadFirst)
	addDiff(&t.readKey, now.ReadKey, before.ReadKey)
	addDiff(&t.readNext, now.ReadNext, before.ReadNext)
	addDiff(&t.readRndNext, now.ReadRndNext, before.ReadRndNext)
	addDiff(&t.write, now.Write, before.Write)
	addDiff(&t.update, now.Update, before.Update)
	addDiff(&t.delete, now.Delete, before.Delete)
	addDiff(&t.commit, now.Commit, before.Commit)
	addDiff(&t.rollback, now.Rollback, before.Rollback)
}

func (t *handlerTotals) counts() expr.HandlerCounts {
	return expr.HandlerCounts{
		ReadFirst: t.readFirst.Load(), ReadKey: t.readKey.Load(), ReadNext: t.readNext.Load(),
		ReadRndNext: t.readRndNext.Load(), Write: t.write.Load(), Update: t.update.Load(),
		Delete: t.delete.Load(), Commit: t.commit.Load(), Rollback: t.rollback.Load(),
	}
}

// putHandlerStatus writes c under MySQL's names, with the Handler_*
// counters loopdb has no equivalent of at zero (so dashboards find them).
func putHandlerStatus(status map[string]string, c expr.HandlerCounts) {
	u := func(n uint64) string { return strconv.FormatUint(n, 10) }
	status["Handler_read_first"] = u(c.ReadFirst)
	status["Handler_read_key"] = u(c.ReadKey)
	status["Handler_read_next"] = u(c.ReadNext)
	status["Handler_read_rnd_next"] = u(c.ReadRndNext)
	status["Handler_write"] = u(c.Write)
	status["Handler_update"] = u(c.Update)
	status["Handler_delete"] = u(c.Delete)
	status["Handler_commit"] = u(c.Commit)
	status["Handler_rollback"] = u(c.Rollback)
	for _, name := range []string{"Handler_read_last", "Handler_read_prev", "Handler_read_rnd",
		"Handler_prepare", "Handler_savepoint", "Handler_savepoint_rollback",
		"Handler_discover", "Handler_external_lock", "Handler_mrr_init"} {
		status[name] = "0"
	}
}

// reportHandler adds the session's Handler_* counts since its last report
// to the server-wide totals (at the end of each command and of the session).
func (s *Session) reportHandler() {
	s.eng.handler.add(&s.handler, &s.handlerReported)
	s.handlerReported = s.handler
}
