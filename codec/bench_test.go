package codec

import (
	"strconv"
	"testing"
)

// BenchmarkEncodeTextRow10 encodes a 10-column text row (ints, strings, a
// NULL) into a reused buffer, as the result writer does per row.
func BenchmarkEncodeTextRow10(b *testing.B) {
	strs := []string{"alpha", "a-somewhat-longer-string-value", "2026-11-21 06:02:18", ""}
	buf := make([]byte, 0, 64<<10)
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		buf = buf[:0]
		var start int
		buf, start = BeginPacket(buf)
		for c := 0; c < 10; c++ {
			switch c % 5 {
			case 0, 1:
				var mark int
				buf, mark = ReserveTextValue(buf)
				buf = strconv.AppendInt(buf, int64(i*c), 10)
				buf = FinishTextValue(buf, mark)
			case 4:
				if c == 9 {
					buf = AppendNullValue(buf)
				} else {
					buf = AppendTextString(buf, strs[3])
				}
			default:
				buf = AppendTextString(buf, strs[c%3])
			}
		}
		buf, _ = FinishPacket(buf, start, 1)
	}
}

// BenchmarkFrame1MSmallPackets frames one million COM_PING-sized packets
// from a contiguous buffer, as the reactor does with the loop's inbound bytes.
func BenchmarkFrame1MSmallPackets(b *testing.B) {
	const n = 1 << 20
	stream := make([]byte, 0, n*9)
	var seq byte
	for i := 0; i < n; i++ {
		stream, seq = AppendPacket(stream, seq, []byte{ComQuery, 'S', 'E', 'L', '1'})
	}
	b.SetBytes(int64(len(stream)))
	b.ReportAllocs()
	for b.Loop() {
		rest := stream
		count := 0
		for len(rest) > 0 {
			_, consumed, _, ok := SplitPackets(rest)
			if !ok {
				b.Fatal("incomplete")
			}
			rest = rest[consumed:]
			count++
		}
		if count != n {
			b.Fatal(count)
		}
	}
}
