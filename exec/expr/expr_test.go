package expr

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/loopdb/loopdb/mysqldef"
	"github.com/pingcap/tidb/pkg/parser"
	"github.com/pingcap/tidb/pkg/parser/ast"
)

// testEnv is a minimal SessionEnv for tests.
type testEnv struct {
	db       string
	lastID   uint64
	vars     map[string]Value
	warnings []string
	killed   bool
}

func newTestEnv() *testEnv { return &testEnv{db: "test", lastID: 42, vars: map[string]Value{}} }

func (e *testEnv) CurrentDB() string            { return e.db }
func (e *testEnv) User() string                 { return "root@localhost" }
func (e *testEnv) CurrentUser() string          { return "root@%" }
func (e *testEnv) CurrentRole() string          { return "NONE" }
func (e *testEnv) ConnectionID() uint64         { return 7 }
func (e *testEnv) LastInsertID() uint64         { return e.lastID }
func (e *testEnv) SetLastInsertID(id uint64)    { e.lastID = id }
func (e *testEnv) RowCount() int64              { return -1 }
func (e *testEnv) FoundRows() uint64            { return 3 }
func (e *testEnv) UserVar(name string) Value    { return e.vars[name] }
func (e *testEnv) SetUserVar(n string, v Value) { e.vars[n] = v }
func (e *testEnv) Killed() bool                 { return e.killed }
func (e *testEnv) AddWarning(code uint16, msg string) {
	e.warnings = append(e.warnings, itoa(int(code))+" "+msg)
}

func (e *testEnv) SystemVar(name string, global bool) (Value, error) {
	switch name {
	case "version":
		return StringValue("8.0.36-loopdb"), nil
	case "max_connections":
		return IntValue(151), nil
	case "autocommit":
		return IntValue(1), nil
	}
	return Value{}, mysqldef.NewError(mysqldef.ErrUnknownSystemVariable, "Unknown system variable '%s'", name)
}

func itoa(i int) string { return string(IntValue(int64(i)).AppendText(nil)) }

var testNow = time.Date(2024, 3, 15, 10, 20, 30, 123456789, time.UTC)

// evalSQL parses "SELECT <expr>" with the real parser, compiles the first
// field and evaluates it once.
func evalSQL(t testing.TB, env *testEnv, expr string, params ...Value) (Value, ColumnType, error) {
	t.Helper()
	p := parser.New()
	stmt, err := p.ParseOneStmt("SELECT "+expr, "", "")
	if err != nil {
		t.Fatalf("parse %q: %v", expr, err)
	}
	f := stmt.(*ast.SelectStmt).Fields.Fields[0]
	e, err := Compile(f.Expr, &Scope{Env: env})
	if err != nil {
		return Value{}, ColumnType{}, err
	}
	ctx := NewEvalCtx(env, testNow, params)
	ctx.Loc = time.UTC
	ctx.Reset(testNow, params)
	v, err := e.Eval(ctx, nil)
	return v, e.Type(), err
}

