// Package model is the page's side of the simulator: a played scenario
// (Session) and what the views draw at a position in it (Snapshot), asked
// of the simulator (app/simhost) through app/proto. In the browser the
// simulator runs in a Web Worker (transport_js.go); natively (static
// generation, tests) in the same process (Connect(simhost.NewLocal())).
// It is plain Go without the core, so the page's binary links none of it.
package model

import (
	"errors"
	"sort"
	"strings"
	"sync"

	"replscope/app/proto"
	"replscope/core/scenario"
	"replscope/core/state"
)

// The simulator's data, as the views use them.
type (
	Snapshot  = proto.Snapshot
	Stream    = proto.Stream
	Chunk     = proto.Chunk
	Series    = proto.Series
	Point     = proto.Point
	Step      = proto.Step
	Event     = proto.Event
	Question  = proto.Question
	FieldDiff = proto.FieldDiff
)

// Transport carries one request to the simulator and its response back.
type Transport interface {
	Call(*proto.Request) (*proto.Response, error)
}

var (
	mu   sync.Mutex
	conn Transport
	ids  int
)

// Connect sets the simulator every session is played on.
func Connect(t Transport) {
	mu.Lock()
	conn = t
	mu.Unlock()
}

// ErrNoSimulator is the error of every call before Connect.
var ErrNoSimulator = errors.New("the simulator is not running")

// Stopped is the error of every call once the simulator has stopped (its
// program ended, ran out of memory, or did not load).
func Stopped(reason string) error {
	return errors.New("the simulator stopped (" + reason + "); reload the page to start it again: the scenario is kept in the address bar")
}

// call sends r; a response's error text becomes the error.
func call(r *proto.Request) (*proto.Response, error) {
	mu.Lock()
	t := conn
	ids++
	r.ID = ids
	mu.Unlock()
	if t == nil {
		return nil, ErrNoSimulator
	}
	resp, err := t.Call(r)
	if err != nil {
		return nil, err
	}
	if resp.Err != "" {
		return resp, errors.New(resp.Err)
	}
	return resp, nil
}

// Commands are the Redis commands the simulator models (the console's Tab
// completion), asked once.
func Commands() []string {
	if cmdNames == nil {
		if resp, err := call(&proto.Request{Op: proto.OpHello}); err == nil {
			cmdNames = resp.Commands
			sort.Strings(cmdNames)
		}
	}
	return cmdNames
}

var cmdNames []string // the page's goroutine alone reads and writes it

// Session is a played scenario: its lines, length and chart (Meta), and
// what the page computes of it (id colours, key moments).
type Session struct {
	Name   string // lesson name, or "" for a pasted scenario
	Source string // the scenario text
	id     int
	script *scenario.Script
	meta   *proto.Meta
	colors map[string]int
	keys   map[int]int
}

// Load parses and plays a scenario. Errors are the parser's file:line:col
// errors, the limits' refusals, or the simulator's.
func Load(name, file, src string) (*Session, error) {
	ld, err := Begin(name, file, src)
	if err != nil {
		return nil, err
	}
	return ld.Finish()
}

// Loader plays a scenario a slice at a time, so that a page can draw a
// progress bar between slices (a million commands take seconds).
type Loader struct {
	name, src        string
	script           *scenario.Script
	id               int
	played, expected int64
}

// Begin parses a scenario and checks its cost (the page's limits): an
// error means nothing ran.
func Begin(name, file, src string) (*Loader, error) {
	sc, err := scenario.Parse(file, src)
	if err != nil {
		return nil, err
	}
	resp, err := call(&proto.Request{Op: proto.OpBegin, Name: name, File: file, Src: src})
	if err != nil {
		return nil, err
	}
	return &Loader{name: name, src: src, script: sc, id: resp.Sess, played: resp.Played, expected: resp.Expected}, nil
}

// Step plays about budget more events and reports whether it is done.
func (l *Loader) Step(budget int) (bool, error) {
	resp, err := call(&proto.Request{Op: proto.OpContinue, Sess: l.id, Budget: budget})
	if err != nil {
		return false, err
	}
	l.played, l.expected = resp.Played, resp.Expected
	return resp.Done, nil
}

// Progress is the events played and the cost check's estimate of all.
func (l *Loader) Progress() (events, expected int64) { return l.played, l.expected }

// Finish plays the rest at once and returns the session.
func (l *Loader) Finish() (*Session, error) {
	for {
		done, err := l.Step(1 << 30)
		if err != nil {
			return nil, err
		}
		if done {
			return l.Session()
		}
	}
}

// Drop forgets a load the page no longer wants (Cancel).
func (l *Loader) Drop() { call(&proto.Request{Op: proto.OpDrop, Sess: l.id}) }

// Session is the played scenario (once Step reports done).
func (l *Loader) Session() (*Session, error) {
	s := &Session{Name: l.name, Source: l.src, id: l.id, script: l.script, colors: map[string]int{}, keys: map[int]int{}}
	resp, err := call(&proto.Request{Op: proto.OpMeta, Sess: l.id})
	if err != nil {
		return nil, err
	}
	s.meta = resp.Meta
	return s, nil
}

// Len is the number of events.
func (s *Session) Len() int { return s.meta.Len }

// Steps are the scenario's lines with their events.
func (s *Session) Steps() []Step { return s.meta.Steps }

