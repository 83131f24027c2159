package app

import (
	"fmt"
	"strconv"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"replscope/app/model"
	"replscope/core/state"
)

// Topology draws the servers as cards and the replication links as
// arrows, with offsets, ids (a colour per id) and lag; a click on a card
// selects the node and offers its actions.
type Topology struct {
	app.Compo
	Nodes      []state.NodeState
	Sel        string
	NodeColors map[string]int // node → palette index (the same in every view)
	IDColors   map[string]int // replication id → palette index of its badge
	Motion     []LinkMotion   // what is on each link (motion.go)
	Lang       string
}

const (
	cardW, cardH = 212.0, 104.0
	gapX, gapY   = 36.0, 64.0
)

type placed struct {
	st   state.NodeState
	x, y float64
}

// layout puts masters on the first row and each replica one row below its
// master.
func layout(nodes []state.NodeState) ([]placed, float64, float64) {
	byName := map[string]state.NodeState{}
	for _, n := range nodes {
		byName[n.Name] = n
	}
	level := map[string]int{}
	var depth func(n state.NodeState, seen int) int
	depth = func(n state.NodeState, seen int) int {
		m, ok := byName[n.Master]
		if n.Master == "" || !ok || seen > len(nodes) {
			return 0
		}
		return depth(m, seen+1) + 1
	}
	rows := map[int][]state.NodeState{}
	maxRow, maxCols := 0, 1
	for _, n := range nodes {
		l := depth(n, 0)
		level[n.Name] = l
		rows[l] = append(rows[l], n)
		maxRow = max(maxRow, l)
		maxCols = max(maxCols, len(rows[l]))
	}
	width := float64(maxCols)*(cardW+gapX) + gapX
	var out []placed
	for l := 0; l <= maxRow; l++ {
		r := rows[l]
		span := float64(len(r))*(cardW+gapX) - gapX
		x0 := (width - span) / 2
		for i, n := range r {
			out = append(out, placed{st: n, x: x0 + float64(i)*(cardW+gapX), y: gapY/2 + float64(l)*(cardH+gapY)})
		}
	}
	return out, width, float64(maxRow+1)*(cardH+gapY) + 8
}

// Render draws the SVG and, for the selected node, its actions.
func (t *Topology) Render() app.UI {
	rendered("Topology")
	cards, w, h := layout(t.Nodes)
	pos := map[string]placed{}
	for _, c := range cards {
		pos[c.st.Name] = c
	}
	var links, nodes []app.UI
	for _, c := range cards {
		if c.st.Master == "" {
			continue
		}
		m, ok := pos[c.st.Master]
		if !ok {
			continue
		}
		links = append(links, t.link(m, c, w))
	}
	for _, c := range cards {
		nodes = append(nodes, t.card(c))
	}
	// Cards and links are children with value props: a step that moves
	// one node's offsets renders that card alone.
	return app.Div().Class("rs-topology").Body(
		svg("svg").Attr("viewBox", fmt.Sprintf("0 0 %s %s", num(w), num(h))).Attr("width", num(w)).Attr("height", num(h)).Attr("role", "group").
			Aria("label", tr(t.Lang, "topo.label")).Attr("data-c", "rs-svg").Body(
			svg("defs").Body(
				svg("marker").ID("rs-arrow").Attr("viewBox", "0 0 10 10").Attr("refX", "9").Attr("refY", "5").
					Attr("markerWidth", "7").Attr("markerHeight", "7").Attr("orient", "auto-start-reverse").Body(
					svg("path").Attr("d", "M 0 0 L 10 5 L 0 10 z").Attr("data-c", svgClass("rs-arrowhead")),
				),
			),
			svg("g").Body(links...),
			svg("g").Body(nodes...),
		),
	)
}

