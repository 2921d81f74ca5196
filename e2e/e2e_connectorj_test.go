package e2e

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
	"time"
)

// MariaDB Connector/J (Debian's libmariadb-java) with server-side prepared
// statements round-trips every column type, including a 20 MB blob sent
// with COM_STMT_SEND_LONG_DATA, and BIT(1) as an ORM's boolean
// (testdata/java/RoundTrip.java).
func TestConnectorJRoundTrip(t *testing.T) {
	t.Parallel()
	javac := needTool(t, "javac")
	java := needTool(t, "java")
	const jar = "/usr/share/java/mariadb-java-client.jar"
	if _, err := os.Stat(jar); err != nil {
		t.Fatalf("%s missing (scripts/setup.sh installs libmariadb-java): %v", jar, err)
	}
	s := startServer(t)
	dir := t.TempDir()
	ctx, cancel := context.WithTimeout(context.Background(), 120*time.Second)
	defer cancel()
	if out, err := exec.CommandContext(ctx, javac, "-d", dir, filepath.Join("testdata", "java", "RoundTrip.java")).CombinedOutput(); err != nil {
		t.Fatalf("javac: %v\n%s", err, out)
	}
	out, err := exec.CommandContext(ctx, java, "-cp", dir+":"+jar, "RoundTrip", strconv.Itoa(s.port)).CombinedOutput()
	if err != nil || string(out) != "OK\n" {
		t.Fatalf("Connector/J round trip: %v\n%s", err, out)
	}
}
