package expr

import (
	"archive/zip"
	"flag"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"
)

// Zone names are matched in any case, as MySQL's time zone tables match
// them, and the zone is the one its proper name loads.
func TestParseTimeZoneNames(t *testing.T) {
	paris, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		t.Fatal(err)
	}
	when := time.Date(2024, 7, 1, 12, 0, 0, 0, time.UTC)
	for _, name := range []string{"Europe/Paris", "europe/paris", "EUROPE/PARIS", "eUrOpE/pArIs"} {
		loc, ok := ParseTimeZone(name)
		if !ok {
			t.Fatalf("%q not resolved", name)
		}
		if loc.String() != "Europe/Paris" || when.In(loc).Format(time.RFC3339) != when.In(paris).Format(time.RFC3339) {
			t.Fatalf("%q resolved to %v", name, loc)
		}
	}
	for _, name := range []string{"america/port-au-prince", "us/pacific", "etc/gmt+5", "antarctica/dumontdurville"} {
		if _, ok := ParseTimeZone(name); !ok {
			t.Errorf("%q not resolved", name)
		}
	}
	for _, name := range []string{"Europe/Pariss", "", "Local", "../etc/passwd", "Europe/../Europe/Paris", "+15:00", "+1:5", "Europe/Paris "} {
		if loc, ok := ParseTimeZone(name); ok {
			t.Errorf("%q resolved to %v", name, loc)
		}
	}
	// Repeated lookups are served from the cache: the same *Location.
	a, _ := ParseTimeZone("asia/tokyo")
	b, _ := ParseTimeZone("Asia/Tokyo")
	if a != b {
		t.Fatal("a zone is loaded again on every lookup")
	}
}

var updateZones = flag.Bool("update-zones", false, "rewrite zonenames.txt from Go's zone database")

// zonenames.txt lists the zones of the database this Go release embeds
// (time/tzdata is built from $GOROOT/lib/time/zoneinfo.zip). After a Go
// upgrade adds or renames a zone, rewrite it with
// go test ./exec/expr -run TestZoneNamesMatchGo -update-zones.
func TestZoneNamesMatchGo(t *testing.T) {
	z, err := zip.OpenReader(filepath.Join(runtime.GOROOT(), "lib", "time", "zoneinfo.zip"))
	if err != nil {
		t.Skipf("no Go zone database to compare with: %v", err)
	}
	defer z.Close()
	var want []string
	for _, f := range z.File {
		if !strings.HasSuffix(f.Name, "/") {
			want = append(want, f.Name)
		}
	}
	slices.Sort(want)
	if *updateZones {
		if err := os.WriteFile("zonenames.txt", []byte(strings.Join(want, "\n")+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if got := strings.Fields(zoneNamesText); !slices.Equal(got, want) {
		t.Fatalf("zonenames.txt has %d names, Go's database %d: run this test with -update-zones", len(got), len(want))
	}
}
