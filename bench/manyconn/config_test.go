package main

import (
	"io"
	"net"
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestParseArgsDefaultsAndChecks(t *testing.T) {
	cfg, err := parseArgs([]string{"-addr", "127.0.0.1:3306", "-conns", "100"}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.busy != 100 || cfg.mode != modeSelect || !cfg.targetIP.Equal(net.IPv4(127, 0, 0, 1)) {
		t.Errorf("defaults: busy %d mode %s target %v", cfg.busy, cfg.mode, cfg.targetIP)
	}
	bad := map[string][]string{
		"non-loopback target":   {"-addr", "10.1.2.3:3306"},
		"public target":         {"-addr", "8.8.8.8:3306"},
		"host name":             {"-addr", "db.example:3306"},
		"IPv6 non-loopback":     {"-addr", "[2001:db8::1]:3306"},
		"no port":               {"-addr", "127.0.0.1"},
		"bad port":              {"-addr", "127.0.0.1:0"},
		"busy above conns":      {"-conns", "10", "-busy", "11"},
		"no conns":              {"-conns", "0"},
		"zero rate":             {"-rate", "0"},
		"no duration":           {"-duration", "0s"},
		"unbounded duration":    {"-duration", "2h"},
		"mode":                  {"-mode", "update"},
		"too many addresses":    {"-conns", "300", "-per-addr", "1"},
		"IPv6 beyond one addr":  {"-addr", "[::1]:3306", "-conns", "30", "-per-addr", "20"},
		"more procs than conns": {"-conns", "2", "-procs", "3"},
		"stray argument":        {"extra"},
	}
	for name, args := range bad {
		if _, err := parseArgs(args, io.Discard); err == nil {
			t.Errorf("%s: %v accepted", name, args)
		}
	}
	for _, addr := range []string{"localhost:3306", "127.9.9.9:3306", "[::1]:3306"} {
		if _, err := parseArgs([]string{"-addr", addr}, io.Discard); err != nil {
			t.Errorf("%s refused: %v", addr, err)
		}
	}
	if _, err := parseArgs([]string{"-busy", "0", "-rate", "0"}, io.Discard); err != nil {
		t.Errorf("all idle needs no rate: %v", err)
	}
}

// TestChildArgsRoundTrip: a -procs child parses back the parent's settings for its share.
func TestChildArgsRoundTrip(t *testing.T) {
	parent, err := parseArgs(strings.Fields("-addr 127.0.0.1:4000 -user u -password p -db d -conns 60000 -busy 600 -rate 2.5 -duration 7s -mode insert -table-size 77 -per-addr 20000 -parallel 5 -per-driver 300 -grace 3s -connect-timeout 9s"), io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	child, err := parseArgs(parent.childArgs(20000, 200, 40000), io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	want := *parent
	want.conns, want.busy, want.connOffset, want.child, want.procs = 20000, 200, 40000, true, 1
	if !reflect.DeepEqual(*child, want) {
		t.Errorf("child config\n%+v\nwant\n%+v", *child, want)
	}
}

func TestSourceAddresses(t *testing.T) {
	v4 := net.IPv4(127, 0, 0, 1)
	for global, want := range map[int]string{0: "127.0.0.1", 24999: "127.0.0.1", 25000: "127.0.0.2", 60000: "127.0.0.3"} {
		if got := sourceIP(v4, global, 25000).String(); got != want {
			t.Errorf("sourceIP(%d) = %s, want %s", global, got, want)
		}
	}
	if sourceIP(net.IPv6loopback, 3, 25000) != nil {
		t.Error("an IPv6 target must leave the source address to the kernel")
	}
}

func TestBusySpreadAndSplit(t *testing.T) {
	for _, c := range []struct{ n, busy int }{{10, 0}, {10, 3}, {10, 10}, {3200, 200}, {7, 5}} {
		count, firstHalf := 0, 0
		for i := range c.n {
			if isBusy(i, c.n, c.busy) {
				count++
				if i < c.n/2 {
					firstHalf++
				}
			}
		}
		if count != c.busy || firstHalf > c.busy/2+1 {
			t.Errorf("n=%d busy=%d: %d busy, %d in the first half", c.n, c.busy, count, firstHalf)
		}
	}
	// -procs: shares add up, and busy shares never exceed the connection shares.
	for _, c := range []struct{ conns, busy, procs int }{{60000, 600, 4}, {5, 4, 3}, {45000, 45000, 3}} {
		sumN, sumB, off := 0, 0, 0
		for k := range c.procs {
			n := split(c.conns, c.procs, k)
			b := busyIn(off, n, c.conns, c.busy)
			if b > n {
				t.Errorf("%+v: child %d gets %d busy of %d", c, k, b, n)
			}
			sumN, sumB, off = sumN+n, sumB+b, off+n
		}
		if sumN != c.conns || sumB != c.busy {
			t.Errorf("%+v: shares add up to %d conns, %d busy", c, sumN, sumB)
		}
	}
}

func TestInterval(t *testing.T) {
	cfg := &config{rate: 4}
	if got := time.Duration(cfg.interval()); got != 250*time.Millisecond {
		t.Errorf("interval at 4/s = %v", got)
	}
}

func TestParseStatCPU(t *testing.T) {
	stat := []byte("1234 (my (odd) name) S 1 1234 1234 0 -1 4194560 100 0 0 0 250 150 0 0 20 0 8 0 100 0 0 0\n")
	got, err := parseStatCPU(stat)
	if err != nil || got != 4*time.Second {
		t.Errorf("parseStatCPU = %v, %v; want 4s (400 ticks)", got, err)
	}
	status := []byte("Name:\tx\nVmHWM:\t  2048 kB\nVmRSS:\t  1024 kB\n")
	if statusKB(status, "VmRSS:") != 1024 || statusKB(status, "VmHWM:") != 2048 {
		t.Error("statusKB")
	}
}
