import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.*;
import java.util.Arrays;

// Round-trips every column type through MariaDB Connector/J's prepared
// statements: server-side (useServerPrepStmts=true: COM_STMT_PREPARE/EXECUTE,
// binary rows; setBinaryStream sends the blob with COM_STMT_SEND_LONG_DATA)
// or client-side (text protocol), over the options the caller passes.
// Prints OK and exits 0, or prints the mismatch and exits 1.
public class RoundTrip {
    static void check(boolean ok, String what) {
        if (!ok) {
            System.out.println("MISMATCH " + what);
            System.exit(1);
        }
    }

    public static void main(String[] args) throws Exception {
        // args: port, URL options (prepared statement mode, compression,
        // TLS), and optionally a session status variable that must show
        // the option took effect (Compression = ON, Ssl_version not empty).
        String url = "jdbc:mariadb://127.0.0.1:" + args[0] + "/?user=root" + args[1];
        try (Connection c = DriverManager.getConnection(url)) {
            if (args.length > 2) {
                try (Statement s = c.createStatement();
                     ResultSet r = s.executeQuery("SHOW SESSION STATUS LIKE '" + args[2] + "'")) {
                    check(r.next(), "status " + args[2]);
                    String v = r.getString(2);
                    check(v != null && !v.isEmpty() && !v.equals("OFF"), args[2] + " = '" + v + "'");
                }
            }
            try (Statement s = c.createStatement()) {
                s.execute("CREATE DATABASE j");
                s.execute("CREATE TABLE j.t (id BIGINT PRIMARY KEY, i8 TINYINT, u64 BIGINT UNSIGNED, dc DECIMAL(65,30),"
                        + " f FLOAT, d DOUBLE, dt DATETIME(6), da DATE, tm TIME, s VARCHAR(50), b LONGBLOB, y YEAR, e ENUM('a','b'))");
            }
            byte[] big = new byte[20 << 20];
            for (int i = 0; i < big.length; i++) big[i] = (byte) (i * 31);
            BigDecimal dec = new BigDecimal("12345678901234567890123456789012345.123456789012345678901234567890");
            Timestamp ts = Timestamp.valueOf("2024-02-29 13:14:15.123456");
            try (PreparedStatement p = c.prepareStatement("INSERT INTO j.t VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)")) {
                p.setLong(1, Long.MIN_VALUE);
                p.setByte(2, (byte) -128);
                p.setObject(3, new BigInteger("18446744073709551615"));
                p.setBigDecimal(4, dec);
                p.setFloat(5, 1.5f);
                p.setDouble(6, Double.MAX_VALUE);
                p.setTimestamp(7, ts);
                p.setDate(8, Date.valueOf("2024-02-29"));
                p.setTime(9, Time.valueOf("13:14:15"));
                p.setString(10, "héllo");
                p.setBinaryStream(11, new ByteArrayInputStream(big), big.length);
                p.setInt(12, 2024);
                p.setString(13, "b");
                check(p.executeUpdate() == 1, "insert count");
                p.setLong(1, Long.MAX_VALUE);
                for (int i = 2; i <= 13; i++) p.setNull(i, Types.NULL);
                check(p.executeUpdate() == 1, "null insert count");
            }
            try (PreparedStatement q = c.prepareStatement("SELECT i8, u64, dc, f, d, dt, da, tm, s, b, y, e FROM j.t WHERE id = ?")) {
                q.setLong(1, Long.MIN_VALUE);
                try (ResultSet r = q.executeQuery()) {
                    check(r.next(), "row");
                    check(r.getByte(1) == -128, "tinyint " + r.getByte(1));
                    check(new BigInteger(r.getString(2)).equals(new BigInteger("18446744073709551615")), "unsigned " + r.getString(2));
                    check(r.getBigDecimal(3).compareTo(dec) == 0, "decimal " + r.getBigDecimal(3));
                    check(r.getFloat(4) == 1.5f, "float " + r.getFloat(4));
                    check(r.getDouble(5) == Double.MAX_VALUE, "double " + r.getDouble(5));
                    check(r.getTimestamp(6).equals(ts), "datetime " + r.getTimestamp(6));
                    check(r.getDate(7).toString().equals("2024-02-29"), "date " + r.getDate(7));
                    check(r.getTime(8).toString().equals("13:14:15"), "time " + r.getTime(8));
                    check(r.getString(9).equals("héllo"), "varchar " + r.getString(9));
                    check(Arrays.equals(r.getBytes(10), big), "blob of " + r.getBytes(10).length + " bytes");
                    check(r.getInt(11) == 2024, "year " + r.getInt(11));
                    check(r.getString(12).equals("b"), "enum " + r.getString(12));
                }
                q.setLong(1, Long.MAX_VALUE);
                try (ResultSet r = q.executeQuery()) {
                    check(r.next(), "null row");
                    for (int i = 1; i <= 12; i++) {
                        r.getObject(i);
                        check(r.wasNull(), "column " + i + " not NULL");
                    }
                }
            }
            // BIT(1) as an ORM maps a boolean (Hibernate's default for MySQL), and a wider BIT
            // read as a number and as bytes.
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE j.bits (id INT PRIMARY KEY, flag BIT NOT NULL, w BIT(12))");
            }
            try (PreparedStatement p = c.prepareStatement("INSERT INTO j.bits VALUES (?,?,?)")) {
                p.setInt(1, 1);
                p.setBoolean(2, true);
                p.setLong(3, 0xabc);
                check(p.executeUpdate() == 1, "bit insert");
                p.setInt(1, 2);
                p.setBoolean(2, false);
                p.setNull(3, Types.BIT);
                check(p.executeUpdate() == 1, "bit insert 2");
            }
            try (PreparedStatement q = c.prepareStatement("SELECT id, flag, w FROM j.bits WHERE flag = ?")) {
                q.setBoolean(1, true);
                try (ResultSet r = q.executeQuery()) {
                    check(r.next() && r.getInt(1) == 1, "WHERE flag = true");
                    check(r.getBoolean(2), "bit(1) getBoolean");
                    check(r.getLong(3) == 0xabc, "bit(12) getLong " + r.getLong(3));
                    check(Arrays.equals(r.getBytes(3), new byte[] {0x0a, (byte) 0xbc}), "bit(12) getBytes");
                    check(!r.next(), "one row for flag = true");
                }
                q.setBoolean(1, false);
                try (ResultSet r = q.executeQuery()) {
                    check(r.next() && r.getInt(1) == 2 && !r.getBoolean(2), "WHERE flag = false");
                    r.getObject(3);
                    check(r.wasNull(), "bit NULL");
                }
            }
        }
        System.out.println("OK");
    }
}
