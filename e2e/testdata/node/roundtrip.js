'use strict';
// node mysql2 against a running loopdb (run by e2e/e2e_node_test.go):
//   node roundtrip.js PORT DATADIR ROOT_PASSWORD
// Prints "OK" when every check passed, else one line per failed check. Every check compares
// what came back with the value MySQL 8 returns, not just "no error".

const fs = require('fs');
const path = require('path');
const crypto = require('crypto');
const util = require('util');
const mysql = require('mysql2/promise');

const [port, datadir, rootPW] = [Number(process.argv[2]), process.argv[3], process.argv[4]];
const serverPublicKey = fs.readFileSync(path.join(datadir, 'public_key.pem'));
const ca = fs.readFileSync(path.join(datadir, 'ca.pem'));
const base = { host: '127.0.0.1', port, serverPublicKey, connectTimeout: 5000 };
const failures = [];

function check(what, got, want) {
  if (!util.isDeepStrictEqual(got, want)) {
    failures.push(`${what}: got ${util.inspect(got, { depth: 5 })}, want ${util.inspect(want, { depth: 5 })}`);
  }
}

// caching_sha2_password's fast-path token: SHA256(pw) XOR SHA256(SHA256(SHA256(pw)) || scramble).
function sha2Token(password, scramble) {
  const h = (b) => crypto.createHash('sha256').update(b).digest();
  const s1 = h(Buffer.from(password));
  const x = h(Buffer.concat([h(s1), scramble]));
  for (let i = 0; i < x.length; i++) x[i] ^= s1[i];
  return x;
}

// One row of every common type, as a text literal list and as mysql2 hands it back with
// dateStrings and bigNumberStrings (JSON parsed, BLOB as a Buffer).
const TABLE = `CREATE TABLE t (
  id INT PRIMARY KEY, ti TINYINT, si SMALLINT, mi MEDIUMINT, i INT, bi BIGINT, ubi BIGINT UNSIGNED,
  de DECIMAL(20,6), dbl DOUBLE, flt FLOAT, vc VARCHAR(100), bl BLOB, d DATE, dt DATETIME(6),
  ts TIMESTAMP(3) NULL, tm TIME, tm3 TIME(3), j JSON, n INT)`;
const ROWS = [
  {
    sql: `(1, -128, -32768, -8388608, -2147483648, -9223372036854775808, 18446744073709551615,
      -12345678901234.123456, 3.141592653589793, 1.5, 'héllo 🐬 ✓ ''q''', X'000102FF275C',
      '2024-02-29', '2024-02-29 23:59:59.123456', '2038-01-19 03:14:07.999', '-838:59:59',
      '123:45:06.789', '{"a": [1, 2, {"b": null}], "c": "ü"}', NULL)`,
    want: {
      id: 1, ti: -128, si: -32768, mi: -8388608, i: -2147483648, bi: '-9223372036854775808',
      ubi: '18446744073709551615', de: '-12345678901234.123456', dbl: 3.141592653589793, flt: 1.5,
      vc: "héllo 🐬 ✓ 'q'", bl: Buffer.from([0, 1, 2, 255, 0x27, 0x5c]), d: '2024-02-29',
      dt: '2024-02-29 23:59:59.123456', ts: '2038-01-19 03:14:07.999', tm: '-838:59:59',
      tm3: '123:45:06.789', j: { a: [1, 2, { b: null }], c: 'ü' }, n: null,
    },
  },
  {
    sql: `(2, 127, 32767, 8388607, 2147483647, 9223372036854775807, 0, 0.000001, -2.5e-300, -0.25,
      '', X'', '1000-01-01', '9999-12-31 23:59:59.999999', '1970-01-01 00:00:01', '00:00:00',
      '-00:00:01.5', '[]', 7)`,
    want: {
      id: 2, ti: 127, si: 32767, mi: 8388607, i: 2147483647, bi: '9223372036854775807', ubi: '0',
      de: '0.000001', dbl: -2.5e-300, flt: -0.25, vc: '', bl: Buffer.alloc(0), d: '1000-01-01',
      dt: '9999-12-31 23:59:59.999999', ts: '1970-01-01 00:00:01.000', tm: '00:00:00',
      tm3: '-00:00:01.500', j: [], n: 7,
    },
  },
];
const typed = { dateStrings: true, supportBigNumbers: true, bigNumberStrings: true };

async function connect(opts) {
  return mysql.createConnection({ ...base, ...opts });
}

async function currentUser(c) {
  const [rows] = await c.query('SELECT CURRENT_USER() AS u');
  return rows[0].u;
}

