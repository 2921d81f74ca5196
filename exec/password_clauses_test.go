package exec

import (
	"maps"
	"strings"
	"testing"

	"github.com/pingcap/tidb/pkg/parser"
)

func TestCutPasswordClauses(t *testing.T) {
	r, d := retainCurrentPassword, discardOldPassword
	cases := []struct {
		sql     string
		rest    string
		clauses map[int]passwordClause
	}{
		{"ALTER USER u IDENTIFIED BY 'new' RETAIN CURRENT PASSWORD", "ALTER USER u IDENTIFIED BY 'new'  ", map[int]passwordClause{0: r}},
		{"alter user 'u'@'%' identified by 'n' retain current password;", "alter user 'u'@'%' identified by 'n'  ;", map[int]passwordClause{0: r}},
		{"ALTER USER u DISCARD OLD PASSWORD", "ALTER USER u  ", map[int]passwordClause{0: d}},
		{"ALTER USER a IDENTIFIED BY 'x', b DISCARD OLD PASSWORD, c IDENTIFIED BY 'y' RETAIN CURRENT PASSWORD",
			"ALTER USER a IDENTIFIED BY 'x', b  , c IDENTIFIED BY 'y'  ", map[int]passwordClause{1: d, 2: r}},
		{"ALTER USER USER() IDENTIFIED BY 'x' RETAIN CURRENT PASSWORD", "ALTER USER USER() IDENTIFIED BY 'x'  ", map[int]passwordClause{0: r}},
		{"SET PASSWORD FOR u = 'x' RETAIN CURRENT PASSWORD", "SET PASSWORD FOR u = 'x'  ", map[int]passwordClause{0: r}},
		{"SET PASSWORD = 'a,b' RETAIN /* c */ CURRENT\n PASSWORD", "SET PASSWORD = 'a,b'  ", map[int]passwordClause{0: r}},
		{"ALTER USER u IDENTIFIED WITH mysql_native_password BY 'x' RETAIN CURRENT PASSWORD ACCOUNT LOCK",
			"ALTER USER u IDENTIFIED WITH mysql_native_password BY 'x'   ACCOUNT LOCK", map[int]passwordClause{0: r}},
		{"/* lead */ ALTER USER u DISCARD OLD PASSWORD", "/* lead */ ALTER USER u  ", map[int]passwordClause{0: d}},
		{"ALTER USER `a,b` IDENTIFIED BY 'x' RETAIN CURRENT PASSWORD", "ALTER USER `a,b` IDENTIFIED BY 'x'  ", map[int]passwordClause{0: r}},
	}
	for _, c := range cases {
		rest, clauses, ok := cutPasswordClauses(c.sql)
		if !ok || rest != c.rest || !maps.Equal(clauses, c.clauses) {
			t.Errorf("%q: got %q %v %v, want %q %v", c.sql, rest, clauses, ok, c.rest, c.clauses)
		}
	}
}

// The words inside strings, quoted names and comments, or in other
// statements, are never the clause; nor are clauses where MySQL's
// grammar has none.
func TestCutPasswordClausesRefuses(t *testing.T) {
	for _, sql := range []string{
		"ALTER USER u IDENTIFIED BY 'x RETAIN CURRENT PASSWORD'",
		"ALTER USER u IDENTIFIED BY \"x\\\" RETAIN CURRENT PASSWORD\"",
		"ALTER USER u IDENTIFIED BY 'x' /* RETAIN CURRENT PASSWORD */",
		"ALTER USER u IDENTIFIED BY 'x' -- RETAIN CURRENT PASSWORD",
		"ALTER USER u IDENTIFIED BY 'x' # RETAIN CURRENT PASSWORD",
		"ALTER USER `DISCARD OLD PASSWORD`",
		"ALTER USER u RETAIN CURRENT PASSWORD", // not after the password string
		"ALTER USER u IDENTIFIED BY 'x' RETAIN CURRENT PASSWORD RETAIN CURRENT PASSWORD",
		"ALTER USER u DISCARD OLD PASSWORD DISCARD OLD PASSWORD",
		"SELECT 'x' RETAIN CURRENT PASSWORD",
		"CREATE USER u IDENTIFIED BY 'x' RETAIN CURRENT PASSWORD",
		"SET PASSWORD = 'x' DISCARD OLD PASSWORD",
		"ALTER USER u IDENTIFIED BY 'x' RETAIN CURRENT",
		"ALTER USER u IDENTIFIED BY 'x'",
		"ALTER", "", "'", "ALTER USER '",
	} {
		if rest, clauses, ok := cutPasswordClauses(sql); ok {
			t.Errorf("%q: cut to %q %v", sql, rest, clauses)
		}
	}
}

