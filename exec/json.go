package exec

import (
	"bytes"
	"encoding/json"
	"sort"
	"strconv"

	"github.com/bytedance/sonic"
)

// jsonAPI decodes numbers as their literal text.
var jsonAPI = sonic.Config{UseNumber: true, ValidateString: true}.Froze()

// canonicalJSON renders JSON text the way MySQL prints a JSON value:
// object keys sorted by length then bytes (MySQL's storage order),
// duplicate keys keeping the last value, ", " and ": " separators.
func canonicalJSON(s string) (string, error) {
	var v any
	if err := jsonAPI.UnmarshalFromString(s, &v); err != nil {
		return "", err
	}
	var b bytes.Buffer
	writeJSON(&b, v)
	return b.String(), nil
}

func writeJSON(b *bytes.Buffer, v any) {
	switch x := v.(type) {
	case nil:
		b.WriteString("null")
	case bool:
		b.WriteString(strconv.FormatBool(x))
	case json.Number:
		b.WriteString(string(x)) // as written: big integers keep every digit
	case string:
		out, _ := sonic.ConfigStd.Marshal(x)
		b.Write(out)
	case []any:
		b.WriteByte('[')
		for i, e := range x {
			if i > 0 {
				b.WriteString(", ")
			}
			writeJSON(b, e)
		}
		b.WriteByte(']')
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Slice(keys, func(i, j int) bool {
			if len(keys[i]) != len(keys[j]) {
				return len(keys[i]) < len(keys[j])
			}
			return keys[i] < keys[j]
		})
		b.WriteByte('{')
		for i, k := range keys {
			if i > 0 {
				b.WriteString(", ")
			}
			kb, _ := sonic.ConfigStd.Marshal(k)
			b.Write(kb)
			b.WriteString(": ")
			writeJSON(b, x[k])
		}
		b.WriteByte('}')
	}
}
