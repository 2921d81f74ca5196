package expr

import "errors"

// CanonicalJSON renders JSON text the way MySQL prints a JSON value
// (object keys by length then bytes, duplicate keys keeping the last value,
// ", " and ": " separators, MySQL's number forms), using the same parser and
// printer as the JSON functions so a stored value and a computed one print
// alike.
func CanonicalJSON(s string) (string, error) {
	v, perr := parseJSONText(s)
	if perr != nil {
		return "", errInvalidJSON
	}
	return jsonText(v), nil
}

var errInvalidJSON = errors.New("exec: invalid JSON text")
