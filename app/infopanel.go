package app

import (
	"strings"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
)

// InfoPanel shows the selected node's INFO replication as redis-cli
// prints it, every value hooked by its field name.
type InfoPanel struct {
	app.Compo
	Node  string
	Nodes []string
	Text  string
	Lang  string
}

// Render lists the INFO lines.
func (i *InfoPanel) Render() app.UI {
	rendered("InfoPanel")
	lines := strings.Split(strings.TrimRight(i.Text, "\n"), "\n")
	return app.Div().Class("rs-card-panel", "rs-info").DataSet("info", i.Node).Body(
		app.H2().Body(
			app.Text("INFO replication "),
			app.Select().Aria("label", tr(i.Lang, "info.node")).OnChange(func(ctx app.Context, e app.Event) {
				send(ctx, actSelect, ctx.JSSrc().Get("value").String())
			}).Body(app.Range(i.Nodes).Slice(func(k int) app.UI {
				n := i.Nodes[k]
				return app.Option().Value(n).Selected(n == i.Node).Text(n)
			})),
		),
		app.Pre().Class("rs-info-text").Attr("tabindex", "0").Attr("role", "region").Aria("label", tr(i.Lang, "info.of", i.Node)).Body(app.Range(lines).Slice(func(k int) app.UI {
			// A line of its own: a step changes a few values, and only
			// their lines render again.
			return &InfoLine{Text: lines[k]}
		})),
	)
}

// InfoLine is one INFO line: a section head, or a key and its value
// hooked by data-field.
type InfoLine struct {
	app.Compo
	Text string
}

// Render draws the line.
func (i *InfoLine) Render() app.UI {
	l := i.Text
	c := strings.IndexByte(l, ':')
	if c < 0 || strings.HasPrefix(l, "#") {
		return app.Span().Class("rs-info-head").Text(l + "\n")
	}
	return app.Span().Body(
		app.Span().Class("rs-info-key").Text(l[:c+1]),
		app.Span().Class("rs-info-val").DataSet("field", l[:c]).Text(l[c+1:]),
		app.Text("\n"),
	)
}
