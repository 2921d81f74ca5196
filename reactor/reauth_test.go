package reactor

import (
	"testing"

	"github.com/loopdb/loopdb/codec"
)

// Between an outcome with Reauthenticating and the one with Authenticated,
// every packet is auth data for the session: a one-byte 0x01 or 0x0e (a
// caching_sha2 token can start with either) is neither COM_QUIT nor
// COM_PING. Around that window the loop answers them itself, as before.
func TestReauthPacketsReachTheSession(t *testing.T) {
	h := &testHandler{serve: func(s *testSession, payload []byte, seq byte, w *PacketWriter) Outcome {
		_ = w.WritePacket(append([]byte("re:"), payload...))
		switch {
		case string(payload) == "login":
			return Outcome{Authenticated: true}
		case payload[0] == codec.ComChangeUser:
			return Outcome{Reauthenticating: true}
		case string(payload) == "more":
			return Outcome{} // still inside the exchange
		case payload[0] == codec.ComQuit, payload[0] == codec.ComPing:
			return Outcome{Authenticated: true}
		}
		return Outcome{}
	}}
	addr := startServer(t, Config{}, h)
	for _, b := range []byte{codec.ComQuit, codec.ComPing} {
		c := dial(t, addr, h, 0)
		c.write(packet(1, []byte("login")))
		if p, _ := c.read(); string(p) != "re:login" {
			t.Fatalf("login answered %q", p)
		}
		c.write(packet(0, []byte{codec.ComChangeUser, 'u'}))
		if p, seq := c.read(); string(p) != "re:\x11u" || seq != 1 {
			t.Fatalf("change user answered %q seq %d", p, seq)
		}
		c.write(packet(2, []byte("more")))
		if p, seq := c.read(); string(p) != "re:more" || seq != 3 {
			t.Fatalf("auth step answered %q seq %d", p, seq)
		}
		c.write(packet(4, []byte{b}))
		if p, seq := c.read(); string(p) != "re:"+string(b) || seq != 5 {
			t.Fatalf("auth data %02x answered %q seq %d, want the session's echo", b, p, seq)
		}
		// Authenticated again: COM_PING is the loop's once more (its OK carries Status 2).
		c.write(packet(0, []byte{codec.ComPing}))
		if p, seq := c.read(); len(p) == 0 || p[0] != 0x00 || seq != 1 {
			t.Fatalf("COM_PING after the change answered % x seq %d, want the loop's OK", p, seq)
		}
	}
}
