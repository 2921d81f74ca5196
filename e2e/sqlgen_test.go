package e2e

// sqlGen composes random SQL over a small fixed schema: expressions of every shape the
// executor knows (operators, built-in functions, casts, CASE, subqueries of every kind),
// SELECTs with joins, derived tables, CTEs, GROUP BY/HAVING, window functions, ORDER BY,
// LIMIT and UNION, and DML, DDL, transactions, variables and SQL PREPARE around them (and,
// in sqlgen_more_test.go, the families that need their own tables or shapes). It is
// seeded, so a seed replays the same statements; most statements are meant to run, many are
// meant to fail (wrong types, unknown columns, unsupported features): the server must answer
// each with a result or an error, never a panic. TestSQLNeverPanics drives it.

import (
	"fmt"
	"math/rand"
	"strings"
)

// sqlGenSchema creates the tables the generator writes against and a few rows in each.
var sqlGenSchema = []string{
	"CREATE DATABASE IF NOT EXISTS fz",
	"USE fz",
	"CREATE TABLE t1 (id INT PRIMARY KEY, a INT, b VARCHAR(20), c DOUBLE, d DATETIME, e DECIMAL(10,2), KEY ka (a), KEY kb (b))",
	"CREATE TABLE t2 (id INT PRIMARY KEY AUTO_INCREMENT, t1id INT, s VARCHAR(50) NOT NULL DEFAULT '', u BIGINT UNSIGNED, j JSON, KEY kt (t1id))",
	"CREATE TABLE t3 (k VARCHAR(10) PRIMARY KEY, v TEXT, n TINYINT, dt DATE, bl BLOB)",
	"INSERT INTO t1 VALUES (1, 10, 'apple', 1.5, '2024-01-01 10:00:00', 3.25), (2, 20, 'Banana', -2.25, '1999-12-31 23:59:59', -1.00), " +
		"(3, NULL, NULL, NULL, NULL, NULL), (4, 10, 'apple', 0, '2038-01-19 03:14:07', 99999999.99), (5, -7, '', 1e300, '1000-01-01 00:00:00', 0.01)",
	"INSERT INTO t2 (t1id, s, u, j) VALUES (1, 'x', 1, '{\"a\": 1, \"b\": [1, 2]}'), (1, 'yy', 18446744073709551615, '[1, \"two\", null]'), " +
		"(2, 'zzz', 0, 'null'), (NULL, '', NULL, NULL), (9, 'orphan', 42, '{\"a\": {\"b\": \"c\"}}')",
	"INSERT INTO t3 VALUES ('k1', 'text one', 1, '2024-02-29', X'00ff'), ('K2', REPEAT('long ', 20), -128, '0001-01-01', NULL), ('', NULL, 127, NULL, '')",
}

type genTable struct {
	name string
	cols []string
}

var sqlGenTables = []genTable{
	{"t1", []string{"id", "a", "b", "c", "d", "e"}},
	{"t2", []string{"id", "t1id", "s", "u", "j"}},
	{"t3", []string{"k", "v", "n", "dt", "bl"}},
}

type sqlGen struct {
	r     *rand.Rand
	depth int
	// scope is the (alias, table) pairs columns may come from in the expression being built.
	scope []scopeItem
}

type scopeItem struct {
	alias string
	t     genTable
}

func newSQLGen(seed int64) *sqlGen { return &sqlGen{r: rand.New(rand.NewSource(seed))} }

func (g *sqlGen) n(k int) int       { return g.r.Intn(k) }
func (g *sqlGen) chance(p int) bool { return g.r.Intn(100) < p }
func (g *sqlGen) pick(s ...string) string {
	return s[g.r.Intn(len(s))]
}

// Statement returns one random statement.
func (g *sqlGen) Statement() string {
	g.scope, g.depth = nil, 0
	switch k := g.n(100); {
	case k < 48:
		return g.selectStmt(true)
	case k < 57:
		return g.insert()
	case k < 63:
		return g.update()
	case k < 67:
		return g.delete()
	case k < 72:
		return g.ddl()
	case k < 76:
		return g.txn()
	case k < 80:
		return g.setVar()
	case k < 84:
		return g.prepared()
	case k < 87:
		return g.show()
	default: // the families of sqlgen_more_test.go
		return g.more()
	}
}

