package exec

import (
	"errors"
	"fmt"
	"io"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/loopdb/loopdb/exec/expr"
	"github.com/loopdb/loopdb/exec/loaddata"
	"github.com/loopdb/loopdb/exec/table"
	"github.com/loopdb/loopdb/exec/workpool"
	"github.com/loopdb/loopdb/mysqldef"
	"github.com/loopdb/loopdb/storage"
	"github.com/pingcap/tidb/pkg/parser/ast"
)

// LOAD DATA LOCAL INFILE.
//
// The client streams the file after the server's 0xFB request; rows are
// split as they arrive (package exec/loaddata) and written through the same
// path as INSERT: defaults, AUTO_INCREMENT, coercion, unique checks,
// secondary indexes.
//
// As in MySQL 8, LOCAL implies IGNORE: the server cannot stop the client's
// transfer, so duplicate-key rows are skipped with a warning (unless
// REPLACE) and bad values become warnings whatever sql_mode says.
//
// Atomicity: in autocommit mode the rows are committed in batches
// (loadBatchRows rows or loadBatchBytes of input, whichever comes first),
// so a multi-gigabyte file never sits in one write batch. A load that fails
// or is killed half-way therefore keeps the batches committed before the
// failure; only the batch in progress is rolled back. Inside an explicit
// transaction (BEGIN, or autocommit=0) the whole load is one statement of
// that transaction, atomic as any other, and held in memory until COMMIT.
//
// The server never reads its own files: LOAD DATA without LOCAL answers
// ER_OPTION_PREVENTS_STATEMENT (as mysqld with secure_file_priv=NULL).

const (
	loadBatchRows  = 5000
	loadBatchBytes = 4 << 20
)

func errLocalFilesDisabled() error {
	// SQLSTATE 42000 (mysqldef's table would say HY000 for an unknown code).
	return &mysqldef.SQLError{Code: mysqldef.ErrClientLocalFilesDenied, State: "42000",
		Message: "Loading local data is disabled; this must be enabled on both the client and server sides"}
}

// LocalInfile reports the global local_infile: whether LOAD DATA LOCAL is
// allowed (the server also advertises CLIENT_LOCAL_FILES only then).
func (e *Engine) LocalInfile() bool {
	v, ok := e.GlobalVar("local_infile")
	return ok && v.Int() != 0
}

// loadTarget is where one input field goes: a column, or a user variable.
type loadTarget struct {
	off     int    // column offset, -1 for a variable
	userVar string // lower-case variable name
}

// loadCharset is how input bytes become string values.
type loadCharset uint8

const (
	loadUTF8   loadCharset = iota // taken as they are (utf8mb4, utf8mb3, ascii)
	loadBinary                    // binary strings
	loadLatin1                    // cp1252, converted to UTF-8
)

// loadData is one LOAD DATA statement being run.
type loadData struct {
	s       *Session
	t       *table.Table
	format  loaddata.Format
	charset loadCharset
	ignore  uint64 // IGNORE n LINES
	targets []loadTarget
	sets    []dupAssign
	seen    []expr.Value // scratch: the row as SET expressions read it
	is      *insertState
	fr      *loaddata.Reader
	skip    uint64 // rows still to skip (IGNORE n LINES without lines)
	rows    uint64 // rows read, for the kill check

	row     []expr.Value
	given   []bool
	latin   []byte           // scratch for cp1252 conversion
	latinAt []loaddata.Field // the fields' places in latin
	fastInt []bool           // by target: integer column, try the cheap parse
}

