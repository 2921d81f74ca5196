package server

import (
	"unicode/utf8"

	"github.com/loopdb/loopdb/codec"
)

// MySQL error numbers used only by account management (mysqld_error.h);
// codec does not list them.
const (
	errUserDoesNotExist  uint16 = 3162 // ER_USER_DOES_NOT_EXIST (a note with IF EXISTS)
	errWrongStringLength uint16 = 1470 // ER_WRONG_STRING_LENGTH
	errPluginNotLoaded   uint16 = 1524 // ER_PLUGIN_IS_NOT_LOADED
	errPasswordFormat    uint16 = 1827 // ER_PASSWORD_FORMAT
)

// MySQL 8 limits, in characters.
const (
	maxUserNameLength = 32
	maxHostNameLength = 255
)

// validateAccount checks an account before it is stored; a is normalised.
func validateAccount(a *Account) *codec.SQLError {
	if err := validateUserHost(a.User, a.Host); err != nil {
		return err
	}
	if !KnownPlugin(a.Plugin) {
		return codec.NewError(errPluginNotLoaded, "Plugin '%s' is not loaded", a.Plugin)
	}
	if !validAuthString(a.Plugin, a.AuthString) {
		return codec.NewError(errPasswordFormat, "The password hash doesn't have the expected format.")
	}
	return nil
}

func validateUserHost(user, host string) *codec.SQLError {
	if !utf8.ValidString(user) || utf8.RuneCountInString(user) > maxUserNameLength {
		return codec.NewError(errWrongStringLength,
			"String '%s' is too long for user name (should be no longer than %d)", user, maxUserNameLength)
	}
	if !utf8.ValidString(host) || utf8.RuneCountInString(host) > maxHostNameLength {
		return codec.NewError(errWrongStringLength,
			"String '%s' is too long for host name (should be no longer than %d)", host, maxHostNameLength)
	}
	return nil
}
