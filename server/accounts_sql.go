package server

import (
	"time"

	"github.com/loopdb/loopdb/exec"
	"github.com/loopdb/loopdb/exec/privs"
)

// sqlAccounts gives the SQL layer CREATE/DROP/ALTER USER over the account
// store, hashing passwords and invalidating the sha2 cache.
type sqlAccounts struct {
	store     *AccountStore
	cache     *Sha2Cache
	resources *userResources
}

func (a *sqlAccounts) CreateUser(user, host, plugin, password, require string, ifNotExists bool) (bool, error) {
	if plugin == "" {
		plugin = DefaultAuthPlugin
	}
	hash, err := HashPassword(plugin, password)
	if err != nil {
		return false, err
	}
	note, err := a.store.Create(Account{User: user, Host: host, Plugin: plugin, AuthString: hash, Require: require}, ifNotExists)
	return note != nil, err
}

func (a *sqlAccounts) DropUser(user, host string, ifExists bool) (bool, error) {
	note, err := a.store.Drop(user, host, ifExists)
	a.cache.Delete(user, host)
	a.resources.forget(user, host)
	return note != nil, err
}

func (a *sqlAccounts) ChangePassword(user, host, plugin, password string, retain bool) error {
	if plugin == "" {
		plugin = DefaultAuthPlugin
	}
	hash, err := HashPassword(plugin, password)
	if err != nil {
		return err
	}
	if err := a.store.ChangePassword(user, host, plugin, hash, retain); err != nil {
		return err
	}
	if !retain {
		// The entry of a retained password stays valid: clients still on
		// it keep the fast path.
		a.cache.Delete(user, host)
	}
	return nil
}

func (a *sqlAccounts) DiscardOldPassword(user, host string) error {
	if err := a.store.DiscardOldPassword(user, host); err != nil {
		return err
	}
	a.cache.Delete(user, host) // no fast path left for the discarded one
	return nil
}

func (a *sqlAccounts) SetLimits(user, host string, l exec.ResourceLimits) error {
	change := Limits{l.MaxQuestions, l.MaxUpdates, l.MaxConnections, l.MaxUserConnections}
	if err := a.store.SetLimits(user, host, change); err != nil {
		return err
	}
	if acct, ok := a.store.Get(user, host); ok {
		a.resources.setLimits(user, host, acct.limits())
	}
	return nil
}

func (a *sqlAccounts) SetPasswordExpiry(user, host string, expire bool, lifetime *int64) error {
	return a.store.SetExpiry(user, host, expire, lifetime)
}

func (a *sqlAccounts) SetLocked(user, host string, locked bool) error {
	return a.store.SetLocked(user, host, locked)
}

func (a *sqlAccounts) RenameUser(user, host, newUser, newHost string) error {
	if err := a.store.Rename(user, host, newUser, newHost); err != nil {
		return err
	}
	a.cache.Delete(user, host)
	a.resources.forget(user, host)
	return nil
}

func (a *sqlAccounts) PluginOf(user, host string) string {
	if acct, ok := a.store.Get(user, host); ok {
		return acct.Plugin
	}
	return ""
}

func (a *sqlAccounts) SetRequire(user, host, require string) error {
	return a.store.SetRequire(user, host, require)
}

func (a *sqlAccounts) RequireOf(user, host string) string {
	if acct, ok := a.store.Get(user, host); ok {
		return acct.Require
	}
	return ""
}

func (a *sqlAccounts) Privileges() *privs.Snapshot { return a.store.Grants() }

func (a *sqlAccounts) EditGrants(user, host string, edit func(*privs.Grants) *privs.Grants) (bool, error) {
	return a.store.EditGrants(user, host, edit)
}

// List gives mysql.user its rows: every account, roles included.
func (a *sqlAccounts) List() []exec.AccountInfo {
	list := a.store.List()
	out := make([]exec.AccountInfo, len(list))
	for i, acct := range list {
		out[i] = exec.AccountInfo{User: acct.User, Host: acct.Host, Plugin: acct.Plugin, AuthString: acct.AuthString,
			Require: acct.Require, Locked: acct.Locked, SecondaryAuth: acct.SecondaryAuth,
			Limits: exec.ResourceLimits{MaxQuestions: acct.MaxQuestions, MaxUpdates: acct.MaxUpdates,
				MaxConnections: acct.MaxConnections, MaxUserConnections: acct.MaxUserConnections},
			Expired: acct.Expired, Lifetime: acct.Lifetime}
		if acct.PasswordChanged > 0 {
			out[i].PasswordChanged = time.Unix(acct.PasswordChanged, 0)
		}
	}
	return out
}
