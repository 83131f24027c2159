package scenario

import (
	"strconv"
	"strings"
)

// Kind is what a line does.
type Kind int

// The verbs of contract version 1, then the project's extensions.
const (
	Title Kind = iota
	Say
	Node    // node NAME [replicaof OTHER]
	Config  // config NAME PARAM VALUE
	Command // NAME COMMAND ARGS...
	Link    // link NAME down|up
	Restart // restart NAME
	Advance // advance DURATION
	Expect  // expect NAME FIELD VALUE
	Repeat  // extension: repeat N NAME COMMAND ARGS... with {i} and {Nkb}
	Ask     // extension: ask NAME psync|FIELD
	Hold    // contract 1.1: sync NAME hold|release (Up: release)
	Stall   // contract 1.1: link NAME stall|resume (Up: resume)
)

var kindNames = [...]string{"title", "say", "node", "config", "command", "link", "restart", "advance", "expect", "repeat", "ask", "sync", "stall"}

func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "kind(" + strconv.Itoa(int(k)) + ")"
}

// Line is one parsed step. Only the fields of its Kind are set.
type Line struct {
	Num  int    // 1-based line number in the file
	Text string // the line as written, without its newline
	Kind Kind

	Node   string   // the node the line acts on
	Master string   // Node: replicaof OTHER
	Param  string   // Config: parameter; Expect/Ask: field
	Value  string   // Config: value; Expect: expected value
	Args   []string // Command/Repeat: the Redis command and its arguments
	Up     bool     // Link: up (not down); Hold: release; Stall: resume
	Millis int64    // Advance: the duration in milliseconds
	Count  int      // Repeat: how many times
	Say    string   // Title/Say: the text

	// Title/Say/Ask: the prose in other languages, by language tag
	// (`say.zh-CN TEXT`; see translate.go).
	Tr map[string]string
}

// Runs reports whether the line is a step that runs and so has a step in
// a report: everything but title and say (text) and ask (a question
// about the next step).
func (l *Line) Runs() bool { return l.Kind != Title && l.Kind != Say && l.Kind != Ask }

// Script is a parsed scenario.
type Script struct {
	Name  string // the file name it came from
	Title string
	Lines []Line // every non-blank, non-comment line in order, except the version line
	Nodes []string
	// Version is the server version the scenario is for, from its
	// `version NAME` line (one of Versions), or DefaultVersion without
	// one. VersionLine is that line's number, 0 without one. The version
	// line is not in Lines: it is no step, and every other line keeps
	// its own number.
	Version     string
	VersionLine int
}

// Versions are the server versions a scenario can name with `version
// NAME`, spelled exactly so.
var Versions = []string{"redis-6.2", "redis-7.0", "redis-7.2", "redis-7.4", "valkey-8.0"}

// DefaultVersion is what a scenario without a version line is for.
const DefaultVersion = "redis-7.0"

// KnownVersion reports whether name is one of Versions.
func KnownVersion(name string) bool {
	for _, v := range Versions {
		if v == name {
			return true
		}
	}
	return false
}

// versionVerb starts the version line. It is no Kind: the line sets
// Script.Version and is not a step.
const versionVerb = "version"

// MaxRepeat bounds `repeat` so that a typo cannot freeze a browser tab.
const MaxRepeat = 100000

var verbs = map[string]Kind{
	"title": Title, "say": Say, "node": Node, "config": Config, "link": Link,
	"restart": Restart, "advance": Advance, "expect": Expect, "repeat": Repeat, "ask": Ask,
	"sync": Hold,
}

// IsVerb reports whether w is a verb of the language (so it cannot name a node).
func IsVerb(w string) bool { _, ok := verbs[w]; return ok || w == versionVerb }

// ValidNodeName reports whether s is a letter then up to 15 letters,
// digits, '_' or '-'.
func ValidNodeName(s string) bool {
	if len(s) == 0 || len(s) > 16 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		letter := (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
		if i == 0 && !letter {
			return false
		}
		if !letter && !(c >= '0' && c <= '9') && c != '_' && c != '-' {
			return false
		}
	}
	return true
}

