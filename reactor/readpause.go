package reactor

import (
	"reflect"

	"github.com/panjf2000/gnet/v2"
	"golang.org/x/sys/unix"
)

// Pausing reads on one connection. gnet (v2.10) reads every readable
// socket into an unbounded buffer and has no API to stop; a client
// streaming a file for LOAD DATA LOCAL faster than storage absorbs it
// would therefore grow server memory without limit. While a LOAD DATA's
// queue is full we take EPOLLIN off the connection in gnet's own epoll
// set, so the kernel's socket buffer fills and TCP pushes back on the
// client; resuming restores what gnet registered. The epoll descriptor is
// private to gnet and found by reflection; TestReadPauseFindsEpoll pins
// this to the gnet version in go.mod. If it cannot be found, pausing is a
// no-op and the caller's hard cap on buffered input applies instead.

// epollOf returns the epoll descriptor of the loop that serves gc, or -1.
func epollOf(gc gnet.Conn) int {
	defer func() { _ = recover() }() // a changed gnet layout must not crash the server
	v := reflect.ValueOf(gc)
	if v.Kind() != reflect.Pointer {
		return -1
	}
	loop := v.Elem().FieldByName("loop")
	if !loop.IsValid() || loop.IsNil() {
		return -1
	}
	poller := loop.Elem().FieldByName("poller")
	if !poller.IsValid() || poller.IsNil() {
		return -1
	}
	fd := poller.Elem().FieldByName("fd")
	if !fd.IsValid() || !fd.CanInt() {
		return -1
	}
	return int(fd.Int())
}

// pauseReading stops gnet from reading gc. Called on gc's loop. Writes
// keep flowing: if gnet has output queued it keeps waiting for EPOLLOUT
// (and re-enables reading itself once that is flushed; the caller pauses
// again on its next check).
func pauseReading(gc gnet.Conn) bool {
	ep := epollOf(gc)
	if ep < 0 {
		return false
	}
	var events uint32
	if gc.OutboundBuffered() > 0 {
		events = unix.EPOLLOUT
	}
	fd := gc.Fd()
	return unix.EpollCtl(ep, unix.EPOLL_CTL_MOD, fd, &unix.EpollEvent{Fd: int32(fd), Events: events}) == nil
}

// resumeReading restores gnet's registration. Called on gc's loop.
func resumeReading(gc gnet.Conn) {
	ep := epollOf(gc)
	if ep < 0 {
		return
	}
	events := uint32(unix.EPOLLIN | unix.EPOLLPRI)
	if gc.OutboundBuffered() > 0 {
		events |= unix.EPOLLOUT
	}
	fd := gc.Fd()
	_ = unix.EpollCtl(ep, unix.EPOLL_CTL_MOD, fd, &unix.EpollEvent{Fd: int32(fd), Events: events})
}
