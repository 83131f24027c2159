package core

import (
	"errors"
	"sort"

	"replscope/core/report"
	"replscope/core/scenario"
)

// Options configure a run.
type Options struct {
	Seed   uint64  // replication ids come from this seed
	Report bool    // keep every line's INFO fields for Report (replsim -json, conformance)
	Limits *Limits // what the scenario may cost (nil: NativeLimits)
}

// Step is one line that runs, with the range of events it produced.
type Step struct {
	Line     *scenario.Line  // in Script().Lines
	Say      []string        // `say` lines just before it
	Asks     []scenario.Line // `ask` lines just before it (exercises)
	First    int             // first event of the line
	Last     int             // last event (First > Last when the line made none)
	Reply    string          // the command's reply as redis-cli prints it
	Err      string          // expect failure, or another error of the line
	info     *stepInfo       // kept only for reports and questions
	replyErr bool            // the command answered an error
	at       int64           // virtual ms when the line started
}

// stepInfo is what a report or a question needs of a step: INFO after it
// and the exact reply.
type stepInfo struct {
	nodes map[string]*report.Node
	reply Reply
}

// nodes is every node's INFO after the step (nil unless kept).
func (s *Step) nodes() map[string]*report.Node {
	if s.info == nil {
		return nil
	}
	return s.info.nodes
}

// Time travel. A timeline keeps no events and no copies of keyspaces:
// it keeps checkpoints (world clones whose keyspaces are generations of a
// shared history, keyspace.go), the line-to-event index, and the offset
// history for the chart. The world after event k is the nearest earlier
// checkpoint replayed until event k is emitted; events are replayed in a
// window around the one asked for. Checkpoints are taken every
// max(checkpointMin, events/checkpointShare) events, so a seek replays a
// bounded share of the history and their number grows slowly with it.
const (
	checkpointMin   = 4096
	checkpointShare = 512
	eventWindow     = 1024
	// cursorLead: a replay keeps its world at the first task boundary
	// this close to the event asked for (the cursor), so that stepping
	// on replays from there, not from the checkpoint up to a spacing
	// (23,000 events in a 12M-event timeline) back.
	cursorLead = 256
)

type checkpoint struct {
	events int    // events emitted before this point
	step   int    // index of the step being run (or about to begin)
	begun  bool   // the step's line has begun
	world  *World // a private clone
}

// Timeline is a played scenario: the means to see every event and the
// world after any of them.
type Timeline struct {
	opts        Options
	script      *scenario.Script
	world       *World
	total       int
	steps       []Step
	checkpoints []checkpoint
	pendingSay  []string
	pendingAsk  []scenario.Line
	failures    []string
	offsets     offsetHistory
	cost        *costModel // the cost so far, for lines appended later
	next        int        // the next script line Continue begins
	inLine      bool       // the last step's line has begun and not settled
	expected    int64      // events the cost check expects

	cursor *checkpoint // a replay's world near the last event asked for

	win struct { // replayed events [lo, lo+len(ev))
		lo int
		ev []Event
	}
}

// Play runs a whole scenario.
func Play(s *scenario.Script, opts Options) (*Timeline, error) {
	t, err := Start(s, opts)
	if err != nil {
		return nil, err
	}
	for !t.Continue(1 << 30) {
	}
	return t, nil
}

// Start checks a scenario's cost and readies its timeline without running
// a line; Continue plays it a budget of events at a time, so that a page
// can draw its progress between two calls.
func Start(s *scenario.Script, opts Options) (*Timeline, error) {
	if s == nil {
		return nil, errors.New("no scenario")
	}
	lim := NativeLimits
	if opts.Limits != nil {
		lim = *opts.Limits
	}
	// Refused before anything runs: a scenario never half-runs.
	cost := newCostModel(s.Name, lim, s.Version)
	for i := range s.Lines {
		if err := cost.line(&s.Lines[i]); err != nil {
			return nil, err
		}
	}
	// The timeline shares the script's lines (an append copies them).
	t := &Timeline{opts: opts, cost: cost, script: &scenario.Script{Name: s.Name, Title: s.Title, Version: s.Version, VersionLine: s.VersionLine, Nodes: append([]string(nil), s.Nodes...), Lines: s.Lines[:len(s.Lines):len(s.Lines)]}, world: NewWorld(opts.Seed)}
	if err := t.world.SetVersion(s.Version); err != nil {
		return nil, err
	}
	t.world.SetSink(&t.offsets)
	t.world.SetKeyHint(cost.cost.Writes)
	t.steps = make([]Step, 0, len(s.Lines))
	t.expected = cost.cost.Events
	return t, nil
}

