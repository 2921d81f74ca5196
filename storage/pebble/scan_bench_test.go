package pebble

import (
	"math/rand/v2"
	"strconv"
	"testing"

	pebbledb "github.com/cockroachdb/pebble/v2"
	"github.com/loopdb/loopdb/storage"
)

// The shape of sysbench's oltp_read_write on one table, in storage terms:
// rows 't' tbl 'r' id -> ~190 bytes, a secondary index on k stored as
// 't' tbl 'i' ixid k id -> id, and transactions that per row id UPDATE k
// (row rewritten, index entry deleted and re-inserted), UPDATE c (row
// rewritten) and DELETE+INSERT the same id (row and index entry deleted,
// then written again). Range scans of 100 ids then step over whatever
// those writes left in the memtable: older versions of the rows and
// tombstones. Ids are skewed as sysbench skews them by default.
const (
	scanBenchRows   = 100_000
	scanBenchTxns   = 10_000 // a few times 10 s of oltp_read_write at 16 threads
	scanBenchRange  = 100
	scanBenchLoadTx = 1_000 // rows per INSERT statement of sysbench prepare
	scanBenchValue  = 120   // bytes of c; the row adds k and pad
	scanBenchTable  = 42
	scanBenchIndex  = 1
)

type scanBench struct {
	db  *DB
	m   *TxnManager
	rng *rand.Rand
	k   []uint64 // current k of each row id
	val []byte
}

func scanBenchRowKey(id uint64) []byte {
	key := storage.AppendUint64([]byte{storage.TablePrefix}, scanBenchTable)
	return storage.AppendUint64(append(key, 'r'), id)
}

func scanBenchIndexKey(k, id uint64) []byte {
	key := storage.AppendUint64([]byte{storage.TablePrefix}, scanBenchTable)
	key = append(key, 'i', 0, 0, 0, scanBenchIndex)
	return storage.AppendUint64(storage.AppendUint64(key, k), id)
}

func newScanBench(b *testing.B, memTable uint64) *scanBench {
	b.Helper()
	// The server's default block cache (server/config.go), so the loaded
	// table's blocks stay cached as they do in the server.
	db, err := Open(b.TempDir(), Options{Logger: quietLogger(), MemTableSize: memTable, CacheSize: 128 << 20})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = db.Close() })
	s := &scanBench{
		db:  db,
		m:   NewTxnManager(db, TxnOptions{Logger: quietLogger()}),
		rng: rand.New(rand.NewPCG(1, 2)),
		k:   make([]uint64, scanBenchRows+1),
		val: make([]byte, scanBenchValue+70),
	}
	for i := range s.val {
		s.val[i] = byte('a' + i%26)
	}
	for first := uint64(1); first <= scanBenchRows; first += scanBenchLoadTx {
		tx := s.m.Begin()
		tx.BeginStatement()
		for id := first; id < first+scanBenchLoadTx && id <= scanBenchRows; id++ {
			s.k[id] = s.rng.Uint64N(scanBenchRows)
			s.must(b, tx.Set(scanBenchRowKey(id), s.row(id)))
			s.must(b, tx.Set(scanBenchIndexKey(s.k[id], id), storage.AppendUint64(nil, id)))
		}
		tx.EndStatement()
		s.must(b, tx.Commit())
	}
	return s
}

func (s *scanBench) must(b *testing.B, err error) {
	if err != nil {
		b.Helper()
		b.Fatal(err)
	}
}

// row is the value of row id: its k, then c and pad.
func (s *scanBench) row(id uint64) []byte {
	s.val[0] = byte(s.rng.Uint32())
	return storage.AppendUint64(append([]byte(nil), s.val...), s.k[id])
}

// randomID picks a row id as sysbench's default --rand-type=special does
// (sb_rand_special, --rand-spec-pct=1 --rand-spec-res=75): three picks in
// four fall uniformly on the 1% of ids around the middle of the table, the
// rest follow a bell curve around it. Writes and range scans therefore
// meet on the same few hundred rows, which collect many versions.
func (s *scanBench) randomID() uint64 {
	const t = scanBenchRows - 1
	res := s.rng.Uint64N(t*4 + 1) // t * 100 / (100 - 75)
	if res < t {
		sum := 0.0
		for range 12 {
			sum += s.rng.Float64()
		}
		return 1 + uint64(sum*t/12)
	}
	return 1 + res%(t/100) + t/2 - t/200
}

