package server

import (
	"os"
	"strings"
	"testing"
)

// README's configuration table is FlagsMarkdown's output between two
// markers; regenerate it with `go run ./cmd/loopdb --help-markdown`.
func TestReadmeConfigurationTableMatchesFlags(t *testing.T) {
	const begin, end = "<!-- flags:begin (go run ./cmd/loopdb --help-markdown) -->\n", "<!-- flags:end -->"
	b, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	readme := string(b)
	i, j := strings.Index(readme, begin), strings.Index(readme, end)
	if i < 0 || j < i {
		t.Fatalf("README.md lacks the %q ... %q markers around the configuration table", begin, end)
	}
	if got, want := readme[i+len(begin):j], FlagsMarkdown(); got != want {
		t.Errorf("README.md's configuration table differs from the flags; replace it with the output of `go run ./cmd/loopdb --help-markdown`.\nREADME:\n%s\nflags:\n%s", got, want)
	}
}

func TestByteSizeDefaultsReadAsTyped(t *testing.T) {
	for n, want := range map[int]string{64 << 20: "64M", 128 << 20: "128M", 1 << 30: "1G", 1536: "1536", 3 << 10: "3K", 0: "0"} {
		if got := (byteSize{&n}).String(); got != want {
			t.Errorf("byteSize(%d) = %q, want %q", n, got, want)
		}
	}
}