// Parse parses a whole scenario. On error nothing of the script is
// returned: a scenario with an error does not half-run.
func Parse(name string, src string) (*Script, error) {
	p := &parser{file: name, nodes: map[string]bool{}}
	s := &Script{Name: name, Version: DefaultVersion}
	text := strings.ReplaceAll(src, "\r\n", "\n")
	s.Lines = make([]Line, 0, strings.Count(text, "\n")+1)
	for num := 1; text != ""; num++ {
		raw := text
		if i := strings.IndexByte(text, '\n'); i >= 0 {
			raw, text = text[:i], text[i+1:]
		} else {
			text = ""
		}
		if ok, err := p.translation(num, raw, s); ok {
			if err != nil {
				return nil, err
			}
			continue
		}
		line, err := p.parseLine(num, raw, s)
		if err != nil {
			return nil, err
		}
		if line != nil {
			s.Lines = append(s.Lines, *line)
			if line.Kind != Title {
				p.stepped = true
			}
		}
	}
	s.Nodes = p.order
	return s, nil
}

// ParseLine parses one line against the nodes already declared (a console
// line or a click in the visualizer). It may declare a new node.
func ParseLine(name string, num int, raw string, nodes []string) (*Line, error) {
	p := &parser{file: name, nodes: map[string]bool{}, console: true}
	for _, n := range nodes {
		p.nodes[n] = true
	}
	s := &Script{Name: name, Title: "(console)", Version: DefaultVersion}
	l, err := p.parseLine(num, raw, s)
	if err != nil {
		return nil, err
	}
	if l == nil {
		return nil, &Error{File: name, Line: num, Col: 1, Msg: "a step was expected, not an empty line or a comment"}
	}
	c := *l
	return &c, nil
}

type parser struct {
	words   []Word // reused for every line: a Line keeps only what it needs
	line    Line
	file    string
	nodes   map[string]bool
	order   []string
	stepped bool // a line other than a title (or the version) has been read
	console bool // ParseLine: one line, never a scenario's first
}

func (p *parser) errf(line, col int, msg string) error {
	return &Error{File: p.file, Line: line, Col: col, Msg: msg}
}

