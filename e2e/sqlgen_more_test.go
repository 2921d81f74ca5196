package e2e

// The statement families sqlGen's core (sqlgen_test.go) leaves out: recursive and multiple
// CTEs, the full set of window functions with named windows and frames, savepoints in
// transactions, generated columns, temporary tables, foreign keys with cascades, the JSON
// functions beyond the common ones, prepared statements fed odd parameters, SET PERSIST /
// RESET PERSIST, huge numbers and strings, and deeply nested expressions. Everything here
// draws from the same seeded source, so a seed still replays the same statements.

import (
	"fmt"
	"strings"
)

// sqlGenSchemaMore creates the tables the extended families write against: g1 with
// generated columns (one indexed), fp/fc a parent and child under a cascading foreign key.
var sqlGenSchemaMore = []string{
	"CREATE TABLE g1 (id INT PRIMARY KEY, a INT, b VARCHAR(20), ga BIGINT AS (a * 2) STORED, gb VARCHAR(40) AS (CONCAT(b, '-', a)) VIRTUAL, " +
		"gj JSON AS (JSON_OBJECT('a', a)) VIRTUAL, KEY kga (ga))",
	"INSERT INTO g1 (id, a, b) VALUES (1, 1, 'one'), (2, NULL, 'two'), (3, -5, NULL), (4, 2147483647, 'max')",
	"CREATE TABLE fp (id INT PRIMARY KEY, name VARCHAR(20), UNIQUE KEY kn (name))",
	"CREATE TABLE fc (id INT PRIMARY KEY, pid INT, pname VARCHAR(20), v INT, " +
		"CONSTRAINT fk1 FOREIGN KEY (pid) REFERENCES fp (id) ON DELETE CASCADE ON UPDATE CASCADE, " +
		"CONSTRAINT fk2 FOREIGN KEY (pname) REFERENCES fp (name) ON DELETE SET NULL)",
	"INSERT INTO fp VALUES (1, 'p1'), (2, 'p2'), (3, NULL)",
	"INSERT INTO fc VALUES (1, 1, 'p1', 10), (2, 1, NULL, 20), (3, 2, 'p2', 30), (4, NULL, NULL, 40)",
}

// The tables above, so expressions and DML can name their columns.
var (
	sqlGenG1 = genTable{"g1", []string{"id", "a", "b", "ga", "gb", "gj"}}
	sqlGenFP = genTable{"fp", []string{"id", "name"}}
	sqlGenFC = genTable{"fc", []string{"id", "pid", "pname", "v"}}
)

// more is one statement of the extended families.
func (g *sqlGen) more() string {
	g.scope = nil
	switch g.n(12) {
	case 0:
		return g.recursiveCTE()
	case 1:
		return g.windowSelect()
	case 2:
		return g.savepoint()
	case 3:
		return g.generatedDML()
	case 4:
		return g.tempTable()
	case 5:
		return g.foreignKeyDML()
	case 6:
		g.scope = []scopeItem{{"t2", sqlGenTables[1]}}
		return "SELECT " + g.jsonFunction() + ", " + g.jsonFunction() + " FROM t2"
	case 7:
		return g.oddPrepared()
	case 8:
		return g.persist()
	case 9:
		return g.huge()
	case 10:
		return g.nested()
	default:
		return g.multiCTE()
	}
}

