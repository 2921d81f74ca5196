package expr

import "strconv"

// Questions about parsed JSON documents that several functions ask:
// depth, type name, numeric value, equality and containment.

func jsonDepth(v any) int {
	d := 0
	switch x := v.(type) {
	case []any:
		for _, e := range x {
			d = max(d, jsonDepth(e))
		}
	case map[string]any:
		for _, e := range x {
			d = max(d, jsonDepth(e))
		}
	}
	return d + 1
}

func jsonTypeName(v any) string {
	switch v.(type) {
	case nil:
		return "NULL"
	case bool:
		return "BOOLEAN"
	case int64:
		return "INTEGER"
	case uint64:
		return "UNSIGNED INTEGER"
	case float64:
		return "DOUBLE"
	case jsonDecimal:
		return "DECIMAL"
	case string:
		return "STRING"
	case []any:
		return "ARRAY"
	case map[string]any:
		return "OBJECT"
	}
	return "NULL"
}

// jsonNumber returns a number as a float plus an exact form for integers.
func jsonNumber(v any) (f float64, i int64, u uint64, kind int) {
	switch x := v.(type) {
	case int64:
		return float64(x), x, 0, 1
	case uint64:
		return float64(x), 0, x, 2
	case float64:
		return x, 0, 0, 3
	case jsonDecimal:
		f, _ := strconv.ParseFloat(string(x), 64)
		return f, 0, 0, 3
	}
	return 0, 0, 0, 0
}

// jsonEqual compares two scalars (or containers, deeply) as MySQL's JSON
// comparison does: numbers by value whatever their storage type.
func jsonEqual(a, b any) bool {
	fa, ia, ua, ka := jsonNumber(a)
	fb, ib, ub, kb := jsonNumber(b)
	if ka != 0 || kb != 0 {
		if ka == 0 || kb == 0 {
			return false
		}
		switch {
		case ka == 1 && kb == 1:
			return ia == ib
		case ka == 2 && kb == 2:
			return ua == ub
		case ka == 1 && kb == 2:
			return ia >= 0 && uint64(ia) == ub
		case ka == 2 && kb == 1:
			return ib >= 0 && uint64(ib) == ua
		}
		return fa == fb
	}
	switch x := a.(type) {
	case nil:
		return b == nil
	case bool:
		y, ok := b.(bool)
		return ok && x == y
	case string:
		y, ok := b.(string)
		return ok && x == y
	case []any:
		y, ok := b.([]any)
		if !ok || len(x) != len(y) {
			return false
		}
		for i := range x {
			if !jsonEqual(x[i], y[i]) {
				return false
			}
		}
		return true
	case map[string]any:
		y, ok := b.(map[string]any)
		if !ok || len(x) != len(y) {
			return false
		}
		for k, v := range x {
			w, ok := y[k]
			if !ok || !jsonEqual(v, w) {
				return false
			}
		}
		return true
	}
	return false
}

// jsonContains is JSON_CONTAINS's rule: objects contain objects whose
// members they contain; arrays contain values (or every element of an
// array) found among their elements; scalars contain equal scalars.
func jsonContains(doc, cand any) bool {
	switch d := doc.(type) {
	case map[string]any:
		c, ok := cand.(map[string]any)
		if !ok {
			return false
		}
		for k, cv := range c {
			dv, ok := d[k]
			if !ok || !jsonContains(dv, cv) {
				return false
			}
		}
		return true
	case []any:
		cs, ok := cand.([]any)
		if !ok {
			cs = []any{cand}
		}
		for _, c := range cs {
			found := false
			for _, e := range d {
				switch c.(type) {
				case []any, map[string]any:
					found = jsonContains(e, c)
				default:
					switch e.(type) {
					case []any, map[string]any:
					default:
						found = jsonEqual(e, c)
					}
				}
				if found {
					break
				}
			}
			if !found {
				return false
			}
		}
		return true
	}
	return jsonEqual(doc, cand)
}
