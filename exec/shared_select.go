package exec

import (
	"sync"

	"github.com/loopdb/loopdb/exec/expr"
	"github.com/loopdb/loopdb/exec/plan"
	"github.com/pingcap/tidb/pkg/parser/ast"
)

// Parsed SELECTs shared by every session. A cached plan (prepared
// statements, the text cache) keeps the statement's parse tree for the
// life of the statement: re-planning the access path on each execution
// reads its WHERE and LIMIT. On a gateway with 15,000 connections that
// each prepare the same point select, those trees were 2.6 KB per
// connection (TiDB's parse tree and its `?` markers). A SELECT text whose
// cached plan was built without the planner changing the tree is kept
// here, and later sessions plan over the same tree; each session still
// has its own plan. Sharing relies on planning and running a cached plan
// only reading the tree, which BuildCachedSelect checks on every build
// (the tree's text before and after): a build that changed a shared tree
// drops it from here.

// maxSharedSelects bounds how many texts are kept; past it a statement
// keeps its own parse, as before.
const maxSharedSelects = 4096

type sharedSelects struct {
	mu sync.Mutex
	m  map[string]*ast.SelectStmt // by statement text
}

func (sh *sharedSelects) get(sql string) *ast.SelectStmt {
	sh.mu.Lock()
	defer sh.mu.Unlock()
	return sh.m[sql]
}

func (sh *sharedSelects) put(sql string, sel *ast.SelectStmt) {
	sh.mu.Lock()
	defer sh.mu.Unlock()
	if sh.m == nil {
		sh.m = make(map[string]*ast.SelectStmt)
	}
	if _, ok := sh.m[sql]; !ok && len(sh.m) < maxSharedSelects {
		sh.m[sql] = sel
	}
}

func (sh *sharedSelects) drop(sql string, sel *ast.SelectStmt) {
	sh.mu.Lock()
	defer sh.mu.Unlock()
	if sh.m[sql] == sel {
		delete(sh.m, sql)
	}
}

// cachedSelectFor builds a cached plan for the SELECT text sql (with
// numParams markers) over the shared parse when there is one, else over
// its own parse (parsed, if the caller has one nothing has planned yet),
// which it then shares. nil: the statement cannot be cached.
func (s *Session) cachedSelectFor(sql string, numParams int, parsed *ast.SelectStmt) *plan.CachedSelect {
	build := func(sel *ast.SelectStmt) *plan.CachedSelect {
		s.prepareEvalCtx(make([]expr.Value, numParams))
		defer s.endStmtContext()
		return s.buildCachedSelect(sel)
	}
	if sel := s.eng.selects.get(sql); sel != nil {
		if c := build(sel); c != nil {
			return c
		}
		// Not cacheable here (a temporary table shadows a table, ...), or
		// planning changed the tree: no one plans over it any more.
		s.eng.selects.drop(sql, sel)
	}
	sel := parsed
	if sel == nil {
		stmt, _, err := s.parseOne(sql)
		if err != nil {
			return nil
		}
		var ok bool
		if sel, ok = stmt.(*ast.SelectStmt); !ok {
			return nil
		}
	}
	c := build(sel)
	if c != nil {
		s.eng.selects.put(sql, sel)
	}
	return c
}