// recursiveCTE counts or walks with WITH RECURSIVE, sometimes past cte_max_recursion_depth
// or with a shape MySQL refuses.
func (g *sqlGen) recursiveCTE() string {
	limit := g.pick("5", "0", "-1", "1000", "1001", "NULL", "'3'", "2.5")
	step := g.pick("n + 1", "n * 2", "n + 0.5", "n - 1", "CONCAT(n, 'x')", "n + NULL")
	union := g.pick(" UNION ALL ", " UNION ", " UNION DISTINCT ")
	body := "SELECT " + g.pick("1", "CAST(1 AS DECIMAL(3,1))", "'a'", "NULL", "1e300") + union + "SELECT " + step + " FROM r WHERE n < " + limit
	switch g.n(6) {
	case 0: // recursive reference in a subquery or a join: refused shapes
		body += g.pick(" AND n IN (SELECT n FROM r)", " AND EXISTS (SELECT 1 FROM t1)", " LIMIT 3", " ORDER BY n")
	case 1:
		body = "SELECT 1" + union + "SELECT COUNT(*) FROM r" // aggregate in the recursive part: 3575
	case 2:
		body = "SELECT id FROM t1 WHERE id = 1" + union + "SELECT t1.id FROM r JOIN t1 ON t1.id = r.n + 1"
	}
	tail := g.pick("SELECT * FROM r", "SELECT COUNT(*), SUM(n), MAX(n) FROM r", "SELECT n FROM r ORDER BY n DESC LIMIT 2",
		"SELECT * FROM r a JOIN r b ON a.n = b.n", "SELECT * FROM t1 WHERE id IN (SELECT n FROM r)",
		"UPDATE t1 SET c = c WHERE id IN (SELECT n FROM r)", "DELETE FROM s1 WHERE id IN (SELECT n FROM r)")
	head := "WITH RECURSIVE r" + g.pick("(n)", "", "(n, m)") + " AS (" + body + ") "
	if strings.HasPrefix(tail, "UPDATE") || strings.HasPrefix(tail, "DELETE") {
		return head + tail
	}
	if g.chance(15) {
		return "SELECT * FROM (" + head + tail + ") dt"
	}
	if g.chance(10) {
		return "INSERT INTO s1 (id) " + head + "SELECT n + 500 FROM r"
	}
	return head + tail
}

// multiCTE chains non-recursive CTEs, one naming another, with column lists.
func (g *sqlGen) multiCTE() string {
	t := g.table()
	a := newSQLGenChild(g).selectOver(t)
	g.scope = []scopeItem{{"a", t}}
	col := t.cols[g.n(len(t.cols))]
	b := "SELECT " + col + ", COUNT(*) FROM a GROUP BY " + col
	s := "WITH a AS (" + a + "), b" + g.pick("", "(x, y)", "(x)") + " AS (" + b + ") "
	return s + g.pick("SELECT * FROM b", "SELECT * FROM a JOIN b", "SELECT (SELECT COUNT(*) FROM b), a.* FROM a",
		"SELECT * FROM b UNION SELECT * FROM b", "SELECT * FROM a WHERE EXISTS (SELECT 1 FROM b)")
}

// windowSelect is a SELECT whose items are window functions over one table, with named
// windows, explicit frames and the functions sqlGen.window leaves out.
func (g *sqlGen) windowSelect() string {
	t := g.table()
	g.scope = []scopeItem{{"w0", t}}
	spec := g.pick("", "PARTITION BY "+g.column()+" ") + g.pick("", "ORDER BY "+g.column()+g.pick("", " DESC")) + g.frame()
	var items []string
	for i := 0; i <= g.n(3); i++ {
		over := g.pick(" OVER w", " OVER (w)", " OVER ()", " OVER ("+spec+")", " OVER (w ORDER BY "+g.column()+")", " OVER nosuch")
		f := g.pick("ROW_NUMBER()", "RANK()", "DENSE_RANK()", "PERCENT_RANK()", "CUME_DIST()",
			"NTILE("+g.pick("1", "3", "0", "-1", "NULL", "a")+")",
			"LAG("+g.expr()+g.pick("", ", 1", ", 0", ", -1", ", 3, "+g.literal())+")",
			"LEAD("+g.expr()+g.pick("", ", 2", ", 18446744073709551615", ", 1, "+g.literal())+")",
			"FIRST_VALUE("+g.expr()+")", "LAST_VALUE("+g.expr()+")", "NTH_VALUE("+g.expr()+", "+g.pick("1", "2", "0", "100")+")",
			"SUM("+g.expr()+")", "AVG("+g.expr()+")", "MIN("+g.expr()+")", "MAX("+g.expr()+")", "COUNT("+g.expr()+")",
			"COUNT(*)", "BIT_OR("+g.expr()+")", "GROUP_CONCAT("+g.expr()+")")
		items = append(items, f+over)
	}
	s := "SELECT " + strings.Join(items, ", ") + " FROM " + t.name + " w0"
	if g.chance(40) {
		s += " WHERE " + g.expr()
	}
	if g.chance(20) {
		s += " GROUP BY " + g.column()
	}
	s += " WINDOW w AS (" + spec + ")"
	if g.chance(20) {
		s += ", w2 AS (w)"
	}
	if g.chance(40) {
		s += " ORDER BY " + g.pick("1", "2", g.column()) + g.pick("", " DESC")
	}
	if g.chance(25) {
		s += " LIMIT " + g.pick("1", "2, 1", "0")
	}
	return s
}

