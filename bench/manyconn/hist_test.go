package main

import (
	"math/rand/v2"
	"slices"
	"testing"
	"time"
)

func TestBucketsAreContiguousAndOrdered(t *testing.T) {
	prev := -1
	for _, v := range []int64{0, 1, 127, 128, 129, 255, 256, 257, 1000, 1 << 20, 1<<30 + 12345, histMaxValue} {
		b := bucketOf(v)
		if b < prev {
			t.Errorf("bucketOf(%d) = %d, below the previous value's %d", v, b, prev)
		}
		prev = b
		if up := bucketUpper(b); up < v {
			t.Errorf("bucketUpper(bucketOf(%d)) = %d, below the value", v, up)
		}
		if b > 0 && bucketUpper(b-1) >= v {
			t.Errorf("value %d also fits bucket %d", v, b-1)
		}
	}
	if bucketOf(histMaxValue) >= histBuckets {
		t.Errorf("the largest value's bucket %d is past %d", bucketOf(histMaxValue), histBuckets)
	}
}

// TestPercentilesWithinPrecision checks percentiles of random latencies against the exact
// order statistics of a sorted sample: never below, and within 1/128 above.
func TestPercentilesWithinPrecision(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	var h histogram
	var vals []int64
	for range 100000 {
		v := int64(rng.ExpFloat64() * float64(2*time.Millisecond)) // a long tail
		vals = append(vals, v)
		h.record(v)
	}
	slices.Sort(vals)
	for _, q := range []float64{0.5, 0.9, 0.99, 0.999, 1} {
		exact := vals[int(q*float64(len(vals)))-1]
		got := int64(h.percentile(q))
		if got < exact || float64(got-exact) > float64(exact)/128+1 {
			t.Errorf("p%g = %d, exact %d", q*100, got, exact)
		}
	}
	if time.Duration(h.max) != h.percentile(1) || h.max != vals[len(vals)-1] {
		t.Errorf("max %d, p100 %v, largest value %d", h.max, h.percentile(1), vals[len(vals)-1])
	}
}

func TestPercentileSmallCounts(t *testing.T) {
	var h histogram
	if h.percentile(0.99) != 0 {
		t.Error("empty histogram: want 0")
	}
	for _, v := range []int64{10, 20, 30, 40} {
		h.record(v)
	}
	for q, want := range map[float64]time.Duration{0.25: 10, 0.5: 20, 0.51: 30, 0.99: 40} {
		if got := h.percentile(q); got != want {
			t.Errorf("percentile(%g) = %d, want %d", q, got, want)
		}
	}
	h.record(-5) // a clock oddity is clamped, not a panic
	if h.percentile(0) != 0 {
		t.Errorf("negative value recorded as %v", h.percentile(0))
	}
}

// TestMergeAndSparseRoundTrip: what the -procs parent adds up equals one histogram of all values.
func TestMergeAndSparseRoundTrip(t *testing.T) {
	var a, b, all histogram
	for i := int64(1); i <= 5000; i++ {
		v := i * i
		all.record(v)
		if i%3 == 0 {
			a.record(v)
		} else {
			b.record(v)
		}
	}
	merged := mergeSparse(a.sparse(), b.sparse()).histogram()
	if merged.total != all.total || merged.max != all.max || merged.counts != all.counts {
		t.Errorf("merged total %d max %d, want %d %d", merged.total, merged.max, all.total, all.max)
	}
}
