package exec

import (
	"bytes"
	"math"
	"testing"

	"github.com/loopdb/loopdb/exec/expr"
	"github.com/loopdb/loopdb/mysqldef"
	"github.com/loopdb/loopdb/storage"
)

// expr restates storage's key primitives because it may not import
// storage; index keys from both share one keyspace, so the bytes must agree.
func TestKeyEncodingMatchesStorage(t *testing.T) {
	binary := expr.SQLType{Tp: mysqldef.TypeVarchar, Binary: true}
	for _, s := range []string{"", "a", "a\x00b", "\x00", "\x00\x00\xff", "abc\x01"} {
		want := storage.AppendString([]byte{expr.KeyValueTag}, s)
		if got := expr.AppendKeyValue(nil, expr.BinaryStringValue(s), binary); !bytes.Equal(got, want) {
			t.Errorf("bytes %q: key %x, storage %x", s, got, want)
		}
	}
	for _, i := range []int64{math.MinInt64, -1, 0, 1, math.MaxInt64} {
		want := storage.AppendInt64([]byte{expr.KeyValueTag}, i)
		if got := expr.AppendKeyValue(nil, expr.IntValue(i), expr.SQLType{Tp: mysqldef.TypeLongLong}); !bytes.Equal(got, want) {
			t.Errorf("int %d: key %x, storage %x", i, got, want)
		}
	}
	for _, u := range []uint64{0, 1, math.MaxUint64} {
		want := storage.AppendUint64([]byte{expr.KeyValueTag}, u)
		if got := expr.AppendKeyValue(nil, expr.UintValue(u), expr.SQLType{Tp: mysqldef.TypeLongLong, Unsigned: true}); !bytes.Equal(got, want) {
			t.Errorf("uint %d: key %x, storage %x", u, got, want)
		}
	}
}
