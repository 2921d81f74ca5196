package e2e

// Differential test: the statements in testdata/diff/*.sql run on a throwaway MariaDB (the
// reference, started by scripts/mariadb-sandbox.sh) and on loopdb, one connection each, and
// every statement's outcome is compared: error code, or column names + rows as text (sorted
// unless the statement has a top-level ORDER BY), or affected rows (+ the insert id of an
// INSERT/REPLACE). Every mismatch is reported, not just the first.
//
// Script format: statements end with ';' at the end of a line and may span lines; comment lines
// (-- or #) directly before a statement annotate it:
//   -- expect-error: 1062        the statement must fail with this code (checked on MariaDB too,
//                                so the script itself stays right)
//   -- skip-compare: reason      run on both, do not compare (output legitimately differs)
// Statements are identified as file:line in the report.
//
// LOOPDB_E2E_TARGET=mariadb compares MariaDB with a second MariaDB instead of loopdb: a check of
// the script and of this test (it must report nothing).

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"
)

// ---- MariaDB sandbox (scripts/mariadb-sandbox.sh is the one implementation) ----

const sandboxScript = "../scripts/mariadb-sandbox.sh"

// mariadbInstalled reports whether a MariaDB server binary is available.
func mariadbInstalled() bool {
	for _, n := range []string{"mariadbd", "mysqld"} {
		if _, err := exec.LookPath(n); err == nil {
			return true
		}
		if fi, err := os.Stat("/usr/sbin/" + n); err == nil && !fi.IsDir() {
			return true
		}
	}
	return false
}

// mariaSandbox is one MariaDB server in its own directory.
type mariaSandbox struct {
	t    testing.TB
	dir  string
	port int
	addr string
}

// startMariaDB starts a sandbox MariaDB and registers its stop and removal. It skips the test
// when no MariaDB server is installed (scripts/setup.sh installs one; CI has it).
func startMariaDB(t testing.TB) *mariaSandbox {
	t.Helper()
	if !mariadbInstalled() {
		t.Skip("mariadbd is not installed (scripts/setup.sh installs mariadb-server): no reference server")
	}
	// Short path: the unix socket lives in it.
	dir, err := os.MkdirTemp("/tmp", "mdb")
	if err != nil {
		t.Fatal(err)
	}
	m := &mariaSandbox{t: t, dir: dir}
	t.Cleanup(func() {
		if err := m.run("stop"); err != nil {
			t.Errorf("stopping MariaDB sandbox: %v", err)
		}
		if t.Failed() {
			m.dumpLog()
		}
		os.RemoveAll(dir)
	})
	if err := m.start(); err != nil {
		t.Fatalf("starting MariaDB sandbox: %v", err)
	}
	return m
}

func (m *mariaSandbox) run(verb string) error {
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, "bash", sandboxScript, verb, m.dir)
	// If this test binary dies before its cleanup, the sandbox stops by itself.
	cmd.Env = append(os.Environ(), "MARIADB_SANDBOX_OWNER_PID="+strconv.Itoa(os.Getpid()))
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("mariadb-sandbox.sh %s: %v\n%s%s", verb, err, out.String(), errb.String())
	}
	if verb == "start" {
		p, err := strconv.Atoi(strings.TrimSpace(out.String()))
		if err != nil {
			return fmt.Errorf("mariadb-sandbox.sh start printed %q, want a port", out.String())
		}
		m.port = p
		m.addr = net.JoinHostPort("127.0.0.1", strconv.Itoa(p))
	}
	return nil
}

// start (re)starts the server on its datadir, on a fresh port.
func (m *mariaSandbox) start() error { return m.run("start") }

// kill9 crashes it (SIGKILL) and waits until the process is gone.
func (m *mariaSandbox) kill9() error { return m.run("kill") }

func (m *mariaSandbox) dumpLog() {
	b, err := os.ReadFile(filepath.Join(m.dir, "mysqld.err"))
	if err != nil {
		return
	}
	if len(b) > 32<<10 {
		b = b[len(b)-32<<10:]
	}
	m.t.Logf("---- MariaDB sandbox log (tail) ----\n%s\n---- end of MariaDB log ----", b)
}

func (m *mariaSandbox) dsn(db string, params ...string) string {
	return dsn("root", "", "tcp", m.addr, db, params)
}

// targetMariaDB reports whether LOOPDB_E2E_TARGET asks the transaction, crash and diff tests to
// run against MariaDB instead of loopdb (to check the tests themselves).
func targetMariaDB() bool { return os.Getenv("LOOPDB_E2E_TARGET") == "mariadb" }

