package exec

import (
	"github.com/loopdb/loopdb/exec/expr"
	"github.com/loopdb/loopdb/exec/table"
	"github.com/loopdb/loopdb/mysqldef"
	"github.com/loopdb/loopdb/storage"
	"github.com/pingcap/tidb/pkg/parser/ast"
)

// DDL errors for indexes and columns (mysqld_error.h).

// CREATE [UNIQUE] INDEX is ALTER TABLE ... ADD INDEX under another name.
func (s *Session) execCreateIndex(st *ast.CreateIndexStmt, w ResultWriter, more bool) error {
	k := &ast.Constraint{Tp: ast.ConstraintIndex, Name: st.IndexName, Keys: st.IndexPartSpecifications}
	switch st.KeyType {
	case ast.IndexKeyTypeUnique:
		k.Tp = ast.ConstraintUniq
	case ast.IndexKeyTypeFulltext:
		return expr.Unsupported("FULLTEXT indexes")
	case ast.IndexKeyTypeSpatial:
		return expr.Unsupported("SPATIAL indexes")
	case ast.IndexKeyTypeNone:
	default:
		return expr.Unsupported("this kind of index")
	}
	return s.alterTable(st.Table, w, more, func(p *alterPlan) error {
		if st.IfNotExists && p.next.Index(st.IndexName) != nil {
			s.addDiag("Note", mysqldef.ErrDupKeyName, "Duplicate key name '"+st.IndexName+"'")
			return nil
		}
		return p.addKey(k)
	})
}

func (s *Session) execDropIndex(st *ast.DropIndexStmt, w ResultWriter, more bool) error {
	return s.alterTable(st.Table, w, more, func(p *alterPlan) error {
		if st.IfExists && p.next.Index(st.IndexName) == nil {
			s.addDiag("Note", mysqldef.ErrCantDropFieldOrKey, "Can't DROP '"+st.IndexName+"'; check that column/key exists")
			return nil
		}
		return p.dropIndex(st.IndexName)
	})
}

// addKey adds an index (UNIQUE or not) to the new descriptor and schedules
// it to be built from the existing rows.
func (p *alterPlan) addKey(k *ast.Constraint) error {
	if k.Tp == ast.ConstraintPrimaryKey {
		return expr.Unsupported("ALTER TABLE ... ADD PRIMARY KEY")
	}
	n := len(p.next.Indexes)
	if err := p.s.addKey(p.next, k); err != nil {
		return err
	}
	if len(p.next.Indexes) > n {
		p.build = append(p.build, p.next.Indexes[n])
	}
	return nil
}

// dropIndex removes an index; its entries are deleted in the transaction that
// publishes the new descriptor.
func (p *alterPlan) dropIndex(name string) error {
	if name == "PRIMARY" || name == "primary" {
		return expr.Unsupported("ALTER TABLE ... DROP PRIMARY KEY")
	}
	for i, ix := range p.next.Indexes {
		if equalFoldASCII(ix.Name, name) {
			if err := p.checkIndexNotNeededByFK(ix); err != nil {
				return err
			}
			p.next.Indexes = append(p.next.Indexes[:i:i], p.next.Indexes[i+1:]...)
			p.forgetIndex(ix)
			return nil
		}
	}
	return mysqldef.NewError(mysqldef.ErrCantDropFieldOrKey, "Can't DROP '%s'; check that column/key exists", name)
}

// forgetIndex records that ix is gone from the new descriptor: an index
// added by this same statement is simply not built; an existing one has
// its entries deleted.
func (p *alterPlan) forgetIndex(ix *table.Index) {
	for i, b := range p.build {
		if b == ix {
			p.build = append(p.build[:i:i], p.build[i+1:]...)
			return
		}
	}
	if old := p.old.IndexByID(ix.ID); old != nil {
		p.drop = append(p.drop, old)
	}
}

func equalFoldASCII(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := 0; i < len(a); i++ {
		x, y := a[i], b[i]
		if 'A' <= x && x <= 'Z' {
			x += 'a' - 'A'
		}
		if 'A' <= y && y <= 'Z' {
			y += 'a' - 'A'
		}
		if x != y {
			return false
		}
	}
	return true
}

// indexBuilder writes the entries of new indexes for rows of the new
// descriptor into the transaction that publishes it, refusing duplicates in
// UNIQUE indexes. A transaction reads its own writes, so a Get sees entries
// written earlier in the same build.
type indexBuilder struct {
	t   *table.Table
	tx  storage.Txn
	ixs []*table.Index
}

func (ib *indexBuilder) add(rowKey []byte, row []expr.Value) error {
	suffix := rowKey[len(ib.t.RowPrefix()):]
	for _, ix := range ib.ixs {
		key, unique := ib.t.IndexEntry(ix, row, suffix)
		if unique {
			if _, err := ib.tx.Get(key); err == nil {
				return mysqldef.NewError(mysqldef.ErrDupEntry, "Duplicate entry '%s' for key '%s.%s'",
					table.EntryText(row, ix.Offsets(), ix.Prefix), ib.t.Name, ix.Name)
			} else if err != storage.ErrNotFound {
				return err
			}
		}
		if err := ib.tx.Set(key, suffix); err != nil {
			return err
		}
	}
	return nil
}
