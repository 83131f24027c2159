package app

import (
	"github.com/maxence-charriere/go-app/v9/pkg/app"
)

// Views never change the Player: they send it an intent (a go-app
// action), and the Player, the one place that owns the position, acts
// and re-renders. These are the intents.
const (
	actDo      = "rs/do"      // string: step, back, next-line, prev-line, play, pause, reset, start
	actSeek    = "rs/seek"    // int: an event
	actSelect  = "rs/select"  // string: a node (the console's prompt follows it)
	actRun     = "rs/run"     // string: a scenario line (node actions)
	actConsole = "rs/console" // string: what was typed at the console
	actDialog  = "rs/dialog"  // string: "share", "edit" or "" to close
	actReplace = "rs/replace" // string: a whole scenario (editor)
	actAnswer  = "rs/answer"  // answer: an exercise answer
	actSpeed   = "rs/speed"   // int: events per second
	actResize  = "rs/resize"  // nil: the window changed size
	actLang    = "rs/lang"    // string: the page's language (lang.go)
	actVersion = "rs/version" // string: the server version the scenario models (versions.go)
	actCompare = "rs/compare" // string: the version to compare with, "" for none
	actZoom    = "rs/zoom"    // string: an offset-line tool's data-action (the BacklogView's own view state)
)

type answer struct {
	Question int
	Value    string
}

func send(ctx app.Context, name string, v any) { ctx.NewActionWithValue(name, v) }

// renders counts Render calls per view, so a test can prove that a step
// re-renders only the views whose data changed.
var renders = map[string]int{}

func rendered(view string) { renders[view]++ }
