package myclient

// Capability flags (CLIENT_*) the client sends or a test may add through Conn.ExtraCaps.
const (
	CapLongPassword     = 0x00000001
	CapConnectWithDB    = 0x00000008
	CapCompress         = 0x00000020
	CapLocalFiles       = 0x00000080
	CapProtocol41       = 0x00000200
	CapSSL              = 0x00000800
	CapTransactions     = 0x00002000
	CapSecureConnection = 0x00008000
	CapMultiStatements  = 0x00010000
	CapMultiResults     = 0x00020000
	CapPluginAuth       = 0x00080000
	CapPluginAuthLenenc = 0x00200000
)

// Command bytes (COM_*).
const (
	ComQuit       = 0x01
	ComInitDB     = 0x02
	ComQuery      = 0x03
	ComFieldList  = 0x04
	ComShutdown   = 0x08
	ComPing       = 0x0e
	ComChangeUser = 0x11
)

// Auth plugin names.
const (
	PluginNative      = "mysql_native_password"
	PluginCachingSHA2 = "caching_sha2_password"
)

// baseCaps are the capabilities every login asks for: 4.1 protocol, plugin auth and multi
// statements/results (so a test may send "SELECT 1; SELECT 2").
const baseCaps = CapLongPassword | CapProtocol41 | CapTransactions | CapSecureConnection |
	CapMultiStatements | CapMultiResults | CapPluginAuth | CapPluginAuthLenenc

// charsetUTF8MB4 is utf8mb4_general_ci, the collation id the client announces.
const charsetUTF8MB4 = 45

// collation is the collation id to announce.
func (c *Conn) collation() uint16 {
	if c.Collation != 0 {
		return c.Collation
	}
	return charsetUTF8MB4
}

// maxPacketSize is the max_packet_size the client announces (16 MB).
const maxPacketSize = 16 << 20

// Frame returns payload framed as one packet with sequence id seq (no splitting: for tests that
// write deliberately odd bytes themselves).
func Frame(seq byte, payload []byte) []byte {
	n := len(payload)
	return append([]byte{byte(n), byte(n >> 8), byte(n >> 16), seq}, payload...)
}

// IsEOFPacket reports whether p is an EOF packet: 0xFE with a short payload ends a column list
// or row set (the client does not ask for CLIENT_DEPRECATE_EOF).
func IsEOFPacket(p []byte) bool { return len(p) > 0 && p[0] == 0xfe && len(p) < 9 }