func (g *sqlGen) table() genTable { return sqlGenTables[g.n(len(sqlGenTables))] }

// literal is a constant of any type, edge values included.
func (g *sqlGen) literal() string {
	return g.pick("0", "1", "-1", "42", "2147483647", "-2147483648", "9223372036854775807", "-9223372036854775808",
		"18446744073709551615", "18446744073709551616", "0.5", "-3.75", "1e308", "-1e-308", "123456789012345678901234567890.123",
		"NULL", "TRUE", "FALSE", "''", "'abc'", "'Apple'", "' padded '", "'10'", "'1e3'", "'x%'", "'_'", "'\\\\'", "'ä€𝄞'",
		"'2024-01-01'", "'2024-02-30'", "'2024-01-01 12:34:56.789'", "'0000-00-00'", "'12:30:00'", "X'41'", "x''", "0x7f",
		"b'101'", "DATE '2020-05-05'", "TIMESTAMP '2020-05-05 01:02:03'", "'{\"a\": [1, 2]}'", "'[1, 2, 3]'", "_utf8mb4'x'",
		"'a' COLLATE utf8mb4_bin", "@v", "@undefined_var", "@@sql_mode", "@@max_allowed_packet", "CURRENT_DATE", "PI()")
}

// smallInt is a literal count for functions whose result grows with it (REPEAT, LPAD, SPACE).
func (g *sqlGen) smallInt() string { return fmt.Sprint(g.n(12) - 2) }

func (g *sqlGen) column() string {
	if len(g.scope) == 0 {
		return g.literal()
	}
	it := g.scope[g.n(len(g.scope))]
	c := it.t.cols[g.n(len(it.t.cols))]
	if g.chance(10) {
		c = g.pick("nosuch", "id", "a", "k") // maybe unknown, maybe ambiguous
	}
	if g.chance(60) {
		return it.alias + "." + c
	}
	return c
}

// expr builds an expression of bounded depth.
func (g *sqlGen) expr() string {
	g.depth++
	defer func() { g.depth-- }()
	if g.depth > 3 || g.chance(30) {
		if g.chance(55) {
			return g.column()
		}
		return g.literal()
	}
	switch k := g.n(100); {
	case k < 22:
		op := g.pick("+", "-", "*", "/", "DIV", "%", "MOD", "=", "<>", "!=", "<", "<=", ">", ">=", "<=>",
			"AND", "OR", "XOR", "&&", "||", "&", "|", "^", "<<", ">>", "LIKE", "NOT LIKE", "REGEXP")
		return "(" + g.expr() + " " + op + " " + g.expr() + ")"
	case k < 27:
		return g.pick("-", "NOT ", "~", "!", "+", "BINARY ") + "(" + g.expr() + ")"
	case k < 32:
		return "(" + g.expr() + g.pick(" IS NULL", " IS NOT NULL", " IS TRUE", " IS NOT FALSE", " IS UNKNOWN") + ")"
	case k < 37:
		return "(" + g.expr() + g.pick(" ", " NOT ") + "BETWEEN " + g.expr() + " AND " + g.expr() + ")"
	case k < 42:
		items := []string{}
		for i := 0; i <= g.n(4); i++ {
			items = append(items, g.expr())
		}
		return "(" + g.expr() + g.pick(" IN ", " NOT IN ") + "(" + strings.Join(items, ", ") + "))"
	case k < 47:
		s := "CASE "
		if g.chance(40) {
			s += g.expr() + " "
		}
		for i := 0; i <= g.n(3); i++ {
			s += "WHEN " + g.expr() + " THEN " + g.expr() + " "
		}
		if g.chance(60) {
			s += "ELSE " + g.expr() + " "
		}
		return s + "END"
	case k < 52:
		return "CAST(" + g.expr() + " AS " + g.pick("SIGNED", "UNSIGNED", "CHAR", "CHAR(3)", "BINARY", "DECIMAL(10,2)",
			"DECIMAL(65,30)", "DOUBLE", "FLOAT", "DATE", "DATETIME", "DATETIME(6)", "TIME", "JSON", "YEAR") + ")"
	case k < 60:
		return g.subquery()
	case k < 64:
		return "(" + g.expr() + g.pick(" COLLATE utf8mb4_bin", " COLLATE utf8mb4_general_ci", " COLLATE latin1_swedish_ci", "") + ")"
	default:
		return g.function()
	}
}