func (s *Session) execLoadData(st *ast.LoadDataStmt, w ResultWriter, more bool) error {
	local := st.FileLocRef == ast.FileLocClient
	if local {
		// Checked before anything else, and before the file is requested.
		if !s.eng.LocalInfile() || !s.opts.LocalFiles {
			return errLocalFilesDisabled()
		}
	}
	if st.Format != nil || len(st.Options) > 0 {
		return expr.Unsupported("LOAD DATA ... FORMAT/WITH")
	}
	tn := st.Table
	t, release, err := s.lockTable(tn)
	if err != nil {
		return err
	}
	defer release()
	if t.IsView() {
		return errNotUpdatable(t.Name, "LOAD")
	}
	if err := s.enterTable(t, lockForWrite); err != nil {
		return err
	}
	ld := &loadData{s: s, t: t}
	if err := ld.prepare(st); err != nil {
		return err
	}
	if !local {
		return mysqldef.NewError(mysqldef.ErrOptionPreventsStmt,
			"The MySQL server is running with the --secure-file-priv option so it cannot execute this statement")
	}
	rc, err := w.RequestLocalFile(st.Path)
	if err != nil {
		return err
	}
	p := s.eng.pool
	err = ld.load(&blockingReader{r: rc, p: p})
	// Always drain: the client sends the whole file whatever happened.
	if cerr := p.Blocking(rc.Close); err == nil && cerr != nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	is := ld.is
	var deleted uint64
	if st.OnDuplicate == ast.OnDuplicateKeyHandlingReplace {
		deleted = is.dups
	}
	copied := is.affected - deleted
	if is.firstID != 0 {
		s.lastInsertID = is.firstID
	}
	s.rowCount = int64(is.affected)
	info := fmt.Sprintf("Records: %d  Deleted: %d  Skipped: %d  Warnings: %d",
		is.records, deleted, is.records-copied, s.warningCount())
	return s.writeOK(w, is.affected, 0, info, more)
}

// prepare resolves everything that can fail before the file is requested:
// columns, variables, SET expressions, the input format.
func (ld *loadData) prepare(st *ast.LoadDataStmt) error {
	s, t := ld.s, ld.t
	if err := ld.prepareFormat(st); err != nil {
		return err
	}
	seen := make([]bool, len(t.Columns))
	if len(st.ColumnsAndUserVars) == 0 {
		for i := range t.Columns {
			ld.targets = append(ld.targets, loadTarget{off: i})
		}
	}
	for _, cv := range st.ColumnsAndUserVars {
		if cv.UserVar != nil {
			ld.targets = append(ld.targets, loadTarget{off: -1, userVar: strings.ToLower(cv.UserVar.Name)})
			continue
		}
		off, err := ld.column(cv.ColumnName, seen)
		if err != nil {
			return err
		}
		ld.targets = append(ld.targets, loadTarget{off: off})
	}
	if len(st.ColumnAssignments) > 0 {
		scope := s.tableScope(t, t.Name)
		for _, a := range st.ColumnAssignments {
			off, err := ld.column(a.Column, seen)
			if err != nil {
				return err
			}
			var x expr.Expr
			if _, isDefault := a.Expr.(*ast.DefaultExpr); isDefault {
				x = expr.Constant(s.loadDefault(t.Columns[off]), t.Columns[off].ResultType())
			} else if x, err = expr.Compile(a.Expr, scope); err != nil {
				return err
			}
			ld.sets = append(ld.sets, dupAssign{off: off, expr: x})
		}
	}
	ld.fastInt = make([]bool, len(ld.targets))
	for i, tg := range ld.targets {
		if tg.off >= 0 {
			ct := t.Columns[tg.off].Type
			ld.fastInt[i] = ct.IsInteger() && ct.Tp != mysqldef.TypeYear && ld.charset != loadBinary
		}
	}
	if st.IgnoreLines != nil {
		ld.ignore = *st.IgnoreLines
	}
	replace := st.OnDuplicate == ast.OnDuplicateKeyHandlingReplace
	ld.is = &insertState{s: s, t: t, st: &ast.InsertStmt{IsReplace: replace, IgnoreErr: !replace}}
	ld.row = make([]expr.Value, len(t.Columns))
	ld.given = make([]bool, len(t.Columns))
	return nil
}

// column resolves a column of the field list or SET clause.
func (ld *loadData) column(cn *ast.ColumnName, seen []bool) (int, error) {
	t := ld.t
	if q := cn.Table.O; q != "" && !strings.EqualFold(q, t.Name) {
		return 0, mysqldef.NewError(mysqldef.ErrBadField, "Unknown column '%s.%s' in 'field list'", q, cn.Name.O)
	}
	off := t.Column(cn.Name.O)
	if off < 0 {
		return 0, mysqldef.NewError(mysqldef.ErrBadField, "Unknown column '%s' in 'field list'", cn.Name.O)
	}
	if seen[off] {
		return 0, mysqldef.NewError(mysqldef.ErrFieldSpecifiedTwice, "Column '%s' specified twice", cn.Name.O)
	}
	seen[off] = true
	return off, nil
}

