package server

import (
	"io"
	"math"
	"testing"
)

func TestParseByteSize(t *testing.T) {
	for in, want := range map[string]int{"0": 0, "512": 512, "4k": 4 << 10, "16M": 16 << 20, "1G": 1 << 30} {
		if got, err := parseByteSize(in); err != nil || got != want {
			t.Errorf("parseByteSize(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
	// Sizes that do not fit an int (4G on a 32-bit gateway, or any
	// absurd one) are refused, not wrapped around.
	for _, in := range []string{"-1", "x", "1T", "9223372036854775807K", "M"} {
		if got, err := parseByteSize(in); err == nil {
			t.Errorf("parseByteSize(%q) = %d, want an error", in, got)
		}
	}
	if math.MaxInt == math.MaxInt32 {
		if _, err := parseByteSize("4G"); err == nil {
			t.Error("4G accepted on a 32-bit target")
		}
	}
}

func TestSmallMachineFlags(t *testing.T) {
	cfg, err := ParseFlags([]string{"--cache-size=16M", "--memtable-size=4M"}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.CacheSize != 16<<20 || cfg.MemTableSize != 4<<20 {
		t.Fatalf("cache %d, memtable %d", cfg.CacheSize, cfg.MemTableSize)
	}
	if _, err := ParseFlags([]string{"--memtable-size=lots"}, io.Discard); err == nil {
		t.Fatal("--memtable-size=lots accepted")
	}
}

// The sample option file shipped in scripts/deploy must parse: every name
// in it is a flag, every value valid.
func TestSampleOptionFileParses(t *testing.T) {
	cfg, err := ParseFlags([]string{"--config=../scripts/deploy/loopdb.cnf"}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.DataDir != "/var/lib/loopdb" || cfg.AuditLog == "" || cfg.MemTableSize != 32<<20 || cfg.AdminAddress != "127.0.0.1:9104" {
		t.Fatalf("sample config read as %+v", cfg)
	}
}
