package exec

import (
	"strings"

	"github.com/loopdb/loopdb/mysqldef"
	"github.com/loopdb/loopdb/storage"
)

// Savepoints: SAVEPOINT, ROLLBACK [WORK] TO [SAVEPOINT], RELEASE SAVEPOINT,
// as MySQL has them. The session keeps the names in the order they were
// set; the storage.Txn keeps what rolling back to each needs. Names compare
// case-insensitively.

type namedSavepoint struct {
	name string
	sp   storage.Savepoint
}

// setSavepoint implements SAVEPOINT name. Outside a transaction (autocommit)
// it is accepted and forgotten with the statement's implicit commit, as in
// MySQL; under autocommit=0 it opens the transaction. A name set again
// moves to the end with the new position.
func (s *Session) setSavepoint(name string) error {
	if s.txn == nil {
		if s.status&mysqldef.StatusAutocommit != 0 {
			return nil
		}
		s.openTxn(nil)
	}
	x := s.txs.extras()
	if i := s.findSavepoint(name); i >= 0 {
		x.savepoints = append(x.savepoints[:i], x.savepoints[i+1:]...)
	}
	x.savepoints = append(x.savepoints, namedSavepoint{name: name, sp: s.txn.Savepoint()})
	return nil
}

// rollbackToSavepoint implements ROLLBACK TO SAVEPOINT name: the writes
// after it are undone, it and the earlier savepoints stay, later ones go.
// Locks stay held (InnoDB).
func (s *Session) rollbackToSavepoint(name string) error {
	i := s.findSavepoint(name)
	if i < 0 {
		return noSavepoint(name)
	}
	x := s.txs.x // found: not nil
	if err := s.txn.RollbackToSavepoint(x.savepoints[i].sp); err != nil {
		s.endTxn(s.txn, false)
		return s.mapStorageErr(err)
	}
	clear(x.savepoints[i+1:])
	x.savepoints = x.savepoints[:i+1]
	return nil
}

// releaseSavepoint implements RELEASE SAVEPOINT name: it and every later
// savepoint are forgotten; the writes stay.
func (s *Session) releaseSavepoint(name string) error {
	i := s.findSavepoint(name)
	if i < 0 {
		return noSavepoint(name)
	}
	x := s.txs.x // found: not nil
	clear(x.savepoints[i:])
	x.savepoints = x.savepoints[:i]
	return nil
}

func (s *Session) findSavepoint(name string) int {
	if s.txn == nil || s.txs.x == nil {
		return -1
	}
	for i, sp := range s.txs.x.savepoints {
		if strings.EqualFold(sp.name, name) {
			return i
		}
	}
	return -1
}

func noSavepoint(name string) error {
	return mysqldef.NewError(mysqldef.ErrSPDoesNotExist, "SAVEPOINT %s does not exist", name)
}
