package admin

import (
	"github.com/prometheus/client_golang/prometheus"
	dto "github.com/prometheus/client_model/go"

	pebbledb "github.com/cockroachdb/pebble/v2"
)

// loopdb's own series: event loops, worker pool, Pebble.
var (
	loopsDesc       = prometheus.NewDesc("loopdb_event_loops", "Event loops serving client connections.", nil, nil)
	loopWakeupsDesc = prometheus.NewDesc("loopdb_event_loop_wakeups_total", "Times an event loop handled input for a connection (OnTraffic).", nil, nil)
	loopBusyDesc    = prometheus.NewDesc("loopdb_event_loop_busy_seconds_total", "Time the event loops spent handling input (framing, TLS, decompression, hand-off); divide its rate by loopdb_event_loops for utilisation.", nil, nil)
	acceptedDesc    = prometheus.NewDesc("loopdb_connections_accepted_total", "Connections the event loops accepted.", nil, nil)
	refusedDesc     = prometheus.NewDesc("loopdb_connections_refused_total", "Connections refused at once (max_connections, shutdown).", nil, nil)
	openDesc        = prometheus.NewDesc("loopdb_connections_open", "Open client connections, logged in or not.", nil, nil)

	workersDesc  = prometheus.NewDesc("loopdb_worker_pool_size", "SQL workers allowed to run at once.", nil, nil)
	queuedDesc   = prometheus.NewDesc("loopdb_worker_queue_depth", "Commands waiting for a worker.", nil, nil)
	blockedDesc  = prometheus.NewDesc("loopdb_worker_blocked", "Workers waiting for a row lock or commit, their place given to others.", nil, nil)
	startedDesc  = prometheus.NewDesc("loopdb_worker_tasks_total", "Commands taken off the queue by a worker.", nil, nil)
	waitHistDesc = prometheus.NewDesc("loopdb_worker_queue_wait_seconds", "Time commands waited in the queue for a worker.", nil, nil)
	waitDesc     = prometheus.NewDesc("loopdb_worker_queue_wait_seconds_total", "Summed time commands waited for a worker; rate over loopdb_worker_tasks_total's rate is the mean wait.", nil, nil)

	compactionsDesc   = prometheus.NewDesc("loopdb_pebble_compactions_total", "Pebble compactions.", nil, nil)
	compactDebtDesc   = prometheus.NewDesc("loopdb_pebble_compaction_debt_bytes", "Estimated bytes Pebble must compact to reach a stable shape.", nil, nil)
	compactingDesc    = prometheus.NewDesc("loopdb_pebble_compactions_in_progress", "Pebble compactions running now.", nil, nil)
	flushesDesc       = prometheus.NewDesc("loopdb_pebble_flushes_total", "Pebble memtable flushes.", nil, nil)
	memtableSizeDesc  = prometheus.NewDesc("loopdb_pebble_memtable_bytes", "Bytes allocated by Pebble memtables.", nil, nil)
	memtableCountDesc = prometheus.NewDesc("loopdb_pebble_memtables", "Pebble memtables.", nil, nil)
	cacheHitsDesc     = prometheus.NewDesc("loopdb_pebble_block_cache_hits_total", "Pebble block cache hits.", nil, nil)
	cacheMissesDesc   = prometheus.NewDesc("loopdb_pebble_block_cache_misses_total", "Pebble block cache misses.", nil, nil)
	cacheBytesDesc    = prometheus.NewDesc("loopdb_pebble_block_cache_bytes", "Bytes in Pebble's block cache.", nil, nil)
	cacheHitRateDesc  = prometheus.NewDesc("loopdb_pebble_block_cache_hit_ratio", "Block cache hits over lookups since start (0 before any lookup).", nil, nil)
	walBytesDesc      = prometheus.NewDesc("loopdb_pebble_wal_bytes_written_total", "Bytes written to Pebble's write-ahead log.", nil, nil)
	walFsyncDesc      = prometheus.NewDesc("loopdb_pebble_wal_fsync_duration_seconds", "Latency of Pebble's WAL fsyncs.", nil, nil)
	readAmpDesc       = prometheus.NewDesc("loopdb_pebble_read_amplification", "Pebble read amplification (sublevels in L0 plus non-empty levels).", nil, nil)
)

