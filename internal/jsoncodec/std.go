//go:build !amd64 && !arm64

package jsoncodec

import "encoding/json"

// Marshal encodes v with encoding/json.
func Marshal(v any) ([]byte, error) { return json.Marshal(v) }

// Unmarshal decodes data into v with encoding/json.
func Unmarshal(data []byte, v any) error { return json.Unmarshal(data, v) }

// ValidString reports whether s is one well-formed JSON text.
func ValidString(s string) bool { return json.Valid([]byte(s)) }
