package app

import (
	"fmt"
	"math"
	"strings"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"replscope/core/state"
)

// BacklogView is the offset line: each backlog on one axis of stream
// offsets, to scale. It shows the window [first_byte_offset,
// master_repl_offset] inside the span repl-backlog-size allows (so the
// distance to overflow is visible), the 7.0 blocks with used and capacity,
// blocks pinned by a replica, each replica's acknowledged offset, and a
// PSYNC's requested offset inside or outside the window. "Fit" zooms to
// the blocks and the window; "to scale" shows the whole allowed span.
type BacklogView struct {
	app.Compo
	Nodes      []state.NodeState
	Psync      *state.PsyncDecision
	NodeColors map[string]int
	Narrow     bool // a phone-width page
	Lang       string

	fit    bool    // the domain is the blocks and windows, not the allowed span
	zoom   float64 // 1: the whole domain; 2: half of it ...
	center float64 // the view's centre, as a fraction of the domain

	pinchD0, pinchZ0 float64 // a two-finger pinch: the fingers' first distance and the zoom then
}

// OnMount takes the toolbar's intents (BacklogTools is a child of its
// own, so that a step does not diff its buttons again).
func (b *BacklogView) OnMount(ctx app.Context) {
	ctx.Handle(actZoom, func(ctx app.Context, a app.Action) {
		switch a.Value.(string) {
		case "zoom-in":
			b.zoomBy(2)
		case "zoom-out":
			b.zoomBy(0.5)
		case "pan-left":
			b.pan(-0.25)
		case "pan-right":
			b.pan(0.25)
		case "backlog-fit":
			b.fit, b.zoom, b.center = !b.fit, 1, 0.5
		}
	})
}

// zoomBy zooms the view in (f > 1) or out around its centre.
func (b *BacklogView) zoomBy(f float64) {
	if b.zoom == 0 {
		b.zoom, b.center = 1, 0.5
	}
	b.zoom = min(max(b.zoom*f, 1), 1<<20)
	b.pan(0)
}

// pan moves the view by a fraction of its width, inside the domain.
func (b *BacklogView) pan(f float64) {
	if b.zoom == 0 {
		b.zoom, b.center = 1, 0.5
	}
	half := 0.5 / b.zoom
	b.center = min(max(b.center+f/b.zoom, half), 1-half)
}

// pinch follows two fingers on the offset line: the zoom grows with their
// distance. One finger is left to the page (it scrolls).
func (b *BacklogView) pinch(e app.Event, start bool) {
	touches := e.Get("touches")
	if touches.Get("length").Int() != 2 {
		b.pinchD0 = 0
		return
	}
	t0, t1 := touches.Index(0), touches.Index(1)
	d := math.Hypot(t0.Get("clientX").Float()-t1.Get("clientX").Float(), t0.Get("clientY").Float()-t1.Get("clientY").Float())
	e.PreventDefault()
	if start || b.pinchD0 == 0 {
		if b.zoom == 0 {
			b.zoom, b.center = 1, 0.5
		}
		b.pinchD0, b.pinchZ0 = max(d, 1), b.zoom
		return
	}
	b.zoomBy(b.pinchZ0 * d / b.pinchD0 / b.zoom)
}

const (
	blWide, blNarrow = 560.0, 360.0 // viewBox widths: a phone gets a narrower picture, so its text stays readable
	blLeft, blRight  = 6.0, 6.0
	blRowH           = 92.0
	charW            = 6.4 // a 10.5px monospace character, with room
)

// label places a text so that it stays inside [blLeft, blW-blRight]:
// anchored at x, moved left when it would run off the right edge.
func label(blW, x, y float64, cls, text string) app.UI {
	w := textUnits(text) * charW
	x = max(blLeft, min(x, blW-blRight-w))
	return svg("text").Attr("data-c", svgClass("rs-axis-tick", cls)).Attr("x", num(x)).Attr("y", num(y)).Text(text)
}

