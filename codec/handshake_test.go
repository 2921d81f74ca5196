package codec

import (
	"bytes"
	"testing"

	"github.com/loopdb/loopdb/mysqldef"
)

func TestAppendHandshake(t *testing.T) {
	h := &Handshake{
		ServerVersion: "8.0.40-loopdb",
		ConnectionID:  7,
		Scramble:      []byte("abcdefghijklmnopqrst"),
		Capabilities:  ClientProtocol41 | ClientSecureConnection | ClientPluginAuth,
		Collation:     255,
		Status:        mysqldef.StatusAutocommit,
		AuthPlugin:    "caching_sha2_password",
	}
	want := unhex(t, `
		0a                                         | protocol 10
		38 2e 30 2e 34 30 2d 6c 6f 6f 70 64 62 00  | "8.0.40-loopdb" NUL
		07 00 00 00                                | connection id 7
		61 62 63 64 65 66 67 68                    | scramble[0:8]
		00                                         | filler
		00 82                                      | caps low: PROTOCOL_41|SECURE_CONNECTION
		ff                                         | collation 255
		02 00                                      | status: autocommit
		08 00                                      | caps high: PLUGIN_AUTH
		15                                         | scramble length 21
		00 00 00 00 00 00 00 00 00 00              | reserved
		69 6a 6b 6c 6d 6e 6f 70 71 72 73 74 00     | scramble[8:20] NUL
		63 61 63 68 69 6e 67 5f 73 68 61 32 5f 70 61 73 73 77 6f 72 64 00 | plugin`)
	got := AppendHandshake(nil, h)
	if !bytes.Equal(got, want) {
		t.Fatalf("got\n% x\nwant\n% x", got, want)
	}
}

// A response as go-sql-driver sends it (lenenc auth data, db, plugin,
// attributes), captured and annotated.
func TestParseHandshakeResponse(t *testing.T) {
	payload := unhex(t, `
		0d a6 bf 01 | caps: LONG_PASSWORD|FOUND_ROWS|LONG_FLAG|CONNECT_WITH_DB|PROTOCOL_41|TRANSACTIONS|SECURE_CONNECTION|MULTI_STATEMENTS|MULTI_RESULTS|PS_MULTI_RESULTS|PLUGIN_AUTH|CONNECT_ATTRS|LENENC_DATA|SESSION_TRACK|DEPRECATE_EOF
		00 00 00 00 | max packet 0
		2d          | collation 45
		00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 | filler
		72 6f 6f 74 00          | user "root"
		02 aa bb                | lenenc auth response
		74 65 73 74 00          | database "test"
		6d 79 73 71 6c 5f 6e 61 74 69 76 65 5f 70 61 73 73 77 6f 72 64 00 | plugin
		07 03 5f 6f 73 02 6c 78 | attrs: _os=lx`)
	r, err := ParseHandshakeResponse(payload)
	if err != nil {
		t.Fatal(err)
	}
	if r.User != "root" || !bytes.Equal(r.AuthResponse, []byte{0xaa, 0xbb}) || r.Database != "test" ||
		r.AuthPlugin != "mysql_native_password" || r.Attributes["_os"] != "lx" || r.Collation != 45 {
		t.Fatalf("%+v", r)
	}
	if r.Capabilities&ClientDeprecateEOF == 0 {
		t.Fatal("DEPRECATE_EOF lost")
	}
	// Every strict prefix past the fixed part either parses a shorter
	// response or errors; none panics. Cutting inside the auth data errors.
	for i := 32; i < len(payload); i++ {
		ParseHandshakeResponse(payload[:i])
	}
	if _, err := ParseHandshakeResponse(payload[:38]); err == nil {
		t.Fatal("cut auth data accepted")
	}
}

func TestParseHandshakeResponseZstdLevel(t *testing.T) {
	caps := ClientProtocol41 | ClientSecureConnection | ClientPluginAuth | ClientZstdCompressionAlgorithm
	p := []byte{byte(caps), byte(caps >> 8), byte(caps >> 16), byte(caps >> 24), 0, 0, 0, 1, 45}
	p = append(p, make([]byte, 23)...)
	p = append(p, "u\x00"...)
	p = append(p, 0)                              // empty auth
	p = append(p, "caching_sha2_password\x00"...) // plugin
	p = append(p, 7, 0, 0, 0)                     // level 7 + CONC-738's extra bytes
	r, err := ParseHandshakeResponse(p)
	if err != nil || r.ZstdLevel != 7 || r.AuthPlugin != "caching_sha2_password" {
		t.Fatalf("%+v %v", r, err)
	}
}

func TestIsSSLRequest(t *testing.T) {
	p := make([]byte, 32)
	caps := ClientProtocol41 | ClientSSL
	p[0], p[1] = byte(caps), byte(caps>>8)
	if !IsSSLRequest(p) {
		t.Fatal("SSLRequest not recognised")
	}
	if IsSSLRequest(append(p, 'u', 0)) {
		t.Fatal("full response taken for SSLRequest")
	}
}

func TestParseHandshakeResponseRejects(t *testing.T) {
	if _, err := ParseHandshakeResponse(make([]byte, 10)); err == nil {
		t.Fatal("short packet accepted")
	}
	old := make([]byte, 40) // no PROTOCOL_41
	if _, err := ParseHandshakeResponse(old); err == nil {
		t.Fatal("pre-4.1 response accepted")
	}
}

func TestAuthPackets(t *testing.T) {
	got := AppendAuthSwitchRequest(nil, "mysql_native_password", []byte("01234567890123456789\x00"))
	if got[0] != 0xfe || !bytes.HasSuffix(got, []byte("89\x00")) || !bytes.Contains(got, []byte("mysql_native_password\x00")) {
		t.Fatalf("% x", got)
	}
	if got := AppendAuthMoreData(nil, []byte{3}); !bytes.Equal(got, []byte{1, 3}) {
		t.Fatalf("% x", got)
	}
}
