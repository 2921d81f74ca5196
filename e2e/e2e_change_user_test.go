package e2e

// COM_CHANGE_USER's auth exchange on the wire. The packets a client sends after the command
// (the AuthSwitchResponse, caching_sha2's RSA-encrypted password) are auth data, not commands,
// even when their first byte happens to be a command byte: a caching_sha2 token starts with
// 0x01 (COM_QUIT) or 0x0e (COM_PING) one time in 128. The loop used to answer those two itself,
// so node mysql2, which always announces mysql_native_password in COM_CHANGE_USER and so always
// gets an auth switch for a caching_sha2 account, lost its connection now and then
// ("The server closed the connection"). TestNodeMySQL2 drives the same case through mysql2.

import (
	"fmt"
	"strings"
	"testing"

	"github.com/loopdb/loopdb/internal/myclient"
)

// commandBytes are the commands the loop answers without the session.
var commandBytes = []struct {
	name string
	b    byte
}{{"COM_QUIT", myclient.ComQuit}, {"COM_PING", myclient.ComPing}}

// A wrong token and then a wrong password that start with a command byte are refused with
// 1045 like any wrong password, not read as that command (the connection closed without an answer, or got an OK for a
// login that never happened).
func TestChangeUserSwitchResponseIsNotACommand(t *testing.T) {
	t.Parallel()
	s := startServer(t, "--root-password=Root-pw1")
	rootExec(t, s, "CREATE USER 'cu'@'%' IDENTIFIED WITH caching_sha2_password BY 'Cu-pw1'")
	for _, cb := range commandBytes {
		rc := mustRawLogin(t, s, "")
		arg := []byte("cu\x00")
		arg = append(arg, 20)
		arg = append(arg, myclient.ScrambleNative("whatever", rc.Scramble)...)
		arg = append(arg, 0, 45, 0) // no database; utf8mb4_general_ci
		arg = append(arg, myclient.PluginNative+"\x00"...)
		if err := rc.Command(myclient.ComChangeUser, arg); err != nil {
			t.Fatal(err)
		}
		p, err := rc.ReadPacket()
		if err != nil || len(p) == 0 || p[0] != 0xfe || !strings.HasPrefix(string(p[1:]), myclient.PluginCachingSHA2+"\x00") {
			t.Fatalf("%s: want an AuthSwitchRequest to caching_sha2_password, got % x (%v)", cb.name, p, err)
		}
		// A token that does not match asks for the password (01 04); what follows is
		// the password, encrypted or (loopback counts as secure) in clear.
		token := make([]byte, 32)
		token[0] = cb.b
		if err := rc.WritePacket(token); err != nil {
			t.Fatal(err)
		}
		if p, err := rc.ReadPacket(); err != nil || string(p) != "\x01\x04" {
			t.Fatalf("%s-looking wrong token: got % x (%v), want 01 04 (perform full authentication)", cb.name, p, err)
		}
		if err := rc.WritePacket([]byte{cb.b, 'x', 0}); err != nil {
			t.Fatal(err)
		}
		err = rc.SimpleReply()
		if myclient.ErrCode(err) != 1045 {
			t.Errorf("%s-looking wrong password: got %v, want ERROR 1045 (28000)", cb.name, err)
		}
	}
}

// The right password whose token starts with a command byte logs in. The password is chosen
// for the scramble of this connection's greeting, which loopdb reuses for COM_CHANGE_USER; the
// test checks that the auth switch carried that scramble, so it cannot pass without sending
// the token it means to.
func TestChangeUserTokenStartingWithCommandByte(t *testing.T) {
	t.Parallel()
	s := startServer(t, "--root-password=Root-pw1")
	for i, cb := range commandBytes {
		rc := mustRawLogin(t, s, "")
		greeting := append([]byte(nil), rc.Scramble...)
		user := fmt.Sprintf("cu%d", i)
		pw := passwordWithToken(greeting, cb.b)
		rootExec(t, s, fmt.Sprintf("CREATE USER '%s'@'%%' IDENTIFIED WITH caching_sha2_password BY '%s'", user, pw))
		// Fill the fast-path cache, so the change takes the 32-byte token.
		warm, err := rawLoginOver("tcp", s.addr, nil, user, pw)
		if err != nil {
			t.Fatalf("%s: first login: %v", user, err)
		}
		warm.Close()
		for n := 0; n < 3; n++ {
			rc.AuthPath = ""
			if err := rc.ChangeUser(user, pw, "", myclient.PluginNative); err != nil {
				t.Fatalf("%s (token starts with %s) change %d: %v", user, cb.name, n, err)
			}
			if string(rc.Scramble) != string(greeting) || rc.AuthPath != "fast" {
				t.Fatalf("auth switch scramble %q, path %q; the test assumes the greeting's %q and the fast path",
					rc.Scramble, rc.AuthPath, greeting)
			}
			rs, err := rc.Query("SELECT CURRENT_USER()")
			if err != nil || len(rs.Rows) != 1 || rs.Rows[0][0] == nil || *rs.Rows[0][0] != user+"@%" {
				t.Fatalf("%s change %d: CURRENT_USER() %v, %v", user, n, rs, err)
			}
		}
	}
}

// passwordWithToken finds a password whose caching_sha2 token for scramble starts with b
// (about 256 tries).
func passwordWithToken(scramble []byte, b byte) string {
	for i := 0; ; i++ {
		pw := fmt.Sprintf("Pw-%d", i)
		if myclient.ScrambleCachingSHA2(pw, scramble)[0] == b {
			return pw
		}
	}
}
