package exec

import (
	"strings"

	"github.com/loopdb/loopdb/exec/expr"
	"github.com/loopdb/loopdb/exec/table"
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
