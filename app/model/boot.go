package model

import (
	"encoding/json"
	"errors"
	"sync"

	"replscope/app/proto"
)

// The first picture without the simulator. A lesson's first load asks
// the simulator four things (begin, continue, meta, at) and, in a fresh
// Web Worker, waits for sim.wasm to compile and for a cold first play:
// most of a first render. The static generator asks them natively and
// writes the answers beside the pages (web/boot/, Record); the page
// answers those exact requests from them (Booted) and begins the session
// on the worker only when something else is asked of it, or when the
// page is idle (Warm). The answers are the same simulator's, so the page
// draws what it would have drawn.

// BootCall is one recorded request (ID 0) and its response.
type BootCall struct {
	Req  proto.Request  `json:"req"`
	Resp proto.Response `json:"resp"`
}

// Recorder is a Transport that keeps what it carried, for the generator.
type Recorder struct {
	T     Transport
	Calls []BootCall
}

// Call forwards r and records it.
func (rc *Recorder) Call(r *proto.Request) (*proto.Response, error) {
	resp, err := rc.T.Call(r)
	if err == nil {
		q, p := *r, *resp
		q.ID, p.ID = 0, 0
		rc.Calls = append(rc.Calls, BootCall{q, p})
	}
	return resp, err
}

// RecordLoad is what a page's first load of a lesson asks the simulator,
// with the answers: the calls Player.load makes for ?lesson=NAME.
func RecordLoad(t Transport, name, file, src string) ([]BootCall, error) {
	rc := &Recorder{T: t}
	mu.Lock()
	prev := conn
	conn = rc
	mu.Unlock()
	defer Connect(prev)
	s, err := Load(name, file, src)
	if err != nil {
		return nil, err
	}
	if _, err := s.At(min(s.DefaultAt(), s.Len()-1)); err != nil {
		return nil, err
	}
	return rc.Calls, nil
}

// booted answers recorded requests itself and the rest on t.
type booted struct {
	t     Transport
	calls func() []BootCall // waited for at the first call
	once  sync.Once
	table map[string]*proto.Response // by request (ID 0, recorded session ids)
	begun map[int][]proto.Request    // a recorded session's begin and continues, in order

	mu     sync.Mutex
	next   int                // placeholders are -1, -2, ...
	places map[int]*placement // by placeholder
}

// placement is one session begun from the recording: answered from it
// until something else is asked of it, then played on the simulator,
// and from then on asked of the simulator only (a console line changes
// it).
type placement struct {
	rec  int // the session's id in the recording
	mu   sync.Mutex
	real int // its id on the simulator once played, else 0
	err  error
}

// Booted answers the recorded calls (calls is read at the first request,
// so that it may wait for a fetch) and everything else on t.
func Booted(t Transport, calls func() []BootCall) Transport {
	return &booted{t: t, calls: calls, places: map[int]*placement{}}
}

func key(r proto.Request) string {
	r.ID = 0
	b, _ := json.Marshal(r)
	return string(b)
}

func (b *booted) load() {
	b.table, b.begun = map[string]*proto.Response{}, map[int][]proto.Request{}
	for _, c := range b.calls() {
		resp := c.Resp
		b.table[key(c.Req)] = &resp
		switch c.Req.Op {
		case proto.OpBegin:
			b.begun[resp.Sess] = []proto.Request{c.Req}
		case proto.OpContinue:
			b.begun[c.Req.Sess] = append(b.begun[c.Req.Sess], c.Req)
		}
	}
}

// Call answers r from the recording when it can, else on the simulator.
func (b *booted) Call(r *proto.Request) (*proto.Response, error) {
	b.once.Do(b.load)
	if resp, ok := b.table[key(*r)]; ok && r.Op == proto.OpBegin {
		b.mu.Lock()
		b.next--
		ph := b.next
		b.places[ph] = &placement{rec: resp.Sess}
		b.mu.Unlock()
		out := *resp
		out.ID, out.Sess = r.ID, ph
		return &out, nil
	}
	b.mu.Lock()
	sess, other := b.places[r.Sess], b.places[r.Other]
	b.mu.Unlock()
	if sess == nil && other == nil {
		return b.t.Call(r)
	}
	q := *r
	if sess != nil {
		if !sess.played() {
			rq := q
			rq.Sess = sess.rec
			if resp, ok := b.table[key(rq)]; ok {
				out := *resp
				out.ID = r.ID
				return &out, nil
			}
			if r.Op == proto.OpDrop {
				return &proto.Response{ID: r.ID}, nil
			}
		}
		var err error
		if q.Sess, err = b.realize(sess); err != nil {
			return nil, err
		}
	}
	if other != nil {
		var err error
		if q.Other, err = b.realize(other); err != nil {
			return nil, err
		}
	}
	return b.t.Call(&q)
}

func (p *placement) played() bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.real != 0 || p.err != nil
}

// realize plays the recorded session on the simulator, once, and returns
// its id there.
func (b *booted) realize(p *placement) (int, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.real != 0 || p.err != nil {
		return p.real, p.err
	}
	for _, r := range b.begun[p.rec] {
		q := r
		if q.Op != proto.OpBegin {
			q.Sess = p.real
		}
		resp, err := b.t.Call(&q)
		if err == nil && resp.Err != "" {
			err = errors.New(resp.Err)
		}
		if err != nil {
			p.err = err
			return 0, err
		}
		if q.Op == proto.OpBegin {
			p.real = resp.Sess
		}
	}
	return p.real, nil
}

// warm plays every session begun from the recording on the simulator.
func (b *booted) warm() {
	b.mu.Lock()
	var ps []*placement
	for _, p := range b.places {
		ps = append(ps, p)
	}
	b.mu.Unlock()
	for _, p := range ps {
		b.realize(p)
	}
}

// Warm begins on the simulator, ahead of need, the sessions the page
// answered from a recording: called once the page is idle, so that the
// first step does not wait for a first play.
func Warm() {
	mu.Lock()
	t := conn
	mu.Unlock()
	if w, ok := t.(interface{ warm() }); ok {
		w.warm()
	}
}
