package tikv

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"sync/atomic"

	tikverr "github.com/tikv/client-go/v2/error"
	"github.com/tikv/client-go/v2/tikv"
	"github.com/tikv/client-go/v2/txnkv"

	"github.com/loopdb/loopdb/storage"
)

// Options tune an Engine. The zero value is what production uses.
type Options struct {
	// Logger receives commit failures (error) and lock conflicts (debug);
	// nil means slog.Default().
	Logger *slog.Logger
	// NoAsyncCommit and No1PC turn off TiKV's async commit and one-phase
	// commit (both on by default: they save the commit's second round trip).
	NoAsyncCommit, No1PC bool
}

// Engine is storage.Engine over a TiKV cluster reached through client-go.
// Many Engines (one per loopdb front end) may share one cluster.
type Engine struct {
	store  *tikv.KVStore
	opts   Options
	log    *slog.Logger
	nextID atomic.Uint64
	stats  Stats
	closed sync.Once
}

var _ storage.Engine = (*Engine)(nil)

// Open connects to the cluster whose PD endpoints are listed in pdAddrs.
func Open(pdAddrs []string, opts Options) (*Engine, error) {
	c, err := txnkv.NewClient(pdAddrs)
	if err != nil {
		return nil, fmt.Errorf("tikv: connecting to PD %s: %w", strings.Join(pdAddrs, ","), err)
	}
	return NewEngine(c.KVStore, opts), nil
}

// ParseURL splits "tikv://pd1:2379,pd2:2379" into PD endpoints; ok is
// false when s is not a tikv:// address.
func ParseURL(s string) (pdAddrs []string, ok bool) {
	rest, found := strings.CutPrefix(s, "tikv://")
	if !found {
		return nil, false
	}
	for _, a := range strings.Split(rest, ",") {
		if a = strings.TrimSpace(a); a != "" {
			pdAddrs = append(pdAddrs, a)
		}
	}
	return pdAddrs, len(pdAddrs) > 0
}

// NewEngine serves an open client-go store (a real cluster or client-go's
// mock cluster in tests). Close closes the store.
func NewEngine(store *tikv.KVStore, opts Options) *Engine {
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	return &Engine{store: store, opts: opts, log: opts.Logger}
}

// Stats counts the requests this engine sent, so tests and the plan in
// docs/tikv.md can state round trips per statement.
type Stats struct {
	TSO        atomic.Uint64 // timestamps fetched from PD
	Gets       atomic.Uint64 // point reads sent to TiKV (one RPC each)
	BatchGets  atomic.Uint64 // batched point reads (one RPC per region)
	Scans      atomic.Uint64 // iterators opened on a snapshot
	LockCalls  atomic.Uint64 // pessimistic lock requests
	Commits    atomic.Uint64 // 2PC (or 1PC) commits of transactions with writes
	ReadCommit atomic.Uint64 // commits of read-only transactions (no RPC)
}

// Stats returns the engine's request counters.
func (e *Engine) Stats() *Stats { return &e.stats }

// ts fetches a fresh timestamp from PD.
func (e *Engine) ts() (uint64, error) {
	e.stats.TSO.Add(1)
	ts, err := e.store.CurrentTimestamp("global")
	if err != nil {
		return 0, mapErr(err)
	}
	return ts, nil
}

// Get reads the latest committed value of key.
func (e *Engine) Get(key []byte) ([]byte, error) {
	ts, err := e.ts()
	if err != nil {
		return nil, err
	}
	return e.snapGet(ts, key)
}

func (e *Engine) snapGet(ts uint64, key []byte) ([]byte, error) {
	e.stats.Gets.Add(1)
	v, err := e.store.GetSnapshot(ts).Get(context.Background(), key)
	if err != nil {
		return nil, mapErr(err)
	}
	return decodeValue(v.Value)
}

// NewIter iterates the latest committed state in [lower, upper).
func (e *Engine) NewIter(lower, upper []byte) (storage.Iterator, error) {
	ts, err := e.ts()
	if err != nil {
		return nil, err
	}
	return newIter(&snapSource{e: e, snap: e.store.GetSnapshot(ts)}, lower, upper), nil
}

// Begin starts a transaction; it costs nothing until its first read,
// write or lock (then one timestamp from PD).
func (e *Engine) Begin(opts storage.TxnOptions) storage.Txn {
	return &Txn{e: e, id: e.nextID.Add(1), snapReads: opts.Snapshot}
}

// Close closes the client-go store (and its PD client); closing again
// does nothing.
func (e *Engine) Close() error {
	var err error
	e.closed.Do(func() { err = e.store.Close() })
	return err
}

// mapErr turns client-go's errors into storage's, so exec answers with
// MySQL's: a deadlock is 1213, a lock wait that ran out 1205, a key that
// is absent ErrNotFound. A write conflict found at commit (a key written
// without a lock changed under us) is reported as a deadlock too: the
// whole transaction must be retried, which is what 1213 tells a client.
func mapErr(err error) error {
	if err == nil {
		return nil
	}
	var dl *tikverr.ErrDeadlock
	switch {
	case tikverr.IsErrNotFound(err):
		return storage.ErrNotFound
	case errors.As(err, &dl):
		return fmt.Errorf("%w (tikv: %v)", storage.ErrDeadlock, err)
	case errors.Is(err, tikverr.ErrLockWaitTimeout):
		return fmt.Errorf("%w (tikv)", storage.ErrLockWaitTimeout)
	case tikverr.IsErrWriteConflict(err):
		return fmt.Errorf("%w (tikv write conflict: %v)", storage.ErrDeadlock, err)
	case tikverr.IsErrorUndetermined(err):
		return fmt.Errorf("tikv: the commit's outcome is undetermined (the transaction may have committed): %w", err)
	}
	return fmt.Errorf("tikv: %w", err)
}

// SharedByFrontEnds reports true: other loopdb processes write the same
// cluster, so exec checks its catalog cache on each statement
// (storage.Shared).
func (e *Engine) SharedByFrontEnds() bool { return true }

var _ storage.Shared = (*Engine)(nil)
