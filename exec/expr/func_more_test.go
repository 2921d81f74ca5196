package expr

import (
	"testing"
	"time"

	"github.com/loopdb/loopdb/mysqldef"
)

func TestStringFunctionsMore(t *testing.T) {
	runEvalCases(t, []evalCase{
		{"SUBSTRING_INDEX('www.mysql.com', '.', 2)", "www.mysql"}, {"SUBSTRING_INDEX('www.mysql.com', '.', -2)", "mysql.com"},
		{"SUBSTRING_INDEX('www.mysql.com', '.', 0)", ""}, {"SUBSTRING_INDEX('www.mysql.com', '.', 5)", "www.mysql.com"},
		{"SUBSTRING_INDEX('www.mysql.com', '.', -5)", "www.mysql.com"}, {"SUBSTRING_INDEX('aXbxc', 'x', 1)", "aXb"},
		{"SUBSTRING_INDEX('a,b', '', 1)", ""}, {"SUBSTRING_INDEX('a.b', '.', -9223372036854775808)", "a.b"},
		{"SUBSTRING_INDEX(NULL, '.', 1)", "NULL"},
		{"CRC32('MySQL')", "3259397556"}, {"CRC32('mysql')", "2501908538"}, {"CRC32(1)", "2212294583"}, {"CRC32(NULL)", "NULL"},
		{"FIELD('Bb', 'Aa', 'Bb', 'Cc', 'Dd', 'Ff')", "2"}, {"FIELD('Gg', 'Aa', 'Bb')", "0"}, {"FIELD('b', 'A', 'B')", "2"},
		{"FIELD(NULL, 'a', NULL)", "0"}, {"FIELD(2, 1, 2)", "2"}, {"FIELD('2', 1, 2)", "2"}, {"FIELD(1.0, 'x', '1')", "2"},
		{"FIND_IN_SET('b', 'a,b,c,d')", "2"}, {"FIND_IN_SET('B', 'a,b')", "2"}, {"FIND_IN_SET('x', 'a,b')", "0"},
		{"FIND_IN_SET('a,b', 'a,b')", "0"}, {"FIND_IN_SET(NULL, 'a')", "NULL"}, {"FIND_IN_SET('a', NULL)", "NULL"},
		{"FIND_IN_SET('', '')", "0"},
		{"ELT(1, 'Aa', 'Bb')", "Aa"}, {"ELT(4, 'Aa', 'Bb', 'Cc', 'Dd')", "Dd"}, {"ELT(0, 'a')", "NULL"},
		{"ELT(3, 'a', 'b')", "NULL"}, {"ELT(NULL, 'a')", "NULL"}, {"ELT(2, 'a', NULL)", "NULL"}, {"ELT(1, 'a', NULL)", "a"},
		{"INSERT('Quadratic', 3, 4, 'What')", "QuWhattic"}, {"INSERT('Quadratic', -1, 4, 'What')", "Quadratic"},
		{"INSERT('Quadratic', 3, 100, 'What')", "QuWhat"}, {"INSERT('héllo', 2, 1, 'e')", "hello"},
		{"INSERT('abc', 4, 1, 'x')", "abc"}, {"INSERT('abc', 1, -1, 'x')", "x"}, {"INSERT(NULL, 1, 1, 'a')", "NULL"},
		{"QUOTE('Don''t!')", `'Don\'t!'`}, {"QUOTE('a\\\\b')", `'a\\b'`}, {"QUOTE(NULL)", "NULL"}, {"QUOTE(12)", "'12'"},
		{"SOUNDEX('Hello')", "H400"}, {"SOUNDEX('Quadratically')", "Q36324"}, {"SOUNDEX('Robert')", "R163"},
		{"SOUNDEX('')", ""}, {"SOUNDEX(NULL)", "NULL"},
		{"TO_BASE64('abc')", "YWJj"}, {"FROM_BASE64(TO_BASE64('abc'))", "abc"}, {"FROM_BASE64('!!')", "NULL"},
		{"TO_BASE64(REPEAT('a', 60))", "YWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFh\nYWFh"},
		{"FROM_BASE64('YWJj\nZA==')", "abcd"}, {"TO_BASE64(NULL)", "NULL"},
		{"BIN(12)", "1100"}, {"OCT(12)", "14"}, {"BIN(-1)", "1111111111111111111111111111111111111111111111111111111111111111"},
		{"BIN(NULL)", "NULL"}, {"BIN('5')", "101"},
		{"CONV('a', 16, 2)", "1010"}, {"CONV('6E', 18, 8)", "172"}, {"CONV(-17, 10, -18)", "-H"},
		{"CONV(10+'10'+'10', 10, 10)", "30"}, {"CONV(255, 10, 16)", "FF"}, {"CONV('-1', 10, 16)", "FFFFFFFFFFFFFFFF"},
		{"CONV('zz', 36, 10)", "1295"}, {"CONV('12x', 10, 10)", "12"}, {"CONV(NULL, 10, 2)", "NULL"}, {"CONV(1, 1, 10)", "NULL"},
		{"CONV(1, 10, 37)", "NULL"}, {"CONV('ffffffffffffffffff', 16, 10)", "18446744073709551615"},
		{"STRCMP('text', 'text2')", "-1"}, {"STRCMP('text2', 'text')", "1"}, {"STRCMP('text', 'TEXT')", "0"},
		{"STRCMP(NULL, 'a')", "NULL"}, {"STRCMP(_binary'a', 'A')", "1"},
		{"ORD('2')", "50"}, {"ORD('é')", "50089"}, {"ORD('')", "0"}, {"ORD(NULL)", "NULL"}, {"BIT_LENGTH('text')", "32"},
		{"MAKE_SET(1, 'a', 'b', 'c')", "a"}, {"MAKE_SET(1 | 4, 'hello', 'nice', 'world')", "hello,world"},
		{"MAKE_SET(1 | 4, 'hello', 'nice', NULL, 'world')", "hello"}, {"MAKE_SET(0, 'a', 'b')", ""},
		{"EXPORT_SET(5, 'Y', 'N', ',', 4)", "Y,N,Y,N"}, {"EXPORT_SET(6, '1', '0', ',', 10)", "0,1,1,0,0,0,0,0,0,0"},
		{"BIT_COUNT(29)", "4"}, {"BIT_COUNT(-1)", "64"}, {"BIT_COUNT(NULL)", "NULL"},
		// regular expressions
		{"REGEXP_LIKE('CamelCase', 'CAMELCASE')", "1"}, {"REGEXP_LIKE('CamelCase', 'CAMELCASE', 'c')", "0"},
		{"REGEXP_LIKE(_binary'CamelCase', 'CAMELCASE')", "0"}, {"REGEXP_LIKE('abc', 'B', 'ci')", "1"},
		{"REGEXP_LIKE('a\nb', '^b$')", "0"}, {"REGEXP_LIKE('a\nb', '^b$', 'm')", "1"}, {"REGEXP_LIKE('a\nb', 'a.b')", "0"},
		{"REGEXP_LIKE('a\nb', 'a.b', 'n')", "1"}, {"REGEXP_LIKE(NULL, 'a')", "NULL"},
		{"REGEXP_INSTR('dog cat dog', 'dog')", "1"}, {"REGEXP_INSTR('dog cat dog', 'dog', 2)", "9"},
		{"REGEXP_INSTR('aa aaa aaaa', 'a{4}')", "8"}, {"REGEXP_INSTR('aa aaa aaaa', 'a{3}', 1, 2)", "8"},
		{"REGEXP_INSTR('dog cat dog', 'dog', 1, 1, 1)", "4"}, {"REGEXP_INSTR('dog', 'x')", "0"}, {"REGEXP_INSTR('éa', 'a')", "2"},
		{"REGEXP_SUBSTR('abc def ghi', '[a-z]+')", "abc"}, {"REGEXP_SUBSTR('abc def ghi', '[a-z]+', 1, 3)", "ghi"},
		{"REGEXP_SUBSTR('abc def ghi', '[a-z]+', 5)", "def"}, {"REGEXP_SUBSTR('abc', 'x')", "NULL"},
		{"REGEXP_REPLACE('a b c', 'b', 'X')", "a X c"}, {"REGEXP_REPLACE('abc def ghi', '[a-z]+', 'X', 1, 3)", "abc def X"},
		{"REGEXP_REPLACE('abc def ghi', '[a-z]+', 'X', 1, 0)", "X X X"}, {"REGEXP_REPLACE('abc', '(b)', '[$1]')", "a[b]c"},
		{"REGEXP_REPLACE('abc', 'b', '\\\\$1')", "a$1c"}, {"REGEXP_REPLACE('aBc', 'b', 'x')", "axc"},
		{"REGEXP_REPLACE('abcabc', 'b', 'X', 3)", "abcaXc"}, {"REGEXP_REPLACE('abc', NULL, 'x')", "NULL"},
	})
	runErrCases(t, []errCase{
		{"REGEXP_INSTR('abc', 'b', 10)", 3686, "Index out of bounds in regular expression search."},
		{"REGEXP_INSTR('abc', 'b', 0)", 3686, ""},
		{"REGEXP_LIKE('a', '(')", 3685, "Illegal argument to a regular expression."},
		{"REGEXP_LIKE('a', 'a', 'z')", 1210, ""},
		{"REGEXP_INSTR('a', 'a', 1, 1, 2)", 1210, ""},
		{"REGEXP_LIKE('a')", 1582, ""},
		{"FIELD('a')", 1582, ""}, {"ELT(1)", 1582, ""}, {"INSERT('a', 1, 1)", 1582, ""}, {"CONV(1, 2)", 1582, ""},
		{"SUBSTRING_INDEX('a', 'b')", 1582, ""}, {"MAKE_SET(1)", 1582, ""}, {"STRCMP('a')", 1582, ""},
	})
}