func (p *parser) parseLine(num int, raw string, s *Script) (*Line, error) {
	words, col, msg := appendWords(p.words[:0], raw)
	p.words = words
	if msg != "" {
		// title and say are prose: an apostrophe there is not a quote.
		if v, rest, ok := proseLine(raw); ok {
			return p.prose(num, raw, v, rest, s)
		}
		return nil, p.errf(num, col, msg)
	}
	if len(words) == 0 {
		return nil, nil
	}
	// One Line is reused: the caller copies it.
	p.line = Line{Num: num, Text: strings.TrimRight(raw, "\r")}
	l := &p.line
	end := len(raw) + 1
	need := func(i int, what string) (Word, error) {
		if i < len(words) {
			return words[i], nil
		}
		return Word{}, p.errf(num, end, what+" was expected")
	}
	noMore := func(i int) error {
		if i < len(words) {
			return p.errf(num, words[i].Col, "the end of the line was expected, not "+strconv.Quote(words[i].Text))
		}
		return nil
	}
	known := func(w Word) error {
		if !p.nodes[w.Text] {
			if !ValidNodeName(w.Text) {
				return p.errf(num, w.Col, "a node name was expected, not "+strconv.Quote(w.Text))
			}
			return p.errf(num, w.Col, "unknown node "+strconv.Quote(w.Text)+": declare it first with `node "+w.Text+"`")
		}
		return nil
	}
	first := words[0]
	if first.Text == versionVerb {
		return nil, p.version(num, words, end, s)
	}
	kind, isVerb := verbs[first.Text]
	if !isVerb && p.nodes[first.Text] && len(words) > 1 {
		// NAME COMMAND ARGS..., the line most scenarios are made of.
		l.Kind = Command
		l.Node = first.Text
		l.Args = make([]string, len(words)-1)
		for i, w := range words[1:] {
			l.Args[i] = w.Text
		}
		return l, nil
	}
	if !isVerb {
		// NAME COMMAND ARGS...
		if lower := strings.ToLower(first.Text); IsVerb(lower) && !p.nodes[first.Text] {
			return nil, p.errf(num, first.Col, "verbs are lowercase: "+strconv.Quote(strings.ToLower(first.Text))+" was expected")
		}
		if !p.nodes[first.Text] {
			if ValidNodeName(first.Text) {
				return nil, p.errf(num, first.Col, "a verb or a declared node name was expected, not "+strconv.Quote(first.Text))
			}
			return nil, p.errf(num, first.Col, "a verb or a node name was expected, not "+strconv.Quote(first.Text))
		}
		if _, err := need(1, "a Redis command after the node name"); err != nil {
			return nil, err
		}
		l.Kind = Command
		l.Node = first.Text
		l.Args = make([]string, len(words)-1)
		for i, w := range words[1:] {
			l.Args[i] = w.Text
		}
		return l, nil
	}
	l.Kind = kind
	rest := func() string {
		if len(words) < 2 {
			return ""
		}
		return strings.TrimSpace(raw[words[1].Col-1:])
	}
	switch kind {
	case Title:
		if s.Title != "" {
			return nil, p.errf(num, first.Col, "a scenario has at most one title")
		}
		if len(words) < 2 {
			return nil, p.errf(num, end, "the title's text was expected")
		}
		l.Say = rest()
		s.Title = l.Say
	case Say:
		if len(words) < 2 {
			return nil, p.errf(num, end, "the text to say was expected")
		}
		l.Say = rest()
	case Node:
		w, err := need(1, "a node name")
		if err != nil {
			return nil, err
		}
		if !ValidNodeName(w.Text) {
			return nil, p.errf(num, w.Col, "a node name (a letter then up to 15 letters, digits, '_' or '-') was expected, not "+strconv.Quote(w.Text))
		}
		if IsVerb(w.Text) {
			return nil, p.errf(num, w.Col, strconv.Quote(w.Text)+" is a verb and cannot name a node")
		}
		if p.nodes[w.Text] {
			return nil, p.errf(num, w.Col, "node "+strconv.Quote(w.Text)+" is already declared")
		}
		l.Node = w.Text
		if len(words) > 2 {
			if words[2].Text != "replicaof" {
				return nil, p.errf(num, words[2].Col, "`replicaof` or the end of the line was expected, not "+strconv.Quote(words[2].Text))
			}
			m, err := need(3, "the name of the master after replicaof")
			if err != nil {
				return nil, err
			}
			if err := known(m); err != nil {
				return nil, err
			}
			if err := noMore(4); err != nil {
				return nil, err
			}
			l.Master = m.Text
		}
		p.nodes[w.Text] = true
		p.order = append(p.order, w.Text)
	case Config:
		w, err := need(1, "a node name")
		if err != nil {
			return nil, err
		}
		if err := known(w); err != nil {
			return nil, err
		}
		param, err := need(2, "a configuration parameter")
		if err != nil {
			return nil, err
		}
		val, err := need(3, "a value for "+param.Text)
		if err != nil {
			return nil, err
		}
		if err := noMore(4); err != nil {
			return nil, err
		}
		l.Node, l.Param, l.Value = w.Text, strings.ToLower(param.Text), val.Text
	case Link:
		w, err := need(1, "a replica's name")
		if err != nil {
			return nil, err
		}
		if err := known(w); err != nil {
			return nil, err
		}
		st, err := need(2, "`down`, `up`, `stall` or `resume`")
		if err != nil {
			return nil, err
		}
		switch st.Text {
		case "down":
		case "up":
			l.Up = true
		case "stall":
			l.Kind = Stall
		case "resume":
			l.Kind, l.Up = Stall, true
		default:
			return nil, p.errf(num, st.Col, "`down`, `up`, `stall` or `resume` was expected, not "+strconv.Quote(st.Text))
		}
		if err := noMore(3); err != nil {
			return nil, err
		}
		l.Node = w.Text
	case Hold:
		w, err := need(1, "a replica's name")
		if err != nil {
			return nil, err
		}
		if err := known(w); err != nil {
			return nil, err
		}
		st, err := need(2, "`hold` or `release`")
		if err != nil {
			return nil, err
		}
		switch st.Text {
		case "hold":
		case "release":
			l.Up = true
		default:
			return nil, p.errf(num, st.Col, "`hold` or `release` was expected, not "+strconv.Quote(st.Text))
		}
		if err := noMore(3); err != nil {
			return nil, err
		}
		l.Node = w.Text
	case Restart:
		w, err := need(1, "a node name")
		if err != nil {
			return nil, err
		}
		if err := known(w); err != nil {
			return nil, err
		}
		if err := noMore(2); err != nil {
			return nil, err
		}
		l.Node = w.Text
	case Advance:
		w, err := need(1, "a duration such as 500ms, 1s, 10s or 2m")
		if err != nil {
			return nil, err
		}
		ms, ok := ParseDuration(w.Text)
		if !ok {
			return nil, p.errf(num, w.Col, "a duration such as 500ms, 1s, 10s or 2m was expected, not "+strconv.Quote(w.Text))
		}
		if err := noMore(2); err != nil {
			return nil, err
		}
		l.Millis = ms
	case Expect:
		w, err := need(1, "a node name")
		if err != nil {
			return nil, err
		}
		if err := known(w); err != nil {
			return nil, err
		}
		f, err := need(2, "an INFO field name")
		if err != nil {
			return nil, err
		}
		v, err := need(3, "the expected value")
		if err != nil {
			return nil, err
		}
		if err := noMore(4); err != nil {
			return nil, err
		}
		l.Node, l.Param, l.Value = w.Text, f.Text, v.Text
	case Repeat:
		c, err := need(1, "a count")
		if err != nil {
			return nil, err
		}
		n, cerr := strconv.Atoi(c.Text)
		if cerr != nil || n < 1 || n > MaxRepeat {
			return nil, p.errf(num, c.Col, "a count from 1 to "+strconv.Itoa(MaxRepeat)+" was expected, not "+strconv.Quote(c.Text))
		}
		w, err := need(2, "a node name")
		if err != nil {
			return nil, err
		}
		if err := known(w); err != nil {
			return nil, err
		}
		if _, err := need(3, "a Redis command"); err != nil {
			return nil, err
		}
		for _, a := range words[3:] {
			if err := checkTemplate(a.Text); err != "" {
				return nil, p.errf(num, a.Col, err)
			}
			l.Args = append(l.Args, a.Text)
		}
		l.Count, l.Node = n, w.Text
	case Ask:
		w, err := need(1, "a node name")
		if err != nil {
			return nil, err
		}
		if err := known(w); err != nil {
			return nil, err
		}
		f, err := need(2, "`psync` or an INFO field name")
		if err != nil {
			return nil, err
		}
		if err := noMore(3); err != nil {
			return nil, err
		}
		l.Node, l.Param = w.Text, f.Text
	}
	return l, nil
}

