package expr

import (
	"encoding/binary"
	"testing"

	"github.com/loopdb/loopdb/mysqldef"
)

// UNCOMPRESS reads what COMPRESS wrote, and answers NULL with a warning
// (never a panic or an outsized allocation) for anything else: a short
// value, a stream that is not zlib, a length header that lies either way.
func TestUncompressRejectsDamagedValues(t *testing.T) {
	ctx := &EvalCtx{}
	compress := func(s string) string {
		v, err := builtinCall(t, "compress", StringValue(s))
		if err != nil {
			t.Fatal(err)
		}
		return v.Str()
	}
	good := compress("hello hello hello")
	if v, _ := uncompressFn(ctx, []Value{BytesValue([]byte(good))}); v.Str() != "hello hello hello" {
		t.Fatalf("round trip: %q", v.Str())
	}
	lie := func(n uint32) string {
		b := []byte(good)
		binary.LittleEndian.PutUint32(b, n)
		return string(b)
	}
	for _, bad := range []string{"abc", "abcd", "\x05\x00\x00\x00not zlib", lie(3), lie(100), lie(0x3FFFFFFF), good[:len(good)-3]} {
		v, err := uncompressFn(ctx, []Value{BytesValue([]byte(bad))})
		if err != nil || !v.IsNull() {
			t.Errorf("%q: %v %v, want NULL", bad, v, err)
		}
	}
	if v, err := builtinCall(t, "random_bytes", IntValue(0)); err == nil {
		t.Fatalf("RANDOM_BYTES(0) = %v", v)
	} else if e, ok := err.(*mysqldef.SQLError); !ok || e.Code != mysqldef.ErrDataOutOfRange {
		t.Fatal(err)
	}
}

// builtinCall evaluates a registered function over constant arguments.
func builtinCall(t *testing.T, name string, args ...Value) (Value, error) {
	t.Helper()
	spec, ok := builtins[name]
	if !ok {
		t.Fatalf("no function %s", name)
	}
	consts := make([]Expr, len(args))
	for i, a := range args {
		consts[i] = &constExpr{v: a, typ: stringType(64, true)}
	}
	e, err := spec.build(nil, nil, consts)
	if err != nil {
		t.Fatal(err)
	}
	return e.Eval(&EvalCtx{}, nil)
}

// FuzzUncompress: UNCOMPRESS of any bytes answers a value or NULL, never
// a panic, and never more bytes than its header promised.
func FuzzUncompress(f *testing.F) {
	f.Add([]byte("\x03\x00\x00\x00x\x9cKLJ\x06\x00\x02M\x01'"))
	f.Add([]byte("\xff\xff\xff\x3f"))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, data []byte) {
		v, err := uncompressFn(&EvalCtx{}, []Value{BytesValue(data)})
		if err != nil {
			t.Fatal(err)
		}
		if !v.IsNull() && len(data) >= 4 && len(v.Str()) != int(binary.LittleEndian.Uint32(data)&0x3FFFFFFF) {
			t.Fatalf("%d bytes out, header says %d", len(v.Str()), binary.LittleEndian.Uint32(data)&0x3FFFFFFF)
		}
	})
}
