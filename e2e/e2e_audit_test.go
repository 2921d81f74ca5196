package e2e

import (
	"bufio"
	"database/sql"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// --audit-log records logins (made and refused), DDL, account and privilege
// changes as JSON lines, with the account and the outcome, and never a
// password or a hash: not in the audit log, not in the server log.
func TestAuditLog(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "audit.jsonl")
	s := startServer(t, "--audit-log="+path)
	ctx := ctxT(t, time.Minute)
	root := openDB(t, s.dsnTCP("root", "", ""))
	const pw, pw2 = "Audit-Secret-77", "Rotated-Secret-88"
	mustExec(t, ctx, root,
		"CREATE DATABASE shop", "CREATE TABLE shop.items (id INT PRIMARY KEY)",
		"CREATE USER clerk IDENTIFIED BY '"+pw+"'", "GRANT SELECT ON shop.* TO clerk",
		"ALTER USER clerk IDENTIFIED BY '"+pw2+"'", "SET PASSWORD FOR clerk = '"+pw2+"'")
	clerk := openDB(t, s.dsnTCP("clerk", pw2, "shop"))
	if _, err := clerk.ExecContext(ctx, "DROP TABLE items"); myErrNumber(err) != 1142 {
		t.Fatalf("clerk's DROP TABLE: %v", err)
	}
	bad, _ := sql.Open("mysql", s.dsnTCP("clerk", "wrong-guess", ""))
	if err := bad.PingContext(ctx); myErrNumber(err) != 1045 {
		t.Fatalf("wrong password: %v", err)
	}
	bad.Close()
	mustExec(t, ctx, root, "SELECT 1", "INSERT INTO shop.items VALUES (1)") // not audited
	if st := s.terminate(30 * time.Second); st == nil || !st.Success() {
		t.Fatalf("shutdown: %v", st)
	}

	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	type line struct {
		Level, Msg, User, Host, Account, Statement string
		Error                                      int
	}
	var lines []line
	sc := bufio.NewScanner(strings.NewReader(string(raw)))
	for sc.Scan() {
		var l line
		if err := json.Unmarshal(sc.Bytes(), &l); err != nil {
			t.Fatalf("not a JSON line: %q: %v", sc.Text(), err)
		}
		lines = append(lines, l)
	}
	find := func(what string, ok func(line) bool) {
		t.Helper()
		for _, l := range lines {
			if ok(l) {
				return
			}
		}
		t.Errorf("the audit log has no %s:\n%s", what, raw)
	}
	find("login of root", func(l line) bool { return l.Msg == "connect" && l.Account == "root@localhost" && l.Error == 0 })
	find("refused login", func(l line) bool { return l.Msg == "connect" && l.User == "clerk" && l.Error == 1045 })
	find("CREATE TABLE", func(l line) bool {
		return l.Msg == "statement" && strings.HasPrefix(l.Statement, "CREATE TABLE shop.items") && l.Error == 0
	})
	find("CREATE USER", func(l line) bool { return strings.HasPrefix(strings.ToLower(l.Statement), "create user") })
	find("GRANT", func(l line) bool { return strings.HasPrefix(strings.ToLower(l.Statement), "grant select") })
	find("refused DROP TABLE", func(l line) bool {
		return l.Statement == "DROP TABLE items" && l.Account == "clerk@%" && l.Error == 1142 && l.Level == "WARN"
	})
	for _, l := range lines {
		if strings.Contains(l.Statement, "INSERT") || l.Statement == "SELECT 1" {
			t.Errorf("audited a statement that is not DDL or an account change: %q", l.Statement)
		}
	}
	for name, text := range map[string]string{"audit log": string(raw), "server log": s.log.String()} {
		for _, secret := range []string{pw, pw2, "wrong-guess", "$A$005$", "*"} {
			if secret == "*" { // a mysql_native_password hash starts with '*' and 40 hex digits
				if i := strings.Index(text, "*"); i >= 0 && i+41 <= len(text) && isHex(text[i+1:i+41]) {
					t.Errorf("the %s holds what looks like a password hash: %q", name, text[i:i+41])
				}
				continue
			}
			if strings.Contains(text, secret) {
				t.Errorf("the %s contains %q", name, secret)
			}
		}
	}
}

func isHex(s string) bool {
	for _, c := range s {
		if !strings.ContainsRune("0123456789ABCDEFabcdef", c) {
			return false
		}
	}
	return true
}