// Render draws one row per node that has a backlog.
func (b *BacklogView) Render() app.UI {
	rendered("BacklogView")
	blW, toGo, over := blWide, tr(b.Lang, "ol.to_go"), tr(b.Lang, "ol.over")
	if b.Narrow {
		blW, toGo, over = blNarrow, tr(b.Lang, "ol.to_go_short"), tr(b.Lang, "ol.over_short")
	}
	var rows []state.NodeState
	lo, hi := int64(-1), int64(0)
	for _, n := range b.Nodes {
		bl := n.Backlog
		if bl == nil {
			continue
		}
		rows = append(rows, n)
		start := bl.FirstByteOffset
		if len(bl.Blocks) > 0 {
			start = min(start, bl.Blocks[0].Offset)
		}
		if lo < 0 || start < lo {
			lo = start
		}
		end := n.MasterReplOffset
		for _, blk := range bl.Blocks {
			end = max(end, blk.Offset+blk.Size-1)
		}
		if !b.fit {
			end = max(end, bl.FirstByteOffset+bl.Size-1)
		}
		hi = max(hi, end)
	}
	if len(rows) == 0 {
		return app.Section().Class("rs-card-panel", "rs-backlog").Aria("label", tr(b.Lang, "ol.title")).Body(
			app.H2().Text(tr(b.Lang, "ol.title")),
			app.P().Class("rs-muted").Text(tr(b.Lang, "ol.none")),
		)
	}
	psyncOff := int64(-1)
	if d := b.Psync; d != nil && d.ReqOffset > 0 {
		psyncOff = d.ReqOffset
		lo, hi = min(lo, psyncOff), max(hi, psyncOff)
	}
	hi = max(hi, lo+1)
	if b.zoom > 1 {
		span := float64(hi+1-lo) / b.zoom
		c := float64(lo) + b.center*float64(hi+1-lo)
		lo, hi = int64(c-span/2), int64(c+span/2)
		hi = max(hi, lo+1)
	}
	x := func(off int64) float64 {
		return blLeft + (blW-blLeft-blRight)*float64(min(max(off, lo), hi+1)-lo)/float64(hi+1-lo)
	}
	var g []app.UI
	var sr []app.UI
	for i, n := range rows {
		y := 8 + float64(i)*blRowH
		bl := n.Backlog
		color := nodeClass(b.NodeColors[n.Name])
		barY := y + 34
		head := fmt.Sprintf(tr(b.Lang, "ol.window"), n.Name, bl.FirstByteOffset, n.MasterReplOffset, bl.HistLen)
		if bl.HistLen == 0 {
			head = fmt.Sprintf(tr(b.Lang, "ol.empty"), n.Name, bl.FirstByteOffset)
		}
		g = append(g, label(blW, blLeft, y+10, "rs-row-head "+color, head))
		// The span repl-backlog-size allows from the first byte.
		sx0, sx1 := x(bl.FirstByteOffset), x(bl.FirstByteOffset+bl.Size)
		g = append(g, svg("rect").Attr("data-c", svgClass("rs-size-span")).Attr("x", num(sx0)).Attr("y", num(barY-4)).
			Attr("width", num(max(sx1-sx0, 1))).Attr("height", "32").Body(
			svg("title").Text(tr(b.Lang, "ol.size_from", bl.Size, bl.FirstByteOffset)),
		))
		for _, blk := range bl.Blocks {
			cls := []string{"rs-block"}
			if len(blk.PinnedBy) > 0 {
				cls = append(cls, "rs-block-pinned")
			}
			x0, x1 := x(blk.Offset), x(blk.Offset+blk.Size)
			xu := x(blk.Offset + blk.Used)
			title := fmt.Sprintf(tr(b.Lang, "ol.block"), blk.ID, blk.Offset, blk.Offset+blk.Used-1, blk.Used, blk.Size, blk.Refcount)
			if len(blk.PinnedBy) > 0 {
				title += fmt.Sprintf(tr(b.Lang, "ol.pinned"), strings.Join(blk.PinnedBy, ", "))
			}
			sr = append(sr, app.Li().Text(n.Name+" "+title))
			g = append(g, svg("g").Attr("data-c", svgClass(cls...)).DataSet("block", blk.ID).DataSet("used", blk.Used).DataSet("size", blk.Size).Body(
				svg("title").Text(title),
				svg("rect").Attr("data-c", svgClass("rs-block-cap")).Attr("x", num(x0)).Attr("y", num(barY)).Attr("width", num(max(x1-x0, 1))).Attr("height", "24"),
				svg("rect").Attr("data-c", svgClass("rs-block-used")).Attr("x", num(x0)).Attr("y", num(barY)).Attr("width", num(max(xu-x0, 1))).Attr("height", "24"),
			))
		}
		wx0, wx1 := x(bl.FirstByteOffset), x(n.MasterReplOffset+1)
		g = append(g, svg("rect").Attr("data-c", svgClass("rs-window")).Attr("x", num(wx0)).Attr("y", num(barY-2)).Attr("width", num(max(wx1-wx0, 1))).Attr("height", "28").Body(
			svg("title").Text(head),
		))
		// Distance to overflow.
		togo := bl.Size - bl.HistLen
		foot := fmt.Sprintf(toGo, bl.Size, togo)
		if togo < 0 {
			foot = fmt.Sprintf(over, bl.Size, -togo)
		}
		g = append(g, label(blW, blLeft, barY+44, "rs-row-foot", foot))
		sr = append(sr, app.Li().Text(head+"; "+foot))
		marks, texts := obufMarks(b.Lang, n, barY, x)
		g = append(g, marks...)
		for _, t := range texts {
			sr = append(sr, app.Li().Text(t))
		}
		for _, r := range n.Replicas {
			rx := x(r.AckOffset)
			rc := nodeClass(b.NodeColors[r.Name])
			txt := fmt.Sprintf(tr(b.Lang, "ol.ack"), r.Name, r.AckOffset, r.SentOffset)
			sr = append(sr, app.Li().Text(txt))
			g = append(g, svg("g").Attr("data-c", svgClass("rs-replica-mark", rc)).DataSet("replica", r.Name).Body(
				svg("title").Text(txt),
				svg("path").Attr("d", fmt.Sprintf("M %s %s l -5 -7 l 10 0 z", num(rx), num(barY-3))),
				label(blW, rx+6, barY-6, rc, tr(b.Lang, "ol.ack_short", r.Name, r.AckOffset)),
			))
		}
	}
	h := float64(len(rows))*blRowH + 8
	if psyncOff > 0 {
		inside := b.Psync.Continue
		cls, where := "rs-psync-mark-out", tr(b.Lang, "ol.out")
		if inside {
			cls, where = "rs-psync-mark-in", tr(b.Lang, "ol.in")
		}
		px := x(psyncOff)
		txt := fmt.Sprintf(tr(b.Lang, "ol.psync"), psyncOff) + where
		sr = append(sr, app.Li().Text(txt))
		g = append(g, svg("g").Attr("data-c", svgClass("rs-psync-mark", cls)).DataSet("psync-offset", psyncOff).Body(
			svg("title").Text(txt),
			svg("line").Attr("x1", num(px)).Attr("x2", num(px)).Attr("y1", num(h-10)).Attr("y2", "16"),
			label(blW, px+4, h-2, "", txt),
		))
		h += 6
	}
	return app.Section().Class("rs-card-panel", "rs-backlog").Aria("label", tr(b.Lang, "ol.title")).Body(
		&BacklogTools{Fit: b.fit, Lang: b.Lang},
		svg("svg").Attr("data-c", svgClass("rs-svg", "rs-offset-line")).Attr("viewBox", fmt.Sprintf("0 0 %s %s", num(blW), num(h))).Attr("role", "img").
			Aria("label", tr(b.Lang, "ol.label")).DataSet("lo", lo).DataSet("hi", hi).
			On("wheel", func(ctx app.Context, e app.Event) {
				// The wheel zooms (Shift+wheel pans) without scrolling the page.
				e.PreventDefault()
				d := e.Get("deltaY").Float()
				if e.Get("ctrlKey").Bool() {
					// A trackpad pinch arrives in Chromium as ctrl+wheel,
					// with small deltas: zoom in proportion.
					b.zoomBy(min(max(math.Exp(-d/100), 0.5), 2))
				} else if e.Get("shiftKey").Bool() {
					b.pan(map[bool]float64{true: 0.1, false: -0.1}[d > 0])
				} else if d < 0 {
					b.zoomBy(1.25)
				} else {
					b.zoomBy(0.8)
				}
			}).
			On("touchstart", func(ctx app.Context, e app.Event) { b.pinch(e, true) }).
			On("touchmove", func(ctx app.Context, e app.Event) { b.pinch(e, false) }).
			On("touchend", func(ctx app.Context, e app.Event) { b.pinchD0 = 0 }).
			Body(g...),
		app.Ul().Class("rs-sr").Body(sr...),
		&BacklogLegend{Lang: b.Lang},
	)
}

