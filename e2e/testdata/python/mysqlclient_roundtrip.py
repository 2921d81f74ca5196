# mysqlclient (MySQLdb, Debian's python3-mysqldb over libmariadb) against a running loopdb,
# run by e2e/e2e_mysqlclient_test.go:
#   python3 mysqlclient_roundtrip.py PORT DATADIR ROOT_PASSWORD
# Prints "OK" when every check passed, else one line per failed check.
import datetime
import decimal
import hashlib
import json
import sys

import MySQLdb
import MySQLdb.cursors

port, datadir, root_pw = int(sys.argv[1]), sys.argv[2], sys.argv[3]
failures = []


def check(what, got, want):
    if got != want:
        failures.append("%s: got %r, want %r" % (what, got, want))


def connect(user, pw, **kw):
    return MySQLdb.connect(host="127.0.0.1", port=port, user=user, passwd=pw, charset="utf8mb4",
                           connect_timeout=5, **kw)


def one(conn, sql, args=None):
    cur = conn.cursor()
    cur.execute(sql, args)
    row = cur.fetchone()
    cur.close()
    return row


root = connect("root", root_pw, autocommit=True)
for sql in (
        "CREATE USER 'sha'@'%' IDENTIFIED WITH caching_sha2_password BY 'Sha-pw1'",
        "CREATE USER 'nat'@'%' IDENTIFIED WITH mysql_native_password BY 'Nat-pw1'",
        "CREATE DATABASE app", "GRANT ALL ON app.* TO 'sha'@'%'", "GRANT SELECT ON app.* TO 'nat'@'%'",
        """CREATE TABLE app.t (id INT AUTO_INCREMENT PRIMARY KEY, bi BIGINT, ubi BIGINT UNSIGNED,
           de DECIMAL(20,6), dbl DOUBLE, vc VARCHAR(100), bl BLOB, d DATE, dt DATETIME(6),
           ts TIMESTAMP(3) NULL, tm TIME, tm6 TIME(6), j JSON, n INT)"""):
    root.cursor().execute(sql)

# Logins: caching_sha2 twice (full path, then fast), native, and a wrong password.
for path in ("full", "fast"):
    c = connect("sha", "Sha-pw1")
    check("caching_sha2 login (%s)" % path, one(c, "SELECT CURRENT_USER()"), ("sha@%",))
    c.close()
c = connect("nat", "Nat-pw1")
check("mysql_native_password login", one(c, "SELECT CURRENT_USER()"), ("nat@%",))
c.close()
try:
    connect("sha", "wrong")
    failures.append("wrong password accepted")
except MySQLdb.OperationalError as e:
    check("wrong password", e.args[0], 1045)

# Types: parameters (mysqlclient quotes them into the text) in, Python values out. TIME goes in
# as text: mysqlclient 1.4 formats a timedelta as 'D H:M:S' without its microseconds.
ROWS = [
    (-9223372036854775808, 18446744073709551615, decimal.Decimal("-12345678901234.123456"),
     3.141592653589793, "héllo 🐬 ✓ 'q' \\ \"", b"\x00\x01\xff'\\\"", datetime.date(2024, 2, 29),
     datetime.datetime(2024, 2, 29, 23, 59, 59, 123456), datetime.datetime(2038, 1, 19, 3, 14, 7, 999000),
     -datetime.timedelta(hours=838, minutes=59, seconds=59), datetime.timedelta(hours=123, minutes=45, seconds=6, microseconds=789),
     {"a": [1, 2, {"b": None}], "c": "ü"}, None),
    (9223372036854775807, 0, decimal.Decimal("0.000001"), -2.5e-300, "", b"", datetime.date(1000, 1, 1),
     datetime.datetime(9999, 12, 31, 23, 59, 59, 999999), datetime.datetime(1970, 1, 1, 0, 0, 1),
     datetime.timedelta(0), -datetime.timedelta(seconds=1, microseconds=500000), [], 7),
]


