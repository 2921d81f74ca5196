package exec

import (
	"github.com/loopdb/loopdb/exec/plan"
	"github.com/pingcap/tidb/pkg/parser/ast"
)

// The text-protocol statement cache. A COM_QUERY statement costs a parse
// (TiDB's parser: several microseconds for a one-line SELECT) and, for a
// SELECT, planning, before it reads a single row; applications and
// benchmarks that do not prepare statements pay that on every query. So a
// session keeps the statements it ran, keyed by their text with the
// constants made ? markers (textnorm.go), as prepared statements of its
// own: the next run of the same shape binds the new constants and goes the
// way COM_STMT_EXECUTE goes (a cached SELECT plan, a reused DML parse).
//
// What is cached is exactly what the prepared-statement path reuses: a
// SELECT whose plan BuildCachedSelect accepts, an INSERT, REPLACE, UPDATE
// or DELETE without subqueries whose parse its first run left untouched,
// and BEGIN/START TRANSACTION, COMMIT and ROLLBACK. Anything else is remembered as not cacheable, so its text is
// only normalized again, then parsed as before. Plans go stale on DDL as
// prepared ones do; the key holds the current database, and the cache is
// dropped when sql_mode changes (planning checks depend on it) and with the
// connection's other statements (COM_RESET_CONNECTION, COM_CHANGE_USER).
//
// The cache is per session, so nothing in it is shared between goroutines.
// It holds at most maxTextStmts statements; when full it starts over, which
// costs one parse per statement shape and keeps a session's memory bounded.

const maxTextStmts = 32

type textCache struct {
	norm    textNormalizer
	entries map[string]*PreparedStmt // nil: seen, not cacheable
}

// drop forgets every cached statement (nil: none were cached).
func (c *textCache) drop() {
	if c != nil {
		c.entries = nil
	}
}

// queryCached runs sql through the cache if it can; false means nothing was
// done and the caller parses sql as usual.
func (s *Session) queryCached(sql string, w ResultWriter) bool {
	if s.text == nil {
		// Allocated at the first query: an idle connection does without.
		s.text = new(textCache)
	}
	c := s.text
	if !c.norm.normalize(s.db, sql) {
		return false
	}
	st, seen := c.entries[string(c.norm.key)] // no allocation: the compiler keys by the bytes
	if !seen {
		st = s.buildTextStmt(string(c.norm.key[len(s.db)+1:]), len(c.norm.args))
		if c.entries == nil || len(c.entries) >= maxTextStmts {
			c.entries = make(map[string]*PreparedStmt, 8)
		}
		c.entries[string(c.norm.key)] = st
	}
	if st == nil {
		return false
	}
	if err := s.checkPrepared(st); err != nil {
		s.clearDiagnostics()
		s.fail(w, err)
		return true
	}
	s.runPrepared(st, c.norm.args, w)
	return true
}

// buildTextStmt parses a normalized text with numArgs markers into a
// statement the cache can reuse, or returns nil.
func (s *Session) buildTextStmt(sql string, numArgs int) *PreparedStmt {
	stmt, n, err := s.parseOne(sql)
	if err != nil || n != numArgs {
		return nil // a marker where the grammar wants a constant: keep parsing the original
	}
	// Its table privileges are checked before each run (planning below
	// may rewrite stmt, so they are read first).
	st := &PreparedStmt{sql: sql, numParams: n, needs: s.preparedNeeds(stmt)}
	switch x := stmt.(type) {
	case *ast.SelectStmt:
		st.cache = s.buildCachedSelect(x, n)
		if st.cache == nil {
			return nil
		}
	default:
		if !reusableDML(stmt) {
			return nil
		}
		st.dml = stmt // checked by its first run (runPrepared)
	}
	return st
}

// reusableDML reports statements whose parse may serve several runs if a
// run leaves it as it was: data changes without subqueries (planning
// rewrites those in place) and without a SELECT source, and the
// transaction statements (a read/write transaction is a BEGIN and a COMMIT
// around every few statements; parsing them was 1.6 % of sysbench
// read_write's server CPU).
func reusableDML(stmt ast.StmtNode) bool {
	switch x := stmt.(type) {
	case *ast.BeginStmt, *ast.CommitStmt, *ast.RollbackStmt:
		return true
	case *ast.InsertStmt:
		if x.Select != nil {
			return false
		}
	case *ast.UpdateStmt, *ast.DeleteStmt:
	default:
		return false
	}
	return !plan.HasSubquery(stmt)
}
