package exec

import "github.com/loopdb/loopdb/exec/privs"

// What an account may see of others' objects: SHOW DATABASES, SHOW
// TABLES, information_schema and SHOW PROCESSLIST list only what it holds
// some privilege on, as in MySQL.

// seesDatabase: listed by SHOW DATABASES and information_schema.SCHEMATA.
func (s *Session) seesDatabase(db string) bool {
	g := s.grants()
	return g.IsSuper() || freeOfPrivileges(db) || g.SeesAllDatabases() || g.AnyInDB(db)
}

// seesTable: listed by SHOW TABLES and information_schema's tables.
func (s *Session) seesTable(db, table string) bool {
	g := s.grants()
	return g.IsSuper() || freeOfPrivileges(db) || g.AnyOnTable(db, table)
}

// seesColumn: listed by SHOW COLUMNS and information_schema.COLUMNS (an
// account with column privileges only sees those columns, as in MySQL).
func (s *Session) seesColumn(db, table, column string) bool {
	g := s.grants()
	return g.IsSuper() || freeOfPrivileges(db) || g.AnyOnColumn(db, table, column)
}

// seesSession: SHOW PROCESSLIST shows other accounts' sessions only with
// the PROCESS privilege (MySQL compares the user name only).
func (s *Session) seesSession(o *Session) bool {
	return o.user == s.user || s.grants().GlobalHas(privs.Process)
}