def time_text(td):
    us = (td.days * 86400 + td.seconds) * 1000000 + td.microseconds
    sign, us = ("-" if us < 0 else ""), abs(us)
    return "%s%d:%02d:%02d.%06d" % (sign, us // 3600000000, us // 60000000 % 60, us // 1000000 % 60, us % 1000000)


COLS = "bi, ubi, de, dbl, vc, bl, d, dt, ts, tm, tm6, j, n"
c = connect("sha", "Sha-pw1", db="app")
cur = c.cursor()
for r in ROWS:
    cur.execute("INSERT INTO t (" + COLS + ") VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
                r[:9] + tuple(time_text(v) for v in r[9:11]) + (json.dumps(r[11]),) + r[12:])
    check("insert rowcount", cur.rowcount, 1)
check("lastrowid", cur.lastrowid, 2)
c.commit()
cur.execute("SELECT " + COLS + " FROM t ORDER BY id")
got = [tuple(row[:11]) + (json.loads(row[11]),) + tuple(row[12:]) for row in cur.fetchall()]
for i, (g, w) in enumerate(zip(got, ROWS)):
    for name, gv, wv in zip(COLS.split(", "), g, w):
        check("row %d %s" % (i + 1, name), gv, wv)
check("rows", len(got), 2)
desc = [(d[0], d[1]) for d in cur.description]
check("description types", [t for _, t in desc],
      [MySQLdb.constants.FIELD_TYPE.LONGLONG, MySQLdb.constants.FIELD_TYPE.LONGLONG,
       MySQLdb.constants.FIELD_TYPE.NEWDECIMAL, MySQLdb.constants.FIELD_TYPE.DOUBLE,
       MySQLdb.constants.FIELD_TYPE.VAR_STRING, MySQLdb.constants.FIELD_TYPE.BLOB,
       MySQLdb.constants.FIELD_TYPE.DATE, MySQLdb.constants.FIELD_TYPE.DATETIME,
       MySQLdb.constants.FIELD_TYPE.TIMESTAMP, MySQLdb.constants.FIELD_TYPE.TIME,
       MySQLdb.constants.FIELD_TYPE.TIME, MySQLdb.constants.FIELD_TYPE.JSON,
       MySQLdb.constants.FIELD_TYPE.LONG])

# Transactions (mysqlclient turns autocommit off).
cur.execute("INSERT INTO t (vc) VALUES ('rolled back')")
c.rollback()
check("after rollback", one(c, "SELECT COUNT(*) FROM t"), (2,))
cur.execute("INSERT INTO t (vc) VALUES ('committed')")
c.commit()
check("committed, seen by another session", one(root, "SELECT vc FROM app.t WHERE vc = 'committed'"), ("committed",))
cur.execute("DELETE FROM t WHERE vc = 'committed'")
c.commit()

# executemany: one multi-row INSERT.
n = cur.executemany("INSERT INTO t (bi, vc) VALUES (%s, %s)", [(i, "row-%d" % i) for i in range(500)])
c.commit()
check("executemany rowcount", (n, cur.rowcount), (500, 500))
check("executemany rows", one(c, "SELECT COUNT(*), SUM(bi), MAX(vc) FROM t WHERE vc LIKE 'row-%'"),
      (500, decimal.Decimal(124750), "row-99"))

# SSCursor: rows streamed with mysql_use_result, then the connection is usable again.
ss = c.cursor(MySQLdb.cursors.SSCursor)
ss.execute("SELECT a.bi * 1000 + b.bi FROM t a JOIN t b WHERE a.vc LIKE 'row-%' AND b.vc LIKE 'row-%' AND b.bi < 40")
count, total = 0, 0
for (v,) in ss:
    count, total = count + 1, total + v
ss.close()
check("SSCursor rows", (count, total), (20000, sum(a * 1000 + b for a in range(500) for b in range(40))))
check("query after SSCursor", one(c, "SELECT 1 + 1"), (2,))

# Errors.
try:
    cur.execute("INSERT INTO t (id) VALUES (1)")
    failures.append("duplicate key accepted")
except MySQLdb.IntegrityError as e:
    check("duplicate key", e.args, (1062, "Duplicate entry '1' for key 't.PRIMARY'"))
try:
    cur.execute("SELECT * FROM nope")
    failures.append("missing table accepted")
except MySQLdb.ProgrammingError as e:
    check("missing table", e.args, (1146, "Table 'app.nope' doesn't exist"))
c.rollback()
c.ping()
c.close()

# change_user (libmariadb sends the account's own plugin data in COM_CHANGE_USER, so no auth
# switch, unlike node mysql2) resets the session each time; several results from one call.
c = connect("nat", "Nat-pw1", client_flag=MySQLdb.constants.CLIENT.MULTI_STATEMENTS)
for i in range(40):
    user, pw, db = (("sha", "Sha-pw1", "app"), ("nat", "Nat-pw1", ""))[i % 2]
    one(c, "SET @mark = 1")
    c.change_user(user, pw, db)
    check("change_user #%d" % i, one(c, "SELECT CURRENT_USER(), DATABASE(), @mark"), (user + "@%", db or None, None))
cur = c.cursor()
cur.execute("SELECT 1; SELECT 2, 'two'; DO 1; SELECT 3")
results = [cur.fetchall()]
while cur.nextset():
    results.append(cur.fetchall())
check("multiple results", results, [((1,),), ((2, "two"),), (), ((3,),)])
c.close()
check("server info", root.get_server_info().startswith("8.0."), True)

# Compression and TLS, each alone and together.
for label, kw, compression, tls in (
        ("compress", {"compress": True}, "ON", False),
        ("tls", {"ssl": {"ca": datadir + "/ca.pem"}}, "OFF", True),
        ("tls+compress", {"compress": True, "ssl": {"ca": datadir + "/ca.pem"}}, "ON", True)):
    c = connect("sha", "Sha-pw1", db="app", **kw)
    check(label + ": Compression", one(c, "SHOW SESSION STATUS LIKE 'Compression'"), ("Compression", compression))
    ver = one(c, "SHOW SESSION STATUS LIKE 'Ssl_version'")[1]
    check(label + ": Ssl_version", ver.startswith("TLSv1.") if tls else ver, True if tls else "")
    s, m = one(c, "SELECT REPEAT('abc', 200000), MD5(REPEAT('abc', 200000))")
    check(label + ": 600 kB value", (len(s), hashlib.md5(s.encode()).hexdigest()), (600000, m))
    check(label + ": a typed row", one(c, "SELECT de, bl, tm FROM t WHERE id = 1"), ROWS[0][2:3] + ROWS[0][5:6] + ROWS[0][9:10])
    c.close()

root.close()
print("\n".join(failures) if failures else "OK")
sys.exit(1 if failures else 0)
