package codec

import (
	"bytes"
	"math"
	"testing"

	"github.com/loopdb/loopdb/mysqldef"
)

func TestStmtPrepareOK(t *testing.T) {
	want := unhex(t, `
		00           | OK status
		2a 00 00 00  | statement id 42
		03 00        | 3 columns
		02 00        | 2 parameters
		00           | filler
		01 00        | 1 warning`)
	if got := AppendStmtPrepareOK(nil, 42, 3, 2, 1); !bytes.Equal(got, want) {
		t.Fatalf("% x", got)
	}
}

func TestParamDef(t *testing.T) {
	want := unhex(t, `
		03 64 65 66   | catalog "def"
		00 00 00      | schema, table, org_table: empty
		01 3f         | name "?"
		00            | org_name
		0c            | fixed-length fields follow
		3f 00         | collation 63 (binary)
		00 00 00 00   | length 0
		fd            | VAR_STRING
		80 00         | BINARY
		00            | decimals
		00 00         | filler`)
	got := AppendParamDef([]byte{0xaa})
	if !bytes.Equal(got[1:], want) || got[0] != 0xaa {
		t.Fatalf("% x", got)
	}
	c, err := ParseColumnDef(got[1:])
	if err != nil || c.Name != "?" || c.Type != mysqldef.TypeVarString || c.Collation != mysqldef.CollationBinary {
		t.Fatalf("%+v %v", c, err)
	}
}

// execFixture is a COM_STMT_EXECUTE payload (after the 0x17 command byte)
// with what ParseStmtExecute must make of it.
type execFixture struct {
	name      string
	hex       string
	numParams int
	prevTypes []ParamType
	longData  []bool
	// lossy: the packet carries what ParseStmtExecute discards (a NULL
	// bit under long data), so it does not re-encode to the same bytes.
	lossy bool
	check func(t *testing.T, e *StmtExecute)
}

