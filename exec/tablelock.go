package exec

import (
	"context"
	"time"

	"github.com/loopdb/loopdb/exec/table"
	"github.com/loopdb/loopdb/mysqldef"
	"github.com/pingcap/tidb/pkg/parser/ast"
)

// LOCK TABLES / UNLOCK TABLES. A table's gate counts the statements
// writing it and the sessions holding table locks on it:
//   - READ: this and other sessions may read; nobody may write (the holder
//     gets 1099, others wait).
//   - WRITE: only the holder may read or write; others wait.
//
// While a session holds table locks it may use only those tables (1100),
// as in MySQL. Waits end after lock_wait_timeout (1205) or on KILL.

// The gate itself (table.Gate) lives in the table's shared state; the
// holder of a WRITE lock is recorded by session id.

type lockMode uint8

const (
	lockForRead lockMode = iota
	lockForWrite
)

// heldLock is one table a session locked with LOCK TABLES.
type heldLock struct {
	shared *table.Shared
	write  bool
	// viaView: locked only because a locked view reads it; usable only
	// through the view, as in MySQL.
	viaView bool
}

// gateWait polls until ok() holds (checked under g.Mu), the statement is
// killed, or lock_wait_timeout passes. Table locks are rare and held by
// tools briefly (dumps): polling keeps waits cancellable without a
// condition variable per table.
func (s *Session) gateWait(g *table.Gate, ok func() bool, apply func()) error {
	// Almost always the gate is open: the statement's context, the clock
	// and lock_wait_timeout are looked at only once it has to wait.
	var (
		ctx      context.Context
		deadline time.Time
	)
	for delay := time.Millisecond; ; delay = min(2*delay, 50*time.Millisecond) {
		g.Mu.Lock()
		if ok() {
			apply()
			g.Mu.Unlock()
			return nil
		}
		g.Mu.Unlock()
		if ctx == nil {
			ctx, deadline = s.stmtContext(), time.Now().Add(s.tableLockWait())
		}
		if time.Now().After(deadline) {
			return mysqldef.NewError(mysqldef.ErrLockWaitTimeout, "Lock wait timeout exceeded; try restarting transaction")
		}
		select {
		case <-ctx.Done():
			return context.Canceled
		case <-time.After(delay):
		}
	}
}

func (s *Session) tableLockWait() time.Duration {
	v, err := s.SystemVar("lock_wait_timeout", false)
	if err != nil {
		return time.Hour
	}
	return time.Duration(v.Int()) * time.Second
}

// enterTableForRead is enterTable for a read (the planner's only use).
func (s *Session) enterTableForRead(t *table.Table) error { return s.enterTable(t, lockForRead) }

// enterTable checks table locks before a statement uses t; for a write it
// counts the statement as a writer until the statement ends.
func (s *Session) enterTable(t *table.Table, mode lockMode) error {
	if t.Temporary {
		return nil // only its session sees it: LOCK TABLES does not apply (as MySQL)
	}
	if s.c != nil && s.c.tableLocks != nil {
		held, ok := s.c.tableLocks[t.Shared()]
		if !ok || (held.viaView && s.c.viewDepth == 0) {
			return mysqldef.NewError(mysqldef.ErrTableNotLocked, "Table '%s' was not locked with LOCK TABLES", t.Name)
		}
		if mode == lockForWrite && !held.write {
			return mysqldef.NewError(mysqldef.ErrTableNotLockedForWrite, "Table '%s' was locked with a READ lock and can't be updated", t.Name)
		}
		if mode == lockForWrite {
			g := &t.Shared().Gate
			g.Mu.Lock()
			g.Writers++
			g.Mu.Unlock()
			s.onStmtEnd(func() { g.Mu.Lock(); g.Writers--; g.Mu.Unlock() })
		}
		return nil
	}
	g := &t.Shared().Gate
	if mode == lockForRead {
		return s.gateWait(g, func() bool { return g.WriteOwner == 0 }, func() {})
	}
	err := s.gateWait(g, func() bool { return g.WriteOwner == 0 && g.ReadLocks == 0 }, func() { g.Writers++ })
	if err == nil {
		s.onStmtEnd(func() { g.Mu.Lock(); g.Writers--; g.Mu.Unlock() })
	}
	return err
}

// onStmtEnd runs fn when the current statement ends.
func (s *Session) onStmtEnd(fn func()) { s.stmtEnd = append(s.stmtEnd, fn) }

func (s *Session) execLockTables(st *ast.LockTablesStmt, w ResultWriter, more bool) error {
	s.unlockTables()
	if err := s.implicitCommit(); err != nil {
		return err
	}
	locks := map[*table.Shared]heldLock{}
	for _, tl := range st.TableLocks {
		db, name, err := s.tableName(tl.Table)
		if err != nil {
			return err
		}
		if s.tempTable(db, name) != nil {
			continue // MySQL accepts and ignores a lock on a temporary table
		}
		write := tl.Type == ast.TableLockWrite || tl.Type == ast.TableLockWriteLocal
		if isGrantTable(db, name) {
			// Built per read and never written: a READ lock has nothing
			// to hold (dump tools take one), a WRITE lock is refused.
			if write {
				return errGrantTableReadOnly(name)
			}
			continue
		}
		t := s.eng.catalog.Table(db, name)
		if t == nil {
			return mysqldef.NewError(mysqldef.ErrNoSuchTable, "Table '%s.%s' doesn't exist", db, name)
		}
		lock := func(t *table.Table, viaView bool) {
			l := heldLock{shared: t.Shared(), write: write, viaView: viaView}
			if prev, ok := locks[t.Shared()]; ok {
				l.write = l.write || prev.write
				l.viaView = l.viaView && prev.viaView
			}
			locks[t.Shared()] = l
		}
		lock(t, false)
		if t.IsView() {
			// As MySQL: locking a view locks the tables it reads, for
			// use through the view.
			s.viewBaseTables(t, 0, func(base *table.Table) { lock(base, true) })
		}
	}
	var got []heldLock
	for _, l := range locks {
		g := &l.shared.Gate
		var err error
		if l.write {
			err = s.gateWait(g, func() bool { return g.WriteOwner == 0 && g.ReadLocks == 0 && g.Writers == 0 },
				func() { g.WriteOwner = s.id })
		} else {
			err = s.gateWait(g, func() bool { return g.WriteOwner == 0 && g.Writers == 0 },
				func() { g.ReadLocks++ })
		}
		if err != nil {
			releaseTableLocks(s, got)
			return err
		}
		got = append(got, l)
	}
	s.cold().tableLocks = locks
	return s.writeOK(w, 0, 0, "", more)
}

// unlockTables releases the session's table locks (UNLOCK TABLES, a new
// LOCK TABLES, disconnect).
func (s *Session) unlockTables() {
	if s.c == nil || s.c.tableLocks == nil {
		return
	}
	held := make([]heldLock, 0, len(s.cold().tableLocks))
	for _, l := range s.cold().tableLocks {
		held = append(held, l)
	}
	releaseTableLocks(s, held)
	s.cold().tableLocks = nil
}

func releaseTableLocks(s *Session, held []heldLock) {
	for _, l := range held {
		g := &l.shared.Gate
		g.Mu.Lock()
		if l.write {
			if g.WriteOwner == s.id {
				g.WriteOwner = 0
			}
		} else if g.ReadLocks > 0 {
			g.ReadLocks--
		}
		g.Mu.Unlock()
	}
}
