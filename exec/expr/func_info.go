package expr

import (
	"crypto/rand"
	"encoding/hex"
	"sync/atomic"
	"time"

	"github.com/loopdb/loopdb/mysqldef"
	"github.com/pingcap/tidb/pkg/parser/ast"
)

// Session information functions, SLEEP, BENCHMARK, UUID, CHARSET, COLLATION.

func init() {
	simple("version", 0, 0, false, fixedType(stringType(72, false)), func(ctx *EvalCtx, _ []Value) (Value, error) {
		if ctx.Env == nil {
			return StringValue(""), nil
		}
		v, err := ctx.Env.SystemVar("version", false)
		if err != nil {
			return Value{}, err
		}
		return StringValue(TextOf(v)), nil
	})
	simple("database", 0, 0, false, fixedType(stringType(64, true)), func(ctx *EvalCtx, _ []Value) (Value, error) {
		if ctx.Env == nil || ctx.Env.CurrentDB() == "" {
			return Value{}, nil
		}
		return StringValue(ctx.Env.CurrentDB()), nil
	})
	alias("schema", "database")
	simple("user", 0, 0, false, fixedType(stringType(288, false)), func(ctx *EvalCtx, _ []Value) (Value, error) {
		if ctx.Env == nil {
			return StringValue(""), nil
		}
		return StringValue(ctx.Env.User()), nil
	})
	alias("session_user", "user")
	alias("system_user", "user")
	simple("current_user", 0, 0, false, fixedType(stringType(288, false)), func(ctx *EvalCtx, _ []Value) (Value, error) {
		if ctx.Env == nil {
			return StringValue(""), nil
		}
		return StringValue(ctx.Env.CurrentUser()), nil
	})
	simple("current_role", 0, 0, false, fixedType(stringType(288, false)), func(ctx *EvalCtx, _ []Value) (Value, error) {
		if ctx.Env == nil {
			return StringValue("NONE"), nil
		}
		return StringValue(ctx.Env.CurrentRole()), nil
	})
	simple("connection_id", 0, 0, false, fixedType(uintType(10, false)), func(ctx *EvalCtx, _ []Value) (Value, error) {
		if ctx.Env == nil {
			return UintValue(0), nil
		}
		return UintValue(ctx.Env.ConnectionID()), nil
	})
	simple("last_insert_id", 0, 1, false, func(args []Expr) ColumnType { return uintType(20, anyNullable(args)) }, func(ctx *EvalCtx, args []Value) (Value, error) {
		if len(args) == 1 {
			// LAST_INSERT_ID(expr) sets the value the next LAST_INSERT_ID() returns
			if args[0].k == KindNull {
				return Value{}, nil
			}
			u := ToUint(ctx, args[0])
			if ctx.Env != nil {
				ctx.Env.SetLastInsertID(u)
			}
			return UintValue(u), nil
		}
		if ctx.Env == nil {
			return UintValue(0), nil
		}
		return UintValue(ctx.Env.LastInsertID()), nil
	})
	simple("row_count", 0, 0, false, fixedType(intType(21, false)), func(ctx *EvalCtx, _ []Value) (Value, error) {
		if ctx.Env == nil {
			return IntValue(-1), nil
		}
		return IntValue(ctx.Env.RowCount()), nil
	})
	simple("found_rows", 0, 0, false, fixedType(intType(21, false)), func(ctx *EvalCtx, _ []Value) (Value, error) {
		if ctx.Env == nil {
			return IntValue(0), nil
		}
		return IntValue(int64(ctx.Env.FoundRows())), nil
	})
	simple("sleep", 1, 1, false, fixedType(intType(21, false)), sleepFn)
	register("benchmark", funcSpec{min: 2, max: 2, build: func(_ *compiler, _ *ast.FuncCallExpr, args []Expr) (Expr, error) {
		return &benchmarkExpr{count: args[0], expr: args[1]}, nil
	}})
	simple("uuid", 0, 0, false, fixedType(stringType(36, false)), func(*EvalCtx, []Value) (Value, error) {
		return StringValue(newUUID()), nil
	})
	register("charset", funcSpec{min: 1, max: 1, build: func(_ *compiler, _ *ast.FuncCallExpr, args []Expr) (Expr, error) {
		cs, _ := charsetOf(args[0].Type())
		return &constExpr{v: StringValue(cs), typ: stringType(64, false)}, nil
	}})
	register("collation", funcSpec{min: 1, max: 1, build: func(_ *compiler, _ *ast.FuncCallExpr, args []Expr) (Expr, error) {
		_, coll := charsetOf(args[0].Type())
		return &constExpr{v: StringValue(coll), typ: stringType(64, false)}, nil
	}})
}

