package codec

import (
	"encoding/binary"

	"github.com/loopdb/loopdb/mysqldef"
)

// Prepared statements (the binary protocol's command side):
//
//	COM_STMT_PREPARE       0x16 query         -> StmtPrepareOK, param defs, column defs
//	COM_STMT_EXECUTE       0x17 see ParseStmtExecute -> result set of binary rows, or OK/ERR
//	COM_STMT_SEND_LONG_DATA 0x18 see ParseStmtSendLongData -> no reply
//	COM_STMT_CLOSE         0x19 stmt id int<4> -> no reply
//	COM_STMT_RESET         0x1a stmt id int<4> -> OK/ERR
//	COM_STMT_FETCH         0x1c see ParseStmtFetch -> binary rows, then EOF
//
// As with the other command parsers in this package, every Parse function
// here takes the payload after the command byte.

// Cursor flags: the flags byte of COM_STMT_EXECUTE.
const (
	CursorTypeNoCursor   byte = 0x00
	CursorTypeReadOnly   byte = 0x01
	CursorTypeForUpdate  byte = 0x02
	CursorTypeScrollable byte = 0x04
)

// paramUnsignedFlag marks an unsigned parameter in the type list of
// COM_STMT_EXECUTE (the high bit of the second byte of each type).
const paramUnsignedFlag byte = 0x80

// AppendStmtPrepareOK appends COM_STMT_PREPARE_OK, the first packet of a
// successful COM_STMT_PREPARE reply:
//
//	int<1>  0x00 status
//	int<4>  statement id
//	int<2>  number of columns in the result set (0 if none)
//	int<2>  number of parameters
//	int<1>  0x00 filler
//	int<2>  warning count
//
// It is followed by numParams parameter definitions (AppendParamDef) and,
// if numParams > 0, an EOF unless CLIENT_DEPRECATE_EOF; then numColumns
// column definitions and, if numColumns > 0, an EOF unless
// CLIENT_DEPRECATE_EOF. (The optional metadata_follows byte exists only
// with CLIENT_OPTIONAL_RESULTSET_METADATA, which loopdb does not advertise.)
// Counts above 65535 are truncated: the caller must refuse such statements.
func AppendStmtPrepareOK(dst []byte, stmtID uint32, numColumns, numParams int, warnings uint16) []byte {
	dst = append(dst, HeaderOK)
	dst = binary.LittleEndian.AppendUint32(dst, stmtID)
	dst = binary.LittleEndian.AppendUint16(dst, uint16(numColumns))
	dst = binary.LittleEndian.AppendUint16(dst, uint16(numParams))
	dst = append(dst, 0)
	return binary.LittleEndian.AppendUint16(dst, warnings)
}

// ParamDef is the column definition MySQL sends for a parameter whose type
// it does not infer: name "?", VAR_STRING, binary collation, length 0.
var ParamDef = ColumnDef{Name: "?", Type: mysqldef.TypeVarString, Collation: mysqldef.CollationBinary, Flags: mysqldef.FlagBinary}

// AppendParamDef appends one parameter definition of a COM_STMT_PREPARE
// reply (see ParamDef):
//
//	03 "def" 00 00 00 01 "?" 00   catalog, schema, table, org_table, name, org_name
//	0c 3f 00 00 00 00 00 fd 80 00 00 00 00
//	   collation 63, length 0, VAR_STRING, flags BINARY, decimals 0, filler
func AppendParamDef(dst []byte) []byte {
	return AppendColumnDef(dst, &ParamDef)
}

// ParseStmtID reads the statement id that starts the payload of
// COM_STMT_CLOSE and COM_STMT_RESET (and also COM_STMT_EXECUTE,
// COM_STMT_SEND_LONG_DATA and COM_STMT_FETCH, so a server can look the
// statement up before parsing the rest). Extra bytes are ignored, as MySQL
// does.
//
//	int<4>  statement id
func ParseStmtID(payload []byte) (uint32, error) {
	if len(payload) < 4 {
		return 0, ErrMalformed
	}
	return binary.LittleEndian.Uint32(payload), nil
}

// ParseStmtSendLongData decodes COM_STMT_SEND_LONG_DATA (payload after the
// command byte). data aliases payload; the caller copies it (it usually
// appends it to the parameter's accumulated value).
//
//	int<4>      statement id
//	int<2>      parameter index (0-based)
//	string<EOF> a chunk of the parameter's value
func ParseStmtSendLongData(payload []byte) (stmtID uint32, paramID uint16, data []byte, err error) {
	if len(payload) < 6 {
		return 0, 0, nil, ErrMalformed
	}
	return binary.LittleEndian.Uint32(payload), binary.LittleEndian.Uint16(payload[4:]), payload[6:], nil
}

// ParseStmtFetch decodes COM_STMT_FETCH (payload after the command byte).
// Extra bytes are ignored.
//
//	int<4>  statement id
//	int<4>  number of rows to fetch
func ParseStmtFetch(payload []byte) (stmtID, numRows uint32, err error) {
	if len(payload) < 8 {
		return 0, 0, ErrMalformed
	}
	return binary.LittleEndian.Uint32(payload), binary.LittleEndian.Uint32(payload[4:]), nil
}

// ParamType is a parameter's type as bound by the client; mysqldef owns
// it so the executor can keep a statement's bound types without codec.
type ParamType = mysqldef.ParamType

