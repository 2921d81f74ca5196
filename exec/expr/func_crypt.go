package expr

import (
	"bytes"
	"compress/zlib"
	"crypto/aes"
	"crypto/rand"
	"encoding/binary"
	"io"

	"github.com/loopdb/loopdb/mysqldef"
)

// AES_ENCRYPT/AES_DECRYPT, COMPRESS/UNCOMPRESS/UNCOMPRESSED_LENGTH and
// RANDOM_BYTES, in MySQL's formats so that values written by MySQL read
// back here and the other way round.
//
// AES uses MySQL's default block_encryption_mode, aes-128-ecb: the key is
// folded into 16 bytes (byte i XORed into byte i mod 16) and the text padded
// PKCS#7-style; a wrong key or a damaged value decrypts to NULL. An
// initialisation vector argument is accepted and, as in ECB mode, unused.
//
// COMPRESS writes the text's length (4 bytes, little-endian) and then its
// zlib stream, with a '.' after a stream that ends in a space (so a CHAR
// column does not lose it); '' stays ''. Go's zlib does not produce the
// same bytes as the C library, but either side reads the other's.

func init() {
	simple("aes_encrypt", 2, 3, true, func(args []Expr) ColumnType {
		return binaryType((castLength(args[0].Type())/16+1)*16, true)
	}, func(_ *EvalCtx, a []Value) (Value, error) {
		block, _ := aes.NewCipher(aesKey(TextOf(a[1])))
		text := []byte(TextOf(a[0]))
		pad := 16 - len(text)%16
		text = append(text, bytes.Repeat([]byte{byte(pad)}, pad)...)
		out := make([]byte, len(text))
		for i := 0; i < len(text); i += 16 {
			block.Encrypt(out[i:i+16], text[i:i+16])
		}
		return BytesValue(out), nil
	})
	simple("aes_decrypt", 2, 3, true, func(args []Expr) ColumnType {
		return binaryType(castLength(args[0].Type()), true)
	}, func(_ *EvalCtx, a []Value) (Value, error) {
		data := []byte(TextOf(a[0]))
		if len(data) == 0 || len(data)%16 != 0 {
			return Value{}, nil
		}
		block, _ := aes.NewCipher(aesKey(TextOf(a[1])))
		out := make([]byte, len(data))
		for i := 0; i < len(data); i += 16 {
			block.Decrypt(out[i:i+16], data[i:i+16])
		}
		pad := int(out[len(out)-1])
		if pad < 1 || pad > 16 || !bytes.Equal(out[len(out)-pad:], bytes.Repeat([]byte{byte(pad)}, pad)) {
			return Value{}, nil // a wrong key, or not an AES_ENCRYPT value
		}
		return BytesValue(out[:len(out)-pad]), nil
	})
	simple("compress", 1, 1, true, func(args []Expr) ColumnType {
		return binaryType(castLength(args[0].Type())+64, true)
	}, func(_ *EvalCtx, a []Value) (Value, error) {
		text := TextOf(a[0])
		if text == "" {
			return BytesValue(nil), nil
		}
		var b bytes.Buffer
		var n [4]byte
		binary.LittleEndian.PutUint32(n[:], uint32(len(text))&0x3FFFFFFF)
		b.Write(n[:])
		zw := zlib.NewWriter(&b)
		_, _ = io.WriteString(zw, text)
		_ = zw.Close()
		if b.Bytes()[b.Len()-1] == ' ' {
			b.WriteByte('.')
		}
		return BytesValue(b.Bytes()), nil
	})
	simple("uncompressed_length", 1, 1, true, fixedType(uintType(10, true)), func(_ *EvalCtx, a []Value) (Value, error) {
		data := TextOf(a[0])
		if data == "" {
			return UintValue(0), nil
		}
		if len(data) < 4 {
			return Value{}, nil
		}
		return UintValue(uint64(binary.LittleEndian.Uint32([]byte(data[:4])) & 0x3FFFFFFF)), nil
	})
	simple("uncompress", 1, 1, true, func(args []Expr) ColumnType { return longBlobType(true) }, uncompressFn)
	simple("random_bytes", 1, 1, true, func(args []Expr) ColumnType { return binaryType(1024, true) }, func(ctx *EvalCtx, a []Value) (Value, error) {
		n := ToInt(ctx, a[0])
		if n < 1 || n > 1024 {
			return Value{}, mysqldef.NewError(mysqldef.ErrDataOutOfRange, "length value is out of range in 'random_bytes'")
		}
		b := make([]byte, n)
		if _, err := rand.Read(b); err != nil {
			return Value{}, err
		}
		return BytesValue(b), nil
	})
}

// longBlobType is LONGBLOB, what UNCOMPRESS reports.
func longBlobType(nullable bool) ColumnType {
	t := ColumnType{Type: mysqldef.TypeLongBlob, Flags: mysqldef.FlagBlob | mysqldef.FlagBinary, Length: 0xffffffff, Collation: mysqldef.CollationBinary}
	return t.withNull(nullable)
}

// aesKey folds a key of any length into AES-128's 16 bytes, as MySQL does.
func aesKey(key string) []byte {
	k := make([]byte, 16)
	for i := 0; i < len(key); i++ {
		k[i%16] ^= key[i]
	}
	return k
}

// maxUncompressed bounds what UNCOMPRESS will produce (MySQL's bound is
// max_allowed_packet, whose largest value this is).
const maxUncompressed = 1 << 30

func uncompressFn(ctx *EvalCtx, a []Value) (Value, error) {
	data := TextOf(a[0])
	if data == "" {
		return BytesValue(nil), nil
	}
	if len(data) <= 4 {
		ctx.Warn(mysqldef.ErrZlibZDataError, "ZLIB: Input data corrupted")
		return Value{}, nil
	}
	want := int(binary.LittleEndian.Uint32([]byte(data[:4])) & 0x3FFFFFFF)
	if want > min(maxUncompressed, MaxResultMemory) {
		ctx.Warn(mysqldef.ErrTooBigForUncompress, "Uncompressed data size too large; the maximum size is 1073741824 (probably, length of uncompressed data was corrupted)")
		return Value{}, nil
	}
	zr, err := zlib.NewReader(bytes.NewReader([]byte(data[4:])))
	if err != nil {
		ctx.Warn(mysqldef.ErrZlibZDataError, "ZLIB: Input data corrupted")
		return Value{}, nil
	}
	out := make([]byte, 0, want)
	buf := bytes.NewBuffer(out)
	if _, err := io.Copy(buf, io.LimitReader(zr, int64(want)+1)); err != nil || buf.Len() != want {
		ctx.Warn(mysqldef.ErrZlibZDataError, "ZLIB: Input data corrupted")
		return Value{}, nil
	}
	return BytesValue(buf.Bytes()), nil
}
