package plan

import (
	"github.com/cockroachdb/apd/v3"
	"github.com/loopdb/loopdb/exec/expr"
	"github.com/loopdb/loopdb/mysqldef"
	"github.com/pingcap/tidb/pkg/parser/ast"
)

// Window frames: which rows of the partition a framing function (an
// aggregate, FIRST/LAST/NTH_VALUE) reads for the current row. MySQL's
// default: with ORDER BY, RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT
// ROW (the current row's peers included); without, the whole partition.

type boundKind int

const (
	unboundedPreceding boundKind = iota
	offsetPreceding
	currentRow
	offsetFollowing
	unboundedFollowing
)

type frameBound struct {
	kind boundKind
	off  expr.Expr // the constant n of n PRECEDING / n FOLLOWING
}

// frame is a compiled frame clause; its offsets are evaluated per run
// (they may be parameter markers of a cached prepared statement).
type frame struct {
	rows       bool // ROWS (else RANGE)
	start, end frameBound
	// orderDesc is the single ORDER BY key's direction, for RANGE offsets.
	orderDesc bool
}

// defaultFrame is MySQL's frame for a window without a frame clause.
func defaultFrame(hasOrder bool) *frame {
	if hasOrder {
		return &frame{start: frameBound{kind: unboundedPreceding}, end: frameBound{kind: currentRow}}
	}
	return &frame{start: frameBound{kind: unboundedPreceding}, end: frameBound{kind: unboundedFollowing}}
}

// checkFrameShape applies MySQL's checks that need no types: frame start
// UNBOUNDED FOLLOWING (3584), end UNBOUNDED PRECEDING (3585), INTERVAL in
// a ROWS frame (3596), GROUPS frames (not in MySQL: 1235).
func checkFrameShape(s windowSpec) error {
	f := s.frame
	if f == nil {
		return nil
	}
	if f.Type == ast.Groups {
		return expr.Unsupported("GROUPS frames")
	}
	if f.Extent.Start.UnBounded && f.Extent.Start.Type == ast.Following {
		return mysqldef.NewError(mysqldef.ErrWindowFrameStartIllegal, "Window '%s': frame start cannot be UNBOUNDED FOLLOWING.", s.name)
	}
	if f.Extent.End.UnBounded && f.Extent.End.Type == ast.Preceding {
		return mysqldef.NewError(mysqldef.ErrWindowFrameEndIllegal, "Window '%s': frame end cannot be UNBOUNDED PRECEDING.", s.name)
	}
	for _, b := range []ast.FrameBound{f.Extent.Start, f.Extent.End} {
		if b.Unit != ast.TimeUnitInvalid && f.Type == ast.Rows {
			return mysqldef.NewError(mysqldef.ErrWindowRowsIntervalUse, "Window '%s': INTERVAL can only be used with RANGE frames.", s.name)
		}
	}
	return nil
}

// compileFrame compiles s's frame (or the default one) against the
// compiled ORDER BY keys: a RANGE frame with an offset needs exactly one
// key, numeric (3587; a temporal key needs INTERVAL: 3588, which loopdb
// does not do yet: 1235).
func compileFrame(s windowSpec, order []expr.Expr, env expr.SessionEnv) (*frame, error) {
	if s.frame == nil {
		return defaultFrame(len(order) > 0), nil
	}
	f := &frame{rows: s.frame.Type == ast.Rows}
	for i, b := range []ast.FrameBound{s.frame.Extent.Start, s.frame.Extent.End} {
		fb := frameBound{kind: currentRow}
		switch {
		case b.Type == ast.CurrentRow:
		case b.UnBounded && b.Type == ast.Preceding:
			fb.kind = unboundedPreceding
		case b.UnBounded:
			fb.kind = unboundedFollowing
		default:
			fb.kind = offsetPreceding
			if b.Type == ast.Following {
				fb.kind = offsetFollowing
			}
			if !f.rows {
				if err := checkRangeKey(s, order, b.Unit != ast.TimeUnitInvalid); err != nil {
					return nil, err
				}
				f.orderDesc = s.order[0].Desc
			}
			x, err := expr.Compile(b.Expr, &expr.Scope{Env: env})
			if err != nil {
				return nil, mysqldef.NewError(mysqldef.ErrWindowRangeBoundNotConstant, "Window '%s' has a non-constant frame bound.", s.name)
			}
			fb.off = x
		}
		if i == 0 {
			f.start = fb
		} else {
			f.end = fb
		}
	}
	return f, nil
}

