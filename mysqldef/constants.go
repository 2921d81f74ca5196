package mysqldef

// Server status flags carried in OK and EOF packets.
const (
	StatusInTrans             uint16 = 0x0001
	StatusAutocommit          uint16 = 0x0002
	StatusMoreResultsExists   uint16 = 0x0008
	StatusNoGoodIndexUsed     uint16 = 0x0010
	StatusNoIndexUsed         uint16 = 0x0020
	StatusCursorExists        uint16 = 0x0040
	StatusLastRowSent         uint16 = 0x0080
	StatusDBDropped           uint16 = 0x0100
	StatusNoBackslashEscapes  uint16 = 0x0200
	StatusMetadataChanged     uint16 = 0x0400
	StatusQueryWasSlow        uint16 = 0x0800
	StatusPSOutParams         uint16 = 0x1000
	StatusInTransReadonly     uint16 = 0x2000
	StatusSessionStateChanged uint16 = 0x4000
)

// Column types as sent in column definitions (enum_field_types).
const (
	TypeDecimal    byte = 0x00
	TypeTiny       byte = 0x01
	TypeShort      byte = 0x02
	TypeLong       byte = 0x03
	TypeFloat      byte = 0x04
	TypeDouble     byte = 0x05
	TypeNull       byte = 0x06
	TypeTimestamp  byte = 0x07
	TypeLongLong   byte = 0x08
	TypeInt24      byte = 0x09
	TypeDate       byte = 0x0a
	TypeTime       byte = 0x0b
	TypeDatetime   byte = 0x0c
	TypeYear       byte = 0x0d
	TypeNewDate    byte = 0x0e
	TypeVarchar    byte = 0x0f
	TypeBit        byte = 0x10
	TypeJSON       byte = 0xf5
	TypeNewDecimal byte = 0xf6
	TypeEnum       byte = 0xf7
	TypeSet        byte = 0xf8
	TypeTinyBlob   byte = 0xf9
	TypeMediumBlob byte = 0xfa
	TypeLongBlob   byte = 0xfb
	TypeBlob       byte = 0xfc
	TypeVarString  byte = 0xfd
	TypeString     byte = 0xfe
	TypeGeometry   byte = 0xff
)

// Column definition flags.
const (
	FlagNotNull       uint16 = 1
	FlagPriKey        uint16 = 2
	FlagUniqueKey     uint16 = 4
	FlagMultipleKey   uint16 = 8
	FlagBlob          uint16 = 16
	FlagUnsigned      uint16 = 32
	FlagZerofill      uint16 = 64
	FlagBinary        uint16 = 128
	FlagEnum          uint16 = 256
	FlagAutoIncrement uint16 = 512
	FlagTimestamp     uint16 = 1024
	FlagSet           uint16 = 2048
	FlagNoDefault     uint16 = 4096
	FlagOnUpdateNow   uint16 = 8192
	FlagNum           uint16 = 32768
)

// Character set / collation ids used in handshakes and column definitions.
const (
	CollationUTF8MB4General uint16 = 45  // utf8mb4_general_ci
	CollationUTF8MB4Bin     uint16 = 46  // utf8mb4_bin
	CollationBinary         uint16 = 63  // binary: numbers, blobs
	CollationUTF8MB40900    uint16 = 255 // utf8mb4_0900_ai_ci, MySQL 8's default
)