// Logins: caching_sha2 over plain TCP (full path with the pinned RSA key, then the fast
// path) and mysql_native_password.
async function logins() {
  for (const pass of ['full', 'fast']) {
    const c = await connect({ user: 'sha', password: 'Sha-pw1' });
    check(`caching_sha2 login (${pass})`, await currentUser(c), 'sha@%');
    await c.end();
  }
  const c = await connect({ user: 'nat', password: 'Nat-pw1' });
  check('mysql_native_password login', await currentUser(c), 'nat@%');
  await c.end();
  await connect({ user: 'sha', password: 'wrong' }).then(
    (c) => { check('wrong password', 'accepted', 'ER_ACCESS_DENIED_ERROR'); return c.end(); },
    (e) => check('wrong password', [e.errno, e.sqlState, e.code], [1045, '28000', 'ER_ACCESS_DENIED_ERROR']));
}

// Types through the text protocol (query) and the binary protocol (execute), then a row
// written with execute's parameters and read back both ways.
async function types(c, label) {
  const [q] = await c.query('SELECT * FROM t WHERE id IN (1, 2) ORDER BY id');
  check(`${label} text rows`, q.map((r) => ({ ...r })), ROWS.map((r) => r.want));
  const [x] = await c.execute('SELECT * FROM t WHERE id IN (?, ?) ORDER BY id', [1, 2]);
  check(`${label} binary rows`, x.map((r) => ({ ...r })), ROWS.map((r) => r.want));
  // A bare marker's column is typed at PREPARE (loopdb: a string); these have types of their own.
  const [[s]] = await c.execute(
    'SELECT ? AS s, CAST(? AS BINARY) AS b, ? + 0 AS i, ? * 2 AS f, ? AS nul, CAST(? AS DECIMAL(10,2)) AS de, CAST(? AS DATETIME(3)) AS dt',
    ['ü🐬', Buffer.from([0, 255]), 42, 2.5, null, '3.14159', '2001-02-03 04:05:06.789']);
  check(`${label} binary parameters`, { ...s },
    { s: 'ü🐬', b: Buffer.from([0, 255]), i: 42, f: 5, nul: null, de: '3.14', dt: '2001-02-03 04:05:06.789' });
}

async function paramRow(c) {
  await c.execute(
    'INSERT INTO t (id, bi, ubi, de, dbl, vc, bl, d, dt, tm, j, n) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    [3, '-9007199254740993', '18446744073709551615', '99.5', 1e-7, 'ἄλφα', Buffer.from([0, 0xff]), '2000-01-02',
      '2000-01-02 03:04:05.600000', '-100:00:01', '{"k": [true, false]}', null]);
  const want = {
    id: 3, bi: '-9007199254740993', ubi: '18446744073709551615', de: '99.500000', dbl: 1e-7, vc: 'ἄλφα',
    bl: Buffer.from([0, 0xff]), d: '2000-01-02', dt: '2000-01-02 03:04:05.600000', tm: '-100:00:01',
    j: { k: [true, false] }, n: null,
  };
  const cols = 'id, bi, ubi, de, dbl, vc, bl, d, dt, tm, j, n';
  const [[q]] = await c.query(`SELECT ${cols} FROM t WHERE id = 3`);
  check('row written by execute, read as text', { ...q }, want);
  const [[x]] = await c.execute(`SELECT ${cols} FROM t WHERE id = ?`, [3]);
  check('row written by execute, read as binary', { ...x }, want);
  await c.query('DELETE FROM t WHERE id = 3');
}

async function transactions(c) {
  const other = await connect({ user: 'root', password: rootPW, database: 'app' });
  const count = async (conn) => Number((await conn.query('SELECT COUNT(*) AS n FROM t'))[0][0].n);
  await c.beginTransaction();
  await c.query("INSERT INTO t (id, vc) VALUES (10, 'rolled back')");
  check('own uncommitted row', await count(c), 3);
  check('other session before commit', await count(other), 2);
  await c.rollback();
  check('after rollback', await count(c), 2);
  await c.beginTransaction();
  await c.execute('INSERT INTO t (id, vc) VALUES (?, ?)', [11, 'committed']);
  await c.commit();
  const [[r]] = await other.query('SELECT vc FROM t WHERE id = 11');
  check('committed row seen by another session', r.vc, 'committed');
  await c.query('DELETE FROM t WHERE id = 11');
  await other.end();
}