func TestTimeFunctionsMore(t *testing.T) {
	runEvalCases(t, []evalCase{
		{"TIMESTAMPDIFF(MONTH, '2003-02-01', '2003-05-01')", "3"}, {"TIMESTAMPDIFF(YEAR, '2002-05-01', '2001-01-01')", "-1"},
		{"TIMESTAMPDIFF(MINUTE, '2003-02-01', '2003-05-01 12:05:55')", "128885"},
		{"TIMESTAMPDIFF(MONTH, '2024-01-31', '2024-02-29')", "0"}, {"TIMESTAMPDIFF(MONTH, '2024-01-31', '2024-03-31')", "2"},
		{"TIMESTAMPDIFF(MONTH, '2024-01-15 10:00:00', '2024-02-15 09:59:59')", "0"},
		{"TIMESTAMPDIFF(MONTH, '2024-01-15 10:00:00', '2024-02-15 10:00:00')", "1"},
		{"TIMESTAMPDIFF(MONTH, '2024-03-31', '2024-02-29')", "-1"}, {"TIMESTAMPDIFF(MONTH, '2024-03-15', '2024-02-16')", "0"},
		{"TIMESTAMPDIFF(DAY, '2024-01-02', '2024-01-01 00:00:01')", "0"},
		{"TIMESTAMPDIFF(SECOND, '2024-01-01', '2024-01-01 00:00:01.5')", "1"},
		{"TIMESTAMPDIFF(MICROSECOND, '2024-01-01', '2024-01-01 00:00:01.5')", "1500000"},
		{"TIMESTAMPDIFF(QUARTER, '2024-01-01', '2024-12-31')", "3"}, {"TIMESTAMPDIFF(WEEK, '2024-01-01', '2024-01-15')", "2"},
		{"TIMESTAMPDIFF(HOUR, '2024-01-01', '2023-12-31 12:30:00')", "-11"}, {"TIMESTAMPDIFF(YEAR, '2000-02-29', '2024-02-28')", "23"},
		{"TIMESTAMPDIFF(DAY, NULL, '2024-01-01')", "NULL"},
		{"TIMESTAMPADD(MINUTE, 1, '2003-01-02')", "2003-01-02 00:01:00"}, {"TIMESTAMPADD(WEEK, 1, '2003-01-02')", "2003-01-09"},
		{"TIMESTAMPADD(MONTH, 1, '2024-01-31')", "2024-02-29"}, {"TIMESTAMPADD(DAY, 1, DATE '2024-02-28')", "2024-02-29"},
		{"TIMESTAMPADD(DAY, NULL, '2024-01-01')", "NULL"},
		{"LAST_DAY('2003-02-05')", "2003-02-28"}, {"LAST_DAY('2004-02-05')", "2004-02-29"},
		{"LAST_DAY('2004-01-01 01:01:01')", "2004-01-31"}, {"LAST_DAY(NULL)", "NULL"},
		{"STR_TO_DATE('01,5,2013', '%d,%m,%Y')", "2013-05-01"}, {"STR_TO_DATE('May 1, 2013', '%M %d,%Y')", "2013-05-01"},
		{"STR_TO_DATE('a09:30:17', 'a%h:%i:%s')", "09:30:17"},
		{"STR_TO_DATE('2013-05-01 10:11:12.5', '%Y-%m-%d %H:%i:%s.%f')", "2013-05-01 10:11:12.500000"},
		{"STR_TO_DATE('10:11 PM', '%h:%i %p')", "22:11:00"}, {"STR_TO_DATE('12:11 AM', '%h:%i %p')", "00:11:00"},
		{"STR_TO_DATE('Tuesday, March 5, 2024', '%W, %M %e, %Y')", "2024-03-05"}, {"STR_TO_DATE('2024-075', '%Y-%j')", "2024-03-15"},
		{"STR_TO_DATE('15/03/24 14:07:09', '%d/%m/%y %T')", "2024-03-15 14:07:09"},
		{"STR_TO_DATE('2024-03-15', '%Y-%m-%d %H:%i:%s')", "2024-03-15 00:00:00"},
		{"STR_TO_DATE('03:07:09 PM', '%r')", "15:07:09"}, {"STR_TO_DATE('Mar 5 2024', '%b %e %Y')", "2024-03-05"},
		{"STR_TO_DATE('5th of March 99', '%D of %M %y')", "1999-03-05"}, {"STR_TO_DATE('100%', '%Y%%')", "NULL"},
		{"STR_TO_DATE('70-1-2', '%Y-%c-%e')", "1970-01-02"}, {"STR_TO_DATE('14h', '%kh')", "14:00:00"},
		{"STR_TO_DATE(NULL, '%Y')", "NULL"}, {"STR_TO_DATE('2024', NULL)", "NULL"},
		{"MAKEDATE(2011, 31)", "2011-01-31"}, {"MAKEDATE(2011, 32)", "2011-02-01"}, {"MAKEDATE(2011, 365)", "2011-12-31"},
		{"MAKEDATE(2011, 366)", "2012-01-01"}, {"MAKEDATE(2011, 0)", "NULL"}, {"MAKEDATE(24, 1)", "2024-01-01"},
		{"MAKEDATE(9999, 366)", "NULL"},
		{"MAKETIME(12, 15, 30)", "12:15:30"}, {"MAKETIME(12, 60, 30)", "NULL"}, {"MAKETIME(-1, 2, 3)", "-01:02:03"},
		{"MAKETIME(1, 2, 3.5)", "01:02:03.5"}, {"MAKETIME(NULL, 1, 1)", "NULL"},
		{"PERIOD_ADD(200801, 2)", "200803"}, {"PERIOD_ADD(0801, 2)", "200803"}, {"PERIOD_ADD(200812, 1)", "200901"},
		{"PERIOD_ADD(0, 5)", "0"}, {"PERIOD_DIFF(200802, 200703)", "11"}, {"PERIOD_DIFF(9902, 200001)", "-11"},
		{"TO_DAYS(950501)", "728779"}, {"TO_DAYS('2007-10-07')", "733321"}, {"TO_DAYS('1970-01-01')", "719528"},
		{"TO_DAYS('0000-01-01')", "1"}, {"TO_DAYS(NULL)", "NULL"},
		{"FROM_DAYS(730669)", "2000-07-03"}, {"FROM_DAYS(733321)", "2007-10-07"}, {"FROM_DAYS(0)", "0000-00-00"},
		{"FROM_DAYS(TO_DAYS('2024-02-29'))", "2024-02-29"}, {"FROM_DAYS(TO_DAYS('2000-12-31'))", "2000-12-31"},
		{"TO_SECONDS(950430)", "62966419200"}, {"TO_SECONDS('2009-11-29 13:43:32')", "63426721412"},
		{"WEEK('2008-02-20')", "7"}, {"WEEK('2008-02-20', 0)", "7"}, {"WEEK('2008-02-20', 1)", "8"},
		{"WEEK('2008-12-31', 1)", "53"}, {"WEEK('2000-01-01', 0)", "0"}, {"WEEK('2000-01-01', 2)", "52"},
		{"WEEK('2024-12-30', 3)", "1"}, {"WEEK('2024-12-30', 1)", "53"}, {"WEEK('2024-03-15', NULL)", "10"},
		{"YEARWEEK('1987-01-01')", "198652"}, {"YEARWEEK('2000-01-01')", "199952"}, {"YEARWEEK('2024-12-30', 3)", "202501"},
		{"WEEKOFYEAR('2008-02-20')", "8"}, {"WEEK(NULL)", "NULL"},
		{"CONVERT_TZ('2004-01-01 12:00:00', '+00:00', '+10:00')", "2004-01-01 22:00:00"},
		{"CONVERT_TZ('2004-01-01 12:00:00', 'GMT', 'MET')", "2004-01-01 13:00:00"},
		{"CONVERT_TZ('2024-07-01 12:00:00', 'UTC', 'America/New_York')", "2024-07-01 08:00:00"},
		{"CONVERT_TZ('2004-01-01 12:00:00.25', '-01:30', '+00:00')", "2004-01-01 13:30:00.25"},
		{"CONVERT_TZ(TIMESTAMP '2004-01-01 12:00:00', '+00:00', '-05:00')", "2004-01-01 07:00:00"},
		{"CONVERT_TZ('1960-01-01 12:00:00', '+00:00', '+01:00')", "1960-01-01 12:00:00"},
		{"CONVERT_TZ('2004-01-01 12:00:00', '+00:00', 'Nowhere/Zone')", "NULL"},
		{"CONVERT_TZ('2004-01-01 12:00:00', '+00:00', '+15:00')", "NULL"}, {"CONVERT_TZ(NULL, '+00:00', '+01:00')", "NULL"},
		{"GET_FORMAT(DATE, 'USA')", "%m.%d.%Y"}, {"GET_FORMAT(DATETIME, 'JIS')", "%Y-%m-%d %H:%i:%s"},
		{"GET_FORMAT(TIMESTAMP, 'internal')", "%Y%m%d%H%i%s"}, {"GET_FORMAT(TIME, 'EUR')", "%H.%i.%s"},
		{"GET_FORMAT(DATE, 'xx')", "NULL"}, {"DATE_FORMAT('2003-10-03', GET_FORMAT(DATE, 'EUR'))", "03.10.2003"},
	})
	runWarnCases(t, []warnCase{
		{"STR_TO_DATE('a09:30:17', '%h:%i:%s')", "NULL", "1411 Incorrect datetime value: 'a09:30:17' for function str_to_date"},
		{"STR_TO_DATE('2013-02-30', '%Y-%m-%d')", "NULL", "1411 Incorrect datetime value: '2013-02-30' for function str_to_date"},
		{"STR_TO_DATE('00/00/0000', '%m/%d/%Y')", "NULL", "1411 Incorrect datetime value: '00/00/0000' for function str_to_date"},
		{"STR_TO_DATE('13:00 PM', '%h:%i %p')", "NULL", "1411 Incorrect datetime value: '13:00 PM' for function str_to_date"},
		{"STR_TO_DATE('09:30:17a', '%h:%i:%s')", "09:30:17", "1292 Truncated incorrect time value: '09:30:17a'"},
		{"STR_TO_DATE('2024-01-02 trailing', '%Y-%m-%d')", "2024-01-02", "1292 Truncated incorrect date value: '2024-01-02 trailing'"},
		{"STR_TO_DATE('2024-01-02  ', '%Y-%m-%d')", "2024-01-02", ""},
		{"MAKETIME(900, 0, 0)", "838:59:59", "1292 Truncated incorrect time value: '900:0:0'"},
		{"TIMESTAMPDIFF(DAY, 'junk', '2024-01-01')", "NULL", "1292 Incorrect datetime value: 'junk'"},
		{"LAST_DAY('2003-03-32')", "NULL", "1292 Incorrect datetime value: '2003-03-32'"},
	})
	runErrCases(t, []errCase{
		{"PERIOD_ADD(200813, 1)", 1210, "Incorrect arguments to period_add"},
		{"PERIOD_DIFF(200800, 200801)", 1210, ""},
		{"MAKEDATE(2011)", 1582, ""}, {"MAKETIME(1, 2)", 1582, ""}, {"WEEKOFYEAR('2024-01-01', 1)", 1582, ""},
		{"WEEK()", 1582, ""}, {"CONVERT_TZ('2004-01-01', '+00:00')", 1582, ""}, {"LAST_DAY()", 1582, ""},
	})
	// result types follow STR_TO_DATE's format
	for expr, want := range map[string]ColumnType{
		"STR_TO_DATE('2024-01-02', '%Y-%m-%d')":              dateType(true),
		"STR_TO_DATE('2024-01-02 10', '%Y-%m-%d %H')":        DatetimeType(0, true),
		"STR_TO_DATE('2024-01-02 10.5', '%Y-%m-%d %H.%f')":   DatetimeType(6, true),
		"STR_TO_DATE('10:11', '%H:%i')":                      timeType(0, true),
		"TIMESTAMPDIFF(DAY, '2024-01-01', '2024-01-02')":     intType(20, true),
		"MAKEDATE(2024, 1)":                                  dateType(true),
		"TIMESTAMPADD(DAY, 1, DATE '2024-01-01')":            dateType(true),
		"CONVERT_TZ('2004-01-01 12:00:00', '+00:00', 'UTC')": DatetimeType(0, true),
	} {
		_, typ, err := evalSQL(t, newTestEnv(), expr)
		if err != nil || typ != want {
			t.Errorf("%s: type %+v err %v, want %+v", expr, typ, err, want)
		}
	}
}