func TestEvalText(t *testing.T) {
	cases := []struct{ expr, want string }{
		// literals and arithmetic
		{"1", "1"}, {"-1", "-1"}, {"1+1", "2"}, {"1.50", "1.50"}, {"'abc'", "abc"}, {"NULL", "NULL"},
		{"0.1e0+0.2e0", "0.30000000000000004"}, {"1e20", "1e20"}, {"2.5e0", "2.5"}, {"1e15", "1e15"},
		{"1e14", "100000000000000"}, {"123456789012345678e0", "1.2345678901234568e17"}, {"0.00001e0", "0.00001"},
		{"-0.0e0", "0"}, {"1.0e0", "1"}, {"1e-16", "1e-16"},
		{"1/3", "0.3333"}, {"10/4", "2.5000"}, {"1.0/3", "0.33333"}, {"1e0/3", "0.3333333333333333"},
		{"1/0", "NULL"}, {"5 % 0", "NULL"}, {"5 DIV 2", "2"}, {"-7 DIV 2", "-3"}, {"7.5 DIV 2", "3"},
		{"-7 % 3", "-1"}, {"7.5 % 2", "1.5"}, {"MOD(10, 3)", "1"}, {"1.5 * 2", "3.0"}, {"1.25 * 1.5", "1.875"},
		{"1.1 + 2.20", "3.30"}, {"1 + 1.5", "2.5"}, {"1 + 1.5e0", "2.5"}, {"'3' + 4", "7"}, {"'1.5' + 1", "2.5"},
		{"18446744073709551615", "18446744073709551615"}, {"-9223372036854775808", "-9223372036854775808"},
		{"9223372036854775808 - 1", "9223372036854775807"}, {"- (1)", "-1"}, {"-(1.5)", "-1.5"},
		{"-18446744073709551615", "-18446744073709551615"},
		{"5 & 3", "1"}, {"5 | 3", "7"}, {"5 ^ 3", "6"}, {"1 << 3", "8"}, {"16 >> 2", "4"}, {"~0", "18446744073709551615"},
		{"~1", "18446744073709551614"},
		// comparisons and logic
		{"1 = 1", "1"}, {"1 = 2", "0"}, {"1 <> 2", "1"}, {"1 != 1", "0"}, {"2 > 1", "1"}, {"2 >= 2", "1"},
		{"1 < 2", "1"}, {"1 <= 0", "0"}, {"'a' = 'A'", "1"}, {"'a' = 'á'", "1"}, {"'a' < 'B'", "1"},
		{"'a' = 'a '", "0"}, {"_binary'a' = 'A'", "0"}, {"1 = '1'", "1"}, {"'10' > 9", "1"}, {"'abc' = 0", "1"},
		{"1 = NULL", "NULL"}, {"NULL = NULL", "NULL"}, {"NULL <=> NULL", "1"}, {"1 <=> NULL", "0"}, {"1 <=> 1", "1"},
		{"1.0 = 1", "1"}, {"0.1e0 = 0.1", "1"}, {"18446744073709551615 > -1", "1"},
		{"1 AND 1", "1"}, {"1 AND 0", "0"}, {"1 AND NULL", "NULL"}, {"0 AND NULL", "0"}, {"1 OR NULL", "1"},
		{"0 OR NULL", "NULL"}, {"0 OR 0", "0"}, {"1 XOR 1", "0"}, {"1 XOR 0", "1"}, {"1 XOR NULL", "NULL"},
		{"NOT 1", "0"}, {"NOT 0", "1"}, {"NOT NULL", "NULL"}, {"!0", "1"}, {"1 && 1", "1"}, {"0 || 1", "1"},
		{"NULL IS NULL", "1"}, {"1 IS NULL", "0"}, {"1 IS NOT NULL", "1"}, {"1 IS TRUE", "1"}, {"0 IS FALSE", "1"},
		{"NULL IS TRUE", "0"}, {"NULL IS NOT TRUE", "1"}, {"NULL IS NOT FALSE", "1"}, {"2 IS NOT FALSE", "1"},
		{"2 BETWEEN 1 AND 3", "1"}, {"5 BETWEEN 1 AND 3", "0"}, {"2 NOT BETWEEN 1 AND 3", "0"},
		{"2 BETWEEN NULL AND 3", "NULL"}, {"5 BETWEEN NULL AND 3", "0"}, {"'b' BETWEEN 'A' AND 'C'", "1"},
		{"2 IN (1,2,3)", "1"}, {"4 IN (1,2,3)", "0"}, {"4 IN (1,NULL)", "NULL"}, {"1 IN (1,NULL)", "1"},
		{"4 NOT IN (1,2)", "1"}, {"4 NOT IN (1,NULL)", "NULL"}, {"NULL IN (1)", "NULL"}, {"'a' IN ('A')", "1"},
		{"'abc' LIKE 'a%'", "1"}, {"'abc' LIKE 'A_C'", "1"}, {"'abc' LIKE 'b%'", "0"}, {"'abc' NOT LIKE 'b%'", "1"},
		{"'a%c' LIKE 'a\\%c'", "1"}, {"'abc' LIKE 'a\\%c'", "0"}, {"'a%c' LIKE 'a|%c' ESCAPE '|'", "1"},
		{"'' LIKE '%'", "1"}, {"'abc' LIKE '%b%'", "1"}, {"'abc' LIKE '%%c'", "1"}, {"NULL LIKE 'a'", "NULL"},
		{"_binary'abc' LIKE 'A%'", "0"}, {"'aXbXc' LIKE '%X%X%'", "1"}, {"'ñ' LIKE 'n'", "1"},
		{"'abc' REGEXP '^a.c$'", "1"}, {"'ABC' REGEXP 'abc'", "1"}, {"'abc' NOT REGEXP 'x'", "1"},
		{"CASE 1 WHEN 1 THEN 'a' ELSE 'b' END", "a"}, {"CASE 2 WHEN 1 THEN 'a' END", "NULL"},
		{"CASE WHEN 1>2 THEN 'x' WHEN 2>1 THEN 'y' END", "y"}, {"CASE WHEN 0 THEN 1 ELSE 2.5 END", "2.5"},
		{"CASE 'A' WHEN 'a' THEN 1 END", "1"}, {"CASE WHEN 1 THEN 1 ELSE 'a' END", "1"},
		// variables and session
		{"@@version", "8.0.36-loopdb"}, {"@@session.max_connections", "151"}, {"@@global.max_connections", "151"},
		{"VERSION()", "8.0.36-loopdb"}, {"DATABASE()", "test"}, {"SCHEMA()", "test"}, {"USER()", "root@localhost"},
		{"SESSION_USER()", "root@localhost"}, {"SYSTEM_USER()", "root@localhost"}, {"CURRENT_USER()", "root@%"},
		{"CURRENT_USER", "root@%"}, {"CONNECTION_ID()", "7"}, {"LAST_INSERT_ID()", "42"}, {"LAST_INSERT_ID(5)", "5"},
		{"ROW_COUNT()", "-1"}, {"FOUND_ROWS()", "3"}, {"@unset", "NULL"}, {"@a := 5", "5"},
		// strings
		{"CONCAT('a', 'b', 1)", "ab1"}, {"CONCAT('a', NULL)", "NULL"}, {"CONCAT_WS(',', 'a', NULL, 'b')", "a,b"},
		{"CONCAT_WS(NULL, 'a')", "NULL"}, {"LENGTH('héllo')", "6"}, {"OCTET_LENGTH('ab')", "2"},
		{"CHAR_LENGTH('héllo')", "5"}, {"CHARACTER_LENGTH('ab')", "2"}, {"UPPER('abé')", "ABÉ"}, {"UCASE('a')", "A"},
		{"LOWER('ABC')", "abc"}, {"LCASE('A')", "a"}, {"SUBSTRING('hello', 2)", "ello"}, {"SUBSTRING('hello', 2, 3)", "ell"},
		{"SUBSTRING('hello', -3)", "llo"}, {"SUBSTRING('hello', -3, 2)", "ll"}, {"SUBSTRING('hello', 0)", ""},
		{"SUBSTRING('hello' FROM 2 FOR 2)", "el"}, {"SUBSTR('hello', 5)", "o"}, {"MID('hello', 9)", ""},
		{"LEFT('hello', 2)", "he"}, {"RIGHT('hello', 2)", "lo"}, {"LEFT('hé', 5)", "hé"}, {"RIGHT('abc', 0)", ""},
		{"TRIM('  a  ')", "a"}, {"LTRIM('  a ')", "a "}, {"RTRIM(' a  ')", " a"}, {"TRIM(LEADING 'x' FROM 'xxaxx')", "axx"},
		{"TRIM(TRAILING 'x' FROM 'xxaxx')", "xxa"}, {"TRIM(BOTH 'xy' FROM 'xyaxy')", "a"}, {"TRIM('x' FROM 'xax')", "a"},
		{"REPLACE('aXbX', 'X', 'y')", "ayby"}, {"REPLACE('abc', 'B', 'x')", "abc"}, {"REPEAT('ab', 3)", "ababab"},
		{"REPEAT('a', 0)", ""}, {"REVERSE('abç')", "çba"}, {"LPAD('hi', 5, 'ab')", "abahi"}, {"LPAD('hello', 2, 'x')", "he"},
		{"RPAD('hi', 5, '.')", "hi..."}, {"LPAD('a', 3, '')", "NULL"}, {"INSTR('foobar', 'BAR')", "4"},
		{"LOCATE('bar', 'foobarbar')", "4"}, {"LOCATE('bar', 'foobarbar', 5)", "7"}, {"LOCATE('x', 'abc')", "0"},
		{"POSITION('b' IN 'abc')", "2"}, {"SPACE(3)", "   "}, {"ASCII('A')", "65"}, {"ASCII('')", "0"},
		{"CHAR(77, 121, 83, 81, 76)", "MySQL"}, {"CHAR(65, NULL, 66)", "AB"}, {"HEX('abc')", "616263"}, {"HEX(255)", "FF"},
		{"HEX(-1)", "FFFFFFFFFFFFFFFF"}, {"UNHEX('4D7953514C')", "MySQL"}, {"UNHEX('zz')", "NULL"},
		{"MD5('abc')", "900150983cd24fb0d6963f7d28e17f72"}, {"SHA1('abc')", "a9993e364706816aba3e25717850c26c9cd0d89d"},
		{"SHA('abc')", "a9993e364706816aba3e25717850c26c9cd0d89d"},
		{"SHA2('abc', 256)", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"}, {"SHA2('abc', 7)", "NULL"},
		{"FORMAT(12332.123456, 4)", "12,332.1235"}, {"FORMAT(12332.1, 4)", "12,332.1000"}, {"FORMAT(12332.2, 0)", "12,332"},
		{"FORMAT(-1234567.891, 2)", "-1,234,567.89"}, {"FORMAT(0.5, 0)", "1"},
		{"CHARSET('a')", "utf8mb4"}, {"CHARSET(1)", "binary"}, {"COLLATION('a')", "utf8mb4_0900_ai_ci"},
		{"COLLATION(_binary'a')", "binary"}, {"CONVERT('abc' USING utf8mb4)", "abc"}, {"'a' COLLATE utf8mb4_bin = 'A'", "0"},
		// math
		{"ABS(-5)", "5"}, {"ABS(-1.5)", "1.5"}, {"ABS(-2e0)", "2"}, {"CEIL(1.2)", "2"}, {"CEILING(-1.2)", "-1"},
		{"FLOOR(1.8)", "1"}, {"FLOOR(-1.2)", "-2"}, {"FLOOR(1.5e0)", "1"}, {"ROUND(2.5)", "3"}, {"ROUND(-2.5)", "-3"},
		{"ROUND(2.5e0)", "2"}, {"ROUND(1.2345, 2)", "1.23"}, {"ROUND(1.235, 2)", "1.24"}, {"ROUND(1234, -2)", "1200"},
		{"ROUND(1250, -2)", "1300"}, {"ROUND(1.5, 0)", "2"}, {"TRUNCATE(1.999, 1)", "1.9"}, {"TRUNCATE(-1.999, 1)", "-1.9"},
		{"TRUNCATE(1234, -2)", "1200"}, {"TRUNCATE(1.999e0, 2)", "1.99"}, {"POW(2, 10)", "1024"}, {"POWER(2, -1)", "0.5"},
		{"SQRT(16)", "4"}, {"SQRT(-1)", "NULL"}, {"EXP(0)", "1"}, {"LN(1)", "0"}, {"LN(0)", "NULL"}, {"LOG(8)", "2.0794415416798357"},
		{"LOG(2, 8)", "3"}, {"LOG2(8)", "3"}, {"LOG10(1000)", "3"}, {"PI()", "3.141593"}, {"SIGN(-3)", "-1"},
		{"SIGN(0)", "0"}, {"SIGN(2.5)", "1"}, {"RAND(3)", "0.9057697559760601"}, {"GREATEST(1, 3, 2)", "3"},
		{"LEAST(1, 3, 2)", "1"}, {"GREATEST('a', 'B')", "B"}, {"GREATEST(1, NULL)", "NULL"}, {"LEAST(1.5, 2)", "1.5"},
		{"GREATEST(1, 2.5e0)", "2.5"},
		// control
		{"IF(1, 'a', 'b')", "a"}, {"IF(0, 'a', 'b')", "b"}, {"IF(NULL, 1, 2)", "2"}, {"IF(1, 1, 'x')", "1"},
		{"IFNULL(NULL, 5)", "5"}, {"IFNULL(1, 5)", "1"}, {"NULLIF(1, 1)", "NULL"}, {"NULLIF(1, 2)", "1"},
		{"COALESCE(NULL, NULL, 3)", "3"}, {"COALESCE(NULL)", "NULL"}, {"ISNULL(NULL)", "1"}, {"ISNULL(0)", "0"},
		// cast
		{"CAST('12abc' AS SIGNED)", "12"}, {"CAST(-1 AS UNSIGNED)", "18446744073709551615"}, {"CAST(1.5 AS SIGNED)", "2"},
		{"CAST(1.4 AS SIGNED INTEGER)", "1"}, {"CAST(-1.5 AS SIGNED)", "-2"}, {"CAST('abc' AS CHAR(2))", "ab"},
		{"CAST(123 AS CHAR)", "123"}, {"CAST(1 AS DECIMAL(10,2))", "1.00"}, {"CAST(1.235 AS DECIMAL(10,2))", "1.24"},
		{"CAST(1000 AS DECIMAL(3,0))", "999"}, {"CAST('1.5' AS DOUBLE)", "1.5"}, {"CAST('2024-01-02' AS DATE)", "2024-01-02"},
		{"CAST('2024-01-02 03:04:05.678' AS DATETIME)", "2024-01-02 03:04:05"},
		{"CAST('2024-01-02 03:04:05.678' AS DATETIME(2))", "2024-01-02 03:04:05.67"},
		{"CAST('2024-01-02' AS DATETIME)", "2024-01-02 00:00:00"}, {"CAST('10:11:12' AS TIME)", "10:11:12"},
		{"CAST('-838:59:59' AS TIME)", "-838:59:59"}, {"CAST('bad' AS DATE)", "NULL"}, {"CAST(20240102 AS DATE)", "2024-01-02"},
		{"CONVERT(1, CHAR)", "1"}, {"CAST('a' AS BINARY(3))", "a\x00\x00"}, {"CAST(NULL AS SIGNED)", "NULL"},
		// time
		{"NOW()", "2024-03-15 10:20:30"}, {"NOW(3)", "2024-03-15 10:20:30.123"}, {"CURRENT_TIMESTAMP", "2024-03-15 10:20:30"},
		{"CURRENT_TIMESTAMP(6)", "2024-03-15 10:20:30.123456"}, {"LOCALTIME", "2024-03-15 10:20:30"},
		{"LOCALTIMESTAMP()", "2024-03-15 10:20:30"}, {"CURDATE()", "2024-03-15"}, {"CURRENT_DATE", "2024-03-15"},
		{"CURTIME()", "10:20:30"}, {"CURRENT_TIME(2)", "10:20:30.12"}, {"UTC_TIMESTAMP()", "2024-03-15 10:20:30"},
		{"UNIX_TIMESTAMP()", "1710498030"}, {"UNIX_TIMESTAMP('2024-03-15 10:20:30')", "1710498030"},
		{"UNIX_TIMESTAMP('2024-03-15 10:20:30.5')", "1710498030.5"}, {"FROM_UNIXTIME(1710498030)", "2024-03-15 10:20:30"},
		{"FROM_UNIXTIME(1710498030, '%Y')", "2024"}, {"FROM_UNIXTIME(1.5)", "1970-01-01 00:00:01.5"},
		{"DATE_FORMAT('2024-03-05 14:07:09', '%Y-%m-%d %H:%i:%s')", "2024-03-05 14:07:09"},
		{"DATE_FORMAT('2024-03-05 14:07:09', '%W %M %D %y %h %p %j %a %b %e %c %k %l %r %T %f %%')",
			"Tuesday March 5th 24 02 PM 065 Tue Mar 5 3 14 2 02:07:09 PM 14:07:09 000000 %"},
		{"DATE_FORMAT('2024-01-01', '%U %u %V %v %X %x %w')", "00 01 53 01 2023 2024 1"},
		{"DATE_ADD('2024-01-31', INTERVAL 1 MONTH)", "2024-02-29"}, {"DATE_ADD('2024-01-31 10:00:00', INTERVAL 1 DAY)", "2024-02-01 10:00:00"},
		{"DATE_ADD('2024-01-01', INTERVAL 1 HOUR)", "2024-01-01 01:00:00"}, {"DATE_SUB('2024-03-01', INTERVAL 1 DAY)", "2024-02-29"},
		{"ADDDATE('2024-01-01', 31)", "2024-02-01"}, {"SUBDATE('2024-01-01', INTERVAL 1 YEAR)", "2023-01-01"},
		{"DATE_ADD('2024-01-01 00:00:00', INTERVAL '1:30' HOUR_MINUTE)", "2024-01-01 01:30:00"},
		{"DATE_ADD('2024-01-01 00:00:00', INTERVAL '1 1:1:1' DAY_SECOND)", "2024-01-02 01:01:01"},
		{"DATE_ADD('2024-01-01', INTERVAL '1-2' YEAR_MONTH)", "2025-03-01"},
		{"DATE_ADD('2024-01-01 00:00:00', INTERVAL 1.5 SECOND)", "2024-01-01 00:00:01.500000"},
		{"'2024-01-01' + INTERVAL 1 DAY", "2024-01-02"}, {"NOW() + INTERVAL 1 DAY", "2024-03-16 10:20:30"},
		{"DATE_ADD(CURDATE(), INTERVAL 2 DAY)", "2024-03-17"}, {"DATE_ADD('9999-12-31', INTERVAL 1 DAY)", "NULL"},
		{"DATEDIFF('2024-03-01', '2024-02-01')", "29"}, {"DATEDIFF('2024-01-01 23:59:59', '2024-01-02')", "-1"},
		{"YEAR('2024-03-15')", "2024"}, {"MONTH('2024-03-15')", "3"}, {"DAY('2024-03-15')", "15"},
		{"DAYOFMONTH('2024-03-15')", "15"}, {"HOUR('10:20:30')", "10"}, {"HOUR('2024-03-15 11:00:00')", "11"},
		{"MINUTE('10:20:30')", "20"}, {"SECOND('10:20:30')", "30"}, {"HOUR('838:00:00')", "838"},
		{"DATE('2024-03-15 10:20:30')", "2024-03-15"}, {"DATE(NOW())", "2024-03-15"}, {"YEAR('junk')", "NULL"},
		{"DAYOFWEEK('2024-03-15')", "6"}, {"WEEKDAY('2024-03-15')", "4"}, {"DAYNAME('2024-03-15')", "Friday"},
		{"MONTHNAME('2024-03-15')", "March"}, {"QUARTER('2024-03-15')", "1"}, {"DAYOFYEAR('2024-03-15')", "75"},
		{"EXTRACT(YEAR FROM '2024-03-15')", "2024"}, {"EXTRACT(YEAR_MONTH FROM '2024-03-15')", "202403"},
		{"DATE '2024-01-02'", "2024-01-02"}, {"TIMESTAMP '2024-01-02 03:04:05'", "2024-01-02 03:04:05"},
		{"TIME_TO_SEC('01:00:01')", "3601"}, {"SEC_TO_TIME(3661)", "01:01:01"}, {"NOW() = '2024-03-15 10:20:30'", "1"},
		{"CURDATE() < '2024-03-16'", "1"}, {"NOW() + 0", "20240315102030"}, {"CURDATE() + 1", "20240316"},
		{"SLEEP(0)", "0"}, {"BENCHMARK(10, 1+1)", "0"},
	}
	for _, c := range cases {
		env := newTestEnv()
		v, _, err := evalSQL(t, env, c.expr)
		if err != nil {
			t.Errorf("%s: error %v", c.expr, err)
			continue
		}
		if got := v.String(); got != c.want {
			t.Errorf("%s = %q, want %q", c.expr, got, c.want)
		}
	}
}

func TestEvalErrors(t *testing.T) {
	cases := []struct {
		expr string
		code uint16
		msg  string
	}{
		{"9223372036854775807 + 1", 1690, "BIGINT value is out of range in '(9223372036854775807 + 1)'"},
		{"-9223372036854775807 - 2", 1690, ""},
		{"9223372036854775807 * 2", 1690, ""},
		{"CAST(0 AS UNSIGNED) - 1", 1690, "BIGINT UNSIGNED value is out of range in '(cast(0 as unsigned) - 1)'"},
		{"(1 + 1) * 9223372036854775807", 1690, "BIGINT value is out of range in '((1 + 1) * 9223372036854775807)'"},
		{"18446744073709551615 + 1", 1690, ""},
		{"-(-9223372036854775808)", 1690, ""},
		{"ABS(-9223372036854775808)", 1690, ""},
		{"1e308 * 10", 1690, "DOUBLE value is out of range in '(1e308 * 10)'"},
		{"EXP(1000)", 1690, ""},
		{"POW(10, 400)", 1690, ""},
		{"x", 1054, "Unknown column 'x' in 'field list'"},
		{"t.x + 1", 1054, "Unknown column 't.x' in 'field list'"},
		{"@@nosuchvar", 1193, "Unknown system variable 'nosuchvar'"},
		{"NOSUCHFN(1)", 1305, "FUNCTION test.NOSUCHFN does not exist"},
		{"CONCAT()", 1582, "Incorrect parameter count in the call to native function 'CONCAT'"},
		{"IFNULL(1)", 1582, ""},
		{"LEFT('a')", 1582, ""},
		{"NOW(7)", 1426, ""},
		{"CAST(1 AS DECIMAL(66,2))", 1426, ""},
		{"CAST(1 AS DECIMAL(5,6))", 1427, ""},
		{"SLEEP(-1)", 1210, ""},
		{"DATE '2024-13-01'", 1525, ""},
		{"(1,2)", 1241, ""},
		{"?", 1210, ""},
		{"1 + @@nosuch", 1193, ""},
	}
	for _, c := range cases {
		env := newTestEnv()
		_, _, err := evalSQL(t, env, c.expr)
		var se *mysqldef.SQLError
		if !errors.As(err, &se) {
			t.Errorf("%s: want error %d, got %v", c.expr, c.code, err)
			continue
		}
		if se.Code != c.code || (c.msg != "" && se.Message != c.msg) {
			t.Errorf("%s: got %d %q, want %d %q", c.expr, se.Code, se.Message, c.code, c.msg)
		}
	}
}

func TestUnknownFunctionWithoutDB(t *testing.T) {
	env := newTestEnv()
	env.db = ""
	_, _, err := evalSQL(t, env, "foo()")
	if err == nil || err.Error() != "ERROR 1305 (42000): FUNCTION foo does not exist" && !strings.Contains(err.Error(), "FUNCTION foo does not exist") {
		t.Fatalf("got %v", err)
	}
}

func TestExprWarnings(t *testing.T) {
	cases := []struct{ expr, value, warning string }{
		{"1/0", "NULL", "1365 Division by 0"},
		{"1 DIV 0", "NULL", "1365 Division by 0"},
		{"1.5 % 0", "NULL", "1365 Division by 0"},
		{"1e0/0", "NULL", "1365 Division by 0"},
		{"'abc' + 1", "1", "1292 Truncated incorrect DOUBLE value: 'abc'"},
		{"'12x' = 12", "1", "1292 Truncated incorrect DOUBLE value: '12x'"},
		{"CAST('12abc' AS SIGNED)", "12", "1292 Truncated incorrect INTEGER value: '12abc'"},
		{"CAST('abcd' AS CHAR(2))", "ab", "1292 Truncated incorrect CHAR(2) value: 'abcd'"},
		{"CAST(1000 AS DECIMAL(3,0))", "999", "1264 Out of range value for column 'cast(1000 as decimal(3))' at row 1"},
		{"LN(0)", "NULL", "3020 Invalid argument for logarithm"},
		{"DATE_ADD('9999-12-31', INTERVAL 1 DAY)", "NULL", "1441 Datetime function: datetime field overflow"},
		{"YEAR('junk')", "NULL", "1292 Incorrect datetime value: 'junk'"},
	}
	for _, c := range cases {
		env := newTestEnv()
		v, _, err := evalSQL(t, env, c.expr)
		if err != nil {
			t.Errorf("%s: %v", c.expr, err)
			continue
		}
		if v.String() != c.value {
			t.Errorf("%s = %s, want %s", c.expr, v, c.value)
		}
		if len(env.warnings) != 1 || env.warnings[0] != c.warning {
			t.Errorf("%s: warnings %q, want [%q]", c.expr, env.warnings, c.warning)
		}
	}
	// clean conversions warn about nothing
	for _, expr := range []string{"'1' + 1", "' 2 ' + 1", "1/2", "CAST('5' AS SIGNED)"} {
		env := newTestEnv()
		if _, _, err := evalSQL(t, env, expr); err != nil || len(env.warnings) != 0 {
			t.Errorf("%s: err %v warnings %q", expr, err, env.warnings)
		}
	}
}

func TestColumnTypes(t *testing.T) {
	nn := mysqldef.FlagNotNull
	bn := mysqldef.FlagBinary | mysqldef.FlagNum
	cases := []struct {
		expr string
		want ColumnType
	}{
		{"1", ColumnType{Type: mysqldef.TypeLongLong, Flags: nn | bn, Length: 1, Collation: 63}},
		{"1+1", ColumnType{Type: mysqldef.TypeLongLong, Flags: nn | bn, Length: 2, Collation: 63}},
		{"1.5", ColumnType{Type: mysqldef.TypeNewDecimal, Flags: nn | bn, Length: 4, Decimals: 1, Collation: 63}},
		{"'abc'", ColumnType{Type: mysqldef.TypeVarString, Flags: nn, Length: 12, Collation: 255}},
		{"NULL", ColumnType{Type: mysqldef.TypeNull, Flags: mysqldef.FlagBinary, Collation: 63}},
		{"1.0e0", ColumnType{Type: mysqldef.TypeDouble, Flags: nn | bn, Length: 1, Decimals: 31, Collation: 63}},
		{"NOW()", ColumnType{Type: mysqldef.TypeDatetime, Flags: nn | mysqldef.FlagBinary, Length: 19, Collation: 63}},
		{"NOW(3)", ColumnType{Type: mysqldef.TypeDatetime, Flags: nn | mysqldef.FlagBinary, Length: 23, Decimals: 3, Collation: 63}},
		{"CURDATE()", ColumnType{Type: mysqldef.TypeDate, Flags: nn | mysqldef.FlagBinary, Length: 10, Collation: 63}},
		{"@@version", ColumnType{Type: mysqldef.TypeVarString, Length: 52, Collation: 255}},
		{"@@max_connections", ColumnType{Type: mysqldef.TypeLongLong, Flags: bn, Length: 3, Collation: 63}},
		{"CONNECTION_ID()", ColumnType{Type: mysqldef.TypeLongLong, Flags: nn | bn | mysqldef.FlagUnsigned, Length: 10, Collation: 63}},
		{"1 = 1", ColumnType{Type: mysqldef.TypeLongLong, Flags: nn | bn, Length: 1, Collation: 63}},
		{"1 = NULL", ColumnType{Type: mysqldef.TypeLongLong, Flags: bn, Length: 1, Collation: 63}},
		{"1/2", ColumnType{Type: mysqldef.TypeNewDecimal, Flags: bn, Length: 7, Decimals: 4, Collation: 63}},
		{"CAST(1 AS DECIMAL(10,2))", ColumnType{Type: mysqldef.TypeNewDecimal, Flags: nn | bn, Length: 12, Decimals: 2, Collation: 63}},
		{"CAST(1 AS UNSIGNED)", ColumnType{Type: mysqldef.TypeLongLong, Flags: nn | bn | mysqldef.FlagUnsigned, Length: 1, Collation: 63}},
		{"DATABASE()", ColumnType{Type: mysqldef.TypeVarString, Length: 256, Collation: 255}},
		{"_binary'ab'", ColumnType{Type: mysqldef.TypeVarString, Flags: nn | mysqldef.FlagBinary, Length: 2, Collation: 63}},
		{"CONCAT('ab', 1)", ColumnType{Type: mysqldef.TypeVarString, Flags: nn, Length: 12, Collation: 255}},
		{"IFNULL(NULL, 'ab')", ColumnType{Type: mysqldef.TypeVarString, Flags: nn, Length: 8, Collation: 255}},
		{"IF(1, 1, 2.5)", ColumnType{Type: mysqldef.TypeNewDecimal, Flags: nn | bn, Length: 4, Decimals: 1, Collation: 63}},
	}
	for _, c := range cases {
		_, typ, err := evalSQL(t, newTestEnv(), c.expr)
		if err != nil {
			t.Errorf("%s: %v", c.expr, err)
			continue
		}
		if typ != c.want {
			t.Errorf("%s: type %+v, want %+v", c.expr, typ, c.want)
		}
	}
}

func TestColumnName(t *testing.T) {
	p := parser.New()
	cases := map[string]string{
		"SELECT 1+1":              "1+1",
		"SELECT @@version":        "@@version",
		"SELECT  CONNECTION_ID()": "CONNECTION_ID()",
		"SELECT 'abc'":            "abc",
		"SELECT 1 AS one":         "one",
		"SELECT NOW( )":           "NOW( )",
		"SELECT NULL":             "NULL",
		"SELECT a FROM t":         "a",
	}
	for sql, want := range cases {
		stmt, err := p.ParseOneStmt(sql, "", "")
		if err != nil {
			t.Fatal(err)
		}
		if got := ColumnName(stmt.(*ast.SelectStmt).Fields.Fields[0]); got != want {
			t.Errorf("%s: name %q, want %q", sql, got, want)
		}
	}
}

func TestParamsAndColumns(t *testing.T) {
	p := parser.New()
	stmt, err := p.ParseOneStmt("SELECT a + ? * 2 FROM t WHERE b = ?", "", "")
	if err != nil {
		t.Fatal(err)
	}
	if n := NumberParams(stmt); n != 2 {
		t.Fatalf("NumberParams = %d, want 2", n)
	}
	sel := stmt.(*ast.SelectStmt)
	scope := &Scope{Columns: []ScopeColumn{{Table: "t", Name: "a", Type: intType(11, true)}, {Table: "t", Name: "b", Type: stringType(10, true)}}}
	proj, err := Compile(sel.Fields.Fields[0].Expr, scope)
	if err != nil {
		t.Fatal(err)
	}
	where, err := Compile(sel.Where, scope)
	if err != nil {
		t.Fatal(err)
	}
	env := newTestEnv()
	ctx := NewEvalCtx(env, testNow, []Value{IntValue(3), StringValue("X")})
	rows := [][]Value{{IntValue(1), StringValue("x")}, {IntValue(10), StringValue("y")}, {NullValue(), StringValue("x")}}
	var got []string
	for _, row := range rows {
		w, err := where.Eval(ctx, row)
		if err != nil {
			t.Fatal(err)
		}
		if t2, null := TruthValue(ctx, w); !t2 || null {
			continue
		}
		v, err := proj.Eval(ctx, row)
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, v.String())
	}
	if strings.Join(got, ",") != "7,NULL" {
		t.Fatalf("got %v", got)
	}
	// too few parameters is an error, not a panic
	ctx.Reset(testNow, nil)
	if _, err := proj.Eval(ctx, rows[0]); err == nil {
		t.Fatal("expected error for missing parameter")
	}
}

