package exec

import (
	"io"
	"strings"

	"github.com/loopdb/loopdb/exec/expr"
	"github.com/loopdb/loopdb/mysqldef"
)

// recorder is a ResultWriter that keeps what a command produces, as a
// client decodes it: each statement's OK, error or result set with its
// rows as text. It also serves LOAD DATA LOCAL INFILE requests from files
// in memory; without files (nil) it cannot, like a connection that does
// not support the request.
type recorder struct {
	results []result
	open    *result // result set begun and not yet ended

	files     map[string]io.Reader
	requested []string
	closed    int
	drained   int64 // bytes Close discarded
}

// errNoLocalFiles is what a writer that cannot transfer files answers a
// LOCAL INFILE request with.
var errNoLocalFiles = &mysqldef.SQLError{Code: mysqldef.ErrClientLocalFilesDenied, State: "42000",
	Message: "Loading local data is disabled; this must be enabled on both the client and server sides"}

// result is one statement's response.
type result struct {
	ok     *Completion
	err    *mysqldef.SQLError
	cols   []*colDef
	rows   [][]string // NULL as "NULL"
	status uint16
}

// colDef is a column definition as a client receives it.
type colDef struct {
	Schema, Table, OrgTable, Name, OrgName string
	Collation                              uint16
	Length                                 uint32
	Type                                   byte
	Flags                                  uint16
	Decimals                               byte
}

func (r *recorder) BeginResult(cols []Column) error {
	r.open = &result{}
	for _, c := range cols {
		r.open.cols = append(r.open.cols, &colDef{Schema: c.Schema, Table: c.Table, OrgTable: c.OrgTable,
			Name: c.Name, OrgName: c.OrgName, Collation: c.Type.Collation, Length: c.Type.Length,
			Type: c.Type.Type, Flags: c.Type.Flags, Decimals: c.Type.Decimals})
	}
	return nil
}

func (r *recorder) Row(vals []expr.Value) error {
	row := make([]string, len(vals))
	for i, v := range vals {
		if v.IsNull() {
			row[i] = "NULL"
		} else {
			row[i] = string(v.AppendText(nil))
		}
	}
	if r.open == nil {
		// Rows without a header: a cursor's fetched batch.
		r.open = &result{}
	}
	r.open.rows = append(r.open.rows, row)
	return nil
}

func (r *recorder) EndResult(c Completion) error {
	r.open.status = c.Status
	r.results = append(r.results, *r.open)
	r.open = nil
	return nil
}

func (r *recorder) OK(c Completion) error {
	r.results = append(r.results, result{ok: &c, status: c.Status})
	return nil
}

func (r *recorder) Error(e *mysqldef.SQLError) error {
	if r.open != nil {
		// An error found while rows were produced follows them.
		r.results = append(r.results, *r.open)
		r.open = nil
	}
	r.results = append(r.results, result{err: e})
	return nil
}

func (r *recorder) RequestLocalFile(name string) (io.ReadCloser, error) {
	if r.files == nil {
		return nil, errNoLocalFiles
	}
	r.requested = append(r.requested, name)
	f, ok := r.files[name]
	if !ok {
		f = strings.NewReader("")
	}
	return &infileReader{r: f, rec: r}, nil
}

type infileReader struct {
	r   io.Reader
	rec *recorder
}

func (r *infileReader) Read(p []byte) (int, error) { return r.r.Read(p) }

func (r *infileReader) Close() error {
	r.rec.closed++
	n, _ := io.Copy(io.Discard, r.r)
	r.rec.drained += n
	return nil
}

// runQuery runs sql as one COM_QUERY, into rec.
func runQuery(s *Session, sql string, rec *recorder) []result {
	s.BeginCommand()
	defer s.EndCommand()
	s.Query(sql, rec)
	return rec.results
}
