package expr

import (
	"bytes"
	"testing"
)

// The ASCII loop of AppendCollationKey must agree with the rune fold it
// short-cuts, wherever the first non-ASCII byte falls.
func TestAppendCollationKeyASCIIFastPath(t *testing.T) {
	for _, s := range []string{"", "abc", "ABC xyz-09", "Ärger", "straße", "aÉb", "ZZ\xff\xfeinvalid", "mixed Ωmega END"} {
		want := appendCollationKeyRunes(nil, s)
		if got := CollationKey(s); !bytes.Equal(got, want) {
			t.Errorf("CollationKey(%q) = %q, want %q", s, got, want)
		}
		if got := AppendCollationKey([]byte("pre"), s); !bytes.Equal(got, append([]byte("pre"), want...)) {
			t.Errorf("AppendCollationKey(pre, %q) = %q", s, got)
		}
	}
}
