package exec

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/loopdb/loopdb/exec/expr"
	"github.com/loopdb/loopdb/exec/table"
	"github.com/loopdb/loopdb/storage"
	"golang.org/x/text/unicode/norm"
)

// legacyKeyPart is a key part as builds before the UCA weights wrote it:
// text lower-cased, Latin letters without accents, in UTF-8.
func legacyKeyPart(dst []byte, v expr.Value, typ expr.SQLType) []byte {
	if v.IsNull() || !typ.IsText() || typ.CaseSensitive() || v.Kind() != expr.KindString {
		return expr.AppendKeyValue(dst, v, typ)
	}
	var folded []byte
	for _, r := range v.Str() {
		if d := norm.NFD.String(string(r)); r >= 0xC0 && r <= 0x24F {
			if base, _ := utf8.DecodeRuneInString(d); base < 0x80 {
				r = base
			}
		}
		folded = utf8.AppendRune(folded, unicode.ToLower(r))
	}
	return storage.AppendBytes(append(dst, expr.KeyValueTag), folded)
}

// toLegacyKeys rewrites a table's keys in the older form, as a data
// directory of an older build holds them, and forgets the format marker.
func toLegacyKeys(t *testing.T, store storage.Engine, tb *table.Table) {
	t.Helper()
	tx := store.Begin(storage.TxnOptions{})
	rows := tb.RowPrefix()
	it, err := store.NewIter(rows, storage.PrefixEnd(rows))
	if err != nil {
		t.Fatal(err)
	}
	prefix := table.TablePrefix(tb.ID)
	if err := storage.DeleteRange(tx, prefix, storage.PrefixEnd(prefix)); err != nil {
		t.Fatal(err)
	}
	row := make([]expr.Value, len(tb.Columns))
	for ok := it.First(); ok; ok = it.Next() {
		if err := tb.DecodeRow(it.Value(), row); err != nil {
			t.Fatal(err)
		}
		suffix := []byte{}
		for _, off := range tb.PKOffsets() {
			suffix = legacyKeyPart(suffix, row[off], tb.Columns[off].Type)
		}
		if err := tx.Set(append(append([]byte(nil), rows...), suffix...), it.Value()); err != nil {
			t.Fatal(err)
		}
		for _, ix := range tb.Indexes {
			key := tb.IndexPrefix(ix)
			for _, off := range ix.Offsets() {
				key = legacyKeyPart(key, row[off], tb.Columns[off].Type)
			}
			if !ix.Unique {
				key = append(key, suffix...)
			}
			if err := tx.Set(key, suffix); err != nil {
				t.Fatal(err)
			}
		}
	}
	it.Close()
	if err := tx.Delete(storage.MetaKey("format", "text_keys")); err != nil {
		t.Fatal(err)
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
}

func reopen(t *testing.T, store storage.Engine) (*Session, error) {
	t.Helper()
	eng, err := NewEngine(Config{Version: "test"}, store, nil)
	if err != nil {
		return nil, err
	}
	s := eng.NewSession(2, "localhost", nil, nil)
	s.Login("root", "localhost", ClientOptions{}, "d")
	return s, nil
}

// A data directory written with the older text keys is rewritten at
// start: lookups, ranges and ORDER BY through text keys then follow the
// UCA weights, and the keyspace check finds nothing stale.
func TestTextKeysUpgrade(t *testing.T) {
	s := tableSession(t)
	mustExec(t, s,
		"CREATE TABLE w (name VARCHAR(20) PRIMARY KEY, n INT, tag VARCHAR(10), b VARBINARY(10), UNIQUE KEY (n, tag), KEY (tag))",
		"INSERT INTO w VALUES ('apple', 1, 'Äx', 'k1'), ('Éclair', 2, 'ax', 'k2'), ('zebra', 3, '~', 'k3'), ('a-b', 4, '0', 'k4'), ('ab', 5, NULL, 'k5')")
	store := s.eng.store
	if err := s.eng.Close(); err != nil {
		t.Fatal(err)
	}
	toLegacyKeys(t, store, s.eng.catalog.Table("d", "w"))
	if _, err := CheckKeyspace(store, 0); err == nil || !strings.Contains(err.Error(), "older build") {
		t.Fatalf("check of a store with older keys: %v, want the upgrade hint", err)
	}

	s2, err := reopen(t, store)
	if err != nil {
		t.Fatal(err)
	}
	if problems, err := CheckKeyspace(store, 0); err != nil || len(problems) > 0 {
		t.Fatalf("after the upgrade: %v %v", problems, err)
	}
	cases := []struct{ sql, want string }{
		{"SELECT n FROM w WHERE name = 'ECLAIR'", "2"},
		{"SELECT name FROM w ORDER BY name", "a-b;ab;apple;Éclair;zebra"},
		{"SELECT name FROM w WHERE name > 'ab' ORDER BY name", "apple;Éclair;zebra"},
		{"SELECT n FROM w WHERE tag = 'AX' ORDER BY n", "1;2"},
		{"SELECT tag FROM w WHERE tag IS NOT NULL ORDER BY tag, n", "~;0;Äx;ax"},
		{"SELECT name FROM w WHERE n = 3 AND tag = '~'", "zebra"},
	}
	for _, c := range cases {
		if got := rowsOf(t, s2, c.sql); got != c.want {
			t.Errorf("%s: got %q want %q", c.sql, got, c.want)
		}
	}
	// The upgrade is done once; a second start changes nothing, and a
	// rerun over keys already in the new form (a crash before the marker)
	// finds them as they are.
	if _, err := reopen(t, store); err != nil {
		t.Fatal(err)
	}
	tx := store.Begin(storage.TxnOptions{})
	if err := tx.Delete(storage.MetaKey("format", "text_keys")); err != nil {
		t.Fatal(err)
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	if _, err := reopen(t, store); err != nil {
		t.Fatalf("rerun over rewritten keys: %v", err)
	}
	if problems, err := CheckKeyspace(store, 0); err != nil || len(problems) > 0 {
		t.Fatalf("after the rerun: %v %v", problems, err)
	}
}

// Rows that the older keys told apart and the new collation finds equal
// in a unique key stop the upgrade with their names, and leave the data
// as it was.
func TestTextKeysUpgradeCollision(t *testing.T) {
	s := tableSession(t)
	mustExec(t, s, "CREATE TABLE u (id INT PRIMARY KEY, street VARCHAR(20), UNIQUE KEY st (street))")
	mustExec(t, s, "INSERT INTO u VALUES (1, 'Hauptstrasse')")
	store := s.eng.store
	if err := s.eng.Close(); err != nil {
		t.Fatal(err)
	}
	tb := s.eng.catalog.Table("d", "u")
	// Add the row an older build accepted: 'ß' was not 'ss' then.
	row := []expr.Value{expr.IntValue(2), expr.StringValue("Hauptstraße")}
	tx := store.Begin(storage.TxnOptions{})
	if err := tx.Set(tb.RowKey(row), tb.EncodeRow(nil, row)); err != nil {
		t.Fatal(err)
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	toLegacyKeys(t, store, tb)
	_, err := reopen(t, store)
	if err == nil || !strings.Contains(err.Error(), "key st (") || !strings.Contains(err.Error(), "d.u") {
		t.Fatalf("upgrade with a collision: %v", err)
	}
	if stale, err := s.eng.catalog.TextKeysStale(); err != nil || !stale {
		t.Fatalf("after the refused upgrade: stale %v, %v", stale, err)
	}
}
