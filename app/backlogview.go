package app

import (
	"fmt"
	"strings"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"replscope/core"
)

// BacklogView draws each backlog on an offset axis: its blocks (the 7.0
// shared buffer), the window [first_byte_offset, master_repl_offset],
// repl-backlog-size, pinned blocks, each replica's offset, and a PSYNC's
// requested offset inside or outside the window.
type BacklogView struct {
	app.Compo
	P   *Player
	Ver int
}

// Render draws one row per node that has a backlog.
func (b *BacklogView) Render() app.UI {
	s := b.P.snap
	p := b.P
	var rows []core.NodeState
	lo, hi := int64(-1), int64(0)
	for _, n := range s.Nodes {
		if n.Backlog == nil {
			continue
		}
		rows = append(rows, n)
		start := n.Backlog.FirstByteOffset
		if len(n.Backlog.Blocks) > 0 {
			start = n.Backlog.Blocks[0].Offset
		}
		if lo < 0 || start < lo {
			lo = start
		}
		// The axis ends at the newest byte: a block's unused capacity runs
		// off the right edge rather than squeezing the history to a sliver.
		hi = max(hi, n.MasterReplOffset)
	}
	if len(rows) == 0 {
		return app.Div().Class("rs-card-panel", "rs-backlog").Body(
			app.H2().Text(p.T("backlog.title_empty")),
			app.P().Class("rs-muted").Text(p.T("backlog.none")),
		)
	}
	psyncOff := int64(-1)
	if d := s.Psync; d != nil && d.ReqOffset > 0 {
		psyncOff = d.ReqOffset
	}
	if psyncOff > 0 {
		lo, hi = min(lo, psyncOff), max(hi, psyncOff)
	}
	hi = max(hi, lo+1)
	const W, rowH, left = 720.0, 54.0, 64.0
	x := func(off int64) float64 {
		return left + (W-left-8)*float64(min(max(off, lo), hi+(hi-lo)/20)-lo)/float64(hi-lo+(hi-lo)/20)
	}
	var g []app.UI
	for i, n := range rows {
		y := 18 + float64(i)*rowH
		bl := n.Backlog
		g = append(g, svg("text").Attr("data-c", svgClass("rs-axis-label")).Attr("x", "4").Attr("y", num(y+18)).Text(n.Name))
		for _, blk := range bl.Blocks {
			cls := []string{"rs-block"}
			if len(blk.PinnedBy) > 0 {
				cls = append(cls, "rs-block-pinned")
			}
			x0, x1 := x(blk.Offset), x(blk.Offset+blk.Size-1)
			xu := x(blk.Offset + blk.Used - 1)
			title := p.T("backlog.block", blk.ID, blk.Offset, blk.Offset+blk.Used-1, blk.Used, blk.Size, blk.Refcount)
			if len(blk.PinnedBy) > 0 {
				title += p.T("backlog.pinned_by", strings.Join(blk.PinnedBy, ", "))
			}
			g = append(g, svg("g").Attr("data-c", svgClass(cls...)).DataSet("block", blk.ID).Body(
				svg("title").Text(title),
				svg("rect").Attr("data-c", svgClass("rs-block-cap")).Attr("x", num(x0)).Attr("y", num(y)).Attr("width", num(max(x1-x0, 1))).Attr("height", "24"),
				svg("rect").Attr("data-c", svgClass("rs-block-used")).Attr("x", num(x0)).Attr("y", num(y)).Attr("width", num(max(xu-x0, 1))).Attr("height", "24"),
			))
		}
		// The window and repl-backlog-size.
		wx0, wx1 := x(bl.FirstByteOffset), x(n.MasterReplOffset)
		g = append(g,
			svg("rect").Attr("data-c", svgClass("rs-window")).Attr("x", num(wx0)).Attr("y", num(y-3)).Attr("width", num(max(wx1-wx0, 1))).Attr("height", "30").Body(
				svg("title").Text(p.T("backlog.window", bl.FirstByteOffset, n.MasterReplOffset, bl.HistLen)),
			),
		)
		if bl.HistLen == 0 {
			g = append(g, svg("text").Attr("data-c", svgClass("rs-axis-tick")).Attr("x", num(wx0)).Attr("y", num(y+38)).Text(p.T("backlog.empty_next", bl.FirstByteOffset)))
		} else {
			g = append(g,
				svg("text").Attr("data-c", svgClass("rs-axis-tick")).Attr("x", num(wx0)).Attr("y", num(y+38)).Text(itoa(bl.FirstByteOffset)),
			)
			if wx1-wx0 > 60 {
				g = append(g, svg("text").Attr("data-c", svgClass("rs-axis-tick", "rs-tick-end")).Attr("x", num(wx1)).Attr("y", num(y+38)).Text(itoa(n.MasterReplOffset)))
			} else {
				g[len(g)-1] = svg("text").Attr("data-c", svgClass("rs-axis-tick")).Attr("x", num(wx0)).Attr("y", num(y+38)).Text(itoa(bl.FirstByteOffset) + "–" + itoa(n.MasterReplOffset))
			}
		}
		if sz := n.MasterReplOffset - bl.Size + 1; sz > lo {
			g = append(g, svg("line").Attr("data-c", svgClass("rs-size-mark")).Attr("x1", num(x(sz))).Attr("x2", num(x(sz))).Attr("y1", num(y-6)).Attr("y2", num(y+30)).Body(
				svg("title").Text(p.T("backlog.size_mark", bl.Size, sz)),
			))
		}
		g = append(g, obufMarks(p, n, y, x)...)
		for _, r := range n.Replicas {
			rx := x(r.AckOffset)
			g = append(g, svg("g").Attr("data-c", svgClass("rs-replica-mark")).Body(
				svg("title").Text(p.T("backlog.replica_mark", r.Name, r.AckOffset, r.SentOffset)),
				svg("path").Attr("d", fmt.Sprintf("M %s %s l -5 -8 l 10 0 z", num(rx), num(y))),
				svg("text").Attr("data-c", svgClass("rs-axis-tick")).Attr("x", num(rx+6)).Attr("y", num(y-4)).Text(r.Name),
			))
		}
	}
	if psyncOff > 0 {
		inside := s.Psync.Continue
		cls := "rs-psync-mark-out"
		if inside {
			cls = "rs-psync-mark-in"
		}
		px := x(psyncOff)
		g = append(g, svg("g").Attr("data-c", svgClass("rs-psync-mark", cls)).Body(
			svg("title").Text(p.T("backlog.psync_mark", psyncOff)),
			svg("line").Attr("x1", num(px)).Attr("x2", num(px)).Attr("y1", "4").Attr("y2", num(float64(len(rows))*rowH+10)),
			svg("text").Attr("x", num(px+4)).Attr("y", "12").Text("PSYNC "+itoa(psyncOff)),
		))
	}
	h := float64(len(rows))*rowH + 20
	return app.Div().Class("rs-card-panel", "rs-backlog").Body(
		app.H2().Text(p.T("backlog.title")),
		svg("svg").Attr("data-c", svgClass("rs-svg")).Attr("viewBox", fmt.Sprintf("0 0 %s %s", num(W), num(h))).Attr("role", "img").
			Aria("label", p.T("backlog.svg_label")).Body(g...),
		app.P().Class("rs-legend").Body(
			app.Span().Class("rs-lg rs-lg-block").Text(p.T("backlog.lg_block")),
			app.Span().Class("rs-lg rs-lg-pinned").Text(p.T("backlog.lg_pinned")),
			app.Span().Class("rs-lg rs-lg-window").Text(p.T("backlog.lg_window")),
			app.Span().Class("rs-lg rs-lg-size").Text(p.T("backlog.lg_size")),
			app.Span().Class("rs-lg rs-lg-obuf").Text(p.T("backlog.lg_obuf")),
		),
	)
}