// function calls a built-in with plausible and implausible arguments.
func (g *sqlGen) function() string {
	e := g.expr
	switch g.n(60) {
	case 0:
		return "CONCAT(" + e() + ", " + e() + ")"
	case 1:
		return "CONCAT_WS(" + e() + ", " + e() + ", " + e() + ")"
	case 2:
		return "SUBSTRING(" + e() + ", " + e() + g.pick("", ", "+e()) + ")"
	case 3:
		return g.pick("LENGTH", "CHAR_LENGTH", "UPPER", "LOWER", "TRIM", "LTRIM", "RTRIM", "REVERSE", "HEX", "UNHEX", "MD5", "SHA1",
			"SHA2", "ASCII", "ORD", "BIT_LENGTH", "QUOTE", "SOUNDEX", "TO_BASE64", "FROM_BASE64", "INET_ATON", "INET_NTOA", "CRC32") + "(" + e() + ")"
	case 4:
		return "REPLACE(" + e() + ", " + e() + ", " + e() + ")"
	case 5:
		return g.pick("LEFT", "RIGHT") + "(" + e() + ", " + g.pick(g.smallInt(), e()) + ")"
	case 6:
		return g.pick("LPAD", "RPAD") + "(" + e() + ", " + g.smallInt() + ", " + e() + ")"
	case 7:
		return "REPEAT(" + e() + ", " + g.smallInt() + ")"
	case 8:
		return g.pick("ABS", "FLOOR", "CEIL", "CEILING", "SIGN", "SQRT", "LN", "LOG2", "LOG10", "EXP", "SIN", "COS", "TAN", "ATAN",
			"DEGREES", "RADIANS", "BIT_COUNT") + "(" + e() + ")"
	case 9:
		return g.pick("ROUND", "TRUNCATE", "POW", "POWER", "MOD", "LOG", "ATAN2", "FORMAT") + "(" + e() + ", " + e() + ")"
	case 10:
		return "ROUND(" + e() + ")"
	case 11:
		return g.pick("GREATEST", "LEAST", "COALESCE", "CONCAT", "FIELD", "ELT") + "(" + e() + ", " + e() + ", " + e() + ")"
	case 12:
		return g.pick("IFNULL", "NULLIF", "STRCMP", "INSTR", "LOCATE", "FIND_IN_SET", "REPEAT") + "(" + e() + ", " + e() + ")"
	case 13:
		return "IF(" + e() + ", " + e() + ", " + e() + ")"
	case 14:
		return g.pick("DATE_ADD", "DATE_SUB") + "(" + e() + ", INTERVAL " + e() + " " +
			g.pick("DAY", "MONTH", "YEAR", "HOUR", "MINUTE", "SECOND", "MICROSECOND", "WEEK", "QUARTER", "DAY_SECOND", "YEAR_MONTH") + ")"
	case 15:
		return "DATE_FORMAT(" + e() + ", " + g.pick("'%Y-%m-%d'", "'%H:%i:%s %p'", "'%W %M %D'", "'%%'", "'%'", e()) + ")"
	case 16:
		return g.pick("YEAR", "MONTH", "DAY", "DAYOFWEEK", "DAYOFYEAR", "WEEKDAY", "HOUR", "MINUTE", "SECOND", "QUARTER", "WEEK",
			"LAST_DAY", "DATE", "TIME", "TO_DAYS", "UNIX_TIMESTAMP", "FROM_UNIXTIME", "DAYNAME", "MONTHNAME", "MICROSECOND") + "(" + e() + ")"
	case 17:
		return g.pick("NOW()", "CURDATE()", "CURTIME()", "SYSDATE()", "UTC_TIMESTAMP()", "UNIX_TIMESTAMP()", "CONNECTION_ID()",
			"DATABASE()", "USER()", "VERSION()", "LAST_INSERT_ID()", "ROW_COUNT()", "FOUND_ROWS()", "UUID()", "RAND(1)")
	case 18:
		return g.pick("DATEDIFF", "TIMEDIFF", "ADDTIME", "SUBTIME", "STR_TO_DATE", "MAKEDATE", "PERIOD_ADD") + "(" + e() + ", " + e() + ")"
	case 19:
		return "TIMESTAMPDIFF(" + g.pick("SECOND", "DAY", "MONTH", "YEAR") + ", " + e() + ", " + e() + ")"
	case 20:
		return "JSON_EXTRACT(" + e() + ", " + g.pick("'$'", "'$.a'", "'$[0]'", "'$.a.b'", "'$[*]'", "'$**.b'", "'bad'", e()) + ")"
	case 21:
		return g.pick("JSON_OBJECT", "JSON_ARRAY") + "(" + e() + ", " + e() + ")"
	case 22:
		return g.pick("JSON_UNQUOTE", "JSON_TYPE", "JSON_VALID", "JSON_LENGTH", "JSON_KEYS", "JSON_DEPTH", "JSON_QUOTE", "JSON_PRETTY") + "(" + e() + ")"
	case 23:
		return g.pick("JSON_CONTAINS", "JSON_MERGE_PATCH", "JSON_MERGE_PRESERVE") + "(" + e() + ", " + e() + ")"
	case 24:
		return g.pick("JSON_SET", "JSON_INSERT", "JSON_REPLACE") + "(" + e() + ", " + g.pick("'$.a'", "'$[9]'", "'$'") + ", " + e() + ")"
	case 25:
		return g.column() + g.pick("->", "->>") + g.pick("'$.a'", "'$[1]'", "'$.x'")
	case 26:
		return g.pick("CHAR", "SPACE") + "(" + g.smallInt() + ")"
	case 27:
		return "CONVERT(" + e() + ", " + g.pick("SIGNED", "CHAR", "DATE", "DECIMAL(5,1)") + ")"
	case 28:
		return "CONVERT(" + e() + " USING " + g.pick("utf8mb4", "latin1", "binary", "ascii") + ")"
	case 29:
		return "SUBSTRING_INDEX(" + e() + ", " + e() + ", " + g.pick("1", "-1", "0", e()) + ")"
	case 30:
		return "INSERT(" + e() + ", " + e() + ", " + e() + ", " + e() + ")"
	case 31:
		return "(" + e() + g.pick(" REGEXP ", " RLIKE ") + g.pick("'^a'", "'[[:alpha:]]+'", "'('", "'a{2,}'", e()) + ")"
	case 32:
		return g.pick("REGEXP_LIKE", "REGEXP_INSTR", "REGEXP_SUBSTR") + "(" + e() + ", " + g.pick("'p.'", "'[0-9]+'", "'*'", e()) + ")"
	case 33:
		return "REGEXP_REPLACE(" + e() + ", " + g.pick("'a'", "'.'", "'['") + ", " + e() + ")"
	case 34:
		return "INTERVAL(" + e() + ", " + e() + ", " + e() + ")"
	case 35:
		return "EXTRACT(" + g.pick("YEAR", "MONTH", "DAY", "HOUR", "MINUTE_SECOND") + " FROM " + e() + ")"
	case 36:
		return "TRIM(" + g.pick("LEADING", "TRAILING", "BOTH") + " " + e() + " FROM " + e() + ")"
	case 37:
		return "POSITION(" + e() + " IN " + e() + ")"
	case 38:
		return g.pick("BIN", "OCT", "HEX", "UNCOMPRESSED_LENGTH") + "(" + e() + ")"
	case 39:
		return "CONV(" + e() + ", " + g.pick("10", "16", "2", "36", "-10", "99") + ", " + g.pick("10", "16", "2", "-36", "0") + ")"
	case 40:
		return g.pick("ISNULL", "ISNULL", "IS_IPV4", "COERCIBILITY", "CHARSET", "COLLATION") + "(" + e() + ")"
	case 41:
		return "MAKETIME(" + e() + ", " + e() + ", " + e() + ")"
	case 42:
		return g.pick("SEC_TO_TIME", "TIME_TO_SEC", "FROM_DAYS", "WEEKOFYEAR", "YEARWEEK", "TO_SECONDS") + "(" + e() + ")"
	case 43:
		return "ANY_VALUE(" + e() + ")"
	case 44:
		return "GET_FORMAT(" + g.pick("DATE", "DATETIME", "TIME") + ", " + g.pick("'ISO'", "'USA'", "'nope'") + ")"
	case 45:
		return "SLEEP(0)"
	case 46:
		return "BENCHMARK(1, " + e() + ")"
	default:
		return g.pick("CONCAT", "UPPER", "ABS", "LENGTH", "HEX") + "(" + e() + ")"
	}
}

