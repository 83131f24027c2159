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
}

var controlsText = struct {
	Toolbar, Reset, PrevLine, Back, Play, Pause, Step, NextLine, Speed, Timeline, Start, Line, Event, PerSecond string
}{
	Toolbar:   "Playback",
	Reset:     "Reset to the start",
	PrevLine:  "Previous line",
	Back:      "Step back one event",
	Play:      "Play",
	Pause:     "Pause",
	Step:      "Step forward one event",
	NextLine:  "Next line",
	Speed:     "Playback speed",
	Timeline:  "Timeline: event",
	Start:     "start",
	Line:      "line ",
	Event:     "event ",
	PerSecond: " events/s",
}

// button shows a glyph; its accessible name is the label (the glyph is
// hidden from assistive technology, so name and visible text agree).
func (c *Controls) button(action, label, glyph, key string) app.UI {
	return app.Button().Class("rs-ctl").DataSet("action", action).Title(label+" ("+key+")").Body(
		app.Span().Aria("hidden", true).Text(glyph),
		app.Span().Class("rs-sr").Text(label),
	).OnClick(func(ctx app.Context, e app.Event) {
		send(ctx, actDo, action)
	}, action)
}

// Render draws the control bar and the position readout.
func (c *Controls) Render() app.UI {
	rendered("Controls")
	play := c.button("play", controlsText.Play, "▶", "Space")
	if c.Playing {
		play = c.button("pause", controlsText.Pause, "❚❚", "Space")
	}
	line := controlsText.Start
	if c.LineNum > 0 {
		line = controlsText.Line + strconv.Itoa(c.LineNum)
	}
	speeds := []int{1, 4, 15, 60}
	return app.Div().Class("rs-controls").Attr("role", "toolbar").Aria("label", controlsText.Toolbar).Body(
		c.button("reset", controlsText.Reset, "⇤", "Home"),
		c.button("prev-line", controlsText.PrevLine, "«", "Shift+←"),
		c.button("back", controlsText.Back, "‹", "←"),
		play,
		c.button("step", controlsText.Step, "›", "→"),
		c.button("next-line", controlsText.NextLine, "»", "Shift+→"),
		app.If(!c.Minimal,
			app.Select().Class("rs-speed").Aria("label", controlsText.Speed).OnChange(func(ctx app.Context, e app.Event) {
				if n, err := strconv.Atoi(ctx.JSSrc().Get("value").String()); err == nil {
					send(ctx, actSpeed, n)
				}
			}).Body(
				app.Range(speeds).Slice(func(i int) app.UI {
					v := speeds[i]
					return app.Option().Value(strconv.Itoa(v)).Selected(c.Speed == v).Text(strconv.Itoa(v) + controlsText.PerSecond)
				}),
			),
			app.Input().Type("range").Class("rs-scrub").Aria("label", controlsText.Timeline).
				Min(-1).Max(max(c.Total-1, 0)).Value(strconv.Itoa(c.Pos)).
				OnInput(func(ctx app.Context, e app.Event) {
					if n, err := strconv.Atoi(ctx.JSSrc().Get("value").String()); err == nil {
						send(ctx, actSeek, n)
					}
				}),
		),
		app.Span().Class("rs-position").DataSet("role", "position").DataSet("event", c.Pos).DataSet("line", c.LineNum).Aria("live", "polite").
			Text(controlsText.Event+strconv.Itoa(c.Pos+1)+" / "+strconv.Itoa(c.Total)+" · "+line),
	)
}
