package exec

import (
	"strings"
	"testing"

	"github.com/loopdb/loopdb/mysqldef"
)

// Views: reading them (joins, WHERE, nested views, column lists), their
// DDL and its errors, and what SHOW and information_schema say of them.
func TestViews(t *testing.T) {
	s := tableSession(t)
	mustExec(t, s,
		"CREATE TABLE a (id INT PRIMARY KEY, v VARCHAR(10))",
		"CREATE TABLE b (id INT PRIMARY KEY, aid INT, w INT)",
		"INSERT INTO a VALUES (1,'x'),(2,'y'),(3,'z')",
		"INSERT INTO b VALUES (10,1,5),(11,3,6),(12,3,7)",
		"CREATE VIEW va AS SELECT id, v FROM a WHERE id > 1",
		"CREATE ALGORITHM=MERGE SQL SECURITY INVOKER VIEW vb (k, total) AS SELECT aid, SUM(w) FROM b GROUP BY aid",
		"CREATE VIEW vv AS SELECT va.v, vb.total FROM va JOIN vb ON vb.k = va.id")
	cases := []struct{ sql, want string }{
		{"SELECT id, v FROM va ORDER BY id", "2,y;3,z"},
		{"SELECT v FROM va WHERE id = 3", "z"},
		{"SELECT k, total FROM vb ORDER BY k", "1,5;3,13"},
		{"SELECT * FROM vv", "z,13"},
		{"SELECT a.v, x.total FROM a LEFT JOIN vb x ON x.k = a.id ORDER BY a.id", "x,5;y,NULL;z,13"},
		{"SELECT COUNT(*) FROM va", "2"},
		{"SELECT id FROM a WHERE id IN (SELECT k FROM vb) ORDER BY id", "1;3"},
		// A view does not see the statement's CTEs: its va is the view.
		{"WITH a AS (SELECT 99 AS id, 'q' AS v) SELECT COUNT(*) FROM va", "2"},
		{"SHOW FULL TABLES", "a,BASE TABLE;b,BASE TABLE;va,VIEW;vb,VIEW;vv,VIEW"},
		{"SELECT TABLE_NAME, TABLE_TYPE, ENGINE, TABLE_COMMENT FROM information_schema.TABLES WHERE TABLE_SCHEMA = 'd' AND TABLE_NAME LIKE 'v%' ORDER BY 1",
			"va,VIEW,NULL,VIEW;vb,VIEW,NULL,VIEW;vv,VIEW,NULL,VIEW"},
		{"SELECT TABLE_NAME, VIEW_DEFINITION, CHECK_OPTION, SECURITY_TYPE, DEFINER FROM information_schema.VIEWS ORDER BY 1",
			"va,SELECT id, v FROM a WHERE id > 1,NONE,DEFINER,root@localhost;" +
				"vb,SELECT aid, SUM(w) FROM b GROUP BY aid,NONE,INVOKER,root@localhost;" +
				"vv,SELECT va.v, vb.total FROM va JOIN vb ON vb.k = va.id,NONE,DEFINER,root@localhost"},
		{"SELECT COLUMN_NAME FROM information_schema.COLUMNS WHERE TABLE_NAME = 'vb' ORDER BY ORDINAL_POSITION", "k;total"},
	}
	for _, c := range cases {
		if got := rowsOf(t, s, c.sql); got != c.want {
			t.Errorf("%s: got %q want %q", c.sql, got, c.want)
		}
	}
	if got := rowsOf(t, s, "SHOW CREATE VIEW vb"); got != "vb,CREATE ALGORITHM=MERGE DEFINER=`root`@`localhost` SQL SECURITY INVOKER VIEW `vb` (`k`,`total`) AS SELECT aid, SUM(w) FROM b GROUP BY aid,utf8mb4,utf8mb4_0900_ai_ci" {
		t.Errorf("SHOW CREATE VIEW: %q", got)
	}
	if got := rowsOf(t, s, "SHOW CREATE TABLE va"); !strings.HasPrefix(got, "va,CREATE ALGORITHM=UNDEFINED DEFINER=`root`@`localhost` SQL SECURITY DEFINER VIEW `va` AS SELECT id, v FROM a WHERE id > 1") {
		t.Errorf("SHOW CREATE TABLE of a view: %q", got)
	}
	if got := rowsOf(t, s, "SHOW TABLE STATUS LIKE 'va'"); !strings.HasPrefix(got, "va,NULL,") || !strings.HasSuffix(got, ",VIEW") {
		t.Errorf("SHOW TABLE STATUS of a view: %q", got)
	}

	// A view follows its tables; OR REPLACE and ALTER VIEW redefine it.
	mustExec(t, s, "INSERT INTO a VALUES (4,'w')")
	if got := rowsOf(t, s, "SELECT v FROM va ORDER BY id"); got != "y;z;w" {
		t.Errorf("after an insert: %q", got)
	}
	mustExec(t, s, "CREATE OR REPLACE VIEW va AS SELECT id FROM a WHERE id < 3")
	if got := rowsOf(t, s, "SELECT * FROM va ORDER BY id"); got != "1;2" {
		t.Errorf("after OR REPLACE: %q", got)
	}
	mustExec(t, s, "ALTER ALGORITHM=UNDEFINED VIEW va (n) AS SELECT id * 10 FROM a WHERE id = 1 WITH CASCADED CHECK OPTION")
	if got := rowsOf(t, s, "SELECT n FROM va"); got != "10" {
		t.Errorf("after ALTER VIEW: %q", got)
	}
	if got := rowsOf(t, s, "SELECT CHECK_OPTION FROM information_schema.VIEWS WHERE TABLE_NAME = 'va'"); got != "CASCADED" {
		t.Errorf("check option: %q", got)
	}

	wantErr(t, s, "CREATE VIEW va AS SELECT 1", mysqldef.ErrTableExists, "Table 'va' already exists")
	wantErr(t, s, "CREATE OR REPLACE VIEW a AS SELECT 1", mysqldef.ErrWrongObject, "'d.a' is not VIEW")
	wantErr(t, s, "CREATE TABLE va (x INT)", mysqldef.ErrTableExists, "already exists")
	wantErr(t, s, "CREATE VIEW bad AS SELECT * FROM nosuch", mysqldef.ErrNoSuchTable, "nosuch")
	wantErr(t, s, "CREATE VIEW bad AS SELECT nocol FROM a", mysqldef.ErrBadField, "nocol")
	wantErr(t, s, "CREATE VIEW bad (p, q) AS SELECT id FROM a", mysqldef.ErrViewWrongList, "different column counts")
	wantErr(t, s, "CREATE VIEW bad AS SELECT id, id FROM a", mysqldef.ErrDupFieldName, "Duplicate column name 'id'")
	wantErr(t, s, "ALTER VIEW nosuch AS SELECT 1", mysqldef.ErrNoSuchTable, "d.nosuch")
	wantErr(t, s, "ALTER VIEW a AS SELECT 1", mysqldef.ErrWrongObject, "'d.a' is not VIEW")
	wantErr(t, s, "SHOW CREATE VIEW a", mysqldef.ErrWrongObject, "'d.a' is not VIEW")
	wantErr(t, s, "DROP VIEW a", mysqldef.ErrWrongObject, "'d.a' is not VIEW")
	wantErr(t, s, "DROP VIEW nosuch", mysqldef.ErrBadTable, "Unknown table 'd.nosuch'")
	wantErr(t, s, "DROP TABLE vv", mysqldef.ErrBadTable, "Unknown table 'd.vv'")
	wantErr(t, s, "INSERT INTO va VALUES (5)", mysqldef.ErrNonInsertableTable, "The target table va of the INSERT is not insertable-into")
	wantErr(t, s, "UPDATE va SET n = 1", mysqldef.ErrNonUpdatableTable, "of the UPDATE")
	wantErr(t, s, "DELETE FROM va", mysqldef.ErrNonUpdatableTable, "of the DELETE")
	wantErr(t, s, "ALTER TABLE va ADD COLUMN c INT", mysqldef.ErrWrongObject, "'d.va' is not BASE TABLE")
	wantErr(t, s, "TRUNCATE TABLE va", mysqldef.ErrWrongObject, "is not BASE TABLE")

	// mariadb-dump wraps CREATE VIEW in versioned comments; the view keeps
	// the SELECT without the comment's end.
	mustExec(t, s, "/*!50001 CREATE ALGORITHM=UNDEFINED */ /*!50013 DEFINER=`root`@`localhost` SQL SECURITY DEFINER */ /*!50001 VIEW `vc` AS SELECT 1 AS one */")
	if got := rowsOf(t, s, "SELECT VIEW_DEFINITION, one FROM information_schema.VIEWS, vc WHERE TABLE_NAME = 'vc'"); got != "SELECT 1 AS one,1" {
		t.Errorf("a view created in versioned comments: %q", got)
	}
	mustExec(t, s, "DROP VIEW vc")

	wantErr(t, s, "CREATE VIEW bad AS SELECT @x", mysqldef.ErrViewSelectVariable, "View's SELECT contains a variable or parameter")
	mustExec(t, s, "CREATE VIEW sysvar AS SELECT @@autocommit AS ac", "DROP VIEW sysvar")

	// LOCK TABLES of a view locks the tables it reads, for use through
	// the view only.
	mustExec(t, s, "LOCK TABLES va READ")
	if got := rowsOf(t, s, "SELECT n FROM va"); got != "10" {
		t.Errorf("a locked view: %q", got)
	}
	wantErr(t, s, "SELECT * FROM a", mysqldef.ErrTableNotLocked, "Table 'a' was not locked with LOCK TABLES")
	mustExec(t, s, "UNLOCK TABLES")

	// RENAME TABLE moves a view within its database only.
	mustExec(t, s, "RENAME TABLE va TO va2", "CREATE DATABASE other")
	if got := rowsOf(t, s, "SELECT n FROM va2"); got != "10" {
		t.Errorf("a renamed view: %q", got)
	}
	wantErr(t, s, "RENAME TABLE va2 TO other.va", mysqldef.ErrForbidSchemaChange, "Changing schema from 'd' to 'other' is not allowed.")
	mustExec(t, s, "RENAME TABLE va2 TO va")

	// A view whose table is gone fails when read, with 1356.
	mustExec(t, s, "CREATE TABLE gone (x INT)", "CREATE VIEW vgone AS SELECT x FROM gone", "DROP TABLE gone")
	wantErr(t, s, "SELECT * FROM vgone", mysqldef.ErrViewInvalid, "View 'd.vgone' references invalid table(s)")

	r := one(t, s, "DROP VIEW IF EXISTS vgone, nosuch")
	_ = r
	if got := rowsOf(t, s, "SHOW WARNINGS"); got != "Note,1051,Unknown table 'd.nosuch'" {
		t.Errorf("DROP VIEW IF EXISTS warnings: %q", got)
	}
	mustExec(t, s, "DROP VIEW vv, vb")
	if got := rowsOf(t, s, "SHOW FULL TABLES"); got != "a,BASE TABLE;b,BASE TABLE;va,VIEW" {
		t.Errorf("after DROP VIEW: %q", got)
	}
}

