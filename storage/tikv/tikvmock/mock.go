// Package tikvmock starts client-go's in-process mock TiKV cluster (a
// mock PD and one mock store over an in-memory MVCC engine with a
// deadlock detector) for tests. It lives apart from storage/tikv so the
// server binary never links the mock.
package tikvmock

import (
	"testing"

	"github.com/tikv/client-go/v2/testutils"
	"github.com/tikv/client-go/v2/tikv"
	pd "github.com/tikv/pd/client"

	loopdbtikv "github.com/loopdb/loopdb/storage/tikv"
)

// Cluster is one mock cluster; every Engine from it is one loopdb front
// end sharing its data.
type Cluster struct {
	tb     testing.TB
	client tikv.Client
	pd     pd.Client
}

// New starts a mock cluster with one region on one store; it is torn
// down when the test ends, after every engine opened on it.
func New(tb testing.TB) *Cluster {
	tb.Helper()
	client, cluster, pdClient, err := testutils.NewMockTiKV("", nil)
	if err != nil {
		tb.Fatalf("mock tikv: %v", err)
	}
	testutils.BootstrapWithSingleStore(cluster)
	tb.Cleanup(func() { _ = client.Close(); pdClient.Close() })
	return &Cluster{tb: tb, client: client, pd: pdClient}
}

// Engine opens a new front end on the cluster (its own client-go store,
// region cache and timestamp client). It is closed with the test, or
// earlier by its user; closing it leaves the cluster running for the
// other front ends.
func (c *Cluster) Engine(opts loopdbtikv.Options) *loopdbtikv.Engine {
	c.tb.Helper()
	store, err := tikv.NewTestTiKVStore(sharedClient{c.client}, sharedPD{c.pd}, nil, nil, 0)
	if err != nil {
		c.tb.Fatalf("mock tikv store: %v", err)
	}
	e := loopdbtikv.NewEngine(store, opts)
	c.tb.Cleanup(func() { _ = e.Close() })
	return e
}

// sharedClient and sharedPD keep one front end's Close from closing the
// cluster the others still use (client-go's store closes its clients).
type sharedClient struct{ tikv.Client }

func (sharedClient) Close() error { return nil }

type sharedPD struct{ pd.Client }

func (sharedPD) Close() {}