// subquery returns a scalar, EXISTS, IN, ANY/ALL or row subquery, correlated when the
// enclosing scope offers columns.
func (g *sqlGen) subquery() string {
	outer := g.scope
	defer func() { g.scope = outer }()
	inner := g.table()
	alias := fmt.Sprintf("sq%d", g.depth)
	g.scope = append(append([]scopeItem{}, outer...), scopeItem{alias, inner})
	where := ""
	if g.chance(60) {
		where = " WHERE " + g.expr()
	}
	from := " FROM " + inner.name + " " + alias + where
	col := alias + "." + inner.cols[g.n(len(inner.cols))]
	switch g.n(6) {
	case 0:
		return "(SELECT " + g.pick("COUNT(*)", "MAX("+col+")", "MIN("+col+")", "SUM("+col+")", "AVG("+col+")", col) + from +
			g.pick("", " LIMIT 1", " ORDER BY 1 DESC LIMIT 1") + ")"
	case 1:
		return g.pick("", "NOT ") + "EXISTS (SELECT " + g.pick("1", "*", col) + from + ")"
	case 2:
		return "(" + g.expr() + g.pick(" IN ", " NOT IN ") + "(SELECT " + col + from + "))"
	case 3:
		return "(" + g.expr() + " " + g.pick("=", ">", "<", "<>", ">=") + " " + g.pick("ANY", "ALL", "SOME") + " (SELECT " + col + from + "))"
	case 4:
		return "((" + g.expr() + ", " + g.expr() + ") " + g.pick("=", "IN") + " (SELECT " + col + ", " + col + from + g.pick("", " LIMIT 1") + "))"
	default:
		return "(SELECT " + g.expr() + from + " LIMIT 1)"
	}
}