// Continue plays on until about budget more events have been emitted or
// the scenario has ended, and reports whether it has.
func (t *Timeline) Continue(budget int) (done bool) {
	defer func() {
		if r := recover(); r != nil {
			t.lineFailed(r)
			done = !t.inLine && t.next >= len(t.script.Lines)
		}
	}()
	stop := t.total + budget
	for t.total < stop {
		if t.inLine {
			if t.stepLine() {
				continue
			}
			t.endLine()
			continue
		}
		if t.next >= len(t.script.Lines) {
			return true
		}
		t.next++
		t.beginLine(&t.script.Lines[t.next-1])
	}
	return !t.inLine && t.next >= len(t.script.Lines)
}

// Progress is how far Continue has come: events so far and the estimate
// for the whole scenario (an upper bound, from the cost check).
func (t *Timeline) Progress() (events, expected int64) {
	return int64(t.total), max(t.expected, int64(t.total))
}

// Append runs one more line at the end (a console line or a click).
func (t *Timeline) Append(l scenario.Line) (Step, error) {
	if l.Kind == scenario.Node && t.world.server(l.Node) != nil {
		return Step{}, errors.New("node " + l.Node + " already exists")
	}
	// An appended line is the console's (or a node action's): its
	// refusal names the console, where the user typed it.
	saved := *t.cost
	saved.isMaster, saved.backlog = cloneMap(t.cost.isMaster), cloneMap(t.cost.backlog)
	t.cost.file = "console"
	err := t.cost.line(&l)
	t.cost.file = saved.file
	if err != nil {
		*t.cost = saved
		return Step{}, err
	}
	for !t.Continue(1 << 30) {
	}
	n := len(t.steps)
	t.script.Lines = append(t.script.Lines, l)
	t.next = len(t.script.Lines)
	t.run(&t.script.Lines[len(t.script.Lines)-1])
	if len(t.steps) == n {
		return Step{Line: &t.script.Lines[len(t.script.Lines)-1], First: t.total, Last: t.total - 1}, nil
	}
	return t.steps[len(t.steps)-1], nil
}

func (t *Timeline) spacing() int { return max(checkpointMin, t.total/checkpointShare) }

func (t *Timeline) checkpoint(step int, begun bool) {
	t.checkpoints = append(t.checkpoints, checkpoint{events: t.total, step: step, begun: begun, world: t.world.Clone()})
}

// run plays one line to its settled end.
func (t *Timeline) run(l *scenario.Line) {
	defer t.recoverLine()
	t.beginLine(l)
	for t.inLine && t.stepLine() {
	}
	if t.inLine {
		t.endLine()
	}
}

// recoverLine is run's guard (recover works only in the deferred call).
func (t *Timeline) recoverLine() {
	if r := recover(); r != nil {
		t.lineFailed(r)
	}
}

// lineFailed turns a bug's panic into the line's error and ends the line
// (World.recovered).
func (t *Timeline) lineFailed(r any) {
	t.world.recovered(r)
	t.total = t.world.emitted
	if t.inLine {
		t.endLine()
	}
}

// beginLine starts a line; a line that runs stays in progress (inLine)
// until the world settles.
func (t *Timeline) beginLine(l *scenario.Line) {
	switch l.Kind {
	case scenario.Title:
		return
	case scenario.Say:
		t.pendingSay = append(t.pendingSay, l.Say)
		return
	case scenario.Ask:
		t.pendingAsk = append(t.pendingAsk, *l)
		return
	}
	if len(t.checkpoints) == 0 || t.total-t.checkpoints[len(t.checkpoints)-1].events >= t.spacing() {
		t.checkpoint(len(t.steps), false)
	}
	st := Step{Line: l, Say: t.pendingSay, Asks: t.pendingAsk, First: t.total, at: t.world.now}
	t.pendingSay, t.pendingAsk = nil, nil
	t.steps = append(t.steps, st)
	t.world.Begin(l)
	t.total = t.world.emitted
	t.inLine = true
}

// stepLine runs one task of the line in progress; false once it settled.
func (t *Timeline) stepLine() bool {
	more := t.world.Step()
	t.total = t.world.emitted
	if more && t.total-t.checkpoints[len(t.checkpoints)-1].events >= t.spacing() {
		t.checkpoint(len(t.steps)-1, true)
	}
	return more
}

// endLine records how the line in progress ended.
func (t *Timeline) endLine() {
	t.inLine = false
	w := t.world
	sp := &t.steps[len(t.steps)-1]
	sp.Last = t.total - 1
	if r := w.Reply(); r.Kind != 0 {
		sp.Reply = r.String()
		sp.replyErr = r.IsError()
	}
	sp.Err = w.LineErr()
	if sp.Err != "" {
		t.failures = append(t.failures, t.script.Name+":"+itoa(int64(sp.Line.Num))+": "+sp.Err)
	}
	if t.opts.Report || len(sp.Asks) > 0 { // questions are answered from INFO
		sp.info = &stepInfo{nodes: w.ReportNodes(), reply: w.Reply()}
	}
	t.win.ev = t.win.ev[:0] // Append may end inside the window
}

