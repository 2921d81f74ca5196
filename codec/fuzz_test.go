package codec

import (
	"bytes"
	"testing"

	"github.com/loopdb/loopdb/mysqldef"
)

// Every decoder must return an error, never panic, on arbitrary input, and
// what it accepts must survive a re-encode where an encoder exists.

func FuzzParseHandshakeResponse(f *testing.F) {
	caps := ClientProtocol41 | ClientSecureConnection | ClientPluginAuth | ClientPluginAuthLenencClientData |
		ClientConnectWithDB | ClientConnectAttrs | ClientZstdCompressionAlgorithm
	seed := []byte{byte(caps), byte(caps >> 8), byte(caps >> 16), byte(caps >> 24), 0, 0, 0, 1, 45}
	seed = append(seed, make([]byte, 23)...)
	seed = append(seed, "root\x00\x02ab\x00db\x00caching_sha2_password\x00\x04\x01a\x01b\x03"...)
	f.Add(seed)
	f.Add(make([]byte, 32))
	f.Fuzz(func(t *testing.T, b []byte) {
		r, err := ParseHandshakeResponse(b)
		if err == nil && r == nil {
			t.Fatal("nil response without error")
		}
	})
}

func FuzzReadLenEnc(f *testing.F) {
	f.Add([]byte{0xfc, 1, 2})
	f.Add([]byte{0xfe, 1, 2, 3, 4, 5, 6, 7, 8, 9})
	f.Fuzz(func(t *testing.T, b []byte) {
		v, isNull, n, err := ReadLenEncInt(b)
		if err != nil {
			return
		}
		if n > len(b) {
			t.Fatalf("consumed %d of %d", n, len(b))
		}
		if !isNull && n == LenEncIntSize(v) && !bytes.Equal(AppendLenEncInt(nil, v), b[:n]) {
			t.Fatalf("re-encode of %d differs", v)
		}
		if s, _, m, err := ReadLenEncBytes(b); err == nil && (m > len(b) || len(s) > m) {
			t.Fatal("string past the end")
		}
	})
}

func FuzzSplitPackets(f *testing.F) {
	f.Add([]byte{1, 0, 0, 0, 0x0e})
	f.Add([]byte{0xff, 0xff, 0xff, 0, 1, 0, 0, 1, 2})
	f.Fuzz(func(t *testing.T, b []byte) {
		p, n, _, ok := SplitPackets(b)
		if ok && (n > len(b) || len(p) > n) {
			t.Fatal("reassembled beyond input")
		}
	})
}

func FuzzResponses(f *testing.F) {
	f.Add(AppendOK(nil, &OK{AffectedRows: 1, Status: 2, Info: "i"}))
	f.Add(AppendErr(nil, mysqldef.NewError(mysqldef.ErrParse, "x")))
	f.Add(AppendColumnDef(nil, &ColumnDef{Name: "a", Type: mysqldef.TypeLong}))
	f.Fuzz(func(t *testing.T, b []byte) {
		if ok, err := ParseOK(b); err == nil {
			back, err := ParseOK(AppendOK(nil, ok))
			if err != nil || *back != *ok {
				t.Fatalf("OK round trip: %+v %+v", ok, back)
			}
		}
		if e, err := ParseErr(b); err == nil && len(e.State) == 5 {
			back, err := ParseErr(AppendErr(nil, e))
			if err != nil || back.Code != e.Code || back.Message != e.Message && e.State == back.State {
				t.Fatalf("ERR round trip: %+v %+v", e, back)
			}
		}
		if c, err := ParseColumnDef(b); err == nil {
			back, err := ParseColumnDef(AppendColumnDef(nil, c))
			if err != nil || back.Name != c.Name || back.Type != c.Type {
				t.Fatal("column round trip")
			}
		}
		ParseTextRow(b, 3)
	})
}

func FuzzCommandArgs(f *testing.F) {
	f.Add([]byte("bob\x00\x02ab\x00db\x00\x2d\x00mysql_native_password\x00"), uint32(0xffffffff))
	f.Fuzz(func(t *testing.T, b []byte, caps uint32) {
		ParseChangeUser(b, caps)
		ParseFieldList(b)
		ParseUint32Arg(b)
		ParseSetOption(b)
	})
}