// fromClause puts 1-3 tables (or a derived table) in scope and returns the FROM text.
func (g *sqlGen) fromClause() string {
	n := 1 + g.n(3)
	var sb strings.Builder
	for i := 0; i < n; i++ {
		alias := fmt.Sprintf("x%d", i)
		t := g.table()
		src := t.name
		if g.chance(12) { // a derived table over the same table
			inner := newSQLGenChild(g)
			src = "(" + inner.selectOver(t) + ")"
		}
		join := ""
		if i > 0 {
			join = g.pick(" JOIN ", " INNER JOIN ", " LEFT JOIN ", " RIGHT JOIN ", " CROSS JOIN ", ", ", " STRAIGHT_JOIN ", " NATURAL JOIN ", " LEFT OUTER JOIN ")
			sb.WriteString(join)
		}
		sb.WriteString(src + " " + alias)
		g.scope = append(g.scope, scopeItem{alias, t})
		switch {
		case i == 0 || join == " NATURAL JOIN " || join == ", ":
		case join == " CROSS JOIN " && g.chance(70):
		case join == " JOIN " && g.chance(20):
		case join == " STRAIGHT_JOIN " || !g.chance(15):
			sb.WriteString(" ON " + g.expr())
		default:
			sb.WriteString(" USING (" + g.pick("id", "k", "a", "nosuch") + ")")
		}
	}
	return sb.String()
}

func newSQLGenChild(g *sqlGen) *sqlGen { return &sqlGen{r: g.r, depth: g.depth + 1} }

// selectOver is a small SELECT of t's columns under their own names, for derived tables
// and CTEs.
func (g *sqlGen) selectOver(t genTable) string {
	g.scope = []scopeItem{{"i", t}}
	s := "SELECT " + strings.Join(t.cols, ", ") + " FROM " + t.name + " i"
	if g.chance(50) {
		s += " WHERE " + g.expr()
	}
	if g.chance(30) {
		s += " LIMIT " + fmt.Sprint(g.n(5))
	}
	return s
}

