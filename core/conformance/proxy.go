package conformance

import (
	"io"
	"net"
	"sync"
	"time"
)

// proxy stands on a replication link, between a replica and its master,
// so that `link NAME down` can cut the network while both servers stay up:
// it drops both sides and refuses new connections until it is up again.
type proxy struct {
	ln     net.Listener
	target int // the master's port

	mu        sync.Mutex
	up        bool
	notBefore time.Time // hold connections until the master has run its first cron
	conns     []net.Conn
	closed    bool
}

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
	p.conns = append(p.conns, c, m)
	p.mu.Unlock()
	pipe := func(dst, src net.Conn) {
		_, _ = io.Copy(dst, src)
		dst.Close()
		src.Close()
	}
	go pipe(m, c)
	go pipe(c, m)
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
