package exec

import (
	"context"
	"errors"
	"time"

	"github.com/loopdb/loopdb/mysqldef"
	"github.com/loopdb/loopdb/storage"
)

// Transactions. A session outside BEGIN with autocommit on runs each
// statement in its own transaction; BEGIN (or autocommit=0) keeps one open
// until COMMIT/ROLLBACK. Every statement is atomic on its own: a failing
// statement undoes only its writes, except a deadlock, which (as in InnoDB)
// rolls back the whole transaction.

// stmtTxn returns the transaction a statement runs in, starting one if
// needed; implicit reports a per-statement (autocommit) transaction.
func (s *Session) stmtTxn() (tx storage.Txn, implicit bool) {
	if s.txn != nil {
		return s.txn, false
	}
	if s.status&mysqldef.StatusAutocommit == 0 {
		// autocommit=0: the statement opens a transaction that stays.
		return s.openTxn(nil), false
	}
	// SET TRANSACTION's characteristics were for this one (its access
	// mode was checked before it ran).
	s.txs.forgetNext()
	return s.eng.newTxn(), true
}

// inTxn runs fn as one atomic statement inside the session's transaction.
func (s *Session) inTxn(fn func(tx storage.Txn) error) error {
	tx, implicit := s.stmtTxn()
	tx.BeginStatement()
	err := fn(s.stmtView(tx))
	if err == nil {
		tx.EndStatement()
		if implicit {
			return s.mapStorageErr(s.commit(tx))
		}
		return nil
	}
	if errors.Is(err, storage.ErrDeadlock) {
		s.endTxn(tx, false)
		return s.mapStorageErr(err)
	}
	if rbErr := tx.RollbackStatement(); rbErr != nil {
		s.endTxn(tx, false)
		return s.mapStorageErr(rbErr)
	}
	if implicit {
		s.handler.Rollback++
		tx.Rollback()
	}
	return s.mapStorageErr(err)
}

// endTxn commits or rolls back tx and leaves transaction state.
func (s *Session) endTxn(tx storage.Txn, commit bool) error {
	var err error
	if commit {
		err = s.commit(tx)
	} else {
		s.handler.Rollback++
		tx.Rollback()
	}
	if s.txn == tx {
		s.txn = nil
		s.endTxnState()
	}
	s.status &^= mysqldef.StatusInTrans
	s.releaseMDL()
	return s.mapStorageErr(err)
}

// commit commits tx. Waiting for the log fsync does not hold a worker's
// place, so many commits can wait together and share one fsync.
func (s *Session) commit(tx storage.Txn) error {
	s.handler.Commit++
	if !tx.Dirty() {
		return tx.Commit()
	}
	return s.eng.pool.Blocking(tx.Commit)
}

// beginTxn implements BEGIN / START TRANSACTION [READ ONLY | READ WRITE]
// [WITH CONSISTENT SNAPSHOT]: an open transaction is committed first, as
// in MySQL. readOnly nil: the access mode due (SET TRANSACTION,
// transaction_read_only). consistent takes the snapshot now instead of at
// the first read.
func (s *Session) beginTxn(readOnly *bool, consistent bool) error {
	if s.txn != nil {
		if err := s.endTxn(s.txn, true); err != nil {
			return err
		}
	}
	tx := s.openTxn(readOnly)
	if consistent {
		if err := tx.TakeSnapshot(); err != nil {
			s.endTxn(tx, false)
			return s.mapStorageErr(err)
		}
	}
	return nil
}

func (s *Session) commitTxn() error {
	if s.txn == nil {
		s.status &^= mysqldef.StatusInTrans
		s.releaseMDL()
		return nil
	}
	return s.endTxn(s.txn, true)
}

func (s *Session) rollbackTxn() {
	if s.txn != nil {
		s.endTxn(s.txn, false)
	}
	s.status &^= mysqldef.StatusInTrans
	s.releaseMDL()
}

// implicitCommit ends an open transaction before DDL, as MySQL does.
func (s *Session) implicitCommit() error {
	if s.txn == nil {
		s.releaseMDL()
		return nil
	}
	return s.endTxn(s.txn, true)
}

// mapStorageErr turns storage errors into what a MySQL client expects.
func (s *Session) mapStorageErr(err error) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, storage.ErrDeadlock):
		return mysqldef.NewError(mysqldef.ErrDeadlock, "Deadlock found when trying to get lock; try restarting transaction")
	case errors.Is(err, storage.ErrLockWaitTimeout):
		return mysqldef.NewError(mysqldef.ErrLockWaitTimeout, "Lock wait timeout exceeded; try restarting transaction")
	case errors.Is(err, context.Canceled):
		return mysqldef.NewError(mysqldef.ErrQueryInterrupted, "Query execution was interrupted")
	}
	if e := writeFaultError(err); e != nil {
		return e
	}
	return err
}

// lockWait is innodb_lock_wait_timeout.
func (s *Session) lockWait() time.Duration { return s.hot().lockWait }

// stmtContext is cancelled by KILL QUERY / KILL for the running statement.
func (s *Session) stmtContext() context.Context {
	if s.cancelStmt != nil {
		return s.stmtCtx
	}
	s.stmtCtx, s.cancelStmt = context.WithCancel(context.Background())
	cancel := s.cancelStmt
	s.cancelRef.Store(&cancel)
	if s.Killed() {
		cancel()
	}
	return s.stmtCtx
}

// endStmtContext releases the statement's context and what the statement
// held only for its duration.
func (s *Session) endStmtContext() {
	s.endStmtTimeout()
	for _, fn := range s.stmtEnd {
		fn()
	}
	s.stmtEnd = s.stmtEnd[:0]
	if s.cancelStmt != nil {
		s.cancelRef.Store(nil)
		s.cancelStmt()
		s.cancelStmt, s.stmtCtx = nil, nil
	}
}

// closeTxn rolls back whatever the session left open (connection closed).
func (s *Session) closeTxn() {
	if s.txn != nil {
		s.handler.Rollback++
		s.txn.Rollback()
		s.txn = nil
		s.endTxnState()
	}
	s.releaseMDL()
}
