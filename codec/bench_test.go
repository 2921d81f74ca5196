package codec

import (
	"fmt"
	"math/rand/v2"
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

// BenchmarkAppendFramesRows compresses 64 KB chunks of text-protocol rows
// shaped like sysbench's (an id, a number and two columns of random digit
// groups), as a streamed full-table SELECT hands them to the reactor.
func BenchmarkAppendFramesRows(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 2))
	var rows []byte
	var seq byte
	for id := 1; len(rows) < 64<<10; id++ {
		var payload []byte
		payload = AppendLenEncString(payload, strconv.Itoa(id))
		payload = AppendLenEncString(payload, strconv.Itoa(rng.IntN(100000)))
		for _, groups := range []int{10, 5} {
			var col []byte
			for g := 0; g < groups; g++ {
				if g > 0 {
					col = append(col, '-')
				}
				col = append(col, fmt.Sprintf("%011d", rng.Int64N(1e11))...)
			}
			payload = AppendLenEncString(payload, string(col))
		}
		rows, seq = AppendPacket(rows, seq, payload)
	}
	for _, tc := range []struct {
		name string
		c    Compressor
	}{
		{"zstd1", Compressor{Algo: CompressZstd, Level: 1}},
		{"zstd3", Compressor{Algo: CompressZstd, Level: 3}},
		{"zlib", Compressor{Algo: CompressZlib}},
	} {
		for _, chunk := range []int{16 << 10, 64 << 10} {
			b.Run(fmt.Sprintf("%s/%dK", tc.name, chunk>>10), func(b *testing.B) {
				b.SetBytes(int64(len(rows)))
				var dst []byte
				size := 0
				for b.Loop() {
					size = 0
					for rest := rows; len(rest) > 0; {
						n := min(chunk, len(rest))
						dst, _, _ = tc.c.AppendFrames(dst[:0], 0, rest[:n])
						size += len(dst)
						rest = rest[n:]
					}
				}
				b.ReportMetric(float64(size)/float64(len(rows)), "ratio")
			})
		}
	}
}