func collectLoops(st LoopStats, ch chan<- prometheus.Metric) {
	ch <- prometheus.MustNewConstMetric(loopsDesc, prometheus.GaugeValue, float64(st.Loops))
	ch <- prometheus.MustNewConstMetric(loopWakeupsDesc, prometheus.CounterValue, float64(st.Wakeups))
	ch <- prometheus.MustNewConstMetric(loopBusyDesc, prometheus.CounterValue, st.Busy.Seconds())
	ch <- prometheus.MustNewConstMetric(acceptedDesc, prometheus.CounterValue, float64(st.Accepted))
	ch <- prometheus.MustNewConstMetric(refusedDesc, prometheus.CounterValue, float64(st.Refused))
	ch <- prometheus.MustNewConstMetric(openDesc, prometheus.GaugeValue, float64(st.ConnectionsOpen))
}

func collectPool(st PoolStats, ch chan<- prometheus.Metric) {
	ch <- prometheus.MustNewConstMetric(workersDesc, prometheus.GaugeValue, float64(st.Workers))
	ch <- prometheus.MustNewConstMetric(queuedDesc, prometheus.GaugeValue, float64(st.Queued))
	ch <- prometheus.MustNewConstMetric(blockedDesc, prometheus.GaugeValue, float64(st.Blocked))
	ch <- prometheus.MustNewConstMetric(startedDesc, prometheus.CounterValue, float64(st.Started))
	ch <- prometheus.MustNewConstMetric(waitDesc, prometheus.CounterValue, st.WaitTotal.Seconds())
	if len(st.Waits) == len(st.WaitBounds)+1 {
		buckets := make(map[float64]uint64, len(st.WaitBounds))
		var cum uint64
		for i, b := range st.WaitBounds {
			cum += st.Waits[i]
			buckets[b.Seconds()] = cum
		}
		count := cum + st.Waits[len(st.WaitBounds)]
		ch <- prometheus.MustNewConstHistogram(waitHistDesc, count, st.WaitTotal.Seconds(), buckets)
	}
}

func collectPebble(m *pebbledb.Metrics, ch chan<- prometheus.Metric) {
	ch <- prometheus.MustNewConstMetric(compactionsDesc, prometheus.CounterValue, float64(m.Compact.Count))
	ch <- prometheus.MustNewConstMetric(compactDebtDesc, prometheus.GaugeValue, float64(m.Compact.EstimatedDebt))
	ch <- prometheus.MustNewConstMetric(compactingDesc, prometheus.GaugeValue, float64(m.Compact.NumInProgress))
	ch <- prometheus.MustNewConstMetric(flushesDesc, prometheus.CounterValue, float64(m.Flush.Count))
	ch <- prometheus.MustNewConstMetric(memtableSizeDesc, prometheus.GaugeValue, float64(m.MemTable.Size))
	ch <- prometheus.MustNewConstMetric(memtableCountDesc, prometheus.GaugeValue, float64(m.MemTable.Count))
	bc := m.BlockCache
	ch <- prometheus.MustNewConstMetric(cacheHitsDesc, prometheus.CounterValue, float64(bc.Hits))
	ch <- prometheus.MustNewConstMetric(cacheMissesDesc, prometheus.CounterValue, float64(bc.Misses))
	ch <- prometheus.MustNewConstMetric(cacheBytesDesc, prometheus.GaugeValue, float64(bc.Size))
	ratio := 0.0
	if n := bc.Hits + bc.Misses; n > 0 {
		ratio = float64(bc.Hits) / float64(n)
	}
	ch <- prometheus.MustNewConstMetric(cacheHitRateDesc, prometheus.GaugeValue, ratio)
	ch <- prometheus.MustNewConstMetric(walBytesDesc, prometheus.CounterValue, float64(m.WAL.BytesWritten))
	ch <- prometheus.MustNewConstMetric(readAmpDesc, prometheus.GaugeValue, float64(m.ReadAmp()))
	if h := m.LogWriter.FsyncLatency; h != nil {
		if hm, ok := fsyncSeconds(h); ok {
			ch <- hm
		}
	}
}

// fsyncSeconds re-emits Pebble's WAL fsync histogram (which Pebble keeps
// unnamed, in nanoseconds) under loopdb's name, in seconds.
func fsyncSeconds(h prometheus.Histogram) (prometheus.Metric, bool) {
	var m dto.Metric
	if err := h.Write(&m); err != nil || m.Histogram == nil {
		return nil, false
	}
	buckets := make(map[float64]uint64, len(m.Histogram.Bucket))
	for _, b := range m.Histogram.Bucket {
		buckets[b.GetUpperBound()/1e9] = b.GetCumulativeCount()
	}
	out, err := prometheus.NewConstHistogram(walFsyncDesc, m.Histogram.GetSampleCount(),
		m.Histogram.GetSampleSum()/1e9, buckets)
	return out, err == nil
}