// selectStmt is a SELECT; top-level ones may carry a WITH clause, UNION, locking.
func (g *sqlGen) selectStmt(top bool) string {
	g.scope = nil
	var sb strings.Builder
	if top && g.chance(8) {
		t := g.table()
		cte := newSQLGenChild(g).selectOver(t)
		sb.WriteString("WITH c AS (" + cte + ") ")
		g.scope = []scopeItem{{"c", t}}
	}
	sb.WriteString("SELECT ")
	if g.chance(10) {
		sb.WriteString("DISTINCT ")
	}
	from := ""
	if g.chance(85) {
		if len(g.scope) > 0 {
			from = " FROM c"
		} else {
			from = " FROM " + g.fromClause()
		}
	}
	grouped := g.chance(25)
	nItems := 1 + g.n(4)
	for i := 0; i < nItems; i++ {
		if i > 0 {
			sb.WriteString(", ")
		}
		switch {
		case i == 0 && g.chance(8):
			sb.WriteString("*")
			continue
		case grouped && g.chance(50):
			sb.WriteString(g.aggregate())
		case g.chance(8):
			sb.WriteString(g.window())
		default:
			sb.WriteString(g.expr())
		}
		if g.chance(30) {
			fmt.Fprintf(&sb, " AS c%d", i)
		}
	}
	sb.WriteString(from)
	if from != "" && g.chance(60) {
		sb.WriteString(" WHERE " + g.expr())
	}
	if grouped && from != "" {
		sb.WriteString(" GROUP BY " + g.column())
		if g.chance(30) {
			sb.WriteString(", " + g.pick("1", "2", g.column()))
		}
		if g.chance(10) {
			sb.WriteString(" WITH ROLLUP")
		}
		if g.chance(40) {
			sb.WriteString(" HAVING " + g.pick(g.aggregate()+" > "+g.literal(), g.expr()))
		}
	}
	if g.chance(40) {
		sb.WriteString(" ORDER BY " + g.pick("1", "2", "9", "c0", g.column(), g.expr(), "NULL", "RAND(7)") + g.pick("", " ASC", " DESC"))
	}
	if g.chance(35) {
		sb.WriteString(" LIMIT " + g.pick("0", "1", "3", "100", "18446744073709551615", "2, 2", "1 OFFSET 1"))
	}
	if top && g.chance(8) {
		sb.WriteString(g.pick(" UNION ", " UNION ALL ", " UNION DISTINCT ") + g.selectStmt(false))
	}
	if top && g.chance(4) {
		sb.WriteString(g.pick(" FOR UPDATE", " FOR SHARE", " LOCK IN SHARE MODE"))
	}
	return sb.String()
}

func (g *sqlGen) aggregate() string {
	x := g.expr()
	switch g.n(9) {
	case 0:
		return "COUNT(*)"
	case 1:
		return "COUNT(DISTINCT " + x + ")"
	case 2:
		return "GROUP_CONCAT(" + g.pick("", "DISTINCT ") + x + g.pick("", " ORDER BY "+g.column()+" DESC") + g.pick("", " SEPARATOR '|'") + ")"
	case 3:
		return g.pick("BIT_AND", "BIT_OR", "BIT_XOR", "STD", "STDDEV_POP", "VAR_POP", "VARIANCE") + "(" + x + ")"
	case 4:
		return g.pick("JSON_ARRAYAGG", "JSON_OBJECTAGG") + "(" + x + g.pick("", ", "+g.expr()) + ")"
	default:
		return g.pick("COUNT", "SUM", "AVG", "MIN", "MAX") + "(" + g.pick("", "DISTINCT ") + x + ")"
	}
}

func (g *sqlGen) window() string {
	over := " OVER (" + g.pick("", "PARTITION BY "+g.column()+" ") + g.pick("", "ORDER BY "+g.column()) +
		g.pick("", " ROWS BETWEEN 1 PRECEDING AND CURRENT ROW", " RANGE UNBOUNDED PRECEDING") + ")"
	return g.pick("ROW_NUMBER()", "RANK()", "DENSE_RANK()", "CUME_DIST()", "NTILE(2)", "SUM("+g.expr()+")",
		"LAG("+g.expr()+")", "LEAD("+g.expr()+", 2)", "FIRST_VALUE("+g.expr()+")", "COUNT(*)") + over
}

