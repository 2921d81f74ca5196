package table

// ViewDef is what the catalog keeps of a view: the SELECT as text (parsed
// again at each use, so a view follows later changes of its tables) and
// the options of CREATE VIEW. The descriptor that holds it shares the
// tables' namespace, so a view and a table cannot have one name.
type ViewDef struct {
	Select      string   `json:"select"`
	ColumnList  []string `json:"columns,omitempty"` // CREATE VIEW v (a, b): the names given
	Algorithm   string   `json:"algorithm"`         // UNDEFINED, MERGE or TEMPTABLE
	Definer     string   `json:"definer"`           // `user`@`host`, quoted as SHOW CREATE VIEW prints it
	Security    string   `json:"security"`          // DEFINER or INVOKER
	CheckOption string   `json:"check_option"`      // NONE, CASCADED or LOCAL
	// The session's character set and collation at CREATE VIEW, which
	// SHOW CREATE VIEW and information_schema.VIEWS report.
	CharsetClient string `json:"charset_client"`
	Collation     string `json:"collation"`
}

// IsView reports whether t is a view.
func (t *Table) IsView() bool { return t.View != nil }

// DefinerParts splits the definer into user and host.
func (v *ViewDef) DefinerParts() (user, host string) {
	d := v.Definer
	for i := len(d) - 1; i >= 0; i-- {
		if d[i] == '@' {
			return unquoteName(d[:i]), unquoteName(d[i+1:])
		}
	}
	return unquoteName(d), "%"
}

func unquoteName(s string) string {
	if len(s) >= 2 && s[0] == '`' && s[len(s)-1] == '`' {
		return s[1 : len(s)-1]
	}
	return s
}
