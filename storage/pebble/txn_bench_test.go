package pebble

import (
	"context"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"github.com/loopdb/loopdb/storage"
)

// BenchmarkTxnCommit runs Begin/Lock/Set/Commit on distinct keys. With Sync
// the parallel variants show group commit: many goroutines share each WAL
// fsync, so throughput rises well above one commit per fsync.
func BenchmarkTxnCommit(b *testing.B) {
	for _, sync := range []bool{false, true} {
		for _, par := range []int{0, 8, 32} { // 0: one goroutine
			name := "sync=" + strconv.FormatBool(sync) + "/goroutines="
			if par == 0 {
				name += "1"
			} else {
				name += strconv.Itoa(par) + "xGOMAXPROCS"
			}
			b.Run(name, func(b *testing.B) { benchTxnCommit(b, sync, par) })
		}
	}
}

func benchTxnCommit(b *testing.B, sync bool, par int) {
	eng, err := Open(b.TempDir(), Options{Logger: quietLogger()})
	if err != nil {
		b.Fatal(err)
	}
	defer eng.Close()
	m := NewTxnManager(eng, TxnOptions{Sync: sync, Logger: quietLogger()})
	value := make([]byte, 100)
	var next atomic.Uint64
	one := func() error {
		key := storage.AppendUint64([]byte("bench"), next.Add(1))
		tx := m.Begin()
		if err := tx.Lock(context.Background(), key, time.Second); err != nil {
			tx.Rollback()
			return err
		}
		if err := tx.Set(key, value); err != nil {
			tx.Rollback()
			return err
		}
		return tx.Commit()
	}
	b.ReportAllocs()
	b.ResetTimer()
	if par == 0 {
		for b.Loop() {
			if err := one(); err != nil {
				b.Fatal(err)
			}
		}
		return
	}
	b.SetParallelism(par)
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if err := one(); err != nil {
				b.Error(err)
				return
			}
		}
	})
}
