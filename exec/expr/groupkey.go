package expr

// Byte strings that identify values for grouping and DISTINCT: equal keys
// mean equal values; unlike keycodec's, they need not sort in value order.

// GroupKey identifies a group: values compare as SQL does (text by
// collation), so 'a' and 'A' share a group.
func GroupKey(vals []Value) []byte {
	var b []byte
	for _, v := range vals {
		if v.k == KindString {
			b = append(b, 1)
			b = append(b, CollationKey(v.s)...)
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
		b = appendLenEncBytes(b, v.AppendText(nil))
	}
	return b
}

// appendLenEncBytes appends s with a length prefix in MySQL's
// length-encoded integer form, so that adjacent values cannot run together.
func appendLenEncBytes(b, s []byte) []byte {
	n := uint64(len(s))
	switch {
	case n < 251:
		b = append(b, byte(n))
	case n < 1<<16:
		b = append(b, 0xfc, byte(n), byte(n>>8))
	case n < 1<<24:
		b = append(b, 0xfd, byte(n), byte(n>>8), byte(n>>16))
	default:
		b = append(b, 0xfe, byte(n), byte(n>>8), byte(n>>16), byte(n>>24),
			byte(n>>32), byte(n>>40), byte(n>>48), byte(n>>56))
	}
	return append(b, s...)
}