// ---- the differential test ----

type diffStmt struct {
	file     string
	line     int
	sql      string
	wantErr  uint16 // from "-- expect-error: N"
	skip     string // from "-- skip-compare: reason"
	isQuery  bool
	ordered  bool // top-level ORDER BY: compare rows in order
	ddlLike  bool // affected rows not compared (DDL, SET, ...)
	insertID bool // compare LastInsertId
}

func (s diffStmt) where() string { return fmt.Sprintf("%s:%d", s.file, s.line) }

var (
	reExpectErr = regexp.MustCompile(`^(?:--|#)\s*expect-error:\s*(\d+)\s*$`)
	reSkip      = regexp.MustCompile(`^(?:--|#)\s*skip-compare:\s*(.*\S)\s*$`)
	reOrderBy   = regexp.MustCompile(`(?i)\border\s+by\b`)
)

// parseDiffScript splits a script into statements with their annotations.
func parseDiffScript(name, text string) ([]diffStmt, error) {
	var out []diffStmt
	var cur []string
	var pend diffStmt
	start := 0
	for i, raw := range strings.Split(text, "\n") {
		line := strings.TrimRight(raw, " \t\r")
		trimmed := strings.TrimSpace(line)
		if len(cur) == 0 {
			if trimmed == "" {
				continue
			}
			if strings.HasPrefix(trimmed, "--") || strings.HasPrefix(trimmed, "#") {
				if m := reExpectErr.FindStringSubmatch(trimmed); m != nil {
					n, _ := strconv.Atoi(m[1])
					pend.wantErr = uint16(n)
				} else if m := reSkip.FindStringSubmatch(trimmed); m != nil {
					pend.skip = m[1]
				} else if strings.Contains(trimmed, "expect-error") || strings.Contains(trimmed, "skip-compare") {
					return nil, fmt.Errorf("%s:%d: malformed annotation %q", name, i+1, trimmed)
				}
				continue
			}
			start = i + 1
		}
		cur = append(cur, line)
		if strings.HasSuffix(trimmed, ";") {
			q := strings.TrimSpace(strings.Join(cur, "\n"))
			q = strings.TrimSpace(strings.TrimSuffix(q, ";"))
			st := pend
			st.file, st.line, st.sql = name, start, q
			classifyStmt(&st)
			out = append(out, st)
			cur, pend = nil, diffStmt{}
		}
	}
	if len(cur) != 0 {
		return nil, fmt.Errorf("%s:%d: statement without a terminating ';'", name, start)
	}
	if pend.wantErr != 0 || pend.skip != "" {
		return nil, fmt.Errorf("%s: annotation at the end of the file applies to no statement", name)
	}
	return out, nil
}

func classifyStmt(s *diffStmt) {
	words := strings.FieldsFunc(s.sql, func(r rune) bool {
		return r == ' ' || r == '\t' || r == '\n' || r == '\r' || r == '(' || r == ';'
	})
	first := ""
	if len(words) > 0 {
		first = strings.ToUpper(words[0])
	}
	switch first {
	case "SELECT", "SHOW", "WITH", "DESC", "DESCRIBE", "EXPLAIN", "VALUES", "TABLE":
		s.isQuery = true
	case "CREATE", "ALTER", "DROP", "RENAME", "TRUNCATE", "SET", "USE", "BEGIN", "START", "COMMIT", "ROLLBACK", "ANALYZE", "OPTIMIZE":
		s.ddlLike = true
	case "INSERT", "REPLACE":
		// After ON DUPLICATE KEY UPDATE the insert id's rules are subtle and differ between
		// versions; compare it only for plain inserts.
		s.insertID = !strings.Contains(strings.ToUpper(s.sql), "ON DUPLICATE KEY")
	}
	s.ordered = s.isQuery && hasTopLevelOrderBy(s.sql)
}

// hasTopLevelOrderBy reports an ORDER BY outside parentheses and quotes: the result's order is
// then defined (the script adds a unique key to every ORDER BY whose order is compared).
func hasTopLevelOrderBy(q string) bool {
	var b strings.Builder
	depth := 0
	var quote byte
	for i := 0; i < len(q); i++ {
		c := q[i]
		switch {
		case quote != 0:
			if c == '\\' && quote != '`' {
				i++
			} else if c == quote {
				quote = 0
			}
			continue
		case c == '\'' || c == '"' || c == '`':
			quote = c
			continue
		case c == '(':
			depth++
			continue
		case c == ')':
			depth--
			continue
		}
		if depth == 0 {
			b.WriteByte(c)
		} else {
			b.WriteByte(' ')
		}
	}
	return reOrderBy.MatchString(b.String())
}

