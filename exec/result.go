package exec

import (
	"github.com/loopdb/loopdb/codec"
	"github.com/loopdb/loopdb/exec/expr"
	"github.com/loopdb/loopdb/mysqldef"
)

// Response encoding for one statement: OK, ERR, and result sets in the
// text protocol, honouring CLIENT_DEPRECATE_EOF.

// moreFlag is SERVER_MORE_RESULTS_EXISTS when another statement's result
// follows in the same COM_QUERY.
func moreFlag(more bool) uint16 {
	if more {
		return mysqldef.StatusMoreResultsExists
	}
	return 0
}

func (s *Session) writeOK(w Sink, affected, insertID uint64, info string, more bool) error {
	b := w.Begin()
	b = codec.AppendOK(b, &codec.OK{
		AffectedRows: affected, LastInsertID: insertID,
		Status: s.status | moreFlag(more), Warnings: uint16(min(s.warningCount(), 0xffff)), Info: info,
	})
	return w.Commit(b)
}

func writeErr(w Sink, e *mysqldef.SQLError) error {
	b := w.Begin()
	b = codec.AppendErr(b, e)
	return w.Commit(b)
}

// Column is one result column: its name and type.
type Column struct {
	Name     string
	Type     expr.ColumnType
	Table    string
	OrgTable string
	Schema   string
	OrgName  string
}

func (c *Column) def() codec.ColumnDef {
	return codec.ColumnDef{
		Schema: c.Schema, Table: c.Table, OrgTable: c.OrgTable, Name: c.Name, OrgName: c.OrgName,
		Collation: c.Type.Collation, Length: c.Type.Length, Type: c.Type.Type,
		Flags: c.Type.Flags, Decimals: c.Type.Decimals,
	}
}

// resultSet streams a text-protocol result set: begin writes the column
// count and definitions, row writes one row, end the terminator.
type resultSet struct {
	s     *Session
	w     Sink
	cols  int
	types []expr.ColumnType // for binary rows
}

func (s *Session) beginResult(w Sink, cols []Column) (*resultSet, error) {
	b := w.Begin()
	if err := w.Commit(codec.AppendColumnCount(b, len(cols))); err != nil {
		return nil, err
	}
	for i := range cols {
		def := cols[i].def()
		if err := w.Commit(codec.AppendColumnDef(w.Begin(), &def)); err != nil {
			return nil, err
		}
	}
	if !s.deprecateEOF() {
		if err := w.Commit(codec.AppendEOF(w.Begin(), 0, s.status)); err != nil {
			return nil, err
		}
	}
	rs := &resultSet{s: s, w: w, cols: len(cols)}
	if s.binaryRows {
		rs.types = make([]expr.ColumnType, len(cols))
		for i := range cols {
			rs.types[i] = cols[i].Type
		}
	}
	return rs, nil
}

func (r *resultSet) row(vals []expr.Value) error {
	b := r.w.Begin()
	if r.types != nil {
		return r.w.Commit(r.appendBinaryRow(b, vals))
	}
	for _, v := range vals {
		if v.IsNull() {
			b = codec.AppendNullValue(b)
			continue
		}
		var mark int
		b, mark = codec.ReserveTextValue(b)
		b = v.AppendText(b)
		b = codec.FinishTextValue(b, mark)
	}
	return r.w.Commit(b)
}

func (r *resultSet) end(more bool) error {
	s := r.s
	warnings := uint16(min(s.warningCount(), 0xffff))
	status := s.status | moreFlag(more)
	if s.deprecateEOF() {
		return r.w.Commit(codec.AppendEOFOK(r.w.Begin(), &codec.OK{Status: status, Warnings: warnings}))
	}
	return r.w.Commit(codec.AppendEOF(r.w.Begin(), warnings, status))
}

// writeRows sends a small, already computed result set.
func (s *Session) writeRows(w Sink, cols []Column, rows [][]expr.Value, more bool) error {
	rs, err := s.beginResult(w, cols)
	if err != nil {
		return err
	}
	for _, r := range rows {
		if err := rs.row(r); err != nil {
			return err
		}
	}
	return rs.end(more)
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
