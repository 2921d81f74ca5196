package codec

import "testing"

func TestParseChangeUser(t *testing.T) {
	caps := ClientProtocol41 | ClientSecureConnection | ClientPluginAuth
	b := unhex(t, `
		62 6f 62 00                 | user "bob"
		02 01 02                    | auth data, 1-byte length
		64 62 00                    | database "db"
		2d 00                       | collation 45
		6d 79 73 71 6c 5f 6e 61 74 69 76 65 5f 70 61 73 73 77 6f 72 64 00 | plugin`)
	c, err := ParseChangeUser(b, caps)
	if err != nil || c.User != "bob" || len(c.AuthResponse) != 2 || c.Database != "db" ||
		c.Collation != 45 || c.AuthPlugin != "mysql_native_password" {
		t.Fatalf("%+v %v", c, err)
	}
	if _, err := ParseChangeUser([]byte("bob"), caps); err == nil {
		t.Fatal("unterminated user accepted")
	}
	if _, err := ParseChangeUser([]byte("bob\x00\x09ab"), caps); err == nil {
		t.Fatal("auth length past the end accepted")
	}
}

func TestSmallArgs(t *testing.T) {
	if id, err := ParseUint32Arg([]byte{5, 0, 0, 0}); err != nil || id != 5 {
		t.Fatal(id, err)
	}
	if _, err := ParseUint32Arg([]byte{5}); err == nil {
		t.Fatal("short kill id")
	}
	if o, err := ParseSetOption([]byte{1, 0}); err != nil || o != 1 {
		t.Fatal(o, err)
	}
	tbl, wild, err := ParseFieldList([]byte("t1\x00%"))
	if err != nil || tbl != "t1" || wild != "%" {
		t.Fatal(tbl, wild, err)
	}
}
