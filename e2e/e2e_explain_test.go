package e2e

import "testing"

// EXPLAIN through the mariadb CLI: MySQL's twelve columns, the access path
// the planner chose for each relation of a join, and the filtered column as
// a DECIMAL. MariaDB's EXPLAIN has other columns (no partitions/filtered),
// so this is checked against MySQL's format, not differentially. o's lookup
// reads only cust and id, which its index holds: "Using index", as MySQL 8
// says. MySQL 8 says it for c as well; loopdb reads text columns from the
// row (its index keys hold collation weights, not the text).
func TestExplainOverTheWire(t *testing.T) {
	t.Parallel()
	s := startServer(t)
	setup := `CREATE DATABASE ex; USE ex;
CREATE TABLE cust (id INT PRIMARY KEY, city VARCHAR(20), KEY city (city));
CREATE TABLE ord (id BIGINT PRIMARY KEY, cust INT NOT NULL, KEY cust (cust));
INSERT INTO cust VALUES (1, 'oslo'), (2, 'rome'), (3, 'oslo');
INSERT INTO ord VALUES (10, 1), (11, 1), (12, 3);`
	if r := runMariadb(t, setup, "--socket="+s.sock, "-uroot"); r.exitCode != 0 {
		t.Fatalf("setup: %s", r.stderr)
	}
	r := runMariadb(t, "EXPLAIN SELECT c.id, o.id FROM cust c JOIN ord o ON o.cust = c.id WHERE c.city = 'oslo';",
		"--socket="+s.sock, "-uroot", "ex")
	want := "id\tselect_type\ttable\tpartitions\ttype\tpossible_keys\tkey\tkey_len\tref\trows\tfiltered\tExtra\n" +
		"1\tSIMPLE\tc\tNULL\tref\tcity\tcity\t83\tconst\t2\t100.00\tNULL\n" +
		"1\tSIMPLE\to\tNULL\tref\tcust\tcust\t4\tex.c.id\t2\t100.00\tUsing index\n"
	if r.exitCode != 0 || r.stdout != want {
		t.Fatalf("EXPLAIN: exit %d\n%s%s\nwant\n%s", r.exitCode, r.stdout, r.stderr, want)
	}
}
