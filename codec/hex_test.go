package codec

import (
	"encoding/hex"
	"strings"
	"testing"
)

// unhex decodes annotated hex: whitespace is ignored and '|' starts a
// comment that runs to the end of the line, so fixtures can explain bytes.
func unhex(t testing.TB, s string) []byte {
	t.Helper()
	var clean strings.Builder
	for _, line := range strings.Split(s, "\n") {
		if i := strings.IndexByte(line, '|'); i >= 0 {
			line = line[:i]
		}
		clean.WriteString(strings.Join(strings.Fields(line), ""))
	}
	b, err := hex.DecodeString(clean.String())
	if err != nil {
		t.Fatalf("bad fixture: %v", err)
	}
	return b
}
