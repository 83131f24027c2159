package app

import (
	"fmt"
	"strings"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"replscope/app/model"
)

// OffsetChart plots each node's master_repl_offset and each replica's
// slave_repl_offset over the events so far, in the node's colour; the
// legend names each node by its current role.
type OffsetChart struct {
	app.Compo
	Series     []model.Series
	Pos        int
	Roles      map[string]string // node → its role now
	NodeColors map[string]int
	Lang       string
}

// Render draws the lines, one per node and kind.
func (c *OffsetChart) Render() app.UI {
	rendered("OffsetChart")
	series := c.Series
	if len(series) == 0 || c.Pos < 0 {
		return app.Section().Class("rs-card-panel", "rs-chart").Aria("label", tr(c.Lang, "chart.title")).Body(
			app.H2().Text(tr(c.Lang, "chart.title")),
			app.P().Class("rs-muted").Text(tr(c.Lang, "chart.none")),
		)
	}
	var maxOff int64 = 1
	for _, se := range series {
		for _, pt := range se.Point {
			maxOff = max(maxOff, pt.Offset)
		}
	}
	const W, H, B = 360.0, 160.0, 18.0
	L := float64(len(itoa(maxOff)))*charW + 6
	x := func(ev int) float64 { return L + (W-L-6)*float64(ev+1)/float64(max(c.Pos+1, 1)) }
	y := func(off int64) float64 { return H - B - (H-B-8)*float64(off)/float64(maxOff) }
	var lines []app.UI
	var legend []app.UI
	for _, se := range series {
		var b strings.Builder
		for k, pt := range se.Point {
			if k == 0 {
				fmt.Fprintf(&b, "M %s %s", num(x(pt.Event)), num(y(pt.Offset)))
			} else {
				fmt.Fprintf(&b, " H %s V %s", num(x(pt.Event)), num(y(pt.Offset)))
			}
		}
		last := se.Point[len(se.Point)-1]
		fmt.Fprintf(&b, " H %s", num(x(c.Pos)))
		ci := c.NodeColors[se.Node] % 8
		cls := fmt.Sprintf("rs-series rs-series-%d", ci)
		if se.Kind == "slave_repl_offset" {
			cls += " rs-series-replica"
		}
		role := c.Roles[se.Node]
		text := fmt.Sprintf("%s (%s) %s %d", se.Node, role, se.Kind, last.Offset)
		lines = append(lines, svg("path").Attr("data-c", svgClass(cls)).Attr("d", b.String()).Body(svg("title").Text(text)))
		lg := fmt.Sprintf("rs-lg rs-lg-series-%d", ci)
		if se.Kind == "slave_repl_offset" {
			lg += " rs-lg-dashed"
		}
		legend = append(legend, app.Span().Class(lg).DataSet("series", se.Node).DataSet("series-role", role).Text(text))
	}
	ev := fmt.Sprintf(tr(c.Lang, "chart.event"), c.Pos+1)
	return app.Section().Class("rs-card-panel", "rs-chart").Aria("label", tr(c.Lang, "chart.title")).Body(
		app.H2().Text(tr(c.Lang, "chart.title")),
		svg("svg").Attr("data-c", svgClass("rs-svg")).Attr("viewBox", fmt.Sprintf("0 0 %s %s", num(W), num(H))).Attr("role", "img").Aria("label", tr(c.Lang, "chart.title")).Body(
			svg("line").Attr("data-c", svgClass("rs-axis")).Attr("x1", num(L)).Attr("y1", num(H-B)).Attr("x2", num(W)).Attr("y2", num(H-B)),
			svg("line").Attr("data-c", svgClass("rs-axis")).Attr("x1", num(L)).Attr("y1", "4").Attr("x2", num(L)).Attr("y2", num(H-B)),
			svg("text").Attr("data-c", svgClass("rs-axis-tick")).Attr("x", "2").Attr("y", "12").Text(itoa(maxOff)),
			svg("text").Attr("data-c", svgClass("rs-axis-tick")).Attr("x", "2").Attr("y", num(H-B)).Text("0"),
			svg("text").Attr("data-c", svgClass("rs-axis-tick")).Attr("x", num(W-2-textUnits(ev)*charW)).Attr("y", num(H-3)).Text(ev),
			svg("g").Body(lines...),
		),
		app.P().Class("rs-legend").Body(legend...),
	)
}