func (g *sqlGen) frame() string {
	if g.chance(40) {
		return ""
	}
	bound := func() string {
		return g.pick("UNBOUNDED PRECEDING", "UNBOUNDED FOLLOWING", "CURRENT ROW", "1 PRECEDING", "2 FOLLOWING",
			"0 PRECEDING", "18446744073709551615 FOLLOWING", "1.5 PRECEDING", "INTERVAL 1 DAY PRECEDING")
	}
	unit := g.pick(" ROWS ", " RANGE ")
	if g.chance(30) {
		return unit + bound()
	}
	return unit + "BETWEEN " + bound() + " AND " + bound()
}

// savepoint runs savepoint statements inside a transaction, with repeated, unknown and
// released names.
func (g *sqlGen) savepoint() string {
	name := g.pick("sp1", "sp2", "`sp 3`", "nosuch")
	switch g.n(6) {
	case 0:
		return "BEGIN"
	case 1:
		return "SAVEPOINT " + name
	case 2:
		return "ROLLBACK " + g.pick("", "WORK ") + "TO " + g.pick("", "SAVEPOINT ") + name
	case 3:
		return "RELEASE SAVEPOINT " + name
	case 4:
		return g.pick("INSERT INTO t1 (id, a) VALUES (", "REPLACE INTO t1 (id, a) VALUES (") + fmt.Sprint(600+g.n(20)) + ", " + g.literal() + ")"
	default:
		return g.pick("COMMIT", "ROLLBACK", "COMMIT AND CHAIN", "ROLLBACK AND NO CHAIN")
	}
}

// generatedDML writes g1, whose generated columns must follow (or refuse) each write, and
// sometimes changes its definition.
func (g *sqlGen) generatedDML() string {
	g.scope = []scopeItem{{"g1", sqlGenG1}}
	id := fmt.Sprint(10 + g.n(30))
	switch g.n(8) {
	case 0, 1:
		return "INSERT " + g.pick("", "IGNORE ") + "INTO g1 (id, a, b" + g.pick("", ", ga", ", gb") + ") VALUES (" + id + ", " +
			g.expr() + ", " + g.expr() + g.pick("", ", DEFAULT", ", 5") + ")" +
			g.pick("", " ON DUPLICATE KEY UPDATE a = a + 1", " ON DUPLICATE KEY UPDATE ga = 1")
	case 2:
		return "UPDATE g1 SET " + g.pick("a", "b", "ga", "gb") + " = " + g.expr() + g.pick("", " WHERE "+g.expr())
	case 3:
		return "REPLACE INTO g1 (id, a) VALUES (" + id + ", " + g.literal() + ")"
	case 4:
		return "SELECT " + g.expr() + ", ga, gb, gj FROM g1 WHERE ga " + g.pick("=", ">", "<", "IN (2, 4) OR ga =") + " " + g.literal()
	case 5:
		return "ALTER TABLE g1 " + g.pick("ADD COLUMN gx INT AS (a + id) "+g.pick("VIRTUAL", "STORED"), "DROP COLUMN gx",
			"DROP COLUMN a", "MODIFY gb VARCHAR(5) AS (CONCAT(b, a)) VIRTUAL", "ADD INDEX kgb (gb)", "DROP INDEX kgb",
			"ADD COLUMN gy INT AS (RAND()) STORED", "ADD COLUMN gz INT AS (gx + 1)", "RENAME COLUMN b TO bb")
	case 6:
		return "CREATE TABLE " + g.pick("s1", "s2") + " (id INT PRIMARY KEY, a INT, g " + g.pick("INT", "VARCHAR(3)", "DOUBLE", "JSON") +
			" AS (" + g.pick("a + 1", "a / 0", "CONCAT(a, a)", "(SELECT 1)", "@v", "NOW()", "id", "g", "nosuch") + ")" + g.pick("", " STORED", " VIRTUAL") + ")"
	default:
		return "DELETE FROM g1 WHERE " + g.expr()
	}
}

