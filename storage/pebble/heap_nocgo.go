//go:build !cgo

package pebble

// Without cgo Pebble's manual allocator (its block cache and memtables)
// falls back to make: those buffers are Go heap (see Engine.GoHeapBytes).
const buffersOnGoHeap = true