// outcome is what one server did with one statement, rendered to text for comparison.
type outcome struct {
	errNo    uint16 // MySQL error number, 0 on success
	errText  string // message (shown, never compared)
	fatal    error  // not a server error: the connection is gone
	cols     []string
	rows     []string // each row rendered as a line
	affected int64
	insertID int64
}

func runDiffStmt(ctx context.Context, c *sql.Conn, s diffStmt) outcome {
	var o outcome
	setErr := func(err error) {
		if n := myErrNumber(err); n != 0 {
			o.errNo, o.errText = n, err.Error()
		} else {
			o.fatal = err
		}
	}
	if !s.isQuery {
		res, err := c.ExecContext(ctx, s.sql)
		if err != nil {
			setErr(err)
			return o
		}
		o.affected, _ = res.RowsAffected()
		o.insertID, _ = res.LastInsertId()
		return o
	}
	rows, err := c.QueryContext(ctx, s.sql)
	if err != nil {
		setErr(err)
		return o
	}
	defer rows.Close()
	o.cols, err = rows.Columns()
	if err != nil {
		setErr(err)
		return o
	}
	vals := make([]sql.RawBytes, len(o.cols))
	ptrs := make([]any, len(vals))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			setErr(err)
			return o
		}
		var b strings.Builder
		for i, v := range vals {
			if i > 0 {
				b.WriteString(" | ")
			}
			if v == nil {
				b.WriteString("NULL")
			} else {
				b.WriteString(strconv.Quote(string(v)))
			}
		}
		o.rows = append(o.rows, b.String())
		if len(o.rows) > 100000 {
			o.fatal = errors.New("more than 100000 rows: the script should not produce that")
			return o
		}
	}
	if err := rows.Err(); err != nil {
		setErr(err)
		return o
	}
	if !s.ordered {
		sort.Strings(o.rows)
	}
	return o
}

// render gives the compared form of an outcome (and, with full, the message too).
func (o outcome) render(s diffStmt, full bool) string {
	switch {
	case o.fatal != nil:
		return "client/connection error: " + o.fatal.Error()
	case o.errNo != 0:
		if full {
			return fmt.Sprintf("ERROR %d (%s)", o.errNo, o.errText)
		}
		return fmt.Sprintf("ERROR %d", o.errNo)
	case s.isQuery:
		var b strings.Builder
		fmt.Fprintf(&b, "columns: %s\n", strings.Join(quoteAll(o.cols), ", "))
		fmt.Fprintf(&b, "%d rows", len(o.rows))
		if !s.ordered {
			b.WriteString(" (sorted for comparison)")
		}
		for _, r := range o.rows {
			b.WriteString("\n  ")
			b.WriteString(r)
		}
		return b.String()
	default:
		out := "OK"
		if !s.ddlLike {
			out += fmt.Sprintf(", %d rows affected", o.affected)
		}
		if s.insertID {
			out += fmt.Sprintf(", insert id %d", o.insertID)
		}
		return out
	}
}

func quoteAll(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = strconv.Quote(s)
	}
	return out
}

func indent(s string) string { return "    " + strings.ReplaceAll(s, "\n", "\n    ") }

