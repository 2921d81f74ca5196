package expr

import (
	"cmp"
)

// CompareValues orders two non-NULL values with MySQL's comparison rules:
// strings compare as strings (bytewise if either is binary, else with the
// case- and accent-insensitive collation), temporal values against strings
// compare as temporal, integers exactly, decimals exactly against integers
// and decimals, and everything else as doubles.
func CompareValues(ctx *EvalCtx, a, b Value) int {
	switch {
	case a.IsStringKind() && b.IsStringKind():
		if a.k == KindBytes || b.k == KindBytes {
			return cmp.Compare(a.s, b.s)
		}
		return CollateCompare(a.s, b.s)
	case a.IsTemporal() || b.IsTemporal():
		if c, ok := compareTemporal(ctx, a, b); ok {
			return c
		}
	}
	ai := a.k == KindInt || a.k == KindUint
	bi := b.k == KindInt || b.k == KindUint
	switch {
	case ai && bi:
		return compareInts(a, b)
	case (ai || a.k == KindDecimal) && (bi || b.k == KindDecimal):
		return ToDecimal(ctx, a).Cmp(ToDecimal(ctx, b))
	}
	return cmp.Compare(ToFloat(ctx, a), ToFloat(ctx, b))
}

func compareInts(a, b Value) int {
	if a.k == b.k {
		if a.k == KindInt {
			return cmp.Compare(int64(a.n), int64(b.n))
		}
		return cmp.Compare(a.n, b.n)
	}
	// one signed, one unsigned: a negative signed value is smaller
	if a.k == KindInt && int64(a.n) < 0 {
		return -1
	}
	if b.k == KindInt && int64(b.n) < 0 {
		return 1
	}
	return cmp.Compare(a.n, b.n)
}

// compareTemporal handles comparisons with a temporal side; ok is false
// when the rules say to compare as numbers or strings instead.
func compareTemporal(ctx *EvalCtx, a, b Value) (int, bool) {
	if a.IsTemporal() && b.IsTemporal() {
		if a.k == KindTime && b.k == KindTime {
			return cmp.Compare(int64(a.n), int64(b.n)), true
		}
		if a.k == KindTime || b.k == KindTime {
			x, ok1 := ToDatetime(ctx, a)
			y, ok2 := ToDatetime(ctx, b)
			if ok1 && ok2 {
				return cmp.Compare(x.n, y.n), true
			}
			return 0, false
		}
		return cmp.Compare(a.n, b.n), true
	}
	t, other, sign := a, b, 1
	if !a.IsTemporal() {
		t, other, sign = b, a, -1
	}
	if !other.IsStringKind() {
		// temporal vs number: numeric comparison
		return sign * temporalToDecimal(t).Cmp(ToDecimal(ctx, other)), true
	}
	if t.k == KindTime {
		us, _, ok := parseTimeString(other.s)
		if !ok {
			return 0, false
		}
		return sign * cmp.Compare(int64(t.n), us), true
	}
	dt, _, _, ok := parseDatetime(other.s)
	if !ok {
		return 0, false
	}
	return sign * cmp.Compare(t.n, packDateTime(dt)), true
}

// CompareForSort orders NULL first, then by SQL comparison.
func CompareForSort(ctx *EvalCtx, a, b Value) int {
	switch {
	case a.IsNull() && b.IsNull():
		return 0
	case a.IsNull():
		return -1
	case b.IsNull():
		return 1
	}
	return CompareValues(ctx, a, b)
}
