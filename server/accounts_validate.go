package server

import (
	"unicode/utf8"

	"github.com/loopdb/loopdb/mysqldef"
)

// MySQL error numbers used only by account management (mysqld_error.h);
// codec does not list them.

// MySQL 8 limits, in characters.
const (
	maxUserNameLength = 32
	maxHostNameLength = 255
)

// validateAccount checks an account before it is stored; a is normalised.
func validateAccount(a *Account) *mysqldef.SQLError {
	if err := validateUserHost(a.User, a.Host); err != nil {
		return err
	}
	if !KnownPlugin(a.Plugin) {
		return mysqldef.NewError(mysqldef.ErrPluginNotLoaded, "Plugin '%s' is not loaded", a.Plugin)
	}
	if !validAuthString(a.Plugin, a.AuthString) || !validAuthString(a.Plugin, a.SecondaryAuth) {
		return mysqldef.NewError(mysqldef.ErrPasswordFormat, "The password hash doesn't have the expected format.")
	}
	return nil
}

func validateUserHost(user, host string) *mysqldef.SQLError {
	if !utf8.ValidString(user) || utf8.RuneCountInString(user) > maxUserNameLength {
		return mysqldef.NewError(mysqldef.ErrWrongStringLength,
			"String '%s' is too long for user name (should be no longer than %d)", user, maxUserNameLength)
	}
	if !utf8.ValidString(host) || utf8.RuneCountInString(host) > maxHostNameLength {
		return mysqldef.NewError(mysqldef.ErrWrongStringLength,
			"String '%s' is too long for host name (should be no longer than %d)", host, maxHostNameLength)
	}
	return nil
}