// TestWeekModesAgainstReference checks WEEK/YEARWEEK over several years
// against ISO weeks (mode 3) and DATE_FORMAT's %U/%u/%V/%X (modes 0, 1, 2).
func TestWeekModesAgainstReference(t *testing.T) {
	for d := time.Date(1999, 12, 20, 0, 0, 0, 0, time.UTC); d.Year() < 2031; d = d.AddDate(0, 0, 1) {
		dt := DateTime{Year: d.Year(), Month: int(d.Month()), Day: d.Day()}
		iy, iw := d.ISOWeek()
		if w, y := calcWeek(dt, weekMode(3)|weekYear); w != iw || y != iy {
			t.Fatalf("%s: yearweek mode 3 = %d/%d, want %d/%d", d.Format("2006-01-02"), y, w, iy, iw)
		}
		if w, _ := calcWeek(dt, weekMode(0)); w != func() int { w, _ := weekMode0(dt); return w }() {
			t.Fatalf("%s: week mode 0 = %d", d.Format("2006-01-02"), w)
		}
		if w, _ := calcWeek(dt, weekMode(1)); w != weekMode1(dt) {
			t.Fatalf("%s: week mode 1 = %d, want %d", d.Format("2006-01-02"), w, weekMode1(dt))
		}
		w2, y2 := weekMode2(dt)
		if w, y := calcWeek(dt, weekMode(2)|weekYear); w != w2 || y != y2 {
			t.Fatalf("%s: week mode 2 = %d/%d, want %d/%d", d.Format("2006-01-02"), y, w, y2, w2)
		}
		// TO_DAYS / FROM_DAYS round trip
		if v := dateFromDayNumber(mysqlDayNumber(dt.Year, dt.Month, dt.Day)); UnpackDateTime(v.n) != dt {
			t.Fatalf("%s: FROM_DAYS(TO_DAYS) = %v", d.Format("2006-01-02"), v)
		}
	}
}

