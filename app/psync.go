package app

import (
	"strings"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"replscope/app/i18n"
	"replscope/app/model"
	"replscope/core/state"
)

// PsyncCard shows the latest PSYNC decision of the current line: each
// condition Redis checks, in order, with its values, ticked or crossed,
// and the verdict with its reason.
type PsyncCard struct {
	app.Compo
	D      *state.PsyncDecision
	Checks []state.Check // D's conditions in the page's language
	Reason string
	Lang   string
}

// psyncCard is the card's props at a snapshot, in the page's language.
func (p *Player) psyncCard(s *model.Snapshot) *PsyncCard {
	c := &PsyncCard{D: s.Psync, Lang: p.lang}
	if s.Psync != nil {
		c.Checks, c.Reason = p.checks(s.Psync), p.reason(s.Psync)
	}
	return c
}

// Render draws the card, or a hint when the line made no PSYNC.
func (c *PsyncCard) Render() app.UI {
	rendered("PsyncCard")
	d := c.D
	if d == nil {
		return app.Div().Class("rs-card-panel", "rs-psync", "rs-psync-none").Body(
			app.H2().Text("PSYNC"),
			app.P().Class("rs-muted").Text(tr(c.Lang, "psync.none")),
		)
	}
	checks, reason := c.Checks, c.Reason
	if checks == nil {
		checks, reason = d.Checks, d.Reason
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
			app.Text(tr(c.Lang, "psync.asked", d.Replica)),
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
					app.Span().Class("rs-sr").Text(map[bool]string{true: tr(c.Lang, "psync.holds"), false: tr(c.Lang, "psync.fails")}[ch.Holds]),
					app.Strong().Text(tr(c.Lang, "psync.check_label", ch.Name)),
					app.Text(ch.Detail),
				)
			}),
		),
		app.P().Class("rs-verdict").Body(
			app.Strong().Class("rs-verdict-"+verdict).Text(title),
			app.Text(" "+strings.TrimPrefix(d.Reply, title)),
			app.If(i18n.Normalize(c.Lang) == i18n.ZH, app.Span().Class("rs-muted").Text("（"+tr(c.Lang, "psync.verdict."+verdict)+"）")),
		),
		app.P().Class("rs-reason").Text(reason),
	)
}
