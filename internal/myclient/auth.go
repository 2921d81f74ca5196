package myclient

import (
	"bytes"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/x509"
	"encoding/binary"
	"encoding/pem"
	"errors"
	"fmt"
)

// Login sends HandshakeResponse41 for user (and db, when not "") and completes authentication:
// mysql_native_password, or caching_sha2_password's fast path, or its full path with the
// password in clear inside TLS or on a unix socket and RSA-encrypted with the server's public
// key on plain TCP; an AuthSwitchRequest is followed. It returns the server's ERR as *Error.
func (c *Conn) Login(user, password, db string) error {
	defer c.bound(c.nc)()
	caps := uint32(baseCaps) | c.ExtraCaps
	if db != "" {
		caps |= CapConnectWithDB
	}
	plugin := c.Plugin
	if plugin != PluginNative {
		plugin = PluginCachingSHA2
	}
	auth := scrambleFor(plugin, password, c.Scramble)
	var b bytes.Buffer
	binary.Write(&b, binary.LittleEndian, caps)
	binary.Write(&b, binary.LittleEndian, uint32(maxPacketSize))
	b.WriteByte(byte(c.collation()))
	b.Write(make([]byte, 23))
	b.WriteString(user)
	b.WriteByte(0)
	b.WriteByte(byte(len(auth))) // lenenc, always < 251 here
	b.Write(auth)
	if db != "" {
		b.WriteString(db)
		b.WriteByte(0)
	}
	b.WriteString(plugin)
	b.WriteByte(0)
	if err := c.WritePacket(b.Bytes()); err != nil {
		return err
	}
	return c.authLoop(plugin, password)
}

// ChangeUser sends COM_CHANGE_USER for user (and db, when not "") with auth data made for
// plugin from the greeting's scramble, then follows the exchange like Login: with a plugin
// other than the account's, the server answers with an AuthSwitchRequest first (node mysql2
// always announces mysql_native_password here).
func (c *Conn) ChangeUser(user, password, db, plugin string) error {
	defer c.bound(c.nc)()
	auth := scrambleFor(plugin, password, c.Scramble)
	var b bytes.Buffer
	b.WriteString(user)
	b.WriteByte(0)
	b.WriteByte(byte(len(auth)))
	b.Write(auth)
	b.WriteString(db)
	b.WriteByte(0)
	binary.Write(&b, binary.LittleEndian, c.collation())
	b.WriteString(plugin)
	b.WriteByte(0)
	if err := c.Command(ComChangeUser, b.Bytes()); err != nil {
		return err
	}
	return c.authLoop(plugin, password)
}

// authLoop follows the server until its OK or ERR.
func (c *Conn) authLoop(plugin, password string) error {
	for {
		p, err := c.ReadPacket()
		if err != nil {
			return fmt.Errorf("auth: %w", err)
		}
		if len(p) == 0 {
			return errors.New("auth: empty packet")
		}
		switch p[0] {
		case 0x00:
			return nil
		case 0xff:
			return ParseErr(p)
		case 0xfe: // AuthSwitchRequest: plugin NUL data
			d := NewDecoder(p[1:])
			plugin = d.NulString()
			c.Scramble = bytes.TrimRight(d.Rest(), "\x00")
			if err := c.WritePacket(scrambleFor(plugin, password, c.Scramble)); err != nil {
				return err
			}
		case 0x01: // AuthMoreData
			if plugin != PluginCachingSHA2 || len(p) < 2 {
				return fmt.Errorf("auth: unexpected AuthMoreData % x", p)
			}
			switch p[1] {
			case 0x03:
				c.AuthPath = "fast"
			case 0x04:
				c.AuthPath = "full"
				if err := c.fullAuth(password); err != nil {
					return err
				}
			default:
				return fmt.Errorf("auth: unexpected AuthMoreData % x", p)
			}
		default:
			return fmt.Errorf("auth: unexpected packet % x", p)
		}
	}
}

// fullAuth sends the password in clear on a secure connection, or RSA-encrypted after fetching
// the server's public key on plain TCP.
func (c *Conn) fullAuth(password string) error {
	if c.secure {
		return c.WritePacket(append([]byte(password), 0))
	}
	if err := c.WritePacket([]byte{0x02}); err != nil { // request the public key
		return err
	}
	p, err := c.ReadPacket()
	if err != nil {
		return fmt.Errorf("public key: %w", err)
	}
	if len(p) < 2 || p[0] != 0x01 {
		return fmt.Errorf("public key: unexpected packet % x", p[:min(len(p), 16)])
	}
	blk, _ := pem.Decode(p[1:])
	if blk == nil {
		return fmt.Errorf("public key: no PEM block in %q", p[1:])
	}
	key, err := x509.ParsePKIXPublicKey(blk.Bytes)
	if err != nil {
		return fmt.Errorf("public key: %w", err)
	}
	pub, ok := key.(*rsa.PublicKey)
	if !ok {
		return fmt.Errorf("public key: %T, want RSA", key)
	}
	ct, err := rsa.EncryptOAEP(sha1.New(), rand.Reader, pub, xorPassword(password, c.Scramble), nil)
	if err != nil {
		return err
	}
	return c.WritePacket(ct)
}

// xorPassword is what full auth encrypts with RSA: the NUL-terminated password XORed with the
// scramble repeated, so a replayed ciphertext is useless on another connection.
func xorPassword(password string, scramble []byte) []byte {
	plain := append([]byte(password), 0)
	for i := range plain {
		plain[i] ^= scramble[i%len(scramble)]
	}
	return plain
}

func scrambleFor(plugin, password string, scramble []byte) []byte {
	if plugin == PluginNative {
		return ScrambleNative(password, scramble)
	}
	return ScrambleCachingSHA2(password, scramble)
}

// ScrambleNative is mysql_native_password's auth response:
// SHA1(pw) XOR SHA1(scramble || SHA1(SHA1(pw))); empty for an empty password.
func ScrambleNative(password string, scramble []byte) []byte {
	if password == "" {
		return nil
	}
	s1 := sha1.Sum([]byte(password))
	s2 := sha1.Sum(s1[:])
	h := sha1.New()
	h.Write(scramble)
	h.Write(s2[:])
	x := h.Sum(nil)
	for i := range x {
		x[i] ^= s1[i]
	}
	return x
}

// ScrambleCachingSHA2 is caching_sha2_password's fast-path auth response:
// SHA256(pw) XOR SHA256(SHA256(SHA256(pw)) || scramble); empty for an empty password.
func ScrambleCachingSHA2(password string, scramble []byte) []byte {
	if password == "" {
		return nil
	}
	s1 := sha256.Sum256([]byte(password))
	s2 := sha256.Sum256(s1[:])
	h := sha256.New()
	h.Write(s2[:])
	h.Write(scramble)
	x := h.Sum(nil)
	for i := range x {
		x[i] ^= s1[i]
	}
	return x
}
