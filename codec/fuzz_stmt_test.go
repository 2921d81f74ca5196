package codec

import (
	"bytes"
	"testing"

	"github.com/loopdb/loopdb/mysqldef"
)

// Prepared-statement decoders: no panic on any input, and what they accept
// re-encodes to a stable form (encode(decode(encode(decode(x)))) equals
// encode(decode(x)); not x itself, since decoding normalizes lengths of
// dates and times, the sign of a zero TIME and hours past 24).

// typesFromBytes turns pairs of (type, flags) bytes into parameter types.
func typesFromBytes(b []byte) []ParamType {
	if len(b) < 2 {
		return nil
	}
	ts := make([]ParamType, len(b)/2)
	for i := range ts {
		ts[i] = ParamType{Type: b[2*i], Unsigned: b[2*i+1]&0x80 != 0}
	}
	return ts
}

func typesToBytes(ts []ParamType) []byte {
	var b []byte
	for _, t := range ts {
		f := byte(0)
		if t.Unsigned {
			f = 0x80
		}
		b = append(b, t.Type, f)
	}
	return b
}

func bitsToBools(bits uint64, n int) []bool {
	if bits == 0 {
		return nil
	}
	bs := make([]bool, min(n, 64))
	for i := range bs {
		bs[i] = bits&(1<<i) != 0
	}
	return bs
}

func boolsToBits(bs []bool) uint64 {
	var bits uint64
	for i, b := range bs {
		if b && i < 64 {
			bits |= 1 << i
		}
	}
	return bits
}

func FuzzParseStmtExecute(f *testing.F) {
	for _, x := range execFixtures {
		f.Add(unhex(f, x.hex), uint8(x.numParams), typesToBytes(x.prevTypes), boolsToBits(x.longData))
	}
	f.Fuzz(func(t *testing.T, b []byte, numParams uint8, prev []byte, long uint64) {
		n := int(numParams)
		prevTypes := typesFromBytes(prev)
		longData := bitsToBools(long, n)
		e, err := ParseStmtExecute(b, n, prevTypes, longData)
		if err != nil {
			if err != ErrMalformed {
				t.Fatal("error is not ErrMalformed:", err)
			}
			return
		}
		if e == nil || len(e.Params) != n || len(e.Types) != n {
			t.Fatalf("%d params: %+v", n, e)
		}
		for i, p := range e.Params {
			if len(p.Bytes) > len(b) || p.Null && p.Long || p.Type != e.Types[i] {
				t.Fatalf("param %d: %+v", i, p)
			}
		}
		enc := AppendStmtExecute(nil, e)
		e2, err := ParseStmtExecute(enc, n, prevTypes, longData)
		if err != nil {
			t.Fatalf("re-encoded execute rejected: %v\n% x", err, enc)
		}
		if enc2 := AppendStmtExecute(nil, e2); !bytes.Equal(enc, enc2) {
			t.Fatalf("unstable re-encode\n% x\n% x", enc, enc2)
		}
	})
}

func FuzzParseStmtSendLongData(f *testing.F) {
	f.Add(append([]byte{1, 0, 0, 0, 1, 0}, "xxxx"...))
	f.Add([]byte{1, 0, 0, 0, 1})
	f.Fuzz(func(t *testing.T, b []byte) {
		id, param, data, err := ParseStmtSendLongData(b)
		if (err != nil) != (len(b) < 6) {
			t.Fatalf("len %d: %v", len(b), err)
		}
		if err != nil {
			return
		}
		if len(data) != len(b)-6 || int(param) != int(b[4])|int(b[5])<<8 {
			t.Fatalf("param %d, %d data bytes of %d", param, len(data), len(b))
		}
		if id2, err := ParseStmtID(b); err != nil || id2 != id {
			t.Fatal("statement id disagrees", id, id2, err)
		}
	})
}

func FuzzParseStmtFetch(f *testing.F) {
	f.Add([]byte{3, 0, 0, 0, 100, 0, 0, 0})
	f.Add([]byte{3, 0, 0})
	f.Fuzz(func(t *testing.T, b []byte) {
		id, rows, err := ParseStmtFetch(b)
		if (err != nil) != (len(b) < 8) {
			t.Fatalf("len %d: %v", len(b), err)
		}
		if err == nil {
			if id2, err := ParseStmtID(b); err != nil || id2 != id {
				t.Fatal("statement id disagrees", id, id2, err)
			}
			if rows != uint32(b[4])|uint32(b[5])<<8|uint32(b[6])<<16|uint32(b[7])<<24 {
				t.Fatal("row count", rows)
			}
		}
	})
}

// appendBinaryRow re-encodes decoded columns with the public writers.
func appendBinaryRow(dst []byte, vals []BinaryParam) []byte {
	dst, off := BeginBinaryRow(dst, len(vals))
	for i := range vals {
		if vals[i].Null {
			SetBinaryRowNull(dst, off, i)
			continue
		}
		dst = AppendBinaryValue(dst, &vals[i])
	}
	return dst
}

func FuzzParseBinaryRow(f *testing.F) {
	f.Add(unhex(f, binaryRowFixture), binaryRowTypes, uint64(0))
	row, _ := BeginBinaryRow(nil, 3)
	row = AppendBinaryInt8(row, -1)
	row = AppendBinaryTime(row, BinaryTime{Neg: true, Days: 1, Micro: 3})
	row = AppendBinaryInt32(row, -7)
	f.Add(row, []byte{mysqldef.TypeTiny, mysqldef.TypeTime, mysqldef.TypeInt24}, uint64(1))
	f.Fuzz(func(t *testing.T, b []byte, types []byte, unsignedBits uint64) {
		if len(types) > 200 {
			types = types[:200]
		}
		unsigned := bitsToBools(unsignedBits, len(types))
		vals, err := ParseBinaryRow(b, types, unsigned)
		if err != nil {
			if err != ErrMalformed {
				t.Fatal("error is not ErrMalformed:", err)
			}
			return
		}
		if len(vals) != len(types) {
			t.Fatalf("%d values for %d types", len(vals), len(types))
		}
		enc := appendBinaryRow(nil, vals)
		vals2, err := ParseBinaryRow(enc, types, unsigned)
		if err != nil {
			t.Fatalf("re-encoded row rejected: %v\n% x", err, enc)
		}
		if enc2 := appendBinaryRow(nil, vals2); !bytes.Equal(enc, enc2) {
			t.Fatalf("unstable re-encode\n% x\n% x", enc, enc2)
		}
	})
}