// prepareFormat reads FIELDS, LINES and CHARACTER SET.
func (ld *loadData) prepareFormat(st *ast.LoadDataStmt) error {
	f := loaddata.DefaultFormat()
	escGiven := false
	if fi := st.FieldsInfo; fi != nil {
		if fi.DefinedNullBy != nil {
			return expr.Unsupported("LOAD DATA ... DEFINED NULL BY")
		}
		if fi.Terminated != nil {
			f.FieldTerm = []byte(*fi.Terminated)
		}
		if fi.Enclosed != nil {
			if len(*fi.Enclosed) > 1 {
				return errFieldTerminators()
			}
			f.Enclosed = firstByte(*fi.Enclosed)
		}
		if fi.Escaped != nil {
			if len(*fi.Escaped) > 1 {
				return errFieldTerminators()
			}
			f.Escape = firstByte(*fi.Escaped)
			escGiven = true
		}
	}
	if !escGiven {
		if m, err := ld.s.SystemVar("sql_mode", false); err == nil &&
			strings.Contains(strings.ToUpper(m.Str()), "NO_BACKSLASH_ESCAPES") {
			f.Escape = -1
		}
	}
	if li := st.LinesInfo; li != nil {
		if li.Starting != nil {
			f.LineStart = []byte(*li.Starting)
		}
		if li.Terminated != nil {
			f.LineTerm = []byte(*li.Terminated)
		}
	}
	if len(f.FieldTerm) == 0 && f.Enclosed < 0 {
		return expr.Unsupported("LOAD DATA with fixed-size rows (FIELDS TERMINATED BY '' ENCLOSED BY '')")
	}
	ld.format = f

	cs := ""
	if st.Charset != nil {
		cs = strings.ToLower(*st.Charset)
	} else if v, err := ld.s.SystemVar("character_set_database", false); err == nil {
		cs = strings.ToLower(v.Str())
	}
	switch cs {
	case "binary":
		ld.charset = loadBinary
	case "latin1":
		ld.charset = loadLatin1
	case "", "utf8mb4", "utf8", "utf8mb3", "ascii":
		ld.charset = loadUTF8
	default:
		if st.Charset != nil {
			return expr.Unsupported("LOAD DATA ... CHARACTER SET " + cs)
		}
		ld.charset = loadUTF8
	}
	return nil
}

func errFieldTerminators() error {
	return mysqldef.NewError(mysqldef.ErrWrongFieldTerminators, "Field separator argument is not what is expected; check the manual")
}

func firstByte(s string) int {
	if s == "" {
		return -1
	}
	return int(s[0])
}

// load reads the whole input and writes its rows.
func (ld *loadData) load(r io.Reader) error {
	s := ld.s
	ld.fr = loaddata.NewReader(r, ld.format)
	if v, ok := s.eng.GlobalVar("max_allowed_packet"); ok {
		ld.fr.SetMaxRow(int(v.Int()))
	}
	ld.skip = ld.fr.SkipLines(ld.ignore)
	ld.is.wc = table.WriteCtx{Eval: s.evalCtx, Strict: false}
	if s.txn != nil || s.status&mysqldef.StatusAutocommit == 0 {
		// One statement of the open transaction: atomic, unbatched.
		return s.inTxn(func(tx storage.Txn) error {
			_, err := ld.run(tx, false)
			return err
		})
	}
	for {
		// A transaction per batch. No statement undo log: a failed batch
		// is rolled back whole.
		tx := s.eng.newTxn()
		done, err := ld.run(tx, true)
		if err != nil {
			tx.Rollback()
			return s.mapStorageErr(err)
		}
		if err := s.commit(tx); err != nil {
			return s.mapStorageErr(err)
		}
		if done {
			return nil
		}
	}
}

// run writes rows in tx until the input ends (done) or, when batched, the
// batch is full.
func (ld *loadData) run(tx storage.Txn, batched bool) (done bool, err error) {
	s, fr := ld.s, ld.fr
	ld.is.tw = s.newTableWriter(ld.t, tx)
	ld.is.tw.UseWriteCtx(&ld.is.wc)
	ld.is.tw.FindTail()
	rows, size := 0, 0
	for {
		if batched && (rows >= loadBatchRows || size >= loadBatchBytes) {
			return false, nil
		}
		if ld.rows&63 == 0 && s.Killed() {
			return false, mysqldef.NewError(mysqldef.ErrQueryInterrupted, "Query execution was interrupted")
		}
		ld.rows++
		n := fr.ReadRow(len(ld.targets))
		if err := fr.Err(); err != nil {
			return false, ld.readError(err)
		}
		if n == 0 {
			return true, nil
		}
		if ld.skip > 0 { // IGNORE n LINES when the input has no lines
			ld.skip--
			continue
		}
		rows++
		size += len(fr.Row())
		if err := ld.writeRow(n); err != nil {
			return false, err
		}
		end := fr.NextLine()
		if err := fr.Err(); err != nil {
			return false, ld.readError(err)
		}
		if end {
			return true, nil
		}
		if fr.LineCut() {
			s.AddWarning(mysqldef.ErrWarnTooManyRecords, fmt.Sprintf("Row %d was truncated; it contained more data than there were input columns", ld.is.records))
		}
	}
}

