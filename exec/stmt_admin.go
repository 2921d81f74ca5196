package exec

import (
	"strings"

	"github.com/loopdb/loopdb/mysqldef"
	"github.com/pingcap/tidb/pkg/parser/ast"
	"github.com/pingcap/tidb/pkg/parser/auth"
)

// Statements about the server rather than data: USE, CREATE/DROP DATABASE,
// and account management.

func (s *Session) useDatabase(name string) error {
	if g := s.grants(); !g.IsSuper() && !freeOfPrivileges(name) && !g.AnyInDB(name) {
		return s.dbDenied(name) // before existence, as MySQL: 1044 either way
	}
	if !s.eng.catalog.HasDatabase(name) {
		return mysqldef.NewError(mysqldef.ErrBadDB, "Unknown database '%s'", name)
	}
	s.setDB(name)
	return nil
}

// UseDatabase selects the database named in a handshake or COM_INIT_DB.
func (s *Session) UseDatabase(name string) error { return s.useDatabase(name) }

func (s *Session) execCreateDatabase(st *ast.CreateDatabaseStmt, w ResultWriter, more bool) error {
	coll, err := databaseCollation(st.Options)
	if err != nil {
		return err
	}
	existed, err := s.eng.catalog.CreateDatabaseWith(st.Name.O, st.IfNotExists, coll)
	if err != nil {
		return err
	}
	if existed {
		s.addDiag("Note", mysqldef.ErrDBCreateExists, "Can't create database '"+st.Name.O+"'; database exists")
		return s.writeOK(w, 0, 0, "", more)
	}
	return s.writeOK(w, 1, 0, "", more)
}

func (s *Session) execDropDatabase(st *ast.DropDatabaseStmt, w ResultWriter, more bool) error {
	missing, err := s.eng.catalog.DropDatabase(st.Name.O, st.IfExists)
	if err != nil {
		return err
	}
	if missing {
		s.addDiag("Note", mysqldef.ErrDBDropExists, "Can't drop database '"+st.Name.O+"'; database doesn't exist")
	} else if s.db == st.Name.O {
		s.setDB("")
	}
	return s.writeOK(w, 0, 0, "", more)
}

func (s *Session) accounts() (Accounts, error) {
	if s.eng.accounts == nil {
		return nil, mysqldef.NewError(mysqldef.ErrNotSupportedYet, "This version of loopdb doesn't yet support 'account management here'")
	}
	return s.eng.accounts, nil
}

// authOf reads IDENTIFIED [WITH plugin] [BY 'password'] of a user spec.
func authOf(spec *ast.UserSpec) (plugin, password string, err error) {
	if spec.AuthOpt == nil {
		return "", "", nil
	}
	o := spec.AuthOpt
	if !o.ByAuthString && o.HashString != "" {
		return "", "", mysqldef.NewError(mysqldef.ErrNotSupportedYet, "This version of loopdb doesn't yet support 'IDENTIFIED ... AS hash'")
	}
	return strings.ToLower(o.AuthPlugin), o.AuthString, nil
}

func userHost(u *auth.UserIdentity) (string, string) {
	host := u.Hostname
	if host == "" {
		host = "%"
	}
	return u.Username, host
}

// userFailures collects the accounts a multi-user CREATE/DROP USER could
// not change: MySQL goes on with the others and names them all in one
// 1396 at the end.
type userFailures []string

// absorb records err if it is a per-account 1396 and returns any other
// error.
func (f *userFailures) absorb(err error, user, host string) error {
	if e, ok := err.(*mysqldef.SQLError); ok && e.Code == mysqldef.ErrCannotUser {
		*f = append(*f, "'"+user+"'@'"+host+"'")
		return nil
	}
	return err
}

func (f userFailures) err(op string) error {
	if len(f) == 0 {
		return nil
	}
	return mysqldef.NewError(mysqldef.ErrCannotUser, "Operation %s failed for %s", op, strings.Join(f, ","))
}

