package myclient

import (
	"bytes"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha1"
	"crypto/x509"
	"encoding/pem"
	"fmt"
	"io"
	"net"
	"testing"
	"time"
)

// fakeServer plays the server side of one connection over net.Pipe: greeting, caching_sha2
// full authentication with RSA (net.Pipe is not a unix socket, so the password must not go in
// clear), then one text result set.
func fakeServer(nc net.Conn, password string) error {
	seq := byte(0)
	write := func(p []byte) error {
		_, err := nc.Write(Frame(seq, p))
		seq++
		return err
	}
	read := func() ([]byte, error) {
		var h [4]byte
		if _, err := io.ReadFull(nc, h[:]); err != nil {
			return nil, err
		}
		if h[3] != seq {
			return nil, fmt.Errorf("client sequence %d, want %d", h[3], seq)
		}
		seq++
		p := make([]byte, int(h[0])|int(h[1])<<8|int(h[2])<<16)
		_, err := io.ReadFull(nc, p)
		return p, err
	}
	salt := []byte("0123456789abcdefghij")
	var g bytes.Buffer
	g.WriteByte(10)
	g.WriteString("8.0.99-fake\x00")
	g.Write([]byte{42, 0, 0, 0})
	g.Write(salt[:8])
	g.Write([]byte{0, 0xff, 0xf7, 45, 2, 0, 0xff, 0xdf, 21})
	g.Write(make([]byte, 10))
	g.Write(salt[8:])
	g.WriteByte(0)
	g.WriteString(PluginCachingSHA2 + "\x00")
	if err := write(g.Bytes()); err != nil {
		return err
	}
	resp, err := read()
	if err != nil {
		return err
	}
	if !bytes.Contains(resp, append([]byte("app\x00\x20"), ScrambleCachingSHA2(password, salt)...)) {
		return fmt.Errorf("handshake response lacks user and fast scramble: % x", resp)
	}
	if err := write([]byte{0x01, 0x04}); err != nil { // full authentication, please
		return err
	}
	if p, err := read(); err != nil || !bytes.Equal(p, []byte{0x02}) {
		return fmt.Errorf("want a public key request, got % x %v", p, err)
	}
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		return err
	}
	der, _ := x509.MarshalPKIXPublicKey(&key.PublicKey)
	if err := write(append([]byte{0x01}, pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der})...)); err != nil {
		return err
	}
	ct, err := read()
	if err != nil {
		return err
	}
	plain, err := rsa.DecryptOAEP(sha1.New(), nil, key, ct, nil)
	if err != nil {
		return err
	}
	if !bytes.Equal(plain, xorPassword(password, salt)) {
		return fmt.Errorf("decrypted password % x", plain)
	}
	if err := write([]byte{0, 0, 0, 2, 0, 0, 0}); err != nil { // OK
		return err
	}
	seq = 0
	if q, err := read(); err != nil || string(q) != "\x03SELECT 1, NULL" {
		return fmt.Errorf("want COM_QUERY, got %q %v", q, err)
	}
	seq = 1
	col := func(name string) []byte {
		return append([]byte("\x03def\x00\x00\x00"), append([]byte{byte(len(name))}, name...)...)
	}
	eof := []byte{0xfe, 0, 0, 2, 0}
	for _, p := range [][]byte{{2}, col("1"), col("NULL"), eof, {1, '1', 0xfb}, eof} {
		if err := write(p); err != nil {
			return err
		}
	}
	return nil
}

func TestLoginFullAuthRSAAndQuery(t *testing.T) {
	client, server := net.Pipe()
	defer client.Close()
	done := make(chan error, 1)
	go func() { done <- fakeServer(server, "Pw-1"); server.Close() }()
	client.SetDeadline(time.Now().Add(20 * time.Second))
	c, err := Handshake(client)
	if err != nil {
		t.Fatal(err)
	}
	if c.ProtoVersion != 10 || c.Version != "8.0.99-fake" || c.ConnID != 42 || c.Plugin != PluginCachingSHA2 ||
		string(c.Scramble) != "0123456789abcdefghij" || c.ServerCaps != 0xdffff7ff {
		t.Fatalf("greeting parsed as %+v", c)
	}
	if err := c.Login("app", "Pw-1", ""); err != nil {
		t.Fatalf("login: %v (server: %v)", err, <-done)
	}
	if c.AuthPath != "full" {
		t.Errorf("AuthPath %q, want full", c.AuthPath)
	}
	rs, err := c.Query("SELECT 1, NULL")
	if err != nil {
		t.Fatalf("query: %v (server: %v)", err, <-done)
	}
	if len(rs.Columns) != 2 || rs.Columns[1] != "NULL" || len(rs.Rows) != 1 || *rs.Rows[0][0] != "1" || rs.Rows[0][1] != nil {
		t.Errorf("result %+v", rs)
	}
	if err := <-done; err != nil {
		t.Error("server:", err)
	}
}

// LoginOn (the load tools' entry) logs in with mysql_native_password and hands back the very
// socket it was given, with nothing buffered away from the caller.
func TestLoginOnNativeHandsBackTheSocket(t *testing.T) {
	client, server := net.Pipe()
	defer client.Close()
	salt := []byte("abcdefghij0123456789")
	done := make(chan error, 1)
	go func() {
		defer server.Close()
		var g bytes.Buffer
		g.WriteString("\x0a5.7.0\x00\x07\x00\x00\x00")
		g.Write(salt[:8])
		g.Write([]byte{0, 0xff, 0xf7, 45, 2, 0, 0xff, 0xdf, 21})
		g.Write(make([]byte, 10))
		g.Write(salt[8:])
		g.WriteString("\x00" + PluginNative + "\x00")
		if _, err := server.Write(Frame(0, g.Bytes())); err != nil {
			done <- err
			return
		}
		var h [4]byte
		if _, err := io.ReadFull(server, h[:]); err != nil {
			done <- err
			return
		}
		resp := make([]byte, int(h[0])|int(h[1])<<8|int(h[2])<<16)
		if _, err := io.ReadFull(server, resp); err != nil {
			done <- err
			return
		}
		if !bytes.Contains(resp, append([]byte("bench\x00\x14"), ScrambleNative("pw", salt)...)) {
			done <- fmt.Errorf("response lacks user and native scramble: % x", resp)
			return
		}
		if _, err := server.Write(Frame(h[3]+1, []byte{0, 0, 0, 2, 0, 0, 0})); err != nil {
			done <- err
			return
		}
		// The caller's first command arrives on the same socket.
		ping := make([]byte, 5)
		_, err := io.ReadFull(server, ping)
		if err == nil && !bytes.Equal(ping, Frame(0, []byte{ComPing})) {
			err = fmt.Errorf("after login got % x, want COM_PING", ping)
		}
		done <- err
	}()
	client.SetDeadline(time.Now().Add(10 * time.Second))
	nc, err := LoginOn(client, "bench", "pw", nil)
	if err != nil {
		t.Fatalf("LoginOn: %v (server: %v)", err, <-done)
	}
	if nc != client {
		t.Fatalf("LoginOn returned %T, want the socket it was given", nc)
	}
	if _, err := nc.Write(Frame(0, []byte{ComPing})); err != nil {
		t.Fatal(err)
	}
	if err := <-done; err != nil {
		t.Error("server:", err)
	}
}