// obufMarks draws each replica's output buffer (7.0: its reference into
// the shared buffer, from the block it pins to the tail) and the
// client-output-buffer-limit mark where omem would reach it; texts say
// the same for screen readers.
func obufMarks(lang string, n state.NodeState, y float64, x func(int64) float64) (g []app.UI, texts []string) {
	bl := n.Backlog
	if bl == nil || len(bl.Blocks) == 0 {
		return nil, nil
	}
	tail := bl.Blocks[len(bl.Blocks)-1]
	end := tail.Offset + tail.Size - 1
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
		t := tr(lang, "backlog.obuf", r.Name, n.Name, from, r.Omem, r.Oll)
		texts = append(texts, t)
		g = append(g, svg("g").Attr("data-c", svgClass("rs-obuf")).DataSet("obuf", r.Name).DataSet("omem", r.Omem).Body(
			svg("title").Text(t),
			svg("rect").Attr("x", num(x0)).Attr("y", num(by)).Attr("width", num(max(x1-x0, 1))).Attr("height", "3"),
		))
		if lim := n.ObufHard; lim > 0 {
			// omem grows by a block's capacity + 64 per block: the limit
			// falls at this share of the span.
			at := from + int64(float64(end-from+1)*float64(lim)/float64(r.Omem))
			lx := x(at)
			lt := tr(lang, "backlog.obuf_limit", r.Name, lim)
			texts = append(texts, lt)
			g = append(g, svg("line").Attr("data-c", svgClass("rs-obuf-limit")).DataSet("limit", lim).Attr("x1", num(lx)).Attr("x2", num(lx)).Attr("y1", num(by-4)).Attr("y2", num(by+7)).Body(
				svg("title").Text(lt),
			))
		}
	}
	return g, texts
}

