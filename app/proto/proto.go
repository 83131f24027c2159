// Package proto is what the page and the simulator say to each other. The
// simulator (app/simhost, the core) runs in a Web Worker of its own
// (sim.wasm); the page (app.wasm) links this package, core/state and the
// scenario parser, never the core. Every value here is plain data that
// encoding/json carries both ways; app/model is the page's side, simhost
// the worker's, and natively (static generation, tests) the two are
// joined in one process through the same JSON.
package proto

import (
	"replscope/core/scenario"
	"replscope/core/state"
)

// The operations.
const (
	OpHello     = "hello"     // the simulator is up: its command names
	OpBegin     = "begin"     // parse a scenario and check its cost: a session
	OpContinue  = "continue"  // play about Budget more events of it
	OpMeta      = "meta"      // what is computed once per played session
	OpAt        = "at"        // the snapshot after event Pos
	OpAppend    = "append"    // run one more line (the console, node actions)
	OpKeyMoment = "keymoment" // the event step Step is about
	OpCompare   = "compare"   // step Step of Sess against the same step of Other
	OpEvents    = "events"    // events Pos to Pos+Budget-1 (at most MaxEvents)
	OpDrop      = "drop"      // forget a session
)

// Request is one call. ID pairs it with its Response.
type Request struct {
	ID     int    `json:"id"`
	Op     string `json:"op"`
	Sess   int    `json:"sess,omitempty"`
	Other  int    `json:"other,omitempty"`
	Name   string `json:"name,omitempty"`
	File   string `json:"file,omitempty"`
	Src    string `json:"src,omitempty"`
	Budget int    `json:"budget,omitempty"`
	Pos    int    `json:"pos,omitempty"`
	Step   int    `json:"step,omitempty"`
	Raw    string `json:"raw,omitempty"`
}

// Response answers a Request: Err is an error's text (a scenario's
// FILE:LINE:COL, Redis's own for a command), else what the Op returns.
type Response struct {
	ID       int         `json:"id"`
	Err      string      `json:"err,omitempty"`
	Sess     int         `json:"sess,omitempty"`
	Done     bool        `json:"done,omitempty"`
	Played   int64       `json:"played,omitempty"`
	Expected int64       `json:"expected,omitempty"`
	Meta     *Meta       `json:"meta,omitempty"`
	Snap     *Snapshot   `json:"snap,omitempty"`
	Step     *Step       `json:"step,omitempty"`
	Key      int         `json:"key,omitempty"`
	Diffs    []FieldDiff `json:"diffs,omitempty"`
	Commands []string    `json:"commands,omitempty"`
	Events   []Event     `json:"events,omitempty"`
}

// MaxEvents bounds an OpEvents answer.
const MaxEvents = 4096

// Meta is what a played session computes once: its length, its lines,
// its nodes, the offset chart, the first picture and the questions.
type Meta struct {
	Len          int        `json:"len"`
	Steps        []Step     `json:"steps"`
	Nodes        []string   `json:"nodes"` // every node, in the order they were declared
	Chart        []Series   `json:"chart"`
	DefaultAt    int        `json:"defaultAt"`
	Questions    []Question `json:"questions,omitempty"`
	QuestionsErr string     `json:"questionsErr,omitempty"`
}

// Step is one scenario line and the events it made.
type Step struct {
	Line     scenario.Line `json:"line"`
	Say      []string      `json:"say,omitempty"`
	First    int           `json:"first"`
	Last     int           `json:"last"` // First > Last: the line made no event
	Reply    string        `json:"reply,omitempty"`
	Err      string        `json:"err,omitempty"`
	ReplyErr bool          `json:"replyErr,omitempty"` // Redis answered an error
}

// Question is an exercise's question with its answer.
type Question struct {
	Ask     scenario.Line        `json:"ask"`
	Step    int                  `json:"step"`
	Node    string               `json:"node"`
	Field   string               `json:"field"`
	Answer  string               `json:"answer"`
	Explain string               `json:"explain"`
	Psync   *state.PsyncDecision `json:"psync,omitempty"`
}

// Point is an offset at an event.
type Point struct {
	Event  int   `json:"e"`
	Offset int64 `json:"o"`
}

// Series is one node's offset over the events.
type Series struct {
	Node  string  `json:"node"`
	Kind  string  `json:"kind"` // "master_repl_offset" or "slave_repl_offset"
	Point []Point `json:"point"`
}

