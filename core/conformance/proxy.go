package conformance

import (
	"bytes"
	"io"
	"net"
	"strconv"
	"sync"
	"time"
)

// proxy stands on a replication link, between a replica and its master,
// so that `link NAME down` can cut the network while both servers stay up:
// it drops both sides and refuses new connections until it is up again.
// It also plays the contract 1.1 verbs: `sync R hold` (forward master →
// replica bytes up to and including the `+FULLRESYNC ...\r\n` line, then
// keep the rest) and `link R stall` (keep every master → replica byte).
// Kept bytes are read from the master at once, so the master sees them as
// sent, and held in the proxy, not in kernel buffers of unknown size.
type proxy struct {
	ln     net.Listener
	target int // the master's port

	mu        sync.Mutex
	up        bool
	notBefore time.Time // hold connections until the master has run its first cron
	conns     []net.Conn
	closed    bool
	holdSync  bool   // sync R hold
	stalled   bool   // link R stall
	cur       *pconn // the latest connection
	err       string // what went wrong (the stall cap)
	stallIn   int64  // bytes kept since the stall began
	all       []*pconn
}

// pconn is one proxied connection.
type pconn struct {
	c, m    net.Conn // replica side, master side
	scanned bool     // the PSYNC reply has gone by
	line    []byte   // a reply line not complete yet
	held    bool     // its full sync is held after +FULLRESYNC
	pending []byte   // master → replica bytes kept
	closed  bool
}

// stallCap is the contract's cap on bytes sent into a stalled link.
const stallCap = 1 << 20

func newProxy(target int) (*proxy, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	p := &proxy{ln: ln, target: target, up: true}
	go p.serve()
	return p, nil
}

func (p *proxy) port() int { return p.ln.Addr().(*net.TCPAddr).Port }

func (p *proxy) serve() {
	for {
		c, err := p.ln.Accept()
		if err != nil {
			return
		}
		go p.handle(c)
	}
}

func (p *proxy) handle(c net.Conn) {
	p.mu.Lock()
	wait := time.Until(p.notBefore)
	p.mu.Unlock()
	if wait > 0 {
		// A fresh master pings on its first replicationCron if a replica
		// is already there: let it run that cron alone first.
		time.Sleep(wait)
	}
	p.mu.Lock()
	if !p.up || p.closed {
		p.mu.Unlock()
		c.Close()
		return
	}
	p.mu.Unlock()
	m, err := net.Dial("tcp", "127.0.0.1:"+itoa(p.target))
	if err != nil {
		c.Close()
		return
	}
	p.mu.Lock()
	if !p.up || p.closed {
		p.mu.Unlock()
		c.Close()
		m.Close()
		return
	}
	pc := &pconn{c: c, m: m}
	p.conns = append(p.conns, c, m)
	p.cur = pc
	p.all = append(p.all, pc)
	p.mu.Unlock()
	go func() {
		_, _ = io.Copy(m, c)
		m.Close()
		c.Close()
	}()
	go p.down(pc)
}

// down carries master → replica bytes, keeping what a held sync or a
// stalled link must not deliver. When the master closes, the replica's
// side closes at once (kept bytes are dropped).
func (p *proxy) down(pc *pconn) {
	buf := make([]byte, 64<<10)
	for {
		n, err := pc.m.Read(buf)
		if n > 0 {
			p.feed(pc, buf[:n])
		}
		if err != nil {
			break
		}
	}
	p.mu.Lock()
	pc.closed = true
	pc.pending = nil
	p.mu.Unlock()
	pc.c.Close()
	pc.m.Close()
}

func (p *proxy) feed(pc *pconn, b []byte) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if !pc.scanned {
		if i, full := scanReply(pc, b); i >= 0 {
			pc.scanned = true
			if full && p.holdSync {
				_, _ = pc.c.Write(b[:i])
				pc.held = true
				pc.pending = append(pc.pending, b[i:]...)
				return
			}
		}
	}
	if pc.held || p.stalled {
		pc.pending = append(pc.pending, b...)
		if p.stalled && !pc.held {
			p.stallIn += int64(len(b))
			if p.stallIn > stallCap && p.err == "" {
				p.err = "more than 1 MiB (" + strconv.FormatInt(p.stallIn, 10) + " bytes) was sent into the stalled link"
			}
		}
		return
	}
	_, _ = pc.c.Write(b)
}

// scanReply looks for the end of the master's PSYNC reply line in b: it
// returns the index just past it (-1: not in b) and whether it was
// +FULLRESYNC. Lines before it (+PONG, +OK, keepalive newlines) pass.
func scanReply(pc *pconn, b []byte) (int, bool) {
	for i, c := range b {
		if c != '\n' {
			pc.line = append(pc.line, c)
			continue
		}
		line := pc.line
		pc.line = pc.line[:0]
		switch {
		case bytes.HasPrefix(line, []byte("+FULLRESYNC")):
			return i + 1, true
		case bytes.HasPrefix(line, []byte("+CONTINUE")):
			return i + 1, false
		}
	}
	return -1, false
}

// setHold is `sync R hold|release`: a release delivers what was kept.
func (p *proxy) setHold(hold bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.holdSync = hold
	if hold {
		return
	}
	for _, pc := range p.all {
		if pc.held && !pc.closed {
			pc.held = false
			if !p.stalled {
				_, _ = pc.c.Write(pc.pending)
				pc.pending = nil
			}
		}
	}
}

// setStall is `link R stall|resume`.
func (p *proxy) setStall(stall bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.stalled = stall
	if stall {
		return
	}
	p.stallIn = 0
	for _, pc := range p.all {
		if !pc.held && !pc.closed && len(pc.pending) > 0 {
			_, _ = pc.c.Write(pc.pending)
			pc.pending = nil
		}
	}
}

// current reports the latest connection's master-side local port (how the
// master's CLIENT LIST names it), whether it is open and whether its sync
// is held; and whether the link is stalled.
func (p *proxy) current() (port string, open, held, stalled bool, err string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.cur != nil {
		if a, ok := p.cur.m.LocalAddr().(*net.TCPAddr); ok {
			port = strconv.Itoa(a.Port)
		}
		open, held = !p.cur.closed, p.cur.held
	}
	return port, open, held, p.stalled, p.err
}

// setUp restores or cuts the link.
func (p *proxy) setUp(up bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.up = up
	if !up {
		for _, c := range p.conns {
			c.Close()
		}
		p.conns = nil
	}
}

// hold makes new connections wait until t.
func (p *proxy) hold(t time.Time) {
	p.mu.Lock()
	p.notBefore = t
	p.mu.Unlock()
}

func (p *proxy) close() {
	p.mu.Lock()
	p.closed = true
	for _, c := range p.conns {
		c.Close()
	}
	p.conns = nil
	p.mu.Unlock()
	p.ln.Close()
}
