package expr

import (
	"strconv"
)

// AppendText appends v as MySQL's text protocol sends it. NULL appends
// nothing (the protocol encodes NULL separately; check IsNull first).
func (v Value) AppendText(dst []byte) []byte {
	switch v.k {
	case KindInt:
		return strconv.AppendInt(dst, int64(v.n), 10)
	case KindUint:
		return strconv.AppendUint(dst, v.n, 10)
	case KindFloat:
		if v.fsp == FloatShortest32 {
			return appendFloatN(dst, v.Float(), 32)
		}
		if v.fsp > 0 {
			// a double with fixed decimals (PI()) prints that many digits
			return strconv.AppendFloat(dst, v.Float(), 'f', int(v.fsp)-1, 64)
		}
		return appendFloat(dst, v.Float())
	case KindDecimal:
		return appendDecimal(dst, v.d)
	case KindString, KindBytes:
		return append(dst, v.s...)
	case KindDate:
		return appendDate(dst, UnpackDateTime(v.n))
	case KindDatetime:
		t := UnpackDateTime(v.n)
		dst = appendDate(dst, t)
		dst = append(dst, ' ')
		return appendClock(dst, int64(t.Hour), t.Minute, t.Second, t.Micro, int(v.fsp))
	case KindTime:
		return appendTimeValue(dst, int64(v.n), int(v.fsp))
	}
	return dst
}

// String returns the text form ("NULL" for NULL); for logs and tests.
func (v Value) String() string {
	if v.k == KindNull {
		return "NULL"
	}
	return string(v.AppendText(nil))
}

// TextOf is the string a value converts to in string context.
func TextOf(v Value) string {
	if v.k == KindString || v.k == KindBytes {
		return v.s
	}
	return string(v.AppendText(nil))
}

// appendFloat prints a double like MySQL (my_gcvt over the shortest
// round-trip digits): positional notation while the decimal exponent is in
// [-14, 15] (or all digits are integral), otherwise 'e' notation with a bare
// exponent: 0.30000000000000004, 1e15, 1.2345678901234568e17, 1e-16.
func appendFloat(dst []byte, f float64) []byte { return appendFloatN(dst, f, 64) }

// appendFloatN formats with the shortest digits that round-trip at
// bitSize (32 for FLOAT columns).
func appendFloatN(dst []byte, f float64, bitSize int) []byte {
	if f == 0 {
		return append(dst, '0') // also -0
	}
	var buf [32]byte
	e := strconv.AppendFloat(buf[:0], f, 'e', -1, bitSize)
	neg := e[0] == '-'
	if neg {
		e = e[1:]
	}
	// e is d[.ddd]e±XX
	mant, exp := e, 0
	for i := 0; i < len(e); i++ {
		if e[i] == 'e' {
			mant = e[:i]
			x, err := strconv.Atoi(string(e[i+1:]))
			if err == nil {
				exp = x
			}
			break
		}
	}
	var digits [24]byte
	nd := 0
	for _, c := range mant {
		if c != '.' && nd < len(digits) {
			digits[nd] = c
			nd++
		}
	}
	decpt := exp + 1 // position of the decimal point relative to digits
	if neg {
		dst = append(dst, '-')
	}
	if decpt >= -14 && (decpt <= 15 || nd > decpt) {
		switch {
		case decpt <= 0:
			dst = append(dst, '0', '.')
			for i := 0; i < -decpt; i++ {
				dst = append(dst, '0')
			}
			return append(dst, digits[:nd]...)
		case decpt >= nd:
			dst = append(dst, digits[:nd]...)
			for i := nd; i < decpt; i++ {
				dst = append(dst, '0')
			}
			return dst
		default:
			dst = append(dst, digits[:decpt]...)
			dst = append(dst, '.')
			return append(dst, digits[decpt:nd]...)
		}
	}
	dst = append(dst, digits[0])
	if nd > 1 {
		dst = append(dst, '.')
		dst = append(dst, digits[1:nd]...)
	}
	dst = append(dst, 'e')
	return strconv.AppendInt(dst, int64(exp), 10)
}

// FloatShortest32 marks a FLOAT column's value so it prints with float32's
// shortest form (as MySQL prints FLOAT columns).
const FloatShortest32 = 0xff
