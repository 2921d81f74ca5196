package main

import (
	"math/bits"
	"time"
)

// histogram counts durations in log-linear buckets, as HDR histograms do: values below 128 ns
// each have their own bucket, and every power of two above that is split into 128 equal
// buckets, so a reported percentile is within 1/128 (0.8%) of the true value whatever its size.
// Its memory is fixed (histBuckets counters) however many values it sees, and two histograms
// merge by adding counters, which is how drivers and -procs children combine theirs.
type histogram struct {
	counts [histBuckets]int64
	total  int64
	max    int64 // exact, in ns
}

const (
	histSubBits = 7
	histSub     = 1 << histSubBits
	// histMaxValue caps what is recorded (about 18 minutes): no run is that long.
	histMaxValue = 1<<40 - 1
	histBuckets  = (40 - histSubBits + 1) * histSub
)

// bucketOf maps a value in ns to its bucket index.
func bucketOf(v int64) int {
	if v < histSub {
		return int(max(v, 0))
	}
	shift := bits.Len64(uint64(v)) - histSubBits - 1
	return (shift+1)<<histSubBits + int(v>>shift) - histSub
}

// bucketUpper is the largest value that falls in bucket i: percentiles report it, so they
// never understate.
func bucketUpper(i int) int64 {
	shift := i>>histSubBits - 1
	if shift < 0 {
		return int64(i)
	}
	lower := int64(i&(histSub-1)+histSub) << shift
	return lower + 1<<shift - 1
}

func (h *histogram) record(v int64) {
	v = min(max(v, 0), histMaxValue)
	h.counts[bucketOf(v)]++
	h.total++
	h.max = max(h.max, v)
}

func (h *histogram) merge(o *histogram) {
	for i, n := range o.counts {
		h.counts[i] += n
	}
	h.total += o.total
	h.max = max(h.max, o.max)
}

// percentile returns the value at or below which a fraction q of the recorded values lie
// (q in [0, 1]); 0 for an empty histogram.
func (h *histogram) percentile(q float64) time.Duration {
	if h.total == 0 {
		return 0
	}
	rank := int64(q*float64(h.total) + 0.999999) // ceil, without float noise pushing past total
	rank = min(max(rank, 1), h.total)
	var seen int64
	for i, n := range h.counts {
		seen += n
		if seen >= rank {
			return time.Duration(min(bucketUpper(i), h.max))
		}
	}
	return time.Duration(h.max)
}

// sparse is the histogram as {bucket: count} for the -procs children's reports.
type sparseHist struct {
	Counts map[int]int64 `json:"counts"`
	Max    int64         `json:"max"`
}

func (h *histogram) sparse() sparseHist {
	s := sparseHist{Counts: map[int]int64{}, Max: h.max}
	for i, n := range h.counts {
		if n != 0 {
			s.Counts[i] = n
		}
	}
	return s
}

func (s sparseHist) histogram() *histogram {
	h := &histogram{max: s.Max}
	for i, n := range s.Counts {
		if i >= 0 && i < histBuckets {
			h.counts[i] += n
			h.total += n
		}
	}
	return h
}