func (s *Session) execCreateUser(st *ast.CreateUserStmt, w ResultWriter, more bool) error {
	acc, err := s.accounts()
	if err != nil {
		return err
	}
	if st.IsCreateRole {
		if err := s.execCreateRole(acc, st); err != nil {
			return err
		}
		return s.writeOK(w, 0, 0, "", more)
	}
	require, err := transportRequirement(st.AuthTokenOrTLSOptions)
	if err != nil {
		return err
	}
	var failed userFailures
	for _, spec := range st.Specs {
		plugin, pw, err := authOf(spec)
		if err != nil {
			return err
		}
		user, host := userHost(spec.User)
		existed, err := acc.CreateUser(user, host, plugin, pw, require, st.IfNotExists)
		if err := failed.absorb(err, user, host); err != nil {
			return err
		}
		if existed {
			s.addDiag("Note", 3163, "Authorization ID '"+user+"'@'"+host+"' already exists.")
		} else if err == nil {
			if err := s.applyAccountOptions(acc, user, host, st.ResourceOptions, st.PasswordOrLockOptions); err != nil {
				return err
			}
		}
	}
	if err := failed.err("CREATE USER"); err != nil {
		return err
	}
	return s.writeOK(w, 0, 0, "", more)
}

func (s *Session) execDropUser(st *ast.DropUserStmt, w ResultWriter, more bool) error {
	acc, err := s.accounts()
	if err != nil {
		return err
	}
	op := "DROP USER"
	if st.IsDropRole {
		op = "DROP ROLE" // a role is an account: dropping it revokes it everywhere
	}
	var failed userFailures
	for _, u := range st.UserList {
		user, host := userHost(u)
		missing, err := acc.DropUser(user, host, st.IfExists)
		if err := failed.absorb(err, user, host); err != nil {
			return err
		}
		if missing {
			s.addDiag("Note", 3162, "Authorization ID '"+user+"'@'"+host+"' does not exist.")
		}
	}
	if err := failed.err(op); err != nil {
		return err
	}
	return s.writeOK(w, 0, 0, "", more)
}

func (s *Session) execAlterUser(st *ast.AlterUserStmt, w ResultWriter, more bool) error {
	acc, err := s.accounts()
	if err != nil {
		return err
	}
	specs := st.Specs
	if st.CurrentAuth != nil {
		specs = []*ast.UserSpec{{User: &auth.UserIdentity{Username: s.user, Hostname: s.acctHost}, AuthOpt: st.CurrentAuth}}
	}
	require, err := transportRequirement(st.AuthTokenOrTLSOptions)
	if err != nil {
		return err
	}
	for i, spec := range specs {
		clause := s.cold().pwClauses[i]
		if clause == retainCurrentPassword && (spec.AuthOpt == nil || !spec.AuthOpt.ByAuthString) ||
			clause == discardOldPassword && spec.AuthOpt != nil {
			// Not where MySQL's grammar has the clause: the statement is a
			// syntax error there.
			return syntaxError(clauseText(clause), 1)
		}
		user, host := userHost(spec.User)
		if spec.User.CurrentUser {
			user, host = s.user, s.acctHost
		}
		if err := s.alterOneUser(acc, st, spec, user, host, clause, require); err != nil {
			if st.IfExists && isCannotUser(err) {
				s.addDiag("Note", 3162, "Authorization ID '"+user+"'@'"+host+"' does not exist.")
				continue
			}
			return err
		}
	}
	return s.writeOK(w, 0, 0, "", more)
}

// alterOneUser applies one user spec of ALTER USER. The password goes
// first: setting it ends PASSWORD EXPIRE, and
// `IDENTIFIED BY 'x' PASSWORD EXPIRE` must leave the new one expired.
func (s *Session) alterOneUser(acc Accounts, st *ast.AlterUserStmt, spec *ast.UserSpec, user, host string,
	clause passwordClause, require string) error {
	if spec.AuthOpt != nil {
		plugin, pw, err := authOf(spec)
		if err != nil {
			return err
		}
		if plugin == "" {
			plugin = acc.PluginOf(user, host)
		}
		if err := acc.ChangePassword(user, host, plugin, pw, clause == retainCurrentPassword); err != nil {
			return err
		}
		s.passwordChanged(user, host)
	}
	if clause == discardOldPassword {
		if err := acc.DiscardOldPassword(user, host); err != nil {
			return err
		}
	}
	if err := s.applyAccountOptions(acc, user, host, st.ResourceOptions, st.PasswordOrLockOptions); err != nil {
		return err
	}
	if st.AuthTokenOrTLSOptions != nil {
		return acc.SetRequire(user, host, require)
	}
	return nil
}

func isCannotUser(err error) bool {
	e, ok := err.(*mysqldef.SQLError)
	return ok && e.Code == mysqldef.ErrCannotUser
}

// clauseText is a dual-password clause as written, for a syntax error.
func clauseText(c passwordClause) string {
	if c == discardOldPassword {
		return "DISCARD OLD PASSWORD"
	}
	return "RETAIN CURRENT PASSWORD"
}

