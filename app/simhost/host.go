// Package simhost is the simulator's side of the page: it holds the
// played scenarios (the core's timelines) and answers app/proto's
// requests with plain data. In the browser it runs in a Web Worker
// (wasm/sim, sim.wasm), so that the page's own binary links none of the
// core and a long scenario plays without freezing the page; natively
// (static generation, tests) it runs in the same process, through the
// same JSON (Local).
package simhost

import (
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"replscope/app/proto"
	"replscope/core"
	"replscope/core/report"
	"replscope/core/scenario"
)

// Host is the sessions of one page.
type Host struct {
	next     int
	sessions map[int]*session
}

// keep is how many of the newest sessions a host keeps.
const keep = 8

// New is a host with no session.
func New() *Host { return &Host{sessions: map[int]*session{}} }

// session is a scenario being played or played.
type session struct {
	tl   *core.Timeline
	done bool
	keys map[int]int // key moments found: a line's events never change once it has run
	// before is syncs before a line's first event, by that event
	// (syncsBefore); a console line only adds lines after them.
	before map[int]int64
}

// keyMoment is step i's key moment, found once.
func (s *session) keyMoment(i int) int {
	if k, ok := s.keys[i]; ok {
		return k
	}
	if s.keys == nil {
		s.keys = map[int]int{}
	}
	k := keyMoment(s.tl.Steps()[i], s.tl.Event)
	s.keys[i] = k
	return k
}

// Serve answers one JSON request with one JSON response; nothing panics
// out of it (a panic would end the worker, and the page with it).
func (h *Host) Serve(req []byte) []byte {
	var r proto.Request
	if err := json.Unmarshal(req, &r); err != nil {
		b, _ := json.Marshal(proto.Response{Err: "bad request: " + err.Error()})
		return b
	}
	resp := h.Handle(&r)
	b, err := json.Marshal(resp)
	if err != nil {
		b, _ = json.Marshal(proto.Response{ID: r.ID, Err: "internal error: " + err.Error()})
	}
	return b
}

// Handle answers one request.
func (h *Host) Handle(r *proto.Request) (resp *proto.Response) {
	resp = &proto.Response{ID: r.ID}
	defer func() {
		if p := recover(); p != nil {
			*resp = proto.Response{ID: r.ID, Err: fmt.Sprintf("internal error: %v", p)}
		}
	}()
	if r.Op == proto.OpHello {
		resp.Commands = core.SupportedCommands()
		return resp
	}
	if r.Op == proto.OpBegin {
		sc, err := scenario.Parse(r.File, r.Src)
		if err != nil {
			resp.Err = err.Error()
			return resp
		}
		tl, err := core.Start(sc, core.Options{Seed: 1, Limits: &core.PageLimits})
		if err != nil {
			resp.Err = err.Error()
			return resp
		}
		h.next++
		h.sessions[h.next] = &session{tl: tl}
		// A page holds three sessions at most (the one shown, the one it
		// is compared with, one loading); the oldest beyond a few go, so
		// that a learner who opens lesson after lesson does not fill the
		// worker's memory.
		delete(h.sessions, h.next-keep)
		resp.Sess = h.next
		resp.Played, resp.Expected = tl.Progress()
		return resp
	}
	s := h.sessions[r.Sess]
	if s == nil {
		resp.Err = "no such session"
		return resp
	}
	if r.Op != proto.OpContinue && r.Op != proto.OpDrop && !s.done {
		resp.Err = "the scenario is still playing"
		return resp
	}
	switch r.Op {
	case proto.OpContinue:
		s.done = s.tl.Continue(max(r.Budget, 1))
		resp.Done = s.done
		resp.Played, resp.Expected = s.tl.Progress()
	case proto.OpMeta:
		resp.Meta = s.meta()
	case proto.OpAt:
		resp.Snap = s.at(r.Pos)
	case proto.OpAppend:
		st, err := s.append(r.Raw)
		if err != nil {
			resp.Err = err.Error()
			return resp
		}
		resp.Step = &st
		resp.Meta = s.meta()
	case proto.OpKeyMoment:
		steps := s.tl.Steps()
		if r.Step < 0 || r.Step >= len(steps) {
			resp.Err = "no such step"
			return resp
		}
		resp.Key = s.keyMoment(r.Step)
	case proto.OpCompare:
		o := h.sessions[r.Other]
		if o == nil || !o.done {
			resp.Err = "no such session"
			return resp
		}
		resp.Diffs = compareLine(s.tl, o.tl, r.Step)
	case proto.OpEvents:
		resp.Events = s.events(r.Pos, r.Budget)
	case proto.OpDrop:
		delete(h.sessions, r.Sess)
	default:
		resp.Err = "unknown operation " + strconv.Quote(r.Op)
	}
	return resp
}

// append runs one more line (console, node actions).
func (s *session) append(raw string) (proto.Step, error) {
	num := 1
	if lines := s.tl.Script().Lines; len(lines) > 0 {
		num = lines[len(lines)-1].Num + 1
	}
	l, err := scenario.ParseLine("console", num, raw, s.tl.World().Nodes())
	if err != nil {
		return proto.Step{}, err
	}
	st, err := s.tl.Append(*l)
	if err != nil {
		return proto.Step{}, err
	}
	return stepOf(st), nil
}