// StepOf is the index of the step event k belongs to (-1 before the first).
func (s *Session) StepOf(k int) int {
	i := sort.Search(len(s.meta.Steps), func(i int) bool { return s.meta.Steps[i].First > k })
	return i - 1
}

// Script is the parsed scenario (its title and prose, translations included).
func (s *Session) Script() *scenario.Script { return s.script }

// Nodes are every node of the scenario, in the order they were declared.
func (s *Session) Nodes() []string { return s.meta.Nodes }

// Questions are the exercise's questions with their answers.
func (s *Session) Questions() ([]Question, error) {
	if s.meta.QuestionsErr != "" {
		return s.meta.Questions, errors.New(s.meta.QuestionsErr)
	}
	return s.meta.Questions, nil
}

// At builds the snapshot after event pos.
func (s *Session) At(pos int) (*Snapshot, error) {
	resp, err := call(&proto.Request{Op: proto.OpAt, Sess: s.id, Pos: pos})
	if err != nil {
		return nil, err
	}
	for _, n := range resp.Snap.Nodes {
		s.Color(n.ReplID)
		s.Color(n.ReplID2)
	}
	if sn := resp.Snap; sn.Step >= 0 && sn.Step < len(s.meta.Steps) {
		s.keys[sn.Step] = sn.Key
	}
	return resp.Snap, nil
}

// Event is event k (nil outside the timeline).
func (s *Session) Event(k int) *Event {
	if k < 0 || k >= s.Len() {
		return nil
	}
	resp, err := call(&proto.Request{Op: proto.OpEvents, Sess: s.id, Pos: k, Budget: 1})
	if err != nil || len(resp.Events) == 0 {
		return nil
	}
	return &resp.Events[0]
}

// KeyMoment is the event step i is about (simhost's keyMoment), asked
// once per step: a line's events never change once it has run.
func (s *Session) KeyMoment(i int) int {
	if k, ok := s.keys[i]; ok {
		return k
	}
	resp, err := call(&proto.Request{Op: proto.OpKeyMoment, Sess: s.id, Step: i})
	if err != nil {
		return s.meta.Steps[i].Last
	}
	s.keys[i] = resp.Key
	return resp.Key
}

// Append runs one more line (console, node actions) and returns its step.
func (s *Session) Append(raw string) (Step, error) {
	resp, err := call(&proto.Request{Op: proto.OpAppend, Sess: s.id, Raw: raw})
	if err != nil {
		return Step{}, err
	}
	s.meta = resp.Meta
	st := *resp.Step
	if st.ReplyErr {
		// Redis refused it: shown in the console, kept out of the source.
		return st, nil
	}
	if !strings.HasSuffix(s.Source, "\n") && s.Source != "" {
		s.Source += "\n"
	}
	s.Source += strings.TrimSpace(raw) + "\n"
	return st, nil
}

// Color is the palette index of a replication id (-1 for none).
func (s *Session) Color(id string) int {
	if c, ok := s.colors[id]; ok {
		return c % 8
	}
	if id == "" || strings.Trim(id, "0") == "" {
		return -1
	}
	c := len(s.colors)
	s.colors[id] = c
	return c % 8
}

// Chart returns the series up to event pos.
func (s *Session) Chart(pos int) []Series {
	out := make([]Series, 0, len(s.meta.Chart))
	for _, se := range s.meta.Chart {
		n := sort.Search(len(se.Point), func(i int) bool { return se.Point[i].Event > pos })
		if n == 0 {
			continue
		}
		out = append(out, Series{Node: se.Node, Kind: se.Kind, Point: se.Point[:n]})
	}
	return out
}

// NodeIndex is a node's palette index: its place among the scenario's
// nodes (the same everywhere: cards, chart, backlog line, stream).
func (s *Session) NodeIndex(name string) int {
	for i, n := range s.meta.Nodes {
		if n == name {
			return i % 8
		}
	}
	return 0
}

// NodeColors maps every node to its palette index.
func (s *Session) NodeColors() map[string]int {
	out := map[string]int{}
	for i, n := range s.meta.Nodes {
		out[n] = i % 8
	}
	return out
}

// DefaultAt is a sensible first picture: the end of the first line after
// which every node of the scenario exists and every replica's link is up
// (so a lesson opens showing master and replica), or -1.
func (s *Session) DefaultAt() int { return s.meta.DefaultAt }

// Lag is how many bytes a replica is behind its master.
func Lag(master, replica state.NodeState) int64 {
	return max(master.MasterReplOffset-replica.SlaveReplOffset, 0)
}

// StepStart is the first event of step i (or the position before it).
func (s *Session) StepStart(i int) int {
	steps := s.meta.Steps
	if i < 0 || i >= len(steps) {
		return -1
	}
	return steps[i].First
}

// StepEnd is the last event of step i.
func (s *Session) StepEnd(i int) int {
	steps := s.meta.Steps
	if i < 0 || len(steps) == 0 {
		return -1
	}
	if i >= len(steps) {
		i = len(steps) - 1
	}
	last := steps[i].Last
	for j := i; last < 0 && j > 0; j-- {
		last = steps[j-1].Last
	}
	return last
}

// CompareLine plays nothing: it reads two sessions of the same scenario
// on two versions after the same line (step index) and lists every
// node's INFO fields side by side, differences marked.
func CompareLine(a, b *Session, step int) []FieldDiff {
	resp, err := call(&proto.Request{Op: proto.OpCompare, Sess: a.id, Other: b.id, Step: step})
	if err != nil {
		return nil
	}
	return resp.Diffs
}
