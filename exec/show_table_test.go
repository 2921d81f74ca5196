package exec

import (
	"fmt"
	"testing"

	"github.com/loopdb/loopdb/mysqldef"
)

const sbtestDDL = "CREATE TABLE sbtest1 (id INTEGER NOT NULL AUTO_INCREMENT, k INTEGER DEFAULT '0' NOT NULL, " +
	"c CHAR(120) DEFAULT '' NOT NULL, pad CHAR(60) DEFAULT '' NOT NULL, PRIMARY KEY (id))"

func TestShowCreateTable(t *testing.T) {
	s := setupDB(t)
	one(t, s, sbtestDDL)
	one(t, s, "INSERT INTO sbtest1 (k, c, pad) VALUES (1, 'a', 'b'), (2, 'c', 'd')")
	one(t, s, "CREATE INDEX k_1 ON sbtest1(k)")
	r := one(t, s, "SHOW CREATE TABLE sbtest1")
	want := "CREATE TABLE `sbtest1` (\n" +
		"  `id` int NOT NULL AUTO_INCREMENT,\n" +
		"  `k` int NOT NULL DEFAULT '0',\n" +
		"  `c` char(120) NOT NULL DEFAULT '',\n" +
		"  `pad` char(60) NOT NULL DEFAULT '',\n" +
		"  PRIMARY KEY (`id`),\n" +
		"  KEY `k_1` (`k`)\n" +
		") ENGINE=InnoDB AUTO_INCREMENT=3 DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_0900_ai_ci"
	if r.rows[0][0] != "sbtest1" || r.rows[0][1] != want {
		t.Fatalf("got\n%s\nwant\n%s", r.rows[0][1], want)
	}
	one(t, s, "CREATE TABLE x (a VARCHAR(10) COLLATE utf8mb4_bin, b TEXT, ts TIMESTAMP NULL, "+
		"u DATETIME(3) DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3), d DECIMAL(10,2) DEFAULT 1.5 COMMENT 'it''s', "+
		"UNIQUE KEY ua (a, d)) COMMENT='tbl'")
	r = one(t, s, "SHOW CREATE TABLE x")
	want = "CREATE TABLE `x` (\n" +
		"  `a` varchar(10) COLLATE utf8mb4_bin DEFAULT NULL,\n" +
		"  `b` text,\n" +
		"  `ts` timestamp NULL DEFAULT NULL,\n" +
		"  `u` datetime(3) DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),\n" +
		"  `d` decimal(10,2) DEFAULT '1.50' COMMENT 'it\\'s',\n" +
		"  UNIQUE KEY `ua` (`a`,`d`)\n" +
		") ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_0900_ai_ci COMMENT='tbl'"
	if r.rows[0][1] != want {
		t.Fatalf("got\n%s\nwant\n%s", r.rows[0][1], want)
	}
	wantErr(t, s, "SHOW CREATE TABLE nosuch", mysqldef.ErrNoSuchTable, "Table 'd.nosuch' doesn't exist")
}

func TestShowColumnsIndexStatus(t *testing.T) {
	s := setupDB(t)
	one(t, s, sbtestDDL)
	one(t, s, "ALTER TABLE sbtest1 ADD KEY k_1 (k), ADD UNIQUE (pad), ADD ts TIMESTAMP DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP")
	one(t, s, "INSERT INTO sbtest1 (k, c, pad) VALUES (1, 'a', 'b'), (2, 'c', 'd')")
	r := one(t, s, "SHOW COLUMNS FROM sbtest1")
	got := fmt.Sprint(r.rows)
	want := "[[id int NO PRI NULL auto_increment] [k int NO MUL 0 ] [c char(120) NO   ] [pad char(60) NO UNI  ] " +
		"[ts timestamp YES  CURRENT_TIMESTAMP DEFAULT_GENERATED on update CURRENT_TIMESTAMP]]"
	if got != want {
		t.Fatalf("got  %s\nwant %s", got, want)
	}
	if r := one(t, s, "DESCRIBE sbtest1"); len(r.rows) != 5 || r.cols[0].Name != "Field" {
		t.Fatal(r.rows)
	}
	if r := one(t, s, "DESC sbtest1 k"); fmt.Sprint(r.rows) != "[[k int NO MUL 0 ]]" {
		t.Fatal(r.rows)
	}
	r = one(t, s, "SHOW FULL COLUMNS FROM sbtest1 FROM d LIKE 'c'")
	if len(r.cols) != 9 || fmt.Sprint(r.rows) != "[[c char(120) utf8mb4_0900_ai_ci NO    select,insert,update,references ]]" {
		t.Fatal(len(r.cols), r.rows)
	}
	r = one(t, s, "SHOW INDEX FROM sbtest1")
	if len(r.cols) != 15 || len(r.rows) != 3 {
		t.Fatal(r.cols, r.rows)
	}
	if fmt.Sprint(r.rows[0][:5], r.rows[1][:5], r.rows[2][:5]) != "[sbtest1 0 PRIMARY 1 id] [sbtest1 0 pad 1 pad] [sbtest1 1 k_1 1 k]" {
		t.Fatal(r.rows)
	}
	r = one(t, s, "SHOW TABLE STATUS LIKE 'sbtest%'")
	if len(r.cols) != 18 || len(r.rows) != 1 || r.rows[0][0] != "sbtest1" || r.rows[0][1] != "InnoDB" ||
		r.rows[0][4] != "2" || r.rows[0][10] != "3" || r.rows[0][14] != "utf8mb4_0900_ai_ci" {
		t.Fatal(r.rows)
	}
	if r := one(t, s, "SHOW TABLE STATUS WHERE Name = 'nosuch'"); len(r.rows) != 0 {
		t.Fatal(r.rows)
	}
	for _, q := range []string{"SHOW TRIGGERS", "SHOW EVENTS", "SHOW PROCEDURE STATUS WHERE Db = 'd'", "SHOW FUNCTION STATUS"} {
		if r := one(t, s, q); len(r.rows) != 0 || len(r.cols) == 0 {
			t.Fatal(q, r)
		}
	}
	wantErr(t, s, "SHOW COLUMNS FROM nosuch", mysqldef.ErrNoSuchTable, "doesn't exist")
}

