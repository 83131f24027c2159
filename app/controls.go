package app

import (
	"strconv"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
)

// Controls are the step buttons, play/pause, speed and the timeline
// scrubber. data-action names are a public hook for tests and embedders.
type Controls struct {
	app.Compo
	P       *Player
	Ver     int
	Minimal bool
}

func (c *Controls) button(action, key, glyph, keyName string) app.UI {
	label := c.P.T("controls." + key)
	if keyName == "Space" {
		keyName = c.P.T("controls.key_space")
	}
	return app.Button().Class("rs-ctl").DataSet("action", action).Aria("label", label).Title(c.P.T("controls.key_title", label, keyName)).Text(glyph).OnClick(func(ctx app.Context, e app.Event) {
		c.P.Do(ctx, action)
	}, action)
}

// Render draws the control bar and the position readout.
func (c *Controls) Render() app.UI {
	p := c.P
	s := p.snap
	play := c.button("play", "play", "▶", "Space")
	if p.playing {
		play = c.button("pause", "pause", "❚❚", "Space")
	}
	line := p.T("controls.start")
	if s.LineNum > 0 {
		line = p.T("controls.line", s.LineNum)
	}
	return app.Div().Class("rs-controls").Attr("role", "toolbar").Aria("label", p.T("controls.toolbar")).Body(
		c.button("reset", "reset", "⇤", "Home"),
		c.button("prev-line", "prev_line", "«", "Shift+←"),
		c.button("back", "back", "‹", "←"),
		play,
		c.button("step", "step", "›", "→"),
		c.button("next-line", "next_line", "»", "Shift+→"),
		app.If(!c.Minimal,
			app.Label().Class("rs-speed").Body(
				app.Span().Class("rs-sr").Text(p.T("controls.speed")),
				app.Select().Aria("label", p.T("controls.speed_label")).OnChange(func(ctx app.Context, e app.Event) {
					if n, err := strconv.Atoi(ctx.JSSrc().Get("value").String()); err == nil {
						p.speed = n
					}
				}).Body(
					app.Option().Value("1").Selected(p.speed == 1).Text(p.T("controls.rate_one", 1)),
					app.Option().Value("4").Selected(p.speed == 4).Text(p.T("controls.rate", 4)),
					app.Option().Value("15").Selected(p.speed == 15).Text(p.T("controls.rate", 15)),
					app.Option().Value("60").Selected(p.speed == 60).Text(p.T("controls.rate", 60)),
				),
			),
			app.Input().Type("range").Class("rs-scrub").Aria("label", p.T("controls.timeline")).
				Min(-1).Max(max(s.Total-1, 0)).Value(strconv.Itoa(s.Pos)).
				OnInput(func(ctx app.Context, e app.Event) {
					if n, err := strconv.Atoi(ctx.JSSrc().Get("value").String()); err == nil {
						p.seek(ctx, n, true)
					}
				}),
		),
		app.Span().Class("rs-position").DataSet("role", "position").DataSet("event", s.Pos).DataSet("line", s.LineNum).Aria("live", "polite").
			Text(p.T("controls.position", s.Pos+1, s.Total, line)),
	)
}