func TestDiffAgainstMariaDB(t *testing.T) {
	t.Parallel()
	files, err := filepath.Glob("testdata/diff/*.sql")
	if err != nil || len(files) == 0 {
		t.Fatalf("no testdata/diff/*.sql scripts (%v)", err)
	}
	sort.Strings(files)
	var all [][]diffStmt
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		stmts, err := parseDiffScript(filepath.Base(f), string(b))
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, stmts)
	}

	ref := startMariaDB(t)
	refName, subjName := "MariaDB", "loopdb"
	var subjDSN func(db string) string
	if targetMariaDB() {
		other := startMariaDB(t)
		subjName = "MariaDB#2"
		subjDSN = func(db string) string { return other.dsn(db) }
	} else {
		s := startServer(t)
		subjDSN = func(db string) string { return s.dsnTCP("root", "", db) }
	}
	refDSN := func(db string) string { return ref.dsn(db) }

	ctx := ctxT(t, 4*time.Minute)
	mismatches, scriptErrs, compared, skipped := 0, 0, 0, 0
	for fi, stmts := range all {
		// A fresh database per script on each server, one pinned connection each.
		dbName := fmt.Sprintf("difftest%d", fi)
		conns := make([]*sql.Conn, 2)
		ok := true
		for i, mk := range []func(string) string{refDSN, subjDSN} {
			name := []string{refName, subjName}[i]
			admin := openDB(t, mk(""))
			if _, err := admin.ExecContext(ctx, "CREATE DATABASE "+dbName); err != nil {
				t.Errorf("%s: CREATE DATABASE %s: %v", name, dbName, err)
				ok = false
				continue
			}
			db := openDB(t, mk(dbName))
			db.SetMaxOpenConns(1)
			c, err := db.Conn(ctx)
			if err != nil {
				t.Errorf("%s: connect to %s: %v", name, dbName, err)
				ok = false
				continue
			}
			t.Cleanup(func() { c.Close() })
			conns[i] = c
		}
		if !ok {
			continue
		}
		for _, s := range stmts {
			sctx, cancel := context.WithTimeout(ctx, 30*time.Second)
			ro := runDiffStmt(sctx, conns[0], s)
			so := runDiffStmt(sctx, conns[1], s)
			cancel()
			// The script must do on the reference what its annotations say.
			switch {
			case ro.fatal != nil:
				t.Fatalf("%s: %s lost its connection: %v\n  %s", s.where(), refName, ro.fatal, s.sql)
			case s.wantErr != 0 && ro.errNo != s.wantErr:
				scriptErrs++
				t.Errorf("SCRIPT %s: expected error %d on %s, got %s\n  %s", s.where(), s.wantErr, refName, ro.render(s, true), s.sql)
			case s.wantErr == 0 && ro.errNo != 0:
				scriptErrs++
				t.Errorf("SCRIPT %s: unexpected error on %s: %s (annotate it with -- expect-error: %d if intended)\n  %s",
					s.where(), refName, ro.render(s, true), ro.errNo, s.sql)
			}
			if so.fatal != nil {
				t.Errorf("%s: %s lost its connection: %v\n  %s\n(stopping: the rest cannot be compared)", s.where(), subjName, so.fatal, s.sql)
				mismatches++
				goto done
			}
			if s.skip != "" {
				skipped++
				continue
			}
			compared++
			if rr, sr := ro.render(s, false), so.render(s, false); rr != sr {
				mismatches++
				t.Errorf("MISMATCH %s:\n  %s\n  %s:\n%s\n  %s:\n%s", s.where(), s.sql,
					refName, indent(ro.render(s, true)), subjName, indent(so.render(s, true)))
			}
		}
	}
done:
	t.Logf("%d statements compared, %d skipped (skip-compare), %d mismatches, %d script errors", compared, skipped, mismatches, scriptErrs)
}

// The scripts parse, every annotation lands on a statement, and the ORDER BY detection holds.
func TestDiffScriptsParse(t *testing.T) {
	t.Parallel()
	files, _ := filepath.Glob("testdata/diff/*.sql")
	if len(files) == 0 {
		t.Fatal("no testdata/diff/*.sql")
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		stmts, err := parseDiffScript(filepath.Base(f), string(b))
		if err != nil {
			t.Fatal(err)
		}
		annotated := 0
		for _, s := range stmts {
			if s.sql == "" {
				t.Errorf("%s: empty statement", s.where())
			}
			if s.wantErr != 0 {
				annotated++
			}
		}
		if want := strings.Count(string(b), "-- expect-error:"); annotated != want {
			t.Errorf("%s: %d statements carry expect-error, the file has %d such lines", f, annotated, want)
		}
	}
	for q, want := range map[string]bool{
		"SELECT a FROM t ORDER BY a":                                   true,
		"SELECT a FROM t":                                              false,
		"SELECT GROUP_CONCAT(a ORDER BY a) FROM t":                     false,
		"SELECT x FROM (SELECT a AS x FROM t ORDER BY a LIMIT 3) d":    false,
		"SELECT 'order by' FROM t":                                     false,
		"SELECT a FROM t UNION SELECT b FROM u ORDER BY 1":             true,
		"SELECT a FROM t WHERE a IN (SELECT b FROM u) order\n  by a":   true,
		"SELECT `order by` FROM t":                                     false,
		"SELECT a FROM t WHERE b = 'it''s' ORDER BY a":                 true,
		"SELECT a FROM t WHERE b = 'a\\'b)' GROUP BY a ORDER BY a, id": true,
	} {
		if got := hasTopLevelOrderBy(q); got != want {
			t.Errorf("hasTopLevelOrderBy(%q) = %v, want %v", q, got, want)
		}
	}
}
