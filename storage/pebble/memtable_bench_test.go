package pebble

import (
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/loopdb/loopdb/storage"
)

// BenchmarkBulkLoadMemTable loads 100,000 sysbench-shaped rows (row and
// index entry) in 1,000-row transactions, as LOAD DATA or sysbench prepare
// do, for several memtable caps, then waits for flushes and compactions to
// finish. It reports wall time and the process's CPU time (Pebble's
// background flushes and compactions included) per row: the other side of
// the memtable trade-off that BenchmarkRangeScanAfterWrites measures.
func BenchmarkBulkLoadMemTable(b *testing.B) {
	const rows, perTxn = 100_000, 1_000
	for _, mem := range []uint64{4 << 20, 8 << 20, 16 << 20, DefaultMemTableSize} {
		b.Run("memtable="+strconv.FormatUint(mem>>20, 10)+"MB", func(b *testing.B) {
			var wall, cpu time.Duration
			for b.Loop() {
				b.StopTimer()
				db, err := Open(b.TempDir(), Options{Logger: quietLogger(), MemTableSize: mem, CacheSize: 128 << 20})
				if err != nil {
					b.Fatal(err)
				}
				m := NewTxnManager(db, TxnOptions{Logger: quietLogger()})
				val := make([]byte, scanBenchValue+70)
				b.StartTimer()
				start, cpu0 := time.Now(), processCPU()
				for first := uint64(0); first < rows; first += perTxn {
					tx := m.Begin()
					for id := first; id < first+perTxn; id++ {
						val[0] = byte(id)
						if err := tx.Set(scanBenchRowKey(id), val); err != nil {
							b.Fatal(err)
						}
						if err := tx.Set(scanBenchIndexKey(id*7919%rows, id), storage.AppendUint64(nil, id)); err != nil {
							b.Fatal(err)
						}
					}
					if err := tx.Commit(); err != nil {
						b.Fatal(err)
					}
				}
				for {
					mt := db.db.Metrics()
					if mt.Flush.NumInProgress == 0 && mt.Compact.NumInProgress == 0 && mt.Compact.EstimatedDebt == 0 {
						break
					}
					time.Sleep(10 * time.Millisecond)
				}
				wall += time.Since(start)
				cpu += processCPU() - cpu0
				b.StopTimer()
				_ = db.Close()
				b.StartTimer()
			}
			n := float64(b.N * rows)
			b.ReportMetric(float64(wall.Nanoseconds())/n, "wall-ns/row")
			b.ReportMetric(float64(cpu.Nanoseconds())/n, "cpu-ns/row")
		})
	}
}

// processCPU is the user and system time the process has used so far.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
