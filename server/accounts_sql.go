package server

import (
	"time"

	"github.com/loopdb/loopdb/exec"
	"github.com/loopdb/loopdb/exec/privs"
)

// sqlAccounts gives the SQL layer CREATE/DROP/ALTER USER over the account
// store, hashing passwords and invalidating the sha2 cache.
type sqlAccounts struct {
	store *AccountStore
	cache *Sha2Cache
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
	return note != nil, err
}

func (a *sqlAccounts) SetPassword(user, host, plugin, password string) error {
	if plugin == "" {
		plugin = DefaultAuthPlugin
	}
	hash, err := HashPassword(plugin, password)
	if err != nil {
		return err
	}
	if err := a.store.SetPassword(user, host, plugin, hash); err != nil {
		return err
	}
	a.cache.Delete(user, host)
	return nil
}

func (a *sqlAccounts) SetLocked(user, host string, locked bool) error {
	return a.store.SetLocked(user, host, locked)
}

func (a *sqlAccounts) RenameUser(user, host, newUser, newHost string) error {
	if err := a.store.Rename(user, host, newUser, newHost); err != nil {
		return err
	}
	a.cache.Delete(user, host)
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
			Require: acct.Require, Locked: acct.Locked}
		if acct.PasswordChanged > 0 {
			out[i].PasswordChanged = time.Unix(acct.PasswordChanged, 0)
		}
	}
	return out
}
