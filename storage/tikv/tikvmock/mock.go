// Package tikvmock starts client-go's in-process mock TiKV cluster (a
// mock PD and one mock store over an in-memory MVCC engine with a
// deadlock detector) for tests. It lives apart from storage/tikv so the
// server binary never links the mock.
package tikvmock

import (
	"testing"

	"github.com/tikv/client-go/v2/testutils"
	"github.com/tikv/client-go/v2/tikv"

	loopdbtikv "github.com/loopdb/loopdb/storage/tikv"
)

// Cluster is one mock cluster; every Engine from it is one loopdb front
// end sharing its data.
type Cluster struct {
	tb    testing.TB
	newPD func() (*tikv.KVStore, error)
}

// New starts a mock cluster with one region on one store; it is torn
// down with the test.
func New(tb testing.TB) *Cluster {
	tb.Helper()
	client, cluster, pdClient, err := testutils.NewMockTiKV("", nil)
	if err != nil {
		tb.Fatalf("mock tikv: %v", err)
	}
	testutils.BootstrapWithSingleStore(cluster)
	c := &Cluster{tb: tb}
	c.newPD = func() (*tikv.KVStore, error) {
		return tikv.NewTestTiKVStore(client, pdClient, nil, nil, 0)
	}
	return c
}

// Engine opens a new front end on the cluster (its own client-go store,
// region cache and timestamp client). It is closed with the test.
func (c *Cluster) Engine(opts loopdbtikv.Options) *loopdbtikv.Engine {
	c.tb.Helper()
	store, err := c.newPD()
	if err != nil {
		c.tb.Fatalf("mock tikv store: %v", err)
	}
	e := loopdbtikv.NewEngine(store, opts)
	c.tb.Cleanup(func() { _ = e.Close() })
	return e
}
