package exec

import (
	"strings"

	"github.com/loopdb/loopdb/exec/expr"
	"github.com/loopdb/loopdb/exec/table"
	"github.com/loopdb/loopdb/mysqldef"
	"github.com/pingcap/tidb/pkg/parser/ast"
)

// Key parts and their lengths. A key part may index only the first N
// characters (bytes for binary strings) of a string column: `KEY (c(10))`.
// The rules are MySQL 8's with InnoDB's DYNAMIC row format:
//   - BLOB/TEXT needs a length (1170);
//   - a length is only for string columns and may not exceed the column's
//     length (1089), except that a fixed-size column may name its own key
//     length (KEY (d(3)) on a DATE is KEY (d));
//   - a length equal to the whole column is no prefix at all (MySQL drops
//     it: SHOW CREATE TABLE prints the plain column);
//   - the key's bytes, each part at its charset's widest character, stay
//     within 3072 (1071).

// maxKeyBytes is InnoDB's key length limit for DYNAMIC/COMPRESSED rows.
const maxKeyBytes = 3072

// keyPart resolves one key part to its column's offset and its prefix
// length (0: the whole column).
func keyPart(t *table.Table, part *ast.IndexPartSpecification) (off int, prefix uint32, err error) {
	if part.Expr != nil {
		return 0, 0, expr.Unsupported("functional indexes")
	}
	off = t.FindColumn(part.Column.Name.O)
	if off < 0 {
		return 0, 0, mysqldef.NewError(mysqldef.ErrKeyColumnMissing, "Key column '%s' doesn't exist in table", part.Column.Name.O)
	}
	c := t.Columns[off]
	if c.Type.Tp == mysqldef.TypeJSON {
		return 0, 0, mysqldef.NewError(mysqldef.ErrJSONUsedAsKey, "JSON column '%s' supports indexing only via generated columns on a specified JSON path.", c.Name)
	}
	isBlob := c.Type.Tp == mysqldef.TypeBlob
	if part.Length <= 0 {
		if isBlob {
			return 0, 0, mysqldef.NewError(mysqldef.ErrBlobKeyNoLength, "BLOB/TEXT column '%s' used in key specification without a key length", c.Name)
		}
		return off, 0, nil
	}
	n := part.Length
	isString := c.Type.Tp == mysqldef.TypeString || c.Type.Tp == mysqldef.TypeVarchar || isBlob
	switch {
	case !isString && n == keyPartBytes(c.Type, 0):
		// MySQL accepts a length equal to a fixed-size type's key
		// length (DATE(3)... as d(3)): the whole column.
		return off, 0, nil
	case !isString, n > c.Type.Flen:
		return 0, 0, errWrongSubKey()
	case n == c.Type.Flen && !isBlob:
		return off, 0, nil // the whole column
	}
	return off, uint32(n), nil
}

func errWrongSubKey() error {
	return mysqldef.NewError(mysqldef.ErrWrongSubKey, "Incorrect prefix key; the used key part isn't a string, the used length is longer than the key part, or the storage engine doesn't support unique prefix keys")
}

// checkKeyLength refuses a key longer than maxKeyBytes.
func checkKeyLength(t *table.Table, offs []int, prefixes []uint32) error {
	total := 0
	for i, off := range offs {
		total += keyPartBytes(t.Columns[off].Type, prefixes[i])
	}
	if total > maxKeyBytes {
		return mysqldef.NewError(mysqldef.ErrTooLongKey, "Specified key was too long; max key length is %d bytes", maxKeyBytes)
	}
	return nil
}

// keyPartBytes is the most bytes one key part can take, as InnoDB counts
// it: a string's characters at the charset's widest, a fixed-size type's
// storage size.
func keyPartBytes(typ expr.SQLType, prefix uint32) int {
	switch typ.Tp {
	case mysqldef.TypeString, mysqldef.TypeVarchar, mysqldef.TypeBlob:
		n := typ.Flen
		if prefix > 0 {
			n = int(prefix)
		}
		if typ.Tp == mysqldef.TypeBlob && prefix == 0 {
			return 0 // not a key part (1170 came first)
		}
		return n * maxBytesPerChar(typ)
	case mysqldef.TypeTiny, mysqldef.TypeYear, mysqldef.TypeEnum:
		return 1
	case mysqldef.TypeShort:
		return 2
	case mysqldef.TypeInt24, mysqldef.TypeDate, mysqldef.TypeTime:
		return 3
	case mysqldef.TypeLong, mysqldef.TypeFloat, mysqldef.TypeTimestamp:
		return 4
	case mysqldef.TypeDatetime:
		return 5 + (typ.Decimal+1)/2
	case mysqldef.TypeNewDecimal:
		return typ.Flen/2 + 1
	case mysqldef.TypeBit:
		return (typ.Flen + 7) / 8
	}
	return 8
}

// maxBytesPerChar is the widest character of a string type's charset.
func maxBytesPerChar(typ expr.SQLType) int {
	if typ.Binary || !typ.IsText() {
		return 1
	}
	c := strings.ToLower(typ.Collation)
	switch {
	case strings.HasPrefix(c, "latin1"), strings.HasPrefix(c, "ascii"):
		return 1
	case strings.HasPrefix(c, "utf8mb3"), strings.HasPrefix(c, "utf8_"):
		return 3
	}
	return 4
}

// checkKeysOfColumn re-applies the key-part rules to every key using
// column id after MODIFY/CHANGE COLUMN gave it a new type: a TEXT/BLOB
// whole-column part is 1170, a prefix longer than the column 1089, a key
// grown past maxKeyBytes 1071.
func checkKeysOfColumn(t *table.Table, id uint32) error {
	check := func(ids, prefixes []uint32) error {
		uses := false
		offs := make([]int, len(ids))
		lens := make([]uint32, len(ids))
		for i, cid := range ids {
			offs[i] = t.FindColumnID(cid)
			if offs[i] < 0 {
				return nil // a column this statement drops: its keys are rebuilt there
			}
			if i < len(prefixes) {
				lens[i] = prefixes[i]
			}
			if cid != id {
				continue
			}
			uses = true
			c := t.Columns[offs[i]]
			switch {
			case c.Type.Tp == mysqldef.TypeBlob && lens[i] == 0:
				return mysqldef.NewError(mysqldef.ErrBlobKeyNoLength, "BLOB/TEXT column '%s' used in key specification without a key length", c.Name)
			case lens[i] > 0 && (!c.Type.IsString() || c.Type.Tp == mysqldef.TypeEnum || int(lens[i]) > c.Type.Flen):
				return errWrongSubKey()
			}
		}
		if !uses {
			return nil
		}
		return checkKeyLength(t, offs, lens)
	}
	if err := check(t.PrimaryKey, t.PKPrefix); err != nil {
		return err
	}
	for _, ix := range t.Indexes {
		if err := check(ix.Columns, ix.Prefix); err != nil {
			return err
		}
	}
	return nil
}
