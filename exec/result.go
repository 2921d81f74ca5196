package exec

import (
	"github.com/loopdb/loopdb/exec/expr"
	"github.com/loopdb/loopdb/mysqldef"
)

// Responses of one statement, handed to a ResultWriter: OK, and result
// sets as columns and rows. Errors go through Session.fail.

// moreFlag is SERVER_MORE_RESULTS_EXISTS when another statement's result
// follows in the same COM_QUERY.
func moreFlag(more bool) uint16 {
	if more {
		return mysqldef.StatusMoreResultsExists
	}
	return 0
}

// warnings16 is the warning count as OK and EOF carry it.
func (s *Session) warnings16() uint16 { return uint16(min(s.warningCount(), 0xffff)) }

func (s *Session) writeOK(w ResultWriter, affected, insertID uint64, info string, more bool) error {
	return w.OK(Completion{AffectedRows: affected, LastInsertID: insertID,
		Status: s.status | moreFlag(more), Warnings: s.warnings16(), Info: info})
}

// OK reports success with no result set: the session's status and
// warning count (COM_PING, COM_RESET_CONNECTION, ...).
func (s *Session) OK(w ResultWriter) error { return s.writeOK(w, 0, 0, "", false) }

// endResult ends a result set with the session's status and warnings.
func (s *Session) endResult(w ResultWriter, more bool) error {
	return w.EndResult(Completion{Status: s.status | moreFlag(more), Warnings: s.warnings16()})
}

// Column is one result column (expr.Column). It is named here too because
// it is what a ResultWriter receives; the planner (exec/plan) builds it
// without importing exec.
type Column = expr.Column

// writeRows sends a small, already computed result set.
func (s *Session) writeRows(w ResultWriter, cols []Column, rows [][]expr.Value, more bool) error {
	if err := w.BeginResult(cols); err != nil {
		return err
	}
	for _, r := range rows {
		if err := w.Row(r); err != nil {
			return err
		}
	}
	return s.endResult(w, more)
}

// textColumn is a VARCHAR(n) utf8mb4 result column, as SHOW commands use.
func textColumn(name string, chars int) Column {
	return Column{Name: name, Type: expr.ColumnType{Type: mysqldef.TypeVarString, Length: uint32(chars * 4),
		Collation: mysqldef.CollationUTF8MB40900}}
}

// intColumn is a BIGINT result column.
func intColumn(name string, digits int) Column {
	return Column{Name: name, Type: expr.ColumnType{Type: mysqldef.TypeLongLong, Length: uint32(digits),
		Flags: mysqldef.FlagBinary | mysqldef.FlagNum, Collation: mysqldef.CollationBinary}}
}
