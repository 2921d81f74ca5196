package myclient

import (
	"bufio"
	"bytes"
	"net"
	"testing"
)

func TestAppendExecuteLayout(t *testing.T) {
	got := AppendExecute(nil, 7, []int64{-2}, []string{"ab"})
	want := []byte{
		ComStmtExecute, 7, 0, 0, 0, // statement id
		0,          // no cursor
		1, 0, 0, 0, // one iteration
		0,               // NULL bitmap (2 params: one byte)
		1,               // types follow
		TypeLongLong, 0, // int64
		TypeVarString, 0, // string
		0xfe, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, // -2
		2, 'a', 'b',
	}
	if !bytes.Equal(got, want) {
		t.Errorf("AppendExecute = % x\nwant            % x", got, want)
	}
	if got := AppendExecute(nil, 1, nil, nil); len(got) != 10 {
		t.Errorf("no parameters: % x, want 10 bytes and no bitmap", got)
	}
	buf := make([]byte, 0, 64)
	if n := testing.AllocsPerRun(100, func() { buf = AppendExecute(buf[:0], 1, []int64{5}, nil) }); n != 0 {
		t.Errorf("AppendExecute allocates %v times into a buffer with room", n)
	}
}

func TestAppendLenenc(t *testing.T) {
	for v, want := range map[uint64][]byte{
		250:     {250},
		251:     {0xfc, 251, 0},
		1 << 16: {0xfd, 0, 0, 1},
		1 << 24: {0xfe, 0, 0, 0, 1, 0, 0, 0, 0},
	} {
		if got := appendLenenc(nil, v); !bytes.Equal(got, want) {
			t.Errorf("appendLenenc(%d) = % x, want % x", v, got, want)
		}
	}
}

// TestPrepareReadsDefinitions plays a server answering COM_STMT_PREPARE with one parameter and
// one column, each list followed by its EOF; a following ERR must come back as *Error.
func TestPrepareReadsDefinitions(t *testing.T) {
	client, server := net.Pipe()
	defer client.Close()
	go func() {
		defer server.Close()
		buf := make([]byte, 256)
		server.Read(buf) // COM_STMT_PREPARE
		var out []byte
		out = append(out, Frame(1, []byte{0, 9, 0, 0, 0, 1, 0, 1, 0, 0, 0, 0})...)
		out = append(out, Frame(2, []byte("param-def"))...)
		out = append(out, Frame(3, []byte{0xfe, 0, 0, 2, 0})...)
		out = append(out, Frame(4, []byte("column-def"))...)
		out = append(out, Frame(5, []byte{0xfe, 0, 0, 2, 0})...)
		server.Write(out)
		server.Read(buf)
		server.Write(Frame(1, append([]byte{0xff, 0x7a, 0x04, '#', '4', '2', 'S', '0', '2'}, "no table"...)))
	}()
	c := &Conn{nc: client, r: bufio.NewReader(client)}
	st, err := c.Prepare("SELECT c FROM t WHERE id=?")
	if err != nil {
		t.Fatal(err)
	}
	if st.ID != 9 || st.NumParams != 1 || st.NumColumns != 1 {
		t.Errorf("Prepare = %+v", st)
	}
	if _, err := c.Prepare("SELECT nope"); ErrCode(err) != 1146 {
		t.Errorf("Prepare of a bad statement: %v, want ERROR 1146", err)
	}
}