// parsePasswordClauses hands the rest to the parser: only one ALTER USER
// or SET PASSWORD comes back.
func TestParsePasswordClauses(t *testing.T) {
	eng := &Engine{}
	eng.parsers.New = func() any { return parser.New() }
	st, ok := eng.parsePasswordClauses("ALTER USER u IDENTIFIED BY 'x' RETAIN CURRENT PASSWORD")
	if !ok || st.(*passwordClauseStmt).clauses[0] != retainCurrentPassword {
		t.Fatalf("got %v %v", st, ok)
	}
	for _, sql := range []string{
		"ALTER USER u IDENTIFIED BY 'x' RETAIN CURRENT PASSWORD; SELECT 1",
		"ALTER USER u IDENTIFIED BY 'x' RETAIN CURRENT PASSWORD garbage",
	} {
		if st, ok := eng.parsePasswordClauses(sql); ok {
			t.Errorf("%q: parsed as %T", sql, st)
		}
	}
}

func FuzzCutPasswordClauses(f *testing.F) {
	for _, s := range []string{
		"ALTER USER u IDENTIFIED BY 'x' RETAIN CURRENT PASSWORD",
		"ALTER USER a, b DISCARD OLD PASSWORD",
		"SET PASSWORD = 'x\\'' RETAIN CURRENT PASSWORD -- c",
		"ALTER USER u IDENTIFIED BY 'x' /* RETAIN CURRENT PASSWORD",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, sql string) {
		// The log masking scans the same way: it only ever shortens
		// strings to <secret>, never drops other text.
		if masked := maskPasswords(sql); masked != sql && !strings.Contains(masked, "<secret>") {
			t.Fatalf("%q masked to %q", sql, masked)
		}
		rest, clauses, ok := cutPasswordClauses(sql)
		if !ok {
			return
		}
		if len(clauses) == 0 || len(rest) >= len(sql) {
			t.Fatalf("%q: cut to %q with %v", sql, rest, clauses)
		}
		// Only whole clauses go: the rest is the text with some clauses
		// replaced by a space, so it holds fewer of their words.
		if n := strings.Count(strings.ToUpper(rest), "PASSWORD"); n >= strings.Count(strings.ToUpper(sql), "PASSWORD") {
			t.Fatalf("%q: cut to %q, no PASSWORD removed", sql, rest)
		}
	})
}

func TestMaskPasswords(t *testing.T) {
	for in, want := range map[string]string{
		"ALTER USER u IDENTIFIED BY 'p1' RETAIN CURRENT PASSWORD":                 "ALTER USER u IDENTIFIED BY <secret> RETAIN CURRENT PASSWORD",
		"CREATE USER 'a'@'%' IDENTIFIED WITH mysql_native_password BY \"p\\\"q\"": "CREATE USER 'a'@'%' IDENTIFIED WITH mysql_native_password BY <secret>",
		"SET PASSWORD FOR 'u'@'h' = 'x' REPLACE 'y'":                              "SET PASSWORD FOR 'u'@'h' = <secret> REPLACE <secret>",
		"ALTER USER u IDENTIFIED WITH caching_sha2_password AS '$A$005$hash'":     "ALTER USER u IDENTIFIED WITH caching_sha2_password AS <secret>",
		"ALTER USER u ACCOUNT LOCK":                                               "ALTER USER u ACCOUNT LOCK",
		"ALTER USER u IDENTIFIED BY 'unterminated":                                "ALTER USER u IDENTIFIED BY <secret>",
	} {
		if got := maskPasswords(in); got != want {
			t.Errorf("%q: got %q, want %q", in, got, want)
		}
	}
}
