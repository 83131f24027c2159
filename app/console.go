package app

import (
	"github.com/maxence-charriere/go-app/v9/pkg/app"
)

type consoleEntry struct {
	In, Out string
	Err     bool
}

// Console runs any line of the scenario language (`M SET k v`, `link R
// down`, ...) at the end of the timeline; Redis's error text or the parse
// error appears in place and nothing else changes.
type Console struct {
	app.Compo
	P   *Player
	Ver int

	input string
}

func (c *Console) submit(ctx app.Context) {
	line := c.input
	if line == "" {
		return
	}
	out, err := c.P.Run(ctx, line)
	e := consoleEntry{In: line, Out: out}
	if err != nil {
		e.Out, e.Err = c.P.scenarioErr(err), true
	} else {
		c.input = ""
	}
	c.P.consoleOut = append(c.P.consoleOut, e)
	c.P.consoleN++
	if n := len(c.P.consoleOut); n > 50 {
		c.P.consoleOut = c.P.consoleOut[n-50:]
	}
}

// Render shows the history and the prompt.
func (c *Console) Render() app.UI {
	hist := c.P.consoleOut
	p := c.P
	return app.Div().Class("rs-card-panel", "rs-console").Body(
		app.H2().Text(p.T("console.title")),
		app.Div().Class("rs-console-out").Aria("live", "polite").Body(
			app.Range(hist).Slice(func(i int) app.UI {
				e := hist[i]
				cls := "rs-console-reply"
				if e.Err {
					cls = "rs-console-error"
				}
				return app.Div().Body(
					app.Div().Class("rs-console-in").Text("> "+e.In),
					app.Pre().Class(cls).DataSet("role", "console-output").Text(e.Out),
				)
			}),
		),
		app.Form().Class("rs-console-form").OnSubmit(func(ctx app.Context, e app.Event) {
			e.PreventDefault()
			c.submit(ctx)
		}).Body(
			app.Input().Type("text").Class("rs-console-input").DataSet("role", "console").
				Aria("label", p.T("console.input_label")).Placeholder(p.T("console.placeholder")).
				Value(c.input).AutoComplete(false).Spellcheck(false).
				OnInput(func(ctx app.Context, e app.Event) { c.input = ctx.JSSrc().Get("value").String() }),
			app.Button().Type("submit").Class("rs-btn").Text(p.T("console.run")),
		),
	)
}
