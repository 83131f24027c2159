package app

import (
	"strings"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
)

// PsyncCard shows the latest PSYNC decision of the current line: each
// condition Redis checks, in order, with its values, ticked or crossed,
// and the verdict with its reason.
type PsyncCard struct {
	app.Compo
	P   *Player
	Ver int
}

// Render draws the card, or a hint when the line made no PSYNC.
func (c *PsyncCard) Render() app.UI {
	d := c.P.snap.Psync
	p := c.P
	if d == nil {
		return app.Div().Class("rs-card-panel", "rs-psync", "rs-psync-none").Body(
			app.H2().Text("PSYNC"),
			app.P().Class("rs-muted").Text(p.T("psync.none")),
		)
	}
	checks := p.checks(d)
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
			app.Text(p.T("psync.asked", d.Replica)),
			app.Code().Text("PSYNC "+short(d.ReqID)+" "+itoa(d.ReqOffset)),
		),
		app.Ol().Class("rs-checks").Body(
			app.Range(checks).Slice(func(i int) app.UI {
				ch := checks[i]
				mark, cls := "✗", "rs-check-fail"
				if ch.Holds {
					mark, cls = "✓", "rs-check-ok"
				}
				return app.Li().Class(cls).Body(
					app.Span().Class("rs-check-mark").Aria("hidden", true).Text(mark),
					app.Span().Class("rs-sr").Text(map[bool]string{true: p.T("psync.holds"), false: p.T("psync.fails")}[ch.Holds]),
					app.Strong().Text(p.T("psync.check_label", ch.Name)),
					app.Text(ch.Detail),
				)
			}),
		),
		app.P().Class("rs-verdict").Body(
			app.Strong().Class("rs-verdict-"+verdict).Text(title),
			app.Text(" "+strings.TrimPrefix(d.Reply, title)),
			app.If(p.zh(), app.Span().Class("rs-muted").Text("（"+p.T("psync.verdict."+verdict)+"）")),
		),
		app.P().Class("rs-reason").Text(p.reason(d)),
	)
}