// readError is what the client is told when its file could not be read.
func (ld *loadData) readError(err error) error {
	var se *mysqldef.SQLError
	switch {
	case errors.As(err, &se):
		return se
	case errors.Is(err, loaddata.ErrRowTooLong):
		return mysqldef.NewError(mysqldef.ErrNetPacketTooLarge, "Got a packet bigger than 'max_allowed_packet' bytes")
	}
	var te interface{ Timeout() bool }
	if errors.As(err, &te) && te.Timeout() {
		return mysqldef.NewError(mysqldef.ErrNetReadInterrupted, "Got timeout reading communication packets")
	}
	return mysqldef.NewError(mysqldef.ErrNetReadError, "Got an error reading communication packets")
}

// writeRow turns the current row's n fields into a table row and inserts it.
func (ld *loadData) writeRow(n int) error {
	s, t, is := ld.s, ld.t, ld.is
	row, given := ld.row, ld.given
	clear(row)
	clear(given)
	rowNum := is.records + 1
	is.wc.Row = int(rowNum)
	text, fields := ld.rowText()
	for i, tg := range ld.targets {
		if i >= n {
			// The line ended early: variables get NULL, columns their default.
			if tg.off < 0 {
				s.SetUserVar(tg.userVar, expr.Value{})
				continue
			}
			row[tg.off] = s.loadDefault(t.Columns[tg.off])
			given[tg.off] = true
			s.AddWarning(mysqldef.ErrWarnTooFewRecords, fmt.Sprintf("Row %d doesn't contain data for all columns", rowNum))
			continue
		}
		f := fields[i]
		var v expr.Value
		if !f.Null {
			v = ld.value(text[f.Start:f.End], ld.fastInt[i])
		}
		if tg.off < 0 {
			s.SetUserVar(tg.userVar, v)
			continue
		}
		if c := t.Columns[tg.off]; f.Null && c.NotNull && !c.AutoInc {
			if c.Type.Tp == mysqldef.TypeTimestamp {
				v = expr.DatetimeValue(s.evalCtx.Now, c.Type.Decimal)
			} else {
				s.AddWarning(mysqldef.ErrWarnNullToNotNull, fmt.Sprintf("Column set to default value; NULL supplied to NOT NULL column '%s' at row %d", c.Name, rowNum))
				v = table.ZeroValue(c.Type)
			}
		}
		row[tg.off] = v
		given[tg.off] = true
	}
	if len(ld.sets) > 0 {
		// SET sees the row as loaded so far: converted to the column types
		// (storage form, as for any row an expression reads), the columns
		// not given at their defaults. The row itself keeps the values
		// before conversion: insertRow converts each once (twice would
		// shift a TIMESTAMP by the zone's offset again).
		seen := append(ld.seen[:0], row...)
		ld.seen = seen
		for off, c := range t.Columns {
			switch {
			case !given[off]:
				row[off] = s.loadDefault(c)
				seen[off] = row[off]
				if storesUTC(t, c) && !storedDefault(t, c) && !row[off].IsNull() {
					if v, err := is.wc.Coerce(c, row[off]); err == nil {
						seen[off] = v
					}
				}
			case !c.AutoInc:
				v, err := is.wc.Coerce(c, row[off])
				if err != nil {
					return err
				}
				seen[off] = v
			}
		}
		for _, a := range ld.sets {
			v, err := a.expr.Eval(s.evalCtx, seen)
			if err != nil {
				return err
			}
			cv, err := is.wc.Coerce(t.Columns[a.off], v)
			if err != nil {
				return err
			}
			seen[a.off] = cv
			row[a.off] = v
			given[a.off] = true
		}
	}
	return is.insertRow(row, given)
}

