package exec

import "testing"

// information_schema's character set, collation and engine tables hold what
// SHOW CHARACTER SET, SHOW COLLATION and SHOW ENGINES list; @@innodb_version
// is the version's number.
func TestInfoSchemaCharsetsAndEngines(t *testing.T) {
	s := newTestSession(t)
	for _, c := range []struct{ sql, want string }{
		{"SELECT CHARACTER_SET_NAME, DEFAULT_COLLATE_NAME, MAXLEN FROM information_schema.CHARACTER_SETS WHERE CHARACTER_SET_NAME = 'utf8mb4'", "utf8mb4,utf8mb4_0900_ai_ci,4"},
		{"SELECT COUNT(*) = (SELECT COUNT(*) FROM information_schema.COLLATIONS) FROM information_schema.COLLATION_CHARACTER_SET_APPLICABILITY", "1"},
		{"SELECT CHARACTER_SET_NAME, ID, IS_DEFAULT, PAD_ATTRIBUTE FROM information_schema.COLLATIONS WHERE COLLATION_NAME IN ('utf8mb4_bin', 'utf8mb4_0900_ai_ci') ORDER BY ID", "utf8mb4,46,,PAD SPACE;utf8mb4,255,Yes,NO PAD"},
		{"SELECT ENGINE, SUPPORT, TRANSACTIONS, SAVEPOINTS FROM information_schema.ENGINES", "InnoDB,DEFAULT,YES,YES"},
		{"SELECT @@innodb_version = SUBSTRING_INDEX(VERSION(), '-', 1), @@innodb_version LIKE '8.0.%'", "1,1"},
	} {
		if got := rowsOf(t, s, c.sql); got != c.want {
			t.Errorf("%s: %q, want %q", c.sql, got, c.want)
		}
	}
	wantErr(t, s, "SET GLOBAL innodb_version = '9'", 1238, "read only")
}
