package codec

import "encoding/binary"

// ChangeUser is the payload of COM_CHANGE_USER (after the command byte).
type ChangeUser struct {
	User         string
	AuthResponse []byte
	Database     string
	Collation    uint16
	AuthPlugin   string
	Attributes   map[string]string
}

// ParseChangeUser decodes COM_CHANGE_USER's arguments (payload without the
// command byte), given the capabilities agreed at connect.
func ParseChangeUser(b []byte, caps uint32) (*ChangeUser, error) {
	user, n, err := ReadNullString(b)
	if err != nil {
		return nil, err
	}
	c := &ChangeUser{User: string(user)}
	b = b[n:]
	if caps&ClientSecureConnection != 0 {
		if len(b) < 1 || int(b[0]) > len(b)-1 {
			return nil, ErrMalformed
		}
		c.AuthResponse = append([]byte(nil), b[1:1+int(b[0])]...)
		b = b[1+int(b[0]):]
	} else {
		auth, n, err := ReadNullString(b)
		if err != nil {
			return nil, err
		}
		c.AuthResponse = append([]byte(nil), auth...)
		b = b[n:]
	}
	db, n, err := readStringMaybeUnterminated(b)
	if err != nil {
		return nil, err
	}
	c.Database = string(db)
	b = b[n:]
	if len(b) >= 2 {
		c.Collation = binary.LittleEndian.Uint16(b)
		b = b[2:]
	}
	if caps&ClientPluginAuth != 0 && len(b) > 0 {
		plugin, n, err := readStringMaybeUnterminated(b)
		if err != nil {
			return nil, err
		}
		c.AuthPlugin = string(plugin)
		b = b[n:]
	}
	if caps&ClientConnectAttrs != 0 && len(b) > 0 {
		attrs, _, _, err := ReadLenEncBytes(b)
		if err != nil {
			return nil, err
		}
		if c.Attributes, err = parseConnectAttrs(attrs); err != nil {
			return nil, err
		}
	}
	return c, nil
}

// ParseUint32Arg reads the 4-byte little-endian argument of COM_PROCESS_KILL
// (payload without the command byte).
func ParseUint32Arg(b []byte) (uint32, error) {
	if len(b) < 4 {
		return 0, ErrMalformed
	}
	return binary.LittleEndian.Uint32(b), nil
}

// ParseSetOption reads COM_SET_OPTION's 2-byte option
// (0 = multi-statements on, 1 = off).
func ParseSetOption(b []byte) (uint16, error) {
	if len(b) < 2 {
		return 0, ErrMalformed
	}
	return binary.LittleEndian.Uint16(b), nil
}

// ParseFieldList splits COM_FIELD_LIST's arguments: a NUL-terminated table
// name and an optional wildcard.
func ParseFieldList(b []byte) (table, wildcard string, err error) {
	t, n, err := ReadNullString(b)
	if err != nil {
		return "", "", err
	}
	return string(t), string(b[n:]), nil
}