var execFixtures = []execFixture{
	{
		// Captured from go-sql-driver/mysql v1.10.1:
		// db.Exec("INSERT INTO t VALUES (?, ?, ?, ?, ?)",
		//     int64(42), "hello", nil, 3.5, time.Date(2026, 11, 21, 6, 2, 18, 0, time.UTC))
		// (it sends time.Time as a string).
		name: "go-sql-driver",
		hex: `
			01 00 00 00    | statement id 1
			00             | CURSOR_TYPE_NO_CURSOR
			01 00 00 00    | iteration count 1
			04             | NULL bitmap: parameter 2
			01             | new_params_bound
			08 00          | LONGLONG, signed
			fe 00          | STRING
			06 00          | NULL
			05 00          | DOUBLE
			fe 00          | STRING
			2a 00 00 00 00 00 00 00                   | 42
			05 68 65 6c 6c 6f                         | "hello"
			                                          | (parameter 2 is NULL: no value)
			00 00 00 00 00 00 0c 40                   | 3.5
			13 32 30 32 36 2d 31 31 2d 32 31 20
			   30 36 3a 30 32 3a 31 38                | "2026-11-21 06:02:18"`,
		numParams: 5,
		check: func(t *testing.T, e *StmtExecute) {
			p := e.Params
			if e.StmtID != 1 || e.Flags != CursorTypeNoCursor || e.Iterations != 1 || !e.NewParamsBound ||
				p[0].Int != 42 || p[0].Type != (ParamType{Type: mysqldef.TypeLongLong}) ||
				string(p[1].Bytes) != "hello" || p[1].Type.Type != mysqldef.TypeString ||
				!p[2].Null || p[2].Type.Type != mysqldef.TypeNull ||
				p[3].Float != 3.5 ||
				string(p[4].Bytes) != "2026-11-21 06:02:18" {
				t.Fatalf("%+v", e)
			}
			for i, q := range p {
				if q.Null != (i == 2) || q.Long {
					t.Fatalf("param %d: %+v", i, q)
				}
			}
		},
	},
	{
		// libmysqlclient style: MYSQL_BIND of temporal and narrow types.
		name: "binary temporal and numeric",
		hex: `
			07 00 00 00    | statement id 7
			01             | CURSOR_TYPE_READ_ONLY
			01 00 00 00    | iteration count 1
			00 10          | NULL bitmap: parameter 12
			01             | new_params_bound
			0c 00  0b 00  0a 00  01 80  02 00  03 00  04 00
			0d 00  09 80  f6 00  07 00  0b 00  fc 00
			| DATETIME TIME DATE TINY-unsigned SHORT LONG FLOAT
			| YEAR INT24-unsigned NEWDECIMAL TIMESTAMP TIME BLOB
			0b e9 07 0c 1f 17 3b 3b 3f 42 0f 00       | 2025-12-31 23:59:59.999999
			0c 01 01 00 00 00 02 03 04 40 e2 01 00    | -1 day 02:03:04.123456
			04 e8 07 02 1d                            | 2024-02-29
			ff                                        | 255
			fe ff                                     | -2
			fd ff ff ff                               | -3
			00 00 c0 3f                               | 1.5
			e8 07                                     | 2024
			9f 86 01 00                               | 99999
			04 31 2e 35 30                            | "1.50"
			00                                        | 0000-00-00 00:00:00
			08 00 00 00 00 00 0c 22 38                | 12:34:56
			                                          | (parameter 12 is NULL)`,
		numParams: 13,
		check: func(t *testing.T, e *StmtExecute) {
			p := e.Params
			if e.StmtID != 7 || e.Flags != CursorTypeReadOnly {
				t.Fatalf("%+v", e)
			}
			if p[0].Time != (BinaryTime{Year: 2025, Month: 12, Day: 31, Hour: 23, Minute: 59, Second: 59, Micro: 999999}) {
				t.Fatalf("datetime %+v", p[0].Time)
			}
			if p[1].Time != (BinaryTime{Neg: true, Days: 1, Hour: 2, Minute: 3, Second: 4, Micro: 123456}) {
				t.Fatalf("time %+v", p[1].Time)
			}
			if p[2].Time != (BinaryTime{Year: 2024, Month: 2, Day: 29}) {
				t.Fatalf("date %+v", p[2].Time)
			}
			if p[3].Uint != 255 || p[3].Int != 255 || !p[3].Type.Unsigned ||
				p[4].Int != -2 || p[5].Int != -3 || p[6].Float != 1.5 || p[7].Int != 2024 ||
				p[8].Uint != 99999 || string(p[9].Bytes) != "1.50" || p[10].Time != (BinaryTime{}) ||
				p[11].Time != (BinaryTime{Hour: 12, Minute: 34, Second: 56}) || !p[12].Null {
				t.Fatalf("%+v", p)
			}
		},
	},
	{
		// Second execute of a statement: types omitted, previous ones apply.
		name: "new_params_bound 0",
		hex: `
			01 00 00 00    | statement id 1
			00             | no cursor
			01 00 00 00    | iteration count 1
			00             | NULL bitmap: none
			00             | new_params_bound 0: no types follow
			2b 00 00 00 00 00 00 00  | 43 (LONGLONG from the previous execute)
			03 61 62 63              | "abc" (STRING)`,
		numParams: 2,
		prevTypes: []ParamType{{Type: mysqldef.TypeLongLong}, {Type: mysqldef.TypeString}},
		check: func(t *testing.T, e *StmtExecute) {
			if e.NewParamsBound || e.Params[0].Int != 43 || string(e.Params[1].Bytes) != "abc" ||
				len(e.Types) != 2 || e.Params[1].Type.Type != mysqldef.TypeString {
				t.Fatalf("%+v", e)
			}
		},
	},
	{
		// Captured from go-sql-driver/mysql with maxAllowedPacket=200:
		// db.Exec("INSERT INTO t VALUES (?, ?)", uint64(7), strings.Repeat("x", 70))
		// sent parameter 1 by COM_STMT_SEND_LONG_DATA first.
		name: "long data",
		hex: `
			01 00 00 00    | statement id 1
			00             | no cursor
			01 00 00 00    | iteration count 1
			00             | NULL bitmap: none
			01             | new_params_bound
			08 80          | LONGLONG, unsigned
			fe 00          | STRING
			07 00 00 00 00 00 00 00   | 7
			                          | (parameter 1 came as long data: no value)`,
		numParams: 2,
		longData:  []bool{false, true},
		check: func(t *testing.T, e *StmtExecute) {
			if e.Params[0].Uint != 7 || !e.Params[0].Type.Unsigned || !e.Params[1].Long ||
				e.Params[1].Null || e.Params[1].Bytes != nil {
				t.Fatalf("%+v", e)
			}
		},
	},
	{
		// Long data wins over a NULL bit, as in MySQL.
		name: "long data and NULL bit",
		hex: `
			02 00 00 00  00  01 00 00 00
			03           | NULL bitmap: parameters 0 and 1
			01           | new_params_bound
			fc 00  fc 00 | BLOB, BLOB
			             | parameter 0 long data, parameter 1 NULL: no values`,
		numParams: 2,
		longData:  []bool{true},
		lossy:     true,
		check: func(t *testing.T, e *StmtExecute) {
			if !e.Params[0].Long || e.Params[0].Null || !e.Params[1].Null || e.Params[1].Long {
				t.Fatalf("%+v", e)
			}
		},
	},
	{
		name: "no parameters",
		hex: `
			05 00 00 00  | statement id 5
			00           | no cursor
			01 00 00 00  | iteration count 1`,
		check: func(t *testing.T, e *StmtExecute) {
			if e.StmtID != 5 || e.Params != nil || e.Types != nil {
				t.Fatalf("%+v", e)
			}
		},
	},
}