// write runs one oltp_read_write transaction: a range scan (sysbench runs
// four, before its writes), then the writes, each statement as exec issues
// it (lock, statement undo, then the writes).
func (s *scanBench) write(b *testing.B) {
	var st pebbledb.IteratorStats
	s.scan(b, &st)
	tx := s.m.Begin()
	stmt := func(id uint64, f func(row []byte)) {
		row := scanBenchRowKey(id)
		s.must(b, tx.Lock(b.Context(), row, 0))
		tx.BeginStatement()
		f(row)
		tx.EndStatement()
	}
	// UPDATE sbtest1 SET k=k+1 WHERE id=?
	stmt(s.randomID(), func(row []byte) {
		id, _, _ := storage.DecodeUint64(row[len(row)-8:])
		s.must(b, tx.Delete(scanBenchIndexKey(s.k[id], id)))
		s.k[id]++
		s.must(b, tx.Set(scanBenchIndexKey(s.k[id], id), storage.AppendUint64(nil, id)))
		s.must(b, tx.Set(row, s.row(id)))
	})
	// UPDATE sbtest1 SET c=? WHERE id=?
	stmt(s.randomID(), func(row []byte) {
		id, _, _ := storage.DecodeUint64(row[len(row)-8:])
		s.must(b, tx.Set(row, s.row(id)))
	})
	// DELETE FROM sbtest1 WHERE id=?; INSERT INTO sbtest1 (id, k, c, pad) VALUES (?, ...)
	id := s.randomID()
	stmt(id, func(row []byte) {
		s.must(b, tx.Delete(scanBenchIndexKey(s.k[id], id)))
		s.must(b, tx.Delete(row))
	})
	stmt(id, func(row []byte) {
		s.k[id] = s.rng.Uint64N(scanBenchRows)
		s.must(b, tx.Set(row, s.row(id)))
		s.must(b, tx.Set(scanBenchIndexKey(s.k[id], id), storage.AppendUint64(nil, id)))
	})
	s.must(b, tx.Commit())
}

// scan reads 100 consecutive ids from a random start through a read-only
// Txn, as SELECT c FROM sbtest1 WHERE id BETWEEN ? AND ? does, and adds
// Pebble's counters for it to st.
func (s *scanBench) scan(b *testing.B, st *pebbledb.IteratorStats) int {
	first := s.randomID()
	tx := s.m.Begin()
	it, err := tx.NewIter(scanBenchRowKey(first), scanBenchRowKey(first+scanBenchRange))
	s.must(b, err)
	n := 0
	for ok := it.First(); ok; ok = it.Next() {
		if len(it.Value()) == 0 {
			b.Fatal("empty row")
		}
		n++
	}
	s.must(b, it.Error())
	one := it.(*txnIter).Iterator.(*pebbleIter).it.Stats()
	st.Merge(one)
	s.must(b, it.Close())
	s.must(b, tx.Commit())
	return n
}

// measure times scans and reports, per returned row, the internal entries
// Pebble's merging iterator visited (points/row: 1 means no obsolete
// version or tombstone was stepped over) and the internal Next calls.
func (s *scanBench) measure(b *testing.B) {
	var st pebbledb.IteratorStats
	rows := 0
	b.ReportAllocs()
	for b.Loop() {
		rows += s.scan(b, &st)
	}
	if rows == 0 {
		return
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(rows), "ns/row")
	b.ReportMetric(float64(st.InternalStats.PointCount)/float64(rows), "points/row")
	b.ReportMetric(float64(st.ForwardStepCount[pebbledb.InternalIterCall])/float64(rows), "steps/row")
	mt := s.db.db.Metrics()
	b.ReportMetric(float64(mt.MemTable.Size)/(1<<20), "memtable-MB")
	b.ReportMetric(float64(mt.Levels[0].TablesCount), "L0-tables")
}

// BenchmarkRangeScanAfterWrites measures 100-row range scans on a
// 100,000-row table right after loading it ("loaded") and again after
// 10,000 oltp_read_write-shaped transactions ("after-writes"), for
// Pebble's 4 MB memtable, 8 MB and loopdb's default.
func BenchmarkRangeScanAfterWrites(b *testing.B) {
	for _, mem := range []uint64{4 << 20, 8 << 20, DefaultMemTableSize} {
		b.Run("memtable="+strconv.FormatUint(mem>>20, 10)+"MB", func(b *testing.B) {
			s := newScanBench(b, mem)
			b.Run("loaded", s.measure)
			for range scanBenchTxns {
				s.write(b)
			}
			b.Run("after-writes", s.measure)
		})
	}
}
