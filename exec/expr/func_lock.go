package expr

import (
	"time"
	"unicode/utf8"

	"github.com/loopdb/loopdb/mysqldef"
)

// User-level locks: GET_LOCK, RELEASE_LOCK, RELEASE_ALL_LOCKS, IS_FREE_LOCK
// and IS_USED_LOCK. The locks themselves are the session's business
// (UserLocks); these functions check the name and translate results.
//
// As in MySQL 8: a name is at most 64 characters, NULL and '' are refused
// with 3057 by every one of them, names compare case-insensitively, a
// negative timeout waits forever. MariaDB 10.11 differs (NULL instead of the
// error, longer names, case-sensitive names). A NULL timeout gives NULL and
// takes nothing.

// UserLocks is the optional capability of a SessionEnv that holds MySQL's
// user-level locks. Names arrive checked.
type UserLocks interface {
	// GetLock takes name for the session (again, if it holds it: locks
	// count), waiting up to timeout (forever: no limit); false when the
	// wait ran out. A wait that would deadlock fails with 3058, a KILL
	// with 1317.
	GetLock(name string, timeout time.Duration, forever bool) (bool, error)
	// ReleaseLock gives back one hold of name: released is false when
	// another session holds it, exists false when nobody does.
	ReleaseLock(name string) (released, exists bool)
	// ReleaseAllLocks gives back every hold the session has and returns
	// how many there were.
	ReleaseAllLocks() int64
	// LockHolder returns the connection id holding name, if any.
	LockHolder(name string) (connID uint64, held bool)
}

// maxLockName is the longest lock name MySQL 8 accepts, in characters.
const maxLockName = 64

func init() {
	lockType := fixedType(intType(1, true))
	simple("get_lock", 2, 2, false, lockType, getLockFn)
	simple("release_lock", 1, 1, false, lockType, func(ctx *EvalCtx, args []Value) (Value, error) {
		l, name, err := lockArgs(ctx, args[0])
		if err != nil || l == nil {
			return Value{}, err
		}
		switch released, exists := l.ReleaseLock(name); {
		case !exists:
			return Value{}, nil
		case released:
			return IntValue(1), nil
		}
		return IntValue(0), nil
	})
	simple("release_all_locks", 0, 0, false, fixedType(intType(10, false)), func(ctx *EvalCtx, _ []Value) (Value, error) {
		if l, ok := ctx.Env.(UserLocks); ok {
			return IntValue(l.ReleaseAllLocks()), nil
		}
		return IntValue(0), nil
	})
	simple("is_free_lock", 1, 1, false, lockType, func(ctx *EvalCtx, args []Value) (Value, error) {
		l, name, err := lockArgs(ctx, args[0])
		if err != nil || l == nil {
			return Value{}, err
		}
		if _, held := l.LockHolder(name); held {
			return IntValue(0), nil
		}
		return IntValue(1), nil
	})
	simple("is_used_lock", 1, 1, false, fixedType(uintType(10, true)), func(ctx *EvalCtx, args []Value) (Value, error) {
		l, name, err := lockArgs(ctx, args[0])
		if err != nil || l == nil {
			return Value{}, err
		}
		if id, held := l.LockHolder(name); held {
			return UintValue(id), nil
		}
		return Value{}, nil
	})
}

// lockArgs checks a lock name argument; l is nil (and the result NULL)
// when the session has no locks to offer.
func lockArgs(ctx *EvalCtx, arg Value) (l UserLocks, name string, err error) {
	if arg.k == KindNull {
		return nil, "", mysqldef.NewError(mysqldef.ErrUserLockWrongName, "Incorrect user-level lock name 'NULL'.")
	}
	name = TextOf(arg)
	if name == "" || utf8.RuneCountInString(name) > maxLockName {
		return nil, "", mysqldef.NewError(mysqldef.ErrUserLockWrongName, "Incorrect user-level lock name '%s'.", name)
	}
	l, _ = ctx.Env.(UserLocks)
	return l, name, nil
}

func getLockFn(ctx *EvalCtx, args []Value) (Value, error) {
	l, name, err := lockArgs(ctx, args[0])
	if err != nil || l == nil || args[1].k == KindNull {
		return Value{}, err
	}
	secs := ToFloat(ctx, args[1])
	forever := secs < 0
	var wait time.Duration
	if !forever {
		wait = time.Duration(min(secs, 1e9) * float64(time.Second))
	}
	ok, err := l.GetLock(name, wait, forever)
	if err != nil {
		return Value{}, err
	}
	if ok {
		return IntValue(1), nil
	}
	return IntValue(0), nil
}