// charsetOf names the character set and collation of a column type.
func charsetOf(t ColumnType) (string, string) {
	switch {
	case t.Type == mysqldef.TypeNull || t.Collation == mysqldef.CollationBinary:
		return "binary", "binary"
	case t.Collation == mysqldef.CollationUTF8MB4Bin:
		return "utf8mb4", "utf8mb4_bin"
	case t.Collation == mysqldef.CollationUTF8MB4General:
		return "utf8mb4", "utf8mb4_general_ci"
	}
	return "utf8mb4", "utf8mb4_0900_ai_ci"
}

// sleepStep bounds how long SLEEP waits between checks for KILL QUERY.
const sleepStep = 10 * time.Millisecond

// sleepFn is SLEEP(n): 0 after n seconds, 1 when the query is killed first.
func sleepFn(ctx *EvalCtx, args []Value) (Value, error) {
	if args[0].k == KindNull {
		return Value{}, mysqldef.NewError(mysqldef.ErrWrongArguments, "Incorrect arguments to sleep")
	}
	secs := ToFloat(ctx, args[0])
	if secs < 0 {
		return Value{}, mysqldef.NewError(mysqldef.ErrWrongArguments, "Incorrect arguments to sleep")
	}
	if secs > 1e9 {
		secs = 1e9
	}
	deadline := time.Now().Add(time.Duration(secs * float64(time.Second)))
	for {
		if ctx.Env != nil && ctx.Env.Killed() {
			return IntValue(1), nil
		}
		left := time.Until(deadline)
		if left <= 0 {
			return IntValue(0), nil
		}
		time.Sleep(min(left, sleepStep))
	}
}

// benchmarkExpr is BENCHMARK(count, expr): evaluates expr count times.
type benchmarkExpr struct{ count, expr Expr }

func (e *benchmarkExpr) Type() ColumnType { return intType(1, false) }

func (e *benchmarkExpr) Eval(ctx *EvalCtx, row []Value) (Value, error) {
	c, err := e.count.Eval(ctx, row)
	if err != nil || c.k == KindNull {
		return Value{}, err
	}
	n := ToInt(ctx, c)
	if n < 0 {
		return Value{}, mysqldef.NewError(mysqldef.ErrWrongArguments, "Incorrect arguments to BENCHMARK")
	}
	for i := int64(0); i < n; i++ {
		if i&1023 == 0 && ctx.Env != nil && ctx.Env.Killed() {
			return Value{}, mysqldef.NewError(mysqldef.ErrQueryInterrupted, "Query execution was interrupted")
		}
		if _, err := e.expr.Eval(ctx, row); err != nil {
			return Value{}, err
		}
	}
	return IntValue(0), nil
}

// uuidSeq makes UUIDs from one process distinct even within one clock tick.
var uuidSeq atomic.Uint64

// newUUID returns a version-1 style UUID (time-based, as MySQL's UUID()
// is) with a random node id.
func newUUID() string {
	// 100ns intervals since 1582-10-15, the UUID epoch
	ts := uint64(time.Now().UnixNano()/100) + 0x01B21DD213814000 + uuidSeq.Add(1)%10
	var b [16]byte
	b[0], b[1], b[2], b[3] = byte(ts>>24), byte(ts>>16), byte(ts>>8), byte(ts)
	b[4], b[5] = byte(ts>>40), byte(ts>>32)
	b[6], b[7] = byte(ts>>56)&0x0f|0x10, byte(ts>>48)
	if _, err := rand.Read(b[8:]); err != nil {
		seq := uuidSeq.Add(1)
		for i := 8; i < 16; i++ {
			b[i] = byte(seq >> (8 * (i - 8)))
		}
	}
	b[8] = b[8]&0x3f | 0x80
	var out [36]byte
	hex.Encode(out[0:8], b[0:4])
	out[8] = '-'
	hex.Encode(out[9:13], b[4:6])
	out[13] = '-'
	hex.Encode(out[14:18], b[6:8])
	out[18] = '-'
	hex.Encode(out[19:23], b[8:10])
	out[23] = '-'
	hex.Encode(out[24:36], b[10:16])
	return string(out[:])
}
