package e2e

import (
	"strings"
	"testing"
	"time"
)

// Prefix indexes over the wire: a TEXT column indexed by its first
// characters answers lookups, ranges and LIKE 'abc%' with the full
// predicate re-checked, UNIQUE on a prefix refuses a second value with the
// same prefix (MySQL 8's 1062 naming the prefix), ORDER BY sorts whole
// values, and the definition survives a restart (SHOW CREATE TABLE,
// information_schema.STATISTICS.SUB_PART). Also MySQL 8's key-length
// errors and CREATE TABLE ... LIKE a view.
func TestPrefixIndex(t *testing.T) {
	t.Parallel()
	s := startServer(t)
	ctx := ctxT(t, time.Minute)
	root := openDB(t, s.dsnTCP("root", "", ""))
	mustExec(t, ctx, root, "CREATE DATABASE px", "USE px")
	db := openDB(t, s.dsnTCP("root", "", "px"))
	mustExec(t, ctx, db,
		"CREATE TABLE doc (id INT PRIMARY KEY, title TEXT, body TEXT, KEY k_title (title(4)), UNIQUE KEY u_body (body(6)))",
		"INSERT INTO doc VALUES (1,'apple pie','r1-recipe'),(2,'apple tart','r2-recipe'),(3,'apricot','notes1-one'),(4,'banana','notes2-two'),(5,NULL,NULL),(6,'applesauce',NULL)")
	joined := func(q string) string { return strings.Join(column(t, db, q), ",") }
	for q, want := range map[string]string{
		"SELECT id FROM doc WHERE title = 'apple tart'":                                 "2",
		"SELECT id FROM doc WHERE title = 'apple'":                                      "",
		"SELECT id FROM doc WHERE title IN ('apple pie','apple tart') ORDER BY id":      "1,2",
		"SELECT id FROM doc WHERE title LIKE 'apple%' ORDER BY id":                      "1,2,6",
		"SELECT id FROM doc WHERE title > 'apple pie' AND title < 'banana' ORDER BY id": "2,3,6",
		"SELECT id FROM doc WHERE title IS NULL":                                        "5",
		"SELECT id FROM doc ORDER BY title DESC, id":                                    "4,3,6,2,1,5",
		"SELECT id FROM doc WHERE body = 'r2-recipe'":                                   "2",
		"SELECT id FROM doc WHERE body = 'r2-rec'":                                      "",
	} {
		if got := joined(q); got != want {
			t.Errorf("%s: got %q, want %q", q, got, want)
		}
	}
	// UNIQUE (body(6)): 'r1-recipe' and 'r1-recXYZ' share 'r1-rec'.
	_, err := db.ExecContext(ctx, "INSERT INTO doc VALUES (7,'x','r1-recXYZ')")
	wantPrivErr(t, "duplicate prefix", err, 1062, "23000", "Duplicate entry 'r1-rec' for key 'doc.u_body'")
	mustExec(t, ctx, db, "UPDATE doc SET body = 'r1-recipe-b' WHERE id = 1") // its own prefix: fine
	_, err = db.ExecContext(ctx, "UPDATE doc SET body = 'notes1 three' WHERE id = 1")
	wantPrivErr(t, "update onto a taken prefix", err, 1062, "23000", "Duplicate entry 'notes1' for key 'doc.u_body'")
	_, err = db.ExecContext(ctx, "ALTER TABLE doc ADD UNIQUE INDEX u_title (title(3))")
	wantPrivErr(t, "unique prefix over existing rows", err, 1062, "23000", "Duplicate entry 'app' for key 'doc.u_title'")
	mustExec(t, ctx, db, "ALTER TABLE doc ADD INDEX k_body2 (body(2), title(1))")
	if got := joined("SELECT id FROM doc WHERE body = 'notes2-two' AND title = 'banana'"); got != "4" {
		t.Fatalf("two prefix parts: %q", got)
	}

	// Key-length errors.
	for _, c := range []struct {
		sql   string
		code  uint16
		state string
		msg   string
	}{
		{"CREATE TABLE e (a INT, KEY (a(2)))", 1089, "HY000", "Incorrect prefix key; the used key part isn't a string, the used length is longer than the key part, or the storage engine doesn't support unique prefix keys"},
		{"CREATE TABLE e (v VARCHAR(10), KEY (v(11)))", 1089, "HY000", "Incorrect prefix key; the used key part isn't a string, the used length is longer than the key part, or the storage engine doesn't support unique prefix keys"},
		{"CREATE TABLE e (v VARCHAR(1000), KEY (v))", 1071, "42000", "Specified key was too long; max key length is 3072 bytes"},
		{"CREATE TABLE e (b TEXT, KEY (b))", 1170, "42000", "BLOB/TEXT column 'b' used in key specification without a key length"},
		{"CREATE INDEX e ON doc (title(800))", 1071, "42000", "Specified key was too long; max key length is 3072 bytes"},
	} {
		_, err := db.ExecContext(ctx, c.sql)
		wantPrivErr(t, c.sql, err, c.code, c.state, c.msg)
	}
	mustExec(t, ctx, db, "CREATE VIEW v_doc AS SELECT id FROM doc")
	_, err = db.ExecContext(ctx, "CREATE TABLE copy LIKE v_doc")
	wantPrivErr(t, "LIKE a view", err, 1347, "HY000", "'px.v_doc' is not BASE TABLE")

	// The prefixes are stored with the table.
	if st := s.terminate(30 * time.Second); st == nil || !st.Success() {
		t.Fatalf("shutdown: %v", st)
	}
	s2 := launch(t, s.datadir, nil)
	t.Cleanup(s2.cleanup)
	s2.mustBeReady()
	db = openDB(t, s2.dsnTCP("root", "", "px"))
	var name, create string
	if err := db.QueryRowContext(ctx, "SHOW CREATE TABLE doc").Scan(&name, &create); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"UNIQUE KEY `u_body` (`body`(6))", "KEY `k_title` (`title`(4))", "KEY `k_body2` (`body`(2),`title`(1))"} {
		if !strings.Contains(create, want) {
			t.Fatalf("SHOW CREATE TABLE after restart lacks %s:\n%s", want, create)
		}
	}
	if got := strings.Join(column(t, db, "SELECT CONCAT(INDEX_NAME, ':', SEQ_IN_INDEX, ':', IFNULL(SUB_PART, 'NULL')) FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = 'px' AND TABLE_NAME = 'doc' ORDER BY INDEX_NAME, SEQ_IN_INDEX"), ","); got != "k_body2:1:2,k_body2:2:1,k_title:1:4,PRIMARY:1:NULL,u_body:1:6" {
		t.Fatalf("STATISTICS after restart: %q", got)
	}
	_, err = db.ExecContext(ctx, "INSERT INTO doc VALUES (8,'y','r1-rec77')")
	wantPrivErr(t, "duplicate prefix after restart", err, 1062, "23000", "Duplicate entry 'r1-rec' for key 'doc.u_body'")
	if got := strings.Join(column(t, db, "SELECT id FROM doc WHERE title LIKE 'apple%' ORDER BY id"), ","); got != "1,2,6" {
		t.Fatalf("LIKE after restart: %q", got)
	}
}
