//go:build cgo

package pebble

// With cgo Pebble allocates its block cache and memtables with C's
// allocator, outside the Go heap (see Engine.GoHeapBytes).
const buffersOnGoHeap = false