func TestParseStmtExecute(t *testing.T) {
	for _, f := range execFixtures {
		t.Run(f.name, func(t *testing.T) {
			b := unhex(t, f.hex)
			if id, err := ParseStmtID(b); err != nil || id != uint32(b[0]) {
				t.Fatal("statement id", id, err)
			}
			e, err := ParseStmtExecute(b, f.numParams, f.prevTypes, f.longData)
			if err != nil {
				t.Fatal(err)
			}
			if len(e.Params) != f.numParams || len(e.Types) != f.numParams {
				t.Fatalf("%d params, %d types", len(e.Params), len(e.Types))
			}
			f.check(t, e)
			// Re-encoding gives the same bytes.
			if back := AppendStmtExecute(nil, e); !f.lossy && !bytes.Equal(back, b) {
				t.Fatalf("re-encoded\n% x\nwant\n% x", back, b)
			}
			// Extra bytes are ignored, as MySQL does.
			if _, err := ParseStmtExecute(append(b[:len(b):len(b)], 0xff, 0xff), f.numParams, f.prevTypes, f.longData); err != nil {
				t.Fatal("trailing bytes:", err)
			}
			// Every truncation is an error, not a panic.
			for n := range len(b) {
				if e, err := ParseStmtExecute(b[:n:n], f.numParams, f.prevTypes, f.longData); err != ErrMalformed {
					t.Fatalf("truncated to %d bytes: %+v %v", n, e, err)
				}
			}
		})
	}
}

func TestParseStmtExecuteBad(t *testing.T) {
	head := "01 00 00 00 00 01 00 00 00"
	cases := []struct {
		name      string
		hex       string
		numParams int
		prev      []ParamType
	}{
		{"negative param count", head, -1, nil},
		{"types not bound, none before", head + " 00 00 2a", 1, nil},
		{"types not bound, wrong count before", head + " 00 00 2a", 1, []ParamType{{}, {}}},
		{"type list short", head + " 00 01 08 00 fe", 2, nil},
		{"datetime length 5", head + " 00 01 0c 00 05 e8 07 01 01 00", 1, nil},
		{"time length 7", head + " 00 01 0b 00 07 00 00 00 00 00 01 02", 1, nil},
		{"string length 0xfb", head + " 00 01 fe 00 fb", 1, nil},
		{"string length 0xff", head + " 00 01 fe 00 ff 00", 1, nil},
		{"string past the end", head + " 00 01 fe 00 fc 10 00 61", 1, nil},
		{"bitmap missing", head, 9, nil},
	}
	for _, c := range cases {
		if e, err := ParseStmtExecute(unhex(t, c.hex), c.numParams, c.prev, nil); err != ErrMalformed {
			t.Errorf("%s: %+v %v", c.name, e, err)
		}
	}
	// A non-zero new_params_bound byte counts as 1.
	e, err := ParseStmtExecute(unhex(t, head+" 00 02 01 00 05"), 1, nil, nil)
	if err != nil || !e.NewParamsBound || e.Params[0].Int != 5 {
		t.Fatalf("%+v %v", e, err)
	}
}