// tempTable creates, uses and drops a temporary table, sometimes one shadowing t1.
func (g *sqlGen) tempTable() string {
	name := g.pick("tt", "tt", "tt", "t1")
	switch g.n(7) {
	case 0:
		return "CREATE TEMPORARY TABLE " + g.pick("", "IF NOT EXISTS ") + name + " " +
			g.pick("(id INT PRIMARY KEY, a INT, b VARCHAR(20), KEY ka (a))", "LIKE t2", "AS SELECT * FROM t3", "SELECT id, a * 2 AS a FROM t1",
				"(id INT PRIMARY KEY, x INT) SELECT 1 AS id", "(id INT, FOREIGN KEY (id) REFERENCES fp (id))")
	case 1:
		if name == "t1" { // never the base table: the rest of the run needs it
			return "DROP TEMPORARY TABLE " + g.pick("", "IF EXISTS ") + name
		}
		return "DROP " + g.pick("TEMPORARY ", "") + "TABLE " + g.pick("", "IF EXISTS ") + name
	case 2:
		return "INSERT INTO tt " + g.pick("(id) VALUES ("+fmt.Sprint(g.n(10))+")", "SELECT * FROM tt", "(id, a) VALUES (1, 1), (2, 2)")
	case 3:
		g.scope = []scopeItem{{"tt", sqlGenTables[0]}}
		return "SELECT * FROM tt " + g.pick("", "JOIN t1 USING (id)", "AS x, tt AS y", "WHERE id IN (SELECT id FROM tt)")
	case 4:
		return g.pick("UPDATE tt SET a = a + 1", "DELETE FROM tt WHERE id > 1", "TRUNCATE TABLE tt", "ALTER TABLE tt ADD INDEX kx (id)",
			"ALTER TABLE tt RENAME TO tt2", "RENAME TABLE tt2 TO tt", "SHOW CREATE TABLE tt", "DESCRIBE tt", "CREATE VIEW vt AS SELECT * FROM tt")
	case 5:
		return g.pick("PREPARE pt FROM 'SELECT * FROM tt'", "EXECUTE pt", "START TRANSACTION READ ONLY", "COMMIT", "ROLLBACK")
	default:
		return "SELECT COUNT(*) FROM " + name
	}
}