// StmtExecute is a decoded COM_STMT_EXECUTE.
type StmtExecute struct {
	StmtID uint32
	// Flags is the cursor type (CursorTypeNoCursor, CursorTypeReadOnly, ...).
	Flags byte
	// Iterations is always 1 in practice.
	Iterations uint32
	// NewParamsBound reports that the packet carried the parameter types;
	// when false, Types is the prevTypes passed to ParseStmtExecute.
	NewParamsBound bool
	// Types is one entry per parameter; the server keeps it for the next
	// execute of the same statement. It does not alias the payload.
	Types []ParamType
	// Params is one value per parameter.
	Params []BinaryParam
}

// ParseStmtExecute decodes COM_STMT_EXECUTE. payload is the packet after
// the 0x17 command byte (like the other command parsers); the caller gets
// the statement, and so numParams, from ParseStmtID(payload) first.
//
//	int<4>  statement id
//	int<1>  flags: cursor type
//	int<4>  iteration count (1)
//	if numParams > 0:
//	  byte<(numParams+7)/8>  NULL bitmap, bit i for parameter i (no offset)
//	  int<1>                 new_params_bound flag
//	  if new_params_bound:
//	    numParams × (int<1> type, int<1> flags: 0x80 unsigned)
//	  values of the parameters that are neither NULL nor long data, in
//	  order, in the binary value format of their type (see BinaryParam)
//
// When new_params_bound is 0 the types of the previous execute apply:
// prevTypes must then hold numParams entries, or the packet is malformed
// (MySQL rejects the first execute of a statement without types too). A
// non-zero flag byte counts as 1, as in MySQL.
//
// longData[i] reports that parameter i received COM_STMT_SEND_LONG_DATA
// since the last execute or reset: its value is not in this packet (even
// if its NULL bit is set; long data wins, as in MySQL) and the returned
// parameter has Long set and no value. longData may be nil or shorter than
// numParams (missing entries are false).
//
// Bytes values alias payload: the caller copies what it keeps after the
// packet buffer is reused. Bytes after the last value are ignored, as MySQL
// does. Anything else malformed returns ErrMalformed.
//
// Not implemented: with CLIENT_QUERY_ATTRIBUTES (which loopdb does not
// advertise) a lenenc parameter_count follows the iteration count when
// numParams > 0 or flags has PARAMETER_COUNT_AVAILABLE (0x08), the bitmap
// and types cover that count, and each type is followed by a lenenc
// parameter name; attributes beyond numParams are named query attributes.
func ParseStmtExecute(payload []byte, numParams int, prevTypes []ParamType, longData []bool) (*StmtExecute, error) {
	if len(payload) < 9 || numParams < 0 {
		return nil, ErrMalformed
	}
	e := &StmtExecute{
		StmtID:     binary.LittleEndian.Uint32(payload),
		Flags:      payload[4],
		Iterations: binary.LittleEndian.Uint32(payload[5:]),
	}
	if numParams == 0 {
		return e, nil
	}
	b := payload[9:]
	nb := (numParams + 7) / 8
	if len(b) < nb+1 {
		return nil, ErrMalformed
	}
	nulls := b[:nb]
	e.NewParamsBound = b[nb] != 0
	b = b[nb+1:]
	if e.NewParamsBound {
		if len(b)/2 < numParams {
			return nil, ErrMalformed
		}
		e.Types = make([]ParamType, numParams)
		for i := range e.Types {
			e.Types[i] = ParamType{Type: b[2*i], Unsigned: b[2*i+1]&paramUnsignedFlag != 0}
		}
		b = b[2*numParams:]
	} else {
		if len(prevTypes) != numParams {
			return nil, ErrMalformed
		}
		e.Types = prevTypes
	}
	e.Params = make([]BinaryParam, numParams)
	for i := range e.Params {
		p := &e.Params[i]
		p.Type = e.Types[i]
		switch {
		case i < len(longData) && longData[i]:
			p.Long = true
		case nulls[i/8]&(1<<(i%8)) != 0:
			p.Null = true
		default:
			n, err := readBinaryValue(b, p)
			if err != nil {
				return nil, err
			}
			b = b[n:]
		}
	}
	return e, nil
}

// AppendStmtExecute appends the COM_STMT_EXECUTE arguments described by e,
// the inverse of ParseStmtExecute (a client prepends ComStmtExecute). The
// parameter count is len(e.Params); the NULL bitmap comes from Params[i].Null,
// the types, sent when e.NewParamsBound, from e.Types (or Params[i].Type
// when e.Types is shorter), and parameters with Null or Long set get no
// value. It is for tests and tools: loopdb's server only decodes.
func AppendStmtExecute(dst []byte, e *StmtExecute) []byte {
	dst = binary.LittleEndian.AppendUint32(dst, e.StmtID)
	dst = append(dst, e.Flags)
	dst = binary.LittleEndian.AppendUint32(dst, e.Iterations)
	n := len(e.Params)
	if n == 0 {
		return dst
	}
	bitmap := len(dst)
	dst = append(dst, make([]byte, (n+7)/8)...)
	for i := range e.Params {
		if e.Params[i].Null && !e.Params[i].Long {
			dst[bitmap+i/8] |= 1 << (i % 8)
		}
	}
	if !e.NewParamsBound {
		dst = append(dst, 0)
	} else {
		dst = append(dst, 1)
		for i := range e.Params {
			t := e.Params[i].Type
			if i < len(e.Types) {
				t = e.Types[i]
			}
			flags := byte(0)
			if t.Unsigned {
				flags = paramUnsignedFlag
			}
			dst = append(dst, t.Type, flags)
		}
	}
	for i := range e.Params {
		dst = AppendBinaryValue(dst, &e.Params[i])
	}
	return dst
}