func stepOf(st core.Step) proto.Step {
	return proto.Step{Line: *st.Line, Say: st.Say, First: st.First, Last: st.Last, Reply: st.Reply, Err: st.Err, ReplyErr: st.ReplyIsError()}
}

// meta is what the page keeps of a played session: the chart from the
// history the timeline keeps while it plays (never by walking events).
func (s *session) meta() *proto.Meta {
	tl := s.tl
	m := &proto.Meta{Len: tl.Len(), Nodes: tl.World().Nodes(), DefaultAt: defaultAt(tl)}
	for _, st := range tl.Steps() {
		m.Steps = append(m.Steps, stepOf(st))
	}
	for _, o := range tl.Offsets() {
		se := proto.Series{Node: o.Node, Kind: o.Kind, Point: make([]proto.Point, len(o.Point))}
		for i, p := range o.Point {
			se.Point[i] = proto.Point{Event: p.Event, Offset: p.Offset}
		}
		m.Chart = append(m.Chart, se)
	}
	sort.SliceStable(m.Chart, func(a, b int) bool { return m.Chart[a].Node < m.Chart[b].Node })
	qs, err := core.Questions(tl)
	if err != nil {
		m.QuestionsErr = err.Error()
	}
	for _, q := range qs {
		m.Questions = append(m.Questions, proto.Question{Ask: q.Ask, Step: q.Step, Node: q.Node, Field: q.Field, Answer: q.Answer, Explain: q.Explain, Psync: q.Psync})
	}
	return m
}

// defaultAt is a sensible first picture: the end of the first line after
// which every node of the scenario exists and every replica's link is up
// (so a lesson opens showing master and replica), or -1.
func defaultAt(tl *core.Timeline) int {
	all := tl.World().Nodes()
	steps := tl.Steps()
	for i := 0; i < len(steps) && i < 40; i++ {
		st := steps[i]
		if st.Last < st.First {
			continue
		}
		w := tl.At(st.Last)
		if len(w.Nodes()) < len(all) {
			continue
		}
		ok := true
		for _, n := range w.Nodes() {
			if ns := w.State(n); ns.Role == "slave" && ns.LinkStatus != "up" {
				ok = false
				break
			}
		}
		if ok {
			return st.Last
		}
	}
	return -1
}

// compareLine reads two sessions of the same scenario on two versions
// after the same line (step index) and lists every node's INFO fields
// side by side (the report's fields, as the conformance suite compares
// them), differences marked.
func compareLine(a, b *core.Timeline, step int) []proto.FieldDiff {
	at := func(tl *core.Timeline) map[string]map[string]string {
		steps := tl.Steps()
		if step < 0 || step >= len(steps) {
			return nil
		}
		w := tl.At(steps[step].Last)
		out := map[string]map[string]string{}
		for n, node := range w.ReportNodes() {
			f := map[string]string{}
			for k, v := range node.Fields {
				f[k] = v
			}
			for r, rep := range node.Replicas {
				f["replica "+r] = rep.State + " offset=" + rep.Offset
			}
			out[n] = f
		}
		return out
	}
	na, nb := at(a), at(b)
	var out []proto.FieldDiff
	for _, n := range report.UnionKeys(na, nb) {
		for _, f := range report.UnionKeys(na[n], nb[n]) {
			x, y := na[n][f], nb[n][f]
			if f == "master_replid" || f == "master_replid2" {
				continue // random ids: equal only by identity
			}
			out = append(out, proto.FieldDiff{Node: n, Field: f, A: x, B: y, Differs: x != y})
		}
	}
	return out
}

// Local is a host in this process reached through JSON, as the worker is:
// what static generation and native tests use.
type Local struct{ h *Host }

// NewLocal is a Local with its own host.
func NewLocal() *Local { return &Local{h: New()} }

// Call sends one request and returns its response.
func (l *Local) Call(r *proto.Request) (*proto.Response, error) {
	req, err := json.Marshal(r)
	if err != nil {
		return nil, err
	}
	var resp proto.Response
	if err := json.Unmarshal(l.h.Serve(req), &resp); err != nil {
		return nil, err
	}
	return &resp, nil
}

// Timeline is a session's timeline, for native tests that look at events.
func (l *Local) Timeline(sess int) *core.Timeline {
	if s := l.h.sessions[sess]; s != nil {
		return s.tl
	}
	return nil
}

// info is a node's INFO replication with 7.0's output-buffer figures
// (INFO memory, CLIENT LIST TYPE replica), one line per replica.
func info(w *core.World, name string) string {
	text := strings.ReplaceAll(w.Info(name, "replication"), "\r\n", "\n")
	st := w.State(name)
	lines := []string{strings.TrimRight(text, "\n"), "", "# Memory", "mem_total_replication_buffers:" + strconv.FormatInt(st.MemReplBuffers, 10)}
	if len(st.Replicas) > 0 {
		lines = append(lines, "", "# CLIENT LIST TYPE replica")
		for _, r := range st.Replicas {
			lines = append(lines, "client:"+r.Name+" oll="+strconv.FormatInt(r.Oll, 10)+" omem="+strconv.FormatInt(r.Omem, 10))
		}
	}
	return strings.Join(lines, "\n") + "\n"
}
