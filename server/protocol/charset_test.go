package protocol

import (
	"testing"

	"github.com/loopdb/loopdb/codec"
	"github.com/loopdb/loopdb/exec/charset"
)

// A text column's definition carries character_set_results (its default collation, and a
// length in that charset's bytes); binary columns and NULL results keep their own.
func TestResultMetadataCharset(t *testing.T) {
	cases := []struct {
		coll     uint16
		length   uint32
		out      charset.ID
		wantColl uint16
		wantLen  uint32
	}{
		{255, 40, charset.Latin1, 8, 10},   // utf8mb4 VARCHAR(10) to a latin1 client
		{8, 10, charset.UTF8MB4, 255, 40},  // latin1 VARCHAR(10) to a utf8mb4 client
		{8, 10, charset.UTF8MB3, 33, 30},   // ... to a utf8mb3 one
		{46, 12, charset.UTF8MB4, 46, 12},  // utf8mb4 to utf8mb4: as it is
		{63, 10, charset.Latin1, 63, 10},   // binary stays
		{8, 10, charset.Binary, 8, 10},     // character_set_results = NULL
		{11, 5, charset.Latin1, 8, 5},      // ascii to latin1
		{224, 400, charset.ASCII, 11, 100}, // utf8mb4_unicode_ci to ascii
		{33, 30, charset.UTF8MB4, 255, 40}, // utf8mb3 to utf8mb4
		{9999, 40, charset.Latin1, 8, 10},  // unknown ids count as utf8mb4
		{45, 16, charset.UTF8MB4, 45, 16},  // the fast path
		{255, 4, charset.UTF8MB4, 255, 4},  // the fast path
		{309, 8, charset.UTF8MB4, 309, 8},  // utf8mb4_0900_bin: looked up, utf8mb4 too
		{83, 9, charset.UTF8MB4, 255, 12},  // utf8mb3_bin
		{48, 3, charset.UTF8MB4, 255, 12},  // latin1_general_ci
		{65, 3, charset.UTF8MB3, 33, 9},    // ascii_bin
		{47, 3, charset.Latin1, 8, 3},      // latin1_bin to latin1: the charset's default
		{192, 3, charset.Latin1, 8, 1},     // utf8mb3_unicode_ci
	}
	for _, c := range cases {
		d := codec.ColumnDef{Collation: c.coll, Length: c.length}
		resultMetadata(&d, c.out)
		if d.Collation != c.wantColl || d.Length != c.wantLen {
			t.Errorf("collation %d length %d to %s: got %d %d, want %d %d", c.coll, c.length, c.out.Name(), d.Collation, d.Length, c.wantColl, c.wantLen)
		}
	}
}
