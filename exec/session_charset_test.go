package exec

import (
	"testing"

	"github.com/loopdb/loopdb/exec/charset"
)

// The handshake's collation sets the connection charsets; SET overrides them; a reset
// returns to the handshake's; what the protocol layer reads follows.
func TestConnectionCharsets(t *testing.T) {
	s := newTestSession(t)
	s.Login("root", "localhost", ClientOptions{Collation: 8}, "")
	if got := rowsOf(t, s, "SELECT @@character_set_client, @@character_set_connection, @@character_set_results, @@collation_connection"); got != "latin1,latin1,latin1,latin1_swedish_ci" {
		t.Fatalf("latin1 handshake: %s", got)
	}
	if s.ClientCharset() != charset.Latin1 || s.ResultsCharset() != charset.Latin1 {
		t.Fatalf("cached: %v %v", s.ClientCharset(), s.ResultsCharset())
	}
	mustExec(t, s, "SET character_set_results = NULL")
	if s.ResultsCharset() != charset.Binary || rowsOf(t, s, "SELECT @@character_set_results IS NULL") != "1" {
		t.Fatal("character_set_results = NULL")
	}
	mustExec(t, s, "SET NAMES utf8")
	if got := rowsOf(t, s, "SELECT @@character_set_client, @@collation_connection"); got != "utf8mb3,utf8mb3_general_ci" || s.ClientCharset() != charset.UTF8MB3 {
		t.Fatalf("SET NAMES utf8: %s", got)
	}
	s.Reset()
	if s.ClientCharset() != charset.Latin1 || rowsOf(t, s, "SELECT @@character_set_results") != "latin1" {
		t.Fatal("a reset keeps the handshake's charset")
	}
	wantErr(t, s, "SET character_set_client = 'koi9'", 1115, "Unknown character set: 'koi9'")
	wantErr(t, s, "SET character_set_client = NULL", 1231, "")
	// An id loopdb does not know (or none) leaves the server's defaults.
	s.Login("root", "localhost", ClientOptions{Collation: 200}, "")
	if s.ClientCharset() != charset.UTF8MB4 || rowsOf(t, s, "SELECT @@collation_connection") != "utf8mb4_0900_ai_ci" {
		t.Fatal("unknown collation id")
	}
}

func TestColumnCharsets(t *testing.T) {
	s := tableSession(t)
	mustExec(t, s, "CREATE TABLE c (id INT PRIMARY KEY, a VARCHAR(3) CHARACTER SET latin1, b CHAR(2) CHARACTER SET ascii, u VARCHAR(3) CHARACTER SET utf8 COLLATE utf8_bin, t TEXT CHARACTER SET latin1)")
	mustExec(t, s, "INSERT INTO c VALUES (1, 'é€ÿ', 'ab', '中文字', 'ü')")
	if got := rowsOf(t, s, "SELECT a, b, u, t FROM c"); got != "é€ÿ,ab,中文字,ü" {
		t.Fatalf("stored %s", got)
	}
	wantErr(t, s, "INSERT INTO c (id, a) VALUES (2, 'x中')", 1366, `Incorrect string value: '\xE4\xB8\xAD' for column 'a' at row 1`)
	wantErr(t, s, "INSERT INTO c (id, b) VALUES (2, 'é')", 1366, `'\xC3\xA9' for column 'b'`)
	wantErr(t, s, "INSERT INTO c (id, a) VALUES (2, 'éééé')", 1406, "Data too long")
	wantErr(t, s, "CREATE TABLE bad (a CHAR(1) CHARACTER SET ascii COLLATE latin1_bin)", 1253, "COLLATION 'latin1_bin' is not valid for CHARACTER SET 'ascii'")
	wantErr(t, s, "CREATE TABLE bad (a CHAR(1) CHARACTER SET koi9)", 1115, "Unknown character set: 'koi9'")
	mustExec(t, s, "SET sql_mode = ''", "INSERT INTO c (id, a, b) VALUES (3, '中ab', 'é')")
	if got := rowsOf(t, s, "SELECT a, b FROM c WHERE id = 3"); got != "?ab,?" {
		t.Fatalf("non-strict stored %s", got)
	}
	r := one(t, s, "SELECT a, b, u, t FROM c WHERE id = 1")
	for i, want := range []struct {
		coll   uint16
		length uint32
	}{{8, 3}, {11, 2}, {83, 9}, {8, 65535}} {
		if got := r.cols[i]; got.Collation != want.coll || got.Length != want.length {
			t.Errorf("column %d: collation %d length %d, want %d %d", i, got.Collation, got.Length, want.coll, want.length)
		}
	}
}
