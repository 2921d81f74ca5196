package myclient

import (
	"encoding/binary"
	"fmt"
)

// Prepared-statement commands (COM_STMT_*).
const (
	ComStmtPrepare = 0x16
	ComStmtExecute = 0x17
	ComStmtClose   = 0x19
)

// Binary-protocol parameter types the client sends (MYSQL_TYPE_*).
const (
	TypeLongLong  = 0x08
	TypeVarString = 0xfd
)

// Stmt is a server-side prepared statement as COM_STMT_PREPARE_OK described it.
type Stmt struct {
	ID         uint32
	NumParams  int
	NumColumns int
}

// Prepare sends COM_STMT_PREPARE and reads the answer: COM_STMT_PREPARE_OK, then the parameter
// definitions and the column definitions, each list followed by an EOF when not empty (the
// client does not ask for CLIENT_DEPRECATE_EOF). The server's ERR comes back as *Error.
func (c *Conn) Prepare(sql string) (*Stmt, error) {
	if err := c.Command(ComStmtPrepare, []byte(sql)); err != nil {
		return nil, err
	}
	p, err := c.ReadPacket()
	if err != nil {
		return nil, err
	}
	if len(p) > 0 && p[0] == 0xff {
		return nil, ParseErr(p)
	}
	d := NewDecoder(p)
	status := d.U8()
	st := &Stmt{ID: d.U32(), NumColumns: int(d.U16()), NumParams: int(d.U16())}
	if d.Err != nil || status != 0 {
		return nil, fmt.Errorf("bad COM_STMT_PREPARE_OK % x", p)
	}
	for _, n := range []int{st.NumParams, st.NumColumns} {
		if n == 0 {
			continue
		}
		for i := 0; i < n; i++ {
			if _, err := c.ReadPacket(); err != nil {
				return nil, err
			}
		}
		if p, err := c.ReadPacket(); err != nil {
			return nil, err
		} else if !IsEOFPacket(p) {
			return nil, fmt.Errorf("want EOF after definitions, got % x", p)
		}
	}
	return st, nil
}

// AppendExecute appends the payload of COM_STMT_EXECUTE (command byte included) for statement
// id with the given parameters, each an int64 (sent as LONGLONG) or a string (VAR_STRING): no
// cursor, one iteration, no NULLs, types sent every time. It allocates nothing when dst has room,
// so a load tool can build each request into one reused buffer.
func AppendExecute(dst []byte, id uint32, ints []int64, strs []string) []byte {
	dst = append(dst, ComStmtExecute)
	dst = binary.LittleEndian.AppendUint32(dst, id)
	dst = append(dst, 0)                           // flags: CURSOR_TYPE_NO_CURSOR
	dst = binary.LittleEndian.AppendUint32(dst, 1) // iteration count
	n := len(ints) + len(strs)
	if n == 0 {
		return dst
	}
	for i := 0; i < (n+7)/8; i++ {
		dst = append(dst, 0) // NULL bitmap: nothing is NULL
	}
	dst = append(dst, 1) // new-params-bound: the types follow
	for range ints {
		dst = append(dst, TypeLongLong, 0)
	}
	for range strs {
		dst = append(dst, TypeVarString, 0)
	}
	for _, v := range ints {
		dst = binary.LittleEndian.AppendUint64(dst, uint64(v))
	}
	for _, s := range strs {
		dst = appendLenenc(dst, uint64(len(s)))
		dst = append(dst, s...)
	}
	return dst
}

// appendLenenc appends a length-encoded integer.
func appendLenenc(dst []byte, v uint64) []byte {
	switch {
	case v < 251:
		return append(dst, byte(v))
	case v < 1<<16:
		return append(dst, 0xfc, byte(v), byte(v>>8))
	case v < 1<<24:
		return append(dst, 0xfd, byte(v), byte(v>>8), byte(v>>16))
	}
	return binary.LittleEndian.AppendUint64(append(dst, 0xfe), v)
}