// link is the props of the link from m to its replica r.
func (t *Topology) link(m, r placed, width float64) app.UI {
	state := "down"
	switch {
	case r.st.LinkStatus == "up":
		state = "up"
	case r.st.Syncing:
		state = "syncing"
	}
	lag := model.Lag(m.st, r.st)
	// Every link says how many bytes its replica is behind.
	label := tr(t.Lang, "topo."+state+"_lag", bytesText(lag))
	if r.st.InFlight > 0 {
		label += tr(t.Lang, "topo.in_flight", bytesText(r.st.InFlight))
	}
	if r.st.LinkCut {
		label = tr(t.Lang, "topo.cut_lag", bytesText(lag))
	}
	l := &LinkView{Replica: r.st.Name, State: state, Label: label, Lag: lag,
		X1: m.x + cardW/2, Y1: m.y + cardH, X2: r.x + cardW/2, Y2: r.y - 2, Width: width, Lang: t.Lang}
	for _, lm := range t.Motion {
		if lm.Replica == r.st.Name {
			l.Motion, l.Moving = lm, true
		}
	}
	return l
}

// LinkView is one replication link: its arrow, its lag and what moves on
// it (motion.go).
type LinkView struct {
	app.Compo
	Replica, State, Label string
	Lag                   int64
	X1, Y1, X2, Y2, Width float64 // the arrow, and the picture's width
	Motion                LinkMotion
	Moving                bool
	Lang                  string
}

// Render draws the arrow, the label and the chips.
func (l *LinkView) Render() app.UI {
	rendered("LinkView")
	var chips []app.UI
	if l.Moving {
		chips = l.motion(l.Motion, l.X1, l.Y1, l.X2, l.Y2, l.Width)
	}
	x1, y1, x2, y2 := l.X1, l.Y1, l.X2, l.Y2
	return svg("g").Attr("data-c", svgClass("rs-link", "rs-link-"+l.State)).DataSet("link", l.Replica).DataSet("lag", l.Lag).Body(
		svg("line").Attr("x1", num(x1)).Attr("y1", num(y1)).Attr("x2", num(x2)).Attr("y2", num(y2)).Attr("marker-end", "url(#rs-arrow)"),
		// Kept inside the picture: moved left when it would run off.
		svg("text").Attr("data-c", svgClass("rs-link-label")).Attr("x", num(max(2, min((x1+x2)/2+6, l.Width-2-textUnits(l.Label)*6.2)))).Attr("y", num((y1+y2)/2)).Text(l.Label),
		svg("g").Attr("data-c", svgClass("rs-chips")).Body(chips...),
	)
}

// card is the props of one node's card.
func (t *Topology) card(c placed) app.UI {
	n := c.st
	color := -1
	if v, ok := t.IDColors[n.ReplID]; ok {
		color = v
	}
	cn := CardNode{Name: n.Name, Role: n.Role, ReplID: n.ReplID, LinkStatus: n.LinkStatus,
		MasterReplOffset: n.MasterReplOffset, SlaveReadReplOffset: n.SlaveReadReplOffset, SlaveReplOffset: n.SlaveReplOffset,
		Replicas: len(n.Replicas), HistLen: -1, FailoverState: n.FailoverState}
	if n.Backlog != nil {
		cn.HistLen = n.Backlog.HistLen
	}
	return &NodeCard{Node: cn, X: c.x, Y: c.y, Selected: t.Sel == n.Name, Color: t.NodeColors[n.Name], IDColor: color, Lang: t.Lang}
}

// CardNode is what a card shows of a node.
type CardNode struct {
	Name, Role, ReplID, LinkStatus                         string
	MasterReplOffset, SlaveReadReplOffset, SlaveReplOffset int64
	Replicas                                               int
	HistLen                                                int64 // -1: no backlog
	FailoverState                                          string
}

// NodeCard is one server's card: name, role, id badge and offsets, every
// value hooked by its INFO field name; a click selects the node.
type NodeCard struct {
	app.Compo
	Node     CardNode
	X, Y     float64
	Selected bool
	Color    int // the node's palette index
	IDColor  int // its replication id's (-1: none)
	Lang     string
}

func (c *NodeCard) field(x, y float64, field, label, value string) app.UI {
	return svg("text").Attr("x", num(x)).Attr("y", num(y)).Attr("data-c", svgClass("rs-card-row")).Body(
		svg("tspan").Attr("data-c", svgClass("rs-card-key")).Text(label+" "),
		svg("tspan").Attr("data-c", svgClass("rs-card-val")).DataSet("field", field).Text(value),
	)
}

