package privs

import (
	"strings"
)

// Set is a set of privileges, one bit each. The bit order is internal:
// the durable form (Stored) names privileges, so it may change.
type Set uint64

// The static privileges of MySQL 8 that loopdb knows, then the dynamic
// ones. GrantOption is a privilege like the others here; SHOW GRANTS
// prints it as WITH GRANT OPTION.
const (
	Select Set = 1 << iota
	Insert
	Update
	Delete
	Create
	Drop
	Reload
	Shutdown
	Process
	File
	References
	Index
	Alter
	ShowDatabases
	Super
	CreateTemporaryTables
	LockTables
	Execute
	CreateView
	ShowView
	CreateRoutine
	AlterRoutine
	CreateUser
	Event
	Trigger
	GrantOption
	ConnectionAdmin
	SystemVariablesAdmin
	BackupAdmin
	ApplicationPasswordAdmin

	numPrivs = iota
)

// Privilege levels and what may be granted at each, as MySQL allows.
const (
	// TableLevel is what GRANT ... ON db.t accepts.
	TableLevel = Select | Insert | Update | Delete | Create | Drop | GrantOption | References |
		Index | Alter | CreateView | ShowView | Trigger
	// DBLevel is what GRANT ... ON db.* accepts.
	DBLevel = TableLevel | CreateTemporaryTables | LockTables | Execute | CreateRoutine |
		AlterRoutine | Event
	// Dynamic holds the dynamic privileges, granted only ON *.*.
	Dynamic = ConnectionAdmin | SystemVariablesAdmin | BackupAdmin | ApplicationPasswordAdmin
	// All is every privilege: what the bootstrap superuser holds.
	All Set = 1<<numPrivs - 1
)

// names are the SQL names in MySQL 8's SHOW GRANTS order, static first.
var names = [numPrivs]struct {
	priv Set
	name string
}{
	{Select, "SELECT"}, {Insert, "INSERT"}, {Update, "UPDATE"}, {Delete, "DELETE"},
	{Create, "CREATE"}, {Drop, "DROP"}, {Reload, "RELOAD"}, {Shutdown, "SHUTDOWN"},
	{Process, "PROCESS"}, {File, "FILE"}, {References, "REFERENCES"}, {Index, "INDEX"},
	{Alter, "ALTER"}, {ShowDatabases, "SHOW DATABASES"}, {Super, "SUPER"},
	{CreateTemporaryTables, "CREATE TEMPORARY TABLES"}, {LockTables, "LOCK TABLES"},
	{Execute, "EXECUTE"}, {CreateView, "CREATE VIEW"}, {ShowView, "SHOW VIEW"},
	{CreateRoutine, "CREATE ROUTINE"}, {AlterRoutine, "ALTER ROUTINE"},
	{CreateUser, "CREATE USER"}, {Event, "EVENT"}, {Trigger, "TRIGGER"},
	{GrantOption, "GRANT OPTION"},
	// Dynamic privileges, alphabetically as MySQL 8 lists them.
	{ApplicationPasswordAdmin, "APPLICATION_PASSWORD_ADMIN"}, {BackupAdmin, "BACKUP_ADMIN"}, {ConnectionAdmin, "CONNECTION_ADMIN"}, {SystemVariablesAdmin, "SYSTEM_VARIABLES_ADMIN"},
}

// Has reports whether s holds every privilege of need.
func (s Set) Has(need Set) bool { return s&need == need }

// Parse returns the privilege named name (any case, single spaces between
// words), ok false for a name loopdb does not know.
func Parse(name string) (Set, bool) {
	name = strings.ToUpper(strings.Join(strings.Fields(name), " "))
	for _, n := range names {
		if n.name == name {
			return n.priv, true
		}
	}
	return 0, false
}

// Name is the SQL name of a single privilege ("" for a set of several).
func (s Set) Name() string {
	for _, n := range names {
		if n.priv == s {
			return n.name
		}
	}
	return ""
}

// Names lists s's privileges in MySQL's SHOW GRANTS order.
func (s Set) Names() []string {
	var out []string
	for _, n := range names {
		if s.Has(n.priv) {
			out = append(out, n.name)
		}
	}
	return out
}

// AllAt is what ALL [PRIVILEGES] means at a level: every privilege that
// level accepts except GRANT OPTION (globally the dynamic ones too, as in
// MySQL 8).
func AllAt(level Level) Set {
	switch level {
	case LevelDB:
		return DBLevel &^ GrantOption
	case LevelTable:
		return TableLevel &^ GrantOption
	case LevelRoutine:
		return RoutineLevel &^ GrantOption
	}
	return All &^ GrantOption
}

// Allowed is every privilege that can be granted at level.
func Allowed(level Level) Set {
	switch level {
	case LevelDB:
		return DBLevel
	case LevelTable:
		return TableLevel
	case LevelRoutine:
		return RoutineLevel
	}
	return All
}

// Level is where a grant applies.
type Level int

// The grant levels.
const (
	LevelGlobal  Level = iota // *.*
	LevelDB                   // db.*
	LevelTable                // db.t
	LevelRoutine              // PROCEDURE db.p (Target.Table is the name)
)
