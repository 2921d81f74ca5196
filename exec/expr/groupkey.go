package expr

import "encoding/binary"

// Byte strings that identify values for grouping and DISTINCT: equal keys
// mean equal values; unlike keycodec's, they need not sort in value order.

// GroupKey identifies a group: values compare as SQL does (text by
// collation), so 'a' and 'A' share a group.
func GroupKey(vals []Value) []byte {
	var b []byte
	for _, v := range vals {
		if v.k == KindString {
			b = append(b, 1)
			b = AppendCollationKey(b, v.s)
			b = append(b, 0)
			continue
		}
		b = append(b, rowKey([]Value{v})...)
	}
	return b
}

// rowKey is a byte string identifying a row's values for DISTINCT.
func rowKey(row []Value) []byte {
	var b []byte
	for _, v := range row {
		if v.IsNull() {
			b = append(b, 0)
			continue
		}
		b = append(b, 1)
		b = appendLenPrefixed(b, v.AppendText(nil))
	}
	return b
}

// BindingKey identifies values exactly, kind included and not by
// collation: a correlated subquery memoises its result per outer binding,
// and it may return the outer value itself.
func BindingKey(vals []Value) []byte {
	var b []byte
	for _, v := range vals {
		b = append(b, byte(v.k))
		if !v.IsNull() {
			b = appendLenPrefixed(b, v.AppendText(nil))
		}
	}
	return b
}

// appendLenPrefixed appends data after its length, so that keys built of
// several values cannot run into each other. The keys never leave the
// process, so any self-delimiting form does.
func appendLenPrefixed(b, data []byte) []byte {
	b = binary.AppendUvarint(b, uint64(len(data)))
	return append(b, data...)
}
