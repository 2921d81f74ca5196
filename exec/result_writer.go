package exec

import (
	"io"

	"github.com/loopdb/loopdb/exec/expr"
	"github.com/loopdb/loopdb/exec/plan"
	"github.com/loopdb/loopdb/mysqldef"
)

// ResultWriter receives what a statement produces: result sets as columns
// and rows of values, completions, and errors. exec knows nothing of how
// they travel; the protocol side (server/protocol) implements it and
// encodes straight into its connection's output, in the text or binary
// protocol as the command asks.
//
// Each statement of a command ends with exactly one OK, one EndResult or
// one Error. A method's error means the connection is unusable: the
// statement stops.
type ResultWriter interface {
	// BeginResult starts a result set with its columns. cols is only
	// read during the call.
	BeginResult(cols []Column) error
	// Row sends one row of the current result set, a value per column.
	// vals is only read during the call: the caller reuses it.
	Row(vals []expr.Value) error
	// EndResult ends the current result set. Only Status and Warnings of
	// c are used.
	EndResult(c Completion) error
	// OK reports a statement that returns no result set.
	OK(c Completion) error
	// Error reports a failed statement (or command).
	Error(e *mysqldef.SQLError) error
	// RequestLocalFile asks the client for a file (LOAD DATA LOCAL INFILE)
	// and returns its content as the client streams it. Read returns
	// io.EOF at the end of the file. Close must always be called: it
	// discards whatever the client still sends, so the connection stays in
	// sync for the statement's final OK or Error.
	RequestLocalFile(name string) (io.ReadCloser, error)
}

// Completion is how a statement or result set ended.
type Completion struct {
	AffectedRows uint64
	LastInsertID uint64
	// Status is the server status flags (mysqldef.Status*), with
	// StatusMoreResultsExists while another statement's result follows.
	Status   uint16
	Warnings uint16
	Info     string
}

// ClientOptions are what the client asked for at login that change how
// statements behave (the protocol side derives them from its capability
// flags).
type ClientOptions struct {
	// MultiStatements allows several statements per COM_QUERY (until
	// COM_SET_OPTION changes it).
	MultiStatements bool
	// FoundRows makes UPDATE (and INSERT ... ON DUPLICATE KEY UPDATE)
	// report matched rows as affected, not only the changed ones.
	FoundRows bool
	// LocalFiles means the client accepts LOAD DATA LOCAL INFILE.
	LocalFiles bool
	// Collation is the collation id the client sent in its handshake or
	// COM_CHANGE_USER: it sets the connection's character sets.
	Collation uint16
}

// resultSink sends rows to the statement's ResultWriter, counting them
// for FOUND_ROWS().
type resultSink struct {
	w    ResultWriter
	rows uint64

	// SQL_CALC_FOUND_ROWS: the SELECT runs without its LIMIT, the sink
	// sends only the rows LIMIT would have and counts them all in found.
	window     bool
	skip, keep uint64
	found      uint64
}

func (rs *resultSink) Begin(cols []Column) error { return rs.w.BeginResult(cols) }

func (rs *resultSink) Row(vals []expr.Value) error {
	if rs.window {
		rs.found++
		if rs.found <= rs.skip || rs.found-rs.skip > rs.keep {
			return nil
		}
	}
	rs.rows++
	return rs.w.Row(vals)
}

// foundRows is what FOUND_ROWS() answers after the statement.
func (rs *resultSink) foundRows() uint64 {
	if rs.window {
		return rs.found
	}
	return rs.rows
}

// RowsTransient implements plan.Transient: the sink keeps nothing, so the
// answer is its writer's (the protocol side's keeps nothing either).
func (rs *resultSink) RowsTransient() bool { return plan.RowsTransient(rs.w) }