func TestMathAndMiscFunctionsMore(t *testing.T) {
	runEvalCases(t, []evalCase{
		{"SIN(0)", "0"}, {"COS(0)", "1"}, {"TAN(0)", "0"}, {"ASIN(2)", "NULL"}, {"ACOS(1)", "0"}, {"ASIN(1)", "1.5707963267948966"},
		{"ATAN(1)", "0.7853981633974483"}, {"ATAN(-2, 2)", "-0.7853981633974483"}, {"ATAN2(PI(), 0)", "1.5707963267948966"},
		{"COT(12)", "-1.5726734063976895"}, {"DEGREES(PI())", "180"}, {"RADIANS(90)", "1.5707963267948966"},
		{"SIN(NULL)", "NULL"}, {"SIN('0')", "0"},
		{"INET_ATON('10.0.5.9')", "167773449"}, {"INET_ATON('127.1')", "2130706433"}, {"INET_ATON('1.2.3.256')", "NULL"},
		{"INET_ATON('1.2.3.')", "NULL"}, {"INET_ATON('')", "NULL"}, {"INET_ATON(NULL)", "NULL"},
		{"INET_NTOA(167773449)", "10.0.5.9"}, {"INET_NTOA(-1)", "NULL"}, {"INET_NTOA(4294967296)", "NULL"},
		{"INET_NTOA('3232235777')", "192.168.1.1"},
		{"HEX(INET6_ATON('fdfe::5a55:caff:fefa:9089'))", "FDFE0000000000005A55CAFFFEFA9089"},
		{"HEX(INET6_ATON('10.0.5.9'))", "0A000509"}, {"INET6_ATON('bad')", "NULL"}, {"INET6_ATON('fe80::1%eth0')", "NULL"},
		{"INET6_NTOA(INET6_ATON('fdfe::5a55:caff:fefa:9089'))", "fdfe::5a55:caff:fefa:9089"},
		{"INET6_NTOA(INET6_ATON('10.0.5.9'))", "10.0.5.9"},
		{"INET6_NTOA(UNHEX('FDFE0000000000005A55CAFFFEFA9089'))", "fdfe::5a55:caff:fefa:9089"},
		{"INET6_NTOA(INET6_ATON('::ffff:1.2.3.4'))", "::ffff:1.2.3.4"}, {"INET6_NTOA(INET6_ATON('::1.2.3.4'))", "::1.2.3.4"},
		{"INET6_NTOA(INET6_ATON('::1'))", "::1"}, {"INET6_NTOA(INET6_ATON('::'))", "::"}, {"INET6_NTOA('abcd')", "NULL"},
		{"IS_IPV4('10.0.5.9')", "1"}, {"IS_IPV4('10.0.5.256')", "0"}, {"IS_IPV4('127.1')", "0"}, {"IS_IPV4(NULL)", "0"},
		{"IS_IPV6('10.0.5.9')", "0"}, {"IS_IPV6('::1')", "1"}, {"IS_IPV6('fdfe::5a55:caff:fefa:9089')", "1"}, {"IS_IPV6(NULL)", "0"},
		{"IS_IPV4_COMPAT(INET6_ATON('::10.0.5.9'))", "1"}, {"IS_IPV4_COMPAT(INET6_ATON('::ffff:10.0.5.9'))", "0"},
		{"IS_IPV4_MAPPED(INET6_ATON('::ffff:10.0.5.9'))", "1"}, {"IS_IPV4_MAPPED(INET6_ATON('::10.0.5.9'))", "0"},
		{"HEX(UUID_TO_BIN('6ccd780c-baba-1026-9564-5b8c656024db'))", "6CCD780CBABA102695645B8C656024DB"},
		{"HEX(UUID_TO_BIN('6ccd780c-baba-1026-9564-5b8c656024db', 1))", "1026BABA6CCD780C95645B8C656024DB"},
		{"HEX(UUID_TO_BIN('{6ccd780c-baba-1026-9564-5b8c656024db}'))", "6CCD780CBABA102695645B8C656024DB"},
		{"BIN_TO_UUID(UUID_TO_BIN('6ccd780c-baba-1026-9564-5b8c656024db'))", "6ccd780c-baba-1026-9564-5b8c656024db"},
		{"BIN_TO_UUID(UUID_TO_BIN('6ccd780c-baba-1026-9564-5b8c656024db', 1), 1)", "6ccd780c-baba-1026-9564-5b8c656024db"},
		{"BIN_TO_UUID(UUID_TO_BIN('6ccd780c-baba-1026-9564-5b8c656024db', 1))", "1026baba-6ccd-780c-9564-5b8c656024db"},
		{"UUID_TO_BIN(NULL)", "NULL"}, {"IS_UUID('6ccd780c-baba-1026-9564-5b8c656024db')", "1"},
		{"IS_UUID('6ccd780cbaba102695645b8c656024db')", "1"}, {"IS_UUID('6ccd780c-baba-1026-9564-5b8c6560')", "0"},
		{"IS_UUID(NULL)", "NULL"}, {"IS_UUID(UUID())", "1"},
		{"ANY_VALUE(5)", "5"}, {"ANY_VALUE(NULL)", "NULL"},
	})
	runErrCases(t, []errCase{
		{"COT(0)", 1690, "DOUBLE value is out of range in 'cot(0)'"},
		{"UUID_TO_BIN('bad')", 1411, "Incorrect string value: 'bad' for function uuid_to_bin"},
		{"BIN_TO_UUID('abc')", 1411, ""},
		{"ATAN()", 1582, ""}, {"ATAN2(1)", 1582, ""}, {"INET_ATON()", 1582, ""}, {"ANY_VALUE(1, 2)", 1582, ""},
	})
	for expr, want := range map[string]ColumnType{
		"CRC32('a')":        uintType(10, false),
		"SIN(1)":            doubleType(0, true),
		"INET6_ATON('::1')": binaryType(16, true),
		"ANY_VALUE('ab')":   stringType(2, false),
	} {
		_, typ, err := evalSQL(t, newTestEnv(), expr)
		if err != nil || typ != want {
			t.Errorf("%s: type %+v err %v, want %+v", expr, typ, err, want)
		}
	}
	_ = mysqldef.TypeJSON
}