// foreignKeyDML writes the parent and child of fp/fc so checks and cascades run, with
// foreign_key_checks sometimes off, and sometimes changes the constraints.
func (g *sqlGen) foreignKeyDML() string {
	pid := g.pick("1", "2", "3", "4", "9", "NULL", "'1'", "1.5")
	switch g.n(10) {
	case 0, 1:
		return "INSERT " + g.pick("", "IGNORE ") + "INTO fc VALUES (" + fmt.Sprint(10+g.n(20)) + ", " + pid + ", " + g.pick("'p1'", "'p2'", "'nope'", "NULL") + ", 1)"
	case 2:
		return "UPDATE fc SET pid = " + pid + " WHERE id = " + fmt.Sprint(1+g.n(5))
	case 3:
		return "DELETE FROM fp WHERE id = " + pid
	case 4:
		return "UPDATE fp SET " + g.pick("id = id + 10", "id = "+pid, "name = CONCAT(name, 'x')", "name = NULL") + " WHERE id = " + fmt.Sprint(1+g.n(4))
	case 5:
		return "INSERT INTO fp VALUES (" + fmt.Sprint(1+g.n(12)) + ", " + g.pick("'p1'", "'p"+fmt.Sprint(g.n(9))+"'", "NULL") + ")" +
			g.pick("", " ON DUPLICATE KEY UPDATE id = id + 100")
	case 6:
		return "SET " + g.pick("SESSION ", "") + "foreign_key_checks = " + g.pick("0", "1", "1", "ON")
	case 7:
		return g.pick("ALTER TABLE fc DROP FOREIGN KEY fk1", "ALTER TABLE fc ADD CONSTRAINT fk1 FOREIGN KEY (pid) REFERENCES fp (id) ON DELETE CASCADE",
			"ALTER TABLE fc ADD FOREIGN KEY (v) REFERENCES fc (id)", "ALTER TABLE fc ADD FOREIGN KEY (pid) REFERENCES nosuch (id)",
			"ALTER TABLE fp DROP INDEX kn", "ALTER TABLE fc MODIFY pid BIGINT", "TRUNCATE TABLE fp", "DROP TABLE fc",
			"ALTER TABLE fc ADD CONSTRAINT ck CHECK (v > 0)", "ALTER TABLE fc DROP CHECK ck")
	case 8:
		return "DELETE fp, fc FROM fp JOIN fc ON fc.pid = fp.id WHERE fp.id = " + pid
	default:
		return "SELECT * FROM fp LEFT JOIN fc ON fc.pid = fp.id ORDER BY fp.id, fc.id"
	}
}

// jsonFunction calls a JSON function with paths good and bad.
func (g *sqlGen) jsonFunction() string {
	e := g.expr
	path := func() string {
		return g.pick("'$'", "'$.a'", "'$[0]'", "'$[last]'", "'$[1 to 2]'", "'$.a[*]'", "'$**.b'", "'$.\"k y\"'", "'$.'", "'$['", "'x'", "NULL", e())
	}
	doc := func() string {
		return g.pick("j", "j", "'{\"a\": [1, 2, {\"b\": null}]}'", "'[]'", "'[[[[[1]]]]]'", "'bad json'", "NULL", "CAST(1 AS JSON)", e())
	}
	switch g.n(10) {
	case 0:
		return g.pick("JSON_ARRAY_APPEND", "JSON_ARRAY_INSERT", "JSON_SET", "JSON_INSERT", "JSON_REPLACE") + "(" + doc() + ", " + path() + ", " + e() +
			g.pick("", ", "+path()+", "+e()) + ")"
	case 1:
		return "JSON_REMOVE(" + doc() + ", " + path() + g.pick("", ", "+path()) + ")"
	case 2:
		return "JSON_CONTAINS_PATH(" + doc() + ", " + g.pick("'one'", "'all'", "'some'") + ", " + path() + g.pick("", ", "+path()) + ")"
	case 3:
		return "JSON_CONTAINS(" + doc() + ", " + doc() + g.pick("", ", "+path()) + ")"
	case 4:
		return "(" + e() + " MEMBER OF (" + doc() + "))"
	case 5:
		return g.pick("JSON_MERGE", "JSON_MERGE_PATCH", "JSON_MERGE_PRESERVE") + "(" + doc() + ", " + doc() + g.pick("", ", "+doc()) + ")"
	case 6:
		return g.pick("JSON_LENGTH", "JSON_KEYS", "JSON_EXTRACT") + "(" + doc() + ", " + path() + ")"
	case 7:
		return g.pick("JSON_DEPTH", "JSON_TYPE", "JSON_VALID", "JSON_UNQUOTE", "JSON_QUOTE") + "(" + doc() + ")"
	case 8:
		return "JSON_OBJECT(" + e() + ", " + doc() + g.pick("", ", "+e()) + ")"
	default:
		return "JSON_ARRAY(" + doc() + ", " + e() + ", " + g.literal() + ")"
	}
}

