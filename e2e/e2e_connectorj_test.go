package e2e

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// MariaDB Connector/J (Debian's libmariadb-java) round-trips every column
// type, including a 20 MB blob, and BIT(1) as an ORM's boolean, with
// server-side prepared statements (the blob sent with
// COM_STMT_SEND_LONG_DATA) and client-side ones, over the plain,
// compressed and TLS protocol (testdata/java/RoundTrip.java).
func TestConnectorJRoundTrip(t *testing.T) {
	t.Parallel()
	javac := needTool(t, "javac")
	java := needTool(t, "java")
	const jar = "/usr/share/java/mariadb-java-client.jar"
	if _, err := os.Stat(jar); err != nil {
		t.Fatalf("%s missing (scripts/setup.sh installs libmariadb-java): %v", jar, err)
	}
	dir := t.TempDir()
	ctx, cancel := context.WithTimeout(context.Background(), 120*time.Second)
	defer cancel()
	if out, err := exec.CommandContext(ctx, javac, "-d", dir, filepath.Join("testdata", "java", "RoundTrip.java")).CombinedOutput(); err != nil {
		t.Fatalf("javac: %v\n%s", err, out)
	}
	for _, c := range []struct {
		name, opts, status string
	}{
		{"server-side", "&useServerPrepStmts=true", ""},
		{"client-side", "&useServerPrepStmts=false", ""},
		{"compressed", "&useServerPrepStmts=true&useCompression=true", "Compression"},
		{"tls", "&useServerPrepStmts=true&useSsl=true&serverSslCert=CA", "Ssl_version"},
	} {
		t.Run(c.name, func(t *testing.T) {
			s := startServer(t)
			opts := strings.ReplaceAll(c.opts, "CA", filepath.Join(s.datadir, "ca.pem"))
			args := []string{"-cp", dir + ":" + jar, "RoundTrip", strconv.Itoa(s.port), opts}
			if c.status != "" {
				args = append(args, c.status)
			}
			out, err := exec.CommandContext(ctx, java, args...).CombinedOutput()
			if err != nil || string(out) != "OK\n" {
				t.Fatalf("Connector/J round trip (%s): %v\n%s", c.opts, err, out)
			}
		})
	}
}
