package app

import (
	"strconv"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
)

// Controls are the step buttons, play/pause, speed and the timeline
// scrubber. data-action names are a public hook for tests and embedders.
type Controls struct {
	app.Compo
	Pos, Total, LineNum int
	Playing             bool
	Speed               int
	Minimal             bool
	Lang                string
}

// ControlButtons are the bar's buttons and speed menu: a child of their
// own with value props, so that a step (which changes only the position)
// leaves them alone instead of diffing every button again.
type ControlButtons struct {
	app.Compo
	Playing bool
	Speed   int
	Minimal bool
	Lang    string
}

// button shows a glyph; its accessible name is the label (the glyph is
// hidden from assistive technology, so name and visible text agree).
func (c *ControlButtons) button(action, key, glyph, keyName string) app.UI {
	label := tr(c.Lang, "controls."+key)
	if keyName == "Space" {
		keyName = tr(c.Lang, "controls.key_space")
	}
	return app.Button().Class("rs-ctl").DataSet("action", action).Title(tr(c.Lang, "controls.key_title", label, keyName)).Body(
		app.Span().Aria("hidden", true).Text(glyph),
		app.Span().Class("rs-sr").Text(label),
	).OnClick(func(ctx app.Context, e app.Event) {
		// The Player acts and passes new props down: the buttons need no
		// render of their own for the click.
		ctx.PreventUpdate()
		send(ctx, actDo, action)
	}, action)
}

// Render draws the buttons; its wrapper is display: contents, so they
// stay items of the bar's flex row.
func (c *ControlButtons) Render() app.UI {
	rendered("ControlButtons")
	play := c.button("play", "play", "▶", "Space")
	if c.Playing {
		play = c.button("pause", "pause", "❚❚", "Space")
	}
	speeds := []int{1, 4, 15, 60}
	return app.Div().Class("rs-ctl-buttons").Body(
		c.button("reset", "reset", "⇤", "Home"),
		c.button("prev-line", "prev_line", "«", "Shift+←"),
		c.button("back", "back", "‹", "←"),
		play,
		c.button("step", "step", "›", "→"),
		c.button("next-line", "next_line", "»", "Shift+→"),
		app.If(!c.Minimal,
			app.Select().Class("rs-speed").Aria("label", tr(c.Lang, "controls.speed_label")).OnChange(func(ctx app.Context, e app.Event) {
				if n, err := strconv.Atoi(ctx.JSSrc().Get("value").String()); err == nil {
					ctx.PreventUpdate()
					send(ctx, actSpeed, n)
				}
			}).Body(
				app.Range(speeds).Slice(func(i int) app.UI {
					v := speeds[i]
					return app.Option().Value(strconv.Itoa(v)).Selected(c.Speed == v).Text(rate(c.Lang, v))
				}),
			),
		),
	)
}

// Render draws the control bar and the position readout.
func (c *Controls) Render() app.UI {
	rendered("Controls")
	line := tr(c.Lang, "controls.start")
	if c.LineNum > 0 {
		line = tr(c.Lang, "controls.line", c.LineNum)
	}
	return app.Div().Class("rs-controls").Attr("role", "toolbar").Aria("label", tr(c.Lang, "controls.toolbar")).Body(
		&ControlButtons{Playing: c.Playing, Speed: c.Speed, Minimal: c.Minimal, Lang: c.Lang},
		app.If(!c.Minimal,
			app.Input().Type("range").Class("rs-scrub").Aria("label", tr(c.Lang, "controls.timeline")).
				Min(-1).Max(max(c.Total-1, 0)).Value(strconv.Itoa(c.Pos)).
				OnInput(func(ctx app.Context, e app.Event) {
					if n, err := strconv.Atoi(ctx.JSSrc().Get("value").String()); err == nil {
						send(ctx, actSeek, n)
					}
				}),
		),
		app.Span().Class("rs-position").DataSet("role", "position").DataSet("event", c.Pos).DataSet("line", c.LineNum).Aria("live", "polite").
			Text(tr(c.Lang, "controls.position", c.Pos+1, c.Total, line)),
	)
}

// rate is a speed option's text ("1 event/s", "4 events/s").
func rate(lang string, n int) string {
	if n == 1 {
		return tr(lang, "controls.rate_one", n)
	}
	return tr(lang, "controls.rate", n)
}
