//go:build amd64 || arm64

package jsoncodec

import "github.com/bytedance/sonic"

// Marshal encodes v as encoding/json would.
func Marshal(v any) ([]byte, error) { return sonic.ConfigStd.Marshal(v) }

// Unmarshal decodes data into v as encoding/json would.
func Unmarshal(data []byte, v any) error { return sonic.ConfigStd.Unmarshal(data, v) }

// ValidString reports whether s is one well-formed JSON text.
func ValidString(s string) bool { return sonic.ValidString(s) }
