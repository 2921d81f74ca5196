package exec

import (
	"strings"

	"github.com/loopdb/loopdb/exec/expr"
	"github.com/loopdb/loopdb/mysqldef"
	"github.com/loopdb/loopdb/storage"
	"github.com/pingcap/tidb/pkg/parser/ast"
)

// Transaction characteristics, as InnoDB has them.
//
// Isolation. A transaction opened by BEGIN or under autocommit=0 is a
// snapshot transaction: its consistent (plain) reads see one snapshot,
// taken at its first read (REPEATABLE READ, also used for SERIALIZABLE) or
// anew at each statement (READ COMMITTED, also used for READ UNCOMMITTED).
// A statement that writes or locks (INSERT, REPLACE, UPDATE, DELETE, LOAD
// DATA, SELECT ... FOR UPDATE / FOR SHARE) reads the latest committed rows
// instead, through txn.Current(), as InnoDB's locking reads do: so
// UPDATE t SET k=k+1 never loses an update. An autocommit statement runs in
// a transaction of its own without a snapshot: each of its reads is
// consistent on its own, and it pays for nothing more.
//
// Access mode. START TRANSACTION READ ONLY, SET TRANSACTION READ ONLY (the
// next transaction) and transaction_read_only=ON (the session) refuse
// writes to tables with 1792.
//
// @@transaction_isolation and @@transaction_read_only show the session's
// values, not the open or the next transaction's: MySQL 8 keeps those
// apart from the variables too (and MariaDB agrees).

// txnState is what the session knows of its transaction beyond the
// storage.Txn.
type txnState struct {
	iso      string // the open txn's transaction_isolation; "" outside one
	readOnly bool   // the open txn is READ ONLY

	x *txnExtras // SET TRANSACTION's and SAVEPOINT's state; nil until first used

	gated bool // the open txn was admitted by the engine's txnGate

	// stmtCurrent: the running statement writes or locks, so it reads the
	// latest committed state (stmtView).
	stmtCurrent bool
	view        currentTxn
}

// txnExtras is the part of txnState few sessions use, allocated at its
// first use: 104 bytes an idle Session does not carry.
type txnExtras struct {
	// SET TRANSACTION without SESSION/GLOBAL: for the next transaction
	// only. Zero Values: not set.
	nextIso, nextRO expr.Value

	savepoints []namedSavepoint // in the order set (savepoint.go)
}

// extras returns the transaction's rarely used state, allocating it.
func (t *txnState) extras() *txnExtras {
	if t.x == nil {
		t.x = new(txnExtras)
	}
	return t.x
}

// forgetNext drops SET TRANSACTION's one-shot characteristics.
func (t *txnState) forgetNext() {
	if t.x != nil {
		t.x.nextIso, t.x.nextRO = expr.Value{}, expr.Value{}
	}
}

// currentTxn is a transaction whose reads go to its Current reader: what a
// writing or locking statement of a snapshot transaction is given.
type currentTxn struct {
	storage.Txn
	cur storage.Reader
}

func (c *currentTxn) Get(key []byte) ([]byte, error) { return c.cur.Get(key) }

func (c *currentTxn) NewIter(lower, upper []byte) (storage.Iterator, error) {
	return c.cur.NewIter(lower, upper)
}

// ChangeMark passes on the transaction's change mark (storage.ChangeMarker):
// a bulk INSERT inside BEGIN ... COMMIT appends past the table's last key
// as an autocommit one does.
func (c *currentTxn) ChangeMark() (storage.ChangeMark, bool) {
	if m, ok := c.Txn.(storage.ChangeMarker); ok {
		return m.ChangeMark()
	}
	return storage.ChangeMark{}, false
}

// stmtView is the transaction the running statement reads and writes
// through: tx itself for consistent reads, or tx reading its latest
// committed state for a writing or locking statement of a snapshot
// transaction. Costs no allocation.
func (s *Session) stmtView(tx storage.Txn) storage.Txn {
	if !s.txs.stmtCurrent || tx != s.txn {
		return tx // an autocommit txn has no snapshot: its reads are current
	}
	s.txs.view = currentTxn{Txn: tx, cur: tx.Current()}
	return &s.txs.view
}

// readsCurrent reports statements that read what they change (or lock)
// at the latest committed state rather than at the snapshot.
func readsCurrent(stmt ast.StmtNode) bool {
	switch st := stmt.(type) {
	case *ast.InsertStmt, *ast.UpdateStmt, *ast.DeleteStmt, *ast.LoadDataStmt:
		return true
	case *ast.SelectStmt:
		return st.LockInfo != nil && st.LockInfo.LockType != ast.SelectLockNone
	case *ast.SetOprStmt:
		if st.SelectList != nil && len(st.SelectList.Selects) > 0 {
			if sel, ok := st.SelectList.Selects[len(st.SelectList.Selects)-1].(*ast.SelectStmt); ok {
				return readsCurrent(sel)
			}
		}
	}
	return false
}

