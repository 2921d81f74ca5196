package expr

import (
	"testing"
	"time"
	"unsafe"

	"github.com/cockroachdb/apd/v3"
)

func TestValueText(t *testing.T) {
	d, _, _ := apd.NewFromString("-0.00")
	cases := []struct {
		v    Value
		want string
	}{
		{IntValue(-5), "-5"},
		{UintValue(18446744073709551615), "18446744073709551615"},
		{FloatValue(tenth + 2*tenth), "0.30000000000000004"},
		{FloatValue(1e20), "1e20"},
		{FloatValue(-1.5e-20), "-1.5e-20"},
		{FloatValue(123.456), "123.456"},
		{FloatValue(1234567890123456.7), "1234567890123456.8"},
		{DecimalValue(apd.New(150, -2)), "1.50"},
		{DecimalValue(d), "0.00"},
		{StringValue("héllo"), "héllo"},
		{BytesValue([]byte{0, 1}), "\x00\x01"},
		{DateValue(2024, 2, 29), "2024-02-29"},
		{DateValue(0, 0, 0), "0000-00-00"},
		{DatetimeValue(time.Date(2024, 1, 2, 3, 4, 5, 678901234, time.UTC), 0), "2024-01-02 03:04:05"},
		{DatetimeValue(time.Date(2024, 1, 2, 3, 4, 5, 678901234, time.UTC), 3), "2024-01-02 03:04:05.678"},
		{DatetimeValue(time.Date(2024, 1, 2, 3, 4, 5, 678901234, time.UTC), 6), "2024-01-02 03:04:05.678901"},
		{TimeValue(-(838*time.Hour + 59*time.Minute + 59*time.Second), 0), "-838:59:59"},
		{TimeValue(900*time.Hour, 0), "838:59:59"},
		{TimeValue(90*time.Second+500*time.Millisecond, 1), "00:01:30.5"},
		{NullValue(), "NULL"},
		{FloatValue(nan()), "NULL"},
	}
	for _, c := range cases {
		if got := c.v.String(); got != c.want {
			t.Errorf("%#v: got %q want %q", c.v, got, c.want)
		}
	}
}

var tenth = 0.1 // a variable, so the sum is computed in float64

func nan() float64 { var z float64; return z / z }

func TestValueSize(t *testing.T) {
	if s := unsafe.Sizeof(Value{}); s > 40 {
		t.Fatalf("Value is %d bytes; keep it small, it is copied per row", s)
	}
}

func TestParseDatetimeForms(t *testing.T) {
	good := map[string]string{
		"2024-01-02":              "2024-01-02 00:00:00",
		"2024-1-2 3:4:5":          "2024-01-02 03:04:05",
		"2024/01/02T10:11:12":     "2024-01-02 10:11:12",
		"20240102":                "2024-01-02 00:00:00",
		"20240102101112":          "2024-01-02 10:11:12",
		"240102":                  "2024-01-02 00:00:00",
		"99-12-31 23:59:59":       "1999-12-31 23:59:59",
		"2024-01-02 10:11:12.5":   "2024-01-02 10:11:12",
		"0000-00-00 00:00:00":     "0000-00-00 00:00:00",
		"  2024-01-02 10:11:12  ": "2024-01-02 10:11:12",
	}
	for in, want := range good {
		dt, _, _, ok := parseDatetime(in)
		if !ok {
			t.Errorf("%q: not parsed", in)
			continue
		}
		if got := DatetimeFromParts(DateTime{Year: dt.Year, Month: dt.Month, Day: dt.Day, Hour: dt.Hour, Minute: dt.Minute, Second: dt.Second}, 0).String(); got != want {
			t.Errorf("%q: got %s want %s", in, got, want)
		}
	}
	for _, bad := range []string{"", "abc", "2024-13-01", "2024-02-30", "2024-01-01 25:00:00", "12345", "2024-01-01x", "2024--01"} {
		if _, _, _, ok := parseDatetime(bad); ok {
			t.Errorf("%q parsed", bad)
		}
	}
}

// TestNoPanics feeds edge inputs through compile and eval: any outcome but
// a panic is acceptable.
func TestNoPanics(t *testing.T) {
	exprs := []string{
		"SUBSTRING('abc', -100)", "LPAD('a', -1, 'x')", "REPEAT('a', 1000000000000)", "CHAR(-1)",
		"DATE_ADD('2024-01-01', INTERVAL 'abc' DAY_SECOND)", "FROM_UNIXTIME(-1)", "CAST('' AS TIME)", "HOUR('')",
		"'' LIKE ''", "DATE_FORMAT('0000-00-00', '%W %a %v %x %j %U %u %V %X %D %M %b')", "LEFT('abc', 18446744073709551615)",
		"SPACE(-1)", "RIGHT('abc', -1)", "ROUND(1.5, 100)", "TRUNCATE(1e300, -400)", "1 << 18446744073709551615",
		"CAST('99999999999999999999' AS SIGNED)", "CAST(1e30 AS UNSIGNED)", "FORMAT(1e300, 2)", "SUBSTRING('héllo', 2, 100)",
		"LOCATE('', 'abc')", "INSTR('', '')", "UNHEX('')", "FROM_UNIXTIME(99999999999999999999)", "DATE_ADD(NULL, INTERVAL 1 DAY)",
		"EXTRACT(WEEK FROM '0000-00-00')", "MONTHNAME('0000-00-00')", "SEC_TO_TIME(99999999999999999)", "CAST('2024-02-30' AS DATE)",
		"99999999999999999999999999999999999999999999999999999999999999999 * 99999999999999999999999999999999999999999999999999999999999999999",
		"1.000000000000000000000000000001 * 1.000000000000000000000000000001", "1 / 0.0000000000000000000000000001",
		"'x' REGEXP '('", "CAST('abc' AS DECIMAL(5,2))", "CAST(-1e300 AS DECIMAL(65,30))",
		"DATEDIFF('0000-00-00', '2024-01-01')", "UNIX_TIMESTAMP('0000-00-00')", "UNIX_TIMESTAMP('1000-01-01')",
		"DATE_ADD('2024-01-01', INTERVAL 9223372036854775807 MONTH)", "DATE_ADD('2024-01-01', INTERVAL -9223372036854775807 SECOND)",
		"DATE_ADD('2024-01-01', INTERVAL 9223372036854775807 DAY)", "-'abc'", "~'abc'", "ABS('x')", "CEIL('1.5')",
		"HEX(NULL)", "GREATEST(NOW(), '2024-01-01')", "LEAST('a', 1, 2.5)", "CASE NULL WHEN NULL THEN 1 END",
		"COALESCE(NULL, NOW())", "CAST(NOW() AS TIME)", "CAST(CURTIME() AS DATETIME)", "NOW() - INTERVAL 1 MICROSECOND",
		"TIME('100:00:00') + 1", "CAST('1:2' AS TIME)", "HOUR(-1)", "CAST(-8385959 AS TIME)", "SLEEP(NULL)",
		"FORMAT(NULL, 2)", "TRIM(NULL FROM 'a')", "CONCAT_WS(NULL, NULL)", "CHAR(NULL)", "LOG(-1, 2)",
	}
	for _, x := range exprs {
		func() {
			defer func() {
				if r := recover(); r != nil {
					t.Errorf("%s: panic %v", x, r)
				}
			}()
			_, _, _ = evalSQL(t, newTestEnv(), x)
		}()
	}
}