// obufMarks draws each replica's output buffer on its master's row: a bar
// from the block its reference is in to the end of the tail block (what
// omem counts), and the hard limit as a mark where omem would reach it.
func obufMarks(p *Player, n core.NodeState, y float64, x func(int64) float64) []app.UI {
	bl := n.Backlog
	if bl == nil || len(bl.Blocks) == 0 {
		return nil
	}
	tail := bl.Blocks[len(bl.Blocks)-1]
	end := tail.Offset + tail.Size - 1
	var g []app.UI
	for k, r := range n.Replicas {
		if r.Omem == 0 {
			continue
		}
		from := int64(-1)
		for _, blk := range bl.Blocks {
			for _, who := range blk.PinnedBy {
				if who == r.Name && from < 0 {
					from = blk.Offset
				}
			}
		}
		if from < 0 {
			continue
		}
		by := y + 26 + float64(k%2)*3
		x0, x1 := x(from), x(end)
		g = append(g, svg("g").Attr("data-c", svgClass("rs-obuf")).DataSet("obuf", r.Name).DataSet("omem", r.Omem).Body(
			svg("title").Text(p.T("backlog.obuf", r.Name, n.Name, from, r.Omem, r.Oll)),
			svg("rect").Attr("x", num(x0)).Attr("y", num(by)).Attr("width", num(max(x1-x0, 1))).Attr("height", "3"),
		))
		if lim := n.ObufHard; lim > 0 && r.Omem > 0 {
			// omem grows by a block's capacity + 64 per block: the limit
			// falls at this share of the span.
			at := from + int64(float64(end-from+1)*float64(lim)/float64(r.Omem))
			lx := x(at)
			g = append(g, svg("line").Attr("data-c", svgClass("rs-obuf-limit")).DataSet("limit", lim).Attr("x1", num(lx)).Attr("x2", num(lx)).Attr("y1", num(by-4)).Attr("y2", num(by+7)).Body(
				svg("title").Text(p.T("backlog.obuf_limit", r.Name, lim)),
			))
		}
	}
	return g
}