// Script is the scenario as run so far (appended lines included).
func (t *Timeline) Script() *scenario.Script { return t.script }

// Len is the number of events.
func (t *Timeline) Len() int { return t.total }

// Steps lists the lines that ran.
func (t *Timeline) Steps() []Step { return t.steps }

// StepOf is the index of the step that holds event k (-1 if none).
func (t *Timeline) StepOf(k int) int {
	i := sort.Search(len(t.steps), func(i int) bool { return t.steps[i].First > k })
	return i - 1
}

// World is the state after the last event. Read-only.
func (t *Timeline) World() *World { return t.world }

// Failures lists the lines that failed (expect mismatches, bad links ...).
func (t *Timeline) Failures() []string { return t.failures }

// Offsets is every node's offset history, thinned to a picture's worth.
func (t *Timeline) Offsets() []OffsetSeries { return t.offsets.series() }

// nearest is the last checkpoint taken at or before event count n.
func (t *Timeline) nearest(n int) checkpoint {
	i := sort.Search(len(t.checkpoints), func(i int) bool { return t.checkpoints[i].events > n })
	return t.checkpoints[max(i-1, 0)]
}

// replay clones the checkpoint nearest before event count from, runs it
// with sink until stop events have been emitted (or the scenario ends),
// and returns the world where it stopped.
func (t *Timeline) replay(from, stop int, sink EventSink) (w *World) {
	cp := t.nearest(from)
	if c := t.cursor; c != nil && c.events <= from && c.events > cp.events {
		cp = *c
	}
	w = cp.world.Clone()
	if cp.events >= stop {
		return w
	}
	w.sink, w.stopAt = sink, stop
	defer func() {
		// A stop is how a replay ends; a bug's panic leaves the world
		// where it was, which is still better than a dead tab.
		recover()
		w.sink, w.stopAt = nil, 0
	}()
	step, begun := cp.step, cp.begun
	keep := stop-cp.events > cursorLead // else cp is near enough already
	for step < len(t.steps) {
		// Between two tasks: a world that can run on, so it can be kept.
		if keep && stop-w.emitted <= cursorLead {
			t.cursor = &checkpoint{events: w.emitted, step: step, begun: begun, world: w.Clone()}
			keep = false
		}
		if !begun {
			w.Begin(t.steps[step].Line)
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

// At returns the world after event k (k = -1: before any event), stopped
// inside the transition that emitted it. The world is a private copy, to
// read: stepping it further is not supported.
func (t *Timeline) At(k int) *World {
	if k >= t.total-1 {
		return t.world.Clone()
	}
	return t.replay(k+1, k+1, nil)
}

// windowSink records the events of a replay in [lo, hi).
type windowSink struct {
	lo int
	ev *[]Event
}

func (s *windowSink) Event(k int, e *Event) {
	if k >= s.lo {
		c := *e
		c.Argv = append([]string(nil), e.Argv...)
		*s.ev = append(*s.ev, c)
	}
}

// Event returns event k, replaying the window around it when needed.
func (t *Timeline) Event(k int) *Event {
	if k < 0 || k >= t.total {
		return nil
	}
	if k >= t.win.lo && k < t.win.lo+len(t.win.ev) {
		e := t.win.ev[k-t.win.lo]
		return &e
	}
	lo := max(k-eventWindow/4, 0)
	if cp := t.nearest(k); cp.events > lo {
		lo = cp.events
	}
	hi := min(lo+eventWindow, t.total)
	t.win.lo, t.win.ev = lo, t.win.ev[:0]
	t.replay(lo, hi, &windowSink{lo: lo, ev: &t.win.ev})
	e := t.win.ev[k-lo]
	return &e
}

// Report is the replsim -json record: one step per line that ran (Play
// with Options.Report).
func (t *Timeline) Report() *report.Run {
	r := &report.Run{Scenario: t.script.Name, Steps: make([]report.Step, 0, len(t.steps))}
	for _, s := range t.steps {
		var reply string
		if s.info != nil {
			reply = s.info.reply.Compact()
			if r := s.info.reply; (r.Kind == '*' || r.Kind == '~') && report.RandomReply(replyArgs(s.Line)) {
				reply = report.RandomMembers(len(r.Array))
			}
		}
		r.Steps = append(r.Steps, report.Step{Line: s.Line.Num, Text: s.Line.Text, Reply: reply, Nodes: s.nodes(), Clock: s.at})
	}
	return r
}

func cloneMap[V any](m map[string]V) map[string]V {
	c := make(map[string]V, len(m))
	for k, v := range m {
		c[k] = v
	}
	return c
}

// replyArgs is the command of a line whose reply a report keeps.
func replyArgs(l *scenario.Line) []string {
	if l.Kind == scenario.Command {
		return l.Args
	}
	return nil
}