// Event is one event of the simulator (core.Event's fields).
type Event struct {
	Kind   state.EventKind      `json:"kind"`
	Line   int                  `json:"line"`
	Node   string               `json:"node"`
	Peer   string               `json:"peer,omitempty"`
	Func   string               `json:"func"`
	Offset int64                `json:"offset"`
	Len    int64                `json:"len"`
	A      int64                `json:"a"`
	B      int64                `json:"b"`
	Argv   []string             `json:"argv,omitempty"`
	Text   string               `json:"text,omitempty"`
	Psync  *state.PsyncDecision `json:"psync,omitempty"`
}

// End is the offset of the last byte concerned.
func (e *Event) End() int64 { return e.Offset + e.Len - 1 }

// Snapshot is everything the views draw at one position: the world after
// event Pos (Pos = -1: before the first event).
type Snapshot struct {
	Pos       int                  `json:"pos"`
	Total     int                  `json:"total"`
	Step      int                  `json:"step"` // index of the current step (-1 before any)
	Steps     int                  `json:"steps"`
	Line      string               `json:"line"` // the current scenario line
	LineNum   int                  `json:"lineNum"`
	Check     bool                 `json:"check"` // the line is a test line (`expect`): never narration
	Say       []string             `json:"say,omitempty"`
	Event     *Event               `json:"event,omitempty"`
	Explain   string               `json:"explain"`   // the event in the version's words
	ExplainZH string               `json:"explainZH"` // and in Chinese
	Reply     string               `json:"reply,omitempty"`
	Err       string               `json:"err,omitempty"`
	Nodes     []state.NodeState    `json:"nodes"`
	Psync     *state.PsyncDecision `json:"psync,omitempty"`
	PsyncAt   int                  `json:"psyncAt"` // the event of that decision
	Key       int                  `json:"key"`     // the current step's key moment (Next line's stop)
	Stream    Stream               `json:"stream"`
	// Info is each node's INFO replication (CRLF turned to LF) with 7.0's
	// output-buffer figures after it (INFO memory, CLIENT LIST TYPE replica).
	Info   map[string]string `json:"info"`
	Motion []LinkMotion      `json:"motion,omitempty"`
}

// Stream is a window of replication stream bytes with the current
// event's bytes marked.
type Stream struct {
	Node   string `json:"node"`
	From   int64  `json:"from"` // offset of Bytes[0]
	Bytes  []byte `json:"bytes"`
	HiFrom int64  `json:"hiFrom"` // highlighted offsets (inclusive); HiTo < HiFrom for none
	HiTo   int64  `json:"hiTo"`
}

// Chunk is one row of the stream view: an offset and its bytes.
type Chunk struct {
	Offset int64
	Bytes  []byte
}

// Rows splits the stream into rows of width bytes, aligned to offsets.
func (st Stream) Rows(width int) []Chunk {
	var out []Chunk
	for i := 0; i < len(st.Bytes); {
		off := st.From + int64(i)
		n := width - int((off-1)%int64(width))
		n = min(n, len(st.Bytes)-i)
		out = append(out, Chunk{Offset: off, Bytes: st.Bytes[i : i+n]})
		i += n
	}
	return out
}

// LinkMotion is what moves on one replica's link at a position.
type LinkMotion struct {
	Replica    string `json:"replica"`
	Master     string `json:"master"`
	Flight     int64  `json:"flight,omitempty"`     // stream bytes on the wire, master → replica
	FlightFrom int64  `json:"flightFrom,omitempty"` // the replication offset of the first of them
	Head       string `json:"head,omitempty"`       // their first bytes, RESP abbreviated
	Stalled    bool   `json:"stalled,omitempty"`    // `link R stall`: the wire's bytes wait there
	Buffered   int64  `json:"buffered,omitempty"`   // read into the replica's buffer, not applied yet
	BufFrom    int64  `json:"bufFrom,omitempty"`
	BufHead    string `json:"bufHead,omitempty"`
	Back       int64  `json:"back,omitempty"`  // a cut link: bytes the master wrote since, waiting in its backlog
	Msg        string `json:"msg,omitempty"`   // the oldest other message on the way (a PSYNC reply, an RDB, an ACK)
	MsgUp      bool   `json:"msgUp,omitempty"` // it goes replica → master
}

// FieldDiff is one INFO field of one node after the same line on two
// versions.
type FieldDiff struct {
	Node    string `json:"node"`
	Field   string `json:"field"`
	A       string `json:"a"` // "" when the version does not print the field
	B       string `json:"b"`
	Differs bool   `json:"differs"`
}
