package codec

import (
	"encoding/binary"

	"github.com/loopdb/loopdb/mysqldef"
)

// OK is the content of an OK packet. A non-empty Info is sent as a
// length-encoded string: that is what MySQL and MariaDB servers write and
// what libmariadb and libmysqlclient read (the protocol documentation's
// string<EOF> would make libmariadb report a malformed packet).
type OK struct {
	AffectedRows uint64
	LastInsertID uint64
	Status       uint16
	Warnings     uint16
	Info         string
}

// AppendOK appends an OK packet payload.
func AppendOK(dst []byte, ok *OK) []byte {
	return appendOKWithHeader(dst, HeaderOK, ok)
}

// AppendEOFOK appends the OK packet with a 0xFE header that ends a result
// set for clients with CLIENT_DEPRECATE_EOF.
func AppendEOFOK(dst []byte, ok *OK) []byte {
	return appendOKWithHeader(dst, HeaderEOF, ok)
}

func appendOKWithHeader(dst []byte, header byte, ok *OK) []byte {
	dst = append(dst, header)
	dst = AppendLenEncInt(dst, ok.AffectedRows)
	dst = AppendLenEncInt(dst, ok.LastInsertID)
	dst = binary.LittleEndian.AppendUint16(dst, ok.Status)
	dst = binary.LittleEndian.AppendUint16(dst, ok.Warnings)
	if ok.Info == "" {
		return dst
	}
	return AppendLenEncString(dst, ok.Info)
}

// AppendEOF appends a classic EOF packet (clients without
// CLIENT_DEPRECATE_EOF).
func AppendEOF(dst []byte, warnings, status uint16) []byte {
	dst = append(dst, HeaderEOF)
	dst = binary.LittleEndian.AppendUint16(dst, warnings)
	return binary.LittleEndian.AppendUint16(dst, status)
}

// AppendErr appends an ERR packet payload (protocol 4.1 form with SQLSTATE).
func AppendErr(dst []byte, e *mysqldef.SQLError) []byte {
	dst = append(dst, HeaderERR)
	dst = binary.LittleEndian.AppendUint16(dst, e.Code)
	dst = append(dst, '#')
	state := e.State
	if len(state) != 5 {
		state = "HY000"
	}
	dst = append(dst, state...)
	return append(dst, e.Message...)
}

// ParseOK decodes an OK packet (header 0x00, or 0xFE as sent at the end of a
// result set under CLIENT_DEPRECATE_EOF).
func ParseOK(payload []byte) (*OK, error) {
	if len(payload) < 7 || (payload[0] != HeaderOK && payload[0] != HeaderEOF) {
		return nil, ErrMalformed
	}
	b := payload[1:]
	affected, _, n, err := ReadLenEncInt(b)
	if err != nil {
		return nil, err
	}
	b = b[n:]
	insertID, _, n, err := ReadLenEncInt(b)
	if err != nil {
		return nil, err
	}
	b = b[n:]
	if len(b) < 4 {
		return nil, ErrMalformed
	}
	ok := &OK{
		AffectedRows: affected,
		LastInsertID: insertID,
		Status:       binary.LittleEndian.Uint16(b),
		Warnings:     binary.LittleEndian.Uint16(b[2:]),
	}
	if rest := b[4:]; len(rest) > 0 {
		info, _, _, err := ReadLenEncBytes(rest)
		if err != nil {
			return nil, err
		}
		ok.Info = string(info)
	}
	return ok, nil
}

// ParseErr decodes an ERR packet.
func ParseErr(payload []byte) (*mysqldef.SQLError, error) {
	if len(payload) < 3 || payload[0] != HeaderERR {
		return nil, ErrMalformed
	}
	e := &mysqldef.SQLError{Code: binary.LittleEndian.Uint16(payload[1:]), State: "HY000"}
	msg := payload[3:]
	if len(msg) >= 6 && msg[0] == '#' {
		e.State, msg = string(msg[1:6]), msg[6:]
	}
	e.Message = string(msg)
	return e, nil
}

// IsEOF reports whether payload is a classic EOF packet (0xFE and shorter
// than 9 bytes, which distinguishes it from a row starting with 0xFE).
func IsEOF(payload []byte) bool {
	return len(payload) > 0 && len(payload) < 9 && payload[0] == HeaderEOF
}
