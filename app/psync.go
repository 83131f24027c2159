package app

import (
	"strings"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"replscope/core"
)

// PsyncCard shows the latest PSYNC decision of the current line: each
// condition Redis checks, in order, with its values, ticked or crossed,
// and the verdict with its reason.
type PsyncCard struct {
	app.Compo
	D *core.PsyncDecision
}

// Render draws the card, or a hint when the line made no PSYNC.
func (c *PsyncCard) Render() app.UI {
	rendered("PsyncCard")
	d := c.D
	if d == nil {
		return app.Div().Class("rs-card-panel", "rs-psync", "rs-psync-none").Body(
			app.H2().Text("PSYNC"),
			app.P().Class("rs-muted").Text("No PSYNC on this line yet. A replica asks one when it (re)connects: cut and restore a link, restart, or re-point a replica."),
		)
	}
	verdict := "fullresync"
	title := "+FULLRESYNC"
	if d.Continue {
		verdict, title = "continue", "+CONTINUE"
	}
	return app.Div().Class("rs-card-panel", "rs-psync", "rs-psync-"+verdict).DataSet("psync", verdict).Body(
		app.H2().Body(
			app.Text("PSYNC "),
			app.Code().Text(d.Replica+" → "+d.Master),
		),
		app.P().Class("rs-psync-req").Body(
			app.Text(d.Replica+" asked "),
			app.Code().Text("PSYNC "+short(d.ReqID)+" "+itoa(d.ReqOffset)),
		),
		app.Ol().Class("rs-checks").Body(
			app.Range(d.Checks).Slice(func(i int) app.UI {
				ch := d.Checks[i]
				mark, cls := "✗", "rs-check-fail"
				if ch.Holds {
					mark, cls = "✓", "rs-check-ok"
				}
				return app.Li().Class(cls).Body(
					app.Span().Class("rs-check-mark").Aria("hidden", true).Text(mark),
					app.Span().Class("rs-sr").Text(map[bool]string{true: "holds: ", false: "fails: "}[ch.Holds]),
					app.Strong().Text(ch.Name+": "),
					app.Text(ch.Detail),
				)
			}),
		),
		app.P().Class("rs-verdict").Body(
			app.Strong().Class("rs-verdict-"+verdict).Text(title),
			app.Text(" "+strings.TrimPrefix(d.Reply, title)),
		),
		app.P().Class("rs-reason").Text(d.Reason),
	)
}