// Render draws the card.
func (c *NodeCard) Render() app.UI {
	rendered("NodeCard")
	n := c.Node
	sel := ""
	if c.Selected {
		sel = "rs-card-selected"
	}
	rows := []app.UI{
		svg("rect").Attr("data-c", svgClass("rs-card-bg")).Attr("width", num(cardW)).Attr("height", num(cardH)).Attr("rx", "10"),
		svg("rect").Attr("data-c", svgClass("rs-card-band", nodeClass(c.Color))).Attr("width", "8").Attr("height", num(cardH)).Attr("rx", "4"),
		svg("text").Attr("data-c", svgClass("rs-card-name", nodeClass(c.Color))).Attr("x", "18").Attr("y", "22").Body(
			svg("tspan").Text(n.Name),
			svg("tspan").Attr("data-c", svgClass("rs-card-role")).DataSet("field", "role").Text(" "+n.Role),
		),
		// The replication id is its own badge, coloured by id.
		svg("g").Attr("data-c", svgClass("rs-id-badge")).Attr("transform", "translate(118 8)").Body(
			svg("rect").Attr("data-c", svgClass("rs-id-pill", idClass(c.IDColor))).Attr("width", "86").Attr("height", "18").Attr("rx", "9"),
			svg("text").Attr("data-c", svgClass("rs-id-text")).Attr("x", "43").Attr("y", "13").Attr("text-anchor", "middle").
				DataSet("field", "master_replid").Attr("data-value", n.ReplID).Text(tr(c.Lang, "topo.id")+" "+short(n.ReplID)),
		),
		c.field(18, 44, "master_repl_offset", "master_repl_offset", itoa(n.MasterReplOffset)),
	}
	if n.Role == "slave" {
		rows = append(rows,
			c.field(18, 62, "slave_read_repl_offset", tr(c.Lang, "topo.read"), itoa(n.SlaveReadReplOffset)),
			c.field(112, 62, "slave_repl_offset", tr(c.Lang, "topo.applied"), itoa(n.SlaveReplOffset)),
			c.field(18, 80, "master_link_status", tr(c.Lang, "topo.link"), n.LinkStatus),
		)
	} else {
		rows = append(rows, c.field(18, 62, "connected_slaves", tr(c.Lang, "topo.replicas"), strconv.Itoa(n.Replicas)))
		if n.HistLen >= 0 {
			rows = append(rows, c.field(18, 80, "repl_backlog_histlen", tr(c.Lang, "topo.backlog"), itoa(n.HistLen)))
		}
		// A FAILOVER under way: its state, as INFO's
		// master_failover_state says it (no row when there is none).
		if n.FailoverState != "" && n.FailoverState != "no-failover" {
			rows = append(rows, c.field(18, 98, "master_failover_state", tr(c.Lang, "topo.failover"), n.FailoverState))
		}
	}
	name := n.Name
	return svg("g").Attr("data-c", svgClass("rs-card", "rs-role-"+n.Role, sel)).DataSet("node", n.Name).
		Attr("transform", fmt.Sprintf("translate(%s %s)", num(c.X), num(c.Y))).
		Attr("tabindex", "0").Attr("role", "button").Aria("pressed", c.Selected).
		On("click", func(ctx app.Context, e app.Event) {
			ctx.PreventUpdate() // the selection comes back as a prop
			send(ctx, actSelect, name)
		}, name).
		On("keydown", func(ctx app.Context, e app.Event) {
			if k := e.Get("key").String(); k == "Enter" || k == " " {
				e.PreventDefault()
				ctx.PreventUpdate()
				send(ctx, actSelect, name)
			}
		}, name).Body(rows...)
}

// textUnits is a label's width in Latin characters: a CJK character is
// about two.
func textUnits(s string) float64 {
	n := 0.0
	for _, r := range s {
		if r >= 0x2e80 {
			n += 2
		} else {
			n++
		}
	}
	return n
}
