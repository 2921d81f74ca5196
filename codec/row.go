package codec

// Text result rows are a sequence of length-encoded strings, one per column,
// with 0xfb standing for NULL.

// AppendNullValue appends a NULL column value to a text row.
func AppendNullValue(dst []byte) []byte {
	return append(dst, lenencNull)
}

// AppendTextValue appends one non-NULL column value to a text row.
func AppendTextValue(dst []byte, v []byte) []byte {
	return AppendLenEncBytes(dst, v)
}

// AppendTextString is AppendTextValue for a string.
func AppendTextString(dst []byte, v string) []byte {
	return AppendLenEncString(dst, v)
}

// ReserveTextValue lets an encoder format a value in place: it reserves the
// largest length prefix the value may need (maxLen bytes of text), the
// caller appends the text, then FinishTextValue writes the real length and
// closes any gap. This avoids formatting numbers into a scratch buffer.
func ReserveTextValue(dst []byte) (buf []byte, mark int) {
	return append(dst, 0), len(dst)
}

// FinishTextValue completes a value started with ReserveTextValue.
func FinishTextValue(buf []byte, mark int) []byte {
	n := len(buf) - mark - 1
	if n < 0xfb {
		buf[mark] = byte(n)
		return buf
	}
	// Long value: make room for a wider prefix and shift the text.
	extra := LenEncIntSize(uint64(n)) - 1
	buf = append(buf, make([]byte, extra)...)
	copy(buf[mark+1+extra:], buf[mark+1:mark+1+n])
	prefix := AppendLenEncInt(make([]byte, 0, 9), uint64(n))
	copy(buf[mark:], prefix)
	return buf
}

// ParseTextRow splits a text row into n column values (nil for NULL). The
// values alias payload.
func ParseTextRow(payload []byte, n int) ([][]byte, error) {
	vals := make([][]byte, n)
	b := payload
	for i := range vals {
		v, isNull, m, err := ReadLenEncBytes(b)
		if err != nil {
			return nil, err
		}
		if !isNull {
			vals[i] = v
			if vals[i] == nil {
				vals[i] = []byte{}
			}
		}
		b = b[m:]
	}
	if len(b) != 0 {
		return nil, ErrMalformed
	}
	return vals, nil
}
