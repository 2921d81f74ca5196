package privs

import "fmt"

// Stored is the durable form of an account's grants, kept in the account's
// record: privileges by name, so the bit layout of Set can change without
// a migration.
type Stored struct {
	Global []string      `json:"global,omitempty"`
	DB     []StoredDB    `json:"db,omitempty"`
	Table  []StoredTable `json:"table,omitempty"`
	// Column is absent in records written before column privileges.
	Column []StoredColumn `json:"column,omitempty"`
	// Routine is absent in records written before routine privileges.
	Routine []StoredRoutine `json:"routine,omitempty"`
	// Roles are the roles granted to the account; DefaultRoles those it
	// activates at login.
	Roles        []StoredRole  `json:"roles,omitempty"`
	DefaultRoles []AccountName `json:"default_roles,omitempty"`
}

// StoredRole is one role granted to the account.
type StoredRole struct {
	User  string `json:"user"`
	Host  string `json:"host"`
	Admin bool   `json:"admin,omitempty"`
}

// StoredDB is one database-level grant.
type StoredDB struct {
	DB    string   `json:"db"`
	Privs []string `json:"privs"`
}

// StoredTable is one table-level grant.
type StoredTable struct {
	DB    string   `json:"db"`
	Table string   `json:"table"`
	Privs []string `json:"privs"`
}

// Store returns g's durable form.
func (g *Grants) Store() *Stored {
	st := &Stored{Global: g.Global.Names()}
	for _, db := range sortedKeys(g.DB) {
		st.DB = append(st.DB, StoredDB{DB: db, Privs: g.DB[db].Names()})
	}
	for t, p := range g.Table {
		st.Table = append(st.Table, StoredTable{DB: t.DB, Table: t.Table, Privs: p.Names()})
	}
	for t, cols := range g.Column {
		for name, p := range cols {
			st.Column = append(st.Column, StoredColumn{DB: t.DB, Table: t.Table, Column: name, Privs: p.Names()})
		}
	}
	for k, p := range g.Routine {
		st.Routine = append(st.Routine, StoredRoutine{DB: k.DB, Name: k.Table, Privs: p.Names()})
	}
	for _, r := range g.RoleNames() {
		st.Roles = append(st.Roles, StoredRole{User: r.User, Host: r.Host, Admin: g.Roles[r]})
	}
	st.DefaultRoles = g.Defaults
	return st
}

// Load turns a durable form back into Grants; an unknown privilege name
// is an error (a newer server's data).
func (st *Stored) Load() (*Grants, error) {
	g := &Grants{}
	var err error
	if g.Global, err = parseNames(st.Global); err != nil {
		return nil, err
	}
	for _, d := range st.DB {
		p, err := parseNames(d.Privs)
		if err != nil {
			return nil, err
		}
		if g.DB == nil {
			g.DB = make(map[string]Set)
		}
		g.DB[d.DB] |= p
	}
	for _, t := range st.Table {
		p, err := parseNames(t.Privs)
		if err != nil {
			return nil, err
		}
		if g.Table == nil {
			g.Table = make(map[TableName]Set)
		}
		g.Table[TableName{t.DB, t.Table}] |= p
	}
	for _, c := range st.Column {
		p, err := parseNames(c.Privs)
		if err != nil {
			return nil, err
		}
		if g.Column == nil {
			g.Column = make(map[TableName]Columns)
		}
		t := TableName{c.DB, c.Table}
		if g.Column[t] == nil {
			g.Column[t] = Columns{}
		}
		g.Column[t][c.Column] |= p
	}
	for _, r := range st.Routine {
		p, err := parseNames(r.Privs)
		if err != nil {
			return nil, err
		}
		if g.Routine == nil {
			g.Routine = make(map[TableName]Set)
		}
		g.Routine[RoutineKey(r.DB, r.Name)] |= p
	}
	for _, r := range st.Roles {
		if g.Roles == nil {
			g.Roles = make(map[AccountName]bool)
		}
		g.Roles[AccountName{r.User, r.Host}] = r.Admin
	}
	g.Defaults = sortedNames(st.DefaultRoles)
	return g.indexed(), nil
}

func parseNames(list []string) (Set, error) {
	var s Set
	for _, name := range list {
		p, ok := Parse(name)
		if !ok {
			return 0, fmt.Errorf("privileges: unknown privilege %q", name)
		}
		s |= p
	}
	return s, nil
}
