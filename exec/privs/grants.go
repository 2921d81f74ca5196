package privs

import (
	"maps"
	"sort"
	"strings"
)

// TableName names a table in a grant: database and table as written in
// the catalog (names compare exactly, as with lower_case_table_names=0).
type TableName struct {
	DB, Table string
}

// Grants is one account's privileges. A Grants is immutable once
// published: edits (WithGrant, WithRevoke) return a new one.
type Grants struct {
	Global Set
	DB     map[string]Set
	Table  map[TableName]Set
	// Column holds column privileges per table (columns.go).
	Column map[TableName]Columns
	// Routine holds procedure grants by RoutineKey (routines.go).
	Routine map[TableName]Set
	// Roles are the roles granted to this account (role_edges with the
	// account as grantee), true when WITH ADMIN OPTION.
	Roles map[AccountName]bool
	// Defaults are the roles activated at login (SET DEFAULT ROLE).
	Defaults []AccountName
	// inDB is, per database, every privilege held at the database level or
	// on any table in it: what USE and SHOW DATABASES look at.
	inDB map[string]Set
}

// Superuser holds every privilege with GRANT OPTION, as the server's
// bootstrap root does.
var Superuser = &Grants{Global: All}

// none is the grants of an account that holds nothing (USAGE).
var none = &Grants{}

// IsSuper reports whether g holds every privilege globally, so no finer
// check can fail.
func (g *Grants) IsSuper() bool { return g.Global == All }

// OnTable reports whether g holds need on db.table, from any level.
func (g *Grants) OnTable(db, table string, need Set) bool {
	have := g.Global
	if have.Has(need) {
		return true
	}
	have |= g.DB[db]
	if have.Has(need) {
		return true
	}
	return (have | g.Table[TableName{db, table}]).Has(need)
}

// OnDB reports whether g holds need at the database level of db (or
// globally): what CREATE DATABASE, DROP DATABASE and CREATE TABLE ask.
func (g *Grants) OnDB(db string, need Set) bool {
	return (g.Global | g.DB[db]).Has(need)
}

// AnyOnTable reports whether g holds some privilege on db.table (SHOW
// CREATE TABLE, SHOW TABLES, information_schema rows). GRANT OPTION alone
// does not count.
func (g *Grants) AnyOnTable(db, table string) bool {
	return (g.Global|g.DB[db]|g.Table[TableName{db, table}]|g.ColumnPrivs(db, table))&^GrantOption != 0
}

// AnyInDB reports whether g holds some privilege in db, at any level: USE
// db and SHOW DATABASES.
func (g *Grants) AnyInDB(db string) bool {
	return (g.Global|g.inDB[db])&^GrantOption != 0
}

// SeesAllDatabases reports whether SHOW DATABASES lists every database:
// the global SHOW DATABASES privilege or a global privilege that applies
// inside databases.
func (g *Grants) SeesAllDatabases() bool {
	return g.Global&(ShowDatabases|DBLevel&^GrantOption) != 0
}

// GlobalHas reports whether g holds need globally.
func (g *Grants) GlobalHas(need Set) bool { return g.Global.Has(need) }

// Target is the object of a GRANT or REVOKE.
type Target struct {
	Level     Level
	DB, Table string
}

// WithGrant returns g with p added at target.
func (g *Grants) WithGrant(target Target, p Set) *Grants {
	return g.edit(target, func(have Set) Set { return have | p })
}

// WithRevoke returns g with p removed at target. Only the level named is
// touched, as in MySQL: revoking db.* leaves a global grant in place.
func (g *Grants) WithRevoke(target Target, p Set) *Grants {
	return g.edit(target, func(have Set) Set { return have &^ p })
}

// WithoutAll returns g with no privilege left (REVOKE ALL PRIVILEGES,
// GRANT OPTION FROM u); granted roles stay, as in MySQL 8.
func (g *Grants) WithoutAll() *Grants {
	if len(g.Roles) == 0 && len(g.Defaults) == 0 {
		return none
	}
	return (&Grants{Roles: g.Roles, Defaults: g.Defaults}).indexed()
}

