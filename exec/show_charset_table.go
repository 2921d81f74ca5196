package exec

import (
	"strings"

	"github.com/loopdb/loopdb/exec/expr"
	"github.com/loopdb/loopdb/exec/table"
	"github.com/pingcap/tidb/pkg/parser/ast"
)

// How SHOW CREATE TABLE names a table's and its columns' character sets,
// by MySQL 8's rules: a column shows CHARACTER SET when its charset is not
// the table's, and COLLATE when its collation is not its charset's default
// (or is utf8mb4_0900_ai_ci in a table whose default is another). The
// table shows COLLATE= only for a non-default collation, and always for
// utf8mb4_0900_ai_ci.

// tableCollationName is the table's default collation.
func tableCollationName(t *table.Table) string {
	if t.Collation == "" {
		return defaultCollation
	}
	return t.Collation
}

func tableCharsetText(t *table.Table) string {
	coll := tableCollationName(t)
	cs := expr.CharsetOfCollation(coll)
	out := " DEFAULT CHARSET=" + cs.Name()
	if coll != cs.DefaultCollation() || coll == defaultCollation {
		out += " COLLATE=" + coll
	}
	return out
}

func columnCharsetText(t *table.Table, c *table.TableColumn) string {
	if !c.Type.IsText() || c.Type.Collation == "" {
		return ""
	}
	tcoll := tableCollationName(t)
	cs, tcs := c.Type.Charset(), expr.CharsetOfCollation(tcoll)
	var b strings.Builder
	if cs != tcs {
		b.WriteString(" CHARACTER SET " + cs.Name())
	}
	if c.Type.Collation != cs.DefaultCollation() && c.Type.Collation != tcoll ||
		c.Type.Collation == defaultCollation && tcoll != defaultCollation {
		b.WriteString(" COLLATE " + c.Type.Collation)
	}
	return b.String()
}

// databaseCollation reads CREATE DATABASE's CHARACTER SET and COLLATE into
// the database's default collation ("" for utf8mb4_0900_ai_ci), which its
// new tables take.
func databaseCollation(opts []*ast.DatabaseOption) (string, error) {
	cs, coll, given := "", "", false
	for _, o := range opts {
		switch o.Tp {
		case ast.DatabaseOptionCharset:
			cs, given = o.Value, true
		case ast.DatabaseOptionCollate:
			coll, given = o.Value, true
		}
	}
	if !given || strings.EqualFold(cs, "binary") {
		return "", nil
	}
	c, err := expr.ResolveCollation(cs, coll)
	if err != nil || c == defaultCollation {
		return "", err
	}
	return c, nil
}

// dbCollationName is database db's default collation.
func (s *Session) dbCollationName(db string) string {
	if c := s.eng.catalog.DatabaseCollation(db); c != "" {
		return c
	}
	return defaultCollation
}

// createDatabaseText is SHOW CREATE DATABASE's statement.
func (s *Session) createDatabaseText(db string, ifNotExists bool) string {
	coll := s.dbCollationName(db)
	out := "CREATE DATABASE "
	if ifNotExists {
		out += "/*!32312 IF NOT EXISTS*/ "
	}
	out += "`" + db + "` /*!40100 DEFAULT CHARACTER SET " + expr.CharsetOfCollation(coll).Name()
	if cs := expr.CharsetOfCollation(coll); coll != cs.DefaultCollation() || coll == defaultCollation {
		out += " COLLATE " + coll
	}
	return out + " */ /*!80016 DEFAULT ENCRYPTION='N' */"
}