// version reads `version NAME`: allowed only as the first line that is
// not a comment or a title, NAME one of Versions spelled exactly so.
func (p *parser) version(num int, words []Word, end int, s *Script) error {
	first := words[0]
	switch {
	case p.console:
		return p.errf(num, first.Col, "`version` belongs on a scenario's first line, not in the console")
	case s.VersionLine != 0:
		return p.errf(num, first.Col, "a scenario has at most one version line (line "+strconv.Itoa(s.VersionLine)+" is one)")
	case p.stepped:
		return p.errf(num, first.Col, "`version` must be the scenario's first line (only comments and the title may come before it)")
	}
	if len(words) < 2 {
		return p.errf(num, end, "a version ("+strings.Join(Versions, ", ")+") was expected")
	}
	w := words[1]
	if !KnownVersion(w.Text) {
		return p.errf(num, w.Col, "a version ("+strings.Join(Versions, ", ")+") was expected, not "+strconv.Quote(w.Text))
	}
	if len(words) > 2 {
		return p.errf(num, words[2].Col, "the end of the line was expected, not "+strconv.Quote(words[2].Text))
	}
	s.Version, s.VersionLine = w.Text, num
	return nil
}

// proseLine recognizes a title or say line whose text does not split into
// words (an apostrophe, say).
func proseLine(raw string) (Kind, string, bool) {
	t := strings.TrimLeft(raw, " \t")
	for _, v := range []string{"title", "say"} {
		if strings.HasPrefix(t, v+" ") || strings.HasPrefix(t, v+"\t") {
			rest := strings.TrimSpace(t[len(v):])
			if rest != "" {
				return verbs[v], rest, true
			}
		}
	}
	return 0, "", false
}

func (p *parser) prose(num int, raw string, k Kind, text string, s *Script) (*Line, error) {
	p.line = Line{Num: num, Text: strings.TrimRight(raw, "\r"), Kind: k, Say: text}
	l := &p.line
	if k == Title {
		if s.Title != "" {
			return nil, p.errf(num, strings.Index(raw, "title")+1, "a scenario has at most one title")
		}
		s.Title = text
	}
	return l, nil
}

// ParseDuration reads 500ms, 1s, 10s, 2m, 1h (a whole number and a unit).
func ParseDuration(s string) (int64, bool) {
	units := []struct {
		suffix string
		ms     int64
	}{{"ms", 1}, {"s", 1000}, {"m", 60000}, {"h", 3600000}}
	for _, u := range units {
		if strings.HasSuffix(s, u.suffix) {
			num := strings.TrimSuffix(s, u.suffix)
			if num == "" || strings.TrimLeft(num, "0123456789") != "" || len(num) > 9 {
				return 0, false
			}
			n, err := strconv.ParseInt(num, 10, 64)
			if err != nil {
				return 0, false
			}
			return n * u.ms, true
		}
	}
	return 0, false
}
