package app

import (
	"fmt"
	"strings"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
)

// OffsetChart plots each node's master_repl_offset and each replica's
// slave_repl_offset over the events so far.
type OffsetChart struct {
	app.Compo
	P   *Player
	Ver int
}

// Render draws the lines, one per node and kind.
func (c *OffsetChart) Render() app.UI {
	s := c.P.snap
	series := c.P.sess.Chart(s.Pos)
	p := c.P
	if len(series) == 0 || s.Pos < 0 {
		return app.Div().Class("rs-card-panel", "rs-chart").Body(
			app.H2().Text(p.T("chart.title")),
			app.P().Class("rs-muted").Text(p.T("chart.none")),
		)
	}
	var maxOff int64 = 1
	for _, se := range series {
		for _, pt := range se.Point {
			maxOff = max(maxOff, pt.Offset)
		}
	}
	const W, H, L, B = 360.0, 160.0, 44.0, 18.0
	x := func(ev int) float64 { return L + (W-L-6)*float64(ev+1)/float64(max(s.Pos+1, 1)) }
	y := func(off int64) float64 { return H - B - (H-B-8)*float64(off)/float64(maxOff) }
	var lines []app.UI
	var legend []app.UI
	for i, se := range series {
		var b strings.Builder
		for k, pt := range se.Point {
			if k == 0 {
				fmt.Fprintf(&b, "M %s %s", num(x(pt.Event)), num(y(pt.Offset)))
			} else {
				fmt.Fprintf(&b, " H %s V %s", num(x(pt.Event)), num(y(pt.Offset)))
			}
		}
		last := se.Point[len(se.Point)-1]
		fmt.Fprintf(&b, " H %s", num(x(s.Pos)))
		cls := fmt.Sprintf("rs-series rs-series-%d", i%8)
		if se.Kind == "slave_repl_offset" {
			cls += " rs-series-replica"
		}
		lines = append(lines, svg("path").Attr("data-c", svgClass(cls)).Attr("d", b.String()).Body(
			svg("title").Text(fmt.Sprintf("%s %s: %d", se.Node, se.Kind, last.Offset)),
		))
		legend = append(legend, app.Span().Class(fmt.Sprintf("rs-lg rs-lg-series-%d", i%8)).Text(fmt.Sprintf("%s %s %d", se.Node, strings.TrimSuffix(se.Kind, "_repl_offset"), last.Offset)))
	}
	return app.Div().Class("rs-card-panel", "rs-chart").Body(
		app.H2().Text(p.T("chart.title")),
		svg("svg").Attr("data-c", svgClass("rs-svg")).Attr("viewBox", fmt.Sprintf("0 0 %s %s", num(W), num(H))).Attr("role", "img").Aria("label", p.T("chart.title")).Body(
			svg("line").Attr("data-c", svgClass("rs-axis")).Attr("x1", num(L)).Attr("y1", num(H-B)).Attr("x2", num(W)).Attr("y2", num(H-B)),
			svg("line").Attr("data-c", svgClass("rs-axis")).Attr("x1", num(L)).Attr("y1", "4").Attr("x2", num(L)).Attr("y2", num(H-B)),
			svg("text").Attr("data-c", svgClass("rs-axis-tick")).Attr("x", "2").Attr("y", "12").Text(itoa(maxOff)),
			svg("text").Attr("data-c", svgClass("rs-axis-tick")).Attr("x", "2").Attr("y", num(H-B)).Text("0"),
			svg("text").Attr("data-c", svgClass("rs-axis-tick")).Attr("x", num(W-60)).Attr("y", num(H-2)).Text(p.T("chart.event", s.Pos+1)),
			svg("g").Body(lines...),
		),
		app.P().Class("rs-legend").Body(legend...),
	)
}
