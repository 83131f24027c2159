package app

import (
	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"replscope/app/i18n"
	"replscope/app/model"
	"replscope/core/scenario"
)

// Narration says what the current line is, what the current event did
// (with the Redis function that does it), and the lesson's `say` text. A
// test line (`expect ...`) is never narration.
type Narration struct {
	app.Compo
	Line                  string
	LineNum               int
	Say                   []string
	HasEvent, Check       bool
	EvKind, Explain, Func string
	Reply, Err            string
	Lang                  string
	// Result is the lesson's prose written after the line (before the
	// expect lines that check it): it explains this line's outcome, so it
	// shows from the line's key moment on, not only on the check.
	Result []string
	AtKey  bool // the line's key moment: Next line again reaches its settled end
}

// narrationProps are the narration's props at a snapshot, in the page's
// language (the lesson's say.zh-CN, the core's Chinese sentence).
func (p *Player) narrationProps(s *model.Snapshot) *Narration {
	n := &Narration{LineNum: s.LineNum, Reply: s.Reply, Lang: p.lang}
	for _, t := range s.Say {
		n.Say = append(n.Say, p.say(t))
	}
	if s.Err != "" {
		n.Err = i18n.ScenarioError(p.lang, s.Err)
	}
	if !s.Check {
		n.Line = s.Line
	}
	if s.Check {
		// A test line: the lesson's prose only.
		n.Check, n.Reply, n.Err = true, "", ""
		return n
	}
	if s.Pos >= 0 && s.Step >= 0 && p.sess != nil {
		key, _ := p.stops(s.Step)
		steps := p.sess.Steps()
		if s.Pos >= key {
			for j := s.Step + 1; j < len(steps) && steps[j].Line.Kind == scenario.Expect; j++ {
				for _, t := range steps[j].Say {
					n.Result = append(n.Result, p.say(t))
				}
			}
		}
		n.AtKey = p.atKey()
	}
	if s.Event != nil {
		n.HasEvent, n.EvKind, n.Explain, n.Func = true, s.Event.Kind.String(), p.explain(s), s.Event.Func
	}
	return n
}

// Render shows the line, the say text, the event sentence and the reply.
func (n *Narration) Render() app.UI {
	rendered("Narration")
	return app.Div().Class("rs-narration").DataSet("role", "narration").Aria("live", "polite").Body(
		app.If(n.Line != "", app.Div().Class("rs-line").Body(
			app.Span().Class("rs-line-num").Text(n.LineNum),
			app.Code().Text(n.Line),
		)),
		app.Range(n.Say).Slice(func(i int) app.UI {
			return app.P().Class("rs-say").Text(n.Say[i])
		}),
		app.Range(n.Result).Slice(func(i int) app.UI {
			return app.P().Class("rs-say", "rs-say-result").DataSet("role", "result").Text(n.Result[i])
		}),
		app.If(!n.HasEvent && !n.Check, app.P().Class("rs-explain").Text(tr(n.Lang, "narration.before"))),
		app.If(n.HasEvent, app.P().Class("rs-explain").Body(
			app.Span().Class("rs-kind", "rs-kind-"+n.EvKind).Text(n.EvKind),
			app.Text(" "+n.Explain),
			app.If(n.Func != "", app.Code().Class("rs-func").Title(tr(n.Lang, "narration.func_title")).Text(n.Func+"()")),
		)),
		app.If(n.AtKey, app.P().Class("rs-key-note").DataSet("role", "key-moment").Text(tr(n.Lang, "narration.key_moment"))),
		app.If(n.Reply != "" && n.Line != "", app.Pre().Class("rs-reply").Attr("tabindex", "0").Attr("role", "region").Aria("label", tr(n.Lang, "narration.reply")).Text(n.Reply)),
		app.If(n.Err != "" && n.Line != "", app.P().Class("rs-line-error").Attr("role", "alert").Text(n.Err)),
	)
}