// applyAccountOptions applies CREATE/ALTER USER's WITH resource limits
// and its password expiry and account lock options to one account.
func (s *Session) applyAccountOptions(acc Accounts, user, host string, res []*ast.ResourceOption, opts []*ast.PasswordOrLockOption) error {
	if limits := resourceLimits(res); !limits.Unchanged() {
		if err := acc.SetLimits(user, host, limits); err != nil {
			return err
		}
	}
	if expire, lifetime := passwordExpiry(opts); expire || lifetime != nil {
		if err := acc.SetPasswordExpiry(user, host, expire, lifetime); err != nil {
			return err
		}
	}
	if lock := lockOption(opts); lock != lockUnchanged {
		if err := acc.SetLocked(user, host, lock == lockAccount); err != nil {
			return err
		}
	}
	return nil
}

// passwordExpiry reads PASSWORD EXPIRE [DEFAULT | NEVER | INTERVAL n DAY]:
// expire for a bare PASSWORD EXPIRE (expired now), lifetime for the
// others (0 default, -1 never, n days); the last of each wins.
func passwordExpiry(opts []*ast.PasswordOrLockOption) (expire bool, lifetime *int64) {
	for _, o := range opts {
		var l int64
		switch o.Type {
		case ast.PasswordExpire:
			expire = true
			continue
		case ast.PasswordExpireDefault:
			l = 0
		case ast.PasswordExpireNever:
			l = -1
		case ast.PasswordExpireInterval:
			l = max(o.Count, 1)
		default:
			continue
		}
		lifetime = &l
	}
	return expire, lifetime
}

// passwordChanged ends sandbox mode when the session set its own
// account's password.
func (s *Session) passwordChanged(user, host string) {
	if user == s.user && host == s.acctHost {
		s.pwExpired = false
	}
}

// Account lock clauses of CREATE USER and ALTER USER.
const (
	lockUnchanged = iota
	lockAccount
	unlockAccount
)

// lockOption finds ACCOUNT LOCK or UNLOCK among the password and lock
// options (the last one wins, as in MySQL).
func lockOption(opts []*ast.PasswordOrLockOption) int {
	lock := lockUnchanged
	for _, o := range opts {
		switch o.Type {
		case ast.Lock:
			lock = lockAccount
		case ast.Unlock:
			lock = unlockAccount
		}
	}
	return lock
}

// execRenameUser runs RENAME USER a TO b [, c TO d]: each pair in turn;
// the pairs that fail are named in one 1396 at the end, as MySQL does.
func (s *Session) execRenameUser(st *ast.RenameUserStmt, w ResultWriter, more bool) error {
	acc, err := s.accounts()
	if err != nil {
		return err
	}
	var failed userFailures
	for _, p := range st.UserToUsers {
		user, host := userHost(p.OldUser)
		newUser, newHost := userHost(p.NewUser)
		if err := failed.absorb(acc.RenameUser(user, host, newUser, newHost), user, host); err != nil {
			return err
		}
	}
	if err := failed.err("RENAME USER"); err != nil {
		return err
	}
	return s.writeOK(w, 0, 0, "", more)
}

func (s *Session) execSetPassword(st *ast.SetPwdStmt, w ResultWriter, more bool) error {
	acc, err := s.accounts()
	if err != nil {
		return err
	}
	user, host := s.user, s.acctHost
	if st.User != nil && !st.User.CurrentUser {
		user, host = userHost(st.User)
	}
	retain := s.cold().pwClauses[0] == retainCurrentPassword
	if err := acc.ChangePassword(user, host, acc.PluginOf(user, host), st.Password, retain); err != nil {
		return err
	}
	s.passwordChanged(user, host)
	return s.writeOK(w, 0, 0, "", more)
}

// transportRequirement reads a REQUIRE clause as mysql.user.ssl_type:
// "" (NONE), "ANY" (SSL) or "X509". CIPHER, ISSUER and SUBJECT are not
// supported.
func transportRequirement(opts []*ast.AuthTokenOrTLSOption) (string, error) {
	require := ""
	for _, o := range opts {
		switch o.Type {
		case ast.TlsNone:
			require = ""
		case ast.Ssl:
			if require == "" {
				require = "ANY"
			}
		case ast.X509:
			require = "X509"
		default:
			return "", mysqldef.NewError(mysqldef.ErrNotSupportedYet,
				"This version of loopdb doesn't yet support 'REQUIRE %s'", o.Type)
		}
	}
	return require, nil
}