func checkRangeKey(s windowSpec, order []expr.Expr, interval bool) error {
	if len(order) != 1 {
		return mysqldef.NewError(mysqldef.ErrWindowRangeFrameOrderType, "Window '%s' with RANGE N PRECEDING/FOLLOWING frame requires exactly one ORDER BY expression, of numeric or temporal type", s.name)
	}
	switch t := order[0].Type().Type; {
	case isTemporalType(t):
		if !interval {
			return mysqldef.NewError(mysqldef.ErrWindowRangeFrameTemporal, "Window '%s' with RANGE frame has ORDER BY expression of datetime type. Only INTERVAL bound value allowed.", s.name)
		}
		return expr.Unsupported("RANGE frames with INTERVAL")
	case isNumericKey(t):
		if interval {
			return mysqldef.NewError(mysqldef.ErrWindowRangeFrameNumeric, "Window '%s' with RANGE frame has ORDER BY expression of numeric type, INTERVAL bound value not allowed.", s.name)
		}
		return nil
	}
	return mysqldef.NewError(mysqldef.ErrWindowRangeFrameOrderType, "Window '%s' with RANGE N PRECEDING/FOLLOWING frame requires exactly one ORDER BY expression, of numeric or temporal type", s.name)
}

func isTemporalType(t byte) bool {
	switch t {
	case mysqldef.TypeDate, mysqldef.TypeDatetime, mysqldef.TypeTimestamp, mysqldef.TypeTime, mysqldef.TypeNewDate:
		return true
	}
	return false
}

func isNumericKey(t byte) bool {
	switch t {
	case mysqldef.TypeTiny, mysqldef.TypeShort, mysqldef.TypeLong, mysqldef.TypeLongLong, mysqldef.TypeInt24,
		mysqldef.TypeYear, mysqldef.TypeNewDecimal, mysqldef.TypeDecimal, mysqldef.TypeFloat, mysqldef.TypeDouble:
		return true
	}
	return false
}

// boundOffsets evaluates the frame's offsets for one run: ROWS takes a
// non-negative integer, RANGE a non-negative number; NULL, negative or
// (for ROWS) fractional is MySQL's 3586.
type frameOffsets struct {
	rows       [2]int64
	rangeDelta [2]*apd.Decimal
}

func (f *frame) offsets(ctx *expr.EvalCtx, name string) (frameOffsets, error) {
	var o frameOffsets
	bad := func() error {
		return mysqldef.NewError(mysqldef.ErrWindowFrameIllegal, "Window '%s': frame start or end is negative, NULL or of non-integral type", name)
	}
	for i, b := range []frameBound{f.start, f.end} {
		if b.off == nil {
			continue
		}
		v, err := b.off.Eval(ctx, nil)
		if err != nil {
			return o, err
		}
		if v.IsNull() {
			return o, bad()
		}
		if f.rows {
			if v.Kind() != expr.KindInt && v.Kind() != expr.KindUint {
				return o, bad()
			}
			n := expr.ToInt(ctx, v)
			if n < 0 || (v.Kind() == expr.KindUint && v.Uint() > 1<<62) {
				return o, bad()
			}
			o.rows[i] = n
			continue
		}
		d := expr.ToDecimal(ctx, v)
		if d.Negative && !d.IsZero() {
			return o, bad()
		}
		o.rangeDelta[i] = d
	}
	return o, nil
}