func (g *Grants) edit(target Target, change func(Set) Set) *Grants {
	next := g.clone()
	switch target.Level {
	case LevelGlobal:
		next.Global = change(next.Global)
	case LevelDB:
		if next.DB == nil {
			next.DB = make(map[string]Set)
		}
		if p := change(next.DB[target.DB]); p != 0 {
			next.DB[target.DB] = p
		} else {
			delete(next.DB, target.DB)
		}
	case LevelRoutine:
		if next.Routine == nil {
			next.Routine = make(map[TableName]Set)
		}
		key := RoutineKey(target.DB, target.Table)
		if p := change(next.Routine[key]); p != 0 {
			next.Routine[key] = p
		} else {
			delete(next.Routine, key)
		}
	case LevelTable:
		if next.Table == nil {
			next.Table = make(map[TableName]Set)
		}
		key := TableName{target.DB, target.Table}
		if p := change(next.Table[key]); p != 0 {
			next.Table[key] = p
		} else {
			delete(next.Table, key)
		}
	}
	return next.indexed()
}

// clone copies g's maps so an edit leaves g (published) alone.
func (g *Grants) clone() *Grants {
	return &Grants{Global: g.Global, DB: maps.Clone(g.DB), Table: maps.Clone(g.Table),
		Column: maps.Clone(g.Column), Routine: maps.Clone(g.Routine), Roles: maps.Clone(g.Roles), Defaults: g.Defaults}
}

// indexed fills g's per-database summary; g is not yet published.
func (g *Grants) indexed() *Grants {
	g.inDB = make(map[string]Set, len(g.DB)+len(g.Table))
	for db, p := range g.DB {
		g.inDB[db] |= p
	}
	for t, p := range g.Table {
		g.inDB[t.DB] |= p
	}
	for t := range g.Column {
		g.inDB[t.DB] |= g.ColumnPrivs(t.DB, t.Table)
	}
	for r, p := range g.Routine { // MySQL 8 lets a routine grant USE its database
		g.inDB[r.DB] |= p
	}
	return g
}

// Line is one line of SHOW GRANTS before the account is appended:
// "GRANT SELECT ON `db`.* TO " and whether WITH GRANT OPTION follows.
// Lines returns them in MySQL 8's order: global static privileges (USAGE
// when none), global dynamic privileges, databases, tables, then procedures.
func (g *Grants) Lines(account string) []string {
	var out []string
	add := func(privs Set, level Level, on string, cols Columns) {
		text := privText(privs&^GrantOption&^Dynamic, level)
		if cols != nil {
			text = tableText(privs, cols)
		}
		if text == "" {
			if level != LevelGlobal && privs&GrantOption == 0 {
				return
			}
			text = "USAGE"
		}
		line := "GRANT " + text + " ON " + on + " TO " + account
		if privs.Has(GrantOption) {
			line += " WITH GRANT OPTION"
		}
		out = append(out, line)
	}
	add(g.Global, LevelGlobal, "*.*", nil)
	if dyn := g.Global & Dynamic; dyn != 0 {
		// MySQL 8 joins dynamic privileges with a bare comma.
		line := "GRANT " + strings.Join(dyn.Names(), ",") + " ON *.* TO " + account
		if g.Global.Has(GrantOption) {
			line += " WITH GRANT OPTION"
		}
		out = append(out, line)
	}
	for _, db := range sortedKeys(g.DB) {
		add(g.DB[db], LevelDB, QuoteName(db)+".*", nil)
	}
	tables := make([]TableName, 0, len(g.Table)+len(g.Column))
	for t := range g.Table {
		tables = append(tables, t)
	}
	for t := range g.Column {
		if _, ok := g.Table[t]; !ok {
			tables = append(tables, t)
		}
	}
	sort.Slice(tables, func(i, j int) bool {
		if tables[i].DB != tables[j].DB {
			return tables[i].DB < tables[j].DB
		}
		return tables[i].Table < tables[j].Table
	})
	for _, t := range tables {
		add(g.Table[t], LevelTable, QuoteName(t.DB)+"."+QuoteName(t.Table), g.Column[t])
	}
	return append(out, g.routineLines(account)...)
}

// privText writes a level's static privileges: ALL PRIVILEGES when every
// one of that level is held below the global level (MySQL 8 spells out
// the global list), else the names joined by ", ".
func privText(p Set, level Level) string {
	if p == 0 {
		return ""
	}
	if level != LevelGlobal && p == AllAt(level) {
		return "ALL PRIVILEGES"
	}
	return strings.Join(p.Names(), ", ")
}

// QuoteName quotes an identifier with backquotes, as SHOW GRANTS does.
func QuoteName(name string) string {
	return "`" + strings.ReplaceAll(name, "`", "``") + "`"
}

// Account formats 'user'@'host' as SHOW GRANTS writes it: `u`@`h`.
func Account(user, host string) string { return QuoteName(user) + "@" + QuoteName(host) }

func sortedKeys(m map[string]Set) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
