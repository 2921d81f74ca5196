package tikv

import (
	"errors"
)

// TiKV refuses empty values (client-go's ErrCannotSetNilValue) while the
// storage seam allows them, so every stored value carries one tag byte in
// front. The tag also leaves room for a second value format later.
const valueTag byte = 'v'

var errBadValue = errors.New("tikv: stored value without loopdb's tag byte")

func encodeValue(v []byte) []byte {
	out := make([]byte, 1+len(v))
	out[0] = valueTag
	copy(out[1:], v)
	return out
}

// decodeValue strips the tag; the result aliases v.
func decodeValue(v []byte) ([]byte, error) {
	if len(v) == 0 || v[0] != valueTag {
		return nil, errBadValue
	}
	return v[1:], nil
}
