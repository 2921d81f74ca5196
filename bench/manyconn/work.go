package main

import (
	"fmt"
	"net"
	"sync"
	"time"
)

// work is one process's share of a run: open cfg.conns connections, call ready, wait for the
// start time from waitGo, drive the busy connections for cfg.duration, check the idle ones are
// still there, close everything and report.
func work(cfg *config, ready func(), waitGo func() time.Time) (*result, error) {
	o := openAll(cfg)
	r := &result{Conns: cfg.conns, Opened: len(o.busy) + len(o.idle), Busy: len(o.busy),
		Failures: o.failures, ConnectSeconds: o.elapsed.Seconds()}
	r.ErrCodes, r.Dropped = map[string]int64{}, map[string]int64{}

	nd := (len(o.busy) + cfg.perDriver - 1) / cfg.perDriver
	drivers := make([]*driver, nd)
	for k := range drivers {
		share := o.busy[k*len(o.busy)/nd : (k+1)*len(o.busy)/nd]
		d, err := newDriver(cfg, share, uint64(cfg.connOffset)<<20|uint64(k))
		if err != nil {
			return nil, fmt.Errorf("driver: %w", err)
		}
		drivers[k] = d
	}
	r.Drivers = nd

	ready()
	start := waitGo()
	cpu0, _ := selfUsage()
	var wg sync.WaitGroup
	for _, d := range drivers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			d.run(start)
		}()
	}
	wg.Wait()
	r.RunSeconds = time.Since(start).Seconds()
	cpu1, _ := selfUsage()
	r.ClientCPURun = (cpu1 - cpu0).Seconds()

	var lat, lag histogram
	for _, d := range drivers {
		lat.merge(&d.latency)
		lag.merge(&d.sendLag)
		r.Sent += d.c.Sent
		r.Answered += d.c.Answered
		r.Unanswered += d.c.Unanswered
		r.ErrCodes = addMaps(r.ErrCodes, d.c.ErrCodes)
		r.Dropped = addMaps(r.Dropped, d.c.Dropped)
	}
	r.Latency, r.SendLag = lat.sparse(), lag.sparse()
	r.IdleOK, r.IdleLost = checkIdle(o.idle)
	cpu, rss := selfUsage()
	r.ClientCPU, r.ClientMaxRSSKB = cpu.Seconds(), rss
	return r, nil
}

// checkIdle closes the idle connections, first telling which the server still holds: a read
// that times out at once finds the socket open and silent; EOF or data means the server closed
// it (or sent an error before closing).
func checkIdle(idle []net.Conn) (ok, lost int) {
	var one [1]byte
	for _, c := range idle {
		c.SetReadDeadline(time.Now())
		if _, err := c.Read(one[:]); isTimeout(err) {
			ok++
		} else {
			lost++
		}
		c.Close()
	}
	return ok, lost
}

func isTimeout(err error) bool {
	ne, isNet := err.(net.Error)
	return isNet && ne.Timeout()
}