func (g *sqlGen) insert() string {
	t := g.table()
	g.scope = nil
	verb := g.pick("INSERT INTO ", "INSERT IGNORE INTO ", "REPLACE INTO ")
	cols := t.cols
	if g.chance(50) {
		cols = cols[:1+g.n(len(cols))]
	}
	var sb strings.Builder
	sb.WriteString(verb + t.name)
	if g.chance(85) {
		sb.WriteString(" (" + strings.Join(cols, ", ") + ")")
	}
	if g.chance(15) {
		src := g.table()
		g.scope = []scopeItem{{"s", src}}
		items := make([]string, len(cols))
		for i := range items {
			items[i] = g.expr()
		}
		sb.WriteString(" SELECT " + strings.Join(items, ", ") + " FROM " + src.name + " s" + g.pick("", " LIMIT 2"))
		return sb.String()
	}
	sb.WriteString(" VALUES ")
	for r := 0; r <= g.n(3); r++ {
		if r > 0 {
			sb.WriteString(", ")
		}
		items := make([]string, len(cols))
		for i := range items {
			if i == 0 {
				items[i] = g.pick(fmt.Sprint(100+g.n(400)), "'k"+fmt.Sprint(g.n(50))+"'", g.literal(), "DEFAULT")
			} else {
				items[i] = g.pick(g.literal(), g.expr(), "DEFAULT")
			}
		}
		sb.WriteString("(" + strings.Join(items, ", ") + ")")
	}
	if verb == "INSERT INTO " && g.chance(30) {
		g.scope = []scopeItem{{t.name, t}}
		c := t.cols[1+g.n(len(t.cols)-1)]
		sb.WriteString(" ON DUPLICATE KEY UPDATE " + c + " = " + g.pick(g.expr(), "VALUES("+c+")"))
	}
	return sb.String()
}

func (g *sqlGen) update() string {
	t := g.table()
	g.scope = []scopeItem{{t.name, t}}
	if g.chance(15) { // multi-table
		o := g.table()
		g.scope = []scopeItem{{"u1", t}, {"u2", o}}
		return "UPDATE " + t.name + " u1 JOIN " + o.name + " u2 ON " + g.expr() + " SET u1." + t.cols[1+g.n(len(t.cols)-1)] + " = " + g.expr()
	}
	s := "UPDATE " + t.name + " SET " + t.cols[1+g.n(len(t.cols)-1)] + " = " + g.expr()
	if g.chance(30) {
		s += ", " + t.cols[g.n(len(t.cols))] + " = " + g.expr()
	}
	if g.chance(80) {
		s += " WHERE " + g.expr()
	}
	if g.chance(25) {
		s += " ORDER BY " + t.cols[g.n(len(t.cols))] + " LIMIT " + fmt.Sprint(g.n(4))
	}
	return s
}

func (g *sqlGen) delete() string {
	t := g.table()
	g.scope = []scopeItem{{t.name, t}}
	s := "DELETE FROM " + t.name
	if g.chance(90) { // keep most rows: the statements after need something to read
		s += " WHERE " + g.expr()
	}
	if g.chance(30) {
		s += " ORDER BY " + t.cols[0] + g.pick("", " DESC") + " LIMIT " + fmt.Sprint(g.n(3))
	}
	return s
}

// ddl works mostly on scratch tables s1/s2 so the fixed schema stays mostly intact, but
// sometimes changes t1-t3 too.
func (g *sqlGen) ddl() string {
	g.scope = nil
	scratch := g.pick("s1", "s2")
	col := g.pick("a", "b", "c", "x", "id")
	typ := g.pick("INT", "BIGINT UNSIGNED", "VARCHAR(5)", "TEXT", "DOUBLE", "DECIMAL(4,1)", "DATETIME", "JSON", "TINYINT NOT NULL DEFAULT 3", "BLOB")
	switch g.n(14) {
	case 0, 1:
		return "CREATE TABLE " + g.pick("", "IF NOT EXISTS ") + scratch + " (id INT PRIMARY KEY" + g.pick("", " AUTO_INCREMENT") + ", " + col + " " + typ + g.pick("", ", KEY ix ("+col+")") + ")"
	case 2:
		return "CREATE TABLE " + scratch + " AS SELECT * FROM " + g.table().name
	case 3:
		return "DROP TABLE " + g.pick("", "IF EXISTS ") + scratch
	case 4:
		return "ALTER TABLE " + scratch + " ADD COLUMN " + g.pick("x", "y", "z") + " " + typ + g.pick("", " FIRST", " AFTER id")
	case 5:
		return "ALTER TABLE " + scratch + " DROP COLUMN " + col
	case 6:
		return "ALTER TABLE " + scratch + " MODIFY " + col + " " + typ
	case 7:
		return "CREATE INDEX " + g.pick("i1", "i2") + " ON " + g.pick(scratch, "t1", "t2") + " (" + g.pick("a", "b", "s", "x", "a, b") + ")"
	case 8:
		return "DROP INDEX " + g.pick("i1", "i2") + " ON " + g.pick(scratch, "t1", "t2")
	case 9:
		return "TRUNCATE TABLE " + scratch
	case 10:
		return "RENAME TABLE " + scratch + " TO " + g.pick("s1", "s2", "s3")
	case 11:
		return "ALTER TABLE " + g.pick("t1", "t2", "t3") + " ADD COLUMN extra " + typ
	case 12:
		return "ALTER TABLE " + g.pick("t1", "t2", "t3") + " DROP COLUMN extra"
	default:
		return "INSERT INTO " + scratch + " SELECT * FROM " + g.table().name
	}
}

