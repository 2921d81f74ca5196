package exec

import (
	"cmp"
	"slices"
	"strings"

	"github.com/loopdb/loopdb/exec/expr"
	"github.com/loopdb/loopdb/exec/privs"
	"github.com/loopdb/loopdb/mysqldef"
	"github.com/pingcap/tidb/pkg/parser/ast"
)

// Routine privileges: GRANT/REVOKE ... ON PROCEDURE db.p, the checks CALL
// and DROP PROCEDURE make against them, and what CREATE and DROP
// PROCEDURE do to them (MySQL's automatic_sp_privileges, always ON here).
// The grants live in privs.Grants.Routine.

// routineTarget resolves ON PROCEDURE [db.]p. GRANT needs the procedure
// to exist (1305); REVOKE does not, as in MySQL.
func (s *Session) routineTarget(level *ast.GrantLevel, mustExist bool) (privs.Target, error) {
	if level.Level != ast.GrantLevelTable {
		return privs.Target{}, mysqldef.NewError(mysqldef.ErrIllegalGrantForTable,
			"Illegal GRANT/REVOKE command; please consult the manual to see which privileges can be used")
	}
	t := privs.Target{Level: privs.LevelRoutine, DB: level.DBName, Table: level.TableName}
	if t.DB == "" {
		if s.db == "" {
			return t, mysqldef.NewError(mysqldef.ErrNoDB, "No database selected")
		}
		t.DB = s.db
	}
	if mustExist && s.eng.catalog.Routine(t.DB, t.Table) == nil {
		return t, mysqldef.NewError(mysqldef.ErrSPDoesNotExist, "PROCEDURE %s.%s does not exist", t.DB, t.Table)
	}
	return t, nil
}

// routineDenied is MySQL's 1370 for command on db.name.
func (s *Session) routineDenied(command, db, name string) error {
	return mysqldef.NewError(mysqldef.ErrProcAccessDenied,
		"%s command denied to user '%s'@'%s' for routine '%s.%s'", command, s.user, s.clientHost, db, name)
}

// mayGrantRoutine checks GRANT/REVOKE ON PROCEDURE: the session must hold
// what it hands out and GRANT OPTION on the routine. The command MySQL
// names is the first of execute, alter routine, grant that is wanted.
func (s *Session) mayGrantRoutine(target privs.Target, set privs.Set) error {
	need := set | privs.GrantOption
	if s.grants().OnRoutine(target.DB, target.Table, need) {
		return nil
	}
	command := "grant"
	switch {
	case set&privs.Execute != 0:
		command = "execute"
	case set&privs.AlterRoutine != 0:
		command = "alter routine"
	}
	return s.routineDenied(command, target.DB, target.Table)
}

// noSuchRoutineGrant is 1403: REVOKE of a routine grant the account lacks.
func noSuchRoutineGrant(user, host string, target privs.Target) error {
	return mysqldef.NewError(mysqldef.ErrNonExistingProcGrant,
		"There is no such grant defined for user '%s' on host '%s' on routine '%s'", user, host, target.Table)
}

// grantCreatorRoutine gives the creator of db.name EXECUTE and ALTER
// ROUTINE on it unless it can already do both, as MySQL does with
// automatic_sp_privileges ON.
func (s *Session) grantCreatorRoutine(db, name string) error {
	acc := s.eng.accounts
	if acc == nil || s.grants().OnRoutine(db, name, privs.Execute|privs.AlterRoutine) {
		return nil
	}
	if acc.PluginOf(s.user, s.acctHost) == "" {
		return nil // the session's account was dropped meanwhile
	}
	target := privs.Target{Level: privs.LevelRoutine, DB: db, Table: name}
	_, err := acc.EditGrants(s.user, s.acctHost, func(g *privs.Grants) *privs.Grants {
		return g.WithGrant(target, privs.Execute|privs.AlterRoutine)
	})
	return err
}

// dropRoutineGrants takes every account's grants on db.name away after
// DROP PROCEDURE, so a procedure created later under the name starts
// with none.
func (s *Session) dropRoutineGrants(db, name string) error {
	acc := s.eng.accounts
	if acc == nil {
		return nil
	}
	snap := acc.Privileges()
	for _, a := range snap.Names() {
		if !snap.Of(a.User, a.Host).HasRoutineGrants(db, name) {
			continue
		}
		if _, err := acc.EditGrants(a.User, a.Host, func(g *privs.Grants) *privs.Grants {
			return g.WithoutRoutine(db, name)
		}); err != nil {
			return err
		}
	}
	return nil
}

func procsPrivCols() []isCol {
	return []isCol{gtHost("Host"), gtName("Db"), gtUser("User"), gtChar("Routine_name", 64, "utf8mb4_0900_ai_ci"),
		gtEnum("Routine_type", "FUNCTION", "PROCEDURE"), isVarchar("Grantor", 288),
		gtSet("Proc_priv", 27), gtTimestamp("Timestamp")}
}

// procsPrivRows is mysql.procs_priv: one row per routine grant, in key
// order (Host, Db, User, Routine_name). Grantor is empty and Timestamp
// NULL: loopdb keeps neither.
func procsPrivRows(s *Session, _ *isQuery) [][]expr.Value {
	snap := s.grantSnapshot()
	var rows [][]expr.Value
	for _, a := range hostOrder(snap.Names()) {
		g := snap.Of(a.User, a.Host)
		for k, p := range g.Routine {
			var parts []string
			for _, n := range []struct {
				name string
				priv privs.Set
			}{{"Execute", privs.Execute}, {"Alter Routine", privs.AlterRoutine}, {"Grant", privs.GrantOption}} {
				if p.Has(n.priv) {
					parts = append(parts, n.name)
				}
			}
			rows = append(rows, []expr.Value{str(a.Host), str(k.DB), str(a.User), str(k.Table), str("PROCEDURE"),
				str(""), str(strings.Join(parts, ",")), expr.NullValue()})
		}
	}
	slices.SortStableFunc(rows, func(x, y []expr.Value) int {
		for _, i := range []int{0, 1, 2, 3} {
			if c := cmp.Compare(x[i].Str(), y[i].Str()); c != 0 {
				return c
			}
		}
		return 0
	})
	return rows
}
