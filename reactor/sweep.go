package reactor

import (
	"context"
	"sync"
	"time"

	"github.com/loopdb/loopdb/codec"
	"github.com/loopdb/loopdb/mysqldef"
	"github.com/panjf2000/gnet/v2"
)

// registry holds every open connection for the timeout sweeper and
// shutdown. It is sharded so that accepts on different loops rarely contend.
type registry struct {
	shards [16]struct {
		sync.Mutex
		m map[uint32]*conn
	}
}

func (r *registry) add(id uint32, cn *conn) {
	s := &r.shards[id%16]
	s.Lock()
	if s.m == nil {
		s.m = make(map[uint32]*conn)
	}
	s.m[id] = cn
	s.Unlock()
}

func (r *registry) remove(id uint32) {
	s := &r.shards[id%16]
	s.Lock()
	delete(s.m, id)
	s.Unlock()
}

// each calls fn for every connection; fn must not block.
func (r *registry) each(fn func(*conn)) {
	var batch []*conn
	for i := range r.shards {
		s := &r.shards[i]
		s.Lock()
		batch = batch[:0]
		for _, cn := range s.m {
			batch = append(batch, cn)
		}
		s.Unlock()
		for _, cn := range batch {
			fn(cn)
		}
	}
}

// sweep closes connections that outstayed connect_timeout before logging in
// or wait_timeout while idle. It runs on gnet's ticker goroutine, reads only
// atomics, and re-checks on the connection's loop before closing, because
// only the loop knows for sure whether a command is running.
func (s *Server) sweep(now time.Time) {
	nowNs := now.UnixNano()
	s.conns.each(func(cn *conn) {
		if cn.phase.Load() == phaseHandshake {
			if d := s.connectTimeout.Load(); d > 0 && nowNs-cn.openedAt > d {
				s.closeIfIdle(cn, nil, nil)
			}
			return
		}
		if d := cn.waitTimeout.Load(); d > 0 && nowNs-cn.lastActive.Load() > d {
			expired := func() bool { return time.Now().UnixNano()-cn.lastActive.Load() > cn.waitTimeout.Load() }
			s.closeIfIdle(cn, mysqldef.NewError(mysqldef.ErrClientInteractionTimeout,
				"The client was disconnected by the server because of inactivity. See wait_timeout and interactive_timeout for configuring this behavior."),
				expired)
		}
	})
}

// mysqldef.ErrClientInteractionTimeout is ER_CLIENT_INTERACTION_TIMEOUT, which MySQL
// 8.0.24+ sends before closing an idle connection.

// closeIfIdle closes cn from its loop unless a command is running there
// (an idle timeout never kills a running query). During a handshake the
// worker may hold the session: closing is still right, the timeout is for
// the whole login.
func (s *Server) closeIfIdle(cn *conn, notice *mysqldef.SQLError, stillDue func() bool) {
	_ = cn.gc.EventLoop().Execute(context.Background(), gnet.RunnableFunc(func(context.Context) error {
		if cn.closed || (cn.busy && cn.phase.Load() != phaseHandshake) || (stillDue != nil && !stillDue()) {
			return nil
		}
		if notice != nil && !cn.busy {
			cn.writeNow(0, codec.AppendErr(nil, notice))
		}
		return cn.gc.Close()
	}))
}
