package codec

import "encoding/binary"

// ColumnDef is a Protocol::ColumnDefinition41.
type ColumnDef struct {
	Schema    string
	Table     string
	OrgTable  string
	Name      string
	OrgName   string
	Collation uint16
	Length    uint32
	Type      byte
	Flags     uint16
	Decimals  byte
	// Default is sent only in COM_FIELD_LIST replies (lenenc, NULL if nil).
	Default []byte
}

// AppendColumnDef appends a column definition:
//
//	lenenc "def", schema, table, org_table, name, org_name
//	lenenc 0x0c (length of the fixed fields)
//	int<2> collation, int<4> column length, int<1> type, int<2> flags,
//	int<1> decimals, int<2> filler
func AppendColumnDef(dst []byte, c *ColumnDef) []byte {
	dst = AppendLenEncString(dst, "def")
	dst = AppendLenEncString(dst, c.Schema)
	dst = AppendLenEncString(dst, c.Table)
	dst = AppendLenEncString(dst, c.OrgTable)
	dst = AppendLenEncString(dst, c.Name)
	dst = AppendLenEncString(dst, c.OrgName)
	dst = append(dst, 0x0c)
	dst = binary.LittleEndian.AppendUint16(dst, c.Collation)
	dst = binary.LittleEndian.AppendUint32(dst, c.Length)
	dst = append(dst, c.Type)
	dst = binary.LittleEndian.AppendUint16(dst, c.Flags)
	dst = append(dst, c.Decimals, 0, 0)
	return dst
}

// AppendFieldListColumnDef appends a column definition as COM_FIELD_LIST
// sends it: with the column's default value after the fixed fields.
func AppendFieldListColumnDef(dst []byte, c *ColumnDef) []byte {
	dst = AppendColumnDef(dst, c)
	if c.Default == nil {
		return append(dst, lenencNull)
	}
	return AppendLenEncBytes(dst, c.Default)
}

// ParseColumnDef decodes a column definition (without a trailing default).
func ParseColumnDef(payload []byte) (*ColumnDef, error) {
	var fields [6]string
	b := payload
	for i := range fields {
		s, _, n, err := ReadLenEncBytes(b)
		if err != nil {
			return nil, err
		}
		fields[i], b = string(s), b[n:]
	}
	if len(b) < 13 || b[0] != 0x0c {
		return nil, ErrMalformed
	}
	return &ColumnDef{
		Schema:    fields[1],
		Table:     fields[2],
		OrgTable:  fields[3],
		Name:      fields[4],
		OrgName:   fields[5],
		Collation: binary.LittleEndian.Uint16(b[1:]),
		Length:    binary.LittleEndian.Uint32(b[3:]),
		Type:      b[7],
		Flags:     binary.LittleEndian.Uint16(b[8:]),
		Decimals:  b[10],
	}, nil
}

// AppendColumnCount appends the first packet of a result set: the number of
// columns as a length-encoded integer.
func AppendColumnCount(dst []byte, n int) []byte {
	return AppendLenEncInt(dst, uint64(n))
}