func (g *sqlGen) txn() string {
	return g.pick("BEGIN", "START TRANSACTION", "COMMIT", "ROLLBACK", "SAVEPOINT sp1", "ROLLBACK TO SAVEPOINT sp1",
		"RELEASE SAVEPOINT sp1", "SET autocommit = 0", "SET autocommit = 1", "START TRANSACTION READ ONLY",
		"START TRANSACTION WITH CONSISTENT SNAPSHOT", "SET TRANSACTION ISOLATION LEVEL READ COMMITTED", "COMMIT")
}

func (g *sqlGen) setVar() string {
	g.scope = nil
	switch g.n(5) {
	case 0:
		return "SET @v = " + g.expr()
	case 1:
		return "SET SESSION sql_mode = " + g.pick("''", "'STRICT_TRANS_TABLES'", "DEFAULT", "'ANSI_QUOTES'",
			"'NO_BACKSLASH_ESCAPES'", "'ONLY_FULL_GROUP_BY,STRICT_ALL_TABLES'", "'PIPES_AS_CONCAT'", "'NOT_A_MODE'")
	case 2:
		return "SET " + g.pick("@@session.", "SESSION ") + g.pick("group_concat_max_len", "div_precision_increment", "max_execution_time",
			"sql_select_limit", "time_zone", "character_set_results", "collation_connection", "autocommit") + " = " + g.literal()
	case 3:
		return "SELECT @v, @v := " + g.expr()
	default:
		return "SET @a = " + g.literal() + ", @b = " + g.literal()
	}
}

func (g *sqlGen) prepared() string {
	switch g.n(4) {
	case 0:
		stmt := g.selectStmt(false)
		stmt = strings.Replace(stmt, "1", "?", 1)
		return "PREPARE p1 FROM '" + strings.ReplaceAll(stmt, "'", "''") + "'"
	case 1:
		return "EXECUTE p1" + g.pick("", " USING @v", " USING @a, @b", " USING @undefined_var")
	case 2:
		return "DEALLOCATE PREPARE p1"
	default:
		return "PREPARE p2 FROM " + g.pick("@v", "'SELECT ?'", "'SELECT ? + ?, ?'", "'INSERT INTO t1 (id, a) VALUES (?, ?)'")
	}
}

func (g *sqlGen) show() string {
	return g.pick("SHOW TABLES", "SHOW CREATE TABLE t1", "SHOW CREATE TABLE s1", "SHOW COLUMNS FROM t2", "SHOW INDEX FROM t1",
		"DESCRIBE t3", "SHOW TABLE STATUS", "SHOW VARIABLES LIKE 'sql%'", "SHOW WARNINGS", "SHOW ERRORS", "SHOW DATABASES",
		"SELECT * FROM information_schema.columns WHERE table_schema = 'fz'", "EXPLAIN SELECT * FROM t1 WHERE a = 1",
		"SELECT * FROM information_schema.statistics WHERE table_name = 't1'", "SHOW STATUS LIKE 'Com_%'", "SHOW PROCESSLIST",
		"CHECKSUM TABLE t1", "ANALYZE TABLE t1", "SHOW GRANTS", "DO 1", "DO "+g.expr())
}
