package core

import (
	"errors"

	"replscope/core/report"
	"replscope/core/scenario"
)

// Options configure a run.
type Options struct {
	Seed uint64 // replication ids come from this seed
}

// Step is one line that runs, with the range of events it produced.
type Step struct {
	Line  scenario.Line
	Say   []string        // `say` lines just before it
	Asks  []scenario.Line // `ask` lines just before it (exercises)
	First int             // first event of the line
	Last  int             // last event (First > Last when the line made none)
	Reply string          // the command's reply as redis-cli prints it
	Err   string          // expect failure, or another error of the line
	nodes map[string]*report.Node
	reply Reply
}

// checkpointEvery is how many events separate two checkpoints: seeking
// replays at most this many.
const checkpointEvery = 2048

type checkpoint struct {
	events int    // events emitted before this point
	step   int    // index of the step being run (or about to begin)
	begun  bool   // the step's line has begun
	world  *World // a private clone
}

// Timeline is a played scenario: every event, and the means to see the
// world after any of them (checkpoints plus replay).
type Timeline struct {
	script      *scenario.Script
	world       *World
	events      []Event
	steps       []Step
	checkpoints []checkpoint
	pendingSay  []string
	pendingAsk  []scenario.Line
	failures    []string
}

// Play runs a whole scenario, recording every event.
func Play(s *scenario.Script, opts Options) (*Timeline, error) {
	if s == nil {
		return nil, errors.New("no scenario")
	}
	t := &Timeline{script: &scenario.Script{Name: s.Name, Title: s.Title, Nodes: append([]string(nil), s.Nodes...)}, world: NewWorld(opts.Seed)}
	t.world.SetEvents(&t.events)
	for i := range s.Lines {
		t.run(s.Lines[i])
	}
	return t, nil
}

// Append runs one more line at the end (a console line or a click).
func (t *Timeline) Append(l scenario.Line) (Step, error) {
	if l.Kind == scenario.Node && t.world.server(l.Node) != nil {
		return Step{}, errors.New("node " + l.Node + " already exists")
	}
	n := len(t.steps)
	t.run(l)
	if len(t.steps) == n {
		return Step{Line: l, First: len(t.events), Last: len(t.events) - 1}, nil
	}
	return t.steps[len(t.steps)-1], nil
}

func (t *Timeline) run(l scenario.Line) {
	t.script.Lines = append(t.script.Lines, l)
	switch {
	case l.Kind == scenario.Title:
		return
	case l.Kind == scenario.Say:
		t.pendingSay = append(t.pendingSay, l.Say)
		return
	case l.Kind == scenario.Ask:
		t.pendingAsk = append(t.pendingAsk, l)
		return
	}
	w := t.world
	idx := len(t.steps)
	if len(t.checkpoints) == 0 || len(t.events)-t.checkpoints[len(t.checkpoints)-1].events >= checkpointEvery {
		t.checkpoints = append(t.checkpoints, checkpoint{events: len(t.events), step: idx, world: w.Clone()})
	}
	st := Step{Line: l, Say: t.pendingSay, Asks: t.pendingAsk, First: len(t.events)}
	t.pendingSay, t.pendingAsk = nil, nil
	t.steps = append(t.steps, st)
	w.Begin(&l)
	for w.Step() {
		if len(t.events)-t.checkpoints[len(t.checkpoints)-1].events >= checkpointEvery {
			t.checkpoints = append(t.checkpoints, checkpoint{events: len(t.events), step: idx, begun: true, world: w.Clone()})
		}
	}
	sp := &t.steps[idx]
	sp.Last = len(t.events) - 1
	sp.reply = w.Reply()
	if sp.reply.Kind != 0 {
		sp.Reply = sp.reply.String()
	}
	sp.Err = w.LineErr()
	if sp.Err != "" {
		t.failures = append(t.failures, t.script.Name+":"+itoa(int64(l.Num))+": "+sp.Err)
	}
	sp.nodes = w.ReportNodes()
}

// Script is the scenario as run so far (appended lines included).
func (t *Timeline) Script() *scenario.Script { return t.script }

// Len is the number of events.
func (t *Timeline) Len() int { return len(t.events) }

// Event returns event k.
func (t *Timeline) Event(k int) *Event {
	if k < 0 || k >= len(t.events) {
		return nil
	}
	return &t.events[k]
}

// Steps lists the lines that ran.
func (t *Timeline) Steps() []Step { return t.steps }

// StepOf is the index of the step that holds event k (-1 if none).
func (t *Timeline) StepOf(k int) int {
	lo, hi := 0, len(t.steps)-1
	ans := -1
	for lo <= hi {
		mid := (lo + hi) / 2
		if t.steps[mid].First <= k {
			ans = mid
			lo = mid + 1
		} else {
			hi = mid - 1
		}
	}
	return ans
}

// World is the state after the last event. Read-only.
func (t *Timeline) World() *World { return t.world }

// Failures lists the lines that failed (expect mismatches, bad links ...).
func (t *Timeline) Failures() []string { return t.failures }

// At returns the world after event k (k = -1: before any event). The
// returned world is a private copy.
func (t *Timeline) At(k int) *World {
	if k >= len(t.events)-1 {
		return t.world.Clone()
	}
	target := k + 1 // events emitted when we stop
	ci := 0
	for i, cp := range t.checkpoints {
		if cp.events <= target {
			ci = i
		}
	}
	cp := t.checkpoints[ci]
	w := cp.world.Clone()
	w.emitted = cp.events
	step, begun := cp.step, cp.begun
	for w.emitted < target && step < len(t.steps) {
		if !begun {
			w.Begin(&t.steps[step].Line)
			begun = true
			continue
		}
		if !w.Step() {
			step++
			begun = false
		}
	}
	return w
}

// Report is the replsim -json record: one step per line that ran.
func (t *Timeline) Report() *report.Run {
	r := &report.Run{Scenario: t.script.Name, Steps: make([]report.Step, 0, len(t.steps))}
	for _, s := range t.steps {
		r.Steps = append(r.Steps, report.Step{Line: s.Line.Num, Text: s.Line.Text, Reply: s.reply.Compact(), Nodes: s.nodes})
	}
	return r
}