func TestStmtSmallCommands(t *testing.T) {
	// COM_STMT_CLOSE and COM_STMT_RESET (after the 0x19 / 0x1a byte).
	b := unhex(t, "01 02 00 00 | statement id 513")
	if id, err := ParseStmtID(b); err != nil || id != 513 {
		t.Fatal(id, err)
	}
	for n := range len(b) {
		if _, err := ParseStmtID(b[:n]); err != ErrMalformed {
			t.Fatal("truncated id", n)
		}
	}

	// COM_STMT_FETCH (after 0x1c).
	b = unhex(t, `
		03 00 00 00   | statement id 3
		64 00 00 00   | 100 rows`)
	if id, rows, err := ParseStmtFetch(b); err != nil || id != 3 || rows != 100 {
		t.Fatal(id, rows, err)
	}
	for n := range len(b) {
		if _, _, err := ParseStmtFetch(b[:n]); err != ErrMalformed {
			t.Fatal("truncated fetch", n)
		}
	}

	// COM_STMT_SEND_LONG_DATA (after 0x18), captured from go-sql-driver
	// sending parameter 1 as 70 'x'.
	b = unhex(t, `
		01 00 00 00   | statement id 1
		01 00         | parameter 1`)
	b = append(b, bytes.Repeat([]byte{'x'}, 70)...) // | data, to the end of the packet
	id, param, data, err := ParseStmtSendLongData(b)
	if err != nil || id != 1 || param != 1 || !bytes.Equal(data, bytes.Repeat([]byte{'x'}, 70)) {
		t.Fatal(id, param, data, err)
	}
	if _, _, data, err := ParseStmtSendLongData(b[:6]); err != nil || len(data) != 0 {
		t.Fatal("empty chunk", err)
	}
	// The data runs to the end of the packet, so only a cut into the
	// fixed header is detectable.
	for n := range 6 {
		if _, _, _, err := ParseStmtSendLongData(b[:n]); err != ErrMalformed {
			t.Fatal("truncated long data", n)
		}
	}
}

func TestAppendStmtExecuteValues(t *testing.T) {
	e := &StmtExecute{StmtID: 9, Iterations: 1, NewParamsBound: true, Params: []BinaryParam{
		{Type: ParamType{Type: mysqldef.TypeLongLong, Unsigned: true}, Uint: math.MaxUint64},
		{Type: ParamType{Type: mysqldef.TypeTiny}, Int: -128},
		{Type: ParamType{Type: mysqldef.TypeDouble}, Float: math.Inf(-1)},
		{Type: ParamType{Type: mysqldef.TypeVarString}, Null: true},
		{Type: ParamType{Type: mysqldef.TypeBlob}, Long: true},
		{Type: ParamType{Type: mysqldef.TypeJSON}, Bytes: []byte(`{"a":1}`)},
		{Type: ParamType{Type: mysqldef.TypeTimestamp}, Time: BinaryTime{Year: 2000, Month: 1, Day: 2, Hour: 3}},
		{Type: ParamType{Type: mysqldef.TypeTime}, Time: BinaryTime{Neg: true, Hour: 838, Minute: 59, Second: 59}},
		{Type: ParamType{Type: mysqldef.TypeFloat}, Float: -0.5},
	}}
	b := AppendStmtExecute(nil, e)
	got, err := ParseStmtExecute(b, len(e.Params), nil, []bool{4: true})
	if err != nil {
		t.Fatal(err)
	}
	p := got.Params
	if p[0].Uint != math.MaxUint64 || p[1].Int != -128 || !math.IsInf(p[2].Float, -1) || !p[3].Null ||
		!p[4].Long || string(p[5].Bytes) != `{"a":1}` || p[6].Time != e.Params[6].Time ||
		p[7].Time != (BinaryTime{Neg: true, Days: 34, Hour: 22, Minute: 59, Second: 59}) || p[8].Float != -0.5 {
		t.Fatalf("%+v", p)
	}
	for i := range p {
		if p[i].Type != e.Params[i].Type {
			t.Fatalf("type %d: %+v", i, p[i].Type)
		}
	}
}
