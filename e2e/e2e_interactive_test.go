package e2e

// The interactive mariadb CLI under a pseudo-terminal. With auto-rehash on (the default) the CLI
// runs SHOW DATABASES / SHOW TABLES and COM_FIELD_LIST per table when a database is selected;
// servers that reject or mishandle those make the CLI print errors or reconnect (vitess#3701,
// dolthub/vitess#463), which is what this test guards against.

import (
	"os"
	"os/exec"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"
)

func TestCLIInteractiveAutoRehash(t *testing.T) {
	t.Parallel()
	s := startServer(t)
	bin := needTool(t, "mariadb")

	// A database of our own for USE (CREATE DATABASE is part of the same acceptance set), and in
	// it a real table for rehash's COM_FIELD_LIST if the server can create one yet; the rest of
	// the test does not depend on the table.
	if r := runMariadb(t, "", "-S", s.sock, "-uroot", "-e", "CREATE DATABASE e2e_rehash"); r.exitCode != 0 {
		t.Fatalf("CREATE DATABASE e2e_rehash: exit %d, %s", r.exitCode, r.stderr)
	}
	if r := runMariadb(t, "", "-S", s.sock, "-uroot", "-e",
		"CREATE TABLE e2e_rehash.t1 (id INT PRIMARY KEY, name VARCHAR(20))"); r.exitCode != 0 {
		t.Logf("note: CREATE TABLE failed (%s); rehash runs on a database without tables", strings.TrimSpace(r.stderr))
	}

	m, sl, err := openPTY(40, 160)
	if err != nil {
		t.Fatalf("pty: %v", err)
	}
	defer m.Close()
	cmd := exec.Command(bin, "--no-defaults", "--default-character-set=utf8mb4", "-S", s.sock, "-uroot")
	cmd.Stdin, cmd.Stdout, cmd.Stderr = sl, sl, sl
	cmd.Env = append(withoutEnv(os.Environ(), "TERM"), "TERM=xterm", "HOME="+t.TempDir(), "MYSQL_HISTFILE=/dev/null")
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true, Setctty: true, Ctty: 0}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	sl.Close() // the child has it; our copy would keep the master from seeing EOF
	waitErr := make(chan error, 1)
	exited := make(chan struct{})
	go func() { waitErr <- cmd.Wait(); close(exited) }()
	defer func() { // never leave the CLI running, however the test ends
		select {
		case <-exited:
		default:
			cmd.Process.Kill()
			<-exited
		}
	}()
	tr := readPTY(m)
	fail := func(err error) {
		t.Helper()
		t.Fatalf("%v\n---- terminal transcript ----\n%s\n----", err, tr.String())
	}

	pos, err := tr.waitFor(0, " [(none)]> ", 15*time.Second)
	if err != nil {
		fail(err)
	}
	// Each step: what we type, what must show up, then the prompt we expect next. The prompt
	// starts with "MariaDB" or "MySQL" depending on the server the CLI detects, so match the rest.
	steps := []struct{ typed, want, prompt string }{
		{"SELECT 1;", "1 row in set", " [(none)]> "},
		{"USE mysql;", "Database changed", " [mysql]> "},
		{"SHOW DATABASES;", " in set", " [mysql]> "},
		{"SELECT DATABASE();", "| mysql ", " [mysql]> "},
		{"USE e2e_rehash;", "Database changed", " [e2e_rehash]> "},
		{"SELECT 2;", "1 row in set", " [e2e_rehash]> "},
	}
	for _, st := range steps {
		if _, err := m.WriteString(st.typed + "\r"); err != nil {
			fail(err)
		}
		if pos, err = tr.waitFor(pos, st.want, 15*time.Second); err != nil {
			fail(err)
		}
		if pos, err = tr.waitFor(pos, st.prompt, 15*time.Second); err != nil {
			fail(err)
		}
	}
	if _, err := m.WriteString("\\q\r"); err != nil {
		fail(err)
	}
	if _, err := tr.waitFor(pos, "Bye", 10*time.Second); err != nil {
		fail(err)
	}
	select {
	case err := <-waitErr:
		if err != nil {
			fail(err)
		}
	case <-time.After(10 * time.Second):
		fail(errTimeout)
	}
	<-tr.done

	out := tr.String()
	// The SELECT 1 result table must be there: "| 1 |" as the header and again as the data row.
	if n := len(regexp.MustCompile(`(?m)^\|\s*1\s*\|\r?$`).FindAllString(out, -1)); n < 2 {
		t.Errorf("SELECT 1 result row not printed")
	}
	for _, bad := range []string{"ERROR", "reconnect", "gone away", "Lost connection", "No connection"} {
		if strings.Contains(out, bad) {
			t.Errorf("terminal shows %q", bad)
		}
	}
	if t.Failed() {
		t.Logf("---- terminal transcript ----\n%s\n----", out)
	}
}
