package e2e

import (
	"context"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// PyMySQL escapes parameters into the SQL text (it has no server-side
// prepared statements); every column type must still come back as the
// Python value that went in. (A negative TIME with a non-zero remainder,
// e.g. -12:00:01, is not used: PyMySQL itself escapes it wrongly.)
const pymysqlTypesScript = `
import sys, datetime, decimal, pymysql
c = pymysql.connect(host="127.0.0.1", port=int(sys.argv[1]), user="root", autocommit=True)
cur = c.cursor()
cur.execute("CREATE DATABASE py")
cur.execute("""CREATE TABLE py.t (id BIGINT PRIMARY KEY, i8 TINYINT, u64 BIGINT UNSIGNED, dc DECIMAL(65,30),
  d DOUBLE, dt DATETIME(6), da DATE, tm TIME(6), s VARCHAR(50), b LONGBLOB, j JSON)""")
vals = (-2**63, -128, 2**64 - 1, decimal.Decimal("12345678901234567890123456789012345.123456789012345678901234567890"),
        1.5e300, datetime.datetime(2024, 2, 29, 13, 14, 15, 123456), datetime.date(2024, 2, 29),
        datetime.timedelta(hours=-12, minutes=0), "h\u00e9llo 'quoted' \\\\ back", bytes(range(256)) * 4096, '{"k": [1, 2]}')
cur.execute("INSERT INTO py.t VALUES (%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s)", vals)
cur.execute("INSERT INTO py.t (id) VALUES (%s)", (2**63 - 1,))
cur.execute("SELECT id, i8, u64, dc, d, dt, da, tm, s, b, j FROM py.t WHERE id = %s", (-2**63,))
row = cur.fetchone()
for i, (got, want) in enumerate(zip(row, vals)):
    if got != want:
        print("MISMATCH", i, repr(got)[:80], repr(want)[:80])
        sys.exit(1)
cur.execute("SELECT i8, u64, dc, d, dt, da, tm, s, b, j FROM py.t WHERE id = %s", (2**63 - 1,))
if any(v is not None for v in cur.fetchone()):
    print("MISMATCH nulls")
    sys.exit(1)
# BIT(M) arrives as (M+7)/8 big-endian bytes, which PyMySQL hands out as bytes.
cur.execute("CREATE TABLE py.bits (id INT PRIMARY KEY, b BIT(12), f BIT)")
cur.execute("INSERT INTO py.bits VALUES (%s, %s, %s), (2, NULL, %s)", (1, 0xabc, True, False))
cur.execute("SELECT b, f, b + 0 FROM py.bits ORDER BY id")
got = cur.fetchall()
if got != ((b"\x0a\xbc", b"\x01", 0xabc), (None, b"\x00", None)):
    print("MISMATCH bits", repr(got))
    sys.exit(1)
print("OK")
`

func TestPyMySQLTypes(t *testing.T) {
	t.Parallel()
	s := startServer(t)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, debianPython(t), "-c", pymysqlTypesScript, itoa(s.port)).CombinedOutput()
	if err != nil || strings.TrimSpace(string(out)) != "OK" {
		t.Fatalf("pymysql types: %v\n%s", err, out)
	}
}