async function errors(c) {
  const dup = [1062, '23000', 'ER_DUP_ENTRY', "Duplicate entry '1' for key 't.PRIMARY'"];
  const shape = (e) => [e.errno, e.sqlState, e.code, e.sqlMessage];
  await c.query("INSERT INTO t (id) VALUES (1)").then(
    () => check('duplicate key (text)', 'inserted', dup), (e) => check('duplicate key (text)', shape(e), dup));
  await c.execute('INSERT INTO t (id) VALUES (?)', [1]).then(
    () => check('duplicate key (execute)', 'inserted', dup), (e) => check('duplicate key (execute)', shape(e), dup));
  await c.query('SELECT nope FROM t').then(
    () => check('unknown column', 'ran', 1054),
    (e) => check('unknown column', shape(e), [1054, '42S22', 'ER_BAD_FIELD_ERROR', "Unknown column 'nope' in 'field list'"]));
  // The connection is still usable after errors.
  const [[r]] = await c.query('SELECT 1 + 1 AS two');
  check('query after errors', Number(r.two), 2); // BIGINT: a string with bigNumberStrings
}

async function multiStatements() {
  const c = await connect({ user: 'root', password: rootPW, database: 'app', multipleStatements: true });
  const [res] = await c.query("SELECT 1 AS a; UPDATE t SET n = n WHERE id = 2; SELECT vc FROM t WHERE id = 1; SET @x = 5");
  check('multi-statement results', res.length, 4);
  check('multi-statement first', res[0].map((r) => ({ ...r })), [{ a: 1 }]);
  check('multi-statement update', [res[1].affectedRows, res[1].changedRows], [1, 0]);
  check('multi-statement third', res[2].map((r) => ({ ...r })), [{ vc: "héllo 🐬 ✓ 'q'" }]);
  const [[x]] = await c.query('SELECT @x AS x');
  check('after multi-statement', x.x, 5);
  await c.end();
}

async function status(c, name) {
  const [[r]] = await c.query(`SHOW SESSION STATUS LIKE '${name}'`);
  return r.Value;
}

// Compression and TLS (each alone and together), with a result big enough to span frames.
async function transports() {
  const cases = [
    { label: 'compress', opts: { compress: true }, compression: 'ON', tls: false },
    { label: 'tls', opts: { ssl: { ca } }, compression: 'OFF', tls: true },
    { label: 'tls+compress', opts: { ssl: { ca }, compress: true }, compression: 'ON', tls: true },
  ];
  for (const k of cases) {
    // Over TLS caching_sha2's full path sends the password in clear inside TLS.
    const c = await connect({ user: 'sha', password: 'Sha-pw1', database: 'app', ...typed, ...k.opts });
    check(`${k.label}: Compression`, await status(c, 'Compression'), k.compression);
    const v = await status(c, 'Ssl_version');
    check(`${k.label}: Ssl_version`, k.tls ? /^TLSv1\.[23]$/.test(v) : v === '', true);
    const [[big]] = await c.query("SELECT REPEAT('abc', 200000) AS s, MD5(REPEAT('abc', 200000)) AS m");
    check(`${k.label}: 600 kB value`, [big.s.length, crypto.createHash('md5').update(big.s).digest('hex')], [600000, big.m]);
    await types(c, k.label);
    await c.end();
  }
}

async function pool() {
  const p = mysql.createPool({ ...base, user: 'sha', password: 'Sha-pw1', connectionLimit: 4, database: 'app' });
  const got = await Promise.all(Array.from({ length: 40 }, (_, i) => (i % 2
    ? p.execute('SELECT ? + 1 AS v, CONNECTION_ID() AS id', [i])
    : p.query('SELECT ? + 1 AS v, CONNECTION_ID() AS id', [i])).then(([rows]) => rows[0])));
  check('pool results', got.map((r) => Number(r.v)), Array.from({ length: 40 }, (_, i) => i + 1));
  check('pool connections used', new Set(got.map((r) => r.id)).size <= 4, true);
  await p.end();
}

