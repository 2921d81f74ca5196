package codec

import "encoding/binary"

// Handshake is the server's initial HandshakeV10 packet.
type Handshake struct {
	ServerVersion string
	ConnectionID  uint32
	// Scramble is the 20-byte nonce for the authentication plugin.
	Scramble     []byte
	Capabilities uint32
	Collation    uint8
	Status       uint16
	AuthPlugin   string
}

// AppendHandshake appends the HandshakeV10 payload.
//
//	int<1>    protocol version (10)
//	string<0> server version
//	int<4>    connection id
//	byte<8>   scramble[0:8]
//	int<1>    filler 0
//	int<2>    capabilities, low 16 bits
//	int<1>    default collation
//	int<2>    status flags
//	int<2>    capabilities, high 16 bits
//	int<1>    length of the scramble incl. its NUL (21)
//	byte<10>  reserved zeros
//	byte<n>   scramble[8:] + NUL (13 bytes for a 20-byte scramble)
//	string<0> auth plugin name
func AppendHandshake(dst []byte, h *Handshake) []byte {
	dst = append(dst, 10)
	dst = AppendNullString(dst, h.ServerVersion)
	dst = binary.LittleEndian.AppendUint32(dst, h.ConnectionID)
	part1 := h.Scramble[:min(8, len(h.Scramble))]
	dst = append(dst, part1...)
	for i := len(part1); i < 8; i++ {
		dst = append(dst, 0)
	}
	dst = append(dst, 0)
	dst = binary.LittleEndian.AppendUint16(dst, uint16(h.Capabilities))
	dst = append(dst, h.Collation)
	dst = binary.LittleEndian.AppendUint16(dst, h.Status)
	dst = binary.LittleEndian.AppendUint16(dst, uint16(h.Capabilities>>16))
	if h.Capabilities&ClientPluginAuth != 0 {
		dst = append(dst, byte(len(h.Scramble)+1))
	} else {
		dst = append(dst, 0)
	}
	dst = append(dst, make([]byte, 10)...)
	if h.Capabilities&ClientSecureConnection != 0 {
		var part2 []byte
		if len(h.Scramble) > 8 {
			part2 = h.Scramble[8:]
		}
		dst = append(dst, part2...)
		// At least 13 bytes including the NUL, whatever the scramble length.
		for i := len(part2); i < 12; i++ {
			dst = append(dst, 0)
		}
		dst = append(dst, 0)
	}
	if h.Capabilities&ClientPluginAuth != 0 {
		dst = AppendNullString(dst, h.AuthPlugin)
	}
	return dst
}

// HandshakeResponse is the client's HandshakeResponse41.
type HandshakeResponse struct {
	Capabilities  uint32
	MaxPacketSize uint32
	Collation     uint8
	User          string
	AuthResponse  []byte
	Database      string
	AuthPlugin    string
	Attributes    map[string]string
	// ZstdLevel is the level a client that asked for zstd compression sent
	// (0 when it did not).
	ZstdLevel int
}

// sslRequestSize is the length of an SSLRequest: the fixed 32-byte prefix
// of a HandshakeResponse41 with CLIENT_SSL set and nothing after it.
const sslRequestSize = 32

// IsSSLRequest reports whether payload is an SSLRequest packet.
func IsSSLRequest(payload []byte) bool {
	return len(payload) == sslRequestSize &&
		binary.LittleEndian.Uint32(payload)&ClientSSL != 0
}

