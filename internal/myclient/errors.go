package myclient

import (
	"encoding/binary"
	"errors"
	"fmt"
)

// Error is an ERR packet as the client sees it.
type Error struct {
	Code  uint16
	State string // SQLSTATE, "" when the packet carried none
	Msg   string
}

func (e *Error) Error() string { return fmt.Sprintf("ERROR %d (%s): %s", e.Code, e.State, e.Msg) }

// ParseErr turns an ERR packet's payload into an *Error (or a plain error when p is not one).
func ParseErr(p []byte) error {
	if len(p) < 3 || p[0] != 0xff {
		return fmt.Errorf("not an ERR packet: % x", p)
	}
	e := &Error{Code: binary.LittleEndian.Uint16(p[1:3])}
	rest := p[3:]
	if len(rest) >= 6 && rest[0] == '#' {
		e.State = string(rest[1:6])
		rest = rest[6:]
	}
	e.Msg = string(rest)
	return e
}

// ErrCode returns the code of the *Error in err's chain, or 0.
func ErrCode(err error) uint16 {
	var me *Error
	if errors.As(err, &me) {
		return me.Code
	}
	return 0
}