// loadDefault is what a column not given by the file holds.
func (s *Session) loadDefault(c *table.TableColumn) expr.Value {
	switch {
	case c.AutoInc:
		return expr.Value{}
	case c.DefaultNow || (c.Type.Tp == mysqldef.TypeTimestamp && c.NotNull && !c.HasDefault):
		return expr.DatetimeValue(s.evalCtx.Now, c.Type.Decimal)
	case c.Default != nil:
		return c.AddedDefault()
	case c.HasDefault || !c.NotNull:
		return expr.Value{}
	}
	return table.ZeroValue(c.Type)
}

// rowText returns the current row's bytes as one string (one allocation
// per row; fields are substrings of it at the places in fields), converted
// to UTF-8.
func (ld *loadData) rowText() (text string, fields []loaddata.Field) {
	data, fields := ld.fr.Row(), ld.fr.Fields()
	if ld.charset != loadLatin1 {
		return string(data), fields
	}
	high := false
	for _, b := range data {
		if b >= 0x80 {
			high = true
			break
		}
	}
	if !high {
		return string(data), fields
	}
	// Re-encode field by field; the fields move along, in a copy of their
	// places (the reader's are its own).
	out := ld.latin[:0]
	at := append(ld.latinAt[:0], fields...)
	for i := range at {
		f := &at[i]
		start := len(out)
		for _, b := range data[f.Start:f.End] {
			out = appendCP1252(out, b)
		}
		f.Start, f.End = start, len(out)
	}
	ld.latin, ld.latinAt = out, at
	return string(out), at
}

// cp1252 maps 0x80-0x9F as MySQL's latin1 does (which is cp1252; its
// unassigned bytes become the C1 controls).
var cp1252 = [32]rune{
	0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
	0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
	0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
	0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
}

func appendCP1252(out []byte, b byte) []byte {
	switch {
	case b < 0x80:
		return append(out, b)
	case b < 0xA0:
		return utf8.AppendRune(out, cp1252[b-0x80])
	}
	return utf8.AppendRune(out, rune(b))
}

// value makes a field's text a value. Plain decimal integers bound for an
// integer column skip the string-to-number conversion.
func (ld *loadData) value(text string, fastInt bool) expr.Value {
	if fastInt {
		if n, ok := parsePlainInt(text); ok {
			return expr.IntValue(n)
		}
	}
	if ld.charset == loadBinary {
		return expr.BinaryStringValue(text)
	}
	return expr.StringValue(text)
}

// parsePlainInt parses [-+]?[0-9]{1,18} (so it cannot overflow).
func parsePlainInt(s string) (int64, bool) {
	neg := false
	if len(s) > 0 && (s[0] == '-' || s[0] == '+') {
		neg = s[0] == '-'
		s = s[1:]
	}
	if len(s) == 0 || len(s) > 18 {
		return 0, false
	}
	var n int64
	for i := 0; i < len(s); i++ {
		c := s[i] - '0'
		if c > 9 {
			return 0, false
		}
		n = n*10 + int64(c)
	}
	if neg {
		n = -n
	}
	return n, true
}

// blockingReader reads the client's file without holding a worker's place
// while it waits for the network (see workpool.Pool.Blocking).
type blockingReader struct {
	r io.Reader
	p *workpool.Pool
}

func (b *blockingReader) Read(p []byte) (n int, err error) {
	_ = b.p.Blocking(func() error {
		n, err = b.r.Read(p)
		return nil
	})
	return n, err
}

// loadRowsRE matches IGNORE n ROWS, which MySQL accepts for IGNORE n LINES
// and the TiDB parser does not.
var (
	loadRowsRE = regexp.MustCompile(`(?i)\bIGNORE(\s+\d+\s+)ROWS\b`)
	loadDataRE = regexp.MustCompile(`(?i)\bLOAD\s+DATA\b`)
)

// rewriteLoadDataRows gives SQL that failed to parse a second chance with
// LOAD DATA's IGNORE n ROWS spelled IGNORE n LINES; ok is false if that
// does not apply.
func rewriteLoadDataRows(sql string) (string, bool) {
	if !loadRowsRE.MatchString(sql) || !loadDataRE.MatchString(sql) {
		return sql, false
	}
	return loadRowsRE.ReplaceAllString(sql, "IGNORE${1}LINES"), true
}