// changeUser on plain TCP, 240 times. mysql2 always sends COM_CHANGE_USER with a
// mysql_native_password token, so a caching_sha2 account answers an auth switch; the token
// that follows starts with a random byte, and a server that took 0x01 for COM_QUIT or 0x0e
// for COM_PING dropped the connection ("Connection lost: The server closed the
// connection"). Accounts cq and cp get passwords whose token for this connection's scramble
// starts with exactly those bytes (loopdb, like MySQL, keeps the greeting's scramble for
// COM_CHANGE_USER); the caching_sha2 plugin below records the bytes really sent.
async function changeUserLoop(root) {
  let firstByte = -1;
  const recording = () => ({ connection }) => {
    let step = 0;
    return (data) => {
      if (step++ === 0) {
        const t = sha2Token(connection.config.password, data.subarray(0, 20));
        firstByte = t[0];
        return t;
      }
      if (data.length === 1 && data[0] === 3) return null; // fast path OK
      throw new Error(`unexpected caching_sha2 data ${data.toString('hex')} (the account's cache should be warm)`);
    };
  };
  const c = await connect({ user: 'sha', password: 'Sha-pw1', authPlugins: { caching_sha2_password: recording() } });
  const hs = c.connection._handshakePacket;
  if (!hs) throw new Error('mysql2 no longer keeps _handshakePacket: update changeUserLoop');
  const scramble = Buffer.concat([hs.authPluginData1, hs.authPluginData2]).subarray(0, 20);
  const craft = (b) => {
    for (let i = 0; ; i++) if (sha2Token(`Cu-${i}`, scramble)[0] === b) return `Cu-${i}`;
  };
  const accounts = [
    { user: 'cq', password: craft(0x01), first: 0x01 },
    { user: 'cp', password: craft(0x0e), first: 0x0e },
    { user: 'sha', password: 'Sha-pw1' },
    { user: 'nat', password: 'Nat-pw1' },
  ];
  for (const a of accounts.slice(0, 2)) {
    await root.query(`CREATE USER '${a.user}'@'%' IDENTIFIED BY '${a.password}'`);
    await root.query(`GRANT SELECT ON app.* TO '${a.user}'@'%'`);
    const warm = await connect({ user: a.user, password: a.password }); // the full path fills the fast-path cache
    await warm.end();
  }
  let fails = 0;
  for (let i = 0; i < 240 && fails < 5; i++) {
    const a = accounts[i % accounts.length];
    try {
      firstByte = -1;
      await c.query('SET @mark = 1');
      await c.changeUser({ user: a.user, password: a.password });
      if (a.first !== undefined && firstByte !== a.first) {
        throw new Error(`token started with ${firstByte}, not ${a.first}: the scramble changed, the check lost its point`);
      }
      const [[r]] = await c.execute('SELECT CURRENT_USER() AS u, @mark AS m, ? + 0 AS i', [i]);
      check(`changeUser #${i} to ${a.user}`, { ...r }, { u: `${a.user}@%`, m: null, i });
      if (a.user === 'cq') {
        const [[t]] = await c.query('SELECT COUNT(*) AS n FROM app.t');
        check(`changeUser #${i}: grants of ${a.user}`, t.n, 2);
      }
    } catch (e) {
      fails++;
      failures.push(`changeUser #${i} to ${a.user}: ${e.code || ''} ${e.message}`);
      if (e.fatal) break;
    }
  }
  await c.end().catch(() => {});
}

// changeUser on compressed and TLS connections too, and through caching_sha2's full path
// (RSA-encrypted on plain TCP, in clear inside TLS): ALTER USER empties the fast-path cache.
async function changeUserTransports(root) {
  const cases = [['plain', {}], ['compress', { compress: true }], ['tls', { ssl: { ca } }],
    ['tls+compress', { ssl: { ca }, compress: true }]];
  for (const [label, opts] of cases) {
    const c = await connect({ user: 'nat', password: 'Nat-pw1', ...opts });
    for (let i = 0; i < 12; i++) {
      if (i % 4 === 1) await root.query("ALTER USER 'sha'@'%' IDENTIFIED BY 'Sha-pw1'");
      const a = i % 2 ? { user: 'sha', password: 'Sha-pw1' } : { user: 'nat', password: 'Nat-pw1' };
      await c.changeUser(a);
      check(`${label}: changeUser #${i} to ${a.user}`, await currentUser(c), `${a.user}@%`);
    }
    check(`${label}: Compression after changeUser`, await status(c, 'Compression'), opts.compress ? 'ON' : 'OFF');
    await c.end();
  }
}

async function main() {
  const root = await connect({ user: 'root', password: rootPW, multipleStatements: true });
  await root.query(`
    CREATE USER 'sha'@'%' IDENTIFIED WITH caching_sha2_password BY 'Sha-pw1';
    CREATE USER 'nat'@'%' IDENTIFIED WITH mysql_native_password BY 'Nat-pw1';
    CREATE DATABASE app; GRANT ALL ON app.* TO 'sha'@'%'; GRANT SELECT ON app.* TO 'nat'@'%'`);
  await root.query(`USE app; ${TABLE}; INSERT INTO t VALUES ${ROWS.map((r) => r.sql).join(', ')}`);

  await logins();
  const c = await connect({ user: 'sha', password: 'Sha-pw1', database: 'app', ...typed });
  await types(c, 'plain');
  await paramRow(c);
  await transactions(c);
  await errors(c);
  await c.end();
  await multiStatements();
  await transports();
  await pool();
  await changeUserLoop(root);
  await changeUserTransports(root);
  await root.end();
}

main().then(
  () => {
    console.log(failures.length ? failures.join('\n') : 'OK');
    process.exit(failures.length ? 1 : 0);
  },
  (e) => {
    console.log(failures.concat(`aborted: ${e.code || ''} ${e.stack}`).join('\n'));
    process.exit(1);
  });