// oddPrepared feeds SQL prepared statements parameters of every type, edge values, NULL,
// too few or too many, and places a parameter where only a constant goes.
func (g *sqlGen) oddPrepared() string {
	switch g.n(4) {
	case 0:
		return "SET @" + g.pick("v", "a", "b") + " = " + g.pick(g.literal(), g.hugeNumber(), "REPEAT('z', 5000)", "CAST('2024-01-01' AS DATE)",
			"CAST(NULL AS JSON)", "JSON_ARRAY(1)", "0x00FF", "-0.0", "1e-320", "b'1'", "CAST(1 AS UNSIGNED) - 2")
	case 1:
		return "PREPARE p3 FROM '" + g.pick("SELECT * FROM t1 LIMIT ?", "SELECT * FROM t1 LIMIT ?, ?", "SELECT ? FROM t1 ORDER BY ?",
			"SELECT * FROM t1 WHERE id IN (?, ?, ?)", "SELECT CAST(? AS DECIMAL(65,30))", "SELECT ? + ? * ?",
			"SELECT * FROM t1 WHERE b LIKE ?", "SELECT JSON_EXTRACT(?, ?)", "UPDATE t1 SET c = ? WHERE id = ?",
			"INSERT INTO s1 VALUES (?, ?)", "SELECT * FROM t1 WHERE a BETWEEN ? AND ?", "SELECT ROUND(?, ?)",
			"SELECT SUM(a) OVER (ROWS ? PRECEDING) FROM t1", "SELECT ?", "DO ?", "SELECT ? = ?", "SET @x = ?",
			"WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < ?) SELECT COUNT(*) FROM r") + "'"
	case 2:
		return "EXECUTE p3" + g.pick("", " USING @v", " USING @a, @b", " USING @v, @a, @b", " USING @v, @v, @v, @v", " USING @nosuch, @v")
	default:
		return g.pick("DEALLOCATE PREPARE p3", "PREPARE p3 FROM 'SELECT ? ?'", "PREPARE p3 FROM ''", "PREPARE p3 FROM @nosuch",
			"PREPARE p3 FROM 'PREPARE q FROM ''SELECT 1'''", "PREPARE p3 FROM 'EXECUTE p3'", "PREPARE p3 FROM 'BEGIN'")
	}
}

// persist sets and resets persisted globals, harmless ones only: the run must keep going.
func (g *sqlGen) persist() string {
	v := g.pick("long_query_time", "group_concat_max_len", "cte_max_recursion_depth", "max_execution_time", "sql_mode", "nosuch_var",
		"autocommit", "innodb_lock_wait_timeout", "div_precision_increment")
	val := g.pick("1", "0", "DEFAULT", "100", "-1", "'x'", "1.5", "18446744073709551616", "NULL", "''", "ON")
	switch g.n(4) {
	case 0, 1:
		return "SET " + g.pick("PERSIST ", "PERSIST_ONLY ", "@@persist.", "@@persist_only.") + v + " = " + val
	case 2:
		return "RESET PERSIST" + g.pick("", " IF EXISTS "+v, " "+v)
	default:
		return g.pick("SELECT * FROM performance_schema.persisted_variables", "SHOW VARIABLES LIKE 'long_query%'",
			"SELECT @@global.group_concat_max_len, @@persist.long_query_time", "SET GLOBAL "+v+" = "+val)
	}
}

// hugeNumber is a numeric literal past what a type holds: more digits than DECIMAL's 65
// (and the parser's 81), exponents past DOUBLE's range, integers past 64 bits.
func (g *sqlGen) hugeNumber() string {
	digits := strings.Repeat(g.pick("9", "1", "0", "7"), g.pick2(20, 66, 81, 82, 100, 300))
	switch g.n(7) {
	case 0:
		return digits
	case 1:
		return "-" + digits + "." + digits
	case 2:
		return "0." + digits
	case 3:
		return "1" + g.pick("e", "E") + g.pick("309", "-400", "+99999", "400000000000000000000")
	case 4:
		return digits + "e" + g.pick("-300", "10", "0")
	case 5:
		return "0x" + strings.Repeat("F", g.pick2(16, 17, 64, 300))
	default:
		return "b'" + strings.Repeat("1", g.pick2(64, 65, 200)) + "'"
	}
}

