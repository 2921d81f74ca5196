package protocol

import (
	"io"

	"github.com/loopdb/loopdb/codec"
	"github.com/loopdb/loopdb/exec"
	"github.com/loopdb/loopdb/exec/charset"
	"github.com/loopdb/loopdb/exec/expr"
	"github.com/loopdb/loopdb/mysqldef"
)

// resultWriter is exec.ResultWriter on a Sink: each call becomes packets,
// encoded in place in the sink's buffer. One lives in each Conn and is
// reused by every command, so answering allocates nothing of its own.
type resultWriter struct {
	sql          *exec.Session
	sink         Sink
	deprecateEOF bool
	// binary selects binary protocol rows (COM_STMT_EXECUTE and FETCH);
	// types are then the current result's column types.
	binary bool
	types  []expr.ColumnType
	// hasBit: the current result has a BIT column, whose values text rows
	// send as bytes (then types are set for text results too).
	hasBit bool
	// conv: the current result's text is converted to out, in the columns
	// textCols marks (charset.go). False for UTF-8 clients, which pay nothing.
	conv     bool
	out      charset.ID
	textCols []bool
	cv       converter
}

// start readies w for one command's responses.
func (w *resultWriter) start(sink Sink, binary bool) {
	w.sink, w.binary = sink, binary
}

func columnDef(c *exec.Column, out charset.ID) codec.ColumnDef {
	d := codec.ColumnDef{
		Schema: c.Schema, Table: c.Table, OrgTable: c.OrgTable, Name: c.Name, OrgName: c.OrgName,
		Collation: c.Type.Collation, Length: c.Type.Length, Type: c.Type.Type,
		Flags: c.Type.Flags, Decimals: c.Type.Decimals,
	}
	resultMetadata(&d, out)
	convertNames(&d, out)
	return d
}

// BeginResult sends the column count and definitions, then, without
// CLIENT_DEPRECATE_EOF, the EOF that ends them.
func (w *resultWriter) BeginResult(cols []exec.Column) error {
	if err := w.writeColumns(cols); err != nil {
		return err
	}
	w.setConversion(cols)
	if !w.deprecateEOF {
		if err := w.sink.Commit(codec.AppendEOF(w.sink.Begin(), 0, w.sql.Status())); err != nil {
			return err
		}
	}
	w.useColumns(cols)
	return nil
}

// writeColumns sends a result set's column count and definitions.
func (w *resultWriter) writeColumns(cols []exec.Column) error {
	if err := w.sink.Commit(codec.AppendColumnCount(w.sink.Begin(), len(cols))); err != nil {
		return err
	}
	return w.writeColumnDefs(cols)
}

func (w *resultWriter) writeColumnDefs(cols []exec.Column) error {
	out := w.sql.ResultsCharset()
	for i := range cols {
		def := columnDef(&cols[i], out)
		if err := w.sink.Commit(codec.AppendColumnDef(w.sink.Begin(), &def)); err != nil {
			return err
		}
	}
	return nil
}

// useColumns makes cols the columns rows are encoded for: binary rows
// need every column's type, text rows only when a BIT column is among them.
func (w *resultWriter) useColumns(cols []exec.Column) {
	w.setConversion(cols)
	w.hasBit = false
	for i := range cols {
		if cols[i].Type.Type == mysqldef.TypeBit {
			w.hasBit = true
			break
		}
	}
	if !w.binary && !w.hasBit {
		return
	}
	w.types = w.types[:0]
	for i := range cols {
		w.types = append(w.types, cols[i].Type)
	}
}

// Row sends one row, in the text protocol or, for prepared statements, the
// binary one.
func (w *resultWriter) Row(vals []expr.Value) error {
	w.sql.CountRowSent()
	b := w.sink.Begin()
	if w.binary {
		return w.sink.Commit(appendBinaryRow(b, w.sql.EvalCtx(), w.types, vals, w.convCols()))
	}
	for i := range vals {
		v := &vals[i] // not a copy: this loop runs for every value sent
		if v.IsNull() {
			b = codec.AppendNullValue(b)
			continue
		}
		var mark int
		b, mark = codec.ReserveTextValue(b)
		if w.hasBit && i < len(w.types) && w.types[i].Type == mysqldef.TypeBit {
			b = appendBitValue(b, *v, w.types[i].Length)
		} else if w.conv && i < len(w.textCols) && w.textCols[i] && v.IsStringKind() {
			b = charset.AppendFromUTF8(b, w.out, v.Str())
		} else {
			b = v.AppendText(b)
		}
		b = codec.FinishTextValue(b, mark)
	}
	return w.sink.Commit(b)
}

// RowsTransient implements plan.Transient: Row encodes the values
// into the packet buffer and keeps none of them.
func (w *resultWriter) RowsTransient() bool { return true }

// EndResult sends the EOF (or, with CLIENT_DEPRECATE_EOF, its OK form)
// that ends a result set.
func (w *resultWriter) EndResult(c exec.Completion) error {
	return w.writeEnd(c.Status, c.Warnings)
}

func (w *resultWriter) writeEnd(status, warnings uint16) error {
	if w.deprecateEOF {
		return w.sink.Commit(codec.AppendEOFOK(w.sink.Begin(), &codec.OK{Status: status, Warnings: warnings}))
	}
	return w.sink.Commit(codec.AppendEOF(w.sink.Begin(), warnings, status))
}

// OK sends an OK packet.
func (w *resultWriter) OK(c exec.Completion) error {
	return w.sink.Commit(codec.AppendOK(w.sink.Begin(), &codec.OK{
		AffectedRows: c.AffectedRows, LastInsertID: c.LastInsertID,
		Status: c.Status, Warnings: c.Warnings, Info: c.Info,
	}))
}

// Error sends an ERR packet.
func (w *resultWriter) Error(e *mysqldef.SQLError) error {
	if out := w.sql.ResultsCharset(); out.NeedsConversion() {
		c := *e
		c.Message = string(charset.AppendFromUTF8(nil, out, e.Message))
		e = &c
	}
	return w.sink.Commit(codec.AppendErr(w.sink.Begin(), e))
}

// RequestLocalFile asks the client for a file through the sink.
func (w *resultWriter) RequestLocalFile(name string) (io.ReadCloser, error) {
	lf, ok := w.sink.(LocalFileSink)
	if !ok {
		// As exec refuses it when the client did not allow it.
		return nil, &mysqldef.SQLError{Code: mysqldef.ErrClientLocalFilesDenied, State: "42000",
			Message: "Loading local data is disabled; this must be enabled on both the client and server sides"}
	}
	return lf.RequestLocalFile(name)
}
