package reactor

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/netip"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/loopdb/loopdb/codec"
	"github.com/loopdb/loopdb/mysqldef"
	"github.com/panjf2000/gnet/v2"
)

// Config is the reactor's part of the server configuration.
type Config struct {
	// TCPAddr is host:port to listen on ("" for none).
	TCPAddr string
	// SocketPath is the unix socket to listen on ("" for none).
	SocketPath string
	// EventLoops is the number of loops (0: one per CPU).
	EventLoops       int
	MaxConnections   int
	MaxAllowedPacket int
	ConnectTimeout   time.Duration
	WaitTimeout      time.Duration
	NetWriteTimeout  time.Duration
	Logger           *slog.Logger
}

// Server accepts connections on gnet loops and drives their sessions.
type Server struct {
	gnet.BuiltinEventEngine

	cfg     Config
	handler Handler
	exec    Executor
	log     *slog.Logger

	eng      gnet.Engine
	booted   chan struct{}
	bootOnce sync.Once
	nextID   atomic.Uint32
	count    atomic.Int64
	draining atomic.Bool
	conns    registry
	traffic  CompressionTraffic
	stats    Stats

	// Limits that SET GLOBAL may change while running.
	maxConns       atomic.Int64
	maxPacket      atomic.Int64
	connectTimeout atomic.Int64
	waitTimeout    atomic.Int64
}

// Traffic returns the server's compressed-protocol byte counters.
func (s *Server) Traffic() *CompressionTraffic { return &s.traffic }

// SetMaxConnections changes max_connections for new connections.
func (s *Server) SetMaxConnections(n int) { s.maxConns.Store(int64(n)) }

// SetMaxAllowedPacket changes max_allowed_packet.
func (s *Server) SetMaxAllowedPacket(n int) { s.maxPacket.Store(int64(n)) }

// SetConnectTimeout changes connect_timeout.
func (s *Server) SetConnectTimeout(d time.Duration) { s.connectTimeout.Store(int64(d)) }

// SetWaitTimeout changes the global wait_timeout, which new connections
// start with.
func (s *Server) SetWaitTimeout(d time.Duration) { s.waitTimeout.Store(int64(d)) }

// New creates a server; Run starts it.
func New(cfg Config, h Handler, exec Executor) *Server {
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.NetWriteTimeout <= 0 {
		cfg.NetWriteTimeout = 60 * time.Second
	}
	s := &Server{cfg: cfg, handler: h, exec: exec, log: cfg.Logger, booted: make(chan struct{})}
	s.SetMaxConnections(cfg.MaxConnections)
	s.SetMaxAllowedPacket(cfg.MaxAllowedPacket)
	s.SetConnectTimeout(cfg.ConnectTimeout)
	s.SetWaitTimeout(cfg.WaitTimeout)
	return s
}

// Run listens and serves until Shutdown; it blocks.
func (s *Server) Run() error {
	var addrs []string
	if s.cfg.TCPAddr != "" {
		addrs = append(addrs, "tcp://"+s.cfg.TCPAddr)
	}
	if s.cfg.SocketPath != "" {
		if err := claimSocketPath(s.cfg.SocketPath); err != nil {
			return err
		}
		addrs = append(addrs, "unix://"+s.cfg.SocketPath)
	}
	if len(addrs) == 0 {
		return errors.New("reactor: nothing to listen on")
	}
	opts := []gnet.Option{
		gnet.WithMulticore(s.cfg.EventLoops <= 0),
		gnet.WithTicker(true),
		gnet.WithReuseAddr(true),
		gnet.WithTCPNoDelay(gnet.TCPNoDelay),
		gnet.WithTCPKeepAlive(5 * time.Minute),
		gnet.WithLoadBalancing(gnet.LeastConnections),
		gnet.WithLogger(gnetLogger{s.log}),
	}
	if s.cfg.EventLoops > 0 {
		opts = append(opts, gnet.WithNumEventLoop(s.cfg.EventLoops))
	}
	// With a unix listener gnet turns SO_REUSEPORT off for all listeners;
	// one acceptor then hands connections to the least loaded loop.
	if s.cfg.SocketPath == "" {
		opts = append(opts, gnet.WithReusePort(true))
	}
	if err := gnet.Rotate(s, addrs, opts...); err != nil {
		return fmt.Errorf("listening on %s: %w", strings.Join(addrs, ", "), listenCause(s.cfg.TCPAddr, err))
	}
	return nil
}

// listenCause names why the listeners could not open. When the TCP socket
// cannot bind (the port is taken), gnet goes on to set keep-alive on the
// socket it never opened and reports "setsockopt: bad file descriptor";
// binding the address again here gives the real error ("address already
// in use"), which is what an operator needs to read.
func listenCause(tcpAddr string, err error) error {
	if tcpAddr == "" {
		return err
	}
	ln, lerr := net.Listen("tcp", tcpAddr)
	if lerr != nil {
		return lerr
	}
	ln.Close()
	return err
}

// Ready is closed once the listeners accept connections; it stays open if
// Run fails to listen.
func (s *Server) Ready() <-chan struct{} { return s.booted }

// claimSocketPath refuses to take over the socket of a live server (gnet
// removes whatever is at the path before binding).
func claimSocketPath(path string) error {
	if c, err := net.DialTimeout("unix", path, time.Second); err == nil {
		c.Close()
		return fmt.Errorf("reactor: another server is listening on %s", path)
	}
	return nil
}

