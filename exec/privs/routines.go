package privs

import (
	"maps"
	"sort"
	"strings"
)

// Routine-level grants: GRANT EXECUTE | ALTER ROUTINE | GRANT OPTION ON
// PROCEDURE db.p (MySQL's procs_priv). A routine name is case-insensitive
// in MySQL, so the key's Table is the lower-cased name; SHOW GRANTS and
// procs_priv print it that way too.

// RoutineLevel is what GRANT ... ON PROCEDURE db.p accepts.
const RoutineLevel = Execute | AlterRoutine | GrantOption

// RoutineKey is the grant key of procedure db.name.
func RoutineKey(db, name string) TableName {
	return TableName{DB: db, Table: strings.ToLower(name)}
}

// OnRoutine reports whether g holds need on procedure db.name, from any
// level (global, database or the routine itself).
func (g *Grants) OnRoutine(db, name string, need Set) bool {
	have := g.Global | g.DB[db]
	if have.Has(need) {
		return true
	}
	return (have | g.Routine[RoutineKey(db, name)]).Has(need)
}

// HasRoutineGrants reports whether g holds anything on procedure db.name
// at the routine level.
func (g *Grants) HasRoutineGrants(db, name string) bool {
	_, ok := g.Routine[RoutineKey(db, name)]
	return ok
}

// WithoutRoutine returns g with no grant left on procedure db.name (DROP
// PROCEDURE takes them away, as MySQL does).
func (g *Grants) WithoutRoutine(db, name string) *Grants {
	if !g.HasRoutineGrants(db, name) {
		return g
	}
	next := g.clone()
	delete(next.Routine, RoutineKey(db, name))
	return next.indexed()
}

// routineLines are SHOW GRANTS' lines for routine grants, after the
// tables', sorted by database and name.
func (g *Grants) routineLines(account string) []string {
	keys := make([]TableName, 0, len(g.Routine))
	for k := range g.Routine {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if keys[i].DB != keys[j].DB {
			return keys[i].DB < keys[j].DB
		}
		return keys[i].Table < keys[j].Table
	})
	var out []string
	for _, k := range keys {
		p := g.Routine[k]
		text := strings.Join((p &^ GrantOption).Names(), ", ")
		if text == "" {
			text = "USAGE"
		}
		line := "GRANT " + text + " ON PROCEDURE " + QuoteName(k.DB) + "." + QuoteName(k.Table) + " TO " + account
		if p.Has(GrantOption) {
			line += " WITH GRANT OPTION"
		}
		out = append(out, line)
	}
	return out
}

// mergeRoutines adds o's routine grants into out's (Merged).
func mergeRoutines(out, o *Grants) {
	if len(o.Routine) == 0 {
		return
	}
	if out.Routine == nil {
		out.Routine = make(map[TableName]Set)
	} else {
		out.Routine = maps.Clone(out.Routine)
	}
	for k, p := range o.Routine {
		out.Routine[k] |= p
	}
}

// StoredRoutine is one routine-level grant in the durable form.
type StoredRoutine struct {
	DB    string   `json:"db"`
	Name  string   `json:"name"`
	Privs []string `json:"privs"`
}
