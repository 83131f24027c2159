package app

import (
	"fmt"
	"strconv"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"replscope/app/model"
	"replscope/core"
)

// Topology draws the servers as cards and the replication links as
// arrows, with offsets, ids (a colour per id) and lag; a click on a card
// selects the node and offers its actions.
type Topology struct {
	app.Compo
	P   *Player
	Ver int
}

const (
	cardW, cardH = 212.0, 104.0
	gapX, gapY   = 36.0, 64.0
)

type placed struct {
	st   core.NodeState
	x, y float64
}

// layout puts masters on the first row and each replica one row below its
// master.
func layout(nodes []core.NodeState) ([]placed, float64, float64) {
	byName := map[string]core.NodeState{}
	for _, n := range nodes {
		byName[n.Name] = n
	}
	level := map[string]int{}
	var depth func(n core.NodeState, seen int) int
	depth = func(n core.NodeState, seen int) int {
		m, ok := byName[n.Master]
		if n.Master == "" || !ok || seen > len(nodes) {
			return 0
		}
		return depth(m, seen+1) + 1
	}
	rows := map[int][]core.NodeState{}
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
	s := t.P.snap
	cards, w, h := layout(s.Nodes)
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
		links = append(links, t.link(m, c))
	}
	for _, c := range cards {
		nodes = append(nodes, t.card(c))
	}
	return app.Div().Class("rs-topology").Body(
		svg("svg").Attr("viewBox", fmt.Sprintf("0 0 %s %s", num(w), num(h))).Attr("width", num(w)).Attr("height", num(h)).Attr("role", "img").
			Aria("label", t.P.T("topo.label")).Attr("data-c", "rs-svg").Body(
			svg("defs").Body(
				svg("marker").ID("rs-arrow").Attr("viewBox", "0 0 10 10").Attr("refX", "9").Attr("refY", "5").
					Attr("markerWidth", "7").Attr("markerHeight", "7").Attr("orient", "auto-start-reverse").Body(
					svg("path").Attr("d", "M 0 0 L 10 5 L 0 10 z").Attr("data-c", svgClass("rs-arrowhead")),
				),
			),
			svg("g").Body(links...),
			svg("g").Body(nodes...),
		),
		app.If(t.P.sel != "", &NodeActions{P: t.P, Ver: t.Ver}),
	)
}

func (t *Topology) link(m, r placed) app.UI {
	state := "down"
	switch {
	case r.st.LinkStatus == "up":
		state = "up"
	case r.st.Syncing:
		state = "syncing"
	}
	x1, y1 := m.x+cardW/2, m.y+cardH
	x2, y2 := r.x+cardW/2, r.y-2
	lag := model.Lag(m.st, r.st)
	p := t.P
	label := p.T("topo." + state)
	if state == "up" {
		label = p.T("topo.up_lag", bytesText(lag))
	}
	if r.st.InFlight > 0 {
		label += p.T("topo.in_flight", bytesText(r.st.InFlight))
	}
	if r.st.LinkCut {
		label = p.T("topo.cut_lag", bytesText(lag))
	}
	return svg("g").Attr("data-c", svgClass("rs-link", "rs-link-"+state)).DataSet("link", r.st.Name).Body(
		svg("line").Attr("x1", num(x1)).Attr("y1", num(y1)).Attr("x2", num(x2)).Attr("y2", num(y2)).Attr("marker-end", "url(#rs-arrow)"),
		svg("text").Attr("data-c", svgClass("rs-link-label")).Attr("x", num((x1+x2)/2+6)).Attr("y", num((y1+y2)/2)).Text(label),
	)
}

func (t *Topology) field(x, y float64, field, label, value string) app.UI {
	return svg("text").Attr("x", num(x)).Attr("y", num(y)).Attr("data-c", svgClass("rs-card-row")).Body(
		svg("tspan").Attr("data-c", svgClass("rs-card-key")).Text(label+" "),
		svg("tspan").Attr("data-c", svgClass("rs-card-val")).DataSet("field", field).Text(value),
	)
}

func (t *Topology) card(c placed) app.UI {
	n := c.st
	color := t.P.sess.Color(n.ReplID)
	sel := ""
	if t.P.sel == n.Name {
		sel = "rs-card-selected"
	}
	rows := []app.UI{
		svg("rect").Attr("data-c", svgClass("rs-card-bg")).Attr("width", num(cardW)).Attr("height", num(cardH)).Attr("rx", "10"),
		svg("rect").Attr("data-c", svgClass("rs-card-band", idClass(color))).Attr("width", "8").Attr("height", num(cardH)).Attr("rx", "4"),
		svg("text").Attr("data-c", svgClass("rs-card-name")).Attr("x", "18").Attr("y", "22").Body(
			svg("tspan").Text(n.Name),
			svg("tspan").Attr("data-c", svgClass("rs-card-role")).DataSet("field", "role").Text(" "+n.Role),
		),
		svg("text").Attr("data-c", svgClass("rs-card-row")).Attr("x", "18").Attr("y", "40").Body(
			svg("tspan").Attr("data-c", svgClass("rs-card-key")).Text("replid "),
			svg("tspan").Attr("data-c", svgClass("rs-card-id", idClass(color))).DataSet("field", "master_replid").Attr("data-value", n.ReplID).Text(short(n.ReplID)+"…"),
		),
		t.field(18, 58, "master_repl_offset", "master_repl_offset", itoa(n.MasterReplOffset)),
	}
	if n.Role == "slave" {
		rows = append(rows,
			t.field(18, 76, "slave_read_repl_offset", t.P.T("topo.read"), itoa(n.SlaveReadReplOffset)),
			t.field(112, 76, "slave_repl_offset", t.P.T("topo.applied"), itoa(n.SlaveReplOffset)),
			t.field(18, 94, "master_link_status", t.P.T("topo.link"), n.LinkStatus),
		)
	} else {
		rows = append(rows, t.field(18, 76, "connected_slaves", t.P.T("topo.replicas"), strconv.Itoa(len(n.Replicas))))
		if n.Backlog != nil {
			rows = append(rows, t.field(18, 94, "repl_backlog_histlen", t.P.T("topo.backlog"), itoa(n.Backlog.HistLen)))
		}
	}
	name := n.Name
	return svg("g").Attr("data-c", svgClass("rs-card", "rs-role-"+n.Role, sel)).DataSet("node", n.Name).
		Attr("transform", fmt.Sprintf("translate(%s %s)", num(c.x), num(c.y))).
		Attr("tabindex", "0").Attr("role", "button").Aria("label", t.P.T("topo.card_label", n.Name, n.Role, itoa(n.MasterReplOffset))).
		On("click", func(ctx app.Context, e app.Event) {
			t.P.sel = name
			t.P.ver++
		}, name).
		On("keydown", func(ctx app.Context, e app.Event) {
			if k := e.Get("key").String(); k == "Enter" {
				t.P.sel = name
				t.P.ver++
			}
		}, name).Body(rows...)
}