func TestUserVariables(t *testing.T) {
	env := newTestEnv()
	if _, _, err := evalSQL(t, env, "@x := 1 + 2"); err != nil {
		t.Fatal(err)
	}
	v, typ, err := evalSQL(t, env, "@X * 2")
	if err != nil || v.String() != "6" || typ.Type != mysqldef.TypeLongLong {
		t.Fatalf("got %v %+v %v", v, typ, err)
	}
	if _, _, err := evalSQL(t, env, "LAST_INSERT_ID(99)"); err != nil || env.lastID != 99 {
		t.Fatalf("last insert id %d %v", env.lastID, err)
	}
}

func TestSleepKilled(t *testing.T) {
	env := newTestEnv()
	start := time.Now()
	v, _, err := evalSQL(t, env, "SLEEP(0.05)")
	if err != nil || v.String() != "0" || time.Since(start) < 50*time.Millisecond {
		t.Fatalf("sleep: %v %v %v", v, err, time.Since(start))
	}
	env.killed = true
	start = time.Now()
	v, _, err = evalSQL(t, env, "SLEEP(10)")
	if err != nil || v.String() != "1" || time.Since(start) > time.Second {
		t.Fatalf("killed sleep: %v %v %v", v, err, time.Since(start))
	}
}

func TestRandSeededSequence(t *testing.T) {
	// RAND(n) restarts per statement and steps per evaluation (row)
	p := parser.New()
	stmt, _ := p.ParseOneStmt("SELECT RAND(3)", "", "")
	e, err := Compile(stmt.(*ast.SelectStmt).Fields.Fields[0].Expr, nil)
	if err != nil {
		t.Fatal(err)
	}
	ctx := NewEvalCtx(nil, testNow, nil)
	a, _ := e.Eval(ctx, nil)
	b, _ := e.Eval(ctx, nil)
	ctx.Reset(testNow, nil)
	c, _ := e.Eval(ctx, nil)
	if a.String() == b.String() || a.String() != c.String() {
		t.Fatalf("rand sequence %v %v %v", a, b, c)
	}
}

func TestUUIDShape(t *testing.T) {
	v, _, err := evalSQL(t, newTestEnv(), "UUID()")
	if err != nil || len(v.String()) != 36 || v.String()[14] != '1' {
		t.Fatalf("uuid %v %v", v, err)
	}
}
