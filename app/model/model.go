// Package model turns a played timeline and a position in it into what
// the views draw. It is plain Go (no go-app, no DOM), so it is tested
// natively, and the views stay thin.
package model

import (
	"fmt"
	"sort"
	"strings"

	"replscope/core"
	"replscope/core/scenario"
)

// Session is a loaded scenario: its timeline and what is computed once
// for it (id colours, the offset chart).
type Session struct {
	Name   string // lesson name, or "" for a pasted scenario
	Source string // the scenario text
	TL     *core.Timeline
	colors map[string]int
	chart  []Series
}

// Load parses and plays a scenario. Errors are the parser's file:line:col
// errors; nothing panics out of here.
func Load(name, file, src string) (s *Session, err error) {
	ld, err := Begin(name, file, src)
	if err != nil {
		return nil, err
	}
	for !ld.Continue(1 << 30) {
	}
	return ld.Session(), nil
}

// Loader plays a scenario a slice at a time, so that a page can draw a
// progress bar between slices (a million commands take seconds).
type Loader struct {
	name, src string
	tl        *core.Timeline
}

// Begin parses a scenario and checks its cost (the page's limits): an
// error means nothing ran.
func Begin(name, file, src string) (ld *Loader, err error) {
	defer func() {
		if r := recover(); r != nil {
			ld, err = nil, fmt.Errorf("internal error while playing the scenario: %v", r)
		}
	}()
	sc, err := scenario.Parse(file, src)
	if err != nil {
		return nil, err
	}
	tl, err := core.Start(sc, core.Options{Seed: 1, Limits: &core.PageLimits})
	if err != nil {
		return nil, err
	}
	return &Loader{name: name, src: src, tl: tl}, nil
}

// Continue plays about budget more events and reports whether it is done.
func (l *Loader) Continue(budget int) bool { return l.tl.Continue(budget) }

// Progress is the events played and the cost check's estimate of all.
func (l *Loader) Progress() (events, expected int64) { return l.tl.Progress() }

// Session is the played scenario (call once Continue reports done).
func (l *Loader) Session() *Session {
	s := &Session{Name: l.name, Source: l.src, TL: l.tl}
	s.index()
	return s
}

// Append runs one more line (console, node actions) and returns its step.
func (s *Session) Append(raw string) (st core.Step, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("internal error: %v", r)
		}
	}()
	num := 1
	if lines := s.TL.Script().Lines; len(lines) > 0 {
		num = lines[len(lines)-1].Num + 1
	}
	l, err := scenario.ParseLine("console", num, raw, s.TL.World().Nodes())
	if err != nil {
		return core.Step{}, err
	}
	st, err = s.TL.Append(*l)
	if err != nil {
		return st, err
	}
	if st.ReplyIsError() {
		// Redis refused it: shown in the console, kept out of the source.
		s.index()
		return st, nil
	}
	if !strings.HasSuffix(s.Source, "\n") && s.Source != "" {
		s.Source += "\n"
	}
	s.Source += strings.TrimSpace(raw) + "\n"
	s.index()
	return st, nil
}

// index refreshes what is computed once per timeline: the offset chart,
// from the history the timeline keeps while it plays (never by walking
// the events). Replication ids get their colours as views ask for them.
func (s *Session) index() {
	if s.colors == nil {
		s.colors = map[string]int{}
	}
	s.chart = s.chart[:0]
	for _, o := range s.TL.Offsets() {
		se := Series{Node: o.Node, Kind: o.Kind, Point: make([]Point, len(o.Point))}
		for i, p := range o.Point {
			se.Point[i] = Point{p.Event, p.Offset}
		}
		s.chart = append(s.chart, se)
	}
	sort.SliceStable(s.chart, func(a, b int) bool { return s.chart[a].Node < s.chart[b].Node })
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

// Point is an offset at an event.
type Point struct {
	Event  int
	Offset int64
}

// Series is one node's offset over the events.
type Series struct {
	Node  string
	Kind  string // "master_repl_offset" or "slave_repl_offset"
	Point []Point
}

// Chart returns the series up to event pos.
func (s *Session) Chart(pos int) []Series {
	out := make([]Series, 0, len(s.chart))
	for _, se := range s.chart {
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
	for i, n := range s.TL.World().Nodes() {
		if n == name {
			return i % 8
		}
	}
	return 0
}

// NodeColors maps every node to its palette index.
func (s *Session) NodeColors() map[string]int {
	out := map[string]int{}
	for i, n := range s.TL.World().Nodes() {
		out[n] = i % 8
	}
	return out
}

// DefaultAt is a sensible first picture: the end of the first line after
// which every node of the scenario exists and every replica's link is up
// (so a lesson opens showing master and replica), or -1.
func (s *Session) DefaultAt() int {
	all := s.TL.World().Nodes()
	steps := s.TL.Steps()
	for i := 0; i < len(steps) && i < 40; i++ {
		st := steps[i]
		if st.Last < st.First {
			continue
		}
		w := s.TL.At(st.Last)
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