// OnBoot implements gnet.EventHandler.
func (s *Server) OnBoot(eng gnet.Engine) gnet.Action {
	s.eng = eng
	if s.cfg.SocketPath != "" {
		// Any local user may connect, as with mysqld's socket; accounts
		// decide who gets in.
		_ = os.Chmod(s.cfg.SocketPath, 0o777)
	}
	s.bootOnce.Do(func() { close(s.booted) })
	return gnet.None
}

// OnOpen implements gnet.EventHandler.
func (s *Server) OnOpen(gc gnet.Conn) ([]byte, gnet.Action) {
	n := s.count.Add(1)
	s.stats.Accepted.Add(1)
	id := s.nextID.Add(1)
	if id == 0 { // wrapped
		id = s.nextID.Add(1)
	}
	info := ConnInfo{ID: id}
	if addr, ok := gc.RemoteAddr().(*net.TCPAddr); ok {
		info.Addr = addr.AddrPort()
	} else {
		info.Local = true
		info.Addr = netip.AddrPortFrom(netip.IPv6Loopback(), 0)
	}
	refuse := func(e *mysqldef.SQLError) ([]byte, gnet.Action) {
		gc.SetContext(nil)
		out, _ := codec.AppendPacket(nil, 0, codec.AppendErr(nil, e))
		s.stats.Refused.Add(1)
		s.countSent(len(out))
		return out, gnet.Close
	}
	if s.draining.Load() {
		return refuse(mysqldef.NewError(mysqldef.ErrServerShutdown, "Server shutdown in progress"))
	}
	// One connection beyond max_connections is let in, as MySQL does, for
	// an administrator (CONNECTION_ADMIN or SUPER) to log in to a full
	// server; the session refuses anyone else on it after authentication.
	if m := s.maxConns.Load(); m > 0 && n > m {
		if n > m+1 {
			return refuse(mysqldef.NewError(mysqldef.ErrConCount, "Too many connections"))
		}
		info.AdminOnly = true
	}
	link := &Link{gc: gc, id: id}
	sess, serr := s.handler.Open(info, link)
	if serr != nil {
		return refuse(serr)
	}
	now := time.Now().UnixNano()
	cn := &conn{srv: s, gc: gc, sess: sess, link: link, openedAt: now}
	cn.lastActive.Store(now)
	cn.waitTimeout.Store(s.waitTimeout.Load())
	gc.SetContext(cn)
	s.conns.add(id, cn)
	out, _ := codec.AppendPacket(nil, 0, sess.Greeting(nil))
	s.countSent(len(out))
	return out, gnet.None
}

// OnClose implements gnet.EventHandler.
func (s *Server) OnClose(gc gnet.Conn, _ error) gnet.Action {
	s.count.Add(-1)
	if cn, ok := gc.Context().(*conn); ok {
		s.conns.remove(cn.link.id)
		cn.onClose()
	}
	return gnet.None
}

// OnTraffic implements gnet.EventHandler.
func (s *Server) OnTraffic(gc gnet.Conn) gnet.Action {
	cn, ok := gc.Context().(*conn)
	if !ok {
		return gnet.Close
	}
	return s.trafficTimed(cn)
}

// OnTick implements gnet.EventHandler: it sweeps timed-out connections.
func (s *Server) OnTick() (time.Duration, gnet.Action) {
	s.sweep(time.Now())
	return time.Second, gnet.None
}

// inboundCap bounds the bytes a busy connection may have buffered.
func (s *Server) inboundCap() int {
	return int(s.maxPacket.Load()) + 1<<20
}

// Connections is the number of open client connections.
func (s *Server) Connections() int64 { return s.count.Load() }

// Shutdown stops accepting work, lets running commands finish until ctx is
// done, then closes every connection and stops the loops.
func (s *Server) Shutdown(ctx context.Context) error {
	s.draining.Store(true)
	s.conns.each(func(cn *conn) { s.closeIfIdle(cn, nil, nil) })
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	for s.count.Load() > 0 {
		select {
		case <-ctx.Done():
			s.log.Warn("shutdown: closing connections with commands still running", "connections", s.count.Load())
			goto stop
		case <-tick.C:
		}
	}
stop:
	select {
	case <-s.booted:
	default:
		return nil
	}
	if s.eng == (gnet.Engine{}) {
		return nil
	}
	stopCtx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	return s.eng.Stop(stopCtx)
}

// gnetLogger routes gnet's logging through slog.
type gnetLogger struct{ l *slog.Logger }

func (g gnetLogger) Debugf(f string, a ...any) { g.l.Debug(fmt.Sprintf(f, a...), "component", "gnet") }
func (g gnetLogger) Infof(f string, a ...any)  { g.l.Debug(fmt.Sprintf(f, a...), "component", "gnet") }
func (g gnetLogger) Warnf(f string, a ...any)  { g.l.Warn(fmt.Sprintf(f, a...), "component", "gnet") }
func (g gnetLogger) Errorf(f string, a ...any) { g.l.Error(fmt.Sprintf(f, a...), "component", "gnet") }
func (g gnetLogger) Fatalf(f string, a ...any) {
	g.l.Error(fmt.Sprintf(f, a...), "component", "gnet")
	os.Exit(1)
}