func TestInformationSchema(t *testing.T) {
	s := setupDB(t)
	one(t, s, sbtestDDL)
	one(t, s, "CREATE INDEX k_1 ON sbtest1(k)")
	one(t, s, "CREATE TABLE other (a VARCHAR(5) PRIMARY KEY, b INT UNIQUE)")
	one(t, s, "INSERT INTO sbtest1 (k, c, pad) VALUES (1, 'a', 'b'), (2, 'c', 'd')")
	r := one(t, s, "SELECT table_name, table_type, engine, table_rows FROM information_schema.tables WHERE table_schema = DATABASE() ORDER BY table_name")
	if fmt.Sprint(r.rows) != "[[other BASE TABLE InnoDB 0] [sbtest1 BASE TABLE InnoDB 2]]" {
		t.Fatal(r.rows)
	}
	r = one(t, s, "SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_SCHEMA = 'd' AND TABLE_NAME LIKE 'sb%'")
	if r.rows[0][0] != "1" {
		t.Fatal(r.rows)
	}
	r = one(t, s, "SELECT column_name, ordinal_position, column_default, is_nullable, data_type, character_maximum_length, "+
		"numeric_precision, column_type, column_key, extra FROM information_schema.columns WHERE table_schema = 'd' AND table_name = 'sbtest1'")
	want := "[[id 1 NULL NO int NULL 10 int PRI auto_increment] [k 2 0 NO int NULL 10 int MUL ] " +
		"[c 3  NO char 120 NULL char(120)  ] [pad 4  NO char 60 NULL char(60)  ]]"
	if fmt.Sprint(r.rows) != want {
		t.Fatalf("got  %s\nwant %s", r.rows, want)
	}
	r = one(t, s, "SELECT index_name, non_unique, seq_in_index, column_name FROM information_schema.statistics WHERE table_name = 'other'")
	if fmt.Sprint(r.rows) != "[[PRIMARY 0 1 a] [b 0 1 b]]" {
		t.Fatal(r.rows)
	}
	r = one(t, s, "SELECT constraint_name, column_name FROM information_schema.key_column_usage WHERE table_schema = 'd' ORDER BY table_name, constraint_name")
	if fmt.Sprint(r.rows) != "[[b b] [PRIMARY a] [PRIMARY id]]" {
		t.Fatal(r.rows)
	}
	r = one(t, s, "SELECT schema_name, default_character_set_name FROM information_schema.schemata WHERE schema_name = 'd'")
	if fmt.Sprint(r.rows) != "[[d utf8mb4]]" {
		t.Fatal(r.rows)
	}
	if r := one(t, s, "SELECT * FROM information_schema.routines WHERE routine_schema = 'd'"); len(r.rows) != 0 {
		t.Fatal(r.rows)
	}
	one(t, s, "USE information_schema")
	if r := one(t, s, "SELECT table_name FROM tables WHERE table_name = 'other'"); fmt.Sprint(r.rows) != "[[other]]" {
		t.Fatal(r.rows)
	}
	wantErr(t, s, "SELECT * FROM information_schema.nosuch", mysqldef.ErrUnknownTable, "Unknown table 'NOSUCH' in information_schema")
}