// pick2 picks one of some ints.
func (g *sqlGen) pick2(v ...int) int { return v[g.n(len(v))] }

// huge puts huge numbers and long strings where values go.
func (g *sqlGen) huge() string {
	// Not longer: a stored 70000-character value later met "v REGEXP v", which Go's regexp
	// matches case-insensitively in time proportional to pattern times text (7 s a row);
	// MySQL stops such a match with 3699 (regexp_time_limit). Left as a known limit.
	long := "'" + strings.Repeat(g.pick("a", "é", "𝄞", "\\\\", "''"), g.pick2(256, 1000, 5000)) + "'"
	switch g.n(8) {
	case 0:
		return "SELECT " + g.hugeNumber() + g.pick("", " + 1", " * 2", " DIV 3", " % 7", " = "+g.hugeNumber())
	case 1:
		return "SELECT CAST(" + g.hugeNumber() + " AS " + g.pick("DECIMAL(65,30)", "SIGNED", "UNSIGNED", "DOUBLE", "CHAR", "DATE", "TIME", "YEAR", "JSON") + ")"
	case 2:
		return "INSERT IGNORE INTO t1 (id, a, c, e) VALUES (" + fmt.Sprint(700+g.n(10)) + ", " + g.hugeNumber() + ", " + g.hugeNumber() + ", " + g.hugeNumber() + ")"
	case 3:
		return "INSERT " + g.pick("", "IGNORE ") + "INTO t3 (k, v, bl) VALUES ('h" + fmt.Sprint(g.n(9)) + "', " + long + ", " + long + ")"
	case 4:
		return "SELECT " + g.pick("LENGTH", "UPPER", "HEX", "MD5", "REVERSE", "SOUNDEX", "JSON_QUOTE", "TO_BASE64", "CRC32") + "(" + long + ")"
	case 5:
		return "SELECT " + g.pick("REPEAT('ab', ", "SPACE(", "LPAD('x', ", "RPAD('x', ", "LEFT('abc', ", "SUBSTRING('abc', ") + g.hugeNumber() +
			g.pick(")", ", 'y')")
	case 6:
		return "SELECT " + g.pick("ROUND", "TRUNCATE", "FORMAT") + "(" + g.hugeNumber() + ", " + g.pick("0", "30", "-100", "100", g.hugeNumber()) + ")"
	default:
		return "SELECT * FROM t1 WHERE " + g.pick("id", "a", "e", "c", "b") + g.pick(" = ", " < ", " IN (1, ", " BETWEEN 0 AND ") + g.hugeNumber() +
			g.pick("", ")")
	}
}

// nested builds an expression nested far deeper than expr's bound: chains of operators,
// parentheses, function calls, CASE and subqueries.
func (g *sqlGen) nested() string {
	depth := g.pick2(20, 60, 200, 1000)
	var open, close string
	switch g.n(7) {
	case 0:
		open, close = "(", ")"
	case 1:
		open, close = "-(", ")"
	case 2:
		open, close = "CONCAT('x', ", ")"
	case 3:
		open, close = "ABS(1 + ", ")"
	case 4:
		open, close = "CASE WHEN 1 THEN ", " END"
	case 5:
		open, close = "(SELECT ", ")"
		depth = g.pick2(5, 20, 70)
	default:
		open, close = "NOT (", ")"
	}
	inner := g.pick("1", "a", "NULL", "'s'")
	e := strings.Repeat(open, depth) + inner + strings.Repeat(close, depth)
	if g.chance(30) { // a long flat chain instead of nesting
		e = "1" + strings.Repeat(g.pick(" + 1", " AND 1", " OR a", " || 'x'", " * 1.5"), depth)
	}
	return "SELECT " + e + g.pick("", " FROM t1", " FROM t1 WHERE "+e)
}