// writesTables reports the statements a READ ONLY transaction refuses.
func writesTables(stmt ast.StmtNode) bool {
	switch stmt.(type) {
	case *ast.InsertStmt, *ast.UpdateStmt, *ast.DeleteStmt, *ast.LoadDataStmt:
		return true
	}
	return false
}

// beginStmtTxnState readies the transaction side of a statement: which
// state it reads, and for READ COMMITTED a fresh snapshot.
func (s *Session) beginStmtTxnState(stmt ast.StmtNode) {
	s.txs.stmtCurrent = readsCurrent(stmt)
	if s.txn != nil && isReadCommitted(s.txs.iso) {
		s.txn.RefreshSnapshot()
	}
}

func isReadCommitted(iso string) bool {
	return iso == "READ-COMMITTED" || iso == "READ-UNCOMMITTED"
}

// checkWritable refuses a write in a read-only transaction (1792).
func (s *Session) checkWritable() error {
	ro := s.txs.readOnly
	if s.txn == nil {
		ro = s.nextReadOnly()
	}
	if ro {
		return mysqldef.NewError(mysqldef.ErrReadOnlyTransaction, "Cannot execute statement in a READ ONLY transaction.")
	}
	return nil
}

// nextReadOnly is the access mode the next transaction gets.
func (s *Session) nextReadOnly() bool {
	if x := s.txs.x; x != nil && !x.nextRO.IsNull() {
		return x.nextRO.Int() != 0
	}
	return s.hot().readOnly
}

// nextIsolation is the isolation level the next transaction gets.
func (s *Session) nextIsolation() string {
	if x := s.txs.x; x != nil && !x.nextIso.IsNull() {
		return strings.ToUpper(x.nextIso.Str())
	}
	v, err := s.SystemVar("transaction_isolation", false)
	if err != nil {
		return "REPEATABLE-READ"
	}
	return strings.ToUpper(v.Str())
}

// openTxn starts the session's multi-statement transaction with the
// characteristics due (readOnly: START TRANSACTION READ ONLY / READ WRITE
// when given) and uses up SET TRANSACTION's one-shot ones.
func (s *Session) openTxn(readOnly *bool) storage.Txn {
	s.txs.iso = s.nextIsolation()
	s.txs.readOnly = s.nextReadOnly()
	if readOnly != nil {
		s.txs.readOnly = *readOnly
	}
	s.txs.forgetNext()
	// Admission first, holding nothing yet: under heavy lock contention
	// this may wait for running transactions to end.
	s.eng.gate.enter(s.stmtContext(), s.eng.pool)
	s.txs.gated = true
	s.txn = s.eng.newSnapshotTxn()
	s.status |= mysqldef.StatusInTrans
	return s.txn
}

// endTxnState forgets the ended transaction's characteristics and
// savepoints.
func (s *Session) endTxnState() {
	if s.txs.gated {
		s.txs.gated = false
		s.eng.gate.leave()
	}
	s.txs.iso, s.txs.readOnly = "", false
	if x := s.txs.x; x != nil {
		clear(x.savepoints)
		x.savepoints = x.savepoints[:0]
	}
}

// setNextTxn records SET TRANSACTION ... without a scope (v already
// coerced by the variable's definition): refused inside a transaction, as
// MySQL does (1568).
func (s *Session) setNextTxn(key string, v expr.Value) error {
	if s.txn != nil {
		return mysqldef.NewError(mysqldef.ErrCantChangeTxCharacteristics, "Transaction characteristics can't be changed while a transaction is in progress")
	}
	if key == "transaction_isolation" {
		s.txs.extras().nextIso = v
	} else {
		s.txs.extras().nextRO = v
	}
	return nil
}

// beginOptions reads START TRANSACTION's characteristics from its text
// (the parser keeps READ ONLY but not READ WRITE or WITH CONSISTENT
// SNAPSHOT): readOnly is nil when the statement names no access mode.
func beginOptions(st *ast.BeginStmt) (readOnly *bool, consistent bool) {
	text := strings.ToUpper(strings.Join(strings.Fields(st.OriginalText()), " "))
	consistent = strings.Contains(text, "CONSISTENT SNAPSHOT")
	switch {
	case st.ReadOnly || strings.Contains(text, "READ ONLY"):
		ro := true
		readOnly = &ro
	case strings.Contains(text, "READ WRITE"):
		ro := false
		readOnly = &ro
	}
	return readOnly, consistent
}
