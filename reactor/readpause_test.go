package reactor

import (
	"context"
	"net"
	"testing"
	"time"

	"github.com/panjf2000/gnet/v2"
)

type epollProbe struct {
	gnet.BuiltinEventEngine
	eng    gnet.Engine
	booted chan struct{}
	found  chan int
}

func (p *epollProbe) OnBoot(eng gnet.Engine) gnet.Action {
	p.eng = eng
	close(p.booted)
	return gnet.None
}

func (p *epollProbe) OnOpen(c gnet.Conn) ([]byte, gnet.Action) {
	fd := epollOf(c)
	ok := fd >= 0 && pauseReading(c)
	if ok {
		resumeReading(c)
	} else {
		fd = -1
	}
	p.found <- fd
	return nil, gnet.Close
}

// LOAD DATA's backpressure reaches into gnet's private epoll descriptor;
// this fails when a gnet upgrade moves it.
func TestReadPauseFindsEpoll(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	p := &epollProbe{booted: make(chan struct{}), found: make(chan int, 1)}
	go func() { _ = gnet.Run(p, "tcp://"+addr, gnet.WithNumEventLoop(1)) }()
	select {
	case <-p.booted:
	case <-time.After(5 * time.Second):
		t.Fatal("gnet did not boot")
	}
	defer func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = p.eng.Stop(ctx)
	}()
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	select {
	case fd := <-p.found:
		if fd < 0 {
			t.Fatal("epoll descriptor of gnet's loop not found: LOAD DATA cannot pause reading")
		}
	case <-time.After(5 * time.Second):
		t.Fatal("no connection")
	}
}
