package exec

import (
	"context"
	"sync"
	"time"

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

type tableGate struct {
	mu         sync.Mutex
	readLocks  int      // sessions holding READ
	writeOwner *Session // session holding WRITE
	writers    int      // DML statements writing the table now
}

type lockMode uint8

const (
	lockForRead lockMode = iota
	lockForWrite
)

// heldLock is one table a session locked with LOCK TABLES.
type heldLock struct {
	shared *tableShared
	write  bool
}

// gateWait polls until ok() holds (checked under g.mu), the statement is
// killed, or lock_wait_timeout passes. Table locks are rare and held by
// tools briefly (dumps): polling keeps waits cancellable without a
// condition variable per table.
func (s *Session) gateWait(g *tableGate, ok func() bool, apply func()) error {
	ctx := s.stmtContext()
	deadline := time.Now().Add(s.tableLockWait())
	for delay := time.Millisecond; ; delay = min(2*delay, 50*time.Millisecond) {
		g.mu.Lock()
		if ok() {
			apply()
			g.mu.Unlock()
			return nil
		}
		g.mu.Unlock()
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

// enterTable checks table locks before a statement uses t; for a write it
// counts the statement as a writer until the statement ends.
func (s *Session) enterTable(t *Table, mode lockMode) error {
	if s.tableLocks != nil {
		held, ok := s.tableLocks[t.shared]
		if !ok {
			return mysqldef.NewError(mysqldef.ErrTableNotLocked, "Table '%s' was not locked with LOCK TABLES", t.Name)
		}
		if mode == lockForWrite && !held.write {
			return mysqldef.NewError(mysqldef.ErrTableNotLockedForWrite, "Table '%s' was locked with a READ lock and can't be updated", t.Name)
		}
		if mode == lockForWrite {
			g := &t.shared.gate
			g.mu.Lock()
			g.writers++
			g.mu.Unlock()
			s.onStmtEnd(func() { g.mu.Lock(); g.writers--; g.mu.Unlock() })
		}
		return nil
	}
	g := &t.shared.gate
	if mode == lockForRead {
		return s.gateWait(g, func() bool { return g.writeOwner == nil }, func() {})
	}
	err := s.gateWait(g, func() bool { return g.writeOwner == nil && g.readLocks == 0 }, func() { g.writers++ })
	if err == nil {
		s.onStmtEnd(func() { g.mu.Lock(); g.writers--; g.mu.Unlock() })
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
	locks := map[*tableShared]heldLock{}
	for _, tl := range st.TableLocks {
		db, name, err := s.tableName(tl.Table)
		if err != nil {
			return err
		}
		t := s.eng.catalog.Table(db, name)
		if t == nil {
			return mysqldef.NewError(mysqldef.ErrNoSuchTable, "Table '%s.%s' doesn't exist", db, name)
		}
		write := tl.Type == ast.TableLockWrite || tl.Type == ast.TableLockWriteLocal
		if prev, ok := locks[t.shared]; ok && prev.write {
			write = true
		}
		locks[t.shared] = heldLock{shared: t.shared, write: write}
	}
	var got []heldLock
	for _, l := range locks {
		g := &l.shared.gate
		var err error
		if l.write {
			err = s.gateWait(g, func() bool { return g.writeOwner == nil && g.readLocks == 0 && g.writers == 0 },
				func() { g.writeOwner = s })
		} else {
			err = s.gateWait(g, func() bool { return g.writeOwner == nil && g.writers == 0 },
				func() { g.readLocks++ })
		}
		if err != nil {
			releaseTableLocks(s, got)
			return err
		}
		got = append(got, l)
	}
	s.tableLocks = locks
	return s.writeOK(w, 0, 0, "", more)
}

// unlockTables releases the session's table locks (UNLOCK TABLES, a new
// LOCK TABLES, disconnect).
func (s *Session) unlockTables() {
	if s.tableLocks == nil {
		return
	}
	held := make([]heldLock, 0, len(s.tableLocks))
	for _, l := range s.tableLocks {
		held = append(held, l)
	}
	releaseTableLocks(s, held)
	s.tableLocks = nil
}

func releaseTableLocks(s *Session, held []heldLock) {
	for _, l := range held {
		g := &l.shared.gate
		g.mu.Lock()
		if l.write {
			if g.writeOwner == s {
				g.writeOwner = nil
			}
		} else if g.readLocks > 0 {
			g.readLocks--
		}
		g.mu.Unlock()
	}
}
