package expr

import "encoding/binary"

// Byte strings that identify values for grouping and DISTINCT: equal keys
// mean equal values; unlike keycodec's, they need not sort in value order.

// GroupKey identifies a group: values compare as SQL does (text by
// collation), so 'a' and 'A' share a group.
func GroupKey(vals []Value) []byte { return AppendGroupKey(nil, vals) }

// AppendGroupKey appends vals' GroupKey to dst. Callers that test many rows
// against a set reuse one buffer and look up string(key), which Go does
// without copying; only a new entry's key is then allocated.
func AppendGroupKey(dst []byte, vals []Value) []byte {
	return AppendGroupKeyWeights(dst, vals, nil)
}

// AppendGroupKeyWeights is AppendGroupKey for a caller that already holds
// some text values' collation keys: weights[i], when weights is long enough
// and weights[i] is a byte string, is vals[i]'s collation key
// (AppendCollationKey of its text) and is copied instead of computed again.
// A sort followed by DISTINCT computed them for the sort already; the key
// built is byte for byte the one AppendGroupKey builds.
func AppendGroupKeyWeights(dst []byte, vals, weights []Value) []byte {
	for i, v := range vals {
		switch {
		case v.IsNull():
			dst = append(dst, 0)
		default:
			tag := byte(1)
			if v.k == KindString {
				tag = 2 // a collation key never passes for another kind's text
			}
			dst = append(dst, tag)
			// The collation key or the text form after its length; built in
			// place (a placeholder length byte, widened afterwards in the
			// rare case it needs more). Collation keys hold zero bytes, so
			// only a length delimits them.
			at := len(dst)
			dst = append(dst, 0)
			switch {
			case v.k == KindString && i < len(weights) && weights[i].k == KindBytes:
				dst = append(dst, weights[i].s...)
			case v.k == KindString:
				dst = AppendCollationKey(dst, v.s)
			default:
				dst = v.AppendText(dst)
			}
			n := len(dst) - at - 1
			if n < 0x80 {
				dst[at] = byte(n)
			} else {
				// Widen the length in place: shift the data right by the
				// extra length bytes (a 120-character sysbench value has a
				// 240-byte key: this path runs for every such row).
				var lb [binary.MaxVarintLen64]byte
				w := binary.PutUvarint(lb[:], uint64(n))
				dst = append(dst, lb[:w-1]...)
				copy(dst[at+w:], dst[at+1:at+1+n])
				copy(dst[at:], lb[:w])
			}
		}
	}
	return dst
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
