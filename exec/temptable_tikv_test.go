//go:build !arm && !386

package exec

import "testing"

// On a store several front ends share (TiKV) temporary tables are refused
// with 1235: one front end's start-up cleanup would delete another's.
func TestTempTableRefusedOnSharedStore(t *testing.T) {
	s, _ := newFrontEnds(t)
	mustExec(t, s, "CREATE DATABASE d", "USE d")
	wantErr(t, s, "CREATE TEMPORARY TABLE x (a INT)", 1235, "shared by several front ends")
	wantErr(t, s, "CREATE TEMPORARY TABLE x AS SELECT 1 AS a", 1235, "shared by several front ends")
}