// ParseHandshakeResponse decodes a HandshakeResponse41. Only 4.1-protocol
// clients are accepted; everything MySQL 5.x+ clients send is.
func ParseHandshakeResponse(payload []byte) (*HandshakeResponse, error) {
	if len(payload) < sslRequestSize {
		return nil, ErrMalformed
	}
	r := &HandshakeResponse{
		Capabilities:  binary.LittleEndian.Uint32(payload),
		MaxPacketSize: binary.LittleEndian.Uint32(payload[4:]),
		Collation:     payload[8],
	}
	if r.Capabilities&ClientProtocol41 == 0 {
		return nil, ErrMalformed
	}
	b := payload[sslRequestSize:]
	user, n, err := readStringMaybeUnterminated(b)
	if err != nil {
		return nil, err
	}
	r.User = string(user)
	b = b[n:]

	switch {
	case r.Capabilities&ClientPluginAuthLenencClientData != 0:
		auth, _, n, err := ReadLenEncBytes(b)
		if err != nil {
			return nil, err
		}
		r.AuthResponse, b = auth, b[n:]
	case r.Capabilities&ClientSecureConnection != 0:
		if len(b) < 1 || int(b[0]) > len(b)-1 {
			return nil, ErrMalformed
		}
		r.AuthResponse, b = b[1:1+int(b[0])], b[1+int(b[0]):]
	default:
		auth, n, err := readStringMaybeUnterminated(b)
		if err != nil {
			return nil, err
		}
		r.AuthResponse, b = auth, b[n:]
	}
	r.AuthResponse = append([]byte(nil), r.AuthResponse...)

	if r.Capabilities&ClientConnectWithDB != 0 && len(b) > 0 {
		db, n, err := readStringMaybeUnterminated(b)
		if err != nil {
			return nil, err
		}
		r.Database, b = string(db), b[n:]
	}
	if r.Capabilities&ClientPluginAuth != 0 && len(b) > 0 {
		plugin, n, err := readStringMaybeUnterminated(b)
		if err != nil {
			return nil, err
		}
		r.AuthPlugin, b = string(plugin), b[n:]
	}
	if r.Capabilities&ClientConnectAttrs != 0 && len(b) > 0 {
		attrs, _, n, err := ReadLenEncBytes(b)
		if err != nil {
			return nil, err
		}
		r.Attributes, err = parseConnectAttrs(attrs)
		if err != nil {
			return nil, err
		}
		b = b[n:]
	}
	if r.Capabilities&ClientZstdCompressionAlgorithm != 0 && len(b) > 0 {
		// One level byte; some libmariadb versions wrote more, which is
		// ignored.
		r.ZstdLevel = int(b[0])
	}
	return r, nil
}

// maxConnectAttrs bounds how many attributes one client may send, so a
// hostile handshake cannot make the server build a huge map.
const maxConnectAttrs = 256

func parseConnectAttrs(b []byte) (map[string]string, error) {
	attrs := make(map[string]string)
	for len(b) > 0 {
		k, _, n, err := ReadLenEncBytes(b)
		if err != nil {
			return nil, err
		}
		b = b[n:]
		v, _, n, err := ReadLenEncBytes(b)
		if err != nil {
			return nil, err
		}
		b = b[n:]
		if len(attrs) < maxConnectAttrs {
			attrs[string(k)] = string(v)
		}
	}
	return attrs, nil
}

// readStringMaybeUnterminated reads a NUL-terminated string, accepting a
// missing NUL at the very end of the packet (some clients omit the last one).
func readStringMaybeUnterminated(b []byte) ([]byte, int, error) {
	s, n, err := ReadNullString(b)
	if err == nil {
		return s, n, nil
	}
	return b, len(b), nil
}

// AppendAuthSwitchRequest appends an AuthSwitchRequest asking the client to
// answer with plugin, given the plugin's data (scramble + NUL for the
// built-in plugins).
func AppendAuthSwitchRequest(dst []byte, plugin string, data []byte) []byte {
	dst = append(dst, HeaderEOF)
	dst = AppendNullString(dst, plugin)
	return append(dst, data...)
}

// AppendAuthMoreData appends an AuthMoreData packet (0x01 + data).
func AppendAuthMoreData(dst []byte, data []byte) []byte {
	return append(append(dst, HeaderAuthMore), data...)
}
