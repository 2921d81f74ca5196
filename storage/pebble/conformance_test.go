package pebble

import (
	"testing"

	"github.com/loopdb/loopdb/storage"
	"github.com/loopdb/loopdb/storage/storagetest"
)

// TestConformance runs the storage seam's suite on Pebble; storage/tikv
// runs the same suite on TiKV's mock cluster.
func TestConformance(t *testing.T) {
	storagetest.Run(t, func(t *testing.T) storage.Engine { return newEngineTest(t) }, nil)
}