// A view is kept in the catalog: it survives a restart.
func TestViewPersists(t *testing.T) {
	s := tableSession(t)
	mustExec(t, s, "CREATE TABLE p (id INT PRIMARY KEY)", "INSERT INTO p VALUES (1),(2)",
		"CREATE VIEW pv (n) AS SELECT id * 2 FROM p")
	if err := s.eng.Close(); err != nil {
		t.Fatal(err)
	}
	eng, err := NewEngine(Config{Version: "test"}, s.eng.store, nil)
	if err != nil {
		t.Fatal(err)
	}
	s2 := eng.NewSession(2, "localhost", nil, nil)
	s2.Login("root", "localhost", ClientOptions{}, "d")
	if got := rowsOf(t, s2, "SELECT n FROM pv ORDER BY n"); got != "2;4" {
		t.Fatalf("view after reopen: %q", got)
	}
	if got := rowsOf(t, s2, "SHOW FULL TABLES"); got != "p,BASE TABLE;pv,VIEW" {
		t.Fatalf("SHOW FULL TABLES after reopen: %q", got)
	}
}

// View privileges: CREATE VIEW needs CREATE VIEW on the view and SELECT
// on what it reads; reading one needs SELECT on the view, and its tables
// are checked against the definer (SQL SECURITY DEFINER) or the reader
// (INVOKER); SHOW CREATE VIEW needs SHOW VIEW and SELECT.
func TestViewPrivileges(t *testing.T) {
	root, app := privSessions(t)
	mustExec(t, root, "CREATE VIEW d.vt AS SELECT id, v FROM t WHERE id = 1",
		"CREATE SQL SECURITY INVOKER VIEW d.vi AS SELECT id FROM t")
	wantErr(t, app, "SELECT * FROM d.vt", mysqldef.ErrTableAccessDenied, "SELECT command denied to user 'app'@'10.0.0.9' for table 'vt'")
	mustExec(t, root, "GRANT SELECT ON d.vt TO app", "GRANT SELECT ON d.vi TO app")
	// The definer (root) may read t, so app reads the view but not t.
	if got := rowsOf(t, app, "SELECT v FROM d.vt"); got != "10" {
		t.Errorf("SELECT through a DEFINER view: %q", got)
	}
	wantErr(t, app, "SELECT * FROM d.t", mysqldef.ErrTableAccessDenied, "for table 't'")
	wantErr(t, app, "SELECT * FROM d.vi", mysqldef.ErrViewInvalid, "View 'd.vi' references invalid table(s)")
	wantErr(t, app, "SHOW CREATE VIEW d.vt", mysqldef.ErrTableAccessDenied, "SHOW VIEW command denied")
	wantErr(t, app, "SHOW CREATE TABLE d.vt", mysqldef.ErrTableAccessDenied, "SHOW VIEW command denied")
	if got := rowsOf(t, app, "SELECT TABLE_NAME, VIEW_DEFINITION FROM information_schema.VIEWS ORDER BY 1"); got != "vi,;vt," {
		t.Errorf("VIEWS without SHOW VIEW: %q", got)
	}
	wantErr(t, app, "CREATE VIEW d.mine AS SELECT 1", mysqldef.ErrTableAccessDenied, "CREATE VIEW command denied")
	mustExec(t, root, "GRANT SHOW VIEW, CREATE VIEW ON d.* TO app")
	if got := rowsOf(t, app, "SHOW CREATE VIEW d.vt"); !strings.HasPrefix(got, "vt,CREATE ALGORITHM=UNDEFINED DEFINER=`root`@`localhost`") {
		t.Errorf("SHOW CREATE VIEW with SHOW VIEW: %q", got)
	}
	// Creating a view over t needs SELECT on t.
	wantErr(t, app, "CREATE VIEW d.mine AS SELECT * FROM d.t", mysqldef.ErrTableAccessDenied, "SELECT command denied")
	mustExec(t, app, "CREATE VIEW d.mine AS SELECT 1 AS one")
	// Another account as DEFINER needs SUPER: the view would read with
	// that account's privileges.
	wantErr(t, app, "CREATE DEFINER=`root`@`localhost` VIEW d.steal AS SELECT * FROM d.t", mysqldef.ErrSpecificAccessDenied,
		"you need (at least one of) the SUPER or SET_USER_ID privilege(s)")
	wantErr(t, app, "CREATE DEFINER=root@localhost VIEW d.steal AS SELECT 1", mysqldef.ErrSpecificAccessDenied, "SUPER")
	mustExec(t, app, "CREATE DEFINER=app@'%' VIEW d.own AS SELECT 2 AS two")
	wantErr(t, app, "DROP VIEW d.own", mysqldef.ErrTableAccessDenied, "DROP command denied")
	mustExec(t, root, "DROP VIEW d.own")
	// OR REPLACE also needs DROP, as in MySQL. A view app defines over
	// vt reads vt as app, who may.
	wantErr(t, app, "CREATE OR REPLACE VIEW d.mine AS SELECT v FROM d.vt", mysqldef.ErrTableAccessDenied, "DROP command denied")
	mustExec(t, root, "GRANT DROP ON d.mine TO app")
	mustExec(t, app, "CREATE OR REPLACE VIEW d.mine AS SELECT v FROM d.vt")
	wantErr(t, app, "SELECT * FROM d.mine", mysqldef.ErrTableAccessDenied, "for table 'mine'")
	mustExec(t, root, "GRANT SELECT ON d.mine TO app")
	if got := rowsOf(t, app, "SELECT v FROM d.mine"); got != "10" {
		t.Errorf("a view over a view: %q", got)
	}
	// A DEFINER view whose definer is gone cannot be read (MySQL 8: 1449).
	mustExec(t, root, "CREATE USER gone@'%'", "GRANT SELECT ON d.* TO gone@'%'",
		"CREATE DEFINER=gone@'%' VIEW d.orphan AS SELECT v FROM t WHERE id = 1", "GRANT SELECT ON d.orphan TO app")
	if got := rowsOf(t, app, "SELECT v FROM d.orphan"); got != "10" {
		t.Errorf("a view of another definer: %q", got)
	}
	mustExec(t, root, "DROP USER gone@'%'")
	wantErr(t, app, "SELECT v FROM d.orphan", mysqldef.ErrNoSuchDefiner, "The user specified as a definer ('gone'@'%') does not exist")
}
