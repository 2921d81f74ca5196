package server

import (
	"io"
	"reflect"
	"testing"
)

func TestStoreFlag(t *testing.T) {
	c, err := ParseFlags(nil, io.Discard)
	if err != nil || c.Store != "pebble" {
		t.Fatalf("default store %q, %v", c.Store, err)
	}
	c, err = ParseFlags([]string{"--store=tikv://pd1:2379, pd2:2379"}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	choice, err := parseStore(c.Store)
	if err != nil || !reflect.DeepEqual(choice.tikvPD, []string{"pd1:2379", "pd2:2379"}) {
		t.Fatalf("tikv store: %+v, %v", choice, err)
	}
	for _, bad := range []string{"tikv://", "rocksdb", "tikv:/pd:2379"} {
		if _, err := ParseFlags([]string{"--store=" + bad}, io.Discard); err == nil {
			t.Errorf("--store=%s accepted", bad)
		}
	}
}
