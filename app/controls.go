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

func (c *Controls) button(action, label, glyph, key string) app.UI {
	return app.Button().Class("rs-ctl").DataSet("action", action).Aria("label", label).Title(label+" ("+key+")").Text(glyph).OnClick(func(ctx app.Context, e app.Event) {
		c.P.Do(ctx, action)
	}, action)
}

// Render draws the control bar and the position readout.
func (c *Controls) Render() app.UI {
	p := c.P
	s := p.snap
	play := c.button("play", "Play", "▶", "Space")
	if p.playing {
		play = c.button("pause", "Pause", "❚❚", "Space")
	}
	line := "start"
	if s.LineNum > 0 {
		line = "line " + strconv.Itoa(s.LineNum)
	}
	return app.Div().Class("rs-controls").Attr("role", "toolbar").Aria("label", "Playback").Body(
		c.button("reset", "Reset to the start", "⇤", "Home"),
		c.button("prev-line", "Previous line", "«", "Shift+←"),
		c.button("back", "Step back one event", "‹", "←"),
		play,
		c.button("step", "Step forward one event", "›", "→"),
		c.button("next-line", "Next line", "»", "Shift+→"),
		app.If(!c.Minimal,
			app.Label().Class("rs-speed").Body(
				app.Span().Class("rs-sr").Text("Speed"),
				app.Select().Aria("label", "Playback speed").OnChange(func(ctx app.Context, e app.Event) {
					if n, err := strconv.Atoi(ctx.JSSrc().Get("value").String()); err == nil {
						p.speed = n
					}
				}).Body(
					app.Option().Value("1").Selected(p.speed == 1).Text("1 event/s"),
					app.Option().Value("4").Selected(p.speed == 4).Text("4 events/s"),
					app.Option().Value("15").Selected(p.speed == 15).Text("15 events/s"),
					app.Option().Value("60").Selected(p.speed == 60).Text("60 events/s"),
				),
			),
			app.Input().Type("range").Class("rs-scrub").Aria("label", "Timeline: event").
				Min(-1).Max(max(s.Total-1, 0)).Value(strconv.Itoa(s.Pos)).
				OnInput(func(ctx app.Context, e app.Event) {
					if n, err := strconv.Atoi(ctx.JSSrc().Get("value").String()); err == nil {
						p.seek(ctx, n, true)
					}
				}),
		),
		app.Span().Class("rs-position").DataSet("role", "position").DataSet("event", s.Pos).DataSet("line", s.LineNum).Aria("live", "polite").
			Text("event "+strconv.Itoa(s.Pos+1)+" / "+strconv.Itoa(s.Total)+" · "+line),
	)
}