// BacklogTools is the offset line's title and zoom buttons; each sends
// its data-action name to the BacklogView.
type BacklogTools struct {
	app.Compo
	Fit  bool // the view is fitted: the button offers "to scale"
	Lang string
}

// Render draws the title and the buttons.
func (t *BacklogTools) Render() app.UI {
	rendered("BacklogTools")
	zoom := tr(t.Lang, "ol.fit")
	if t.Fit {
		zoom = tr(t.Lang, "ol.scale")
	}
	tool := func(action, text, label string) app.UI {
		return app.Button().Class("rs-btn", "rs-btn-small").DataSet("action", action).Title(label).Body(
			app.Span().Aria("hidden", true).Text(text), app.Span().Class("rs-sr").Text(label),
		).OnClick(func(ctx app.Context, e app.Event) {
			ctx.PreventUpdate() // the BacklogView acts and passes Fit back
			send(ctx, actZoom, action)
		}, action)
	}
	return app.Div().Class("rs-panel-head").Body(
		app.H2().Text(tr(t.Lang, "ol.title")),
		app.Div().Class("rs-zoom").Attr("role", "group").Aria("label", tr(t.Lang, "ol.zoom")).Body(
			tool("zoom-in", "+", tr(t.Lang, "ol.zoom_in")),
			tool("zoom-out", "−", tr(t.Lang, "ol.zoom_out")),
			tool("pan-left", "←", tr(t.Lang, "ol.pan_left")),
			tool("pan-right", "→", tr(t.Lang, "ol.pan_right")),
			app.Button().Class("rs-btn", "rs-btn-small").DataSet("action", "backlog-fit").Aria("pressed", t.Fit).Text(zoom).OnClick(func(ctx app.Context, e app.Event) {
				ctx.PreventUpdate()
				send(ctx, actZoom, "backlog-fit")
			}),
		),
	)
}

// BacklogLegend says what the offset line's marks are.
type BacklogLegend struct {
	app.Compo
	Lang string
}

// Render draws the legend.
func (l *BacklogLegend) Render() app.UI {
	rendered("BacklogLegend")
	return app.P().Class("rs-legend").Body(
		app.Span().Class("rs-lg rs-lg-block").Text(tr(l.Lang, "ol.lg_block")),
		app.Span().Class("rs-lg rs-lg-pinned").Text(tr(l.Lang, "ol.lg_pinned")),
		app.Span().Class("rs-lg rs-lg-window").Text(tr(l.Lang, "ol.lg_window")),
		app.Span().Class("rs-lg rs-lg-size").Text(tr(l.Lang, "ol.lg_size")),
	)
}
