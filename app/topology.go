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
	Nodes      []core.NodeState
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

func (t *Topology) link(m, r placed, width float64) app.UI {
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
	// Every link says how many bytes its replica is behind.
	label := tr(t.Lang, "topo."+state+"_lag", bytesText(lag))
	if r.st.InFlight > 0 {
		label += tr(t.Lang, "topo.in_flight", bytesText(r.st.InFlight))
	}
	if r.st.LinkCut {
		label = tr(t.Lang, "topo.cut_lag", bytesText(lag))
	}
	var chips []app.UI
	for _, lm := range t.Motion {
		if lm.Replica == r.st.Name {
			chips = t.motion(lm, x1, y1, x2, y2, width)
		}
	}
	return svg("g").Attr("data-c", svgClass("rs-link", "rs-link-"+state)).DataSet("link", r.st.Name).DataSet("lag", lag).Body(
		svg("line").Attr("x1", num(x1)).Attr("y1", num(y1)).Attr("x2", num(x2)).Attr("y2", num(y2)).Attr("marker-end", "url(#rs-arrow)"),
		// Kept inside the picture: moved left when it would run off.
		svg("text").Attr("data-c", svgClass("rs-link-label")).Attr("x", num(max(2, min((x1+x2)/2+6, width-2-textUnits(label)*6.2)))).Attr("y", num((y1+y2)/2)).Text(label),
		svg("g").Attr("data-c", svgClass("rs-chips")).Body(chips...),
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
	color := -1
	if v, ok := t.IDColors[n.ReplID]; ok {
		color = v
	}
	sel := ""
	if t.Sel == n.Name {
		sel = "rs-card-selected"
	}
	rows := []app.UI{
		svg("rect").Attr("data-c", svgClass("rs-card-bg")).Attr("width", num(cardW)).Attr("height", num(cardH)).Attr("rx", "10"),
		svg("rect").Attr("data-c", svgClass("rs-card-band", nodeClass(t.NodeColors[n.Name]))).Attr("width", "8").Attr("height", num(cardH)).Attr("rx", "4"),
		svg("text").Attr("data-c", svgClass("rs-card-name", nodeClass(t.NodeColors[n.Name]))).Attr("x", "18").Attr("y", "22").Body(
			svg("tspan").Text(n.Name),
			svg("tspan").Attr("data-c", svgClass("rs-card-role")).DataSet("field", "role").Text(" "+n.Role),
		),
		// The replication id is its own badge, coloured by id.
		svg("g").Attr("data-c", svgClass("rs-id-badge")).Attr("transform", "translate(118 8)").Body(
			svg("rect").Attr("data-c", svgClass("rs-id-pill", idClass(color))).Attr("width", "86").Attr("height", "18").Attr("rx", "9"),
			svg("text").Attr("data-c", svgClass("rs-id-text")).Attr("x", "43").Attr("y", "13").Attr("text-anchor", "middle").
				DataSet("field", "master_replid").Attr("data-value", n.ReplID).Text(tr(t.Lang, "topo.id")+" "+short(n.ReplID)),
		),
		t.field(18, 44, "master_repl_offset", "master_repl_offset", itoa(n.MasterReplOffset)),
	}
	if n.Role == "slave" {
		rows = append(rows,
			t.field(18, 62, "slave_read_repl_offset", tr(t.Lang, "topo.read"), itoa(n.SlaveReadReplOffset)),
			t.field(112, 62, "slave_repl_offset", tr(t.Lang, "topo.applied"), itoa(n.SlaveReplOffset)),
			t.field(18, 80, "master_link_status", tr(t.Lang, "topo.link"), n.LinkStatus),
		)
	} else {
		rows = append(rows, t.field(18, 62, "connected_slaves", tr(t.Lang, "topo.replicas"), strconv.Itoa(len(n.Replicas))))
		if n.Backlog != nil {
			rows = append(rows, t.field(18, 80, "repl_backlog_histlen", tr(t.Lang, "topo.backlog"), itoa(n.Backlog.HistLen)))
		}
	}
	name := n.Name
	return svg("g").Attr("data-c", svgClass("rs-card", "rs-role-"+n.Role, sel)).DataSet("node", n.Name).
		Attr("transform", fmt.Sprintf("translate(%s %s)", num(c.x), num(c.y))).
		Attr("tabindex", "0").Attr("role", "button").Aria("pressed", t.Sel == n.Name).
		On("click", func(ctx app.Context, e app.Event) {
			send(ctx, actSelect, name)
		}, name).
		On("keydown", func(ctx app.Context, e app.Event) {
			if k := e.Get("key").String(); k == "Enter" || k == " " {
				e.PreventDefault()
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
